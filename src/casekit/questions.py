"""Question banks generated from a Case: plain data, no widgets.

A question's id is ``<kind>/<annotation id>``; its choices' values are ids from the casefile, so
re-wording a quotation, a name or a prompt never breaks an answer record. Choice order is a
deterministic shuffle seeded by the question id.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence, Union

from .model import POSITIONS, QUOTE_KINDS, Case, Quote, date_key, dates_overlap, display_date, is_partial_date
from .style import SYMBOL_RIGHT, SYMBOL_WRONG

Answer = Union[str, tuple]

ORDER_KINDS = ("chain", "timeline")
RELATION_CHOICES = (("cooperates", "cooperates or supports"), ("confronts", "confronts, opposes or warns"),
                    ("mixed", "both: cooperation and confrontation"), ("none", "no stated relation"))


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
        why = f"{len(wrong)} item(s) are not in their place."
    if attempt <= 1:
        return Feedback(False, f"{SYMBOL_WRONG} Not yet. {why} Hint: {question.hint} Try again.".replace("  ", " "))
    if question.is_order:
        order = "; ".join(f"{i + 1}. {question.label_of(v)}" for i, v in enumerate(question.answer))
        right = f"The order is: {order}."
    else:
        right = f"The answer is: {question.label_of(question.answer)}."
    return Feedback(False, f"{SYMBOL_WRONG} Not right. {why} {right} {question.explanation}".replace("  ", " "))


# --- helpers --------------------------------------------------------------------------------


def _rank(seed: str, value: str) -> str:
    return hashlib.sha256(f"{seed}|{value}".encode("utf-8")).hexdigest()


def _shuffled(seed: str, choices: Iterable[Choice]) -> tuple[Choice, ...]:
    return tuple(sorted(choices, key=lambda c: _rank(seed, c.value)))


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
    return f"Source: {s.title} ({s.outlet}, {s.published})."


def _speaker_label(case: Case, speaker: str) -> str:
    return f"{case.speaker_name(speaker)} ({case.speaker_capacity(speaker)})"


def _material(case: Case, q: Quote) -> dict:
    source = case.source(q.source)
    return {"quote": q.text, "sentence": source.sentence_at(q.start, q.end),
            "paragraph": source.paragraph_at(q.start), "source": q.source}


def _attribution_words(case: Case, q: Quote) -> str:
    marker = case.source(q.source).analysis_marker  # where the outlet's own analysis begins, if it has one
    if q.cue and q.cue != marker:
        return f"The source attributes it with “{q.cue}”."
    if q.kind == "analysis":
        return "It is the outlet's own text: no one is quoted." + (
            f" It stands in the outlet's own analysis, from “{marker}” on." if q.in_analysis else "")
    if q.kind == "statement":
        return "It is a sentence of an official statement, attributed by the statement's heading."
    return "It has no attributing words of its own: it is read as the speaker's from the sentence before."


def _explain_quote(case: Case, q: Quote) -> str:
    who = _speaker_label(case, q.speaker)
    parts = [f"“{q.text}” — {who}, {QUOTE_KINDS[q.kind]}{', ' + display_date(q.date) if q.date else ''}.",
             _attribution_words(case, q)]
    if q.issued_by:
        parts.append(f"Issued by {_speaker_label(case, q.issued_by)}.")
    if q.note:
        parts.append(q.note.strip())
    if q.disputed:
        parts.append(f"The attribution is disputed: {q.disputed.strip()}")
    parts.append(_source_line(case, q.source))
    return " ".join(parts)


# --- attribution ----------------------------------------------------------------------------


def who_said(case: Case, q: Quote) -> Question:
    """Who said it: the quotation in its sentence, its speaker among plausible speakers."""
    qid = f"who_said/{q.id}"
    speaker_actor = case.speaker_actor(q.speaker)
    exclude = {q.speaker, q.issued_by}
    if q.speaker in {a.id for a in case.actors}:
        # an institution speaks: its own people would be arguably right, so they are not offered
        exclude |= {p.id for p in case.people if p.actor == q.speaker}
    else:
        exclude.add(speaker_actor)
    same_source = [x.speaker for x in case.quotes_in(q.source)]
    same_actor = [p.id for p in case.people if p.actor == speaker_actor]
    speakers = [x.speaker for x in case.quotes]
    distractors = _pick(qid, (same_source, same_actor, speakers), exclude, 3)
    choices = _shuffled(qid, [Choice(s, _speaker_label(case, s)) for s in [q.speaker, *distractors]])
    marker = case.source(q.source).analysis_marker
    hint = ((f"Is it inside quotation marks? Does it stand before or after “{marker}”, where the outlet's own "
             "analysis begins?" if marker else "Is it inside quotation marks? Who is talking: someone quoted, or the outlet?")
            if q.kind == "analysis" else
            "Look for the attributing words around it: a name, a title, “said”, “was quoted as saying”. "
            "If there are none, read the sentence before.")
    return Question(id=qid, kind="who_said", skill="attribution", prompt="Who said this?",
                    answer=q.speaker, choices=choices, explanation=_explain_quote(case, q), hint=hint,
                    **_material(case, q))


def capacity(case: Case, person_id: str) -> Question:
    """In what capacity: a speaker and the title they held at the time."""
    person = case.person(person_id)
    qid = f"capacity/{person_id}"
    same_actor = [p.id for p in case.people if p.actor == person.actor]
    others = [p.id for p in case.people]
    titles = {p.id: p.title for p in case.people}
    picked: list[str] = []
    for pid in _pick(qid, (same_actor, others), {person_id}, len(others)):
        if titles[pid] != person.title and titles[pid] not in (titles[x] for x in picked) and len(picked) < 3:
            picked.append(pid)
    choices = _shuffled(qid, [Choice(pid, titles[pid]) for pid in [person_id, *picked]])
    example = next((q for q in case.quotes if q.speaker == person_id), None)
    explanation = f"{person.name} was {person.title} (source: {person.title_source})."
    if person.note:
        explanation += " " + person.note
    return Question(id=qid, kind="capacity", skill="attribution",
                    prompt=f"In what capacity did {person.name} speak at the time?",
                    answer=person_id, choices=choices, explanation=explanation,
                    hint="Titles in news reports can be loose. Which office did this person hold "
                         + (f"in {case.titles_as_of}?" if case.titles_as_of else "at the time?"),
                    **(_material(case, example) if example else {}))


def text_kind(case: Case, q: Quote) -> Question:
    """What kind of text: direct quote, paraphrase, the reporter's analysis, or an official statement."""
    qid = f"text_kind/{q.id}"
    choices = _shuffled(qid, [Choice(k, v) for k, v in QUOTE_KINDS.items()])
    name = case.speaker_name(q.speaker)
    why = {
        "direct": f"The words stand in quotation marks and are attributed to {name}: the speaker's own words"
                  + (" (in translation)." if "translation" in (case.source(q.source).language or "") else "."),
        "paraphrase": f"There are no quotation marks around these words: the source reports what {name} said, in its own words.",
        "analysis": "No one is quoted: this is the outlet's own analysis.",
        "statement": f"This is a sentence of an official statement by {name}, speaking for an institution.",
    }[q.kind]
    reasons = (
        ("direct", "A direct quote stands in quotation marks."),
        ("paraphrase", "A paraphrase reports someone's words without quotation marks, with words such as “said that”."),
        ("analysis", "The reporter's analysis is the outlet's own voice, with no speaker quoted."),
        ("statement", "An official statement is issued by an institution or its spokesperson in its own name."),
    )
    return Question(id=qid, kind="text_kind", skill="attribution",
                    prompt="What kind of text are the highlighted words?",
                    answer=q.kind, choices=choices, explanation=f"{why} {_explain_quote(case, q)}",
                    hint="Are there quotation marks? Who is talking: a quoted person, the outlet, or an institution?",
                    reasons=tuple((k, v) for k, v in reasons if k != q.kind), **_material(case, q))


