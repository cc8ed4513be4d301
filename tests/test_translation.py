"""Renderings of a passage, the word comparison, attribution of translated words, the translation
questions and the side-by-side view: on a small made-up case, then on the real casefile."""
from __future__ import annotations

from dataclasses import replace

import pytest

import casekit
from casekit import questions as qs
from casekit import translation as t
from casekit import views
from casekit.model import Actor, Case, Person, Quote, Source
from casekit.questions import feedback

# --- a small made-up case: one Arabic original, four renderings -----------------------------------

ORIGINAL = "جملة أولى.\n\nجملة ثانية.\n\nجملة ثالثة."
TEXTS = {
    "news-a": "We support a united country and reject division.\n\nThe second sentence in A.",
    "news-b": "We back a unified country and reject division.\n\nThe second sentence in B, longer.",
    "news-c": "We support a united country and refuse any division.",
    "news-d": "We back a unified country and reject division!",  # same words as news-b
    "office": "We stand for a united country and reject division.",
}
TRANSLATORS = {"news-a": "Agency A", "news-b": "Wire B (probably AFP)", "news-c": "Paper C",
               "news-d": "Reuters", "office": "Ministry of Foreign Affairs of Examplia"}


def _source(id, text, **kw):
    base = dict(id=id, title=f"Title {id}", outlet=kw.pop("outlet", f"Outlet {id}"), url="http://example.org",
                kind=kw.pop("kind", "news report"), published="2017-09-24", author="The minister", rights="quoted",
                notes="", text=text)
    base.update(kw)
    return Source(**base)


def _quote(id, source, text, sources, **kw):
    return Quote(id=id, source=source, text=text, speaker=kw.pop("speaker", "minister"), presentation="none", genre="statement", cue=None,
                 date="2017-09-24", start=sources[source].text.index(text), **kw)


def make_case(c_grade="C", disputed_b="", extra_quotes=()):
    sources = {"orig": _source("orig", ORIGINAL, outlet="Ministry of Foreign Affairs of Examplia, as reprinted by X",
                               kind="official statement (Arabic original)", language="Arabic", lang="ar",
                               confidence="B")}
    for sid, text in TEXTS.items():
        sources[sid] = _source(sid, text, translation_of="orig", translated_by=TRANSLATORS[sid],
                               confidence=c_grade if sid == "news-c" else "B",
                               doubt="One copy only." if sid == "news-c" and c_grade == "C" else "",
                               outlet=("Ministry of Foreign Affairs of Examplia, English page" if sid == "office"
                                       else f"Outlet {sid}"))
    quotes = [
        _quote("o1", "orig", "جملة أولى.", sources),
        _quote("o2", "orig", "جملة ثانية.", sources),
        _quote("o3", "orig", "جملة ثالثة.", sources),  # no rendering
        _quote("a1", "news-a", TEXTS["news-a"].split("\n")[0], sources, renders="o1"),
        _quote("a2", "news-a", "The second sentence in A.", sources, renders="o2"),
        _quote("b1", "news-b", TEXTS["news-b"].split("\n")[0], sources, renders="o1", disputed=disputed_b),
        _quote("b2", "news-b", "The second sentence in B, longer.", sources, renders="o2"),
        _quote("c1", "news-c", TEXTS["news-c"], sources, renders="o1"),
        _quote("d1", "news-d", TEXTS["news-d"], sources, renders="o1"),
        _quote("f1", "office", TEXTS["office"], sources, renders="o1"),
        *extra_quotes,
    ]
    return Case(id="test", title="Test", summary="", path="", sources=tuple(sources.values()),
                actors=(Actor("examplia", "Examplia", "state"),),
                people=(Person("minister", "Jane Minister", "Minister of Foreign Affairs", "examplia", "orig"),),
                quotes=tuple(quotes), stances=(), relations=(), events=())


@pytest.fixture
def case():
    return make_case()


