"""``v[...].assign`` (issue 13): strided slices of a Variable write back, as in TF."""

from __future__ import annotations

import numpy as np
import pytest

import tapekit as tk
from tapekit._engine import backend as _backend


def to_numpy(t):
    return np.asarray(_backend.to_host(t._value))


def test_slice_assign_writes_into_the_variable_and_returns_it():
    v = tk.Variable([1.0, 2.0, 3.0, 4.0])
    assert v[0].assign(9.0) is v
    v[1:3].assign([7.0, 8.0])
    v[-1:].assign(tk.constant([5.0]))
    np.testing.assert_array_equal(to_numpy(v), [9.0, 7.0, 8.0, 5.0])
    assert v.dtype == tk.float32


def test_slice_assign_2d_broadcasts_and_checks_shapes():
    v = tk.Variable(tk.zeros([2, 3]))
    v[1].assign([1.0, 2.0, 3.0])
    v[:, 0].assign(tk.constant([5.0, 6.0]))
    v[0, 1:].assign(4.0)
    np.testing.assert_array_equal(to_numpy(v), [[5.0, 4.0, 4.0], [6.0, 2.0, 3.0]])
    with pytest.raises(ValueError):
        v[0].assign([1.0, 2.0])


def test_slice_read_is_recorded_and_has_no_assign_add():
    v = tk.Variable([1.0, 2.0, 3.0])
    with tk.GradientTape() as tape:
        y = tk.reduce_sum(v[1:] * 2.0)
    np.testing.assert_array_equal(to_numpy(tape.gradient(y, v)), [0.0, 2.0, 2.0])
    assert not hasattr(v[0], "assign_add")
    assert not hasattr(tk.constant([1.0])[0], "assign")  # only slices of Variables


@pytest.mark.numpy_only
def test_slice_assign_and_timestamp_run_on_every_call_of_a_function():
    v = tk.Variable([0.0, 0.0])

    @tk.function
    def step(x):
        v[0].assign(v[0] + x)
        return tk.timestamp()

    with pytest.warns(UserWarning, match="runs eagerly"):  # said once, at the trace
        t1 = step(tk.constant(1.0))
    t2 = step(tk.constant(2.0))
    np.testing.assert_array_equal(to_numpy(v), [3.0, 0.0])
    assert t1.dtype == tk.float64 and float(t2) >= float(t1)
