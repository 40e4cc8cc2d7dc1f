"""Unary elementwise math: abs, sign, powers and roots, exp and log, sigmoid, softplus,
erf, rounding.  Gradient rules follow TensorFlow's at kinks (abs'(0) = 0)."""

from __future__ import annotations

import math as _pymath

from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import COMPLEX, FLOATING, NUMBERS, SIGNED
from .._engine.tensor import Tensor
from ._core_math import (
    _READS_X,
    _READS_Y,
    _const_like,
    _float_unary,
    _nondiff_unary,
    _unary,
    add,
    divide,
    multiply,
    negative,
    subtract,
    zeros_like_const,
)
from ._registry import Emit, apply, numpy_ufunc, primitive

_abs = _unary(  # d|x| = sign(x)
    "Abs",
    lambda xp, x: xp.abs(x),
    lambda g, ans, x: multiply(g, sign(x)),
    reads=_READS_X,
    dtypes=SIGNED | FLOATING | COMPLEX,
    explain="sign({a})",
    codegen=Emit("_np.abs({0})", ufunc="absolute"),
)
_sign = _unary(  # d sign(x) = 0 (almost everywhere)
    "Sign", lambda xp, x: xp.sign(x), lambda g, ans, x: zeros_like_const(g), explain="0"
)
_square = _unary(  # d x² = 2x
    "Square",
    lambda xp, x: x * x,
    lambda g, ans, x: multiply(g, multiply(x, 2.0)),
    reads=_READS_X,
    dtypes=NUMBERS,
    explain="2·{a}",
    codegen=Emit("{0} * {0}"),
)


@primitive("SqrtGrad", dtype_args=(0, 1), broadcasts=True, explain=("−{b}/(2·{a}²)", "1/(2·{a})"))
def _sqrt_grad(xp, y, dy):
    """0.5 * dy / y, and 0 where dy is 0 (TF's SqrtGrad kernel: no NaN at y = 0).

    The zeroing is a kernel detail, not part of the math: the op has its own rule (TF's
    SqrtGradGrad), so derivatives with respect to ``dy`` stay exact where ``dy`` is 0.
    """
    q = (dy * 0.5) / y
    return xp.where(dy == 0, xp.zeros_like(q), q)


# SqrtGrad(y, dy) = dy/(2y): its own rule (TF's SqrtGradGrad)
_sqrt_grad.defvjp(
    # d/dy (0.5 dy / y) = -out / y;  d/d(dy) = 0.5 / y (TF's _SqrtGradGrad)
    lambda gg, ans, y, dy: negative(divide(multiply(gg, ans), y)),
    lambda gg, ans, y, dy: divide(multiply(gg, _const_like(0.5, y)), y),
)
_sqrt = _float_unary(  # d√x = 1/(2√x), from the output (TF's SqrtGrad)
    "Sqrt",
    lambda xp, x: xp.sqrt(x),
    lambda g, ans, x: apply(_sqrt_grad, (ans, g)),
    reads=_READS_Y,
    explain="1/(2·√{a})",
    codegen=Emit("_np.sqrt({0})", ufunc="sqrt"),
)
_rsqrt = _float_unary(  # d x^(-1/2) = -½ y³
    "Rsqrt",
    lambda xp, x: 1 / xp.sqrt(x),
    lambda g, ans, x: multiply(g, multiply(_const_like(-0.5, ans), multiply(ans, square(ans)))),
    reads=_READS_Y,
    explain="−½·{a}^(−3/2)",
)
_exp = _float_unary(  # d eˣ = eˣ = y
    "Exp",
    lambda xp, x: xp.exp(x),
    lambda g, ans, x: multiply(g, ans),
    reads=_READS_Y,
    explain="exp({a}) = {y}",
    codegen=Emit("_np.exp({0})", ufunc="exp"),
)
_log = _float_unary(  # d ln x = 1/x
    "Log",
    lambda xp, x: xp.log(x),
    lambda g, ans, x: divide(g, x),
    reads=_READS_X,
    explain="1/{a}",
    codegen=Emit("_np.log({0})", ufunc="log"),
)
_log1p = _float_unary(  # d ln(1+x) = 1/(1+x)
    "Log1p",
    lambda xp, x: xp.log1p(x),
    lambda g, ans, x: divide(g, add(x, 1)),
    reads=_READS_X,
    explain="1/(1+{a})",
)
_expm1 = _float_unary(  # d (eˣ − 1) = eˣ
    "Expm1", lambda xp, x: xp.expm1(x), lambda g, ans, x: multiply(g, exp(x)), explain="exp({a})"
)


_reciprocal = _unary(  # d (1/x) = −1/x² = −y²
    "Reciprocal",
    lambda xp, x: 1 / x,
    lambda g, ans, x: negative(multiply(g, square(ans))),
    reads=_READS_Y,
    dtypes=FLOATING | COMPLEX,
    no_kernel=SIGNED,  # TF's op takes integers, but no CPU kernel does
    explain="−1/{a}²",
)


def _sigmoid_fwd(xp, x):
    # exp of a negative number only, so large |x| never overflows
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


_sigmoid = _float_unary(  # d σ(x) = y (1 − y)
    "Sigmoid",
    _sigmoid_fwd,
    lambda g, ans, x: multiply(g, multiply(ans, subtract(1, ans))),
    reads=_READS_Y,
    explain="σ({a})·(1 − σ({a}))",
)


