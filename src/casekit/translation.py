"""Reading through translation: the published renderings of an original's passages, a word-level
comparison of two renderings, and how to attribute words that are a translator's (the questions on
them are in ``questions``).

Plain data, no widgets, no HTML. Nothing here knows any one case: a rendering is a source whose front
matter names the original (``translation_of``) and who published the English (``translated_by``);
each of its quotes names, with ``renders:``, the quote of the original it renders.

The rule this module carries: a quotation in a translation is the translator's words. It is
attributed as "<speaker>, in <publisher>'s English rendering", never as the speaker's own English,
unless the English was published by the office that issued the original itself (``own_english``).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .prose import plain_words
from .model import Case, Quote, Source

# --- renderings of a passage -----------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A passage of an original (an annotated quote) and the rendering quotes that render it."""

    original: Quote
    renderings: tuple[Quote, ...]  # in a stable order: by rendering source id, then position

    @property
    def outlets(self) -> tuple[str, ...]:
        """The ids of the rendering sources, each once, in order."""
        out: list[str] = []
        for r in self.renderings:
            if r.source not in out:
                out.append(r.source)
        return tuple(out)


def renderings_of(case: Case, source_id: str) -> tuple[Source, ...]:
    """The published renderings of a source (sources whose translation_of names it), by id."""
    return tuple(sorted((s for s in case.sources if s.translation_of == source_id), key=lambda s: s.id))


def originals(case: Case) -> tuple[Source, ...]:
    """The sources that have at least one published rendering in the case, in the case's order."""
    rendered = {s.translation_of for s in case.sources if s.translation_of}
    return tuple(s for s in case.sources if s.id in rendered)


def passages(case: Case, source_id: Optional[str] = None) -> list[Passage]:
    """Each annotated passage of an original (or of every original) with the quotes rendering it.

    Passages no rendering renders are left out; passages come in the original's order.
    """
    by_original: dict[str, list[Quote]] = {}
    for q in case.quotes:
        if q.renders:
            by_original.setdefault(q.renders, []).append(q)
    sources = [case.source(source_id)] if source_id else list(originals(case))
    out = []
    for s in sources:
        for q in case.quotes_in(s.id):
            if q.id in by_original:
                rs = sorted(by_original[q.id], key=lambda r: (r.source, r.start))
                out.append(Passage(q, tuple(rs)))
    return out


def passage_of(case: Case, quote_id: str) -> Passage:
    """The passage an original quote (or a rendering quote) belongs to."""
    q = case.quote(quote_id)
    original = case.quote(q.renders) if q.renders else q
    for p in passages(case, original.source):
        if p.original.id == original.id:
            return p
    return Passage(original, ())


# --- a word-level comparison -----------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


@dataclass(frozen=True)
class Word:
    """A word of a text: its form for comparison (lower case, straight apostrophe) and its place."""

    norm: str
    start: int
    end: int


def words(text: str) -> tuple[Word, ...]:
    """The words of a text, punctuation left out, with their character offsets (co-existence = coexistence)."""
    return tuple(Word(m.group(0).lower().replace("’", "'").replace("-", ""), m.start(), m.end())
                 for m in _WORD.finditer(text))


