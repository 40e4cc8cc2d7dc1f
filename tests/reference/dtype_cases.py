"""One call per public op, written against a module ``m`` that is ``tensorflow`` or ``tapekit``.

tapekit has TF's names and argument names, so the same call runs on both: the recording
script (``record_tf_dtypes.py``) runs each with TensorFlow on inputs of every dtype in
``DTYPES`` and stores the output dtype (or the error TF raises); ``tests/ops/
test_dtype_table.py`` runs it with tapekit and compares.  Each case takes the module and a
tensor ``x`` of its input kind (``KINDS``); no TensorFlow import here.
"""

from __future__ import annotations

import numpy as np

DTYPES = ("int32", "int64", "bool", "float16", "float32", "float64")

# input kind -> values (cast to each dtype with NumPy, then m.constant)
KINDS = {
    "elem": [[1.0, 2.0, 3.0], [4.0, 0.0, 1.0]],
    "matrix": [[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]],
    "index": [0, 2, 1],
}


def make(m, kind: str, dtype: str):
    return m.constant(np.asarray(KINDS[kind]).astype(dtype))


def _flat(m, x):
    return m.reshape(x, [-1])


def _unary(name):
    def call(m, x):
        obj = m
        for part in name.split("."):
            obj = getattr(obj, part)
        return obj(x)

    return call


def _binary(name):
    def call(m, x):
        obj = m
        for part in name.split("."):
            obj = getattr(obj, part)
        return obj(x, x)

    return call


UNARY = [
    "abs", "cos", "exp", "negative", "sigmoid", "sign", "sin", "sqrt", "square", "tan",
    "tanh", "round", "identity", "stop_gradient", "zeros_like", "ones_like", "shape", "size",
    "rank", "logical_not",
    "math.acos", "math.acosh", "math.asin", "math.asinh", "math.atan", "math.atanh",
    "math.ceil", "math.cosh", "math.erf", "math.expm1", "math.floor", "math.is_finite",
    "math.is_inf", "math.is_nan", "math.log", "math.log1p", "math.log_sigmoid",
    "math.reciprocal", "math.rsqrt", "math.sinh", "math.softplus", "math.l2_normalize",
    "nn.elu", "nn.gelu", "nn.l2_loss", "nn.leaky_relu", "nn.log_softmax", "nn.relu",
    "nn.relu6", "nn.selu", "nn.silu", "nn.softmax", "nn.softsign",
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_std",
    "reduce_variance", "reduce_logsumexp", "reduce_all", "reduce_any", "argmax", "argmin",
    "math.count_nonzero", "cumsum", "norm", "transpose",
]  # fmt: skip

BINARY = [
    "add", "subtract", "multiply", "divide", "floordiv", "math.floormod", "maximum",
    "minimum", "pow", "math.atan2", "math.divide_no_nan", "math.squared_difference", "equal",
    "not_equal", "greater", "greater_equal", "less", "less_equal", "logical_and",
    "logical_or", "math.logical_xor",
]  # fmt: skip

CASES: dict[str, tuple[str, object]] = {}
for _n in UNARY:
    CASES[_n] = ("elem", _unary(_n))
for _n in BINARY:
    CASES[_n] = ("elem", _binary(_n))

