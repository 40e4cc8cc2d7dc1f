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

from .._engine.tensor import Tensor
from . import _core_math
from . import arithmetic as _arithmetic
from . import elementwise as _elementwise
from . import reduction as _r
from . import shape as _shape
from ._core_shape import _t


def _axes(axes):
    return list(axes) if isinstance(axes, (list, tuple)) else axes


def _widen(x):
    return _core_math.cast(x, "float32") if x.dtype.name == "float16" else x


def _narrow(t, dtype):
    return _core_math.cast(t, dtype) if t.dtype != dtype else t


def moments(x, axes, shift=None, keepdims=False, name=None) -> tuple:
    """``tf.nn.moments``: (mean, variance) of ``x`` over ``axes`` (``shift`` unused, as in TF)."""
    x = _t(x)
    y = _widen(x)
    ax = _axes(axes)
    mean = _r.reduce_mean(y, axis=ax, keepdims=True)
    variance = _r.reduce_mean(_arithmetic.squared_difference(y, mean), axis=ax, keepdims=True)
    if not keepdims:
        mean = _shape.squeeze(mean, ax)
        variance = _shape.squeeze(variance, ax)
    return _narrow(mean, x.dtype), _narrow(variance, x.dtype)


def weighted_moments(x, axes, frequency_weights, keepdims=False, name=None) -> tuple:
    """``tf.nn.weighted_moments``: (mean, variance) with ``frequency_weights`` (0 if they sum to 0)."""
    x = _t(x)
    y = _widen(x)
    ax = _axes(axes)
    w = _core_math.cast(_arithmetic._as_tensor(frequency_weights, y), y.dtype)
    total = _r.reduce_sum(_core_math.multiply(w, y), axis=ax, keepdims=True)
    weights = _core_math.add(w, _core_math.zeros_like_const(y))
    count = _r.reduce_sum(weights, axis=ax, keepdims=True)
    mean = _arithmetic.divide_no_nan(total, count)
    dist = _r.reduce_sum(
        _core_math.multiply(w, _arithmetic.squared_difference(y, mean)), axis=ax, keepdims=True
    )
    variance = _arithmetic.divide_no_nan(dist, count)
    if not keepdims:
        mean = _shape.squeeze(mean, ax)
        variance = _shape.squeeze(variance, ax)
    return _narrow(mean, x.dtype), _narrow(variance, x.dtype)


def sufficient_statistics(x, axes, shift=None, keepdims=False, name=None) -> tuple:
    """``tf.nn.sufficient_statistics``: (count, sum(x - shift), sum((x - shift)**2), shift)."""
    x = _t(x)
    ax = [a % max(x.ndim, 1) for a in (_axes(axes) if isinstance(axes, (list, tuple)) else [axes])]
    n = 1
    for a in ax:
        n *= int(x.shape[a])
    count = _core_math._const_like(n, x)
    if shift is not None:
        shift = _arithmetic._as_tensor(shift, x)
        d = _core_math.subtract(x, shift)
        m_ss, v_ss = d, _arithmetic.squared_difference(x, shift)
    else:
        m_ss, v_ss = x, _elementwise.square(x)
    m_ss = _r.reduce_sum(m_ss, axis=ax, keepdims=keepdims)
    v_ss = _r.reduce_sum(v_ss, axis=ax, keepdims=keepdims)
    return count, m_ss, v_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None) -> tuple:
    """``tf.nn.normalize_moments``: (mean, variance) from ``sufficient_statistics``' sums."""
    mean_ss = _t(mean_ss)
    divisor = _elementwise.reciprocal(_arithmetic._as_tensor(counts, mean_ss))
    shifted_mean = _core_math.multiply(mean_ss, divisor)
    mean = (
        shifted_mean
        if shift is None
        else _core_math.add(shifted_mean, _arithmetic._as_tensor(shift, mean_ss))
    )
    variance = _core_math.subtract(
        _core_math.multiply(_t(variance_ss), divisor), _elementwise.square(shifted_mean)
    )
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None) -> Tensor:
    """``tf.nn.batch_normalization``: scale * (x - mean) / sqrt(variance + eps) + offset."""
    x = _t(x)
    variance = _arithmetic._as_tensor(variance, x)
    inv = _elementwise.rsqrt(
        _core_math.add(variance, _core_math._const_like(variance_epsilon, variance))
    )
    if scale is not None:
        inv = _core_math.multiply(inv, _arithmetic._as_tensor(scale, x))
    shift = _core_math.negative(_core_math.multiply(_arithmetic._as_tensor(mean, x), inv))
    if offset is not None:
        shift = _core_math.add(_arithmetic._as_tensor(offset, x), shift)
    return _core_math.add(
        _core_math.multiply(x, _core_math.cast(inv, x.dtype)), _core_math.cast(shift, x.dtype)
    )
