"""NumPy's protocols: ``np.sin(t)`` on a tensor runs tapekit's op and stays on the tape.

Routed ufuncs and functions map to tapekit ops (a deliberate difference from TF,
where NumPy calls leave the tape).  Anything not routed runs on the values, returns
NumPy data as TF would, and warns when that silently drops a gradient.
"""

from __future__ import annotations

import warnings

from . import _backend, _tape, _trace
from ._messages import message
from ._tensor import _TensorLike
from .ops import array as _a
from .ops import creation as _c
from .ops import decompositions as _d
from .ops import linalg as _l
from .ops import math as _m
from .ops import reduction as _r

np = _backend.np

UFUNCS = {
    "add": _m.add,
    "subtract": _m.subtract,
    "multiply": _m.multiply,
    "divide": _m.divide,
    "true_divide": _m.divide,
    "floor_divide": _m.floordiv,
    "remainder": _m.floormod,
    "negative": _m.negative,
    "positive": _a.identity,
    "power": _m.pow,
    "float_power": _m.pow,
    "square": _m.square,
    "sqrt": _m.sqrt,
    "exp": _m.exp,
    "log": _m.log,
    "log1p": _m.log1p,
    "expm1": _m.expm1,
    "sin": _m.sin,
    "cos": _m.cos,
    "tan": _m.tan,
    "arcsin": _m.asin,
    "arccos": _m.acos,
    "arctan": _m.atan,
    "arctan2": _m.atan2,
    "sinh": _m.sinh,
    "cosh": _m.cosh,
    "tanh": _m.tanh,
    "arcsinh": _m.asinh,
    "arccosh": _m.acosh,
    "arctanh": _m.atanh,
    "absolute": _m.abs,
    "fabs": _m.abs,
    "sign": _m.sign,
    "reciprocal": _m.reciprocal,
    "maximum": _m.maximum,
    "minimum": _m.minimum,
    "fmax": _m.maximum,
    "fmin": _m.minimum,
    "matmul": _l.matmul,
    "equal": _m.equal,
    "not_equal": _m.not_equal,
    "less": _m.less,
    "less_equal": _m.less_equal,
    "greater": _m.greater,
    "greater_equal": _m.greater_equal,
    "logical_and": _m.logical_and,
    "logical_or": _m.logical_or,
    "logical_xor": _m.logical_xor,
    "logical_not": _m.logical_not,
    "floor": _m.floor,
    "ceil": _m.ceil,
    "rint": _m.round,
    "isnan": _m.is_nan,
    "isinf": _m.is_inf,
    "isfinite": _m.is_finite,
}


def _reduction(fn):
    def call(a, axis=None, dtype=None, out=None, keepdims=False, **kw):
        return fn(a, axis=axis, keepdims=bool(keepdims))

    return call


