"""Record reference behaviour of TensorFlow 2 for tapekit's tests.

Run by hand, in a scratch virtualenv that is never part of the project and never
used in CI::

    python3 -m venv /tmp/tfref
    /tmp/tfref/bin/pip install tensorflow-cpu==2.21.0 tf-keras==2.21.0 numpy
    TF_CPP_MIN_LOG_LEVEL=3 TF_USE_LEGACY_KERAS=1 /tmp/tfref/bin/python tests/reference/record_tf.py

It writes ``tf_engine.json`` and ``tf_optimizers.json`` next to itself.  The tests
only read those JSON files, so CI never needs TensorFlow.

Encoding used in the JSON files:

* a tensor / variable / array is ``{"dtype": "float32", "shape": [...], "value": ...}``
  with ``value`` a nested list (float64 repr of each element; NaN and infinities
  are the strings ``"nan"``, ``"inf"``, ``"-inf"``).  ``None`` stays ``null``.
* a case that raised is ``{"error_type", "error_mro", "message"}``.
* ``"warnings"`` lists Python warnings and lines logged on the ``tensorflow``
  logger while the case ran.  TF logs several of its warnings with
  ``log_first_n``, i.e. only the first n times per process, so case order matters.
* memory addresses (``0x7f...``) in messages are replaced by ``0x?``.
"""

from __future__ import annotations

import contextlib
import io
import json
import linecache
import logging
import math
import os
import platform
import re
import sys
import tempfile
import types
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np
import tensorflow as tf

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tape_rule_cases

TF_LOGGER = logging.getLogger("tensorflow")


# --------------------------------------------------------------------------- encoding


def _plain(value):
    """Nested lists of plain Python scalars, NaN/inf as strings."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
    return value


def enc(obj):
    """JSON-friendly encoding of tensors, arrays and nested structures of them."""
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return _plain(obj)
    if isinstance(obj, tf.IndexedSlices):  # e.g. the gradient of tf.gather
        return {
            "type": "IndexedSlices",
            "dense": enc(tf.convert_to_tensor(obj)),
            "values": enc(obj.values),
            "indices": enc(obj.indices),
            "dense_shape": enc(obj.dense_shape),
        }
    if isinstance(obj, (tf.Tensor, tf.Variable)):
        arr = obj.numpy()
        return {"dtype": obj.dtype.name, "shape": list(arr.shape), "value": _plain(arr.tolist())}
    if isinstance(obj, (np.ndarray, np.generic)):
        arr = np.asarray(obj)
        return {"dtype": str(arr.dtype), "shape": list(arr.shape), "value": _plain(arr.tolist())}
    if isinstance(obj, dict):
        return {str(k): enc(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [enc(v) for v in obj]
    return clean(repr(obj))


def clean(text):
    return re.sub(r"0x[0-9a-fA-F]+", "0x?", str(text))


def error_record(exc):
    return {
        "error_type": type(exc).__name__,
        "error_mro": [c.__name__ for c in type(exc).__mro__],
        "message": clean(exc)[:500],
    }


def jsonable(obj):
    """Keep JSON-serialisable parts of e.g. an optimizer config."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return _plain(obj)
    return {"unserialisable_repr": clean(repr(obj))}


class _ListHandler(logging.Handler):
    def __init__(self, sink):
        super().__init__(logging.DEBUG)
        self.sink = sink

    def emit(self, record):
        self.sink.append(f"{record.name}:{record.levelname}: {clean(record.getMessage())}")


@contextlib.contextmanager
def captured_warnings():
    """Collect Python warnings and `tensorflow` log lines (keeps them off stderr)."""
    lines = []
    handler = _ListHandler(lines)
    saved = TF_LOGGER.handlers[:]
    TF_LOGGER.handlers = [handler]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield lines
    finally:
        TF_LOGGER.handlers = saved
        lines.extend(f"{w.category.__name__}: {clean(w.message)}" for w in caught)


def run_case(fn, with_warnings=False):
    """Run one case; a raised exception becomes an error record."""
    with captured_warnings() as lines:
        try:
            result = fn()
        except Exception as exc:
            result = error_record(exc)
    if not isinstance(result, dict):
        result = {"result": result}
    if with_warnings:
        result["warnings"] = list(lines)
    return result


class _FdWriter(io.TextIOBase):
    """sys.stdout replacement writing straight to a file descriptor (keeps ordering)."""

    def __init__(self, fd):
        self.fd = fd

    def write(self, text):
        os.write(self.fd, text.encode("utf-8"))
        return len(text)


@contextlib.contextmanager
def captured_output():
    """Capture print() and tf.print (which writes to the C++ stderr) in order."""
    box = {}
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as tmp:
        saved_fd = os.dup(2)
        saved_stdout = sys.stdout
        os.dup2(tmp.fileno(), 2)
        sys.stdout = _FdWriter(2)
        try:
            yield box
        finally:
            sys.stdout = saved_stdout
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            tmp.seek(0)
            box["text"] = tmp.read().decode("utf-8", "replace")


def as_tensors(inputs, float_dtype):
    """Named inputs -> tensors: floats to float_dtype, integers to int32."""
    out = {}
    for name, value in inputs.items():
        arr = np.asarray(value)
        if arr.dtype.kind == "f":
            out[name] = tf.constant(arr, float_dtype)
        elif arr.dtype.kind == "b":
            out[name] = tf.constant(arr)
        else:
            out[name] = tf.constant(arr, tf.int32)
    return out


def differentiate(call, inputs, dtype=tf.float64, weighted=False, upstream=None, grad=True):
    """Evaluate `call` (an expression over the named inputs) and its gradients.

    Gradients are taken w.r.t. every floating input.  With ``weighted`` the
    differentiated scalar is sum_i reduce_sum(out_i * C_i), with
    C_i = np.linspace(0.5, 1.5, size).reshape(out_i.shape); otherwise the
    output itself is the target (with optional ``upstream`` output_gradients).
    """
    tensors = as_tensors(inputs, dtype)
    wrt = [n for n, t in tensors.items() if t.dtype.is_floating]
    rec = {"call": call, "arg_names": list(tensors), "wrt": wrt if grad else []}
    rec["inputs"] = [enc(t) for t in tensors.values()]
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([tensors[n] for n in wrt])
        out = eval(call, {"tf": tf, "np": np}, dict(tensors))
        outs = out if isinstance(out, (list, tuple)) else [out]
        if weighted and all(o.dtype.is_floating for o in outs):
            target = tf.add_n(
                [
                    tf.reduce_sum(o * np.linspace(0.5, 1.5, int(np.prod(o.shape))).reshape(o.shape))
                    for o in outs
                ]
            )
    rec["output"] = enc(out)
    if not grad or not all(o.dtype.is_floating for o in outs):
        return rec
    if weighted:
        grads = tape.gradient(target, [tensors[n] for n in wrt])
    else:
        grads = tape.gradient(out, [tensors[n] for n in wrt], output_gradients=upstream)
    by_name = dict(zip(wrt, grads, strict=True))
    rec["grads"] = {n: enc(g) for n, g in by_name.items()}
    dense = {n: None if g is None else tf.convert_to_tensor(g) for n, g in by_name.items()}
    rec["vjp"] = [enc(dense.get(n)) for n in tensors]  # IndexedSlices made dense
    if wrt:  # short-hand for single-input kink cases
        rec["x"] = enc(tensors[wrt[0]])
        rec["grad"] = enc(by_name[wrt[0]])
    return rec


