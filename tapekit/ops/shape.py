"""Shape ops: expand_dims, squeeze, transpose, concat, stack, split, tile, pad, and the
shape queries (reshape and broadcast_to are core ops: ``_core_shape.py``)."""

from __future__ import annotations

from builtins import slice as builtins_slice

from .._engine import backend as _backend
from .._engine.dtypes import as_dtype
from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from ._core_shape import (
    _host_ints,
    _num_elements,
    _reshape_vjp,
    _t,
    identity,
    normalize_axes,
    reduce_sum,
    reshape,
)
from ._registry import apply, batch_ndim, numpy_function, primitive
from .indexing import gather, getitem

_hostlib = _backend.host


@primitive("ExpandDims", reads=(), explain="1")
def _expand_dims(xp, x, shape):
    return xp.reshape(x, shape)


# ḡ reshaped back (the new axis dropped)
_expand_dims.defvjp(_reshape_vjp)


@primitive("Squeeze", reads=(), explain="1")
def _squeeze(xp, x, shape):
    return xp.reshape(x, shape)


# ḡ reshaped back (the unit axes restored)
_squeeze.defvjp(_reshape_vjp)


def expand_dims(input, axis, name=None) -> Tensor:
    """``tf.expand_dims``: a new axis of length 1 at ``axis``."""
    x = _t(input)
    nd = x.ndim
    a = int(axis)
    if not -nd - 1 <= a <= nd:
        raise InvalidArgumentError(
            None, None, message("axis_range", axis=a, ndim=nd, op="ExpandDims")
        )
    a = a % (nd + 1)
    shape = list(x._value.shape)
    shape.insert(a, 1)
    return apply(_expand_dims, (x,), {"shape": tuple(shape)})


def squeeze(input, axis=None, name=None) -> Tensor:
    """``tf.squeeze``: the axes of length 1 removed (all, or those in ``axis``)."""
    x = _t(input)
    shape = x._value.shape
    if axis is None:
        new = tuple(d for d in shape if d != 1)
    else:
        axes = normalize_axes(axis, len(shape), "Squeeze")
        for a in axes:
            if shape[a] != 1:
                raise InvalidArgumentError(
                    None,
                    None,
                    message("squeeze_not_one", axis=a, size=shape[a]),
                )
        new = tuple(d for i, d in enumerate(shape) if i not in axes)
    return apply(_squeeze, (x,), {"shape": new})


@primitive("Transpose", reads=(), explain="1")
def _transpose(xp, x, perm):
    return xp.permute_dims(x, perm)


def _transpose_vjp(g, ans, x, perm):
    nb = batch_ndim(g, ans)
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    return apply(_transpose, (g,), {"perm": tuple(range(nb)) + tuple(p + nb for p in inv)})


# ḡ transposed by the inverse permutation
_transpose.defvjp(_transpose_vjp)


def transpose(a, perm=None, conjugate=False, name=None) -> Tensor:
    """``tf.transpose``: axes permuted by ``perm`` (reversed by default)."""
    __tracebackhide__ = True
    a = _t(a)
    nd = a.ndim
    perm = tuple(range(nd - 1, -1, -1)) if perm is None else tuple(p % nd for p in _host_ints(perm))
    if sorted(perm) != list(range(nd)):
        raise InvalidArgumentError(None, None, message("transpose_perm", last=nd - 1, perm=perm))
    return apply(_transpose, (a,), {"perm": perm})


def matrix_transpose(a, name=None, conjugate=False) -> Tensor:
    """``tf.linalg.adjoint``: the last two axes swapped."""
    a = _t(a)
    nd = a.ndim
    perm = tuple(range(nd - 2)) + (nd - 1, nd - 2)
    return apply(_transpose, (a,), {"perm": perm})


# ---------------------------------------------------------------------------------------
# joining and splitting


@primitive("ConcatV2", reads=(), explain="1 (ḡ sliced back per input)")
def _concat(xp, *xs, axis):
    return xp.concat(xs, axis=axis)


def _concat_vjp(g, ans, ins, needs, axis):
    nb = batch_ndim(g, ans)
    grads = []
    start = 0
    for x, need in zip(ins, needs):
        n = x._value.shape[axis]
        if need:
            key = (builtins_slice(None),) * (axis + nb) + (builtins_slice(start, start + n),)
            grads.append(getitem(g, key))
        else:
            grads.append(None)
        start += n
    return grads


# ḡ sliced back into one piece per input
_concat.defvjp_all(_concat_vjp)


def concat(values, axis, name=None) -> Tensor:
    """``tf.concat``: tensors joined along an existing axis."""
    __tracebackhide__ = True
    values = (
        [_t(v) for v in values]
        if not all(isinstance(v, TensorLike) for v in values)
        else list(values)
    )
    if len(values) == 1:
        return identity(values[0])
    (ax,) = normalize_axes(axis, values[0].ndim, "ConcatV2")
    return apply(_concat, tuple(values), {"axis": ax})


@primitive("Pack", reads=(), explain="1 (ḡ unstacked per input)")
def _stack(xp, *xs, axis):
    return xp.stack(xs, axis=axis)


def _stack_vjp(g, ans, ins, needs, axis):
    nb = batch_ndim(g, ans)
    return [
        getitem(g, (builtins_slice(None),) * (axis + nb) + (i,)) if need else None
        for i, need in enumerate(needs)
    ]


# ḡ unstacked: one slice per input
_stack.defvjp_all(_stack_vjp)


