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

# How the words are presented (a quote's `presentation`): computed from the text where it can be
# (quotation marks around the words, or around a fragment inside them), checked by the loader.
PRESENTATIONS = {
    "direct": "direct quotation (in quotation marks)",
    "indirect": "indirect (reported) speech, in the outlet's words",
    "mixed": "mixed: the outlet's words around a quoted fragment",
    "none": "not quoted: the speaker's own text, or the outlet's own words",
}
# What kind of text the words are (a quote's `genre`): the speaker's own genres first, then the outlet's.
GENRES = {
    "statement": "official statement",
    "speech": "speech, interview or briefing",
    "reporting": "the outlet's reporting",
    "report_of_speech": "the outlet's report of what someone said",
    "analysis": "the outlet's analysis or comment",
}
OUTLET_GENRES = ("reporting", "report_of_speech", "analysis")  # genres of the outlet's own voice
# The single label of old (direct / paraphrase / analysis / statement), derived from the two fields:
# answer records and reports of earlier terms still name it. Not a casefile field any more.
QUOTE_KINDS = {
    "direct": "direct quote",
    "paraphrase": "paraphrase",
    "analysis": "reporter's analysis",
    "statement": "official statement",
}
POSITIONS = ("support", "oppose", "conditional", "mixed", "unclear")
# A relation is typed on two axes, as event-data coding does (the "quad classes" of CAMEO: verbal
# cooperation, material cooperation, verbal conflict, material conflict): its mode (words or deeds)
# and its valence, which gives its sign in the signed network (+1 cooperation, -1 conflict).
RELATION_MODES = ("verbal", "material")
RELATION_VALENCES = {"cooperation": 1, "conflict": -1}
QUAD_CLASSES = tuple(f"{m} {v}" for v in RELATION_VALENCES for m in RELATION_MODES)
# how strongly the evidence shows the relation: an explicit act or statement toward the other
# party, or a remark in passing (drawn lighter, never alone the key of a question)
RELATION_STRENGTHS = ("explicit", "passing")
# an intensity, given only where the evidence shows one (a threat is not a use of force)
RELATION_INTENSITIES = ("low", "moderate", "high")
# norms an actor states (positions on the issue, not alignments with another actor)
NORMS = {
    "sovereignty": "sovereignty",
    "territorial-integrity": "territorial integrity",
    "unity": "unity",
    "constitution": "the constitution",
    "dialogue": "dialogue",
    "federal-state": "a federal state",
}
EVENT_STATUSES = ("verified", "corrected", "disputed", "paraphrase", "unverified")
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
    via: str = yaml_field(
        "For a reprint or a rewrite of another outlet's report: whose report it is (the wire agency or the "
        "original outlet), with its doubt as the notes word it (\"AFP\", \"probably AFP; not named\").", "")
    unverified: str = yaml_field(
        "Why the text as stored is not verified (e.g. the page it was taken from could not be retrieved "
        "again): its passages then carry no answer key, no verified status and no evidence line alone.", "")
    original_note: str = ""  # what translation_of says beyond the original's id, or of an original not held
    body_line: int = 1  # line of the file on which the text begins
    analysis_marker: str = ""  # text from this marker on is the outlet's own analysis
    confidence: str = ""  # A, B or C: how far the casefile trusts this source (from its annotation)
    doubt: str = ""  # what students must know about the source's reliability (required for C)
    lang: str = ""  # BCP 47 code of the text's language, when it is not English
    fragments: bool = False  # each paragraph is a passage the publisher quoted; its quotation marks are not stored

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
    presentation: str = yaml_field(
        "How the words are presented: direct (in quotation marks), indirect (reported in the outlet's words), "
        "mixed (the outlet's words around a quoted fragment), none (not quoted: the speaker's own text, "
        "or the outlet's own words). Checked against the quotation marks of the text.", choices=PRESENTATIONS)
    genre: str = yaml_field(
        "What kind of text the words are: statement (official statement), speech (speech, interview or "
        "briefing), reporting (the outlet's reporting), report_of_speech (the outlet's report of what someone "
        "said: 'denounced', 'equated'), analysis (the outlet's analysis or comment).", choices=GENRES)
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
    reported_by: str = yaml_field(
        "Who published these words, when not the source's outlet (a wire agency whose report the source "
        "takes this passage from), with its doubt as the notes word it.", "")
    unverified: str = yaml_field(
        "Why this passage's wording is not verified (e.g. one outlet alone reports it): it then carries no "
        "answer key, no verified status and no evidence line alone.", "")
    fragment: bool = False  # its source stores quoted fragments without their quotation marks (annotation's fragments)

    # a field of old: its message names what replaced it
    _retired = {"kind": "replaced by two fields: presentation (direct, indirect, mixed, none) and genre "
                        "(statement, speech, reporting, report_of_speech, analysis); see the README"}

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def kind(self) -> str:
        """The single label of old, derived (answer records of earlier terms name it)."""
        if self.genre == "statement" and self.presentation in ("none", "direct"):
            return "statement"
        if self.presentation == "direct" or self.genre in ("statement", "speech"):
            return "direct"
        if self.presentation in ("indirect", "mixed"):
            return "paraphrase"
        return "analysis"

    @property
    def kind_label(self) -> str:
        return QUOTE_KINDS[self.kind]

    @property
    def outlet_own(self) -> bool:
        """Whether the words are the outlet's own, quoting no one (its reporting, its report of what
        someone said, its comment)."""
        return self.genre in OUTLET_GENRES and self.presentation == "none"

    @property
    def description(self) -> str:
        """What kind of text the words are and how they are presented, in words for students."""
        how = {"direct": "quoted directly", "indirect": "reported in the outlet's words",
               "mixed": "reported with a quoted fragment", "none": ""}[self.presentation]
        if self.presentation == "none" and self.genre not in OUTLET_GENRES:
            how = "its own text, not quoted"
        return f"{GENRES[self.genre]}{', ' + how if how else ''}"

    @property
    def presentation_label(self) -> str:
        return PRESENTATIONS[self.presentation]

    @property
    def genre_label(self) -> str:
        return GENRES[self.genre]


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
    unverified: str = yaml_field("Why the stance rests on unverified text alone (text the research notes call "
                                 "unverified, or one outlet's report): it then keys no question.", "")


