"""Accessibility in a real browser: axe-core over every notebook's outputs and over both exercises in
their main states, in JupyterLab and in the student view (Voila); and the exercises by keyboard alone,
with the focus checked after each step.

axe-core comes bundled in the PyPI package axe-playwright-python (a test dependency): nothing is
downloaded while the tests run. Only the notebooks' output areas are checked (JupyterLab's own
chrome is not ours), with the WCAG 2.1 A and AA rules; a serious or critical violation fails.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_browser import (LESSONS, NOTEBOOKS, RUN_TIMEOUT, open_and_run, open_in_voila, screenshot,
                          start)

ROOT = Path(__file__).resolve().parents[2]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
OUTPUTS = ".jp-OutputArea-output"
EXERCISES = ["exercises/01_source_attribution.ipynb", "exercises/02_regional_alliances.ipynb"]


def _axe_path() -> Path:
    from axe_playwright_python.base import AXE_FILE_PATH

    return Path(AXE_FILE_PATH)


def axe_violations(page, where: str = OUTPUTS) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations axe finds inside ``where``, one line each."""
    assert page.locator(where).count() > 0, f"nothing matches {where}: the check would prove nothing"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # a page with an AMD loader would take axe as a module: hide the loader while it loads
        page.evaluate("() => { window.__casekitDefine = window.define; window.define = undefined; }")
        page.add_script_tag(path=str(_axe_path()))
        page.evaluate("() => { window.define = window.__casekitDefine; }")
    found = page.evaluate("""async ([where, tags]) => {
        const result = await axe.run(where, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.html || '').slice(0, 160))}));
    }""", [where, WCAG_TAGS])
    return [f"{v['impact']}: {v['id']} ({v['help']}): " + " | ".join(v["nodes"])
            for v in found if v["impact"] in FAILING_IMPACTS]


def test_axe_finds_a_planted_violation(page):
    """The check can fail: an output with an unnamed button and a low-contrast text is caught."""
    page.set_content("<html lang='en'><head><title>t</title></head><body><main>"
                     "<div class='jp-OutputArea-output'><button></button>"
                     "<p style='color:#bbb;background:#fff'>pale text</p></div></main></body></html>")
    found = "\n".join(axe_violations(page))
    assert "button-name" in found and "color-contrast" in found, found


# --- every notebook's outputs -------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_outputs_pass_axe_in_jupyterlab(page, lab, path):
    open_and_run(page, lab, path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", LESSONS + EXERCISES)
def test_notebook_outputs_pass_axe_in_the_student_view(page, lab, path):
    ready = "button.widget-button:has-text('Start')" if path.startswith("exercises/") else "h1"
    open_in_voila(page, lab, path, ready)
    page.wait_for_function("() => !document.body.innerText.includes('Loading widget...')", timeout=60_000)
    assert axe_violations(page) == []


# --- the exercises in their main states ---------------------------------------------------------

@pytest.fixture(scope="module")
def case():
    from casekit import load_case

    return load_case(ROOT / "casefiles" / "kurdistan-2017")


def answer_wrongly(page, question):
    """Click a wrong option and Check; wait for the feedback."""
    wrong = next(c.label for c in question.choices if c.value != question.answer)
    card = page.locator(".casekit-card").first
    card.locator("label", has_text=wrong).first.click()
    card.locator("button:has-text('Check')").first.click()
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Not yet')")


def open_exercise(page, lab, path, view):
    if view == "lab":
        open_and_run(page, lab, path)
    else:
        open_in_voila(page, lab, path, "button.widget-button:has-text('Start')")


@pytest.mark.parametrize("view", ["lab", "voila"])
def test_attribution_exercise_states_pass_axe(page, lab, case, view):
    from casekit.questions import exercise_questions

    bank = exercise_questions(case, "source-attribution")
    open_exercise(page, lab, EXERCISES[0], view)
    start(page, f"Axe Student {view}")
    problems = {"started": axe_violations(page)}
    answer_wrongly(page, bank[0])
    problems["after a wrong answer"] = axe_violations(page)
    screenshot(page, f"a11y__{view}__exercise-01")
    assert problems == {"started": [], "after a wrong answer": []}


@pytest.mark.parametrize("view", ["lab", "voila"])
def test_alliance_exercise_states_pass_axe(page, lab, case, view):
    from casekit.questions import exercise_questions

    bank = [q for q in exercise_questions(case, "regional-alliances") if q.kind == "stance"]
    open_exercise(page, lab, EXERCISES[1], view)
    start(page, f"Axe Student Two {view}")
    problems = {"started": axe_violations(page)}
    answer_wrongly(page, bank[0])
    problems["after a wrong answer"] = axe_violations(page)
    pair = page.locator(".casekit-pair", has_text=f"{case.actor('iran').name} and {case.actor('iraq').name}")
    pair.locator("label", has_text="cooperates").first.click()
    page.locator("button:has-text('Check my network')").click()
    page.wait_for_function("() => document.body.innerText.includes('Right. 2017-')")
    page.locator(".widget-html img.casekit-figure").nth(1).wait_for()
    problems["after Check my network"] = axe_violations(page)
    screenshot(page, f"a11y__{view}__exercise-02")
    assert problems == {"started": [], "after a wrong answer": [], "after Check my network": []}
