"""The ops added from the README's "not yet added" list against TensorFlow 2.21: values,
first and second derivatives and error classes (``tests/reference/tf_more_ops_cases.py``,
recorded once by ``record_tf_more_ops.py``; TF is never imported here), plus dropout's
semantics, which TF's random stream cannot pin down.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

import tapekit as tk

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "reference"))
sys.path.insert(0, str(TESTS))

from test_tf_reference import assert_matches, enc, error_record
from tf_more_ops_cases import CASES

REF = json.loads((TESTS / "reference" / "tf_more_ops.json").read_text("utf-8"))["cases"]
pytestmark = pytest.mark.numpy_only


def _run(fn):
    try:
        return {"result": enc(fn(tk))}
    except Exception as exc:  # compared with what TF raised
        return error_record(exc)


def test_every_case_was_recorded():
    assert set(REF) == set(CASES)


# Cases where tapekit deliberately differs, each checked against the true value instead.
KNOWN_DIFFERENCES = {
    # TF's moments stops the gradient of the mean inside the variance: its first derivative
    # is right, its second misses the -1/n coupling; tapekit's is the true Hessian
    "moments_variance_hessian": "second derivative of the variance",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - set(KNOWN_DIFFERENCES)))
def test_case_matches_tensorflow(name):
    ours, theirs = _run(CASES[name]), REF[name]
    if "error_type" in theirs:  # the class must match; the text is ours (en/zh, with a fix)
        assert "error_mro" in ours, f"TF raised {theirs['error_type']}, tapekit returned {ours}"
        assert theirs["error_type"] in ours["error_mro"], (theirs, ours)
        assert ours["message"]
        return
    assert "result" in ours, f"tapekit raised {ours}"
    assert_matches(ours["result"], theirs["result"], name)


def test_moments_variance_hessian_is_the_true_one_where_tf_differs():
    ours = _run(CASES["moments_variance_hessian"])["result"]
    theirs = REF["moments_variance_hessian"]["result"]
    assert_matches(ours["value"], theirs["value"], "value")
    assert_matches(ours["grad"], theirs["grad"], "grad")
    with pytest.raises(AssertionError):
        assert_matches(ours["grad2"], theirs["grad2"], "grad2")
    # the true second derivative, by central differences of the (exact) first derivative
    a = np.array(CASES["moments_variance_hessian"].__globals__["A"])
    w = np.arange(1, 7).reshape(2, 3) / 7.0  # the case's weights on [means, variances]

    def grad(x):  # d/dx sum(w[0] * mean(x, 0) + w[1] * var(x, 0))
        n = x.shape[0]
        return w[0] / n + 2 * w[1] * (x - x.mean(axis=0)) / n

    def s2(x):
        return float(np.sum(grad(x) ** 2))

    eps = 1e-6
    fd = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        d = np.zeros_like(a)
        d[idx] = eps
        fd[idx] = (s2(a + d) - s2(a - d)) / (2 * eps)
    np.testing.assert_allclose(ours["grad2"][0]["value"], fd, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("y", [1e-12, 1e-10, 0.3, 0.999, 1 - 1e-9, 1 - 1e-12, 1 - 1e-15])
def test_erfinv_inverts_erf_to_the_last_digits_also_in_the_tails(y):
    """Where TF 2.21 is less exact (erfinv(1 - 1e-12) = 5.042021094, whose erfc is 1e-4
    off), tapekit's value is checked against erf/erfc themselves."""
    x = float(tk.math.erfinv(tk.constant(y, tk.float64)))
    if y < 0.5:
        assert math.erf(x) == pytest.approx(y, rel=1e-14)
    else:
        assert math.erfc(x) == pytest.approx(1 - y, rel=1e-12)


# ---------------------------------------------------------------------------------------
# dropout: TF's semantics, not TF's random numbers


def _dropped(rate, shape=(200, 50), **kw):
    x = tk.constant(np.linspace(1.0, 2.0, int(np.prod(shape))).reshape(shape))
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.nn.dropout(x, rate, **kw)
    return x.numpy(), y.numpy(), tape.gradient(y, x).numpy()


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_dropout_scales_kept_values_and_keeps_about_1_minus_rate(rate):
    x, y, g = _dropped(rate, seed=3)
    kept = y != 0
    np.testing.assert_allclose(y[kept], x[kept] / (1 - rate), rtol=1e-12)
    assert abs(kept.mean() - (1 - rate)) < 0.02  # 10000 draws: 4 standard deviations
    # the gradient is the mask times the scale
    np.testing.assert_allclose(g, kept / (1 - rate), rtol=1e-12)


def test_dropout_with_seeds_repeats_and_without_differs():
    tk.random.set_seed(11)
    a = _dropped(0.5, seed=4)[1]
    tk.random.set_seed(11)
    b = _dropped(0.5, seed=4)[1]
    np.testing.assert_array_equal(a, b)
    c = _dropped(0.5, seed=4)[1]  # the op's counter moved on: a new mask
    assert not np.array_equal(a, c)


def test_dropout_noise_shape_broadcasts_one_mask_per_row():
    _, y, _ = _dropped(0.5, shape=(40, 6), noise_shape=[40, 1], seed=2)
    rows = y != 0
    assert np.all(rows.all(axis=1) | (~rows).all(axis=1))
    assert 0 < rows[:, 0].sum() < 40


def test_dropout_noise_shape_none_entry_takes_x_size():
    _, y, _ = _dropped(0.5, shape=(6, 40), noise_shape=[None, 1], seed=5)
    rows = y != 0
    assert np.all(rows.all(axis=1) | (~rows).all(axis=1))


def test_dropout_bad_noise_shape_and_rate_say_what_to_fix():
    x = tk.ones([3, 4])
    with pytest.raises(tk.errors.InvalidArgumentError, match="noise_shape"):
        tk.nn.dropout(x, 0.5, noise_shape=[2, 1])
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        tk.nn.dropout(x, -0.1)
    tk.config.set_language("zh")
    try:
        with pytest.raises(ValueError, match="浮点"):
            tk.nn.dropout(tk.constant([1, 2]), 0.5)
    finally:
        tk.config.set_language("en")


def test_dropout_rate_as_tensor():
    x, y, _ = _dropped(tk.constant(0.25, tk.float64), seed=9)
    kept = y != 0
    np.testing.assert_allclose(y[kept], x[kept] / 0.75, rtol=1e-12)


# ---------------------------------------------------------------------------------------
# tk.function: ops that read values on the host must not bake them into a plan


@pytest.mark.parametrize(
    "op",
    [
        lambda n: tk.sequence_mask(n),
        lambda n: tk.repeat(tk.constant([1.0, 2.0]), n[:2]),
        lambda n: tk.math.confusion_matrix(n, n, num_classes=5),
        lambda n: tk.math.in_top_k(
            n[:2], tk.constant([[0.1, 0.9, 0.0, 0.0], [0.5, 0.2, 0.3, 0.0]]), 1
        ),
        lambda n: tk.truncatediv(tk.constant([7, 8, 9]), n),
    ],
    ids=["sequence_mask", "repeat", "confusion_matrix", "in_top_k", "truncatediv"],
)
def test_host_reads_in_a_function_follow_each_call(op):
    f = tk.function(lambda n: op(n + 0))  # n + 0: computed from the input
    with pytest.warns(UserWarning):
        f(tk.constant([1, 2, 3]))
    for values in ([2, 1, 3], [3, 3, 1]):
        n = tk.constant(values)
        np.testing.assert_array_equal(f(n).numpy(), op(n).numpy())