def stack(values, axis=0, name=None) -> Tensor:
    """``tf.stack``: tensors joined along a new axis."""
    __tracebackhide__ = True
    values = [_t(v) for v in values]
    nd = values[0].ndim + 1
    ax = int(axis) % nd
    return apply(_stack, tuple(values), {"axis": ax})


def unstack(value, num=None, axis=0, name=None) -> list[Tensor]:
    """``tf.unstack``: the slices along ``axis``, as a list."""
    x = _t(value)
    (ax,) = normalize_axes(axis, x.ndim, "Unpack")
    n = x._value.shape[ax]
    return [getitem(x, (builtins_slice(None),) * ax + (i,)) for i in range(n)]


def split(value, num_or_size_splits, axis=0, num=None, name=None) -> list[Tensor]:
    """``tf.split``: pieces along ``axis`` (a count, or a list of sizes)."""
    x = _t(value)
    (ax,) = normalize_axes(axis, x.ndim, "Split")
    n = x._value.shape[ax]
    if isinstance(num_or_size_splits, int):
        k = num_or_size_splits
        if n % k:
            raise InvalidArgumentError(
                None,
                None,
                message("split_uneven", axis=ax, size=n, num=k),
            )
        sizes = [n // k] * k
    else:
        sizes = _host_ints(num_or_size_splits)
        if -1 in sizes:
            sizes[sizes.index(-1)] = n - (sum(sizes) + 1)
    out, start = [], 0
    for s in sizes:
        out.append(getitem(x, (builtins_slice(None),) * ax + (builtins_slice(start, start + s),)))
        start += s
    return out


@primitive("Tile", reads=(), explain="1 (ḡ summed over the copies)")
def _tile(xp, x, multiples):
    return xp.tile(x, multiples)


def _tile_vjp(g, ans, x, multiples):
    nb = batch_ndim(g, ans)
    gs = tuple(g._value.shape)
    split_shape = list(gs[:nb])
    sum_axes = []
    for m, d in zip(multiples, x._value.shape):
        sum_axes.append(len(split_shape))
        split_shape.extend([m, d])
    r = reshape(g, tuple(split_shape))
    return reduce_sum(r, axis=sum_axes)


# ḡ summed over the copies
_tile.defvjp(_tile_vjp)


def tile(input, multiples, name=None) -> Tensor:
    """``tf.tile``: ``input`` repeated ``multiples[i]`` times along axis i."""
    x = _t(input)
    return apply(_tile, (x,), {"multiples": tuple(_host_ints(multiples))})


# ---------------------------------------------------------------------------------------
# pad


@primitive("Pad", reads=(), explain="1 (ḡ without the padding)")
def _pad(xp, x, paddings, value):
    shape = tuple(d + a + b for d, (a, b) in zip(x.shape, paddings))
    out = xp.full(shape, value, dtype=x.dtype, device=_backend.device_of(x))
    out[tuple(builtins_slice(a, a + d) for d, (a, _) in zip(x.shape, paddings))] = x
    return out


def _pad_vjp(g, ans, x, paddings, value):
    nb = batch_ndim(g, ans)
    key = (builtins_slice(None),) * nb + tuple(
        builtins_slice(a, a + d) for d, (a, _) in zip(x._value.shape, paddings)
    )
    return getitem(g, key)


# ḡ with the padding cut off
_pad.defvjp(_pad_vjp)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None) -> Tensor:
    """``tf.pad``: ``tensor`` padded by ``paddings`` (CONSTANT, REFLECT or SYMMETRIC)."""
    x = _t(tensor)
    pads = _hostlib.asarray(_host_ints(paddings)).reshape(-1, 2).tolist()
    mode = mode.upper()
    if mode == "CONSTANT":
        return apply(_pad, (x,), {"paddings": tuple(map(tuple, pads)), "value": constant_values})
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError(message("pad_mode", mode=mode))
    out = x
    for ax, (a, b) in enumerate(pads):
        n = x._value.shape[ax]
        host = _hostlib.arange(n)
        off = 1 if mode == "REFLECT" else 0
        before = host[off : off + a][::-1]
        after = host[n - off - b : n - off][::-1]
        idx = _hostlib.concatenate([before, host, after])
        out = gather(out, idx, axis=ax)
    return out


# ---------------------------------------------------------------------------------------
# shape queries


def shape(input, out_type="int32", name=None) -> Tensor:
    """``tf.shape``: the shape as a 1-D integer tensor."""
    x = _t(input)
    return Tensor(_backend.asarray(list(x._value.shape), dtype=as_dtype(out_type).name))


def size(input, out_type="int32", name=None) -> Tensor:
    """``tf.size``: the number of elements as an integer tensor."""
    x = _t(input)
    return Tensor(_backend.asarray(_num_elements(x._value.shape), dtype=as_dtype(out_type).name))


def rank(input, name=None) -> Tensor:
    """``tf.rank``: the number of axes as an int32 scalar."""
    return Tensor(_backend.asarray(len(_t(input)._value.shape), dtype="int32"))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


numpy_function("transpose", lambda a, axes=None: transpose(a, axes))
numpy_function("concatenate", lambda arrays, axis=0, **kw: concat(list(arrays), axis))
numpy_function("stack", lambda arrays, axis=0, **kw: stack(list(arrays), axis))
numpy_function("squeeze", lambda a, axis=None: squeeze(a, axis))
numpy_function("expand_dims", lambda a, axis: expand_dims(a, axis))


numpy_function("tile", lambda A, reps: tile(A, (reps,) if isinstance(reps, int) else reps))
