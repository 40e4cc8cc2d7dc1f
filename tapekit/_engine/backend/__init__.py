"""The only module that knows which array library runs underneath.

Every array call in the engine goes through the namespace returned by
:func:`namespace_of` (NumPy itself, which is Array-API-compatible since 2.x, or an
``array_api_compat`` namespace for CuPy and other libraries).  This module resolves
namespaces and devices, moves data to and from the host and makes the engine's
constants; the ops' named array helpers (NumPy shortcuts, what the Array API lacks)
are its second half, ``array_helpers.py``.
"""

from __future__ import annotations

import threading

import numpy as np

__all__ = [
    "namespace_of",
    "current",
    "use",
    "to_host",
    "asarray",
    "device_name",
]


def _cumulative_sum(x, /, *, axis=None, dtype=None, include_initial=False):
    """``np.cumulative_sum`` (NumPy 2.1) for NumPy 2.0, which Colab has."""
    x = np.asarray(x)
    if axis is None:
        if x.ndim > 1:
            raise ValueError("cumulative_sum needs an axis for arrays of more than one dimension")
        axis = 0
    out = np.cumsum(x, axis=axis, dtype=dtype)
    if include_initial:
        shape = list(out.shape)
        shape[axis] = 1
        out = np.concatenate([np.zeros(shape, dtype=out.dtype), out], axis=axis)
    return out


if not hasattr(np, "cumulative_sum"):  # NumPy 2.0: the engine calls xp.cumulative_sum
    np.cumulative_sum = _cumulative_sum

# Namespace lookup is on the hot path of every op: cache it per array type.
_NS_BY_TYPE: dict[type, object] = {np.ndarray: np}
for _t in set(np.sctypeDict.values()):
    _NS_BY_TYPE[_t] = np


def namespace_of(value):
    """The Array API namespace of ``value`` (cached per array type)."""
    try:
        return _NS_BY_TYPE[type(value)]
    except KeyError:
        return _namespace_slow(value)


def _namespace_slow(value):
    import array_api_compat  # only when a non-NumPy array shows up

    xp = array_api_compat.array_namespace(value)
    if xp.__name__.endswith("numpy"):
        xp = np
    _NS_BY_TYPE[type(value)] = xp
    return xp


class _Backend:
    """Where new arrays are created: a namespace and a device."""

    __slots__ = ("xp", "device")

    def __init__(self, xp, device=None):
        self.xp = xp
        self.device = device


class _Local(threading.local):
    def __init__(self) -> None:
        self.stack: list[_Backend] = [_Backend(np, None)]


_local = _Local()


def current() -> _Backend:
    """The backend new tensors are created on (innermost ``tk.device``/``use``)."""
    return _local.stack[-1]


class use:
    """Context manager (and function) selecting the array namespace and device.

    ``with tapekit.backend.use(array_api_strict):`` runs the engine on another
    Array API library; ``tk.device("/GPU:0")`` is built on it for CuPy.
    """

    def __init__(self, xp, device=None):
        if xp is not np and getattr(xp, "__name__", "") in ("numpy", "array_api_compat.numpy"):
            xp = np
        self._backend = _Backend(xp, device)

    def __enter__(self):
        _local.stack.append(self._backend)
        return self._backend

    def __exit__(self, *exc):
        _local.stack.pop()
        return False


def set_default(xp, device=None) -> None:
    """Replace the outermost backend (used by the test-suite's ``xp`` fixture)."""
    if getattr(xp, "__name__", "") == "numpy":
        xp = np
    _local.stack[0] = _Backend(xp, device)


# ---------------------------------------------------------------------------------------
# host data and the named fast paths. Host data (Python lists, printing, TF's conversion
# rules) is NumPy by definition: the engine reaches it as ``host`` and through the types
# below, never by importing numpy; a NumPy-only shortcut is a helper, named, here (the
# engine's) or in array_helpers.py (the ops').

host = np  # the host array library
HOST_ARRAY = np.ndarray  # fast paths test ``type(v) is HOST_ARRAY``
HOST_SCALAR = np.generic


def cpu_backend() -> _Backend:
    """The host backend (NumPy on the CPU), what ``tk.device("/CPU:0")`` selects."""
    return _Backend(np, None)


def is_host(value) -> bool:
    """True for NumPy arrays and scalars (the namespace every fast path is written for)."""
    return _NS_BY_TYPE.get(type(value)) is np


