"""Figures drawn from a Case with matplotlib: a timeline, the signed alliance network, the stances chart.

Each function returns a ``Plot`` (see ``render.py``): ``.figure`` is an ordinary matplotlib
Figure (object-oriented API, no pyplot) that can be restyled and saved as PNG, PDF or SVG, and
``.description`` is the figure in words, shown beside it for readers who cannot see it. Colours
come from the Okabe-Ito palette and every distinction is also made by marker shape, line style or
label. Layouts are fixed (seeded), so a figure is the same bytes on every run, and no text is
placed where it could be misread (the tests check text extents for overlap).
"""
from __future__ import annotations

import calendar
import datetime
import functools
import math
import textwrap
from typing import Mapping, NamedTuple, Optional, Sequence

from .model import Case, date_in, date_key, display_date, related_actors
from .prose import cite, join_clauses
from .render import Plot, new_figure, renderer, style
from .style import OKABE_ITO

STATUS_MARKER = {"verified": "o", "corrected": "s", "disputed": "^", "paraphrase": "D", "unverified": "x"}
STATUS_COLOUR = {"verified": OKABE_ITO[4], "corrected": OKABE_ITO[0], "disputed": OKABE_ITO[5], "paraphrase": OKABE_ITO[6], "unverified": OKABE_ITO[7]}
STATUS_WORD = {"o": "circle", "s": "square", "^": "triangle", "D": "diamond", "v": "downward triangle", "x": "cross"}
POSITION_MARKER = {"support": "^", "oppose": "v", "conditional": "s", "mixed": "D", "unclear": "o"}
POSITION_COLOUR = {"support": OKABE_ITO[2], "oppose": OKABE_ITO[5], "conditional": OKABE_ITO[0], "mixed": OKABE_ITO[4],
                   "unclear": OKABE_ITO[7]}
SIGN_COLOUR = {1: OKABE_ITO[4], -1: OKABE_ITO[5], 0: OKABE_ITO[7]}
SIGN_LINE = {1: "solid", -1: "dashed", 0: "dashdot"}
SIGN_TEXT = {1: "cooperation (solid line)", -1: "conflict (dashed line)", 0: "both (dash-dot line)"}
# a relation's mode and strength as the line's width and strength (the sign keeps colour and dash)
MODE_WIDTH = {"material": 3.4, "verbal": 1.6, "": 2.0}  # deeds thick, words thin; "": a student's line
PASSING_ALPHA = 0.35  # a remark in passing is drawn pale (and is not counted in the triads)
# the kind of each actor on the network (marker shape): its casefile kind, read as one of three
NODE_KINDS = {"state": ("o", "circle: a state or its federal institutions"), "sub-state": ("s", "square: a sub-state or non-state actor"),
              "organisation": ("D", "diamond: an international organisation or coalition")}
GRID = "#8c8c8c"
LAYOUT_SEED = 7  # any fixed number: the network layout is the same on every run


# --- dates ------------------------------------------------------------------------------------

def span(date: Optional[str]) -> Optional[tuple[datetime.date, datetime.date]]:
    """The first and last day a casefile date may mean: a day, a whole month, or None if undated."""
    if not date:
        return None
    parts = date.split("-")
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        return datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1])
    day = datetime.date.fromisoformat(date)
    return day, day


def _mid(date: str) -> float:
    first, last = span(date)  # type: ignore[misc]
    return (first.toordinal() + last.toordinal()) / 2


def short_date(date: Optional[str], year: bool = False) -> str:
    """'25 Sep' (with year=True, '25 Sep' and the year); a month-only date as 'Sep (month only)'; never an invented day."""
    if not date:
        return "undated"
    first, last = span(date)  # type: ignore[misc]
    y = f" {first.year}" if year else ""
    if first != last:
        return f"{first:%b}{y} (month only)"
    return f"{first.day} {first:%b}{y}"


