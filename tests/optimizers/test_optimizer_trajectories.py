"""Every optimizer's trajectory matches TensorFlow 2.21 + tf-keras 2.21 step by step.

Recorded by tests/reference/record_tf.py (100 steps on a quadratic and on Rosenbrock
from [1.5, -0.5] in float32; clipping and schedules: 30 steps on the quadratic) and by
tests/reference/record_tf_optimizers_extra.py (two variables, float32/float64/float16,
weight decay, EMA, clipping combinations).  The required agreement is 1e-5 relative;
tapekit reproduces TF's float32 arithmetic, so in practice the numbers are identical.
"""

from __future__ import annotations

import numpy as np
import pytest
from opt_reference import TF_EXTRA, TF_OPT, assert_close, make, run_recorded_loop

import tapekit as tk

CASES = [
    (name, problem)
    for name, rec in TF_OPT["optimizers"].items()
    for problem in ("quadratic", "rosenbrock")
    if problem in rec
]


@pytest.mark.parametrize("name, problem", CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_trajectory_matches_tf(name, problem):
    rec = TF_OPT["optimizers"][name]
    ref = rec[problem]
    opt, got = run_recorded_loop(rec["constructor"], problem, rec["steps"])
    assert_close(got["positions"], ref["positions"], what=f"{name} {problem} positions")
    assert_close(got["losses"], ref["losses"], what=f"{name} {problem} losses")
    # gradients are the engine's: near a minimum they are differences of larger terms
    grads = np.abs(np.asarray(got["grads"], dtype=np.float64))
    scale = float(np.max(grads[np.isfinite(grads)]))
    assert_close(got["grads"], ref["grads"], atol=1e-5 * scale, what=f"{name} {problem} grads")
    assert_close([got["final_loss"]], [ref["final_loss"]], what="final loss")
    assert got["learning_rate_used"] == ref["learning_rate_used"]
    assert got["iterations"] == ref["iterations"]
    assert opt.get_config() == rec["config"]


SCHEDULED = list(TF_OPT["clipping_and_schedules"])


@pytest.mark.parametrize("name", SCHEDULED)
def test_clipping_and_schedule_trajectories_match_tf(name):
    rec = TF_OPT["clipping_and_schedules"][name]
    ref = rec["quadratic"]
    opt, got = run_recorded_loop(rec["constructor"], "quadratic", rec["steps"])
    assert_close(got["positions"], ref["positions"], what=f"{name} positions")
    assert_close(got["losses"], ref["losses"], what=f"{name} losses")
    assert_close(got["learning_rate_used"], ref["learning_rate_used"], rtol=1e-7, what="lr")
    assert got["iterations"] == ref["iterations"]
    assert opt.get_config() == rec["config"]


# array_api_strict has no float16: those cases run on NumPy (and CuPy) only
MULTI = [
    pytest.param(k, marks=pytest.mark.numpy_only) if k.endswith("float16") else k
    for k in TF_EXTRA["multi"]
]


def _coupled_loss(x, y, dtype):
    return (
        tk.reduce_sum(x**2 * tk.constant([1.0, 10.0], dtype))
        + tk.reduce_sum(y**3)
        + tk.reduce_sum(x) * tk.reduce_sum(y)
    )


@pytest.mark.parametrize("key", MULTI)
def test_two_variables_and_dtypes_match_tf(key):
    """float64 and float16 too: TF's casts (hyperparameters through float32) included."""
    expr, dtype = key.rsplit(" ", 1)
    opt = make(expr)
    x = tk.Variable([1.5, -0.5], dtype=dtype, name="x")
    y = tk.Variable([[0.25], [2.0]], dtype=dtype, name="y")
    xs, ys = [], []
    for _ in range(7):
        with tk.GradientTape() as tape:
            loss = _coupled_loss(x, y, dtype)
        gx, gy = tape.gradient(loss, [x, y])
        opt.apply_gradients(zip([gx, gy], [x, y]))
        xs.append(x.numpy().tolist())
        ys.append(y.numpy().tolist())
    ref = TF_EXTRA["multi"][key]
    rtol = 1e-3 if dtype == "float16" else 1e-5
    assert_close(xs, [p[0] for p in ref], rtol=rtol, what=f"{key} x")
    assert_close(ys, [p[1] for p in ref], rtol=rtol, what=f"{key} y")
    assert [v.name for v in opt.variables] == TF_EXTRA["slot_names"][expr]


@pytest.mark.numpy_only
def test_float32_arithmetic_is_tfs_exactly():
    """Not required (1e-5 is), but tapekit repeats TF's float32 operation order and
    rounding, so Adam on Rosenbrock lands on TF's bits after 100 steps."""
    rec = TF_OPT["optimizers"]["Adam"]
    _, got = run_recorded_loop(rec["constructor"], "rosenbrock", 100)
    want = np.asarray(rec["rosenbrock"]["positions"], dtype=np.float32)
    np.testing.assert_array_equal(np.asarray(got["positions"], dtype=np.float32), want)
