"""Instructor tools in-process against a temporary course folder: release, grade, report, links."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casekit import __version__
from casekit.answers import Recorder
from casekit.cli import build_parser, main
from casekit.questions import exercise_questions, key_checksum

ROOT = Path(__file__).resolve().parents[1]
CASE = str(ROOT / "casefiles" / "kurdistan-2017")
EX = "source-attribution"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def answer_all(recorder, bank, right, only=None):
    for q in bank[:only]:
        if q.is_open:
            recorder.add(q.id, f"{recorder.student} writes about {q.id}", None)
            continue
        wrong = next((c.value for c in q.choices if c.value != q.answer), None)
        if q.is_order:
            recorder.add(q.id, q.answer if right else tuple(reversed(q.answer)), right)
        else:
            recorder.add(q.id, q.answer if right else wrong, right)


@pytest.fixture(scope="module")
def _recorded_class(case, tmp_path_factory):
    """A class of answer files, good and bad, recorded once for the module (it takes seconds)."""
    root = tmp_path_factory.mktemp("class") / "answers"
    folder = root / case.id  # answers are kept per case
    bank = exercise_questions(case, EX)
    key = key_checksum(bank)

    def rec(name):
        return Recorder(name, case.id, EX, key, __version__, folder=root)

    answer_all(rec("Ada Right"), bank, True)
    answer_all(rec("Bo Wrong"), bank, False)
    mixed = rec("Cy Mixed")
    who = [q for q in bank if q.kind == "who_said"]
    wrong = next(c.value for c in who[0].choices if c.value != who[0].answer)
    mixed.add(who[0].id, wrong, False)
    mixed.add(who[0].id, who[0].answer, True)
    mixed.add(who[1].id, who[1].answer, True)
    # resumed after a restart: a new Recorder continues the same file
    rec("Di Resumed").add(who[0].id, who[0].answer, True)
    rec("Di Resumed").add(who[1].id, wrong, False)
    # bad files
    good = json.loads((folder / "ada-right.json").read_text(encoding="utf-8"))
    bad = folder / "bad"
    bad.mkdir()
    other_key = dict(good, student="Ed Key")
    other_key["exercises"] = {EX: dict(good["exercises"][EX], key_checksum="0" * 64)}
    (bad / "other-key.json").write_text(json.dumps(other_key), encoding="utf-8")
    (bad / "other-case.json").write_text(json.dumps(dict(good, student="Fy Case", case="elsewhere")), encoding="utf-8")
    unknown = json.loads(json.dumps(good))
    unknown["student"] = "Gu Unknown"
    unknown["exercises"][EX]["attempts"][0]["question"] = "who_said/no-such-quote"
    (bad / "unknown-question.json").write_text(json.dumps(unknown), encoding="utf-8")
    (bad / "twice.json").write_text(json.dumps(dict(good, student="ADA RIGHT")), encoding="utf-8")
    (bad / "malformed.json").write_text('{"format": "casekit-answers/1", ', encoding="utf-8")
    (bad / "garbage.json").write_bytes(bytes(range(256)) * 4)
    (bad / "huge.json").write_bytes(b"[" + b"0," * 600_000 + b"0]")
    cheat = json.loads(json.dumps(good))
    cheat["student"] = "Hal Cheat"
    for a in cheat["exercises"][EX]["attempts"]:
        if a["correct"] is not None:
            a["answer"], a["correct"] = "wrong-answer", True  # claims right, is not
    (bad / "claims-right.json").write_text(json.dumps(cheat), encoding="utf-8")
    return folder, bank


@pytest.fixture
def klass(_recorded_class, tmp_path):
    """A fresh copy of the recorded class for each test: a test may add, change or remove files."""
    recorded, bank = _recorded_class
    folder = tmp_path / "answers" / recorded.name
    shutil.copytree(recorded, folder)
    return folder, bank


def test_grade_writes_exact_gradebook_and_rejects_each_bad_file(klass, capsys, tmp_path):
    folder, bank = klass
    out_csv = tmp_path / "gradebook.csv"
    code, out, err = run(capsys, "grade", str(folder), "--case", CASE, "--out", str(out_csv))
    assert code == 1  # some files were rejected
    reasons = {Path(line.split(": rejected: ")[0]).name: line.split(": rejected: ")[1] for line in err.splitlines()}
    assert set(reasons) == {"other-key.json", "other-case.json", "unknown-question.json", "twice.json",
                            "malformed.json", "garbage.json", "huge.json"}
    assert "checksum mismatch" in reasons["other-key.json"]
    assert "made for case 'elsewhere'" in reasons["other-case.json"]
    assert "who_said/no-such-quote" in reasons["unknown-question.json"]
    assert "same student" in reasons["twice.json"] and "ada-right.json" in reasons["twice.json"]
    assert "malformed JSON" in reasons["malformed.json"]
    assert "not UTF-8" in reasons["garbage.json"]
    assert "larger than" in reasons["huge.json"]
    assert "graded 5 file(s), rejected 7" in out
    rows = list(csv.reader(out_csv.open(encoding="utf-8")))
    header, body = rows[0], rows[1:]
    marked = [q for q in bank if not q.is_open]
    assert header[:5] == ["student", "file", f"{EX}: first try", f"{EX}: final", f"{EX}: out of"]
    assert header[8:11] == ["total: first try", "total: final", "total: out of"]
    assert header[11:14] == ["balance: triads answered", "balance: right at the first try",
                             "total: right after being shown"]
    assert header[14:17] == [f"{marked[0].id}: first", f"{marked[0].id}: final", f"{marked[0].id}: right after being shown"]
    by_student = {r[0]: dict(zip(header, r)) for r in body}
    assert [r[0] for r in body] == ["Ada Right", "Bo Wrong", "Cy Mixed", "Di Resumed", "Hal Cheat"]
    n = str(len(marked))
    assert (by_student["Ada Right"][f"{EX}: first try"], by_student["Ada Right"][f"{EX}: final"],
            by_student["Ada Right"][f"{EX}: out of"]) == (n, n, n)
    assert by_student["Ada Right"]["total: first try"] == n  # no answers to the other exercise yet
    assert int(by_student["Ada Right"]["total: out of"]) > len(marked)
    assert by_student["Ada Right"]["regional-alliances: first try"] == "0"
    assert (by_student["Bo Wrong"]["total: first try"], by_student["Bo Wrong"]["total: final"]) == ("0", "0")
    who = [q for q in bank if q.kind == "who_said"]
    cy = by_student["Cy Mixed"]
    assert (cy[f"{who[0].id}: first"], cy[f"{who[0].id}: final"]) == ("0", "1")
    assert (cy[f"{who[1].id}: first"], cy[f"{who[1].id}: final"]) == ("1", "1")
    assert cy[f"{who[2].id}: first"] == "" and cy["total: first try"] == "1" and cy["total: final"] == "2"
    di = by_student["Di Resumed"]
    assert (di[f"{who[0].id}: first"], di[f"{who[1].id}: first"], di["total: final"]) == ("1", "0", "1")
    # a record's own claim to be right is never trusted
    assert by_student["Hal Cheat"]["total: first try"] == "0"


def test_progress_bar_for_many_files(klass, capsys, tmp_path, monkeypatch):
    folder, _ = klass
    many = tmp_path / "many"
    many.mkdir()
    good = json.loads((folder / "ada-right.json").read_text(encoding="utf-8"))
    for i in range(60):
        (many / f"s{i:02d}.json").write_text(json.dumps(dict(good, student=f"Student {i:02d}")), encoding="utf-8")
    code, out, err = run(capsys, "grade", str(many), "--case", CASE, "--out", str(tmp_path / "g.csv"))
    assert code == 0 and "graded 60 file(s)" in out
    assert "\r" not in err and "files" not in err  # a log that is not a terminal gets no bar
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code, out, err = run(capsys, "grade", str(many), "--case", CASE, "--out", str(tmp_path / "g.csv"))
    assert "] 60/60 files" in err and "[" + "#" * 30 + "]" in err


@pytest.mark.parametrize("argv", [["schema"], ["figures", "--case", CASE, "--out", "{tmp}/f"]])
def test_output_cut_short_by_a_pipe_is_no_error(argv, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    cmd = " ".join([sys.executable, "-m", "casekit.cli", *argv])
    proc = subprocess.run(f"{cmd} | head -c 10", shell=True, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr and "BrokenPipeError" not in proc.stderr, proc.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_disk_is_one_line():
    proc = subprocess.run(f"{sys.executable} -m casekit.cli schema > /dev/full", shell=True, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == "casekit schema: cannot write the output (No space left on device)"


@pytest.mark.parametrize("typo, suggestion", [("grde", "grade"), ("reprot", "report"), ("figure", "figures")])
def test_a_mistyped_command_gets_did_you_mean(capsys, typo, suggestion):
    with pytest.raises(SystemExit) as exc:
        main([typo, "x"])
    assert exc.value.code == 2
    assert f"did you mean '{suggestion}'" in capsys.readouterr().err


def test_grade_exit_zero_when_all_good(klass, capsys, tmp_path):
    folder, _ = klass
    code, out, err = run(capsys, "grade", str(folder / "ada-right.json"), str(folder / "bo-wrong.json"),
                         "--case", CASE, "--out", str(tmp_path / "g.csv"))
    assert code == 0 and err == "" and "graded 2 file(s), rejected 0" in out


def test_grade_names_missing_files(klass, capsys, tmp_path):
    folder, _ = klass
    book = tmp_path / "g.csv"
    code, out, err = run(capsys, "grade", str(tmp_path / "nothing-here"), "--case", CASE, "--out", str(book))
    assert code == 2 and "nothing-here: no such file or folder" in err
    assert "exercises/answers/<case-id>/" in err  # says where the answers are saved
    # beside a good file, a missing one is rejected by name and the others are graded
    code, out, err = run(capsys, "grade", str(folder / "ada-right.json"), str(tmp_path / "gone.json"),
                         "--case", CASE, "--out", str(book))
    assert code == 1 and "gone.json: rejected: no such file" in err and "graded 1 file(s)" in out
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "grade", str(tmp_path / "empty"), "--case", CASE, "--out", str(book))
    assert code == 2 and "no answer files found" in err


def test_a_mistyped_path_leaves_a_good_gradebook_and_report_alone(klass, capsys, tmp_path):
    folder, _ = klass
    book, report = tmp_path / "g.csv", tmp_path / "report"
    assert run(capsys, "grade", str(folder / "ada-right.json"), "--case", CASE, "--out", str(book))[0] == 0
    assert run(capsys, "report", str(folder / "ada-right.json"), "--case", CASE, "--out", str(report))[0] == 0
    before = book.read_bytes(), (tmp_path / "g-totals.csv").read_bytes(), (report / "report.md").read_bytes()
    for command, out in (("grade", book), ("report", report)):
        for wrong in (str(tmp_path / "mistyped-answers" / "kurdistan-2017"), str(folder / "bad" / "garbage.json")):
            code, _, err = run(capsys, command, wrong, "--case", CASE, "--out", str(out))
            assert code in (1, 2), err
            assert "no such file or folder" in err or "nothing written" in err
    assert (book.read_bytes(), (tmp_path / "g-totals.csv").read_bytes(), (report / "report.md").read_bytes()) == before


def test_grade_with_no_path_grades_where_the_exercises_save(klass, capsys, tmp_path, monkeypatch):
    folder, _ = klass
    monkeypatch.delenv("CASEKIT_ANSWERS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "grade", "--case", CASE, "--out", "g.csv")
    assert code == 2 and "no answers saved yet" in err and "exercises/answers/<case-id>/" in err
    saved = tmp_path / "exercises" / "answers" / "kurdistan-2017"
    saved.mkdir(parents=True)
    for name in ("ada-right.json", "bo-wrong.json"):
        shutil.copy(folder / name, saved / name)
    code, out, err = run(capsys, "grade", "--case", CASE, "--out", "g.csv")
    assert code == 0 and "graded 2 file(s)" in out and "exercises/answers/kurdistan-2017" in err
    code, out, err = run(capsys, "report", "--case", CASE, "--out", "report")
    assert code == 0 and (tmp_path / "report" / "report.md").is_file()


def _offered_record(case, tmp_path, student, offered, answers):
    """A record as the exercise writes it when it offers `offered` and the student answers `answers`."""
    bank = exercise_questions(case, EX)
    rec = Recorder(student, case.id, EX, key_checksum(bank), __version__, folder=tmp_path / "answers",
                   offered=[q.id for q in offered])
    for q, right in answers:
        rec.add(q.id, q.answer if right else next(c.value for c in q.choices if c.value != q.answer), right)
    return rec.path


def test_out_of_is_what_each_student_was_offered_and_the_gradebook_has_only_offered_columns(case, capsys, tmp_path):
    from casekit.questions import select

    bank = exercise_questions(case, EX)
    who = [q for q in bank if q.kind == "who_said"]
    a = _offered_record(case, tmp_path, "Ann", who[:3], [(who[0], True), (who[1], False)])
    b = _offered_record(case, tmp_path, "Ben", who[:3], [(who[0], True), (who[2], True)])
    other = "regional-alliances"
    other_default = len([q for q in exercise_questions(case, other)
                         if q.id in set(select(case, other, exercise_questions(case, other)).offered_ids)
                         and not q.is_open])
    out_csv = tmp_path / "g.csv"
    code, out, err = run(capsys, "grade", str(a), str(b), "--case", CASE, "--out", str(out_csv))
    assert code == 0, err
    n_marked = len([q for b in (bank, exercise_questions(case, other)) for q in b if not q.is_open])
    assert f"out of {n_marked}" not in out
    assert f"out of the {3 + other_default} marked questions each student was offered" in out
    header = next(csv.reader(out_csv.open(encoding="utf-8")))
    per_question = [c for c in header if c.endswith(": first")]
    assert {c.removesuffix(": first") for c in per_question} >= {q.id for q in who[:3]}
    assert len(per_question) == 3 + other_default < n_marked
    totals = list(csv.reader((tmp_path / "g-totals.csv").open(encoding="utf-8")))
    assert totals[0][-6:] == ["total: first try", "total: final", "total: out of", "balance: triads answered",
                              "balance: right at the first try", "total: right after being shown"]
    assert [r[:2] for r in totals[1:]] == [["Ann", "ann.json"], ["Ben", "ben.json"]]
    assert [r[-6:-3] for r in totals[1:]] == [["1", "1", str(3 + other_default)], ["2", "2", str(3 + other_default)]]
    report = tmp_path / "report"
    assert run(capsys, "report", str(a), str(b), "--case", CASE, "--out", str(report))[0] == 0
    first = (report / "report.md").read_text(encoding="utf-8").split("\n\n")[1]
    told = str(3 + other_default)
    assert f"each student was offered {told}; only those count" in first and str(n_marked) not in first.split("(")[0]
    assert f"out of {told}." in (report / "report.md").read_text(encoding="utf-8")


def test_first_and_last_try_follow_the_attempt_numbers_not_the_list_order(case, capsys, tmp_path):
    bank = exercise_questions(case, EX)
    q = next(q for q in bank if q.kind == "who_said")
    path = _offered_record(case, tmp_path, "Cat", [q], [(q, False), (q, True)])
    data = json.loads(path.read_text(encoding="utf-8"))
    attempts = data["exercises"][EX]["attempts"]
    assert [a["attempt"] for a in attempts] == [1, 2]
    data["exercises"][EX]["attempts"] = attempts[::-1]  # listed last-first: the numbers still say which was first
    path.write_text(json.dumps(data), encoding="utf-8")
    out_csv = tmp_path / "g.csv"
    assert run(capsys, "grade", str(path), "--case", CASE, "--out", str(out_csv))[0] == 0
    row = dict(zip(*list(csv.reader(out_csv.open(encoding="utf-8")))))
    assert (row[f"{q.id}: first"], row[f"{q.id}: final"]) == ("0", "1")


def test_report_shows_what_was_hard(klass, capsys, tmp_path):
    folder, bank = klass
    out_dir = tmp_path / "report"
    code, out, err = run(capsys, "report", str(folder), "--case", CASE, "--out", str(out_dir))
    assert code == 1 and "wrote" in out
    md = (out_dir / "report.md").read_text(encoding="utf-8")
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    scores = (out_dir / "scores.svg").read_text(encoding="utf-8")
    missed = (out_dir / "most_missed.svg").read_text(encoding="utf-8")
    summary = (out_dir / "summary.svg").read_text(encoding="utf-8")
    assert scores.startswith("<?xml") and "<title>Score distribution</title>" in scores  # matplotlib's SVG
    assert "<title>Where the class stands, by part and skill</title>" in summary
    who = [q for q in bank if q.kind == "who_said"]
    # who[0]: Bo, Cy and Hal wrong at the first try, of 5; Bo and Cy chose the same wrong speaker
    row = next(line for line in md.splitlines() if line.startswith(f"| `{who[0].id}`"))  # the full table
    assert "| 3 (60%) |" in row
    wrong_label = who[0].label_of(next(c.value for c in who[0].choices if c.value != who[0].answer))
    assert f"{wrong_label} (2)" in row  # the most-chosen wrong answer: which speaker was taken for whom
    # the hardest questions are listed in words, numbered as in the chart
    hardest = md.split("## Hardest questions")[1].split("\n## ")[0]
    first = next(line for line in hardest.splitlines() if line.startswith("1\\. "))
    skill = first.rsplit("; ", 1)[1].rstrip(") ")
    rate = hardest.split("Wrong at the first try: ")[1].split("(")[1].split(")")[0]
    assert f"1. {skill} {rate} wrong at the first try" in missed  # in the chart's <desc>
    assert "/" not in first.split("**")[1]  # a prompt, not an id
    assert "## Written answers" in md and "Ada Right writes about open/" in md
    assert "## Rejected files" in md and "huge.json" in md
    assert '<img src="summary.svg" alt="Where the class stands' in page and "<table" in page


def test_release_check_names_notebook_and_cell(capsys, tmp_path):
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    args = ("--solutions", str(tmp_path / "solutions"), "--exercises", str(tmp_path / "exercises"))
    assert run(capsys, "release", "--check", *args)[0] == 0
    path = tmp_path / "exercises" / "01_source_attribution.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][2]["source"] = "## Overview\n\nedited by hand"
    path.write_text(json.dumps(nb), encoding="utf-8")
    code, out, err = run(capsys, "release", "--check", *args)
    assert code == 1 and "01_source_attribution.ipynb: cell 3 differs" in err
    assert run(capsys, "release", *args)[0] == 0
    assert run(capsys, "release", "--check", *args)[0] == 0


def test_release_removes_solutions_and_outputs(tmp_path, capsys):
    sol = tmp_path / "solutions"
    sol.mkdir()
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# T"},
                    {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "answer = 42",
                     "outputs": [], "execution_count": None},
                    {"cell_type": "code", "metadata": {}, "source": "x = 1", "execution_count": 3,
                     "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (sol / "01_x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    assert run(capsys, "release", "--solutions", str(sol), "--exercises", str(tmp_path / "ex"))[0] == 0
    out = json.loads((tmp_path / "ex" / "01_x.ipynb").read_text(encoding="utf-8"))
    assert [c["source"] for c in out["cells"]] == ["# T", "x = 1"]
    assert out["cells"][1]["outputs"] == [] and out["cells"][1]["execution_count"] is None


def test_release_fails_on_a_misspelt_marker(tmp_path, capsys):
    sol = tmp_path / "solutions"
    sol.mkdir()
    nb = {"cells": [{"cell_type": "code", "metadata": {"tags": ["Solutions"]}, "source": "answer = 42",
                     "outputs": [], "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (sol / "01_x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    code, out, err = run(capsys, "release", "--solutions", str(sol), "--exercises", str(tmp_path / "ex"))
    assert code == 2 and "cell 1" in err and "malformed marker tag 'Solutions'" in err
    assert not (tmp_path / "ex").exists()


def _notebook(path: Path, code: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "source": code, "metadata": {}}], "metadata": {}}),
                    encoding="utf-8")


def _course(tmp_path: Path) -> None:
    _notebook(tmp_path / "notebooks" / "00_start_here.ipynb", "import casekit")
    _notebook(tmp_path / "notebooks" / "01_lesson.ipynb", "plots.network(case)")
    for name in ("01_a.ipynb", "02_b.ipynb"):
        _notebook(tmp_path / "exercises" / name, "from casekit.widgets import attribution_quiz")
    _notebook(tmp_path / "exercises" / "04_draw_your_own.ipynb", "fig, ax = plots.new_chart()\n# Your chart here")


def test_links(capsys, tmp_path, monkeypatch):
    _course(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "links", "--repo", "acme/casekit", "--ref", "v1", "--hub", "https://hub.example.edu")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == ("Binder: https://mybinder.org/v2/gh/acme/casekit/v1"
                        "?urlpath=lab%2Ftree%2Fnotebooks%2F00_start_here.ipynb")
    assert lines[1].startswith("JupyterHub (nbgitpuller): https://hub.example.edu/hub/user-redirect/git-pull?")
    assert "repo=https%3A%2F%2Fgithub.com%2Facme%2Fcasekit" in lines[1] and "branch=v1" in lines[1]
    # every exercise built from widgets, and every lesson, opens in the student view (Voila), on Binder and the hub
    assert ("  exercises/01_a.ipynb, Binder: https://mybinder.org/v2/gh/acme/casekit/v1"
            "?urlpath=voila%2Frender%2Fexercises%2F01_a.ipynb") in lines
    assert ("  notebooks/01_lesson.ipynb, Binder: https://mybinder.org/v2/gh/acme/casekit/v1"
            "?urlpath=voila%2Frender%2Fnotebooks%2F01_lesson.ipynb") in lines
    hub_voila = [line for line in lines if line.startswith("  exercises/02_b.ipynb, JupyterHub")]
    assert len(hub_voila) == 1 and "urlpath=voila%2Frender%2Fcasekit%2Fexercises%2F02_b.ipynb" in hub_voila[0]
    # the chart the student draws in code has no code cell in the student view: no link there
    assert "04_draw_your_own" not in out
    # and the hub's image must have casekit and nbgitpuller: the one line that installs them
    assert '  pip install nbgitpuller "casekit @ git+https://github.com/acme/casekit@v1"' in lines


def test_links_without_hub_say_nothing_of_hubs(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "links", "--repo", "acme/casekit")
    assert code == 0 and out.splitlines() == [
        "Binder: https://mybinder.org/v2/gh/acme/casekit/main?urlpath=lab%2Ftree%2Fnotebooks%2F00_start_here.ipynb"]


def test_links_without_repo_are_the_local_ones(capsys, tmp_path, monkeypatch):
    _course(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "links", "--port", "9999")
    assert code == 0, err
    assert "  JupyterLab: http://127.0.0.1:9999/lab/tree/notebooks/00_start_here.ipynb" in out.splitlines()
    assert "  exercises/01_a.ipynb, student view: http://127.0.0.1:9999/voila/render/exercises/01_a.ipynb" in out
    assert "  notebooks/01_lesson.ipynb, student view: http://127.0.0.1:9999/voila/render/notebooks/01_lesson.ipynb" in out
    assert "04_draw_your_own" not in out


def test_the_real_draw_your_own_exercise_gets_no_student_view_link():
    from casekit.notebooks import student_view_notebooks

    pages = student_view_notebooks(ROOT)
    assert "exercises/01_source_attribution.ipynb" in pages and "notebooks/01_the_referendum.ipynb" in pages
    assert not any("draw_your_own" in p for p in pages)


def test_lab_prints_the_student_view_addresses_and_listens_where_told(capsys, tmp_path, monkeypatch):
    import casekit.cli as cli

    _course(tmp_path)
    monkeypatch.chdir(tmp_path)
    ran = []
    monkeypatch.setattr("subprocess.call", lambda cmd: ran.append(cmd) or 0)
    code, out, err = run(capsys, "lab", "--ip", "10.1.2.3", "--port", "8899")
    assert code == 0 and len(ran) == 1 and "--ip=10.1.2.3" in ran[0] and "--port=8899" in ran[0]
    token = next(a.split("=", 1)[1] for a in ran[0] if a.startswith("--IdentityProvider.token="))
    assert len(token) >= 32
    assert f"exercises/01_a.ipynb, student view: http://10.1.2.3:8899/voila/render/exercises/01_a.ipynb?token={token}" in out
    assert f"JupyterLab: http://10.1.2.3:8899/lab/tree/notebooks/00_start_here.ipynb?token={token}" in out
    assert "--ip=0.0.0.0" in cli.lab_command(8888, root=False, has_screen=True, ip="0.0.0.0")


@pytest.mark.parametrize("argv,message", [
    (["links", "--repo", "not a repo"], "--repo must be OWNER/NAME"),
    (["links", "--repo", "a/b", "--hub", "ftp:x"], "--hub must be"),
])
def test_links_bad_input(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and out == ""


@pytest.mark.parametrize("command", ["validate", "grade", "report", "release", "links", "lab", "figures"])
def test_help_for_every_command(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and f"usage: casekit {command}" in out


def test_grade_finds_the_only_casefile(klass, capsys, tmp_path, monkeypatch):
    folder, _ = klass
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "grade", str(folder / "ada-right.json"), "--out", str(tmp_path / "g.csv"))
    assert code == 0 and "graded 1 file(s)" in out
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "grade", str(folder / "ada-right.json"), "--out", str(tmp_path / "g.csv"))
    assert code == 2 and "name the casefile with --case" in err


def test_parser_alone_and_no_command(capsys):
    assert build_parser().parse_args(["validate", "x"]).path == "x"
    assert main([]) == 2


def test_lab_command_adds_flags_as_needed():
    from casekit.cli import lab_command

    as_root = lab_command(8888, root=True, has_screen=False)
    assert "--allow-root" in as_root and "--no-browser" in as_root
    assert "--allow-root" not in lab_command(8888, root=False, has_screen=True)
    assert any(a.endswith("notebooks/00_start_here.ipynb") for a in as_root)


def test_grading_and_cli_import_no_widgets(tmp_path):
    code = ("import sys, casekit.cli, casekit.grading, casekit.report, casekit.instructor, casekit.release;"
            f"casekit.cli.main(['figures', '--case', {CASE!r}, '--out', {str(tmp_path)!r}]);"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'IPython', 'ipykernel')];"
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_test_is_defined_twice():
    """A test defined twice in one module silently never runs; catch it."""
    import ast

    for path in Path(__file__).parent.rglob("test_*.py"):
        names = [n.name for n in ast.parse(path.read_text(encoding="utf-8")).body
                 if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
        dupes = {n for n in names if names.count(n) > 1}
        assert not dupes, f"{path.name}: {dupes}"


def test_score_histogram_bins_end_at_the_top_score():
    from casekit.report import _histogram

    plot = _histogram([0, 7, 115], [115, 115, 115], 115, 3)
    labels = [t.get_text() for t in plot.figure.axes[0].get_xticklabels()]
    assert "115" in labels and "115–119" not in labels  # no bin beyond the top score
    heights = sorted(b.get_height() for b in plot.figure.axes[0].patches if b.get_height() > 0)
    # first tries: one student each at 0, 5-9 and 115; in the end: all three at 115
    assert heights == [1, 1, 1, 3]
    assert "from 0 to 115" in plot.description and "from 115 to 115" in plot.description


@pytest.mark.slow  # every figure drawn for slides
def test_figures_for_slides(capsys, tmp_path):
    from casekit import load_case, plots

    out = tmp_path / "figs"
    code, printed, err = run(capsys, "figures", "--case", CASE, "--out", str(out))
    case = load_case(CASE)
    assert code == 0 and err == "" and printed.count("wrote ") == 3 + len(case.periods)
    plot = plots.network(case)
    assert (out / "network.svg").read_text(encoding="utf-8") == plot.svg
    assert (out / "network.txt").read_text(encoding="utf-8") == plot.description + "\n"
    first = case.periods[0].id  # one network per period, too
    assert (out / f"network-{first}.txt").read_text(encoding="utf-8") == plots.network(case, period=first).description + "\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["network.svg", "network.txt", "stances.svg", "stances.txt", "timeline.svg", "timeline.txt"]
        + [f"network-{p.id}.{ext}" for p in case.periods for ext in ("svg", "txt")])
    for fmt, head in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        code, printed, err = run(capsys, "figures", "--case", CASE, "--out", str(out / fmt), "--format", fmt)
        assert code == 0 and (out / fmt / f"stances.{fmt}").read_bytes().startswith(head)
    with pytest.raises(SystemExit) as info:
        main(["figures", "--case", CASE, "--out", str(out), "--format", "gif"])
    assert info.value.code == 2 and "invalid choice: 'gif'" in capsys.readouterr().err
    (tmp_path / "afile").write_text("x")
    code, printed, err = run(capsys, "figures", "--case", CASE, "--out", str(tmp_path / "afile"))
    assert code == 2 and "exists and is not a folder" in err and printed == ""


# --- untrusted answer files: one line each, the rest still graded ------------------------------
HOSTILE = Path(__file__).parent / "hostile"


def test_no_hostile_file_stops_the_grading_of_the_others(klass, capsys, tmp_path):
    """The corpus in tests/hostile/ plus generated ones (deep nesting, a folder and a pipe named
    *.json, names with terminal escapes and newlines): each is one line on stderr, nothing is
    printed raw, the good files are graded, and a file with a byte order mark is graded too."""
    folder, bank = klass
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    good = json.loads((folder / "ada-right.json").read_text(encoding="utf-8"))
    (mixed / "good.json").write_text(json.dumps(good), encoding="utf-8")
    (mixed / "bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(dict(good, student="Bo M")).encode("utf-8"))
    corpus = sorted(HOSTILE.glob("*.json"))
    for f in corpus:
        shutil.copy(f, mixed / f.name)
    (mixed / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (mixed / "folder.json").mkdir()
    if hasattr(__import__("os"), "mkfifo"):
        __import__("os").mkfifo(mixed / "pipe.json")
    escape = "evil\x1b[2J\x1b]0;pwned\x07\nline.json"
    (mixed / escape).write_text("{", encoding="utf-8")
    (mixed / "rtl\u202egnp.json").write_text("{", encoding="utf-8")
    out_csv = tmp_path / "g.csv"
    code, out, err = run(capsys, "grade", str(mixed), "--case", CASE, "--out", str(out_csv))
    assert code == 1 and "graded 2 file(s)" in out
    lines = err.splitlines()
    expected_bad = len(corpus) + 2 + 2 + (1 if (mixed / "pipe.json").exists() else 0)
    assert len(lines) == expected_bad and all(": rejected: " in line for line in lines)
    assert "\x1b" not in err and "\u202e" not in err and "\x07" not in err
    assert any("evil\\x1b[2J" in line and "\\nline.json" in line for line in lines)
    reasons = {line.split(": rejected: ")[0].rsplit("/", 1)[-1]: line.split(": rejected: ")[1] for line in lines}
    assert "5,000 digits" in reasons["huge-integer.json"]
    assert "a folder" in reasons["folder.json"]
    assert "nested too deeply" in reasons["deep.json"]
    if "pipe.json" in reasons:
        assert "not a regular file" in reasons["pipe.json"]
    body = list(csv.reader(out_csv.open(encoding="utf-8")))[1:]
    assert sorted(r[0] for r in body) == ["Ada Right", "Bo M"]
    out_dir = tmp_path / "report"
    code, out, err = run(capsys, "report", str(mixed), "--case", CASE, "--out", str(out_dir))
    assert code == 1 and (out_dir / "report.md").exists() and "\x1b" not in err
    md = (out_dir / "report.md").read_text(encoding="utf-8")
    assert "\x1b" not in md and "\u202e" not in md


def test_a_crash_on_one_file_is_one_line(klass, capsys, tmp_path, monkeypatch):
    """Even an error nobody foresaw stays one line for that file; the others are still graded."""
    import casekit.grading as grading

    folder, _ = klass
    real = grading._mark

    def flaky(record, path, keys):
        if record.student == "Bo Wrong":
            raise ZeroDivisionError("boom")
        return real(record, path, keys)

    monkeypatch.setattr(grading, "_mark", flaky)
    code, out, err = run(capsys, "grade", str(folder / "ada-right.json"), str(folder / "bo-wrong.json"),
                         "--case", CASE, "--out", str(tmp_path / "g.csv"))
    assert code == 1 and "graded 1 file(s), rejected 1" in out
    assert err.strip().endswith("bo-wrong.json: rejected: could not be graded (ZeroDivisionError)")


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "\rCR"])
def test_gradebook_cells_that_look_like_formulas_are_neutralised(klass, capsys, tmp_path, name):
    folder, _ = klass
    good = json.loads((folder / "ada-right.json").read_text(encoding="utf-8"))
    path = tmp_path / "f.json"
    path.write_text(json.dumps(dict(good, student=name)), encoding="utf-8")
    out_csv = tmp_path / "g.csv"
    code, out, err = run(capsys, "grade", str(path), "--case", CASE, "--out", str(out_csv))
    assert code == 0, err
    row = list(csv.reader(out_csv.open(encoding="utf-8", newline="")))[1]
    assert row[0] == "'" + name  # OWASP: a leading single quote makes the cell text
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row)


def test_report_holds_no_raw_html_and_a_pipe_cannot_shift_cells(case, capsys, tmp_path):
    import re

    root = tmp_path / "answers"
    bank = exercise_questions(case, EX)
    order = next(q for q in bank if q.is_order)
    who = next(q for q in bank if q.kind == "who_said")
    opened = next(q for q in bank if q.is_open)
    for i, name in enumerate(["<img src=x onerror=alert(1)>", "**bold** `code` | pipe"]):
        r = Recorder(name, case.id, EX, key_checksum(bank), __version__, folder=root)
        r.add(order.id, [f"item | {i}", "<b>x</b>"], False)
        r.add(who.id, "a | b | c", False)
        r.add(opened.id, "<script>alert(1)</script> | a | b\nnew line # heading", None)
    out_dir = tmp_path / "report"
    code, out, err = run(capsys, "report", str(root), "--case", CASE, "--out", str(out_dir))
    assert code == 0, err
    md = (out_dir / "report.md").read_text(encoding="utf-8")
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    for raw in ("<img src=x", "<script", "<b>x</b>"):
        assert raw not in md and raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| a \\| b new line # heading" in md
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in md
    rows = [line for line in md.splitlines() if line.startswith("| `")]  # the full table: 9 cells, always
    assert rows and all(len(re.findall(r"(?<!\\)\|", line)) == 10 for line in rows)
    # an answer that is none of the options is said so in words, never shown raw
    answered = {line.split("`")[1]: line for line in rows if line.split("`")[1] in (who.id, order.id)}
    assert "an answer that is not among the options offered now (2) |" in answered[who.id]
    assert "an ordering of items that are not among the items offered now (2) |" in answered[order.id]
    assert "a | b | c" not in page and "a \\| b \\| c" not in md
    full = page.split('id="all"')[1]
    cells = re.findall(r"<tr>(.*?)</tr>", full)
    assert cells and all(c.count("<td") == 9 for c in cells[1:])
    assert "\n# heading" not in md and "\\*\\*bold\\*\\*" in md  # no heading, no bold from a student


def relation_attempts(signs: dict) -> list[dict]:
    return [{"question": f"relation/{a}--{b}", "answer": v, "correct": None, "attempt": 1, "time": ""}
            for (a, b), v in signs.items()]


def test_balance_verdicts_are_rederived_from_the_students_own_network(case, capsys, tmp_path):
    """A forged file with made-up triads scores nothing; verdicts on triads the student's recorded
    network had are marked."""
    from casekit.alliances import Triad, balance_id

    ex = "regional-alliances"
    key = key_checksum(exercise_questions(case, ex))
    triad = Triad(("iran", "iraq", "krg"), (-1, -1, -1))  # unbalanced
    verdict = {"question": balance_id(triad), "answer": "unbalanced", "correct": True, "attempt": 1, "time": ""}

    def record(student, attempts):
        return {"format": "casekit-answers/1", "student": student, "case": case.id, "casekit_version": __version__,
                "exercises": {ex: {"key_checksum": key, "attempts": attempts}}}

    forged_triads = [dict(verdict, question=balance_id(Triad(t, s)), answer="balanced" if s.count(-1) % 2 == 0
                          else "unbalanced") for t, s in [(("iran", "iraq", "krg"), (-1, -1, -1)),
                                                          (("iran", "turkey", "united-states"), (1, 1, 1)),
                                                          (("iraq", "krg", "turkey"), (-1, 1, -1))]]
    honest = relation_attempts({("iran", "iraq"): "confronts", ("iraq", "krg"): "confronts",
                                ("iran", "krg"): "confronts"}) + [verdict]
    changed_later = honest + relation_attempts({("iran", "iraq"): "cooperates"})
    signs_differ = relation_attempts({("iran", "iraq"): "cooperates", ("iraq", "krg"): "confronts",
                                      ("iran", "krg"): "confronts"}) + [verdict]
    files = {"forged": record("Forger", forged_triads), "honest": record("Honest", honest),
             "later": record("Later", changed_later), "differ": record("Differ", signs_differ)}
    for name, obj in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(obj), encoding="utf-8")
    out_csv = tmp_path / "g.csv"
    code, out, err = run(capsys, "grade", *(str(tmp_path / f"{n}.json") for n in files), "--case", CASE,
                         "--out", str(out_csv))
    assert code == 0, err
    rows = {r["student"]: r for r in csv.DictReader(out_csv.open(encoding="utf-8"))}
    assert (rows["Forger"]["balance: triads answered"], rows["Forger"]["balance: right at the first try"]) == ("0", "0")
    assert (rows["Honest"]["balance: triads answered"], rows["Honest"]["balance: right at the first try"]) == ("1", "1")
    assert rows["Later"]["balance: right at the first try"] == "1"  # the network had it when answered
    assert rows["Differ"]["balance: triads answered"] == "0"  # not the signs the student's network had
    notes = [line for line in err.splitlines() if ": note: " in line]
    assert len(notes) == 2 and any("forged.json: note: 3 balance verdict(s)" in n for n in notes)


# --- --out: one clear line, before any work ----------------------------------------------------
@pytest.mark.parametrize("command,target,message", [
    ("grade", "folder", "is a folder; name a file"),
    ("grade", "missing/g.csv", "does not exist; create it first"),
    ("grade", "afile/g.csv", "is not a folder"),
    ("grade", "notes.txt", "exists and is not a gradebook"),
    ("report", "afile", "exists and is not a folder"),
    ("report", "missing/report", "does not exist; create it first"),
    ("figures", "afile", "exists and is not a folder"),
    ("figures", "missing/figs", "does not exist; create it first"),
])
def test_out_paths_that_cannot_be_used_give_one_line(klass, capsys, tmp_path, command, target, message):
    folder, _ = klass
    (tmp_path / "folder").mkdir()
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("my notes, not a gradebook", encoding="utf-8")
    inputs = [] if command == "figures" else [str(folder / "ada-right.json")]
    code, out, err = run(capsys, command, *inputs, "--case", CASE, "--out", str(tmp_path / target))
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and message in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes, not a gradebook"
    assert not (tmp_path / "missing").exists()


def test_a_previous_gradebook_is_replaced(klass, capsys, tmp_path):
    folder, _ = klass
    out_csv = tmp_path / "g.csv"
    args = ("grade", str(folder / "ada-right.json"), "--case", CASE, "--out", str(out_csv))
    assert run(capsys, *args)[0] == 0
    assert run(capsys, *args)[0] == 0 and out_csv.read_text(encoding="utf-8").startswith("student,file,")


# --- the case comes from the records when --case is not given ---------------------------------
def test_grade_takes_the_case_from_the_records(klass, capsys, tmp_path, monkeypatch):
    folder, _ = klass
    course = tmp_path / "course"
    (course / "casefiles").mkdir(parents=True)
    (course / "casefiles" / "kurdistan-2017").symlink_to(Path(CASE), target_is_directory=True)
    (course / "casefiles" / "second-case").mkdir()
    (course / "casefiles" / "second-case" / "case.yaml").write_text("id: second-case\n", encoding="utf-8")
    monkeypatch.chdir(course)
    files = [str(folder / "ada-right.json"), str(folder / "bo-wrong.json")]
    code, out, err = run(capsys, "grade", *files, "--out", str(tmp_path / "g.csv"))
    assert code == 0 and "graded 2 file(s)" in out, err
    other = tmp_path / "other.json"
    good = json.loads((folder / "ada-right.json").read_text(encoding="utf-8"))
    other.write_text(json.dumps(dict(good, student="Zed", case="second-case")), encoding="utf-8")
    code, out, err = run(capsys, "grade", *files, str(other), "--out", str(tmp_path / "g.csv"))
    assert code == 2 and "several cases (kurdistan-2017: 2 file(s), second-case: 1 file(s))" in err


@pytest.mark.parametrize("case_id", ["/etc", "../../casefiles/kurdistan-2017", "answers", "x\x1b[2Jy"])
def test_a_case_named_by_records_is_looked_up_only_as_an_id(klass, capsys, tmp_path, monkeypatch, case_id):
    """A record cannot choose the folder a casefile is read from (nor reach the terminal raw)."""
    folder, _ = klass
    good = json.loads((folder / "ada-right.json").read_text(encoding="utf-8"))
    path = tmp_path / "answers" / "evil.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(dict(good, case=case_id)), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a folder named like the case ("answers") is here
    code, out, err = run(capsys, "grade", str(path), "--out", str(tmp_path / "g.csv"))
    assert code == 2 and len(err.splitlines()) == 1 and "name the casefile with --case" in err
    assert "\x1b" not in err


# --- casekit layout --write: found by the YAML parser, checked before it replaces, line ends kept ----
SECOND = ROOT / "tests" / "casefiles" / "second-case"


@pytest.fixture
def second(tmp_path):
    folder = tmp_path / "casefiles" / "second-case"
    shutil.copytree(SECOND, folder)
    return folder


def test_layout_takes_the_case_as_its_error_messages_name_it(second, capsys, monkeypatch):
    from casekit import load_case

    monkeypatch.chdir(second.parents[1])
    assert main(["layout", "second-case", "--write"]) == 0  # the form the casefile's messages suggest
    assert load_case(second).layout
    (second.parent / "other").mkdir()
    (second.parent / "other" / "case.yaml").write_text("id: other\n", encoding="utf-8")
    code, out, err = run(capsys, "figures", "--out", "figs")
    assert code == 2 and "name the casefile with --case" in err  # two cases: which one
    code, out, err = run(capsys, "figures", "second-case", "--out", "figs")
    assert code == 0 and (second.parents[1] / "figs" / "network.svg").is_file(), err


def test_layout_write_is_not_fooled_by_a_quoted_line_and_keeps_crlf(second, capsys):
    from casekit import load_case

    path = second / "case.yaml"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    trap = 'title: "FICTIONAL: Reactions to the 2031 plebiscite\nlayout: in Eastmark"'
    text = text.replace(title, trap)
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert main(["layout", "--case", str(second), "--write"]) == 0, capsys.readouterr().err
    raw = path.read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line still ends in CRLF
    case = load_case(second)
    assert case.title == "FICTIONAL: Reactions to the 2031 plebiscite layout: in Eastmark" and case.layout
    assert main(["layout", "--case", str(second), "--write"]) == 0  # again: replaced, not added twice
    assert path.read_bytes().count(b"\r\nlayout:\r\n") == 1


def test_layout_write_writes_nothing_it_has_not_checked(second, capsys, monkeypatch):
    import casekit.instructor as instructor

    path = second / "case.yaml"
    before = path.read_bytes()
    monkeypatch.setattr(instructor, "with_layout", lambda text, block: text.replace("id: second-case", "id: x"))
    code, out, err = run(capsys, "layout", "--case", str(second), "--write")
    assert code == 2 and "not written" in err and path.read_bytes() == before


def test_the_readme_instructor_commands_run_as_written():
    """The README's instructor block works on a clean clone: casekit from the venv (not on the PATH
    after the README's first command), answers where the exercises save them, forms the CLI accepts."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## For instructors", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #")[0].strip() for line in block.splitlines() if line and not line.startswith(" ")]
    assert commands and all(c.startswith(".venv/bin/casekit ") for c in commands), commands
    parser = build_parser()
    for c in commands:
        argv = [a for a in shlex.split(c.split(">")[0])[1:]]
        parser.parse_args([a.replace("NAME", "name").replace("URL", "https://hub.example.edu") for a in argv])
    assert "answers/kurdistan-2017/" not in re.sub(r"exercises/answers/kurdistan-2017/", "", readme)
    assert "exercises/answers/<case-id>/" in readme
    from casekit.instructor import default_answers
    import inspect
    assert '"exercises") / "answers"' in inspect.getsource(default_answers)
    # the form layout messages suggest is the one the README gives, and it parses
    assert "casekit layout kurdistan-2017 --write" in " ".join(readme.split())
    parser.parse_args(["layout", "kurdistan-2017", "--write"])


