"""``tk.math``: elementwise math, reductions and comparisons under TF's names."""

from .ops._core_math import (  # noqa: F401
    add,
    cast,
    divide,
    multiply,
    negative,
    subtract,
    truediv,
)
from .ops._core_shape import reduce_sum  # noqa: F401
from .ops.arithmetic import (  # noqa: F401
    add_n,
    atan2,
    clip_by_value,
    divide_no_nan,
    floordiv,
    floormod,
    maximum,
    minimum,
    mod,
    pow,
    squared_difference,
    xlogy,
)
from .ops.comparison import (  # noqa: F401
    equal,
    greater,
    greater_equal,
    is_finite,
    is_inf,
    is_nan,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    not_equal,
    where,
)
from .ops.elementwise import (  # noqa: F401
    abs,
    ceil,
    erf,
    exp,
    expm1,
    floor,
    log,
    log1p,
    log_sigmoid,
    reciprocal,
    round,
    rsqrt,
    sigmoid,
    sign,
    softplus,
    sqrt,
    square,
)
from .ops.reduction import (  # noqa: F401
    argmax,
    argmin,
    count_nonzero,
    cumprod,
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
from .ops.trigonometric import (  # noqa: F401
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

neg = negative

from ._lazy import LazyNames as _LazyNames

# Loaded on first use (bench W6: ``import tapekit`` loads only the core ops).
_lazy = _LazyNames(
    "tapekit",
    names={
        ".ops.nn": "log_softmax softmax softsign",  # issue 13: TF has them here too
        ".ops.norm": "l2_normalize",
        # issue 13, with cumprod and top_k
        ".ops.segment": "bincount segment_max segment_mean segment_min segment_prod segment_sum"
        " unsorted_segment_max unsorted_segment_mean unsorted_segment_min"
        " unsorted_segment_prod unsorted_segment_sqrt_n unsorted_segment_sum",
        ".ops.sort": "top_k",
        # more of tf.math (tfops): NaN-safe math, erfc, polyval, rint, norms, cumulative logsumexp
        ".ops.array_more": "confusion_matrix",
        ".ops.gamma": "digamma lgamma",
        ".ops.math_more": "accumulate_n cumulative_logsumexp erfc erfinv multiply_no_nan polyval"
        " reciprocal_no_nan reduce_euclidean_norm rint scalar_mul xdivy",
        ".ops.nn_more": "in_top_k",
    },
)


def __getattr__(name: str):
    return _lazy.lookup(globals(), name)


def __dir__() -> list[str]:
    return _lazy.names(globals())
