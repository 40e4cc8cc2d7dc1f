"""Segment reductions (``tk.math.segment_*``, ``unsorted_segment_*``) and ``bincount``.

Rows of ``data`` go to the segments ``segment_ids`` names.  The sum is one scatter-add
(``UnsortedSegmentSum``, gradient: gather the cotangent back by segment); max and min
share the gradient between tied winners, and the product's gradient is TF's, exact with
zeros among the factors.  Indices are host data read once per call, as ``gather``'s are.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import as_dtype
from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from ._core_math import cast, divide, multiply, ones_like_const, zeros_like_const
from ._core_shape import _host_ints, _t, reshape, stop_gradient
from ._registry import apply, batch_ndim, nondifferentiable, primitive
from .comparison import equal, greater, where
from .elementwise import sqrt
from .indexing import _gather, _value_leaves_plan, gather

_hostlib = _backend.host


def _gather_rows(g, ids, nb):
    return apply(_gather, (g,), {"indices": ids, "axis": nb})


@primitive("UnsortedSegmentSum", reads=(), explain="1 (ḡ of each row's segment)")
def _segment_sum(xp, data, ids, num):
    shape = (num,) + tuple(data.shape[1:])
    return _arrays.scatter_add(xp, shape, data.dtype, (ids,), data)


# ḡ of each row's segment, gathered back
_segment_sum.defvjp(
    lambda g, ans, data, ids, num: _gather_rows(g, ids, batch_ndim(g, ans)),
)


def _initial(dtype, kind):
    d = as_dtype(_backend.numpy_dtype_name(dtype))
    if kind == "prod":
        return 1
    if d.is_floating:  # TF: the lowest / highest finite value, not an infinity
        info = _hostlib.finfo(d.name)
        return float(info.min if kind == "max" else info.max)
    if d.is_bool:
        return kind == "min"
    return int(d.min if kind == "max" else d.max)


def _reducer(name, kind, explain):
    def forward(xp, data, ids, num):
        return _arrays.segment_reduce(xp, kind, data, ids, num, _initial(data, kind))

    return primitive(name, explain=explain)(forward)


_segment_max = _reducer("UnsortedSegmentMax", "max", "[{a} = its segment's max] / ties")
_segment_min = _reducer("UnsortedSegmentMin", "min", "[{a} = its segment's min] / ties")
_segment_prod = _reducer("UnsortedSegmentProd", "prod", "product of the other rows of its segment")


@nondifferentiable("SegmentExtremumShare")
def _extremum_share(xp, data, ans, ids, num):
    """1/k at each of the k rows that reach their segment's extremum, 0 elsewhere."""
    hit = xp.astype(data == xp.take(ans, ids, axis=0), data.dtype)
    count = _arrays.scatter_add(xp, tuple(ans.shape), data.dtype, (ids,), hit)
    return hit / xp.take(count, ids, axis=0)


def _extremum_vjp(g, ans, data, ids, num):
    share = apply(_extremum_share, (data, ans), {"ids": ids, "num": num})
    return multiply(share, _gather_rows(g, ids, batch_ndim(g, ans)))


# ḡ shared by the rows that reach their segment's max
_segment_max.defvjp(_extremum_vjp)
# ḡ shared by the rows that reach their segment's min
_segment_min.defvjp(_extremum_vjp)


def _prod_vjp(g, ans, data, ids, num):
    # TF's UnsortedSegmentProd gradient: the product of the others, exact with one zero
    is_zero = equal(data, 0)
    zeros = apply(_segment_sum, (cast(is_zero, "int32"),), {"ids": ids, "num": num})
    g = where(greater(zeros, 1), zeros_like_const(g), g)
    safe = where(is_zero, ones_like_const(data), data)
    safe_prod = apply(_segment_prod, (safe,), {"ids": ids, "num": num})
    others = where(
        is_zero, _gather_rows(safe_prod, ids, 0), divide(_gather_rows(ans, ids, 0), safe)
    )
    return multiply(_gather_rows(g, ids, batch_ndim(g, ans)), others)


# the product of the other rows of the segment (exact with one zero)
_segment_prod.defvjp(_prod_vjp)

