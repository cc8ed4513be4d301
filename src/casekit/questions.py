"""Question banks generated from a Case: plain data, no widgets.

A question's id is ``<kind>/<annotation id>``; its choices' values are ids from the casefile, so
re-wording a quotation, a name or a prompt never breaks an answer record. Choice order is a
deterministic shuffle seeded by the question id.
"""
from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence, Union

from .alliances import Change as TriadChange, IssueTriad, changes, describe_issue_triad, describe_triad, issue_triads
from .model import (GENRES, OUTLET_GENRES, POSITIONS, PRESENTATIONS, QUAD_CLASSES, Case, Evidence, Quote, Relation,
                    date_key, dates_overlap, display_date, inside_marks, is_partial_date)
from .prose import cite, definite, document_name, plain_words, plural, possessive, with_office
from .style import SYMBOL_RIGHT, SYMBOL_WRONG
from .translation import (Change, Passage, _possessive, _publisher, _span, _split_gloss, attribution, compare,
                          contains_words, originals, own_english, passage_of, passages, same_words, words)

Answer = Union[str, tuple]

ORDER_KINDS = ("chain", "timeline")
MIN_OPTIONS = 3  # a question that picks a speaker, an outlet, words or evidence offers at least this many
MIN_ITEMS = 3  # an ordering question orders at least this many items
EITHER_OR = ("adopted",)  # kinds that are by nature a choice of two
RELATION_CHOICES = (("cooperates", "cooperation, in words or deeds"), ("confronts", "conflict, in words or deeds"),
                    ("mixed", "both: cooperation and conflict"), ("none", "no stated relation"))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """One question: prompt, material, choices (or items to order), the key and its explanation."""

    id: str
    kind: str
    skill: str
    prompt: str
    answer: Answer  # a choice value; a tuple of item values in order; "" for open questions
    explanation: str
    hint: str
    choices: tuple[Choice, ...] = ()
    quote: str = ""  # the words the question is about, shown highlighted in `sentence`
    sentence: str = ""
    paragraph: str = ""
    source: str = ""  # the source id the material comes from
    reasons: tuple[tuple[str, str], ...] = field(default=())  # why a given wrong choice is wrong
    # what the feedback asserts about the text, as data the bank check verifies: ("marks", "enclosed" |
    # "fragment" | "none"), ("renderer", source id) for words shown from a published rendering, ...
    claims: tuple[tuple[str, str], ...] = field(default=())
    context: str = ""  # what the card shows of the source: its title, outlet and date

    @property
    def is_open(self) -> bool:
        return self.kind == "open"

    @property
    def is_order(self) -> bool:
        return self.kind in ORDER_KINDS

    def label_of(self, value: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return str(value)

    def is_correct(self, answer: Answer) -> Optional[bool]:
        """True or False; None for an open question (recorded, not marked)."""
        if self.is_open:
            return None
        if self.is_order:
            return tuple(answer) == tuple(self.answer)
        return answer == self.answer


@dataclass(frozen=True)
class Feedback:
    correct: Optional[bool]
    text: str  # begins with a symbol and a word, so it never relies on colour


def feedback(question: Question, answer: Answer, attempt: int) -> Feedback:
    """What to tell the student after an attempt: why, with a hint (not the answer) on a first miss."""
    ok = question.is_correct(answer)
    if ok is None:
        return Feedback(None, "Saved. Your instructor will read your answer.")
    if ok:
        return Feedback(True, f"{SYMBOL_RIGHT} Right. {question.explanation}")
    why = dict(question.reasons).get(answer if isinstance(answer, str) else "", "")
    if question.is_order:
        wrong = [question.label_of(v) for i, v in enumerate(answer) if i >= len(question.answer) or v != question.answer[i]]
        why = (f"{plural(len(wrong), 'item')} {'is' if len(wrong) == 1 else 'are'} not in "
               f"{'its' if len(wrong) == 1 else 'their'} place.")
    if attempt <= 1:
        return Feedback(False, f"{SYMBOL_WRONG} Not yet. {why} Hint: {question.hint} Try again.".replace("  ", " "))
    if question.is_order:
        order = " ".join(f"{i + 1}. {question.label_of(v).rstrip('.')}." for i, v in enumerate(question.answer))
        right = f"The order is: {order}."
    else:
        right = f"The answer is: {question.label_of(question.answer)}."
    return Feedback(False, f"{SYMBOL_WRONG} Not right. {why} {right} {question.explanation}".replace("  ", " "))


def reveals(question: Question, answer: Answer, attempt: int) -> bool:
    """Whether the feedback on this attempt shows the right answer ("The answer is: ..."): a wrong
    answer after the first try. Such an attempt is recorded as a reveal; an answer after it is
    "right after being shown", not right."""
    return question.is_correct(answer) is False and attempt > 1


# --- helpers --------------------------------------------------------------------------------


def _rank(seed: str, value: str) -> str:
    return hashlib.sha256(f"{seed}|{value}".encode("utf-8")).hexdigest()


def _shuffled(seed: str, choices: Iterable[Choice]) -> tuple[Choice, ...]:
    return tuple(sorted(choices, key=lambda c: _rank(seed, c.value)))


def _scrambled(seed: str, items: Sequence[Choice]) -> tuple[Choice, ...]:
    """Items to order, shuffled so that they never start in the right order."""
    out = _shuffled(seed, items)
    if len(out) > 1 and [c.value for c in out] == [c.value for c in items]:
        out = out[1:] + out[:1]
    return out


def _pick(seed: str, tiers: Sequence[Sequence[str]], exclude: set[str], n: int) -> list[str]:
    """Up to n distinct values, from the first tiers first, in a stable pseudo-random order."""
    out: list[str] = []
    for tier in tiers:
        for value in sorted(set(tier) - exclude - set(out), key=lambda v: _rank(seed, v)):
            if len(out) < n:
                out.append(value)
    return out


def _source_line(case: Case, source_id: str) -> str:
    s = case.source(source_id)
    return f"Source: {s.title} ({document_name(s)})."


def _speaker_label(case: Case, speaker: str) -> str:
    return with_office(case.speaker_name(speaker), case.speaker_capacity(speaker))


def card_context(case: Case, source_id: str) -> str:
    """What a card shows of the source its words come from: title, outlet and date (the material a
    student needs to tell a body's people apart, as the lessons' headnotes give it)."""
    s = case.source(source_id)
    return f"From: {s.title} ({s.outlet}, {display_date(s.published)})"


def _material(case: Case, q: Quote) -> dict:
    source = case.source(q.source)
    return {"quote": q.text, "sentence": source.sentence_at(q.start, q.end),
            "paragraph": source.paragraph_at(q.start), "source": q.source,
            "context": card_context(case, q.source)}


def choice_label(case: Case, speaker: str) -> str:
    """A speaker as an option: the name and whom they speak for, never their title (a capacity
    question may ask for it)."""
    name = case.speaker_name(speaker)
    actor = case.speaker_actor(speaker)
    if actor == speaker or case.person(speaker).unnamed:  # an institution, or a name that says the office
        return name
    return f"{name} — {case.actor(actor).name}"


def stance_sides(case: Case, actor: str) -> frozenset[str]:
    """Which sides of the case's event an actor's stances take: support, oppose (others say neither)."""
    return _sides(case).get(actor, frozenset())


def _sides(case: Case) -> dict[str, frozenset[str]]:
    def compute() -> dict[str, frozenset[str]]:
        sides: dict[str, set[str]] = {}
        for s in case.stances:
            if s.position in ("support", "oppose"):
                sides.setdefault(s.actor, set()).add(s.position)
        return {actor: frozenset(v) for actor, v in sides.items()}

    return case.remember(("stance sides",), compute)


def opposed(case: Case, a: str, b: str) -> bool:
    """Whether two speakers' actors stood on opposite sides (so the words of one are not plausibly the other's)."""
    sa, sb = stance_sides(case, case.speaker_actor(a)), stance_sides(case, case.speaker_actor(b))
    return bool(sa and sb and not sa & sb)


def _day_number(d: str) -> Optional[int]:
    """A date as a day number (a month-only date counts as the 28th of its month), or None when unknown."""
    from datetime import date

    k = date_key(d)
    if k[0] == 9999:
        return None
    return date(k[0], k[1], min(k[2], 28) if k[2] == 32 else k[2]).toordinal()


PERIOD_DAYS = (10, 30)  # a distractor from another source spoke within these many days of the words asked about


def _quote_days(case: Case) -> dict[str, Optional[int]]:
    """Each quotation's day (its own date, else its source's publication), computed once per case."""
    return case.remember(("quote days",), lambda: {
        x.id: _day_number(x.date or case.source(x.source).published) for x in case.quotes})


def plausible_speakers(case: Case, q: Quote) -> tuple[list[str], ...]:
    """Speakers a student could take for the speaker of q, in tiers: quoted in the same source; then
    quoted within PERIOD_DAYS of it, nearest first. None of an actor that stood on the other side of
    the event from q's speaker (the words themselves would rule it out) unless quoted in the same source."""
    days = _quote_days(case)
    when = _day_number(q.date or case.source(q.source).published)
    same_source = [x.speaker for x in case.quotes_in(q.source)]
    compatible = {s for s in {x.speaker for x in case.quotes} if not opposed(case, q.speaker, s)}
    others = [x for x in case.quotes if x.source != q.source and x.speaker in compatible]
    # days apart; very many when a date is unknown
    apart = {x.id: 10 ** 6 if when is None or days[x.id] is None else abs(days[x.id] - when) for x in others}
    return (same_source, *([x.speaker for x in others if apart[x.id] <= limit] for limit in PERIOD_DAYS))


# --- what the text itself shows: computed, never written as constants -----------------------

OPENING, CLOSING = "“", "”"


from .model import quoted_spans as quoted_spans  # noqa: E402 - the spans in quotation marks inside a text


def _locus(case: Case, q: Quote) -> tuple[str, int, int, int]:
    """(text, start of the words, start and end of their paragraph): the title for a headline quote."""
    source = case.source(q.source)
    if q.start < 0:  # a headline: the words are in the title
        title = source.title
        return title, max(title.find(q.text), 0), 0, len(title)
    p_start, p_end = source.paragraph_span(q.start)
    return source.text, q.start, p_start, p_end


def enclosed(case: Case, q: Quote, across: bool = False) -> bool:
    """Whether the quote's words stand inside quotation marks that open before them in their paragraph
    (``across``: or in an earlier paragraph, for a quotation of several paragraphs)."""
    text, start, p_start, _ = _locus(case, q)
    return inside_marks(text, p_start, start, across=across or q.start < 0)


def marks_shown(case: Case, q: Quote) -> str:
    """What a card showing the words' paragraph shows of their quotation marks: "enclosed" (marks open
    before them in the paragraph), "fragment" (a fragment inside them is quoted), "none", or "not
    stored" (a source of quoted fragments stored without their marks; a headline)."""
    if q.fragment or q.start < 0:
        return "not stored"
    if enclosed(case, q):
        return "enclosed"
    return "fragment" if [x for x in quoted_spans(q.text) if x.strip()] else "none"


def key_may_rest_on(case: Case, q: Quote) -> bool:
    """Whether an answer key may rest on the quote: its text is not unverified (the passage or its
    source marked so, or its source graded C) and its attribution not disputed."""
    return not case.unverified(q.source, q) and not q.disputed


def marks_sentence(case: Case, q: Quote) -> str:
    """One sentence on the quotation marks around and inside the words, computed from the source."""
    inner = [x for x in quoted_spans(q.text) if x.strip()]
    listed = ", ".join(f"“{x}”" for x in inner)
    only = f"Only {listed} stand{'s' if len(inner) == 1 else ''} in quotation marks"
    if q.start < 0:  # the casefile's title may quote the headline: those marks are not the outlet's
        return "The words are the source's headline." + (f" {only}." if inner else "")
    if enclosed(case, q):
        return "The words stand inside quotation marks."
    if inner:
        return f"{only}; the rest of the words have none."
    return "No quotation marks enclose these words."


def cue_span(case: Case, q: Quote) -> Optional[tuple[int, int]]:
    """Where the quote's cue stands in its paragraph (the occurrence nearest the words), or None;
    offsets in the source's text (in its title for a headline quote)."""
    if not q.cue:
        return None
    text, start, p_start, p_end = _locus(case, q)
    starts = [m.start() for m in re.finditer(re.escape(q.cue), text[p_start:p_end])]
    if not starts:
        return None
    best = min(starts, key=lambda s: abs(p_start + s - start))
    return p_start + best, p_start + best + len(q.cue)


def cue_overlaps(case: Case, q: Quote) -> bool:
    """Whether the attributing words are part of the highlighted words themselves."""
    span = cue_span(case, q)
    _, start, _, _ = _locus(case, q)
    return bool(span) and span[0] < start + len(q.text) and start < span[1]


def _sentence(text: str) -> str:
    """The text with a full stop at its end, unless it already ends a sentence (no "..")."""
    text = text.strip()
    return text if re.search(r"[.!?][”’\"']*$", text) else text + "."


def _attribution_words(case: Case, q: Quote) -> str:
    marker = case.source(q.source).analysis_marker  # where the outlet's own analysis begins, if it has one
    if q.cue and q.cue != marker:
        return f"The source attributes it with “{q.cue}”."
    if q.genre in OUTLET_GENRES and q.presentation == "none":
        return "It is the outlet's own text: no one is quoted." + (
            f" It stands in the outlet's own analysis, from “{marker}” on." if q.in_analysis else "")
    if q.fragment:
        return ("Our copy keeps only the passages its publisher quoted, without their quotation marks "
                "or the sentences around them.")
    if q.genre == "statement" and q.presentation == "none":
        return "It is a sentence of an official statement, attributed by the statement's heading."
    return _GENERIC_POSITION


_GENERIC_POSITION = "It has no attributing words of its own: it is read as the speaker's from the sentence before."


def _whose_words(case: Case, q: Quote) -> str:
    """The words' speaker, with whose rendering they are when they are a translator's (and its doubt)."""
    whose = plain_words(case.rendering(q.source, q))
    name = case.speaker_name(q.speaker)
    return f"{name}, {whose}" if whose and not (q.genre in OUTLET_GENRES and q.presentation == "none") else name


def _explain_quote(case: Case, q: Quote) -> str:
    who = _speaker_label(case, q.speaker)
    whose = plain_words(case.rendering(q.source, q))
    if q.genre in OUTLET_GENRES and q.presentation == "none":
        whose = ""  # the outlet's own words
    presented = {"direct": "quoted directly", "indirect": "reported in the outlet's words",
                 "mixed": "reported with a quoted fragment", "none": ""}[q.presentation]
    parts = [f"“{q.text}” — {who}{', ' + whose if whose else ''}; {GENRES[q.genre]}"
             f"{', ' + presented if presented else ''}{', ' + display_date(q.date) if q.date else ''}.",
             _attribution_words(case, q)]
    if q.note and _GENERIC_POSITION in parts[-1] and re.search(r"attributing words|by (its )?position", q.note):
        parts.pop()  # the note says how the words are attributed, in particular: not twice
    doubt = case.unverified(q.source, q)
    if doubt:
        parts.append(f"The wording is not verified: {doubt.strip()}")
    if q.issued_by:
        parts.append(f"Issued by {_speaker_label(case, q.issued_by)}.")
    if q.note:
        parts.append(cite(case, q.note.strip()))
    if q.disputed:
        parts.append(f"The attribution is disputed: {cite(case, q.disputed.strip())}")
    parts.append(_source_line(case, q.source))
    return " ".join(parts)


# --- attribution ----------------------------------------------------------------------------


def who_said(case: Case, q: Quote) -> Optional[Question]:
    """Who said it: the quotation in its sentence, its speaker among plausible speakers.

    The key is the speaker of the highlighted words as annotated. Words that hold their own
    attribution ("X said that ...") are the outlet's narration, not X's: such an annotation gets no
    question (``casekit validate --questions`` names it)."""
    if q.presentation in ("direct", "indirect") and cue_overlaps(case, q):
        return None
    if q.genre in OUTLET_GENRES and q.presentation == "none":
        return None  # the report's own narration or remarks: no one "said" it (the genre question asks it)
    qid = f"who_said/{q.id}"
    speaker_actor = case.speaker_actor(q.speaker)
    material = _material(case, q)
    # no one of the speaker's own government or body, unless quoted in the same source and the card
    # names the speaker (then telling them apart is the skill asked); an institution's own people
    # would be arguably right
    colleagues = {speaker_actor} | {p.id for p in case.people if p.actor == speaker_actor}
    exclude = {q.speaker, q.issued_by} | colleagues
    tiers = plausible_speakers(case, q)
    same_source = tiers[0]
    if speaker_actor != q.speaker and names_speaker(case, q.speaker, card_text(material)):
        exclude -= {p for p in colleagues if p in same_source and p not in (speaker_actor, q.speaker)}
    distractors: list[str] = []
    for tier in tiers:
        for s in _pick(qid, (tier,), exclude | set(distractors), len(tier)):
            if len(distractors) < 3 and (s in same_source or case.speaker_actor(s) not in
                                         {case.speaker_actor(d) for d in distractors}):
                distractors.append(s)  # from other sources, one speaker per government or body
    if len(distractors) < MIN_OPTIONS - 1:
        return None  # too few plausible speakers to ask
    choices = _shuffled(qid, [Choice(s, choice_label(case, s)) for s in [q.speaker, *distractors]])
    marker = case.source(q.source).analysis_marker
    hint = ((f"Is it inside quotation marks? Does it stand before or after “{marker}”, where the outlet's own "
             "analysis begins?" if marker else "Is it inside quotation marks? Who is talking: someone quoted, or the outlet?")
            if q.genre in OUTLET_GENRES else
            "Look for the attributing words around it: a name, a title, “said”, “was quoted as saying”. "
            "If there are none, read the sentence before.")
    return Question(id=qid, kind="who_said", skill="attribution", prompt="Who said this?",
                    answer=q.speaker, choices=choices, explanation=_explain_quote(case, q), hint=hint,
                    claims=_claims(case, q), **material)


def card_text(material) -> str:
    """Everything a card shows a student besides its options (a Question or its material)."""
    get = (lambda k: material.get(k, "")) if isinstance(material, dict) else (lambda k: getattr(material, k))
    return "\n".join(get(k) for k in ("prompt", "context", "sentence", "paragraph") if get(k))


def names_speaker(case: Case, speaker: str, text: str) -> bool:
    """Whether a text names a person (by their surname, as a whole word)."""
    surname = case.speaker_name(speaker).split()[-1]
    return bool(re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", text))


def loose_title(case: Case, person_id: str):
    """The casefile's note on a loose title the text gives a person (``title_of``), or None."""
    return next((n for n in case.notes if n.title_of == person_id and n.span), None)


def _title_words(title: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", title) if len(w) > 3}


def capacity(case: Case, person_id: str) -> Question:
    """In what capacity: the title a speaker held at the time. Where the casefile notes a loose title
    the text gives them (lesson 02's skill), the card shows that title in its sentence and asks what
    office the person held; otherwise it asks for the title, with a passage where they speak."""
    person = case.person(person_id)
    qid = f"capacity/{person_id}"
    note = loose_title(case, person_id)
    same_actor = [p.id for p in case.people if p.actor == person.actor]
    common = _title_words(case.actor(person.actor).name)  # the body's own name says nothing of the office
    near = (_title_words(person.title) | (_title_words(note.span) if note else set())) - common
    # the offices most like the key or the text's title first (the same body's before others'), then the rest
    overlap = {p.id: len(_title_words(p.title) & near) for p in case.people}
    alike = [[p for p in ids if overlap[p] == n] for n in sorted(set(overlap.values()) - {0}, reverse=True)
             for ids in (same_actor, [p.id for p in case.people])]
    others = [p.id for p in case.people]
    titles = {p.id: p.title for p in case.people}
    picked: list[str] = []
    for pid in _pick(qid, (*alike, same_actor, others), {person_id}, len(others)):
        if titles[pid] != person.title and titles[pid] not in (titles[x] for x in picked) and len(picked) < 3:
            picked.append(pid)
    choices = _shuffled(qid, [Choice(pid, titles[pid]) for pid in [person_id, *picked]])
    when = case.titles_as_of
    explanation = f"{person.name} was {person.title} (source: {cite(case, person.title_source)})."
    if note:
        source = case.source(note.source)
        start = source.text.find(note.span)
        material = {"quote": note.span, "sentence": source.sentence_at(start, start + len(note.span)),
                    "paragraph": source.paragraph_at(start), "source": note.source,
                    "context": card_context(case, note.source)}
        # the loose-title note explains the text's title; the person's own note says the same again
        explanation += f" The text calls {person.name} “{note.span}”: {note.text}"
        explanation += " " + _source_line(case, note.source)
        return Question(id=qid, kind="capacity", skill="attribution",
                        prompt=(f"The text calls {person.name} “{note.span}”. What office did {person.name} "
                                f"hold {'in ' + when if when else 'at the time'}?"),
                        answer=person_id, choices=choices, explanation=explanation,
                        hint="Titles in news reports can be loose or garbled. Compare the text's words with each "
                             "office: which one did this person hold " + (f"in {when}?" if when else "at the time?"),
                        **material)
    example = next((q for q in case.quotes if q.speaker == person_id and key_may_rest_on(case, q)), None)
    if person.note:
        explanation += " " + cite(case, person.note)
    return Question(id=qid, kind="capacity", skill="attribution",
                    prompt=f"In what capacity did {person.name} speak at the time?",
                    answer=person_id, choices=choices, explanation=explanation,
                    hint="Titles in news reports can be loose. Which office did this person hold "
                         + (f"in {when}?" if when else "at the time?"),
                    **(_material(case, example) if example else {}))


GENRE_RULE = ("The rule: words in quotation marks keep the kind of text they were spoken or written in "
              "(an official statement; a speech, interview or briefing); words in the outlet's own sentences "
              "are its reporting, its report of what someone said (“said that”, “denounced”, “equated”), or "
              "its analysis or comment.")
GENRE_REASONS = (
    ("statement", "An official statement is a text an institution issues in its own name (or its spokesperson for it)."),
    ("speech", "A speech, interview or briefing is someone speaking: the words are theirs, quoted or transcribed."),
    ("reporting", "The outlet's reporting tells what happened in its own words, with no one quoted."),
    ("report_of_speech", "The outlet's report of what someone said tells, in its own words, that someone said, "
                         "denounced or equated something."),
    ("analysis", "The outlet's analysis or comment is its own judgement or explanation."),
)
PRESENTATION_REASONS = (
    ("direct", "A direct quotation stands inside quotation marks."),
    ("indirect", "Indirect speech reports what someone said in the outlet's own words, with no quotation marks."),
    ("mixed", "A mixed quotation is the outlet's sentence with only a fragment of it in quotation marks."),
    ("none", "Words that are not quoted at all are the speaker's own text (a statement, a transcript) or the outlet's own."),
)


def _claims(case: Case, q: Quote) -> tuple[tuple[str, str], ...]:
    """What a question's feedback asserts about the quote's text, as data: the marks shown, whose
    rendering the words are (the source, when it is a translator's), whether the wording is verified."""
    out = [("marks", marks_shown(case, q))]
    if case.rendering(q.source, q) and not (q.genre in OUTLET_GENRES and q.presentation == "none"):
        out.append(("renderer", q.source))
    return tuple(out)


def text_kind(case: Case, q: Quote) -> Optional[Question]:
    """What kind of text: an official statement; a speech, interview or briefing; the outlet's reporting,
    its report of what someone said, or its analysis or comment (the quote's genre). None for a
    disputed attribution: its kind depends on whose words they are."""
    if q.disputed:
        return None
    qid = f"text_kind/{q.id}"
    choices = _shuffled(qid, [Choice(k, v) for k, v in GENRES.items()])
    name = _whose_words(case, q)
    marks = marks_sentence(case, q)
    why = {
        "statement": f"These are words of an official statement by {name}.",
        "speech": f"These are words {case.speaker_name(q.speaker)} spoke (a speech, interview or briefing)"
                  + (f", {name.split(', ', 1)[1]}" if name != case.speaker_name(q.speaker) else "") + ".",
        "reporting": "These are the outlet's own words, telling what happened; no one is quoted.",
        "report_of_speech": "These are the outlet's own words, telling what someone said"
                            + (f" ({case.speaker_name(q.speaker)})" if q.speaker != q.source else "") + ".",
        "analysis": "These are the outlet's own words: its analysis or comment.",
    }[q.genre]
    return Question(id=qid, kind="text_kind", skill="attribution",
                    prompt="What kind of text are the highlighted words?",
                    answer=q.genre, choices=choices,
                    explanation=f"{marks} {why} {GENRE_RULE} {_explain_quote(case, q)}",
                    hint="Who is talking: someone quoted, an institution in its own text, or the outlet? "
                         "Then: what kind of text is it?" + _comment_hint(case, q),
                    reasons=tuple((k, v) for k, v in GENRE_REASONS if k != q.genre),
                    claims=_claims(case, q), **_material(case, q))


def _comment_hint(case: Case, q: Quote) -> str:
    """For the outlet's words inside its own comment, whose start decides between its
    reporting and its comment, and the card's passage may not show the marker."""
    marker = case.source(q.source).analysis_marker
    if not (q.in_analysis and marker and q.genre in OUTLET_GENRES and q.presentation == "none"):
        return ""
    return f" Open the whole paragraph: do the words stand after “{marker}”, where the outlet's own comment begins?"


def presentation(case: Case, q: Quote) -> Optional[Question]:
    """How the words are presented: direct, indirect, mixed or not quoted. Asked only where the card shows
    what decides it: the words' paragraph with its quotation marks (not a source stored as quoted fragments
    without their marks, not a headline, not a quotation whose marks open in an earlier paragraph)."""
    shown = marks_shown(case, q)
    if shown == "not stored" or q.disputed:
        return None
    if q.presentation == "direct" and shown != "enclosed":
        return None  # its marks open in an earlier paragraph, which the card does not show
    qid = f"presentation/{q.id}"
    choices = _shuffled(qid, [Choice(k, v) for k, v in PRESENTATIONS.items()])
    marks = marks_sentence(case, q)
    speaker = case.speaker_name(q.speaker)
    whose = "" if (q.genre in OUTLET_GENRES and q.presentation == "none") else plain_words(case.rendering(q.source, q))
    also = f", {whose}" if whose else ""
    why = {
        "direct": f"{marks} They are given as {possessive(speaker)} words{also}: a direct quotation.",
        "indirect": f"{marks} The outlet reports in its own words what {case.speaker_name(q.speaker)} said"
                    + (f" (“{q.cue}”)" if q.cue else "") + ": indirect speech.",
        "mixed": f"{marks} The sentence is the outlet's; only the fragment in quotation marks is given as someone's words.",
        "none": f"{marks} No one is quoted: "
                + ("the words are the outlet's own." if q.genre in OUTLET_GENRES
                   else f"the words are {possessive(speaker)} own text{also}, as published."),
    }[q.presentation]
    return Question(id=qid, kind="presentation", skill="attribution",
                    prompt="How are the highlighted words presented?",
                    answer=q.presentation, choices=choices, explanation=f"{why} {_explain_quote(case, q)}",
                    hint="Look at the quotation marks: do they enclose the words, only a part of them, or none?",
                    reasons=tuple((k, v) for k, v in PRESENTATION_REASONS if k != q.presentation),
                    claims=_claims(case, q), **_material(case, q))


def cue(case: Case, q: Quote) -> Optional[Question]:
    """The cue: which words attribute the quotation. None when the quote has no cue of its own."""
    if not q.cue or q.presentation not in ("direct", "indirect", "mixed"):
        return None
    span = cue_span(case, q)
    if span is None or cue_overlaps(case, q) or q.start < 0:
        return None  # the cue must stand in the passage shown, outside the highlighted words (not a headline)
    qid = f"cue/{q.id}"
    source = case.source(q.source)
    left, right = source.sentence_bounds(min(q.start, span[0]), max(q.end, span[1]))
    shown = source.text[left:right]
    marker = source.analysis_marker
    # a distractor must not stand in the passage shown: there it might attribute these words too
    others = sorted({x.cue for x in case.quotes_in(q.source)
                     if x.cue and x.cue not in (q.cue, marker) and x.cue not in shown})
    picked = _pick(qid, (others,), set(), 3)
    if len(picked) < MIN_OPTIONS - 1:
        return None
    choices = _shuffled(qid, [Choice(c, f"“{c}”") for c in [q.cue, *picked]])
    material = _material(case, q)
    material["sentence"] = shown
    return Question(id=qid, kind="cue", skill="attribution",
                    prompt="Which words in this passage attribute the highlighted quotation to its speaker?",
                    answer=q.cue, choices=choices,
                    explanation=f"“{q.cue}” attributes it to {_speaker_label(case, q.speaker)}. {_source_line(case, q.source)}",
                    hint="The attributing words name or point to the speaker and say how they spoke: said, stressed, warned.",
                    **material)


def whose_words(case: Case, term_id: str) -> Question:
    """Whose words: a loaded term, and who used it."""
    term = next(t for t in case.terms if t.id == term_id)
    q = case.quote(term.quote)
    qid = f"whose_words/{term.id}"
    also_used = {case.quote(t.quote).speaker for t in case.terms if t.text == term.text}
    actor = case.speaker_actor(q.speaker)
    colleagues = {actor} | {p.id for p in case.people if p.actor == actor}
    exclude = also_used | {actor}
    if actor == q.speaker or not names_speaker(case, q.speaker, card_text(_material(case, q))):
        exclude |= colleagues  # an institution's people would be arguably right; unnamed, indistinguishable
    picked = _pick(qid, plausible_speakers(case, q), exclude, 3)
    choices = _shuffled(qid, [Choice(s, choice_label(case, s)) for s in [q.speaker, *picked]])
    own = q.genre in OUTLET_GENRES and q.presentation == "none"  # the outlet's own sentence: no one is quoted
    where = "in its own sentence, quoting no one" if own else "in the words quoted"
    explanation = (f"“{term.text}” is a term used by {_speaker_label(case, q.speaker)}, {where}: "
                   f"{_sentence(f'“{q.text}”')} "
                   f"{term.gloss} {cite(case, term.note)} {_source_line(case, q.source)}").replace("  ", " ")
    material = _material(case, q)
    material["quote"] = term.text
    return Question(id=qid, kind="whose_words", skill="attribution",
                    prompt=f"Whose words are “{term.text}” in this sentence?",
                    answer=q.speaker, choices=choices, explanation=explanation,
                    hint="Loaded words belong to whoever uses them: the person quoted, or the outlet in its own "
                         "sentence. Are they inside quotation marks, or in a sentence reporting what someone said?",
                    **material)


def adopted(case: Case, term_id: str) -> Question:
    """Whether the outlet adopts a loaded term as its own words or reports it."""
    term = next(t for t in case.terms if t.id == term_id)
    q = case.quote(term.quote)
    qid = f"adopted/{term.id}"
    choices = _shuffled(qid, [Choice("reports", "The outlet reports the words and attributes them to a speaker"),
                              Choice("adopts", "The outlet adopts the words as its own")])
    answer = "adopts" if term.adopted_by_outlet else "reports"
    material = _material(case, q)
    material["quote"] = term.text
    return Question(id=qid, kind="adopted", skill="attribution",
                    prompt=f"Does the outlet use “{term.text}” as its own words?",
                    answer=answer, choices=choices,
                    explanation=(f"The words are used by {_speaker_label(case, q.speaker)}, inside a quotation or a "
                                 f"report of what was said; the outlet does not use them in its own voice. "
                                 f"{cite(case, term.note)} {_source_line(case, q.source)}").replace("  ", " ")
                    if answer == "reports" else
                    (f"The outlet uses the words in its own voice: “{term.text}” stands in its own sentence, with no "
                     f"quotation marks and no one named as saying it. {cite(case, term.note)} "
                     f"{_source_line(case, q.source)}").replace("  ", " "),
                    hint="Are the words inside quotation marks, or in a sentence reporting what someone said?",
                    **material)


def reporting_chain(case: Case) -> Optional[Question]:
    """The reporting chain: the steps between the speaker and the reader, to put in order."""
    return _chain_question(case, "chain/reporting-chain", case.reporting_chain, "")


def reporting_chains(case: Case) -> list[Question]:
    """Every reporting chain of the case, each to put in order: the first keeps the id it always had
    (answer records refer to it); a further chain's id is its own."""
    out = [reporting_chain(case)]
    for chain in case.reporting_chains[1:]:
        out.append(_chain_question(case, f"chain/{chain.id}", chain.steps, chain.title))
    return [q for q in out if q]


def _chain_question(case: Case, qid: str, steps, title: str) -> Optional[Question]:
    if len(steps) < MIN_ITEMS:
        return None
    items = [Choice(f"step-{i + 1}", plain_words(step)) for i, step in enumerate(steps)]
    about = f" ({title})" if title else ""
    return Question(id=qid, kind="chain", skill="attribution",
                    prompt=f"Put the steps between the speaker and you in order, from first to last{about}.",
                    answer=tuple(c.value for c in items), choices=_scrambled(qid, items),
                    explanation="Each step can select, shorten, reword or frame the words: "
                                + " Then: ".join(plain_words(step) for step in steps),
                    hint="Start with the moment the words were spoken and end with you.")


def open_questions(case: Case, skill: str) -> list[Question]:
    return [Question(id=f"open/{q['id']}", kind="open", skill=skill, prompt=q["prompt"], answer="",
                     explanation="", hint="") for q in case.open_questions if q["skill"] == skill]


def _attribution_bank(case: Case, sources: Optional[Sequence[str]] = None) -> list[Question]:
    """Every attribution question the case yields (for the given sources: default all)."""
    sources = list(sources) if sources else [s.id for s in case.sources]
    # a key may not rest on unverified text: a passage or a source marked unverified, or a source the
    # casefile grades C (one copy, or wording that differs between copies)
    quotes = [q for s in sources for q in case.quotes_in(s) if not case.unverified(q.source, q)]
    bank: list[Question] = []
    speakers = []
    named = {p.id for p in case.people if not p.unnamed}  # an unnamed speaker's name already says the office
    for q in quotes:
        if q.speaker in named and q.speaker not in speakers:
            speakers.append(q.speaker)
    # capacity first: the feedback of later cards names speakers' titles, so no earlier card answers it
    bank += [capacity(case, p) for p in speakers]
    # a disputed attribution has no one answer
    bank += [x for x in (who_said(case, q) for q in quotes if not q.disputed) if x]
    bank += [x for x in (text_kind(case, q) for q in quotes) if x]
    bank += [x for x in (presentation(case, q) for q in quotes) if x]
    bank += [x for x in (cue(case, q) for q in quotes) if x]
    # a loaded term is keyed to its speaker (whose_words) and to the outlet's voice (adopted): neither
    # can rest on a disputed attribution, nor on a source graded C
    terms = [t for t in case.terms if case.quote(t.quote).source in sources
             and key_may_rest_on(case, case.quote(t.quote))]
    bank += [whose_words(case, t.id) for t in terms]
    bank += [adopted(case, t.id) for t in terms]
    bank += reporting_chains(case)
    bank += open_questions(case, "attribution")
    return bank


# --- alliances ------------------------------------------------------------------------------


def stance(case: Case, stance_id: str) -> Question:
    s = next(x for x in case.stances if x.id == stance_id)
    qid = f"stance/{s.id}"
    event = case.event_name
    labels = {"support": f"supports {event}", "oppose": f"opposes {event}",
              "conditional": "accepts it only on conditions", "mixed": "mixed: neither plainly for nor against",
              "unclear": "unclear: the sources do not make its position plain"}
    choices = tuple(Choice(p, labels[p]) for p in POSITIONS)
    actor = case.actor(s.actor).name
    evidence = "".join(f"\n• {cite(case, case.describe_evidence(ev))}" for ev in s.evidence)
    return Question(id=qid, kind="stance", skill="alliances",
                    prompt=f"What was the position of {definite(actor)} on {event}, as of {display_date(s.date)}?",
                    answer=s.position, choices=choices,
                    explanation=f"{actor}: {cite(case, s.summary.strip())} Evidence:{evidence}",
                    hint="Read what this actor said or did around that date, in its own words.")


def key_worthy(case: Case, r: Relation) -> bool:
    """Whether a relation may carry an answer key: the evidence shows it explicitly (not a remark in
    passing), and it rests on more than sources of grade C (known only from copies or reports)."""
    if r.strength != "explicit" or r.unverified:
        return False
    return any(e.event or (e.quote and key_may_rest_on(case, case.quote(e.quote)))
               or (not e.quote and e.source in case._index["source"] and case.source(e.source).confidence != "C")
               for e in r.evidence)


def pair_key(case: Case, a: str, b: str) -> str:
    """The expected answer for a pair of actors: cooperates, confronts, mixed or none (relations the
    evidence shows explicitly; a remark in passing does not make a relation; a relation marked
    unverified, resting on unverified text alone, keys nothing)."""
    signs = {r.sign for r in case.relations if r.pair == frozenset((a, b)) and r.strength == "explicit"
             and not r.unverified}
    if not signs:
        return "none"
    if signs == {1}:
        return "cooperates"
    if signs == {-1}:
        return "confronts"
    return "mixed"


def alliance_pairs(case: Case, extra_none: int = 2) -> list[tuple[str, str]]:
    """The pairs whose relation may carry a key, plus pairs with no stated relation, in a stable order.

    A pair is asked only when one of its relations may carry a key (``key_worthy``); a pair known
    only from a remark in passing or from grade-C reports is not asked at all. The casefile may name
    the pairs with no stated relation (``exercises: regional-alliances: no_relation_pairs``, [] for
    none); otherwise a few are chosen, in a stable order."""
    pairs = []
    # a pair whose relations are all marked unverified is not asked, neither as a relation nor as none
    doubtful = {tuple(sorted(r.pair)) for r in case.relations if r.unverified} - {
        tuple(sorted(r.pair)) for r in case.relations if not r.unverified}
    for r in case.relations:
        p = tuple(sorted((r.actor, r.other)))
        if p in doubtful:
            continue
        if p not in pairs and key_worthy(case, r):
            pairs.append(p)
    chosen = case.exercises.get("regional-alliances", {}).get("no_relation_pairs")
    if chosen is not None:
        return pairs + [p for p in (tuple(sorted(x)) for x in chosen) if p not in pairs and p not in doubtful]
    related = {tuple(sorted((r.actor, r.other))) for r in case.relations}
    networked = sorted({x for p in pairs for x in p})
    candidates = [(a, b) for i, a in enumerate(networked) for b in networked[i + 1:]
                  if (a, b) not in related and (a, b) not in doubtful]
    candidates.sort(key=lambda p: _rank("none-pairs", "|".join(p)))
    return pairs + candidates[:extra_none]


def _relation_line(case: Case, r: Relation) -> str:
    ev = "".join(f"\n  • {cite(case, case.describe_evidence(e))}" for e in r.evidence)
    status = (" (a stated intention, not an established fact)"
              if r.intent and "stated intention" not in r.summary else "")
    weak = " A remark in passing: not counted in the network." if r.strength == "passing" else ""
    return (f"{display_date(r.date)}, {case.actor(r.actor).name} toward {case.actor(r.other).name} "
            f"({r.quad}): {cite(case, r.summary)}{status}{weak} What it rests on: {cite(case, r.note)} Evidence:{ev}")


def relation(case: Case, a: str, b: str) -> Question:
    qid = f"relation/{a}--{b}"
    key = pair_key(case, a, b)
    rels = [r for r in case.relations if r.pair == frozenset((a, b))]
    if rels:
        explanation = "\n".join(_relation_line(case, r) for r in rels)
    else:
        explanation = "None of the sources states a relation between these two actors in this episode."
    names = f"{case.actor(a).name} and {case.actor(b).name}"
    return Question(id=qid, kind="relation", skill="alliances",
                    prompt=f"What relation do the sources show between {names}?",
                    answer=key, choices=tuple(Choice(v, label) for v, label in RELATION_CHOICES),
                    explanation=explanation,
                    hint="Look for what one said to or did to the other. Both cooperation and conflict can be present.")


QUAD_CHOICES = tuple(Choice(q.replace(" ", "-"), q) for q in QUAD_CLASSES)


def _voice_rank(case: Case, r: Relation, e: Evidence) -> int:
    """0 for the acting party's own words, 1 for the other party's, 2 for a third party's."""
    actor = case.speaker_actor(case.quote(e.quote).speaker)
    members = case.actor(actor).members
    if actor == r.actor or r.actor in members:
        return 0
    return 1 if actor == r.other or r.other in members else 2


def _document(case: Case, r: Relation) -> Evidence:
    """The piece of evidence a relation question shows: for a material relation the act (an event)
    where there is one; otherwise a quotation from a source not of grade C, the acting party's own
    words first."""
    events = [e for e in r.evidence if e.event]
    quotes = [e for e in r.evidence if e.quote and case.source(e.source).confidence != "C"]
    # English first (a student reads it; a rendering names its translator), then the acting party's
    # own words (its own, an official's, or a joint statement it made)
    quotes.sort(key=lambda e: (bool(case.source(e.source).lang and case.source(e.source).lang != "en"),
                               _voice_rank(case, r, e)))
    order = (events + quotes) if r.mode == "material" else (quotes + events)
    return (order or list(r.evidence))[0]


def relation_type(case: Case, relation_id: str) -> Question:
    """What kind of interaction does the document show: verbal or material, cooperation or conflict?"""
    r = next(x for x in case.relations if x.id == relation_id)
    qid = f"relation_type/{r.id}"
    doc = _document(case, r)
    a, b = case.actor(r.actor).name, case.actor(r.other).name
    if doc.quote:
        q = case.quote(doc.quote)
        src = case.source(q.source)
        shown = (f"“{q.text}” ({attribution(case, q)}, {q.description}; {src.title}, "
                 f"{src.outlet}, {display_date(q.date or src.published)})")
        # an original not in English comes with the English renderings among the evidence
        for e in r.evidence:
            if e.quote and case.quote(e.quote).renders == q.id:
                rq = case.quote(e.quote)
                shown += f"\nIn English: “{rq.text}” ({attribution(case, rq)})"
        extra = dict(quote=q.text, sentence=q.text, paragraph=src.paragraph_at(q.start), source=q.source)
    else:
        e = case.event(doc.event)
        shown = f"{display_date(e.date)}: {e.title} (source: {cite(case, e.cited)})"
        extra = {}
    return Question(id=qid, kind="relation_type", skill="alliances",
                    prompt=(f"{a} toward {b}, {display_date(r.date)}. The document: {shown}\n"
                            f"What kind of interaction does it show?"),
                    answer=r.quad.replace(" ", "-"), choices=QUAD_CHOICES,
                    explanation=(f"{r.quad.capitalize()}"
                                 + (f", of {r.intensity} intensity" if r.intensity else "")
                                 + f": {r.summary} What it rests on: {r.note}"),
                    hint=("Words or deeds? A statement, a warning, a pledge or a threat is verbal, however strong; "
                          "a measure, a visit, a ban or the use of force is material. Then: toward cooperation "
                          "or toward conflict?"), **extra)


def relation_type_ids(case: Case) -> list[str]:
    """The relations asked about, balanced across the four types: as many of each type as the
    rarest type has (at least two where a type has them), chosen in a stable order."""
    by: dict[str, list[Relation]] = {}
    for r in case.relations:
        if key_worthy(case, r):
            by.setdefault(r.quad, []).append(r)
    if not by:
        return []
    n = max(2, min(len(v) for v in by.values()))
    chosen = {r.id for rs in by.values() for r in sorted(rs, key=lambda r: _rank("relation-type", r.id))[:n]}
    return [r.id for r in case.relations if r.id in chosen]


def evidence_match(case: Case, relation_id: str) -> Optional[Question]:
    """Match a relation to the sentence that supports it (only relations that may carry a key and
    have quoted evidence)."""
    r = next(x for x in case.relations if x.id == relation_id)
    if not key_worthy(case, r):
        return None
    # the key: the relation's first quoted evidence an answer key may rest on (not unverified, not disputed)
    mine = [e.quote for e in r.evidence if e.quote and key_may_rest_on(case, case.quote(e.quote))]
    if not mine:
        return None
    qid = f"evidence/{r.id}"
    answer = mine[0]
    # evidence for any relation between the same two actors would be a right answer too
    right = {e.quote for x in case.relations if x.pair == r.pair for e in x.evidence if e.quote}
    # a headline is a title, not a sentence of the text: not offered as "which sentence"
    # the options do not name their speakers: a sentence of the same valence toward (or from) one of
    # the two actors, such as another state's warning to the same government, could be the key's twin
    twins = {e.quote for x in case.relations if x.pair != r.pair and x.valence == r.valence
             and (x.actor in r.pair or x.other in r.pair) for e in x.evidence if e.quote}
    others = [e.quote for x in case.relations if x.pair != r.pair for e in x.evidence
              if e.quote and not case.quote(e.quote).headline
              and _lang(case, case.quote(e.quote).source) == _lang(case, case.quote(answer).source)]
    # twins only where a small casefile has nothing else to offer
    picked = _pick(qid, ([o for o in others if o not in twins], [o for o in others if o in twins]), right, 3)
    if len(picked) < MIN_OPTIONS - 1:
        return None
    choices = _shuffled(qid, [Choice(q, f"“{case.quote(q).text}”") for q in [answer, *picked]])
    quote = case.quote(answer)
    return Question(id=qid, kind="evidence", skill="alliances",
                    prompt=f"Which sentence supports this: {case.actor(r.actor).name} toward "
                           f"{case.actor(r.other).name}, {r.quad} ({display_date(r.date)})?",
                    answer=answer, choices=choices,
                    explanation=f"{_explain_quote(case, quote)} {r.summary}",
                    hint="Which sentence speaks of both actors, or of one acting toward the other?")


ISSUE_CHOICES = (
    Choice("friends-agree", "balanced: friends who agree on it"),
    Choice("adversaries-disagree", "balanced: adversaries who disagree on it"),
    Choice("friends-disagree", "unbalanced: friends who disagree on it"),
    Choice("adversaries-agree", "adversaries who agree on it: unbalanced in the strict sense, but clusterable"),
)


def _issue_key(t: IssueTriad) -> str:
    agree = t.attitude[0] == t.attitude[1]
    return ("friends-" if t.relation > 0 else "adversaries-") + ("agree" if agree else "disagree")


def issue_triad(case: Case, period: str, a: str, b: str) -> Question:
    """Two actors, their relation in a period, and their attitudes to the issue: what triad is it?"""
    t = next(x for x in issue_triads(case, period) if x.actors == (a, b))
    p = case.period(period)
    qid = f"issue_triad/{period}/{a}--{b}"
    rels = [r for r in case.relations_in(period) if r.pair == frozenset((a, b)) and r.strength == "explicit"]
    stance_of = {}
    for x in (a, b):
        mine = [s for s in case.stances if s.actor == x and (not p.end or date_key(s.date) <= date_key(p.end))]
        stance_of[x] = max(mine, key=lambda s: date_key(s.date))
    lines = "\n".join(f"• {display_date(r.date)}, {case.actor(r.actor).name} toward {case.actor(r.other).name}: "
                       f"{r.summary}" for r in rels)
    pos = "\n".join(f"• {case.actor(x).name} on {case.event_name} ({display_date(s.date)}): {s.summary}"
                     for x, s in stance_of.items())
    return Question(id=qid, kind="issue_triad", skill="alliances",
                    prompt=(f"{p.label}. Put {case.event_name} in the place of a third actor. The relation:\n{lines}\n"
                            f"Their positions:\n{pos}\nWhat triad do {case.actor(a).name}, "
                            f"{case.actor(b).name} and {case.event_name} form?"),
                    answer=_issue_key(t), choices=ISSUE_CHOICES,
                    explanation=describe_issue_triad(case, t),
                    hint="First: friends or adversaries in this period? Then: do they take the same side on the issue?")


def issue_triad_items(case: Case) -> list[tuple[str, str, str]]:
    """(period, a, b) of the issue triads asked: one of each kind in the case (the first period
    that has it, in a stable order within it)."""
    seen: dict[str, tuple[str, str, str]] = {}
    for p in case.periods:
        for t in sorted(issue_triads(case, p.id), key=lambda t: _rank("issue-triad", t.key())):
            if not all(key_worthy(case, r) or r.strength != "explicit" for r in case.relations_in(p.id)
                       if r.pair == frozenset(t.actors)):
                continue
            if not any(key_worthy(case, r) for r in case.relations_in(p.id) if r.pair == frozenset(t.actors)):
                continue
            seen.setdefault(_issue_key(t), (p.id, *t.actors))
    return [seen[c.value] for c in ISSUE_CHOICES if c.value in seen]


RESOLUTION_CHOICES = (
    Choice("relation", "resolved: a relation between two of them changed sign"),
    Choice("attitude", "resolved: an actor's attitude to the issue changed"),
    Choice("persists", "still unbalanced"),
    Choice("not-stated", "not observed: no attitude changed, and a relation of the triad is not stated in the next period"),
)


def _triad_words(case: Case, t) -> str:
    if isinstance(t, IssueTriad):
        return describe_issue_triad(case, t).split(" Unbalanced")[0].split(" Adversaries who")[0]
    return describe_triad(case, t).split(" The triad is")[0].split(" All three")[0]


def resolution(case: Case, before: str, after: str, change: TriadChange) -> Question:
    """A triad unbalanced in one period: what became of it in the next?"""
    t = change.triad
    qid = f"resolution/{before}--{after}/{t.key()}"
    key = change.by if change.outcome == "resolved" else change.outcome
    p0, p1 = case.period(before), case.period(after)
    return Question(id=qid, kind="resolution", skill="alliances",
                    prompt=(f"{p0.label}: {_triad_words(case, t)} This triad is not balanced. "
                            f"What became of it in the next period ({p1.label})?"),
                    answer=key, choices=RESOLUTION_CHOICES,
                    explanation=_sentence(f"{dict((c.value, c.label) for c in RESOLUTION_CHOICES)[key].capitalize()}: {change.how}"),
                    hint="Compare the next period's relations and positions with these: what changed, and between whom?")


def resolution_items(case: Case) -> list[tuple[str, str, TriadChange]]:
    """Every triad not balanced in one period, with what became of it in the next (save where a
    relation and an attitude both changed: two answers would be right)."""
    out = []
    for p0, p1 in zip(case.periods, case.periods[1:]):
        out += [(p0.id, p1.id, c) for c in changes(case, p0.id, p1.id) if c.by != "both"]
    return out


def default_timeline(case: Case, n: int = 6) -> list[str]:
    """n events with distinct dates, spread over the whole period (so the order has one answer)."""
    by_date: dict[str, str] = {}
    for e in case.events:
        if not is_partial_date(e.date):  # a month-only date has no place among days
            by_date.setdefault(e.date, e.id)
    dates = sorted(by_date)
    if len(dates) <= n:
        return [by_date[d] for d in dates]
    return [by_date[dates[round(i * (len(dates) - 1) / (n - 1))]] for i in range(n)]


def timeline(case: Case, event_ids: Sequence[str], name: str = "timeline") -> Question:
    """Put a set of events in order (the key: by date, then as listed in the casefile)."""
    events = sorted((case.event(e) for e in event_ids), key=lambda e: date_key(e.date))
    if len(events) < MIN_ITEMS:
        raise ValueError(f"timeline {name!r}: needs at least {MIN_ITEMS} events to order, got {len(events)}")
    if any(dates_overlap(a.date, b.date) for a, b in zip(events, events[1:])):
        raise ValueError(f"timeline {name!r}: two events share a date (or a month), so the order would be ambiguous")
    qid = f"timeline/{name}"
    items = [Choice(e.id, e.title) for e in events]
    explanation = " ".join(f"{display_date(e.date)}: {e.title} (source: {cite(case, e.cited)})." for e in events)
    return Question(id=qid, kind="timeline", skill="alliances", prompt="Put these events in the order they happened.",
                    answer=tuple(e.id for e in events), choices=_scrambled(qid, items), explanation=explanation,
                    hint=f"Which came before {case.event_name}, and which after? Measures often follow words.")


def _alliance_bank(case: Case, timeline_events: Optional[Sequence[str]] = None) -> list[Question]:
    """Every alliance question the case yields."""
    # a stance or relation marked unverified (it rests on unverified text alone) keys no question
    bank = [stance(case, s.id) for s in case.stances if not s.unverified]
    unverified_pairs = {r.pair for r in case.relations if r.unverified} - {r.pair for r in case.relations
                                                                            if not r.unverified}
    bank += [relation(case, a, b) for a, b in alliance_pairs(case) if frozenset((a, b)) not in unverified_pairs]
    bank += [relation_type(case, rid) for rid in relation_type_ids(case)]
    bank += [x for x in (evidence_match(case, r.id) for r in case.relations) if x]
    bank += [issue_triad(case, p, a, b) for p, a, b in issue_triad_items(case)]
    bank += [resolution(case, p0, p1, c) for p0, p1, c in resolution_items(case)]
    if timeline_events is None:
        timeline_events = default_timeline(case)
    if len(timeline_events) >= MIN_ITEMS:
        bank.append(timeline(case, timeline_events))
    bank += open_questions(case, "alliances")
    return bank


# --- answer keys ----------------------------------------------------------------------------


def answer_key(questions: Iterable[Question]) -> dict[str, object]:
    """Question id to answer, for the questions that are marked."""
    return {q.id: (list(q.answer) if q.is_order else q.answer) for q in questions if not q.is_open}


def key_checksum(questions: Iterable[Question]) -> str:
    """A checksum of an answer key: records made against another key can be told apart."""
    data = json.dumps(answer_key(questions), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


EXERCISES = {
    "source-attribution": ("attribution", "Who said what, how, in what capacity"),
    "regional-alliances": ("alliances", "Who stood with or against whom, on what evidence"),
}


# --- translation: which outlet, what differs, whose English --------------------------------------------------------------------------------


def _trusted(case: Case, q: Quote) -> bool:
    """A rendering quote an answer key may rest on: not disputed, not a headline, not unverified (the
    passage or its source marked so, or its source graded C)."""
    return key_may_rest_on(case, q) and not q.headline


def _outlet_label(case: Case, source_id: str) -> str:
    return plain_words(case.source(source_id).translated_by)


def _rendering_line(case: Case, q: Quote) -> str:
    s = case.source(q.source)
    grade = f"; confidence {s.confidence}" if s.confidence else ""
    return f"“{q.text}” ({cite(case, attribution(case, q))}; source: {document_name(s)}{grade})"


def _original_line(case: Case, p: Passage) -> str:
    s = case.source(p.original.source)
    return (f"The original ({s.language or s.lang}): “{p.original.text}” ({case.speaker_name(p.original.speaker)}; "
            f"source: {document_name(s)}).")


def which_outlet(case: Case, quote_id: str) -> Optional[Question]:
    """Which outlet's rendering is this: the outlets that rendered the passage; the key, whose text it is.

    None when the key could be doubted: the rendering is disputed, a headline or from a grade-C source;
    fewer than two other outlets rendered the passage; another outlet printed the same words (or these
    words within its own); or two of the outlets offered share a name.
    """
    r = case.quote(quote_id)
    if not r.renders or not _trusted(case, r):
        return None
    p = passage_of(case, quote_id)
    if case.source(r.source).lang:  # an English rendering is asked about, among English renderings
        return None
    p = dataclasses.replace(p, renderings=tuple(x for x in p.renderings if not case.source(x.source).lang))
    others = [s for s in p.outlets if s != r.source]
    if len(others) < 2:
        return None
    for other in p.renderings:
        if other.source != r.source and (contains_words(other.text, r.text) or same_words(other.text, r.text)):
            return None
    for sid in others:  # the words must be this outlet's alone among the renderings of this original
        if contains_words(case.source(sid).text, r.text):
            return None
    labels = [_outlet_label(case, s) for s in p.outlets]
    if len({label.lower() for label in labels}) < len(labels):
        return None
    # the words asked about: a span of this rendering that none of the others has
    first_other = next(o for o in p.renderings if o.source != r.source)
    spans = [c.b for c in compare(first_other.text, r.text).changes if c.b]
    spans = [x for x in spans if len(words(x)) >= 2 and not any(
        contains_words(o.text, x) for o in p.renderings if o.source != r.source)]
    # (no such span: the whole rendering, which no other outlet printed)
    key_words = max(spans, key=lambda x: (len(words(x)), -r.text.find(x))) if spans else r.text
    qid = f"which_outlet/{r.id}"
    choices = _shuffled(qid, [Choice(s, _outlet_label(case, s)) for s in p.outlets])
    lines = [_original_line(case, p)] + [
        f"{_outlet_label(case, x.source)}: {_rendering_line(case, x)}" for x in p.renderings]
    distinct = []
    for x in p.renderings:
        if x.source != r.source:
            distinct.append(f"Compared with {_possessive(_split_gloss(_outlet_label(case, x.source))[0])}: "
                            + compare(x.text, r.text).describe(_split_gloss(_outlet_label(case, x.source))[0],
                                                               "this rendering"))
    r_label = _outlet_label(case, r.source)
    explanation = (("These words are" if key_words == r.text else f"“{key_words}” is in")
                   + f" {_possessive(_split_gloss(r_label)[0])} rendering: “{r.text}” (source: {document_name(case.source(r.source))}). Every rendering of the passage held here:\n• "
                   + "\n• ".join(lines) + "\nWhat sets this rendering apart, word for word:\n• "
                   + "\n• ".join(distinct))
    src = case.source(r.source)
    # the card shows every outlet's rendering, each named: the question is which printed these words
    shown = "\n".join(f"{_split_gloss(_outlet_label(case, x.source))[0]}: “{x.text}”"
                      for x in sorted(p.renderings, key=lambda x: _outlet_label(case, x.source).lower()))
    return Question(id=qid, kind="which_outlet", skill="translation",
                    prompt=f"Several outlets published English renderings of this passage of "
                           f"{case.source(p.original.source).title}:\n{shown}\n"
                           f"Which outlet's rendering has the words “{key_words}”?",
                    answer=r.source, choices=choices, explanation=explanation,
                    hint="Read the renderings above side by side: which of them has these words, word for word?",
                    quote=key_words, sentence="", paragraph=src.paragraph_at(r.start), source=r.source,
                    reasons=tuple((x, f"{_possessive(plain_words(_outlet_label(case, x)).split(' (')[0].strip())} rendering "
                                      f"above does not have these words.") for x in others))


def what_differs(case: Case, a_id: str, b_id: str) -> Optional[Question]:
    """What does rendering B have that rendering A does not: the key computed from the word comparison.

    The options are one span of B's words that A lacks (preferably one none of whose words A has) and up to three spans of B's
    words that A has too. None when the two quotes are not renderings of the same passage by two
    outlets, either cannot carry a key, they have the same words, or fewer than two shared spans exist.
    """
    a, b = case.quote(a_id), case.quote(b_id)
    if not (a.renders and a.renders == b.renders and a.source != b.source and _trusted(case, a) and _trusted(case, b)):
        return None
    cmp = compare(a.text, b.text)
    candidates = [c for c in cmp.changes if c.b and not contains_words(a.text, c.b)]
    if not candidates:
        return None
    wb = words(b.text)
    in_a = {w.norm for w in words(a.text)}

    def weight(c: Change) -> tuple[bool, int, int, int]:
        # a span none of whose words A has first; then the most such words; then the longest; then the first
        span = wb[c.b_words[0]:c.b_words[1]]
        own = sum(1 for w in span if w.norm not in in_a)
        return own == len(span), own, len(c.b), -c.b_words[0]

    key = max(candidates, key=weight)
    shared = []
    for _, _i1, _i2, j1, j2 in (op for op in difflib.SequenceMatcher(
            None, [w.norm for w in words(a.text)], [w.norm for w in wb], autojunk=False).get_opcodes() if op[0] == "equal"):
        for start in range(j1, j2, 4):  # spans of up to four shared words
            end = min(start + 4, j2)
            if end - start >= 2:
                shared.append((start, end))
    # a wrong option must be in A exactly as B spells it (so "co-existence" is not offered against "coexistence")
    shared = [(i, j) for i, j in shared if _span(b.text, wb, i, j).lower() in a.text.lower()]
    if len(shared) < 2:
        return None
    qid = f"what_differs/{a.id}--{b.id}"
    picked = sorted(shared, key=lambda ij: _rank(qid, f"{ij[0]}-{ij[1]}"))[:3]
    value = lambda i, j: f"words-{i}-{j}"  # noqa: E731 - B's word range: stable while the texts are
    key_value = value(*key.b_words)
    choices = _shuffled(qid, [Choice(key_value, f"“{key.b}”")]
                        + [Choice(value(i, j), f"“{_span(b.text, wb, i, j)}”") for i, j in picked])
    a_name = _split_gloss(_outlet_label(case, a.source))[0]
    b_name = _split_gloss(_outlet_label(case, b.source))[0]
    p = passage_of(case, a.id)
    paired = any(text.endswith(f"where {a_name} has “{key.a}”")
                 for text, _ in key.statements(a_name, b_name, a.text, b.text)) if key.a else False
    explanation = (f"{_possessive(b_name)} words “{key.b}” are not in {_possessive(a_name)} rendering"
                   + (f", which has “{key.a}” there" if paired else "") + ". Word for word: "
                   + cmp.describe(a_name, b_name) + f"\n• {a_name}: {_rendering_line(case, a)}\n• {b_name}: "
                   + _rendering_line(case, b) + "\n" + _original_line(case, p))
    reasons = tuple((value(i, j), f"{a_name}'s rendering has these words too.") for i, j in picked)
    # what the comparison asserts, as data the bank check verifies: words absent from A (the key among them)
    claims = (("not-in-a", key.b),) + tuple((f"compare:{k}", v) for k, v in cmp.claims())
    return Question(id=qid, kind="what_differs", skill="translation", claims=claims,
                    prompt=(f"Two English renderings of the same passage of {case.source(p.original.source).title}.\n"
                            f"{a_name}: “{a.text}”\n{b_name}: “{b.text}”\n"
                            f"Which words does {_possessive(b_name)} rendering have that {_possessive(a_name)} does not?"),
                    answer=key_value, choices=choices, explanation=explanation,
                    hint=f"Read the two renderings side by side, word by word: which of these words can you not find in {_possessive(a_name)}?",
                    sentence=b.text, source=b.source, reasons=reasons)


# Titles for the parts of an exercise that shows these questions, by question kind.
TRANSLATION_PART_TITLES = {
    "which_outlet": "Which outlet's rendering is this?",
    "what_differs": "What one rendering has that another lacks",
    "own_english": "Whose English is it?",
}

# What each kind of question practises, in the words the exercises use for their parts (the quiz's
# part titles and the report's skills alike).
PART_TITLES = {
    "who_said": "Who said it?", "capacity": "In what capacity?", "text_kind": "What kind of text?",
    "presentation": "How are the words presented?",
    "cue": "The attributing words", "whose_words": "Whose words?", "adopted": "Adopted or reported?",
    "chain": "The reporting chain", "open": "Written answers", "stance": "Positions",
    "relation": "Who stood with whom?", "evidence": "Evidence for each relation", "timeline": "The timeline",
    "relation_type": "Words or deeds, cooperation or conflict?", "issue_triad": "The issue as the third party",
    "resolution": "From one period to the next",
    **TRANSLATION_PART_TITLES,
}

OWN_ENGLISH_CHOICES = (
    Choice("yes", "Yes: the speaker's own office published this English; quote it as theirs, naming that page"),
    Choice("no", "No: the English is the translator's; quote it as the speaker's words in that outlet's rendering"),
)


def quotable_as_own(case: Case, quote_id: str) -> Optional[Question]:
    """Can these words be quoted as the speaker's own English? No, unless ``own_english`` holds.

    None for a quote that is not in a rendering, or cannot carry a key (disputed, headline, grade C).
    """
    q = case.quote(quote_id)
    source = case.source(q.source)
    if not source.translation_of or not _trusted(case, q):
        return None
    original = case.source(source.translation_of)
    speaker = case.speaker_name(q.speaker)
    own = own_english(case, source)
    qid = f"own_english/{q.id}"
    rule = ("The rule: a quotation in a translation is the translator's words. Quote it as the speaker's "
            "own English only when the office that issued the original published that English itself; "
            "otherwise name who published the English: “" + cite(case, attribution(case, q)) + "”.")
    language = original.language or original.lang
    if own:
        why = (f"Yes. The original, in {language}, was published by {definite(_publisher(original.outlet))} "
               f"(source: {document_name(original)}). This English was published "
               f"by the same office: “{source.outlet}” (source: {document_name(source)}). It is the office's own English "
               f"version, so it may be quoted as {speaker}'s statement in English, naming that page.")
    else:
        why = (f"No. The original is in {language} (source: {document_name(original)}). The English “{q.text}” was "
               f"published by {cite(case, source.translated_by)} (source: {document_name(source)}), not by the office that issued the "
               f"statement: the English words are that publisher's translation, and another translator may "
               f"render the passage differently.")
    return Question(id=qid, kind="own_english", skill="translation",
                    prompt=f"Can these words be quoted as {speaker}'s own English?",
                    answer="yes" if own else "no", choices=OWN_ENGLISH_CHOICES,
                    explanation=f"{why} {rule}",
                    hint="Who published this English: the speaker's own office, or a news outlet? Look at the source's publisher.",
                    quote=q.text, sentence=q.text, paragraph=source.paragraph_at(q.start), source=q.source,
                    context=card_context(case, q.source))  # the publisher the hint asks about


def _translation_bank(case: Case, sources: Optional[Sequence[str]] = None) -> list[Question]:
    """Every translation question the case yields, for the given originals (default: all).

    Per passage: a "which outlet" question for each rendering that can carry one; a "what differs"
    question comparing each other rendering with the first that can carry a key; and per rendering
    source one "own English" question, on its first quote that can carry a key.
    """
    chosen = list(sources) if sources is not None else [s.id for s in originals(case)]
    bank: list[Question] = []
    own_done: set[str] = set()
    for sid in chosen:
        for p in passages(case, sid):
            bank += [x for x in (which_outlet(case, r.id) for r in p.renderings) if x]
            trusted = [r for r in p.renderings if _trusted(case, r)]
            if trusted:
                ref = trusted[0]
                for r in trusted[1:]:
                    if r.source != ref.source:
                        x = what_differs(case, ref.id, r.id)
                        if x:
                            bank.append(x)
            for r in p.renderings:
                if r.source not in own_done:
                    x = quotable_as_own(case, r.id)
                    if x:
                        bank.append(x)
                        own_done.add(r.source)
    return bank


# --- the banks: computed once per case (a case never changes once loaded; questions are frozen) ---

def attribution_bank(case: Case, sources: Optional[Sequence[str]] = None) -> list[Question]:
    """Every attribution question the case yields (for the given sources: default all)."""
    key = ("attribution bank", tuple(sources) if sources else None)
    return list(case.remember(key, lambda: tuple(_attribution_bank(case, sources))))


def translation_bank(case: Case, sources: Optional[Sequence[str]] = None) -> list[Question]:
    """Every translation question the case yields, for the given originals (default: all)."""
    key = ("translation bank", tuple(sources) if sources is not None else None)
    return list(case.remember(key, lambda: tuple(_translation_bank(case, sources))))


def alliance_bank(case: Case, timeline_events: Optional[Sequence[str]] = None) -> list[Question]:
    """Every alliance question the case yields."""
    key = ("alliance bank", tuple(timeline_events) if timeline_events is not None else None)
    return list(case.remember(key, lambda: tuple(_alliance_bank(case, timeline_events))))


def exercise_sources(case: Case, exercise: str) -> list[str]:
    """The sources an exercise reads: the casefile's ``exercises: <name>: sources``, else all."""
    return list(case.exercises.get(exercise, {}).get("sources") or [s.id for s in case.sources])


def exercise_questions(case: Case, exercise: str) -> list[Question]:
    """Every question of a named exercise (offered and "more practice" alike): the answer key."""
    return list(case.remember(("exercise questions", exercise), lambda: tuple(_exercise_questions(case, exercise))))


def _exercise_questions(case: Case, exercise: str) -> list[Question]:
    if exercise == "source-attribution":
        sources = exercise_sources(case, exercise)
        bank = attribution_bank(case, sources=sources)
        translated = translation_bank(case, sources=[s.id for s in originals(case) if s.id in sources])
        return [q for q in bank if not q.is_open] + translated + [q for q in bank if q.is_open]
    if exercise == "regional-alliances":
        return alliance_bank(case)
    raise KeyError(exercise)


def accepted_checksums(case: Case, exercise: str, bank: Optional[Sequence[Question]] = None) -> set[str]:
    """The answer keys a record may have been made against: the current one, and the earlier keys
    the casefile lists (records made against those are re-marked against the current key)."""
    bank = exercise_questions(case, exercise) if bank is None else bank
    earlier = case.exercises.get(exercise, {}).get("earlier_keys") or []
    return {key_checksum(bank), *earlier}


# --- what an exercise asks: at most `marked` marked questions, the rest "more practice" --------

DEFAULT_MARKED = 30  # about 50 minutes of class (DESIGN: an exercise fits its stated time)
TOGETHER = ("relation",)  # kinds offered all together or not at all by the default choice


class SelectionError(ValueError):
    """A selection that names questions the exercise does not have, or an unknown session."""


@dataclass(frozen=True)
class Selection:
    offered: tuple[Question, ...]  # marked questions offered, and every written question
    practice: tuple[Question, ...]  # the other marked questions: "more practice", not counted

    @property
    def offered_ids(self) -> list[str]:
        return [q.id for q in self.offered]


def _features(case: Case, q: Question) -> set[str]:
    """What a question covers: its kind (a skill), its kind of source, and its kind of text."""
    out = {f"kind:{q.kind}"}
    if q.source:
        out.add(f"source:{case.source(q.source).kind}")
    quote_id = q.id.split("/", 1)[1]
    if q.kind in ("who_said", "text_kind", "cue") and quote_id in {x.id for x in case.quotes}:
        out.add(f"text:{q.kind}:{case.quote(quote_id).kind}")  # e.g. who said a paraphrase
    return out


DEFAULT_LANGUAGES = ("en",)  # what a class reads unless its exercise says otherwise (``languages``)


def _lang(case: Case, source_id: str) -> str:
    return case.source(source_id).lang or "en"


def question_languages(case: Case, q: Question) -> dict[str, str]:
    """The language of each text a question shows a student: its material, and options that are quotations."""
    out = {}
    if q.source and (q.sentence or q.quote or q.paragraph):
        out["material"] = _lang(case, q.source)
    quote_ids = {x.id for x in case.quotes}
    for c in q.choices:
        if isinstance(c.value, str) and c.value in quote_ids:
            out[f"option:{c.value}"] = _lang(case, case.quote(c.value).source)
    return out


def key_by_script(case: Case, q: Question) -> bool:
    """Whether the key is the only option in its language (found by its script alone)."""
    langs = question_languages(case, q)
    key = langs.get(f"option:{q.answer}") if isinstance(q.answer, str) else None
    options = [v for k, v in langs.items() if k.startswith("option:")]
    return bool(key) and len(options) > 1 and options.count(key) == 1


def exercise_languages(case: Case, exercise: str) -> tuple[str, ...]:
    """The languages an exercise's default questions may show: the casefile's ``languages``, else English."""
    return tuple(case.exercises.get(exercise, {}).get("languages") or DEFAULT_LANGUAGES)


def readable(case: Case, q: Question, languages: Sequence[str] = DEFAULT_LANGUAGES) -> bool:
    """Whether a class reading these languages can read every text the question shows, and its key is
    not the odd one out by its script."""
    return set(question_languages(case, q).values()) <= set(languages) and not key_by_script(case, q)


def teaches(case: Case, q: Question) -> bool:
    """Whether a question practises what the lessons model: the case's first source (``core_source``)
    read closely, a loose title in it."""
    return bool(q.source) and q.source == case.core_source


def default_selection(case: Case, bank: Sequence[Question], limit: int = DEFAULT_MARKED,
                      languages: Sequence[str] = DEFAULT_LANGUAGES) -> list[str]:
    """At most `limit` marked questions, chosen deterministically among those the class can read (see
    ``readable``): first one of every kind of question and of text, then in turn from each kind of
    question, so every skill is practised; within a kind, the questions on ``core_source`` first and
    keys balanced (the key least often chosen so far first)."""
    marked = [q for q in bank if not q.is_open and readable(case, q, languages)]
    if len(marked) <= limit:
        return [q.id for q in marked]

    def order(q: Question) -> tuple:
        return (not teaches(case, q), _rank("selection", q.id))

    kinds: dict[str, list[Question]] = {}
    for q in sorted(marked, key=order):
        kinds.setdefault(q.kind, []).append(q)
    # the pairs of the network are one task (drawn, and its triads judged, together): all of them when
    # they fit in half the questions, else that many pairs among the actors most often related
    chosen: list[Question] = [q for q in marked if q.kind in TOGETHER]
    if len(chosen) > limit // 2:
        degree: dict[str, int] = {}
        for r in case.relations:
            for actor in r.pair:
                degree[actor] = degree.get(actor, 0) + 1

        def density(q: Question) -> tuple:
            a, b = q.id.split("/", 1)[1].split("--")
            return (-(degree.get(a, 0) + degree.get(b, 0)), _rank("selection", q.id))

        chosen = sorted(chosen, key=density)[: limit // 2]
    covered: set[str] = set().union(*(_features(case, q) for q in chosen)) if chosen else set()
    # cover every feature once: every kind of question first, then every kind of text (the kinds of
    # source come with the turns below: ``core_source`` read closely is what the lessons model)
    for prefix in ("kind:", "text:"):
        for q in sorted(marked, key=order):
            new = {f for f in _features(case, q) - covered if f.startswith(prefix)}
            if new and len(chosen) < limit and q.kind not in TOGETHER and q not in chosen:
                chosen.append(q)
                covered |= _features(case, q)
    turns = [k for k in dict.fromkeys(q.kind for q in marked) if k not in TOGETHER]
    while len(chosen) < limit:  # then take turns across the kinds of question
        before = len(chosen)
        for kind in turns:
            rest = [q for q in kinds[kind] if q not in chosen]
            if rest and len(chosen) < limit:
                keys = [str(x.answer) for x in chosen if x.kind == kind]
                chosen.append(min(rest, key=lambda q: (not teaches(case, q), keys.count(str(q.answer)))))
        if len(chosen) == before:
            break
    ids = {q.id for q in chosen}
    return [q.id for q in marked if q.id in ids]  # in the bank's order


def select(case: Case, exercise: str, bank: Sequence[Question],
           session: Union[None, str, Sequence[str]] = None) -> Selection:
    """What an exercise offers. `session`: None (the casefile's `offered` list, else the default
    choice of at most `marked` questions), "all", the name of one of the casefile's `sessions`, or a
    list of question ids. Written (open) questions are always offered."""
    spec = case.exercises.get(exercise, {})
    where = f"{case.path}/case.yaml: exercises.{exercise}"
    if session is None:
        ids = spec.get("offered")
        if ids is None:
            ids = default_selection(case, bank, int(spec.get("marked") or DEFAULT_MARKED),
                                    exercise_languages(case, exercise))
    elif isinstance(session, str):
        if session == "all":
            ids = [q.id for q in bank]
        elif session in (spec.get("sessions") or {}):
            ids = spec["sessions"][session]
        else:
            known = ", ".join(["all", *(spec.get("sessions") or {})])
            raise SelectionError(f"{where}.sessions: no session {session!r} (known: {known})")
    else:
        ids = list(session)
    known_ids = {q.id for q in bank}
    unknown = [i for i in ids if i not in known_ids]
    if unknown:
        raise SelectionError(f"{where}: unknown question id(s) {', '.join(map(repr, unknown))}")
    wanted = set(ids)
    offered = tuple(q for q in bank if q.id in wanted or q.is_open)
    practice = tuple(q for q in bank if q not in offered)
    return Selection(offered, practice)
