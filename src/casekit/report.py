"""The class report: score distribution, most-missed questions, most-chosen wrong answers, written
answers; as SVG figures drawn with matplotlib and one Markdown and one HTML page that show them.

Students' names and answers are untrusted text: in report.md every piece of text is written through
``md_text`` (HTML special characters as entities, Markdown's own characters backslash-escaped,
line breaks and control characters as spaces), so no student's HTML reaches either page and a ``|``
cannot shift a table's cells."""
from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from pathlib import Path

from .grading import Gradebook, ItemStats, item_analysis
from .render import Plot, new_figure, renderer, style
from .style import OKABE_ITO


MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # inline Markdown anywhere in a line
MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")  # a block at the start of a line


def md_text(text: object) -> str:
    """Any text as inert Markdown: HTML-escaped, Markdown characters escaped, on one line."""
    one_line = "".join(ch if ch.isprintable() else " " for ch in str(text))
    escaped = MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))
    return MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)


def _wrong_label(stats: ItemStats, value: str) -> str:
    q = stats.question
    if q.is_order:
        return value
    return q.label_of(value)


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
        from matplotlib.font_manager import FontProperties

        turn = max(map(len, labels)) > 4
        widest = max(renderer(fig).get_text_width_height_descent(x, FontProperties(size=9), False)[0] for x in labels)
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


def _most_missed(hard: list[ItemStats]) -> Plot:
    """One bar per question: the share of students wrong at the first try."""
    title = "Most-missed questions"
    desc = "Bar chart of the most-missed questions: " + "; ".join(
        f"{s.question.id} {100 * s.miss_rate:.0f}%" for s in hard) + "." if hard else "No answers yet."
    with style():
        from matplotlib.font_manager import FontProperties

        rows = max(1, len(hard))
        probe = new_figure(1, 1)
        r = renderer(probe)
        left = max([120.0] + [r.get_text_width_height_descent(s.question.id, FontProperties(size=9), False)[0]
                              for s in hard]) + 20
        width = (left + 440) / 100
        height = (70 + 26 * rows + 50) / 100
        fig = new_figure(width, height)
        ax = fig.add_axes((left / (width * 100), 60 / (height * 100), 400 / (width * 100), 26 * rows / (height * 100)))
        ys = range(len(hard))
        bars = ax.barh(list(ys), [100 * s.miss_rate for s in hard], height=0.7, color=OKABE_ITO[5], edgecolor="black")
        ax.bar_label(bars, labels=[f"{100 * s.miss_rate:.0f}%" for s in hard], padding=3, fontsize=9)
        ax.set_yticks(list(ys))
        ax.set_yticklabels([s.question.id for s in hard], fontsize=9)
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


def _figures(book: Gradebook, stats: list[ItemStats], out: Path) -> dict[str, tuple[str, str]]:
    figs = {}
    firsts = [book.totals(r)[0] for r in book.results]
    finals = [book.totals(r)[1] for r in book.results]
    plot = _histogram(firsts, finals, max((book.totals(r)[2] for r in book.results), default=len(book.marked)),
                      len(book.results))
    plot.save(out / "scores.svg")
    figs["scores"] = ("scores.svg", plot.description)
    hard = sorted((s for s in stats if s.answered), key=lambda s: (-s.miss_rate, s.question.id))[:10]
    plot = _most_missed(hard)
    plot.save(out / "most_missed.svg")
    figs["most_missed"] = ("most_missed.svg", plot.description)
    return figs


