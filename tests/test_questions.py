"""Question banks generated from the casefile."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casekit import load_case
from casekit.questions import (
    EXERCISES, alliance_bank, attribution_bank, exercise_questions, feedback, key_checksum, pair_key, timeline,
)

ROOT = Path(__file__).resolve().parents[1]


def test_every_quote_yields_a_who_said_question_keyed_to_its_speaker(case):
    bank = {q.id: q for q in attribution_bank(case)}
    for quote in case.quotes:
        q = bank[f"who_said/{quote.id}"]
        assert q.answer == quote.speaker
        assert quote.speaker in [c.value for c in q.choices]
        assert q.quote == quote.text and quote.text in q.sentence and q.sentence in case.source(quote.source).text


@pytest.mark.parametrize("bank", ["attribution", "alliances"])
def test_no_question_offers_the_same_option_twice(case, bank):
    questions = attribution_bank(case) if bank == "attribution" else alliance_bank(case)
    for q in questions:
        values = [c.value for c in q.choices]
        labels = [c.label for c in q.choices]
        assert len(values) == len(set(values)), q.id
        assert len(labels) == len(set(labels)), q.id
        if not q.is_open and not q.is_order:
            assert q.answer in values, q.id
            assert len(values) >= 2, q.id


def test_ids_are_unique_and_prefixed_by_kind(case):
    for name in EXERCISES:
        ids = [q.id for q in exercise_questions(case, name)]
        assert len(ids) == len(set(ids))
        assert all("/" in i for i in ids)


def test_ids_and_key_are_stable_when_wording_changes(tmp_path):
    """Re-wording a quotation's surroundings, a name or a title keeps every id and the key checksum."""
    folder = tmp_path / "k"
    shutil.copytree(ROOT / "casefiles" / "kurdistan-2017", folder)
    before = load_case(folder)
    bank_before = exercise_questions(before, "source-attribution")
    case_yaml = folder / "case.yaml"
    text = case_yaml.read_text(encoding="utf-8")
    text = text.replace("name: Brig. Gen. Amir Hatami", "name: Amir Hatami")
    text = text.replace("Which Iranian officials linked the vote", "Which of Iran's officials linked the vote")
    case_yaml.write_text(text, encoding="utf-8")
    after = load_case(folder)
    bank_after = exercise_questions(after, "source-attribution")
    assert [q.id for q in bank_before] == [q.id for q in bank_after]
    assert key_checksum(bank_before) == key_checksum(bank_after)
    # ...but changing who said it changes the key
    ann = folder / "annotations" / "mei-2017-10-iran-defense-minister.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace(
        "  - id: bagheri-behind-this\n    text: The Zionist regime and the world Arrogance [U.S.] are behind this,\n    speaker: bagheri",
        "  - id: bagheri-behind-this\n    text: The Zionist regime and the world Arrogance [U.S.] are behind this,\n    speaker: hatami"),
        encoding="utf-8")
    assert key_checksum(exercise_questions(load_case(folder), "source-attribution")) != key_checksum(bank_before)


def test_choice_order_is_deterministic(case):
    a = [tuple(c.value for c in q.choices) for q in attribution_bank(case)]
    b = [tuple(c.value for c in q.choices) for q in attribution_bank(case)]
    assert a == b
    # and not always the answer first
    firsts = [q.choices[0].value == q.answer for q in attribution_bank(case) if q.kind == "who_said"]
    assert 0 < sum(firsts) < len(firsts)


def test_institutional_speakers_are_not_offered_their_own_people(case):
    bank = {q.id: q for q in attribution_bank(case)}
    q = bank["who_said/unsg-detract-from-defeating-daesh"]
    assert q.answer == "un-sg"
    assert not {"dujarric", "guterres"} & {c.value for c in q.choices}


def test_feedback_hints_first_then_explains(case):
    q = next(q for q in attribution_bank(case) if q.id == "who_said/hatami-new-scenario")
    wrong = next(c.value for c in q.choices if c.value != q.answer)
    first = feedback(q, wrong, 1)
    assert first.correct is False and first.text.startswith("✘") and "Hint" in first.text
    assert case.person("hatami").name not in first.text  # a hint, not the answer
    second = feedback(q, wrong, 2)
    assert case.person("hatami").name in second.text and "Source:" in second.text
    right = feedback(q, q.answer, 1)
    assert right.correct and right.text.startswith("✔") and "was quoted as saying" in right.text


def test_chain_and_open_questions(case):
    bank = {q.id: q for q in exercise_questions(case, "source-attribution")}
    chain = bank["chain/reporting-chain"]
    assert [chain.label_of(v) for v in chain.answer] == list(case.reporting_chain)
    assert chain.is_correct(list(chain.answer)) and not chain.is_correct(tuple(reversed(chain.answer)))
    opens = [q for q in bank.values() if q.is_open]
    assert opens and all(q.is_correct("anything") is None for q in opens)


def test_relation_keys_follow_signs(case):
    assert pair_key(case, "iran", "iraq") == "cooperates"
    assert pair_key(case, "iran", "israel") == "confronts"
    assert pair_key(case, "krg", "united-states") == "mixed"
    assert pair_key(case, "israel", "turkey") == "none"


def test_timeline_refuses_ambiguous_order(case):
    same_day = [e.id for e in case.events if e.date == "2017-09-25"][:3]
    with pytest.raises(ValueError, match="share a date"):
        timeline(case, same_day)
