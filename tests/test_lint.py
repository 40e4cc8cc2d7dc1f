"""ruff keeps the code base in one style; this makes CI enforce it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.numpy_only


def _ruff() -> list[str]:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert exe, "ruff is part of the test extra: pip install -e '.[test]'"
    return [exe]


def test_ruff_check_passes():
    targets = [p for p in ("tapekit", "tests", "bench") if (ROOT / p).exists()]
    result = subprocess.run([*_ruff(), "check", *targets], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_engine_never_imports_numpy_directly():
    """Only the backend (and NumPy-facing helpers) may import numpy or cupy."""
    allowed = {"_backend.py", "testing.py", "_numpy_protocol.py"}
    offenders = []
    for path in (ROOT / "tapekit").rglob("*.py"):
        if (
            path.name in allowed
            or "widgets" in path.parts
            or "magics" in path.name
            or "_magics" in path.parts
        ):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import numpy", "from numpy", "import cupy", "from cupy")):
                offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert not offenders, offenders
