"""More of ``tf.math`` under TF's names: NaN-safe products and quotients (``xlogy``,
``xdivy``, ``multiply_no_nan``, ``reciprocal_no_nan``), ``erfc``, ``erfinv``, ``polyval``, ``rint``,
truncating division, ``scalar_mul``, ``accumulate_n``, ``reduce_euclidean_norm`` and
``cumulative_logsumexp``.

All but ``erfc`` (a primitive: 1 - erf(x) would lose every digit in the tail) are
composites of existing ops, so their derivatives of every order come from those.  The NaN-safe ones use the double-``where`` trick: the unsafe operand is
replaced *before* the division or log where the result is masked, so no NaN or inf reaches
a gradient (TF's gradients are 0 there too).
"""

from __future__ import annotations

import math as _pymath

from .._engine import backend as _backend
from .._engine.backend import array_helpers as _arrays
from .._engine.tensor import Tensor, TensorLike, to_raw
from .._messages import message
from ..errors import InternalError, InvalidArgumentError, NotFoundError
from . import (
    _core_math,
    _core_shape,
    _registry,
)
from . import arithmetic as _arithmetic
from . import comparison as _comparison
from . import elementwise as _elementwise
from . import indexing as _indexing
from . import reduction as _r
from . import shape as _shape
from ._core_shape import _t

_hostlib = _backend.host


def _pair(x, y):
    """Both operands as tensors of one dtype (a Python number takes the other's)."""
    if isinstance(x, TensorLike):
        return x, _arithmetic._as_tensor(y, x)
    if isinstance(y, TensorLike):
        return _arithmetic._as_tensor(x, y), y
    x = _t(x)
    return x, _arithmetic._as_tensor(y, x)


def _float_only(x: TensorLike, op: str) -> None:
    d = x.dtype
    if not (d.is_floating or d.is_complex):
        raise InvalidArgumentError(None, None, message("float_only", dtype=d.name, op=op))


# ---------------------------------------------------------------------------------------
# NaN-safe products and quotients


def xdivy(x, y, name=None) -> Tensor:
    """``tf.math.xdivy``: x / y, and 0 where x == 0 (also when y == 0; gradients 0 there)."""
    x, y = _pair(x, y)
    _float_only(x, "Xdivy")
    zero = _comparison.equal(x, 0)
    safe_y = _comparison.where(zero, _core_math.ones_like_const(y), y)
    return _comparison.where(zero, _core_math.zeros_like_const(x), _core_math.divide(x, safe_y))


def multiply_no_nan(x, y, name=None) -> Tensor:
    """``tf.math.multiply_no_nan``: x * y, and 0 where y == 0 even if x is inf or NaN.

    The gradient in y where y == 0 is x * g, as TF's (0 where x itself is not finite).
    """
    x, y = _pair(x, y)
    _float_only(x, "MulNoNan")
    bad = _comparison.logical_and(
        _comparison.equal(y, 0), _comparison.logical_not(_comparison.is_finite(x))
    )
    safe_x = _comparison.where(bad, _core_math.zeros_like_const(x), x)
    return _core_math.multiply(safe_x, y)


def reciprocal_no_nan(x, name=None) -> Tensor:
    """``tf.math.reciprocal_no_nan``: 1 / x, and 0 where x == 0 (gradient 0 there)."""
    x = _t(x)
    _float_only(x, "DivNoNan")
    return _arithmetic.divide_no_nan(_core_math._const_like(1, x), x)


# ---------------------------------------------------------------------------------------
# erfc: a primitive, because 1 - erf(x) loses every digit for large x


def _erfc_array(xp, x):
    """erfc to float64 accuracy: 1 - erf(|x|) for |x| < 3, else the continued fraction."""
    dt = x.dtype
    z = _arrays.astype(x, "float64")
    a = xp.abs(z)
    near = 1.0 - _elementwise._erf_array(xp, xp.minimum(a, 3.0))
    far = _elementwise._erfc_tail(xp, xp.maximum(a, 3.0))
    upper = xp.where(a < 3.0, near, far)  # erfc(|x|)
    r = xp.where(z < 0, 2.0 - upper, upper)
    return _arrays.astype(r, dt)


_erfc = _core_math._float_unary(  # d erfc x = −2/√π e^(−x²)
    "Erfc",
    _erfc_array,
    lambda g, ans, x: _core_math.multiply(
        g,
        _core_math.multiply(
            _core_math._const_like(-2.0 / _pymath.sqrt(_pymath.pi), x),
            _elementwise.exp(_core_math.negative(_elementwise.square(x))),
        ),
    ),
    reads=("inputs",),
    explain="−2/√π·exp(−{a}²)",
)


def erfc(x, name=None) -> Tensor:
    """``tf.math.erfc``: 1 - erf(x), accurate in the tails; d/dx = -2/sqrt(pi) exp(-x^2)."""
    return _registry.apply(_erfc, (_t(x),))


