"""A class's answer records, as the widgets write them.

A few students are driven through both exercises by the widgets' own controls (choose, Check, Try
again, Next; the network builder's pairs and Check my network; the balance triads), with the
casefile's default choice of offered questions (30 marked per exercise) or with every question
offered ("all"). Their files are the templates of a class: each record of the class is a template's
file under another student's name, so a class of 1,000 costs three students' clicking, not 1,000.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "casefiles" / "kurdistan-2017"
os.environ.setdefault("MPLBACKEND", "Agg")

# Each template student answers in their own way: wrong at the first try on every third question
# (shifted per student), and the last student stops two thirds of the way through.
TEMPLATES = 3


def _wrong_value(q):
    if q.is_order:
        return tuple(reversed(q.answer))
    return next(c.value for c in q.choices if c.value != q.answer)


def _answer_quiz(quiz, wrong_first, stop):
    for i, q in enumerate(quiz.questions[:stop(len(quiz.questions))]):
        quiz.go(i)
        card = quiz.current
        if q.is_open:
            card.text.value = f"A written answer to {q.id}."
            card.check_button.click()
            continue
        right = q.answer
        if wrong_first(i):
            if q.is_order:
                card.set_answer(_wrong_value(q))
            else:
                card.choice.value = _wrong_value(q)
            card.check_button.click()
            card.try_again()
        if q.is_order:
            card.set_answer(right)
        else:
            card.choice.value = right
        card.check_button.click()


def drive_student(case, folder: Path, name: str, n: int, session=None) -> None:
    """Student number n works through both exercises in the widgets; their record lands in folder."""
    from casekit.alliances import verdict_choices, verdict_key
    from casekit.widgets import AllianceBuilder, BalanceCheck, alliance_exercise, attribution_quiz
    from casekit.widgets.quiz import Quiz

    def wrong_first(k):
        return (k + n) % 3 == 0

    def stop(count):
        return count if n < TEMPLATES - 1 else max(1, (2 * count) // 3)

    for factory in (attribution_quiz, alliance_exercise):
        ex = factory(case, folder=folder, session=session)
        ex.name.value = name
        ex.start()
        for part in ex.widgets:
            if isinstance(part, Quiz):
                _answer_quiz(part, wrong_first, stop)
            elif isinstance(part, AllianceBuilder):
                questions = part.questions[:stop(len(part.questions))]
                for k, q in enumerate(questions):
                    if wrong_first(k):
                        part.pickers[q.id].value = "confronts" if q.answer != "confronts" else "cooperates"
                part.check()
                for q in questions:
                    part.pickers[q.id].value = q.answer
                part.check()
        for part in ex.widgets:
            if isinstance(part, BalanceCheck):
                part.refresh()
                for k, (triad, radio, _button, out) in enumerate(part.items[:stop(len(part.items))]):
                    right = verdict_key(triad)
                    wrong = next(v for v, _ in verdict_choices(case, triad) if v != right)
                    radio.value = wrong if wrong_first(k) else right
                    part.check(triad, radio, out)


def templates(session=None, count: int = TEMPLATES) -> list[dict]:
    """The template students' records (driven through the widgets), as parsed JSON."""
    from casekit import load_case

    case = load_case(CASE_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in range(count):
            drive_student(case, folder, f"Template Student {n}", n, session)
        files = sorted(folder.rglob("*.json"))
        if len(files) != count:
            raise RuntimeError(f"expected {count} records from the widgets, found {[str(f) for f in files]}")
        return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def write_class(folder: Path, n: int, recorded: list[dict]) -> list[Path]:
    """n records in folder: the templates in turn, each under its own student's name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        record = dict(recorded[i % len(recorded)], student=f"Student {i:05d}")
        path = folder / f"student-{i:05d}.json"
        path.write_text(json.dumps(record), encoding="utf-8")
        paths.append(path)
    return paths


def offered_marked(record: dict) -> dict[str, list]:
    """The marked questions a record answered, per exercise, with the last answer given."""
    out: dict[str, list] = {}
    for exercise, section in record["exercises"].items():
        last = {}
        for a in section["attempts"]:
            if a.get("correct") is not None:
                last[a["question"]] = a["answer"]
        out[exercise] = list(last.items())
    return out
