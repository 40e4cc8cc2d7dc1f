"""Decompositions and norms against TensorFlow 2.21's recorded values (``tf_linalg.json``).

The record (``tests/reference/record_tf_linalg.py``) holds sign-invariant functions of the
decompositions and the gradient of a weighted sum of them; tapekit must give the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from op_specs import host, on_backend

import tapekit as tk

REF = json.loads(
    (Path(__file__).resolve().parents[1] / "reference" / "tf_linalg.json").read_text("utf-8")
)


def _weights(shape):
    n = int(np.prod(shape, dtype=int))
    return np.linspace(0.5, 1.5, n).reshape(shape)


def _svd_parts(a, full_matrices=False):
    s, u, v = tk.linalg.svd(a, full_matrices=full_matrices)
    k = s.shape[-1]
    mix = tk.matmul(u[..., :, :k] * tk.sqrt(s)[..., None, :], v[..., :, :k], transpose_b=True)
    return [s, u * u, v * v, mix]


def _qr_parts(a, full_matrices=False):
    q, r = tk.linalg.qr(a, full_matrices=full_matrices)
    return [q * q, r * r]


def _eigh_parts(a):
    e, v = tk.linalg.eigh(a)
    return [e, v * v]


PARTS = {
    "svd": _svd_parts,
    "qr": _qr_parts,
    "eigh": _eigh_parts,
    "eigvalsh": lambda a: [tk.linalg.eigvalsh(a)],
}


@pytest.mark.parametrize("name", sorted(REF["decompositions"]))
def test_decomposition_values_and_gradients_match_tf(name):
    case = REF["decompositions"][name]
    a = on_backend(np.array(case["input"]))
    with tk.GradientTape() as tape:
        tape.watch(a)
        outs = PARTS[name.split()[0]](a, **case["kw"])
        total = tk.add_n([tk.reduce_sum(on_backend(_weights(o.shape)) * o) for o in outs])
    grad = tape.gradient(total, a)
    assert [o.dtype.name for o in outs] == case["dtypes"]
    for k, (o, want) in enumerate(zip(outs, case["outputs"])):
        np.testing.assert_allclose(host(o), np.array(want), atol=1e-10, err_msg=f"output {k}")
    np.testing.assert_allclose(host(grad), np.array(case["grad"]), rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("name", sorted(REF["gradient_errors"]))
def test_gradients_tf_does_not_define_raise_as_tf(name):
    want = REF["gradient_errors"][name]
    shape = (5, 3) if "(5, 3)" in name else (4, 3)
    a = on_backend(np.random.default_rng(3).standard_normal(shape))
    op = tk.linalg.svd if name.startswith("svd") else tk.linalg.qr
    index = 1 if name.startswith("svd") else 0
    with tk.GradientTape() as tape:
        tape.watch(a)
        y = tk.reduce_sum(op(a, True)[index])
    assert want["error_type"] == "NotImplementedError"
    with pytest.raises(NotImplementedError, match="full_matrices"):
        tape.gradient(y, a)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_eig_and_eigvals_match_tf_as_sets(dtype):
    """Complex results of TF's dtype, eigenvalues as TF's up to order, unit eigenvectors
    with a v = v diag(e); forward only (TF differentiates them: a README difference)."""
    want = REF["eig"][dtype]
    a_np = np.array(REF["eig"]["input"])
    a = on_backend(a_np.astype(dtype))
    e, v = tk.linalg.eig(a)
    vals = tk.linalg.eigvals(a)
    assert [e.dtype.name, v.dtype.name] == [want["e_dtype"], want["v_dtype"]]
    assert vals.dtype.name == want["e_dtype"]
    got = host(vals)
    order = np.lexsort((got.imag, got.real))
    tol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(got[order].real, want["eigvals_sorted_real"], atol=tol)
    np.testing.assert_allclose(got[order].imag, want["eigvals_sorted_imag"], atol=tol)
    np.testing.assert_allclose(np.linalg.norm(host(v), axis=0), want["v_column_norms"], atol=tol)
    np.testing.assert_allclose(a_np @ host(v), host(v) * host(e)[None, :], atol=tol * 10)
    assert want["tf_has_gradient"]
    with tk.GradientTape() as tape:
        tape.watch(a)
        y = tk.reduce_sum(tk.abs(tk.linalg.eigvals(a)))
    assert tape.gradient(y, a) is None


def _norm_cases():
    """The recording script's case list (the script itself imports TensorFlow)."""
    path = Path(__file__).resolve().parents[1] / "reference" / "record_tf_linalg.py"
    source = path.read_text("utf-8")
    start = source.index("NORMS = [")
    end = source.index("]\n\n\n", start) + 1
    ns = {"np": np}
    exec(source[start:end], ns)  # our own committed script
    return ns["NORMS"]


def _key(ord, axis, keepdims, shape):  # the recording script's key
    if isinstance(ord, str):
        o = repr(ord)
    else:
        o = {np.inf: "np.inf", -np.inf: "-np.inf"}.get(ord, repr(ord))
    return f"ord={o} axis={axis!r} keepdims={keepdims} shape={shape}"


NORM_CASES = _norm_cases()


@pytest.mark.parametrize("case", NORM_CASES, ids=lambda c: _key(*c))
def test_norm_accepts_and_refuses_what_tf_does(case):
    ord, axis, keepdims, shape = case
    want = REF["norms"][_key(*case)]
    x = on_backend(np.random.default_rng(7).standard_normal(shape))
    if "error_type" in want:
        with pytest.raises(ValueError) as info:
            tk.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
        assert want["error_type"] == "ValueError"
        assert str(info.value).startswith(want["message"].split(",")[0])
        return
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
        total = tk.reduce_sum(y)
    assert list(y.shape) == want["shape"]
    np.testing.assert_allclose(host(y), np.array(want["value"]), rtol=1e-12)
    np.testing.assert_allclose(host(tape.gradient(total, x)), np.array(want["grad"]), atol=1e-10)
