"""Adadelta (tf-keras 2.21's update rule)."""

from __future__ import annotations

from .optimizer import Optimizer


class Adadelta(Optimizer):
    """``acc_g = rho * acc_g + (1 - rho) * g * g``;
    ``delta = -sqrt(acc_d + eps) * g / sqrt(acc_g + eps)``;
    ``acc_d = rho * acc_d + (1 - rho) * delta * delta``; ``w += lr * delta``."""

    _n_scratch = 2
    _slot_groups = (("accumulated_grad", "accumulated_delta_var"),)
    _hyperparameters = dict(learning_rate=0.001, rho=0.95, epsilon=1e-7)

    def _constants(self, r, lr, step):
        return (r(self.rho), r(1 - self.rho), lr, r(self.epsilon))

    def _update(self, k, g, w, s, o, t, c):
        rho, one_minus_rho, lr, eps = c
        t0, t1 = t
        a = k.multiply(s[0], rho, out=t0)
        b = k.multiply(g, one_minus_rho, out=t1)
        b = k.multiply(b, g, out=t1)
        acc_g = s[0] = k.add(a, b, out=o[1])  # rho * acc_g + (1 - rho) * g * g
        # x = -delta = sqrt(acc_d + eps) * g / sqrt(acc_g + eps)
        a = k.add(s[1], eps, out=t0)
        a = k.sqrt(a, out=t0)
        a = k.multiply(a, g, out=t0)
        b = k.add(acc_g, eps, out=t1)
        b = k.sqrt(b, out=t1)
        x = k.divide(a, b, out=t0)
        b = k.multiply(x, one_minus_rho, out=t1)
        b = k.multiply(b, x, out=t1)  # (1 - rho) * delta * delta
        a = k.multiply(s[1], rho, out=o[2])
        s[1] = k.add(a, b, out=o[2])
        x = k.multiply(x, lr, out=t0)
        return k.subtract(w, x, out=o[0])  # w += lr * delta
