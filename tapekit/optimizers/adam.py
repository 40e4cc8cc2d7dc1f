"""Adam (with AMSGrad) and AdamW, tf-keras 2.21's update rules.

Keras 2's Adam folds the bias corrections into the step size and adds epsilon to
``sqrt(v)`` (not to ``sqrt(v_hat)``)::

    alpha = lr * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    m += (g - m) * (1 - beta_1)
    v += (g * g - v) * (1 - beta_2)
    w -= m * alpha / (sqrt(v) + epsilon)          # epsilon defaults to 1e-7
"""

from __future__ import annotations

import math

from .._messages import message
from . import _kernels
from ._keras_keywords import keras_keywords
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam (``amsgrad=True``: AMSGrad, the running maximum of ``v``)."""

    _uses_step = True
    _n_scratch = 2

    @keras_keywords()
    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        adaptive_epsilon=False,
        amsgrad=False,
        name="Adam",
        **kwargs,
    ):
        __tracebackhide__ = True
        super().__init__(name=name, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.adaptive_epsilon = adaptive_epsilon
        self.amsgrad = amsgrad
        self._slot_groups = (("m", "v"), ("vhat",)) if amsgrad else (("m", "v"),)

    def _constants(self, r, lr, step):
        cast = _kernels.caster(r)
        t = r(step + 1)
        beta_1_power = r(math.pow(cast(self.beta_1), t))
        beta_2_power = r(math.pow(cast(self.beta_2), t))
        root = r(math.sqrt(r(1 - beta_2_power)))
        alpha = r(r(lr * root) / r(1 - beta_1_power))
        epsilon = r(r(self.epsilon) * root) if self.adaptive_epsilon else r(self.epsilon)
        return (r(1 - self.beta_1), r(1 - self.beta_2), alpha, epsilon)

    def _update(self, k, g, w, s, o, t, c):
        one_minus_b1, one_minus_b2, alpha, epsilon = c
        t0, t1 = t
        d = k.subtract(g, s[0], out=t0)
        d = k.multiply(d, one_minus_b1, out=t0)
        m = s[0] = k.add(s[0], d, out=o[1])  # m += (g - m) * (1 - beta_1)
        d = k.square(g, out=t0)
        d = k.subtract(d, s[1], out=t0)
        d = k.multiply(d, one_minus_b2, out=t0)
        v = s[1] = k.add(s[1], d, out=o[2])  # v += (g * g - v) * (1 - beta_2)
        if self.amsgrad:
            v = s[2] = k.maximum(s[2], v, out=o[3])
        d = k.sqrt(v, out=t0)
        d = k.add(d, epsilon, out=t0)
        n = k.multiply(m, alpha, out=t1)
        n = k.divide(n, d, out=t1)
        return k.subtract(w, n, out=o[0])  # w -= m * alpha / (sqrt(v) + epsilon)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "learning_rate": self._learning_rate_config(),
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "amsgrad": self.amsgrad,
            }
        )
        return config


class AdamW(Adam):
    """Adam with decoupled weight decay: ``w -= w * weight_decay * lr`` before the step."""

    @keras_keywords()
    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        name="AdamW",
        **kwargs,
    ):
        __tracebackhide__ = True
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            name=name,
            **kwargs,
        )
        self.weight_decay = weight_decay
        if weight_decay is None:
            raise ValueError(message("opt_adamw_weight_decay"))

    def get_config(self):
        config = super().get_config()
        config["weight_decay"] = self.weight_decay
        return config