# --------------------------------------------------------------------------- a) repr

REPR_EXPRS = [
    "tf.constant(6.0)",
    "tf.constant(3)",
    "tf.constant(True)",
    "tf.constant([1.0, 2.0, 3.0])",
    "tf.constant([[1, 2], [3, 4]])",
    "tf.constant(np.arange(6.0).reshape(2, 3))",
    "tf.constant(3.14159265)",
    "tf.constant(1e-8)",
    "tf.constant([1.5, -2.25e10])",
    "tf.range(2000.0)",
    "tf.zeros((0, 3))",
    "tf.constant(np.float64(2.5))",
    "tf.Variable(1.0)",
    'tf.Variable([1.0, 2.0], name="w")',
    "tf.Variable(3, trainable=False)",
]

REPR_MISC = [
    "str([tf.constant(14.0), tf.constant(12.0)])",
    "repr([tf.constant(14.0), tf.constant(12.0)])",
    "repr(tf.float32)",
    "str(tf.float32)",
    "tf.constant(1.0).device",
    "tf.Variable(1.0).device",
    "type(tf.constant(1.0)).__name__",
    "type(tf.constant(1.0)).__module__",
    "type(tf.Variable(1.0)).__name__",
    "type(tf.constant(1.0).numpy()).__name__",
    "repr(tf.constant(1.0).numpy())",
    "str(tf.constant(1.0).numpy())",
    "type(tf.constant([1.0]).numpy()).__name__",
    "repr(tf.constant([1.0]).numpy())",
    "repr(tf.Variable(1.0).numpy())",
    "tf.Variable(1.0).name",
    'tf.Variable([1.0, 2.0], name="w").name',
    "repr(tf.constant(6.0).shape)",
    "str(tf.constant([[1.0, 2.0]]).shape)",
    "repr(tf.TensorShape([2, 3]))",
    "repr(tf.constant(6.0).dtype)",
    "tf.constant(6.0).dtype.name",
]


def record_repr():
    out = {}
    ns = {"tf": tf, "np": np}
    for expr in REPR_EXPRS:

        def case(expr=expr):
            t = eval(expr, ns)
            return {"str": clean(str(t)), "repr": clean(repr(t))}

        out[expr] = run_case(case)
    for expr in REPR_MISC:
        out[expr] = run_case(lambda expr=expr: clean(eval(expr, ns)))
    return out


# --------------------------------------------------------------------------- b) dtypes

DTYPE_EXPRS = [
    "tf.constant(3)",
    "tf.constant(3.0)",
    "tf.constant(True)",
    "tf.constant([1, 2.0])",
    "tf.constant(np.array([1.0, 2.0]))",
    "tf.constant(np.array([1, 2]))",
    "tf.constant(np.float32(1))",
    "tf.constant(3, dtype=tf.float32)",
    "tf.constant(3.5, dtype=tf.int32)",
    "tf.Variable(np.random.randn(1), dtype=tf.float32)",
    "tf.convert_to_tensor(2.0)",
    "tf.ones((2, 2))",
    "tf.range(5)",
    "tf.range(5.0)",
    # binary ops: f32 = tf.constant([1.0, 2.0]), i32 = tf.constant([1, 2]),
    # f64 = tf.constant([1.0, 2.0], tf.float64), f16 likewise, v32 = tf.Variable([1.0])
    "f32 + np.array([1.0, 2.0])",
    "f32 * 2",
    "f32 * 2.5",
    "2.5 * f32",
    "i32 + 1",
    "i32 * 1.5",
    "i32 / 2",
    "i32 / i32",
    "i32 // 2",
    "i32 ** 2",
    "i32 % 2",
    "f32 + f64",
    "f32 + i32",
    "f64 + 1.5",
    "v32 * np.random.default_rng(0).random((100, 1))",
    "tf.constant(1.0) + [1.0, 2.0]",
    "np.float64(2.0) * f32",
    "np.array([1.0, 2.0]) * f32",
    "f32 + np.float64(2.0)",
    "f16 + 1.0",
    "f32 < 1.0",
    "f32 == f32",
    "-i32",
    "abs(i32)",
    "tf.cast(tf.constant([1.7, -1.7]), tf.int32)",
    "tf.cast(tf.constant([1.7, -1.7]), tf.float64)",
    "tf.constant([1.0, 2.0]) + tf.constant([1.0, 2.0, 3.0])",
    "tf.matmul(tf.ones((2, 3)), tf.ones((2, 3)))",
    "tf.reshape(tf.zeros(6), (4, 2))",
    "tf.sqrt(tf.constant(4))",
    "tf.exp(tf.constant(1))",
]


def record_dtypes():
    np.random.seed(0)
    ns = {
        "tf": tf,
        "np": np,
        "f32": tf.constant([1.0, 2.0]),
        "i32": tf.constant([1, 2]),
        "f64": tf.constant([1.0, 2.0], tf.float64),
        "f16": tf.constant([1.0, 2.0], tf.float16),
        "v32": tf.Variable([1.0]),
    }

    def case(expr):
        r = eval(expr, ns)
        dtype = r.dtype.name if hasattr(r.dtype, "name") else str(r.dtype)
        value = enc(r)
        if np.size(r) > 8:  # the (100, 1) result: keep the head only
            value["value"] = value["value"][:3]
            value["truncated"] = True
        return {"dtype": dtype, "python_type": type(r).__name__, "value": value}

    return {
        expr: run_case(lambda expr=expr: case(expr), with_warnings=True) for expr in DTYPE_EXPRS
    }


# --------------------------------------------------------------------------- c) kinks

