"""Accessibility in a real browser: axe-core over every notebook's outputs and over both exercises in
their main states, in JupyterLab and in the student view (Voila); and the exercises by keyboard alone,
with the focus checked after each step.

axe-core comes bundled in the PyPI package axe-playwright-python (a test dependency): nothing is
downloaded while the tests run. Only the notebooks' output areas are checked (JupyterLab's own
chrome is not ours), with the WCAG 2.1 A and AA rules; a serious or critical violation fails.

Each page is opened once for all the checks on it: axe runs inside the tests of tests/test_browser.py
that open the page (every notebook after Run All in JupyterLab; every lesson in Voila, at a desktop
width and again on a phone-sized screen with its wide tables; both exercises in both views before
Start, after Start, after a wrong answer and after Check my network). The check itself,
`axe_violations`, is in test_browser.py; this file holds the proof that it can fail and the
keyboard-alone runs.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_browser import axe_violations, open_and_run, open_in_voila, screenshot

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ["exercises/01_source_attribution.ipynb", "exercises/02_regional_alliances.ipynb"]


def test_axe_finds_a_planted_violation(page):
    """The check can fail: an output with an unnamed button and a low-contrast text is caught."""
    page.set_content("<html lang='en'><head><title>t</title></head><body><main>"
                     "<div class='jp-OutputArea-output'><button></button>"
                     "<p style='color:#bbb;background:#fff'>pale text</p></div></main></body></html>")
    found = "\n".join(axe_violations(page))
    assert "button-name" in found and "color-contrast" in found, found


# --- the exercises ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def case():
    from casekit import load_case

    return load_case(ROOT / "casefiles" / "kurdistan-2017")


def offered(case, exercise):
    """The questions an exercise offers for marks, in order (the casefile's default selection)."""
    from casekit.questions import exercise_questions, select

    return list(select(case, exercise, exercise_questions(case, exercise)).offered)


def open_exercise(page, lab, path, view):
    if view == "lab":
        open_and_run(page, lab, path)
    else:
        open_in_voila(page, lab, path, "button.widget-button:has-text('Start')")


# --- the keyboard alone, with the focus checked after each step ---------------------------------

FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {where: 'body'};
    const group = el.closest('[role=radiogroup]');
    let groupName = '';
    if (group && group.getAttribute('aria-labelledby')) {
        const labeller = document.getElementById(group.getAttribute('aria-labelledby'));
        groupName = labeller ? labeller.textContent.trim() : '(missing label)';
    }
    const option = el.closest('label');
    const outlined = el.type === 'radio' && el.closest('.casekit-look-buttons') ? el.closest('label') : el;
    const style = getComputedStyle(outlined);
    return {where: el.tagName.toLowerCase() + (el.type ? ':' + el.type : ''),
            text: (el.type === 'radio' ? (option ? option.querySelector('.casekit-option-text').textContent : '')
                   : el.textContent).trim(),
            checked: !!el.checked, group: groupName,
            inCard: !!el.closest('.casekit-card'),
            outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth)};
}"""


def focus(page):
    return page.evaluate(FOCUS)


def active_cell(page):
    """The index of JupyterLab's active cell (the notebook's arrow-key shortcuts would move it); -1 in Voila."""
    return page.evaluate("""() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
        .findIndex(c => c.classList.contains('jp-mod-active'))""")


def tab_until(page, condition, what, limit=40, key="Tab"):
    for _ in range(limit):
        page.keyboard.press(key)
        now = focus(page)
        if condition(now):
            return now
    raise AssertionError(f"{key} never reached {what} (focus ends at {focus(page)})")


def wait_focus(page, condition, what, timeout=15):
    """The focus is moved by the kernel's reply: wait for it to arrive."""
    import time

    deadline = time.time() + timeout
    while time.time() < deadline:
        now = focus(page)
        if condition(now):
            return now
        page.wait_for_timeout(100)
    raise AssertionError(f"the focus did not move to {what}: it is at {focus(page)}")


def start_by_keyboard(page, name):
    field = page.get_by_label("Your name")
    field.focus()  # where a student Tabs into the exercise
    page.keyboard.type(name)
    now = tab_until(page, lambda f: f["text"] == "Start", "the Start button", limit=3)
    assert now["outline"] >= 2, now  # a focus outline that can be seen
    page.keyboard.press("Enter")
    # Start: the focus goes to the first question
    return wait_focus(page, lambda f: f["where"] == "h4" and f["text"].startswith("Question 1 of"), "question 1")


def choose_by_arrows(page, label):
    """On a radio group: move with the arrow keys until the option is chosen (Space on the first)."""
    for _ in range(12):
        now = focus(page)
        if now["text"] == label:
            if not now["checked"]:
                page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
    # the browser marks the option chosen a moment after the key (later still on a busy machine)
    return wait_focus(page, lambda f: f["where"] == "input:radio" and f["text"] == label and f["checked"],
                      f"the option {label!r}, chosen")


