"""HTML views: they show the casefile's words unchanged, escaped, each with its speaker and source."""
from __future__ import annotations

import html
import re

import pytest

from casekit import views


def test_table_escapes_and_has_a_text_version():
    t = views.table(["a", "b"], [("<script>", "x & y")], caption="Cap")
    assert "<script>" not in t and "&lt;script&gt;" in t and "x &amp; y" in t
    assert "<caption" in t and 'scope="col"' in t
    assert repr(t) == "Cap\na | b\n<script> | x & y"


def test_reading_view_shows_the_source_verbatim(case):
    """Strip the labels and markup the view adds: what is left is the source text, unchanged."""
    for source in case.sources:
        view = views.reading_view(case, source.id)
        body = re.split(r'<div style="line-height:1.7"[^>]*>', view, maxsplit=1)[1]  # lang/dir on non-English texts
        body = re.sub(r'<div role="heading"[^>]*>[^<]*</div>', "", body)  # the analysis heading
        body = re.sub(r'<b class="casekit-label"[^>]*>[^<]*</b> ?', "", body)  # the labels where highlights begin and end
        body = body.replace("<br>", "\n")
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        assert text == source.text, source.id


def test_reading_view_marks_quotes_with_label_and_kind(case):
    view = views.reading_view(case)
    quotes = case.quotes_in(case.core_source)
    marked = set(re.findall(r'data-quote="([^"]+)"', view))
    assert marked <= {q.id for q in quotes} and len(marked) >= len(quotes) - 2
    for q in quotes:
        if q.id in marked:
            assert f"{case.speaker_name(q.speaker)}: {q.description} ({q.id})" in html.unescape(view)
    assert view.count('class="casekit-analysis"') == 1  # the outlet's analysis is boxed once
    # and named by a heading, so that a screen reader's heading list finds where the analysis begins
    assert re.search(r'class="casekit-analysis"[^>]*><div role="heading" aria-level="\d"[^>]*>The outlet', view)
    # as text, the heading is a line of its own where the analysis begins
    marker = case.source(case.core_source).analysis_marker
    assert f"\nThe outlet's own analysis (from \"{marker}\" on)\n" in repr(view)


def _lab(colour: str, cvd: str = "") -> tuple[float, float, float]:
    """CIELAB of an sRGB colour, as seen with a colour-vision deficiency (Machado et al. 2009, full
    severity) or with typical vision."""
    machado = {"deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
               "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
               "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900))}
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    if cvd:
        lin = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, lin)))) for row in machado[cvd]]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_speaker_tints_stay_apart_for_colour_blind_readers(case):
    """No two speakers' backgrounds are near-identical, for typical vision or with a colour-vision
    deficiency; black text stays readable on each; and each highlight names its speaker in words."""
    from itertools import combinations

    from casekit.style import TINTS

    for cvd in ("", "deutan", "protan", "tritan"):
        for a, b in combinations(TINTS, 2):
            distance = sum((p - q) ** 2 for p, q in zip(_lab(a, cvd), _lab(b, cvd))) ** 0.5
            assert distance >= 10, (cvd or "typical", a, b, round(distance, 1))
    for tint in TINTS:
        luminance = (_lab(tint)[0] + 16) / 116
        assert ((luminance ** 3 if luminance ** 3 > 0.008856 else 0) + 0.05) / 0.05 >= 7, tint
    view = views.reading_view(case)
    for label, _ in views.speaker_labels(case, case.quotes_in(case.core_source)).values():
        assert f"[{label} · " in view and f"[end {label}]" in view


def rows_of(table) -> list[str]:
    """A table's text rows: not its caption, header or footnotes (a numbered list under the table)."""
    return [line for line in repr(table).splitlines()[2:] if line and not re.match(r"\d+\. ", line)]


def test_events_table_filters(case):
    by_date = views.events_table(case, start="2017-10-15", end="2017-10-18")
    dates = [line.split(" | ")[0] for line in rows_of(by_date)]
    assert dates and all("2017-10-15" <= d <= "2017-10-18" for d in dates)
    assert len(dates) == sum(1 for e in case.events if "2017-10-15" <= e.date <= "2017-10-18")
    turkey = rows_of(views.events_table(case, actor="turkey"))
    assert len(turkey) == sum(1 for e in case.events if "turkey" in e.actors)
    one = rows_of(views.events_table(case, ids=["referendum-held"]))
    assert len(one) == 1 and one[0].startswith("2017-09-25")


def test_quotes_matching_finds_every_quote_with_the_word(case):
    found = repr(views.quotes_matching(case, ["ISIS"])).splitlines()[2:]
    expected = [q for q in case.quotes if re.search(r"\bISIS\b", q.text)]
    assert expected and len(found) == len(expected)


