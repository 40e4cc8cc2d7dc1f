"""RMSprop, plain, with momentum and centered (tf-keras 2.21's update rule)."""

from __future__ import annotations

from .optimizer import Optimizer


class RMSprop(Optimizer):
    """``velocity = rho * velocity + (1 - rho) * g**2``;
    ``w -= lr * g / sqrt(velocity + epsilon)`` (centered: ``velocity - mean_g**2``;
    with momentum the increment goes through a momentum slot)."""

    _n_scratch = 2
    _hyperparameters = dict(
        learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False
    )
    _keras_defaults = dict(ema_overwrite_frequency=100)

    def _on_init(self):
        groups = [("velocity",)]
        if self.momentum > 0:
            groups.append(("momentum",))
        if self.centered:
            groups.append(("average_gradient",))
        self._slot_groups = tuple(groups)

    def _constants(self, r, lr, step):
        return (r(self.rho), r(1 - self.rho), lr, r(self.epsilon), r(self.momentum))

    def _update(self, k, g, w, s, o, t, c):
        rho, one_minus_rho, lr, eps, momentum = c
        t0, t1 = t
        a = k.multiply(s[0], rho, out=t0)
        b = k.square(g, out=t1)
        b = k.multiply(b, one_minus_rho, out=t1)
        vel = s[0] = k.add(a, b, out=o[1])  # rho * velocity + (1 - rho) * g**2
        i_mom = 1 if self.momentum > 0 else None
        if self.centered:
            i = 2 if i_mom else 1
            a = k.multiply(s[i], rho, out=t0)
            b = k.multiply(g, one_minus_rho, out=t1)
            avg = s[i] = k.add(a, b, out=o[i + 1])
            a = k.square(avg, out=t0)
            a = k.subtract(vel, a, out=t0)  # velocity - avg**2 + epsilon
            a = k.add(a, eps, out=t0)
        else:
            a = k.add(vel, eps, out=t0)
        a = k.sqrt(a, out=t0)
        a = k.divide(1.0, a, out=t0)  # rsqrt
        b = k.multiply(g, lr, out=t1)
        b = k.multiply(b, a, out=t1)  # increment = lr * g * rsqrt(denominator)
        if i_mom:
            a = k.multiply(s[1], momentum, out=t0)
            mom = s[1] = k.add(a, b, out=o[2])
            return k.subtract(w, mom, out=o[0])
        return k.subtract(w, b, out=o[0])
