"""Cases for the ops the README listed as "not yet added" (tfops), each a function of the
``tf`` module: ``record_tf_more_ops.py`` runs them on TensorFlow 2.21 into
``tf_more_ops.json`` and ``tests/ops/test_more_ops_tf_parity.py`` runs them on tapekit.

A case returns tensors (values, first and second derivatives from nested tapes); a case
named ``*_error`` makes the op raise, and TF's error class is what is compared.
``dropout`` draws TF's random numbers, which tapekit does not reproduce: only its
deterministic behaviour (rate 0, errors) is here; its semantics are tested directly.
"""

from __future__ import annotations

import numpy as np

A = np.array([[0.5, -1.5, 2.0], [3.0, 1.0, -2.0]])
POS = np.array([[0.5, 1.5, 2.0], [3.0, 1.0, 0.25]])
SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
SQ = np.array([[2.0, 1.0, 0.5], [-1.0, 3.0, 0.2], [0.5, -0.7, 1.5]])


def derivatives(tf, fn, *arrays, dtype="float64"):
    """value, gradient of sum(w * y) and the gradient of sum(gradient**2), for each input."""
    xs = [tf.constant(np.asarray(a), dtype=dtype) for a in arrays]
    with tf.GradientTape() as outer:
        outer.watch(xs)
        with tf.GradientTape() as inner:
            inner.watch(xs)
            y = fn(*xs)
            w = tf.cast(tf.reshape(tf.range(1, 1 + tf.size(y)), tf.shape(y)), y.dtype) / 7.0
            s = tf.reduce_sum(w * y)
        g = inner.gradient(s, xs, unconnected_gradients="zero")
        s2 = tf.add_n([tf.reduce_sum(gi * gi) for gi in g])
    h = outer.gradient(s2, xs, unconnected_gradients="zero")
    return {"value": y, "grad": g, "grad2": h}


def first_derivative(tf, fn, *arrays, dtype="float64"):
    xs = [tf.constant(np.asarray(a), dtype=dtype) for a in arrays]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = fn(*xs)
        w = tf.cast(tf.reshape(tf.range(1, 1 + tf.size(y)), tf.shape(y)), y.dtype) / 7.0
        s = tf.reduce_sum(w * y)
    return {"value": y, "grad": tape.gradient(s, xs, unconnected_gradients="zero")}


# ---------------------------------------------------------------------------------------
# tf.nn


def dropout_rate0(tf):
    return tf.nn.dropout(tf.constant(A), 0.0)


def dropout_rate1_error(tf):
    return tf.nn.dropout(tf.constant(A), 1.0)


def dropout_int_error(tf):
    return tf.nn.dropout(tf.constant([1, 2]), 0.5)


def moments(tf):
    return first_derivative(tf, lambda x: tf.stack(tf.nn.moments(x, axes=[0])), A)


def moments_variance_hessian(tf):
    """A known difference: TF stops the mean's gradient inside the variance (see the test)."""
    return derivatives(tf, lambda x: tf.stack(tf.nn.moments(x, axes=[0])), A)


def moments_keepdims_f32(tf):
    return tf.nn.moments(tf.constant(A, tf.float32), axes=[1], keepdims=True)


def moments_mean_second_order(tf):
    return derivatives(tf, lambda x: tf.nn.moments(x, axes=[0, 1])[0] ** 2, A)


def moments_variance_first_order(tf):
    return first_derivative(tf, lambda x: tf.nn.moments(x, axes=[1])[1], A)


def weighted_moments(tf):
    def f(x, w):
        return tf.stack(tf.nn.weighted_moments(x, axes=[1], frequency_weights=w))

    return derivatives(tf, f, A, POS)


def sufficient_statistics(tf):
    def f(x):
        c, m, v, _ = tf.nn.sufficient_statistics(x, axes=[0], shift=tf.cast(0.5, x.dtype))
        return tf.concat([tf.reshape(c, [1]), m, v], axis=0)

    return derivatives(tf, f, A)


def normalize_moments(tf):
    def f(m, v):
        return tf.stack(tf.nn.normalize_moments(tf.constant(4.0, tf.float64), m, v, shift=0.25))

    return derivatives(tf, f, [1.0, -2.0], [3.0, 5.0])


