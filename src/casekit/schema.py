"""The casefile format, declared once: the loader checks each YAML mapping against these records,
and ``casekit schema`` prints the same declarations as JSON Schema for editors.

A record the loader turns into a model record (a source, an actor, a quote, the case, ...) is
declared on that model record in ``model.py``: each field made with ``model.yaml_field`` is a
casefile field, and ``record_fields`` derives its ``Field`` here (the kind of value from the
field's type). The few records that have no model record of their own (an annotation file, an
evidence span, an exercise, ...) are declared below as mappings of field names to ``Field``s.

No schema library is imported: a notebook imports casekit on every Run All. Measured on the
project's machine (busy, 2 cores): importing casekit takes 80-130 ms, of which this module's own
code about 5 ms; importing pydantic 2 and defining fourteen models of this size took 170-350 ms,
msgspec 40-100 ms. Cross-references (a speaker that must be a person or an actor, a quote that
must be verbatim in its source) are checked by the loader, which knows the whole case.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Optional, Union

from .model import MONTH_OR_DATE_PATTERN as MONTH_OR_DATE_PATTERN  # a name of this module's too
from .model import (
    BCP47_PATTERN,
    CONFIDENCE_GRADES,
    SLUG_PATTERN,
    YAML,
    Actor,
    BackgroundSentence,
    Case,
    Event,
    Frame,
    GlossaryTerm,
    Group,
    Norm,
    Note,
    Outlet,
    Period,
    Person,
    Quote,
    Relation,
    ReportingChain,
    Source,
    Stance,
    Term,
)

# kinds of value, worded as the loader's messages say "expected ..."
STR, OPT_STR, BOOL, INT, LIST = "text", "text or null", "true or false", "a whole number", "a list"
TEXT_LIST = "a list of text"
MAP = "a mapping"
BCP47 = re.compile(BCP47_PATTERN)


@dataclass(frozen=True)
class Field:
    """One field of a record: its kind, whether it is required, and what it means."""

    kind: str
    required: bool = False
    doc: str = ""
    choices: tuple = ()  # allowed values (checked by the loader, listed in the JSON Schema)
    items: str = ""  # for a list: the record its items are (a name in RECORDS), or "evidence"
    pattern: str = ""  # for text: the form it must have (JSON Schema only; the loader words the check)


def F(kind: str, required: bool = False, doc: str = "", **kw: Any) -> Field:
    return Field(kind, required, doc, **kw)


# --- records declared on the model --------------------------------------------------------

# the kind of value a model field's type asks for (the types as written in model.py)
_KINDS = {"str": STR, "Optional[str]": OPT_STR, "str | None": OPT_STR, "bool": BOOL, "int": INT,
          "Optional[int]": INT, "int | None": INT, "tuple[str, ...]": TEXT_LIST, "dict": MAP, "list": LIST}


def kind_of(field: dataclasses.Field) -> str:
    """The kind of value a casefile gives for a model field: from its yaml_type, else its type."""
    hint = field.metadata[YAML]["yaml_type"] or field.type
    if not isinstance(hint, str):  # a type, not its text (a record made at run time)
        hint = hint.__name__ if hint in (str, bool, int, dict, list) else repr(hint).replace("typing.", "")
    if hint in _KINDS:
        return _KINDS[hint]
    if hint.startswith("tuple[") and hint.endswith(", ...]"):
        return LIST
    raise TypeError(f"{field.name}: no casefile kind of value for the type {hint!r} (see schema._KINDS)")


def record_fields(cls: type) -> dict[str, Field]:
    """The casefile fields of a model record, in the order it declares them: one ``Field`` for
    each field made with ``model.yaml_field``."""
    out = {}
    for f in dataclasses.fields(cls):
        meta = f.metadata.get(YAML)
        if meta is not None:
            out[f.name] = Field(kind_of(f), meta["required"], meta["doc"], choices=meta["choices"],
                                items=meta["items"], pattern=meta["pattern"])
    return out


# --- records with no model record of their own -------------------------------------------

ANNOTATION = {  # its fields go to the source it annotates, and its quotes
    "source": F(STR, True, "The id of the annotated source."),
    "analysis_from": F(STR, False, "Words of the source from which on it is the outlet's own analysis."),
    "confidence": F(STR, False, "How far the casefile trusts the source.", choices=CONFIDENCE_GRADES),
    "doubt": F(STR, False, "What students must know about the source's reliability (required with C)."),
    "lang": F(STR, False, "BCP 47 code of the source's language, when not English (ar, fa, fr, ...).",
              pattern=BCP47_PATTERN),
    "fragments": F(BOOL, False, "true when each paragraph of the source is a passage its publisher quoted, "
                                "stored without the quotation marks around it (its quotes' presentation is direct)."),
    "quotes": F(LIST, True, "The annotated quotations.", items="quote"),
}
SPAN = {  # evidence: a verbatim span of a source (model.Evidence)
    "source": F(STR, True, "The id of the source."),
    "text": F(STR, True, "A span, verbatim in the source."),
    "occurrence": F(INT, False, "Which occurrence of the span is meant."),
}
EVENT_EVIDENCE = {"event": F(STR, True, "The id of an event.")}  # evidence: an event (model.Evidence)
QUESTION = {  # kept as a plain mapping in Case.open_questions
    "id": F(STR, True, "A slug naming the question.", pattern=SLUG_PATTERN),
    "skill": F(STR, True, "The skill it practises."),
    "prompt": F(STR, True, "The question."),
}
EXERCISE = {  # kept as a plain mapping in Case.exercises
    "sources": F(TEXT_LIST, False, "The sources the exercise reads (source ids); default: all."),
    "marked": F(INT, False, "At most this many marked questions are offered (default 30); the rest is practice."),
    "offered": F(TEXT_LIST, False, "Exactly these marked questions are offered (question ids)."),
    "sessions": F(MAP, False, "Named selections (a name: a list of question ids), picked with session=NAME."),
    "no_relation_pairs": F(LIST, False, "Pairs of actor ids asked with no stated relation ([] for none)."),
    "earlier_keys": F(TEXT_LIST, False, "Checksums of earlier answer keys whose records are re-marked, not refused."),
    "languages": F(TEXT_LIST, False, "Languages (BCP 47 codes) the class reads: the default questions show text in "
                                     "these alone (default: [en]); other questions stay optional practice."),
}

# every record by name: a model record (its fields derived) or a mapping declared above
RECORDS: dict[str, Union[type, dict[str, Field]]] = {
    "case": Case, "annotation": ANNOTATION, "source": Source, "actor": Actor, "person": Person,
    "quote": Quote, "span": SPAN, "event_evidence": EVENT_EVIDENCE, "stance": Stance, "relation": Relation,
    "event": Event, "term": Term, "note": Note, "open_question": QUESTION, "reporting_chain": ReportingChain,
    "frame": Frame, "exercise": EXERCISE, "group": Group, "norm": Norm, "period": Period,
    "outlet": Outlet, "glossary_term": GlossaryTerm, "background_sentence": BackgroundSentence,
}
_FIELDS: dict[Any, dict[str, Field]] = {}


def fields_of(record: Union[str, type, dict]) -> dict[str, Field]:
    """The declared fields of a record: given by its name in RECORDS, its model class, or as a mapping."""
    if isinstance(record, str):
        record = RECORDS[record]
    if isinstance(record, dict):
        return record
    if record not in _FIELDS:
        _FIELDS[record] = record_fields(record)
    return _FIELDS[record]


# the model records' declarations as mappings, by their names of old
CASE, SOURCE, ACTOR, GROUP, PERSON, QUOTE = (fields_of(c) for c in (Case, Source, Actor, Group, Person, Quote))
STANCE, RELATION, EVENT, TERM, NOTE, FRAME = (fields_of(c) for c in (Stance, Relation, Event, Term, Note, Frame))
CHAIN = fields_of(ReportingChain)
NORM, PERIOD = fields_of(Norm), fields_of(Period)
# the three kinds of file a casefile holds, and the record each file is
FILES = {"case": "case", "annotation": "annotation", "source": "source",
         # files beside case.yaml that hold a list of records
         "outlets": "outlet", "glossary": "glossary_term", "background": "background_sentence"}
LIST_FILES = ("outlets", "glossary", "background")


# --- checking values ------------------------------------------------------------------------


def is_kind(value: Any, kind: str) -> bool:
    """Whether a YAML value has the kind a field needs."""
    if kind == STR:
        return isinstance(value, str) and value.strip() != ""
    if kind == OPT_STR:
        return value is None or isinstance(value, str)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == LIST:
        return isinstance(value, list)
    if kind == TEXT_LIST:
        return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    if kind == MAP:
        return isinstance(value, dict)
    return True


def describe(value: Any) -> str:
    """A value as the loader's messages name it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return "empty text" if not value.strip() else f"text {value[:40]!r}"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        bad = next((v for v in value if not (isinstance(v, str) and v.strip())), "")
        return f"a list holding {describe(bad)}" if bad != "" else "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# --- JSON Schema ----------------------------------------------------------------------------


