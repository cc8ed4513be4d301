"""Read a casefile folder (case.yaml, sources/*.md, annotations/*.yaml) into a validated Case.

Every problem is collected and reported at once as ``file:line: field: message``. The fields of
each record are declared in ``schema.py``; this module checks values against those declarations
and checks every reference across the case. A casefile may come from untrusted hands: only
regular files inside its folder are read (no symlink is followed, no FIFO opened), YAML aliases
are refused, and no input makes the loader raise anything but CasefileError.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

import yaml

from .model import (
    CONFIDENCE_GRADES,
    Actor,
    Case,
    Event,
    Evidence,
    Frame,
    Group,
    Note,
    Person,
    Quote,
    Relation,
    ReportingChain,
    Source,
    Stance,
    Term,
    date_key,
    related_actors,
)
from .schema import (  # the declared records
    ACTOR as _ACTOR,
    ANNOTATION as _ANNOTATION,
    BCP47 as _BCP47,
    CASE as _CASE,
    CHAIN as _CHAIN,
    EVENT as _EVENT,
    EVENT_EVIDENCE as _EVENT_EVIDENCE,
    EXERCISE as _EXERCISE,
    FRAME as _FRAME,
    GROUP as _GROUP,
    NOTE as _NOTE,
    PERSON as _PERSON,
    QUESTION as _QUESTION,
    QUOTE as _QUOTE,
    RELATION as _RELATION,
    SLUG_PATTERN as _SLUG_PATTERN,
    SOURCE as _SOURCE,
    SPAN as _SPAN,
    STANCE as _STANCE,
    TERM as _TERM,
    describe as _describe,
    is_kind as _is_kind,
    TEXT_LIST,
    Field,
)

SLUG = re.compile(_SLUG_PATTERN)


def _plain(value: Any) -> Any:
    """YAML data as plain dicts, lists and scalars (for the frozen Case)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
PUBLISHED_UNKNOWN = "unknown"  # a source whose page shows no publication date (its notes say so)
BCP47 = _BCP47
SOURCE_REQUIRED = tuple(k for k, f in _SOURCE.items() if f.required)
SOURCE_OPTIONAL = tuple(k for k, f in _SOURCE.items() if not f.required)
MAX_YAML_BYTES = 10_000_000  # far above any real case.yaml or annotation file (the largest is ~60 kB)
MAX_SOURCE_BYTES = 200_000_000  # a source this large is refused before it is read into memory
MAX_YAML_DEPTH = 60  # nesting deeper than this is refused (a casefile needs five levels)


@dataclass(frozen=True)
class Problem:
    """One mistake in a casefile, located by file, line and field."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        # one line, whatever a casefile's names and values hold (no newline, no terminal escape)
        return f"{_clean(self.file)}:{self.line}: {_short(_clean(self.field))}: {_short(_clean(self.message))}"


class CasefileError(Exception):
    """A casefile has mistakes; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _rel(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _short(text: str, limit: int = 2000) -> str:
    """Text cut to a length a terminal line can hold (a casefile's values can be any length)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _show(value: Any) -> str:
    """A value quoted in a message, cut short when long."""
    text = repr(value)
    return text if len(text) <= 100 else text[:99] + "…"


def _clean(text: str) -> str:
    """Text safe to print on one line of a terminal: control characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
                   for ch in text)


# --- reading files: regular files inside the folder, UTF-8 -----------------------------------


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> Problem:
    what = _kind_of(mode)
    why = ("a casefile is read only from regular files inside its folder; no link is followed"
           if stat.S_ISLNK(mode) else "a casefile is read only from regular files")
    return Problem(_clean(_rel(path)), 0, "file", f"is {what}, not a file: {why}")


def _read_text(path: Path, problems: list[Problem], limit: Optional[int] = None) -> Optional[str]:
    """The UTF-8 text of a regular file (a leading BOM dropped), or None with one problem added.

    The file is opened without following a symlink and without blocking on a FIFO, then checked
    to be a regular file before a byte is read.
    """
    where = _clean(_rel(path))
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        problems.append(Problem(where, 0, "file", f"cannot be read ({exc.strerror or exc})"))
        return None
    if not stat.S_ISREG(mode):
        problems.append(_not_regular(path, mode))
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        problems.append(Problem(where, 0, "file", f"cannot be read ({exc.strerror or exc})"))
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):  # replaced between the check and the open
            problems.append(_not_regular(path, st.st_mode))
            return None
        if limit is not None and st.st_size > limit:
            problems.append(Problem(where, 0, "file", f"is {st.st_size:,} bytes; such a file of a casefile "
                                                      f"is limited to {limit:,} bytes"))
            return None
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte order mark some editors write: not part of the text
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(where, line, "encoding",
                                f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8"))
        return None


def _entries(folder: Path, suffix: str, problems: list[Problem], refused: Optional[list] = None) -> list[Path]:
    """The regular files named *suffix in folder (sorted), each other entry so named reported once
    (and added to refused). Hidden files (editors' backups) are skipped.
    """
    try:
        mode = os.lstat(folder).st_mode
    except OSError:
        return []
    if not stat.S_ISDIR(mode):
        problems.append(_not_regular(folder, mode) if stat.S_ISLNK(mode) else
                        Problem(_clean(_rel(folder)), 0, "file", f"is {_kind_of(mode)}, not a folder"))
        return []
    out = []
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(_clean(_rel(folder)), 0, "file", f"cannot be listed ({exc.strerror or exc})"))
        return []
    for entry in entries:
        if not entry.name.endswith(suffix) or entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode):
            out.append(path)
        else:
            problems.append(_not_regular(path, mode))
            if refused is not None:
                refused.append(path)
    return out


