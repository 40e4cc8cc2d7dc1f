"""optimizer_explorer: presets, sliders, divergence and bad input (no browser)."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest

import tapekit as tk
from tapekit.widgets import PRESETS, WidgetInputError, optimizer_explorer
from tapekit.widgets._render import decode_png

pytestmark = pytest.mark.numpy_only


def _sgd_path(lr, start, steps, grad):
    p = np.array(start, dtype=np.float32)
    out = [p.copy()]
    for _ in range(steps):
        p = (p - np.float32(lr) * grad(p)).astype(np.float32)
        out.append(p.copy())
    return np.array(out)


def test_trajectories_come_from_the_optimizers():
    fig, data = optimizer_explorer(
        "x**2 + 10*y**2", ("SGD", "Adam"), start=(1.5, -0.5), lr=0.05, steps=30,
        interactive=False,
    )  # fmt: skip
    sgd = data["trajectories"]["SGD"]
    want = _sgd_path(0.05, (1.5, -0.5), 30, lambda p: np.array([2 * p[0], 20 * p[1]]))
    np.testing.assert_allclose(sgd["path"], want, rtol=1e-6)
    assert sgd["diverged_at"] is None and sgd["optimizer"] == "SGD"
    # the same run through the public hook gives the same numbers
    traj = tk.optimizers.trajectory(
        tk.optimizers.Adam(0.05), lambda v: v[0] ** 2 + 10 * v[1] ** 2, [1.5, -0.5], 30
    )
    np.testing.assert_allclose(data["trajectories"]["Adam"]["path"], np.array(traj.path))
    np.testing.assert_allclose(data["trajectories"]["Adam"]["losses"][:-1], traj.losses, rtol=1e-6)


def test_seed_quadratic_preset_reproduces_seed_003():
    data = optimizer_explorer(
        "quadratic", ("SGD",), start=(0.0, 0.0), lr=0.01, steps=1000, interactive=False
    ).data
    x_final = data["trajectories"]["SGD"]["path"][-1][0]
    assert np.float32(x_final) == np.float32(0.999998569)


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_draws_and_nothing_warns(key):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        snap = optimizer_explorer(key, interactive=False)
    d = snap.data
    assert d["preset"] == key and d["note"]
    assert set(d["trajectories"]) == {"SGD", "Momentum", "Adam", "RMSprop"}
    for run in d["trajectories"].values():
        assert np.isfinite(run["path"]).all() and len(run["path"]) >= 2
    z = d["grid"]["z"]
    assert d["grid"]["vectorized"] and np.isfinite(z).all()
    assert decode_png(snap.png).shape[:2] == (450, 960)


def test_step_slider_only_indexes_the_precomputed_runs():
    w = optimizer_explorer("rosenbrock")
    runs = w.model.runs
    png0 = bytes(w.image.value)
    w.step.value = 10
    assert w.model.runs is runs  # nothing recomputed
    assert w.last_update_kind == "frame"
    d = w.model.data
    for label, run in d["trajectories"].items():
        np.testing.assert_array_equal(run["path"], runs[label]["path"][:11])
    assert bytes(w.image.value) != png0
    assert "step 10 of 400" in repr(w)


def test_learning_rate_and_beta_sliders_recompute():
    w = optimizer_explorer("ill-conditioned", ("Momentum", "Adam"))
    w.lr.value = 0.01
    assert w.model.lr == 0.01 and w.last_update_kind == "runs"
    run = w.model.runs["Momentum"]
    assert run["config"]["learning_rate"] == pytest.approx(0.01)
    assert run["learning_rates"][0] == pytest.approx(0.01)
    w.beta.value = 0.5
    assert w.model.runs["Momentum"]["config"]["momentum"] == pytest.approx(0.5)
    assert w.model.runs["Adam"]["config"]["beta_1"] == pytest.approx(0.5)
    w.steps.value = 25
    assert len(w.model.runs["Adam"]["path"]) == 26
    assert w.step.max == 25 and w.step.value == 25 and w.play.max == 25


def test_preset_dropdown_loads_its_settings():
    w = optimizer_explorer()
    assert w.model.preset_key == "quadratic"
    w.preset.value = "beale"
    p = PRESETS["beale"]
    assert (w.model.lr, w.model.steps, w.model.start) == (p.lr, p.steps, p.start)
    assert w.lr.value == pytest.approx(p.lr) and w.steps.value == p.steps
    assert w.last_update_kind == "all"
    assert "minimum at (3, 0.5)" in w.caption.value


def test_divergence_is_detected_and_shown():
    w = optimizer_explorer("quadratic", ("SGD", "Adam"), lr=1.5)
    sgd = w.model.runs["SGD"]
    assert sgd["diverged_at"] is not None and np.isfinite(sgd["path"]).all()
    assert w.model.runs["Adam"]["diverged_at"] is None
    assert "SGD diverged at step" in w.status.value
    assert "SGD ✕ diverged at step" in " ".join(
        t.get_text() for t in w.model._lax.get_legend().get_texts()
    )
    assert f"SGD diverged at step {sgd['diverged_at']}" in repr(w)
    # the plot is still drawn: a cross where the run was last seen
    assert len(w.model._crosses[0].get_xdata()) == 1
    assert bytes(w.image.value)[:4] == b"\x89PNG"


def test_divergence_to_nan_in_float32():
    data = optimizer_explorer("rosenbrock", ("SGD",), lr=0.05, interactive=False).data
    run = data["trajectories"]["SGD"]
    assert run["diverged_at"] is not None and run["diverged_at"] < 50
    assert np.isfinite(run["losses"]).all()


def test_saddle_runs_off_to_minus_infinity():
    data = optimizer_explorer("saddle", ("Momentum",), steps=200, interactive=False).data
    run = data["trajectories"]["Momentum"]
    assert run["reason"] == "unbounded"
    assert "f has no minimum in that direction" in " ".join(data["notes"])


def test_optimizer_instances_keep_their_settings():
    opt = tk.optimizers.SGD(0.1, momentum=0.5, nesterov=True)
    data = optimizer_explorer("quadratic", (opt, "sgd"), lr=0.02, interactive=False).data
    cfg = data["trajectories"]["Nesterov"]["config"]
    assert cfg["nesterov"] and cfg["learning_rate"] == pytest.approx(0.02)


def test_user_function_not_vectorisable_falls_back_point_by_point():
    def f(v):
        return tk.reduce_sum(v * v)  # sums over everything: not a batch of points

    data = optimizer_explorer(f, ("SGD",), start=(1.0, 1.0), lr=0.1, interactive=False).data
    assert not data["grid"]["vectorized"]
    np.testing.assert_allclose(
        data["grid"]["z"], data["grid"]["x"] ** 2 + data["grid"]["y"] ** 2, rtol=1e-5
    )


BAD = [
    (lambda v: v[0] / 0 + 1 / 0, "f raised an error at (0.8, 0.8): ZeroDivisionError"),
    (lambda v: v * 2, "f must return one number (the loss) for a point v of shape (2,)"),
    (lambda v: tk.constant(float(v.numpy().sum())), "The gradient of f is None"),
    ("x**2 + yy", "Unknown name `yy` in `x**2 + yy`. Did you mean `y`?"),
]


@pytest.mark.parametrize("f, text", BAD)
def test_bad_functions_show_a_message(f, text):
    w = optimizer_explorer(f, start=(0.8, 0.8))
    assert text in w.model.error
    assert "tapekit-widget-error" in w.status.value and w.lr.disabled
    w.preset.value = "himmelblau"  # a preset still works from there
    assert w.model.error is None and not w.lr.disabled or w.model.runs
    with pytest.raises(WidgetInputError):
        optimizer_explorer(f, start=(0.8, 0.8), interactive=False)


def test_bad_settings():
    with pytest.raises(WidgetInputError, match="Unknown optimizer `Adamm`. Did you mean `Adam`"):
        optimizer_explorer(optimizers=("Adamm",), interactive=False)
    with pytest.raises(WidgetInputError, match="Unknown preset"):
        optimizer_explorer(preset="rosenbrok", interactive=False)
    with pytest.raises(WidgetInputError, match="start must be a point"):
        optimizer_explorer("x**2+y**2", start=(1.0,), interactive=False)
    with pytest.raises(WidgetInputError, match="learning rate must be a positive"):
        optimizer_explorer(lr=-1, interactive=False)


def test_chinese_labels_without_missing_glyphs():
    tk.config.set_language("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w = optimizer_explorer("himmelblau")
        w.model.frame.figure.savefig(__import__("io").BytesIO(), format="png")
    assert "梯度下降" in " ".join(t.get_text() for t in w.model.frame.figure.texts)
    assert w.lr.description == "学习率"
    assert repr(w).startswith("optimizer_explorer：himmelblau")


@pytest.mark.parametrize("preset", ["rosenbrock", "beale", "quadratic"])
def test_the_legend_is_drawn_above_the_curves_and_end_markers_whole(preset):
    """Issue 11: the legend was drawn under the paths and markers, and the markers at the
    axes' edge were clipped in half; checked on the figure's artists after a Play frame."""
    w = optimizer_explorer(preset, ("SGD", "Adam", "RMSprop"))
    w.step.value = w.model.steps // 2  # as during Play
    w.step.value = w.model.steps  # the last frame: the end markers on the loss axis' edge
    m = w.model
    w.model.render()
    legend = m._lax.get_legend()
    drawn = [*m._lax.get_lines(), *m._lax.collections]
    assert legend.get_zorder() > max(a.get_zorder() for a in drawn)
    assert all(not d.get_clip_on() for d in (*m._loss_dots, *m._crosses))
    assert m._loss_dots[0].get_xdata()[0] == m.steps == m._lax.get_xlim()[1]  # on the edge
    for head in m._heads:
        if len(head.get_xdata()):
            x, y = head.get_xdata()[0], head.get_ydata()[0]
            inside = m.x_range[0] <= x <= m.x_range[1] and m.y_range[0] <= y <= m.y_range[1]
            assert head.get_clip_on() is not inside  # whole inside, clipped once outside


def test_play_steps_like_the_slider_and_each_frame_is_the_sliders_step(monkeypatch):
    w = optimizer_explorer("quadratic", ("SGD", "Adam"), steps=40)
    assert w.play.step == w.step.step and (w.play.min, w.play.max) == (w.step.min, w.step.max)
    for k in (3, 4, 17):  # what Play sends, through its link to the slider
        w.step.value = k
        assert w.model.step == k and w.model.data["step"] == k
        assert w.model._stepnote.get_text() == message_for_step(k, 40)
        assert bytes(w.image.value) == w.model.render()  # the frame shown is step k's
    w.steps.value = 60
    assert (w.play.max, w.step.max, w.play.step) == (60, 60, w.step.step)
    # frames drawn slower than Play asks for them: Play waits for the kernel
    slow = w.model.render

    def render():
        time.sleep(0.3)
        return slow()

    monkeypatch.setattr(w.model, "render", render)
    w.step.value = 5
    assert w.play.interval >= w.last_update_ms >= 300
    monkeypatch.setattr(w.model, "render", slow)
    w.step.value = 6
    assert w.play.interval <= max(80, int(1.25 * w.last_update_ms) + 1)  # quick again


def message_for_step(k: int, n: int) -> str:
    from tapekit._messages import message

    return message("wg_step_of", k=k, n=n)
