"""Measurements against real peers and for hub sizing.

- Grading against nbgrader itself: the same answers, as an nbgrader assignment with one autograded
  test cell per offered marked question, graded by `nbgrader autograde`, against `casekit grade`.
- Memory: each exercise kernel's resident memory after Run All and after a whole exercise has been
  answered, against a bare kernel's, so that a hub administrator can size a class.

Both are run by `python -m benchmarks` (nbgrader comes with `pip install -e ".[bench]"`).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "casefiles" / "kurdistan-2017"
ASSIGNMENT = "casekit"

# Read by the kernel itself: its resident set size, in kB (Linux).
RSS_CELL = ("print([int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')][0])")

# Answers every question of every quiz of the exercise built in the notebook, rightly, through the
# widgets' own methods (as the unit tests do), so the kernel holds a whole exercise's state.
ANSWER_ALL_CELL = """
import tempfile as _t
from casekit.widgets.quiz import Quiz as _Quiz
exercise.folder = _t.mkdtemp()
exercise.name.value = "Memory Benchmark"
exercise.start()
for _quiz in [x for x in exercise.widgets if isinstance(x, _Quiz)]:
    for _i, _q in enumerate(_quiz.questions):
        _quiz.go(_i)
        _card = _quiz.current
        if _q.is_open:
            _card.text.value = "An answer."
        elif _q.is_order:
            _card.set_answer(_q.answer)
        else:
            _card.choice.value = _q.answer
        _card.check_button.click()
"""


def nbgrader_available() -> bool:
    return shutil.which("nbgrader", path=str(Path(sys.executable).parent)) is not None


def offered_marked_questions(case, session=None) -> list:
    """The marked questions both exercises offer with a setting (None: the casefile's choice; "all")."""
    from casekit.questions import EXERCISES, exercise_questions, select

    return [q for ex in EXERCISES for q in select(case, ex, exercise_questions(case, ex), session).offered
            if not q.is_open]


def _write_config(folder: Path) -> None:
    (folder / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(folder)!r}\nc.CourseDirectory.course_id = 'bench'\n"
        "c.ExecutePreprocessor.timeout = 600\n", encoding="utf-8")


