"""HTML views of a case for notebooks: tables, the reading view, evidence. No widgets, no IPython.

Each function returns an ``HTML``: a string holding the markup, which Jupyter displays. Its plain
text is derived from that markup (``htmltext``): ``repr()``, which a console or a notebook's
text/plain output shows, and ``.text`` give that text; ``print()`` shows the markup itself.
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Optional, Sequence

from .htmltext import html_to_text
from .model import PRESENTATIONS, Case, Evidence, Quote, date_in, date_key, date_span, display_date, text_direction
from .prose import cite, definite, plain_words, plural, possessive
from .style import FOCUS_STYLE, KIND_BORDER, TINTS


class HTML(str):
    """Markup, as a string: Jupyter displays it (``_repr_html_``), and ``print()`` shows it as it is.

    ``text`` is its plain text, derived from the markup (``htmltext.html_to_text``) when it is first
    read, unless one is given; ``repr()`` (a console, a notebook's text/plain output) is that text.
    """

    def __new__(cls, markup: str, text: Optional[str] = None):
        obj = super().__new__(cls, markup)
        obj._text = text or None  # derived from the markup when first read
        return obj

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = html_to_text(self)
        return self._text

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


_RTL_RUN = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc][\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\s\u200c\u200d]*")


def _cell(value: object) -> str:
    """A table cell's markup: text escaped; a ``Lang`` in a span with its language and direction;
    a tuple of parts (some ``Lang``) joined."""
    if isinstance(value, tuple):
        return "".join(_cell(v) for v in value)
    if isinstance(value, Lang) and value.lang:
        return f"<span{_lang_attrs(value.lang)}>{_e(value)}</span>"
    if isinstance(value, str) and not isinstance(value, Lang):
        # a description or an outlet: no working vocabulary; quotations are Lang. A run of right-to-left
        # script (a name written in Arabic script, say) is isolated and laid out right to left; no
        # language is claimed for it, since a script does not tell which language it is.
        return _RTL_RUN.sub(lambda m: f'<bdi dir="rtl">{m.group(0).rstrip()}</bdi>' + m.group(0)[len(m.group(0).rstrip()):],
                            _e(plain_words(value)))
    return _e(value)


def _plain(value: object) -> str:
    if isinstance(value, tuple):
        return "".join(_plain(v) for v in value)
    if isinstance(value, str) and not isinstance(value, Lang):
        return plain_words(value)  # as ``_cell``: descriptions in plain words, quotations (Lang) as written
    return str(value)


def scroll_region(inner: str, label: str, cls: str = "") -> str:
    """Markup in a scroll region the keyboard can reach (tabindex=0) and a screen reader names
    (role=region, aria-label), with the package's focus outline."""
    return (f"{FOCUS_STYLE}<div class='casekit-scroll{' ' + cls if cls else ''}' role='region' tabindex='0' "
            f"aria-label='{_e(label)}' style='overflow-x:auto;max-width:100%'>{inner}</div>")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], caption: str = "") -> HTML:
    """A plain, accessible HTML table (with a caption and header cells); as text, a row a line.

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
    return HTML(markup)


def noted_table(headers: Sequence[str], rows: Iterable[Sequence[object]], notes: Sequence[str],
                caption: str = "") -> HTML:
    """A table of at most four columns whose doubts and notes are footnotes: a row with a note ends
    in [n], and the notes are listed under the table. Rows with no text at all are left out."""
    if len(headers) > 4:
        raise ValueError(f"a table for students has at most four columns, not {len(headers)}: {headers}")
    kept, footnotes = [], []
    for row, note in zip(rows, notes):
        row = list(row)
        if not any(_plain(c).strip() for c in row):
            continue
        if note and note.strip():
            footnotes.append(" ".join(note.split()))
            last = row[-1]
            row[-1] = (last if isinstance(last, tuple) else (last,)) + (f" [{len(footnotes)}]",)
        kept.append(row)
    t = table(headers, kept, caption)
    if not footnotes:
        return t
    items = "".join(f"<li value='{i}'><small>{_e(plain_words(n))}</small></li>" for i, n in enumerate(footnotes, 1))
    return HTML(str(t) + f"<ol style='text-align:left'>{items}</ol>")


def _document_name(case: Case, source_id: str) -> str:
    s = case.source(source_id)
    return f"{plain_note(s.outlet)}, {_long_date(s.published)}"


def sources_table(case: Case) -> HTML:
    """Every source with its provenance."""
    rows = [(s.id, Lang(s.title, title_lang(s)), plain_note(s.outlet), display_date(s.published), s.author or "not given", s.kind, s.rights, s.url,
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
        return ("“", _in(case, ev.source, ev.text), plain_cite(case, line[1 + len(ev.text):]))
    if ev.text and line.startswith("“" + ev.text):
        return ("“" + ev.text + plain_cite(case, line[1 + len(ev.text):]),)
    return (plain_cite(case, line),)


def plain_note(text: str) -> str:
    """A note of the case as students read it (see ``prose.plain_words``)."""
    return plain_words(text)


def plain_cite(case: Case, text: str) -> str:
    """A citation as students read it: a document named by its publisher and date, not by its key."""
    return cite(case, text)


def _confidence(source, case: Optional[Case] = None) -> str:
    """A source's confidence grade and doubt, as students see it beside the source."""
    if not source.confidence:
        return "no grade set"
    doubt = plain_cite(case, source.doubt) if case else plain_note(source.doubt)
    return f"{source.confidence}: {doubt}" if source.doubt else source.confidence


