"""All ops, by topic. Importing this package registers every primitive.

Imports between ops modules flow one way, lowest first (``tests/ops/test_ops_layers.py``
checks it, imports inside functions included)::

    _dtype_policy < _operands
    < _registry                                          the Primitive and its facts
    < _core_shape < _core_math                           what gradient rules use everywhere
    < comparison < elementwise < trigonometric < arithmetic < reduction
    < indexing < shape < creation < products < matrix < decompositions < norm
    < nn < cross_entropy < clip < sort < segment < scatter < grid < variable_slice
    < math_more < gamma < statistics < losses < array_more < nn_more < linalg_more
    < _operators < __init__                              Tensor/Variable operators, this package

A module imports only modules to its left; a new module takes its place in that list.
"""

from . import _core_shape, _core_math, comparison, elementwise, trigonometric
from . import arithmetic, reduction, indexing, shape, creation
from . import products, matrix, decompositions, norm, nn, cross_entropy
from ._registry import REGISTRY, Primitive, primitive, apply
from . import _operators  # binds Tensor/Variable operators
from . import sort, segment, scatter, grid, clip, variable_slice  # issue 13

variable_slice.install()  # after _operators: Variable[...] gains .assign

import warnings as _warnings

# Overflow, division by zero and invalid values give inf/nan silently, as TensorFlow's
# kernels do: NumPy's RuntimeWarnings from tapekit's own op code are noise in a lesson.
# (Scoped to these modules: the user's own NumPy code still warns.)
_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"tapekit\.ops(\.|$)")
