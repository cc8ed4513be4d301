"""The student's answer record: every attempt, saved atomically as JSON, reloaded on the next run.

Records are kept per case, in ``answers/<case-id>/<student>.json``; a file of the older layout
(``answers/<student>.json``) is moved there the first time its case is opened. Every save re-reads
the file under a lock and adds to what is on disk, so two kernels saving at once lose nothing.

Records are untrusted when read back (by the notebook or by the grader): size and number of
entries are bounded and the structure is validated; nothing in them is ever executed.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import socket
import tempfile
import time as _time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from dataclasses import replace as dataclasses_replace
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Optional

from .helpers import printable

try:  # an advisory lock where the platform has one; a lock file otherwise (see file_lock)
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]

FORMAT = "casekit-answers/1"
MAX_BYTES = 1_000_000
MAX_ATTEMPTS = 5_000
MAX_TEXT = 5_000  # characters of one written answer
MAX_NAME = 100
MAX_NAME_BYTES = 120  # UTF-8 bytes of a name's file-name stem: with ".json", a backup's ".<why>-<time>" and a
#                       temporary file's prefix and suffix the longest name made stays under the usual 255
NEARLY_FULL = 0.8  # the student is told once the answers file passes this share of MAX_BYTES
MAX_ID = 100  # characters of a case id, a version, an exercise name or a checksum
LOCK_TIMEOUT = 30.0  # seconds to wait for another kernel's save before giving up with a message
STALE_LOCK = 60.0  # a fallback lock file older than this was left by a writer that died
BACKUP_SUFFIX = ".bak"  # backups are kept beside the record and never taken for a record by the grader


class RecordError(Exception):
    """An answer record that cannot be used; the message says why, in one line."""


class Attempt(NamedTuple):
    """One check of one answer (a NamedTuple: graders build hundreds of thousands of them)."""

    question: str
    answer: object  # a choice value, a list of item values, or written text
    correct: Optional[bool]
    attempt: int
    time: str
    revealed: bool = False  # the feedback on this attempt showed the right answer

    def to_json(self) -> dict:
        out = {"question": self.question, "answer": self.answer, "correct": self.correct,
               "attempt": self.attempt, "time": self.time}
        if self.revealed:
            out["revealed"] = True
        return out


@dataclass
class Section:
    """One exercise's part of a record: the answer key it was made against, and the attempts."""

    key_checksum: str
    attempts: list[Attempt] = field(default_factory=list)
    offered: Optional[list[str]] = None  # the marked questions the student was offered (None: records made before)

    def to_json(self) -> dict:
        out = {"key_checksum": self.key_checksum, "attempts": [a.to_json() for a in self.attempts]}
        if self.offered is not None:
            out["offered"] = list(self.offered)
        return out

    def copy(self) -> "Section":
        """A copy whose attempt list can be changed without changing this one."""
        return dataclasses_replace(self, attempts=list(self.attempts))

    def attempts_for(self, question: str) -> list[Attempt]:
        return [a for a in self.attempts if a.question == question]


def merge_offered(section: Section, offered: Optional[list[str]]) -> Optional[list[str]]:
    """What a student has been offered, now and before (a record made before this was kept: what it answered)."""
    if offered is None:
        return section.offered
    before = section.offered if section.offered is not None else [a.question for a in section.attempts]
    return list(dict.fromkeys([*before, *offered]))


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
    safe = safe.lower()
    if len(safe.encode("utf-8")) > MAX_NAME_BYTES:
        raise RecordError("the name is too long to name a file (in this script, fewer characters fit); "
                          "type a shorter form of it, such as your given name and family name")
    return safe


