"""The exercise solutions run and their own checks pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lesson_list import LESSONS, lesson_file

pytestmark = pytest.mark.numpy_only

SOLUTIONS = Path(__file__).resolve().parents[2] / "notebooks" / "solutions"
SCRIPTS = sorted(SOLUTIONS.glob("*.py"))


def test_every_course_notebook_has_solutions():
    # the lessons of notebooks/lessons.json, each with a script named like its notebook
    for lesson in LESSONS:
        notebook, script = lesson_file("en", lesson.stem), lesson_file("solutions", lesson.stem)
        assert script is not None and notebook is not None, lesson.stem
        assert script.stem == notebook.stem, (script.name, notebook.name)


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
