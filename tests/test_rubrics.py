"""Rubrics: every written task has one (criteria, 3-4 levels, a model answer at each level), and a
bad rubrics file is named by file, line and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from casekit.rubrics import RubricError, by_question, load_rubrics, to_markdown, unmarked

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "casefiles" / "kurdistan-2017"


@pytest.fixture(scope="module")
def rubrics(case):
    return load_rubrics(CASE_DIR, case, required=True)


def test_every_written_task_has_a_rubric(case, rubrics):
    assert unmarked(case, rubrics) == []
    assert set(by_question(rubrics)) == {f"open/{q['id']}" for q in case.open_questions}
    own = {r.id for r in rubrics if not r.open_question}
    assert {"lesson-05-writing", "decision-memo", "assignment-source-analysis"} <= own
    for r in rubrics:
        assert r.prompt and r.where and r.criteria and 3 <= len(r.levels) <= 4, r.id
        assert [lv.score for lv in r.levels] == sorted({lv.score for lv in r.levels}, reverse=True), r.id
        assert all(lv.model_answer and lv.descriptor and lv.label for lv in r.levels), r.id


def test_an_open_questions_prompt_comes_from_the_case(case, rubrics):
    prompts = {q["id"]: " ".join(q["prompt"].split()) for q in case.open_questions}
    for r in rubrics:
        if r.open_question:
            assert r.prompt == prompts[r.open_question]


def test_lesson_05_writing_task_is_the_lessons_own_words(rubrics):
    import json

    nb = json.loads((ROOT / "notebooks" / "05_aftermath.ipynb").read_text(encoding="utf-8"))
    text = " ".join(" ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown").split())
    task = next(r for r in rubrics if r.id == "lesson-05-writing")
    assert task.prompt in text


def test_markdown_shows_criteria_levels_and_model_answers(rubrics):
    md = to_markdown(rubrics[0])
    assert rubrics[0].prompt in md and rubrics[0].criteria[0].name in md
    for lv in rubrics[0].levels:
        assert f"| {lv.score} | {lv.label} |" in md and lv.model_answer in md


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "rubrics.yaml").write_text(text, encoding="utf-8")
    return tmp_path


GOOD_LEVELS = """    levels:
      - {score: 2, label: Good, descriptor: d, model_answer: m}
      - {score: 1, label: Fair, descriptor: d, model_answer: m}
      - {score: 0, label: Poor, descriptor: d, model_answer: m}
"""


@pytest.mark.parametrize("body, line, field, words", [
    ("rubrics:\n  - id: a\n    open_question: no-such\n    where: w\n    criteria: [{name: n, description: d}]\n" + GOOD_LEVELS,
     3, "rubrics[0].open_question", "not an open question"),
    ("rubrics:\n  - id: a\n    prompt: p\n    where: w\n    criteria: [{name: n, description: d}]\n    levels:\n"
     "      - {score: 2, label: Good, descriptor: d, model_answer: m}\n", 6, "rubrics[0].levels", "3 to 4 levels"),
    ("rubrics:\n  - id: a\n    prompt: p\n    where: w\n    criteria: [{name: n, description: d}]\n    levels:\n"
     "      - {score: 1, label: Good, descriptor: d, model_answer: m}\n"
     "      - {score: 2, label: Fair, descriptor: d, model_answer: m}\n"
     "      - {score: 0, label: Poor, descriptor: d, model_answer: m}\n", 6, "rubrics[0].levels", "fall from the highest"),
    ("rubrics:\n  - id: a\n    prompt: p\n    where: w\n    colour: red\n    criteria: [{name: n, description: d}]\n" + GOOD_LEVELS,
     5, "rubrics[0].colour", "unknown field"),
    ("rubrics:\n  - id: a\n    where: w\n    criteria: [{name: n, description: d}]\n" + GOOD_LEVELS,
     2, "rubrics[0]", "either open_question"),
    ("rubrics:\n  - id: a\n    prompt: p\n    where: w\n    criteria: [{name: n, description: d}]\n" + GOOD_LEVELS
     + "  - id: a\n    prompt: p\n    where: w\n    criteria: [{name: n, description: d}]\n" + GOOD_LEVELS,
     10, "rubrics[1].id", "given twice"),
    ("rubrics:\n  - id: a\n    prompt: p\n    where: w\n    criteria: [{name: n, description: d}]\n    levels:\n"
     "      - {score: two, label: Good, descriptor: d, model_answer: m}\n"
     "      - {score: 1, label: Fair, descriptor: d, model_answer: m}\n"
     "      - {score: 0, label: Poor, descriptor: d}\n", 7, "rubrics[0].levels[0].score", "whole number"),
    ("rubrics: [\n", 2, "yaml", "YAML syntax error"),
    ("- just a list\n", 1, "rubrics", "a list under rubrics"),
])
def test_a_bad_rubrics_file_is_named_by_file_line_and_field(case, tmp_path, body, line, field, words):
    with pytest.raises(RubricError) as caught:
        load_rubrics(write(tmp_path, body), case)
    first = caught.value.problems[0]
    assert (first.line, first.field) == (line, field), str(caught.value)
    assert words in first.message and str(first).startswith(str(tmp_path / "rubrics.yaml") + f":{line}: ")


def test_a_missing_model_answer_is_named(case, tmp_path):
    body = ("rubrics:\n  - id: a\n    prompt: p\n    where: w\n    criteria: [{name: n, description: d}]\n    levels:\n"
            "      - {score: 2, label: Good, descriptor: d, model_answer: m}\n"
            "      - {score: 1, label: Fair, descriptor: d, model_answer: m}\n"
            "      - {score: 0, label: Poor, descriptor: d}\n")
    with pytest.raises(RubricError, match=r"rubrics\.yaml:9: rubrics\[0\]\.levels\[2\]\.model_answer: missing"):
        load_rubrics(write(tmp_path, body), case)


def test_no_file_is_no_rubrics_unless_required(case, tmp_path):
    assert load_rubrics(tmp_path, case) == []
    with pytest.raises(RubricError, match="no such file"):
        load_rubrics(tmp_path, case, required=True)
