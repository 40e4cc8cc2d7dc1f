"""The engine's private modules, lowest layer first (see ARCHITECTURE.md).

Importing any of them registers the engine's messages (``_messages.json``), so
``message(key)`` finds them.
"""

from .._messages import register_catalog

register_catalog(__file__, "_messages.json")
