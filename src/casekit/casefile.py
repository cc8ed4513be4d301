"""Read a casefile folder (case.yaml, sources/*.md, annotations/*.yaml) into a validated Case.

Every problem is collected and reported at once as ``file:line: field: message``.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from .model import (
    CONFIDENCE_GRADES,
    EVENT_STATUSES,
    POSITIONS,
    QUOTE_KINDS,
    RELATION_SIGNS,
    Actor,
    Case,
    Event,
    Evidence,
    Frame,
    Note,
    Person,
    Quote,
    Relation,
    ReportingChain,
    Source,
    Stance,
    Term,
    date_key,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SOURCE_REQUIRED = ("id", "title", "outlet", "url", "kind", "published", "rights")
SOURCE_OPTIONAL = ("author", "notes", "language", "translation_of", "translated_by")


@dataclass(frozen=True)
class Problem:
    """One mistake in a casefile, located by file, line and field."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class CasefileError(Exception):
    """A casefile has mistakes; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- YAML with line numbers -------------------------------------------------------------


class YMap(dict):
    """A mapping read from YAML that remembers its own line and the line of each key."""

    line: int = 0
    lines: dict


class YList(list):
    """A sequence read from YAML that remembers its own line and each item's line."""

    line: int = 0
    lines: list


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    value = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "float":
        try:
            return float(value)
        except ValueError:
            return value
    return value  # strings, and timestamps kept as written


def _convert(node: yaml.Node, where: str, problems: list[Problem], offset: int = 0) -> Any:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        out = YMap()
        out.line, out.lines = line, {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            key = str(key)
            key_line = key_node.start_mark.line + 1 + offset
            if key in out:
                problems.append(Problem(where, key_line, key, f"duplicate key (first given on line {out.lines[key]})"))
                continue
            out[key] = _convert(value_node, where, problems, offset)
            out.lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        out = YList()
        out.line, out.lines = line, []
        for item in node.value:
            out.append(_convert(item, where, problems, offset))
            out.lines.append(item.start_mark.line + 1 + offset)
        return out
    return _scalar(node)


# libyaml's composer when PyYAML has it (same nodes and line marks, several times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str, where: str, problems: list[Problem], first_line: int = 1) -> Any:
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + first_line) if mark is not None else first_line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark is not mark:
            reason += f" ({context} begun on line {context_mark.line + first_line})"
        problems.append(Problem(where, line, "yaml", f"YAML syntax error: {reason}"))
        return None
    if node is None:
        return None
    return _convert(node, where, problems, first_line - 1)


# --- field checking ---------------------------------------------------------------------

STR, OPT_STR, BOOL, INT, LIST = "text", "text or null", "true or false", "a whole number", "a list"
MAP = "a mapping"


class _Record:
    """Checks the fields of one YAML mapping against a spec and reports each mistake."""

    def __init__(self, data: Any, spec: dict[str, tuple[str, bool]], where: str, line: int,
                 label: str, problems: list[Problem]):
        self.where, self.problems, self.label = where, problems, label
        self.ok = True
        if not isinstance(data, dict):
            self._add(line, label, f"expected a mapping of fields, got {_describe(data)}")
            self.data, self.lines, self.line = {}, {}, line
            self.ok = False
            return
        self.data = data
        self.line = getattr(data, "line", line)
        self.lines = getattr(data, "lines", {})
        for key in data:
            if key not in spec:
                hint = difflib.get_close_matches(key, list(spec), n=1)
                more = f"; did you mean '{hint[0]}'?" if hint else f"; known fields: {', '.join(spec)}"
                self._add(self.lines.get(key, self.line), f"{label}.{key}", f"unknown field{more}")
        for key, (kind, required) in spec.items():
            if key not in data:
                if required:
                    self._add(self.line, f"{label}.{key}", "missing required field")
                    self.ok = False
                continue
            value = data[key]
            if not _is_kind(value, kind):
                self._add(self.line_of(key), f"{label}.{key}", f"expected {kind}, got {_describe(value)}")
                self.ok = False

    def _add(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.where, line, field, message))

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key, default)
        return default if value is None and default is not None else value

    def error(self, key: str, message: str) -> None:
        self._add(self.line_of(key), f"{self.label}.{key}", message)
        self.ok = False