def people_table(case: Case) -> HTML:
    """Every person, with the title they held at the time and its source."""
    rows = [(p.name, p.title, case.actor(p.actor).name, plain_cite(case, p.title_source)) for p in case.people]
    return table(("person", "title at the time", "speaks for", "source of the title"), rows,
                 caption=f"People in the case (titles as of {case.titles_as_of})" if case.titles_as_of
                 else "People in the case, with the titles they held at the time")


def events_table(case: Case, start: str = "", end: str = "9999", ids: Sequence[str] = (),
                 actor: str = "", caption: str = "Events") -> HTML:
    """Events (between two ISO dates, or by id, or by actor), each with its status and source."""
    events = [e for e in case.events
              if date_in(e.date, start, end) and (not ids or e.id in ids) and (not actor or actor in e.actors)]
    rows = [(display_date(e.date), e.title, e.status, plain_cite(case, e.cited)) for e in events]
    return noted_table(("date", "event", "status", "source"), rows,
                       [plain_cite(case, e.note) if e.note else "" for e in events], caption=caption)


def actors_table(case: Case) -> HTML:
    """Every actor, with what it is and where that description comes from."""
    rows = [(a.name, a.kind, plain_cite(case, a.description or ""), plain_cite(case, a.source)) for a in case.actors]
    return table(("actor", "kind", "description", "source"), rows, caption="Actors in the case")


def quotes_matching(case: Case, words: Sequence[str], caption: str = "") -> HTML:
    """Every annotated quotation containing any of the words, with its speaker, kind, date and source."""
    found = case.quotes_with_words(words)  # whole words, case as written
    rows = [(_in(case, q.source, q.text), _speaker_and_rendering(case, q), q.description,
             _document_name(case, q.source))
            for q in sorted(found, key=lambda q: (date_key(q.date), q.source, q.start))]
    return table(("quotation", "speaker", "kind", "document"), rows,
                 caption=caption or "Quotations containing: " + ", ".join(f"“{w}”" for w in words))


def _speaker_and_rendering(case: Case, q: Quote) -> str:
    """The speaker, and whose rendering the words are when they are a translator's (with its doubt)."""
    whose = "" if q.outlet_own else plain_note(case.rendering(q.source, q))
    return _speaker_with_actor(case, q.speaker) + (f"; {whose}" if whose else "")


def _speaker_with_actor(case: Case, speaker: str) -> str:
    actor = case.speaker_actor(speaker)
    if actor == speaker:
        return f"{case.speaker_name(speaker)} (institution)"
    return f"{case.speaker_name(speaker)}, {case.speaker_capacity(speaker)} ({case.actor(actor).name})"


def speaks_as(case: Case, q: Quote) -> str:
    """One rule for every text of a kind: an official statement is an institution's, whoever signs it."""
    if q.genre == "statement":
        return "institution (official statement)"
    if q.outlet_own:
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
    items = "".join(f"<li><b>{_e(n.topic)}.</b> {_e(plain_cite(case, n.text))} <i>({_e(_document_name(case, n.source))})</i></li>"
                    for n in notes)
    return HTML(f"<ul>{items}</ul>")


def reporting_chains(case: Case) -> HTML:
    """Each reporting chain of the case: its title, then its steps in order."""
    markup = "".join(f"<p><b>{_e(c.title)}</b></p><ol>" + "".join(f"<li>{_e(step)}</li>" for step in c.steps)
                     + "</ol>" for c in case.reporting_chains)
    return HTML(markup)


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
    parts = []
    for i, ch in enumerate(text + "\0"):
        for q in closes.get(i, []):
            # where each highlight ends, in words as well as by the end of its tint
            parts.append(f'<b class="casekit-label"{en}> [end {labels[q.speaker][0]}]</b></mark>')
        if analysis_at is not None and i == analysis_at:
            parts.append('<div class="casekit-analysis" style="border:2px dashed #555;padding:0.5em;margin-top:0.5em">'
                         f'<div role="heading" aria-level="4" style="font-weight:bold"{en}>The outlet\'s own '
                         f'analysis (from &quot;{_e(source.analysis_marker)}&quot; on)</div>')
        for q in opens.get(i, []):
            label, tint = labels[q.speaker]
            title = f"{case.speaker_name(q.speaker)}: {q.description} ({q.id})"
            disputed = ""
            if q.disputed:
                title += f". Attribution disputed: {q.disputed}"
                disputed = " · attribution disputed"
            # the speaker is named in the label itself, not only in the tooltip
            parts.append(f'<mark data-quote="{_e(q.id)}" title="{_e(title)}" style="background:{tint};color:#000;'
                         f'border-bottom:{KIND_BORDER[q.presentation]} #000;padding:0 1px">'
                         f'<b class="casekit-label"{en}>[{label} · {_e(case.speaker_name(q.speaker))} · '
                         f'{_e(q.description)}{disputed}]</b> ')
        if ch == "\0":
            break
        if ch == "\n":
            parts.append("<br>")
        else:
            parts.append(_e(ch))
    if analysis_at is not None:
        parts.append("</div>")
    legend_rows = []
    for speaker, (label, tint) in labels.items():
        legend_rows.append(f'<li><span style="background:{tint};padding:0 4px"><b>[{label}]</b></span> '
                           f'{_e(case.speaker_name(speaker))} ({_e(case.speaker_capacity(speaker))})</li>')
    kinds = "".join(f'<li><span style="border-bottom:{KIND_BORDER[k]} #000">{_e(v)}</span></li>'
                    for k, v in PRESENTATIONS.items())
    legend = (f'<div class="casekit-legend"><b>Speakers</b><ul>{"".join(legend_rows)}</ul>'
              f'<b>How the words are presented</b> (underline; the label also says what kind of text)<ul>{kinds}</ul></div>')
    lang = f' lang="{_e(source.lang)}" dir="{source.dir}"' if source.lang else ""
    confidence = (f"<br><span class='casekit-confidence'><b>Confidence {_e(source.confidence)}</b>"
                  f"{': ' + _e(source.doubt) if source.doubt else ''}</span>") if source.confidence else ""
    head = (f"<p><b{_lang_attrs(title_lang(source))}>{_e(source.title)}</b><br>{_e(plain_note(source.outlet))}, {_e(display_date(source.published))}. "
            f"<a href='{_e(source.url)}'>{_e(source.url)}</a><br><i>{_e(source.rights)}</i>{confidence}</p>")
    markup = (f'<div class="casekit-reading">{head}{legend}'
              f'<div style="line-height:1.7"{lang}>{"".join(parts)}</div></div>')
    return HTML(markup)


