"""Shape and indexing ops: reshape, transpose, concat, gather, slicing, padding..."""

from __future__ import annotations

from builtins import slice as builtins_slice

from .. import _backend, _trace
from .._dtypes import as_dtype
from .._messages import get_language, message
from .._tensor import Tensor, _TensorLike, convert_to_tensor
from ..errors import InvalidArgumentError
from . import math as _m
from . import reduction as _r
from ._registry import (
    Emit,
    apply,
    batch_ndim,
    nondifferentiable,
    numpy_function,
    numpy_ufunc,
    primitive,
)

_np = _backend.np


def _t(x) -> _TensorLike:
    return x if isinstance(x, _TensorLike) else convert_to_tensor(x)


def _host_ints(v) -> list[int]:
    if isinstance(v, _TensorLike):
        v = _backend.to_host(v._value)
    return [int(i) for i in _np.asarray(v).reshape(-1)]


# ---------------------------------------------------------------------------------------
# identity / stop_gradient


@primitive("Identity", reads=(), explain="1", codegen=Emit("{0}", fresh=False))
def _identity(xp, x):
    return x


# d id(x) = 1: ḡ passes through
_identity.defvjp(lambda g, ans, x: g)


@numpy_ufunc("positive")
def identity(input, name=None) -> Tensor:  # noqa: A002
    """A new tensor with the same value (a recorded read for Variables)."""
    __tracebackhide__ = True
    return apply(_identity, (_t(input) if not isinstance(input, _TensorLike) else input,))


@nondifferentiable("StopGradient")
def _stop_gradient(xp, x):
    return x


def stop_gradient(input, name=None) -> Tensor:  # noqa: A002
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


def expand_dims(input, axis, name=None) -> Tensor:  # noqa: A002
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


