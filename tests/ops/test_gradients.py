"""Every row of the op-spec table: forward against NumPy, derivatives against finite differences.

The derivatives go through ``tapekit.testing.check_grads`` on every backend (adjoint test
at orders 1 and 2 plus the full finite-difference Jacobian), on the backend's own arrays.
"""

from __future__ import annotations

import math
import types
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes
from op_specs import (
    FAMILIES,
    INTERNAL_PRIMITIVES,
    NON_DIFFERENTIABLE,
    NON_DIFFERENTIABLE_USES,
    NOT_OPS,
    SPEC_BY_NAME,
    SPECS,
    as_list,
    assert_grads,
    host,
    on_backend,
    resolve,
    row_params,
)

import tapekit as tk
from tapekit.ops import REGISTRY
from tapekit.testing import check_grads

ROWS = row_params(SPECS)


def _assert_forward(spec, xs, params=None):
    params = spec.params if params is None else params
    saved = [x.copy() for x in xs]
    out = spec.call(*[on_backend(x) for x in xs], **params)
    want = spec.reference(*[x.copy() for x in xs], **params)
    outs, wants = as_list(out), as_list(want)
    assert len(outs) == len(wants)
    for o, w in zip(outs, wants):
        w = np.asarray(w)
        got = host(o)
        assert got.shape == w.shape, (got.shape, w.shape)
        assert got.dtype == w.dtype, (got.dtype, w.dtype)
        np.testing.assert_allclose(got, w, rtol=spec.fwd_rtol, atol=spec.fwd_atol)
    for x, s in zip(xs, saved):  # inputs never mutated
        np.testing.assert_array_equal(x, s)


def _check(spec, xs, params=None):
    params = spec.params if params is None else params
    assert_grads(
        lambda *ts: spec.call(*ts, **params),
        *xs,
        order=spec.order,
        eps=spec.eps,
        rtol=spec.rtol,
    )


# ---------------------------------------------------------------------------------------
# the table, row by row


@pytest.mark.parametrize("spec", ROWS)
def test_forward_matches_numpy(spec):
    xs = spec.inputs(np.random.default_rng(1))
    assert xs is not None, "no valid input drawn"
    _assert_forward(spec, xs)


@pytest.mark.parametrize("spec", ROWS)
def test_gradients_to_second_order(spec):
    xs = spec.inputs(np.random.default_rng(2))
    _check(spec, xs)


@pytest.mark.numpy_only
def test_check_grads_catches_a_wrong_rule():
    """The checker the table relies on must fail on a wrong derivative."""

    @tk.custom_gradient
    def wrong_sin(x):
        def grad(g):
            return g * tk.cos(x) * 1.001

        return tk.sin(x), grad

    x = np.linspace(-1.0, 1.0, 5)
    with pytest.raises(AssertionError):
        check_grads(wrong_sin, x, order=1)


# ---------------------------------------------------------------------------------------
# hypothesis: shapes (and reduction axes) drawn for the elementwise and reduction families


def _hyp(n):
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def _draw_inputs(data, spec, shapes, params=None):
    seed = data.draw(st.integers(0, 2**16), label="seed")
    xs = spec.inputs(np.random.default_rng(seed), shapes=shapes, params=params)
    assume(xs is not None)
    return xs


@pytest.mark.parametrize("spec", row_params(FAMILIES["unary"]))
@_hyp(4)
@given(data=st.data())
def test_unary_family_any_shape(spec, data):
    shape = data.draw(array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3), label="shape")
    xs = _draw_inputs(data, spec, [shape])
    _assert_forward(spec, xs)
    _check(spec, xs)


@pytest.mark.parametrize("spec", row_params(FAMILIES["binary"]))
@_hyp(8)
@given(data=st.data())
def test_binary_family_broadcasting(spec, data):
    shapes = data.draw(
        mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
        label="shapes",
    ).input_shapes
    xs = _draw_inputs(data, spec, shapes)
    _assert_forward(spec, xs)
    _check(spec, xs)


@st.composite
def _axis(draw, ndim):
    kind = draw(st.sampled_from(["none", "int", "list"]))
    if kind == "none":
        return None
    if kind == "int":
        return draw(st.integers(-ndim, ndim - 1))
    axes = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
    return [a - ndim if draw(st.booleans()) else a for a in axes]


# one row per reduction (the family rows differ only in their fixed axis/keepdims)
REDUCERS = list({s.covers: s for s in FAMILIES["reduce"]}.values())


@pytest.mark.parametrize("spec", row_params(REDUCERS))
@_hyp(8)
@given(data=st.data())
def test_reduction_family_axes_and_keepdims(spec, data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3), label="shape")
    params = {
        "axis": data.draw(_axis(len(shape)), label="axis"),
        "keepdims": data.draw(st.booleans()),
    }
    xs = _draw_inputs(data, spec, [shape], params)
    _assert_forward(spec, xs, params)
    _check(spec, xs, params)


