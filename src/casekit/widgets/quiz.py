"""An exercise: a name box, a quiz that pages through a question bank, progress, score, Reset.

Answers go to ``answers/<case-id>/<student>.json`` (see ``casekit.answers``) on every check, and come back
when the page is opened again and the student starts with the same name. What the student reads names
no server path: a student in the student view (Voila) can neither see the server's folders nor run
anything, only download a copy and reopen the page.
"""
from __future__ import annotations

import base64
import html
import os
from typing import Callable, Optional, Sequence

import ipywidgets as w

from .. import __version__
from ..answers import RecordError, Recorder
from ..model import Case
from ..questions import PART_TITLES, Question, exercise_questions, key_checksum, select
from .a11y import Choices, FocusManager, Live, languages, no_focus
from .cards import QuestionCard


class Quiz(w.VBox):
    """Pages through questions one card at a time, with progress and a running score.

    "Question N of M" is the card's heading, where Next and Previous move the focus (and so read it
    out); the part is in a live region, read out when it changes; "Go to part" is one radio group (the part shown is announced as
    checked) and leaves the focus where it is, so the arrow keys go on from part to part.
    """

    def __init__(self, questions: Sequence[Question], record, recorder_lookup, marked: bool = True,
                 focus=no_focus, langs: Optional[dict] = None):
        self.questions = list(questions)
        self.marked = marked  # False for "more practice": answers are saved but not counted
        self._focus = focus
        self._langs = langs or {}
        self._record = record
        self._lookup = recorder_lookup  # question id -> saved attempts
        self.cards: dict[int, QuestionCard] = {}
        self.index = 0
        self.progress = w.IntProgress(value=0, min=0, max=len(self.questions), description="Progress",
                                      style={"description_width": "initial"})
        self.score = w.HTML("")
        self.prev_button = w.Button(description="Previous", icon="arrow-left", tooltip="Previous question")
        self.next_button = w.Button(description="Next", icon="arrow-right", tooltip="Next question")
        parts: list[tuple[str, int]] = []
        for i, q in enumerate(self.questions):
            if not parts or self.questions[parts[-1][1]].kind != q.kind:
                parts.append((PART_TITLES.get(q.kind, q.kind), i))
        # one radio group laid out as buttons, not a drop-down list (JupyterLab takes the arrow keys
        # away from a closed one); the part shown is checked, and so announced, and marked in words
        self.jump = Choices(options=parts, value=0, label="Go to part", look="buttons", chosen_mark="✔ shown",
                            tooltips=[f"Go to the part: {title}" for title, _ in parts])
        self.prev_button.on_click(lambda _: self.go(self.index - 1, move_focus=True))
        self.next_button.on_click(lambda _: self.go(self.index + 1, move_focus=True))
        self._moving = False  # go() is setting the "Go to part" control: not a student's choice
        self.jump.observe(self._jumped, names="value")
        self.part = Live()  # "Part: ...", read out when it changes (the card's heading says "Question N of M")
        self.holder = w.VBox([])
        # one part only: the part's own heading says it all, so no "Go to part" row (and the status
        # line names no part)
        navigation = [self.jump] if len(parts) > 1 else []
        super().__init__([w.HBox([self.progress, self.score]), *navigation, self.part, self.holder,
                          w.HBox([self.prev_button, self.next_button])])
        self.go(self.first_unanswered())

    def first_unanswered(self) -> int:
        """Where a student goes on: the first question with no saved attempt (the first when all have one)."""
        return next((i for i, q in enumerate(self.questions) if not self._lookup(q.id)), 0)

    def _jumped(self, change) -> None:
        """A part chosen in "Go to part": show its first question."""
        if change["new"] is not None and not self._moving:
            self.go(change["new"])

    def card(self, i: int) -> QuestionCard:
        """The card of question i, made when first needed (and restored from saved attempts)."""
        if i not in self.cards:
            q = self.questions[i]
            card = QuestionCard(q, self._recorded, number=f"Question {i + 1} of {len(self.questions)}. ",
                                focus=self._focus, langs=self._langs)
            card.next_step = self.next_button if i < len(self.questions) - 1 else None
            card.restore(self._lookup(q.id))
            self.cards[i] = card
        return self.cards[i]

    @property
    def current(self) -> QuestionCard:
        return self.card(self.index)

    def go(self, i: int, move_focus: bool = False) -> None:
        """Show question i; with ``move_focus`` (Next, Previous) the focus goes to the new question."""
        i = max(0, min(len(self.questions) - 1, i))
        self.index = i
        q = self.questions[i]
        starts = [start for _, start in self.jump.options]
        part_start = max(start for start in starts if start <= i)
        if self.jump.value != part_start:
            self._moving = True  # only mark the part shown: going to its first question is for the student's choice
            try:
                self.jump.value = part_start
            finally:
                self._moving = False
        # the position is the card's heading ("Question N of M."): said once, not here again
        self.part.value = (f"<b>Part: {html.escape(PART_TITLES.get(q.kind, q.kind))}</b>"
                           if len(starts) > 1 else "")
        self.holder.children = [self.card(i)]
        if move_focus:  # before Next or Previous may be disabled under the focus
            self._focus(self.card(i).prompt)
        self.prev_button.disabled = i == 0
        self.next_button.disabled = i == len(self.questions) - 1
        self.refresh()

    def _recorded(self, qid: str, answer, correct, revealed: bool = False) -> None:
        if revealed:
            self._record(qid, answer, correct, revealed=True)
        else:
            self._record(qid, answer, correct)
        self.refresh()

    def refresh(self) -> None:
        answered = first_right = 0
        for q in self.questions:
            attempts = self._lookup(q.id)
            if attempts:
                answered += 1
                if attempts[0].correct:
                    first_right += 1
        marked = sum(1 for q in self.questions if not q.is_open)
        self.progress.value = answered
        self.score.value = (f"&nbsp;Answered {answered} of {len(self.questions)} · "
                            + (f"right at the first try: {first_right} of {marked}" if self.marked else
                               f"right at the first try: {first_right} (practice: not counted)"))

    def reset_cards(self) -> None:
        self.cards.clear()
        self.go(self.first_unanswered())


