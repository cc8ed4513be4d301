"""The exercises' semantics for keyboard and screen-reader users, driven headless from Python.

What the browser shows is tested in tests/e2e/test_a11y.py; here: which group labels which options,
where the focus is sent after each step, that feedback goes into one live region, and that no
button is disabled while the focus is on it.
"""
from __future__ import annotations

import re

import pytest
import traitlets

from casekit.widgets import AllianceBuilder, BalanceCheck, alliance_exercise, attribution_quiz
from casekit.widgets.a11y import CHOICES_ESM, FOCUS_ESM, LIVE_ESM, Choices, FocusManager, Live


@pytest.fixture
def exercise(case, tmp_path, start_exercise):
    return start_exercise(attribution_quiz, case, tmp_path, "Ana Lima")


@pytest.fixture
def alliances(case, tmp_path, start_exercise):
    return start_exercise(alliance_exercise, case, tmp_path, "Ana Lima")


def focused(ex):
    return ex.focus_manager.last


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


# --- the building blocks ------------------------------------------------------------------------

def test_choices_keep_value_and_index_in_step():
    c = Choices([("one", 1), ("two", (2, "b"))], label="Numbers")
    assert (c.value, c.index) == (None, -1)
    c.value = (2, "b")
    assert c.index == 1
    c.index = 0
    assert c.value == 1 and c.options == [("one", 1), ("two", (2, "b"))] and c.description == "Numbers"
    with pytest.raises(traitlets.TraitError, match="not one of the options"):
        c.value = 3
    with pytest.raises(traitlets.TraitError, match="outside"):
        c.index = 2


def test_the_front_end_code_makes_a_labelled_radio_group_and_a_live_region():
    """The ES modules shipped in the package: what a screen reader is told."""
    assert 'setAttribute("role", "radiogroup")' in CHOICES_ESM
    assert 'setAttribute("aria-labelledby"' in CHOICES_ESM and 'input.type = "radio"' in CHOICES_ESM
    assert "input.name = name" in CHOICES_ESM  # one name per group: one tab stop, arrow keys inside
    assert "data-lm-suppress-shortcuts" in CHOICES_ESM  # JupyterLab's notebook keys stay out
    assert 'setAttribute("aria-live", "polite")' in LIVE_ESM and 'setAttribute("role", "status")' in LIVE_ESM
    # the live region is made once, at render; a change only replaces what is inside it
    assert LIVE_ESM.count("createElement") == 1 and "region.innerHTML = " in LIVE_ESM
    assert ".focus()" in FOCUS_ESM and "disabled" in FOCUS_ESM
    for module in (CHOICES_ESM, LIVE_ESM, FOCUS_ESM):
        assert "http" not in module and "import " not in module  # nothing fetched at run time


def test_the_chosen_option_is_shown_by_more_than_shade():
    """A text mark, bold and a dark fill with white text (not a shade of grey)."""
    from casekit.widgets.a11y import CHOICES_CSS

    assert Choices([("a", 1)]).chosen_mark == "✔ chosen"
    chosen = re.search(r"\.casekit-look-buttons \.casekit-option\.casekit-chosen \{([^}]*)\}", CHOICES_CSS).group(1)
    assert "background: #1a1a1a" in chosen and "color: #fff" in chosen
    assert _contrast("#1a1a1a", "#ffffff") >= 3 and _contrast("#595959", "#ffffff") >= 3  # fill, and the border


def _contrast(a: str, b: str) -> float:
    def lum(hex_colour):
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_focus_manager_names_its_target_by_a_class():
    fm = FocusManager()
    button = Choices([("a", 1)])
    fm.focus(button)
    fm.focus(button, "first")
    assert fm.target == f"casekit-w-{button.model_id}" and fm.target in button._dom_classes
    assert fm.request == 2 and fm.which == "first" and fm.last is button
    assert list(button._dom_classes).count(fm.target) == 1


# --- the attribution exercise -------------------------------------------------------------------

def test_options_are_one_group_labelled_by_the_question(exercise):
    card = exercise.quiz.current
    assert isinstance(card.choice, Choices)
    assert f"id='{card.heading_id}'" in card.prompt.value and "tabindex='-1'" in card.prompt.value
    assert card.choice.labelledby == card.heading_id
    assert card.choice.labels == [c.label for c in card.question.choices]


def test_every_group_and_region_is_labelled(exercise, alliances):
    for root in (exercise, alliances):
        groups = [x for x in _walk(root) if isinstance(x, Choices)]
        assert groups
        for g in groups:
            assert g.label or g.labelledby, g.labels


