"""The widgets' arguments (tapekit.widgets._base.check_int / check_number and their users):
wrong types, non-finite numbers and sizes past a limit get the widgets' own
WidgetInputError naming the fix or the limit, never a raw ValueError; an interrupt (the
kernel's stop button, a KeyboardInterrupt) keeps the previous state."""

from __future__ import annotations

import json

import pytest

import tapekit as tk
from tapekit.widgets import WidgetInputError, derivative_explorer, optimizer_explorer
from tapekit.widgets.derivative import MAX_POINTS
from tapekit.widgets.optimizer import MAX_STEPS

pytestmark = pytest.mark.numpy_only

NAN, INF = float("nan"), float("inf")

DERIVATIVE = [
    ({"x0": NAN}, "x0 must be a finite number, got nan."),
    ({"x0": INF}, "x0 must be a finite number, got inf."),
    ({"x0": "one"}, "x0 must be a finite number, got 'one'."),
    ({"x_range": (NAN, 1.0)}, "A range must be (low, high) with finite low < high"),
    ({"x_range": (-INF, 1.0)}, "A range must be (low, high) with finite low < high"),
    ({"x_range": (-1e308, 1e308)}, "A range must be (low, high) with finite low < high"),
    ({"x_range": "wide"}, "A range must be (low, high) with finite low < high"),
    ({"points": "many"}, f"points must be a whole number from 3 to {MAX_POINTS}, got 'many'."),
    ({"points": NAN}, f"points must be a whole number from 3 to {MAX_POINTS}, got nan."),
    ({"points": 10**7}, f"points must be a whole number from 3 to {MAX_POINTS}, got 10000000."),
    ({"points": 2}, f"points must be a whole number from 3 to {MAX_POINTS}, got 2."),
    ({"points": 50.5}, f"points must be a whole number from 3 to {MAX_POINTS}, got 50.5."),
    ({"points": True}, f"points must be a whole number from 3 to {MAX_POINTS}, got True."),
    ({"taylor": "abc"}, "taylor must be a whole number from 1 to 6, got 'abc'."),
    ({"taylor": 0}, "taylor must be a whole number from 1 to 6, got 0."),
    ({"taylor": 99}, "taylor must be a whole number from 1 to 6, got 99."),
    ({"orders": "abc"}, "orders must be derivative orders between 1 and 8"),
    ({"orders": (1, 9)}, "orders must be derivative orders between 1 and 8"),
    ({"var": "x y"}, "var must be a name of at most 40 characters (letters, digits and _"),
    ({"var": 3}, "var must be a name of at most 40 characters"),
    ({"name": "f" * 41}, "name must be a name of at most 40 characters, got 'fff"),
]


@pytest.mark.parametrize("kwargs, text", DERIVATIVE)
def test_derivative_explorer_arguments(kwargs, text):
    with pytest.raises(WidgetInputError) as e:
        derivative_explorer("sin(x)", interactive=False, **kwargs)
    assert text in str(e.value)
    with pytest.raises(WidgetInputError):  # the widget refuses them as well
        derivative_explorer("sin(x)", **kwargs)


def test_accepted_arguments_keep_the_slider_state_valid_json():
    w = derivative_explorer("sin(x)", x0=2, points=41.0, taylor=3.0)
    assert (w.model.points, w.model.taylor) == (41, 3)
    state = {k: getattr(w.x0, k) for k in ("value", "min", "max", "step")}
    json.dumps(state, allow_nan=False)  # NaN would not be valid JSON


