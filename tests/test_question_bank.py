"""The question bank checks itself: each rule passes on the cases and fails on a small casefile that breaks it."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from casekit import CasefileError, bankcheck, load_case, views
from casekit import questions as qs
from casekit.cli import main
from casekit.model import Case

ROOT = Path(__file__).resolve().parents[1]
BASE = Path(__file__).parent / "casefiles" / "questions" / "base"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "questions-demo"
    shutil.copytree(BASE, target)
    return target


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def found(folder_or_case) -> set[tuple[str, str]]:
    case = folder_or_case if isinstance(folder_or_case, Case) else load_case(folder_or_case)
    # a case keeps its banks once computed: a test that has patched how questions are made since asks anew
    case.derived.clear()
    return {(p.question, p.rule) for p in bankcheck.check(case)}


def test_the_small_case_and_the_real_case_pass(folder):
    assert found(folder) == set()
    assert found(load_case(ROOT / "casefiles" / "kurdistan-2017")) == set()


def test_validate_questions_runs_from_the_command_line(folder, capsys):
    assert main(["validate", str(ROOT / "casefiles"), "--questions"]) == 0
    assert "questions: ok" in capsys.readouterr().out
    edit(folder, "annotations/digest-2020-03.yaml", "  - id: digest-compared\n    text: The minister further compared the plan with an invasion.\n    speaker: digest\n    presentation: none\n    genre: report_of_speech\n    cue: null",
         "  - id: digest-compared\n    text: The minister further compared the plan with an invasion.\n    speaker: rowe\n    presentation: indirect\n    genre: report_of_speech\n    cue: further compared")
    assert main(["validate", str(folder), "--questions"]) == 1
    err = capsys.readouterr().err
    assert "who_said/digest-compared: narration:" in err and str(folder) in err


def test_narration_keyed_to_a_quoted_speaker(folder):
    """Words that hold their own attribution are the outlet's: no who-said question keys them to the minister."""
    edit(folder, "annotations/digest-2020-03.yaml", "  - id: digest-compared\n    text: The minister further compared the plan with an invasion.\n    speaker: digest\n    presentation: none\n    genre: report_of_speech\n    cue: null",
         "  - id: digest-compared\n    text: The minister further compared the plan with an invasion.\n    speaker: rowe\n    presentation: indirect\n    genre: report_of_speech\n    cue: further compared")
    case = load_case(folder)
    assert ("who_said/digest-compared", "narration") in found(case)
    assert "who_said/digest-compared" not in {q.id for q in qs.attribution_bank(case)}


def test_analysis_must_be_the_outlets(folder):
    edit(folder, "annotations/digest-2020-03.yaml", "    text: The community of states watched closely.\n    speaker: digest",
         "    text: The community of states watched closely.\n    speaker: rowe")
    assert ("who_said/digest-community", "narration") in found(folder)


def test_key_that_is_not_the_annotated_speaker(folder, monkeypatch):
    real = qs.who_said

    def keyed_to_the_state(case, q):
        question = real(case, q)
        actor = case.speaker_actor(q.speaker)
        if question is None or actor == q.speaker:
            return question
        choices = question.choices + (qs.Choice(actor, actor),)
        return dataclasses.replace(question, answer=actor, choices=choices)

    monkeypatch.setattr(qs, "who_said", keyed_to_the_state)
    assert ("who_said/rowe-no-one", "key-speaker") in found(folder)


def test_cue_inside_the_passage_or_missing(folder):
    # the highlighted words take in their own attributing words
    edit(folder, "annotations/digest-2020-03.yaml",
         "    text: Alphaland will stand with Betaland against the plan\n    speaker: rowe\n    presentation: indirect\n    genre: report_of_speech\n    cue: Alphaland’s foreign minister has said that",
         "    text: Alphaland’s foreign minister has said that Alphaland will stand with Betaland against the plan\n    speaker: rowe\n    presentation: indirect\n    genre: report_of_speech\n    cue: has said that")
    case = load_case(folder)
    problems = found(case)
    assert ("who_said/rowe-stand-with", "narration") in problems
    assert "cue/rowe-stand-with" not in {q.id for q in qs.attribution_bank(case)}
    # (a cue that is not in its paragraph at all is refused by the loader, naming file and line)