@pytest.fixture(scope="module")
def real():
    return casekit.load_case("kurdistan-2017")


# --- grouping ---------------------------------------------------------------------------------------


def test_passages_group_renderings_under_their_original(case):
    ps = t.passages(case, "orig")
    assert [p.original.id for p in ps] == ["o1", "o2"]  # o3 has no rendering: left out
    assert [r.id for r in ps[0].renderings] == ["a1", "b1", "c1", "d1", "f1"]
    assert ps[1].outlets == ("news-a", "news-b")
    assert [s.id for s in t.renderings_of(case, "orig")] == ["news-a", "news-b", "news-c", "news-d", "office"]
    assert [s.id for s in t.originals(case)] == ["orig"]
    assert t.passage_of(case, "b2").original.id == "o2"


# --- word comparison ----------------------------------------------------------------------------------


def test_compare_finds_added_dropped_and_changed_words():
    cmp = t.compare("We support a united Iraq, firmly.", "We back a united Iraq today")
    assert [(c.op, c.a, c.b) for c in cmp.changes] == [("change", "support", "back"), ("change", "firmly", "today")]
    cmp = t.compare("one two three", "one two three four")
    assert [(c.op, c.a, c.b) for c in cmp.changes] == [("add", "", "four")]
    cmp = t.compare("one two three four", "one four")
    assert [(c.op, c.a, c.b) for c in cmp.changes] == [("drop", "two three", "")]
    assert cmp.describe("A", "B") == "B leaves out “two three”."


def test_compare_ignores_case_punctuation_apostrophes_and_hyphens_but_keeps_spans_verbatim():
    assert t.same_words("Iraq’s unity, co-existence!", "iraq's unity coexistence")
    assert not t.same_words("a b", "a c")
    cmp = t.compare("the state, of Iraq", "the unified, whole state of Iraq")
    assert cmp.changes[0].b == "unified, whole"  # verbatim span, punctuation kept
    assert cmp.shared[0] == "the"
    assert t.contains_words("He said: We reject it, firmly.", "we reject it")
    assert not t.contains_words("We reject it", "reject we")


# --- attribution --------------------------------------------------------------------------------------


def test_attribution_names_speaker_and_translator(case):
    assert t.attribution(case, case.quote("a1")) == "Jane Minister, in Agency A's English rendering"
    assert (t.attribution(case, case.quote("b1"))
            == "Jane Minister, in Wire B's English rendering (probably AFP)")
    assert t.attribution(case, case.quote("d1")) == "Jane Minister, in Reuters' English rendering"
    assert t.attribution(case, case.quote("o1")) == "Jane Minister"  # not a rendering, not a translation
    reported = replace(case, sources=tuple(replace(s, kind="news report (English translation)") if s.id == "orig"
                                           else s for s in case.sources))
    assert (t.attribution(reported, reported.quote("o1"))
            == "Jane Minister, in English translation (as published in: Ministry of Foreign Affairs of Examplia, "
               "as reprinted by X)")
    assert "published by the office that issued the original" in t.attribution(case, case.quote("f1"))


def test_own_english_only_for_the_issuing_office_on_its_own_pages(case):
    assert t.own_english(case, case.source("office"))
    assert not t.own_english(case, case.source("news-a"))
    assert not t.own_english(case, case.source("orig"))
    # the same publisher, but the original is a news report, not an official statement: not own English
    other = make_case()
    sources = tuple(s if s.id != "orig" else _source("orig", ORIGINAL, outlet=s.outlet, kind="news report")
                    for s in other.sources)
    changed = replace(other, sources=sources)
    assert not t.own_english(changed, changed.source("office"))


# --- questions ----------------------------------------------------------------------------------------


