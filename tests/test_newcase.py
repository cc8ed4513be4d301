"""A second case, with nothing of it in the engine: the fictional case in tests/casefiles/second-case
runs through validate, both exercises, the notebooks that `casekit new-case` writes, figures and
grading; `new-case` itself; and the notebook quotation check, per case."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from casekit import alliances, load_case
from casekit.answers import read
from casekit.cli import main
from casekit.newcase import new_case
from casekit.prose import check_notebooks, notebooks_in
from casekit.widgets import AllianceBuilder, BalanceCheck, alliance_exercise, attribution_quiz

ROOT = Path(__file__).resolve().parents[1]
SECOND = Path(__file__).parent / "casefiles" / "second-case"
KURDISTAN = ROOT / "casefiles" / "kurdistan-2017"
RTL = re.compile(r"[\u0590-\u08ff]")  # Hebrew and Arabic script


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def second():
    return load_case(SECOND)


@pytest.fixture
def project(tmp_path):
    """A temporary course folder: casefiles/second-case (a copy), nothing else yet."""
    (tmp_path / "casefiles").mkdir()
    shutil.copytree(SECOND, tmp_path / "casefiles" / "second-case")
    return tmp_path


# --- the second case is what it says it is ----------------------------------------------------


def test_second_case_validates_with_its_questions(capsys):
    code, out, err = run(capsys, "validate", str(SECOND), "--questions")
    assert code == 0 and err == "", err
    assert out.splitlines() == [f"{SECOND}: ok: 2 sources, 12 quotes, 5 actors, 4 people, 4 events, 4 stances, "
                                "2 relations", f"{SECOND}: questions: ok: every bank checked"]


def test_second_case_has_what_a_real_second_case_needs(second):
    text = "".join(s.text for s in second.sources)
    assert '"' in text and "—" in text and "“" not in text  # straight quotation marks and em dashes
    assert all("FICTIONAL" in s.rights for s in second.sources)  # and says it is invented
    assert any(s.published == "2031-03" for s in second.sources)  # a digest dated by its month
    assert any(st.date == "2031-03" for st in second.stances) and any(r.date == "2031-03" for r in second.relations)
    assert any(e.date == "2031-01" for e in second.events)
    assert [st.actor for st in second.stances if st.position == "unclear"] == ["ostrelia"]
    assert [p.id for p in second.people if p.unnamed] == ["valdoria-spokesperson"]
    assert any(q.speaker == "valdoria-spokesperson" for q in second.quotes)  # the unnamed speaker speaks
    assert [p.id for p in second.people if RTL.search(p.name)] == ["qasim"] and RTL.search(text)
    assert alliances.case_signs(second) and alliances.triads(alliances.case_signs(second)) == []  # no triangle
    assert second.event_name == "the plebiscite" and len(second.reporting_chains) == 2


def test_second_case_prose_quotes_its_sources(second):
    from casekit.prose import QUOTED

    text = "".join(s.text for s in second.sources)
    prose = [x.summary for x in (*second.stances, *second.relations)] + \
            [x.note or "" for x in (*second.stances, *second.relations)] + [n.text for n in second.notes]
    spans = [(m.group(1) or m.group(2)).strip() for p in prose for m in QUOTED.finditer(p)]
    assert spans and [s for s in spans if s not in text] == []


def test_nothing_of_the_second_case_is_in_the_engine():
    words = re.compile(r"Norvania|Eastmark|Valdoria|Ostrelia|Harbour Digest|plebiscite|second-case", re.I)
    hits = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in sorted((ROOT / "src").rglob("*.py"))
            for m in words.finditer(p.read_text(encoding="utf-8"))]
    assert hits == []


def test_validating_a_folder_of_two_cases_names_each(project, capsys):
    shutil.copytree(ROOT / "tests" / "casefiles" / "questions" / "base", project / "casefiles" / "questions-demo")
    code, out, err = run(capsys, "validate", str(project / "casefiles"), "--questions")
    assert code == 0 and err == "", err
    said = [(Path(line.split(": ", 1)[0]).name, line.split(": ", 2)[1]) for line in out.splitlines()]
    assert said == [("questions-demo", "ok"), ("second-case", "ok"),
                    ("questions-demo", "questions"), ("second-case", "questions")]


# --- both exercises, headless --------------------------------------------------------------------


def answer_all(quiz, right=True):
    for i, q in enumerate(quiz.questions):
        quiz.go(i)
        card = quiz.current
        if q.is_open:
            card.text.value = "The spokesperson is not named: attribute the words to the Ministry's spokesperson."
        elif q.is_order:
            card.set_answer(q.answer if right else tuple(reversed(q.answer)))
        else:
            card.choice.value = q.answer if right else next(c.value for c in q.choices if c.value != q.answer)
        card.check_button.click()


def test_exercise_one_on_the_second_case(second, tmp_path, start_exercise):
    exercise = start_exercise(attribution_quiz, second, tmp_path, "Ana")
    quiz = exercise.quiz
    assert quiz.questions and exercise.checksum
    answer_all(quiz)
    record = read(tmp_path / "second-case" / "ana.json")
    assert record.case == "second-case"
    attempts = record.exercises["source-attribution"].attempts
    marked = [q for q in quiz.questions if not q.is_open]
    assert {a.question for a in attempts} == {q.id for q in quiz.questions}
    assert all(a.correct for a in attempts if a.question in {q.id for q in marked})
    # the unnamed spokesperson is asked about by words, never by a capacity question
    assert not any(q.id == "capacity/valdoria-spokesperson" for q in quiz.questions + exercise.practice)
    names = {c.label for q in quiz.questions + exercise.practice if q.id.startswith("who_said/") for c in q.choices}
    assert any(RTL.search(n) for n in names)


def test_exercise_two_on_the_second_case(second, tmp_path, start_exercise):
    exercise = start_exercise(alliance_exercise, second, tmp_path, "Ana")
    stances = exercise.widgets[0]
    assert {q.kind for q in stances.questions} == {"stance"}
    unclear = next(q for q in stances.questions if q.id == "stance/ostrelia-unclear")
    assert unclear.answer == "unclear"
    answer_all(stances)
    builder = exercise.part(AllianceBuilder)
    assert {q.id for q in builder.questions} == {"relation/eastmark--norvania", "relation/norvania--valdoria",
                                                  "relation/ostrelia--valdoria"}
    for q in builder.questions:
        builder.pickers[q.id].value = q.answer
    builder.check_button.click()
    assert "✘ 0 do not yet" in builder.feedback.value
    assert exercise.part(BalanceCheck) is None  # no three offered pairs close a triangle: no balance part
    for _title, kind in (("evidence", "evidence"), ("timeline", "timeline")):
        quiz = next(x for x in exercise.widgets if getattr(x, "questions", None)
                    and {q.kind for q in x.questions} == {kind})
        answer_all(quiz)
    attempts = read(tmp_path / "second-case" / "ana.json").exercises["regional-alliances"].attempts
    assert attempts and all(a.correct for a in attempts if a.correct is not None)


# --- figures and grading -----------------------------------------------------------------------------


def test_figures_of_the_second_case(project, capsys, monkeypatch):
    monkeypatch.chdir(project)  # the only casefile here
    code, out, err = run(capsys, "figures", "--out", str(project / "figures"), "--format", "svg")
    assert code == 0, err
    for name in ("timeline", "network", "stances"):
        assert (project / "figures" / f"{name}.svg").stat().st_size > 1000
    timeline = (project / "figures" / "timeline.txt").read_text(encoding="utf-8")
    assert "January 2031" in timeline and "2031-01-01" not in timeline  # a month stays a month
    stances = (project / "figures" / "stances.txt").read_text(encoding="utf-8")
    assert "- Ostrelia: unclear (March 2031)." in stances and "2031-03-01" not in stances  # a month stays a month
    network = (project / "figures" / "network.txt").read_text(encoding="utf-8")
    assert "Norvania" in network and "Valdoria" in network


def test_grading_a_record_of_the_second_case(project, second, capsys, monkeypatch, start_exercise):
    answers = project / "answers"
    ex = start_exercise(attribution_quiz, second, answers, "Ana")
    answer_all(ex.quiz)
    ex2 = start_exercise(alliance_exercise, second, answers, "Ana")
    answer_all(ex2.widgets[0])
    bo = start_exercise(attribution_quiz, second, answers, "Bo")
    answer_all(bo.quiz, right=False)
    monkeypatch.chdir(project)  # no --case: the case is taken from the records
    code, out, err = run(capsys, "grade", str(answers / "second-case"), "--out", str(project / "g.csv"))
    assert code == 0 and "graded 2 file(s), rejected 0" in out, err
    import csv

    with open(project / "g.csv", newline="", encoding="utf-8") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    assert sorted(rows) == ["Ana", "Bo"]
    n_marked = len([q for q in ex.quiz.questions if not q.is_open])
    assert rows["Ana"]["source-attribution: first try"] == rows["Ana"]["source-attribution: out of"] == str(n_marked)
    assert rows["Bo"]["source-attribution: first try"] == "0"
    n_stances = len(ex2.widgets[0].questions)
    assert rows["Ana"]["regional-alliances: first try"] == str(n_stances)
    assert rows["Ana"]["stance/ostrelia-unclear: first"] == "1"
    # another case's casefile is refused for these records, with one line naming both
    code, out, err = run(capsys, "grade", str(answers / "second-case"), "--case", str(KURDISTAN),
                         "--out", str(project / "g2.csv"))
    assert code == 1 and "second-case" in err


# --- casekit new-case ------------------------------------------------------------------------------

MADE = ["casefiles/{0}/case.yaml", "casefiles/{0}/sources/example-2000-01-04.md",
        "casefiles/{0}/annotations/example-2000-01-04.yaml", "casefiles/{0}/fact-sheet.md",
        "notebooks/{0}/01_the_case.ipynb", "solutions/{0}/01_source_attribution.ipynb",
        "solutions/{0}/02_regional_alliances.ipynb", "exercises/{0}/01_source_attribution.ipynb",
        "exercises/{0}/02_regional_alliances.ipynb"]


def test_new_case_writes_a_skeleton_that_validates(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new-case", "crimea-2014")
    assert code == 0 and err == ""
    assert [line[len("wrote "):] for line in out.splitlines() if line.startswith("wrote ")] == \
        [m.format("crimea-2014") for m in MADE]
    code, out, err = run(capsys, "validate", "casefiles/crimea-2014", "--questions",
                         "--notebooks", "notebooks", "solutions", "exercises")
    assert code == 0, err
    assert "questions: ok" in out and "every quotation in 5 notebook(s)" in out
    assert run(capsys, "release", "--solutions", "solutions/crimea-2014", "--exercises", "exercises/crimea-2014",
               "--check")[0] == 0
    case_yaml = (tmp_path / "casefiles" / "crimea-2014" / "case.yaml").read_text(encoding="utf-8")
    assert "# " in case_yaml and "id: crimea-2014" in case_yaml and "EXAMPLE" in case_yaml
    for nb in ("notebooks/crimea-2014/01_the_case.ipynb", "solutions/crimea-2014/01_source_attribution.ipynb"):
        assert 'load_case(\\"crimea-2014\\")' in (tmp_path / nb).read_text(encoding="utf-8")
    released = json.loads((tmp_path / "exercises/crimea-2014/01_source_attribution.ipynb").read_text(encoding="utf-8"))
    assert not any("solution" in c["metadata"].get("tags", []) for c in released["cells"])


@pytest.mark.parametrize("existing", ["casefiles/second-case", "casefiles/second-case/case.yaml",
                                      "notebooks/second-case/01_the_case.ipynb",
                                      "exercises/second-case/02_regional_alliances.ipynb"])
def test_new_case_never_overwrites(tmp_path, capsys, monkeypatch, existing):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / existing
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix:
        target.write_text("mine", encoding="utf-8")
    else:
        target.mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code, out, err = run(capsys, "new-case", "second-case")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "already exists; nothing was written" in err and "casekit new-case:" in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    if target.suffix:
        assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("blocker", ["exercises/second-case", "exercises", "solutions/second-case"])
def test_new_case_writes_nothing_when_a_folder_it_needs_is_a_file(tmp_path, capsys, monkeypatch, blocker):
    monkeypatch.chdir(tmp_path)
    (tmp_path / blocker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / blocker).write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code, out, err = run(capsys, "new-case", "second-case")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "is a file, not a folder" in err and "nothing was written" in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    (tmp_path / blocker).unlink()  # the retry then works
    assert run(capsys, "new-case", "second-case")[0] == 0


def test_new_case_takes_back_what_it_wrote_when_a_write_fails(tmp_path, capsys, monkeypatch):
    import casekit.newcase as newcase

    monkeypatch.chdir(tmp_path)
    real, calls = newcase._write_new, []

    def fail_late(path, text):
        calls.append(path)
        if len(calls) == 6:
            raise OSError(28, "No space left on device", str(path))
        real(path, text)

    monkeypatch.setattr(newcase, "_write_new", fail_late)
    code, out, err = run(capsys, "new-case", "second-case")
    assert code == 2 and "No space left on device" in err
    assert list(tmp_path.iterdir()) == []


def test_new_case_templates_are_files_the_package_ships():
    from importlib.resources import files

    import casekit.newcase as newcase

    for fname in newcase.TEMPLATES.values():
        assert files("casekit").joinpath("templates", "newcase", fname).is_file()
    assert "{name}" in newcase.template("case.yaml")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "templates/newcase/*.tmpl" in pyproject


@pytest.mark.parametrize("name", ["Second_Case", "../escape", "", "café", "a/b", "x" * 101])
def test_new_case_refuses_a_name_that_is_not_an_id(tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new-case", name)
    assert code == 2 and len(err.splitlines()) == 1 and "is not a case id" in err
    assert list(tmp_path.iterdir()) == []


def _ids(case) -> set[str]:
    return {x.id for group in (case.quotes, case.actors, case.people, case.events, case.stances, case.relations,
                               case.sources) for x in group}


def test_new_case_notebooks_name_no_id_of_any_case(tmp_path, second):
    new_case("second-case", tmp_path / "casefiles", tmp_path)
    text = "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.ipynb"))
    ids = _ids(second) | _ids(load_case(KURDISTAN))
    assert [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)] == []


def _execute(path: Path) -> list[str]:
    """Run a notebook with nbclient in its own folder; return the text of its outputs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            assert o["output_type"] != "error", f"{path.name}: {o.get('ename')}: {o.get('evalue')}"
            out.append(o.get("text", "") + "".join(str(v) for v in o.get("data", {}).values()))
    return out


