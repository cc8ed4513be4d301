"""The instructor guide: a page for every lesson and exercise, with the parts a teaching note needs,
and generated parts (reading times, plans, rubrics) in step with the lessons and the casefile."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from casekit import guide

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "guide"
LESSONS = sorted((ROOT / "notebooks").glob("[0-8]*.ipynb"))
EXERCISES = sorted((ROOT / "solutions").glob("*.ipynb"))


def page(name: str) -> str:
    return (GUIDE / name).read_text(encoding="utf-8")


def test_every_lesson_and_exercise_has_a_page_linked_from_the_index():
    index = page("index.md")
    names = [f"{p.stem}.md" for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    names += [f"exercise-{p.stem}.md" for p in EXERCISES]
    names += ["running-a-class.md", "assignment.md", "rubrics.md"]
    for name in names:
        assert (GUIDE / name).is_file(), name
        assert f"]({name})" in index, f"the index does not link {name}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_a_lesson_page_has_what_a_teaching_note_needs(path):
    text = page(f"{path.stem}.md")
    assert f"`notebooks/{path.name}`" in text
    assert f"<!-- plan {path.stem} -->" in text
    for heading in ("## Plan", "## What to say at each step", "## Likely misconceptions", "## Debrief",
                    "## In 90 minutes, or in two sessions"):
        assert heading in text, (path.name, heading)
    assert re.search(r"^## Discussion questions?, with (?:a )?model answers?", text, re.M), path.name


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_an_exercise_page_has_a_plan_misconceptions_and_a_debrief(path):
    text = page(f"exercise-{path.stem}.md")
    assert f"`solutions/{path.name}`" in text and "**Central question**" in text
    assert "## Plan" in text and "## Likely misconceptions" in text and "debrief" in text.lower()


def test_every_rubric_is_shown_in_the_guide(case):
    from casekit.rubrics import load_rubrics

    text = page("rubrics.md")
    for r in load_rubrics(ROOT / "casefiles" / "kurdistan-2017", case, required=True):
        assert re.search(rf"<!-- rubrics [^>]*\b{re.escape(r.id)}\b", text), r.id
        assert r.levels[0].model_answer in " ".join(text.split()), r.id
    assert "<!-- rubrics assignment-source-analysis -->" in page("assignment.md")
    assert "<!-- rubrics decision-memo -->" in page("07_decision.md")


@pytest.fixture(scope="module")
def reading_output(executed_lessons, tmp_path_factory):
    """What `casekit reading notebooks/*.ipynb` prints: the command counts the lessons as run once for
    the test session (copies under the same names, counted with --no-run; the files are not changed)."""
    import contextlib
    import io
    import json

    from casekit import cli

    copies = tmp_path_factory.mktemp("run-lessons")
    paths = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        (copies / path.name).write_text(json.dumps(executed_lessons[path]), encoding="utf-8")
        paths.append(str(copies / path.name))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["reading", "--no-run", *paths]) == 0
    return out.getvalue().strip()


def test_the_guides_reading_times_are_what_the_command_prints(reading_output):
    block = re.search(r"<!-- reading-times -->\n(.*?)<!-- /reading-times -->", page("index.md"), re.S).group(1)
    assert block.strip() == f"```text\n{reading_output}\n```"
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert path.name in block


def test_every_generated_part_is_up_to_date(reading_output):
    """`casekit guide --check` passes: plans and rubrics as the notebooks and casefile give them now."""
    assert guide.stale(ROOT, cache={"reading": f"```text\n{reading_output}\n```\n"}) == []


def test_a_stale_or_wrong_block_is_found_and_named(tmp_path, capsys):
    from casekit import cli

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "guide").mkdir()
    (tmp_path / "notebooks" / "01_x.ipynb").write_text((ROOT / "notebooks" / "05_aftermath.ipynb").read_text(
        encoding="utf-8"), encoding="utf-8")
    (tmp_path / "casefiles").symlink_to(ROOT / "casefiles")
    stale = tmp_path / "guide" / "01_x.md"
    stale.write_text("# X\n\n<!-- plan 01_x -->\n| 99 | an old plan |\n<!-- /plan -->\n", encoding="utf-8")
    assert cli.main(["guide", "--project", str(tmp_path), "--no-run"]) == 1
    assert "guide/01_x.md" in capsys.readouterr().out
    assert cli.main(["guide", "--project", str(tmp_path), "--no-run", "--write"]) == 0
    text = stale.read_text(encoding="utf-8")
    assert "an old plan" not in text and "how did the episode end" in text and "| 5 | Writing task |" in text
    assert cli.main(["guide", "--project", str(tmp_path), "--no-run"]) == 0
    capsys.readouterr()
    stale.write_text("# X\n\nline\n\n<!-- rubrics no-such-rubric -->\n<!-- /rubrics -->\n", encoding="utf-8")
    assert cli.main(["guide", "--project", str(tmp_path), "--no-run"]) == 2
    err = capsys.readouterr().err
    assert "guide/01_x.md:5: rubrics:" in err and "no-such-rubric" in err and "Traceback" not in err
    stale.write_text("<!-- plan 07_nothing -->\n<!-- /plan -->\n", encoding="utf-8")
    assert cli.main(["guide", "--project", str(tmp_path), "--no-run"]) == 2
    assert "guide/01_x.md:1: plan: notebooks/07_nothing.ipynb: no such lesson" in capsys.readouterr().err


def test_the_second_role_of_lesson_07_names_a_desk_of_its_day(case):
    """The guide's 17 October role: its desk documents were published by then, its events came after."""
    from casekit import views
    from casekit.model import date_span

    text = page("07_decision.md")
    role = text.split("**A second role:", 1)[1].split("\n\n", 1)[0]
    moment = re.search(r'`moment = "(\d{4}-\d{2}-\d{2})"`', role).group(1)
    ids = re.findall(r"`([a-z0-9-]+)`", role)
    sources = {s.id for s in case.sources}
    desk = [i for i in ids if i in sources]
    events = [i for i in ids if i not in sources]
    held = {s.id for s in views.documents_until(case, moment)}
    assert len(desk) == 3 and set(desk) <= held, (moment, desk)
    assert events and all(date_span(case.event(e).date)[0].isoformat() > moment for e in events), events
