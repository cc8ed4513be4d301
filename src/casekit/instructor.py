"""The instructor commands behind the CLI: release, grade, report, links, figures. No widgets, no IPython."""
from __future__ import annotations

import sys
import urllib.parse
from argparse import Namespace
from pathlib import Path


def _progress(n: int, total: int) -> None:
    if total < 50 or (n % max(1, total // 50) and n != total):
        return
    width = 30
    done = int(width * n / total)
    print(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{total} files", end="" if n < total else "\n",
          file=sys.stderr, flush=True)


def cmd_release(args: Namespace, UserError) -> int:
    from .release import ReleaseError, release

    try:
        drift = release(Path(args.solutions), Path(args.exercises), check=args.check)
    except ReleaseError as exc:
        raise UserError(str(exc)) from None
    for d in drift:
        print(f"{d.notebook}: {d.reason}", file=sys.stderr)
    if args.check:
        if drift:
            print(f"{len(drift)} notebook(s) differ from what `casekit release` would write; run it.", file=sys.stderr)
            return 1
        print(f"{args.exercises}/ is in step with {args.solutions}/")
        return 0
    print(f"released {args.solutions}/ into {args.exercises}/")
    return 1 if drift else 0


def _book(args: Namespace, UserError):
    from .casefile import load_case
    from .grading import expand, grade

    files = expand(args.answers)
    if not files:
        raise UserError("no answer files found in " + ", ".join(args.answers))
    case = load_case(args.case or _only_case(UserError))
    return grade(case, files, progress=_progress)


def _only_case(UserError) -> Path:
    """The casefile when there is exactly one under ./casefiles."""
    found = sorted(p.parent for p in Path("casefiles").glob("*/case.yaml"))
    if len(found) != 1:
        where = ", ".join(str(p) for p in found) or "none under ./casefiles"
        raise UserError(f"name the casefile with --case (found: {where})")
    return found[0]


def cmd_grade(args: Namespace, UserError) -> int:
    from .answers import atomic_write

    book = _book(args, UserError)
    for r in book.rejected:
        print(r, file=sys.stderr)
    atomic_write(Path(args.out), book.csv_text())
    n = len(book.results)
    line = f"graded {n} file(s), rejected {len(book.rejected)}; wrote {args.out}"
    if n:
        marked = len(book.marked)
        first = sum(book.totals(r)[0] for r in book.results) / n
        final = sum(book.totals(r)[1] for r in book.results) / n
        line += f"; mean {first:.1f} right at the first try and {final:.1f} in the end, out of {marked}"
    print(line)
    return 1 if book.rejected else 0


def cmd_report(args: Namespace, UserError) -> int:
    from .report import write_report

    book = _book(args, UserError)
    for r in book.rejected:
        print(r, file=sys.stderr)
    md, page = write_report(book, Path(args.out))
    print(f"wrote {md} and {page} ({len(book.results)} student file(s), {len(book.rejected)} rejected)")
    return 1 if book.rejected else 0


def links(repo: str, ref: str = "main", hub: str = "", path: str = "notebooks/00_start_here.ipynb") -> dict[str, str]:
    """The Binder launch link and, given a hub, the nbgitpuller link, both opening path in JupyterLab."""
    owner, _, name = repo.partition("/")
    quote = urllib.parse.quote
    out = {"binder": f"https://mybinder.org/v2/gh/{quote(owner)}/{quote(name)}/{quote(ref, safe='')}"
                     f"?urlpath={quote('lab/tree/' + path, safe='')}"}
    if hub:
        query = urllib.parse.urlencode({"repo": f"https://github.com/{repo}", "branch": ref,
                                        "urlpath": f"lab/tree/{name}/{path}"})
        out["jupyterhub"] = f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
    return out


def cmd_links(args: Namespace, UserError) -> int:
    import re

    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", args.repo):
        raise UserError(f"--repo must be OWNER/NAME, got {args.repo!r}")
    if args.hub and not re.match(r"^https?://[^\s/]+", args.hub):
        raise UserError(f"--hub must be the hub's URL (https://...), got {args.hub!r}")
    for kind, url in links(args.repo, args.ref, args.hub or "", args.path).items():
        label = "Binder" if kind == "binder" else "JupyterHub (nbgitpuller)"
        print(f"{label}: {url}")
    return 0


def cmd_figures(args: Namespace, UserError) -> int:
    from . import plots
    from .answers import atomic_write
    from .casefile import load_case

    case = load_case(args.case or _only_case(UserError))
    out = Path(args.out)
    fmt = args.format
    dpi = getattr(args, "dpi", None)
    if dpi is not None and not 10 <= dpi <= 1200:
        raise UserError(f"--dpi must be between 10 and 1200, got {dpi}")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in (("timeline", plots.timeline), ("network", plots.network), ("stances", plots.stances)):
        plot = draw(case)
        plot.save(out / f"{name}.{fmt}", dpi=dpi if fmt == "png" else None)
        atomic_write(out / f"{name}.txt", plot.description + "\n")
        print(f"wrote {out / name}.{fmt} and {name}.txt")
    return 0
