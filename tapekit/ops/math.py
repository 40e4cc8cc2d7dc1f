"""Elementwise math: forward on raw arrays and gradient rule, side by side.

Gradient rules follow TensorFlow's at kinks (relu'(0) = 0, abs'(0) = 0, ties of
``maximum`` go to the first argument) and are written with tapekit ops, so they can be
differentiated again.
"""

from __future__ import annotations

import math as _pymath

from .. import _backend
from .._dtypes import BOOL, COMPLEX, FLOATING, NUMBERS, REAL, SIGNED, as_dtype
from .._tensor import Tensor, _TensorLike, dtype_of
from ..errors import InvalidArgumentError
from . import _registry
from . import array as _a  # noqa: E402  (cyclic: used inside rules only)
from . import reduction as _r  # noqa: E402
from ._registry import Emit, apply, nondifferentiable, numpy_function, numpy_ufunc, primitive

_np = _backend.np


def _const_like(value, like: Tensor) -> Tensor:
    """A constant (never recorded) with ``like``'s dtype and device."""
    v = like._value
    xp = _backend.namespace_of(v)
    if xp is _np:
        return Tensor(_np.asarray(value, dtype=v.dtype))
    return Tensor(xp.asarray(value, dtype=v.dtype, device=_backend.device_of(v)))


def unbroadcast(g: Tensor, x: Tensor, ans: Tensor) -> Tensor:
    """Sum ``g`` (shaped like ``ans``, plus leading batch axes) down to ``x``'s shape."""
    gs = g._value.shape
    xs = x._value.shape
    if gs == xs:
        return g
    nb = len(gs) - len(ans._value.shape)
    target = tuple(gs[:nb]) + tuple(xs)
    if tuple(gs) == target:
        return g
    lead = len(gs) - len(target)
    axes = list(range(nb, nb + lead))
    for i in range(nb, len(target)):
        if target[i] == 1 and gs[i + lead] != 1:
            axes.append(i + lead)
    # straight to the primitive: the axes are already normalized (and reduce_sum's checks
    # cost more than a small sum when caches are cold, right after a large kernel)
    out = apply(_r._sum, (g,), {"axes": tuple(axes), "keepdims": False}) if axes else g
    if tuple(out._value.shape) != target:
        out = _a.reshape(out, target)
    return out


# ---------------------------------------------------------------------------------------
# binary arithmetic


@primitive(
    "AddV2", broadcasts=True, reads=(), explain=("1", "1"), codegen=Emit("{0} + {1}", ufunc="add")
)
def _add(xp, x, y):
    return x + y


# d(x + y) = dx + dy: ḡ to both, summed to each input's shape
_add.defvjp(
    lambda g, ans, x, y: g if g._value.shape == x._value.shape else unbroadcast(g, x, ans),
    lambda g, ans, x, y: g if g._value.shape == y._value.shape else unbroadcast(g, y, ans),
)


@primitive(
    "Sub",
    broadcasts=True,
    reads=(),
    explain=("1", "−1"),
    codegen=Emit("{0} - {1}", ufunc="subtract"),
)
def _sub(xp, x, y):
    return x - y


# d(x - y) = dx - dy
_sub.defvjp(
    lambda g, ans, x, y: g if g._value.shape == x._value.shape else unbroadcast(g, x, ans),
    lambda g, ans, x, y: unbroadcast(negative(g), y, ans),
)


@primitive(
    "Mul",
    broadcasts=True,
    reads=("inputs",),
    explain=("{b}", "{a}"),
    codegen=Emit("{0} * {1}", ufunc="multiply"),
)
def _mul(xp, x, y):
    return x * y


# d(xy) = y dx + x dy
_mul.defvjp(
    lambda g, ans, x, y: unbroadcast(multiply(g, y), x, ans),
    lambda g, ans, x, y: unbroadcast(multiply(x, g), y, ans),
)


@primitive(
    "RealDiv",
    broadcasts=True,
    explain=("1/{b}", "−{a}/{b}²"),
    codegen=Emit("{0} / {1}", ufunc="true_divide"),
)
def _div(xp, x, y):
    return x / y