OPTIMIZER = [
    ({"lr": "fast"}, "lr must be a finite number, got 'fast'."),
    ({"lr": NAN}, "lr must be a finite number, got nan."),
    ({"lr": 0}, "The learning rate must be a positive number, got 0.0."),
    ({"beta": "high"}, "beta must be a finite number, got 'high'."),
    ({"beta": 1.0}, "momentum / β₁ must be in [0, 1), got 1.0."),
    ({"steps": NAN}, f"steps must be a whole number from 1 to {MAX_STEPS}, got nan."),
    ({"steps": "many"}, f"steps must be a whole number from 1 to {MAX_STEPS}, got 'many'."),
    ({"steps": 10**9}, f"steps must be a whole number from 1 to {MAX_STEPS}, got 1000000000."),
    ({"steps": 2.5}, f"steps must be a whole number from 1 to {MAX_STEPS}, got 2.5."),
    ({"start": (NAN, 0.0)}, "start must be a point (x, y) of two finite numbers"),
    ({"x_range": (0.0, INF)}, "A range must be (low, high) with finite low < high"),
]


@pytest.mark.parametrize("kwargs, text", OPTIMIZER)
def test_optimizer_explorer_arguments(kwargs, text):
    w = optimizer_explorer("x**2 + y**2", ("SGD",), **kwargs)
    assert text in w.model.error
    assert "tapekit-widget-error" in w.status.value
    with pytest.raises(WidgetInputError) as e:
        optimizer_explorer("x**2 + y**2", ("SGD",), interactive=False, **kwargs)
    assert text in str(e.value)


def test_a_bad_setting_on_a_live_optimizer_explorer_keeps_it():
    w = optimizer_explorer("x**2 + y**2", ("SGD",), lr=0.05, steps=20)
    with pytest.raises(WidgetInputError, match="lr must be a finite number"):
        w.model.set(lr="fast")
    with pytest.raises(WidgetInputError, match="steps must be a whole number from 1 to 2000"):
        w.model.set(steps=float("nan"))
    assert w.model.lr == 0.05 and w.model.steps == 20


# -- interrupts: a KeyboardInterrupt from inside the computation -------------------------------
class Stopper:
    """A function that raises KeyboardInterrupt (as the stop button does) once armed."""

    def __init__(self, body):
        self.body = body
        self.armed = False

    def __call__(self, v):
        if self.armed:
            raise KeyboardInterrupt
        return self.body(v)


def test_interrupting_an_optimizer_recomputation_keeps_the_previous_runs():
    f = Stopper(lambda v: v[0] ** 2 + v[1] ** 2)
    w = optimizer_explorer(f, ("SGD",), start=(1.0, 1.0), lr=0.1, steps=30)
    before = w.model.runs["SGD"]["path"].copy()
    f.armed = True
    w.steps.value = 50  # the slider: the view recomputes the runs, which the interrupt stops
    assert w.model.error.startswith("Interrupted")
    assert (w.model.steps, w.model.lr) == (30, 0.1) and w.steps.value == 30
    assert (w.model.runs["SGD"]["path"] == before).all()
    f.armed = False
    w.steps.value = 40  # the widget still works
    assert w.model.error is None and len(w.model.runs["SGD"]["path"]) == 41


def test_interrupting_a_new_expression_keeps_the_previous_plot():
    w = derivative_explorer("x**2", x0=1.0)
    f0 = w.model.data["f0"]

    def slow(x):
        raise KeyboardInterrupt

    w.model.load(slow)
    assert w.model.error.startswith("Interrupted")
    assert w.model.data["f0"] == f0 and w.model.expression == "x**2"


def test_headless_use_lets_the_interrupt_through():
    def stop(x):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        derivative_explorer(stop, interactive=False)
    with pytest.raises(KeyboardInterrupt):
        optimizer_explorer(lambda v: stop(v), ("SGD",), interactive=False)


def test_an_interrupted_constructor_shows_a_message():
    def stop(x):
        raise KeyboardInterrupt

    w = derivative_explorer(stop)
    assert w.model.error.startswith("Interrupted") and w.x0.disabled
    w = optimizer_explorer(lambda v: stop(v), ("SGD",))
    assert w.model.error.startswith("Interrupted") and w.lr.disabled


def test_messages_in_chinese():
    tk.config.set_language("zh")
    try:
        with pytest.raises(WidgetInputError, match="points 必须是 3 到 10001 之间的整数"):
            derivative_explorer("x", points="many", interactive=False)
    finally:
        tk.config.set_language("en")
