"""``tk.scatter_nd`` and the ``tk.tensor_scatter_nd_*`` family.

``indices[..., :k]`` address the first ``k`` axes of the result; each is flattened to one
row number, so a scatter is a segment sum over rows (repeated indices add up, as in TF)
and its gradient a gather.  ``tensor_scatter_nd_update`` keeps the last of repeated
indices, like TF's CPU kernel.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.tensor import Tensor
from .._messages import message
from ..errors import InvalidArgumentError
from . import segment as _s
from ._core_math import add, subtract
from ._core_shape import _host_ints, _t, reshape
from .arithmetic import maximum, minimum
from .comparison import where
from .indexing import gather

_hostlib = _backend.host


def _rows(indices, shape, op):
    """(row number of each index, number of rows, k) for ``indices`` into ``shape``."""
    idx = _s._host_ids(indices)
    if idx.dtype.kind not in "iu":
        raise TypeError(message("scatter_indices_dtype", dtype=idx.dtype.name, op=op))
    if idx.ndim < 1:
        raise InvalidArgumentError(None, None, message("scatter_indices_rank", op=op))
    k = idx.shape[-1]
    if k > len(shape):
        raise InvalidArgumentError(
            None, None, message("scatter_index_depth", k=k, ndim=len(shape), op=op)
        )
    lead = tuple(shape[:k])
    flat_idx = idx.reshape(-1, k)
    for i, row in enumerate(flat_idx.tolist()):
        if any(not 0 <= r < d for r, d in zip(row, lead)):
            raise InvalidArgumentError(
                None,
                None,
                message(
                    "scatter_index_range",
                    i=i,
                    index=str(row).replace(" ", ""),
                    shape=str(list(shape)).replace(" ", ""),
                    op=op,
                ),
            )
    strides = _hostlib.cumprod((1,) + lead[1:][::-1])[::-1] if k else _hostlib.ones(0, dtype=int)
    flat = (flat_idx * strides).sum(axis=1).astype("int64")
    return flat, int(_hostlib.prod(lead, dtype=int)), tuple(idx.shape[:-1]), k


def _scatter(indices, updates, shape, op):
    u = _t(updates)
    shape = tuple(_host_ints(shape))
    flat, n, lead_shape, k = _rows(indices, shape, op)
    rest = shape[k:]
    if tuple(u.shape) != lead_shape + rest:
        raise InvalidArgumentError(
            None,
            None,
            message(
                "scatter_updates_shape", got=list(u.shape), want=list(lead_shape + rest), op=op
            ),
        )
    rows = reshape(u, (flat.size,) + rest)
    summed = _s.unsorted_segment_sum(rows, flat, n)
    return reshape(summed, shape), flat, n, rest


def scatter_nd(indices, updates, shape, name=None) -> Tensor:
    """zeros(shape) with ``updates`` added at ``indices``; differentiable in ``updates``."""
    return _scatter(indices, updates, shape, "ScatterNd")[0]


def _mask(flat, n, rest, shape):
    hit = _hostlib.zeros(n, dtype=bool)
    hit[flat] = True
    hit = _hostlib.broadcast_to(hit.reshape((n,) + (1,) * len(rest)), (n,) + rest).reshape(shape)
    return Tensor(_backend.asarray(hit))


def _last_of_repeats(indices, updates, op, tensor_shape):
    """Indices and updates with only the last of each repeated index kept."""
    flat, _, lead_shape, k = _rows(indices, tuple(tensor_shape), op)
    if len(set(flat.tolist())) == flat.size:
        return indices, updates
    last = {}
    for i, f in enumerate(flat.tolist()):
        last[f] = i
    keep = _hostlib.asarray(sorted(last.values()), dtype="int64")
    idx = _s._host_ids(indices)
    u = _t(updates)
    rows = reshape(u, (flat.size,) + tuple(u.shape[len(lead_shape) :]))
    return idx.reshape(-1, k)[keep], gather(rows, keep)


def tensor_scatter_nd_update(tensor, indices, updates, name=None) -> Tensor:
    """``tensor`` with the entries at ``indices`` replaced by ``updates``."""
    t = _t(tensor)
    indices, updates = _last_of_repeats(indices, updates, "TensorScatterUpdate", t.shape)
    s, flat, n, rest = _scatter(indices, updates, t.shape, "TensorScatterUpdate")
    return where(_mask(flat, n, rest, tuple(t.shape)), s, t)


def tensor_scatter_nd_add(tensor, indices, updates, name=None) -> Tensor:
    """``tf.tensor_scatter_nd_add``: ``tensor`` with ``updates`` added at ``indices``."""
    t = _t(tensor)
    return add(t, _scatter(indices, updates, t.shape, "TensorScatterAdd")[0])


def tensor_scatter_nd_sub(tensor, indices, updates, name=None) -> Tensor:
    """``tf.tensor_scatter_nd_sub``: ``tensor`` with ``updates`` subtracted at ``indices``."""
    t = _t(tensor)
    return subtract(t, _scatter(indices, updates, t.shape, "TensorScatterSub")[0])


def _extremum(tensor, indices, updates, kind, op):
    t = _t(tensor)
    shape = tuple(t.shape)
    flat, n, lead_shape, k = _rows(indices, shape, op)
    u = _t(updates)
    rest = shape[k:]
    rows = reshape(u, (flat.size,) + rest)
    reduce = _s.unsorted_segment_max if kind == "max" else _s.unsorted_segment_min
    best = reshape(reduce(rows, flat, n), shape)  # the extremum of repeated indices
    pick = maximum if kind == "max" else minimum
    return where(_mask(flat, n, rest, shape), pick(t, best), t)


def tensor_scatter_nd_max(tensor, indices, updates, name=None) -> Tensor:
    """``tf.tensor_scatter_nd_max``: ``tensor`` with the larger of it and ``updates`` at ``indices``."""
    return _extremum(tensor, indices, updates, "max", "TensorScatterMax")


def tensor_scatter_nd_min(tensor, indices, updates, name=None) -> Tensor:
    """``tf.tensor_scatter_nd_min``: ``tensor`` with the smaller of it and ``updates`` at ``indices``."""
    return _extremum(tensor, indices, updates, "min", "TensorScatterMin")
