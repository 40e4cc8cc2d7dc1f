"""``tk.random``: seeded random tensors (NumPy's PCG64; values differ from TF's Philox)."""

from .ops.creation import normal, set_seed, shuffle, truncated_normal, uniform  # noqa: F401