def test_quotes_matching_is_on_whole_words_with_the_case_as_written(case):
    """Lesson 03's frames: "unity" is not in "community", nor "united" in "United States"."""
    found = [q.id for q in case.quotes_with_words(["territorial integrity", "unity", "united"])]
    assert found and all(re.search(r"\b(territorial integrity|unity|united)\b", case.quote(i).text) for i in found)
    assert not [i for i in found if "community" in case.quote(i).text and "unity" not in
                re.findall(r"\b\w+\b", case.quote(i).text)]
    assert "state-neighbors-oppose" not in found  # "international community" only


def test_terms_table_attributes_each_loaded_word(case):
    t = repr(views.terms_table(case))
    rows = rows_of(views.terms_table(case))
    assert len(rows) == len(case.terms) and t.splitlines()[1].count(" | ") <= 3  # four columns at most
    for term, row in zip(case.terms, rows):
        q = case.quote(term.quote)
        assert row.startswith(f"“{term.text}” | {case.speaker_name(q.speaker)}")
        assert term.gloss in row and q.source not in row
        assert ("no: it reports the words" in row) == (not term.adopted_by_outlet)
        assert not term.note or views.plain_cite(case, term.note) in t  # notes as footnotes
    assert repr(views.terms_table(case, "un-sg-2017-09-17")).count("\n") == 1  # caption and header only


def test_key_table_leaves_out_open_questions(case):
    from casekit.questions import exercise_questions

    bank = exercise_questions(case, "source-attribution")
    rows = repr(views.key_table(bank)).splitlines()[2:]
    assert len(rows) == sum(1 for q in bank if not q.is_open)
    assert not any(row.startswith("open/") for row in rows)


def test_people_table_dates_titles_from_the_casefile(case, minimal):
    from casekit import load_case
    from casekit.questions import capacity

    assert case.titles_as_of == "October 2017"  # from case.yaml, which cites FACTS.md
    assert "(titles as of October 2017)" in views.people_table(case)
    demo = load_case(minimal)
    assert demo.titles_as_of == "" and "titles they held at the time" in views.people_table(demo)
    person = demo.people[0].id
    assert capacity(demo, person).hint.endswith("at the time?")
    assert capacity(case, case.people[0].id).hint.endswith("in October 2017?")


def test_the_analysis_marker_comes_from_the_annotations(minimal):
    """A source whose analysis begins at another word: views and questions name that word."""
    from casekit import load_case
    from casekit.questions import exercise_questions

    for path in [*minimal.glob("sources/*.md"), *minimal.glob("annotations/*.yaml")]:
        path.write_text(path.read_text(encoding="utf-8").replace("Comment:", "Analysis:"), encoding="utf-8")
    demo = load_case(minimal)
    view = views.reading_view(demo)
    assert "from &quot;Analysis:&quot; on" in view and "Comment" not in view
    bank = exercise_questions(demo, "source-attribution")
    texts = " ".join(q.explanation + (q.hint or "") for q in bank)
    assert "from “Analysis:” on" in texts and "Comment" not in texts


def test_new_casefile_fields_are_shown_to_students():
    """Notes, month-only dates, confidence and doubt, and the language and direction of a text."""
    from pathlib import Path

    from casekit import load_case

    case = load_case(Path(__file__).parent / "casefiles" / "features")
    stances = repr(views.stances_table(case))
    assert "unclear (October 2017) |" in stances and "Its comment is about the minister, not the vote." in stances
    relations = repr(views.relations_table(case))
    assert "September 2017" in relations and "Only the month of the statement is known." in relations
    events = repr(views.events_table(case, start="2017-09-20", end="2017-10-05"))
    assert "September 2017 | State A's minister issued a statement." in events
    sources = repr(views.sources_table(case))
    assert "C: The rendering does not say who translated it." in sources and "| no grade set" in sources
    en = views.reading_view(case, "demo-en-2017-09")
    assert "Confidence C" in en and "The rendering does not say who translated it." in en
    assert 'data-quote="en-headline"' not in en  # a headline is in the title, not marked in the text
    ar = views.reading_view(case, "demo-ar-2017-09")
    assert 'lang="ar" dir="rtl"' in ar and "2017-09-" not in ar
    quotes = repr(views.quotes_table(case, "demo-en-2017-09"))
    assert "we will not allow it [in the headline]" in quotes
    assert "Attribution disputed: His office later said the spokesperson had been misquoted" in quotes
    assert "Attribution disputed: His office later said" in en
    chains = repr(views.reporting_chains(case))
    assert chains == ("From the minister to the reader\n1. The minister speaks.\n2. The outlet renders his words in "
                      "English.\n\nThe outlet's comment\n1. The outlet adds its comment.")


# --- accessibility: scroll regions, languages, where highlights end ---------------------------------

