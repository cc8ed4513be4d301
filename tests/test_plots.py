"""Figures drawn from the casefile: SVG, deterministic, described in words, never colour alone."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from casekit import alliances, plots
from casekit.svg import DASH, Drawing

NS = "{http://www.w3.org/2000/svg}"


def parse(fig):
    return ET.fromstring(fig.svg)


def texts(fig) -> list[str]:
    return ["".join(t.itertext()) for t in parse(fig).iter(NS + "text")]


@pytest.mark.parametrize("draw", ["timeline", "network", "stances"])
def test_same_figure_on_every_run(case, draw):
    first_fig, first_text = getattr(plots, draw)(case)
    second_fig, second_text = getattr(plots, draw)(case)
    assert first_fig.svg == second_fig.svg
    assert first_text == second_text


@pytest.mark.parametrize("draw", ["timeline", "network", "stances"])
def test_figure_is_valid_svg_with_title_and_alt(case, draw):
    fig, text = getattr(plots, draw)(case)
    root = parse(fig)  # raises on malformed XML
    assert root.tag == NS + "svg" and root.get("role") == "img"
    assert root.find(NS + "title").text == fig.title
    assert root.find(NS + "desc").text == text
    html = fig.html()
    assert html.startswith('<img class="casekit-figure" src="data:image/svg+xml;base64,') and f'alt="{fig.alt}"' in html
    assert fig.alt and "<" not in fig.alt


def test_timeline_description_lists_every_event_with_its_source(case):
    fig, text = plots.timeline(case)
    for e in case.events:
        if e.actors:
            assert f"{e.date} (" in text and e.cited in text
    labels = texts(fig)
    numbered = [e for e in case.events if e.actors]
    assert [str(n) for n in range(1, len(numbered) + 1)] == [t for t in labels if t.isdigit() and len(t) < 3]
    for a in plots.lanes(case):
        assert case.actor(a).name in labels


def test_timeline_period_keeps_only_its_lanes(case):
    fig, text = plots.timeline(case, start="2017-10-01")
    kept = {e.actors[0] for e in case.events if e.actors and e.date >= "2017-10-01"}
    labels = texts(fig)
    for a in plots.lanes(case):
        assert (case.actor(a).name in labels) == (a in kept)
    fig, text = plots.timeline(case, start="2030-01-01")
    assert text == "No events." and "No events in this period." in texts(fig)


def test_timeline_markers_never_overlap(case):
    fig, _ = plots.timeline(case)
    centres = []
    for el in parse(fig).iter():
        if el.tag == NS + "circle":
            centres.append((float(el.get("cx")), float(el.get("cy"))))
    assert len(centres) >= 20
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1:]:
            assert abs(x1 - x2) >= 12 or abs(y1 - y2) >= 12, (x1, y1, x2, y2)


def test_network_description_and_differences(case):
    truth = alliances.case_signs(case)
    fig, text = plots.network(case)
    assert text.count("\n- ") == len(truth)
    edges = [el for el in parse(fig).iter(NS + "line")]
    assert len(edges) == len(truth) + 3  # one line per relation, three in the legend
    mine = dict(truth)
    mine[frozenset(("iran", "iraq"))] = -1
    del mine[frozenset(("iran", "israel"))]
    fig, text = plots.network(case, signs=mine, compare=truth)
    last = text.splitlines()[-1]
    assert "you have confrontation or warning, the sources show cooperation or support" in last
    assert "you have no relation, the sources show confrontation or warning" in last
    thick = [el for el in parse(fig).iter(NS + "line") if el.get("stroke-width") == "5.5"]
    assert len(thick) == 1  # the changed pair; the missing one cannot be drawn, it is named in words


def test_lines_differ_by_style_not_only_colour(case):
    assert len(set(plots.SIGN_LINE.values())) == 3
    assert len({DASH[s] for s in plots.SIGN_LINE.values()}) == 3
    assert len(set(plots.STATUS_MARKER.values())) == len(plots.STATUS_MARKER)
    assert len(set(plots.POSITION_MARKER.values())) == len(plots.POSITION_MARKER)
    fig, _ = plots.network(case)
    dashes = {el.get("stroke-dasharray") for el in parse(fig).iter(NS + "line")}
    assert dashes == {None, DASH["dashed"], DASH["dashdot"]}


def test_stances_one_marker_per_row_in_its_column(case):
    fig, text = plots.stances(case)
    labels = texts(fig)
    for s in case.stances:
        assert s.date in labels and case.actor(s.actor).name in labels
    assert text.count("\n- ") == len(case.stances)


def test_network_layout_is_fixed(case):
    assert plots.network_positions(case) == plots.network_positions(case)


def test_drawing_rejects_an_unknown_marker_and_escapes_text():
    d = Drawing(100, 50, 'A "title" & <more>')
    d.text(10, 10, "<b>not markup</b>")
    with pytest.raises(ValueError, match="unknown marker shape 'star'"):
        d.marker("star", 5, 5, 4, "#000")
    root = ET.fromstring(d.figure("desc & more").svg)
    assert root.find(NS + "title").text == 'A "title" & <more>'
    assert [t.text for t in root.iter(NS + "text")] == ["<b>not markup</b>"]


def test_drawing_figures_imports_no_plotting_library():
    code = ("import sys, casekit; from casekit import plots; c = casekit.load_case('casefiles/kurdistan-2017');"
            "plots.timeline(c); plots.network(c); plots.stances(c);"
            "print(sorted(m for m in ('matplotlib', 'numpy', 'PIL') if m in sys.modules))")
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == "[]"


def test_balance_is_computed(case):
    found = alliances.triads(alliances.case_signs(case))
    assert found
    for t in found:
        assert t.balanced == (t.signs[0] * t.signs[1] * t.signs[2] > 0)
        assert alliances.parse_balance_id(alliances.balance_id(t)) == t
    assert alliances.parse_balance_id("balance/a--b/++") is None
    assert alliances.parse_balance_id("balance/a--a--b/+++") is None


def test_readme_figure_example_works(case, tmp_path, monkeypatch):
    """The README's snippet for saving a figure runs as written."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    snippets = [block.split("```", 1)[0] for block in readme.split("```python\n")[1:]]
    snippet = next(s for s in snippets if "figure.save(" in s)
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, "README.md", "exec"), {"case": case, "plots": plots})
    saved = (tmp_path / "network.svg").read_text(encoding="utf-8")
    assert saved == plots.network(case)[0].svg