def squeeze(input, axis=None, name=None) -> Tensor:  # noqa: A002
    """``tf.squeeze``: the axes of length 1 removed (all, or those in ``axis``)."""
    x = _t(input)
    shape = x._value.shape
    if axis is None:
        new = tuple(d for d in shape if d != 1)
    else:
        axes = _r.normalize_axes(axis, len(shape), "Squeeze")
        for a in axes:
            if shape[a] != 1:
                raise InvalidArgumentError(
                    None,
                    None,
                    f"Can not squeeze dim[{a}], expected a dimension of 1, got {shape[a]} [Op:Squeeze]",
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
        raise InvalidArgumentError(
            None, None, f"transpose expects a permutation of 0..{nd - 1}, got {perm} [Op:Transpose]"
        )
    return apply(_transpose, (a,), {"perm": perm})


def matrix_transpose(a, name=None, conjugate=False) -> Tensor:
    """``tf.linalg.adjoint``: the last two axes swapped."""
    a = _t(a)
    nd = a.ndim
    perm = tuple(range(nd - 2)) + (nd - 1, nd - 2)
    return apply(_transpose, (a,), {"perm": perm})


_SMALL_FILL = 4096  # elements: a scalar broadcast to at most this many is filled instead


@primitive("BroadcastTo", reads=(), explain="1 (ḡ summed over the broadcast axes)")
def _broadcast_to(xp, x, shape):
    if xp is _np and not x.shape and _prod(shape) <= _SMALL_FILL:
        # a scalar to a small shape (a reduction's gradient): np.broadcast_to sets up an
        # nditer in Python, which costs more than filling a few kilobytes
        out = _np.empty(shape, dtype=x.dtype)
        out.fill(x)
        return out
    return xp.broadcast_to(x, shape)


# ḡ summed over the broadcast axes
_broadcast_to.defvjp(lambda g, ans, x, shape: _m.unbroadcast(g, x, ans))


def broadcast_to(input, shape, name=None) -> Tensor:  # noqa: A002
    """``tf.broadcast_to``: ``input`` broadcast to ``shape``."""
    __tracebackhide__ = True
    x = _t(input)
    shape = tuple(_host_ints(shape))
    if tuple(x._value.shape) == shape:
        return identity(x)
    return apply(_broadcast_to, (x,), {"shape": shape})


# ---------------------------------------------------------------------------------------
# indexing


def _normalize_key(key):
    """A key made of ints, slices, None, Ellipsis and raw index arrays."""
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    for k in key:
        if isinstance(k, _TensorLike):
            _value_leaves_plan(k, "an index computed from the inputs")
            v = k._value
            if len(v.shape) == 0 and not k.dtype.is_bool:
                out.append(int(k))
            else:
                out.append(v)
        elif isinstance(k, (list, _np.ndarray)):
            out.append(_backend.asarray(k))
        elif isinstance(k, slice):
            out.append(slice(_slice_int(k.start), _slice_int(k.stop), _slice_int(k.step)))
        else:
            out.append(k)
    if not any(k is Ellipsis for k in out) and _is_basic(out):  # `in` would compare arrays
        out.append(Ellipsis)  # the Array API wants every axis indexed; NumPy implies it
    return tuple(out)


def _value_leaves_plan(t, what: str) -> None:
    tracer = _trace.state[0]
    if tracer is not None and tracer.depends(t):
        tracer.unplannable(what)


def _slice_int(v):
    if v is None or isinstance(v, int):
        return v
    return int(v)


def _is_basic(key) -> bool:
    return all(isinstance(k, (int, slice)) or k is None or k is Ellipsis for k in key)


@primitive("StridedSlice", reads=(), explain="1 at the selected entries, 0 elsewhere")
def _getitem(xp, x, key):
    if xp is not _np and not _is_basic(key):
        axis = _single_array_axis(key, len(x.shape))
        if axis is not None:  # x[..., idx, :]: the Array API spells it take()
            return xp.take(x, key[[i for i, k in enumerate(key) if _is_array(k)][0]], axis=axis)
        m, a = key[-1], len(key) - 1
        if a and "bool" in str(m.dtype) and all(isinstance(k, builtins_slice) for k in key[:-1]):
            if all(k == builtins_slice(None) for k in key[:-1]):  # x[:, mask]: the Array API
                shape = tuple(x.shape[:a]) + (-1,) + tuple(x.shape[a + m.ndim :])  # masks
                flat = xp.reshape(x, shape)  # only with a sole index: take the true positions
                return xp.take(flat, xp.nonzero(xp.reshape(m, (-1,)))[0], axis=a)
    return x[key]


def _is_array(k) -> bool:
    return not (isinstance(k, (int, builtins_slice)) or k is None or k is Ellipsis)


def _single_array_axis(key, ndim):
    """The axis of the one 1-D integer array in a key of full slices, else None."""
    arrays = [i for i, k in enumerate(key) if _is_array(k)]
    if len(arrays) != 1:
        return None
    arr = key[arrays[0]]
    if len(arr.shape) != 1 or "int" not in str(arr.dtype):
        return None
    rest = [k for i, k in enumerate(key) if i != arrays[0]]
    if any(not (k == builtins_slice(None) or k is Ellipsis) for k in rest):
        return None
    before = key[: arrays[0]]
    if Ellipsis in before:
        after = [k for k in key[arrays[0] + 1 :] if k is not Ellipsis]
        return ndim - 1 - len(after)
    return len(before)


def _getitem_vjp(g, ans, x, key):
    nb = batch_ndim(g, ans)
    shape = tuple(g._value.shape[:nb]) + tuple(x._value.shape)
    return apply(_scatter_item, (g,), {"key": (slice(None),) * nb + key, "shape": shape})


# ḡ scattered (added) back into zeros at the key
_getitem.defvjp(_getitem_vjp)


@primitive("ScatterItem", reads=(), explain="1 (ḡ read back at the scattered entries)")
def _scatter_item(xp, g, key, shape):
    """zeros(shape) with ``g`` placed (added, for repeated indices) at ``key``."""
    if _is_basic(key):
        if xp is _np:
            out = _np.zeros(shape, dtype=g.dtype)
        else:
            out = xp.zeros(shape, dtype=g.dtype, device=_backend.device_of(g))
            if any(k is None for k in key):  # the Array API's setitem takes no newaxis
                key = tuple(k for k in key if k is not None)
                g = xp.reshape(g, out[key].shape)
        out[key] = g
        return out
    return _backend.scatter_add(xp, shape, g.dtype, key, g)


def _scatter_item_vjp(gg, ans, g, key, shape):
    nb = batch_ndim(gg, ans)
    return apply(_getitem, (gg,), {"key": (slice(None),) * nb + key})


# ḡ read back at the key (scatter and slice are each other's transpose)
_scatter_item.defvjp(_scatter_item_vjp)


def getitem(x, key) -> Tensor:
    """``x[key]``: basic slicing, boolean masks and integer-array indexing, differentiable."""
    __tracebackhide__ = True
    nkey = _normalize_key(key)
    try:
        return apply(_getitem, (x,), {"key": nkey})
    except InvalidArgumentError as e:
        raise IndexError(str(e)) from None


def _slice_range(begin, size):
    return tuple(slice(b, None if s == -1 else b + s) for b, s in zip(begin, size))


def slice_(input_, begin, size, name=None) -> Tensor:
    """``tk.slice``: ``size[i]`` elements from ``begin[i]`` (-1: to the end)."""
    return getitem(_t(input_), _slice_range(_host_ints(begin), _host_ints(size)))


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
        if not all(isinstance(v, _TensorLike) for v in values)
        else list(values)
    )
    if len(values) == 1:
        return identity(values[0])
    (ax,) = _r.normalize_axes(axis, values[0].ndim, "ConcatV2")
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
    (ax,) = _r.normalize_axes(axis, x.ndim, "Unpack")
    n = x._value.shape[ax]
    return [getitem(x, (builtins_slice(None),) * ax + (i,)) for i in range(n)]


