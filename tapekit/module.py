"""``tk.Module``: a container whose variables are found from its attributes (``tf.Module``).

``variables`` / ``trainable_variables`` walk the instance's attributes in sorted name
order (lists, tuples and dicts inside them too, dicts by sorted key), yield each variable
once, and then descend into sub-modules, exactly as ``tf.Module`` does, so that::

    class Linear(tk.Module):
        def __init__(self):
            super().__init__()
            self.w = tk.Variable(5.0)
            self.b = tk.Variable(0.0)

        def __call__(self, x):
            return self.w * x + self.b

    optimizer.minimize(lambda: loss(model(x), y), model.trainable_variables)

lists ``[b, w]`` in TF's order (attribute names sorted).
"""

from __future__ import annotations

import functools
import re

from ._engine.name_scope import current_prefix, name_scope
from ._engine.variable import Variable
from ._messages import message

__all__ = ["Module"]

_CAMEL_TO_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")
_IGNORED = frozenset(
    ("_self_unconditional_checkpoint_dependencies", "_self_unconditional_dependency_names")
)


def _camel_to_snake(name: str) -> str:
    return _CAMEL_TO_SNAKE.sub(r"_\1", name).lower()


def _is_variable(x) -> bool:
    return isinstance(x, Variable)


def _is_trainable_variable(x) -> bool:
    return isinstance(x, Variable) and x.trainable


def _is_non_trainable_variable(x) -> bool:
    return isinstance(x, Variable) and not x.trainable


def _is_module(x) -> bool:
    return isinstance(x, Module)


def _leaves(value, path, out):
    """(path, leaf) pairs of a nested structure, in ``tf.nest``'s order."""
    if isinstance(value, dict):
        for key in sorted(value):
            _leaves(value[key], (*path, key), out)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _leaves(v, (*path, i), out)
    else:
        out.append((path, value))


class Module:
    """Base class for models and layers: collects the variables it holds.

    ``name`` defaults to the class name in snake case (``MyModel`` -> ``my_model``).
    """

    _TF_MODULE_IGNORED_PROPERTIES = _IGNORED

    def __init__(self, name=None):
        __tracebackhide__ = True
        if name is None:
            name = _camel_to_snake(type(self).__name__)
        elif not str(name).isidentifier():
            raise ValueError(message("module_name", name=name))
        self._name = name
        # TF fixes a module's scope when it is made: one made inside ``name_scope("outer")``
        # creates its variables under ``outer/<name>/``
        self._scope = f"{current_prefix()}{name}/"

    @property
    def name(self) -> str:
        """TF's ``Module.name``: the name given, else the class name in snake_case."""
        return getattr(self, "_name", None) or _camel_to_snake(type(self).__name__)

    @property
    def name_scope(self) -> name_scope:
        """``with self.name_scope:``: variables created inside are named ``<module>/...``."""
        scope = getattr(self, "_scope", None)
        return name_scope(scope if scope is not None else self.name + "/")

    @property
    def variables(self) -> tuple:
        """Every Variable held by this module and its sub-modules (TF's order)."""
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self) -> tuple:
        """The variables with ``trainable=True`` (what an optimizer should update)."""
        return tuple(self._flatten(predicate=_is_trainable_variable))

    @property
    def non_trainable_variables(self) -> tuple:
        """TF's ``Module.non_trainable_variables``: the variables with ``trainable=False``."""
        return tuple(self._flatten(predicate=_is_non_trainable_variable))

    @property
    def submodules(self) -> tuple:
        """All modules held by this module, recursively (breadth first per level)."""
        return tuple(self._flatten(predicate=_is_module))

    def _flatten(
        self, recursive=True, predicate=None, attribute_traversal_key=None, with_path=False
    ):
        """Leaves of this module's attributes that satisfy ``predicate`` (``tf.Module``)."""
        if predicate is None:
            predicate = lambda _: True
        return _flatten_module(
            self,
            recursive=recursive,
            predicate=predicate,
            attribute_traversal_key=attribute_traversal_key,
            attributes_to_ignore=self._TF_MODULE_IGNORED_PROPERTIES,
            with_path=with_path,
        )

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: run ``method`` inside the module's name scope, as TF does."""

        @functools.wraps(method)
        def in_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)

        return in_scope


def _flatten_module(
    module,
    recursive,
    predicate,
    attribute_traversal_key,
    attributes_to_ignore,
    with_path,
    module_path=(),
    seen=None,
    recursion_stack=None,
):
    """TF's ``_flatten_module``: own attributes first (sorted), then each sub-module."""
    module_id = id(module)
    if seen is None:
        seen = {module_id}
    if recursion_stack is None:
        recursion_stack = []
    if module_id in recursion_stack:
        recursive = False
    module_dict = vars(module)
    submodules = []
    for key in sorted(module_dict, key=attribute_traversal_key):
        if key in attributes_to_ignore:
            continue
        leaves: list = []
        _leaves(module_dict[key], (key,), leaves)
        for leaf_path, leaf in leaves:
            if not with_path:
                if id(leaf) in seen:
                    continue
                seen.add(id(leaf))
            if predicate(leaf):
                yield (module_path + leaf_path, leaf) if with_path else leaf
            if recursive and _is_module(leaf):
                submodules.append((module_path + leaf_path, leaf))
    recursion_stack.append(module_id)
    for sub_path, sub in submodules:
        yield from _flatten_module(
            sub,
            recursive=recursive,
            predicate=predicate,
            attribute_traversal_key=attribute_traversal_key,
            attributes_to_ignore=attributes_to_ignore,
            with_path=with_path,
            module_path=sub_path,
            seen=seen,
            recursion_stack=recursion_stack,
        )
    recursion_stack.pop()
