"""What the three widgets share: evaluation helpers, the headless result, the widget shell.

A widget is a *model* (the data and a :class:`~tapekit.widgets._render.Frame`; no
ipywidgets) wrapped by a *view* (core ipywidgets only: sliders, Play, an ``Image`` that
receives each PNG frame, an HTML status line).  Headless use (``interactive=False``) keeps
the model and returns a :class:`Snapshot`.  The view's ``_repr_mimebundle_`` adds the
current frame as ``image/png`` next to the widget, so a saved notebook shows the plot on
GitHub, nbviewer and in nbval's eyes even without widget state, and its ``text/plain`` is
a deterministic one-line summary (nbval compares it).
"""

from __future__ import annotations

import html
import math
import os
import sys
import textwrap
import time
import warnings

import tapekit as tk

from .._engine import backend as _backend
from .._engine.tensor import TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from ._render import Frame, new_figure, png_base64, styled

np = _backend.np


class WidgetInputError(ValueError):
    """Input a widget cannot plot (the message says what and how to fix it)."""


# -- checking arguments: the widget's own message, naming the limit, never a raw ValueError --
def check_int(value, name: str, lo: int, hi: int) -> int:
    """``value`` as an int in ``[lo, hi]`` (a whole float such as 200.0 is accepted)."""
    n = None
    if not isinstance(value, bool):
        try:
            f = float(value)
            n = int(f) if math.isfinite(f) and f == int(f) else None
        except (TypeError, ValueError, OverflowError):
            n = None
    if n is None or not lo <= n <= hi:
        raise WidgetInputError(message("wg_bad_int", name=name, lo=lo, hi=hi, value=_short(value)))
    return n


def check_number(value, name: str) -> float:
    """``value`` as a finite float (a slider's state must be valid JSON: no NaN, no inf)."""
    x = None
    if not isinstance(value, (bool, str, bytes)):
        try:
            x = float(value)
        except (TypeError, ValueError, OverflowError):
            x = None
    if x is None or not math.isfinite(x):
        raise WidgetInputError(message("wg_bad_number", name=name, value=_short(value)))
    return x


def check_range(value) -> tuple[float, float]:
    """``value`` as a finite interval ``(lo, hi)`` with ``lo < hi``."""
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        lo = hi = float("nan")
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi and math.isfinite(hi - lo)):
        raise WidgetInputError(message("wg_bad_range", value=value))
    return lo, hi


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


# -- evaluating user functions ------------------------------------------------------------
def describe_exception(e: BaseException) -> str:
    """``Type: first line of the message`` (just ``Type`` without a message)."""
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def as_tensor_result(y, like):
    """``y`` as a Tensor connected to ``like`` (a number becomes a constant function)."""

    if isinstance(y, TensorLike):
        return y
    if isinstance(y, (int, float)) and not isinstance(y, bool):
        return like * 0.0 + float(y)
    return None


def nested_derivatives(fn, x, order: int):
    """``[f(x), f'(x), ..., f^(order)(x)]`` with ``order`` nested GradientTapes.

    For an elementwise ``f`` and a vector ``x`` every entry is the derivative at each
    point (the Jacobian is diagonal).  ``None`` entries are unconnected (zero) derivatives.
    Returns ``(values, raw_y)`` where ``raw_y`` is what ``fn`` returned.
    """
    tapes = [tk.GradientTape() for _ in range(order)]
    live = []
    try:
        for t in tapes:
            t.__enter__()
            live.append(t)
            t.watch(x)
        raw = fn(x)
        y = as_tensor_result(raw, x)
        out = [y]
        cur = y
        for t in reversed(tapes):
            t.__exit__(None, None, None)
            live.remove(t)
            cur = None if cur is None else t.gradient(cur, x)
            out.append(cur)
    finally:
        for t in reversed(live):
            t.__exit__(None, None, None)
    return out, raw


def host_array(t) -> np.ndarray:
    """A tensor's value as a float64 NumPy array on the host (for plotting)."""
    return np.asarray(_backend.to_host(t._value), dtype=float)


class Captured:
    """Warnings raised by user code while a widget evaluates it (shown, not printed)."""

    def __init__(self):
        self.messages: list[str] = []

    def __enter__(self):
        self._cm = warnings.catch_warnings(record=True)
        self._log = self._cm.__enter__()
        warnings.simplefilter("always")
        self._err = np.errstate(all="ignore")
        self._err.__enter__()
        return self

    def __exit__(self, *exc):
        self._err.__exit__(*exc)
        self._cm.__exit__(*exc)
        for w in self._log:
            if issubclass(w.category, RuntimeWarning) and "value" in str(w.message):
                continue  # NaN/overflow inside NumPy: shown as "undefined points" instead
            text = str(w.message).strip()
            if text and text not in self.messages:
                self.messages.append(text)
        return False