def split(value, num_or_size_splits, axis=0, num=None, name=None) -> list[Tensor]:
    """``tf.split``: pieces along ``axis`` (a count, or a list of sizes)."""
    x = _t(value)
    (ax,) = _r.normalize_axes(axis, x.ndim, "Split")
    n = x._value.shape[ax]
    if isinstance(num_or_size_splits, int):
        k = num_or_size_splits
        if n % k:
            raise InvalidArgumentError(
                None,
                None,
                f"Number of ways to split should evenly divide the split dimension, but got "
                f"split_dim {ax} (size = {n}) and num_split {k} [Op:Split]",
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
    return _r.reduce_sum(r, axis=sum_axes)


# ḡ summed over the copies
_tile.defvjp(_tile_vjp)


def tile(input, multiples, name=None) -> Tensor:  # noqa: A002
    """``tf.tile``: ``input`` repeated ``multiples[i]`` times along axis i."""
    x = _t(input)
    return apply(_tile, (x,), {"multiples": tuple(_host_ints(multiples))})


# ---------------------------------------------------------------------------------------
# gather


@primitive("GatherV2", reads=(), explain="1 per gather (ḡ added back at the indices)")
def _gather(xp, x, indices, axis):
    if len(indices.shape) == 1:
        return xp.take(x, indices, axis=axis)
    flat = xp.reshape(indices, (-1,))
    out = xp.take(x, flat, axis=axis)
    shape = tuple(x.shape[:axis]) + tuple(indices.shape) + tuple(x.shape[axis + 1 :])
    return xp.reshape(out, shape)


def _gather_vjp(g, ans, x, indices, axis):
    nb = batch_ndim(g, ans)
    idx = indices
    key = (builtins_slice(None),) * (axis + nb) + (idx,)
    shape = tuple(g._value.shape[:nb]) + tuple(x._value.shape)
    if len(idx.shape) != 1:
        # fold the index axes of g into one, matching flattened indices
        lead = tuple(g._value.shape[: nb + axis])
        g = reshape(g, lead + (_prod(idx.shape),) + tuple(x._value.shape[axis + 1 :]))
        flat = _backend.namespace_of(idx).reshape(idx, (-1,))
        key = (builtins_slice(None),) * (axis + nb) + (flat,)
    return apply(_scatter_item, (g,), {"key": key, "shape": shape})


def _prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


# ḡ added back at the gathered indices
_gather.defvjp(_gather_vjp)


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None) -> Tensor:
    """``tf.gather``: slices of ``params`` at ``indices`` along ``axis``."""
    __tracebackhide__ = True
    x = _t(params)
    if isinstance(indices, _TensorLike):
        _value_leaves_plan(indices, "gather indices computed from the inputs")
    idx = indices._value if isinstance(indices, _TensorLike) else _backend.asarray(indices)
    if not (str(idx.dtype).rsplit(".", 1)[-1].startswith(("int", "uint"))):
        raise TypeError(f"gather indices must be integers, got {idx.dtype}")
    ax = 0 if axis is None else int(axis) % max(x.ndim, 1)
    if batch_dims:
        raise NotImplementedError("gather with batch_dims is not supported by tapekit")
    size = x._value.shape[ax]
    host = _backend.to_host(idx)
    if host.size and (host.min() < -size or host.max() >= size):
        raise InvalidArgumentError(
            None,
            None,
            f"indices = {host.reshape(-1).tolist()} is not in [0, {size}) [Op:GatherV2]",
        )
    return apply(_gather, (x,), {"indices": idx, "axis": ax})


