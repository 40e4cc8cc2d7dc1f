"""What a Python side effect sees of a tensor while ``tk.function`` traces (issue 13, item 2).

TF shows a traced tensor symbolically (``Tensor("x:0", shape=(), dtype=float32)``) and the
function stays compiled; tapekit shows the same text for tensors that depend on the inputs
(``tests/reference/tf_tracing_text.json``, recorded by ``record_tf_tracing_text.py``).
"""

from __future__ import annotations

import json
import pathlib
import sys
import warnings

import pytest

import tapekit as tk

REFERENCE = pathlib.Path(__file__).parent / "reference"
sys.path.insert(0, str(REFERENCE))
import tracing_text_cases  # the shared cases, beside the recorder

TF = json.loads((REFERENCE / "tf_tracing_text.json").read_text(encoding="utf-8"))


def _as_tf(text: str) -> str:
    return text.replace("<tk.", "<tf.")


@pytest.mark.parametrize("case", sorted(tracing_text_cases.CASES))
def test_traced_text_equals_tfs(case):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no eager fallback warning
        got = tracing_text_cases.CASES[case](tk)
    assert [_as_tf(t) for t in got] == TF[case]


def test_the_function_stays_compiled_and_prints_only_while_tracing(capsys):
    seen = []

    @tk.function
    def f(x):
        print("tracing", x)
        seen.append(repr(x * 2))
        tk.print("running", x)
        return x * 2

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(f(tk.constant(1.0))) == 2.0
        assert float(f(tk.constant(2.0))) == 4.0  # a replay: the plan, not the body
    out = capsys.readouterr()
    assert out.out.count("tracing") == 1
    assert 'tracing Tensor("x:0", shape=(), dtype=float32)' in out.out
    assert out.err.splitlines() == ["running 1", "running 2"]
    assert seen == ["<tk.Tensor 'mul:0' shape=() dtype=float32>"]
    assert f.experimental_get_tracing_count() == 1


def test_a_constant_computed_inside_keeps_its_value():
    seen = []

    @tk.function
    def f(x):
        c = tk.constant([1.0, 2.0]) * 2.0
        seen.append(str(c))
        return x + c

    f(tk.constant(0.0))
    assert seen == ["tk.Tensor([2. 4.], shape=(2,), dtype=float32)"]


def test_numpy_still_falls_back_to_eager_with_one_warning():
    @tk.function
    def f(x):
        x.numpy()
        return x + 1.0

    with pytest.warns(UserWarning):
        f(tk.constant(1.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once only
        assert float(f(tk.constant(2.0))) == 3.0


def test_a_format_spec_still_reads_the_value():
    """TF raises TypeError for ``f"{x:.2f}"`` of a symbolic tensor; tapekit formats the
    value and runs that signature eagerly (with the warning), as before."""
    seen = []

    @tk.function
    def f(x):
        seen.append(f"{x:.2f}")
        return x

    with pytest.warns(UserWarning):
        f(tk.constant(1.0))
    f(tk.constant(2.0))
    assert seen == ["1.00", "2.00"]


def test_text_outside_tracing_is_unchanged():
    x = tk.constant(1.5)
    v = tk.Variable([1.0, 2.0])
    assert str(x) == "tk.Tensor(1.5, shape=(), dtype=float32)"
    assert repr(x) == "<tk.Tensor: shape=(), dtype=float32, numpy=1.5>"
    assert f"{x}" == "1.5"
    assert repr(v).endswith("numpy=array([1., 2.], dtype=float32)>")
