"""Seed 003's eager optimizer cells run unchanged and print TensorFlow's line.

The cells (and their recorded output) come from tests/reference/tf_engine.json, key
"seeds"; the ``@tf.function`` cells of seed 003 are tested with ``tk.function``.
"""

from __future__ import annotations

import json

import pytest
from opt_reference import REFERENCE

import tapekit as tk

with open(REFERENCE / "tf_engine.json", encoding="utf-8") as fh:
    SEEDS = json.load(fh)["seeds"]


@pytest.mark.parametrize("cell", ["003_cell5", "003_cell6"])
def test_seed_003_eager_training_cell(cell, capsys):
    rec = SEEDS[cell]
    assert rec["output"] == "y = 0 ; x = 0.999998569\n"
    namespace = {"tf": tk}
    exec(compile(rec["code"], f"<seed {cell}>", "exec"), namespace)
    captured = capsys.readouterr()
    assert captured.out + captured.err == rec["output"]
    assert int(namespace["optimizer"].iterations.numpy()) == 1000


def test_seed_003_cell5_apply_gradients_loop_values():
    """The same loop, checked on the values rather than the printed text."""
    x = tk.Variable(0.0, name="x", dtype=tk.float32)
    optimizer = tk.keras.optimizers.SGD(learning_rate=0.01)
    for _ in range(1000):
        with tk.GradientTape() as tape:
            y = tk.pow(x, 2) - 2.0 * x + 1.0
        optimizer.apply_gradients(grads_and_vars=[(tape.gradient(y, x), x)])
    assert float(x.numpy()) == pytest.approx(0.999998569, abs=1e-9)
    assert float(y.numpy()) == 0.0