def cue(case: Case, q: Quote) -> Optional[Question]:
    """The cue: which words attribute the quotation. None when the quote has no cue of its own."""
    if not q.cue or q.kind not in ("direct", "paraphrase"):
        return None
    qid = f"cue/{q.id}"
    marker = case.source(q.source).analysis_marker
    others = sorted({x.cue for x in case.quotes_in(q.source) if x.cue and x.cue not in (q.cue, marker)})
    picked = _pick(qid, (others,), set(), 3)
    if not picked:
        return None
    choices = _shuffled(qid, [Choice(c, f"“{c}”") for c in [q.cue, *picked]])
    return Question(id=qid, kind="cue", skill="attribution",
                    prompt="Which words in this passage attribute the highlighted quotation to its speaker?",
                    answer=q.cue, choices=choices,
                    explanation=f"“{q.cue}” attributes it to {_speaker_label(case, q.speaker)}. {_source_line(case, q.source)}",
                    hint="The attributing words name or point to the speaker and say how they spoke: said, stressed, warned.",
                    **_material(case, q))


def whose_words(case: Case, term_id: str) -> Question:
    """Whose words: a loaded term, and who used it."""
    term = next(t for t in case.terms if t.id == term_id)
    q = case.quote(term.quote)
    qid = f"whose_words/{term.id}"
    also_used = {case.quote(t.quote).speaker for t in case.terms if t.text == term.text}
    exclude = also_used | {case.speaker_actor(q.speaker)}
    same_source = [x.speaker for x in case.quotes_in(q.source)]
    picked = _pick(qid, (same_source, [x.speaker for x in case.quotes]), exclude, 3)
    choices = _shuffled(qid, [Choice(s, _speaker_label(case, s)) for s in [q.speaker, *picked]])
    explanation = (f"“{term.text}” is {_speaker_label(case, q.speaker)}'s term, in the words quoted: “{q.text}”. "
                   f"{term.gloss} {term.note} {_source_line(case, q.source)}").replace("  ", " ")
    material = _material(case, q)
    material["quote"] = term.text
    return Question(id=qid, kind="whose_words", skill="attribution",
                    prompt=f"Whose words are “{term.text}” in this sentence?",
                    answer=q.speaker, choices=choices, explanation=explanation,
                    hint="Loaded words belong to the person quoted, not to the reporter. Who is being quoted here?",
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
                    explanation=(f"The words are {_speaker_label(case, q.speaker)}'s, inside a quotation or a "
                                 f"report of what was said; the outlet does not use them in its own voice. "
                                 f"{term.note} {_source_line(case, q.source)}").replace("  ", " ")
                    if answer == "reports" else f"The outlet uses the words in its own voice. {term.note}",
                    hint="Are the words inside quotation marks, or in a sentence reporting what someone said?",
                    **material)


