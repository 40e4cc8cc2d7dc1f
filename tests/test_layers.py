"""Imports flow one way: no module of tapekit imports a module of a higher layer.

The layers are those of ARCHITECTURE.md. An AST walk over ``tapekit/`` maps every module
to its layer and reads every import of tapekit's own modules, the deferred ones inside
functions included (``if TYPE_CHECKING:`` blocks excepted: they never run). A module
the table does not place fails the test too, so a new module gets a layer when it is
written. ``from .. import name`` where ``name`` is not a module imports the package
itself (``tapekit/__init__.py``, a facade), and counts as such.
"""

from __future__ import annotations

import ast
import functools
import pathlib

import pytest

pytestmark = pytest.mark.numpy_only  # reads source files: once, not per backend

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "tapekit"

# Lowest first. A pattern ending in ".*" places a package and everything under it; an
# exact name wins over a pattern.
LAYERS: list[tuple[str, list[str]]] = [
    (
        "foundation",
        [
            "tapekit._messages",
            "tapekit._lazy",
            "tapekit.errors",
            "tapekit._engine.nest",
            "tapekit.nest",
            "tapekit._engine.name_scope",
            "tapekit._engine",  # the engine's package (issue 12's move): loads its catalog
        ],
    ),
    (
        "backend",
        [
            "tapekit._engine.backend",
            "tapekit._engine.backend.array_helpers",
            "tapekit.backend",
            "tapekit._engine.device",
        ],
    ),
    ("dtypes", ["tapekit._engine.dtypes", "tapekit.dtypes"]),
    ("tape", ["tapekit._engine.tape"]),
    ("tensor", ["tapekit._engine.tensor", "tapekit._engine.variable", "tapekit._engine.trace"]),
    (
        "ops registry",
        [
            "tapekit.ops._dtype_policy",
            "tapekit.ops._operands",
            "tapekit.ops._registry",
        ],
    ),
    ("core ops", ["tapekit.ops._core_shape", "tapekit.ops._core_math"]),
    ("ops", ["tapekit.ops.*", "tapekit._engine.numpy_protocol"]),
    ("backprop", ["tapekit._engine.backprop"]),
    ("gradient_tape", ["tapekit.gradient_tape", "tapekit.custom_gradient", "tapekit.autodiff"]),
    (
        "function",
        [
            "tapekit._engine.function",
            "tapekit._engine.plan",
            "tapekit._engine.plan_code",
            "tapekit._engine.printing",
        ],
    ),
    (
        "facades",
        [
            "tapekit",
            "tapekit.math",
            "tapekit.nn",
            "tapekit.linalg",
            "tapekit.random",
            "tapekit.keras",
            "tapekit.config",
            "tapekit.module",
            "tapekit.testing",
            "tapekit.functional_ops",
            "tapekit.control_flow",
            "tapekit.optimizers.*",
        ],
    ),
    ("notebook", ["tapekit.notebook.*", "tapekit.workbench"]),
    ("widgets", ["tapekit.widgets.*"]),
    ("magics", ["tapekit.magics", "tapekit._ipython.*", "tapekit.__main__"]),
]

# Upward imports that stay for now, each with the reason. (importer, imported)
ALLOWED: dict[tuple[str, str], str] = {
    # IPython's entry point: ``%load_ext tapekit`` calls tapekit.load_ipython_extension,
    # which hands over to the magics (deferred, so ``import tapekit`` stays IPython-free).
    ("tapekit", "tapekit.magics"): "the %load_ext hook",
}


def _layer_table() -> dict[str, int]:
    return {pattern: rank for rank, (_, patterns) in enumerate(LAYERS) for pattern in patterns}


def layer_of(module: str, table: dict[str, int]) -> int | None:
    """The rank of ``module``: its exact entry, else the longest ``pkg.*`` pattern above it."""
    if module in table:
        return table[module]
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        rank = table.get(".".join(parts[:n]) + ".*")
        if rank is not None:
            return rank
    return None


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    rel = pathlib.Path(*name.split("."))
    root = PACKAGE.parent
    return (root / rel).with_suffix(".py").is_file() or (root / rel / "__init__.py").is_file()


def _type_checking_block(node) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@functools.cache
def imports_of(path: pathlib.Path) -> tuple:
    """``(imported module, line, deferred?)`` for each import of tapekit's own modules."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node, deferred: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_block(child):
                for sub in child.orelse:
                    visit(sub, deferred)
                continue
            inner = deferred or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "tapekit":
                        found.append((alias.name, child.lineno, deferred))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target.split(".")[0] != "tapekit":
                    continue
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    # ``from . import _backend`` imports a module; ``from . import constant``
                    # takes a name from the package, which runs the package's __init__
                    found.append((sub if _is_module(sub) else target, child.lineno, deferred))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return tuple(found)


@functools.cache
def upward_imports():
    table = _layer_table()
    unplaced, upward = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        rank = layer_of(module, table)
        if rank is None:
            unplaced.append(module)
            continue
        for target, line, deferred in imports_of(path):
            target_rank = layer_of(target, table)
            if target_rank is None:
                unplaced.append(target)
            elif target_rank > rank and (module, target) not in ALLOWED:
                where = "inside a function" if deferred else "at module level"
                upward.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {module} ({LAYERS[rank][0]}) "
                    f"imports {target} ({LAYERS[target_rank][0]}) {where}"
                )
    return sorted(set(unplaced)), tuple(upward)


def test_every_module_has_a_layer():
    unplaced, _ = upward_imports()
    assert not unplaced, f"give these modules a layer in tests/test_layers.py: {unplaced}"


def test_no_module_imports_a_higher_layer():
    _, upward = upward_imports()
    assert not upward, "imports against the layer order (ARCHITECTURE.md):\n" + "\n".join(upward)


def test_allow_list_is_still_needed():
    """An allowed upward import that is gone leaves the list, so the list stays true."""
    seen = set()
    for path in PACKAGE.rglob("*.py"):
        module = module_name(path)
        seen.update((module, target) for target, _, _ in imports_of(path))
    stale = [pair for pair in ALLOWED if pair not in seen]
    assert not stale, f"remove from ALLOWED, no longer imported: {stale}"


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("tapekit._engine.tensor", "tensor"),
        ("tapekit.ops.math", "ops"),
        ("tapekit.widgets.tape", "widgets"),
    ],
)
def test_layer_lookup(module, expected):
    assert LAYERS[layer_of(module, _layer_table())][0] == expected
