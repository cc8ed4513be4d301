"""A source whose stored page shows no date says `published: unknown`; nothing invents one."""
from __future__ import annotations

from casekit.model import display_date, is_partial_date


def test_unknown_publication_date_is_shown_as_unknown(case):
    undated = [s for s in case.sources if s.published == "unknown"]
    assert undated, "the case has renderings whose pages show no date"
    for s in undated:
        assert display_date(s.published) == "unknown"


def test_unknown_is_not_a_month():
    assert not is_partial_date("unknown")
    assert is_partial_date("2017-09") and display_date("2017-09") == "September 2017"