def quotes_table(case: Case, source_id: Optional[str] = None) -> HTML:
    """The annotations of a source (or all): speaker, capacity, kind, cue, date."""
    quotes = case.quotes_in(source_id) if source_id else case.quotes
    rows = [((_in(case, q.source, q.text if len(q.text) < 120 else q.text[:117] + "..."),
              (" [in the headline]" if q.headline else "")),
             f"{case.speaker_name(q.speaker)}, {case.speaker_capacity(q.speaker)}".rstrip(", ")
             + ("" if q.outlet_own or not case.rendering(q.source, q) else f" ({plain_note(case.rendering(q.source, q))})"),
             f"{q.description}; attributing words: {q.cue or '(none)'}", display_date(q.date)) for q in quotes]
    return noted_table(("text", "speaker", "kind and attributing words", "date"), rows,
                       [f"Attribution disputed: {plain_cite(case, q.disputed)}" if q.disputed else "" for q in quotes],
                       caption="Who said what, and how the document attributes it")


def terms_table(case: Case, source_id: Optional[str] = None) -> HTML:
    """Loaded words: who used each, what it means, and whether the outlet adopts it; notes as footnotes."""
    rows, notes = [], []
    for t in case.terms:
        q = case.quote(t.quote)
        if source_id and q.source != source_id:
            continue
        outlet = ("yes: the outlet uses it in its own voice" if t.adopted_by_outlet
                  else "no: it reports the words, attributed")
        rows.append((("“", _in(case, q.source, t.text), "”"), _speaker_and_rendering(case, q), t.gloss, outlet))
        notes.append(plain_cite(case, t.note or ""))
    return noted_table(("words", "used by", "what they refer to", "adopted by the outlet?"), rows, notes,
                       caption="Loaded words, and whose they are")


def evidence_html(case: Case, evidence: Sequence[Evidence]) -> HTML:
    """Evidence as quoted lines, each naming its speaker and its source."""
    lines = [_evidence_cell(case, ev) for ev in evidence]
    return HTML("<ul>" + "".join(f"<li>{_cell(line)}</li>" for line in lines) + "</ul>")


def stances_table(case: Case) -> HTML:
    """Each actor's position on the case's event, with its date and first piece of evidence."""
    rows = [(case.actor(s.actor).name, f"{s.position} ({display_date(s.date)})", s.summary,
             _evidence_cell(case, s.evidence[0])) for s in case.stances]
    return noted_table(("actor", "position (date)", "summary", "evidence"), rows,
                       [plain_cite(case, s.note) for s in case.stances], caption=f"Positions on {case.event_name}")


def relations_table(case: Case, period: Optional[str] = None) -> HTML:
    """Each relation between actors (of one period, by id, or of the whole case): its date, type
    (verbal or material; cooperation or conflict), how strongly the evidence shows it, and whether it
    is only a stated intent; what it rests on as a note."""
    relations = case.relations_in(period)
    rows = [(_relation_name(case, r),
             f"{display_date(r.date)}; " + ("stated intention" if r.intent else "reported")
             + ("; a remark in passing" if r.strength == "passing" else ""),
             r.summary) for r in relations]
    caption = "Relations between actors" + (f", {case.period(period).label}" if period else "")
    return noted_table(("relation", "date; status", "summary"), rows,
                       [plain_cite(case, r.note) for r in relations], caption=caption)


def _relation_name(case: Case, r) -> str:
    """A relation as a short phrase: "Iran toward Israel: verbal conflict (low intensity)"."""
    actor = definite(case.actor(r.actor).name)
    return (f"{actor[:1].upper()}{actor[1:]} toward {definite(case.actor(r.other).name)}: {r.quad}"
            + (f" ({r.intensity} intensity)" if r.intensity else ""))


def norms_table(case: Case) -> HTML:
    """The norms actors stated on the issue (sovereignty, territorial integrity, dialogue, ...): what,
    about whom and when, a summary and the first evidence; notes as footnotes."""
    rows = [(case.actor(n.actor).name,
             f"{', '.join(n.labels)}; about {definite(case.actor(n.about).name)} ({display_date(n.date)})",
             n.summary, _evidence_cell(case, n.evidence[0])) for n in case.norms]
    return noted_table(("actor", "norms stated (date)", "summary", "evidence"), rows,
                       [plain_cite(case, n.note) for n in case.norms], caption=f"Norms stated on {case.event_name}")


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


