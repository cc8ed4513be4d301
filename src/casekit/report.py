"""The class report: score distribution, most-missed questions, most-chosen wrong answers, written
answers; as SVG figures drawn with matplotlib and one Markdown and one HTML page that show them."""
from __future__ import annotations

import html
import math
from collections import defaultdict
from pathlib import Path

from .grading import Gradebook, ItemStats, item_analysis
from .render import Plot, new_figure, renderer, style
from .style import OKABE_ITO


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
    plot = _histogram(firsts, finals, len(book.marked), len(book.results))
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
    md = [f"# Class report: {book.case.title}", "",
          f"{n} student file(s) graded; {len(book.rejected)} rejected. {marked} marked questions.", ""]
    if book.results:
        mean_first = sum(book.totals(r)[0] for r in book.results) / n
        mean_final = sum(book.totals(r)[1] for r in book.results) / n
        md += [f"Mean score: {mean_first:.1f} right at the first try, {mean_final:.1f} right in the end, "
               f"out of {marked}.", ""]
    md += ["## Score distribution", "", f"![{figs['scores'][1]}]({figs['scores'][0]})", "", figs["scores"][1], ""]
    md += ["## Most-missed questions", "", f"![{figs['most_missed'][1]}]({figs['most_missed'][0]})", "",
           "| question | prompt | wrong at first try | most-chosen wrong answer |", "|---|---|---|---|"]
    hard = sorted((s for s in stats if s.answered), key=lambda s: (-s.miss_rate, s.question.id))
    for s in hard:
        if not s.missed_first:
            continue
        top = s.top_wrong()
        wrong = f"{_wrong_label(s, top[0])} ({top[1]})" if top else ""
        md.append(f"| `{s.question.id}` | {s.question.prompt} | {s.missed_first} of {s.answered} "
                  f"({100 * s.miss_rate:.0f}%) | {wrong} |".replace("\n", " "))
    md += ["", "## Written answers", ""]
    texts = defaultdict(list)
    for r in sorted(book.results, key=lambda r: r.student.casefold()):
        for qid, text in r.texts.items():
            texts[qid].append((r.student, text))
    prompts = {q.id: q.prompt for bank in book.banks.values() for q in bank}
    if not texts:
        md.append("No written answers yet.")
    for qid in sorted(texts):
        md += [f"### {prompts.get(qid, qid)}", ""]
        md += [f"- **{student}**: {text}".replace("\n", " ") for student, text in texts[qid]]
        md.append("")
    if book.rejected:
        md += ["## Rejected files", ""] + [f"- `{r.path}`: {r.reason}" for r in book.rejected]
    md_path = out / "report.md"
    md_path.write_text("\n".join(md) + "\n", encoding="utf-8")
    html_path = out / "report.html"
    html_path.write_text(_markdown_to_html(md, book.case.title), encoding="utf-8")
    return md_path, html_path


def _markdown_to_html(lines: list[str], title: str) -> str:
    """A small converter for the report's own Markdown (headings, images, lists, tables, text)."""
    import re

    body, in_table, in_list = [], False, False
    for line in lines:
        esc = html.escape(line)
        esc = re.sub(r"`([^`]+)`", r"<code>\1</code>", esc)
        esc = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", esc)
        if not line.startswith("|") and in_table:
            body.append("</table>")
            in_table = False
        if not line.startswith("- ") and in_list:
            body.append("</ul>")
            in_list = False
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{esc[level:].strip()}</h{level}>")
        elif line.startswith("!["):
            m = re.match(r"!\[(.*)\]\((.*)\)", line)
            body.append(f'<img src="{html.escape(m.group(2))}" alt="{html.escape(m.group(1))}">')
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):
            cells = [c.strip() for c in esc.strip("|").split("|")]
            tag = "th" if not in_table else "td"
            if not in_table:
                body.append("<table border='1' cellpadding='4' style='border-collapse:collapse'>")
                in_table = True
            body.append("<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>")
        elif line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{esc[2:]}</li>")
        elif line.strip():
            body.append(f"<p>{esc}</p>")
    if in_table:
        body.append("</table>")
    if in_list:
        body.append("</ul>")
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"</head><body style='font-family:sans-serif;max-width:60em;margin:auto'>\n" + "\n".join(body)
            + "\n</body></html>\n")
