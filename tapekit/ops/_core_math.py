"""Core arithmetic that gradient rules use everywhere: add, subtract, multiply, divide,
negative, cast, constants like a tensor, and the factories of unary primitives.

Imports only the registry and ``_core_shape``; every topic module may import it."""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import as_dtype
from .._engine.tensor import Tensor, TensorLike, convert_to_tensor, dtype_of, to_raw
from .._messages import message
from . import _registry
from ._registry import Emit, apply, numpy_ufunc, primitive


def _const_like(value, like: Tensor) -> Tensor:
    """A constant (never recorded) with ``like``'s dtype and device."""
    return Tensor(_arrays.asarray_like(value, like._value))


# ---------------------------------------------------------------------------------------
# binary arithmetic


@primitive(
    "AddV2", broadcasts=True, reads=(), explain=("1", "1"), codegen=Emit("{0} + {1}", ufunc="add")
)
def _add(xp, x, y):
    return x + y


# d(x + y) = dx + dy: ḡ to both, summed to each input's shape
_add.defvjp(
    lambda g, ans, x, y: g,
    lambda g, ans, x, y: g,
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
    lambda g, ans, x, y: g,
    lambda g, ans, x, y: negative(g),
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
    lambda g, ans, x, y: multiply(g, y),
    lambda g, ans, x, y: multiply(x, g),
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
    lambda g, ans, x, y: divide(g, y),
    lambda g, ans, x, y: negative(multiply(g, divide(ans, y))),
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
    d = x.dtype if isinstance(x, TensorLike) else (y.dtype if isinstance(y, TensorLike) else None)
    if d is not None and (d.is_integer or d.is_bool):
        if d.is_bool:  # TF: no true division of booleans
            raise TypeError(message("truediv_dtype", dtype=d.name))
        target = "float32" if d.size <= 2 else "float64"
        x = cast(x, target) if isinstance(x, TensorLike) else _const_of(x, target)
        y = cast(y, target) if isinstance(y, TensorLike) else _const_of(y, target)
    return x, y


def _const_of(value, dtype):
    return Tensor(to_raw(value, as_dtype(dtype)))


@numpy_ufunc("divide", "true_divide")
def divide(x, y, name=None) -> Tensor:
    """``tf.math.divide``: x / y; integers are divided as floats (TF's truediv)."""
    __tracebackhide__ = True
    x, y = _float_for_int(x, y)
    return apply(_div, (x, y))


truediv = divide
realdiv = divide


# ---------------------------------------------------------------------------------------
# unary primitives: (TF name, forward, gradient rule, facts), and negation


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


@numpy_ufunc("negative")
def negative(x, name=None) -> Tensor:
    """``tf.math.neg``: -x, elementwise."""
    __tracebackhide__ = True
    return apply(_neg, (x,))


# ---------------------------------------------------------------------------------------
# unary primitives without a gradient (TF registers these as not differentiable)


def _nondiff_unary(name, forward, dtypes):
    return _registry.Primitive(name, forward, differentiable=False, dtypes=dtypes)


@primitive("Cast", reads=(), explain="1")
def _cast(xp, x, dtype):
    return _arrays.astype(x, dtype)


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
    if not isinstance(x, TensorLike):
        x = convert_to_tensor(x)
    src = dtype_of(x._value)
    if src is d and type(x) is Tensor:
        return x
    return apply(_cast, (x,), {"dtype": d.name})


# ---------------------------------------------------------------------------------------
# constants used by gradient rules


def zeros_like_const(x: Tensor) -> Tensor:
    """Zeros shaped like ``x`` (a constant for gradient rules, never recorded)."""
    return Tensor(_backend.zeros(x._value.shape, x._value))


def ones_like_const(x: Tensor) -> Tensor:
    """Ones shaped like ``x`` (a constant for gradient rules, never recorded)."""
    return Tensor(_backend.ones(x._value.shape, x._value))
