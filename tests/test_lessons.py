"""What the lessons say in their own voice: sourced, and in step with their own timings."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))


def markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_yes_share_is_a_share_of_the_valid_votes(case):
    """92.73% is 2,861,471 of the 3,085,935 yes-and-no votes (the commission's counts), not of the 3,305,925 who voted."""
    yes, no, voted = 2_861_471, 224_464, 3_305_925
    invalid, blank, cancelled = 40_011, 9_368, 170_611
    assert round(100 * yes / (yes + no), 2) == 92.73 and round(100 * yes / voted, 1) == 86.6
    assert yes + no + invalid + blank + cancelled == voted  # only the commission's 224,464 adds up
    facts = (ROOT / "casefiles" / "kurdistan-2017" / "FACTS.md").read_text(encoding="utf-8")
    assert "not of all who voted" in facts
    result = case.event("results-announced")
    assert "valid yes-and-no votes" in result.note and "86.6%" in result.note
    text = markdown(ROOT / "notebooks" / "01_the_referendum.ipynb")
    assert not re.search(r"share is a\s+share of those who\s+voted", text)
    assert re.search(r"\*not\* a share of\s+all who voted", text)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_class_time_adds_up_and_matches_the_sections(path):
    """The overview's minutes add up to its total, and a section that gives its minutes agrees with it."""
    text = markdown(path)
    match = re.search(r"\*\*Class time:\*\* about (\d+) minutes: (.+?)(?:\n\n|$)", text, re.S)
    if not match:
        return
    total, parts = int(match.group(1)), [" ".join(p.split()).strip(" .") for p in match.group(2).split(";")]
    minutes = {re.match(r"(\d+) (.+)", p).group(2): int(re.match(r"(\d+)", p).group(1)) for p in parts}
    assert sum(minutes.values()) == total, (path.name, minutes)
    for heading, given in re.findall(r"^#+ (?:\d+\. )?(.+?) \(([\d–-]+) minutes\)", text, re.M):
        named = [m for item, m in minutes.items() if item.lower() in heading.lower() or heading.lower() in item.lower()]
        assert named == [int(given)] if given.isdigit() else False, (path.name, heading, given, minutes)


def test_no_lesson_or_solution_claims_what_the_network_contradicts():
    for path in LESSONS:
        assert "disagree on most things" not in markdown(path), path.name


def test_the_packages_own_voice_carries_its_sources(case):
    """The case summary cites a source for each sentence; no description claims what its source does not say."""
    sentences = [s for s in case.summary.replace("\n", " ").split(". ") if s.strip()]
    assert sentences and all("(" in s for s in sentences), [s for s in sentences if "(" not in s]
    assert "early October 2017" not in case.summary  # Velayati's "second Israel" is dated 27 September
    facts = (ROOT / "casefiles" / "kurdistan-2017" / "FACTS.md").read_text(encoding="utf-8")
    for actor in case.actors:
        if actor.source.startswith("FACTS.md, ") and actor.description:
            section = actor.source.split(", ", 1)[1].split(" (")[0]
            body = facts.split(f"## {section}", 1)[1].split("\n## ", 1)[0] if f"## {section}" in facts else ""
            for word in ("neighbour", "neighbor", "eastern", "northern"):
                assert word not in actor.description or word in body, (actor.id, word)
    presidency = next(s for s in case.stances if s.id == "kurdistan-presidency-supports")
    assert "pursued the vote" not in presidency.summary and "named him as the leader" not in presidency.summary
    prompts = {q["id"]: " ".join(q["prompt"].split()) for q in case.open_questions}
    assert "disagree on most things" not in prompts["all-strange-bedfellows"]


def test_framing_is_attributed(case):
    prompt = " ".join(next(q["prompt"] for q in case.open_questions if q["id"] == "all-israeli-project").split())
    assert "Tehran describe the vote as an Israeli project" not in prompt and "headline" in prompt
    relation = next(r for r in case.relations if r.id == "iran-confronts-israel")
    assert "(his words)" not in relation.summary and "was quoted as saying" in relation.summary
    assert "translation" in relation.summary


def code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_every_party_speaks_in_the_locker_by_the_casefiles_groups(case):
    """Every actor with a position is in a group; the locker shows every group, in the casefile's order;
    the fourth group's claim (Israel alone in support) follows the stances; its note cites the fact sheet."""
    in_groups = [a for g in case.groups for a in g.actors]
    assert len(in_groups) == len(set(in_groups)) and {s.actor for s in case.stances} <= set(in_groups)
    assert "for group in case.groups:" in code(ROOT / "notebooks" / "90_evidence_locker.ipynb")
    assert "views.group_voices(case, group.id)" in code(ROOT / "notebooks" / "90_evidence_locker.ipynb")
    israel = next(g for g in case.groups if g.id == "israel-in-support")
    assert israel.actors == ("israel",) and "alone in support" in israel.title
    assert {s.actor for s in case.stances if s.position == "support" and case.actor(s.actor).kind == "state"} == {"israel"}
    facts = (ROOT / "casefiles" / "kurdistan-2017" / "FACTS.md").read_text(encoding="utf-8")
    quoted = israel.note.split('"')[1]
    assert quoted in facts.split("## Before the vote", 1)[1].split("\n## ", 1)[0] and "(FACTS.md, Before the vote)" in israel.note
    assert case.actor("iran-iraq-turkey-fms").members == ("turkey", "iran", "iraq")


def test_lesson_04_says_whose_words_each_relation_rests_on():
    """The lesson shows the computed table and asks the questions; the answers are the instructor's."""
    path = ROOT / "notebooks" / "04_alliances.ipynb"
    assert "views.relation_grounds_table(case)" in code(path) and "views.relation_evidence_table(case," in code(path)
    text = markdown(path)
    assert "## Whose words? (15 min)" in text and "**Your turn.**" in text
    assert "for instructors" not in text.lower()
    notes = (ROOT / "guide" / "04_alliances.md").read_text(encoding="utf-8")
    assert notes.startswith("# Lesson 04: Alliances and balance") and "## Answers to *Your turn* (whose words?)" in notes


def test_lesson_04_models_guides_then_releases():
    """Model: one triad read aloud; guided: students type one relation before the annotation, folded;
    release: Exercise 2. Every figure and table is one call on one line; the long tables are folded or
    in the evidence locker; the draw-your-own chart is homework."""
    path = ROOT / "notebooks" / "04_alliances.ipynb"
    text, cells = markdown(path), json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert text.index("**Model: one triad, read aloud.**") < text.index("**Guided: type one relation yourself.**")
    assert "Compare with the annotation" in code(path) and "open *Compare with the annotation*" in " ".join(text.split())
    assert "[Exercise 2: Regional alliances](../exercises/02_regional_alliances.ipynb)" in text.split("## What's next")[1]
    assert "(../exercises/04_draw_your_own.ipynb)" in text and "plots.new_chart" not in code(path)
    calls = [("".join(c["source"])) for c in cells if c["cell_type"] == "code"][1:]  # after the imports
    assert calls and all("\n" not in c for c in calls), [c for c in calls if "\n" in c]
    for long_table in ("views.norms_table(case)", "views.relations_table(case)"):
        assert long_table not in code(path) or f"views.folded({long_table}" in code(path), long_table
    locker = code(ROOT / "notebooks" / "90_evidence_locker.ipynb")
    assert "views.folded(views.norms_table(case)" in locker and "views.relations_table(case, period.id)" in locker
    for period in ("before-the-vote", "vote-to-kirkuk", "after-kirkuk"):
        assert f'plots.network(case, period="{period}")' in code(path), period


# --- What lessons assert about the case: checked here, not in the students' notebooks.

def test_lesson_04_answers_follow_the_case(case):
    """What lesson 04 and its guide page say of whose words, of balance per period and of what changed."""
    from casekit import alliances, views

    grounds = views.relation_grounds(case)
    border = case.quote("mei-helping-baghdad-border")
    assert grounds["iran-iraq-border-claim"] == (views.THIRD_PARTY,) and border.speaker == "mei" and border.in_analysis
    assert border.source == case.core_source and {case.quote(ev.quote).kind for r in case.relations for ev in r.evidence
                                                  if ev.quote and views.evidence_voice(case, r, ev) == views.THIRD_PARTY} == {"analysis"}
    coordination = next(r for r in case.relations if r.id == "turkey-iran-coordination")
    assert grounds[coordination.id] == (views.OWN_WORDS, views.FACT_SHEET_EVENT) and coordination.intent
    assert [case.source(case.quote(ev.quote).source).confidence for ev in coordination.evidence if ev.quote] == ["C"]
    assert case.quote(coordination.evidence[0].quote).speaker == "iran-iraq-turkey-fms"
    assert [ev.event for ev in coordination.evidence if ev.event] == ["akar-in-tehran"]
    assert all(set(grounds[r.id]) & {views.FACT_SHEET_EVENT, views.THIRD_PARTY, views.OTHER_PARTY}
               for r in case.relations if views.OWN_WORDS not in grounds[r.id])
    # balance is computed, never typed: triads exist, and each verdict follows from its signs
    found = [t for p in case.periods for t in alliances.triads(alliances.case_signs(case, p.id))]
    assert found and all(t.balanced == (t.signs[0] * t.signs[1] * t.signs[2] > 0) for t in found)
    assert all(t.clusterable == (sum(s < 0 for s in t.signs) != 1) for t in found)
    # the model triad: before the vote, Iran and Turkey friends, the KRG their common enemy, in words only
    before = {t.actors: t for t in alliances.triads(alliances.case_signs(case, "before-the-vote"))}
    model = before[("iran", "krg", "turkey")]
    assert model.pattern == "common-enemy" and model.pivot == "krg"
    lines = [r for r in case.relations_in("before-the-vote") if alliances.counts(r)
             and r.pair in {frozenset(p) for p in model.pairs}]
    assert lines and all(r.mode == "verbal" for r in lines)
    assert {r.id: r.date[:7] for r in lines} == {"turkey-iran-coordination": "2017-09", "turkey-warns-krg": "2017-06",
                                                 "iran-warns-krg-unilateral": "2017-06"}
    # every triad of actors is balanced in every period: the enemy of the enemy is a friend here
    assert all(t.balanced for t in found) and not alliances.triads(alliances.case_signs(case, "after-kirkuk"))
    # the issue triads follow the positions and the relations of each period
    second = {t.actors: t for t in alliances.issue_triads(case, "vote-to-kirkuk", passing=True)}
    assert second[("iran", "united-states")].signs == (-1, -1, -1) and second[("iran", "united-states")].passing
    assert second[("turkey", "united-states")].signs == (-1, -1, -1) and second[("turkey", "united-states")].passing
    assert not second[("krg", "united-states")].balanced  # friends who disagree
    assert second[("iran", "turkey")].balanced
    # the guided relation, and what became of the unbalanced triad after Kirkuk
    us = next(r for r in case.relations if r.id == "us-historic-relationship")
    assert (us.actor, us.other, us.quad, us.date) == ("united-states", "krg", "verbal cooperation", "2017-09-25")
    assert {case.quote(ev.quote).source for ev in us.evidence} == {"us-state-2017-09-25"}
    assert [(c.triad.actors, c.outcome, c.by) for c in alliances.changes(case, "vote-to-kirkuk", "after-kirkuk")] == [
        (("krg", "united-states"), "resolved", "attitude")]
    blames = next(r for r in case.relations if r.id == "kurdistan-presidency-blames-united-states")
    assert (blames.other, blames.quad, blames.date) == ("united-states", "verbal conflict", "2017-10-29")
    assert case.quote("krg-barzani-1029-punish").source == "krg-barzani-2017-10-29--en-reuters"
    assert case.period_of(blames.date).id == "after-kirkuk"


def test_lesson_04_shows_what_its_debrief_asks_about(executed_lessons):
    """Run the lesson: the outputs show the model triad's verdict, the unbalanced issue triads and what
    became of them, and no output is an error."""
    nb = executed_lessons[ROOT / "notebooks" / "04_alliances.ipynb"]
    shown = "\n".join(everything_shown(o) for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []))
    assert not [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert "Kurdistan Regional Government (KRG) is the common enemy of two friends" in shown
    assert "Unbalanced: friends who disagree on the referendum" in shown
    assert "Adversaries who both oppose the referendum" in shown
    assert ": resolved: " in shown and "Why would Washington want to punish Kurdistan?" in shown
    assert "historic relationship" in shown and "Compare with the annotation" in shown


def test_lesson_01_and_05_facts_are_sourced(case):
    from casekit import plots

    description = plots.timeline(case).description
    assert description.count("[source:") == len([e for e in case.events if e.actors])
    assert all(e.cited for e in case.events if e.date >= "2017-10-15")


def test_lesson_02_reading_view_marks_every_passage(case):
    from casekit import views

    view = views.reading_view(case)
    assert view.count("data-quote=") >= len(case.quotes_in(case.core_source)) - 2


def test_lesson_03_party_words_are_trusted(case):
    from casekit import views

    in_groups = [actor for group in case.groups for actor in group.actors]
    for actor in in_groups:
        shown = views.own_quotes(case, actor)
        assert all(case.source(q.source).confidence != "C" and not q.disputed for q in shown), actor
    assert "in TASS's English rendering" in views.group_voices(case, "powers").text


def test_lesson_06_rules_follow_the_case(case):
    from casekit import questions, translation, views

    syria = views.renderings_view(case, "syria-mfa-2017-09-24")
    assert 'lang="ar" dir="rtl"' in syria and "[+" in syria.text
    assert questions.which_outlet(case, "tr-nsc-en-nn-directly-threatens") is None
    assert [s.id for s in translation.renderings_of(case, "germany-aa-2017-09-26")
            if translation.own_english(case, s)] == ["germany-aa-2017-09-26--en-auswaertiges-amt"]
    assert len(translation.rivals_in_notes(case, "il-pmo-0912-kurdish-state")) >= 2
    bank = questions.translation_bank(case)
    assert all(case.source(q.source).confidence != "C" for q in bank if q.kind != "what_differs")


# --- Reading time and class time: measured on what a student sees.

from casekit import reading  # noqa: E402

STUDENT_LESSONS = sorted((ROOT / "notebooks").glob("[0-8]*.ipynb"))
STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_reading_fits_in_fifteen_minutes(path, executed_lessons):
    got = reading.reading_time(path, executed=executed_lessons[path])
    assert got.minutes <= 15, f"{path.name}: {got.words} words, {got.minutes:.1f} minutes of reading (at most 15)"


def test_reading_time_can_fail(tmp_path):
    """4,000 words of prose is 20 minutes; folded words and code are not read; the command says so."""
    words = " ".join(["word"] * 4000)
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": words},
                    {"cell_type": "markdown", "metadata": {}, "source": f"<details><summary>More</summary>{words}</details>"},
                    {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": words,
                     "outputs": [{"output_type": "stream", "name": "stdout", "text": "ten words " * 5}]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "long.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    got = reading.reading_time(path)
    assert (got.prose_words, got.output_words) == (4001, 10) and got.minutes > 15
    assert reading.main([str(path), "--max", "15"]) == 1
    open_fold = reading.markdown_words("<details open><summary>S</summary>a b c</details>")
    assert open_fold == 4 and reading.markdown_words("<details><summary>S</summary>a <details open>b</details> c</details>") == 1


@pytest.mark.parametrize("path", STUDENT_LESSONS, ids=lambda p: p.name)
def test_sections_add_up_to_the_class_time(path):
    nb = reading.load(path)
    total, sections = reading.section_minutes(nb)
    assert total and sections, f"{path.name}: state the class time and each section's minutes"
    assert sum(m for _, m in sections) == total, (path.name, sections, total)
    if path.name != "00_start_here.ipynb":
        assert total == 50 and sections[0][0].startswith("The question") and sections[-1][0].startswith("Debrief")


@pytest.mark.parametrize("path", STUDENT_LESSONS, ids=lambda p: p.name)
def test_a_central_question_first(path):
    cells = reading.load(path)["cells"]
    first = next("".join(c["source"]) for c in cells[1:] if not "".join(c["source"]).startswith("<!--"))
    assert first.startswith("**Central question:** ") and "?" in first.split("\n")[0], path.name


@pytest.mark.parametrize("path", [p for p in STUDENT_LESSONS if p.name != "00_start_here.ipynb"], ids=lambda p: p.name)
def test_two_to_four_documents_each_with_a_headnote(path):
    source = code(path)
    documents = set(re.findall(r"views\.(?:document|headnote)\(case, ([^,)]+)", source))
    renderings = set(re.findall(r"views\.renderings_view\(case, ([^,)]+)", source)) if "06_" in path.name else set()
    if path.name == "04_alliances.ipynb":  # a lesson on the network: its other evidence is in the relations' tables
        assert "relation_evidence_table" in source
    assert 2 <= len(documents | renderings) <= 6 and documents, (path.name, documents)


# --- Nothing internal in what students see.

INTERNAL = [
    (re.compile(r"\b[\w.-]+\.(?:md|yaml|yml|json)\b"), "a file name"),
    (re.compile(r"front matter", re.I), "front matter"),
    (re.compile(r"\bstored\b", re.I), "stored"),
    (re.compile(r"\bround[- ]2\b", re.I), "round 2"),
    (re.compile(r"\bcasefiles?\b", re.I), "casefile"),
    (re.compile(r"\b(?:translation_of|translated_by)\b|\b(?:renders|speaker|confidence):"), "a field name"),
    (re.compile(r"\bnbval\b", re.I), "nbval"),
    (re.compile(r"Answers? \(for instructors\)", re.I), "an instructor's answer"),
    (re.compile(r"\bnot graded\b(?! C\b)", re.I), "not graded"),
]
STUDENT_FACING = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))


