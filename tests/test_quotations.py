"""Every quotation in the package's own prose occurs verbatim in a source or in the casefile."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUOTED = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"")
# Quoted words that are not quotations of the case: names of widgets, buttons, files and parts.
NOT_QUOTATIONS = {"Comment:", "Start", "Check", "Try again", "Check my network", "Reset my answers",
                  "Show the whole paragraph", "List the triads of my network", "solution", "Loading widget...",
                  "Error displaying widget", "said", "was quoted as saying", "said on Tuesday", "[sic]",
                  "the enemy of my enemy is my friend"}  # a proverb of international politics, not the case's


def _texts():
    for folder in ("notebooks", "exercises", "solutions"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            nb = json.loads(path.read_text(encoding="utf-8"))
            for i, cell in enumerate(nb["cells"]):
                src = "".join(cell["source"])
                if cell["cell_type"] == "markdown":
                    yield f"{folder}/{path.name} cell {i + 1}", src
                else:  # strings in code cells that look like prose quotations are checked too
                    for m in re.finditer(r'#.*$', src, re.M):
                        yield f"{folder}/{path.name} cell {i + 1} (comment)", m.group(0)


def _corpus() -> str:
    case = ROOT / "casefiles" / "kurdistan-2017"
    parts = [p.read_text(encoding="utf-8") for p in sorted((case / "sources").glob("*.md"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted((case / "annotations").glob("*.yaml"))]
    parts.append((case / "case.yaml").read_text(encoding="utf-8"))
    return "\n".join(parts)


CORPUS = _corpus()


def _spans():
    for where, text in _texts():
        for m in QUOTED.finditer(text):
            span = (m.group(1) or m.group(2)).strip()
            if span in NOT_QUOTATIONS or span.startswith(("casekit", "answers/", "<")) or "`" in span:
                continue
            yield where, span


@pytest.mark.parametrize("where,span", list(_spans()), ids=lambda x: x[:40] if isinstance(x, str) else x)
def test_quoted_words_are_verbatim(where, span):
    assert span in CORPUS, f"{where}: “{span}” is not verbatim in any source or in the casefile"


def test_the_check_catches_a_misquote():
    assert "playing in in the field of America" in CORPUS
    assert "playing in the field of America" not in CORPUS


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
