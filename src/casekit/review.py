"""Reviewed items: the default marked questions of each exercise, written out for a person to read.

``render(case, exercise, notes)`` writes one Markdown page per exercise (the instructor's copy, kept
under ``solutions/reviewed/``, which the student copy leaves out): for every marked question the
exercise offers by default, what the student sees (prompt, the card's source line and passage,
options), the key, the hint, the feedback on a first wrong try and on the right answer, and a
reviewer's note. Each item carries a digest of what it shows; a note records the digest it was
written against, so that when generation changes an item its note is marked stale until a person
reads the item again (``casekit review --accept ID``) and the tests fail meanwhile.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from . import questions as qs
from .model import Case

FOLDER = Path("solutions") / "reviewed"
NOTE_OPEN = re.compile(r"<!-- note (?P<id>\S+) reviewed=(?P<digest>[0-9a-f]*) -->\n(?P<text>.*?)<!-- /note -->",
                       re.S)
STALE = "STALE: this item changed after the note was written; read it again, then run `casekit review --accept ID`."
UNREVIEWED = "NOT REVIEWED YET."


@dataclass(frozen=True)
class Note:
    question: str
    digest: str  # the item's digest when the note was written ("" for none)
    text: str

    def current(self, digest: str) -> bool:
        return bool(self.text.strip()) and self.digest == digest


def file_for(root: Path, exercise: str) -> Path:
    return Path(root) / FOLDER / f"{exercise}.md"


def offered(case: Case, exercise: str) -> list[qs.Question]:
    """The marked questions the exercise offers by default (what the reviewed file holds)."""
    bank = qs.exercise_questions(case, exercise)
    return [q for q in qs.select(case, exercise, bank).offered if not q.is_open]


def card(q: qs.Question) -> dict:
    """What a student sees of a question, and what they are told: the reviewed content, as data."""
    wrong = [c.value for c in q.choices if c.value != q.answer] if not q.is_order else []
    first_try = {}
    for value in wrong:
        first_try[str(value)] = qs.feedback(q, value, 1).text
    if q.is_order:
        first_try["(items out of order)"] = qs.feedback(q, tuple(c.value for c in q.choices), 1).text
    answer = q.answer if isinstance(q.answer, str) else list(q.answer)
    return {
        "id": q.id, "prompt": q.prompt, "source line": q.context, "passage": q.sentence, "highlighted": q.quote,
        # the card offers the paragraph only beside a passage, and only when it says more (as the widget does)
        "whole paragraph": (q.paragraph if q.sentence and " ".join(q.paragraph.split())
                            not in ("", " ".join(q.sentence.split())) else ""),
        "options": [[str(c.value), c.label] for c in q.choices], "key": answer,
        "key in words": (q.label_of(q.answer) if isinstance(q.answer, str)
                         else "; ".join(q.label_of(v) for v in q.answer)),
        "hint": q.hint, "first wrong try": first_try, "right": qs.feedback(q, q.answer, 1).text,
    }


def digest(q: qs.Question) -> str:
    data = json.dumps(card(q), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def read_notes(path: Path) -> dict[str, Note]:
    """The reviewer's notes in a reviewed file (none when it does not exist yet)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    notes = {}
    for m in NOTE_OPEN.finditer(text):
        body = m.group("text")
        for mark in (STALE, UNREVIEWED):
            body = body.replace(mark, "")
        notes[m.group("id")] = Note(m.group("id"), m.group("digest"), body.strip())
    return notes


def _quoted(text: str) -> str:
    """A block quote that keeps the text's lines apart when the Markdown is rendered."""
    return "\n>\n".join("> " + line for line in text.splitlines() if line.strip())


def _marked_passage(q: qs.Question) -> str:
    if q.quote and q.quote in q.sentence:
        i = q.sentence.index(q.quote)
        return q.sentence[:i] + "[[" + q.quote + "]]" + q.sentence[i + len(q.quote):]
    return q.sentence


