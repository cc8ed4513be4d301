"""Question banks generated from the casefile."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casekit import load_case
from casekit.alliances import SIGN_OF_KEY, triads
from casekit.questions import (
    cue_overlaps, plausible_speakers,
    EXERCISES, SelectionError, alliance_bank, alliance_pairs, attribution_bank, exercise_questions, feedback,
    default_selection, key_checksum, pair_key, select, timeline,
)

ROOT = Path(__file__).resolve().parents[1]


def test_every_quote_yields_a_who_said_question_keyed_to_its_speaker(case):
    bank = {q.id: q for q in attribution_bank(case)}
    for quote in case.quotes:
        if quote.disputed:  # a disputed attribution has no one answer: not asked
            assert f"who_said/{quote.id}" not in bank
            continue
        if case.unverified(quote.source, quote):  # no key rests on unverified text (marked so, or graded C)
            assert not [qid for qid in bank if qid.endswith(f"/{quote.id}")], quote.id
            continue
        if quote.outlet_own:  # the outlet's own narration or comment: no one "said" it
            assert f"who_said/{quote.id}" not in bank
            continue
        q = bank.get(f"who_said/{quote.id}")
        if q is None:  # too few plausible speakers (same source, or same period and side) of other bodies
            others = {case.speaker_actor(s) for tier in plausible_speakers(case, quote) for s in tier}
            assert len(others - {case.speaker_actor(quote.speaker)}) < 2 or cue_overlaps(case, quote), quote.id
            continue
        assert q.answer == quote.speaker
        assert quote.speaker in [c.value for c in q.choices]
        source = case.source(quote.source)
        assert q.quote == quote.text and quote.text in q.sentence
        assert q.sentence in (source.title if getattr(quote, "headline", False) else source.text)


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
    from casekit.prose import plain_words

    assert [chain.label_of(v) for v in chain.answer] == [plain_words(step) for step in case.reporting_chain]  # in plain words
    assert chain.is_correct(list(chain.answer)) and not chain.is_correct(tuple(reversed(chain.answer)))
    opens = [q for q in bank.values() if q.is_open]
    assert opens and all(q.is_correct("anything") is None for q in opens)


def test_relation_keys_follow_signs(case):
    assert pair_key(case, "iran", "iraq") == "cooperates"
    assert pair_key(case, "iran", "krg") == "confronts"
    assert pair_key(case, "iran", "israel") == "none"  # one remark in passing: not a relation that carries a key
    assert pair_key(case, "krg", "united-states") == "mixed"
    a, b = case.exercises["regional-alliances"]["no_relation_pairs"][0]
    assert pair_key(case, a, b) == "none"


def test_timeline_refuses_ambiguous_order(case):
    same_day = [e.id for e in case.events if e.date == "2017-09-25"][:3]
    with pytest.raises(ValueError, match="share a date"):
        timeline(case, same_day)


# --- the findings of the careful reading (issue 13), each against the real case ----------------


def test_outlet_narration_is_not_asked_who_said_it(case):
    """The report's own narration is no one's saying: its kind of text is asked, with one right answer
    (the outlet's report of what someone said), and how it is presented (not quoted)."""
    bank = {q.id: q for q in attribution_bank(case)}
    for ident in ("velayati-denounced-vote", "hatami-equated-terrorism"):
        assert f"who_said/{ident}" not in bank
        genre = bank[f"text_kind/{ident}"]
        assert genre.answer == "report_of_speech" and "analysis" in {c.value for c in genre.choices}
        assert bank[f"presentation/{ident}"].answer == "none"
    # the outlet's comment, after "Comment:", is its analysis
    assert bank["text_kind/mei-reacted-harshly"].answer == "analysis"


def test_feedback_on_quotation_marks_is_true_of_the_text(case):
    bank = {q.id: q for q in attribution_bank(case)}
    for qid, inner in (("text_kind/velayati-would-not-allow", "second Israel"),
                       ("text_kind/iran-leaders-client-state", "axis of resistance")):
        explanation = bank[qid].explanation
        assert "no quotation marks" not in explanation.lower(), qid
        assert f"Only “{inner}” stands in quotation marks" in explanation, qid
    assert "The words stand inside quotation marks" in bank["text_kind/hatami-new-scenario"].explanation
    assert "No quotation marks enclose" in bank["text_kind/hatami-work-closely-with-baghdad"].explanation


def test_cue_questions_ask_for_words_outside_the_passage(case):
    bank = {q.id: q for q in attribution_bank(case)}
    cues = [q for q in bank.values() if q.kind == "cue"]
    assert cues
    for q in cues:
        assert q.answer not in q.quote and q.answer in q.sentence, q.id
    for name in ("hatami-equated-terrorism", "velayati-denounced-vote"):
        assert f"cue/{name}" not in bank
    join = bank["cue/hatami-join-hands"]
    assert join.answer == "the Iranian defense minister emphasized that" and join.quote.startswith("the two countries")


def test_no_distractor_is_evidence_for_the_same_pair(case):
    bank = {q.id: q for q in alliance_bank(case)}
    offered = {c.value for c in bank["evidence/iran-turkey-meetings"].choices}
    assert not {"hatami-join-hands", "hatami-new-scenario"} & offered
    for q in bank.values():
        if q.kind == "evidence":
            relation = next(r for r in case.relations if f"evidence/{r.id}" == q.id)
            right = {e.quote for r in case.relations if r.pair == relation.pair for e in r.evidence if e.quote}
            assert {c.value for c in q.choices} & right == {q.answer}, q.id


def test_every_choice_question_has_three_options_and_every_order_three_items(case):
    for q in attribution_bank(case) + alliance_bank(case):
        if q.is_order:
            assert len(q.choices) >= 3 and tuple(c.value for c in q.choices) != tuple(q.answer), q.id
        elif not q.is_open:
            assert len(q.choices) >= (2 if q.kind == "adopted" else 3), q.id


def test_no_relation_pairs_come_from_the_casefile(case, tmp_path):
    pairs = [p for p in alliance_pairs(case) if pair_key(case, *p) == "none"]
    assert pairs == [tuple(sorted(p)) for p in case.exercises["regional-alliances"]["no_relation_pairs"]]
    folder = tmp_path / "k"
    shutil.copytree(ROOT / "casefiles" / "kurdistan-2017", folder)
    path = folder / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "no_relation_pairs: [[israel, un-sg], [iraq, israel]]", "no_relation_pairs: []"), encoding="utf-8")
    assert all(pair_key(case, *p) != "none" for p in alliance_pairs(load_case(folder)))


