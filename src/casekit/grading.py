"""Grade answer records against a Case: a gradebook, and what the class found hard.

Records are untrusted data: read with bounds and validated (``casekit.answers.parse``), never
executed. Every bad file is named with its reason (on one line, with anything unprintable in it
escaped), and the others are still graded. Every answer is marked again against the casefile, and
every balance verdict against the student's own recorded network. The gradebook's text cells are
neutralised for spreadsheets. This module imports no widgets and no IPython.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from .alliances import SIGN_OF_KEY, Triad, balance_id, parse_balance_id, verdict_right
from .answers import MAX_BYTES, RecordError, parse, read, safe_name
from .helpers import printable, question_pair
from .model import Case
from .questions import EXERCISES, Question, accepted_checksums, exercise_questions, key_checksum, select

MAX_FILES = 20_000


@dataclass(frozen=True)
class Rejected:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{printable(self.path)}: rejected: {printable(self.reason)}"


@dataclass
class Result:
    """One student's grades: per question, whether the first and the last attempt were right."""

    path: str
    student: str
    first: dict[str, Optional[bool]] = field(default_factory=dict)
    final: dict[str, Optional[bool]] = field(default_factory=dict)  # right in the end, and not after being shown
    shown: set[str] = field(default_factory=set)  # right in the end, but only after the answer was shown
    wrong_first: dict[str, object] = field(default_factory=dict)  # question -> first wrong answer
    texts: dict[str, str] = field(default_factory=dict)  # open question -> latest written answer
    balance: dict[str, list[tuple[bool, bool]]] = field(default_factory=dict)  # exercise -> (first, final) per triad
    not_in_network: int = 0  # balance verdicts on triads the student's recorded network never had (not counted)
    offered: dict[str, set[str]] = field(default_factory=dict)  # exercise -> questions offered (absent: all)

    def notes(self) -> list[str]:
        """What the instructor should know about this file although it was graded."""
        if not self.not_in_network:
            return []
        return [f"{printable(self.path)}: note: {self.not_in_network} balance verdict(s) on triads that are not "
                "in the student's recorded network were not counted"]


