"""Check the package's own prose: every span in quotation marks in a notebook's markdown must occur
verbatim in a source text, in the casefile, or in the fact sheet the casefile cites, of the case
the notebook loads (not of any other case).

Quotation marks mean quotation here; write a name, a button or a saying in *italics* instead.
"""
from __future__ import annotations

import calendar
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # the notebook check's problems; the English helpers need no casefile
    from .casefile import Problem


QUOTED = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"")


def corpus(case_folder: Path) -> str:
    """Everything a quotation may come from: the sources, the annotations, case.yaml, its fact sheet."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((case_folder / "sources").glob("*.md"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted((case_folder / "annotations").glob("*.yaml"))]
    for name in ("case.yaml", fact_sheet_name(case_folder)):
        if name and (case_folder / name).is_file():
            parts.append((case_folder / name).read_text(encoding="utf-8"))
    return "\n".join(parts)


def fact_sheet_name(case_folder: Path) -> str:
    """The fact sheet's file name, as case.yaml gives it (`fact_sheet:`); "" when it names none."""
    match = re.search(r"^fact_sheet:\s*([^\s#]+)", (case_folder / "case.yaml").read_text(encoding="utf-8")
                      if (case_folder / "case.yaml").exists() else "", re.M)
    name = match.group(1).strip("'\"") if match else ""
    return name if name and "/" not in name and "\\" not in name and name not in (".", "..") else ""


def quoted_spans(text: str) -> list[str]:
    """The spans of text in quotation marks, leaving out inline code and HTML."""
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return [(m.group(1) or m.group(2)).strip() for m in QUOTED.finditer(text)]


LOADS = re.compile(r"""load_case\(\s*(?:r|u)?["']([^"'\n]+)["']\s*\)""")


def loaded_cases(nb: dict) -> list[str]:
    """The case ids a notebook's code loads (``load_case("<id>")``), in order, each once."""
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for m in LOADS.finditer("".join(cell.get("source", ""))):
                case_id = Path(m.group(1)).name  # an id, or a path whose last part is the case folder
                if case_id not in found:
                    found.append(case_id)
    return found


def case_ids(case_folder: Path) -> set[str]:
    """The names a notebook may load a case folder by: the folder's name and case.yaml's `id:`."""
    names = {Path(case_folder).name}
    yaml_file = Path(case_folder) / "case.yaml"
    if yaml_file.is_file():
        match = re.search(r"^id:\s*([^\s#]+)", yaml_file.read_text(encoding="utf-8"), re.M)
        if match:
            names.add(match.group(1).strip("'\""))
    return names


def check_notebooks(case_folders: Iterable[Path], notebooks: Iterable[Path]) -> list[Problem]:
    """Every quoted span in the markdown of the notebooks, checked against the notebook's own case.

    A notebook's case is the one its code loads (``load_case("<id>")``); a notebook that loads
    several is checked against them together. One that loads none is checked against all the
    given casefiles. Loading a case that is not among them is a problem of its own."""
    from .casefile import Problem

    folders = [Path(f) for f in case_folders]
    by_id = {name: f for f in folders for name in case_ids(f)}
    corpora: dict[Path, str] = {}

    def text_of(chosen: list[Path]) -> str:
        for f in chosen:
            if f not in corpora:
                corpora[f] = corpus(f)
        return "\n".join(corpora[f] for f in chosen)

    problems = []
    for path in notebooks:
        if Path(path).suffix == ".md":
            problems += _check_markdown_file(Path(path), folders, text_of)
            continue
        try:
            nb = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(Problem(str(path), 0, "notebook", f"cannot be read ({exc})"))
            continue
        loads = loaded_cases(nb)
        unknown = [c for c in loads if c not in by_id]
        for case_id in unknown:
            known = ", ".join(sorted(f.name for f in folders)) or "none"
            problems.append(Problem(str(path), 0, "load_case",
                                    f"loads case {case_id!r}, which is not among the casefiles checked ({known})"))
        if unknown:
            continue
        chosen = [by_id[c] for c in loads] or folders
        text = text_of(chosen)
        where = ("the case it loads (" + ", ".join(loads) + ")") if loads else "any of the casefiles"
        for i, cell in enumerate(nb.get("cells", [])):
            if cell.get("cell_type") != "markdown":
                continue
            for span in quoted_spans("".join(cell.get("source", ""))):
                if span not in text:
                    problems.append(Problem(str(path), i + 1, "markdown",
                                            f"“{span}” is in quotation marks but not verbatim in any source "
                                            f"or in the casefile of {where} (the line is the cell number)"))
    return problems


