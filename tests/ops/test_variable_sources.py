"""Every op-table row with Variables as its inputs: the same values, gradients and second
derivatives as with watched tensors (reads are recorded as snapshots, watched
automatically, and may have their large values dropped from entries)."""

from __future__ import annotations

import numpy as np
import pytest
from op_specs import SPECS, as_list, host, on_backend, row_params

import tapekit as tk


def _two_orders(spec, args, watch: bool):
    with tk.GradientTape() as outer:
        if watch:
            outer.watch(args)
        with tk.GradientTape() as inner:
            if watch:
                inner.watch(args)
            outs = [o for o in as_list(spec.call(*args)) if o.dtype.is_floating]
            y = tk.add_n([tk.reduce_sum(tk.cast(o, "float64") ** 2) for o in outs])
        grads = inner.gradient(y, args, unconnected_gradients="zero")
        z = tk.add_n([tk.reduce_sum(g * g) for g in grads])
    second = outer.gradient(z, args, unconnected_gradients="zero")
    return [host(t) for t in [*outs, *grads, *second]]


@pytest.mark.parametrize("spec", row_params(SPECS))
def test_variables_give_what_watched_tensors_give(spec):
    xs_np = spec.inputs(np.random.default_rng(12))
    watched = _two_orders(spec, [on_backend(x) for x in xs_np], watch=True)
    variables = _two_orders(spec, [tk.Variable(on_backend(x)) for x in xs_np], watch=False)
    assert len(watched) == len(variables)
    for k, (a, b) in enumerate(zip(watched, variables)):
        np.testing.assert_array_equal(a, b, err_msg=f"result {k}")
