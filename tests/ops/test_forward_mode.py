"""Forward mode over the whole op table: ``ForwardAccumulator.jvp`` equals ``J @ v``.

tapekit's forward mode differentiates each reverse rule with respect to its incoming
gradient (the double-VJP trick in ``tapekit.autodiff``), so this runs every rule's own
rule for ``g``: a part of the table the reverse-mode tests reach only at second order.
"""

from __future__ import annotations

import numpy as np
import pytest
from op_specs import SPECS, as_list, flat_output, host, on_backend, row_params, weighted_square_sum

import tapekit as tk


@pytest.mark.parametrize("spec", row_params(SPECS))
def test_jvp_equals_jacobian_times_tangent(spec):
    rng = np.random.default_rng(8)
    xs_np = spec.inputs(rng)
    xs = [on_backend(x) for x in xs_np]
    tangents = [on_backend(rng.standard_normal(x.shape)) for x in xs_np]
    with tk.autodiff.ForwardAccumulator(xs, tangents) as acc:
        outs = as_list(spec.call(*xs))
    jvps = acc.jvp(outs, unconnected_gradients="zero")
    with tk.GradientTape() as tape:
        tape.watch(xs)
        y = flat_output(spec.call(*xs))
    jac = tape.jacobian(y, xs, unconnected_gradients="zero")
    n = int(np.prod(y.shape, dtype=int))
    want = sum(host(j).reshape(n, -1) @ host(t).reshape(-1) for j, t in zip(jac, tangents))
    got = np.concatenate([host(j).reshape(-1) for j in jvps])
    for j, o in zip(jvps, outs):
        assert tuple(j.shape) == tuple(o.shape), (j.shape, o.shape)
    # rows that go through single precision (casts) agree to float32's precision only
    lossy = spec.rtol > 1e-5 or any(o.dtype in (tk.float32, tk.float16) for o in outs)
    np.testing.assert_allclose(got, want, rtol=1e-6 if lossy else 1e-9, atol=1e-11)


@pytest.mark.parametrize("spec", row_params(SPECS))
def test_forward_over_reverse_equals_hessian_times_tangent(spec):
    """jvp of a gradient (forward over reverse): every rule's rule, differentiated again."""
    rng = np.random.default_rng(9)
    xs_np = spec.inputs(rng)
    xs = [on_backend(x) for x in xs_np]
    tangents = [on_backend(rng.standard_normal(x.shape)) for x in xs_np]
    with tk.autodiff.ForwardAccumulator(xs, tangents) as acc:
        with tk.GradientTape() as tape:
            tape.watch(xs)
            y = weighted_square_sum(as_list(spec.call(*xs)))
        grads = tape.gradient(y, xs, unconnected_gradients="zero")
    hvps = acc.jvp(grads, unconnected_gradients="zero")
    with tk.GradientTape(persistent=True) as outer:
        outer.watch(xs)
        with tk.GradientTape() as inner:
            inner.watch(xs)
            y2 = weighted_square_sum(as_list(spec.call(*xs)))
        g2 = inner.gradient(y2, xs, unconnected_gradients="zero")
        flat = tk.concat([tk.reshape(tk.cast(g, "float64"), [-1]) for g in g2], axis=0)
    hess = outer.jacobian(flat, xs, unconnected_gradients="zero")
    n = int(flat.shape[0])
    want = sum(host(h).reshape(n, -1) @ host(t).reshape(-1) for h, t in zip(hess, tangents))
    got = np.concatenate([host(h).reshape(-1) for h in hvps])
    lossy = spec.rtol > 1e-5 or any(g.dtype in (tk.float32, tk.float16) for g in grads)
    np.testing.assert_allclose(got, want, rtol=1e-6 if lossy else 1e-8, atol=1e-10)
