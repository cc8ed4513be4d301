"""Questions a student can answer from what the card shows (the real case's default exercises)."""
from __future__ import annotations

from pathlib import Path

import pytest

from casekit import load_case
from casekit import questions as qs
from casekit.translation import passage_of

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def case():
    return load_case(ROOT / "casefiles" / "kurdistan-2017")


@pytest.fixture(scope="module")
def attribution(case):
    bank = qs.exercise_questions(case, "source-attribution")
    return bank, [q for q in qs.select(case, "source-attribution", bank).offered if not q.is_open]


def test_who_said_cards_show_the_source_and_offer_no_colleague_they_cannot_tell_apart(case, attribution):
    bank, _ = attribution
    for q in (q for q in bank if q.kind == "who_said"):
        source = case.source(q.source)
        assert source.title in q.context and source.outlet in q.context, q.id
        actors = [case.speaker_actor(c.value) for c in q.choices]
        key_actor = case.speaker_actor(q.answer)
        if actors.count(key_actor) > 1:  # a colleague: only when quoted in the same source, and the card names the speaker
            assert qs.names_speaker(case, q.answer, q.sentence + "\n" + q.paragraph), q.id


def test_option_labels_print_no_titles(case, attribution):
    _, offered = attribution
    titles = {case.person(q.answer).title for q in offered if q.kind == "capacity"}  # the titles asked for
    for q in offered:
        if q.kind != "capacity":
            assert not [c.label for c in q.choices if any(t in c.label for t in titles)], q.id


def test_capacity_asks_about_the_texts_loose_titles(case, attribution):
    _, offered = attribution
    loose = [q for q in offered if q.kind == "capacity" and q.prompt.startswith("The text calls")]
    assert len(loose) >= 2
    for q in loose:
        assert q.quote in q.sentence and q.source == case.core_source


def test_the_default_exercise_reads_the_core_source_closely(case, attribution):
    _, offered = attribution
    assert sum(1 for q in offered if q.source == case.core_source) >= len(offered) // 2


def test_default_questions_show_english_only(case):
    for name in qs.EXERCISES:
        bank = qs.exercise_questions(case, name)
        for q in qs.select(case, name, bank).offered:
            assert set(qs.question_languages(case, q).values()) <= {"en"}, q.id


def test_which_outlet_cards_show_every_rendering_and_a_first_miss_names_no_outlet(case):
    bank = qs.exercise_questions(case, "source-attribution")
    asked = [q for q in bank if q.kind == "which_outlet"]
    assert asked
    for q in asked:
        p = passage_of(case, q.id.split("/", 1)[1])
        for r in p.renderings:
            if not case.source(r.source).lang:
                assert r.text in q.prompt, q.id
        key = q.label_of(q.answer).split(" (")[0]
        for c in q.choices:
            if c.value != q.answer:
                assert key not in qs.feedback(q, c.value, 1).text, (q.id, c.value)


def test_the_answer_key_prints_what_the_student_saw(case):
    from casekit import views

    bank = qs.exercise_questions(case, "source-attribution")
    text = views.key_table(bank).data if hasattr(views.key_table(bank), "data") else repr(views.key_table(bank))
    chain = next(q for q in bank if q.is_order)
    for value in chain.answer:  # every item whole, not cut at 40 characters
        assert chain.label_of(value) in text or chain.label_of(value).replace('"', "&quot;") in text
    who = next(q for q in bank if q.kind == "who_said")
    assert who.context.split(" (")[0].replace("'", "&#x27;") in text or who.context.split(" (")[0] in text
