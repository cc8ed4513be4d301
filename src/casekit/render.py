"""A figure with its words: a matplotlib Figure, its title, alternative text and description.

Figures are drawn with matplotlib's object-oriented API (``matplotlib.figure.Figure`` on an Agg
canvas, never pyplot), so nothing leaks between notebook cells or into the grader. matplotlib is
imported only when a figure is made: ``import casekit`` stays light. Output is byte-stable: fixed
``svg.hashsalt``, no date or software version in the metadata, fixed layouts.
"""
from __future__ import annotations

import base64
import contextlib
import html
import io
from pathlib import Path
from typing import Iterator, Optional

FORMATS = ("png", "pdf", "svg")
DPI = 100
# Settings every casekit figure is drawn and saved with (a user's own rcParams are left alone).
RC = {
    "svg.hashsalt": "casekit",   # clip-path ids from a fixed salt, not a random one: same bytes every run
    "svg.fonttype": "path",      # glyphs as paths: the figure looks the same on every machine
    "font.family": "DejaVu Sans",  # shipped with matplotlib, so text extents are the same everywhere
    "font.size": 10,
    "axes.titlesize": 13,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Draw or save inside casekit's rcParams, restoring the user's afterwards."""
    import matplotlib

    with matplotlib.rc_context(RC):
        yield


def new_figure(width: float, height: float):
    """A blank Figure (size in inches at 100 dpi) on an Agg canvas: no pyplot, no GUI."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def renderer(fig):
    """The Agg renderer of a figure, for text extents (``Text.get_window_extent``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    return canvas.get_renderer()


def _metadata(fmt: str, title: str, description: str) -> dict:
    if fmt == "svg":
        return {"Title": title, "Description": description, "Date": None, "Creator": "casekit (matplotlib)"}
    if fmt == "pdf":
        return {"Title": title, "Subject": description, "CreationDate": None, "ModDate": None,
                "Creator": "casekit (matplotlib)", "Producer": "casekit (matplotlib)"}
    return {"Title": title, "Description": description, "Software": None}


def _accessible_svg(svg: str, title: str, description: str) -> str:
    """Add SVG's own accessibility elements, which matplotlib has no option for: role="img" on the
    root and <title> / <desc> as its first children (matplotlib keeps them only as RDF metadata)."""
    start = svg.index("<svg")
    end = svg.index(">", start) + 1
    head = svg[start:end].replace("<svg", '<svg role="img"', 1)
    return (svg[:start] + head + f"\n <title>{html.escape(title, quote=False)}</title>"
            f"\n <desc>{html.escape(description, quote=False)}</desc>" + svg[end:])


class Plot:
    """A figure and its words. ``figure`` is an ordinary matplotlib Figure: restyle it, then show
    or save again. Unpacks as ``figure, description = plot``."""

    def __init__(self, figure, title: str, alt: str, description: str):
        self.figure = figure
        self.title = title
        self.alt = alt
        self.description = description

    def __iter__(self):
        return iter((self.figure, self.description))

    def __repr__(self) -> str:
        return f"<Plot {self.title!r}>"

    @property
    def axes(self):
        """The figure's axes (the first is the chart)."""
        return self.figure.axes

    def to_bytes(self, format: str = "png", dpi: Optional[float] = None, quick: bool = False) -> bytes:
        """The figure as PNG, PDF or SVG bytes, the same on every run (``quick``: a PNG compressed
        less, for showing on screen)."""
        fmt = format.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ValueError(f"unknown figure format {format!r}; use one of {', '.join(FORMATS)}")
        buf = io.BytesIO()
        extra = {"pil_kwargs": {"compress_level": 1}} if quick and fmt == "png" else {}
        with style():
            self.figure.savefig(buf, format=fmt, dpi=dpi or DPI, metadata=_metadata(fmt, self.title, self.description),
                                **extra)
        data = buf.getvalue()
        if fmt == "svg":
            data = _accessible_svg(data.decode("utf-8"), self.title, self.description).encode("utf-8")
        return data

    @property
    def svg(self) -> str:
        """The figure as SVG text, with <title> and <desc> inside."""
        return self.to_bytes("svg").decode("utf-8")

    def png(self, dpi: Optional[float] = None) -> bytes:
        return self.to_bytes("png", dpi)

    def save(self, path, dpi: Optional[float] = None, format: Optional[str] = None) -> Path:
        """Write PNG, PDF or SVG (from the file's suffix, or ``format``), atomically: a reader
        never sees half a file."""
        from .answers import atomic_write

        path = Path(path)
        fmt = (format or path.suffix.lstrip(".")).lower()
        if fmt not in FORMATS:
            raise ValueError(f"{path}: cannot tell the format from the suffix {path.suffix!r}; "
                             f"use .png, .pdf or .svg, or format=")
        atomic_write(path, self.to_bytes(fmt, dpi))
        return path

    def html(self, max_width: Optional[int] = None, dpi: Optional[float] = None) -> str:
        """An <img> with alternative text (assistive technology reads the alt, not the pixels)."""
        data = base64.b64encode(self.to_bytes("png", dpi, quick=True)).decode("ascii")
        width = int(round(self.figure.get_figwidth() * DPI))
        if max_width:
            width = min(width, max_width)
        return (f'<img class="casekit-figure" src="data:image/png;base64,{data}" '
                f'alt="{html.escape(self.alt, quote=True)}" width="{width}" style="max-width:100%;height:auto">')

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """In a notebook: the image with its alternative text, and the description below it."""
        page = (f"<figure style='margin:0'>{self.html()}<figcaption><pre style='white-space:pre-wrap'>"
                f"{html.escape(self.description)}</pre></figcaption></figure>")
        return {"text/html": page, "text/plain": self.description}


def text_boxes(fig) -> list[tuple[object, object]]:
    """(Text, its bounding box in pixels) for every visible, non-empty text of the figure."""
    from matplotlib.text import Text

    r = renderer(fig)
    fig.draw(r)  # legends and tick labels take their places when drawn
    out, seen = [], set()
    for t in fig.findobj(lambda a: isinstance(a, Text)):
        if id(t) not in seen and t.get_visible() and t.get_text().strip():
            seen.add(id(t))
            out.append((t, t.get_window_extent(r)))
    return out


def overlapping_text(fig, pad: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap (matplotlib's own extents): empty when nothing collides."""
    boxes = [(t, b.expanded(1, 1).padded(pad)) for t, b in text_boxes(fig)]
    found = []
    for i, (t1, b1) in enumerate(boxes):
        for t2, b2 in boxes[i + 1:]:
            if b1.overlaps(b2) and b1.width > 0 and b2.width > 0:
                found.append((t1.get_text(), t2.get_text()))
    return found
