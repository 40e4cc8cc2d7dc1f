"""Moments and batch normalization under ``tf.nn``'s names: ``moments``,
``weighted_moments``, ``sufficient_statistics``, ``normalize_moments`` and
``batch_normalization``, written with TF's formulas from existing ops.

float16 inputs are reduced in float32 and cast back, as TF does.  One deliberate
difference: TF's ``moments`` stops the gradient through the mean inside the variance; the
first derivative is the same either way (the variance's derivative in its mean is 0), but
with the stop TF's second derivative of the variance misses the -1/n term, so here the
mean is not stopped and the Hessian is the true one.
"""

from __future__ import annotations

from .._tensor import Tensor, _TensorLike, convert_to_tensor
from . import array as _a
from . import math as _m
from . import reduction as _r


def _t(x) -> _TensorLike:
    return x if isinstance(x, _TensorLike) else convert_to_tensor(x)


def _axes(axes):
    return list(axes) if isinstance(axes, (list, tuple)) else axes


def _widen(x):
    return _m.cast(x, "float32") if x.dtype.name == "float16" else x


def _narrow(t, dtype):
    return _m.cast(t, dtype) if t.dtype != dtype else t


def moments(x, axes, shift=None, keepdims=False, name=None) -> tuple:
    """``tf.nn.moments``: (mean, variance) of ``x`` over ``axes`` (``shift`` unused, as in TF)."""
    x = _t(x)
    y = _widen(x)
    ax = _axes(axes)
    mean = _r.reduce_mean(y, axis=ax, keepdims=True)
    variance = _r.reduce_mean(_m.squared_difference(y, mean), axis=ax, keepdims=True)
    if not keepdims:
        mean = _a.squeeze(mean, ax)
        variance = _a.squeeze(variance, ax)
    return _narrow(mean, x.dtype), _narrow(variance, x.dtype)


def weighted_moments(x, axes, frequency_weights, keepdims=False, name=None) -> tuple:
    """``tf.nn.weighted_moments``: (mean, variance) with ``frequency_weights`` (0 if they sum to 0)."""
    x = _t(x)
    y = _widen(x)
    ax = _axes(axes)
    w = _m.cast(_m._as_tensor(frequency_weights, y), y.dtype)
    total = _r.reduce_sum(_m.multiply(w, y), axis=ax, keepdims=True)
    weights = _m.add(w, _m.zeros_like_const(y))
    count = _r.reduce_sum(weights, axis=ax, keepdims=True)
    mean = _m.divide_no_nan(total, count)
    dist = _r.reduce_sum(_m.multiply(w, _m.squared_difference(y, mean)), axis=ax, keepdims=True)
    variance = _m.divide_no_nan(dist, count)
    if not keepdims:
        mean = _a.squeeze(mean, ax)
        variance = _a.squeeze(variance, ax)
    return _narrow(mean, x.dtype), _narrow(variance, x.dtype)


def sufficient_statistics(x, axes, shift=None, keepdims=False, name=None) -> tuple:
    """``tf.nn.sufficient_statistics``: (count, sum(x - shift), sum((x - shift)**2), shift)."""
    x = _t(x)
    ax = [a % max(x.ndim, 1) for a in (_axes(axes) if isinstance(axes, (list, tuple)) else [axes])]
    n = 1
    for a in ax:
        n *= int(x.shape[a])
    count = _m._const_like(n, x)
    if shift is not None:
        shift = _m._as_tensor(shift, x)
        d = _m.subtract(x, shift)
        m_ss, v_ss = d, _m.squared_difference(x, shift)
    else:
        m_ss, v_ss = x, _m.square(x)
    m_ss = _r.reduce_sum(m_ss, axis=ax, keepdims=keepdims)
    v_ss = _r.reduce_sum(v_ss, axis=ax, keepdims=keepdims)
    return count, m_ss, v_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None) -> tuple:
    """``tf.nn.normalize_moments``: (mean, variance) from ``sufficient_statistics``' sums."""
    mean_ss = _t(mean_ss)
    divisor = _m.reciprocal(_m._as_tensor(counts, mean_ss))
    shifted_mean = _m.multiply(mean_ss, divisor)
    mean = shifted_mean if shift is None else _m.add(shifted_mean, _m._as_tensor(shift, mean_ss))
    variance = _m.subtract(_m.multiply(_t(variance_ss), divisor), _m.square(shifted_mean))
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None) -> Tensor:
    """``tf.nn.batch_normalization``: scale * (x - mean) / sqrt(variance + eps) + offset."""
    x = _t(x)
    variance = _m._as_tensor(variance, x)
    inv = _m.rsqrt(_m.add(variance, _m._const_like(variance_epsilon, variance)))
    if scale is not None:
        inv = _m.multiply(inv, _m._as_tensor(scale, x))
    shift = _m.negative(_m.multiply(_m._as_tensor(mean, x), inv))
    if offset is not None:
        shift = _m.add(_m._as_tensor(offset, x), shift)
    return _m.add(_m.multiply(x, _m.cast(inv, x.dtype)), _m.cast(shift, x.dtype))