def _axis_dates(ax, d0: float, d1: float, width_px: float) -> None:
    """Ticks on Mondays (every week, or every second, fourth or eighth when crowded), labelled '25 Sep'."""
    from matplotlib.ticker import FixedLocator, NullLocator

    first = datetime.date.fromordinal(int(math.floor(d0)))
    monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    per_day = width_px / max(1.0, d1 - d0)
    every = next((n for n in (7, 14, 28, 56) if per_day * n >= 52), 112)  # a label is about 45 px wide
    ticks = []
    day = monday
    while day.toordinal() <= d1:
        ticks.append(day)
        day += datetime.timedelta(days=every)
    ax.xaxis.set_major_locator(FixedLocator([d.toordinal() for d in ticks]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([f"{d.day:02d} {d:%b}" for d in ticks])
    ax.set_xlim(d0, d1)
    years = sorted({d.year for d in ticks} | {datetime.date.fromordinal(int(d0)).year})
    ax.set_xlabel("date, " + "–".join(str(y) for y in (years[0], years[-1]) if y) if len(years) > 1
                  else f"date ({years[0]})")


def _text_width(fig, text: str, size: float) -> float:
    """Width in pixels of one line of text, from matplotlib's own font metrics."""
    from matplotlib.font_manager import FontProperties

    w, _, _ = renderer(fig).get_text_width_height_descent(text, FontProperties(size=size), False)
    return w


def lanes(case: Case) -> list[str]:
    """The actors that have events, in order of their first event."""
    out: list[str] = []
    for e in case.events:
        if e.actors and e.actors[0] not in out:
            out.append(e.actors[0])
    return out


def _handles(entries):
    """Legend handles: (marker, colour, label) per entry."""
    from matplotlib.lines import Line2D

    return [Line2D([], [], marker=m, color=c, markeredgecolor="black", linestyle="none", markersize=9, label=lab)
            for m, c, lab in entries]


# --- timeline ---------------------------------------------------------------------------------

def timeline(case: Case, start: str = "", end: str = "9999") -> Plot:
    """Events as numbered markers in one lane per actor; marker shape shows the fact's status."""
    events = [e for e in case.events if e.actors and date_in(e.date, start, end)]
    rows = [a for a in lanes(case) if any(e.actors[0] == a for e in events)]
    title = f"Timeline: {case.title}"
    if events:
        lines = [f"Timeline of {len(events)} events from {display_date(events[0].date)} to "
                 f"{display_date(events[-1].date)}, one row per actor "
                 f"(the first actor named); marker shape shows the status (circle verified, square corrected, "
                 f"triangle disputed, diamond paraphrase only); a horizontal bar marks a date known only "
                 f"to the month. Numbered events:"]
    else:
        lines = ["No events."]
    lines += [f"{n}. {display_date(e.date)} ({case.actor(e.actors[0]).name}; {e.status}): {e.title} [source: {cite(case, e.cited)}]"
              for n, e in enumerate(events, 1)]
    undated = [e for e in case.events if e.actors and not e.date]
    if undated:
        lines.append("Not drawn (no date): " + "; ".join(f"{e.title} [source: {cite(case, e.cited)}]" for e in undated))
    description = "\n".join(lines)
    with style():
        if not events:
            fig = new_figure(6, 1.2)
            fig.text(0.5, 0.5, "No events in this period.", ha="center", va="center")
            fig.suptitle(title, fontsize=12)
            return Plot(fig, title, "No events in this period.", description)
        names = {a: case.actor(a).name for a in rows}
        width = 10.0
        fig = new_figure(width, 2.0)  # the height is set below, once the levels are known
        left_px = max(_text_width(fig, n, 10) for n in names.values()) + 24
        legend_px = 170
        x0_px, x1_px = left_px, width * 100 - legend_px
        d0 = min(span(e.date)[0].toordinal() for e in events) - 2  # type: ignore[index]
        d1 = max(span(e.date)[1].toordinal() for e in events) + 4  # type: ignore[index]
        px_per_day = (x1_px - x0_px) / (d1 - d0)
        # Within a lane, an event too close to the one before moves down a level, so that no
        # marker or number hides another.
        level: dict[int, int] = {}
        levels = {a: 1 for a in rows}
        last: dict[tuple[str, int], float] = {}
        for n, e in enumerate(events, 1):
            a = e.actors[0]
            first, final = span(e.date)  # type: ignore[misc]
            x_left, x_right = first.toordinal() * px_per_day, final.toordinal() * px_per_day
            k = 0
            while (a, k) in last and x_left - last[(a, k)] < 30:
                k += 1
            last[(a, k)] = x_right
            level[n] = k
            levels[a] = max(levels[a], k + 1)
        row_px = 22
        lane_top, y = {}, 0.0
        for a in rows:
            lane_top[a] = y
            y += levels[a] + 0.6
        plot_px = row_px * y
        top_px, bottom_px = 46, 58
        height = (plot_px + top_px + bottom_px) / 100
        fig.set_size_inches(width, height)
        ax = fig.add_axes([x0_px / (width * 100), bottom_px / (height * 100), (x1_px - x0_px) / (width * 100),
                           plot_px / (height * 100)])
        ax.set_ylim(y, 0)
        _axis_dates(ax, d0, d1, x1_px - x0_px)
        ax.grid(axis="x", linestyle=":", color=GRID)
        ax.set_yticks([lane_top[a] + 0.3 + levels[a] / 2 for a in rows])
        ax.set_yticklabels([names[a] for a in rows])
        ax.tick_params(axis="y", length=0)
        for a in rows[1:]:
            ax.axhline(lane_top[a], color="#d0d0d0", linewidth=0.8)
        for n, e in enumerate(events, 1):
            a = e.actors[0]
            first, final = span(e.date)  # type: ignore[misc]
            yy = lane_top[a] + 0.3 + level[n] + 0.5
            xx = (first.toordinal() + final.toordinal()) / 2
            if first != final:  # known only to the month: the bar covers the month
                ax.plot([first.toordinal(), final.toordinal()], [yy, yy], color=STATUS_COLOUR[e.status], linewidth=3,
                        solid_capstyle="butt")
            ax.plot([xx], [yy], marker=STATUS_MARKER[e.status], color=STATUS_COLOUR[e.status], markersize=8,
                    markeredgecolor="black", linestyle="none")
            ax.annotate(str(n), (xx, yy), xytext=(5, 4), textcoords="offset points", fontsize=8, va="bottom")
        present = [st for st in STATUS_MARKER if any(e.status == st for e in events)]
        fig.legend(handles=_handles([(STATUS_MARKER[s], STATUS_COLOUR[s], s) for s in present]),
                   title="status of the fact", loc="upper left", frameon=False, fontsize=9, title_fontsize=9,
                   bbox_to_anchor=((x1_px + 24) / (width * 100), 1 - top_px / (height * 100)))
        fig.suptitle(title, y=1 - 10 / (height * 100), va="top")
    alt = lines[0].split(";")[0] + ". The full description, event by event, is printed below the figure."
    return Plot(fig, title, alt, description)


# --- the signed network -----------------------------------------------------------------------

def _nodes(case: Case) -> list[str]:
    return related_actors(case.relations)


def node_kind(case: Case, actor: str) -> str:
    """state, sub-state or organisation: how the network draws an actor, read from its casefile
    kind (a state and its federal institutions are the state; an international organisation or
    coalition is an organisation; everything else, regional governments, parties, joint
    statements, is a sub-state or non-state actor)."""
    kind = case.actor(actor).kind.lower()
    if "organisation" in kind or "organization" in kind or "coalition" in kind:
        return "organisation"
    if kind in ("state", "parliament", "court") or kind.startswith("state"):
        return "state"
    return "sub-state"


def edge_styles(case: Case, period: Optional[str] = None) -> dict[frozenset, tuple[str, bool]]:
    """Each pair's line: its mode ("material" if any of its relations is a deed, else "verbal") and
    whether it rests only on remarks in passing, for the relations of one period or of the case."""
    out: dict[frozenset, list] = {}
    for r in case.relations_in(period):
        out.setdefault(r.pair, []).append(r)
    def mode(rs):  # what the explicit relations show, where there are any
        shown = [r for r in rs if r.strength == "explicit"] or rs
        return "material" if any(r.mode == "material" for r in shown) else "verbal"

    return {p: (mode(rs), all(r.strength == "passing" for r in rs)) for p, rs in out.items()}


def _segment_distance(p, a, b) -> float:
    """Distance from point p to the segment a-b."""
    (px, py), (ax_, ay), (bx, by) = p, a, b
    dx, dy = bx - ax_, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax_) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax_ + t * dx), py - (ay + t * dy))