# Giles (2010), "Approximating the erfinv function": single-precision polynomials in
# w = -log(1 - y^2), a starting point that Newton's method on erfc then makes exact.
_ERFINV_CENTRAL = (
    2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
    -0.00125372503, -0.00417768164, 0.246640727, 1.50140941,
)  # fmt: skip
_ERFINV_TAIL = (
    -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
    -0.0076224613, 0.00943887047, 1.00167406, 2.83297682,
)  # fmt: skip


def _horner(coeffs, w):
    p = _core_math._const_like(coeffs[0], w)
    for c in coeffs[1:]:
        p = _core_math.add(_core_math._const_like(c, w), _core_math.multiply(p, w))
    return p


def erfinv(x, name=None) -> Tensor:
    """``tf.math.erfinv``: the inverse of erf on (-1, 1); +-inf at +-1, NaN outside.

    A composite: Giles' approximation, then four Newton steps on erf(t) - a, in the
    tails on log erfc(t) - log(1 - a), which converges from a rough start and keeps the
    digits there (TF's polynomial loses some: its erfinv(1 - 1e-12) is 1e-4 off in erfc).
    Differentiating through converged Newton steps gives sqrt(pi)/2 exp(erfinv(x)^2) and
    its derivatives (to about 1e-15 relative).
    """
    y = _t(x)
    _float_only(y, "Erfinv")
    if y.dtype.name == "float16":  # TF registers Erfinv for float32/float64 only
        raise NotFoundError(None, None, message("no_kernel", dtype="float16", op="Erfinv"))
    positive = _comparison.greater_equal(y, 0)
    a = _comparison.where(
        positive, y, _core_math.negative(y)
    )  # |y| with slope 1 at 0 (abs has 0 there)
    inside = _comparison.less(a, 1)
    a_safe = _comparison.where(inside, a, _core_math._const_like(0.5, a))  # the double-where trick
    w = _core_math.negative(
        _elementwise.log(
            _core_math.multiply(
                _core_math.subtract(_core_math._const_like(1, a), a_safe),
                _core_math.add(_core_math._const_like(1, a), a_safe),
            )
        )
    )
    central = _horner(_ERFINV_CENTRAL, _core_math.subtract(w, _core_math._const_like(2.5, w)))
    w_tail = _comparison.where(_comparison.less(w, 5), _core_math._const_like(25.0, w), w)
    tail = _horner(
        _ERFINV_TAIL, _core_math.subtract(_elementwise.sqrt(w_tail), _core_math._const_like(3.0, w))
    )
    t = _core_math.multiply(_comparison.where(_comparison.less(w, 5), central, tail), a_safe)
    one_minus_a = _core_math.subtract(_core_math._const_like(1, a), a_safe)
    log_one_minus_a = _elementwise.log(one_minus_a)
    tails = _comparison.greater_equal(w, 5)
    scale = _core_math._const_like(2.0 / _pymath.sqrt(_pymath.pi), t)
    for _ in range(4):
        c = erfc(t)
        slope = _core_math.multiply(
            scale, _elementwise.exp(_core_math.negative(_elementwise.square(t)))
        )  # erf'(t)
        linear = _core_math.divide(
            _core_math.subtract(_elementwise.erf(t), a_safe), slope
        )  # on erf(t) - a
        logged = _core_math.divide(
            _core_math.multiply(_core_math.subtract(log_one_minus_a, _elementwise.log(c)), c), slope
        )
        t = _core_math.subtract(
            t, _comparison.where(tails, logged, linear)
        )  # tails: on log erfc(t)
    edge = _comparison.where(
        _comparison.equal(a, 1),
        _core_math._const_like(_pymath.inf, a),
        _core_math._const_like(_pymath.nan, a),
    )
    value = _comparison.where(inside, t, edge)
    return _comparison.where(positive, value, _core_math.negative(value))


# ---------------------------------------------------------------------------------------
# rounding and truncating division


def rint(x, name=None) -> Tensor:
    """``tf.math.rint``: round half to even (floating dtypes only; no gradient, as in TF)."""
    x = _t(x)
    if not x.dtype.is_floating:
        raise InvalidArgumentError(None, None, message("float_only", dtype=x.dtype.name, op="Rint"))
    if x.dtype.name == "float16":  # TF registers Rint for float32/float64 only
        raise NotFoundError(None, None, message("no_kernel", dtype="float16", op="Rint"))
    return _elementwise.round(x)


def _check_int_divisor(y: TensorLike, op: str) -> None:
    if not y.dtype.is_integer:
        return
    _indexing._value_leaves_plan(y, "an integer divisor checked for zeros")
    if bool(_hostlib.any(_backend.to_host(y._value) == 0)):
        raise InternalError(None, None, message("integer_division_by_zero", op=op))


def truncatediv(x, y, name=None) -> Tensor:
    """``tf.truncatediv``: x / y rounded toward zero (C's integer division); no gradient."""
    x, y = _pair(x, y)
    _check_int_divisor(y, "TruncateDiv")
    sign = _core_math.multiply(_elementwise.sign(x), _elementwise.sign(y))
    if x.dtype.is_integer:
        out = _core_math.multiply(
            sign, _arithmetic.floordiv(_elementwise.abs(x), _elementwise.abs(y))
        )
    else:
        out = _core_math.multiply(
            sign, _elementwise.floor(_core_math.divide(_elementwise.abs(x), _elementwise.abs(y)))
        )
    return _core_shape.stop_gradient(out)


