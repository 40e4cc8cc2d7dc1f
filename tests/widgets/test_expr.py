"""The widgets' string expressions (tapekit.widgets._expr): the grammar, the limits, the work.

A text box in a Voilà dashboard is anyone's input: every limit is checked by what the
parser refuses and by how many nodes it visits (its work), never by wall time.
"""

from __future__ import annotations

import ast

import pytest

import tapekit as tk
from tapekit.widgets._expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    MAX_POWER_BITS,
    ExpressionError,
    check,
    compile_1d,
    parse,
)

pytestmark = pytest.mark.numpy_only


def _balanced_sum(leaves: int) -> str:
    """x+x+...+x as a balanced tree: many nodes, shallow."""
    terms = ["x"] * leaves
    while len(terms) > 1:
        terms = [f"({a}+{b})" for a, b in zip(terms[::2], terms[1::2])] + terms[len(terms) & ~1 :]
    return terms[0]


LIMITS = [
    ("x" + "+x" * MAX_LENGTH, "too long", str(MAX_LENGTH)),
    ("x" + "+x" * 3000, "too long", str(MAX_LENGTH)),  # 3,001 terms: once a RecursionError
    ("x" + "+x" * 600, "too deeply nested", str(MAX_DEPTH)),  # under the length limit
    ("-" * 150 + "x", "too deeply nested", str(MAX_DEPTH)),
    ("sin(" * 120 + "x" + ")" * 120, "too deeply nested", str(MAX_DEPTH)),
    ("(" * 250 + "x" + ")" * 250, "too deeply nested", str(MAX_DEPTH)),  # the tokenizer's limit
    (_balanced_sum(256), "too big", str(MAX_NODES)),
    ("9**9**9", "constant power", str(MAX_POWER_BITS)),  # once: ran until killed
    ("x**9**9**9", "constant power", str(MAX_POWER_BITS)),
    ("sin(9**9**9) + x", "constant power", str(MAX_POWER_BITS)),
    ("2**4097", "constant power", str(MAX_POWER_BITS)),
    ("(-3)**9999 * x", "constant power", str(MAX_POWER_BITS)),
    ("2**4000 * 2**4000", "constant power", str(MAX_POWER_BITS)),
]


@pytest.mark.parametrize("text, what, limit", LIMITS)
def test_each_limit_is_refused_with_a_message_naming_it(text, what, limit):
    with pytest.raises(ExpressionError) as e:
        parse(text)
    msg = str(e.value)
    assert what in msg and f"the limit is {limit}" in msg
    assert len(msg) < 400  # the text is quoted clipped, not echoed whole


def test_the_limits_in_chinese():
    tk.config.set_language("zh")
    try:
        with pytest.raises(ExpressionError, match="常数乘方太大.*上限是 4096"):
            parse("9**9**9")
    finally:
        tk.config.set_language("en")


def test_just_under_the_limits_is_accepted():
    parse("x" + "+x" * (MAX_DEPTH - 2))
    parse("2**4096 + x")
    parse(_balanced_sum(128))
    assert compile_1d("2**10 * x")(tk.constant(1.5)).numpy() == 1536.0
    # constant parts are folded only to check their size: values stay exact Python ones
    assert compile_1d("2**200 / 2**199 + x")(tk.constant(0.0, tk.float64)).numpy() == 2.0


def test_parsing_is_linear_in_the_number_of_terms():
    """One pass: the nodes visited grow with the terms (500 sin(x) terms once took 1.5 s,
    quadratically: each name was checked against a walk of the whole tree)."""
    visited = {}
    for n in (20, 40, 80):
        text = "+".join(["sin(x)"] * n)
        tree, visited[n] = check(text)
        nodes = sum(1 for node in ast.walk(tree.body) if isinstance(node, ast.expr))
        assert visited[n] == nodes - n  # each node once (a call's name is not walked)
        assert visited[n] == 3 * n - 1  # n calls, n arguments, n - 1 additions: linear


HOSTILE = [
    "__import__('os')",
    "__import__('os').system('true')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "sin.__globals__",
    "x.real",
    "exp.__self__",
    "getattr(x, 'real')",
    "eval('1')",
    "open('/etc/passwd')",
    "(lambda: 1)()",
    "[c for c in ()]",
    "x if x else x",
    "x[0]",
    "'a' * 3",
    "f'{x}'",
    "(y := 2)",
    "sin(*x)",
    "sin(x=1)",
    "x < 1",
    "x // 2",
    "x @ x",
    "True + x",
    "sin * x",
    "__builtins__",
    "globals()",
    "b'x'",
    "1j * x",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_dunders_attributes_and_other_constructs_are_refused(text):
    with pytest.raises(ExpressionError):
        compile_1d(text)


def test_a_refused_construct_runs_nothing(tmp_path):
    target = tmp_path / "escaped"
    with pytest.raises(ExpressionError, match="Unknown name `__import__"):
        compile_1d(f"__import__('os').system('touch {target}')")
    assert not target.exists()
    with pytest.raises(ExpressionError, match="not allowed"):
        parse("().__class__.__base__")
