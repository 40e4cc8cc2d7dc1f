"""Matplotlib without pyplot: fixed style, the bundled CJK font, fast PNG frames.

Every widget figure is a plain :class:`matplotlib.figure.Figure` on an Agg canvas (no
pyplot, so nothing is shown twice by ``%matplotlib inline`` and no global backend is
touched).  A :class:`Frame` renders the *static* artists once (contours, arrows, curves,
axes, legends), keeps that bitmap, and per slider move only restores it and draws the few
*dynamic* artists (markers, tangent, trajectories up to a step) before encoding the PNG.
The style is matplotlib's defaults plus ours, whatever the user's rcParams say, so the
image of a widget and its headless render are the same pixels.
"""

from __future__ import annotations

import base64
import dataclasses
import io
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

FONT_FILE = Path(__file__).with_name("fonts") / "TapekitSansSC-Regular.ttf"
DPI = 100
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")

_style: dict | None = None


def cjk_family() -> str:
    """Register the bundled CJK font with matplotlib (once); its family name."""
    name = "Tapekit Sans SC"
    fm = font_manager.fontManager
    if not any(f.name == name for f in fm.ttflist):
        fm.addfont(str(FONT_FILE))
        # one weight ships; list it as bold too, so bold labels fall back to it silently
        # instead of logging "findfont: Failed to find font weight bold"
        regular = next(f for f in fm.ttflist if f.name == name)
        fm.ttflist.append(dataclasses.replace(regular, weight=700))
        cached = getattr(fm, "_findfont_cached", None)
        if cached is not None:
            cached.cache_clear()
    return name


def style() -> dict:
    """rcParams of every widget figure: matplotlib's defaults, DejaVu Sans then the CJK
    font as fallback (Latin keeps its usual look, Chinese falls through to ours)."""
    global _style
    if _style is None:
        skip = ("backend", "interactive", "toolbar", "timezone", "webagg", "tk.", "date.epoch")
        skip += ("figure.max_open_warning", "figure.raise_window", "savefig.directory")
        skip += ("docstring.", "pdf.", "ps.", "pgf.", "svg.fonttype")
        base = {k: v for k, v in matplotlib.rcParamsDefault.items() if not k.startswith(skip)}
        base.update(
            {
                # concrete names, not "sans-serif": a Text keeps its family list, so the
                # figure still finds the CJK font when savefig runs under the user's rcParams
                "font.family": ["DejaVu Sans", cjk_family()],
                "font.size": 9.5,
                "axes.titlesize": 10.5,
                "figure.dpi": DPI,
                "savefig.dpi": DPI,
                "figure.facecolor": "white",
                "svg.hashsalt": "tapekit",
                "axes.unicode_minus": True,
                "legend.fontsize": 8.5,
                "legend.framealpha": 0.85,
            }
        )
        _style = base
    return _style


@contextmanager
def styled():
    """A context in which matplotlib uses the widgets' rcParams (``style()``)."""
    with matplotlib.rc_context(style()):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A Figure on an Agg canvas (create its artists inside ``styled()``)."""
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def encode_png(canvas) -> bytes:
    """The canvas as PNG bytes (RGB, fast zlib level; no metadata: deterministic)."""
    w, h = canvas.get_width_height()
    rgba = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    rgba.convert("RGB").save(out, format="PNG", compress_level=1)
    return out.getvalue()


def png_base64(png: bytes) -> str:
    """PNG bytes as base64 text (for a data bundle)."""
    return base64.b64encode(png).decode("ascii")


class Frame:
    """A figure with static artists drawn once and dynamic artists drawn per frame.

    ``dynamic`` artists are marked animated: a normal draw leaves them out, so the cached
    bitmap holds only the static layers.  ``render()`` restores that bitmap and draws the
    dynamic artists on top (in the order given; give them a zorder above every static
    artist of their axes, then ``figure.savefig`` draws the same picture).
    """

    def __init__(self, figure: Figure, dynamic=()):
        self.figure = figure
        self.canvas = figure.canvas
        self.dynamic: list = []
        self._background = None
        self.add_dynamic(*dynamic)

    def add_dynamic(self, *artists) -> None:
        """Mark ``artists`` animated and draw them on every frame, in the order given."""
        for a in artists:
            a.set_animated(True)
            self.dynamic.append(a)

    def invalidate(self) -> None:
        """The static layers changed: the next frame redraws them."""
        self._background = None

    def render(self) -> bytes:
        """PNG bytes of a frame: the cached static layers, then the dynamic artists."""
        with styled():
            if self._background is None:
                self.canvas.draw()
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            else:
                self.canvas.restore_region(self._background)
            for a in self.dynamic:
                if a.get_visible():
                    self.figure.draw_artist(a)
            return encode_png(self.canvas)

    def savefig_png(self) -> bytes:
        """The same picture through ``savefig`` (one full draw, dynamic artists included)."""
        out = io.BytesIO()
        with styled():
            self.figure.savefig(out, format="png", dpi=DPI)
        self._background = None  # savefig resized nothing, but be safe
        return out.getvalue()


def decode_png(png: bytes):
    """PNG bytes as an RGB uint8 array (tests and the browser check use it)."""
    import numpy as np

    with Image.open(io.BytesIO(png)) as im:
        return np.asarray(im.convert("RGB"))
