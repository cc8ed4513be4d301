"""Figures drawn from a Case: a timeline, the signed alliance network, the stances chart.

Each function returns ``(figure, description)``: the figure is SVG (see ``svg.py``; no plotting
library is imported, so a lesson's first figure costs milliseconds, not the half second a plotting
library takes to import in a fresh kernel) and the description is the figure in words, shown
beside it for readers who cannot see it. Colours come from a colour-blind-safe palette and every
distinction is also made by shape, line style or label. Layouts are fixed (no randomness), so a
figure is the same bytes on every run.
"""
from __future__ import annotations

import datetime
import math
import textwrap
from typing import Mapping, Optional

from .model import Case, date_in, date_key, date_span, display_date
from .style import OKABE_ITO
from .svg import Drawing, Figure, text_width

STATUS_MARKER = {"verified": "circle", "corrected": "square", "disputed": "triangle-up", "paraphrase": "diamond"}
STATUS_COLOUR = {"verified": OKABE_ITO[4], "corrected": OKABE_ITO[0], "disputed": OKABE_ITO[5], "paraphrase": OKABE_ITO[6]}
POSITION_MARKER = {"support": "triangle-up", "oppose": "triangle-down", "conditional": "square", "mixed": "diamond",
                   "unclear": "circle"}
POSITION_COLOUR = {"support": OKABE_ITO[2], "oppose": OKABE_ITO[5], "conditional": OKABE_ITO[0], "mixed": OKABE_ITO[4],
                   "unclear": OKABE_ITO[6]}
SIGN_COLOUR = {1: OKABE_ITO[4], -1: OKABE_ITO[5], 0: OKABE_ITO[7]}
SIGN_LINE = {1: "solid", -1: "dashed", 0: "dashdot"}
SIGN_TEXT = {1: "cooperation or support (solid line)", -1: "confrontation or warning (dashed line)",
             0: "both (dash-dot line)"}
GRID = "#8c8c8c"


def _date(s: str) -> datetime.date:
    # a month-only date (YYYY-MM) is placed at the month's first day; its label names only the month
    return date_span(s)[0]


def lanes(case: Case) -> list[str]:
    """The actors that have events, in order of their first event."""
    out: list[str] = []
    for e in case.events:
        if e.actors and e.actors[0] not in out:
            out.append(e.actors[0])
    return out


def _legend(d: Drawing, x: float, y: float, title: str, entries: list[tuple[str, str, str]]) -> None:
    """Marker legend: (shape, colour, label) per row."""
    d.text(x, y, title, size=12, weight="bold")
    for i, (shape, colour, label) in enumerate(entries, 1):
        d.marker(shape, x + 8, y + 22 * i, 12, colour)
        d.text(x + 22, y + 22 * i, label, size=12)


