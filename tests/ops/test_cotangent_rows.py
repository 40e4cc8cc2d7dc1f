"""Every row's gradient rule at the cotangents that expose special cases on ``g``.

A rule that singles out its incoming gradient (``g == 0``, g's sign) is right at first
order yet wrong when differentiated again with respect to ``g`` (second order, and the
forward mode built on the double-VJP trick).  Two cotangents reach such cases: zero, and
a softmax-shaped one (summing to zero along the last axis, as softmax's VJP passes down;
softmax's VJP of ones is exactly zero).  Each row is checked at both, against float64
central differences:

* second order: the gradient of ``<vjp(x, v), w>`` with respect to ``x`` *and* ``v``;
* forward mode: ``ForwardAccumulator.jvp`` with its dummy cotangent set to each kind;
* forward over reverse: the JVP of ``vjp(x, v)`` along a tangent of ``x`` and ``v``.
"""

from __future__ import annotations

import numpy as np
import pytest
from op_specs import SPECS, as_list, host, on_backend, row_params

import tapekit as tk
from tapekit import autodiff

KINDS = ("zero", "softmax")


def _cotangent_array(kind: str, shape, seed: int) -> np.ndarray:
    if kind == "zero" or not shape:
        return np.zeros(shape)  # a 0-d softmax-shaped cotangent sums to zero: it is 0
    r = np.random.default_rng(seed).standard_normal(shape)
    return r - r.mean(axis=-1, keepdims=True)


def _cotangent(kind: str, like, seed: int = 0) -> tk.Tensor:
    a = _cotangent_array(kind, tuple(like.shape), seed)
    return tk.cast(on_backend(a), like.dtype)


def _floating(outs):
    return [o for o in outs if o.dtype.is_floating]


def _vjp(spec, xs, vs):
    """The row's gradient rule at cotangents ``vs`` (floating outputs only)."""
    with tk.GradientTape() as tape:
        tape.watch(xs)
        outs = _floating(as_list(spec.call(*xs)))
    return tape.gradient(outs, xs, output_gradients=vs, unconnected_gradients="zero")


def _pairing(grads, ws) -> float:
    return sum(float(np.sum(host(g).astype(np.float64) * w)) for g, w in zip(grads, ws))


def _vjp_pairing(spec, dtypes, ws):
    """(x, v) as NumPy arrays -> <vjp(x, v), w>: the scalar the rule is checked on."""

    def pairing(xs_np, vs_np):
        xs = [on_backend(x) for x in xs_np]
        vs = [tk.cast(on_backend(v), d) for v, d in zip(vs_np, dtypes)]
        return _pairing(_vjp(spec, xs, vs), ws)

    return pairing


def _central(spec, pairing, xs_np, vs_np, dxs, dvs) -> float:
    """d/de pairing(x + e dx, v + e dv) at e = 0, by a central difference in float64."""
    e = spec.eps

    def at(sign):
        return pairing(
            [x + sign * e * u for x, u in zip(xs_np, dxs)],
            [v + sign * e * u for v, u in zip(vs_np, dvs)],
        )

    return (at(1) - at(-1)) / (2 * e)


def _check(spec, analytic, numeric, what):
    tol = 1e-7 + max(spec.rtol, 1e-5) * max(abs(analytic), abs(numeric))
    assert abs(analytic - numeric) <= tol, f"{what}: {analytic!r} != numeric {numeric!r}"


def _setup(spec, xs_np, rng, kind, seed):
    """Floating outputs' dtypes, cotangents of ``kind``, and random directions."""
    outs = _floating(as_list(spec.call(*[on_backend(x) for x in xs_np])))
    dtypes = [o.dtype for o in outs]
    vs_np = [_cotangent_array(kind, tuple(o.shape), seed + i) for i, o in enumerate(outs)]
    dxs = [rng.standard_normal(x.shape) for x in xs_np]
    dvs = [rng.standard_normal(v.shape) for v in vs_np]
    ws = [rng.standard_normal(x.shape) for x in xs_np]
    return dtypes, vs_np, dxs, dvs, ws