def test_cue_question_whose_cue_overlaps_is_caught(folder, monkeypatch):
    """If the generator asked for a cue inside the passage again, the check would say so."""
    monkeypatch.setattr(qs, "cue_overlaps", lambda case, q: False)
    edit(folder, "annotations/digest-2020-03.yaml",
         "    text: Alphaland will stand with Betaland against the plan\n    speaker: rowe\n    presentation: indirect\n    genre: report_of_speech\n    cue: Alphaland’s foreign minister has said that",
         "    text: Alphaland’s foreign minister has said that Alphaland will stand with Betaland against the plan\n    speaker: rowe\n    presentation: indirect\n    genre: report_of_speech\n    cue: has said that")
    case = load_case(folder)
    q = next(q for q in qs.attribution_bank(case) if q.id == "cue/rowe-stand-with")
    checker = bankcheck._Checker(case)
    monkeypatch.undo()
    checker.question(q)
    assert ("cue/rowe-stand-with", "cue-in-passage") in {(p.question, p.rule) for p in checker.problems}


def test_feedback_that_the_text_contradicts(folder, monkeypatch):
    case = load_case(folder)
    q = next(q for q in qs.attribution_bank(case) if q.id == "text_kind/rowe-not-allow")
    assert "no quotation marks" not in q.explanation and "Only “new frontier” stands in quotation marks" in q.explanation
    monkeypatch.setattr(qs, "marks_sentence", lambda case, q: "There are no quotation marks around these words.")
    problems = found(case)
    assert ("text_kind/rowe-not-allow", "feedback-text") in problems  # it holds “new frontier”
    assert ("text_kind/rowe-defend-unity", "feedback-text") in problems  # it stands inside them
    assert ("text_kind/rowe-stand-with", "feedback-text") not in problems  # true there


def test_distractor_that_is_also_right(folder, monkeypatch):
    # the unity quotation is evidence for two pairs: offered as a wrong answer for the Alphaland-Betaland pair, it is right
    edit(folder, "case.yaml", "evidence: [beta-warns]}", "evidence: [beta-warns, rowe-defend-unity]}")
    edit(folder, "case.yaml", "evidence: [cole-work-with, digest-cooperating]}", "evidence: [cole-work-with]}")
    case = load_case(folder)
    q = next(q for q in qs.alliance_bank(case) if q.id == "evidence/alpha-supports-beta")
    assert "rowe-defend-unity" not in {c.value for c in q.choices}
    real = qs._pick
    monkeypatch.setattr(qs, "_pick", lambda seed, tiers, exclude, n:
                        real(seed, tiers, set(), n) if seed.startswith("evidence/") else real(seed, tiers, exclude, n))
    assert ("evidence/alpha-supports-beta", "distractor-right") in found(case)


def test_too_few_options_or_items(folder, monkeypatch):
    edit(folder, "case.yaml", "  - The digest reports and comments.\n", "")
    edit(folder, "case.yaml", "evidence: [cole-work-with, digest-cooperating]}", "evidence: [{event: gamma-statement}]}")
    case = load_case(folder)
    ids = {q.id for q in qs.exercise_questions(case, "source-attribution") + qs.exercise_questions(case, "regional-alliances")}
    assert "chain/reporting-chain" not in ids  # two steps: nothing to order
    assert "evidence/alpha-supports-beta" not in ids  # one other quotation: two options only
    monkeypatch.setattr(qs, "MIN_OPTIONS", 1)
    monkeypatch.setattr(qs, "MIN_ITEMS", 1)
    problems = found(case)
    assert ("chain/reporting-chain", "min-options") in problems
    assert ("evidence/alpha-supports-beta", "min-options") in problems


def test_order_that_starts_right(folder, monkeypatch):
    monkeypatch.setattr(qs, "_scrambled", lambda seed, items: tuple(items))
    assert ("timeline/timeline", "min-options") in found(folder)


