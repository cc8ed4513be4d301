"""Plain text from markup: the text version of a view, derived from the view's own HTML.

A view is written once, as markup; its plain text (what a console, a notebook's ``text/plain``
output or a test reads) is read from that markup here, so the two cannot say different things.
Standard library only (``html.parser``).

How the markup reads as text:

- paragraphs, headings, sections and tables are blocks, with a blank line between them;
- a list item is a line, ``- `` (``1. `` in an ordered list, its ``value`` honoured); a list follows
  the line before it without a blank line; a nested list, and a line break inside an item, is indented;
- a table row is a line, its cells (header row included) joined by `` | ``; a caption is the line
  above the rows; inside a cell everything stays on the row's line;
- ``<br>`` is a new line; ``<pre>``, and an element styled ``white-space: pre``, ``pre-wrap`` or
  ``pre-line``, keeps its lines;
- ``<details>``: its ``<summary>`` line, followed by `` (folded)`` when it is closed by default, then
  its contents;
- ``<img>``: its alternative text; ``<sup>`` (a footnote mark): `` [1]``;
- ``<script>``, ``<style>``, ``<template>`` and anything ``aria-hidden="true"`` or ``hidden`` are left out;
- entities are unescaped, runs of spaces and new lines in the markup are one space, no line ends in a space.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional

__all__ = ["html_to_text"]

_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space (a no-break space is kept)
_KEEPS_LINES = re.compile(r"white-space\s*:\s*pre", re.I)  # pre, pre-wrap, pre-line: its lines are kept
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_DROPPED = {"script", "style", "template", "noscript", "head", "title"}
_BLOCKS = {"address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figcaption", "figure", "footer",
           "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "legend", "main", "nav", "p", "pre",
           "section", "table", "details"}
_LINES = {"dt", "dd", "caption", "summary"}  # a line of their own, no blank line around them


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]  # the text so far; the last is the line being written
        self.pending = 0  # new lines owed before the next text: 1 a line break, 2 a blank line
        self.cap: Optional[int] = None  # at most this many, until text comes (after a summary, in a list item)
        self.indent = ""  # the next line's indentation, and a list item's marker once
        self.stack: list[tuple[str, dict]] = []  # open elements: (tag, what to do at its end)
        self.hidden = 0  # inside elements left out
        self.pre = 0  # inside <pre>
        self.lists: list[list] = []  # per open list: [ordered, next number]
        self.items = 0  # open list items
        self.details: list[bool] = []  # per open <details>: closed by default
        self.row: Optional[list[str]] = None  # the cells of the open table row
        self.cell: Optional[list[str]] = None  # the text of the open table cell
        self.cell_gap = False  # a break inside a cell: a space before the next text
        self.captures: list[list[str]] = []  # text held back (a <sup>'s, to bracket it)

    # --- writing ------------------------------------------------------------------------------

    def _break(self, n: int, tight: bool = False) -> None:
        """Ask for ``n`` new lines before the next text (a blank line for 2); ``tight``: at most ``n``."""
        if self.cell is not None or self.captures:
            self.cell_gap = True
            return
        if self.items:
            n = min(n, 1)
        self.pending = n if tight else max(self.pending, n)
        if self.cap is not None:
            self.pending = min(self.pending, self.cap)

    def _flush(self) -> None:
        """Write the new lines owed (never at the very start) and the indentation of a new line."""
        if self.pending and any(line.strip() for line in self.lines):
            last = max(i for i, line in enumerate(self.lines) if line.strip())
            for _ in range(self.pending - (len(self.lines) - 1 - last)):
                self.lines.append("")
        self.pending = 0
        self.cap = None
        if not self.lines[-1]:
            self.lines[-1] = self._line_indent()

    def _line_indent(self) -> str:
        if not self.lists:
            return ""
        marker, self.indent = self.indent, ""
        return marker or "  " * len(self.lists)

    def _text(self, text: str) -> None:
        """Write text: white space collapsed, none at the start of a line."""
        if self.hidden:
            return
        text = _SPACE.sub(" ", text)
        if self.captures:
            self.captures[-1].append(text)
            return
        if self.cell is not None:
            if self.cell_gap and self.cell and text.strip():
                text = " " + text.lstrip()
            if text.strip():
                self.cell_gap = False
            self.cell.append(text)
            return
        at_start = self.pending or not self.lines[-1].strip()
        if at_start or self.lines[-1].endswith(" "):
            text = text.lstrip(" ")
        if not text:
            return
        self._flush()
        self.lines[-1] += text

    def _newline(self) -> None:
        """A line break (``<br>``, a line of ``<pre>``): each one counts, two make a blank line."""
        if self.cell is not None or self.captures:
            self.cell_gap = True
            return
        self.lines.append("")

    # --- the parser's events ------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = {k: (v or "") for k, v in attrs}
        hide = tag in _DROPPED or attrs.get("aria-hidden", "").lower() == "true" or "hidden" in attrs
        if tag in _VOID:
            if self.hidden or hide:
                return
            if tag == "br":
                self._newline()
            elif tag == "hr" and self.cell is not None:
                self._text(" / ")  # between parts of one cell
            elif tag == "hr":
                self._break(2)
            elif tag == "img" and attrs.get("alt", "").strip():
                self._text(attrs["alt"])
            return
        end: dict = {}
        self.stack.append((tag, end))
        if self.hidden or hide:
            self.hidden += 1
            end["hidden"] = True
            return
        if tag in ("ul", "ol"):
            start = attrs.get("start", "1")
            self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
            self._break(1, tight=True)  # a list follows its line, with no blank line between them
            end["list"] = True
        elif tag == "li":
            if self.cell is not None:  # items inside a cell: on its line, "; " between them
                before = "".join(self.cell).rstrip()
                self.cell[:] = [before + "; "] if before else []
                self.cell_gap = False
                return
            self._break(1)
            if self.lists:
                numbered = self.lists[-1]
                if numbered[0] and attrs.get("value", "").lstrip("-").isdigit():
                    numbered[1] = int(attrs["value"])
                mark = f"{numbered[1]}. " if numbered[0] else "- "
                numbered[1] += 1
                self.indent = "  " * (len(self.lists) - 1) + mark
            self.items += 1
            end["item"] = True
        elif tag == "tr":
            self._break(1)
            self.row = []
            end["row"] = True
        elif tag in ("td", "th"):
            if self.row is None:  # a cell outside a row: a row of its own
                self.row = []
                end["row"] = True
            self.cell, self.cell_gap = [], False
            end["cell"] = True
        elif tag == "sup":
            self.captures.append([])
            end["sup"] = True
        elif tag == "details":
            self._break(2)
            self.details.append("open" not in attrs)
            end["details"] = True
        elif tag in _BLOCKS:
            self._break(2)
            end["block"] = 2
        elif tag in _LINES:
            self._break(1)
            end["block"] = 1
        if tag == "pre" or _KEEPS_LINES.search(attrs.get("style", "")):
            self.pre += 1
            end["pre"] = True

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                break
        else:
            return  # an end tag that closes nothing
        while len(self.stack) > i:
            self._end(*self.stack.pop())

    def _end(self, tag: str, end: dict) -> None:
        if end.get("hidden"):
            self.hidden -= 1
            return
        if end.get("list"):
            self.lists.pop()
            self._break(1)
        if end.get("item"):
            self.items -= 1
            self.indent = ""
            self._break(1)
        if end.get("cell"):
            cell = _SPACE.sub(" ", "".join(self.cell or [])).strip()
            self.cell = None
            if self.row is not None:
                self.row.append(cell)
        if end.get("row"):
            cells, self.row = self.row or [], None
            if cells and not self.hidden:
                self._break(1)
                self._flush()
                self.lines[-1] += " | ".join(cells)  # as it is: an empty cell keeps its place
                self._break(1)
        if end.get("sup"):
            mark = _SPACE.sub(" ", "".join(self.captures.pop())).strip()
            if mark:
                self._text(" " + (mark if mark.startswith("[") else f"[{mark}]"))
        if end.get("pre"):
            self.pre -= 1
        if end.get("details"):
            self.details.pop()
            self._break(2)
        if tag == "summary":
            if self.details and self.details[-1]:
                self._text(" (folded)")
            self._break(1)
            if self.cell is None:
                self.cap = 1  # the contents follow on the next line
        elif end.get("block"):
            self._break(end["block"])

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre and self.cell is None and not self.captures:
            for n, line in enumerate(data.split("\n")):
                if n:
                    self._newline()
                if line:
                    self._flush()
                    self.lines[-1] += line
            return
        self._text(data)


def html_to_text(markup: str) -> str:
    """The plain text of an HTML fragment (see the module's docstring for how each element reads)."""
    parser = _Text()
    parser.feed(str(markup))
    parser.close()
    while parser.stack:
        parser._end(*parser.stack.pop())
    lines = [line.rstrip() for line in parser.lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