@pytest.mark.slow  # runs the new case's notebooks in kernels
def test_new_case_notebooks_run_and_show_the_second_case(project, monkeypatch, tmp_path):
    """new-case for the second case's id, then its casefile filled in with the second case: the
    notebooks, untouched, run and show that case."""
    shutil.move(project / "casefiles" / "second-case", tmp_path / "filled")
    new_case("second-case", project / "casefiles", project)
    shutil.rmtree(project / "casefiles" / "second-case")
    shutil.copytree(tmp_path / "filled", project / "casefiles" / "second-case")
    monkeypatch.setenv("CASEKIT_ANSWERS_DIR", str(tmp_path / "answers"))
    monkeypatch.delenv("CASEKIT_CASEFILES", raising=False)
    lesson = "\n".join(_execute(project / "notebooks" / "second-case" / "01_the_case.ipynb"))
    assert "FICTIONAL: Reactions to the 2031 plebiscite in Eastmark" in lesson
    assert "يسرى قاسم" in lesson and "March 2031" in lesson and "Harbour Digest" in lesson
    assert "Positions on the plebiscite" in lesson and "unclear" in lesson
    assert "The digest gives the month it was published" in lesson  # a teaching note, from the casefile
    for folder in ("solutions", "exercises"):
        for nb in sorted((project / folder / "second-case").glob("*.ipynb")):
            shown = "\n".join(_execute(nb))
            if folder == "solutions" and nb.name.startswith("02"):
                assert "No triad" in shown and "Ostrelia" in shown
            if folder == "solutions" and nb.name.startswith("01"):
                assert "who_said/spokesperson-stay-open" in shown and "Piet Vandal" in shown


