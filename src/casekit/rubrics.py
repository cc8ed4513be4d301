"""Rubrics for the written tasks: criteria, levels, and a model answer at each level.

A case's rubrics live in ``rubrics.yaml`` beside its ``case.yaml`` (instructors' material: the
student copy leaves the file out). Each rubric marks one open question of the case
(``open_question: <id>``, so that the class report can show it beside the students' written
answers to ``open/<id>``) or states a task of its own (``prompt:``, for example a lesson's writing
task or the summative assignment). Every problem is reported as ``file:line: field: message``.

    rubrics:
      - id: attr-quoted-as-saying
        open_question: attr-quoted-as-saying     # or prompt: the task in words
        where: Exercise 1, written answers
        criteria:
          - {name: Reads the attributing words, description: ...}
        levels:                                  # 3 or 4, highest score first
          - {score: 3, label: Strong, descriptor: ..., model_answer: ...}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from .casefile.problems import Problem
from .casefile.safe_files import _read_text
from .casefile.yaml_lines import _load_yaml

FILE_NAME = "rubrics.yaml"
MAX_BYTES = 1_000_000
MIN_LEVELS, MAX_LEVELS = 3, 4
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RUBRIC_KEYS = {"id", "open_question", "prompt", "where", "criteria", "levels"}
_CRITERION_KEYS = {"name", "description"}
_LEVEL_KEYS = {"score", "label", "descriptor", "model_answer"}


class RubricError(ValueError):
    """The rubrics file has problems; ``problems`` names each by file, line and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Criterion:
    name: str
    description: str


@dataclass(frozen=True)
class Level:
    score: int
    label: str
    descriptor: str
    model_answer: str


@dataclass(frozen=True)
class Rubric:
    id: str
    open_question: str  # the open question's id in case.yaml, or "" for a task of its own
    prompt: str  # the task in words (for an open question: its prompt, filled in from the case)
    where: str
    criteria: tuple[Criterion, ...]
    levels: tuple[Level, ...]

    @property
    def question_id(self) -> str:
        """The id the exercises and the report give the open question (``open/<id>``), or ""."""
        return f"open/{self.open_question}" if self.open_question else ""

    @property
    def top(self) -> int:
        return self.levels[0].score


def _words(text: Any) -> str:
    return " ".join(str(text).split())


