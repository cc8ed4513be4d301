"""The class report, read as an instructor reads it: the page as text, summary first, questions and
answers in words (ids only in the folded full table), students who never started apart from those
who scored low, balance results; untrusted names escaped in both files; shared-file permissions."""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from casekit import __version__
from casekit.alliances import balance_id, signs_from_answers, triads
from casekit.answers import Recorder
from casekit.grading import grade
from casekit.questions import exercise_questions, key_checksum, select
from casekit.report import ANSWER_MAX, md_text, shorten, write_report

EX1, EX2 = "source-attribution", "regional-alliances"
SCRIPT = "<script>alert(1)</script> | Bo"


def wrong_of(q):
    if q.is_order:
        return list(reversed(q.answer))
    return next(c.value for c in q.choices if c.value != q.answer)


def recorder(case, root, name, ex):
    bank = exercise_questions(case, ex)
    offered = select(case, ex, bank).offered_ids
    return Recorder(name, case.id, ex, key_checksum(bank), __version__, folder=root, offered=offered)


def offered(case, ex):
    return [q for q in select(case, ex, exercise_questions(case, ex)).offered if not q.is_open]


def judge(r, case, right_first):
    """Balance verdicts on the triads of the network the student has recorded so far."""
    answers = {}
    for a in r.section.attempts:
        if a.question.startswith("relation/"):
            answers[tuple(a.question.split("/", 1)[1].split("--"))] = a.answer
    found = triads(signs_from_answers(answers))[:3]
    assert found, "the class needs a network with triads"
    for i, t in enumerate(found):
        truth = "balanced" if t.balanced else "unbalanced"
        if right_first or i:
            r.add(balance_id(t), truth, True)
        else:
            r.add(balance_id(t), "unbalanced" if t.balanced else "balanced", False)
            r.add(balance_id(t), truth, True)
    return len(found)


@pytest.fixture(scope="module")
def klass(case, tmp_path_factory):
    """A class made as the exercises make it (answer files written by Recorder, each with what it
    offered): Ada right everywhere; Bo (a hostile name) wrong everywhere in part 1, never starts
    part 2; Cy never starts part 1 and is right in part 2; Di answers three questions of part 1;
    Ed answers only the reporting chain, wrongly, in the same order as Bo."""
    root = tmp_path_factory.mktemp("klass") / "answers"
    part1, part2 = offered(case, EX1), offered(case, EX2)
    opened = next(q for q in exercise_questions(case, EX1) if q.is_open)
    ada = recorder(case, root, "Ada Right", EX1)
    for q in part1:
        ada.add(q.id, q.answer if not q.is_order else list(q.answer), True)
    ada.add(opened.id, "Ada writes <b>in bold</b> | and pipes", None)
    ada2 = recorder(case, root, "Ada Right", EX2)
    for q in part2:
        ada2.add(q.id, list(q.answer) if q.is_order else q.answer, True)
    judged = judge(ada2, case, right_first=True)
    bo = recorder(case, root, SCRIPT, EX1)
    for q in part1:
        bo.add(q.id, wrong_of(q), False)
    bo.add(opened.id, "<img src=x onerror=alert(2)> # heading", None)
    cy = recorder(case, root, "Cy Never", EX2)
    for q in part2:
        cy.add(q.id, list(q.answer) if q.is_order else q.answer, True)
    judged += judge(cy, case, right_first=False)
    di = recorder(case, root, "Di Low", EX1)
    for q in part1[:3]:
        di.add(q.id, list(q.answer) if q.is_order else q.answer, True)
    chain = next(q for q in part1 if q.kind == "chain")
    assert chain not in part1[:3]
    recorder(case, root, "Ed Order", EX1).add(chain.id, wrong_of(chain), False)
    book = grade(case, sorted(root.rglob("*.json")))
    assert not book.rejected and len(book.results) == 5
    out = root.parent / "report"
    old = os.umask(0o022)
    try:
        md, page = write_report(book, out)
    finally:
        os.umask(old)
    return {"out": out, "md": md.read_text(encoding="utf-8"), "html": page.read_text(encoding="utf-8"),
            "part1": part1, "part2": part2, "chain": chain, "judged": judged, "book": book}