def reporting_chain(case: Case) -> Optional[Question]:
    """The reporting chain: the steps between the speaker and the reader, to put in order."""
    if not case.reporting_chain:
        return None
    qid = "chain/reporting-chain"
    items = [Choice(f"step-{i + 1}", step) for i, step in enumerate(case.reporting_chain)]
    return Question(id=qid, kind="chain", skill="attribution",
                    prompt="Put the steps between the speaker and you in order, from first to last.",
                    answer=tuple(c.value for c in items), choices=_shuffled(qid, items),
                    explanation="Each step can change the words: media select and summarise, a translator "
                                "renders, the outlet excerpts and comments. A quotation reaches you through all of them.",
                    hint="Start with the moment the words were spoken and end with you.",
                    source=case.core_source)


def open_questions(case: Case, skill: str) -> list[Question]:
    return [Question(id=f"open/{q['id']}", kind="open", skill=skill, prompt=q["prompt"], answer="",
                     explanation="", hint="") for q in case.open_questions if q["skill"] == skill]


def attribution_bank(case: Case, sources: Optional[Sequence[str]] = None) -> list[Question]:
    """Every attribution question the case yields (for the given sources: default all)."""
    sources = list(sources) if sources else [s.id for s in case.sources]
    quotes = [q for s in sources for q in case.quotes_in(s)]
    bank: list[Question] = []
    bank += [who_said(case, q) for q in quotes if not q.disputed]  # a disputed attribution has no one answer
    speakers = []
    for q in quotes:
        if q.speaker in {p.id for p in case.people} and q.speaker not in speakers:
            speakers.append(q.speaker)
    bank += [capacity(case, p) for p in speakers]
    bank += [text_kind(case, q) for q in quotes]
    bank += [x for x in (cue(case, q) for q in quotes) if x]
    terms = [t for t in case.terms if case.quote(t.quote).source in sources]
    bank += [whose_words(case, t.id) for t in terms]
    bank += [adopted(case, t.id) for t in terms]
    chain = reporting_chain(case)
    if chain and case.core_source in sources:
        bank.append(chain)
    bank += open_questions(case, "attribution")
    return bank


# --- alliances ------------------------------------------------------------------------------


def stance(case: Case, stance_id: str) -> Question:
    s = next(x for x in case.stances if x.id == stance_id)
    qid = f"stance/{s.id}"
    labels = {"support": "supports the referendum", "oppose": "opposes the referendum",
              "conditional": "accepts it only on conditions", "mixed": "mixed: neither plainly for nor against",
              "unclear": "unclear: the sources do not make its position plain"}
    choices = tuple(Choice(p, labels[p]) for p in POSITIONS)
    actor = case.actor(s.actor).name
    evidence = "".join(f"\n• {case.describe_evidence(ev)}" for ev in s.evidence)
    return Question(id=qid, kind="stance", skill="alliances",
                    prompt=f"What was the position of {actor} on the referendum, as of {display_date(s.date)}?",
                    answer=s.position, choices=choices,
                    explanation=f"{actor}: {s.summary} Evidence:{evidence}",
                    hint="Read what this actor said or did around that date, in its own words.")


