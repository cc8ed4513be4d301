"""Printable handouts: document packets, the glossary and the figures, as self-contained HTML.

Every word about the case comes from the casefile: a packet is the documents a lesson uses (found
in the lesson's code: the source and quote ids it names, the case's main source when it reads it), each with a
headnote (who speaks and in what office then, the date, the kind of text, the outlet, whose English,
how sure the casefile is of the wording), its text verbatim with line numbers, the casefile's notes
on it and the casefile's open questions that quote it. Pages carry their CSS inline (``@media
print``, page breaks) and no external file, font or script: nothing is fetched to build or to open
them. Figures are casekit.plots' figures, saved for a 16:9 slide (PNG, 1920 x 1080) and for A4 and
Letter paper (PDF, one figure a page), each shown with its description in words.
"""
from __future__ import annotations

import ast
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .errors import UserError
from .model import Case, Source, display_date
from .prose import plain_words

PAPER = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}  # inches, portrait
SLIDE_PX = (1920, 1080)  # 16:9
PRINT_DPI = 300
MARGIN_IN = 0.6
FIGURES = ("timeline", "network", "stances")
CONFIDENCE_WORDS = {
    "A": "grade A, the highest of the casefile's three grades (A, B, C)",
    "B": "grade B, the middle of the casefile's three grades (A, B, C)",
    "C": "grade C, the lowest of the casefile's three grades (A, B, C): rest no claim on it alone",
}

CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 48em; margin: 1.5em auto; padding: 0 1em;
       line-height: 1.45; color: #000; background: #fff; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 1.6em; } h3 { font-size: 1.1em; }
