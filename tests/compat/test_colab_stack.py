"""tapekit on Colab's stack: install it as the notebooks' first cell does, change no pin, and
run every notebook under strict nbval on a kernel from that environment.

Pins (the specification, Colab's ``google-colab`` stack): :data:`COLAB`.  The install uses
``tools/course.py``'s :data:`PIP_FLAGS` and :func:`pip_requirement` (the cell's own), with
the local clone instead of GitHub.  pytest and nbval go in after the pin check.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
COLAB = {
    "ipython": "7.34.0",
    "ipykernel": "5.5.6",
    "ipywidgets": "7.7.1",
    "numpy": "2.0.2",
    "notebook": "6.5.7",
    "jupyter-client": "7.4.9",
}
MATPLOTLIB = "3.10"
DROP = {"PIP_FIND_LINKS", "PIP_NO_INDEX", "PYTEST_ADDOPTS", "PYTHONPATH", "VIRTUAL_ENV"}
DROP |= {"MPLBACKEND", "JUPYTER_PATH", "IPYTHONDIR", "TAPEKIT_LANG"}


def _course():
    spec = importlib.util.spec_from_file_location("course", ROOT / "tools" / "course.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _run(cmd, **kw) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-8000:]}\n{proc.stderr[-8000:]}"
    return proc.stdout


def _freeze(python, env) -> dict[str, str]:
    out = _run([python, "-m", "pip", "freeze"], env=env, timeout=120)
    return {
        a.lower().replace("_", "-"): b
        for a, _, b in (line.partition("==") for line in out.splitlines())
        if b
    }


def test_colab_stack_runs_the_course(tmp_path):
    course = _course()
    clone = tmp_path / "clone"
    files = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    for rel in filter(None, files.split("\0")):
        if (ROOT / rel).is_file():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, clone / rel)
    venv, home = tmp_path / "venv", tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    env.update(HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONWARNINGS="")
    env["PIP_CACHE_DIR"] = _run([sys.executable, "-m", "pip", "cache", "dir"]).strip()
    _run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    python = str(venv / "bin" / "python")
    pins = [f"{k}=={v}" for k, v in COLAB.items()] + [f"matplotlib=={MATPLOTLIB}.*"]
    _run([python, "-m", "pip", "install", "-q", *pins], env=env, timeout=600)
    before = _freeze(python, env)
    # exactly the notebooks' install cell, from the local clone
    _run([python, *course.pip_command(str(clone))], env=env, timeout=600)
    after = _freeze(python, env)
    changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
    assert not changed, f"installing tapekit changed Colab's packages: {changed}"
    tools = ["pytest", "pytest-timeout", "nbval"]
    from importlib import metadata

    _run(
        [python, "-m", "pip", "install", "-q", *[f"{t}=={metadata.version(t)}" for t in tools]],
        env=env,
        timeout=600,
    )
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