# d(x/y) = dx/y - (x/y²) dy
_div.defvjp(
    lambda g, ans, x, y: unbroadcast(divide(g, y), x, ans),
    lambda g, ans, x, y: unbroadcast(negative(multiply(g, divide(ans, y))), y, ans),
)


@primitive("Pow", broadcasts=True, dtypes=NUMBERS, explain=("{b}·{a}^({b}−1)", "{a}^{b}·ln {a}"))
def _pow(xp, x, y):
    return x**y


def _pow_vjp_x(g, ans, x, y):
    return unbroadcast(multiply(g, multiply(y, pow(x, subtract(y, 1)))), x, ans)


def _pow_vjp_y(g, ans, x, y):
    # TF: log(x) is taken as 0 where x <= 0, so the exponent's gradient stays finite.
    positive = greater(x, 0)
    safe_x = where(positive, x, ones_like_const(x))
    log_x = where(positive, log(safe_x), zeros_like_const(x))
    return unbroadcast(multiply(g, multiply(ans, log_x)), y, ans)


# d xʸ = y xʸ⁻¹ dx + xʸ ln x dy
_pow.defvjp(_pow_vjp_x, _pow_vjp_y)


@primitive(
    "Maximum",
    broadcasts=True,
    reads=("inputs",),
    dtypes=REAL,
    explain=("[{a} ≥ {b}]", "[{b} > {a}]"),
    codegen=Emit("_np.maximum({0}, {1})", ufunc="maximum"),
)
def _maximum(xp, x, y):
    return xp.maximum(x, y)


@primitive(
    "Minimum",
    broadcasts=True,
    reads=("inputs",),
    dtypes=REAL,
    explain=("[{a} ≤ {b}]", "[{b} < {a}]"),
    codegen=Emit("_np.minimum({0}, {1})", ufunc="minimum"),
)
def _minimum(xp, x, y):
    return xp.minimum(x, y)


def _select_vjps(compare):
    # TF: the first argument takes the gradient on ties (x >= y for max, x <= y for min).
    def vx(g, ans, x, y):
        mask = compare(x, y)
        return unbroadcast(where(mask, g, zeros_like_const(g)), x, ans)

    def vy(g, ans, x, y):
        mask = compare(x, y)
        return unbroadcast(where(mask, zeros_like_const(g), g), y, ans)

    return vx, vy


# [x ≥ y] dx + [y > x] dy
_maximum.defvjp(*_select_vjps(lambda x, y: greater_equal(x, y)))
# [x ≤ y] dx + [y < x] dy
_minimum.defvjp(*_select_vjps(lambda x, y: less_equal(x, y)))


def _no_integer_zero(xp, y, op):
    """TF's integer division kernels refuse a zero divisor (NumPy gives 0 and warns)."""
    if "int" in _backend.numpy_dtype_name(y) and bool(xp.any(y == 0)):
        raise InvalidArgumentError(None, None, _registry.message("integer_division_by_zero", op=op))


@primitive("FloorMod", broadcasts=True, dtypes=REAL, explain=("1", "−floor({a}/{b})"))
def _floormod(xp, x, y):
    _no_integer_zero(xp, y, "FloorMod")
    return xp.remainder(x, y)


# x mod y = x - floor(x/y)·y: dx - floor(x/y) dy
_floormod.defvjp(
    lambda g, ans, x, y: unbroadcast(g, x, ans),
    lambda g, ans, x, y: unbroadcast(multiply(g, negative(floor(divide(x, y)))), y, ans),
)


@nondifferentiable("FloorDiv", broadcasts=True)
def _floordiv(xp, x, y):
    _no_integer_zero(xp, y, "FloorDiv")
    return xp.floor_divide(x, y)


@primitive(
    "Atan2", broadcasts=True, dtypes=FLOATING, explain=("{b}/({a}² + {b}²)", "−{a}/({a}² + {b}²)")
)
def _atan2(xp, y, x):
    return xp.atan2(y, x)


def _atan2_common(y, x):
    return reciprocal(add(square(x), square(y)))


# d atan2(y, x) = (x dy - y dx) / (x² + y²)
_atan2.defvjp(
    lambda g, ans, y, x: unbroadcast(multiply(g, multiply(x, _atan2_common(y, x))), y, ans),
    lambda g, ans, y, x: unbroadcast(
        multiply(g, multiply(negative(y), _atan2_common(y, x))), x, ans
    ),
)


