"""Reductions (mean, max, prod, logsumexp, std...), cumulative sums and products, argmax.
(``reduce_sum`` is a core op: ``_core_shape.py``.)"""

from __future__ import annotations

from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import BOOL, NUMBERS, REAL, as_dtype
from .._engine.tensor import Tensor, TensorLike, convert_to_tensor
from . import elementwise as _elementwise
from ._core_math import (
    _const_like,
    add,
    cast,
    divide,
    multiply,
    ones_like_const,
    subtract,
    zeros_like_const,
)
from ._core_shape import (
    _broadcast_back,
    _int_dtype,
    _numpy_reduction,
    _reduce,
    expand_reduced,
    normalize_axes,
    reduce_sum,
    reshape,
    stop_gradient,
)
from ._dtype_policy import check_dtype
from ._registry import (
    Emit,
    apply,
    batch_ndim,
    nondifferentiable,
    numpy_function,
    primitive,
)
from .arithmetic import floordiv
from .comparison import equal, is_finite, logical_and, logical_not, not_equal, where
from .elementwise import exp, log, sqrt, square


@primitive("Mean", dtypes=NUMBERS, guard_forward=False, reads=(), explain="1/n", codegen=Emit())
def _mean(xp, x, axes, keepdims):
    dt = _int_dtype(x)
    if dt is None:
        return xp.mean(x, axis=axes, keepdims=keepdims)
    # TF: an integer mean is the integer sum divided by the count, truncated toward 0
    total = xp.sum(x, axis=axes, keepdims=keepdims, dtype=dt)
    n = 1
    for a in axes:
        n *= x.shape[a]
    n = max(n, 1)
    return xp.where(total >= 0, total // n, -((-total) // n))


def _mean_vjp(g, ans, x, axes, keepdims):
    n = 1
    for a in axes:
        n *= x._value.shape[a]
    # divide the reduced gradient, then broadcast: n times less arithmetic, same values
    return _broadcast_back(divide(g, _const_like(max(n, 1), g)), ans, x, axes, keepdims)


# d mean(x) = 1/n: ḡ/n broadcast back
_mean.defvjp(_mean_vjp)


@primitive("Max", dtypes=REAL, guard_forward=False, explain="[{a} = max] / ties")
def _max(xp, x, axes, keepdims):
    return xp.max(x, axis=axes, keepdims=keepdims)


@primitive("Min", dtypes=REAL, guard_forward=False, explain="[{a} = min] / ties")
def _min(xp, x, axes, keepdims):
    return xp.min(x, axis=axes, keepdims=keepdims)


@nondifferentiable("ExtremumShare")
def _extremum_share(xp, x, ans, axes, keepdims):
    """1/k at each of the k tied extrema along ``axes``, 0 elsewhere (a constant mask)."""
    y = (
        ans
        if keepdims
        else xp.reshape(ans, tuple(1 if i in axes else d for i, d in enumerate(x.shape)))
    )
    hits = _arrays.astype(x == y, x.dtype)
    return hits / xp.sum(hits, axis=axes, keepdims=True)


def _extremum_vjp(g, ans, x, axes, keepdims):
    # TF: the gradient is shared equally between tied extrema.
    share = apply(_extremum_share, (x, ans), {"axes": axes, "keepdims": keepdims})
    return multiply(share, expand_reduced(g, ans, x, axes, keepdims))


# ḡ shared equally by the tied maxima
_max.defvjp(_extremum_vjp)
# ḡ shared equally by the tied minima
_min.defvjp(_extremum_vjp)


@primitive("Prod", dtypes=NUMBERS, guard_forward=False, explain="product of the other factors")
def _prod(xp, x, axes, keepdims):
    return xp.prod(x, axis=axes, keepdims=keepdims, dtype=_int_dtype(x))


def _prod_vjp(g, ans, x, axes, keepdims):
    # d prod / d x_i = product of the others; exact with zeros among the factors.
    nonzero = not_equal(x, 0)
    zero_count = reduce_sum(cast(logical_not(nonzero), "int32"), axis=axes, keepdims=True)
    safe = where(nonzero, x, ones_like_const(x))
    p_nonzero = reduce_prod(safe, axis=axes, keepdims=True)
    lone_zero = logical_and(equal(zero_count, 1), logical_not(nonzero))
    others = where(
        equal(zero_count, 0),
        divide(p_nonzero, safe),
        where(lone_zero, p_nonzero, zeros_like_const(x)),
    )
    return multiply(others, expand_reduced(g, ans, x, axes, keepdims))


# d Πx / dxᵢ = the product of the others (exact with zeros)
_prod.defvjp(_prod_vjp)


@nondifferentiable("Any", dtypes=BOOL, guard_forward=False)
def _any(xp, x, axes, keepdims):
    return xp.any(x, axis=axes, keepdims=keepdims)


@nondifferentiable("All", dtypes=BOOL, guard_forward=False)
def _all(xp, x, axes, keepdims):
    return xp.all(x, axis=axes, keepdims=keepdims)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_mean``: the mean over ``axis``; an integer mean truncates toward 0, as in TF."""
    __tracebackhide__ = True
    x = input_tensor
    if isinstance(x, TensorLike) and x.dtype.is_integer:
        return _reduce(_mean, x, axis, keepdims)  # int sum / count, truncated toward 0 (TF)
    if isinstance(x, TensorLike) and not x.dtype.is_floating:
        s = reduce_sum(x, axis, keepdims)
        axes = normalize_axes(axis, x.ndim)
        n = 1
        for a in axes:
            n *= x._value.shape[a]
        return floordiv(s, max(n, 1))
    return _reduce(_mean, x, axis, keepdims)


def reduce_max(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_max``: the maximum over ``axis`` (ties share the gradient)."""
    __tracebackhide__ = True
    return _reduce(_max, input_tensor, axis, keepdims)


def reduce_min(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_min``: the minimum over ``axis`` (ties share the gradient)."""
    __tracebackhide__ = True
    return _reduce(_min, input_tensor, axis, keepdims)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_prod``: the product over ``axis`` (exact gradient with zeros among the factors)."""
    __tracebackhide__ = True
    return _reduce(_prod, input_tensor, axis, keepdims)


def reduce_any(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_any``: logical or over ``axis``, for booleans."""
    return _reduce(_any, input_tensor, axis, keepdims)


def reduce_all(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_all``: logical and over ``axis``, for booleans."""
    return _reduce(_all, input_tensor, axis, keepdims)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """log(sum(exp(x))) computed stably; the max shift is a constant, as in TF."""
    x = input_tensor
    raw_max = reduce_max(x, axis=axis, keepdims=True)
    finite = is_finite(raw_max)
    shift = stop_gradient(where(finite, raw_max, zeros_like_const(raw_max)))
    result = add(log(reduce_sum(exp(subtract(x, shift)), axis=axis, keepdims=True)), shift)
    if not keepdims:
        axes = normalize_axes(axis, x.ndim)
        result = reshape(result, tuple(d for i, d in enumerate(x.shape) if i not in axes))
    return result


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_variance``: the mean squared deviation from the mean over ``axis``."""
    x = input_tensor
    mean = reduce_mean(x, axis=axis, keepdims=True)
    return reduce_mean(square(_elementwise.abs(subtract(x, mean))), axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_std``: the square root of ``reduce_variance``."""
    return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def count_nonzero(input, axis=None, keepdims=None, dtype="int64", name=None) -> Tensor:
    """``tf.math.count_nonzero``: the number of nonzero entries over ``axis``."""
    nz = cast(not_equal(input, 0), dtype)
    return reduce_sum(nz, axis=axis, keepdims=bool(keepdims))


@primitive(
    "Cumsum",
    dtypes=NUMBERS,
    guard_forward=False,
    reads=(),
    explain="1 (ḡ summed back from the later outputs)",
)
def _cumsum(xp, x, axis, exclusive, reverse):
    if reverse:
        x = xp.flip(x, axis=axis)
    if exclusive:
        out = xp.cumulative_sum(x, axis=axis, include_initial=True, dtype=_int_dtype(x))
        n = x.shape[axis]
        idx = [slice(None)] * x.ndim
        idx[axis] = slice(0, n)
        out = out[tuple(idx)]
    else:
        out = xp.cumulative_sum(x, axis=axis, dtype=_int_dtype(x))
    if reverse:
        out = xp.flip(out, axis=axis)
    return out


def _cumsum_vjp(g, ans, x, axis, exclusive, reverse):
    nb = batch_ndim(g, ans)
    return apply(_cumsum, (g,), {"axis": axis + nb, "exclusive": exclusive, "reverse": not reverse})


# ḡ summed from the later outputs: a cumsum in the other direction
_cumsum.defvjp(_cumsum_vjp)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """``tf.math.cumsum``: running sums along ``axis`` (``exclusive``, ``reverse`` as in TF)."""
    __tracebackhide__ = True
    if not isinstance(x, TensorLike):
        x = convert_to_tensor(x)
    check_dtype(_cumsum, x._value)
    (ax,) = normalize_axes(int(axis), x.ndim, "Cumsum")
    return apply(
        _cumsum, (x,), {"axis": ax, "exclusive": bool(exclusive), "reverse": bool(reverse)}
    )


@nondifferentiable("ArgMax")
def _argmax(xp, x, axis, dtype):
    return _arrays.astype(xp.argmax(x, axis=axis), dtype)


@nondifferentiable("ArgMin")
def _argmin(xp, x, axis, dtype):
    return _arrays.astype(xp.argmin(x, axis=axis), dtype)


def _index_along(prim, input, axis, output_type) -> Tensor:
    (ax,) = normalize_axes(0 if axis is None else axis, input.ndim, prim.name)
    return apply(prim, (input,), {"axis": ax, "dtype": as_dtype(output_type).name})


def argmax(input, axis=None, output_type="int64", name=None) -> Tensor:
    """``tf.math.argmax``: the index of the largest entry along ``axis`` (no gradient)."""
    return _index_along(_argmax, input, axis, output_type)


def argmin(input, axis=None, output_type="int64", name=None) -> Tensor:
    """``tf.math.argmin``: the index of the smallest entry along ``axis`` (no gradient)."""
    return _index_along(_argmin, input, axis, output_type)


@primitive("Cumprod", dtypes=NUMBERS, explain="Σ over later outputs of {y}/{a}")
def _cumprod(xp, x, axis, exclusive, reverse):
    if reverse:
        x = xp.flip(x, axis=axis)
    out = _arrays.cumulative_prod(xp, x, axis)
    if exclusive:  # shift by one: a leading 1, the last product dropped
        n = x.shape[axis]
        head = [slice(None)] * x.ndim
        head[axis] = slice(0, 1)
        body = [slice(None)] * x.ndim
        body[axis] = slice(0, max(n - 1, 0))
        out = xp.concat([xp.ones_like(x[tuple(head)]), out[tuple(body)]], axis=axis)
    if reverse:
        out = xp.flip(out, axis=axis)
    return out


def _cumprod_vjp(g, ans, x, axis, exclusive, reverse):
    # TF's rule: cumsum(ans * g) in the other direction, over x (x must have no zeros)
    nb = batch_ndim(g, ans)
    flow = apply(
        _cumsum,
        (multiply(ans, g),),
        {"axis": axis + nb, "exclusive": exclusive, "reverse": not reverse},
    )
    return divide(flow, x)


# x̄ = reverse cumsum(y·ḡ) / x (TF's rule; x without zeros)
_cumprod.defvjp(_cumprod_vjp)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """Cumulative product along ``axis`` (``exclusive``: starting from 1)."""
    __tracebackhide__ = True
    if not isinstance(x, TensorLike):
        x = convert_to_tensor(x)
    (ax,) = normalize_axes(int(axis), x.ndim, "Cumprod")
    return apply(
        _cumprod, (x,), {"axis": ax, "exclusive": bool(exclusive), "reverse": bool(reverse)}
    )


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


def _numpy_moment(fn):
    def call(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
        if ddof:
            return NotImplemented
        return fn(a, axis=axis, keepdims=bool(keepdims))

    return call


def _numpy_cumulative(fn):
    def call(a, axis=None, dtype=None, out=None):
        return fn(a if axis is not None else reshape(a, (-1,)), 0 if axis is None else axis)

    return call


numpy_function("mean", _numpy_reduction(reduce_mean))
numpy_function("max", _numpy_reduction(reduce_max))
numpy_function("min", _numpy_reduction(reduce_min))
numpy_function("amax", _numpy_reduction(reduce_max))
numpy_function("amin", _numpy_reduction(reduce_min))
numpy_function("prod", _numpy_reduction(reduce_prod))
numpy_function("std", _numpy_moment(reduce_std))
numpy_function("var", _numpy_moment(reduce_variance))
numpy_function("cumsum", _numpy_cumulative(cumsum))
numpy_function("cumprod", _numpy_cumulative(cumprod))