F32 = tf.float32
KINKS = [
    ("relu", "tf.nn.relu(x)", {"x": [-1.0, 0.0, 1.0]}),
    ("relu6", "tf.nn.relu6(x)", {"x": [-1.0, 0.0, 3.0, 6.0, 7.0]}),
    ("abs", "tf.abs(x)", {"x": [-1.0, 0.0, 1.0]}),
    ("sign_at_0", "tf.sign(x)", {"x": 0.0}),
    ("leaky_relu_0.2", "tf.nn.leaky_relu(x, alpha=0.2)", {"x": [-1.0, 0.0, 1.0]}),
    ("elu", "tf.nn.elu(x)", {"x": [-1.0, 0.0, 1.0]}),
    ("selu", "tf.nn.selu(x)", {"x": [-1.0, 0.0, 1.0]}),
    ("sqrt_at_0", "tf.sqrt(x)", {"x": 0.0}),
    ("maximum_tie", "tf.maximum(x, y)", {"x": 1.0, "y": 1.0}),
    ("minimum_tie", "tf.minimum(x, y)", {"x": 1.0, "y": 1.0}),
    ("maximum_broadcast_scalar", "tf.maximum(x, y)", {"x": [1.0, 2.0, 3.0], "y": 2.0}),
    ("minimum_broadcast_scalar", "tf.minimum(x, y)", {"x": [1.0, 2.0, 3.0], "y": 2.0}),
    ("reduce_max_ties", "tf.reduce_max(x)", {"x": [1.0, 3.0, 3.0]}),
    ("reduce_max_2d_none", "tf.reduce_max(x)", {"x": [[1.0, 5.0], [5.0, 2.0]]}),
    ("reduce_max_2d_axis0", "tf.reduce_max(x, axis=0)", {"x": [[1.0, 5.0], [5.0, 2.0]]}),
    ("reduce_max_2d_axis1", "tf.reduce_max(x, axis=1)", {"x": [[1.0, 5.0], [5.0, 2.0]]}),
    ("reduce_min_ties", "tf.reduce_min(x)", {"x": [2.0, 1.0, 1.0]}),
    ("clip_by_value", "tf.clip_by_value(x, 0.0, 1.0)", {"x": [-1.0, 0.0, 0.5, 1.0, 2.0]}),
    (
        "clip_by_value_tensor_bounds",
        "tf.clip_by_value(x, lo, hi)",
        {"x": [-1.0, 0.0, 0.5, 1.0, 2.0], "lo": 0.0, "hi": 1.0},
    ),
    ("pow_x0_y2", "tf.pow(x, y)", {"x": 0.0, "y": 2.0}),
    ("pow_x0_y0.5", "tf.pow(x, y)", {"x": 0.0, "y": 0.5}),
    ("pow_xm2_y2", "tf.pow(x, y)", {"x": -2.0, "y": 2.0}),
    ("pow_x2_y3", "tf.pow(x, y)", {"x": 2.0, "y": 3.0}),
    ("pow_x0_y0", "tf.pow(x, y)", {"x": 0.0, "y": 0.0}),
    ("x_pow_0.5_at_0", "x ** 0.5", {"x": 0.0}),
    ("x_pow_2_at_0", "x ** 2", {"x": 0.0}),
    ("norm_zeros", "tf.norm(x)", {"x": [0.0, 0.0, 0.0]}),
    ("reduce_std_constant", "tf.math.reduce_std(x)", {"x": [2.0, 2.0, 2.0]}),
    ("reduce_variance_constant", "tf.math.reduce_variance(x)", {"x": [2.0, 2.0, 2.0]}),
    ("floormod", "tf.math.floormod(x, y)", {"x": 5.5, "y": 2.0}),
    ("floormod_negative", "tf.math.floormod(x, y)", {"x": -5.5, "y": 2.0}),
    ("floordiv_operator", "x // y", {"x": 5.5, "y": 2.0}),
    ("where_branches", "tf.where(x > 0, x, x ** 2)", {"x": [-1.0, 0.0, 2.0]}),
    ("where_nan_branch", "tf.where(x > 0, tf.sqrt(x), x)", {"x": [-1.0, 0.0, 4.0]}),
    ("where_log_branch", "tf.where(x > 0, tf.math.log(x), x)", {"x": [-1.0, 0.0, 4.0]}),
    ("log_at_0", "tf.math.log(x)", {"x": 0.0}),
    ("softplus", "tf.nn.softplus(x)", {"x": [-30.0, 0.0, 30.0]}),
    ("gelu_exact", "tf.nn.gelu(x, approximate=False)", {"x": [-1.0, 0.0, 1.0]}),
    ("gelu_tanh", "tf.nn.gelu(x, approximate=True)", {"x": [-1.0, 0.0, 1.0]}),
    ("sigmoid", "tf.math.sigmoid(x)", {"x": [-100.0, 0.0, 100.0]}),
    ("tanh_saturated", "tf.tanh(x)", {"x": [-100.0, 0.0, 100.0]}),
    ("reduce_logsumexp_neg_inf", "tf.math.reduce_logsumexp(x)", {"x": [-np.inf, 0.0]}),
    ("reduce_logsumexp_all_neg_inf", "tf.math.reduce_logsumexp(x)", {"x": [-np.inf, -np.inf]}),
    ("reduce_prod_one_zero", "tf.math.reduce_prod(x)", {"x": [2.0, 0.0, 3.0]}),
    ("reduce_prod_two_zeros", "tf.math.reduce_prod(x)", {"x": [0.0, 0.0, 3.0]}),
    ("linalg_norm_ord1", "tf.linalg.norm(x, ord=1)", {"x": [[3.0, -4.0], [0.0, 0.0]]}),
    ("linalg_norm_ordinf", "tf.linalg.norm(x, ord=np.inf)", {"x": [[3.0, -4.0], [0.0, 0.0]]}),
    (
        "linalg_norm_euclidean",
        'tf.linalg.norm(x, ord="euclidean")',
        {"x": [[3.0, -4.0], [0.0, 0.0]]},
    ),
    (
        "linalg_norm_ord1_axis01",
        "tf.linalg.norm(x, ord=1, axis=[0, 1])",
        {"x": [[3.0, -4.0], [0.0, 0.0]]},
    ),
    (
        "linalg_norm_ordinf_axis01",
        "tf.linalg.norm(x, ord=np.inf, axis=[0, 1])",
        {"x": [[3.0, -4.0], [0.0, 0.0]]},
    ),
    ("abs_in_sum_at_0", "tf.reduce_sum(tf.abs(x))", {"x": [0.0, -0.0]}),
    ("atan2_origin", "tf.math.atan2(y, x)", {"y": 0.0, "x": 0.0}),
    ("exp_overflow", "tf.exp(x)", {"x": [100.0]}),
]

# (key, call, inputs, output_gradients)
KINKS_UPSTREAM = [
    ("softmax_1x3", "tf.nn.softmax(x)", {"x": [[1.0, 2.0, 3.0]]}, [[1.0, 0.0, -1.0]]),
    ("log_softmax_1x3", "tf.nn.log_softmax(x)", {"x": [[1.0, 2.0, 3.0]]}, [[1.0, 0.0, -1.0]]),
    ("softmax_1x3_ones", "tf.nn.softmax(x)", {"x": [[1.0, 2.0, 3.0]]}, [[1.0, 1.0, 1.0]]),
    ("cumsum", "tf.math.cumsum(x)", {"x": [1.0, 2.0, 3.0]}, [1.0, 10.0, 100.0]),
    (
        "cumsum_exclusive",
        "tf.math.cumsum(x, exclusive=True)",
        {"x": [1.0, 2.0, 3.0]},
        [1.0, 10.0, 100.0],
    ),
    (
        "cumsum_reverse",
        "tf.math.cumsum(x, reverse=True)",
        {"x": [1.0, 2.0, 3.0]},
        [1.0, 10.0, 100.0],
    ),
    (
        "cumsum_exclusive_reverse",
        "tf.math.cumsum(x, exclusive=True, reverse=True)",
        {"x": [1.0, 2.0, 3.0]},
        [1.0, 10.0, 100.0],
    ),
]


def record_kinks():
    out = {}
    for key, call, inputs in KINKS:
        out[key] = run_case(lambda c=call, i=inputs: differentiate(c, i, F32), with_warnings=True)
    for key, call, inputs, up in KINKS_UPSTREAM:

        def case(c=call, i=inputs, up=up):
            rec = differentiate(c, i, F32, upstream=tf.constant(up))
            rec["output_gradients"] = up
            return rec

        out[key] = run_case(case, with_warnings=True)
    return out


# --------------------------------------------------------------------------- d) tape rules