def _second_order(spec, xs_np, rng, kind):
    dtypes, vs_np, dxs, dvs, ws = _setup(spec, xs_np, rng, kind, 1)
    if not dtypes:
        return
    xs = [on_backend(x) for x in xs_np]
    vs = [tk.cast(on_backend(v), d) for v, d in zip(vs_np, dtypes)]
    with tk.GradientTape() as outer:
        outer.watch(xs + vs)
        grads = _vjp(spec, xs, vs)
        s = tk.add_n(
            [tk.reduce_sum(tk.cast(g, "float64") * on_backend(w)) for g, w in zip(grads, ws)]
        )
    analytic = _pairing(outer.gradient(s, xs + vs, unconnected_gradients="zero"), dxs + dvs)
    numeric = _central(spec, _vjp_pairing(spec, dtypes, ws), xs_np, vs_np, dxs, dvs)
    _check(spec, analytic, numeric, f"second order at a {kind} cotangent")


def _forward(spec, xs_np, rng, kind, monkeypatch):
    xs = [on_backend(x) for x in xs_np]
    dxs = [rng.standard_normal(x.shape) for x in xs_np]
    monkeypatch.setattr(autodiff, "_dummy_cotangent", lambda t: _cotangent(kind, t, 7))
    with tk.autodiff.ForwardAccumulator(xs, [on_backend(u) for u in dxs]) as acc:
        outs = _floating(as_list(spec.call(*xs)))
    if not outs:
        return
    ws = [rng.standard_normal(tuple(o.shape)) for o in outs]
    analytic = _pairing(acc.jvp(outs, unconnected_gradients="zero"), ws)
    monkeypatch.undo()

    def pairing(xs_np_, _):
        return _pairing(_floating(as_list(spec.call(*[on_backend(x) for x in xs_np_]))), ws)

    numeric = _central(spec, pairing, xs_np, [], dxs, [])
    _check(spec, analytic, numeric, f"forward mode with a {kind} dummy cotangent")


def _forward_over_rule(spec, xs_np, rng, kind):
    dtypes, vs_np, dxs, dvs, ws = _setup(spec, xs_np, rng, kind, 3)
    if not dtypes:
        return
    xs = [on_backend(x) for x in xs_np]
    vs = [tk.cast(on_backend(v), d) for v, d in zip(vs_np, dtypes)]
    tangents = [on_backend(u) for u in dxs] + [
        tk.cast(on_backend(u), d) for u, d in zip(dvs, dtypes)
    ]
    with tk.autodiff.ForwardAccumulator(xs + vs, tangents) as acc:
        grads = _vjp(spec, xs, vs)
    analytic = _pairing(acc.jvp(grads, unconnected_gradients="zero"), ws)
    numeric = _central(spec, _vjp_pairing(spec, dtypes, ws), xs_np, vs_np, dxs, dvs)
    _check(spec, analytic, numeric, f"forward over reverse at a {kind} cotangent")


@pytest.mark.parametrize("spec", row_params(SPECS))
def test_rule_at_zero_and_softmax_shaped_cotangents(spec, monkeypatch):
    xs_np = spec.inputs(np.random.default_rng(11))
    for kind in KINDS:
        rng = np.random.default_rng(12)
        _second_order(spec, xs_np, rng, kind)
        _forward(spec, xs_np, rng, kind, monkeypatch)
        _forward_over_rule(spec, xs_np, rng, kind)


def test_sqrt_second_derivative_through_a_zero_gradient():
    """d²(sqrt(x) z)/dx dz at x = 4, z = 0 is 1/(2 sqrt(x)) = 0.25 (TF, JAX)."""
    x = tk.constant(4.0, dtype="float64")
    z = tk.constant(0.0, dtype="float64")
    with tk.GradientTape() as outer:
        outer.watch([x, z])
        with tk.GradientTape() as inner:
            inner.watch([x, z])
            y = tk.sqrt(x) * z
        gx = inner.gradient(y, x)
    assert float(host(outer.gradient(gx, z))) == pytest.approx(0.25, rel=1e-12)


def test_forward_mode_through_softmax_of_sqrt():
    """The issue's reproducer: softmax's VJP of the dummy cotangent is zero at sqrt."""
    x = tk.constant([1.0, 2.0, 3.0], dtype="float64")
    with tk.autodiff.ForwardAccumulator(x, tk.constant([1.0, 0.0, 0.0], "float64")) as acc:
        y = tk.nn.softmax(tk.sqrt(x))
    want = [0.08516615, -0.03587223, -0.04929392]
    np.testing.assert_allclose(host(acc.jvp(y)), want, rtol=1e-6)