def _std(fn):
    def call(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
        if ddof:
            return NotImplemented
        return fn(a, axis=axis, keepdims=bool(keepdims))

    return call


def _dot(a, b, out=None):
    if getattr(a, "ndim", 0) == 1 and getattr(b, "ndim", 0) == 1:
        return _l.tensordot(a, b, 1)
    if getattr(a, "ndim", 0) >= 2 and getattr(b, "ndim", 0) == 2:
        return _l.matmul(a, b)
    return _l.tensordot(a, b, [[-1], [max(getattr(b, "ndim", 1) - 2, 0)]])


def _roll(a, shift, axis):
    from .ops.grid import roll  # noqa: PLC0415

    if axis is None:
        return _a.reshape(roll(_a.reshape(a, (-1,)), shift, 0), tuple(a.shape))
    return roll(a, shift, axis)


def _np_norm(x, ord, axis, keepdims):  # noqa: A002
    """NumPy's norm in TF's terms; NumPy-only orders ('nuc', negative) leave the tape."""
    if axis is None and ord is not None and getattr(x, "ndim", 0) == 2:
        axis = [0, 1]  # NumPy: an ord with a 2-D input and no axis is a matrix norm
    if isinstance(axis, tuple):
        axis = [int(a) for a in axis]
    if (
        ord is not None
        and ord not in ("fro", 1, 2, np.inf)
        and (isinstance(axis, list) or isinstance(ord, str) or not ord > 0)
    ):
        return NotImplemented
    return _l.norm(x, "euclidean" if ord is None else ord, axis, keepdims)


def _np_svd(a, full_matrices, compute_uv, hermitian):
    """NumPy's order (u, s, vh) from TF's (s, u, v)."""
    if hermitian:
        return NotImplemented
    if not compute_uv:
        return _d.svd(a, compute_uv=False)
    s, u, v = _d.svd(a, full_matrices=full_matrices)
    return u, s, _a.matrix_transpose(v)


def _np_qr(a, mode):
    if mode not in ("reduced", "complete", "r"):
        return NotImplemented
    q, r = _d.qr(a, full_matrices=mode == "complete")
    return r if mode == "r" else (q, r)


FUNCTIONS = {
    np.sum: _reduction(_r.reduce_sum),
    np.mean: _reduction(_r.reduce_mean),
    np.max: _reduction(_r.reduce_max),
    np.min: _reduction(_r.reduce_min),
    np.amax: _reduction(_r.reduce_max),
    np.amin: _reduction(_r.reduce_min),
    np.prod: _reduction(_r.reduce_prod),
    np.std: _std(_r.reduce_std),
    np.var: _std(_r.reduce_variance),
    np.reshape: lambda a, shape=None, order="C", **kw: _a.reshape(
        a, shape if shape is not None else kw["newshape"]
    ),
    np.transpose: lambda a, axes=None: _a.transpose(a, axes),
    np.concatenate: lambda arrays, axis=0, **kw: _a.concat(list(arrays), axis),
    np.stack: lambda arrays, axis=0, **kw: _a.stack(list(arrays), axis),
    np.squeeze: lambda a, axis=None: _a.squeeze(a, axis),
    np.expand_dims: lambda a, axis: _a.expand_dims(a, axis),
    np.broadcast_to: lambda array, shape, subok=False: _a.broadcast_to(array, shape),
    np.tile: lambda A, reps: _a.tile(A, (reps,) if isinstance(reps, int) else reps),
    np.cumsum: lambda a, axis=None, dtype=None, out=None: _r.cumsum(
        a if axis is not None else _a.reshape(a, (-1,)), 0 if axis is None else axis
    ),
    np.where: lambda condition, x=None, y=None: _m.where(condition, x, y),
    np.clip: lambda a, a_min=None, a_max=None, out=None, **kw: _m.clip_by_value(
        a, kw.get("min", a_min), kw.get("max", a_max)
    ),
    np.dot: _dot,
    np.tensordot: lambda a, b, axes=2: _l.tensordot(a, b, axes),
    np.einsum: lambda subscripts, *operands, **kw: _l.einsum(subscripts, *operands),
    np.trace: lambda a, offset=0, axis1=0, axis2=1, dtype=None, out=None: _l.trace(a),
    np.linalg.norm: lambda x, ord=None, axis=None, keepdims=False: _np_norm(x, ord, axis, keepdims),
    np.linalg.inv: lambda a: _l.inv(a),
    np.linalg.det: lambda a: _l.det(a),
    np.linalg.solve: lambda a, b: _l.solve(a, b),
    np.linalg.cholesky: lambda a, **kw: _l.cholesky(a),
    # issue 13
    np.roll: lambda a, shift, axis=None: _roll(a, shift, axis),
    np.cumprod: lambda a, axis=None, dtype=None, out=None: _r.cumprod(
        a if axis is not None else _a.reshape(a, (-1,)), 0 if axis is None else axis
    ),
    np.zeros_like: lambda a, dtype=None, **kw: _c.zeros_like(a, dtype),
    np.ones_like: lambda a, dtype=None, **kw: _c.ones_like(a, dtype),
    np.linalg.svd: lambda a, full_matrices=True, compute_uv=True, hermitian=False: _np_svd(
        a, full_matrices, compute_uv, hermitian
    ),
    np.linalg.qr: lambda a, mode="reduced": _np_qr(a, mode),
    np.linalg.eigh: lambda a, UPLO="L": _d.eigh(a) if UPLO == "L" else NotImplemented,
    np.linalg.eigvalsh: lambda a, UPLO="L": _d.eigvalsh(a) if UPLO == "L" else NotImplemented,
}


def _to_numpy(x):
    if isinstance(x, _TensorLike):
        if _trace.state[0] is not None:
            _trace.state[0].on_value(x, "array", None)
        return _backend.to_host(x._value)
    if isinstance(x, (list, tuple)):
        return type(x)(_to_numpy(v) for v in x)
    return x


def _leaves_tape(name, inputs, result) -> None:
    tapes = _tape.state.tapes
    if not tapes:
        return
    tracked = any(
        isinstance(x, _TensorLike)
        and any(
            x._id in t.tracked or (x._is_variable and x._trainable and t.watch_accessed_variables)
            for t in tapes
        )
        for x in inputs
    )
    if tracked and getattr(getattr(result, "dtype", None), "kind", "") in "fc":
        warnings.warn(message("numpy_off_tape", func=name), stacklevel=3)


def array_ufunc(self, ufunc, method, *inputs, **kwargs):
    if method == "__call__" and not kwargs.get("out"):
        op = UFUNCS.get(ufunc.__name__)
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
    fn = FUNCTIONS.get(func)
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
    _TensorLike.__array_ufunc__ = array_ufunc
    _TensorLike.__array_function__ = array_function
