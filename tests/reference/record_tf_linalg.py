"""Record TensorFlow 2.21's decompositions and norms (``linalg_cases.py``) for
``tests/ops/test_tf_linalg.py``.

Run by hand with TensorFlow installed (never in CI)::

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/record_tf_linalg.py

It writes ``tf_linalg.json`` next to itself: sign-invariant parts of the decompositions
(see ``linalg_cases.py``), the gradient of a weighted sum of them (weights
``linspace(0.5, 1.5, n)`` per output), norms or their errors.  General eigenvalues are
recorded sorted (their order is the library's).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np
import tensorflow as tf
from linalg_cases import (
    DECOMPOSITIONS,
    GRADIENT_ERRORS,
    NORMS,
    abs_eigvals_sum,
    gradient_error_input,
    matrix,
    norm_and_gradient,
    norm_key,
    weighted_parts,
)


def error(exc):
    return {"error_type": type(exc).__name__, "message": str(exc)[:300]}


def record_decomposition(fn, shape, kw, seed):
    a_np = matrix(shape, seed)
    outs, grad = weighted_parts(tf, fn, tf.constant(a_np), kw)
    return {
        "input": a_np.tolist(),
        "kw": kw,
        "outputs": [o.numpy().tolist() for o in outs],
        "dtypes": [o.dtype.name for o in outs],
        "grad": grad.numpy().tolist(),
    }


def record_gradient_errors():
    out = {}
    for name, f in GRADIENT_ERRORS.items():
        a = tf.constant(gradient_error_input(name))
        try:
            with tf.GradientTape() as tape:
                tape.watch(a)
                y = f(tf, a)
            out[name] = {"grad": tape.gradient(y, a).numpy().tolist()}
        except Exception as exc:  # recorded
            out[name] = error(exc)
    return out


def record_eig():
    a_np = matrix((4, 4), 5)
    out = {}
    for dt in ("float32", "float64"):
        a = tf.constant(a_np, dtype=dt)
        e, v = tf.linalg.eig(a)
        vals = tf.linalg.eigvals(a).numpy()
        with tf.GradientTape() as tape:
            tape.watch(a)
            y = abs_eigvals_sum(tf, a)
        g = tape.gradient(y, a)
        order = np.lexsort((vals.imag, vals.real))
        out[dt] = {
            "e_dtype": e.dtype.name,
            "v_dtype": v.dtype.name,
            "eigvals_sorted_real": vals[order].real.tolist(),
            "eigvals_sorted_imag": vals[order].imag.tolist(),
            "v_column_norms": np.linalg.norm(v.numpy(), axis=0).tolist(),
            "tf_has_gradient": g is not None,
        }
    out["input"] = a_np.tolist()
    return out


def record_norms():
    out = {}
    for ord, axis, keepdims, shape in NORMS:
        x = tf.constant(matrix(shape, 7))
        try:
            y, g = norm_and_gradient(tf, x, ord, axis, keepdims)
            rec = {"value": np.asarray(y.numpy()).tolist(), "shape": list(y.shape)}
            rec["grad"] = None if g is None else g.numpy().tolist()
        except Exception as exc:  # recorded
            rec = error(exc)
        out[norm_key(ord, axis, keepdims, shape)] = rec
    return out


def main():
    ref = {
        "_meta": {"tensorflow": tf.__version__, "numpy": np.__version__},
        "decompositions": {
            name: record_decomposition(fn, shape, kw, seed)
            for seed, (name, (fn, shape, kw)) in enumerate(DECOMPOSITIONS.items())
        },
        "gradient_errors": record_gradient_errors(),
        "eig": record_eig(),
        "norms": record_norms(),
    }
    (HERE / "tf_linalg.json").write_text(json.dumps(ref, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
