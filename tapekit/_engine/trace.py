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

Each slot also gets the name TF's graph would give it (``x:0`` for the parameter ``x``,
``mul_1:0`` for the second ``*``): while tracing, ``str``/``repr`` of a tensor that
depends on the inputs show that name, as TF shows a symbolic tensor, instead of reading
the value (which would make the trace unplannable).

Tensors that do not depend on the inputs become constant slots.  Anything the plan
cannot express (a tensor's value taken to NumPy, random numbers, indices computed from
inputs) marks the trace *unplannable*: that signature then always runs eagerly.
"""

from __future__ import annotations

import inspect
import sys

from . import backend as _backend
from . import nest as _nest
from . import tape as _tape
from .tensor import TensorLike, to_raw

OP, READ, ASSIGN, CALL, GUARD = range(5)


# The active tracer (or None) of this thread lives beside its tapes: ``state.tracer``
# Per thread, as TF's tracing state.
state = _tape.state


class GuardFailed(Exception):
    """A replayed value differs from the one the trace branched on."""


def replay_call(step, tensor_of) -> None:
    """Replay a CALL step (a side effect the trace kept): ``tensor_of(slot)`` gives its inputs."""
    _, fn, args, flat, refs = step
    new_flat = [tensor_of(r) if r is not None else x for x, r in zip(flat, refs)]
    fn(*_nest.pack_sequence_as(args, new_flat))


def check_guard(step, raw) -> None:
    """Raise :class:`GuardFailed` when a replayed value would take another branch."""
    _, _, kind, expected = step
    host = _backend.to_host(raw)
    value = bool(host.reshape(-1)[0]) if kind == "bool" else host[()]
    if value != expected:
        raise GuardFailed


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
        "names",
        "names_in_use",
        "unnamed",
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
        # TF's graph names of the slots ("x:0", "mul_1:0"), shown by str/repr while tracing
        self.names: dict[int, str] = {}
        self.names_in_use: dict[str, int] = {}
        self.unnamed: list = []  # (slots, TF's base name) of op results, named when shown

    def _new(self) -> int:
        s = self.nslots
        self.nslots += 1
        return s

    def add_input(self, t) -> None:
        """Give the input tensor ``t`` a slot of its own (one that depends on the inputs)."""
        s = self._new()
        self.slot_of[t._id] = s
        self.input_slots.append(s)
        self.dependent.add(s)

    def name_inputs(self, bases: dict[int, str]) -> None:
        """Name the inputs (``bases``: tensor id -> parameter name, in TF's order)."""
        inputs = set(self.input_slots)
        for tid, base in bases.items():
            s = self.slot_of.get(tid)
            if s in inputs and s not in self.names:
                self.names[s] = self.unique_name(base) + ":0"
        for s in self.input_slots:
            if s not in self.names:
                self.names[s] = self.unique_name("input") + ":0"

    def unique_name(self, base: str) -> str:
        """TF's ``Graph.unique_name``: ``base``, then ``base_1``, ``base_2``... (names
        compared without case, so ``Add`` after ``add`` is ``Add_1``)."""
        key = base.lower()
        i = self.names_in_use.get(key, 0)
        self.names_in_use[key] = i + 1
        if i == 0:
            return base
        while f"{key}_{i}" in self.names_in_use:
            i += 1
        name = f"{base}_{i}"
        self.names_in_use[name.lower()] = 1
        return name

    def name_of(self, t) -> str:
        """The graph name TF would show for ``t`` (a tensor that ``depends`` on inputs)."""
        if self.unnamed:
            self._name_results()
        s = self.snap_slot.get(id(t)) if self.snap_slot else None
        if s is None:
            s = self.slot_of.get(t._id)
        name = self.names.get(s)
        if name is None:  # a read of a variable (TF's ReadVariableOp) or an untracked op
            name = self.names[s] = self.unique_name("ReadVariableOp") + ":0"
        return name

    def _name_results(self) -> None:
        """Give the op results traced so far their names, in the order TF made them."""
        for out, base in self.unnamed:
            name = self.unique_name(base)
            if type(out) is tuple:
                for i, s in enumerate(out):
                    self.names[s] = f"{name}:{i}"
            else:
                self.names[out] = name + ":0"
        self.unnamed.clear()

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
        """Bind ``snap``, a recorded read of ``var``, to its latest READ's slot (or a new one)."""
        s = self.last_read.get(var._id)
        if s is None:
            s = self.ref(var)
        self.snap_slot[id(snap)] = s
        self.keep.append(snap)  # keeps id(snap) unique while the trace lives

    def depends(self, t) -> bool:
        """Whether ``t``'s value depends on the inputs or variables (else it is a constant)."""
        s = self.snap_slot.get(id(t)) if self.snap_slot else None
        if s is None:
            s = self.slot_of.get(t._id)
        return s is not None and s in self.dependent

    def on_apply(self, prim, args, params, result, xp) -> None:
        """Record an op the dispatcher ran: an OP step if an input depends on the inputs,
        else its result as a constant slot."""
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
        self.unnamed.append((out, op_name(prim)))  # the names only once one is shown
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

    def on_value(self, t, kind: str, value) -> None:
        """Python looked at a tensor's value: guard it (scalars) or give up (arrays)."""
        if not self.depends(t):
            return
        if kind == "array":
            self.unplannable("a tensor's value was converted to NumPy inside the function")
        else:
            self.steps.append((GUARD, self.slot_of[t._id], kind, value))

    def on_assign(self, var, mode: str, value) -> None:
        """Record a write to ``var`` (``mode``: assign, assign_add or assign_sub) as an ASSIGN."""
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
        """Mark the trace unplannable; the first ``reason`` given is kept."""
        if self.reason is None:
            self.reason = reason


# The names TF's Python API gives the ops it creates where they differ from the op's type:
# code object of a tapekit function or operator -> name (``x * y`` is "mul", ``tf.multiply``
# "Mul", ``tf.stack`` "stack"). Filled by the ops (``tapekit/ops/_operators.py``), which sit
# above this layer.
API_NAMES: dict = {}
_GRADIENT_MODULES = ("tapekit._engine.backprop", "tapekit.gradient_tape")


def op_name(prim) -> str:
    """TF's default name for the op ``prim`` being traced now: from the outermost tapekit
    function or operator on the stack that has one in ``API_NAMES``, else the op's type.
    Ops of a gradient computation are put under ``gradient_tape/``, as TF puts them (so
    they leave the function's own names alone)."""
    name = prim.name
    prefix = ""
    frame = sys._getframe(3)  # the caller of the dispatcher (past Tracer.on_apply, apply)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if not (isinstance(module, str) and module.startswith("tapekit")):
            break
        if module in _GRADIENT_MODULES:
            prefix = "gradient_tape/"
        found = API_NAMES.get(frame.f_code)
        if found is not None:
            name = found
        frame = frame.f_back
    return prefix + name


def input_names(fn, args, kwargs) -> dict[int, str]:
    """TF's base names of the tensors in the call ``fn(*args, **kwargs)``, by tensor id, in
    TF's order: the parameter's (``x``), ``args_0``... for ``*args``, the keyword for
    ``**kwargs``; tensors nested in one argument share its name (``xs``, then ``xs_1``)."""
    names: dict[int, str] = {}
    try:
        signature = inspect.signature(fn)
        bound = signature.bind(*args, **kwargs)
    except (TypeError, ValueError):  # no signature (a builtin) or one the call misses
        return names
    for name, value in bound.arguments.items():
        kind = signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            parts = [(f"{name}_{i}", v) for i, v in enumerate(value)]
        elif kind is inspect.Parameter.VAR_KEYWORD:
            parts = list(value.items())
        else:
            parts = [(name, value)]
        for base, v in parts:
            for leaf in _leaves(v):
                names.setdefault(leaf._id, base)
    return names


def _leaves(value):
    """The tensors in ``value``, dicts in insertion order (the order TF names them in)."""
    if isinstance(value, TensorLike):
        if not value._is_variable:
            yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)


def current():
    """This thread's active tracer, or None."""
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