def text_of(page: str) -> str:
    """The page as a reader sees it: no style, no tags, entities decoded, spaces collapsed."""
    page = re.sub(r"<style.*?</style>|<nav.*?</nav>", " ", page, flags=re.S)
    page = re.sub(r"</?(b|i|q|bdi|span|code|a)\b[^>]*>", "", page)  # inline: no break in the words
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def split_full_table(page: str) -> tuple[str, str]:
    """(the page without the folded full table, the folded full table)."""
    start = page.index('<h2 id="all">')
    end = page.index("</details>", start) + len("</details>")
    assert "<details><summary>The full table" in page[start:end]
    return page[:start] + page[end:], page[start:end]


def test_the_summary_comes_first(klass):
    text = text_of(klass["html"])
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", klass["html"])
    assert headings[:4] == ["Where the class stands", "Students to follow up", "Hardest questions", "Balance of triads"]
    at = text.index("Where the class stands")
    # the summary by part and skill, with its numbers, before anything else about the class
    for words in ("Exercise 1: Source attribution", "All skills", "Who said it?", "Exercise 2: Regional alliances",
                  "Who stood with whom?"):
        assert at < text.index(words) < text.index("Never started"), words
    summary = text[at:text.index("Students to follow up")]
    assert "(4 of 5 students started it)" in summary and "(2 of 5 students started it)" in summary
    assert "The chart in words" in summary
    assert '<img src="summary.svg" alt="Where the class stands, by part and skill: bar chart' in klass["html"]
    assert (klass["out"] / "summary.svg").exists()