INDEX_CASES = [
    ("slice_1_colon", "x[1:]", {"x": [1.0, 2.0, 3.0]}),
    ("ellipsis_0", "x[..., 0]", {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}),
    ("int_index", "x[1]", {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}),
    ("negative_step", "x[::-1]", {"x": [1.0, 2.0, 3.0]}),
    ("newaxis", "x[None, :, 1]", {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}),
    ("list_index", "x[[0, 2]]", {"x": [1.0, 2.0, 3.0]}),
    ("gather", "tf.gather(x, [0, 2])", {"x": [1.0, 2.0, 3.0]}),
    ("gather_repeated", "tf.gather(x, [0, 0, 2])", {"x": [1.0, 2.0, 3.0]}),
    ("bool_mask_getitem", "x[tf.constant([True, False, True])]", {"x": [1.0, 2.0, 3.0]}),
    ("bool_mask_list_getitem", "x[[True, False, True]]", {"x": [1.0, 2.0, 3.0]}),
    ("boolean_mask", "tf.boolean_mask(x, [True, False, True])", {"x": [1.0, 2.0, 3.0]}),
    (
        "gather_nd",
        "tf.gather_nd(x, [[0, 1], [1, 2], [0, 1]])",
        {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]},
    ),
    ("tensor_int_index", "x[tf.constant(1)]", {"x": [1.0, 2.0, 3.0]}),
]

X23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
SHAPE_CASES = [
    ("reshape", "tf.reshape(x, (3, 2))", {"x": X23}),
    ("reshape_minus1", "tf.reshape(x, [-1])", {"x": X23}),
    ("transpose", "tf.transpose(x)", {"x": X23}),
    ("concat_axis0", "tf.concat([x, y], axis=0)", {"x": X23, "y": [[7.0, 8.0, 9.0]]}),
    ("concat_axis1", "tf.concat([x, y], axis=1)", {"x": X23, "y": [[7.0], [8.0]]}),
    ("stack", "tf.stack([x, y])", {"x": [1.0, 2.0], "y": [3.0, 4.0]}),
    ("stack_axis1", "tf.stack([x, y], axis=1)", {"x": [1.0, 2.0], "y": [3.0, 4.0]}),
    ("unstack", "tf.unstack(x)", {"x": X23}),
    ("unstack_partial_use", "tf.unstack(x)[0]", {"x": X23}),
    ("split", "tf.split(x, 3, axis=1)", {"x": X23}),
    ("split_sizes", "tf.split(x, [1, 2], axis=1)", {"x": X23}),
    ("tile", "tf.tile(x, [2, 1])", {"x": X23}),
    ("pad", "tf.pad(x, [[1, 0], [0, 2]])", {"x": X23}),
    ("pad_reflect", 'tf.pad(x, [[1, 1], [1, 1]], mode="REFLECT")', {"x": X23}),
    ("broadcast_to", "tf.broadcast_to(x, (2, 3))", {"x": [1.0, 2.0, 3.0]}),
    (
        "one_hot_on_value",
        "tf.one_hot([0, 2, 2], 3, on_value=x, off_value=y)",
        {"x": 2.0, "y": -1.0},
    ),
    ("one_hot_indices", "tf.one_hot(i, 3)", {"i": [0, 2, 2]}),
]


def record_shape_grads(cases):
    out = {}
    for key, call, inputs in cases:
        out[key] = run_case(
            lambda c=call, i=inputs: differentiate(c, i, F32, weighted=True), with_warnings=True
        )
    return out


def _conv(fn):
    def case():
        try:
            return {"result": enc(fn())}
        except Exception as exc:
            return error_record(exc)

    return case


def record_tape_rules():
    io = types.SimpleNamespace(enc=enc, error_record=error_record, conv=_conv, clean=clean)
    out = {
        key: run_case(lambda fn=fn: fn(tf, io), with_warnings=True)
        for key, fn in tape_rule_cases.CASES.items()
    }
    out["indexing"] = record_shape_grads(INDEX_CASES)
    out["shape_ops"] = record_shape_grads(SHAPE_CASES)
    return out


# --------------------------------------------------------------------------- e) ops


