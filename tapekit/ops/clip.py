"""Clipping by norm: ``clip_by_norm``, ``clip_by_global_norm`` and ``global_norm``.

Written as TF writes them (the same formulas, so the same values at a zero norm and the
same gradients, which flow through the norm too).
"""

from __future__ import annotations

from collections.abc import Sequence

from .._messages import message
from .._tensor import Tensor, _TensorLike, convert_to_tensor
from . import array as _a
from . import math as _m
from . import nn as _nn
from . import reduction as _r


def _t(x) -> _TensorLike:
    return x if isinstance(x, _TensorLike) else convert_to_tensor(x)


def clip_by_norm(t, clip_norm, axes=None, name=None) -> Tensor:
    """``t * clip_norm / max(l2norm(t), clip_norm)``: rescaled only if its norm is larger."""
    x = _t(t)
    l2sum = _r.reduce_sum(_m.multiply(x, x), axis=axes, keepdims=True)
    positive = _m.greater(l2sum, 0)
    safe = _m.where(positive, l2sum, _m.ones_like_const(l2sum))
    l2norm = _m.where(positive, _m.sqrt(safe), l2sum)
    clip = _m._as_tensor(clip_norm, x)
    return _a.identity(_m.divide(_m.multiply(x, clip), _m.maximum(l2norm, clip)))


def _check_list(t_list):
    if not isinstance(t_list, Sequence) or isinstance(t_list, str):
        raise TypeError(message("t_list_sequence", type=f"<class '{type(t_list).__name__}'>"))


def global_norm(t_list, name=None) -> Tensor:
    """sqrt(sum of squares of every entry of every tensor in ``t_list``); None skipped."""
    _check_list(t_list)
    halves = [_nn.l2_loss(_t(v)) for v in t_list if v is not None]
    half = _r.reduce_sum(_a.stack(halves))
    return _m.sqrt(_m.multiply(half, _m._const_like(2.0, half)))


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None) -> tuple:
    """(tensors scaled by clip_norm / max(global_norm, clip_norm), global_norm).

    None entries stay None; an infinite or NaN norm makes every entry NaN, as in TF.
    """
    _check_list(t_list)
    norm = global_norm(t_list) if use_norm is None else _t(use_norm)
    clip = _m._as_tensor(clip_norm, norm)
    one = _m._const_like(1.0, norm)
    scale = _m.multiply(clip, _m.minimum(_m.divide(one, norm), _m.divide(one, clip)))
    scale = _m.add(scale, _m.subtract(norm, norm))  # NaN unless the norm is finite
    clipped = [
        None if v is None else _a.identity(_m.multiply(_t(v), _m.cast(scale, _t(v).dtype)))
        for v in t_list
    ]
    return clipped, norm
