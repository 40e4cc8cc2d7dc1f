"""tapekit: TensorFlow 2's GradientTape API on NumPy (and CuPy), light enough to teach with.

``import tapekit as tf`` runs TF autodiff lessons unchanged.  Heavy parts (IPython
magics, widgets, CuPy) load only when used.
"""

from __future__ import annotations

__version__ = "0.1.0"

from ._engine import backend as _backend  # the array namespace switch
from .dtypes import *  # noqa: F403  (DType, as_dtype and the dtypes: tk.dtypes's names)
from ._engine.dtypes import bool_ as bool  # TF's name
from ._messages import message as _message
from ._lazy import LazyNames as _LazyNames
from ._engine.tensor import Tensor, TensorShape, convert_to_tensor
from ._engine.variable import Variable
from . import ops as _ops  # registers primitives and operators
from ._engine import tensor as _tensor_module

_tensor_module.ops_above.identity = _ops._core_shape.identity  # the tensor layer's upward calls
_tensor_module.ops_above.cast = _ops._core_math.cast
from ._engine import numpy_protocol as _numpy_protocol

_numpy_protocol.install()

from . import errors, math, dtypes, nest
from ._engine.device import device
from .custom_gradient import custom_gradient  # eager: its module has the same name
from ._engine.name_scope import name_scope
from .gradient_tape import GradientTape, UnconnectedGradients
from .ops.indexing import (
    boolean_mask,
    gather,
    gather_nd,
    one_hot,
    reverse,
)
from .ops._core_shape import (
    broadcast_to,
    identity,
    reshape,
    stop_gradient,
)
from .ops.shape import (
    concat,
    expand_dims,
    pad,
    rank,
    shape,
    size,
    split,
    squeeze,
    stack,
    tile,
    transpose,
    unstack,
)
from .ops.indexing import slice_ as slice
from .ops.creation import (
    constant,
    eye,
    fill,
    linspace,
    ones,
    ones_like,
    range,
    timestamp,
    zeros,
    zeros_like,
)
from .ops.products import (
    einsum,
    matmul,
    tensordot,
)
from .ops.elementwise import (
    abs,
    exp,
    floor,  # TF 2.21 has tf.floor, but no tf.ceil
    round,
    sigmoid,
    sign,
    sqrt,
    square,
)
from .ops._core_math import (
    add,
    cast,
    divide,
    multiply,
    negative,
    realdiv,
    subtract,
    truediv,
)
from .ops.arithmetic import (
    add_n,
    atan2,
    clip_by_value,
    floordiv,
    maximum,
    minimum,
    pow,
    saturate_cast,
)
from .ops.trigonometric import (
    acos,
    acosh,
    asin,
    asinh,
    atan,
    atanh,
    cos,
    cosh,
    sin,
    sinh,
    tan,
    tanh,
)
from .ops.comparison import (
    equal,
    greater,
    greater_equal,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    not_equal,
    where,
)
from .ops.reduction import (
    argmax,
    argmin,
    cumsum,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_std,
    reduce_variance,
)
from .ops._core_shape import reduce_sum

# Loaded on first use (bench W6): the submodules, then each name's module.
_lazy = _LazyNames(
    __name__,
    submodules="nn linalg random config autodiff testing keras backend optimizers widgets"
    " control_flow functional_ops module",
    names={
        "._engine.function": "Function TensorSpec function",
        "._engine.printing": "print=print_",  # TF's name
        ".control_flow": "cond while_loop",
        ".module": "Module",
        ".functional_ops": "foldl foldr map_fn scan",
        ".ops.norm": "norm",
        ".ops.decompositions": "eig eigvals",  # TF has them at the top too
        # issue 13: ops tutorials reach for (sorting, scattering, grids, clipping)
        ".ops.clip": "clip_by_global_norm clip_by_norm",
        ".ops.grid": "broadcast_dynamic_shape broadcast_static_shape meshgrid roll",
        ".ops.scatter": "scatter_nd tensor_scatter_nd_add tensor_scatter_nd_max"
        " tensor_scatter_nd_min tensor_scatter_nd_sub tensor_scatter_nd_update",
        ".ops.sort": "argsort sort unique",
        # more TF names tutorials use (tfops)
        ".ops.array_more": "repeat searchsorted sequence_mask unique_with_counts",
        ".ops.math_more": "scalar_mul truncatediv truncatemod",
    },
)

newaxis = None


def is_tensor(x) -> bool:
    """True for tapekit Tensors and Variables (TF's ``is_tensor``)."""
    return isinstance(x, _tensor_module.TensorLike)


def executing_eagerly() -> bool:
    """Always True: tapekit runs eagerly."""
    return True


# Names TF has that tapekit deliberately does not (see the README's differences table).
_NOT_IN_TAPEKIT = {
    "data": "tf.data input pipelines",
    "saved_model": "model saving",
    "distribute": "distribution strategies",
    "estimator": "estimators",
    "lite": "TF Lite",
    "io": "file I/O ops",
    "image": "image ops",
    "strings": "string ops",
    "sparse": "sparse tensors",
    "ragged": "ragged tensors",
    "signal": "signal processing",
    "summary": "TensorBoard summaries",
    "train": "checkpoints and tf.train",
    "compat": "TF 1 compatibility",
    "feature_column": "feature columns",
    "tpu": "TPUs",
    "Graph": "graphs",
    "Session": "TF 1 sessions",
    "placeholder": "TF 1 placeholders",
    "layers": "Keras layers",
}


def __getattr__(name: str):
    if name in _NOT_IN_TAPEKIT:
        raise AttributeError(_message("missing_tf_name", name=name, what=_NOT_IN_TAPEKIT[name]))
    return _lazy.lookup(globals(), name)


def __dir__() -> list[str]:
    return _lazy.names(globals())


def load_ipython_extension(ipython) -> None:
    """``%load_ext tapekit``: the magics %%tape, %grad, %tape, %tapekit (tapekit.magics)."""
    from .magics import load_ipython_extension as _load

    _load(ipython)


def unload_ipython_extension(ipython) -> None:
    """``%unload_ext tapekit``: removes what ``load_ipython_extension`` registered."""
    from .magics import unload_ipython_extension as _unload

    _unload(ipython)