def batch_normalization(tf):
    def f(x, m, v, o, s):
        return tf.nn.batch_normalization(x, m, v, o, s, 1e-3)

    return derivatives(
        tf, f, A, [0.5, -0.5, 1.0], [1.5, 0.5, 2.0], [0.1, 0.2, 0.3], [2.0, 1.0, 0.5]
    )


def batch_normalization_none(tf):
    return tf.nn.batch_normalization(tf.constant(A), 0.5, 2.0, None, None, 1e-3)


def embedding_lookup(tf):
    return first_derivative(tf, lambda p: tf.nn.embedding_lookup(p, [[2, 0], [2, 2]]), SQ)


def embedding_lookup_max_norm(tf):
    return first_derivative(tf, lambda p: tf.nn.embedding_lookup(p, [1, 0], max_norm=1.5), SQ)


def embedding_lookup_error(tf):
    return tf.nn.embedding_lookup(tf.constant(SQ), [0, 3])


def crelu(tf):
    return derivatives(tf, lambda x: tf.nn.crelu(x, axis=0), A)


def log_poisson_loss(tf):
    return derivatives(tf, lambda t, x: tf.nn.log_poisson_loss(t, x), POS, A)


def log_poisson_loss_full(tf):
    return derivatives(
        tf, lambda t, x: tf.nn.log_poisson_loss(t, x, compute_full_loss=True), POS * 2.0, A
    )


def log_poisson_loss_error(tf):
    return tf.nn.log_poisson_loss(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0]))


def weighted_cross_entropy(tf):
    def f(z, x):
        return tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=1.7)

    return derivatives(tf, f, POS / 3.0, A)


def weighted_cross_entropy_error(tf):
    return tf.nn.weighted_cross_entropy_with_logits(
        tf.constant([1.0]), tf.constant([1.0, 2.0]), 2.0
    )


def compute_average_loss(tf):
    return [
        tf.nn.compute_average_loss(tf.constant([1.0, 2.0, 4.0])),
        tf.nn.compute_average_loss(tf.constant([1.0, 2.0, 4.0]), global_batch_size=8),
        tf.nn.compute_average_loss(tf.constant([1.0, 2.0, 4.0]), sample_weight=[0.5, 1.0, 2.0]),
        tf.nn.compute_average_loss(tf.constant(A), sample_weight=tf.constant([[2.0], [0.5]])),
    ]


def compute_average_loss_grad(tf):
    return derivatives(tf, lambda x: tf.nn.compute_average_loss(x * x, global_batch_size=4), A)


def compute_average_loss_error(tf):
    return tf.nn.compute_average_loss(tf.constant(2.0))


def scale_regularization_loss(tf):
    return [
        tf.nn.scale_regularization_loss(tf.constant(A)),
        tf.nn.scale_regularization_loss([tf.constant(1.5), tf.constant(2.0)]),
    ]


def in_top_k(tf):
    p = tf.constant([[0.1, 0.5, 0.4], [0.3, 0.3, 0.3], [0.9, np.inf, 0.2], [0.2, 0.1, np.nan]])
    return [tf.math.in_top_k([0, 2, 1, 0], p, 1), tf.nn.in_top_k([2, 1, 0, 1], p, 2)]


def in_top_k_error(tf):
    return tf.math.in_top_k([0, 1], tf.constant([0.1, 0.2]), 1)


# ---------------------------------------------------------------------------------------
# tf and tf.math


def repeat(tf):
    return [
        tf.repeat([[1, 2], [3, 4]], 2),
        tf.repeat(tf.constant([[1, 2], [3, 4]]), [1, 3], axis=0),
        tf.repeat(tf.constant([[1, 2], [3, 4]]), [0, 2], axis=-1),
    ]


def repeat_grad(tf):
    return derivatives(tf, lambda x: tf.repeat(x, [2, 0, 1], axis=1) ** 2, A)


def repeat_error(tf):
    return tf.repeat(tf.constant([1, 2, 3]), [1, 2], axis=0)


