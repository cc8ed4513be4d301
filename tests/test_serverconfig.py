"""The servers that serve the course shut idle kernels down, with the same settings everywhere."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from casekit import serverconfig

ROOT = Path(__file__).resolve().parents[1]


def test_culling_settings():
    config = serverconfig.kernel_culling()["MappingKernelManager"]
    assert config["cull_idle_timeout"] == serverconfig.CULL_IDLE_TIMEOUT > 0
    assert 0 < config["cull_interval"] < config["cull_idle_timeout"]
    # a page that is open keeps its kernel however long the student reads; a busy kernel is kept
    assert config["cull_connected"] is False and config["cull_busy"] is False
    args = serverconfig.server_arguments(30, 5)
    assert "--MappingKernelManager.cull_idle_timeout=30" in args and "--MappingKernelManager.cull_interval=5" in args
    with pytest.raises(ValueError, match="positive"):
        serverconfig.kernel_culling(0)


@pytest.mark.parametrize("path", [".jupyter/jupyter_server_config.json", "voila.json"])
def test_the_repository_config_files_say_the_same(path):
    """Binder runs its server in the repository's folder, its home (so .jupyter/ there is the user's
    configuration); the standalone voila command reads voila.json from the folder it runs in."""
    assert json.loads((ROOT / path).read_text(encoding="utf-8")) == serverconfig.kernel_culling()


def test_a_jupyter_server_reads_the_settings(tmp_path):
    """The options are ones a Jupyter server knows: a server's kernel manager takes them."""
    code = ("import sys; from traitlets.config import Config; "
            "from jupyter_server.services.kernels.kernelmanager import MappingKernelManager; "
            "from casekit.serverconfig import kernel_culling; "
            "m = MappingKernelManager(config=Config(kernel_culling(45, 7))); "
            "print(m.cull_idle_timeout, m.cull_interval, m.cull_connected, m.cull_busy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.stdout.split() == ["45", "7", "False", "False"], out.stderr


def test_the_front_end_files_are_package_data():
    """The widgets' JavaScript and CSS are files the package ships, declared as package data."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["casekit"]
    static = ROOT / "src" / "casekit" / "widgets" / "static"
    names = sorted(p.name for p in static.iterdir())
    assert names == ["choices.css", "choices.js", "exercise.css", "focus.js", "live.js"]
    for name in names:
        assert any(Path("widgets/static", name).match(p) for p in patterns), name
    from casekit.widgets import a11y

    assert a11y.CHOICES_ESM == (static / "choices.js").read_text(encoding="utf-8")
    assert "export default" in a11y.LIVE_ESM and "export default" in a11y.FOCUS_ESM


def test_the_readme_gives_a_hub_the_same_lines():
    readme = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()]
    lines = serverconfig.config_lines().splitlines()
    start = readme.index(lines[0])
    assert readme[start:start + len(lines)] == lines
    out = subprocess.run([sys.executable, "-m", "casekit.serverconfig"], capture_output=True, text=True, timeout=60)
    assert out.stdout == serverconfig.config_lines()
