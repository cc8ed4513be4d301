"""HTML views of a case for notebooks: tables, the reading view, evidence. No widgets, no IPython.

Each function returns an ``HTML`` string that Jupyter displays as HTML and ``print`` shows as text.
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Optional, Sequence

from .model import QUOTE_KINDS, Case, Evidence, Quote, date_in, date_key, display_date, text_direction
from .style import FOCUS_STYLE, KIND_BORDER, TINTS


class HTML(str):
    """A string that Jupyter renders as HTML; ``text`` holds a plain-text version."""

    text: str = ""

    def __new__(cls, markup: str, text: str = ""):
        obj = super().__new__(cls, markup)
        obj.text = text or markup
        return obj

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return self.text


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class Lang(str):
    """Text in a language other than the page's (English): shown with its ``lang`` and ``dir``."""

    lang: str = ""

    def __new__(cls, text: str, lang: str = ""):
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj


def _lang_attrs(lang: str) -> str:
    return f' lang="{_e(lang)}" dir="{text_direction(lang)}"' if lang else ""


def _cell(value: object) -> str:
    """A table cell's markup: text escaped; a ``Lang`` in a span with its language and direction;
    a tuple of parts (some ``Lang``) joined."""
    if isinstance(value, tuple):
        return "".join(_cell(v) for v in value)
    if isinstance(value, Lang) and value.lang:
        return f"<span{_lang_attrs(value.lang)}>{_e(value)}</span>"
    return _e(value)


def _plain(value: object) -> str:
    return "".join(map(str, value)) if isinstance(value, tuple) else str(value)


def scroll_region(inner: str, label: str, cls: str = "") -> str:
    """Markup in a scroll region the keyboard can reach (tabindex=0) and a screen reader names
    (role=region, aria-label), with the package's focus outline."""
    return (f"{FOCUS_STYLE}<div class='casekit-scroll{' ' + cls if cls else ''}' role='region' tabindex='0' "
            f"aria-label='{_e(label)}' style='overflow-x:auto;max-width:100%'>{inner}</div>")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], caption: str = "") -> HTML:
    """A plain, accessible HTML table (with a caption and header cells) and its text version.

    The table sits in a scroll region that the keyboard can reach (``tabindex=0``) and a screen
    reader names (``role=region``, labelled by the caption), so a wide table can be scrolled
    without a mouse. A cell may be a ``Lang`` (text in another language) or a tuple of parts.
    """
    rows = [list(r) for r in rows]
    head = "".join(f'<th scope="col" style="text-align:left">{_e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f'<td style="text-align:left;vertical-align:top">{_cell(c)}</td>' for c in r)
                   + "</tr>" for r in rows)
    cap = f"<caption style='text-align:left;font-weight:bold'>{_e(caption)}</caption>" if caption else ""
    markup = scroll_region(f"<table class='casekit-table'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
                           caption or "Table: " + ", ".join(headers))
    lines = ([caption] if caption else []) + [" | ".join(headers)] + [
        " | ".join(_plain(c).replace("\n", " ") for c in r) for r in rows]  # one line a row
    return HTML(markup, "\n".join(lines))


def sources_table(case: Case) -> HTML:
    """Every source with its provenance."""
    rows = [(s.id, Lang(s.title, title_lang(s)), s.outlet, display_date(s.published), s.author or "not given", s.kind, s.rights, s.url,
             _confidence(s)) for s in case.sources]
    return table(("id", "title", "outlet", "published", "author", "kind", "rights", "url", "confidence"), rows,
                 caption=f"The {len(case.sources)} sources of the case, with their provenance")


_SCRIPTS = {  # a language's script, to tell a title in it from an English title
    "ar": "\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF", "fa": "\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF",
    "ku": "\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF", "he": "\u0590-\u05FF", "ru": "\u0400-\u04FF",
    "uk": "\u0400-\u04FF",
}
_ENGLISH_WORDS = re.compile(r"\b(the|of|and|on|to|by|with|after|from|for|as)\b", re.IGNORECASE)


def title_lang(source) -> str:
    """The language of a source's title: the source's own language, unless the title is English
    (a stored source in Arabic may carry an English title)."""
    lang = source.lang
    if not lang:
        return ""
    script = _SCRIPTS.get(lang.split("-")[0].lower())
    if script:
        return lang if re.search(f"[{script}]", source.title) else ""
    return "" if _ENGLISH_WORDS.search(source.title) else lang


def _in(case: Case, source_id: str, text: str) -> Lang:
    """Words of a source, marked with the source's language (when it is not English)."""
    return Lang(text, case.source(source_id).lang)


def _evidence_cell(case: Case, ev: Evidence) -> tuple:
    """A piece of evidence as table parts: its quoted words in their own language, the rest in English."""
    line = case.describe_evidence(ev)
    if ev.text and ev.source and line.startswith("“" + ev.text):
        return ("“", _in(case, ev.source, ev.text), line[1 + len(ev.text):])
    return (line,)


