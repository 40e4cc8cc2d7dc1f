"""Vector and matrix norms (``tf.linalg.norm``) and l2_normalize."""

from __future__ import annotations

import math as _math

from .._engine import backend as _backend
from .._engine.tensor import Tensor
from .._messages import message
from . import arithmetic as _arithmetic
from . import elementwise as _elementwise
from ._core_math import _const_like, multiply
from ._core_shape import _t, normalize_axes, reduce_sum, reshape
from ._registry import numpy_function
from .arithmetic import maximum
from .decompositions import svd
from .elementwise import rsqrt, sqrt, square
from .reduction import reduce_max
from .shape import transpose

_hostlib = _backend.host


_MATRIX_ORDS = ("euclidean", "fro", 1, 2, _math.inf)
_VECTOR_ORDS = ("euclidean", 1, 2, _math.inf)


def _is_positive_real(ord) -> bool:
    if isinstance(ord, str):
        return False
    try:
        return bool(_hostlib.isreal(ord)) and ord > 0
    except TypeError:
        return False


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None) -> Tensor:
    """``tf.linalg.norm``: vector norms ('euclidean', 1, 2, inf, any p > 0) and matrix norms
    ('euclidean'/'fro', 1, 2 (the largest singular value), inf), with TF's checks."""
    __tracebackhide__ = True
    matrix = isinstance(axis, (list, tuple)) and len(axis) == 2
    if matrix:
        if not all(type(a) is int for a in axis) or axis[0] == axis[1]:
            raise ValueError(message("norm_axis", axis=tuple(axis)))
        if ord not in _MATRIX_ORDS:
            raise ValueError(message("norm_matrix_ord", ords=list(_MATRIX_ORDS), ord=ord))
    else:
        if not (axis is None or isinstance(axis, int)):
            raise ValueError(message("norm_axis", axis=axis))
        if not _is_positive_real(ord) and ord not in _VECTOR_ORDS:
            raise ValueError(message("norm_vector_ord", ord=ord))
    x = _t(tensor)
    keep = bool(keepdims)
    if not matrix:
        if ord in ("euclidean", 2):
            return sqrt(reduce_sum(square(x), axis=axis, keepdims=keep))
        if ord == 1:
            return reduce_sum(_elementwise.abs(x), axis=axis, keepdims=keep)
        if ord == _math.inf:
            return reduce_max(_elementwise.abs(x), axis=axis, keepdims=keep)
        p = _const_like(float(ord), x)
        total = reduce_sum(_arithmetic.pow(_elementwise.abs(x), p), axis=axis, keepdims=keep)
        return _arithmetic.pow(total, _const_like(1.0 / float(ord), x))
    axes = normalize_axes(list(axis), x.ndim, "Norm")
    r, c = (a % x.ndim for a in axis)
    if ord in ("euclidean", "fro"):
        return sqrt(reduce_sum(square(x), axis=list(axis), keepdims=keep))
    if ord == 2:  # TF: the largest singular value, from an svd of the two axes moved last
        rest = [i for i in range(x.ndim) if i not in axes]
        s = svd(transpose(x, rest + [r, c]), compute_uv=False)
        out = reduce_max(s, axis=-1)
    elif ord == 1:
        out = reduce_max(
            reduce_sum(_elementwise.abs(x), axis=r, keepdims=True), axis=c, keepdims=True
        )
    else:
        out = reduce_max(
            reduce_sum(_elementwise.abs(x), axis=c, keepdims=True), axis=r, keepdims=True
        )
    dims = tuple(x._value.shape)
    shape = tuple(1 if i in axes else d for i, d in enumerate(dims))
    if not keep:
        shape = tuple(d for i, d in enumerate(dims) if i not in axes)
    return reshape(out, shape)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None) -> Tensor:
    """``tf.math.l2_normalize``: ``x`` divided by its L2 norm along ``axis`` (at least sqrt(epsilon))."""
    x = _t(x)
    sq = reduce_sum(square(x), axis=axis, keepdims=True)
    return multiply(x, rsqrt(maximum(sq, epsilon)))


def _numpy_norm(x, ord=None, axis=None, keepdims=False):
    """NumPy's norm in TF's terms; NumPy-only orders ('nuc', negative) leave the tape."""
    if axis is None and ord is not None and getattr(x, "ndim", 0) == 2:
        axis = [0, 1]  # NumPy: an ord with a 2-D input and no axis is a matrix norm
    if isinstance(axis, tuple):
        axis = [int(a) for a in axis]
    if (
        ord is not None
        and ord not in ("fro", 1, 2, _math.inf)
        and (isinstance(axis, list) or isinstance(ord, str) or not ord > 0)
    ):
        return NotImplemented
    return norm(x, "euclidean" if ord is None else ord, axis, keepdims)


numpy_function("linalg.norm", _numpy_norm)
