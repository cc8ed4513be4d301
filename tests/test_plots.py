"""Figures drawn with matplotlib from the casefile: byte-stable, described, uncluttered, restylable."""
from __future__ import annotations

import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from casekit import alliances, plots
from casekit.model import date_key, display_date
from casekit.prose import cite
from casekit.render import Plot, overlapping_text, renderer, text_boxes

ROOT = Path(__file__).resolve().parents[1]
NS = "{http://www.w3.org/2000/svg}"
DRAW = ["timeline", "network", "stances"]


def draw(case, name) -> Plot:
    return getattr(plots, name)(case)


def texts(plot) -> list[str]:
    return [t.get_text() for t, _ in text_boxes(plot.figure)]


# --- byte-stable, with its words inside --------------------------------------------------------

@pytest.mark.parametrize("name", DRAW)
def test_same_bytes_on_every_run(case, name):
    first, second = draw(case, name), draw(case, name)
    for fmt in ("svg", "png", "pdf"):
        assert first.to_bytes(fmt) == second.to_bytes(fmt), fmt
    assert first.description == second.description and first.alt == second.alt


@pytest.mark.slow  # fresh interpreters
def test_same_bytes_in_a_fresh_process_without_widgets():
    """Two separate runs (fresh interpreters: random hash salts, new font caches) write the same SVG,
    PNG and PDF bytes, and drawing loads neither widgets nor pyplot's global state."""
    code = ("import hashlib, json, sys, casekit; from casekit import plots;"
            "c = casekit.load_case('casefiles/kurdistan-2017');"
            "out = {f'{n}.{fmt}': hashlib.sha256(getattr(plots, n)(c).to_bytes(fmt)).hexdigest()"
            " for n in ('timeline', 'network', 'stances') for fmt in ('svg', 'png', 'pdf')};"
            "out['loaded'] = sorted(m for m in ('ipywidgets', 'IPython', 'matplotlib.pyplot') if m in sys.modules);"
            "print(json.dumps(out))")
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                                      check=True).stdout) for _ in range(2)]
    assert runs[0] == runs[1]
    assert runs[0]["loaded"] == []


def test_import_casekit_does_not_import_matplotlib():
    code = "import sys, casekit, casekit.plots, casekit.report; print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", DRAW)
def test_svg_carries_title_and_description(case, name):
    plot = draw(case, name)
    root = ET.fromstring(plot.svg)  # raises on malformed XML
    assert root.tag == NS + "svg" and root.get("role") == "img"
    assert list(root)[0].tag == NS + "title" and root.find(NS + "title").text == plot.title
    assert root.find(NS + "desc").text == plot.description
    assert "<dc:date>" not in plot.svg  # no date in the metadata


@pytest.mark.parametrize("name", DRAW)
def test_alt_text_and_description(case, name):
    plot = draw(case, name)
    assert plot.alt and "<" not in plot.alt and plot.description
    html = plot.html()
    assert html.startswith('<img class="casekit-figure" src="data:image/png;base64,') and "alt=\"" in html
    bundle = plot._repr_mimebundle_()
    assert bundle["text/plain"] == plot.description and "alt=" in bundle["text/html"]
    figure, description = plot  # unpacks as before
    assert figure is plot.figure and description == plot.description


