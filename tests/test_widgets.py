"""Exercise widgets driven from Python: choose, Check, read feedback and the saved record."""
from __future__ import annotations

import html
import json

import pytest

from casekit.answers import read
from casekit.questions import exercise_questions, key_checksum, select
from casekit.widgets import attribution_quiz


def check_widget(widget, **expected):
    """Assert that a widget's traits have the expected values."""
    for name, value in expected.items():
        assert getattr(widget, name) == value, (name, getattr(widget, name), value)


@pytest.fixture
def exercise(case, tmp_path, start_exercise):
    return start_exercise(attribution_quiz, case, tmp_path, "Ana Lima")


def saved(tmp_path):
    return read(tmp_path / "kurdistan-2017" / "ana-lima.json").exercises["source-attribution"].attempts


def wrong_choice(card):
    return next(c.value for c in card.question.choices if c.value != card.question.answer)


def test_nothing_before_a_name(case, tmp_path):
    ex = attribution_quiz(case, folder=tmp_path)
    ex.start_button.click()
    assert ex.quiz is None and "✘" in ex.message.value and not list(tmp_path.iterdir())


def test_wrong_then_right_is_recorded_with_feedback(exercise, tmp_path):
    card = exercise.quiz.current
    card.choice.value = wrong_choice(card)
    card.check_button.click()
    assert "✘ Not yet" in card.feedback.value and "Hint" in card.feedback.value
    check_widget(card.check_button, disabled=True)
    check_widget(card.retry_button, disabled=False)
    card.retry_button.click()
    check_widget(card.choice, value=None)
    card.choice.value = card.question.answer
    card.check_button.click()
    assert "✔ Right" in card.feedback.value and "Source:" in card.feedback.value
    attempts = saved(tmp_path)
    assert [(a.correct, a.attempt) for a in attempts] == [(False, 1), (True, 2)]
    assert attempts[0].question == card.question.id
    assert "right at the first try: 0" in exercise.quiz.score.value and "Answered 1 of" in exercise.quiz.score.value


def test_double_click_is_one_attempt(exercise, tmp_path):
    card = exercise.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    card.check()  # the button is disabled, but a second programmatic click must not count either
    assert len(saved(tmp_path)) == 1


def test_changing_the_answer_after_checking(exercise, tmp_path):
    card = exercise.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    card.choice.value = wrong_choice(card)
    check_widget(card.check_button, disabled=False)
    assert "Changed since" in card.status.value
    card.check_button.click()
    assert [a.correct for a in saved(tmp_path)] == [True, False]


def test_check_without_a_choice_records_nothing(exercise, tmp_path):
    exercise.quiz.current.check_button.click()
    assert "Choose an answer first" in exercise.quiz.current.feedback.value
    assert not (tmp_path / "kurdistan-2017" / "ana-lima.json").exists()


def test_go_to_part_lists_every_part(exercise):
    quiz = exercise.quiz
    assert len(quiz.jump.options) > 2 and quiz.part in quiz.children
    title, start = quiz.jump.options[2]
    quiz.jump.value = start
    assert quiz.index == start and title in quiz.part.value


def test_download_link_is_the_saved_file(exercise, tmp_path):
    import base64

    exercise.download_button.click()
    assert "Nothing is saved yet" in exercise.download_link.value
    card = exercise.quiz.current
    card.choice.value = wrong_choice(card)
    card.check()
    exercise.download_button.click()
    link = exercise.download_link.value
    assert 'download="ana-lima.json"' in link
    data = base64.b64decode(link.split("base64,", 1)[1].split('"', 1)[0])
    assert data == (tmp_path / "kurdistan-2017" / "ana-lima.json").read_bytes()
    card.try_again()
    card.choice.value = card.question.answer
    card.check()  # one more answer: the link made before would be out of date
    assert "base64" not in exercise.download_link.value and "again" in exercise.download_link.value


