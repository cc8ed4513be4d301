"""Regenerate tests/casefiles/broken/ from minimal/: one casefile per kind of mistake.

Each entry: folder name, file to change, the text to replace, its replacement, and the problem
the validator must report (file relative to the broken casefile, line, field, part of the message).
Run `python tests/casefiles/make_broken.py` after changing minimal/.
"""
import shutil
from pathlib import Path

HERE = Path(__file__).parent
ANN = "annotations/demo-2017-10-01.yaml"
SRC = "sources/demo-2017-10-01.md"

CASES = [
    ("yaml-syntax", "case.yaml", "summary: The smallest", "summary: [The smallest",
     "case.yaml", 4, "yaml", "YAML syntax error"),
    ("missing-field", "case.yaml", "    title: Minister of Demonstrations\n", "",
     "case.yaml", 16, "people[minister].title", "missing required field"),
    ("unknown-field", "case.yaml", "    kind: outlet\n", "    kind: outlet\n    colour: blue\n",
     "case.yaml", 15, "actors[outlet].colour", "unknown field"),
    ("wrong-type", "case.yaml", "    actors: [state-b]", "    actors: state-b",
     "case.yaml", 27, "events[vote-held].actors", "expected a list"),
    ("duplicate-id", "case.yaml", "  - id: state-b\n", "  - id: state-a\n",
     "case.yaml", 9, "actors[state-a].id", "duplicate id 'state-a'"),
    ("unknown-actor", "case.yaml", "    actor: state-a\n    title_source", "    actor: state-c\n    title_source",
     "case.yaml", 19, "people[minister].actor", "unknown actor 'state-c'"),
    ("unknown-speaker", ANN, "    speaker: minister", "    speaker: ministre",
     ANN, 6, "quotes[minister-will-not-allow].speaker", "unknown speaker (person or actor) 'ministre'; did you mean 'minister'?"),
    ("unknown-source", ANN, "source: demo-2017-10-01", "source: demo-2017-10-11",
     ANN, 1, "annotations.source", "unknown source 'demo-2017-10-11'"),
    ("unknown-quote", "case.yaml", "    evidence: [minister-will-not-allow]", "    evidence: [minister-will-allow]",
     "case.yaml", 34, "stances[state-a-opposes].evidence", "unknown quote 'minister-will-allow'"),
    ("not-verbatim", ANN, "    text: We will not allow it.", "    text: We shall not allow it.",
     ANN, 5, "quotes[minister-will-not-allow].text", "closest passage: '“We will not allow it.”'"),
    ("straight-quotes", ANN, "    text: a mistake\n    occurrence: 1", "    text: '\"a mistake\"'\n    occurrence: 1",
     ANN, 11, "quotes[officials-mistake].text", "not found verbatim"),
    ("typo-corrected", "case.yaml", "        text: the the minister repeated", "        text: and the minister repeated",
     "case.yaml", 45, "relations[a-confronts-b].evidence[1].text", "not found verbatim"),
    ("ambiguous-span", ANN, "    text: a mistake\n    occurrence: 1\n", "    text: a mistake\n",
     ANN, 11, "quotes[officials-mistake].text", "found 2 times"),
    ("bad-date", ANN, "    date: 2017-10-02\n  - id: officials", "    date: 2017-02-30\n  - id: officials",
     ANN, 9, "quotes[minister-will-not-allow].date", "'2017-02-30' is not an ISO date"),
    ("source-missing-rights", SRC, "rights: written for the tests; not part of any case\n", "",
     SRC, 2, "front matter.rights", "missing required field"),
    ("unknown-event", "case.yaml", "      - event: vote-held", "      - event: vote-hold",
     "case.yaml", 46, "relations[a-confronts-b].evidence[2].event", "unknown event 'vote-hold'"),
]


def build() -> None:
    out = HERE / "broken"
    shutil.rmtree(out, ignore_errors=True)
    for name, file, old, new, *expected in CASES:
        target = out / name
        shutil.copytree(HERE / "minimal", target)
        text = (target / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        (target / file).write_text(text.replace(old, new), encoding="utf-8")
        exp_file, line, field, message = expected
        (target / "EXPECTED").write_text(f"{exp_file}\n{line}\n{field}\n{message}\n", encoding="utf-8")


if __name__ == "__main__":
    build()
