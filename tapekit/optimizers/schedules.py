"""Learning-rate schedules (``tk.optimizers.schedules``), as in tf-keras 2.21.

A schedule is called with the optimizer's step (``optimizer.iterations`` before the
update) and returns the learning rate for that step as a 0-d tensor of the dtype of
``initial_learning_rate`` (float32 for Python numbers).  The arithmetic is TF's, done in
that dtype, so ``optimizer.learning_rate`` reads exactly what TensorFlow reads.

Subclass :class:`LearningRateSchedule` (``__call__(step)`` and ``get_config()``) for your
own; tapekit ops work inside ``__call__``.
"""

from __future__ import annotations

import inspect
import math

from .._engine import backend as _backend
from .._engine.dtypes import as_dtype
from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from . import _kernels

__all__ = [
    "LearningRateSchedule",
    "ExponentialDecay",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "InverseTimeDecay",
    "CosineDecay",
    "CosineDecayRestarts",
    "serialize",
    "deserialize",
]


def _dtype_name(value) -> str:
    """TF's ``convert_to_tensor`` dtype of a schedule constant (Python float -> float32)."""
    if isinstance(value, TensorLike):
        return value.dtype.name
    dt = getattr(value, "dtype", None)
    if dt is not None:
        return as_dtype(getattr(dt, "name", str(dt))).name
    return "float32"


def _scalar(value) -> float:
    return _kernels.host_scalar(value)


def _result(value: float, dtype_name: str) -> Tensor:
    return Tensor(_backend.asarray(value, dtype=dtype_name))


class LearningRateSchedule:
    """Base class: ``__call__(step)`` returns the learning rate for ``step``."""

    def __call__(self, step):
        raise NotImplementedError(message("schedule_call", name=self.__class__.__name__))

    def get_config(self):
        """TF's ``LearningRateSchedule.get_config``: a subclass's constructor arguments."""
        raise NotImplementedError(message("schedule_config", name=self.__class__.__name__))

    @classmethod
    def from_config(cls, config):
        """TF's ``LearningRateSchedule.from_config``: the schedule ``get_config()`` described."""
        return cls(**config)

    def __repr__(self) -> str:
        try:
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        except NotImplementedError:
            args = ""
        return f"{type(self).__name__}({args})"


class _Schedule(LearningRateSchedule):
    """A built-in schedule: the arguments of its constructor are its attributes and its
    config (TF's keys, in the order of the signature)."""

    _arguments: tuple = ()  # the constructor's parameters, read from its signature
    _private: tuple = ()  # arguments kept as ``_name`` attributes, as TF keeps them

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__ and cls.__module__ == __name__:
            cls._arguments = tuple(inspect.signature(cls.__init__).parameters)[1:]

    def _attribute(self, argument: str) -> str:
        return "_" + argument if argument in self._private else argument

    def _keep(self, arguments: dict) -> None:
        """Store the constructor's ``arguments`` (its ``locals()``) as attributes."""
        for argument in self._arguments:
            setattr(self, self._attribute(argument), arguments[argument])

    def get_config(self):
        return {argument: getattr(self, self._attribute(argument)) for argument in self._arguments}

    def _start(self, *attributes):
        """TF's arithmetic in the dtype of ``initial_learning_rate``: (dtype name, rounder,
        caster, the initial rate rounded, then each of ``attributes`` cast to the dtype)."""
        dt = _dtype_name(self.initial_learning_rate)
        r = _kernels.rounder(dt)
        cast = _kernels.caster(r)
        lr0 = r(_scalar(self.initial_learning_rate))
        return (dt, r, cast, lr0, *(cast(_scalar(getattr(self, a))) for a in attributes))


class _StepDecay(_Schedule):
    """What ExponentialDecay and InverseTimeDecay share: arguments, progress, config."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        super().__init__()
        self._keep(locals())

    def _progress(self, step):
        """(dtype name, rounder, caster, lr0, step / decay_steps floored if staircase)."""
        dt, r, cast, lr0 = self._start()
        p = r(r(_scalar(step)) / cast(_scalar(self.decay_steps)))
        if self.staircase:
            p = float(math.floor(p))
        return dt, r, cast, lr0, p


class ExponentialDecay(_StepDecay):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)`` (floored if staircase)."""

    def __call__(self, step):
        dt, r, cast, lr0, p = self._progress(step)
        return _result(r(lr0 * r(math.pow(cast(_scalar(self.decay_rate)), p))), dt)


class PiecewiseConstantDecay(_Schedule):
    """``values[0]`` up to ``boundaries[0]`` (inclusive), then ``values[1]``..."""

    def __init__(self, boundaries, values, name=None):
        super().__init__()
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                message(
                    "schedule_boundaries",
                    boundaries=boundaries,
                    nb=len(boundaries),
                    values=values,
                    nv=len(values),
                )
            )
        self._keep(locals())

    def __call__(self, step):
        x = _scalar(step)
        integral = not isinstance(step, float) and float(x).is_integer()
        # TF casts the boundaries to the step's dtype (int64 for optimizer.iterations)
        bounds = [float(int(_scalar(b))) if integral else _scalar(b) for b in self.boundaries]
        i = 0
        while i < len(bounds) and x > bounds[i]:
            i += 1
        value = self.values[i]
        dt = _dtype_name(value)
        return _result(_kernels.rounder(dt)(_scalar(value)), dt)


