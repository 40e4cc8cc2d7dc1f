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
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam (``amsgrad=True``: AMSGrad, the running maximum of ``v``)."""

    _uses_step = True
    _n_scratch = 2
    _hyperparameters = {
        "learning_rate": 0.001,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-7,
        "adaptive_epsilon": False,
        "amsgrad": False,
    }
    _unconfigured = ("adaptive_epsilon",)  # not in TF's get_config()
    adaptive_epsilon = False  # AdamW's signature lacks it

    def _on_init(self):
        self._slot_groups = (("m", "v"), ("vhat",)) if self.amsgrad else (("m", "v"),)

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
        # m += (g - m) * (1 - beta_1); v += (g * g - v) * (1 - beta_2)
        m = _kernels.moving_average(k, g, s, 0, o, t0, one_minus_b1)
        v = _kernels.moving_average(k, k.square(g, out=t0), s, 1, o, t0, one_minus_b2)
        if self.amsgrad:
            v = s[2] = k.maximum(s[2], v, out=o[3])
        d = k.sqrt(v, out=t0)
        d = k.add(d, epsilon, out=t0)
        n = k.multiply(m, alpha, out=t1)
        n = k.divide(n, d, out=t1)
        return k.subtract(w, n, out=o[0])  # w -= m * alpha / (sqrt(v) + epsilon)


class AdamW(Adam):
    """Adam with decoupled weight decay: ``w -= w * weight_decay * lr`` before the step."""

    _hyperparameters = {
        "learning_rate": 0.001,
        "weight_decay": 0.004,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-7,
        "amsgrad": False,
    }

    def _on_init(self):
        super()._on_init()
        if self.weight_decay is None:
            raise ValueError(message("opt_adamw_weight_decay"))