def test_paragraph_toggle(exercise):
    card = exercise.quiz.current
    assert card.paragraph.value == ""
    card.more.value = True
    assert len(card.paragraph.value) > len(card.question.sentence)
    card.more.value = False
    assert card.paragraph.value == ""


def test_resume_after_restart_shows_saved_state(case, exercise, tmp_path, start_exercise):
    card = exercise.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    exercise.quiz.go(3)
    third = exercise.quiz.current
    third.choice.value = wrong_choice(third)
    third.check_button.click()
    third.try_again()
    third.choice.value = next(c.value for c in third.question.choices
                              if c.value not in (third.question.answer, wrong_choice(third)))
    third.check_button.click()
    third.try_again()
    third.choice.value = wrong_choice(third)
    third.check_button.click()
    # a kernel restart: everything in memory is gone, the page is opened again
    again = start_exercise(attribution_quiz, case, tmp_path, "Ana Lima")
    # questions answered, not attempts (4 were saved); no server path; what a student can do
    assert "your answers to 2 questions were reloaded" in again.message.value
    assert "saved answer(s)" not in again.message.value and str(tmp_path) not in again.message.value
    assert "Download my answers" in again.message.value and "open this page again" in again.message.value
    # it goes on at the first question not yet answered
    assert again.quiz.index == 1
    again.quiz.go(0)
    first = again.quiz.current
    check_widget(first.choice, value=card.question.answer)
    assert "✔" in first.feedback.value
    again.quiz.go(3)
    assert again.quiz.current.choice.value == third.choice.value and "✘" in again.quiz.current.feedback.value
    assert again.quiz.current.attempts == 3
    # a new attempt continues the numbering
    again.quiz.current.try_again()
    again.quiz.current.choice.value = again.quiz.current.question.answer
    again.quiz.current.check_button.click()
    assert [a.attempt for a in saved(tmp_path) if a.question == third.question.id] == [1, 2, 3, 4]


def test_reset_asks_first(exercise, tmp_path):
    card = exercise.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    exercise.reset_button.click()
    assert "Are you sure" in exercise.message.value and exercise.confirm_box.children
    exercise.confirm_no.click()
    assert len(saved(tmp_path)) == 1
    exercise.reset_button.click()
    exercise.confirm_yes.click()
    assert saved(tmp_path) == [] and "Reset done" in exercise.message.value
    assert exercise.quiz.current.choice.value is None
    assert any("reset" in p.name for p in (tmp_path / "kurdistan-2017").iterdir())


def test_ordering_question(exercise, tmp_path):
    quiz = exercise.quiz
    i = next(k for k, q in enumerate(quiz.questions) if q.kind == "chain")
    quiz.go(i)
    card = quiz.current
    values = [c.value for c in card.question.choices]
    assert card.answer() == tuple(values)  # the items start in the shuffled order shown
    focused = []
    for button in card.up_buttons + card.down_buttons:
        button.focus = lambda b=button: focused.append(b)
    first_down = card.order_box.children[0].children[1]
    first_down.click()  # "Move down" on the first item
    assert card.answer()[:2] == (values[1], values[0])
    assert card.order_box.children[0].children[0].disabled  # nothing above the first
    assert card.order_box.children[0].children[1] is first_down  # the pressed button was not replaced
    assert focused == [card.down_buttons[1]]  # the focus follows the item to its new place
    assert card.item_labels[1].value == f"<b>2.</b> {html.escape(card.question.label_of(values[0]), quote=True)}"
    last = len(values) - 1
    for pos in range(1, last):
        card.move(pos, +1)  # take the item all the way down
    assert focused[-1] is card.up_buttons[last]  # at the bottom, Move down is disabled: focus Move up
    assert card.answer()[-1] == values[0]
    card.set_answer(tuple(reversed(card.question.answer)))
    card.check_button.click()
    assert "✘" in card.feedback.value and "not in their place" in card.feedback.value
    card.try_again()
    card.set_answer(card.question.answer)
    card.check_button.click()
    assert "✔" in card.feedback.value
    attempts = [a for a in saved(tmp_path) if a.question == card.question.id]
    assert [a.correct for a in attempts] == [False, True] and attempts[1].answer == list(card.question.answer)
    assert sorted(values) == sorted(card.question.answer)


