"""Clipping by norm: ``clip_by_norm``, ``clip_by_global_norm`` and ``global_norm``.

Written as TF writes them (the same formulas, so the same values at a zero norm and the
same gradients, which flow through the norm too).
"""

from __future__ import annotations

from collections.abc import Sequence

from .._engine.tensor import Tensor
from .._messages import message
from . import nn as _nn
from ._core_math import _const_like, add, cast, divide, multiply, ones_like_const, subtract
from ._core_shape import _t, identity, reduce_sum
from .arithmetic import _as_tensor, maximum, minimum
from .comparison import greater, where
from .elementwise import sqrt
from .shape import stack


def clip_by_norm(t, clip_norm, axes=None, name=None) -> Tensor:
    """``t * clip_norm / max(l2norm(t), clip_norm)``: rescaled only if its norm is larger."""
    x = _t(t)
    l2sum = reduce_sum(multiply(x, x), axis=axes, keepdims=True)
    positive = greater(l2sum, 0)
    safe = where(positive, l2sum, ones_like_const(l2sum))
    l2norm = where(positive, sqrt(safe), l2sum)
    clip = _as_tensor(clip_norm, x)
    return identity(divide(multiply(x, clip), maximum(l2norm, clip)))


def _check_list(t_list):
    if not isinstance(t_list, Sequence) or isinstance(t_list, str):
        raise TypeError(message("t_list_sequence", type=f"<class '{type(t_list).__name__}'>"))


def global_norm(t_list, name=None) -> Tensor:
    """sqrt(sum of squares of every entry of every tensor in ``t_list``); None skipped."""
    _check_list(t_list)
    halves = [_nn.l2_loss(_t(v)) for v in t_list if v is not None]
    half = reduce_sum(stack(halves))
    return sqrt(multiply(half, _const_like(2.0, half)))


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None) -> tuple:
    """(tensors scaled by clip_norm / max(global_norm, clip_norm), global_norm).

    None entries stay None; an infinite or NaN norm makes every entry NaN, as in TF.
    """
    _check_list(t_list)
    norm = global_norm(t_list) if use_norm is None else _t(use_norm)
    clip = _as_tensor(clip_norm, norm)
    one = _const_like(1.0, norm)
    scale = multiply(clip, minimum(divide(one, norm), divide(one, clip)))
    scale = add(scale, subtract(norm, norm))  # NaN unless the norm is finite
    clipped = [
        None if v is None else identity(multiply(_t(v), cast(scale, _t(v).dtype))) for v in t_list
    ]
    return clipped, norm
