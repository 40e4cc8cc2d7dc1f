"""tk.custom_gradient: TF's decorator contract (tests/reference: custom_gradient_*)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tapekit as tk


@tk.custom_gradient
def log1pexp(x):
    e = tk.exp(x)

    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))

    return tk.math.log(1 + e), grad


def _value_and_grad(f, at):
    x = tk.constant(at)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # exp(100) overflows, as in TF
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = f(x)
        g = tape.gradient(y, x)
    return float(y), float(g)


def test_log1pexp_tf_example():
    # TF 2.21: value inf / grad 1.0 at 100; 0.6931472 / 0.5 at 0
    y, g = _value_and_grad(log1pexp, 100.0)
    assert y == np.inf and g == 1.0
    y, g = _value_and_grad(log1pexp, 0.0)
    assert y == pytest.approx(0.6931471824645996, rel=1e-7) and g == 0.5


def test_naive_log1pexp_is_nan_at_100():
    """Why TF's example exists: without the custom rule the gradient is nan."""
    y, g = _value_and_grad(lambda x: tk.math.log(1 + tk.exp(x)), 100.0)
    assert y == np.inf and np.isnan(g)


def test_result_is_a_tensor_and_works_without_a_tape():
    y = log1pexp(tk.constant(0.0))
    assert isinstance(y, tk.Tensor) and y.dtype == tk.float32
    assert float(y) == pytest.approx(np.log(2.0))


def test_upstream_gradient_is_passed():
    x = tk.constant([0.0, 0.0])
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x) * tk.constant([2.0, 4.0])
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [1.0, 2.0])


def test_two_inputs():
    @tk.custom_gradient
    def mul(a, b):
        def grad(dy):
            return dy * b * 10.0, dy * a * 100.0  # marked, to see the custom path is used

        return a * b, grad

    a, b = tk.constant(2.0), tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch([a, b])
        y = mul(a, b)
    ga, gb = tape.gradient(y, [a, b])
    assert float(y) == 6.0
    assert float(ga) == 30.0 and float(gb) == 200.0


def test_variables_contract():
    v = tk.Variable(2.0, name="cv")

    @tk.custom_gradient
    def scale(x):
        y = x * v

        def grad(upstream, variables=None):
            assert variables is not None and len(variables) == 1 and variables[0] is v
            return upstream * v, [upstream * x * 10.0]  # x10 marks the custom path

        return y, grad

    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = scale(x)
    gx, gv = tape.gradient(y, [x, v])
    assert float(y) == 6.0
    assert float(gx) == 2.0  # TF 2.21
    assert float(gv) == 30.0  # TF 2.21


def test_variables_without_keyword_raises_type_error():
    v = tk.Variable(2.0, name="cv2")

    @tk.custom_gradient
    def scale(x):
        def grad(upstream):
            return upstream * v

        return x * v, grad

    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        with pytest.raises(TypeError) as err:
            scale(x)
    assert "variables" in str(err.value) and "cv2:0" in str(err.value)


@pytest.mark.parametrize(
    "body", [lambda x: x * 2.0, lambda x: (x * 2.0,), lambda x: (x * 2.0, "not a function")]
)
def test_bad_return_value_raises_type_error(body):
    f = tk.custom_gradient(body)
    with pytest.raises(TypeError, match=r"must return \(output, grad_fn\)"):
        f(tk.constant(1.0))


def test_wrong_number_of_gradients_raises():
    @tk.custom_gradient
    def mul(a, b):
        def grad(dy):
            return dy  # one gradient for two inputs

        return a * b, grad

    a, b = tk.constant(1.0), tk.constant(2.0)
    with tk.GradientTape() as tape:
        tape.watch([a, b])
        y = mul(a, b)
    with pytest.raises(ValueError, match="returned 1 gradient"):
        tape.gradient(y, [a, b])


def test_higher_order_through_grad_fn_using_inputs():
    @tk.custom_gradient
    def square(x):
        def grad(dy):
            return dy * 2.0 * x

        return x * x, grad

    x = tk.constant(1.5)
    with tk.GradientTape() as t2:
        t2.watch(x)
        with tk.GradientTape() as t1:
            t1.watch(x)
            y = square(x) * x  # x^3
        d1 = t1.gradient(y, x)
    d2 = t2.gradient(d1, x)
    assert float(d1) == pytest.approx(3 * 1.5**2)
    assert float(d2) == pytest.approx(6 * 1.5)


def test_third_order_through_custom_gradient():
    @tk.custom_gradient
    def cube(x):
        def grad(dy):
            return dy * 3.0 * x * x

        return x * x * x, grad

    x = tk.constant(np.float64(2.0))
    with tk.GradientTape() as t3:
        t3.watch(x)
        with tk.GradientTape() as t2:
            t2.watch(x)
            with tk.GradientTape() as t1:
                t1.watch(x)
                y = cube(x)
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert (float(d1), float(d2), float(d3)) == (12.0, 12.0, 6.0)


def test_higher_order_through_grad_fn_using_forward_tensors():
    x = tk.constant(0.0)
    with tk.GradientTape() as t2:
        t2.watch(x)
        with tk.GradientTape() as t1:
            t1.watch(x)
            y = log1pexp(x)
        d1 = t1.gradient(y, x)  # sigmoid(x)
    d2 = t2.gradient(d1, x)  # sigmoid'(0) = 0.25
    assert float(d1) == 0.5
    assert d2 is not None and float(d2) == pytest.approx(0.25)


def test_check_grads_accepts_correct_custom_gradient():
    from tapekit.testing import check_grads

    report = check_grads(log1pexp, np.array([-1.0, 0.5, 2.0]), order=1)
    assert report["order 1"] < 1e-6
