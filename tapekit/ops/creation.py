"""Creating tensors: constant, zeros/ones/fill, range, linspace, eye, and random numbers."""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine import trace as _trace
from .._engine.dtypes import NUMBERS, as_dtype, tf_type_list
from .._engine.tensor import Tensor, TensorLike, convert_to_tensor, to_raw
from .._messages import message
from ..errors import InvalidArgumentError, ResourceExhaustedError
from ._core_math import cast
from ._core_shape import broadcast_to, identity
from ._registry import numpy_function
from .indexing import gather

_hostlib = _backend.host


def constant(value, dtype=None, shape=None, name=None) -> Tensor:
    """``tk.constant``: Python floats become float32, ints int32; NumPy arrays keep dtype."""
    __tracebackhide__ = True
    d = None if dtype is None else as_dtype(dtype)
    if isinstance(value, TensorLike) and shape is None:
        # an op, so tapes and traces see it
        return cast(value, d) if d is not None else identity(value)
    if isinstance(value, TensorLike):
        t = cast(value, d) if d is not None else value
        raw = t._value
    else:
        if d is not None and isinstance(value, (_backend.HOST_ARRAY, _backend.HOST_SCALAR)):
            raw = to_raw(_hostlib.asarray(value).astype(d.name))
        else:
            raw = to_raw(value, d, copy=True)
    if shape is not None:
        shape = tuple(int(s) for s in shape)
        xp = _backend.namespace_of(raw)
        size = 1
        for s in shape:
            size *= s
        if raw.shape == () or (len(raw.shape) == 1 and raw.shape[0] == 1):
            raw = xp.broadcast_to(xp.reshape(raw, ()), shape)
            raw = xp.asarray(raw, copy=True)
        else:
            raw = xp.reshape(raw, shape)
    return Tensor(raw)


def _shape_tuple(shape):
    if isinstance(shape, TensorLike):
        return tuple(int(s) for s in _backend.to_host(shape._value).reshape(-1))
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(s) for s in shape)


def _make(fn_name, shape, dtype, fill=None):
    b = _backend.current()
    xp = b.xp
    dtype = as_dtype(dtype)
    dt = _backend.dtype_object(xp, dtype.name)
    kw = {} if b.device is None else {"device": b.device}
    try:
        if fill is None:
            return Tensor(getattr(xp, fn_name)(shape, dtype=dt, **kw))
        return Tensor(xp.full(shape, fill, dtype=dt, **kw))
    except MemoryError:
        raise _out_of_memory(fn_name, shape, dtype) from None


def _out_of_memory(fn_name, shape, dtype) -> ResourceExhaustedError:
    """TF's ResourceExhaustedError (one line, the shape and the bytes asked for) for an
    allocation the array library refused."""
    size = 1
    for d in shape:
        size *= int(d)
    nbytes = size * dtype.size
    human, unit = float(nbytes), "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):  # noqa: B007
        if human < 1024:
            break
        human /= 1024
    op = {"zeros": "Zeros", "ones": "Ones"}.get(fn_name, "Fill")
    text = message(
        "alloc_out_of_memory",
        shape=",".join(str(int(d)) for d in shape),
        dtype=dtype.name,
        nbytes=f"{nbytes:,}",
        human=f"{human:.2f} {unit}",
        op=op,
    )
    return ResourceExhaustedError(None, None, text)


def zeros(shape, dtype="float32", name=None, layout=None) -> Tensor:
    """``tf.zeros``: a tensor of zeros."""
    return _make("zeros", _shape_tuple(shape), dtype)


def ones(shape, dtype="float32", name=None, layout=None) -> Tensor:
    """``tf.ones``: a tensor of ones."""
    return _make("ones", _shape_tuple(shape), dtype)


