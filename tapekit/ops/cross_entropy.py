"""The cross-entropies with logits (``tk.nn``): sigmoid, softmax and sparse softmax.

The sparse one is TF's fused kernel, with its own gradient op so that its second
derivative is TF's; the other two are composed as TF composes them.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import FLOATING
from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from . import creation as _c
from ._core_math import _const_like, add, multiply, negative, subtract, zeros_like_const
from ._core_shape import _t, reduce_sum
from ._registry import apply, primitive
from .comparison import greater_equal, where
from .elementwise import exp, log1p
from .nn import _softmax_vjp, log_softmax, max_shifted, softmax
from .shape import expand_dims


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None) -> Tensor:
    """max(x, 0) - x z + log(1 + exp(-|x|)), composed with ``where`` exactly as TF does."""
    x = _t(logits)
    z = (
        labels
        if isinstance(labels, TensorLike)
        else _const_like(_backend.to_host(_backend.asarray(labels)), x)
    )
    cond = greater_equal(x, zeros_like_const(x))
    relu_logits = where(cond, x, zeros_like_const(x))
    neg_abs = where(cond, negative(x), x)
    return add(subtract(relu_logits, multiply(x, z)), log1p(exp(neg_abs)))


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None) -> Tensor:
    """``tf.nn.softmax_cross_entropy_with_logits``: -Σ labels·log_softmax(logits) along ``axis``."""
    x = _t(logits)
    z = (
        labels
        if isinstance(labels, TensorLike)
        else _const_like(_backend.to_host(_backend.asarray(labels)), x)
    )
    return negative(reduce_sum(multiply(z, log_softmax(x, axis=axis)), axis=axis))


@primitive(
    "SparseSoftmaxCrossEntropyWithLogits",
    dtype_args=(0,),
    dtypes=FLOATING,  # TF's kernel: half, float, double
    reads=("inputs",),
    explain="softmax({a}) − one_hot({b})",
)
def _sparse_xent(xp, logits, labels):
    """logsumexp(x) - x[label] per row, from the max-shifted logits (TF's fused kernel)."""
    depth = logits.shape[-1]
    if labels.size and _arrays.any_outside(xp, labels, depth):
        host = _backend.to_host(labels).ravel()
        bad = host[(host < 0) | (host >= depth)][0]
        raise InvalidArgumentError(
            None,
            None,
            message(
                "sparse_xent_label",
                value=bad,
                depth=depth,
                labels=" ".join(str(v) for v in host[:10]),
            ),
        )
    shifted = max_shifted(xp, logits, -1)
    lse = xp.log(_arrays.sum_over(xp, xp.exp(shifted), -1, False))
    return lse - _arrays.pick_last(xp, shifted, labels)


@primitive(
    "SparseSoftmaxCrossEntropyWithLogitsGrad",
    dtype_args=(0, 2),
    reads=("inputs",),
    explain=("(diag(p) − p·pᵀ)·{c}, p = softmax({a})", "0", "softmax({a}) − one_hot({b})"),
)
def _sparse_xent_grad(xp, logits, labels, g):
    """(softmax(x) - one_hot(label)) * g per row: the loss's whole gradient in one op.

    ``g`` is the incoming gradient per row, possibly with leading batch axes (then the
    result has them too).
    """
    p = xp.exp(max_shifted(xp, logits, -1))  # our own temporaries: updated in place
    p /= _arrays.sum_over(xp, p, -1, True)
    out = _arrays.minus_one_hot(xp, p, labels)
    if g.shape != labels.shape:  # g has batch axes of its own: the result is larger
        return out * g[..., None]
    out *= g[..., None]
    return out


def _sparse_xent_grad_vjp_logits(gg, ans, x, labels, g):
    """d/dx of (softmax(x) - hot) * g is softmax's Jacobian: TF 2.21's second derivative."""
    t = multiply(gg, expand_dims(g, -1))
    nbg = len(g._value.shape) - len(labels._value.shape)  # g's own batch axes: summed out
    if nbg:
        nb2 = len(gg._value.shape) - len(ans._value.shape)
        t = reduce_sum(t, axis=tuple(range(nb2, nb2 + nbg)))
    return _softmax_vjp(t, softmax(x), x, len(x._value.shape) - 1)


def _sparse_xent_grad_vjp_g(gg, ans, x, labels, g):
    """d/dg of (softmax(x) - hot) * g: the unscaled gradient, contracted over classes."""
    unit = apply(_sparse_xent_grad, (x, labels, _c.ones_like(labels, dtype=x.dtype)))
    return reduce_sum(multiply(gg, unit), axis=-1)


# second derivative: softmax's Jacobian for the logits, the unscaled gradient for g
_sparse_xent_grad.defvjp(_sparse_xent_grad_vjp_logits, None, _sparse_xent_grad_vjp_g)
# d/dlogits = softmax(x) - one_hot(label), scaled by ḡ; labels: none
_sparse_xent.defvjp(lambda g, ans, x, labels: apply(_sparse_xent_grad, (x, labels, g)), None)


def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name=None) -> Tensor:
    """``-log softmax(logits)[label]`` per example, for integer class labels."""
    x = _t(logits)
    k = _t(labels)
    if not k.dtype.is_integer:
        raise InvalidArgumentError(
            None, None, message("sparse_xent_label_dtype", dtype=k.dtype.name)
        )
    if tuple(k._value.shape) != tuple(x._value.shape[:-1]):
        raise ValueError(
            message("sparse_xent_shape", labels=tuple(k._value.shape), logits=tuple(x._value.shape))
        )
    return apply(_sparse_xent, (x, k))
