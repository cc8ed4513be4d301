"""Reading through translation: the published renderings of an original's passages, a word-level
comparison of two renderings, how to attribute words that are a translator's, and questions on them.

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

from .model import Case, Quote, Source, display_date
from .questions import Choice, Question, _rank, _shuffled

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

    def describe(self, a_name: str = "A", b_name: str = "B") -> str:
        """The change in words, e.g. B has “single” where A has “unified”."""
        if self.op == "add":
            return f"{b_name} adds “{self.b}”"
        if self.op == "drop":
            return f"{b_name} leaves out “{self.a}”"
        return f"{b_name} has “{self.b}” where {a_name} has “{self.a}”"


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
        return "; ".join(c.describe(a_name, b_name) for c in self.changes) + "."


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


def attribution(case: Case, quote: Quote) -> str:
    """How to attribute a quotation: "X, in Y's English rendering" for words of a published rendering.

    The speaker is named, and so is who published the English: the words are the translator's.
    A source that is not filed as a rendering but says (in its kind or language) that its English is
    a translation gets "X, in English translation (as published in: <outlet>)"; any other quotation
    is attributed to its speaker alone.
    """
    source = case.source(quote.source)
    speaker = case.speaker_name(quote.speaker)
    if not source.translation_of:
        if "translation" in f"{source.kind} {source.language}".lower():
            return f"{speaker}, in English translation (as published in: {source.outlet})"
        return speaker
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


# --- questions --------------------------------------------------------------------------------


def _trusted(case: Case, q: Quote) -> bool:
    """A rendering quote an answer key may rest on: not disputed, not a headline, its source not grade C."""
    return not q.disputed and not q.headline and case.source(q.source).confidence != "C"


def _outlet_label(case: Case, source_id: str) -> str:
    return case.source(source_id).translated_by


def _rendering_line(case: Case, q: Quote) -> str:
    s = case.source(q.source)
    grade = f"; confidence {s.confidence}" if s.confidence else ""
    return f"“{q.text}” ({attribution(case, q)}; source: {s.id}{grade})"


def _original_line(case: Case, p: Passage) -> str:
    s = case.source(p.original.source)
    return (f"The original ({s.language or s.lang}): “{p.original.text}” ({case.speaker_name(p.original.speaker)}; "
            f"source: {s.id}, {display_date(s.published)}).")


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
    explanation = (f"These words are {_possessive(_split_gloss(r_label)[0])} "
                   f"rendering: “{r.text}” (source: {r.source}). Every stored rendering of the passage:\n• "
                   + "\n• ".join(lines) + "\nWhat sets this rendering apart, word for word:\n• "
                   + "\n• ".join(distinct))
    src = case.source(r.source)
    return Question(id=qid, kind="which_outlet", skill="translation",
                    prompt=f"Several outlets published English renderings of this passage of "
                           f"{case.source(p.original.source).title}. Which outlet's rendering is this?",
                    answer=r.source, choices=choices, explanation=explanation,
                    hint="Compare the words with the renderings of this passage side by side: which words did only one outlet print?",
                    quote=r.text, sentence=r.text, paragraph=src.paragraph_at(r.start), source=r.source,
                    reasons=tuple((x, f"{r_label}'s words are not {_outlet_label(case, x)}'s.") for x in others))


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
    for _, i1, i2, j1, j2 in (op for op in difflib.SequenceMatcher(
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
    explanation = (f"{_possessive(b_name)} words “{key.b}” are not in {_possessive(a_name)} rendering"
                   + (f", which has “{key.a}” there" if key.a else "") + ". Word for word: "
                   + cmp.describe(a_name, b_name) + f"\n• {a_name}: {_rendering_line(case, a)}\n• {b_name}: "
                   + _rendering_line(case, b) + "\n" + _original_line(case, p))
    reasons = tuple((value(i, j), f"{a_name}'s rendering has these words too.") for i, j in picked)
    return Question(id=qid, kind="what_differs", skill="translation",
                    prompt=(f"Two English renderings of the same passage of {case.source(p.original.source).title}.\n"
                            f"{a_name}: “{a.text}”\n{b_name}: “{b.text}”\n"
                            f"Which words does {_possessive(b_name)} rendering have that {_possessive(a_name)} does not?"),
                    answer=key_value, choices=choices, explanation=explanation,
                    hint=f"Read the two renderings side by side, word by word: which of these words can you not find in {_possessive(a_name)}?",
                    sentence=b.text, source=b.source, reasons=reasons)


# Titles for the parts of an exercise that shows these questions, by question kind.
PART_TITLES = {
    "which_outlet": "Which outlet's rendering is this?",
    "what_differs": "What one rendering has that another lacks",
    "own_english": "Whose English is it?",
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
            "otherwise name who published the English: “" + attribution(case, q) + "”.")
    language = original.language or original.lang
    if own:
        why = (f"Yes. The original, in {language}, was published by {_publisher(original.outlet)} (the casefile "
               f"records its publisher as “{original.outlet}”; source: {original.id}). This English was published "
               f"by the same office: “{source.outlet}” (source: {source.id}). It is the office's own English "
               f"version, so it may be quoted as {speaker}'s statement in English, naming that page.")
    else:
        why = (f"No. The original is in {language} (source: {original.id}). The English “{q.text}” was "
               f"published by {source.translated_by} (source: {source.id}), not by the office that issued the "
               f"statement: the English words are that publisher's translation, and another translator may "
               f"render the passage differently.")
    return Question(id=qid, kind="own_english", skill="translation",
                    prompt=f"Can these words be quoted as {speaker}'s own English?",
                    answer="yes" if own else "no", choices=OWN_ENGLISH_CHOICES,
                    explanation=f"{why} {rule}",
                    hint="Who published this English: the speaker's own office, or a news outlet? Look at the source's publisher.",
                    quote=q.text, sentence=q.text, paragraph=source.paragraph_at(q.start), source=q.source)


def translation_bank(case: Case, sources: Optional[Sequence[str]] = None) -> list[Question]:
    """Every translation question the case yields, for the given originals (default: all).

    Per passage: a "which outlet" question for each rendering that can carry one; a "what differs"
    question comparing each other rendering with the first that can carry a key; and per rendering
    source one "own English" question, on its first quote that can carry a key.
    """
    chosen = list(sources) if sources else [s.id for s in originals(case)]
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
