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


# What ``import tapekit`` leaves for first use (``tapekit/_lazy.py``, bench row W6).
LOADED_ON_FIRST_USE = [
    "tapekit._engine.function",
    "tapekit._engine.plan_code",
    "tapekit._engine.printing",
    "tapekit.nn",
    "tapekit.linalg",
    "tapekit.config",
]


def test_import_tapekit_loads_the_core_ops_only():
    from tapekit import ops

    mods = set(_modules_after("import tapekit"))
    topics = [f"tapekit.ops.{t}" for t in ops.TOPICS]
    assert sorted(mods & {*topics, *LOADED_ON_FIRST_USE}) == []
    assert {"tapekit.ops.elementwise", "tapekit.ops.products", "tapekit.gradient_tape"} <= mods


@pytest.mark.parametrize("facade", ["tapekit", "tapekit.math", "tapekit.ops"])
def test_every_lazy_name_resolves_to_its_module_attribute(facade):
    import importlib

    module = importlib.import_module(facade)
    where = module._lazy.where
    assert where, f"{facade} lists no lazy names"
    for name, (source, attribute) in where.items():
        holder = importlib.import_module(source, module._lazy.package)
        expected = holder if attribute is None else getattr(holder, attribute)
        assert getattr(module, name) is expected, name
        assert name in dir(module)


def test_a_numpy_call_reaches_an_op_that_was_never_looked_up():
    # np.linalg.norm routes to tk.norm, whose module loads on first use: the route must
    # exist before anyone has touched tk.norm or tk.linalg.
    code = (
        "import numpy as np, tapekit as tf\n"
        "x = tf.constant([3.0, 4.0])\n"
        "with tf.GradientTape() as t:\n"
        "    t.watch(x)\n"
        "    y = np.linalg.norm(x)\n"
        "print(type(y).__name__, float(y), t.gradient(y, x).numpy().tolist())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["Tensor", "5.0", "[0.6000000238418579,", "0.800000011920929]"]


def test_the_ops_registry_read_from_the_package_is_complete():
    code = (
        "import tapekit\n"
        "from tapekit.ops import _registry\n"
        "before = len(_registry.REGISTRY)\n"
        "from tapekit.ops import REGISTRY\n"
        "print(before, len(REGISTRY), 'TakeAlongAxis' in REGISTRY)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, has_top_k = out.stdout.split()
    assert int(before) < int(after) and has_top_k == "True"


@pytest.mark.parametrize("use_jedi", [True, False], ids=["jedi", "no-jedi"])
def test_tab_completion_offers_names_not_loaded_yet(use_jedi):
    pytest.importorskip("IPython")
    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "from IPython.core.completer import provisionalcompleter\n"
        "ip = InteractiveShell.instance()\n"
        f"ip.Completer.use_jedi = {use_jedi}\n"
        "ip.run_cell('import tapekit as tf')\n"
        "for text in ['tf.mesh', 'tf.math.segment_s', 'tf.nn.rel', 'tf.functi']:\n"
        "    with provisionalcompleter():\n"
        "        print(sorted(c.text.lstrip('.') for c in ip.Completer.completions(text, len(text))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "['meshgrid']",
        "['segment_sum']",
        "['relu', 'relu6']",
        "['function', 'functional_ops']",
    ]
