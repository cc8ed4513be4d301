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

import re
from pathlib import Path

from .errors import UserError
from .release import dumps, release_notebook
from .schema import SLUG_PATTERN


class NewCaseError(Exception):
    """The case cannot be made as asked; the message is one line."""


EXAMPLE_SOURCE = "example-2000-01-04"

TEMPLATES = {"case.yaml": "case.yaml.tmpl", "source.md": "source.md.tmpl", "annotation.yaml": "annotation.yaml.tmpl",
             "fact-sheet.md": "fact-sheet.md.tmpl"}


def template(name: str) -> str:
    """One of the casefile's templates shipped with the package (templates/newcase/), a str.format text."""
    from importlib.resources import files

    return files("casekit").joinpath("templates", "newcase", TEMPLATES[name]).read_text(encoding="utf-8")


# --- notebooks ---------------------------------------------------------------------------------


def _cell(kind: str, source: str, cid: str, tags: tuple[str, ...] = ()) -> dict:
    cell: dict = {"cell_type": kind, "id": cid, "metadata": {"tags": list(tags)} if tags else {},
                  "source": source.strip("\n")}
    if kind == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    return cell


def _notebook(stem: str, cells: list[tuple]) -> dict:
    return {"cells": [_cell(kind, src, f"{stem[:20]}-{i:02d}", *rest) for i, (kind, src, *rest) in enumerate(cells)],
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


SOL = ("solution",)


def lesson(case_id: str) -> dict:
    """The lesson: the case read from its casefile, section by section."""
    load = f'import casekit\nfrom casekit import plots, views\n\ncase = casekit.load_case("{case_id}")\n'
    return _notebook("01-the-case", [
        ("markdown", "# The case, through its sources"),
        ("markdown", "[Exercise 1: Source attribution](../../exercises/{0}/01_source_attribution.ipynb) | "
                     "[Exercise 2: Regional alliances](../../exercises/{0}/02_regional_alliances.ipynb)"
                     .format(case_id)),
        ("markdown", """
## Overview

What happened, who said what about it, in what capacity and quoted how, and who stood with or
against whom. Everything below is drawn by `casekit` from the casefile `casefiles/{0}/`: change the
casefile and this lesson follows. *Instructors: write the lesson's story in these markdown cells;
leave the facts to the casefile.*

**Learning objectives**
- Say what happened, and where each fact comes from.
- Identify the speaker, capacity and kind of each quotation in the main source.
- Read each actor's position and the network of relations, with their evidence.

**Time:** about 50 minutes. **Prerequisites:** none.
""".format(case_id)),
        ("code", load + "print(case.title)\nprint()\nprint(case.summary)"),
        ("code", "# What the casefile holds (a check used when the notebooks are tested)\n"
                 "for what, count in case.counts().items():\n    print(f\"{count:4d} {what}\")\n"
                 "assert case.sources and case.quotes"),
        ("markdown", "## The sources\n\nEvery source is stored verbatim, with its provenance and the terms on "
                     "which it is quoted. Read the *rights* and *confidence* columns."),
        ("code", "views.sources_table(case)"),
        ("markdown", "## The people\n\nThe title each person held at the time, each with its source."),
        ("code", "views.people_table(case)"),
        ("markdown", "## What happened, and when\n\nEach event with its source. A date known only to the month "
                     "is shown as a month, never as an invented day."),
        ("code", "views.events_table(case)"),
        ("code", "plots.show(plots.timeline(case))"),
        ("markdown", "## Reading the main source\n\nEach annotated quotation is marked with its speaker and its "
                     "kind; the outlet's own analysis, if any, is set apart in a box."),
        ("code", "views.reading_view(case, case.core_source or case.sources[0].id)"),
        ("code", "views.quotes_table(case, case.core_source or case.sources[0].id)"),
        ("markdown", "## Teaching notes\n\nWhat a careful reader should notice in each source."),
        ("code", "views.notes_list(case)"),
        ("markdown", "## Loaded words, and whose they are\n\nReport loaded words attributed to their speakers; "
                     "do not adopt them."),
        ("code", "views.terms_table(case)"),
        ("markdown", "## From the speaker to you\n\nEach step of a reporting chain can change the words."),
        ("code", "views.reporting_chains(case)"),
        ("markdown", "## Positions and relations\n\nEach actor's position, and each relation between actors, "
                     "with its date and evidence."),
        ("code", "views.stances_table(case)"),
        ("code", "plots.show(plots.stances(case))"),
        ("code", "views.relations_table(case)"),
        ("code", "plots.show(plots.network(case))"),
        ("markdown", """
## Summary

- Every quotation names its speaker, its kind and its source; every fact names its source.
- Positions and relations carry a date and evidence.

## What's next

[Exercise 1: Source attribution](../../exercises/{0}/01_source_attribution.ipynb), then
[Exercise 2: Regional alliances](../../exercises/{0}/02_regional_alliances.ipynb).
""".format(case_id)),
    ])


HOW_IT_WORKS = """
**How it works.** Type your name and press *Start*. Each question gives immediate feedback: a
hint after a first wrong answer, then the answer with its evidence and source. Your answers are
saved after every check in `answers/<case id>/<your name>.json` beside this notebook. If the kernel
restarts, run the notebook again and press *Start* with the same name. When you finish, press
*Download my answers* and hand in the file.
"""


def attribution_solutions(case_id: str) -> dict:
    """Exercise 1 (instructor version): the quiz, its key, the teaching notes and written questions."""
    return _notebook("01-source-attributio", [
        ("markdown", "# Exercise 1: Source attribution"),
        ("markdown", "[Lesson](../../notebooks/{0}/01_the_case.ipynb) | "
                     "[Exercise 2: Regional alliances >](02_regional_alliances.ipynb)".format(case_id)),
        ("markdown", """
## Overview

Who said what, in what capacity, quoted how, and where does the reporter's own analysis begin?
The questions are generated from the casefile's annotations of the sources it names for this
exercise.

**Time:** about 50 minutes: at most 30 marked questions; *More practice* is optional.
**Prerequisites:** the lesson on this case.
""" + HOW_IT_WORKS),
        ("markdown", """
**Instructor notes.** The key is the casefile: change an annotation and the questions follow.
To choose what is offered, write `attribution_quiz(case, session="all")`, a list of question ids,
or a session named under `exercises:` in case.yaml. The key and the notes below are removed from
the students' copy by `casekit release`.
""", SOL),
        ("code", f'import casekit\nfrom casekit.widgets import attribution_quiz\n\n'
                 f'case = casekit.load_case("{case_id}")\nexercise = attribution_quiz(case)\nexercise'),
        ("code", "# A check that the exercise was built (used when the notebooks are tested).\n"
                 "assert exercise.questions and exercise.checksum"),
        ("markdown", "## Answer key", SOL),
        ("code", "from casekit import views\nviews.key_table(exercise.questions + exercise.practice)", SOL),
        ("markdown", "## Teaching notes and written questions\n\nThe casefile's notes on each source, then the "
                     "written questions it asks; write model answers here, each with its evidence.", SOL),
        ("code", "views.notes_list(case)", SOL),
        ("code", 'views.table(["question", "prompt"], [(q["id"], q["prompt"]) for q in case.open_questions], '
                 'caption="Written questions")', SOL),
        ("markdown", """
## Key points

- A quotation carries its speaker, its capacity and its cue; check all three.
- Loaded words belong to their speakers: report them, attributed; do not adopt them.

## What's next

Hand in `answers/<case id>/<your name>.json`, then go on to exercise 2.
"""),
    ])


def alliance_solutions(case_id: str) -> dict:
    """Exercise 2 (instructor version): positions, the network, balance, evidence, timeline, and the key."""
    return _notebook("02-regional-alliance", [
        ("markdown", "# Exercise 2: Regional alliances"),
        ("markdown", "[< Exercise 1: Source attribution](01_source_attribution.ipynb) | "
                     "[Lesson](../../notebooks/{0}/01_the_case.ipynb)".format(case_id)),
        ("markdown", """
## Overview

Who stood with or against whom, and on what evidence? Sort each actor's position, build the
network of relations pair by pair, test its triads for balance, match relations to their evidence,
and put events in order.

**Time:** about 50 minutes: at most 30 marked questions; *More practice* is optional.
**Prerequisites:** the lesson on this case.
""" + HOW_IT_WORKS),
        ("markdown", """
**Instructor notes.** The pairs come from the casefile's relations, plus the pairs with no stated
relation that it names (`no_relation_pairs` under `exercises:` in case.yaml). Balance answers are
marked against each student's own network. The key below is removed from the students' copy by
`casekit release`.
""", SOL),
        ("code", f'import casekit\nfrom casekit.widgets import alliance_exercise\n\n'
                 f'case = casekit.load_case("{case_id}")\nexercise = alliance_exercise(case)\nexercise'),
        ("code", "# A check that the exercise was built (used when the notebooks are tested).\n"
                 "assert exercise.questions and exercise.checksum"),
        ("markdown", "## Answer key", SOL),
        ("code", "from casekit import alliances, plots, views\n"
                 "views.key_table(exercise.questions + exercise.practice)", SOL),
        ("code", "views.stances_table(case)", SOL),
        ("code", "views.relations_table(case)", SOL),
        ("code", "plots.show(plots.network(case))", SOL),
        ("code", "triads = alliances.triads(alliances.case_signs(case))\n"
                 "for triad in triads:\n"
                 "    print((\"BALANCED:   \" if triad.balanced else \"UNBALANCED: \") + "
                 "alliances.describe_triad(case, triad))\n"
                 "if not triads:\n"
                 "    print(\"No triad: no three actors of the casefile's network are all related to one another.\")", SOL),
        ("code", 'views.table(["question", "prompt"], [(q["id"], q["prompt"]) for q in case.open_questions], '
                 'caption="Written questions")', SOL),
        ("markdown", """
## Key points

- A position and a relation each need a date and evidence; a stated intention is not a fact.
- A signed network shows alignments at a glance; unbalanced triads show where the tensions are.

## What's next

Hand in `answers/<case id>/<your name>.json`.
"""),
    ])


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
