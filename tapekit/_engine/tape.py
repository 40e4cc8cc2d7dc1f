"""What a tape records: entries, the thread-local stack of recording tapes, and ``record``.

An op is recorded on every active tape that tracks one of its inputs (TensorFlow's
rule); nested tapes therefore see the gradient computations of inner tapes, which is
the whole mechanism behind higher-order derivatives.
"""

from __future__ import annotations

import itertools
import threading

from . import backend as _backend

# Tensor ids come from a counter, never id(): ids of freed objects get reused.
next_id = itertools.count(1).__next__


class Entry:
    """One recorded op: the primitive, its input tensors, its params and its output(s)."""

    __slots__ = ("op", "inputs", "params", "output")

    def __init__(self, op, inputs, params, output):
        self.op = op
        self.inputs = inputs
        self.params = params
        self.output = output

    def output_ids(self):
        """The ids of the entry's output tensors (one, or one per output of a tuple)."""
        out = self.output
        if type(out) is tuple:
            return [o._id for o in out]
        return [out._id]

    def __repr__(self) -> str:
        ins = ", ".join(f"#{t._id}" for t in self.inputs)
        outs = ", ".join(f"#{i}" for i in self.output_ids())
        return f"<Entry {self.op.name}({ins}) -> {outs}>"


class Recorder:
    """The record behind one GradientTape: entries in execution order and tracked ids."""

    __slots__ = (
        "entries",
        "tracked",
        "watch_accessed_variables",
        "watched_vars",
        "roots",
        "keep_values",
        "stack",
        "__weakref__",
    )

    def __init__(self, watch_accessed_variables: bool = True):
        # keep_values=False lets entries drop large arrays their gradient rules never read
        # (see ``hollow``); tools that show recorded values (the magics) keep them.
        self.keep_values = False
        self.entries: list[Entry] = []
        self.tracked: set[int] = set()
        self.watch_accessed_variables = watch_accessed_variables
        self.watched_vars: dict[int, object] = {}  # id -> Variable, in first-watch order
        # Ids watched directly (tensors and variables).  Every other tracked id is the
        # output of a recorded op with a tracked input, so it depends on one of these.
        self.roots: set[int] = set()
        self.stack: list | None = None  # the thread's tape stack it was pushed on

    def watch_variable(self, var) -> None:
        """Track ``var`` as a source (once: ``watched_vars`` keeps the first-watch order)."""
        vid = var._id
        if vid not in self.watched_vars:
            self.watched_vars[vid] = var
            self.tracked.add(vid)
            self.roots.add(vid)

    def watch_tensor(self, tensor) -> None:
        """Track ``tensor`` as a source: ops on it are recorded from now on."""
        self.tracked.add(tensor._id)
        self.roots.add(tensor._id)


class _ThreadState(threading.local):
    """This thread's recording tapes and ``tk.function`` tracer (TF keeps both per thread)."""

    def __init__(self) -> None:
        self.tapes: list[Recorder] = []  # recording now, innermost last
        self.tracer = None  # the active tapekit._engine.trace.Tracer, or None


state = _ThreadState()


class _Switch:
    """What the dispatcher checks first: how many tapes record and tracers trace, in all
    threads together. Zero (most calls, and every first-order backward sweep) lets it
    skip the thread-local lookups (bench W1, W2)."""

    __slots__ = ("active",)

    def __init__(self) -> None:
        self.active = 0


switch = _Switch()


def push(recorder: Recorder) -> None:
    """Start ``recorder`` on this thread's stack (innermost last)."""
    tapes = state.tapes
    tapes.append(recorder)
    recorder.stack = tapes
    switch.active += 1


def pop(recorder: Recorder) -> None:
    """Stop ``recorder``, in whatever thread: it leaves the stack of the thread that
    entered it (a tape exited in another thread stops recording, as its context ends)."""
    tapes = recorder.stack if recorder.stack is not None else state.tapes
    recorder.stack = None
    if tapes and tapes[-1] is recorder:  # the innermost tape, as a with-block ends (bench W1)
        tapes.pop()
        switch.active -= 1
        return
    for i in range(len(tapes) - 1, -1, -1):
        if tapes[i] is recorder:
            del tapes[i]
            switch.active -= 1
            return


class stop_recording_all:
    """Pause every tape (used while running a custom gradient's forward)."""

    __slots__ = ("saved",)

    def __enter__(self):
        self.saved = state.tapes
        state.tapes = []
        switch.active -= len(self.saved)

    def __exit__(self, *exc):
        switch.active += len(self.saved) - len(state.tapes)
        state.tapes = self.saved
        return False


