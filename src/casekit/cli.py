"""The ``casekit`` command: validate, schema, grade, report, release, links, figures, layout, lab.

A thin layer over the library: each command returns an exit code, and user mistakes become one
clear line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__


class UserError(Exception):
    """A mistake in what the user asked for; the CLI prints it as one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casekit",
        description="Case studies from verified casefiles: validate, schema, grade, report, release, links, "
                    "figures, layout, new-case, lab.",
    )
    parser.add_argument("--version", action="version", version=f"casekit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check casefiles: every quote verbatim, every reference known",
                       description="Check one casefile folder, or every casefile under PATH. "
                                   "Exit 0 when clean, 1 when any problem is found.")
    p.add_argument("path", nargs="?", default="casefiles", help="a casefile folder, or a folder of them (default: casefiles)")
    p.add_argument("--notebooks", nargs="+", metavar="DIR",
                   help="also check that every quotation in these folders' notebooks is verbatim in a source")
    p.add_argument("--questions", action="store_true",
                   help="also generate every question bank and check it (keys, cues, feedback, options, selection)")

    p = sub.add_parser("schema", help="print the casefile format as JSON Schema, for editors",
                       description="Print the JSON Schema of one kind of casefile file (case.yaml, an "
                                   "annotation file, or a source's front matter), so that an editor checks "
                                   "the file as you type. The same declarations are what validate checks.")
    p.add_argument("which", nargs="?", default="case", choices=("case", "annotation", "source"),
                   help="case (case.yaml, the default), annotation (annotations/*.yaml) or source "
                        "(the front matter of sources/*.md)")

    p = sub.add_parser("grade", help="grade answer records into a gradebook CSV",
                       description="Grade students' answer records (JSON; never executed) against the case. "
                                   "Exit 0 when every file was graded, 1 when any was rejected.")
    p.add_argument("answers", nargs="+", help="answer record files, or folders holding them")
    p.add_argument("--case", help="the casefile folder (default: the only one under ./casefiles)")
    p.add_argument("--out", default="gradebook.csv", help="where to write the CSV (default: gradebook.csv)")

    p = sub.add_parser("report", help="what the class found hard: figures and a Markdown/HTML page",
                       description="Summarise a class's answer records: score distribution, most-missed "
                                   "questions, most-chosen wrong answers, written answers.")
    p.add_argument("answers", nargs="+", help="answer record files, or folders holding them")
    p.add_argument("--case", help="the casefile folder (default: the only one under ./casefiles)")
    p.add_argument("--out", default="report", help="folder for report.md, report.html and figures (default: report)")

    p = sub.add_parser("figures", help="write the case's figures (SVG, PNG or PDF), each with its description",
                       description="Write the timeline, the signed network and the stances chart (drawn with "
                                   "matplotlib) as SVG, PNG or PDF files for slides and handouts, each with a "
                                   ".txt file holding its description in words (for a caption or alternative text).")
    p.add_argument("--case", help="the casefile folder (default: the only one under ./casefiles)")
    p.add_argument("--out", default="figures", help="folder to write into (default: figures)")
    p.add_argument("--format", default="svg", choices=("svg", "png", "pdf"),
                   help="file format (default: svg, which stays sharp on a projector)")
    p.add_argument("--dpi", type=int, default=200, help="resolution of PNG files, in dots per inch (default: 200)")

    p = sub.add_parser("layout", help="compute where each actor sits on the network figure, for case.yaml",
                       description="Compute the network figure's layout (a seeded networkx spring layout, "
                                   "spread so that no two actors crowd) and print it as case.yaml's layout: "
                                   "block; with --write, put it into case.yaml (replacing an earlier layout:). "
                                   "A stored layout keeps the figure the same whatever networkx version is "
                                   "installed, and spares each lesson the layout's cost. Edit the numbers to "
                                   "move an actor.")
    p.add_argument("--case", help="the casefile folder (default: the only one under ./casefiles)")
    p.add_argument("--write", action="store_true", help="write the layout into case.yaml instead of printing it")

    p = sub.add_parser("release", help="make exercises/ from solutions/",
                       description="Write exercises/ from solutions/ by removing cells tagged 'solution' "
                                   "and clearing outputs. With --check, write nothing and exit 1 on drift.")
    p.add_argument("--solutions", default="solutions", help="instructor notebooks (default: solutions)")
    p.add_argument("--exercises", default="exercises", help="student notebooks (default: exercises)")
    p.add_argument("--check", action="store_true", help="exit 1 if exercises/ differs from what release would write")

    p = sub.add_parser("new-case", help="write a casefile skeleton and its lesson and exercise notebooks",
                       description="Write casefiles/NAME/ (case.yaml with comments, an example source and "
                                   "annotation, a fact sheet) and notebooks/NAME/, solutions/NAME/ and exercises/NAME/ "
                                   "(a lesson and the two exercises, loading case NAME). Nothing existing is "
                                   "overwritten: exit 2 if any of these exists.")
    p.add_argument("name", help="the case id: lower-case letters, digits and - (for example crimea-2014)")
    p.add_argument("--casefiles", default="casefiles", help="the folder of casefiles (default: casefiles)")
    p.add_argument("--notebooks", default=".", metavar="DIR",
                   help="the folder holding notebooks/, solutions/ and exercises/ (default: here)")

    p = sub.add_parser("lab", help="open the lessons in JupyterLab",
                       description="Start JupyterLab on notebooks/00_start_here.ipynb. As root it adds "
                                   "--allow-root; without a screen it does not try to open a browser "
                                   "and prints the URL to open.")
    p.add_argument("--port", type=int, default=8888, help="port to listen on (default: 8888)")
    p.add_argument("--dry-run", action="store_true", help="print the command instead of running it")

    p = sub.add_parser("links", help="print the Binder and JupyterHub (nbgitpuller) links, for JupyterLab and the student view",
                       description="Print launch links for students: Binder, and nbgitpuller for a JupyterHub.")
    p.add_argument("--repo", required=True, help="the GitHub repository, as OWNER/NAME")
    p.add_argument("--ref", default="main", help="branch or tag (default: main)")
    p.add_argument("--hub", help="your JupyterHub's URL, for the nbgitpuller link")
    p.add_argument("--path", default="notebooks/00_start_here.ipynb", help="notebook to open (default: notebooks/00_start_here.ipynb)")
    p.add_argument("--exercises", default="exercises",
                   help="folder whose notebooks get student-view (Voila) links (default: exercises)")
    from . import kitcli  # student-copy, handouts, site

    kitcli.add_parsers(sub)
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    from .casefile import validate

    path = Path(args.path)
    if not path.exists():
        raise UserError(f"{path}: no such file or folder")
    bad = 0
    results = validate(path)
    for folder, case, problems in results:
        if problems:
            bad += 1
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{folder}: {len(problems)} problem(s)", file=sys.stderr)
        else:
            c = case.counts()
            print(f"{folder}: ok: {c['sources']} sources, {c['quotes']} quotes, {c['actors']} actors, "
                  f"{c['people']} people, {c['events']} events, {c['stances']} stances, {c['relations']} relations")
    if args.questions:
        from .bankcheck import check

        for folder, case, _ in results:
            if case is None:
                continue
            bank_problems = check(case)
            for problem in bank_problems:
                print(f"{folder}: {problem}", file=sys.stderr)
            bad += bool(bank_problems)
            if not bank_problems:
                print(f"{folder}: questions: ok: every bank checked")
    if args.notebooks:
        from .prose import check_notebooks, notebooks_in

        missing = [d for d in args.notebooks if not Path(d).is_dir()]
        if missing:
            raise UserError(f"{missing[0]}: no such folder")
        folders = [f for f, _, _ in results]
        notebooks = notebooks_in(args.notebooks)
        problems = check_notebooks(folders, notebooks)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            bad += 1
        else:
            print(f"notebooks: ok: every quotation in {len(notebooks)} notebook(s) is verbatim in a source")
    return 1 if bad else 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .schema import json_schema

    print(json.dumps(json_schema(args.which), indent=2, ensure_ascii=False))
    return 0


