"""The exercises that are not clicked through elsewhere, and the instructors' solutions, in JupyterLab:
Run All and the same checks as the lessons (test_browser.check_notebook_page). The two guided
exercises are opened, run and checked inside their student tests in test_browser.py."""
from __future__ import annotations

import pytest
from test_browser import GUIDED, NOTEBOOKS, run_and_check


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.startswith("notebooks/") and p not in GUIDED])
def test_notebook_runs_in_the_browser(lab_page, lab, path):
    run_and_check(lab_page, lab, path)


def test_every_notebook_is_run_somewhere():
    """The lessons here and in test_lab_lessons.py, the guided exercises in test_browser.py: none is left out."""
    here = {p for p in NOTEBOOKS if not p.startswith("notebooks/") and p not in GUIDED}
    lessons = {p for p in NOTEBOOKS if p.startswith("notebooks/")}
    assert here | lessons | set(GUIDED) == set(NOTEBOOKS) and len(NOTEBOOKS) >= 13