def sequence_mask(tf):
    return [
        tf.sequence_mask([1, 3, 2], 5),
        tf.sequence_mask(tf.constant([[1, 3], [0, 2]])),
        tf.sequence_mask([2, 0], 3, dtype=tf.float32),
        tf.sequence_mask([1.5, 2.0]),
    ]


def searchsorted(tf):
    s = tf.constant([[0.0, 3.0, 9.0, 9.0, 10.0], [1.0, 2.0, 3.0, 4.0, 5.0]])
    v = tf.constant([[2.0, 4.0, 9.0], [0.0, 2.0, 6.0]])
    return [tf.searchsorted(s, v), tf.searchsorted(s, v, side="right", out_type=tf.int64)]


def searchsorted_error(tf):
    return tf.searchsorted(tf.constant([[1.0, 2.0]]), tf.constant([[1.0], [2.0]]))


def unique_with_counts(tf):
    y, idx, count = tf.unique_with_counts(tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8]))
    return [y, idx, count, tf.unique_with_counts([3.0, 1.0, 3.0], out_idx=tf.int64)]


def scalar_mul(tf):
    return derivatives(tf, lambda s, x: tf.scalar_mul(s, x) * x, 1.5, A)


def scalar_mul_python(tf):
    return [tf.scalar_mul(2, tf.constant([1.0, 2.0])), tf.math.scalar_mul(-1.5, tf.constant([4.0]))]


def scalar_mul_error(tf):
    return tf.scalar_mul(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0]))


def truncatediv(tf):
    return [
        tf.truncatediv(tf.constant([-7, 7, -7, 6]), tf.constant([2, -2, -2, 3])),
        tf.truncatediv(tf.constant([-7.5, 7.5, 1.0]), tf.constant([2.0, 2.0, -3.0])),
        tf.truncatemod(tf.constant([-7, 7, -7, 6]), tf.constant([2, -2, -2, 3])),
        tf.truncatemod(tf.constant([-7.5, 7.5, 1.0]), tf.constant([2.0, -2.0, -3.0])),
    ]


def truncatediv_gradient_is_none(tf):
    x = tf.constant([-7.5, 7.5])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.truncatediv(x, 2.0)
    return tape.gradient(y, x)


def truncatediv_error(tf):
    return tf.truncatediv(tf.constant([1, 2]), tf.constant([1, 0]))


def xlogy(tf):
    return derivatives(tf, tf.math.xlogy, [0.0, 0.0, 2.0, 1.5, -1.0], [0.0, -1.0, 3.0, 0.5, 2.0])


def xdivy(tf):
    return derivatives(tf, tf.math.xdivy, [0.0, 0.0, 2.0, 1.5, -1.0], [0.0, -1.0, 3.0, 0.5, 2.0])


def xlogy_error(tf):
    return tf.math.xlogy(tf.constant([1]), tf.constant([2]))


def multiply_no_nan(tf):
    return derivatives(tf, tf.math.multiply_no_nan, [2.0, 3.0, -1.0], [0.0, 2.0, 0.5])


def multiply_no_nan_inf(tf):
    x = tf.constant([np.inf, np.nan, 2.0])
    y = tf.constant([0.0, 0.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = tf.math.multiply_no_nan(x, y)
    return [z, tape.gradient(z, x)]


def multiply_no_nan_error(tf):
    return tf.math.multiply_no_nan(tf.constant([1]), tf.constant([2]))


def reciprocal_no_nan(tf):
    return derivatives(tf, tf.math.reciprocal_no_nan, [0.0, 2.0, -0.5])


def reciprocal_no_nan_error(tf):
    return tf.math.reciprocal_no_nan(tf.constant([1, 0]))


def erfc(tf):
    return derivatives(tf, tf.math.erfc, [-5.0, -1.0, 0.0, 0.5, 2.9, 3.1, 5.0, 10.0])


def erfc_f32(tf):
    return tf.math.erfc(tf.constant([-1.0, 0.5, 4.0]))


def erfc_error(tf):
    return tf.math.erfc(tf.constant([1]))


def erfinv(tf):
    return derivatives(tf, tf.math.erfinv, [0.0, 1e-9, 0.3, -0.5, 0.9, -0.99, 0.999999])


def erfinv_edges_and_f32(tf):
    return [
        tf.math.erfinv(tf.constant([1.0, -1.0, 1.5, -2.0, 1 - 1e-9, -1e-12], tf.float64)),
        tf.math.erfinv(tf.constant([0.25, -0.75, 0.9999])),
    ]


def erfinv_error(tf):
    return tf.math.erfinv(tf.constant([0, 1]))


def lgamma(tf):
    return derivatives(tf, tf.math.lgamma, [0.1, 0.5, 1.0, 2.5, 7.3, 30.0, -0.5, -2.3, -10.7])


def lgamma_poles_and_f32(tf):
    return [
        tf.math.lgamma(tf.constant([0.0, -1.0, -2.0, 1.0, 2.0], tf.float64)),
        tf.math.lgamma(tf.constant([0.2, 3.5, 100.0])),
    ]


def digamma(tf):
    return derivatives(tf, tf.math.digamma, [0.1, 0.5, 1.0, 2.5, 7.3, 30.0, -0.5, -2.3, -10.7])


def digamma_poles_and_f32(tf):
    return [
        tf.math.digamma(tf.constant([0.0, -1.0, -3.0, 1.0], tf.float64)),
        tf.math.digamma(tf.constant([0.2, 3.5, 100.0])),
    ]


def lgamma_error(tf):
    return tf.math.lgamma(tf.constant([1, 2]))


def rint(tf):
    return tf.math.rint(tf.constant([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.6, -3.7]))


def rint_gradient_is_none(tf):
    x = tf.constant([0.4, 1.6])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.math.rint(x)
    return tape.gradient(y, x)


def rint_error(tf):
    return tf.math.rint(tf.constant([1, 2]))


def polyval(tf):
    def f(a, b, c, x):
        return tf.math.polyval([a, b, c], x)

    return derivatives(tf, f, 1.5, -2.0, 0.5, [0.5, -1.0, 2.0])


def polyval_empty_and_python(tf):
    x = tf.constant([1.0, 2.0])
    return [tf.math.polyval([], x), tf.math.polyval([1.0, 2.0, 3.0], x), tf.math.polyval([2], x)]


def polyval_error(tf):
    return tf.math.polyval(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0]))


def accumulate_n(tf):
    return derivatives(tf, lambda a, b: tf.math.accumulate_n([a, b * b, a]), A, POS)


def accumulate_n_error(tf):
    return tf.math.accumulate_n([tf.constant([1.0]), tf.constant([2.0, 3.0])])


def reduce_euclidean_norm(tf):
    return derivatives(tf, lambda x: tf.math.reduce_euclidean_norm(x, axis=1), A)


def reduce_euclidean_norm_variants(tf):
    x = tf.constant([[1, 2, 3], [1, 1, 1]])
    return [
        tf.math.reduce_euclidean_norm(x),
        tf.math.reduce_euclidean_norm(x, 0),
        tf.math.reduce_euclidean_norm(tf.constant(A), keepdims=True),
    ]


def reduce_euclidean_norm_zero(tf):
    return first_derivative(tf, tf.math.reduce_euclidean_norm, [0.0, 0.0])


def cumulative_logsumexp(tf):
    return derivatives(tf, lambda x: tf.math.cumulative_logsumexp(x, axis=1), A)


def cumulative_logsumexp_variants(tf):
    x = tf.constant([-1000.0, 0.0, 1.0, 2.0])
    return [
        tf.math.cumulative_logsumexp(x, exclusive=True),
        tf.math.cumulative_logsumexp(x, reverse=True),
        tf.math.cumulative_logsumexp(x, exclusive=True, reverse=True),
        tf.math.cumulative_logsumexp(tf.constant(A), axis=0, reverse=True),
    ]


def cumulative_logsumexp_grad_exclusive(tf):
    def f(x):
        return tf.math.cumulative_logsumexp(x, axis=0, exclusive=True, reverse=True)[:-1]

    return derivatives(tf, f, [0.5, -1.0, 2.0, 0.25])


def cumulative_logsumexp_error(tf):
    return tf.math.cumulative_logsumexp(tf.constant([1, 2]))


