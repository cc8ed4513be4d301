"""The browser tests' server keeps its state to itself: it is started with every per-user Jupyter
folder, and HOME, inside a temporary folder, and the folders it and Jupyter report are those.

This checks the server's own isolation, not the user's folders: another Jupyter on the same
machine (an instructor's own JupyterLab) may write there at any time.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# every folder where a Jupyter server, JupyterLab or IPython keeps per-user state
ISOLATED = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
            "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR", "HOME")


def inside(path: "str | Path", folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def test_the_server_is_started_with_folders_of_its_own(lab):
    state = lab["state"]
    for var in ISOLATED:
        assert var in lab["env"], f"{var} is not set for the test server"
        assert inside(lab["env"][var], state), f"{var}={lab['env'][var]} is outside the server's folder {state}"


def test_jupyter_reports_the_servers_folders(lab):
    """`jupyter --paths` in the server's environment: the per-user folders it lists are the server's
    own (an environment's share/ and etc/ folders may come before them), and no folder listed is
    the user's (~/.jupyter, ~/.local/share/jupyter)."""
    out = subprocess.run([sys.executable, "-m", "jupyter", "--paths", "--json"], env=lab["env"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    paths = json.loads(out)
    env, state = lab["env"], lab["state"]
    for kind, var in (("config", "JUPYTER_CONFIG_DIR"), ("data", "JUPYTER_DATA_DIR"), ("runtime", "JUPYTER_RUNTIME_DIR")):
        assert var in env and any(Path(p).resolve() == Path(env[var]).resolve() for p in paths[kind]), \
            f"{kind}: {paths[kind]} does not list the server's own {var} ({env.get(var)})"
    assert all(inside(p, state) for p in paths["runtime"]), paths["runtime"]
    home = Path.home()
    users = [home / ".jupyter", home / ".local" / "share" / "jupyter", home / ".ipython"]
    for path in (p for kind in ("config", "data", "runtime") for p in paths[kind]):
        assert not any(inside(path, user) for user in users if not inside(user, state)), \
            f"the test server would use the user's folder {path}"


def test_the_running_server_writes_its_runtime_file_in_its_own_folder(lab):
    """The server announces itself (jpserver-PID.json) in the runtime folder it was given, and
    nowhere the user's own Jupyter would find it."""
    runtime = Path(lab["env"]["JUPYTER_RUNTIME_DIR"])
    info = runtime / f"jpserver-{lab['pid']}.json"
    assert info.is_file(), f"the server's runtime file is not in {runtime}: {sorted(runtime.iterdir())}"
    assert Path(json.loads(info.read_text(encoding="utf-8"))["root_dir"]).resolve() == lab["root"].resolve()
