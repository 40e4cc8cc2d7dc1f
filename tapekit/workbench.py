"""The notebook workbench as plain Python: everything the tapekit magics do, without IPython.

The magics of ``%load_ext tapekit`` are thin layers over these functions, so scripts,
tests and people who prefer code to magics get the same results::

    import tapekit as tk
    from tapekit import workbench as wb

    x = tk.constant(3.0)
    with wb.record(order=2, watch=[x]) as rec:     # %%tape --order 2 --watch x
        y = x ** 3
    rec.gradient(y, x)                             # 27.0 (a Tensor, as tape.gradient)
    rec.gradient(y, x, order=2)                    # 18.0
    wb.grad(rec, y, x, order=2)                    # %grad y x --order 2: ∂²y/∂x² = 18.0
    wb.explain(rec, y, x)                          # %grad y x --explain
    wb.why_none(rec, y, tk.constant(1.0))          # why a gradient is None, and the fix
    wb.plot(rec, y, x)                             # %grad y x --plot (SVG, replayed)
    wb.draw(rec)                                   # %tape show

``wb.name(rec, locals())`` labels the record's tensors with your variable names (the magics
do this with the notebook's namespace).  How ``order`` works after the block has ended is
described in :mod:`tapekit.notebook.record`.
"""

from __future__ import annotations

from ._engine.tensor import TensorLike
from .notebook.diagnose import Diagnosis, why_none
from .notebook.explain import Explanation, explain
from .notebook.gradients import Gradient, Gradients, Missing, grad
from .notebook.graph import TapeGraph, draw
from .notebook.plot import DerivativePlot, panels_svg
from .notebook.record import MAX_ORDER, TapeRecord
from .notebook.replay import Curve, ReplayError, curve, replay
from .notebook.summary import Info, Summary

__all__ = [
    "MAX_ORDER",
    "Curve",
    "DerivativePlot",
    "Diagnosis",
    "Explanation",
    "Gradient",
    "Gradients",
    "Info",
    "Missing",
    "ReplayError",
    "Summary",
    "TapeGraph",
    "TapeRecord",
    "curve",
    "draw",
    "explain",
    "grad",
    "name",
    "panels_svg",
    "plot",
    "record",
    "replay",
    "summary",
    "why_none",
]


def record(
    order: int = 1,
    persistent: bool = False,
    watch=(),
    watch_accessed_variables: bool = True,
    name: str = "tape",
) -> TapeRecord:
    """A context manager recording its block on ``order`` nested tapes (``%%tape``)."""
    return TapeRecord(order, persistent, watch_accessed_variables, name, watch=watch)


def name(rec: TapeRecord, namespace: dict) -> TapeRecord:
    """Label ``rec``'s tensors with the names they have in ``namespace`` (e.g. ``locals()``)."""
    for k, v in namespace.items():
        if not k.startswith("_") and isinstance(v, TensorLike):
            rec.labels.setdefault(v._id, k)
    return rec


def plot(
    rec: TapeRecord,
    target,
    source,
    *,
    order: int = 1,
    points: int = 101,
    span=None,
    target_label: str | None = None,
    source_label: str | None = None,
) -> DerivativePlot:
    """``target`` and its derivatives over a grid of ``source``, by replaying the record."""
    c = curve(
        rec,
        target,
        source,
        points=points,
        span=span,
        order=order,
        target_label=target_label,
        source_label=source_label,
    )
    return DerivativePlot(c)


def summary(rec: TapeRecord) -> Summary:
    """What ``%%tape`` shows after its cell."""
    return Summary(rec)
