// A status region made once, whose content alone changes, so that screen readers read it out.
// When the kernel has also asked for the focus to move (Check moves it to Try again or Next), the
// new text waits until the focus has moved: a screen reader would cut off a verdict announced just
// before a focus change (see focus.js, which marks a pending move on the document).
function render({ model, el }) {
  el.classList.add("casekit-live");
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  region.tabIndex = -1;  // the focus may be put on a verdict (the last question, answered right)
  el.appendChild(region);
  let shown = null;
  const show = () => {
    const value = model.get("value");
    if (value !== shown) { shown = value; region.innerHTML = value; }
  };
  const later = () => {
    // after the messages that came with this one (a focus request is sent before the verdict)
    setTimeout(() => {
      const root = document.documentElement;
      if (!root.dataset.casekitFocusing) { show(); return; }
      const done = () => { document.removeEventListener("casekit-focused", done); clearTimeout(timer); show(); };
      const timer = setTimeout(done, 1500);  // never hold the text back for long
      document.addEventListener("casekit-focused", done);
    }, 0);
  };
  model.on("change:value", later);
  show();
}
export default { render };
