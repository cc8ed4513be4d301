"""The test suite checks itself: a test defined twice in one module silently replaces the first (only
the second runs), so every test function and class name is unique in its module and class."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def redefinitions(source: str, filename: str = "<test>") -> list[str]:
    """Each function or class defined again in the same body, as 'file:line: name (first at line N)'."""
    found = []

    def walk(body, where):
        seen: dict[str, int] = {}
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name in seen and node.name.startswith(("test", "Test")):
                    found.append(f"{filename}:{node.lineno}: {where}{node.name} defined again "
                                 f"(first at line {seen[node.name]})")
                seen.setdefault(node.name, node.lineno)
                if isinstance(node, ast.ClassDef):
                    walk(node.body, f"{where}{node.name}.")

    walk(ast.parse(source, filename).body, "")
    return found


def test_the_check_finds_a_test_defined_twice():
    source = ("def test_a():\n    assert 1\n\n"
              "class TestB:\n    def test_c(self): ...\n    def test_c(self): ...\n\n"
              "def helper(): ...\ndef helper(): ...\n"  # a helper redefined is ruff's business, not a lost test
              "def test_a():\n    assert 2\n")
    assert redefinitions(source, "x.py") == ["x.py:6: TestB.test_c defined again (first at line 5)",
                                             "x.py:10: test_a defined again (first at line 1)"]


def test_no_test_is_defined_twice_in_a_module():
    files = sorted(ROOT.glob("tests/**/test_*.py")) + sorted(ROOT.glob("tests/**/conftest.py"))
    assert len(files) > 10, files  # the check would prove nothing
    found = []
    for path in files:
        found += redefinitions(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []
