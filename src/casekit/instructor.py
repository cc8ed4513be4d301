"""The instructor commands behind the CLI: release, grade, report, links, figures. No widgets, no IPython."""
from __future__ import annotations

import sys
import urllib.parse
from argparse import Namespace
from pathlib import Path
from typing import Optional

from .errors import UserError


def _progress(n: int, total: int) -> None:
    """A bar redrawn in place on a terminal; nothing in a log (a file or a pipe gets no \\r fragments)."""
    if total < 50 or (n % max(1, total // 50) and n != total) or not _is_terminal(sys.stderr):
        return
    width = 30
    done = int(width * n / total)
    print(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{total} files", end="" if n < total else "\n",
          file=sys.stderr, flush=True)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def cmd_release(args: Namespace) -> int:
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


SAVED_IN = ("the exercises (in JupyterLab or the student view) save answers in exercises/answers/<case-id>/, "
            "or exercises/<case-id>/answers/<case-id>/ for a case added with new-case")


def default_answers(case_id: str) -> list[Path]:
    """Where the exercises save a case's answers, relative to the project folder: $CASEKIT_ANSWERS_DIR/<case>
    when set, exercises/answers/<case>/ (the first case's exercises) and exercises/<case>/answers/<case>/
    (a case added with `casekit new-case`): those that exist."""
    import os

    roots = [Path(os.environ["CASEKIT_ANSWERS_DIR"])] if os.environ.get("CASEKIT_ANSWERS_DIR") else []
    roots += [Path("exercises") / "answers", Path("exercises") / case_id / "answers"]
    return [root / case_id for root in roots if (root / case_id).is_dir()]


def _answer_files(args: Namespace):
    """The answer files named on the command line, or, with none named, the case's default folder."""
    from .casefile import find_casefile, load_case
    from .grading import expand

    if args.answers:
        missing = [a for a in args.answers if not Path(a).exists() and not Path(a).is_symlink()]
        if len(missing) == len(args.answers):
            raise UserError(f"{missing[0]}: no such file or folder; {SAVED_IN}, and `casekit grade` with no "
                            "path grades them")
        files = expand(args.answers)
        if not files:
            raise UserError("no answer files found in " + ", ".join(args.answers) + f"; {SAVED_IN}")
        return files, None
    case = load_case(find_casefile(args.case) if args.case else _only_case())
    folders = default_answers(case.id)
    if not folders:
        raise UserError(f"no answers saved yet for case {case.id}: {SAVED_IN}; name the folder of the answer "
                        "files you collected")
    files = expand(str(f) for f in folders)
    if not files:
        raise UserError("no answer files found in " + ", ".join(map(str, folders)))
    print("grading the answers in " + ", ".join(map(str, folders)), file=sys.stderr)
    return files, case


def _book(args: Namespace):
    from .helpers import printable
    from .casefile import load_case
    from .grading import cases_of, grade

    files, case = _answer_files(args)
    if case is not None:
        pass
    elif args.case:
        case = load_case(args.case)
    else:
        found = cases_of(files)
        if len(found) > 1:
            counts = ", ".join(f"{printable(c)}: {n} file(s)" for c, n in sorted(found.items()))
            raise UserError(f"the answer files are for several cases ({counts}); name the casefile with "
                            f"--case, or grade one case's folder (answers/<case-id>/)")
        if not found:
            case = load_case(_only_case())
        else:
            case_id = next(iter(found))
            folder = _casefile_of(case_id)
            if folder is None:
                raise UserError(f"the answer files are for case {printable(case_id)!r}, and no casefile folder of "
                                "that id was found (in ./casefiles or its parents); name the casefile with --case")
            case = load_case(folder)
    return grade(case, files, progress=_progress)


def _rubrics_of(args: Namespace, case) -> dict:
    """The case's rubrics (rubrics.yaml beside case.yaml), keyed by question id; {} when it has none.
    A rubrics file with problems stops the report with one message naming file, line and field."""
    from .casefile import find_casefile
    from .rubrics import RubricError, by_question, load_rubrics

    try:
        folder = find_casefile(args.case) if getattr(args, "case", None) else _casefile_of(case.id)
    except Exception:  # the case itself was found; a report without rubrics is still a report
        folder = None
    if folder is None:
        return {}
    try:
        return by_question(load_rubrics(folder, case))
    except RubricError as exc:
        raise UserError(str(exc.problems[0]) + (f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else "")) from None


def _casefile_of(case_id: str) -> Optional[Path]:
    """The casefile folder of a case id named by (untrusted) records: looked up only as an id, under
    $CASEKIT_CASEFILES or a casefiles/ folder here or above, never as a path."""
    import os
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}", case_id):
        return None
    here = Path.cwd()
    roots = ([Path(os.environ["CASEKIT_CASEFILES"])] if os.environ.get("CASEKIT_CASEFILES") else [])
    roots += [p / "casefiles" for p in (here, *here.parents)]
    return next((root / case_id for root in roots if (root / case_id / "case.yaml").is_file()), None)


def _only_case() -> Path:
    """The casefile when there is exactly one under ./casefiles."""
    found = sorted(p.parent for p in Path("casefiles").glob("*/case.yaml"))
    if len(found) != 1:
        where = ", ".join(str(p) for p in found) or "none under ./casefiles"
        raise UserError(f"name the casefile with --case (found: {where})")
    return found[0]


def output_path(value: str, kind: str) -> Path:
    """Check --out before any work: a file (kind "file") or a folder (kind "folder") whose parent
    folder exists. A folder where a file is wanted, a file where a folder is wanted, a missing or
    non-folder parent each give one line. An existing file is replaced only if casekit wrote it
    (for a gradebook: its first line is the gradebook's header)."""
    out = Path(value)
    parent = out.parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise UserError(f"--out {value}: the folder {parent} {what}; create it first or choose another place")
    if kind == "file":
        if out.is_dir():
            raise UserError(f"--out {value}: is a folder; name a file, such as {out / 'gradebook.csv'}")
        if out.exists():
            if not out.is_file():
                raise UserError(f"--out {value}: exists and is not a regular file")
            try:
                with open(out, "rb") as f:
                    head = f.read(64)
            except OSError as exc:
                raise UserError(f"--out {value}: cannot be read ({exc.strerror or exc})") from None
            if head and not head.startswith(b"student,file,"):
                raise UserError(f"--out {value}: exists and is not a gradebook; choose another name, "
                                "or delete the file first")
    elif out.exists() and not out.is_dir():
        raise UserError(f"--out {value}: exists and is not a folder")
    return out


def totals_path(out: Path) -> Path:
    """The totals-only gradebook beside the full one: gradebook.csv -> gradebook-totals.csv."""
    return out.with_name(f"{out.stem}-totals{out.suffix or '.csv'}")


def _print_problems(book) -> None:
    for r in book.rejected:
        print(r, file=sys.stderr)
    for r in book.results:
        for note in r.notes():
            print(note, file=sys.stderr)


def _nothing_graded(book, what: str) -> int:
    """Every input was rejected: nothing is written (an earlier gradebook or report is kept)."""
    print(f"no answer file could be graded ({len(book.rejected)} rejected); nothing written, {what} left as "
          f"it was. {SAVED_IN[0].upper()}{SAVED_IN[1:]}.", file=sys.stderr)
    return 1


def cmd_grade(args: Namespace) -> int:
    from .answers import atomic_write

    out = output_path(args.out, "file")
    totals = output_path(str(totals_path(out)), "file")
    book = _book(args)
    _print_problems(book)
    if not book.results:
        return _nothing_graded(book, f"{args.out} and {totals}")
    try:
        atomic_write(out, book.csv_text())
        atomic_write(totals, book.csv_text(totals_only=True))
    except OSError as exc:
        raise UserError(f"--out {args.out}: cannot be written ({exc.strerror or exc})") from None
    n = len(book.results)
    line = (f"graded {n} file(s), rejected {len(book.rejected)}; wrote {args.out} (totals and every offered "
            f"question) and {totals} (totals only, for a learning platform)")
    totals = [book.totals(r) for r in book.results]  # once per record
    first = sum(t[0] for t in totals) / n
    final = sum(t[1] for t in totals) / n
    low, high = min(t[2] for t in totals), max(t[2] for t in totals)
    line += (f"; mean {first:.1f} right at the first try and {final:.1f} in the end, out of the "
             f"{low if low == high else f'{low} to {high}'} marked questions each student was offered")
    print(line)
    return 1 if book.rejected else 0


def cmd_report(args: Namespace) -> int:
    from .report import write_report

    out = output_path(args.out, "folder")
    book = _book(args)
    _print_problems(book)
    if not book.results:
        return _nothing_graded(book, f"{args.out}/")
    rubrics = _rubrics_of(args, book.case)
    try:
        md, page = write_report(book, out, rubrics)
    except OSError as exc:
        raise UserError(f"--out {args.out}: cannot be written ({exc.strerror or exc})") from None
    print(f"wrote {md} and {page} ({len(book.results)} student file(s), {len(book.rejected)} rejected)")
    return 1 if book.rejected else 0


def links(repo: str, ref: str = "main", hub: str = "", path: str = "notebooks/00_start_here.ipynb",
          view: str = "lab") -> dict[str, str]:
    """The Binder launch link and, given a hub, the nbgitpuller link, both opening path.

    view "lab" opens the notebook in JupyterLab; view "voila" opens it as an app with no code shown.
    """
    owner, _, name = repo.partition("/")
    quote = urllib.parse.quote
    prefix = {"lab": "lab/tree/", "voila": "voila/render/"}[view]
    out = {"binder": f"https://mybinder.org/v2/gh/{quote(owner)}/{quote(name)}/{quote(ref, safe='')}"
                     f"?urlpath={quote(prefix + path, safe='')}"}
    if hub:
        query = urllib.parse.urlencode({"repo": f"https://github.com/{repo}", "branch": ref,
                                        "urlpath": f"{prefix}{name}/{path}"})
        out["jupyterhub"] = f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
    return out


def hub_install_line(repo: str, ref: str = "main") -> str:
    """The one line that installs what a hub's user image needs to open the links."""
    return f'pip install nbgitpuller "casekit @ git+https://github.com/{repo}@{ref}"'


def cmd_links(args: Namespace) -> int:
    import re

    from .notebooks import student_view_notebooks

    if args.repo is None:
        if args.hub:
            raise UserError("--hub needs --repo OWNER/NAME (the repository the hub copies)")
        from .cli import local_links

        print("On a server started here with `casekit lab` (it prints these with its token):")
        for what, url in local_links(args.ip, args.port):
            print(f"  {what}: {url}")
        print("For Binder and JupyterHub links, add --repo OWNER/NAME (the repository on GitHub).")
        return 0
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", args.repo):
        raise UserError(f"--repo must be OWNER/NAME, got {args.repo!r}")
    if args.hub and not re.match(r"^https?://[^\s/]+", args.hub):
        raise UserError(f"--hub must be the hub's URL (https://...), got {args.hub!r}")
    labels = {"binder": "Binder", "jupyterhub": "JupyterHub (nbgitpuller)"}
    for kind, url in links(args.repo, args.ref, args.hub or "", args.path).items():
        print(f"{labels[kind]}: {url}")
    pages = student_view_notebooks(Path("."), ("notebooks", args.exercises))
    if pages:
        print()
        print("Lessons and exercises in the student view (Voila: the page alone, no code shown):")
        for path in pages:
            for kind, url in links(args.repo, args.ref, args.hub or "", path, view="voila").items():
                print(f"  {path}, {labels[kind]}: {url}")
    if args.hub:
        print()
        print("The hub's user image must have casekit and nbgitpuller installed, or every notebook stops")
        print("at `import casekit`. Add this line to the image (or ask the hub's administrator to):")
        print(f"  {hub_install_line(args.repo, args.ref)}")
    return 0


def cmd_figures(args: Namespace) -> int:
    from . import plots
    from .answers import atomic_write
    from .casefile import load_case

    case = load_case(args.case or _only_case())
    out = output_path(args.out, "folder")
    fmt = args.format
    dpi = getattr(args, "dpi", None)
    if dpi is not None and not 10 <= dpi <= 1200:
        raise UserError(f"--dpi must be between 10 and 1200, got {dpi}")
    out.mkdir(parents=True, exist_ok=True)
    figures = [("timeline", plots.timeline), ("network", plots.network), ("stances", plots.stances)]
    figures += [(f"network-{p.id}", lambda c, p=p: plots.network(c, period=p.id)) for p in case.periods]
    for name, draw in figures:
        plot = draw(case)
        plot.save(out / f"{name}.{fmt}", dpi=dpi if fmt == "png" else None)
        atomic_write(out / f"{name}.txt", plot.description + "\n")
        print(f"wrote {out / name}.{fmt} and {name}.txt")
    return 0


LAYOUT_COMMENT = ("# Where each actor in a relation sits on the network figure, x and y from -1 to 1\n"
                  "# (written by `casekit layout --write`; edit a pair of numbers to move an actor).\n")


def layout_block(positions: dict) -> str:
    """case.yaml's layout: block for these positions (one actor a line, four decimals)."""
    lines = [f"  {a}: [{x:.4f}, {y:.4f}]" for a, (x, y) in positions.items()]
    return LAYOUT_COMMENT + "layout:\n" + "\n".join(lines) + "\n"


def with_layout(text: str, block: str) -> str:
    """case.yaml's text with its top-level layout: block (and the comment lines just above it)
    replaced by ``block``, or ``block`` added at the end. The block is found by the YAML parser's
    marks (never by a line's text: a quoted title may hold a line starting with "layout:"), and
    written with the file's own line ends."""
    import yaml

    newline = "\r\n" if "\r\n" in text else "\n"
    block = block.replace("\r\n", "\n").replace("\n", newline)
    lines = text.splitlines(keepends=True)
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) if text.strip() else None
    pairs = root.value if isinstance(root, yaml.MappingNode) else []
    at = next((i for i, (k, _) in enumerate(pairs) if isinstance(k, yaml.ScalarNode) and k.value == "layout"), None)
    if at is None:
        end_nl = "" if text.endswith(("\n", "\r")) or not text else newline
        return text + end_nl + newline + block
    start = pairs[at][0].start_mark.line
    end = pairs[at + 1][0].start_mark.line if at + 1 < len(pairs) else len(lines)
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and the next key's comment stay with the next key
    first = start
    while first > 0 and lines[first - 1].startswith("#"):
        first -= 1  # its comment goes with it (the new block brings its own)
    return "".join(lines[:first]) + block + "".join(lines[end:])