def test_open_question_is_recorded_as_text(exercise, tmp_path):
    quiz = exercise.quiz
    i = next(k for k, q in enumerate(quiz.questions) if q.is_open)
    quiz.go(i)
    card = quiz.current
    card.text.value = "Because it was quoted from another report."
    card.check_button.click()
    assert "Saved" in card.feedback.value
    card.text.value = "x" * 5001
    card.check_button.click()
    assert "longer than" in card.feedback.value
    attempts = [a for a in saved(tmp_path) if a.question == card.question.id]
    assert [a.answer for a in attempts] == ["Because it was quoted from another report."]
    assert attempts[0].correct is None


def test_words_that_arrive_after_saving_are_shown_as_unsaved(exercise, tmp_path):
    """The last words typed may reach the kernel after the click on Check (a slow connection): the
    card says the answer on screen is not the one saved, and saving again records it."""
    quiz = exercise.quiz
    quiz.go(next(k for k, q in enumerate(quiz.questions) if q.is_open))
    card = quiz.current
    card.text.value = "Because it was quoted"
    card.check_button.click()
    assert "changed" not in card.status.value
    card.text.value = "Because it was quoted from another report."  # the late update
    assert "has changed since it was saved" in card.status.value and not card.check_button.disabled
    card.check_button.click()
    answers = [a.answer for a in saved(tmp_path) if a.question == card.question.id]
    assert answers == ["Because it was quoted", "Because it was quoted from another report."]


def test_every_control_is_labelled(exercise):
    quiz = exercise.quiz
    seen = set()
    for i, q in enumerate(quiz.questions):
        if q.kind in seen:
            continue
        seen.add(q.kind)
        quiz.go(i)
        card = quiz.current
        for widget in _walk(card):
            kind = type(widget).__name__
            if kind in ("RadioButtons", "Dropdown", "Textarea", "Text", "ToggleButton", "ToggleButtons", "IntProgress"):
                assert widget.description, kind
            if kind == "Button":
                assert widget.description and widget.tooltip, kind
    assert exercise.name.description == "Your name"


def test_long_button_labels_are_never_cut_off(case, exercise, tmp_path, start_exercise):
    """ipywidgets gives a button a fixed width that fits about 12 characters beside an icon."""
    from casekit.widgets import alliance_exercise

    exercise.ask_reset()  # shows the confirmation buttons
    alliances = start_exercise(alliance_exercise, case, tmp_path / "b", "Ana")
    quizzes = [exercise.quiz] + [p for p in alliances.widgets if hasattr(p, "card")]
    cards = [quiz.card(i) for quiz in quizzes for i in range(len(quiz.questions))]  # every card, not only the first
    roots = [exercise, alliances, *cards]
    buttons = [x for root in roots for x in _walk(root) if type(x).__name__ == "Button"]
    assert len(buttons) > 10
    for b in buttons:
        if len(b.description) > 12:
            assert b.layout.width, b.description


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.parametrize("right", [True, False])
def test_full_pass(exercise, tmp_path, right, answer_quiz):
    """Answer every question (all right, or all wrong) and check the record and the score."""
    quiz = exercise.quiz
    answer_quiz(quiz, right, text="my answer")
    attempts = saved(tmp_path)
    assert len(attempts) == len(quiz.questions)
    marked = [a for a in attempts if a.correct is not None]
    assert all(a.correct is right for a in marked)
    n = len(marked) if right else 0
    assert f"right at the first try: {n} of {len(marked)}" in quiz.score.value
    data = json.loads((tmp_path / "kurdistan-2017" / "ana-lima.json").read_text(encoding="utf-8"))
    assert data["exercises"]["source-attribution"]["key_checksum"] == exercise.checksum


