"""Neural-network ops (``tk.nn``): activations, softmax, cross-entropies, l2_loss.

Where TF defines an op by composition (sigmoid cross-entropy, gelu), tapekit composes
the same way, so gradients match TF's even at kinks.
"""

from __future__ import annotations

import math as _pymath

from .._engine import backend as _backend
from .._engine.dtypes import FLOATING, REAL, tf_type_list
from .._engine.tensor import Tensor, TensorLike, convert_to_tensor
from .._messages import message
from ..errors import InvalidArgumentError
from . import _registry
from . import arithmetic as _arithmetic
from . import creation as _c
from . import elementwise as _elementwise
from . import trigonometric as _trigonometric
from ._core_math import (
    _const_like,
    add,
    cast,
    divide,
    multiply,
    negative,
    ones_like_const,
    subtract,
    zeros_like_const,
)
from ._core_shape import reduce_sum
from ._registry import Emit, apply, batch_ndim, primitive
from .comparison import greater, greater_equal, less, where
from .elementwise import erf, exp, log1p, square
from .shape import expand_dims

_np = _backend.np


def _t(x):
    return x if isinstance(x, TensorLike) else convert_to_tensor(x)


@primitive(
    "MaskedGrad",
    dtype_args=(0,),
    reads=("inputs",),
    explain=("f′({b}) of the activation (relu: [{b} > 0])", "0"),
    codegen=Emit(
        "{0} * ({1} > 0)", when=("kind", "relu"), ufunc="multiply", operands="{0}, {1} > 0"
    ),
)
def _masked(xp, g, x, kind, alpha):
    """g * f'(x) for piecewise-linear activations; its own rule keeps relu'' = 0 (TF)."""
    if kind == "relu":
        m = x > 0
    elif kind == "relu6":
        m = xp.logical_and(x > 0, x < 6)
    else:  # leaky: slope 1 above 0, alpha below
        slope = xp.astype(x > 0, g.dtype) if xp is not _np else (x > 0).astype(g.dtype)
        return g * (slope * (1 - alpha) + alpha)
    # g * mask, as TF's kernels do (NumPy's where() is several times slower here)
    return g * (m if xp is _np else xp.astype(m, g.dtype))


# MaskedGrad(g, x) = g·f'(x): d/dg = f'(x), d/dx = 0
_masked.defvjp(
    lambda gg, ans, g, x, kind, alpha: apply(_masked, (gg, x), {"kind": kind, "alpha": alpha}),
    # f'' = 0: zeros shaped like x plus gg's own batch axes (g's batch axes, if g had
    # any, are not x's: x entered the op without them)
    lambda gg, ans, g, x, kind, alpha: _c.zeros_for(x, gg, batch_ndim(gg, ans)),
)


def _activation(name, forward, kind, alpha=0.0, **facts):
    p = _registry.Primitive(name, forward, reads=("output",), dtypes=REAL, **facts)
    # relu(x) > 0 exactly where x > 0 (and < 6 where x < 6): the rule reads the output,
    # so a tape need not keep the input alive
    p.defvjp(lambda g, ans, x: apply(_masked, (g, ans), {"kind": kind, "alpha": alpha}))
    return p


_relu = _activation(
    "Relu",
    lambda xp, x: (
        xp.maximum(x, xp.zeros_like(x))
        if xp is not _np
        else _np.maximum(x, 0).astype(x.dtype, copy=False)
    ),
    "relu",
    explain="[{a} > 0]",
    codegen=Emit("_np.maximum({0}, 0)", ufunc="maximum", operands="{0}, 0"),
)
_relu6 = _activation(
    "Relu6",
    lambda xp, x: (
        xp.clip(x, 0, 6) if xp is not _np else _np.clip(x, 0, 6).astype(x.dtype, copy=False)
    ),
    "relu6",
    explain="[0 < {a} < 6]",
)


def relu(features, name=None) -> Tensor:
    """``tf.nn.relu``: max(x, 0); relu'(0) = 0 as in TF."""
    __tracebackhide__ = True
    return apply(_relu, (features,))


def relu6(features, name=None) -> Tensor:
    """``tf.nn.relu6``: min(max(x, 0), 6)."""
    return apply(_relu6, (features,))


@primitive("LeakyRelu", dtypes=FLOATING, explain="1 if {a} > 0 else α")
def _leaky(xp, x, alpha):
    return xp.where(x > 0, x, x * alpha)


# d leaky_relu(x) = 1 above 0, alpha below
_leaky.defvjp(lambda g, ans, x, alpha: apply(_masked, (g, x), {"kind": "leaky", "alpha": alpha}))