.document { margin-top: 2em; }
table.headnote { border: 2px solid #444; margin: 0.8em 0; }
table.headnote th { width: 11em; }
ol.lines { font-family: 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 0.92em; padding-left: 3.5em; }
ol.lines li { white-space: pre-wrap; margin: 0 0 0.15em 0; }
ol.lines li::marker { color: #555; }
.notes, .questions { border-left: 3px solid #444; padding-left: 0.8em; }
figure { margin: 1em 0; }
figure svg { width: 100%; height: auto; }
figcaption pre { white-space: pre-wrap; font-family: inherit; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #666; padding: 0.3em 0.5em;
       vertical-align: top; text-align: left; }
.source-link { word-break: break-all; font-size: 0.85em; }
nav.toc a { display: block; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  nav.toc, .screen-only { display: none; }
  .document, .figure-page { page-break-before: always; break-before: page; }
  .document:first-of-type { page-break-before: auto; break-before: auto; }
  .headnote, figure, tr { page-break-inside: avoid; break-inside: avoid; }
  a { color: #000; text-decoration: none; }
}
"""


class HandoutError(Exception):
    """The handouts cannot be written; the message names the file or folder."""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def page(title: str, body: str, paper: str = "") -> str:
    """A whole, self-contained HTML page (inline CSS, no script, no external file)."""
    css = CSS if not paper else CSS.replace("@page { size: A4;", f"@page {{ size: {paper};")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{_e(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n")


# --- which documents a lesson uses ---------------------------------------------------------------

@dataclass(frozen=True)
class Lesson:
    path: Path
    title: str
    sources: tuple[str, ...]


def lesson_notebooks(folder: Path) -> list[Path]:
    """The lessons of a folder and its sub-folders (a further case's lessons), numbered ones in order."""
    found = [p for p in Path(folder).rglob("*.ipynb")
             if ".ipynb_checkpoints" not in p.parts and re.match(r"^\d+_", p.name)]
    return sorted(found, key=lambda p: (len(p.relative_to(folder).parts), p.relative_to(folder).as_posix()))


def _title(nb: dict, fallback: str) -> str:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _strings(code: str) -> list[str]:
    """The string literals of a code cell, in order (code that does not parse: quoted words)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return re.findall(r"[\"']([^\"'\n]+)[\"']", code)
    nodes = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)),
                   key=lambda n: (n.lineno, n.col_offset))
    return [n.value for n in nodes]


def sources_used(case: Case, nb: dict) -> tuple[str, ...]:
    """The sources a lesson shows, in the order it first names them: source ids and quote ids in its
    code, the case's main source (``case.core_source``, or ``reading_view(case)`` with no source), and the
    published renderings of an original it compares (``renderings_view``)."""
    from .translation import renderings_of

    source_ids = {s.id for s in case.sources}
    quotes = {q.id: q.source for q in case.quotes}
    found: list[str] = []

    def add(sid: str) -> None:
        if sid and sid not in found:
            found.append(sid)

    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        code = "".join(cell.get("source", ""))
        if re.search(r"case\.core_source|reading_view\(\s*case\s*\)", code):
            add(case.core_source)
        for value in _strings(code):
            if value in source_ids:
                add(value)
                if re.search(r"renderings_view\([^)]*" + re.escape(json.dumps(value)[1:-1]), code):
                    for r in renderings_of(case, value):
                        add(r.id)
            elif value in quotes:
                add(quotes[value])
    return tuple(s for s in found if s in source_ids)


def lessons(case: Case, folder: Path) -> list[Lesson]:
    """Every lesson of the folder that loads this case and shows at least one of its documents."""
    out = []
    for path in lesson_notebooks(folder):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise HandoutError(f"{path}: not a readable notebook ({exc})") from None
        code = "\n".join("".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code")
        if not re.search(r"load_case\(\s*[\"']" + re.escape(case.id) + r"[\"']", code):
            continue
        used = sources_used(case, nb)
        if used:
            out.append(Lesson(path, _title(nb, path.stem), used))
    return out


# --- a document with its headnote -----------------------------------------------------------------

def _speakers(case: Case, source: Source) -> list[str]:
    seen = []
    for q in case.quotes_in(source.id):
        if q.speaker not in seen:
            seen.append(q.speaker)
    return [f"{case.speaker_name(s)} ({case.speaker_capacity(s)})" for s in seen]


def whose_english(case: Case, source: Source) -> str:
    """Whose English the text is, in words, from the source's provenance alone."""
    from .translation import own_english

    if source.translation_of:
        original = case.source(source.translation_of)
        line = f"English by {source.translated_by}: a published rendering of “{original.title}”"
        if own_english(case, source):
            line += ", published by the office that issued the original"
        return line
    if source.lang and not source.lang.lower().startswith("en"):
        return f"Not English: the original text, in {source.language or source.lang}"
    if "translation" in f"{source.kind} {source.language}".lower():
        return f"An English translation, as published in {plain_words(source.outlet)}"
    return f"English, as published by {plain_words(source.outlet)}"


def confidence_words(source: Source) -> str:
    if not source.confidence:
        return "not graded by the casefile"
    words = CONFIDENCE_WORDS.get(source.confidence, f"grade {source.confidence}")
    return f"{words}. {source.doubt}" if source.doubt else words


def headnote(case: Case, source: Source) -> str:
    speakers = _speakers(case, source)
    rows = [
        ("Who speaks", "; ".join(speakers) if speakers else (source.author or "not given")),
        ("Author", source.author or "not given"),
        ("Date", display_date(source.published)),
        ("Kind of text", source.kind),
        ("Outlet", plain_words(source.outlet)),
        ("Whose English", whose_english(case, source)),
        ("How sure we are of the wording", confidence_words(source)),
        ("Terms of use", source.rights),
    ]
    items = "".join(f"<tr><th scope='row'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    link = (f"<tr><th scope='row'>Original</th><td class='source-link'><a href=\"{_e(source.url)}\">"
            f"{_e(source.url)}</a></td></tr>" if source.url else "")
    return f'<table class="headnote"><tbody>{items}{link}</tbody></table>'


def numbered_lines(source: Source) -> str:
    """The source text verbatim, one numbered item per stored line (blank lines kept as empty items)."""
    lang = f' lang="{_e(source.lang)}" dir="{_e(source.dir)}"' if source.lang else ""
    lines = source.text.rstrip("\n").split("\n")
    items = "".join(f'<li data-source="{_e(source.id)}">{_e(line)}</li>' for line in lines)
    return f'<ol class="lines"{lang}>{items}</ol>'


_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


def questions_for(case: Case, source: Source) -> list[str]:
    """The casefile's open questions that quote words of this document (or name it)."""
    out = []
    for q in case.open_questions:
        prompt = str(q.get("prompt", ""))
        named = source.id in (q.get("sources") or ()) or q.get("source") == source.id
        quoted = [a or b for a, b in _QUOTED.findall(prompt)]
        if named or any(len(f) > 3 and f in source.text for f in quoted):
            out.append(prompt.strip())
    return out


def document_html(case: Case, source: Source, number: int) -> str:
    notes = [n for n in case.notes if n.source == source.id]
    notes_html = ("<div class='notes'><h4>Notes on this document</h4><ul>"
                  + "".join(f"<li><b>{_e(n.topic)}.</b> {_e(n.text)}</li>" for n in notes) + "</ul></div>") if notes else ""
    questions = questions_for(case, source)
    questions_html = ("<div class='questions'><h4>Questions</h4><ol>"
                      + "".join(f"<li>{_e(q)}</li>" for q in questions) + "</ol></div>") if questions else ""
    title_lang = ""
    from .views import title_lang as _tl

    if _tl(source):
        title_lang = f' lang="{_e(source.lang)}" dir="{_e(source.dir)}"'
    return (f'<section class="document" id="{_e(source.id)}">'
            f"<h2>Document {number}: <span{title_lang}>{_e(source.title)}</span></h2>"
            f"{headnote(case, source)}{numbered_lines(source)}{notes_html}{questions_html}</section>")


def packet_html(case: Case, title: str, source_ids: Sequence[str]) -> str:
    toc = "".join(f'<a href="#{_e(s)}">Document {i}: {_e(case.source(s).title)}</a>'
                  for i, s in enumerate(source_ids, 1))
    body = (f"<p>{_e(case.title)}. The documents of this lesson, each with its headnote and its text as "
            f"stored, line by line (long lines wrap; the number is the stored line's).</p>"
            f'<nav class="toc" aria-label="Documents">{toc}</nav>'
            + "".join(document_html(case, case.source(s), i) for i, s in enumerate(source_ids, 1)))
    return page(f"Document packet: {title}", body)


# --- the glossary ---------------------------------------------------------------------------------

def load_glossary(case_dir: Path) -> Optional[list[dict]]:
    """The casefile's glossary.yaml as a list of entries (dicts), or None when there is none."""
    import yaml

    path = Path(case_dir) / "glossary.yaml"
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise HandoutError(f"{where}: glossary: not readable YAML ({getattr(exc, 'problem', exc)})") from None
    if isinstance(data, dict):
        for key in ("terms", "entries", "glossary"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [{"term": k, "definition": v} for k, v in data.items()]
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise HandoutError(f"{path}: glossary: expected a list of entries (each a mapping)")
    return data


_TERM_KEYS = ("term", "name", "title", "word", "id")
_MEANING_KEYS = ("definition", "gloss", "meaning", "text")
# shown with a label; anything else in an entry (its id, a researcher's check) is for editors, not print
_LABELLED = (("sources", "Sources"), ("source", "Source"), ("confidence", "How sure"))


def _entry_row(entry: dict) -> tuple[str, str]:
    """(term, meaning) of a glossary entry: the term with its note; the definition, then sources and confidence."""
    key = next((k for k in _TERM_KEYS if entry.get(k)), "")
    term = str(entry.get(key, "")) if key else ""
    if entry.get("term_note"):
        term = f"{term} {entry['term_note']}"
    parts = [str(entry[k]) for k in _MEANING_KEYS if entry.get(k) not in (None, "")]
    for k, label in _LABELLED:
        value = entry.get(k)
        if value not in (None, "", [], {}):
            value = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
            parts.append(f"{label}: {value}")
    return term, "\n".join(parts)


def _said(case: Case, q, who: str) -> str:
    """Who said it (and whose English), where it was published (unless already named) and when."""
    source = case.source(q.source)
    where = "" if source.outlet in who else f"; {plain_words(source.outlet)}"
    return f"{who}{where}, {display_date(source.published)}"


def glossary_html(case: Case, entries: Optional[list[dict]]) -> str:
    parts = []
    if entries is None:
        parts.append("<p>The casefile has no glossary yet.</p>")
    else:
        rows = "".join(f"<tr><th scope='row'>{_e(t)}</th><td style='white-space:pre-wrap'>{_e(d)}</td></tr>"
                       for t, d in (_entry_row(e) for e in entries))
        parts.append(f"<h2>Glossary</h2><table><thead><tr><th>Term</th><th>Meaning</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    if case.terms:
        from .translation import attribution

        rows = []
        for t in case.terms:
            q = case.quote(t.quote)
            lang = case.source(q.source).lang
            lang_attrs = f" lang='{_e(lang)}' dir='{_e(case.source(q.source).dir)}'" if lang else ""
            rows.append(f"<tr><th scope='row'>{_e(t.text)}</th>"
                        f"<td><q data-source='{_e(q.source)}'{lang_attrs}>{_e(q.text)}</q> "
                        f"({_e(_said(case, q, attribution(case, q)))})</td><td>{_e(t.gloss)}</td></tr>")
        parts.append("<h2>Loaded words</h2><p>Words the sources use that carry a judgement: each is the "
                     "speaker's, shown in the sentence it comes from.</p>"
                     "<table><thead><tr><th>Words</th><th>In the sentence</th><th>What they mean</th></tr></thead>"
                     f"<tbody>{''.join(rows)}</tbody></table>")
    return page(f"Glossary: {case.title}", "".join(parts))


# --- figures --------------------------------------------------------------------------------------

def _plots(case: Case):
    from . import plots

    return [(name, getattr(plots, name)(case)) for name in FIGURES]


def _png_fitted(plot, box_w: float, box_h: float, dpi: float):
    """The figure as an RGBA array, scaled (not redrawn: its layout is kept) to fit box_w x box_h inches."""
    import io

    import matplotlib.image as mpimg

    w, h = plot.figure.get_size_inches()
    scale = min(box_w / w, box_h / h)
    data = plot.to_bytes("png", dpi=dpi * scale)
    return mpimg.imread(io.BytesIO(data), format="png")


def slide_png(plot, path: Path) -> None:
    """A 1920 x 1080 PNG (16:9): the figure scaled to fit, centred on white."""
    import io

    from .answers import atomic_write
    from .render import new_figure, style

    w_px, h_px = SLIDE_PX
    dpi = 100
    fig = new_figure(w_px / dpi, h_px / dpi)
    margin = 0.3
    img = _png_fitted(plot, w_px / dpi - 2 * margin, h_px / dpi - 2 * margin, dpi)
    ih, iw = img.shape[:2]
    fig.figimage(img, xo=(w_px - iw) // 2, yo=(h_px - ih) // 2, origin="upper")
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Title": plot.title, "Software": None})
    atomic_write(path, buf.getvalue())


def paper_pdf(plots_: Sequence, paper: str, path: Path) -> None:
    """One PDF, one figure a page, each scaled to fit the paper (portrait, or landscape for a wide
    figure) with its title; the description goes in the PDF's metadata and in the HTML beside it."""
    import io

    from matplotlib.backends.backend_pdf import PdfPages

    from .answers import atomic_write
    from .render import new_figure, style

    buf = io.BytesIO()
    with style(), PdfPages(buf, metadata={"Title": f"Figures ({paper})", "Creator": "casekit (matplotlib)",
                                          "Producer": "casekit (matplotlib)", "CreationDate": None,
                                          "ModDate": None}) as pdf:
        for plot in plots_:
            pw, ph = PAPER[paper]
            fw, fh = plot.figure.get_size_inches()
            if fw > fh:
                pw, ph = ph, pw
            fig = new_figure(pw, ph)
            img = _png_fitted(plot, pw - 2 * MARGIN_IN, ph - 2 * MARGIN_IN - 0.5, PRINT_DPI)
            ih, iw = img.shape[:2]
            w_in, h_in = iw / PRINT_DPI, ih / PRINT_DPI
            left = (pw - w_in) / 2 / pw
            top = (ph - MARGIN_IN - 0.5) / ph
            ax = fig.add_axes((left, top - h_in / ph, w_in / pw, h_in / ph))
            ax.imshow(img, interpolation="none")
            ax.set_axis_off()
            fig.text(0.5, 1 - MARGIN_IN / ph, plot.title, ha="center", va="top", fontsize=12)
            pdf.savefig(fig)
    atomic_write(path, buf.getvalue())


def figures_html(plots_: Sequence, paper: str, files: dict) -> str:
    parts = [f"<p class='screen-only'>Sized for {('A4' if paper == 'a4' else 'US Letter')} paper: print this page "
             "(one figure a page). Files: "
             + ", ".join(f"<a href='{_e(f)}'>{_e(f)}</a>" for f in files.get(paper, [])) + ".</p>"]
    for name, plot in plots_:
        svg = plot.svg
        svg = svg[svg.index("<svg"):]  # inline: no XML declaration or DOCTYPE inside the page
        slide = files.get("slide", {}).get(name, "")
        parts.append(f"<section class='figure-page' id='{_e(name)}'><h2>{_e(plot.title)}</h2>"
                     f"<figure role='group' aria-label='{_e(plot.title)}'>{svg}"
                     f"<figcaption><p><b>The figure in words</b> (also in <a href='figures/{_e(name)}.txt'>"
                     f"{_e(name)}.txt</a>; for a slide: <a href='{_e(slide)}'>{_e(slide)}</a>)</p>"
                     f"<pre>{_e(plot.description)}</pre></figcaption></figure></section>")
    label = "A4" if paper == "a4" else "Letter"
    return page(f"Figures ({label})", "".join(parts), paper="A4" if paper == "a4" else "letter")


# --- the whole set --------------------------------------------------------------------------------

def _slug(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("").as_posix()
    return "packet-" + re.sub(r"[^A-Za-z0-9_-]+", "-", rel)


def write_handouts(case: Case, case_dir: Path, notebooks: Path, out: Path, figures: bool = True) -> list[Path]:
    """Write every handout into ``out``; return the files written."""
    from .answers import atomic_write

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(name: str, text: str) -> None:
        atomic_write(out / name, text)
        written.append(out / name)

    index = [f"<p>{_e(case.title)}. Print-ready pages: every document with its headnote and line "
             "numbers, the glossary, and the figures with their descriptions. They open from disk and "
             "fetch nothing.</p><h2>Document packets</h2><ul>"]
    for lesson in lessons(case, notebooks):
        name = _slug(lesson.path, notebooks) + ".html"
        put(name, packet_html(case, lesson.title, lesson.sources))
        index.append(f"<li><a href='{_e(name)}'>{_e(lesson.title)}</a> ({len(lesson.sources)} document"
                     f"{'s' if len(lesson.sources) != 1 else ''})</li>")
    index.append("</ul>")
    all_ids = [s.id for s in case.sources]
    put("packet-all-documents.html", packet_html(case, "every document of the case", all_ids))
    index.append(f"<p><a href='packet-all-documents.html'>Every document of the case</a> ({len(all_ids)})</p>")
    put("glossary.html", glossary_html(case, load_glossary(case_dir)))
    index.append("<h2>Glossary</h2><p><a href='glossary.html'>The glossary and the loaded words</a></p>")
    if figures:
        plots_ = _plots(case)
        fig_dir = out / "figures"
        fig_dir.mkdir(exist_ok=True)
        files: dict = {"slide": {}}
        for name, plot in plots_:
            slide_png(plot, fig_dir / f"{name}-slide-16x9.png")
            files["slide"][name] = f"figures/{name}-slide-16x9.png"
            plot.save(fig_dir / f"{name}.svg")
            atomic_write(fig_dir / f"{name}.txt", plot.description + "\n")
            written += [fig_dir / f"{name}-slide-16x9.png", fig_dir / f"{name}.svg", fig_dir / f"{name}.txt"]
        for paper in PAPER:
            paper_pdf([p for _, p in plots_], paper, fig_dir / f"figures-{paper}.pdf")
            files[paper] = [f"figures/figures-{paper}.pdf"]
            written.append(fig_dir / f"figures-{paper}.pdf")
        for paper in PAPER:
            put(f"figures-{paper}.html", figures_html(plots_, paper, files))
        index.append("<h2>Figures</h2><ul><li><a href='figures-a4.html'>Figures for A4 paper</a></li>"
                     "<li><a href='figures-letter.html'>Figures for US Letter paper</a></li>"
                     + "".join(f"<li><a href='{_e(f)}'>{_e(n)}: for a 16:9 slide (1920 x 1080 PNG)</a></li>"
                               for n, f in files["slide"].items()) + "</ul>")
    put("index.html", page(f"Handouts: {case.title}", "".join(index)))
    return written


def cmd_handouts(args) -> int:
    """``casekit handouts --out DIR``."""
    from .casefile import load_case
    from .instructor import _only_case, output_path

    out = output_path(args.out, "folder")
    notebooks = Path(args.notebooks)
    if not notebooks.is_dir():
        raise UserError(f"--notebooks {args.notebooks}: no such folder")
    case_dir = Path(args.case) if args.case else _only_case()
    case = load_case(case_dir)
    try:
        written = write_handouts(case, case_dir, notebooks, out)
    except HandoutError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"--out {args.out}: cannot be written ({exc.strerror or exc})") from None
    print(f"wrote {len(written)} files into {out}/: open {out / 'index.html'}")
    return 0


def quotations_in(page_html: str) -> Iterable[tuple[str, str]]:
    """(source id, text) of every verbatim passage a handout page shows (lines and quotations)."""
    for m in re.finditer(r"<(li|q) data-source=\"([^\"]+)\">(.*?)</\1>", page_html, re.S):
        yield m.group(2), html.unescape(m.group(3))
    for m in re.finditer(r"<q data-source='([^']+)'[^>]*>(.*?)</q>", page_html, re.S):
        yield m.group(1), html.unescape(m.group(2))
