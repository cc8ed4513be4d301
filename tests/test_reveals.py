"""A reveal ("The answer is: X") is recorded; grading and the report tell "right after being shown" from right."""
from __future__ import annotations

import json

import pytest

from casekit import __version__
from casekit.answers import RecordError, Recorder, parse, read
from casekit.grading import grade
from casekit.questions import exercise_questions, feedback, key_checksum, reveals
from casekit.widgets.cards import QuestionCard

EX = "source-attribution"


@pytest.fixture(scope="module")
def bank(case):
    return exercise_questions(case, EX)


def test_reveals_is_when_the_feedback_gives_the_answer(bank):
    for q in [q for q in bank if not q.is_open][:40]:
        wrong = next((c.value for c in q.choices if c.value != q.answer), None)
        if wrong is None or q.is_order:
            continue
        for attempt in (1, 2, 3):
            assert reveals(q, wrong, attempt) == ("The answer is:" in feedback(q, wrong, attempt).text), (q.id, attempt)
        assert not reveals(q, q.answer, 2)


def test_a_card_records_the_reveal(bank):
    q = next(q for q in bank if q.kind == "who_said")
    wrong = [c.value for c in q.choices if c.value != q.answer]
    calls = []
    card = QuestionCard(q, lambda *args, **kw: calls.append((args, kw)))
    card.choice.value = wrong[0]
    card.check()
    card.try_again()
    card.choice.value = wrong[1]
    card.check()
    assert calls[0][1] == {} and calls[1][1] == {"revealed": True}
    assert "The answer is:" in card.feedback.value


def test_grading_does_not_count_an_answer_after_the_reveal(case, bank, tmp_path):
    q = next(q for q in bank if q.kind == "who_said")
    other = next(x for x in bank if x.kind == "who_said" and x.id != q.id)
    wrong = [c.value for c in q.choices if c.value != q.answer]
    rec = Recorder("Eve", case.id, EX, key_checksum(bank), __version__, folder=tmp_path)
    rec.add(q.id, wrong[0], False)
    rec.add(q.id, wrong[1], False, revealed=True)
    rec.add(q.id, q.answer, True)  # right after being shown
    rec.add(other.id, next(c.value for c in other.choices if c.value != other.answer), False)
    rec.add(other.id, other.answer, True)  # right at the second try, never shown: right in the end
    path = tmp_path / case.id / "eve.json"
    saved = read(path).exercises[EX].attempts
    assert [a.revealed for a in saved] == [False, True, False, False, False]
    book = grade(case, [path])
    r = book.results[0]
    assert r.final[q.id] is False and q.id in r.shown
    assert r.final[other.id] is True and other.id not in r.shown
    assert book.shown_total(r) == 1
    header = book.columns()
    row = dict(zip(header, book.rows()[0]))
    assert row[f"{q.id}: final"] == 0 and row[f"{q.id}: right after being shown"] == 1
    assert row["total: right after being shown"] == 1


def test_a_reveal_is_inferred_when_the_flag_is_missing(case, bank, tmp_path):
    """A record whose flag was removed: the second wrong try was still told the answer."""
    q = next(q for q in bank if q.kind == "who_said")
    wrong = [c.value for c in q.choices if c.value != q.answer]
    rec = Recorder("Fay", case.id, EX, key_checksum(bank), __version__, folder=tmp_path)
    rec.add(q.id, wrong[0], False)
    rec.add(q.id, wrong[1], False)
    rec.add(q.id, q.answer, True)
    r = grade(case, [tmp_path / case.id / "fay.json"]).results[0]
    assert r.final[q.id] is False and q.id in r.shown


def test_revealed_must_be_true_or_false(case, bank, tmp_path):
    q = next(q for q in bank if q.kind == "who_said")
    rec = Recorder("Gil", case.id, EX, key_checksum(bank), __version__, folder=tmp_path)
    rec.add(q.id, q.answer, True)
    path = tmp_path / case.id / "gil.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["exercises"][EX]["attempts"][0]["revealed"] = "yes"
    with pytest.raises(RecordError, match="'revealed' must be true or false"):
        parse(json.dumps(data).encode("utf-8"))


def test_the_report_says_how_many_were_right_only_after_being_shown(case, bank, tmp_path):
    from casekit.report import analyse

    q = next(q for q in bank if q.kind == "who_said")
    wrong = [c.value for c in q.choices if c.value != q.answer]
    rec = Recorder("Hal", case.id, EX, key_checksum(bank), __version__, folder=tmp_path)
    for value, revealed in ((wrong[0], False), (wrong[1], True), (q.answer, False)):
        rec.add(q.id, value, value == q.answer, revealed=revealed)
    data = analyse(grade(case, [tmp_path / case.id / "hal.json"]))
    assert "0.0 right in the end" in data["mean"]
    assert "Right only after being shown the answer (“The answer is: …”), not counted as right: 1" in data["mean"]