def _crossings(pos, edges) -> int:
    def ccw(a, b, c):
        return (c[1] - a[1]) * (b[0] - a[0]) - (b[1] - a[1]) * (c[0] - a[0])

    n = 0
    for i, (a, b) in enumerate(edges):
        for c, d in edges[i + 1:]:
            if len({a, b, c, d}) < 4:
                continue
            p, q, r, s = pos[a], pos[b], pos[c], pos[d]
            if ccw(p, q, r) * ccw(p, q, s) < 0 and ccw(r, s, p) * ccw(r, s, q) < 0:
                n += 1
    return n


@functools.lru_cache(maxsize=16)
def _layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...]) -> dict[str, tuple[float, float]]:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    best, best_score = None, None
    # A few seeded spring layouts; keep the one with the fewest edge crossings and no line passing
    # close to an actor it does not join. Fixed seeds: the same layout on every run and redraw.
    for seed in range(LAYOUT_SEED, LAYOUT_SEED + 8):
        if best_score is not None and best_score[0] == 0:
            break  # no line passes close by an actor and no two actors crowd: good enough, and quicker
        raw = nx.spring_layout(g, seed=seed, k=1.6 / math.sqrt(max(1, len(nodes))), iterations=150)
        xs = [float(p[0]) for p in raw.values()]
        ys = [float(p[1]) for p in raw.values()]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        scale = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
        pos = _spread({a: ((float(raw[a][0]) - cx) / scale, (float(raw[a][1]) - cy) / scale) for a in nodes})
        near = sum(1 for a, b in edges for c in nodes if c not in (a, b) and _segment_distance(pos[c], pos[a], pos[b]) < 0.12)
        near += _narrow_angles(pos, edges)
        closest = min((math.dist(pos[a], pos[b]) for i, a in enumerate(nodes) for b in nodes[i + 1:]), default=1)
        score = (near + (1 if closest < 0.3 else 0), _crossings(pos, list(edges)))
        if best_score is None or score < best_score:
            best, best_score = pos, score
    return {a: (round(x, 4), round(y, 4)) for a, (x, y) in best.items()}  # type: ignore[union-attr]


def _narrow_angles(pos, edges, least: float = 10.0) -> int:
    """How many pairs of lines leave one actor less than ``least`` degrees apart (their numbers
    would sit on each other's line)."""
    out = {}
    for a, b in edges:
        for x, y in ((a, b), (b, a)):
            out.setdefault(x, []).append(math.atan2(pos[y][1] - pos[x][1], pos[y][0] - pos[x][0]))
    n = 0
    for angles in out.values():
        for i, u in enumerate(angles):
            for v in angles[i + 1:]:
                d = abs(math.degrees(u - v)) % 360
                n += min(d, 360 - d) < least
    return n


def _spread(pos: dict, gap: float = 0.4, rounds: int = 80) -> dict:
    """Push apart actors closer than ``gap`` (a spring layout crowds the well-connected core while
    actors with one relation hang far out), then scale back to [-1, 1]. Deterministic."""
    pos = {a: list(p) for a, p in pos.items()}
    names = list(pos)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                (ax_, ay), (bx, by) = pos[a], pos[b]
                d = math.hypot(bx - ax_, by - ay)
                if d < gap:
                    ux, uy = ((bx - ax_) / d, (by - ay) / d) if d > 1e-9 else (1.0, 0.0)
                    push = (gap - d) / 2
                    pos[a] = [ax_ - ux * push, ay - uy * push]
                    pos[b] = [bx + ux * push, by + uy * push]
                    moved = True
        if not moved:
            break
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {a: ((x - cx) / scale, (y - cy) / scale) for a, (x, y) in pos.items()}


def network_positions(case: Case) -> dict[str, tuple[float, float]]:
    """Where every actor in a relation sits, in [-1, 1] (the same on every run and redraw, whatever
    network the student draws): the casefile's stored ``layout`` when it has one, else
    ``computed_positions`` (also for a case changed in code, whose actors the stored layout does not
    match)."""
    if case.layout and {a for a, _, _ in case.layout} == set(_nodes(case)):
        return {a: (x, y) for a, x, y in case.layout}
    return computed_positions(case)