def answers_dir(base: Optional[os.PathLike] = None) -> Path:
    """Where records are kept: $CASEKIT_ANSWERS_DIR, or answers/ beside the running notebook."""
    if base is not None:
        return Path(base)
    env = os.environ.get("CASEKIT_ANSWERS_DIR")
    return Path(env) if env else Path.cwd() / "answers"


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def atomic_write(path: Path, text: "str | bytes", private: bool = False) -> None:
    """Write text (or bytes) to path so that a reader sees the old file or the new one, never half of one.

    A private file (a student's answers) is readable by its owner alone; any other file (figures,
    reports, gradebooks, meant to be shared) gets the permissions the user's umask gives.
    """
    atomic_write_bytes(path, text if isinstance(text, bytes) else text.encode("utf-8"), private=private)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes, private: bool = False) -> None:
    """Write bytes to path so that a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mode 0600
    try:
        if not private:
            os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def encode(record: Record) -> bytes:
    """A record as the bytes of its file; RecordError if the grader (``read``) would refuse them."""
    if sum(len(x.attempts) for x in record.exercises.values()) > MAX_ATTEMPTS:
        raise RecordError(f"more than {MAX_ATTEMPTS} attempts; start a new record")
    data = (json.dumps(record.to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if len(data) > MAX_BYTES:
        raise RecordError(f"the answers file would pass {MAX_BYTES:,} bytes, the most that is graded, so this "
                          "answer was not saved; shorten your written answers, or ask your instructor")
    return data


def save(record: Record, path: Path) -> int:
    """Write a record (never larger than the grader reads); return its size in bytes."""
    data = encode(record)
    atomic_write_bytes(path, data, private=True)
    return len(data)


def nearly_full(size: int) -> str:
    """What a student is told once the answers file is nearly as large as the grader reads ('' before)."""
    if size < NEARLY_FULL * MAX_BYTES:
        return ""
    return (f"Your answers file is nearly full ({size / MAX_BYTES:.0%} of the {MAX_BYTES:,} bytes that are graded): "
            "keep written answers short; once it is full, further answers are not saved.")


def _need(obj: dict, key: str, kind, where: str):
    if key not in obj:
        raise RecordError(f"{where}: missing '{key}'")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RecordError(f"{where}: '{key}' has the wrong type")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _bounded_int(digits: str) -> int:
    if len(digits) > 20:
        raise ValueError(f"a number of {len(digits):,} digits")
    return int(digits)


def parse(data: bytes) -> Record:
    """Validate untrusted bytes as an answer record (bounded, structure checked, never executed)."""
    if len(data) > MAX_BYTES:
        raise RecordError(f"file is larger than {MAX_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")  # a byte order mark, as some editors write, is allowed
    except UnicodeDecodeError:
        raise RecordError("not UTF-8 text (binary data?)") from None
    try:
        obj = json.loads(text, parse_constant=_no_constant, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise RecordError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise RecordError("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # a huge number, NaN, or another value JSON parsing refuses
        raise RecordError(f"malformed JSON: {exc}") from None
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
    case = _need(obj, "case", str, "record")
    version = _need(obj, "casekit_version", str, "record")
    if len(case) > MAX_ID or len(version) > MAX_ID:
        raise RecordError(f"record: 'case' or 'casekit_version' is longer than {MAX_ID} characters")
    sections = {}
    for name, sec in sections_raw.items():
        if len(name) > MAX_ID:
            raise RecordError(f"record: an exercise name is longer than {MAX_ID} characters")
        where = f"exercises[{name!r}]"
        if not isinstance(sec, dict):
            raise RecordError(f"{where}: not an object")
        checksum = _need(sec, "key_checksum", str, where)
        if len(checksum) > MAX_ID:
            raise RecordError(f"{where}: 'key_checksum' is longer than {MAX_ID} characters")
        offered = sec.get("offered")
        if offered is not None and not (type(offered) is list and len(offered) <= MAX_ATTEMPTS
                                        and all(type(x) is str and len(x) <= 200 for x in offered)):
            raise RecordError(f"{where}: 'offered' must be a list of question ids")
        sections[name] = Section(key_checksum=checksum,
                                 attempts=_parse_attempts(_need(sec, "attempts", list, where), name),
                                 offered=offered)
    return Record(student=student, case=case, casekit_version=version, exercises=sections)


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
        revealed = a.get("revealed", False)
        if not problem and type(revealed) is not bool:
            problem = "'revealed' must be true or false"
        if problem:
            raise RecordError(f"exercises[{exercise!r}].attempts[{i}]: {problem}")
        time = a.get("time", "")
        append(Attempt(question, answer, correct, number, time[:40] if type(time) is str else "", revealed))
    return attempts


def read(path: Path) -> Record:
    """Read and validate a record file, reading at most MAX_BYTES + 1 bytes of a regular file."""
    path = Path(path)
    if path.is_dir():
        raise RecordError("a folder, not an answer file")
    if path.exists() and not path.is_file():
        raise RecordError("not a regular file")
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    return parse(data)


@contextmanager
def file_lock(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the folder's lock: an advisory ``fcntl.flock`` on ``folder/.lock`` where the platform and
    the file system offer one, otherwise a lock file made with O_EXCL (``folder/.lock.held``),
    broken when older than STALE_LOCK seconds (its writer died)."""
    folder.mkdir(parents=True, exist_ok=True)
    if _fcntl is not None and not os.environ.get("CASEKIT_LOCK_FALLBACK"):
        fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if _flock(fd, timeout):
                try:
                    yield
                finally:
                    _fcntl.flock(fd, _fcntl.LOCK_UN)
                return
        finally:
            os.close(fd)
    with _lock_file(folder / ".lock.held", timeout):
        yield


