"""More array ops under TF's names: ``repeat``, ``sequence_mask``, ``searchsorted``,
``unique_with_counts`` and ``tf.math.confusion_matrix``.

``repeat`` is a gather (its gradient sums the copies back); the others are index
arithmetic built from comparisons and sums, with no gradient, as in TF.
"""

from __future__ import annotations

from collections import namedtuple

from .._engine import backend as _backend
from .._engine.dtypes import as_dtype
from .._engine.tensor import Tensor, TensorLike, to_raw
from .._messages import message
from ..errors import InvalidArgumentError
from . import (
    _core_math,
    _core_shape,
)
from . import arithmetic as _arithmetic
from . import comparison as _comparison
from . import indexing as _indexing
from . import reduction as _r
from . import scatter as _s
from . import shape as _shape
from . import sort as _sort
from ._core_shape import _t

_hostlib = _backend.host

UniqueWithCounts = namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def _host(x) -> object:
    """``x``'s values on the host; a tk.function computing them from its inputs runs eagerly."""
    if isinstance(x, TensorLike):
        _indexing._value_leaves_plan(x, "values read on the host (counts, lengths, labels)")
        return _hostlib.asarray(_backend.to_host(x._value))
    return _hostlib.asarray(x)


def repeat(input, repeats, axis=None, name=None) -> Tensor:
    """``tf.repeat``: each entry along ``axis`` repeated ``repeats`` times (None: flattened)."""
    x = _t(input)
    if axis is None:
        x = _core_shape.reshape(x, (-1,))
        ax = 0
    else:
        ax = int(axis)
        if not -x.ndim <= ax < max(x.ndim, 1):
            raise InvalidArgumentError(
                None, None, message("axis_range", axis=ax, ndim=x.ndim, op="Repeat")
            )
        ax %= x.ndim
    n = int(x.shape[ax])
    reps = _host(repeats)
    if reps.dtype.kind not in "iu" or reps.ndim > 1 or (reps.ndim == 1 and reps.size not in (1, n)):
        raise InvalidArgumentError(
            None, None, message("repeat_repeats", n=n, repeats=reps.tolist())
        )
    if _hostlib.any(reps < 0):
        raise InvalidArgumentError(
            None, None, message("repeat_repeats", n=n, repeats=reps.tolist())
        )
    idx = _hostlib.repeat(
        _hostlib.arange(n, dtype="int64"), reps.reshape(-1) if reps.ndim else int(reps)
    )
    return _indexing.gather(x, Tensor(to_raw(idx, like=x._value)), axis=ax)


def sequence_mask(lengths, maxlen=None, dtype="bool", name=None) -> Tensor:
    """``tf.sequence_mask``: mask[..., j] = j < lengths[...] (maxlen: the longest by default)."""
    lengths = _t(lengths)
    if not (lengths.dtype.is_integer or lengths.dtype.is_floating):
        raise InvalidArgumentError(
            None, None, message("sequence_mask_lengths", dtype=lengths.dtype.name)
        )
    if maxlen is None:  # TF: range(max(lengths)), so a fractional length rounds up
        host = _host(lengths)
        n = int(_hostlib.ceil(host.max())) if host.size else 0
    else:
        n = int(_host(maxlen).reshape(-1)[0])
    n = max(n, 0)
    steps = Tensor(to_raw(_hostlib.arange(n), as_dtype(lengths.dtype.name), like=lengths._value))
    mask = _comparison.less(steps, _shape.expand_dims(lengths, -1))
    d = as_dtype(dtype)
    return mask if d.is_bool else _core_math.cast(mask, d)


def searchsorted(sorted_sequence, values, side="left", out_type="int32", name=None) -> Tensor:
    """``tf.searchsorted``: where each value would go in its row of ``sorted_sequence``.

    Counted, not bisected: the index is the number of entries below (``left``) or not above
    (``right``) the value, which is the insertion point of a sorted row.
    """
    if side not in ("left", "right"):
        raise ValueError(message("searchsorted_side", side=side))
    seq = _t(sorted_sequence)
    vals = _arithmetic._as_tensor(values, seq)
    if seq.ndim < 1 or vals.ndim < 1 or tuple(seq.shape[:-1]) != tuple(vals.shape[:-1]):
        raise InvalidArgumentError(
            None, None, message("searchsorted_shape", a=list(seq.shape), b=list(vals.shape))
        )
    rows = _shape.expand_dims(seq, -2)  # (..., 1, n)
    cols = _shape.expand_dims(vals, -1)  # (..., m, 1)
    below = _comparison.less(rows, cols) if side == "left" else _comparison.less_equal(rows, cols)
    return _r.reduce_sum(_core_math.cast(below, out_type), axis=-1)


def unique_with_counts(x, out_idx="int32", name=None) -> UniqueWithCounts:
    """``tf.unique_with_counts``: ``tf.unique``'s (y, idx) and how often each y occurs."""
    y, idx = _sort.unique(x, out_idx=out_idx)
    n = int(y.shape[0])
    hits = _comparison.equal(
        _shape.expand_dims(idx, 0),
        _shape.expand_dims(
            Tensor(to_raw(_hostlib.arange(n), as_dtype(out_idx), like=idx._value)), 1
        ),
    )
    count = _r.reduce_sum(_core_math.cast(hits, out_idx), axis=1)
    return UniqueWithCounts(y, idx, count)


def confusion_matrix(
    labels, predictions, num_classes=None, weights=None, dtype="int32", name=None
) -> Tensor:
    """``tf.math.confusion_matrix``: counts (or summed weights) of each (label, prediction) pair."""
    lab = _host(labels).astype("int64").reshape(-1)
    pred = _host(predictions).astype("int64").reshape(-1)
    if lab.shape != pred.shape:
        raise ValueError(
            message("same_shape", a="labels", b="predictions", sa=lab.shape, sb=pred.shape)
        )
    for what, v in (("labels", lab), ("predictions", pred)):
        if v.size and v.min() < 0:
            raise InvalidArgumentError(
                None, None, message("confusion_negative", what=what, values=v.tolist())
            )
    if num_classes is None:
        n = int(max(lab.max(initial=-1), pred.max(initial=-1))) + 1
    else:
        n = int(_host(num_classes).reshape(-1)[0])
        for what, v in (("labels", lab), ("predictions", pred)):
            if v.size and v.max() >= n:
                raise InvalidArgumentError(
                    None, None, message("confusion_range", what=what, n=n, values=v.tolist())
                )
    d = as_dtype(dtype)
    if weights is None:
        updates = Tensor(_backend.asarray(_hostlib.ones(lab.shape, dtype=d.name)))
    else:
        updates = _core_math.cast(_core_shape.reshape(_t(weights), (-1,)), d)
    idx = _hostlib.stack([lab, pred], axis=1)
    return _s.scatter_nd(idx, updates, [n, n])
