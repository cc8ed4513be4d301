"""Answer records: safe names, per-case folders and migration, locked and merged saves, damaged
files, validation of untrusted files, resume, reset."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casekit.answers import (MAX_BYTES, FORMAT, Record, RecordError, Recorder, Section, parse, read, safe_name,
                             save)

HOSTILE = Path(__file__).parent / "hostile"


def make(folder, name="Ana", exercise="ex", checksum="k1", case="demo"):
    return Recorder(name, case, exercise, checksum, "0.1.0", folder=folder)


def names(folder: Path) -> list[str]:
    """The files a person would see (hidden lock files aside)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("name,expected", [
    ("Ana Lima", "ana-lima"), ("../../etc/passwd", "etc-passwd"), ("Zhōu 周", "zhōu-周"),
    ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"), ("a/b\\c:d", "a-b-c-d"), ("  José  ", "josé"), ("Ølav_2", "ølav_2"),
])
def test_safe_names(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["", "   ", "../..", "/", "x" * 101])
def test_unusable_names_are_refused(name):
    with pytest.raises(RecordError):
        safe_name(name)


def test_attempts_are_saved_at_once_and_resumed(tmp_path):
    r = make(tmp_path)
    r.add("q1", "a", False)
    r.add("q1", "b", True)
    assert r.path == tmp_path / "demo" / "ana.json"  # one folder per case
    data = json.loads(r.path.read_text(encoding="utf-8"))
    attempts = data["exercises"]["ex"]["attempts"]
    assert [(a["answer"], a["correct"], a["attempt"]) for a in attempts] == [("a", False, 1), ("b", True, 2)]
    assert data["case"] == "demo" and data["casekit_version"] == "0.1.0"
    again = make(tmp_path)
    assert [a.answer for a in again.attempts_for("q1")] == ["a", "b"] and "answers to 1 question were reloaded" in again.notice


def test_no_temporary_files_are_left(tmp_path):
    r = make(tmp_path)
    for i in range(5):
        r.add(f"q{i}", "x", True)
    assert names(tmp_path / "demo") == ["ana.json"]
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == [".lock", "ana.json"]


def test_temporary_files_of_a_killed_writer_are_cleaned_at_the_next_save(tmp_path):
    r = make(tmp_path)
    r.add("q", "x", True)
    for leftover in (".ana.json.k1l13d.tmp", ".bo.json.abc.tmp"):
        (tmp_path / "demo" / leftover).write_text('{"half": ', encoding="utf-8")
    r.add("q", "y", True)
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == [".lock", "ana.json"]


def test_two_exercises_share_one_file_without_clobbering(tmp_path):
    a = make(tmp_path, exercise="one")
    b = make(tmp_path, exercise="two")
    a.add("q", "x", True)
    b.add("q", "y", False)
    a.add("q2", "z", True)
    data = read(a.path)
    assert set(data.exercises) == {"one", "two"}
    assert len(data.exercises["one"].attempts) == 2 and len(data.exercises["two"].attempts) == 1


def test_the_same_exercise_open_twice_merges_its_attempts(tmp_path):
    """Two kernels on the same exercise: each save adds to what is on disk, nothing is lost."""
    a, b = make(tmp_path), make(tmp_path)
    a.add("q", "x", False)
    b.add("q", "y", True)
    a.add("q2", "z", True)
    attempts = read(a.path).exercises["ex"].attempts
    assert [(x.question, x.answer, x.attempt) for x in attempts] == [("q", "x", 1), ("q", "y", 2), ("q2", "z", 1)]
    assert [x.answer for x in a.attempts_for("q")] == ["x", "y"]  # a sees b's attempt after its own save


WRITER = textwrap.dedent("""
    import sys
    from casekit.answers import Recorder
    folder, who, exercise, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    r = Recorder("Ana Lima", "demo", exercise, "k1", "0.1.0", folder=folder)
    print("ready", flush=True)
    sys.stdin.readline()  # all processes start saving together
    for i in range(n):
        r.add(f"q-{who}-{i}", f"answer {who} {i}", i % 2 == 0)
""")