class Exercise(w.VBox):
    """A whole exercise: type a name, Start, answer; Reset asks for confirmation first.

    ``parts`` are (title, factory) pairs; each factory gets the exercise once a student has started
    and returns a widget (a Quiz, or a custom view) that records through ``exercise.record``.
    """

    def __init__(self, case: Case, exercise: str, questions: Sequence[Question], title: str,
                 folder: Optional[os.PathLike] = None, parts: Optional[Sequence[tuple[str, Callable]]] = None,
                 practice: Sequence[Question] = ()):
        self.case, self.exercise, self.questions = case, exercise, list(questions)
        self.practice = list(practice)  # not offered for marks: "more practice", opened on request
        self.folder = folder
        self.langs = languages(case)  # texts not in English, so that options and material carry lang and dir
        self.checksum = key_checksum([*self.questions, *self.practice])  # the whole bank's key
        self.parts = list(parts) if parts else [("", lambda ex: ex.make_quiz(ex.questions))]
        if self.practice:
            self.parts.append(("", lambda ex: MorePractice(ex)))
        self.recorder: Optional[Recorder] = None
        self.widgets: list[w.Widget] = []
        self.name = w.Text(value="", placeholder="Your name", description="Your name",
                           continuous_update=False, style={"description_width": "initial"})
        self.start_button = w.Button(description="Start", button_style="primary", icon="play",
                                     tooltip="Start (or resume) with this name")
        self.start_button.on_click(lambda _: self.start())
        self.message = Live(value="<i>Type your name and press Start. Your answers are saved as you go.</i>")
        # moves the focus on purpose after each step; it also brings the focus outline's style
        self.focus_manager = FocusManager(layout=w.Layout(display="none"))
        self.reset_button = w.Button(description="Reset my answers", icon="trash", disabled=True,
                                     tooltip="Start this exercise afresh (asks first)", layout=w.Layout(width="auto"))
        self.confirm_yes = w.Button(description="Yes, reset", button_style="danger",
                                    tooltip="Delete my saved answers to this exercise (a backup is kept)")
        self.confirm_no = w.Button(description="No, keep my answers", tooltip="Keep my answers", layout=w.Layout(width="auto"))
        self.confirm_box = w.HBox([])
        self.download_button = w.Button(description="Download my answers", icon="download", disabled=True,
                                        tooltip="Make a link that saves a copy of your answers file on your computer",
                                        layout=w.Layout(width="auto"))
        self.download_button.on_click(lambda _: self.offer_download())
        self.download_link = Live()
        self.reset_button.on_click(lambda _: self.ask_reset())
        self.confirm_yes.on_click(lambda _: self.reset(confirmed=True))
        self.confirm_no.on_click(lambda _: self.reset(confirmed=False))
        self.body = w.VBox([])
        super().__init__([w.HTML(f"<h3>{html.escape(title)}</h3>"), w.HBox([self.name, self.start_button]),
                          self.message, self.body, w.HBox([self.download_button, self.reset_button]),
                          self.download_link, self.confirm_box, self.focus_manager])
        self.add_class("casekit-exercise")
        self.add_class("casekit-a11y")  # the visible focus outline (casekit.style.FOCUS_CSS)

    @property
    def quiz(self) -> Optional[Quiz]:
        """The first quiz of the exercise (once started)."""
        return next((x for x in self.widgets if isinstance(x, Quiz)), None)

    def part(self, kind: type):
        """The first part of the given widget class (once started)."""
        return next((x for x in self.widgets if isinstance(x, kind)), None)

    def make_quiz(self, questions: Sequence[Question]) -> Quiz:
        return Quiz(questions, self.record, self.recorder.attempts_for, focus=self.focus, langs=self.langs)

    def focus(self, widget, which: str = "auto") -> None:
        """Move the keyboard focus to a widget of this exercise (see ``a11y.FocusManager``)."""
        self.focus_manager.focus(widget, which)

    def focus_first_question(self) -> None:
        """Put the focus on the first question (after Start, or a reset)."""
        if not self.widgets:
            return
        first = self.widgets[0]
        self.focus(first.current.prompt if isinstance(first, Quiz) else first)

    def _say(self, text: str) -> None:
        self.message.value = html.escape(text)

    def _build(self) -> None:
        self.widgets = []
        children = []
        for title, factory in self.parts:
            widget = factory(self)
            self.widgets.append(widget)
            if title:
                children.append(w.HTML(f"<h4>{html.escape(title)}</h4>"))
            children.append(widget)
        self.body.children = children

    def start(self) -> None:
        try:
            recorder = Recorder(self.name.value, self.case.id, self.exercise, self.checksum, __version__,
                                folder=self.folder, offered=[q.id for q in self.questions])
        except RecordError as exc:
            self._say(f"✘ {exc}")
            return
        self.recorder = recorder
        self._build()
        self.reset_button.disabled = False
        self.download_button.disabled = False
        self.focus_first_question()  # before Start is disabled under the focus
        self.name.disabled = True
        self.start_button.disabled = True
        self._say(self.welcome(recorder))

    def welcome(self, recorder: Recorder) -> str:
        """What the student reads after Start: what was reloaded (in questions, not attempts), and
        what they can do with their answers, with no server path (a student in the student view
        cannot reach the server's folders, nor run a notebook)."""
        if not recorder.can_save:
            return recorder.notice
        return (f"{recorder.notice} Your answers are saved as you go. To keep a copy or hand them in, press "
                "Download my answers. To go on later, open this page again and press Start with the same "
                "name.").strip()

    def record(self, qid: str, answer, correct, revealed: bool = False) -> None:
        """Save one attempt (called by the parts); ``revealed``: its feedback shows the right answer."""
        assert self.recorder is not None
        self.recorder.add(qid, answer, correct, revealed)
        warning = self.recorder.take_warning()  # the file was damaged or removed meanwhile, and repaired
        if warning:
            self._say(warning)
        for widget in self.widgets:
            if isinstance(widget, Quiz):
                widget.refresh()
        if self.download_link.value:  # a copy made earlier lacks this answer: do not offer it any more
            self.download_link.value = ("<i>You have answered more since you made the download link: press "
                                        "Download my answers again for an up-to-date copy.</i>")

    def offer_download(self) -> None:
        """A link that saves the answers file as it is on disk now (on Binder, nothing outlives the session)."""
        if self.recorder is None or not self.recorder.path.exists():
            self.download_link.value = "Nothing is saved yet: answer a question first."
            return
        data = self.recorder.path.read_bytes()
        name = html.escape(self.recorder.path.name, quote=True)
        href = "data:application/json;base64," + base64.b64encode(data).decode("ascii")
        self.download_link.value = (f"<a download=\"{name}\" href=\"{href}\">"
                                    f"Save {name} ({len(data):,} bytes, your answers so far)</a>: hand in this "
                                    "file as your instructor asks.")

    def ask_reset(self) -> None:
        n = len({a.question for a in self.recorder.section.attempts}) if self.recorder else 0
        self._say(f"Reset deletes your saved answers to {n} question{'' if n == 1 else 's'} of this exercise "
                  "(a backup copy is kept). Are you sure?")
        self.confirm_box.children = [self.confirm_yes, self.confirm_no]
        self.focus(self.confirm_no)  # the safe answer first

    def reset(self, confirmed: bool) -> None:
        if not confirmed or self.recorder is None:
            self.focus(self.reset_button)  # back where the student was, before the buttons go
            self.confirm_box.children = []
            self._say("Nothing was reset.")
            return
        backup = self.recorder.reset()
        self._build()
        self.focus_first_question()
        self.confirm_box.children = []
        self.download_link.value = ""
        self._say("Reset done. A copy of your earlier answers is kept on the server for your instructor."
                  if backup else "Reset done.")


