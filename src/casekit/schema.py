"""The casefile format, declared once: the loader checks each YAML mapping against these records,
and ``casekit schema`` prints the same declarations as JSON Schema for editors.

No schema library is imported: a notebook imports casekit on every Run All. Measured on the
project's machine (busy, 2 cores): importing casekit takes 80-130 ms, of which this module's own
code about 5 ms; importing pydantic 2 and defining fourteen models of this size took 170-350 ms,
msgspec 40-100 ms. Each record is a mapping of field names to ``Field``s; cross-references (a speaker that
must be a person or an actor, a quote that must be verbatim in its source) are checked by the
loader, which knows the whole case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from .model import CONFIDENCE_GRADES, EVENT_STATUSES, POSITIONS, QUOTE_KINDS, RELATION_SIGNS

# kinds of value, worded as the loader's messages say "expected ..."
STR, OPT_STR, BOOL, INT, LIST = "text", "text or null", "true or false", "a whole number", "a list"
TEXT_LIST = "a list of text"
MAP = "a mapping"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MONTH_OR_DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
# BCP 47 language tag: a primary language subtag, then optional script, region and variant subtags
BCP47_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$"
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


SOURCE = {
    "id": F(STR, True, "The source's id: the file name without .md.", pattern=SLUG_PATTERN),
    "title": F(STR, True, "The title as published."),
    "outlet": F(STR, True, "Who published it."),
    "url": F(STR, True, "Where it was published."),
    "kind": F(STR, True, "What kind of text it is (news report, statement, transcript, ...)."),
    "published": F(STR, True, "Publication date: YYYY-MM-DD, YYYY-MM, or unknown (with notes saying why).",
                   pattern=r"^(\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|unknown)$"),
    "rights": F(STR, True, "On what terms the text is reproduced."),
    "author": F(STR, False, "The author, when the source names one."),
    "notes": F(STR, False, "Provenance notes."),
    "language": F(STR, False, "The language of the text, in words."),
    "translation_of": F(STR, False, "For a published rendering: the id of the original source (with translated_by)."),
    "translated_by": F(STR, False, "For a published rendering: who published this rendering (with translation_of)."),
}

CHAIN = {
    "id": F(STR, True, "A slug naming the chain.", pattern=SLUG_PATTERN),
    "title": F(STR, True, "What the chain shows."),
    "steps": F(TEXT_LIST, True, "The steps, from the speaker to the reader."),
}
ACTOR = {
    "id": F(STR, True, "A slug naming the actor.", pattern=SLUG_PATTERN),
    "name": F(STR, True, "The actor's name as students see it."),
    "kind": F(STR, True, "state, government, institution, outlet, ..."),
    "description": F(STR, False, "One line on what the actor is."),
    "source": F(STR, False, "Where the description comes from: a source id or a fact-sheet citation."),
    "members": F(TEXT_LIST, False, "For a joint actor (e.g. a joint statement of several governments): "
                 "the ids of the actors it speaks for together."),
}
GROUP = {
    "id": F(STR, True, "A slug naming the group.", pattern=SLUG_PATTERN),
    "title": F(STR, True, "The group's title, as a lesson shows it."),
    "actors": F(TEXT_LIST, True, "The ids of its actors, in the order a lesson shows them; an actor is in one group at most."),
    "note": F(STR, False, "A note shown to students with the group."),
}
PERSON = {
    "id": F(STR, True, "A slug naming the person.", pattern=SLUG_PATTERN),
    "name": F(STR, True, "The name; for an unnamed speaker, words that say so."),
    "title": F(STR, True, "The title held at the time."),
    "actor": F(STR, True, "The actor the person speaks for."),
    "title_source": F(STR, True, "Where the title comes from (a source id, or the fact sheet)."),
    "note": F(STR, False, "A note on the person."),
    "unnamed": F(BOOL, False, "true for a speaker the sources do not name."),
}
QUOTE = {
    "id": F(STR, True, "A stable slug: answer records refer to it.", pattern=SLUG_PATTERN),
    "text": F(STR, True, "The words, verbatim in the source's text (or in its title, with headline: true)."),
    "speaker": F(STR, True, "A person or an actor of case.yaml."),
    "kind": F(STR, True, "How the source gives the words.", choices=tuple(QUOTE_KINDS)),
    "cue": F(OPT_STR, True, "The attributing words, in the quote's paragraph; null when there are none."),
    "date": F(OPT_STR, True, "When the words were said: YYYY-MM-DD, YYYY-MM, or null with date_note.",
              pattern=MONTH_OR_DATE_PATTERN),
    "date_note": F(STR, False, "Why there is no date."),
    "venue": F(STR, False, "Where the words were said."),
    "audience": F(STR, False, "To whom."),
    "issued_by": F(STR, False, "The person who issued an institution's statement."),
    "note": F(STR, False, "A note for students."),
    "occurrence": F(INT, False, "Which occurrence of the text is meant, when it occurs more than once."),
    "mentions": F(TEXT_LIST, False, "People and actors the quote names (not its speaker)."),
    "renders": F(STR, False, "In a published rendering: the id of the quote of the original it renders."),
    "disputed": F(STR, False, "Why the attribution itself is disputed, and where that is said."),
    "headline": F(BOOL, False, "true when the text is in the source's title, not its body."),
}
ANNOTATION = {
    "source": F(STR, True, "The id of the annotated source."),
    "analysis_from": F(STR, False, "Words of the source from which on it is the outlet's own analysis."),
    "confidence": F(STR, False, "How far the casefile trusts the source.", choices=CONFIDENCE_GRADES),
    "doubt": F(STR, False, "What students must know about the source's reliability (required with C)."),
    "lang": F(STR, False, "BCP 47 code of the source's language, when not English (ar, fa, fr, ...).",
              pattern=BCP47_PATTERN),
    "quotes": F(LIST, True, "The annotated quotations.", items="quote"),
}
SPAN = {
    "source": F(STR, True, "The id of the source."),
    "text": F(STR, True, "A span, verbatim in the source."),
    "occurrence": F(INT, False, "Which occurrence of the span is meant."),
}
EVENT_EVIDENCE = {"event": F(STR, True, "The id of an event.")}
STANCE = {
    "id": F(STR, True, "A slug naming the stance.", pattern=SLUG_PATTERN),
    "actor": F(STR, True, "The actor whose position it is."),
    "position": F(STR, True, "The position.", choices=POSITIONS),
    "date": F(STR, True, "YYYY-MM-DD, or YYYY-MM.", pattern=MONTH_OR_DATE_PATTERN),
    "summary": F(STR, True, "One sentence, with loaded words attributed."),
    "evidence": F(LIST, True, "Quote ids, verbatim spans ({source, text}) or events ({event}).", items="evidence"),
    "note": F(STR, False, "A note shown to students beside the stance."),
}
RELATION = {
    "id": F(STR, True, "A slug naming the relation.", pattern=SLUG_PATTERN),
    "actor": F(STR, True, "The actor that acts."),
    "other": F(STR, True, "The actor it acts toward."),
    "type": F(STR, True, "The kind of relation.", choices=tuple(RELATION_SIGNS)),
    "date": F(STR, True, "YYYY-MM-DD, or YYYY-MM.", pattern=MONTH_OR_DATE_PATTERN),
    "summary": F(STR, True, "One sentence, with loaded words attributed."),
    "evidence": F(LIST, True, "Quote ids, verbatim spans ({source, text}) or events ({event}).", items="evidence"),
    "intent": F(BOOL, False, "true when it is only one side's stated intention."),
    "note": F(STR, False, "A note shown to students beside the relation."),
}
EVENT = {
    "id": F(STR, True, "A slug naming the event.", pattern=SLUG_PATTERN),
    "date": F(STR, True, "YYYY-MM-DD, or YYYY-MM.", pattern=MONTH_OR_DATE_PATTERN),
    "title": F(STR, True, "What happened."),
    "status": F(STR, True, "How well the fact is established.", choices=EVENT_STATUSES),
    "source": F(STR, False, "A source id (or give citation)."),
    "citation": F(STR, False, "The fact sheet row's citation (or give source)."),
    "actors": F(TEXT_LIST, False, "Actor ids; the first gives the timeline row."),
    "people": F(TEXT_LIST, False, "Person ids."),
    "note": F(STR, False, "A note shown to students."),
}
TERM = {
    "id": F(STR, True, "A slug naming the term.", pattern=SLUG_PATTERN),
    "text": F(STR, True, "The loaded words, as they occur in the quote."),
    "quote": F(STR, True, "The id of the quote they occur in."),
    "gloss": F(STR, True, "What they refer to."),
    "adopted_by_outlet": F(BOOL, False, "true when the outlet uses the words in its own voice."),
    "note": F(STR, False, "A note."),
}
NOTE = {
    "id": F(STR, True, "A slug naming the note.", pattern=SLUG_PATTERN),
    "source": F(STR, True, "The source the note is about."),
    "topic": F(STR, True, "A few words."),
    "text": F(STR, True, "What a careful reader should notice."),
    "span": F(STR, False, "A verbatim span of the source the note points at."),
    "occurrence": F(INT, False, "Which occurrence of the span is meant."),
}
QUESTION = {
    "id": F(STR, True, "A slug naming the question.", pattern=SLUG_PATTERN),
    "skill": F(STR, True, "The skill it practises."),
    "prompt": F(STR, True, "The question."),
}
FRAME = {
    "id": F(STR, True, "A slug naming the frame.", pattern=SLUG_PATTERN),
    "title": F(STR, True, "The frame's title, as a lesson shows it."),
    "words": F(TEXT_LIST, True, "Words that mark the frame, matched as whole words with the case as written."),
}
EXERCISE = {
    "sources": F(TEXT_LIST, False, "The sources the exercise reads (source ids); default: all."),
    "marked": F(INT, False, "At most this many marked questions are offered (default 30); the rest is practice."),
    "offered": F(TEXT_LIST, False, "Exactly these marked questions are offered (question ids)."),
    "sessions": F(MAP, False, "Named selections (a name: a list of question ids), picked with session=NAME."),
    "no_relation_pairs": F(LIST, False, "Pairs of actor ids asked with no stated relation ([] for none)."),
    "earlier_keys": F(TEXT_LIST, False, "Checksums of earlier answer keys whose records are re-marked, not refused."),
}
CASE = {
    "id": F(STR, True, "The case id: a slug (lower-case letters, digits and -).", pattern=SLUG_PATTERN),
    "title": F(STR, True, "The case's title."),
    "summary": F(STR, True, "What happened, in a paragraph."),
    "core_source": F(STR, False, "The source the reading view shows first."),
    "titles_as_of": F(STR, False, "When the people held the titles given."),
    "reporting_chain": F(TEXT_LIST, False, "One reporting chain, as a list of steps."),
    "reporting_chains": F(LIST, False, "Several reporting chains.", items="reporting_chain"),
    "actors": F(LIST, True, "The actors.", items="actor"),
    "people": F(LIST, True, "The people.", items="person"),
    "stances": F(LIST, False, "Actors' positions.", items="stance"),
    "relations": F(LIST, False, "Relations between actors.", items="relation"),
    "events": F(LIST, False, "Dated events.", items="event"),
    "terms": F(LIST, False, "Loaded words.", items="term"),
    "notes": F(LIST, False, "Teaching notes on sources.", items="note"),
    "open_questions": F(LIST, False, "Open questions for discussion.", items="open_question"),
    "event_name": F(STR, False, "What questions and captions call the case's event."),
    "fact_sheet": F(STR, False, "The file of checked facts that citations name (its file name)."),
    "exercises": F(MAP, False, "Per exercise (by name): what it reads and asks.", items="exercise"),
    "frames": F(LIST, False, "Frames a lesson lists, each with its words.", items="frame"),
    "groups": F(LIST, False, "Groups of actors, in the order a lesson shows them.", items="group"),
    "layout": F(MAP, False, "Where each actor in a relation sits on the network figure (actor id: [x, y], "
                            "each from -1 to 1), as `casekit layout` writes it; without it, a seeded networkx "
                            "spring layout is computed."),
}

RECORDS: dict[str, dict[str, Field]] = {
    "case": CASE, "annotation": ANNOTATION, "source": SOURCE, "actor": ACTOR, "person": PERSON,
    "quote": QUOTE, "span": SPAN, "event_evidence": EVENT_EVIDENCE, "stance": STANCE, "relation": RELATION,
    "event": EVENT, "term": TERM, "note": NOTE, "open_question": QUESTION, "reporting_chain": CHAIN,
    "frame": FRAME, "exercise": EXERCISE, "group": GROUP,
}
# the three kinds of file a casefile holds, and the record each file is
FILES = {"case": "case", "annotation": "annotation", "source": "source"}


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
    record = RECORDS[name]
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
    for f in RECORDS[name].values():
        if f.items == "evidence":
            _used("span", seen)
            _used("event_evidence", seen)
        elif f.items:
            _used(f.items, seen)
    return seen


def json_schema(which: str = "case") -> dict:
    """The JSON Schema (draft 2020-12) of one kind of casefile file: case, annotation or source."""
    if which not in FILES:
        raise ValueError(f"no schema named {which!r}; choose one of: {', '.join(FILES)}")
    root = FILES[which]
    titles = {"case": "casekit casefile: case.yaml",
              "annotation": "casekit casefile: annotations/<source-id>.yaml",
              "source": "casekit casefile: the front matter of sources/<id>.md"}
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": titles[which],
              **_record_schema(root)}
    defs = {name: _record_schema(name) for name in sorted(_used(root) - {root})}
    if defs:
        schema["$defs"] = defs
    return schema
