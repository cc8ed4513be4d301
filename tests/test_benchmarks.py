"""A quick smoke run of the benchmarks, so that they cannot rot (their targets do not decide CI)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_quick_benchmark_run_writes_the_table(tmp_path):
    out = tmp_path / "RESULTS.md"
    # the student view's measurement is kept honest by tests/e2e/test_student_view_benchmark.py, on the
    # browser tests' own server
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--skip", "student_view", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    table = out.read_text(encoding="utf-8")
    for measure in ("`casekit grade`, 5 records written by the widgets (default offer: 60 marked questions",
                    "`casekit grade`, 20 records written by the widgets (default offer",
                    "a record's own cost: default offer / every question offered | not measured in a quick run",
                    "student view (Voila): opening an exercise to its first usable control | not run",
                    "Run All `", "answer to feedback, attribution: who_said", "network redraw", "`import casekit`",
                    "validate the casefile x2", "a bare kernel's resident memory", "kernel memory, `exercises/01",
                    "`nbgrader autograde`"):
        assert measure in table, measure
    assert "QUICK smoke run" in table
    assert "at most 1.3x" not in table  # the Run All ratio target is retired


def test_the_suite_runs_are_the_readme_command_and_the_fast_loop():
    """The benchmark times the README's command as it is (pytest alone) and the fast loop the README
    names; every test of the whole run falls in one of the three parts."""
    from benchmarks.suite import PARTS, SUITE_PARTS, part_of

    assert SUITE_PARTS["whole"] == []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pytest -m "not e2e and not slow"' in readme and SUITE_PARTS["fast loop"] == ["-m", "not e2e and not slow"]
    assert [part_of(c) for c in ("tests.e2e.test_browser", "tests.test_questions", "notebooks.01_the_referendum",
                                 "solutions.02_regional_alliances")] == ["browser", "unit", "notebooks", "notebooks"]
    assert set(PARTS) == {"unit", "notebooks", "browser"}
