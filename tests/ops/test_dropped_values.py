"""Tapes drop large arrays that gradient rules never read; every rule must still be right.

``tapekit/ops/__init__.py`` lists, per op, which inputs (and whether the output) its rule
needs only for their shape. Here every array is dropped, however small, and the whole op
table is differentiated again: a rule that secretly reads a dropped value gets zeros and
fails its finite-difference check.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_gradients import ROWS, _check

import tapekit as tk
from tapekit._engine import tape as _tape


@pytest.fixture(autouse=True)
def drop_every_shape_only_value(monkeypatch):
    monkeypatch.setattr(_tape, "HOLLOW_MIN_SIZE", 0)


@pytest.mark.parametrize("spec", ROWS)
def test_gradients_when_entries_drop_their_values(spec):
    _check(spec, spec.inputs(np.random.default_rng(7)))


@pytest.mark.numpy_only
def test_a_tape_does_not_keep_shape_only_intermediates_alive():
    import weakref

    assert _tape.HOLLOW_MIN_SIZE == 0  # the fixture is active
    x = tk.constant(np.ones(1000))
    with tk.GradientTape() as tape:
        tape.watch(x)
        z = x * 2.0
        y = tk.nn.relu(z + 1.0)  # AddV2 and Relu rules never read z's value
        ref = weakref.ref(z)
        total = tk.reduce_sum(y)
    del z
    assert ref() is None, "the tape kept an intermediate its rules never read"
    np.testing.assert_allclose(tape.gradient(total, x).numpy(), np.full(1000, 2.0))
