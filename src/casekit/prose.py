"""Check the package's own prose: every span in quotation marks in a notebook's markdown must occur
verbatim in a source text, in the casefile, or in the fact sheet the casefile cites.

Quotation marks mean quotation here; write a name, a button or a saying in *italics* instead.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

from .casefile import Problem

QUOTED = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"")


def corpus(case_folder: Path) -> str:
    """Everything a quotation may come from: the sources, the annotations, case.yaml, its fact sheet."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((case_folder / "sources").glob("*.md"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted((case_folder / "annotations").glob("*.yaml"))]
    for name in ("case.yaml", fact_sheet_name(case_folder)):
        if name and (case_folder / name).is_file():
            parts.append((case_folder / name).read_text(encoding="utf-8"))
    return "\n".join(parts)


def fact_sheet_name(case_folder: Path) -> str:
    """The fact sheet's file name, as case.yaml gives it (`fact_sheet:`); "" when it names none."""
    match = re.search(r"^fact_sheet:\s*([^\s#]+)", (case_folder / "case.yaml").read_text(encoding="utf-8")
                      if (case_folder / "case.yaml").exists() else "", re.M)
    name = match.group(1).strip("'\"") if match else ""
    return name if name and "/" not in name and "\\" not in name and name not in (".", "..") else ""


def quoted_spans(text: str) -> list[str]:
    """The spans of text in quotation marks, leaving out inline code and HTML."""
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return [(m.group(1) or m.group(2)).strip() for m in QUOTED.finditer(text)]


def check_notebooks(case_folders: Iterable[Path], notebooks: Iterable[Path]) -> list[Problem]:
    """Every quoted span in the markdown of the notebooks, checked against the casefiles."""
    text = "\n".join(corpus(Path(f)) for f in case_folders)
    problems = []
    for path in notebooks:
        try:
            nb = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(Problem(str(path), 0, "notebook", f"cannot be read ({exc})"))
            continue
        for i, cell in enumerate(nb.get("cells", [])):
            if cell.get("cell_type") != "markdown":
                continue
            for span in quoted_spans("".join(cell.get("source", ""))):
                if span not in text:
                    problems.append(Problem(str(path), i + 1, "markdown",
                                            f"“{span}” is in quotation marks but not verbatim in any source "
                                            f"or in the casefile (the line is the cell number)"))
    return problems


def notebooks_in(folders: Iterable[Path]) -> list[Path]:
    return sorted(p for f in folders for p in Path(f).glob("*.ipynb"))
