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
    ("direct-without-marks", ANN, "    presentation: none\n    genre: analysis", "    presentation: direct\n    genre: speech",
     ANN, 22, "quotes[outlet-means-it].presentation", "no quotation marks enclose the words"),
    ("indirect-in-marks", ANN, "    presentation: direct\n    genre: speech", "    presentation: indirect\n    genre: report_of_speech",
     ANN, 7, "quotes[minister-will-not-allow].presentation", "the words stand inside quotation marks"),
    ("outlet-genre-in-marks", ANN, "    presentation: direct\n    genre: statement", "    presentation: direct\n    genre: reporting",
     ANN, 15, "quotes[officials-mistake].presentation", "words in quotation marks are the speaker's"),
    ("old-kind-field", ANN, "    presentation: none\n    genre: analysis", "    kind: analysis",
     ANN, 22, "quotes[outlet-means-it].kind", "a field of old, replaced by two fields"),
    ("verified-on-unverified", SRC, "notes: Invented text.", "unverified: The page could not be retrieved again.\nnotes: Invented text.",
     "case.yaml", 25, "events[vote-held].status", "'verified' rests on unverified text alone"),
    ("stance-on-unverified", SRC, "notes: Invented text.", "unverified: The page could not be retrieved again.\nnotes: Invented text.",
     "case.yaml", 34, "stances[state-a-opposes].evidence", "the stance rests on unverified text alone"),
    ("straight-quotes", ANN, "    text: a mistake\n    occurrence: 1", "    text: '\"a mistake\"'\n    occurrence: 1",
     ANN, 12, "quotes[officials-mistake].text", "not found verbatim"),
    ("typo-corrected", "case.yaml", "        text: the the minister repeated", "        text: and the minister repeated",
     "case.yaml", 47, "relations[a-confronts-b].evidence[1].text", "not found verbatim"),
    ("ambiguous-span", ANN, "    text: a mistake\n    occurrence: 1\n", "    text: a mistake\n",
     ANN, 12, "quotes[officials-mistake].text", "found 2 times"),
    ("bad-date", ANN, "    date: 2017-10-02\n  - id: officials", "    date: 2017-02-30\n  - id: officials",
     ANN, 10, "quotes[minister-will-not-allow].date", "'2017-02-30' is not an ISO date"),
    ("source-missing-rights", SRC, "rights: written for the tests; not part of any case\n", "",
     SRC, 2, "front matter.rights", "missing required field"),
    ("unknown-event", "case.yaml", "      - event: vote-held", "      - event: vote-hold",
     "case.yaml", 48, "relations[a-confronts-b].evidence[2].event", "unknown event 'vote-hold'"),
]


# The same, made from features/ (the minimal casefile with every optional field): the rules of
# partial dates, notes, unclear positions, confidence, languages, renderings, headlines, unnamed
# speakers, disputed attributions and several reporting chains.
FANN_AR = "annotations/demo-ar-2017-09.yaml"
FANN_EN = "annotations/demo-en-2017-09.yaml"
FSRC_EN = "sources/demo-en-2017-09.md"
FSRC_AR = "sources/demo-ar-2017-09.md"
FEATURE_CASES = [
    ("bad-month", "case.yaml", "    date: 2017-10\n", "    date: 2017-13\n",
     "case.yaml", 60, "stances[outlet-unclear].date", "'2017-13' is not an ISO date (YYYY-MM-DD, or YYYY-MM"),
    ("unknown-position", "case.yaml", "    position: unclear", "    position: unsure",
     "case.yaml", 59, "stances[outlet-unclear].position", "'unsure' is not one of: support, oppose, conditional, mixed, unclear"),
    ("note-not-text", "case.yaml", "    note: Only the month of the statement is known.", "    note: [month]",
     "case.yaml", 87, "relations[a-warns-b].note", "expected text, got a list"),
    ("bad-confidence", FANN_AR, "confidence: B", "confidence: D",
     FANN_AR, 2, "annotations.confidence", "'D' is not one of: A, B, C"),
    ("doubt-missing", FANN_EN, "doubt: >\n  The rendering does not say who translated it.\n", "",
     FANN_EN, 2, "annotations.doubt", "a source graded C needs a doubt"),
    ("bad-lang", FANN_AR, "lang: ar", "lang: Arabic",
     FANN_AR, 3, "annotations.lang", "'Arabic' is not a BCP 47 language code"),
    ("renders-other-source", FANN_EN, "    renders: ar-will-not-allow", "    renders: minister-will-not-allow",
     FANN_EN, 16, "quotes[en-will-not-allow].renders", "is in source 'demo-2017-10-01', not in 'demo-ar-2017-09'"),
    ("renders-unknown-quote", FANN_EN, "    renders: ar-will-not-allow", "    renders: ar-will-allow",
     FANN_EN, 16, "quotes[en-will-not-allow].renders", "unknown quote 'ar-will-allow'; did you mean 'ar-will-not-allow'?"),
    ("renders-without-original", FSRC_EN, "translation_of: demo-ar-2017-09\ntranslated_by: Test outlet\n", "",
     FANN_EN, 16, "quotes[en-will-not-allow].renders", "has no translation_of"),
    ("translation-of-unknown", FSRC_EN, "translation_of: demo-ar-2017-09", "translation_of: demo-fa-2017-09",
     FSRC_EN, 11, "front matter.translation_of", "unknown source 'demo-fa-2017-09'"),
    ("translator-missing", FSRC_EN, "translated_by: Test outlet\n", "",
     FSRC_EN, 11, "front matter.translated_by", "must say who published the rendering"),
    ("headline-not-in-title", FANN_EN, "    text: we will not allow it\n", "    text: we shall not allow it\n",
     FANN_EN, 7, "quotes[en-headline].text", "not found verbatim in the title of source 'demo-en-2017-09'"),
    ("unnamed-not-bool", "case.yaml", "    unnamed: true", "    unnamed: 1",
     "case.yaml", 36, "people[spokesperson].unnamed", "expected true or false, got the number 1"),
    ("disputed-empty", FANN_EN, "    disputed: His office later said the spokesperson had been misquoted (same source).",
     "    disputed: ''", FANN_EN, 29, "quotes[spokesperson-closed].disputed", "expected text, got empty text"),
    ("published-unknown-without-notes", FSRC_AR,
     "published: 2017-09\nauthor: the casekit tests\nrights: written for the tests; not part of any case\n"
     "language: Arabic\nnotes: Invented text, dated only by its month.\n",
     "published: unknown\nauthor: the casekit tests\nrights: written for the tests; not part of any case\n"
     "language: Arabic\n",
     FSRC_AR, 7, "front matter.published", "the publication date is unknown: say why in notes"),
    ("chain-without-steps", "case.yaml", "    steps:\n      - The outlet adds its comment.\n", "    steps: []\n",
     "case.yaml", 13, "reporting_chains[outlet-comment].steps", "at least one step"),
]


def build() -> None:
    out = HERE / "broken"
    shutil.rmtree(out, ignore_errors=True)
    for base, cases in (("minimal", CASES), ("features", FEATURE_CASES)):
        for name, file, old, new, *expected in cases:
            target = out / name
            assert not target.exists(), name
            shutil.copytree(HERE / base, target)
            text = (target / file).read_text(encoding="utf-8")
            assert text.count(old) == 1, (name, old)
            (target / file).write_text(text.replace(old, new), encoding="utf-8")
            exp_file, line, field, message = expected
            (target / "EXPECTED").write_text(f"{exp_file}\n{line}\n{field}\n{message}\n", encoding="utf-8")


if __name__ == "__main__":
    build()