def test_a_table_is_a_focusable_scroll_region_named_by_its_caption():
    t = views.table(["a", "b"], [("1", "2")], caption="Cap & co")
    region = re.search(r"<div class='casekit-scroll'([^>]*)>", t)
    assert region, t
    assert "role='region'" in region.group(1) and "tabindex='0'" in region.group(1)
    assert "aria-label='Cap &amp; co'" in region.group(1) and "overflow-x:auto" in region.group(1)
    assert t.index("<div class='casekit-scroll'") < t.index("<table") and t.rstrip().endswith("</table></div>")
    unnamed = views.table(["first", "second"], [])
    assert "aria-label='Table: first, second'" in unnamed


def test_the_focus_outline_is_shipped_and_thick():
    from casekit.style import FOCUS_CSS

    t = views.table(["a"], [("1",)], caption="c")
    assert "<style>" in t and FOCUS_CSS in t
    width = int(re.search(r"outline: (\d+)px solid", FOCUS_CSS).group(1))
    assert width >= 2 and ".casekit-scroll:focus-visible" in FOCUS_CSS


def test_words_in_another_language_carry_lang_and_dir():
    from pathlib import Path

    from casekit import load_case

    case = load_case(Path(__file__).parent / "casefiles" / "features")
    ar = case.source("demo-ar-2017-09")
    quotes = views.quotes_table(case, ar.id)
    for q in case.quotes_in(ar.id):
        assert f'<span lang="ar" dir="rtl">{html.escape(q.text, quote=True)}</span>' in quotes, q.id
    english = views.quotes_table(case, "demo-en-2017-09")
    assert "lang=" not in english  # English needs no mark
    sources = views.sources_table(case)
    assert f'<span lang="ar" dir="rtl">{html.escape(ar.title)}</span>' in sources
    # the labels the reading view adds inside an Arabic text are marked English
    view = views.reading_view(case, ar.id)
    labels = re.findall(r'<b class="casekit-label"([^>]*)>', view)
    assert labels and all('lang="en" dir="ltr"' in attrs for attrs in labels)


def test_an_english_title_of_a_text_in_another_language_is_not_marked(case):
    """Stored sources in Arabic or Persian may carry an English title: it must not be read as Arabic."""
    by_id = {s.id: s for s in case.sources}
    assert views.title_lang(by_id["arab-league-2017-09-26"]) == ""  # English title, Arabic text
    assert views.title_lang(by_id["germany-aa-2017-09-26"]) == "de"
    assert views.title_lang(by_id["france-macron-2017-09"]) == "fr"
    table = views.sources_table(case)
    assert 'lang="ar"' not in table.split("arab-league-2017-09-26", 1)[1].split("</tr>", 1)[0]


def test_every_highlight_says_who_speaks_and_where_it_ends(case):
    for source in case.sources:
        view = views.reading_view(case, source.id)
        marks = re.findall(r'<mark data-quote="([^"]+)"[^>]*><b class="casekit-label"[^>]*>\[(S\d+) · ([^·\]]+) · ', view)
        assert len(marks) == view.count("<mark "), source.id
        for qid, _label, name in marks:
            q = case.quote(qid)
            assert html.unescape(name) == case.speaker_name(q.speaker), (source.id, qid)
        ends = re.findall(r"> \[end (S\d+)\]</b></mark>", view)
        assert sorted(ends) == sorted(label for _, label, _ in marks), source.id


def test_the_side_by_side_renderings_scroll_from_the_keyboard(case):
    from casekit.translation import renderings_of

    originals = [s.id for s in case.sources if renderings_of(case, s.id)]
    assert originals
    view = views.renderings_view(case, originals[0])
    assert "role='region' tabindex='0' aria-label=" in view
    assert view.index("class='casekit-scroll") < view.index("<table")


# --- lesson 03: every party in its own words; lesson 04: whose words a relation rests on -------

_GROUPS_AND_JOINT = """
  - id: joint
    name: States A and B (joint statement)
    kind: joint statement
    members: [state-a, state-b]
groups:
  - id: first
    title: The first group
    actors: [state-a, joint]
  - id: second
    title: The second group
    actors: [state-b]
    note: A note on the group.
"""


def _with_groups(minimal, groups=_GROUPS_AND_JOINT, relations=""):
    """The minimal casefile plus a joint actor (after the outlet) and groups; optional extra relations."""
    path = minimal / "case.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    kind: outlet\n", "    kind: outlet\n" + groups.split("groups:\n")[0].lstrip("\n"), 1)
    text += "groups:\n" + groups.split("groups:\n")[1] if "groups:\n" in groups else ""
    text += relations
    path.write_text(text, encoding="utf-8")
    return path