def leaky_relu(features, alpha=0.2, name=None) -> Tensor:
    """``tf.nn.leaky_relu``: x above 0, alpha·x below; integers become float32 (as in TF)."""
    x = _t(features)
    if x.dtype.is_integer:
        x = cast(x, "float32")
    return apply(_leaky, (x,), {"alpha": float(alpha)})


@primitive("Elu", dtypes=FLOATING, explain="1 if {a} > 0 else {y} + 1")
def _elu(xp, x):
    return xp.where(x > 0, x, xp.expm1(xp.minimum(x, 0)))


# d elu(x) = 1 above 0, elu(x) + 1 below
_elu.defvjp(lambda g, ans, x: multiply(g, where(greater(x, 0), ones_like_const(x), add(ans, 1))))


def elu(features, name=None) -> Tensor:
    """``tf.nn.elu``: x above 0, eˣ - 1 below."""
    return apply(_elu, (features,))


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@primitive("Selu", dtypes=FLOATING, explain="scale if {y} ≥ 0 else {y} + scale·α")
def _selu(xp, x):
    return _SELU_SCALE * xp.where(x > 0, x, _SELU_ALPHA * xp.expm1(xp.minimum(x, 0)))


_selu.defvjp(  # TF's SeluGrad selects on the activation: selu'(0) = scale
    lambda g, ans, x: multiply(
        g,
        where(
            less(ans, 0),
            add(ans, _SELU_SCALE * _SELU_ALPHA),
            _const_like(_SELU_SCALE, x),
        ),
    )
)


def selu(features, name=None) -> Tensor:
    """``tf.nn.selu``: scale·elu with TF's alpha and scale (self-normalizing)."""
    return apply(_selu, (features,))


def _floating_features(x, op: str) -> None:
    """TF's Python-level check of activations composed from other ops."""
    if not x.dtype.is_floating:
        raise ValueError(message("features_float", dtype=x.dtype.name, op=op))


def _float_kernel(x, op: str) -> None:
    """TF's kernel check (``InvalidArgumentError``) for ops tapekit composes."""
    if not x.dtype.is_floating:
        raise InvalidArgumentError(
            None,
            None,
            message(
                "dtype_not_allowed",
                op=op,
                dtype=x.dtype.name,
                allowed=tf_type_list(FLOATING),
                hint="float32",
            ),
        )


def gelu(features, approximate=False, name=None) -> Tensor:
    """``tf.nn.gelu``: x·Φ(x) (``approximate``: the tanh form)."""
    x = _t(features)
    _floating_features(x, "gelu")
    if approximate:
        c = _pymath.sqrt(2.0 / _pymath.pi)
        inner = multiply(c, add(x, multiply(0.044715, _arithmetic.pow(x, 3))))
        return multiply(multiply(0.5, x), add(1.0, _trigonometric.tanh(inner)))
    return multiply(multiply(0.5, x), add(1.0, erf(divide(x, _pymath.sqrt(2.0)))))


def softsign(features, name=None) -> Tensor:
    """``tf.nn.softsign``: x / (|x| + 1)."""
    x = _t(features)
    _float_kernel(x, "Softsign")
    return divide(x, add(_elementwise.abs(x), 1))


def swish(features, beta=1.0, name=None) -> Tensor:
    """``tf.nn.silu``: x·σ(beta·x)."""
    x = _t(features)
    if beta == 1.0:
        return multiply(x, _elementwise.sigmoid(x))
    return multiply(x, _elementwise.sigmoid(multiply(x, beta)))


silu = swish


@primitive(
    "Softmax",
    reads=("output",),
    dtypes=FLOATING,
    explain="diag({y}) − {y}·{y}ᵀ (along the axis)",
    codegen=Emit(),
)
def _softmax(xp, x, axis):
    m = xp.max(x, axis=axis, keepdims=True)
    e = xp.exp(x - m)
    return e / xp.sum(e, axis=axis, keepdims=True)


def _softmax_vjp(g, ans, x, axis):
    gy = multiply(g, ans)
    return subtract(
        gy, multiply(ans, reduce_sum(gy, axis=axis - len(x._value.shape), keepdims=True))
    )


# softmax's Jacobian: x̄ = y·(ḡ - Σ ḡ·y)
_softmax.defvjp(_softmax_vjp)


@primitive(
    "LogSoftmax",
    reads=("output",),
    dtypes=FLOATING,
    explain="1 − exp({y}) (along the axis)",
    codegen=Emit(),
)
def _log_softmax(xp, x, axis):
    m = xp.max(x, axis=axis, keepdims=True)
    s = x - m
    return s - xp.log(xp.sum(xp.exp(s), axis=axis, keepdims=True))


