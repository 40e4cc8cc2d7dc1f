"""Comparisons, logical ops and predicates (boolean results, no gradient), and ``where``."""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.dtypes import BOOL, FLOATING, REAL
from .._engine.tensor import Tensor, TensorLike
from . import _registry
from ._core_math import _nondiff_unary, cast, zeros_like_const
from ._registry import Emit, apply, nondifferentiable, numpy_function, numpy_ufunc, primitive

_isnan = _nondiff_unary("IsNan", lambda xp, x: xp.isnan(x), FLOATING)
_isinf = _nondiff_unary("IsInf", lambda xp, x: xp.isinf(x), FLOATING)
_isfinite = _nondiff_unary("IsFinite", lambda xp, x: xp.isfinite(x), FLOATING)
_logical_not = _nondiff_unary("LogicalNot", lambda xp, x: xp.logical_not(x), BOOL)


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
# where


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
    lambda g, ans, c, x, y: where(c, g, zeros_like_const(g)),
    lambda g, ans, c, x, y: where(c, zeros_like_const(g), g),
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
    if not isinstance(condition, TensorLike):
        condition = Tensor(_backend.asarray(condition, dtype="bool"))
    if not isinstance(x, TensorLike) and not isinstance(y, TensorLike):
        x = Tensor(_backend.asarray(x))
        y = Tensor(_backend.asarray(y, dtype=x._value.dtype))
    return apply(_select, (condition, x, y))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms

numpy_function("where", lambda condition, x=None, y=None: where(condition, x, y))
