"""Losses from ``tf.nn`` under TF's names: ``log_poisson_loss``,
``weighted_cross_entropy_with_logits``, ``compute_average_loss`` and
``scale_regularization_loss``, with TF's formulas (one replica: no distribution strategy).
"""

from __future__ import annotations

import math as _pymath

from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from . import (
    _core_math,
)
from . import arithmetic as _arithmetic
from . import comparison as _comparison
from . import elementwise as _elementwise
from . import nn as _nn
from . import reduction as _r
from . import shape as _shape
from ._core_shape import _t


def _same_shape(a, b, name_a, name_b) -> None:
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(
            message("same_shape", a=name_a, b=name_b, sa=tuple(a.shape), sb=tuple(b.shape))
        )


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None) -> Tensor:
    """``tf.nn.log_poisson_loss``: exp(log_input) - log_input * targets (+ Stirling's term)."""
    log_input = _t(log_input)
    targets = _arithmetic._as_tensor(targets, log_input)
    _same_shape(log_input, targets, "log_input", "targets")
    result = _core_math.subtract(
        _elementwise.exp(log_input), _core_math.multiply(log_input, targets)
    )
    if compute_full_loss:
        half_log = _core_math.multiply(
            _core_math._const_like(0.5, targets),
            _elementwise.log(
                _core_math.multiply(_core_math._const_like(2 * _pymath.pi, targets), targets)
            ),
        )
        stirling = _core_math.add(
            _core_math.subtract(_core_math.multiply(targets, _elementwise.log(targets)), targets),
            half_log,
        )
        zeros = _core_math.zeros_like_const(targets)
        small = _comparison.logical_and(
            _comparison.greater_equal(targets, 0), _comparison.less_equal(targets, 1)
        )
        result = _core_math.add(result, _comparison.where(small, zeros, stirling))
    return result


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None) -> Tensor:
    """``tf.nn.weighted_cross_entropy_with_logits``: sigmoid cross-entropy, positives x pos_weight."""
    logits = _t(logits)
    labels = _arithmetic._as_tensor(labels, logits)
    _same_shape(logits, labels, "logits", "labels")
    one = _core_math._const_like(1, logits)
    log_weight = _core_math.add(
        one,
        _core_math.multiply(
            _core_math.subtract(_arithmetic._as_tensor(pos_weight, logits), one), labels
        ),
    )
    softplus_neg = _core_math.add(
        _elementwise.log1p(_elementwise.exp(_core_math.negative(_elementwise.abs(logits)))),
        _nn.relu(_core_math.negative(logits)),
    )
    return _core_math.add(
        _core_math.multiply(_core_math.subtract(one, labels), logits),
        _core_math.multiply(log_weight, softplus_neg),
    )


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None) -> Tensor:
    """``tf.nn.compute_average_loss``: sum(per_example_loss * sample_weight) / global_batch_size."""
    loss = _t(per_example_loss)
    if loss.ndim == 0:
        raise ValueError(message("per_example_loss_rank", value=loss))
    dtype = loss.dtype
    if sample_weight is not None:  # TF's squeeze_or_expand_dimensions, then broadcasting
        w = _core_math.cast(_arithmetic._as_tensor(sample_weight, loss), dtype)
        if w.ndim == loss.ndim + 1 and w.shape[-1] == 1:
            w = _shape.squeeze(w, [-1])
        elif w.ndim + 1 == loss.ndim:
            w = _shape.expand_dims(w, -1)
        loss = _core_math.multiply(loss, w)
    if global_batch_size is None:
        size = int(loss.shape[0])
    else:
        g = global_batch_size
        if isinstance(g, TensorLike):
            if g.ndim != 0 or not g.dtype.is_integer:
                raise ValueError(message("global_batch_size", value=g))
            g = int(g.numpy())
        elif isinstance(g, bool) or not isinstance(g, int):
            raise ValueError(message("global_batch_size", value=g))
        if g <= 0:
            raise ValueError(message("global_batch_size", value=g))
        size = g
    return _core_math.divide(_r.reduce_sum(loss), _core_math._const_like(size, loss))


def scale_regularization_loss(regularization_loss) -> Tensor:
    """``tf.nn.scale_regularization_loss``: the summed loss divided by the replicas (here 1)."""
    if isinstance(regularization_loss, (list, tuple)):
        regularization_loss = _arithmetic.add_n([_t(v) for v in regularization_loss])
    loss = _t(regularization_loss)
    return _core_math.divide(_r.reduce_sum(loss), _core_math._const_like(1, loss))
