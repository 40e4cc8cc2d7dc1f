"""Adagrad (tf-keras 2.21's update rule: accumulators start at 0.1)."""

from __future__ import annotations

from .._engine import backend as _backend
from .optimizer import Optimizer


class Adagrad(Optimizer):
    """``acc += g * g``; ``w -= lr * g / sqrt(acc + epsilon)``."""

    _n_scratch = 2
    _slot_groups = (("accumulator",),)
    _hyperparameters = dict(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)

    def _slot_initial_value(self, slot_name, variable):
        raw = variable._value
        xp = _backend.namespace_of(raw)
        return xp.full(
            raw.shape,
            float(self.initial_accumulator_value),
            dtype=raw.dtype,
            device=_backend.device_of(raw),
        )

    def _constants(self, r, lr, step):
        return (lr, r(self.epsilon))

    def _update(self, k, g, w, s, o, t, c):
        lr, eps = c
        t0, t1 = t
        a = k.square(g, out=t0)
        acc = s[0] = k.add(s[0], a, out=o[1])  # acc += g * g
        a = k.add(acc, eps, out=t0)
        a = k.sqrt(a, out=t0)
        b = k.multiply(g, lr, out=t1)
        b = k.divide(b, a, out=t1)
        return k.subtract(w, b, out=o[0])  # w -= lr * g / sqrt(acc + epsilon)