# --- the notebook quotation check, per case ---------------------------------------------------------


def _notebook(path: Path, case_id: str, quoted: str) -> Path:
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": f'import casekit\ncase = casekit.load_case("{case_id}")'},
                    {"cell_type": "markdown", "metadata": {}, "source": f"He said “{quoted}”."}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_a_notebook_is_checked_against_its_own_case(tmp_path):
    kurdish_words = "playing in in the field of America"
    assert kurdish_words in (KURDISTAN / "sources" / "mei-2017-10-iran-defense-minister.md").read_text(encoding="utf-8")
    both = [KURDISTAN, SECOND]
    about_second = _notebook(tmp_path / "b.ipynb", "second-case", kurdish_words)
    problems = check_notebooks(both, [about_second])
    assert [(p.line, p.field) for p in problems] == [(2, "markdown")]
    assert "of the case it loads (second-case)" in problems[0].message
    assert check_notebooks(both, [_notebook(tmp_path / "a.ipynb", "kurdistan-2017", kurdish_words)]) == []
    assert check_notebooks(both, [_notebook(tmp_path / "c.ipynb", "second-case", "illegal and void")]) == []
    unknown = check_notebooks(both, [_notebook(tmp_path / "d.ipynb", "third-case", "illegal and void")])
    assert [(p.field, p.line) for p in unknown] == [("load_case", 0)] and "'third-case'" in unknown[0].message


