"""Nadam: Adam with Nesterov momentum (tf-keras 2.21's update rule, momentum schedule
``u_t = beta_1 * (1 - 0.5 * 0.96 ** t)``)."""

from __future__ import annotations

import math

from . import _kernels
from .optimizer import Optimizer


class Nadam(Optimizer):
    """Nesterov-accelerated Adam."""

    _uses_step = True
    _n_scratch = 2
    _slot_groups = (("m", "v"),)
    _hyperparameters = dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    _u_product = None  # the product of the momentum schedule, from the first build

    def _on_build(self, new_variables):
        if self._u_product is None:  # TF: a Variable(1.0) of the first variable's dtype
            self._u_product = 1.0
            self._u_round = self._state[new_variables[0]._id].r
            self._u_product_counter = 1

    def _constants(self, r, lr, step):
        t = r(step + 1)
        cast = _kernels.caster(r)
        beta_1 = cast(self.beta_1)
        beta_2 = cast(self.beta_2)
        decay = cast(0.96)
        u_t = r(beta_1 * r(1.0 - r(0.5 * r(math.pow(decay, t)))))
        u_t_1 = r(beta_1 * r(1.0 - r(0.5 * r(math.pow(decay, r(step + 2))))))
        if self._u_product_counter != step + 2:  # the product advances once per step
            self._u_product = self._u_round(self._u_product * u_t)
            self._u_product_counter += 1
        u_product_t = r(self._u_product)
        u_product_t_1 = r(u_product_t * u_t_1)
        beta_2_power = r(math.pow(beta_2, t))
        return (
            r(1 - beta_1),
            r(1 - beta_2),
            u_t_1,
            r(1 - u_product_t_1),
            r(1 - u_t),
            r(1 - u_product_t),
            r(1 - beta_2_power),
            lr,
            r(self.epsilon),
        )

    def _update(self, k, g, w, s, o, t, c):
        one_minus_b1, one_minus_b2, u_t_1, den1, one_minus_u_t, den0, den_v, lr, eps = c
        t0, t1 = t
        # Adam's moments: m += (g - m) * (1 - beta_1); v += (g * g - v) * (1 - beta_2)
        m = _kernels.moving_average(k, g, s, 0, o, t0, one_minus_b1)
        v = _kernels.moving_average(k, k.square(g, out=t0), s, 1, o, t0, one_minus_b2)
        # m_hat = u_t_1 * m / (1 - u_product_t_1) + (1 - u_t) * g / (1 - u_product_t)
        a = k.multiply(m, u_t_1, out=t0)
        a = k.divide(a, den1, out=t0)
        b = k.multiply(g, one_minus_u_t, out=t1)
        b = k.divide(b, den0, out=t1)
        m_hat = k.add(a, b, out=t0)
        v_hat = k.divide(v, den_v, out=t1)
        d = k.sqrt(v_hat, out=t1)
        d = k.add(d, eps, out=t1)
        n = k.multiply(m_hat, lr, out=t0)
        n = k.divide(n, d, out=t0)
        return k.subtract(w, n, out=o[0])  # w -= m_hat * lr / (sqrt(v_hat) + epsilon)
