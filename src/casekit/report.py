"""The class report, read in a minute: where the class stands by part and by skill (one table, one
chart), who never started and who scored low, the hardest questions in words with the wrong answers
chosen, the balance verdicts, the written answers; the full per-question table folded below.

The report is computed once as plain data (``report_data``) and written twice: report.md as plain
Markdown, and report.html from a Jinja2 template shipped in the package (``templates/report.html.j2``)
with autoescaping on. Figures are SVG drawn with matplotlib (``render.Plot``).

Students' names and answers are untrusted text. Every piece of text is first made one printable line
(``one_line``: line breaks, control and bidirectional-override characters become spaces); in report.md
it is then written through ``md_text`` (HTML special characters as entities, Markdown's own
characters backslash-escaped), so no student's HTML reaches either page and a ``|`` cannot shift a
table's cells; in report.html Jinja2 escapes it. Only questions a student was offered count.
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .answers import atomic_write
from .grading import Gradebook, Result
from .helpers import one_line
from .questions import EXERCISES, PART_TITLES, Question
from .render import Plot, new_figure, renderer, style
from .style import OKABE_ITO

MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # inline Markdown anywhere in a line
MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")  # a block at the start of a line

SKILL_TITLES = PART_TITLES  # what each kind of question practises, named as the exercises name their parts
# The kinds whose prompt does not itself name what it asks about: the words shown are added.
SHOW_WORDS = ("who_said", "text_kind", "cue", "which_outlet", "own_english")
LOW = 0.5  # a student who started a part and got fewer than this share right at the first try scored low
HARDEST = 10  # questions listed as the hardest
ANSWER_MAX = 90  # characters of an option (or of each item of an ordering) in the list of the hardest
PROMPT_MAX = 200  # characters of a prompt shown in the short lists
WORDS_MAX = 160  # characters of a question's words shown in the short lists (the full table has them all)


def md_text(text: object) -> str:
    """Any text as inert Markdown: HTML-escaped, Markdown characters escaped, on one line."""
    escaped = MD_SPECIAL.sub(r"\\\1", html.escape(one_line(text), quote=False))
    return MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)


def _code(text: str) -> str:
    """Text for a code span (question ids): no backticks, on one line."""
    return "".join(ch for ch in one_line(text) if ch != "`")


def shorten(text: str, limit: int = WORDS_MAX) -> str:
    """text cut at a word boundary to at most about limit characters, marked with an ellipsis."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    closing = {"“": "”", "‘": "’", '"': '"', "«": "»"}.get(text[0], "") if text[-1] in "”’\"»" else ""
    return cut.rstrip(" ,;:") + " …" + closing  # a quotation cut short still closes


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def part_title(exercise: str) -> str:
    """An exercise as the notebooks title it: 'Exercise 1: Source attribution'."""
    number = list(EXERCISES).index(exercise) + 1 if exercise in EXERCISES else 0
    name = exercise.replace("-", " ").capitalize()
    return f"Exercise {number}: {name}" if number else name


# --- the numbers --------------------------------------------------------------------------------


@dataclass
class Tally:
    """Offered questions (student x question pairs, students who started the part only), answered,
    right at the first try, right in the end."""

    offered: int = 0
    answered: int = 0
    first: int = 0
    final: int = 0
    questions: set = field(default_factory=set)
    students: set = field(default_factory=set)

    def add(self, r: Result, qid: str) -> None:
        self.offered += 1
        self.questions.add(qid)
        self.students.add(r.path)
        self.answered += qid in r.first
        self.first += bool(r.first.get(qid))
        self.final += bool(r.final.get(qid))


