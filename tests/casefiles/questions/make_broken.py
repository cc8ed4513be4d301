"""Regenerate the small casefiles under tests/casefiles/questions/ that break one bank rule each,
from base/: folder name, then (file, text to replace, replacement) edits. Each validates as a
casefile; tests/test_question_bank.py shows the rule it breaks. Run this after changing base/."""
import shutil
from pathlib import Path

HERE = Path(__file__).parent
GAMMA_TEXT = "Gammaland will work with Alphaland. The plan must stop.\n"

CASES = {
    # source-trust: a passage one outlet alone reports, and a source whose page could not be found again
    "unverified-keyed": [
        ("annotations/digest-2020-03.yaml", "  - id: rowe-not-allow\n", None),  # anchor checked below
        ("sources/gamma-2020-03-03.md", "notes: Invented text",
         "unverified: Invented for the tests; the page could not be retrieved again.\nnotes: Invented text"),
        ("case.yaml", "status: verified, source: gamma-2020-03-03", "status: unverified, source: gamma-2020-03-03"),
    ],
    # renderer-named: a source whose English is a wire agency's rendering
    "rendering-unnamed": [
        ("sources/gamma-2020-03-03.md", "notes: Invented text",
         "translated_by: Wire Agency (probably; not named in the stored copy)\n"
         "translation_of: an original in Gammish, not stored\nnotes: Invented text"),
    ],
    # marks-computed: a quotation of two paragraphs, whose marks open in the paragraph before the words
    "quotation-over-paragraphs": [
        ("sources/gamma-2020-03-03.md", GAMMA_TEXT,
         "Gammaland's president said: “Gammaland will work with Alphaland.\n\nThe plan must stop.”\n"),
        ("annotations/gamma-2020-03-03.yaml", "    presentation: none\n    genre: statement\n",
         "    presentation: direct\n    genre: speech\n"),
        ("annotations/gamma-2020-03-03.yaml", "    presentation: none\n    genre: statement\n",
         "    presentation: direct\n    genre: speech\n"),
    ],
}
# comparison-true: two renderings of one passage whose words partly only move ("now")
RENDERING = """---
id: gamma-2020-03-03--en-{x}
title: Wire {X}'s English of the President of Gammaland's statement
outlet: Wire {X}
url: https://example.org/gamma-{x}
kind: published English rendering (by Wire {X}) of official statement
published: 2020-03-03
author: Cy Cole, President of Gammaland
rights: written for the tests; not part of any case
translation_of: gamma-2020-03-03
translated_by: Wire {X}
notes: Invented text for the question-bank checks.
---
{text}
"""
ANNOTATION = """source: gamma-2020-03-03--en-{x}
fragments: true
quotes:
  - id: cole-must-stop-{x}
    text: {text}
    speaker: cole
    presentation: direct
    genre: statement
    cue: null
    date: 2020-03-03
    renders: cole-must-stop
"""
ADDED = {
    "renderings-moved": {
        "a": "We say that the plan must be stopped now by all.",
        "b": "Now we say that the plan must be halted by all.",
    },
}
UNVERIFIED_QUOTE = ("    speaker: rowe\n    presentation: mixed\n",
                    "    speaker: rowe\n    unverified: Reported by one outlet alone (invented for the tests).\n"
                    "    presentation: mixed\n")


def build() -> None:
    for name, edits in CASES.items():
        folder = HERE / name
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(HERE / "base", folder)
        for file, old, new in edits:
            path = folder / file
            text = path.read_text(encoding="utf-8")
            if new is None:  # the unverified passage: the first quote whose speaker is rowe and presentation mixed
                old, new = UNVERIFIED_QUOTE
            assert old in text, (name, file, old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, texts in ADDED.items():
        folder = HERE / name
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(HERE / "base", folder)
        for x, text in texts.items():
            fields = {"x": x, "X": x.upper(), "text": text}
            (folder / "sources" / f"gamma-2020-03-03--en-{x}.md").write_text(RENDERING.format(**fields), encoding="utf-8")
            (folder / "annotations" / f"gamma-2020-03-03--en-{x}.yaml").write_text(ANNOTATION.format(**fields),
                                                                                    encoding="utf-8")
        case = folder / "case.yaml"
        case.write_text(case.read_text(encoding="utf-8").replace("    sources: [digest-2020-03]\n",
                        "    sources: [digest-2020-03, gamma-2020-03-03]\n", 1), encoding="utf-8")


if __name__ == "__main__":
    build()
