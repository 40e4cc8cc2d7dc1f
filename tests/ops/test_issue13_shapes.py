"""Issue 13's shape-generic ops over hypothesis-drawn shapes: forward against NumPy,
gradients against finite differences to second order (the op table fixes one shape)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes
from op_specs import assert_grads, host, np_cumprod, on_backend

import tapekit as tk


def _distinct(rng, shape):
    n = int(np.prod(shape, dtype=int))
    return ((rng.permutation(n) + rng.uniform(0.2, 0.8, n)) * 0.5 - n / 4.0).reshape(shape)


def _segments(shape):
    ids = np.arange(shape[0]) // 2  # sorted, two rows per segment
    return ids, int(ids[-1]) + 1


OPS = {
    "sort": (
        lambda x, ax: tk.sort(x, axis=ax),
        lambda x, ax: np.sort(x, axis=ax),
    ),
    "cumprod": (
        lambda x, ax: tk.math.cumprod(x, axis=ax, exclusive=True),
        lambda x, ax: np_cumprod(x, axis=ax, exclusive=True),
    ),
    "roll": (lambda x, ax: tk.roll(x, 2, ax), lambda x, ax: np.roll(x, 2, ax)),
    "segment_max": (
        lambda x, ax: tk.math.segment_max(x, _segments(x.shape)[0]),
        lambda x, ax: np.stack(
            [x[_segments(x.shape)[0] == s].max(axis=0) for s in range(_segments(x.shape)[1])]
        ),
    ),
    "unsorted_segment_prod": (
        lambda x, ax: tk.math.unsorted_segment_prod(x, _segments(x.shape)[0][::-1].copy(), 3),
        lambda x, ax: np.stack(
            [x[_segments(x.shape)[0][::-1] == s].prod(axis=0) for s in range(3)]
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(OPS))
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_shape(name, data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3), label="shape")
    if name == "unsorted_segment_prod":
        shape = (max(shape[0], 5),) + tuple(shape[1:])  # ids up to 2: three segments
    ax = data.draw(st.integers(-len(shape), len(shape) - 1), label="axis")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16), label="seed"))
    x = _distinct(rng, shape)
    if name in ("cumprod", "unsorted_segment_prod"):
        x = rng.choice([-1.0, 1.0], shape) * rng.uniform(0.6, 1.4, shape)
    fn, ref = OPS[name]
    np.testing.assert_allclose(host(fn(on_backend(x), ax)), ref(x, ax), rtol=1e-12)
    assert_grads(lambda t: fn(t, ax), x, order=2)
