"""TensorFlow's exception names, each also a Python builtin a user would catch.

``InvalidArgumentError`` is a ``ValueError``, ``NotFoundError`` a ``LookupError``... so
plain Python ``except ValueError:`` works as well as TF-style ``except tk.errors.*``.
"""

from __future__ import annotations

__all__ = [
    "OpError",
    "InvalidArgumentError",
    "NotFoundError",
    "UnimplementedError",
    "FailedPreconditionError",
    "OutOfRangeError",
    "ResourceExhaustedError",
    "InternalError",
    "UnknownError",
]


class OpError(Exception):
    """An operation failed; ``op`` names it (TF's ``OpError``)."""

    def __init__(self, node_def=None, op=None, message: str = "", *args):
        if message == "" and isinstance(node_def, str) and op is None:
            message, node_def = node_def, None
        super().__init__(message)
        self.message = message
        self.op = op
        self.node_def = node_def

    def __str__(self) -> str:
        return self.message


class InvalidArgumentError(OpError, ValueError):
    """Bad arguments to an op: mixed dtypes, incompatible shapes, invalid values."""


class NotFoundError(OpError, LookupError):
    """Something requested (a device, a name) does not exist."""


class UnimplementedError(OpError, NotImplementedError):
    """The operation is not implemented for these arguments."""


class FailedPreconditionError(OpError, RuntimeError):
    """The system is not in a state that allows the operation."""


class OutOfRangeError(OpError, IndexError):
    """An index or iteration went past the end."""


class ResourceExhaustedError(OpError, MemoryError):
    """Out of memory."""


class InternalError(OpError, RuntimeError):
    """A bug in tapekit: please report it."""


class UnknownError(OpError, RuntimeError):
    """An error from the array library that tapekit could not classify."""
