"""Answer records: safe names, atomic saves, validation of untrusted files, resume, reset."""
from __future__ import annotations

import json

import pytest

from casekit.answers import MAX_BYTES, RecordError, Recorder, parse, read, safe_name


def make(folder, name="Ana", exercise="ex", checksum="k1", case="demo"):
    return Recorder(name, case, exercise, checksum, "0.1.0", folder=folder)


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
    data = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
    attempts = data["exercises"]["ex"]["attempts"]
    assert [(a["answer"], a["correct"], a["attempt"]) for a in attempts] == [("a", False, 1), ("b", True, 2)]
    assert data["case"] == "demo" and data["casekit_version"] == "0.1.0"
    again = make(tmp_path)
    assert [a.answer for a in again.attempts_for("q1")] == ["a", "b"] and "2 saved" in again.notice


def test_no_temporary_files_are_left(tmp_path):
    r = make(tmp_path)
    for i in range(5):
        r.add(f"q{i}", "x", True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.json"]


def test_two_exercises_share_one_file_without_clobbering(tmp_path):
    a = make(tmp_path, exercise="one")
    b = make(tmp_path, exercise="two")
    a.add("q", "x", True)
    b.add("q", "y", False)
    a.add("q2", "z", True)
    data = read(tmp_path / "ana.json")
    assert set(data.exercises) == {"one", "two"}
    assert len(data.exercises["one"].attempts) == 2 and len(data.exercises["two"].attempts) == 1


def test_changed_key_keeps_old_answers_in_a_backup(tmp_path):
    make(tmp_path).add("q", "x", True)
    r = make(tmp_path, checksum="k2")
    assert r.attempts_for("q") == [] and "changed" in r.notice
    backups = [p for p in tmp_path.iterdir() if "old-key" in p.name]
    assert len(backups) == 1 and read(backups[0]).exercises["ex"].attempts[0].answer == "x"


def test_another_students_file_is_not_taken_over(tmp_path):
    make(tmp_path, name="Ana Lima").add("q", "x", True)
    with pytest.raises(RecordError, match="another name"):
        make(tmp_path, name="ana lima!")


def test_unreadable_file_is_kept_aside(tmp_path):
    (tmp_path / "ana.json").write_text("{not json", encoding="utf-8")
    r = make(tmp_path)
    assert "could not be read" in r.notice
    assert any("unreadable" in p.name for p in tmp_path.iterdir())


def test_reset_keeps_a_copy(tmp_path):
    r = make(tmp_path)
    r.add("q", "x", True)
    backup = r.reset()
    assert backup.exists() and read(backup).exercises["ex"].attempts
    assert read(tmp_path / "ana.json").exercises["ex"].attempts == []


def test_overlong_text_is_refused_and_not_saved(tmp_path):
    r = make(tmp_path)
    with pytest.raises(RecordError):
        r.add("q", "x" * 5001, None)
    assert r.attempts_for("q") == [] and not (tmp_path / "ana.json").exists()


@pytest.mark.parametrize("data,reason", [
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"{", "malformed JSON"),
    (b"[]", "expected a JSON object"),
    (b'{"format": "other"}', "format"),
    (b'{"format": "casekit-answers/1", "student": "a", "case": "c", "casekit_version": "1", "exercises": {"e": {"key_checksum": "k", "attempts": [{"question": "q", "answer": {"$eval": 1}, "correct": true, "attempt": 1}]}}}', "'answer'"),
    (b'{"format": "casekit-answers/1", "student": "a", "case": "c", "casekit_version": "1", "exercises": {"e": {"key_checksum": "k", "attempts": [{"question": "q", "answer": "x", "correct": "yes", "attempt": 1}]}}}', "'correct'"),
    (b'{"format": "casekit-answers/1", "student": "", "case": "c", "casekit_version": "1", "exercises": {}}', "student"),
    (b"[" * 100000 + b"]" * 100000, "JSON"),
])
def test_untrusted_records_are_validated(data, reason):
    with pytest.raises(RecordError, match=reason):
        parse(data)


def test_oversized_record_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 10))
    with pytest.raises(RecordError, match="larger than"):
        read(big)
