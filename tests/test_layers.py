"""Dependencies point one way (DESIGN: casefile -> model; questions -> model; grading and cli never widgets)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "casekit"
ALLOWED = {
    "model": set(),
    "style": set(),
    "render": {"answers"},  # its atomic file writer
    "casefile": {"model", "schema"},
    "schema": {"model"},
    "questions": {"model", "style", "translation", "prose", "alliances"},  # alliances: balance over a Case (imports model only)
    "answers": {"helpers"},
    "helpers": set(),  # small text and id helpers, defined once
    "errors": set(),  # the user's-mistake exception the command modules share
    "alliances": {"model"},
    "views": {"model", "style", "translation", "prose", "alliances", "htmltext"},  # alliances: triads and changes
    # per period; htmltext: the plain text of a view, read from its markup
    "htmltext": set(),  # standard library only
    "translation": {"model", "prose"},  # prose: publishers' names in plain words
    "plots": {"model", "style", "alliances", "render", "prose"},
    "grading": {"model", "answers", "questions", "alliances", "helpers"},
    "report": {"grading", "questions", "answers", "style", "render", "helpers"},  # answers: its atomic file writer
    "release": set(),
    "notebooks": set(),
    "prose": {"casefile"},  # the notebook check only (imported there); its English helpers import nothing
    "reading": set(),
    "bankcheck": {"model", "questions", "views", "translation"},
    "context": {"model", "style", "views"},  # glossary, outlet profiles, background narrative
    "maps": {"model", "render", "style"},
    "review": {"model", "questions", "casefile", "errors", "instructor"},  # instructor: finding the only case
}


def imports_of(module: str) -> set[str]:
    """The casekit modules a module imports; for a package (casefile/), what all its modules
    import from outside it."""
    single = SRC / f"{module}.py"
    files = [single] if single.exists() else sorted((SRC / module).glob("*.py"))
    assert files, f"no module or package casekit.{module}"
    found = set()
    for path in files:
        level = 1 if path.parent == SRC else 2  # a package's modules reach casekit's with ..
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == level:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:  # from . import x: the modules named (casekit/__init__ when a name is not a module)
                    found |= {a.name if (SRC / f"{a.name}.py").exists() else "__init__" for a in node.names}
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("casekit"):
                found.add(node.module.split(".")[1] if "." in node.module else "__init__")
    return found


def test_a_package_is_checked_as_a_whole():
    assert imports_of("casefile") == {"model", "schema"}


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_module_imports_only_what_it_may(module):
    extra = imports_of(module) - ALLOWED[module]
    assert not extra, f"casekit.{module} imports {sorted(extra)}"


def test_no_engine_module_names_the_case():
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8").lower()
        for word in ("kurdistan", "hatami", "tehran", "barzani", "2017", "october", "comment:"):
            assert word not in text, f"{path.name}: {word}"


def test_no_engine_module_uses_the_first_cases_words():
    """What the event is called, the fact sheet's name and an exercise's sources come from the casefile."""
    import re

    words = re.compile(r"\breferendums?\b|\bvot(e|es|ed|ing)\b|a translator renders|FACTS\.md|core source", re.I)
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not words.search(line), f"{path.name}:{number}: {line.strip()}"


def test_no_engine_message_names_the_first_cases_actors():
    """Messages, field descriptions and labels the engine writes serve every case: an example in
    them is generic ([first, second]), never the first case's actors. Docstrings may explain with
    the first case; maps.py draws that case's region by design (a lesson's map)."""
    import re

    names = re.compile(r"\b(iraq\w*|israel\w*|iran\w*|turk\w*|kurd\w*|erbil|baghdad|kirkuk|krg|peshmerga|"
                       r"abadi|ankara|un-sg|united-states)\b", re.I)
    for path in SRC.rglob("*.py"):
        if path.name == "maps.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found = names.search(node.value)
                assert not found, f"{path.name}:{node.lineno}: {found.group(0)!r} in {node.value[:100]!r}"