@dataclass
class QuestionStats:
    question: Question
    exercise: str
    offered: int = 0  # students who started the part and were offered it
    answered: int = 0
    missed_first: int = 0
    right_final: int = 0
    wrong: Counter = field(default_factory=Counter)  # the first wrong answers (lists as tuples)

    @property
    def miss_rate(self) -> float:
        return self.missed_first / self.answered if self.answered else 0.0

    def top_wrong(self) -> Optional[tuple[object, int]]:
        """The most-chosen wrong answer (answers that read the same in words counted together), and
        how many chose it."""
        if not self.wrong:
            return None
        by_words: dict[str, list] = {}
        for value, n in sorted(self.wrong.items(), key=lambda kv: repr(kv[0])):
            entry = by_words.setdefault(answer_in_words(self.question, value), [value, 0])
            entry[1] += n
        words, (value, n) = sorted(by_words.items(), key=lambda kv: (-kv[1][1], kv[0]))[0]
        return value, n


def _raw(value: object) -> object:
    """A recorded answer as a key to count by (a list as a tuple; anything else unhashable as text)."""
    if isinstance(value, list):
        return tuple(v if isinstance(v, str) else repr(v) for v in value)
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def started(book: Gradebook, r: Result, exercise: str) -> bool:
    """Whether a student answered anything at all in an exercise (marked, practice, written or balance)."""
    ids = {q.id for q in book.banks[exercise]}
    return bool(r.balance.get(exercise)) or any(q in ids for q in (*r.first, *r.texts))


def answer_in_words(q: Question, value: object, limit: Optional[int] = None) -> str:
    """A recorded answer as the student saw it: the option's label, an ordering as its items' labels
    (limit: shorten a label, or each item of an ordering, to about that many characters)."""
    known = {c.value for c in q.choices}
    cut = (lambda text: shorten(text, limit)) if limit else one_line
    if q.is_order:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v in known for v in value):
            return "an ordering of items that are not among the items offered now"
        return " → ".join(cut(q.label_of(v)) for v in value)
    if isinstance(value, str) and value in known:
        return cut(q.label_of(value))
    return "an answer that is not among the options offered now"


def short_prompt(q: Question, limit: int = PROMPT_MAX) -> str:
    """A prompt for the short lists: a prompt of several lines (two texts to compare between a first
    and a last line) keeps its first and last lines; a long one keeps its last sentence, the question
    itself, and is shortened before it."""
    lines = [one_line(x) for x in str(q.prompt).splitlines() if one_line(x)]
    if len(lines) > 2:
        lines = [lines[0], lines[-1]]
    prompt = " ".join(lines)
    if len(prompt) <= limit:
        return prompt
    for sep in (". ", ": "):  # the question after a sentence, or after the texts it introduces
        head, dot, last = prompt.rpartition(sep)
        if dot and len(last) < limit // 2:
            return shorten(head + dot.strip(), limit - len(last) - 1) + " " + last
    return shorten(prompt, limit)


def question_in_words(case, q: Question, limit: Optional[int] = WORDS_MAX) -> str:
    """The question as a student read it: its prompt, and the words it asks about where the prompt
    does not name them (limit: shorten the prompt and those words; None keeps them whole)."""
    prompt = one_line(q.prompt) if limit is None else short_prompt(q)
    if q.kind in SHOW_WORDS and q.quote and f"“{q.quote}”" not in q.prompt:  # not twice: the prompt may name them
        words = one_line(q.quote) if limit is None else shorten(q.quote, limit)
        return f"{prompt} “{words}”"
    return prompt


def _lang(case, q: Question) -> str:
    try:
        return case.source(q.source).lang if q.source else ""
    except KeyError:
        return ""


def analyse(book: Gradebook, rubrics: Optional[dict] = None) -> dict:
    """Everything the report shows, as plain data (text not yet escaped: each writer escapes it);
    ``rubrics``: question id -> rubric, shown beside the written answers."""
    case = book.case
    results = sorted(book.results, key=lambda r: (one_line(r.student).casefold(), r.path))
    began = {ex: [r for r in results if started(book, r, ex)] for ex in book.banks}
    tallies, parts, stats = _count(book, began)
    totals = [book.totals(r) for r in results]
    intro, mean = _intro(book, totals)
    return {
        "title": f"Class report: {one_line(case.title)}", "case_title": one_line(case.title), "intro": intro,
        "mean": mean, "students": len(results), "summary": _summary(book, results, began, tallies, parts),
        "not_started": _not_started(book, results, began), "low": _low(book, began),
        "low_share": pct(int(LOW * 100), 100), "hardest": _hardest(case, stats),
        "balance": _balance(book, results, began),
        "written": _written(book, results, rubrics), "full": _full(book, stats),
        "rejected": [{"path": one_line(x.path), "reason": one_line(x.reason)} for x in book.rejected],
        "scores": list(totals),
    }


def _count(book: Gradebook, began: dict) -> tuple[dict, dict, dict]:
    """Per part and skill, per part, and per question: what the students who started a part were
    offered and did (each student's cost is what they were offered, not the whole bank)."""
    tallies: dict[tuple[str, str], Tally] = {}
    parts: dict[str, Tally] = {ex: Tally() for ex in book.banks}
    stats = {q.id: QuestionStats(q, ex) for ex, q in book.marked}
    for ex in book.banks:
        for r in began[ex]:
            for qid in book.offered_marked(r, ex):
                s = stats[qid]
                tallies.setdefault((ex, s.question.kind), Tally()).add(r, qid)
                parts[ex].add(r, qid)
                s.offered += 1
                if qid in r.first:
                    s.answered += 1
                    s.right_final += bool(r.final.get(qid))
                    if not r.first[qid]:
                        s.missed_first += 1
                        s.wrong[_raw(r.wrong_first.get(qid))] += 1
    return tallies, parts, stats


def _summary(book: Gradebook, results: list, began: dict, tallies: dict, parts: dict) -> list[dict]:
    summary = []
    for ex in book.banks:
        kinds = list(dict.fromkeys(q.kind for q in book.banks[ex] if not q.is_open))
        rows = [(kind, tallies[(ex, kind)]) for kind in kinds if (ex, kind) in tallies]
        summary.append({
            "part": part_title(ex), "exercise": ex, "started": len(began[ex]), "students": len(results),
            "total": _tally_row("All skills", parts[ex]),
            "skills": [_tally_row(SKILL_TITLES.get(kind, kind.replace("_", " ")), t) for kind, t in rows],
        })
    return summary


def _not_started(book: Gradebook, results: list, began: dict) -> list[dict]:
    nobody = "none: every student started it" if results else "none: no student file was graded"
    return [{"part": part_title(ex), "students": [one_line(r.student) for r in results if r not in began[ex]],
             "none": nobody} for ex in book.banks]


def _low(book: Gradebook, began: dict) -> list[dict]:
    """The students who started a part and got fewer than LOW of what they were offered right at first."""
    low = []
    for ex in book.banks:
        for r in began[ex]:
            first, _, offered = book.totals(r, ex)
            answered = sum(1 for qid in book.offered_marked(r, ex) if qid in r.first)
            if offered and first / offered < LOW:
                low.append({"student": one_line(r.student), "part": part_title(ex), "first": first,
                            "offered": offered, "answered": answered, "share": pct(first, offered),
                            "_key": (first / offered, one_line(r.student).casefold())})
    low.sort(key=lambda x: x.pop("_key"))
    return low


def _hardest(case, stats: dict) -> list[dict]:
    hard = sorted((s for s in stats.values() if s.missed_first),
                  key=lambda s: (-s.miss_rate, -s.missed_first, s.question.id))[:HARDEST]
    hardest = []
    for n, s in enumerate(hard, 1):
        top = s.top_wrong()
        q = s.question
        hardest.append({
            "n": n, "part": part_title(s.exercise), "skill": SKILL_TITLES.get(q.kind, q.kind),
            "prompt": short_prompt(q), "words": shorten(q.quote) if q.kind in SHOW_WORDS and q.quote else "",
            "lang": _lang(case, q),
            "missed": s.missed_first, "answered": s.answered, "rate": pct(s.missed_first, s.answered),
            "wrong": answer_in_words(q, top[0], ANSWER_MAX) if top else "", "wrong_count": top[1] if top else 0,
            "right": answer_in_words(q, q.answer, ANSWER_MAX).removesuffix("."),
            "_rate": s.miss_rate,
        })
    return hardest


def _balance(book: Gradebook, results: list, began: dict) -> list[dict]:
    """The balance verdicts: per part with any, class totals and per student."""
    balance = []
    for ex in book.banks:
        judged = [(r, r.balance[ex]) for r in results if r.balance.get(ex)]
        if not judged:
            continue
        verdicts = [v for _, vs in judged for v in vs]
        first = sum(1 for f, _ in verdicts if f)
        final = sum(1 for _, g in verdicts if g)
        balance.append({
            "part": part_title(ex), "students": len(judged), "started": len(began[ex]),
            "triads": len(verdicts), "first": first, "final": final,
            "first_pct": pct(first, len(verdicts)), "final_pct": pct(final, len(verdicts)),
            "rows": [{"student": one_line(r.student), "triads": len(vs), "first": sum(1 for f, _ in vs if f),
                      "final": sum(1 for _, g in vs if g)} for r, vs in judged],
        })
    return balance


def _rubric(rubric) -> Optional[dict]:
    """A rubric as plain data for the report (casekit.rubrics.Rubric), or None."""
    if rubric is None:
        return None
    return {"criteria": [{"name": one_line(c.name), "description": one_line(c.description)} for c in rubric.criteria],
            "levels": [{"score": lv.score, "label": one_line(lv.label), "descriptor": one_line(lv.descriptor),
                        "model_answer": one_line(lv.model_answer)} for lv in rubric.levels]}


def _written(book: Gradebook, results: list, rubrics: Optional[dict] = None) -> list[dict]:
    """Each written question with the students' answers and, when the case has one, its rubric
    (``rubrics``: question id -> rubric, as casekit.rubrics.by_question gives them)."""
    written = []
    for ex, bank in book.banks.items():
        for q in bank:
            if not q.is_open:
                continue
            answers = [{"student": one_line(r.student), "text": one_line(r.texts[q.id])}
                       for r in results if q.id in r.texts and one_line(r.texts[q.id])]
            if answers:
                written.append({"part": part_title(ex), "prompt": one_line(q.prompt), "answers": answers,
                                "rubric": _rubric((rubrics or {}).get(q.id))})
    return written


def _full(book: Gradebook, stats: dict) -> list[dict]:
    """Every question offered to a student who started its part, in the exercise's order."""
    full = []
    for ex, q in book.marked:
        s = stats[q.id]
        if not s.offered:
            continue
        top = s.top_wrong()
        full.append({"id": _code(q.id), "part": part_title(ex), "skill": SKILL_TITLES.get(q.kind, q.kind),
                     "question": question_in_words(book.case, q, limit=None), "lang": _lang(book.case, q),
                     "offered": s.offered, "answered": s.answered, "missed": s.missed_first,
                     "rate": pct(s.missed_first, s.answered), "final": s.right_final,
                     "wrong": f"{answer_in_words(q, top[0])} ({top[1]})" if top else ""})
    return full


def _intro(book: Gradebook, totals: list) -> tuple[str, str]:
    n = len(totals)
    offered = sorted({t[2] for t in totals})
    told = (f"{offered[0]}" if len(offered) == 1 else f"{offered[0]} to {offered[-1]}") if offered else "0"
    intro = (f"{n} student file(s) graded; {len(book.rejected)} rejected; each student was offered {told}; only "
             f"those count (the rest of the bank's {len(book.marked)} marked questions were optional practice).")
    shown = sum(book.shown_total(r) for r in book.results)
    mean = (f"Mean score: {sum(t[0] for t in totals) / n:.1f} right at the first try, "
            f"{sum(t[1] for t in totals) / n:.1f} right in the end, out of {told}." if n else "")
    if n:
        mean += (f" Right only after being shown the answer (“The answer is: …”), not counted as right: {shown} "
                 f"answer(s) in all.")
    return intro, mean


def _tally_row(skill: str, t: Tally) -> dict:
    return {"skill": skill, "questions": len(t.questions), "offered": t.offered, "answered": pct(t.answered, t.offered),
            "first": pct(t.first, t.offered), "final": pct(t.final, t.offered),
            "first_share": t.first / t.offered if t.offered else None,
            "final_share": t.final / t.offered if t.offered else None}


# --- the charts ---------------------------------------------------------------------------------


def _text_width(fig, text: str, size: float, bold: bool = False) -> float:
    from matplotlib.font_manager import FontProperties

    props = FontProperties(size=size, weight="bold" if bold else "normal")
    return renderer(fig).get_text_width_height_descent(text, props, False)[0]


def _summary_chart(summary: list[dict]) -> Plot:
    """Where the class stands: per part, one pair of bars per skill (solid: right at the first try;
    hatched: right in the end), as a share of the questions offered."""
    title = "Where the class stands, by part and skill"
    slots = []  # (label, bold, first share, final share)
    for part in summary:
        skills = [s for s in part["skills"] if s["first_share"] is not None]
        slots.append((part["part"], True, None, None))
        if not skills:
            slots.append(("no student has started this part", False, None, None))
        slots += [(s["skill"], False, s["first_share"], s["final_share"]) for s in skills]
    alt = (f"{title}: bar chart of the share of the questions offered that students answered right, at the first "
           "try (solid bars) and in the end (hatched bars), for each skill of each part.")
    lines = []
    for part in summary:
        skills = [s for s in part["skills"] if s["first_share"] is not None]
        if not skills:
            lines.append(f"{part['part']}: no student has started this part.")
            continue
        lines.append(f"{part['part']} ({part['started']} of {part['students']} students started it): "
                     + "; ".join(f"{s['skill']} {s['first']} at the first try, {s['final']} in the end" for s in skills)
                     + ".")
    desc = "Share of the questions offered answered right, by part and skill. " + " ".join(lines)
    with style():
        probe = new_figure(1, 1)
        left = max([140.0] + [_text_width(probe, label, 9, bold) for label, bold, _, _ in slots]) + 16
        row = 30
        width = (left + 470) / 100
        top, bottom = 78, 52
        height = (top + row * len(slots) + bottom) / 100
        fig = new_figure(width, height)
        ax = fig.add_axes((left / (width * 100), bottom / (height * 100), 420 / (width * 100),
                           row * len(slots) / (height * 100)))
        ys = list(range(len(slots)))
        shown = [(y, a, b) for y, (_, _, a, b) in zip(ys, slots) if a is not None]
        first = ax.barh([y - 0.19 for y, _, _ in shown], [100 * a for _, a, _ in shown], height=0.36,
                        color=OKABE_ITO[4], edgecolor="black", label="right at the first try (solid)")
        final = ax.barh([y + 0.19 for y, _, _ in shown], [100 * b for _, _, b in shown], height=0.36,
                        color="white", edgecolor=OKABE_ITO[0], hatch="///", label="right in the end (hatched)")
        ax.bar_label(first, labels=[f"{100 * a:.0f}%" for _, a, _ in shown], padding=3, fontsize=8)
        ax.bar_label(final, labels=[f"{100 * b:.0f}%" for _, _, b in shown], padding=3, fontsize=8)
        ax.set_yticks(ys)
        ax.set_yticklabels([label for label, _, _, _ in slots], fontsize=9)
        for tick, (_, bold, _, _) in zip(ax.get_yticklabels(), slots):
            if bold:
                tick.set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(slots) - 0.5, -0.5)
        ax.set_xlim(0, 112)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xticklabels([f"{x}%" for x in range(0, 101, 20)], fontsize=9)
        ax.set_xlabel("share of the questions offered, answered right", fontsize=9)
        ax.grid(axis="x", color="#d0d0d0")
        ax.set_axisbelow(True)
        fig.legend(handles=[first, final], loc="upper center", bbox_to_anchor=(0.5, 1 - 34 / (height * 100)),
                   ncol=2, frameon=False, fontsize=9)
        fig.suptitle(title, y=1 - 8 / (height * 100), va="top", fontsize=12)
    return Plot(fig, title, alt, desc)


