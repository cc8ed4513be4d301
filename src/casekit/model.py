"""Immutable records of a case: what the casefile loader returns and everything else reads."""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

QUOTE_KINDS = {
    "direct": "direct quote",
    "paraphrase": "paraphrase",
    "analysis": "reporter's analysis",
    "statement": "official statement",
}
POSITIONS = ("support", "oppose", "conditional", "mixed", "unclear")
# Relation types and their sign in the alliance network (+1 friendly, -1 hostile).
RELATION_SIGNS = {
    "cooperates": 1,
    "supports": 1,
    "confronts": -1,
    "warns": -1,
    "opposes": -1,
}
EVENT_STATUSES = ("verified", "corrected", "disputed", "paraphrase")
CONFIDENCE_GRADES = ("A", "B", "C")
RTL_LANGUAGES = ("ar", "fa", "he", "ur", "ckb", "ps", "yi", "dv", "sd", "ug")

_MONTHS = tuple(calendar.month_name)[1:]  # English month names (the C locale Python starts in)


# --- dates: YYYY-MM-DD, or YYYY-MM where a source gives only the month ---------------------


def is_partial_date(date: Optional[str]) -> bool:
    """True for a month-only date (YYYY-MM)."""
    return isinstance(date, str) and len(date) == 7 and date[:4].isdigit() and date[4] == "-" and date[5:].isdigit()


def date_key(date: Optional[str]) -> tuple[int, int, int]:
    """Sort key for full and month-only dates: a month sorts before its days; no date sorts last."""
    if not date or not date[:4].isdigit():  # no date, or a source's "unknown"
        return (9999, 99, 99)
    parts = [int(x) for x in date.split("-")]
    return (parts[0], parts[1], parts[2] if len(parts) > 2 else 0)


def date_span(date: str) -> tuple[_dt.date, _dt.date]:
    """The first and last day a date may mean (the same day for a full date)."""
    if is_partial_date(date):
        year, month = int(date[:4]), int(date[5:7])
        first = _dt.date(year, month, 1)
        nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
        return first, nxt - _dt.timedelta(days=1)
    day = _dt.date.fromisoformat(date)
    return day, day


def display_date(date: Optional[str], missing: str = "not given") -> str:
    """A date as students see it: ISO for a day, "September 1999" for a month (no invented day)."""
    if not date:
        return missing
    if is_partial_date(date):
        return f"{_MONTHS[int(date[5:7]) - 1]} {date[:4]}"
    return date


def related_actors(relations) -> list[str]:
    """The actors that appear in the relations, in order of first appearance (the network's nodes;
    a stored layout places exactly these)."""
    nodes: list[str] = []
    for r in relations:
        for a in (r.actor, r.other):
            if a not in nodes:
                nodes.append(a)
    return nodes


def date_in(date: Optional[str], start: str = "", end: str = "9999") -> bool:
    """True when a date (or any day of a month-only date) falls between start and end (ISO text)."""
    if not date:
        return False
    if is_partial_date(date):
        return start[:7] <= date <= end[:7]
    return start <= date <= end


def dates_overlap(a: str, b: str) -> bool:
    """True when two dates may mean the same day (so their order is not known)."""
    a0, a1 = date_span(a)
    b0, b1 = date_span(b)
    return a0 <= b1 and b0 <= a1


