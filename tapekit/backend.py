"""Choose the array library under tapekit (NumPy by default; any Array API library).

``with tapekit.backend.use(array_api_strict):`` runs new tensors on another library;
``tk.device("/GPU:0")`` uses this for CuPy.
"""

from ._engine.backend import current, namespace_of, set_default, use  # noqa: F401
