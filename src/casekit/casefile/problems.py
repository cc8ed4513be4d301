"""What a mistake in a casefile is: a ``Problem`` located by file, line and field, and the
``CasefileError`` that lists them all; and how values are shown in their messages."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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