def _checked_layout(old_text: str, new_text: str, positions: dict, path: Path) -> None:
    """The new case.yaml says what the old one said, with this layout: else nothing is written."""
    import yaml

    def data(text: str) -> dict:
        loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return loaded if isinstance(loaded, dict) else {}

    try:
        before, after = data(old_text), data(new_text)
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not written: the layout could not be put in safely ({exc})") from None
    before.pop("layout", None)
    layout = after.pop("layout", None)
    expected = {a: [float(f"{x:.4f}"), float(f"{y:.4f}")] for a, (x, y) in positions.items()}
    if before != after or layout != expected:
        raise UserError(f"{path}: not written: the layout could not be put in without changing something else; "
                        "print it with `casekit layout` and paste it in by hand")


def _stored_places(path: Path) -> dict:
    """The places case.yaml's layout: block gives, as far as they are well formed (others are
    placed anew)."""
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    raw = data.get("layout") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        return {}
    return {str(a): (float(p[0]), float(p[1])) for a, p in raw.items()
            if isinstance(p, list) and len(p) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and -1 <= v <= 1 for v in p)}


def cmd_layout(args: Namespace) -> int:
    from . import plots
    from .answers import atomic_write_bytes
    from .casefile import find_casefile, load_case, load_case_without_layout

    folder = find_casefile(args.case or _only_case())
    case = load_case_without_layout(folder)
    keep = None if getattr(args, "fresh", False) else _stored_places(folder / "case.yaml")
    positions = plots.computed_positions(case, keep)
    block = layout_block(positions)
    if not args.write:
        print(block, end="")
        return 0
    path = folder / "case.yaml"
    raw = path.read_bytes()
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom):].decode("utf-8")  # as it is: CRLF line ends are kept
    new = with_layout(text, block)
    _checked_layout(text, new, positions, path)
    atomic_write_bytes(path, bom + new.encode("utf-8"))
    load_case(folder)  # the case loads with its new layout (a CasefileError names any problem)
    print(f"wrote the layout of {len(positions)} actors into {path}")
    return 0