def _marked_words(comparison, ref_name: str) -> str:
    """B's text as HTML, with the words the reference lacks marked in words: ``<ins>`` with a
    bracketed label, so that the text reads ``[+ ...]``."""
    from .translation import words

    text, wb = comparison.b, words(comparison.b)
    marks = [(wb[c.b_words[0]].start, wb[c.b_words[1] - 1].end) for c in comparison.changes if c.b]
    html_parts, at = [], 0
    label = f"not in {ref_name}'s rendering"
    for start, end in marks:
        html_parts.append(_e(text[at:start]))
        html_parts.append(f'<ins class="casekit-diff" title="{_e(label)}" style="text-decoration:underline;'
                          f'background:#FBE3B3"><span class="casekit-diff-label">[+</span>{_e(text[start:end])}'
                          f'<span class="casekit-diff-label">]</span></ins>')
        at = end
    html_parts.append(_e(text[at:]))
    return "".join(html_parts)


def _dropped(comparison, ref_name: str) -> str:
    """What B leaves out of the reference, in words: a ``<del>`` list with a label."""
    gone = [c.a for c in comparison.changes if c.op == "drop"]
    if not gone:
        return ""
    items = "; ".join(f"<del>“{_e(g)}”</del>" for g in gone)
    return f"<br><small class='casekit-diff-dropped'>[− leaves out, compared with {_e(ref_name)}: {items}]</small>"


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
    name = {s.id: plain_note(s.translated_by) for s in columns}
    short = {s.id: s.translated_by.split(" (")[0] for s in columns}
    head = (f'<th scope="col" style="text-align:left">Original ({_e(original.language or lang or "not given")})</th>'
            + "".join(f'<th scope="col" style="text-align:left;vertical-align:top" lang="en">{_e(name[s.id])}<br>'
                      f'<small>{_e(_long_date(s.published))}</small><br><small class="casekit-confidence" style="font-weight:normal">'
                      f'Confidence {_e(_confidence(s, case))}</small></th>' for s in columns))
    rows = []
    for q in case.quotes_in(source_id):
        if q.headline:
            continue
        p = by_original.get(q.id)
        cells = [f'<th scope="row" style="text-align:{"right" if original.dir == "rtl" else "left"};'
                 f'vertical-align:top;font-weight:normal"{lang_attr}>{_e(q.text)}</th>']
        renderings = p.renderings if p else ()
        trusted = [r for r in renderings if case.source(r.source).confidence != "C"]
        ref = (trusted or list(renderings) or [None])[0]
        for s in columns:
            mine = [r for r in renderings if r.source == s.id]
            if not mine:
                cells.append('<td style="vertical-align:top" lang="en"><i>no rendering of this passage is held here</i></td>')
                continue
            parts = []
            for r in mine:
                line = _e(plain_note(attribution(case, r)))
                if r is ref or ref is None:
                    body = _e(r.text)
                    extra = ("<br><small>[reference for the marks in this row]</small>"
                             if len(renderings) > 1 else "")
                    said = ""
                else:
                    cmp = compare(ref.text, r.text)
                    body = _marked_words(cmp, short[ref.source])
                    extra = _dropped(cmp, short[ref.source])
                    said = cmp.describe(short[ref.source], short[s.id])
                disputed = f"<br><b>[attribution disputed]</b> {_e(r.disputed)}" if r.disputed else ""
                parts.append(f'<div data-quote="{_e(r.id)}">“{body}”{extra}'
                             + (f"<br><small>In words: {_e(said)}</small>" if said else "")
                             + f"{disputed}<br><small><i>{line}</i></small></div>")
            cells.append('<td style="vertical-align:top" lang="en" dir="ltr">' + "<hr>".join(parts) + "</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    legend_items = [f"<li><b>Original</b> ({_e(plain_note(original.outlet))}, "
                    f"{_e(_long_date(original.published))}): confidence {_e(_confidence(original, case))}</li>"]
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
    return HTML(markup)


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
    items = [f'<li lang="en"><b>The text held here</b> ({_e(plain_note(source.outlet))}, {_e(_long_date(source.published))}; confidence '
             f'{_e(_confidence(source, case))}): “{_e(q.text)}” <small>[reference for the marks below]</small>'
             f'<br><small><i>{_e(plain_note(attribution(case, q)))}</i></small></li>']
    for r in rivals:
        cmp = compare(q.text, r.text)
        said = cmp.describe("the text held here", "this rendering")
        items.append(f'<li lang="en"><b>Recorded in the note on this passage:</b> “{_e(r.context)}”<br>'
                     f"Marked: “{_marked_words(cmp, 'the text held here')}”{_dropped(cmp, 'the text held here')}"
                     f"<br><small>In words: {_e(said)}</small></li>")
    if not rivals:
        items.append("<li>No other English rendering of these words is recorded in the case.</li>")
    caption = f"{who}: one passage, several English renderings"
    return HTML(f'<div class="casekit-rivals"><p><b>{_e(caption)}</b></p><ul>{"".join(items)}</ul>'
                "<p><small>[+ …] marks words the text held here does not have; [− …] lists its words a rendering "
                "leaves out.</small></p></div>")


def translation_questions_table(questions) -> HTML:
    """Translation questions for instructors: id, prompt, the key, and the evidence behind it."""
    rows = [(q.id, q.prompt, q.label_of(q.answer), q.explanation) for q in questions if not q.is_open]
    return table(("question", "prompt", "answer", "why"), rows, caption="Translation questions and their keys")


# --- every party in its own words (lesson 03) ------------------------------------------------


def groups_table(case: Case) -> HTML:
    """The groups the casefile declares, each with its actors in order and its note (with its source)."""
    rows = [(g.title, ", ".join(case.actor(a).name for a in g.actors), plain_cite(case, g.note)) for g in case.groups]
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
                  and not case.unverified(q.source, q) and not q.outlet_own
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

    if q.outlet_own:
        return f"{case.speaker_name(q.speaker)} (the outlet's own words)"
    source = case.source(q.source)
    return plain_note(attribution(case, q)) + (f", in {source.language or source.lang}" if source.lang else "")


def _quote_facts(case: Case, q: Quote) -> str:
    """Speaker, kind, source, date and the source's grade, for one line of a party's section."""
    source = case.source(q.source)
    where = "headline of " if q.headline else ""
    grade = f"graded {source.confidence}" if source.confidence else "no grade set"
    return f"{_who(case, q)}; {q.description}; in {where}{plain_note(source.outlet)}, {display_date(q.date)}; {grade}"


def _doubts(case: Case, source_ids: Sequence[str]) -> str:
    """Each source's confidence and doubt, once."""
    lines = [f"{plain_note(case.source(i).outlet)}, {_long_date(case.source(i).published)}: "
             f"{'graded ' if case.source(i).confidence else ''}{_confidence(case.source(i), case)}" for i in source_ids]
    if not lines:
        return ""
    return ("<details open><summary>Confidence and doubts of these sources</summary><ul>"
            + "".join(f"<li><small>{_e(line)}</small></li>" for line in lines) + "</ul></details>")


def party_voice(case: Case, actor_id: str, limit: int = 3) -> HTML:
    """One party: its stance(s) on the case's event (position, date, summary, every piece of evidence,
    note), then a few more of its own quotations (``own_quotes``), then the confidence and doubt of
    every source quoted in the section."""
    actor = case.actor(actor_id)
    parts = [f"<h4>{_e(actor.name)}</h4>"]
    sources: list[str] = []
    shown: list[str] = []

    def line_of(q: Quote, text: str) -> str:
        if q.source not in sources:
            sources.append(q.source)
        lang = f' lang="{_e(case.source(q.source).lang)}" dir="{case.source(q.source).dir}"' \
            if case.source(q.source).lang else ""
        facts = _quote_facts(case, q)
        # the quotation marks stay outside the span, so a right-to-left text is set apart, not its marks
        return f"<li>“<span{lang}>{_e(text)}</span>” <small>({_e(facts)})</small></li>"

    stances = [s for s in case.stances if s.actor == actor_id]
    for s in stances:
        lines = []
        for ev in s.evidence:
            if ev.quote:
                shown.append(ev.quote)
                lines.append(line_of(case.quote(ev.quote), ev.text))
            else:
                lines.append(f"<li>{_e(plain_cite(case, case.describe_evidence(ev)))}</li>")
        parts.append(f"<p><b>Position: {_e(s.position)}</b> ({_e(display_date(s.date))}). {_e(plain_cite(case, s.summary))}</p>"
                     "<p>Evidence:</p><ul>" + "".join(lines) + "</ul>"
                     + (f"<p><i>Note:</i> {_e(plain_cite(case, s.note))}</p>" if s.note else ""))
    if not stances:
        parts.append(f"<p>The case records no position of {_e(actor.name)} on {_e(case.event_name)}.</p>")
    quotes = own_quotes(case, actor_id, limit, skip=shown)
    heading = "More in its own words (from sources not graded C)"
    if quotes:
        parts.append(f"<p><b>{_e(heading)}</b></p><ul>" + "".join(line_of(q, q.text) for q in quotes) + "</ul>")
    else:
        graded_c = sum(1 for q in case.quotes if case.speaker_actor(q.speaker) == actor_id
                       and case.source(q.source).confidence == "C" and q.id not in shown)
        why = ("no other quotation of its own is held here in a source not graded C"
               + (f" ({graded_c} more are in sources graded C)." if graded_c else "."))
        parts.append(f"<p><b>More in its own words:</b> {_e(why)}</p>")
    parts.append(_doubts(case, sources))
    return HTML(f'<section class="casekit-party" data-actor="{_e(actor_id)}">{"".join(parts)}</section>')


def group_voices(case: Case, group_id: str, limit: int = 3) -> HTML:
    """Every party of one group (as case.yaml declares it), each with ``party_voice``."""
    group = next((g for g in case.groups if g.id == group_id), None)
    if group is None:
        raise ValueError(f"no group {group_id!r} in the casefile; its groups: {', '.join(g.id for g in case.groups)}")
    voices = [party_voice(case, a, limit) for a in group.actors]
    note = f"<p>{_e(plain_cite(case, group.note))}</p>" if group.note else ""
    return HTML(f'<div class="casekit-group"><p><b>{_e(group.title)}</b></p>{note}{"".join(voices)}</div>')


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
    rows = [(f"{_relation_name(case, r)} ({display_date(r.date)})",
             "; ".join(grounds[r.id]), _own_words_graded(case, r)) for r in case.relations]
    return table(("relation (date)", "rests on", "the party's own words, in a document graded A or B, or without a grade?"), rows,
                 caption="Which relations rest on a party's own words, and which on another's report")


def relation_evidence_table(case: Case, relation_ids: Sequence[str] = ()) -> HTML:
    """Each piece of evidence of the relations (or of those named): whose words it is, who speaks
    (and in whose English), the kind of text, and its source's confidence; doubts as footnotes."""
    rows, notes = [], []
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
                rows.append((_relation_name(case, r), voice, f"“{ev.text}” ({speaker}; {q.description})",
                             f"{_document_name(case, q.source)}; graded {source.confidence}" if source.confidence
                             else f"{_document_name(case, q.source)}; no grade set"))
                notes.append(plain_cite(case, source.doubt))
            elif ev.event:
                e = case.event(ev.event)
                rows.append((_relation_name(case, r), voice, f"{display_date(e.date)}: {e.title} (dated event)",
                             plain_cite(case, e.cited)))
                notes.append("")
            else:
                rows.append((_relation_name(case, r), voice, f"“{ev.text}” (passage)", plain_cite(case, ev.source)))
                notes.append("")
    return noted_table(("relation", "whose words", "evidence", "document"), rows, notes,
                       caption="The evidence of each relation, and whose words it is")


# --- Balance, one period at a time: triads of actors, issue triads, and what became of the unbalanced.

def _listed(heads: Sequence[tuple[str, Sequence[str]]], label: str) -> HTML:
    """Headed lists (a heading, then its items)."""
    markup = "".join(f"<p style='text-align:left;margin-bottom:0'><strong>{_e(h)}</strong></p>"
                     + ("<ul style='text-align:left;margin-top:0'>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"
                        if items else "") for h, items in heads)
    return HTML(f"<div role='group' aria-label='{_e(label)}'>{markup}</div>")


def triads_view(case: Case, issue: bool = False, unbalanced: bool = False) -> HTML:
    """Per period, its triads of actors (relations the evidence shows explicitly) or, with ``issue``,
    its issue triads (remarks in passing included, and said so), each in words with its verdict; with
    ``unbalanced``, only those not balanced in the strict sense."""
    from .alliances import case_signs, describe_issue_triad, describe_triad, issue_triads, triads

    heads = []
    for p in case.periods:
        if issue:
            found = [(t, describe_issue_triad(case, t)) for t in issue_triads(case, p.id, passing=True)]
        else:
            found = [(t, describe_triad(case, t)) for t in triads(case_signs(case, p.id))]
        shown = [d for t, d in found if not (unbalanced and t.balanced)]
        kind = "issue triad" if issue else "triad"
        if unbalanced:
            count = f"{len(shown)} of {plural(len(found), kind)} not balanced in the strict sense"
        else:
            count = plural(len(found), kind) if found else f"no {kind}"
        heads.append((f"{p.label}: {count}", shown))
    return _listed(heads, "Issue triads by period" if issue else "Triads by period")


CHANGE_WORDS = {"resolved": "resolved", "persists": "still unbalanced",
                "not-stated": "not observed (a relation is not stated in the next period)"}


def changes_view(case: Case) -> HTML:
    """For each period and the next, what became of every triad (of actors, or issue triad) that was
    not balanced in the strict sense: resolved and how, still unbalanced, or not observed."""
    from .alliances import changes

    heads = []
    for before, after in zip(case.periods, case.periods[1:]):
        items = [f"{' and '.join(case.actor(a).name for a in c.triad.actors)}: {CHANGE_WORDS.get(c.outcome, c.outcome)}: "
                 f"{c.how}" for c in changes(case, before.id, after.id)]
        head = f"{before.title}, then {after.title[:1].lower()}{after.title[1:]}"
        heads.append((head + ("" if items else f": every triad was balanced {before.title[:1].lower()}{before.title[1:]}"), items))
    return _listed(heads, "What changed from one period to the next")


# --- Headnotes and folds: a lesson shows a few documents, each introduced; the rest is folded away.

CONFIDENCE_IN_WORDS = {
    "A": "we are most sure of the exact wording",
    "B": "we are fairly sure of the exact wording",
    "C": "we are least sure of the exact wording: read the doubt before you rely on the words",
    "": "no grade is set: read the note on the source",
}
CONFIDENCE_EXPLAINED = (
    "A grade of A, B or C says how sure we are of the exact wording of a document (A most sure, "
    "C least sure), not whether what the words claim is true. A document without a grade has no "
    "grade set yet: read its note.")


def folded(content: object, summary: str) -> HTML:
    """Content inside a ``<details>`` closed by default: one line to read, the rest on demand."""
    inner = str(content) if isinstance(content, HTML) else f"<pre>{_e(content)}</pre>"
    return HTML(f"<details><summary>{_e(summary)}</summary>{inner}</details>")


def _office(case: Case, speaker: str) -> str:
    actor = case.speaker_actor(speaker)
    name = case.speaker_name(speaker)
    if actor == speaker:
        return name
    capacity = case.speaker_capacity(speaker)
    return f"{name}, {capacity}" if capacity else name


def _speakers(case: Case, source_id: str) -> list[str]:
    """Who speaks in a document, most quoted first; the outlet's own narration is left out."""
    counts: dict[str, int] = {}
    for q in case.quotes_in(source_id):
        if not q.outlet_own:
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
    return sorted(counts, key=lambda s: -counts[s])


def whose_english(case: Case, source) -> str:
    """Whose English a document is, in words."""
    from .translation import own_english

    if source.translation_of:
        original = case.source(source.translation_of)
        language = original.language or original.lang or "another language"
        if own_english(case, source):
            return f"the speaker's own office published this English ({plain_note(source.translated_by)}); the original is in {language}"
        return f"{possessive(plain_note(source.translated_by))} English rendering of the original in {language}"
    if source.lang:
        return f"not English: the original, in {source.language or source.lang}"
    if "translation" in source.kind.lower():
        return f"a translation: the English published by {plain_note(source.outlet)}, not the speaker's own"
    return f"the English published by {plain_note(source.outlet)}"


def headnote(case: Case, source_id: str, speakers: int = 2) -> HTML:
    """A document's headnote: who speaks (office then), date, kind, outlet, whose English, how sure.

    At most four short lines and one footnote; everything is read from the case."""
    source = case.source(source_id)
    who = [_office(case, s) for s in _speakers(case, source_id)[:speakers]]
    more = len(_speakers(case, source_id)) - len(who)
    if more > 0:
        who.append(f"and {more} more")
    sure = f"{source.confidence}: " if source.confidence else ""
    lines = [
        ("Who speaks", "; ".join(who) or plain_note(source.outlet)),
        ("When and what", f"{_long_date(source.published)}; {plain_note(source.kind)}"),
        ("Published by", plain_note(source.outlet)),
        ("Whose English", whose_english(case, source)),
        ("How sure of the wording", sure + CONFIDENCE_IN_WORDS.get(source.confidence, CONFIDENCE_IN_WORDS[""])),
    ]
    note = plain_cite(case, source.doubt)
    title = Lang(source.title, title_lang(source))
    rows = "".join(f"<tr><th scope='row' style='text-align:left;vertical-align:top;padding-right:1em'>{_e(k)}</th>"
                   f"<td style='text-align:left'>{_e(plain_note(v))}{'<sup>1</sup>' if note and k.startswith('How sure') else ''}</td></tr>"
                   for k, v in lines)
    foot = f"<p style='text-align:left'><small><sup>1</sup> {_e(note)}</small></p>" if note else ""
    markup = (f"<div class='casekit-headnote' style='text-align:left;border-left:3px solid #555;padding-left:.75em'>"
              f"<p><strong>Document: {_cell(title)}</strong></p><table>{rows}</table>{foot}</div>")
    return HTML(markup)


def document(case: Case, source_id: str, annotated: bool = False) -> HTML:
    """A document with its headnote: the clean text (or, with ``annotated``, the reading view)."""
    source = case.source(source_id)
    body = reading_view(case, source_id) if annotated else HTML(
        f"<blockquote{_lang_attrs(source.lang)} style='white-space:pre-wrap;text-align:{'right' if source.dir == 'rtl' else 'left'}'>"
        f"{_e(source.text.strip())}</blockquote>")
    return HTML(str(headnote(case, source_id)) + str(body))


def figure(plot, summary: str = "The figure in words, with every source", case: Optional[Case] = None) -> HTML:
    """A figure (an image with its alternative text) and its full description folded under it; as
    text, the alternative text, then the description."""
    description = folded(plain_cite(case, plot.description) if case else plot.description, summary)
    return HTML(plot.html() + str(description))


def confidence_explained() -> HTML:
    """The one plain-words explanation of the grades, for the start of the course and the locker."""
    items = "".join(f"<li><strong>{g}</strong>: {_e(CONFIDENCE_IN_WORDS[g])}</li>" for g in ("A", "B", "C"))
    return HTML(f"<p style='text-align:left'>{_e(CONFIDENCE_EXPLAINED)}</p><ul>{items}</ul>")


def _long_date(date: str) -> str:
    """A day as "1 May 1999"; a month or a missing date as ``display_date`` gives it."""
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        from .model import _MONTHS
        return f"{int(date[8:])} {_MONTHS[int(date[5:7]) - 1]} {date[:4]}"
    return display_date(date)


def documents_table(case: Case) -> HTML:
    """Every document in four columns (title, published by, date, how sure), doubts as footnotes."""
    rows, notes = [], []
    for s in case.sources:
        sure = s.confidence or "no grade set"
        if s.doubt:
            notes.append(plain_cite(case, s.doubt))
            sure += f" [{len(notes)}]"
        rows.append((Lang(s.title, title_lang(s)), plain_note(s.outlet), _long_date(s.published), sure))
    t = table(("document", "published by", "date", "how sure of the wording"), rows,
              caption=f"The {len(case.sources)} documents of the case")
    foot = "".join(f"<li><small>{_e(n)}</small></li>" for n in notes)
    return HTML(str(t) + f"<ol style='text-align:left'>{foot}</ol>")


# --- quotations by party or by date, a few actors, and who names a place how (lessons 01, 03, 05) -


_GRADE_SHORT = {"A": "A (most sure)", "B": "B (fairly sure)", "C": "C (least sure: read the document's doubt)"}


def _grade(source) -> str:
    return _GRADE_SHORT.get(source.confidence, "no grade set")


def quotations(case: Case, quotes: Sequence[Quote], caption: str, english_only: bool = True) -> HTML:
    """Quotations in four columns (words, who said them, where and when, how sure of the wording), in
    date order; with ``english_only`` a text in another language is left to its English renderings.
    Every grade is shown (C too): the grade is beside the words, so a reader can weigh them."""
    chosen = [q for q in quotes if not (english_only and case.source(q.source).lang)]
    chosen.sort(key=lambda q: (date_key(q.date), q.source, q.start))
    rows = [(("“", _in(case, q.source, q.text), "”"), _whose_words(case, q),
             f"{plain_note(case.source(q.source).outlet)}, {_long_date(q.date)}", _grade(case.source(q.source)))
            for q in chosen]
    return table(("words", "whose words", "published by, date", "how sure of the wording"), rows, caption=caption)


def _whose_words(case: Case, q: Quote) -> str:
    """The speaker and office, and whose English the words are when they are a rendering."""
    source = case.source(q.source)
    who = _office(case, q.speaker)
    if source.translation_of and source.translated_by:
        from .translation import own_english

        if own_english(case, source):
            return f"{who}; in the English of the speaker's own office"
        translator = plain_note(source.translated_by).split(" (")[0].strip()
        if translator.lower() in ("not stated", "unknown") or translator.lower().startswith("the original publisher"):
            return f"{who}; in a rendering whose translator is not named"
        translator = re.sub(r" English$", "", translator)
        if translator.lower().startswith("probably "):
            return f"{who}; in what is probably {possessive(translator[len('probably '):])} English"
        return f"{who}; in {possessive(translator)} English"
    if "translation" in source.kind.lower() and "not stated" not in source.kind.lower():
        return f"{who}; in the English of {plain_note(source.outlet).split(' (')[0].split(',')[0]}"
    return who


def actor_quotations(case: Case, actor_ids: Sequence[str], caption: str = "") -> HTML:
    """Every quotation of the given actors' speakers (the actor or one of its people), every grade shown."""
    names = ", ".join(case.actor(a).name for a in actor_ids)
    quotes = [q for q in case.quotes if case.speaker_actor(q.speaker) in actor_ids and not q.outlet_own]
    return quotations(case, quotes, caption or f"In their own words: {names}")


def quotes_on(case: Case, start: str, end: str = "", caption: str = "") -> HTML:
    """Every party's quotations spoken from ``start`` to ``end`` (one day when ``end`` is empty), the outlets'
    own narration left out: each side's words on the same events."""
    end = end or start
    quotes = [q for q in case.quotes if q.date and start <= q.date[:len(start)] and q.date[:len(end)] <= end
              and not q.outlet_own]
    span = display_date(start) + (f" to {display_date(end)}" if end != start else "")
    return quotations(case, quotes, caption or f"Every side's words, {span}")


def _name_pattern(names: Sequence[str]) -> "re.Pattern[str]":
    """The names as whole words, any case, longest first (so a longer name is never counted as a shorter one)."""
    alternatives = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I)


