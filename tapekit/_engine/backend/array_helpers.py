"""The backend's named array helpers: the NumPy shortcuts the ops take, each written once
with the benchmark row (bench/README.md) or the reason that pays for it, and what the
Array API lacks (advanced indexing, scatter-add, a stable descending argsort, segment
reductions, cumulative products).

Each helper works on any Array API namespace and keeps its input's device; its NumPy
branch is a faster spelling of the same result, never a different one.
"""

from __future__ import annotations

import numpy as np

from . import _NS_BY_TYPE, device_of, dtype_object, namespace_of, to_host

# ---------------------------------------------------------------------------------------
# NumPy shortcuts of everyday calls


def asarray_like(value, like):
    """Host data as an array with ``like``'s dtype, namespace and device (gradient rules'
    constants: NumPy's need no device argument parsed)."""
    if _NS_BY_TYPE.get(type(like)) is np:
        return np.asarray(value, dtype=like.dtype)
    return namespace_of(like).asarray(value, dtype=like.dtype, device=device_of(like))


def astype(x, dtype):
    """``x`` in ``dtype`` (a dtype object of its namespace, or a name such as "int64"),
    not copied when it has that dtype already (``tk.cast``, masks made numbers: NumPy's
    method skips a wrapper's Python layer)."""
    if _NS_BY_TYPE.get(type(x)) is np:
        return x.astype(dtype, copy=False)
    xp = namespace_of(x)
    if isinstance(dtype, str):
        dtype = dtype_object(xp, dtype)
    return xp.astype(x, dtype, copy=False)


def multiply_by_mask(g, mask):
    """``g`` times a boolean ``mask``: NumPy multiplies by booleans without a cast (relu's
    gradient, bench W3); the Array API wants the mask in ``g``'s dtype first."""
    if _NS_BY_TYPE.get(type(g)) is np:
        return g * mask
    return g * namespace_of(g).astype(mask, g.dtype)


def scalar(xp, value, like):
    """A Python number as an operand beside ``like``: itself on NumPy (its ufuncs keep
    ``like``'s dtype for a Python number, and allocate nothing: relu in bench W3), a 0-d
    array of ``like``'s dtype and device elsewhere."""
    if xp is np:
        return value
    return xp.asarray(value, dtype=like.dtype, device=device_of(like))


def sum_over(xp, x, axes, keepdims: bool, dtype=None):
    """The sum over ``axes``: on NumPy the ufunc's own reduce, since np.sum's Python
    layer is most of a small sum's time (the walk's sums, bench W3's bias gradients)."""
    if xp is np:
        return np.add.reduce(x, axis=axes, keepdims=keepdims, dtype=dtype)
    return xp.sum(x, axis=axes, keepdims=keepdims, dtype=dtype)


def max_over(xp, x, axis, keepdims: bool):
    """The maximum over ``axis``: on NumPy the ufunc's own reduce, skipping np.max's
    Python layer (softmax and the cross-entropies' shift, bench W3's loss)."""
    if xp is np:
        return np.maximum.reduce(x, axis=axis, keepdims=keepdims)
    return xp.max(x, axis=axis, keepdims=keepdims)


def pick_last(xp, x, idx):
    """``x[..., idx]`` with one index per row of the last axis (``idx`` shaped like
    ``x[..., 0]``): NumPy's integer-array indexing, three times cheaper than its
    take_along_axis (the label's logit in bench W3's loss)."""
    if xp is np:
        rows = x.reshape(-1, x.shape[-1])
        return rows[np.arange(rows.shape[0]), idx.reshape(-1)].reshape(idx.shape)
    return take_along_axis(xp, x, xp.expand_dims(idx, axis=-1), -1)[..., 0]


def minus_one_hot(xp, p, idx):
    """``p`` minus one-hot rows of ``idx`` along the last axis. On NumPy 1 is subtracted
    in place at the indices, so ``p`` must be the caller's own temporary (the
    cross-entropy's gradient, bench W3)."""
    if xp is np:
        p.reshape(-1, p.shape[-1])[np.arange(idx.size), idx.reshape(-1)] -= 1
        return p
    classes = xp.arange(p.shape[-1], dtype=idx.dtype, device=device_of(idx))
    return p - astype(xp.expand_dims(idx, axis=-1) == classes, p.dtype)


