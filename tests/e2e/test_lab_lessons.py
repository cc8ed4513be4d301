"""Every lesson in JupyterLab in headless Chromium: Run All, then no error, every widget and figure drawn
and described, and no serious WCAG 2.1 A/AA violation in the outputs (test_browser.check_notebook_page)."""
from __future__ import annotations

import pytest
from test_browser import NOTEBOOKS, run_and_check


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.startswith("notebooks/")])
def test_notebook_runs_in_the_browser(lab_page, lab, path):
    run_and_check(lab_page, lab, path)
