"""What the optimizers check of their arguments: the learning rate, ``(gradient, variable)``
pairs, variable lists and gradients (dtype and shape against their variable)."""

from __future__ import annotations

import numbers

from .._engine import backend as _backend
from .._engine.tensor import TensorLike, to_raw
from .._engine.variable import Variable
from .._messages import message
from . import _kernels

_HOST_ARRAY = _backend.HOST_ARRAY


def _learning_rate_value(learning_rate, cls_name) -> float:
    """A learning rate given as a number (or 0-d tensor) as a Python float."""
    __tracebackhide__ = True
    value = learning_rate
    if callable(value) and not isinstance(value, TensorLike):
        # TF evaluates a zero-argument callable once, when the optimizer is created
        try:
            value = value()
        except TypeError:
            raise TypeError(message("opt_lr_callable", cls=cls_name, value=learning_rate)) from None
    if isinstance(value, TensorLike):
        d = value.dtype
        if value.shape == () and (d.is_floating or d.is_integer):
            return _kernels.host_scalar(value)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    raise TypeError(
        message("opt_lr_type", cls=cls_name, type=type(learning_rate).__name__, value=learning_rate)
    )


def _item(x):
    """A 0-d NumPy array as a NumPy scalar (scalars pass through)."""
    return x[()] if type(x) is _HOST_ARRAY else x


def _split_pairs(grads_and_vars):
    __tracebackhide__ = True
    if isinstance(grads_and_vars, TensorLike):
        raise TypeError(message("opt_pairs", got=type(grads_and_vars).__name__))
    try:
        pairs = list(grads_and_vars)
    except TypeError:
        raise TypeError(message("opt_pairs", got=type(grads_and_vars).__name__)) from None
    grads = []
    variables = []
    has_none = False
    for i, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(message("opt_pair", index=i, got=_short(pair)))
        g, v = pair
        if not isinstance(v, Variable):
            if isinstance(g, Variable):
                raise TypeError(message("opt_pair_swapped", index=i))
            raise TypeError(message("opt_not_variable", index=i, type=type(v).__name__))
        if g is None:
            has_none = True
        grads.append(g)
        variables.append(v)
    return grads, variables, has_none


def _check_var_list(var_list):
    __tracebackhide__ = True
    if isinstance(var_list, Variable):
        return [var_list]
    if isinstance(var_list, dict) or var_list is None or isinstance(var_list, (str, TensorLike)):
        raise TypeError(message("opt_var_list", type=type(var_list).__name__))
    try:
        items = list(var_list)
    except TypeError:
        raise TypeError(message("opt_var_list", type=type(var_list).__name__)) from None
    for i, v in enumerate(items):
        if not isinstance(v, Variable):
            raise TypeError(message("opt_var_list_item", index=i, type=type(v).__name__))
    return items


def _raw_gradient(g, v):
    """The raw array of gradient ``g``, checked against variable ``v``."""
    __tracebackhide__ = True
    raw = g._value if isinstance(g, TensorLike) else to_raw(g, v.dtype, like=v._value)
    w = v._value
    if raw.dtype != w.dtype:
        raise TypeError(
            message(
                "opt_grad_dtype",
                name=v.name,
                got=_backend.numpy_dtype_name(raw),
                want=v.dtype.name,
            )
        )
    if raw.shape != w.shape:
        raise ValueError(
            message("opt_grad_shape", name=v.name, got=tuple(raw.shape), want=tuple(w.shape))
        )
    return raw


def _short(x) -> str:
    text = repr(x)
    return text if len(text) <= 80 else text[:77] + "..."