def any_outside(xp, ints, stop: int) -> bool:
    """Whether any of the integers ``ints`` lies outside ``[0, stop)``. NumPy reads them
    once, as unsigned (a negative one is then huge): the label check, bench W3."""
    if xp is np:
        return bool(ints.view(np.dtype(f"u{ints.dtype.itemsize}")).max() >= stop)
    return bool(xp.min(ints) < 0) or bool(xp.max(ints) >= stop)


_SMALL_FILL = 4096  # elements: a NumPy scalar broadcast to at most this many is filled


def broadcast_to(xp, x, shape):
    """``x`` broadcast to ``shape``. A 0-d NumPy ``x`` and a small shape (a full
    reduction's gradient: the loss mean in bench W3, the sum in W4) fill a fresh array:
    np.broadcast_to sets up an nditer in Python, which costs more than filling a few
    kilobytes."""
    if xp is np and not x.shape:
        n = 1
        for d in shape:
            n *= d
        if n <= _SMALL_FILL:
            out = np.empty(shape, dtype=x.dtype)
            out.fill(x)
            return out
    return xp.broadcast_to(x, shape)


def matrix_transpose(xp, x):
    """The last two axes swapped: NumPy's ``.mT`` has no Python-level wrapper (matmul's
    gradients, bench W3 and W5)."""
    return x.mT if xp is np else xp.matrix_transpose(x)


# ---------------------------------------------------------------------------------------
# indexing the Array API spells otherwise


def is_basic_key(key) -> bool:
    """True for a key of ints, slices, None and Ellipsis only (no index arrays)."""
    return all(isinstance(k, (int, slice)) or k is None or k is Ellipsis for k in key)


def _is_array(k) -> bool:
    return not (isinstance(k, (int, slice)) or k is None or k is Ellipsis)


def _single_array_axis(key, ndim):
    """The axis of the one 1-D integer array in a key of full slices, else None."""
    arrays = [i for i, k in enumerate(key) if _is_array(k)]
    if len(arrays) != 1:
        return None
    arr = key[arrays[0]]
    if len(arr.shape) != 1 or "int" not in str(arr.dtype):
        return None
    rest = [k for i, k in enumerate(key) if i != arrays[0]]
    if any(not (k == slice(None) or k is Ellipsis) for k in rest):
        return None
    before = key[: arrays[0]]
    if Ellipsis in before:
        after = [k for k in key[arrays[0] + 1 :] if k is not Ellipsis]
        return ndim - 1 - len(after)
    return len(before)


def getitem(xp, x, key):
    """``x[key]``, a normalized key (``Ellipsis`` where the Array API wants every axis
    indexed). NumPy indexes with arrays itself; the Array API spells a single index
    array ``take()`` and a trailing boolean mask as the positions it selects."""
    if xp is np or is_basic_key(key):
        return x[key]
    axis = _single_array_axis(key, len(x.shape))
    if axis is not None:  # x[..., idx, :]
        return xp.take(x, key[[i for i, k in enumerate(key) if _is_array(k)][0]], axis=axis)
    m, a = key[-1], len(key) - 1
    if a and "bool" in str(m.dtype) and all(isinstance(k, slice) for k in key[:-1]):
        if all(k == slice(None) for k in key[:-1]):  # x[:, mask]: the Array API takes
            shape = tuple(x.shape[:a]) + (-1,) + tuple(x.shape[a + m.ndim :])  # masks only
            flat = xp.reshape(x, shape)  # as a sole index: take the true positions
            return xp.take(flat, xp.nonzero(xp.reshape(m, (-1,)))[0], axis=a)
    return x[key]


# ---------------------------------------------------------------------------------------
# scatter-add (NumPy's ufunc.at, CuPy's cupyx.scatter_add, a host round trip elsewhere)


def scatter_add(xp, shape, dtype, index, updates):
    """zeros(shape) with ``updates`` added at ``index`` (repeated indices accumulate)."""
    if xp is np:
        out = np.zeros(shape, dtype=dtype)
        np.add.at(out, index, updates)
        return out
    mod = getattr(xp, "__name__", "")
    if "cupy" in mod:
        import cupyx

        out = xp.zeros(shape, dtype=dtype)
        cupyx.scatter_add(out, index, updates)
        return out
    # Generic Array API fallback: accumulate one position of the leading axis at a time.
    out = xp.zeros(shape, dtype=dtype, device=device_of(updates))
    host_index = _host_index(index)
    host_updates = to_host(updates)
    acc = np.zeros(shape, dtype=host_updates.dtype)
    np.add.at(acc, host_index, host_updates)
    return xp.asarray(acc, dtype=out.dtype, device=device_of(updates))