@dataclass
class Gradebook:
    case: Case
    banks: dict[str, list[Question]]
    results: list[Result]
    rejected: list[Rejected]

    def __post_init__(self) -> None:
        # per exercise, its marked question ids in the bank's order (built once, not per record)
        self._marked_ids = {ex: [q.id for q in bank if not q.is_open] for ex, bank in self.banks.items()}
        self._marked_sets = {ex: set(ids) for ex, ids in self._marked_ids.items()}

    @property
    def marked(self) -> list[tuple[str, Question]]:
        return [(ex, q) for ex, bank in self.banks.items() for q in bank if not q.is_open]

    def offered_marked(self, r: Result, exercise: str) -> set[str]:
        """The marked questions of an exercise this student was offered (their cost, not the bank's)."""
        ids = self._marked_sets[exercise]
        offered = r.offered.get(exercise)
        return set(ids) if offered is None else (offered & ids if len(offered) < len(ids) else ids & offered)

    def shown_total(self, r: Result) -> int:
        """Marked questions offered to this student that were right only after the answer was shown."""
        return sum(1 for ex in self.banks for q in self.offered_marked(r, ex) if q in r.shown)

    def totals(self, r: Result, exercise: Optional[str] = None) -> tuple[int, int, int]:
        """Right at the first try, right in the end (not after being shown the answer), and offered:
        for one exercise, or all of them."""
        first = final = n = 0
        for ex in ([exercise] if exercise is not None else self.banks):
            qs = self.offered_marked(r, ex)
            first += sum(1 for q in qs if r.first.get(q))
            final += sum(1 for q in qs if r.final.get(q))
            n += len(qs)
        return first, final, n

    def offered_range(self) -> tuple[int, int]:
        """The fewest and the most marked questions a student was offered (0, 0 with no students)."""
        counts = [self.totals(r)[2] for r in self.results]
        return (min(counts), max(counts)) if counts else (0, 0)

    def question_columns(self) -> list[tuple[str, str]]:
        """(exercise, question id) of every marked question offered to at least one student, in the
        bank's order: questions nobody was offered get no columns."""
        offered: dict[str, set[str]] = {ex: set() for ex in self.banks}
        for r in self.results:
            for ex in self.banks:
                offered[ex] |= self.offered_marked(r, ex)
        return [(ex, qid) for ex, ids in self._marked_ids.items() for qid in ids if qid in offered[ex]]

    def totals_columns(self) -> list[str]:
        cols = ["student", "file"]
        for ex in self.banks:
            cols += [f"{ex}: first try", f"{ex}: final", f"{ex}: out of"]
        return cols + ["total: first try", "total: final", "total: out of",
                       "balance: triads answered", "balance: right at the first try",
                       "total: right after being shown"]

    def columns(self) -> list[str]:
        cols = self.totals_columns()
        for _, qid in self.question_columns():
            cols += [f"{qid}: first", f"{qid}: final", f"{qid}: right after being shown"]
        return cols

    def _totals_row(self, r: Result) -> list[object]:
        row: list[object] = [r.student, Path(r.path).name]
        sums = [0, 0, 0]
        for ex in self.banks:
            t = self.totals(r, ex)
            row += t
            sums = [a + b for a, b in zip(sums, t)]
        verdicts = [v for ex in r.balance for v in r.balance[ex]]
        return row + sums + [len(verdicts), sum(1 for v, _ in verdicts if v), self.shown_total(r)]

    def _sorted(self) -> list[Result]:
        return sorted(self.results, key=lambda r: (r.student.casefold(), r.path))

    def rows(self, totals_only: bool = False) -> list[list[object]]:
        columns = [] if totals_only else self.question_columns()
        out = []
        for r in self._sorted():
            offered = {ex: self.offered_marked(r, ex) for ex in self.banks}
            cells: list[object] = []
            for ex, qid in columns:
                if qid not in offered[ex]:  # never shown to this student: not counted, cells empty
                    cells += ["", "", ""]
                    continue
                f, g = r.first.get(qid), r.final.get(qid)
                cells += ["" if f is None else int(f), "" if g is None else int(g), "" if f is None else int(qid in r.shown)]
            out.append(self._totals_row(r) + cells)
        return out

    def csv_text(self, totals_only: bool = False) -> str:
        """The gradebook as CSV; totals_only: one row per student with the totals alone, for an LMS."""
        buf = io.StringIO()
        # RFC 4180 line ends (CRLF): the csv module then also quotes a cell holding a lone CR
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow([spreadsheet_safe(c) for c in (self.totals_columns() if totals_only else self.columns())])
        writer.writerows([spreadsheet_safe(c) for c in row] for row in self.rows(totals_only))
        return buf.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """A text cell that a spreadsheet would take as a formula gets a leading single quote (OWASP's
    advice against CSV injection): cells starting with =, +, -, @, a tab or a carriage return."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def _valid_balance(qid: str, case: Case) -> bool:
    triad = parse_balance_id(qid)
    known = {a.id for a in case.actors}
    return triad is not None and set(triad.actors) <= known


def expand(paths: Iterable[str]) -> list[Path]:
    """Files named, and everything named *.json in folders named (files or not, so that a folder
    or a device with such a name is reported rather than skipped), in a stable order. Backups
    (``*.json.bak``) and hidden files are not answer records."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir() and p.suffix != ".json":
            out += sorted(x for x in p.rglob("*.json") if not x.name.startswith("."))
        else:
            out.append(p)
    return out


_CASE_FIELD = re.compile(rb'"case"\s*:\s*"([A-Za-z0-9_.-]{1,100})"')


def cases_of(paths: Sequence[Path]) -> Counter:
    """How many of the readable records name each case (records written by casekit name it near the
    top, so usually only the first few hundred bytes are read)."""
    found: Counter = Counter()
    for path in paths:
        try:
            if not path.is_file():
                continue
            with open(path, "rb") as f:
                head = f.read(1024)
                m = _CASE_FIELD.search(head)
                nested = head.find(b"{", head.find(b"{") + 1)
                if m and (nested < 0 or m.start() < nested):  # the record's own "case", before any nested object
                    found[m.group(1).decode("ascii")] += 1
                    continue
                data = head + f.read(MAX_BYTES + 1 - len(head))
            found[parse(data).case] += 1
        except (RecordError, OSError):
            continue
    return found


