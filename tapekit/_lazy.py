"""Names a facade serves on first use (PEP 562), so ``import tapekit`` loads only the core.

``import tapekit`` is timed by bench row W6 against ``import numpy``; each module costs
about 0.2 ms, and half of tapekit's modules hold ops and tools a lesson may never touch.
A facade lists where each of those names lives; the first lookup imports that module and
stores the name in the facade's namespace, so later lookups are plain attribute reads.
``tests/test_lazy.py`` resolves every entry of every facade's table.
"""

from __future__ import annotations

import importlib

from ._messages import no_attribute


class LazyNames:
    """Where a package's lazily loaded names live.

    ``submodules``: names that are submodules of the package (``"nn"``).
    ``names``: ``{module: "name name ..."}``, the module relative to the package; a word
    ``name=attribute`` serves the module's ``attribute`` under another ``name``.
    """

    def __init__(self, package: str, submodules: str = "", names: dict[str, str] | None = None):
        self.package = package
        self.where: dict[str, tuple[str, str | None]] = {
            name: ("." + name, None) for name in submodules.split()
        }
        for module, words in (names or {}).items():
            for word in words.split():
                name, _, attribute = word.partition("=")
                self.where[name] = (module, attribute or name)

    def __contains__(self, name: str) -> bool:
        return name in self.where

    def load(self, namespace: dict, name: str) -> object:
        """Import the module that holds ``name``, store ``name`` in ``namespace``, return it."""
        module_name, attribute = self.where[name]
        module = importlib.import_module(module_name, self.package)
        value = module if attribute is None else getattr(module, attribute)
        namespace[name] = value
        return value

    def lookup(self, namespace: dict, name: str) -> object:
        """A facade's ``__getattr__``: the lazy ``name``, else the "no attribute" error
        with the closest public name suggested."""
        if name in self.where:
            return self.load(namespace, name)
        if name.startswith("__"):
            raise AttributeError(name)
        public = [n for n in self.names(namespace) if not n.startswith("_")]
        raise no_attribute(namespace["__name__"], name, public)

    def load_all(self, namespace: dict) -> None:
        """Resolve every listed name now."""
        for name in self.where:
            if name not in namespace:
                self.load(namespace, name)

    def names(self, namespace: dict) -> list[str]:
        """The public names of the package, loaded or not (its ``__dir__``)."""
        return sorted({*namespace, *self.where})
