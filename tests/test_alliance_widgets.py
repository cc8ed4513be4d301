"""The regional-alliances exercise driven from Python: stances, builder, balance, evidence, timeline."""
from __future__ import annotations

import pytest

from casekit import alliances
from casekit.answers import read
from casekit.grading import grade
from casekit.questions import pair_key
from casekit.widgets import AllianceBuilder, BalanceCheck, Quiz, alliance_exercise

EX = "regional-alliances"


@pytest.fixture
def exercise(case, tmp_path, start_exercise):
    return start_exercise(alliance_exercise, case, tmp_path, "Ana")


def saved(tmp_path):
    return read(tmp_path / "kurdistan-2017" / "ana.json").exercises[EX].attempts


def test_parts_are_built_in_order(exercise):
    kinds = [type(x).__name__ for x in exercise.widgets]
    assert kinds == ["Quiz", "Quiz", "AllianceBuilder", "BalanceCheck", "Quiz", "Quiz", "Quiz", "Quiz", "Quiz",
                     "MorePractice"]
    assert {q.kind for q in exercise.widgets[0].questions} == {"stance"}
    assert {q.kind for q in exercise.widgets[1].questions} == {"relation_type"}
    assert [{q.kind for q in w.questions} for w in exercise.widgets[4:7]] == [{"issue_triad"}, {"resolution"},
                                                                              {"evidence"}]


def test_go_to_part_only_where_there_are_parts(exercise):
    single = exercise.widgets[0]  # stances only: the exercise's part heading names it
    assert single.jump not in [c for box in single.children for c in getattr(box, "children", [box])]
    assert "Part:" not in single.part.value and "Question 1 of" in single.current.prompt.value


def test_builder_redraws_without_moving_nodes(case, exercise):
    builder = exercise.part(AllianceBuilder)
    before, count = builder.picture.value, builder.redraws
    first = builder.questions[0]
    builder.pickers[first.id].value = "confronts"
    assert builder.picture.value != before and builder.redraws == count + 1
    assert "conflict" in builder.description.value
    # the layout is fixed: the same signs give the same picture
    builder.pickers[first.id].value = None
    assert builder.picture.value == before


def test_builder_check_records_and_names_differences(case, exercise, tmp_path):
    builder = exercise.part(AllianceBuilder)
    iran_iraq = next(q for q in builder.questions if q.id == "relation/iran--iraq")
    builder.pickers[iran_iraq.id].value = "confronts"
    builder.check_button.click()
    builder.check_button.click()  # a double click records nothing new
    attempts = saved(tmp_path)
    assert [(a.question, a.answer, a.correct) for a in attempts] == [("relation/iran--iraq", "confronts", False)]
    assert "✘ Not yet" in builder.details.value
    assert "0 of the 1 pair you chose match the sources" in builder.feedback.value
    # a first wrong try is told "not yet", not the sources' relation: nothing of it is drawn or listed
    assert "cooperation" not in builder.compare_description.value and not attempts[0].revealed
    assert "No pair's answer has been given yet" in builder.compare_description.value and not builder.compare_picture.value
    builder.pickers[iran_iraq.id].value = "none"
    builder.check_button.click()  # a second wrong try: the answer is shown, and the reveal recorded
    assert "The answer is: cooperation" in builder.details.value and saved(tmp_path)[-1].revealed
    assert "you have no relation, the sources show cooperation" in builder.compare_description.value
    assert builder.compare_picture.value
    builder.pickers[iran_iraq.id].value = "cooperates"
    builder.check_button.click()
    assert [a.correct for a in saved(tmp_path)] == [False, False, True] and "✔ Right" in builder.details.value
    book = grade(case, [tmp_path / "kurdistan-2017" / "ana.json"])
    result = book.results[0]
    assert result.final["relation/iran--iraq"] is False and "relation/iran--iraq" in result.shown


def test_check_my_network_shows_only_the_pairs_answered(case, exercise, tmp_path):
    builder = exercise.part(AllianceBuilder)
    first, second = builder.questions[:2]
    builder.pickers[first.id].value = first.answer
    builder.check_button.click()
    names = lambda q: [case.actor(a).name for a in q.id.split("/", 1)[1].split("--")]  # noqa: E731
    assert "No differences" in builder.compare_description.value  # the unanswered pairs are not differences
    assert "Each pair you chose" in builder.details.value and builder.pickers[second.id].description not in builder.details.value
    assert " – ".join(names(second)) not in builder.compare_description.value


def test_balance_from_the_students_network(case, exercise, tmp_path):
    builder = exercise.part(AllianceBuilder)
    for q in builder.questions:
        builder.pickers[q.id].value = q.answer
    builder.check_button.click()  # the triads are those of the checked (recorded) network
    balance = exercise.part(BalanceCheck)
    balance.list_button.click()
    offered = {frozenset(q.id.split("/", 1)[1].split("--")) for q in builder.questions}  # the pairs offered
    expected = alliances.triads({p: s for p, s in alliances.case_signs(case).items() if p in offered})
    assert expected and [t.actors for t, *_ in balance.items] == [t.actors for t in expected]
    for triad, radio, button, out in balance.items:
        # the right pattern about the wrong actor is wrong: the verdict names the actor it turns on
        assert triad.pivot
        wrong = next(v for v in radio._values if v.startswith(triad.pattern) and v != alliances.verdict_key(triad))
        radio.value = wrong
        button.click()
        assert "✘" in out.value
        radio.value = alliances.verdict_key(triad)
        button.click()
        assert "✔" in out.value
    verdicts = [a for a in saved(tmp_path) if a.question.startswith("balance/")]
    assert len(verdicts) == 2 * len(expected) and [a.correct for a in verdicts[:2]] == [False, True]
    assert [a.revealed for a in verdicts[:2]] == [True, False]  # a wrong verdict is told the triad's balance
    # the grader re-marks them from the id, not from the record's own "correct"; a verdict made after
    # being told is not counted right in the end
    book = grade(case, [tmp_path / "kurdistan-2017" / "ana.json"])
    assert not book.rejected
    assert book.results[0].balance[EX] == [(False, False)] * len(expected)


