"""The exercises in JupyterLab and in the student view (Voila), clicked and typed as a student would, and
the checks every notebook page must pass (run for every notebook by tests/e2e/test_lab_*.py, where
JupyterLab loads once per file and opens one notebook after another, and tests/e2e/test_voila_lessons.py)."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = [f"{folder}/{p.name}" for folder in ("notebooks", "exercises", "solutions")
             for p in sorted((ROOT / folder).glob("*.ipynb"))]
RUN_TIMEOUT = 240  # seconds: a busy machine (two test suites at once) is slow, not broken

# Accessibility: axe-core (bundled in the PyPI package axe-playwright-python) over the notebooks'
# outputs, inside every test that opens a page (see test_a11y.py).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
OUTPUTS = ".jp-OutputArea-output"


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


def dismiss_news(page):
    no = page.locator("button.jp-toast-button:has-text('No')")
    if no.count():
        no.first.click()


def open_and_run(page, lab, path, in_app=False):
    """Open a notebook and run all its cells; on a slow machine, try the page once more before failing
    (a fresh page load). ``in_app``: open it in the JupyterLab the page has loaded, if it has."""
    try:
        _open_and_run(page, lab, path, in_app)
    except RunFailed as first:
        screenshot(page, path + ".RETRY")
        try:
            _open_and_run(page, lab, path)
        except Exception as second:
            screenshot(page, path + ".FAILED")
            raise AssertionError(f"{path}: Run All did not finish, twice.\n"
                                 f"first try: {first}\nsecond try: {second}") from second
    except Exception:
        screenshot(page, path + ".FAILED")
        raise


class RunFailed(Exception):
    """Run All did not finish in time; the message says what was still pending."""


def kernel_of(lab, path):
    """The kernel model (id, execution_state, last_activity) of the session open on path, or None."""
    sessions = json.loads(urllib.request.urlopen(f"{lab['url']}/api/sessions", timeout=10).read())
    for s in sessions:
        if s.get("path") == path and s.get("kernel"):
            return s["kernel"]
    return None


def kernel_state(lab, kernel_id):
    return json.loads(urllib.request.urlopen(f"{lab['url']}/api/kernels/{kernel_id}", timeout=10).read())


def notebook_kernel(lab, path):
    """The kernel model of the notebook's session as it is now (JupyterLab may replace a kernel that
    is slow to start on a busy machine: follow the session, not a kernel id), or None."""
    kernel = kernel_of(lab, path)
    if kernel is None:
        return None
    try:
        return kernel_state(lab, kernel["id"])
    except urllib.error.HTTPError as exc:
        if exc.code == 404:  # shut down between the two requests
            return None
        raise


def _wait(what, condition, timeout, interval=0.1):
    deadline = time.time() + timeout
    seen = ""
    while True:
        try:
            result = condition()
        except (urllib.error.URLError, OSError) as exc:  # the server busy or between two kernels
            result, seen = None, f" (last request failed: {exc})"
        if result:
            return result
        if time.time() > deadline:
            raise RunFailed(f"timed out after {timeout} s waiting for {what}{seen}")
        time.sleep(interval)


PENDING = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .filter(p => !/\\[\\d+\\]/.test(p.textContent)).length"""


def close_sessions(page, lab):
    """Leave the page, then shut down the kernels of the notebooks opened before (as a student who
    closes them): a run of many notebooks would otherwise keep a kernel alive for each."""
    page.goto("about:blank")
    delete_sessions(lab)


APP_READY = "() => !!(window.jupyterapp && window.jupyterapp.shell && document.querySelector('.jp-LabShell'))"


def open_in_app(page, lab, path) -> bool:
    """Open path in the JupyterLab this page has already loaded (window.jupyterapp: the test server sets
    expose_app_in_browser): the open notebooks closed without saving, their kernels shut down, then the
    file browser's open command. False when the page holds no JupyterLab yet."""
    if not page.url.startswith(f"{lab['url']}/lab") or not page.evaluate(APP_READY):
        return False
    page.evaluate("""async () => {
        const app = window.jupyterapp;
        for (const w of [...app.shell.widgets('main')]) {
            if (w.context && w.context.model) { w.context.model.dirty = false; }  // close without the save dialog
        }
        await app.commands.execute('application:close-all');
    }""")
    delete_sessions(lab)
    page.evaluate("(path) => window.jupyterapp.commands.execute('docmanager:open', {path})", path)
    return True