def confusion_matrix(tf):
    return [
        tf.math.confusion_matrix([1, 2, 4], [2, 2, 4]),
        tf.math.confusion_matrix(
            [0, 1, 1], [1, 1, 0], num_classes=3, weights=[0.5, 1.0, 2.0], dtype=tf.float32
        ),
    ]


def confusion_matrix_error(tf):
    return tf.math.confusion_matrix([0, 3], [1, 1], num_classes=3)


# ---------------------------------------------------------------------------------------
# tf.linalg


def matvec(tf):
    return derivatives(tf, lambda a, b: tf.linalg.matvec(a, b) ** 2, A, [1.0, -0.5, 2.0])


def matvec_transpose(tf):
    return derivatives(
        tf, lambda a, b: tf.linalg.matvec(a, b, transpose_a=True) ** 2, A, [1.0, -0.5]
    )


def linalg_eye(tf):
    return [
        tf.linalg.eye(2, 3),
        tf.linalg.eye(2, batch_shape=[2], dtype=tf.float64),
        tf.linalg.eye is tf.eye,
    ]


def normalize(tf):
    return derivatives(tf, lambda x: tf.concat(tf.linalg.normalize(x, axis=1), axis=1), A)


def normalize_ord1(tf):
    return tf.linalg.normalize(tf.constant(A), ord=1)


def set_diag(tf):
    def f(x, d):
        return tf.linalg.set_diag(x, d) ** 2

    return derivatives(tf, f, A, [1.0, 2.0])


def set_diag_k(tf):
    x = tf.zeros([3, 4])
    return [tf.linalg.set_diag(x, [1.0, 2.0, 3.0], k=1), tf.linalg.set_diag(x, [1.0, 2.0], k=-1)]


def set_diag_error(tf):
    return tf.linalg.set_diag(tf.zeros([2, 3]), [1.0, 2.0, 3.0])


def slogdet(tf):
    return derivatives(tf, lambda a: tf.stack(tf.linalg.slogdet(a)), SQ)


def slogdet_negative(tf):
    return tf.linalg.slogdet(tf.constant([[[1.0, 2.0], [3.0, 4.0]], [[0.0, 1.0], [1.0, 0.0]]]))


def logdet(tf):
    return derivatives(tf, tf.linalg.logdet, SPD)


def cross(tf):
    return derivatives(tf, tf.linalg.cross, A, POS)


def cross_error(tf):
    return tf.linalg.cross(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0]))


def cross_shapes_error(tf):
    return tf.linalg.cross(tf.ones([2, 3]), tf.ones([1, 3]))


def sequence_mask_error(tf):
    return tf.sequence_mask(tf.constant([True, False]))


def repeat_negative_error(tf):
    return tf.repeat([1, 2], -1)


def pinv(tf):
    return derivatives(tf, tf.linalg.pinv, A)


def pinv_rank_deficient(tf):
    return tf.linalg.pinv(tf.constant([[1.0, 2.0], [2.0, 4.0]], tf.float64))


def triangular_solve(tf):
    def f(a, b):
        return tf.linalg.triangular_solve(a, b, lower=True)

    return derivatives(tf, f, SQ, A.T)


def triangular_solve_upper_adjoint(tf):
    def f(a, b):
        return tf.linalg.triangular_solve(a, b, lower=False, adjoint=True)

    return derivatives(tf, f, SQ, A.T)


def cholesky_solve(tf):
    def f(a, b):
        return tf.linalg.cholesky_solve(tf.linalg.cholesky(a), b)

    return derivatives(tf, f, SPD, A.T)


def lstsq(tf):
    return derivatives(tf, tf.linalg.lstsq, A.T, [[1.0], [2.0], [0.5]])


def lstsq_wide_regularized(tf):
    return derivatives(
        tf, lambda a, b: tf.linalg.lstsq(a, b, l2_regularizer=0.1), A, [[1.0], [2.0]]
    )


def lstsq_slow(tf):
    return tf.linalg.lstsq(
        tf.constant(A.T), tf.constant(np.array([[1.0], [2.0], [0.5]])), fast=False
    )


# ---------------------------------------------------------------------------------------
# output dtypes (or the error class) on each input dtype

