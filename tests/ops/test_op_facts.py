"""Everything tapekit knows about an op is declared on its primitive (issue 12).

Two rules keep it so: no dict or set literal outside the registry may be keyed by op
names (such a table drifts from the ops: nothing makes a new op appear in it), and every
differentiable op declares its ``--explain`` formula, one per input that has a rule.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import tapekit  # noqa: F401  (registers every primitive)
from tapekit.ops import REGISTRY

ROOT = Path(__file__).resolve().parents[2] / "tapekit"
REGISTRY_MODULE = ROOT / "ops" / "_registry.py"
pytestmark = pytest.mark.numpy_only  # facts about the source, not about a backend


def name_keyed_literals(source: str, names) -> list[tuple[int, list[str]]]:
    """(line, op names) of each dict or set literal in ``source`` that uses op names as
    keys or elements."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            items = node.keys
        elif isinstance(node, ast.Set):
            items = node.elts
        else:
            continue
        hits = [
            k.value
            for k in items
            if isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value in names
        ]
        if hits:
            found.append((node.lineno, hits))
    return found


def test_no_table_outside_the_registry_is_keyed_by_op_names():
    names = set(REGISTRY)
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == REGISTRY_MODULE:
            continue
        for line, hits in name_keyed_literals(path.read_text("utf-8"), names):
            offenders.append(f"{path.relative_to(ROOT.parent)}:{line}: {hits}")
    assert not offenders, (
        "tables keyed by op names; declare the fact on the Primitive instead "
        "(tapekit/ops/_registry.py lists the fields):\n" + "\n".join(offenders)
    )


def test_the_walk_finds_dicts_and_sets_of_op_names():
    """The check above cannot pass by finding nothing: it sees both kinds of literal."""
    source = 'A = {"Exp": 1, "other": 2}\nB = {"Sin", "Cos"}\nC = {"exp": 1}\nD = ["Exp"]\n'
    assert name_keyed_literals(source, {"Exp", "Sin", "Cos"}) == [
        (1, ["Exp"]),
        (2, ["Sin", "Cos"]),
    ]


def _inputs_with_rules(prim) -> int:
    """How many leading inputs need a formula (every one, for a variadic rule: 1)."""
    if prim.vjps is None:
        return 1
    return max((k + 1 for k, rule in enumerate(prim.vjps) if rule is not None), default=0)


DIFFERENTIABLE = sorted(n for n, p in REGISTRY.items() if p.differentiable)


def test_every_differentiable_op_has_an_explain_formula():
    missing = [
        n
        for n in DIFFERENTIABLE
        if not REGISTRY[n].explain or len(REGISTRY[n].explain) < _inputs_with_rules(REGISTRY[n])
    ]
    assert not missing, f"declare explain=(one formula per input) on these primitives: {missing}"


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_explain_formulas_use_only_the_known_fields(name):
    fields = {"a", "b", "c", "y"}
    for text in REGISTRY[name].explain or ():
        used = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
        assert used <= fields, f"{name}: {text!r} uses {used - fields}"
        assert text.format(a="x", b="w", c="z", y="out").strip()