def _confidence(source) -> str:
    """A source's confidence grade and doubt, as students see it beside the source."""
    if not source.confidence:
        return "not graded"
    return f"{source.confidence}: {source.doubt}" if source.doubt else source.confidence


def people_table(case: Case) -> HTML:
    """Every person, with the title they held at the time and its source."""
    rows = [(p.name, p.title, case.actor(p.actor).name, p.title_source) for p in case.people]
    return table(("person", "title at the time", "speaks for", "source of the title"), rows,
                 caption=f"People in the case (titles as of {case.titles_as_of})" if case.titles_as_of
                 else "People in the case, with the titles they held at the time")


def events_table(case: Case, start: str = "", end: str = "9999", ids: Sequence[str] = (),
                 actor: str = "", caption: str = "Events") -> HTML:
    """Events (between two ISO dates, or by id, or by actor), each with its status and source."""
    rows = [(display_date(e.date), e.title, e.status + (f" ({e.note})" if e.note else ""), e.cited) for e in case.events
            if date_in(e.date, start, end) and (not ids or e.id in ids) and (not actor or actor in e.actors)]
    return table(("date", "event", "status", "source"), rows, caption=caption)


def actors_table(case: Case) -> HTML:
    """Every actor, with what it is and where that description comes from."""
    rows = [(a.name, a.kind, a.description or "", a.source) for a in case.actors]
    return table(("actor", "kind", "description", "source"), rows, caption="Actors in the case")


def quotes_matching(case: Case, words: Sequence[str], caption: str = "") -> HTML:
    """Every annotated quotation containing any of the words, with its speaker, kind, date and source."""
    found = case.quotes_with_words(words)  # whole words, case as written
    rows = [(_in(case, q.source, q.text), _speaker_with_actor(case, q.speaker), QUOTE_KINDS[q.kind],
             display_date(q.date), q.source)
            for q in sorted(found, key=lambda q: (date_key(q.date), q.source, q.start))]
    return table(("quotation", "speaker", "kind", "date", "source"), rows,
                 caption=caption or "Quotations containing: " + ", ".join(f"“{w}”" for w in words))


def _speaker_with_actor(case: Case, speaker: str) -> str:
    actor = case.speaker_actor(speaker)
    if actor == speaker:
        return f"{case.speaker_name(speaker)} (institution)"
    return f"{case.speaker_name(speaker)}, {case.speaker_capacity(speaker)} ({case.actor(actor).name})"


def speaks_as(case: Case, q: Quote) -> str:
    """One rule for every text of a kind: an official statement is an institution's, whoever signs it."""
    if q.kind == "statement":
        return "institution (official statement)"
    if q.kind == "analysis":
        return "outlet (its own words)"
    return "institution" if case.speaker_actor(q.speaker) == q.speaker else "individual official"


def voices_table(case: Case, exclude_source: str = "") -> HTML:
    """Each source's speakers side by side: who spoke, as a person or an institution, how often, and when."""
    rows = []
    for s in case.sources:
        if s.id == exclude_source:
            continue
        quotes = case.quotes_in(s.id)
        speakers = []
        for q in quotes:
            if q.speaker not in speakers:
                speakers.append(q.speaker)
        for sp in speakers:
            mine = [q for q in quotes if q.speaker == sp]
            kind = ", ".join(sorted({speaks_as(case, q) for q in mine}))
            issued = {case.speaker_name(q.issued_by) for q in mine if q.issued_by}
            rows.append((s.published, case.actor(case.speaker_actor(sp)).name, _speaker_with_actor(case, sp), kind,
                         ", ".join(sorted(issued)) or "", len(mine), Lang(s.title, title_lang(s))))
    rows.sort()
    return table(("date", "actor", "speaker", "speaks as", "issued by", "sentences annotated", "source"), rows,
                 caption="Voices: who speaks in each source")


def notes_list(case: Case, source_id: Optional[str] = None) -> HTML:
    """The teaching notes on one source (or all), as a list."""
    notes = [n for n in case.notes if source_id is None or n.source == source_id]
    items = "".join(f"<li><b>{_e(n.topic)}.</b> {_e(n.text)} <i>({_e(n.source)})</i></li>" for n in notes)
    text = "\n".join(f"- {n.topic}. {n.text} ({n.source})" for n in notes)
    return HTML(f"<ul>{items}</ul>", text)


def reporting_chains(case: Case) -> HTML:
    """Each reporting chain of the case: its title, then its steps in order."""
    markup = "".join(f"<p><b>{_e(c.title)}</b></p><ol>" + "".join(f"<li>{_e(step)}</li>" for step in c.steps)
                     + "</ol>" for c in case.reporting_chains)
    text = "\n\n".join(c.title + "\n" + "\n".join(f"{i}. {step}" for i, step in enumerate(c.steps, 1))
                        for c in case.reporting_chains)
    return HTML(markup, text)


def speaker_labels(case: Case, quotes: Sequence[Quote]) -> dict[str, tuple[str, str]]:
    """A short label and a tint for each speaker, in order of first appearance."""
    out: dict[str, tuple[str, str]] = {}
    for q in quotes:
        if q.speaker not in out:
            n = len(out)
            out[q.speaker] = (f"S{n + 1}", TINTS[n % len(TINTS)])
    return out