def _log_softmax_vjp(g, ans, x, axis):
    total = reduce_sum(g, axis=axis - len(x._value.shape), keepdims=True)
    return subtract(g, multiply(exp(ans), total))


# x̄ = ḡ - softmax(x)·Σ ḡ
_log_softmax.defvjp(_log_softmax_vjp)


def softmax(logits, axis=None, name=None) -> Tensor:
    """``tf.math.softmax``: eˣ normalized to sum to 1 along ``axis`` (the last by default)."""
    x = _t(logits)
    ax = -1 if axis is None else int(axis)
    return apply(_softmax, (x,), {"axis": ax % x.ndim})


def log_softmax(logits, axis=None, name=None) -> Tensor:
    """``tf.math.log_softmax``: x - logsumexp(x) along ``axis``, computed stably."""
    x = _t(logits)
    ax = -1 if axis is None else int(axis)
    return apply(_log_softmax, (x,), {"axis": ax % x.ndim})


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
    reads=("inputs",),
    explain="softmax({a}) − one_hot({b})",
)
def _sparse_xent(xp, logits, labels):
    """logsumexp(x) - x[label] per row, from the max-shifted logits (TF's fused kernel)."""
    depth = logits.shape[-1]
    if labels.size and _any_label_out_of_range(xp, labels, depth):
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
    if xp is _np:  # our own temporaries, in place; integer-array indexing for the pick
        shifted = logits - _np.maximum.reduce(logits, axis=-1, keepdims=True)
        rows = shifted.reshape(-1, depth)
        picked = rows[_np.arange(rows.shape[0]), labels.reshape(-1)].reshape(labels.shape)
        _np.exp(shifted, out=shifted)
        return _np.log(_np.add.reduce(shifted, axis=-1)) - picked
    shifted = logits - xp.max(logits, axis=-1, keepdims=True)
    lse = xp.log(xp.sum(xp.exp(shifted), axis=-1))
    picked = xp.take_along_axis(shifted, xp.expand_dims(labels, axis=-1), axis=-1)[..., 0]
    return lse - picked


def _any_label_out_of_range(xp, labels, depth) -> bool:
    if xp is _np:  # one pass: seen as unsigned, a negative label is huge
        return bool(labels.view(_np.dtype(f"u{labels.dtype.itemsize}")).max() >= depth)
    return bool(xp.min(labels) < 0) or bool(xp.max(labels) >= depth)


@primitive(
    "SparseSoftmaxCrossEntropyWithLogitsGrad",
    dtype_args=(0, 2),
    reads=("inputs",),
    explain=("(diag(p) − p·pᵀ)·{c}, p = softmax({a})", "0", "softmax({a}) − one_hot({b})"),
)
def _sparse_xent_grad(xp, logits, labels, g):
    """(softmax(x) - one_hot(label)) * g per row: the loss's whole gradient in one op.

    ``g`` is the incoming gradient per row, possibly with leading batch axes (then the
    result has them too).  Every temporary here is our own, so NumPy works in place.
    """
    depth = logits.shape[-1]
    if xp is _np:
        e = logits - _np.maximum.reduce(logits, axis=-1, keepdims=True)
        _np.exp(e, out=e)
        e /= _np.add.reduce(e, axis=-1, keepdims=True)
        e.reshape(-1, depth)[_np.arange(labels.size), labels.reshape(-1)] -= 1
        if g.shape == labels.shape:
            e *= g[..., None]
            return e
        return e * g[..., None]
    e = xp.exp(logits - xp.max(logits, axis=-1, keepdims=True))
    p = e / xp.sum(e, axis=-1, keepdims=True)
    classes = xp.arange(depth, dtype=labels.dtype, device=_backend.device_of(labels))
    hot = xp.astype(xp.expand_dims(labels, axis=-1) == classes, p.dtype)
    return (p - hot) * xp.expand_dims(g, axis=-1)


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


def l2_loss(t, name=None) -> Tensor:
    """``tf.nn.l2_loss``: sum(t²) / 2."""
    t = _t(t)
    _float_kernel(t, "L2Loss")
    return divide(reduce_sum(square(t)), 2)


def bias_add(value, bias, data_format=None, name=None) -> Tensor:
    """``tf.nn.bias_add``: ``value`` + ``bias`` (broadcast over the last axis)."""
    return add(value, bias)


sigmoid = _elementwise.sigmoid
tanh = _trigonometric.tanh
softplus = _elementwise.softplus
