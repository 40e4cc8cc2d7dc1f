"""Write binder/requirements.txt, the Binder lock, from binder/requirements.in.

repo2docker installs ``binder/requirements.txt`` with ``pip install -r``; pinning only the
Jupyter packages left the other hundred to float, so an image rebuilt mid-term could differ
from the one the course was tested on.  This script installs requirements.in (tapekit and
the Jupyter pins) into a fresh virtualenv with the runtime.txt Python, from the package
registry, and writes every installed package at its exact version, after ``.[jupyter]``::

    python3.11 binder/lock.py        # from the repository root; about a minute

tests/notebooks/test_binder.py checks the lock against requirements.in and pyproject.toml's
ranges; tests/notebooks/test_binder_replay.py installs it and checks that pip installed
exactly what it pins.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BINDER = Path(__file__).resolve().parent
HEADER = """\
# The Binder lock: every package of the image at its exact version (repo2docker runs
# `pip install -r binder/requirements.txt`).  Written by `python3.11 binder/lock.py` from
# binder/requirements.in: edit that file (the Jupyter pins), then rerun the script.
# Locked for Python {version} on Linux (binder/runtime.txt: rerun the script when it changes).
# repo2docker ignores pyproject.toml once binder/ exists: ".[jupyter]" installs tapekit.
.[jupyter]
"""
# variables that would point pip away from the registry or into another environment
DROP = {"PIP_FIND_LINKS", "PIP_NO_INDEX", "PIP_EXTRA_INDEX_URL", "PYTHONPATH", "VIRTUAL_ENV"}


def runtime_version() -> str:
    text = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    return re.fullmatch(r"python-(3\.\d+)", text)[1]


def freeze_lines(freeze: str) -> list[str]:
    """``name==version`` lines of a ``pip freeze``, sorted by name, tapekit left out."""
    lines = [line.strip() for line in freeze.splitlines()]
    pins = [line for line in lines if "==" in line and not line.startswith("#")]
    pins = [p for p in pins if p.split("==")[0].lower() != "tapekit"]
    return sorted(pins, key=lambda p: p.split("==")[0].lower().replace("_", "-"))


def main() -> int:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if version != runtime_version():
        print(f"run this with Python {runtime_version()} (binder/runtime.txt), not {version}")
        return 2
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    with tempfile.TemporaryDirectory() as tmp:
        python = str(Path(tmp) / "bin" / "python")
        subprocess.run([sys.executable, "-m", "venv", tmp], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "-q", "-r", str(BINDER / "requirements.in")],
            cwd=BINDER.parent,
            env=env,
            check=True,
        )
        freeze = subprocess.run(
            [python, "-m", "pip", "freeze"], env=env, check=True, capture_output=True, text=True
        ).stdout
    pins = freeze_lines(freeze)
    (BINDER / "requirements.txt").write_text(
        HEADER.format(version=version) + "\n".join(pins) + "\n", encoding="utf-8"
    )
    print(f"binder/requirements.txt: {len(pins)} packages pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
