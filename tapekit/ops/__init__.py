"""All ops, by topic. Importing this package registers the core ops; the other topics
register on first use (``load_all()`` registers every primitive, and ``REGISTRY`` read
from this package is complete).

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
The modules up to ``products`` (with ``variable_slice`` and ``_operators``) are the core:
Tensor's operators and ``GradientTape`` need them. The rest are listed in ``TOPICS`` and
load when a facade first serves one of their names (``tapekit._lazy``, bench row W6).
"""

import warnings as _warnings

from .._lazy import LazyNames as _LazyNames

from . import _core_shape, _core_math, comparison, elementwise, trigonometric
from . import arithmetic, reduction, indexing, shape, creation, products
from ._registry import Primitive, primitive, apply
from . import _operators  # binds Tensor/Variable operators
from . import variable_slice

variable_slice.install()  # after _operators: Variable[...] gains .assign

# Overflow, division by zero and invalid values give inf/nan silently, as TensorFlow's
# kernels do: NumPy's RuntimeWarnings from tapekit's own op code are noise in a lesson.
# (Scoped to these modules: the user's own NumPy code still warns.)
_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"tapekit\.ops(\.|$)")

# The topic modules that load on first use, in the import order above.
TOPICS = (
    "matrix decompositions norm nn cross_entropy clip sort segment scatter grid"
    " math_more gamma statistics losses array_more nn_more linalg_more"
).split()


_lazy = _LazyNames(__name__, submodules=" ".join(TOPICS))


def load_all() -> None:
    """Import every topic module, so that every primitive is registered."""
    _lazy.load_all(globals())


def __getattr__(name: str):
    if name == "REGISTRY":  # every primitive, whichever topics were used so far
        load_all()
        from ._registry import REGISTRY

        return REGISTRY
    return _lazy.lookup(globals(), name)


def __dir__() -> list[str]:
    return _lazy.names(globals())
