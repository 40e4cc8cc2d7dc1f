"""Batch rules: ``tape.jacobian`` sends a leading batch axis of cotangents through every rule.

For every row of the op table, the vectorised Jacobian (``experimental_use_pfor=True``:
one backward sweep with an identity batch of cotangents) must equal the row-by-row one
(``experimental_use_pfor=False``) and the finite-difference Jacobian.  The Hessian tests
do the same for the jacobian of a gradient, which sends batches of cotangents into the
rules that only run inside gradient computations (MaskedGrad, ScatterItem, rules of
rules).  The last two differentiate a vectorised Jacobian again (by a gradient, and by a
second vectorised Jacobian): rules then run on an incoming gradient that already carries
a batch axis, and their own rules must give inputs that had none the right shape.
"""

from __future__ import annotations

import numpy as np
import pytest
from op_specs import SPECS, as_list, flat_output, host, like, on_backend, row_params

import tapekit as tk
from tapekit.testing import numeric_jacobian

ROWS = row_params(SPECS)


def _jacobians(tape, target, sources):
    vec = tape.jacobian(target, sources, experimental_use_pfor=True, unconnected_gradients="zero")
    loop = tape.jacobian(target, sources, experimental_use_pfor=False, unconnected_gradients="zero")
    n = int(np.prod(target.shape, dtype=int))
    for j_vec, j_loop, s in zip(vec, loop, sources):
        want_shape = tuple(target.shape) + tuple(s.shape)
        assert tuple(j_vec.shape) == want_shape, (j_vec.shape, want_shape)
        assert tuple(j_loop.shape) == want_shape, (j_loop.shape, want_shape)
    return (
        [host(j).reshape(n, -1) for j in vec],
        [host(j).reshape(n, -1) for j in loop],
    )


def _compare(vec, loop, numeric, rtol):
    for k, (a, b, c) in enumerate(zip(vec, loop, numeric)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12, err_msg=f"pfor vs loop, input {k}")
        np.testing.assert_allclose(a, c, rtol=rtol, atol=1e-6, err_msg=f"vs numeric, input {k}")


@pytest.mark.parametrize("spec", ROWS)
def test_vectorised_jacobian_matches_loop_and_numeric(spec):
    xs_np = spec.inputs(np.random.default_rng(4))
    xs = [on_backend(x) for x in xs_np]
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(xs)
        y = flat_output(spec.call(*xs))
    vec, loop = _jacobians(tape, y, xs)
    numeric = numeric_jacobian(lambda *ts: spec.call(*ts), *xs_np, eps=spec.eps)
    _compare(vec, loop, numeric, spec.rtol)


def _weighted_square_sum(outs):
    """sum_i reduce_sum(C_i * out_i^2): a scalar whose gradient depends on the inputs."""
    total = None
    for o in as_list(outs):
        n = int(np.prod(o.shape, dtype=int))
        c = np.linspace(0.5, 1.5, n).reshape(tuple(o.shape)).astype(o.dtype.name)
        term = tk.reduce_sum(like(c, o) * o * o)
        total = term if total is None else total + term
    return tk.cast(total, "float64")


def _gradient_fn(spec):
    def grad(*xs):
        with tk.GradientTape() as tape:
            tape.watch(list(xs))
            y = _weighted_square_sum(spec.call(*xs))
        return tape.gradient(y, list(xs), unconnected_gradients="zero")

    return grad


@pytest.mark.parametrize("spec", ROWS)
def test_vectorised_hessian_matches_loop_and_numeric(spec):
    xs_np = spec.inputs(np.random.default_rng(5))
    xs = [on_backend(x) for x in xs_np]
    with tk.GradientTape(persistent=True) as outer:
        outer.watch(xs)
        g = flat_output(_gradient_fn(spec)(*xs))
    vec, loop = _jacobians(outer, g, xs)
    numeric = numeric_jacobian(_gradient_fn(spec), *xs_np, eps=spec.eps)
    _compare(vec, loop, numeric, max(spec.rtol, 1e-5))


def _weighted_sum(js):
    """sum_k reduce_sum(C_k * J_k) with fixed, distinct weights (no lucky cancellations)."""
    total = None
    for j in js:
        n = int(np.prod(j.shape, dtype=int))
        c = np.linspace(0.5, 1.5, n).reshape(tuple(j.shape)).astype(j.dtype.name)
        term = tk.cast(tk.reduce_sum(like(c, j) * j), "float64")
        total = term if total is None else total + term
    return total


@pytest.mark.parametrize("spec", ROWS)
def test_gradient_of_a_vectorised_jacobian_matches_the_loop(spec):
    """Rules that received a batch of cotangents are differentiated in turn by an outer
    tape (a rule's own rule then sees that batch on its incoming gradient ``g``): the
    gradient of the vectorised Jacobian must equal that of the row-by-row one."""
    xs = [on_backend(x) for x in spec.inputs(np.random.default_rng(6))]

    def grad_of_jacobian(pfor):
        with tk.GradientTape() as outer:
            outer.watch(xs)
            with tk.GradientTape(persistent=True) as inner:
                inner.watch(xs)
                y = flat_output(spec.call(*xs))
            js = inner.jacobian(y, xs, experimental_use_pfor=pfor, unconnected_gradients="zero")
            total = _weighted_sum(js)
        return outer.gradient(total, xs, unconnected_gradients="zero")

    for k, (a, b) in enumerate(zip(grad_of_jacobian(True), grad_of_jacobian(False))):
        np.testing.assert_allclose(
            host(a), host(b), rtol=1e-10, atol=1e-12, err_msg=f"pfor vs loop, input {k}"
        )


@pytest.mark.parametrize("spec", ROWS)
def test_vectorised_jacobian_of_a_vectorised_jacobian_matches_the_loop(spec):
    """Two levels of batch axes at once: the outer Jacobian's cotangents reach rules of
    rules whose incoming gradient already carries the inner Jacobian's batch axis.  The
    reference runs the outer Jacobian row by row (the inner one is checked above)."""
    xs = [on_backend(x) for x in spec.inputs(np.random.default_rng(7))]

    def second_jacobian(pfor):
        with tk.GradientTape(persistent=True) as outer:
            outer.watch(xs)
            with tk.GradientTape(persistent=True) as inner:
                inner.watch(xs)
                y = flat_output(spec.call(*xs))
            js = inner.jacobian(y, xs, unconnected_gradients="zero")
            j = tk.concat([tk.reshape(tk.cast(t, "float64"), [-1]) for t in js], axis=0)
        return outer.jacobian(j, xs, experimental_use_pfor=pfor, unconnected_gradients="zero")

    for k, (a, b) in enumerate(zip(second_jacobian(True), second_jacobian(False))):
        np.testing.assert_allclose(
            host(a), host(b), rtol=1e-10, atol=1e-12, err_msg=f"pfor vs loop, input {k}"
        )
