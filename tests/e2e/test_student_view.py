"""The student view (Voila) as a student meets it: kernels that do not pile up, texts that name no
server path, a resumed exercise, and a page that reflows at 320 CSS px.

These tests start their own server, configured as the package configures the servers it starts
(``casekit.serverconfig``, with a short cull timeout) and, unlike the other browser tests' server,
with its XSRF check on, as on Binder or a hub.
"""
from __future__ import annotations

import json
import shutil
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from casekit.serverconfig import server_arguments
from servers import server_environment, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT = 240_000  # ms: a busy machine is slow, not broken
CULL_TIMEOUT, CULL_INTERVAL = 12, 2  # seconds, for the tests (the package's default is minutes)
EXERCISE = "exercises/01_source_attribution.ipynb"
PLAIN = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# A page without exercises"},
                   {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                    "source": "print('ready')"}],
         "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
         "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A JupyterLab server with Voila, culling idle kernels as ``casekit.serverconfig`` says, with
    folders of its own (config, data, runtime...) and its XSRF check on."""
    root = tmp_path_factory.mktemp("student-view")
    state = tmp_path_factory.mktemp("student-view-state")
    for folder in ("exercises", "casefiles"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "plain.ipynb").write_text(json.dumps(PLAIN), encoding="utf-8")
    env = server_environment(state)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
           "--ServerApp.token=", "--ServerApp.password=", "--LabApp.news_url=", f"--ServerApp.root_dir={root}",
           *server_arguments(CULL_TIMEOUT, CULL_INTERVAL)]
    proc, url = start_server(cmd, root, env, "server", "/api")
    yield {"url": url, "root": root, "log": root / "server.log"}
    stop_server(proc)


def kernels(server) -> list[str]:
    return [k["id"] for k in json.loads(urllib.request.urlopen(f"{server['url']}/api/kernels", timeout=10).read())]


def wait_for(condition, timeout: float, step: float = 0.5):
    """Poll until condition() is true or the time is up; the last value either way."""
    deadline = time.time() + timeout
    while True:
        value = condition()
        if value or time.time() > deadline:
            return value
        time.sleep(step)


def open_page(page, server, path, ready="h1"):
    page.goto(f"{server['url']}/voila/render/{path}", timeout=LOAD_TIMEOUT)
    page.wait_for_selector(ready, timeout=LOAD_TIMEOUT)
    page.wait_for_function("() => !document.getElementById('loading')", timeout=LOAD_TIMEOUT)


def open_exercise(page, server):
    open_page(page, server, EXERCISE, "button.widget-button:has-text('Start')")


def start(page, name):
    page.get_by_label("Your name").fill(name)
    page.locator("button.widget-button:has-text('Start')").click()
    page.wait_for_selector(".casekit-card")


def exercise_text(page) -> str:
    return page.locator(".casekit-exercise").inner_text()


def offered(case):
    from casekit.questions import exercise_questions, select

    return list(select(case, "source-attribution", exercise_questions(case, "source-attribution")).offered)


# --- kernels -----------------------------------------------------------------------------------

def test_reloading_a_page_ten_times_leaves_a_bounded_number_of_kernels(page, server):
    """Each load starts a kernel; the ones of pages left behind are shut down (culled when idle and
    without a page), so reloading does not pile kernels up."""
    before = set(kernels(server))
    open_page(page, server, "plain.ipynb")
    for _ in range(9):
        page.reload(timeout=LOAD_TIMEOUT)
        page.wait_for_selector("h1", timeout=LOAD_TIMEOUT)
        page.wait_for_function("() => !document.getElementById('loading')", timeout=LOAD_TIMEOUT)
    left = wait_for(lambda: len(set(kernels(server)) - before) <= 2 and set(kernels(server)) - before,
                    timeout=CULL_TIMEOUT + 4 * CULL_INTERVAL + 30)
    assert left, f"kernels still alive after 10 loads: {sorted(set(kernels(server)) - before)}"
    # the page still open keeps its kernel: the student can go on
    assert page.locator("text=ready").count() >= 1


def test_leaving_an_exercise_shuts_its_kernel_down_at_once(browser, server):
    """Voila's shutdown request on leaving the page is accepted (it was refused, 403, for want of an
    _xsrf cookie), so the kernel goes at once, long before the cull timeout."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # no cookie from another test
    page = context.new_page()
    try:
        before = set(kernels(server))
        open_exercise(page, server)
        mine = set(kernels(server)) - before
        assert len(mine) == 1
        page.wait_for_function("() => /(^|;\\s*)_xsrf=/.test(document.cookie)")
        left = time.time()
        page.goto("about:blank")
        gone = wait_for(lambda: not (mine & set(kernels(server))), timeout=CULL_TIMEOUT / 2, step=0.25)
        assert gone, "the kernel of the page left was not shut down"
        assert time.time() - left < CULL_TIMEOUT  # the shutdown request, not the culler
        kernel = next(iter(mine))
        refused = [line for line in server["log"].read_text().splitlines() if kernel in line and " 403 " in line]
        assert refused == []
    finally:
        context.close()


# --- what the student reads --------------------------------------------------------------------

