"""apply_gradients / minimize / configuration: TF's behaviour, and clear errors naming the fix."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from opt_reference import TF_OPT

import tapekit as tk

ALL = ["SGD", "Adam", "AdamW", "Nadam", "Adamax", "RMSprop", "Adagrad", "Adadelta"]


def _tf_warning(text):
    return text.split("WARNING: ", 1)[1]


# --------------------------------------------------------------------------- wiring


def test_keras_optimizers_is_tk_optimizers():
    assert tk.keras.optimizers is tk.optimizers
    assert tk.keras.optimizers.SGD is tk.optimizers.SGD
    assert (
        tk.keras.optimizers.schedules.ExponentialDecay is tk.optimizers.schedules.ExponentialDecay
    )
    assert tk.optimizers.experimental.Adam is tk.optimizers.Adam


def test_other_keras_names_still_point_to_the_readme():
    with pytest.raises(AttributeError, match="README"):
        tk.keras.layers  # noqa: B018
    with pytest.raises(AttributeError, match="schedule"):
        tk.keras.optimizers.legacy  # noqa: B018


def test_get_serialize_deserialize():
    assert isinstance(tk.optimizers.get("adam"), tk.optimizers.Adam)
    opt = tk.optimizers.RMSprop(0.05, centered=True)
    assert tk.optimizers.get(opt) is opt
    again = tk.optimizers.deserialize(tk.optimizers.serialize(opt))
    assert type(again) is tk.optimizers.RMSprop
    assert again.get_config() == opt.get_config()
    with pytest.raises(ValueError, match="Adam"):
        tk.optimizers.get("adamm")


# --------------------------------------------------------------------------- None gradients


def test_one_none_gradient_is_skipped_with_tfs_warning():
    ref = TF_OPT["none_gradients"]["one_none"]
    opt = tk.optimizers.SGD(learning_rate=0.1)
    a = tk.Variable(1.0, name="a")
    b = tk.Variable(2.0, name="b")
    with pytest.warns(UserWarning) as caught:
        opt.apply_gradients([(None, a), (tk.constant(1.0), b)])
    assert str(caught[0].message) == _tf_warning(ref["warnings"][0])
    assert float(a.numpy()) == ref["a"]["value"]
    assert float(b.numpy()) == ref["b"]["value"]
    assert int(opt.iterations.numpy()) == ref["iterations"]


def test_all_none_gradients_raise_tfs_error_plus_the_fix():
    ref = TF_OPT["none_gradients"]["all_none"]
    opt = tk.optimizers.SGD(learning_rate=0.1)
    a = tk.Variable(1.0, name="a")
    with pytest.raises(ValueError) as info:
        opt.apply_gradients([(None, a)])
    text = str(info.value)
    assert text.startswith(ref["message"].replace("tf.Variable", "tk.Variable"))
    assert "inside the GradientTape" in text
    assert int(opt.iterations.numpy()) == 0


def test_minimize_with_an_unconnected_variable():
    ref = TF_OPT["none_gradients"]["minimize_one_unconnected"]
    opt = tk.optimizers.SGD(learning_rate=0.1)
    a = tk.Variable(1.0, name="a")
    b = tk.Variable(2.0, name="b")
    with pytest.warns(UserWarning) as caught:
        opt.minimize(lambda: a * 3.0, [a, b])
    assert str(caught[0].message) == _tf_warning(ref["warnings"][0])
    assert float(a.numpy()) == ref["a"]["value"]
    assert float(b.numpy()) == ref["b"]["value"]


# --------------------------------------------------------------------------- minimize


def test_minimize_callable_tensor_with_tape_and_callable_var_list():
    x = tk.Variable(3.0)
    opt = tk.optimizers.SGD(0.1)
    assert opt.minimize(lambda: x * x, [x]) is opt.iterations
    assert float(x.numpy()) == pytest.approx(2.4)
    with tk.GradientTape() as tape:
        loss = x * x
    opt.minimize(loss, [x], tape=tape)
    assert float(x.numpy()) == pytest.approx(1.92)
    opt.minimize(lambda: x * x, lambda: [x])
    assert float(x.numpy()) == pytest.approx(1.536)
    assert int(opt.iterations.numpy()) == 3
    opt.minimize(lambda: x * x, x)  # a single variable is accepted too
    assert int(opt.iterations.numpy()) == 4


def test_compute_gradients_and_empty_lists():
    x = tk.Variable(2.0)
    opt = tk.optimizers.Adam()
    ((g, v),) = opt.compute_gradients(lambda: x * x, [x])
    assert v is x and float(g.numpy()) == 4.0
    assert opt.apply_gradients([]) is opt.iterations
    assert int(opt.iterations.numpy()) == 0


def test_iterations_counts_steps_and_the_learning_rate_can_change():
    x = tk.Variable([1.0, 2.0])
    opt = tk.optimizers.SGD(learning_rate=0.5)
    assert opt.learning_rate.dtype == tk.float32
    opt.apply_gradients([(tk.constant([1.0, 1.0]), x)])
    opt.learning_rate = 0.25
    opt.apply_gradients([(tk.constant([1.0, 1.0]), x)])
    opt.learning_rate.assign(0.125)  # TF code often does this
    opt.apply_gradients([(tk.constant([1.0, 1.0]), x)])
    np.testing.assert_allclose(x.numpy(), [0.125, 1.125])
    assert opt.iterations.dtype == tk.int64 and int(opt.iterations.numpy()) == 3
    assert float(opt.lr.numpy()) == 0.125


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", ["0.01", None, [0.1], True, {"lr": 0.1}])
def test_wrong_learning_rate_types(bad):
    with pytest.raises(TypeError, match=r"learning_rate=0\.01"):
        tk.optimizers.Adam(learning_rate=bad)


def test_learning_rate_function_of_the_step_points_to_schedules():
    with pytest.raises(TypeError, match="LearningRateSchedule"):
        tk.optimizers.SGD(learning_rate=lambda step: 0.1 * 0.9**step)
    opt = tk.optimizers.SGD(learning_rate=lambda: 0.2)  # TF: a 0-argument callable, once
    assert float(opt.learning_rate.numpy()) == pytest.approx(0.2)


def test_learning_rate_tensor_and_non_scalar_tensor():
    assert float(tk.optimizers.SGD(tk.constant(0.5)).learning_rate.numpy()) == 0.5
    with pytest.raises(TypeError, match="learning_rate"):
        tk.optimizers.SGD(tk.constant([0.1, 0.2]))
    opt = tk.optimizers.SGD(0.1)
    with pytest.raises(TypeError, match="learning_rate"):
        opt.learning_rate = "fast"


def test_schedule_learning_rate_is_not_settable():
    opt = tk.optimizers.SGD(tk.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))
    with pytest.raises(TypeError, match="float `learning_rate`"):
        opt.learning_rate = 0.1


def test_loss_that_is_not_callable():
    x = tk.Variable(1.0)
    opt = tk.optimizers.SGD()
    with pytest.raises(ValueError, match=r"minimize\(lambda: loss_fn\(x\), \[x\]\)"):
        opt.minimize(x * x, [x])
    with pytest.raises(TypeError, match=r"lambda: loss_fn\(x\)"):
        opt.minimize(3.0, [x])


@pytest.mark.parametrize(
    "var_list, match",
    [
        (None, "trainable_variables"),
        ("x", "trainable_variables"),
        ([tk.constant(1.0)], r"var_list\[0\].*tk\.Variable\(\.\.\.\)"),
    ],
)
def test_bad_var_lists(var_list, match):
    x = tk.Variable(1.0)
    with pytest.raises(TypeError, match=match):
        tk.optimizers.SGD().minimize(lambda: x * x, var_list)


def test_mismatched_gradient_and_variable_lists():
    x = tk.Variable([1.0, 2.0])
    y = tk.Variable(3.0)
    gx, gy = tk.constant([1.0, 1.0]), tk.constant(1.0)
    opt = tk.optimizers.SGD()
    with pytest.raises(TypeError, match=r"zip\(grads, variables\)"):
        opt.apply_gradients([gx, gy], [x, y])  # Keras 3 style: two lists
    with pytest.raises(TypeError, match="gradient first"):
        opt.apply_gradients([(x, gx)])
    with pytest.raises(TypeError, match=r"zip\(grads, variables\)"):
        opt.apply_gradients([gx, gy])
    with pytest.raises(TypeError, match=r"zip\(grads, variables\)"):
        opt.apply_gradients(gx)
    with pytest.raises(TypeError, match=r"tk\.Variable\(\.\.\.\)"):
        opt.apply_gradients([(gx, tk.constant([1.0, 2.0]))])
    with pytest.raises(ValueError, match="order of the pairs"):
        opt.apply_gradients([(gy, x), (gx, y)])  # gradients swapped between variables
    with pytest.raises(TypeError, match=r"tk\.cast\(grad, tk\.float32\)"):
        opt.apply_gradients([(tk.constant([1.0, 1.0], tk.float64), x)])
    assert int(opt.iterations.numpy()) == 0
    np.testing.assert_array_equal(x.numpy(), [1.0, 2.0])


def test_integer_variables_are_refused_with_the_fix():
    with pytest.raises(TypeError, match=r"tk\.Variable\(0\.0\)"):
        tk.optimizers.SGD().apply_gradients([(tk.constant(1), tk.Variable(1))])


def test_constructor_checks():
    with pytest.raises(ValueError, match=r"momentum` must be between \[0, 1\]"):
        tk.optimizers.SGD(momentum=1.5)
    with pytest.raises(ValueError, match="At most one of `clipnorm` and `global_clipnorm`"):
        tk.optimizers.Adam(clipnorm=1.0, global_clipnorm=1.0)
    with pytest.raises(ValueError, match="weight_decay"):
        tk.optimizers.AdamW(weight_decay=None)
    with pytest.raises(TypeError, match="beta_1"):
        tk.optimizers.Adam(betas=(0.9, 0.99))  # PyTorch's name: the valid ones are listed
    with pytest.raises(ValueError, match="schedule"):
        tk.optimizers.SGD(decay=0.01)
    with pytest.raises(TypeError, match="clipnorm"):
        tk.optimizers.SGD(clipnorm="1")


def test_lr_keyword_is_ignored_with_tfs_warning():
    with pytest.warns(UserWarning, match="`lr` is deprecated") as caught:
        opt = tk.optimizers.SGD(lr=0.5)
    assert float(opt.learning_rate.numpy()) == pytest.approx(0.01)  # as in TF 2.11+
    assert caught[0].filename == __file__  # the user's line, not tapekit's generated __init__


def test_messages_in_chinese():
    tk.config.set_language("zh")
    with pytest.raises(TypeError, match="学习率"):
        tk.optimizers.SGD(learning_rate="0.1")
    with pytest.warns(UserWarning, match="没有梯度"):
        tk.optimizers.SGD().apply_gradients(
            [(None, tk.Variable(1.0)), (tk.constant(1.0), tk.Variable(1.0))]
        )


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize("name", ALL)
def test_get_config_round_trip(name):
    cls = getattr(tk.optimizers, name)
    opt = cls(learning_rate=0.05, clipvalue=0.5)
    config = opt.get_config()
    again = cls.from_config(config)
    assert again.get_config() == config
    assert config["learning_rate"] == pytest.approx(0.05) and config["clipvalue"] == 0.5
    assert list(config)[:10] == list(TF_OPT["optimizers"]["SGD"]["config"])[:10]


def test_config_with_a_schedule_round_trips():
    schedule = tk.optimizers.schedules.CosineDecay(0.1, 50, alpha=0.1)
    opt = tk.optimizers.Adam(learning_rate=schedule)
    config = opt.get_config()
    assert config["learning_rate"]["class_name"] == "CosineDecay"
    again = tk.optimizers.Adam.from_config(config)
    assert isinstance(again._schedule, tk.optimizers.schedules.CosineDecay)
    assert again.get_config() == config


def test_variables_and_weights():
    x = tk.Variable([1.0, 2.0], name="x")
    opt = tk.optimizers.Adam(0.1)
    opt.apply_gradients([(tk.constant([1.0, 1.0]), x)])
    names = [v.name for v in opt.variables]
    assert names == ["iteration:0", "Adam/m/x:0", "Adam/v/x:0"] and opt.variables() == opt.variables
    weights = opt.get_weights()
    fresh = tk.optimizers.Adam(0.1)
    fresh.build([x])
    fresh.set_weights(weights)
    np.testing.assert_array_equal(fresh.variables[1].numpy(), opt.variables[1].numpy())
    assert int(fresh.iterations.numpy()) == 1
    with pytest.raises(ValueError, match="build"):
        tk.optimizers.Adam().set_weights(weights)


# --------------------------------------------------------------------------- semantics


def test_updates_never_change_values_read_before():
    """In-place updates only when nothing else holds the variable's array."""
    x = tk.Variable([1.0, 2.0])
    before = x.value()
    with tk.GradientTape(persistent=True) as tape:
        y = tk.reduce_sum(x * x)
    opt = tk.optimizers.Adam(0.1)
    for _ in range(3):
        opt.apply_gradients([(tape.gradient(y, x), x)])
    np.testing.assert_array_equal(before.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 4.0])
    assert not np.array_equal(x.numpy(), [1.0, 2.0])