# --- what an exercise asks, and what counts ------------------------------------------------------


def test_an_exercise_offers_at_most_30_marked_questions_and_records_them(exercise, tmp_path):
    marked = [q for q in exercise.questions if not q.is_open]
    assert 0 < len(marked) <= 30 and exercise.practice
    card = exercise.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    section = read(tmp_path / "kurdistan-2017" / "ana-lima.json").exercises["source-attribution"]
    assert section.offered == [q.id for q in exercise.questions]
    assert "of 30" in exercise.quiz.score.value or f"of {len(marked)}" in exercise.quiz.score.value


def test_more_practice_is_saved_but_not_counted(case, exercise, tmp_path):
    from casekit.grading import grade
    from casekit.widgets.quiz import MorePractice

    practice = exercise.part(MorePractice)
    assert practice.quiz is None and practice.holder.children == ()
    practice.toggle.value = True
    card = practice.quiz.current
    assert card.question in exercise.practice and "not counted" in practice.quiz.score.value
    card.choice.value = card.question.answer
    card.check_button.click()
    offered = exercise.quiz.current
    offered.choice.value = offered.question.answer
    offered.check_button.click()
    book = grade(case, [tmp_path / "kurdistan-2017" / "ana-lima.json"])
    assert not book.rejected
    result = book.results[0]
    first, final, out_of = book.totals(result, "source-attribution")
    assert (first, final) == (1, 1) and out_of == sum(1 for q in exercise.questions if not q.is_open)
    row = dict(zip(book.columns(), book.rows()[0]))
    assert f"{card.question.id}: first" not in row  # answered, but offered to nobody for marks: no column
    assert row[f"{offered.question.id}: first"] == 1


def test_session_picks_the_questions(case, tmp_path):
    ex = attribution_quiz(case, folder=tmp_path, session=["who_said/hatami-new-scenario"])
    assert [q.id for q in ex.questions if not q.is_open] == ["who_said/hatami-new-scenario"]
    assert len(ex.practice) == len(exercise_questions(case, "source-attribution")) - len(ex.questions)
    assert ex.checksum == key_checksum(exercise_questions(case, "source-attribution"))


def test_records_made_before_stay_gradable(case, tmp_path):
    """A record with no list of what was offered, made against the earlier key, is re-marked on the current key."""
    from casekit.grading import grade

    earlier = case.exercises["source-attribution"]["earlier_keys"][0]
    record = {"format": "casekit-answers/1", "student": "Old", "case": case.id, "casekit_version": "0.1.0",
              "exercises": {"source-attribution": {"key_checksum": earlier, "attempts": [
                  {"question": "who_said/velayati-denounced-vote", "answer": "mei", "correct": False, "attempt": 1,
                   "time": ""}]}}}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    book = grade(case, [path])
    assert not book.rejected
    first, final, out_of = book.totals(book.results[0], "source-attribution")
    # "who said" is no longer asked of the outlet's own narration: the answer is kept, not marked
    assert "who_said/velayati-denounced-vote" not in {q.id for q in exercise_questions(case, "source-attribution")}
    assert (first, final) == (0, 0)
    default = select(case, "source-attribution", exercise_questions(case, "source-attribution"))
    assert out_of == sum(1 for q in default.offered if not q.is_open)  # the default choice; the withdrawn one not counted
    record["exercises"]["source-attribution"]["key_checksum"] = "0" * 64
    path.write_text(json.dumps(record), encoding="utf-8")
    assert grade(case, [path]).rejected


