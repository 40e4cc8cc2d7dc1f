"""Imports between ``tapekit/ops/*.py`` flow one way: each module imports only modules
listed before it in ``LAYERS`` (imports inside functions included), so there is no cycle.

The same order is written in ``tapekit/ops/__init__.py``'s docstring; a new ops module
takes its place here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.numpy_only  # reads source files: one backend is enough

OPS = Path(__file__).resolve().parents[2] / "tapekit" / "ops"

# lowest first: the registry, the core ops every gradient rule uses, then the topics
LAYERS = [
    "_dtype_policy",
    "_operands",
    "_registry",
    "_core_shape",
    "_core_math",
    "comparison",
    "elementwise",
    "trigonometric",
    "arithmetic",
    "reduction",
    "indexing",
    "shape",
    "creation",
    "products",
    "matrix",
    "decompositions",
    "norm",
    "nn",
    "cross_entropy",
    "clip",
    "sort",
    "segment",
    "scatter",
    "grid",
    "variable_slice",
    "math_more",
    "gamma",
    "statistics",
    "losses",
    "array_more",
    "nn_more",
    "linalg_more",
    "_operators",
    "__init__",
]


def ops_imports(source: str) -> list[tuple[int, str]]:
    """(line, ops module) for every import of a sibling ops module, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        mod = node.module or ""
        if node.level == 1 and mod:  # from .x import ...
            found.append((node.lineno, mod.split(".")[0]))
        elif node.level == 1:  # from . import x, y
            found.extend((node.lineno, a.name) for a in node.names)
        elif node.level == 2 and mod.split(".")[0] == "ops":  # from ..ops(.x) import ...
            parts = mod.split(".")
            if len(parts) > 1:
                found.append((node.lineno, parts[1]))
            else:
                found.extend((node.lineno, a.name) for a in node.names)
        elif node.level == 0 and mod.startswith("tapekit.ops"):
            parts = mod.split(".")
            if len(parts) > 2:
                found.append((node.lineno, parts[2]))
            else:
                found.extend((node.lineno, a.name) for a in node.names)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[:2] == ["tapekit", "ops"] and len(parts) > 2:
                    found.append((node.lineno, parts[2]))
    return found


def import_graph(ops_dir: Path = OPS) -> dict[str, list[tuple[int, str]]]:
    modules = {p.stem for p in ops_dir.glob("*.py")}
    return {
        p.stem: [(line, m) for line, m in ops_imports(p.read_text()) if m in modules]
        for p in sorted(ops_dir.glob("*.py"))
    }


def upward_imports(graph, layers=LAYERS) -> list[str]:
    rank = {m: i for i, m in enumerate(layers)}
    bad = []
    for mod, edges in graph.items():
        for line, dep in edges:
            if mod not in rank or dep not in rank:
                continue  # test_every_ops_module_has_a_layer names it
            if rank[dep] >= rank[mod]:
                bad.append(
                    f"tapekit/ops/{mod}.py:{line} imports {dep}, which is not below it "
                    f"(order: {' < '.join(layers[min(rank[mod], rank[dep]) : max(rank[mod], rank[dep]) + 1])})"
                )
    return bad


def cycles(graph) -> list[list[str]]:
    """Every import cycle among the ops modules (one path per strongly connected knot)."""
    found, state = [], {}

    def visit(mod, path):
        state[mod] = "open"
        for _, dep in graph.get(mod, []):
            if state.get(dep) == "open":
                found.append(path[path.index(dep) :] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[mod] = "done"

    for mod in sorted(graph):
        if mod not in state:
            visit(mod, [mod])
    return found


def test_every_ops_module_has_a_layer():
    missing = sorted(set(import_graph()) - set(LAYERS))
    assert not missing, (
        f"ops modules without a place in LAYERS: {missing}; add each to LAYERS in "
        "tests/ops/test_ops_layers.py and to tapekit/ops/__init__.py's docstring"
    )
    gone = sorted(set(LAYERS) - set(import_graph()))
    assert not gone, f"LAYERS lists modules that no longer exist: {gone}"


def test_no_import_cycle_among_ops_modules():
    found = cycles(import_graph())
    assert not found, "import cycles among tapekit/ops modules:\n" + "\n".join(
        " -> ".join(c) for c in found
    )


def test_ops_modules_import_downward_only():
    bad = upward_imports(import_graph())
    assert not bad, "upward imports in tapekit/ops:\n" + "\n".join(bad)


def test_the_order_is_the_one_the_package_docstring_writes_down():
    doc = (OPS / "__init__.py").read_text()
    doc = ast.get_docstring(ast.parse(doc)) or ""
    words = [w.strip() for w in doc.replace("\n", " ").split("<")]
    named = [w.split()[-1] if i == 0 else w.split()[0] for i, w in enumerate(words) if w.split()]
    assert named == LAYERS, f"tapekit/ops/__init__.py's docstring lists {named}, LAYERS {LAYERS}"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from .shape import stack\n", [(1, "shape")]),
        ("from . import shape as _s, nn\n", [(1, "shape"), (1, "nn")]),
        ("def f():\n    from ..ops.matrix import inv\n", [(2, "matrix")]),
        ("import tapekit.ops.norm\n", [(1, "norm")]),
        ("from .. import _backend\n", []),
    ],
)
def test_the_walk_sees_every_spelling_of_an_ops_import(source, expected):
    assert ops_imports(source) == expected


def test_the_checks_catch_an_upward_import_and_a_cycle():
    graph = {"_core_math": [(9, "shape")], "shape": [(3, "_core_math")]}
    assert cycles(graph) == [["_core_math", "shape", "_core_math"]]
    (msg,) = upward_imports(graph)
    assert msg.startswith("tapekit/ops/_core_math.py:9 imports shape")


def test_every_topic_module_loads_with_the_package_or_with_load_all():
    # A topic module neither imported by the package nor in TOPICS would register its
    # primitives only when a user happened to import it: REGISTRY, NumPy's routes and the
    # op meta-tests would miss them.
    from tapekit import ops

    eager = {m for _, m in ops_imports((OPS / "__init__.py").read_text())}
    topics = {p.stem for p in OPS.glob("*.py") if not p.stem.startswith("_")}
    assert sorted(topics - eager - set(ops.TOPICS)) == []
    assert sorted(eager & set(ops.TOPICS)) == []
    assert [m for m in LAYERS if m in ops.TOPICS] == ops.TOPICS  # loaded lowest first