def computed_positions(case: Case, keep: Optional[Mapping[str, tuple[float, float]]] = None
                       ) -> dict[str, tuple[float, float]]:
    """A seeded networkx spring layout of every actor in a relation, scaled to [-1, 1] and spread
    (what ``casekit layout`` stores in case.yaml, so that a lesson need not import networkx and
    the figure stays the same whatever networkx version is installed). With ``keep`` (places
    already stored), the actors still in a relation keep their places and only the others are
    placed, so the picture stays the same when relations change."""
    nodes = tuple(_nodes(case))
    edges = tuple(sorted({tuple(sorted(r.pair)) for r in case.relations}))  # type: ignore[misc]
    kept = {a: tuple(keep[a]) for a in nodes if keep and a in keep}
    if not kept:
        return dict(_layout(nodes, edges))
    if len(kept) == len(nodes):
        return {a: kept[a] for a in nodes}  # type: ignore[misc]
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    raw = nx.spring_layout(g, pos={a: list(p) for a, p in kept.items()}, fixed=list(kept), seed=LAYOUT_SEED,
                           k=1.6 / math.sqrt(max(1, len(nodes))), iterations=150)
    return {a: kept[a] if a in kept else (round(max(-1.0, min(1.0, float(raw[a][0]))), 4),  # type: ignore[misc]
                                          round(max(-1.0, min(1.0, float(raw[a][1]))), 4)) for a in nodes}


def _edge_dates(case: Case, period: Optional[str] = None) -> dict[frozenset, str]:
    out: dict[frozenset, list[str]] = {}
    for r in case.relations_in(period):
        out.setdefault(r.pair, []).append(r.date)
    return {p: display_date(min(d, key=date_key), "undated") if len(set(d)) == 1
            else f"{display_date(min(d, key=date_key), 'undated')}…{display_date(max(d, key=date_key), 'undated')}"
            for p, d in out.items()}


def _pairs(signs: Mapping[frozenset, int]) -> list[tuple[frozenset, int]]:
    return sorted(signs.items(), key=lambda kv: sorted(kv[0]))


def _network_words(case: Case, signs: Mapping[frozenset, int], compare, title: str, dates: bool,
                   period: Optional[str] = None, styles: Optional[Mapping] = None, nodes=None):
    """The network's description and alternative text, and the numbering and differences they use."""
    pos = network_positions(case) if nodes is None else nodes
    when = _edge_dates(case, period)
    styles = styles or {}
    pairs = _pairs(signs)
    number = {pair: n for n, (pair, _) in enumerate(pairs, 1)}
    lines = [f"Signed network of {len(pos)} actors and {len(signs)} relations"
             + (f", {case.period(period).label}" if period else "")
             + (" (the numbers on the lines):" if dates else ":")]
    for pair, sign in pairs:
        a, b = sorted(pair)
        dated = f" ({when[pair]})" if pair in when else ""
        how = ""
        if pair in styles:
            mode, passing = styles[pair]
            how = (", in deeds" if mode == "material" else ", in words only") + (
                ", a remark in passing (not counted in the triads)" if passing else "")
        lines.append(f"{number[pair]}. {case.actor(a).name} – {case.actor(b).name}: "
                     f"{SIGN_TEXT[sign].split(' (')[0]}{how}{dated}")
    differ = [p for p, s in pairs if compare is not None and compare.get(p) != s]
    if compare is not None:
        missing = [p for p in compare if p not in signs]
        if differ or missing:
            lines.append("Differences from the casefile (thick lines): " + "; ".join(
                f"{' – '.join(case.actor(x).name for x in sorted(p))}: you have "
                f"{SIGN_TEXT[signs[p]].split(' (')[0] if p in signs else 'no relation'}, the sources show "
                f"{SIGN_TEXT[compare[p]].split(' (')[0] if p in compare else 'no stated relation'}"
                for p in differ + missing))
        else:
            lines.append("No differences from the casefile.")
    alt = (f"{title}: {len(pos)} actors, {len(signs)} lines between them. "
           "Each relation is listed in words below the figure.")
    return pairs, number, differ, "\n".join(lines), alt


def _draw_edges(ax, pos, pairs, differ, styles: Optional[Mapping] = None) -> list:
    drawn = []
    styles = styles or {}
    for pair, sign in pairs:
        a, b = sorted(pair)
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[b]
        mode, passing = styles.get(pair, ("", False))
        ax.plot([x1, x2], [y1, y2], linestyle=SIGN_LINE[sign], color=SIGN_COLOUR[sign],
                linewidth=4.5 if pair in differ else MODE_WIDTH[mode], alpha=PASSING_ALPHA if passing else 1.0,
                zorder=1, solid_capstyle="butt")
        drawn.append((pair, sign))
    return drawn


def _draw_actors(ax, case: Case, pos, shown=None) -> None:
    """The actors (marker shape by kind) and their names; ``shown``: only these actors (names keep
    the places worked out for the whole network, so a period's figure matches the others)."""
    shown = list(pos) if shown is None else [a for a in pos if a in shown]
    for kind, (marker, _) in NODE_KINDS.items():
        mine = [a for a in shown if node_kind(case, a) == kind]
        if mine:
            ax.plot([pos[a][0] for a in mine], [pos[a][1] for a in mine], marker=marker,
                    markersize=NODE_SIZE * (0.85 if marker != "o" else 1), color="white", markeredgecolor="black",
                    markeredgewidth=1.4, linestyle="none", zorder=3)
    for a, (xy, ha, va, label) in _name_places(case, ax.figure, ax).items():
        if a in shown:
            ax.text(xy[0], xy[1], label, ha=ha, va=va, fontsize=NAME_SIZE, zorder=4, linespacing=1.1,
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.75))