def op_specs():
    """(key, call, inputs) on float64 inputs from np.random.default_rng(0)."""
    rng = np.random.default_rng(0)

    def n(*shape):
        return rng.standard_normal(shape)

    def pos(*shape):
        return rng.uniform(0.5, 2.0, shape)

    def unit(*shape):
        return rng.uniform(-0.9, 0.9, shape)

    def well_conditioned(k):
        return 3.0 * np.eye(k) + 0.5 * rng.standard_normal((k, k))

    def spd(k):
        a = rng.standard_normal((k, k))
        return a @ a.T + k * np.eye(k)

    x34 = n(3, 4)
    y34 = np.where(x34 > 0.5, x34, 0.0)  # equal where x > 0.5, else x above or below
    specs = [
        ("add", "tf.add(x, y)", {"x": n(3, 4), "y": n(3, 4)}),
        ("add_broadcast", "tf.add(x, y)", {"x": n(3, 4), "y": n(4)}),
        ("subtract", "tf.subtract(x, y)", {"x": n(3, 4), "y": n(3, 4)}),
        ("multiply", "tf.multiply(x, y)", {"x": n(3, 4), "y": n(3, 4)}),
        ("multiply_broadcast", "tf.multiply(x, y)", {"x": n(3, 1), "y": n(1, 4)}),
        ("divide", "tf.divide(x, y)", {"x": n(3, 4), "y": pos(3, 4)}),
        ("truediv", "tf.math.truediv(x, y)", {"x": n(3, 4), "y": pos(3, 4)}),
        ("floordiv", "tf.math.floordiv(x, y)", {"x": 3 * n(3, 4), "y": pos(3, 4)}),
        ("floormod", "tf.math.floormod(x, y)", {"x": 3 * n(3, 4), "y": pos(3, 4)}),
        ("negative", "tf.negative(x)", {"x": n(3, 4)}),
        ("pow", "tf.pow(x, y)", {"x": pos(3, 4), "y": n(3, 4)}),
        ("pow_scalar_exponent", "tf.pow(x, 3.0)", {"x": n(3, 4)}),
        ("square", "tf.square(x)", {"x": n(3, 4)}),
        ("sqrt", "tf.sqrt(x)", {"x": pos(3, 4)}),
        ("rsqrt", "tf.math.rsqrt(x)", {"x": pos(3, 4)}),
        ("exp", "tf.exp(x)", {"x": n(3, 4)}),
        ("log", "tf.math.log(x)", {"x": pos(3, 4)}),
        ("log1p", "tf.math.log1p(x)", {"x": pos(3, 4)}),
        ("expm1", "tf.math.expm1(x)", {"x": n(3, 4)}),
        ("sin", "tf.sin(x)", {"x": n(3, 4)}),
        ("cos", "tf.cos(x)", {"x": n(3, 4)}),
        ("tan", "tf.tan(x)", {"x": unit(3, 4)}),
        ("asin", "tf.asin(x)", {"x": unit(3, 4)}),
        ("acos", "tf.acos(x)", {"x": unit(3, 4)}),
        ("atan", "tf.atan(x)", {"x": n(3, 4)}),
        ("atanh", "tf.atanh(x)", {"x": unit(3, 4)}),
        ("sinh", "tf.sinh(x)", {"x": n(3, 4)}),
        ("cosh", "tf.cosh(x)", {"x": n(3, 4)}),
        ("tanh", "tf.tanh(x)", {"x": n(3, 4)}),
        ("sigmoid", "tf.sigmoid(x)", {"x": n(3, 4)}),
        ("abs", "tf.abs(x)", {"x": n(3, 4)}),
        ("sign", "tf.sign(x)", {"x": n(3, 4)}),
        ("maximum", "tf.maximum(x, y)", {"x": n(3, 4), "y": n(3, 4)}),
        ("minimum", "tf.minimum(x, y)", {"x": n(3, 4), "y": n(3, 4)}),
        ("clip_by_value", "tf.clip_by_value(x, -0.5, 0.5)", {"x": n(3, 4)}),
        ("where", "tf.where(x > 0, x, y)", {"x": n(3, 4), "y": n(3, 4)}),
    ]
    for red in (
        "reduce_sum",
        "reduce_mean",
        "reduce_max",
        "reduce_min",
        "reduce_prod",
        "reduce_logsumexp",
        "reduce_std",
        "reduce_variance",
    ):
        fn = f"tf.math.{red}"
        specs += [
            (f"{red}_axisNone", f"{fn}(x)", {"x": x34}),
            (f"{red}_axis1_keepdims", f"{fn}(x, axis=1, keepdims=True)", {"x": x34}),
            (f"{red}_axis1", f"{fn}(x, axis=1)", {"x": x34}),
            (f"{red}_axis0", f"{fn}(x, axis=0)", {"x": x34}),
        ]
    specs += [
        ("cumsum_axis0", "tf.math.cumsum(x, axis=0)", {"x": n(3, 4)}),
        ("cumsum_axis1", "tf.math.cumsum(x, axis=1)", {"x": n(3, 4)}),
        ("matmul", "tf.matmul(x, y)", {"x": n(3, 4), "y": n(4, 2)}),
        ("matmul_batched", "tf.matmul(x, y)", {"x": n(2, 3, 4), "y": n(2, 4, 5)}),
        ("matmul_batch_broadcast", "tf.matmul(x, y)", {"x": n(2, 3, 4), "y": n(1, 4, 5)}),
        ("matmul_3d_2d", "tf.matmul(x, y)", {"x": n(2, 3, 4), "y": n(4, 5)}),
        ("matmul_operator", "x @ y", {"x": n(3, 4), "y": n(4, 2)}),
        ("matmul_transpose_a", "tf.matmul(x, y, transpose_a=True)", {"x": n(4, 3), "y": n(4, 2)}),
        ("matmul_transpose_b", "tf.matmul(x, y, transpose_b=True)", {"x": n(3, 4), "y": n(2, 4)}),
        ("matmul_adjoint_a", "tf.matmul(x, y, adjoint_a=True)", {"x": n(4, 3), "y": n(4, 2)}),
        ("matmul_adjoint_b", "tf.matmul(x, y, adjoint_b=True)", {"x": n(3, 4), "y": n(2, 4)}),
        ("tensordot_axes1", "tf.tensordot(x, y, axes=1)", {"x": n(3, 4), "y": n(4, 2)}),
        (
            "tensordot_axes_lists",
            "tf.tensordot(x, y, axes=[[1], [0]])",
            {"x": n(3, 4), "y": n(4, 2)},
        ),
        ("einsum_ij_jk", 'tf.einsum("ij,jk->ik", x, y)', {"x": n(3, 4), "y": n(4, 2)}),
        ("einsum_trace", 'tf.einsum("ii->", x)', {"x": n(4, 4)}),
        ("einsum_batched", 'tf.einsum("bij,bjk->bik", x, y)', {"x": n(2, 3, 4), "y": n(2, 4, 2)}),
        ("einsum_dot", 'tf.einsum("i,i->", x, y)', {"x": n(4), "y": n(4)}),
        ("norm", "tf.norm(x)", {"x": n(3, 4)}),
        ("norm_ord1", "tf.norm(x, ord=1)", {"x": n(3, 4)}),
        ("norm_axis1", "tf.norm(x, axis=1)", {"x": n(3, 4)}),
        ("reshape", "tf.reshape(x, (2, 6))", {"x": n(3, 4)}),
        ("transpose", "tf.transpose(x)", {"x": n(3, 4)}),
        ("transpose_perm", "tf.transpose(x, perm=[2, 0, 1])", {"x": n(2, 3, 4)}),
        ("expand_dims", "tf.expand_dims(x, 1)", {"x": n(3, 4)}),
        ("squeeze", "tf.squeeze(x)", {"x": n(3, 1, 4)}),
        ("squeeze_axis", "tf.squeeze(x, axis=1)", {"x": n(3, 1, 4)}),
        ("concat_axis0", "tf.concat([x, y], axis=0)", {"x": n(3, 4), "y": n(2, 4)}),
        ("concat_axis1", "tf.concat([x, y], axis=1)", {"x": n(3, 4), "y": n(3, 2)}),
        ("stack_axis0", "tf.stack([x, y], axis=0)", {"x": n(3, 4), "y": n(3, 4)}),
        ("stack_axis1", "tf.stack([x, y], axis=1)", {"x": n(3, 4), "y": n(3, 4)}),
        ("unstack", "tf.unstack(x)", {"x": n(3, 4)}),
        ("unstack_axis1", "tf.unstack(x, axis=1)", {"x": n(3, 4)}),
        ("split", "tf.split(x, 2, axis=1)", {"x": n(3, 4)}),
        ("split_sizes", "tf.split(x, [1, 3], axis=1)", {"x": n(3, 4)}),
        ("tile", "tf.tile(x, [2, 1])", {"x": n(3, 4)}),
        ("gather_axis0", "tf.gather(x, [2, 0, 2])", {"x": n(3, 4)}),
        ("gather_axis1", "tf.gather(x, [1, 1, 3], axis=1)", {"x": n(3, 4)}),
        ("gather_nd", "tf.gather_nd(x, [[0, 1], [2, 3], [0, 1]])", {"x": n(3, 4)}),
        ("broadcast_to", "tf.broadcast_to(x, (3, 4))", {"x": n(1, 4)}),
        ("pad_constant", 'tf.pad(x, [[1, 0], [0, 2]], mode="CONSTANT")', {"x": n(3, 4)}),
        ("one_hot", "tf.one_hot(i, 4)", {"i": np.array([0, 2, 3])}),
        ("argmax_axis0", "tf.argmax(x, axis=0)", {"x": n(3, 4)}),
        ("argmax_axis1", "tf.argmax(x, axis=1)", {"x": x34}),
        ("argmin_axis1", "tf.argmin(x, axis=1)", {"x": x34}),
        ("equal", "tf.equal(x, y)", {"x": x34, "y": y34}),
        ("less", "tf.less(x, y)", {"x": x34, "y": y34}),
        ("greater", "tf.greater(x, y)", {"x": x34, "y": y34}),
        ("relu", "tf.nn.relu(x)", {"x": n(3, 4)}),
        ("relu6", "tf.nn.relu6(x)", {"x": rng.uniform(-3.0, 9.0, (3, 4))}),
        ("leaky_relu", "tf.nn.leaky_relu(x)", {"x": n(3, 4)}),
        ("leaky_relu_0.1", "tf.nn.leaky_relu(x, alpha=0.1)", {"x": n(3, 4)}),
        ("elu", "tf.nn.elu(x)", {"x": n(3, 4)}),
        ("selu", "tf.nn.selu(x)", {"x": n(3, 4)}),
        ("gelu", "tf.nn.gelu(x)", {"x": n(3, 4)}),
        ("gelu_approximate", "tf.nn.gelu(x, approximate=True)", {"x": n(3, 4)}),
        ("softplus", "tf.nn.softplus(x)", {"x": n(3, 4)}),
        ("softsign", "tf.nn.softsign(x)", {"x": n(3, 4)}),
        ("silu", "tf.nn.silu(x)", {"x": n(3, 4)}),
        ("swish", "tf.nn.swish(x)", {"x": n(3, 4)}),
        ("softmax", "tf.nn.softmax(x)", {"x": n(3, 4)}),
        ("softmax_axis0", "tf.nn.softmax(x, axis=0)", {"x": n(3, 4)}),
        ("log_softmax", "tf.nn.log_softmax(x)", {"x": n(3, 4)}),
        (
            "sigmoid_cross_entropy_with_logits",
            "tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)",
            {"z": rng.uniform(0.0, 1.0, (3, 4)), "x": n(3, 4)},
        ),
        (
            "softmax_cross_entropy_with_logits",
            "tf.nn.softmax_cross_entropy_with_logits(labels=p, logits=x)",
            {"p": rng.dirichlet(np.ones(4), 3), "x": n(3, 4)},
        ),
        (
            "sparse_softmax_cross_entropy_with_logits",
            "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=k, logits=x)",
            {"k": np.array([0, 3, 1]), "x": n(3, 4)},
        ),
        ("l2_loss", "tf.nn.l2_loss(x)", {"x": n(3, 4)}),
        ("linalg_matmul", "tf.linalg.matmul(x, y)", {"x": n(3, 4), "y": n(4, 2)}),
        ("linalg_inv", "tf.linalg.inv(a)", {"a": well_conditioned(3)}),
        ("linalg_det", "tf.linalg.det(a)", {"a": well_conditioned(3)}),
        ("linalg_solve", "tf.linalg.solve(a, b)", {"a": well_conditioned(3), "b": n(3, 2)}),
        ("linalg_cholesky", "tf.linalg.cholesky(a)", {"a": spd(3)}),
        ("linalg_trace", "tf.linalg.trace(a)", {"a": n(3, 3)}),
        ("atan2", "tf.math.atan2(y, x)", {"y": n(3, 4), "x": n(3, 4)}),
        ("erf", "tf.math.erf(x)", {"x": n(3, 4)}),
    ]
    return specs


