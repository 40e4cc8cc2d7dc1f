"""Core shape primitives that gradient rules use everywhere: identity, reshape,
broadcast_to, reduce_sum, and ``unbroadcast`` (a cotangent summed back to an input's shape).

The lowest layer of ops above the registry: it imports no other ops module."""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import NUMBERS
from .._engine.tensor import Tensor, TensorLike, convert_to_tensor
from .._messages import get_language, message
from ..errors import InvalidArgumentError
from ._dtype_policy import check_dtype
from ._registry import (
    Emit,
    apply,
    batch_ndim,
    nondifferentiable,
    numpy_function,
    numpy_ufunc,
    primitive,
)


def _t(x) -> TensorLike:
    return x if isinstance(x, TensorLike) else convert_to_tensor(x)


def _host_ints(v) -> list[int]:
    if isinstance(v, TensorLike):
        v = _backend.to_host(v._value)
    return [int(i) for i in _backend.host.asarray(v).reshape(-1)]


# ---------------------------------------------------------------------------------------
# identity / stop_gradient


@primitive("Identity", reads=(), explain="1", codegen=Emit("{0}", fresh=False))
def _identity(xp, x):
    return x


# d id(x) = 1: ḡ passes through
_identity.defvjp(lambda g, ans, x: g)


@numpy_ufunc("positive")
def identity(input, name=None) -> Tensor:
    """A new tensor with the same value (a recorded read for Variables)."""
    __tracebackhide__ = True
    return apply(_identity, (_t(input) if not isinstance(input, TensorLike) else input,))


@nondifferentiable("StopGradient")
def _stop_gradient(xp, x):
    return x


def stop_gradient(input, name=None) -> Tensor:
    """The same value, but no gradient flows through it."""
    return apply(_stop_gradient, (input,))


# ---------------------------------------------------------------------------------------
# reshape family


def _reshape_vjp(g, ans, x, **params):
    nb = batch_ndim(g, ans)
    return reshape(g, tuple(g._value.shape[:nb]) + tuple(x._value.shape))


@primitive("Reshape", reads=(), explain="1")
def _reshape(xp, x, shape):
    return xp.reshape(x, shape)


# a reshape moves no value: ḡ reshaped back to x's shape
_reshape.defvjp(_reshape_vjp)


def reshape(tensor, shape, name=None) -> Tensor:
    """``tf.reshape``: the same values in a new shape (one -1 is inferred)."""
    __tracebackhide__ = True
    tensor = _t(tensor)
    shape = (
        tuple(_host_ints(shape)) if not isinstance(shape, tuple) else tuple(int(s) for s in shape)
    )
    size = 1
    for d in tensor._value.shape:
        size *= d
    known = 1
    for d in shape:
        if d != -1:
            known *= d
    if (
        shape.count(-1) > 1
        or (-1 not in shape and known != size)
        or (-1 in shape and (known == 0 or size % known))
    ):
        zh = get_language() == "zh"
        if -1 in shape:
            want = f"要求元素个数是 {known} 的倍数" if zh else f"requires a multiple of {known}"
        else:
            want = f"有 {known} 个元素" if zh else f"has {known}"
        raise InvalidArgumentError(None, None, message("reshape_size", size=size, want=want))
    if tuple(tensor._value.shape) == shape and type(tensor) is Tensor:
        return tensor
    return apply(_reshape, (tensor,), {"shape": shape})


@primitive("BroadcastTo", reads=(), explain="1 (ḡ summed over the broadcast axes)")
def _broadcast_to(xp, x, shape):
    return _arrays.broadcast_to(xp, x, shape)


# ḡ summed over the broadcast axes
_broadcast_to.defvjp(lambda g, ans, x, shape: unbroadcast(g, x, ans))


def broadcast_to(input, shape, name=None) -> Tensor:
    """``tf.broadcast_to``: ``input`` broadcast to ``shape``."""
    __tracebackhide__ = True
    x = _t(input)
    shape = tuple(_host_ints(shape))
    if tuple(x._value.shape) == shape:
        return identity(x)
    return apply(_broadcast_to, (x,), {"shape": shape})


