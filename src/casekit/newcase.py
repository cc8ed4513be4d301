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
from .release import dumps, release_notebook
from .schema import SLUG_PATTERN


class NewCaseError(Exception):
    """The case cannot be made as asked; the message is one line."""


EXAMPLE_SOURCE = "example-2000-01-04"

CASE_YAML = """\
# The casefile of {name}. Written by `casekit new-case`: replace every EXAMPLE below.
# Every field is described by `casekit schema` (JSON Schema for an editor); `casekit validate
# casefiles/{name} --questions` checks this file, the sources and annotations, and every question
# the exercises will ask. Dates are YYYY-MM-DD, or YYYY-MM when only the month is known (never
# invent a day).
id: {name}                       # the case id: the notebooks load it with casekit.load_case("{name}")
title: "EXAMPLE: the title of the case"
summary: >
  EXAMPLE: what happened, in a paragraph, each fact from a source or from the fact sheet.
core_source: {source}   # the source the reading view shows first
event_name: the election         # what questions and captions call the case's event
fact_sheet: fact-sheet.md         # the file of checked facts that events may cite
titles_as_of: January 2000       # when the people held the titles given below

reporting_chains:                # how the words reached the reader; the exercise asks one as an ordering
  - id: minister-to-reader
    title: From a minister to the reader
    steps:
      - A minister speaks to reporters.
      - The outlet reports the words, some in quotation marks.
      - The outlet adds its own comment.
      - You read the report here.

exercises:
  source-attribution:
    sources: [{source}]   # the sources exercise 1 reads (default: all not graded C)
    marked: 30                   # at most this many marked questions; the rest is optional practice
  regional-alliances:
    no_relation_pairs: [[state-a, state-c]]   # pairs asked as having no stated relation ([] for none)

frames:                          # words a lesson may list quotations by (whole words, case as written)
  - id: hope
    title: Hope
    words: [hope]

actors:                          # states, governments, institutions and outlets
  - id: state-a
    name: State A
    kind: state
    description: EXAMPLE actor.
    source: {source}
  - id: state-b
    name: State B
    kind: state
  - id: state-c
    name: State C
    kind: state
  - id: example-outlet
    name: The Example Outlet
    kind: outlet

people:                          # each title as held at the time, with where it is said
  - id: alex-example
    name: Alex Example
    title: Foreign Minister of State A
    actor: state-a
    title_source: {source} (first paragraph)
  - id: sam-sample
    name: Sam Sample
    title: President of State B
    actor: state-b
    title_source: {source} (first paragraph)
  - id: state-a-spokesperson    # a speaker the source does not name
    name: an unnamed spokesperson of State A
    title: spokesperson of the Foreign Ministry of State A
    actor: state-a
    title_source: {source} (second paragraph)
    unnamed: true

events:                          # each with a source, or a citation of a row of the fact sheet
  - id: election-announced
    date: 1999-12                # only the month is known
    title: State B announced the election.
    status: verified
    citation: fact-sheet.md, Events ({source})
    actors: [state-b]
  - id: election-held
    date: 2000-01-02
    title: State B held the election.
    status: verified
    source: {source}
    actors: [state-b]

stances:                         # each actor's position on the event: support, oppose, conditional, mixed, unclear
  - id: state-a-opposes
    actor: state-a
    position: oppose
    date: 2000-01-03
    summary: State A's foreign minister said State A will not accept the election.
    evidence: [example-will-not-accept]
  - id: state-b-supports
    actor: state-b
    position: support
    date: 2000-01-03
    summary: State B's president called the election a day of hope.
    evidence: [sample-day-of-hope]
  - id: state-c-unclear
    actor: state-c
    position: unclear
    date: 2000-01
    summary: The example source does not say what State C thinks of the election.
    note: Shown to students beside the stance.
    evidence:
      - source: {source}
        text: State B would work with State C
relations:                       # actor to actor: cooperates, supports, confronts, warns, opposes
  - id: state-a-confronts-state-b
    actor: state-a
    other: state-b
    type: confronts
    date: 2000-01-03
    summary: State A's foreign minister said State A will not accept State B's election.
    evidence: [example-will-not-accept]
  - id: state-b-cooperates-state-c
    actor: state-b
    other: state-c
    type: cooperates
    date: 2000-01-03
    intent: true                 # only one side's stated intention
    summary: State B's president said State B would work with State C.
    evidence: [sample-work-with]

terms:                           # loaded words: whose they are, and what they refer to
  - id: day-of-hope
    text: a day of hope
    quote: sample-day-of-hope
    gloss: Sam Sample's words for the election.
notes:                           # teaching notes shown beside a source
  - id: example-note
    source: {source}
    topic: An example
    span: "Analysis:"
    text: From here on the outlet speaks in its own voice.
open_questions:                  # written questions: exercise 1 asks the attribution ones, exercise 2 the alliances ones
  - id: attr-unnamed
    skill: attribution
    prompt: The spokesperson is not named. How would you attribute the words in an essay?
  - id: all-unclear
    skill: alliances
    prompt: What would you need to read to decide State C's position?
"""

