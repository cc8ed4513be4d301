"""Keys and feedback that are true: who speaks, how the words are presented and what kind of text
they are, as separate fields; no key on unverified text; every rendering named (issue 23, items 1-4)."""
from collections import Counter

import pytest

from casekit import bankcheck, views
from casekit import questions as qs
from casekit.model import GENRES, OUTLET_GENRES, PRESENTATIONS


def _all_questions(case):
    banks = bankcheck.banks(case)
    return {q.id: q for bank in banks.values() for q in bank}


# --- 4. the scheme: presentation and genre, apart ------------------------------------------------


def test_every_quotation_has_a_presentation_and_a_genre(case):
    assert len(case.quotes) >= 417
    assert {q.presentation for q in case.quotes} <= set(PRESENTATIONS)
    assert {q.genre for q in case.quotes} <= set(GENRES)
    counts = Counter(q.presentation for q in case.quotes)
    assert counts["direct"] and counts["none"] and counts["indirect"] and counts["mixed"]


def test_presentation_agrees_with_the_quotation_marks(case):
    for q in case.quotes:
        if q.headline:
            continue
        shown = qs.marks_shown(case, q)
        if q.presentation == "direct":
            assert q.fragment or qs.enclosed(case, q, across=True), q.id
        else:
            assert shown != "enclosed", q.id
        if q.presentation == "mixed":
            assert shown == "fragment", q.id


def test_a_narration_of_speech_is_one_kind_of_text(case):
    """“equated … with terrorism”, “denounced the vote”: the outlet's report of what someone said,
    one right answer among the choices, not also a paraphrase."""
    bank = _all_questions(case)
    for ident in ("hatami-equated-terrorism", "velayati-denounced-vote"):
        q = bank[f"text_kind/{ident}"]
        assert q.answer == "report_of_speech"
        assert {c.value for c in q.choices} == set(GENRES)
    # a paraphrase is the same kind of text, presented otherwise
    assert bank["text_kind/hatami-work-closely-with-baghdad"].answer == "report_of_speech"
    assert bank["presentation/hatami-work-closely-with-baghdad"].answer == "indirect"


def test_kind_of_text_and_presentation_are_asked_apart(case):
    bank = _all_questions(case)
    genre = [q for q in bank.values() if q.kind == "text_kind"]
    presented = [q for q in bank.values() if q.kind == "presentation"]
    assert genre and presented
    assert all({c.value for c in q.choices} == set(GENRES) for q in genre)
    assert all({c.value for c in q.choices} == set(PRESENTATIONS) for q in presented)


# --- 3. feedback that contradicts the text -----------------------------------------------------


def test_no_direct_key_on_words_shown_without_quotation_marks(case):
    bank = _all_questions(case)
    for q in bank.values():
        if q.kind == "presentation" and q.answer == "direct":
            assert "The words stand inside quotation marks." in q.explanation, q.id
            assert "No quotation marks enclose" not in q.explanation, q.id
        if q.kind == "text_kind":
            assert q.answer in GENRES, q.id  # no "direct quote" offered as a kind of text


def test_a_disputed_figure_is_not_classified(case):
    """Rudaw's “more than 90 percent” may be Rudaw's own figure: neither who said it nor what kind of
    text it is is asked."""
    bank = _all_questions(case)
    assert not [i for i in bank if i.endswith("/ru-mfa-0927-rudaw-ninety-percent")]


def test_no_who_said_of_a_reports_own_narration(case):
    bank = _all_questions(case)
    own = [q for q in case.quotes if q.genre in OUTLET_GENRES and q.presentation == "none"]
    assert own
    assert not [q.id for q in own if f"who_said/{q.id}" in bank]


# --- 1. no key on unverified text --------------------------------------------------------------


UNVERIFIED_SOURCES = ("iraq-abadi-2017-09-24", "arab-league-2017-09-26")


def test_the_sources_the_notes_call_unverified_are_marked(case):
    for sid in UNVERIFIED_SOURCES:
        assert case.source(sid).unverified
    one_outlet = [q.id for q in case.quotes if q.id.startswith("iraq-parl-0927-") and q.unverified]
    assert sorted(one_outlet) == ["iraq-parl-0927-consulates", "iraq-parl-0927-officials-barzani",
                                  "iraq-parl-0927-oilfields-export"]


def test_no_key_rests_on_unverified_text(case):
    bank = _all_questions(case)
    for q in case.quotes:
        if case.unverified(q.source, q):
            assert not [i for i in bank if i.split("/", 1)[1] == q.id], q.id
    for qid in ("who_said/iraq-abadi-0924-not-deal", "text_kind/arab-league-0926-regret",
                "relation/arab-league--iraq", "stance/arab-league-opposes", "stance/france-mixed",
                "evidence/turkey-iran-coordination"):
        assert qid not in bank
    for q in bank.values():
        if q.kind == "evidence":
            assert not case.unverified(case.quote(q.answer).source, case.quote(q.answer)), q.id


