"""A built-in optimizer's ``__init__``, written once from its table of hyperparameters.

TF's optimizers each take their own hyperparameters, then the Keras keyword block
``weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
ema_overwrite_frequency, jit_compile``, then ``name`` and ``**kwargs``.  An optimizer
here declares only its own part, ``_hyperparameters = {"learning_rate": 0.001, ...}``
in TF's order; :func:`keras_init` gives it TF's whole signature (``help()``,
``inspect.signature`` and positional calls see the block in TF's place) and hands the
bound arguments to ``Optimizer._take_hyperparameters``.
"""

from __future__ import annotations

import inspect

KERAS_KEYWORDS = {
    "weight_decay": None,
    "clipnorm": None,
    "clipvalue": None,
    "global_clipnorm": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "jit_compile": True,
}


def keras_signature(cls) -> inspect.Signature:
    """``(self, <cls._hyperparameters>, <the Keras block>, name=cls.__name__, **kwargs)``.

    A keyword the optimizer names itself (AdamW's ``weight_decay``) stays in its own
    place; ``cls._keras_defaults`` replaces the block's defaults it differs on (RMSprop's
    ``ema_overwrite_frequency=100``).
    """
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    own = cls._hyperparameters
    block = {k: cls._keras_defaults.get(k, v) for k, v in KERAS_KEYWORDS.items() if k not in own}
    params = [inspect.Parameter("self", positional)]
    params += [inspect.Parameter(k, positional, default=v) for k, v in {**own, **block}.items()]
    params.append(inspect.Parameter("name", positional, default=cls.__name__))
    params.append(inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD))
    return inspect.Signature(params)


def keras_init(cls):
    """``cls.__init__``: bind the call to :func:`keras_signature` (Python's own errors for
    a bad call), then ``self._take_hyperparameters(arguments, kwargs)``."""
    signature = keras_signature(cls)

    def __init__(self, *args, **kwargs):
        __tracebackhide__ = True
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        del arguments["self"]
        self._take_hyperparameters(arguments, arguments.pop("kwargs"))

    __init__.__signature__ = signature
    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    return __init__