FORWARD_ONLY = {
    "floordiv",
    "one_hot",
    "argmax_axis0",
    "argmax_axis1",
    "argmin_axis1",
    "equal",
    "less",
    "greater",
}


def record_ops():
    out = {}
    for key, call, inputs in op_specs():
        grad = key not in FORWARD_ONLY
        out[key] = run_case(
            lambda c=call, i=inputs, g=grad: differentiate(c, i, tf.float64, weighted=True, grad=g),
            with_warnings=True,
        )
        out[key]["forward_only"] = not grad
    return out


# --------------------------------------------------------------------------- f) seeds

CELLS_000 = [
    """\
x = tf.ones((2, 2))
with tf.GradientTape() as t:
  t.watch(x)
  y = tf.reduce_sum(x)
  z = tf.multiply(y, y)
dz_dx = t.gradient(z, x)
for i in [0, 1]:
  for j in [0, 1]:
    assert dz_dx[i][j].numpy() == 8.0
""",
    """\
x = tf.ones((2, 2))
with tf.GradientTape() as t:
  t.watch(x)
  y = tf.reduce_sum(x)
  z = tf.multiply(y, y)
dz_dy = t.gradient(z, y)
assert dz_dy.numpy() == 8.0
""",
    """\
x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as t:
  t.watch(x)
  y = x * x
  z = y * y
dz_dx = t.gradient(z, x)  # 108.0 (4*x^3 at x = 3)
dy_dx = t.gradient(y, x)  # 6.0
del t  # Drop the reference to the tape
""",
    """\
def f(x, y):
  output = 1.0
  for i in range(y):
    if i > 1 and i < 5:
      output = tf.multiply(output, x)
  return output

def grad(x, y):
  with tf.GradientTape() as t:
    t.watch(x)
    out = f(x, y)
  return t.gradient(out, x)

x = tf.convert_to_tensor(2.0)

assert grad(x, 6).numpy() == 12.0
assert grad(x, 5).numpy() == 12.0
assert grad(x, 4).numpy() == 4.0
""",
    """\
x = tf.Variable(1.0)  # Create a Tensorflow variable initialized to 1.0

with tf.GradientTape() as t:
  with tf.GradientTape() as t2:
    y = x * x * x
  # Compute the gradient inside the 't' context manager
  # which means the gradient computation is differentiable as well.
  dy_dx = t2.gradient(y, x)
d2y_dx2 = t.gradient(dy_dx, x)

assert dy_dx.numpy() == 3.0
assert d2y_dx2.numpy() == 6.0
""",
]

# Not in the seeds: extra cells run (for seed 000 only) right after cell 3 / cell 4.
EXTRA_000 = {
    3: "print(dz_dx, dy_dx)\n",
    4: "print(grad(x, 1))  # f returns the Python float 1.0\n",
}

CELLS_002 = {
    "basic": """\
x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x**2
dy_dx = tape.gradient(y, x)
print(dy_dx.numpy())
""",
    "multi": """\
x = tf.Variable(2.0)
y = tf.Variable(3.0)
with tf.GradientTape() as tape:
    z = x**2 + y**3
dz_dx, dz_dy = tape.gradient(z, [x, y])
print(dz_dx.numpy(), dz_dy.numpy())
""",
    "linreg": """\
np.random.seed(0)  # added by record_tf.py, before the data generation
X = np.random.rand(100, 1)
y = 3 * X + np.random.randn(100, 1) * 0.5
W = tf.Variable(np.random.randn(1), dtype=tf.float32)
b = tf.Variable(np.random.randn(1), dtype=tf.float32)
def loss_function(X, y):
    y_pred = W * X + b
    return tf.reduce_mean(tf.square(y_pred - y))
learning_rate = 0.1
for epoch in range(100):
    with tf.GradientTape() as tape:
        loss = loss_function(X, y)
    dW, db = tape.gradient(loss, [W, b])
    W.assign_sub(learning_rate * dW)
    b.assign_sub(learning_rate * db)
    if epoch % 10 == 0:
        print(f"Epoch {epoch}, Loss: {loss.numpy()}")
print(f"Final W: {W.numpy()}, Final b: {b.numpy()}")
""",
}