class MorePractice(w.VBox):
    """The questions not offered for marks: opened on request, answers saved but not counted."""

    def __init__(self, exercise: Exercise):
        self.exercise = exercise
        self.quiz: Optional[Quiz] = None
        n = len(exercise.practice)
        self._label = f"more practice ({n} questions, not marked)"
        # the button's name says what pressing it does (a toggle button does not announce its state)
        self.toggle = w.ToggleButton(value=False, description=f"Show {self._label}",
                                     tooltip="Open or close more questions to practise on; they do not count",
                                     icon="plus", layout=w.Layout(width="auto"))
        self.toggle.observe(lambda ch: self.show(ch["new"]), names="value")
        self.holder = w.VBox([])
        super().__init__([w.HTML("<h4>More practice</h4><p>These questions are optional: your answers are "
                                 "saved, with feedback, but they do not count towards your score.</p>"),
                          self.toggle, self.holder])

    def show(self, opened: bool = True) -> None:
        if opened and self.quiz is None:
            ex = self.exercise
            self.quiz = Quiz(ex.practice, ex.record, ex.recorder.attempts_for, marked=False, focus=ex.focus,
                             langs=ex.langs)
        self.holder.children = [self.quiz] if opened and self.quiz else []
        self.toggle.description = f"{'Hide' if opened else 'Show'} {self._label}"
        if self.toggle.value != opened:
            self.toggle.value = opened


