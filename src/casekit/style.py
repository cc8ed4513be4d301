"""Colours and line styles shared by plots and HTML views: colour-blind-safe, never colour alone."""
from __future__ import annotations

# Okabe & Ito's palette, safe for the common kinds of colour blindness.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
# Backgrounds behind black text (the speakers of the reading view): Paul Tol's "light" scheme, whose
# colours stay apart for the common kinds of colour blindness (every pair at least 10 CIELAB units
# apart under simulated deuteranopia, protanopia and tritanopia; the earlier tints of the Okabe-Ito
# hues had pairs 4 apart). Each highlight also names its speaker in words ("[S2 · ...]"): the
# colour is never the only cue. Black text on each is at least 8:1.
TINTS = ("#77AADD", "#EE8866", "#44BB99", "#FFAABB", "#EEDD88", "#99DDFF", "#BBCC33", "#DDDDDD")

# Each kind of quote has its own underline, so kinds can be told apart in black and white.
KIND_BORDER = {  # the underline of a highlighted quotation, by how its words are presented
    "direct": "2px solid",
    "indirect": "2px dashed",
    "mixed": "3px double",
    "none": "2px dotted",
}
SYMBOL_RIGHT = "✔"
SYMBOL_WRONG = "✘"

# A focus outline that can be seen: 3 px in the theme's text colour (black on JupyterLab's light
# theme, 21:1 on white; light on the dark theme), drawn outside the control so it never sits on the
# control's own colour. WCAG 2.1 2.4.7 asks for a visible focus; 3:1 is 1.4.11's contrast for it.
# It is scoped to casekit's own tables and widgets (JupyterLab's chrome is not ours to restyle).
FOCUS_CSS = (
    ".casekit-scroll:focus-visible, .casekit-a11y :focus-visible, .casekit-a11y:focus-visible {"
    " outline: 3px solid var(--jp-ui-font-color0, #000) !important; outline-offset: 2px !important;"
    " box-shadow: 0 0 0 2px var(--jp-layout-color0, #fff) !important; }"
    " .casekit-a11y .widget-toggle-button.mod-active, .casekit-a11y button[aria-pressed='true'] {"
    " font-weight: bold; }"
)
FOCUS_STYLE = f"<style>{FOCUS_CSS}</style>"