def delete_sessions(lab):
    sessions = json.loads(urllib.request.urlopen(f"{lab['url']}/api/sessions", timeout=30).read())
    for s in sessions:
        request = urllib.request.Request(f"{lab['url']}/api/sessions/{s['id']}", method="DELETE")
        try:
            urllib.request.urlopen(request, timeout=30).read()
        except urllib.error.HTTPError as exc:
            if exc.code != 404:  # already gone is fine
                raise


def _open_and_run(page, lab, path, in_app=False):
    if not (in_app and open_in_app(page, lab, path)):
        close_sessions(page, lab)
        page.goto(f"{lab['url']}/lab/tree/{path}?reset")
    # the kernel's own state, from the server: started and idle
    _wait("the notebook's kernel to start and be idle",
          lambda: (notebook_kernel(lab, path) or {}).get("execution_state") == "idle", RUN_TIMEOUT)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=RUN_TIMEOUT * 1000)
    dismiss_news(page)
    before = _wait("the kernel's state", lambda: notebook_kernel(lab, path), 60)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # the kernel has worked and is idle again, and no code cell is left without its number
    _wait("the kernel to start running the cells",
          lambda: (notebook_kernel(lab, path) or before)["last_activity"] != before["last_activity"], 60)

    def finished():
        kernel = notebook_kernel(lab, path)
        return kernel is not None and kernel["execution_state"] == "idle" and page.evaluate(PENDING) == 0

    try:
        _wait("every cell to run", finished, RUN_TIMEOUT)
    except RunFailed as exc:
        kernel = notebook_kernel(lab, path)
        raise RunFailed(f"{exc}; kernel {kernel['execution_state'] if kernel else 'gone'}, "
                        f"{page.evaluate(PENDING)} code cell(s) not run") from None
    page.wait_for_function("() => !document.body.innerText.includes('Loading widget...')", timeout=30_000)


def screenshot(page, path, scroll_to_output=False):
    """Save what the student sees: with scroll_to_output, the first figure or widget of the notebook."""
    dismiss_news(page)
    if scroll_to_output:
        first = page.locator(".jp-OutputArea-output img, .jp-OutputArea-output .widget-box, .casekit-reading").first
        if first.count():
            first.scroll_into_view_if_needed()
            page.wait_for_timeout(250)  # off-screen cells are painted lazily
    out = ROOT / "test-artifacts" / (path.replace("/", "__") + ".png")
    out.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(out))


def problems(page):
    found = []
    # textContent, not innerText: off-screen cells are not painted, but their text is in the page
    for text in page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_text_contents():
        if "Error" in text or "Traceback" in text:
            found.append(f"error output: {text[:300]}")
    body = page.locator(".jp-NotebookPanel").first.text_content()
    for bad in ("Loading widget...", "Error displaying widget"):
        if bad in body:
            found.append(f"widget not shown: {bad}")
    found += [f"console: {e}" for e in page.console_errors]
    # every figure is an <img> with alternative text, and the browser could draw it
    for img in page.locator(".jp-NotebookPanel .jp-OutputArea-output img").all():
        info = img.evaluate("(i) => ({alt: i.getAttribute('alt') || '', ok: i.complete && i.naturalWidth > 0})")
        if not info["alt"].strip():
            found.append("figure without alternative text")
        if not info["ok"]:
            found.append(f"figure not drawn: {info['alt'][:80]}")
    return found


# The two guided exercises are opened, run and checked the same way inside their student tests below
# (one opening of the page for all the checks on it).
GUIDED = ("exercises/01_source_attribution.ipynb", "exercises/02_regional_alliances.ipynb")


def check_notebook_page(page, path):
    """What every notebook must be after Run All: no error, every widget and figure drawn and described,
    and no serious or critical WCAG 2.1 A/AA violation in its outputs (axe)."""
    screenshot(page, path, scroll_to_output=True)
    assert problems(page) == []
    assert axe_violations(page) == []


def run_and_check(page, lab, path):
    """Open a notebook in the JupyterLab already loaded in ``page`` (loading it the first time), Run All,
    and check the page (tests/e2e/test_lab_*.py: a file per folder, so that pytest-xdist's workers share
    them out). The notebooks opened before are closed and their kernels shut down first."""
    page.console_errors.clear()
    page.remote_requests.clear()
    open_and_run(page, lab, path, in_app=True)
    check_notebook_page(page, path)


