"""float32 in, float32 out: every op-table row keeps TF's dtype rule through two orders.

TF gives a gradient the dtype of its source; a rule that built a float64 constant would
promote (or, under TF's rules, refuse to mix dtypes).  Casts are the rows whose outputs
change dtype on purpose; their gradients still come back as float32.
"""

from __future__ import annotations

import numpy as np
import pytest
from op_specs import SPECS, as_list, on_backend, row_params

import tapekit as tk


def _casts(spec) -> bool:
    return any("cast" in name for name in spec.covers)


@pytest.mark.parametrize("spec", row_params(SPECS))
def test_float32_rows_keep_float32_to_second_order(spec):
    xs = [on_backend(x.astype(np.float32)) for x in spec.inputs(np.random.default_rng(11))]
    with tk.GradientTape() as outer:
        outer.watch(xs)
        with tk.GradientTape() as inner:
            inner.watch(xs)
            outs = [o for o in as_list(spec.call(*xs)) if o.dtype.is_floating]
            y = tk.add_n([tk.reduce_sum(tk.cast(o, "float32") ** 2) for o in outs])
        grads = inner.gradient(y, xs, unconnected_gradients="zero")
        z = tk.add_n([tk.reduce_sum(g * g) for g in grads])
    second = outer.gradient(z, xs, unconnected_gradients="zero")
    if not _casts(spec):
        assert [o.dtype for o in outs] == [tk.float32] * len(outs)
    assert [g.dtype for g in grads + second] == [tk.float32] * (2 * len(xs))
