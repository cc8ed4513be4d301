"""The class report: score distribution, most-missed questions, most-chosen wrong answers, written
answers; as PNG figures and one Markdown and one HTML page that show them."""
from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from .grading import Gradebook, ItemStats, item_analysis
from .style import OKABE_ITO


def _wrong_label(stats: ItemStats, value: str) -> str:
    q = stats.question
    if q.is_order:
        return value
    return q.label_of(value)


def _figures(book: Gradebook, stats: list[ItemStats], out: Path) -> dict[str, tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    figs = {}
    marked = len(book.marked)
    firsts = [book.totals(r)[0] for r in book.results]
    finals = [book.totals(r)[1] for r in book.results]
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=100)
    bins = range(0, marked + 2, max(1, (marked + 1) // 20))
    ax.hist([firsts, finals], bins=list(bins), label=["right at the first try", "right in the end"],
            color=[OKABE_ITO[4], OKABE_ITO[0]], hatch=None)
    for patch in ax.containers[1]:
        patch.set_hatch("//")
    ax.set_xlabel(f"questions right (out of {marked})")
    ax.set_ylabel("students")
    ax.set_title("Score distribution")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "scores.png")
    plt.close(fig)
    desc = (f"Histogram of {len(book.results)} students' scores out of {marked}: right at the first try "
            f"(solid bars) ranges from {min(firsts, default=0)} to {max(firsts, default=0)}; right in the end "
            f"(hatched bars) from {min(finals, default=0)} to {max(finals, default=0)}.")
    figs["scores"] = ("scores.png", desc)

    hard = sorted((s for s in stats if s.answered), key=lambda s: (-s.miss_rate, s.question.id))[:10]
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(3, len(hard)) + 1), dpi=100)
    ax.barh([s.question.id for s in reversed(hard)], [100 * s.miss_rate for s in reversed(hard)],
            color=OKABE_ITO[5])
    ax.set_xlabel("% of students wrong at the first try")
    ax.set_xlim(0, 100)
    ax.set_title("Most-missed questions")
    fig.tight_layout()
    fig.savefig(out / "most_missed.png")
    plt.close(fig)
    desc = "Bar chart of the most-missed questions: " + "; ".join(
        f"{s.question.id} {100 * s.miss_rate:.0f}%" for s in hard) + "." if hard else "No answers yet."
    figs["most_missed"] = ("most_missed.png", desc)
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