def from_host(host_array, like):
    """A host array on ``like``'s namespace and device (itself, 0-d as a scalar, on NumPy)."""
    xp = namespace_of(like)
    if xp is np:
        return (
            host_array[()]
            if type(host_array) is np.ndarray and not host_array.shape
            else host_array
        )
    return xp.asarray(
        host_array, dtype=dtype_object(xp, host_array.dtype.name), device=device_of(like)
    )


def ones_like(value):
    """Ones of ``value``'s shape, dtype and device (a NumPy scalar for a 0-d NumPy value:
    cheaper to make and to compute with, bench W1)."""
    if _NS_BY_TYPE.get(type(value)) is np:
        if not value.shape:
            return value.dtype.type(1)
        return np.ones(value.shape, dtype=value.dtype)
    xp = namespace_of(value)
    return xp.ones(value.shape, dtype=value.dtype, device=device_of(value))


def zeros(shape, like, dtype=None):
    """Zeros of ``shape`` with ``like``'s namespace, device and dtype (or ``dtype``, a
    dtype object of that namespace). NumPy's need no device argument: gradient rules'
    constants, bench W4."""
    if _NS_BY_TYPE.get(type(like)) is np:
        return np.zeros(shape, dtype=like.dtype if dtype is None else dtype)
    xp = namespace_of(like)
    return xp.zeros(shape, dtype=like.dtype if dtype is None else dtype, device=device_of(like))


def ones(shape, like, dtype=None):
    """Ones of ``shape`` with ``like``'s namespace, device and dtype (or ``dtype``), as
    :func:`zeros`."""
    if _NS_BY_TYPE.get(type(like)) is np:
        return np.ones(shape, dtype=like.dtype if dtype is None else dtype)
    xp = namespace_of(like)
    return xp.ones(shape, dtype=like.dtype if dtype is None else dtype, device=device_of(like))


def unit_cotangents(count: int, batch: int, shape: tuple, like, row: int | None = None):
    """The seeds of a Jacobian: unit vector ``k`` of length ``count`` (repeated over
    ``batch`` leading examples) reshaped to ``shape``, in ``like``'s dtype and place.

    All ``count`` of them stacked on a new leading axis (one batched sweep), or only
    number ``row`` (the row-by-row sweep).
    """
    name = like.dtype if _NS_BY_TYPE.get(type(like)) is np else numpy_dtype_name(like)
    if row is None:
        eye = np.eye(count, dtype=name)
        if batch != 1:
            eye = np.ascontiguousarray(np.broadcast_to(eye[:, None, :], (count, batch, count)))
        seeds = eye.reshape((count,) + tuple(shape))
    else:
        seeds = np.zeros((batch, count), dtype=name)
        seeds[:, row] = 1
        seeds = seeds.reshape(tuple(shape))
    return from_host(seeds, like)


def float32_round(x: float) -> float:
    """``x`` rounded to float32 and back (how TF decides a float32's shortest text)."""
    return float(np.float32(x))


def asarray(data, dtype=None, backend: _Backend | None = None):
    """Host data (Python scalars, lists, NumPy arrays) to an array of the backend.

    ``dtype`` is a NumPy dtype name such as ``"float32"``.
    """
    b = backend or _local.stack[-1]
    xp = b.xp
    if xp is np:
        return np.asarray(data, dtype=dtype)
    host = np.asarray(data, dtype=dtype)
    xdt = getattr(xp, host.dtype.name) if host.dtype.name != "bool" else xp.bool
    if b.device is None:
        return xp.asarray(host, dtype=xdt)
    return xp.asarray(host, dtype=xdt, device=b.device)


def to_host(value) -> np.ndarray:
    """A NumPy array with the contents of ``value`` (a copy off the GPU)."""
    if type(value) in _NS_BY_TYPE and namespace_of(value) is np:
        return np.asarray(value)
    get = getattr(value, "get", None)  # CuPy
    if get is not None and type(value).__module__.startswith("cupy"):
        return get()
    try:
        return np.asarray(value)
    except Exception:  # libraries without __array__ (array_api_strict 2.x)
        return np.from_dlpack(value)


def numpy_dtype_name(value) -> str:
    """The NumPy-style name ("float32") of an array's dtype, any namespace."""
    dt = value.dtype
    name = getattr(dt, "name", None)
    if isinstance(name, str):
        return name
    return str(dt).rsplit(".", 1)[-1].rstrip("')>")


