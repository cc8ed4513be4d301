"""The network figure's stored layout: `casekit layout` writes it into case.yaml, the loader checks it,
and the figures use it (so a lesson does not import networkx, and the picture does not depend on the
networkx version installed)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casekit import load_case, plots
from casekit.casefile import CasefileError, load_case_without_layout
from casekit.cli import main
from casekit.instructor import with_layout

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "tests" / "casefiles" / "second-case"


@pytest.fixture
def second(tmp_path):
    folder = tmp_path / "second-case"
    shutil.copytree(SECOND, folder)
    return folder


def test_the_case_layout_covers_every_actor_in_a_relation_and_serves_every_period():
    """One stored layout for the whole case and all its periods: it places exactly the actors in a
    relation (the loader refuses a stale one), and each period's figure puts its actors where the
    whole network does, so the picture stays the same from one period to the next. (It was written
    by `casekit layout --write` and kept when relations were re-typed: positions of actors that
    remain do not move.)"""
    case = load_case(ROOT / "casefiles" / "kurdistan-2017")
    stored = plots.network_positions(case)
    assert case.layout and set(stored) == {a for r in case.relations for a in (r.actor, r.other)}
    assert {a: (x, y) for a, x, y in case.layout} == stored
    # not stale: `casekit layout` keeps these places (it lays out anew only with --fresh)
    assert plots.computed_positions(load_case_without_layout(ROOT / "casefiles" / "kurdistan-2017"), keep=stored) == stored
    assert len(case.periods) == 3
    for period in case.periods:
        figure = plots.network(case, period=period.id).figure
        ax = figure.axes[0]
        names = {"".join(t.get_text().split()) for t in ax.texts}
        for actor in {a for r in case.relations_in(period.id) for a in (r.actor, r.other)}:
            label = "".join(case.actor(actor).name.split())
            assert label in names, (period.id, actor)
    whole = {t.get_text(): t.get_position() for t in plots.network(case).figure.axes[0].texts}
    first = {t.get_text(): t.get_position() for t in plots.network(case, period=case.periods[0].id).figure.axes[0].texts}
    shared = set(whole) & set(first) - {t for t in whole if t.isdigit()}
    assert shared and all(whole[t] == first[t] for t in shared)


def test_a_lesson_drawing_the_network_does_not_import_networkx():
    code = ("import sys, casekit\nfrom casekit import plots\n"
            "case = casekit.load_case('casefiles/kurdistan-2017')\nplots.network(case).to_bytes('png')\n"
            "print('networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_layout_write_then_the_figure_uses_it(second, capsys):
    assert load_case(second).layout == ()  # no layout: computed
    computed = plots.network_positions(load_case(second))
    assert main(["layout", "--case", str(second)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# Where each actor") and "\nlayout:\n" in printed
    before = (second / "case.yaml").read_text(encoding="utf-8")
    assert main(["layout", "--case", str(second), "--write"]) == 0
    after = (second / "case.yaml").read_text(encoding="utf-8")
    assert after.startswith(before) and after.endswith(printed)
    case = load_case(second)
    assert plots.network_positions(case) == computed
    # an instructor moves an actor by hand: the figure follows
    moved = after.replace(f"  {case.layout[0][0]}: [", f"  {case.layout[0][0]}: [0.9999, 0.9999] #", 1)
    (second / "case.yaml").write_text(moved, encoding="utf-8")
    assert plots.network_positions(load_case(second))[case.layout[0][0]] == (0.9999, 0.9999)
    # writing again keeps the places already stored (the one moved by hand too); --fresh lays out anew
    # and replaces the block, nothing else
    assert main(["layout", "--case", str(second), "--write"]) == 0
    assert plots.network_positions(load_case(second))[case.layout[0][0]] == (0.9999, 0.9999)
    assert main(["layout", "--case", str(second), "--write", "--fresh"]) == 0
    assert (second / "case.yaml").read_text(encoding="utf-8") == after


def test_a_new_actor_is_placed_and_the_others_keep_their_places(second):
    """The picture stays the same when a relation brings a new actor: only that actor is placed."""
    assert main(["layout", "--case", str(second), "--write"]) == 0
    before = plots.network_positions(load_case(second))
    path = second / "case.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("relations:\n", "relations:\n  - id: ostrelia-valdoria\n    actor: ostrelia\n    other: valdoria\n"
                        "    mode: verbal\n    valence: cooperation\n    strength: explicit\n    date: 2031-03-14\n"
                        "    summary: Test relation.\n    evidence: [qasim-following-closely]\n    note: Test data.\n", 1)
    # the pair is now related: no longer one the network asks about as having no stated relation
    text = text.replace("no_relation_pairs: [[ostrelia, valdoria]]", "no_relation_pairs: []", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CasefileError, match="no place for 'ostrelia'"):
        load_case(second)
    assert main(["layout", "--case", str(second), "--write"]) == 0
    after = plots.network_positions(load_case(second))
    assert set(after) == set(before) | {"ostrelia"} and all(after[a] == before[a] for a in before)
    assert all(-1 <= v <= 1 for v in after["ostrelia"]) and after["ostrelia"] not in before.values()


def test_with_layout_replaces_only_the_layout_block():
    text = "id: x\n# about the layout\nlayout:\n  a: [0, 0]\n\n# the terms\nterms: []\n"
    out = with_layout(text, "layout:\n  b: [1, 1]\n")
    assert out == "id: x\nlayout:\n  b: [1, 1]\n\n# the terms\nterms: []\n"
    assert with_layout("id: x", "layout: {}\n") == "id: x\n\nlayout: {}\n"


@pytest.mark.parametrize("entry, message", [
    ("  atlantis: [0, 0]", "unknown actor 'atlantis'"),
    ("  {first}: [0, 2]", "expected [x, y], two numbers from -1 to 1"),
    ("  {first}: zero", "expected [x, y], two numbers from -1 to 1"),
    ("  {first}: [0, true]", "expected [x, y], two numbers from -1 to 1"),
])
def test_a_wrong_layout_entry_is_named_with_its_line(second, entry, message):
    assert main(["layout", "--case", str(second), "--write"]) == 0
    path = second / "case.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = load_case(second).layout[0][0]
    at = lines.index("layout:") + 1
    lines[at] = entry.format(first=first)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CasefileError) as info:
        load_case(second)
    problems = [p for p in info.value.problems if p.field == "layout"]
    assert problems and message in problems[0].message
    assert any(p.line == at + 1 for p in problems), [(p.line, p.message) for p in problems]


def test_a_stale_layout_says_how_to_refresh_it(second, capsys):
    assert main(["layout", "--case", str(second), "--write"]) == 0
    path = second / "case.yaml"
    first = load_case(second).layout[0][0]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(f"  {first}: [")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CasefileError) as info:
        load_case(second)
    assert f"no place for '{first}'" in str(info.value) and "casekit layout" in str(info.value)
    assert main(["validate", str(second)]) == 1
    # the command that refreshes it works on the stale casefile
    assert main(["layout", "--case", str(second), "--write"]) == 0
    assert first in dict((a, (x, y)) for a, x, y in load_case(second).layout)
