"""``Variable``: a mutable holder whose reads are seen by tapes watching accessed variables."""

from __future__ import annotations

import sys

from .._messages import message
from . import backend as _backend
from . import tape as _tape
from .dtypes import as_dtype
from .name_scope import current_prefix
from .tape import next_id
from .tensor import Tensor, TensorLike, _numpy_text, _scalar_if_0d, ops_above, to_raw

_getrefcount = getattr(sys, "getrefcount", None)
_np_generic = _backend.HOST_SCALAR
_ndarray = _backend.HOST_ARRAY


class _Probe:
    __slots__ = ("_value",)


def _count_refs(holder) -> int:
    old = holder._value
    return _getrefcount(old)


# How many references an array held by one attribute shows from inside a method, on this
# interpreter (CPython versions count borrowed references differently).
_UNSHARED_REFS = -1
if _getrefcount is not None:
    _p = _Probe()
    _p._value = _backend.host.zeros(1)
    _UNSHARED_REFS = _count_refs(_p)
    del _p


class Variable(TensorLike):
    """``tk.Variable(initial_value, trainable=True, name=None, dtype=None)``.

    Its ``_id`` stays the same across ``assign``: gradients with respect to a
    variable are gradients with respect to that id.  A recorded read keeps a snapshot
    of the value at that moment, so later assignments never change a recorded tape.
    """

    __slots__ = ("_value", "_id", "_trainable", "_name", "_snap", "__weakref__")
    _is_variable = True

    def __init__(
        self,
        initial_value=None,
        trainable=None,
        validate_shape=True,
        caching_device=None,
        name=None,
        variable_def=None,
        dtype=None,
        import_scope=None,
        constraint=None,
        synchronization=None,
        aggregation=None,
        shape=None,
        experimental_enable_variable_lifting=True,
    ):
        __tracebackhide__ = True
        if initial_value is None:
            raise ValueError(message("variable_needs_value"))
        tracer = _tape.state.tracer
        if tracer is not None and not tracer.allow_variables:
            raise ValueError(message("function_variable_creation"))
        if callable(initial_value):
            initial_value = initial_value()
        if trainable is None:
            trainable = True
        if not isinstance(trainable, bool):
            raise TypeError(message("variable_trainable_type", value=trainable))
        if isinstance(initial_value, TensorLike) and dtype is not None:
            initial_value = ops_above.cast(initial_value, dtype)
        value = to_raw(initial_value, None if dtype is None else as_dtype(dtype))
        value = _copy(value)  # the variable owns its array (updates may happen in place)
        self._value = value
        self._id = next_id()
        self._trainable = trainable
        self._name = current_prefix() + ("Variable" if name is None else str(name))
        self._snap = None  # the last read of a scalar value, reused while the value stands

    # -- identity ------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """TF's ``Variable.name``: the scoped name with TF's ``:0`` suffix."""
        return f"{self._name}:0"

    @property
    def trainable(self) -> bool:
        """TF's ``Variable.trainable``: whether tapes watch it when read and optimizers train it."""
        return self._trainable

    @property
    def handle(self):
        """TF's ``Variable.handle``: the variable itself (tapekit has no resource handles)."""
        return self

    def _snapshot(self) -> Tensor:
        """A Tensor holding the current value under the variable's id (a recorded read)."""
        if _tape.state.tracer is not None:
            t = Tensor(self._value, self._id)
            _tape.state.tracer.on_snapshot(self, t)
            return t
        v = self._value
        t = self._snap
        if t is not None and t._value is v:
            return t
        t = Tensor(v, self._id)
        if isinstance(v, _np_generic):
            # A NumPy scalar is immutable and every write replaces it, so while it is still
            # the value, one snapshot serves every read.  An array may be updated in place,
            # and a second reference would keep that from happening: no cache for arrays.
            self._snap = t
        return t

    # -- reads ---------------------------------------------------------------------------
    def value(self) -> Tensor:
        """TF's ``Variable.value``: the current value as a Tensor (a recorded read)."""
        return ops_above.identity(self)

    read_value = value

    def numpy(self):
        """A NumPy copy of the current value (a read: recording tapes watch the variable)."""
        if _tape.switch.active and _tape.state.tapes:
            _tape.watch_reads((self,), _tape.state.tapes)
        return TensorLike.numpy(self)

    def __repr__(self) -> str:
        if _tape.state.tracer is not None:  # TF's graph view: the value is the call's
            return f"<tk.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}>"
        return (
            f"<tk.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}, "
            f"numpy={_numpy_text(self, True)}>"
        )

    __str__ = __repr__

    # -- writes --------------------------------------------------------------------------
    def _new_value(self, value):
        new = to_raw(value, self.dtype, like=self._value)
        if tuple(new.shape) != tuple(self._value.shape):
            raise ValueError(
                message("assign_shape", got=tuple(new.shape), want=tuple(self._value.shape))
            )
        return new

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Replace the value (same shape and dtype); returns the variable."""
        __tracebackhide__ = True
        if _tape.state.tracer is not None:
            _tape.state.tracer.on_assign(self, "assign", value)
        # a copy: never keep (and later update in place) an array the caller holds
        self._value = _copy(self._new_value(value))
        return self

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """TF's ``Variable.assign_add``: adds ``delta`` in place and returns the variable."""
        __tracebackhide__ = True
        return self._update(delta, add=True)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """TF's ``Variable.assign_sub``: subtracts ``delta`` in place and returns the variable."""
        __tracebackhide__ = True
        return self._update(delta, add=False)

    def _update(self, delta, add: bool):
        if _tape.state.tracer is not None:
            _tape.state.tracer.on_assign(self, "assign_add" if add else "assign_sub", delta)
        old = self._value
        d = delta._value if type(delta) is Tensor else None
        if isinstance(old, _np_generic) and type(d) is type(old):
            # a scalar variable and a tensor of its dtype: nothing to convert or check
            self._value = old + d if add else old - d
            return self
        if not (
            type(d) is _ndarray
            and type(old) is _ndarray
            and d.dtype is old.dtype
            and d.shape == old.shape
        ):  # anything but a NumPy tensor of the variable's dtype and shape: convert, check
            d = self._new_value(delta)
        xp = _backend.namespace_of(old)
        # Update in place when nothing else (a live tape, a Tensor from value()) holds the
        # array: saves an allocation per step. Otherwise build a new array, so snapshots
        # recorded earlier keep their values.
        if (
            _getrefcount is not None
            and type(old) is _ndarray
            and _getrefcount(old) <= _UNSHARED_REFS
        ):
            if add:
                old += d
            else:
                old -= d
        else:
            self._value = xp.add(old, d) if add else xp.subtract(old, d)
        return self

    def scatter_nd_update(self, indices, updates):
        """TF's ``Variable.scatter_nd_update``: not supported, raises NotImplementedError."""
        raise NotImplementedError(message("scatter_nd_update"))


def _copy(value):
    xp = _backend.namespace_of(value)
    return _scalar_if_0d(xp.asarray(value, copy=True))  # 0-d NumPy: a scalar, as to_raw gives
