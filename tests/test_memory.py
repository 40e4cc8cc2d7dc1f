"""Memory: a released tape holds nothing, and tapes in a loop do not accumulate memory."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import tapekit as tk
from tapekit._engine import tape as _tape


def test_non_persistent_tape_frees_saved_tensors_after_gradient():
    x = tk.constant(np.linspace(0.0, 1.0, 1000))
    with tk.GradientTape() as tape:
        tape.watch(x)
        h = tk.sin(x)
        y = tk.reduce_sum(h * h)
    saved = weakref.ref(h)
    del h
    gc.collect()
    assert saved() is not None  # the tape keeps what its gradient needs
    g = tape.gradient(y, x)
    assert g.shape == (1000,)
    gc.collect()
    assert saved() is None  # released by the (non-persistent) gradient call


def test_persistent_tape_keeps_until_deleted():
    x = tk.constant([1.0, 2.0])
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        h = tk.exp(x)
        y = tk.reduce_sum(h)
    saved = weakref.ref(h)
    del h
    tape.gradient(y, x)
    gc.collect()
    assert saved() is not None
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), np.exp([1.0, 2.0]), rtol=1e-6)
    del tape
    gc.collect()
    assert saved() is None


def test_nested_tapes_release_everything():
    x = tk.constant(2.0)
    with tk.GradientTape() as outer:
        outer.watch(x)
        with tk.GradientTape() as inner:
            inner.watch(x)
            h = x * x * x
        d1 = inner.gradient(h, x)
    saved = weakref.ref(h)
    del h
    assert float(outer.gradient(d1, x)) == 12.0
    del d1
    gc.collect()
    assert saved() is None


def test_tape_does_not_keep_variables_alive():
    v = tk.Variable([1.0, 2.0])
    with tk.GradientTape() as tape:
        y = tk.reduce_sum(v * v)
    tape.gradient(y, v)
    ref = weakref.ref(v)
    del v, y
    gc.collect()
    assert ref() is None


def _step(x, v):
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * v  # a watched tensor and a variable read
    gx, gv = tape.gradient(y, [x, v])
    return gx, gv


@pytest.mark.numpy_only  # the bookkeeping is backend-independent; 10,000 steps cost seconds
def test_10000_tapes_do_not_grow_memory():
    x = tk.constant([1.0, 2.0])
    v = tk.Variable([0.5, 0.25])
    for _ in range(200):  # warm caches (dtype tables, namespace lookups)
        _step(x, v)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(10_000):
            gx, gv = _step(x, v)
        assert gx.numpy().tolist() == [0.5, 0.25] and gv.numpy().tolist() == [1.0, 2.0]
        del gx, gv
        gc.collect()
        growth = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # one leaked object per step would be >= 10,000 * 16 bytes; allow 64 KiB of noise
    assert growth < 64 * 1024, f"memory grew by {growth} bytes over 10,000 tapes"


def test_1000_tapes_do_not_grow_memory_any_backend():
    x = tk.constant([1.0, 2.0])
    v = tk.Variable([0.5, 0.25])
    for _ in range(50):
        _step(x, v)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(1000):
            _step(x, v)
        gc.collect()
        growth = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert growth < 16 * 1024, f"memory grew by {growth} bytes over 1,000 tapes"


@pytest.mark.numpy_only
@pytest.mark.parametrize("tapes", [1, 2])
def test_entries_drop_large_values_with_one_tape_or_several(tapes):
    """``record``'s one-tape fast path and its general path keep the same values."""
    x = tk.constant(np.ones(_tape.HOLLOW_MIN_SIZE, dtype=np.float32))
    outer = [tk.GradientTape(persistent=True) for _ in range(tapes)]
    for t in outer:
        t.__enter__()
        t.watch(x)
    y = x + 1.0  # AddV2's rules need only shapes
    for t in reversed(outer):
        t.__exit__(None, None, None)
    for t in outer:
        (entry,) = t._recorder.entries
        assert entry.output._value.strides == (0,)  # a zero-stride stand-in
        assert entry.output._id == y._id
        np.testing.assert_array_equal(t.gradient(y, x).numpy(), np.ones_like(x.numpy()))
