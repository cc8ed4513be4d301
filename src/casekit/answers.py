"""The student's answer record: every attempt, saved atomically as JSON, reloaded on the next run.

Records are untrusted when read back (by the notebook or by the grader): size and number of
entries are bounded and the structure is validated; nothing in them is ever executed.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Optional

FORMAT = "casekit-answers/1"
MAX_BYTES = 1_000_000
MAX_ATTEMPTS = 5_000
MAX_TEXT = 5_000  # characters of one written answer
MAX_NAME = 100


class RecordError(Exception):
    """An answer record that cannot be used; the message says why, in one line."""


class Attempt(NamedTuple):
    """One check of one answer (a NamedTuple: graders build hundreds of thousands of them)."""

    question: str
    answer: object  # a choice value, a list of item values, or written text
    correct: Optional[bool]
    attempt: int
    time: str

    def to_json(self) -> dict:
        return {"question": self.question, "answer": self.answer, "correct": self.correct,
                "attempt": self.attempt, "time": self.time}


@dataclass
class Section:
    """One exercise's part of a record: the answer key it was made against, and the attempts."""

    key_checksum: str
    attempts: list[Attempt] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"key_checksum": self.key_checksum, "attempts": [a.to_json() for a in self.attempts]}

    def attempts_for(self, question: str) -> list[Attempt]:
        return [a for a in self.attempts if a.question == question]


@dataclass
class Record:
    """A student's answers to the exercises of one case: one file, one section per exercise."""

    student: str
    case: str
    casekit_version: str
    exercises: dict[str, Section] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"format": FORMAT, "student": self.student, "case": self.case,
                "casekit_version": self.casekit_version,
                "exercises": {k: v.to_json() for k, v in sorted(self.exercises.items())}}


def safe_name(student: str) -> str:
    """A file name for a student's name: letters and digits of any script kept, no path parts."""
    if not isinstance(student, str):
        raise RecordError("the name must be text")
    name = unicodedata.normalize("NFKC", student).strip()
    if not name:
        raise RecordError("type your name first")
    if len(name) > MAX_NAME:
        raise RecordError(f"the name is longer than {MAX_NAME} characters")
    safe = "".join(ch if (ch.isalnum() or ch in "-_") else "-" for ch in name)
    safe = re.sub(r"-{2,}", "-", safe).strip("-_")
    if not safe:
        raise RecordError("the name needs at least one letter or digit")
    return safe.lower()


def answers_dir(base: Optional[os.PathLike] = None) -> Path:
    """Where records are kept: $CASEKIT_ANSWERS_DIR, or answers/ beside the running notebook."""
    if base is not None:
        return Path(base)
    env = os.environ.get("CASEKIT_ANSWERS_DIR")
    return Path(env) if env else Path.cwd() / "answers"


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write text (or bytes) to path so that a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save(record: Record, path: Path) -> None:
    if sum(len(x.attempts) for x in record.exercises.values()) > MAX_ATTEMPTS:
        raise RecordError(f"more than {MAX_ATTEMPTS} attempts; start a new record")
    atomic_write(path, json.dumps(record.to_json(), ensure_ascii=False, indent=1) + "\n")


def _need(obj: dict, key: str, kind, where: str):
    if key not in obj:
        raise RecordError(f"{where}: missing '{key}'")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RecordError(f"{where}: '{key}' has the wrong type")
    return value


