"""``tk.dtypes``: the DType class and the dtype singletons."""

from ._engine.dtypes import *  # noqa: F403
from ._engine.dtypes import __all__  # noqa: F401
