"""``tf.name_scope``: the prefix TF puts before the names of the variables created inside.

Per thread, as in TF.  Eager TF does not make scope names unique (two ``with
tf.name_scope("a")`` blocks both give ``a/``), and neither does tapekit.
"""

from __future__ import annotations

import threading

from .._messages import message

_local = threading.local()


def current_prefix() -> str:
    """The scope prefix in force in this thread: ``""`` at top level, else ``"a/b/"``."""
    return getattr(_local, "prefix", "")


class name_scope:  # TF's name
    """``with tk.name_scope("layer1"):``: variables created inside are named ``layer1/...``.

    A name ending in ``/`` is absolute (re-enters that scope); ``""`` is the top level.
    """

    __slots__ = ("_name", "_outer")

    def __init__(self, name: str) -> None:
        if not isinstance(name, str):
            raise ValueError(message("name_scope_name"))
        self._name = name
        self._outer = None

    @property
    def name(self) -> str:
        """TF's ``name_scope.name``: the name given, as given."""
        return self._name

    def __enter__(self) -> str:
        self._outer = current_prefix()
        if not self._name or self._name.endswith("/"):
            scope = self._name
        else:
            scope = f"{self._outer}{self._name}/"
        _local.prefix = scope
        return scope

    def __exit__(self, *exc) -> None:
        _local.prefix = self._outer