@dataclass(frozen=True)
class Relation:
    """A dated, directed interaction of one actor toward another, typed on two axes (verbal or
    material; cooperation or conflict: the quad classes of event-data coding), with the evidence it
    rests on and how strongly that evidence shows it."""

    id: str = yaml_field("A slug naming the relation.", pattern=SLUG_PATTERN)
    actor: str = yaml_field("The actor that acts or speaks.")
    other: str = yaml_field("The actor it acts or speaks toward.")
    mode: str = yaml_field("verbal (words: statements, warnings, pledges) or material (deeds: measures, "
                           "meetings, force).", choices=RELATION_MODES)
    valence: str = yaml_field("cooperation or conflict: its sign in the signed network.", choices=RELATION_VALENCES)
    strength: str = yaml_field("explicit (an act or statement toward the other party) or passing (a remark in "
                               "passing).", choices=RELATION_STRENGTHS)
    date: str = yaml_field("When it happened, or when the first of its evidence was said: YYYY-MM-DD, or YYYY-MM.",
                           pattern=MONTH_OR_DATE_PATTERN)
    summary: str = yaml_field("One sentence, with loaded words attributed.")
    evidence: tuple[Evidence, ...] = yaml_field("Quote ids, verbatim spans ({source, text}) or events ({event}).",
                                                items="evidence")
    note: str = yaml_field("What the relation rests on (which document, whose words), and any doubt about it.")
    intensity: str = yaml_field("low, moderate or high: only where the evidence shows one.", "",
                                choices=RELATION_INTENSITIES)
    intent: bool = yaml_field("true when it is only one side's stated intention.", False)
    unverified: str = yaml_field("Why the relation rests on unverified text alone (text the research notes call "
                                 "unverified, or one outlet's report): it then keys no question.", "")

    @property
    def sign(self) -> int:
        return RELATION_VALENCES[self.valence]

    @property
    def quad(self) -> str:
        """Its quad class: "verbal cooperation", "material conflict", ..."""
        return f"{self.mode} {self.valence}"

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.actor, self.other))


