"""Small text and id helpers that several modules need, defined once.

- ``printable``: untrusted text for a terminal, unprintable characters escaped (grading's messages).
- ``one_line``: any text as one printable line, unprintable characters as spaces (the report).
- ``escape_html``: text for HTML, quotes included (tables, widgets, figure tags).
- ``question_kind`` / ``question_subject`` / ``question_pair``: the parts of a question id
  (``kind/subject``; a relation's subject is ``a--b``).
- ``did_you_mean``: the hint added to a message about an unknown name.
- ``exercise_setting``: one setting of an exercise as a casefile declares it.
Nothing here imports another casekit module.
"""
from __future__ import annotations

import difflib
import html
from typing import Any, Iterable, Mapping, Optional


def printable(text: object) -> str:
    """Text safe to print on a terminal: control, format and other unprintable characters escaped."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text))


def one_line(text: object) -> str:
    """Any text as one printable line: line breaks, control and format characters become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def escape_html(value: object) -> str:
    """Text for HTML, in an element or an attribute value."""
    return html.escape(str(value), quote=True)


def question_kind(qid: str) -> str:
    """The kind of a question id: 'who_said' of 'who_said/some-quote'."""
    return qid.partition("/")[0]


def question_subject(qid: str) -> str:
    """What a question id is about: 'some-quote' of 'who_said/some-quote' ('' when it has no '/')."""
    return qid.partition("/")[2]


def question_pair(qid: str) -> Optional[tuple[str, str]]:
    """The two actors of a relation question id ('relation/a--b'), or None if it names no pair."""
    a, sep, b = question_subject(qid).partition("--")
    return (a, b) if sep and a and b and "--" not in b else None


def did_you_mean(value: object, known: Iterable[object], n: int = 1, cutoff: float = 0.6) -> str:
    """'; did you mean 'x'?' (or 'x' or 'y') for the known names nearest to value, '' if none is near."""
    close = difflib.get_close_matches(str(value), [str(k) for k in known], n=n, cutoff=cutoff)
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else ""


def exercise_setting(exercises: Mapping[str, Any], exercise: str, key: str, default: Any = None) -> Any:
    """One setting of an exercise in a casefile's ``exercises:`` block, or default when not given."""
    spec = exercises.get(exercise) if isinstance(exercises, Mapping) else None
    value = spec.get(key) if isinstance(spec, Mapping) else None
    return default if value is None else value