def _busy() -> RecordError:
    return RecordError("the answers file is busy (another notebook is saving); try again in a moment")


def _flock(fd: int, timeout: float) -> bool:
    """True once locked; False where the file system offers no locks; RecordError after timeout."""
    deadline = _time.monotonic() + timeout
    while True:
        try:
            _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if _time.monotonic() > deadline:
                raise _busy() from None
            _time.sleep(0.002)
        except OSError:  # e.g. ENOLCK on a network mount without locks
            return False


_HOST = socket.gethostname()[:200]


def _stale(path: Path) -> bool:
    """Whether a fallback lock file was left by a writer that is gone: its process (on this machine)
    no longer runs, or its time is more than STALE_LOCK away from now, past or future (a clock
    that was wrong when it was made must not keep it forever)."""
    if abs(_time.time() - path.stat().st_mtime) > STALE_LOCK:
        return True
    try:
        pid_text, _, host = path.read_text(encoding="utf-8", errors="replace")[:300].partition(" ")
        pid = int(pid_text)
    except (ValueError, OSError):
        return False  # being written this moment, or not ours to judge: wait for its time to pass
    if host != _HOST or pid <= 0 or pid == os.getpid():
        return False  # another machine's process (or one of our own threads): only its age can tell
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but another user's
        return False
    return False


@contextmanager
def _lock_file(path: Path, timeout: float) -> Iterator[None]:
    deadline = _time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.write(fd, f"{os.getpid()} {_HOST}".encode("utf-8", "replace"))
            os.close(fd)
            break
        except FileExistsError:
            try:
                if _stale(path):
                    path.unlink()
                    continue
            except FileNotFoundError:
                continue
            if _time.monotonic() > deadline:
                raise _busy() from None
            _time.sleep(0.002)
    try:
        yield
    finally:
        try:
            path.unlink()
        except FileNotFoundError:  # pragma: no cover - broken as stale by another writer
            pass


def case_folder(case_id: str, base: Optional[os.PathLike] = None) -> Path:
    """The folder of one case's records: answers/<case-id>/."""
    return answers_dir(base) / safe_name(case_id)


def backup_path(path: Path, why: str) -> Path:
    """A new name beside path for a backup: <stem>.<why>-<time>.json.bak (never graded)."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return path.with_name(f"{path.stem}.{why}-{stamp}{path.suffix}{BACKUP_SUFFIX}")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the hidden .tmp files a killed writer left (call only while holding the folder's lock)."""
    gone = []
    for tmp in folder.glob(".*.tmp"):
        try:
            if tmp.is_file():
                tmp.unlink()
                gone.append(tmp)
        except OSError:  # pragma: no cover - removed meanwhile, or not ours to remove
            pass
    return gone


def _name(student: str) -> str:
    """A name as compared: surrounding spaces off, composed (NFC) Unicode."""
    return unicodedata.normalize("NFC", student.strip())


