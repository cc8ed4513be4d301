"""A small SVG writer for casekit's figures: plain text out, no plotting library in the kernel.

Figures are a few dozen lines, markers and labels, so writing SVG directly is enough: it costs a
few milliseconds (a plotting library costs half a second to import in a fresh kernel), the output
is the same bytes on every run, it stays sharp at any zoom, and it carries its own ``<title>`` and
``<desc>`` for assistive technology.
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
# stroke-dasharray per line style: they differ in pattern, so they never rely on colour alone
DASH = {"solid": None, "dashed": "9 5", "dashdot": "11 4 2 4", "dotted": "2 3"}
MARKER_SHAPES = ("circle", "square", "triangle-up", "triangle-down", "diamond")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _n(x: float) -> str:
    """Coordinates rounded to 0.1 px: stable text, small files."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def text_width(text: str, size: float) -> float:
    """A generous estimate of rendered width (SVG has no text metrics before it is drawn)."""
    return 0.6 * size * len(text)


@dataclass(frozen=True)
class Figure:
    """A finished figure: SVG text with its title and a short alternative text."""

    svg: str
    title: str
    alt: str
    width: int
    height: int

    def _repr_svg_(self) -> str:
        return self.svg

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    def html(self, max_width: Optional[int] = None) -> str:
        """An <img> with alternative text: assistive technology reads the alt, not the drawing."""
        width = min(self.width, max_width) if max_width else self.width
        return (f'<img class="casekit-figure" src="{self.data_uri()}" alt="{_e(self.alt)}" width="{width}" '
                f'style="max-width:100%;height:auto">')

    def save(self, path: Path) -> Path:
        """Write the SVG file (atomically: a reader never sees half of it)."""
        from .answers import atomic_write

        atomic_write(Path(path), self.svg)
        return Path(path)


class Drawing:
    """Collects SVG elements in drawing order; ``figure()`` finishes the document."""

    def __init__(self, width: int, height: int, title: str, alt: str = ""):
        self.width, self.height, self.title = width, height, title
        self.alt = alt or title
        self.defs: list[str] = []
        self.parts: list[str] = []

    def heading(self, size: float = 16) -> None:
        """The figure's title, centred at the top."""
        self.text(self.width / 2, 23, self.title, size=size, anchor="middle")

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = "#000", width: float = 1,
             style: str = "solid") -> None:
        dash = DASH[style]
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
                          f'stroke-width="{_n(width)}"{extra}/>')

    def rect(self, x: float, y: float, w: float, h: float, fill: str = "none", stroke: str = "none",
             width: float = 1) -> None:
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}" '
                          f'stroke="{stroke}" stroke-width="{_n(width)}"/>')

    def marker(self, shape: str, x: float, y: float, size: float, fill: str, stroke: str = "#000") -> None:
        """A filled marker centred on (x, y); ``size`` is its width in px."""
        r = size / 2
        style = f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"'
        if shape == "circle":
            self.parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {style}/>')
            return
        if shape == "square":
            r *= 0.9
            points = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
        elif shape == "triangle-up":
            points = [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
        elif shape == "triangle-down":
            points = [(x, y + r * 1.15), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)]
        elif shape == "diamond":
            points = [(x, y - r * 1.2), (x + r, y), (x, y + r * 1.2), (x - r, y)]
        else:
            raise ValueError(f"unknown marker shape {shape!r}; use one of {', '.join(MARKER_SHAPES)}")
        pts = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
        self.parts.append(f'<polygon points="{pts}" {style}/>')

    def text(self, x: float, y: float, text: str | Sequence[str], size: float = 12, anchor: str = "start",
             weight: str = "normal", fill: str = "#000", rotate: float = 0, halo: bool = False) -> None:
        """Text whose baseline is centred on y; a sequence gives stacked lines centred together.

        ``halo`` draws a white outline under the letters so a label stays readable over lines.
        """
        lines = [text] if isinstance(text, str) else list(text)
        step = size * 1.2
        top = y - step * (len(lines) - 1) / 2 + size * 0.35
        attrs = f'font-size="{_n(size)}" text-anchor="{anchor}" fill="{fill}"'
        if weight != "normal":
            attrs += f' font-weight="{weight}"'
        if rotate:
            attrs += f' transform="rotate({_n(rotate)} {_n(x)} {_n(y)})"'
        if halo:
            attrs += ' stroke="#fff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'
        if len(lines) == 1:
            self.parts.append(f'<text x="{_n(x)}" y="{_n(top)}" {attrs}>{_e(lines[0])}</text>')
            return
        spans = "".join(f'<tspan x="{_n(x)}" y="{_n(top + i * step)}">{_e(s)}</tspan>' for i, s in enumerate(lines))
        self.parts.append(f"<text {attrs}>{spans}</text>")

    def hatch(self, name: str, colour: str) -> str:
        """A diagonal hatch fill (for bars that must differ by more than colour); returns its fill value."""
        self.defs.append(f'<pattern id="{name}" patternUnits="userSpaceOnUse" width="6" height="6" '
                         f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
                         f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="3"/></pattern>')
        return f"url(#{name})"

    def figure(self, description: str = "") -> Figure:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}" role="img" font-family="{FONT}">')
        body = [head, f"<title>{_e(self.title)}</title>"]
        if description:
            body.append(f"<desc>{_e(description)}</desc>")
        if self.defs:
            body.append("<defs>" + "".join(self.defs) + "</defs>")
        body.append(f'<rect width="{self.width}" height="{self.height}" fill="#fff"/>')
        body += self.parts
        body.append("</svg>")
        return Figure("\n".join(body) + "\n", self.title, self.alt, self.width, self.height)