def test_groups_and_joint_members_are_read(minimal):
    from casekit import load_case

    _with_groups(minimal)
    demo = load_case(minimal)
    assert [(g.id, g.actors, g.note) for g in demo.groups] == [
        ("first", ("state-a", "joint"), ""), ("second", ("state-b",), "A note on the group.")]
    assert demo.actor("joint").members == ("state-a", "state-b") and demo.actor("state-a").members == ()
    table = repr(views.groups_table(demo))
    assert "The first group | State A, States A and B (joint statement) |" in table
    with pytest.raises(ValueError, match="no group 'third'.*first, second"):
        views.group_voices(demo, "third")


@pytest.mark.parametrize("old, new, field, message", [
    ("actors: [state-a, joint]", "actors: [state-a, state-c]", "groups[first].actors",
     "unknown actor 'state-c'; did you mean 'state-b'?"),
    ("actors: [state-a, joint]", "actors: [state-a, joint, state-b]", "groups[second].actors",
     "actor 'state-b' is already in group 'first'; an actor is in one group at most"),
    ("members: [state-a, state-b]", "members: [state-a, joint]", "actors[joint].members",
     "'joint' names the joint actor itself; list the actors it speaks for"),
    ("members: [state-a, state-b]", "members: [state-a, state-a]", "actors[joint].members", "'state-a' is listed twice"),
    ("members: [state-a, state-b]", "members: [state-a, state-q]", "actors[joint].members",
     "unknown actor 'state-q'; did you mean 'state-b'?"),
])
def test_groups_and_members_mistakes_name_file_line_and_field(minimal, old, new, field, message):
    from casekit import CasefileError, load_case

    path = _with_groups(minimal, _GROUPS_AND_JOINT.replace(old, new, 1))
    lines = path.read_text(encoding="utf-8").splitlines()
    # the line of the field: the group's or the actor's line holding the list (state-b's group: its own list)
    wanted = "actors: [state-b]" if "group 'first'" in message else new
    line = [i for i, text in enumerate(lines, 1) if text.strip() == wanted][-1]  # groups come last
    with pytest.raises(CasefileError) as info:
        load_case(minimal)
    assert [str(p).split("/demo/", 1)[1] for p in info.value.problems] == [f"case.yaml:{line}: {field}: {message}"]


def test_evidence_voice_tells_whose_words_a_relation_rests_on(minimal):
    from casekit import load_case

    more = """  - id: b-warns-a
    actor: state-b
    other: state-a
    mode: verbal
    valence: conflict
    strength: explicit
    date: 2017-10-02
    summary: Test relation.
    evidence: [minister-will-not-allow, outlet-means-it, officials-mistake]
    note: Test note.
  - id: b-confronts-outlet
    actor: state-b
    other: outlet
    mode: verbal
    valence: conflict
    strength: explicit
    date: 2017-10-02
    summary: Test relation.
    evidence: [officials-mistake]
    note: Test note.
"""
    path = _with_groups(minimal)
    text = path.read_text(encoding="utf-8")
    text = text.replace("relations:\n", "relations:\n" + more, 1)
    # the officials' words become the joint actor's (States A and B together)
    path.write_text(text, encoding="utf-8")
    ann = minimal / "annotations" / "demo-2017-10-01.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("speaker: state-a\n", "speaker: joint\n"), encoding="utf-8")
    demo = load_case(minimal)
    voice = {r.id: [views.evidence_voice(demo, r, ev) for ev in r.evidence] for r in demo.relations}
    assert voice["a-confronts-b"] == [views.OWN_WORDS, views.SPAN_ONLY, views.SOURCE_EVENT]
    assert voice["b-warns-a"] == [views.OTHER_PARTY, views.THIRD_PARTY, views.OWN_WORDS]  # joint: B's words too
    assert voice["b-confronts-outlet"] == [views.OWN_WORDS]
    grounds = views.relation_grounds(demo)
    assert grounds["b-warns-a"] == (views.OWN_WORDS, views.OTHER_PARTY, views.THIRD_PARTY)
    table = repr(views.relation_evidence_table(demo, ["b-warns-a"]))
    assert "State B toward State A: verbal conflict | the other party's words | “We will not allow it.” (The Minister" in table
    assert "(jointly: State A, State B)" in table and "State A toward" not in table


def test_relation_grounds_on_the_case(case):
    """Computed from the casefile: the outlet's claim is a third party's report, the joint statement is
    Turkey's and Iran's own words, and an event from the fact sheet is named as such."""
    grounds = views.relation_grounds(case)
    assert set(grounds) == {r.id for r in case.relations}
    assert grounds["iran-iraq-border-claim"] == (views.THIRD_PARTY,)
    assert grounds["iran-iraq-flights"] == (views.FACT_SHEET_EVENT,)
    assert grounds["turkey-iran-coordination"] == (views.OWN_WORDS, views.FACT_SHEET_EVENT)
    assert grounds["israel-confronts-turkey"] == (views.OWN_WORDS,)
    table = repr(views.relation_grounds_table(case))
    assert ("Iran toward Iraq (federal government in Baghdad): material cooperation (2017-10-03) | "
            "a third party's report | none") in table
    evidence = repr(views.relation_evidence_table(case, ["iran-iraq-border-claim"]))
    assert "(Middle East Institute (the outlet's own words); the outlet's analysis or comment) |" in evidence
    assert "only in sources graded C" in table  # the joint statement is graded C


