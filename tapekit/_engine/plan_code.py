"""Turn a ``tk.function`` plan into one straight-line Python function.

Replaying a plan step by step costs a loop iteration, list indexing and a call through
each op's forward wrapper per step.  Here the plan becomes source code: one local
variable per slot, common elementwise ops written as plain NumPy expressions
(``s5 = s3 * s4``), every other op a direct call of its forward, ``del`` at each value's
last use (the allocator then reuses that memory).  The generated function is compiled
once per plan; the step-by-step replay stays as the reference and for recording replays.

Buffers: an elementwise op writes into an operand the plan owns outright at that operand's
last use (``out=``), and a matrix product the plan owns writes into a buffer kept from one
call to the next (``B``: one dict of buffers per concurrent call), so a training step
allocates its large arrays once instead of on every call.  A kept buffer never leaves the
call: nothing that may alias it is returned, passed to Python code or viewed.
"""

from __future__ import annotations

from . import backend as _backend
from . import trace as _trace

# What may be written inline, in place or into a reused buffer is declared on each
# primitive (``codegen=Emit(...)`` where the op is defined, ``tapekit/ops/``).


def _emit(prim):
    return getattr(prim, "codegen", None)


def _fresh(prim) -> bool:
    """The op's output is always a new array and the op only reads its inputs: a buffer
    made and used only by such ops can be overwritten at its last use."""
    e = getattr(prim, "codegen", None)
    return e is not None and e.fresh


def _reusable(plan) -> set:
    """Slots whose buffer the plan owns outright: made by a fresh op, read only by such ops."""
    producer: dict[int, bool] = {}  # slot -> made by a fresh op?
    safe: dict[int, bool] = {}
    for step in plan.steps:
        kind = step[0]
        if kind == _trace.OP:
            fresh = _fresh(step[6])
            out = step[5]
            if type(out) is not tuple:
                producer[out] = fresh
            for s in step[3]:
                safe[s] = safe.get(s, True) and fresh
        else:
            for s in _reads(step):
                safe[s] = False
    return {
        s
        for s, fresh in producer.items()
        if fresh and safe.get(s, True) and s in plan.meta and plan.meta[s][0]
    }


def _kept_buffers(plan, reusable) -> tuple[set, set]:
    """(matrix products that may write into a kept buffer, slots that may alias one).

    A slot may alias a kept buffer when it is not an output and is read only by ops that
    make new arrays, by variable updates (which copy or read, never keep) and by guards.
    """
    outputs = {r[1] for r in plan.out_refs if r[0]}
    contained = {s for s in plan.meta if s not in outputs}
    for step in plan.steps:
        kind = step[0]
        if kind == _trace.OP:
            if not _fresh(step[6]):
                contained.difference_update(step[3])
        elif kind == _trace.CALL:
            contained.difference_update(_reads(step))
    products = set()
    for step in plan.steps:
        if step[0] == _trace.OP and step[6].name == "MatMul" and step[2] is _backend.np:
            out = step[5]
            if out in reusable and out in contained and plan.meta[out][1].kind in "fc":
                products.add(out)
    return products, contained