@dataclass(frozen=True)
class Change:
    """One difference between two texts, A and B: B adds words, drops words, or changes them.

    ``a`` and ``b`` are verbatim spans of the two texts (from the first word to the last, with the
    punctuation between them); an empty string where that side has nothing.
    """

    op: str  # "add" (in B only), "drop" (in A only), "change" (A's words replaced by B's)
    a: str
    b: str
    a_words: tuple[int, int]  # word index range in A
    b_words: tuple[int, int]  # word index range in B

    def describe(self, a_name: str = "A", b_name: str = "B", a_text: str = "", b_text: str = "") -> str:
        """The change in words, e.g. B has “single” where A has “unified”. Given the two texts, it says
        only what is true of them: words B "adds" are nowhere in A, words B "leaves out" nowhere in B
        (words that only moved are said to stand elsewhere), and two spans are paired ("where A has")
        only when both are short (a word or a few for a word or a few)."""
        return "; ".join(text for text, _ in self.statements(a_name, b_name, a_text, b_text))

    def statements(self, a_name: str = "A", b_name: str = "B", a_text: str = "",
                   b_text: str = "") -> list[tuple[str, tuple[str, str]]]:
        """The change as sentences, each with the claim it makes as data: ("not-in-a", words) for words
        said to be absent from A, ("not-in-b", words) for words said to be absent from B, ("pair", "")."""
        out: list[tuple[str, tuple[str, str]]] = []
        moved_b = bool(self.b) and bool(a_text) and contains_words(a_text, self.b)
        moved_a = bool(self.a) and bool(b_text) and contains_words(b_text, self.a)
        in_a = {w.norm for w in words(a_text)} if a_text else set()
        in_b = {w.norm for w in words(b_text)} if b_text else set()
        some_b = any(w.norm in in_a for w in words(self.b))  # some of B's words stand elsewhere in A
        some_a = any(w.norm in in_b for w in words(self.a))
        short = len(words(self.a)) <= PAIR_WORDS and len(words(self.b)) <= PAIR_WORDS
        if self.op == "change" and short and not (some_a or some_b):
            return [(f"{b_name} has “{self.b}” where {a_name} has “{self.a}”", ("pair", ""))]
        if self.b:
            if moved_b:
                out.append((f"{b_name} has “{self.b}” in another place than {a_name}", ("moved", self.b)))
            elif some_b:
                out.append((f"{b_name} has “{self.b}”, which {a_name} does not have as such", ("not-in-a", self.b)))
            else:
                out.append((f"{b_name} adds “{self.b}”", ("not-in-a", self.b)))
        if self.a:
            if moved_a:
                out.append((f"{b_name} has “{self.a}” in another place than {a_name}", ("moved", self.a)))
            elif some_a:
                out.append((f"{b_name} does not have “{self.a}” as such", ("not-in-b", self.a)))
            else:
                out.append((f"{b_name} leaves out “{self.a}”", ("not-in-b", self.a)))
        return out


PAIR_WORDS = 3  # two differing spans are paired ("B has X where A has Y") only when each is this short


@dataclass(frozen=True)
class Comparison:
    """A word-level comparison of two texts (case, punctuation and apostrophe style ignored)."""

    a: str
    b: str
    changes: tuple[Change, ...]
    shared: tuple[str, ...]  # verbatim spans of B whose words A has too, in the same order
    ratio: float  # difflib's similarity of the two word sequences, 0 to 1

    @property
    def same_words(self) -> bool:
        """True when the two texts have the same words in the same order."""
        return not self.changes

    def describe(self, a_name: str = "A", b_name: str = "B") -> str:
        """Every change in words, in B's order; or that the words are the same."""
        if not self.changes:
            return f"{a_name} and {b_name} have the same words (they may differ in punctuation)."
        return "; ".join(c.describe(a_name, b_name, self.a, self.b) for c in self.changes) + "."

    def claims(self) -> tuple[tuple[str, str], ...]:
        """What ``describe`` asserts about the two texts, as data (see ``Change.statements``)."""
        return tuple(claim for c in self.changes for _, claim in c.statements("A", "B", self.a, self.b))


def _span(text: str, ws: Sequence[Word], i: int, j: int) -> str:
    return text[ws[i].start:ws[j - 1].end] if j > i else ""


def compare(a: str, b: str) -> Comparison:
    """Compare two texts word by word (difflib on the word sequences): what B adds, drops or changes."""
    wa, wb = words(a), words(b)
    matcher = difflib.SequenceMatcher(None, [w.norm for w in wa], [w.norm for w in wb], autojunk=False)
    changes, shared = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            shared.append(_span(b, wb, j1, j2))
            continue
        op = {"insert": "add", "delete": "drop", "replace": "change"}[tag]
        changes.append(Change(op, _span(a, wa, i1, i2), _span(b, wb, j1, j2), (i1, i2), (j1, j2)))
    return Comparison(a, b, tuple(changes), tuple(shared), round(matcher.ratio(), 3))


def same_words(a: str, b: str) -> bool:
    """True when two texts have the same words in the same order (punctuation and case aside)."""
    return [w.norm for w in words(a)] == [w.norm for w in words(b)]


def contains_words(text: str, part: str) -> bool:
    """True when the words of ``part`` occur, in a row, among the words of ``text``."""
    t, p = [w.norm for w in words(text)], [w.norm for w in words(part)]
    return bool(p) and any(t[i:i + len(p)] == p for i in range(len(t) - len(p) + 1))


