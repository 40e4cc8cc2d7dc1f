"""All ops, by topic. Importing this package registers every primitive."""

from . import math, reduction, array, linalg, nn, creation, decompositions  # noqa: F401  (order: cycles)
from ._registry import REGISTRY, Primitive, primitive, apply  # noqa: F401
from . import _operators  # noqa: F401  (binds Tensor/Variable operators)
from . import sort, segment, scatter, grid, clip, variable_slice  # noqa: F401  (issue 13)

variable_slice.install()  # after _operators: Variable[...] gains .assign

# What each op's gradient rule never reads, so a tape can drop large arrays early:
# op name -> (input positions needed only for their shape/dtype, output too?).
# A rule that starts reading a value listed here must be removed from this table;
# the gradient tests would catch the zeros it then gets.
_SHAPE_ONLY_INPUTS_AND_OUTPUT = {
    "AddV2": ((0, 1), True),
    "Sub": ((0, 1), True),
    "Neg": ((0,), True),
    "Reshape": ((0,), True),
    "ExpandDims": ((0,), True),
    "Squeeze": ((0,), True),
    "Transpose": ((0,), True),
    "BroadcastTo": ((0,), True),
    "Identity": ((0,), True),
    "Cast": ((0,), True),
    "Sum": ((0,), True),
    "Mean": ((0,), True),
    "Cumsum": ((0,), True),
    "ConcatV2": (tuple(range(64)), True),
    "Pack": (tuple(range(64)), True),
    "StridedSlice": ((0,), True),
    "Pad": ((0,), True),
    "Tile": ((0,), True),
    "GatherV2": ((0,), True),
    "Mul": ((), True),
    "MatMul": ((), True),
    "Maximum": ((), True),
    "Minimum": ((), True),
    "SelectV2": ((), True),
    "Square": ((), True),
    "Sin": ((), True),
    "Cos": ((), True),
    "Log": ((), True),
    "Log1p": ((), True),
    "Abs": ((), True),
    "MaskedGrad": ((), True),
    "ScatterItem": ((0,), True),
    "Exp": ((0,), False),
    "Tanh": ((0,), False),
    "Sigmoid": ((0,), False),
    "Sqrt": ((0,), False),
    "Rsqrt": ((0,), False),
    "Reciprocal": ((0,), False),
    "Softmax": ((0,), False),
    "LogSoftmax": ((0,), False),
    "SparseSoftmaxCrossEntropyWithLogits": ((), True),
    "SparseSoftmaxCrossEntropyWithLogitsGrad": ((), True),
    "Relu": ((0,), False),
    "Relu6": ((0,), False),
    # issue 13's ops: rules that read only indices (params) or the other inputs
    "TakeAlongAxis": ((0,), True),
    "ScatterAlongAxis": ((0,), True),
    "UnsortedSegmentSum": ((0,), True),
    # decompositions: their rules read the outputs (s, u, v / q, r / e, v), never the input
    "Svd": ((0,), False),
    "Qr": ((0,), False),
    "SelfAdjointEigV2": ((0,), False),
}
for _name, _spec in _SHAPE_ONLY_INPUTS_AND_OUTPUT.items():
    REGISTRY[_name].hollow = _spec

import warnings as _warnings

# Overflow, division by zero and invalid values give inf/nan silently, as TensorFlow's
# kernels do: NumPy's RuntimeWarnings from tapekit's own op code are noise in a lesson.
# (Scoped to these modules: the user's own NumPy code still warns.)
_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"tapekit\.ops(\.|$)")