def reading_view(case: Case, source_id: Optional[str] = None) -> HTML:
    """The source text with each annotated quote marked: speaker label, kind, tint and underline.

    Each highlight opens with a bracketed label naming its speaker and kind, and closes with
    "[end S1]" (not only by colour); kinds also differ by the underline's style. The outlet's own
    analysis is set apart in a box. A text in another language carries its ``lang`` and ``dir``.
    """
    source = case.source(source_id or case.core_source)
    quotes = [q for q in case.quotes_in(source.id) if not q.headline]  # headlines are in the title
    labels = speaker_labels(case, quotes)
    # keep spans that nest or stand apart; a partial overlap would break the markup
    kept: list[Quote] = []
    for q in sorted(quotes, key=lambda q: (q.start, -q.end)):
        if all(q.end <= k.start or q.start >= k.end or (k.start <= q.start and q.end <= k.end) for k in kept):
            kept.append(q)
    opens: dict[int, list[Quote]] = {}
    closes: dict[int, list[Quote]] = {}
    for q in kept:
        opens.setdefault(q.start, []).append(q)
        closes.setdefault(q.end, []).append(q)
    for ending in closes.values():
        ending.sort(key=lambda q: -q.start)  # the inner span closes first
    text = source.text
    analysis_at = source.analysis_start if source.analysis_start < len(text) else None
    # the labels are English: inside a text in another language they say so
    en = ' lang="en" dir="ltr"' if source.lang else ""
    parts, plain = [], []
    for i, ch in enumerate(text + "\0"):
        for q in closes.get(i, []):
            # where each highlight ends, in words as well as by the end of its tint
            parts.append(f'<b class="casekit-label"{en}> [end {labels[q.speaker][0]}]</b></mark>')
        if analysis_at is not None and i == analysis_at:
            parts.append('<div class="casekit-analysis" style="border:2px dashed #555;padding:0.5em;margin-top:0.5em">'
                         f'<div role="heading" aria-level="4" style="font-weight:bold"{en}>The outlet\'s own '
                         f'analysis (from &quot;{_e(source.analysis_marker)}&quot; on)</div>')
            plain.append("\n[THE OUTLET'S OWN ANALYSIS BEGINS]\n")
        for q in opens.get(i, []):
            label, tint = labels[q.speaker]
            title = f"{case.speaker_name(q.speaker)}: {QUOTE_KINDS[q.kind]} ({q.id})"
            disputed = ""
            if q.disputed:
                title += f". Attribution disputed: {q.disputed}"
                disputed = " · attribution disputed"
            # the speaker is named in the label itself, not only in the tooltip
            parts.append(f'<mark data-quote="{_e(q.id)}" title="{_e(title)}" style="background:{tint};color:#000;'
                         f'border-bottom:{KIND_BORDER[q.kind]} #000;padding:0 1px">'
                         f'<b class="casekit-label"{en}>[{label} · {_e(case.speaker_name(q.speaker))} · '
                         f'{_e(QUOTE_KINDS[q.kind])}{disputed}]</b> ')
            plain.append(f"[{label}: ")
        if ch == "\0":
            break
        if i in closes:
            plain.append("]" * len(closes[i]))
        if ch == "\n":
            parts.append("<br>")
        else:
            parts.append(_e(ch))
        plain.append(ch)
    if analysis_at is not None:
        parts.append("</div>")
    legend_rows = []
    for speaker, (label, tint) in labels.items():
        legend_rows.append(f'<li><span style="background:{tint};padding:0 4px"><b>[{label}]</b></span> '
                           f'{_e(case.speaker_name(speaker))} ({_e(case.speaker_capacity(speaker))})</li>')
    kinds = "".join(f'<li><span style="border-bottom:{KIND_BORDER[k]} #000">{_e(v)}</span></li>'
                    for k, v in QUOTE_KINDS.items())
    legend = (f'<div class="casekit-legend"><b>Speakers</b><ul>{"".join(legend_rows)}</ul>'
              f'<b>Kinds of text</b> (label and underline)<ul>{kinds}</ul></div>')
    lang = f' lang="{_e(source.lang)}" dir="{source.dir}"' if source.lang else ""
    confidence = (f"<br><span class='casekit-confidence'><b>Confidence {_e(source.confidence)}</b>"
                  f"{': ' + _e(source.doubt) if source.doubt else ''}</span>") if source.confidence else ""
    head = (f"<p><b{_lang_attrs(title_lang(source))}>{_e(source.title)}</b><br>{_e(source.outlet)}, {_e(display_date(source.published))}. "
            f"<a href='{_e(source.url)}'>{_e(source.url)}</a><br><i>{_e(source.rights)}</i>{confidence}</p>")
    markup = (f'<div class="casekit-reading">{head}{legend}'
              f'<div style="line-height:1.7"{lang}>{"".join(parts)}</div></div>')
    plain_legend = "\n".join(f"[{label}] {case.speaker_name(s)} ({case.speaker_capacity(s)})"
                             for s, (label, _) in labels.items())
    plain_confidence = f"Confidence {_confidence(source)}\n" if source.confidence else ""
    return HTML(markup, f"{source.title}\n{plain_confidence}{plain_legend}\n\n{''.join(plain)}")


