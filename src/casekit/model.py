"""Immutable records of a case: what the casefile loader returns and everything else reads.

Each record declares its casefile fields once, here: a field made with ``yaml_field`` is one the
casefile gives, with what it means; ``schema.py`` derives the casefile's declarations (the loader's
checks and ``casekit schema``) from these fields, and the loader copies each of them into the
record. A field without ``yaml_field`` is worked out by the loader (a quote's offset, a source's
text). See the README's contributor notes for an example.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import MISSING, dataclass, field
from functools import cached_property
from typing import Any, Optional

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
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MONTH_OR_DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
# BCP 47 language tag: a primary language subtag, then optional script, region and variant subtags
BCP47_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$"

_MONTHS = tuple(calendar.month_name)[1:]  # English month names (the C locale Python starts in)


# --- dates: YYYY-MM-DD, or YYYY-MM where a source gives only the month ---------------------


def is_partial_date(date: Optional[str]) -> bool:
    """True for a month-only date (YYYY-MM)."""
    return isinstance(date, str) and len(date) == 7 and date[:4].isdigit() and date[4] == "-" and date[5:].isdigit()


def date_key(date: Optional[str]) -> tuple[int, int, int]:
    """Sort key for full and month-only dates: a month sorts after its days (a thing dated only
    by its month is not known to have come before the first of that month, only before the next
    month); no date sorts last."""
    if not date or not date[:4].isdigit():  # no date, or a source's "unknown"
        return (9999, 99, 99)
    parts = [int(x) for x in date.split("-")]
    return (parts[0], parts[1], parts[2] if len(parts) > 2 else 32)


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


# --- the casefile's fields, declared once on the records ------------------------------------

YAML = "casekit.yaml"  # the metadata key of a field that the casefile gives


def yaml_field(doc: str, default: Any = MISSING, *, required: Optional[bool] = None, choices: Any = (),
               pattern: str = "", items: str = "", yaml_type: Optional[type] = None,
               default_factory: Any = MISSING, kw_only: Any = MISSING) -> Any:
    """A record field that the casefile gives under the same name; the loader copies it in.

    ``doc`` says what it means (``casekit schema`` shows it in editors). The field is required
    in the casefile when it has no default, unless ``required`` says otherwise. ``choices``: the
    values allowed; ``pattern``: the form its text has (JSON Schema; the loader words its own
    check); ``items``: for a list or mapping of records, the record its items are (a name in
    ``schema.RECORDS``, or "evidence"); ``yaml_type``: the type of the value in the YAML when
    the record keeps it as another (the loader converts it). The kind of value the loader
    checks ("text", "a list of text", ...) follows from the field's type (see ``schema.py``).
    """
    meta = {"doc": doc, "choices": tuple(choices), "pattern": pattern, "items": items, "yaml_type": yaml_type,
            "required": default is MISSING and default_factory is MISSING if required is None else required}
    return field(default=default, default_factory=default_factory, kw_only=kw_only, metadata={YAML: meta})


@dataclass(frozen=True)
class Source:
    """A verbatim source text with its provenance (the casefile fields are its front matter)."""

    id: str = yaml_field("The source's id: the file name without .md.", pattern=SLUG_PATTERN)
    title: str = yaml_field("The title as published.")
    outlet: str = yaml_field("Who published it.")
    url: str = yaml_field("Where it was published.")
    kind: str = yaml_field("What kind of text it is (news report, statement, transcript, ...).")
    published: str = yaml_field("Publication date: YYYY-MM-DD, YYYY-MM, or unknown (with notes saying why).",
                                pattern=r"^(\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|unknown)$")
    rights: str = yaml_field("On what terms the text is reproduced.")
    author: str = yaml_field("The author, when the source names one.", required=False)
    notes: str = yaml_field("Provenance notes.", required=False)
    text: str
    path: str = ""
    language: str = yaml_field("The language of the text, in words.", "")
    translation_of: str = yaml_field(
        "For a published rendering: the id of the original source (with translated_by); the id may be "
        "followed by a note in parentheses, or words may describe an original the casefile does not hold.", "")
    translated_by: str = yaml_field(
        "For a published rendering: who published this rendering (with translation_of).", "")
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

    id: str = yaml_field("A slug naming the actor.", pattern=SLUG_PATTERN)
    name: str = yaml_field("The actor's name as students see it.")
    kind: str = yaml_field("state, government, institution, outlet, ...")
    description: str = yaml_field("One line on what the actor is.", "")
    source: str = yaml_field("Where the description comes from: a source id or a fact-sheet citation.", "")
    members: tuple[str, ...] = yaml_field("For a joint actor (e.g. a joint statement of several governments): "
                                          "the ids of the actors it speaks for together.", ())


@dataclass(frozen=True)
class Group:
    """A named group of actors, as a lesson presents them (e.g. the neighbours, the powers)."""

    id: str = yaml_field("A slug naming the group.", pattern=SLUG_PATTERN)
    title: str = yaml_field("The group's title, as a lesson shows it.")
    actors: tuple[str, ...] = yaml_field("The ids of its actors, in the order a lesson shows them; "
                                         "an actor is in one group at most.")
    note: str = yaml_field("A note shown to students with the group.", "")


@dataclass(frozen=True)
class Person:
    """A named person, with the title they held at the time and the actor they spoke for."""

    id: str = yaml_field("A slug naming the person.", pattern=SLUG_PATTERN)
    name: str = yaml_field("The name; for an unnamed speaker, words that say so.")
    title: str = yaml_field("The title held at the time.")
    actor: str = yaml_field("The actor the person speaks for.")
    title_source: str = yaml_field("Where the title comes from (a source id, or the fact sheet).")
    note: str = yaml_field("A note on the person.", "")
    unnamed: bool = yaml_field("true for a speaker the sources do not name.", False)


@dataclass(frozen=True)
class Quote:
    """An annotated span of a source: who said it, how, and how the source attributes it."""

    id: str = yaml_field("A stable slug: answer records refer to it.", pattern=SLUG_PATTERN)
    source: str  # the annotated source (the annotation file's source)
    text: str = yaml_field("The words, verbatim in the source's text (or in its title, with headline: true).")
    speaker: str = yaml_field("A person or an actor of case.yaml.")
    kind: str = yaml_field("How the source gives the words.", choices=QUOTE_KINDS)
    cue: Optional[str] = yaml_field("The attributing words, in the quote's paragraph; null when there are none.")
    date: Optional[str] = yaml_field("When the words were said: YYYY-MM-DD, YYYY-MM, or null with date_note.",
                                     pattern=MONTH_OR_DATE_PATTERN)
    start: int  # offset of the text in the source's text (-1: in its title)
    date_note: str = yaml_field("Why there is no date.", "")
    venue: str = yaml_field("Where the words were said.", "")
    audience: str = yaml_field("To whom.", "")
    issued_by: str = yaml_field("The person who issued an institution's statement.", "")
    note: str = yaml_field("A note for students.", "")
    in_analysis: bool = False  # lies in the part of the source that is the outlet's own analysis
    occurrence: Optional[int] = yaml_field("Which occurrence of the text is meant, when it occurs more than once.",
                                           None, kw_only=True)
    mentions: tuple[str, ...] = yaml_field("People and actors the quote names (not its speaker).", ())
    renders: str = yaml_field("In a published rendering: the id of the quote of the original it renders.", "")
    disputed: str = yaml_field("Why the attribution itself is disputed, and where that is said.", "")
    headline: bool = yaml_field("true when the text is in the source's title, not its body.", False)  # start is -1

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

    id: str = yaml_field("A slug naming the stance.", pattern=SLUG_PATTERN)
    actor: str = yaml_field("The actor whose position it is.")
    position: str = yaml_field("The position.", choices=POSITIONS)
    date: str = yaml_field("YYYY-MM-DD, or YYYY-MM.", pattern=MONTH_OR_DATE_PATTERN)
    summary: str = yaml_field("One sentence, with loaded words attributed.")
    evidence: tuple[Evidence, ...] = yaml_field("Quote ids, verbatim spans ({source, text}) or events ({event}).",
                                                items="evidence")
    note: str = yaml_field("A note shown to students beside the stance.", "")


@dataclass(frozen=True)
class Relation:
    """A directed relation between two actors, with evidence and a date."""

    id: str = yaml_field("A slug naming the relation.", pattern=SLUG_PATTERN)
    actor: str = yaml_field("The actor that acts.")
    other: str = yaml_field("The actor it acts toward.")
    type: str = yaml_field("The kind of relation.", choices=RELATION_SIGNS)
    date: str = yaml_field("YYYY-MM-DD, or YYYY-MM.", pattern=MONTH_OR_DATE_PATTERN)
    summary: str = yaml_field("One sentence, with loaded words attributed.")
    evidence: tuple[Evidence, ...] = yaml_field("Quote ids, verbatim spans ({source, text}) or events ({event}).",
                                                items="evidence")
    intent: bool = yaml_field("true when it is only one side's stated intention.", False)
    note: str = yaml_field("A note shown to students beside the relation.", "")

    @property
    def sign(self) -> int:
        return RELATION_SIGNS[self.type]

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.actor, self.other))


@dataclass(frozen=True)
class Event:
    """A dated event with its source: a source id, or a fact-sheet row with its citation."""

    id: str = yaml_field("A slug naming the event.", pattern=SLUG_PATTERN)
    date: str = yaml_field("YYYY-MM-DD, or YYYY-MM.", pattern=MONTH_OR_DATE_PATTERN)
    title: str = yaml_field("What happened.")
    status: str = yaml_field("How well the fact is established.", choices=EVENT_STATUSES)
    source: str = yaml_field("A source id (or give citation).", "")
    citation: str = yaml_field("The fact sheet row's citation (or give source).", "")
    actors: tuple[str, ...] = yaml_field("Actor ids; the first gives the timeline row.", ())
    people: tuple[str, ...] = yaml_field("Person ids.", ())
    note: str = yaml_field("A note shown to students.", "")

    @property
    def cited(self) -> str:
        """Where the event comes from, as shown to students."""
        return self.citation or self.source


@dataclass(frozen=True)
class Term:
    """A loaded term, the quote it occurs in, and whether the outlet adopts it."""

    id: str = yaml_field("A slug naming the term.", pattern=SLUG_PATTERN)
    text: str = yaml_field("The loaded words, as they occur in the quote.")
    quote: str = yaml_field("The id of the quote they occur in.")
    gloss: str = yaml_field("What they refer to.")
    adopted_by_outlet: bool = yaml_field("true when the outlet uses the words in its own voice.", False)
    note: str = yaml_field("A note.", "")


@dataclass(frozen=True)
class Note:
    """A teaching note about a source: what a careful reader should notice."""

    id: str = yaml_field("A slug naming the note.", pattern=SLUG_PATTERN)
    source: str = yaml_field("The source the note is about.")
    topic: str = yaml_field("A few words.")
    text: str = yaml_field("What a careful reader should notice.")
    span: str = yaml_field("A verbatim span of the source the note points at.", "")
    occurrence: Optional[int] = yaml_field("Which occurrence of the span is meant.", None, kw_only=True)
    title_of: str = yaml_field("When the span is a loose title the text gives a person: that person (the "
                               "exercise asks what office they held).", "", kw_only=True)


@dataclass(frozen=True)
class Frame:
    """A frame of the case: the words that mark it, matched on whole words, case as written."""

    id: str = yaml_field("A slug naming the frame.", pattern=SLUG_PATTERN)
    title: str = yaml_field("The frame's title, as a lesson shows it.")
    words: tuple[str, ...] = yaml_field("Words that mark the frame, matched as whole words with the case as written.")


def word_pattern(words) -> "re.Pattern[str]":
    """A pattern matching any of the words as whole words, with the case as written."""
    alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


@dataclass(frozen=True)
class ReportingChain:
    """How words travelled from a speaker to the reader, step by step."""

    id: str = yaml_field("A slug naming the chain.", pattern=SLUG_PATTERN)
    title: str = yaml_field("What the chain shows.")
    steps: tuple[str, ...] = yaml_field("The steps, from the speaker to the reader.")


@dataclass(frozen=True, kw_only=True)
class Case:
    """A whole case: sources, actors, people and annotations, all cross-checked (its casefile
    fields are those of case.yaml, in the order the format lists them)."""

    id: str = yaml_field("The case id: a slug (lower-case letters, digits and -).", pattern=SLUG_PATTERN)
    title: str = yaml_field("The case's title.")
    summary: str = yaml_field("What happened, in a paragraph.")
    core_source: str = yaml_field("The source the reading view shows first.", "")
    # when the people held the titles given, a month or a date as the casefile words it
    titles_as_of: str = yaml_field("When the people held the titles given.", "")
    # the first chain's steps (its own, or those of reporting_chains' first)
    reporting_chain: tuple[str, ...] = yaml_field("One reporting chain, as a list of steps.", ())
    reporting_chains: tuple[ReportingChain, ...] = yaml_field("Several reporting chains.", (), items="reporting_chain")
    actors: tuple[Actor, ...] = yaml_field("The actors.", items="actor")
    people: tuple[Person, ...] = yaml_field("The people.", items="person")
    stances: tuple[Stance, ...] = yaml_field("Actors' positions.", (), items="stance")
    relations: tuple[Relation, ...] = yaml_field("Relations between actors.", (), items="relation")
    events: tuple[Event, ...] = yaml_field("Dated events.", (), items="event")
    terms: tuple[Term, ...] = yaml_field("Loaded words.", (), items="term")
    notes: tuple[Note, ...] = yaml_field("Teaching notes on sources.", (), items="note")
    open_questions: tuple[dict, ...] = yaml_field("Open questions for discussion.", (), items="open_question")
    event_name: str = yaml_field("What questions and captions call the case's event.", "the event")
    fact_sheet: str = yaml_field("The file of checked facts that citations name (its file name).", "")
    # per exercise: sources, selection, pairs (see questions)
    exercises: dict = yaml_field("Per exercise (by name): what it reads and asks.", default_factory=dict,
                                 items="exercise")
    frames: tuple[Frame, ...] = yaml_field("Frames a lesson lists, each with its words.", (), items="frame")
    groups: tuple[Group, ...] = yaml_field("Groups of actors, in the order a lesson shows them.", (), items="group")
    # (actor, x, y) on the network figure, when stored
    layout: tuple[tuple[str, float, float], ...] = yaml_field(
        "Where each actor in a relation sits on the network figure (actor id: [x, y], each from -1 to 1), as "
        "`casekit layout` writes it; without it, a seeded networkx spring layout is computed.", (), yaml_type=dict)
    path: str  # the casefile folder
    sources: tuple[Source, ...]  # read from sources/*.md
    quotes: tuple[Quote, ...]  # read from annotations/*.yaml

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
