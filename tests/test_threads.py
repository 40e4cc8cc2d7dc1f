"""Tracing and tapes under threads: each thread's trace and tapes see only its own ops."""

from __future__ import annotations

import gc
import threading
import weakref

import numpy as np
import pytest

import tapekit as tk
from tapekit._engine import tape as _tape
from tapekit._engine import trace as _trace


@pytest.mark.numpy_only
def test_concurrent_traces_record_only_their_own_threads_ops():
    n = 4
    barrier = threading.Barrier(n)
    variables = [tk.Variable(0.0, dtype="float64") for _ in range(n)]
    errors: list = []

    def make(i):
        v = variables[i]

        @tk.function
        def step(x):
            barrier.wait(timeout=10)  # all four traces are open at once
            for _ in range(20):
                v.assign_add(x)
            barrier.wait(timeout=10)
            return v * 1.0

        return step

    functions = [make(i) for i in range(n)]

    def work(i):
        try:
            one = tk.constant(1.0, dtype="float64")
            functions[i](one)  # trace (all threads together)
            for _ in range(3):
                functions[i](one)  # replay (the barriers are Python: not in the plan)
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    for i, f in enumerate(functions):
        (plan,) = next(iter(f._plans.values()))
        assigned = {step[1]._id for step in plan.steps if step[0] == _trace.ASSIGN}
        assert assigned == {variables[i]._id}, i
        assert float(variables[i].numpy()) == 80.0


@pytest.mark.numpy_only
def test_tape_exited_in_another_thread_stops_recording():
    x = tk.constant(2.0)
    tape = tk.GradientTape()
    active0 = _tape.switch.active
    tape.__enter__()
    tape.watch(x)
    done = threading.Event()
    threading.Thread(target=lambda: (tape.__exit__(None, None, None), done.set())).start()
    assert done.wait(10)
    assert _tape.switch.active == active0
    assert tape._recorder not in _tape.state.tapes
    n = len(tape._recorder.entries)
    _ = x * x  # after the exit: not recorded
    assert len(tape._recorder.entries) == n


def test_function_methods_do_not_keep_instances_alive():
    class Model(tk.Module):
        def __init__(self):
            super().__init__()
            self.w = tk.Variable(2.0)

        @tk.function
        def __call__(self, x):
            return self.w * x

    refs = []
    for _ in range(20):
        m = Model()
        np.testing.assert_allclose(m(tk.constant(3.0)).numpy(), 6.0)
        refs.append(weakref.ref(m))
        del m
    gc.collect()
    assert sum(r() is not None for r in refs) == 0
    assert not Model.__call__._bound