def _is_kind(value: Any, kind: str) -> bool:
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
    if kind == MAP:
        return isinstance(value, dict)
    return True  # "any": checked by the caller


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return "empty text" if not value.strip() else f"text {value[:40]!r}"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _iso_date(value: str, allow_month: bool = False) -> bool:
    if not isinstance(value, str):
        return False
    if allow_month and re.fullmatch(r"\d{4}-\d{2}", value):
        return 1 <= int(value[5:]) <= 12
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# --- sources ----------------------------------------------------------------------------


def _rel(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def read_source(path: Path, problems: list[Problem], meta_lines: Optional[dict] = None) -> Optional[Source]:
    """Read one sources/*.md file: YAML front matter, then the verbatim text.

    meta_lines, when given, receives the line of each front-matter field.
    """
    where = _rel(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(where, 1, "encoding", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    lines = raw.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(where, 1, "front matter", "a source must begin with '---' and YAML front matter"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.append(Problem(where, 1, "front matter", "front matter is not closed by a line '---'"))
        return None
    meta = _load_yaml("\n".join(lines[1:end]), where, problems, first_line=2)
    if meta is None and not any(p.file == where for p in problems):
        problems.append(Problem(where, 1, "front matter", "front matter is empty"))
    if meta is None:
        return None
    spec = {k: (STR, True) for k in SOURCE_REQUIRED}
    spec.update({k: (STR, False) for k in SOURCE_OPTIONAL})
    rec = _Record(meta, spec, where, 1, "front matter", problems)
    if meta_lines is not None:
        meta_lines.update(rec.lines)
    if not rec.ok:
        return None
    if not SLUG.match(rec.get("id")):
        rec.error("id", f"id {rec.get('id')!r} is not a slug (lower-case letters, digits and '-')")
    if rec.get("id") != path.stem:
        rec.error("id", f"id {rec.get('id')!r} differs from the file name {path.stem!r}")
    if rec.get("published") != "unknown" and not _iso_date(rec.get("published"), allow_month=True):
        rec.error("published", f"{rec.get('published')!r} is not an ISO date (YYYY-MM-DD, or YYYY-MM, "
                               "or 'unknown' where the stored page shows none)")
    text = "\n".join(lines[end + 1:])
    if not text.strip():
        problems.append(Problem(where, end + 2, "text", "the source has no text after its front matter"))
        return None
    if not rec.ok:
        return None
    return Source(
        id=rec.get("id"), title=rec.get("title"), outlet=rec.get("outlet"), url=rec.get("url"),
        kind=rec.get("kind"), published=rec.get("published"), author=rec.get("author", ""),
        rights=rec.get("rights"), notes=(rec.get("notes", "") or "").strip(), text=text, path=where,
        language=rec.get("language", ""), translation_of=rec.get("translation_of", ""),
        translated_by=rec.get("translated_by", ""), body_line=end + 2,
    )


def closest_passage(text: str, needle: str) -> str:
    """The passage of text that looks most like needle (for 'did you mean' messages)."""
    words = list(re.finditer(r"\S+", text))
    n = max(1, len(needle.split()))
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for i in range(0, max(1, len(words) - n + 1)):
        window = words[i:i + n]
        if not window:
            break
        candidate = text[window[0].start():window[-1].end()]
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def locate(source: Source, needle: str, occurrence: Optional[int]) -> tuple[Optional[int], str]:
    """Offset of the verbatim span in the source, or None and the reason it was not found."""
    starts = [m.start() for m in re.finditer(re.escape(needle), source.text)]
    if not starts:
        near = closest_passage(source.text, needle)
        return None, f"not found verbatim in source {source.id!r}; closest passage: {near!r}"
    if occurrence is None:
        if len(starts) > 1:
            lines = ", ".join(str(source.line_of(s)) for s in starts)
            return None, (f"found {len(starts)} times in source {source.id!r} (lines {lines}); "
                          f"add 'occurrence: N' to say which")
        return starts[0], ""
    if not 1 <= occurrence <= len(starts):
        return None, f"occurrence {occurrence} asked, but the text occurs {len(starts)} time(s) in {source.id!r}"
    return starts[occurrence - 1], ""


# --- the case ---------------------------------------------------------------------------

CASE_SPEC = {
    "id": (STR, True), "title": (STR, True), "summary": (STR, True), "core_source": (STR, False),
    "titles_as_of": (STR, False),
    "reporting_chain": (LIST, False), "reporting_chains": (LIST, False), "actors": (LIST, True), "people": (LIST, True),
    "stances": (LIST, False), "relations": (LIST, False), "events": (LIST, False),
    "terms": (LIST, False), "notes": (LIST, False), "open_questions": (LIST, False),
    "event_name": (STR, False), "fact_sheet": (STR, False), "exercises": (MAP, False), "frames": (LIST, False),
}
ACTOR_SPEC = {"id": (STR, True), "name": (STR, True), "kind": (STR, True),
              "description": (STR, False), "source": (STR, False)}
PERSON_SPEC = {"id": (STR, True), "name": (STR, True), "title": (STR, True), "actor": (STR, True),
               "title_source": (STR, True), "note": (STR, False), "unnamed": (BOOL, False)}
QUOTE_SPEC = {"id": (STR, True), "text": (STR, True), "speaker": (STR, True), "kind": (STR, True),
              "cue": (OPT_STR, True), "date": (OPT_STR, True), "date_note": (STR, False),
              "venue": (STR, False), "audience": (STR, False), "issued_by": (STR, False),
              "note": (STR, False), "occurrence": (INT, False), "mentions": (LIST, False),
              "renders": (STR, False), "disputed": (STR, False), "headline": (BOOL, False)}
ANNOTATION_SPEC = {"source": (STR, True), "analysis_from": (STR, False), "confidence": (STR, False),
                   "doubt": (STR, False), "lang": (STR, False), "quotes": (LIST, True)}
CHAIN_SPEC = {"id": (STR, True), "title": (STR, True), "steps": (LIST, True)}
# BCP 47 language tag: a primary language subtag, then optional script, region or variant subtags
BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$")
SPAN_SPEC = {"source": (STR, True), "text": (STR, True), "occurrence": (INT, False)}
EVENT_EVIDENCE_SPEC = {"event": (STR, True)}
STANCE_SPEC = {"id": (STR, True), "actor": (STR, True), "position": (STR, True), "date": (STR, True),
               "summary": (STR, True), "evidence": (LIST, True), "note": (STR, False)}
RELATION_SPEC = {"id": (STR, True), "actor": (STR, True), "other": (STR, True), "type": (STR, True),
                 "date": (STR, True), "summary": (STR, True), "evidence": (LIST, True),
                 "intent": (BOOL, False), "note": (STR, False)}
EVENT_SPEC = {"id": (STR, True), "date": (STR, True), "title": (STR, True), "status": (STR, True),
              "source": (STR, False), "citation": (STR, False), "actors": (LIST, False),
              "people": (LIST, False), "note": (STR, False)}
TERM_SPEC = {"id": (STR, True), "text": (STR, True), "quote": (STR, True), "gloss": (STR, True),
             "adopted_by_outlet": (BOOL, False), "note": (STR, False)}
NOTE_SPEC = {"id": (STR, True), "source": (STR, True), "topic": (STR, True), "text": (STR, True),
             "span": (STR, False), "occurrence": (INT, False)}
QUESTION_SPEC = {"id": (STR, True), "skill": (STR, True), "prompt": (STR, True)}
FRAME_SPEC = {"id": (STR, True), "title": (STR, True), "words": (LIST, True)}
# what an exercise uses and asks (see casekit.questions): every key optional
EXERCISE_SPEC = {"sources": (LIST, False), "marked": (INT, False), "offered": (LIST, False),
                 "sessions": (MAP, False), "no_relation_pairs": (LIST, False), "earlier_keys": (LIST, False)}


def _plain(value: Any) -> Any:
    """YAML data as plain dicts, lists and scalars (for the frozen Case)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Loader:
    """One pass over a casefile folder; collects problems, builds records."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        self.sources: dict[str, Source] = {}
        self.seen_ids: dict[tuple[str, str], tuple[str, int]] = {}
        self.events: dict[str, Event] = {}
        # ids declared by records that have their own mistakes: references to them are not
        # reported again, so one mistake gives one message
        self.declared: dict[str, set[str]] = {}
        self.meta_lines: dict[str, dict] = {}  # source id -> line of each front-matter field
        self.renders: list[tuple[Quote, str, int]] = []  # quotes with renders:, checked once all are read

    # helpers
    def _items(self, data: Any, key: str, where: str, spec: dict, label: str):
        """Yield a checked _Record for every entry of the list data[key]."""
        items = data.get(key) or []
        item_lines = getattr(items, "lines", [getattr(data, "line", 1)] * len(items))
        for i, item in enumerate(items):
            has_id = isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip()
            rec = _Record(item, spec, where, item_lines[i], f"{label}[{item['id'] if has_id else i}]", self.problems)
            if has_id:
                self.declared.setdefault(label, set()).add(item["id"])
                self._check_id(rec, label)
            yield rec

    def _check_id(self, rec: _Record, kind: str) -> None:
        ident = rec.get("id")
        if not SLUG.match(ident):
            rec.error("id", f"id {ident!r} is not a slug (lower-case letters, digits and '-')")
            return
        key = (kind, ident)
        if key in self.seen_ids:
            f, line = self.seen_ids[key]
            rec.error("id", f"duplicate id {ident!r} (first used at {f}:{line})")
        else:
            self.seen_ids[key] = (rec.where, rec.line_of("id"))

    def _is_declared(self, value: Any) -> bool:
        return any(value in ids for ids in self.declared.values())

    def _ref(self, rec: _Record, key: str, known: dict, what: str) -> bool:
        value = rec.get(key)
        if value is None or value in known:
            return True
        if self._is_declared(value):
            rec.ok = False  # the referenced record is broken and already reported
            return False
        hint = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
        more = f"; did you mean '{hint[0]}'?" if hint else ""
        rec.error(key, f"unknown {what} {value!r}{more}")
        return False

    def _date(self, rec: _Record, key: str) -> None:
        value = rec.get(key)
        if value is not None and not _iso_date(value, allow_month=True):
            rec.error(key, f"{value!r} is not an ISO date (YYYY-MM-DD, or YYYY-MM where only the month is known)")

    def _choice(self, rec: _Record, key: str, allowed) -> None:
        value = rec.get(key)
        if value is not None and value not in allowed:
            rec.error(key, f"{value!r} is not one of: {', '.join(allowed)}")

    # the pass
    def load(self) -> Case:
        folder = self.folder
        case_path = folder / "case.yaml"
        if not folder.is_dir():
            raise CasefileError([Problem(_rel(folder), 0, "path", "no such casefile folder")])
        if not case_path.is_file():
            raise CasefileError([Problem(_rel(case_path), 0, "case.yaml", "missing: a casefile folder needs case.yaml")])
        for path in sorted((folder / "sources").glob("*.md")):
            self.declared.setdefault("sources", set()).add(path.stem)
            self.meta_lines[path.stem] = {}
            source = read_source(path, self.problems, self.meta_lines[path.stem])
            if source is not None:
                if source.id in self.sources:
                    self.problems.append(Problem(_rel(path), 2, "id", f"duplicate source id {source.id!r}"))
                self.sources[source.id] = source
        if not (folder / "sources").is_dir():
            self.problems.append(Problem(_rel(folder / "sources"), 0, "sources", "missing folder of source texts"))

        where = _rel(case_path)
        data = _load_yaml(case_path.read_text(encoding="utf-8"), where, self.problems)
        if data is None:
            if not self.problems:
                self.problems.append(Problem(where, 1, "case.yaml", "the file is empty"))
            raise CasefileError(self.problems)
        top = _Record(data, CASE_SPEC, where, 1, "case", self.problems)
        if not isinstance(data, dict):
            raise CasefileError(self.problems)

        actors = [self._actor(r) for r in self._items(data, "actors", where, ACTOR_SPEC, "actors") if r.ok]
        actor_ids = {a.id: a for a in actors}
        people = []
        for r in self._items(data, "people", where, PERSON_SPEC, "people"):
            if r.ok and self._ref(r, "actor", actor_ids, "actor"):
                people.append(Person(id=r.get("id"), name=r.get("name"), title=r.get("title"),
                                     actor=r.get("actor"), title_source=r.get("title_source"),
                                     note=r.get("note", ""), unnamed=bool(r.get("unnamed", False))))
        person_ids = {p.id: p for p in people}
        speakers = {**actor_ids, **person_ids}
        for pid in set(person_ids) & set(actor_ids):
            self.problems.append(Problem(where, 1, "people", f"id {pid!r} names both a person and an actor"))

        quotes = self._annotations(speakers, person_ids)
        quote_ids = {q.id: q for q in quotes}

        events = []
        for r in self._items(data, "events", where, EVENT_SPEC, "events"):
            if not r.ok:
                continue
            self._date(r, "date")
            self._choice(r, "status", EVENT_STATUSES)
            if not r.get("source") and not r.get("citation"):
                r.error("source", "an event needs a source id or a citation (the fact sheet's row and its source)")
            if r.get("source"):
                self._ref(r, "source", self.sources, "source")
            for key, known, what in (("actors", actor_ids, "actor"), ("people", person_ids, "person")):
                for value in r.get(key) or []:
                    if value not in known and not self._is_declared(value):
                        r.error(key, f"unknown {what} {value!r}")
            if r.ok:
                events.append(Event(id=r.get("id"), date=r.get("date"), title=r.get("title"),
                                    status=r.get("status"), source=r.get("source", ""),
                                    citation=r.get("citation", ""), actors=tuple(r.get("actors") or ()),
                                    people=tuple(r.get("people") or ()), note=r.get("note", "")))
        self.events = {e.id: e for e in events}
        stances = []
        for r in self._items(data, "stances", where, STANCE_SPEC, "stances"):
            if not r.ok:
                continue
            self._ref(r, "actor", actor_ids, "actor")
            self._choice(r, "position", POSITIONS)
            self._date(r, "date")
            evidence = self._evidence(r, quote_ids)
            if r.ok:
                stances.append(Stance(id=r.get("id"), actor=r.get("actor"), position=r.get("position"),
                                      date=r.get("date"), summary=r.get("summary"), evidence=evidence,
                                      note=r.get("note", "")))
        relations = []
        for r in self._items(data, "relations", where, RELATION_SPEC, "relations"):
            if not r.ok:
                continue
            self._ref(r, "actor", actor_ids, "actor")
            self._ref(r, "other", actor_ids, "actor")
            if r.get("actor") == r.get("other"):
                r.error("other", "a relation needs two different actors")
            self._choice(r, "type", tuple(RELATION_SIGNS))
            self._date(r, "date")
            evidence = self._evidence(r, quote_ids)
            if r.ok:
                relations.append(Relation(id=r.get("id"), actor=r.get("actor"), other=r.get("other"),
                                          type=r.get("type"), date=r.get("date"), summary=r.get("summary"),
                                          evidence=evidence, intent=bool(r.get("intent", False)),
                                          note=r.get("note", "")))
        terms = []
        for r in self._items(data, "terms", where, TERM_SPEC, "terms"):
            if r.ok and self._ref(r, "quote", quote_ids, "quote"):
                if r.get("text") not in quote_ids[r.get("quote")].text:
                    r.error("text", f"{r.get('text')!r} does not occur in quote {r.get('quote')!r}")
                    continue
                terms.append(Term(id=r.get("id"), text=r.get("text"), quote=r.get("quote"),
                                  gloss=r.get("gloss"), adopted_by_outlet=bool(r.get("adopted_by_outlet", False)),
                                  note=r.get("note", "")))
        notes = []
        for r in self._items(data, "notes", where, NOTE_SPEC, "notes"):
            if r.ok and self._ref(r, "source", self.sources, "source"):
                if r.get("span"):
                    start, why = locate(self.sources[r.get("source")], r.get("span"), r.get("occurrence"))
                    if start is None:
                        r.error("span", why)
                        continue
                notes.append(Note(id=r.get("id"), source=r.get("source"), topic=r.get("topic"),
                                  text=r.get("text"), span=r.get("span", "")))
        questions = [dict(r.data) for r in self._items(data, "open_questions", where, QUESTION_SPEC, "open_questions") if r.ok]

        core = top.get("core_source", "") or ""
        if core and core not in self.sources and not self._is_declared(core):
            top.error("core_source", f"unknown source {core!r}")
        chain = top.get("reporting_chain") or []
        if not all(isinstance(step, str) and step.strip() for step in chain):
            top.error("reporting_chain", "every step of the reporting chain must be text")
            chain = []
        chains = []
        if chain:
            chains.append(ReportingChain(id="reporting-chain", title="The reporting chain", steps=tuple(chain)))
        for r in self._items(data, "reporting_chains", where, CHAIN_SPEC, "reporting_chains"):
            steps = r.get("steps") or []
            if r.ok and (not steps or not all(isinstance(step, str) and step.strip() for step in steps)):
                r.error("steps", "a reporting chain needs at least one step, and every step must be text")
            if r.ok:
                chains.append(ReportingChain(id=r.get("id"), title=r.get("title"), steps=tuple(steps)))
        self._check_translations(quotes)
        frames = []
        for r in self._items(data, "frames", where, FRAME_SPEC, "frames"):
            words = r.get("words") or []
            if not words or not all(isinstance(x, str) and x.strip() for x in words):
                r.error("words", "a frame needs a list of words (text)")
            if r.ok:
                frames.append(Frame(id=r.get("id"), title=r.get("title"), words=tuple(words)))
        exercises = self._exercises(top, actor_ids)
        for source_id in sorted(self.sources):
            if not any(q.source == source_id for q in quotes):
                self.problems.append(Problem(self.sources[source_id].path, 1, "annotations",
                                             f"source {source_id!r} has no annotated quote"))
        if self.problems:
            raise CasefileError(self.problems)
        return Case(
            id=top.get("id"), title=top.get("title"), summary=top.get("summary"), path=str(folder),
            sources=tuple(self.sources[k] for k in sorted(self.sources)), actors=tuple(actors),
            people=tuple(people), quotes=tuple(quotes), stances=tuple(stances),
            relations=tuple(relations), events=tuple(sorted(events, key=lambda e: date_key(e.date))),
            terms=tuple(terms), notes=tuple(notes), core_source=core,
            reporting_chain=tuple(chain) or (chains[0].steps if chains else ()),
            open_questions=tuple(questions), titles_as_of=top.get("titles_as_of", "") or "",
            reporting_chains=tuple(chains),
            event_name=top.get("event_name", "") or "the event", fact_sheet=top.get("fact_sheet", "") or "",
            exercises=exercises, frames=tuple(frames),
        )

    def _exercises(self, top: _Record, actor_ids: dict) -> dict:
        """The exercises mapping: what each exercise uses (sources, pairs) and asks (selection)."""
        raw = top.get("exercises") or {}
        if not isinstance(raw, dict):
            return {}
        out = {}
        for name, spec in raw.items():
            rec = _Record(spec, EXERCISE_SPEC, top.where, raw.lines.get(name, top.line), f"exercises.{name}",
                          self.problems)
            if not rec.ok:
                continue
            for source_id in rec.get("sources") or []:
                if source_id not in self.sources and not self._is_declared(source_id):
                    rec.error("sources", f"unknown source {source_id!r}")
            for pair in rec.get("no_relation_pairs") or []:
                if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(a, str) for a in pair)):
                    rec.error("no_relation_pairs", f"expected a pair of actor ids like [iraq, israel], got {pair!r}")
                    continue
                for a in pair:
                    if a not in actor_ids and not self._is_declared(a):
                        rec.error("no_relation_pairs", f"unknown actor {a!r}")
            for key in ("offered", "earlier_keys"):
                if not all(isinstance(x, str) for x in rec.get(key) or []):
                    rec.error(key, "expected a list of text")
            for session, ids in (rec.get("sessions") or {}).items():
                if not (isinstance(ids, list) and all(isinstance(x, str) for x in ids)):
                    rec.error("sessions", f"session {session!r}: expected a list of question ids")
            if rec.get("marked") is not None and rec.get("marked") < 1:
                rec.error("marked", "must be 1 or more")
            out[str(name)] = _plain(spec)
        return out

    def _check_translations(self, quotes: list[Quote]) -> None:
        """translation_of names a source of the case and goes with translated_by; renders names a
        quote of that original."""
        for source in self.sources.values():
            where = source.path
            lines = self.meta_lines.get(source.id, {})
            line = lines.get("translation_of", lines.get("translated_by", 1))
            if source.translation_of:
                if source.translation_of == source.id:
                    self.problems.append(Problem(where, line, "front matter.translation_of",
                                                 "a source cannot be a translation of itself"))
                elif source.translation_of not in self.sources and not self._is_declared(source.translation_of):
                    hint = difflib.get_close_matches(source.translation_of, list(self.sources), n=1)
                    more = f"; did you mean '{hint[0]}'?" if hint else ""
                    self.problems.append(Problem(where, line, "front matter.translation_of",
                                                 f"unknown source {source.translation_of!r}{more}"))
                if not source.translated_by:
                    self.problems.append(Problem(where, line, "front matter.translated_by",
                                                 "a source with translation_of must say who published the "
                                                 "rendering (translated_by)"))
            elif source.translated_by:
                self.problems.append(Problem(where, line, "front matter.translation_of",
                                             "translated_by is given, but not the original this source renders "
                                             "(translation_of)"))
        by_id = {q.id: q for q in quotes}
        for q, where, line in self.renders:
            label = f"quotes[{q.id}].renders"
            original = self.sources[q.source].translation_of
            if original and original not in self.sources:
                continue  # the unknown original is reported on the source
            if not original:
                self.problems.append(Problem(where, line, label, f"source {q.source!r} has no translation_of, "
                                             "so its quotes cannot render another source's quote"))
                continue
            target = by_id.get(q.renders)
            if target is None:
                if not self._is_declared(q.renders):
                    hint = difflib.get_close_matches(q.renders, [k for k, v in by_id.items() if v.source == original], n=1)
                    more = f"; did you mean '{hint[0]}'?" if hint else ""
                    self.problems.append(Problem(where, line, label, f"unknown quote {q.renders!r}{more}"))
                continue
            if target.source != original:
                self.problems.append(Problem(where, line, label, f"quote {q.renders!r} is in source {target.source!r}, "
                                             f"not in {original!r}, the original this source renders"))

    def _actor(self, r: _Record) -> Actor:
        return Actor(id=r.get("id"), name=r.get("name"), kind=r.get("kind"),
                     description=r.get("description", ""), source=r.get("source", ""))

    def _annotations(self, speakers: dict, person_ids: dict) -> list[Quote]:
        quotes: list[Quote] = []
        for path in sorted((self.folder / "annotations").glob("*.yaml")):
            where = _rel(path)
            data = _load_yaml(path.read_text(encoding="utf-8"), where, self.problems)
            if data is None:
                continue
            top = _Record(data, ANNOTATION_SPEC, where, 1, "annotations", self.problems)
            if not top.ok or not self._ref(top, "source", self.sources, "source"):
                for item in (data.get("quotes") or []) if isinstance(data, dict) else []:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.declared.setdefault("quotes", set()).add(item["id"])
                continue
            source = self.sources[top.get("source")]
            confidence, doubt, lang = top.get("confidence", ""), (top.get("doubt", "") or "").strip(), top.get("lang", "")
            if confidence and confidence not in CONFIDENCE_GRADES:
                top.error("confidence", f"{confidence!r} is not one of: {', '.join(CONFIDENCE_GRADES)}")
            if confidence == "C" and not doubt:
                top._add(top.line_of("confidence"), "annotations.doubt",
                         "a source graded C needs a doubt: what students must know about it")
                top.ok = False
            if doubt and not confidence:
                top.error("confidence", "a doubt is given but no confidence grade (A, B or C)")
            if lang and not BCP47.match(lang):
                top.error("lang", f"{lang!r} is not a BCP 47 language code (for example ar, fa, fr, pt-BR)")
            source = dataclasses.replace(source, confidence=confidence or "", doubt=doubt, lang=lang or "")
            self.sources[source.id] = source
            marker = top.get("analysis_from")
            if marker:
                if marker not in source.text:
                    top.error("analysis_from", f"{marker!r} does not occur in source {source.id!r}")
                else:
                    source = dataclasses.replace(source, analysis_marker=marker)
                    self.sources[source.id] = source
            for r in self._items(data, "quotes", where, QUOTE_SPEC, "quotes"):
                if not r.ok:
                    continue
                self._ref(r, "speaker", speakers, "speaker (person or actor)")
                self._choice(r, "kind", tuple(QUOTE_KINDS))
                for value in r.get("mentions") or []:
                    if value not in speakers and not self._is_declared(value):
                        r.error("mentions", f"unknown person or actor {value!r}")
                if r.get("issued_by"):
                    self._ref(r, "issued_by", person_ids, "person")
                if r.get("date") is None:
                    if not r.get("date_note"):
                        r.error("date", "no date: give one, or say why in date_note")
                else:
                    self._date(r, "date")
                headline = bool(r.get("headline", False))
                if headline:
                    start = -1
                    if r.get("occurrence") is not None:
                        r.error("occurrence", "a headline quote is looked up in the title; occurrence does not apply")
                    if r.get("text") not in source.title:
                        r.error("text", f"not found verbatim in the title of source {source.id!r} "
                                        f"(headline: true); the title is {source.title!r}")
                        continue
                else:
                    start, why = locate(source, r.get("text"), r.get("occurrence"))
                    if start is None:
                        r.error("text", why)
                        continue
                cue = r.get("cue")
                if cue is not None and headline:
                    if cue not in source.title:
                        r.error("cue", f"{cue!r} is not in the title of the source (headline: true)")
                        continue
                elif cue is not None:
                    p_start, p_end = source.paragraph_span(start)
                    if cue not in source.text[p_start:p_end]:
                        found = "found elsewhere in the source" if cue in source.text else "not in the source at all"
                        r.error("cue", f"{cue!r} is not in the quote's paragraph ({found})")
                        continue
                if r.get("disputed") is not None and not r.get("disputed").strip():
                    r.error("disputed", "say why the attribution is disputed, and where that is said")
                if r.ok:
                    quote = Quote(
                        id=r.get("id"), source=source.id, text=r.get("text"), speaker=r.get("speaker"),
                        kind=r.get("kind"), cue=cue, date=r.get("date"), start=start,
                        date_note=r.get("date_note", ""), venue=r.get("venue", ""),
                        audience=r.get("audience", ""), issued_by=r.get("issued_by", ""),
                        note=r.get("note", ""), in_analysis=start >= source.analysis_start,
                        mentions=tuple(r.get("mentions") or ()), renders=r.get("renders", "") or "",
                        disputed=(r.get("disputed", "") or "").strip(), headline=headline,
                    )
                    quotes.append(quote)
                    if quote.renders:
                        self.renders.append((quote, where, r.line_of("renders")))
        return quotes

    def _evidence(self, r: _Record, quote_ids: dict) -> tuple[Evidence, ...]:
        out = []
        items = r.get("evidence") or []
        if not items:
            r.error("evidence", "at least one piece of evidence is needed")
        for i, item in enumerate(items):
            if isinstance(item, str):
                if item not in quote_ids and self._is_declared(item):
                    r.ok = False
                    continue
                if item not in quote_ids:
                    hint = difflib.get_close_matches(item, list(quote_ids), n=1)
                    more = f"; did you mean '{hint[0]}'?" if hint else ""
                    r.error("evidence", f"unknown quote {item!r}{more}")
                    continue
                q = quote_ids[item]
                out.append(Evidence(source=q.source, text=q.text, start=q.start, quote=q.id))
                continue
            line = getattr(item, "line", r.line_of("evidence"))
            if isinstance(item, dict) and "event" in item:
                ev = _Record(item, EVENT_EVIDENCE_SPEC, r.where, line, f"{r.label}.evidence[{i}]", self.problems)
                if ev.ok and self._ref(ev, "event", self.events, "event"):
                    e = self.events[ev.get("event")]
                    out.append(Evidence(source=e.cited, text=e.title, start=-1, event=e.id))
                else:
                    r.ok = False
                continue
            span = _Record(item, SPAN_SPEC, r.where, line, f"{r.label}.evidence[{i}]", self.problems)
            if not span.ok:
                r.ok = False
                continue
            if not self._ref(span, "source", self.sources, "source"):
                r.ok = False
                continue
            start, why = locate(self.sources[span.get("source")], span.get("text"), span.get("occurrence"))
            if start is None:
                span.error("text", why)
                r.ok = False
                continue
            out.append(Evidence(source=span.get("source"), text=span.get("text"), start=start))
        return tuple(out)


def find_casefile(path_or_id: "str | os.PathLike[str]") -> Path:
    """Resolve a casefile folder from a path, or from a case id looked up in casefiles/ folders."""
    path = Path(path_or_id)
    if (path / "case.yaml").is_file() or path.is_dir():
        return path
    env = os.environ.get("CASEKIT_CASEFILES")
    roots = [Path(env)] if env else []
    here = Path.cwd()
    roots += [p / "casefiles" for p in (here, *here.parents)]
    for root in roots:
        if (root / str(path_or_id) / "case.yaml").is_file():
            return root / str(path_or_id)
    raise CasefileError([Problem(str(path_or_id), 0, "path",
                                 "no casefile folder by that path or id (looked in ./casefiles and its parents)")])


_CACHE: dict[tuple, Case] = {}


def _fingerprint(folder: Path) -> tuple:
    files = [folder / "case.yaml", *sorted((folder / "sources").glob("*.md")),
             *sorted((folder / "annotations").glob("*.yaml"))]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())


def load_case(path_or_id: "str | os.PathLike[str]") -> Case:
    """Load and validate a casefile; raise CasefileError listing every problem."""
    folder = find_casefile(path_or_id).resolve()
    key = (str(folder), _fingerprint(folder))
    if key not in _CACHE:
        _CACHE[key] = _Loader(folder).load()
    return _CACHE[key]


def validate(path: "str | os.PathLike[str]") -> list[tuple[Path, Optional[Case], list[Problem]]]:
    """Validate one casefile folder, or every casefile folder under path."""
    root = Path(path)
    folders = [root] if (root / "case.yaml").exists() else sorted(p.parent for p in root.glob("*/case.yaml"))
    if not folders:
        return [(root, None, [Problem(_rel(root), 0, "path", "no case.yaml here or in its sub-folders")])]
    results = []
    for folder in folders:
        try:
            results.append((folder, _Loader(folder).load(), []))
        except CasefileError as exc:
            results.append((folder, None, exc.problems))
    return results

