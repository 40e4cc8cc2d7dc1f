"""``tk.nest``: flatten and rebuild nested structures."""

from ._nest import flatten, map_structure, pack_sequence_as  # noqa: F401
