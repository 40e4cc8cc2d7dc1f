"""``tapekit.workbench``: everything the magics do, as plain Python (no IPython needed)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import tapekit as tk
from tapekit import workbench as wb
from tapekit._engine import tape as _tape
from tapekit.notebook.plot import nice_ticks
from tapekit.notebook.text import short_value

pytestmark = pytest.mark.numpy_only


def test_workbench_does_not_import_ipython():
    code = (
        "import sys, json, tapekit as tk\n"
        "from tapekit import workbench as wb\n"
        "x = tk.constant(2.0)\n"
        "with wb.record(watch=[x]) as rec:\n"
        "    y = x * x\n"
        "wb.grad(rec, y, x); wb.explain(rec, y, x); wb.draw(rec).to_svg(); wb.plot(rec, y, x).to_svg()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('IPython', 'ipykernel', 'matplotlib', 'ipywidgets'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


# -- the --order mechanism ----------------------------------------------------------------


def test_orders_match_analytic_derivatives():
    x = tk.constant(1.5, dtype=tk.float64)
    with wb.record(order=4, watch=[x]) as rec:
        y = x**5 + tk.sin(x)
    expected = [
        5 * 1.5**4 + math.cos(1.5),
        20 * 1.5**3 - math.sin(1.5),
        60 * 1.5**2 - math.cos(1.5),
        120 * 1.5 + math.sin(1.5),
    ]
    n = len(rec.entries)
    for k, e in enumerate(expected, 1):
        assert float(rec.gradient(y, x, order=k)) == pytest.approx(e, rel=1e-12)
    assert len(rec.entries) == n  # the record is not extended by its own gradients
    assert len(rec.tapes) == 4


def test_order_two_matches_nested_gradient_tapes():
    """Same numbers as TF's nested-tape idiom, for a Variable and a vector."""
    w = tk.Variable([0.5, -1.0, 2.0])
    with tk.GradientTape() as outer:
        with tk.GradientTape() as inner:
            y = tk.reduce_sum(tk.exp(w) * w * w)
        dy = inner.gradient(y, w)
    d2 = outer.gradient(dy, w)
    with wb.record(order=2) as rec:
        y2 = tk.reduce_sum(tk.exp(w) * w * w)
    np.testing.assert_allclose(rec.gradient(y2, w).numpy(), dy.numpy(), rtol=1e-6)
    np.testing.assert_allclose(rec.gradient(y2, w, order=2).numpy(), d2.numpy(), rtol=1e-6)


def test_users_tape_keeps_tensorflow_semantics():
    x = tk.Variable(3.0)
    with wb.record() as rec:
        y = x * x
    tape = rec.tape
    assert not tape.persistent
    assert float(rec.gradient(y, x)) == 6.0  # does not consume the user's tape
    assert float(tape.gradient(y, x)) == 6.0
    with pytest.raises(RuntimeError, match="non-persistent GradientTape"):
        tape.gradient(y, x)
    assert float(rec.gradient(y, x)) == 6.0  # the record outlives the released tape


def test_gradient_inside_the_block_is_recorded_by_the_outer_tape():
    x = tk.Variable(2.0)
    with wb.record(order=2, persistent=True) as rec:
        y = x**3
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # TF's persistent-in-context efficiency warning
            dy = rec.tape.gradient(y, x)
    assert float(dy) == 12.0
    assert float(rec.gradient(dy, x)) == 12.0  # d(3x²)/dx, from the outer tape's record


def test_record_checks():
    x = tk.Variable(1.0)
    with wb.record() as rec:
        y = x * 2.0
    with pytest.raises(ValueError, match="up to order 1"):
        rec.gradient(y, x, order=2)
    with pytest.raises(ValueError, match="from 1 to 8"):
        wb.record(order=9)
    with pytest.raises(ValueError, match="from 1 to 8"):
        wb.record(order=1.5)
    with pytest.raises(TypeError, match="must be Tensors or Variables"):
        rec.gradient(y, 3.0)
    assert [float(g) for g in rec.gradient(y, [x, x])] == [2.0, 2.0]
    u = tk.Variable(1.0)
    assert float(rec.gradient(y, u, unconnected_gradients="zero")) == 0.0