_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)


def _check_markdown_file(path: Path, folders: list[Path], text_of) -> list[Problem]:
    """A Markdown page (the instructor guide): its quoted spans, paragraph by paragraph, against all
    the casefiles checked (a page loads no case); fenced code and HTML comments are not prose."""
    from .casefile import Problem

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(str(path), 0, "markdown", f"cannot be read ({exc})")]
    # blank out what is not prose, keeping the line count so that lines are named rightly
    text = _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    corpus_text = text_of(folders)
    problems, line = [], 1
    for paragraph in re.split(r"(\n[ \t]*\n)", text):
        if paragraph.strip():
            for span in quoted_spans(re.sub(r"\s*\n\s*", " ", paragraph.strip())):  # a line break is a space
                if span not in corpus_text:
                    first = line + len(paragraph) - len(paragraph.lstrip("\n"))
                    problems.append(Problem(str(path), first, "markdown",
                                            f"“{span}” is in quotation marks but not verbatim in any source or in "
                                            "the casefiles checked (the line is where its paragraph starts)"))
        line += paragraph.count("\n")
    return problems


def notebooks_in(folders: Iterable[Path]) -> list[Path]:
    """The notebooks of the folders and their sub-folders (a case's own notebooks/<case-id>/), not
    checkpoints, and the Markdown pages there (the instructor guide, notes for instructors); not the
    reviewed-items files (solutions/reviewed/): they reproduce the generated items, option labels and
    feedback in quotation marks (the bank check proves those), with reviewers' notes quoting them."""
    return sorted(p for f in folders for pattern in ("*.ipynb", "*.md") for p in Path(f).rglob(pattern)
                  if ".ipynb_checkpoints" not in p.parts and not (p.suffix == ".md" and GENERATED_PAGES in p.parts))


# Pages written by a command from the question banks (``casekit review``): they print the questions
# as generated, with their highlight markers, and are checked by the bank's own check instead.
GENERATED_PAGES = "reviewed"


# --- The package's generated English: small helpers that keep it grammatical and free of internals.

_INSTITUTION = re.compile(r"\b(?:Government|Presidency|Ministry|Ministers|ministers|Council|League|Union|Kingdom|States|"
                          r"Institute|Office|Department|Secretary-General|Commission|Parliament|Assembly)\b")


def definite(name: str) -> str:
    """A name as it reads after a verb or preposition: "the Presidency of ...", "the United States",
    but "Turkey", "Iraq's Council of Representatives"; only the words before a parenthesis count."""
    head = name.split(" (")[0]
    first = head.split(" ")[0]
    if name[:4].lower() == "the " or first.endswith(("'s", "’s")) or not _INSTITUTION.search(head):
        return name
    return "the " + name


def possessive(name: str) -> str:
    """"Turkey's", "Reuters'"; a name ending in a parenthesis takes the mark before it
    ("The Times of Israel's (wire text)")."""
    m = re.match(r"^(.*?)(\s*\([^()]*\))$", name)
    if m:
        return possessive(m.group(1)) + m.group(2)
    return name + ("'" if name.endswith("s") else "'s")


def with_office(name: str, office: str) -> str:
    """A speaker and the office held, the office left out when the name already says it."""
    if not office or office.lower() in name.lower():
        return name
    return f"{name} ({office})"


