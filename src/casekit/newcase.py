"""``casekit new-case NAME``: a casefile skeleton and its notebooks, ready to fill in.

Writes ``casefiles/NAME/`` (case.yaml with comments, one example source and its annotation, a
fact-sheet.md skeleton) and, under the notebooks folder, a lesson and the two exercises for NAME:

    notebooks/NAME/01_the_case.ipynb              the lesson: everything it shows is read from the casefile
    solutions/NAME/01_source_attribution.ipynb    exercise 1, with the answer key (cells tagged "solution")
    solutions/NAME/02_regional_alliances.ipynb    exercise 2, likewise
    exercises/NAME/01_source_attribution.ipynb    the students' copies (as `casekit release` makes them)
    exercises/NAME/02_regional_alliances.ipynb

The notebooks call casekit functions with the case id only (no quote, actor or event id of any
case is written into them), so they run on the example as written and show the real case once
the casefile is filled in. Nothing existing is overwritten: if any of these paths exists, nothing
is written.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import UserError
from .release import dumps, release_notebook
from .schema import SLUG_PATTERN


class NewCaseError(Exception):
    """The case cannot be made as asked; the message is one line."""


EXAMPLE_SOURCE = "example-2000-01-04"

TEMPLATES = {"case.yaml": "case.yaml.tmpl", "source.md": "source.md.tmpl", "annotation.yaml": "annotation.yaml.tmpl",
             "fact-sheet.md": "fact-sheet.md.tmpl", "lesson": "lesson.ipynb.tmpl",
             "source-attribution": "source_attribution.ipynb.tmpl", "regional-alliances": "regional_alliances.ipynb.tmpl"}


def template(name: str) -> str:
    """One of the casefile's templates shipped with the package (templates/newcase/), a str.format text."""
    from importlib.resources import files

    return files("casekit").joinpath("templates", "newcase", TEMPLATES[name]).read_text(encoding="utf-8")


# --- notebooks ---------------------------------------------------------------------------------

CASE_PLACEHOLDER = "CASE-ID-HERE"  # where the notebook templates name the case (a case id is a slug)


def _notebook_template(fname: str, case_id: str) -> dict:
    from importlib.resources import files

    text = files("casekit").joinpath("templates", "newcase", fname).read_text(encoding="utf-8")
    return json.loads(text.replace(CASE_PLACEHOLDER, case_id))


def lesson(case_id: str) -> dict:
    """The lesson: the case read from its casefile, section by section."""
    return _notebook_template("lesson.ipynb.tmpl", case_id)


def attribution_solutions(case_id: str) -> dict:
    """Exercise 1 (instructor version): the quiz, its key, the teaching notes and written questions."""
    return _notebook_template("source_attribution.ipynb.tmpl", case_id)


def alliance_solutions(case_id: str) -> dict:
    """Exercise 2 (instructor version): positions, the network, balance, evidence, timeline, and the key."""
    return _notebook_template("regional_alliances.ipynb.tmpl", case_id)


# --- writing -----------------------------------------------------------------------------------


def planned(name: str, casefiles: Path, project: Path) -> dict[Path, str]:
    """Every file new-case writes for NAME, with its text (nothing is written here)."""
    if not re.fullmatch(SLUG_PATTERN, name) or len(name) > 100:
        raise NewCaseError(f"{name!r} is not a case id: use lower-case letters, digits and -, "
                           "starting with a letter or digit (for example: crimea-2014)")
    folder = casefiles / name
    fill = {"name": name, "source": EXAMPLE_SOURCE}
    files = {
        folder / "case.yaml": template("case.yaml").format(**fill),
        folder / "sources" / f"{EXAMPLE_SOURCE}.md": template("source.md").format(**fill),
        folder / "annotations" / f"{EXAMPLE_SOURCE}.yaml": template("annotation.yaml").format(**fill),
        folder / "fact-sheet.md": template("fact-sheet.md").format(**fill),
        project / "notebooks" / name / "01_the_case.ipynb": dumps(lesson(name)),
    }
    for stem, make in (("01_source_attribution", attribution_solutions), ("02_regional_alliances", alliance_solutions)):
        files[project / "solutions" / name / f"{stem}.ipynb"] = dumps(make(name))
    return files


def _released(files: dict[Path, str]) -> dict[Path, Path]:
    """Each instructor notebook (solutions/NAME/x) and the students' copy: exercises/NAME/x."""
    return {p: p.parents[2] / "exercises" / p.parent.name / p.name for p in files if p.parents[1].name == "solutions"}


def new_case(name: str, casefiles: "Path | str" = "casefiles", project: "Path | str" = ".") -> list[Path]:
    """Write the casefile skeleton and notebooks of a new case; return the paths written.

    Refuses (NewCaseError, nothing written) if the case folder or any of the notebooks exists."""
    casefiles, project = Path(casefiles), Path(project)
    files = planned(name, casefiles, project)
    if (casefiles / name).exists() or (casefiles / name).is_symlink():
        raise NewCaseError(f"{casefiles / name} already exists; nothing was written (choose another name, "
                           "or move the folder away first)")
    for path in [*files, *_released(files).values()]:
        if path.exists() or path.is_symlink():
            raise NewCaseError(f"{path} already exists; nothing was written (choose another name, "
                               "or move it away first)")
    for path in [*files, *_released(files).values()]:
        for parent in path.parents:
            if parent.exists() and not parent.is_dir():
                raise NewCaseError(f"{parent} is a file, not a folder, so {path} cannot be written; nothing was "
                                   "written (move the file away first)")
    written: list[Path] = []
    made: list[Path] = []  # folders made here, removed again if a write fails
    try:
        for path, text in files.items():
            _mkdirs(path.parent, made)
            _write_new(path, text)
            written.append(path)
        for solution, exercise in _released(files).items():
            _mkdirs(exercise.parent, made)
            _write_new(exercise, release_notebook(solution))
            written.append(exercise)
    except BaseException:
        for path in reversed(written):  # write nothing: what was written is taken back
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    return written


def _mkdirs(folder: Path, made: list[Path]) -> None:
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for p in reversed(missing):
        p.mkdir()
        made.append(p)


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet (never replacing one made meanwhile)."""
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)


def cmd_new_case(args) -> int:
    """The CLI command: one line per file written, or one line saying why nothing was."""
    try:
        written = new_case(args.name, args.casefiles, args.notebooks)
    except NewCaseError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot write the case ({exc.strerror or exc}: {exc.filename})") from None
    for path in written:
        print(f"wrote {path}")
    name = args.name
    print(f"\nNext: replace the EXAMPLE entries in {Path(args.casefiles) / name}/, then run\n"
          f"  casekit validate {Path(args.casefiles) / name} --questions\n"
          f"  casekit release --solutions {Path(args.notebooks) / 'solutions' / name} "
          f"--exercises {Path(args.notebooks) / 'exercises' / name}")
    return 0