def test_timeline_of_one_event_is_refused(folder):
    case = load_case(folder)
    with pytest.raises(ValueError, match="at least 3"):
        qs.timeline(case, ["plan-announced"])


def test_frame_words_match_whole_words_only(folder, monkeypatch):
    case = load_case(folder)
    assert {q.id for q in case.quotes_with_words(["unity"])} == {"beta-rejects", "rowe-defend-unity"}
    edit(folder, "case.yaml", "words: [unity]", "words: [unity, unit]")
    assert ("frames[unity]", "whole-words") in found(folder)
    def substring(self, words):
        return tuple(q for q in self.quotes if any(w.lower() in q.text.lower() for w in words))
    monkeypatch.setattr(Case, "quotes_with_words", substring)
    edit(folder, "case.yaml", "words: [unity, unit]", "words: [unity]")
    assert ("frames[unity]", "whole-words") in found(folder)  # "community"


def test_statements_of_a_kind_are_classified_alike(folder, monkeypatch):
    case = load_case(folder)
    labels = {views.speaks_as(case, q) for q in case.quotes if q.genre == "statement"}
    assert labels == {"institution (official statement)"}
    def old_rule(case, q):
        return "institution" if case.speaker_actor(q.speaker) == q.speaker else "individual official"
    monkeypatch.setattr(views, "speaks_as", old_rule)
    assert any(rule == "classification" for _, rule in found(case))


def test_selection_names_known_questions_and_pairs(folder):
    edit(folder, "case.yaml", "    sources: [digest-2020-03]\n",
         "    sources: [digest-2020-03]\n    offered: [who_said/rowe-no-one, who_said/nobody]\n    sessions: {short: [cue/none]}\n")
    case = load_case(folder)
    problems = found(case)
    assert ("exercises.source-attribution", "selection") in problems
    messages = [str(p) for p in bankcheck.check(case)]
    assert any("who_said/nobody" in m for m in messages) and any("cue/none" in m for m in messages)
    # a pair asked as unrelated that a stated relation contradicts: the casefile's own mistake, named
    # by plain validation with its file, line and field (the bank check still refuses such a case)
    exercises = {**case.exercises, "regional-alliances": {**case.exercises["regional-alliances"],
                                                          "no_relation_pairs": [["alphaland", "betaland"]]}}
    assert ("relation/alphaland--betaland", "selection") in found(dataclasses.replace(case, exercises=exercises))
    edit(folder, "case.yaml", "no_relation_pairs: [[betaland, gammaland]]", "no_relation_pairs: [[alphaland, betaland]]")
    with pytest.raises(CasefileError) as info:
        load_case(folder)
    [problem] = info.value.problems
    assert problem.file.endswith("case.yaml") and problem.line > 0
    assert problem.field == "exercises.regional-alliances.no_relation_pairs" and "alphaland" in problem.message


def test_selection_that_does_not_fit_the_time(folder):
    edit(folder, "case.yaml", "    sources: [digest-2020-03]\n", "    sources: [digest-2020-03]\n    marked: 3\n"
         "    offered: [who_said/rowe-no-one, who_said/rowe-stand-with, cue/rowe-not-allow, text_kind/rowe-no-one]\n")
    assert ("exercises.source-attribution", "selection") in found(folder)


QUESTIONS = Path(__file__).parent / "casefiles" / "questions"


def _problems_of(case, questions) -> set[tuple[str, str]]:
    checker = bankcheck._Checker(case)
    for q in questions:
        checker.question(q)
    return {(p.question, p.rule) for p in checker.problems}


def test_no_key_rests_on_unverified_text():
    """A passage one outlet alone reports, and a source the notes call unverified, key nothing."""
    case = load_case(QUESTIONS / "unverified-keyed")
    assert found(case) == set()  # the bank leaves them out
    ids = {q.id for q in qs.attribution_bank(case)}
    assert not {"who_said/rowe-not-allow", "text_kind/rowe-not-allow", "cue/rowe-not-allow"} & ids
    assert not any(i.endswith(("/cole-work-with", "/cole-must-stop")) for i in ids)
    # a generator that filtered on grade C alone (as before) would key them: the rule says so
    keyed = [qs.who_said(case, case.quote("rowe-not-allow")), qs.text_kind(case, case.quote("cole-must-stop"))]
    problems = _problems_of(case, keyed)
    assert ("who_said/rowe-not-allow", "source-trust") in problems
    assert ("text_kind/cole-must-stop", "source-trust") in problems


