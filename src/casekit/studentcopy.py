"""The student copy: the repository a class gets, without solutions, guide or answer keys.

As nbgrader's release folder: the instructor keeps the full repository and pushes the copy that
``write_student_copy`` makes to a repository of its own, which students open (Binder, a hub, or
their own machine). What goes in is listed (``FOLDERS``, ``FILES``), never "everything but":
a folder added to the project later stays out until someone decides it belongs to students.

Notebooks are filtered as they are copied (a declared chain of small steps, as in release.py):
cells tagged ``solution`` or ``instructor`` are removed, ``<details>`` blocks whose summary is for
instructors are cut out of markdown cells, a markdown section headed "For instructors" is dropped,
and the generated index and navigation cells are written again from the copy's own folders, so
the start page links only what the copy holds. ``leaks`` and ``dead_links`` check the result; the
command refuses to finish if either finds anything.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import UserError

# What a class gets: folders copied (filtered), and single files copied as they are.
FOLDERS = ("notebooks", "exercises", "casefiles", "src")
FILES = ("environment.yml", "postBuild", "pyproject.toml", "LICENSE")
# Never copied from inside those folders: students' answers, caches, build leftovers.
SKIP_NAMES = {"answers", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".DS_Store",
              "rubrics.yaml"}  # a casefile's rubrics hold model answers: for instructors (casekit.rubrics)
SKIP_SUFFIXES = (".egg-info", ".pyc", ".bak", ".tmp")
MARKER = ".casekit-student-copy"  # written into the copy, so that writing it again may replace it

INSTRUCTOR_TAGS = {"solution", "instructor"}
_DETAILS = re.compile(r"<details>\s*<summary>[^<]*instructor[^<]*</summary>.*?</details>\s*", re.I | re.S)
_INSTRUCTOR_HEADING = re.compile(r"^#{1,6}\s+.*\binstructors?\b", re.I)
# What would show a key or an instructor's note, wherever it is found in the copy's notebooks.
LEAK_PATTERNS = (
    (re.compile(r"\(for instructors?\)", re.I), "an answer for instructors"),
    (re.compile(r"key_table\s*\("), "an answer-key table (views.key_table)"),
    (re.compile(r"^#+\s*Answer key\b", re.I | re.M), "an answer-key section"),
    (re.compile(r"\*\*Instructor notes\.\*\*|\*\*Teaching notes\.\*\*", re.I), "instructor notes"),
    (re.compile(r"\*\*Model answer", re.I), "a model answer"),
    (re.compile(r"^#+\s*Model answers\b", re.I | re.M), "model answers"),
)


class StudentCopyError(Exception):
    """The copy cannot be written; the message names the path."""


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


# --- notebook steps -----------------------------------------------------------------------------

def _source(cell: dict) -> str:
    return "".join(cell.get("source", ""))


def remove_tagged_cells(nb: dict) -> dict:
    nb["cells"] = [c for c in nb["cells"] if not INSTRUCTOR_TAGS & set(c.get("metadata", {}).get("tags", []))]
    return nb


def cut_instructor_details(nb: dict) -> dict:
    """Remove ``<details><summary>Answer (for instructors)</summary>...</details>`` from markdown;
    a cell left empty goes."""
    kept = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            src = _source(cell)
            cut = _DETAILS.sub("", src)
            if cut != src:
                if not cut.strip():
                    continue
                cell["source"] = cut.rstrip() + "\n" if src.endswith("\n") else cut.rstrip()
        kept.append(cell)
    nb["cells"] = kept
    return nb


def drop_instructor_sections(nb: dict) -> dict:
    """Drop a markdown cell whose first heading is for instructors (its section ends at the cell)."""
    def for_instructors(cell):
        if cell["cell_type"] != "markdown":
            return False
        first = next((ln for ln in _source(cell).splitlines() if ln.strip()), "")
        return bool(_INSTRUCTOR_HEADING.match(first))

    nb["cells"] = [c for c in nb["cells"] if not for_instructors(c)]
    return nb


def clear_outputs(nb: dict) -> dict:
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


NOTEBOOK_STEPS = (remove_tagged_cells, cut_instructor_details, drop_instructor_sections, clear_outputs)


def student_notebook(text: str, name: str) -> str:
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StudentCopyError(f"{name}: not a readable notebook ({exc})") from None
    for step in NOTEBOOK_STEPS:
        nb = step(nb)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


# --- copying ------------------------------------------------------------------------------------

def _skipped(path: Path) -> bool:
    return path.name in SKIP_NAMES or path.name.endswith(SKIP_SUFFIXES)


def _copy_tree(src: Path, dst: Path, written: list[Path]) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for item in sorted(src.iterdir()):
        if _skipped(item) or item.is_symlink():
            continue
        target = dst / item.name
        if item.is_dir():
            _copy_tree(item, target, written)
        elif item.is_file():
            if item.suffix == ".ipynb":
                target.write_text(student_notebook(item.read_text(encoding="utf-8"), str(item)), encoding="utf-8")
            else:
                shutil.copy2(item, target)
            written.append(target)


def _prepare(dest: Path, root: Path) -> None:
    dest_r, root_r = dest.resolve(), root.resolve()
    if dest_r == root_r or root_r in dest_r.parents and dest_r.relative_to(root_r).parts[0] in FOLDERS:
        raise StudentCopyError(f"{dest}: is inside the project's own folders; choose a folder outside them")
    if dest_r in root_r.parents:
        raise StudentCopyError(f"{dest}: holds the project itself; choose another folder")
    if not dest.parent.is_dir():
        raise StudentCopyError(f"{dest}: the folder {dest.parent} does not exist; create it first")
    if dest.exists() and not dest.is_dir():
        raise StudentCopyError(f"{dest}: exists and is not a folder")
    if dest.is_dir():
        entries = [p for p in dest.iterdir() if p.name != ".git"]
        if entries and not (dest / MARKER).is_file():
            raise StudentCopyError(f"{dest}: is not empty and is not a student copy written before; "
                                   "choose an empty or new folder")
        for p in entries:  # an earlier copy: replaced whole (its .git is kept, so it can be pushed again)
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()


def students_readme(root: Path, title: str, repo: str = "", ref: str = "main") -> str:
    """The students' README: how to open the lessons, where answers are saved, how to hand them in."""
    from .notebooks import index

    lessons = [(f, n, t) for f, n, t in index(root) if f in ("notebooks", "exercises")]
    lines = [f"# {title}", "",
             "The lessons and exercises of this case study. Open them in a browser, run them, and answer",
             "the exercises with the controls they show: every answer is saved as you go.", "",
             "## Opening it", ""]
    if repo:
        from .instructor import links

        binder = links(repo, ref, "", "notebooks/00_start_here.ipynb")["binder"]
        lines += [f"- **In a browser, with nothing to install:** [open it on Binder]({binder}). Binder",
                  "  starts a fresh copy each time and keeps nothing after you close it: download your",
                  "  answers before you leave (see below).", ""]
    lines += ["- **On your class's JupyterHub:** use the link your instructor gives you.",
              "- **On your own computer** (Python 3.10 or newer), from this folder:", "",
              "  ```bash",
              "  python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/casekit lab",
              "  ```", "",
              "  This opens `notebooks/00_start_here.ipynb`; start there.", "",
              "## What is here", ""]
    names = {"notebooks": "Lessons", "exercises": "Exercises"}
    for folder in ("notebooks", "exercises"):
        entries = [(n, t) for f, n, t in lessons if f == folder]
        if entries:
            lines.append(f"**{names[folder]}**")
            lines.append("")
            lines += [f"- [{t}]({folder}/{n})" for n, t in entries]
            lines.append("")
    lines += ["The sources the lessons quote are in `casefiles/`, each with where it was published and on",
              "what terms it is quoted.", "",
              "## Your answers", "",
              "- Type your name at the top of an exercise, then answer. Each answer is saved at once in",
              "  `exercises/answers/<case id>/<your name>.json`. If the notebook stops or restarts, run it",
              "  again from the top: your answers come back.",
              "- When you have finished, press **Download my answers** under the exercise and save the file",
              "  it offers. Hand that file in as your instructor asks.", "",
              "## Licence", "",
              "The code and notebooks are under the licence in `LICENSE`. The source texts in",
              "`casefiles/*/sources/` are quoted on the terms each file states.", ""]
    return "\n".join(lines)


