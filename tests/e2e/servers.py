"""The test servers: a JupyterLab (with Voila) on a free port, with folders of its own, started and stopped
(tests/e2e/conftest.py's shared server and tests/e2e/test_student_view.py's culling one)."""
from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Where a Jupyter server keeps per-user state. The browser tests give their server folders of its
# own, so nothing they open (tabs, kernels, settings, trusted notebooks) is left behind for the
# user's next `casekit lab`.
USER_STATE = {
    "JUPYTER_CONFIG_DIR": "config",
    "JUPYTER_DATA_DIR": "data",
    "JUPYTER_RUNTIME_DIR": "runtime",
    "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
    "IPYTHONDIR": "ipython",
}


def server_environment(state: Path) -> dict[str, str]:
    """The environment of a test server: the tests' own, with every per-user Jupyter folder, and HOME
    itself, inside ``state`` (a temporary folder), so nothing the server or its kernels write
    (tabs, kernels, settings, trusted notebooks, caches) reaches the user's own folders."""
    env = {k: v for k, v in os.environ.items() if k not in ("CASEKIT_ANSWERS_DIR", "MPLBACKEND")}
    env.update({var: str(state / sub) for var, sub in USER_STATE.items()})
    env["HOME"] = str(state / "home")
    for var in (*USER_STATE, "HOME"):
        Path(env[var]).mkdir(parents=True, exist_ok=True)
    quiet_news(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
    return env


def start_server(cmd: list[str], root: Path, env: dict, name: str, ready_path: str) -> tuple[subprocess.Popen, str]:
    """Start a server on a free port; wait until it answers; return the process and its URL."""
    port = _free_port()
    cmd = cmd + [f"--port={port}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(root / f"{name}.log", "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}{ready_path}", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError(f"{name} did not start:\n" + (root / f"{name}.log").read_text()) from None
            time.sleep(0.5)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def quiet_news(settings_dir: Path) -> None:
    """JupyterLab asks in a toast whether to fetch Jupyter's news, at a moment of its choosing: a toast that
    can cover what a test clicks. Answer it in the test server's own settings (No, and no update check)."""
    target = settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text('{"fetchNews": "false", "checkForUpdates": false}', encoding="utf-8")
