"""A question card: the prompt, the quotation in its sentence, the answer control, Check, Try again.

The card knows nothing about files: it calls ``record(question_id, answer, correct)`` for each
attempt and shows ``questions.feedback``. Tests drive it from Python: set ``control`` (or
``order`` via ``move``, or ``text``), then ``check()``.
"""
from __future__ import annotations

import html
import uuid
from typing import Callable, Optional

import ipywidgets as w

from ..answers import MAX_TEXT
from ..model import text_direction
from ..questions import Question, feedback, reveals
from .a11y import Choices, Live, isolate_rtl, no_focus

WIDE = w.Layout(width="100%")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def highlight(sentence: str, quote: str) -> str:
    """The sentence as HTML with the quoted words marked (and labelled for screen readers)."""
    if not sentence:
        return ""
    if quote and quote in sentence:
        i = sentence.index(quote)
        return (_e(sentence[:i]) + '<mark style="background:#FBE3B3;border-bottom:2px solid #000">'
                '<span style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden">[highlighted:] </span>' + _e(quote)
                + '<span style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden"> [end of highlight]</span>'
                + "</mark>"
                + _e(sentence[i + len(quote):]))
    return _e(sentence)


class QuestionCard(w.VBox):
    """One question with its own controls and feedback.

    For the keyboard and screen readers: the options are one radio group labelled by the question;
    the feedback is a live region whose text changes; ``focus`` (a ``FocusManager.focus``) moves the
    focus after Check to Try again (or to ``next_step``, the quiz's Next, after a right answer) and
    after Try again to the first option, and no button is disabled while it has the focus.
    """

    def __init__(self, question: Question, record: Callable[[str, object, Optional[bool]], object],
                 number: str = "", focus: Callable = no_focus, langs: Optional[dict] = None):
        self.question = question
        self._langs = langs or {}  # see a11y.languages
        self._record = record
        self._focus = focus
        self.next_step: Optional[w.Button] = None  # where the focus goes after a right answer
        self._last_checked: object = None  # the answer last checked, to ignore a double click
        self.attempts = 0
        self.heading_id = f"casekit-q-{uuid.uuid4().hex[:12]}"
        # tabindex=-1: the focus can be put on the question (after Start or Next) without adding a tab
        # stop; a prompt may set texts on lines of their own (two renderings to compare): keep its line breaks
        title = (f"<h4 id='{self.heading_id}' tabindex='-1' style='margin:0.3em 0'>{_e(number)}"
                 f"{_e(question.prompt).replace(chr(10), '<br>')}</h4>")
        self.prompt = w.HTML(title, layout=WIDE)
        children = [self.prompt]
        lang = self._langs.get(f"source:{question.source}", "")
        self._lang_attrs = f' lang="{_e(lang)}" dir="{text_direction(lang)}"' if lang else ""
        if question.context:  # the source's title, outlet and date: what a student needs to weigh the words
            self.context = w.HTML(f"<p style='margin:0.2em 1em'><i>{_e(question.context)}</i></p>", layout=WIDE)
            children.append(self.context)
        if question.sentence:
            self.material = w.HTML(f"<blockquote style='margin:0.3em 1em'{self._lang_attrs}>"
                                   f"{highlight(question.sentence, question.quote)}</blockquote>", layout=WIDE)
            children.append(self.material)
        self.paragraph = w.HTML("", layout=WIDE)
        self.more = w.ToggleButton(value=False, description="Show the whole paragraph",
                                   tooltip="Show or hide the paragraph around the quotation",
                                   layout=w.Layout(width="auto"))
        self.more.observe(self._toggle_paragraph, names="value")
        if self.has_more_context():  # no button that would open an empty box, or the same words again
            children += [self.more, self.paragraph]
        self.control = self._make_control()
        children.append(self.control)
        self.check_button = w.Button(description="Save my answer" if question.is_open else "Check",
                                     tooltip="Check your answer" if not question.is_open else "Save your written answer",
                                     button_style="primary", icon="check", layout=w.Layout(min_width="8em", width="auto"))
        self.retry_button = w.Button(description="Try again", tooltip="Clear your answer and try again",
                                     icon="undo", disabled=True)
        self.check_button.on_click(lambda _: self.check())
        self.retry_button.on_click(lambda _: self.try_again())
        self.feedback = Live(layout=WIDE)
        self.status = w.HTML("", layout=WIDE)
        buttons = [self.check_button] if question.is_open else [self.check_button, self.retry_button]
        children += [w.HBox(buttons), self.feedback, self.status]
        super().__init__(children=children, layout=w.Layout(border="1px solid #888", padding="0.5em", width="100%"))
        self.add_class("casekit-card")

    def has_more_context(self) -> bool:
        """Whether the paragraph says more than the sentence shown (a comparison of two renderings
        has no one paragraph; a one-sentence paragraph would show the same words again)."""
        q = self.question
        return bool(q.sentence) and " ".join(q.paragraph.split()) not in ("", " ".join(q.sentence.split()))

    # --- controls ---------------------------------------------------------------------------
    def _make_control(self) -> w.Widget:
        q = self.question
        if q.is_open:
            self.text = w.Textarea(value="", placeholder="Write a few sentences...", description="Your answer",
                                   layout=w.Layout(width="100%", height="8em"),
                                   style={"description_width": "initial"})
            self.text.observe(self._changed, names="value")
            return self.text
        if q.is_order:
            # Up and down buttons, not drag and drop nor drop-down lists: plain buttons work from the
            # keyboard everywhere (JupyterLab takes arrow keys away from a closed drop-down list).
            self.order = [c.value for c in q.choices]
            self.order_box = w.VBox([], layout=WIDE)
            self._draw_order()
            return w.VBox([w.HTML("Put the items in order, first at the top, with the Move up and Move "
                                  "down buttons."), self.order_box], layout=WIDE)
        # one radio group, labelled by the question: one tab stop, the arrow keys move between options
        langs = [self._langs.get(f"quote:{c.value}", "") if isinstance(c.value, str) else "" for c in q.choices]
        self.choice = Choices(options=[(c.label, c.value) for c in q.choices], labelledby=self.heading_id,
                              langs=langs if any(langs) else [],
                              dirs=[text_direction(x) if x else "" for x in langs] if any(langs) else [],
                              layout=WIDE)
        self.choice.observe(self._changed, names="value")
        return self.choice

    def _draw_order(self) -> None:
        """Show the items in their current order. The rows and buttons are made once and only
        relabelled afterwards, so a button a student has pressed is never replaced under them."""
        n = len(self.order)
        if len(self.order_box.children) != n:
            rows = []
            self.up_buttons, self.down_buttons, self.item_labels = [], [], []
            for pos in range(n):
                up = w.Button(description="Move up", icon="arrow-up", layout=w.Layout(width="8.5em"))
                down = w.Button(description="Move down", icon="arrow-down", layout=w.Layout(width="8.5em"))
                up.on_click(lambda _, p=pos: self.move(p, -1))
                down.on_click(lambda _, p=pos: self.move(p, +1))
                label = w.HTML("", layout=w.Layout(flex="1"))
                self.up_buttons.append(up)
                self.down_buttons.append(down)
                self.item_labels.append(label)
                rows.append(w.HBox([up, down, label]))
            self.order_box.children = rows
        for pos, value in enumerate(self.order):
            label = self.question.label_of(value)
            short = label if len(label) < 50 else label[:47] + "..."
            self.up_buttons[pos].disabled = pos == 0
            self.up_buttons[pos].tooltip = f"Move up: {short}"
            self.down_buttons[pos].disabled = pos == n - 1
            self.down_buttons[pos].tooltip = f"Move down: {short}"
            self.item_labels[pos].value = f"<b>{pos + 1}.</b> {_e(label)}"

    def move(self, position: int, step: int) -> None:
        """Move the item at position one place up (-1) or down (+1); the focus follows the item."""
        target = position + step
        if 0 <= target < len(self.order):
            self.order[position], self.order[target] = self.order[target], self.order[position]
            self._draw_order()
            same = (self.up_buttons if step < 0 else self.down_buttons)[target]
            other = (self.down_buttons if step < 0 else self.up_buttons)[target]
            (other if same.disabled else same).focus()  # at the top or bottom, the button still enabled
            self._changed(None)

    def answer(self) -> object:
        """The answer as the controls hold it now (None when incomplete)."""
        q = self.question
        if q.is_open:
            return self.text.value.strip() or None
        if q.is_order:
            return tuple(self.order)
        return self.choice.value

    def set_answer(self, value: object) -> None:
        """Put an answer into the controls (as a student would by clicking)."""
        q = self.question
        if q.is_open:
            self.text.value = str(value)
        elif q.is_order:
            self.order = list(value)
            self._draw_order()
        else:
            self.choice.value = value

    # --- behaviour --------------------------------------------------------------------------
    def _toggle_paragraph(self, change) -> None:
        if change["new"]:
            self.paragraph.value = (f"<blockquote style='margin:0.3em 1em;color:#222'{self._lang_attrs}>"
                                    f"{_e(self.question.paragraph)}</blockquote>")
            self.more.description = "Hide the paragraph"
        else:
            self.paragraph.value = ""
            self.more.description = "Show the whole paragraph"

    def _changed(self, change) -> None:
        if self._last_checked is None or self.answer() == self._last_checked:
            return
        self.check_button.disabled = False
        if self.question.is_open:
            # also when the last words typed reach the kernel after the click that saved the answer
            # (a slow connection): the student sees that what is saved is not what is on screen
            self.status.value = "<i>Your answer has changed since it was saved: press Save changes.</i>"
        else:
            self.status.value = "<i>Changed since you last checked: press Check.</i>"

    def check(self) -> None:
        """Check the answer in the controls: record it and show feedback."""
        answer = self.answer()
        if answer is None:
            self._say("Write an answer first." if self.question.is_open else "Choose an answer first.")
            return
        if answer == self._last_checked:
            return  # a second click on the same answer is not a second attempt
        if self.question.is_open and len(answer) > MAX_TEXT:
            self._say(f"Your answer is longer than {MAX_TEXT:,} characters; please shorten it.")
            return
        ok = self.question.is_correct(answer)
        try:
            if reveals(self.question, answer, self.attempts + 1):  # the feedback will show the answer
                self._record(self.question.id, answer, ok, revealed=True)
            else:
                self._record(self.question.id, answer, ok)
        except Exception as exc:  # a save that failed must be visible, and nothing is lost on screen
            self._say(f"Your answer could not be saved: {exc}")
            return
        self.attempts += 1
        self._last_checked = answer
        self.show(feedback(self.question, answer, self.attempts), self.attempts)

    def _say(self, text: str) -> None:
        self.feedback.value = _e(text)

    def show(self, fb, attempts: int, move_focus: bool = True) -> None:
        """Show feedback for the last attempt and set the buttons accordingly (and, unless restoring
        saved answers, move the focus: to Next after a right answer, else to Try again)."""
        style = {True: "border-left:6px solid #009E73", False: "border-left:6px dashed #D55E00",
                 None: "border-left:6px solid #0072B2"}[fb.correct]
        body = isolate_rtl(fb.text).replace("\n", "<br>")
        word = "attempt" if attempts == 1 else "attempts"
        if not self.question.is_open:
            # nothing to try again after a right answer; the focus moves before the verdict is written
            # into the live region, so that a screen reader does not cut the verdict off on the focus
            # change (the focus goes where the student goes on: Next after a right answer, else Try
            # again; on the last question, to the verdict itself)
            right = fb.correct is True
            self.retry_button.disabled = right
            if move_focus:  # before Check is disabled: the focus never falls to the page
                nxt = self.next_step
                if right:
                    self._focus(nxt if nxt is not None and not nxt.disabled else self.feedback)
                else:
                    self._focus(self.retry_button)
            self.check_button.disabled = True
        self.feedback.value = f"<div style='{style};padding-left:0.5em'>{body}</div>"
        self.status.value = f"<small>{attempts} {word} recorded.</small>"
        if self.question.is_open:
            self.check_button.description = "Save changes"

    def try_again(self) -> None:
        """Clear the controls so the student can answer afresh (earlier attempts stay recorded);
        the focus goes to the first option."""
        q = self.question
        if not q.is_open and not q.is_order:
            self.choice.value = None
        self._last_checked = None
        self.check_button.disabled = False
        self._focus(self.control, "first")
        self.retry_button.disabled = True
        self.feedback.value = ""
        self.status.value = f"<small>{self.attempts} attempt(s) recorded. Choose again.</small>"

    def restore(self, attempts: list) -> None:
        """Show the state after saved attempts (after a restart): last answer and its feedback."""
        if not attempts:
            return
        last = attempts[-1]
        answer = tuple(last.answer) if self.question.is_order else last.answer
        self.attempts = len(attempts)
        if not self.fits(answer):  # the options changed since it was saved: say so, let them answer again
            self.feedback.value = ("Your saved answer to this question is no longer among its options (the "
                                   "exercise has changed since): please answer it again. Your earlier attempts "
                                   "stay recorded.")
            self.status.value = f"<small>{self.attempts} attempt(s) recorded. Choose again.</small>"
            return
        self.set_answer(answer)
        self._last_checked = answer
        self.show(feedback(self.question, answer, self.attempts), self.attempts, move_focus=False)

    def fits(self, answer: object) -> bool:
        """Whether a saved answer can be shown in this card's controls."""
        q = self.question
        if q.is_open:
            return isinstance(answer, str)
        values = [c.value for c in q.choices]
        if q.is_order:
            return isinstance(answer, tuple) and sorted(map(str, answer)) == sorted(map(str, values))
        return answer in values