def test_party_voice_quotes_own_words_with_their_translator_and_doubt(case):
    for group in case.groups:
        for actor in group.actors:
            quotes = views.own_quotes(case, actor, limit=5)
            assert all(case.speaker_actor(q.speaker) == actor and case.source(q.source).confidence != "C"
                       and not q.disputed and q.kind != "analysis" for q in quotes), actor
            passages = [q.renders or q.id for q in quotes]
            assert len(passages) == len(set(passages)), actor
    russia = views.party_voice(case, "russia")
    assert "“Moscow respects national aspirations of Kurds” (Russia, in TASS's English rendering;" in russia.text
    assert "Position: mixed (2017-09-26)." in russia.text
    for source in ("russia-mfa-2017-09-27--en-rudaw", "russia-kremlin-2017-09-26"):
        s = case.source(source)
        assert f"- {s.outlet}, {views._long_date(s.published)}: graded {s.confidence}: {views.plain_note(s.doubt)}" in russia.text
        assert source not in russia.text and "round-2" not in russia.text and " stored" not in russia.text
    assert '“<span lang="ru" dir="ltr">В Москве с уважением' in russia
    assert '“<span lang="ar" dir="rtl">' in views.party_voice(case, "syria")
    joint = views.party_voice(case, "iran-iraq-turkey-fms")
    assert "no other quotation of its own is held here in a source not graded C" in joint.text
    turkey = views.own_quotes(case, "turkey", limit=3)
    assert len({q.source for q in turkey}) == 3 and not any(case.source(q.source).lang for q in turkey)  # English, varied
    shown = views.own_quotes(case, "turkey", limit=3, skip=["tr-nsc-illegitimate"])
    assert "tr-nsc-en-nn-illegitimate" not in [q.id for q in shown]  # a rendering of a passage already shown


# --- Generated English: no slips a student would notice, no internal words.

SLIPS = [
    (re.compile(r"\bof (?:Presidency|Ministry|Council|Government|League|Office)\b"), "a missing 'the'"),
    (re.compile(r"\)'s\b"), "a possessive after a parenthesis"),
    (re.compile(r"\b\w+s's\b"), "s's"),
    (re.compile(r"[.!?];"), "a full stop before a semicolon"),
    (re.compile(r"\((\w[\w ]*)\) \(\1\)"), "a repeated parenthesis"),
    (re.compile(r"\w\(s\)"), "(s) for a plural"),
    (re.compile(r"(?:^|[:;] )([^;:\n]+); \1(?=;|$)", re.M), "a name listed twice"),
    (re.compile(r"\bstored\b|\bcasefile\b|\bround[- ]2\b|\bfront matter\b|FACTS\.md|\.yaml\b", re.I), "an internal word"),
    (re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)*--[a-z0-9-]+\b"), "an id"),
]


def slips(text: str) -> list[str]:
    return [f"{what}: …{text[max(0, m.start() - 60):m.end() + 20]}…" for pattern, what in SLIPS for m in pattern.finditer(text)]


def test_the_slip_check_can_fail():
    for text in ("What was the position of Presidency of the Kurdistan Region?", "The Times of Israel (wire text)'s",
                 "Reuters's words", "in disputed areas.; then mixed", "Iraq's Council (parliament) (parliament)",
                 "3 rendering(s)", "renderings: Kurdistan24; Rudaw; Rudaw", "no text is stored",
                 "source: russia-mfa-2017-09-27--en-rudaw"):
        assert slips(text), text
    assert not slips("What was the position of the Presidency of the Kurdistan Region? Reuters' words; then mixed.")


def generated_texts(case):
    """Every prompt, option, hint, reason and feedback the question banks generate."""
    from casekit import questions

    bank = questions.attribution_bank(case) + questions.alliance_bank(case) + questions.translation_bank(case)
    for q in bank:
        yield q.id, q.prompt
        yield q.id, q.hint
        yield q.id, q.explanation
        for choice in q.choices:
            yield q.id, choice.label
        for _, reason in q.reasons:
            yield q.id, reason
        if q.choices and not q.is_order:
            wrong = next((c.value for c in q.choices if c.value != q.answer), None)
            if wrong is not None:
                for attempt in (1, 2):
                    yield q.id, questions.feedback(q, wrong, attempt).text
        if q.is_order and len(q.answer) > 1:
            swapped = (q.answer[1], q.answer[0], *q.answer[2:])
            yield q.id, questions.feedback(q, swapped, 2).text