# ---------------------------------------------------------------------------------------
# orders 3 and 4 on functions with known derivatives


def _derivatives(f, x0, n):
    """[f(x0), f'(x0), ..., f^(n)(x0)] from n nested tapes."""
    x = on_backend(np.asarray(x0, dtype=np.float64))
    tapes = [tk.GradientTape() for _ in range(n)]
    for t in tapes:
        t.__enter__()
        t.watch(x)
    values = [f(x)]
    for t in reversed(tapes):  # innermost first: each gradient is recorded by the outer ones
        t.__exit__(None, None, None)
        values.append(t.gradient(values[-1], x))
    return [float(host(v)) for v in values]


KNOWN = {
    "x**5": (
        lambda x: x**5,
        lambda x: [x**5, 5 * x**4, 20 * x**3, 60 * x**2, 120 * x],
    ),
    "x*x*x*x*x": (
        lambda x: x * x * x * x * x,
        lambda x: [x**5, 5 * x**4, 20 * x**3, 60 * x**2, 120 * x],
    ),
    "pow(x, 4.5)": (
        lambda x: tk.pow(x, 4.5),
        lambda x: [
            x**4.5,
            4.5 * x**3.5,
            4.5 * 3.5 * x**2.5,
            4.5 * 3.5 * 2.5 * x**1.5,
            4.5 * 3.5 * 2.5 * 1.5 * x**0.5,
        ],
    ),
    "sin": (
        tk.sin,
        lambda x: [math.sin(x), math.cos(x), -math.sin(x), -math.cos(x), math.sin(x)],
    ),
    "exp(2x)": (
        lambda x: tk.exp(2.0 * x),
        lambda x: [math.exp(2 * x) * 2**k for k in range(5)],
    ),
    "tanh": (
        tk.tanh,
        lambda x: [
            math.tanh(x),
            1 - math.tanh(x) ** 2,
            -2 * math.tanh(x) * (1 - math.tanh(x) ** 2),
            (1 - math.tanh(x) ** 2) * (6 * math.tanh(x) ** 2 - 2),
            (1 - math.tanh(x) ** 2) * (16 * math.tanh(x) - 24 * math.tanh(x) ** 3),
        ],
    ),
    "log": (
        tk.math.log,
        lambda x: [math.log(x), 1 / x, -1 / x**2, 2 / x**3, -6 / x**4],
    ),
}


@pytest.mark.parametrize("name", list(KNOWN))
@pytest.mark.parametrize("x0", [0.7, 1.3])
def test_orders_3_and_4_known_derivatives(name, x0):
    f, exact = KNOWN[name]
    got = _derivatives(f, x0, 4)
    np.testing.assert_allclose(got, exact(x0), rtol=1e-12, atol=1e-12)


def test_mixed_partials_to_fourth_order():
    """d^4/dx^2 dy^2 of x^3 y^3 = 36 x y, through four nested tapes."""
    x = on_backend(np.float64(1.1))
    y = on_backend(np.float64(-0.6))
    with tk.GradientTape() as t4:
        t4.watch(y)
        with tk.GradientTape() as t3:
            t3.watch(y)
            with tk.GradientTape() as t2:
                t2.watch(x)
                with tk.GradientTape() as t1:
                    t1.watch(x)
                    f = x**3 * y**3
                fx = t1.gradient(f, x)
            fxx = t2.gradient(fx, x)
        fxxy = t3.gradient(fxx, y)
    fxxyy = t4.gradient(fxxy, y)
    np.testing.assert_allclose(host(fxx), 6 * 1.1 * (-0.6) ** 3, rtol=1e-13)
    np.testing.assert_allclose(host(fxxy), 18 * 1.1 * 0.36, rtol=1e-13)
    np.testing.assert_allclose(host(fxxyy), 36 * 1.1 * -0.6, rtol=1e-13)


@pytest.mark.parametrize(
    "f",
    [lambda x: x**5, tk.sin, lambda x: tk.reduce_sum(x**3 * tk.exp(x))],
    ids=["x**5", "sin", "sum(x^3 exp x)"],
)
def test_check_grads_order_4(f):
    assert_grads(f, np.array([0.3, -0.8, 1.2]), order=4, rtol=1e-4)


# ---------------------------------------------------------------------------------------
# meta-tests: the table covers the registry and the public namespace


def _recorded_ops(spec, second_order=False) -> set[str]:
    """Primitive names recorded while running the row (and, optionally, its gradient)."""
    xs = [on_backend(x) for x in spec.inputs(np.random.default_rng(3))]
    with tk.GradientTape(persistent=True) as outer:
        outer.watch(xs)
        with tk.GradientTape() as inner:
            inner.watch(xs)
            outs = as_list(spec.call(*xs))
            if second_order:  # a gradient that depends on xs: the outer tape records its ops
                target = tk.add_n([tk.reduce_sum(o * o) for o in outs if o.dtype.is_floating])
        if second_order:
            inner.gradient(target, xs, unconnected_gradients="zero")
    return {e.op.name for e in outer._recorder.entries}