def quotes_table(case: Case, source_id: Optional[str] = None) -> HTML:
    """The annotations of a source (or all): speaker, capacity, kind, cue, date."""
    quotes = case.quotes_in(source_id) if source_id else case.quotes
    rows = [((_in(case, q.source, q.text if len(q.text) < 120 else q.text[:117] + "..."),
              (" [in the headline]" if q.headline else "")
              + (f" [attribution disputed: {q.disputed}]" if q.disputed else "")), case.speaker_name(q.speaker),
             case.speaker_capacity(q.speaker), QUOTE_KINDS[q.kind], q.cue or "(none)", display_date(q.date),
             q.source) for q in quotes]
    return table(("text", "speaker", "capacity", "kind", "attributing words", "date", "source"), rows,
                 caption="Who said what, and how the source attributes it")


def terms_table(case: Case, source_id: Optional[str] = None) -> HTML:
    """Loaded words: who used each, in which sentence, what it means, and whether the outlet adopts it."""
    rows = []
    for t in case.terms:
        q = case.quote(t.quote)
        if source_id and q.source != source_id:
            continue
        outlet = ("yes: the outlet uses it in its own voice" if t.adopted_by_outlet
                  else "no: it reports the words, attributed")
        rows.append((("“", _in(case, q.source, t.text), "”"), _speaker_with_actor(case, q.speaker),
                     _in(case, q.source, q.text), QUOTE_KINDS[q.kind], t.gloss,
                     outlet, t.note, q.source))
    return table(("words", "used by", "in the quotation", "kind", "what they refer to", "adopted by the outlet?",
                  "note", "source"), rows, caption="Loaded words, and whose they are")


def evidence_html(case: Case, evidence: Sequence[Evidence]) -> HTML:
    """Evidence as quoted lines, each naming its speaker and its source."""
    lines = [_evidence_cell(case, ev) for ev in evidence]
    return HTML("<ul>" + "".join(f"<li>{_cell(line)}</li>" for line in lines) + "</ul>",
                "\n".join(f"- {_plain(line)}" for line in lines))


def stances_table(case: Case) -> HTML:
    """Each actor's position on the case's event, with its date and first piece of evidence."""
    rows = [(case.actor(s.actor).name, s.position, display_date(s.date), s.summary,
             _evidence_cell(case, s.evidence[0]), s.note) for s in case.stances]
    return table(("actor", "position", "date", "summary", "evidence", "note"), rows,
                 caption=f"Positions on {case.event_name}")


def relations_table(case: Case) -> HTML:
    """Each relation between actors, with its date, sign and whether it is only a stated intent."""
    rows = [(case.actor(r.actor).name, r.type, case.actor(r.other).name, display_date(r.date),
             "stated intention" if r.intent else "reported", r.summary, r.note) for r in case.relations]
    return table(("actor", "relation", "other", "date", "status", "summary", "note"), rows,
                 caption="Relations between actors")


def quotes_evidence(case: Case, quote_ids: Sequence[str]) -> HTML:
    """Quotations by id, each with its speaker, kind and source (for model answers and readings)."""
    return evidence_html(case, [Evidence(source=case.quote(q).source, text=case.quote(q).text,
                                         start=case.quote(q).start, quote=q) for q in quote_ids])


def key_table(questions) -> HTML:
    """An answer key for instructors: question id, and the text the student saw: the prompt, the
    card's source line and highlighted words, and the right answer as its option reads."""
    rows = []
    for q in questions:
        if q.is_open:
            continue
        if q.is_order:
            answer = " → ".join(q.label_of(v) for v in q.answer)
        else:
            answer = q.label_of(q.answer)
        card = "; ".join(x for x in (q.context, f"highlighted: “{q.quote}”" if q.quote and q.sentence else "") if x)
        rows.append((q.id, q.prompt, card, answer))
    return table(("question", "prompt", "on the card", "answer"), rows, caption="Answer key")


# --- renderings side by side (translation) -----------------------------------------------------


def _marked_words(comparison, ref_name: str) -> tuple[str, str]:
    """B's text as HTML and as plain text, with the words the reference lacks marked in words:
    ``<ins>`` plus a bracketed label in the markup, ``[+ ...]`` in the text."""
    from .translation import words

    text, wb = comparison.b, words(comparison.b)
    marks = [(wb[c.b_words[0]].start, wb[c.b_words[1] - 1].end) for c in comparison.changes if c.b]
    html_parts, plain_parts, at = [], [], 0
    label = f"not in {ref_name}'s rendering"
    for start, end in marks:
        html_parts.append(_e(text[at:start]))
        plain_parts.append(text[at:start])
        html_parts.append(f'<ins class="casekit-diff" title="{_e(label)}" style="text-decoration:underline;'
                          f'background:#FBE3B3"><span class="casekit-diff-label">[+</span>{_e(text[start:end])}'
                          f'<span class="casekit-diff-label">]</span></ins>')
        plain_parts.append(f"[+{text[start:end]}]")
        at = end
    html_parts.append(_e(text[at:]))
    plain_parts.append(text[at:])
    return "".join(html_parts), "".join(plain_parts)


