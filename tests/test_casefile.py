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
    ann.write_text(ann.read_text().replace("kind: direct", "kind: quoted").replace("date: 2017-10-02", "date: 02/10/2017", 1))
    case_yaml = minimal / "case.yaml"
    case_yaml.write_text(case_yaml.read_text().replace("position: oppose", "position: against"))
    with pytest.raises(CasefileError) as info:
        load_case(minimal)
    fields = {p.field for p in info.value.problems}
    assert {"quotes[minister-will-not-allow].kind", "quotes[minister-will-not-allow].date",
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
    assert out.count("\n") == 1 and ": ok: 9 sources, " in out and " quotes, " in out


def test_cli_validate_missing_path(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