@primitive(
    "Xlogy",
    broadcasts=True,
    dtypes=FLOATING | COMPLEX,
    reads=("inputs",),
    explain=("ln {b} (0 where {a} = 0)", "{a}/{b} (0 where {a} = 0)"),
)
def _xlogy(xp, x, y):
    """x·ln(y), and 0 wherever x is 0 (even where y is 0: no NaN from 0·ln 0)."""
    zero = x == 0  # ln of y never taken there (no 0·ln 0 = NaN, no warning)
    y = xp.where(zero, xp.ones_like(y), y)
    return xp.where(zero, xp.zeros_like(x), x * xp.log(y))


def _xdivy(x, y):
    """x / y, and 0 where x is 0 (y replaced by 1 there, so no derivative sees 0/0)."""
    zero = equal(x, 0)
    return where(zero, zeros_like_const(x), divide(x, where(zero, ones_like_const(y), y)))


# d(x ln y) = ln y dx + (x/y) dy, both 0 where x = 0 (TF's _XLogyGrad)
_xlogy.defvjp(
    lambda g, ans, x, y: unbroadcast(
        multiply(g, apply(_xlogy, (cast(not_equal(x, 0), x.dtype), y))), x, ans
    ),
    lambda g, ans, x, y: unbroadcast(multiply(g, _xdivy(x, y)), y, ans),
)


@numpy_ufunc("add")
def add(x, y, name=None) -> Tensor:
    """``tf.math.add``: x + y, elementwise with broadcasting."""
    __tracebackhide__ = True
    return apply(_add, (x, y))


@numpy_ufunc("subtract")
def subtract(x, y, name=None) -> Tensor:
    """``tf.math.subtract``: x - y, elementwise with broadcasting."""
    __tracebackhide__ = True
    return apply(_sub, (x, y))


@numpy_ufunc("multiply")
def multiply(x, y, name=None) -> Tensor:
    """``tf.math.multiply``: x * y, elementwise with broadcasting."""
    __tracebackhide__ = True
    return apply(_mul, (x, y))


def _float_for_int(x, y):
    """TF's truediv: integer tensors are cast to float first (int32 -> float64)."""
    d = x.dtype if isinstance(x, _TensorLike) else (y.dtype if isinstance(y, _TensorLike) else None)
    if d is not None and (d.is_integer or d.is_bool):
        if d.is_bool:  # TF: no true division of booleans
            raise TypeError(_registry.message("truediv_dtype", dtype=d.name))
        target = "float32" if d.size <= 2 else "float64"
        x = cast(x, target) if isinstance(x, _TensorLike) else _const_of(x, target)
        y = cast(y, target) if isinstance(y, _TensorLike) else _const_of(y, target)
    return x, y


def _const_of(value, dtype):
    from .._tensor import to_raw  # noqa: PLC0415

    return Tensor(to_raw(value, as_dtype(dtype)))


@numpy_ufunc("divide", "true_divide")
def divide(x, y, name=None) -> Tensor:
    """``tf.math.divide``: x / y; integers are divided as floats (TF's truediv)."""
    __tracebackhide__ = True
    x, y = _float_for_int(x, y)
    return apply(_div, (x, y))


truediv = divide
realdiv = divide


@numpy_ufunc("floor_divide")
def floordiv(x, y, name=None) -> Tensor:
    """``tf.math.floordiv``: x // y, rounded toward minus infinity (no gradient)."""
    __tracebackhide__ = True
    return apply(_floordiv, (x, y))


floor_div = floordiv


@numpy_ufunc("remainder")
def floormod(x, y, name=None) -> Tensor:
    """``tf.math.floormod``: the remainder of floor division, with the divisor's sign."""
    __tracebackhide__ = True
    return apply(_floormod, (x, y))


mod = floormod


@numpy_ufunc("power", "float_power")
def pow(x, y, name=None) -> Tensor:  # noqa: A001  (TF's name)
    """``tf.math.pow``: x ** y, elementwise."""
    __tracebackhide__ = True
    if type(y) is int and y == 2 and isinstance(x, _TensorLike):
        return apply(_square, (x,))  # same value; a cheaper op and gradient rule
    return apply(_pow, (x, y))