SOURCE_MD = """\
---
id: {source}
title: "EXAMPLE: State A will not accept the election"
outlet: The Example Outlet
url: https://example.org/replace-me
kind: news report
published: 2000-01-04
author: casekit new-case (an example, not a real text)
rights: EXAMPLE written by casekit new-case; delete it once the case has real sources
notes: >
  EXAMPLE, not a real source: every name in it is invented. Its Monday is 3 January 2000. Copy
  each real source into sources/ byte for byte (cp), with its provenance in this front matter, then
  delete this file and annotations/{source}.yaml.
---
State B, which announced the election in December, held it on Sunday, 2 January. State A's foreign minister, Alex Example, said on Monday that State A "will not accept the election." State B's president, Sam Sample, called the election "a day of hope" — and said State B would work with State C.

A spokesperson for State A's Foreign Ministry said the border "remains open."

Analysis: The outlet thinks the matter is far from settled.
"""

ANNOTATION_YAML = """\
# EXAMPLE annotations: one entry per quotation of the source, its text verbatim.
source: {source}
analysis_from: "Analysis:"        # from here on, the text is the outlet's own analysis
confidence: A                    # A, B or C (C needs a doubt: what students must know)
quotes:
  - id: example-will-not-accept  # a stable slug: answer records refer to it
    text: will not accept the election.
    speaker: alex-example        # a person or an actor of case.yaml
    kind: direct                 # direct | paraphrase | analysis | statement
    cue: State A's foreign minister, Alex Example, said on Monday that State A
    date: 2000-01-03
  - id: sample-day-of-hope
    text: a day of hope
    speaker: sam-sample
    kind: direct
    cue: State B's president, Sam Sample, called the election
    date: 2000-01-03
  - id: sample-work-with
    text: State B would work with State C.
    speaker: sam-sample
    kind: paraphrase
    cue: and said
    date: 2000-01-03
  - id: spokesperson-open
    text: remains open.
    speaker: state-a-spokesperson
    kind: direct
    cue: A spokesperson for State A's Foreign Ministry said the border
    date: null
    date_note: The source does not say when the spokesperson spoke.
  - id: outlet-far-from-settled
    text: The outlet thinks the matter is far from settled.
    speaker: example-outlet
    kind: analysis
    cue: "Analysis:"
    date: 2000-01-04
"""

FACT_SHEET_MD = """\
# Fact sheet of {name}

Checked facts that the casefile's events cite (`citation: fact-sheet.md, Events (<source>)`). Each row
gives a date (a day, or a month when only the month is known), the fact, and where it is said.
Replace the EXAMPLE row.

## Events

| date | event | source |
|---|---|---|
| 1999-12 | EXAMPLE: State B announced the election. | {source} |
"""


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
        folder / "case.yaml": CASE_YAML.format(**fill),
        folder / "sources" / f"{EXAMPLE_SOURCE}.md": SOURCE_MD.format(**fill),
        folder / "annotations" / f"{EXAMPLE_SOURCE}.yaml": ANNOTATION_YAML.format(**fill),
        folder / "fact-sheet.md": FACT_SHEET_MD.format(**fill),
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
    written = []
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for solution, exercise in _released(files).items():
        exercise.parent.mkdir(parents=True, exist_ok=True)
        exercise.write_text(release_notebook(solution), encoding="utf-8")
        written.append(exercise)
    return written


def cmd_new_case(args) -> int:
    from .errors import UserError

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
