"""The alliance builder (the student's signed network, redrawn as they answer) and the balance check.

Both record through the exercise's recorder: a pair's choice as an attempt at
``relation/<a>--<b>``, a triad's verdict as an attempt at ``balance/<a>--<b>--<c>/<signs>``, the
signs being those of the student's own network when they answered (so it can be re-marked).
"""
from __future__ import annotations

import html
from typing import Callable

import ipywidgets as w

from ..alliances import SIGN_OF_KEY, Triad, balance_id, describe_triad, triads, verdict_choices, verdict_right
from ..model import Case
from ..questions import RELATION_CHOICES, Question, feedback, reveals
from ..style import SYMBOL_RIGHT, SYMBOL_WRONG
from .a11y import Choices, Live, isolate_rtl, no_focus

SHORT_CHOICES = (("cooperates", "cooperates"), ("confronts", "confronts"), ("mixed", "both"), ("none", "none stated"))

def _e(text: str) -> str:
    return html.escape(text, quote=True)


class AllianceBuilder(w.VBox):
    """For each pair: cooperates, confronts, both, or no stated relation; the network redraws.

    Each pair is one radio group labelled by the pair's names ("Iran and Iraq"): one tab stop, the
    arrow keys move between its four choices, and the chosen one is announced as checked and shown
    dark, bold and marked "✔ chosen". The feedback is a live region.
    """

    def __init__(self, case: Case, questions: list[Question], record: Callable, lookup: Callable,
                 focus: Callable = no_focus):
        self.case = case
        self._focus = focus
        self.questions = [q for q in questions if q.kind == "relation"]
        self._record, self._lookup = record, lookup
        self._checked: dict[str, object] = {}
        self.pickers: dict[str, Choices] = {}
        rows = []
        for q in self.questions:
            a, b = q.id.split("/", 1)[1].split("--")
            # a radio group laid out as buttons, not a drop-down list (JupyterLab takes the arrow keys
            # away from a closed one)
            picker = Choices(options=[(short, value) for value, short in SHORT_CHOICES], look="buttons",
                             label=f"{case.actor(a).name} and {case.actor(b).name}",
                             tooltips=[label for _, label in RELATION_CHOICES])
            picker.add_class("casekit-pair")
            picker.observe(self._changed, names="value")
            self.pickers[q.id] = picker
            rows.append(picker)
        self.picture = w.HTML("", layout=w.Layout(width="480px"))
        self.description = w.HTML("")
        self.check_button = w.Button(description="Check my network", button_style="primary", icon="check",
                                     tooltip="Check every pair you have chosen", layout=w.Layout(width="auto"))
        self.check_button.on_click(lambda _: self.check())
        # the live region reads out a one-line summary; each pair's feedback (hundreds of words for a
        # whole network) is ordinary text under it, read when the student goes there
        self.feedback = Live()
        self.details = w.HTML("")
        self.compare_picture = w.HTML("", layout=w.Layout(width="480px"))
        self.compare_description = w.HTML("")
        self.redraws = 0
        self._network_painter = None
        super().__init__([
            w.HTML("<p>For each pair of actors, choose what the sources show explicitly: <i>cooperates</i> "
                   "(cooperation, in words or deeds), <i>confronts</i> (conflict, in words or deeds: a warning, "
                   "a threat, a measure), <i>both</i>, or <i>none stated</i> (a remark in passing is not a relation). "
                   "Your network is drawn as you go: solid lines for cooperation, dashed for conflict, dash-dot "
                   "for both.</p>"),
            w.VBox(rows), w.HBox([self.picture, self.compare_picture]), self.description,
            self.check_button, self.feedback, self.details,
            self.compare_description,
        ])
        for q in self.questions:
            saved = self._lookup(q.id)
            if saved:
                self.pickers[q.id].value = saved[-1].answer
                self._checked[q.id] = saved[-1].answer
        self.redraw()

    def answers(self) -> dict[tuple[str, str], str]:
        out = {}
        for qid, dd in self.pickers.items():
            if dd.value is not None:
                a, b = qid.split("/", 1)[1].split("--")
                out[(a, b)] = dd.value
        return out

    def signs(self) -> dict[frozenset, int]:
        return {frozenset(p): SIGN_OF_KEY[v] for p, v in self.answers().items() if v in SIGN_OF_KEY}

    def checked_signs(self) -> dict[frozenset, int]:
        """The signs of the network as last checked (and so recorded): what the grader sees."""
        return {frozenset(qid.split("/", 1)[1].split("--")): SIGN_OF_KEY[v]
                for qid, v in self._checked.items() if v in SIGN_OF_KEY}

    def _changed(self, change) -> None:
        self.redraw()
        if self.compare_picture.value:
            self.compare_description.value = "<i>You changed your network: press Check my network to compare again.</i>"

    def _painter(self):
        """matplotlib draws the network (an <img> with alternative text in an HTML widget: an
        Image widget has no alt); the actors and legend are drawn once, a redraw draws the lines."""
        if self._network_painter is None:
            from ..plots import NetworkPainter

            self._network_painter = NetworkPainter(self.case, width=470)
        return self._network_painter

    def redraw(self) -> None:
        """Draw the student's network (same layout every time, so nothing jumps)."""
        img, text = self._painter().html(self.signs(), title="Your network")
        self.picture.value = img
        self.description.value = "<pre style='white-space:pre-wrap'>" + _e(text) + "</pre>"
        self.redraws += 1

    def check(self) -> None:
        """Record each chosen pair that changed since it was last checked, and explain. The sources'
        relation is shown only for pairs whose answer the feedback gives (right, or after a second
        try): never for a pair not answered, nor at a first wrong try; a reveal is recorded."""
        from ..alliances import case_signs

        lines = []
        chosen = right = 0
        shown: set[frozenset] = set()  # pairs whose sources' relation the student may now see
        for q in self.questions:
            value = self.pickers[q.id].value
            if value is None:
                continue
            chosen += 1
            if self._checked.get(q.id) != value:
                attempt = len(self._lookup(q.id)) + 1
                if reveals(q, value, attempt):
                    self._record(q.id, value, q.is_correct(value), revealed=True)
                else:
                    self._record(q.id, value, q.is_correct(value))
                self._checked[q.id] = value
            attempts = len(self._lookup(q.id))
            fb = feedback(q, value, attempts)
            right += fb.correct is True
            if fb.correct or any(a.revealed or reveals(q, a.answer, a.attempt) for a in self._lookup(q.id)):
                shown.add(frozenset(q.id.split("/", 1)[1].split("--")))
            lines.append(f"<li><b>{_e(self.pickers[q.id].description)}:</b> {isolate_rtl(fb.text).replace(chr(10), '<br>')}</li>")
        if not chosen:
            self.details.value = ""
            self.feedback.value = "Choose at least one pair first."
            return
        self.details.value = f"<p><b>Each pair you chose</b></p><ul>{''.join(lines)}</ul>"
        pairs = "pair" if chosen == 1 else "pairs"
        self.feedback.value = (f"{SYMBOL_RIGHT} {right} of the {chosen} {pairs} you chose match the sources; "
                               f"{SYMBOL_WRONG} {chosen - right} do not yet. Each pair's feedback is listed "
                               "below the button; the pairs whose answer you have been given are compared in "
                               "the drawings, differences thick.")
        if not shown:  # nothing to compare yet: a "no differences" line would mislead
            self.compare_picture.value = ""
            self.compare_description.value = ("<i>No pair's answer has been given yet: a pair is compared with the "
                                              "sources once you get it right, or after a second try.</i>")
            return
        truth = {p: s for p, s in case_signs(self.case).items() if p in shown}
        mine = {p: s for p, s in self.signs().items() if p in shown}
        img, text = self._painter().html(mine, compare=truth, title="Your network: pairs whose answer you were given")
        self.compare_picture.value = self._painter().html(truth, title="The sources, for the same pairs")[0]
        self.compare_description.value = "<pre style='white-space:pre-wrap'>" + _e(text.splitlines()[-1]) + "</pre>"
        self.picture.value = img  # until the student changes a pair: then their whole network again


