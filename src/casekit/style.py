"""Colours and line styles shared by plots and HTML views: colour-blind-safe, never colour alone."""
from __future__ import annotations

# Okabe & Ito's palette, safe for the common kinds of colour blindness.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
# Light tints of the same hues, for backgrounds behind black text.
TINTS = ("#FBE3B3", "#CDE9F8", "#B3E2D5", "#FAF6C2", "#B3D4E8", "#F3CDB3", "#F0D7E7", "#E0E0E0")

# Each kind of quote has its own underline, so kinds can be told apart in black and white.
KIND_BORDER = {
    "direct": "2px solid",
    "paraphrase": "2px dashed",
    "analysis": "2px dotted",
    "statement": "3px double",
}
SYMBOL_RIGHT = "✔"
SYMBOL_WRONG = "✘"