def test_a_different_network_gives_different_triads(case, exercise):
    builder = exercise.part(AllianceBuilder)
    builder.pickers["relation/iran--iraq"].value = "confronts"
    builder.pickers["relation/iraq--krg"].value = "confronts"
    builder.pickers["relation/iran--krg"].value = "confronts"
    balance = exercise.part(BalanceCheck)
    balance.list_button.click()
    assert balance.items == [] and "press Check my network" in balance.rows.children[0].value
    builder.check_button.click()
    balance.list_button.click()
    assert [(t.actors, t.signs, t.balanced) for t, *_ in balance.items] == [(("iran", "iraq", "krg"), (-1, -1, -1), False)]


def test_resume_restores_builder_choices(case, exercise, tmp_path, start_exercise):
    builder = exercise.part(AllianceBuilder)
    builder.pickers["relation/iran--turkey"].value = "cooperates"
    builder.check_button.click()
    again = start_exercise(alliance_exercise, case, tmp_path, "Ana")
    assert again.part(AllianceBuilder).pickers["relation/iran--turkey"].value == "cooperates"


@pytest.mark.parametrize("right", [True, False])
def test_full_pass(case, exercise, tmp_path, right, answer_quiz):
    """Every part answered, all right or all wrong; the gradebook agrees."""
    for widget in exercise.widgets:
        if isinstance(widget, Quiz):
            answer_quiz(widget, right)
        elif isinstance(widget, AllianceBuilder):
            for q in widget.questions:
                widget.pickers[q.id].value = q.answer if right else next(c.value for c in q.choices if c.value != q.answer)
            widget.check_button.click()
    book = grade(case, [tmp_path / "kurdistan-2017" / "ana.json"])
    first, final, out_of = book.totals(book.results[0], EX)
    assert out_of == len([q for q in exercise.questions if not q.is_open])
    assert (first, final) == ((out_of, out_of) if right else (0, 0))
    assert pair_key(case, "iran", "iraq") == "cooperates"


def test_triads_are_the_triangles_networkx_finds():
    """The balance exercise's triads (found in plain Python) are exactly the triangles of definite
    signs that networkx's clique enumeration finds, on random signed networks."""
    import itertools
    import random

    import networkx as nx

    from casekit.alliances import triads

    rng = random.Random(3)
    for _ in range(200):
        names = [f"a{i}" for i in range(rng.randint(0, 9))]
        signs = {frozenset(p): rng.choice((1, -1, 0)) for p in itertools.combinations(names, 2) if rng.random() < 0.5}
        g = nx.Graph([tuple(sorted(p)) for p, s in signs.items() if s])
        expected = sorted(tuple(sorted(c)) for c in nx.enumerate_all_cliques(g) if len(c) == 3)
        found = triads(signs)
        assert [t.actors for t in found] == expected
        for t in found:
            a, b, c = t.actors
            assert t.signs == (signs[frozenset((a, b))], signs[frozenset((a, c))], signs[frozenset((b, c))])


def test_a_resumed_exercise_shows_the_triad_verdicts_at_once(case, exercise, tmp_path, start_exercise):
    """After a restart the triads already judged are listed with their verdicts, without pressing
    List the triads again."""
    builder = exercise.part(AllianceBuilder)
    for q in builder.questions:
        builder.pickers[q.id].value = q.answer
    builder.check_button.click()
    balance = exercise.part(BalanceCheck)
    balance.list_button.click()
    triad, radio, button, out = balance.items[0]
    radio.value = alliances.verdict_key(triad)
    button.click()
    again = start_exercise(alliance_exercise, case, tmp_path, "Ana")
    resumed = again.part(BalanceCheck)
    assert resumed.items and resumed.items[0][0].actors == triad.actors
    assert "✔" in resumed.items[0][3].value and resumed.items[0][1].value == radio.value


def test_no_balance_part_where_no_triad_can_form(tmp_path, start_exercise):
    """A case whose offered pairs make no triangle gets no "Balance" part (it promised triads the
    student's network could never have); the parts that remain are lettered in order."""
    from pathlib import Path

    from casekit import load_case

    second = load_case(Path(__file__).parent / "casefiles" / "second-case")
    pairs = {frozenset(q.id.split("/", 1)[1].split("--")): 1
             for q in alliance_exercise(second, folder=tmp_path).questions if q.kind == "relation"}
    assert pairs and not alliances.triads(pairs)
    titles = [title for title, _ in alliance_exercise(second, folder=tmp_path).parts if title]
    assert not [t for t in titles if "Balance" in t]
    assert [t.split(".")[0] for t in titles] == [f"Part {letter}" for letter in "ABCDEFGHIJ"[:len(titles)]]
    started = start_exercise(alliance_exercise, second, tmp_path, "Ana")
    assert started.part(BalanceCheck) is None and started.part(AllianceBuilder) is not None
