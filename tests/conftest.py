"""Shared fixtures: the repository root, the real case, and a minimal valid casefile."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "casefiles" / "kurdistan-2017"
MINIMAL = Path(__file__).parent / "casefiles" / "minimal"


@pytest.fixture(scope="session")
def case():
    from casekit import load_case

    return load_case(CASE_DIR)


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