_PRIMS = {"sum": _segment_sum, "max": _segment_max, "min": _segment_min, "prod": _segment_prod}


def _host_ids(segment_ids):
    if isinstance(segment_ids, TensorLike):
        _value_leaves_plan(segment_ids, "segment ids computed from the inputs")
        return _backend.to_host(segment_ids._value)
    return _hostlib.asarray(segment_ids)


def _unsorted(kind, data, segment_ids, num_segments, op):
    """Rows of ``data`` reduced into ``num_segments`` segments (negative ids dropped)."""
    x = _t(data)
    ids = _host_ids(segment_ids)
    if ids.dtype.kind not in "iu":
        raise TypeError(message("segment_ids_dtype", dtype=ids.dtype.name, op=op))
    shape = tuple(x._value.shape)
    if shape[: ids.ndim] != ids.shape:
        raise InvalidArgumentError(
            None, None, message("segment_ids_shape", ids=list(ids.shape), data=list(shape), op=op)
        )
    num = int(_host_ints(num_segments)[0])
    flat = ids.reshape(-1)
    for i, s in enumerate(flat.tolist()):
        if s >= num:
            raise InvalidArgumentError(
                None, None, message("segment_id_range", i=i, id=s, num=num, op=op)
            )
    rest = shape[ids.ndim :]
    rows = reshape(x, (flat.size,) + rest)
    keep = flat >= 0
    if not keep.all():
        rows = gather(rows, _hostlib.nonzero(keep)[0])
        flat = flat[keep]
    params = {"ids": _backend.asarray(flat.astype("int64")), "num": num}
    return apply(_PRIMS[kind], (rows,), params), flat, num, rest


def _count(flat, num, rest, like):
    """How many rows each segment has, shaped to divide a result (at least 1)."""
    c = _hostlib.maximum(_hostlib.bincount(flat, minlength=num)[:num], 1)
    return Tensor(_backend.asarray(c.reshape((num,) + (1,) * len(rest)), dtype=like.dtype.name))


def unsorted_segment_sum(data, segment_ids, num_segments, name=None) -> Tensor:
    """``tf.math.unsorted_segment_sum``: the sum of the rows in each segment (ids in any order)."""
    return _unsorted("sum", data, segment_ids, num_segments, "UnsortedSegmentSum")[0]


def unsorted_segment_max(data, segment_ids, num_segments, name=None) -> Tensor:
    """``tf.math.unsorted_segment_max``: the maximum of the rows in each segment (ids in any order)."""
    return _unsorted("max", data, segment_ids, num_segments, "UnsortedSegmentMax")[0]


def unsorted_segment_min(data, segment_ids, num_segments, name=None) -> Tensor:
    """``tf.math.unsorted_segment_min``: the minimum of the rows in each segment (ids in any order)."""
    return _unsorted("min", data, segment_ids, num_segments, "UnsortedSegmentMin")[0]


def unsorted_segment_prod(data, segment_ids, num_segments, name=None) -> Tensor:
    """``tf.math.unsorted_segment_prod``: the product of the rows in each segment (ids in any order)."""
    return _unsorted("prod", data, segment_ids, num_segments, "UnsortedSegmentProd")[0]


def unsorted_segment_mean(data, segment_ids, num_segments, name=None) -> Tensor:
    """The sum over the row count (at least 1); integer data gives float64, as in TF."""
    s, flat, num, rest = _unsorted("sum", data, segment_ids, num_segments, "UnsortedSegmentSum")
    n = _count(flat, num, rest, s)
    return divide(s, n)


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None) -> Tensor:
    """``tf.math.unsorted_segment_sqrt_n``: the sum of each segment divided by the square root of its row count."""
    s, flat, num, rest = _unsorted("sum", data, segment_ids, num_segments, "UnsortedSegmentSum")
    return divide(s, sqrt(_count(flat, num, rest, s)))