# --- attribution -----------------------------------------------------------------------------


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") and not name.endswith("ss") and not name.isupper() else "'s")


def _split_gloss(name: str) -> tuple[str, str]:
    """'Naharnet (wire text, probably AFP)' -> ('Naharnet', ' (wire text, probably AFP)')."""
    name = _plain(name)
    m = re.match(r"^(.*?)\s*(\([^()]*\))$", name.strip())
    return (m.group(1), f" {m.group(2)}") if m and m.group(1) else (name.strip(), "")


def _publisher(outlet: str) -> str:
    """The first-named publisher of an outlet field ('X, as reprinted by Y' -> 'X')."""
    return re.split(r",|;| as reprinted| as quoted", outlet, maxsplit=1)[0].strip()


def _same_name(a: str, b: str) -> bool:
    return bool(a) and " ".join(a.lower().split()) == " ".join(b.lower().split())


def own_english(case: Case, source: Source) -> bool:
    """True when a rendering's English was published by the office that issued the original itself.

    All three must hold: the original is an official statement; the publisher its ``outlet`` names
    first is the rendering's ``translated_by``; and the rendering's own ``outlet`` names that same
    publisher first (the English stands on the office's own pages, not in a news report).
    """
    if not source.translation_of:
        return False
    original = case.source(source.translation_of)
    issuer = _publisher(original.outlet)
    return (original.kind.lower().startswith("official statement")
            and _same_name(source.translated_by, issuer)
            and _same_name(_publisher(source.outlet), issuer))


def _plain(text: str) -> str:
    """A publisher's name as students read it (no working words such as "stored")."""
    return plain_words(text)


def attribution(case: Case, quote: Quote) -> str:
    """How to attribute a quotation: "X, in Y's English rendering" for words of a published rendering.

    The speaker is named, and so is who published the English: the words are the translator's.
    A source that is not filed as a rendering but says (in its kind or language) that its English is
    a translation gets "X, in English translation (as published in: <outlet>)" (the wire agency a
    passage is taken from, when the casefile names it); a reprint "X, as reported by <agency>"; any
    other quotation is attributed to its speaker alone.
    """
    source = case.source(quote.source)
    speaker = case.speaker_name(quote.speaker)
    if not source.translation_of and source.original_note and source.translated_by:
        name, gloss = _split_gloss(source.translated_by)  # a rendering whose original is not held
        return f"{speaker}, in {_possessive(name)} English rendering{gloss}"
    if not source.translation_of:
        whose = _plain(case.rendering(quote.source, quote))
        return f"{speaker}, {whose}" if whose else speaker
    name, gloss = _split_gloss(source.translated_by)
    line = f"{speaker}, in {_possessive(name)} English rendering{gloss}"
    if own_english(case, source):
        line += ", published by the office that issued the original"
    return line


# --- rival renderings recorded in notes --------------------------------------------------------

_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


@dataclass(frozen=True)
class NoteRendering:
    """Another English rendering of an annotated quote, recorded (quoted) in the annotation's note."""

    text: str  # verbatim, as the note quotes it
    context: str  # the note's words from the start of its sentence (or clause) to the end of the quotation
    quote: str  # the id of the annotated quote whose note records it


def rivals_in_notes(case: Case, quote_id: str, min_words: int = 6, min_ratio: float = 0.3) -> list[NoteRendering]:
    """Other English renderings of a quote that its annotation's note quotes.

    A quoted span of the note counts when it has at least ``min_words`` words, is not a part of the
    annotated text, and is close enough to it, word for word (difflib ratio ``min_ratio``, and of a
    comparable length); the context says, in the note's own words, whose rendering it is.
    """
    q = case.quote(quote_id)
    note = " ".join(q.note.split())
    n = len(words(q.text))
    out: list[NoteRendering] = []
    previous_end = 0
    for m in _QUOTED.finditer(note):
        text = m.group(1) or m.group(2)
        begin = max(note.rfind(". ", 0, m.start()) + 2, note.rfind("; ", 0, m.start()) + 2, previous_end)
        previous_end = m.end()
        k = len(words(text))
        if k < min_words or contains_words(q.text, text) or not (n / 2 <= k <= n * 2):
            continue
        if compare(q.text, text).ratio < min_ratio:
            continue
        out.append(NoteRendering(text, note[begin:m.end()].lstrip(" ,;"), q.id))
    return out