def gather_nd(params, indices, batch_dims=0, name=None) -> Tensor:
    """``tf.gather_nd``: slices of ``params`` at the index tuples in the last axis of ``indices``."""
    x = _t(params)
    if isinstance(indices, _TensorLike):
        _value_leaves_plan(indices, "gather_nd indices computed from the inputs")
    idx = _backend.to_host(
        indices._value if isinstance(indices, _TensorLike) else _np.asarray(indices)
    )
    # Flatten the k indexed axes into one and gather along it: Array API's take suffices.
    k = idx.shape[-1]
    shape = tuple(x._value.shape)
    strides = _np.cumprod((1,) + shape[1:k][::-1])[::-1]
    flat = (idx.reshape(-1, k) * strides).sum(axis=1) if k else _np.zeros(1, dtype=int)
    lead = _prod(shape[:k])
    xf = reshape(x, (lead,) + shape[k:])
    out = gather(xf, _backend.asarray(flat.astype("int64")), axis=0)
    return reshape(out, tuple(idx.shape[:-1]) + shape[k:])


def boolean_mask(tensor, mask, axis=None, name=None) -> Tensor:
    """``tf.boolean_mask``: keep the entries where ``mask`` (the shape of dimensions
    ``axis`` to ``axis + mask.ndim`` of ``tensor``) is true; those dimensions become one."""
    x = _t(tensor)
    m = mask if isinstance(mask, _TensorLike) else _backend.asarray(mask, dtype="bool")
    start = 0 if axis is None else _r.normalize_axes(axis, x.ndim)[0]
    mshape = tuple(m.shape)
    if mshape != tuple(x.shape[start : start + len(mshape)]):
        # TF's words: the tensor's dimensions first, then the mask's
        raise ValueError(
            f"Shapes {tuple(x.shape[start : start + len(mshape)])} and {mshape} are incompatible"
        )
    return getitem(x, (builtins_slice(None),) * start + (m,))


def reverse(tensor, axis, name=None) -> Tensor:
    """``tf.reverse``: the entries along the axes in ``axis`` in reverse order."""
    x = _t(tensor)
    axes = _r.normalize_axes(axis, x.ndim)
    key = tuple(
        builtins_slice(None, None, -1) if i in axes else builtins_slice(None) for i in range(x.ndim)
    )
    return getitem(x, key)


# ---------------------------------------------------------------------------------------
# pad, one_hot


