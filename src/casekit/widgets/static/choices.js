// The keys pressed inside an exercise belong to it, not to JupyterLab's notebook commands (the
// arrow keys would move to another cell, Enter would edit one, A, B, D D add or delete cells): a
// key pressed in the exercise goes no further than the exercise, except Tab and Escape. (Lumino also
// skips shortcuts inside an element with data-lm-suppress-shortcuts.)
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

// Words in a right-to-left script inside an English label (a Persian or Arabic quotation in a piece
// of evidence) are isolated and laid out right to left.
const RTL_RUN = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF][\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200C\u200D 0-9.,:;!?()«»\u060C\u061B\u061F\u066B\u066C-]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF.!?\u061F]/g;
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