def answer_question_by_keyboard(page, question, label, cell_before):
    """From the question's heading: Tab to its options, choose with the arrow keys, Tab to Check, Enter."""
    now = tab_until(page, lambda f: f["where"] == "input:radio", "the options", limit=4)
    assert now["group"].startswith("Question") and question.prompt in now["group"], now  # labelled by the question
    assert now["outline"] >= 2, now
    choose_by_arrows(page, label)
    assert active_cell(page) == cell_before  # the arrow keys stayed in the exercise
    # one tab stop for the whole group: the next Tab leaves the options
    now = tab_until(page, lambda f: f["text"] == "Check", "the Check button", limit=2)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("view", ["lab", "voila"])
def test_attribution_exercise_by_keyboard_alone(page, lab, case, view):
    bank = offered(case, "source-attribution")
    q1 = bank[0]
    right = q1.label_of(q1.answer)
    wrong = next(c.label for c in q1.choices if c.value != q1.answer)
    open_exercise(page, lab, EXERCISES[0], view)
    student = f"Keyboard Student {view}"
    start_by_keyboard(page, student)
    cell = active_cell(page)
    answer_question_by_keyboard(page, q1, wrong, cell)
    # Check (wrong): the focus goes to Try again
    wait_focus(page, lambda f: f["text"] == "Try again", "Try again")
    assert "Not yet" in page.locator(".casekit-card [role=status]").first.inner_text()
    page.keyboard.press("Enter")
    # Try again: the focus goes to the first option, nothing chosen
    wait_focus(page, lambda f: f["where"] == "input:radio" and f["text"] == q1.choices[0].label
                     and not f["checked"], "the first option")
    choose_by_arrows(page, right)
    tab_until(page, lambda f: f["text"] == "Check", "the Check button", limit=2)
    page.keyboard.press("Enter")
    # Check (right): the focus goes to Next
    wait_focus(page, lambda f: f["text"] == "Next", "Next")
    assert "Right" in page.locator(".casekit-card [role=status]").first.inner_text()
    page.keyboard.press("Enter")
    # Next: the focus goes to the new question, and "Question 2 of" is in the live region
    wait_focus(page, lambda f: f["where"] == "h4" and f["text"].startswith("Question 2 of"), "question 2")
    assert page.locator(".casekit-live [role=status]", has_text="Question 2 of").count() == 0  # said once
    attempts = json.loads((lab["root"] / "exercises" / "answers" / "kurdistan-2017" / f"keyboard-student-{view}.json")
                          .read_text(encoding="utf-8"))["exercises"]["source-attribution"]["attempts"]
    assert [(a["question"], a["correct"]) for a in attempts] == [(q1.id, False), (q1.id, True)]
    assert active_cell(page) == cell
    screenshot(page, f"a11y__keyboard__{view}__exercise-01")


@pytest.mark.parametrize("view", ["lab", "voila"])
def test_alliance_exercise_by_keyboard_alone(page, lab, case, view):
    bank = offered(case, "regional-alliances")
    q1 = next(q for q in bank if q.kind == "stance")
    pairs = [q for q in bank if q.kind == "relation"][:3]
    names = []
    for q in pairs:
        a, b = q.id.split("/", 1)[1].split("--")
        names.append(f"{case.actor(a).name} and {case.actor(b).name}")
    open_exercise(page, lab, EXERCISES[1], view)
    start_by_keyboard(page, f"Keyboard Student Two {view}")
    cell = active_cell(page)
    answer_question_by_keyboard(page, q1, q1.label_of(q1.answer), cell)
    wait_focus(page, lambda f: f["text"] == "Next", "Next")
    # on to the network part (past Part B, the types of relation): Tab to the first pair, then choose three pairs, one Tab each
    now = tab_until(page, lambda f: f["group"] == names[0], f"the pair {names[0]}", limit=60)
    chosen = {}
    for i, (name, label) in enumerate(zip(names, ("cooperates", "confronts", "both"))):
        if i:
            now = tab_until(page, lambda f: f["where"] == "input:radio", "the next pair", limit=1)
        assert now["group"] == name and now["outline"] >= 2, now  # the pair names its group
        choose_by_arrows(page, label)
        chosen[name] = label
        # the choice is shown in words, not only by shade
        option = page.locator(".casekit-pair", has_text=name).locator("label.casekit-chosen")
        assert option.inner_text().replace("\n", " ").strip() == f"{label} ✔ chosen"
        assert active_cell(page) == cell
    page.locator(".casekit-pair").first.scroll_into_view_if_needed()
    screenshot(page, f"a11y__keyboard__{view}__pairs")
    tab_until(page, lambda f: f["text"] == "Check my network", "Check my network", limit=40)
    page.keyboard.press("Enter")
    page.wait_for_function("() => [...document.querySelectorAll('.casekit-live [role=status]')].some(r => r.innerText.includes('you chose match the sources'))")
    assert focus(page)["text"] == "Check my network"  # the focus stays; the live region reads the feedback
    attempts = json.loads((lab["root"] / "exercises" / "answers" / "kurdistan-2017" / f"keyboard-student-two-{view}.json")
                          .read_text(encoding="utf-8"))["exercises"]["regional-alliances"]["attempts"]
    values = {"cooperates": "cooperates", "confronts": "confronts", "both": "mixed"}
    recorded = {a["question"]: a["answer"] for a in attempts if a["question"].startswith("relation/")}
    assert recorded == {q.id: values[chosen[n]] for q, n in zip(pairs, names)}
    assert active_cell(page) == cell
    screenshot(page, f"a11y__keyboard__{view}__exercise-02")
