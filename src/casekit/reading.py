"""How long a student reads in a notebook: the words shown by default, at 200 words a minute.

Counted: markdown prose and the outputs of code cells as they render (HTML as its visible text,
otherwise plain text). Not counted: code, images, and folded content (the body of a ``<details>``
that is closed by default; its ``<summary>`` line is counted). Notebooks are committed without
outputs, so :func:`reading_time` executes a copy first (nbclient) unless it already has outputs.

``python -m casekit.reading notebooks/*.ipynb`` prints minutes per notebook.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.S | re.I)
_HIDDEN = re.compile(r"<(style|script|template)\b[^>]*>.*?</\1>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SECTION = re.compile(r"^#{2,3}\s+(.+?)\s*\((\d+)\s*min(?:utes)?\)\s*$", re.M)
_CLASS_TIME = re.compile(r"\*\*Class time:\*\*\s*(\d+)\s*min", re.I)


class ReadingError(ValueError):
    """A notebook that cannot be read or run, named with its path."""


@dataclass(frozen=True)
class Reading:
    """Words a student sees by default in one notebook, split into prose and outputs."""

    path: str
    prose_words: int
    output_words: int

    @property
    def words(self) -> int:
        return self.prose_words + self.output_words

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE


_DETAILS_TAG = re.compile(r"<(/?)details\b([^>]*)>", re.I)


def _fold_closed(markup: str) -> str:
    """Drop the body of every ``<details>`` closed by default (nested ones included), keeping its summary."""
    out, stack, last = [], [], 0  # stack: (is_closed, start of its content) per open <details>
    for m in _DETAILS_TAG.finditer(markup):
        hidden = any(closed for closed, _ in stack)
        if not m.group(1):  # an opening tag
            if not hidden:
                out.append(markup[last:m.start()])
            stack.append((not re.search(r"\bopen\b", m.group(2), re.I), m.end()))
        else:
            if not stack:
                continue
            closed, start = stack.pop()
            if not hidden:
                out.append(markup[last:m.start()])
            elif closed and not any(c for c, _ in stack):  # the outermost closed fold ends: keep its summary
                out.append(" " + " ".join(_SUMMARY.findall(markup[start:m.start()])[:1]) + " ")
        last = m.end()
    if not any(closed for closed, _ in stack):
        out.append(markup[last:])
    return "".join(out)


def unfold(markup: str) -> str:
    """Visible text of markup as shown by default: closed ``<details>`` keep only their summary."""
    markup = _COMMENT.sub(" ", markup)
    markup = _HIDDEN.sub(" ", markup)
    return html.unescape(_TAG.sub(" ", _fold_closed(markup)))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def markdown_words(source: str) -> int:
    text = _MD_LINK.sub(r"\1", unfold(source))
    return count_words(text)


def output_text(output: dict) -> str:
    """What a student reads in one output: HTML's visible text, else plain text; images are not read."""
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    if output.get("output_type") == "error":
        return " ".join([output.get("ename", ""), output.get("evalue", "")])
    data = output.get("data", {})
    if "text/html" in data:
        return unfold("".join(data["text/html"]))
    if "text/markdown" in data:
        return unfold("".join(data["text/markdown"]))
    if "text/plain" in data and not any(k.startswith("image/") for k in data):
        return "".join(data["text/plain"])
    return ""


def has_outputs(nb: dict) -> bool:
    return any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def execute(nb: dict, path: Path, timeout: int = 600) -> dict:
    """A run copy of the notebook (the file is not changed), in the notebook's own folder."""
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError as error:  # pragma: no cover - a test extra
        raise ReadingError(f"{path}: running a notebook needs nbclient and nbformat ({error})") from None
    node = nbformat.reads(json.dumps(nb), as_version=4)
    client = NotebookClient(node, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except Exception as error:
        raise ReadingError(f"{path}: the notebook did not run: {type(error).__name__}: "
                           f"{str(error).strip().splitlines()[-1] if str(error).strip() else ''}") from None
    return json.loads(nbformat.writes(node))


def load(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ReadingError(f"{path}: not a readable notebook ({error})") from None


def measure(nb: dict, path: str = "") -> Reading:
    """Count the words of a notebook as it stands (with whatever outputs it has)."""
    prose = outputs = 0
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            prose += markdown_words("".join(cell["source"]))
        elif cell["cell_type"] == "code":
            outputs += sum(count_words(output_text(o)) for o in cell.get("outputs", []))
    return Reading(str(path), prose, outputs)


def reading_time(path: Path, run: bool = True, executed: Optional[dict] = None) -> Reading:
    """Words and minutes a student reads in the notebook at ``path``; runs a copy when it has no outputs."""
    path = Path(path)
    nb = executed if executed is not None else load(path)
    if run and executed is None and not has_outputs(nb):
        nb = execute(nb, path)
    return measure(nb, str(path))


def section_minutes(nb: dict) -> tuple[Optional[int], list[tuple[str, int]]]:
    """The stated class time and each section heading's minutes, e.g. ``## The question (5 min)``."""
    text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    total = _CLASS_TIME.search(text)
    return (int(total.group(1)) if total else None), [(h, int(m)) for h, m in _SECTION.findall(text)]


def table(readings: Sequence[Reading]) -> str:
    width = max([len(Path(r.path).name) for r in readings] + [8])
    lines = [f"{'notebook':<{width}}  {'prose':>6}  {'outputs':>7}  {'minutes':>7}"]
    lines += [f"{Path(r.path).name:<{width}}  {r.prose_words:>6}  {r.output_words:>7}  {r.minutes:>7.1f}"
              for r in readings]
    return "\n".join(lines)


def main(argv: Optional[Iterable[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casekit.reading",
                                     description="Minutes of reading per notebook (words shown by default, 200 a minute).")
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--no-run", action="store_true", help="count the outputs the files hold; do not run them")
    parser.add_argument("--max", type=float, default=None, help="exit 1 if a notebook needs more minutes than this")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        readings = [reading_time(p, run=not args.no_run) for p in args.notebooks]
    except ReadingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(table(readings))
    if args.max is not None and any(r.minutes > args.max for r in readings):
        over = ", ".join(Path(r.path).name for r in readings if r.minutes > args.max)
        print(f"over {args.max:g} minutes: {over}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
