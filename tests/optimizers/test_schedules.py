"""Learning-rate schedules: TF's values (recorded), types, serialization, custom ones."""

from __future__ import annotations

import pytest
from opt_reference import TF_EXTRA, TF_OPT, assert_close

import tapekit as tk

S = tk.optimizers.schedules
RECORDED = {
    "SGD_ExponentialDecay": S.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5),
    "SGD_PiecewiseConstantDecay": S.PiecewiseConstantDecay([10, 20], [0.1, 0.05, 0.01]),
    "SGD_CosineDecay": S.CosineDecay(0.1, 50),
}


@pytest.mark.parametrize("name", list(RECORDED))
def test_schedule_values_are_the_rates_tf_used(name):
    schedule = RECORDED[name]
    want = TF_OPT["clipping_and_schedules"][name]["quadratic"]["learning_rate_used"]
    got = [float(schedule(step).numpy()) for step in range(len(want))]
    assert got == want  # float32 arithmetic in TF's order: the same numbers


@pytest.mark.parametrize("expr", list(TF_EXTRA["schedules"]))
def test_more_schedules_match_tf(expr):
    schedule = eval("S." + expr)
    steps = TF_EXTRA["_meta"]["steps"]
    got = [float(schedule(tk.Variable(step, dtype=tk.int64)).numpy()) for step in steps]
    assert_close(got, TF_EXTRA["schedules"][expr], rtol=1e-6, what=expr)


def test_schedule_returns_a_float32_tensor():
    value = S.ExponentialDecay(0.1, 10, 0.5)(tk.constant(3))
    assert isinstance(value, tk.Tensor) and value.dtype == tk.float32 and value.shape == ()


def test_optimizer_learning_rate_follows_the_schedule():
    opt = tk.optimizers.SGD(learning_rate=S.PiecewiseConstantDecay([2], [1.0, 0.5]))
    x = tk.Variable(0.0)
    seen = []
    for _ in range(4):
        opt.apply_gradients([(tk.constant(1.0), x)])
        seen.append(float(opt.learning_rate.numpy()))
    assert seen == [1.0, 1.0, 1.0, 0.5]  # schedule(iterations) before each step
    assert float(x.numpy()) == -3.5


def test_custom_schedule_with_tapekit_ops():
    class Halving(S.LearningRateSchedule):
        def __call__(self, step):
            return 0.8 * tk.pow(0.5, tk.cast(step, tk.float32))

        def get_config(self):
            return {}

    opt = tk.optimizers.SGD(learning_rate=Halving())
    x = tk.Variable(0.0)
    for _ in range(3):
        opt.apply_gradients([(tk.constant(1.0), x)])
    assert float(x.numpy()) == pytest.approx(-1.4)
    config = opt.get_config()["learning_rate"]
    assert config["class_name"] == "Halving"
    again = tk.optimizers.SGD.from_config({**opt.get_config()}, custom_objects={"Halving": Halving})
    assert isinstance(again._schedule, Halving)


def test_serialize_deserialize_and_errors():
    schedule = S.CosineDecay(0.1, 50, warmup_target=0.2, warmup_steps=5)
    again = S.deserialize(S.serialize(schedule))
    assert type(again) is S.CosineDecay and again.get_config() == schedule.get_config()
    with pytest.raises(ValueError, match="custom_objects"):
        S.deserialize({"class_name": "Mystery", "config": {}})
    with pytest.raises(ValueError, match="1 less than the length of values"):
        S.PiecewiseConstantDecay([10, 20], [0.1, 0.05])
    with pytest.raises(NotImplementedError, match="__call__"):
        S.LearningRateSchedule()(0)