def render(case: Case, exercise: str, notes: dict[str, Note]) -> str:
    """The reviewed file of one exercise, with the notes kept (stale ones marked)."""
    items = offered(case, exercise)
    stale = sum(1 for q in items if not (notes.get(q.id) and notes[q.id].current(digest(q))))
    out = [f"# Reviewed items: {qs.EXERCISES[exercise][1]} ({exercise})", "",
           "Instructor material (not in the student copy). Every marked question this exercise offers by "
           "default, as the student sees it: the prompt, the card (its source line, the passage with the "
           "highlighted words in [[double brackets]]), the options (the key marked ✔), the hint, the feedback "
           "on a first wrong try and on the right answer. Below each, a reviewer's note: what a student who has "
           "done the lessons would make of it, and what was changed.", "",
           "Written by `casekit review --write` (which keeps the notes). When generation changes an item, its "
           "note is marked stale and the tests fail until someone reads the item again and runs "
           "`casekit review --accept ID` (or edits `reviewed=` to the item's digest).", "",
           f"{len(items)} items; {stale} without a current note.", ""]
    for n, q in enumerate(items, 1):
        d = digest(q)
        c = card(q)
        out += [f"## {n}. {qs.PART_TITLES.get(q.kind, q.kind)}: `{q.id}`", "", f"Digest: `{d}`", "",
                f"**Prompt:** {q.prompt}" if "\n" not in q.prompt else "**Prompt:**\n\n" + _quoted(q.prompt), ""]
        if q.context:
            out += [f"**Card, source line:** {q.context}", ""]
        if q.sentence:
            out += ["**Card, passage:**", "", _quoted(_marked_passage(q)), ""]
        if c["whole paragraph"]:
            out += ["**Whole paragraph (on request):**", "", _quoted(c["whole paragraph"]), ""]
        out += ["**Options:**", ""]
        if q.is_order:
            out += [f"{i + 1}. {q.label_of(v)}" for i, v in enumerate(q.answer)]
            out += ["", "(shown scrambled: " + "; ".join(ch.label for ch in q.choices) + ")"]
        else:
            out += [f"- {'✔ ' if ch.value == q.answer else ''}{ch.label}" for ch in q.choices]
        out += ["", f"**Hint:** {q.hint}", "", "**First wrong try:**", ""]
        tries = c["first wrong try"]
        if len(set(tries.values())) == 1 and len(tries) > 1:  # the same words whichever wrong option
            out += [f"- any wrong option: {next(iter(tries.values()))}"]
        else:
            out += [f"- {q.label_of(v) if not q.is_order else v}: {text}" for v, text in tries.items()]
        out += ["", "**Right:**", "", _quoted(c["right"]), "", "**Reviewer's note:**", ""]
        note = notes.get(q.id)
        if note and note.text:
            mark = "" if note.current(d) else STALE + "\n"
            out += [f"<!-- note {q.id} reviewed={note.digest} -->", mark + note.text, "<!-- /note -->", ""]
        else:
            out += [f"<!-- note {q.id} reviewed= -->", UNREVIEWED, "<!-- /note -->", ""]
    # notes of items no longer offered are kept at the end, so no reviewer's words are lost
    gone = [x for x in notes.values() if x.question not in {q.id for q in items} and x.text]
    if gone:
        out += ["## Notes on items no longer offered by default", ""]
        for x in gone:
            out += [f"<!-- note {x.question} reviewed={x.digest} -->", x.text, "<!-- /note -->", ""]
    return "\n".join(out).rstrip() + "\n"


def problems(case: Case, root: Path, exercises: Sequence[str] = tuple(qs.EXERCISES)) -> list[str]:
    """What keeps the reviewed files from being current: missing files, items without a current note,
    and files that differ from what generation now writes."""
    out = []
    for ex in exercises:
        path = file_for(root, ex)
        if not path.exists():
            out.append(f"{path}: missing; run `casekit review --write`")
            continue
        notes = read_notes(path)
        for q in offered(case, ex):
            note = notes.get(q.id)
            if not note or not note.text:
                out.append(f"{path}: {q.id}: not reviewed yet")
            elif not note.current(digest(q)):
                out.append(f"{path}: {q.id}: changed since it was reviewed (reviewed={note.digest}, now {digest(q)})")
        if path.read_text(encoding="utf-8") != render(case, ex, notes):
            out.append(f"{path}: differs from what generation writes; run `casekit review --write`")
    return out


def write(case: Case, root: Path, exercises: Sequence[str] = tuple(qs.EXERCISES),
          accept: Sequence[str] = ()) -> list[Path]:
    """Write (or update) each exercise's reviewed file, keeping the notes; ``accept``: question ids
    whose notes are now current (a person has read the item again)."""
    written = []
    for ex in exercises:
        path = file_for(root, ex)
        notes = read_notes(path)
        for q in offered(case, ex):
            if q.id in accept and q.id in notes:
                notes[q.id] = Note(q.id, digest(q), notes[q.id].text)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = render(case, ex, notes)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def cmd_review(args) -> int:
    """`casekit review`: check (default), --write, --accept ID..."""
    from .casefile import find_casefile, load_case
    from .errors import UserError
    from .instructor import _only_case

    case = load_case(find_casefile(args.case) if args.case else _only_case())
    root = Path(args.project)
    if not (root / "solutions").is_dir():
        raise UserError(f"{root}: no solutions/ folder here (the reviewed files are kept in solutions/reviewed/)")
    if args.write or args.accept:
        known = {q.id for ex in qs.EXERCISES for q in offered(case, ex)}
        unknown = [x for x in args.accept or [] if x not in known]
        if unknown:
            raise UserError(f"not a default item of any exercise: {', '.join(unknown)}")
        for path in write(case, root, accept=args.accept or ()):
            print(f"wrote {path}")
    found = problems(case, root)
    for line in found:
        print(line)
    print(f"reviewed items: {'ok' if not found else f'{len(found)} to review'}")
    return 0 if not found else 1
