"""Figures drawn from a Case: a timeline, the signed alliance network, the stances chart.

Each function takes ``ax=None`` and returns ``(figure, description)``: the description is the
figure in words, shown beside it for readers who cannot see it. Colours come from a
colour-blind-safe palette and every distinction is also made by shape, line style or label.
Layouts are fixed (no randomness), so a figure is the same on every run.
"""
from __future__ import annotations

import textwrap
from typing import Mapping, Optional

from .model import Case
from .style import OKABE_ITO

STATUS_MARKER = {"verified": "o", "corrected": "s", "disputed": "^", "paraphrase": "D"}
STATUS_COLOUR = {"verified": OKABE_ITO[4], "corrected": OKABE_ITO[0], "disputed": OKABE_ITO[5], "paraphrase": OKABE_ITO[6]}
POSITION_MARKER = {"support": "^", "oppose": "v", "conditional": "s", "mixed": "D"}
POSITION_COLOUR = {"support": OKABE_ITO[2], "oppose": OKABE_ITO[5], "conditional": OKABE_ITO[0], "mixed": OKABE_ITO[4]}
SIGN_COLOUR = {1: OKABE_ITO[4], -1: OKABE_ITO[5], 0: OKABE_ITO[7]}
SIGN_LINE = {1: "solid", -1: "dashed", 0: "dashdot"}
SIGN_TEXT = {1: "cooperation or support (solid line)", -1: "confrontation or warning (dashed line)",
             0: "both (dash-dot line)"}


def _plt():
    import matplotlib.pyplot as plt

    return plt


def _axes(ax, size):
    plt = _plt()
    if ax is None:
        fig, ax = plt.subplots(figsize=size, dpi=100)
    return ax.figure, ax


def _date(s: str):
    import datetime

    return datetime.date.fromisoformat(s)


def lanes(case: Case) -> list[str]:
    """The actors that have events, in order of their first event."""
    out: list[str] = []
    for e in case.events:
        if e.actors and e.actors[0] not in out:
            out.append(e.actors[0])
    return out


