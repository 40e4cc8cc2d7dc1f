"""``v[0].assign(x)``, ``v[1:3].assign(x)``: slice assignment on Variables, as in TF.

Indexing a Variable with ints, slices, ``...`` and ``None`` (TF's strided slices) gives
a Tensor (a recorded read, as before) that also knows where it came from: its
``assign`` writes the value into that part of the variable and returns the variable.
TF's slices have no ``assign_add``/``assign_sub``, and neither do tapekit's.
"""

from __future__ import annotations

import weakref

from .._engine import backend as _backend
from .._engine import trace as _trace
from .._engine.tensor import Tensor, to_raw
from .._engine.variable import Variable
from .._messages import message
from .indexing import _normalize_key, getitem

# id(slice tensor) -> (weak reference to it, variable, key)
_ORIGIN: dict[int, tuple] = {}


class VariableSlice(Tensor):
    """A Tensor read from a strided slice of a Variable; ``assign`` writes it back."""

    __slots__ = ()

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Write ``value`` (broadcast to the slice's shape) into that part of the variable;
        returns the variable."""
        __tracebackhide__ = True
        origin = _ORIGIN.get(id(self))
        if origin is None or origin[0]() is not self:  # pragma: no cover (ids are unique)
            raise AttributeError("assign")
        _, var, key = origin
        if _trace.state.tracer is not None:
            _trace.state.tracer.unplannable("slice assignment to a Variable")
        old = var._value
        xp = _backend.namespace_of(old)
        target_shape = tuple(self._value.shape)
        new = to_raw(value, var.dtype, like=old)
        if tuple(new.shape) != target_shape:
            try:
                new = xp.broadcast_to(new, target_shape)
            except (ValueError, TypeError):
                raise ValueError(
                    message("slice_assign_shape", got=tuple(new.shape), want=target_shape)
                ) from None
        full = xp.asarray(old, copy=True)
        setkey = tuple(k for k in key if k is not None)
        if any(k is None for k in key):
            new = xp.reshape(new, tuple(full[setkey].shape))
        full[setkey] = new
        return var.assign(full)


def _strided(key) -> bool:
    parts = key if isinstance(key, tuple) else (key,)
    return all(isinstance(k, (int, slice)) or k is None or k is Ellipsis for k in parts)


def _variable_getitem(var, key):
    __tracebackhide__ = True
    out = getitem(var, key)
    if not _strided(key) or not isinstance(var, Variable):
        return out
    out.__class__ = VariableSlice
    nkey = _normalize_key(key)
    _ORIGIN[id(out)] = (weakref.ref(out, lambda _, k=id(out): _ORIGIN.pop(k, None)), var, nkey)
    return out


def install() -> None:
    """Give ``Variable[...]`` its ``assign`` (called once, after the operators are bound)."""
    Variable.__getitem__ = _variable_getitem
