"""The ``casekit`` command: validate, schema, grade, report, review, release, links, figures, layout, lab.

A thin layer over the library: each command returns an exit code, and user mistakes become one
clear line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__


from .errors import UserError

__all__ = ["UserError", "build_parser", "main"]


ANSWERS_HELP = ("answer record files, or folders holding them (default: where the exercises save the case's "
                "answers: exercises/answers/<case-id>/, or exercises/<case-id>/answers/<case-id>/ for a case "
                "added with new-case; $CASEKIT_ANSWERS_DIR/<case-id>/ when that is set)")


def _case_arguments(p: argparse.ArgumentParser) -> None:
    """A case named either way: `casekit layout <case-id>` or `casekit layout --case casefiles/<case-id>`."""
    p.add_argument("case_name", nargs="?", metavar="CASE",
                   help="the case: its id (looked up in ./casefiles) or its folder; needed once there are "
                        "several cases (default: the only one under ./casefiles)")
    p.add_argument("--case", help="the same, as an option")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casekit",
        description="Case studies from verified casefiles: validate, schema, grade, report, review, release, "
                    "links, figures, layout, new-case, lab.",
    )
    parser.add_argument("--version", action="version", version=f"casekit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check casefiles: every quote verbatim, every reference known",
                       description="Check one casefile folder, or every casefile under PATH. "
                                   "Exit 0 when clean, 1 when any problem is found.")
    p.add_argument("path", nargs="?", default="casefiles", help="a casefile folder, or a folder of them (default: casefiles)")
    p.add_argument("--notebooks", nargs="+", metavar="DIR",
                   help="also check that every quotation in these folders' notebooks and Markdown pages is verbatim "
                        "in a source")
    p.add_argument("--questions", action="store_true",
                   help="also generate every question bank and check it (keys, cues, feedback, options, selection)")

    p = sub.add_parser("schema", help="print the casefile format as JSON Schema, for editors",
                       description="Print the JSON Schema of one kind of casefile file (case.yaml, an "
                                   "annotation file, or a source's front matter), so that an editor checks "
                                   "the file as you type. The same declarations are what validate checks.")
    p.add_argument("which", nargs="?", default="case",
                   choices=("case", "annotation", "source", "outlets", "glossary", "background"),
                   help="case (case.yaml, the default), annotation (annotations/*.yaml), source "
                        "(the front matter of sources/*.md), or outlets, glossary, background (the lists "
                        "in outlets.yaml, glossary.yaml, background.yaml)")

    p = sub.add_parser("grade", help="grade answer records into a gradebook CSV",
                       description="Grade students' answer records (JSON; never executed) against the case. "
                                   "Exit 0 when every file was graded, 1 when any was rejected.")
    p.add_argument("answers", nargs="*", help=ANSWERS_HELP)
    p.add_argument("--case", help="the casefile folder (default: the only one under ./casefiles)")
    p.add_argument("--out", default="gradebook.csv",
                   help="where to write the CSV (default: gradebook.csv); the totals alone, for a learning "
                        "platform, go beside it (gradebook-totals.csv)")

    p = sub.add_parser("report", help="what the class found hard: figures and a Markdown/HTML page",
                       description="Summarise a class's answer records: score distribution, most-missed "
                                   "questions, most-chosen wrong answers, written answers.")
    p.add_argument("answers", nargs="*", help=ANSWERS_HELP)
    p.add_argument("--case", help="the casefile folder (default: the only one under ./casefiles)")
    p.add_argument("--out", default="report", help="folder for report.md, report.html and figures (default: report)")

    p = sub.add_parser("figures", help="write the case's figures (SVG, PNG or PDF), each with its description",
                       description="Write the timeline, the signed network (of the whole case and of each period) and the stances chart (drawn with "
                                   "matplotlib) as SVG, PNG or PDF files for slides and handouts, each with a "
                                   ".txt file holding its description in words (for a caption or alternative text).")
    _case_arguments(p)
    p.add_argument("--out", default="figures", help="folder to write into (default: figures)")
    p.add_argument("--format", default="svg", choices=("svg", "png", "pdf"),
                   help="file format (default: svg, which stays sharp on a projector)")
    p.add_argument("--dpi", type=int, default=200, help="resolution of PNG files, in dots per inch (default: 200)")

    p = sub.add_parser("layout", help="compute where each actor sits on the network figure, for case.yaml",
                       description="Compute the network figure's layout (a seeded networkx spring layout, "
                                   "spread so that no two actors crowd) and print it as case.yaml's layout: "
                                   "block; with --write, put it into case.yaml (replacing an earlier layout:, whose actors keep "
                                   "their places unless --fresh is given). "
                                   "A stored layout keeps the figure the same whatever networkx version is "
                                   "installed, and spares each lesson the layout's cost. Edit the numbers to "
                                   "move an actor.")
    _case_arguments(p)
    p.add_argument("--write", action="store_true", help="write the layout into case.yaml instead of printing it")
    p.add_argument("--fresh", action="store_true",
                   help="lay out every actor anew (by default, actors already placed keep their places and only "
                        "actors new to the network are placed, so the picture stays the same)")

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

    p = sub.add_parser("lab", help="open the lessons in JupyterLab, and print the student view's links",
                       description="Start JupyterLab on notebooks/00_start_here.ipynb, and print its address and "
                                   "the student view's (Voila: a page with no code) address for each lesson and "
                                   "exercise. As root it adds --allow-root; without a screen it does not try to "
                                   "open a browser.")
    p.add_argument("--port", type=int, default=8888, help="port to listen on (default: 8888)")
    p.add_argument("--ip", default=None,
                   help="address to listen on (default: 127.0.0.1, this machine only); 0.0.0.0 for a remote "
                        "machine that students or you reach over the network")
    p.add_argument("--dry-run", action="store_true", help="print the command instead of running it")

    p = sub.add_parser("links", help="print the Binder and JupyterHub (nbgitpuller) links, for JupyterLab and the student view",
                       description="Print launch links: with --repo, Binder (and with --hub, nbgitpuller for a "
                                   "JupyterHub); without it, the addresses on a server started here with "
                                   "`casekit lab`. Lessons and exercises that work in the student view (Voila) get "
                                   "its links too.")
    p.add_argument("--repo", help="the GitHub repository, as OWNER/NAME (without it: local links)")
    p.add_argument("--ref", default="main", help="branch or tag (default: main)")
    p.add_argument("--hub", help="your JupyterHub's URL, for the nbgitpuller link")
    p.add_argument("--path", default="notebooks/00_start_here.ipynb", help="notebook to open (default: notebooks/00_start_here.ipynb)")
    p.add_argument("--exercises", default="exercises",
                   help="folder of the exercises whose notebooks get student-view (Voila) links (default: exercises)")
    p.add_argument("--port", type=int, default=8888, help="for local links: the server's port (default: 8888)")
    p.add_argument("--ip", default="127.0.0.1", help="for local links: the server's address (default: 127.0.0.1)")
    p = sub.add_parser("review", help="write or check the reviewed items: each exercise's default questions, with notes",
                       description="Check (default) that solutions/reviewed/<exercise>.md holds every default "
                                   "marked question as generation now writes it, each with a current reviewer's "
                                   "note; --write writes the files again, keeping the notes (a changed item's "
                                   "note is marked stale); --accept ID marks notes current after reading the items.")
    _case_arguments(p)
    p.add_argument("--write", action="store_true", help="write the reviewed files again, keeping the notes")
    p.add_argument("--accept", nargs="+", metavar="ID", help="question ids whose notes are current again")
    p.add_argument("--project", default=".", help="the project's folder (default: here)")
    p = sub.add_parser("reading", help="minutes of student reading per notebook (what a student sees by default)",
                       description="Run each notebook and count the words a student sees by default (prose and "
                                   "outputs, folds closed) at 200 words a minute.")
    p.add_argument("notebooks", nargs="+", help="the notebooks")
    p.add_argument("--no-run", action="store_true", help="count the outputs the files hold; do not run them")
    p.add_argument("--max", metavar="MINUTES", help="exit 1 if a notebook needs more minutes than this")
    from . import guide, kitcli  # guide; student-copy, handouts, site

    guide.add_parser(sub)

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
            pages = sum(1 for p in notebooks if p.suffix == ".md")
            print(f"notebooks: ok: every quotation in {len(notebooks) - pages} notebook(s) and {pages} page(s) is verbatim "
                  "in a source")
    return 1 if bad else 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .schema import json_schema

    print(json.dumps(json_schema(args.which), indent=2, ensure_ascii=False))
    return 0


def lab_command(port: int, root: bool, has_screen: bool, ip: Optional[str] = None,
                token: Optional[str] = None) -> list[str]:
    """The jupyter lab command line for this machine."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--port={port}", "--LabApp.news_url=",
           "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb"]
    if token:
        cmd.append(f"--IdentityProvider.token={token}")
    if root:
        cmd.append("--allow-root")
    if not has_screen:
        cmd.append("--no-browser")
    if ip or not has_screen:
        cmd.append(f"--ip={ip or '127.0.0.1'}")
    from .serverconfig import server_arguments

    cmd += server_arguments()  # idle kernels of closed pages are shut down (the student view starts one per page)
    return cmd


def local_links(ip: str, port: int, token: str = "", root: Path = Path(".")) -> list[tuple[str, str]]:
    """(what, URL) of JupyterLab and of each lesson's and exercise's student view on a server here."""
    import socket
    import urllib.parse

    host = socket.gethostname() if ip in ("0.0.0.0", "::", "") else ip
    host = f"[{host}]" if ":" in host else host
    base = f"http://{host}:{port}"
    query = f"?token={urllib.parse.quote(token)}" if token else ""
    from .notebooks import student_view_notebooks

    out = [("JupyterLab", f"{base}/lab/tree/notebooks/00_start_here.ipynb{query}")]
    out += [(f"{path}, student view", f"{base}/voila/render/{urllib.parse.quote(path)}{query}")
            for path in student_view_notebooks(root)]
    return out


def cmd_lab(args: argparse.Namespace) -> int:
    import os
    import secrets
    import subprocess

    if not Path("notebooks/00_start_here.ipynb").is_file():
        raise UserError("run this from the project folder (notebooks/00_start_here.ipynb not found)")
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    has_screen = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("darwin", "win32")
    token = secrets.token_hex(24)  # chosen here, so that the addresses printed below carry it
    cmd = lab_command(args.port, root, has_screen, args.ip, token)
    if args.dry_run:
        print(" ".join(cmd).replace(token, "TOKEN"))
        return 0
    print("Open these addresses in a browser (the student view shows a lesson or an exercise as a page, "
          "with no code):")
    for what, url in local_links(args.ip or "127.0.0.1", args.port, token):
        print(f"  {what}: {url}")
    sys.stdout.flush()
    return subprocess.call(cmd)