def test_exercise_sources_come_from_the_casefile(case, tmp_path):
    # by default every source whose text is verified (not marked unverified, not graded C)
    bank = exercise_questions(case, "source-attribution")
    trusted = {s.id for s in case.sources if not case.unverified(s.id)}
    assert {q.source for q in bank if q.source} == trusted
    # the casefile may name the sources: then only those
    folder = tmp_path / "k"
    shutil.copytree(ROOT / "casefiles" / "kurdistan-2017", folder)
    path = folder / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  source-attribution:\n", "  source-attribution:\n    sources: [mei-2017-10-iran-defense-minister, "
        "russia-mfa-2017-09-27, russia-mfa-2017-09-27--en-tass, russia-mfa-2017-09-27--en-rudaw, "
        "russia-mfa-2017-09-27--en-sputnik]\n", 1), encoding="utf-8")
    narrow = load_case(folder)
    bank = exercise_questions(narrow, "source-attribution")
    named = {"mei-2017-10-iran-defense-minister", "russia-mfa-2017-09-27", "russia-mfa-2017-09-27--en-tass",
             "russia-mfa-2017-09-27--en-rudaw", "russia-mfa-2017-09-27--en-sputnik"}
    assert {q.source for q in bank if q.source} == {s for s in named if narrow.source(s).confidence != "C"}
    assert any(q.kind == "own_english" for q in bank)  # the rendering of an original among them


def test_the_event_is_named_by_the_casefile(case):
    stance = next(q for q in alliance_bank(case) if q.kind == "stance")
    assert f"on {case.event_name}, as of" in stance.prompt and case.event_name == "the referendum"
    chain = next(q for q in attribution_bank(case) if q.kind == "chain")
    assert "translator" not in chain.explanation


# --- what an exercise asks ----------------------------------------------------------------------