_UNARY = {
    "repeat": lambda tf, x: tf.repeat(x, 2),
    "reduce_euclidean_norm": lambda tf, x: tf.math.reduce_euclidean_norm(x),
    "cumulative_logsumexp": lambda tf, x: tf.math.cumulative_logsumexp(x),
    "reciprocal_no_nan": lambda tf, x: tf.math.reciprocal_no_nan(x),
    "erfc": lambda tf, x: tf.math.erfc(x),
    "lgamma": lambda tf, x: tf.math.lgamma(x),
    "erfinv": lambda tf, x: tf.math.erfinv(x / 3),
    "digamma": lambda tf, x: tf.math.digamma(x),
    "rint": lambda tf, x: tf.math.rint(x),
    "xlogy": lambda tf, x: tf.math.xlogy(x, x),
    "xdivy": lambda tf, x: tf.math.xdivy(x, x),
    "multiply_no_nan": lambda tf, x: tf.math.multiply_no_nan(x, x),
    "truncatediv": lambda tf, x: tf.truncatediv(x, x + tf.ones_like(x)),
    "truncatemod": lambda tf, x: tf.truncatemod(x, x + tf.ones_like(x)),
    "scalar_mul": lambda tf, x: tf.scalar_mul(x[0], x),
    "accumulate_n": lambda tf, x: tf.math.accumulate_n([x, x]),
    "polyval": lambda tf, x: tf.math.polyval([x, x], x),
    "moments": lambda tf, x: tf.nn.moments(x, axes=[0])[1],
    "weighted_moments": lambda tf, x: tf.nn.weighted_moments(x, [0], x)[1],
    "sufficient_statistics": lambda tf, x: tf.nn.sufficient_statistics(x, [0])[2],
    "crelu": lambda tf, x: tf.nn.crelu(x),
    "dropout_rate0": lambda tf, x: tf.nn.dropout(x, 0.0),
    "embedding_lookup": lambda tf, x: tf.nn.embedding_lookup(x, [0, 0]),
    "log_poisson_loss": lambda tf, x: tf.nn.log_poisson_loss(x, x),
    "compute_average_loss": lambda tf, x: tf.nn.compute_average_loss(x),
    "scale_regularization_loss": lambda tf, x: tf.nn.scale_regularization_loss(x),
    "sequence_mask": lambda tf, x: tf.sequence_mask(x, 3),
    "searchsorted": lambda tf, x: tf.searchsorted(x, x),
    "unique_with_counts": lambda tf, x: tf.unique_with_counts(x).count,
}
_MATRIX = {
    "matvec": lambda tf, a: tf.linalg.matvec(a, a[0]),
    "normalize": lambda tf, a: tf.linalg.normalize(a)[0],
    "set_diag": lambda tf, a: tf.linalg.set_diag(a, a[0]),
    "slogdet": lambda tf, a: tf.linalg.slogdet(a)[1],
    "logdet": lambda tf, a: tf.linalg.logdet(a),
    "cross": lambda tf, a: tf.linalg.cross(a, a),
    "pinv": lambda tf, a: tf.linalg.pinv(a),
    "triangular_solve": lambda tf, a: tf.linalg.triangular_solve(a, a),
    "cholesky_solve": lambda tf, a: tf.linalg.cholesky_solve(a, a),
    "lstsq": lambda tf, a: tf.linalg.lstsq(a, a),
}


def _dtype_or_error(tf, fn, x):
    try:
        return fn(tf, x).dtype.name
    except Exception as exc:  # the class is the answer
        return f"error: {type(exc).__name__}"


def _dtype_table(dtype):
    def case(tf):
        x = tf.constant(np.array([1.0, 2.0, 0.0]).astype(dtype))
        a = tf.constant(SPD.astype(dtype))
        table = {k: _dtype_or_error(tf, f, x) for k, f in _UNARY.items()}
        table.update({k: _dtype_or_error(tf, f, a) for k, f in _MATRIX.items()})
        return table

    return case


for _dt in ("int32", "int64", "float16", "float32", "float64"):
    globals()[f"dtypes_{_dt}"] = _dtype_table(_dt)

CASES = {
    name: fn for name, fn in dict(globals()).items() if callable(fn) and not name.startswith("_")
}
for _helper in ("derivatives", "first_derivative"):
    CASES.pop(_helper)
