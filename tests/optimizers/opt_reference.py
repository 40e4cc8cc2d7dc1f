"""Shared helpers for the optimizer tests: the recorded TensorFlow numbers and a runner
that repeats record_tf.py's loop with tapekit (imported as ``opt_reference``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import tapekit as tk

REFERENCE = Path(__file__).resolve().parents[1] / "reference"


def _load(name):
    with open(REFERENCE / name, encoding="utf-8") as fh:
        return json.load(fh)


TF_OPT = _load("tf_optimizers.json")
TF_EXTRA = _load("tf_optimizers_extra.json")

PROBLEMS = {
    "quadratic": lambda x: x[0] ** 2 + 10.0 * x[1] ** 2,
    "rosenbrock": lambda x: (1.0 - x[0]) ** 2 + 100.0 * (x[1] - x[0] ** 2) ** 2,
}


def floats(value):
    """Recorded numbers (NaN/inf written as strings) as a float64 array."""
    if isinstance(value, list):
        return np.array([floats(v) for v in value], dtype=np.float64)
    return np.float64(float(value))


def make(expr):
    """An optimizer from a recorded constructor expression (``tf.keras.optimizers...``)."""
    return eval(expr, {"tf": tk})


def run_recorded_loop(expr, problem, steps):
    """record_tf.py's ``trajectory``: tape + apply_gradients, read back after each step."""
    opt = make(expr)
    x = tk.Variable([1.5, -0.5], dtype=tk.float32, name="x")
    loss_fn = PROBLEMS[problem]
    out = {"positions": [], "losses": [], "learning_rate_used": [], "grads": []}
    with np.errstate(all="ignore"):
        for _ in range(steps):
            with tk.GradientTape() as tape:
                loss = loss_fn(x)
            g = tape.gradient(loss, x)
            opt.apply_gradients([(g, x)])
            out["learning_rate_used"].append(float(tk.convert_to_tensor(opt.learning_rate).numpy()))
            out["losses"].append(float(loss.numpy()))
            out["grads"].append(g.numpy().tolist())
            out["positions"].append(x.numpy().tolist())
        out["final_loss"] = float(loss_fn(x).numpy())
    out["iterations"] = int(opt.iterations.numpy())
    return opt, out


def assert_close(got, want, rtol=1e-5, what="", atol=1e-12):
    """Relative agreement, NaN where TF has NaN (diverging runs diverge alike)."""
    got = np.asarray(got, dtype=np.float64)
    want = floats(want) if isinstance(want, list) else np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape, what
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=what)
    ok = ~np.isnan(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=rtol, atol=atol, err_msg=what)