def test_default_selection_fits_the_class_and_covers_every_kind(case):
    for name in EXERCISES:
        bank = exercise_questions(case, name)
        chosen = select(case, name, bank)
        marked = [q for q in chosen.offered if not q.is_open]
        assert 0 < len(marked) <= 30, name
        assert {q.kind for q in bank} == {q.kind for q in chosen.offered}, name
        assert all(q.is_open for q in bank if q not in chosen.practice and q not in marked)
        assert set(chosen.offered) | set(chosen.practice) == set(bank) and not set(chosen.offered) & set(chosen.practice)
        assert select(case, name, bank).offered_ids == chosen.offered_ids  # deterministic
    attribution = select(case, "source-attribution", exercise_questions(case, "source-attribution"))
    kinds = {case.quote(q.id.split("/", 1)[1]).kind for q in attribution.offered if q.kind == "who_said"}
    bank = exercise_questions(case, "source-attribution")
    assert kinds == {case.quote(q.id.split("/", 1)[1]).kind for q in bank if q.kind == "who_said"}
    bank = exercise_questions(case, "regional-alliances")
    # the casefile lists what the alliance exercise offers; the default choice is tested on its own
    offered = case.exercises["regional-alliances"]["offered"]
    assert select(case, "regional-alliances", bank).offered_ids == [q.id for q in bank if q.id in offered or q.is_open]
    default = set(default_selection(case, bank))
    pairs = [q for q in bank if q.id in default and q.kind == "relation"]
    assert len(pairs) == min(15, sum(1 for q in bank if q.kind == "relation"))  # together, or half the questions
    signs = {frozenset(q.id.split("/", 1)[1].split("--")): SIGN_OF_KEY.get(q.answer) for q in pairs}
    assert triads({p: s for p, s in signs.items() if s})  # among the most related actors: triads to judge


def test_session_picks_what_is_offered(case):
    bank = exercise_questions(case, "source-attribution")
    assert len(select(case, "source-attribution", bank, "all").practice) == 0
    two = select(case, "source-attribution", bank, ["who_said/hatami-new-scenario", "cue/hatami-join-hands"])
    assert [q.id for q in two.offered if not q.is_open] == ["who_said/hatami-new-scenario", "cue/hatami-join-hands"]
    with pytest.raises(SelectionError, match="no session 'monday'"):
        select(case, "source-attribution", bank, "monday")
    with pytest.raises(SelectionError, match="who_said/nobody"):
        select(case, "source-attribution", bank, ["who_said/nobody"])


def test_a_headline_is_not_said_to_stand_in_quotation_marks(case):
    """The casefile's title may quote a headline; those marks are the casefile's, not the outlet's."""
    bank = {q.id: q for q in attribution_bank(case)}
    headlines = [q for q in case.quotes if q.start < 0 and f"text_kind/{q.id}" in bank and q.kind != "statement"]
    assert headlines
    for quote in headlines:
        explanation = bank[f"text_kind/{quote.id}"].explanation
        assert "source's headline" in explanation and "stand inside quotation marks" not in explanation, quote.id


def test_a_disputed_quote_keys_no_loaded_term_question(case):
    """A term in a quotation whose attribution is disputed asks neither whose words they are nor
    whether the outlet adopts them: the key would rest on the disputed attribution."""
    from dataclasses import replace

    term = case.terms[0]
    before = {q.id for q in attribution_bank(case)}
    assert {f"whose_words/{term.id}", f"adopted/{term.id}"} <= before
    disputed = replace(case, quotes=tuple(replace(q, disputed="Two outlets name different speakers.")
                                          if q.id == term.quote else q for q in case.quotes))
    after = {q.id for q in attribution_bank(disputed)}
    assert f"whose_words/{term.id}" not in after and f"adopted/{term.id}" not in after
    assert {f"whose_words/{t.id}" for t in case.terms[1:] if t.quote != term.quote} <= after


def test_every_reporting_chain_is_asked():
    """A case with several reporting chains asks each, not only the first (whose id stays stable)."""
    from casekit.questions import attribution_bank

    second = load_case(Path(__file__).parent / "casefiles" / "second-case")
    assert len(second.reporting_chains) >= 2
    ids = [q.id for q in attribution_bank(second) if q.kind == "chain"]
    assert ids[0] == "chain/reporting-chain" and len(ids) == len(second.reporting_chains)
    assert {f"chain/{c.id}" for c in second.reporting_chains[1:]} <= set(ids)


def test_a_case_computes_its_banks_once_and_hands_out_copies(case):
    """The banks are kept with the case that made them: asked again, the same questions (not made again),
    in a list of the caller's own; a case made from another (dataclasses.replace) computes its own."""
    import dataclasses

    from casekit import questions as qs

    first = qs.exercise_questions(case, "source-attribution")
    first.clear()  # the caller's list: emptying it leaves the case's bank whole
    again = qs.exercise_questions(case, "source-attribution")
    assert again and again == qs.exercise_questions(case, "source-attribution")
    assert again[0] is qs.exercise_questions(case, "source-attribution")[0]  # kept, not made again
    fewer = dataclasses.replace(case, stances=())
    assert not fewer.derived
    assert {q.id for q in qs.alliance_bank(fewer)} != {q.id for q in qs.alliance_bank(case)}
