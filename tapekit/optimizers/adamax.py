"""Adamax: Adam with the infinity norm (tf-keras 2.21's update rule)."""

from __future__ import annotations

import math

from . import _kernels
from .optimizer import Optimizer


class Adamax(Optimizer):
    """``u = max(beta_2 * u, |g|)``; ``w -= lr * m / ((1 - beta_1 ** t) * (u + epsilon))``."""

    _uses_step = True
    _n_scratch = 2
    _slot_groups = (("m", "u"),)
    _hyperparameters = dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)

    def _constants(self, r, lr, step):
        beta_1_power = r(math.pow(_kernels.caster(r)(self.beta_1), r(step + 1)))
        return (r(1 - self.beta_1), r(self.beta_2), r(1 - beta_1_power), lr, r(self.epsilon))

    def _update(self, k, g, w, s, o, t, c):
        one_minus_b1, beta_2, one_minus_b1p, lr, eps = c
        t0, t1 = t
        m = _kernels.moving_average(k, g, s, 0, o, t0, one_minus_b1)  # m += (g - m) * (1 - beta_1)
        a = k.multiply(s[1], beta_2, out=t0)
        b = k.absolute(g, out=t1)
        u = s[1] = k.maximum(a, b, out=o[2])  # u = max(beta_2 * u, |g|)
        a = k.add(u, eps, out=t0)
        a = k.multiply(a, one_minus_b1p, out=t0)
        b = k.multiply(m, lr, out=t1)
        b = k.divide(b, a, out=t1)
        return k.subtract(w, b, out=o[0])
