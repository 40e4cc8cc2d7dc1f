"""SGD, with momentum and Nesterov momentum (tf-keras 2.21's update rule)."""

from __future__ import annotations

from .._messages import message
from . import _kernels
from .optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent: ``w -= learning_rate * g``.

    With ``momentum``: ``m = momentum * m - learning_rate * g; w += m``; with
    ``nesterov=True``: ``w += momentum * m - learning_rate * g`` (the new ``m``).
    As in TF, the momentum slot ``m`` exists (and holds ``-learning_rate * g``) even when
    ``momentum == 0``.
    """

    _slot_groups = (("m",),)
    _n_scratch = 2
    _hyperparameters = dict(learning_rate=0.01, momentum=0.0, nesterov=False)

    def _on_init(self):
        momentum = self.momentum
        if isinstance(momentum, (int, float)) and (momentum < 0 or momentum > 1):
            raise ValueError(message("opt_momentum_range", value=momentum))

    def _constants(self, r, lr, step):
        return (lr, _kernels.caster(r)(self.momentum))

    def _update(self, k, g, w, s, o, t, c):
        lr, momentum = c
        d = k.multiply(g, lr, out=t[0])  # g * lr
        mm = k.multiply(s[0], momentum, out=t[1])
        m = s[0] = k.subtract(mm, d, out=o[1])  # -g * lr + m * momentum
        if self.nesterov:
            mm = k.multiply(m, momentum, out=t[1])
            return k.add(w, k.subtract(mm, d, out=t[1]), out=o[0])
        return k.add(w, m, out=o[0])
