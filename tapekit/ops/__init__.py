"""All ops, by topic. Importing this package registers every primitive."""

from . import math, reduction, array, linalg, nn, creation, decompositions  # noqa: F401  (order: cycles)
from ._registry import REGISTRY, Primitive, primitive, apply  # noqa: F401
from . import _operators  # noqa: F401  (binds Tensor/Variable operators)
from . import sort, segment, scatter, grid, clip, variable_slice  # noqa: F401  (issue 13)

variable_slice.install()  # after _operators: Variable[...] gains .assign

import warnings as _warnings

# Overflow, division by zero and invalid values give inf/nan silently, as TensorFlow's
# kernels do: NumPy's RuntimeWarnings from tapekit's own op code are noise in a lesson.
# (Scoped to these modules: the user's own NumPy code still warns.)
_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"tapekit\.ops(\.|$)")