@dataclass
class _Keys:
    """What grading needs of a case's banks, computed once per class."""

    banks: dict[str, list[Question]]
    known: dict[str, dict[str, Question]]
    checksums: dict[str, set]
    current: dict[str, str]  # each exercise's current key checksum
    defaults: dict[str, set[str]]  # an exercise a student has not started: what it offers by default
    keys: dict[str, dict[str, tuple]]  # question id -> (is an ordering question, or None when open; the answer)

    @classmethod
    def of(cls, case: Case) -> "_Keys":
        banks = {ex: exercise_questions(case, ex) for ex in EXERCISES}
        return cls(
            banks=banks,
            known={ex: {q.id: q for q in bank} for ex, bank in banks.items()},
            checksums={ex: accepted_checksums(case, ex, bank) for ex, bank in banks.items()},
            current={ex: key_checksum(bank) for ex, bank in banks.items()},
            defaults={ex: set(select(case, ex, bank).offered_ids) for ex, bank in banks.items()},
            keys={ex: {q.id: (None if q.is_open else q.is_order, tuple(q.answer) if q.is_order else q.answer)
                       for q in bank} for ex, bank in banks.items()},
        )


def _check(record, case: Case, k: _Keys) -> None:
    """Raise RecordError when a record is not for this case, its answer key or its questions."""
    if record.case != case.id:
        raise RecordError(f"made for case {record.case!r}, not {case.id!r}")
    for ex, section in record.exercises.items():
        if ex not in k.known:
            raise RecordError(f"unknown exercise {ex!r}")
        if section.key_checksum not in k.checksums[ex]:
            raise RecordError(f"made against another answer key for {ex!r} (checksum mismatch)")
        unknown = sorted(q for q in {a.question for a in section.attempts} - set(k.known[ex])
                         if not _valid_balance(q, case))
        if unknown and section.key_checksum != k.current[ex]:
            continue  # made against an earlier key: a question since withdrawn is not marked (see _withdrawn)
        if unknown:
            more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
            raise RecordError(f"unknown question id(s) in {ex!r}: {', '.join(unknown[:3])}{more}")


def _offered(record, defaults: dict[str, set[str]]) -> dict[str, set[str]]:
    """Only what a student was offered counts: as recorded; for an exercise not started, its default
    choice; for a record made before offers were recorded, that choice and whatever it answered."""
    offered = {ex: ids for ex, ids in defaults.items() if ex not in record.exercises}
    for ex, section in record.exercises.items():
        offered[ex] = (set(section.offered) if section.offered is not None
                       else defaults[ex] | {a.question for a in section.attempts})
    return offered


def _grade_one(path: Path, case: Case, k: _Keys, seen: dict[str, str]) -> Result:
    if not path.exists():
        raise RecordError("no such file" + (" (a link to nothing)" if path.is_symlink() else ""))
    record = read(path)
    _check(record, case, k)
    key = safe_name(record.student)
    if key in seen:
        raise RecordError(f"the same student ({record.student!r}) as in {seen[key]}")
    withdrawn = _withdrawn(record, case, k)
    if any(withdrawn.values()):  # marked without them: the record itself keeps them
        record = dataclasses.replace(record, exercises={
            ex: dataclasses.replace(section, attempts=[a for a in section.attempts
                                                       if a.question not in withdrawn.get(ex, ())])
            for ex, section in record.exercises.items()})
    result = _mark(record, path, k.keys)
    seen[key] = str(path)
    result.offered = _offered(record, k.defaults)
    return result


def grade(case: Case, paths: Sequence[Path], progress: Optional[Callable[[int, int], None]] = None) -> Gradebook:
    """Grade every file; the bad ones are listed in ``rejected`` with their reason."""
    k = _Keys.of(case)
    results: list[Result] = []
    rejected: list[Rejected] = []
    seen: dict[str, str] = {}
    if len(paths) > MAX_FILES:
        rejected += [Rejected(str(p), f"more than {MAX_FILES} files given") for p in paths[MAX_FILES:]]
        paths = paths[:MAX_FILES]
    for n, path in enumerate(paths, 1):
        if progress:
            progress(n, len(paths))
        try:
            results.append(_grade_one(path, case, k, seen))
        except RecordError as exc:
            rejected.append(Rejected(str(path), str(exc)))
        except OSError as exc:
            rejected.append(Rejected(str(path), f"cannot be read ({exc.strerror or exc})"))
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the class's grading
            rejected.append(Rejected(str(path), f"could not be graded ({type(exc).__name__})"))
    return Gradebook(case=case, banks=k.banks, results=results, rejected=rejected)


