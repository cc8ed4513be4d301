"""The course site: lessons (code hidden, outputs and figures shown), the instructor guide and the
handouts, as a static website built with Sphinx and MyST-NB.

``build_site`` stages a Sphinx project in a temporary folder (the lessons found in notebooks/,
guide/*.md when the guide exists, the handouts written by handouts.py), executes the lessons
there (``nb_execution_mode = "force"``: the outputs are the casefile's, the same on every build),
and builds HTML into the output folder. The theme is Sphinx's own (alabaster, installed with
Sphinx): it downloads nothing. MyST-NB's loading of ipywidgets' scripts from a CDN is switched off
(``nb_ipywidgets_js = {}``) and so is MathJax, so the pages open from disk with no request
anywhere (the browser test checks it).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import UserError
from .handouts import lesson_notebooks

CONF = '''# Written by `casekit site`: the Sphinx configuration of the course site.
project = {project!r}
author = ""
copyright = ""
extensions = ["myst_nb"]
html_theme = "alabaster"
html_theme_options = {{"show_powered_by": False, "show_relbars": True}}
html_title = {project!r}
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
html_show_copyright = False
html_extra_path = ["_extra"]
html_static_path = []
exclude_patterns = ["_build", "_extra", "**.ipynb_checkpoints", "**/answers/**"]
language = "en"
# No download at build or view time: no ipywidgets scripts (MathJax is added only to a page with
# mathematics, and no page has any: the browser test checks that nothing is requested).
nb_ipywidgets_js = {{}}
# The lessons run at build time (the outputs are the casefile's, the same on every build).
nb_execution_mode = {execution!r}
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_remove_code_source = True
nb_merge_streams = True
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure"]
'''


class SiteError(Exception):
    """The site cannot be built; the message says why in one line."""


def _title(path: Path) -> str:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SiteError(f"{path}: not a readable notebook ({exc})") from None
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)")


def _site_notebook(src: Path, dst: Path, pages: set[str], students: bool = False) -> None:
    """Copy a lesson for the site: outputs cleared (they are made again), and a link to a notebook
    that is not on the site (an exercise or a solution) written as plain words, not a dead link.
    For students: without what is for instructors (as in the student copy)."""
    text = src.read_text(encoding="utf-8")
    if students:
        from .studentcopy import student_notebook

        text = student_notebook(text, str(src))
    nb = json.loads(text)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        elif cell["cell_type"] == "markdown":
            text = "".join(cell.get("source", ""))

            def keep(m: re.Match) -> str:
                target = m.group(2)
                if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                    return m.group(0)
                resolved = os.path.normpath(os.path.join(dst.parent.name, target.split("#")[0]))
                return m.group(0) if resolved.replace(os.sep, "/") in pages else f"*{m.group(1)}*"

            cell["source"] = _LINK.sub(keep, text)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def stage(project: Path, staging: Path, execute: bool = True, students: bool = False, figures: bool = True) -> dict:
    """Write the Sphinx project of the site into ``staging``; return what it holds. ``students``:
    the students' site, without the guide and the lessons' notes for instructors."""
    from .casefile import load_case
    from .handouts import write_handouts

    project = Path(project)
    notebooks = project / "notebooks"
    if not notebooks.is_dir():
        raise SiteError(f"{notebooks}: no such folder; run this from the project folder or give --project")
    found = lesson_notebooks(notebooks)
    if not found:
        raise SiteError(f"{notebooks}: no lessons (numbered notebooks) found")
    pages = {f"notebooks/{p.relative_to(notebooks).as_posix()}" for p in found}
    for path in found:
        _site_notebook(path, staging / "notebooks" / path.relative_to(notebooks), pages, students)
    lesson_docs = [f"notebooks/{p.relative_to(notebooks).with_suffix('').as_posix()}" for p in found]

    guide_docs = []
    guide = project / "guide"
    if guide.is_dir() and not students:
        for path in sorted(guide.rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                target = staging / "guide" / path.relative_to(guide)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                if path.suffix in (".md", ".ipynb"):
                    guide_docs.append(f"guide/{path.relative_to(guide).with_suffix('').as_posix()}")
        guide_docs.sort(key=lambda d: (not d.lower().endswith(("index", "readme")), d))

    cases = sorted((project / "casefiles").glob("*/case.yaml"))
    handout_sets = []
    for case_yaml in cases:
        case = load_case(case_yaml.parent)
        target = staging / "_extra" / "handouts" / (case.id if len(cases) > 1 else "")
        write_handouts(case, case_yaml.parent, notebooks, target, figures=figures)
        handout_sets.append((case.title, (target / "index.html").relative_to(staging / "_extra").as_posix()))
    project_title = load_case(cases[0].parent).title if len(cases) == 1 else "Case studies"

    def toctree(caption: str, docs: list[str]) -> str:
        if not docs:
            return ""
        return "```{toctree}\n:maxdepth: 1\n:caption: " + caption + "\n\n" + "\n".join(docs) + "\n```\n\n"

    guide_note = ("" if guide_docs or students else
                  "The instructor guide is not in this repository yet: it will appear here, built from "
                  "`guide/*.md`, once it is.\n\n")
    handouts = "".join(f'- <a href="{href}">Handouts: {title}</a>\n' for title, href in handout_sets)
    what = ("and the printable handouts" if students else "the instructor guide and the printable handouts")
    index = (f"# {project_title}\n\n"
             f"The lessons of the case study, with their outputs and figures (the code is hidden), {what}. "
             "The exercises run in the notebooks themselves (JupyterLab, Binder or a hub).\n\n"
             + toctree("Lessons", lesson_docs) + toctree("Instructor guide", guide_docs) + guide_note
             + "## Handouts\n\nPrint-ready document packets, the glossary and the figures (they open in "
               "the browser and fetch nothing):\n\n" + handouts)
    (staging / "index.md").write_text(index, encoding="utf-8")
    (staging / "conf.py").write_text(CONF.format(project=project_title, execution="force" if execute else "off"),
                                     encoding="utf-8")
    return {"lessons": lesson_docs, "guide": guide_docs, "handouts": [h for _, h in handout_sets]}


def build_site(project: Path, out: Path, execute: bool = True, quiet: bool = True, students: bool = False) -> dict:
    """Build the site into ``out`` (index.html at its top); return what it holds."""
    try:
        import myst_nb  # noqa: F401
        import sphinx  # noqa: F401
    except ImportError:
        raise SiteError("the site needs Sphinx and MyST-NB: pip install -e \".[site]\"") from None
    project = Path(project).resolve()
    with tempfile.TemporaryDirectory(prefix="casekit-site-") as tmp:
        staging = Path(tmp) / "src"
        staging.mkdir()
        held = stage(project, staging, execute, students)
        env = dict(os.environ, CASEKIT_CASEFILES=str(project / "casefiles"), PYDEVD_DISABLE_FILE_VALIDATION="1")
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-j", "1", "-d", str(Path(tmp) / "doctrees"),
               str(staging), str(out)] + (["-q"] if quiet else [])
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            last = [ln for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
            raise SiteError("sphinx failed: " + (last[-1] if last else f"exit status {done.returncode}"))
        held["warnings"] = [ln.replace(str(staging) + os.sep, "") for ln in done.stderr.splitlines()
                            if ": WARNING:" in ln]
    return held


def cmd_site(args) -> int:
    """``casekit site --out DIR``."""
    from .instructor import output_path

    out = output_path(args.out, "folder")
    try:
        held = build_site(Path(args.project), out, execute=not args.no_execute, students=args.students)
    except SiteError as exc:
        raise UserError(str(exc)) from None
    for warning in held["warnings"]:
        print(warning, file=sys.stderr)
    print(f"built the site into {out}/: {len(held['lessons'])} lessons, {len(held['guide'])} guide page(s), "
          f"handouts; open {out / 'index.html'}")
    return 0