class BalanceCheck(w.VBox):
    """The triads of the student's own network: what pattern is each, and on which actor does it
    turn? (The verdict says whether it is balanced in the strict sense, in the weak sense only, or
    not at all, and who is the common enemy or the actor caught between two adversaries.)"""

    def __init__(self, case: Case, builder: AllianceBuilder, record: Callable, lookup: Callable,
                 focus: Callable = no_focus):
        self.case, self.builder = case, builder
        self._focus = focus
        self._record, self._lookup = record, lookup
        self.list_button = w.Button(description="List the triads of my network", icon="refresh",
                                    tooltip="Find every triangle of three actors in your network",
                                    layout=w.Layout(width="auto"))
        self.list_button.on_click(lambda _: self.refresh())
        self.rows = w.VBox([])
        self.items: list[tuple[Triad, Choices, w.Button, Live]] = []
        super().__init__([w.HTML(
            "<p>A triad is <i>balanced</i> when all three actors are friendly, or when two friends share a "
            "common enemy. It is <i>unbalanced</i> when one actor is friendly with two actors who are hostile "
            "to each other: something has to give. When all three are hostile, the triad is unbalanced in the "
            "strict sense but <i>clusterable</i> (weakly balanced): three camps. For each triad, choose what "
            "it is, and on which actor it turns.</p>"), self.list_button, self.rows])
        # a resumed exercise shows the triads already judged, with their verdicts, at once
        if any(self._lookup(balance_id(t)) for t in triads(self.builder.checked_signs())):
            self.refresh()

    def refresh(self) -> None:
        self.items = []
        rows = []
        found = triads(self.builder.checked_signs())  # the grader re-derives triads from what was recorded
        if self.builder.signs() != self.builder.checked_signs():
            rows.append(w.HTML("<i>Some pairs above are not checked yet: press Check my network, then list "
                               "the triads again (only the network you checked counts).</i>"))
        if not found:
            unanswered = sum(1 for p in self.builder.pickers.values() if p.value is None)
            self.rows.children = rows + [w.HTML(
                f"<i>Your network has no triangle yet: {unanswered} pair(s) above are still to choose.</i>"
                if unanswered else
                "<i>Your network has no triangle: no three actors in it are each linked to the other two, "
                "so there is no triad to judge.</i>")]
            return
        for t in found:
            qid = balance_id(t)
            names = " – ".join(self.case.actor(a).name for a in t.actors)
            radio = Choices(options=[(label, value) for value, label in verdict_choices(self.case, t)], label=names)
            button = w.Button(description="Check", icon="check", tooltip=f"Check the triad {names}")
            out = Live()
            button.on_click(lambda _, t=t, radio=radio, out=out: self.check(t, radio, out))
            saved = self._lookup(qid)
            if saved:
                if saved[-1].answer in {v for v, _ in verdict_choices(self.case, t)}:
                    radio.value = saved[-1].answer  # (a verdict of an earlier release is shown, not selected)
                out.value = self._text(t, saved[-1].answer)
            self.items.append((t, radio, button, out))
            rows.append(w.VBox([w.HTML(_e(describe_triad(self.case, t).rsplit(" The triad", 1)[0])),
                                w.HBox([radio, button]), out]))
        self.rows.children = rows

    def _text(self, t: Triad, answer: str) -> str:
        right = verdict_right(t, answer)
        sym = f"{SYMBOL_RIGHT} Right." if right else f"{SYMBOL_WRONG} Not right."
        return f"{sym} {_e(describe_triad(self.case, t))}"

    def check(self, t: Triad, radio: Choices, out: Live) -> None:
        if radio.value is None:
            out.value = "Choose what the triad is first."
            return
        qid = balance_id(t)
        saved = self._lookup(qid)
        if not saved or saved[-1].answer != radio.value:
            right = verdict_right(t, radio.value)
            if right:
                self._record(qid, radio.value, True)
            else:  # the feedback describes the triad, and so says whether it is balanced
                self._record(qid, radio.value, False, revealed=True)
        out.value = self._text(t, radio.value)
