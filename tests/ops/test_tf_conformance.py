"""tapekit against recordings of TensorFlow 2.21 (``tests/reference/tf_engine.json``).

``ops``: float64 inputs; the forward and the VJP of sum_i reduce_sum(out_i * C_i),
C_i = linspace(0.5, 1.5, size), must match TF's to rtol 1e-5.
``kinks``: float32 inputs at kinks, ties and singular points; the gradients must match
TF's exactly: the same None-or-tensor, the same NaN and infinity pattern, the same values.

Each recorded ``call`` (TF source text) maps to a tapekit callable through ``CALLS``:
nothing here evaluates TF code.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from op_specs import as_list, host, like, on_backend

import tapekit as tk

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "tf_engine.json"
DATA = json.loads(REFERENCE.read_text()) if REFERENCE.exists() else {}
OPS = DATA.get("ops", {})
KINKS = DATA.get("kinks", {})


def _reduce(fn, **kw):
    return lambda x: fn(x, **kw)


CALLS = {
    # elementwise
    "tf.add(x, y)": lambda x, y: tk.add(x, y),
    "tf.subtract(x, y)": lambda x, y: tk.subtract(x, y),
    "tf.multiply(x, y)": lambda x, y: tk.multiply(x, y),
    "tf.divide(x, y)": lambda x, y: tk.divide(x, y),
    "tf.math.truediv(x, y)": lambda x, y: tk.math.truediv(x, y),
    "tf.math.floordiv(x, y)": lambda x, y: tk.math.floordiv(x, y),
    "x // y": lambda x, y: x // y,
    "tf.math.floormod(x, y)": lambda x, y: tk.math.floormod(x, y),
    "tf.negative(x)": lambda x: tk.negative(x),
    "tf.pow(x, y)": lambda x, y: tk.pow(x, y),
    "tf.pow(x, 3.0)": lambda x: tk.pow(x, 3.0),
    "x ** 0.5": lambda x: x**0.5,
    "x ** 2": lambda x: x**2,
    "tf.square(x)": lambda x: tk.square(x),
    "tf.sqrt(x)": lambda x: tk.sqrt(x),
    "tf.math.rsqrt(x)": lambda x: tk.math.rsqrt(x),
    "tf.exp(x)": lambda x: tk.exp(x),
    "tf.math.log(x)": lambda x: tk.math.log(x),
    "tf.math.log1p(x)": lambda x: tk.math.log1p(x),
    "tf.math.expm1(x)": lambda x: tk.math.expm1(x),
    "tf.sin(x)": lambda x: tk.sin(x),
    "tf.cos(x)": lambda x: tk.cos(x),
    "tf.tan(x)": lambda x: tk.tan(x),
    "tf.asin(x)": lambda x: tk.math.asin(x),
    "tf.acos(x)": lambda x: tk.math.acos(x),
    "tf.atan(x)": lambda x: tk.math.atan(x),
    "tf.atanh(x)": lambda x: tk.math.atanh(x),
    "tf.sinh(x)": lambda x: tk.math.sinh(x),
    "tf.cosh(x)": lambda x: tk.math.cosh(x),
    "tf.tanh(x)": lambda x: tk.tanh(x),
    "tf.sigmoid(x)": lambda x: tk.sigmoid(x),
    "tf.math.sigmoid(x)": lambda x: tk.math.sigmoid(x),
    "tf.abs(x)": lambda x: tk.abs(x),
    "tf.sign(x)": lambda x: tk.sign(x),
    "tf.maximum(x, y)": lambda x, y: tk.maximum(x, y),
    "tf.minimum(x, y)": lambda x, y: tk.minimum(x, y),
    "tf.clip_by_value(x, -0.5, 0.5)": lambda x: tk.clip_by_value(x, -0.5, 0.5),
    "tf.clip_by_value(x, 0.0, 1.0)": lambda x: tk.clip_by_value(x, 0.0, 1.0),
    "tf.clip_by_value(x, lo, hi)": lambda x, lo, hi: tk.clip_by_value(x, lo, hi),
    "tf.where(x > 0, x, y)": lambda x, y: tk.where(x > 0, x, y),
    "tf.where(x > 0, x, x ** 2)": lambda x: tk.where(x > 0, x, x**2),
    "tf.where(x > 0, tf.sqrt(x), x)": lambda x: tk.where(x > 0, tk.sqrt(x), x),
    "tf.where(x > 0, tf.math.log(x), x)": lambda x: tk.where(x > 0, tk.math.log(x), x),
    "tf.math.atan2(y, x)": lambda y, x: tk.math.atan2(y, x),
    "tf.math.erf(x)": lambda x: tk.math.erf(x),
    # reductions
    "tf.math.reduce_sum(x)": _reduce(tk.math.reduce_sum),
    "tf.math.reduce_sum(x, axis=1, keepdims=True)": _reduce(
        tk.math.reduce_sum, axis=1, keepdims=True
    ),
    "tf.math.reduce_sum(x, axis=1)": _reduce(tk.math.reduce_sum, axis=1),
    "tf.math.reduce_sum(x, axis=0)": _reduce(tk.math.reduce_sum, axis=0),
    "tf.reduce_sum(tf.abs(x))": lambda x: tk.reduce_sum(tk.abs(x)),
    "tf.math.reduce_mean(x)": _reduce(tk.math.reduce_mean),
    "tf.math.reduce_mean(x, axis=1, keepdims=True)": _reduce(
        tk.math.reduce_mean, axis=1, keepdims=True
    ),
    "tf.math.reduce_mean(x, axis=1)": _reduce(tk.math.reduce_mean, axis=1),
    "tf.math.reduce_mean(x, axis=0)": _reduce(tk.math.reduce_mean, axis=0),
    "tf.math.reduce_max(x)": _reduce(tk.math.reduce_max),
    "tf.math.reduce_max(x, axis=1, keepdims=True)": _reduce(
        tk.math.reduce_max, axis=1, keepdims=True
    ),
    "tf.math.reduce_max(x, axis=1)": _reduce(tk.math.reduce_max, axis=1),
    "tf.math.reduce_max(x, axis=0)": _reduce(tk.math.reduce_max, axis=0),
    "tf.reduce_max(x)": _reduce(tk.reduce_max),
    "tf.reduce_max(x, axis=0)": _reduce(tk.reduce_max, axis=0),
    "tf.reduce_max(x, axis=1)": _reduce(tk.reduce_max, axis=1),
    "tf.math.reduce_min(x)": _reduce(tk.math.reduce_min),
    "tf.math.reduce_min(x, axis=1, keepdims=True)": _reduce(
        tk.math.reduce_min, axis=1, keepdims=True
    ),
    "tf.math.reduce_min(x, axis=1)": _reduce(tk.math.reduce_min, axis=1),
    "tf.math.reduce_min(x, axis=0)": _reduce(tk.math.reduce_min, axis=0),
    "tf.reduce_min(x)": _reduce(tk.reduce_min),
    "tf.math.reduce_prod(x)": _reduce(tk.math.reduce_prod),
    "tf.math.reduce_prod(x, axis=1, keepdims=True)": _reduce(
        tk.math.reduce_prod, axis=1, keepdims=True
    ),
    "tf.math.reduce_prod(x, axis=1)": _reduce(tk.math.reduce_prod, axis=1),
    "tf.math.reduce_prod(x, axis=0)": _reduce(tk.math.reduce_prod, axis=0),
    "tf.math.reduce_logsumexp(x)": _reduce(tk.math.reduce_logsumexp),
    "tf.math.reduce_logsumexp(x, axis=1, keepdims=True)": _reduce(
        tk.math.reduce_logsumexp, axis=1, keepdims=True
    ),
    "tf.math.reduce_logsumexp(x, axis=1)": _reduce(tk.math.reduce_logsumexp, axis=1),
    "tf.math.reduce_logsumexp(x, axis=0)": _reduce(tk.math.reduce_logsumexp, axis=0),
    "tf.math.reduce_std(x)": _reduce(tk.math.reduce_std),
    "tf.math.reduce_std(x, axis=1, keepdims=True)": _reduce(
        tk.math.reduce_std, axis=1, keepdims=True
    ),
    "tf.math.reduce_std(x, axis=1)": _reduce(tk.math.reduce_std, axis=1),
    "tf.math.reduce_std(x, axis=0)": _reduce(tk.math.reduce_std, axis=0),
    "tf.math.reduce_variance(x)": _reduce(tk.math.reduce_variance),
    "tf.math.reduce_variance(x, axis=1, keepdims=True)": _reduce(
        tk.math.reduce_variance, axis=1, keepdims=True
    ),
    "tf.math.reduce_variance(x, axis=1)": _reduce(tk.math.reduce_variance, axis=1),
    "tf.math.reduce_variance(x, axis=0)": _reduce(tk.math.reduce_variance, axis=0),
    "tf.math.cumsum(x)": lambda x: tk.math.cumsum(x),
    "tf.math.cumsum(x, axis=0)": lambda x: tk.math.cumsum(x, axis=0),
    "tf.math.cumsum(x, axis=1)": lambda x: tk.math.cumsum(x, axis=1),
    "tf.math.cumsum(x, exclusive=True)": lambda x: tk.math.cumsum(x, exclusive=True),
    "tf.math.cumsum(x, reverse=True)": lambda x: tk.math.cumsum(x, reverse=True),
    "tf.math.cumsum(x, exclusive=True, reverse=True)": lambda x: tk.math.cumsum(
        x, exclusive=True, reverse=True
    ),
    "tf.argmax(x, axis=0)": lambda x: tk.argmax(x, axis=0),
    "tf.argmax(x, axis=1)": lambda x: tk.argmax(x, axis=1),
    "tf.argmin(x, axis=1)": lambda x: tk.argmin(x, axis=1),
    "tf.equal(x, y)": lambda x, y: tk.equal(x, y),
    "tf.less(x, y)": lambda x, y: tk.less(x, y),
    "tf.greater(x, y)": lambda x, y: tk.greater(x, y),
    # linear algebra
    "tf.matmul(x, y)": lambda x, y: tk.matmul(x, y),
    "tf.linalg.matmul(x, y)": lambda x, y: tk.linalg.matmul(x, y),
    "x @ y": lambda x, y: x @ y,
    "tf.matmul(x, y, transpose_a=True)": lambda x, y: tk.matmul(x, y, transpose_a=True),
    "tf.matmul(x, y, transpose_b=True)": lambda x, y: tk.matmul(x, y, transpose_b=True),
    "tf.matmul(x, y, adjoint_a=True)": lambda x, y: tk.matmul(x, y, adjoint_a=True),
    "tf.matmul(x, y, adjoint_b=True)": lambda x, y: tk.matmul(x, y, adjoint_b=True),
    "tf.tensordot(x, y, axes=1)": lambda x, y: tk.tensordot(x, y, axes=1),
    "tf.tensordot(x, y, axes=[[1], [0]])": lambda x, y: tk.tensordot(x, y, axes=[[1], [0]]),
    'tf.einsum("ij,jk->ik", x, y)': lambda x, y: tk.einsum("ij,jk->ik", x, y),
    'tf.einsum("ii->", x)': lambda x: tk.einsum("ii->", x),
    'tf.einsum("bij,bjk->bik", x, y)': lambda x, y: tk.einsum("bij,bjk->bik", x, y),
    'tf.einsum("i,i->", x, y)': lambda x, y: tk.einsum("i,i->", x, y),
    "tf.norm(x)": lambda x: tk.norm(x),
    "tf.norm(x, ord=1)": lambda x: tk.norm(x, ord=1),
    "tf.norm(x, axis=1)": lambda x: tk.norm(x, axis=1),
    "tf.linalg.norm(x, ord=1)": lambda x: tk.linalg.norm(x, ord=1),
    "tf.linalg.norm(x, ord=np.inf)": lambda x: tk.linalg.norm(x, ord=np.inf),
    'tf.linalg.norm(x, ord="euclidean")': lambda x: tk.linalg.norm(x, ord="euclidean"),
    "tf.linalg.norm(x, ord=1, axis=[0, 1])": lambda x: tk.linalg.norm(x, ord=1, axis=[0, 1]),
    "tf.linalg.norm(x, ord=np.inf, axis=[0, 1])": lambda x: tk.linalg.norm(
        x, ord=np.inf, axis=[0, 1]
    ),
    "tf.linalg.inv(a)": lambda a: tk.linalg.inv(a),
    "tf.linalg.det(a)": lambda a: tk.linalg.det(a),
    "tf.linalg.solve(a, b)": lambda a, b: tk.linalg.solve(a, b),
    "tf.linalg.cholesky(a)": lambda a: tk.linalg.cholesky(a),
    "tf.linalg.trace(a)": lambda a: tk.linalg.trace(a),
    # shapes and indexing
    "tf.reshape(x, (2, 6))": lambda x: tk.reshape(x, (2, 6)),
    "tf.transpose(x)": lambda x: tk.transpose(x),
    "tf.transpose(x, perm=[2, 0, 1])": lambda x: tk.transpose(x, perm=[2, 0, 1]),
    "tf.expand_dims(x, 1)": lambda x: tk.expand_dims(x, 1),
    "tf.squeeze(x)": lambda x: tk.squeeze(x),
    "tf.squeeze(x, axis=1)": lambda x: tk.squeeze(x, axis=1),
    "tf.concat([x, y], axis=0)": lambda x, y: tk.concat([x, y], axis=0),
    "tf.concat([x, y], axis=1)": lambda x, y: tk.concat([x, y], axis=1),
    "tf.stack([x, y], axis=0)": lambda x, y: tk.stack([x, y], axis=0),
    "tf.stack([x, y], axis=1)": lambda x, y: tk.stack([x, y], axis=1),
    "tf.unstack(x)": lambda x: tk.unstack(x),
    "tf.unstack(x, axis=1)": lambda x: tk.unstack(x, axis=1),
    "tf.split(x, 2, axis=1)": lambda x: tk.split(x, 2, axis=1),
    "tf.split(x, [1, 3], axis=1)": lambda x: tk.split(x, [1, 3], axis=1),
    "tf.tile(x, [2, 1])": lambda x: tk.tile(x, [2, 1]),
    "tf.gather(x, [2, 0, 2])": lambda x: tk.gather(x, [2, 0, 2]),
    "tf.gather(x, [1, 1, 3], axis=1)": lambda x: tk.gather(x, [1, 1, 3], axis=1),
    "tf.gather_nd(x, [[0, 1], [2, 3], [0, 1]])": lambda x: tk.gather_nd(
        x, [[0, 1], [2, 3], [0, 1]]
    ),
    "tf.broadcast_to(x, (3, 4))": lambda x: tk.broadcast_to(x, (3, 4)),
    'tf.pad(x, [[1, 0], [0, 2]], mode="CONSTANT")': lambda x: tk.pad(
        x, [[1, 0], [0, 2]], mode="CONSTANT"
    ),
    "tf.one_hot(i, 4)": lambda i: tk.one_hot(i, 4),
    # nn
    "tf.nn.relu(x)": lambda x: tk.nn.relu(x),
    "tf.nn.relu6(x)": lambda x: tk.nn.relu6(x),
    "tf.nn.leaky_relu(x)": lambda x: tk.nn.leaky_relu(x),
    "tf.nn.leaky_relu(x, alpha=0.1)": lambda x: tk.nn.leaky_relu(x, alpha=0.1),
    "tf.nn.leaky_relu(x, alpha=0.2)": lambda x: tk.nn.leaky_relu(x, alpha=0.2),
    "tf.nn.elu(x)": lambda x: tk.nn.elu(x),
    "tf.nn.selu(x)": lambda x: tk.nn.selu(x),
    "tf.nn.gelu(x)": lambda x: tk.nn.gelu(x),
    "tf.nn.gelu(x, approximate=True)": lambda x: tk.nn.gelu(x, approximate=True),
    "tf.nn.gelu(x, approximate=False)": lambda x: tk.nn.gelu(x, approximate=False),
    "tf.nn.softplus(x)": lambda x: tk.nn.softplus(x),
    "tf.nn.softsign(x)": lambda x: tk.nn.softsign(x),
    "tf.nn.silu(x)": lambda x: tk.nn.silu(x),
    "tf.nn.swish(x)": lambda x: tk.nn.swish(x),
    "tf.nn.softmax(x)": lambda x: tk.nn.softmax(x),
    "tf.nn.softmax(x, axis=0)": lambda x: tk.nn.softmax(x, axis=0),
    "tf.nn.log_softmax(x)": lambda x: tk.nn.log_softmax(x),
    "tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)": lambda z, x: (
        tk.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    ),
    "tf.nn.softmax_cross_entropy_with_logits(labels=p, logits=x)": lambda p, x: (
        tk.nn.softmax_cross_entropy_with_logits(labels=p, logits=x)
    ),
    "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=k, logits=x)": lambda k, x: (
        tk.nn.sparse_softmax_cross_entropy_with_logits(labels=k, logits=x)
    ),
    "tf.nn.l2_loss(x)": lambda x: tk.nn.l2_loss(x),
}

# array_api_strict has no einsum, and tapekit's generic fallback refuses a repeated index
# within one operand (a NotImplementedError by design).
NUMPY_ONLY_CALLS = {'tf.einsum("ii->", x)'}


def _case_params(section):
    out = []
    for key, case in section.items():
        marks = [pytest.mark.numpy_only] if case.get("call") in NUMPY_ONLY_CALLS else []
        out.append(pytest.param(key, marks=marks, id=key))
    return out


# --------------------------------------------------------------------------- decoding


def _number(v):
    if isinstance(v, list):
        return [_number(e) for e in v]
    if v == "nan":
        return float("nan")
    if v == "inf":
        return float("inf")
    if v == "-inf":
        return float("-inf")
    return v


def decode(enc) -> np.ndarray:
    arr = np.asarray(_number(enc["value"]), dtype=enc["dtype"])
    assert list(arr.shape) == enc["shape"]
    return arr


def _inputs(case):
    names = case["arg_names"]
    arrays = [decode(e) for e in case["inputs"]]
    return names, {n: on_backend(a) for n, a in zip(names, arrays)}


def _run(case, target_fn):
    """Run the mapped call; return (outputs, {name: gradient or None})."""
    names, ts = _inputs(case)
    wrt = case.get("wrt", [])
    with tk.GradientTape(persistent=True) as tape:
        for n in wrt:
            tape.watch(ts[n])
        out = CALLS[case["call"]](**ts)
        target = target_fn(out) if wrt else None
    grads = {}
    if wrt:
        upstream = case.get("output_gradients")
        seed = None if upstream is None else like(np.asarray(upstream, dtype=out.dtype.name), out)
        got = tape.gradient(target, [ts[n] for n in wrt], output_gradients=seed)
        grads = dict(zip(wrt, got))
    return out, grads


def _weighted_sum(out):
    """sum_i reduce_sum(out_i * C_i), C_i = linspace(0.5, 1.5, size) in out_i's shape."""
    total = None
    for o in as_list(out):
        n = int(np.prod(o.shape, dtype=int))
        c = np.linspace(0.5, 1.5, n).reshape(tuple(o.shape)).astype(o.dtype.name)
        term = tk.reduce_sum(o * like(c, o))
        total = term if total is None else total + term
    return total


