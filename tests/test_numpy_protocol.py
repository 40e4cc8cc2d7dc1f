"""NumPy's protocols on tensors: routed calls stay on the tape (a documented difference from
TF, README "Differences from TensorFlow"); unrouted ones return NumPy data and warn when that
drops a gradient."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tapekit as tk

pytestmark = pytest.mark.numpy_only  # these are NumPy's own protocols


def value_and_grad(f, xs):
    x = tk.constant(xs)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return y, tape.gradient(y, x)


def test_np_sin_stays_on_tape():
    xs = np.array([0.5, 1.0])
    y, g = value_and_grad(np.sin, xs)
    assert isinstance(y, tk.Tensor) and y.dtype == tk.float64
    np.testing.assert_allclose(y.numpy(), np.sin(xs))
    np.testing.assert_allclose(g.numpy(), np.cos(xs))


def test_np_ufunc_chain_with_tensor_ops():
    xs = np.array([0.5, 1.0, 2.0])
    y, g = value_and_grad(lambda x: tk.reduce_sum(np.exp(x) * np.log(x) + np.square(x)), xs)
    np.testing.assert_allclose(g.numpy(), np.exp(xs) * np.log(xs) + np.exp(xs) / xs + 2 * xs)


@pytest.mark.parametrize(
    "f, grad",
    [
        (lambda x: np.sum(x * x), lambda xs: 2 * xs),
        (lambda x: np.sum(x, axis=0, keepdims=True) * 3.0, lambda xs: np.full_like(xs, 3.0)),
        (lambda x: np.mean(x * x), lambda xs: 2 * xs / xs.size),
        (lambda x: np.dot(x, x), lambda xs: 2 * xs),
        (lambda x: np.linalg.norm(x), lambda xs: xs / np.linalg.norm(xs)),
        (lambda x: np.add(x, 1.0) * x, lambda xs: 2 * xs + 1.0),
        (lambda x: np.maximum(x, 1.5), lambda xs: (xs > 1.5).astype(float)),
    ],
    ids=["sum", "sum_axis", "mean", "dot", "norm", "add", "maximum"],
)
def test_routed_functions(f, grad):
    xs = np.array([0.5, 1.0, 2.0])
    y, g = value_and_grad(f, xs)
    assert isinstance(y, tk.Tensor)
    assert g is not None
    np.testing.assert_allclose(g.numpy(), grad(xs), rtol=1e-12)


def test_np_dot_matrix():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = tk.constant(np.array([[1.0], [1.0]]))
    x = tk.constant(a)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = np.sum(np.dot(x, b))
    assert float(y) == 10.0
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), np.ones((2, 2)))


def test_unrouted_function_returns_numpy_and_warns_on_tape():
    x = tk.constant([3.0, 1.0, 2.0])
    with tk.GradientTape() as tape:
        tape.watch(x)
        with pytest.warns(UserWarning, match=r"np.sort is not differentiable in tapekit") as rec:
            s = np.sort(x)
    assert type(s) is np.ndarray and s.tolist() == [1.0, 2.0, 3.0]
    assert "tk.math" in str(rec[0].message)  # names what to use instead
    assert rec[0].filename == __file__


def test_unrouted_ufunc_warns_on_tape():
    x = tk.constant([8.0, 27.0])
    with tk.GradientTape() as tape:
        tape.watch(x)
        with pytest.warns(UserWarning, match=r"np.cbrt is not differentiable"):
            r = np.cbrt(x)
    assert type(r) is np.ndarray
    np.testing.assert_allclose(r, [2.0, 3.0])


def test_unrouted_function_is_silent_without_gradient_at_stake():
    x = tk.constant([3.0, 1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.sort(x).tolist() == [1.0, 2.0, 3.0]  # no tape at all
        with tk.GradientTape():
            assert np.sort(x).tolist() == [1.0, 2.0, 3.0]  # a tape, but x is not watched
        assert np.argsort(x).tolist() == [1, 2, 0]


def test_np_asarray_and_array():
    t = tk.constant([[1.0, 2.0]])
    for a in (np.asarray(t), np.array(t)):
        assert type(a) is np.ndarray and a.dtype == np.float32 and a.tolist() == [[1.0, 2.0]]
    assert np.asarray(t, dtype=np.float64).dtype == np.float64
