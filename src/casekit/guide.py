"""The instructor guide's generated parts (guide/*.md): what is computed is written, not typed.

A guide page marks a block with an opening and a closing comment; ``casekit guide --write`` fills
it and ``casekit guide --check`` (run by the tests) fails when a block is out of date:

- ``<!-- reading-times -->`` ... ``<!-- /reading-times -->``: the output of ``casekit reading`` over
  every notebook in notebooks/ (each notebook is run on a copy, as the command runs it);
- ``<!-- plan 01_the_referendum -->`` ... ``<!-- /plan -->``: the lesson's central question and
  its sections with their minutes, read from the notebook;
- ``<!-- rubrics ID ID -->`` ... ``<!-- /rubrics -->``: the named rubrics of the case's
  rubrics.yaml (criteria, levels, a model answer at each level).

The hand-written prose around the blocks says how to teach; the blocks keep the numbers and the
questions in step with the lessons and the casefile.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Callable, Optional, Sequence

from .errors import UserError

BLOCK = re.compile(r"<!-- (reading-times|plan|rubrics)\b([^>]*?)-->\n(.*?)<!-- /\1 -->", re.S)
_CENTRAL = re.compile(r"^\*\*Central question:\*\*\s*(.+)$", re.M)


class GuideError(ValueError):
    """A guide page names something that does not exist; the message names page and line."""


def reading_times(project: Path, run: bool = True) -> str:
    """The table ``casekit reading notebooks/*.ipynb`` prints, fenced."""
    from . import reading

    paths = sorted((Path(project) / "notebooks").glob("*.ipynb"))
    return "```text\n" + reading.table([reading.reading_time(p, run=run) for p in paths]) + "\n```\n"


def central_question(nb: dict) -> str:
    """The lesson's central question, as its first cell states it ("" when it states none)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            found = _CENTRAL.search("".join(cell.get("source", "")))
            if found:
                return " ".join(found.group(1).split())
    return ""


def plan(project: Path, name: str) -> str:
    """A lesson's central question and its sections with their minutes, from the notebook."""
    from . import reading

    path = Path(project) / "notebooks" / f"{name}.ipynb"
    if not path.is_file():
        raise GuideError(f"notebooks/{name}.ipynb: no such lesson")
    nb = reading.load(path)
    total, sections = reading.section_minutes(nb)
    lines = [f"**Central question** (as the lesson states it): {central_question(nb) or 'none stated'}", "",
             "| minutes | section |", "|---:|---|"]
    lines += [f"| {m} | {h} |" for h, m in sections]
    lines += [f"| **{total or sum(m for _, m in sections)}** | **in all** |", ""]
    return "\n".join(lines)


def rubrics_block(project: Path, ids: Sequence[str]) -> str:
    from .casefile import load_case
    from .rubrics import load_rubrics, to_markdown

    cases = sorted((Path(project) / "casefiles").glob("*/case.yaml"))
    found = {}
    for case_yaml in cases:
        for r in load_rubrics(case_yaml.parent, load_case(case_yaml.parent)):
            found.setdefault(r.id, r)
    missing = [i for i in ids if i not in found]
    if missing:
        raise GuideError(f"no rubric {missing[0]!r} in any casefile's rubrics.yaml (known: {', '.join(sorted(found))})")
    return "\n".join(to_markdown(found[i], heading="###") for i in ids)


def fill(text: str, project: Path, where: str = "", run: bool = True,
         cache: Optional[dict] = None) -> str:
    """The page with every block filled in afresh."""
    cache = {} if cache is None else cache

    def one(m: re.Match) -> str:
        kind, arg = m.group(1), m.group(2).strip()
        line = text.count("\n", 0, m.start()) + 1
        try:
            if kind == "reading-times":
                if "reading" not in cache:
                    cache["reading"] = reading_times(project, run=run)
                body = cache["reading"]
            elif kind == "plan":
                body = plan(project, arg)
            else:
                body = rubrics_block(project, arg.split())
        except GuideError as exc:
            raise GuideError(f"{where}:{line}: {kind}: {exc}") from None
        # blank lines around the body: a table or list ends before the closing marker
        return f"<!-- {kind}{' ' + arg if arg else ''} -->\n\n{body.strip()}\n\n<!-- /{kind} -->"

    return BLOCK.sub(one, text)


def pages(project: Path) -> list[Path]:
    return sorted((Path(project) / "guide").glob("*.md"))


def stale(project: Path, run: bool = True, write: bool = False,
          progress: Optional[Callable[[str], None]] = None, cache: Optional[dict] = None) -> list[Path]:
    """The guide pages whose generated blocks are out of date (written afresh when ``write``);
    ``cache`` may hold the reading-times block already computed (``{"reading": ...}``)."""
    cache = {} if cache is None else cache
    out = []
    for page in pages(project):
        text = page.read_text(encoding="utf-8")
        new = fill(text, project, where=str(page.relative_to(project)), run=run, cache=cache)
        if new != text:
            out.append(page)
            if write:
                page.write_text(new, encoding="utf-8")
        if progress:
            progress(str(page))
    return out


def main(args: argparse.Namespace) -> int:
    project = Path(args.project)
    if not (project / "guide").is_dir():
        raise UserError(f"{project / 'guide'}: no such folder; run this from the project folder or give --project")
    try:
        changed = stale(project, run=not args.no_run, write=args.write)
    except GuideError as exc:
        raise UserError(str(exc)) from None
    names = ", ".join(str(p.relative_to(project)) for p in changed)
    if args.write:
        print(f"wrote {len(changed)} guide page(s){': ' + names if names else ''}")
        return 0
    if changed:
        print(f"out of date (run `casekit guide --write`): {names}")
        return 1
    print(f"guide: ok: the generated parts of {len(pages(project))} page(s) are up to date")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("guide", help="fill the instructor guide's generated parts (reading times, plans, rubrics)",
                       description="Fill the blocks of guide/*.md that are computed: the reading time of every "
                                   "lesson (as `casekit reading` prints it), each lesson's central question and "
                                   "sections with their minutes, and the rubrics of the casefile. Without --write, "
                                   "exit 1 naming the pages that are out of date.")
    p.add_argument("--write", action="store_true", help="write the pages afresh")
    p.add_argument("--project", default=".", help="the project's folder (default: here)")
    p.add_argument("--no-run", action="store_true", help="count the outputs the notebooks hold; do not run them")