def test_generated_sentences_are_clean(case):
    found = [f"{qid}: {slip}" for qid, text in generated_texts(case) for slip in slips(text)]
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} in all)"


def test_views_students_read_are_clean(case):
    texts = [views.headnote(case, s.id).text for s in case.sources]
    texts += [views.stances_table(case).text, views.relations_table(case).text, views.relation_grounds_table(case).text,
              views.relation_evidence_table(case).text, views.documents_table(case).text, views.people_table(case).text,
              views.actors_table(case).text, views.events_table(case).text]
    texts += [views.group_voices(case, g.id).text for g in case.groups]
    found = [slip for text in texts for slip in slips(text)]
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} in all)"


def test_student_tables_have_at_most_four_columns(case):
    for t in (views.stances_table(case), views.relations_table(case), views.relation_grounds_table(case),
              views.relation_evidence_table(case), views.documents_table(case), views.people_table(case),
              views.actors_table(case), views.events_table(case), views.terms_table(case), views.quotes_table(case),
              views.quotes_matching(case, ["ISIS"]), views.groups_table(case)):
        header = t.text.splitlines()[1]
        assert header.count(" | ") <= 3, header
        assert 'text-align:left' in t and "<tr></tr>" not in t
    with pytest.raises(ValueError, match="at most four columns"):
        views.noted_table(("a", "b", "c", "d", "e"), [], [])


def test_the_norms_table_shows_each_norm_without_the_cases_history(case):
    """Four columns; a note is a footnote in plain words; the ids of the relations a norm once was are
    the case's history, not the student's."""
    shown = views.norms_table(case)
    assert shown.text.splitlines()[1] == "actor | norms stated (date) | summary | evidence"
    assert shown.count("<tr>") == 1 + len(case.norms) and "Formerly" not in shown and "stored" not in shown
    assert any("Formerly the relation" in n.note for n in case.norms)  # what the view leaves out is there
    assert "about Iraq (federal government in Baghdad) (2017-06-10)" in shown.text
    from casekit.prose import plain_words

    assert plain_words("Formerly the relation a-b-c. The rest.") == "The rest."
    assert plain_words("Formerly the relation a-b-c.") == ""


def test_casefile_summaries_read_well(case):
    texts = [r.summary for r in case.relations] + [s.summary for s in case.stances] + [n.summary for n in case.norms]
    assert not [t for t in texts if re.search(r"\b\w+'s (?:reaffirmed|said|called|warned|stated)\b", t)]


# --- A dated moment: only what was published by then.

def test_documents_until_holds_nothing_published_later(case):
    from casekit.model import date_span

    held = views.documents_until(case, "2017-09-24")
    ids = [s.id for s in held]
    assert ids and all(date_span(s.published)[1].isoformat() <= "2017-09-24" for s in held)
    assert "iraq-abadi-2017-09-24" in ids and "turkey-nsc-2017-09-22" in ids  # dated on or before the day
    assert "iran-mfa-2017-09-25" not in ids and "unsc-2017-10-18" not in ids  # published later
    # a month-only date may be any day of its month: not on the record until the month has ended
    assert "uk-fco-2017-09-25" not in ids and case.source("uk-fco-2017-09-25").published == "2017-09"
    assert "uk-fco-2017-09-25" in [s.id for s in views.documents_until(case, "2017-10-17")]
    # nothing of unknown date, and oldest first
    assert all(s.published != "unknown" for s in held)
    assert [date_span(s.published)[0] for s in held] == sorted(date_span(s.published)[0] for s in held)
    # together with what came after, every document once
    after = views.documents_after(case, "2017-09-24")
    assert sorted(ids + [s.id for s in after]) == sorted(s.id for s in case.sources)


