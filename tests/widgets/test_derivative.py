"""derivative_explorer: its state logic, without a browser (tapekit.widgets.derivative)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import tapekit as tk
from tapekit.widgets import WidgetInputError, derivative_explorer
from tapekit.widgets._render import decode_png

pytestmark = pytest.mark.numpy_only


def f_ref(x):
    return np.sin(x) * x**2


def df_ref(x):
    return np.cos(x) * x**2 + 2 * x * np.sin(x)


def d2f_ref(x):
    return -np.sin(x) * x**2 + 4 * x * np.cos(x) + 2 * np.sin(x)


def test_headless_returns_figure_and_data():
    fig, data = derivative_explorer("sin(x) * x**2", interactive=False)
    assert type(fig).__name__ == "Figure"
    x = data["x"]
    assert data["mode"] == "vectorized" and data["dtype"] == "float64"
    np.testing.assert_allclose(data["f"], f_ref(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(data["derivatives"][1], df_ref(x), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(data["derivatives"][2], d2f_ref(x), rtol=1e-10, atol=1e-10)
    assert data["x0"] == 1.0 and data["f0"] == pytest.approx(f_ref(1.0))


def test_snapshot_displays_as_png_with_a_text_summary():
    snap = derivative_explorer("x**3", x0=2.0, orders=(1,), interactive=False)
    assert snap._repr_png_()[:4] == b"\x89PNG"
    assert repr(snap) == (
        "derivative_explorer: f(x) = x**3 on [-3.0, 3.0], at x₀ = 2.0: f(x₀) = 8, "
        "f′(x₀) = 12 (Taylor order 2)"
    )


def test_slider_change_gives_the_new_point_tangent_and_taylor():
    w = derivative_explorer(lambda x: tk.sin(x) * x**2, x0=1.0)
    png0 = bytes(w.image.value)
    w.x0.value = -1.5
    d = w.model.data
    assert d["x0"] == -1.5
    assert d["f0"] == pytest.approx(f_ref(-1.5))
    assert d["derivatives_at_x0"][1] == pytest.approx(df_ref(-1.5))
    x = d["x"]
    np.testing.assert_allclose(d["tangent"], f_ref(-1.5) + df_ref(-1.5) * (x + 1.5))
    taylor2 = f_ref(-1.5) + df_ref(-1.5) * (x + 1.5) + d2f_ref(-1.5) / 2 * (x + 1.5) ** 2
    np.testing.assert_allclose(d["taylor"], taylor2, rtol=1e-10, atol=1e-10)
    assert bytes(w.image.value) != png0  # a new frame was sent
    w.taylor_order.value = 4
    assert w.model.data["taylor_order"] == 4
    assert len(w.model.data["derivatives_at_x0"]) == 4  # f′..f⁽⁴⁾ exact at x₀
    assert w.model.data["derivatives_at_x0"][3] == pytest.approx(
        -np.cos(-1.5) * 2.25 - 6 * -1.5 * np.sin(-1.5) + 6 * np.cos(-1.5)
    )


def test_widget_frame_equals_the_headless_render():
    w = derivative_explorer("exp(-x^2)", x0=0.0)
    w.x0.value = 0.75
    headless = derivative_explorer("exp(-x^2)", x0=0.75, interactive=False)
    assert np.array_equal(decode_png(bytes(w.image.value)), decode_png(headless.png))


def test_blitted_frame_equals_a_full_savefig_draw():
    """The cached static layer plus dynamic artists is the same picture as one draw."""
    snap = derivative_explorer("sin(x) * x**2", x0=-0.5, taylor=3, interactive=False)
    from tapekit.widgets.derivative import DerivativeModel

    m = DerivativeModel("sin(x) * x**2", x0=-0.5, taylor=3)
    m.render()  # static layer cached
    m.set(x0=2.0)
    m.render()
    m.set(x0=-0.5)
    blit = decode_png(m.render())
    full = decode_png(m.frame.savefig_png())
    assert blit.shape == full.shape
    assert np.array_equal(blit, decode_png(snap.png))
    assert (np.abs(blit.astype(int) - full.astype(int)) > 0).mean() < 0.001


def test_not_elementwise_functions_go_point_by_point():
    data = derivative_explorer(lambda x: x - tk.reduce_mean(x), interactive=False).data
    assert data["mode"] == "pointwise"
    np.testing.assert_allclose(data["f"], 0.0)  # one point at a time: x - x
    data = derivative_explorer(lambda x: tk.reduce_sum(x**2), interactive=False).data
    assert data["mode"] == "pointwise"
    np.testing.assert_allclose(data["derivatives"][1], 2 * data["x"])


def test_float32_constants_are_accepted():
    a = tk.constant(2.0)  # float32, as students write it
    data = derivative_explorer(lambda x: a * x**2, interactive=False).data
    assert data["dtype"] == "float32"
    assert data["derivatives_at_x0"] == {1: 4.0, 2: 4.0}


def test_undefined_points_are_gaps_with_a_note():
    data = derivative_explorer("log(x)", interactive=False).data
    assert np.isnan(data["f"][data["x"] < 0]).all()
    assert data["notes"] == [
        "f is undefined (NaN or ±inf) at 101 of 201 grid points; the curves have gaps there."
    ]


def test_constant_expression():
    data = derivative_explorer("3", interactive=False).data
    np.testing.assert_allclose(data["f"], 3.0)
    np.testing.assert_allclose(data["derivatives"][1], 0.0)


# -- bad input: a message in the widget, never a dead kernel --------------------------------
BAD = [
    (lambda x: 1 / 0, "f(x) raised an error at x = 1.0: ZeroDivisionError: division by zero"),
    (
        lambda x: tk.stack([x, x]),
        "f(x) must return one number for one x, but returned shape (2,).",
    ),
    (lambda x: float(x.numpy()) ** 2, "f(x) changes with x but its gradient is None"),
    (lambda x: tk.constant(np.sin(x.numpy())), "f(x) changes with x but its gradient is None"),
    (lambda x: "text", "f(x) returned a str, not a tapekit tensor"),
    ("sin(x", "Cannot read the expression:\n  sin(x\n     ^"),
    ("2x + 1", "`2x` needs a * between 2 and x."),
    ("sinn(x)", "Unknown name `sinn` in `sinn(x)`. Did you mean `sin`?"),
    ("__import__('os')", "Unknown name `__import__`"),
    ("x.real", "`x.real` is not allowed in an expression"),
    ("", "The expression is empty"),
    (42, "f must be a function of one tensor or a string expression, not int."),
]


@pytest.mark.parametrize("f, text", BAD)
def test_bad_input_shows_a_message_in_the_widget(f, text):
    w = derivative_explorer(f)
    assert text in w.model.error
    assert "tapekit-widget-error" in w.status.value
    assert w.x0.disabled  # nothing to move
    assert bytes(w.image.value)[:4] == b"\x89PNG"  # the message as the picture
    bundle = w._repr_mimebundle_()
    assert bundle["text/plain"].startswith("derivative_explorer: ")
    with pytest.raises(WidgetInputError) as e:
        derivative_explorer(f, interactive=False)
    assert text in str(e.value)


def test_fixing_the_expression_in_the_widget():
    w = derivative_explorer("sin(x")
    assert w.model.error
    w.expression.value = "x^2 - 2*x + 1"
    assert w.model.error is None and not w.x0.disabled
    assert w.model.data["f0"] == 0.0 and w.model.data["derivatives_at_x0"][1] == 0.0
    w.expression.value = "cos(x"  # a typo keeps the last good plot
    assert "Cannot read" in w.model.error and w.model.data["label"] == "x^2 - 2*x + 1"


def test_power_caret_keeps_precedence():
    data = derivative_explorer("-x^2 + 2*x^2", x0=1.5, interactive=False).data
    assert data["f0"] == pytest.approx(2.25)


def test_bad_arguments():
    with pytest.raises(WidgetInputError, match="range must be"):
        derivative_explorer("x", x_range=(1, 1), interactive=False)
    with pytest.raises(WidgetInputError, match="orders must be"):
        derivative_explorer("x", orders=(0,), interactive=False)


def test_labels_in_chinese_render_without_missing_glyphs():
    tk.config.set_language("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would raise
        snap = derivative_explorer("sin(x)", interactive=False)
        snap.figure.savefig(__import__("io").BytesIO(), format="png")
    texts = [t.get_text() for t in snap.figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert any("及其导数（自动微分）" in t for t in texts)
    assert any("阶泰勒多项式" in t for t in texts)
    assert "泰勒阶数" in repr(snap)


def test_replay_explorer_for_grad_plot():
    from tapekit import workbench as wb
    from tapekit.widgets.derivative import replay_explorer

    x = tk.Variable(1.0)
    with wb.record(order=2) as rec:
        y = x * x * x
    c = wb.curve(
        rec, y, x, points=41, span=(-2.0, 2.0), order=2, target_label="y", source_label="x"
    )
    w = replay_explorer(rec, y, x, c)
    assert repr(w) == (
        "y over x ∈ [-2.0, 2.0] (41 points); at x = 1.0: y = 1.0, ∂y/∂x = 3.0, ∂²y/∂x² = 6.0"
    )
    bundle = w._repr_mimebundle_()
    assert {"image/png", "image/svg+xml", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    w.x0.value = -1.0  # replays the record at the new point
    d = w.model.data
    assert (d["f0"], d["derivatives_at_x0"][1], d["derivatives_at_x0"][2]) == (-1.0, 3.0, -6.0)
    assert math.isclose(d["tangent"][0], -1.0 + 3.0 * (-2.0 + 1.0))