def _dropped(comparison, ref_name: str) -> tuple[str, str]:
    """What B leaves out of the reference, in words: a ``<del>`` list with a label, and its text."""
    gone = [c.a for c in comparison.changes if c.op == "drop"]
    if not gone:
        return "", ""
    items = "; ".join(f"<del>“{_e(g)}”</del>" for g in gone)
    plain = "; ".join(f"“{g}”" for g in gone)
    return (f"<br><small class='casekit-diff-dropped'>[− leaves out, compared with {_e(ref_name)}: {items}]</small>",
            f" [- leaves out, compared with {ref_name}: {plain}]")


def renderings_view(case: Case, source_id: str) -> HTML:
    """An original and its published English renderings side by side, one row per annotated passage.

    Each column names its outlet, confidence and doubt; the original's cells carry its ``lang`` and
    ``dir`` (Arabic and Persian read right to left). In each row the first rendering from a source not
    graded C is the reference: in every other rendering, words the reference lacks are marked
    ``[+ ...]`` (and underlined), words it leaves out are listed ``[− ...]``, and the change is said in
    words under it, so nothing relies on colour. Each rendering carries its attribution line.
    """
    from .translation import attribution, compare, passages, renderings_of

    original = case.source(source_id)
    columns = renderings_of(case, source_id)
    if not columns:
        raise ValueError(f"{source_id}: no published rendering of this source is in the case")
    by_original = {p.original.id: p for p in passages(case, source_id)}
    lang = original.lang or ""
    lang_attr = f' lang="{_e(lang)}" dir="{original.dir}"' if lang else ""
    name = {s.id: s.translated_by for s in columns}
    short = {s.id: s.translated_by.split(" (")[0] for s in columns}
    head = (f'<th scope="col" style="text-align:left">Original ({_e(original.language or lang or "not given")})</th>'
            + "".join(f'<th scope="col" style="text-align:left;vertical-align:top" lang="en">{_e(name[s.id])}<br>'
                      f'<small>{_e(s.id)}</small><br><small class="casekit-confidence" style="font-weight:normal">'
                      f'Confidence {_e(_confidence(s))}</small></th>' for s in columns))
    rows, plain = [], [f"{original.title} ({original.id}), and its published English renderings", ""]
    for q in case.quotes_in(source_id):
        if q.headline:
            continue
        p = by_original.get(q.id)
        cells = [f'<th scope="row" style="text-align:{"right" if original.dir == "rtl" else "left"};'
                 f'vertical-align:top;font-weight:normal"{lang_attr}>{_e(q.text)}</th>']
        plain.append(f"Original ({lang or 'en'}, {original.dir}): {q.text}")
        renderings = p.renderings if p else ()
        trusted = [r for r in renderings if case.source(r.source).confidence != "C"]
        ref = (trusted or list(renderings) or [None])[0]
        for s in columns:
            mine = [r for r in renderings if r.source == s.id]
            if not mine:
                cells.append('<td style="vertical-align:top" lang="en"><i>no rendering of this passage stored</i></td>')
                continue
            parts = []
            for r in mine:
                line = _e(attribution(case, r))
                if r is ref or ref is None:
                    body, text = _e(r.text), r.text
                    extra = ("<br><small>[reference for the marks in this row]</small>"
                             if len(renderings) > 1 else "")
                    said, dropped_text = "", ""
                else:
                    cmp = compare(ref.text, r.text)
                    body, text = _marked_words(cmp, short[ref.source])
                    dropped_html, dropped_text = _dropped(cmp, short[ref.source])
                    extra = dropped_html
                    said = cmp.describe(short[ref.source], short[s.id])
                disputed = f"<br><b>[attribution disputed]</b> {_e(r.disputed)}" if r.disputed else ""
                parts.append(f'<div data-quote="{_e(r.id)}">“{body}”{extra}'
                             + (f"<br><small>In words: {_e(said)}</small>" if said else "")
                             + f"{disputed}<br><small><i>{line}</i></small></div>")
                plain.append(f"  {name[s.id]}: “{text}”{dropped_text} ({attribution(case, r)})"
                             + (f" In words: {said}" if said else "")
                             + (f" [attribution disputed: {r.disputed}]" if r.disputed else ""))
            cells.append('<td style="vertical-align:top" lang="en" dir="ltr">' + "<hr>".join(parts) + "</td>")
        if not renderings:
            plain.append("  no published English rendering of this passage is stored")
        rows.append("<tr>" + "".join(cells) + "</tr>")
        plain.append("")
    legend_items = [f"<li><b>Original</b> ({_e(original.id)}; {_e(original.outlet)}, "
                    f"{_e(display_date(original.published))}): confidence {_e(_confidence(original))}</li>"]
    legend = ("<p><b>How differences are marked.</b> In each row the first rendering from a source not graded C "
              "is the reference. In the others, [+ …] marks words the reference does not have (also underlined), "
              "[− …] lists words of the reference they leave out, and <i>In words</i> says every change. "
              "A quotation in a translation is the translator's words: each rendering's attribution line "
              "names who published it. Each column's heading gives its source's confidence grade and doubt.</p>"
              f"<ul>{''.join(legend_items)}</ul>")
    caption = f"{original.title}: the original and its published English renderings, side by side"
    markup = ('<div class="casekit-renderings">'
              + scroll_region(f"<table class='casekit-table'>"
                              f"<caption style='text-align:left;font-weight:bold'>{_e(caption)}</caption>"
                              f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>", caption)
              + f"{legend}</div>")
    plain += ["Sources:", f"- Original {original.id}: confidence {_confidence(original)}"]
    plain += [f"- {name[s.id]} ({s.id}): confidence {_confidence(s)}" for s in columns]
    return HTML(markup, "\n".join(plain))


def rivals_view(case: Case, quote_id: str) -> HTML:
    """An annotated quotation beside the other English renderings its note records, differences marked.

    For English texts whose rival renderings are recorded in the casefile's notes rather than stored
    as sources: each rival is shown with the note's own words saying whose it is.
    """
    from .translation import attribution, compare, rivals_in_notes

    q = case.quote(quote_id)
    source = case.source(q.source)
    rivals = rivals_in_notes(case, quote_id)
    who = case.speaker_name(q.speaker)
    items = [f'<li lang="en"><b>The stored text</b> ({_e(source.outlet)}; source: {_e(source.id)}; confidence '
             f'{_e(_confidence(source))}): “{_e(q.text)}” <small>[reference for the marks below]</small>'
             f'<br><small><i>{_e(attribution(case, q))}</i></small></li>']
    plain = [f"{who}: the stored text ({source.outlet}; source {source.id}): “{q.text}” ({attribution(case, q)})"]
    for r in rivals:
        cmp = compare(q.text, r.text)
        body, text = _marked_words(cmp, "the stored text")
        dropped_html, dropped_text = _dropped(cmp, "the stored text")
        said = cmp.describe("the stored text", "this rendering")
        items.append(f'<li lang="en"><b>Recorded in the note on {_e(q.id)}:</b> “{_e(r.context)}”<br>'
                     f"Marked: “{body}”{dropped_html}<br><small>In words: {_e(said)}</small></li>")
        plain.append(f"- Recorded in the note on {q.id}: “{r.context}”\n  Marked: “{text}”{dropped_text}\n  In words: {said}")
    if not rivals:
        items.append("<li>No other English rendering of these words is recorded in the casefile.</li>")
        plain.append("No other English rendering of these words is recorded in the casefile.")
    caption = f"{who}: one passage, several English renderings"
    return HTML(f'<div class="casekit-rivals"><p><b>{_e(caption)}</b></p><ul>{"".join(items)}</ul>'
                "<p><small>[+ …] marks words the stored text does not have; [− …] lists its words a rendering "
                "leaves out.</small></p></div>", f"{caption}\n" + "\n".join(plain))


def translation_questions_table(questions) -> HTML:
    """Translation questions for instructors: id, prompt, the key, and the evidence behind it."""
    rows = [(q.id, q.prompt, q.label_of(q.answer), q.explanation) for q in questions if not q.is_open]
    return table(("question", "prompt", "answer", "why"), rows, caption="Translation questions and their keys")


# --- every party in its own words (lesson 03) ------------------------------------------------


def groups_table(case: Case) -> HTML:
    """The groups the casefile declares, each with its actors in order and its note (with its source)."""
    rows = [(g.title, ", ".join(case.actor(a).name for a in g.actors), g.note) for g in case.groups]
    return table(("group", "actors", "note"), rows, caption="The parties, as this case groups them")


def own_quotes(case: Case, actor_id: str, limit: int = 3, skip: Sequence[str] = ()) -> list[Quote]:
    """A few of an actor's own quotations: its speaker is the actor or one of its people.

    Only quotations from sources not graded C, neither disputed nor headlines nor an outlet's analysis,
    and not among ``skip`` (quote ids, e.g. those a stance already shows) nor renderings of the same
    passage. English texts come first (the speaker's, or a published rendering's), then by date, taking
    from the source quoted least so far; a passage comes once (one rendering of an original, not several).
    """
    shown = {case.quote(i).renders or i for i in skip}
    def rank(q: Quote):
        return (date_key(q.date), q.source, q.start)
    candidates = [q for q in case.quotes if case.speaker_actor(q.speaker) == actor_id
                  and case.source(q.source).confidence != "C" and q.kind != "analysis"
                  and not q.disputed and not q.headline]
    out, texts, used = [], {case.quote(i).text for i in skip}, {}
    remaining = sorted(candidates, key=rank)
    while remaining and len(out) < limit:
        # English first; then the next in rank from the source quoted least so far (several texts)
        q = min(remaining, key=lambda c: (bool(case.source(c.source).lang), used.get(c.source, 0), remaining.index(c)))
        remaining.remove(q)
        passage = q.renders or q.id
        if passage in shown or q.text in texts:
            continue
        shown.add(passage)
        texts.add(q.text)
        used[q.source] = used.get(q.source, 0) + 1
        out.append(q)
    return out


def _who(case: Case, q: Quote) -> str:
    """Who a quotation's words are: the speaker, and whose English when they are a translation."""
    from .translation import attribution

    if q.kind == "analysis":
        return f"{case.speaker_name(q.speaker)} (the outlet's own words)"
    source = case.source(q.source)
    return attribution(case, q) + (f", in {source.language or source.lang}" if source.lang else "")


def _quote_facts(case: Case, q: Quote) -> str:
    """Speaker, kind, source, date and the source's grade, for one line of a party's section."""
    source = case.source(q.source)
    where = "headline of " if q.headline else ""
    grade = f"confidence {source.confidence}" if source.confidence else "confidence not graded"
    return f"{_who(case, q)}; {QUOTE_KINDS[q.kind]}; source: {where}{q.source}, {display_date(q.date)}; {grade}"


def _doubts(case: Case, source_ids: Sequence[str]) -> tuple[str, list[str]]:
    """Each source's confidence and doubt, once: markup and lines."""
    lines = [f"{i}: confidence {_confidence(case.source(i))}" for i in source_ids]
    if not lines:
        return "", []
    return ("<details open><summary>Confidence and doubts of these sources</summary><ul>"
            + "".join(f"<li><small>{_e(line)}</small></li>" for line in lines) + "</ul></details>",
            ["Confidence and doubts of these sources:"] + [f"- {line}" for line in lines])


def party_voice(case: Case, actor_id: str, limit: int = 3) -> HTML:
    """One party: its stance(s) on the case's event (position, date, summary, every piece of evidence,
    note), then a few more of its own quotations (``own_quotes``), then the confidence and doubt of
    every source quoted in the section."""
    actor = case.actor(actor_id)
    parts = [f"<h4>{_e(actor.name)}</h4>"]
    plain = [actor.name.upper()]
    sources: list[str] = []
    shown: list[str] = []

    def line_of(q: Quote, text: str) -> tuple[str, str]:
        if q.source not in sources:
            sources.append(q.source)
        lang = f' lang="{_e(case.source(q.source).lang)}" dir="{case.source(q.source).dir}"' \
            if case.source(q.source).lang else ""
        facts = _quote_facts(case, q)
        # the quotation marks stay outside the span, so a right-to-left text is set apart, not its marks
        return f"<li>“<span{lang}>{_e(text)}</span>” <small>({_e(facts)})</small></li>", f"- “{text}” ({facts})"

    stances = [s for s in case.stances if s.actor == actor_id]
    for s in stances:
        lines = []
        for ev in s.evidence:
            if ev.quote:
                shown.append(ev.quote)
                lines.append(line_of(case.quote(ev.quote), ev.text))
            else:
                line = case.describe_evidence(ev)
                lines.append((f"<li>{_e(line)}</li>", f"- {line}"))
        parts.append(f"<p><b>Position: {_e(s.position)}</b> ({_e(display_date(s.date))}). {_e(s.summary)}</p>"
                     "<p>Evidence:</p><ul>" + "".join(m for m, _ in lines) + "</ul>"
                     + (f"<p><i>Note:</i> {_e(s.note)}</p>" if s.note else ""))
        plain.append(f"Position: {s.position} ({display_date(s.date)}). {' '.join(s.summary.split())}")
        plain += ["Evidence:"] + [t for _, t in lines]
        if s.note:
            plain.append(f"Note: {' '.join(s.note.split())}")
    if not stances:
        parts.append(f"<p>The casefile records no position of {_e(actor.name)} on {_e(case.event_name)}.</p>")
        plain.append(f"The casefile records no position of {actor.name} on {case.event_name}.")
    quotes = own_quotes(case, actor_id, limit, skip=shown)
    heading = "More in its own words (from sources not graded C)"
    if quotes:
        lines = [line_of(q, q.text) for q in quotes]
        parts.append(f"<p><b>{_e(heading)}</b></p><ul>" + "".join(m for m, _ in lines) + "</ul>")
        plain += [heading + ":"] + [t for _, t in lines]
    else:
        graded_c = sum(1 for q in case.quotes if case.speaker_actor(q.speaker) == actor_id
                       and case.source(q.source).confidence == "C" and q.id not in shown)
        why = ("no other quotation of its own is stored in a source not graded C"
               + (f" ({graded_c} more are in sources graded C)." if graded_c else "."))
        parts.append(f"<p><b>More in its own words:</b> {_e(why)}</p>")
        plain.append(f"More in its own words: {why}")
    doubts_html, doubts_text = _doubts(case, sources)
    parts.append(doubts_html)
    plain += doubts_text
    return HTML(f'<section class="casekit-party" data-actor="{_e(actor_id)}">{"".join(parts)}</section>',
                "\n".join(plain))


def group_voices(case: Case, group_id: str, limit: int = 3) -> HTML:
    """Every party of one group (as case.yaml declares it), each with ``party_voice``."""
    group = next((g for g in case.groups if g.id == group_id), None)
    if group is None:
        raise ValueError(f"no group {group_id!r} in the casefile; its groups: {', '.join(g.id for g in case.groups)}")
    voices = [party_voice(case, a, limit) for a in group.actors]
    note = f"<p>{_e(group.note)}</p>" if group.note else ""
    return HTML(f'<div class="casekit-group"><p><b>{_e(group.title)}</b></p>{note}{"".join(voices)}</div>',
                "\n\n".join([group.title.upper() + (f"\n{group.note}" if group.note else "")] + [v.text for v in voices]))


# --- whose words a relation rests on (lesson 04) ---------------------------------------------

OWN_WORDS = "the party's own words"
OTHER_PARTY = "the other party's words"
THIRD_PARTY = "a third party's report"
FACT_SHEET_EVENT = "a dated event from the fact sheet"
SOURCE_EVENT = "a dated event from a source"
SPAN_ONLY = "a passage of a source (no speaker annotated)"
VOICES = (OWN_WORDS, OTHER_PARTY, THIRD_PARTY, FACT_SHEET_EVENT, SOURCE_EVENT, SPAN_ONLY)


def speaks_for(case: Case, speaker: str, actor_id: str) -> bool:
    """True when a speaker belongs to an actor: the actor, one of its people, or a joint actor it is a member of."""
    spoken_for = case.speaker_actor(speaker)
    return spoken_for == actor_id or actor_id in case.actor(spoken_for).members


def evidence_voice(case: Case, relation, ev: Evidence) -> str:
    """Whose word a piece of a relation's evidence is: the acting party's own words, the other party's,
    a third party's report, or a dated event (from the fact sheet, or from a source)."""
    if ev.event:
        return FACT_SHEET_EVENT if case.event(ev.event).citation else SOURCE_EVENT
    if not ev.quote:
        return SPAN_ONLY
    speaker = case.quote(ev.quote).speaker
    if speaks_for(case, speaker, relation.actor):
        return OWN_WORDS
    if speaks_for(case, speaker, relation.other):
        return OTHER_PARTY
    return THIRD_PARTY


def relation_grounds(case: Case) -> dict[str, tuple[str, ...]]:
    """For each relation (by id), the kinds of evidence it rests on, each once, in the order of VOICES."""
    out = {}
    for r in case.relations:
        found = {evidence_voice(case, r, ev) for ev in r.evidence}
        out[r.id] = tuple(v for v in VOICES if v in found)
    return out


def _own_words_graded(case: Case, relation) -> str:
    """Whether the party's own words in a relation's evidence include a source not graded C."""
    own = [case.source(case.quote(ev.quote).source) for ev in relation.evidence
           if ev.quote and evidence_voice(case, relation, ev) == OWN_WORDS]
    if not own:
        return "none"
    return "yes" if any(s.confidence != "C" for s in own) else "only in sources graded C"


def relation_grounds_table(case: Case) -> HTML:
    """Each relation with the kinds of evidence it rests on, and whether its own words stand on a
    source not graded C."""
    grounds = relation_grounds(case)
    rows = [(r.id, case.actor(r.actor).name, r.type, case.actor(r.other).name, display_date(r.date),
             "; ".join(grounds[r.id]), _own_words_graded(case, r)) for r in case.relations]
    return table(("id", "actor", "relation", "other", "date", "rests on",
                  "the party's own words, from a source not graded C?"), rows,
                 caption="Which relations rest on a party's own words, and which on another's report")


def relation_evidence_table(case: Case, relation_ids: Sequence[str] = ()) -> HTML:
    """Each piece of evidence of the relations (or of those named): whose words it is, who speaks
    (and in whose English), the kind of text, and its source's confidence."""
    rows = []
    for r in case.relations:
        if relation_ids and r.id not in relation_ids:
            continue
        for ev in r.evidence:
            voice = evidence_voice(case, r, ev)
            if ev.quote:
                q = case.quote(ev.quote)
                source = case.source(q.source)
                speaker = _who(case, q)
                spoken_for = case.actor(case.speaker_actor(q.speaker))
                if spoken_for.members and voice != THIRD_PARTY:
                    speaker += f" (jointly: {', '.join(case.actor(m).name for m in spoken_for.members)})"
                rows.append((r.id, voice, f"“{ev.text}”", speaker, QUOTE_KINDS[q.kind],
                             f"{q.source} (confidence {_confidence(source)})"))
            elif ev.event:
                e = case.event(ev.event)
                rows.append((r.id, voice, f"{display_date(e.date)}: {e.title}", "", "dated event", e.cited))
            else:
                rows.append((r.id, voice, f"“{ev.text}”", "", "passage", ev.source))
    return table(("relation", "whose words", "evidence", "speaker", "kind", "source"), rows,
                 caption="The evidence of each relation, and whose words it is")