def write_report(book: Gradebook, out: Path) -> tuple[Path, Path]:
    """Write report.md, report.html and the figures into out; return the two pages."""
    out.mkdir(parents=True, exist_ok=True)
    stats = item_analysis(book)
    figs = _figures(book, stats, out)
    n = len(book.results)
    marked = len(book.marked)
    t = md_text
    offered = sorted({book.totals(r)[2] for r in book.results})
    told = (f"{offered[0]}" if len(offered) == 1 else f"{offered[0]} to {offered[-1]}") if offered else "0"
    md = [f"# Class report: {t(book.case.title)}", "",
          f"{n} student file(s) graded; {len(book.rejected)} rejected. {marked} marked questions, of which "
          f"each student was offered {told}; only those count (the others were optional practice).", ""]
    if book.results:
        mean_first = sum(book.totals(r)[0] for r in book.results) / n
        mean_final = sum(book.totals(r)[1] for r in book.results) / n
        md += [f"Mean score: {mean_first:.1f} right at the first try, {mean_final:.1f} right in the end, "
               f"out of {told}.", ""]
    md += ["## Score distribution", "", f"![{t(figs['scores'][1])}]({figs['scores'][0]})", "", t(figs["scores"][1]), ""]
    md += ["## Most-missed questions", "", f"![{t(figs['most_missed'][1])}]({figs['most_missed'][0]})", "",
           "| question | prompt | wrong at first try | most-chosen wrong answer |", "|---|---|---|---|"]
    hard = sorted((s for s in stats if s.answered), key=lambda s: (-s.miss_rate, s.question.id))
    for s in hard:
        if not s.missed_first:
            continue
        top = s.top_wrong()
        wrong = f"{t(_wrong_label(s, top[0]))} ({top[1]})" if top else ""
        md.append(f"| `{_code(s.question.id)}` | {t(s.question.prompt)} | {s.missed_first} of {s.answered} "
                  f"({100 * s.miss_rate:.0f}%) | {wrong} |")
    md += ["", "## Written answers", ""]
    texts = defaultdict(list)
    for r in sorted(book.results, key=lambda r: r.student.casefold()):
        for qid, text in r.texts.items():
            texts[qid].append((r.student, text))
    prompts = {q.id: q.prompt for bank in book.banks.values() for q in bank}
    if not texts:
        md.append("No written answers yet.")
    for qid in sorted(texts):
        md += [f"### {t(prompts.get(qid, qid))}", ""]
        md += [f"- **{t(student)}**: {t(text)}" for student, text in texts[qid]]
        md.append("")
    if book.rejected:
        md += ["## Rejected files", ""] + [f"- {t(r.path)}: {t(r.reason)}" for r in book.rejected]
    md_path = out / "report.md"
    md_path.write_text("\n".join(md) + "\n", encoding="utf-8")
    html_path = out / "report.html"
    html_path.write_text(_markdown_to_html(md, book.case.title), encoding="utf-8")
    return md_path, html_path


def _code(text: str) -> str:
    """Text for a code span (question ids): no backticks, on one line."""
    return "".join(ch for ch in text if ch.isprintable() and ch != "`")


_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _inline(text: str) -> str:
    """The report's own inline Markdown as HTML: backslash escapes, `code`, **bold**; the text is
    already HTML-escaped by md_text (entities are kept, anything else is escaped)."""
    out, i, bold = [], 0, False
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(html.escape(text[i + 1]))
            i += 2
        elif ch == "`" and "`" in text[i + 1:]:
            end = text.index("`", i + 1)
            out.append(f"<code>{html.escape(text[i + 1:end])}</code>")
            i = end + 1
        elif text.startswith("**", i):
            out.append("</b>" if bold else "<b>")
            bold = not bold
            i += 2
        elif ch == "&" and _ENTITY.match(text, i):
            m = _ENTITY.match(text, i)
            out.append(m.group(0))
            i = m.end()
        else:
            out.append(html.escape(ch))
            i += 1
    if bold:
        out.append("</b>")
    return "".join(out)


def _cells(line: str) -> list[str]:
    """A table row's cells, split at the | that are not backslash-escaped."""
    cells, cur, i = [], [], 0
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            cur.append(body[i:i + 2])
            i += 2
        elif body[i] == "|":
            cells.append("".join(cur).strip())
            cur = []
            i += 1
        else:
            cur.append(body[i])
            i += 1
    if "".join(cur).strip():
        cells.append("".join(cur).strip())
    return cells


def _markdown_to_html(lines: list[str], title: str) -> str:
    """A small converter for the report's own Markdown (headings, images, lists, tables, text)."""
    body, in_table, in_list = [], False, False
    for line in lines:
        if not line.startswith("|") and in_table:
            body.append("</table>")
            in_table = False
        if not line.startswith("- ") and in_list:
            body.append("</ul>")
            in_list = False
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{_inline(line[level:].strip())}</h{level}>")
        elif line.startswith("!["):
            m = re.match(r"!\[(.*)\]\(([^()]*)\)$", line)
            alt = html.unescape(re.sub(r"\\(.)", r"\1", m.group(1)))
            body.append(f'<img src="{html.escape(m.group(2))}" alt="{html.escape(alt)}">')
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):
            cells = [_inline(c) for c in _cells(line)]
            tag = "th" if not in_table else "td"
            if not in_table:
                body.append("<table border='1' cellpadding='4' style='border-collapse:collapse'>")
                in_table = True
            body.append("<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>")
        elif line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_inline(line[2:])}</li>")
        elif line.strip():
            body.append(f"<p>{_inline(line)}</p>")
    if in_table:
        body.append("</table>")
    if in_list:
        body.append("</ul>")
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"</head><body style='font-family:sans-serif;max-width:60em;margin:auto'>\n" + "\n".join(body)
            + "\n</body></html>\n")
