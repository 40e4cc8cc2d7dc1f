"""Losses from ``tf.nn`` under TF's names: ``log_poisson_loss``,
``weighted_cross_entropy_with_logits``, ``compute_average_loss`` and
``scale_regularization_loss``, with TF's formulas (one replica: no distribution strategy).
"""

from __future__ import annotations

import math as _pymath

from .._messages import message
from .._tensor import Tensor, _TensorLike, convert_to_tensor
from . import _more_messages  # noqa: F401  (registers the keys used here)
from . import array as _a
from . import math as _m
from . import nn as _nn
from . import reduction as _r


def _t(x) -> _TensorLike:
    return x if isinstance(x, _TensorLike) else convert_to_tensor(x)


def _same_shape(a, b, name_a, name_b) -> None:
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(
            message("same_shape", a=name_a, b=name_b, sa=tuple(a.shape), sb=tuple(b.shape))
        )


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None) -> Tensor:
    """``tf.nn.log_poisson_loss``: exp(log_input) - log_input * targets (+ Stirling's term)."""
    log_input = _t(log_input)
    targets = _m._as_tensor(targets, log_input)
    _same_shape(log_input, targets, "log_input", "targets")
    result = _m.subtract(_m.exp(log_input), _m.multiply(log_input, targets))
    if compute_full_loss:
        half_log = _m.multiply(
            _m._const_like(0.5, targets),
            _m.log(_m.multiply(_m._const_like(2 * _pymath.pi, targets), targets)),
        )
        stirling = _m.add(_m.subtract(_m.multiply(targets, _m.log(targets)), targets), half_log)
        zeros = _m.zeros_like_const(targets)
        small = _m.logical_and(_m.greater_equal(targets, 0), _m.less_equal(targets, 1))
        result = _m.add(result, _m.where(small, zeros, stirling))
    return result


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None) -> Tensor:
    """``tf.nn.weighted_cross_entropy_with_logits``: sigmoid cross-entropy, positives x pos_weight."""
    logits = _t(logits)
    labels = _m._as_tensor(labels, logits)
    _same_shape(logits, labels, "logits", "labels")
    one = _m._const_like(1, logits)
    log_weight = _m.add(
        one, _m.multiply(_m.subtract(_m._as_tensor(pos_weight, logits), one), labels)
    )
    softplus_neg = _m.add(
        _m.log1p(_m.exp(_m.negative(_m.abs(logits)))), _nn.relu(_m.negative(logits))
    )
    return _m.add(
        _m.multiply(_m.subtract(one, labels), logits), _m.multiply(log_weight, softplus_neg)
    )


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None) -> Tensor:
    """``tf.nn.compute_average_loss``: sum(per_example_loss * sample_weight) / global_batch_size."""
    loss = _t(per_example_loss)
    if loss.ndim == 0:
        raise ValueError(message("per_example_loss_rank", value=loss))
    dtype = loss.dtype
    if sample_weight is not None:  # TF's squeeze_or_expand_dimensions, then broadcasting
        w = _m.cast(_m._as_tensor(sample_weight, loss), dtype)
        if w.ndim == loss.ndim + 1 and w.shape[-1] == 1:
            w = _a.squeeze(w, [-1])
        elif w.ndim + 1 == loss.ndim:
            w = _a.expand_dims(w, -1)
        loss = _m.multiply(loss, w)
    if global_batch_size is None:
        size = int(loss.shape[0])
    else:
        g = global_batch_size
        if isinstance(g, _TensorLike):
            if g.ndim != 0 or not g.dtype.is_integer:
                raise ValueError(message("global_batch_size", value=g))
            g = int(g.numpy())
        elif isinstance(g, bool) or not isinstance(g, int):
            raise ValueError(message("global_batch_size", value=g))
        if g <= 0:
            raise ValueError(message("global_batch_size", value=g))
        size = g
    return _m.divide(_r.reduce_sum(loss), _m._const_like(size, loss))


def scale_regularization_loss(regularization_loss) -> Tensor:
    """``tf.nn.scale_regularization_loss``: the summed loss divided by the replicas (here 1)."""
    if isinstance(regularization_loss, (list, tuple)):
        regularization_loss = _m.add_n([_t(v) for v in regularization_loss])
    loss = _t(regularization_loss)
    return _m.divide(_r.reduce_sum(loss), _m._const_like(1, loss))