def text_direction(lang: str) -> str:
    """'rtl' for a right-to-left language code (BCP 47 primary subtag), else 'ltr'."""
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Source:
    """A verbatim source text with its provenance."""

    id: str
    title: str
    outlet: str
    url: str
    kind: str
    published: str
    author: str
    rights: str
    notes: str
    text: str
    path: str = ""
    language: str = ""
    translation_of: str = ""  # for a published rendering: the id of the original
    translated_by: str = ""  # for a published rendering: who published this English
    original_note: str = ""  # what translation_of says beyond the original's id, or of an original not held
    body_line: int = 1  # line of the file on which the text begins
    analysis_marker: str = ""  # text from this marker on is the outlet's own analysis
    confidence: str = ""  # A, B or C: how far the casefile trusts this source (from its annotation)
    doubt: str = ""  # what students must know about the source's reliability (required for C)
    lang: str = ""  # BCP 47 code of the text's language, when it is not English

    @property
    def dir(self) -> str:
        """Text direction of the source's language: 'rtl' or 'ltr'."""
        return text_direction(self.lang) if self.lang else "ltr"

    @cached_property
    def analysis_start(self) -> int:
        """Offset where the outlet's own analysis begins (len(text) if it has none)."""
        if self.analysis_marker and self.analysis_marker in self.text:
            return self.text.index(self.analysis_marker)
        return len(self.text)

    def line_of(self, offset: int) -> int:
        """Line number in the source file of a character offset in the text."""
        return self.body_line + self.text.count("\n", 0, offset)

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        """(start, end) of the paragraph holding the character at offset."""
        if offset < 0:  # a headline quote: it is in the title, not the text
            return 0, 0
        start = self.text.rfind("\n\n", 0, offset)
        start = 0 if start < 0 else start + 2
        end = self.text.find("\n\n", offset)
        end = len(self.text) if end < 0 else end
        return start, end

    def paragraph_at(self, offset: int) -> str:
        """The paragraph holding the character at offset (the title for a headline, offset -1)."""
        if offset < 0:
            return self.title
        start, end = self.paragraph_span(offset)
        return self.text[start:end].strip()

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) of the sentence(s) holding text[start:end], within its paragraph."""
        p_start, p_end = self.paragraph_span(start)
        left, right = p_start, p_end
        for m in _SENTENCE_END.finditer(self.text, p_start, p_end):
            before = self.text[max(p_start, m.start() - 6):m.start() + 1]
            if _ABBREVIATION.search(before):
                continue
            if m.end() <= start:
                left = m.end()
            elif m.end() >= end:
                right = m.end()
                break
        while left < right and self.text[left].isspace():
            left += 1
        return left, right

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence(s) around text[start:end], without crossing paragraph bounds."""
        if start < 0:  # a headline quote
            return self.title
        left, right = self.sentence_bounds(start, end)
        return self.text[left:right]


_SENTENCE_END = re.compile(r"[.?!][”\"’]?(?=\s|$)")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Gen|Brig|Maj|Lt|Col|St)\.)[”\"]?$")


@dataclass(frozen=True)
class Actor:
    """A state, government, institution, outlet or grouping that takes positions in the case."""

    id: str
    name: str
    kind: str
    description: str = ""
    source: str = ""  # where the description comes from (source id or fact-sheet citation)
    members: tuple[str, ...] = ()  # for a joint actor (a joint statement): the actors it speaks for together


@dataclass(frozen=True)
class Group:
    """A named group of actors, as a lesson presents them (e.g. the neighbours, the powers)."""

    id: str
    title: str
    actors: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Person:
    """A named person, with the title they held at the time and the actor they spoke for."""

    id: str
    name: str
    title: str
    actor: str
    title_source: str
    note: str = ""
    unnamed: bool = False  # a speaker the sources do not name (its name says so)


@dataclass(frozen=True)
class Quote:
    """An annotated span of a source: who said it, how, and how the source attributes it."""

    id: str
    source: str
    text: str
    speaker: str
    kind: str
    cue: Optional[str]
    date: Optional[str]
    start: int
    date_note: str = ""
    venue: str = ""
    audience: str = ""
    issued_by: str = ""
    note: str = ""
    in_analysis: bool = False  # lies in the part of the source that is the outlet's own analysis
    mentions: tuple[str, ...] = ()  # people and actors the quote names (not its speaker)
    renders: str = ""  # in a published rendering: the id of the quote of the original it renders
    disputed: str = ""  # why the attribution itself is disputed, and where that is said
    headline: bool = False  # the text is in the source's title (start is -1)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def kind_label(self) -> str:
        return QUOTE_KINDS[self.kind]


@dataclass(frozen=True)
class Evidence:
    """Support for a claim: an annotated quote, or a verbatim span of a source."""

    source: str
    text: str
    start: int
    quote: str = ""  # the quote id, when the evidence is an annotated quote
    event: str = ""  # the event id, when the evidence is a dated event (its citation in source)


@dataclass(frozen=True)
class Stance:
    """An actor's position on the case's event, with evidence and a date."""

    id: str
    actor: str
    position: str
    date: str
    summary: str
    evidence: tuple[Evidence, ...]
    note: str = ""  # shown to students beside the stance


@dataclass(frozen=True)
class Relation:
    """A directed relation between two actors, with evidence and a date."""

    id: str
    actor: str
    other: str
    type: str
    date: str
    summary: str
    evidence: tuple[Evidence, ...]
    intent: bool = False  # only one side's stated intention, not an established fact
    note: str = ""  # shown to students beside the relation

    @property
    def sign(self) -> int:
        return RELATION_SIGNS[self.type]

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.actor, self.other))


@dataclass(frozen=True)
class Event:
    """A dated event with its source: a source id, or a fact-sheet row with its citation."""

    id: str
    date: str
    title: str
    status: str
    source: str = ""
    citation: str = ""
    actors: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    note: str = ""

    @property
    def cited(self) -> str:
        """Where the event comes from, as shown to students."""
        return self.citation or self.source