def _assert_tensor(got, want_enc, rtol, atol, what):
    want = decode(want_enc)
    g = host(got)
    assert g.dtype == want.dtype, f"{what}: dtype {g.dtype} != TF's {want.dtype}"
    assert g.shape == want.shape, f"{what}: shape {g.shape} != TF's {want.shape}"
    np.testing.assert_allclose(g, want, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)


def _assert_exact(got, want_enc, what, ulps=4):
    """Kink comparison: the same dtype, shape, NaN/inf pattern and exact zeros.

    TF's CPU kernels flush denormals to zero, so tapekit's denormals count as zero.
    Other finite values may differ by a few float32 ulps: TF's exp, tanh... are not
    NumPy's, and the kink under test is in which formula applies, not in the last bit.
    """
    want = decode(want_enc)
    g = host(got)
    assert g.dtype == want.dtype, f"{what}: dtype {g.dtype} != TF's {want.dtype}"
    assert g.shape == want.shape, f"{what}: shape {g.shape} != TF's {want.shape}"
    tiny = np.finfo(g.dtype).tiny if g.dtype.kind == "f" else 0
    g = np.where(np.abs(g) < tiny, 0, g).astype(g.dtype)
    np.testing.assert_array_equal(np.isnan(g), np.isnan(want), err_msg=f"{what}: NaN pattern")
    np.testing.assert_array_equal(np.isposinf(g), np.isposinf(want), err_msg=f"{what}: +inf")
    np.testing.assert_array_equal(np.isneginf(g), np.isneginf(want), err_msg=f"{what}: -inf")
    np.testing.assert_array_equal(g == 0, want == 0, err_msg=f"{what}: exact zeros")
    finite = np.isfinite(want) & (want != 0)
    if g.dtype.kind == "f":
        err = np.abs(g[finite].astype(np.float64) - want[finite])
        bound = ulps * np.spacing(np.abs(want[finite]))
        assert np.all(err <= bound), f"{what}: {g} != TF's {want} (beyond {ulps} ulps)"
    else:
        np.testing.assert_array_equal(g, want, err_msg=what)


