"""A quick smoke run of the benchmarks, so that they cannot rot (their targets do not decide CI)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_run_writes_the_table(tmp_path):
    out = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    table = out.read_text(encoding="utf-8")
    for measure in ("`casekit grade` on 50 generated records", "ratio: notebook execution", "Run All `",
                    "answer to feedback, attribution: who_said", "network redraw", "`import casekit`",
                    "validate the casefile x2", "a bare kernel's resident memory", "kernel memory, `exercises/01",
                    "`nbgrader autograde`"):
        assert measure in table, measure
    assert "QUICK smoke run" in table