def test_exceptions_propagate_and_release_everything():
    x = tk.Variable(1.0)
    show = warnings.showwarning
    with pytest.raises(ZeroDivisionError):
        with wb.record(order=3) as rec:
            y = x * 2.0
            raise ZeroDivisionError("boom")
    assert _tape.state.tapes == []
    assert warnings.showwarning is show
    assert isinstance(rec.error, ZeroDivisionError)
    assert float(rec.gradient(y, x)) == 2.0


# -- display objects --------------------------------------------------------------------------


def test_grad_objects_are_tensors_that_display_as_math():
    x = tk.Variable(3.0)
    with wb.record() as rec:
        z = x * x
    g = wb.grad(rec, z, x, target_label="z", source_labels=["x"])
    assert isinstance(g, tk.Tensor) and float(g + 1) == 7.0
    assert g.math_text() == "∂z/∂x = 6.0"
    assert g._repr_latex_() == r"$$\frac{\partial z}{\partial x} = 6.0$$"
    c = tk.constant(1.0)
    both = wb.grad(rec, z, [x, c], target_label="z", source_labels=["x", "c"])
    assert isinstance(both, tuple) and both[1] is None
    assert "∂z/∂c = None" in both._repr_html_() or "None" in both._repr_html_()
    missing = wb.grad(rec, z, c, target_label="z", source_labels=["c"])
    assert isinstance(missing, wb.Missing) and missing.diagnosis.cause == "not_watched"


def test_why_none_causes():
    x = tk.Variable(2.0)
    frozen = tk.Variable(1.0, trainable=False)
    k = tk.constant(3)
    c = tk.constant(1.0)
    before = x * 2.0
    with pytest.warns(UserWarning, match="must be floating"), wb.record(watch=[k]) as rec:
        y = x * x * tk.cast(k, tk.float32)
        r = tk.round(y) * 1.0
        i = tk.cast(tk.cast(x, tk.int32), tk.float32)
    cases = {
        "not_watched": (y, c),
        "int_source": (y, k),
        "untrainable": (y, frozen),
        "target_outside": (before, x),
        "not_recorded": (r, x),
        "through_integer": (i, x),
        "source_not_tensor": (y, 2.0),
    }
    for cause, (t, s) in cases.items():
        d = wb.why_none(rec, t, s, target_label="t", source_label="s")
        assert d is not None and d.cause == cause, (cause, d)
        assert "`s`" in d.text or "`t`" in d.text


def test_explain_matches_the_gradient():
    x = tk.Variable([1.0, 2.0])
    b = tk.Variable(0.5)
    with wb.record() as rec:
        h = tk.tanh(x * b)
        y = tk.reduce_sum(h * h + x)
    ex = wb.explain(rec, y, [x, b], target_label="y", source_labels=["x", "b"])
    gx, gb = rec.gradient(y, [x, b])
    assert ex.results["x"] == short_value(gx.numpy())
    assert ex.results["b"] == short_value(gb.numpy())
    assert [s.index for s in ex.steps] == list(range(1, len(ex.steps) + 1))
    assert {s.op for s in ex.steps} == {"Sum", "AddV2", "Mul", "Tanh"}
    tanh_step = next(s for s in ex.steps if s.op == "Tanh")
    assert "1 − tanh²" in tanh_step.inputs[0][1]
    assert "Result (chain rule): ∂y/∂b = " in str(ex)


# -- replay and plots ---------------------------------------------------------------------------


def test_replay_and_curve():
    x = tk.Variable(0.5, dtype=tk.float64)
    with wb.record(order=2) as rec:
        y = tk.sin(x) * 3.0
    t, (d1, d2) = wb.replay(rec, y, x, 1.0, order=2)
    assert float(t) == pytest.approx(3 * math.sin(1.0))
    assert float(d1) == pytest.approx(3 * math.cos(1.0))
    assert float(d2) == pytest.approx(-3 * math.sin(1.0))
    c = wb.curve(rec, y, x, points=21, span=(-1.0, 1.0), order=2)
    assert 0.5 in c.x and len(c.x) == 21  # the grid includes the recorded point
    np.testing.assert_allclose(c.values, 3 * np.sin(c.x))
    np.testing.assert_allclose(c.derivatives[0], 3 * np.cos(c.x))
    np.testing.assert_allclose(c.derivatives[1], -3 * np.sin(c.x))


