"""Run the course notebooks under ``pytest --nbval`` (strict) as part of the normal test run.

Strict mode, not ``--nbval-lax``: every code cell is re-executed on a real kernel and every
stored output is compared (stdout, stderr, results, error name and message), so a number that
changes, a warning that appears or a deliberate error that stops being raised fails the run;
there is no per-cell ``NBVAL_CHECK_OUTPUT`` marker to forget.  The notebooks are small and
deterministic (fixed seeds, no plots, no widgets), which is what strict mode needs.  The
sanitizer masks only addresses, kernel file names and timings (``nbval_sanitize.cfg``;
``test_structure.py`` checks that it leaves every stored result alone).

nbval runs in a subprocess so that it gets its own pytest session (its own kernel per
notebook, no interference from this suite's fixtures), on this interpreter's environment
(``--nbval-current-env``: the kernel is ``sys.executable``, whatever kernelspecs exist).  The
notebooks' own language cell must win over the environment, so each language runs with
``TAPEKIT_LANG`` set to the other one.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.numpy_only

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")
OTHER = {"en": "zh", "zh": "en"}


def _code_cells(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(c["cell_type"] == "code" for c in nb["cells"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notebooks_pass_strict_nbval(lang):
    notebooks = sorted((NOTEBOOKS / lang).glob("*.ipynb"))
    assert notebooks, f"no notebooks in notebooks/{lang}"
    env = {**os.environ, "TAPEKIT_LANG": OTHER[lang], "PYTHONWARNINGS": ""}
    env.pop("PYTEST_ADDOPTS", None)
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval",
        "--nbval-current-env",
        f"--nbval-sanitize-with={SANITIZE}",
        "--nbval-cell-timeout=120",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "-q",
        *[str(p.relative_to(ROOT)) for p in notebooks],
    ]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=540)
    report = proc.stdout[-20000:] + proc.stderr[-5000:]
    assert proc.returncode == 0, f"nbval failed on notebooks/{lang}:\n{report}"
    # every code cell ran and was compared: one passed item per cell, nothing skipped
    summary = proc.stdout.strip().splitlines()[-1]
    counts = dict((k, int(n)) for n, k in re.findall(r"(\d+) (\w+)", summary))
    expected = sum(_code_cells(p) for p in notebooks)
    assert counts == {"passed": expected}, f"expected {expected} passed cells: {summary}"