def test_no_question_id_where_words_exist(klass, case):
    rest, full = split_full_table(klass["html"])
    text, full_text = text_of(rest), text_of(full)
    ids = [q.id for ex in (EX1, EX2) for q in exercise_questions(case, ex)]
    assert not [i for i in ids if i in text]
    assert not re.search(r"\bstep-\d", text) and not re.search(r"balance/", text)
    # the values students chose that are ids (speakers, events, steps) are shown as their labels
    chosen = {str(v) for q in klass["part1"] for v in ([wrong_of(q)] if not q.is_order else wrong_of(q))}
    slugs = [v for v in chosen if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", v)]
    assert slugs and not [v for v in slugs if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", text)]
    # ...and the folded table does hold the ids (so this test can fail)
    assert klass["part1"][0].id in full_text and klass["chain"].id in full_text
    # a question is named by its prompt and the words it asks about
    who = next(q for q in klass["part1"] if q.kind == "who_said")
    assert f"{who.prompt} “{' '.join(who.quote.split())}”" in full_text


def test_wrong_answers_in_words(klass):
    page = split_full_table(klass["html"])[0]
    chain = klass["chain"]
    ol = page[page.index('<ol class="hardest">'):page.index("</ol>")]
    items = [text_of(li) for li in re.findall(r"<li>(.*?)</li>", ol, re.S)]
    # the reporting chain is the hardest question (Bo and Ed wrong, Ada right), its wrong order in words
    assert items[0].startswith(chain.prompt) and "Wrong at the first try: 2 of 3 (67%)" in items[0]
    order = " → ".join(shorten(chain.label_of(v), ANSWER_MAX) for v in reversed(chain.answer))
    assert f"Most-chosen wrong answer: {order} (2)." in items[0]
    assert "step-" not in items[0]
    # every item names the wrong answer chosen by one of the question's own labels (or items' labels)
    assert len(items) == 10 and all("Most-chosen wrong answer: " in x and "Right answer: " in x for x in items)
    # a speaker taken for another: the wrong speaker's label, in report.md's full table too
    who = next(q for q in klass["part1"] if q.kind == "who_said")
    row = next(line for line in klass["md"].splitlines() if line.startswith(f"| `{who.id}`"))
    assert row.endswith(f"| {md_text(who.label_of(wrong_of(who)))} (1) |")


def test_never_started_apart_from_low_scores(klass):
    page = klass["html"]
    never = page[page.index("<h3>Never started</h3>"):page.index("<h3>Started, and right")]
    low = page[page.index("<h3>Started, and right"):page.index('<h2 id="hardest">')]
    items = {text_of(li).split(":")[0]: text_of(li) for li in re.findall(r"<li>(.*?)</li>", never, re.S)}
    part1, part2 = items["Exercise 1"], items["Exercise 2"]
    assert part1.startswith("Exercise 1: Source attribution") and part1.endswith("1 student(s): Cy Never")
    assert part2.startswith("Exercise 2: Regional alliances") and "3 student(s)" in part2
    for name in ("Di Low", "Ed Order", SCRIPT):
        assert name in part2
    assert "Ada Right" not in never and "Cy Never" not in part2
    rows = [[text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)] for tr in re.findall(r"<tr>(.*?)</tr>", low)]
    rows = [r for r in rows if r]
    n1 = len(klass["part1"])
    assert rows == [[SCRIPT, "Exercise 1: Source attribution", "0 (0%)", str(n1), str(n1)],
                    ["Ed Order", "Exercise 1: Source attribution", "0 (0%)", "1", str(n1)],
                    ["Di Low", "Exercise 1: Source attribution", f"3 ({100 * 3 / n1:.0f}%)", "3", str(n1)]]
    # Cy scored well where started and never started part 1: only in the first list
    assert "Cy Never" not in low


def test_balance_results(klass):
    text = text_of(klass["html"])
    n = klass["judged"]
    assert (f"Exercise 2: Regional alliances: 2 of 2 students who started judged triads of their own network: "
            f"{n} triads judged, {n - 1} right at the first try ({100 * (n - 1) / n:.0f}%), {n - 1} right in the end "
            f"({100 * (n - 1) / n:.0f}%).") in text  # a verdict made after the feedback told the triad's balance is not
    assert "Each student's triads" in text


def test_untrusted_names_arrive_escaped_in_both_files(klass):
    md, page = klass["md"], klass["html"]
    for raw in ("<script", "<img src=x", "<b>in bold"):
        assert raw not in md and raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | Bo" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| Bo" in md
    assert "Ada writes &lt;b&gt;in bold&lt;/b&gt; \\| and pipes" in md
    assert "\n# heading" not in md
    # a | in a name cannot shift a table's cells
    for line in md.splitlines():
        if "alert(1)" in line and line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 6  # the low-score table: 5 cells


def test_report_files_have_the_users_usual_permissions(klass):
    for name in ("report.md", "report.html", "summary.svg", "scores.svg", "most_missed.svg"):
        assert (klass["out"] / name).stat().st_mode & 0o777 == 0o644, name


def test_report_is_the_same_bytes_every_time(klass, tmp_path):
    write_report(klass["book"], tmp_path)
    for name in ("report.md", "report.html", "summary.svg", "scores.svg", "most_missed.svg"):
        assert (tmp_path / name).read_bytes() == (klass["out"] / name).read_bytes(), name


def test_only_offered_questions_count(case, tmp_path):
    bank = exercise_questions(case, EX1)
    who = [q for q in bank if q.kind == "who_said"]
    r = Recorder("Fa Few", case.id, EX1, key_checksum(bank), __version__, folder=tmp_path / "a",
                 offered=[q.id for q in who[:3]])
    for q in who[:3]:
        r.add(q.id, q.answer, True)
    r.add(who[3].id, wrong_of(who[3]), False)  # practice: not offered, not counted
    book = grade(case, sorted((tmp_path / "a").rglob("*.json")))
    md_path, page_path = write_report(book, tmp_path / "r")
    md, page = md_path.read_text(encoding="utf-8"), page_path.read_text(encoding="utf-8")
    assert "| Who said it? | 3 | 100% | 100% | 100% |" in md
    assert who[3].id not in md and who[3].id not in page
    assert "No question was missed yet." in md and "Fa Few" not in md.split("### Started, and right")[1].split("##")[0]


def test_summary_chart_words_cues_and_bytes(klass):
    from casekit.render import overlapping_text
    from casekit.report import _summary_chart, analyse
    from casekit.style import OKABE_ITO

    data = analyse(klass["book"])
    plot = _summary_chart(data["summary"])
    assert plot.svg == _summary_chart(data["summary"]).svg  # byte-stable
    assert "<title>Where the class stands, by part and skill</title>" in plot.svg and "<desc>" in plot.svg
    assert plot.alt.startswith("Where the class stands") and "Exercise 1: Source attribution" in plot.description
    assert overlapping_text(plot.figure) == []
    ax = plot.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Exercise 1: Source attribution" and "Who said it?" in labels
    assert not [x for x in labels if "/" in x or "_" in x]  # words, not ids
    solid = [p for p in ax.patches if not p.get_hatch()]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert solid and len(solid) == len(hatched)  # colour and hatching both tell the two series apart
    from matplotlib.colors import to_hex

    assert {to_hex(p.get_facecolor()) for p in solid} == {OKABE_ITO[4].lower()}
    # the hardest questions' chart: labelled in words, numbered as in the list, nothing runs together
    from casekit.report import _most_missed

    hard = _most_missed([(f"{h['n']}. {h['skill']}", h["_rate"]) for h in data["hardest"]])
    assert [t.get_text() for t in hard.axes[0].get_yticklabels()][0] == "1. The reporting chain"
    assert overlapping_text(hard.figure) == [] and "1. The reporting chain 67% wrong" in hard.description


def test_the_page_template_is_shipped_in_the_package():
    from importlib.resources import files

    import casekit.report as report

    assert files("casekit").joinpath("templates", "report.html.j2").is_file()
    assert not hasattr(report, "_markdown_to_html")
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates/*.j2"' in pyproject and '"jinja2>=3"' in pyproject
    assert report._template().environment.autoescape is True


def test_written_answers_are_shown_beside_their_rubric(klass, case, tmp_path):
    """With the case's rubrics, each written question lists its criteria, levels and model answers
    before the students' answers, in both files; without them the section is as before."""
    from casekit.rubrics import by_question, load_rubrics

    rubrics = by_question(load_rubrics(Path(__file__).resolve().parents[1] / "casefiles" / "kurdistan-2017", case))
    opened = next(q for q in exercise_questions(case, EX1) if q.is_open)
    rubric = rubrics[opened.id]
    md_path, page_path = write_report(klass["book"], tmp_path, rubrics)
    md, page = md_path.read_text(encoding="utf-8"), text_of(page_path.read_text(encoding="utf-8"))
    section = md.split("## Written answers", 1)[1].split("## All questions", 1)[0]
    top = rubric.levels[0]
    assert "Rubric: " in section and md_text(rubric.criteria[0].name) in section
    assert md_text(top.model_answer) in section and section.index("Rubric: ") < section.index("**Ada Right**")
    written = page.split("Written answers", 1)[1]
    assert f"Rubric. Criteria: {rubric.criteria[0].name}" in written and top.model_answer in written
    assert written.index(top.model_answer) < written.index("Ada Right")
    assert "Rubric" not in klass["md"].split("## Written answers", 1)[1].split("## All questions", 1)[0]


def test_the_report_command_finds_the_rubrics_and_names_a_bad_one(klass, tmp_path, capsys):
    import shutil

    from casekit.cli import main

    root = Path(__file__).resolve().parents[1]
    case_dir = tmp_path / "casefiles" / "kurdistan-2017"
    shutil.copytree(root / "casefiles" / "kurdistan-2017", case_dir)
    files = [r.path for r in klass["book"].results]
    assert main(["report", *map(str, files), "--case", str(case_dir), "--out", str(tmp_path / "r")]) == 0
    assert "Rubric: " in (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    rubrics = case_dir / "rubrics.yaml"
    rubrics.write_text(rubrics.read_text(encoding="utf-8").replace("open_question: all-us-both-ways",
                                                                   "open_question: all-us-no-such"), encoding="utf-8")
    capsys.readouterr()
    assert main(["report", *map(str, files), "--case", str(case_dir), "--out", str(tmp_path / "r2")]) == 2
    err = capsys.readouterr().err
    assert "rubrics.yaml:" in err and "open_question" in err and "all-us-no-such" in err and "Traceback" not in err