def case_ids() -> set[str]:
    """Quote and question ids, and every id of the case with ``--`` or ``/`` in it."""
    from casekit import load_case, questions

    case = load_case(ROOT / "casefiles" / "kurdistan-2017")
    bank = questions.attribution_bank(case) + questions.alliance_bank(case) + questions.translation_bank(case)
    ids = {q.id for q in case.quotes} | {q.id for q in bank} | {q["id"] for q in case.open_questions}
    every = ids | {s.id for s in case.sources} | {e.id for e in case.events} | {r.id for r in case.relations}
    return ids | {i for i in every if "--" in i or "/" in i}


def internal_words(text: str, ids: set[str]) -> list[str]:
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    found = [f"{what} ({m.group(0)!r})" for pattern, what in INTERNAL for m in pattern.finditer(text)]
    found += [f"an id ({token!r})" for token in re.findall(r"[A-Za-z0-9]+(?:(?:--|-|/)[A-Za-z0-9]+)+", text) if token in ids]
    return found


def everything_shown(output: dict) -> str:
    """An output's words, folded ones included, and its images' alternative text; not its markup."""
    data = output.get("data", {})
    if "text/html" not in data:
        return reading.output_text(output)
    markup = re.sub(r"<(style|script)\b.*?</\1>|<!--.*?-->", " ", "".join(data["text/html"]), flags=re.S)
    alts = " ".join(re.findall(r'\balt="([^"]*)"', markup))
    return html.unescape(re.sub(r"<[^>]+>", " ", markup) + " " + alts)


