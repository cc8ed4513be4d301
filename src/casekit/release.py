"""Make student notebooks from instructor notebooks: a declared chain of small steps.

Order matters: markers are checked before anything is removed (so a misspelt tag fails loudly
instead of leaking a solution), and outputs are cleared last.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

SOLUTION_TAG = "solution"


class ReleaseError(Exception):
    """A notebook cannot be released; the message names the notebook and the cell."""


def _source(cell: dict) -> str:
    return "".join(cell.get("source", ""))


def _where(name: str, i: int, cell: dict) -> str:
    first = _source(cell).strip().splitlines()[0][:60] if _source(cell).strip() else "(empty)"
    return f"{name}: cell {i + 1} ({cell.get('cell_type')}, begins {first!r})"


class Step:
    def __call__(self, nb: dict, name: str) -> dict:  # pragma: no cover - interface
        raise NotImplementedError


class CheckMarkers(Step):
    """Fail on tags that look like a solution marker but are not exactly 'solution'."""

    near = re.compile(r"^\s*(sol|answer|instructor|teacher)", re.I)

    def __call__(self, nb, name):
        for i, cell in enumerate(nb["cells"]):
            for tag in cell.get("metadata", {}).get("tags", []):
                if tag != SOLUTION_TAG and self.near.match(tag):
                    raise ReleaseError(f"{_where(name, i, cell)}: malformed marker tag {tag!r}; "
                                       f"use exactly {SOLUTION_TAG!r}")
        return nb


class RemoveSolutionCells(Step):
    def __call__(self, nb, name):
        nb["cells"] = [c for c in nb["cells"] if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
        return nb


class ClearOutputs(Step):
    def __call__(self, nb, name):
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"] = []
                cell["execution_count"] = None
        return nb


STEPS: tuple[Step, ...] = (CheckMarkers(), RemoveSolutionCells(), ClearOutputs())


def dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def release_notebook(path: Path) -> str:
    """The student version of one instructor notebook, as the text to write."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReleaseError(f"{path}: not a readable notebook ({exc})") from None
    for step in STEPS:
        nb = step(nb, str(path))
    return dumps(nb)


@dataclass
class Drift:
    notebook: str
    reason: str


def _cells_differ(name: str, want: str, have: str) -> str:
    a, b = json.loads(want)["cells"], json.loads(have)["cells"]
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"cell {i + 1} differs (begins {_source(x).strip()[:50]!r})"
    return f"{len(a)} cells expected, {len(b)} found"


def release(solutions: Path, exercises: Path, check: bool = False) -> list[Drift]:
    """Write exercises/ from solutions/ (or, with check, only list where they differ)."""
    if not solutions.is_dir():
        raise ReleaseError(f"{solutions}: no such folder")
    drift = []
    wanted = {p.name: release_notebook(p) for p in sorted(solutions.glob("*.ipynb"))}
    for name, text in wanted.items():
        target = exercises / name
        if check:
            if not target.exists():
                drift.append(Drift(str(target), "missing"))
            else:
                have = target.read_text(encoding="utf-8")
                if have != text:
                    drift.append(Drift(str(target), _cells_differ(name, text, have)))
        else:
            exercises.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for extra in sorted(exercises.glob("*.ipynb")) if exercises.is_dir() else []:
        if extra.name not in wanted:
            drift.append(Drift(str(extra), "has no instructor version in solutions/"))
    return drift
