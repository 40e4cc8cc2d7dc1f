"""Neural-network ops (``tk.nn``): activations, softmax, l2_loss (the cross-entropies are in
``cross_entropy.py``).

Where TF defines an op by composition (gelu), tapekit composes
the same way, so gradients match TF's even at kinks.
"""

from __future__ import annotations

import math as _pymath

from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import FLOATING, REAL, tf_type_list
from .._engine.tensor import Tensor
from .._messages import message
from ..errors import InvalidArgumentError
from . import _registry
from . import arithmetic as _arithmetic
from . import creation as _c
from . import elementwise as _elementwise
from . import trigonometric as _trigonometric
from ._core_math import _const_like, add, cast, divide, multiply, ones_like_const, subtract
from ._core_shape import _t, reduce_sum
from ._registry import Emit, apply, batch_ndim, primitive
from .comparison import greater, less, where
from .elementwise import erf, exp, square


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
        slope = _arrays.astype(x > 0, g.dtype)
        return g * (slope * (1 - alpha) + alpha)
    # g * mask, as TF's kernels do (NumPy's where() is several times slower here)
    return _arrays.multiply_by_mask(g, m)


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
    lambda xp, x: xp.maximum(x, _arrays.scalar(xp, 0, x)),
    "relu",
    explain="[{a} > 0]",
    codegen=Emit("_np.maximum({0}, 0)", ufunc="maximum", operands="{0}, 0"),
)
_relu6 = _activation(
    "Relu6",
    lambda xp, x: xp.clip(x, 0, 6),
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


def max_shifted(xp, x, axis):
    """``x`` minus its maximum along ``axis``: exp() of it cannot overflow (softmax's,
    log_softmax's and the cross-entropies' forwards)."""
    return x - _arrays.max_over(xp, x, axis, True)


def _normalizing(name, forward, rule, explain):
    """Softmax or LogSoftmax along ``axis``, floating dtypes; ``rule`` reads the output
    only, so a tape need not keep the logits."""
    p = _registry.Primitive(
        name, forward, reads=("output",), dtypes=FLOATING, explain=explain, codegen=Emit()
    )
    p.defvjp(rule)
    return p


def _softmax_forward(xp, x, axis):
    e = xp.exp(max_shifted(xp, x, axis))
    return e / xp.sum(e, axis=axis, keepdims=True)


def _softmax_vjp(g, ans, x, axis):
    gy = multiply(g, ans)
    return subtract(
        gy, multiply(ans, reduce_sum(gy, axis=axis - len(x._value.shape), keepdims=True))
    )


# softmax's Jacobian: x̄ = y·(ḡ - Σ ḡ·y)
_softmax = _normalizing(
    "Softmax", _softmax_forward, _softmax_vjp, "diag({y}) − {y}·{y}ᵀ (along the axis)"
)


def _log_softmax_forward(xp, x, axis):
    s = max_shifted(xp, x, axis)
    return s - xp.log(xp.sum(xp.exp(s), axis=axis, keepdims=True))


def _log_softmax_vjp(g, ans, x, axis):
    total = reduce_sum(g, axis=axis - len(x._value.shape), keepdims=True)
    return subtract(g, multiply(exp(ans), total))


# x̄ = ḡ - softmax(x)·Σ ḡ
_log_softmax = _normalizing(
    "LogSoftmax", _log_softmax_forward, _log_softmax_vjp, "1 − exp({y}) (along the axis)"
)


def _along_axis(prim, logits, axis) -> Tensor:
    x = _t(logits)
    ax = -1 if axis is None else int(axis)
    return apply(prim, (x,), {"axis": ax % x.ndim})


def softmax(logits, axis=None, name=None) -> Tensor:
    """``tf.math.softmax``: eˣ normalized to sum to 1 along ``axis`` (the last by default)."""
    return _along_axis(_softmax, logits, axis)


def log_softmax(logits, axis=None, name=None) -> Tensor:
    """``tf.math.log_softmax``: x - logsumexp(x) along ``axis``, computed stably."""
    return _along_axis(_log_softmax, logits, axis)


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