@dataclass(frozen=True)
class Norm:
    """A norm an actor states on the issue (respect for a state's sovereignty, territorial integrity,
    constitution; dialogue): a position on the issue, not an alignment with the state named."""

    id: str = yaml_field("A slug naming the stated norm.", pattern=SLUG_PATTERN)
    actor: str = yaml_field("The actor that states it.")
    norms: tuple[str, ...] = yaml_field("The norms stated: " + ", ".join(NORMS) + ".")
    about: str = yaml_field("The actor the norm is stated about (whose sovereignty, constitution, ...).")
    date: str = yaml_field("The date of its first dated evidence: YYYY-MM-DD, or YYYY-MM.",
                           pattern=MONTH_OR_DATE_PATTERN)
    summary: str = yaml_field("One sentence, with loaded words attributed.")
    evidence: tuple[Evidence, ...] = yaml_field("Quote ids, verbatim spans ({source, text}) or events ({event}).",
                                                items="evidence")
    note: str = yaml_field("A note shown to students.", "")

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(NORMS[n] for n in self.norms)


@dataclass(frozen=True)
class Period:
    """A period of the case, so networks and triads can be read one period at a time."""

    id: str = yaml_field("A slug naming the period.", pattern=SLUG_PATTERN)
    title: str = yaml_field("The period's title, as a figure shows it.")
    start: str = yaml_field("Its first day: YYYY-MM-DD.", pattern=MONTH_OR_DATE_PATTERN)
    end: str = yaml_field("Its last day: YYYY-MM-DD (leave it out for the last period, open-ended).", "",
                          pattern=MONTH_OR_DATE_PATTERN)
    note: str = yaml_field("What marks the period's start, and where that is said.", "")

    def holds(self, date: str) -> bool:
        """Whether every day the date may mean lies in this period."""
        first, last = date_span(date)
        return _dt.date.fromisoformat(self.start) <= first and (
            not self.end or last <= _dt.date.fromisoformat(self.end))

    @property
    def label(self) -> str:
        return f"{self.title} ({display_date(self.start)} to {display_date(self.end) if self.end else 'later'})"


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


def quoted_spans(text: str) -> list[str]:
    """The spans of text that stand in quotation marks (curly, straight or guillemets) inside text."""
    return [m.group(1) or m.group(2) or m.group(3) or ""
            for m in re.finditer(r"“([^”]*)”|\"([^\"]*)\"|«([^»]*)»", text)]


