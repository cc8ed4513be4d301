"""The question bank checks itself: every generated question is a claim, checked as the casefile is.

``check(case)`` generates every bank of a case and returns one ``BankProblem`` per broken rule,
naming the question id and the rule:

- ``key-speaker``: the key is the speaker of the highlighted words as the annotations record them;
- ``narration``: words that hold their own attribution ("X said that ...") are the outlet's
  narration, and the outlet speaks its own narration and analysis;
- ``cue-in-passage``: a cue lies outside its passage, and in the words shown;
- ``feedback-text``: what feedback or a hint says about the text (quotation marks, attributing
  words) is true of the text;
- ``distractor-right``: no offered wrong answer is a right answer under the casefile;
- ``min-options``: at least three options (two where the question is by nature either-or), or
  three items to order;
- ``whole-words``: frame and keyword matches are on whole words;
- ``classification``: all statements of a kind are classified alike;
- ``source-trust``: no key rests on text marked unverified (a passage, a source, or a source graded C),
  nor on a stance or relation marked unverified;
- ``renderer-named``: a question showing a published rendering's words names whose rendering they are
  (the generator records it in the question's claims, and the feedback says it);
- ``comparison-true``: what the word-by-word comparison of two renderings asserts (words one lacks,
  words that only moved) is true of the two texts;
- ``marks-computed``: what a question claims about the quotation marks around the words is what the
  text shows, and a "how are the words presented" key agrees with the marks;
- ``selection``: what an exercise offers is known to it, fits its time, and names pairs rightly;
- ``key-balance``: the questions on relations are keyed across their types, no one key holding more
  than three in five of a kind's questions (so guessing one answer does not pass); and in what an
  exercise offers by default, no kind of question asked three times or more has one key for more
  than two thirds of its items (the network's pairs are weighed with the network itself);
- ``evidence-shown``: a question on a relation shows the document it rests on (its prompt quotes
  the evidence; its feedback every relation's evidence), and rests on a relation that may carry a key;
- ``answerable-card``: a who-said card shows its source's title, outlet and date, and offers no two
  speakers of one government or body unless the card names the speaker (as a whole name no other
  option shares); an option label never gives away the answer of a capacity question the exercise
  also offers (a title printed beside a name);
- ``plausible-distractor``: a wrong speaker is quoted in the same source, or spoke in the same period
  and did not stand on the other side of the event (the words alone would rule them out);
- ``language``: what an exercise offers by default shows text only in the languages the class reads
  (``languages``, default English), and no key is the only option in its language;
- ``first-try``: the feedback on a first wrong try does not name the right answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from . import questions as qs
from . import views
from .model import Case, Quote

MIN_OPTIONS, MIN_ITEMS, EITHER_OR = 3, 3, ("adopted", "own_english")  # the check's own numbers, not the generator's
RULES = ("key-speaker", "narration", "cue-in-passage", "feedback-text", "distractor-right", "min-options",
         "whole-words", "classification", "selection", "source-trust", "renderer-named", "marks-computed",
         "comparison-true", "key-balance", "evidence-shown", "answerable-card", "plausible-distractor", "language",
         "first-try")
QUOTE_QUESTIONS = ("who_said", "text_kind", "presentation", "cue", "which_outlet", "own_english")
KEY_BALANCED = ("relation", "relation_type")  # kinds whose keys must spread across the types
MOST_OF_ONE_KEY = 0.6  # at most this share of a kind's questions has any one key
PERIOD = 30  # days: a distractor from another source spoke within this many days of the words asked about


@dataclass(frozen=True)
class BankProblem:
    question: str  # the question id (or the casefile entry) the problem is about
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.question}: {self.rule}: {self.message}"


def _quote_of(case: Case, q: qs.Question) -> Optional[Quote]:
    if q.kind not in QUOTE_QUESTIONS:
        return None
    ident = q.id.split("/", 1)[1]
    try:
        return case.quote(ident)
    except KeyError:
        return None


def banks(case: Case) -> dict[str, list[qs.Question]]:
    """Every bank of the case: each exercise's, and the attribution questions of every source."""
    out = {name: qs.exercise_questions(case, name) for name in qs.EXERCISES}
    out["all sources"] = qs.attribution_bank(case)
    return out