def parse(data: bytes) -> Record:
    """Validate untrusted bytes as an answer record (bounded, structure checked, never executed)."""
    if len(data) > MAX_BYTES:
        raise RecordError(f"file is larger than {MAX_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError("not UTF-8 text (binary data?)") from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise RecordError("malformed JSON: nested too deeply") from None
    if not isinstance(obj, dict):
        raise RecordError("not an answer record (expected a JSON object)")
    if obj.get("format") != FORMAT:
        raise RecordError(f"not an answer record (format is not {FORMAT!r})")
    student = _need(obj, "student", str, "record")
    if not student.strip() or len(student) > MAX_NAME:
        raise RecordError("record: 'student' is empty or too long")
    sections_raw = _need(obj, "exercises", dict, "record")
    if len(sections_raw) > 20:
        raise RecordError("record: too many exercises")
    total = sum(len(v.get("attempts", [])) if isinstance(v, dict) and isinstance(v.get("attempts"), list) else 0
                for v in sections_raw.values())
    if total > MAX_ATTEMPTS:
        raise RecordError(f"record: more than {MAX_ATTEMPTS} attempts")
    sections = {}
    for name, sec in sections_raw.items():
        if not isinstance(sec, dict):
            raise RecordError(f"exercises[{name!r}]: not an object")
        sections[name] = Section(key_checksum=_need(sec, "key_checksum", str, f"exercises[{name!r}]"),
                                 attempts=_parse_attempts(_need(sec, "attempts", list, f"exercises[{name!r}]"), name))
    return Record(student=student, case=_need(obj, "case", str, "record"),
                  casekit_version=_need(obj, "casekit_version", str, "record"), exercises=sections)


def _parse_attempts(raw: list, exercise: str) -> list[Attempt]:
    attempts = []
    append = attempts.append
    for i, a in enumerate(raw):
        if type(a) is not dict:
            raise RecordError(f"exercises[{exercise!r}].attempts[{i}]: not an object")
        question, answer, correct, number = a.get("question"), a.get("answer"), a.get("correct"), a.get("attempt")
        problem = ""
        if type(question) is not str or len(question) > 200:
            problem = "'question' must be text of at most 200 characters"
        elif type(answer) is str:
            if len(answer) > MAX_TEXT:
                problem = f"'answer' is longer than {MAX_TEXT} characters"
        elif type(answer) is list:
            if len(answer) > 100 or not all(type(x) is str and len(x) <= 200 for x in answer):
                problem = "'answer' list is malformed"
        else:
            problem = f"'answer' must be text of at most {MAX_TEXT} characters or a list"
        if not problem and correct is not None and type(correct) is not bool:
            problem = "'correct' must be true, false or null"
        if not problem and (type(number) is not int or number < 1):
            problem = "'attempt' must be a whole number, 1 or more"
        if problem:
            raise RecordError(f"exercises[{exercise!r}].attempts[{i}]: {problem}")
        time = a.get("time", "")
        append(Attempt(question, answer, correct, number, time[:40] if type(time) is str else ""))
    return attempts


def read(path: Path) -> Record:
    """Read and validate a record file, reading at most MAX_BYTES + 1 bytes."""
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    return parse(data)


class Recorder:
    """One student's answers to one exercise, kept in answers/<student>.json: add, resume, reset.

    Every add re-reads the file and rewrites it atomically with this exercise's section replaced,
    so two exercise notebooks open at once do not overwrite each other's answers.
    """

    def __init__(self, student: str, case_id: str, exercise: str, checksum: str, version: str,
                 folder: Optional[os.PathLike] = None):
        self.student = student.strip()
        self.path = answers_dir(folder) / f"{safe_name(student)}.json"
        self.case_id, self.exercise, self.checksum, self.version = case_id, exercise, checksum, version
        self.section = Section(key_checksum=checksum)
        self.notice = ""
        if self.path.exists():
            self._resume()

    def _on_disk(self) -> Optional[Record]:
        if not self.path.exists():
            return None
        return read(self.path)

    def _resume(self) -> None:
        try:
            old = read(self.path)
        except (RecordError, OSError) as exc:
            backup = self._backup("unreadable")
            self.notice = f"Your saved answers could not be read ({exc}); they were kept as {backup.name}."
            return
        if old.student != self.student:
            raise RecordError(f"answers for another name ({old.student!r}) are saved under this file name; "
                              f"type your name exactly as before, or make it different")
        if old.case != self.case_id:
            backup = self._backup("other-case")
            self.notice = f"The saved answers were for another case; they were kept as {backup.name}."
            return
        section = old.exercises.get(self.exercise)
        if section is None:
            return
        if section.key_checksum != self.checksum:
            backup = self._backup("old-key", keep=True)
            self.notice = (f"The exercise has changed since your answers were saved; they were kept in "
                           f"{backup.name} and you start this exercise afresh.")
            return
        self.section = section
        self.notice = f"Welcome back, {self.student}: {len(section.attempts)} saved answer(s) reloaded."

    def _backup(self, why: str, keep: bool = False) -> Path:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup = self.path.with_name(f"{self.path.stem}.{why}-{stamp}.json")
        if keep:
            atomic_write(backup, self.path.read_text(encoding="utf-8"))
        else:
            os.replace(self.path, backup)
        return backup

    def _write(self) -> None:
        try:
            record = self._on_disk()
        except (RecordError, OSError):
            record = None
        if record is None or record.student != self.student or record.case != self.case_id:
            record = Record(student=self.student, case=self.case_id, casekit_version=self.version)
        record.casekit_version = self.version
        record.exercises[self.exercise] = self.section
        save(record, self.path)

    def attempts_for(self, question: str) -> list[Attempt]:
        return self.section.attempts_for(question)

    def add(self, question: str, answer: object, correct: Optional[bool]) -> Attempt:
        if isinstance(answer, str) and len(answer) > MAX_TEXT:
            raise RecordError(f"the answer is longer than {MAX_TEXT} characters")
        attempt = Attempt(question=question, answer=list(answer) if isinstance(answer, tuple) else answer,
                          correct=correct, attempt=len(self.attempts_for(question)) + 1, time=now())
        self.section.attempts.append(attempt)
        try:
            self._write()
        except BaseException:
            self.section.attempts.pop()
            raise
        return attempt

    def reset(self) -> Optional[Path]:
        """Start this exercise afresh; the whole file is first copied to a backup, whose path is returned."""
        backup = self._backup("reset", keep=True) if self.path.exists() else None
        self.section = Section(key_checksum=self.checksum)
        self._write()
        return backup