def write_student_copy(root: Path, dest: Path, repo: str = "", ref: str = "main") -> list[Path]:
    """Write the student copy of the project at ``root`` into ``dest``; return the files written.
    Raises StudentCopyError if the copy would leak a key or hold a dead link (nothing is left
    half-checked: the copy is removed again in that case)."""
    from .notebooks import update_navigation

    root, dest = Path(root), Path(dest)
    for name in ("notebooks", "casefiles", "src"):
        if not (root / name).is_dir():
            raise StudentCopyError(f"{root / name}: no such folder; run this from the project folder")
    _check_released(root)
    _prepare(dest, root)
    dest.mkdir(exist_ok=True)
    written: list[Path] = []
    for folder in FOLDERS:
        if (root / folder).is_dir():
            _copy_tree(root / folder, dest / folder, written)
    for name in FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, dest / name)
            written.append(dest / name)
    # the index and navigation, from the copy's own folders (no solutions/ there, so no link to it)
    update_navigation(dest)
    title = _case_title(root) or "Case study"
    (dest / "README.md").write_text(students_readme(dest, title, repo, ref), encoding="utf-8")
    written.append(dest / "README.md")
    (dest / ".gitignore").write_text("__pycache__/\n*.egg-info/\n.venv/\n.ipynb_checkpoints/\nanswers/\n",
                                     encoding="utf-8")
    (dest / MARKER).write_text("Written by `casekit student-copy`; writing it again replaces this folder "
                               "(all but .git).\n", encoding="utf-8")
    problems = leaks(dest) + dead_links(dest)
    if problems:
        raise StudentCopyError("the student copy would not be clean: " + "; ".join(map(str, problems[:5]))
                               + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    return written


def _check_released(root: Path) -> None:
    """Refuse to copy exercises that are not what ``casekit release`` makes from solutions/ now."""
    from .release import ReleaseError, release

    solutions = root / "solutions"
    if not solutions.is_dir():
        return
    for folder in [solutions] + sorted(p for p in solutions.rglob("*") if p.is_dir() and not _skipped(p)):
        if not any(folder.glob("*.ipynb")):
            continue
        exercises = root / "exercises" / folder.relative_to(solutions)
        try:
            drift = release(folder, exercises, check=True)
        except ReleaseError as exc:
            raise StudentCopyError(str(exc)) from None
        if drift:
            where = folder.relative_to(root).as_posix()
            raise StudentCopyError(f"{drift[0].notebook}: {drift[0].reason}; the exercises are not in step with "
                                   f"{where}/: run `casekit release` (with --solutions {where} --exercises "
                                   f"{exercises.relative_to(root).as_posix()}) first")


def _case_title(root: Path) -> str:
    import yaml

    cases = sorted((root / "casefiles").glob("*/case.yaml"))
    if len(cases) != 1:
        return ""
    try:
        data = yaml.safe_load(cases[0].read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return ""
    return str(data.get("title", "")) if isinstance(data, dict) else ""


# --- checks -------------------------------------------------------------------------------------

def _files(dest: Path) -> Iterable[Path]:
    return (p for p in sorted(dest.rglob("*")) if p.is_file() and ".git" not in p.relative_to(dest).parts)


def leaks(dest: Path, instructor_files: Iterable[str] = ()) -> list[Problem]:
    """Everything in a student copy that is for instructors: a solutions/, guide/, tests/ or
    benchmarks/ file, a cell tagged solution or instructor, an answer for instructors, a key table,
    instructor notes or model answers in a notebook; ``instructor_files``: names of files that
    must not be there (for example the solutions' notebooks)."""
    dest = Path(dest)
    problems = []
    banned = {"solutions", "guide", "tests", "benchmarks", ".ci"}
    names = set(instructor_files)
    for path in _files(dest):
        rel = path.relative_to(dest)
        if rel.parts[0] in banned:
            problems.append(Problem(str(rel), "an instructor's file"))
            continue
        if rel.as_posix() in names or path.name == "rubrics.yaml":
            problems.append(Problem(str(rel), "an instructor's file"))
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            for i, cell in enumerate(nb.get("cells", [])):
                tags = INSTRUCTOR_TAGS & set(cell.get("metadata", {}).get("tags", []))
                if tags:
                    problems.append(Problem(f"{rel}: cell {i + 1}", f"tagged {sorted(tags)[0]!r}"))
                src = _source(cell)
                for pattern, what in LEAK_PATTERNS:
                    if pattern.search(src):
                        problems.append(Problem(f"{rel}: cell {i + 1}", what))
    return problems


_MD_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_IMG_LINK = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?")
_HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)


def relative_links(text: str) -> list[str]:
    """The relative links of a markdown text (markdown links, images, href and src), without anchors."""
    out = []
    for pattern in (_MD_LINK, _IMG_LINK, _HREF):
        for m in pattern.finditer(text):
            target = m.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
                continue
            target = target.split("#", 1)[0].split("?", 1)[0]
            if target:
                out.append(target)
    return out


def dead_links(dest: Path) -> list[Problem]:
    """Every relative link in the copy's notebooks (markdown cells) and Markdown files that does
    not lead to a file or folder inside the copy."""
    from urllib.parse import unquote

    dest = Path(dest).resolve()
    problems = []
    for path in _files(dest):
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            texts = [(f"cell {i + 1}", _source(c)) for i, c in enumerate(nb.get("cells", []))
                     if c.get("cell_type") == "markdown"]
        elif path.suffix == ".md" and "casefiles" not in path.relative_to(dest).parts:
            texts = [("", path.read_text(encoding="utf-8"))]
        else:
            continue
        for where, text in texts:
            for link in relative_links(text):
                target = (path.parent / unquote(link)).resolve()
                if dest not in (target, *target.parents) or not target.exists():
                    rel = path.relative_to(dest)
                    problems.append(Problem(f"{rel}{': ' + where if where else ''}", f"dead link {link!r}"))
    return problems


def cmd_student_copy(args) -> int:
    """``casekit student-copy DIR``."""
    import sys

    repo = getattr(args, "repo", "") or ""
    if repo and not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        raise UserError(f"--repo must be OWNER/NAME, got {repo!r}")
    try:
        written = write_student_copy(Path(args.project), Path(args.dir), repo, args.ref)
    except StudentCopyError as exc:
        raise UserError(str(exc)) from None
    print(f"wrote the student copy into {args.dir}/ ({len(written)} files): lessons, exercises, casefiles, "
          "the package and a students' README; no solutions, guide, tests or answer keys")
    print("Next: push it to the class's own repository, then give students the links of "
          f"`casekit links --repo {repo or 'OWNER/STUDENT-REPO'}` run in that copy.", file=sys.stderr)
    return 0
