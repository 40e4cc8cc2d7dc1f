"""Colab's stack in a virtualenv, built once per session and shared by the tests in this folder.

Pins (the specification, Colab's ``google-colab`` stack): :data:`COLAB`.  The virtualenv gets
them first, then tapekit as the notebooks' first cell installs it on Colab
(``tools/course.py``'s ``pip_command``, with the local clone instead of GitHub); ``pip freeze``
is taken before and after that install, for the pin check.  Building it is the slow part
(about a minute with pip's cache), so the nbval run and the kernel-side widget tests use the
same one.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

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


def run(cmd, **kw) -> str:
    """``cmd``'s stdout; a failure shows its output."""
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-8000:]}\n{proc.stderr[-8000:]}"
    return proc.stdout


@dataclass
class ColabStack:
    """The virtualenv: its python, the environment to run it in, the clone it installed."""

    python: str
    env: dict
    clone: Path
    before: dict  # pip freeze before installing tapekit ...
    after: dict  # ... and after
    pins: dict  # COLAB, what `before` must hold

    def freeze(self) -> dict[str, str]:
        out = run([self.python, "-m", "pip", "freeze"], env=self.env, timeout=120)
        return {
            a.lower().replace("_", "-"): b
            for a, _, b in (line.partition("==") for line in out.splitlines())
            if b
        }


def _course():
    spec = importlib.util.spec_from_file_location("course", ROOT / "tools" / "course.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def colab_stack(tmp_path_factory) -> ColabStack:
    tmp = tmp_path_factory.mktemp("colab")
    clone = tmp / "clone"
    files = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    for rel in filter(None, files.split("\0")):
        if (ROOT / rel).is_file():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, clone / rel)
    venv, home = tmp / "venv", tmp / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    env.update(HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONWARNINGS="")
    env["PIP_CACHE_DIR"] = run([sys.executable, "-m", "pip", "cache", "dir"]).strip()
    env.setdefault("TAPEKIT_PROGRESS", "0")  # (tests/conftest.py sets it for every kernel)
    run(["nice", "-n", "10", sys.executable, "-m", "venv", str(venv)], timeout=300)
    python = str(venv / "bin" / "python")
    pins = [f"{k}=={v}" for k, v in COLAB.items()] + [f"matplotlib=={MATPLOTLIB}.*"]
    run(["nice", "-n", "10", python, "-m", "pip", "install", "-q", *pins], env=env, timeout=600)
    stack = ColabStack(python, env, clone, {}, {}, dict(COLAB))
    stack.before = stack.freeze()
    # exactly the notebooks' install cell, from the local clone
    run(["nice", "-n", "10", python, *_course().pip_command(str(clone))], env=env, timeout=600)
    stack.after = stack.freeze()
    return stack