CASES.update(
    {
        "reduce_sum axis=0": ("elem", lambda m, x: m.reduce_sum(x, axis=0)),
        "reduce_mean axis=1": ("elem", lambda m, x: m.reduce_mean(x, axis=1)),
        "reduce_sum of a list": ("elem", lambda m, x: m.reduce_sum([x, x])),
        "reduce_mean of a list": ("elem", lambda m, x: m.reduce_mean([x, x])),
        "reduce_prod axis=1": ("elem", lambda m, x: m.reduce_prod(x, axis=1)),
        "cumsum axis=1": ("elem", lambda m, x: m.cumsum(x, axis=1)),
        "x + 1": ("elem", lambda m, x: x + 1),
        "x * 2": ("elem", lambda m, x: x * 2),
        "x / 2": ("elem", lambda m, x: x / 2),
        "x // 2": ("elem", lambda m, x: x // 2),
        "x ** 2": ("elem", lambda m, x: x**2),
        "x % 2": ("elem", lambda m, x: x % 2),
        "-x": ("elem", lambda m, x: -x),
        "abs(x)": ("elem", lambda m, x: abs(x)),
        "x < 1": ("elem", lambda m, x: x < 1),
        "x[0]": ("elem", lambda m, x: x[0]),
        "add_n": ("elem", lambda m, x: m.add_n([x, x])),
        "matmul": ("matrix", lambda m, x: m.matmul(x, x)),
        "x @ x": ("matrix", lambda m, x: x @ x),
        "tensordot": ("matrix", lambda m, x: m.tensordot(x, x, 1)),
        "einsum": ("matrix", lambda m, x: m.einsum("ij,jk->ik", x, x)),
        "nn.bias_add": ("elem", lambda m, x: m.nn.bias_add(x, x[0])),
        "reshape": ("elem", lambda m, x: m.reshape(x, [3, 2])),
        "expand_dims": ("elem", lambda m, x: m.expand_dims(x, 0)),
        "squeeze": ("elem", lambda m, x: m.squeeze(m.expand_dims(x, 0))),
        "concat": ("elem", lambda m, x: m.concat([x, x], 0)),
        "stack": ("elem", lambda m, x: m.stack([x, x])),
        "unstack": ("elem", lambda m, x: m.unstack(x)),
        "split": ("elem", lambda m, x: m.split(x, 3, axis=1)),
        "tile": ("elem", lambda m, x: m.tile(x, [2, 1])),
        "pad": ("elem", lambda m, x: m.pad(x, [[1, 0], [0, 1]])),
        "reverse": ("elem", lambda m, x: m.reverse(x, [0])),
        "slice": ("elem", lambda m, x: m.slice(x, [0, 1], [2, 2])),
        "gather": ("elem", lambda m, x: m.gather(x, [1, 0], axis=1)),
        "gather_nd": ("elem", lambda m, x: m.gather_nd(x, [[0, 1], [1, 2]])),
        "boolean_mask": ("elem", lambda m, x: m.boolean_mask(x, [True, False])),
        "broadcast_to": ("elem", lambda m, x: m.broadcast_to(x, [2, 2, 3])),
        "where": ("elem", lambda m, x: m.where([[True, False, True]] * 2, x, x)),
        "where(condition)": ("elem", lambda m, x: m.where(x)),
        "clip_by_value": ("elem", lambda m, x: m.clip_by_value(x, x, x)),
        "cast to float32": ("elem", lambda m, x: m.cast(x, "float32")),
        "cast to int32": ("elem", lambda m, x: m.cast(x, "int32")),
        "saturate_cast to int32": ("elem", lambda m, x: m.saturate_cast(x, "int32")),
        "one_hot": ("index", lambda m, x: m.one_hot(x, 3)),
        "fill": ("elem", lambda m, x: m.fill([2], _flat(m, x)[0])),
        "range": ("elem", lambda m, x: m.range(_flat(m, x)[2])),
        "linspace": ("elem", lambda m, x: m.linspace(_flat(m, x)[0], _flat(m, x)[2], 3)),
        "constant(x)": ("elem", lambda m, x: m.constant(x)),
        "convert_to_tensor(x)": ("elem", lambda m, x: m.convert_to_tensor(x)),
        "math.l2_normalize axis=1": ("elem", lambda m, x: m.math.l2_normalize(x, axis=1)),
        "nn.sigmoid_cross_entropy_with_logits": (
            "elem",
            lambda m, x: m.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=x),
        ),
        "nn.softmax_cross_entropy_with_logits": (
            "elem",
            lambda m, x: m.nn.softmax_cross_entropy_with_logits(labels=x, logits=x),
        ),
        "nn.sparse_softmax_cross_entropy_with_logits": (
            "elem",
            lambda m, x: m.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 2], logits=x),
        ),
        "norm ord=1": ("elem", lambda m, x: m.norm(x, ord=1)),
        "norm ord=np.inf axis=[0, 1]": ("elem", lambda m, x: m.norm(x, ord=np.inf, axis=[0, 1])),
        "norm ord=2 axis=[0, 1]": ("matrix", lambda m, x: m.linalg.norm(x, ord=2, axis=[0, 1])),
        "linalg.adjoint": ("matrix", lambda m, x: m.linalg.adjoint(x)),
        "linalg.band_part": ("matrix", lambda m, x: m.linalg.band_part(x, 1, 0)),
        "linalg.cholesky": ("matrix", lambda m, x: m.linalg.cholesky(x)),
        "linalg.det": ("matrix", lambda m, x: m.linalg.det(x)),
        "linalg.diag": ("elem", lambda m, x: m.linalg.diag(x[0])),
        "linalg.diag_part": ("matrix", lambda m, x: m.linalg.diag_part(x)),
        "linalg.inv": ("matrix", lambda m, x: m.linalg.inv(x)),
        "linalg.solve": ("matrix", lambda m, x: m.linalg.solve(x, x)),
        "linalg.trace": ("matrix", lambda m, x: m.linalg.trace(x)),
        "linalg.svd": ("matrix", lambda m, x: m.linalg.svd(x)),
        "linalg.svd compute_uv=False": ("matrix", lambda m, x: m.linalg.svd(x, compute_uv=False)),
        "linalg.qr": ("matrix", lambda m, x: m.linalg.qr(x)),
        "linalg.eigh": ("matrix", lambda m, x: m.linalg.eigh(x)),
        "linalg.eigvalsh": ("matrix", lambda m, x: m.linalg.eigvalsh(x)),
        "linalg.eig": ("matrix", lambda m, x: m.linalg.eig(x)),
        "linalg.eigvals": ("matrix", lambda m, x: m.linalg.eigvals(x)),
    }
)


def result_dtypes(out) -> list[str]:
    """Output dtype names (one per output of a multi-output op)."""
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    return [o.dtype.name for o in outs]
