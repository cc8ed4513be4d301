"""Check the package's own prose: every span in quotation marks in a notebook's markdown must occur
verbatim in a source text, in the casefile, or in the fact sheet the casefile cites, of the case
the notebook loads (not of any other case).

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


LOADS = re.compile(r"""load_case\(\s*(?:r|u)?["']([^"'\n]+)["']\s*\)""")


def loaded_cases(nb: dict) -> list[str]:
    """The case ids a notebook's code loads (``load_case("<id>")``), in order, each once."""
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for m in LOADS.finditer("".join(cell.get("source", ""))):
                case_id = Path(m.group(1)).name  # an id, or a path whose last part is the case folder
                if case_id not in found:
                    found.append(case_id)
    return found


def case_ids(case_folder: Path) -> set[str]:
    """The names a notebook may load a case folder by: the folder's name and case.yaml's `id:`."""
    names = {Path(case_folder).name}
    yaml_file = Path(case_folder) / "case.yaml"
    if yaml_file.is_file():
        match = re.search(r"^id:\s*([^\s#]+)", yaml_file.read_text(encoding="utf-8"), re.M)
        if match:
            names.add(match.group(1).strip("'\""))
    return names


def check_notebooks(case_folders: Iterable[Path], notebooks: Iterable[Path]) -> list[Problem]:
    """Every quoted span in the markdown of the notebooks, checked against the notebook's own case.

    A notebook's case is the one its code loads (``load_case("<id>")``); a notebook that loads
    several is checked against them together. One that loads none is checked against all the
    given casefiles. Loading a case that is not among them is a problem of its own."""
    folders = [Path(f) for f in case_folders]
    by_id = {name: f for f in folders for name in case_ids(f)}
    corpora: dict[Path, str] = {}

    def text_of(chosen: list[Path]) -> str:
        for f in chosen:
            if f not in corpora:
                corpora[f] = corpus(f)
        return "\n".join(corpora[f] for f in chosen)

    problems = []
    for path in notebooks:
        try:
            nb = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(Problem(str(path), 0, "notebook", f"cannot be read ({exc})"))
            continue
        loads = loaded_cases(nb)
        unknown = [c for c in loads if c not in by_id]
        for case_id in unknown:
            known = ", ".join(sorted(f.name for f in folders)) or "none"
            problems.append(Problem(str(path), 0, "load_case",
                                    f"loads case {case_id!r}, which is not among the casefiles checked ({known})"))
        if unknown:
            continue
        chosen = [by_id[c] for c in loads] or folders
        text = text_of(chosen)
        where = ("the case it loads (" + ", ".join(loads) + ")") if loads else "any of the casefiles"
        for i, cell in enumerate(nb.get("cells", [])):
            if cell.get("cell_type") != "markdown":
                continue
            for span in quoted_spans("".join(cell.get("source", ""))):
                if span not in text:
                    problems.append(Problem(str(path), i + 1, "markdown",
                                            f"“{span}” is in quotation marks but not verbatim in any source "
                                            f"or in the casefile of {where} (the line is the cell number)"))
    return problems


def notebooks_in(folders: Iterable[Path]) -> list[Path]:
    """The notebooks of the folders and their sub-folders (a case's own notebooks/<case-id>/), not
    checkpoints."""
    return sorted(p for f in folders for p in Path(f).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
