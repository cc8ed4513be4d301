"""The test suite's time by part: unit tests, notebooks under nbval, browser tests, and the fast loop.

(A module of its own, without side effects on import: the tests read SUITE_PARTS.)
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The suite in its parts, each run on its own (the browser part starts its own server); the fast loop
# is what a contributor runs while working (no browser, no slow unit tests), documented in the README.
SUITE_PARTS = {
    "unit": ["tests", "-m", "not e2e"],
    "notebooks": ["notebooks", "exercises", "solutions"],
    "browser": ["tests/e2e"],
    "fast loop": ["-m", "not e2e and not slow"],
}


def bench_tests(parts=tuple(SUITE_PARTS)) -> dict:
    """Wall and CPU seconds of each part of the suite (the pytest processes and their kernels, servers
    and browsers: the children's CPU), with pytest's summary line."""
    out = {}
    for name in parts:
        before = os.times()
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *SUITE_PARTS[name]],
                              cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        lines = done.stdout.strip().splitlines()
        out[name] = {"wall_s": wall, "cpu_s": cpu, "summary": lines[-1].strip("= ") if lines else "",
                     "ok": done.returncode == 0}
        print(f"suite: {name}: {wall:.0f} s", file=sys.stderr)
    return out