def test_no_verified_status_rests_on_unverified_text_alone(case):
    assert case.event("arab-league-sg-regret").status == "unverified"
    assert case.event("arab-league-council-iraq-unity").status == "unverified"
    facts = (case.path + "/FACTS.md") if isinstance(case.path, str) else str(case.path / "FACTS.md")
    text = open(facts, encoding="utf-8").read()
    row = next(line for line in text.splitlines() if "Arab League SG expressed regret" in line)
    assert "| unverified" in row and "| verified |" not in row


def test_evidence_lines_say_when_their_text_is_unverified(case):
    stance = next(s for s in case.stances if s.id == "arab-league-opposes")
    assert stance.unverified
    lines = [case.describe_evidence(ev) for ev in stance.evidence]
    assert any("unverified" in line for line in lines)


# --- 2. renderings named --------------------------------------------------------------------------


def test_evidence_lines_name_whose_rendering(case):
    erdogan = next(q for q in case.quotes if q.id == "tr-erdogan-unga-abort")
    stance_lines = [case.describe_evidence(ev) for s in case.stances for ev in s.evidence]
    line = next(x for x in stance_lines if erdogan.text in x) if any(erdogan.text in x for x in stance_lines) else None
    from casekit.model import Evidence
    line = line or case.describe_evidence(Evidence(erdogan.source, erdogan.text, erdogan.start, quote=erdogan.id))
    assert "AFP" in line
    for s in case.stances:
        for ev in s.evidence:
            if ev.quote and case.source(ev.source).translated_by and not case.quote(ev.quote).outlet_own:
                assert case.source(ev.source).translated_by in case.describe_evidence(ev), ev.quote


def test_afp_and_rudaw_are_told_apart_in_one_source(case):
    afp = case.quote("iraq-abadi-0926-unity-sovereignty")
    rudaw = case.quote("iraq-abadi-0926-kurdish-honor")
    assert "AFP" in case.rendering(afp.source, afp) and "Rudaw" not in case.rendering(afp.source, afp)
    assert "Rudaw" in case.rendering(rudaw.source, rudaw)


def test_no_feedback_calls_a_rendering_the_speakers_own_words(case):
    bank = _all_questions(case)
    for q in bank.values():
        if q.kind in ("who_said", "text_kind", "presentation") and q.source:
            quote = case.quote(q.id.split("/", 1)[1])
            whose = views.plain_note(case.rendering(quote.source, quote))  # as students read it
            if whose and not quote.outlet_own:
                assert f"{case.speaker_name(quote.speaker)}'s own words" not in q.explanation, q.id
                assert whose in q.explanation, q.id


def test_kayhan_is_not_presented_as_an_independent_translator(case):
    kayhan = case.source("turkey-nsc-2017-09-22--en-kayhan")
    assert "Hürriyet" in kayhan.translated_by and "very likely" in kayhan.translated_by
    hdn = case.source("turkey-nsc-2017-09-22--en-stockholmcf")
    assert "very likely" in hdn.translated_by


def test_the_frame_table_names_the_rendering(case):
    frame = next(f for f in case.frames if f.id == "territorial-integrity")
    table = repr(views.quotes_matching(case, frame.words))
    row = next(r for r in table.splitlines() if "realization of the ideals" in r)
    assert "Anadolu Agency" in row


@pytest.mark.parametrize("rule", ["source-trust", "renderer-named", "marks-computed"])
def test_the_new_rules_pass_on_the_case(case, rule):
    assert rule in bankcheck.RULES
    assert not [p for p in bankcheck.check(case) if p.rule == rule]


def test_a_record_of_the_earlier_key_keeps_its_withdrawn_answers_unmarked(case, tmp_path):
    """Records made before the unverified keys were withdrawn are graded, not refused: an answer to a
    withdrawn question is kept in the record and not marked."""
    import json

    from casekit.grading import grade

    earlier = "6981334c37f8afe3388128a6d476a6d31019995aa7ca85d1d31448fc5b02ac0c"  # the key before this change
    assert earlier in case.exercises["source-attribution"]["earlier_keys"]
    record = {"format": "casekit-answers/1", "student": "Before", "case": case.id, "casekit_version": "0.1.0",
              "exercises": {"source-attribution": {"key_checksum": earlier, "attempts": [
                  {"question": "who_said/iraq-abadi-0924-not-deal", "answer": "abadi", "correct": True,
                   "attempt": 1, "time": ""}]}}}
    path = tmp_path / "before.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    book = grade(case, [path])
    assert not book.rejected
    assert book.totals(book.results[0], "source-attribution")[:2] == (0, 0)
    # against the current key the same id is unknown, and the record is refused
    from casekit import questions

    record["exercises"]["source-attribution"]["key_checksum"] = questions.key_checksum(
        questions.exercise_questions(case, "source-attribution"))
    path.write_text(json.dumps(record), encoding="utf-8")
    assert grade(case, [path]).rejected