def test_weight_decay_and_excluded_variables():
    w = tk.Variable([1.0, -2.0], name="kernel")
    b = tk.Variable([1.0], name="bias")
    opt = tk.optimizers.SGD(0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    opt.apply_gradients([(tk.constant([0.0, 0.0]), w), (tk.constant([0.0]), b)])
    np.testing.assert_allclose(w.numpy(), [0.95, -1.9])
    np.testing.assert_array_equal(b.numpy(), [1.0])
    with pytest.raises(ValueError, match="before the optimizer is built"):
        opt.exclude_from_weight_decay(var_names=["kernel"])


def test_ema_finalize():
    x = tk.Variable(1.0)
    opt = tk.optimizers.SGD(0.5, use_ema=True, ema_momentum=0.5)
    opt.apply_gradients([(tk.constant(1.0), x)])  # x 0.5, average 0.75
    opt.finalize_variable_values([x])
    assert float(x.numpy()) == 0.75


def test_custom_optimizer_the_tf_way():
    """A Keras 2 style subclass: build + add_variable_from_reference + update_step."""

    class SignSGD(tk.optimizers.Optimizer):
        def __init__(self, learning_rate=0.1, name="SignSGD"):
            super().__init__(name=name)
            self._learning_rate = self._build_learning_rate(learning_rate)

        def build(self, var_list):
            super().build(var_list)
            if getattr(self, "_built", False):
                return
            self._counts = [self.add_variable_from_reference(v, "count") for v in var_list]
            self._built = True

        def update_step(self, gradient, variable):
            lr = tk.cast(self.learning_rate, variable.dtype)
            count = self._counts[self._index_dict[self._var_key(variable)]]
            count.assign_add(tk.ones_like(variable))
            variable.assign_sub(lr * tk.sign(gradient))

    x = tk.Variable([1.0, -1.0], name="x")
    opt = SignSGD(0.25)
    for _ in range(2):
        opt.minimize(lambda: tk.reduce_sum(x * x * x), [x])
    np.testing.assert_allclose(x.numpy(), [0.5, -1.5])  # d(x**3) > 0 on both
    assert [v.name for v in opt.variables] == ["iteration:0", "SignSGD/count/x:0"]
    assert int(opt.iterations.numpy()) == 2


def test_apply_gradients_inside_tk_function_runs_on_every_call():
    x = tk.Variable(0.0)
    opt = tk.optimizers.Adam(0.1)

    @tk.function
    def step():
        with tk.GradientTape() as tape:
            y = (x - 1.0) ** 2
        opt.apply_gradients([(tape.gradient(y, x), x)])
        return y

    eager = tk.Variable(0.0)
    ref = tk.optimizers.Adam(0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no eager fallback
        for _ in range(5):
            step()
            ref.minimize(lambda: (eager - 1.0) ** 2, [eager])
    assert int(opt.iterations.numpy()) == 5
    assert float(x.numpy()) == float(eager.numpy())


@pytest.mark.numpy_only
def test_import_tapekit_does_not_import_the_optimizers():
    import subprocess
    import sys

    code = "import sys, tapekit; print('tapekit.optimizers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_slots_are_created_for_variables_seen_later():
    """TF raises KeyError for a variable the optimizer was not built with; tapekit adds it."""
    x, y = tk.Variable(1.0, name="x"), tk.Variable(2.0, name="y")
    opt = tk.optimizers.Adam(0.1)
    opt.apply_gradients([(tk.constant(1.0), x)])
    opt.apply_gradients([(tk.constant(1.0), y)])
    assert [v.name for v in opt.variables][-2:] == ["Adam/m/y:0", "Adam/v/y:0"]


def test_hyperparameters_can_change_between_steps():
    x = tk.Variable(0.0)
    opt = tk.optimizers.SGD(0.1, momentum=0.5)
    opt.apply_gradients([(tk.constant(1.0), x)])  # m = -0.1
    opt.momentum = 0.0
    opt.apply_gradients([(tk.constant(1.0), x)])  # m = -0.1 (no memory)
    assert float(x.numpy()) == pytest.approx(-0.2)


def test_custom_optimizer_without_a_learning_rate():
    class NoRate(tk.optimizers.Optimizer):
        def update_step(self, gradient, variable):
            variable.assign_sub(gradient)

    with pytest.raises(ValueError, match="_build_learning_rate"):
        NoRate(name="no_rate").apply_gradients([(tk.constant(1.0), tk.Variable(1.0))])


@pytest.mark.parametrize(
    "name", ["SGD", "RMSprop", "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "Nadam"]
)
def test_the_keras_keyword_block_sits_where_tf_has_it(name):
    """The block is written once (optimizers/_keras_keywords.py); each signature still reads
    as TF's: own hyperparameters, the block, ``name``; positional calls bind the same way."""
    import inspect

    cls = getattr(tk.optimizers, name)
    params = list(inspect.signature(cls).parameters)
    block = [
        "clipnorm",
        "clipvalue",
        "global_clipnorm",
        "use_ema",
        "ema_momentum",
        "ema_overwrite_frequency",
        "jit_compile",
        "name",
        "kwargs",
    ]
    assert params[-len(block) :] == block
    assert ("weight_decay" in params[:2]) == (name == "AdamW")  # AdamW: TF's second argument
    n_own = params.index("clipnorm")
    opt = cls(*[inspect.signature(cls).parameters[p].default for p in params[:n_own]], 0.5)
    assert opt.clipnorm == 0.5 and opt.name == name
    expected = 100 if name == "RMSprop" else None
    assert opt.ema_overwrite_frequency == expected
