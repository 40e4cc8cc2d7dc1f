"""``%grad --explain`` (tapekit/notebook/explain.py): a view of the engine's own reverse walk."""

from __future__ import annotations

import numpy as np
import pytest

import tapekit as tk
from tapekit import workbench as wb
from tapekit.notebook.text import short_value
from tapekit.ops._registry import REGISTRY, Primitive

pytestmark = pytest.mark.numpy_only


@pytest.fixture
def unreduced_mul():
    """A product declaring ``broadcasts`` whose rules leave the sum to the walk."""
    p = Primitive("TestUnreducedMul", lambda xp, x, y: x * y, broadcasts=True)
    p.defvjp(lambda g, ans, x, y: g * y, lambda g, ans, x, y: g * x)
    p.explain = ("{b}", "{a}")
    yield p
    del REGISTRY[p.name]


def test_explain_shows_what_the_walk_sends(unreduced_mul):
    """The walk sums ``b``'s cotangent to its shape: the step shows the sum, not rows."""
    a = tk.constant(np.array([[1.0, 2.0], [3.0, 4.0]]))
    b = tk.constant(np.array([10.0, 20.0]))
    with wb.record(watch=[b]) as rec:
        z = unreduced_mul(a, b)
    wb.name(rec, {"a": a, "b": b, "z": z})
    text = str(wb.explain(rec, z, b))
    assert "∂z/∂b = a = [4.0, 6.0]  ⇒  ∂z/∂b = [4.0, 6.0]" in text
    assert "Result (chain rule): ∂z/∂b = [4.0, 6.0]" in text


def test_explain_results_are_the_tapes_gradients():
    """Steps past the limit are still walked: the result is the tape's, digit for digit."""
    x = tk.Variable(np.array([0.1, 0.2, 0.7]))
    with wb.record(persistent=True) as rec:
        y = x + 0.1
        y2 = y + 0.2
        z = tk.reduce_sum(tk.sin(y2 * y) + y * 0.3 + y2)
    wb.name(rec, {"x": x, "z": z})
    ex = wb.explain(rec, z, x, limit=2)
    assert [st.index for st in ex.steps] == [1, 2] and ex.total == 8
    assert ex.results == {"x": short_value(rec.tape.gradient(z, x).numpy())}