def name_uses(case: Case, names: Sequence[str]) -> dict[str, dict[str, dict[str, int]]]:
    """Who uses which name for a place: for each name, the speakers whose quotations hold it (by actor
    name, with counts) and the outlets that use it in their own narration (outside every quotation).

    Names match as whole words, in any case, a longer name before a shorter one it contains ("the North
    Province" is not also counted as "North"); a document's title is not counted."""
    pattern = _name_pattern(names)
    canonical = {n.lower(): n for n in names}
    found: dict[str, dict[str, dict[str, int]]] = {n: {"speakers": {}, "outlets": {}} for n in names}
    for source in case.sources:
        if source.lang:  # other languages have their own names; count the English texts
            continue
        spans = [(q.start, q.end, q) for q in case.quotes_in(source.id) if q.start >= 0]
        for m in pattern.finditer(source.text):
            name = canonical[m.group(0).lower()]
            inside = next((q for a, b, q in spans if a <= m.start() and m.end() <= b), None)
            if inside is not None and not inside.outlet_own and inside.presentation in ("direct", "none"):  # the speaker's own words
                who = case.actor(case.speaker_actor(inside.speaker)).name
                found[name]["speakers"][who] = found[name]["speakers"].get(who, 0) + 1
            else:
                outlet = plain_note(source.outlet).split(" (")[0].split(",")[0]
                found[name]["outlets"][outlet] = found[name]["outlets"].get(outlet, 0) + 1
    return found


