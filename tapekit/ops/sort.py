"""Sorting ops: sort, argsort, top_k and unique.

Values are taken with ``TakeAlongAxis`` from indices computed by a non-differentiable
``ArgSort``; the gradient scatters back to the positions the values came from (TF's
TopKV2 gradient).  Both index-taking primitives read the indices as an input tensor, so a
``tk.function`` replays them with the indices of each call.
"""

from __future__ import annotations

from collections import namedtuple

from .._engine import backend as _backend
from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import as_dtype
from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from ._core_shape import _t
from ._registry import apply, nondifferentiable, primitive

TopKV2 = namedtuple("TopKV2", ["values", "indices"])
Unique = namedtuple("Unique", ["y", "idx"])


def _broadcast_index(xp, x, idx):
    """``idx`` with the leading batch axes ``x`` carries beyond it (a batch of cotangents)."""
    nb = len(x.shape) - len(idx.shape)
    if nb:
        idx = xp.broadcast_to(idx, tuple(x.shape[:nb]) + tuple(idx.shape))
    return idx, nb


@primitive(
    "TakeAlongAxis",
    dtype_args=(0,),
    reads=(1,),
    explain="1 where {y} took {a}'s entry (ḡ goes back in place)",
)
def _take_along(xp, x, idx, axis):
    idx, nb = _broadcast_index(xp, x, idx)
    return _arrays.take_along_axis(xp, x, idx, axis + nb)


@primitive(
    "ScatterAlongAxis",
    dtype_args=(0,),
    reads=(1,),
    explain="1 at the scattered positions (ḡ read back)",
)
def _scatter_along(xp, g, idx, axis, n):
    """zeros with ``g`` added at ``idx`` along ``axis`` (the axis then has length ``n``)."""
    idx, nb = _broadcast_index(xp, g, idx)
    shape = list(g.shape)
    shape[axis + nb] = n
    return _arrays.scatter_add_along_axis(xp, tuple(shape), g, idx, axis + nb)


def _length(x, idx, axis) -> int:
    """The length of ``x`` along ``axis`` (``x`` may carry batch axes ``idx`` lacks)."""
    xs = x._value.shape
    return xs[axis + len(xs) - len(idx._value.shape)]


# ḡ scattered back to the positions the values came from
_take_along.defvjp(
    lambda g, ans, x, idx, axis: apply(
        _scatter_along, (g, idx), {"axis": axis, "n": _length(x, idx, axis)}
    ),
    None,
)
# ḡ read back at the scattered positions
_scatter_along.defvjp(
    lambda gg, ans, g, idx, axis, n: apply(_take_along, (gg, idx), {"axis": axis}),
    None,
)


@nondifferentiable("ArgSort")
def _argsort(xp, x, axis, descending, k, dtype):
    order = _arrays.argsort(xp, x, axis, descending)
    if k is not None and k != x.shape[axis]:
        key = [slice(None)] * len(x.shape)
        key[axis] = slice(0, k)
        order = order[tuple(key)]
    return xp.astype(order, _backend.dtype_object(xp, dtype))


def _axis(axis, ndim, op):
    if not isinstance(axis, int) and not (isinstance(axis, TensorLike) and axis.ndim == 0):
        raise ValueError(message("sort_axis_int", axis=axis))
    a = int(axis)
    if not -ndim <= a < ndim:
        raise InvalidArgumentError(None, None, message("axis_range", axis=a, ndim=ndim, op=op))
    return a % ndim


def _direction(direction):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(message("sort_direction", direction=direction))
    return direction == "DESCENDING"


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None) -> Tensor:
    """Indices that sort ``values`` along ``axis`` (int32; equal values keep their order)."""
    x = _t(values)
    descending = _direction(direction)
    ax = _axis(axis, max(x.ndim, 1), "Sort")
    params = {"axis": ax, "descending": descending, "k": None, "dtype": "int32"}
    return apply(_argsort, (x,), params)


def sort(values, axis=-1, direction="ASCENDING", name=None) -> Tensor:
    """``values`` sorted along ``axis``; differentiable (the gradient goes back in place)."""
    x = _t(values)
    idx = argsort(x, axis, direction)
    return apply(_take_along, (x, idx), {"axis": _axis(axis, max(x.ndim, 1), "Sort")})


def top_k(input, k=1, sorted=True, index_type="int32", name=None) -> TopKV2:
    """The ``k`` largest entries of the last axis and their indices, largest first."""
    x = _t(input)
    if x.ndim < 1:
        raise InvalidArgumentError(
            None, None, message("top_k_rank", shape="[" + ",".join(map(str, x.shape)) + "]")
        )
    k = int(k)
    n = x._value.shape[-1]
    if k < 0:
        raise InvalidArgumentError(None, None, message("top_k_negative", k=k))
    if n < k:
        raise InvalidArgumentError(None, None, message("top_k_columns", n=n, k=k))
    params = {"axis": x.ndim - 1, "descending": True, "k": k, "dtype": as_dtype(index_type).name}
    idx = apply(_argsort, (x,), params)
    return TopKV2(apply(_take_along, (x, idx), {"axis": x.ndim - 1}), idx)


@nondifferentiable("Unique", n_out=2)
def _unique(xp, x, dtype):
    y, idx = _arrays.unique_first(xp, x)
    return y, xp.astype(idx, _backend.dtype_object(xp, dtype))


def unique(x, out_idx="int32", name=None) -> Unique:
    """The distinct values of a 1-D tensor in order of appearance, and each one's index."""
    t = _t(x)
    if t.ndim != 1:
        raise InvalidArgumentError(None, None, message("unique_rank"))
    y, idx = apply(_unique, (t,), {"dtype": as_dtype(out_idx).name})
    return Unique(y, idx)
