"""``tk.autodiff``: ``ForwardAccumulator`` (forward mode) and a ``GradientTape`` alias.

Forward mode reuses the reverse rules: for a recorded computation y = f(x), the JVP
``J v`` is the gradient with respect to ``u`` of ``<vjp(u), v>`` (the VJP is linear in
``u``).  Every op therefore has a JVP without a second table of rules.
"""

from __future__ import annotations

from ._engine import backprop as _backprop
from ._engine import nest as _nest
from ._engine import tape as _tape
from ._engine.tensor import Tensor, TensorLike, convert_to_tensor, dtype_of
from ._messages import message
from .gradient_tape import (
    GradientTape,
    UnconnectedGradients,
    _ones_like,
    _unconnected,
    _zeros_like,
)
from .ops import _core_math as _ops_core_math
from .ops import reduction as _r

__all__ = ["ForwardAccumulator", "GradientTape"]

_dummy_cotangent = _ones_like  # t -> the cotangent u of the double-VJP trick


class ForwardAccumulator:
    """Computes Jacobian-vector products of what runs in its context (``tf.autodiff``)."""

    def __init__(self, primals, tangents):
        flat_p = _nest.flatten(primals)
        flat_t = _nest.flatten(tangents)
        if len(flat_p) != len(flat_t):
            raise ValueError(message("jvp_structure"))
        self._recorder = _tape.Recorder(watch_accessed_variables=False)
        self._tangents: dict[int, Tensor] = {}
        for p, t in zip(flat_p, flat_t):
            if not isinstance(p, TensorLike):
                raise TypeError(message("not_a_source", type=type(p).__name__))
            t = convert_to_tensor(t, dtype=p.dtype) if not isinstance(t, TensorLike) else t
            if tuple(t.shape) != tuple(p.shape):
                raise ValueError(message("forward_acc_shape", t=tuple(t.shape), p=tuple(p.shape)))
            if p._is_variable:
                self._recorder.watch_variable(p)
            else:
                self._recorder.watch_tensor(p)
            self._tangents[p._id] = t

    def __enter__(self) -> ForwardAccumulator:
        _tape.push(self._recorder)
        return self

    def __exit__(self, *exc):
        _tape.pop(self._recorder)
        return False

    def jvp(self, primals, unconnected_gradients=UnconnectedGradients.NONE):
        """The JVP of each tensor in ``primals`` (``None`` if it does not depend on them)."""
        unconnected = _unconnected(unconnected_gradients)
        return _nest.map_structure(lambda t: self._jvp_one(t, unconnected), primals)

    def _jvp_one(self, t, unconnected):
        if t._id in self._tangents:
            return self._tangents[t._id]
        recorder = self._recorder
        entries = list(recorder.entries)
        src_ids = set(self._tangents)
        live = _backprop.live_ids(entries, src_ids, recorder.tracked)
        result = None
        if t._id in live and dtype_of(t._value).is_floating:
            # The dummy cotangent's value drops out: every rule is linear in g and exactly
            # differentiable in it, also where g is 0 (tests run this with zero and with
            # softmax-shaped dummies). Ones, as TF's forwardprop aid.
            u = _dummy_cotangent(t)
            inner = _tape.Recorder(watch_accessed_variables=False)
            inner.tracked.add(u._id)
            _tape.push(inner)
            try:
                grads = _backprop.backward(entries, [t], [u], src_ids, live)
                total = None
                for pid, tangent in self._tangents.items():
                    g = grads.get(pid)
                    if g is None:
                        continue
                    term = _r.reduce_sum(_ops_core_math.multiply(g, tangent))
                    total = term if total is None else _ops_core_math.add(total, term)
            finally:
                _tape.pop(inner)
            if total is not None and total._id in inner.tracked:
                inner_entries = list(inner.entries)
                inner_live = _backprop.live_ids(inner_entries, {u._id}, inner.tracked)
                seed = _ones_like(total)
                g2 = _backprop.backward(inner_entries, [total], [seed], {u._id}, inner_live)
                result = g2.get(u._id)
        if result is None and unconnected is UnconnectedGradients.ZERO:
            result = _zeros_like(t)
        return result
