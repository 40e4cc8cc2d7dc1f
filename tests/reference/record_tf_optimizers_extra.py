"""Record extra TensorFlow reference numbers for the optimizer tests.

Complements ``record_tf.py`` (same scratch environment, never used in CI)::

    TF_CPP_MIN_LOG_LEVEL=3 TF_USE_LEGACY_KERAS=1 /tmp/tfref/bin/python \\
        tests/reference/record_tf_optimizers_extra.py

It writes ``tf_optimizers_extra.json`` next to itself:

* ``multi``: 7 steps on two variables (``x`` shape (2,), ``y`` shape (2, 1)) of a
  coupled loss, in float32, float64 and float16, for optimizers, weight decay, EMA and
  clipping combinations the main recording does not cover (``positions[k]`` is
  ``[x, y]`` after step k+1);
* ``slot_names``: ``[v.name for v in optimizer.variables]`` after that run;
* ``schedules``: each schedule's value at ``steps`` (an int64 step, as
  ``optimizer.iterations``);
* ``module``: variable order of ``tf.Module`` attributes, sub-modules and names.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tensorflow as tf

HERE = Path(__file__).resolve().parent

MULTI = [
    ("tf.keras.optimizers.SGD(0.1)", ("float32", "float64")),
    ("tf.keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True)", ("float32", "float64")),
    ("tf.keras.optimizers.SGD(0.1, momentum=0.5, weight_decay=0.01)", ("float32", "float64")),
    ("tf.keras.optimizers.Adam(0.1)", ("float32", "float64", "float16")),
    ("tf.keras.optimizers.Adam(0.1, amsgrad=True)", ("float32", "float64")),
    ("tf.keras.optimizers.Adam(0.05, adaptive_epsilon=True, epsilon=0.1)", ("float32",)),
    ("tf.keras.optimizers.AdamW(0.05, amsgrad=True)", ("float32", "float64")),
    ("tf.keras.optimizers.Nadam(0.05)", ("float32", "float64")),
    ("tf.keras.optimizers.Adamax(0.05)", ("float32", "float64")),
    ("tf.keras.optimizers.RMSprop(0.05, momentum=0.3, centered=True)", ("float32", "float64")),
    ("tf.keras.optimizers.Adagrad(0.05)", ("float32", "float64")),
    ("tf.keras.optimizers.Adadelta(0.5)", ("float32", "float64")),
    (
        "tf.keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=3)",
        ("float32",),
    ),
    ("tf.keras.optimizers.SGD(0.1, clipnorm=0.3, clipvalue=0.01)", ("float32",)),
    ("tf.keras.optimizers.SGD(0.1, global_clipnorm=0.7)", ("float32",)),
    ("tf.keras.optimizers.SGD(0.1, clipvalue=0.5)", ("float64",)),
]

SCHEDULES = [
    "PolynomialDecay(0.1, 100, 0.001, power=2.0)",
    "PolynomialDecay(0.1, 30, 0.001, cycle=True)",
    "InverseTimeDecay(0.1, 10, 0.5)",
    "InverseTimeDecay(0.1, 10, 0.5, staircase=True)",
    "ExponentialDecay(0.1, 10, 0.5, staircase=True)",
    "CosineDecay(0.1, 50, alpha=0.1)",
    "CosineDecay(0.0, 50, warmup_target=0.1, warmup_steps=20)",
    "CosineDecayRestarts(0.1, 20)",
    "CosineDecayRestarts(0.1, 20, t_mul=1.0, m_mul=0.5, alpha=0.1)",
    "PiecewiseConstantDecay([10, 20], [0.1, 0.05, 0.01])",
]
STEPS = [0, 1, 5, 10, 37, 100, 250]


def loss_fn(x, y, dt):
    return (
        tf.reduce_sum(x**2 * tf.constant([1.0, 10.0], dt))
        + tf.reduce_sum(y**3)
        + tf.reduce_sum(x) * tf.reduce_sum(y)
    )


def record_multi():
    out, names = {}, {}
    for expr, dtypes in MULTI:
        for dt_name in dtypes:
            dt = tf.as_dtype(dt_name)
            opt = eval(expr, {"tf": tf})
            x = tf.Variable([1.5, -0.5], dtype=dt, name="x")
            y = tf.Variable([[0.25], [2.0]], dtype=dt, name="y")
            positions = []
            for _ in range(7):
                with tf.GradientTape() as tape:
                    loss = loss_fn(x, y, dt)
                gx, gy = tape.gradient(loss, [x, y])
                opt.apply_gradients(zip([gx, gy], [x, y]))
                positions.append([x.numpy().tolist(), y.numpy().tolist()])
            out[f"{expr} {dt_name}"] = positions
            names[expr] = [v.name for v in opt.variables]
    return out, names


def record_schedules():
    ns = {"s": tf.keras.optimizers.schedules}
    out = {}
    for expr in SCHEDULES:
        schedule = eval("s." + expr, ns)
        out[expr] = [float(schedule(tf.constant(k, tf.int64)).numpy()) for k in STEPS]
    return out


def record_module():
    class Dense(tf.Module):
        def __init__(self, name=None):
            super().__init__(name=name)
            self.w = tf.Variable(1.0, name=f"{name}_w")
            self.b = tf.Variable(0.0, name=f"{name}_b")

    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.z_layer = Dense(name="dense_z")
            self.layers = [Dense(name="dense_0"), Dense(name="dense_1")]
            self.scale = tf.Variable(2.0, name="scale")
            self.Alpha = tf.Variable(3.0, name="Alpha")
            self._hidden = tf.Variable(4.0, name="hidden")
            self.frozen = tf.Variable(5.0, name="frozen", trainable=False)
            self.table = {
                "k2": tf.Variable(6.0, name="k2"),
                "k1": (tf.Variable(7.0, name="k1a"), tf.Variable(8.0, name="k1b")),
            }
            self.shared = self.scale
            self.const = tf.constant(1.0)

    class MyHTTPModel2(tf.Module):
        pass

    m = Model()
    try:
        tf.Module(name="bad name")
        bad = None
    except ValueError as exc:
        bad = str(exc)
    return {
        "name": m.name,
        "camel_name": MyHTTPModel2().name,
        "variables": [v.name for v in m.variables],
        "trainable_variables": [v.name for v in m.trainable_variables],
        "non_trainable_variables": [v.name for v in m.non_trainable_variables],
        "submodules": [s.name for s in m.submodules],
        "bad_name_error": bad,
    }


def main():
    multi, names = record_multi()
    data = {
        "_meta": {
            "tensorflow": tf.__version__,
            "generated_by": "tests/reference/record_tf_optimizers_extra.py",
            "loss": "sum(x**2 * [1, 10]) + sum(y**3) + sum(x) * sum(y)",
            "start": {"x": [1.5, -0.5], "y": [[0.25], [2.0]]},
            "steps": STEPS,
        },
        "multi": multi,
        "slot_names": names,
        "schedules": record_schedules(),
        "module": record_module(),
    }
    with open(HERE / "tf_optimizers_extra.json", "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