@dataclass(frozen=True)
class Term:
    """A loaded term, the quote it occurs in, and whether the outlet adopts it."""

    id: str
    text: str
    quote: str
    gloss: str
    adopted_by_outlet: bool = False
    note: str = ""


@dataclass(frozen=True)
class Note:
    """A teaching note about a source: what a careful reader should notice."""

    id: str
    source: str
    topic: str
    text: str
    span: str = ""  # a verbatim span of the source the note points at


@dataclass(frozen=True)
class Frame:
    """A frame of the case: the words that mark it, matched on whole words, case as written."""

    id: str
    title: str
    words: tuple[str, ...]


def word_pattern(words) -> "re.Pattern[str]":
    """A pattern matching any of the words as whole words, with the case as written."""
    alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


@dataclass(frozen=True)
class ReportingChain:
    """How words travelled from a speaker to the reader, step by step."""

    id: str
    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """A whole case: sources, actors, people and annotations, all cross-checked."""

    id: str
    title: str
    summary: str
    path: str
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    people: tuple[Person, ...]
    quotes: tuple[Quote, ...]
    stances: tuple[Stance, ...]
    relations: tuple[Relation, ...]
    events: tuple[Event, ...]
    terms: tuple[Term, ...] = ()
    notes: tuple[Note, ...] = ()
    core_source: str = ""
    reporting_chain: tuple[str, ...] = ()
    open_questions: tuple[dict, ...] = field(default=())
    titles_as_of: str = ""  # when the people held the titles given, a month or a date as the casefile words it
    reporting_chains: tuple[ReportingChain, ...] = ()  # every chain; reporting_chain is the first one's steps
    event_name: str = "the event"  # what questions and captions call the case's event
    fact_sheet: str = ""  # the file name of the checked facts that citations name
    exercises: dict = field(default_factory=dict)  # per exercise: sources, selection, pairs (see questions)
    frames: tuple[Frame, ...] = ()
    groups: tuple[Group, ...] = ()  # groups of actors, in the order a lesson shows them
    layout: tuple[tuple[str, float, float], ...] = ()  # (actor, x, y) on the network figure, when stored

    @cached_property
    def _index(self) -> dict[str, dict]:
        return {
            "source": {s.id: s for s in self.sources},
            "actor": {a.id: a for a in self.actors},
            "person": {p.id: p for p in self.people},
            "quote": {q.id: q for q in self.quotes},
            "event": {e.id: e for e in self.events},
        }

    def source(self, id: str) -> Source:
        return self._index["source"][id]

    def actor(self, id: str) -> Actor:
        return self._index["actor"][id]

    def person(self, id: str) -> Person:
        return self._index["person"][id]

    def quote(self, id: str) -> Quote:
        return self._index["quote"][id]

    def event(self, id: str) -> Event:
        return self._index["event"][id]

    def speaker_name(self, id: str) -> str:
        """Display name of a speaker, which is a person or an actor."""
        if id in self._index["person"]:
            return self._index["person"][id].name
        return self._index["actor"][id].name

    def speaker_actor(self, id: str) -> str:
        """The actor a speaker speaks for (an actor speaks for itself)."""
        if id in self._index["person"]:
            return self._index["person"][id].actor
        return id

    def speaker_capacity(self, id: str) -> str:
        """The title a person held, or the kind of an institutional speaker."""
        if id in self._index["person"]:
            return self._index["person"][id].title
        return self._index["actor"][id].kind

    def describe_evidence(self, ev: Evidence) -> str:
        """One line for a piece of evidence: the words (or the event), who, and the source."""
        if ev.quote:
            q = self.quote(ev.quote)
            who = f"{self.speaker_name(q.speaker)}, {QUOTE_KINDS[q.kind]}"
            where = "headline of " if q.headline else ""
            return f"“{ev.text}” ({who}; source: {where}{ev.source}{', ' + display_date(q.date) if q.date else ''})"
        if ev.event:
            e = self.event(ev.event)
            return f"{display_date(e.date)}: {e.title} (source: {e.cited})"
        return f"“{ev.text}” (source: {ev.source})"

    def quotes_with_words(self, words) -> tuple[Quote, ...]:
        """The quotes holding any of the words as whole words (so "unity" never matches "community")."""
        pattern = word_pattern(words)
        return tuple(q for q in self.quotes if pattern.search(q.text))

    def quotes_in(self, source_id: str) -> tuple[Quote, ...]:
        return tuple(sorted((q for q in self.quotes if q.source == source_id), key=lambda q: q.start))  # headlines (-1) first

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "quotes": len(self.quotes),
            "actors": len(self.actors),
            "people": len(self.people),
            "events": len(self.events),
            "stances": len(self.stances),
            "relations": len(self.relations),
        }