def truncatemod(x, y, name=None) -> Tensor:
    """``tf.truncatemod``: the remainder of ``truncatediv`` (sign of x, C's fmod); no gradient."""
    x, y = _pair(x, y)
    _check_int_divisor(y, "TruncateMod")
    if x.dtype.name == "float16":  # TF has no float16 TruncateMod kernel
        raise NotFoundError(None, None, message("no_kernel", dtype="float16", op="TruncateMod"))
    return _core_shape.stop_gradient(
        _core_math.multiply(
            _elementwise.sign(x), _arithmetic.floormod(_elementwise.abs(x), _elementwise.abs(y))
        )
    )


# ---------------------------------------------------------------------------------------
# sums, products and polynomials


def scalar_mul(scalar, x, name=None) -> Tensor:
    """``tf.scalar_mul``: scalar * x, where ``scalar`` must be 0-D (ValueError otherwise)."""
    x = _t(x)
    s = scalar if isinstance(scalar, TensorLike) else _arithmetic._as_tensor(scalar, x)
    if s.ndim != 0:
        raise ValueError(message("scalar_mul_shape", shape=tuple(s.shape)))
    return _core_math.multiply(s, x)


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None) -> Tensor:
    """``tf.math.accumulate_n``: the sum of tensors of one shape and dtype (TF: use add_n)."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError(message("accumulate_n_inputs"))
    ts = [_t(v) for v in inputs]
    first = ts[0]
    for t in ts[1:]:
        if tuple(t.shape) != tuple(first.shape):
            raise ValueError(message("shapes_incompatible", a=tuple(first.shape), b=tuple(t.shape)))
        if t.dtype != first.dtype:
            raise ValueError(message("accumulate_n_inputs"))
    if shape is not None and tuple(int(d) for d in shape) != tuple(first.shape):
        raise ValueError(
            message("shapes_incompatible", a=tuple(first.shape), b=tuple(int(d) for d in shape))
        )
    return _arithmetic.add_n(ts)


def polyval(coeffs, x, name=None) -> Tensor:
    """``tf.math.polyval``: coeffs[0] * x**(n-1) + ... + coeffs[-1], by Horner's rule."""
    if not isinstance(coeffs, (list, tuple)):
        raise ValueError(message("polyval_coeffs", type=f"<class '{type(coeffs).__name__}'>"))
    cs = [_t(c) for c in coeffs]  # each converted on its own, as TF does
    x = _t(x)
    if not cs:
        return _core_math.zeros_like_const(x)
    p = cs[0]
    for c in cs[1:]:
        p = _core_math.add(c, _core_math.multiply(p, x))
    return p


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_euclidean_norm``: sqrt(sum(x**2)); integers give TF's truncated root."""
    x = _t(input_tensor)
    if x.dtype.is_integer:
        total = _r.reduce_sum(
            _core_math.cast(_elementwise.square(x), "float64"), axis=axis, keepdims=keepdims
        )
        return _core_math.cast(_elementwise.sqrt(total), x.dtype)
    return _elementwise.sqrt(_r.reduce_sum(_elementwise.square(x), axis=axis, keepdims=keepdims))


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """``tf.math.cumulative_logsumexp``: log(cumsum(exp(x))), stable for any spread of values.

    Each output is a ``reduce_logsumexp`` over the entries it sums (a triangular mask on a
    square of the axis), so no running maximum is needed; exclusive outputs with nothing to
    sum are -inf, as in TF.
    """
    x = _t(x)
    _float_only(x, "CumulativeLogsumexp")
    if not isinstance(axis, int) and not (isinstance(axis, TensorLike) and axis.ndim == 0):
        raise ValueError(message("cumlse_axis", axis=axis))
    ax = int(_core_shape._host_ints(axis)[0])
    if not -x.ndim <= ax < max(x.ndim, 1):
        raise InvalidArgumentError(
            None, None, message("axis_range", axis=ax, ndim=x.ndim, op="CumulativeLogsumexp")
        )
    ax %= x.ndim
    n = int(x.shape[ax])
    i = _hostlib.arange(n)[:, None]
    j = _hostlib.arange(n)[None, :]
    keep = (j >= i) if reverse else (j <= i)
    if exclusive:
        keep &= j != i
    moved = _shape.transpose(x, [d for d in range(x.ndim) if d != ax] + [ax])  # (..., n)
    rows = _shape.expand_dims(moved, -2)  # (..., 1, n): row i sums the kept j
    mask = Tensor(to_raw(keep, like=x._value))
    neg_inf = _core_math._const_like(-_pymath.inf, rows)
    masked = _comparison.where(mask, rows, neg_inf)
    out = _r.reduce_logsumexp(masked, axis=-1)  # (..., n)
    back = list(range(x.ndim - 1))
    back.insert(ax, x.ndim - 1)
    return _shape.transpose(out, back)