def dtype_object(xp, name: str):
    """The namespace's dtype object for a NumPy-style name."""
    if xp is np:
        return np.dtype(name)
    return getattr(xp, name)


def device_of(value):
    """An array's ``device`` attribute; ``"cpu"`` for arrays without one (NumPy's)."""
    return getattr(value, "device", "cpu")


def device_name(value) -> str:
    """TF-style device string for an array."""
    if type(value) in _NS_BY_TYPE and _NS_BY_TYPE[type(value)] is np:
        return "/job:localhost/replica:0/task:0/device:CPU:0"
    dev = getattr(value, "device", None)
    mod = type(value).__module__
    if mod.startswith("cupy"):
        return f"/job:localhost/replica:0/task:0/device:GPU:{getattr(dev, 'id', 0)}"
    text = str(dev)
    if "'" in text:  # array_api_strict.Device('CPU_DEVICE') -> CPU_DEVICE
        text = text.split("'")[1]
    return f"/job:localhost/replica:0/task:0/device:{text}"


def same_device(a, b) -> bool:
    """Whether ``a`` and ``b`` share namespace and device (NumPy arrays always do)."""
    ta, tb = type(a), type(b)
    if ta in _NS_BY_TYPE and tb in _NS_BY_TYPE and _NS_BY_TYPE[ta] is np and _NS_BY_TYPE[tb] is np:
        return True
    if namespace_of(a) is not namespace_of(b):
        return False
    return device_of(a) == device_of(b)


_ZERO_VIEWS: dict = {}  # (shape, NumPy dtype) -> a read-only zero-stride array of zeros


def zeros_view_like(value):
    """A read-only array of ``value``'s shape and dtype holding one broadcast zero.

    What a tape keeps in place of a large array its gradient rules never read. NumPy's
    are shared per (shape, dtype): after a large kernel the caches are cold, and a
    dictionary lookup touches far less than ``broadcast_to`` does (bench W3L).
    """
    if type(value) in _NS_BY_TYPE and _NS_BY_TYPE[type(value)] is np:
        key = (value.shape, value.dtype)
        view = _ZERO_VIEWS.get(key)
        if view is None:
            view = np.broadcast_to(np.zeros((), dtype=value.dtype), value.shape)
            if len(_ZERO_VIEWS) < 1024:
                _ZERO_VIEWS[key] = view
        return view
    xp = namespace_of(value)
    zero = xp.zeros((), dtype=value.dtype, device=device_of(value))
    return xp.broadcast_to(zero, tuple(value.shape))


def numpy_gpu_available() -> bool:
    """True when CuPy is importable and sees a CUDA device."""
    try:
        import cupy
    except Exception:
        return False
    try:
        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


def gpu_count() -> int:
    """Number of CUDA devices CuPy sees (0 without CuPy or CUDA)."""
    if not numpy_gpu_available():
        return 0
    import cupy

    return int(cupy.cuda.runtime.getDeviceCount())


def gpu_library_version() -> str | None:
    """``"CuPy 13.x"`` when CuPy sees a CUDA device, else None."""
    if not numpy_gpu_available():
        return None
    import cupy

    return f"CuPy {cupy.__version__}"


def gpu_backend(index: int) -> _Backend:
    """The CuPy backend (through array-api-compat) on CUDA device ``index``."""
    import array_api_compat.cupy as cxp
    import cupy

    return _Backend(cxp, cupy.cuda.Device(index))


# ---------------------------------------------------------------------------------------
# the optimizers' in-place update kernels (tapekit/optimizers/_kernels.py)


def ufunc_kernel(value):
    """NumPy itself for a NumPy array with dimensions, else None: its ufuncs write into
    ``out=`` buffers, so an optimizer step updates variables, slots and scratch buffers
    without allocating."""
    # paid for by bench W3a (Adam on the MLP: no allocation per step)
    return np if value.ndim and namespace_of(value) is np else None


def writable_buffer(value) -> bool:
    """True for an array ``ufunc_kernel``'s ``out=`` may overwrite: a writable NumPy array
    that owns its memory (a view or a read-only array must be left alone)."""
    # paid for by bench W3a, with ufunc_kernel
    return type(value) is np.ndarray and value.base is None and value.flags.writeable
