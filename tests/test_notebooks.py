"""Notebooks are committed clean, their navigation is current, and they import casekit only."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casekit.notebooks import NAV_SENTINEL, index, update_navigation

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for folder in ("notebooks", "exercises", "solutions") for p in (ROOT / folder).glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name}: clear outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_imports_only_casekit(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for line in "".join(cell["source"]).splitlines():
            m = re.match(r"\s*(?:from|import)\s+([A-Za-z_][\w.]*)", line)
            if m:
                assert m.group(1).split(".")[0] == "casekit", f"{path.name}: {line.strip()}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_has_navigation_top_and_bottom(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    nav = [i for i, c in enumerate(nb["cells"]) if "".join(c["source"]).startswith(NAV_SENTINEL)]
    assert len(nav) == 2 and nav[0] <= 2 and nav[1] >= len(nb["cells"]) - 2


def test_navigation_is_current():
    assert update_navigation(ROOT, check=True) == [], "run: python -m casekit.notebooks (navigation is stale)"


def test_index_lists_lessons_in_order():
    lessons = [name for folder, name, _ in index(ROOT) if folder == "notebooks"]
    assert lessons and lessons[0] == "00_start_here.ipynb" and lessons == sorted(lessons)


def test_navigation_detects_a_stale_cell(tmp_path):
    import shutil

    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    path = tmp_path / "notebooks" / "00_start_here.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nav_cell = next(c for c in nb["cells"] if "".join(c["source"]).startswith(NAV_SENTINEL))
    nav_cell["source"] = NAV_SENTINEL + "\nstale"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert update_navigation(tmp_path, check=True) == ["notebooks/00_start_here.ipynb"]
    update_navigation(tmp_path)
    assert update_navigation(tmp_path, check=True) == []


def test_cell_ids_are_unique_in_every_notebook():
    """nbformat silently renames a duplicate cell id on every read: a notebook must not carry one."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for path in sorted(p for folder in ("notebooks", "exercises", "solutions") for p in (root / folder).rglob("*.ipynb")):
        ids = [c.get("id") for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c.get("id")]
        assert len(ids) == len(set(ids)), path.name