@primitive("Pad", reads=(), explain="1 (ḡ without the padding)")
def _pad(xp, x, paddings, value):
    shape = tuple(d + a + b for d, (a, b) in zip(x.shape, paddings))
    if xp is _np:
        out = _np.full(shape, value, dtype=x.dtype)
    else:
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
    pads = _np.asarray(_host_ints(paddings)).reshape(-1, 2).tolist()
    mode = mode.upper()
    if mode == "CONSTANT":
        return apply(_pad, (x,), {"paddings": tuple(map(tuple, pads)), "value": constant_values})
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError(f"Unknown padding mode: {mode}")
    out = x
    for ax, (a, b) in enumerate(pads):
        n = x._value.shape[ax]
        host = _np.arange(n)
        off = 1 if mode == "REFLECT" else 0
        before = host[off : off + a][::-1]
        after = host[n - off - b : n - off][::-1]
        idx = _np.concatenate([before, host, after])
        out = gather(out, idx, axis=ax)
    return out


@nondifferentiable("OneHot", dtypes={"uint8", "int8", "int32", "int64"})
def _one_hot(xp, indices, depth, on, off, axis, dtype):
    dt = _backend.dtype_object(xp, dtype)
    rng = xp.arange(depth)
    if xp is not _np:
        rng = xp.asarray(rng, device=_backend.device_of(indices))
    idx = xp.expand_dims(indices, axis=-1)
    hot = idx == rng
    out = xp.where(hot, xp.asarray(on, dtype=dt), xp.asarray(off, dtype=dt))
    if axis != -1 and axis != len(out.shape) - 1:
        out = xp.moveaxis(out, -1, axis)
    return out


def one_hot(
    indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None
) -> Tensor:
    """``tf.one_hot``: ``depth``-long one-hot vectors for integer ``indices`` (no gradient)."""
    idx = _t(indices)
    d = (
        as_dtype(dtype)
        if dtype is not None
        else (on_value.dtype if isinstance(on_value, _TensorLike) else as_dtype("float32"))
    )
    on = 1 if on_value is None else (float(on_value) if d.is_floating else int(on_value))
    off = 0 if off_value is None else (float(off_value) if d.is_floating else int(off_value))
    ax = -1 if axis is None else int(axis)
    return apply(
        _one_hot, (idx,), {"depth": int(depth), "on": on, "off": off, "axis": ax, "dtype": d.name}
    )


# ---------------------------------------------------------------------------------------
# shape queries


def shape(input, out_type="int32", name=None) -> Tensor:  # noqa: A002
    """``tf.shape``: the shape as a 1-D integer tensor."""
    x = _t(input)
    return Tensor(_backend.asarray(list(x._value.shape), dtype=as_dtype(out_type).name))


def size(input, out_type="int32", name=None) -> Tensor:  # noqa: A002
    """``tf.size``: the number of elements as an integer tensor."""
    x = _t(input)
    return Tensor(_backend.asarray(_prod(x._value.shape), dtype=as_dtype(out_type).name))


def rank(input, name=None) -> Tensor:  # noqa: A002
    """``tf.rank``: the number of axes as an int32 scalar."""
    return Tensor(_backend.asarray(len(_t(input)._value.shape), dtype="int32"))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms

numpy_function(
    "reshape",
    lambda a, shape=None, order="C", **kw: reshape(
        a, shape if shape is not None else kw["newshape"]
    ),
)
numpy_function("transpose", lambda a, axes=None: transpose(a, axes))
numpy_function("concatenate", lambda arrays, axis=0, **kw: concat(list(arrays), axis))
numpy_function("stack", lambda arrays, axis=0, **kw: stack(list(arrays), axis))
numpy_function("squeeze", lambda a, axis=None: squeeze(a, axis))
numpy_function("expand_dims", lambda a, axis: expand_dims(a, axis))
numpy_function("broadcast_to", lambda array, shape, subok=False: broadcast_to(array, shape))
numpy_function("tile", lambda A, reps: tile(A, (reps,) if isinstance(reps, int) else reps))