@pytest.mark.parametrize("fallback", [False, True], ids=["fcntl", "lock-file"])
def test_concurrent_saves_from_several_processes_lose_no_attempt(tmp_path, fallback):
    """4 processes x 50 attempts at once, two on each exercise (a notebook open twice, and both
    exercises open): all 200 attempts are in the file afterwards."""
    env = dict(os.environ, CASEKIT_LOCK_FALLBACK="1" if fallback else "")
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(k), f"ex{k % 2}", "50"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for k in range(4)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    record = read(tmp_path / "demo" / "ana-lima.json")
    saved = {(a.question, a.answer) for s in record.exercises.values() for a in s.attempts}
    expected = {(f"q-{k}-{i}", f"answer {k} {i}") for k in range(4) for i in range(50)}
    assert len(saved) == 200 and saved == expected
    assert names(tmp_path / "demo") == ["ana-lima.json"]


def test_changed_key_keeps_old_answers_in_a_backup(tmp_path):
    make(tmp_path).add("q", "x", True)
    r = make(tmp_path, checksum="k2")
    assert r.attempts_for("q") == [] and "changed" in r.notice
    backups = [p for p in (tmp_path / "demo").iterdir() if "old-key" in p.name]
    assert len(backups) == 1 and backups[0].name.endswith(".json.bak")
    assert read(backups[0]).exercises["ex"].attempts[0].answer == "x"
    r.add("q", "new", True)
    assert [a.answer for a in read(r.path).exercises["ex"].attempts] == ["new"]


def test_another_students_file_is_not_taken_over_and_their_name_is_not_shown(tmp_path):
    make(tmp_path, name="Ana Lima").add("q", "x", True)
    with pytest.raises(RecordError, match="belongs to a name written differently") as info:
        make(tmp_path, name="ANA LIMA")
    assert "Ana Lima" not in str(info.value)
    assert [a.answer for a in read(tmp_path / "demo" / "ana-lima.json").exercises["ex"].attempts] == ["x"]


def test_two_names_for_one_file_starting_at_once_do_not_overwrite_each_other(tmp_path):
    """Both press Start before either has answered: the first claims the file name, the second is
    told to choose a name that tells them apart (without seeing the first one's name)."""
    first = make(tmp_path, name="Ana Lima")
    with pytest.raises(RecordError, match="already belongs") as info:
        make(tmp_path, name="ANA LIMA")
    assert "Ana Lima" not in str(info.value)
    first.add("q", "x", True)
    assert read(first.path).student == "Ana Lima"
    again = make(tmp_path, name="Ana Lima")  # the same name still resumes
    assert len(again.attempts_for("q")) == 1


def test_a_file_taken_by_another_name_meanwhile_is_not_overwritten(tmp_path):
    r = make(tmp_path, name="Ana Lima")
    r.add("q", "x", True)
    other = Record(student="ANA LIMA", case="demo", casekit_version="0.1.0",
                   exercises={"ex": Section("k1")})
    save(other, r.path)  # e.g. copied over by hand
    with pytest.raises(RecordError, match="written differently") as info:
        r.add("q", "y", True)
    assert "ANA LIMA" not in str(info.value)
    assert read(r.path).student == "ANA LIMA"


def test_unreadable_file_at_start_is_kept_aside(tmp_path):
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "ana.json").write_text("{not json", encoding="utf-8")
    r = make(tmp_path)
    assert "could not be read" in r.notice
    backups = [p for p in (tmp_path / "demo").iterdir() if "unreadable" in p.name]
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == "{not json"


