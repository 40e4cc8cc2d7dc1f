"""``tk.custom_gradient``: a function with a gradient rule of your own (TF's contract)."""

from __future__ import annotations

import functools

from ._engine import nest as _nest
from ._engine import tape as _tape
from ._engine.tensor import Tensor, TensorLike, convert_to_tensor
from ._messages import message
from .ops._registry import Primitive


def _custom_op(name: str, vjp_all, n_out: int) -> Primitive:
    """The one-off primitive a tape entry of a custom gradient names: the user's rule, no
    batching (the rule is Python of the user's), no forward (it already ran), never
    registered, and no hollow entries (``grad_fn`` may read anything)."""
    return Primitive(name, None, batchable=False, n_out=n_out, register=False).defvjp_all(vjp_all)


def custom_gradient(f=None):
    """Decorate ``f(*x) -> (y, grad_fn)``; ``grad_fn(*dy) -> dx`` defines the gradient.

    If ``f`` reads Variables, ``grad_fn`` must take ``variables=None`` and return
    ``(input_grads, variable_grads)``.  ``grad_fn`` is written with tapekit ops, so it
    can itself be differentiated by an outer tape.
    """
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        __tracebackhide__ = True
        # f runs on the tapes as usual (so a gradient rule that uses f's intermediates can
        # itself be differentiated, as in TF); a probe tape finds the variables it reads.
        probe = _tape.Recorder(watch_accessed_variables=True)
        _tape.push(probe)
        try:
            out = f(*args, **kwargs)
        finally:
            _tape.pop(probe)
        if not (isinstance(out, tuple) and len(out) == 2 and callable(out[1])):
            raise TypeError(message("custom_gradient_return", type=type(out).__name__))
        result, grad_fn = out
        variables = list(probe.watched_vars.values())
        if variables and not _accepts_variables(grad_fn):
            raise TypeError(message("custom_gradient_variables", names=[v.name for v in variables]))
        flat = [convert_to_tensor(r) for r in _nest.flatten(result)]
        outputs = tuple(Tensor(r._value) for r in flat)
        tracer = _tape.state.tracer
        if tracer is not None:  # a plan cannot replay a Python gradient rule's forward
            tracer.unplannable("a @tk.custom_gradient function")
        inputs = tuple(a for a in args if isinstance(a, TensorLike))
        n_in = len(inputs)
        name = getattr(f, "__name__", "custom_gradient")

        def vjp_all(g, ans, ins, needs):
            __tracebackhide__ = True  # calls the user's grad_fn
            gs = g if isinstance(g, tuple) else (g,)
            if variables:
                in_grads, var_grads = grad_fn(*gs, variables=variables)
            else:
                in_grads, var_grads = grad_fn(*gs), []
            in_grads = list(in_grads) if isinstance(in_grads, (list, tuple)) else [in_grads]
            if len(in_grads) != n_in:
                raise ValueError(message("grad_count", name=name, got=len(in_grads), want=n_in))
            grads = [None if gx is None else convert_to_tensor(gx) for gx in in_grads]
            return grads + [None if gv is None else convert_to_tensor(gv) for gv in var_grads]

        op = _custom_op(f"CustomGradient:{name}", vjp_all, len(outputs))
        tapes = _tape.state.tapes
        if tapes:
            output = outputs if len(outputs) > 1 else outputs[0]
            _tape.record(op, inputs + tuple(variables), {}, output, tapes)
        return _nest.pack_sequence_as(result, list(outputs))

    return decorated


def _accepts_variables(fn) -> bool:
    import inspect  # slow to import; only needed here

    params = inspect.signature(fn).parameters
    return "variables" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())