def test_curve_with_a_domain_edge_and_svg():
    x = tk.Variable(1.0)
    with wb.record() as rec:
        y = tk.math.log(x) if hasattr(tk.math, "log") else tk.sqrt(x)
    p = wb.plot(rec, y, x, points=41, span=(-1.0, 3.0), target_label="y", source_label="x")
    assert np.isnan(p.curve.values[p.curve.x < 0]).all()
    assert np.isfinite(p.curve.values[p.curve.x > 0]).all()
    svg = p.to_svg()
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "tangent at x = 1.0" in svg
    assert str(p).startswith("y over x ∈ [-1.0, 3.0] (41 points); at x = 1.0:")


def test_panels_svg_and_ticks():
    x = np.linspace(0, 1, 5)
    svg = wb.panels_svg(
        x, [{"label": "f", "series": [("f", x**2, "#000", False)]}], title="t<&>", xlabel="x"
    )
    ET.fromstring(svg)  # well-formed, escaped
    assert "t&lt;&amp;&gt;" in svg
    assert nice_ticks(0, 1, 5) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(-3, 3, 6) == [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]


def test_draw_text_and_svg():
    x = tk.Variable(3.0)
    c = tk.constant([1.0, 2.0])
    with wb.record(watch=[c]) as rec:
        y = x * x
        z = tk.reduce_sum(c * y) + 2.0
    wb.name(rec, {"x": x, "c": c, "y": y, "z": z})
    g = wb.draw(rec)
    text = str(g)
    assert text.splitlines() == [
        "tape `tape`: 4 op(s)",
        "  y  = Mul(x, x)       9.0",
        "  v1 = Mul(c, y)       [9.0, 18.0]",
        "  v2 = Sum(v1)         27.0",
        "  z  = AddV2(v2, 2.0)  29.0",
        "watched: c, x (Variable)",
    ]
    root = ET.fromstring(g.to_svg())
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"Mul", "Sum", "AddV2", "x", "c", "y", "z", "2.0"} <= set(labels)


def test_draw_large_tape_is_truncated():
    x = tk.Variable(1.0)
    with wb.record() as rec:
        y = x
        for _ in range(100):
            y = y * 1.01
    g = wb.draw(rec)
    svg = g.to_svg()
    assert "showing the last 60 of 100 ops" in svg
    ET.fromstring(svg)
    lines = str(g).splitlines()
    assert len(lines) == 102  # the title, 100 ops, what is watched
    assert lines[-1] == "watched: Variable:0 (Variable)"


def test_summary_lines():
    x = tk.Variable(3.0)
    with wb.record(order=2, name="t") as rec:
        y = x * x
    rec.results = [("y", y)]
    wb.name(rec, {"x": x, "y": y})
    assert wb.summary(rec).lines() == [
        "tape `t`: 1 op(s) recorded: Mul",
        "watched: x (Variable)",
        "results: y = 9.0",
        "order 2: 2 nested tapes, %grad --order up to 2",
        "`t` is not persistent: `t.gradient(...)` works once, as in TensorFlow; %grad can be "
        "used any number of times.",
    ]


def test_workbench_on_another_array_backend():
    """Nothing in the workbench is NumPy-only: the same flow on array_api_strict."""
    array_api_strict = pytest.importorskip("array_api_strict")
    from tapekit._engine import backend as _backend

    with _backend.use(array_api_strict):
        x = tk.Variable(2.0)
        c = tk.constant([1.0, 2.0])
        with wb.record(order=2, watch=[c]) as rec:
            y = tk.reduce_sum(c * x * x)
    assert type(x._value).__module__.startswith("array_api_strict")
    wb.name(rec, {"x": x, "c": c, "y": y})
    assert float(rec.gradient(y, x, order=2)) == 6.0
    assert wb.grad(rec, y, c).math_text() == "∂y/∂c = [4., 4.]"
    assert "Result (chain rule): ∂y/∂x = 12.0" in str(wb.explain(rec, y, x))
    assert str(wb.plot(rec, y, x, order=2)).endswith("y = 12.0, ∂y/∂x = 12.0, ∂²y/∂x² = 6.0")
    assert "  y  = Sum(v2)     12.0" in str(wb.draw(rec))