def inside_marks(text: str, p_start: int, start: int, across: bool = True) -> bool:
    """Whether a quotation mark opened before start is still open there: straight marks within the
    paragraph (from p_start); curly marks and guillemets, which say which way they face, also from
    earlier paragraphs when ``across`` (a quotation of several paragraphs closes only at its end)."""
    curly = guillemet = straight = False
    for i, ch in enumerate(text[:start]):
        if i < p_start and not across:
            continue
        if ch == "“":
            curly = True
        elif ch == "”":
            curly = False
        elif ch == "«":
            guillemet = True
        elif ch == "»":
            guillemet = False
        elif ch == '"' and i >= p_start:
            straight = not straight
    return curly or guillemet or straight


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
    norms: tuple[Norm, ...] = yaml_field("Norms actors state on the issue (a layer of positions, not relations).",
                                         (), items="norm")
    periods: tuple[Period, ...] = yaml_field("Periods, in order: every relation falls in one.", (), items="period")
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
    outlets: tuple[Outlet, ...] = ()  # read from outlets.yaml, when the casefile has it
    glossary: tuple[GlossaryTerm, ...] = ()  # read from glossary.yaml, when the casefile has it
    background: tuple[BackgroundSentence, ...] = ()  # read from background.yaml, when the casefile has it

    @cached_property
    def derived(self) -> dict:
        """Values computed from the case and kept with it (question banks, say): a case never changes
        once loaded, so what is computed from it once holds for its life. See :func:`Case.remember`."""
        return {}

    def remember(self, key: tuple, compute):
        """``compute()`` the first time ``key`` is asked of this case, the same value after."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]

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

    def unverified(self, source_id: str, quote: Optional[Quote] = None) -> str:
        """Why a source's text (or one passage of it) may not carry a key alone: the passage's or the
        source's unverified note, or its grade C and doubt; "" when it may."""
        if quote is not None and quote.unverified:
            return quote.unverified
        source = self._index["source"].get(source_id)
        if source is None:
            return ""
        if source.unverified:
            return source.unverified
        if source.confidence == "C":
            return f"graded C: {source.doubt}" if source.doubt else "graded C"
        return ""

    def evidence_unverified(self, ev: Evidence) -> str:
        """Why a piece of evidence may not carry a claim alone, or ""."""
        if ev.event:
            e = self.event(ev.event)
            return "" if e.status != "unverified" else (e.note or "the event is marked unverified")
        return self.unverified(ev.source, self.quote(ev.quote) if ev.quote else None)

    def rendering(self, source_id: str, quote: Optional[Quote] = None) -> str:
        """Whose words these are when not the speaker's own, with its doubt: "in the rendering published
        by X" for a published rendering (the publisher as the front matter names it), "in English
        translation (as published in: X)" for a source that is its outlet's own translation, "as reported by X" for a reprint or a passage
        taken from another outlet's report; "" for the speaker's own text."""
        source = self._index["source"].get(source_id)
        if source is None:
            return ""
        whose = (quote.reported_by if quote is not None else "") or source.via
        if source.translated_by:
            unnamed = re.match(r"^not (named|stated|known)\b[;,]?\s*(.*)$", source.translated_by)
            if unnamed:  # "not named on the page; see notes": a rendering whose translator is not named
                rest = re.sub(r"\bsee notes\b;?\s*", "", unnamed.group(2)).strip(" ;,")
                return "in a rendering whose translator is not named" + (f" ({rest})" if rest else "")
            return f"in the rendering published by {source.translated_by}" + (f", from the report of {whose}" if whose else "")
        if "translation" in f"{source.kind} {source.language}".lower():
            return f"in English translation (as published in: {whose or source.outlet})"
        return f"as reported by {whose}" if whose else ""

    def describe_evidence(self, ev: Evidence) -> str:
        """One line for a piece of evidence: the words (or the event), who, and the source."""
        if ev.quote:
            q = self.quote(ev.quote)
            who = f"{self.speaker_name(q.speaker)}, {PRESENTATIONS[q.presentation].split(' (')[0].split(':')[0]}"
            # the outlet's own sentence is its own English, not a translation of anyone's words
            whose = "" if q.genre in OUTLET_GENRES and q.presentation == "none" else self.rendering(q.source, q)
            where = "headline of " if q.headline else ""
            doubt = self.evidence_unverified(ev)
            return (f"“{ev.text}” ({who}{'; ' + whose if whose else ''}; source: {where}{ev.source}"
                    f"{', ' + display_date(q.date) if q.date else ''}{'; unverified: ' + doubt if doubt else ''})")
        if ev.event:
            e = self.event(ev.event)
            return f"{display_date(e.date)}: {e.title} (source: {e.cited}{'; unverified' if e.status == 'unverified' else ''})"
        whose = self.rendering(ev.source)
        doubt = self.evidence_unverified(ev)
        return (f"“{ev.text}” ({whose + '; ' if whose else ''}source: {ev.source}"
                f"{'; unverified: ' + doubt if doubt else ''})")

    def period(self, id: str) -> Period:
        return next(p for p in self.periods if p.id == id)

    def period_of(self, date: str) -> Optional[Period]:
        """The period a date falls in wholly, if any."""
        return next((p for p in self.periods if p.holds(date)), None)

    def relations_in(self, period: Optional[str] = None) -> tuple[Relation, ...]:
        """The relations of one period (by id), or all of them."""
        if period is None:
            return self.relations
        p = self.period(period)
        return tuple(r for r in self.relations if p.holds(r.date))

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