# --- YAML with line numbers -------------------------------------------------------------


class YMap(dict):
    """A mapping read from YAML that remembers its own line and the line of each key."""

    line: int = 0
    lines: dict


class YList(list):
    """A sequence read from YAML that remembers its own line and each item's line."""

    line: int = 0
    lines: list


class _AliasFound(Exception):
    """The YAML reuses a node through an alias (*name): refused in a casefile."""


class _TooDeep(Exception):
    """The YAML is nested deeper than any casefile needs."""


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
        except ValueError:  # also a number too long to convert
            return value
    if tag == "float":
        try:
            return float(value)
        except ValueError:
            return value
    return value  # strings, and timestamps kept as written


def _convert(node: yaml.Node, where: str, problems: list[Problem], offset: int, seen: set, depth: int = 0) -> Any:
    if id(node) in seen:
        raise _AliasFound
    seen.add(id(node))
    if depth > MAX_YAML_DEPTH:
        raise _TooDeep(node.start_mark.line + 1 + offset)
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        out = YMap()
        out.line, out.lines = line, {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                seen.add(id(key_node))
                key = str(_scalar(key_node))
            else:
                _convert(key_node, where, problems, offset, seen, depth + 1)  # refuses aliases in keys too
                key = f"({'a mapping' if isinstance(key_node, yaml.MappingNode) else 'a list'} as a key)"
            key_line = key_node.start_mark.line + 1 + offset
            if key in out:
                problems.append(Problem(where, key_line, key, f"duplicate key (first given on line {out.lines[key]})"))
                _convert(value_node, where, problems, offset, seen, depth + 1)
                continue
            out[key] = _convert(value_node, where, problems, offset, seen, depth + 1)
            out.lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        out = YList()
        out.line, out.lines = line, []
        for item in node.value:
            out.append(_convert(item, where, problems, offset, seen, depth + 1))
            out.lines.append(item.start_mark.line + 1 + offset)
        return out
    return _scalar(node)


# libyaml's composer when PyYAML has it (same nodes and line marks, several times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _first_alias_line(text: str) -> tuple[int, str]:
    """Line (0-based) and name of the first alias in text."""
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line, event.anchor or ""
    except yaml.YAMLError:
        pass
    return 0, ""


def _load_yaml(text: str, where: str, problems: list[Problem], first_line: int = 1) -> Any:
    try:
        # libyaml refuses nesting deeper than 1000 levels; _convert refuses more than MAX_YAML_DEPTH
        node = yaml.compose(text, Loader=_LOADER)
    except RecursionError:  # the pure-Python composer, on deep nesting
        problems.append(Problem(where, first_line, "yaml",
                                f"nested more than {MAX_YAML_DEPTH} levels deep; a casefile needs a few"))
        return None
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
    try:
        return _convert(node, where, problems, first_line - 1, set())
    except _AliasFound:
        line, name = _first_alias_line(text)
        problems.append(Problem(where, line + first_line, "yaml",
                                f"YAML alias (*{name}) refused: a casefile writes every value out "
                                f"(aliases can repeat a value without end)"))
        return None
    except (_TooDeep, RecursionError) as exc:
        line = exc.args[0] if isinstance(exc, _TooDeep) else first_line
        problems.append(Problem(where, line, "yaml",
                                f"nested more than {MAX_YAML_DEPTH} levels deep; a casefile needs a few"))
        return None


# --- field checking ---------------------------------------------------------------------


class _Record:
    """Checks the fields of one YAML mapping against its declaration and reports each mistake.

    ``ok`` is false when a field is missing or has the wrong kind of value (the record cannot be
    built) or when a later check calls ``error``.
    """

    def __init__(self, data: Any, spec: dict[str, Field], where: str, line: int,
                 label: str, problems: list[Problem]):
        self.where, self.problems, self.label, self.spec = where, problems, label, spec
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
        for key, f in spec.items():
            if key not in data:
                if f.required:
                    self._add(self.line, f"{label}.{key}", "missing required field")
                    self.ok = False
                continue
            value = data[key]
            if not _is_kind(value, f.kind):
                self._add(self.line_of(key), f"{label}.{key}", f"expected {f.kind}, got {_describe(value)}")
                self.ok = False

    def _add(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.where, line, field, message))

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key, default)
        return default if value is None and default is not None else value

    def text(self, key: str) -> str:
        """An optional text field, "" when absent."""
        return self.data.get(key) or ""

    def error(self, key: str, message: str) -> None:
        self._add(self.line_of(key), f"{self.label}.{key}", message)
        self.ok = False

    def choice(self, key: str) -> None:
        """The value is one of the field's declared choices."""
        allowed = self.spec[key].choices
        value = self.get(key)
        if value is not None and value not in allowed:
            self.error(key, f"{_show(value)} is not one of: {', '.join(allowed)}")

    def date(self, key: str) -> None:
        """The value is YYYY-MM-DD (a real day) or YYYY-MM."""
        value = self.get(key)
        if value is not None and not _iso_date(value, allow_month=True):
            self.error(key, f"{_show(value)} is not an ISO date (YYYY-MM-DD, or YYYY-MM where only the month is known)")


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


