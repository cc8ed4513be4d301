"""The course site's Sphinx project: lessons found in the folder, the guide when it exists, the
handouts, code hidden, nothing downloaded. (tests/e2e/test_site.py builds it and opens it.)"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casekit import cli
from casekit.site import CONF, SiteError, stage

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "casefiles", root / "casefiles")
    nb = json.loads((ROOT / "notebooks" / "01_the_referendum.ipynb").read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "# A new lesson\n\nSee [the exercise](../exercises/01_source_attribution.ipynb)."
    (root / "notebooks" / "08_new_lesson.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    # a lesson with a note for instructors, as a lesson may hold (the students' site must drop it)
    nb = json.loads((ROOT / "notebooks" / "02_reading_the_source.ipynb").read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "What does the outlet add?\n\n"
                        "<details><summary>Answer (for instructors)</summary>\n\nIts comment.\n\n</details>"})
    (root / "notebooks" / "02_reading_the_source.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (root / "guide").mkdir()
    (root / "guide" / "index.md").write_text("# Instructor guide\n", encoding="utf-8")
    (root / "guide" / "lesson-01.md").write_text("# Lesson 1\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def staged(project, tmp_path_factory) -> tuple[Path, dict]:
    staging = tmp_path_factory.mktemp("staging")
    return staging, stage(project, staging)


@pytest.mark.slow  # the site staged once for the module, its handouts and figures drawn
def test_every_lesson_in_the_folder_is_a_page(staged, project):
    staging, held = staged
    names = sorted(p.stem for p in (project / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert held["lessons"] == [f"notebooks/{n}" for n in names]
    index = (staging / "index.md").read_text(encoding="utf-8")
    assert all(f"notebooks/{n}\n" in index for n in names)
    assert "notebooks/08_new_lesson" in index


@pytest.mark.slow  # the site staged once for the module, its handouts and figures drawn
def test_the_guide_is_built_from_what_exists(staged, tmp_path):
    staging, held = staged
    assert held["guide"] == ["guide/index", "guide/lesson-01"]
    assert (staging / "guide" / "lesson-01.md").is_file()
    assert ":caption: Instructor guide" in (staging / "index.md").read_text(encoding="utf-8")


def test_without_a_guide_the_index_says_so(tmp_path):
    root = tmp_path / "p"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "02_reading_the_source.ipynb", root / "notebooks")
    shutil.copytree(ROOT / "casefiles", root / "casefiles")
    held = stage(root, tmp_path / "s", figures=False)
    assert held["guide"] == []
    assert "guide is not in this repository yet" in (tmp_path / "s" / "index.md").read_text(encoding="utf-8")


@pytest.mark.slow  # the site staged once for the module, its handouts and figures drawn
def test_links_to_pages_not_on_the_site_become_words(staged):
    staging, _ = staged
    nb = json.loads((staging / "notebooks" / "08_new_lesson.ipynb").read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    assert "*the exercise*" in first and "../exercises/" not in first
    start = json.loads((staging / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in start["cells"])
    assert "(01_the_referendum.ipynb)" in text  # a lesson on the site keeps its link


@pytest.mark.slow  # the site staged once for the module, its handouts and figures drawn
def test_the_handouts_are_part_of_the_site(staged):
    staging, held = staged
    assert held["handouts"] == ["handouts/index.html"]
    assert (staging / "_extra" / "handouts" / "index.html").is_file()
    assert "<a href=\"handouts/index.html\">Handouts: " in (staging / "index.md").read_text(encoding="utf-8")


@pytest.mark.slow  # the site staged once for the module, its handouts and figures drawn
def test_the_configuration_hides_code_runs_lessons_and_downloads_nothing(staged):
    staging, _ = staged
    conf = (staging / "conf.py").read_text(encoding="utf-8")
    namespace: dict = {}
    exec(compile(conf, "conf.py", "exec"), namespace)  # our own generated file, not user input
    assert namespace["nb_remove_code_source"] is True
    assert namespace["nb_execution_mode"] == "force" and namespace["nb_execution_raise_on_error"] is True
    assert namespace["nb_ipywidgets_js"] == {}
    assert namespace["html_theme"] == "alabaster"  # Sphinx's own theme: no template to download
    assert namespace["extensions"] == ["myst_nb"]
    assert "{execution!r}" in CONF


def test_a_project_without_lessons_is_one_clear_error(tmp_path):
    with pytest.raises(SiteError, match="no such folder"):
        stage(tmp_path, tmp_path / "s")


def test_a_bad_out_fails_in_one_line(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code = cli.main(["site", "--out", str(tmp_path / "file"), "--project", str(ROOT)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("casekit site: --out ")


def test_the_students_site_has_no_guide_and_no_notes_for_instructors(project, tmp_path):
    held = stage(project, tmp_path / "s", students=True, figures=False)
    assert held["guide"] == [] and not (tmp_path / "s" / "guide").exists()
    assert "guide" not in (tmp_path / "s" / "index.md").read_text(encoding="utf-8").lower()
    lessons = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "s" / "notebooks").glob("*.ipynb"))
    originals = "\n".join(p.read_text(encoding="utf-8") for p in (project / "notebooks").glob("*.ipynb"))
    assert "for instructors)" in originals  # the lessons have such notes, so the check below means something
    assert "for instructors)" not in lessons
