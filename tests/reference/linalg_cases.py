"""Decompositions and norms, each a function of the ``tf`` module: the recorder
(``record_tf_linalg.py``) runs them on TensorFlow 2.21, ``tests/ops/test_tf_linalg.py`` on
tapekit, and the two results are compared.  Written once, so they cannot drift.

Singular vectors and eigenvectors are defined up to sign, so the parts compared are
functions that do not depend on it: ``s``, ``u * u``, ``v * v``, ``u @ diag(sqrt(s)) @ vᵀ``,
``q * q``, ``r * r``, ``e``, ``v * v``, and the gradient of a weighted sum of them.
"""

from __future__ import annotations

import numpy as np


def matrix(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape)


def weights(shape):
    n = int(np.prod(shape, dtype=int))
    return np.linspace(0.5, 1.5, n).reshape(shape)


def svd_parts(tf, a, full_matrices=False):
    s, u, v = tf.linalg.svd(a, full_matrices=full_matrices)
    k = s.shape[-1]
    mix = tf.matmul(u[..., :, :k] * tf.sqrt(s)[..., None, :], v[..., :, :k], transpose_b=True)
    return [s, u * u, v * v, mix]


def qr_parts(tf, a, full_matrices=False):
    q, r = tf.linalg.qr(a, full_matrices=full_matrices)
    return [q * q, r * r]


def eigh_parts(tf, a):
    e, v = tf.linalg.eigh(a)
    return [e, v * v]


def eigvalsh_parts(tf, a):
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


def weighted_parts(tf, fn, a, kw, lift=lambda w: w):
    """The parts of ``fn(tf, a)`` and the gradient of their weighted sum w.r.t. ``a``
    (``lift`` puts the NumPy weights on the tensors' backend)."""
    with tf.GradientTape() as tape:
        tape.watch(a)
        outs = fn(tf, a, **kw)
        total = tf.add_n([tf.reduce_sum(lift(weights(o.shape)) * o) for o in outs])
    return outs, tape.gradient(total, a)


# gradients TF does not define: the full_matrices ones (name -> shape, the part summed)
GRADIENT_ERRORS = {
    "svd (5, 3) full_matrices": lambda tf, a: tf.reduce_sum(tf.linalg.svd(a, True)[1]),
    "qr (4, 3) full_matrices": lambda tf, a: tf.reduce_sum(tf.linalg.qr(a, True)[0]),
}


def gradient_error_input(name):
    return matrix((5, 3) if "5" in name else (4, 3), 3)


def abs_eigvals_sum(tf, a):
    return tf.reduce_sum(tf.abs(tf.linalg.eigvals(a)))


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


def norm_and_gradient(tf, x, ord, axis, keepdims):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
        total = tf.reduce_sum(y)
    return y, tape.gradient(total, x)