def is_dtype_error(e: BaseException) -> bool:
    """Whether ``e`` is TF's InvalidArgumentError about a dtype (an op refused the input)."""
    return isinstance(e, InvalidArgumentError) and "dtype" in str(e)


# -- headless result ----------------------------------------------------------------------
class Snapshot:
    """A widget's headless result: ``fig, data = explorer(..., interactive=False)``.

    ``figure`` is the matplotlib Figure (``figure.savefig`` works), ``data`` a dict of
    NumPy arrays and numbers, ``png`` the frame the widget would show.  In a notebook it
    displays as that PNG with a one-line text summary.
    """

    def __init__(self, figure, data: dict, png: bytes, text: str):
        self.figure = figure
        self.data = data
        self.png = png
        self.text = text

    def __iter__(self):
        yield self.figure
        yield self.data

    def _repr_png_(self) -> bytes:
        return self.png

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.text)

    def __repr__(self) -> str:
        return self.text


def snapshot(model, usable: bool = True) -> Snapshot:
    """``interactive=False``'s result: the frame the widget would show, or, when the model
    has nothing to plot (``usable`` false), its input error raised."""
    if not usable:
        raise WidgetInputError(model.error)
    png = model.render()
    return Snapshot(model.frame.figure, model.data, png, model.summary())


def message_figure(text: str, width: float = 7.0) -> Frame:
    """A small figure that only says ``text`` (the image of a widget with bad input)."""
    with styled():
        fig = new_figure(width, 1.6)
        lines = []
        for para in text.splitlines():
            lines.extend(textwrap.wrap(para, 90 if para.isascii() else 46) or [""])
        fig.text(
            0.02,
            0.9,
            "\n".join(lines[:8]),
            va="top",
            ha="left",
            color="#b00020",
            fontsize=9.5,
        )
    return Frame(fig)


def _box_html(css_class: str, style: str, text: str) -> str:
    body = "<br>".join(html.escape(line) for line in text.splitlines())
    return f'<div class="{css_class}" style="{style}">{body}</div>'


def error_html(text: str) -> str:
    """``text``, escaped, in a red box (a widget's input error), one ``<br>`` per line."""
    return _box_html(
        "tapekit-widget-error",
        "color:#8a1020;background:#fdecea;border-left:4px solid #d93025;"
        "padding:6px 10px;margin:4px 0;font-size:13px;white-space:normal",
        text,
    )


def note_html(text: str) -> str:
    """``text``, escaped, in a yellow box (a widget's note), one ``<br>`` per line."""
    return _box_html(
        "tapekit-widget-note",
        "color:#5f4b00;background:#fff8e1;border-left:4px solid #f2b600;"
        "padding:4px 10px;margin:4px 0;font-size:13px",
        text,
    )


# -- the interactive shell ------------------------------------------------------------------
def labelled(make, css_class: str, width: str, **options):
    """The control ``make(**options)`` (an ipywidgets class), its label at natural width,
    ``width`` wide, with the CSS class that styles and tests find it by."""
    import ipywidgets as W

    control = make(style={"description_width": "initial"}, layout=W.Layout(width=width), **options)
    control.add_class(css_class)
    return control


