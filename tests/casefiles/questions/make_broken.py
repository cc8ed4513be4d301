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


if __name__ == "__main__":
    build()