def _did_you_mean(parser: argparse.ArgumentParser, argv: Sequence[str]) -> None:
    """A mistyped command gets the nearest commands' names (argparse's own message lists them all)."""
    from .helpers import did_you_mean

    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    word = next((a for a in argv if not a.startswith("-")), None)
    if word is None or word in commands:
        return
    hint = did_you_mean(word, commands) or f"; the commands are {', '.join(commands)}"
    parser.error(f"unknown command {word!r}{hint}")


def _stdout_gone() -> None:
    """Send what is left of stdout to nothing, so Python's own flush at exit prints no traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


def _guide(args: argparse.Namespace) -> int:
    from . import guide

    return guide.main(args)


def _reading(args: argparse.Namespace) -> int:
    from . import reading

    return reading.main([*args.notebooks, *(["--no-run"] if args.no_run else []),
                         *(["--max", args.max] if args.max is not None else [])])


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    _did_you_mean(parser, argv)
    args = parser.parse_args(argv)
    if getattr(args, "case_name", None):
        if args.case and args.case != args.case_name:
            parser.error(f"two cases named: {args.case_name} and --case {args.case}")
        args.case = args.case_name
    if args.command is None:
        parser.print_help()
        return 2
    handlers = {"validate": cmd_validate, "schema": cmd_schema, "lab": cmd_lab, "new-case": _new_case,
                "reading": _reading, "guide": _guide, "review": _review}
    for name in ("grade", "report", "release", "links", "figures", "layout"):
        handlers.setdefault(name, _lazy(name))
    from . import kitcli

    for name, run in kitcli.HANDLERS.items():
        handlers.setdefault(name, run)
    from .casefile import CasefileError

    try:
        code = handlers[args.command](args)
        sys.stdout.flush()
        return code
    except UserError as exc:
        print(f"casekit {args.command}: {exc}", file=sys.stderr)
        return 2
    except CasefileError as exc:
        print(exc, file=sys.stderr)
        return 1
    except BrokenPipeError:  # `casekit schema | head`: the reader has gone, which is no error of ours
        _stdout_gone()
        return 1
    except OSError as exc:
        import errno

        stdout_errors = {errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EBADF, getattr(errno, "EDQUOT", errno.ENOSPC)}
        if exc.filename is not None or exc.errno not in stdout_errors:  # not the output stream
            raise
        _stdout_gone()
        print(f"casekit {args.command}: cannot write the output ({exc.strerror or exc})", file=sys.stderr)
        return 1


def _review(args: argparse.Namespace) -> int:
    from .review import cmd_review

    return cmd_review(args)


def _new_case(args: argparse.Namespace) -> int:
    from .newcase import cmd_new_case

    return cmd_new_case(args)


def _lazy(name: str):
    def run(args: argparse.Namespace) -> int:
        from . import instructor

        return getattr(instructor, f"cmd_{name}")(args)

    return run


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
