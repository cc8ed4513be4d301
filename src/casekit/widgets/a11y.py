"""Accessible building blocks for the exercises: a radio group, a live region, focus moved on purpose.

ipywidgets alone cannot give a group of options one label and one tab stop, announce a choice, keep
JupyterLab's notebook shortcuts (the arrow keys, A, B, D D ...) out of an exercise, or move the focus
to a control that the kernel has only just shown. These few lines of front-end code do, shipped
with the package through anywidget (ES modules and CSS in ``static/``; nothing is built or downloaded).

- ``Choices``: native radio buttons in one ``role=radiogroup`` labelled by the question (or a visible
  label): one tab stop, the arrow keys move between options, the chosen option is announced as
  checked and shown by a text mark ("✔ chosen") and a dark fill, not by shade alone.
- ``Live``: a status region made once, whose text alone changes, so screen readers read it out.
- ``FocusManager``: moves the focus to a widget (when it is on the page and enabled), so a step never
  leaves the focus on the page body.
"""
from __future__ import annotations

import html
import re
from importlib import resources
from typing import Any, Sequence

import anywidget
import traitlets as t

from ..style import FOCUS_CSS

# The front-end code (ES modules and style sheets) ships with the package as files beside this
# module (casekit/widgets/static/, package data), read once here. A key pressed inside an exercise
# belongs to it, not to JupyterLab's notebook commands (the arrow keys would move to another cell,
# Enter would edit one, A, B, D D add or delete cells): see keepKeys in choices.js.
_STATIC = resources.files("casekit.widgets") / "static"


def _static(name: str) -> str:
    """The text of a front-end file shipped with the package."""
    return (_STATIC / name).read_text(encoding="utf-8")


CHOICES_ESM = _static("choices.js")
CHOICES_CSS = FOCUS_CSS + "\n" + _static("choices.css")
LIVE_ESM = _static("live.js")
FOCUS_ESM = _static("focus.js")
# every exercise has a FocusManager: it brings the focus outline and the exercise's reflow rules
EXERCISE_CSS = FOCUS_CSS + "\n" + _static("exercise.css")


def focus_class(widget) -> str:
    """The class by which the front end finds a widget's element to focus it."""
    return f"casekit-w-{widget.model_id}"


class Choices(anywidget.AnyWidget):
    """One question's options as a labelled radio group (``look="buttons"`` lays them out in a row).

    Used as ipywidgets' RadioButtons are: ``options`` as (label, value) pairs, ``value`` (None when
    nothing is chosen), ``observe(..., names="value")``.
    """

    _esm = CHOICES_ESM
    _css = CHOICES_CSS
    labels = t.List(t.Unicode(), help="The options' labels, as shown").tag(sync=True)
    index = t.Int(-1, help="The chosen option's position, -1 when none is chosen").tag(sync=True)
    label = t.Unicode("", help="A visible label for the group (a pair's names, a triad)").tag(sync=True)
    labelledby = t.Unicode("", help="The id of the element that labels the group (the question)").tag(sync=True)
    look = t.Enum(["list", "buttons"], "list", help="A list of radio buttons, or a row of buttons").tag(sync=True)
    chosen_mark = t.Unicode("✔ chosen", help="The words shown beside the chosen option").tag(sync=True)
    tooltips = t.List(t.Unicode(), help="A longer description of each option").tag(sync=True)
    langs = t.List(t.Unicode(), help="Each option's language when it is not English (BCP 47), else ''").tag(sync=True)
    dirs = t.List(t.Unicode(), help="Each option's text direction where a language is given: rtl or ltr").tag(sync=True)
    disabled = t.Bool(False, help="Whether the options can be chosen").tag(sync=True)
    value = t.Any(None, allow_none=True, help="The chosen option's value (None when none is chosen)")

    def __init__(self, options: Sequence[tuple[str, Any]], value: Any = None, **kwargs):
        self._values = [v for _, v in options]
        super().__init__(labels=[str(label) for label, _ in options], **kwargs)
        self.on_msg(self._chosen_in_the_page)
        # the class FocusManager finds it by, given at once: anywidget's view does not take classes
        # added after it is drawn
        self.add_class(focus_class(self))
        if value is not None:
            self.value = value

    @property
    def options(self) -> list[tuple[str, Any]]:
        return list(zip(self.labels, self._values))

    @property
    def description(self) -> str:
        return self.label

    def _chosen_in_the_page(self, _widget, content, _buffers) -> None:
        """The student chose an option (sent as a message, in order with a button's click)."""
        index = content.get("choose") if isinstance(content, dict) else None
        if isinstance(index, int) and not isinstance(index, bool) and -1 <= index < len(self._values):
            self.index = index
        seq = content.get("seq") if isinstance(content, dict) else None
        if isinstance(seq, int) and not isinstance(seq, bool):
            self.send({"chosen": seq})  # the page shows its own latest choice until this answer

    @t.validate("value")
    def _known(self, proposal):
        value = proposal["value"]
        if value is not None and value not in self._values:
            raise t.TraitError(f"{value!r} is not one of the options {self._values!r}")
        return value

    @t.validate("index")
    def _in_range(self, proposal):
        index = proposal["value"]
        if not -1 <= index < len(self._values):
            raise t.TraitError(f"index {index} is outside the {len(self._values)} options")
        return index

    @t.observe("value")
    def _value_to_index(self, change):
        self.index = -1 if change["new"] is None else self._values.index(change["new"])

    @t.observe("index")
    def _index_to_value(self, change):
        self.value = None if change["new"] == -1 else self._values[change["new"]]


