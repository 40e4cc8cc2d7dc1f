"""tk.autodiff.ForwardAccumulator: forward-mode JVPs (tests/reference: forward_*)."""

from __future__ import annotations

import numpy as np
import pytest

import tapekit as tk


def val(t):
    return np.asarray(t.numpy())


def test_scalar_jvp_and_unconnected():
    x = tk.constant(2.0)
    with tk.autodiff.ForwardAccumulator(x, tk.constant(1.0)) as acc:
        y = x**3
        u = tk.constant(5.0) * 2.0
    assert float(acc.jvp(y)) == 12.0  # 3 x^2
    assert acc.jvp(u) is None
    z = acc.jvp(u, unconnected_gradients="zero")
    assert isinstance(z, tk.Tensor) and float(z) == 0.0
    assert float(acc.jvp(x)) == 1.0  # the primal's own tangent


def test_vector_jvp_tf_numbers():
    x = tk.constant([1.0, 2.0])
    tangent = tk.constant([1.0, 0.5])
    with tk.autodiff.ForwardAccumulator(x, tangent) as acc:
        y = tk.stack([x[0] * x[1], tk.sin(x[0]) + x[1] ** 2])
    np.testing.assert_allclose(val(y), [2.0, 4.841470718383789], rtol=1e-6)
    np.testing.assert_allclose(val(acc.jvp(y)), [2.5, 2.540302276611328], rtol=1e-6)


def test_jvp_equals_jacobian_vector_product():
    rng = np.random.default_rng(0)
    xs = rng.standard_normal(4)
    w = rng.standard_normal((3, 4))
    v = rng.standard_normal(4)

    def f(x):
        return tk.tanh(
            tk.reshape(tk.linalg.matmul(tk.constant(w), tk.reshape(x, (4, 1))), (3,))
        ) * tk.reduce_sum(x * x)

    x = tk.constant(xs)
    with tk.autodiff.ForwardAccumulator(x, tk.constant(v)) as acc:
        y = f(x)
    jvp = val(acc.jvp(y))
    with tk.GradientTape() as tape:
        tape.watch(x)
        y2 = f(x)
    jac = val(tape.jacobian(y2, x))
    assert jac.shape == (3, 4)
    np.testing.assert_allclose(jvp, jac @ v, rtol=1e-10)


def test_several_primals_and_structure():
    a = tk.constant(np.float64(1.5))
    b = tk.constant(np.float64(-2.0))
    with tk.autodiff.ForwardAccumulator([a, b], [tk.constant(np.float64(1.0)), 0.5]) as acc:
        y = a * b
        z = tk.exp(a)
    out = acc.jvp({"y": y, "z": z})
    assert set(out) == {"y", "z"}
    assert float(out["y"]) == pytest.approx(1.0 * b.numpy() + 0.5 * a.numpy())
    assert float(out["z"]) == pytest.approx(np.exp(1.5))


def test_forward_over_reverse_hvp():
    x = tk.constant([1.0, 2.0])
    with tk.autodiff.ForwardAccumulator(x, tk.constant([1.0, 0.0])) as acc:
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = tk.reduce_sum(x**3)
        g = tape.gradient(y, x)
    assert val(g).tolist() == [3.0, 12.0]
    assert val(acc.jvp(g)).tolist() == [6.0, 0.0]  # H v = diag(6 x) [1, 0]


def test_forward_over_reverse_matches_hessian():
    rng = np.random.default_rng(1)
    xs = rng.standard_normal(3)
    v = rng.standard_normal(3)

    def f(x):
        return tk.reduce_sum(tk.sin(x) * x**2) + x[0] * x[1] * x[2]

    x = tk.constant(xs)
    with tk.autodiff.ForwardAccumulator(x, tk.constant(v)) as acc:
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = f(x)
        g = tape.gradient(y, x)
    hvp = val(acc.jvp(g))
    with tk.GradientTape() as outer:
        outer.watch(x)
        with tk.GradientTape() as inner:
            inner.watch(x)
            y2 = f(x)
        g2 = inner.gradient(y2, x)
    h = val(outer.jacobian(g2, x))
    np.testing.assert_allclose(hvp, h @ v, rtol=1e-10)


def test_variable_primal():
    v = tk.Variable(3.0)
    with tk.autodiff.ForwardAccumulator(v, tk.constant(2.0)) as acc:
        y = v * v
    assert float(acc.jvp(y)) == 12.0  # 2 v * 2


def test_tangent_shape_mismatch_raises():
    with pytest.raises(ValueError):
        tk.autodiff.ForwardAccumulator(tk.constant([1.0, 2.0]), tk.constant([1.0, 2.0, 3.0]))


def test_gradient_tape_alias():
    assert tk.autodiff.GradientTape is tk.GradientTape
