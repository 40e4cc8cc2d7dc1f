"""More of ``tf.nn``: ``dropout``, ``embedding_lookup``, ``crelu`` and ``in_top_k``.

``dropout`` is TF's: kept values are scaled by 1 / (1 - rate), dropped ones are 0, and the
gradient is the mask times that scale.  Its random numbers come from tapekit's generator
(``tk.random.set_seed`` plus the op ``seed``), so the same seeds repeat the same mask,
though not TF's mask.
"""

from __future__ import annotations

import numbers

from .._engine import backend as _backend
from .._engine.tensor import Tensor, TensorLike, to_raw
from .._messages import message
from ..errors import InvalidArgumentError
from . import (
    _core_math,
    _core_shape,
)
from . import clip as _clip
from . import comparison as _comparison
from . import indexing as _indexing
from . import nn as _nn
from . import reduction as _r
from . import shape as _shape
from ._core_shape import _t
from .creation import _generator

_hostlib = _backend.host


def _rate_value(rate) -> float:
    if isinstance(rate, TensorLike):
        if rate.ndim != 0:
            raise ValueError(message("dropout_rate", rate=rate))
        _indexing._value_leaves_plan(rate, "a dropout rate computed from the inputs")
        return float(_backend.to_host(rate._value))
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real):
        raise ValueError(message("dropout_rate", rate=rate))
    return float(rate)


def dropout(x, rate, noise_shape=None, seed=None, name=None) -> Tensor:
    """``tf.nn.dropout``: zero each entry with probability ``rate``, scale the rest by 1/(1-rate)."""
    x = _t(x)
    if not x.dtype.is_floating:
        raise ValueError(message("dropout_dtype", dtype=f"<dtype: '{x.dtype.name}'>"))
    r = _rate_value(rate)
    if not 0.0 <= r < 1.0:
        raise ValueError(message("dropout_rate", rate=rate))
    if r == 0.0 and not isinstance(rate, TensorLike):
        return _core_shape.identity(x)
    shape = tuple(int(d) for d in x.shape)
    if noise_shape is None:
        noise = shape
    elif isinstance(noise_shape, (list, tuple)) and len(noise_shape) == len(shape):
        # TF: a None entry takes x's size there
        noise = tuple(d if n is None else int(n) for n, d in zip(noise_shape, shape))
    else:
        noise = tuple(_core_shape._host_ints(noise_shape))
    try:
        ok = _hostlib.broadcast_shapes(noise, shape) == shape
    except ValueError:
        ok = False
    if not ok:
        raise InvalidArgumentError(
            None, None, message("dropout_noise_shape", noise=list(noise), shape=list(shape))
        )
    uniform = _generator(seed).uniform(0.0, 1.0, noise)
    keep = Tensor(to_raw(uniform >= r, like=x._value))
    scaled = _core_math.multiply(x, _core_math._const_like(1.0 / (1.0 - r), x))
    return _comparison.where(keep, scaled, _core_math.zeros_like_const(x))


def embedding_lookup(params, ids, max_norm=None, name=None) -> Tensor:
    """``tf.nn.embedding_lookup``: the rows of ``params`` that ``ids`` name (shards: "mod").

    ``params`` may be a list of shards: id i is row i // n of shard i % n, as in TF.  With
    ``max_norm``, each looked-up embedding is clipped to that L2 norm.
    """
    shards = [_t(p) for p in params] if isinstance(params, (list, tuple)) else [_t(params)]
    idx = _hostlib.asarray(_backend.to_host(ids._value) if isinstance(ids, TensorLike) else ids)
    if isinstance(ids, TensorLike):
        _indexing._value_leaves_plan(ids, "embedding ids computed from the inputs")
    n = len(shards)
    if n == 1:
        table, flat = shards[0], idx
    else:
        sizes = [int(s.shape[0]) for s in shards]
        offsets = _hostlib.concatenate([[0], _hostlib.cumsum(sizes)[:-1]])
        shard, row = idx % n, idx // n
        if idx.size and (idx.min() < 0 or _hostlib.any(row >= _hostlib.asarray(sizes)[shard])):
            total = sum(sizes)
            raise InvalidArgumentError(
                None, None, message("embedding_ids", ids=idx.reshape(-1).tolist(), size=total)
            )
        table, flat = _shape.concat(shards, axis=0), offsets[shard] + row
    size = int(table.shape[0])
    if idx.size and (idx.min() < 0 or idx.max() >= size) and n == 1:
        raise InvalidArgumentError(
            None, None, message("embedding_ids", ids=idx.reshape(-1).tolist(), size=size)
        )
    out = _indexing.gather(
        table, Tensor(to_raw(_hostlib.asarray(flat, dtype="int64"), like=table._value))
    )
    if max_norm is not None:
        axes = list(range(idx.ndim, out.ndim))
        out = _clip.clip_by_norm(out, max_norm, axes=axes)
    return out


def crelu(features, axis=-1, name=None) -> Tensor:
    """``tf.nn.crelu``: relu of [x, -x] concatenated along ``axis`` (twice the width)."""
    x = _t(features)
    return _nn.relu(_shape.concat([x, _core_math.negative(x)], axis=axis))


def in_top_k(targets, predictions, k, name=None) -> Tensor:
    """``tf.math.in_top_k``: is each row's target class among its ``k`` largest predictions?

    Ties at the k-th place all count as in the top k; a row with a non-finite prediction
    (inf or NaN, anywhere in it) gives False, as in TF.
    """
    p = _t(predictions)
    t = _t(targets)
    if p.ndim != 2 or t.ndim != 1 or int(t.shape[0]) != int(p.shape[0]):
        raise InvalidArgumentError(
            None, None, message("in_top_k_shape", p=list(p.shape), t=list(t.shape))
        )
    _indexing._value_leaves_plan(t, "in_top_k targets computed from the inputs")
    labels = _hostlib.asarray(_backend.to_host(t._value)).astype("int64")
    classes = int(p.shape[1])
    valid = (labels >= 0) & (labels < classes)
    picked = _hostlib.where(valid, labels, 0)
    onehot = Tensor(to_raw(_hostlib.eye(classes, dtype=bool)[picked], like=p._value))
    target = _r.reduce_sum(
        _comparison.where(onehot, p, _core_math.zeros_like_const(p)), axis=1, keepdims=True
    )
    above = _r.reduce_sum(_core_math.cast(_comparison.greater(p, target), "int32"), axis=1)
    kk = int(_core_shape._host_ints(k)[0])
    ok = _comparison.logical_and(
        _comparison.less(above, kk), _r.reduce_all(_comparison.is_finite(p), axis=1)
    )
    return _comparison.logical_and(ok, Tensor(to_raw(valid, like=p._value)))
