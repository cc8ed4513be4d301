"""The student copy: what a class gets holds no solution, key or instructor note, and no dead link."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from casekit import cli
from casekit.studentcopy import (MARKER, StudentCopyError, dead_links, leaks, relative_links, student_notebook,
                                 write_student_copy)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("students") / "class-repo"
    write_student_copy(ROOT, dest, repo="teacher/class-repo")
    return dest


def _notebooks(folder: Path):
    return sorted(folder.rglob("*.ipynb"))


def _cells(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell) -> str:
    return "".join(cell.get("source", ""))


def test_the_copy_holds_what_a_class_needs(copy):
    for name in ("README.md", "LICENSE", "environment.yml", "postBuild", "pyproject.toml",
                 "src/casekit/__init__.py", "notebooks/00_start_here.ipynb"):
        assert (copy / name).is_file(), name
    for folder in ("notebooks", "exercises"):
        want = {p.relative_to(ROOT).as_posix() for p in _notebooks(ROOT / folder) if "answers" not in p.parts}
        have = {p.relative_to(copy).as_posix() for p in _notebooks(copy / folder)}
        assert want == have
    want = {p.relative_to(ROOT).as_posix() for p in (ROOT / "casefiles").rglob("*")
            if p.is_file() and p.name != "rubrics.yaml"}  # the rubrics' model answers are for instructors
    have = {p.relative_to(copy).as_posix() for p in (copy / "casefiles").rglob("*") if p.is_file()}
    assert want == have
    assert (copy / "postBuild").stat().st_mode & 0o111, "postBuild stays executable"


def test_nothing_for_instructors_is_in_the_copy(copy):
    files = [p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()]
    for top in ("solutions/", "tests/", "benchmarks/", "guide/", ".ci/"):
        assert not [f for f in files if f.startswith(top)], top
    assert leaks(copy) == []
    assert (ROOT / "casefiles" / "kurdistan-2017" / "rubrics.yaml").is_file()
    assert not [f for f in files if f.endswith("/rubrics.yaml")], "a casefile's rubrics hold model answers"
    text = "\n".join(p.read_text(encoding="utf-8") for p in _notebooks(copy))
    assert "for instructors)" not in text.lower()
    assert "key_table(" not in text
    for nb in _notebooks(copy):
        for cell in _cells(nb):
            assert "solution" not in cell.get("metadata", {}).get("tags", []), nb


def test_no_solution_cell_of_the_instructors_notebooks_reaches_the_copy(copy):
    # the answers: solution cells in prose, and code cells longer than a one-line call a lesson may share
    solution_cells = [_text(c).strip() for p in _notebooks(ROOT / "solutions") for c in _cells(p)
                      if "solution" in c.get("metadata", {}).get("tags", [])
                      and (c["cell_type"] == "markdown" or len(_text(c)) > 100 or "key_table" in _text(c))]
    assert solution_cells, "the project's solutions have solution cells (else this test proves nothing)"
    copied = [_text(c).strip() for p in _notebooks(copy) for c in _cells(p)]
    for text in solution_cells:
        assert text not in copied


def test_the_lessons_answers_for_instructors_are_cut_and_their_questions_kept(copy):
    for path in _notebooks(ROOT / "notebooks"):
        for cell in _cells(path):
            src = _text(cell)
            m = re.search(r"<details><summary>[^<]*for instructors", src)
            if m and src[:m.start()].strip():
                question = src[:m.start()].strip()
                copied = "\n".join(_text(c) for c in _cells(copy / path.relative_to(ROOT)))
                assert question in copied
                assert src[m.start():] not in copied


def test_the_start_page_links_nothing_outside_the_copy(copy):
    start = copy / "notebooks" / "00_start_here.ipynb"
    links = [link for c in _cells(start) for link in relative_links(_text(c))]
    assert any(link.startswith("../exercises/") for link in links)
    assert not any("solutions" in link for link in links)
    assert dead_links(copy) == []


def test_every_relative_link_in_the_copy_resolves(copy):
    checked = 0
    for path in _notebooks(copy):
        for cell in _cells(path):
            if cell["cell_type"] == "markdown":
                for link in relative_links(_text(cell)):
                    assert (path.parent / link).exists(), f"{path.relative_to(copy)}: {link}"
                    checked += 1
    assert checked > 10


def test_students_readme_says_how_to_open_save_and_hand_in(copy):
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert "https://mybinder.org/v2/gh/teacher/class-repo/main" in readme
    assert "Download my answers" in readme and "exercises/answers/" in readme
    for word in ("grade", "solution", "instructor's", "answer key", "gradebook"):
        assert word not in readme.lower(), word


def test_leaks_and_dead_links_can_fail(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "01.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    nb = {"cells": [{"cell_type": "markdown", "metadata": {"tags": ["solution"]}, "source": "x"},
                    {"cell_type": "markdown", "metadata": {},
                     "source": "[gone](missing.ipynb) [ok](00.ipynb) [web](https://example.org/a)"},
                    {"cell_type": "code", "metadata": {}, "source": "views.key_table(qs)", "outputs": []}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks" / "00.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    found = "\n".join(map(str, leaks(tmp_path)))
    assert "solutions/01.ipynb" in found and "tagged 'solution'" in found and "key_table" in found
    dead = dead_links(tmp_path)
    assert [str(d) for d in dead] == ["notebooks/00.ipynb: cell 2: dead link 'missing.ipynb'"]


def test_student_notebook_removes_instructor_material():
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "## For instructors\n\n- run `casekit grade`"},
        {"cell_type": "markdown", "metadata": {"tags": ["instructor"]}, "source": "notes"},
        {"cell_type": "markdown", "metadata": {},
         "source": "**Try it.** Why?\n\n<details><summary>Answer (for instructors)</summary>\n\nBecause.\n</details>"},
        {"cell_type": "code", "metadata": {}, "source": "1", "outputs": [{"output_type": "stream"}],
         "execution_count": 3}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    out = json.loads(student_notebook(json.dumps(nb), "x.ipynb"))
    assert [_text(c) for c in out["cells"]] == ["**Try it.** Why?", "1"]
    assert out["cells"][1]["outputs"] == [] and out["cells"][1]["execution_count"] is None


def test_an_earlier_copy_is_replaced_and_its_git_kept(tmp_path):
    dest = tmp_path / "class"
    write_student_copy(ROOT, dest)
    (dest / ".git").mkdir()
    (dest / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (dest / "stale.txt").write_text("old", encoding="utf-8")
    write_student_copy(ROOT, dest)
    assert (dest / ".git" / "HEAD").is_file() and not (dest / "stale.txt").exists() and (dest / MARKER).is_file()


def test_a_folder_that_is_not_a_copy_is_refused(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StudentCopyError, match="not empty"):
        write_student_copy(ROOT, tmp_path)
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"
    code = cli.main(["student-copy", str(tmp_path), "--project", str(ROOT)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("casekit student-copy: ")
    assert cli.main(["student-copy", str(tmp_path / "no" / "such"), "--project", str(ROOT)]) == 2
    assert cli.main(["student-copy", str(ROOT / "notebooks" / "x"), "--project", str(ROOT)]) == 2
    assert cli.main(["student-copy", str(tmp_path / "c"), "--project", str(ROOT), "--repo", "bad"]) == 2


def test_the_command_writes_the_copy(tmp_path, capsys):
    assert cli.main(["student-copy", str(tmp_path / "c"), "--project", str(ROOT)]) == 0
    assert "no solutions" in capsys.readouterr().out
    assert (tmp_path / "c" / "notebooks" / "00_start_here.ipynb").is_file()


def test_exercises_out_of_step_with_the_solutions_are_refused(tmp_path):
    project = tmp_path / "project"
    for name in ("notebooks", "exercises", "solutions", "casefiles", "src"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("answers", "__pycache__", "*.egg-info"))
    stale = sorted((project / "exercises").glob("*.ipynb"))[0]
    nb = json.loads(stale.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "an old cell"})
    stale.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(StudentCopyError, match="casekit release"):
        write_student_copy(project, tmp_path / "copy")
    assert not (tmp_path / "copy").exists()