def timeline(case: Case, ax=None, start: str = "", end: str = "9999"):
    """Events as numbered markers in one lane per actor; marker shape shows the fact's status."""
    import matplotlib.dates as mdates

    events = [e for e in case.events if start <= e.date <= end and e.actors]
    rows = lanes(case)
    fig, ax = _axes(ax, (11, 0.55 * len(rows) + 1.8))
    stack: dict[tuple[str, str], int] = {}
    for n, e in enumerate(events, 1):
        lane = rows.index(e.actors[0])
        k = stack.get((e.actors[0], e.date), 0)
        stack[(e.actors[0], e.date)] = k + 1
        y = lane + 0.22 * k
        ax.plot(_date(e.date), y, marker=STATUS_MARKER[e.status], color=STATUS_COLOUR[e.status], markersize=9,
                markeredgecolor="black", linestyle="none")
        ax.annotate(str(n), (_date(e.date), y), xytext=(5, 5) if n % 2 else (5, -11), textcoords="offset points",
                    fontsize=8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([case.actor(a).name for a in rows])
    ax.set_ylim(-0.6, len(rows) - 0.2)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=0))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.grid(axis="x", linestyle=":", color="#999")
    ax.set_title(f"Timeline: {case.title}")
    from matplotlib.lines import Line2D

    present = [st for st in STATUS_MARKER if any(e.status == st for e in events)]
    handles = [Line2D([0], [0], marker=STATUS_MARKER[st], color=STATUS_COLOUR[st], markeredgecolor="black",
                      linestyle="none", markersize=9, label=st) for st in present]
    ax.legend(handles=handles, title="status of the fact", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    fig.subplots_adjust(left=0.31, right=0.85, bottom=0.16, top=0.92)  # fixed: no costly tight_layout
    lines = [f"Timeline of {len(events)} events from {events[0].date} to {events[-1].date}, one row per actor "
             f"(the first actor named); marker shape shows the status (circle verified, square corrected, "
             f"triangle disputed, diamond paraphrase only). Numbered events:"] if events else ["No events."]
    lines += [f"{n}. {e.date} ({case.actor(e.actors[0]).name}; {e.status}): {e.title} [source: {e.cited}]"
              for n, e in enumerate(events, 1)]
    return fig, "\n".join(lines)


def network_positions(case: Case) -> dict[str, tuple[float, float]]:
    """A fixed circular layout of every actor in a relation (the same on every run and redraw)."""
    import math

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
    return {p: min(d) if len(set(d)) == 1 else f"{min(d)}…{max(d)}" for p, d in out.items()}


def network(case: Case, ax=None, signs: Optional[Mapping[frozenset, int]] = None,
            compare: Optional[Mapping[frozenset, int]] = None, title: str = "", dates: bool = True):
    """The signed network: solid lines for cooperation, dashed for confrontation, dash-dot for both.

    ``signs`` defaults to the casefile's; with ``compare``, edges that differ are drawn thick and
    named in the description.
    """
    from .alliances import case_signs

    signs = dict(case_signs(case) if signs is None else signs)
    pos = network_positions(case)
    fig, ax = _axes(ax, (8, 7))
    ax.set_aspect("equal")
    ax.axis("off")
    labels = _edge_dates(case) if dates else {}
    differ = []
    for pair, sign in sorted(signs.items(), key=lambda kv: sorted(kv[0])):
        a, b = sorted(pair)
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[b]
        wrong = compare is not None and compare.get(pair) != sign
        if wrong:
            differ.append(pair)
        ax.plot([x1, x2], [y1, y2], linestyle=SIGN_LINE[sign], color=SIGN_COLOUR[sign],
                linewidth=4 if wrong else 2, zorder=1)
        if pair in labels:
            ax.text(0.55 * x1 + 0.45 * x2, 0.55 * y1 + 0.45 * y2, labels[pair], fontsize=6.5, ha="center", va="center",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8), zorder=2)
    for a, (x, y) in pos.items():
        ax.scatter([x], [y], s=250, color="white", edgecolor="black", zorder=3)
        ha = "left" if x > 0.3 else "right" if x < -0.3 else "center"
        ax.text(x * 1.1 + (0.05 if ha == "left" else -0.05 if ha == "right" else 0), y * 1.13,
                textwrap.fill(case.actor(a).name, 20), ha=ha, va="center", fontsize=9)
    from matplotlib.lines import Line2D

    handles = [Line2D([0], [0], color=SIGN_COLOUR[s], linestyle=SIGN_LINE[s], lw=2, label=SIGN_TEXT[s]) for s in (1, -1, 0)]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.12), fontsize=8, ncol=1)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.45, 1.4)
    ax.set_title(title or "Who stood with whom: the signed network")
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.1, top=0.94)  # fixed, so redraws never jump
    lines = [f"Signed network of {len(pos)} actors and {len(signs)} relations:"]
    for pair, sign in sorted(signs.items(), key=lambda kv: sorted(kv[0])):
        a, b = sorted(pair)
        when = f" ({labels[pair]})" if pair in labels else ""
        lines.append(f"- {case.actor(a).name} – {case.actor(b).name}: {SIGN_TEXT[sign].split(' (')[0]}{when}")
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
    return fig, "\n".join(lines)


def stances(case: Case, ax=None):
    """Each actor's position on the referendum, with its date: marker shape and colour per position."""
    from .model import POSITIONS

    rows = case.stances
    fig, ax = _axes(ax, (9, 0.45 * len(rows) + 1.5))
    for i, s in enumerate(rows):
        x = POSITIONS.index(s.position)
        ax.plot(x, i, marker=POSITION_MARKER[s.position], color=POSITION_COLOUR[s.position], markersize=12,
                markeredgecolor="black", linestyle="none")
        ax.annotate(s.date, (x, i), xytext=(10, -3), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([case.actor(s.actor).name for s in rows])
    ax.invert_yaxis()
    ax.set_xticks(range(len(POSITIONS)))
    ax.set_xticklabels(POSITIONS)
    ax.set_xlim(-0.5, len(POSITIONS) - 0.2)
    ax.grid(axis="x", linestyle=":", color="#999")
    ax.set_title("Positions on the referendum, with their dates")
    fig.subplots_adjust(left=0.33, right=0.97, bottom=0.1, top=0.92)
    lines = ["Positions on the referendum, one row per actor and date:"]
    lines += [f"- {case.actor(s.actor).name}: {s.position} ({s.date}). {s.summary}" for s in rows]
    return fig, "\n".join(lines)


def png_bytes(fig, dpi: int = 100) -> bytes:
    """The figure as PNG, drawn once (layouts here are fixed, so no tight bounding box is needed)."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    _plt().close(fig)
    return buf.getvalue()


def show(figure_and_description, width: int = 100) -> None:
    """In a notebook: display the figure, then print its description beside it."""
    import base64

    from IPython.display import display

    fig, description = figure_and_description
    data = png_bytes(fig)
    display({"image/png": base64.b64encode(data).decode("ascii"), "text/plain": description.splitlines()[0]},
            raw=True)
    print("\n".join(textwrap.fill(line, width, subsequent_indent="   ") for line in description.splitlines()))
