"""TF behaviours that tutorials written by others rely on (issue 13, items 4-6), each a
function of the ``tf`` module: the recorder runs them on TensorFlow 2.21
(``record_tf_tutorial_cases.py``), ``tests/test_tutorial_cases.py`` on tapekit, and the two
results are compared.  Written once, so the recorded case and the tested one cannot drift.

A case returns plain Python data (numbers, lists, strings); an exception it raises is
recorded as ``{"error": class name, "message": text}``.
"""

from __future__ import annotations

import os
import re
import tempfile

import numpy as np


def watched_variables_after_gradient(tf):
    v = tf.Variable(2.0, name="v")
    w = tf.Variable(1.0, name="w")
    with tf.GradientTape() as tape:
        y = v * w
    tape.gradient(y, v)  # a non-persistent tape releases its record here
    return [x.name for x in tape.watched_variables()]


def boolean_mask_axis_1(tf):
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    return tf.boolean_mask(x, [True, False, True], axis=1).numpy().tolist()


def boolean_mask_2d_mask_axis_1(tf):
    x = tf.reshape(tf.range(24), (2, 3, 4))
    mask = [[True, False, True, False]] * 3
    return tf.boolean_mask(x, mask, axis=1).numpy().tolist()


def boolean_mask_tensor_mask_default_axis(tf):
    x = tf.reshape(tf.range(24), (2, 3, 4))
    return list(tf.boolean_mask(x, tf.constant([True, False])).shape)


def boolean_mask_wrong_shape(tf):
    x = tf.reshape(tf.range(24), (2, 3, 4))
    return tf.boolean_mask(x, [True, False, True], axis=2)


def boolean_mask_gradient(tf):
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.boolean_mask(x * x, [True, False, True]))
    return tape.gradient(y, x).numpy().tolist()


def set_seed_float_is_int(tf):
    tf.random.set_seed(1.0)
    a = tf.random.uniform([3]).numpy().tolist()
    tf.random.set_seed(1)
    b = tf.random.uniform([3]).numpy().tolist()
    tf.random.set_seed(-3.0)  # negative seeds are accepted too
    tf.random.uniform([2], seed=5)
    return a == b


def print_numpy_values(tf):
    """TF formats NumPy values as Python objects (their repr), tensors its own way."""
    values = [
        np.array([1.5, 2.0]),
        np.array([[1, 2], [3, 4]]),
        np.float32(1.5),
        np.array(3.0),
        [np.array([1.0])],
        {"a": np.array([1, 2])},
        np.arange(12.0),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.txt")
        for v in values:
            tf.print(v, output_stream="file://" + path)
        tf.print("x =", np.array([1, 2]), tf.constant([1, 2]), output_stream="file://" + path)
        with open(path, encoding="utf-8") as fh:
            return fh.read()


def name_scope_variable_names(tf):
    names = []
    with tf.name_scope("a"):
        with tf.name_scope("b") as scope:
            names += [scope, tf.Variable(1.0).name, tf.Variable(1.0, name="w").name]
        names.append(tf.Variable(1.0, name="w").name)
    names.append(tf.Variable(1.0, name="w").name)
    return names


def _dense_class(tf):
    class Dense(tf.Module):
        def __init__(self, name=None):
            super().__init__(name=name)
            with self.name_scope:
                self.w = tf.Variable(1.0, name="w")

        @tf.Module.with_name_scope
        def __call__(self, x):
            if not hasattr(self, "b"):
                self.b = tf.Variable(0.0, name="b")
            return self.w * x + self.b

    return Dense


def module_scopes_and_repr(tf):
    Dense = _dense_class(tf)
    d = Dense()
    d(1.0)
    with tf.name_scope("outer"):
        inner = Dense(name="inner")
    # the default object repr, with the module path and the address set aside
    text = re.sub(r"0x[0-9a-f]+", "0x?", repr(d))
    text = re.sub(r"<[\w.<>]*\.(\w+) object", r"<\1 object", text)
    return [d.w.name, d.b.name, inner.w.name, text]


def batch_jacobian_unconnected(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.constant([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]])
    j = tape.batch_jacobian(y, x)
    return [list(j.shape), j.dtype.name, j.numpy().tolist()]


def batch_jacobian_rank_1_target(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * 2.0
    return tape.batch_jacobian(y, x)


def batch_jacobian_rank_1_source(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.stack([x, x], axis=1)
    return tape.batch_jacobian(y, x)


CASES = {
    name: fn
    for name, fn in dict(globals()).items()
    if callable(fn)
    and not name.startswith("_")
    and fn.__module__ == __name__
    and not isinstance(fn, type)
}


def run(tf, fn):
    """A case's result as JSON data: its return value, or the error it raised."""
    try:
        result = fn(tf)
    except Exception as e:  # the error is the recorded result
        return {"error": type(e).__name__, "message": str(e)}
    if hasattr(result, "numpy"):
        return {"value": result.numpy().tolist()}
    return {"value": result}