def attribution_quiz(case: Case, folder: Optional[os.PathLike] = None, session=None) -> Exercise:
    """The source-attribution exercise, on the sources the casefile names for it.

    ``session``: which questions are offered for marks (see ``casekit.questions.select``): None for
    the casefile's choice (by default at most 30), "all", a session named in the casefile, or a list
    of question ids. The others are "more practice"."""
    chosen = select(case, "source-attribution", exercise_questions(case, "source-attribution"), session)
    return Exercise(case, "source-attribution", chosen.offered,
                    "Source attribution: who said what, how, and in what capacity", folder=folder,
                    practice=chosen.practice)


def alliance_exercise(case: Case, folder: Optional[os.PathLike] = None, session=None) -> Exercise:
    """The regional-alliances exercise: stances, the types of relations, the network builder, balance,
    the issue triads, what changed from one period to the next, evidence, timeline.

    ``session`` chooses what is offered for marks, as for ``attribution_quiz``."""
    from .alliance import AllianceBuilder, BalanceCheck

    chosen = select(case, "regional-alliances", exercise_questions(case, "regional-alliances"), session)
    bank = list(chosen.offered)

    def of(*kinds):
        return [q for q in bank if q.kind in kinds]

    def builder(ex):
        return AllianceBuilder(ex.case, bank, ex.record, ex.recorder.attempts_for, focus=ex.focus)

    def balance(ex):
        return BalanceCheck(ex.case, ex.part(AllianceBuilder), ex.record, ex.recorder.attempts_for, focus=ex.focus)

    # (title, the kinds of question it asks, its widget); a part with nothing offered is left out
    parts = [
        ("Positions", ("stance",), lambda ex: ex.make_quiz(of("stance"))),
        ("Words or deeds, cooperation or conflict?", ("relation_type",), lambda ex: ex.make_quiz(of("relation_type"))),
        ("Build the network: who stood with whom?", ("relation",), builder),
        ("Balance: the enemy of my enemy", ("relation",), balance),
        ("The issue as the third party", ("issue_triad",), lambda ex: ex.make_quiz(of("issue_triad"))),
        ("From one period to the next", ("resolution",), lambda ex: ex.make_quiz(of("resolution"))),
        ("Evidence for each relation", ("evidence",), lambda ex: ex.make_quiz(of("evidence"))),
        ("The timeline", ("timeline",), lambda ex: ex.make_quiz(of("timeline"))),
        ("Written answers", ("open",), lambda ex: ex.make_quiz(of("open"))),
    ]
    # balance needs a triangle: three actors whose three pairs are all offered (a small case may have none)
    from ..alliances import triads

    offered_pairs = {frozenset(q.id.split("/", 1)[1].split("--")): 1 for q in of("relation")}
    if not triads(offered_pairs):
        parts = [p for p in parts if p[2] is not balance]
    parts = [(title, make) for title, kinds, make in parts if of(*kinds)]
    parts = [(f"Part {'ABCDEFGHIJ'[i]}. {title}", make) for i, (title, make) in enumerate(parts)]
    return Exercise(case, "regional-alliances", bank, "Regional alliances: who stood with or against whom",
                    folder=folder, parts=parts, practice=chosen.practice)
