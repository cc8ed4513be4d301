"""Reviewed items: each exercise's default questions are in a committed file a person has read; the
tests fail when generation changes one until it is reviewed again (a snapshot with notes)."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from casekit import questions as qs
from casekit import review
from casekit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_the_reviewed_files_hold_every_default_item_with_a_current_note(case):
    """Fails when generation changes a default item (or the selection) until it is reviewed again:
    run `casekit review --write`, read the items marked stale, then `casekit review --accept ID...`."""
    assert review.problems(case, ROOT) == []
    for ex in qs.EXERCISES:
        text = review.file_for(ROOT, ex).read_text(encoding="utf-8")
        for q in review.offered(case, ex):
            assert f"`{q.id}`" in text and q.prompt.splitlines()[0] in text


@pytest.fixture
def project(tmp_path, case):
    (tmp_path / "solutions").mkdir()
    review.write(case, tmp_path)
    return tmp_path


def test_a_changed_item_marks_its_note_stale_and_keeps_it(project, case, monkeypatch):
    path = review.file_for(project, "source-attribution")
    first = review.offered(case, "source-attribution")[0]
    text = path.read_text(encoding="utf-8").replace(
        f"<!-- note {first.id} reviewed= -->\n{review.UNREVIEWED}",
        f"<!-- note {first.id} reviewed={review.digest(first)} -->\nRead as a student: fair.")
    path.write_text(text, encoding="utf-8")
    assert not [p for p in review.problems(case, project) if first.id in p]
    original = qs.exercise_questions

    def changed(case_, exercise):  # generation now words the first item's hint differently
        return [dataclasses.replace(q, hint=q.hint + " (changed)") if q.id == first.id else q
                for q in original(case_, exercise)]

    monkeypatch.setattr(qs, "exercise_questions", changed)
    assert [p for p in review.problems(case, project) if first.id in p and "changed since it was reviewed" in p]
    review.write(case, project)
    text = path.read_text(encoding="utf-8")
    assert review.STALE + "\nRead as a student: fair." in text and "(changed)" in text
    assert review.read_notes(path)[first.id].text == "Read as a student: fair."  # kept, mark not doubled
    review.write(case, project, accept=[first.id])
    assert not [p for p in review.problems(case, project) if first.id in p]
    assert review.STALE not in path.read_text(encoding="utf-8").split(f"`{first.id}`")[1].split("## ")[0]


def test_review_command(project, case, capsys):
    args = ["review", "--case", str(ROOT / "casefiles" / "kurdistan-2017"), "--project", str(project)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "not reviewed yet" in out and "to review" in out
    assert main(args + ["--accept", "who_said/nobody"]) == 2
    assert "not a default item" in capsys.readouterr().err
    shutil.rmtree(project / "solutions")
    assert main(args) == 2


def test_the_student_copy_leaves_the_reviewed_files_out():
    from casekit import studentcopy

    assert "solutions" in Path(studentcopy.__file__).read_text(encoding="utf-8")
    assert review.FOLDER.parts[0] == "solutions"
