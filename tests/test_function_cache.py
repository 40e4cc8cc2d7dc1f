"""tk.function's plan cache: TF's retracing warning, and a bounded LRU cache."""

from __future__ import annotations

import warnings

import pytest

import tapekit as tk
from tapekit._engine import function as _function


def _square():
    @tk.function
    def f(x):
        return x * x

    return f


@pytest.mark.numpy_only
def test_frequent_retracing_warns_once_as_tf_does():
    f = _square()
    with pytest.warns(UserWarning, match="triggered retracing") as record:
        for n in range(1, 12):
            f(tk.zeros((n,)))
    assert sum("retracing" in str(w.message) for w in record) == 1


@pytest.mark.numpy_only
def test_replays_between_traces_do_not_warn():
    f = _square()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for n in range(1, 12):
            f(tk.zeros((n,)))
            f(tk.zeros((n,)))  # a replay: tracing is not frequent


@pytest.mark.numpy_only
def test_plan_cache_is_bounded_and_keeps_the_recently_used():
    f = _square()
    hot = tk.zeros((1,))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n in range(2, 3 * _function.MAX_SIGNATURES):
            f(tk.zeros((n,)))
            f(hot)
            assert len(f._plans) <= _function.MAX_SIGNATURES
    traces = f.experimental_get_tracing_count()
    f(hot)  # used after every other call: never evicted, so no new trace
    assert f.experimental_get_tracing_count() == traces
    f(tk.zeros((2,)))  # the oldest: evicted long ago, traced again
    assert f.experimental_get_tracing_count() == traces + 1
