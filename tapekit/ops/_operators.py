"""Python operators on Tensor and Variable, all routed through tapekit ops.

This is the single list of operators (the meta-tests walk it).
"""

from __future__ import annotations

from .._engine import trace as _trace
from .._engine.tensor import Tensor
from .._engine.variable import Variable
from . import _core_math, indexing, shape
from . import arithmetic as _arithmetic
from . import comparison as _comparison
from . import elementwise as _elementwise
from ._core_math import _add, _mul, _sub, divide, negative
from ._registry import apply
from .arithmetic import floordiv, floormod
from .creation import constant
from .indexing import getitem
from .products import matmul


def _matmul(a, b):
    return matmul(a, b)


def _rmatmul(a, b):
    return matmul(b, a)


def _pow(a, b):
    return _arithmetic.pow(a, b)


def _rpow(a, b):
    return _arithmetic.pow(b, a)


# + - * apply their primitive themselves, not through tf.add & co: one Python frame less
# per op (bench W1: 1.6k of the ~200k instructions of a step).
OPERATORS = {
    "__add__": lambda a, b: apply(_add, (a, b)),
    "__radd__": lambda a, b: apply(_add, (b, a)),
    "__sub__": lambda a, b: apply(_sub, (a, b)),
    "__rsub__": lambda a, b: apply(_sub, (b, a)),
    "__mul__": lambda a, b: apply(_mul, (a, b)),
    "__rmul__": lambda a, b: apply(_mul, (b, a)),
    "__truediv__": lambda a, b: divide(a, b),
    "__rtruediv__": lambda a, b: divide(b, a),
    "__floordiv__": lambda a, b: floordiv(a, b),
    "__rfloordiv__": lambda a, b: floordiv(b, a),
    "__mod__": lambda a, b: floormod(a, b),
    "__rmod__": lambda a, b: floormod(b, a),
    "__pow__": _pow,
    "__rpow__": _rpow,
    "__matmul__": _matmul,
    "__rmatmul__": _rmatmul,
    "__neg__": lambda a: negative(a),
    "__pos__": lambda a: a,
    "__abs__": lambda a: _elementwise.abs(a),
    "__invert__": lambda a: _comparison.logical_not(a),
    "__and__": lambda a, b: _comparison.logical_and(a, b),
    "__rand__": lambda a, b: _comparison.logical_and(b, a),
    "__or__": lambda a, b: _comparison.logical_or(a, b),
    "__ror__": lambda a, b: _comparison.logical_or(b, a),
    "__xor__": lambda a, b: _comparison.logical_xor(a, b),
    "__rxor__": lambda a, b: _comparison.logical_xor(b, a),
    "__lt__": lambda a, b: _comparison.less(a, b),
    "__le__": lambda a, b: _comparison.less_equal(a, b),
    "__gt__": lambda a, b: _comparison.greater(a, b),
    "__ge__": lambda a, b: _comparison.greater_equal(a, b),
    "__eq__": lambda a, b: _eq(a, b, _comparison.equal),
    "__ne__": lambda a, b: _eq(a, b, _comparison.not_equal),
    "__getitem__": lambda a, key: getitem(a, key),
}


def _eq(a, b, op):
    # TF 2: elementwise, but comparing with None or incompatible shapes gives a Python bool
    if b is None:
        return op is _comparison.not_equal
    try:
        return op(a, b)
    except (ValueError, TypeError):
        return constant(op is _comparison.not_equal)  # TF: a scalar bool tensor


for _cls in (Tensor, Variable):
    for _name, _fn in OPERATORS.items():
        setattr(_cls, _name, _fn)
    _cls.__hash__ = _cls.__mro__[1].__hash__  # defining __eq__ must not reset it


def _api_names() -> dict:
    """TF's names for the ops of its Python operators and of the functions whose Python
    wrapper names them (``x * y``: "mul"; ``tf.multiply``: "Mul"), shown while tracing."""
    ops = {
        "__add__": "add",
        "__radd__": "add",
        "__sub__": "sub",
        "__rsub__": "sub",
        "__mul__": "mul",
        "__rmul__": "mul",
        "__truediv__": "truediv",
        "__rtruediv__": "truediv",
        "__floordiv__": "floordiv",
        "__rfloordiv__": "floordiv",
        "__mod__": "mod",
        "__rmod__": "mod",
        "__pow__": "pow",
        "__rpow__": "pow",
        "__matmul__": "matmul",
        "__rmatmul__": "matmul",
    }
    names = {OPERATORS[op].__code__: name for op, name in ops.items()}
    functions = {
        _core_math.add: "Add",
        _core_math.subtract: "Sub",
        _core_math.multiply: "Mul",
        _core_math.divide: "truediv",
        _arithmetic.pow: "Pow",
        _arithmetic.clip_by_value: "clip_by_value",
        shape.stack: "stack",
        shape.concat: "concat",
        shape.transpose: "transpose",
        indexing.getitem: "strided_slice",
    }
    names.update({fn.__code__: name for fn, name in functions.items()})
    return names


_trace.API_NAMES.update(_api_names())