def lab_command(port: int, root: bool, has_screen: bool) -> list[str]:
    """The jupyter lab command line for this machine."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--port={port}", "--LabApp.news_url=",
           "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb"]
    if root:
        cmd.append("--allow-root")
    if not has_screen:
        cmd += ["--no-browser", "--ip=127.0.0.1"]
    return cmd


def cmd_lab(args: argparse.Namespace) -> int:
    import os
    import subprocess

    if not Path("notebooks/00_start_here.ipynb").is_file():
        raise UserError("run this from the project folder (notebooks/00_start_here.ipynb not found)")
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    has_screen = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("darwin", "win32")
    cmd = lab_command(args.port, root, has_screen)
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    if not has_screen:
        print("No screen found: JupyterLab will print a URL (with its token) below; open it in a browser.",
              file=sys.stderr)
    return subprocess.call(cmd)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    handlers = {"validate": cmd_validate, "schema": cmd_schema, "lab": cmd_lab, "new-case": _new_case}
    for name in ("grade", "report", "release", "links", "figures", "layout"):
        handlers.setdefault(name, _lazy(name))
    from . import kitcli

    for name, run in kitcli.HANDLERS.items():
        handlers.setdefault(name, (lambda run: lambda a: run(a, UserError))(run))
    from .casefile import CasefileError

    try:
        return handlers[args.command](args)
    except UserError as exc:
        print(f"casekit {args.command}: {exc}", file=sys.stderr)
        return 2
    except CasefileError as exc:
        print(exc, file=sys.stderr)
        return 1


def _new_case(args: argparse.Namespace) -> int:
    from .newcase import cmd_new_case

    return cmd_new_case(args, UserError)


def _lazy(name: str):
    def run(args: argparse.Namespace) -> int:
        from . import instructor

        return getattr(instructor, f"cmd_{name}")(args, UserError)

    return run


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