def test_cli_checks_each_notebook_against_its_case(project, capsys):
    nbs = project / "nbs" / "second-case"
    nbs.mkdir(parents=True)
    _notebook(nbs / "01_x.ipynb", "second-case", "not recognise any result.")
    code, out, err = run(capsys, "validate", str(project / "casefiles"), "--notebooks", str(project / "nbs"))
    assert code == 0 and "every quotation in 1 notebook(s)" in out, err
    _notebook(nbs / "02_y.ipynb", "second-case", "We will not allow it.")  # another case's words
    code, out, err = run(capsys, "validate", str(project / "casefiles"), "--notebooks", str(project / "nbs"))
    assert code == 1 and "02_y.ipynb:2: markdown: “We will not allow it.”" in err


def test_notebook_folders_include_a_cases_own_subfolder(tmp_path):
    new_case("x-case", tmp_path / "casefiles", tmp_path)
    found = notebooks_in([tmp_path / "notebooks", tmp_path / "solutions", tmp_path / "exercises"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == sorted(m.format("x-case") for m in MADE[4:])
    (tmp_path / "notebooks" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "notebooks" / ".ipynb_checkpoints" / "01_the_case-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    assert len(notebooks_in([tmp_path / "notebooks"])) == 1


def test_new_case_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["new-case", "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and "usage: casekit new-case" in out and "--notebooks" in out