def compile_plan(plan):
    """A function ``f(consts, inputs, buffers) -> [raw output values]`` for ``plan``, or None.

    ``buffers`` is a dict the function fills with the buffers it keeps (pass the same one
    again to reuse them; never one that another call is using).
    """
    g: dict = {"_np": _backend.np, "_GuardFailed": _trace.GuardFailed}
    lines = ["def _replay(c, inputs, B):"]
    emit = lines.append
    for k, s in enumerate(plan.input_slots):
        emit(f"    s{s} = inputs[{k}]._value")
    used_consts = set()
    reads = [s for step in plan.steps for s in _reads(step)]
    reads += [r[1] for r in plan.out_refs if r[0]]
    for s in reads:
        if plan.template[s] is not None:
            used_consts.add(s)
    for s in sorted(used_consts):
        emit(f"    s{s} = c[{s}]")
    reusable = _reusable(plan)
    products, contained = _kept_buffers(plan, reusable)
    kept: set = set()  # slots that may hold a kept buffer
    for i, (step, free) in enumerate(zip(plan.steps, plan.frees)):
        kind = step[0]
        if kind == _trace.OP:
            _, fwd, xp, ins, params, out, prim = step
            args = [f"s{j}" for j in ins]
            target = ", ".join(f"s{o}" for o in out) + "," if type(out) is tuple else f"s{out}"
            inline = None
            emit_as = _emit(prim)
            if xp is _backend.np and emit_as is not None:
                inline = emit_as.expression(params)
            ufunc = emit_as.ufunc if inline is not None else None
            spare = None
            if ufunc is not None and type(out) is not tuple and out in plan.meta:
                spare = next(
                    (
                        j
                        for j in ins
                        if j in free
                        and j in reusable
                        and plan.meta[j] == plan.meta[out]
                        and (j not in kept or out in contained)
                    ),
                    None,
                )
            if spare is not None:  # write into a buffer nothing else will read again
                operands = emit_as.operands or ", ".join(f"{{{k}}}" for k in range(len(ins)))
                emit(f"    {target} = _np.{ufunc}({operands.format(*args)}, out=s{spare})")
                if spare in kept:
                    kept.add(out)
            elif out in products:  # a matrix product into the buffer kept for it
                ta, tb = params.get("ta"), params.get("tb")
                a = f"_np.swapaxes({args[0]}, -1, -2)" if ta else args[0]
                b = f"_np.swapaxes({args[1]}, -1, -2)" if tb else args[1]
                g[f"M{i}"] = plan.meta[out]
                emit(f"    b = B.get({out})")
                emit("    if b is None:")
                emit(f"        b = B[{out}] = _np.empty(*M{i})")
                emit(f"    {target} = _np.matmul({a}, {b}, out=b)")
                kept.add(out)
            elif inline is not None and type(out) is not tuple:
                emit(f"    {target} = {inline.format(*args)}")
            else:
                g[f"F{i}"], g[f"X{i}"], g[f"P{i}"] = fwd, xp, params
                call_args = ", ".join([f"X{i}", *args])
                kw = f", **P{i}" if params else ""
                emit(f"    {target} = F{i}({call_args}{kw})")
        elif kind == _trace.READ:
            g[f"V{i}"] = step[1]
            emit(f"    s{step[2]} = V{i}._value")
        elif kind == _trace.ASSIGN:
            g[f"A{i}"] = getattr(step[1], step[2])
            g["_T"] = _tensor_type()
            emit(f"    A{i}(_T(s{step[3]}))")
        elif kind == _trace.CALL:
            g[f"C{i}"] = step
            g["_call"] = _call
            refs = sorted({r for r in step[4] if r is not None})
            emit(f"    _call(C{i}, {{{', '.join(f'{r}: s{r}' for r in refs)}}})")
        else:  # GUARD
            g[f"G{i}"] = step
            g["_guard"] = _guard_fails
            emit(f"    if _guard(G{i}, s{step[1]}):")
            emit("        raise _GuardFailed")
        if free:
            emit("    del " + ", ".join(f"s{s}" for s in free))
    outs = [f"s{r[1]}" for r in plan.out_refs if r[0]]
    emit(f"    return [{', '.join(outs)}]")
    source = "\n".join(lines)
    try:
        code = compile(source, f"<tk.function plan {id(plan):x}>", "exec")
        exec(code, g)  # our own generated code, from the plan only
    except (SyntaxError, RecursionError, MemoryError):
        return None  # the step-by-step replay still works
    fn = g["_replay"]
    fn.source = source  # readable: what a tk.function call runs
    return fn


def _reads(step):
    kind = step[0]
    if kind == _trace.OP:
        return step[3]
    if kind == _trace.ASSIGN:
        return (step[3],)
    if kind == _trace.CALL:
        return tuple(r for r in step[4] if r is not None)
    if kind == _trace.GUARD:
        return (step[1],)
    return ()


def _tensor_type():
    from .tensor import Tensor

    return Tensor


def _call(step, values):
    Tensor = _tensor_type()
    _trace.replay_call(step, lambda s: Tensor(values[s]))


def _guard_fails(step, raw) -> bool:
    try:
        _trace.check_guard(step, raw)
    except _trace.GuardFailed:
        return True
    return False
