"""Re-running what a tape recorded on new input values, without re-running the cell.

A record's entries are in execution order, so replaying them with a new value for one
source only needs a map from old tensor ids to new tensors: each entry on the path from the
source to the target runs again through its primitive (``apply``), everything off the path
keeps its recorded value.  The replay runs under a fresh recorder, so the replayed target
can be differentiated (to any order) like the original.
"""

from __future__ import annotations

import warnings

from .._engine import backend as _backend
from .._engine import tape as _tape
from .._engine.tensor import Tensor, TensorLike, to_raw
from .._messages import message
from ..ops._registry import apply
from .diagnose import path_entries
from .record import derivatives
from .text import host, number

np = _backend.np


class ReplayError(ValueError):
    """An op on the path cannot be replayed (a custom gradient keeps no forward)."""


def op_path(recorder, target, source):
    """The recorded entries from ``source`` to ``target``, checked to be replayable."""
    entries = list(recorder.entries)
    _, path = path_entries(entries, {source._id}, recorder.tracked, target._id)
    for e in path:
        if getattr(e.op, "forward", None) is None:
            raise ReplayError(
                message("magic_plot_replay", op=e.op.name, reason=message("magic_replay_custom"))
            )
    return path


def rerun(path, source, new_source):
    """Replay ``path`` with ``new_source`` standing in for ``source``; returns the id map."""
    mapping = {source._id: new_source}
    for e in path:
        ins = tuple(mapping.get(x._id, x) for x in e.inputs)
        out = apply(e.op, ins, e.params)
        if type(e.output) is tuple:
            for old, new in zip(e.output, out):
                mapping[old._id] = new
        else:
            mapping[e.output._id] = out
    return mapping


def replay(record, target, source, value, order: int = 0):
    """``target`` recomputed with ``source = value``, and its first ``order`` derivatives.

    Returns ``(new_target, [d1, ..., d_order])`` (Tensors, None where a derivative does not
    exist).  Only the recorded ops are re-run; the cell is not.
    """
    rec = record.recorder_for(target)
    path = op_path(rec, target, source)
    return _replay_path(path, target, source, value, order)


def _replay_path(path, target, source, value, order):
    new_x = Tensor(to_raw(value, source.dtype, like=source._value))
    scratch = _tape.Recorder(watch_accessed_variables=False)
    scratch.watch_tensor(new_x)
    with _tape.stop_recording_all():
        _tape.push(scratch)
        try:
            mapping = rerun(path, source, new_x)
        finally:
            _tape.pop(scratch)
        new_t = mapping.get(target._id, target if target._id != source._id else new_x)
        ds = derivatives(scratch, new_t, new_x, order) if order else []
    return new_t, ds


class Curve:
    """A target and its derivatives sampled over a grid of one scalar source."""

    def __init__(self, x, values, derivs, x0, target_label, source_label, order, summed):
        self.x = x  # host array of grid points
        self.values = values  # host array, NaN where the replay failed
        self.derivatives = derivs  # list (one per order) of host arrays
        self.x0 = x0  # the recorded value of the source
        self.target = target_label
        self.source = source_label
        self.order = order
        self.summed = summed  # the target is not a scalar: its sum is plotted


def _scalar(t) -> float:
    if t is None:
        return float("nan")
    return float(np.sum(host(t)))


def curve(
    record,
    target,
    source,
    *,
    points: int = 101,
    span: tuple[float, float] | None = None,
    order: int = 1,
    target_label: str | None = None,
    source_label: str | None = None,
    progress=None,
) -> Curve:
    """Sample ``target`` (summed if not scalar) and ``order`` derivatives over ``source``.

    ``progress``, if given, is called with the number of points done after each one (the
    magic's progress bar).
    """
    if not isinstance(source, TensorLike) or host(source).size != 1:
        raise ValueError(
            message(
                "magic_plot_scalar",
                name=source_label or "source",
                shape=tuple(getattr(source, "shape", ())),
            )
        )
    rec = record.recorder_for(target)
    path = op_path(rec, target, source)
    x0 = float(host(source).reshape(()))
    if span is None:
        half = max(2.0, abs(x0))
        span = (x0 - half, x0 + half)
    xs = np.linspace(span[0], span[1], int(points))
    xs = np.union1d(xs, [x0]) if span[0] <= x0 <= span[1] else xs
    shape = tuple(host(source).shape)
    values = np.full(xs.shape, np.nan)
    derivs = [np.full(xs.shape, np.nan) for _ in range(order)]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for i, xv in enumerate(xs):
            try:
                t, ds = _replay_path(path, target, source, np.full(shape, xv), order)
            except (ArithmeticError, ValueError, TypeError):
                continue
            values[i] = _scalar(t)
            for k, d in enumerate(ds):
                derivs[k][i] = _scalar(d) if d is not None else 0.0
            if progress is not None:
                progress(i + 1)
    return Curve(
        xs,
        values,
        derivs,
        x0,
        target_label or record.label(target),
        source_label or record.label(source),
        order,
        host(target).size != 1,
    )


def describe(c: Curve) -> str:
    """A one-line text summary of a curve (the plot's plain-text fallback)."""
    from .text import partial_text

    i0 = int(np.argmin(np.abs(c.x - c.x0)))
    parts = [f"{c.target} = {number(c.values[i0])}"]
    for k, d in enumerate(c.derivatives, 1):
        parts.append(f"{partial_text(c.target, c.source, k)} = {number(d[i0])}")
    return message(
        "plot_summary",
        target=c.target,
        source=c.source,
        lo=number(c.x[0]),
        hi=number(c.x[-1]),
        n=len(c.x),
        x0=number(c.x0),
        values=", ".join(parts),
    )