def test_which_outlet_key_is_the_rendering_source(case):
    q = qs.which_outlet(case, "a1")
    assert q.answer == "news-a" and q.kind == "which_outlet"
    assert {c.value for c in q.choices} == {"news-a", "news-b", "news-c", "news-d", "office"}
    assert q.is_correct("news-a") and not q.is_correct("news-b")
    fb = feedback(q, "news-a", 1)
    from casekit.prose import document_name

    assert fb.correct and f"source: {document_name(case.source('news-a'))}" in fb.text and "source: news-a" not in fb.text and "“We support a united country and reject division.”" in fb.text


def test_no_which_outlet_question_on_words_two_outlets_render_identically(case):
    assert qs.which_outlet(case, "b1") is None  # news-d has the same words
    assert qs.which_outlet(case, "d1") is None


def test_which_outlet_refuses_grade_c_disputed_and_too_few_outlets():
    assert qs.which_outlet(make_case(), "c1") is None  # grade C
    assert qs.which_outlet(make_case(c_grade="B"), "c1") is not None
    assert qs.which_outlet(make_case(disputed_b="His office said he was misquoted."), "b1") is None
    assert qs.which_outlet(make_case(), "a2") is None  # only two outlets rendered o2
    assert qs.which_outlet(make_case(), "o1") is None  # not a rendering


def test_which_outlet_refuses_words_another_outlet_printed_within_its_own():
    case = make_case()
    sources = tuple(s if s.id != "news-b" else replace(s, text=s.text + "\n\nWe support a united country")
                    for s in case.sources)
    changed = replace(case, sources=sources)
    q = qs.which_outlet(changed, "f1")  # f1's words are not in news-b: still asked
    assert q is not None
    quotes = case.quotes + (Quote("a3", "news-a", "We support a united country", "minister", "none", "statement", None,
                                  "2017-09-24", 0, renders="o1"),)
    changed = replace(changed, quotes=quotes)
    assert qs.which_outlet(changed, "a3") is None  # news-b's text has the same words


def test_what_differs_key_is_computed_from_the_comparison(case):
    q = qs.what_differs(case, "a1", "f1")
    assert q is not None and q.kind == "what_differs"
    assert q.label_of(q.answer) == "“stand for”"
    a_text = case.quote("a1").text.lower()
    wrong = [c.label.strip("“”") for c in q.choices if c.value != q.answer]
    assert len(wrong) >= 2 and all(w.lower() in a_text for w in wrong)  # every wrong option is in A
    assert "stand for" not in a_text
    from casekit.prose import document_name

    assert "“support”" in q.explanation and f"source: {document_name(case.source('office'))}" in q.explanation


def test_what_differs_none_for_same_words_grade_c_or_other_passage(case):
    assert qs.what_differs(case, "b1", "d1") is None  # the same words
    assert qs.what_differs(case, "a1", "c1") is None  # c is grade C
    assert qs.what_differs(case, "a1", "b2") is None  # different passages
    assert qs.what_differs(make_case(disputed_b="Disputed."), "a1", "b1") is None


def test_quotable_as_own_english(case):
    no = qs.quotable_as_own(case, "a1")
    assert no.answer == "no" and "Agency A" in no.explanation and "translator's words" in no.explanation
    yes = qs.quotable_as_own(case, "f1")
    assert yes.answer == "yes" and "Ministry of Foreign Affairs of Examplia" in yes.explanation
    from casekit.prose import document_name

    assert all(f"source: {document_name(case.source(i))}" in yes.explanation for i in ("office", "orig"))
    assert qs.quotable_as_own(case, "o1") is None  # not a rendering
    assert qs.quotable_as_own(case, "c1") is None  # grade C
    assert qs.quotable_as_own(make_case(disputed_b="Disputed."), "b1") is None


def test_bank_keys_never_rest_on_grade_c_or_disputed(case):
    bank = qs.translation_bank(case)
    kinds = {q.kind for q in bank}
    assert kinds == {"which_outlet", "what_differs", "own_english"}
    assert len({q.id for q in bank}) == len(bank)
    for q in bank:
        if q.kind in ("which_outlet", "own_english"):
            assert case.source(q.source).confidence != "C"