class Live(anywidget.AnyWidget):
    """A status region (role=status, aria-live=polite) made once; only its content changes."""

    _esm = LIVE_ESM
    value = t.Unicode("", help="The HTML shown (and read out when it changes)").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class(focus_class(self))  # the focus may be sent to it: given before it is drawn


class FocusManager(anywidget.AnyWidget):
    """Moves the keyboard focus to a widget on request; ``history`` keeps each request (for tests)."""

    _esm = FOCUS_ESM
    _css = EXERCISE_CSS
    target = t.Unicode("", help="The class of the widget to focus").tag(sync=True)
    which = t.Enum(["auto", "first"], "auto",
                   help="auto: the chosen option, a focusable heading or the first control; first: the first control"
                   ).tag(sync=True)
    request = t.Int(0, help="Counts the requests, so that the same target can be asked for twice").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.history: list[tuple[object, str]] = []

    def focus(self, widget, which: str = "auto") -> None:
        """Move the focus to ``widget`` (to its first control with ``which="first"``)."""
        cls = focus_class(widget)
        if cls not in widget._dom_classes:
            widget.add_class(cls)
        self.history.append((widget, which))
        self.which = which
        self.target = cls
        self.request += 1

    @property
    def last(self):
        """The widget the focus was last sent to (None before any)."""
        return self.history[-1][0] if self.history else None


def no_focus(widget, which: str = "auto") -> None:
    """The focus function of a widget shown outside an exercise: nothing is moved."""


_RTL = "\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF"
_RTL_RUN = re.compile(f"[{_RTL}][{_RTL}\u200c\u200d 0-9.,:;!?()«»\u060c\u061b\u061f\u066b\u066c-]*[{_RTL}.!?\u061f]")


def isolate_rtl(text: str) -> str:
    """Text as HTML (escaped), each run of right-to-left script (a Persian or Arabic quotation inside
    English feedback) isolated in ``<bdi dir="rtl">``, so that it is laid out right to left and the
    English around it keeps its order."""
    out, at = [], 0
    for m in _RTL_RUN.finditer(text):
        out.append(html.escape(text[at:m.start()], quote=True))
        out.append(f'<bdi dir="rtl">{html.escape(m.group(0), quote=True)}</bdi>')
        at = m.end()
    out.append(html.escape(text[at:], quote=True))
    return "".join(out)


def languages(case) -> dict[str, str]:
    """The language of each source and quotation that is not in English: ``{"source:<id>": "fa",
    "quote:<id>": "ru"}`` (a question's material names its source; an evidence option is a quotation)."""
    out = {f"source:{s.id}": s.lang for s in case.sources if s.lang}
    out.update({f"quote:{q.id}": out[f"source:{q.source}"] for q in case.quotes if f"source:{q.source}" in out})
    return out
