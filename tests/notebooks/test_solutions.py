"""The exercise solutions run and their own checks pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.numpy_only

SOLUTIONS = Path(__file__).resolve().parents[2] / "notebooks" / "solutions"
SCRIPTS = sorted(SOLUTIONS.glob("*.py"))


def test_every_course_notebook_has_solutions():
    notebooks = {p.stem for p in (SOLUTIONS.parent / "en").glob("*.ipynb")}
    assert notebooks <= {p.stem for p in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_solution_runs_cleanly(script):
    proc = subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip(), "a solution shows its answers"