def test_a_rendering_names_its_renderer(monkeypatch):
    case = load_case(QUESTIONS / "rendering-unnamed")
    q = next(x for x in qs.attribution_bank(case) if x.id == "text_kind/cole-must-stop")
    assert ("renderer", "gamma-2020-03-03") in q.claims and "Wire Agency (probably; not named in the copy held here)" in q.explanation
    assert found(case) == set()
    # feedback of old, which gave a translator's English as the speaker's own words
    monkeypatch.setattr(qs, "_claims", lambda case, q: (("marks", qs.marks_shown(case, q)),))
    assert ("text_kind/cole-must-stop", "renderer-named") in found(case)
    monkeypatch.undo()
    monkeypatch.setattr(qs, "_explain_quote", lambda case, q: f"“{q.text}” — {case.speaker_name(q.speaker)}.")
    assert ("who_said/cole-must-stop", "renderer-named") in found(case)


def test_marks_claimed_are_the_marks_shown(monkeypatch):
    """Words whose quotation marks open in the paragraph before: the card shows none, so no
    "how are they presented" question is asked, and the feedback does not say they stand in marks."""
    case = load_case(QUESTIONS / "quotation-over-paragraphs")
    ids = {q.id for q in qs.attribution_bank(case)}
    assert "presentation/cole-must-stop" not in ids and "text_kind/cole-must-stop" in ids
    assert found(case) == set()
    # a generator that counted the earlier paragraph's mark would key "direct" on a card with no marks
    monkeypatch.setattr(qs, "marks_shown", lambda case, q: "enclosed")
    problems = found(case)
    assert ("presentation/cole-must-stop", "marks-computed") in problems
    assert ("text_kind/cole-must-stop", "marks-computed") in problems


def test_comparison_prose_is_true_of_the_two_renderings(monkeypatch):
    """Words that only moved are not said to be added or left out; unrelated spans are not paired."""
    from casekit import translation

    case = load_case(QUESTIONS / "renderings-moved")
    q = next(x for x in qs.exercise_questions(case, "source-attribution") if x.kind == "what_differs")
    assert "in another place" in q.explanation and "adds “Now”" not in q.explanation
    assert "where Wire A has “stopped now”" not in q.explanation
    assert found(case) == set()

    def old_statements(self, a_name="A", b_name="B", a_text="", b_text=""):  # the comparison of old
        if self.op == "add":
            return [(f"{b_name} adds “{self.b}”", ("not-in-a", self.b))]
        if self.op == "drop":
            return [(f"{b_name} leaves out “{self.a}”", ("not-in-b", self.a))]
        return [(f"{b_name} has “{self.b}” where {a_name} has “{self.a}”", ("pair", ""))]

    monkeypatch.setattr(translation.Change, "statements", old_statements)
    assert (q.id, "comparison-true") in found(case)


def test_relation_keys_all_of_one_kind(case):
    """Every relation made cooperation: the pairs' keys are one answer, so guessing it passes."""
    one_sided = dataclasses.replace(case, relations=tuple(dataclasses.replace(r, valence="cooperation")
                                                          for r in case.relations))
    assert ("relation/*", "key-balance") in found(one_sided)
    assert ("relation/*", "key-balance") not in found(case)


def test_relation_question_without_its_document(case, monkeypatch):
    """A question on a relation's type that does not show the document it rests on is caught, as is
    one on a relation that may not carry a key (a remark in passing)."""
    real = qs.relation_type

    def hidden(c, rid):
        return dataclasses.replace(real(c, rid), prompt="What kind of interaction was it?")

    monkeypatch.setattr(qs, "relation_type", hidden)
    assert any(rule == "evidence-shown" and q.startswith("relation_type/") for q, rule in found(case))
    monkeypatch.setattr(qs, "relation_type", real)
    monkeypatch.setattr(qs, "relation_type_ids", lambda c: ["turkey-rebuts-united-states"])
    assert ("relation_type/turkey-rebuts-united-states", "evidence-shown") in found(case)