class Recorder:
    """One student's answers to one exercise, kept in answers/<case-id>/<student>.json.

    Every change is made under the folder's lock to the record as it is on disk at that moment
    (re-read, changed, written atomically), so exercises and kernels saving at once lose nothing.
    A file damaged or removed meanwhile is kept as a backup and written again from what this
    kernel holds; ``take_warning()`` then returns what the student should be told.
    """

    def __init__(self, student: str, case_id: str, exercise: str, checksum: str, version: str,
                 folder: Optional[os.PathLike] = None, offered: Optional[list[str]] = None):
        stem = safe_name(student)
        self.student = _name(student)
        self.root = answers_dir(folder)
        self.folder = case_folder(case_id, folder)
        self.path = self.folder / f"{stem}.json"
        self._claim = self.folder / f".{stem}.owner"
        self.case_id, self.exercise, self.checksum, self.version = case_id, exercise, checksum, version
        self.section = Section(key_checksum=checksum)
        self.notice = ""
        self.can_save = True  # False when the folder cannot be written: say nothing of where answers are saved
        self.size = 0  # bytes of the answers file at the last save
        self._told_full = False
        self.offered = offered  # the questions this exercise offers now (None: not recorded)
        self._warnings: list[str] = []
        try:
            with file_lock(self.folder):
                remove_stale_temporaries(self.folder)
                moved = self._migrate()
                self._resume()
                self.section.offered = merge_offered(self.section, offered)
        except OSError as exc:  # e.g. a read-only folder: the student may still answer, and is told
            self.can_save = False
            self.notice = (f"Your answers cannot be saved here ({exc.strerror or exc}): you can answer, but "
                           "nothing is kept; ask your instructor where to open this notebook.")
            return
        if moved and not self.notice.startswith("Your saved answers could not"):
            self.notice = (f"{self.notice} Answers are now kept per case: your earlier file was "
                           f"moved to {self.path.parent.name}/{self.path.name}.").strip()

    # --- start ------------------------------------------------------------------------------
    def _mine(self, record: Record) -> bool:
        """Whether a record is this student's: the same name, as typed (Unicode-normalised)."""
        return _name(record.student) == self.student

    def _taken(self) -> RecordError:
        return RecordError(
            f"the answers file {self.path.name} already belongs to a name written differently; if it is "
            "yours, type your name exactly as you did before (same capitals, spaces and accents), "
            "otherwise add something that tells you apart, such as your student number")

    def _resume(self) -> None:
        if not self.path.exists():
            self._claim_name()
            return
        try:
            old = read(self.path)
        except (RecordError, OSError) as exc:
            backup = self._backup("unreadable")
            self.notice = (f"Your saved answers could not be read ({printable(exc)}); they were kept as "
                           f"{backup.name}, and you start afresh.")
            self._claim_name()
            return
        if not self._mine(old):
            raise self._taken()
        if old.case != self.case_id:
            backup = self._backup("other-case")
            self.notice = f"The saved answers were for another case; they were kept as {backup.name}."
            return
        section = old.exercises.get(self.exercise)
        if section is None:
            kept = self._damaged_backups()
            if kept:
                self.notice = (f"This exercise has no saved answers in your answers file. A damaged copy of the "
                               f"file was kept earlier as {kept[-1].name}; if you had answered here before, "
                               "your instructor can recover your answers from it.")
            return
        if section.key_checksum != self.checksum:
            backup = self._backup("old-key", keep=True)
            self.notice = (f"The exercise has changed since your answers were saved; they were kept in "
                           f"{backup.name} and you start this exercise afresh.")
            return
        self.section = section
        questions = len({a.question for a in section.attempts})
        self.notice = (f"Welcome back, {self.student}: your answers to {questions} "
                       f"question{'' if questions == 1 else 's'} were reloaded.")

    def _damaged_backups(self) -> list[Path]:
        """The backups of this student's file that were kept because it could not be read, oldest first."""
        stem = self.path.stem
        return sorted((p for why in ("damaged", "unreadable")
                       for p in self.folder.glob(f"{stem}.{why}-*{self.path.suffix}{BACKUP_SUFFIX}")),
                      key=lambda p: p.name.rsplit("-", 3)[-3:])

    def start_message(self) -> str:
        """What the student is told at the start: the notice, and where answers are saved only if they are."""
        where = f" Your answers are saved in {self.path}." if self.can_save else ""
        return f"{self.notice}{where}".strip()

    def _claim_name(self) -> None:
        """Reserve the file name for this name until the first answer is saved (under the lock), so
        two names that map to one file cannot both start."""
        try:
            owner = self._claim.read_text(encoding="utf-8")[: MAX_NAME * 4]
        except FileNotFoundError:
            atomic_write(self._claim, self.student, private=True)
            return
        except (OSError, UnicodeDecodeError):
            owner = None
        if owner is not None and _name(owner) != self.student:
            raise self._taken()
        if owner is None:
            atomic_write(self._claim, self.student, private=True)

    def _migrate(self) -> bool:
        """Move this student's records of this case from the older layout (answers/<student>.json,
        and the whole records moved aside when another case was opened) into answers/<case-id>/.
        Nothing is lost: one file is moved as it is; several are merged, each exercise taken from
        the newest file that has it, and the originals are kept beside it as backups (.bak)."""
        if self.path.exists() or not self.root.is_dir():
            return False
        stem = self.path.stem
        # the record itself, and whole records the older version moved aside when another case was
        # opened (newest first; their names end in the time). Other backups stay where they are.
        candidates = [self.root / f"{stem}.json"] + sorted(self.root.glob(f"{stem}.other-case-*.json"), reverse=True)
        found: list[tuple[Path, Record]] = []
        for legacy in candidates:
            try:
                if not legacy.is_file():
                    continue
                record = read(legacy)
            except (RecordError, OSError):
                continue
            if record.case == self.case_id and self._mine(record):
                found.append((legacy, record))
        if not found:
            return False
        if len(found) == 1:
            os.replace(found[0][0], self.path)
            return True
        merged = found[0][1]
        for _, record in found[1:]:
            for name, section in record.exercises.items():
                merged.exercises.setdefault(name, section)
        save(merged, self.path)
        for legacy, _ in found:
            os.replace(legacy, backup_path(self.path, f"migrated-{legacy.stem.replace('.', '-')}"))
        return True

    def _backup(self, why: str, keep: bool = False) -> Path:
        backup = backup_path(self.path, why)
        if keep:
            with open(self.path, "rb") as f:
                data = f.read()
            atomic_write_bytes(backup, data, private=True)
        else:
            os.replace(self.path, backup)
        return backup

    # --- saving -----------------------------------------------------------------------------
    def _change(self, change: Callable[[Section], object]) -> object:
        """Apply change to this exercise's section of the record as it is on disk now, and save."""
        with file_lock(self.folder):
            remove_stale_temporaries(self.folder)
            record = self._current_record()
            on_disk = record.exercises.get(self.exercise)
            if on_disk is not None and on_disk.key_checksum == self.checksum:
                section = on_disk.copy()
                section.offered = merge_offered(section, self.offered)
            else:  # missing on disk (first answer, or the file was damaged or removed): what we hold
                section = self.section.copy()
                section.key_checksum = self.checksum
            result = change(section)
            record.exercises[self.exercise] = section
            record.casekit_version = self.version
            self.size = save(record, self.path)
            if not self._told_full and nearly_full(self.size):
                self._told_full = True
                self._warnings.append(nearly_full(self.size))
            try:
                self._claim.unlink()
            except FileNotFoundError:
                pass
            self.section = section
            return result

    def _current_record(self) -> Record:
        """The record on disk, for a save under the lock; a damaged one is kept as a backup first."""
        fresh = Record(student=self.student, case=self.case_id, casekit_version=self.version)
        if not self.path.exists():
            if self.section.attempts:
                self._warnings.append(f"Your answers file {self.path.name} had gone; it was written again "
                                      "with this exercise's answers.")
            return fresh
        try:
            record = read(self.path)
        except (RecordError, OSError) as exc:
            backup = self._backup("damaged")
            self._warnings.append(
                f"Your answers file was damaged while this notebook was open ({printable(exc)}). The damaged "
                f"file was kept as {backup.name}, and this exercise's answers were saved again; answers to "
                "other exercises are saved again the next time you answer there.")
            return fresh
        if not self._mine(record):
            raise self._taken()
        if record.case != self.case_id:
            backup = self._backup("other-case")
            self._warnings.append(f"Your answers file held another case's answers; they were kept as {backup.name}.")
            return fresh
        return record

    def take_warning(self) -> str:
        """What went wrong with the file at the last saves (and was repaired), once; '' if nothing."""
        text = " ".join(self._warnings)
        self._warnings.clear()
        return text

    def attempts_for(self, question: str) -> list[Attempt]:
        return self.section.attempts_for(question)

    def add(self, question: str, answer: object, correct: Optional[bool], revealed: bool = False) -> Attempt:
        if isinstance(answer, str) and len(answer) > MAX_TEXT:
            raise RecordError(f"the answer is longer than {MAX_TEXT} characters")
        answer = list(answer) if isinstance(answer, tuple) else answer

        def append(section: Section) -> Attempt:
            attempt = Attempt(question=question, answer=answer, correct=correct,
                              attempt=len(section.attempts_for(question)) + 1, time=now(), revealed=revealed)
            section.attempts.append(attempt)
            return attempt

        return self._change(append)  # type: ignore[return-value]

    def reset(self) -> Optional[Path]:
        """Start this exercise afresh; the whole file is first copied to a backup, whose path is returned."""
        backup: list[Path] = []

        def clear(section: Section) -> None:
            if self.path.exists():
                backup.append(self._backup("reset", keep=True))
            section.attempts = []

        self._change(clear)
        return backup[0] if backup else None
