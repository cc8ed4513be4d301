"""Accessible building blocks for the exercises: a radio group, a live region, focus moved on purpose.

ipywidgets alone cannot give a group of options one label and one tab stop, announce a choice, keep
JupyterLab's notebook shortcuts (the arrow keys, A, B, D D ...) out of an exercise, or move the focus
to a control that the kernel has only just shown. These few lines of front-end code do, shipped
with the package through anywidget (ES module in this file; nothing is built or downloaded).

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
from typing import Any, Sequence

import anywidget
import traitlets as t

from ..style import FOCUS_CSS

# The keys pressed inside an exercise belong to it, not to JupyterLab's notebook commands (the
# arrow keys would move to another cell, Enter would edit one, A, B, D D add or delete cells): a
# key pressed in the exercise goes no further than the exercise, except Tab and Escape. (Lumino also
# skips shortcuts inside an element with data-lm-suppress-shortcuts.)
_SUPPRESS = """
function stopKeys(e) {
  if (e.key !== "Tab" && e.key !== "Escape") e.stopPropagation();
}
function keepKeys(el) {
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  el.addEventListener("keydown", stopKeys);
  let tries = 0;
  const up = () => {
    const exercise = el.closest(".casekit-exercise");
    if (exercise) {
      exercise.setAttribute("data-lm-suppress-shortcuts", "true");
      if (!exercise.dataset.casekitKeys) {
        exercise.dataset.casekitKeys = "kept";
        exercise.addEventListener("keydown", stopKeys);
      }
    } else if (tries++ < 40) setTimeout(up, 50);
  };
  up();
}
"""

CHOICES_ESM = _SUPPRESS + """
// Words in a right-to-left script inside an English label (a Persian or Arabic quotation in a piece
// of evidence) are isolated and laid out right to left.
const RTL_RUN = /[\\u0590-\\u08FF\\uFB1D-\\uFDFF\\uFE70-\\uFEFF][\\u0590-\\u08FF\\uFB1D-\\uFDFF\\uFE70-\\uFEFF\\u200C\\u200D 0-9.,:;!?()«»\\u060C\\u061B\\u061F\\u066B\\u066C-]*[\\u0590-\\u08FF\\uFB1D-\\uFDFF\\uFE70-\\uFEFF.!?\\u061F]/g;
function fill(node, text) {
  let at = 0;
  for (const m of text.matchAll(RTL_RUN)) {
    node.append(text.slice(at, m.index));
    const run = document.createElement("bdi");
    run.dir = "rtl";
    run.textContent = m[0];
    node.append(run);
    at = m.index + m[0].length;
  }
  node.append(text.slice(at));
}
let counter = 0;
function render({ model, el }) {
  const name = "casekit-choices-" + (++counter) + "-" + Math.random().toString(36).slice(2, 8);
  el.classList.add("casekit-a11y");
  keepKeys(el);
  const group = document.createElement("div");
  group.setAttribute("role", "radiogroup");
  // Choices made in the page go to the kernel as numbered messages, and the kernel answers each
  // one. Until it has answered the last, the page shows the last choice made in it: the kernel's
  // replies to earlier choices (a quick run of arrow keys on a busy kernel) do not pull the check
  // mark back to an option the student has already left.
  let sent = 0, answered = 0, last = -1;
  const shown = () => (answered < sent ? last : model.get("index"));
  model.on("msg:custom", (msg) => {
    if (msg && typeof msg.chosen === "number") {
      answered = Math.max(answered, msg.chosen);
      if (answered >= sent) update();
    }
  });
  el.appendChild(group);
  // the arrow keys move the choice within the group (Home and End to the first and last), as in
  // any radio group; done here because the notebook around it would otherwise take them
  const steps = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: "first", End: "last"};
  group.addEventListener("keydown", (e) => {
    if (!(e.key in steps) || e.altKey || e.ctrlKey || e.metaKey) return;
    const inputs = [...group.querySelectorAll("input[type=radio]:not(:disabled)")];
    if (!inputs.length) return;
    e.preventDefault();
    e.stopPropagation();
    const step = steps[e.key];
    const i = inputs.indexOf(document.activeElement);
    const j = step === "first" ? 0 : step === "last" ? inputs.length - 1
            : (Math.max(i, 0) + step + inputs.length) % inputs.length;
    inputs[j].focus();
    inputs[j].checked = true;
    inputs[j].dispatchEvent(new Event("change", { bubbles: true }));
  });
  function draw() {
    // a keyboard user inside the group keeps the focus when the options are drawn again
    const had = group.contains(document.activeElement);
    group.replaceChildren();
    group.className = "casekit-choices casekit-look-" + model.get("look");
    group.removeAttribute("aria-labelledby");
    const label = model.get("label");
    if (label) {
      const span = document.createElement("span");
      span.id = name + "-label";
      span.className = "casekit-group-label";
      span.textContent = label;
      group.appendChild(span);
      group.setAttribute("aria-labelledby", span.id);
    } else if (model.get("labelledby")) {
      group.setAttribute("aria-labelledby", model.get("labelledby"));
    }
    const options = document.createElement("div");
    options.className = "casekit-options";
    group.appendChild(options);
    const tips = model.get("tooltips");
    model.get("labels").forEach((text, i) => {
      const option = document.createElement("label");
      option.className = "casekit-option";
      if (tips[i]) option.title = tips[i];
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = String(i);
      input.addEventListener("change", () => {
        if (input.checked && shown() !== i) {
          // a message, not a state update: ipywidgets holds back a model's updates while the kernel
          // is busy, so a quick Tab and Enter on Check could reach the kernel before the choice
          // did; messages keep their order (the kernel then sets the index and answers)
          last = i;
          sent += 1;
          model.set("index", i);
          model.send({ choose: i, seq: sent });
        }
      });
      const words = document.createElement("span");
      words.className = "casekit-option-text";
      fill(words, text);
      const lang = (model.get("langs") || [])[i];
      if (lang) {  // an option that quotes a text in another language: said so, for screen readers
        words.lang = lang;
        words.dir = (model.get("dirs") || [])[i] || "auto";
      }
      const mark = document.createElement("span");
      mark.className = "casekit-mark";
      mark.setAttribute("aria-hidden", "true");  // the radio's checked state says it to screen readers
      option.append(input, words, mark);
      options.appendChild(option);
    });
    update();
    if (had) {
      const inputs = [...group.querySelectorAll("input[type=radio]")];
      const back = inputs.find((r) => r.checked) || inputs[0];
      if (back) back.focus();
    }
  }
  function update() {
    const index = shown();
    const disabled = model.get("disabled");
    group.querySelectorAll("label.casekit-option").forEach((option, i) => {
      const input = option.querySelector("input");
      input.checked = i === index;
      input.disabled = disabled;
      option.classList.toggle("casekit-chosen", i === index);
      option.querySelector(".casekit-mark").textContent = i === index ? model.get("chosen_mark") : "";
    });
  }
  model.on("change:labels", draw);
  model.on("change:label", draw);
  model.on("change:labelledby", draw);
  model.on("change:tooltips", draw);
  model.on("change:look", draw);
  model.on("change:index", update);
  model.on("change:disabled", update);
  model.on("change:chosen_mark", update);
  draw();
}
export default { render };
"""

CHOICES_CSS = FOCUS_CSS + """
.casekit-choices { display: flex; flex-direction: column; gap: 0.2em; margin: 0.3em 0; }
.casekit-choices .casekit-group-label { font-weight: bold; }
.casekit-choices .casekit-options { display: flex; flex-direction: column; gap: 0.15em; }
.casekit-choices .casekit-option { display: flex; align-items: baseline; gap: 0.4em; cursor: pointer;
  padding: 0.1em 0.3em; border: 2px solid transparent; border-radius: 3px; }