def start(page, name):
    field = page.get_by_label("Your name")
    field.fill(name)
    page.locator("button.widget-button:has-text('Start')").click()
    page.wait_for_selector(".casekit-card")


def card_text(page):
    return page.locator(".casekit-card").first.inner_text()


def answer_by_clicking(page, question, wrong_label, after_wrong=None):
    """Choose a wrong option, Check, Try again, then the right one; after_wrong(page) runs while the
    wrong answer's feedback is shown."""
    card = page.locator(".casekit-card").first
    card.locator("label.casekit-option", has_text=wrong_label).first.click()
    card.locator("button.widget-button:has-text('Check')").click()
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Not yet')")
    if after_wrong:
        after_wrong(page)
    card.locator("button.widget-button:has-text('Try again')").click()
    # wait for the kernel's reply (feedback cleared, Check enabled) before choosing again
    page.wait_for_function("() => !document.querySelector('.casekit-card').innerText.includes('Not yet')")
    check = card.locator("button.widget-button:has-text('Check')")
    check.wait_for(state="visible")
    page.wait_for_function("(b) => !b.disabled", arg=check.element_handle())
    card.locator("label.casekit-option", has_text=question.label_of(question.answer)).first.click()
    page.wait_for_function("() => [...document.querySelectorAll('.casekit-card input[type=radio]')].some(r => r.checked)")
    check.click()
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Right')")


def answer_by_keyboard(page, question):
    """Tab to the options, the arrow keys to the right one, Tab to Check, Enter: the keyboard alone.

    (The options are one radio group: one tab stop, the arrow keys move between them and choose.)
    """
    right = question.label_of(question.answer)
    on_options = ("() => document.activeElement && document.activeElement.type === 'radio'"
                  " && !!document.activeElement.closest('.casekit-card')")
    on_right = ("() => document.activeElement.type === 'radio' && document.activeElement.checked"
                " && document.activeElement.closest('label').querySelector('.casekit-option-text').textContent === "
                + json.dumps(right))
    # the options may lie before the focus or after it (after Next, the focus is on the question)
    # the question's own options are on the page (not the previous question's, still being replaced)
    page.wait_for_function("(right) => [...document.querySelectorAll('.casekit-card .casekit-option-text')]"
                           ".some(t => t.textContent === right)", arg=right)

    def to_options():
        for key in ["Tab"] * 6 + ["Shift+Tab"] * 20:
            page.keyboard.press(key)
            if page.evaluate(on_options):
                return
        raise AssertionError("Tab never reached the options")

    to_options()
    page.keyboard.press("Space")  # choose the option the focus is on, then move with the arrows
    for _ in range(12):
        if page.evaluate(on_right):
            break
        if not page.evaluate(on_options):
            # the focus left the group (a focus request still on its way): back to it, as a user would
            reason = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
            print(f"the focus left the options for {reason!r}; tabbing back")
            to_options()
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError("the arrow keys never reached the right option")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.textContent || '').trim() === 'Check'"):
            break
    else:
        raise AssertionError("Tab never reached the Check button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Right')")


def go_next_by_keyboard(page):
    page.locator(".casekit-card").first.click(position={"x": 5, "y": 5})
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.textContent || '').trim() === 'Next'"):
            page.keyboard.press("Space")
            # Next sends the focus to the new question: wait for it to arrive before going on
            page.wait_for_function("() => { const a = document.activeElement; return !!a && !!a.closest('.casekit-card')"
                                   " && (a.textContent || '').trim() !== 'Next'; }")
            return
    raise AssertionError("Tab never reached the Next button")


def unlabelled_controls(page):
    """Form controls inside widgets that have no accessible name (label, aria-label, title or text)."""
    controls = page.evaluate("""() => document.querySelectorAll(
            '.jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets textarea, .jupyter-widgets button').length""")
    assert controls > 10, f"only {controls} controls found: the check would prove nothing"
    return page.evaluate("""() => [...document.querySelectorAll(
            '.jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets textarea, .jupyter-widgets button')]
        .filter(el => !((el.labels && el.labels.length && [...el.labels].some(l => l.textContent.trim()))
                        || el.getAttribute('aria-label') || el.title
                        || (el.tagName === 'BUTTON' && el.textContent.trim())
                        || (el.type === 'radio' && el.parentElement.textContent.trim())))
        .map(el => el.outerHTML.slice(0, 120))""")


