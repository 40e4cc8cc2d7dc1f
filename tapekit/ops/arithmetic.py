"""Binary arithmetic beyond the core four: pow, maximum/minimum (ties go to the first
argument, as in TF), floor division and modulo, atan2, xlogy, clip_by_value, add_n."""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.dtypes import COMPLEX, FLOATING, NUMBERS, REAL, as_dtype
from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from . import _registry
from ._core_math import (
    _const_like,
    _const_of,
    add,
    cast,
    divide,
    multiply,
    negative,
    ones_like_const,
    subtract,
    zeros_like_const,
)
from ._core_shape import identity
from ._registry import Emit, apply, nondifferentiable, numpy_function, numpy_ufunc, primitive
from .comparison import (
    equal,
    greater,
    greater_equal,
    less,
    less_equal,
    logical_or,
    not_equal,
    where,
)
from .elementwise import _square, floor, log, reciprocal, square


@primitive("Pow", broadcasts=True, dtypes=NUMBERS, explain=("{b}·{a}^({b}−1)", "{a}^{b}·ln {a}"))
def _pow(xp, x, y):
    return x**y


def _pow_vjp_x(g, ans, x, y):
    return multiply(g, multiply(y, pow(x, subtract(y, 1))))


def _pow_vjp_y(g, ans, x, y):
    # TF: log(x) is taken as 0 where x <= 0, so the exponent's gradient stays finite.
    positive = greater(x, 0)
    safe_x = where(positive, x, ones_like_const(x))
    log_x = where(positive, log(safe_x), zeros_like_const(x))
    return multiply(g, multiply(ans, log_x))


# d xʸ = y xʸ⁻¹ dx + xʸ ln x dy
_pow.defvjp(_pow_vjp_x, _pow_vjp_y)


def _extremum(name, ufunc, first_wins, explain):
    """Maximum or Minimum (``xp.<ufunc>``): broadcasting, real dtypes; the gradient goes to
    x where ``first_wins(x, y)`` (ties included, as in TF) and to y elsewhere."""

    def forward(xp, x, y):
        return getattr(xp, ufunc)(x, y)

    p = _registry.Primitive(
        name,
        forward,
        broadcasts=True,
        reads=("inputs",),
        dtypes=REAL,
        explain=explain,
        codegen=Emit(f"_np.{ufunc}({{0}}, {{1}})", ufunc=ufunc),
    )
    p.defvjp(
        lambda g, ans, x, y: where(first_wins(x, y), g, zeros_like_const(g)),
        lambda g, ans, x, y: where(first_wins(x, y), zeros_like_const(g), g),
    )
    return p


# [x ≥ y] dx + [y > x] dy
_maximum = _extremum("Maximum", "maximum", greater_equal, ("[{a} ≥ {b}]", "[{b} > {a}]"))
# [x ≤ y] dx + [y < x] dy
_minimum = _extremum("Minimum", "minimum", less_equal, ("[{a} ≤ {b}]", "[{b} < {a}]"))


def _no_integer_zero(xp, y, op):
    """TF's integer division kernels refuse a zero divisor (NumPy gives 0 and warns)."""
    if "int" in _backend.numpy_dtype_name(y) and bool(xp.any(y == 0)):
        raise InvalidArgumentError(None, None, message("integer_division_by_zero", op=op))


@primitive("FloorMod", broadcasts=True, dtypes=REAL, explain=("1", "−floor({a}/{b})"))
def _floormod(xp, x, y):
    _no_integer_zero(xp, y, "FloorMod")
    return xp.remainder(x, y)


# x mod y = x - floor(x/y)·y: dx - floor(x/y) dy
_floormod.defvjp(
    lambda g, ans, x, y: g,
    lambda g, ans, x, y: multiply(g, negative(floor(divide(x, y)))),
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
    lambda g, ans, y, x: multiply(g, multiply(x, _atan2_common(y, x))),
    lambda g, ans, y, x: multiply(g, multiply(negative(y), _atan2_common(y, x))),
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
    lambda g, ans, x, y: multiply(g, apply(_xlogy, (cast(not_equal(x, 0), x.dtype), y))),
    lambda g, ans, x, y: multiply(g, _xdivy(x, y)),
)


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
def pow(x, y, name=None) -> Tensor:  # TF's name
    """``tf.math.pow``: x ** y, elementwise."""
    __tracebackhide__ = True
    if type(y) is int and y == 2 and isinstance(x, TensorLike):
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
    return out if isinstance(out, Tensor) else identity(out)


def _as_tensor(v, like):
    if isinstance(v, TensorLike):
        return v
    return _const_like(v, like) if isinstance(like, TensorLike) else _const_of(v, "float32")


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
    lambda g, ans, t, lo, hi: where(
        logical_or(less(t, lo), greater(t, hi)), zeros_like_const(g), g
    ),
    lambda g, ans, t, lo, hi: where(less(t, lo), g, zeros_like_const(g)),
    lambda g, ans, t, lo, hi: where(greater(t, hi), g, zeros_like_const(g)),
)


def clip_by_value(t, clip_value_min, clip_value_max, name=None) -> Tensor:
    """``tf.math.clip_by_value``: ``t`` clipped to [clip_value_min, clip_value_max]."""
    __tracebackhide__ = True
    return apply(_clip, (t, clip_value_min, clip_value_max))


def saturate_cast(value, dtype, name=None) -> Tensor:
    """``tf.saturate_cast``: cast, clipping to the target's range first."""
    d = as_dtype(dtype)
    src = value.dtype if isinstance(value, TensorLike) else None
    if d.is_integer and src is not None and src.is_integer:
        lo, hi = max(int(src.min), int(d.min)), min(int(src.max), int(d.max))
        if (lo, hi) != (int(src.min), int(src.max)):  # only a wider type needs clipping
            value = clip_by_value(value, lo, hi)
    elif d.is_integer:
        value = clip_by_value(value, float(d.min), float(d.max))
    return cast(value, d)


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


numpy_function(
    "clip",
    lambda a, a_min=None, a_max=None, out=None, **kw: clip_by_value(
        a, kw.get("min", a_min), kw.get("max", a_max)
    ),
)