CELLS_003 = [
    """\
x = tf.Variable(0.0,name = "x",dtype = tf.float32)
a = tf.constant(1.0)
b = tf.constant(-2.0)
c = tf.constant(1.0)
with tf.GradientTape() as tape:
    y = a*tf.pow(x,2) + b*x + c
dy_dx = tape.gradient(y,x)
print(dy_dx)
""",
    """\
with tf.GradientTape() as tape:
    tape.watch([a,b,c])
    y = a*tf.pow(x,2) + b*x + c
dy_dx,dy_da,dy_db,dy_dc = tape.gradient(y,[x,a,b,c])
print(dy_da)
print(dy_dc)
""",
    """\
with tf.GradientTape() as tape2:
    with tf.GradientTape() as tape1:
        y = a*tf.pow(x,2) + b*x + c
    dy_dx = tape1.gradient(y,x)
dy2_dx2 = tape2.gradient(dy_dx,x)
print(dy2_dx2)
""",
    """\
@tf.function
def f(x):
    a = tf.constant(1.0)
    b = tf.constant(-2.0)
    c = tf.constant(1.0)
    x = tf.cast(x,tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = a*tf.pow(x,2)+b*x+c
    dy_dx = tape.gradient(y,x)
    return((dy_dx,y))
tf.print(f(tf.constant(0.0)))
tf.print(f(tf.constant(1.0)))
""",
    """\
x = tf.Variable(0.0,name = "x",dtype = tf.float32)
a = tf.constant(1.0)
b = tf.constant(-2.0)
c = tf.constant(1.0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
for _ in range(1000):
    with tf.GradientTape() as tape:
        y = a*tf.pow(x,2) + b*x + c
    dy_dx = tape.gradient(y,x)
    optimizer.apply_gradients(grads_and_vars=[(dy_dx,x)])
tf.print("y =",y,"; x =",x)
""",
    """\
x = tf.Variable(0.0,name = "x",dtype = tf.float32)
def f():
    a = tf.constant(1.0)
    b = tf.constant(-2.0)
    c = tf.constant(1.0)
    y = a*tf.pow(x,2)+b*x+c
    return(y)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
for _ in range(1000):
    optimizer.minimize(f,[x])
tf.print("y =",f(),"; x =",x)
""",
    """\
x = tf.Variable(0.0,name = "x",dtype = tf.float32)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
@tf.function
def minimizef():
    a = tf.constant(1.0)
    b = tf.constant(-2.0)
    c = tf.constant(1.0)
    for _ in tf.range(1000):
        with tf.GradientTape() as tape:
            y = a*tf.pow(x,2) + b*x + c
        dy_dx = tape.gradient(y,x)
        optimizer.apply_gradients(grads_and_vars=[(dy_dx,x)])
    y = a*tf.pow(x,2) + b*x + c
    return y
tf.print(minimizef())
tf.print(x)
""",
    """\
x = tf.Variable(0.0,name = "x",dtype = tf.float32)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
@tf.function
def f():
    a = tf.constant(1.0)
    b = tf.constant(-2.0)
    c = tf.constant(1.0)
    y = a*tf.pow(x,2)+b*x+c
    return(y)
@tf.function
def train(epoch):
    for _ in tf.range(epoch):
        optimizer.minimize(f,[x])
    return(f())
tf.print(train(1000))
tf.print(x)
""",
]

CELLS_004 = [
    """\
def gradient_test():
    print("一元梯度")
    x=tf.constant(value=3.0)
    with tf.GradientTape(persistent=True,watch_accessed_variables=True) as tape:
        tape.watch(x)
        y1=2*x
        y2=x*x+2
        y3=x*x+2*x
    dy1_dx=tape.gradient(target=y1,sources=x)
    dy2_dx = tape.gradient(target=y2, sources=x)
    dy3_dx = tape.gradient(target=y3, sources=x)
    print("dy1_dx:",dy1_dx)
    print("dy2_dx:", dy2_dx)
    print("dy3_dx:", dy3_dx)
    print("二元梯度")
    x = tf.constant(value=3.0)
    y = tf.constant(value=2.0)
    with tf.GradientTape(persistent=True,watch_accessed_variables=True) as tape:
        tape.watch([x,y])
        z1=x*x*y+x*y
    dz1_dx=tape.gradient(target=z1,sources=x)
    dz1_dy = tape.gradient(target=z1, sources=y)
    dz1_d=tape.gradient(target=z1,sources=[x,y])
    print("dz1_dx:", dz1_dx)
    print("dz1_dy:", dz1_dy)
    print("dz1_d:",dz1_d)
    print("type of dz1_d:",type(dz1_d))

gradient_test()
""",
]


def run_cells(cells, namespace):
    """Execute cells in one namespace; record each cell's output verbatim.

    Each cell's source is registered in linecache so that inspect.getsource,
    and hence AutoGraph inside @tf.function, can read it as in a notebook.
    """
    out = {}
    for key, code in cells:
        filename = f"<cell {key}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        with captured_warnings() as lines, captured_output() as box:
            try:
                exec(compile(code, filename, "exec"), namespace)
                err = None
            except Exception as exc:
                err = error_record(exc)
        rec = {"code": code, "output": box["text"], "warnings": list(lines)}
        if err is not None:
            rec["error"] = err
        out[key] = rec
    return out


def record_seeds():
    out = {}
    for seed in ("000", "001"):
        cells = []
        for i, code in enumerate(CELLS_000, start=1):
            cells.append((f"{seed}_cell{i}", code))
            if seed == "000" and i in EXTRA_000:
                cells.append((f"{seed}_cell{i}_extra", EXTRA_000[i]))
        out.update(run_cells(cells, {"tf": tf, "np": np}))
    out.update(run_cells([(f"002_{k}", c) for k, c in CELLS_002.items()], {"tf": tf, "np": np}))
    out.update(
        run_cells([(f"003_cell{i + 1}", c) for i, c in enumerate(CELLS_003)], {"tf": tf, "np": np})
    )
    out.update(run_cells([("004_gradient_test", CELLS_004[0])], {"tf": tf, "np": np}))
    return out


# --------------------------------------------------------------------------- g) tf.print

TF_PRINT = [
    "tf.print(tf.constant(0.0))",
    "tf.print(tf.constant(1.0))",
    "tf.print(tf.constant(0.999998569, tf.float32))",
    "tf.print(tf.constant(-2.5))",
    "tf.print(tf.constant(1e-8))",
    "tf.print(tf.constant(123456789.0))",
    "tf.print((tf.constant(-2.0), tf.constant(1.0)))",
    "tf.print([tf.constant(-2.0), tf.constant(1.0)])",
    "tf.print(tf.constant([1.5, 2.0]))",
    'tf.print("y =", tf.constant(0.0), "; x =", tf.Variable(0.999998569))',
    "tf.print(tf.Variable(3.0))",
    "tf.print(tf.constant(3))",
    "tf.print(tf.constant(True))",
    "tf.print(tf.constant(1.0 / 3.0, tf.float64))",
    "tf.print(tf.constant(1.0 / 3.0))",
    "tf.print(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
    "tf.print(tf.range(20))",
    "tf.print(tf.range(20), summarize=-1)",
    "tf.print(tf.reshape(tf.range(36), (6, 6)))",
    "tf.print(tf.constant([np.nan, np.inf, -np.inf]))",
    'tf.print("a", 1, 2.5, sep=",")',
    "tf.print({'a': tf.constant(1.0)})",
]


def record_tf_print():
    out = {}
    ns = {"tf": tf, "np": np}
    for expr in TF_PRINT:
        with captured_warnings() as lines, captured_output() as box:
            try:
                eval(expr, ns)
                err = None
            except Exception as exc:
                err = error_record(exc)
        out[expr] = {"output": box["text"], "warnings": list(lines)}
        if err is not None:
            out[expr]["error"] = err
    return out


# --------------------------------------------------------------------------- optimizers