# --- context for students: outlet profiles, a glossary, a background narrative -----------------
# Each is read from its own file beside case.yaml (outlets.yaml, glossary.yaml, background.yaml);
# a casefile without the file has none. Fields a student view shows and fields it never shows
# (editor_note, links: for the instructor who checks an entry) are told apart in their docs.

OUTLET_GRADES = ("A", "B", "C", "none")


@dataclass(frozen=True)
class Outlet:
    """Who is behind an outlet (owner, funder, operator, at the time of the case), as its named sources say."""

    id: str = yaml_field("A slug naming the profile.", pattern=SLUG_PATTERN)
    name: str = yaml_field("The outlet's name as students see it.")
    section: str = yaml_field("The group the reference table shows it in (for example, the outlets of one country).")
    owner: str = yaml_field("Shown to students: who owns, funds or runs it; every quotation in quotation "
                            "marks with the source named beside it.")
    confidence: str = yaml_field("A: two or more independent sources agree; B: one lineage of sources, or "
                                 "partly undated; C: one source, self-description only, or sources disagree; "
                                 "none: no profile found.", choices=OUTLET_GRADES)
    sources: tuple[str, ...] = yaml_field("Shown to students: the sources the profile rests on, named as a "
                                          "reader can find them (site, and date where known).", ())
    affiliation: str = yaml_field("Shown to students: how named sources describe its line or ties, each "
                                  "characterisation attributed.", "")
    also: str = yaml_field("Shown to students: other names, its site, editions.", "")
    grade_note: str = yaml_field("Shown to students: why the grade (what is missing, where sources disagree).", "")
    covers: tuple[str, ...] = yaml_field("The ids of the case's sources this outlet published or whose "
                                         "rendering it published.", ())
    editor_note: str = yaml_field("For the instructor only, never shown to students: the independent check "
                                  "of the profile and what it corrected.", "")
    links: tuple[str, ...] = yaml_field("For the instructor only: the addresses the profile was checked at "
                                        "(archives and mirrors included).", ())


@dataclass(frozen=True)
class GlossaryTerm:
    """A term students meet in the sources, defined in the words of named sources."""

    id: str = yaml_field("A slug naming the term.", pattern=SLUG_PATTERN)
    term: str = yaml_field("The term as students meet it.")
    definition: str = yaml_field("Shown to students: what named sources say it means; every quotation in "
                                 "quotation marks with its source named; disagreements stated as such.")
    sources: tuple[str, ...] = yaml_field("Shown to students: the sources, named as a reader can find them.")
    confidence: str = yaml_field("A, B or C, as for an outlet profile.", choices=CONFIDENCE_GRADES)
    expansion: str = yaml_field("Shown to students: what the abbreviation stands for, or its other names.", "")
    grade_note: str = yaml_field("Shown to students: why the grade.", "")
    editor_note: str = yaml_field("For the instructor only, never shown to students: the independent check.", "")
    links: tuple[str, ...] = yaml_field("For the instructor only: the addresses the definition was checked at.", ())


@dataclass(frozen=True)
class BackgroundSentence:
    """One sentence of the background narrative, with the case's sources it rests on."""

    text: str = yaml_field("The sentence; words in quotation marks must be verbatim in one of its sources.")
    sources: tuple[str, ...] = yaml_field("The ids of the case's sources that state it.")
    paragraph: int = yaml_field("The paragraph it belongs to (1, 2, ...).", 1)