def fill(dims, value, name=None, layout=None) -> Tensor:
    """``tf.fill``: a tensor of ``dims`` filled with ``value``."""
    if isinstance(value, TensorLike) and value.ndim == 0:
        return broadcast_to(value, _shape_tuple(dims))  # TF's Fill has a gradient for value
    v = convert_to_tensor(value)
    return _make("full", _shape_tuple(dims), v.dtype, fill=v.numpy().item())


def _like(input, dtype, ones):
    x = input if isinstance(input, TensorLike) else convert_to_tensor(input)
    v = x._value
    xp = _backend.namespace_of(v)
    dt = v.dtype if dtype is None else _backend.dtype_object(xp, as_dtype(dtype).name)
    return Tensor((_backend.ones if ones else _backend.zeros)(v.shape, v, dtype=dt))


def zeros_like(input, dtype=None, name=None, layout=None) -> Tensor:
    """``tf.zeros_like``: zeros with ``input``'s shape (and dtype, unless given)."""
    return _like(input, dtype, False)


def ones_like(input, dtype=None, name=None, layout=None) -> Tensor:
    """``tf.ones_like``: ones with ``input``'s shape (and dtype, unless given)."""
    return _like(input, dtype, True)


def zeros_for(out: Tensor, ref: Tensor, nb: int) -> Tensor:
    """Zeros shaped like ``out`` plus ``ref``'s leading ``nb`` batch axes (for backprop)."""
    v = ref._value
    shape = tuple(v.shape[:nb]) + tuple(out._value.shape)
    return Tensor(_backend.zeros(shape, v, dtype=out._value.dtype))


def range(start, limit=None, delta=1, dtype=None, name="range") -> Tensor:
    """``tk.range``: like Python's range; int32 for ints, float32 for floats (TF's rules)."""
    vals = [v for v in (start, limit, delta) if v is not None]
    hosts = [v.numpy() if isinstance(v, TensorLike) else v for v in vals]
    if limit is None:
        start, limit = 0, start
    start, limit, delta = (
        (v.numpy().item() if isinstance(v, TensorLike) else v) for v in (start, limit, delta)
    )
    if dtype is None:
        kinds = [_hostlib.asarray(h).dtype.kind for h in hosts]
        if any(isinstance(v, TensorLike) for v in vals):
            dts = [v.dtype for v in vals if isinstance(v, TensorLike)]
            d = max(dts, key=lambda t: (t.is_floating, t.size))
        else:
            d = as_dtype("float32") if "f" in kinds else as_dtype("int32")
    else:
        d = as_dtype(dtype)
    b = _backend.current()
    xp = b.xp
    kw = {} if b.device is None else {"device": b.device}
    return Tensor(xp.arange(start, limit, delta, dtype=_backend.dtype_object(xp, d.name), **kw))


def linspace(start, stop, num, name=None, axis=0) -> Tensor:
    """``tf.linspace``: ``num`` evenly spaced values from ``start`` to ``stop``."""
    s = start.numpy() if isinstance(start, TensorLike) else start
    e = stop.numpy() if isinstance(stop, TensorLike) else stop
    d = start.dtype if isinstance(start, TensorLike) else as_dtype("float32")
    if d.is_bool:  # TF's LinSpace computes (stop - start): no kernel for booleans
        raise InvalidArgumentError(
            None,
            None,
            message(
                "dtype_not_allowed",
                op="LinSpace",
                dtype=d.name,
                allowed=tf_type_list(NUMBERS),
                hint="float32",
            ),
        )
    if d.is_integer:  # TF: integer endpoints give float64 points
        d = as_dtype("float64")
    host = _hostlib.linspace(s, e, int(num)).astype(d.name)
    if axis:
        host = _hostlib.moveaxis(host, 0, axis)
    return Tensor(_backend.asarray(host))


def eye(num_rows, num_columns=None, batch_shape=None, dtype="float32", name=None) -> Tensor:
    """``tf.eye``: an identity matrix (or a batch of them)."""
    host = _hostlib.eye(
        int(num_rows), None if num_columns is None else int(num_columns), dtype=as_dtype(dtype).name
    )
    if batch_shape is not None:
        host = _hostlib.broadcast_to(host, tuple(batch_shape) + host.shape).copy()
    return Tensor(_backend.asarray(host))