def _host_index(index):
    if isinstance(index, tuple):
        return tuple(_host_index(i) for i in index)
    if isinstance(index, (slice, int, type(None), type(Ellipsis))):
        return index
    return to_host(index)


# ---------------------------------------------------------------------------------------
# helpers for sorting, scattering along an axis, segment reductions and cumulative
# products (NumPy 2.0 lacks cumulative_prod; the Array API has no descending stable
# argsort before 2023.12, no ufunc.at)


def argsort(xp, x, axis: int, descending: bool):
    """Stable argsort; descending keeps equal elements in index order (as TF's top_k)."""
    if not descending:
        if xp is np:
            return np.argsort(x, axis=axis, kind="stable")
        return xp.argsort(x, axis=axis, stable=True)
    # descending and stable: sort the reversed array ascending, reverse that order, and
    # map positions in the reversed array back (ties then come out in index order)
    n = x.shape[axis]
    flipped = xp.flip(x, axis=axis)
    order = argsort(xp, flipped, axis, False)
    return (n - 1) - xp.flip(order, axis=axis)


def take_along_axis(xp, x, idx, axis: int):
    """``take_along_axis`` for any namespace; on the host for those without one."""
    if xp is np:
        return np.take_along_axis(x, idx, axis=axis)
    fn = getattr(xp, "take_along_axis", None)
    if fn is not None:
        return fn(x, idx, axis=axis)
    out = np.take_along_axis(to_host(x), to_host(idx), axis=axis)
    return xp.asarray(out, device=device_of(x))


def _along_axis_index(idx, axis: int) -> tuple:
    """A fancy index addressing ``idx[..., i, ...]`` along ``axis`` (host arrays)."""
    grids = list(np.indices(idx.shape, sparse=True))
    grids[axis] = idx
    return tuple(grids)


def scatter_add_along_axis(xp, shape, g, idx, axis: int):
    """zeros(shape) with ``g`` added at positions ``idx`` along ``axis`` (idx shaped like g)."""
    if xp is np:
        out = np.zeros(shape, dtype=g.dtype)
        np.add.at(out, _along_axis_index(idx, axis), g)
        return out
    host_g = to_host(g)
    acc = np.zeros(shape, dtype=host_g.dtype)
    np.add.at(acc, _along_axis_index(to_host(idx), axis), host_g)
    return xp.asarray(acc, device=device_of(g))


_SEGMENT_UFUNC = {"max": np.maximum, "min": np.minimum, "prod": np.multiply}


def segment_reduce(xp, kind: str, data, ids, num: int, initial):
    """``out[ids[i]] = kind(out[ids[i]], data[i])`` over rows, ``out`` filled with ``initial``."""
    host = data if xp is np else to_host(data)
    out = np.full((num,) + tuple(host.shape[1:]), initial, dtype=host.dtype)
    _SEGMENT_UFUNC[kind].at(out, to_host(ids), host)
    return out if xp is np else xp.asarray(out, device=device_of(data))


def cumulative_prod(xp, x, axis: int):
    """Cumulative product in ``x``'s own dtype (no promotion of small ints); on the host
    for namespaces without ``cumulative_prod``."""
    if xp is np:
        return np.cumprod(x, axis=axis, dtype=x.dtype)  # no promotion of small ints
    fn = getattr(xp, "cumulative_prod", None)
    if fn is not None:
        return fn(x, axis=axis, dtype=x.dtype)
    host = to_host(x)
    return xp.asarray(np.cumprod(host, axis=axis, dtype=host.dtype), device=device_of(x))


def unique_first(xp, x):
    """(values in order of first occurrence, index of each element's value), 1-D ``x``."""
    host = to_host(x)
    values, first, inverse = np.unique(host, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    y, idx = values[order], rank[inverse.reshape(-1)]
    if xp is np:
        return y, idx
    return xp.asarray(y, device=device_of(x)), xp.asarray(idx, device=device_of(x))
