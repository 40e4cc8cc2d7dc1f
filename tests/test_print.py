"""tk.print writes what tf.print writes (recorded from TF 2.21: tf_engine.json "tf_print";
the extra cases here were checked against TF 2.21 by hand)."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import numpy as np
import pytest

import tapekit as tk

with open(Path(__file__).parent / "reference" / "tf_engine.json", encoding="utf-8") as fh:
    RECORDED = json.load(fh)["tf_print"]


@pytest.mark.parametrize("expr", list(RECORDED))
def test_recorded_tf_print_outputs(expr, capsys):
    eval(expr, {"tf": tk, "np": np})
    captured = capsys.readouterr()
    assert captured.out == ""  # like TF: stderr by default
    assert captured.err == RECORDED[expr]["output"]


def test_seed_003_line(capsys):
    tk.print("y =", tk.constant(0.0), "; x =", tk.Variable(0.999998569))
    assert capsys.readouterr().err == "y = 0 ; x = 0.999998569\n"


@pytest.mark.parametrize(
    "value, text",
    [
        (tk.constant(0.1), "0.1"),
        (tk.constant(1 / 3, tk.float64), "0.33333333333333331"),
        (tk.constant(0.5, tk.float64), "0.5"),
        (tk.constant(-0.0), "-0"),
        (tk.constant(3.0e38), "3e+38"),
        (tk.constant([True, False]), "[1 0]"),
        (tk.constant([], tk.float32), "[]"),
        (tk.zeros((2, 0)), "[\n ...]"),  # TF's output for an empty axis, too
        (tk.constant(2**40, tk.int64), "1099511627776"),
        (tk.reshape(tk.range(8), (2, 2, 2)), "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]"),
        (tk.reshape(tk.range(20), (1, 20)), "[[0 1 2 ... 17 18 19]]"),
    ],
)
def test_element_and_layout_formatting(value, text, capsys):
    tk.print(value)
    assert capsys.readouterr().err == text + "\n"


@pytest.mark.numpy_only
def test_float16_and_complex(capsys):
    tk.print(tk.constant(0.1, tk.float16))
    tk.print(tk.constant([1 + 2j], tk.complex64))
    assert capsys.readouterr().err == "0.0999755859\n[?]\n"


def test_summarize_sep_end_and_nesting(capsys):
    tk.print(tk.range(10), summarize=2, sep="|", end="!")
    tk.print([tk.constant(1.5), {"b": 2, "a": tk.constant([1, 2])}], "{}", end="\n")
    err = capsys.readouterr().err
    assert err == "[0 1 ... 8 9]![1.5, {'a': [1 2], 'b': 2}] {}\n"


def test_output_streams(tmp_path, capsys, caplog):
    buf = io.StringIO()
    tk.print("to a file object", tk.constant(2.0), output_stream=buf)
    assert buf.getvalue() == "to a file object 2\n"
    import sys

    tk.print("out", output_stream=sys.stdout)
    assert capsys.readouterr().out == "out\n"
    path = tmp_path / "log.txt"
    tk.print("a", output_stream=f"file://{path}")
    tk.print("b", output_stream=f"file://{path}")
    assert path.read_text() == "a\nb\n"
    logger = logging.getLogger("tapekit-test")
    with caplog.at_level(logging.INFO, logger="tapekit-test"):
        tk.print("logged", tk.constant(1.0), output_stream=logger.info)
    assert caplog.messages == ["logged 1"]
    with pytest.raises(ValueError, match="sys.stdout"):
        tk.print("x", output_stream="nowhere")
    with pytest.raises(ValueError, match="output_stream"):
        tk.print("x", stream="stdout")


def test_print_inside_tk_function_prints_on_every_call(capsys):
    @tk.function
    def f(x):
        tk.print("x =", x)
        return x * 2.0

    for v in (1.0, 2.0, 3.0):
        f(tk.constant(v))
    assert capsys.readouterr().err == "x = 1\nx = 2\nx = 3\n"
    assert f.experimental_get_tracing_count() == 1
