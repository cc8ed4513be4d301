"""The kurdistan-2017 casefile: complete, consistent, neutral."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from casekit.model import POSITIONS, date_key

ROOT = Path(__file__).resolve().parents[1]
LOADED = ["Zionist regime", "Zionists", "world Arrogance", "puppet", "second Israel", "axis of resistance"]


def test_sources_are_the_published_texts_byte_for_byte(case):
    """Every source file is the researched copy, unchanged: its SHA-256 is the one recorded when it was
    copied in (tests/data/kurdistan-2017-sources.sha256), and no source is missing or extra."""
    import hashlib

    manifest = {}
    for line in (ROOT / "tests" / "data" / "kurdistan-2017-sources.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        manifest[name] = digest
    folder = ROOT / "casefiles" / "kurdistan-2017" / "sources"
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.md")}
    assert found == manifest
    assert {s.id + ".md" for s in case.sources} == set(manifest)
    assert case.core_source == "mei-2017-10-iran-defense-minister"
    core = case.source(case.core_source)
    # the source's own typos are kept
    for typo in ("news defense minister", "playing in in the field", "Khameni", "was “the verge of collapse.”"):
        assert typo in core.text


def test_every_source_has_annotations(case):
    for source in case.sources:
        assert case.quotes_in(source.id), source.id


def test_every_person_and_actor_appears(case):
    seen = set()
    for q in case.quotes:
        seen |= {q.speaker, case.speaker_actor(q.speaker), q.issued_by, *q.mentions}
    for e in case.events:
        seen |= set(e.actors) | set(e.people)
    for r in case.relations:
        seen |= {r.actor, r.other}
    missing = {p.id for p in case.people} - seen
    missing |= {a.id for a in case.actors if a.kind not in ("grouping (a term used by Tehran)",)} - seen
    assert not missing
    # the grouping is named through its term
    assert any(t.id == "axis-of-resistance" for t in case.terms)


def test_core_article_analysis_is_the_outlets(case):
    core = case.quotes_in(case.core_source)
    comment = [q for q in core if q.in_analysis and q.kind == "analysis"]
    assert comment and all(q.speaker == "mei" for q in comment)
    # the claims about what Tehran did are the analyst's, not anyone's quote
    texts = " ".join(q.text for q in comment)
    assert "halted all flights" in texts and "helping Baghdad" in texts
    # before "Comment:" the outlet speaks only where it narrates what someone said (and names them)
    assert all(q.speaker == "mei" and q.mentions for q in core if not q.in_analysis and q.kind == "analysis")


def test_every_actor_that_takes_a_position_has_a_stance(case):
    with_stance = {s.actor for s in case.stances}
    # an outlet and a constitution's text are not parties: they take no position; a joint statement's
    # words are evidence of its members' stances, not a position of its own
    positional = {a.id for a in case.actors if a.kind not in ("outlet", "constitution") and not a.members}
    assert positional <= with_stance
    assert {s.position for s in case.stances} <= set(POSITIONS)
    assert all(s.evidence for s in case.stances)


def test_stated_intentions_are_marked(case):
    pledge = next(r for r in case.relations if r.id == "iran-iraq-cooperation-pledge")
    assert pledge.intent and "stated intention" in pledge.summary
    assert any(e.quote == "hatami-expand-cooperation" for e in pledge.evidence)


def test_facts_corrections_and_disputes_are_kept(case):
    by_id = {e.id: e for e in case.events}
    flights = by_id["iran-halts-flights"]
    assert flights.date == "2017-09-24" and flights.status == "corrected"
    habur = by_id["habur-not-closed"]
    assert habur.status == "corrected" and "not closed" in habur.title
    assert by_id["iran-border-crossings-disputed"].status == "disputed"
    assert by_id["habur-handed-to-baghdad"].status == "disputed"


def test_timeline_spans_the_period_with_sources(case):
    dates = [e.date for e in case.events]
    assert dates == sorted(dates, key=date_key)
    assert dates[0] == "2017-06-07" and dates[-1] == "2018-06-06"  # the aftermath runs to mid-2018
    assert all(e.source or e.citation.startswith("FACTS.md") for e in case.events)


def test_people_titles_carry_their_source(case):
    assert case.person("hatami").title == "Iran's Minister of Defence and Armed Forces Logistics"
    assert case.person("bagheri").title == "Chief of Staff of Iran's Armed Forces"
    assert all(p.title_source for p in case.people)


def test_loaded_terms_are_attributed_not_adopted(case):
    """In the casefile's own prose, a loaded term only appears inside quotation marks."""
    data = yaml.safe_load((ROOT / "casefiles" / "kurdistan-2017" / "case.yaml").read_text(encoding="utf-8"))
    own_text = []
    for section in ("stances", "relations", "events", "notes", "terms", "actors", "people", "open_questions"):
        for item in data.get(section) or []:
            for key in ("summary", "title", "text", "gloss", "note", "description", "prompt"):
                if section == "terms" and key == "text":
                    continue  # the term itself, attributed by its quote
                if isinstance(item.get(key), str):
                    own_text.append((section, item.get("id"), item[key]))
    own_text.append(("case", "summary", data["summary"]))
    unquoted = re.compile(r"“[^”]*”|\"[^\"]*\"")
    for section, ident, text in own_text:
        bare = unquoted.sub("", text)
        for term in LOADED:
            assert term.lower() not in bare.lower(), f"{section}[{ident}] uses {term!r} outside quotation marks"
    # an outlet adopts words only in its own voice (its analysis), never inside a speaker's quotation
    assert all(t.adopted_by_outlet == (case.quote(t.quote).kind == "analysis") for t in case.terms)
    assert any(t.adopted_by_outlet for t in case.terms) and any(not t.adopted_by_outlet for t in case.terms)


def test_terms_are_in_their_quotes(case):
    for term in case.terms:
        assert term.text in case.quote(term.quote).text


def test_every_actor_a_student_looks_up_is_described_with_its_source(case):
    """An actor's description is shown where a student looks the actor up: none is empty, and each
    names where it comes from: source ids of the case (their front matter) or the fact sheet."""
    source_ids = {s.id for s in case.sources}
    for actor in case.actors:
        assert actor.description.strip(), f"{actor.id}: no description"
        cited = [part.strip().split(" ")[0] for part in actor.source.split(";") if part.strip()]
        assert cited, f"{actor.id}: no source for its description"
        for ref in cited:
            assert ref in source_ids or ref.rstrip(",") == "FACTS.md", f"{actor.id}: {ref!r} is not a source of the case"
