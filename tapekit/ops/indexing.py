"""Indexing: ``x[key]`` and its scatter, slice, gather, gather_nd, boolean_mask, reverse,
one_hot."""

from __future__ import annotations

from builtins import slice as builtins_slice

from .._engine import backend as _backend
from .._engine import trace as _trace
from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import as_dtype
from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from ._core_shape import _host_ints, _num_elements, _t, normalize_axes, reshape
from ._registry import apply, batch_ndim, nondifferentiable, primitive

_hostlib = _backend.host


# ---------------------------------------------------------------------------------------
# indexing


def _normalize_key(key):
    """A key made of ints, slices, None, Ellipsis and raw index arrays."""
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    for k in key:
        if isinstance(k, TensorLike):
            _value_leaves_plan(k, "an index computed from the inputs")
            v = k._value
            if len(v.shape) == 0 and not k.dtype.is_bool:
                out.append(int(k))
            else:
                out.append(v)
        elif isinstance(k, (list, _backend.HOST_ARRAY)):
            out.append(_backend.asarray(k))
        elif isinstance(k, slice):
            out.append(slice(_slice_int(k.start), _slice_int(k.stop), _slice_int(k.step)))
        else:
            out.append(k)
    if not any(k is Ellipsis for k in out) and _is_basic(out):  # `in` would compare arrays
        out.append(Ellipsis)  # the Array API wants every axis indexed; NumPy implies it
    return tuple(out)


def _value_leaves_plan(t, what: str) -> None:
    tracer = _trace.state.tracer
    if tracer is not None and tracer.depends(t):
        tracer.unplannable(what)


def _slice_int(v):
    if v is None or isinstance(v, int):
        return v
    return int(v)


_is_basic = _arrays.is_basic_key


@primitive("StridedSlice", reads=(), explain="1 at the selected entries, 0 elsewhere")
def _getitem(xp, x, key):
    return _arrays.getitem(xp, x, key)


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
        out = _backend.zeros(shape, g)
        if None in key:  # the Array API's setitem takes no newaxis (``in``: no arrays here)
            key = tuple(k for k in key if k is not None)
            g = xp.reshape(g, out[key].shape)
        out[key] = g
        return out
    return _arrays.scatter_add(xp, shape, g.dtype, key, g)


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
        g = reshape(g, lead + (_num_elements(idx.shape),) + tuple(x._value.shape[axis + 1 :]))
        flat = _backend.namespace_of(idx).reshape(idx, (-1,))
        key = (builtins_slice(None),) * (axis + nb) + (flat,)
    return apply(_scatter_item, (g,), {"key": key, "shape": shape})


# ḡ added back at the gathered indices
_gather.defvjp(_gather_vjp)


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None) -> Tensor:
    """``tf.gather``: slices of ``params`` at ``indices`` along ``axis``."""
    __tracebackhide__ = True
    x = _t(params)
    if isinstance(indices, TensorLike):
        _value_leaves_plan(indices, "gather indices computed from the inputs")
    idx = indices._value if isinstance(indices, TensorLike) else _backend.asarray(indices)
    if not (str(idx.dtype).rsplit(".", 1)[-1].startswith(("int", "uint"))):
        raise TypeError(message("gather_index_dtype", dtype=idx.dtype))
    ax = 0 if axis is None else int(axis) % max(x.ndim, 1)
    if batch_dims:
        raise NotImplementedError(message("gather_batch_dims"))
    size = x._value.shape[ax]
    host = _backend.to_host(idx)
    if host.size and (host.min() < -size or host.max() >= size):
        raise InvalidArgumentError(
            None,
            None,
            message("gather_out_of_range", indices=host.reshape(-1).tolist(), size=size),
        )
    return apply(_gather, (x,), {"indices": idx, "axis": ax})


def gather_nd(params, indices, batch_dims=0, name=None) -> Tensor:
    """``tf.gather_nd``: slices of ``params`` at the index tuples in the last axis of ``indices``."""
    x = _t(params)
    if isinstance(indices, TensorLike):
        _value_leaves_plan(indices, "gather_nd indices computed from the inputs")
    idx = _backend.to_host(
        indices._value if isinstance(indices, TensorLike) else _hostlib.asarray(indices)
    )
    # Flatten the k indexed axes into one and gather along it: Array API's take suffices.
    k = idx.shape[-1]
    shape = tuple(x._value.shape)
    strides = _hostlib.cumprod((1,) + shape[1:k][::-1])[::-1]
    flat = (idx.reshape(-1, k) * strides).sum(axis=1) if k else _hostlib.zeros(1, dtype=int)
    lead = _num_elements(shape[:k])
    xf = reshape(x, (lead,) + shape[k:])
    out = gather(xf, _backend.asarray(flat.astype("int64")), axis=0)
    return reshape(out, tuple(idx.shape[:-1]) + shape[k:])


def boolean_mask(tensor, mask, axis=None, name=None) -> Tensor:
    """``tf.boolean_mask``: keep the entries where ``mask`` (the shape of dimensions
    ``axis`` to ``axis + mask.ndim`` of ``tensor``) is true; those dimensions become one."""
    x = _t(tensor)
    m = mask if isinstance(mask, TensorLike) else _backend.asarray(mask, dtype="bool")
    start = 0 if axis is None else normalize_axes(axis, x.ndim)[0]
    mshape = tuple(m.shape)
    if mshape != tuple(x.shape[start : start + len(mshape)]):
        # TF's words: the tensor's dimensions first, then the mask's
        shape = tuple(x.shape[start : start + len(mshape)])
        raise ValueError(message("mask_shape_mismatch", shape=shape, mask=mshape))
    return getitem(x, (builtins_slice(None),) * start + (m,))


def reverse(tensor, axis, name=None) -> Tensor:
    """``tf.reverse``: the entries along the axes in ``axis`` in reverse order."""
    x = _t(tensor)
    axes = normalize_axes(axis, x.ndim)
    key = tuple(
        builtins_slice(None, None, -1) if i in axes else builtins_slice(None) for i in range(x.ndim)
    )
    return getitem(x, key)


@nondifferentiable("OneHot", dtypes={"uint8", "int8", "int32", "int64"})
def _one_hot(xp, indices, depth, on, off, axis, dtype):
    dt = _backend.dtype_object(xp, dtype)
    rng = xp.arange(depth, device=_backend.device_of(indices))
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
        else (on_value.dtype if isinstance(on_value, TensorLike) else as_dtype("float32"))
    )
    on = 1 if on_value is None else (float(on_value) if d.is_floating else int(on_value))
    off = 0 if off_value is None else (float(off_value) if d.is_floating else int(off_value))
    ax = -1 if axis is None else int(axis)
    return apply(
        _one_hot, (idx,), {"depth": int(depth), "on": on, "off": off, "axis": ax, "dtype": d.name}
    )