.casekit-choices .casekit-option input { margin: 0; flex: none; }
.casekit-choices .casekit-option.casekit-chosen { border-color: var(--jp-ui-font-color0, #000); font-weight: bold; }
.casekit-choices .casekit-mark { white-space: nowrap; }
.casekit-look-buttons { flex-direction: row; align-items: center; flex-wrap: wrap; gap: 0.5em; }
.casekit-look-buttons .casekit-group-label { min-width: 6em; }
.casekit-pair .casekit-look-buttons .casekit-group-label { flex: 0 0 22em; max-width: 100%; }
.casekit-look-buttons .casekit-options { flex-direction: row; flex-wrap: wrap; gap: 0.3em; }
.casekit-look-buttons .casekit-option { position: relative; min-width: 7.5em; justify-content: center;
  border: 1px solid #595959; background: #fff; color: #000; padding: 0.2em 0.6em; border-radius: 2px; }
.casekit-look-buttons .casekit-option input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.casekit-look-buttons .casekit-option.casekit-chosen { background: #1a1a1a; color: #fff; border: 2px solid #000; }
.casekit-look-buttons .casekit-option:has(input:focus-visible) {
  outline: 3px solid var(--jp-ui-font-color0, #000); outline-offset: 2px;
  box-shadow: 0 0 0 2px var(--jp-layout-color0, #fff); }
"""

LIVE_ESM = """
function render({ model, el }) {
  el.classList.add("casekit-live");
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  el.appendChild(region);
  const show = () => { region.innerHTML = model.get("value"); };
  model.on("change:value", show);
  show();
}
export default { render };
"""

FOCUS_ESM = """
function target(node, which) {
  if (node.matches("button, input, textarea, select")) return node.disabled ? null : node;
  if (which === "first") return node.querySelector("input:not(:disabled), button:not(:disabled), textarea:not(:disabled)");
  return node.querySelector("input[type=radio]:checked:not(:disabled)")
      || node.querySelector("[tabindex='-1'], input:not(:disabled), button:not(:disabled), textarea:not(:disabled), select:not(:disabled)");
}
function render({ model, el }) {
  el.classList.add("casekit-focus-manager");
  model.on("change:request", () => {
    const cls = model.get("target");
    const which = model.get("which");
    const deadline = Date.now() + 5000;
    const attempt = () => {
      // the widget may not be on the page yet, or still disabled: wait for it, briefly
      for (const node of document.getElementsByClassName(cls)) {
        if (!node.isConnected || !node.getClientRects().length) continue;
        const t = target(node, which);
        if (t) {
          t.focus();
          if (document.activeElement === t) return;
        }
      }
      if (Date.now() < deadline) setTimeout(attempt, 50);
    };
    attempt();
  });
}
export default { render };
"""


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


class FocusManager(anywidget.AnyWidget):
    """Moves the keyboard focus to a widget on request; ``history`` keeps each request (for tests)."""

    _esm = FOCUS_ESM
    _css = FOCUS_CSS
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
