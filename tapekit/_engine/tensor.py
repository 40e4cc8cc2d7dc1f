"""The immutable ``Tensor``, its shape type, and TF's rules for converting values to tensors.

Operators (``+``, ``@``, ``[]``...) are attached in :mod:`tapekit.ops._operators`, NumPy's
protocols in :mod:`tapekit._engine.numpy_protocol`; this module holds only data and conversion.
"""

from __future__ import annotations

from .._messages import message
from . import backend as _backend
from . import tape as _tape
from .dtypes import DType, as_dtype
from .tape import next_id


class _OpsAbove:
    """The recorded ops that Tensors and Variables call: ``identity`` (a Variable read)
    and ``cast``. The tensor layer sits below the ops and may not import them, so
    ``tapekit/__init__`` binds them here once the ops exist (ARCHITECTURE.md)."""

    __slots__ = ("identity", "cast")

    def __init__(self) -> None:
        self.identity = self.cast = None


ops_above = _OpsAbove()


def _numpy():
    """The host array library, for host-side conversion and printing (the backend's)."""
    return _backend.host


class TensorShape(tuple):
    """A tuple of ints that prints like TF's ``TensorShape``."""

    __slots__ = ()

    def as_list(self) -> list[int]:
        """TF's ``TensorShape.as_list``: the sizes as a list."""
        return list(self)

    @property
    def rank(self) -> int:
        """TF's ``TensorShape.rank``: the number of dimensions."""
        return len(self)

    ndims = rank

    @property
    def dims(self) -> list[int]:
        """TF's ``TensorShape.dims``: the sizes as a list."""
        return list(self)

    def num_elements(self) -> int:
        """TF's ``TensorShape.num_elements``: the product of the sizes (1 for a scalar)."""
        n = 1
        for d in self:
            n *= d
        return n

    def is_fully_defined(self) -> bool:
        """TF's ``TensorShape.is_fully_defined``: always true (eager shapes are known)."""
        return True

    def __getitem__(self, key):
        r = tuple.__getitem__(self, key)
        return TensorShape(r) if isinstance(key, slice) else r

    def __repr__(self) -> str:
        return f"TensorShape({list(self)})"

    def __str__(self) -> str:
        return tuple.__repr__(self)


class TensorLike:
    """What Tensor and Variable share: read-only array properties and conversions."""

    __slots__ = ()
    __array_priority__ = 1000
    _is_variable = False

    @property
    def shape(self) -> TensorShape:
        """TF's ``Tensor.shape``: the value's shape as a ``TensorShape``."""
        return TensorShape(self._value.shape)

    @property
    def dtype(self) -> DType:
        """TF's ``Tensor.dtype``: the ``tk.DType`` of the value."""
        return dtype_of(self._value)

    @property
    def ndim(self) -> int:
        """TF's ``Tensor.ndim``: the number of dimensions."""
        return len(self._value.shape)

    @property
    def device(self) -> str:
        """TF's ``Tensor.device``: the value's device as TF names it (``.../device:CPU:0``)."""
        return _backend.device_name(self._value)

    def get_shape(self) -> TensorShape:
        """TF's ``Tensor.get_shape``: same as ``shape``."""
        return self.shape

    def numpy(self):
        """A NumPy copy of the value (a NumPy scalar for 0-d tensors), on the host."""
        if _tape.state.tracer is not None:
            _tape.state.tracer.on_value(self, "array", None)
        v = _backend.to_host(self._value)
        if v.ndim == 0:
            return v[()]
        return v.copy()

    def __array__(self, dtype=None, copy=None):
        if _tape.state.tracer is not None:
            _tape.state.tracer.on_value(self, "array", None)
        v = _backend.to_host(self._value)
        if dtype is not None:
            v = v.astype(dtype, copy=False)
        if v.ndim == 0:
            return _numpy().asarray(v)
        return v

    def __dlpack__(self, *args, **kwargs):
        return (
            self._value.__dlpack__(*args, **kwargs)
            if hasattr(self._value, "__dlpack__")
            else (_numpy().asarray(self._value).__dlpack__(*args, **kwargs))
        )

    def __dlpack_device__(self):
        v = self._value
        if hasattr(v, "__dlpack_device__"):
            return v.__dlpack_device__()
        return _numpy().asarray(v).__dlpack_device__()

    def _scalar(self):
        if self._value.shape != ():  # TF: only 0-d tensors convert, not shape (1,)
            raise TypeError(message("scalar_conversion", shape=tuple(self._value.shape)))
        value = _backend.to_host(self._value)[()]
        if _tape.state.tracer is not None:
            _tape.state.tracer.on_value(self, "scalar", value)
        return value

    def __float__(self) -> float:
        return float(self._scalar())

    def __int__(self) -> int:
        return int(self._scalar())

    def __index__(self) -> int:
        d = self.dtype
        if not (d.is_integer or d.is_bool):
            raise TypeError(message("index_dtype", dtype=d.name))
        return int(self._scalar())

    def __complex__(self) -> complex:
        return complex(self._scalar())

    def __bool__(self) -> bool:
        if self._value.shape != ():
            size = 1
            for d in self._value.shape:
                size *= d
            if size != 1:
                raise ValueError(message("ambiguous_bool"))
        value = bool(_backend.to_host(self._value).reshape(-1)[0])
        if _tape.state.tracer is not None:
            _tape.state.tracer.on_value(self, "bool", value)
        return value

    def __len__(self) -> int:
        if not self._value.shape:
            raise TypeError(message("len_scalar"))
        return self._value.shape[0]

    def __iter__(self):
        if not self._value.shape:
            raise TypeError(message("iter_scalar"))
        for i in range(self._value.shape[0]):
            yield self[i]

    def __setitem__(self, key, value):
        raise TypeError(message("immutable", type=type(self).__name__))

    def __hash__(self):
        if self._is_variable:
            raise TypeError(message("unhashable_variable", var=repr(self)))
        raise TypeError(message("unhashable"))

    def ref(self):
        """A hashable reference to this object, usable as a dict key (TF's ``ref()``)."""
        return _Reference(self)

    def experimental_ref(self):
        """TF's deprecated ``experimental_ref``: same as ``ref()``."""
        return _Reference(self)

    def __format__(self, spec: str) -> str:
        if not spec and _symbolic(self):
            return str(self)  # TF's f"{x}" of a traced tensor: its symbolic text
        return format(self.numpy(), spec)  # TF formats the NumPy value: f"{t}" -> "2.5"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return convert_to_tensor, (self.numpy(),)  # unpickled as a constant, as TF's eager tensors


