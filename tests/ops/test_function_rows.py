"""``tk.function`` over the whole op table: a compiled step equals the eager one.

Each row's value and gradient (of a weighted sum of squares, so the backward pass runs
every rule) are traced once, then replayed by the compiled plan on fresh inputs of the
same shapes, which must give the eager results.  The op's inputs are fresh intermediates
(``x * 1.0``), which the plan may overwrite: it reuses buffers and runs elementwise ops
in place, so this is where a wrong in-place form or "this buffer is free" would show.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from op_specs import SPECS, as_list, host, on_backend, row_params, weighted_square_sum

import tapekit as tk


@pytest.mark.parametrize("spec", row_params(SPECS))
def test_compiled_value_and_gradient_equal_eager(spec):
    def value_and_grad(*xs):
        with tk.GradientTape() as tape:
            tape.watch(list(xs))
            # fresh intermediates as the op's inputs: the plan may then run it in place
            outs = as_list(spec.call(*[x * 1.0 for x in xs]))
            y = weighted_square_sum(outs)
        return outs, tape.gradient(y, list(xs), unconnected_gradients="zero")

    compiled = tk.function(value_and_grad)
    rng = np.random.default_rng(10)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        compiled(*[on_backend(x) for x in spec.inputs(rng)])  # trace
        for _ in range(2):
            xs = [on_backend(x) for x in spec.inputs(rng)]
            got_outs, got_grads = compiled(*xs)
            want_outs, want_grads = value_and_grad(*xs)
            for k, (a, b) in enumerate(zip(got_outs + got_grads, want_outs + want_grads)):
                np.testing.assert_allclose(
                    host(a), host(b), rtol=1e-12, atol=1e-14, err_msg=f"output {k}"
                )
    if not said:  # rows that index with computed values or branch on them say so, above
        assert compiled.tracing_count == 1
        plans = [p for group in compiled._plans.values() for p in group]
        assert plans and all(p.compiled is not None for p in plans)