OPTIMIZERS = [
    ("SGD", "tf.keras.optimizers.SGD(learning_rate=0.01)"),
    ("SGD_momentum", "tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)"),
    ("SGD_nesterov", "tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)"),
    ("Adam", "tf.keras.optimizers.Adam(learning_rate=0.01)"),
    ("Adam_amsgrad", "tf.keras.optimizers.Adam(learning_rate=0.01, amsgrad=True)"),
    ("AdamW", "tf.keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.004)"),
    ("Nadam", "tf.keras.optimizers.Nadam(learning_rate=0.01)"),
    ("Adamax", "tf.keras.optimizers.Adamax(learning_rate=0.01)"),
    ("RMSprop", "tf.keras.optimizers.RMSprop(learning_rate=0.01)"),
    (
        "RMSprop_momentum_centered",
        "tf.keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, centered=True)",
    ),
    ("Adagrad", "tf.keras.optimizers.Adagrad(learning_rate=0.01)"),
    ("Adadelta", "tf.keras.optimizers.Adadelta(learning_rate=1.0)"),
]

SCHEDULED = [
    ("SGD_clipnorm", "tf.keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0)"),
    ("SGD_clipvalue", "tf.keras.optimizers.SGD(learning_rate=0.1, clipvalue=0.5)"),
    ("SGD_global_clipnorm", "tf.keras.optimizers.SGD(learning_rate=0.1, global_clipnorm=1.0)"),
    (
        "SGD_ExponentialDecay",
        (
            "tf.keras.optimizers.SGD(learning_rate=tf.keras.optimizers.schedules.ExponentialDecay("
            "0.1, decay_steps=10, decay_rate=0.5))"
        ),
    ),
    (
        "SGD_PiecewiseConstantDecay",
        (
            "tf.keras.optimizers.SGD(learning_rate=tf.keras.optimizers.schedules."
            "PiecewiseConstantDecay([10, 20], [0.1, 0.05, 0.01]))"
        ),
    ),
    (
        "SGD_CosineDecay",
        "tf.keras.optimizers.SGD(learning_rate=tf.keras.optimizers.schedules.CosineDecay(0.1, 50))",
    ),
]

PROBLEMS = {
    "quadratic": ("x0**2 + 10*x1**2", lambda x: x[0] ** 2 + 10.0 * x[1] ** 2),
    "rosenbrock": (
        "(1-x0)**2 + 100*(x1-x0**2)**2",
        lambda x: (1.0 - x[0]) ** 2 + 100.0 * (x[1] - x[0] ** 2) ** 2,
    ),
}
START = [1.5, -0.5]


def trajectory(make, loss_fn, steps):
    opt = make()
    x = tf.Variable(START, dtype=tf.float32, name="x")
    positions, losses, grads, lrs = [], [], [], []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_fn(x)
        g = tape.gradient(loss, x)
        opt.apply_gradients([(g, x)])
        # read after the step: with a schedule this is schedule(iterations - 1), the rate used
        lrs.append(float(tf.convert_to_tensor(opt.learning_rate).numpy()))
        losses.append(float(loss.numpy()))
        grads.append(g.numpy().tolist())
        positions.append(x.numpy().tolist())
    final_loss = float(loss_fn(x).numpy())
    return opt, {
        "positions": _plain(positions),
        "losses": _plain(losses),
        "final_loss": _plain(final_loss),
        "grads": _plain(grads),
        "learning_rate_used": _plain(lrs),
        "iterations": int(opt.iterations.numpy()),
        "slot_variables": sorted({v.name.split("/")[-1].split(":")[0] for v in opt.variables}),
    }


def record_optimizer(expr, problems, steps):
    def case():
        rec = {"constructor": expr, "steps": steps}
        for pname in problems:
            formula, fn = PROBLEMS[pname]
            opt, traj = trajectory(lambda: eval(expr, {"tf": tf}), fn, steps)
            rec[pname] = {"formula": formula, **traj}
            rec["class"] = f"{type(opt).__module__}.{type(opt).__name__}"
            rec["config"] = jsonable(opt.get_config())
        return rec

    return run_case(case, with_warnings=True)


def none_gradients():
    out = {}

    def one_none():
        opt = tf.keras.optimizers.SGD(learning_rate=0.1)
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(2.0, name="b")
        opt.apply_gradients([(None, a), (tf.constant(1.0), b)])
        return {"a": enc(a), "b": enc(b), "iterations": int(opt.iterations.numpy())}

    def all_none():
        opt = tf.keras.optimizers.SGD(learning_rate=0.1)
        a = tf.Variable(1.0, name="a")
        opt.apply_gradients([(None, a)])
        return {"a": enc(a)}

    def minimize_unconnected():
        opt = tf.keras.optimizers.SGD(learning_rate=0.1)
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(2.0, name="b")
        opt.minimize(lambda: a * 3.0, [a, b])
        return {"a": enc(a), "b": enc(b)}

    out["one_none"] = run_case(one_none, with_warnings=True)
    out["all_none"] = run_case(all_none, with_warnings=True)
    out["minimize_one_unconnected"] = run_case(minimize_unconnected, with_warnings=True)
    return out


# --------------------------------------------------------------------------- main


def meta(extra):
    import tf_keras

    return {
        "tensorflow": tf.__version__,
        "tf_keras": tf_keras.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "keras_module": tf.keras.__name__,
        "generated_by": "tests/reference/record_tf.py",
        **extra,
    }


def dump(path, data):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False, allow_nan=False)
        fh.write("\n")


ENGINE_NOTES = [
    "tensor encoding: {dtype, shape, value}; NaN/inf as strings",
    "errors: {error_type, error_mro, message}",
    (
        "kinks: float32 inputs; 'x'/'grad' = first input and its gradient, "
        "'grads' = gradient per input name, 'output' = value"
    ),
    (
        "ops: float64 inputs from np.random.default_rng(0); 'vjp' is aligned with "
        "'arg_names' (null for non-float inputs) and is the gradient of "
        "sum_i reduce_sum(out_i * C_i), C_i = np.linspace(0.5, 1.5, size).reshape(out_i.shape)"
    ),
    "tape_rules.indexing / shape_ops: float32, same weighted vjp as ops",
    (
        "warnings: 'logger:LEVEL: message' for tensorflow log lines, "
        "'Category: message' for Python warnings"
    ),
]
OPTIMIZER_NOTES = [
    (
        "positions[k] / grads[k] / losses[k]: after step k+1 / gradient and loss evaluated "
        "before step k+1; learning_rate_used[k]: optimizer.learning_rate read after step k+1"
    ),
    (
        "variables: float32 tf.Variable of shape (2,), apply_gradients with tape gradients; "
        "a fresh optimizer per problem"
    ),
]


def main():
    tf.random.set_seed(0)
    np.random.seed(0)
    engine = {
        "_meta": meta(
            {
                "notes": ENGINE_NOTES,
            }
        ),
        "repr": record_repr(),
        "dtypes": record_dtypes(),
        "tape_rules": record_tape_rules(),
        "kinks": record_kinks(),
        "ops": record_ops(),
        "tf_print": record_tf_print(),
        "seeds": record_seeds(),
    }
    dump(HERE / "tf_engine.json", engine)

    optim = {
        "_meta": meta(
            {
                "start": START,
                "notes": OPTIMIZER_NOTES,
            }
        ),
        "optimizers": {
            k: record_optimizer(e, ["quadratic", "rosenbrock"], 100) for k, e in OPTIMIZERS
        },
        "clipping_and_schedules": {k: record_optimizer(e, ["quadratic"], 30) for k, e in SCHEDULED},
        "none_gradients": none_gradients(),
    }
    dump(HERE / "tf_optimizers.json", optim)


if __name__ == "__main__":
    main()
