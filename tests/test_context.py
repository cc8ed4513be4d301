"""Context for students: outlet profiles, the glossary and the background narrative, read from the
casefile, checked by the loader and shown without the instructor's notes."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from casekit import context, load_case, model
from casekit.casefile import CasefileError

# what a student field must never carry: file names, a researcher's asides, markdown, addresses,
# the abbreviations of the working notes
WORKING = re.compile(r"\.md\b|\bFACTS\b|\bCHECK\b|\bresearch|\bround ?\d|\*\*|https?://|\bWP\b|\bSMM\b|\bMOM\b|"
                     r"\bour reading\b|Careful:|\bseed article\b|\bI (could|did|found)\b|\bstored\b")
OUTLET_STUDENT = ("name", "also", "section", "owner", "affiliation", "grade_note", "sources")
TERM_STUDENT = ("term", "expansion", "definition", "grade_note", "sources")


def _values(entry, fields):
    for f in fields:
        value = getattr(entry, f)
        yield from (value if isinstance(value, tuple) else (value,))


# --- the real case ---------------------------------------------------------------------------

def test_the_case_has_its_profiles_terms_and_background(case):
    assert len(case.outlets) == 58 and len(case.glossary) == 23
    assert len({o.id for o in case.outlets}) == 58
    assert {o.confidence for o in case.outlets} <= set(model.OUTLET_GRADES)
    assert case.background and all(s.sources for s in case.background)


@pytest.mark.parametrize("kind", ["outlets", "glossary"])
def test_student_fields_carry_no_working_notes(case, kind):
    fields = OUTLET_STUDENT if kind == "outlets" else TERM_STUDENT
    for entry in getattr(case, kind):
        for value in _values(entry, fields):
            found = WORKING.search(value)
            assert not found, f"{kind}[{entry.id}]: {found.group(0)!r} in {value[:80]!r}"
            assert value.count("“") == value.count("”"), f"{kind}[{entry.id}]: unbalanced quotation marks"


def test_every_graded_entry_names_its_sources_and_keeps_its_check(case):
    for o in case.outlets:
        assert o.sources or o.confidence == "none", o.id
        assert o.editor_note.startswith("Independent check:"), o.id
    for t in case.glossary:
        assert t.sources and t.editor_note, t.id


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_covers_names_only_sources_that_name_the_outlet(case):
    """An outlet profile covers a source only where the source's front matter names that outlet."""
    for o in case.outlets:
        names = [_norm(n) for n in re.split(r"\s*/\s*", re.sub(r"\s*\(.*?\)", "", o.name)) if len(_norm(n)) >= 2]
        for sid in o.covers:
            s = case.source(sid)
            where = _norm(f"{s.outlet} {s.translated_by}")
            assert any(n in where for n in names), f"{o.id} covers {sid}, whose front matter does not name it"


def test_profiled_and_unprofiled_sources_partition_the_case(case):
    unprofiled = set(context.unprofiled_sources(case))
    covered = {s for o in case.outlets for s in o.covers}
    assert unprofiled | covered == {s.id for s in case.sources} and not unprofiled & covered
    assert "us-state-2017-09-20" in unprofiled  # an official publisher: not profiled
    assert context.outlets_for(case, "krg-barzani-2017-09-22--en-rudaw")[0].id == "rudaw"


def test_a_glossary_entry_carries_no_answer_key():
    names = {f.name for f in dataclasses.fields(model.GlossaryTerm)}
    assert not names & {"answer", "key", "correct", "solution", "verified"}


# --- views -----------------------------------------------------------------------------------

def test_glossary_view_is_a_readable_table_without_the_check(case):
    view = context.glossary_view(case)
    assert view.count("<th scope=\"col\"") == 3 and "text-align:left" in view
    assert view.count("<details>") == 23 and "<details open" not in view  # folded
    for t in case.glossary:
        assert t.term in view.text
        assert t.editor_note[:60] not in view and all(link not in view for link in t.links)
    assert '<bdi dir="rtl">' in view  # the Arabic of the Presidency law, isolated


def test_glossary_view_shows_the_terms_asked_for_in_order(case):
    view = context.glossary_view(case, ["kirkuk", "Article 140"])
    lines = view.text.splitlines()  # caption, header, a row a term
    assert len(lines) == 4 and lines[1].startswith("Term | ")
    assert lines[2].startswith("Kirkuk | ") and lines[3].startswith("Article 140")
    with pytest.raises(ValueError, match="did you mean 'kirkuk'"):
        context.glossary_view(case, ["kirkukk"])


def test_outlet_line_names_who_is_behind_the_publisher(case):
    line = context.outlet_line(case, "krg-barzani-2017-09-22--en-rudaw")
    assert line.text.startswith("Rendering published by Rudaw:")  # a rendering: its publisher
    assert "Confidence: B" in line.text and "Wikipedia" in line.text
    assert line.count("“") == line.count("”")  # never cut inside a quotation
    official = context.outlet_line(case, "us-state-2017-09-20")
    assert official.text.startswith("Published by US Department of State") and "no profile" in official.text
    two = context.outlet_line(case, "iraq-parliament-2017-09-27")
    assert all(n in two.text for n in ("The New Arab:", "Reuters:", "Yahoo News:"))
    with pytest.raises(KeyError):
        context.outlet_line(case, "no-such-source")


