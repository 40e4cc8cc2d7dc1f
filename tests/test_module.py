"""tk.Module finds variables from attributes in tf.Module's order (recorded from TF 2.21:
tests/reference/tf_optimizers_extra.json, key "module")."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import tapekit as tk

with open(Path(__file__).parent / "reference" / "tf_optimizers_extra.json", encoding="utf-8") as fh:
    TF_MODULE = json.load(fh)["module"]


class Dense(tk.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.w = tk.Variable(1.0, name=f"{name}_w")
        self.b = tk.Variable(0.0, name=f"{name}_b")


class Model(tk.Module):
    """The structure record_tf_optimizers_extra.py built with tf.Module."""

    def __init__(self):
        super().__init__()
        self.z_layer = Dense(name="dense_z")
        self.layers = [Dense(name="dense_0"), Dense(name="dense_1")]
        self.scale = tk.Variable(2.0, name="scale")
        self.Alpha = tk.Variable(3.0, name="Alpha")
        self._hidden = tk.Variable(4.0, name="hidden")
        self.frozen = tk.Variable(5.0, name="frozen", trainable=False)
        self.table = {
            "k2": tk.Variable(6.0, name="k2"),
            "k1": (tk.Variable(7.0, name="k1a"), tk.Variable(8.0, name="k1b")),
        }
        self.shared = self.scale
        self.const = tk.constant(1.0)


def test_variable_order_matches_tf_module():
    m = Model()
    assert [v.name for v in m.variables] == TF_MODULE["variables"]
    assert [v.name for v in m.trainable_variables] == TF_MODULE["trainable_variables"]
    assert [v.name for v in m.non_trainable_variables] == TF_MODULE["non_trainable_variables"]
    assert [s.name for s in m.submodules] == TF_MODULE["submodules"]
    assert isinstance(m.variables, tuple)


def test_names():
    class MyHTTPModel2(tk.Module):
        pass

    assert Model().name == TF_MODULE["name"]
    assert MyHTTPModel2().name == TF_MODULE["camel_name"]
    with pytest.raises(ValueError) as info:
        tk.Module(name="bad name")
    assert str(info.value) == TF_MODULE["bad_name_error"]
    with Model().name_scope as scope:
        assert scope == "model/"


def test_forgetting_super_init_still_works():
    class NoInit(tk.Module):
        def __init__(self):
            self.v = tk.Variable(1.0)

    m = NoInit()
    assert m.name == "no_init" and len(m.trainable_variables) == 1


def test_cycles_terminate():
    a = Dense(name="a")
    b = Dense(name="b")
    a.other = b
    b.other = a
    assert [v.name for v in a.variables] == ["a_b:0", "a_w:0", "b_b:0", "b_w:0"]


def test_small_model_trains_with_minimize():
    class Linear(tk.Module):
        def __init__(self):
            super().__init__()
            self.w = tk.Variable(0.0)
            self.b = tk.Variable(0.0)

        def __call__(self, x):
            return self.w * x + self.b

    x = tk.constant([0.0, 1.0, 2.0, 3.0])
    y = 2.0 * x - 1.0
    model = Linear()
    opt = tk.optimizers.Adam(0.1)
    for _ in range(300):
        opt.minimize(lambda: tk.reduce_mean((model(x) - y) ** 2), model.trainable_variables)
    np.testing.assert_allclose([model.w.numpy(), model.b.numpy()], [2.0, -1.0], atol=0.05)
