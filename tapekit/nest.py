"""``tk.nest``: flatten and rebuild nested structures."""

from ._engine.nest import flatten, map_structure, pack_sequence_as  # noqa: F401
