"""The class report: score distribution, most-missed questions, most-chosen wrong answers, written
answers; as SVG figures and one Markdown and one HTML page that show them.

Students' names and answers are untrusted text: in report.md every piece of text is written through
``md_text`` (HTML special characters as entities, Markdown's own characters backslash-escaped,
line breaks and control characters as spaces), so no student's HTML reaches either page and a ``|``
cannot shift a table's cells."""
from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

from .grading import Gradebook, ItemStats, item_analysis
from .style import OKABE_ITO
from .svg import Drawing, text_width


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


def _histogram(firsts: list[int], finals: list[int], marked: int, students: int):
    """Two bar series per score bin: solid for the first try, hatched for the end."""
    step = max(1, (marked + 1) // 20)
    edges = list(range(0, marked + 1, step)) + [marked + 1]  # the last bin ends at the top score
    bins = list(zip(edges, edges[1:]))

    def counts(values: list[int]) -> list[int]:
        return [sum(1 for v in values if lo <= v < hi) for lo, hi in bins]

    series = [(counts(firsts), OKABE_ITO[4], "right at the first try"), (counts(finals), OKABE_ITO[0], "right in the end")]
    top = max([1] + series[0][0] + series[1][0])
    width, height, x0, x1, y0, y1 = 720, 380, 70, 700, 320, 84
    desc = (f"Histogram of {students} students' scores out of {marked}: right at the first try "
            f"(solid bars) ranges from {min(firsts, default=0)} to {max(firsts, default=0)}; right in the end "
            f"(hatched bars) from {min(finals, default=0)} to {max(finals, default=0)}.")
    d = Drawing(width, height, "Score distribution", desc)
    hatched = d.hatch("hatch", OKABE_ITO[0])
    d.heading()
    slot = (x1 - x0) / len(bins)
    for k in range(top + 1):
        if top <= 10 or k % max(1, top // 8) == 0 or k == top:
            y = y0 - (y0 - y1) * k / top
            d.line(x0 - 4, y, x1, y, stroke="#d0d0d0" if k else "#000")
            d.text(x0 - 8, y, str(k), size=11, anchor="end")
    for i, (lo, hi) in enumerate(bins):
        for j, (values, colour, _) in enumerate(series):
            h = (y0 - y1) * values[i] / top
            x = x0 + slot * i + slot * (0.1 + 0.4 * j)
            d.rect(x, y0 - h, slot * 0.4, h, fill=colour if j == 0 else hatched, stroke="#000")
        label = str(lo) if hi - lo == 1 else f"{lo}–{hi - 1}"
        if len(bins) <= 12 or i % 2 == 0 or i == len(bins) - 1:
            d.text(x0 + slot * (i + 0.5), y0 + 14, label, size=10, anchor="middle")
    d.text((x0 + x1) / 2, y0 + 36, f"questions right (out of {marked})", size=12, anchor="middle")
    d.text(18, (y0 + y1) / 2, "students", size=12, anchor="middle", rotate=-90)
    for j, (_, colour, label) in enumerate(series):  # the legend sits above the bars, never on them
        d.rect(x0 + 260 * j, 46, 14, 12, fill=colour if j == 0 else hatched, stroke="#000")
        d.text(x0 + 20 + 260 * j, 52, label + (" (hatched)" if j else " (solid)"), size=11)
    return d.figure(desc), desc


def _most_missed(hard: list[ItemStats]):
    """One bar per question: the share of students wrong at the first try."""
    labels = [s.question.id for s in hard]
    left = max([120.0] + [text_width(x, 11) for x in labels]) + 20
    width, row = int(left + 420), 26
    height = 70 + row * max(1, len(hard)) + 40
    desc = "Bar chart of the most-missed questions: " + "; ".join(
        f"{s.question.id} {100 * s.miss_rate:.0f}%" for s in hard) + "." if hard else "No answers yet."
    d = Drawing(width, height, "Most-missed questions", desc)
    d.heading()
    x0, x1, top = left, width - 40, 50
    bottom = top + row * max(1, len(hard))
    for pct in range(0, 101, 20):
        x = x0 + (x1 - x0) * pct / 100
        d.line(x, top, x, bottom, stroke="#d0d0d0")
        d.text(x, bottom + 14, f"{pct}", size=10, anchor="middle")
    for i, s in enumerate(hard):
        y = top + row * i
        d.rect(x0, y + 4, (x1 - x0) * s.miss_rate, row - 8, fill=OKABE_ITO[5], stroke="#000")
        d.text(x0 - 8, y + row / 2, s.question.id, size=11, anchor="end")
        d.text(x0 + (x1 - x0) * s.miss_rate + 6, y + row / 2, f"{100 * s.miss_rate:.0f}%", size=10, halo=True)
    d.text((x0 + x1) / 2, bottom + 32, "% of students wrong at the first try", size=12, anchor="middle")
    return d.figure(desc), desc


def _figures(book: Gradebook, stats: list[ItemStats], out: Path) -> dict[str, tuple[str, str]]:
    figs = {}
    firsts = [book.totals(r)[0] for r in book.results]
    finals = [book.totals(r)[1] for r in book.results]
    fig, desc = _histogram(firsts, finals, max((book.totals(r)[2] for r in book.results), default=len(book.marked)),
                           len(book.results))
    fig.save(out / "scores.svg")
    figs["scores"] = ("scores.svg", desc)
    hard = sorted((s for s in stats if s.answered), key=lambda s: (-s.miss_rate, s.question.id))[:10]
    fig, desc = _most_missed(hard)
    fig.save(out / "most_missed.svg")
    figs["most_missed"] = ("most_missed.svg", desc)
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
