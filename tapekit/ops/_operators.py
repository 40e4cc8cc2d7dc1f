"""Python operators on Tensor and Variable, all routed through tapekit ops.

This is the single list of operators (the meta-tests walk it).
"""

from __future__ import annotations

from .._tensor import Tensor
from .._variable import Variable
from . import array as _a
from . import linalg as _l
from . import math as _m


def _matmul(a, b):
    return _l.matmul(a, b)


def _rmatmul(a, b):
    return _l.matmul(b, a)


def _pow(a, b):
    return _m.pow(a, b)


def _rpow(a, b):
    return _m.pow(b, a)


OPERATORS = {
    "__add__": lambda a, b: _m.add(a, b),
    "__radd__": lambda a, b: _m.add(b, a),
    "__sub__": lambda a, b: _m.subtract(a, b),
    "__rsub__": lambda a, b: _m.subtract(b, a),
    "__mul__": lambda a, b: _m.multiply(a, b),
    "__rmul__": lambda a, b: _m.multiply(b, a),
    "__truediv__": lambda a, b: _m.divide(a, b),
    "__rtruediv__": lambda a, b: _m.divide(b, a),
    "__floordiv__": lambda a, b: _m.floordiv(a, b),
    "__rfloordiv__": lambda a, b: _m.floordiv(b, a),
    "__mod__": lambda a, b: _m.floormod(a, b),
    "__rmod__": lambda a, b: _m.floormod(b, a),
    "__pow__": _pow,
    "__rpow__": _rpow,
    "__matmul__": _matmul,
    "__rmatmul__": _rmatmul,
    "__neg__": lambda a: _m.negative(a),
    "__pos__": lambda a: a,
    "__abs__": lambda a: _m.abs(a),
    "__invert__": lambda a: _m.logical_not(a),
    "__and__": lambda a, b: _m.logical_and(a, b),
    "__rand__": lambda a, b: _m.logical_and(b, a),
    "__or__": lambda a, b: _m.logical_or(a, b),
    "__ror__": lambda a, b: _m.logical_or(b, a),
    "__xor__": lambda a, b: _m.logical_xor(a, b),
    "__rxor__": lambda a, b: _m.logical_xor(b, a),
    "__lt__": lambda a, b: _m.less(a, b),
    "__le__": lambda a, b: _m.less_equal(a, b),
    "__gt__": lambda a, b: _m.greater(a, b),
    "__ge__": lambda a, b: _m.greater_equal(a, b),
    "__eq__": lambda a, b: _eq(a, b, _m.equal),
    "__ne__": lambda a, b: _eq(a, b, _m.not_equal),
    "__getitem__": lambda a, key: _a.getitem(a, key),
}


def _eq(a, b, op):
    # TF 2: elementwise, but comparing with None or incompatible shapes gives a Python bool
    if b is None:
        return op is _m.not_equal
    try:
        return op(a, b)
    except (ValueError, TypeError):
        from .creation import constant  # noqa: PLC0415

        return constant(op is _m.not_equal)  # TF: a scalar bool tensor


for _cls in (Tensor, Variable):
    for _name, _fn in OPERATORS.items():
        setattr(_cls, _name, _fn)
    _cls.__hash__ = _cls.__mro__[1].__hash__  # defining __eq__ must not reset it
