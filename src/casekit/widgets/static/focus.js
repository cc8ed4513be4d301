// Moves the focus to a widget when the kernel asks (after Start, Check, Next...), waiting briefly for
// it to be on the page and enabled. While a move is pending the document carries
// data-casekit-focusing, and a "casekit-focused" event says when it is over (live.js waits for it).
function target(node, which) {
  if (node.matches("button, input, textarea, select")) return node.disabled ? null : node;
  if (which === "first") return node.querySelector("input:not(:disabled), button:not(:disabled), textarea:not(:disabled)");
  return node.querySelector("input[type=radio]:checked:not(:disabled)")
      || node.querySelector("[tabindex='-1'], input:not(:disabled), button:not(:disabled), textarea:not(:disabled), select:not(:disabled)");
}
// Voila asks the server to shut the page's kernel down when the page is left (a beacon on
// beforeunload) and proves the request is the page's own with the _xsrf cookie, which it copies
// into the request. A page opened straight from a student-view link has no such cookie (only the
// server's other pages set it), and the server refuses the request: the kernel stays behind. Give
// the page one where it has none: a random token, which the server compares with the copy sent
// (a page of another site can neither read nor send it).
function xsrfCookie() {
  if (/(^|;\s*)_xsrf=/.test(document.cookie) || !window.crypto || !crypto.getRandomValues) return;
  const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  let base = "/";
  try {
    base = JSON.parse(document.getElementById("jupyter-config-data").textContent).baseUrl || "/";
  } catch (e) { /* not a Jupyter page: the root */ }
  document.cookie = `_xsrf=${token}; path=${base}; SameSite=Strict`;
}
function render({ model, el }) {
  el.classList.add("casekit-focus-manager");
  xsrfCookie();
  const root = document.documentElement;
  model.on("change:request", () => {
    const cls = model.get("target");
    const which = model.get("which");
    const request = String(model.get("request")) + ":" + cls;
    root.dataset.casekitFocusing = request;
    const over = () => {
      if (root.dataset.casekitFocusing === request) delete root.dataset.casekitFocusing;
      document.dispatchEvent(new CustomEvent("casekit-focused"));
    };
    const deadline = Date.now() + 5000;
    const attempt = () => {
      // the widget may not be on the page yet, or still disabled: wait for it, briefly
      for (const node of document.getElementsByClassName(cls)) {
        if (!node.isConnected || !node.getClientRects().length) continue;
        const t = target(node, which);
        if (t) {
          t.focus();
          if (document.activeElement === t) { over(); return; }
        }
      }
      if (Date.now() < deadline) setTimeout(attempt, 50);
      else over();
    };
    attempt();
  });
}
export default { render };