@numpy_ufunc("maximum", "fmax")
def maximum(x, y, name=None) -> Tensor:
    """``tf.math.maximum``: the larger of x and y, elementwise (ties: the gradient goes to x)."""
    __tracebackhide__ = True
    return apply(_maximum, (x, y))


@numpy_ufunc("minimum", "fmin")
def minimum(x, y, name=None) -> Tensor:
    """``tf.math.minimum``: the smaller of x and y, elementwise (ties: the gradient goes to x)."""
    __tracebackhide__ = True
    return apply(_minimum, (x, y))


@numpy_ufunc("arctan2")
def atan2(y, x, name=None) -> Tensor:
    """``tf.math.atan2``: the angle of the point (x, y), elementwise."""
    __tracebackhide__ = True
    return apply(_atan2, (y, x))


def xlogy(x, y, name=None) -> Tensor:
    """``tf.math.xlogy``: x·ln(y), and 0 where x is 0 (entropies with zero probabilities)."""
    __tracebackhide__ = True
    return apply(_xlogy, (x, y))


def squared_difference(x, y, name=None) -> Tensor:
    """``tf.math.squared_difference``: (x - y)², elementwise."""
    return square(subtract(x, y))


def divide_no_nan(x, y, name=None) -> Tensor:
    """``tf.math.divide_no_nan``: x / y, and 0 where y is 0."""
    y = _as_tensor(y, x)
    zero = equal(y, 0)
    safe_y = where(zero, ones_like_const(y), y)
    return where(zero, zeros_like_const(divide(x, safe_y)), divide(x, safe_y))


def add_n(inputs, name=None) -> Tensor:
    """``tf.math.add_n``: the sum of a list of tensors of one shape."""
    inputs = list(inputs)
    out = inputs[0]
    for t in inputs[1:]:
        out = add(out, t)
    return out if isinstance(out, Tensor) else _a.identity(out)


def _as_tensor(v, like):
    if isinstance(v, _TensorLike):
        return v
    return _const_like(v, like) if isinstance(like, _TensorLike) else _const_of(v, "float32")


# ---------------------------------------------------------------------------------------
# unary elementwise ops: (TF name, public name, forward, gradient rule)


def _unary(name, forward, rule, **facts):
    p = _registry.Primitive(name, forward, **facts)
    p.defvjp(rule)
    return p


def _float_unary(name, forward, rule, **facts):
    """A unary op whose TF kernels exist for floating (and complex) dtypes only."""
    return _unary(name, forward, rule, float_only=True, **facts)


_READS_X = ("inputs",)
_READS_Y = ("output",)

