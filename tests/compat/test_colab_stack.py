"""tapekit on Colab's stack: install it as the notebooks' first cell does, change no pin, and
run every notebook under strict nbval on a kernel from that environment.

The environment (Colab's pins, the notebooks' install cell from the local clone, ``pip
freeze`` before and after) is the session's ``colab_stack`` (``tests/compat/conftest.py``),
shared with ``test_colab_widgets.py``.  pytest and nbval go in after the pin check.
"""

from __future__ import annotations

import re
import subprocess
from importlib import metadata

import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.slow, pytest.mark.timeout(900)]


def test_colab_stack_runs_the_course(colab_stack):
    before, after = colab_stack.before, colab_stack.after
    assert {k: before.get(k) for k in colab_stack.pins} == colab_stack.pins, before
    changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
    assert not changed, f"installing tapekit changed Colab's packages: {changed}"
    python, env, clone = colab_stack.python, colab_stack.env, colab_stack.clone
    tools = ["pytest", "pytest-timeout", "nbval"]
    proc = subprocess.run(
        [python, "-m", "pip", "install", "-q", *[f"{t}=={metadata.version(t)}" for t in tools]],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    for lang, other in (("en", "zh"), ("zh", "en")):
        notebooks = sorted(
            str(p.relative_to(clone)) for p in (clone / "notebooks" / lang).glob("*.ipynb")
        )
        cmd = [python, "-m", "pytest", "--nbval", "--nbval-current-env"]
        cmd += [
            "--nbval-sanitize-with=tests/notebooks/nbval_sanitize.cfg",
            "--nbval-cell-timeout=120",
        ]
        cmd += ["-p", "no:cacheprovider", "-o", "addopts=", "-q", *notebooks]
        proc = subprocess.run(
            cmd,
            cwd=clone,
            env={**env, "TAPEKIT_LANG": other},
            capture_output=True,
            text=True,
            timeout=400,
        )
        assert proc.returncode == 0, f"nbval on notebooks/{lang}:\n{proc.stdout[-20000:]}"
        assert re.search(r"^\d+ passed in", proc.stdout.strip().splitlines()[-1]), proc.stdout[
            -2000:
        ]