def test_the_student_view_names_no_server_path_and_resumes_where_the_student_was(page, server, case):
    bank = offered(case)
    open_exercise(page, server)
    start(page, "View Student")
    page.wait_for_function("() => document.querySelector('.casekit-exercise').innerText.includes('press Start with the same')")
    text = exercise_text(page)
    for bad in (str(server["root"]), "/home/", "/root/", "/tmp/", ".json", "run the notebook"):
        assert bad not in text, f"the exercise shows {bad!r}: {text[:400]}"
    assert "Download my answers" in text and "open this page again" in text
    # "Question 1 of N" once: in the card's heading, not again in a status line
    assert text.count(f"Question 1 of {len(bank)}") == 1
    # after Check, the focus moves before the verdict is written into the live region
    page.evaluate("""() => {
        window.__order = [];
        const card = document.querySelector('.casekit-card');
        const region = card.querySelector('[role=status]');
        new MutationObserver(() => { if (region.textContent.trim()) window.__order.push('verdict'); })
            .observe(region, {childList: true, subtree: true, characterData: true});
        document.addEventListener('focusin', (e) => window.__order.push('focus:' + (e.target.innerText || e.target.tagName).trim()), true);
    }""")
    q1 = bank[0]
    card = page.locator(".casekit-card").first
    card.locator("label.casekit-option", has_text=q1.label_of(q1.answer)).first.click()
    page.wait_for_function("() => [...document.querySelectorAll('.casekit-card input[type=radio]')].some(r => r.checked)")
    page.evaluate("() => { window.__order = []; }")
    card.locator("button.widget-button:has-text('Check')").click()
    page.wait_for_function("() => document.querySelector('.casekit-card').innerText.includes('Right')")
    order = page.evaluate("() => window.__order")
    # the focus reaches Next before the verdict reaches the live region
    assert "verdict" in order and "focus:Next" in order[:order.index("verdict")], order
    assert page.locator(".casekit-card button.widget-button:has-text('Try again')").is_disabled()
    # a new page: Start with the same name: one question reloaded, and the quiz opens at question 2
    open_exercise(page, server)
    # the name field shows a 3-pixel focus outline (ipywidgets' "outline: none !important" won before)
    page.get_by_label("Your name").focus()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth") == "3px"
    start(page, "View Student")
    page.wait_for_function("() => document.querySelector('.casekit-exercise').innerText.includes('were reloaded')")
    page.wait_for_function(f"() => document.querySelector('.casekit-card').innerText.includes('Question 2 of {len(bank)}')")
    text = exercise_text(page)
    assert "your answers to 1 question were reloaded" in text and "saved answer(s)" not in text
    assert text.count(f"Question 2 of {len(bank)}") == 1


# --- reflow at 320 CSS px (WCAG 1.4.10) and text spacing (1.4.12) ----------------------------------

CUT_OFF = """() => {
  const out = [];
  for (const b of document.querySelectorAll('.casekit-exercise button')) {
    const r = b.getBoundingClientRect();
    if (!r.width || !b.offsetParent) continue;  // not shown
    const label = b.innerText.trim();
    if (!label) { out.push(`a button with no visible label (${b.title})`); continue; }
    if (b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)
      out.push(`"${label}" is cut off (${b.scrollWidth}x${b.scrollHeight} in ${b.clientWidth}x${b.clientHeight})`);
    if (getComputedStyle(b).textOverflow === 'ellipsis' && getComputedStyle(b).whiteSpace === 'nowrap'
        && b.scrollWidth >= b.clientWidth) out.push(`"${label}" ends in an ellipsis`);
    if (r.width < 24) out.push(`"${label}" is ${r.width}px wide`);
    if (r.right > document.documentElement.clientWidth + 1) out.push(`"${label}" reaches past the page's right edge`);
  }
  const ex = document.querySelector('.casekit-exercise');
  if (ex.scrollWidth > ex.clientWidth + 1) out.push(`the exercise scrolls sideways (${ex.scrollWidth} > ${ex.clientWidth})`);
  return out;
}"""
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; "
                "word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")


def test_the_exercise_reflows_at_320_px(browser, server, case):
    from casekit.questions import PART_TITLES

    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    try:
        open_exercise(page, server)
        assert page.evaluate(CUT_OFF) == []  # the Start button keeps its label
        start(page, "Narrow Student")
        page.locator("button:has-text('Show more practice')").wait_for()
        assert page.evaluate(CUT_OFF) == []
        page.locator("button.widget-button:has-text('Download my answers')").click()
        # the ordering question (Move up, Move down)
        chain = PART_TITLES["chain"]
        page.locator(".casekit-option", has_text=chain).first.click()
        page.wait_for_selector(".casekit-card button.widget-button:has-text('Move down')")
        assert page.evaluate(CUT_OFF) == []
        page.add_style_tag(content=TEXT_SPACING)
        page.wait_for_timeout(300)
        assert page.evaluate(CUT_OFF) == []
        out = ROOT / "test-artifacts" / "voila__exercise-01-320px.png"
        out.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(out), full_page=True)
    finally:
        context.close()
