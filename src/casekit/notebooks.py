"""Notebook housekeeping: the index of lessons and exercises, and generated navigation cells.

Navigation cells are markdown cells that begin with ``NAV_SENTINEL``; ``update_navigation``
rewrites them from the numbered file names, so a rerun keeps them right.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

NAV_SENTINEL = "<!-- casekit:navigation -->"
INDEX_SENTINEL = "<!-- casekit:index -->"
FOLDERS = ("notebooks", "exercises", "solutions")


def _title(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def numbered(root: Path, folder: str) -> list[Path]:
    """The numbered notebooks of a folder (00_..., 01_...), in order."""
    return sorted(p for p in (root / folder).glob("*.ipynb") if re.match(r"^\d\d_", p.name))


def index(root: Path) -> list[tuple[str, str, str]]:
    """(folder, file name, title) of every numbered notebook, lessons first."""
    return [(folder, p.name, _title(p)) for folder in FOLDERS for p in numbered(root, folder)]


def index_markdown(root: Path, here: str = "notebooks") -> str:
    """A markdown list of lessons and exercises with links relative to ``here``."""
    lines = []
    names = {"notebooks": "Lessons", "exercises": "Exercises (students)", "solutions": "Solutions (instructors)"}
    for folder in FOLDERS:
        entries = [(name, title) for f, name, title in index(root) if f == folder]
        if not entries:
            continue
        lines.append(f"**{names[folder]}**\n")
        prefix = "" if folder == here else f"../{folder}/"
        lines += [f"- [{title}]({prefix}{name})" for name, title in entries]
        lines.append("")
    return "\n".join(lines).strip()


def navigation_markdown(root: Path, path: Path) -> str:
    """The navigation cell for one notebook: previous, index, next."""
    siblings = numbered(root, path.parent.name)
    i = siblings.index(path)
    parts = []
    if i > 0:
        parts.append(f"[< {_title(siblings[i - 1])}]({siblings[i - 1].name})")
    start = "00_start_here.ipynb" if path.parent.name == "notebooks" else "../notebooks/00_start_here.ipynb"
    if path.name != "00_start_here.ipynb":
        parts.append(f"[Index: start here]({start})")
    if i + 1 < len(siblings):
        parts.append(f"[{_title(siblings[i + 1])} >]({siblings[i + 1].name})")
    return f"{NAV_SENTINEL}\n" + " | ".join(parts)


def student_view(path: Path) -> bool:
    """Whether a notebook works in the student view (Voila: outputs only, no code cell to type in).
    The notebook's metadata can say so (``"casekit": {"student_view": true/false}``); otherwise a
    lesson does (its code only draws), and an exercise does when it is built from casekit's widgets
    (an exercise whose student writes code, such as drawing their own chart, does not)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    said = (nb.get("metadata") or {}).get("casekit", {}) if isinstance(nb, dict) else {}
    if isinstance(said, dict) and isinstance(said.get("student_view"), bool):
        return said["student_view"]
    if path.parent.name == "notebooks":
        return True
    return any(cell.get("cell_type") == "code" and "casekit.widgets" in "".join(cell.get("source", ""))
               for cell in nb.get("cells", []))


def student_view_notebooks(root: Path, folders: tuple[str, ...] = ("notebooks", "exercises")) -> list[str]:
    """The notebooks (relative paths, lessons first) that get student-view links."""
    out = []
    for folder in folders:
        here = root / folder
        if here.is_dir():
            out += [p.relative_to(root).as_posix() for p in sorted(here.glob("*.ipynb")) if student_view(p)]
    return out


def update_navigation(root: Path, check: bool = False) -> list[str]:
    """Rewrite every navigation cell; return the notebooks that changed (or would, with check)."""
    changed = []
    for folder in ("notebooks", "solutions"):  # exercises/ is written by `casekit release`
        for path in numbered(root, folder):
            nb = json.loads(path.read_text(encoding="utf-8"))
            nav = navigation_markdown(root, path)
            dirty = False
            listing = f"{INDEX_SENTINEL}\n" + index_markdown(root, here=folder)
            for cell in nb["cells"]:
                src = "".join(cell.get("source", ""))
                if cell["cell_type"] != "markdown":
                    continue
                for sentinel, wanted in ((NAV_SENTINEL, nav), (INDEX_SENTINEL, listing)):
                    if src.startswith(sentinel) and src != wanted:
                        cell["source"] = wanted
                        dirty = True
            if dirty:
                changed.append(str(path.relative_to(root)))
                if not check:
                    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def main() -> int:
    """``python -m casekit.notebooks [--check]``: update (or check) navigation cells here."""
    import sys

    check = "--check" in sys.argv[1:]
    changed = update_navigation(Path.cwd(), check=check)
    for name in changed:
        print(("stale: " if check else "updated: ") + name)
    return 1 if (check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