def test_focus_after_start_check_try_again_and_next(exercise):
    """Start: the first question; Check: Try again (wrong) or Next (right); Try again: the first option;
    Next: the new question."""
    quiz = exercise.quiz
    card = quiz.current
    assert focused(exercise) is card.prompt
    card.choice.value = next(c.value for c in card.question.choices if c.value != card.question.answer)
    card.check_button.click()
    assert focused(exercise) is card.retry_button and not card.retry_button.disabled
    card.retry_button.click()
    assert focused(exercise) is card.choice and exercise.focus_manager.which == "first"
    assert not card.check_button.disabled
    card.choice.value = card.question.answer
    card.check_button.click()
    assert focused(exercise) is quiz.next_button and not quiz.next_button.disabled
    quiz.next_button.click()
    assert quiz.index == 1 and focused(exercise) is quiz.current.prompt
    # "Question 2 of N" is said once: in the heading the focus goes to, not again in the live region
    assert "Question 2 of" in quiz.current.prompt.value and "Question" not in quiz.part.value
    quiz.prev_button.click()
    assert focused(exercise) is quiz.current.prompt and quiz.index == 0


def test_no_button_is_disabled_while_it_has_the_focus(exercise):
    """Each time a button is disabled, the focus has already been sent elsewhere."""
    quiz = exercise.quiz
    moves = []
    original = exercise.focus_manager.focus

    def record(widget, which="auto"):
        moves.append(widget)
        original(widget, which)

    exercise.focus_manager.focus = record
    disabled_under_focus = []

    def watch(button):
        def changed(change):
            if change["new"] and moves and moves[-1] is button:
                disabled_under_focus.append(button.description)
        button.observe(changed, names="disabled")

    j = next(i for i, q in enumerate(quiz.questions) if not q.is_open and not q.is_order)
    quiz.go(j)
    for b in (quiz.next_button, quiz.prev_button):
        watch(b)
    card = quiz.current
    for b in (card.check_button, card.retry_button):
        watch(b)
    card.choice.value = card.question.answer
    moves.append(card.check_button)  # the student presses Check: the focus is on it
    card.check_button.click()
    moves.append(card.retry_button)
    card.retry_button.click()
    while quiz.index < len(quiz.questions) - 1:
        moves.append(quiz.next_button)
        quiz.next_button.click()  # at the last question Next is disabled, but the focus has left it
    assert quiz.next_button.disabled and disabled_under_focus == []
    assert card.check_button.disabled is False and card.retry_button.disabled is True


def test_last_question_right_answer_focuses_the_verdict(alliances):
    """Nothing to try again after a right answer: Try again is disabled, and on the last question
    (no Next) the focus goes to the verdict itself, which is read out."""
    quiz = alliances.widgets[0]  # positions on the vote: every question has options
    quiz.go(len(quiz.questions) - 1, move_focus=True)
    card = quiz.current
    assert card.next_step is None and card.question.choices
    card.choice.value = card.question.answer
    card.check_button.click()
    assert focused(alliances) is card.feedback and card.retry_button.disabled
    assert "tabIndex = -1" in LIVE_ESM  # the region can take the focus


def test_try_again_is_disabled_after_a_right_answer(exercise):
    card = exercise.quiz.current
    card.choice.value = next(c.value for c in card.question.choices if c.value != card.question.answer)
    card.check_button.click()
    assert not card.retry_button.disabled
    card.retry_button.click()
    card.choice.value = card.question.answer
    card.check_button.click()
    assert card.retry_button.disabled and card.check_button.disabled


def test_the_focus_moves_before_the_verdict_is_written(exercise):
    """A verdict announced just before a focus change is cut off by screen readers: the kernel asks
    for the focus first and writes the verdict after, and the live region holds new text back until
    a pending focus move is over."""
    card = exercise.quiz.current
    events = []
    exercise.focus_manager.observe(lambda ch: events.append("focus"), names="request")
    card.feedback.observe(lambda ch: events.append("verdict") if ch["new"] else None, names="value")
    card.choice.value = next(c.value for c in card.question.choices if c.value != card.question.answer)
    card.check_button.click()
    card.retry_button.click()
    card.choice.value = card.question.answer
    card.check_button.click()
    assert events == ["focus", "verdict", "focus", "focus", "verdict"]
    assert "casekit-focused" in LIVE_ESM and "casekit-focused" in FOCUS_ESM
    assert "casekitFocusing" in LIVE_ESM and "casekitFocusing" in FOCUS_ESM


def test_feedback_goes_into_one_live_region(exercise):
    card = exercise.quiz.current
    region = card.feedback
    assert isinstance(region, Live)
    card.check_button.click()  # nothing chosen
    assert region.value == "Choose an answer first."
    card.choice.value = card.question.answer
    card.check_button.click()
    assert card.feedback is region and "✔ Right" in region.value
    assert "role=" not in region.value  # the region itself is the status; its content is only text
    assert isinstance(exercise.message, Live) and isinstance(exercise.download_link, Live)


