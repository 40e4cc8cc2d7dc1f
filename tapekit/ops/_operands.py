"""``apply``'s operands: Python and NumPy values converted to the op's dtype (constants
cached), the dtype and device check across inputs, and the array library's errors
translated into TF's ``InvalidArgumentError`` naming the op.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.tensor import Tensor, TensorLike, dtype_of, to_raw
from .._messages import message
from ..errors import InvalidArgumentError

_PY_SCALARS = (int, float)
_NS = _backend._NS_BY_TYPE
_HOST = _backend.host

# What a forward may raise: the array library's complaint, made an InvalidArgumentError
# naming the op (``_failed``). Written once for apply's three branches.
_FORWARD_ERRORS = (ValueError, TypeError, IndexError, ArithmeticError)


def _failed(prim, vals, e):
    """The error to raise for ``e`` from ``prim``'s forward (tapekit's own pass through)."""
    if isinstance(e, InvalidArgumentError):
        return e
    return _translate(prim, vals, e)


def _convert_pair(prim, a, b):
    """Two operands, at least one not a tensor: convert it to the other's dtype."""
    linked = prim.dtype_args
    if linked is None or (0 in linked and 1 in linked):
        if isinstance(a, TensorLike):
            return a, _scalar_like(b, a._value, prim)
        if isinstance(b, TensorLike):
            return _scalar_like(a, b._value, prim), b
    ref = a if isinstance(a, TensorLike) else (b if isinstance(b, TensorLike) else None)
    return tuple(_convert_args(prim, (a, b), ref))


# host (NumPy) dtype -> {Python number -> constant Tensor}, one table per kind of number:
# a float is cached only for floating dtypes (an integer tensor refuses it, as TF does)
_CONSTANTS: dict = {float: {}, int: {}}


def _scalar_like(value, like, prim):
    """``value`` as a constant Tensor with ``like``'s dtype (fast for Python numbers).

    Constants from Python numbers are immutable and never watched, so one Tensor per
    (value, dtype) serves every op that uses it (``2.0 * x`` in a loop allocates nothing).
    """
    t = type(value)
    # a host scalar of like's dtype, cached (bench W1, W2); the namespace compared inline,
    # as in apply's fast path (a helper call cost W1 1.5k instructions a step)
    dt = like.dtype if (t is float or t is int) and _NS.get(type(like)) is _HOST else None
    if dt is not None:
        per_value = _CONSTANTS[t].get(dt)
        if per_value is not None:
            c = per_value.get(value)
            if c is not None:
                return c
        if t is float and dt.kind not in "fc":
            raise TypeError(message("convert_failed", value=value, dtype=dt.name))
        try:
            c = Tensor(dt.type(value))
        except OverflowError:
            c = None
        if c is not None:
            # not NaN, and no float zero (-0.0 == 0 == 0.0 as keys)
            if value == value and (value or dt.kind not in "fc"):
                per_value = _CONSTANTS[t].setdefault(dt, {})
                if len(per_value) < 4096:
                    per_value[value] = c
            return c
    return Tensor(to_raw(value, dtype_of(like), like=like))


def _convert_args(prim, args, ref):
    linked = prim.dtype_args
    ref_dtype = None
    like = None
    if ref is not None:
        like = ref._value
        if linked is None or any(args[i] is ref for i in linked if i < len(args)):
            ref_dtype = dtype_of(like)
        else:
            for i in linked or ():
                if i < len(args) and isinstance(args[i], TensorLike):
                    ref_dtype = dtype_of(args[i]._value)
                    break
    out = []
    for i, a in enumerate(args):
        if isinstance(a, TensorLike):
            out.append(a)
            continue
        dt = ref_dtype if (linked is None or i in linked) else None
        try:
            raw = to_raw(a, dt, like=like)
        except TypeError:
            raise
        t = Tensor(raw)
        out.append(t)
        if ref_dtype is None and (linked is None or i in linked):
            ref_dtype = dtype_of(raw)
            like = raw if like is None else like
    return out


def _check_compatible(prim, vals):
    linked = prim.dtype_args
    v0 = vals[0]
    d0 = None
    for i, v in enumerate(vals):
        if not _backend.same_device(v0, v):
            raise InvalidArgumentError(
                None,
                None,
                message(
                    "device_mismatch",
                    op=prim.name,
                    a=_backend.device_name(v0),
                    b=_backend.device_name(v),
                ),
            )
        if linked is None or i in linked:
            if d0 is None:
                d0 = v.dtype
                i0 = i
            elif v.dtype != d0:
                want, got = dtype_of(vals[i0]), dtype_of(v)
                raise InvalidArgumentError(
                    None,
                    None,
                    message(
                        "mixed_dtypes",
                        op=prim.name,
                        index=i,
                        want=_tf_type_word(want),
                        got=_tf_type_word(got),
                        want_name=want.name,
                    ),
                )


def _tf_type_word(d) -> str:
    return {"float32": "float", "float64": "double", "float16": "half"}.get(d.name, d.name)


def _translate(prim, vals, e):
    shapes = [tuple(v.shape) for v in vals]
    if prim.broadcasts and len(shapes) >= 2:
        try:
            _backend.host.broadcast_shapes(*shapes)
        except ValueError:
            return InvalidArgumentError(
                None,
                None,
                message("incompatible_shapes", a=list(shapes[0]), b=list(shapes[1]), op=prim.name),
            )
    return InvalidArgumentError(None, None, message("op_failed", op=prim.name, detail=str(e)))