def _whole_word_hits(text: str, word: str) -> bool:
    """An independent whole-word test: the word, with the case as written, not inside a longer word."""
    start = text.find(word)
    while start >= 0:
        before = text[start - 1] if start else " "
        end = start + len(word)
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(word, start + 1)
    return False


class _Checker:
    def __init__(self, case: Case):
        self.case = case
        self.problems: list[BankProblem] = []

    def add(self, question: str, rule: str, message: str) -> None:
        problem = BankProblem(question, rule, message)
        if problem not in self.problems:
            self.problems.append(problem)

    # --- annotations: whose words --------------------------------------------------------------
    def annotations(self) -> None:
        case = self.case
        for q in case.quotes:
            qid = f"who_said/{q.id}"
            if q.presentation in ("direct", "indirect") and qs.cue_overlaps(case, q):
                self.add(qid, "narration",
                         f"the highlighted words hold their own attribution (“{q.cue}”): they are the outlet's "
                         f"narration, yet annotated as {case.speaker_name(q.speaker)}'s words ({q.presentation}); "
                         f"make the outlet the speaker (presentation none or mixed, genre report_of_speech), or "
                         f"highlight only the reported words")
        outlets: dict[str, set[str]] = {}
        for q in case.quotes:
            if q.outlet_own:
                outlets.setdefault(q.source, set()).add(q.speaker)
        for source, speakers in outlets.items():
            people = sorted(s for s in speakers if case.speaker_actor(s) != s)
            if len(speakers) > 1 or people:
                for q in case.quotes_in(source):
                    if q.outlet_own and (len(speakers) > 1 or q.speaker in people):
                        self.add(f"who_said/{q.id}", "narration",
                                 f"the outlet speaks its own analysis, but {source!r} has analysis by "
                                 f"{', '.join(sorted(speakers))}")

    # --- one question -----------------------------------------------------------------------------
    def question(self, q: qs.Question) -> None:
        case = self.case
        quote = _quote_of(case, q)
        values = [c.value for c in q.choices]
        # min-options
        if q.is_order:
            if len(values) < MIN_ITEMS:
                self.add(q.id, "min-options", f"{len(values)} item(s) to order: at least {MIN_ITEMS} are needed")
            if tuple(values) == tuple(q.answer):
                self.add(q.id, "min-options", "the items start in the right order: checking at once is right")
        elif not q.is_open:
            least = 2 if q.kind in EITHER_OR else MIN_OPTIONS
            if len(values) < least:
                self.add(q.id, "min-options", f"{len(values)} option(s): at least {least} are needed")
            if q.answer not in values:
                self.add(q.id, "key-speaker", f"the key {q.answer!r} is not among the options")
        # key-speaker
        if q.kind == "who_said" and quote and q.answer != quote.speaker:
            self.add(q.id, "key-speaker", f"keyed to {q.answer!r}, but the annotation's speaker is {quote.speaker!r}")
        if q.kind == "which_outlet":  # the card shows every offered outlet's rendering, to compare
            from .translation import passage_of

            try:
                renderings = passage_of(case, q.id.split("/", 1)[1]).renderings
            except (KeyError, ValueError):
                renderings = ()
            for value in values:
                if not any(r.source == value and r.text in q.prompt for r in renderings):
                    self.add(q.id, "answerable-card", f"the card does not show {value!r}'s rendering of the "
                                                      f"passage, so the options cannot be compared")
        if q.kind == "whose_words":
            term = next((t for t in case.terms if f"whose_words/{t.id}" == q.id), None)
            if term and q.answer != case.quote(term.quote).speaker:
                self.add(q.id, "key-speaker", f"keyed to {q.answer!r}, but the words are "
                                              f"{case.quote(term.quote).speaker!r}'s as annotated")
        if q.kind == "who_said" and quote and quote.presentation in ("direct", "indirect") and qs.cue_overlaps(case, quote):
            self.add(q.id, "narration", "the highlighted words hold their own attribution, so they are the outlet's")
        # cue-in-passage
        if q.kind == "cue" and quote:
            span = qs.cue_span(case, quote)
            if span is None or qs.cue_overlaps(case, quote):
                self.add(q.id, "cue-in-passage", f"the cue “{q.answer}” overlaps the highlighted words or is "
                                                 f"not in their paragraph")
            elif q.answer not in q.sentence:
                self.add(q.id, "cue-in-passage", f"the cue “{q.answer}” is not in the passage shown")
        # feedback-text
        if quote:
            for text in (q.explanation, q.hint, *(r for _, r in q.reasons)):
                self.claims(q.id, quote, text)
        self.trust(q, quote)
        self.renderer(q, quote)
        self.marks(q, quote)
        self.comparison(q)
        # evidence-shown
        if q.kind == "relation_type":
            r = next((x for x in case.relations if f"relation_type/{x.id}" == q.id), None)
            if r is None or not qs.key_worthy(case, r):
                self.add(q.id, "evidence-shown", "asks about a relation that may not carry a key "
                                                 "(in passing, or resting on grade-C reports alone)")
            elif not any(e.text in q.prompt for e in r.evidence):
                self.add(q.id, "evidence-shown", "the prompt does not show the document the relation rests on")
        if q.kind == "relation":
            a, b = q.id.split("/", 1)[1].split("--")
            for r in case.relations:
                if r.pair == frozenset((a, b)) and not all(e.text in q.explanation for e in r.evidence):
                    self.add(q.id, "evidence-shown", f"the feedback does not show the evidence of {r.id!r}")
        # distractor-right
        for value in values:
            if value != q.answer and value in self.right_answers(q, quote):
                self.add(q.id, "distractor-right", f"the option {value!r} is also right under the casefile")
        if q.kind == "who_said" and quote:
            self.answerable(q, quote)
        if q.kind == "whose_words":
            term = next((t for t in case.terms if f"whose_words/{t.id}" == q.id), None)
            if term:
                self.answerable(q, case.quote(term.quote))
        # first-try: the first miss gives a hint, not the answer
        if not q.is_open and not q.is_order:
            key_label = q.label_of(q.answer)
            shown = "\n".join((q.prompt, q.context, q.sentence, q.paragraph))
            for value in values:
                if value != q.answer:
                    text = qs.feedback(q, value, 1).text
                    if key_label in text and key_label not in shown:
                        self.add(q.id, "first-try", f"the feedback on a first wrong try ({value!r}) names the "
                                                    f"answer “{key_label}”")
                        break

    def answerable(self, q: qs.Question, quote: Quote) -> None:
        """A who-said card: shows its source, tells colleagues apart, and offers plausible speakers."""
        case = self.case
        source = case.source(quote.source)
        if not (source.title in q.context and source.outlet in q.context):
            self.add(q.id, "answerable-card", "the card does not show the source's title and outlet")
        card = "\n".join((q.context, q.sentence, q.paragraph))  # the source line may name the speaker
        actor_of = {c.value: case.speaker_actor(c.value) for c in q.choices}
        names = {c.value: case.speaker_name(c.value) for c in q.choices}
        for c in q.choices:
            if c.value == q.answer:
                continue
            if actor_of[c.value] == actor_of[q.answer]:
                key_name = names[q.answer]
                surname = key_name.split()[-1]
                shared = [v for v, n in names.items() if v != q.answer and n.split()[-1] == surname]
                told = key_name in card or (not shared and re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", card))
                if not told:
                    self.add(q.id, "answerable-card",
                             f"offers {names[c.value]!r} of the same government or body as the speaker, and the "
                             f"card does not name the speaker")
            # plausible-distractor
            in_source = any(x.speaker == c.value for x in case.quotes_in(quote.source))
            if not in_source:
                sides = [{s.position for s in case.stances if s.actor == actor_of[v]} & {"support", "oppose"}
                         for v in (q.answer, c.value)]
                if sides[0] and sides[1] and not sides[0] & sides[1]:
                    self.add(q.id, "plausible-distractor",
                             f"{names[c.value]!r} stood on the other side of the event from the speaker: the words "
                             f"alone rule them out")
                when = quote.date or source.published
                if not any(self._near(x.date or case.source(x.source).published, when)
                           for x in case.quotes if x.speaker == c.value):
                    self.add(q.id, "plausible-distractor",
                             f"{names[c.value]!r} is not quoted in this source nor within {PERIOD} days of it")

    @staticmethod
    def _near(a: Optional[str], b: Optional[str]) -> bool:
        import datetime as dt

        def day(x: Optional[str]) -> Optional[dt.date]:
            if not x or not re.match(r"^\d{4}-\d{2}", x):
                return None
            parts = [int(p) for p in x.split("-")]
            return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)

        da, db = day(a), day(b)
        return bool(da and db) and abs((da - db).days) <= PERIOD + (31 if min(len(a), len(b)) < 10 else 0)

    # --- source-trust, renderer-named, marks-computed ---------------------------------------------
    def trust(self, q: qs.Question, quote: Optional[Quote]) -> None:
        """No key rests on unverified text: the question's own quote, the quote keyed as evidence, a
        stance or relation marked unverified."""
        case = self.case
        keyed = quote
        if q.kind == "evidence" and isinstance(q.answer, str) and q.answer in {x.id for x in case.quotes}:
            keyed = case.quote(q.answer)
        if keyed is not None:
            doubt = case.unverified(keyed.source, keyed)
            if doubt:
                self.add(q.id, "source-trust", f"the key rests on {keyed.id!r}, whose text is not verified ({doubt[:80]})")
        if q.kind == "stance":
            stance = next((s for s in case.stances if f"stance/{s.id}" == q.id), None)
            if stance and stance.unverified:
                self.add(q.id, "source-trust", "keyed on a stance marked unverified")
        if q.kind == "relation":
            a, b = q.id.split("/", 1)[1].split("--")
            rels = [r for r in case.relations if r.pair == frozenset((a, b))]
            if rels and all(r.unverified for r in rels):
                self.add(q.id, "source-trust", "keyed on relations all marked unverified")
        if q.kind == "what_differs":
            for ident in q.id.split("/", 1)[1].split("--"):
                if ident in {x.id for x in case.quotes} and case.unverified(case.quote(ident).source, case.quote(ident)):
                    self.add(q.id, "source-trust", f"compares {ident!r}, whose text is not verified")

    def renderer(self, q: qs.Question, quote: Optional[Quote]) -> None:
        """A question showing a rendering's words records whose rendering it named, and its feedback names it."""
        case = self.case
        if quote is None or q.kind not in ("who_said", "text_kind", "presentation") or quote.outlet_own:
            return
        whose = views.plain_note(case.rendering(quote.source, quote))  # as students read it
        if not whose:
            return
        if ("renderer", quote.source) not in q.claims:
            self.add(q.id, "renderer-named", f"shows words of a rendering ({quote.source}) but records no renderer")
        elif whose not in q.explanation:
            self.add(q.id, "renderer-named", f"records the renderer but its feedback does not say “{whose}”")

    def marks(self, q: qs.Question, quote: Optional[Quote]) -> None:
        """The marks a question claims are the marks of the text, computed here on their own."""
        case = self.case
        if quote is None:
            return
        source = case.source(quote.source)
        if quote.fragment or quote.start < 0:
            shown = "not stored"
        else:
            p_start, _ = source.paragraph_span(quote.start)
            inside = False
            straight = False
            for ch in source.text[p_start:quote.start]:  # an independent scan of the paragraph
                if ch in "“«":
                    inside = True
                elif ch in "”»":
                    inside = False
                elif ch == '"':
                    straight = not straight
            inner = re.findall(r"“[^”]*\S[^”]*”|«[^»]*\S[^»]*»|\"[^\"]*\S[^\"]*\"", quote.text)
            shown = "enclosed" if inside or straight else ("fragment" if inner else "none")
        for key, value in q.claims:
            if key == "marks" and value != shown:
                self.add(q.id, "marks-computed", f"claims the marks are {value!r}; the text shows {shown!r}")
        if q.kind == "presentation":
            fits = {"enclosed": ("direct",), "fragment": ("mixed", "none"), "none": ("indirect", "none")}
            if shown not in fits or q.answer not in fits[shown]:
                self.add(q.id, "marks-computed", f"keys {q.answer!r}, but the card shows marks {shown!r}")

    def comparison(self, q: qs.Question) -> None:
        """Words the comparison says a rendering lacks are not in it; words it says moved are in it."""
        if q.kind != "what_differs":
            return
        ids = q.id.split("/", 1)[1].split("--")
        known = {x.id for x in self.case.quotes}
        if len(ids) != 2 or not set(ids) <= known:
            return
        a, b = (self.case.quote(i).text for i in ids)

        def norm(text: str) -> list[str]:  # an independent reading of the words: letters and digits, lower case
            return [w.replace("-", "") for w in re.findall(r"[\w’'-]+", text.lower().replace("’", "'"))]

        def holds(text: str, part: str) -> bool:
            t, p = norm(text), norm(part)
            return bool(p) and any(t[i:i + len(p)] == p for i in range(len(t) - len(p) + 1))

        for key, words in q.claims:
            kind = key.split(":", 1)[-1]
            if kind == "not-in-a" and holds(a, words):
                self.add(q.id, "comparison-true", f"says “{words}” is not in the first rendering; it is")
            elif kind == "not-in-b" and holds(b, words):
                self.add(q.id, "comparison-true", f"says the second rendering leaves out “{words}”; it has them")
            elif kind == "moved" and not (holds(a, words) and holds(b, words)):
                self.add(q.id, "comparison-true", f"says “{words}” stands in both renderings; it does not")

    def claims(self, qid: str, quote: Quote, text: str) -> None:
        """What a text says about the highlighted words' quotation marks and attribution, checked."""
        case = self.case
        inner = [x for x in qs.quoted_spans(quote.text) if x.strip()]
        enclosed = qs.enclosed(case, quote) and quote.start >= 0  # a title's marks around a headline are not the outlet's
        if re.search(r"no quotation marks (around|enclose)|There are no quotation marks", text):
            if enclosed or inner:
                found = "they stand inside quotation marks" if enclosed else \
                    "they hold " + ", ".join(f"“{x}”" for x in inner) + " in quotation marks"
                self.add(qid, "feedback-text", f"says there are no quotation marks, but {found}")
        if re.search(r"The words stand (inside|in) quotation marks", text) and not enclosed:
            self.add(qid, "feedback-text", "says the words stand in quotation marks, but none enclose them")
        for m in re.finditer(r"Only ((?:“[^”]*”(?:, )?)+) stands? in quotation marks", text):
            for span in re.findall(r"“([^”]*)”", m.group(1)):
                if span not in inner:
                    self.add(qid, "feedback-text", f"says “{span}” stands in quotation marks in the words; it does not")
        for m in re.finditer(r"The source attributes it with “([^”]*)”", text):
            paragraph = case.source(quote.source).paragraph_at(quote.start)  # the title for a headline
            if m.group(1) not in paragraph:
                self.add(qid, "feedback-text", f"names the attributing words “{m.group(1)}”, not in the paragraph")
        if "The words are the source's headline" in text and quote.start >= 0:
            self.add(qid, "feedback-text", "says the words are the headline, but they are in the body")
        if "It has no attributing words of its own" in text and quote.cue:
            self.add(qid, "feedback-text", f"says the words have no attributing words, but the cue is “{quote.cue}”")

    def right_answers(self, q: qs.Question, quote: Optional[Quote]) -> set:
        """Every answer the casefile makes right for the question (the key among them)."""
        case = self.case
        right = {q.answer} if isinstance(q.answer, str) else set()
        if q.kind == "who_said" and quote:
            right |= {quote.speaker, quote.issued_by} - {""}
            actor = case.speaker_actor(quote.speaker)
            if actor != quote.speaker:
                right.add(actor)
            else:
                right |= {p.id for p in case.people if p.actor == actor}
            right |= {x.speaker for x in case.quotes if x.source == quote.source and x.start == quote.start
                      and x.text == quote.text}
        elif q.kind == "presentation" and quote:
            right |= {x.presentation for x in case.quotes if x.source == quote.source and x.start == quote.start
                      and x.text == quote.text}
        elif q.kind == "text_kind" and quote:
            right |= {x.genre for x in case.quotes if x.source == quote.source and x.start == quote.start
                      and x.text == quote.text}
        elif q.kind == "whose_words":
            term = next((t for t in case.terms if f"whose_words/{t.id}" == q.id), None)
            if term:
                right |= {case.quote(t.quote).speaker for t in case.terms if t.text == term.text}
        elif q.kind == "capacity":
            person = case.person(q.answer)
            right |= {p.id for p in case.people if p.title == person.title}
        elif q.kind == "evidence":
            relation = next((r for r in case.relations if f"evidence/{r.id}" == q.id), None)
            if relation:
                right |= {e.quote for r in case.relations if r.pair == relation.pair for e in r.evidence if e.quote}
        elif q.kind == "cue":
            right |= {c.value for c in q.choices if c.value in q.sentence}
        return right

    # --- frames and classification --------------------------------------------------------------
    def frames(self) -> None:
        case = self.case
        for frame in case.frames:
            where = f"frames[{frame.id}]"
            for q in case.quotes_with_words(frame.words):
                if not any(_whole_word_hits(q.text, w) for w in frame.words):
                    self.add(where, "whole-words", f"matches {q.id!r} though none of its words stands there whole")
            for word in frame.words:
                if not any(_whole_word_hits(q.text, word) for q in case.quotes):
                    inside = [q.id for q in case.quotes if word.lower() in q.text.lower()]
                    if inside:
                        self.add(where, "whole-words", f"the word {word!r} stands in no quotation as a whole word "
                                                       f"(only inside other words or in another case, in {inside[0]!r})")

    def classification(self) -> None:
        case = self.case
        labels: dict[str, dict[str, str]] = {}
        for q in case.quotes:
            labels.setdefault(q.genre, {}).setdefault(views.speaks_as(case, q), q.id)
        for kind, seen in labels.items():
            if kind == "statement" and len(seen) > 1:
                pairs = "; ".join(f"{qid!r} as {label!r}" for label, qid in sorted(seen.items()))
                self.add(f"text_kind/{next(iter(seen.values()))}", "classification",
                         f"texts of one kind ({kind}) are classified differently: {pairs}")

    # --- exercises --------------------------------------------------------------------------------
    def selection(self) -> None:
        case = self.case
        for name in qs.EXERCISES:
            bank = qs.exercise_questions(case, name)
            spec = case.exercises.get(name, {})
            sessions = [None, *(spec.get("sessions") or {})]
            for session in sessions:
                try:
                    chosen = qs.select(case, name, bank, session)
                except qs.SelectionError as exc:
                    self.add(f"exercises.{name}", "selection", str(exc))
                    continue
                marked = sum(1 for q in chosen.offered if not q.is_open)
                limit = int(spec.get("marked") or qs.DEFAULT_MARKED)
                if session is None:
                    self.offered(name, spec, chosen.offered, bank)
                if session is None and marked > limit:
                    self.add(f"exercises.{name}", "selection",
                             f"offers {marked} marked questions, more than the {limit} that fit its time")
            for pair in spec.get("no_relation_pairs") or []:
                a, b = pair
                if qs.pair_key(case, a, b) != "none":
                    self.add(f"relation/{'--'.join(sorted(pair))}", "selection",
                             f"listed under no_relation_pairs, but the casefile states a relation between {a} and {b}")


    def key_balance(self, bank: list) -> None:
        for kind in KEY_BALANCED:
            keys = [q.answer for q in bank if q.kind == kind]
            if len(keys) < 4:
                continue
            top = max(set(keys), key=keys.count)
            if keys.count(top) > MOST_OF_ONE_KEY * len(keys):
                self.add(f"{kind}/*", "key-balance", f"{keys.count(top)} of the {len(keys)} {kind} questions are keyed "
                                                     f"{top!r}: more than {MOST_OF_ONE_KEY:.0%}")

    def offered(self, name: str, spec: dict, offered, bank=()) -> None:
        """What an exercise offers by default: in the class's languages; no capacity answer given away."""
        case = self.case
        languages = set(spec.get("languages") or ["en"])
        quote_ids = {x.id for x in case.quotes}
        for q in offered:
            if q.is_open:
                continue
            shown = {case.source(q.source).lang or "en"} if q.source and (q.sentence or q.quote) else set()
            options = {c.value: case.source(case.quote(c.value).source).lang or "en"
                       for c in q.choices if isinstance(c.value, str) and c.value in quote_ids}
            unread = sorted((shown | set(options.values())) - languages)
            if unread:
                self.add(q.id, "language", f"offered by default in exercise {name!r}, but shows text in "
                                           f"{', '.join(unread)} (the class reads {', '.join(sorted(languages))})")
            if len(options) > 1 and isinstance(q.answer, str) and q.answer in options \
                    and list(options.values()).count(options[q.answer]) == 1:
                self.add(q.id, "language", f"the key is the only option in {options[q.answer]}: found by its script alone")
        by_kind: dict[str, list[str]] = {}
        for q in offered:
            if not q.is_open and not q.is_order and q.kind != "relation" and isinstance(q.answer, str):
                by_kind.setdefault(q.kind, []).append(q.answer)
        for kind, keys in by_kind.items():
            top = max(set(keys), key=keys.count)
            # only where the bank has enough questions of other keys to choose from (a small case may not)
            others = sum(1 for q in bank if q.kind == kind and q.answer != top and not q.is_open)
            if len(keys) >= 3 and keys.count(top) * 3 > 2 * len(keys) and (not bank or others * 3 >= len(keys)):
                self.add(f"exercises.{name}", "key-balance", f"{keys.count(top)} of the {len(keys)} {kind} questions "
                                                             f"offered by default have the key {top!r}")
        asked = {q.answer: case.person(q.answer).title for q in offered if q.kind == "capacity"}
        seen: list = []
        for q in offered:  # in the order a student meets them: no earlier feedback answers a capacity card
            if q.kind == "capacity":
                for earlier in seen:
                    if q.label_of(q.answer) in qs.feedback(earlier, earlier.answer, 1).text:
                        self.add(q.id, "answerable-card", f"the feedback of an earlier card ({earlier.id}) "
                                                          f"prints the title this card asks for")
                        break
                continue
            seen.append(q)
            for c in q.choices:
                for pid, title in asked.items():
                    if title in c.label:
                        self.add(q.id, "answerable-card", f"the option “{c.label}” prints {pid!r}'s title, which "
                                                          f"capacity/{pid} asks for")


def check(case: Case) -> list[BankProblem]:
    """Every problem of every bank of the case, each naming its question and rule."""
    checker = _Checker(case)
    checker.annotations()
    seen: set[str] = set()
    for bank in banks(case).values():
        for q in bank:
            if q.id not in seen:
                seen.add(q.id)
                checker.question(q)
    checker.key_balance(qs.exercise_questions(case, "regional-alliances"))
    checker.frames()
    checker.classification()
    checker.selection()
    return checker.problems


def check_all(cases: Iterable[Case]) -> list[tuple[Case, list[BankProblem]]]:
    return [(case, check(case)) for case in cases]