def _sorted(kind, data, segment_ids, op):
    x = _t(data)
    ids = _host_ids(segment_ids)
    if ids.ndim != 1 or not x.ndim or ids.shape[0] != x._value.shape[0]:
        raise InvalidArgumentError(None, None, message("segment_ids_size", op=op))
    if ids.size and (_hostlib.any(ids[1:] < ids[:-1]) or ids[0] < 0):
        raise InvalidArgumentError(None, None, message("segment_ids_increasing", op=op))
    num = int(ids[-1]) + 1 if ids.size else 0
    out, flat, num, rest = _unsorted(kind, x, ids, num, op)
    if kind in ("max", "min"):  # TF: an empty segment of a sorted reduction is 0
        empty = _hostlib.bincount(flat, minlength=num)[:num] == 0
        if empty.any():
            mask = Tensor(_backend.asarray(empty.reshape((num,) + (1,) * len(rest))))
            out = where(mask, zeros_like_const(out), out)
    return out, flat, num, rest


def segment_sum(data, segment_ids, name=None) -> Tensor:
    """``tf.math.segment_sum``: the sum of the rows in each segment (sorted ids)."""
    return _sorted("sum", data, segment_ids, "SegmentSum")[0]


def segment_max(data, segment_ids, name=None) -> Tensor:
    """``tf.math.segment_max``: the maximum of the rows in each segment (sorted ids; empty segments 0)."""
    return _sorted("max", data, segment_ids, "SegmentMax")[0]


def segment_min(data, segment_ids, name=None) -> Tensor:
    """``tf.math.segment_min``: the minimum of the rows in each segment (sorted ids; empty segments 0)."""
    return _sorted("min", data, segment_ids, "SegmentMin")[0]


def segment_prod(data, segment_ids, name=None) -> Tensor:
    """``tf.math.segment_prod``: the product of the rows in each segment (sorted ids)."""
    return _sorted("prod", data, segment_ids, "SegmentProd")[0]


def segment_mean(data, segment_ids, name=None) -> Tensor:
    """The sum over the row count; integer data stays integer (truncated), as in TF."""
    s, flat, num, rest = _sorted("sum", data, segment_ids, "SegmentMean")
    n = _count(flat, num, rest, s)
    if s.dtype.is_floating or s.dtype.is_complex:
        return divide(s, n)
    return cast(divide(cast(s, "float64"), cast(n, "float64")), s.dtype)


def bincount(
    arr,
    weights=None,
    minlength=None,
    maxlength=None,
    dtype="int32",
    name=None,
    axis=None,
    binary_output=False,
) -> Tensor:
    """Counts (or summed ``weights``) of each non-negative integer in ``arr``.

    ``axis=-1`` counts each row of a 2-D ``arr`` separately.  No gradient, as in TF.
    """
    a = _host_ids(arr)
    if a.size and a.min() < 0:
        raise InvalidArgumentError(None, None, message("bincount_negative"))
    size = int(a.max()) + 1 if a.size else 0
    if minlength is not None:
        size = max(size, int(minlength))
    if maxlength is not None:
        size = min(size, int(maxlength))
    if weights is not None:
        w = stop_gradient(_t(weights))
        out_dtype = w.dtype
        if tuple(w.shape) != tuple(a.shape):
            raise InvalidArgumentError(None, None, message("bincount_weights_shape"))
    else:
        out_dtype = as_dtype(dtype)
        w = Tensor(_backend.asarray(_hostlib.ones(a.shape), dtype=out_dtype.name))
    if axis is None or a.ndim <= 1:
        rows, ids = 1, a.reshape(-1)
    elif int(axis) in (-1, a.ndim - 1) and a.ndim == 2:
        rows = a.shape[0]
        ids = (a + size * _hostlib.arange(rows)[:, None]).reshape(-1)
        ids = _hostlib.where(a.reshape(-1) < size, ids, -1)
    else:
        raise InvalidArgumentError(None, None, message("bincount_axis", axis=axis))
    ids = _hostlib.where(ids < rows * size, ids, -1) if axis is None or a.ndim <= 1 else ids
    flat_w = reshape(w, (-1,))
    out = unsorted_segment_sum(flat_w, ids.astype("int64"), rows * size)
    if binary_output:
        out = cast(greater(out, 0), out_dtype)
    return out if rows == 1 and (axis is None or a.ndim <= 1) else reshape(out, (rows, size))