def _add_triads(network: dict[frozenset, int], pair: frozenset, seen: set[str]) -> None:
    """Add to seen the balance ids of the triangles the network has through pair (just changed)."""
    a, b = sorted(pair)
    for c in {x for p in network for x in p} - {a, b}:
        if network.get(frozenset((a, c))) and network.get(frozenset((b, c))):
            x, y, z = sorted((a, b, c))
            signs = (network[frozenset((x, y))], network[frozenset((x, z))], network[frozenset((y, z))])
            seen.add(balance_id(Triad((x, y, z), signs)))


def _withdrawn(record, case: Case, k: _Keys) -> dict[str, set[str]]:
    """Per exercise, the questions a record made against an earlier key answered that the current bank
    no longer asks (withdrawn because their key was not true): kept in the record, not marked."""
    out: dict[str, set[str]] = {}
    for ex, section in record.exercises.items():
        if section.key_checksum != k.current.get(ex):
            out[ex] = {a.question for a in section.attempts
                       if a.question not in k.known[ex] and not _valid_balance(a.question, case)}
    return out


def _matches(spec: tuple, answer: object) -> bool:
    is_order, key = spec
    return (isinstance(answer, list) and tuple(answer) == key) if is_order else answer == key


def _right_verdict(qid: str, answer: object) -> bool:
    triad = parse_balance_id(qid)
    if triad is None:  # not a balance id: the caller has rejected unknown questions already
        return True
    return isinstance(answer, str) and verdict_right(triad, answer)


def _mark(record, path: Path, keys: dict) -> Result:
    """Mark one record against the keys; balance verdicts against the student's own network."""
    result = Result(path=str(path), student=record.student)
    for ex, section in record.exercises.items():
        firsts: dict[str, object] = {}
        lasts: dict[str, object] = {}
        first_no: dict[str, int] = {}
        last_no: dict[str, int] = {}
        network: dict[frozenset, int] = {}  # the student's network as recorded so far, in order
        had: set[str] = set()  # balance ids of every triad that network has had so far
        revealed: dict[str, int] = {}  # question -> the first attempt whose feedback showed the answer
        for a in section.attempts:
            qid = a.question
            if qid.startswith("relation/") and qid in keys[ex] and question_pair(qid):
                pair = frozenset(question_pair(qid))
                sign = SIGN_OF_KEY.get(a.answer) if isinstance(a.answer, str) else None
                if sign is None or sign == 0:
                    network.pop(pair, None)
                else:
                    network[pair] = sign
                    _add_triads(network, pair, had)
            elif qid not in keys[ex] and qid not in had:  # a verdict on a triad the network never had
                result.not_in_network += 1
                continue
            # a reveal: recorded, or known from the attempt (a wrong answer after the first try is told the
            # answer; a wrong balance verdict is told whether the triad is balanced). Never trusted alone:
            # the answer is marked against the key below, and an attempt is a reveal if either says so.
            spec = keys[ex].get(qid)
            if getattr(a, "revealed", False) or (spec is None and not _right_verdict(qid, a.answer)) or (
                    spec is not None and spec[0] is not None and a.attempt > 1 and not _matches(spec, a.answer)):
                revealed[qid] = min(revealed.get(qid, a.attempt), a.attempt)
            # the first and the last try by their attempt numbers (list order breaks ties)
            if qid not in first_no or a.attempt < first_no[qid]:
                first_no[qid], firsts[qid] = a.attempt, a.answer
            if qid not in last_no or a.attempt >= last_no[qid]:
                last_no[qid], lasts[qid] = a.attempt, a.answer
        ex_keys = keys[ex]
        for qid, first in firsts.items():
            spec = ex_keys.get(qid)
            last = lasts[qid]
            if spec is None:  # a balance verdict on the student's own network: re-mark it
                triad = parse_balance_id(qid)
                shown = qid in revealed and revealed[qid] < last_no[qid]
                result.balance.setdefault(ex, []).append((verdict_right(triad, first),
                                                          verdict_right(triad, last) and not shown))
                continue
            is_order, answer = spec
            if is_order is None:  # an open question: keep the latest text
                result.texts[qid] = str(last)
                continue
            # never trust the record's own "correct": mark every answer against the key
            ok_first = (isinstance(first, list) and tuple(first) == answer) if is_order else first == answer
            ok_last = (isinstance(last, list) and tuple(last) == answer) if is_order else last == answer
            result.first[qid] = ok_first
            shown = qid in revealed and revealed[qid] < last_no[qid]
            result.final[qid] = ok_last and not shown
            if ok_last and shown:
                result.shown.add(qid)
            if not ok_first:
                result.wrong_first[qid] = first
    return result