def saved(lab, name):
    """The student's answers file for this case (answers are kept apart per case)."""
    found = [p for p in (lab["root"] / "exercises" / "answers" / "kurdistan-2017").glob(f"{name}.json") if p.is_file()]
    assert len(found) == 1, f"expected one answers file for {name}, found {found}"
    return json.loads(found[0].read_text(encoding="utf-8"))


def download_answers(page, lab, name):
    """Press Download my answers; the file the browser saves is the answers file on disk."""
    page.locator("button.widget-button:has-text('Download my answers')").click()
    link = page.locator(f"a[download='{name}.json']")
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    downloaded = Path(info.value.path()).read_bytes()
    assert json.loads(downloaded) == saved(lab, name)


@pytest.fixture(scope="module")
def case():
    from casekit import load_case

    return load_case(ROOT / "casefiles" / "kurdistan-2017")


def test_attribution_exercise_as_a_student(page, lab, case):
    from casekit.questions import exercise_questions, select

    bank = list(select(case, "source-attribution", exercise_questions(case, "source-attribution")).offered)
    path = "exercises/01_source_attribution.ipynb"
    open_and_run(page, lab, path)
    check_notebook_page(page, path)
    start(page, "Browser Student")
    axe = {"started": axe_violations(page)}
    q1 = bank[0]
    wrong = next(c.label for c in q1.choices if c.value != q1.answer)
    answer_by_clicking(page, q1, wrong, after_wrong=lambda p: axe.update({"after a wrong answer": axe_violations(p)}))
    screenshot(page, "a11y__lab__exercise-01")
    assert axe == {"started": [], "after a wrong answer": []}
    assert "Source:" in card_text(page)
    attempts = saved(lab, "browser-student")["exercises"]["source-attribution"]["attempts"]
    assert [(a["question"], a["correct"], a["attempt"]) for a in attempts] == [(q1.id, False, 1), (q1.id, True, 2)]
    go_next_by_keyboard(page)
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Question 2 of')")
    answer_by_keyboard(page, bank[1])
    attempts = saved(lab, "browser-student")["exercises"]["source-attribution"]["attempts"]
    assert attempts[-1]["question"] == bank[1].id and attempts[-1]["correct"] is True
    screenshot(page, "exercise-01-answered")
    # a copy of the answers file, downloaded from the exercise itself (what a Binder user must do)
    download_answers(page, lab, "browser-student")
    # an ordering question from the keyboard: Move down twice, and the focus follows the item
    page.locator(".casekit-choices label", has_text="The reporting chain").first.click()  # Go to part
    card = page.locator(".casekit-card").first
    card.locator("button:has-text('Move down')").first.wait_for()
    first_item = card.locator(".widget-html:has-text('1.')").first.inner_text()[3:].strip()
    card.locator("button:has-text('Move down')").first.focus()
    for place in (2, 3):
        page.keyboard.press("Space")
        page.wait_for_function("""([place, item]) => [...document.querySelectorAll('.casekit-card .widget-html')]
            .some(h => h.innerText.trim() === place + '. ' + item)""", arg=[place, first_item])
        row = page.evaluate("() => document.activeElement.closest('.widget-hbox').innerText")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Move down"
        assert f"{place}. {first_item}" in row, row
    assert problems(page) == []
    assert unlabelled_controls(page) == []


