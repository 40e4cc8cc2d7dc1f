"""NumPy's protocols: ``np.sin(t)`` on a tensor runs tapekit's op and stays on the tape.

Routed ufuncs and functions map to tapekit ops (a deliberate difference from TF,
where NumPy calls leave the tape).  Anything not routed runs on the values, returns
NumPy data as TF would, and warns when that silently drops a gradient.
"""

from __future__ import annotations

import functools
import warnings

from .. import ops as _ops
from .._messages import message
from ..ops import _registry
from . import backend as _backend
from . import tape as _tape
from . import trace as _trace
from .tensor import TensorLike

np = _backend.np


def _numpy_function(path: str):
    """NumPy's function at ``path`` (``"sum"``, ``"linalg.norm"``), looked up by name."""
    obj = np
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


# Which NumPy calls run tapekit ops is declared beside each op (``numpy_ufunc`` and
# ``numpy_function`` in ``tapekit/ops/``): ufuncs by name, functions by the object NumPy
# passes to ``__array_function__``. Some ops load on first use, so the first NumPy call on
# a tensor loads them all before it reads the routes.
@functools.cache
def ufunc_routes() -> dict:
    """NumPy ufunc name -> tapekit op, for every op."""
    _ops.load_all()
    return _registry.NUMPY_UFUNCS


@functools.cache
def function_routes() -> dict:
    """NumPy function -> tapekit op, for every op."""
    _ops.load_all()
    return {_numpy_function(path): call for path, call in _registry.NUMPY_FUNCTIONS.items()}


def _to_numpy(x):
    if isinstance(x, TensorLike):
        if _trace.state.tracer is not None:
            _trace.state.tracer.on_value(x, "array", None)
        return _backend.to_host(x._value)
    if isinstance(x, (list, tuple)):
        return type(x)(_to_numpy(v) for v in x)
    return x


def _leaves_tape(name, inputs, result) -> None:
    tapes = _tape.state.tapes
    if not tapes:
        return
    tracked = any(
        isinstance(x, TensorLike)
        and any(
            x._id in t.tracked or (x._is_variable and x._trainable and t.watch_accessed_variables)
            for t in tapes
        )
        for x in inputs
    )
    if tracked and getattr(getattr(result, "dtype", None), "kind", "") in "fc":
        warnings.warn(message("numpy_off_tape", func=name), stacklevel=3)


def array_ufunc(self, ufunc, method, *inputs, **kwargs):
    """``__array_ufunc__``: a NumPy ufunc on tensors runs tapekit's op (on the tape) where
    one exists."""
    if method == "__call__" and not kwargs.get("out"):
        op = ufunc_routes().get(ufunc.__name__)
        if (
            op is not None
            and not (set(kwargs) - {"dtype", "casting", "where"})
            and "where" not in kwargs
        ):
            return op(*inputs)
    args = [_to_numpy(x) for x in inputs]
    if "out" in kwargs:
        kwargs["out"] = tuple(_to_numpy(o) for o in kwargs["out"])
    result = getattr(ufunc, method)(*args, **kwargs)
    _leaves_tape(ufunc.__name__, inputs, result)
    return result


def array_function(self, func, types, args, kwargs):
    """``__array_function__``: a NumPy function on tensors runs tapekit's op where one
    exists, else NumPy on host copies (off the tape)."""
    fn = function_routes().get(func)
    if fn is not None:
        out = fn(*args, **kwargs)
        if out is not NotImplemented:
            return out
    np_args = [_to_numpy(a) for a in args]
    np_kwargs = {k: _to_numpy(v) for k, v in kwargs.items()}
    result = func(*np_args, **np_kwargs)
    _leaves_tape(getattr(func, "__name__", str(func)), list(args) + list(kwargs.values()), result)
    return result


def install() -> None:
    """Give tensors NumPy's protocols (``import tapekit`` calls it once)."""
    TensorLike.__array_ufunc__ = array_ufunc
    TensorLike.__array_function__ = array_function