def pair_key(case: Case, a: str, b: str) -> str:
    """The expected answer for a pair of actors: cooperates, confronts, mixed or none."""
    signs = {r.sign for r in case.relations if r.pair == frozenset((a, b))}
    if not signs:
        return "none"
    if signs == {1}:
        return "cooperates"
    if signs == {-1}:
        return "confronts"
    return "mixed"


def alliance_pairs(case: Case, extra_none: int = 2) -> list[tuple[str, str]]:
    """The pairs a source speaks to, plus a few pairs with no stated relation, in a stable order."""
    pairs = []
    for r in case.relations:
        p = tuple(sorted((r.actor, r.other)))
        if p not in pairs:
            pairs.append(p)
    networked = sorted({x for p in pairs for x in p})
    candidates = [(a, b) for i, a in enumerate(networked) for b in networked[i + 1:] if (a, b) not in pairs]
    candidates.sort(key=lambda p: _rank("none-pairs", "|".join(p)))
    return pairs + candidates[:extra_none]


def relation(case: Case, a: str, b: str) -> Question:
    qid = f"relation/{a}--{b}"
    key = pair_key(case, a, b)
    rels = [r for r in case.relations if r.pair == frozenset((a, b))]
    if rels:
        parts = []
        for r in rels:
            ev = "".join(f"\n  • {case.describe_evidence(e)}" for e in r.evidence)
            status = (" (a stated intention, not an established fact)"
                      if r.intent and "stated intention" not in r.summary else "")
            parts.append(f"{display_date(r.date)}: {r.summary}{status} Evidence:{ev}")
        explanation = "\n".join(parts)
    else:
        explanation = "None of the sources states a relation between these two actors in this episode."
    names = f"{case.actor(a).name} and {case.actor(b).name}"
    return Question(id=qid, kind="relation", skill="alliances",
                    prompt=f"What relation do the sources show between {names}?",
                    answer=key, choices=tuple(Choice(v, l) for v, l in RELATION_CHOICES),
                    explanation=explanation,
                    hint="Look for what one said about or did to the other. Both cooperation and confrontation can be present.")


def evidence_match(case: Case, relation_id: str) -> Optional[Question]:
    """Match a relation to the sentence that supports it (only relations with quoted evidence)."""
    r = next(x for x in case.relations if x.id == relation_id)
    mine = [e.quote for e in r.evidence if e.quote]
    if not mine:
        return None
    qid = f"evidence/{r.id}"
    answer = mine[0]
    others = [e.quote for x in case.relations if x.pair != r.pair for e in x.evidence if e.quote and e.quote not in mine]
    picked = _pick(qid, (others,), set(mine), 3)
    choices = _shuffled(qid, [Choice(q, f"“{case.quote(q).text}”") for q in [answer, *picked]])
    quote = case.quote(answer)
    return Question(id=qid, kind="evidence", skill="alliances",
                    prompt=f"Which sentence supports this: {case.actor(r.actor).name} {r.type} "
                           f"{case.actor(r.other).name} ({display_date(r.date)})?",
                    answer=answer, choices=choices,
                    explanation=f"{_explain_quote(case, quote)} {r.summary}",
                    hint="Which sentence speaks of both actors, or of one acting toward the other?")


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
    if any(dates_overlap(a.date, b.date) for a, b in zip(events, events[1:])):
        raise ValueError(f"timeline {name!r}: two events share a date (or a month), so the order would be ambiguous")
    qid = f"timeline/{name}"
    items = [Choice(e.id, e.title) for e in events]
    explanation = " ".join(f"{display_date(e.date)}: {e.title} (source: {e.cited})." for e in events)
    return Question(id=qid, kind="timeline", skill="alliances", prompt="Put these events in the order they happened.",
                    answer=tuple(e.id for e in events), choices=_shuffled(qid, items), explanation=explanation,
                    hint="Which came before the vote, and which after? Measures often follow words.")


def alliance_bank(case: Case, timeline_events: Optional[Sequence[str]] = None) -> list[Question]:
    """Every alliance question the case yields."""
    bank = [stance(case, s.id) for s in case.stances]
    bank += [relation(case, a, b) for a, b in alliance_pairs(case)]
    bank += [x for x in (evidence_match(case, r.id) for r in case.relations) if x]
    if timeline_events is None:
        timeline_events = default_timeline(case)
    if timeline_events:
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
    "source-attribution": ("attribution", "The core source: who said what, how, in what capacity"),
    "regional-alliances": ("alliances", "Who stood with or against whom, on what evidence"),
}


def exercise_questions(case: Case, exercise: str) -> list[Question]:
    """The questions of a named exercise: what its notebook shows and what grading counts."""
    if exercise == "source-attribution":
        return attribution_bank(case, sources=[case.core_source])
    if exercise == "regional-alliances":
        return alliance_bank(case)
    raise KeyError(exercise)