def join_clauses(parts: Iterable[str], joiner: str = "; then ") -> str:
    """Clauses joined without a stray full stop before the joiner: clauses that end a sentence are
    joined as sentences ("... areas. Then mixed ..."), others with the joiner."""
    parts = [p.strip() for p in parts if p and p.strip()]
    if any(p.endswith((".", "!", "?")) for p in parts[:-1]):
        word = joiner.strip("; ,")
        return " ".join(parts[:1] + [f"{word[:1].upper()}{word[1:]} {p}" if word else p for p in parts[1:]])
    return joiner.join(parts)


def plural(n: int, one: str, many: str = "") -> str:
    """"1 rendering", "3 renderings"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def unique(items: Iterable[str]) -> list[str]:
    """Items in order, each once."""
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


_MONTH_NAMES = tuple(calendar.month_name)[1:]  # English month names (the C locale Python starts in)


def long_date(date: str) -> str:
    """"1 May 1999" for a day, "May 1999" for a month, the text itself otherwise."""
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return f"{int(date[8:])} {_MONTH_NAMES[int(date[5:7]) - 1]} {date[:4]}"
    if date and re.fullmatch(r"\d{4}-\d{2}", date):
        return f"{_MONTH_NAMES[int(date[5:7]) - 1]} {date[:4]}"
    return date or "date not given"


def document_name(source) -> str:
    """A document as students know it: its publisher and date, not its key."""
    return f"{plain_words(source.outlet)}, {long_date(source.published)}"


_WORKSHOP = re.compile(r"\s*\((?:[^()]*\b(?:round[- ]2|independent check)\b[^()]*)\)", re.I)


def plain_words(text: str, fact_sheet: str = "") -> str:
    """A note of the case as students read it: no working vocabulary (how the case was built, where
    a text is kept); the fact sheet (its file name, as the case gives it) named as the fact sheet."""
    text = _WORKSHOP.sub("", text or "")
    text = re.sub(r"\s*\(front matter[^()]*\)", "", text)
    text = re.sub(r"\bFormerly the (?:relation|stance) [a-z0-9]+(?:-[a-z0-9]+)*\.\s*", "", text)  # the case's history
    text = re.sub(r"[,;]?\s*front matter\b(?:,?\s*(?:outlet|author|title)(?:\s*(?:and|,)\s*(?:outlet|author|title))*)?", "", text)
    if fact_sheet:
        name = re.escape(fact_sheet)
        text = re.sub(rf"\b{name}, Round \d+ facts\b", "fact sheet", text)
        text = re.sub(rf"\({name}, ", "(fact sheet, ", text)
        text = re.sub(rf"\b{name}'s\b", "the fact sheet's", text)
        text = re.sub(rf"^{name}\b|(?<=[.;:] ){name}\b", "The fact sheet", text)
        text = re.sub(rf"\b{name}\b", "the fact sheet", text)
    text = re.sub(r"\b(is|are|was|were)( not)? stored\b", r"\1\2 held here", text)
    text = re.sub(r"\bnot stored\b", "not held here", text)
    text = re.sub(r"\bstored copy\b", "copy held here", text)
    text = re.sub(r"\bas stored\b", "as found", text)
    text = re.sub(r"\bstored\s+", "", text)
    text = re.sub(r"\bStored\s+(\w)", lambda m: m.group(1).upper(), text)
    text = re.sub(r"\bthe (?:stored|source) file\b", "our copy", text)
    text = re.sub(r"\bout of the source file\b", "out of our copy", text)
    text = re.sub(r"\b[Tt]he casefile's\b", "the case's", text)
    text = re.sub(r"\bcasefile\b", "case", text)
    return text


def cite(case, text: str) -> str:
    """A citation as students read it: each document named by its publisher and date, not by its key."""
    text = re.sub(r"\bsources/([\w-]+)\.md\b", r"\1", text or "")
    text = plain_words(text, getattr(case, "fact_sheet", ""))
    ids = {src.id: src for src in case.sources}
    return re.sub(r"[a-z0-9]+(?:-{1,2}[a-z0-9]+)+",
                  lambda m: plain_words(document_name(ids[m.group(0)])) if m.group(0) in ids else m.group(0), text)
