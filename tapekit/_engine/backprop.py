"""The reverse sweep: from targets back to sources over a tape's recorded entries.

Entries are stored in execution order, so walking them backwards is a valid
topological order: no recursion (a 10,000-step loop is fine) and no usage counts.
A forward pass first marks what depends on the sources, so rules are only evaluated
for inputs that lead to a requested source.
"""

from __future__ import annotations

from .._messages import message
from ..ops._core_math import add
from ..ops._core_shape import unbroadcast
from ..ops.creation import zeros_for


def live_ids(entries, source_ids, tracked, roots=None) -> set[int]:
    """Ids of the sources and of every recorded tensor that depends on one.

    With ``roots`` (the ids the tape watched directly) all among the sources, that is
    every tracked id (each recorded tensor depends on a root): no walk is needed.  The
    set returned may then be the tape's own; the sweep only reads it.
    """
    if roots is not None and roots <= source_ids:
        return tracked
    live = {i for i in source_ids if i in tracked}
    if not live:
        return live
    for e in entries:
        for x in e.inputs:
            if x._id in live:
                out = e.output
                if type(out) is tuple:
                    live.update(o._id for o in out)
                else:
                    live.add(out._id)
                break
    return live


def unbatchable_ops(entries, live) -> list[str]:
    """Names of live ops whose gradient rules cannot take a batch of cotangents."""
    names = []
    for e in entries:
        if not e.op.batchable:
            for x in e.inputs:
                if x._id in live:
                    names.append(e.op.name)
                    break
    return names


def backward(entries, targets, seeds, source_ids, live, observe=None) -> dict[int, object]:
    """Accumulated gradients for ``source_ids`` given ``seeds`` for ``targets``.

    ``entries`` must be a snapshot (a list the caller will not see grow): a persistent
    tape asked for a gradient inside its own context records the gradient ops as it goes.

    For a primitive that declares ``broadcasts``, each cotangent is summed back to its
    input's shape here, once for every rule. ``observe(entry, cotangent, sent)``, when
    given, sees each entry the walk evaluates: the cotangent of its output (a tuple for
    several outputs, zeros where one has none) and, per input, the cotangent sent to it
    (None where the input does not lead to a source or its rule gives none): what a
    display of the walk (``%grad --explain``) needs, without walking again.
    """
    __tracebackhide__ = True
    grads: dict[int, object] = {}
    for t, s in zip(targets, seeds):
        tid = t._id
        if tid in live or tid in source_ids:  # gradient(x, x) is ones even if unwatched
            prev = grads.get(tid)
            grads[tid] = s if prev is None else add(prev, s)
    if not grads:
        return grads
    keep = source_ids
    for e in reversed(entries):
        out = e.output
        if type(out) is tuple:
            g = _gather_multi(out, grads, keep)
            if g is None:
                continue
        else:
            oid = out._id
            # an intermediate's cotangent is used once: take it out (sources stay)
            g = grads.get(oid) if oid in keep else grads.pop(oid, None)
            if g is None:
                continue
        ins = e.inputs
        op = e.op
        vjps = op.vjps
        sent = [None] * len(ins) if observe is not None else None
        if vjps is not None:
            params = e.params
            k = -1
            for x in ins:  # a counter, not enumerate(): one tuple less per input (W1)
                k += 1
                xid = x._id
                if xid in live:
                    rule = vjps[k]
                    if rule is None:
                        continue
                    gx = rule(g, out, *ins, **params) if params else rule(g, out, *ins)
                    if gx is not None:
                        if op.broadcasts and gx._value.shape != x._value.shape:
                            gx = _sum_to_input(gx, x, g, out)
                        if sent is not None:
                            sent[k] = gx
                        prev = grads.get(xid)
                        grads[xid] = gx if prev is None else add(prev, gx)
        elif op.vjp_all is not None:
            needs = tuple(x._id in live for x in ins)
            gxs = op.vjp_all(g, out, ins, needs, **e.params)
            for k, (x, need, gx) in enumerate(zip(ins, needs, gxs)):
                if need and gx is not None:
                    if op.broadcasts and gx._value.shape != x._value.shape:
                        gx = _sum_to_input(gx, x, g, out)
                    if sent is not None:
                        sent[k] = gx
                    xid = x._id
                    prev = grads.get(xid)
                    grads[xid] = gx if prev is None else add(prev, gx)
        else:
            raise no_rule_error(op.name)
        if observe is not None:
            observe(e, g, tuple(sent))
    return grads


def entry_vjp(entry, g, live) -> list:
    """Per input, what ``entry``'s rules send back for cotangent ``g`` (None off the
    path or where a rule gives none), summed as the walk sums it.

    The walk itself keeps this loop inline (W1, W4 of bench/run.py pay for the call);
    a display asks here for the local derivatives, the rules applied to ones.
    """
    __tracebackhide__ = True
    op = entry.op
    out = entry.output
    ins = entry.inputs
    needs = tuple(x._id in live for x in ins)
    if op.vjps is not None:
        rules = op.vjps
        sent = [
            rules[k](g, out, *ins, **entry.params) if need and rules[k] is not None else None
            for k, need in enumerate(needs)
        ]
    elif op.vjp_all is not None:
        sent = [
            gx if need else None
            for need, gx in zip(needs, op.vjp_all(g, out, ins, needs, **entry.params))
        ]
    else:
        raise no_rule_error(op.name)
    if op.broadcasts:
        sent = [
            _sum_to_input(gx, x, g, out)
            if gx is not None and gx._value.shape != x._value.shape
            else gx
            for gx, x in zip(sent, ins)
        ]
    return sent


def _sum_to_input(gx, x, g, out):
    """``gx`` summed back to ``x``'s shape, keeping the batch axes ``g`` carries beyond
    the output's (a jacobian's); a cotangent its rule already reduced passes through."""
    if type(out) is tuple:
        g, out = g[0], out[0]
    gs = gx._value.shape
    xs = x._value.shape
    nb = len(g._value.shape) - len(out._value.shape)
    if len(gs) - len(xs) == nb and gs[nb:] == xs:
        return gx
    return unbroadcast(gx, x, out)


def _gather_multi(outs, grads, keep):
    gs = [grads.get(o._id) for o in outs]
    if all(g is None for g in gs):
        return None
    for o in outs:
        if o._id not in keep:
            grads.pop(o._id, None)
    ref = next(g for g in gs if g is not None)
    nb = len(ref._value.shape) - len(
        next(o for o, g in zip(outs, gs) if g is not None)._value.shape
    )
    return tuple(g if g is not None else zeros_for(o, ref, nb) for o, g in zip(outs, gs))


def no_rule_error(op_name: str) -> LookupError:
    """The error for an op on the gradient path that has no gradient rule."""
    return LookupError(message("no_gradient_rule", op=op_name))
