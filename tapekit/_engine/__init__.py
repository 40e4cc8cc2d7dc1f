"""The engine's private modules, lowest layer first (see ARCHITECTURE.md)."""
