"""``derivative_explorer``: f, its derivatives, and a movable point with tangent and Taylor.

f and the derivatives of the ``orders`` asked for are computed by tapekit with nested
``GradientTape``\\ s: the whole grid in **one vectorised pass** when f is elementwise
(detected automatically: f of the grid has the grid's shape and agrees with f at single
points), else point by point (with a progress bar in a notebook when that is slow).  The
slider moves x₀; the derivatives *at* x₀ (up to the Taylor order) are computed exactly at
x₀, not read off the grid.  Only the tangent, the Taylor polynomial, the markers and the
readout are redrawn per move; curves, axes and legend are drawn once.
"""

from __future__ import annotations

import math
import time

from .._engine import backend as _backend
from .._messages import message
from ._base import (
    WidgetInputError,
    labelled,
    snapshot,
    view_class,
)
from ._derivative_figure import pretty, prime
from ._derivative_model import MAX_LABEL, MAX_POINTS, MAX_TAYLOR, DerivativeModel

np = _backend.np

__all__ = [
    "MAX_POINTS",
    "DerivativeModel",
    "derivative_explorer",
    "derivative_view",
    "pretty",
    "prime",
    "replay_explorer",
    "snapshot",
]


def derivative_explorer(
    f,
    x_range=(-3.0, 3.0),
    orders=(1, 2),
    *,
    x0: float | None = None,
    taylor: int = 2,
    points: int = 201,
    name: str = "f",
    var: str = "x",
    interactive: bool = True,
):
    """Explore f and its derivatives: a slider moves x₀, with the tangent and the Taylor
    polynomial of a chosen order there.

    ``f``: a tapekit-differentiable function of one tensor (``lambda x: tk.sin(x) * x**2``)
    or a string expression (``"sin(x) * x**2"``; ``^`` is a power too).  ``orders``: the
    derivatives drawn under f (each order up to 8).  ``taylor``: the initial Taylor order
    (1 = the tangent, up to 6).  ``interactive=False`` returns a :class:`Snapshot`
    (``fig, data = ...``) instead of the widget.  Bad input shows a message in the widget
    (headless: raises ``WidgetInputError``).
    """
    _check_label(name, "name", identifier=False)
    _check_label(var, "var", identifier=True)
    model = DerivativeModel(
        f,
        x_range,
        orders,
        x0=x0,
        taylor=taylor,
        points=points,
        name=name,
        var=var,
        progress=interactive,
    )
    if not interactive:
        return snapshot(model, usable=model.fn is not None)
    return derivative_view(model, editable=isinstance(f, str))


def _check_label(value, name: str, identifier: bool) -> None:
    ok = isinstance(value, str) and 0 < len(value) <= MAX_LABEL
    if ok and identifier:
        ok = value.isidentifier()
    if not ok:
        raise WidgetInputError(
            message(
                "wg_bad_label",
                name=name,
                max=MAX_LABEL,
                ident=message("wg_label_ident") if identifier else "",
                value=repr(value)[:60],
            )
        )


def replay_explorer(record, target, source, curve, *, interactive: bool = True):
    """``%grad TARGET SOURCE --plot``: the explorer on the record replayed over a grid.

    ``curve`` is the grid the magic replayed (:func:`tapekit.workbench.curve`); moving x₀
    replays the recorded ops again at x₀ (``tapekit.notebook.replay``), differentiated by
    nested tapes for the tangent and the Taylor polynomial.  The saved output also keeps
    the magic's static SVG chart (``image/svg+xml``) and its one-line text.
    """
    import tapekit as tk

    from ..notebook.plot import DerivativePlot
    from ..notebook.replay import op_path, rerun

    rec = record.recorder_for(target)
    path = op_path(rec, target, source)
    shape = tuple(source.shape)
    summed = curve.summed

    def fn(x):
        xin = tk.reshape(x, shape) if shape != tuple(x.shape) else x
        mapping = rerun(path, source, xin)
        t = mapping.get(target._id, xin if target._id == source._id else target)
        return tk.reduce_sum(t) if summed or tuple(t.shape) else t

    name = f"Σ{curve.target}" if summed else curve.target
    model = DerivativeModel(
        fn,
        (float(curve.x[0]), float(curve.x[-1])),
        range(1, curve.order + 1),
        x0=curve.x0,
        taylor=min(max(curve.order, 1), MAX_TAYLOR),
        name=name,
        var=curve.source,
        _curve=curve,
        _dtype=source.dtype,
    )
    model.extra_bundle = {"image/svg+xml": DerivativePlot(curve).to_svg()}
    if not interactive:
        return snapshot(model, usable=model.fn is not None)
    return derivative_view(model)


def derivative_view(model, editable: bool = False):
    """The interactive view of a :class:`DerivativeModel`."""
    import ipywidgets as W

    lo, hi = model.lo, model.hi
    step = 2.0 ** math.ceil(math.log2((hi - lo) / 400))  # binary steps: exact values
    x0 = W.FloatSlider(
        value=model.x0,
        min=lo,
        max=hi,
        step=step,
        description=f"{model.var}₀",
        readout_format=".4g",
        continuous_update=True,
        layout=W.Layout(width="60%"),
    )
    x0.add_class("tapekit-x0")
    order = labelled(
        W.IntSlider, "tapekit-taylor", "35%", value=model.taylor, min=1, max=MAX_TAYLOR,
        description=message("wg_taylor_short"),
    )  # fmt: skip
    controls = [W.HBox([x0, order])]
    expr = None
    if editable:
        expr = labelled(
            W.Text, "tapekit-expression", "60%", value=model.expression or "",
            description=f"{model.name}({model.var}) =", continuous_update=False,
        )  # fmt: skip
        controls.insert(0, expr)
    view = view_class()(model, controls)
    view.x0, view.taylor_order, view.expression = x0, order, expr

    def on_x0(change):
        model.set(x0=change["new"])
        view.refresh()

    def on_order(change):
        model.set(taylor=change["new"])
        view.refresh()

    def on_expr(change):
        t0 = time.perf_counter()
        model.load(change["new"])
        if model.error is None:
            model.set(x0=x0.value)
        x0.disabled = order.disabled = model.fn is None
        view.refresh()
        view.last_load_ms = (time.perf_counter() - t0) * 1e3

    x0.observe(on_x0, "value")
    order.observe(on_order, "value")
    if expr is not None:
        expr.observe(on_expr, "value")
    if model.fn is None:
        x0.disabled = order.disabled = True
    return view