def test_a_network_without_a_triangle_does_not_ask_for_more_pairs(tmp_path, start_exercise):
    from pathlib import Path

    from casekit import load_case
    from casekit.widgets import AllianceBuilder, BalanceCheck, alliance_exercise

    small = load_case(Path(__file__).parent / "casefiles" / "questions" / "base")
    ex = start_exercise(alliance_exercise, small, tmp_path, "Ana")
    builder, balance = ex.part(AllianceBuilder), ex.part(BalanceCheck)
    balance.list_button.click()
    assert "still to choose" in balance.rows.children[-1].value
    for q in builder.questions:
        builder.pickers[q.id].value = q.answer
    builder.check_button.click()
    balance.list_button.click()
    text = " ".join(child.value for child in balance.rows.children)
    assert "choose more pairs" not in text and "no triangle" in text and "still to choose" not in text


def test_the_report_says_what_was_offered(case, exercise, tmp_path):
    from casekit.grading import grade
    from casekit.report import write_report

    card = exercise.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    md, _ = write_report(grade(case, [tmp_path / "kurdistan-2017" / "ana-lima.json"]), tmp_path / "report")
    from casekit.questions import select

    alliances = select(case, "regional-alliances", exercise_questions(case, "regional-alliances"))  # not started: its default
    offered = sum(1 for q in [*exercise.questions, *alliances.offered] if not q.is_open)
    text = md.read_text(encoding="utf-8")
    assert f"each student was offered {offered}; only those count" in text and f"out of {offered}." in text


def test_a_prompt_keeps_its_lines(case):
    """A question that sets two renderings on lines of their own shows them on lines of their own."""
    from casekit.widgets.cards import QuestionCard

    q = next(x for x in exercise_questions(case, "source-attribution") if x.kind == "what_differs")
    assert "\n" in q.prompt
    card = QuestionCard(q, lambda *a: None)
    assert card.prompt.value.count("<br>") == q.prompt.count("\n")
    assert html.escape(q.prompt.splitlines()[1], quote=True) in card.prompt.value


def test_previous_then_next_comes_back_to_the_same_question(exercise):
    """Previous from the first question of a part, then Next: the same question again (the "Go to
    part" control that follows the question shown does not send the quiz to the part's start)."""
    quiz = exercise.quiz
    starts = [start for _, start in quiz.jump.options]
    assert len(starts) > 1 and starts[1] - starts[0] > 1  # a part of more than one question before
    quiz.go(starts[1])
    quiz.prev_button.click()
    assert quiz.index == starts[1] - 1 and quiz.jump.value == starts[0]
    quiz.next_button.click()
    assert quiz.index == starts[1] and quiz.jump.value == starts[1]
    quiz.jump.value = starts[0]  # a part chosen by the student: its first question
    assert quiz.index == starts[0]


def test_no_paragraph_button_without_more_to_show(case, exercise):
    """A comparison of two renderings has no one paragraph, and a one-sentence paragraph would repeat
    the sentence: no "Show the whole paragraph" there (it opened an empty box)."""
    from casekit.widgets.cards import QuestionCard

    bank = exercise_questions(case, "source-attribution")
    differs = next(q for q in bank if q.kind == "what_differs")
    card = QuestionCard(differs, lambda *a: None)
    assert card.more not in card.children
    longer = next(q for q in bank if q.sentence and len(q.paragraph) > len(q.sentence) + 20)
    card = QuestionCard(longer, lambda *a: None)
    assert card.more in card.children
    card.more.value = True
    assert card.paragraph.value and "blockquote" in card.paragraph.value


def test_messages_name_no_server_path_and_say_what_to_do(exercise, tmp_path):
    """A student in the student view can neither see the server's folders nor run the notebook:
    the messages say what they can do (download, open the page again), with no path."""
    texts = [exercise.message.value]
    assert "Download my answers" in texts[0] and "open this page again" in texts[0]
    card = exercise.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    exercise.reset_button.click()
    texts.append(exercise.message.value)
    assert "1 question " in texts[-1]  # questions, not attempts
    exercise.confirm_yes.click()
    texts.append(exercise.message.value)
    for text in texts:
        assert str(tmp_path) not in text and "/" not in text and ".json" not in text, text
        assert "run the notebook" not in text