def _field_schema(field: Field) -> dict:
    out: dict[str, Any]
    if field.kind == STR:
        out = {"type": "string", "pattern": field.pattern or r"\S"}
    elif field.kind == OPT_STR:
        out = {"type": ["string", "null"]}
        if field.pattern:
            out["pattern"] = field.pattern
    elif field.kind == BOOL:
        out = {"type": "boolean"}
    elif field.kind == INT:
        out = {"type": "integer"}
    elif field.kind == TEXT_LIST:
        out = {"type": "array", "items": {"type": "string", "pattern": r"\S"}}
    elif field.kind == MAP:
        out = {"type": "object"}
        if field.items:
            out["additionalProperties"] = {"$ref": f"#/$defs/{field.items}"}
    elif field.items == "evidence":
        out = {"type": "array", "minItems": 1, "items": {"anyOf": [
            {"type": "string", "description": "The id of an annotated quote."},
            {"$ref": "#/$defs/span"}, {"$ref": "#/$defs/event_evidence"}]}}
    elif field.items:
        out = {"type": "array", "items": {"$ref": f"#/$defs/{field.items}"}}
    else:
        out = {"type": "array"}
    if field.choices:
        out = {"enum": list(field.choices)}
    if field.doc:
        out["description"] = field.doc
    return out