def test_a_file_damaged_while_the_kernel_runs_is_kept_and_the_student_told(tmp_path):
    one, two = make(tmp_path, exercise="one"), make(tmp_path, exercise="two")
    one.add("q", "x", True)
    two.add("q", "y", True)
    damaged = b'{"format": "casekit-answers/1", "student": "Ana", \x00\xff'
    one.path.write_bytes(damaged)
    one.add("q2", "z", False)
    warning = one.take_warning()
    assert "damaged" in warning and one.take_warning() == ""  # told once
    backups = [p for p in (tmp_path / "demo").iterdir() if "damaged" in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == damaged and backups[0].name in warning
    assert [a.answer for a in read(one.path).exercises["one"].attempts] == ["x", "z"]
    two.add("q2", "w", True)  # the other exercise's next save brings its answers back
    assert [a.answer for a in read(one.path).exercises["two"].attempts] == ["y", "w"]


def test_a_file_removed_while_the_kernel_runs_is_written_again(tmp_path):
    r = make(tmp_path)
    r.add("q", "x", True)
    r.path.unlink()
    r.add("q", "y", True)
    assert "had gone" in r.take_warning()
    assert [a.answer for a in read(r.path).exercises["ex"].attempts] == ["x", "y"]


def test_reset_keeps_a_copy(tmp_path):
    r = make(tmp_path)
    r.add("q", "x", True)
    backup = r.reset()
    assert backup.exists() and read(backup).exercises["ex"].attempts
    assert read(r.path).exercises["ex"].attempts == []


def test_overlong_text_is_refused_and_not_saved(tmp_path):
    r = make(tmp_path)
    with pytest.raises(RecordError):
        r.add("q", "x" * 5001, None)
    assert r.attempts_for("q") == [] and not r.path.exists()


# --- answers kept apart per case; the older layout migrated ----------------------------------
def legacy(folder: Path, name: str, student: str, case: str, answer: str) -> Path:
    rec = Record(student=student, case=case, casekit_version="0.0.9",
                 exercises={"ex": Section("k1", [])})
    path = folder / name
    save(rec, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["exercises"]["ex"]["attempts"] = [{"question": "q", "answer": answer, "correct": True, "attempt": 1,
                                            "time": "2026-01-01T00:00:00+00:00"}]
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_two_cases_keep_their_answers_apart(tmp_path):
    make(tmp_path, case="alpha").add("q", "a", True)
    make(tmp_path, case="beta").add("q", "b", True)
    assert read(tmp_path / "alpha" / "ana.json").exercises["ex"].attempts[0].answer == "a"
    assert read(tmp_path / "beta" / "ana.json").exercises["ex"].attempts[0].answer == "b"
    again = make(tmp_path, case="alpha")
    assert [a.answer for a in again.attempts_for("q")] == ["a"] and "another case" not in again.notice


def test_an_older_file_is_moved_into_its_case_folder_on_first_use(tmp_path):
    old = legacy(tmp_path, "ana.json", "Ana", "alpha", "kept")
    before = old.read_bytes()
    r = make(tmp_path, case="alpha")
    assert not old.exists() and r.path.read_bytes() == before  # moved as it was
    assert [a.answer for a in r.attempts_for("q")] == ["kept"] and "moved" in r.notice
    r.add("q", "more", True)
    assert [a.answer for a in read(r.path).exercises["ex"].attempts] == ["kept", "more"]


def test_an_older_file_of_another_case_is_left_for_that_case(tmp_path):
    """Ana's file for case beta, and her case-alpha answers moved aside by the older version when
    she opened beta: each goes to its own case's folder, nothing is lost."""
    legacy(tmp_path, "ana.json", "Ana", "beta", "beta answer")
    legacy(tmp_path, "ana.other-case-20260101-000000-000000.json", "Ana", "alpha", "alpha answer")
    legacy(tmp_path, "bo.json", "Bo", "alpha", "not hers")
    legacy(tmp_path, "ana.reset-20260102-000000-000000.json", "Ana", "alpha", "before a reset")  # a backup
    a = make(tmp_path, case="alpha")
    assert [x.answer for x in a.attempts_for("q")] == ["alpha answer"]
    assert (tmp_path / "ana.json").exists()  # beta's, still waiting for beta
    b = make(tmp_path, case="beta")
    assert [x.answer for x in b.attempts_for("q")] == ["beta answer"]
    assert names(tmp_path) == ["alpha", "ana.reset-20260102-000000-000000.json", "beta", "bo.json"]


def test_several_older_files_of_one_case_are_merged_and_kept(tmp_path):
    legacy(tmp_path, "ana.json", "Ana", "alpha", "newest")
    old = legacy(tmp_path, "ana.other-case-20260101-000000-000000.json", "Ana", "alpha", "older")
    data = json.loads(old.read_text(encoding="utf-8"))
    data["exercises"]["ex2"] = dict(data["exercises"]["ex"])
    old.write_text(json.dumps(data), encoding="utf-8")
    r = make(tmp_path, case="alpha")
    record = read(r.path)
    assert record.exercises["ex"].attempts[0].answer == "newest" and "ex2" in record.exercises
    kept = [p for p in (tmp_path / "alpha").iterdir() if p.name.endswith(".bak")]
    assert len(kept) == 2 and names(tmp_path) == ["alpha"]


# --- untrusted files --------------------------------------------------------------------------
def record_bytes(attempt_answer: str = '"x"', **top) -> bytes:
    obj = {"format": FORMAT, "student": "a", "case": "c", "casekit_version": "1",
           "exercises": {"e": {"key_checksum": "k", "attempts": []}}}
    obj.update(top)
    text = json.dumps(obj)
    return text.replace('"attempts": []', '"attempts": [{"question": "q", "answer": ' + attempt_answer
                        + ', "correct": true, "attempt": 1}]').encode("utf-8")


@pytest.mark.parametrize("data,reason", [
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"{", "malformed JSON"),
    (b"[]", "expected a JSON object"),
    (b'{"format": "other"}', "format"),
    (record_bytes('{"$eval": 1}'), "'answer'"),
    (record_bytes().replace(b'"correct": true', b'"correct": "yes"'), "'correct'"),
    (b'{"format": "casekit-answers/1", "student": "", "case": "c", "casekit_version": "1", "exercises": {}}', "student"),
    (b"[" * 100000 + b"]" * 100000, "JSON"),
    (record_bytes("1" * 5000), "5,000 digits"),  # int() refuses it with a ValueError
    (record_bytes("NaN"), "NaN"),
    (b'{"format": "casekit-answers/1", "student": "a", "case": "c", "casekit_version": "1", "exercises": {}, '
     b'"x": ' + b"9" * 5000 + b"}", "malformed JSON"),
])
def test_untrusted_records_are_validated(data, reason):
    with pytest.raises(RecordError, match=reason):
        parse(data)


def test_a_byte_order_mark_is_allowed():
    assert parse(b"\xef\xbb\xbf" + record_bytes()).student == "a"


def test_oversized_record_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 10))
    with pytest.raises(RecordError, match="larger than"):
        read(big)


