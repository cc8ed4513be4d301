"""A real JupyterLab server and Debian's Chromium, driven by Playwright.

Where Chromium or Playwright is missing the browser tests skip with the reason, except under CI
(CI=true), where they fail: CI must run them.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from servers import server_environment, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"


def _unavailable() -> str:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return ""


def pytest_collection_modifyitems(config, items):
    reason = _unavailable()
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if reason:
                if os.environ.get("CI") == "true":
                    item.add_marker(pytest.mark.usefixtures("_fail_in_ci"))  # CI must run them
                else:
                    item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _fail_in_ci():
    pytest.fail(f"browser tests cannot run under CI: {_unavailable()}")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server on a free port, serving a temporary copy of the course; stopped at the end.

    It has its own config, data, runtime, settings and workspaces folders and its own HOME, all in a
    temporary folder (tests/e2e/test_server_isolation.py checks that the server uses them).
    """
    root = tmp_path_factory.mktemp("course")
    state = tmp_path_factory.mktemp("jupyter-state")
    for folder in ("notebooks", "exercises", "solutions", "casefiles"):
        shutil.copytree(ROOT / folder, root / folder)
    env = server_environment(state)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
           "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
           "--LabApp.news_url=", "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={root}"]
    proc, url = start_server(cmd, root, env, "jupyterlab", "/api")
    yield {"url": url, "root": root, "state": state, "env": env, "pid": proc.pid}
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    yield from _page(browser)


@pytest.fixture(scope="module")
def lab_page(browser):
    """One page for a module's notebooks: JupyterLab loads once and opens each notebook in turn
    (test_browser.open_in_app), as a user opens one notebook after another."""
    yield from _page(browser)


def _page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.console_errors = []
    page.remote_requests = []  # anything asked of a host other than the test server
    page.on("request", lambda r: page.remote_requests.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    # a fresh server may ask which kernel to start, at any moment: press Select, as a student would
    page.add_locator_handler(page.locator(".jp-Dialog button.jp-mod-accept"), lambda button: button.click())
    yield page
    context.close()
