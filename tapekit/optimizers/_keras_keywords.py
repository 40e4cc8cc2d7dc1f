"""The keyword block every Keras 2 optimizer takes, written once.

TF's optimizers each list ``weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema,
ema_momentum, ema_overwrite_frequency, jit_compile`` between their own hyperparameters
and ``name``; the base class handles them all.  :func:`keras_keywords` gives a subclass's
short ``__init__(self, <its hyperparameters>, name=..., **kwargs)`` TF's whole signature
(``help()``, ``inspect.signature`` and positional calls see the block in TF's place) and
hands the block on to ``Optimizer.__init__`` through ``**kwargs``.
"""

from __future__ import annotations

import functools
import inspect

KERAS_KEYWORDS = (
    ("weight_decay", None),
    ("clipnorm", None),
    ("clipvalue", None),
    ("global_clipnorm", None),
    ("use_ema", False),
    ("ema_momentum", 0.99),
    ("ema_overwrite_frequency", None),
    ("jit_compile", True),
)


def keras_keywords(**defaults):
    """Decorate an optimizer's ``__init__``: the Keras keyword block goes in before ``name``
    (with ``defaults`` where the optimizer's differ from the usual ones, e.g. RMSprop's
    ``ema_overwrite_frequency=100``); a keyword the ``__init__`` names itself stays its own."""

    def decorate(init):
        own = inspect.signature(init)
        params = list(own.parameters.values())
        at = next(i for i, p in enumerate(params) if p.name == "name")
        block = [
            inspect.Parameter(
                k, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=defaults.get(k, v)
            )
            for k, v in KERAS_KEYWORDS
            if k not in own.parameters
        ]
        full = own.replace(parameters=params[:at] + block + params[at:])
        names = [p.name for p in block]

        @functools.wraps(init)
        def __init__(self, *args, **kwargs):
            __tracebackhide__ = True
            bound = full.bind(self, *args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            extra = arguments.pop("kwargs", {})
            keras = {k: arguments.pop(k) for k in names}
            init(**arguments, **keras, **extra)

        __init__.__signature__ = full
        return __init__

    return decorate