def read_source(path: Path, problems: list[Problem], meta_lines: Optional[dict] = None) -> Optional[Source]:
    """Read one sources/*.md file: YAML front matter, then the verbatim text.

    meta_lines, when given, receives the line of each front-matter field.
    """
    where = _clean(_rel(path))
    raw = _read_text(path, problems, limit=MAX_SOURCE_BYTES)
    if raw is None:
        return None
    first_nl = raw.find("\n")
    if (raw if first_nl < 0 else raw[:first_nl]).strip() != "---":
        problems.append(Problem(where, 1, "front matter", "a source must begin with '---' and YAML front matter"))
        return None
    close = re.compile(r"^[ \t]*---[ \t]*\r?$", re.M).search(raw, first_nl + 1) if first_nl >= 0 else None
    if close is None:
        problems.append(Problem(where, 1, "front matter", "front matter is not closed by a line '---'"))
        return None
    end = raw.count("\n", 0, close.start())  # 0-based line of the closing '---'
    front = raw[first_nl + 1:close.start()].rstrip("\n")
    if len(front) > MAX_YAML_BYTES:
        problems.append(Problem(where, 2, "front matter", f"front matter of {len(front):,} characters; "
                                                          f"it is limited to {MAX_YAML_BYTES:,}"))
        return None
    meta = _load_yaml(front, where, problems, first_line=2)
    if meta is None and not any(p.file == where for p in problems):
        problems.append(Problem(where, 1, "front matter", "front matter is empty"))
    if meta is None:
        return None
    rec = _Record(meta, _SOURCE, where, 1, "front matter", problems)
    if meta_lines is not None:
        meta_lines.update(rec.lines)
    if not rec.ok:
        return None
    if not SLUG.match(rec.get("id")):
        rec.error("id", f"id {rec.get('id')!r} is not a slug (lower-case letters, digits and '-')")
    if rec.get("id") != path.stem:
        rec.error("id", f"id {rec.get('id')!r} differs from the file name {path.stem!r}")
    if rec.get("published") == PUBLISHED_UNKNOWN:
        if not rec.text("notes").strip():
            rec.error("published", "the publication date is unknown: say why in notes")
    elif not _iso_date(rec.get("published"), allow_month=True):
        rec.error("published", f"{_show(rec.get('published'))} is not an ISO date (YYYY-MM-DD, or YYYY-MM, "
                               f"or {PUBLISHED_UNKNOWN} with notes saying why)")
    nl = raw.find("\n", close.end())
    text = raw[nl + 1:] if nl >= 0 and close.end() <= nl else ""
    if not text.strip():
        problems.append(Problem(where, end + 2, "text", "the source has no text after its front matter"))
        return None
    if not rec.ok:
        return None
    original, original_note = split_original(rec.text("translation_of"))
    return Source(
        id=rec.get("id"), title=rec.get("title"), outlet=rec.get("outlet"), url=rec.get("url"),
        kind=rec.get("kind"), published=rec.get("published"), author=rec.text("author"),
        rights=rec.get("rights"), notes=rec.text("notes").strip(), text=text, path=where,
        language=rec.text("language"), translation_of=original, original_note=original_note,
        translated_by=rec.text("translated_by"), body_line=end + 2,
    )


_ORIGINAL = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)(?:\s+\((.*)\))?\s*$", re.S)


def split_original(value: str) -> tuple[str, str]:
    """translation_of, read: (the original's id, a note on it).

    It is a source id ("court-ruling-a"), a source id with a note in parentheses
    ("minister-letter-b (the letter; ...)"), or words describing an original the casefile does not
    hold ("the party's statement (original not stored; no file)"), which give no id. Whether an id
    names a source is checked with the whole case.
    """
    value = value.strip()
    m = _ORIGINAL.match(value)
    if m:
        return m.group(1), (m.group(2) or "").strip()
    return "", value


# --- the closest passage, for "not found verbatim" messages --------------------------------

CLOSEST_FULL_SCAN_CHARS = 200_000  # up to this size every window is compared (real sources: < 30 kB)
CLOSEST_MAX_ANCHORS = 400  # beyond it, windows are compared only around this many anchor words
CLOSEST_SECONDS = 2.0  # and the search gives up after this long
CLOSEST_MAX_NEEDLE = 5_000  # a "quotation" longer than this is not compared at all


def _closest_scan(text: str, needle: str, deadline: float) -> tuple[str, float]:
    words = list(re.finditer(r"\S+", text))
    n = max(1, len(needle.split()))
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for i in range(0, max(1, len(words) - n + 1)):
        window = words[i:i + n]
        if not window:
            break
        if i % 256 == 0 and time.monotonic() > deadline:
            break
        candidate = text[window[0].start():window[-1].end()]
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best, best_ratio