def test_a_folder_or_a_device_named_json_is_refused(tmp_path):
    (tmp_path / "x.json").mkdir()
    with pytest.raises(RecordError, match="a folder"):
        read(tmp_path / "x.json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.json")
        with pytest.raises(RecordError, match="not a regular file"):
            read(tmp_path / "pipe.json")  # and does not block


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.json")), ids=lambda p: p.name)
def test_hostile_corpus_files_are_refused_in_one_line(path):
    with pytest.raises(RecordError) as info:
        read(path)
    assert "\n" not in str(info.value)


# --- resuming a card whose options changed (widget side) ---------------------------------------
def test_a_saved_answer_no_longer_among_the_options_does_not_lock_the_student_out(case, tmp_path):
    pytest.importorskip("ipywidgets")
    from casekit.questions import exercise_questions, key_checksum, select
    from casekit.widgets.quiz import attribution_quiz

    bank = exercise_questions(case, "source-attribution")
    r = Recorder("Ana", case.id, "source-attribution", key_checksum(bank), "0.1.0", folder=tmp_path)
    offered = select(case, "source-attribution", bank).offered  # what the quiz shows for marks
    choice = next(q for q in offered if not q.is_open and not q.is_order)
    order = next((q for q in offered if q.is_order), None)
    r.add(choice.id, "someone-who-moved", False)  # e.g. a person moved to another actor since
    if order is not None:
        r.add(order.id, ["not", "these", "items"], False)
    ex = attribution_quiz(case, folder=tmp_path)
    ex.name.value = "Ana"
    ex.start_button.click()
    assert ex.quiz is not None and "✘" not in ex.message.value
    i = ex.quiz.questions.index(choice)
    card = ex.quiz.card(i)
    assert "no longer among its options" in card.feedback.value and card.choice.value is None
    card.choice.value = choice.answer
    card.check_button.click()
    assert [a.answer for a in r.attempts_for(choice.id)] == ["someone-who-moved"]  # r's own copy
    assert [a.answer for a in read(r.path).exercises["source-attribution"].attempts_for(choice.id)][-1] == choice.answer
    if order is not None:
        ocard = ex.quiz.card(ex.quiz.questions.index(order))
        assert "no longer among its options" in ocard.feedback.value and not ocard.check_button.disabled


