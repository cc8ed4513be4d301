"""Casefiles from untrusted hands: each hostile or careless input gives one clear line, never a
traceback, a hang, a leak of a file outside the casefile, or a cascade of follow-on errors.

Large inputs are generated here, never committed.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from casekit import CasefileError, load_case
from casekit.casefile import MAX_YAML_DEPTH, closest_passage
from casekit.cli import main

ANN = "annotations/demo-2017-10-01.yaml"
SRC = "sources/demo-2017-10-01.md"
needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs as on POSIX")


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(folder: Path) -> list:
    with pytest.raises(CasefileError) as info:
        load_case(folder)
    return info.value.problems


def one_problem(folder: Path, field: str, words: str, capsys=None):
    """Exactly one problem, with this field and these words; the CLI prints it as one line."""
    problems = problems_of(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].field == field and words in problems[0].message, str(problems[0])
    if capsys is not None:
        capsys.readouterr()
        assert main(["validate", str(folder)]) == 1
        out, err = capsys.readouterr()
        assert out == "" and "Traceback" not in err
        assert err.count("\n") == 2  # the problem, then the count
    return problems[0]


# --- only regular files inside the folder are read ---------------------------------------------


@needs_posix
@pytest.mark.parametrize("file", [SRC, ANN, "case.yaml"])
def test_a_symlink_is_not_followed_nor_its_target_printed(minimal, file, capsys):
    (minimal / file).unlink()
    os.symlink("/etc/passwd", minimal / file)
    problem = one_problem(minimal, "file", "is a symbolic link", capsys)
    assert problem.file.endswith(file) and "root:" not in problem.message and "/bin/" not in problem.message


@needs_posix
def test_a_dangling_symlink_is_one_line(minimal, capsys):
    os.symlink(minimal / "nowhere.md", minimal / "sources" / "extra.md")
    one_problem(minimal, "file", "is a symbolic link", capsys)


@needs_posix
def test_a_symlinked_folder_of_sources_is_refused(minimal, tmp_path):
    outside = tmp_path / "outside"
    (minimal / "sources").rename(outside)
    os.symlink(outside, minimal / "sources")
    problems = problems_of(minimal)
    assert problems[0].field == "file" and "symbolic link" in problems[0].message
    assert not any("unknown source" in p.message for p in problems)


@needs_posix
def test_a_fifo_among_the_sources_does_not_block(minimal):
    os.mkfifo(minimal / "sources" / "pipe.md")
    result: list = []
    worker = threading.Thread(target=lambda: result.append(problems_of(minimal)), daemon=True)
    worker.start()
    worker.join(30)
    assert result, "validate blocked on a FIFO"
    assert [p.field for p in result[0]] == ["file"] and "FIFO" in result[0][0].message


@pytest.mark.parametrize("folder", ["sources/extra.md", "annotations/extra.yaml"])
def test_a_folder_named_like_a_file_is_one_line(minimal, folder, capsys):
    (minimal / folder).mkdir()
    one_problem(minimal, "file", "is a folder, not a file", capsys)


def test_a_folder_named_case_yaml_is_one_line(minimal, capsys):
    (minimal / "case.yaml").unlink()
    (minimal / "case.yaml").mkdir()
    one_problem(minimal, "file", "is a folder, not a file", capsys)


@needs_posix
def test_a_fifo_named_case_yaml_does_not_block(minimal):
    (minimal / "case.yaml").unlink()
    os.mkfifo(minimal / "case.yaml")
    result: list = []
    worker = threading.Thread(target=lambda: result.append(problems_of(minimal)), daemon=True)
    worker.start()
    worker.join(30)
    assert result, "validate blocked on a FIFO"
    assert [p.field for p in result[0]] == ["file"] and "FIFO" in result[0][0].message


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("file", ["case.yaml", ANN])
def test_non_utf8_yaml_is_one_line(minimal, file, capsys):
    path = minimal / file
    path.write_bytes(path.read_bytes().replace(b"State A", b"State \xff").replace(b"minister", b"minist\xe9r", 1))
    problem = one_problem(minimal, "encoding", "not UTF-8", capsys)
    assert problem.line > 1


@pytest.mark.parametrize("file", ["case.yaml", ANN, SRC])
def test_a_byte_order_mark_is_ignored(minimal, file):
    path = minimal / file
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    case = load_case(minimal)
    assert case.source("demo-2017-10-01").text.startswith("The minister said")


# --- wrong types: one error each, no traceback -------------------------------------------------


@pytest.mark.parametrize("file, old, new, field, words", [
    ("case.yaml", "stances:", "terms: 5\nstances:", "case.terms", "expected a list, got the number 5"),
    ("case.yaml", "stances:", "notes: {a: b}\nstances:", "case.notes", "expected a list, got a mapping"),
    ("case.yaml", "    actors: [state-b]", "    actors: [{id: state-b}]", "events[vote-held].actors",
     "expected a list of text, got a list holding a mapping"),
    ("case.yaml", "    actors: [state-b]", "    actors: state-b", "events[vote-held].actors",
     "expected a list of text, got text 'state-b'"),
    ("case.yaml", "actors:\n  - id: state-a", "actors: state-a\nunused:\n  - id: state-a", "case.actors",
     "expected a list, got text 'state-a'"),
    ("case.yaml", "    evidence: [minister-will-not-allow]", "    evidence: minister-will-not-allow",
     "stances[state-a-opposes].evidence", "expected a list, got text"),
    (ANN, "quotes:\n", "quotes: 5\nunused:\n", "annotations.quotes", "expected a list, got the number 5"),
    (ANN, "    date: 2017-10-02\n  - id: officials", "    date: 2017-10-02\n    mentions: [[a, b]]\n  - id: officials",
     "quotes[minister-will-not-allow].mentions", "expected a list of text, got a list holding a list"),
    (ANN, "    occurrence: 1", "    occurrence: " + "9" * 5000, "quotes[officials-mistake].occurrence",
     "expected a whole number"),
])
def test_a_wrong_type_is_one_error(minimal, file, old, new, field, words, capsys):
    edit(minimal, file, old, new)
    problems = problems_of(minimal)
    if field == "case.actors":  # the stray key of the test is reported too, and nothing else
        problems = [p for p in problems if p.field != "case.unused"]
    if field == "annotations.quotes":
        problems = [p for p in problems if p.field != "annotations.unused"]
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].field == field and words in problems[0].message, str(problems[0])
    assert main(["validate", str(minimal)]) == 1
    assert "Traceback" not in capsys.readouterr().err


# --- YAML aliases and nesting ---------------------------------------------------------------------


def test_an_alias_bomb_is_refused_at_once(minimal, capsys):
    lines = ["bomb:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    (minimal / "case.yaml").write_text((minimal / "case.yaml").read_text() + "\n".join(lines) + "\n")
    started = time.monotonic()
    problem = one_problem(minimal, "yaml", "YAML alias (*a0) refused", capsys)
    assert time.monotonic() - started < 10
    assert problem.line == (minimal / "case.yaml").read_text().splitlines().index(lines[2]) + 1


def test_a_self_referencing_alias_is_refused(minimal, capsys):
    edit(minimal, "case.yaml", "stances:", "terms: &t [*t]\nstances:")
    one_problem(minimal, "yaml", "YAML alias (*t) refused", capsys)


@pytest.mark.parametrize("nesting", ["[" * 500 + "]" * 500, "\n" + "".join("  " * (i + 1) + "-\n" for i in range(200))])
def test_deep_nesting_is_refused(minimal, nesting, capsys):
    edit(minimal, "case.yaml", "stances:", f"terms: {nesting}\nstances:")
    one_problem(minimal, "yaml", f"nested more than {MAX_YAML_DEPTH} levels deep", capsys)


# --- a broken annotation file is named once ------------------------------------------------------


@pytest.mark.parametrize("old, new, field", [
    ("quotes:\n", "quotes: [\n", "yaml"),
    ("source: demo-2017-10-01\n", "source: [demo-2017-10-01\n", "yaml"),
    ("source: demo-2017-10-01\n", "", "annotations.source"),
])
def test_a_broken_annotation_file_is_named_once(minimal, old, new, field, capsys):
    """Its quotes are cited in case.yaml: no 'unknown quote' there, no 'no annotated quote' on the source."""
    edit(minimal, ANN, old, new)
    problem = one_problem(minimal, field, "", capsys)
    assert problem.file.endswith(ANN)


def test_a_non_utf8_annotation_file_is_named_once(minimal):
    path = minimal / ANN
    path.write_bytes(path.read_bytes().replace(b"minister-will-not-allow", b"minister-will-n\xf6t-allow"))
    problems = problems_of(minimal)
    assert [p.field for p in problems] == ["encoding"] and problems[0].file.endswith(ANN)


def test_an_unknown_quote_is_still_reported_when_annotations_are_sound(minimal):
    edit(minimal, "case.yaml", "    evidence: [minister-will-not-allow]", "    evidence: [minister-will-allow]")
    assert [p.field for p in problems_of(minimal)] == ["stances[state-a-opposes].evidence"]


# --- the closest-passage search stays fast on huge sources -----------------------------------------


@pytest.mark.slow  # reads a 50 MB source
def test_a_50_mb_source_with_one_bad_quotation_is_checked_in_seconds(minimal):
    paragraph = "Lorem ipsum dolor sit amet, the minister said nothing of note here today. " * 12 + "\n\n"
    filler = paragraph * (50_000_000 // len(paragraph))
    edit(minimal, SRC, "Comment:", filler + "Comment:")
    edit(minimal, ANN, "text: We will not allow it.", "text: We shall not allow it.")
    started = time.monotonic()
    problems = problems_of(minimal)
    elapsed = time.monotonic() - started
    assert elapsed < 20, f"{elapsed:.1f} s"
    assert [p.field for p in problems] == ["quotes[minister-will-not-allow].text"]
    assert "closest passage: '“We will not allow it.”'" in problems[0].message


def test_closest_passage_gives_up_within_its_time_limit():
    text = ("the minister said " * 3_000_000)  # 54 MB, every word an anchor
    started = time.monotonic()
    near = closest_passage(text, "the prime minister said at noon", seconds=1.0)
    assert time.monotonic() - started < 10
    assert near in text and set(near.split()) <= {"the", "minister", "said"}


def test_closest_passage_on_a_huge_text_without_the_needles_words():
    started = time.monotonic()
    assert closest_passage("abc " * 5_000_000, "zzz yyy xxx") == ""
    assert time.monotonic() - started < 10


# --- names and values that would break a terminal line, and oversized files --------------------


def test_newlines_and_terminal_escapes_in_a_casefile_stay_on_one_line(minimal, capsys):
    edit(minimal, "case.yaml", "stances:", '"colour\\nred\\e[31m": 1\nstances:')
    (minimal / "sources" / "bad\x1b[2Jname.md").mkdir()
    problems = problems_of(minimal)
    assert len(problems) == 2
    assert main(["validate", str(minimal)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and err.count("\n") == 3  # two problems and the count
    assert "colour\\x0ared\\x1b[31m" in err and "bad\\x1b[2Jname.md" in err


def test_an_oversized_file_is_refused_before_it_is_read(minimal, monkeypatch):
    from casekit.casefile import safe_files  # where the limits live (the package's names are copies)

    monkeypatch.setattr(safe_files, "MAX_SOURCE_BYTES", 1000)
    monkeypatch.setattr(safe_files, "MAX_YAML_BYTES", 500)
    problems = problems_of(minimal)
    assert sorted(p.file.rsplit("/", 1)[-1] for p in problems) == ["case.yaml"]
    assert "limited to 500 bytes" in problems[0].message
    (minimal / "case.yaml").write_text("id: demo\n")
    edit(minimal, SRC, "Comment:", "x" * 1000 + "\n\nComment:")
    problems = problems_of(minimal)
    assert any(p.file.endswith(SRC) and "limited to 1,000 bytes" in p.message for p in problems)


def test_a_huge_quotation_is_not_compared(minimal):
    edit(minimal, ANN, "text: We will not allow it.", "text: " + "We will not allow it. " * 2000)
    started = time.monotonic()
    problems = problems_of(minimal)
    assert time.monotonic() - started < 10
    assert [p.field for p in problems] == ["quotes[minister-will-not-allow].text"]
    assert "too long to compare" in problems[0].message and len(str(problems[0])) < 300


def test_a_huge_value_gives_a_bounded_line(minimal, capsys):
    edit(minimal, ANN, "    presentation: direct\n    genre: speech", "    presentation: " + "x" * 100_000 + "\n    genre: speech")
    problem = one_problem(minimal, "quotes[minister-will-not-allow].presentation", "xxx… is not one of: direct,")
    assert len(problem.message) < 200
