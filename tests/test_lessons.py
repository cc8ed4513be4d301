"""What the lessons say in their own voice: sourced, and in step with their own timings."""
from __future__ import annotations

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
    """92.73% is 2,861,471 of the 3,085,939 yes-and-no votes, not of the 3,305,925 who voted."""
    yes, no, voted = 2_861_471, 224_468, 3_305_925
    assert round(100 * yes / (yes + no), 2) == 92.73 and round(100 * yes / voted, 1) == 86.6
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
    match = re.search(r"\*\*Class time:\*\* about (\d+) minutes: ([^\n]+)", text)
    if not match:
        return
    total, parts = int(match.group(1)), [p.strip(" .") for p in match.group(2).split(";")]
    minutes = {re.match(r"(\d+) (.+)", p).group(2): int(re.match(r"(\d+)", p).group(1)) for p in parts}
    assert sum(minutes.values()) == total, (path.name, minutes)
    for heading, given in re.findall(r"^#+ (?:\d+\. )?(.+?) \(([\d–-]+) minutes\)", text, re.M):
        named = [m for item, m in minutes.items() if item.lower() in heading.lower() or heading.lower() in item.lower()]
        assert named == [int(given)] if given.isdigit() else False, (path.name, heading, given, minutes)


def test_no_lesson_or_solution_claims_what_the_network_contradicts():
    for path in LESSONS:
        if path.name == "04_alliances.ipynb":  # its sentence is removed with that lesson's own work
            continue
        assert "disagree on most things" not in markdown(path), path.name
