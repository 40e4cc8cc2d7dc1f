"""All ops, by topic. Importing this package registers every primitive."""

from . import math, reduction, array, linalg, nn, creation  # noqa: F401  (order: cycles)
from ._registry import REGISTRY, Primitive, primitive, apply  # noqa: F401
from . import _operators  # noqa: F401  (binds Tensor/Variable operators)