def test_show_displays_an_image_with_alt_and_prints_the_description(case, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    plot = plots.stances(case)
    plots.show(plot)
    assert 'alt="' in shown[0]["text/html"] and shown[0]["text/plain"] == plot.description.splitlines()[0]
    assert capsys.readouterr().out.startswith(plot.description.splitlines()[0][:60])


# --- restyle and save --------------------------------------------------------------------------

def test_restyle_and_save_every_format(case, tmp_path):
    plot = plots.network(case)
    before = plot.svg
    plot.figure.suptitle("Restyled", fontsize=18)
    for line in plot.axes[0].lines:
        line.set_linewidth(3)
    assert plot.svg != before
    magic = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml"}
    for fmt, head in magic.items():
        path = plot.save(tmp_path / f"network.{fmt}")
        data = path.read_bytes()
        assert data.startswith(head) and data == plot.to_bytes(fmt)
    big = plot.save(tmp_path / "big.png", dpi=200).read_bytes()
    width = int.from_bytes(big[16:20], "big")  # the PNG header's width
    assert width == round(plot.figure.get_figwidth() * 200)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.png", "network.pdf", "network.png", "network.svg"]
    with pytest.raises(ValueError, match=r"network\.jpg: cannot tell the format"):
        plot.save(tmp_path / "network.jpg")
    assert plot.save(tmp_path / "slide", format="pdf").read_bytes().startswith(b"%PDF")


def test_readme_figure_example_works(case, tmp_path, monkeypatch):
    """The README's snippet for saving a figure runs as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippets = [block.split("```", 1)[0] for block in readme.split("```python\n")[1:]]
    snippet = next(s for s in snippets if ".save(" in s)
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, "README.md", "exec"), {"case": case, "plots": plots})
    assert (tmp_path / "network.png").read_bytes().startswith(b"\x89PNG")


# --- no clutter --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", DRAW)
def test_no_two_texts_overlap(case, name):
    plot = draw(case, name)
    assert len(text_boxes(plot.figure)) > 5
    assert overlapping_text(plot.figure) == []


def test_overlap_check_can_fail(case):
    plot = plots.stances(case)
    ax = plot.axes[0]
    first = ax.get_yticklabels()[0]
    ax.text(*ax.transAxes.inverted().transform((0, 0)), "x")  # harmless
    label = plot.figure.text(0, 0, "collides")
    box = next(b for t, b in text_boxes(plot.figure) if t is first)
    label.set_position(plot.figure.transFigure.inverted().transform((box.x0 + 2, box.y0 + 2)))
    assert (first.get_text(), "collides") in overlapping_text(plot.figure)


def _number_labels(plot):
    """The numbered labels on the network's lines, with their boxes in pixels."""
    return [(t, b) for t, b in text_boxes(plot.figure) if t.get_text().isdigit() and t.get_bbox_patch() is not None]


def _foreign_lines(case, plot) -> list[str]:
    """Labels that a line other than their own passes through (where a reader could misread them)."""
    from casekit.plots import _crosses

    ax = plot.axes[0]
    pos = plots.network_positions(case)
    pairs = [p for p, _ in sorted(alliances.case_signs(case, passing=True).items(), key=lambda kv: sorted(kv[0]))]
    segments = {n: tuple(tuple(ax.transData.transform(pos[a])) for a in sorted(p)) for n, p in enumerate(pairs, 1)}
    r = renderer(plot.figure)
    bad = []
    for t, _ in _number_labels(plot):
        box = t.get_bbox_patch().get_window_extent(r)
        for n, seg in segments.items():
            if n != int(t.get_text()) and _crosses(box, seg):
                bad.append(f"{t.get_text()} lies on line {n}")
        if not _crosses(box, segments[int(t.get_text())]):
            bad.append(f"{t.get_text()} is off its own line")
    return bad


def test_network_numbers_sit_on_their_own_line_only(case):
    plot = plots.network(case)
    labels = _number_labels(plot)
    assert sorted(int(t.get_text()) for t, _ in labels) == list(range(1, len(alliances.case_signs(case, passing=True)) + 1))
    assert _foreign_lines(case, plot) == []


def test_a_number_on_a_crossing_is_caught(case):
    """The check above can fail: move a number to where two other lines meet."""
    plot = plots.network(case)
    pos = plots.network_positions(case)
    t, _ = _number_labels(plot)[0]
    t.set_position(pos[sorted(next(iter(alliances.case_signs(case))))[0]])  # onto an actor, where lines meet
    assert any("lies on line" in b for b in _foreign_lines(case, plot))


def test_network_description_numbers_and_differences(case):
    truth = alliances.case_signs(case, passing=True)  # the lesson's figure draws remarks in passing, pale
    plot = plots.network(case)
    for n in range(1, len(truth) + 1):
        assert f"\n{n}. " in plot.description
    kinds = {plots.node_kind(case, a) for a in plots.network_positions(case)}
    assert kinds == {"state", "sub-state", "organisation"}
    assert len(plot.axes[0].lines) == len(truth) + len(kinds)  # one line per relation, one per kind of actor
    mine = dict(truth)
    mine[frozenset(("iran", "iraq"))] = -1
    del mine[frozenset(("iraq", "krg"))]
    plot = plots.network(case, signs=mine, compare=truth)
    last = plot.description.splitlines()[-1]
    assert "you have conflict, the sources show cooperation" in last
    assert "you have no relation, the sources show conflict" in last
    thick = [line for line in plot.axes[0].lines if line.get_linewidth() == 4.5]
    assert len(thick) == 1  # the changed pair; the missing one cannot be drawn, it is named in words
    assert overlapping_text(plot.figure) == []


def test_lines_and_markers_differ_by_more_than_colour(case):
    assert len(set(plots.SIGN_LINE.values())) == 3
    assert len(set(plots.STATUS_MARKER.values())) == len(plots.STATUS_MARKER)
    assert len(set(plots.POSITION_MARKER.values())) == len(plots.POSITION_MARKER)
    plot = plots.network(case)
    edges = [line for line in plot.axes[0].lines if line.get_marker() in ("None", None, "")]
    assert {line.get_linestyle() for line in edges} == {"-", "--", "-."}
    # deeds thick, words thin, remarks in passing pale: a second cue besides colour and dash
    assert {line.get_linewidth() for line in edges} == {plots.MODE_WIDTH["material"], plots.MODE_WIDTH["verbal"]}
    assert {line.get_alpha() for line in edges} == {1.0, plots.PASSING_ALPHA}
    markers = {line.get_marker() for line in plot.axes[0].lines if line.get_marker() not in ("None", None, "")}
    assert markers == {"o", "s", "D"}  # a state, a sub-state actor, an organisation


def test_network_layout_is_fixed_and_seeded(case):
    first = plots.network_positions(case)
    assert first == plots.network_positions(case)
    assert set(first) == {a for r in case.relations for a in (r.actor, r.other)}
    assert all(-1.0001 <= x <= 1.0001 and -1.0001 <= y <= 1.0001 for x, y in first.values())
    assert min(math.dist(p, q) for a, p in first.items() for b, q in first.items() if a < b) > 0.2


def test_stances_read_in_time_order_each_actor_once(case):
    plot = plots.stances(case)
    ax = plot.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    dated = [s for s in case.stances if s.date]
    assert sorted(rows) == sorted({case.actor(s.actor).name for s in dated}) and len(rows) == len(set(rows))
    firsts = [min((s.date for s in dated if case.actor(s.actor).name == name), key=date_key) for name in rows]
    assert firsts == sorted(firsts, key=date_key)  # rows in the order of each actor's first position
    markers = [line for line in ax.lines if line.get_marker() not in ("None", None, "")]
    assert len(markers) == len(dated)  # one marker per dated position, none twice
    legend = [t.get_text() for t in plot.figure.legends[0].get_texts()]
    assert legend == [p for p in plots.POSITION_MARKER if any(s.position == p for s in dated)]  # no empty entry
    for s in dated:
        assert " ".join(s.summary.split()) in " ".join(plot.description.split())


def test_timeline_numbers_every_event_with_its_source(case):
    plot = plots.timeline(case)
    events = [e for e in case.events if e.actors]
    for e in events:
        assert f"{display_date(e.date)} (" in plot.description and cite(case, e.cited) in plot.description
    labels = texts(plot)
    numbers = [t for t in labels if t.isdigit()]
    assert sorted(map(int, numbers)) == list(range(1, len(events) + 1))
    for a in plots.lanes(case):
        assert case.actor(a).name in labels


def test_timeline_period_keeps_only_its_lanes(case):
    plot = plots.timeline(case, start="2017-10-01")
    kept = {e.actors[0] for e in case.events if e.actors and e.date >= "2017-10-01"}
    labels = texts(plot)
    for a in plots.lanes(case):
        assert (case.actor(a).name in labels) == (a in kept)
    empty = plots.timeline(case, start="2030-01-01")
    assert empty.description == "No events." and "No events in this period." in texts(empty)


def test_timeline_markers_never_overlap(case):
    plot = plots.timeline(case)
    ax = plot.axes[0]
    centres = [tuple(ax.transData.transform((line.get_xdata()[0], line.get_ydata()[0])))
               for line in ax.lines if line.get_marker() not in ("None", None, "")]
    assert len(centres) == len([e for e in case.events if e.actors])
    for i, p in enumerate(centres):
        for q in centres[i + 1:]:
            assert abs(p[0] - q[0]) >= 12 or abs(p[1] - q[1]) >= 12, (p, q)


def test_partial_dates_are_never_padded():
    assert plots.span("2017-10") == (plots.datetime.date(2017, 10, 1), plots.datetime.date(2017, 10, 31))
    assert plots.short_date("2017-10") == "Oct (month only)" and plots.short_date("2017-09-25") == "25 Sep"
    assert plots.span(None) is None and plots.short_date(None) == "undated"


def test_month_only_stance_is_drawn_as_a_month(case):
    import dataclasses

    s = case.stances[0]
    partial = dataclasses.replace(case, stances=(dataclasses.replace(s, date="2017-10"),) + case.stances[1:])
    plot = plots.stances(partial)
    assert f"{s.position} (October 2017)" in plot.description and "Oct (month only)" in texts(plot)
    assert overlapping_text(plot.figure) == []


def test_report_charts_do_not_run_together():
    from casekit.report import _histogram, _most_missed

    plot = _histogram([0, 7, 115], [115, 115, 115], 115, 3)
    labels = [t.get_text() for t in plot.axes[0].get_xticklabels()]
    assert "115" in labels and "115–119" not in labels  # the last bin ends at the top score
    assert overlapping_text(plot.figure) == []
    heights = sorted(b.get_height() for b in plot.axes[0].patches if b.get_height() > 0)
    assert heights == [1, 1, 1, 3]  # first tries: one each at 0, 5-9 and 115; in the end: all three at 115
    assert "from 0 to 115" in plot.description and "from 115 to 115" in plot.description
    assert _most_missed([]).description == "No answers yet."


# --- the alliance builder's quick redraw -------------------------------------------------------

def test_network_painter_is_stable_and_follows_the_signs(case):
    painter = plots.NetworkPainter(case)
    truth = alliances.case_signs(case)
    one, alt, text = painter.plot(truth, title="Your network")
    assert one.startswith(b"\x89PNG") and alt.startswith("Your network:")
    assert painter.plot(truth, title="Your network")[0] == one
    changed = dict(truth)
    changed[next(iter(truth))] = -truth[next(iter(truth))] or 1
    assert painter.plot(changed, title="Your network")[0] != one
    assert text == plots.network(case, signs=truth, dates=False, title="Your network").description
    img, _ = painter.html(truth, title="Your network")
    assert 'alt="Your network:' in img and 'width="470"' in img


# --- draw your own -----------------------------------------------------------------------------

def test_stance_records_are_plain_data(case):
    records = plots.stance_records(case)
    assert len(records) == len(case.stances)
    assert all(set(r) == {"actor", "name", "position", "date", "summary"} for r in records)
    json.dumps(records)  # plain data
    dates = [r["date"] for r in records if r["date"]]
    assert dates == sorted(dates, key=date_key)


def test_check_chart_names_what_is_missing(case):
    records = plots.stance_records(case)
    actors = list(dict.fromkeys(r["actor"] for r in records))
    fig, ax = plots.new_chart()
    problems = plots.check_chart(fig, len(actors))
    assert len(problems) == 4 and "title" in problems[0] and "0 marks" in problems[3]
    first = {}
    for r in records:
        first.setdefault(r["actor"], r)
    ax.scatter([r["date"] for r in first.values()], [r["name"] for r in first.values()])
    ax.set_title("First dated position of each actor")
    ax.set_xlabel("date")
    ax.set_ylabel("actor")
    assert plots.check_chart(fig, len(actors)) == []
    ax.scatter([records[0]["date"]], [records[0]["name"]])  # a second mark for one actor
    problems = plots.check_chart(ax, len(actors))
    assert len(problems) == 1 and f"the chart has {len(actors) + 1} marks" in problems[0]


def test_draw_your_own_task_is_the_same_in_the_lesson_and_the_exercise():
    """The task lives in solutions/04 (released to exercises/), which lesson 04 points to; the copies
    must not drift, and the model answer is only in the solutions."""
    def task(path, drop_solutions=True):
        cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
        start = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## Draw your own"))
        out = []
        for c in cells[start:]:
            text = "".join(c["source"])
            if out and text.startswith("## "):
                break
            if not (drop_solutions and "solution" in c["metadata"].get("tags", [])):
                out.append((c["cell_type"], text))
        return out

    exercise = task("exercises/04_draw_your_own.ipynb")
    assert len(exercise) >= 4 and any("plots.check_chart" in text for _, text in exercise)
    assert task("solutions/04_draw_your_own.ipynb") == exercise
    assert task("solutions/04_draw_your_own.ipynb", drop_solutions=False) != exercise  # the model answer
    lesson = (ROOT / "notebooks/04_alliances.ipynb").read_text(encoding="utf-8")  # the lesson points to it, as homework
    assert "../exercises/04_draw_your_own.ipynb" in lesson and "plots.check_chart" not in lesson


def test_a_larger_network_stays_readable(case):
    """Four more actors and six more relations than the casefile has (as a growing casefile will
    have): the figure grows, and still no text overlaps and no number sits on another line. (At eight
    more actors and thirteen more relations, 28 actors in all, a few numbers touch other lines.)"""
    import dataclasses

    from casekit.model import Actor

    # made-up actors and relations: test data only
    extra = [("x-a", "Examplia"), ("x-b", "Borduria"), ("x-c", "Syldavia"), ("x-d", "Council of Examplian States")]
    links = [("x-a", "iraq", 1), ("x-b", "iraq", 1), ("x-c", "iraq", 1), ("x-d", "iraq", 1),
             ("x-a", "krg", -1), ("x-c", "turkey", 1)]
    kind = {r.sign: r.valence for r in case.relations}
    r0 = case.relations[0]
    bigger = dataclasses.replace(
        case, actors=case.actors + tuple(Actor(id=i, name=n, kind="state") for i, n in extra),
        relations=case.relations + tuple(dataclasses.replace(r0, id=f"x{i}", actor=a, other=b, valence=kind[s])
                                         for i, (a, b, s) in enumerate(links)))
    plot = plots.network(bigger)
    assert plot.figure.get_figwidth() > plots.NET_SIZE[0]
    assert overlapping_text(plot.figure) == []
    assert _foreign_lines(bigger, plot) == []


def test_names_sit_in_the_same_places_whoever_draws_first(case):
    """The alliance builder (a smaller picture) and the lesson's figure share one placement of the
    actors' names; which of them runs first in a kernel must not change the lesson's bytes."""
    plots._NAME_PLACES.clear()
    first = plots.network(case).svg
    plots._NAME_PLACES.clear()
    plots.NetworkPainter(case).plot(alliances.case_signs(case))
    assert plots.network(case).svg == first


def test_each_periods_network_is_readable_and_drawn_in_place(case):
    """One network per period: its own relations only, no text on text, each number on its own line
    only, and every actor where the whole network puts it (one layout for all periods)."""
    from casekit.plots import _crosses

    pos = plots.network_positions(case)
    for period in case.periods:
        plot = plots.network(case, period=period.id)
        signs = alliances.case_signs(case, period=period.id, passing=True)
        assert overlapping_text(plot.figure) == [], period.id
        assert f"{len(signs)} relations, {period.label}" in plot.description
        ax = plot.axes[0]
        pairs = [p for p, _ in sorted(signs.items(), key=lambda kv: sorted(kv[0]))]
        segments = {n: tuple(tuple(ax.transData.transform(pos[a])) for a in sorted(p)) for n, p in enumerate(pairs, 1)}
        r = renderer(plot.figure)
        for t, _ in _number_labels(plot):
            box = t.get_bbox_patch().get_window_extent(r)
            assert _crosses(box, segments[int(t.get_text())]), (period.id, t.get_text())
            assert not [n for n, seg in segments.items() if n != int(t.get_text()) and _crosses(box, seg)], period.id
        shown = {a for p in signs for a in p}
        markers = [(x, y) for line in ax.lines if line.get_marker() not in ("None", None, "")
                   for x, y in zip(line.get_xdata(), line.get_ydata())]
        assert sorted(markers) == sorted(pos[a] for a in shown)