# ---------------------------------------------------------------------------------------
# random numbers: NumPy's PCG64, seeded like TF (global seed + op seed)


class _RandomState:
    __slots__ = ("global_seed", "counter", "generator")

    def __init__(self):
        self.global_seed = None
        self.counter = 0
        self.generator = None  # made on first use: numpy.random costs ~15 ms to import


_random = _RandomState()


def set_seed(seed) -> None:
    """``tk.random.set_seed``: make every later random op reproducible."""
    # TF takes any real number (``set_seed(1.0)`` is ``set_seed(1)``); NumPy only ints
    # and negative ones, which NumPy refuses: folded into [0, 2**64)
    seed = None if seed is None else int(seed) % (1 << 64)
    _random.global_seed = seed
    _random.counter = 0
    _random.generator = _hostlib.random.default_rng(seed)


def _generator(seed):
    if _trace.state.tracer is not None:
        _trace.state.tracer.unplannable("random numbers (each call must draw new ones)")
    if seed is None:
        if _random.generator is None:
            _random.generator = _hostlib.random.default_rng()
        return _random.generator
    _random.counter += 1
    base = 87654321 if _random.global_seed is None else _random.global_seed
    return _hostlib.random.default_rng([base, int(seed), _random.counter])


def _finish(host, dtype):
    return Tensor(_backend.asarray(host.astype(as_dtype(dtype).name)))


def normal(shape, mean=0.0, stddev=1.0, dtype="float32", seed=None, name=None) -> Tensor:
    """``tf.random.normal``: samples of a normal distribution."""
    g = _generator(seed)
    return _finish(g.normal(float(mean), float(stddev), _shape_tuple(shape)), dtype)


def uniform(shape, minval=0, maxval=None, dtype="float32", seed=None, name=None) -> Tensor:
    """``tf.random.uniform``: samples of a uniform distribution on [minval, maxval)."""
    d = as_dtype(dtype)
    g = _generator(seed)
    shape = _shape_tuple(shape)
    if d.is_integer:
        if maxval is None:
            raise ValueError(message("random_int_needs_maxval"))
        return _finish(g.integers(int(minval), int(maxval), shape), d)
    hi = 1.0 if maxval is None else float(maxval)
    return _finish(g.uniform(float(minval), hi, shape), d)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype="float32", seed=None, name=None) -> Tensor:
    """``tf.random.truncated_normal``: normal samples redrawn beyond two standard deviations."""
    g = _generator(seed)
    shape = _shape_tuple(shape)
    out = g.normal(0.0, 1.0, shape)
    bad = _hostlib.abs(out) > 2
    while bad.any():
        out[bad] = g.normal(0.0, 1.0, int(bad.sum()))
        bad = _hostlib.abs(out) > 2
    return _finish(out * float(stddev) + float(mean), dtype)


def shuffle(value, seed=None, name=None) -> Tensor:
    """``tf.random.shuffle``: ``value`` with its first axis randomly permuted."""
    x = convert_to_tensor(value)
    perm = _generator(seed).permutation(x.shape[0]) if x.ndim else None
    if perm is None:
        return x
    return gather(x, perm)


def timestamp(name=None) -> Tensor:
    """Seconds since the epoch as a float64 scalar (read anew by every call)."""
    import time

    if _trace.state.tracer is not None:
        _trace.state.tracer.unplannable("tk.timestamp (each call must read the clock)")
    return Tensor(_backend.asarray(time.time(), dtype="float64"))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms

numpy_function("zeros_like", lambda a, dtype=None, **kw: zeros_like(a, dtype))
numpy_function("ones_like", lambda a, dtype=None, **kw: ones_like(a, dtype))