def test_a_name_typed_in_decomposed_unicode_still_resumes(tmp_path):
    make(tmp_path, name="Jose\u0301").add("q", "x", True)  # e + combining acute, as some keyboards send
    again = make(tmp_path, name="Jos\u00e9 ")
    assert [a.answer for a in again.attempts_for("q")] == ["x"]


def test_a_folder_that_cannot_be_written_does_not_stop_the_start(tmp_path, monkeypatch):
    import casekit.answers as answers

    def refuse(folder, timeout=0):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(answers, "file_lock", refuse)
    r = make(tmp_path)
    assert "cannot be saved" in r.notice and "Permission denied" in r.notice
    assert "saved in" not in r.start_message() and not r.can_save
    with pytest.raises(OSError):
        r.add("q", "x", True)  # the card shows "could not be saved" and keeps the answer on screen


def test_the_exercise_tells_the_student_when_the_file_was_damaged_meanwhile(case, tmp_path):
    pytest.importorskip("ipywidgets")
    from casekit.widgets.quiz import attribution_quiz

    ex = attribution_quiz(case, folder=tmp_path)
    ex.name.value = "Ana"
    ex.start_button.click()
    card = ex.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    ex.recorder.path.write_bytes(b"\x00garbage")  # damaged while the kernel runs
    ex.quiz.go(1)
    card = ex.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    assert "damaged" in ex.message.value and ".bak" in ex.message.value
    assert len(read(ex.recorder.path).exercises["source-attribution"].attempts) == 2


def test_answers_are_private_and_shared_files_follow_the_umask(tmp_path):
    """A student's answers file is readable by its owner alone; a gradebook, report or figure is
    written with the user's usual permissions, so a web server or a colleague can read it."""
    from casekit.answers import atomic_write

    old = os.umask(0o022)
    try:
        r = make(tmp_path)
        r.add("q1", "a", False)
        shared = tmp_path / "gradebook.csv"
        atomic_write(shared, "student\n")
    finally:
        os.umask(old)
    assert r.path.stat().st_mode & 0o777 == 0o600
    assert shared.stat().st_mode & 0o777 == 0o644


# --- limits shared by the writer and the grader; the fallback lock; damaged files ---------------
def test_a_long_name_in_a_wide_script_is_refused_before_anything_is_written(tmp_path):
    name = "ܐ" * 90  # 90 characters, within MAX_NAME, but 180 bytes in UTF-8 (more with a backup's suffix)
    with pytest.raises(RecordError, match="too long to name a file"):
        make(tmp_path, name=name)
    assert not (tmp_path / "demo").exists() or names(tmp_path / "demo") == []
    r = make(tmp_path, name="ܐ" * 50)  # 100 bytes: fits, and its backups' names fit too
    r.add("q", "x", True)
    assert r.path.is_file() and "saved in" in r.start_message() and "cannot" not in r.start_message()
    r.path.write_text("{damaged", encoding="utf-8")
    r.add("q", "y", True)  # the longest name made: a backup with its time
    assert "damaged" in r.take_warning()


