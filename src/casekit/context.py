"""Context for students, from the casefile: the glossary, who is behind an outlet (a headnote line
and a reference table) and the sourced background narrative.

Each function returns a ``views.HTML``: Jupyter displays the markup, ``repr()`` and ``.text`` give
the plain text derived from it, and ``print()`` shows the markup. Only the
fields meant for students are shown: an entry's ``editor_note`` and ``links`` (the instructor's
check) never are. Lessons call, for example::

    context.glossary_view(case)                      # every term
    context.glossary_view(case, ["term-id", "another-term-id"])
    context.outlet_line(case, "source-id")
    context.outlets_view(case)
    context.background_view(case)
"""
from __future__ import annotations

import difflib
import re
from typing import Iterable, Optional, Sequence

from .model import Case, GlossaryTerm, Outlet, display_date
from .style import FOCUS_STYLE
from .views import HTML, _e, plain_note, scroll_region

_GRADE_WORDS = {"A": "A (independent sources agree)", "B": "B (sources of one lineage, or partly undated)",
                "C": "C (one source, a self-description, or sources disagree)", "none": "no profile found"}
# Arabic-script and Hebrew runs inside English text: isolated so their direction cannot scramble
# the English around them
_RTL_RUN = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF][\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\s\d()\-.,:،]*"
                      r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF)]")


def _rich(text: str) -> str:
    """Escaped text with right-to-left runs in <bdi> (isolated, direction found from their letters)."""
    out, last = [], 0
    for m in _RTL_RUN.finditer(text):
        out.append(_e(text[last:m.start()]))
        out.append(f'<bdi dir="rtl">{_e(m.group(0))}</bdi>')
        last = m.end()
    out.append(_e(text[last:]))
    return "".join(out)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> HTML:
    """An accessible table whose cells are given as markup (already escaped)."""
    head = "".join(f'<th scope="col" style="text-align:left">{_e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f'<td style="text-align:left;vertical-align:top">{c}</td>' for c in r) + "</tr>"
                   for r in rows)
    cap = f"<caption style='text-align:left;font-weight:bold'>{_e(caption)}</caption>"
    markup = scroll_region(f"<table class='casekit-table'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
                           f"</table>", caption)
    return HTML(markup)


def _fold(summary: str, items: Iterable[str], note: str = "") -> str:
    """A folded <details> block (closed: a student opens it with the keyboard or a click)."""
    lis = "".join(f"<li>{_e(i)}</li>" for i in items)
    extra = f"<p style='margin:0.3em 0'>{_e(note)}</p>" if note else ""
    return f"<details><summary>{_e(summary)}</summary>{extra}<ul style='margin:0.3em 0'>{lis}</ul></details>"


def _grade(entry) -> str:
    words = _GRADE_WORDS.get(entry.confidence, entry.confidence)
    return f"{words}; {entry.grade_note}" if entry.grade_note else words


# --- the glossary -----------------------------------------------------------------------------


def glossary_terms(case: Case, terms: Optional[Sequence[str]] = None) -> list[GlossaryTerm]:
    """The glossary's entries, all or those named (by id or by the term as shown), in the order given."""
    if terms is None:
        return list(case.glossary)
    by_key = {}
    for t in case.glossary:
        by_key[t.id] = t
        by_key[t.term.lower()] = t
    out = []
    for name in terms:
        entry = by_key.get(str(name)) or by_key.get(str(name).lower())
        if entry is None:
            hint = difflib.get_close_matches(str(name), [t.id for t in case.glossary], n=1)
            more = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ValueError(f"no glossary term {name!r} in case {case.id!r}{more} "
                             f"(terms: {', '.join(t.id for t in case.glossary) or 'none'})")
        out.append(entry)
    return out


def glossary_view(case: Case, terms: Optional[Sequence[str]] = None) -> HTML:
    """A table of terms: the term, what named sources say it means (quoted, attributed), and the
    sources with the entry's confidence, folded. ``terms``: ids or terms, to show only those."""
    entries = glossary_terms(case, terms)
    if not entries:
        return HTML("<p>This case has no glossary.</p>")
    rows = []
    for t in entries:
        name = f"<strong>{_e(t.term)}</strong>" + (f"<br><span>{_e(t.expansion)}</span>" if t.expansion else "")
        rows.append((name, _rich(t.definition),
                     _fold(f"{len(t.sources)} source{'s' if len(t.sources) != 1 else ''}; confidence {t.confidence}",
                           t.sources, "Confidence: " + _grade(t))))
    caption = (f"Glossary: {len(entries)} term{'s' if len(entries) != 1 else ''}, in the words of named sources "
               f"(words in quotation marks are theirs)")
    return _table(("Term", "What the sources say", "Sources"), rows, caption)


# --- who is behind an outlet --------------------------------------------------------------------


def outlets_for(case: Case, source_id: str) -> list[Outlet]:
    """The profiles of the outlets that published a source (or its rendering), in casefile order."""
    case.source(source_id)  # KeyError for an unknown source
    return [o for o in case.outlets if source_id in o.covers]