def _draw_frame(fig, title: str, compare: bool, dates: bool, typed: bool = False, kinds=()) -> None:
    """The legend (line styles, and with ``typed`` the widths and shapes) and the title."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=SIGN_COLOUR[s], linestyle=SIGN_LINE[s], lw=2, label=SIGN_TEXT[s])
               for s in (1, -1, 0)]
    if typed:
        handles += [Line2D([], [], color="black", lw=MODE_WIDTH["material"], label="thick: in deeds (material)"),
                    Line2D([], [], color="black", lw=MODE_WIDTH["verbal"], label="thin: in words only (verbal)"),
                    Line2D([], [], color="black", lw=MODE_WIDTH["verbal"], alpha=PASSING_ALPHA,
                           label="pale: a remark in passing (not counted in the triads)")]
    for kind in kinds:
        marker, label = NODE_KINDS[kind]
        handles.append(Line2D([], [], marker=marker, markersize=9, color="white", markeredgecolor="black",
                              linestyle="none", label=label))
    if compare:
        handles.append(Line2D([], [], color="black", lw=4.5, label="thick: differs from the sources"))
    if dates:
        handles.append(Line2D([], [], marker="o", markersize=11, color="white", markeredgecolor="black",
                              linestyle="none", label="number: the relation's dates, listed below the figure"))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), frameon=False, fontsize=9,
               ncol=2 if len(handles) > 5 else 1)
    fig.suptitle(title, y=0.985, va="top")


def network(case: Case, signs: Optional[Mapping[frozenset, int]] = None,
            compare: Optional[Mapping[frozenset, int]] = None, title: str = "", dates: bool = True,
            period: Optional[str] = None) -> Plot:
    """The signed network: solid lines for cooperation, dashed for conflict, dash-dot for both.

    ``signs`` defaults to the casefile's, of one ``period`` (by id) or of the whole case, with
    relations in passing drawn pale; the casefile's lines are thick for deeds and thin for words,
    and each actor's marker shape says its kind. With ``compare``, edges that differ are drawn
    thick and named in the description. With ``dates``, each line carries a number keyed to the
    numbered list of the description, which gives the dates of its evidence (placed where no other
    line passes). Every period's figure keeps the one layout of the whole case.
    """
    from .alliances import case_signs

    typed = signs is None
    signs = dict(case_signs(case, period, passing=True) if signs is None else signs)
    styles = edge_styles(case, period) if typed else {}
    if period:
        title = title or f"Who stood with whom: {case.period(period).label}"
    title = title or "Who stood with whom: the signed network"
    pos = network_positions(case)
    shown = ({a for p in signs for a in p} & set(pos)) if period else set(pos)
    pairs, number, differ, description, alt = _network_words(
        case, signs, compare, title, dates, period, styles, {a: pos[a] for a in pos if a in shown})
    with style():
        fig, ax = _network_axes(len(pos))
        drawn = _draw_edges(ax, pos, pairs, differ, styles)
        _draw_actors(ax, case, pos, shown)
        if dates:
            _number_edges(fig, ax, case, drawn, number, pos)
        kinds = [k for k in NODE_KINDS if any(node_kind(case, a) == k for a in shown)] if typed else ()
        _draw_frame(fig, title, compare is not None, dates, typed, kinds)
    return Plot(fig, title, alt, description)


def networks_by_period(case: Case, dates: bool = True) -> list[Plot]:
    """One network per period of the casefile, each with the one layout of the whole case."""
    return [network(case, period=p.id, dates=dates) for p in case.periods]


class NetworkPainter:
    """Quick redraws of one case's network, for the alliance builder: the title, legend, actors
    and names are drawn once (matplotlib, Agg); a redraw draws only the lines and lays the three
    layers over each other. The picture is the one ``network(..., dates=False)`` draws, at the
    width the widget shows (``width`` pixels)."""

    def __init__(self, case: Case, width: int = 470):
        self.case = case
        self.width = width
        self.pos = network_positions(case)
        self._frames: dict = {}
        self._actors = None
        self._lines = None

    def _figure(self, transparent: bool):
        fig, ax = _network_axes(len(self.pos))
        _name_places(self.case, fig, ax)  # worked out at the standard size, as for every network figure
        fig.set_dpi(self.width / _net_size(len(self.pos))[0])
        if transparent:
            fig.patch.set_alpha(0)
        return fig, ax

    @staticmethod
    def _image(fig):
        from PIL import Image

        fig.canvas.draw()
        return Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).copy()

    def _layers(self, title: str, compare: bool):
        with style():
            if (title, compare) not in self._frames:
                fig, _ = self._figure(False)
                _draw_frame(fig, title, compare, False)
                self._frames[(title, compare)] = self._image(fig)
            if self._actors is None:
                fig, ax = self._figure(True)
                _draw_actors(ax, self.case, self.pos)
                self._actors = self._image(fig)
                self._lines = self._figure(True)
        return self._frames[(title, compare)], self._actors, self._lines

    def plot(self, signs: Mapping[frozenset, int], compare: Optional[Mapping[frozenset, int]] = None,
             title: str = "") -> tuple[bytes, str, str]:
        """(PNG bytes, alternative text, description) of the network with these signs."""
        import io

        from PIL import Image

        title = title or "Who stood with whom: the signed network"
        pairs, _, differ, description, alt = _network_words(self.case, dict(signs), compare, title, False)
        frame, actors, (fig, ax) = self._layers(title, compare is not None)
        with style():
            for line in list(ax.lines):
                line.remove()
            _draw_edges(ax, self.pos, pairs, differ)
            lines = self._image(fig)
        out = Image.alpha_composite(Image.alpha_composite(frame, lines), actors).convert("RGB")
        buf = io.BytesIO()
        out.save(buf, "PNG", compress_level=1)
        return buf.getvalue(), alt, description

    def html(self, signs, compare=None, title: str = "") -> tuple[str, str]:
        """(an <img> with alternative text, the description) for a widget."""
        import base64
        import html

        data, alt, description = self.plot(signs, compare, title)
        img = (f'<img class="casekit-figure" src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}" '
               f'alt="{html.escape(alt, quote=True)}" width="{self.width}" style="max-width:100%;height:auto">')
        return img, description


NODE_SIZE = 12      # marker size of an actor, in points
NAME_SIZE = 10      # font size of an actor's name
NET_SIZE = (7.2, 7.2)   # for up to ten actors; a larger network gets a larger figure
NET_AXES = (0.02, 0.15, 0.96, 0.78)


def _net_size(n: int) -> tuple[float, float]:
    side = round(min(10.0, max(NET_SIZE[0], NET_SIZE[0] * math.sqrt(n / 10))), 1)
    return side, side


def _network_axes(n: int = 0):
    """The network's figure and axes: axes in fixed pixels with one scale on both axes, so pixel
    positions are known before drawing and a redraw never moves anything."""
    size = _net_size(n)
    fig = new_figure(*size)
    ax = fig.add_axes(NET_AXES)
    ax.set_axis_off()
    ax_w, ax_h = size[0] * 100 * NET_AXES[2], size[1] * 100 * NET_AXES[3]
    half_x = 1.45
    ax.set_xlim(-half_x, half_x)
    ax.set_ylim(-half_x * ax_h / ax_w, half_x * ax_h / ax_w)
    return fig, ax


def _segments_px(ax, pos, pairs) -> dict:
    to_px = ax.transData.transform
    return {pair: (tuple(to_px(pos[sorted(pair)[0]])), tuple(to_px(pos[sorted(pair)[1]]))) for pair in pairs}


class _Box(NamedTuple):
    """A box in pixels (what matplotlib's Bbox gives, without its transform machinery: placing the
    labels tests thousands of boxes)."""
    x0: float
    y0: float
    x1: float
    y1: float


def _box(x0: float, y0: float, w: float, h: float) -> _Box:
    return _Box(x0, y0, x0 + w, y0 + h)


def _box_of(bbox) -> _Box:
    """A matplotlib Bbox as a _Box (its corners in order)."""
    (x0, y0), (x1, y1) = bbox.get_points()
    return _Box(float(min(x0, x1)), float(min(y0, y1)), float(max(x0, x1)), float(max(y0, y1)))


def _padded(b: _Box, p: float) -> _Box:
    return _Box(b.x0 - p, b.y0 - p, b.x1 + p, b.y1 + p)


def _overlaps(a: _Box, b: _Box) -> bool:
    """Whether two boxes overlap (touching counts), as matplotlib's Bbox.overlaps says."""
    return a.x0 <= b.x1 and b.x0 <= a.x1 and a.y0 <= b.y1 and b.y0 <= a.y1