class PolynomialDecay(_Schedule):
    """Polynomial decay from ``initial_learning_rate`` to ``end_learning_rate``."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name=None,
    ):
        super().__init__()
        self._keep(locals())

    def __call__(self, step):
        dt, r, _, lr0, end, power, steps = self._start("end_learning_rate", "power", "decay_steps")
        s = r(_scalar(step))
        if self.cycle:
            mult = 1.0 if s == 0 else r(math.ceil(r(s / r(_scalar(self.decay_steps)))))
            steps = r(steps * mult)
        else:
            s = min(s, steps)
        p = r(s / steps)
        return _result(r(r(r(lr0 - end) * r(math.pow(r(1 - p), power))) + end), dt)


class InverseTimeDecay(_StepDecay):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``."""

    def __call__(self, step):
        dt, r, cast, lr0, p = self._progress(step)
        denom = r(1.0 + r(cast(_scalar(self.decay_rate)) * p))
        return _result(r(lr0 / denom), dt)


class CosineDecay(_Schedule):
    """Cosine decay to ``alpha * initial_learning_rate`` over ``decay_steps``, with optional
    linear warmup to ``warmup_target`` over ``warmup_steps``."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name=None,
        warmup_target=None,
        warmup_steps=0,
    ):
        super().__init__()
        self._keep(locals())

    def _decay(self, r, step, decay_steps, decay_from_lr):
        fraction = r(step / decay_steps)
        cosine = r(0.5 * r(1.0 + r(math.cos(r(r(math.pi) * fraction)))))
        alpha = _scalar(self.alpha)
        decayed = r(r(r(1 - alpha) * cosine) + r(alpha))
        return r(decay_from_lr * decayed)

    def __call__(self, step):
        dt, r, cast, lr0, decay_steps = self._start("decay_steps")
        s = r(_scalar(step))
        if self.warmup_target is None:
            return _result(self._decay(r, min(s, decay_steps), decay_steps, lr0), dt)
        target = cast(_scalar(self.warmup_target))
        warmup = cast(_scalar(self.warmup_steps))
        s = min(s, r(decay_steps + warmup))
        if s < warmup:
            value = r(r(r(target - lr0) * r(s / warmup)) + lr0)
        else:
            value = self._decay(r, r(s - warmup), decay_steps, target)
        return _result(value, dt)


class CosineDecayRestarts(_Schedule):
    """Cosine decay with warm restarts (SGDR)."""

    _private = ("t_mul", "m_mul")

    def __init__(
        self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name=None
    ):
        super().__init__()
        self._keep(locals())

    def __call__(self, step):
        dt, r, _, lr0, first, alpha, t_mul, m_mul = self._start(
            "first_decay_steps", "alpha", "_t_mul", "_m_mul"
        )
        fraction = r(r(_scalar(step)) / first)
        if t_mul == 1.0:
            i_restart = float(math.floor(fraction))
            fraction = r(fraction - i_restart)
        else:
            i_restart = float(
                math.floor(
                    r(r(math.log(r(1.0 - r(fraction * r(1.0 - t_mul))))) / r(math.log(t_mul)))
                )
            )
            sum_r = r(r(1.0 - r(math.pow(t_mul, i_restart))) / r(1.0 - t_mul))
            fraction = r(r(fraction - sum_r) / r(math.pow(t_mul, i_restart)))
        m_fac = r(math.pow(m_mul, i_restart))
        cosine = r(r(0.5 * m_fac) * r(1.0 + r(math.cos(r(r(math.pi) * fraction)))))
        decayed = r(r(r(1 - alpha) * cosine) + alpha)
        return _result(r(lr0 * decayed), dt)


_BY_NAME = {
    cls.__name__: cls
    for cls in (
        ExponentialDecay,
        PiecewiseConstantDecay,
        PolynomialDecay,
        InverseTimeDecay,
        CosineDecay,
        CosineDecayRestarts,
    )
}


def serialize(learning_rate_schedule, use_legacy_format=False):
    """The schedule as TF-Keras's config dict (``module``, ``class_name``, ``config``)."""
    return {
        "module": "keras.optimizers.schedules",
        "class_name": type(learning_rate_schedule).__name__,
        "config": learning_rate_schedule.get_config(),
        "registered_name": None,
    }


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """The schedule described by ``config`` (the output of :func:`serialize`)."""
    name = config.get("class_name")
    cls = (custom_objects or {}).get(name) or _BY_NAME.get(name)
    if cls is None:
        raise ValueError(message("schedule_unknown", name=name, known=", ".join(sorted(_BY_NAME))))
    return cls.from_config(dict(config.get("config", {})))
