"""Tracing for ``tk.function``: capture what a Python function computes as a plan.

While a function is traced, the dispatcher reports every op it runs (``on_apply``);
the tracer turns them into a straight-line list of steps over numbered slots:

* ``OP``: run a primitive's forward on raw arrays (no dispatcher, no Tensor objects),
* ``READ``: read a Variable's current value into a slot,
* ``ASSIGN``: write a slot into a Variable (``assign``, ``assign_add``, ``assign_sub``),
* ``CALL``: an opaque Python call with tensors from slots (``tk.print``, an optimizer's
  update),
* ``GUARD``: a Python decision the trace made on a tensor's value (``if x > 0``); on
  replay the value is checked, and a mismatch sends the call back to the Python body.

Tensors that do not depend on the inputs become constant slots.  Anything the plan
cannot express (a tensor's value taken to NumPy, random numbers, indices computed from
inputs) marks the trace *unplannable*: that signature then always runs eagerly.
"""

from __future__ import annotations

from . import nest as _nest
from . import tape as _tape
from .tensor import TensorLike, to_raw

OP, READ, ASSIGN, CALL, GUARD = range(5)


# The active tracer (or None) of this thread lives beside its tapes: ``state.tracer``
# (``state[0]`` in older code). Per thread, as TF's tracing state.
state = _tape.state


class GuardFailed(Exception):
    """A replayed value differs from the one the trace branched on."""


class Tracer:
    """Collects the steps of one trace."""

    __slots__ = (
        "slot_of",
        "consts",
        "steps",
        "nslots",
        "reason",
        "allow_variables",
        "input_slots",
        "dependent",
        "last_read",
        "snap_slot",
        "keep",
        "meta",
        "deferred",
    )

    def __init__(self, allow_variables: bool):
        self.slot_of: dict[int, int] = {}
        self.consts: dict[int, object] = {}
        self.steps: list[tuple] = []
        self.nslots = 0
        self.reason: str | None = None
        self.allow_variables = allow_variables
        self.input_slots: list[int] = []
        self.dependent: set[int] = set()  # slots whose value depends on inputs/variables
        # A recorded Variable read is a Tensor sharing the variable's id (its snapshot);
        # snapshots are told apart by object, each bound to the READ it came from.
        self.last_read: dict[int, int] = {}
        self.snap_slot: dict[int, int] = {}
        self.keep: list = []
        self.meta: dict[int, tuple] = {}  # slot -> (shape, dtype) of NumPy arrays seen
        # tk.print calls made while tracing: they run once the trace ends, as TF executes
        # tf.print after tracing (Python prints first, then the graph's prints)
        self.deferred: list = []

    def _new(self) -> int:
        s = self.nslots
        self.nslots += 1
        return s

    def add_input(self, t) -> None:
        s = self._new()
        self.slot_of[t._id] = s
        self.input_slots.append(s)
        self.dependent.add(s)

    def ref(self, x) -> int:
        """The slot holding ``x`` (a Variable read becomes a READ step)."""
        if x._is_variable:
            s = self._new()
            self.steps.append((READ, x, s))
            self.dependent.add(s)
            self.last_read[x._id] = s
            return s
        if self.snap_slot:
            s = self.snap_slot.get(id(x))
            if s is not None:
                return s
        s = self.slot_of.get(x._id)
        if s is None:
            s = self._new()
            self.consts[s] = x._value
            self.slot_of[x._id] = s
        return s

    def on_snapshot(self, var, snap) -> None:
        s = self.last_read.get(var._id)
        if s is None:
            s = self.ref(var)
        self.snap_slot[id(snap)] = s
        self.keep.append(snap)  # keeps id(snap) unique while the trace lives

    def depends(self, t) -> bool:
        s = self.snap_slot.get(id(t)) if self.snap_slot else None
        if s is None:
            s = self.slot_of.get(t._id)
        return s is not None and s in self.dependent

    def on_apply(self, prim, args, params, result, xp) -> None:
        ins = tuple(self.ref(a) for a in args)
        dep = any(i in self.dependent for i in ins)
        if type(result) is tuple:
            out = tuple(self._new() for _ in result)
            for r, s in zip(result, out):
                self.slot_of[r._id] = s
                if dep:
                    self.dependent.add(s)
        else:
            out = self._new()
            self.slot_of[result._id] = out
            if dep:
                self.dependent.add(out)
            v = result._value
            if type(v).__name__ == "ndarray":
                self.meta[out] = (v.shape, v.dtype)
        if dep:
            # the signature fixes the dtypes: replay the forward without its dtype check
            forward = prim.unchecked
            self.steps.append((OP, forward, xp, ins, params, out, prim))
        else:  # everything constant: keep the computed value, skip the op on replay
            if type(result) is tuple:
                for r, s in zip(result, out):
                    self.consts[s] = r._value
            else:
                self.consts[out] = result._value

    def alias(self, new, old) -> None:
        s = self.slot_of.get(old._id)
        if s is not None:
            self.slot_of[new._id] = s

    def on_value(self, t, kind: str, value) -> None:
        """Python looked at a tensor's value: guard it (scalars) or give up (arrays)."""
        if not self.depends(t):
            return
        if kind == "array":
            self.unplannable("a tensor's value was converted to NumPy inside the function")
        else:
            self.steps.append((GUARD, self.slot_of[t._id], kind, value))

    def on_assign(self, var, mode: str, value) -> None:
        if isinstance(value, TensorLike):
            s = self.ref(value)
        else:  # a Python or NumPy value: a constant of the variable's dtype and backend
            s = self._new()
            self.consts[s] = to_raw(value, var.dtype, like=var._value)
        self.steps.append((ASSIGN, var, mode, s))

    def capture_call(self, fn, args) -> None:
        """Replay ``fn(*args)`` on every call, tensors in ``args`` taken from their slots."""
        flat = _nest.flatten(list(args))
        refs = [
            self.ref(x) if isinstance(x, TensorLike) and not x._is_variable else None for x in flat
        ]
        self.steps.append((CALL, fn, list(args), flat, refs))

    def unplannable(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason


def current():
    return state.tracer


class tracing:
    """Context manager installing ``tracer`` (and waking the dispatcher's slow branch)."""

    __slots__ = ("tracer", "saved")

    def __init__(self, tracer):
        self.tracer = tracer

    def __enter__(self):
        self.saved = state.tracer
        state.tracer = self.tracer
        _tape.switch.active += 1
        return self.tracer

    def __exit__(self, *exc):
        state.tracer = self.saved
        _tape.switch.active -= 1
        return False
