"""Record TensorFlow 2.21's decompositions and norms for ``tests/ops/test_tf_linalg.py``.

Run by hand with TensorFlow installed (never in CI)::

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/record_tf_linalg.py

It writes ``tf_linalg.json`` next to itself.  Singular vectors and eigenvectors are
defined up to sign (TF's Eigen and NumPy's LAPACK may pick different ones), so what is
recorded are functions that do not depend on it: ``s``, ``u * u``, ``v * v``,
``u @ diag(sqrt(s)) @ vᵀ``, ``q * q``, ``r * r``, ``e``, ``v * v``, and the gradient of
a weighted sum of them (weights ``linspace(0.5, 1.5, n)`` per output, as the test uses).
General eigenvalues are recorded sorted (their order is the library's).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf

HERE = Path(__file__).resolve().parent


def matrix(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape)


def weights(shape):
    n = int(np.prod(shape, dtype=int))
    return np.linspace(0.5, 1.5, n).reshape(shape)


def svd_parts(a, full_matrices=False):
    s, u, v = tf.linalg.svd(a, full_matrices=full_matrices)
    k = s.shape[-1]
    mix = tf.matmul(u[..., :, :k] * tf.sqrt(s)[..., None, :], v[..., :, :k], transpose_b=True)
    return [s, u * u, v * v, mix]


def qr_parts(a, full_matrices=False):
    q, r = tf.linalg.qr(a, full_matrices=full_matrices)
    return [q * q, r * r]


def eigh_parts(a):
    e, v = tf.linalg.eigh(a)
    return [e, v * v]


def eigvalsh_parts(a):
    return [tf.linalg.eigvalsh(a)]


DECOMPOSITIONS = {
    "svd (4, 3)": (svd_parts, (4, 3), {}),
    "svd (3, 4)": (svd_parts, (3, 4), {}),
    "svd (4, 3) full_matrices": (svd_parts, (4, 3), {"full_matrices": True}),
    "svd (2, 3, 3)": (svd_parts, (2, 3, 3), {}),
    "qr (4, 3)": (qr_parts, (4, 3), {}),
    "qr (3, 4)": (qr_parts, (3, 4), {}),
    "qr (3, 4) full_matrices": (qr_parts, (3, 4), {"full_matrices": True}),
    "eigh (3, 3) lower triangle": (eigh_parts, (3, 3), {}),
    "eigh (2, 3, 3)": (eigh_parts, (2, 3, 3), {}),
    "eigvalsh (4, 4)": (eigvalsh_parts, (4, 4), {}),
}


def error(exc):
    return {"error_type": type(exc).__name__, "message": str(exc)[:300]}


def record_decomposition(fn, shape, kw, seed):
    a_np = matrix(shape, seed)
    a = tf.constant(a_np)
    with tf.GradientTape() as tape:
        tape.watch(a)
        outs = fn(a, **kw)
        total = tf.add_n([tf.reduce_sum(weights(o.shape) * o) for o in outs])
    grad = tape.gradient(total, a)
    return {
        "input": a_np.tolist(),
        "kw": kw,
        "outputs": [o.numpy().tolist() for o in outs],
        "dtypes": [o.dtype.name for o in outs],
        "grad": grad.numpy().tolist(),
    }


def record_gradient_errors():
    out = {}
    cases = {
        "svd (5, 3) full_matrices": lambda a: tf.reduce_sum(tf.linalg.svd(a, True)[1]),
        "qr (4, 3) full_matrices": lambda a: tf.reduce_sum(tf.linalg.qr(a, True)[0]),
    }
    for name, f in cases.items():
        a = tf.constant(matrix((5, 3) if "5" in name else (4, 3), 3))
        try:
            with tf.GradientTape() as tape:
                tape.watch(a)
                y = f(a)
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
            y = tf.reduce_sum(tf.abs(tf.linalg.eigvals(a)))
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


# (ord, axis, keepdims, shape) for tf.linalg.norm: values or errors
NORMS = [
    ("euclidean", None, False, (3, 4)),
    ("euclidean", 1, True, (3, 4)),
    ("fro", None, False, (3, 4)),
    ("fro", [0, 1], False, (3, 4)),
    ("fro", 1, False, (3, 4)),
    (1, None, False, (3, 4)),
    (1, 0, False, (3, 4)),
    (1, [0, 1], False, (3, 4)),
    (1, [1, 0], False, (3, 4)),
    (2, None, False, (3, 4)),
    (2, 1, False, (3, 4)),
    (2, [0, 1], False, (3, 4)),
    (2, [-2, -1], True, (2, 3, 4)),
    (2, [2, 0], False, (3, 2, 4)),
    (2.0, [0, 1], False, (3, 4)),
    ("inf", None, False, (3, 4)),
    (np.inf, None, False, (3, 4)),
    (np.inf, 1, False, (3, 4)),
    (np.inf, [0, 1], False, (3, 4)),
    (np.inf, (0, 1), True, (3, 4)),
    (-np.inf, None, False, (3, 4)),
    (3, None, False, (3, 4)),
    (3, [0, 1], False, (3, 4)),
    (0.5, 1, False, (3, 4)),
    (0, None, False, (3, 4)),
    (-1, None, False, (3, 4)),
    (-1, [0, 1], False, (3, 4)),
    ("nuc", [0, 1], False, (3, 4)),
    ("nuc", None, False, (3, 4)),
    ("euclidean", [0], False, (3, 4)),
    ("euclidean", [0, 0], False, (3, 4)),
    ("euclidean", [0, 1, 2], False, (2, 3, 4)),
]


def norm_key(ord, axis, keepdims, shape):
    o = (
        {np.inf: "np.inf", -np.inf: "-np.inf"}.get(ord, repr(ord))
        if not isinstance(ord, str)
        else repr(ord)
    )
    return f"ord={o} axis={axis!r} keepdims={keepdims} shape={shape}"


def record_norms():
    out = {}
    for ord, axis, keepdims, shape in NORMS:
        x_np = matrix(shape, 7)
        x = tf.constant(x_np)
        try:
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
                total = tf.reduce_sum(y)
            g = tape.gradient(total, x)
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
