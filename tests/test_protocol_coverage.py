"""Every Tensor operator and every NumPy ufunc/function tapekit routes is exercised.

The tables here are checked against the engine's own lists (``OPERATORS`` in
``tapekit/ops/_operators.py``, ``ufunc_routes``/``function_routes`` in ``tapekit/_engine/numpy_protocol.py``),
so adding an operator or a route without a test fails.
"""

from __future__ import annotations

import operator

import numpy as np
import pytest

import tapekit as tk
from tapekit._engine import numpy_protocol as _numpy_protocol
from tapekit.ops._operators import OPERATORS

pytestmark = pytest.mark.numpy_only

A = np.array([[0.5, 1.5], [2.5, 3.0]])
B = np.array([[1.25, 0.7], [2.0, 4.0]])  # no exact multiples: % stays smooth
P = np.array([[True, False], [True, True]])
Q = np.array([[False, False], [True, False]])

# operator name -> (operands, NumPy reference, differentiable)
OPERATOR_CASES = {
    "__add__": ((A, B), operator.add, True),
    "__radd__": ((A, B), lambda a, b: b + a, True),
    "__sub__": ((A, B), operator.sub, True),
    "__rsub__": ((A, B), lambda a, b: b - a, True),
    "__mul__": ((A, B), operator.mul, True),
    "__rmul__": ((A, B), lambda a, b: b * a, True),
    "__truediv__": ((A, B), operator.truediv, True),
    "__rtruediv__": ((A, B), lambda a, b: b / a, True),
    "__floordiv__": ((A, B), operator.floordiv, False),
    "__rfloordiv__": ((A, B), lambda a, b: b // a, False),
    "__mod__": ((A, B), operator.mod, True),
    "__rmod__": ((A, B), lambda a, b: b % a, True),
    "__pow__": ((A, B), operator.pow, True),
    "__rpow__": ((A, B), lambda a, b: b**a, True),
    "__matmul__": ((A, B), operator.matmul, True),
    "__rmatmul__": ((A, B), lambda a, b: b @ a, True),
    "__neg__": ((A,), operator.neg, True),
    "__pos__": ((A,), operator.pos, True),
    "__abs__": ((A - 1.0,), operator.abs, True),
    "__invert__": ((P,), np.logical_not, False),
    "__and__": ((P, Q), np.logical_and, False),
    "__rand__": ((P, Q), lambda a, b: np.logical_and(b, a), False),
    "__or__": ((P, Q), np.logical_or, False),
    "__ror__": ((P, Q), lambda a, b: np.logical_or(b, a), False),
    "__xor__": ((P, Q), np.logical_xor, False),
    "__rxor__": ((P, Q), lambda a, b: np.logical_xor(b, a), False),
    "__lt__": ((A, B), operator.lt, False),
    "__le__": ((A, B), operator.le, False),
    "__gt__": ((A, B), operator.gt, False),
    "__ge__": ((A, B), operator.ge, False),
    "__eq__": ((A, B), operator.eq, False),
    "__ne__": ((A, B), operator.ne, False),
    "__getitem__": ((A, (slice(None), 1)), lambda a, k: a[k], True),
}


def test_every_operator_has_a_case():
    assert set(OPERATOR_CASES) == set(OPERATORS)


@pytest.mark.parametrize("name", sorted(OPERATOR_CASES))
def test_operator_value_and_gradient(name):
    operands, reference, differentiable = OPERATOR_CASES[name]
    tensors = [tk.constant(o) if isinstance(o, np.ndarray) else o for o in operands]
    with tk.GradientTape() as tape:
        for t in tensors:
            if isinstance(t, tk.Tensor) and t.dtype.is_floating:
                tape.watch(t)
        out = getattr(tk.Tensor, name)(*tensors)
    np.testing.assert_allclose(np.asarray(out.numpy()), reference(*operands), rtol=1e-12)
    floating = tensors[0].dtype.is_floating and out.dtype.is_floating
    grad = tape.gradient(out, tensors[0]) if floating else None
    assert (grad is not None) == differentiable
    if differentiable and name != "__getitem__":
        tk.testing.check_grads(lambda *xs: getattr(tk.Tensor, name)(*xs), *tensors, order=1)


# ufunc name -> (operand arrays, differentiable)
POS = np.array([0.3, 0.7, 1.9])
UNIT = np.array([-0.6, 0.1, 0.8])
UFUNC_CASES = {
    name: ((POS, POS[::-1]), True)
    for name in (
        "add",
        "subtract",
        "multiply",
        "divide",
        "true_divide",
        "power",
        "float_power",
        "maximum",
        "minimum",
        "fmax",
        "fmin",
        "arctan2",
        "remainder",
    )
}
UFUNC_CASES.update(
    {
        name: ((POS,), True)
        for name in (
            "negative",
            "positive",
            "square",
            "sqrt",
            "exp",
            "log",
            "log1p",
            "expm1",
            "sin",
            "cos",
            "tan",
            "arctan",
            "sinh",
            "cosh",
            "tanh",
            "arcsinh",
            "absolute",
            "fabs",
            "reciprocal",
        )
    }
)
UFUNC_CASES.update({name: ((UNIT,), True) for name in ("arcsin", "arccos", "arctanh")})
UFUNC_CASES["arccosh"] = ((POS + 1.0,), True)
UFUNC_CASES["sign"] = ((UNIT,), True)  # zero gradient, but connected (as TF's Sign)
UFUNC_CASES["floor_divide"] = ((POS, POS[::-1]), False)
UFUNC_CASES.update(
    {
        name: ((POS, POS[::-1]), False)
        for name in (
            "equal",
            "not_equal",
            "less",
            "less_equal",
            "greater",
            "greater_equal",
        )
    }
)
UFUNC_CASES.update(
    {
        name: ((POS > 0.5, POS < 1.0), False)
        for name in (
            "logical_and",
            "logical_or",
            "logical_xor",
        )
    }
)
UFUNC_CASES["logical_not"] = ((POS > 0.5,), False)
UFUNC_CASES.update(
    {
        name: ((POS * 3.3,), False)
        for name in (
            "floor",
            "ceil",
            "rint",
            "isnan",
            "isinf",
            "isfinite",
        )
    }
)
UFUNC_CASES["matmul"] = ((A, B), True)


def test_every_routed_ufunc_has_a_case():
    assert set(UFUNC_CASES) == set(_numpy_protocol.ufunc_routes())


@pytest.mark.parametrize("name", sorted(UFUNC_CASES))
def test_routed_ufunc_stays_on_the_tape(name):
    arrays, differentiable = UFUNC_CASES[name]
    ufunc = getattr(np, name)
    tensors = [tk.constant(a) for a in arrays]
    with tk.GradientTape() as tape:
        for t in tensors:
            if t.dtype.is_floating:
                tape.watch(t)
        out = ufunc(*tensors)
    assert isinstance(out, tk.Tensor), f"np.{name} left the tape"
    np.testing.assert_allclose(np.asarray(out.numpy()), ufunc(*arrays), rtol=1e-12)
    if tensors[0].dtype.is_floating and out.dtype.is_floating:
        grad = tape.gradient(out, tensors[0])
        assert (grad is not None) == differentiable
    else:
        assert not differentiable


FUNCTION_CASES = {
    np.sum: lambda x: np.sum(x, axis=0),
    np.mean: lambda x: np.mean(x, axis=1, keepdims=True),
    np.max: lambda x: np.max(x),
    np.min: lambda x: np.min(x, axis=0),
    np.amax: lambda x: np.amax(x),
    np.amin: lambda x: np.amin(x),
    np.prod: lambda x: np.prod(x, axis=1),
    np.std: lambda x: np.std(x),
    np.var: lambda x: np.var(x, axis=0),
    np.reshape: lambda x: np.reshape(x, (4,)),
    np.transpose: lambda x: np.transpose(x),
    np.concatenate: lambda x: np.concatenate([x, x], axis=1),
    np.stack: lambda x: np.stack([x, x]),
    np.squeeze: lambda x: np.squeeze(np.expand_dims(x, 0)),
    np.expand_dims: lambda x: np.expand_dims(x, 1),
    np.broadcast_to: lambda x: np.broadcast_to(x, (3, 2, 2)),
    np.tile: lambda x: np.tile(x, (2, 1)),
    np.cumsum: lambda x: np.cumsum(x, axis=1),
    np.where: lambda x: np.where(P, x, -x),
    np.clip: lambda x: np.clip(x, 1.0, 2.6),
    np.dot: lambda x: np.dot(x, x),
    np.tensordot: lambda x: np.tensordot(x, x, axes=1),
    np.einsum: lambda x: np.einsum("ij,jk->ik", x, x),
    np.trace: lambda x: np.trace(x),
    np.linalg.norm: lambda x: np.linalg.norm(x),
    np.linalg.inv: lambda x: np.linalg.inv(x),
    np.linalg.det: lambda x: np.linalg.det(x),
    np.linalg.solve: lambda x: np.linalg.solve(x, x * 2.0),
    np.linalg.cholesky: lambda x: np.linalg.cholesky(x @ np.transpose(x) + 3.0 * np.eye(2)),
    np.roll: lambda x: np.roll(x, 1),
    np.cumprod: lambda x: np.cumprod(x, axis=1),
    np.zeros_like: lambda x: np.zeros_like(x),
    np.ones_like: lambda x: np.ones_like(x),
    np.linalg.svd: lambda x: np.linalg.svd(x)[0] * np.linalg.svd(x)[2][0, 0],
    np.linalg.qr: lambda x: np.linalg.qr(x)[1],
    np.linalg.eigh: lambda x: np.linalg.eigh(x + np.transpose(x))[1] ** 2,
    np.linalg.eigvalsh: lambda x: np.linalg.eigvalsh(x + np.transpose(x)),
}


def test_every_routed_function_has_a_case():
    assert set(FUNCTION_CASES) == set(_numpy_protocol.function_routes())


@pytest.mark.parametrize("func", list(FUNCTION_CASES), ids=lambda f: f.__name__)
def test_routed_function_stays_on_the_tape(func):
    call = FUNCTION_CASES[func]
    x = tk.constant(A)
    with tk.GradientTape() as tape:
        tape.watch(x)
        out = call(x)
    assert isinstance(out, tk.Tensor), f"np.{func.__name__} left the tape"
    np.testing.assert_allclose(np.asarray(out.numpy()), call(A), rtol=1e-10)
    grad = tape.gradient(out, x)
    if func in (np.zeros_like, np.ones_like):
        assert grad is None
    else:
        assert grad is not None