def make_nbgrader_course(folder: Path, questions) -> Path:
    """An nbgrader course whose source assignment has one autograded test cell per marked question."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("Write your answers in the dictionary below."))
    right = {q.id: (list(q.answer) if q.is_order else q.answer) for q in questions}
    answer_cell = nbformat.v4.new_code_cell(
        "answers = {}\n### BEGIN SOLUTION\nanswers = " + json.dumps(right) + "\n### END SOLUTION")
    answer_cell.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False,
                                        "grade_id": "answers", "schema_version": 3}
    nb.cells.append(answer_cell)
    for i, q in enumerate(questions):
        test = nbformat.v4.new_code_cell(f"assert answers.get({q.id!r}) == {right[q.id]!r}")
        test.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 1,
                                     "grade_id": f"q{i:03d}", "schema_version": 3}
        nb.cells.append(test)
    source = folder / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    nbformat.write(nb, source / "answers.ipynb")
    _write_config(folder)
    return folder


def _nbgrader(folder: Path, *args: str) -> subprocess.CompletedProcess:
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")  # nbgrader runs alembic
    return subprocess.run([str(bin_dir / "nbgrader"), *args], cwd=folder, capture_output=True, text=True,
                          timeout=3600, env=env)


def prepare_nbgrader(folder: Path, case, recorded: list[dict], session=None) -> dict:
    """The equivalent nbgrader assignment (one autograded cell per offered marked question), released,
    and the class's submissions as notebooks: each record's last answer to each of those questions."""
    import nbformat

    questions = offered_marked_questions(case, session)
    course = make_nbgrader_course(folder, questions)
    done = _nbgrader(course, "generate_assignment", ASSIGNMENT, "--create", "--force")
    if done.returncode:
        raise RuntimeError("nbgrader generate_assignment failed:\n" + done.stdout + done.stderr)
    release = course / "release" / ASSIGNMENT / "answers.ipynb"
    wanted = {q.id for q in questions}
    submissions = []
    for record in recorded:
        given = {}
        for section in record["exercises"].values():
            for a in section["attempts"]:
                if a["question"] in wanted:
                    given[a["question"]] = a["answer"]  # the last attempt, as the gradebook's final
        nb = nbformat.read(release, as_version=4)
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answers")
        cell.source = "answers = " + json.dumps(given)
        submissions.append(nbformat.writes(nb))
    return {"folder": course, "questions": [q.id for q in questions], "submissions": submissions}


def autograde(course: dict, n: int, tag: str, scores: Optional[dict] = None) -> float:
    """Seconds for `nbgrader autograde` on n submissions, in a fresh copy of the released course. With
    a dict for scores: filled with each submission's result per question (its test cell passed)."""
    folder = course["folder"].parent / f"{course['folder'].name}-{tag}"
    shutil.copytree(course["folder"], folder)
    _write_config(folder)
    for i in range(n):
        target = folder / "submitted" / f"student-{i:05d}" / ASSIGNMENT
        target.mkdir(parents=True)
        (target / "answers.ipynb").write_text(course["submissions"][i % len(course["submissions"])], encoding="utf-8")
        (target / "timestamp.txt").write_text("2026-01-01 00:00:00.000000 UTC", encoding="utf-8")
    t = time.perf_counter()
    done = _nbgrader(folder, "autograde", ASSIGNMENT, "--create", "--force")
    elapsed = time.perf_counter() - t
    if done.returncode:
        raise RuntimeError("nbgrader autograde failed:\n" + done.stdout[-3000:] + done.stderr[-3000:])
    graded = list((folder / "autograded").glob(f"*/{ASSIGNMENT}/answers.ipynb"))
    if len(graded) != n:
        raise RuntimeError(f"nbgrader graded {len(graded)} of {n} submissions")
    if scores is not None:
        import nbformat

        for path in graded:
            nb = nbformat.read(path, as_version=4)
            passed = {}
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
                if grade_id.startswith("q") and grade_id[1:].isdigit():
                    failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
                    passed[course["questions"][int(grade_id[1:])]] = not failed
            scores[path.parent.parent.name] = passed
    shutil.rmtree(folder, ignore_errors=True)
    return elapsed


def _kernel_rss(cells: list[str], cwd: Path) -> int:
    """Run cells in a fresh kernel; return its resident memory (kB) read at the end by the kernel itself."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells] + [nbformat.v4.new_code_cell(RSS_CELL)]
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    out = nb.cells[-1].outputs[0]["text"]
    return int(out.strip())


def bench_memory(notebooks: list[Path], matplotlib_yardstick: str = "") -> dict:
    """Each exercise kernel's memory after Run All and after a whole exercise, against a bare kernel
    and, for an exercise that draws figures, against a kernel that has drawn one small matplotlib
    figure (the memory any matplotlib lesson costs)."""
    import nbformat

    bare = _kernel_rss([], ROOT)
    stick = _kernel_rss([matplotlib_yardstick], ROOT) if matplotlib_yardstick else 0
    rows = {}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        after_run = _kernel_rss(code, path.parent)
        after_all = _kernel_rss(code + [ANSWER_ALL_CELL], path.parent)
        draws = _draws_figures(code)
        rows[str(path.relative_to(ROOT))] = {"run_all_kb": after_run, "whole_exercise_kb": after_all,
                                             "run_all_ratio": after_run / bare, "whole_ratio": after_all / bare,
                                             "figures": draws,
                                             "whole_ratio_mpl": after_all / stick if stick and draws else None}
    return {"bare_kb": bare, "matplotlib_kb": stick, "notebooks": rows}


def _draws_figures(code: list[str]) -> bool:
    """An exercise draws figures when it builds the network (the alliance builder draws with matplotlib)."""
    return any("alliance_exercise" in c or "plots." in c for c in code)
