"""``import tapekit`` stays light: nothing heavy is imported until it is used."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.numpy_only  # runs in a fresh interpreter; the backend is irrelevant

HEAVY = ["IPython", "ipywidgets", "matplotlib", "cupy", "array_api_compat", "tensorflow"]


def _modules_after(code: str) -> list[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _heavy(mods):
    return sorted(m for m in mods if m.split(".")[0] in HEAVY)


def test_import_tapekit_is_light():
    mods = _modules_after("import tapekit")
    assert "tapekit" in mods and "numpy" in mods
    assert _heavy(mods) == []


def test_using_the_engine_on_numpy_stays_light():
    code = (
        "import tapekit as tf\n"
        "x = tf.constant([1.0, 2.0])\n"
        "with tf.GradientTape() as t:\n"
        "    t.watch(x)\n"
        "    y = tf.reduce_sum(tf.sin(x) * x)\n"
        "assert t.gradient(y, x).shape == (2,)\n"
        "print(tf.constant(6.0))\n"
    )
    assert _heavy(_modules_after(code)) == []