# --- on the real casefile ------------------------------------------------------------------------------


def test_real_case_identical_renderings_yield_no_which_outlet(real):
    a, b = real.quote("tr-nsc-en-nn-directly-threatens"), real.quote("tr-nsc-en-sol-directly-threatens")
    assert t.same_words(a.text, b.text)
    assert qs.which_outlet(real, a.id) is None and qs.which_outlet(real, b.id) is None


def test_real_case_bank(real):
    bank = qs.translation_bank(real)
    assert {q.kind for q in bank} == {"which_outlet", "what_differs", "own_english"}
    for q in bank:
        source = real.source(q.source)
        assert source.confidence != "C", q.id
        if q.kind == "what_differs":
            a_id, b_id = q.id.split("/", 1)[1].split("--")
            assert real.source(real.quote(a_id).source).confidence != "C"
            assert not real.quote(a_id).disputed and not real.quote(b_id).disputed
        if q.kind == "which_outlet":
            assert q.answer == real.quote(q.id.split("/", 1)[1]).source
    own = {q.source: q.answer for q in bank if q.kind == "own_english"}
    assert own.get("germany-aa-2017-09-26--en-auswaertiges-amt") == "yes"
    assert {v for k, v in own.items() if k != "germany-aa-2017-09-26--en-auswaertiges-amt"} == {"no"}


def test_real_case_rivals_in_notes(real):
    rivals = t.rivals_in_notes(real, "il-pmo-0912-kurdish-state")
    assert len(rivals) == 2
    for r in rivals:
        assert r.text in real.quote("il-pmo-0912-kurdish-state").note.replace("\n", " ") or r.text in " ".join(
            real.quote("il-pmo-0912-kurdish-state").note.split())
        assert r.context.endswith(f'"{r.text}"')


# --- views ----------------------------------------------------------------------------------------------


def test_renderings_view_carries_lang_dir_and_marks_differences_in_words(case):
    v = views.renderings_view(case, "orig")
    assert 'lang="ar" dir="rtl"' in v
    assert "<ins" in v and "[+</span>" in v  # a marker in words, not colour alone
    assert "“We [+back] a [+unified] country and reject division.”" in v.text
    assert "Jane Minister, in Agency A&#x27;s English rendering" in v  # the attribution line, in the markup
    assert "Jane Minister, in Agency A's English rendering" in v.text
    assert "no rendering of this passage is held here" in v
    assert "One copy only." in v  # grade C doubt beside the column
    assert "In words:" in v.text


def test_renderings_view_refuses_a_source_without_renderings(case):
    with pytest.raises(ValueError, match="no published rendering"):
        views.renderings_view(case, "news-a")


def test_real_renderings_views(real):
    syria = views.renderings_view(real, "syria-mfa-2017-09-24")
    assert 'lang="ar" dir="rtl"' in syria and "[+measure]" in syria.text
    russia = views.renderings_view(real, "russia-mfa-2017-09-27")
    assert 'lang="ru" dir="ltr"' in russia and "Russia, in TASS's English rendering" in russia.text
    erdogan = real.quote("tr-erdogan-unga-abort")
    assert t.attribution(real, erdogan).startswith("Recep Tayyip Erdogan, in English translation (as published in: ")
    rivals = views.rivals_view(real, "tr-erdogan-unga-abort")
    assert "[+" in rivals.text and "Reuters and TRT World" in rivals.text


def test_attribution_of_a_rendering_whose_original_is_not_held(case):
    held_not = replace(case, sources=tuple(
        replace(s, translation_of="", original_note="the minister's remarks (original not stored)")
        if s.id == case.quote("a1").source else s for s in case.sources))
    assert t.attribution(held_not, held_not.quote("a1")) == "Jane Minister, in Agency A's English rendering"