def test_go_to_part_reports_the_part_shown(exercise):
    quiz = exercise.quiz
    assert isinstance(quiz.jump, Choices) and quiz.jump.label == "Go to part" and quiz.jump.look == "buttons"
    title, start = quiz.jump.options[1]
    before = exercise.focus_manager.request
    quiz.jump.value = start
    assert quiz.jump.index == 1 and f"Part: {title}" in quiz.part.value
    assert exercise.focus_manager.request == before  # the arrow keys go on from part to part
    quiz.go(0)
    assert quiz.jump.index == 0


def test_reset_asks_with_the_focus_on_the_safe_answer(exercise):
    exercise.reset_button.click()
    assert focused(exercise) is exercise.confirm_no
    exercise.confirm_no.click()
    assert focused(exercise) is exercise.reset_button and exercise.confirm_box.children == ()
    exercise.reset_button.click()
    exercise.confirm_yes.click()
    assert focused(exercise) is exercise.quiz.current.prompt


def test_restoring_saved_answers_moves_no_focus(case, exercise, tmp_path, start_exercise):
    card = exercise.quiz.current
    card.choice.value = card.question.answer
    card.check_button.click()
    again = start_exercise(attribution_quiz, case, tmp_path, "Ana Lima")
    assert [w for w, _ in again.focus_manager.history] == [again.quiz.current.prompt]  # Start, nothing else


def test_exercises_carry_the_focus_outline(exercise):
    from casekit.style import FOCUS_CSS

    assert "casekit-a11y" in exercise._dom_classes and exercise.focus_manager in exercise.children
    assert FocusManager._css == FOCUS_CSS or FOCUS_CSS in str(FocusManager._css)
    assert "outline: 3px solid" in FOCUS_CSS


# --- the network builder ------------------------------------------------------------------------

def test_each_pair_is_a_group_named_by_the_pair(case, alliances):
    builder = alliances.part(AllianceBuilder)
    assert len(builder.pickers) >= 3
    for qid, picker in builder.pickers.items():
        a, b = qid.split("/", 1)[1].split("--")
        assert isinstance(picker, Choices) and picker.look == "buttons"
        assert picker.label == f"{case.actor(a).name} and {case.actor(b).name}"
        assert picker.labels == ["cooperates", "confronts", "both", "none stated"]
        assert "casekit-pair" in picker._dom_classes and len(picker.tooltips) == 4
    three = list(builder.pickers.values())[:3]
    for picker, value in zip(three, ("cooperates", "confronts", "mixed")):
        picker.value = value
    assert [p.index for p in three] == [0, 1, 2]
    builder.check_button.click()
    assert isinstance(builder.feedback, Live) and "of the 3 pairs you chose match the sources" in builder.feedback.value
    # the live region reads a summary; the feedback on each pair is ordinary text, not read out at once
    assert len(builder.feedback.value.split()) < 40 and builder.details.value.count("<li>") == 3
    assert not isinstance(builder.details, Live)


def test_balance_verdicts_are_labelled_groups(case, alliances):
    builder = alliances.part(AllianceBuilder)
    for q in builder.questions:
        builder.pickers[q.id].value = q.answer
    builder.check_button.click()
    balance = alliances.part(BalanceCheck)
    balance.list_button.click()
    assert balance.items
    for triad, radio, _button, out in balance.items:
        assert isinstance(radio, Choices) and radio.label == " – ".join(case.actor(a).name for a in triad.actors)
        assert isinstance(out, Live)


def test_start_focuses_the_first_question_of_the_alliance_exercise(alliances):
    assert focused(alliances) is alliances.widgets[0].current.prompt


@pytest.mark.parametrize("path", ["notebooks/00_start_here.ipynb", "solutions/01_source_attribution.ipynb",
                                  "solutions/02_regional_alliances.ipynb", "exercises/01_source_attribution.ipynb",
                                  "exercises/02_regional_alliances.ipynb"])
