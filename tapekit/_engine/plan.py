"""A traced ``tk.function`` signature as a plan: steps replayed on raw arrays.

:mod:`tapekit._engine.function` traces the body once per signature and keeps one
:class:`Plan` per branch; a call replays it here, through the code that
:mod:`tapekit._engine.plan_code` generates where it can, step by step otherwise, and step
by step with recording when an outer tape is recording.
"""

from __future__ import annotations

from . import nest as _nest
from . import tape as _tape
from . import trace as _trace
from .plan_code import compile_plan
from .tensor import Tensor


class Plan:
    """One traced signature of a ``tk.function``: its steps, replayed on raw arrays."""

    __slots__ = (
        "steps",
        "template",
        "input_slots",
        "out_struct",
        "out_refs",
        "frees",
        "meta",
        "compiled",
        "buffers",
    )

    def __init__(self, tracer, out_struct, out_refs):
        self.steps = tracer.steps
        self.template = [None] * tracer.nslots
        for s, v in tracer.consts.items():
            self.template[s] = v
        self.input_slots = tracer.input_slots
        self.out_struct = out_struct
        self.out_refs = out_refs
        self.frees = last_uses(self.steps, tracer.consts, out_refs)
        self.meta = tracer.meta
        self.compiled = compile_plan(self)
        self.buffers: list[dict] = []  # kept buffers, one dict per call that may run at once

    def run(self, inputs):
        """Replay on raw arrays; with an outer tape recording, replay and record."""
        if _tape.switch.active and _tape.state.tapes:
            return self._run_recording(inputs, _tape.state.tapes)
        if self.compiled is not None:
            pool = self.buffers
            try:
                kept = pool.pop()  # atomic: a concurrent or nested call gets its own dict
            except IndexError:
                kept = {}
            try:
                raws = iter(self.compiled(self.template, inputs, kept))
            finally:
                if len(pool) < 4:
                    pool.append(kept)
            return self._outputs(lambda s: Tensor(next(raws)))
        return self.run_steps(inputs)

    def run_steps(self, inputs):
        """The reference replay: one step at a time over a list of slots."""
        vals = list(self.template)
        for s, t in zip(self.input_slots, inputs):
            vals[s] = t._value
        OP, READ, ASSIGN, CALL = _trace.OP, _trace.READ, _trace.ASSIGN, _trace.CALL
        for step, free in zip(self.steps, self.frees):
            kind = step[0]
            if kind == OP:
                out = step[5]
                r = step[1](step[2], *[vals[i] for i in step[3]], **step[4])
                if type(out) is tuple:
                    for s, v in zip(out, r):
                        vals[s] = v
                else:
                    vals[out] = r
            elif kind == READ:
                vals[step[2]] = step[1]._value
            elif kind == ASSIGN:
                getattr(step[1], step[2])(Tensor(vals[step[3]]))
            elif kind == CALL:
                _trace.replay_call(step, lambda s: Tensor(vals[s]))
            else:
                _trace.check_guard(step, vals[step[1]])
            if free:
                # an intermediate past its last use goes back to the allocator, which
                # hands the same memory to the next buffer of that size
                for s in free:
                    vals[s] = None
        return self._outputs(lambda s: Tensor(vals[s]))

    def _run_recording(self, inputs, tapes):
        vals = list(self.template)
        tens: list = [None] * len(vals)
        for s, t in zip(self.input_slots, inputs):
            vals[s] = t._value
            tens[s] = t

        def tensor(s):
            t = tens[s]
            if t is None:
                t = tens[s] = Tensor(vals[s])
            return t

        record = _tape.record
        OP, READ, ASSIGN, CALL = _trace.OP, _trace.READ, _trace.ASSIGN, _trace.CALL
        for step in self.steps:
            kind = step[0]
            if kind == OP:
                _, fwd, xp, ins, params, out, prim = step
                r = fwd(xp, *[vals[i] for i in ins], **params)
                if type(out) is tuple:
                    for s, v in zip(out, r):
                        vals[s] = v
                        tens[s] = Tensor(v)
                    result = tuple(tens[s] for s in out)
                else:
                    vals[out] = r
                    result = tens[out] = Tensor(r)
                if prim.differentiable:
                    record(prim, tuple(tensor(i) for i in ins), params, result, tapes)
            elif kind == READ:
                vals[step[2]] = step[1]._value
                tens[step[2]] = step[1]  # record() snapshots the read and watches it
            elif kind == ASSIGN:
                getattr(step[1], step[2])(Tensor(vals[step[3]]))
            elif kind == CALL:
                _trace.replay_call(step, tensor)
            else:
                _trace.check_guard(step, vals[step[1]])
        return self._outputs(lambda s: tens[s] if isinstance(tens[s], Tensor) else Tensor(vals[s]))

    def _outputs(self, tensor_of):
        refs = self.out_refs
        if not isinstance(self.out_struct, (list, tuple, dict)):  # one tensor, or None
            return tensor_of(refs[0][1]) if refs and refs[0][0] else self.out_struct
        flat = [tensor_of(r[1]) if r[0] else r[1] for r in refs]
        return _nest.pack_sequence_as(self.out_struct, flat)


def last_uses(steps, consts, out_refs) -> list[tuple]:
    """For each step, the slots read for the last time there (never constants or outputs)."""
    keep = set(consts) | {r[1] for r in out_refs if r[0]}
    last: dict[int, int] = {}
    for i, step in enumerate(steps):
        kind = step[0]
        if kind == _trace.OP:
            used = step[3]
        elif kind == _trace.ASSIGN:
            used = (step[3],)
        elif kind == _trace.CALL:
            used = tuple(r for r in step[4] if r is not None)
        elif kind == _trace.GUARD:
            used = (step[1],)
        else:
            used = ()
        for s in used:
            last[s] = i
    frees: list[list] = [[] for _ in steps]
    for s, i in last.items():
        if s not in keep:
            frees[i].append(s)
    return [tuple(f) for f in frees]