def watch_reads(inputs, tapes) -> None:
    """Tapes that watch accessed variables watch the trainable Variables in ``inputs``."""
    for x in inputs:
        if x._is_variable and x._trainable:
            for tape in tapes:
                if tape.watch_accessed_variables:
                    tape.watch_variable(x)


_new_entry = object.__new__


def record(op, inputs, params, output, tapes) -> None:
    """Record ``op`` on every tape in ``tapes`` that tracks one of ``inputs``.

    ``inputs`` may hold Variables: their reads are snapshotted (a Tensor with the
    variable's id and current value), as TF's ReadVariableOp does, and tapes that
    watch accessed variables start watching trainable ones here.
    """
    if len(tapes) == 1 and type(output) is not tuple:
        # the common case: one tape, one output
        tape = tapes[0]
        tracked = tape.tracked
        hit = False
        has_var = False
        for x in inputs:
            if x._is_variable:
                has_var = True
                if x._id not in tracked and tape.watch_accessed_variables and x._trainable:
                    tape.watch_variable(x)
            if x._id in tracked:
                hit = True
        if hit:
            if has_var:
                inputs = _read_variables(inputs)
            oid = output._id
            spec = op.hollow
            if (
                spec is not None
                and not tape.keep_values
                and (
                    getattr(output._value, "size", 0) >= HOLLOW_MIN_SIZE
                    or getattr(inputs[0]._value, "size", 0) >= HOLLOW_MIN_SIZE
                )
            ):
                inputs, output = _hollow(spec, inputs, output)
            # Entry(...) without the __init__ frame: ~60 ns of each recorded op (bench W1)
            entry = _new_entry(Entry)
            entry.op = op
            entry.inputs = inputs
            entry.params = params
            entry.output = output
            tape.entries.append(entry)
            tracked.add(oid)
        return
    # several tapes or several outputs: one entry, shared by every tape that tracks an
    # input; large values are dropped as above unless one of those tapes keeps them
    hits = []
    has_var = False
    for tape in tapes:
        tracked = tape.tracked
        hit = False
        for x in inputs:
            if x._is_variable:
                has_var = True
                if tape.watch_accessed_variables and x._trainable:
                    tape.watch_variable(x)
            if x._id in tracked:
                hit = True
        if hit:
            hits.append(tape)
    if not hits:
        return
    if has_var:
        inputs = _read_variables(inputs)
    spec = op.hollow
    if (
        spec is not None
        and (
            type(output) is tuple
            or getattr(output._value, "size", 0) >= HOLLOW_MIN_SIZE
            or getattr(inputs[0]._value, "size", 0) >= HOLLOW_MIN_SIZE
        )
        and not any(tape.keep_values for tape in hits)
    ):
        inputs, output = _hollow(spec, inputs, output)
    entry = Entry(op, inputs, params, output)
    out_ids = [o._id for o in output] if type(output) is tuple else [output._id]
    for tape in hits:
        tape.entries.append(entry)
        tape.tracked.update(out_ids)


def _read_variables(inputs) -> tuple:
    """``inputs`` with each Variable replaced by a snapshot of its current value (a read)."""
    n = len(inputs)  # no comprehension for the common unary and binary ops (bench W1)
    if n == 1:
        return (inputs[0]._snapshot(),)  # the one input is the variable
    if n == 2:
        a, b = inputs
        return (
            a._snapshot() if a._is_variable else a,
            b._snapshot() if b._is_variable else b,
        )
    return tuple([x._snapshot() if x._is_variable else x for x in inputs])


# Arrays at least this large are dropped from entries whose rules only need their shape.
HOLLOW_MIN_SIZE = 1 << 15


def _hollow(spec, inputs, output):
    """Swap large arrays a gradient rule never reads for zero-memory stand-ins.

    ``spec`` is ``(input indices, output too?)`` from the primitive: e.g. an addition's
    rule needs only its inputs' shapes, relu's only its output. The stand-in keeps the id,
    shape and dtype (a broadcast of one zero), so the tape stops holding the memory, as
    TensorFlow's tape does when a gradient function does not need a value.
    """
    indices, out_too = spec
    new = None
    for i in indices:
        if i < len(inputs):
            x = inputs[i]
            if getattr(x._value, "size", 0) >= HOLLOW_MIN_SIZE:
                if new is None:
                    new = list(inputs)
                new[i] = _shell(x)
    if (
        out_too
        and type(output) is not tuple  # several outputs: every rule reads them
        and getattr(output._value, "size", 0) >= HOLLOW_MIN_SIZE
    ):
        output = _shell(output)
    return (inputs if new is None else tuple(new)), output


def _shell(t):
    """A Tensor with ``t``'s id, shape and dtype whose value is one broadcast zero."""
    return type(t)(_backend.zeros_view_like(t._value), t._id)