def test_alliance_exercise_as_a_student(page, lab, case):
    from casekit.questions import exercise_questions, select

    offered = select(case, "regional-alliances", exercise_questions(case, "regional-alliances")).offered
    bank = [q for q in offered if q.kind == "stance"]
    path = "exercises/02_regional_alliances.ipynb"
    open_and_run(page, lab, path)
    check_notebook_page(page, path)
    start(page, "Browser Student Two")
    axe = {"started": axe_violations(page)}
    q1 = bank[0]
    answer_by_clicking(page, q1, next(c.label for c in q1.choices if c.value != q1.answer),
                       after_wrong=lambda p: axe.update({"after a wrong answer": axe_violations(p)}))
    attempts = saved(lab, "browser-student-two")["exercises"]["regional-alliances"]["attempts"]
    assert [(a["question"], a["correct"]) for a in attempts] == [(q1.id, False), (q1.id, True)]
    # add an edge: the network figure changes
    image = page.locator(".widget-html img.casekit-figure").first
    before = image.get_attribute("src")
    pair = page.locator(".casekit-pair", has_text=f"{case.actor('iran').name} and {case.actor('iraq').name}")
    pair.locator("label", has_text="cooperates").click()
    page.wait_for_function("(before) => document.querySelector('.widget-html img.casekit-figure').getAttribute('src') !== before", arg=before)
    # the keyboard alone: Tab to the pair Iran and Turkey (one tab stop per pair), Space chooses its
    # first option, "cooperates"
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type === 'radio' && document.activeElement.closest('.casekit-pair')"
                         " && document.activeElement.closest('.casekit-pair').innerText.includes('Iran and Turkey')"):
            break
    else:
        raise AssertionError("Tab never reached the Iran and Turkey group")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.body.innerText.includes('Iran – Turkey: cooperation')")
    page.locator("button.widget-button:has-text('Check my network')").click()
    page.wait_for_function("() => document.body.innerText.includes('Right. 2017-')")
    page.locator(".widget-html img.casekit-figure").nth(1).wait_for()  # the sources' network beside mine
    axe["after Check my network"] = axe_violations(page)
    image.scroll_into_view_if_needed()
    screenshot(page, "exercise-02-network")
    assert axe == {"started": [], "after a wrong answer": [], "after Check my network": []}
    attempts = saved(lab, "browser-student-two")["exercises"]["regional-alliances"]["attempts"]
    relations = {a["question"]: a for a in attempts if a["question"].startswith("relation/")}
    assert relations["relation/iran--iraq"]["correct"] is True and "relation/iran--turkey" in relations
    go_next_by_keyboard(page)
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Question 2 of')")
    answer_by_keyboard(page, bank[1])
    screenshot(page, "exercise-02-answered")
    assert problems(page) == []
    assert unlabelled_controls(page) == []


# --- the student view without code (Voila) --------------------------------------------------------

LESSONS = [f"notebooks/{p.name}" for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
VOILA_CDN = ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@",
             "https://cdnjs.cloudflare.com/ajax/libs/mathjax/")
NOT_FOR_STUDENTS = ("import casekit", "assert ", "Traceback", "There was an error", "Error displaying widget",
                    "Loading widget...", "NameError", "KeyError")


def open_in_voila(page, lab, path, ready):
    """Open a notebook in Voila (as the Binder and hub links do) and wait for a selector."""
    page.goto(f"{lab['url']}/voila/render/{path}", timeout=RUN_TIMEOUT * 1000)
    page.wait_for_selector(ready, timeout=RUN_TIMEOUT * 1000)
    # every cell has run (Voila removes its spinner) and the page's script has drawn the outputs
    # (Voila's lab template renders them in the browser, after the text: on a busy machine, seconds later)
    page.wait_for_function("() => !document.getElementById('loading')", timeout=RUN_TIMEOUT * 1000)
    page.wait_for_selector(".jp-OutputArea-output", state="attached", timeout=RUN_TIMEOUT * 1000)


def shown_to_student(page):
    """What the page shows that a student must never see: code, asserts, tracebacks, broken widgets."""
    text = page.locator("body").text_content()
    found = [f"shows {bad!r}" for bad in NOT_FOR_STUDENTS if bad in text]
    # Voila's page template links Font Awesome's stylesheet and MathJax on CDNs (its own bundle
    # already holds the icons, and no page of ours has mathematics): offline those requests fail,
    # harmlessly. Any other request or failure counts.
    found += [f"console: {e}" for e in page.console_errors if "ERR_NAME_NOT_RESOLVED" not in e]
    found += [f"asked the network for {url}" for url in page.remote_requests if not url.startswith(VOILA_CDN)]
    for img in page.locator("img").all():
        if not (img.get_attribute("alt") or "").strip():
            found.append("figure without alternative text")
    return found


OVERFLOWING_TABLES = """() => [...document.querySelectorAll('table')]
    .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
    .map(t => { const r = t.closest('.casekit-scroll');
                return r ? (r.getAttribute('tabindex') === '0' && r.getAttribute('role') === 'region'
                            && !!r.getAttribute('aria-label')) : false; })"""


