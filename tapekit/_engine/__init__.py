"""The engine's private modules, lowest layer first (see ARCHITECTURE.md).

Importing any of them registers the engine's messages, so ``message(key)`` finds them.
"""

from . import _messages  # noqa: F401  (the engine's catalog entries)