def _softplus_fwd(xp, x):
    return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))


_softplus = _float_unary(  # d ln(1 + eˣ) = σ(x)
    "Softplus", _softplus_fwd, lambda g, ans, x: multiply(g, sigmoid(x)), explain="σ({a})"
)

_TWO_OVER_SQRT_PI = 2.0 / _pymath.sqrt(_pymath.pi)


def _erf_fwd(xp, x):
    return _erf_array(xp, x)


_erf = _float_unary(  # d erf x = 2/√π e^(−x²)
    "Erf",
    _erf_fwd,
    lambda g, ans, x: multiply(
        g, multiply(_const_like(_TWO_OVER_SQRT_PI, x), exp(negative(square(x))))
    ),
    explain="2/√π·exp(−{a}²)",
)


def _erfc_tail(xp, a):
    """erfc(a) for a >= 3 (float64) by its continued fraction; erf and erfc share it."""
    f = a
    for k in range(60, 0, -1):
        f = a + (k / 2.0) / f
    return xp.exp(-a * a) / (_pymath.sqrt(_pymath.pi) * f)


def _erf_array(xp, x):
    """erf to float64 accuracy with Array API ops only (the standard has no erf).

    |x| < 3: erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!  (positive terms)
    |x| >= 3: erfc by its continued fraction, erf = 1 - erfc.
    """
    dt = x.dtype
    z = _arrays.astype(x, "float64")
    a = xp.abs(z)
    small = xp.minimum(a, 3.0)
    x2 = small * small
    term = small
    total = small
    for n in range(60):
        term = term * (2.0 * x2) / (2 * n + 3)
        total = total + term
    series = _TWO_OVER_SQRT_PI * xp.exp(-x2) * total
    cf = 1.0 - _erfc_tail(xp, xp.maximum(a, 3.0))
    r = xp.where(a < 3.0, series, cf)
    r = xp.where(z < 0, -r, r)
    return _arrays.astype(r, dt)


@numpy_ufunc("absolute", "fabs")
def abs(x, name=None) -> Tensor:
    """``tf.math.abs``: |x|, elementwise."""
    __tracebackhide__ = True
    return apply(_abs, (x,))


@numpy_ufunc("sign")
def sign(x, name=None) -> Tensor:
    """``tf.math.sign``: -1, 0 or 1 by the sign of x."""
    return apply(_sign, (x,))


@numpy_ufunc("square")
def square(x, name=None) -> Tensor:
    """``tf.math.square``: x², elementwise."""
    return apply(_square, (x,))


@numpy_ufunc("sqrt")
def sqrt(x, name=None) -> Tensor:
    """``tf.math.sqrt``: √x, elementwise."""
    return apply(_sqrt, (x,))


def rsqrt(x, name=None) -> Tensor:
    """``tf.math.rsqrt``: 1/√x, elementwise."""
    return apply(_rsqrt, (x,))


@numpy_ufunc("exp")
def exp(x, name=None) -> Tensor:
    """``tf.math.exp``: eˣ, elementwise."""
    return apply(_exp, (x,))


@numpy_ufunc("log")
def log(x, name=None) -> Tensor:
    """``tf.math.log``: the natural logarithm, elementwise."""
    return apply(_log, (x,))


@numpy_ufunc("log1p")
def log1p(x, name=None) -> Tensor:
    """``tf.math.log1p``: ln(1 + x), accurate for small x."""
    return apply(_log1p, (x,))


@numpy_ufunc("expm1")
def expm1(x, name=None) -> Tensor:
    """``tf.math.expm1``: eˣ - 1, accurate for small x."""
    return apply(_expm1, (x,))


@numpy_ufunc("reciprocal")
def reciprocal(x, name=None) -> Tensor:
    """``tf.math.reciprocal``: 1/x, elementwise."""
    return apply(_reciprocal, (x,))


def sigmoid(x, name=None) -> Tensor:
    """``tf.math.sigmoid``: 1 / (1 + e⁻ˣ), computed without overflow."""
    return apply(_sigmoid, (x,))


def softplus(features, name=None) -> Tensor:
    """``tf.math.softplus``: ln(1 + eˣ), computed without overflow."""
    return apply(_softplus, (features,))


def erf(x, name=None) -> Tensor:
    """``tf.math.erf``: the error function, elementwise."""
    return apply(_erf, (x,))


def log_sigmoid(x, name=None) -> Tensor:
    """``tf.math.log_sigmoid``: ln σ(x) = -softplus(-x)."""
    return negative(softplus(negative(x)))


_floor = _nondiff_unary("Floor", lambda xp, x: xp.floor(x), FLOATING)
_ceil = _nondiff_unary("Ceil", lambda xp, x: xp.ceil(x), FLOATING)
_round = _nondiff_unary("Round", lambda xp, x: xp.round(x), SIGNED | FLOATING | COMPLEX)


@numpy_ufunc("floor")
def floor(x, name=None) -> Tensor:
    """``tf.math.floor``: the largest integer not above x (no gradient)."""
    return apply(_floor, (x,))


@numpy_ufunc("ceil")
def ceil(x, name=None) -> Tensor:
    """``tf.math.ceil``: the smallest integer not below x (no gradient)."""
    return apply(_ceil, (x,))


@numpy_ufunc("rint")
def round(x, name=None) -> Tensor:
    """``tf.math.round``: x rounded to the nearest integer, halves to even (no gradient)."""
    return apply(_round, (x,))