def _first_sentences(text: str, limit: int = 240) -> str:
    """The opening of a profile: whole sentences up to about ``limit`` characters, never cutting
    inside a quotation or a parenthesis."""
    if len(text) <= limit:
        return text
    out, depth = "", 0
    for i, ch in enumerate(text):
        depth += (ch in "“(") - (ch in "”)")
        if ch in ".;" and depth == 0 and (i + 1 == len(text) or text[i + 1] == " "):
            if i + 1 > limit and out:
                break
            out = text[:i + 1]
    return (out + " …") if out and len(out) < len(text) else text


def outlet_line(case: Case, source_id: str) -> HTML:
    """One headnote line for a source: who is behind the outlet that published it (for a rendering,
    the rendering's publisher), the opening of its profile, its sources and confidence."""
    source = case.source(source_id)
    profiles = outlets_for(case, source_id)
    role = "Rendering published by" if (source.translation_of or source.translated_by or source.original_note) else "Published by"
    if not profiles:
        text = (f"{role} {plain_note(source.translated_by or source.outlet)}: no profile of this publisher is "
                f"available (governments and international bodies are not profiled).")
        return HTML(f"<p class='casekit-outlet-line'>{_e(text)}</p>")
    parts = []
    for o in profiles:
        several = len(profiles) > 1  # a shorter opening each, so the headnote stays readable
        opening = _first_sentences(o.owner, 140 if several else 200)
        if o.affiliation and not several:
            opening += " " + _first_sentences(o.affiliation, 160)
        where = "; ".join(o.sources) if o.sources else "no source found"
        parts.append(f"<strong>{_e(o.name)}</strong>: {_rich(opening)} <span>(Sources: {_e(where)}. "
                     f"Confidence: {_e(_grade(o))}.)</span>")
    return HTML(f"<p class='casekit-outlet-line'>{_e(role)} " + " · ".join(parts) + "</p>")


def outlets_view(case: Case, section: Optional[str] = None) -> HTML:
    """A reference table of the outlet profiles (for the evidence locker): the outlet, who is
    behind it and how sources describe it, and its sources with the confidence, folded. ``section``:
    only the outlets of one section (e.g. "Turkish")."""
    entries = [o for o in case.outlets if section is None or o.section == section]
    if section is not None and not entries:
        known = sorted({o.section for o in case.outlets})
        raise ValueError(f"no outlet section {section!r} (sections: {', '.join(known) or 'none'})")
    if not entries:
        return HTML("<p>This case has no outlet profiles.</p>")
    rows = []
    for o in entries:
        name = f"<strong>{_e(o.name)}</strong><br><span>{_e(o.section)}</span>" + (
            f"<br><span>{_e(o.also)}</span>" if o.also else "")
        behind = f"<p style='margin:0'>{_rich(o.owner)}</p>" + (
            f"<p style='margin:0.3em 0 0'>{_rich(o.affiliation)}</p>" if o.affiliation else "")
        n = len(o.covers)
        rows.append((name, behind, _fold(f"confidence {o.confidence}; {n} source{'s' if n != 1 else ''} of this case",
                                         o.sources or ["no source found"], "Confidence: " + _grade(o))))
    caption = (f"Who is behind the outlets: {len(entries)} profiles, in the words of named sources "
               f"(at the time of the case; a profile is context for reading, not a verdict)")
    return _table(("Outlet", "Who is behind it, as named sources say", "Sources"), rows, caption)


def unprofiled_sources(case: Case) -> list[str]:
    """The ids of the case's sources that no outlet profile covers (official publishers among them)."""
    covered = {s for o in case.outlets for s in o.covers}
    return [s.id for s in case.sources if s.id not in covered]


# --- the background narrative -------------------------------------------------------------------


def background_view(case: Case) -> HTML:
    """The background narrative: its paragraphs, each sentence followed by the numbers of its
    sources, and the numbered sources below (title, outlet, date)."""
    if not case.background:
        return HTML("<p>This case has no background narrative.</p>")
    numbers: dict[str, int] = {}
    paragraphs: dict[int, list[tuple[str, list[int]]]] = {}
    for s in case.background:
        refs = [numbers.setdefault(i, len(numbers) + 1) for i in s.sources]
        paragraphs.setdefault(s.paragraph, []).append((s.text, refs))
    html_paras = []
    for p in sorted(paragraphs):
        html_parts = []
        for sentence, refs in paragraphs[p]:
            sup = "".join(f'<a href="#casekit-bg-{r}" aria-label="source {r}">{r}</a>' if k == 0 else
                          f',<a href="#casekit-bg-{r}" aria-label="source {r}">{r}</a>' for k, r in enumerate(refs))
            html_parts.append(f"{_rich(sentence)}<sup>[{sup}]</sup>")
        html_paras.append("<p>" + " ".join(html_parts) + "</p>")
    notes = []
    for sid, n in numbers.items():
        src = case.source(sid)
        notes.append((n, f"{src.title} ({plain_note(src.outlet.split(';')[0])}, {display_date(src.published)})"))
    note_html = "".join(f'<li id="casekit-bg-{n}" value="{n}">{_e(t)}</li>' for n, t in notes)
    markup = (f"{FOCUS_STYLE}<section class='casekit-background' aria-label='Background'>{''.join(html_paras)}"
              f"<p><strong>Sources</strong></p><ol>{note_html}</ol></section>")
    return HTML(markup)