# each rule: its local derivative in a comment, the --explain formula on the primitive
_neg = _unary(  # d(-x) = -1
    "Neg",
    lambda xp, x: -x,
    lambda g, ans, x: negative(g),
    reads=(),
    explain="−1",
    codegen=Emit("-{0}", ufunc="negative"),
)
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
    lambda gg, ans, y, dy: unbroadcast(negative(divide(multiply(gg, ans), y)), y, ans),
    lambda gg, ans, y, dy: unbroadcast(divide(multiply(gg, _const_like(0.5, y)), y), dy, ans),
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
_sin = _float_unary(  # d sin x = cos x
    "Sin",
    lambda xp, x: xp.sin(x),
    lambda g, ans, x: multiply(g, cos(x)),
    reads=_READS_X,
    explain="cos({a})",
    codegen=Emit("_np.sin({0})", ufunc="sin"),
)
_cos = _float_unary(  # d cos x = −sin x
    "Cos",
    lambda xp, x: xp.cos(x),
    lambda g, ans, x: negative(multiply(g, sin(x))),
    reads=_READS_X,
    explain="−sin({a})",
    codegen=Emit("_np.cos({0})", ufunc="cos"),
)
_tan = _float_unary(  # d tan x = 1/cos²x
    "Tan",
    lambda xp, x: xp.tan(x),
    lambda g, ans, x: divide(g, square(cos(x))),
    explain="1 + tan²({a})",
)
_asin = _float_unary(  # d asin x = 1/√(1−x²)
    "Asin",
    lambda xp, x: xp.asin(x),
    lambda g, ans, x: divide(g, sqrt(subtract(1, square(x)))),
    explain="1/√(1 − {a}²)",
)
_acos = _float_unary(  # d acos x = −1/√(1−x²)
    "Acos",
    lambda xp, x: xp.acos(x),
    lambda g, ans, x: negative(divide(g, sqrt(subtract(1, square(x))))),
    explain="−1/√(1 − {a}²)",
)
_atan = _float_unary(  # d atan x = 1/(1+x²)
    "Atan",
    lambda xp, x: xp.atan(x),
    lambda g, ans, x: divide(g, add(1, square(x))),
    explain="1/(1 + {a}²)",
)
_sinh = _float_unary(  # d sinh x = cosh x
    "Sinh", lambda xp, x: xp.sinh(x), lambda g, ans, x: multiply(g, cosh(x)), explain="cosh({a})"
)
_cosh = _float_unary(  # d cosh x = sinh x
    "Cosh", lambda xp, x: xp.cosh(x), lambda g, ans, x: multiply(g, sinh(x)), explain="sinh({a})"
)
_tanh = _float_unary(  # d tanh x = 1 − y²
    "Tanh",
    lambda xp, x: xp.tanh(x),
    lambda g, ans, x: multiply(g, subtract(1, square(ans))),
    reads=_READS_Y,
    explain="1 − tanh²({a})",
    codegen=Emit("_np.tanh({0})", ufunc="tanh"),
)
_asinh = _float_unary(  # d asinh x = 1/√(x²+1)
    "Asinh",
    lambda xp, x: xp.asinh(x),
    lambda g, ans, x: divide(g, sqrt(add(square(x), 1))),
    explain="1/√({a}² + 1)",
)
_acosh = _float_unary(  # d acosh x = 1/√(x²−1)
    "Acosh",
    lambda xp, x: xp.acosh(x),
    lambda g, ans, x: divide(g, sqrt(subtract(square(x), 1))),
    explain="1/√({a}² − 1)",
)
_atanh = _float_unary(  # d atanh x = 1/(1−x²)
    "Atanh",
    lambda xp, x: xp.atanh(x),
    lambda g, ans, x: divide(g, subtract(1, square(x))),
    explain="1/(1 − {a}²)",
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


def _erf_array(xp, x):
    """erf to float64 accuracy with Array API ops only (the standard has no erf).

    |x| < 3: erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!  (positive terms)
    |x| >= 3: erfc by its continued fraction, erf = 1 - erfc.
    """
    dt = x.dtype
    f64 = _backend.dtype_object(xp, "float64")
    z = xp.astype(x, f64) if xp is not _np else _np.asarray(x, dtype=_np.float64)
    a = xp.abs(z)
    small = xp.minimum(a, 3.0)
    x2 = small * small
    term = small
    total = small
    for n in range(60):
        term = term * (2.0 * x2) / (2 * n + 3)
        total = total + term
    series = _TWO_OVER_SQRT_PI * xp.exp(-x2) * total
    big = xp.maximum(a, 3.0)
    f = big
    for k in range(60, 0, -1):
        f = big + (k / 2.0) / f
    cf = 1.0 - xp.exp(-big * big) / (_pymath.sqrt(_pymath.pi) * f)
    r = xp.where(a < 3.0, series, cf)
    r = xp.where(z < 0, -r, r)
    return xp.astype(r, dt) if xp is not _np else r.astype(dt)


@numpy_ufunc("negative")
def negative(x, name=None) -> Tensor:
    """``tf.math.neg``: -x, elementwise."""
    __tracebackhide__ = True
    return apply(_neg, (x,))


@numpy_ufunc("absolute", "fabs")
def abs(x, name=None) -> Tensor:  # noqa: A001
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


@numpy_ufunc("sin")
def sin(x, name=None) -> Tensor:
    """``tf.math.sin``: sine, elementwise."""
    return apply(_sin, (x,))


@numpy_ufunc("cos")
def cos(x, name=None) -> Tensor:
    """``tf.math.cos``: cosine, elementwise."""
    return apply(_cos, (x,))


@numpy_ufunc("tan")
def tan(x, name=None) -> Tensor:
    """``tf.math.tan``: tangent, elementwise."""
    return apply(_tan, (x,))


@numpy_ufunc("arcsin")
def asin(x, name=None) -> Tensor:
    """``tf.math.asin``: arcsine, elementwise."""
    return apply(_asin, (x,))


@numpy_ufunc("arccos")
def acos(x, name=None) -> Tensor:
    """``tf.math.acos``: arccosine, elementwise."""
    return apply(_acos, (x,))


@numpy_ufunc("arctan")
def atan(x, name=None) -> Tensor:
    """``tf.math.atan``: arctangent, elementwise."""
    return apply(_atan, (x,))


@numpy_ufunc("sinh")
def sinh(x, name=None) -> Tensor:
    """``tf.math.sinh``: hyperbolic sine, elementwise."""
    return apply(_sinh, (x,))


@numpy_ufunc("cosh")
def cosh(x, name=None) -> Tensor:
    """``tf.math.cosh``: hyperbolic cosine, elementwise."""
    return apply(_cosh, (x,))


@numpy_ufunc("tanh")
def tanh(x, name=None) -> Tensor:
    """``tf.math.tanh``: hyperbolic tangent, elementwise."""
    return apply(_tanh, (x,))


@numpy_ufunc("arcsinh")
def asinh(x, name=None) -> Tensor:
    """``tf.math.asinh``: inverse hyperbolic sine, elementwise."""
    return apply(_asinh, (x,))


@numpy_ufunc("arccosh")
def acosh(x, name=None) -> Tensor:
    """``tf.math.acosh``: inverse hyperbolic cosine, elementwise."""
    return apply(_acosh, (x,))


@numpy_ufunc("arctanh")
def atanh(x, name=None) -> Tensor:
    """``tf.math.atanh``: inverse hyperbolic tangent, elementwise."""
    return apply(_atanh, (x,))


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


# ---------------------------------------------------------------------------------------
# no-gradient elementwise ops (TF registers these as not differentiable)


def _nondiff_unary(name, forward, dtypes):
    return _registry.Primitive(name, forward, differentiable=False, dtypes=dtypes)


_floor = _nondiff_unary("Floor", lambda xp, x: xp.floor(x), FLOATING)
_ceil = _nondiff_unary("Ceil", lambda xp, x: xp.ceil(x), FLOATING)
_round = _nondiff_unary("Round", lambda xp, x: xp.round(x), SIGNED | FLOATING | COMPLEX)
_isnan = _nondiff_unary("IsNan", lambda xp, x: xp.isnan(x), FLOATING)
_isinf = _nondiff_unary("IsInf", lambda xp, x: xp.isinf(x), FLOATING)
_isfinite = _nondiff_unary("IsFinite", lambda xp, x: xp.isfinite(x), FLOATING)
_logical_not = _nondiff_unary("LogicalNot", lambda xp, x: xp.logical_not(x), BOOL)


@numpy_ufunc("floor")
def floor(x, name=None) -> Tensor:
    """``tf.math.floor``: the largest integer not above x (no gradient)."""
    return apply(_floor, (x,))


@numpy_ufunc("ceil")
def ceil(x, name=None) -> Tensor:
    """``tf.math.ceil``: the smallest integer not below x (no gradient)."""
    return apply(_ceil, (x,))


@numpy_ufunc("rint")
def round(x, name=None) -> Tensor:  # noqa: A001
    """``tf.math.round``: x rounded to the nearest integer, halves to even (no gradient)."""
    return apply(_round, (x,))


@numpy_ufunc("isnan")
def is_nan(x, name=None) -> Tensor:
    """``tf.math.is_nan``: true where x is NaN."""
    return apply(_isnan, (x,))


@numpy_ufunc("isinf")
def is_inf(x, name=None) -> Tensor:
    """``tf.math.is_inf``: true where x is ±inf."""
    return apply(_isinf, (x,))


@numpy_ufunc("isfinite")
def is_finite(x, name=None) -> Tensor:
    """``tf.math.is_finite``: true where x is finite."""
    return apply(_isfinite, (x,))


@numpy_ufunc("logical_not")
def logical_not(x, name=None) -> Tensor:
    """``tf.math.logical_not``: not x, for booleans."""
    return apply(_logical_not, (x,))


def _comparison(name, forward, dtypes=None):
    return _registry.Primitive(name, forward, differentiable=False, broadcasts=True, dtypes=dtypes)


_equal = _comparison("Equal", lambda xp, x, y: xp.equal(x, y))
_not_equal = _comparison("NotEqual", lambda xp, x, y: xp.not_equal(x, y))
_less = _comparison("Less", lambda xp, x, y: xp.less(x, y), REAL)
_less_equal = _comparison("LessEqual", lambda xp, x, y: xp.less_equal(x, y), REAL)
_greater = _comparison("Greater", lambda xp, x, y: xp.greater(x, y), REAL)
_greater_equal = _comparison("GreaterEqual", lambda xp, x, y: xp.greater_equal(x, y), REAL)
_logical_and = _comparison("LogicalAnd", lambda xp, x, y: xp.logical_and(x, y), BOOL)
_logical_or = _comparison("LogicalOr", lambda xp, x, y: xp.logical_or(x, y), BOOL)
_logical_xor = _comparison("LogicalXor", lambda xp, x, y: xp.logical_xor(x, y), BOOL)


@numpy_ufunc("equal")
def equal(x, y, name=None) -> Tensor:
    """``tf.math.equal``: x == y, elementwise."""
    return apply(_equal, (x, y))


@numpy_ufunc("not_equal")
def not_equal(x, y, name=None) -> Tensor:
    """``tf.math.not_equal``: x != y, elementwise."""
    return apply(_not_equal, (x, y))


@numpy_ufunc("less")
def less(x, y, name=None) -> Tensor:
    """``tf.math.less``: x < y, elementwise."""
    return apply(_less, (x, y))


@numpy_ufunc("less_equal")
def less_equal(x, y, name=None) -> Tensor:
    """``tf.math.less_equal``: x <= y, elementwise."""
    return apply(_less_equal, (x, y))


@numpy_ufunc("greater")
def greater(x, y, name=None) -> Tensor:
    """``tf.math.greater``: x > y, elementwise."""
    return apply(_greater, (x, y))


@numpy_ufunc("greater_equal")
def greater_equal(x, y, name=None) -> Tensor:
    """``tf.math.greater_equal``: x >= y, elementwise."""
    return apply(_greater_equal, (x, y))


@numpy_ufunc("logical_and")
def logical_and(x, y, name=None) -> Tensor:
    """``tf.math.logical_and``: x and y, for booleans."""
    return apply(_logical_and, (x, y))


@numpy_ufunc("logical_or")
def logical_or(x, y, name=None) -> Tensor:
    """``tf.math.logical_or``: x or y, for booleans."""
    return apply(_logical_or, (x, y))


@numpy_ufunc("logical_xor")
def logical_xor(x, y, name=None) -> Tensor:
    """``tf.math.logical_xor``: x xor y, for booleans."""
    return apply(_logical_xor, (x, y))


# ---------------------------------------------------------------------------------------
# where, clip, cast


@primitive(
    "SelectV2",
    dtype_args=(1, 2),
    broadcasts=True,
    reads=("inputs",),
    explain=("0", "[{a}]", "[not {a}]"),
    codegen=Emit(),
)
def _select(xp, cond, x, y):
    return xp.where(cond, x, y)


# where(c, x, y): ḡ to x where c, to y elsewhere
_select.defvjp(
    None,
    lambda g, ans, c, x, y: unbroadcast(where(c, g, zeros_like_const(g)), x, ans),
    lambda g, ans, c, x, y: unbroadcast(where(c, zeros_like_const(g), g), y, ans),
)


@nondifferentiable("Where")
def _where_indices(xp, cond):
    return xp.stack(xp.nonzero(cond), axis=-1) if cond.ndim else xp.zeros((0, 0), dtype=xp.int64)


def where(condition, x=None, y=None, name=None) -> Tensor:
    """``tk.where``: elementwise select, or the indices of true elements when x, y are None."""
    __tracebackhide__ = True
    if x is None and y is None:
        out = apply(_where_indices, (condition,))
        return cast(out, "int64")
    if not isinstance(condition, _TensorLike):
        condition = Tensor(_backend.asarray(condition, dtype="bool"))
    if not isinstance(x, _TensorLike) and not isinstance(y, _TensorLike):
        x = Tensor(_backend.asarray(x))
        y = Tensor(_backend.asarray(y, dtype=x._value.dtype))
    return apply(_select, (condition, x, y))


@primitive(
    "ClipByValue",
    broadcasts=True,
    dtypes=REAL,
    explain=("[{b} ≤ {a} ≤ {c}]", "[{a} < {b}]", "[{a} > {c}]"),
)
def _clip(xp, t, lo, hi):
    return xp.minimum(xp.maximum(t, lo), hi)


# ḡ to t inside [lo, hi], to lo below, to hi above
_clip.defvjp(
    lambda g, ans, t, lo, hi: unbroadcast(
        where(logical_or(less(t, lo), greater(t, hi)), zeros_like_const(g), g), t, ans
    ),
    lambda g, ans, t, lo, hi: unbroadcast(where(less(t, lo), g, zeros_like_const(g)), lo, ans),
    lambda g, ans, t, lo, hi: unbroadcast(where(greater(t, hi), g, zeros_like_const(g)), hi, ans),
)


def clip_by_value(t, clip_value_min, clip_value_max, name=None) -> Tensor:
    """``tf.math.clip_by_value``: ``t`` clipped to [clip_value_min, clip_value_max]."""
    __tracebackhide__ = True
    return apply(_clip, (t, clip_value_min, clip_value_max))


@primitive("Cast", reads=(), explain="1")
def _cast(xp, x, dtype):
    if xp is _np:
        return x.astype(dtype, copy=False) if x.dtype.name != dtype else x
    return xp.astype(x, _backend.dtype_object(xp, dtype))


def _cast_vjp(g, ans, x, dtype):
    src = dtype_of(x._value)
    if src.is_floating and as_dtype(dtype).is_floating:
        return cast(g, src)
    return None


# d cast(x) = 1 between floating dtypes; no gradient otherwise
_cast.defvjp(_cast_vjp)


def cast(x, dtype, name=None) -> Tensor:
    """``tk.cast``: change the dtype (float -> int truncates toward zero, as TF does)."""
    __tracebackhide__ = True
    d = as_dtype(dtype)
    if not isinstance(x, _TensorLike):
        from .._tensor import convert_to_tensor  # noqa: PLC0415

        x = convert_to_tensor(x)
    src = dtype_of(x._value)
    if src is d and type(x) is Tensor:
        return x
    return apply(_cast, (x,), {"dtype": d.name})


def saturate_cast(value, dtype, name=None) -> Tensor:
    """``tf.saturate_cast``: cast, clipping to the target's range first."""
    d = as_dtype(dtype)
    src = value.dtype if isinstance(value, _TensorLike) else None
    if d.is_integer and src is not None and src.is_integer:
        lo, hi = max(int(src.min), int(d.min)), min(int(src.max), int(d.max))
        if (lo, hi) != (int(src.min), int(src.max)):  # only a wider type needs clipping
            value = clip_by_value(value, lo, hi)
    elif d.is_integer:
        value = clip_by_value(value, float(d.min), float(d.max))
    return cast(value, d)


# ---------------------------------------------------------------------------------------
# constants used by gradient rules


def zeros_like_const(x: Tensor) -> Tensor:
    """Zeros shaped like ``x`` (a constant for gradient rules, never recorded)."""
    v = x._value
    xp = _backend.namespace_of(v)
    if xp is _np:
        return Tensor(_np.zeros(v.shape, dtype=v.dtype))
    return Tensor(xp.zeros(v.shape, dtype=v.dtype, device=_backend.device_of(v)))


def ones_like_const(x: Tensor) -> Tensor:
    """Ones shaped like ``x`` (a constant for gradient rules, never recorded)."""
    v = x._value
    xp = _backend.namespace_of(v)
    if xp is _np:
        return Tensor(_np.ones(v.shape, dtype=v.dtype))
    return Tensor(xp.ones(v.shape, dtype=v.dtype, device=_backend.device_of(v)))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms

numpy_function("where", lambda condition, x=None, y=None: where(condition, x, y))
numpy_function(
    "clip",
    lambda a, a_min=None, a_max=None, out=None, **kw: clip_by_value(
        a, kw.get("min", a_min), kw.get("max", a_max)
    ),
)
