"""Figures drawn from the casefile: deterministic, described in words, never colour alone."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from casekit import alliances, plots  # noqa: E402


def png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


@pytest.mark.parametrize("draw", ["timeline", "network", "stances"])
def test_same_figure_on_every_run(case, draw):
    first_fig, first_text = getattr(plots, draw)(case)
    second_fig, second_text = getattr(plots, draw)(case)
    assert png(first_fig) == png(second_fig)
    assert first_text == second_text


def test_timeline_description_lists_every_event_with_its_source(case):
    fig, text = plots.timeline(case)
    plt.close(fig)
    for e in case.events:
        if e.actors:
            assert f"{e.date} (" in text and e.cited in text


def test_network_description_and_differences(case):
    truth = alliances.case_signs(case)
    fig, text = plots.network(case)
    plt.close(fig)
    assert text.count("\n- ") == len(truth)
    mine = dict(truth)
    mine[frozenset(("iran", "iraq"))] = -1
    del mine[frozenset(("iran", "israel"))]
    fig, text = plots.network(case, signs=mine, compare=truth)
    plt.close(fig)
    last = text.splitlines()[-1]
    assert "you have confrontation or warning, the sources show cooperation or support" in last
    assert "you have no relation, the sources show confrontation or warning" in last


def test_lines_differ_by_style_not_only_colour():
    assert len(set(plots.SIGN_LINE.values())) == 3
    assert len(set(plots.STATUS_MARKER.values())) == len(plots.STATUS_MARKER)
    assert len(set(plots.POSITION_MARKER.values())) == len(plots.POSITION_MARKER)


def test_network_layout_is_fixed(case):
    assert plots.network_positions(case) == plots.network_positions(case)


def test_balance_is_computed(case):
    found = alliances.triads(alliances.case_signs(case))
    assert found
    for t in found:
        assert t.balanced == (t.signs[0] * t.signs[1] * t.signs[2] > 0)
        assert alliances.parse_balance_id(alliances.balance_id(t)) == t
    assert alliances.parse_balance_id("balance/a--b/++") is None
    assert alliances.parse_balance_id("balance/a--a--b/+++") is None
