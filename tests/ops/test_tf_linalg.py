"""Decompositions and norms against TensorFlow 2.21's recorded values (``tf_linalg.json``).

The cases (``tests/reference/linalg_cases.py``, functions of ``tf``) are the ones
``record_tf_linalg.py`` recorded: sign-invariant functions of the decompositions and the
gradient of a weighted sum of them; tapekit must give the same.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from op_specs import host, on_backend

import tapekit as tk

REFERENCE = Path(__file__).resolve().parents[1] / "reference"
sys.path.insert(0, str(REFERENCE))
from linalg_cases import (
    DECOMPOSITIONS,
    GRADIENT_ERRORS,
    NORMS,
    abs_eigvals_sum,
    gradient_error_input,
    norm_and_gradient,
    norm_key,
    weighted_parts,
)

REF = json.loads((REFERENCE / "tf_linalg.json").read_text("utf-8"))


def test_every_case_is_recorded():
    assert set(DECOMPOSITIONS) == set(REF["decompositions"])
    assert set(GRADIENT_ERRORS) == set(REF["gradient_errors"])
    assert {norm_key(*c) for c in NORMS} == set(REF["norms"])


@pytest.mark.parametrize("name", sorted(REF["decompositions"]))
def test_decomposition_values_and_gradients_match_tf(name):
    case = REF["decompositions"][name]
    a = on_backend(np.array(case["input"]))
    fn = DECOMPOSITIONS[name][0]
    outs, grad = weighted_parts(tk, fn, a, case["kw"], lift=on_backend)
    assert [o.dtype.name for o in outs] == case["dtypes"]
    for k, (o, want) in enumerate(zip(outs, case["outputs"])):
        np.testing.assert_allclose(host(o), np.array(want), atol=1e-10, err_msg=f"output {k}")
    np.testing.assert_allclose(host(grad), np.array(case["grad"]), rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("name", sorted(REF["gradient_errors"]))
def test_gradients_tf_does_not_define_raise_as_tf(name):
    want = REF["gradient_errors"][name]
    a = on_backend(gradient_error_input(name))
    with tk.GradientTape() as tape:
        tape.watch(a)
        y = GRADIENT_ERRORS[name](tk, a)
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
        y = abs_eigvals_sum(tk, a)
    assert tape.gradient(y, a) is None


@pytest.mark.parametrize("case", NORMS, ids=lambda c: norm_key(*c))
def test_norm_accepts_and_refuses_what_tf_does(case):
    ord, axis, keepdims, shape = case
    want = REF["norms"][norm_key(*case)]
    x = on_backend(np.random.default_rng(7).standard_normal(shape))
    if "error_type" in want:
        with pytest.raises(ValueError) as info:
            tk.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
        assert want["error_type"] == "ValueError"
        assert str(info.value).startswith(want["message"].split(",")[0])
        return
    y, grad = norm_and_gradient(tk, x, ord, axis, keepdims)
    assert list(y.shape) == want["shape"]
    np.testing.assert_allclose(host(y), np.array(want["value"]), rtol=1e-12)
    np.testing.assert_allclose(host(grad), np.array(want["grad"]), atol=1e-10)