def parse(data: Any, where: str, open_questions: Optional[dict[str, str]] = None) -> tuple[list[Rubric], list[Problem]]:
    """Rubrics from YAML read with line numbers; ``open_questions``: id -> prompt of the case's open
    questions (None: not checked against a case)."""
    problems: list[Problem] = []

    def bad(line: int, field: str, message: str) -> None:
        problems.append(Problem(where, line, field, message))

    def text(m: dict, key: str, field: str, required: bool = True) -> str:
        value = m.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                bad(getattr(m, "line", 0), field, "missing: a non-empty text is needed")
            return ""
        if not isinstance(value, str):
            bad(m.lines.get(key, 0) if hasattr(m, "lines") else 0, field, f"must be text, not {type(value).__name__}")
            return ""
        return _words(value)

    def line_of(m: Any, key: str) -> int:
        return getattr(m, "lines", {}).get(key, getattr(m, "line", 0)) if isinstance(m, dict) else 0

    if not isinstance(data, dict) or not isinstance(data.get("rubrics"), list):
        bad(getattr(data, "line", 1) or 1, "rubrics", "the file must hold a mapping with a list under rubrics:")
        return [], problems
    rubrics: list[Rubric] = []
    seen: dict[str, int] = {}
    items = data["rubrics"]
    for i, item in enumerate(items):
        line = items.lines[i] if hasattr(items, "lines") else 0
        field = f"rubrics[{i}]"
        if not isinstance(item, dict):
            bad(line, field, "each rubric must be a mapping")
            continue
        for key in sorted(set(item) - _RUBRIC_KEYS):
            bad(line_of(item, key), f"{field}.{key}", f"unknown field (known: {', '.join(sorted(_RUBRIC_KEYS))})")
        rid = text(item, "id", f"{field}.id")
        if rid and not _SLUG.fullmatch(rid):
            bad(line_of(item, "id"), f"{field}.id", f"{rid!r} is not a slug (lower-case words joined by hyphens)")
        if rid in seen:
            bad(line_of(item, "id"), f"{field}.id", f"{rid!r} is given twice (first on line {seen[rid]})")
        elif rid:
            seen[rid] = line_of(item, "id")
        oq = text(item, "open_question", f"{field}.open_question", required=False)
        prompt = text(item, "prompt", f"{field}.prompt", required=False)
        if bool(oq) == bool(prompt):
            bad(line, field, "give either open_question: (an open question of the case) or prompt: (a task of its own)")
        if oq and open_questions is not None:
            if oq not in open_questions:
                known = ", ".join(sorted(open_questions)) or "none"
                bad(line_of(item, "open_question"), f"{field}.open_question",
                    f"{oq!r} is not an open question of the case (known: {known})")
            else:
                prompt = _words(open_questions[oq])
        where_text = text(item, "where", f"{field}.where")
        criteria: list[Criterion] = []
        raw = item.get("criteria")
        if not isinstance(raw, list) or not raw:
            bad(line_of(item, "criteria"), f"{field}.criteria", "a list of at least one criterion is needed")
            raw = []
        for j, c in enumerate(raw):
            cf = f"{field}.criteria[{j}]"
            if not isinstance(c, dict):
                bad(raw.lines[j] if hasattr(raw, "lines") else line, cf, "each criterion must be a mapping")
                continue
            for key in sorted(set(c) - _CRITERION_KEYS):
                bad(line_of(c, key), f"{cf}.{key}", "unknown field (known: description, name)")
            criteria.append(Criterion(text(c, "name", f"{cf}.name"), text(c, "description", f"{cf}.description")))
        levels: list[Level] = []
        raw = item.get("levels")
        if not isinstance(raw, list) or not MIN_LEVELS <= len(raw) <= MAX_LEVELS:
            bad(line_of(item, "levels"), f"{field}.levels", f"{MIN_LEVELS} to {MAX_LEVELS} levels are needed")
            raw = raw if isinstance(raw, list) else []
        for j, lv in enumerate(raw):
            lf = f"{field}.levels[{j}]"
            if not isinstance(lv, dict):
                bad(raw.lines[j] if hasattr(raw, "lines") else line, lf, "each level must be a mapping")
                continue
            for key in sorted(set(lv) - _LEVEL_KEYS):
                bad(line_of(lv, key), f"{lf}.{key}", f"unknown field (known: {', '.join(sorted(_LEVEL_KEYS))})")
            score = lv.get("score")
            if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
                bad(line_of(lv, "score"), f"{lf}.score", "a whole number from 0 to 10 is needed")
                score = -1
            levels.append(Level(score, text(lv, "label", f"{lf}.label"), text(lv, "descriptor", f"{lf}.descriptor"),
                                text(lv, "model_answer", f"{lf}.model_answer")))
        scores = [lv.score for lv in levels if lv.score >= 0]
        if scores and scores != sorted(set(scores), reverse=True):
            bad(line_of(item, "levels"), f"{field}.levels", f"scores must fall from the highest, each once (got {scores})")
        rubrics.append(Rubric(rid, oq, prompt, where_text, tuple(criteria), tuple(levels)))
    return rubrics, problems


def load_rubrics(case_folder: Path, case=None, required: bool = False) -> list[Rubric]:
    """The rubrics of the casefile at ``case_folder`` (checked against ``case``'s open questions when
    given); [] when the file is absent and not ``required``. Raises RubricError naming file, line
    and field for every problem."""
    path = Path(case_folder) / FILE_NAME
    if not path.exists() and not path.is_symlink():
        if required:
            raise RubricError([Problem(str(path), 0, "file", "no such file")])
        return []
    problems: list[Problem] = []
    text = _read_text(path, problems, limit=MAX_BYTES)
    if text is None:
        raise RubricError([Problem(str(path), p.line, p.field, p.message) for p in problems])
    data = _load_yaml(text, str(path), problems)
    if problems:
        raise RubricError(problems)
    questions = {q["id"]: q["prompt"] for q in case.open_questions} if case is not None else None
    rubrics, problems = parse(data, str(path), questions)
    if problems:
        raise RubricError(problems)
    return rubrics


def by_question(rubrics: list[Rubric]) -> dict[str, Rubric]:
    """Rubrics keyed by the question id the report uses (``open/<id>``)."""
    return {r.question_id: r for r in rubrics if r.question_id}


def unmarked(case, rubrics: list[Rubric]) -> list[str]:
    """The case's open questions that no rubric marks."""
    marked = {r.open_question for r in rubrics}
    return [q["id"] for q in case.open_questions if q["id"] not in marked]


def to_markdown(rubric: Rubric, heading: str = "###") -> str:
    """One rubric as Markdown: the task, the criteria, then each level with its model answer."""
    out = [f"{heading} {rubric.where}: {rubric.id}", "", f"**Task.** {rubric.prompt}", "", "**Criteria.**", ""]
    out += [f"- *{c.name}*: {c.description}" for c in rubric.criteria]
    out += ["", "| score | level | what it shows |", "|---:|---|---|"]
    out += [f"| {lv.score} | {lv.label} | {lv.descriptor.replace('|', '/')} |" for lv in rubric.levels]
    out.append("")
    for lv in rubric.levels:
        out += [f"**Model answer at {lv.score} ({lv.label}).** {lv.model_answer}", ""]
    return "\n".join(out)