def closest_passage(text: str, needle: str, seconds: float = CLOSEST_SECONDS) -> str:
    """The passage of text that looks most like needle (for 'did you mean' messages).

    On a text longer than any real source, only the passages around the needle's rarest words
    are compared, within a time limit; "" when nothing comparable was found.
    """
    deadline = time.monotonic() + seconds
    if len(needle) > CLOSEST_MAX_NEEDLE:
        return ""
    if len(text) <= CLOSEST_FULL_SCAN_CHARS:
        return _closest_scan(text, needle, deadline)[0]
    tokens = sorted({w for w in re.findall(r"\w{3,}", needle)}, key=len, reverse=True)[:6] or needle.split()[:3]
    reach = len(needle) + 200
    spans: list[tuple[int, int]] = []
    for token in tokens:
        pos, found = text.find(token), 0
        while pos >= 0 and found < CLOSEST_MAX_ANCHORS // max(1, len(tokens)):
            a, b = max(0, pos - reach), min(len(text), pos + reach)
            while a > 0 and a > pos - 2 * reach and not text[a - 1].isspace():  # whole words only
                a -= 1
            while b < len(text) and b < pos + 2 * reach and not text[b].isspace():
                b += 1
            spans.append((a, b))
            found += 1
            pos = text.find(token, pos + 1)
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    best, best_ratio = "", -1.0
    for a, b in merged:
        if time.monotonic() > deadline:
            break
        candidate, ratio = _closest_scan(text[a:b], needle, deadline)
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``, left to right, without overlaps (as a search for the
    literal text would find it; no pattern is compiled: a casefile has hundreds of quotes)."""
    if not needle:
        return list(range(len(text) + 1))
    out, at = [], text.find(needle)
    while at != -1:
        out.append(at)
        at = text.find(needle, at + len(needle))
    return out


def locate(source: Source, needle: str, occurrence: Optional[int]) -> tuple[Optional[int], str]:
    """Offset of the verbatim span in the source, or None and the reason it was not found."""
    starts = _occurrences(source.text, needle)
    if not starts:
        near = closest_passage(source.text, needle)
        if not near:
            why = (f"the text has {len(needle):,} characters, too long to compare" if len(needle) > CLOSEST_MAX_NEEDLE
                   else f"no similar passage found in its {len(source.text):,} characters")
            return None, f"not found verbatim in source {source.id!r}; {why}"
        return None, f"not found verbatim in source {source.id!r}; closest passage: {near!r}"
    if occurrence is None:
        if len(starts) > 1:
            lines = ", ".join(str(source.line_of(s)) for s in starts[:20]) + (", ..." if len(starts) > 20 else "")
            return None, (f"found {len(starts)} times in source {source.id!r} (lines {lines}); "
                          f"add 'occurrence: N' to say which")
        return starts[0], ""
    if not 1 <= occurrence <= len(starts):
        return None, f"occurrence {occurrence} asked, but the text occurs {len(starts)} time(s) in {source.id!r}"
    return starts[occurrence - 1], ""


# --- the case ---------------------------------------------------------------------------

class _Loader:
    """One pass over a casefile folder; collects problems, builds records."""

    def __init__(self, folder: Path, read_layout: bool = True):
        self.folder = folder
        self.read_layout = read_layout  # False: a stored layout is ignored (to compute it again)
        self.problems: list[Problem] = []
        self.sources: dict[str, Source] = {}
        self.seen_ids: dict[tuple[str, str], tuple[str, int]] = {}
        self.events: dict[str, Event] = {}
        # ids declared by records that have their own mistakes: references to them are not
        # reported again, so one mistake gives one message
        self.declared: dict[str, set[str]] = {}
        self.meta_lines: dict[str, dict] = {}  # source id -> line of each front-matter field
        self.renders: list[tuple[Quote, str, int]] = []  # quotes with renders:, checked once all are read
        # an annotation file that could not be read at all: its quotes are unknown, so references
        # to unknown quotes are not reported (the file is named once)
        self.unreadable_annotations = False
        self.broken_annotation_sources: set[str] = set()
        self.sources_unreadable = False

    # helpers
    def _items(self, data: Any, key: str, where: str, spec: dict, label: str) -> Iterator[_Record]:
        """Yield a checked _Record for every entry of the list data[key] (nothing if it is no list:
        the record holding it has reported that)."""
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            return
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
            rec.error("id", f"id {_show(ident)} is not a slug (lower-case letters, digits and '-')")
            return
        key = (kind, ident)
        if key in self.seen_ids:
            f, line = self.seen_ids[key]
            rec.error("id", f"duplicate id {ident!r} (first used at {f}:{line})")
        else:
            self.seen_ids[key] = (rec.where, rec.line_of("id"))

    def _is_declared(self, value: Any) -> bool:
        return isinstance(value, str) and any(value in ids for ids in self.declared.values())

    def _ref(self, rec: _Record, key: str, known: dict, what: str) -> bool:
        value = rec.get(key)
        if value is None or value in known:
            return True
        if self._is_declared(value) or (known is self.sources and self.sources_unreadable):
            rec.ok = False  # the referenced record (or the folder of sources) is broken and already reported
            return False
        hint = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
        more = f"; did you mean '{hint[0]}'?" if hint else ""
        rec.error(key, f"unknown {what} {_show(value)}{more}")
        return False

    def _unknown_quote(self, value: str) -> bool:
        """A quote id that is neither loaded nor explained by another reported mistake."""
        return not self._is_declared(value) and not self.unreadable_annotations

    # the pass
    def load(self) -> Case:
        folder = self.folder
        case_path = folder / "case.yaml"
        if not folder.is_dir():
            raise CasefileError([Problem(_rel(folder), 0, "path", "no such casefile folder")])
        if not os.path.lexists(case_path):
            raise CasefileError([Problem(_rel(case_path), 0, "case.yaml", "missing: a casefile folder needs case.yaml")])
        self._read_sources()
        where = _rel(case_path)
        text = _read_text(case_path, self.problems, limit=MAX_YAML_BYTES)
        data = _load_yaml(text, where, self.problems) if text is not None else None
        if data is None:
            if not self.problems:
                self.problems.append(Problem(where, 1, "case.yaml", "the file is empty"))
            raise CasefileError(self.problems)
        top = _Record(data, _CASE, where, 1, "case", self.problems)
        if not isinstance(data, dict):
            raise CasefileError(self.problems)
        # everything refers to actors, people and events: without their lists, stop at that mistake
        if any(not isinstance(data.get(key, []), list) for key in ("actors", "people", "events")) \
                or "actors" not in data or "people" not in data:
            raise CasefileError(self.problems)

        actor_records = [r for r in self._items(data, "actors", where, _ACTOR, "actors") if r.ok]
        actors = [self._actor(r) for r in actor_records]
        actor_ids = {a.id: a for a in actors}
        self._check_members(actor_records, actor_ids)
        people = self._people(data, where, actor_ids)
        person_ids = {p.id: p for p in people}
        speakers = {**actor_ids, **person_ids}
        for pid in sorted(set(person_ids) & set(actor_ids)):
            self.problems.append(Problem(where, 1, "people", f"id {pid!r} names both a person and an actor"))

        quotes = self._annotations(speakers, person_ids)
        quote_ids = {q.id: q for q in quotes}
        events = self._events(data, where, actor_ids, person_ids)
        self.events = {e.id: e for e in events}
        stances = self._stances(data, where, actor_ids, quote_ids)
        relations = self._relations(data, where, actor_ids, quote_ids)
        terms = self._terms(data, where, quote_ids)
        notes = self._notes(data, where)
        questions = [dict(r.data) for r in self._items(data, "open_questions", where, _QUESTION, "open_questions")
                     if r.ok]
        core = top.text("core_source") if isinstance(top.get("core_source"), str) else ""
        if core and core not in self.sources and not self._is_declared(core) and not self.sources_unreadable:
            top.error("core_source", f"unknown source {core!r}")
        chain = tuple(top.get("reporting_chain") or ()) if _is_kind(top.get("reporting_chain"), TEXT_LIST) else ()
        chains = self._chains(data, where, chain)
        frames = self._frames(data, where)
        groups = self._groups(data, where, actor_ids)
        exercises = self._exercises(top, actor_ids)
        layout = self._layout(top, actor_ids, relations) if self.read_layout else ()
        self._check_translations(quotes)
        for source_id in sorted(self.sources):
            if source_id in self.broken_annotation_sources:
                continue
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
            reporting_chain=chain or (chains[0].steps if chains else ()),
            open_questions=tuple(questions), titles_as_of=top.text("titles_as_of"),
            reporting_chains=tuple(chains),
            event_name=top.text("event_name") or "the event", fact_sheet=top.text("fact_sheet"),
            exercises=exercises, frames=tuple(frames), groups=tuple(groups), layout=layout,
        )

    def _read_sources(self) -> None:
        folder = self.folder / "sources"
        if not folder.is_dir() or folder.is_symlink():
            self.sources_unreadable = True  # the folder is reported; the sources it would hold are not
            if folder.is_symlink():
                self.problems.append(_not_regular(folder, os.lstat(folder).st_mode))
            else:
                self.problems.append(Problem(_rel(folder), 0, "sources", "missing folder of source texts"))
            return
        refused: list[Path] = []
        paths = _entries(folder, ".md", self.problems, refused)
        self.declared.setdefault("sources", set()).update(p.stem for p in refused)
        for path in paths:
            self.declared.setdefault("sources", set()).add(path.stem)
            self.meta_lines[path.stem] = {}
            source = read_source(path, self.problems, self.meta_lines[path.stem])
            if source is not None:
                if source.id in self.sources:
                    self.problems.append(Problem(_rel(path), 2, "id", f"duplicate source id {source.id!r}"))
                self.sources[source.id] = source

    def _actor(self, r: _Record) -> Actor:
        return Actor(id=r.get("id"), name=r.get("name"), kind=r.get("kind"),
                     description=r.text("description"), source=r.text("source"),
                     members=tuple(r.get("members") or ()))

    def _check_members(self, records: list[_Record], actor_ids: dict) -> None:
        """A joint actor's members are other actors of the case, each named once."""
        for r in records:
            members = r.get("members") or []
            for i, value in enumerate(members):
                if value == r.get("id"):
                    r.error("members", f"{_show(value)} names the joint actor itself; list the actors it speaks for")
                elif value in members[:i]:
                    r.error("members", f"{_show(value)} is listed twice")
                elif value not in actor_ids and not self._is_declared(value):
                    hint = difflib.get_close_matches(str(value), list(actor_ids), n=1)
                    r.error("members", f"unknown actor {_show(value)}" + (f"; did you mean '{hint[0]}'?" if hint else ""))

    def _people(self, data: Any, where: str, actor_ids: dict) -> list[Person]:
        people = []
        for r in self._items(data, "people", where, _PERSON, "people"):
            if r.ok and self._ref(r, "actor", actor_ids, "actor"):
                people.append(Person(id=r.get("id"), name=r.get("name"), title=r.get("title"),
                                     actor=r.get("actor"), title_source=r.get("title_source"),
                                     note=r.text("note"), unnamed=bool(r.get("unnamed", False))))
        return people

    def _events(self, data: Any, where: str, actor_ids: dict, person_ids: dict) -> list[Event]:
        events = []
        for r in self._items(data, "events", where, _EVENT, "events"):
            if not r.ok:
                continue
            r.date("date")
            r.choice("status")
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
                                    status=r.get("status"), source=r.text("source"),
                                    citation=r.text("citation"), actors=tuple(r.get("actors") or ()),
                                    people=tuple(r.get("people") or ()), note=r.text("note")))
        return events

    def _stances(self, data: Any, where: str, actor_ids: dict, quote_ids: dict) -> list[Stance]:
        stances = []
        for r in self._items(data, "stances", where, _STANCE, "stances"):
            if not r.ok:
                continue
            self._ref(r, "actor", actor_ids, "actor")
            r.choice("position")
            r.date("date")
            evidence = self._evidence(r, quote_ids)
            if r.ok:
                stances.append(Stance(id=r.get("id"), actor=r.get("actor"), position=r.get("position"),
                                      date=r.get("date"), summary=r.get("summary"), evidence=evidence,
                                      note=r.text("note")))
        return stances

    def _relations(self, data: Any, where: str, actor_ids: dict, quote_ids: dict) -> list[Relation]:
        relations = []
        for r in self._items(data, "relations", where, _RELATION, "relations"):
            if not r.ok:
                continue
            self._ref(r, "actor", actor_ids, "actor")
            self._ref(r, "other", actor_ids, "actor")
            if r.get("actor") == r.get("other"):
                r.error("other", "a relation needs two different actors")
            r.choice("type")
            r.date("date")
            evidence = self._evidence(r, quote_ids)
            if r.ok:
                relations.append(Relation(id=r.get("id"), actor=r.get("actor"), other=r.get("other"),
                                          type=r.get("type"), date=r.get("date"), summary=r.get("summary"),
                                          evidence=evidence, intent=bool(r.get("intent", False)),
                                          note=r.text("note")))
        return relations

    def _terms(self, data: Any, where: str, quote_ids: dict) -> list[Term]:
        terms = []
        for r in self._items(data, "terms", where, _TERM, "terms"):
            if not r.ok:
                continue
            if r.get("quote") not in quote_ids and not self._unknown_quote(r.get("quote")):
                continue
            if self._ref(r, "quote", quote_ids, "quote"):
                if r.get("text") not in quote_ids[r.get("quote")].text:
                    r.error("text", f"{r.get('text')!r} does not occur in quote {r.get('quote')!r}")
                    continue
                terms.append(Term(id=r.get("id"), text=r.get("text"), quote=r.get("quote"),
                                  gloss=r.get("gloss"), adopted_by_outlet=bool(r.get("adopted_by_outlet", False)),
                                  note=r.text("note")))
        return terms

    def _notes(self, data: Any, where: str) -> list[Note]:
        notes = []
        for r in self._items(data, "notes", where, _NOTE, "notes"):
            if r.ok and self._ref(r, "source", self.sources, "source"):
                if r.get("span"):
                    start, why = locate(self.sources[r.get("source")], r.get("span"), r.get("occurrence"))
                    if start is None:
                        r.error("span", why)
                        continue
                notes.append(Note(id=r.get("id"), source=r.get("source"), topic=r.get("topic"),
                                  text=r.get("text"), span=r.text("span")))
        return notes

    def _chains(self, data: Any, where: str, chain: tuple[str, ...]) -> list[ReportingChain]:
        chains = []
        if chain:
            chains.append(ReportingChain(id="reporting-chain", title="The reporting chain", steps=chain))
        for r in self._items(data, "reporting_chains", where, _CHAIN, "reporting_chains"):
            if r.ok and not r.get("steps"):
                r.error("steps", "a reporting chain needs at least one step, and every step must be text")
            if r.ok:
                chains.append(ReportingChain(id=r.get("id"), title=r.get("title"), steps=tuple(r.get("steps"))))
        return chains

    def _frames(self, data: Any, where: str) -> list[Frame]:
        return [Frame(id=r.get("id"), title=r.get("title"), words=tuple(r.get("words")))
                for r in self._items(data, "frames", where, _FRAME, "frames") if r.ok]

    def _groups(self, data: Any, where: str, actor_ids: dict) -> list[Group]:
        """Groups of actors: each names known actors, and an actor is in one group at most."""
        groups, placed = [], {}
        for r in self._items(data, "groups", where, _GROUP, "groups"):
            if not r.ok:
                continue
            if not r.get("actors"):
                r.error("actors", "a group needs at least one actor")
            for value in r.get("actors"):
                if value not in actor_ids and not self._is_declared(value):
                    hint = difflib.get_close_matches(str(value), list(actor_ids), n=1)
                    r.error("actors", f"unknown actor {_show(value)}" + (f"; did you mean '{hint[0]}'?" if hint else ""))
                elif value in placed:
                    r.error("actors", f"actor {_show(value)} is already in group {placed[value]!r}; "
                                      f"an actor is in one group at most")
                else:
                    placed[value] = r.get("id")
            if r.ok:
                groups.append(Group(id=r.get("id"), title=r.get("title"), actors=tuple(r.get("actors")),
                                    note=r.text("note")))
        return groups

    def _layout(self, top: _Record, actor_ids: dict, relations: list) -> tuple:
        """The stored network layout: a place in [-1, 1] x [-1, 1] for exactly the actors in a relation."""
        raw = top.get("layout")
        if not isinstance(raw, dict):
            return ()
        lines = getattr(raw, "lines", {})
        needed = related_actors(relations)
        fix = f"run `casekit layout {self.folder.name} --write` to write it again"
        out, ok = [], True
        for actor, place in raw.items():
            line = lines.get(actor, top.line_of("layout"))
            if actor not in actor_ids and not self._is_declared(actor):
                hint = difflib.get_close_matches(str(actor), list(actor_ids), n=1)
                self.problems.append(Problem(top.where, line, "layout", f"unknown actor {_show(actor)}"
                                             + (f"; did you mean '{hint[0]}'?" if hint else "")))
                ok = False
            elif actor not in needed:
                self.problems.append(Problem(top.where, line, "layout", f"actor {_show(actor)} is in no relation, "
                                             f"so the network does not show it; remove it or {fix}"))
                ok = False
            elif not (isinstance(place, list) and len(place) == 2
                      and all(isinstance(v, (int, float)) and not isinstance(v, bool) and -1 <= v <= 1 for v in place)):
                self.problems.append(Problem(top.where, line, "layout", f"actor {_show(actor)}: expected [x, y], two "
                                             f"numbers from -1 to 1, got {_describe(place)}"))
                ok = False
            else:
                out.append((str(actor), float(place[0]), float(place[1])))
        missing = [a for a in needed if a not in raw]
        if missing:
            self.problems.append(Problem(top.where, top.line_of("layout"), "layout",
                                         f"no place for {', '.join(map(repr, missing))} (in a relation); {fix}"))
            ok = False
        return tuple(out) if ok else ()

    def _exercises(self, top: _Record, actor_ids: dict) -> dict:
        """The exercises mapping: what each exercise reads (sources, pairs) and asks (selection)."""
        raw = top.get("exercises")
        if not isinstance(raw, dict):
            return {}
        out = {}
        for name, spec in raw.items():
            rec = _Record(spec, _EXERCISE, top.where, getattr(raw, "lines", {}).get(name, top.line),
                          f"exercises.{name}", self.problems)
            if not rec.ok:
                continue
            for source_id in rec.get("sources") or []:
                if source_id not in self.sources and not self._is_declared(source_id):
                    rec.error("sources", f"unknown source {_show(source_id)}")
            for pair in rec.get("no_relation_pairs") or []:
                if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(a, str) for a in pair)):
                    rec.error("no_relation_pairs", f"expected a pair of actor ids like [iraq, israel], got {_describe(pair)}")
                    continue
                for a in pair:
                    if a not in actor_ids and not self._is_declared(a):
                        rec.error("no_relation_pairs", f"unknown actor {_show(a)}")
            for session, ids in (rec.get("sessions") or {}).items():
                if not _is_kind(ids, TEXT_LIST):
                    rec.error("sessions", f"session {_show(session)}: expected a list of question ids")
            if rec.get("marked") is not None and rec.get("marked") < 1:
                rec.error("marked", "must be 1 or more")
            if rec.ok:
                out[str(name)] = _plain(spec)
        return out

    def _check_translations(self, quotes: list[Quote]) -> None:
        """translation_of names a source of the case and goes with translated_by; renders names a
        quote of that original."""
        for sid, source in list(self.sources.items()):
            if (source.translation_of and source.original_note and source.translation_of not in self.sources
                    and not self._is_declared(source.translation_of)):
                # "an-id (… not stored)": an original the casefile does not hold, named by the id it would have
                source = dataclasses.replace(source, translation_of="",
                                             original_note=f"{source.translation_of} ({source.original_note})")
                self.sources[sid] = source
        for source in self.sources.values():
            where = source.path
            lines = self.meta_lines.get(source.id, {})
            line = lines.get("translation_of", lines.get("translated_by", 1))
            if not source.translation_of and source.original_note:
                if not source.translated_by:
                    self.problems.append(Problem(where, line, "front matter.translated_by",
                                                 "a source with translation_of must say who published the "
                                                 "rendering (translated_by)"))
            elif source.translation_of:
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
            if not original and self.sources[q.source].original_note:
                self.problems.append(Problem(where, line, label, f"source {q.source!r} renders an original the "
                                             "casefile does not hold, so its quotes cannot render a quote"))
                continue
            if not original:
                self.problems.append(Problem(where, line, label, f"source {q.source!r} has no translation_of, "
                                             "so its quotes cannot render another source's quote"))
                continue
            target = by_id.get(q.renders)
            if target is None:
                if self._unknown_quote(q.renders):
                    hint = difflib.get_close_matches(q.renders, [k for k, v in by_id.items() if v.source == original], n=1)
                    more = f"; did you mean '{hint[0]}'?" if hint else ""
                    self.problems.append(Problem(where, line, label, f"unknown quote {q.renders!r}{more}"))
                continue
            if target.source != original:
                self.problems.append(Problem(where, line, label, f"quote {q.renders!r} is in source {target.source!r}, "
                                             f"not in {original!r}, the original this source renders"))

    def _broken_annotation(self, path: Path, data: Any) -> None:
        """An annotation file that could not be read, parsed or used: it is named once, and not
        again wherever its quotes are cited or where its source is said to have no quote."""
        self.broken_annotation_sources.add(path.stem)
        quotes = data.get("quotes") if isinstance(data, dict) else None
        if isinstance(data, dict) and isinstance(data.get("source"), str):
            self.broken_annotation_sources.add(data["source"])
        if not isinstance(quotes, list):  # its quotes cannot be known: no quote is called unknown
            self.unreadable_annotations = True
            return
        for item in quotes:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.declared.setdefault("quotes", set()).add(item["id"])
            else:
                self.unreadable_annotations = True

    def _annotations(self, speakers: dict, person_ids: dict) -> list[Quote]:
        quotes: list[Quote] = []
        folder = self.folder / "annotations"
        if folder.is_symlink():
            self.problems.append(_not_regular(folder, os.lstat(folder).st_mode))
            self.unreadable_annotations = True
            return quotes
        refused: list[Path] = []
        paths = _entries(folder, ".yaml", self.problems, refused)
        for path in refused:
            self._broken_annotation(path, None)
        for path in paths:
            where = _clean(_rel(path))
            before = len(self.problems)
            text = _read_text(path, self.problems, limit=MAX_YAML_BYTES)
            data = _load_yaml(text, where, self.problems) if text is not None else None
            if data is None:
                if len(self.problems) > before:
                    self._broken_annotation(path, None)
                continue
            top = _Record(data, _ANNOTATION, where, 1, "annotations", self.problems)
            if top.ok and self.sources_unreadable and top.get("source") not in self.sources:
                top.ok = False  # its source could not be read: reported once, on the folder
            if not top.ok or not self._ref(top, "source", self.sources, "source"):
                self._broken_annotation(path, data)
                continue
            quotes += self._annotation_quotes(top, data, where, speakers, person_ids)
        return quotes

    def _annotation_quotes(self, top: _Record, data: Any, where: str, speakers: dict,
                           person_ids: dict) -> list[Quote]:
        source = self.sources[top.get("source")]
        confidence, doubt, lang = top.text("confidence"), top.text("doubt").strip(), top.text("lang")
        top.choice("confidence")
        if confidence == "C" and not doubt:
            top._add(top.line_of("confidence"), "annotations.doubt",
                     "a source graded C needs a doubt: what students must know about it")
            top.ok = False
        if doubt and not confidence:
            top.error("confidence", f"a doubt is given but no confidence grade ({', '.join(CONFIDENCE_GRADES)})")
        if lang and not BCP47.match(lang):
            top.error("lang", f"{lang!r} is not a BCP 47 language code (for example ar, fa, fr, pt-BR)")
        source = dataclasses.replace(source, confidence=confidence, doubt=doubt, lang=lang)
        marker = top.get("analysis_from")
        if marker:
            if marker not in source.text:
                top.error("analysis_from", f"{marker!r} does not occur in source {source.id!r}")
            else:
                source = dataclasses.replace(source, analysis_marker=marker)
        self.sources[source.id] = source
        quotes = []
        for r in self._items(data, "quotes", where, _QUOTE, "quotes"):
            if not r.ok:
                continue
            quote = self._quote(r, source, speakers, person_ids)
            if quote is not None and r.ok:
                quotes.append(quote)
                if quote.renders:
                    self.renders.append((quote, where, r.line_of("renders")))
        return quotes

    def _quote(self, r: _Record, source: Source, speakers: dict, person_ids: dict) -> Optional[Quote]:
        self._ref(r, "speaker", speakers, "speaker (person or actor)")
        r.choice("kind")
        for value in r.get("mentions") or []:
            if value not in speakers and not self._is_declared(value):
                r.error("mentions", f"unknown person or actor {value!r}")
        if r.get("issued_by"):
            self._ref(r, "issued_by", person_ids, "person")
        if r.get("date") is None:
            if not r.get("date_note"):
                r.error("date", "no date: give one, or say why in date_note")
        else:
            r.date("date")
        headline = bool(r.get("headline", False))
        if headline:
            start = -1
            if r.get("occurrence") is not None:
                r.error("occurrence", "a headline quote is looked up in the title; occurrence does not apply")
            if r.get("text") not in source.title:
                r.error("text", f"not found verbatim in the title of source {source.id!r} "
                                f"(headline: true); the title is {source.title!r}")
                return None
        else:
            start, why = locate(source, r.get("text"), r.get("occurrence"))
            if start is None:
                r.error("text", why)
                return None
        cue = r.get("cue")
        if cue is not None and headline:
            if cue not in source.title:
                r.error("cue", f"{cue!r} is not in the title of the source (headline: true)")
                return None
        elif cue is not None:
            p_start, p_end = source.paragraph_span(start)
            if cue not in source.text[p_start:p_end]:
                found = "found elsewhere in the source" if cue in source.text else "not in the source at all"
                r.error("cue", f"{cue!r} is not in the quote's paragraph ({found})")
                return None
        return Quote(
            id=r.get("id"), source=source.id, text=r.get("text"), speaker=r.get("speaker"),
            kind=r.get("kind"), cue=cue, date=r.get("date"), start=start,
            date_note=r.text("date_note"), venue=r.text("venue"), audience=r.text("audience"),
            issued_by=r.text("issued_by"), note=r.text("note"), in_analysis=start >= source.analysis_start,
            mentions=tuple(r.get("mentions") or ()), renders=r.text("renders"),
            disputed=r.text("disputed").strip(), headline=headline,
        )

    def _evidence(self, r: _Record, quote_ids: dict) -> tuple[Evidence, ...]:
        out = []
        items = r.get("evidence") or []
        if not items:
            r.error("evidence", "at least one piece of evidence is needed")
        item_lines = getattr(items, "lines", [])
        for i, item in enumerate(items):
            if isinstance(item, str):
                if item not in quote_ids and not self._unknown_quote(item):
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
            line = getattr(item, "line", item_lines[i] if i < len(item_lines) else r.line_of("evidence"))
            if isinstance(item, dict) and "event" in item:
                ev = _Record(item, _EVENT_EVIDENCE, r.where, line, f"{r.label}.evidence[{i}]", self.problems)
                if ev.ok and self._ref(ev, "event", self.events, "event"):
                    e = self.events[ev.get("event")]
                    out.append(Evidence(source=e.cited, text=e.title, start=-1, event=e.id))
                else:
                    r.ok = False
                continue
            span = _Record(item, _SPAN, r.where, line, f"{r.label}.evidence[{i}]", self.problems)
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
    out = []
    for path, pattern in ((folder, "case.yaml"), (folder / "sources", "*.md"), (folder / "annotations", "*.yaml")):
        try:
            names = sorted(e.name for e in os.scandir(path) if Path(e.name).match(pattern))
        except OSError:
            continue
        for name in names:
            try:
                st = os.lstat(path / name)
            except OSError:
                continue
            out.append((str(path / name), st.st_mode, st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_case(path_or_id: "str | os.PathLike[str]") -> Case:
    """Load and validate a casefile; raise CasefileError listing every problem."""
    folder = find_casefile(path_or_id).resolve()
    key = (str(folder), _fingerprint(folder))
    if key not in _CACHE:
        _CACHE[key] = _Loader(folder).load()
    return _CACHE[key]


def load_case_without_layout(path_or_id: "str | os.PathLike[str]") -> Case:
    """Load a casefile ignoring its stored network layout (to compute the layout again)."""
    return _Loader(find_casefile(path_or_id).resolve(), read_layout=False).load()


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
