"""The op-spec table: one row per differentiable public op (and per interesting variant).

A row names the op, gives a callable on tapekit tensors, a NumPy reference forward, the
input domain of each argument and the input shapes.  Domains keep the inputs inside the
op's domain and away from kinks and ties (finite differences are meaningless there); the
kinks themselves are tested against TensorFlow in ``test_tf_conformance.py``.

``covers`` lists the public names (relative to ``tapekit``: ``"math.sin"``, ``"nn.relu"``,
``"matmul"``) a row exercises; the meta-tests compare them, by object identity, with what
``dir()`` of the public modules shows.  Which *primitives* a row exercises is not written
down: the meta-test records each row on a tape and reads the op names off the entries.

Rows with ``family`` set also drive the hypothesis tests, which draw shapes (and, for
reductions, ``axis``/``keepdims``) instead of using the row's fixed ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest

import tapekit as tk
from tapekit._engine import backend as _backend
from tapekit._engine.tensor import to_raw
from tapekit.testing import check_grads


def like(a, t) -> tk.Tensor:
    """A constant holding ``a`` on the namespace and device of tensor ``t``."""
    return tk.Tensor(to_raw(np.asarray(a), like=t._value))


# ---------------------------------------------------------------------------------------
# input domains: sampler(rng, shape) -> float64 array


def real(rng, shape):
    return rng.uniform(-2.0, 2.0, shape)


def pos(rng, shape):
    return rng.uniform(0.5, 2.0, shape)


def unit(rng, shape):
    """Inside (-0.9, 0.9): asin, acos, atanh."""
    return rng.uniform(-0.9, 0.9, shape)


def gt1(rng, shape):
    """Above 1: acosh."""
    return rng.uniform(1.2, 3.0, shape)


def away0(rng, shape):
    """|x| in (0.3, 2): away from the kink at 0 (abs, relu, 1/x...)."""
    return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.3, 2.0, shape)


def near1(rng, shape):
    """|x| in (0.6, 1.4) with random sign: products stay O(1)."""
    return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.6, 1.4, shape)


def tan_dom(rng, shape):
    return rng.uniform(-1.2, 1.2, shape)


def relu6_dom(rng, shape):
    """Away from both kinks of relu6 (0 and 6)."""
    lo = rng.uniform(-2.0, -0.3, shape)
    mid = rng.uniform(0.3, 5.7, shape)
    hi = rng.uniform(6.3, 8.0, shape)
    pick = rng.integers(0, 3, shape)
    return np.where(pick == 0, lo, np.where(pick == 1, mid, hi))


def distinct(rng, shape):
    """All values at least 0.2 apart: no ties for max/min, whatever the axes."""
    n = int(np.prod(shape, dtype=int))
    ranks = rng.permutation(n).astype(np.float64)
    vals = (ranks + rng.uniform(0.2, 0.8, n)) * 0.5 - n / 4.0
    return vals.reshape(shape)


def spd(rng, shape):
    """Symmetric positive definite matrices (batched on leading axes)."""
    a = rng.standard_normal(shape)
    n = shape[-1]
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def well_conditioned(rng, shape):
    n = shape[-1]
    return 3.0 * np.eye(n) + 0.5 * rng.standard_normal(shape)


def prob(rng, shape):
    """Rows on the probability simplex (softmax cross-entropy labels)."""
    p = rng.uniform(0.1, 1.0, shape)
    return p / p.sum(axis=-1, keepdims=True)


def zero_one(rng, shape):
    return rng.uniform(0.0, 1.0, shape)


# ---------------------------------------------------------------------------------------
# the row type


@dataclass(frozen=True)
class OpSpec:
    name: str
    fn: Callable  # tapekit tensors (+ params) -> Tensor or list of Tensors
    ref: Callable  # NumPy arrays (+ params) -> ndarray or list of ndarrays
    domains: tuple  # one sampler per input
    shapes: tuple  # one shape per input
    covers: tuple = ()  # public names exercised, relative to tapekit
    params: dict = field(default_factory=dict)
    family: str = ""  # "unary" | "binary" | "reduce": hypothesis draws the shapes
    valid: Callable | None = None  # predicate on the NumPy inputs (kinks, ties, cuts)
    make: Callable | None = None  # make(rng, shapes) -> inputs, instead of domains
    fwd_rtol: float = 1e-12
    fwd_atol: float = 1e-13
    rtol: float = 1e-5  # check_grads tolerance
    eps: float = 1e-6  # finite-difference step
    order: int = 2
    numpy_only: str = ""  # reason, if the op cannot run on other backends

    def inputs(self, rng, shapes=None, params=None) -> list[np.ndarray] | None:
        """Inputs drawn from the domains; None if no draw satisfies ``valid``."""
        shapes = self.shapes if shapes is None else shapes
        for _ in range(200):
            if self.make is not None:
                xs = self.make(rng, shapes)
            else:
                xs = [d(rng, tuple(s)) for d, s in zip(self.domains, shapes)]
            xs = [np.asarray(x, dtype=np.float64) for x in xs]
            if self.valid is None or self.valid(*xs, **(params or self.params)):
                return xs
        return None

    def call(self, *tensors, **params):
        return self.fn(*tensors, **(params or self.params))

    def reference(self, *arrays, **params):
        return self.ref(*arrays, **(params or self.params))

    def __repr__(self) -> str:
        return self.name


SPECS: list[OpSpec] = []


def row(name, fn, ref, domains, shapes, covers=(), **kw):
    if isinstance(covers, str):
        covers = (covers,)
    spec = OpSpec(name, fn, ref, tuple(domains), tuple(map(tuple, shapes)), tuple(covers), **kw)
    if any(s.name == name for s in SPECS):
        raise ValueError(f"duplicate row {name}")
    SPECS.append(spec)
    return spec


# ---------------------------------------------------------------------------------------
# NumPy references the standard library or NumPy lack

_erf = np.vectorize(math.erf, otypes=[np.float64])


def np_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def np_softplus(x):
    return np.log1p(np.exp(x))


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_log_softmax(x, axis=-1):
    return np.log(np_softmax(x, axis))


def _axes(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def np_logsumexp(x, axis=None, keepdims=False):
    ax = _axes(axis)
    m = np.max(x, axis=ax, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=ax, keepdims=True)) + m
    if not keepdims:
        out = np.squeeze(out, axis=ax) if ax is not None else out.reshape(())
    return out


def np_cumsum(x, axis=0, exclusive=False, reverse=False):
    if reverse:
        x = np.flip(x, axis)
    out = np.cumsum(x, axis=axis)
    if exclusive:
        out = out - x
    return np.flip(out, axis) if reverse else out


def np_elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


_SELU_A = 1.6732632423543772848170429916717
_SELU_S = 1.0507009873554804934193349852946


def np_gelu(x, approximate=False):
    if approximate:
        c = math.sqrt(2.0 / math.pi)
        return 0.5 * x * (1.0 + np.tanh(c * (x + 0.044715 * x**3)))
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _mt(a):
    return np.swapaxes(a, -1, -2)


# ---------------------------------------------------------------------------------------
# elementwise, one input

S23 = [(2, 3)]

for _name, _fn, _ref, _dom, _covers in [
    ("negative", tk.negative, np.negative, real, ("negative", "math.neg")),
    ("abs", tk.abs, np.abs, away0, "abs"),
    ("sign", tk.sign, np.sign, away0, "sign"),
    ("square", tk.square, np.square, real, "square"),
    ("sqrt", tk.sqrt, np.sqrt, pos, "sqrt"),
    ("rsqrt", tk.math.rsqrt, lambda x: 1 / np.sqrt(x), pos, "math.rsqrt"),
    ("exp", tk.exp, np.exp, real, "exp"),
    ("log", tk.math.log, np.log, pos, "math.log"),
    ("log1p", tk.math.log1p, np.log1p, pos, "math.log1p"),
    ("expm1", tk.math.expm1, np.expm1, real, "math.expm1"),
    ("sin", tk.sin, np.sin, real, "sin"),
    ("cos", tk.cos, np.cos, real, "cos"),
    ("tan", tk.tan, np.tan, tan_dom, "tan"),
    ("asin", tk.math.asin, np.arcsin, unit, "math.asin"),
    ("acos", tk.math.acos, np.arccos, unit, "math.acos"),
    ("atan", tk.math.atan, np.arctan, real, "math.atan"),
    ("sinh", tk.math.sinh, np.sinh, real, "math.sinh"),
    ("cosh", tk.math.cosh, np.cosh, real, "math.cosh"),
    ("tanh", tk.tanh, np.tanh, real, ("tanh", "nn.tanh")),
    ("asinh", tk.math.asinh, np.arcsinh, real, "math.asinh"),
    ("acosh", tk.math.acosh, np.arccosh, gt1, "math.acosh"),
    ("atanh", tk.math.atanh, np.arctanh, unit, "math.atanh"),
    ("reciprocal", tk.math.reciprocal, np.reciprocal, away0, "math.reciprocal"),
    ("sigmoid", tk.sigmoid, np_sigmoid, real, ("sigmoid", "nn.sigmoid")),
    ("softplus", tk.math.softplus, np_softplus, real, ("math.softplus", "nn.softplus")),
    ("log_sigmoid", tk.math.log_sigmoid, lambda x: -np_softplus(-x), real, "math.log_sigmoid"),
    ("erf", tk.math.erf, _erf, real, "math.erf"),
    ("relu", tk.nn.relu, lambda x: np.maximum(x, 0), away0, "nn.relu"),
    ("relu6", tk.nn.relu6, lambda x: np.clip(x, 0, 6), relu6_dom, "nn.relu6"),
    ("leaky_relu", tk.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x), away0, "nn.leaky_relu"),
    ("elu", tk.nn.elu, np_elu, away0, "nn.elu"),
    (
        "selu",
        tk.nn.selu,
        lambda x: _SELU_S * np.where(x > 0, x, _SELU_A * np.expm1(x)),
        away0,
        "nn.selu",
    ),
    ("gelu", tk.nn.gelu, np_gelu, real, "nn.gelu"),
    ("softsign", tk.nn.softsign, lambda x: x / (1 + np.abs(x)), away0, "nn.softsign"),
    ("swish", tk.nn.swish, lambda x: x * np_sigmoid(x), real, ("nn.swish", "nn.silu")),
    ("identity", tk.identity, lambda x: x, real, "identity"),
]:
    row(_name, _fn, _ref, [_dom], S23, _covers, family="unary")

row(
    "leaky_relu_alpha0.1",
    lambda x: tk.nn.leaky_relu(x, alpha=0.1),
    lambda x: np.where(x > 0, x, 0.1 * x),
    [away0],
    S23,
    "nn.leaky_relu",
    family="unary",
)
row(
    "gelu_approximate",
    lambda x: tk.nn.gelu(x, approximate=True),
    lambda x: np_gelu(x, True),
    [real],
    S23,
    "nn.gelu",
    family="unary",
)
row(
    "swish_beta0.5",
    lambda x: tk.nn.swish(x, beta=0.5),
    lambda x: x * np_sigmoid(0.5 * x),
    [real],
    S23,
    "nn.swish",
    family="unary",
)
# float64 -> float32: exactly linear, so a large step keeps float32 rounding out of the
# finite differences.
row(
    "cast_f64_to_f32",
    lambda x: tk.cast(x, tk.float32),
    lambda x: x.astype(np.float32),
    [real],
    S23,
    "cast",
    eps=0.05,
    rtol=1e-4,
    fwd_rtol=0,
    fwd_atol=0,
)
row(
    "cast_f32_roundtrip",
    lambda x: tk.cast(tk.cast(x, "float32"), "float64"),
    lambda x: x.astype(np.float32).astype(np.float64),
    [real],
    S23,
    "cast",
    eps=0.05,
    rtol=1e-4,
    fwd_rtol=0,
    fwd_atol=0,
)
row(
    "saturate_cast_f32",
    lambda x: tk.saturate_cast(x, tk.float32),
    lambda x: x.astype(np.float32),
    [real],
    S23,
    "saturate_cast",
    eps=0.05,
    rtol=1e-4,
    fwd_rtol=0,
    fwd_atol=0,
)

# ---------------------------------------------------------------------------------------
# elementwise, two inputs (broadcasting)


def _far(a, b, gap=0.15):
    return bool(np.all(np.abs(np.subtract(a, b)) > gap))


def _floormod_ok(x, y):
    q = np.asarray(x / y)
    frac = q - np.floor(q)
    return bool(np.all((frac > 0.05) & (frac < 0.95)))


def _atan2_ok(y, x):
    # away from the origin and from the branch cut (x < 0, y = 0)
    y, x = np.broadcast_arrays(y, x)
    return bool(np.all((np.hypot(y, x) > 0.3) & ((x > 0.2) | (np.abs(y) > 0.2))))


BCAST = [(3, 1), (1, 4)]
for _name, _fn, _ref, _doms, _covers, _kw in [
    ("add", tk.add, np.add, (real, real), ("add", "math.add"), {}),
    ("subtract", tk.subtract, np.subtract, (real, real), "subtract", {}),
    ("multiply", tk.multiply, np.multiply, (real, real), "multiply", {}),
    ("divide", tk.divide, np.divide, (real, away0), ("divide", "truediv"), {}),
    ("pow", tk.pow, np.power, (pos, real), "pow", {}),
    ("maximum", tk.maximum, np.maximum, (real, real), "maximum", {"valid": _far}),
    ("minimum", tk.minimum, np.minimum, (real, real), "minimum", {"valid": _far}),
    ("atan2", tk.math.atan2, np.arctan2, (real, real), "math.atan2", {"valid": _atan2_ok}),
    (
        "floormod",
        tk.math.floormod,
        np.mod,
        (lambda r, s: 3 * real(r, s), pos),
        ("math.floormod", "math.mod"),
        {"valid": _floormod_ok},
    ),
    (
        "squared_difference",
        tk.math.squared_difference,
        lambda x, y: (x - y) ** 2,
        (real, real),
        "math.squared_difference",
        {},
    ),
    ("xlogy", tk.math.xlogy, lambda x, y: x * np.log(y), (real, pos), "math.xlogy", {}),
    (
        "divide_no_nan",
        tk.math.divide_no_nan,
        np.divide,
        (real, away0),
        "math.divide_no_nan",
        {},
    ),
]:
    row(_name, _fn, _ref, _doms, BCAST, _covers, family="binary", **_kw)

row("add_same_shape", tk.add, np.add, [real, real], [(2, 3), (2, 3)], "add")
row(
    "multiply_rank_broadcast", tk.multiply, np.multiply, [real, real], [(2, 3, 2), (2,)], "multiply"
)
row("divide_scalar_denominator", tk.divide, np.divide, [real, away0], [(2, 3), ()], "divide")
row("pow_broadcast_exponent", tk.pow, np.power, [pos, real], [(2, 3), (3,)], "pow")
row(
    "pow_python_exponent",
    lambda x: tk.pow(x, 3.0),
    lambda x: x**3.0,
    [real],
    S23,
    "pow",
)
row(
    "pow_python_base",
    lambda x: tk.pow(2.0, x),
    lambda x: 2.0**x,
    [real],
    S23,
    "pow",
)
row(
    "maximum_python_scalar",
    lambda x: tk.maximum(x, 0.5),
    lambda x: np.maximum(x, 0.5),
    [real],
    S23,
    "maximum",
    valid=lambda x: _far(x, 0.5),
)
row(
    "add_n",
    lambda a, b, c: tk.math.add_n([a, b, c]),
    lambda a, b, c: a + b + c,
    [real, real, real],
    [(2, 3)] * 3,
    "math.add_n",
)
row(
    "bias_add",
    tk.nn.bias_add,
    np.add,
    [real, real],
    [(2, 3), (3,)],
    "nn.bias_add",
)
row(
    "where",
    lambda x, y: tk.where(x > 0, x, y),
    lambda x, y: np.where(x > 0, x, y),
    [away0, real],
    [(2, 3), (2, 3)],
    "where",
)
row(
    "where_broadcast",
    lambda x, y: tk.where(x > 0, tk.sin(x), y),
    lambda x, y: np.where(x > 0, np.sin(x), y),
    [away0, real],
    [(2, 3), (3,)],
    "where",
)


def _clip_ok(t, lo, hi):
    return _far(t, lo) and _far(t, hi) and bool(np.all(lo < hi - 0.5))


row(
    "clip_by_value_tensor_bounds",
    tk.clip_by_value,
    lambda t, lo, hi: np.minimum(np.maximum(t, lo), hi),
    [real, lambda r, s: r.uniform(-1.0, -0.3, s), lambda r, s: r.uniform(0.3, 1.0, s)],
    [(3, 4), (), ()],
    "clip_by_value",
    valid=_clip_ok,
)
row(
    "clip_by_value_python_bounds",
    lambda t: tk.clip_by_value(t, -0.5, 0.5),
    lambda t: np.clip(t, -0.5, 0.5),
    [real],
    [(3, 4)],
    "clip_by_value",
    valid=lambda t: _far(t, -0.5) and _far(t, 0.5),
)
row(
    "clip_by_value_broadcast_bounds",
    tk.clip_by_value,
    lambda t, lo, hi: np.minimum(np.maximum(t, lo), hi),
    [real, lambda r, s: r.uniform(-1.0, -0.3, s), lambda r, s: r.uniform(0.3, 1.0, s)],
    [(3, 4), (4,), (3, 1)],
    "clip_by_value",
    valid=_clip_ok,
)

# Python operators on tensors
row("op_matmul", lambda a, b: a @ b, np.matmul, [real, real], [(2, 3), (3, 2)], "matmul")
row("op_pow", lambda x: x**3, lambda x: x**3, [real], S23, "pow")
row("op_rpow", lambda x: 1.5**x, lambda x: 1.5**x, [real], S23, "pow")
row("op_rtruediv", lambda x: 1.0 / x, lambda x: 1.0 / x, [away0], S23, "divide")
row(
    "op_mod",
    lambda x, y: x % y,
    np.mod,
    [lambda r, s: 3 * real(r, s), pos],
    [(2, 3), (2, 3)],
    "math.floormod",
    valid=_floormod_ok,
)
row("op_neg_abs", lambda x: -abs(x), lambda x: -np.abs(x), [away0], S23, ("negative", "abs"))

# ---------------------------------------------------------------------------------------
# reductions (axis None / int / negative / list, keepdims)

REDUCE_CASES = [
    ((3, 4), {"axis": None, "keepdims": False}),
    ((3, 4), {"axis": 1, "keepdims": False}),
    ((3, 4), {"axis": -1, "keepdims": True}),
    ((2, 3, 2), {"axis": [0, 2], "keepdims": False}),
    ((2, 3, 2), {"axis": [-1, 1], "keepdims": True}),
]


def _reducer(tk_fn, np_fn):
    def fn(x, axis=None, keepdims=False):
        return tk_fn(x, axis=axis, keepdims=keepdims)

    def ref(x, axis=None, keepdims=False):
        return np_fn(x, axis=_axes(axis), keepdims=keepdims)

    return fn, ref


def _not_constant(x, axis=None, keepdims=False):
    # the std of a (nearly) constant slice has an unbounded derivative
    return bool(np.all(np.std(x, axis=_axes(axis)) > 0.2))


for _name, _tk, _np, _dom, _kw in [
    ("reduce_sum", tk.reduce_sum, np.sum, real, {}),
    ("reduce_mean", tk.reduce_mean, np.mean, real, {}),
    ("reduce_max", tk.reduce_max, np.max, distinct, {}),
    ("reduce_min", tk.reduce_min, np.min, distinct, {}),
    ("reduce_prod", tk.reduce_prod, np.prod, near1, {}),
    ("reduce_logsumexp", tk.reduce_logsumexp, np_logsumexp, real, {}),
    ("reduce_variance", tk.reduce_variance, np.var, real, {}),
    ("reduce_std", tk.reduce_std, np.std, real, {"valid": _not_constant}),
]:
    _fn, _ref = _reducer(_tk, _np)
    for _shape, _params in REDUCE_CASES:
        _ax = _params["axis"]
        _tag = "None" if _ax is None else str(_ax).replace(" ", "")
        row(
            f"{_name}_axis{_tag}{'_keepdims' if _params['keepdims'] else ''}",
            _fn,
            _ref,
            [_dom],
            [_shape],
            _name,
            params=dict(_params),
            family="reduce",
            **_kw,
        )

for _name, _params in [
    ("cumsum_axis0", {"axis": 0}),
    ("cumsum_axis1", {"axis": 1}),
    ("cumsum_axis-1_exclusive", {"axis": -1, "exclusive": True}),
    ("cumsum_axis0_reverse", {"axis": 0, "reverse": True}),
    ("cumsum_exclusive_reverse", {"axis": 1, "exclusive": True, "reverse": True}),
]:
    row(
        _name,
        lambda x, **p: tk.cumsum(x, **p),
        lambda x, **p: np_cumsum(x, **p),
        [real],
        [(3, 4)],
        "cumsum",
        params=_params,
    )

# ---------------------------------------------------------------------------------------
# softmax family, losses, normalisation

for _name, _fn, _ref, _params in [
    ("softmax", tk.nn.softmax, np_softmax, {}),
    ("softmax_axis0", tk.nn.softmax, np_softmax, {"axis": 0}),
    ("log_softmax", tk.nn.log_softmax, np_log_softmax, {}),
    ("log_softmax_axis0", tk.nn.log_softmax, np_log_softmax, {"axis": 0}),
]:
    row(_name, _fn, _ref, [real], [(3, 4)], f"nn.{_fn.__name__}", params=_params)

row(
    "softmax_3d_axis1",
    lambda x: tk.nn.softmax(x, axis=1),
    lambda x: np_softmax(x, axis=1),
    [real],
    [(2, 3, 2)],
    "nn.softmax",
)
row(
    "sigmoid_cross_entropy_with_logits",
    lambda z, x: tk.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x),
    lambda z, x: np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x))),
    [zero_one, away0],
    [(3, 4), (3, 4)],
    "nn.sigmoid_cross_entropy_with_logits",
)
row(
    "softmax_cross_entropy_with_logits",
    lambda p, x: tk.nn.softmax_cross_entropy_with_logits(labels=p, logits=x),
    lambda p, x: -np.sum(p * np_log_softmax(x), axis=-1),
    [prob, real],
    [(3, 4), (3, 4)],
    "nn.softmax_cross_entropy_with_logits",
)
_SPARSE_LABELS = np.array([0, 3, 1])
row(
    "sparse_softmax_cross_entropy_with_logits",
    lambda x: tk.nn.sparse_softmax_cross_entropy_with_logits(
        labels=like(_SPARSE_LABELS.astype(np.int32), x), logits=x
    ),
    lambda x: -np_log_softmax(x)[np.arange(3), _SPARSE_LABELS],
    [real],
    [(3, 4)],
    "nn.sparse_softmax_cross_entropy_with_logits",
)
# weights that are inputs too: the gradient's own rule for its incoming gradient (g = w)
# is then needed from the second order on
row(
    "sparse_softmax_cross_entropy_with_logits_weighted",
    lambda x, w: (
        tk.nn.sparse_softmax_cross_entropy_with_logits(
            labels=like(_SPARSE_LABELS.astype(np.int32), x), logits=x
        )
        * w
    ),
    lambda x, w: -np_log_softmax(x)[np.arange(3), _SPARSE_LABELS] * w,
    [real, real],
    [(3, 4), (3,)],
    "nn.sparse_softmax_cross_entropy_with_logits",
    order=3,
)
_SPARSE_LABELS_3D = np.array([[0, 3, 1], [2, 2, 0]])
row(
    "sparse_softmax_cross_entropy_with_logits_rank3",
    lambda x: tk.nn.sparse_softmax_cross_entropy_with_logits(
        labels=like(_SPARSE_LABELS_3D.astype(np.int64), x), logits=x
    ),
    lambda x: -np.take_along_axis(np_log_softmax(x), _SPARSE_LABELS_3D[..., None], axis=-1)[..., 0],
    [real],
    [(2, 3, 4)],
    "nn.sparse_softmax_cross_entropy_with_logits",
)
row("l2_loss", tk.nn.l2_loss, lambda x: np.sum(x**2) / 2, [real], [(3, 4)], "nn.l2_loss")
row(
    "l2_normalize",
    tk.math.l2_normalize,
    lambda x: x / np.sqrt(np.sum(x**2)),
    [real],
    [(3, 4)],
    ("math.l2_normalize", "nn.l2_normalize", "linalg.l2_normalize"),
)
row(
    "l2_normalize_axis-1",
    lambda x: tk.nn.l2_normalize(x, axis=-1),
    lambda x: x / np.sqrt(np.sum(x**2, axis=-1, keepdims=True)),
    [real],
    [(3, 4)],
    "nn.l2_normalize",
)

# ---------------------------------------------------------------------------------------
# linear algebra

for _name, _kw, _sa, _sb, _ref in [
    ("matmul", {}, (3, 4), (4, 2), np.matmul),
    ("matmul_batched", {}, (2, 3, 4), (2, 4, 2), np.matmul),
    ("matmul_batch_broadcast", {}, (2, 3, 4), (1, 4, 2), np.matmul),
    ("matmul_3d_2d", {}, (2, 3, 4), (4, 2), np.matmul),
    ("matmul_transpose_a", {"transpose_a": True}, (4, 3), (4, 2), lambda a, b: _mt(a) @ b),
    ("matmul_transpose_b", {"transpose_b": True}, (3, 4), (2, 4), lambda a, b: a @ _mt(b)),
    (
        "matmul_transpose_both",
        {"transpose_a": True, "transpose_b": True},
        (4, 3),
        (2, 4),
        lambda a, b: _mt(a) @ _mt(b),
    ),
    (
        "matmul_batched_transpose_a",
        {"transpose_a": True},
        (2, 4, 3),
        (2, 4, 2),
        lambda a, b: _mt(a) @ b,
    ),
    ("matmul_adjoint_b", {"adjoint_b": True}, (3, 4), (2, 4), lambda a, b: a @ _mt(b)),
]:
    row(
        _name,
        lambda a, b, **kw: tk.linalg.matmul(a, b, **kw),
        lambda a, b, _r=_ref, **kw: _r(a, b),
        [real, real],
        [_sa, _sb],
        ("matmul", "linalg.matmul"),
        params=_kw,
    )

for _name, _axes_arg, _sa, _sb, _ref in [
    ("tensordot_axes1", 1, (3, 4), (4, 2), lambda a, b: np.tensordot(a, b, 1)),
    ("tensordot_axes2", 2, (2, 3, 2), (3, 2, 2), lambda a, b: np.tensordot(a, b, 2)),
    ("tensordot_axes0_outer", 0, (2, 3), (2,), lambda a, b: np.tensordot(a, b, 0)),
    (
        "tensordot_axes_lists",
        [[0, 2], [2, 1]],
        (2, 3, 2),
        (3, 2, 2),
        lambda a, b: np.tensordot(a, b, [[0, 2], [2, 1]]),
    ),
]:
    row(
        _name,
        lambda a, b, _ax=_axes_arg: tk.tensordot(a, b, axes=_ax),
        _ref,
        [real, real],
        [_sa, _sb],
        ("tensordot", "linalg.tensordot"),
    )

_EINSUM = [
    ("ij,jk->ik", [(3, 4), (4, 2)], ""),
    (
        "ii->",
        [(3, 3)],
        "array_api_strict has no einsum and tapekit's generic fallback refuses a repeated "
        "index within one operand (NotImplementedError by design)",
    ),
    ("i,i->", [(4,), (4,)], ""),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 2)], ""),
    ("ij->j", [(3, 4)], ""),
    ("ij->ji", [(3, 4)], ""),
    ("i,j->ij", [(3,), (2,)], ""),
    ("ij,ij->i", [(3, 4), (3, 4)], ""),
]
for _eq, _shapes, _why in _EINSUM:
    row(
        f"einsum_{_eq}",
        lambda *xs, _e=_eq: tk.einsum(_e, *xs),
        lambda *xs, _e=_eq: np.einsum(_e, *xs),
        [real] * len(_shapes),
        _shapes,
        ("einsum", "linalg.einsum"),
        numpy_only=_why,
    )

row("inv", tk.linalg.inv, np.linalg.inv, [well_conditioned], [(3, 3)], "linalg.inv", fwd_rtol=1e-10)
row(
    "inv_adjoint",
    lambda a: tk.linalg.inv(a, adjoint=True),
    lambda a: _mt(np.linalg.inv(a)),
    [well_conditioned],
    [(3, 3)],
    "linalg.inv",
    fwd_rtol=1e-10,
)
row(
    "inv_batched",
    tk.linalg.inv,
    np.linalg.inv,
    [well_conditioned],
    [(2, 3, 3)],
    "linalg.inv",
    fwd_rtol=1e-10,
)
row("det", tk.linalg.det, np.linalg.det, [well_conditioned], [(3, 3)], "linalg.det", fwd_rtol=1e-10)
row(
    "det_batched",
    tk.linalg.det,
    np.linalg.det,
    [well_conditioned],
    [(2, 3, 3)],
    "linalg.det",
    fwd_rtol=1e-10,
)
row(
    "solve",
    tk.linalg.solve,
    np.linalg.solve,
    [well_conditioned, real],
    [(3, 3), (3, 2)],
    "linalg.solve",
    fwd_rtol=1e-10,
)
row(
    "solve_batched",
    tk.linalg.solve,
    np.linalg.solve,
    [well_conditioned, real],
    [(2, 3, 3), (2, 3, 2)],
    "linalg.solve",
    fwd_rtol=1e-10,
)
row(
    "solve_adjoint",
    lambda a, b: tk.linalg.solve(a, b, adjoint=True),
    lambda a, b: np.linalg.solve(_mt(a), b),
    [well_conditioned, real],
    [(3, 3), (3, 2)],
    "linalg.solve",
    fwd_rtol=1e-10,
)


# Cholesky reads one triangle; its gradient (TF's) is for a symmetric perturbation, so the
# row symmetrises its input: then finite differences over every entry agree with it.
def _sym(a):
    return 0.5 * (a + tk.linalg.matrix_transpose(a))


row(
    "cholesky",
    lambda a: tk.linalg.cholesky(_sym(a)),
    lambda a: np.linalg.cholesky(0.5 * (a + _mt(a))),
    [spd],
    [(3, 3)],
    ("linalg.cholesky", "linalg.matrix_transpose"),
    fwd_rtol=1e-10,
)
row(
    "cholesky_batched",
    lambda a: tk.linalg.cholesky(_sym(a)),
    lambda a: np.linalg.cholesky(0.5 * (a + _mt(a))),
    [spd],
    [(2, 3, 3)],
    "linalg.cholesky",
    fwd_rtol=1e-10,
)
row(
    "trace",
    tk.linalg.trace,
    lambda a: np.trace(a, axis1=-2, axis2=-1),
    [real],
    [(3, 3)],
    "linalg.trace",
)
row(
    "trace_batched",
    tk.linalg.trace,
    lambda a: np.trace(a, axis1=-2, axis2=-1),
    [real],
    [(2, 3, 3)],
    "linalg.trace",
)
row(
    "diag_part",
    tk.linalg.diag_part,
    lambda a: np.diagonal(a, axis1=-2, axis2=-1),
    [real],
    [(3, 4)],
    "linalg.diag_part",
)
row(
    "diag",
    tk.linalg.diag,
    lambda d: d[..., :, None] * np.eye(d.shape[-1]),
    [real],
    [(2, 3)],
    "linalg.diag",
)
row(
    "band_part",
    lambda a: tk.linalg.band_part(a, 1, 0),
    lambda a: np.tril(a) - np.tril(a, -2),
    [real],
    [(4, 4)],
    "linalg.band_part",
)
row(
    "matrix_transpose",
    tk.linalg.matrix_transpose,
    _mt,
    [real],
    [(2, 3, 4)],
    ("linalg.matrix_transpose", "linalg.adjoint"),
)

for _name, _kw, _shape, _dom, _ref in [
    ("norm_euclidean", {}, (3, 4), real, lambda x: np.sqrt(np.sum(x**2))),
    ("norm_ord1", {"ord": 1}, (3, 4), away0, lambda x: np.sum(np.abs(x))),
    ("norm_ordinf", {"ord": np.inf}, (3, 4), distinct, lambda x: np.max(np.abs(x))),
    ("norm_ord3", {"ord": 3}, (3, 4), away0, lambda x: np.sum(np.abs(x) ** 3) ** (1 / 3)),
    ("norm_axis1", {"axis": 1}, (3, 4), real, lambda x: np.sqrt(np.sum(x**2, axis=1))),
    (
        "norm_axis1_keepdims",
        {"axis": -1, "keepdims": True},
        (3, 4),
        real,
        lambda x: np.sqrt(np.sum(x**2, axis=-1, keepdims=True)),
    ),
    (
        "norm_fro_axis01",
        {"ord": "fro", "axis": [0, 1]},
        (3, 4),
        real,
        lambda x: np.linalg.norm(x, "fro"),
    ),
    (
        "norm_matrix_ord1",
        {"ord": 1, "axis": [0, 1]},
        (3, 4),
        distinct,
        lambda x: np.linalg.norm(x, 1),
    ),
    (
        "norm_matrix_ordinf",
        {"ord": np.inf, "axis": [-2, -1]},
        (2, 3, 4),
        distinct,
        lambda x: np.linalg.norm(x, np.inf, axis=(-2, -1)),
    ),
]:
    row(
        _name,
        lambda x, **kw: tk.norm(x, **kw),
        lambda x, _r=_ref, **kw: _r(x),
        [_dom],
        [_shape],
        ("norm", "linalg.norm"),
        params=_kw,
    )

# ---------------------------------------------------------------------------------------
# shapes, joining, indexing

for _name, _fn, _ref, _shapes, _covers in [
    ("reshape", lambda x: tk.reshape(x, (2, 6)), lambda x: x.reshape(2, 6), [(3, 4)], "reshape"),
    (
        "reshape_minus1",
        lambda x: tk.reshape(x, (-1, 2)),
        lambda x: x.reshape(-1, 2),
        [(3, 4)],
        "reshape",
    ),
    ("transpose", tk.transpose, np.transpose, [(3, 4)], "transpose"),
    (
        "transpose_perm",
        lambda x: tk.transpose(x, perm=[2, 0, 1]),
        lambda x: np.transpose(x, (2, 0, 1)),
        [(2, 3, 4)],
        "transpose",
    ),
    (
        "expand_dims",
        lambda x: tk.expand_dims(x, 1),
        lambda x: np.expand_dims(x, 1),
        [(3, 4)],
        "expand_dims",
    ),
    (
        "expand_dims_neg",
        lambda x: tk.expand_dims(x, -1),
        lambda x: np.expand_dims(x, -1),
        [(3, 4)],
        "expand_dims",
    ),
    ("squeeze", tk.squeeze, np.squeeze, [(3, 1, 4, 1)], "squeeze"),
    (
        "squeeze_axis",
        lambda x: tk.squeeze(x, axis=1),
        lambda x: np.squeeze(x, 1),
        [(3, 1, 4, 1)],
        "squeeze",
    ),
    (
        "broadcast_to",
        lambda x: tk.broadcast_to(x, (3, 4)),
        lambda x: np.broadcast_to(x, (3, 4)),
        [(1, 4)],
        "broadcast_to",
    ),
    (
        "broadcast_to_rank",
        lambda x: tk.broadcast_to(x, (2, 3, 4)),
        lambda x: np.broadcast_to(x, (2, 3, 4)),
        [(3, 1)],
        "broadcast_to",
    ),
    ("tile", lambda x: tk.tile(x, [2, 1]), lambda x: np.tile(x, (2, 1)), [(3, 4)], "tile"),
    (
        "tile_3d",
        lambda x: tk.tile(x, [1, 2, 3]),
        lambda x: np.tile(x, (1, 2, 3)),
        [(2, 1, 2)],
        "tile",
    ),
    (
        "pad_constant",
        lambda x: tk.pad(x, [[1, 0], [0, 2]]),
        lambda x: np.pad(x, [(1, 0), (0, 2)]),
        [(3, 4)],
        "pad",
    ),
    (
        "pad_constant_value",
        lambda x: tk.pad(x, [[1, 1], [2, 0]], constant_values=1.5),
        lambda x: np.pad(x, [(1, 1), (2, 0)], constant_values=1.5),
        [(3, 4)],
        "pad",
    ),
    (
        "pad_reflect",
        lambda x: tk.pad(x, [[1, 2], [2, 1]], mode="REFLECT"),
        lambda x: np.pad(x, [(1, 2), (2, 1)], mode="reflect"),
        [(3, 4)],
        "pad",
    ),
    (
        "pad_symmetric",
        lambda x: tk.pad(x, [[1, 2], [2, 1]], mode="SYMMETRIC"),
        lambda x: np.pad(x, [(1, 2), (2, 1)], mode="symmetric"),
        [(3, 4)],
        "pad",
    ),
    (
        "gather",
        lambda x: tk.gather(x, [2, 0, 2]),
        lambda x: x[[2, 0, 2]],
        [(3, 4)],
        "gather",
    ),
    (
        "gather_axis1",
        lambda x: tk.gather(x, [1, 1, 3], axis=1),
        lambda x: x[:, [1, 1, 3]],
        [(3, 4)],
        "gather",
    ),
    (
        "gather_2d_indices",
        lambda x: tk.gather(x, [[0, 2], [2, 2]], axis=1),
        lambda x: x[:, [[0, 2], [2, 2]]],
        [(3, 4)],
        "gather",
    ),
    (
        "gather_nd",
        lambda x: tk.gather_nd(x, [[0, 1], [2, 3], [0, 1]]),
        lambda x: x[[0, 2, 0], [1, 3, 1]],
        [(3, 4)],
        "gather_nd",
    ),
    (
        "gather_nd_rows",
        lambda x: tk.gather_nd(x, [[1], [0]]),
        lambda x: x[[1, 0]],
        [(3, 4)],
        "gather_nd",
    ),
    (
        "getitem_slice",
        lambda x: x[1:],
        lambda x: x[1:],
        [(3, 4)],
        (),
    ),
    (
        "getitem_ellipsis",
        lambda x: x[..., 0],
        lambda x: x[..., 0],
        [(2, 3, 4)],
        (),
    ),
    (
        "getitem_strided",
        lambda x: x[::-1, 1::2],
        lambda x: x[::-1, 1::2],
        [(3, 4)],
        (),
    ),
    (
        "getitem_newaxis_int",
        lambda x: x[None, 1],
        lambda x: x[None, 1],
        [(3, 4)],
        (),
    ),
    (
        "getitem_int_array",
        lambda x: x[[0, 2]],
        lambda x: x[[0, 2]],
        [(3, 4)],
        (),
    ),
    (
        "getitem_int_array_repeated",
        lambda x: x[[2, 0, 2]],
        lambda x: x[[2, 0, 2]],
        [(3,)],
        (),
    ),
    (
        "getitem_bool_mask",
        lambda x: x[x > 0],
        lambda x: x[x > 0],
        [(3, 4)],
        (),
    ),
    (
        "boolean_mask_rows",
        lambda x: tk.boolean_mask(x, [True, False, True]),
        lambda x: x[[True, False, True]],
        [(3, 4)],
        "boolean_mask",
    ),
    (
        "slice",
        lambda x: tk.slice(x, [1, 0], [2, -1]),
        lambda x: x[1:3, 0:],
        [(3, 4)],
        "slice",
    ),
    (
        "reverse",
        lambda x: tk.reverse(x, [1]),
        lambda x: x[:, ::-1],
        [(3, 4)],
        "reverse",
    ),
]:
    row(_name, _fn, _ref, [away0 if "mask" in _name else real], _shapes, _covers)

row(
    "concat_axis0",
    lambda a, b: tk.concat([a, b], axis=0),
    lambda a, b: np.concatenate([a, b], axis=0),
    [real, real],
    [(3, 4), (2, 4)],
    "concat",
)
row(
    "concat_axis-1_three",
    lambda a, b, c: tk.concat([a, b, c], axis=-1),
    lambda a, b, c: np.concatenate([a, b, c], axis=-1),
    [real, real, real],
    [(2, 1), (2, 3), (2, 2)],
    "concat",
)
row(
    "stack_axis0",
    lambda a, b: tk.stack([a, b]),
    lambda a, b: np.stack([a, b]),
    [real, real],
    [(3, 4), (3, 4)],
    "stack",
)
row(
    "stack_axis-1",
    lambda a, b: tk.stack([a, b], axis=-1),
    lambda a, b: np.stack([a, b], axis=-1),
    [real, real],
    [(3, 4), (3, 4)],
    "stack",
)
row(
    "unstack",
    lambda x: tk.unstack(x),
    lambda x: list(x),
    [real],
    [(3, 4)],
    "unstack",
)
row(
    "unstack_axis1",
    lambda x: tk.unstack(x, axis=1),
    lambda x: list(np.moveaxis(x, 1, 0)),
    [real],
    [(3, 4)],
    "unstack",
)
row(
    "split_even",
    lambda x: tk.split(x, 2, axis=1),
    lambda x: np.split(x, 2, axis=1),
    [real],
    [(3, 4)],
    "split",
)
row(
    "split_sizes",
    lambda x: tk.split(x, [1, 3], axis=1),
    lambda x: np.split(x, [1], axis=1),
    [real],
    [(3, 4)],
    "split",
)
row(
    "split_sizes_minus1",
    lambda x: tk.split(x, [2, -1], axis=0),
    lambda x: np.split(x, [2], axis=0),
    [real],
    [(3, 4)],
    "split",
)
# tk.fill is differentiable in its value, as TF's Fill is.
row(
    "fill_tensor_value",
    lambda v: tk.fill((2, 3), v),
    lambda v: np.full((2, 3), v),
    [real],
    [()],
    "fill",
)


# control flow and tk.function: gradients flow through what ran, as in TF's eager mode


def _cond_ok(x):
    return abs(float(np.sum(x))) > 0.5  # the branch must not flip under a perturbation


row(
    "cond",
    lambda x: tk.cond(tk.reduce_sum(x) > 0, lambda: tk.sin(x) * x, lambda: tk.cos(x)),
    lambda x: np.sin(x) * x if np.sum(x) > 0 else np.cos(x),
    [real],
    S23,
    "cond",
    valid=_cond_ok,
)


def _np_loop(x):
    y = x
    for _ in range(3):
        y = y * x + 1.0
    return y


row(
    "while_loop",
    lambda x: tk.while_loop(
        lambda i, y: i < 3, lambda i, y: (i + 1, y * x + 1.0), (tk.constant(0), x)
    )[1],
    _np_loop,
    [real],
    S23,
    "while_loop",
)
_traced = tk.function(lambda a, b: tk.sin(a) * b + tk.reduce_sum(a * a))
row(
    "function",
    _traced,
    lambda a, b: np.sin(a) * b + np.sum(a * a),
    [real, real],
    [(2, 3), (2, 3)],
    "function",
)


# ---------------------------------------------------------------------------------------
# issue 13: sorting, scattering, segments, clipping, grids and loops


def _np_norm(x, axis=None):
    return np.sqrt(np.sum(x * x, axis=axis, keepdims=True))


def _clip_norm_ok(x, c=1.0, axis=None):
    return bool(np.all(np.abs(_np_norm(x, axis) - c) > 0.2))


row(
    "clip_by_norm",
    lambda x: tk.clip_by_norm(x, 1.5),
    lambda x: x * 1.5 / np.maximum(_np_norm(x), 1.5),
    [real],
    [(2, 3)],
    "clip_by_norm",
    valid=lambda x: _clip_norm_ok(x, 1.5),
)
row(
    "clip_by_norm_axes_tensor_clip",
    lambda x, c: tk.clip_by_norm(x, c, axes=[1]),
    lambda x, c: x * c / np.maximum(_np_norm(x, 1), c),
    [real, lambda r, s: r.uniform(0.8, 1.6, s)],
    [(2, 3), ()],
    "clip_by_norm",
    valid=lambda x, c: _clip_norm_ok(x, c, 1),
)


def _np_global_clip(a, b, c):
    n = math.sqrt(float(np.sum(a * a) + np.sum(b * b)))
    return [a * c / max(n, c), b * c / max(n, c), np.asarray(n)]


row(
    "clip_by_global_norm",
    lambda a, b: [
        *tk.clip_by_global_norm([a, None, b], 1.5)[0][::2],
        tk.linalg.global_norm([a, b]),
    ],
    lambda a, b: _np_global_clip(a, b, 1.5),
    [real, real],
    [(2, 2), (2,)],
    ("clip_by_global_norm", "linalg.global_norm"),
    valid=lambda a, b: abs(_np_global_clip(a, b, 1.5)[2] - 1.5) > 0.2,
)
row(
    "meshgrid_xy",
    lambda a, b: tk.meshgrid(a, b),
    lambda a, b: list(np.meshgrid(a, b)),
    [real, real],
    [(2,), (3,)],
    "meshgrid",
)
row(
    "meshgrid_ij_three",
    lambda a, b, c: tk.meshgrid(a, b, c, indexing="ij"),
    lambda a, b, c: list(np.meshgrid(a, b, c, indexing="ij")),
    [real, real, real],
    [(2,), (3,), (2,)],
    "meshgrid",
)
_SC_IDX = np.array([[0, 1], [2, 0], [0, 1]])


def _np_scatter(u, shape=(3, 2)):
    out = np.zeros(shape)
    np.add.at(out, (_SC_IDX[:, 0], _SC_IDX[:, 1]), u)
    return out


_SC_HIT = _np_scatter(np.ones(3)) > 0


def _np_scatter_update(t, u):
    out = t.copy()
    for (i, j), v in zip(_SC_IDX, u):
        out[i, j] = v
    return out


def _np_scatter_ext(t, u, pick):
    out = t.copy()
    for (i, j), v in zip(_SC_IDX, u):
        out[i, j] = pick(out[i, j], v)
    return out


def _scatter_ext_ok(t, u):
    vals = [t[i, j] for i, j in {tuple(k) for k in _SC_IDX.tolist()}] + list(u)
    return bool(np.min(np.abs(np.subtract.outer(vals, vals)) + np.eye(len(vals))) > 0.1)


row(
    "scatter_nd",
    lambda u: tk.scatter_nd(_SC_IDX, u, [3, 2]),
    _np_scatter,
    [real],
    [(3,)],
    "scatter_nd",
)
row(
    "scatter_nd_rows",
    lambda u: tk.scatter_nd([[2], [0]], u, [3, 2]),
    lambda u: np.array([u[1], np.zeros(2), u[0]]),
    [real],
    [(2, 2)],
    "scatter_nd",
)
for _name, _fn, _ref, _kw in [
    ("tensor_scatter_nd_update", tk.tensor_scatter_nd_update, _np_scatter_update, {}),
    (
        "tensor_scatter_nd_add",
        tk.tensor_scatter_nd_add,
        lambda t, u: t + _np_scatter(u),
        {},
    ),
    (
        "tensor_scatter_nd_sub",
        tk.tensor_scatter_nd_sub,
        lambda t, u: t - _np_scatter(u),
        {},
    ),
    (
        "tensor_scatter_nd_max",
        tk.tensor_scatter_nd_max,
        lambda t, u: _np_scatter_ext(t, u, max),
        {"valid": _scatter_ext_ok},
    ),
    (
        "tensor_scatter_nd_min",
        tk.tensor_scatter_nd_min,
        lambda t, u: _np_scatter_ext(t, u, min),
        {"valid": _scatter_ext_ok},
    ),
]:
    row(
        _name,
        lambda t, u, _f=_fn: _f(t, _SC_IDX, u),
        _ref,
        [real, real],
        [(3, 2), (3,)],
        _name,
        **_kw,
    )


def _np_sort(x, axis=-1, descending=False):
    s = np.sort(x, axis=axis)
    return np.flip(s, axis=axis) if descending else s


row("sort", tk.sort, _np_sort, [distinct], [(3, 4)], "sort")
row(
    "sort_descending_axis0",
    lambda x: tk.sort(x, axis=0, direction="DESCENDING"),
    lambda x: _np_sort(x, 0, True),
    [distinct],
    [(3, 4)],
    "sort",
)
row(
    "top_k",
    lambda x: tk.math.top_k(x, k=2).values,
    lambda x: _np_sort(x, -1, True)[..., :2],
    [distinct],
    [(3, 4)],
    ("math.top_k", "nn.top_k"),
)


def np_cumprod(x, axis=0, exclusive=False, reverse=False):
    if reverse:
        x = np.flip(x, axis)
    out = np.cumprod(x, axis=axis)
    if exclusive:
        out = out / x
    return np.flip(out, axis) if reverse else out


for _name, _params in [
    ("cumprod_axis0", {"axis": 0}),
    ("cumprod_axis-1_exclusive", {"axis": -1, "exclusive": True}),
    ("cumprod_exclusive_reverse", {"axis": 0, "exclusive": True, "reverse": True}),
]:
    row(
        _name,
        lambda x, **p: tk.math.cumprod(x, **p),
        lambda x, **p: np_cumprod(x, **p),
        [near1],
        [(3, 4)],
        "math.cumprod",
        params=_params,
        fwd_rtol=1e-10,
    )

for _name, _fn, _ref in [
    ("roll", lambda x: tk.roll(x, 1, 1), lambda x: np.roll(x, 1, 1)),
    (
        "roll_two_axes",
        lambda x: tk.roll(x, [-1, 2, 3], [0, 1, 1]),
        lambda x: np.roll(x, (-1, 5), (0, 1)),
    ),
]:
    row(_name, _fn, _ref, [real], [(3, 4)], "roll")

_SEG = np.array([0, 0, 1, 3])  # segment 2 empty
_SEG_U = np.array([2, 0, 2, -1])  # unsorted; a negative id drops its row; segment 1 empty
_SEG_X = np.array([2, 0, 1, -1])  # max/min: no empty segment (its lowest value would overflow)


def np_segment(kind, x, ids, num, empty):
    out = np.full((num,) + x.shape[1:], empty, dtype=x.dtype)
    for i, s in enumerate(ids):
        if s < 0:
            continue
        if kind == "sum":
            out[s] = x[i] if np.all(out[s] == empty) and empty != 0 else out[s] + x[i]
        elif kind == "prod":
            out[s] = out[s] * x[i]
        else:
            out[s] = x[i] if np.all(out[s] == empty) else getattr(np, kind)(out[s], x[i])
    return out


def _counts(ids, num, ndim):
    c = np.maximum(np.bincount(ids[ids >= 0], minlength=num), 1).astype(np.float64)
    return c.reshape((num,) + (1,) * (ndim - 1))


_LOW, _HIGH = np.finfo(np.float64).min, np.finfo(np.float64).max
_EMPTY2 = (np.arange(4) == 2)[:, None]  # the sorted rows' empty segment
for _name, _fn, _ref, _dom in [
    (
        "segment_sum",
        lambda x: tk.math.segment_sum(x, _SEG),
        lambda x: np_segment("sum", x, _SEG, 4, 0.0),
        real,
    ),
    (
        "segment_mean",
        lambda x: tk.math.segment_mean(x, _SEG),
        lambda x: np_segment("sum", x, _SEG, 4, 0.0) / _counts(_SEG, 4, x.ndim),
        real,
    ),
    (
        "segment_max",
        lambda x: tk.math.segment_max(x, _SEG),
        lambda x: np.where(_EMPTY2, 0.0, np_segment("maximum", x, _SEG, 4, _LOW)),
        distinct,
    ),
    (
        "segment_min",
        lambda x: tk.math.segment_min(x, _SEG),
        lambda x: np.where(_EMPTY2, 0.0, np_segment("minimum", x, _SEG, 4, _HIGH)),
        distinct,
    ),
    (
        "segment_prod",
        lambda x: tk.math.segment_prod(x, _SEG),
        lambda x: np_segment("prod", x, _SEG, 4, 1.0),
        near1,
    ),
    (
        "unsorted_segment_sum",
        lambda x: tk.math.unsorted_segment_sum(x, _SEG_U, 3),
        lambda x: np_segment("sum", x, _SEG_U, 3, 0.0),
        real,
    ),
    (
        "unsorted_segment_mean",
        lambda x: tk.math.unsorted_segment_mean(x, _SEG_U, 3),
        lambda x: np_segment("sum", x, _SEG_U, 3, 0.0) / _counts(_SEG_U, 3, x.ndim),
        real,
    ),
    (
        "unsorted_segment_sqrt_n",
        lambda x: tk.math.unsorted_segment_sqrt_n(x, _SEG_U, 3),
        lambda x: np_segment("sum", x, _SEG_U, 3, 0.0) / np.sqrt(_counts(_SEG_U, 3, x.ndim)),
        real,
    ),
    (
        "unsorted_segment_max",
        lambda x: tk.math.unsorted_segment_max(x, _SEG_X, 3),
        lambda x: np_segment("maximum", x, _SEG_X, 3, _LOW),
        distinct,
    ),
    (
        "unsorted_segment_min",
        lambda x: tk.math.unsorted_segment_min(x, _SEG_X, 3),
        lambda x: np_segment("minimum", x, _SEG_X, 3, _HIGH),
        distinct,
    ),
    (
        "unsorted_segment_prod",
        lambda x: tk.math.unsorted_segment_prod(x, _SEG_U, 3),
        lambda x: np_segment("prod", x, _SEG_U, 3, 1.0),
        near1,
    ),
]:
    row(_name, _fn, _ref, [_dom], [(4, 2)], f"math.{_name}")

row(
    "unsorted_segment_sum_2d_ids",
    lambda x: tk.math.unsorted_segment_sum(x, [[0, 1], [1, 1]], 2),
    lambda x: np.stack([x[0, 0], x[0, 1] + x[1, 0] + x[1, 1]]),
    [real],
    [(2, 2, 3)],
    "math.unsorted_segment_sum",
)
row(
    "unsorted_segment_prod_with_zero",
    lambda x: tk.math.unsorted_segment_prod(
        x * tk.cast(like([1.0, 0.0, 1.0, 1.0], x), x.dtype), [0, 0, 0, 1], 2
    ),
    lambda x: np.array([x[0] * 0.0 * x[2], x[3]]),
    [near1],
    [(4,)],
    "math.unsorted_segment_prod",
)


def _np_scan(x, reverse=False):
    out = np.cumsum(np.flip(x, 0) if reverse else x, axis=0) * 1.0
    return np.flip(out, 0) if reverse else out


row(
    "foldl",
    lambda x, a: tk.foldl(lambda acc, e: acc * e + tk.sin(acc), x, initializer=a),
    lambda x, a: _np_fold(x, a),
    [real, real],
    [(3, 2), (2,)],
    "foldl",
)


def _np_fold(x, a, reverse=False):
    for e in x[::-1] if reverse else x:
        a = a * e + np.sin(a)
    return a


row(
    "foldr",
    lambda x: tk.foldr(lambda acc, e: acc * e + tk.sin(acc), x),
    lambda x: _np_fold(x[:-1], x[-1], reverse=True),
    [real],
    [(3, 2)],
    "foldr",
)
row(
    "scan",
    lambda x: tk.scan(lambda acc, e: acc + e * e, x),
    lambda x: np.cumsum(np.concatenate([x[:1], x[1:] ** 2]), axis=0),
    [real],
    [(3, 2)],
    "scan",
)
row(
    "scan_reverse_initializer_tuple",
    lambda x, a: tk.scan(
        lambda acc, e: (acc[0] * e, acc[1] + e), x, initializer=(a, a), reverse=True
    ),
    lambda x, a: [
        np.flip(np.cumprod(np.concatenate([a[None], np.flip(x, 0)]), axis=0)[1:], 0),
        np.flip(np.cumsum(np.concatenate([a[None], np.flip(x, 0)]), axis=0)[1:], 0),
    ],
    [near1, near1],
    [(3, 2), (2,)],
    "scan",
)
row(
    "map_fn",
    lambda x: tk.map_fn(lambda r: tk.reduce_sum(r * r) * r, x),
    lambda x: np.sum(x * x, axis=1, keepdims=True) * x,
    [real],
    [(3, 2)],
    "map_fn",
)
row(
    "map_fn_signature_tuple",
    lambda x, y: tk.map_fn(
        lambda e: (e[0] * e[1], tk.reduce_sum(e[1])),
        (x, y),
        fn_output_signature=(x.dtype, tk.TensorSpec(None, y.dtype)),
    ),
    lambda x, y: [x * y, np.sum(y, axis=1)],
    [real, real],
    [(3, 2), (3, 2)],
    "map_fn",
)


# ---------------------------------------------------------------------------------------
# decompositions (svd, qr, eigh) and the matrix 2-norm.  Singular vectors and eigenvectors
# are defined up to sign: rows return functions that do not depend on it (u * u, and
# u @ diag(sqrt(s)) @ vᵀ, which couples u and v); domains keep the singular values and
# eigenvalues apart (the rules divide by their differences).


def _gaps(values, least=0.3) -> bool:
    d = np.diff(np.sort(values, axis=-1), axis=-1)
    return bool(np.all(d > least)) and bool(np.all(np.abs(values) > least))


def _svd_ok(a, **kw) -> bool:
    return _gaps(np.linalg.svd(a, compute_uv=False))


def _lower_sym(a):
    return np.tril(a) + np.swapaxes(np.tril(a, -1), -1, -2)


def _eig_gaps_ok(a) -> bool:
    w = np.linalg.eigvalsh(_lower_sym(a))
    return bool(np.all(np.diff(w, axis=-1) > 0.3))


def _tk_svd_parts(a, full_matrices=False, vectors="u"):
    s, u, v = tk.linalg.svd(a, full_matrices=full_matrices)
    k = s.shape[-1]
    mix = tk.matmul(u[..., :, :k] * tk.sqrt(s)[..., None, :], v[..., :, :k], transpose_b=True)
    return [s, mix] + [w * w for w, name in ((u, "u"), (v, "v")) if name in vectors]


def _np_svd_parts(a, full_matrices=False, vectors="u"):
    u, s, vh = np.linalg.svd(a, full_matrices=full_matrices)
    v = np.swapaxes(vh, -1, -2)
    k = s.shape[-1]
    mix = (u[..., :, :k] * np.sqrt(s)[..., None, :]) @ np.swapaxes(v[..., :, :k], -1, -2)
    return [s, mix] + [w * w for w, name in ((u, "u"), (v, "v")) if name in vectors]


# mix = u diag(sqrt s) vᵀ couples u and v; u * u (v * v) reaches the extra columns of full u (v)
for _name, _shape, _kw in [
    ("svd", (3, 2), {}),
    ("svd_wide", (2, 3), {"vectors": "v"}),
    ("svd_full_matrices_deep", (3, 2), {"full_matrices": True}),
    ("svd_full_matrices_wide", (2, 3), {"full_matrices": True, "vectors": "v"}),
    ("svd_batched_square", (2, 2, 2), {"vectors": ""}),
]:
    row(
        _name,
        _tk_svd_parts,
        _np_svd_parts,
        [real],
        [_shape],
        "linalg.svd",
        params=_kw,
        valid=_svd_ok,
        fwd_rtol=1e-10,
        fwd_atol=1e-12,
    )
row(
    "svd_values_only",
    lambda a: tk.linalg.svd(a, compute_uv=False),
    lambda a: np.linalg.svd(a, compute_uv=False),
    [real],
    [(3, 4)],
    "linalg.svd",
    valid=_svd_ok,
    fwd_rtol=1e-10,
)
for _name, _shape, _kw in [
    ("qr", (3, 2), {}),
    ("qr_wide", (2, 3), {}),
    ("qr_batched", (2, 3, 2), {}),
]:
    row(
        _name,
        lambda a, **kw: list(tk.linalg.qr(a, **kw)),
        lambda a, full_matrices=False: list(
            np.linalg.qr(a, mode="complete" if full_matrices else "reduced")
        ),
        [real],
        [_shape],
        "linalg.qr",
        params=_kw,
        valid=lambda a, **kw: _svd_ok(a),
        fwd_rtol=1e-10,
        fwd_atol=1e-12,
    )
# eigh reads the lower triangle only (TF): the raw input tests that, _sym a symmetric one
row(
    "eigh_lower_triangle",
    lambda a: (lambda e, v: [e, v * v])(*tk.linalg.eigh(a)),
    lambda a: (lambda e, v: [e, v * v])(*np.linalg.eigh(_lower_sym(a))),
    [real],
    [(3, 3)],
    "linalg.eigh",
    valid=_eig_gaps_ok,
    fwd_rtol=1e-10,
    fwd_atol=1e-12,
)
row(
    "eigh_batched_symmetric",
    lambda a: (lambda e, v: [e, v * v])(*tk.linalg.eigh(_sym(a))),
    lambda a: (lambda e, v: [e, v * v])(*np.linalg.eigh(0.5 * (a + _mt(a)))),
    [real],
    [(2, 2, 2)],
    "linalg.eigh",
    valid=lambda a: _eig_gaps_ok(0.5 * (a + _mt(a))),
    fwd_rtol=1e-10,
    fwd_atol=1e-12,
)
row(
    "eigvalsh",
    tk.linalg.eigvalsh,
    lambda a: np.linalg.eigvalsh(_lower_sym(a)),
    [real],
    [(4, 4)],
    "linalg.eigvalsh",
    valid=_eig_gaps_ok,
    fwd_rtol=1e-10,
)
row(
    "norm_matrix_ord2",
    lambda x: tk.linalg.norm(x, ord=2, axis=[0, 1]),
    lambda x: np.linalg.norm(x, 2),
    [real],
    [(3, 4)],
    ("norm", "linalg.norm"),
    valid=_svd_ok,
    fwd_rtol=1e-10,
)
row(
    "norm_matrix_ord2_axes_keepdims",
    lambda x: tk.linalg.norm(x, ord=2, axis=[2, 0], keepdims=True),
    lambda x: np.linalg.norm(x, 2, axis=(2, 0), keepdims=True),
    [real],
    [(3, 2, 4)],
    ("norm", "linalg.norm"),
    valid=lambda x: _svd_ok(np.moveaxis(x, 1, 0).transpose(0, 2, 1)),
    fwd_rtol=1e-10,
)
row(
    "norm_ord_half",
    lambda x: tk.linalg.norm(x, ord=0.5, axis=1),
    lambda x: np.sum(np.abs(x) ** 0.5, axis=1) ** 2.0,
    [away0],
    [(3, 4)],
    ("norm", "linalg.norm"),
    fwd_rtol=1e-10,
)


SPEC_BY_NAME = {s.name: s for s in SPECS}
FAMILIES = {fam: [s for s in SPECS if s.family == fam] for fam in ("unary", "binary", "reduce")}


# ---------------------------------------------------------------------------------------
# public callables that are deliberately not in the table

# Ops TF defines as non-differentiable (no gradient: ``None``), and constructors.  Each
# entry is a probe that builds the op from a watched float tensor ``x`` of shape (3, 4);
# ``test_gradients.py`` checks that no gradient reaches ``x`` through it.
NON_DIFFERENTIABLE: dict[str, Callable] = {
    "argmax": lambda x: tk.argmax(x, axis=1),
    "argmin": lambda x: tk.argmin(x, axis=0),
    "equal": lambda x: tk.equal(x, x),
    "not_equal": lambda x: tk.not_equal(x, 0.0),
    "greater": lambda x: tk.greater(x, 0.0),
    "greater_equal": lambda x: tk.greater_equal(x, 0.0),
    "less": lambda x: tk.less(x, 0.0),
    "less_equal": lambda x: tk.less_equal(x, 0.0),
    "logical_and": lambda x: tk.logical_and(x > 0, x < 1),
    "logical_or": lambda x: tk.logical_or(x > 0, x < -1),
    "logical_not": lambda x: tk.logical_not(x > 0),
    "math.logical_xor": lambda x: tk.math.logical_xor(x > 0, x < 1),
    "floordiv": lambda x: tk.floordiv(x, 0.7),
    "round": tk.round,
    "math.floor": tk.math.floor,
    "math.ceil": tk.math.ceil,
    "math.is_finite": tk.math.is_finite,
    "math.is_inf": tk.math.is_inf,
    "math.is_nan": tk.math.is_nan,
    "math.count_nonzero": lambda x: tk.math.count_nonzero(x, axis=0),
    "reduce_all": lambda x: tk.reduce_all(x > 0),
    "reduce_any": lambda x: tk.reduce_any(x > 0, axis=1),
    "stop_gradient": tk.stop_gradient,
    "one_hot": lambda x: tk.one_hot(tk.argmax(x, axis=1), 4),
    "shape": tk.shape,
    "size": tk.size,
    "rank": tk.rank,
    "zeros_like": tk.zeros_like,
    "ones_like": tk.ones_like,
    # constructors from Python values
    "constant": lambda x: tk.constant([1.0, 2.0]),
    "zeros": lambda x: tk.zeros((2,)),
    "ones": lambda x: tk.ones((2,), dtype="float64"),
    "eye": lambda x: tk.eye(2),
    "range": lambda x: tk.range(3),
    "linspace": lambda x: tk.linspace(0.0, 1.0, 3),
    # issue 13
    "floor": tk.floor,
    "argsort": lambda x: tk.argsort(x, axis=0, direction="DESCENDING"),
    "unique": lambda x: tk.unique(tk.reshape(x, [-1])).y,
    "math.bincount": lambda x: tk.math.bincount(tk.constant([1, 1, 3]), weights=x[0, :3]),
    "broadcast_dynamic_shape": lambda x: tk.broadcast_dynamic_shape(tk.shape(x), [1, 4]),
    "timestamp": lambda x: tk.timestamp(),
    # complex results, forward only (README: tapekit has no complex gradients)
    "linalg.eig": lambda x: tk.abs(tk.linalg.eig(x[:, :3])[0]),
    "linalg.eigvals": lambda x: tk.abs(tk.linalg.eigvals(x[:, :3])),
}

# Behaviours of table ops that TF also treats as having no gradient.
NON_DIFFERENTIABLE_USES: dict[str, Callable] = {
    "cast float->int": lambda x: tk.cast(x, "int32"),
    "where(condition) indices": lambda x: tk.where(x > 0),
    "saturate_cast float->int": lambda x: tk.saturate_cast(x * 10, "int32"),
}

# Public callables that are not array ops at all: classes, conversion, context managers,
# the IPython hooks.  Each carries a check run by ``test_gradients.py``.
NOT_OPS: dict[str, str] = {
    "DType": "class",
    "Function": "class",
    "TensorSpec": "class",
    "GradientTape": "class",
    "Tensor": "class",
    "TensorShape": "class",
    "UnconnectedGradients": "class",
    "Variable": "class",
    "as_dtype": "dtype lookup",
    "convert_to_tensor": "returns its tensor argument unchanged",
    "custom_gradient": "decorator",
    "device": "context manager",
    "name_scope": "context manager (prefixes variable names)",
    "executing_eagerly": "predicate",
    "is_tensor": "predicate",
    "load_ipython_extension": "IPython hook",
    "unload_ipython_extension": "IPython hook",
    "Module": "class",
    "print": "output (tf.print), not an op",
    "broadcast_static_shape": "shape arithmetic on TensorShapes, not an op",
}

# Primitives in tapekit.ops.REGISTRY that no row records in its forward: helpers that only
# appear inside gradient computations.  The meta-test asserts each still exists and is
# recorded while differentiating some rows to second order.
INTERNAL_PRIMITIVES: dict[str, str] = {
    # relu/relu6/leaky_relu's gradient g * f'(x), with its own rule so that f'' = 0 (TF)
    "MaskedGrad": "relu",
    # the gradient of x[key] (zeros with g scattered at key)
    "ScatterItem": "getitem_int_array_repeated",
    # the sparse cross-entropy's gradient softmax(x) - one_hot(label), differentiated again
    # by the row's second-order check
    "SparseSoftmaxCrossEntropyWithLogitsGrad": "sparse_softmax_cross_entropy_with_logits",
    # the gradient of sort/top_k's TakeAlongAxis (g scattered back where values came from)
    "ScatterAlongAxis": "sort",
    # sqrt's gradient 0.5 g / sqrt(x), with its own rule so that it stays exact at g = 0
    "SqrtGrad": "sqrt",
}


def resolve(name: str):
    obj = tk
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


# ---------------------------------------------------------------------------------------
# helpers shared by the tests


def on_backend(a) -> tk.Tensor:
    """A tensor of the current test backend (the ``xp`` fixture) holding ``a``."""
    return tk.Tensor(_backend.asarray(np.asarray(a)))


def host(t) -> np.ndarray:
    return np.asarray(_backend.to_host(t._value))


def as_list(out) -> list:
    return list(out) if isinstance(out, (list, tuple)) else [out]


def flat_output(out):
    """One 1-D tensor with every output (for jacobian, which takes one target)."""
    outs = as_list(out)
    flat = [tk.reshape(o, (-1,)) for o in outs]
    return flat[0] if len(flat) == 1 else tk.concat(flat, axis=0)


def row_params(specs) -> list:
    """``specs`` as ``pytest.param``s named after their rows (NumPy-only rows marked)."""
    return [
        pytest.param(s, id=s.name, marks=[pytest.mark.numpy_only] if s.numpy_only else [])
        for s in specs
    ]


def weighted_square_sum(outs) -> tk.Tensor:
    """sum_i reduce_sum(C_i * out_i^2) in float64, with fixed distinct weights C_i: a
    scalar whose gradient and Hessian depend on every output element."""
    total = None
    for o in outs:
        n = int(np.prod(o.shape, dtype=int))
        c = np.linspace(0.5, 1.5, n).reshape(tuple(o.shape))
        o64 = tk.cast(o, "float64")
        term = tk.reduce_sum(on_backend(c) * o64 * o64)
        total = term if total is None else total + term
    return total


def assert_grads(f, *args, order=2, eps=1e-6, rtol=1e-5):
    """``tapekit.testing.check_grads`` on the current backend (the ``xp`` fixture's): the
    adjoint test at every order on each backend, the full finite-difference Jacobian once,
    on NumPy (the rules are the same code on every backend; the Jacobian costs 2n calls)."""
    on_numpy = _backend.current().xp is np
    check_grads(f, *args, order=order, eps=eps, rtol=rtol, jacobian=on_numpy)


# ---------------------------------------------------------------------------------------
# tfops: the ops the README listed as "not yet added" (appended; SPEC_BY_NAME, FAMILIES
# and NON_DIFFERENTIABLE are extended at the end of this block)

_N_BEFORE_TFOPS = len(SPECS)


def full_rank(rng, shape):
    """3 I (rectangular) plus noise: full rank, singular values apart."""
    return 3.0 * np.eye(*shape[-2:]) + 0.5 * rng.standard_normal(shape)


_erfc = np.vectorize(math.erfc, otypes=[np.float64])

for _name, _fn, _ref, _doms, _covers in [
    ("xdivy", tk.math.xdivy, lambda x, y: x / y, (away0, away0), "math.xdivy"),
    (
        "multiply_no_nan",
        tk.math.multiply_no_nan,
        np.multiply,
        (real, away0),
        "math.multiply_no_nan",
    ),
]:
    row(_name, _fn, _ref, _doms, BCAST, _covers, family="binary")
for _name, _fn, _ref, _dom, _covers in [
    (
        "reciprocal_no_nan",
        tk.math.reciprocal_no_nan,
        np.reciprocal,
        away0,
        "math.reciprocal_no_nan",
    ),
    ("erfc", tk.math.erfc, _erfc, real, "math.erfc"),
]:
    row(_name, _fn, _ref, [_dom], S23, _covers, family="unary")


def _erfinv_by_bisection(y):
    lo, hi = -6.0, 6.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if math.erf(mid) < y else (lo, mid)
    return 0.5 * (lo + hi)


_lgamma_np = np.vectorize(math.lgamma, otypes=[np.float64])


def _np_digamma(x):  # the derivative of math.lgamma by a 4th-order central difference
    h = 1e-4
    return (
        -_lgamma_np(x + 2 * h)
        + 8 * _lgamma_np(x + h)
        - 8 * _lgamma_np(x - h)
        + _lgamma_np(x - 2 * h)
    ) / (12 * h)


def gamma_dom(rng, shape):
    """Positive values and negative ones away from the poles (0, -1, -2, ...)."""
    pos_part = rng.uniform(0.2, 6.0, shape)
    neg_part = -rng.integers(0, 3, shape) - rng.uniform(0.2, 0.8, shape)
    return np.where(rng.integers(0, 3, shape) > 0, pos_part, neg_part)


row("lgamma", tk.math.lgamma, _lgamma_np, [gamma_dom], S23, "math.lgamma", family="unary")
row(
    "digamma",
    tk.math.digamma,
    _np_digamma,
    [gamma_dom],
    S23,
    "math.digamma",
    family="unary",
    fwd_rtol=1e-7,
    fwd_atol=1e-7,
)
row(
    "erfinv",
    tk.math.erfinv,
    lambda y: np.vectorize(_erfinv_by_bisection, otypes=[np.float64])(y),
    [unit],
    S23,
    "math.erfinv",
    family="unary",
)
row("erfc_tails", tk.math.erfc, _erfc, [lambda r, s: r.uniform(2.5, 6.0, s)], [(5,)], "math.erfc")
row(
    "polyval",
    lambda a, b, c, x: tk.math.polyval([a, b, c], x),
    lambda a, b, c, x: (a * x + b) * x + c,
    [real, real, real, real],
    [(), (), (), (4,)],
    "math.polyval",
)
row(
    "scalar_mul",
    tk.scalar_mul,
    lambda s, x: s * x,
    [real, real],
    [(), (2, 3)],
    ("scalar_mul", "math.scalar_mul"),
)
row(
    "accumulate_n",
    lambda a, b: tk.math.accumulate_n([a, b, a]),
    lambda a, b: a + b + a,
    [real, real],
    [(2, 3), (2, 3)],
    "math.accumulate_n",
)
_fn, _ref = _reducer(
    tk.math.reduce_euclidean_norm,
    lambda x, axis, keepdims: np.sqrt(np.sum(x * x, axis, keepdims=keepdims)),
)
for _shape, _params in REDUCE_CASES:
    _ax = _params["axis"]
    _tag = "None" if _ax is None else str(_ax).replace(" ", "")
    row(
        f"reduce_euclidean_norm_axis{_tag}{'_keepdims' if _params['keepdims'] else ''}",
        _fn,
        _ref,
        [away0],
        [_shape],
        "math.reduce_euclidean_norm",
        params=dict(_params),
        family="reduce",
    )


def np_cumlse(x, axis=0, exclusive=False, reverse=False):
    e = np_cumsum(np.exp(x), axis=axis, exclusive=exclusive, reverse=reverse)
    with np.errstate(divide="ignore"):
        return np.log(e)


row(
    "cumulative_logsumexp_axis1",
    lambda x: tk.math.cumulative_logsumexp(x, axis=1),
    lambda x: np_cumlse(x, 1),
    [real],
    [(3, 4)],
    "math.cumulative_logsumexp",
)
row(  # exclusive and reversed: the last row sums nothing (-inf) and is left out
    "cumulative_logsumexp_exclusive_reverse",
    lambda x: tk.math.cumulative_logsumexp(x, axis=0, exclusive=True, reverse=True)[:-1],
    lambda x: np_cumlse(x, 0, True, True)[:-1],
    [real],
    [(3, 4)],
    "math.cumulative_logsumexp",
)

# tf.nn: moments, normalization, dropout, embeddings, losses
row(
    "moments_axis0",
    lambda x: list(tk.nn.moments(x, axes=[0])),
    lambda x: [x.mean(0), x.var(0)],
    [real],
    [(3, 4)],
    "nn.moments",
)
row(
    "moments_all_keepdims",
    lambda x: list(tk.nn.moments(x, axes=[0, 1], keepdims=True)),
    lambda x: [x.mean(keepdims=True), x.var(keepdims=True)],
    [real],
    [(3, 4)],
    "nn.moments",
)


def _np_weighted_moments(x, w):
    m = (w * x).sum(1) / w.sum(1)
    return [m, (w * (x - m[:, None]) ** 2).sum(1) / w.sum(1)]


row(
    "weighted_moments",
    lambda x, w: list(tk.nn.weighted_moments(x, axes=[1], frequency_weights=w)),
    _np_weighted_moments,
    [real, pos],
    [(3, 4), (3, 4)],
    "nn.weighted_moments",
)
row(
    "sufficient_statistics_shift",
    lambda x, s: list(tk.nn.sufficient_statistics(x, axes=[0], shift=s)[1:3]),
    lambda x, s: [(x - s).sum(0), ((x - s) ** 2).sum(0)],
    [real, real],
    [(3, 4), ()],
    "nn.sufficient_statistics",
)
row(
    "normalize_moments",
    lambda m, v, s: list(tk.nn.normalize_moments(4.0, m, v, s)),
    lambda m, v, s: [m / 4.0 + s, v / 4.0 - (m / 4.0) ** 2],
    [real, pos, real],
    [(3,), (3,), ()],
    "nn.normalize_moments",
)
row(
    "batch_normalization",
    lambda x, m, v, o, s: tk.nn.batch_normalization(x, m, v, o, s, 1e-3),
    lambda x, m, v, o, s: s * (x - m) / np.sqrt(v + 1e-3) + o,
    [real, real, pos, real, real],
    [(2, 3), (3,), (3,), (3,), (3,)],
    "nn.batch_normalization",
)


def _tk_dropout(x):
    tk.random.set_seed(7)  # the same mask on every call: a fixed linear map
    return tk.nn.dropout(x, 0.4, seed=3)


def _np_dropout(x):
    mask = _tk_dropout(tk.ones(x.shape, dtype="float64")).numpy()
    assert set(np.unique(mask)) <= {0.0, 1 / 0.6} and mask.any() and not mask.all()
    return x * mask


row("dropout_fixed_seed", _tk_dropout, _np_dropout, [real], [(4, 5)], "nn.dropout")
row(
    "crelu",
    tk.nn.crelu,
    lambda x: np.maximum(np.concatenate([x, -x], -1), 0),
    [away0],
    S23,
    "nn.crelu",
)
_EMB_IDS = np.array([[2, 0], [3, 3]])
row(
    "embedding_lookup",
    lambda p: tk.nn.embedding_lookup(p, _EMB_IDS),
    lambda p: p[_EMB_IDS],
    [real],
    [(4, 3)],
    "nn.embedding_lookup",
)
row(
    "embedding_lookup_max_norm_shards",
    lambda a, b: tk.nn.embedding_lookup([a, b], [3, 0, 1], max_norm=1.0),
    lambda a, b: (
        np.stack([b[1], a[0], b[0]])
        / np.maximum(np.linalg.norm(np.stack([b[1], a[0], b[0]]), axis=1, keepdims=True), 1.0)
    ),
    [real, real],
    [(2, 3), (2, 3)],
    "nn.embedding_lookup",
    valid=lambda a, b: bool(
        np.all(np.abs(np.linalg.norm(np.concatenate([a, b]), axis=1) - 1) > 0.2)
    ),
)
row(
    "log_poisson_loss",
    tk.nn.log_poisson_loss,
    lambda t, x: np.exp(x) - x * t,
    [pos, real],
    [(2, 3), (2, 3)],
    "nn.log_poisson_loss",
)
row(
    "log_poisson_loss_full",
    lambda t, x: tk.nn.log_poisson_loss(t, x, compute_full_loss=True),
    lambda t, x: np.exp(x) - x * t + t * np.log(t) - t + 0.5 * np.log(2 * np.pi * t),
    [gt1, real],
    [(2, 3), (2, 3)],
    "nn.log_poisson_loss",
)
row(
    "weighted_cross_entropy_with_logits",
    lambda z, x: tk.nn.weighted_cross_entropy_with_logits(z, x, 1.7),
    lambda z, x: (1 - z) * x + (1 + 0.7 * z) * np.log1p(np.exp(-x)),
    [zero_one, away0],
    [(2, 3), (2, 3)],
    "nn.weighted_cross_entropy_with_logits",
)
row(
    "compute_average_loss",
    lambda x, w: tk.nn.compute_average_loss(x, sample_weight=w, global_batch_size=8),
    lambda x, w: np.sum(x * w) / 8,
    [real, pos],
    [(4,), (4,)],
    "nn.compute_average_loss",
)
row(
    "scale_regularization_loss",
    tk.nn.scale_regularization_loss,
    np.sum,
    [real],
    [(2, 3)],
    "nn.scale_regularization_loss",
)

# tf: repeat
row(
    "repeat_axis1",
    lambda x: tk.repeat(x, [2, 0, 1], axis=1),
    lambda x: np.repeat(x, [2, 0, 1], axis=1),
    [real],
    [(2, 3)],
    "repeat",
)
row("repeat_flat", lambda x: tk.repeat(x, 2), lambda x: np.repeat(x, 2), [real], [(2, 3)], "repeat")

# tf.linalg
row(
    "matvec",
    tk.linalg.matvec,
    lambda a, b: a @ b,
    [real, real],
    [(2, 3), (3,)],
    "linalg.matvec",
)
row(
    "matvec_batch_transpose",
    lambda a, b: tk.linalg.matvec(a, b, transpose_a=True),
    lambda a, b: np.einsum("bij,bi->bj", a, b),
    [real, real],
    [(2, 3, 2), (2, 3)],
    "linalg.matvec",
)
row(
    "normalize_axis1",
    lambda x: list(tk.linalg.normalize(x, axis=1)),
    lambda x: [
        x / np.linalg.norm(x, axis=1, keepdims=True),
        np.linalg.norm(x, axis=1, keepdims=True),
    ],
    [real],
    [(2, 3)],
    "linalg.normalize",
    fwd_rtol=1e-10,
)


def _np_set_diag(x, d, k=0):
    out = x.copy()
    for i in range(d.shape[-1]):
        r, c = (i, i + k) if k >= 0 else (i - k, i)
        out[..., r, c] = d[..., i]
    return out


row("set_diag", tk.linalg.set_diag, _np_set_diag, [real, real], [(2, 3), (2,)], "linalg.set_diag")
row(
    "set_diag_batch_k1",
    lambda x, d: tk.linalg.set_diag(x, d, k=1),
    lambda x, d: _np_set_diag(x, d, 1),
    [real, real],
    [(2, 3, 4), (2, 3)],
    "linalg.set_diag",
)
row(
    "set_diag_k-1",
    lambda x, d: tk.linalg.set_diag(x, d, k=-1),
    lambda x, d: _np_set_diag(x, d, -1),
    [real, real],
    [(3, 3), (2,)],
    "linalg.set_diag",
)
row(
    "slogdet",
    lambda a: tk.linalg.slogdet(a)[1],
    lambda a: np.linalg.slogdet(a)[1],
    [well_conditioned],
    [(2, 3, 3)],
    "linalg.slogdet",
    fwd_rtol=1e-10,
)
row(
    "logdet",
    lambda a: tk.linalg.logdet(_sym(a)),
    lambda a: np.linalg.slogdet(0.5 * (a + _mt(a)))[1],
    [spd],
    [(3, 3)],
    "linalg.logdet",
    fwd_rtol=1e-10,
)
row("cross", tk.linalg.cross, np.cross, [real, real], [(2, 3), (2, 3)], "linalg.cross")
row(
    "pinv",
    tk.linalg.pinv,
    np.linalg.pinv,
    [real],
    [(2, 3)],
    "linalg.pinv",
    valid=lambda a: _svd_ok(a),
    fwd_rtol=1e-10,
)


def _np_tri_solve(a, b, lower=True, adjoint=False):
    t = np.tril(a) if lower else np.triu(a)
    return np.linalg.solve(_mt(t) if adjoint else t, b)


row(
    "triangular_solve_lower",
    tk.linalg.triangular_solve,
    _np_tri_solve,
    [well_conditioned, real],
    [(3, 3), (3, 2)],
    "linalg.triangular_solve",
    fwd_rtol=1e-10,
)
row(
    "triangular_solve_upper_adjoint",
    lambda a, b: tk.linalg.triangular_solve(a, b, lower=False, adjoint=True),
    lambda a, b: _np_tri_solve(a, b, False, True),
    [well_conditioned, real],
    [(3, 3), (3, 2)],
    "linalg.triangular_solve",
    fwd_rtol=1e-10,
)
row(
    "cholesky_solve",
    lambda a, b: tk.linalg.cholesky_solve(tk.linalg.cholesky(_sym(a)), b),
    lambda a, b: np.linalg.solve(0.5 * (a + _mt(a)), b),
    [spd, real],
    [(3, 3), (3, 2)],
    "linalg.cholesky_solve",
    fwd_rtol=1e-10,
)
row(
    "lstsq_tall",
    tk.linalg.lstsq,
    lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0],
    [full_rank, real],
    [(4, 3), (4, 1)],
    "linalg.lstsq",
    fwd_rtol=1e-9,
)
row(
    "lstsq_wide_regularized",
    lambda a, b: tk.linalg.lstsq(a, b, l2_regularizer=0.1),
    lambda a, b: _mt(a) @ np.linalg.solve(a @ _mt(a) + 0.1 * np.eye(2), b),
    [full_rank, real],
    [(2, 3), (2, 2)],
    "linalg.lstsq",
    fwd_rtol=1e-9,
)
row(
    "lstsq_slow_pinv",
    lambda a, b: tk.linalg.lstsq(a, b, fast=False),
    lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0],
    [real, real],
    [(3, 2), (3, 1)],
    "linalg.lstsq",
    valid=lambda a, b: _svd_ok(a),
    fwd_rtol=1e-9,
)

for _spec in SPECS[_N_BEFORE_TFOPS:]:
    SPEC_BY_NAME[_spec.name] = _spec
    if _spec.family:
        FAMILIES[_spec.family].append(_spec)

NON_DIFFERENTIABLE.update(
    {
        "math.rint": tk.math.rint,
        "truncatediv": lambda x: tk.truncatediv(x, 0.7),
        "truncatemod": lambda x: tk.truncatemod(x, -0.7),
        "sequence_mask": lambda x: tk.sequence_mask(tk.cast(x[0] + 2.0, "int32"), 4),
        "searchsorted": lambda x: tk.searchsorted(tk.sort(x), x, side="right"),
        "unique_with_counts": lambda x: tk.unique_with_counts(tk.reshape(x, [-1])).count,
        "math.confusion_matrix": lambda x: tk.math.confusion_matrix(
            tk.argmax(x, 1), tk.argmin(x, 1), num_classes=4
        ),
        "math.in_top_k": lambda x: tk.math.in_top_k([0, 1, 2], x, 2),
    }
)