def test_documents_until_refuses_a_date_that_is_not_a_day(case):
    for bad in ("2017-09", "24 September 2017", "", "2017-9-24"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            views.documents_until(case, bad)


def test_documents_until_view_gives_each_document_its_headnote(case):
    shown = views.documents_until_view(case, "2017-10-17")
    held = views.documents_until(case, "2017-10-17")
    assert shown.text.startswith(f"The {len(held)} documents published by 17 October 2017")
    assert shown.count("casekit-headnote") == len(held)
    for s in held:
        assert views.headnote(case, s.id).text in shown.text


def test_names_in_another_script_are_laid_out_right_to_left_in_tables():
    """A name written in Arabic script inside an English cell is isolated and read right to left."""
    from pathlib import Path

    from casekit import load_case

    second = load_case(Path(__file__).parent / "casefiles" / "second-case")
    arabic = next(p.name for p in second.people if re.search(r"[\u0600-\u06ff]", p.name))
    run = re.search(r"[\u0600-\u06ff][\u0600-\u06ff ]*[\u0600-\u06ff]", arabic).group(0)
    shown = str(views.people_table(second))
    assert f'<bdi dir="rtl">{run}</bdi>' in shown


# --- One rendering: the plain text is read from the markup (htmltext) ----------------------------

def test_text_of_a_table_a_row_a_line_header_included():
    from casekit.htmltext import html_to_text

    markup = ("<style>.x { color: red }</style><div role='region'><table><caption>Who  said\nwhat</caption>"
              "<thead><tr><th>name</th><th>words</th><th>note</th></tr></thead><tbody>"
              "<tr><td>A &amp; B</td><td>one<br>two</td><td></td></tr>"
              "<tr><th scope='row'>C</th><td><ul><li>x</li><li>y</li></ul></td><td>z </td></tr></tbody></table></div>"
              "<p>After.</p>")
    assert html_to_text(markup) == "Who said what\nname | words | note\nA & B | one two |\nC | x; y | z\n\nAfter."
    assert html_to_text("<table><tr><td></td><td>b</td></tr></table>").split(" | ") == ["", "b"]  # an empty cell keeps its place


def test_text_of_lists_paragraphs_and_line_breaks():
    from casekit.htmltext import html_to_text

    assert html_to_text("<p>Intro   text\n here</p><ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>"
                        "<h4>Heading</h4><p>a<br>b<br><br>c </p>") == (
        "Intro text here\n- one\n- two\n  - inner\n\nHeading\n\na\nb\n\nc")
    assert html_to_text("<ol><li>first</li><li>second<br>more</li></ol>") == "1. first\n2. second\n  more"
    assert html_to_text("<ol start='3'><li>c</li></ol><ol><li value='7'>g</li><li>h</li></ol>") == "3. c\n7. g\n8. h"
    assert html_to_text("<pre>kept\n  as   is\n\nend</pre>") == "kept\n  as   is\n\nend"
    assert html_to_text("<blockquote style='white-space:pre-wrap'>line one\nline two</blockquote>") == "line one\nline two"
    assert html_to_text("<p>wording<sup>1</sup></p><p><sup>1</sup> The note.</p>") == "wording [1]\n\n[1] The note."


def test_text_of_details_entities_scripts_and_hidden_parts():
    from casekit.htmltext import html_to_text

    assert html_to_text("<details><summary>More</summary><p>Inside.</p><ul><li>item</li></ul></details><p>Next</p>") == (
        "More (folded)\nInside.\n- item\n\nNext")
    assert html_to_text("<details open><summary>Shown</summary><ul><li>item</li></ul></details>") == "Shown\n- item"
    assert html_to_text("<p>&lt;b&gt; &amp; &quot;x&quot; &#8220;y&#x201D; caf&eacute;&nbsp;1</p>") == '<b> & "x" “y” café\xa01'
    assert html_to_text("<script>if (a < b) { alert('x') }</script><style>p { x: 1 }</style><p>Kept</p>"
                        "<span aria-hidden='true'>decoration</span><span hidden>gone</span>") == "Kept"
    assert html_to_text("<img src='x.png' alt='A chart of  seven events'><img src='y.png' alt=''>") == "A chart of seven events"
    assert html_to_text("  <p>  </p>\n<div>\n</div>") == ""


def test_html_derives_its_text_and_repr_is_the_text(capsys):
    shown = views.HTML("<p>Hello <b>world</b> &amp; all</p><ul><li>one</li></ul>")
    assert shown.text == "Hello world & all\n- one" and repr(shown) == shown.text
    assert shown._repr_html_() == str(shown) == "<p>Hello <b>world</b> &amp; all</p><ul><li>one</li></ul>"
    print(shown)  # print shows the markup, as the docstrings say
    assert capsys.readouterr().out == "<p>Hello <b>world</b> &amp; all</p><ul><li>one</li></ul>\n"
    assert views.HTML("<p>x</p>", "given").text == "given"  # a text given is kept
    assert "print()` shows the markup" in views.__doc__.replace("``", "`") and "repr()" in views.HTML.__doc__


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_WORD = re.compile(r"\w+")


_INLINE = re.compile(r"</?(?:a|b|bdi|del|em|i|ins|mark|q|small|span|strong)\b[^<>]*>")


def _visible_words(markup: str) -> list[str]:
    """The words of markup, read the plain way: scripts and styles out, an inline tag nothing
    (a word may run across it), any other tag a space."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    alts = " ".join(html.unescape(a) for a in re.findall(r'<img\b[^>]*\balt="([^"]*)"', markup))
    return _WORD.findall(alts + " " + html.unescape(_TAG.sub(" ", _INLINE.sub("", markup))))


def _in_order(wanted: list[str], words: list[str]) -> bool:
    """Whether ``wanted`` is in ``words`` in the same order (other words may come between)."""
    it = iter(words)
    return all(w in it for w in wanted)


def _every_view(case):
    """Every view (a function returning HTML) of views and context, on the real case."""
    from casekit import context, questions, render
    from casekit.translation import renderings_of, rivals_in_notes

    original = next(s.id for s in case.sources if renderings_of(case, s.id))
    rival = next(q.id for q in case.quotes if rivals_in_notes(case, q.id))
    fig = render.new_figure(2, 1)
    fig.add_subplot().plot([0, 1], [0, 1])
    plot = render.Plot(fig, "A test figure", "A line rising from left to right.", "One line.\nIt rises, see fact sheet.")
    g = case.groups[0].id
    return {
        "table": views.table(["a", "b"], [("1", "2")], caption="C"),
        "noted_table": views.noted_table(["a", "b"], [("1", "2"), ("3", "4")], ["", "A note."]),
        "sources_table": views.sources_table(case), "people_table": views.people_table(case),
        "events_table": views.events_table(case), "actors_table": views.actors_table(case),
        "quotes_matching": views.quotes_matching(case, ["ISIS"]), "voices_table": views.voices_table(case),
        "notes_list": views.notes_list(case), "reporting_chains": views.reporting_chains(case),
        "reading_view": views.reading_view(case), "quotes_table": views.quotes_table(case, case.core_source),
        "terms_table": views.terms_table(case), "evidence_html": views.evidence_html(case, case.stances[0].evidence),
        "stances_table": views.stances_table(case), "relations_table": views.relations_table(case),
        "norms_table": views.norms_table(case), "quotes_evidence": views.quotes_evidence(case, [case.quotes[0].id]),
        "key_table": views.key_table(questions.exercise_questions(case, "source-attribution")),
        "renderings_view": views.renderings_view(case, original), "rivals_view": views.rivals_view(case, rival),
        "translation_questions_table": views.translation_questions_table(questions.translation_bank(case)[:5]),
        "groups_table": views.groups_table(case), "party_voice": views.party_voice(case, "russia"),
        "group_voices": views.group_voices(case, g), "relation_grounds_table": views.relation_grounds_table(case),
        "relation_evidence_table": views.relation_evidence_table(case), "triads_view": views.triads_view(case),
        "changes_view": views.changes_view(case), "folded": views.folded(views.events_table(case), "Every event"),
        "headnote": views.headnote(case, case.core_source), "document": views.document(case, case.core_source),
        "figure": views.figure(plot, case=case), "confidence_explained": views.confidence_explained(),
        "documents_table": views.documents_table(case),
        "quotations": views.quotations(case, case.quotes[:5], "Five"),
        "actor_quotations": views.actor_quotations(case, ["turkey"]), "quotes_on": views.quotes_on(case, "2017-09-25"),
        "names_table": views.names_table(case, ["Kirkuk"]), "some_actors": views.some_actors(case, ["turkey", "iran"]),
        "documents_until_view": views.documents_until_view(case, "2017-09-24"),
        "glossary_view": context.glossary_view(case), "outlet_line": context.outlet_line(case, case.core_source),
        "outlets_view": context.outlets_view(case), "background_view": context.background_view(case),
    }


def test_every_view_reads_as_text_with_its_words_and_no_tags(case):
    """Each view's text is its markup read as text: no tag left, every visible word kept, in order;
    it adds only list numbers and the word "folded"."""
    import inspect

    from casekit import context

    shown = _every_view(case)
    for module in (views, context):
        public = {name for name, f in inspect.getmembers(module, inspect.isfunction)
                  if f.__module__ == module.__name__ and not name.startswith("_")
                  and inspect.signature(f).return_annotation in ("HTML", views.HTML)}
        assert public <= set(shown), f"views not checked here: {sorted(public - set(shown))}"
    for name, view in shown.items():
        assert isinstance(view, views.HTML) and repr(view) == view.text, name
        text = view.text
        assert text.strip() and not _TAG.search(text), (name, _TAG.search(text))
        assert not re.search(r"[ \t]$", text, re.M) and "&amp;" not in text and "&quot;" not in text, name
        wanted, words = _visible_words(view), _WORD.findall(text)
        assert _in_order(wanted, words), name
        assert set(words) - set(wanted) <= {"folded"} | {w for w in words if w.isdigit()}, name
    assert shown["figure"].text.startswith("A line rising from left to right.\n\n"
                                           "The figure in words, with every source (folded)\nOne line.\n")
    assert "\nDocument:" not in shown["document"].text and "\n\nWho speaks | " in shown["document"].text


def test_the_text_checks_can_fail(case):
    view = views.stances_table(case)
    assert _TAG.search(str(view)) and not _TAG.search(view.text)  # the markup has tags, its text none
    words = _WORD.findall(view.text)
    assert _in_order(words[:5], words) and not _in_order(words[:5][::-1], words)
    assert not _in_order(_visible_words(views.HTML("<p>a missing word</p>")), ["a", "word"])