def test_the_keyboard_help_says_what_the_keys_do(path):
    """Options are one tab stop moved through with the arrow keys (no longer a tab stop each)."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parents[1] / path).read_text(encoding="utf-8"))
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    text = " ".join(text.split())
    assert "arrow keys move the choice" in text and "from option to option" not in text
    assert "*Try again*" in text and "*Next*" in text  # where the focus goes


def test_options_quoting_another_language_carry_lang_and_dir(case, tmp_path, start_exercise):
    """An evidence option that quotes the Russian or Persian text says so (lang, dir) to screen readers."""
    from casekit.widgets.a11y import languages
    from casekit.widgets.quiz import Quiz

    langs = languages(case)
    assert langs and all(v for v in langs.values())
    # every question marked: by default a class reads English only, so none of these is offered
    ex = start_exercise(lambda case, folder: alliance_exercise(case, folder=folder, session="all"), case, tmp_path, "Ana")
    found = 0
    for quiz in [x for x in ex.widgets if isinstance(x, Quiz)]:
        for i, q in enumerate(quiz.questions):
            if not q.choices or q.is_order:
                continue
            card = quiz.card(i)
            for c, lang, direction in zip(q.choices, card.choice.langs or [""] * len(q.choices),
                                          card.choice.dirs or [""] * len(q.choices)):
                expected = langs.get(f"quote:{c.value}", "")
                assert lang == expected, (q.id, c.value)
                if expected:
                    found += 1
                    assert direction == ("rtl" if expected in ("ar", "fa") else "ltr")
    if not found:  # the default banks now offer a sentence only beside sentences in its own language:
        # a card whose options quote texts in other languages, made here from the case's own quotations
        from casekit.questions import Choice, Question
        from casekit.widgets.cards import QuestionCard

        other = [q for q in case.quotes if langs.get(f"quote:{q.id}")]
        english = [q for q in case.quotes if not langs.get(f"quote:{q.id}")][:2]
        picked = [next(q for q in other if langs[f"quote:{q.id}"] in ("ar", "fa")), *english,
                  next(q for q in other if langs[f"quote:{q.id}"] not in ("ar", "fa"))]
        q = Question(id="evidence/lang-check", kind="evidence", skill="alliances", prompt="Which sentence?",
                     answer=picked[1].id, explanation="", hint="",
                     choices=tuple(Choice(x.id, f"“{x.text}”") for x in picked))
        card = QuestionCard(q, lambda *a, **k: None, number="", focus=lambda *a: None, langs=langs)
        for c, lang, direction in zip(q.choices, card.choice.langs, card.choice.dirs):
            expected = langs.get(f"quote:{c.value}", "")
            assert lang == expected, c.value
            if expected:
                found += 1
                assert direction == ("rtl" if expected in ("ar", "fa") else "ltr")
    assert found >= 2, "no option quotes a text in another language: the check proves nothing"


def test_the_card_marks_where_its_highlight_ends(exercise):
    card = next(exercise.quiz.card(i) for i, q in enumerate(exercise.quiz.questions) if q.sentence and q.quote)
    assert "[highlighted:]" in card.material.value and "[end of highlight]</span></mark>" in card.material.value


def test_right_to_left_words_in_feedback_are_isolated():
    from casekit.widgets.a11y import isolate_rtl

    text = "• “موضع اصولی و روشن جمهوری اسلامی ایران.” (Bahram Qasemi, <b>statement</b>)"
    out = isolate_rtl(text)
    assert '<bdi dir="rtl">موضع اصولی و روشن جمهوری اسلامی ایران.</bdi>' in out
    assert "&lt;b&gt;statement&lt;/b&gt;" in out and out.startswith("• “")
    assert isolate_rtl("plain English & more") == "plain English &amp; more"


def test_the_more_practice_button_says_what_it_does(exercise):
    from casekit.widgets.quiz import MorePractice

    practice = exercise.part(MorePractice)
    assert practice is not None and practice.toggle.description.startswith("Show more practice (")
    practice.toggle.value = True
    assert practice.toggle.description.startswith("Hide more practice (") and practice.holder.children
    practice.toggle.value = False
    assert practice.toggle.description.startswith("Show more practice (") and not practice.holder.children


def test_a_choice_from_the_page_comes_as_a_message():
    """The page sends a choice as a message (kept in order with a click on Check, where ipywidgets
    would hold back a state update while the kernel is busy); a malformed message changes nothing."""
    c = Choices([("a", "x"), ("b", "y")])
    c._handle_custom_msg({"choose": 1}, [])
    assert c.value == "y"
    for bad in ({"choose": 5}, {"choose": "1"}, {"choose": True}, {}, [1]):
        c._handle_custom_msg(bad, [])
        assert c.value == "y", bad
    assert "model.send({ choose: i, seq: sent })" in CHOICES_ESM and "save_changes" not in CHOICES_ESM


def test_each_choice_from_the_page_is_answered(monkeypatch):
    """The kernel answers each numbered choice (valid or not), so the page knows when its last choice
    has arrived and stops showing it over the kernel's replies to earlier ones."""
    c = Choices([("a", "x"), ("b", "y"), ("c", "z")])
    answers = []
    monkeypatch.setattr(c, "send", lambda content, buffers=None: answers.append(content))
    c._handle_custom_msg({"choose": 2, "seq": 1}, [])
    c._handle_custom_msg({"choose": 9, "seq": 2}, [])  # refused, but answered
    c._handle_custom_msg({"choose": 0, "seq": True}, [])  # not a number: no answer
    assert answers == [{"chosen": 1}, {"chosen": 2}]
    assert c.value == "x"
    assert "shown()" in CHOICES_ESM and 'msg:custom' in CHOICES_ESM
