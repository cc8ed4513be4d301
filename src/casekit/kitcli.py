"""The instructor's kit on the command line: student-copy, handouts, site.

``add_parsers`` registers the sub-commands on the ``casekit`` parser and ``HANDLERS`` names the
function behind each; the work is in studentcopy.py, handouts.py and site.py.
"""
from __future__ import annotations

import argparse


def add_parsers(sub) -> None:
    p = sub.add_parser("student-copy", help="write the repository a class gets: no solutions, guide or answer keys",
                       description="Write DIR as the students' repository: lessons, exercises, casefiles, the "
                                   "package, the environment files and a students' README; no solutions/, "
                                   "guide, tests, benchmarks, instructor notes or answer keys. The start page's "
                                   "index is written again from what the copy holds. Push DIR to its own "
                                   "repository and run `casekit links --repo OWNER/STUDENT-REPO` for the "
                                   "students' links. DIR must be new, empty, or a copy written before "
                                   "(replaced whole, except its .git).")
    p.add_argument("dir", help="the folder to write (outside the project's own folders)")
    p.add_argument("--repo", default="", help="the students' repository, OWNER/NAME: puts its Binder link in the README")
    p.add_argument("--ref", default="main", help="its branch or tag (default: main)")
    p.add_argument("--project", default=".", help="the full project's folder (default: here)")

    p = sub.add_parser("handouts", help="write printable document packets, glossary and figures (HTML, SVG, PDF)",
                       description="Write print-ready, self-contained HTML (no external file or font): for each "
                                   "lesson a packet of the documents it uses, each with its headnote and line "
                                   "numbers; the glossary (when the casefile has one); the figures sized for a "
                                   "16:9 slide and for A4 and Letter paper, each with its description. Nothing is "
                                   "fetched.")
    p.add_argument("--out", default="handouts", help="folder to write into (default: handouts)")
    p.add_argument("--case", help="the casefile folder (default: the only one under ./casefiles)")
    p.add_argument("--notebooks", default="notebooks", help="the lessons' folder (default: notebooks)")

    p = sub.add_parser("site", help="build the course site: lessons (code hidden), guide and handouts, as static HTML",
                       description="Build a static website with Sphinx and MyST-NB (pip install -e \".[site]\"): "
                                   "the lessons with their outputs and figures and no code, the instructor guide "
                                   "(guide/*.md, when there is one) and the handouts. Lessons are executed at "
                                   "build time; nothing is fetched. Open DIR/index.html from disk or host DIR.")
    p.add_argument("--out", default="site", help="folder for the built site (default: site)")
    p.add_argument("--project", default=".", help="the project's folder (default: here)")
    p.add_argument("--no-execute", action="store_true", help="do not run the lessons (pages show no outputs)")
    p.add_argument("--students", action="store_true",
                   help="the students' site: no guide, and the lessons without their notes for instructors")


def _student_copy(args: argparse.Namespace) -> int:
    from .studentcopy import cmd_student_copy

    return cmd_student_copy(args)


def _handouts(args: argparse.Namespace) -> int:
    from .handouts import cmd_handouts

    return cmd_handouts(args)


def _site(args: argparse.Namespace) -> int:
    from .site import cmd_site

    return cmd_site(args)


HANDLERS = {"student-copy": _student_copy, "handouts": _handouts, "site": _site}