def test_outlets_view_is_a_reference_table_without_the_check(case):
    view = context.outlets_view(case)
    assert view.count("<tr>") == 1 + 58 and view.count("<th scope=\"col\"") == 3
    for o in case.outlets:
        assert o.editor_note[:60] not in view and all(link not in view for link in o.links)
    turkish = context.outlets_view(case, "Turkish")
    assert "Daily Sabah" in turkish.text and "TASS" not in turkish.text
    with pytest.raises(ValueError, match="sections:"):
        context.outlets_view(case, "Martian")


def test_background_cites_every_sentence_and_stays_short(case):
    view = context.background_view(case)
    body, notes = view.text.split("\n\nSources\n")
    sentences = re.findall(r"[^[\]]+?\[(\d+(?:,\d+)*)\]", body)
    assert len(sentences) == len(case.background)
    words = len(re.sub(r"\[[\d,]+\]", "", body).split())
    assert 200 <= words <= 300, words
    numbered = {}  # each note names its document by title, publisher and date (no internal id)
    for n, line in re.findall(r"^(\d+)\. (.*)$", notes, re.M):
        named = [s.id for s in case.sources if line.startswith(f"{s.title} (")]
        assert len(named) == 1, line
        numbered[n] = named[0]
    assert not re.search(r"source id|\b[a-z0-9]+-\d{4}-\d{2}", notes), notes
    for s in case.background:  # every quotation verbatim in one of its sources
        for quoted in re.findall(r"“([^”]+)”", s.text):
            assert any(quoted in case.source(i).text for i in s.sources), quoted
    assert set(numbered.values()) == {i for s in case.background for i in s.sources}


# --- the loader's checks -----------------------------------------------------------------------

def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


OUTLET = """- id: test-outlet
  name: Test outlet
  section: Tests
  owner: "{owner}"
  confidence: B
  sources: [a test page]
  covers: [{covers}]
  editor_note: "Independent check: fine."
"""


def test_a_casefile_without_context_files_has_none(minimal):
    case = load_case(minimal)
    assert case.outlets == () and case.glossary == () and case.background == ()
    assert "no glossary" in context.glossary_view(case).text


def test_profiles_load_and_cover_sources(minimal):
    _write(minimal, "outlets.yaml", OUTLET.format(owner="A page: “owned by tests”.", covers="demo-2017-10-01"))
    case = load_case(minimal)
    assert case.outlets[0].covers == ("demo-2017-10-01",)
    assert context.outlet_line(case, "demo-2017-10-01").text.startswith("Published by Test outlet: A page:")


@pytest.mark.parametrize("owner, covers, message", [
    ("FACTS.md says so.", "demo-2017-10-01", "outlets.yaml:4: outlets[test-outlet].owner: 'FACTS.md' is a working note"),
    ("Careful: owned by tests.", "demo-2017-10-01", "'Careful:' is a working note"),
    ("A page: “owned by tests.", "demo-2017-10-01", "unbalanced quotation marks"),
    ("A page.", "demo-2017-10-0", "outlets.yaml:7: outlets[test-outlet].covers: unknown source 'demo-2017-10-0'; did you mean"),
])
def test_the_loader_refuses_bad_profiles_with_file_line_and_field(minimal, owner, covers, message):
    _write(minimal, "outlets.yaml", OUTLET.format(owner=owner, covers=covers))
    with pytest.raises(CasefileError) as err:
        load_case(minimal)
    assert message in str(err.value)


def test_the_loader_refuses_a_file_that_is_no_list_and_a_term_without_sources(minimal):
    _write(minimal, "outlets.yaml", "id: x\n")
    _write(minimal, "glossary.yaml", "- id: t\n  term: T\n  definition: D.\n  sources: []\n  confidence: A\n")
    with pytest.raises(CasefileError) as err:
        load_case(minimal)
    text = str(err.value)
    assert "outlets.yaml:1: outlets.yaml: expected a list of entries" in text
    assert "glossary.yaml:4: glossary[t].sources: a definition names its sources" in text


def test_background_quotations_must_be_verbatim_in_their_sources(minimal):
    _write(minimal, "background.yaml", "- text: \"The minister said “We will not allow it.”\"\n  sources: [demo-2017-10-01]\n")
    assert load_case(minimal).background[0].sources == ("demo-2017-10-01",)
    _write(minimal, "background.yaml", "- text: \"The minister said “We will allow it.”\"\n  sources: [demo-2017-10-01]\n")
    with pytest.raises(CasefileError, match=r"background.yaml:1: background\[0\].text: “We will allow it.” is not verbatim"):
        load_case(minimal)
    _write(minimal, "background.yaml", "- text: A sentence.\n  sources: []\n")
    with pytest.raises(CasefileError, match="names the sources that state it"):
        load_case(minimal)


@pytest.mark.parametrize("name", ["outlets", "glossary", "background"])
def test_the_json_schema_of_each_list_file_accepts_the_case_and_refuses_an_unknown_field(name):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from casekit.schema import json_schema

    schema = json_schema(name)
    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "casefiles" / "kurdistan-2017" / f"{name}.yaml")
                          .read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data[0]["answer"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