def _num_elements(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def normalize_axes(axis, ndim: int, op: str = "Sum"):
    """TF's axis argument (None, int, list, tensor) as a sorted tuple of positive ints."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, TensorLike):
        axis = _backend.to_host(axis._value).tolist()
    if isinstance(axis, (list, tuple)):
        axes = []
        for a in axis:
            axes.append(_one_axis(a, ndim, op))
        return tuple(sorted(set(axes)))
    return (_one_axis(axis, ndim, op),)


def _one_axis(a, ndim, op):
    a = int(a)
    if not -max(ndim, 1) <= a < max(ndim, 1):
        raise InvalidArgumentError(None, None, message("axis_range", axis=a, ndim=ndim, op=op))
    return a % ndim if ndim else 0


def expand_reduced(g: Tensor, ans: Tensor, x: Tensor, axes, keepdims: bool) -> Tensor:
    """Reshape ``g`` (a reduction's gradient) so it broadcasts against ``x`` (+batch axes)."""
    nb = batch_ndim(g, ans)
    if keepdims:
        return g
    gs = tuple(g._value.shape)
    shape = list(gs[:nb])
    xs = x._value.shape
    for i, d in enumerate(xs):
        shape.append(1 if i in axes else d)
    return reshape(g, tuple(shape))


def _broadcast_back(g, ans, x, axes, keepdims):
    # a 0-d g (a full reduction, no batch axes) broadcasts as it is: no reshape needed
    ge = g if not g._value.shape else expand_reduced(g, ans, x, axes, keepdims)
    nb = batch_ndim(g, ans)
    target = tuple(g._value.shape[:nb]) + tuple(x._value.shape)
    if tuple(ge._value.shape) == target:
        return ge
    return apply(_broadcast_to, (ge,), {"shape": target})


def _int_dtype(x):
    """TF's reductions keep an integer input's dtype (NumPy and the Array API widen int32
    sums and products to int64): the dtype to ask for, or None for the others."""
    d = x.dtype
    kind = getattr(d, "kind", None)
    if kind is None:  # Array API dtypes have no .kind
        kind = "i" if "int" in _backend.numpy_dtype_name(x) else "f"
    return d if kind in "iu" else None


@primitive("Sum", dtypes=NUMBERS, guard_forward=False, reads=(), explain="1", codegen=Emit())
def _sum(xp, x, axes, keepdims):
    return _arrays.sum_over(xp, x, axes, keepdims, _int_dtype(x))


# d Σx = 1: ḡ broadcast back over the summed axes
_sum.defvjp(lambda g, ans, x, axes, keepdims: _broadcast_back(g, ans, x, axes, keepdims))


def _reduce(prim, x, axis, keepdims):
    __tracebackhide__ = True
    if not isinstance(x, TensorLike):
        x = convert_to_tensor(x)
    check_dtype(prim, x._value)  # here, not in the forward: gradient rules sum a lot
    axes = normalize_axes(axis, len(x._value.shape), prim.name)
    return apply(prim, (x,), {"axes": axes, "keepdims": bool(keepdims)})


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None) -> Tensor:
    """``tf.math.reduce_sum``: the sum over ``axis`` (all axes by default); integers keep their dtype."""
    __tracebackhide__ = True
    return _reduce(_sum, input_tensor, axis, keepdims)


def unbroadcast(g: Tensor, x: Tensor, ans: Tensor) -> Tensor:
    """Sum ``g`` (shaped like ``ans``, plus leading batch axes) down to ``x``'s shape."""
    gs = g._value.shape
    xs = x._value.shape
    if gs == xs:
        return g
    nb = len(gs) - len(ans._value.shape)
    target = tuple(gs[:nb]) + tuple(xs)
    if tuple(gs) == target:
        return g
    lead = len(gs) - len(target)
    axes = list(range(nb, nb + lead))
    for i in range(nb, len(target)):
        if target[i] == 1 and gs[i + lead] != 1:
            axes.append(i + lead)
    # straight to the primitive: the axes are already normalized (and reduce_sum's checks
    # cost more than a small sum when caches are cold, right after a large kernel)
    out = apply(_sum, (g,), {"axes": tuple(axes), "keepdims": False}) if axes else g
    if tuple(out._value.shape) != target:
        out = reshape(out, target)
    return out


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


def _numpy_reduction(fn):
    def call(a, axis=None, dtype=None, out=None, keepdims=False, **kw):
        return fn(a, axis=axis, keepdims=bool(keepdims))

    return call


numpy_function(
    "reshape",
    lambda a, shape=None, order="C", **kw: reshape(
        a, shape if shape is not None else kw["newshape"]
    ),
)


numpy_function("broadcast_to", lambda array, shape, subok=False: broadcast_to(array, shape))


numpy_function("sum", _numpy_reduction(reduce_sum))
