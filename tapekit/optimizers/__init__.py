"""``tk.optimizers`` (also ``tk.keras.optimizers``): TF-Keras 2 optimizers on tapekit.

SGD (momentum, Nesterov), Adam (AMSGrad), AdamW, Nadam, Adamax, RMSprop (momentum,
centered), Adagrad and Adadelta follow tf-keras 2.21's update rules, defaults and
epsilon placement, so trajectories match TensorFlow's step by step.  Learning-rate
schedules are in :mod:`tapekit.optimizers.schedules`; trajectories for plots come from
:meth:`Optimizer.record_trajectory` and :func:`trajectory`.
"""

from __future__ import annotations

from .._messages import message, no_attribute, register_catalog
from . import schedules
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .nadam import Nadam
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD
from .trajectory import Trajectory, trajectory

register_catalog(__file__, "_messages.json")  # the optimizers' and schedules' messages

__all__ = [
    "Optimizer",
    "SGD",
    "Adam",
    "AdamW",
    "Nadam",
    "Adamax",
    "RMSprop",
    "Adagrad",
    "Adadelta",
    "schedules",
    "Trajectory",
    "trajectory",
    "get",
    "serialize",
    "deserialize",
]

_ALL = {
    cls.__name__.lower(): cls
    for cls in (SGD, Adam, AdamW, Nadam, Adamax, RMSprop, Adagrad, Adadelta)
}


def serialize(optimizer, use_legacy_format=False) -> dict:
    """``{"module", "class_name", "config", "registered_name"}`` as TF-Keras writes it."""
    return {
        "module": "keras.optimizers",
        "class_name": type(optimizer).__name__,
        "config": optimizer.get_config(),
        "registered_name": None,
    }


def deserialize(config, custom_objects=None, use_legacy_optimizer=False, **kwargs):
    """The optimizer described by ``config`` (the output of :func:`serialize`)."""
    name = config.get("class_name", "")
    cls = (custom_objects or {}).get(name) or _ALL.get(str(name).lower())
    if cls is None:
        raise ValueError(message("opt_unknown", name=name, known=", ".join(_names())))
    return cls.from_config(dict(config.get("config", {})), custom_objects=custom_objects)


def get(identifier, **kwargs):
    """An optimizer from a name (``"adam"``), a config dict, or an optimizer (returned)."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str) and identifier.lower() in _ALL:
        return _ALL[identifier.lower()]()
    raise ValueError(message("opt_unknown", name=identifier, known=", ".join(_names())))


def _names():
    return [cls.__name__ for cls in _ALL.values()]


class _Namespace:
    """``tk.optimizers.experimental``: the same classes, as in TF 2.11+."""

    def __init__(self, **names):
        self.__dict__.update(names)


experimental = _Namespace(**{cls.__name__: cls for cls in _ALL.values()}, Optimizer=Optimizer)


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    if name == "legacy":
        raise AttributeError(message("opt_legacy_module"))
    raise no_attribute("tapekit.optimizers", name, __all__)
