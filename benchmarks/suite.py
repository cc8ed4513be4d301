"""The test suite's time: the README's command as a whole (wall and CPU), its parts (unit tests,
notebooks under nbval, browser tests) as the summed durations of their tests in that same run, and the
fast loop on its own.

(A module of its own, without side effects on import: the tests read SUITE_PARTS and part_of.)
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The runs: the README's command (pytest alone: pyproject.toml's testpaths and addopts, pytest-xdist on
# every core) and the fast loop a contributor runs while working (no browser, no slow unit tests).
SUITE_PARTS = {
    "whole": [],
    "fast loop": ["-m", "not e2e and not slow"],
}
# The parts of the whole run, by where their tests live.
PARTS = ("unit", "notebooks", "browser")


def part_of(classname: str) -> str:
    """Which part a test belongs to, from its JUnit class name (tests.e2e.test_x, tests.test_x, notebooks.x)."""
    if classname.startswith("tests.e2e."):
        return "browser"
    if classname.startswith("tests."):
        return "unit"
    return "notebooks"


def test_python() -> str:
    """The interpreter the suite runs in: the README's test venv (.venv) when it exists, since the
    benchmark's own venv holds nbgrader, whose Notebook 7 extension fails the browser tests; else this one."""
    venv = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    return str(venv) if venv.exists() else sys.executable


def _run(args: list[str], junit: Path | None = None) -> dict:
    before = os.times()
    t = time.perf_counter()
    cmd = [test_python(), "-m", "pytest", "-q", "-p", "no:randomly", *args]
    if junit:
        cmd.append(f"--junitxml={junit}")
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    lines = done.stdout.strip().splitlines()
    return {"wall_s": wall, "cpu_s": cpu, "summary": lines[-1].strip("= ") if lines else "", "ok": done.returncode == 0}


def bench_tests(runs=tuple(SUITE_PARTS)) -> dict:
    """Wall and CPU seconds of each run (the pytest processes and their workers, kernels, servers and
    browsers: the children's CPU), with pytest's summary line; for the whole run, each part's tests'
    summed durations and counts."""
    out = {}
    for name in runs:
        with tempfile.TemporaryDirectory() as tmp:
            junit = Path(tmp) / "junit.xml" if name == "whole" else None
            out[name] = _run(SUITE_PARTS[name], junit)
            if junit is not None and junit.exists():
                parts = {p: {"test_s": 0.0, "tests": 0} for p in PARTS}
                for case in ET.parse(junit).iter("testcase"):
                    part = parts[part_of(case.get("classname", ""))]
                    part["test_s"] += float(case.get("time") or 0)
                    part["tests"] += 1
                out[name]["parts"] = parts
        print(f"suite: {name}: {out[name]['wall_s']:.0f} s", file=sys.stderr)
    out["workers"] = _workers()
    return out


def _workers() -> str:
    """How many workers `-n auto` starts here (pytest-xdist: one per core, as psutil or os counts them)."""
    done = subprocess.run([test_python(), "-c", "import os\ntry:\n    import psutil\n    n = psutil.cpu_count(logical=False)"
                           "\nexcept ImportError:\n    n = None\nprint(n or os.cpu_count())"], capture_output=True, text=True)
    return done.stdout.strip() or "?"