def student_text(path: Path, nb: dict) -> list[tuple[int, str, str]]:
    """(cell, where, text) for what a student can see or run: markdown, outputs, and assert lines of code."""
    out = []
    for number, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            out.append((number, "markdown", source))
        elif cell["cell_type"] == "code":
            if re.search(r"^\s*assert\b", source, re.M):
                out.append((number, "code", "assert statement"))
            for output in cell.get("outputs", []):
                out.append((number, "output", everything_shown(output)))
    return out


@pytest.fixture(scope="module")
def ids():
    return case_ids()


@pytest.mark.parametrize("path", STUDENT_FACING, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_internal_words_where_students_look(path, ids, executed_lessons):
    """Markdown and run outputs of lessons; markdown and code of exercises (their widgets' words are
    checked question by question in test_generated_sentences_are_clean)."""
    nb = executed_lessons[path] if path.parent.name == "notebooks" else reading.load(path)
    problems = []
    for number, where, text in student_text(path, nb):
        if text == "assert statement":
            problems.append(f"{path.parent.name}/{path.name} cell {number}: an assert statement")
            continue
        problems += [f"{path.parent.name}/{path.name} cell {number} ({where}): {word}" for word in internal_words(text, ids)]
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_internal_words_check_can_fail(ids):
    text = ('See FACTS.md and case.yaml; its front matter says it is stored (round-2), in the casefile; '
            'translation_of: x; speaker: y; nbval; Answer (for instructors); not graded; hatami-new-scenario.')
    found = " ".join(internal_words(text, ids))
    for word in ("FACTS.md", "case.yaml", "front matter", "stored", "round 2", "casefile", "field name", "nbval",
                 "instructor", "not graded", "hatami-new-scenario"):
        assert word in found, word
    assert internal_words("sources not graded C; a fact sheet; the speaker's own English", ids) == []


def test_casekit_reading_prints_the_minutes(capsys):
    from casekit import cli

    assert cli.main(["reading", "notebooks/05_aftermath.ipynb", "--no-run"]) == 0
    out = capsys.readouterr().out
    assert "05_aftermath" in out and "min" in out
    assert cli.main(["reading", "notebooks/05_aftermath.ipynb", "--no-run", "--max", "0.01"]) == 1


# --- The Kurdish side, frames on every side, the naming task and the aftermath (lessons 01, 03, 05).

NAMES = ["Iraqi Kurdistan", "Iraqi Kurdistan Region", "Kurdistan Region", "Kurdistan Region of Iraq",
         "Kurdish region", "northern Iraq", "Kurdistani areas"]


def test_name_uses_match_whole_words_and_the_longer_name_first(case):
    from casekit import views

    uses = views.name_uses(case, NAMES)
    total = {n: sum(u["speakers"].values()) + sum(u["outlets"].values()) for n, u in uses.items()}
    english = [s.text for s in case.sources if not s.lang]
    bare = re.compile(r"(?<!\w)(?<!Iraqi )Kurdistan Region(?!\w)(?! of Iraq)", re.I)
    assert total["Kurdistan Region"] == sum(len(bare.findall(t)) for t in english) > 0
    regional = sum(len(re.findall(r"Kurdistan Regional", t)) for t in english)
    assert regional > 0  # "Kurdistan Regional Government" is in the texts, and is not counted as the name
    assert total["Iraqi Kurdistan Region"] > 0 and total["Kurdistan Region of Iraq"] > 0
    # a name inside a quotation is its speaker's; outside every quotation, its publisher's
    assert uses["Kurdistani areas"]["speakers"] == {"Kurdistan Parliament": 1}
    assert "Rudaw" in uses["Kurdistani areas"]["outlets"]
    assert "Middle East Institute" in uses["Iraqi Kurdistan"]["outlets"]
    table = views.names_table(case, NAMES)
    assert table.count("<tr>") == len(NAMES) + 1 and "“northern Iraq”" in table


def test_name_uses_can_fail_on_a_part_of_a_word(case):
    from casekit import views

    assert views.name_uses(case, ["Kurdistan Regiona"])["Kurdistan Regiona"] == {"speakers": {}, "outlets": {}}


def test_frames_and_loaded_words_come_from_every_side(case):
    frames = {f.id: f for f in case.frames}
    actors = {fid: {case.speaker_actor(q.speaker) for q in case.quotes_with_words(f.words)} for fid, f in frames.items()}
    assert {"kurdistan-presidency", "gorran-komal", "kurdistan-parliament"} <= actors["self-determination"]
    assert {"iraq", "turkey", "united-states", "iran", "kurdistan-presidency"} <= actors["unilateral-unconstitutional"]
    assert {"iran", "iraq"} <= actors["separatism"]
    term_actors = {case.speaker_actor(case.quote(t.quote).speaker) for t in case.terms}
    assert {"iran", "iraq", "turkey", "israel", "united-states", "kurdistan-presidency", "peshmerga-command",
            "puk", "mei"} <= term_actors
    assert all(t.text in case.quote(t.quote).text for t in case.terms)
    code03 = code(ROOT / "notebooks" / "03_voices.ipynb")
    for fid in frames:
        assert f'"{fid}"' in code03, fid


def test_iraq_is_not_among_the_regions_neighbours(case):
    iraqi = {"iraq", "iraq-parliament", "iraq-fsc"}
    for group in case.groups:
        if "neighbour" in group.title.lower():
            assert not iraqi & set(group.actors), group.title
    baghdad = next(g for g in case.groups if iraqi <= set(g.actors))
    assert "not a neighbour" in baghdad.note and "(FACTS.md, Round 3 facts)" in baghdad.note


def test_quotations_show_every_grade_and_leave_other_languages_to_their_renderings(case):
    from casekit import views

    shown = views.actor_quotations(case, ["gorran-komal"])
    assert "C (least sure" in shown and shown.count("<tr>") == 1 + len(
        [q for q in case.quotes if q.speaker == "gorran-komal" and not case.source(q.source).lang])
    arabic = case.quote("krg-barzani-1017-ar-unilateral-decision")
    assert arabic.text not in views.actor_quotations(case, ["kurdistan-presidency"])
    day = views.quotes_on(case, "2017-10-16")
    assert all(q.text in html.unescape(str(day)) for q in case.quotes if q.date == "2017-10-16" and not case.source(q.source).lang)
    assert "17 October" not in day


def test_lessons_give_the_kurdish_side_and_the_aftermath():
    code03, text03 = code(ROOT / "notebooks" / "03_voices.ipynb"), markdown(ROOT / "notebooks" / "03_voices.ipynb")
    assert '"krg-barzani-2017-09-24"' in code03 and '"gorran-komal-2017-09-20--en-rudaw"' in code03
    assert all(a in code03 for a in ('"kirkuk-governorate"', '"itf"', '"kirkuk-arab-parties"', '"puk"'))
    assert "views.names_table(case" in code03 and "views.terms_table(case)" in code03
    assert "casekit:reserved kurdish-side" not in text03
    code05, text05 = code(ROOT / "notebooks" / "05_aftermath.ipynb"), markdown(ROOT / "notebooks" / "05_aftermath.ipynb")
    assert 'views.quotes_on(case, "2017-10-16"' in code05
    for event in ("court-referendum-void", "barzani-steps-down", "flight-ban-lifted", "iraq-election-2018",
                  "un-100000-displaced", "un-183000-displaced", "iom-displaced-december", "jubury-acting-governor"):
        assert f'"{event}"' in code05, event
    assert "Matching exercise" not in text05 and "casekit:reserved aftermath" not in text05
    code01 = code(ROOT / "notebooks" / "01_the_referendum.ipynb")
    assert '"iherc-2017-09-27"' in code01 and '"krg-cab-0928-no"' in code01
    text01 = "\n".join("".join(c["source"]) for c in json.loads(
        (ROOT / "notebooks" / "01_the_referendum.ipynb").read_text(encoding="utf-8"))["cells"])
    assert "casekit:reserved" not in text01  # the map, the glossary and the background are shown
    for call in ("maps.map(case)", "context.glossary_view(case)", "context.background_view(case)"):
        assert call in code01, call


def test_every_exercise_a_lesson_points_to_exists():
    for path in STUDENT_LESSONS:
        for target in re.findall(r"\]\((\.\./exercises/[^)]+)\)", markdown(path)):
            assert (path.parent / target).resolve().exists(), (path.name, target)


@pytest.mark.parametrize("name", ["02_reading_the_source.ipynb", "06_several_englishes.ipynb"])
def test_skill_lessons_ask_who_is_behind_the_outlet(name):
    text = markdown(ROOT / "notebooks" / name)
    assert "**Who is behind the outlet?**" in text and "casekit:reserved" not in text
    assert "lateral reading" in text
    assert "context.outlet_line(case, " in code(ROOT / "notebooks" / name)  # the profiles, with their sources


def test_some_actors_keeps_the_order_given(case):
    from casekit import views

    shown = views.some_actors(case, ["kurdistan-presidency", "iraq"], caption="Two")
    assert shown.count("<tr>") == 3 and shown.text.splitlines()[2].startswith("Presidency of the Kurdistan Region")
    assert '"iraq", "krg", "kurdistan-presidency"' in code(ROOT / "notebooks" / "01_the_referendum.ipynb")


def test_frame_titles_attribute_their_loaded_words(case):
    """A frame's title names words of the speakers: it quotes them or says whose they are."""
    for frame in case.frames:
        if frame.id not in ("territorial-integrity", "fight-against-isis"):
            assert '"' in frame.title or "(the speakers' words)" in frame.title, frame.title


def test_quotations_say_whose_english(case):
    from casekit import views

    court = views.actor_quotations(case, ["iraq-fsc"]).text
    assert "in what is probably AFP's English" in court and "probably Anadolu Agency's English" in court
    germany = views.actor_quotations(case, ["germany"]).text
    assert "in the English of the speaker's own office" in germany and "Mehr News Agency's English" in germany
    assert "not stated's" not in views.actor_quotations(case, ["kurdistan-presidency"], caption="x").text


def test_lesson_07_desk_holds_only_what_was_published_by_the_moment(case):
    """The decision lesson shows, as on the desk, only documents published by its moment, and under
    *What happened next* only events after it; its decision has a rubric."""
    from casekit import views
    from casekit.model import date_span
    from casekit.rubrics import load_rubrics

    source = code(ROOT / "notebooks" / "07_decision.ipynb")
    moment = re.search(r'^moment = "(\d{4}-\d{2}-\d{2})"', source, re.M).group(1)
    desk = re.findall(r'views\.document\(case, "([^"]+)"\)', source)
    held = {s.id for s in views.documents_until(case, moment)}
    assert 2 <= len(desk) <= 4 and set(desk) <= held, (moment, set(desk) - held)
    assert "documents_until_view(case, moment)" in source and 'events_table(case, end=moment' in source
    later = re.search(r"events_table\(case, ids=\[([^\]]*)\],\s*caption=\"What happened next\"", source).group(1)
    for event_id in re.findall(r'"([^"]+)"', later):
        assert date_span(case.event(event_id).date)[0].isoformat() > moment, event_id
    assert any(r.id == "decision-memo" for r in load_rubrics(ROOT / "casefiles" / "kurdistan-2017", case))
