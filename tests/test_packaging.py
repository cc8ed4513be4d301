"""environment.yml (Binder) and pyproject.toml list the same runtime packages."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = None


def _name_and_spec(requirement: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject_dependencies() -> dict[str, str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib is not None:
        deps = tomllib.loads(text)["project"]["dependencies"]
    else:  # Python 3.10: read the list by hand
        block = re.search(r"^dependencies = \[(.*?)\]", text, re.S | re.M).group(1)
        deps = re.findall(r'"([^"]+)"', block)
    return dict(_name_and_spec(d) for d in deps)


def _environment_dependencies() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep.get("pip", []))
            continue
        name, spec = _name_and_spec(dep)
        if name not in ("python", "pip"):
            conda[name] = spec
    return conda, pip


def test_environment_matches_pyproject():
    conda, pip = _environment_dependencies()
    assert conda == _pyproject_dependencies()
    assert pip == []


def test_binder_installs_casekit_from_the_repository():
    post = ROOT / "postBuild"
    assert post.read_text(encoding="utf-8").strip().endswith("python -m pip install --no-deps -e .")
    assert post.stat().st_mode & 0o111, "postBuild must be executable"


def test_environment_uses_conda_forge_and_supported_python():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    assert "python>=3.10" in env["dependencies"]
    assert 'requires-python = ">=3.10"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_mismatch_is_detected(monkeypatch):
    """The comparison is not vacuous: a dropped package makes the two differ."""
    conda, _ = _environment_dependencies()
    conda.pop("networkx")
    assert conda != _pyproject_dependencies()
