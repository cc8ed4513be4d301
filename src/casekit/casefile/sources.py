"""Source files: a sources/*.md file is YAML front matter (the source's provenance, the fields of
``model.Source``), then the verbatim text."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from ..model import Source
from ..schema import fields_of
from . import safe_files
from .fields import _iso_date, _Record, build, SLUG
from .problems import Problem, _clean, _rel, _show
from .safe_files import _read_text
from .yaml_lines import _load_yaml

PUBLISHED_UNKNOWN = "unknown"  # a source whose page shows no publication date (its notes say so)
SOURCE_REQUIRED = tuple(k for k, f in fields_of(Source).items() if f.required)
SOURCE_OPTIONAL = tuple(k for k, f in fields_of(Source).items() if not f.required)


def read_source(path: Path, problems: list[Problem], meta_lines: Optional[dict] = None) -> Optional[Source]:
    """Read one sources/*.md file: YAML front matter, then the verbatim text.

    meta_lines, when given, receives the line of each front-matter field.
    """
    where = _clean(_rel(path))
    raw = _read_text(path, problems, limit=safe_files.MAX_SOURCE_BYTES)
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
    if len(front) > safe_files.MAX_YAML_BYTES:
        problems.append(Problem(where, 2, "front matter", f"front matter of {len(front):,} characters; "
                                                          f"it is limited to {safe_files.MAX_YAML_BYTES:,}"))
        return None
    meta = _load_yaml(front, where, problems, first_line=2)
    if meta is None and not any(p.file == where for p in problems):
        problems.append(Problem(where, 1, "front matter", "front matter is empty"))
    if meta is None:
        return None
    rec = _Record(meta, Source, where, 1, "front matter", problems)
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
    return build(Source, rec, notes=rec.text("notes").strip(), text=text, path=where, body_line=end + 2,
                 translation_of=original, original_note=original_note)


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
