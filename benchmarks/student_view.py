"""What a student waits for: from opening an exercise in the student view (Voila) to its first usable
control, against a bare Voila page with one ipywidgets button and one matplotlib figure.

A JupyterLab server (which serves Voila at /voila/render/) runs on a copy of the exercises and the
casefiles, with Jupyter folders of its own; Debian's Chromium, driven by Playwright, opens each page
in a fresh browser context. Rounds are interleaved: the bare page and each exercise once per round.
"""
from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
EXERCISES = ["exercises/01_source_attribution.ipynb", "exercises/02_regional_alliances.ipynb"]
BARE = "exercises/bare_button_and_figure.ipynb"
BARE_CELLS = ["import ipywidgets as widgets\nimport matplotlib.pyplot as plt\n\n"
              "fig, ax = plt.subplots(figsize=(4, 3))\nax.plot([0, 1], [0, 1], marker='o')\n"
              "ax.set_title('one small figure')\nplt.show()",
              "widgets.Button(description='Start')"]
# the first control a student can use: enabled and visible (the exercises' first is their Start button)
READY = "button.widget-button:has-text('Start'):not([disabled])"
TIMEOUT_S = 240


def unavailable() -> str:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bare_notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in BARE_CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def _start_server(root: Path, state: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CASEKIT_ANSWERS_DIR", "MPLBACKEND")}
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"), ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"),
                     ("IPYTHONDIR", "ipython")):
        env[var] = str(state / sub)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.token=", "--ServerApp.password=", "--LabApp.news_url=", f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(state / "server.log", "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/api", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("the Jupyter server did not start:\n" + (state / "server.log").read_text()) from None
            time.sleep(0.5)


def _time_to_control(browser, url: str, path: str) -> float:
    """Seconds from asking for the page to its first usable control; the figure, on the bare page, drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        t = time.perf_counter()
        page.goto(f"{url}/voila/render/{path}", timeout=TIMEOUT_S * 1000)
        page.locator(READY).first.wait_for(state="visible", timeout=TIMEOUT_S * 1000)
        elapsed = time.perf_counter() - t
        if path == BARE and not page.locator("img").count():
            raise RuntimeError("the bare page shows no figure")
        return elapsed
    finally:
        context.close()  # Voila shuts the page's kernel down when its connection goes


def bench_student_view(rounds: int) -> dict:
    reason = unavailable()
    if reason:
        return {"skipped": reason}
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root, state = Path(tmp) / "course", Path(tmp) / "state"
        state.mkdir()
        for folder in ("exercises", "casefiles"):
            shutil.copytree(ROOT / folder, root / folder)
        _bare_notebook(root / BARE)
        proc, url = _start_server(root, state)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                try:
                    _time_to_control(browser, url, BARE)  # warm-up: the server's first page and kernel
                    times: dict[str, list[float]] = {path: [] for path in [BARE, *EXERCISES]}
                    for _ in range(rounds):
                        for path in times:
                            times[path].append(_time_to_control(browser, url, path))
                finally:
                    browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    bare = statistics.median(times[BARE])
    out = {"rounds": rounds, "bare_s": bare, "exercises": {}}
    for path in EXERCISES:
        ratios = [t / b for t, b in zip(times[path], times[BARE])]  # paired within each round
        out["exercises"][path] = {"seconds": statistics.median(times[path]), "ratio": statistics.median(ratios),
                                  "low": min(ratios), "high": max(ratios)}
    return out