def test_the_writer_never_writes_what_the_grader_refuses_and_warns_before(tmp_path):
    from casekit.answers import MAX_TEXT, NEARLY_FULL

    r = make(tmp_path)
    told = []
    saved = 0
    with pytest.raises(RecordError, match="not saved"):
        for i in range(10_000):
            r.add(f"q{i}", "ب" * MAX_TEXT, None)  # 10 kB of UTF-8 each
            saved += 1
            told.append(r.take_warning())
    size = r.path.stat().st_size
    assert size <= MAX_BYTES and read(r.path).exercises["ex"].attempts[-1].question == f"q{saved - 1}"
    warnings = [t for t in told if t]
    assert len(warnings) == 1 and "nearly full" in warnings[0]  # told once, before it was full
    assert told.index(warnings[0]) < saved - 1
    assert NEARLY_FULL * MAX_BYTES <= size


def test_a_fallback_lock_from_the_future_whose_process_is_gone_is_broken(tmp_path, monkeypatch):
    import time

    import casekit.answers as answers

    monkeypatch.setenv("CASEKIT_LOCK_FALLBACK", "1")
    folder = tmp_path / "demo"
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    held = folder / ".lock.held"
    held.write_text(f"{dead} {answers._HOST}", encoding="utf-8")
    future = time.time() + 30  # a clock that was ahead: inside STALE_LOCK, so its age says nothing
    os.utime(held, (future, future))
    with answers.file_lock(folder, timeout=1.0):
        pass  # broken at once: its process has gone
    # a live process's lock is respected, whatever its time
    held.write_text(f"{os.getppid()} {answers._HOST}", encoding="utf-8")
    os.utime(held, (future, future))
    with pytest.raises(RecordError, match="busy"):
        with answers.file_lock(folder, timeout=0.2):
            pass


def test_reopening_the_other_exercise_after_a_damaged_file_names_the_backup(tmp_path):
    one, two = make(tmp_path, exercise="one"), make(tmp_path, exercise="two")
    one.add("q", "x", True)
    two.add("q", "y", True)
    one.path.write_bytes(b"{damaged\x00")
    one.add("q2", "z", True)  # kept as a backup; the file is written again with exercise one alone
    backup = next(p for p in (tmp_path / "demo").iterdir() if "damaged" in p.name)
    again = make(tmp_path, exercise="two")  # a new kernel opens exercise two
    assert again.section.attempts == [] and backup.name in again.notice


def test_the_exercise_never_says_both_cannot_be_saved_and_saved_in(case, tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    import casekit.answers as answers
    from casekit.widgets import attribution_quiz

    def refuse(folder, timeout=0):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(answers, "file_lock", refuse)
    ex = attribution_quiz(case, folder=tmp_path)
    ex.name.value = "Ana"
    ex.start_button.click()
    assert "cannot be saved" in ex.message.value and "saved in" not in ex.message.value


def test_the_readme_documents_the_answer_file_as_it_is_written():
    """README's "The answer file": its example is a valid record that the writer would write back
    unchanged, and every field the writer writes is explained there."""
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The answer file", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    example = re.search(r"```json\n(.*?)```", section, re.S).group(1)
    record = parse(example.encode("utf-8"))
    assert record.to_json() == json.loads(example)  # no field the writer leaves out, none it adds
    sec = record.exercises["source-attribution"]
    written = {*record.to_json(), *sec.to_json(), *(k for a in sec.attempts for k in a.to_json())}
    explained = set(re.findall(r"`([a-z_]+)`", section))
    assert written <= explained, f"fields written but not explained: {sorted(written - explained)}"
