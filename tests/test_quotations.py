"""Every quotation in the package's own prose occurs verbatim in a source or in the casefile."""
from __future__ import annotations

import json
import re
from pathlib import Path

from casekit.prose import QUOTED

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "casefiles" / "kurdistan-2017"
FOLDERS = [ROOT / "notebooks", ROOT / "exercises", ROOT / "solutions", ROOT / "guide"]


def test_quotations_in_notebooks_are_verbatim():
    from casekit.prose import check_notebooks, notebooks_in

    cases = sorted(p.parent for p in (ROOT / "casefiles").glob("*/case.yaml"))  # each notebook against its own
    problems = check_notebooks(cases, notebooks_in(FOLDERS))
    assert not problems, "\n".join(map(str, problems))


def test_the_check_catches_a_misquote(tmp_path):
    from casekit.prose import check_notebooks

    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "He said \"playing in the field of America\"."},
                    {"cell_type": "markdown", "metadata": {}, "source": "He said “playing in in the field of America”."}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    problems = check_notebooks([CASE], [path])
    assert [(p.line, p.field) for p in problems] == [(1, "markdown")]
    assert "playing in the field of America" in problems[0].message


def test_cli_checks_notebooks(capsys, tmp_path):
    from casekit.cli import main
    from casekit.prose import notebooks_in

    assert main(["validate", str(ROOT / "casefiles"), "--notebooks", *map(str, FOLDERS)]) == 0
    out = capsys.readouterr().out
    found = notebooks_in(FOLDERS)
    pages = sum(1 for p in found if p.suffix == ".md")
    assert f"notebooks: ok: every quotation in {len(found) - pages} notebook(s) and {pages} page(s)" in out
    bad = tmp_path / "nb"
    bad.mkdir()
    (bad / "01_x.ipynb").write_text(json.dumps({"cells": [{"cell_type": "markdown", "metadata": {},
                                                           "source": "a “fabricated quotation”"}]}), encoding="utf-8")
    assert main(["validate", str(ROOT / "casefiles"), "--notebooks", str(bad)]) == 1
    assert "01_x.ipynb:1: markdown: “fabricated quotation” is in quotation marks" in capsys.readouterr().err


def test_the_check_reads_markdown_pages(tmp_path):
    """A folder of Markdown pages (the instructor guide) is checked paragraph by paragraph: a quotation
    broken across lines is one span, the line named is its paragraph's, and code is not prose."""
    from casekit.prose import check_notebooks, notebooks_in

    page = tmp_path / "guide" / "lesson.md"
    page.parent.mkdir()
    page.write_text("# A lesson\n\nA good answer quotes \"playing in in the field\nof America\" (sic) and names its speaker.\n\n"
                    "```yaml\nprompt: \"not prose, not checked\"\n```\n\n"
                    "<!-- \"a comment\" -->\n\nNot: \"playing in the field of America\".\n", encoding="utf-8")
    assert notebooks_in([page.parent]) == [page]
    problems = check_notebooks([CASE], [page])
    assert [(p.line, p.field) for p in problems] == [(12, "markdown")], problems
    assert "“playing in the field of America”" in problems[0].message
    assert "guide/lesson.md:12: markdown:" in str(problems[0])


def test_casefile_prose_quotes_sources_or_the_fact_sheet():
    import yaml

    case = ROOT / "casefiles" / "kurdistan-2017"
    sources = "\n".join(p.read_text(encoding="utf-8") for p in sorted((case / "sources").glob("*.md")))
    facts = (case / "FACTS.md").read_text(encoding="utf-8")
    data = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    bad = []
    for section in ("events", "stances", "relations", "notes", "terms", "people", "actors"):
        for item in data.get(section) or []:
            for key in ("title", "summary", "text", "note", "gloss", "description"):
                value = item.get(key)
                if not isinstance(value, str) or (section == "terms" and key == "text"):
                    continue
                for m in QUOTED.finditer(value):
                    span = (m.group(1) or m.group(2)).strip()
                    if span not in sources and span not in facts:
                        bad.append(f"{section}[{item['id']}].{key}: “{span}”")
    assert not bad, "\n".join(bad)


def test_fact_sheet_citations_exist():
    """Each event cited to the fact sheet names a source that the fact sheet gives for that date."""
    from casekit import load_case

    case = load_case(ROOT / "casefiles" / "kurdistan-2017")
    facts = (ROOT / "casefiles" / "kurdistan-2017" / "FACTS.md").read_text(encoding="utf-8")
    rows = {line for line in facts.splitlines() if line.startswith("| 20")}
    for e in case.events:
        if not e.citation:
            continue
        assert e.citation.startswith("FACTS.md, "), e.id
        cited = re.search(r"\((.*)\)$", e.citation).group(1)
        first = re.split(r"[;,]", cited)[0].strip()
        same_day = [r for r in rows if r.startswith(f"| {e.date} ")]
        assert any(first.split(" ")[0] in r for r in same_day), f"{e.id}: {first!r} not in the fact sheet on {e.date}"


def test_reviewed_item_files_are_not_read_as_prose():
    # they print option labels and feedback in quotation marks, which are no quotation of a source
    from casekit.prose import notebooks_in

    found = notebooks_in(FOLDERS)
    assert not [p for p in found if p.parent.name == "reviewed"]
    assert any(p.suffix == ".md" for p in found) and any(p.suffix == ".ipynb" for p in found)