def timeline(case: Case, start: str = "", end: str = "9999"):
    """Events as numbered markers in one lane per actor; marker shape shows the fact's status."""
    events = [e for e in case.events if date_in(e.date, start, end) and e.actors]
    rows = [a for a in lanes(case) if any(e.actors[0] == a for e in events)]
    title = f"Timeline: {case.title}"
    lines = [f"Timeline of {len(events)} events from {display_date(events[0].date)} to {display_date(events[-1].date)}, one row per actor "
             f"(the first actor named); marker shape shows the status (circle verified, square corrected, "
             f"triangle disputed, diamond paraphrase only). Numbered events:"] if events else ["No events."]
    lines += [f"{n}. {display_date(e.date)} ({case.actor(e.actors[0]).name}; {e.status}): {e.title} [source: {e.cited}]"
              for n, e in enumerate(events, 1)]
    description = "\n".join(lines)
    if not events:
        d = Drawing(600, 80, title, "No events in this period.")
        d.text(300, 50, "No events in this period.", anchor="middle")
        return d.figure(description), description

    names = {a: case.actor(a).name for a in rows}
    left = max(text_width(n, 13) for n in names.values()) + 24
    width, legend_w = 1000, 170
    x0, x1 = left + 16, width - legend_w - 24
    d0 = _date(events[0].date) - datetime.timedelta(days=2)
    d1 = _date(events[-1].date) + datetime.timedelta(days=2)
    span = max(1, (d1 - d0).days)

    def x_of(day: datetime.date) -> float:
        return x0 + (day - d0).days / span * (x1 - x0)

    # Within a lane, an event too close to the one before moves to the next level down, so no
    # marker or number hides another.
    level: dict[int, int] = {}
    levels = {a: 1 for a in rows}
    last: dict[tuple[str, int], float] = {}
    for n, e in enumerate(events, 1):
        a, x = e.actors[0], x_of(_date(e.date))
        k = 0
        while (a, k) in last and x - last[(a, k)] < 30:
            k += 1
        last[(a, k)] = x
        level[n] = k
        levels[a] = max(levels[a], k + 1)
    top, step = 52, 22
    lane_top, y = {}, top
    for a in rows:
        lane_top[a] = y
        y += 14 + step * levels[a]
    bottom = y
    height = int(bottom + 44)
    alt = lines[0].split(";")[0] + ". The full description, event by event, is printed below the figure."
    d = Drawing(width, height, title, alt)
    d.heading()
    d.rect(x0 - 8, top, x1 - x0 + 16, bottom - top, stroke="#000")
    monday = d0 + datetime.timedelta(days=(7 - d0.weekday()) % 7)
    every = 7 if (x1 - x0) * 7 / span >= 52 else 14
    day = monday
    while day <= d1:
        x = x_of(day)
        d.line(x, top, x, bottom, stroke=GRID, style="dotted")
        d.line(x, bottom, x, bottom + 5, stroke="#000")
        d.text(x, bottom + 17, f"{day.day:02d} {day:%b}", size=11, anchor="middle")
        day += datetime.timedelta(days=every)
    for i, a in enumerate(rows):
        mid = lane_top[a] + 7 + step * levels[a] / 2
        if i:
            d.line(x0 - 8, lane_top[a], x1 + 8, lane_top[a], stroke="#d0d0d0")
        d.text(x0 - 16, mid, names[a], size=13, anchor="end")
    for n, e in enumerate(events, 1):
        a = e.actors[0]
        x = x_of(_date(e.date))
        y = lane_top[a] + 7 + step * (level[n] + 0.5)
        d.marker(STATUS_MARKER[e.status], x, y, 13, STATUS_COLOUR[e.status])
        d.text(x + 8, y - 8, str(n), size=10, halo=True)
    present = [st for st in STATUS_MARKER if any(e.status == st for e in events)]
    _legend(d, x1 + 30, top + 8, "status of the fact", [(STATUS_MARKER[st], STATUS_COLOUR[st], st) for st in present])
    return d.figure(description), description


def network_positions(case: Case) -> dict[str, tuple[float, float]]:
    """A fixed circular layout of every actor in a relation (the same on every run and redraw)."""
    nodes = []
    for r in case.relations:
        for a in (r.actor, r.other):
            if a not in nodes:
                nodes.append(a)
    n = len(nodes)
    return {a: (math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n))
            for i, a in enumerate(nodes)}


def _edge_dates(case: Case) -> dict[frozenset, str]:
    out: dict[frozenset, list[str]] = {}
    for r in case.relations:
        out.setdefault(r.pair, []).append(r.date)
    return {p: display_date(min(d, key=date_key)) if len(set(d)) == 1
            else f"{display_date(min(d, key=date_key))}…{display_date(max(d, key=date_key))}" for p, d in out.items()}


