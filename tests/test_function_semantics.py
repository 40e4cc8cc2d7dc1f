"""tk.function semantics TF tutorials rely on (issue 13, item 2)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

import tapekit as tk

REFERENCE = Path(__file__).parent / "reference"
sys.path.insert(0, str(REFERENCE))
from print_order_case import print_order

PRINT_ORDER = json.loads((REFERENCE / "tf_print_order.json").read_text())


def to_numpy(t):
    """Host NumPy value of a Tensor on any backend (the helper of tests/conftest.py; a
    module named conftest cannot be imported from here when tests/magics is collected)."""
    from tapekit._engine import backend as _backend

    return np.asarray(_backend.to_host(t._value)) if hasattr(t, "_value") else np.asarray(t)


def test_assign_add_of_a_python_float_works_on_every_call():
    v = tk.Variable(0.0)

    @tk.function
    def f():
        v.assign_add(1.0)
        return v + 0.0

    for _ in range(3):
        f()
    np.testing.assert_allclose(to_numpy(v), 3.0)
    assert f.experimental_get_tracing_count() == 1


def test_a_returned_variable_comes_back_as_a_tensor_of_its_value():
    v = tk.Variable([1.0, 2.0])

    @tk.function
    def f():
        v.assign_add([1.0, 1.0])
        return v, {"v": v}

    for want in ([2.0, 3.0], [3.0, 4.0]):  # the trace, then a replay
        out, d = f()
        assert type(out) is tk.Tensor and type(d["v"]) is tk.Tensor
        np.testing.assert_allclose(to_numpy(out), want)


def test_print_order_matches_tf(capsys):
    """Python print while tracing, tk.print at every execution after it (TF 2.21's order)."""
    print_order(tk)
    lines = [line for line in capsys.readouterr().err.splitlines() if line]
    assert lines == PRINT_ORDER["lines"]


def test_a_python_side_effect_while_tracing_sees_the_concrete_first_call():
    """A documented difference from TF (README): the trace runs on real values."""
    seen = []

    @tk.function
    def f(x):
        seen.append(x)  # reads no value: the plan stays plannable
        return x * 2.0

    f(tk.constant([1.0, 2.0]))
    f(tk.constant([3.0, 4.0]))  # a replay: the Python side effect does not run
    assert len(seen) == 1 and f.experimental_get_tracing_count() == 1
    np.testing.assert_allclose(to_numpy(seen[0]), [1.0, 2.0])  # TF: a symbolic tensor