# --- answerable cards, plausible distractors, languages, first tries -------------------------------


def overlay(folder: Path, name: str) -> Path:
    """Copy a small broken casefile's files (tests/casefiles/questions/<name>/) over the base copy."""
    for path in (BASE.parent / name).rglob("*"):
        if path.is_file() and path.name != "README.md":
            target = folder / path.relative_to(BASE.parent / name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return folder


def answerable_case(folder: Path) -> Case:
    overlay(folder, "answerable")
    edit(folder, "case.yaml", "  - {id: dunn,",
         "  - {id: grey, name: Gil Grey, title: Foreign Minister of Gammaland, actor: gammaland, title_source: gamma-2020-03-04}\n"
         "  - {id: dunn,")
    edit(folder, "case.yaml", "stances:\n", "stances:\n  - {id: deltaland-supports, actor: deltaland, position: support, "
         "date: 2020-03-04, summary: Deltaland welcomes the plan., evidence: [dunn-welcomes]}\n")
    return load_case(folder)


def checked(case: Case, q: qs.Question) -> set[tuple[str, str]]:
    checker = bankcheck._Checker(case)
    checker.question(q)
    return {(p.question, p.rule) for p in checker.problems}


def test_who_said_offers_no_colleague_the_card_cannot_tell_apart(folder):
    """Cole's words on a card that does not name him: Grey, of the same government, is not offered;
    offered (as the generator once did), the check names the card unanswerable."""
    case = answerable_case(folder)
    assert found(case) == set()
    q = qs.who_said(case, case.quote("cole-work-with"))
    assert "grey" not in [c.value for c in q.choices] and "Statement by the President of Gammaland" in q.context
    wrong = next(c for c in q.choices if c.value != q.answer)
    bad = dataclasses.replace(q, choices=tuple(c if c != wrong else qs.Choice("grey", "Gil Grey") for c in q.choices))
    assert ("who_said/cole-work-with", "answerable-card") in checked(case, bad)
    assert ("who_said/cole-work-with", "answerable-card") in checked(case, dataclasses.replace(q, context=""))


def test_who_said_distractors_are_plausible(folder):
    """Deltaland welcomed the plan that Betaland rejects: its president is not offered for Betaland's words."""
    case = answerable_case(folder)
    q = qs.who_said(case, case.quote("beta-rejects"))
    assert "dunn" not in [c.value for c in q.choices]
    wrong = next(c for c in q.choices if c.value != q.answer)
    bad = dataclasses.replace(q, choices=tuple(c if c != wrong else qs.Choice("dunn", "Di Dunn") for c in q.choices))
    assert ("who_said/beta-rejects", "plausible-distractor") in checked(case, bad)


def test_option_labels_do_not_give_away_capacity_answers(folder):
    """A title printed beside a name in one card's options answers a capacity card of the same exercise."""
    case = answerable_case(folder)
    who = qs.who_said(case, case.quote("rowe-defend-unity"))
    capacity = qs.capacity(case, "rowe")
    assert all("Foreign Minister of Alphaland" not in c.label for c in who.choices)
    old = dataclasses.replace(who, choices=tuple(qs.Choice(c.value, qs._speaker_label(case, c.value)) for c in who.choices))
    checker = bankcheck._Checker(case)
    checker.offered("source-attribution", {}, [capacity, old])
    assert ("who_said/rowe-defend-unity", "answerable-card") in {(p.question, p.rule) for p in checker.problems}


def test_default_questions_are_in_the_class_languages(folder):
    overlay(folder, "languages")
    edit(folder, "case.yaml", "    sources: [digest-2020-03]\n", "    sources: [digest-2020-03, beta-2020-03-05]\n")
    case = load_case(folder)
    bank = qs.exercise_questions(case, "source-attribution")
    french = "who_said/beta-fr-rejects"
    assert french in {q.id for q in bank}
    assert french not in qs.select(case, "source-attribution", bank).offered_ids
    assert found(case) == set()
    edit(folder, "case.yaml", "    sources: [digest-2020-03, beta-2020-03-05]\n",
         f"    sources: [digest-2020-03, beta-2020-03-05]\n    offered: [{french}, who_said/rowe-no-one]\n")
    assert (french, "language") in found(folder)
    edit(folder, "case.yaml", "    offered:", "    languages: [en, fr]\n    offered:")
    assert (french, "language") not in found(folder)


def test_a_key_found_by_its_script_is_not_offered(folder):
    overlay(folder, "languages")
    case = load_case(folder)
    q = qs.who_said(case, case.quote("rowe-no-one"))
    ev = qs.Question(id="evidence/x", kind="evidence", skill="alliances", prompt="Which sentence?", answer="beta-fr-rejects",
                     explanation="", hint="", choices=(qs.Choice("beta-fr-rejects", "Le Betaland rejette le plan."),
                                                       qs.Choice("beta-rejects", "B"), qs.Choice("beta-warns", "C")))
    assert qs.key_by_script(case, ev) and not qs.readable(case, ev, ("en", "fr"))
    checker = bankcheck._Checker(case)
    checker.offered("regional-alliances", {"languages": ["en", "fr"]}, [ev, q])
    assert ("evidence/x", "language") in {(p.question, p.rule) for p in checker.problems}


def test_default_keys_are_balanced(folder):
    """Three "direct quote" keys out of three: a student learns the key, not the skill."""
    edit(folder, "case.yaml", "    sources: [digest-2020-03]\n", "    sources: [digest-2020-03]\n    offered: "
         "[text_kind/rowe-defend-unity, text_kind/rowe-no-one, text_kind/rowe-new-frontier]\n")
    assert ("exercises.source-attribution", "key-balance") in found(folder)
    edit(folder, "case.yaml", "text_kind/rowe-new-frontier]", "text_kind/rowe-stand-with]")
    assert ("exercises.source-attribution", "key-balance") not in found(folder)


def test_which_outlet_card_shows_every_rendering():
    """A which-outlet card with one rendering (as it once was) cannot be answered: the check says so."""
    from test_translation import make_case

    case = make_case()
    q = qs.which_outlet(case, "a1")
    assert not [p for p in checked(case, q) if p[1] == "answerable-card"]
    one = dataclasses.replace(q, prompt="Which outlet's rendering is this?", sentence=case.quote("a1").text)
    assert (q.id, "answerable-card") in checked(case, one)


def test_a_first_wrong_try_does_not_name_the_answer(folder):
    case = load_case(folder)
    q = qs.who_said(case, case.quote("cole-work-with"))
    assert checked(case, q) == set()
    wrong = next(c.value for c in q.choices if c.value != q.answer)
    bad = dataclasses.replace(q, reasons=((wrong, f"These are {q.label_of(q.answer)}'s words, not theirs."),))
    assert ("who_said/cole-work-with", "first-try") in checked(case, bad)


def test_every_rule_has_a_test():
    text = Path(__file__).read_text(encoding="utf-8")
    for rule in bankcheck.RULES:
        assert f'"{rule}"' in text.split("def test_every_rule_has_a_test")[0], rule


def test_press_statements_are_classified_alike_in_lesson_03(case):
    """The White House's and the State Department's press statements and the UN spokesman's: one label."""
    ids = ["wh-does-not-support", "state-strongly-opposes", "tillerson-does-not-recognize", "unsg-detract-from-defeating-daesh"]
    assert {views.speaks_as(case, case.quote(i)) for i in ids} == {"institution (official statement)"}
    sources = {case.quote(i).source for i in ids}
    titles = {case.source(x).title for x in sources}
    rows = [row for row in repr(views.voices_table(case)).splitlines()[2:] if row.split(" | ")[-1] in titles]
    assert len(rows) == len(sources) and {row.split(" | ")[3] for row in rows} == {"institution (official statement)"}
