"""One broken thing in a casefile gives one message: a record dropped for its own mistake is not
reported again by the checks that would have used it (the layout, "no annotated quote", unknown
sources or quotes)."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from casekit import CasefileError, load_case
from casekit.cli import main

ANN = "annotations/demo-2017-10-01.yaml"
LAYOUT = "layout:\n  state-a: [-0.5, 0.0]\n  state-b: [0.5, 0.0]\n"
SECOND = Path(__file__).parent / "casefiles" / "second-case"
needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="symlinks as on POSIX")


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def the_one_problem(folder: Path, capsys):
    with pytest.raises(CasefileError) as info:
        load_case(folder)
    problems = info.value.problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 1
    assert capsys.readouterr().err.count("\n") == 2  # the problem, then the count
    return problems[0]


@pytest.fixture
def with_layout(minimal):
    """The minimal casefile with a stored network layout (both actors of its one relation)."""
    with open(minimal / "case.yaml", "a", encoding="utf-8") as f:
        f.write(LAYOUT)
    load_case(minimal)  # sound as it is
    return minimal


@pytest.fixture
def second(tmp_path):
    target = tmp_path / "second"
    shutil.copytree(SECOND, target)
    load_case(target)
    return target


def test_an_empty_annotation_file_is_named(minimal, capsys):
    (minimal / ANN).write_text("", encoding="utf-8")
    problem = the_one_problem(minimal, capsys)
    assert problem.file.endswith(ANN) and "empty" in problem.message


def test_an_annotation_file_of_comments_only_is_named(second, capsys):
    path = second / "annotations" / "harbour-digest-2031-03.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    problem = the_one_problem(second, capsys)
    assert problem.file.endswith("harbour-digest-2031-03.yaml") and "empty" in problem.message


def test_an_actor_without_a_name_is_not_also_out_of_the_layout(with_layout, capsys):
    edit(with_layout, "case.yaml", "  - id: state-a\n    name: State A\n", "  - id: state-a\n")
    problem = the_one_problem(with_layout, capsys)
    assert problem.field == "actors[state-a].name"


def test_a_relation_with_a_mistake_does_not_put_its_actors_out_of_the_layout(with_layout, capsys):
    edit(with_layout, "case.yaml", "    mode: verbal\n", "    mode: shouting\n")
    problem = the_one_problem(with_layout, capsys)
    assert problem.field == "relations[a-confronts-b].mode"


def test_a_source_whose_quotes_are_dropped_with_their_speaker_is_still_annotated(minimal, capsys):
    """All three quotes are the minister's; a broken `unnamed:` drops the minister and them."""
    edit(minimal, ANN, "    speaker: state-a\n", "    speaker: minister\n")
    edit(minimal, ANN, "    speaker: outlet\n", "    speaker: minister\n")
    load_case(minimal)
    edit(minimal, "case.yaml", "    actor: state-a\n    title_source", "    actor: state-a\n    unnamed: maybe\n    title_source")
    problem = the_one_problem(minimal, capsys)
    assert problem.field == "people[minister].unnamed"


@needs_posix
def test_a_symlinked_folder_of_sources_is_one_line_with_a_layout(with_layout, tmp_path, capsys):
    outside = tmp_path / "outside"
    (with_layout / "sources").rename(outside)
    os.symlink(outside, with_layout / "sources")
    problem = the_one_problem(with_layout, capsys)
    assert problem.file.endswith("sources") and "symbolic link" in problem.message


@needs_posix
def test_a_symlinked_folder_of_sources_is_one_line_with_exercises(second, tmp_path, capsys):
    outside = tmp_path / "outside"
    (second / "sources").rename(outside)
    os.symlink(outside, second / "sources")
    problem = the_one_problem(second, capsys)
    assert "symbolic link" in problem.message


# --- exercises: pairs asked as having no stated relation ----------------------------------------


def test_a_no_relation_pair_that_a_relation_contradicts_fails_plain_validate(second, capsys):
    edit(second, "case.yaml", "no_relation_pairs: [[ostrelia, valdoria]]",
         "no_relation_pairs: [[ostrelia, valdoria], [eastmark, norvania]]")
    problem = the_one_problem(second, capsys)
    assert problem.file.endswith("case.yaml") and problem.line == 35
    assert problem.field == "exercises.regional-alliances.no_relation_pairs"
    assert "norvania-confronts-eastmark" in problem.message and "[eastmark, norvania]" in problem.message


def test_a_malformed_pair_is_explained_without_the_first_cases_actors(second, capsys):
    edit(second, "case.yaml", "no_relation_pairs: [[ostrelia, valdoria]]", "no_relation_pairs: [[ostrelia]]")
    problem = the_one_problem(second, capsys)
    assert problem.field.endswith("no_relation_pairs") and "[first, second]" in problem.message


@needs_posix
def test_a_symlinked_folder_of_annotations_is_one_line(second, tmp_path, capsys):
    outside = tmp_path / "outside"
    (second / "annotations").rename(outside)
    os.symlink(outside, second / "annotations")
    problem = the_one_problem(second, capsys)
    assert problem.file.endswith("annotations") and "symbolic link" in problem.message


def test_a_missing_folder_of_annotations_is_one_line(second, capsys):
    shutil.rmtree(second / "annotations")
    problem = the_one_problem(second, capsys)
    assert problem.file.endswith("annotations") and "missing folder of annotations" in problem.message