def network(case: Case, signs: Optional[Mapping[frozenset, int]] = None,
            compare: Optional[Mapping[frozenset, int]] = None, title: str = "", dates: bool = True):
    """The signed network: solid lines for cooperation, dashed for confrontation, dash-dot for both.

    ``signs`` defaults to the casefile's; with ``compare``, edges that differ are drawn thick and
    named in the description.
    """
    from .alliances import case_signs

    signs = dict(case_signs(case) if signs is None else signs)
    pos = network_positions(case)
    title = title or "Who stood with whom: the signed network"
    labels = _edge_dates(case) if dates else {}
    lines = [f"Signed network of {len(pos)} actors and {len(signs)} relations:"]
    for pair, sign in sorted(signs.items(), key=lambda kv: sorted(kv[0])):
        a, b = sorted(pair)
        when = f" ({labels[pair]})" if pair in labels else ""
        lines.append(f"- {case.actor(a).name} – {case.actor(b).name}: {SIGN_TEXT[sign].split(' (')[0]}{when}")
    differ = [p for p, s in sorted(signs.items(), key=lambda kv: sorted(kv[0]))
              if compare is not None and compare.get(p) != s]
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
    description = "\n".join(lines)

    width, height, cx, cy, radius = 720, 690, 360, 320, 215
    alt = (f"{title}: {len(pos)} actors on a circle, {len(signs)} lines between them. "
           "Each relation is listed in words below the figure.")
    d = Drawing(width, height, title, alt)
    d.heading()

    def at(a: str) -> tuple[float, float]:
        x, y = pos[a]
        return cx + radius * x, cy - radius * y

    for pair, sign in sorted(signs.items(), key=lambda kv: sorted(kv[0])):
        a, b = sorted(pair)
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = at(a), at(b)
        d.line(x1, y1, x2, y2, stroke=SIGN_COLOUR[sign], width=5.5 if pair in differ else 2.5, style=SIGN_LINE[sign])
    for pair, label in sorted(labels.items(), key=lambda kv: sorted(kv[0])):
        if pair in signs and all(a in pos for a in pair):
            (x1, y1), (x2, y2) = (at(a) for a in sorted(pair))
            d.text(0.55 * x1 + 0.45 * x2, 0.55 * y1 + 0.45 * y2, label, size=10, anchor="middle", halo=True)
    for a, (x, y) in pos.items():
        px, py = at(a)
        d.marker("circle", px, py, 22, "#fff")
        anchor = "start" if x > 0.3 else "end" if x < -0.3 else "middle"
        shift = 16 if anchor == "start" else -16 if anchor == "end" else 0
        lift = -24 if y > 0.9 else 24 if y < -0.9 else 0
        d.text(px + shift, py + lift, textwrap.wrap(case.actor(a).name, 18), size=14, anchor=anchor)
    legend_top = height - 78
    for i, s in enumerate((1, -1, 0)):
        y = legend_top + 24 * i
        d.line(200, y, 250, y, stroke=SIGN_COLOUR[s], width=2.5, style=SIGN_LINE[s])
        d.text(262, y, SIGN_TEXT[s], size=13)
    return d.figure(description), description


def stances(case: Case):
    """Each actor's position on the case's event, with its date: marker shape and colour per position."""
    from .model import POSITIONS

    rows = case.stances
    title = f"Positions on {case.event_name}, with their dates"
    lines = [f"Positions on {case.event_name}, one row per actor and date:"]
    lines += [f"- {case.actor(s.actor).name}: {s.position} ({display_date(s.date)}). {s.summary}" for s in rows]
    description = "\n".join(lines)
    names = [case.actor(s.actor).name for s in rows]
    left = max((text_width(n, 13) for n in names), default=100) + 24
    column = 150
    width = int(left + 40 + column * (len(POSITIONS) - 1) + 120)
    top, step = 52, 30
    bottom = top + step * len(rows) + 8
    height = bottom + 36
    alt = (f"{title}: {len(rows)} rows, one marker per actor in the column of its position "
           f"({', '.join(POSITIONS)}). Each row is listed in words below the figure.")
    d = Drawing(width, height, title, alt)
    d.heading()
    d.rect(left, top, width - left - 12, bottom - top, stroke="#000")
    xs = {p: left + 40 + column * i for i, p in enumerate(POSITIONS)}
    for p, x in xs.items():
        d.line(x, top, x, bottom, stroke=GRID, style="dotted")
        d.marker(POSITION_MARKER[p], x, bottom + 20, 11, POSITION_COLOUR[p])
        d.text(x + 10, bottom + 20, p, size=12)
    for i, (s, name) in enumerate(zip(rows, names)):
        y = top + 4 + step * (i + 0.5)
        d.text(left - 12, y, name, size=13, anchor="end")
        d.marker(POSITION_MARKER[s.position], xs[s.position], y, 15, POSITION_COLOUR[s.position])
        d.text(xs[s.position] + 13, y, display_date(s.date), size=11)
    return d.figure(description), description


def show(figure_and_description: tuple[Figure, str], width: int = 100) -> None:
    """In a notebook: display the figure (with its alternative text), then print its description."""
    from IPython.display import display

    fig, description = figure_and_description
    display({"text/html": fig.html(), "image/svg+xml": fig.svg, "text/plain": description.splitlines()[0]},
            raw=True)
    print("\n".join(textwrap.fill(line, width, subsequent_indent="   ") for line in description.splitlines()))
