"""Shared fixtures: the repository root, the real case, and a minimal valid casefile."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # Windows: no lock; two workers may both run the lessons (each result is written whole)
    fcntl = None

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "casefiles" / "kurdistan-2017"
MINIMAL = Path(__file__).parent / "casefiles" / "minimal"


@pytest.fixture(scope="session")
def case():
    from casekit import load_case

    return load_case(CASE_DIR)


@pytest.fixture(autouse=True)
def _cases_forget_what_a_patch_made(request):
    """A loaded case keeps the question banks computed from it (``Case.derived``). A test that patches
    how questions are made (monkeypatch) must not leave banks made under its patch to the tests after it."""
    yield
    if "monkeypatch" in request.fixturenames:
        from casekit.casefile.lookup import _CACHE

        for loaded in _CACHE.values():
            loaded.derived.clear()


@pytest.fixture(scope="session")
def executed_lessons(tmp_path_factory) -> dict[Path, dict]:
    """Every notebook in notebooks/, run once for the test session (nbclient, a copy each: the files are
    not changed), by path: what a student sees in the lessons. Under pytest-xdist the first worker to ask
    runs them and the others read its results (a file in the session's shared temporary folder)."""
    from casekit import reading

    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers' temporary folders are in
    store = shared / "executed-lessons.json"
    with open(shared / "executed-lessons.lock", "w") as lock:
        if fcntl:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one worker runs them; the others wait, then read
        if not store.exists():
            run = {path.name: reading.execute(reading.load(path), path) for path in paths}
            partial = store.with_suffix(".partial")
            partial.write_text(json.dumps(run), encoding="utf-8")
            partial.replace(store)
        run = json.loads(store.read_text(encoding="utf-8"))
    return {path: run[path.name] for path in paths}


@pytest.fixture
def minimal(tmp_path):
    """A writable copy of the minimal valid casefile."""
    target = tmp_path / "demo"
    shutil.copytree(MINIMAL, target)
    return target



@pytest.fixture
def start_exercise():
    """Build an exercise with factory(case, folder=...), type a student's name, click Start."""

    def start(factory, case, folder, student):
        exercise = factory(case, folder=folder)
        exercise.name.value = student
        exercise.start_button.click()
        return exercise

    return start


@pytest.fixture
def answer_quiz():
    """Answer every question of a quiz as a student would: all right, or all wrong; then Check."""

    def answer(quiz, right: bool, text: str = "An answer.") -> None:
        for i, q in enumerate(quiz.questions):
            quiz.go(i)
            card = quiz.current
            if q.is_open:
                card.text.value = text
            elif q.is_order:
                card.set_answer(q.answer if right else tuple(reversed(q.answer)))
            else:
                card.choice.value = q.answer if right else next(c.value for c in q.choices if c.value != q.answer)
            card.check_button.click()

    return answer
