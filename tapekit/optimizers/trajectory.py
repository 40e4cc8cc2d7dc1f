"""Recording what an optimizer does, step by step, for plots and widgets.

Two ways in, one code path (the optimizer's own ``apply_gradients``, so a plot never
needs a copy of the update rules):

* ``with opt.record_trajectory() as traj:`` around any training loop: every step the
  optimizer takes appends to ``traj`` (positions after the step, the loss before it
  when known, the gradients as passed, the learning rate used, ``iterations``);
* ``tk.optimizers.trajectory(opt, loss_fn, start, steps)``: runs ``steps`` steps of
  ``opt`` on ``loss_fn(x)`` from ``start`` and returns the recorded :class:`Trajectory`
  (the usual input of an optimizer-comparison widget)::

      traj = tk.optimizers.trajectory(tk.optimizers.Adam(0.1),
                                      lambda x: x[0]**2 + 10 * x[1]**2, [1.5, -0.5], 100)
      xs, ys = zip(*traj.path)        # start point included
      traj.losses                     # f(x) before each step
      traj.to_dict()                  # JSON-friendly, for a front end

Values are host NumPy copies (NumPy scalars for scalar variables).  With one recorded
variable each entry of ``positions``/``gradients`` is that variable's value; with
several it is a tuple in the order of ``variables``.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.tensor import TensorLike
from .._engine.variable import Variable

__all__ = ["Trajectory", "trajectory"]


def _host(raw):
    v = _backend.to_host(raw)
    return v[()] if v.ndim == 0 else v.copy()


def _plain(x):
    if x is None:
        return None
    if isinstance(x, tuple):
        return [_plain(v) for v in x]
    tolist = getattr(x, "tolist", None)
    return tolist() if tolist is not None else x


class Trajectory:
    """Steps recorded from one optimizer (a context manager while recording)."""

    def __init__(self, optimizer, variables=None, loss=None):
        self.optimizer = optimizer
        self._only = None if variables is None else list(variables)
        self._loss_fn = loss
        self.variables: tuple = ()
        self.start = None
        self.positions: list = []
        self.losses: list = []
        self.gradients: list = []
        self.learning_rates: list[float] = []
        self.iterations: list[int] = []
        self.final_loss = None

    # -- recording -----------------------------------------------------------------------
    def __enter__(self) -> Trajectory:
        self.optimizer._recorders.append(self)
        return self

    def __exit__(self, *exc):
        recs = self.optimizer._recorders
        for i in range(len(recs) - 1, -1, -1):
            if recs[i] is self:
                del recs[i]
                break
        return False

    def _pack(self, values):
        return values[0] if len(values) == 1 else tuple(values)

    def _before(self, optimizer, variables, raw_grads, lr, loss):
        """Called by the optimizer before updating: the loss and gradients of this step."""
        if not self.variables:
            self.variables = tuple(self._only if self._only is not None else variables)
            self.start = self._pack([_host(v._value) for v in self.variables])
        if loss is None and self._loss_fn is not None:
            loss = self._loss_fn()
        if isinstance(loss, TensorLike):
            loss = loss._value
        if loss is not None and not isinstance(loss, (int, float)):
            loss = _host(loss)
            loss = float(loss) if getattr(loss, "ndim", 0) == 0 else loss
        self.losses.append(loss)
        by_id = {v._id: g for v, g in zip(variables, raw_grads)}
        grads = [by_id.get(v._id) for v in self.variables]
        self.gradients.append(self._pack([None if g is None else _host(g) for g in grads]))
        self.learning_rates.append(lr)

    def _after(self, optimizer, variables):
        """Called by the optimizer after updating: the new positions."""
        self.positions.append(self._pack([_host(v._value) for v in self.variables]))
        self.iterations.append(int(optimizer._iterations._value))

    # -- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.positions)

    @property
    def names(self) -> list[str]:
        """The names of the followed variables, in ``variables``' order."""
        return [v.name for v in self.variables]

    @property
    def path(self) -> list:
        """The start point followed by the position after each step."""
        return ([self.start] if self.start is not None else []) + self.positions

    def to_dict(self) -> dict:
        """Plain lists and floats (JSON-serialisable), with the optimizer's config."""
        return {
            "optimizer": type(self.optimizer).__name__,
            "config": self.optimizer.get_config(),
            "variables": self.names,
            "start": _plain(self.start),
            "positions": [_plain(p) for p in self.positions],
            "losses": [_plain(x) for x in self.losses],
            "gradients": [_plain(g) for g in self.gradients],
            "learning_rates": list(self.learning_rates),
            "iterations": list(self.iterations),
            "final_loss": _plain(self.final_loss),
        }

    def __repr__(self) -> str:
        return (
            f"<Trajectory of {type(self.optimizer).__name__}: {len(self)} steps, "
            f"variables={self.names}>"
        )


def trajectory(optimizer, loss_fn, start, steps=100, dtype=None, name="x") -> Trajectory:
    """Run ``steps`` steps of ``optimizer`` on ``loss_fn(x)`` from ``start``; record them.

    ``start``: a ``tk.Variable`` (updated in place) or a value for a new one (Python
    numbers give float32, as ``tk.Variable`` does; ``dtype`` overrides).  ``loss_fn``
    takes the variable and returns the loss.  Each step is ``optimizer.minimize``, the
    same gradient and update a hand-written ``GradientTape`` loop would make.
    """
    __tracebackhide__ = True
    x = start if isinstance(start, Variable) else Variable(start, dtype=dtype, name=name)

    def loss():
        return loss_fn(x)

    with optimizer.record_trajectory(variables=[x]) as traj:
        for _ in range(int(steps)):
            optimizer.minimize(loss, [x])
    final = loss_fn(x)
    traj.final_loss = _host(final._value) if isinstance(final, TensorLike) else final
    if getattr(traj.final_loss, "ndim", 1) == 0:
        traj.final_loss = float(traj.final_loss)
    return traj
