"""Adamax: Adam with the infinity norm (tf-keras 2.21's update rule)."""

from __future__ import annotations

import math

from . import _kernels
from ._keras_keywords import keras_keywords
from .optimizer import Optimizer


class Adamax(Optimizer):
    """``u = max(beta_2 * u, |g|)``; ``w -= lr * m / ((1 - beta_1 ** t) * (u + epsilon))``."""

    _uses_step = True
    _n_scratch = 2
    _slot_groups = (("m", "u"),)

    @keras_keywords()
    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        name="Adamax",
        **kwargs,
    ):
        __tracebackhide__ = True
        super().__init__(name=name, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def _constants(self, r, lr, step):
        beta_1_power = r(math.pow(_kernels.caster(r)(self.beta_1), r(step + 1)))
        return (r(1 - self.beta_1), r(self.beta_2), r(1 - beta_1_power), lr, r(self.epsilon))

    def _update(self, k, g, w, s, o, t, c):
        one_minus_b1, beta_2, one_minus_b1p, lr, eps = c
        t0, t1 = t
        d = k.subtract(g, s[0], out=t0)
        d = k.multiply(d, one_minus_b1, out=t0)
        m = s[0] = k.add(s[0], d, out=o[1])  # m += (g - m) * (1 - beta_1)
        a = k.multiply(s[1], beta_2, out=t0)
        b = k.absolute(g, out=t1)
        u = s[1] = k.maximum(a, b, out=o[2])  # u = max(beta_2 * u, |g|)
        a = k.add(u, eps, out=t0)
        a = k.multiply(a, one_minus_b1p, out=t0)
        b = k.multiply(m, lr, out=t1)
        b = k.divide(b, a, out=t1)
        return k.subtract(w, b, out=o[0])

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "learning_rate": self._learning_rate_config(),
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
            }
        )
        return config