def _crosses(box, seg) -> bool:
    """Whether the segment passes through the box (Liang-Barsky clipping; pixels)."""
    (x1, y1), (x2, y2) = seg
    dx, dy = x2 - x1, y2 - y1
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x1 - box.x0), (dx, box.x1 - x1), (-dy, y1 - box.y0), (dy, box.y1 - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


_NAME_PLACES: dict = {}


def _name_places(case: Case, fig, ax) -> dict:
    """Where each actor's name goes (data position, alignment, wrapped text): beside its marker, in
    the direction that crosses fewest lines and no other name or marker. Depends only on the
    casefile's network (worked out on the first network's axes, which all share one geometry), so
    every redraw puts names in the same places."""
    pos = network_positions(case)
    labels = tuple((a, textwrap.fill(case.actor(a).name, 16)) for a in pos)
    pairs = tuple(sorted({tuple(sorted(r.pair)) for r in case.relations}))
    key = (tuple(pos.items()), labels, pairs)
    if key not in _NAME_PLACES:
        if len(_NAME_PLACES) > 16:
            _NAME_PLACES.clear()
        _NAME_PLACES[key] = _place_names(fig, ax, pos, labels, pairs)
    return dict(_NAME_PLACES[key])


def _place_names(fig, ax, pos, labels, pairs):
    """Try sixteen directions around each actor (in pixels of a 100-dpi network figure) and keep the
    first that overlaps no name or actor and stays inside the drawing, crossing the fewest lines."""
    r = renderer(fig)
    segs = _segments_px(ax, pos, [frozenset(p) for p in pairs])
    nodes_px = {a: tuple(ax.transData.transform(p)) for a, p in pos.items()}
    inv = ax.transData.inverted()
    node_r = NODE_SIZE / 2 * 100 / 72 + 2
    placed: list = []
    out = {}
    # the most connected actors first: they have the fewest free directions
    order = sorted(pos, key=lambda a: -sum(1 for p in pairs if a in p))
    fig_box = _box_of(fig.bbox)
    for a in order:
        label = dict(labels)[a]
        cx, cy = nodes_px[a]
        # measure the label once; an aligned box only moves with its anchor
        t = ax.text(0, 0, label, ha="left", va="bottom", fontsize=NAME_SIZE, linespacing=1.1)
        w, h = t.get_window_extent(r).size
        t.remove()
        best = None
        for k, angle in enumerate((0, 180, 90, 270, 45, 135, 225, 315, 22, 158, 202, 338, 68, 112, 248, 292)):
            ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            gap = node_r + 3
            ha = "left" if ux > 0.3 else "right" if ux < -0.3 else "center"
            va = "bottom" if uy > 0.3 else "top" if uy < -0.3 else "center"
            px, py = cx + gap * ux, cy + gap * uy
            x0 = px if ha == "left" else px - w if ha == "right" else px - w / 2
            y0 = py if va == "bottom" else py - h if va == "top" else py - h / 2
            xy = inv.transform((px, py))
            box = _padded(_box(x0, y0, w, h), 2)
            outside = box.x0 < fig_box.x0 or box.x1 > fig_box.x1 or box.y1 > fig_box.y1 - 30 or box.y0 < fig_box.y1 * NET_AXES[1]
            clash = sum(1 for b in placed if _overlaps(b, box))
            on_node = sum(1 for n, (nx_, ny) in nodes_px.items()
                          if n != a and box.x0 - node_r < nx_ < box.x1 + node_r and box.y0 - node_r < ny < box.y1 + node_r)
            lines = sum(1 for seg in segs.values() if _crosses(box, seg))
            score = (outside + clash + on_node, lines, k)
            if best is None or score < best[0]:
                best = (score, (tuple(float(v) for v in xy), ha, va, label), box)
        placed.append(best[2])  # type: ignore[index]
        out[a] = best[1]  # type: ignore[index]
    return tuple((a, out[a]) for a in pos)


# where along its line a relation's number may go: the middle first, then outwards
FRACTIONS = tuple(sorted((0.1 + 0.04 * i for i in range(21)), key=lambda f: (abs(f - 0.5), f)))


def _number_edges(fig, ax, case: Case, drawn, number, pos) -> None:
    """Put each relation's number on its line, where no other line passes and no text lies."""
    r = renderer(fig)
    segs = _segments_px(ax, pos, [p for p, _ in drawn])
    nodes_px = [tuple(ax.transData.transform(p)) for p in pos.values()]
    boxes = [_padded(_box_of(t.get_window_extent(r)), 1) for t in ax.texts]
    inv = ax.transData.inverted()
    size: dict[str, tuple[float, float]] = {}
    for pair, sign in drawn:
        p1, p2 = segs[pair]
        label = str(number[pair])
        t = ax.text(0, 0, label, fontsize=8, ha="center", va="center", zorder=5,
                    bbox=dict(boxstyle="circle,pad=0.2", fc="white", ec=SIGN_COLOUR[sign], lw=1))
        if len(label) not in size:  # a centred label's box only moves with its centre: measure it once
            t.set_position(tuple(inv.transform((0, 0))))
            box = t.get_window_extent(r)
            t.update_bbox_position_size(r)
            patch = t.get_bbox_patch().get_window_extent(r)
            size[len(label)] = (max(box.width, patch.width), max(box.height, patch.height))
        w, h = size[len(label)]
        best = None
        length = math.dist(p1, p2) or 1.0
        nx_, ny_ = -(p2[1] - p1[1]) / length, (p2[0] - p1[0]) / length  # across the line
        shift = min(w, h) / 2 - 2  # the label still sits on its own line
        candidates = [(f, 0.0) for f in FRACTIONS] + [(f, side * shift) for f in FRACTIONS for side in (1, -1)]
        others = [seg for q, seg in segs.items() if q != pair]
        for k, (f, off) in enumerate(candidates):
            c = (p1[0] + f * (p2[0] - p1[0]) + off * nx_, p1[1] + f * (p2[1] - p1[1]) + off * ny_)
            box = _box(c[0] - w / 2, c[1] - h / 2, w, h)
            halo = _padded(box, 3)
            clash = sum(1 for b in boxes if _overlaps(b, box))  # on another text
            on_line = sum(1 for seg in others if _crosses(box, seg))  # another line through the label itself
            near = (sum(1 for b in boxes if _overlaps(b, halo)) + sum(1 for seg in others if _crosses(halo, seg))
                    + sum(1 for n in nodes_px if math.dist(c, n) < 16))
            score = (clash, on_line, near, k)
            if best is None or score < best[0]:
                best = (score, c, halo)
                if score[:3] == (0, 0, 0):
                    break
        t.set_position(tuple(inv.transform(best[1])))  # type: ignore[index]
        boxes.append(_padded(best[2], -3))  # type: ignore[index]


# --- stances ----------------------------------------------------------------------------------

def stance_records(case: Case) -> list[dict]:
    """The case's stances as plain records, in date order (undated last): actor id and name,
    position, date (YYYY-MM-DD, YYYY-MM or None) and summary. For drawing a chart of your own."""
    rows = sorted(case.stances, key=lambda s: (date_key(s.date), case.actor(s.actor).name))
    return [{"actor": s.actor, "name": case.actor(s.actor).name, "position": s.position, "date": s.date,
             "summary": s.summary} for s in rows]


def stances(case: Case) -> Plot:
    """Each actor's positions on the case's event in time order: one row per actor, a marker per dated
    position (shape and colour per position), rows ordered by the actor's first position."""
    records = stance_records(case)
    dated = [r for r in records if r["date"]]
    actors: list[str] = []
    for r in dated:
        if r["actor"] not in actors:
            actors.append(r["actor"])
    names = {r["actor"]: r["name"] for r in records}
    title = f"Positions on {case.event_name}, in time order"
    lines = [f"Positions on {case.event_name}: one row per actor ({len(actors)}), in the order of each actor's first "
             "dated position; a marker per position at its date (shape and colour show the position; a bar marks "
             "a date known only to the month):"]
    for a in actors:
        mine = [r for r in dated if r["actor"] == a]
        lines.append(f"- {names[a]}: " + join_clauses(f"{r['position']} ({display_date(r['date'])}). {r['summary']}" for r in mine))
    undated = [r for r in records if not r["date"]]
    if undated:
        lines.append("Not drawn (no date): " + "; ".join(f"{r['name']}: {r['position']}" for r in undated))
    description = "\n".join(lines)
    alt = (f"{title}: {len(actors)} actors, one row each, {len(dated)} markers placed by date. "
           "Each position is listed in words below the figure.")
    with style():
        width = 9.0
        fig = new_figure(width, 2.0)
        if not dated:
            fig.text(0.5, 0.5, "No dated positions.", ha="center", va="center")
            return Plot(fig, title, alt, description)
        left_px = max(_text_width(fig, names[a], 10) for a in actors) + 24
        legend_px = 130
        row_px, top_px, bottom_px = 30, 46, 58
        height = (row_px * len(actors) + top_px + bottom_px) / 100
        fig.set_size_inches(width, height)
        x0_px, x1_px = left_px, width * 100 - legend_px
        ax = fig.add_axes([x0_px / (width * 100), bottom_px / (height * 100), (x1_px - x0_px) / (width * 100),
                           row_px * len(actors) / (height * 100)])
        d0 = min(span(r["date"])[0].toordinal() for r in dated) - 3  # type: ignore[index]
        d1 = max(span(r["date"])[1].toordinal() for r in dated) + 9  # room for the last date's label
        _axis_dates(ax, d0, d1, x1_px - x0_px)
        ax.set_ylim(len(actors) - 0.5, -0.5)
        ax.set_yticks(range(len(actors)))
        ax.set_yticklabels([names[a] for a in actors])
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", linestyle=":", color=GRID)
        px_per_day = (x1_px - x0_px) / (d1 - d0)
        for i, a in enumerate(actors):
            mine = [r for r in dated if r["actor"] == a]
            xs = [_mid(r["date"]) for r in mine]
            if len(mine) > 1:  # a change of position: a thin line joins them, in time order
                ax.plot(xs, [i] * len(xs), color="#b0b0b0", linewidth=1, zorder=1)
            for k, (r, x) in enumerate(zip(mine, xs)):
                first, last = span(r["date"])  # type: ignore[misc]
                colour = POSITION_COLOUR[r["position"]]
                if first != last:
                    ax.plot([first.toordinal(), last.toordinal()], [i, i], color=colour, linewidth=3, zorder=2,
                            solid_capstyle="butt")
                ax.plot([x], [i], marker=POSITION_MARKER[r["position"]], color=colour, markersize=10,
                        markeredgecolor="black", linestyle="none", zorder=3)
                room = (xs[k + 1] - x) * px_per_day if k + 1 < len(xs) else 99
                above = room < 48  # the next marker is too close for a label beside this one
                ax.annotate(short_date(r["date"]), (x, i), xytext=(0, 8) if above else (8, 0),
                            textcoords="offset points", fontsize=8, ha="center" if above else "left",
                            va="bottom" if above else "center")
        present = [p for p in POSITION_MARKER if any(r["position"] == p for r in dated)]
        fig.legend(handles=_handles([(POSITION_MARKER[p], POSITION_COLOUR[p], p) for p in present]),
                   title="position", loc="upper left", frameon=False, fontsize=9, title_fontsize=9,
                   bbox_to_anchor=((x1_px + 16) / (width * 100), 1 - top_px / (height * 100)))
        fig.suptitle(title, y=1 - 10 / (height * 100), va="top")
    return Plot(fig, title, alt, description)


# --- draw your own ----------------------------------------------------------------------------

def _chart_class():
    from matplotlib.figure import Figure

    class Chart(Figure):
        """A matplotlib Figure that shows itself in a notebook as an image with alternative text
        (made from its title, axis labels and number of marks), without pyplot."""

        def _repr_html_(self):
            ax = self.axes[0] if self.axes else None
            if ax is None or not (ax.has_data() or ax.get_title()):
                return "<p><i>An empty chart: draw on <code>ax</code>, then run the cell again.</i></p>"
            return self.plot().html()

        def plot(self) -> Plot:
            ax = self.axes[0] if self.axes else None
            title = (ax.get_title() if ax else "") or "Your chart"
            alt = (f"{title}: x axis {ax.get_xlabel() or '(no label)'}, y axis {ax.get_ylabel() or '(no label)'}, "
                   f"{marks(ax)} marks." if ax else f"{title}: empty.")
            return Plot(self, title, alt, alt)

    return Chart


def new_chart(width: float = 7, height: float = 4):
    """A blank matplotlib Figure and its Axes, for a chart of your own: ``fig, ax = plots.new_chart()``.
    Draw with ``ax.scatter``, ``ax.plot``, ``ax.barh``...; end the cell with ``fig`` to show it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = _chart_class()(figsize=(width, height), dpi=100, facecolor="white", layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def marks(ax) -> int:
    """How many data marks an Axes holds: points of markers and scatters, bars."""
    n = 0
    for line in ax.lines:
        if line.get_marker() not in (None, "", " ", "None", "none"):
            n += len(line.get_xdata())
    for coll in ax.collections:
        n += len(coll.get_offsets())
    n += sum(len(c) for c in ax.containers if c.__class__.__name__ == "BarContainer")
    return n


def check_chart(fig_or_ax, expected_marks: int) -> list[str]:
    """What a chart still lacks: a title, labelled axes, one mark per item (empty when it is done)."""
    axes = fig_or_ax.axes if hasattr(fig_or_ax, "get_axes") and not hasattr(fig_or_ax, "get_xlabel") else [fig_or_ax]
    axes = [a for a in axes if a.has_data()] or list(axes)
    if not axes:
        return ["the figure has no axes: start with fig, ax = plots.new_chart()"]
    ax = axes[0]
    fig = ax.figure
    problems = []
    suptitle = getattr(fig, "_suptitle", None)
    if not (ax.get_title().strip() or (suptitle is not None and suptitle.get_text().strip())):
        problems.append("give the chart a title (ax.set_title)")
    if not ax.get_xlabel().strip():
        problems.append("label the x axis (ax.set_xlabel)")
    if not ax.get_ylabel().strip():
        problems.append("label the y axis (ax.set_ylabel)")
    found = marks(ax)
    if found != expected_marks:
        problems.append(f"draw one mark per actor: the chart has {found} marks, the question has "
                        f"{expected_marks} actors")
    return problems


def show(plot: Plot, width: int = 100) -> None:
    """In a notebook: display the figure (an image with its alternative text), then print its description."""
    from IPython.display import display

    display({"text/html": plot.html(), "text/plain": plot.description.splitlines()[0]}, raw=True)
    print("\n".join(textwrap.fill(line, width, subsequent_indent="   ") for line in plot.description.splitlines()))


__all__: Sequence[str] = ("timeline", "network", "network_positions", "computed_positions", "NetworkPainter", "stances", "stance_records", "new_chart",
                          "check_chart", "marks", "show", "span", "short_date", "lanes")