def test_one_helper_of_each_kind_and_one_user_error():
    """The command modules share casekit.errors.UserError (none takes it as a parameter), and the
    text and id helpers are defined once, in casekit.helpers."""
    import inspect

    import casekit.answers
    import casekit.cli
    import casekit.grading
    import casekit.instructor
    import casekit.newcase
    import casekit.report
    from casekit import errors, helpers

    assert casekit.cli.UserError is errors.UserError is casekit.instructor.UserError is casekit.newcase.UserError
    for module in (casekit.instructor, casekit.newcase):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("cmd_"):
                assert list(inspect.signature(fn).parameters) == ["args"], name
    assert casekit.answers.printable is helpers.printable and casekit.report.one_line is helpers.one_line
    assert helpers.question_pair("relation/iran--turkey") == ("iran", "turkey")
    assert helpers.question_pair("who_said/x") is None and helpers.question_kind("who_said/x") == "who_said"
    assert helpers.did_you_mean("grde", ["grade", "report"]) == "; did you mean 'grade'?"
    assert helpers.exercise_setting({"a": {"marked": 30}}, "a", "marked") == 30
    assert helpers.exercise_setting({}, "a", "marked", 5) == 5


def test_lab_command_culls_idle_kernels():
    from casekit.cli import lab_command
    from casekit.serverconfig import server_arguments

    cmd = lab_command(8888, root=False, has_screen=True)
    assert server_arguments() and all(arg in cmd for arg in server_arguments())