def make_view_class():
    """The ipywidgets VBox subclass (built on first use: ipywidgets is imported lazily)."""
    import ipywidgets as W

    class ExplorerView(W.VBox):
        """Controls, the plot (an ``Image`` fed PNG frames) and a status line."""

        def __init__(self, model, controls, **kwargs):
            self.model = model
            self.image = W.Image(format="png", layout=W.Layout(max_width="100%", height="auto"))
            self.image.add_class("tapekit-plot")
            self.status = W.HTML(layout=W.Layout(min_height="0px"))
            self.status.add_class("tapekit-status")
            self.last_redraw_ms = float("nan")
            super().__init__(
                children=[*controls, self.image, self.status],
                layout=W.Layout(width="100%"),
                **kwargs,
            )
            self.add_class("tapekit-widget")
            self.refresh()

        def refresh(self) -> None:
            """Show the model's current frame and its notes or error."""
            t0 = time.perf_counter()
            try:
                png = self.model.render()
            except Exception as e:  # the kernel must live on
                self.model.error = message("wg_draw_failed", detail=describe_exception(e))
                png = message_figure(self.model.error).render()
            self.image.value = png
            width = f"{int.from_bytes(png[16:20], 'big')}px"  # the PNG's own width: no blur
            if self.image.layout.width != width:
                self.image.layout.width = width
            self.last_redraw_ms = (time.perf_counter() - t0) * 1e3
            self.show_status()

        def show_status(self) -> None:
            parts = []
            if self.model.error:
                parts.append(error_html(self.model.error))
            notes = [*self.model.notes, *getattr(self.model, "run_notes", [])]
            if notes:
                parts.append(note_html("\n".join(notes)))
            self.status.value = "".join(parts)

        def _repr_mimebundle_(self, **kwargs):
            base = getattr(super(), "_repr_mimebundle_", None)  # ipywidgets 7 has none
            data = base(**kwargs) if base is not None else _widget_view_bundle(self)
            if data is None:
                data = {}
            png = self.image.value
            if png:
                data["image/png"] = png_base64(bytes(png))
            data.update(getattr(self.model, "extra_bundle", None) or {})
            data["text/plain"] = repr(self)
            return data

        def __repr__(self) -> str:
            return self.model.summary()

        if not hasattr(W.DOMWidget, "_repr_mimebundle_"):  # ipywidgets 7 (Colab)

            def _ipython_display_(self, **kwargs):
                # ipywidgets 7 displays through this hook, which would bypass the bundle
                # above (no PNG, a summary cut at 110 characters): display the bundle
                from IPython.display import display

                display(self._repr_mimebundle_(), raw=True)
                self._handle_displayed(**kwargs)

    return ExplorerView


def _widget_view_bundle(widget) -> dict:
    """What ipywidgets 8's ``_repr_mimebundle_`` returns, for ipywidgets 7."""
    if widget._view_name is None or widget.comm is None:  # closed: text only
        return {}
    return {
        "application/vnd.jupyter.widget-view+json": {
            "version_major": 2,
            "version_minor": 0,
            "model_id": widget._model_id,
        }
    }


_VIEW = None


def view_class():
    """The widget view class, built once on first use (ipywidgets loads only then)."""
    global _VIEW
    if _VIEW is None:
        _VIEW = make_view_class()
    return _VIEW


def in_kernel() -> bool:
    """True in a Jupyter kernel (where displaying a progress bar makes sense)."""
    ip = sys.modules.get("IPython")
    if ip is None:
        return False
    shell = ip.get_ipython() if hasattr(ip, "get_ipython") else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def progress_allowed() -> bool:
    """False when ``TAPEKIT_PROGRESS`` is 0/off/false/no.

    A bar appears only when a computation is slow, so on a loaded machine a notebook gains an
    output that a quick machine does not give: runs whose outputs are compared (nbval, nbgrader,
    re-executing the course) switch it off, as ``TQDM_DISABLE`` does for tqdm.
    """
    return os.environ.get("TAPEKIT_PROGRESS", "1").strip().lower() not in {
        "0",
        "off",
        "false",
        "no",
    }


class Progress:
    """A progress bar for slow point-by-point evaluation (only in a kernel, only if slow)."""

    def __init__(self, total: int, label: str, enabled: bool):
        self.total = total
        self.label = label
        self.enabled = enabled and in_kernel() and progress_allowed()
        self.bar = None
        self.t0 = time.perf_counter()

    def update(self, done: int) -> None:
        """``done`` points evaluated: a bar appears once the run looks slower than a second."""
        if not self.enabled:
            return
        if self.bar is None:
            elapsed = time.perf_counter() - self.t0
            if done < min(3, max(self.total // 3, 1)) or elapsed / done * self.total < 1.0:
                return  # fast enough: no bar
            import ipywidgets as W
            from IPython.display import display

            self.bar = W.IntProgress(min=0, max=self.total, description=self.label)
            self.handle = display(self.bar, display_id=True)
        if done % max(self.total // 100, 1) == 0 or done == self.total:
            self.bar.value = done

    def close(self) -> None:
        """Remove the bar and its output (a reopened notebook would show an error for it)."""
        if self.bar is not None:
            # replace the output, not just close the widget: a closed widget's output would
            # say "Error displaying widget: model not found" when the notebook is reopened
            self.handle.update({"text/plain": ""}, raw=True)
            self.bar.close()
            self.bar = None