@pytest.mark.numpy_only
def test_every_differentiable_primitive_has_a_row():
    differentiable = {n for n, p in REGISTRY.items() if p.differentiable}
    covered = set()
    for spec in SPECS:
        covered |= _recorded_ops(spec)
    missing = differentiable - covered - set(INTERNAL_PRIMITIVES)
    assert not missing, (
        f"differentiable primitives with no row in op_specs.SPECS: {sorted(missing)}"
    )


@pytest.mark.numpy_only
@pytest.mark.parametrize("name", sorted(INTERNAL_PRIMITIVES))
def test_internal_primitive_exclusions_still_exist_and_are_exercised(name):
    assert name in REGISTRY, f"{name} is excluded from the table but no longer registered"
    assert REGISTRY[name].differentiable
    spec = SPEC_BY_NAME[INTERNAL_PRIMITIVES[name]]
    assert name not in _recorded_ops(spec), f"{name} is now in a forward: give it a row"
    assert name in _recorded_ops(spec, second_order=True)


def _public_callables():
    found = {}
    for prefix, module in [("", tk), ("math.", tk.math), ("nn.", tk.nn), ("linalg.", tk.linalg)]:
        for attr in dir(module):
            if attr.startswith("_"):
                continue
            obj = getattr(module, attr)
            if isinstance(obj, types.ModuleType) or not callable(obj):
                continue
            found[prefix + attr] = obj
    return found


@pytest.mark.numpy_only
def test_every_public_callable_is_in_the_table_or_listed():
    table = set()
    for spec in SPECS:
        table.update(id(resolve(n)) for n in spec.covers)
    listed = {id(resolve(n)) for n in [*NON_DIFFERENTIABLE, *NOT_OPS]}
    missing = sorted(
        name for name, obj in _public_callables().items() if id(obj) not in table | listed
    )
    assert not missing, f"public callables neither in the op table nor listed: {missing}"


@pytest.mark.numpy_only
def test_listed_names_exist_and_are_not_also_rows():
    table_objs = {id(resolve(n)) for spec in SPECS for n in spec.covers}
    for name in [*NON_DIFFERENTIABLE, *NOT_OPS]:
        obj = resolve(name)  # AttributeError: the list has rotted
        assert callable(obj)
        assert id(obj) not in table_objs, f"{name} is both a row and listed as not differentiable"
    for spec in SPECS:
        for name in spec.covers:
            assert callable(resolve(name)), name


def _no_gradient_through(probe):
    x = on_backend(np.linspace(-1.5, 1.5, 12).reshape(3, 4))
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        out = probe(x)
        y = out if out.dtype.is_floating else tk.cast(out, "float64")
        target = tk.reduce_sum(tk.cast(y, "float64"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert tape.gradient(target, x) is None
        zero = tape.gradient(target, x, unconnected_gradients="zero")
    np.testing.assert_array_equal(host(zero), np.zeros((3, 4)))


@pytest.mark.parametrize("name", sorted(NON_DIFFERENTIABLE))
def test_non_differentiable_ops_give_no_gradient(name):
    _no_gradient_through(NON_DIFFERENTIABLE[name])


@pytest.mark.parametrize("name", sorted(NON_DIFFERENTIABLE_USES))
def test_non_differentiable_uses_give_no_gradient(name):
    _no_gradient_through(NON_DIFFERENTIABLE_USES[name])


def test_not_ops_are_what_the_list_says():
    x = on_backend(np.ones(2))
    for name, what in NOT_OPS.items():
        obj = resolve(name)
        if what == "class":
            assert isinstance(obj, type), name
    assert tk.convert_to_tensor(x) is x
    assert tk.is_tensor(x) and not tk.is_tensor(np.ones(2))
    assert tk.executing_eagerly() is True
    assert tk.as_dtype("float64") is tk.float64
    assert callable(tk.custom_gradient(lambda x: (x, lambda g: g)))
    with tk.device("/CPU:0"):
        pass


# ---------------------------------------------------------------------------------------
# values the table's domains never produce


@pytest.mark.parametrize("fn", [tk.linalg.diag_part, tk.linalg.trace], ids=["diag_part", "trace"])
def test_diagonal_ops_ignore_off_diagonal_inf_and_nan(fn):
    """Off-diagonal entries must not leak into the diagonal (no inf * 0 = NaN)."""
    a = np.array([[[1.0, np.inf, 0.0], [np.nan, 2.0, -np.inf]], [[3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]])
    x = on_backend(a)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    diag = np.diagonal(a, axis1=-2, axis2=-1)
    want = diag if fn is tk.linalg.diag_part else diag.sum(-1)
    np.testing.assert_array_equal(host(y), want)
    g = host(tape.gradient(y, x))
    eye = np.broadcast_to(np.eye(2, 3), a.shape)
    np.testing.assert_array_equal(g, eye)