def lesson_in_the_student_view(page, lab, path):
    """One opening of the lesson in Voila: what the student sees, axe over the outputs, and then on a
    phone-sized screen (where the tables overflow) each wide table is a named region the keyboard reaches.
    (tests/e2e/test_voila_lessons.py runs it for every lesson.)"""
    open_in_voila(page, lab, path, "h1")
    page.wait_for_function("() => !document.body.innerText.includes('Loading widget...')", timeout=60_000)
    screenshot(page, "voila__" + path)
    assert shown_to_student(page) == []
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 420, "height": 900})
    # the page is laid out again for the narrow screen: wait for the tables to reflow
    page.wait_for_function("() => document.documentElement.clientWidth <= 420")
    page.wait_for_timeout(300)
    overflowing = page.evaluate(OVERFLOWING_TABLES)
    assert all(overflowing), overflowing
    assert axe_violations(page) == []


def test_attribution_exercise_in_the_student_view(page, lab, case):
    from casekit.questions import exercise_questions, select

    bank = list(select(case, "source-attribution", exercise_questions(case, "source-attribution")).offered)
    open_in_voila(page, lab, "exercises/01_source_attribution.ipynb", "button.widget-button:has-text('Start')")
    page.wait_for_function("() => !document.body.innerText.includes('Loading widget...')", timeout=60_000)
    axe = {"opened": axe_violations(page)}
    start(page, "Voila Student")
    axe["started"] = axe_violations(page)
    q1 = bank[0]
    answer_by_clicking(page, q1, next(c.label for c in q1.choices if c.value != q1.answer),
                       after_wrong=lambda p: axe.update({"after a wrong answer": axe_violations(p)}))
    screenshot(page, "a11y__voila__exercise-01")
    assert axe == {"opened": [], "started": [], "after a wrong answer": []}
    go_next_by_keyboard(page)
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Question 2 of')")
    answer_by_keyboard(page, bank[1])
    attempts = saved(lab, "voila-student")["exercises"]["source-attribution"]["attempts"]
    assert [(a["question"], a["correct"]) for a in attempts] == [(q1.id, False), (q1.id, True), (bank[1].id, True)]
    download_answers(page, lab, "voila-student")
    screenshot(page, "voila__exercise-01-answered")
    assert shown_to_student(page) == []
    # a new page (a kernel restart, a closed tab): Start with the same name, and the answers come back
    open_in_voila(page, lab, "exercises/01_source_attribution.ipynb", "button.widget-button:has-text('Start')")
    start(page, "Voila Student")
    page.wait_for_function("() => /Answered 2 of/.test(document.body.innerText)")
    assert shown_to_student(page) == []


def test_alliance_exercise_in_the_student_view(page, lab, case):
    from casekit.questions import exercise_questions, select

    offered = select(case, "regional-alliances", exercise_questions(case, "regional-alliances")).offered
    bank = [q for q in offered if q.kind == "stance"]
    open_in_voila(page, lab, "exercises/02_regional_alliances.ipynb", "button.widget-button:has-text('Start')")
    page.wait_for_function("() => !document.body.innerText.includes('Loading widget...')", timeout=60_000)
    axe = {"opened": axe_violations(page)}
    start(page, "Voila Student Two")
    axe["started"] = axe_violations(page)
    q1 = bank[0]
    answer_by_clicking(page, q1, next(c.label for c in q1.choices if c.value != q1.answer),
                       after_wrong=lambda p: axe.update({"after a wrong answer": axe_violations(p)}))
    go_next_by_keyboard(page)
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Question 2 of')")
    answer_by_keyboard(page, bank[1])
    pair = page.locator(".casekit-pair", has_text=f"{case.actor('iran').name} and {case.actor('iraq').name}")
    pair.locator("label", has_text="cooperates").click()
    page.locator("button.widget-button:has-text('Check my network')").click()
    page.wait_for_function("() => document.body.innerText.includes('Right. 2017-')")
    page.locator(".widget-html img.casekit-figure").nth(1).wait_for()
    axe["after Check my network"] = axe_violations(page)
    assert axe == {"opened": [], "started": [], "after a wrong answer": [], "after Check my network": []}
    attempts = saved(lab, "voila-student-two")["exercises"]["regional-alliances"]["attempts"]
    assert {a["question"] for a in attempts} >= {q1.id, bank[1].id, "relation/iran--iraq"}
    download_answers(page, lab, "voila-student-two")
    screenshot(page, "voila__exercise-02-network")
    assert shown_to_student(page) == []