def names_table(case: Case, names: Sequence[str], caption: str = "") -> HTML:
    """The naming task: each name, who says it in quotations, which outlets use it in their own words."""
    uses = name_uses(case, names)

    def listed(counts: dict[str, int]) -> str:
        return "; ".join(f"{who} ({n})" for who, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"

    rows = [(f"“{n}”", listed(u["speakers"]), listed(u["outlets"]),
             sum(u["speakers"].values()) + sum(u["outlets"].values())) for n, u in uses.items()]
    return table(("name", "in the words of (times)", "in the publisher's own words (times)", "in all"), rows,
                 caption=caption or "Who calls the place what: every English document, counted on whole words")


def some_actors(case: Case, actor_ids: Sequence[str], caption: str = "") -> HTML:
    """A few actors, in the order given, with what each is and where that description comes from."""
    rows = [(a.name, a.kind, plain_cite(case, a.description or ""), plain_cite(case, a.source))
            for a in (case.actor(i) for i in actor_ids)]
    return table(("actor", "kind", "description", "source"), rows, caption=caption or "Who is who")


# --- A dated moment: what was on the record then (the decision-forcing lesson).

def _iso_day(date: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date or ""):
        raise ValueError(f"a moment is a day written YYYY-MM-DD, not {date!r}")
    return date


def documents_until(case: Case, date: str):
    """The documents surely published on or before ``date`` (YYYY-MM-DD), oldest first.

    A document dated by its month alone counts only once that month has ended by ``date`` (it may
    have appeared on any of its days); one whose date is unknown never counts. So a reader placed at
    that day is shown nothing that may not yet have been published."""
    day = _iso_day(date)
    held = [s for s in case.sources
            if s.published and s.published != "unknown" and date_span(s.published)[1].isoformat() <= day]
    return sorted(held, key=lambda s: (date_span(s.published)[0], s.id))


def documents_after(case: Case, date: str):
    """The documents that may have been published after ``date``: the rest of the case, by date
    (month-only dates of the month of ``date`` and unknown dates included, unknown last)."""
    held = {s.id for s in documents_until(case, date)}
    rest = [s for s in case.sources if s.id not in held]
    return sorted(rest, key=lambda s: (s.published in ("", "unknown"), s.published or "", s.id))


def documents_until_view(case: Case, date: str) -> HTML:
    """Every document on the record by ``date``, each with its headnote, oldest first."""
    sources = documents_until(case, date)
    caption = f"The {len(sources)} documents published by {_long_date(_iso_day(date))}, oldest first"
    notes = [headnote(case, s.id) for s in sources]
    markup = f"<p style='text-align:left'><strong>{_e(caption)}</strong></p>" + "".join(str(h) for h in notes)
    return HTML(markup)
