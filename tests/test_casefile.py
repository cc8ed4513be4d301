"""Loading and validating casefiles: records, verbatim spans, and one clear error per mistake."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from casekit import CasefileError, load_case
from casekit.casefile import closest_passage, validate
from casekit.cli import main

BROKEN = Path(__file__).parent / "casefiles" / "broken"
BROKEN_CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def test_minimal_loads_into_frozen_records(minimal):
    case = load_case(minimal)
    assert case.id == "demo"
    assert [q.id for q in case.quotes_in("demo-2017-10-01")] == [
        "minister-will-not-allow", "officials-mistake", "outlet-means-it"]
    quote = case.quote("minister-will-not-allow")
    assert case.source(quote.source).text[quote.start:quote.end] == "We will not allow it."
    with pytest.raises(dataclasses.FrozenInstanceError):
        quote.text = "changed"
    assert case.quote("outlet-means-it").in_analysis
    assert not quote.in_analysis


def test_occurrence_picks_the_asked_span(minimal):
    case = load_case(minimal)
    text = case.source("demo-2017-10-01").text
    first = text.index("a mistake")
    assert case.quote("officials-mistake").start == first
    ann = minimal / "annotations" / "demo-2017-10-01.yaml"
    ann.write_text(ann.read_text().replace("occurrence: 1", "occurrence: 2"))
    assert load_case(minimal).quote("officials-mistake").start == text.index("a mistake", first + 1)


def test_evidence_resolves_quotes_spans_and_events(minimal):
    relation = load_case(minimal).relations[0]
    kinds = [(e.quote, e.event, e.text) for e in relation.evidence]
    assert kinds == [("minister-will-not-allow", "", "We will not allow it."),
                     ("", "", "the the minister repeated"),
                     ("", "vote-held", "State B held a vote.")]


@pytest.mark.parametrize("name", BROKEN_CASES)
def test_each_broken_casefile_gets_its_error(name):
    folder = BROKEN / name
    exp_file, exp_line, exp_field, exp_message = (folder / "EXPECTED").read_text(encoding="utf-8").splitlines()
    with pytest.raises(CasefileError) as info:
        load_case(folder)
    problems = info.value.problems
    matching = [p for p in problems if Path(p.file).as_posix().endswith(exp_file)
                and p.line == int(exp_line) and p.field == exp_field]
    assert matching, f"expected {exp_file}:{exp_line}: {exp_field}, got:\n{info.value}"
    assert exp_message in matching[0].message
    # each message is one line: file:line: field: message
    for line in str(info.value).splitlines():
        assert line.count(":") >= 3 and "Traceback" not in line


@pytest.mark.parametrize("name", BROKEN_CASES)
def test_cli_reports_broken_casefile_without_traceback(name, capsys):
    code = main(["validate", str(BROKEN / name)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    exp_line = (BROKEN / name / "EXPECTED").read_text(encoding="utf-8").splitlines()[1]
    assert f":{exp_line}: " in err


def test_every_kind_of_problem_has_a_broken_casefile():
    assert {"yaml-syntax", "missing-field", "unknown-field", "wrong-type", "duplicate-id",
            "unknown-actor", "unknown-speaker", "unknown-source", "unknown-quote", "not-verbatim",
            "ambiguous-span", "bad-date", "source-missing-rights", "straight-quotes",
            "typo-corrected"} <= set(BROKEN_CASES)


def test_all_problems_are_reported_at_once(minimal):
    ann = minimal / "annotations" / "demo-2017-10-01.yaml"
    ann.write_text(ann.read_text().replace("presentation: direct", "presentation: quoted").replace("date: 2017-10-02", "date: 02/10/2017", 1))
    case_yaml = minimal / "case.yaml"
    case_yaml.write_text(case_yaml.read_text().replace("position: oppose", "position: against"))
    with pytest.raises(CasefileError) as info:
        load_case(minimal)
    fields = {p.field for p in info.value.problems}
    assert {"quotes[minister-will-not-allow].presentation", "quotes[minister-will-not-allow].date",
            "stances[state-a-opposes].position"} <= fields


def test_cue_must_be_in_the_quotes_paragraph(minimal):
    ann = minimal / "annotations" / "demo-2017-10-01.yaml"
    ann.write_text(ann.read_text().replace("cue: The minister said on Monday", "cue: The outlet thinks"))
    with pytest.raises(CasefileError, match="not in the quote's paragraph"):
        load_case(minimal)


def test_undated_quote_needs_a_reason(minimal):
    ann = minimal / "annotations" / "demo-2017-10-01.yaml"
    ann.write_text(ann.read_text().replace("    date_note: The demo source gives no date for its comment.\n", ""))
    with pytest.raises(CasefileError, match="say why in date_note"):
        load_case(minimal)


def test_source_must_be_utf8(minimal):
    (minimal / "sources" / "demo-2017-10-01.md").write_bytes(b"---\nid: x\n---\n\xff\xfe bad")
    with pytest.raises(CasefileError, match="not UTF-8"):
        load_case(minimal)


def test_missing_folder_and_case_yaml(tmp_path):
    with pytest.raises(CasefileError, match="no casefile folder"):
        load_case(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CasefileError, match="needs case.yaml"):
        load_case(tmp_path / "empty")


def test_load_case_by_id_from_a_subfolder(monkeypatch):
    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root / "notebooks")
    assert load_case("kurdistan-2017").id == "kurdistan-2017"


def test_reload_sees_edits(minimal):
    first = load_case(minimal)
    case_yaml = minimal / "case.yaml"
    case_yaml.write_text(case_yaml.read_text().replace("title: A demonstration case", "title: Edited title"))
    assert load_case(minimal).title == "Edited title" != first.title


def test_closest_passage_finds_near_miss():
    text = "Brigadier General Amir Hatami said on Tuesday that it was fine."
    assert closest_passage(text, "Hatami said on Monday") == "Hatami said on Tuesday"


def test_validate_walks_a_folder_of_cases(tmp_path, minimal):
    results = validate(minimal.parent)
    assert [(f.name, c is not None, p) for f, c, p in results] == [("demo", True, [])]


def test_cli_validate_summary(capsys):
    root = Path(__file__).resolve().parents[1]
    assert main(["validate", str(root / "casefiles")]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    case = load_case(root / "casefiles" / "kurdistan-2017")
    folders = sorted((root / "casefiles").glob("*/case.yaml"))  # one line per case (a second case may be added)
    assert out.count("\n") == len(folders) and out.count(": ok: ") == len(folders)
    assert f"kurdistan-2017: ok: {len(case.sources)} sources, {len(case.quotes)} quotes, " in out


def test_cli_validate_missing_path(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


# --- the casefile conventions for partial dates, notes, confidence, languages, renderings, ... ----

FEATURES = Path(__file__).parent / "casefiles" / "features"


@pytest.fixture
def features(tmp_path):
    """A writable copy of the casefile that uses every optional field."""
    import shutil

    target = tmp_path / "features"
    shutil.copytree(FEATURES, target)
    return target


def test_features_casefile_loads_every_new_field():
    case = load_case(FEATURES)
    # month-only dates on quotes, stances, relations and events, kept as written
    assert case.quote("ar-will-not-allow").date == "2017-09"
    stance = next(s for s in case.stances if s.id == "outlet-unclear")
    assert (stance.position, stance.date, stance.note) == (
        "unclear", "2017-10", "Its comment is about the minister, not the vote.")
    relation = next(r for r in case.relations if r.id == "a-warns-b")
    assert (relation.date, relation.note) == ("2017-09", "Only the month of the statement is known.")
    assert case.relations[0].note == "Rests on the minister's words as the source gives them."
    # events sort by date, a month after its days and before the next month
    assert [e.id for e in case.events] == ["statement-issued", "vote-held"]
    # confidence, doubt and language of a source come from its annotation file
    ar, en = case.source("demo-ar-2017-09"), case.source("demo-en-2017-09")
    assert (ar.confidence, ar.doubt, ar.lang, ar.dir) == ("B", "", "ar", "rtl")
    assert (en.confidence, en.doubt, en.lang, en.dir) == (
        "C", "The rendering does not say who translated it.", "", "ltr")
    assert case.source("demo-2017-10-01").confidence == ""
    # a rendering names its original; its quote names the original's quote
    assert (en.translation_of, en.translated_by) == ("demo-ar-2017-09", "Test outlet")
    assert case.quote("en-will-not-allow").renders == "ar-will-not-allow"
    # a headline quote is in the title, at offset -1, and can be evidence
    headline = case.quote("en-headline")
    assert headline.headline and headline.start == -1 and headline.text in en.title
    assert en.sentence_at(headline.start, headline.end) == en.title
    assert relation.evidence[1].quote == "en-headline"
    assert "headline of demo-en-2017-09" in case.describe_evidence(relation.evidence[1])
    # a disputed attribution, and an unnamed speaker
    assert case.quote("spokesperson-closed").disputed.startswith("His office later said")
    assert case.person("spokesperson").unnamed and not case.person("minister").unnamed
    # several reporting chains; reporting_chain is the first one's steps
    assert [c.id for c in case.reporting_chains] == ["minister-to-reader", "outlet-comment"]
    assert case.reporting_chain == ("The minister speaks.", "The outlet renders his words in English.")


def test_single_reporting_chain_still_works():
    case = load_case(Path(__file__).resolve().parents[1] / "casefiles" / "kurdistan-2017")
    assert len(case.reporting_chain) > 1
    assert [c.steps for c in case.reporting_chains] == [case.reporting_chain]


def test_every_new_rule_has_a_broken_casefile():
    assert {"bad-month", "unknown-position", "note-not-text", "bad-confidence", "doubt-missing", "bad-lang",
            "renders-other-source", "renders-unknown-quote", "renders-without-original",
            "translation-of-unknown", "translator-missing", "headline-not-in-title", "unnamed-not-bool",
            "disputed-empty", "chain-without-steps"} <= set(BROKEN_CASES)


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.iterdir()
                                        if p.is_dir() and (p / "sources" / "demo-en-2017-09.md").exists()))
def test_new_rules_give_exactly_one_problem(name):
    """A mistake in a new field is one line, with no echo where the broken record is used."""
    with pytest.raises(CasefileError) as info:
        load_case(BROKEN / name)
    assert len(info.value.problems) == 1, str(info.value)


@pytest.mark.parametrize("bad", ["2017-00", "2017-13", "2017-9", "2017-09-31", "Sept 2017", "2017"])
def test_partial_dates_are_validated(features, bad):
    case_yaml = features / "case.yaml"
    case_yaml.write_text(case_yaml.read_text().replace("    date: 2017-10\n", f"    date: '{bad}'\n"))
    with pytest.raises(CasefileError, match="is not an ISO date"):
        load_case(features)


def test_translated_by_needs_translation_of(features):
    src = features / "sources" / "demo-en-2017-09.md"
    src.write_text(src.read_text().replace("translation_of: demo-ar-2017-09\n", ""))
    with pytest.raises(CasefileError) as info:
        load_case(features)
    assert any(p.field == "front matter.translation_of" and "translated_by is given" in p.message
               for p in info.value.problems)


def test_doubt_needs_a_grade(features):
    ann = features / "annotations" / "demo-en-2017-09.yaml"
    ann.write_text(ann.read_text().replace("confidence: C\n", ""))
    with pytest.raises(CasefileError, match="annotations.confidence: a doubt is given but no confidence grade"):
        load_case(features)


def test_date_helpers():
    from casekit.model import date_in, date_key, dates_overlap, display_date, is_partial_date, text_direction

    assert display_date("2017-09") == "September 2017" and display_date("2017-09-25") == "2017-09-25"
    assert display_date(None) == "not given" and display_date("2017-12") == "December 2017"
    assert is_partial_date("2017-09") and not is_partial_date("2017-09-01") and not is_partial_date("unknown")
    assert display_date("unknown") == "unknown" and date_key("unknown") == date_key(None)
    assert sorted(["2017-10-01", "2017-09-30", "2017-10", "2017-09"], key=date_key) == [
        "2017-09-30", "2017-09", "2017-10-01", "2017-10"]  # a month after its days, before the next month
    assert dates_overlap("2017-09", "2017-09-25") and not dates_overlap("2017-09", "2017-10-01")
    assert date_in("2017-09", "2017-09-20", "2017-10-05") and not date_in("2017-08", "2017-09-20")
    assert text_direction("ar") == "rtl" and text_direction("fa-IR") == "rtl" and text_direction("fr") == "ltr"


# --- the declared format, as JSON Schema for editors ------------------------------------------


def _yaml_data(path: Path, first_line: int = 1):
    from casekit.casefile import _load_yaml

    problems: list = []
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":  # a source's front matter
        text = text.split("---\n")[1]
    data = _load_yaml(text, str(path), problems)
    assert not problems
    return data


@pytest.mark.parametrize("folder", ["casefiles/kurdistan-2017", "tests/casefiles/features"])
def test_every_valid_casefile_file_matches_its_json_schema(folder):
    jsonschema = pytest.importorskip("jsonschema")
    from casekit.schema import json_schema

    root = Path(__file__).resolve().parents[1] / folder
    jsonschema.validate(_yaml_data(root / "case.yaml"), json_schema("case"))
    for path in sorted((root / "annotations").glob("*.yaml")):
        jsonschema.validate(_yaml_data(path), json_schema("annotation"))
    for path in sorted((root / "sources").glob("*.md")):
        jsonschema.validate(_yaml_data(path), json_schema("source"))


@pytest.mark.parametrize("name, which, file", [
    ("unknown-field", "case", "case.yaml"), ("missing-field", "case", "case.yaml"),
    ("wrong-type", "case", "case.yaml"), ("unknown-position", "case", "case.yaml"),
    ("bad-confidence", "annotation", "annotations/demo-ar-2017-09.yaml"),
    ("bad-lang", "annotation", "annotations/demo-ar-2017-09.yaml"),
    ("unnamed-not-bool", "case", "case.yaml"), ("bad-month", "case", "case.yaml"),
    ("source-missing-rights", "source", "sources/demo-2017-10-01.md"),
])
def test_json_schema_rejects_what_the_loader_rejects(name, which, file):
    jsonschema = pytest.importorskip("jsonschema")
    from casekit.schema import json_schema

    data = _yaml_data(BROKEN / name / file)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema(which))


def test_cli_schema_prints_json_schema(capsys):
    import json

    assert main(["schema"]) == 0
    case_schema = json.loads(capsys.readouterr().out)
    assert case_schema["properties"]["actors"]["items"] == {"$ref": "#/$defs/actor"}
    assert case_schema["$defs"]["stance"]["properties"]["position"]["enum"][-1] == "unclear"
    assert main(["schema", "annotation"]) == 0
    annotation = json.loads(capsys.readouterr().out)
    assert annotation["properties"]["confidence"]["enum"] == ["A", "B", "C"]
    assert "headline" in annotation["$defs"]["quote"]["properties"]
    assert main(["schema", "source"]) == 0
    assert "translation_of" in json.loads(capsys.readouterr().out)["properties"]


def test_a_disputed_attribution_is_not_asked_as_who_said_and_is_explained(features):
    from casekit.questions import attribution_bank

    # a grade-C source carries no answer key at all: nothing of it is asked
    bank = {q.id: q for q in attribution_bank(load_case(features))}
    assert not [qid for qid in bank if qid.endswith(("/spokesperson-closed", "/en-will-not-allow"))]
    # (asked; no who-said question here: the small case has too few plausible speakers of other bodies)
    assert "text_kind/minister-will-not-allow" in bank and "who_said/minister-will-not-allow" not in bank
    # graded B, its quotes are asked, but not "who said" the disputed one
    path = features / "annotations" / "demo-en-2017-09.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("confidence: C", "confidence: B"), encoding="utf-8")
    bank = {q.id: q for q in attribution_bank(load_case(features))}
    assert "who_said/spokesperson-closed" not in bank and "who_said/en-will-not-allow" in bank
    # nor what kind of text it is (that depends on whose words they are), nor how they are presented
    assert "text_kind/spokesperson-closed" not in bank and "presentation/spokesperson-closed" not in bank
    assert "text_kind/en-will-not-allow" in bank


def test_a_source_may_have_an_unknown_publication_date_with_notes(features):
    src = features / "sources" / "demo-ar-2017-09.md"
    src.write_text(src.read_text().replace("published: 2017-09\n", "published: unknown\n"))
    case = load_case(features)
    source = case.source("demo-ar-2017-09")
    assert source.published == "unknown"
    from casekit import views

    assert "| unknown |" in repr(views.sources_table(case))
    assert "Test outlet, unknown." in views.reading_view(case, source.id)


def test_occurrences_are_those_a_literal_search_finds():
    """Quotes are found by plain text search (no pattern compiled per quote): the same starts, left to
    right and without overlaps, as a regular-expression search for the escaped literal."""
    import random
    import re

    from casekit.casefile import _occurrences

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("ab .*(") for _ in range(rng.randint(0, 25)))
        needle = "".join(rng.choice("ab .*(") for _ in range(rng.randint(1, 4)))
        assert _occurrences(text, needle) == [m.start() for m in re.finditer(re.escape(needle), text)], (text, needle)
    assert _occurrences("aaaa", "aa") == [0, 2]


def test_translation_of_an_original_not_held(features):
    """A rendering whose original the casefile does not hold says so in words; it loads with no
    original, and a typo in a bare id is still refused."""
    from casekit.casefile import split_original

    assert split_original("demo-ar-2017-09") == ("demo-ar-2017-09", "")
    assert split_original("demo-ar-2017-09 (the letter; see notes)") == ("demo-ar-2017-09", "the letter; see notes")
    assert split_original("Gorran's statement (Kurdish original not stored; no file)") == (
        "", "Gorran's statement (Kurdish original not stored; no file)")
    src = features / "sources" / "demo-en-2017-09.md"
    text = src.read_text()
    src.write_text(text.replace("translation_of: demo-ar-2017-09\n",
                                "translation_of: \"the minister's remarks (Arabic original not stored; no file)\"\n"))
    ann = features / "annotations" / "demo-en-2017-09.yaml"
    ann.write_text("\n".join(line for line in ann.read_text().splitlines() if "renders:" not in line) + "\n")
    case = load_case(features)
    s = case.source("demo-en-2017-09")
    assert s.translation_of == "" and "not stored" in s.original_note
    src.write_text(text.replace("translation_of: demo-ar-2017-09\n", "translation_of: demo-ar-2017-9 (x)\n"))
    assert load_case(features).source("demo-en-2017-09").original_note == "demo-ar-2017-9 (x)"
    src.write_text(text.replace("translation_of: demo-ar-2017-09\n", "translation_of: demo-ar-2017-9\n"))
    with pytest.raises(CasefileError, match="unknown source"):
        load_case(features)