class _Reference:
    """Hashable wrapper returned by ``Tensor.ref()``."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def deref(self):
        return self._obj

    def __hash__(self) -> int:
        return self._obj._id

    def __eq__(self, other) -> bool:
        return isinstance(other, _Reference) and other._obj is self._obj

    def __repr__(self) -> str:
        return f"<Reference wrapping {self._obj!r}>"


class Tensor(TensorLike):
    """An immutable multidimensional array that gradient tapes can record."""

    __slots__ = ("_value", "_id", "__weakref__")

    def __init__(self, value, _id: int | None = None):
        self._value = value
        self._id = _id or next_id()  # ids start at 1

    @property
    def name(self) -> str:
        """``tensor_<id>``: a name for messages (TF's eager tensors have none)."""
        return f"tensor_{self._id}"

    def __repr__(self) -> str:
        if _symbolic(self):
            name = _tape.state.tracer.name_of(self)
            return f"<tk.Tensor '{name}' shape={self.shape} dtype={self.dtype.name}>"
        return f"<tk.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={_numpy_text(self, True)}>"

    def __str__(self) -> str:
        if _symbolic(self):
            name = _tape.state.tracer.name_of(self)
            return f'Tensor("{name}", shape={self.shape}, dtype={self.dtype.name})'
        return f"tk.Tensor({_numpy_text(self, False)}, shape={self.shape}, dtype={self.dtype.name})"


def _symbolic(t) -> bool:
    """Whether ``t`` shows as TF's symbolic tensor: a ``tk.function`` is tracing and ``t``
    depends on its inputs or variables (showing the value would tie the plan to it)."""
    tracer = _tape.state.tracer
    return tracer is not None and tracer.depends(t)


def _numpy_text(t, is_repr: bool) -> str:
    v = t.numpy()
    np = _numpy()
    if is_repr:
        # TF shows a scalar's repr as the Python number (float32 widened to float64)
        text = np.array_repr(v) if isinstance(v, np.ndarray) else repr(v.item())
    else:
        text = str(v)
    if "\n" in text:
        text = "\n" + text
    return text


# ---------------------------------------------------------------------------------------
# dtypes of raw arrays


_DTYPE_CACHE: dict = {}  # dtype class -> {dtype object -> DType}; libraries' dtypes never meet


def dtype_of(value) -> DType:
    """The TF dtype of a raw array, cached per array dtype (every op asks for it)."""
    dt = value.dtype
    per_type = _DTYPE_CACHE.get(type(dt))
    if per_type is None:
        per_type = _DTYPE_CACHE[type(dt)] = {}
    d = per_type.get(dt)
    if d is None:
        d = per_type[dt] = as_dtype(_backend.numpy_dtype_name(value))
    return d


# ---------------------------------------------------------------------------------------
# conversion (TF's convert_to_tensor rules)

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


def _nested_host(value):
    """A nested Python list or tuple as a host array; a ragged one is refused as TF does
    (rows of different lengths make no tensor)."""
    try:
        return _numpy().asarray(_unwrap_nested(value))
    except ValueError as e:
        if "inhomogeneous" not in str(e) and "with a sequence" not in str(e):
            raise
        raise ValueError(message("ragged_sequence", value=_short_repr(value))) from None


def _short_repr(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _infer_host(value, dtype: DType | None):
    """Python data to a NumPy array following TF's defaults (float32, int32)."""
    np = _numpy()
    if dtype is not None:
        if isinstance(value, float) and (dtype.is_integer or dtype.is_bool):
            raise TypeError(message("convert_failed", value=value, dtype=dtype.name))
        if isinstance(value, (list, tuple)):
            host = _nested_host(value)
            if host.dtype.kind == "f" and (dtype.is_integer or dtype.is_bool):
                raise TypeError(message("convert_failed", value=value, dtype=dtype.name))
            return host.astype(dtype.name, copy=False)
        return np.asarray(value, dtype=dtype.name)
    if isinstance(value, bool):
        return np.asarray(value)
    if isinstance(value, int):
        return np.asarray(value, dtype="int32" if _INT32_MIN <= value <= _INT32_MAX else "int64")
    if isinstance(value, float):
        return np.asarray(value, dtype="float32")
    if isinstance(value, complex):
        return np.asarray(value, dtype="complex128")
    host = _nested_host(value)
    if host.dtype.kind in "US":
        raise TypeError(message("no_string_tensors", value=value))
    if host.dtype.kind == "O":
        raise TypeError(message("convert_type", value=value, type=type(value).__name__))
    if _all_python(value):
        if host.dtype == np.float64:
            host = host.astype("float32")
        elif host.dtype == np.int64 and (
            host.size == 0 or (host.min() >= _INT32_MIN and host.max() <= _INT32_MAX)
        ):
            host = host.astype("int32")
    return host


def _all_python(value) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_all_python(v) for v in value)
    return isinstance(value, (bool, int, float, complex))


def _unwrap_nested(value):
    if isinstance(value, (list, tuple)):
        return [_unwrap_nested(v) for v in value]
    if isinstance(value, TensorLike):
        return _backend.to_host(value._value)
    return value


def to_raw(value, dtype: DType | None = None, like=None, copy: bool = False):
    """A raw array for ``value``: on ``like``'s namespace/device, else the current backend."""
    if isinstance(value, TensorLike):
        v = value._value
        if dtype is not None and dtype_of(v) is not dtype:
            raise ValueError(
                message(
                    "convert_dtype_mismatch", want=dtype.name, got=dtype_of(v).name, value=value
                )
            )
        return v
    np = _numpy()
    if isinstance(value, (np.ndarray, np.generic)):
        host = value if dtype is None else _cast_host(value, dtype)
        if copy and host is value and isinstance(value, np.ndarray):
            host = value.copy()  # tensors are immutable: never alias the caller's array
        if host.dtype.kind in "US":
            raise TypeError(message("no_string_tensors", value=value))
        if host.dtype == object:
            raise TypeError(message("convert_type", value=value, type=type(value).__name__))
    elif isinstance(value, (bool, int, float, complex, list, tuple)):
        host = _infer_host(value, dtype)
    else:
        xp = _backend.namespace_of(value) if hasattr(value, "__array_namespace__") else None
        if xp is not None:  # an array of another Array API library: keep it there
            if dtype is not None and dtype_of(value) is not dtype:
                value = xp.astype(value, _backend.dtype_object(xp, dtype.name))
            return value
        if hasattr(value, "__array__"):
            host = np.asarray(value) if dtype is None else _cast_host(np.asarray(value), dtype)
        elif isinstance(value, (str, bytes)):
            raise TypeError(message("no_string_tensors", value=value))
        else:
            raise TypeError(message("convert_type", value=value, type=type(value).__name__))
    if like is not None:
        return _backend.from_host(host, like)
    return _scalar_if_0d(_backend.asarray(host))


def _scalar_if_0d(value):
    """A 0-d NumPy array as a NumPy scalar: the same value, immutable, and NumPy's scalar
    arithmetic is 6-10x faster than its 0-d array arithmetic (a scalar loop lives on it)."""
    if type(value) is _backend.HOST_ARRAY and not value.shape:
        return value[()]
    return value


def _cast_host(host, dtype: DType):
    if host.dtype.name == dtype.name:
        return host
    return host.astype(dtype.name)


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None) -> Tensor:
    """``tk.convert_to_tensor``: Tensors pass through; Python/NumPy data follow TF's rules."""
    __tracebackhide__ = True
    if type(value) is Tensor and dtype is None:
        return value
    if isinstance(value, TensorLike):
        if dtype is not None:
            dtype = as_dtype(dtype)
            if value.dtype is not dtype:
                raise ValueError(
                    message(
                        "convert_dtype_mismatch", want=dtype.name, got=value.dtype.name, value=value
                    )
                )
        if value._is_variable:
            return value.value()  # a recorded read
        return value
    if dtype is None and dtype_hint is not None:
        try:
            return Tensor(to_raw(value, as_dtype(dtype_hint)))
        except (TypeError, ValueError):
            pass
    return Tensor(to_raw(value, None if dtype is None else as_dtype(dtype), copy=True))
