"""Why a gradient is ``None``: the causes from TF's guide, each with its fix.

TensorFlow returns ``None`` silently; ``why_none`` names the cause that applies, in the
current language:

* ``source_not_tensor`` / ``int_source`` / ``int_target``: not a tensor, or integer dtype;
* ``not_watched``: a constant the tape never watched;
* ``variable_replaced``: ``x = x + 1`` turned a Variable into an unwatched Tensor;
* ``untrainable`` / ``no_watch_accessed`` / ``not_used``: a Variable the tape did not see;
* ``target_outside`` / ``left_tape`` / ``not_recorded``: the target was not recorded
  (computed elsewhere; its value went through NumPy functions tapekit cannot follow,
  ``.numpy()`` or ``float()``; or through a non-differentiable op such as ``tk.round``);
* ``through_integer`` / ``rule_none`` / ``not_connected``: no differentiable path;
* ``constant_derivative``: for order k > 1, the lower derivative does not depend on x.
"""

from __future__ import annotations

from .._engine import backprop as _backprop
from .._engine.tensor import TensorLike, dtype_of
from .._messages import message
from .record import is_floating
from .text import code_html


class Diagnosis:
    """One explained ``None``: ``cause`` (a key above) and ``text`` (localized)."""

    def __init__(self, cause: str, text: str, target: str, source: str, order: int = 1):
        self.cause = cause
        self.text = text
        self.target = target
        self.source = source
        self.order = order

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Diagnosis {self.cause}: {self.text}>"

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.text)

    def _repr_html_(self) -> str:
        return (
            '<div style="border-left:4px solid #d08770;padding:2px 8px;margin:2px 0">'
            f"{code_html(self.text)}</div>"
        )


def path_entries(entries, source_ids, tracked, target_id):
    """Entries on a path from the sources to the target, in execution order."""
    live = _backprop.live_ids(entries, source_ids, tracked)
    if target_id not in live:
        return live, []
    need = {target_id}
    path = []
    for e in reversed(entries):
        outs = e.output_ids()
        if any(o in need for o in outs):
            ins = [x._id for x in e.inputs if x._id in live]
            if ins:
                path.append(e)
                need.update(ins)
    path.reverse()
    return live, path


def why_none(
    record,
    target,
    source,
    *,
    target_label: str | None = None,
    source_label: str | None = None,
    order: int = 1,
) -> Diagnosis | None:
    """The reason ``record``'s gradient of ``target`` w.r.t. ``source`` is None (or None)."""
    tl = target_label or (record.label(target) if isinstance(target, TensorLike) else "target")
    sl = source_label or (record.label(source) if isinstance(source, TensorLike) else "source")

    def diag(cause, **fields):
        return Diagnosis(
            cause, message("why_" + cause, target=tl, source=sl, **fields), tl, sl, order
        )

    if not isinstance(source, TensorLike):
        return diag("source_not_tensor", type=type(source).__name__)
    if not isinstance(target, TensorLike):
        return diag("target_not_tensor", type=type(target).__name__)
    if not is_floating(source):
        return diag("int_source", dtype=dtype_of(source._value).name)
    if not is_floating(target):
        return diag("int_target", dtype=dtype_of(target._value).name)
    was = record.variables.get(sl)
    if not source._is_variable and getattr(was, "_is_variable", False) and was is not source:
        return diag("variable_replaced")
    rec = record.recorder_for(target)
    if rec is None:
        return diag("target_outside")
    tracked = rec.tracked
    if (
        target._id not in tracked
        and record.first_id is not None
        and not record.created_in_record(target)
    ):
        return diag("target_outside")
    if source._id not in tracked:
        if source._is_variable:
            if not source.trainable:
                return diag("untrainable")
            if not record.watch_accessed_variables:
                return diag("no_watch_accessed")
            return diag("not_used")
        return diag("not_watched")
    if target._id not in tracked:
        if record.escaped:
            funcs = ", ".join(f"np.{f}" for f in record.escaped)
            return diag("left_tape", funcs=funcs)
        if source._is_variable and not any(
            x._id == source._id for e in rec.entries for x in e.inputs
        ):
            return diag("not_used")  # watched (it was read) but no differentiable op used it
        return diag("not_recorded")
    entries = list(rec.entries)
    live, path = path_entries(entries, {source._id}, tracked, target._id)
    if target._id not in live:
        return diag("not_connected")
    for e in path:
        out = e.output if type(e.output) is tuple else (e.output,)
        if any(not is_floating(o) for o in out):
            return diag("through_integer", op=e.op.name)
    if order > 1:
        first = record.gradient(target, source, order=1)
        if first is not None:
            # find the first order whose derivative vanishes
            from .record import derivatives

            ds = derivatives(rec, target, source, order)
            lower = next((k for k, d in enumerate(ds, 1) if d is None), order) - 1
            return diag("constant_derivative", lower=max(lower, 1), order=order)
    names = sorted({e.op.name for e in path})
    return diag("rule_none", ops=", ".join(names) or "-")
