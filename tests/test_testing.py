"""tapekit.testing.check_grads: passes on correct derivatives, raises on wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

import tapekit as tk
from tapekit.testing import check_grads, numeric_jacobian


def test_passes_on_correct_function():
    report = check_grads(lambda x: tk.reduce_sum(tk.sin(x) * x**2), np.array([0.1, 0.2, 0.3]))
    assert set(report) == {"order 1", "jacobian", "order 2"}
    assert all(err < 1e-8 for err in report.values())


def test_passes_on_two_arguments_to_order_3():
    report = check_grads(
        lambda x, y: x * tk.exp(y), np.array([0.1, 0.2]), np.array([0.3, 0.4]), order=3
    )
    assert set(report) == {"order 1", "jacobian", "order 2", "order 3"}


@tk.custom_gradient
def wrong_square(x):
    def grad(dy):
        return dy * 3.0 * x  # should be 2 x

    return x * x, grad


@tk.custom_gradient
def right_square(x):
    def grad(dy):
        return dy * 2.0 * x

    return x * x, grad


def test_raises_on_wrong_custom_gradient():
    with pytest.raises(AssertionError, match=r"Gradient check failed for wrong_square \(order 1\)"):
        check_grads(wrong_square, np.array([0.5, 1.5]), order=1)


def test_passes_on_right_custom_gradient_to_order_2():
    report = check_grads(right_square, np.array([0.5, 1.5]), order=2)
    assert report["order 2"] < 1e-8


def test_catches_wrong_second_derivative():
    @tk.custom_gradient
    def cube(x):
        def grad(dy):
            # right value, but hidden from the tape, so its own derivative is wrong
            return dy * tk.stop_gradient(3.0 * x * x)

        return x * x * x, grad

    check_grads(cube, np.array([0.7]), order=1)
    with pytest.raises(AssertionError, match=r"order 2"):
        check_grads(cube, np.array([0.7]), order=2)


def test_check_grads_message_in_chinese():
    tk.config.set_language("zh")
    with pytest.raises(AssertionError, match="梯度检查失败"):
        check_grads(wrong_square, np.array([0.5, 1.5]), order=1)


def test_numeric_jacobian():
    (jac,) = numeric_jacobian(lambda x: x * x, np.array([1.0, 2.0]))
    np.testing.assert_allclose(jac, np.diag([2.0, 4.0]), rtol=1e-8)


def test_check_grads_runs_on_the_current_backend(request, xp):
    seen = []

    def f(x):
        seen.append(tk.backend.namespace_of(x._value))
        return tk.reduce_sum(x * x * tk.constant(np.array([1.0, 2.0])))

    check_grads(f, np.array([0.5, 1.5]), order=1)
    assert seen and all(ns is xp for ns in seen)
