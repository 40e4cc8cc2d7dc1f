"""The trajectory hook: what plots and widgets use instead of a copy of the update rules."""

from __future__ import annotations

import json

import numpy as np
import pytest
from opt_reference import PROBLEMS, TF_OPT, assert_close

import tapekit as tk


@pytest.mark.parametrize("name", ["Adam", "RMSprop_momentum_centered", "Nadam"])
def test_trajectory_function_reproduces_tfs_run(name):
    rec = TF_OPT["optimizers"][name]
    ref = rec["rosenbrock"]
    opt = eval(rec["constructor"], {"tf": tk})
    traj = tk.optimizers.trajectory(opt, PROBLEMS["rosenbrock"], [1.5, -0.5], steps=100)
    assert len(traj) == 100 and traj.names == ["x:0"]
    assert_close([p.tolist() for p in traj.positions], ref["positions"], what="positions")
    assert_close(traj.losses, ref["losses"], what="losses")
    assert_close([traj.final_loss], [ref["final_loss"]], what="final loss")
    assert traj.learning_rates == ref["learning_rate_used"]
    assert traj.iterations == list(range(1, 101))
    np.testing.assert_array_equal(traj.path[0], np.array([1.5, -0.5], np.float32))
    assert len(traj.path) == 101


def test_record_trajectory_around_an_apply_gradients_loop():
    x = tk.Variable([1.0, 1.0], name="w")
    b = tk.Variable(0.5, name="b")
    opt = tk.optimizers.SGD(0.1)

    def loss():
        return tk.reduce_sum(x * x) + b * b

    with opt.record_trajectory(loss=loss) as traj:
        for _ in range(3):
            with tk.GradientTape() as tape:
                value = loss()
            opt.apply_gradients(zip(tape.gradient(value, [x, b]), [x, b]))
    opt.apply_gradients([(tk.constant([1.0, 1.0]), x), (tk.constant(1.0), b)])  # not recorded
    assert traj.names == ["w:0", "b:0"] and len(traj) == 3
    start_x, start_b = traj.start
    np.testing.assert_array_equal(start_x, [1.0, 1.0])
    assert start_b == 0.5
    assert traj.losses[0] == pytest.approx(2.25)
    gx, gb = traj.gradients[0]
    np.testing.assert_allclose(gx, [2.0, 2.0])
    assert gb == pytest.approx(1.0)
    px, pb = traj.positions[-1]
    np.testing.assert_allclose(px, [0.512, 0.512], rtol=1e-6)
    assert pb == pytest.approx(0.256)
    assert opt._recorders == []
    json.dumps(traj.to_dict())  # plain lists and numbers for a front end


def test_minimize_records_its_own_loss_and_chosen_variables():
    x = tk.Variable(2.0, name="x")
    y = tk.Variable(-1.0, name="y")
    opt = tk.optimizers.Adam(0.5)
    with opt.record_trajectory(variables=[y]) as traj:
        for _ in range(4):
            opt.minimize(lambda: x * x + y * y, [x, y])
    assert traj.names == ["y:0"]
    assert traj.losses[0] == 5.0
    assert all(isinstance(v, float) for v in traj.losses)
    assert float(traj.positions[-1]) == float(y.numpy())


def test_nested_recorders_and_trajectory_from_an_existing_variable():
    x = tk.Variable([0.5, 0.5])
    opt = tk.optimizers.Adagrad(0.1)
    with opt.record_trajectory() as outer:
        traj = tk.optimizers.trajectory(opt, lambda v: tk.reduce_sum(v**2), x, steps=5)
    assert len(outer) == len(traj) == 5
    np.testing.assert_array_equal(traj.positions[-1], x.numpy())
    assert "Adagrad" in repr(traj)