def _histogram(firsts: list[int], finals: list[int], marked: int, students: int) -> Plot:
    """Two bar series per score bin: solid for the first try, hatched for the end."""
    step = max(1, (marked + 1) // 20)
    edges = list(range(0, marked + 1, step)) + [marked + 1]  # the last bin ends at the top score
    bins = list(zip(edges, edges[1:]))

    def counts(values: list[int]) -> list[int]:
        return [sum(1 for v in values if lo <= v < hi) for lo, hi in bins]

    title = "Score distribution"
    desc = (f"Histogram of {students} students' scores out of {marked}: right at the first try "
            f"(solid bars) ranges from {min(firsts, default=0)} to {max(firsts, default=0)}; right in the end "
            f"(hatched bars) from {min(finals, default=0)} to {max(finals, default=0)}.")
    with style():
        from matplotlib.ticker import MaxNLocator

        fig = new_figure(7.2, 4.1)
        ax = fig.add_axes((0.09, 0.24, 0.88, 0.58))
        xs = range(len(bins))
        ax.bar([x - 0.2 for x in xs], counts(firsts), width=0.4, color=OKABE_ITO[4], edgecolor="black",
               label="right at the first try (solid)")
        ax.bar([x + 0.2 for x in xs], counts(finals), width=0.4, color="white", edgecolor=OKABE_ITO[0],
               hatch="///", label="right in the end (hatched)")
        labels = [str(lo) if hi - lo == 1 else f"{lo}–{hi - 1}" for lo, hi in bins]
        # Labels never run together: long ones are turned 45 degrees, and only every k-th bin is
        # labelled (always the top one) when even then they would touch (matplotlib's text widths).
        turn = max(map(len, labels)) > 4
        widest = max(_text_width(fig, x, 9) for x in labels)
        need = (widest + 12) * (0.75 if turn else 1) + 6
        slot = 0.88 * 720 / len(bins)
        every = max(1, math.ceil(need / slot))
        shown = [i for i in xs if i % every == 0]
        if shown[-1] != len(bins) - 1:
            if len(bins) - 1 - shown[-1] < every and len(shown) > 1:
                shown.pop()
            shown.append(len(bins) - 1)
        ax.set_xticks(shown)
        ax.set_xticklabels([labels[i] for i in shown], fontsize=9, rotation=45 if turn else 0,
                           ha="right" if turn else "center", rotation_mode="anchor" if turn else "default")
        ax.set_xlim(-0.6, len(bins) - 0.4)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("students")
        ax.set_xlabel(f"questions right (out of {marked})")
        ax.grid(axis="y", color="#d0d0d0")
        ax.set_axisbelow(True)
        fig.legend(loc="upper center", bbox_to_anchor=(0.5, 0.93), ncol=2, frameon=False, fontsize=9)
        fig.suptitle(title, y=0.985, va="top")
    return Plot(fig, title, desc, desc)


def _most_missed(hard: list[tuple[str, float]]) -> Plot:
    """One bar per question, labelled in words (its number in the list and its skill): the share of
    students wrong at the first try."""
    title = "Hardest questions"
    desc = ("Bar chart of the hardest questions, numbered as in the list: "
            + "; ".join(f"{label} {100 * rate:.0f}% wrong at the first try" for label, rate in hard) + "."
            if hard else "No answers yet.")
    with style():
        rows = max(1, len(hard))
        probe = new_figure(1, 1)
        left = max([120.0] + [_text_width(probe, label, 9) for label, _ in hard]) + 20
        width = (left + 440) / 100
        height = (70 + 26 * rows + 50) / 100
        fig = new_figure(width, height)
        ax = fig.add_axes((left / (width * 100), 60 / (height * 100), 400 / (width * 100), 26 * rows / (height * 100)))
        ys = range(len(hard))
        bars = ax.barh(list(ys), [100 * rate for _, rate in hard], height=0.7, color=OKABE_ITO[5], edgecolor="black")
        ax.bar_label(bars, labels=[f"{100 * rate:.0f}%" for _, rate in hard], padding=3, fontsize=9)
        ax.set_yticks(list(ys))
        ax.set_yticklabels([label for label, _ in hard], fontsize=9)
        ax.set_ylim(rows - 0.5, -0.5)
        ax.set_xlim(0, 112)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel("% of students wrong at the first try")
        ax.grid(axis="x", color="#d0d0d0")
        ax.set_axisbelow(True)
        if not hard:
            ax.text(50, 0, "No answers yet.", ha="center", va="center")
        fig.suptitle(title, y=1 - 8 / (height * 100), va="top")
    return Plot(fig, title, desc, desc)


def _figures(book: Gradebook, data: dict, out: Path) -> dict[str, dict]:
    """Draw and save the charts; their file names and words."""
    figs = {}
    totals = data["scores"]
    top = max((t[2] for t in totals), default=len(book.marked))
    plots = {
        "summary": _summary_chart(data["summary"]),
        "hardest": _most_missed([(f"{h['n']}. {h['skill']}", h["_rate"]) for h in data["hardest"]]),
        "scores": _histogram([t[0] for t in totals], [t[1] for t in totals], top, len(totals)),
    }
    names = {"summary": "summary.svg", "hardest": "most_missed.svg", "scores": "scores.svg"}
    for key, plot in plots.items():
        plot.save(out / names[key])
        figs[key] = {"src": names[key], "alt": plot.alt, "description": plot.description,
                     "width": int(round(plot.figure.get_figwidth() * 100))}
    return figs


# --- the two pages ------------------------------------------------------------------------------


def render_markdown(data: dict, figs: dict) -> str:
    """report.md: the same content as the HTML page, as plain Markdown with every text escaped."""
    t = md_text
    md = [f"# {t(data['title'])}", "", t(data["intro"]), ""]
    if data["mean"]:
        md += [t(data["mean"]), ""]
    md += ["## Where the class stands", "",
           "Share of the questions offered that were answered, right at the first try and right in the end, "
           "counting the students who started each part.", "",
           "| part | skill | questions | answered | right at the first try | right in the end |",
           "|---|---|---:|---:|---:|---:|"]
    for part in data["summary"]:
        tot = part["total"]
        md.append(f"| **{t(part['part'])}** ({part['started']} of {part['students']} started) | **all skills** | "
                  f"{tot['questions']} | {tot['answered']} | **{tot['first']}** | **{tot['final']}** |")
        md += [f"| | {t(s['skill'])} | {s['questions']} | {s['answered']} | {s['first']} | {s['final']} |"
               for s in part["skills"]]
    fig = figs["summary"]
    md += ["", f"![{t(fig['alt'])}]({fig['src']})", "", t(fig["description"]), ""]
    md += ["## Students to follow up", "", "### Never started", ""]
    for part in data["not_started"]:
        names = ", ".join(t(s) for s in part["students"]) or t(part["none"])
        md.append(f"- {t(part['part'])}: {names}")
    md += ["", f"### Started, and right at the first try on fewer than {data['low_share']} of the questions offered", ""]
    if data["low"]:
        md += ["| student | part | right at the first try | answered | offered |", "|---|---|---:|---:|---:|"]
        md += [f"| {t(x['student'])} | {t(x['part'])} | {x['first']} ({x['share']}) | {x['answered']} | {x['offered']} |"
               for x in data["low"]]
    else:
        md.append("None.")
    md += ["", "## Hardest questions", ""]
    if data["hardest"]:
        fig = figs["hardest"]
        md += [f"![{t(fig['alt'])}]({fig['src']})", ""]
        for h in data["hardest"]:
            words = f" “{t(h['words'])}”" if h["words"] else ""
            md += [f"{h['n']}\\. **{t(h['prompt'])}**{words} ({t(h['part'])}; {t(h['skill'])})  ",
                   f"   Wrong at the first try: {h['missed']} of {h['answered']} ({h['rate']}). "
                   f"Most-chosen wrong answer: {t(h['wrong'])} ({h['wrong_count']}). Right answer: {t(h['right'])}.", ""]
    else:
        md += ["No question was missed yet.", ""]
    md += ["## Balance of triads", ""]
    if data["balance"]:
        for b in data["balance"]:
            md += [f"{t(b['part'])}: {b['students']} of {b['started']} students who started judged triads of their "
                   f"own network: {b['triads']} triads judged, {b['first']} right at the first try ({b['first_pct']}), "
                   f"{b['final']} right in the end ({b['final_pct']}).", "",
                   "| student | triads judged | right at the first try | right in the end |", "|---|---:|---:|---:|"]
            md += [f"| {t(r['student'])} | {r['triads']} | {r['first']} | {r['final']} |" for r in b["rows"]]
            md.append("")
    else:
        md += ["No student has judged a triad yet.", ""]
    fig = figs["scores"]
    md += ["## Score distribution", "", f"![{t(fig['alt'])}]({fig['src']})", "", t(fig["description"]), ""]
    md += ["## Written answers", ""]
    if not data["written"]:
        md += ["No written answers yet.", ""]
    for w in data["written"]:
        md += [f"### {t(w['prompt'])}", ""]
        if w["rubric"]:
            rubric = w["rubric"]
            md += ["Rubric: " + "; ".join(f"*{t(c['name'])}* ({t(c['description'])})" for c in rubric["criteria"]) + ".", "",
                   "| score | level | what it shows | model answer |", "|---:|---|---|---|"]
            md += [f"| {lv['score']} | {t(lv['label'])} | {t(lv['descriptor'])} | {t(lv['model_answer'])} |"
                   for lv in rubric["levels"]]
            md.append("")
        md += [f"- **{t(a['student'])}**: {t(a['text'])}" for a in w["answers"]] + [""]
    md += ["## All questions", "",
           "Every question offered to a student who started its part, in the exercise's order, with its id.", ""]
    if data["full"]:
        md += ["| id | part | skill | question | offered to | answered | wrong at the first try | right in the end "
               "| most-chosen wrong answer |", "|---|---|---|---|---:|---:|---:|---:|---|"]
        md += [f"| `{q['id']}` | {t(q['part'])} | {t(q['skill'])} | {t(q['question'])} | {q['offered']} | "
               f"{q['answered']} | {q['missed']} ({q['rate']}) | {q['final']} | {t(q['wrong'])} |" for q in data["full"]]
    else:
        md.append("No answers yet.")
    if data["rejected"]:
        md += ["", "## Rejected files", ""] + [f"- {t(r['path'])}: {t(r['reason'])}" for r in data["rejected"]]
    return "\n".join(md) + "\n"


def _template():
    """The page's Jinja2 template, shipped in the package, with autoescaping on."""
    from importlib.resources import files

    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    return env.from_string(files("casekit").joinpath("templates", "report.html.j2").read_text(encoding="utf-8"))


def render_html(data: dict, figs: dict) -> str:
    """report.html from the package's template (every text escaped by Jinja2)."""
    return _template().render(**data, figs=figs)


def write_report(book: Gradebook, out: Path, rubrics: Optional[dict] = None) -> tuple[Path, Path]:
    """Write report.md, report.html and the figures into out, with the user's usual permissions;
    return the two pages. ``rubrics`` (question id -> rubric) are shown beside the written answers."""
    out.mkdir(parents=True, exist_ok=True)
    data = analyse(book, rubrics)
    figs = _figures(book, data, out)
    md_path, html_path = out / "report.md", out / "report.html"
    atomic_write(md_path, render_markdown(data, figs))
    atomic_write(html_path, render_html(data, figs))
    return md_path, html_path