def _assert_outputs(out, want, check):
    if isinstance(want, list):
        outs = as_list(out)
        assert len(outs) == len(want), f"{len(outs)} outputs, TF has {len(want)}"
        for k, (o, w) in enumerate(zip(outs, want)):
            check(o, w, f"output {k}")
    else:
        assert not isinstance(out, (list, tuple)), "several outputs where TF has one"
        check(out, want, "output")


# --------------------------------------------------------------------------- the tests


def test_reference_file_is_present_and_fully_mapped():
    assert REFERENCE.exists(), f"{REFERENCE} is missing: record it with record_tf.py"
    assert OPS and KINKS, "tf_engine.json lacks the 'ops' or 'kinks' section"
    calls = {c["call"] for c in [*OPS.values(), *KINKS.values()] if "call" in c}
    unmapped = sorted(calls - set(CALLS))
    assert not unmapped, f"recorded TF calls with no tapekit mapping in CALLS: {unmapped}"


@pytest.mark.parametrize("key", _case_params(OPS))
def test_op_forward_and_vjp_match_tf(key):
    case = OPS[key]
    if "error_type" in case:
        with pytest.raises(Exception) as info:  # the type is compared below
            _run(case, _weighted_sum)
        assert type(info.value).__name__ == case["error_type"], info.value
        return
    out, grads = _run(case, _weighted_sum)
    _assert_outputs(out, case["output"], lambda o, w, what: _assert_tensor(o, w, 1e-5, 1e-12, what))
    if case.get("forward_only"):
        return
    for name, want in zip(case["arg_names"], case["vjp"]):
        if name not in case["wrt"]:
            assert want is None  # TF records null for non-float inputs
            continue
        if want is None:
            assert grads[name] is None, f"d/d{name}: TF has None, tapekit a tensor"
        else:
            assert grads[name] is not None, f"d/d{name}: tapekit has None, TF a tensor"
            _assert_tensor(grads[name], want, 1e-5, 1e-12, f"vjp wrt {name}")


@pytest.mark.parametrize("key", _case_params(KINKS))
def test_kink_gradients_match_tf_exactly(key):
    case = KINKS[key]
    assert "error_type" not in case, case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 1/0, 0*inf on purpose
        out, grads = _run(case, lambda o: o)
    _assert_outputs(out, case["output"], _assert_exact)
    for name in case["wrt"]:
        want = case["grads"][name]
        if want is None:
            assert grads[name] is None, f"d/d{name}: TF has None, tapekit {grads[name]}"
            continue
        assert grads[name] is not None, f"d/d{name}: tapekit has None, TF {want['value']}"
        _assert_exact(grads[name], want, f"gradient wrt {name}")