def _record_schema(name: str) -> dict:
    record = fields_of(name)
    return {
        "type": "object",
        "properties": {key: _field_schema(f) for key, f in record.items()},
        "required": [key for key, f in record.items() if f.required],
        "additionalProperties": False,
    }


def _used(name: str, seen: Optional[set] = None) -> set:
    seen = set() if seen is None else seen
    if name in seen:
        return seen
    seen.add(name)
    for f in fields_of(name).values():
        if f.items == "evidence":
            _used("span", seen)
            _used("event_evidence", seen)
        elif f.items:
            _used(f.items, seen)
    return seen


def json_schema(which: str = "case") -> dict:
    """The JSON Schema (draft 2020-12) of one kind of casefile file: case, annotation or source, or one
    of the lists beside case.yaml (outlets, glossary, background)."""
    if which not in FILES:
        raise ValueError(f"no schema named {which!r}; choose one of: {', '.join(FILES)}")
    root = FILES[which]
    titles = {"case": "casekit casefile: case.yaml",
              "annotation": "casekit casefile: annotations/<source-id>.yaml",
              "source": "casekit casefile: the front matter of sources/<id>.md"}
    titles.update({name: f"casekit casefile: {name}.yaml (a list)" for name in LIST_FILES})
    body = {"type": "array", "items": _record_schema(root)} if which in LIST_FILES else _record_schema(root)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": titles[which], **body}
    defs = {name: _record_schema(name) for name in sorted(_used(root) - {root})}
    if defs:
        schema["$defs"] = defs
    return schema
