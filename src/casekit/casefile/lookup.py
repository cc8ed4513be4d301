"""Finding and loading casefiles: a folder by path or case id, a cache of loaded cases (refreshed
when a file changes), and the validation of one folder or of every casefile under a folder."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from ..model import Case
from .loader import _Loader
from .problems import CasefileError, Problem, _rel


def find_casefile(path_or_id: "str | os.PathLike[str]") -> Path:
    """Resolve a casefile folder from a path, or from a case id looked up in casefiles/ folders."""
    path = Path(path_or_id)
    if (path / "case.yaml").is_file() or path.is_dir():
        return path
    env = os.environ.get("CASEKIT_CASEFILES")
    roots = [Path(env)] if env else []
    here = Path.cwd()
    roots += [p / "casefiles" for p in (here, *here.parents)]
    for root in roots:
        if (root / str(path_or_id) / "case.yaml").is_file():
            return root / str(path_or_id)
    raise CasefileError([Problem(str(path_or_id), 0, "path",
                                 "no casefile folder by that path or id (looked in ./casefiles and its parents)")])


_CACHE: dict[tuple, Case] = {}


def _fingerprint(folder: Path) -> tuple:
    out = []
    for sub in ("sources", "annotations"):  # a folder replaced by a link to the same files is a change
        try:
            out.append((sub, os.lstat(folder / sub).st_mode))
        except OSError:
            out.append((sub, None))
    for path, pattern in ((folder, "case.yaml"), (folder, "outlets.yaml"), (folder, "glossary.yaml"),
                          (folder, "background.yaml"), (folder / "sources", "*.md"), (folder / "annotations", "*.yaml")):
        try:
            names = sorted(e.name for e in os.scandir(path) if Path(e.name).match(pattern))
        except OSError:
            continue
        for name in names:
            try:
                st = os.lstat(path / name)
            except OSError:
                continue
            out.append((str(path / name), st.st_mode, st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_case(path_or_id: "str | os.PathLike[str]") -> Case:
    """Load and validate a casefile; raise CasefileError listing every problem."""
    folder = find_casefile(path_or_id).resolve()
    key = (str(folder), _fingerprint(folder))
    if key not in _CACHE:
        _CACHE[key] = _Loader(folder).load()
    return _CACHE[key]


def load_case_without_layout(path_or_id: "str | os.PathLike[str]") -> Case:
    """Load a casefile ignoring its stored network layout (to compute the layout again)."""
    return _Loader(find_casefile(path_or_id).resolve(), read_layout=False).load()


def validate(path: "str | os.PathLike[str]") -> list[tuple[Path, Optional[Case], list[Problem]]]:
    """Validate one casefile folder, or every casefile folder under path."""
    root = Path(path)
    folders = [root] if (root / "case.yaml").exists() else sorted(p.parent for p in root.glob("*/case.yaml"))
    if not folders:
        return [(root, None, [Problem(_rel(root), 0, "path", "no case.yaml here or in its sub-folders")])]
    results = []
    for folder in folders:
        try:
            results.append((folder, _Loader(folder).load(), []))
        except CasefileError as exc:
            results.append((folder, None, exc.problems))
    return results
