"""The student-view benchmark's measurement, kept honest on the browser tests' own server (the
benchmark itself starts one of its own): the bare page and an exercise both reach a usable control."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_student_view_benchmark_reaches_the_first_control(browser, lab):
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks import student_view
    finally:
        sys.path.remove(str(ROOT))
    student_view._bare_notebook(lab["root"] / student_view.BARE)
    try:
        bare = student_view._time_to_control(browser, lab["url"], student_view.BARE)
        exercise = student_view._time_to_control(browser, lab["url"], student_view.EXERCISES[0])
    finally:
        (lab["root"] / student_view.BARE).unlink()
    assert 0 < bare < student_view.TIMEOUT_S and 0 < exercise < student_view.TIMEOUT_S
