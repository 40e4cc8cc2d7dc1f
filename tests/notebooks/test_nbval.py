"""Run the course notebooks under ``pytest --nbval`` (strict) as part of the normal test run.

Strict mode, not ``--nbval-lax``: every code cell is re-executed on a real kernel and every
stored output is compared (stdout, stderr, results, error name and message), so a number that
changes, a warning that appears or a deliberate error that stops being raised fails the run;
there is no per-cell ``NBVAL_CHECK_OUTPUT`` marker to forget.  The notebooks are small and
deterministic (fixed seeds), which is what strict mode needs.  The sanitizer masks only
addresses, kernel file names and timings (``nbval_sanitize.cfg``; ``test_structure.py``
checks that it leaves every stored result alone).

What strict mode compares, and what it cannot (``test_nbval_compares_stderr_but_not_png``
pins it down): ``stderr`` is compared like ``stdout``, so the output of ``tf.print`` (which
writes to stderr, as TensorFlow's does) is checked digit by digit; the bytes of an
``image/png`` are not compared (nbval skips them unless ``--nbdime``), so a plot's pixels,
which change with matplotlib and font versions, cannot make the suite flaky.  What nbval
checks of a plot is its ``text/plain``: a widget's one-line summary with its numbers, or
matplotlib's ``<Figure size WxH with N Axes>`` (the notebooks give every figure an explicit
size and dpi, so it does not depend on the inline backend's defaults).  tapekit's own SVG
drawings (``%tape show``, ``%grad --plot``) are deterministic text and compared exactly.

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


def nbval_command(paths, *extra) -> list[str]:
    """``python -m pytest --nbval`` (strict) on ``paths``, as the course is checked."""
    return [
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
        *extra,
        *[str(p) for p in paths],
    ]


def summary_counts(stdout: str) -> dict[str, int]:
    summary = stdout.strip().splitlines()[-1]
    return {k: int(n) for n, k in re.findall(r"(\d+) (\w+)", summary)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notebooks_pass_strict_nbval(lang):
    notebooks = sorted((NOTEBOOKS / lang).glob("*.ipynb"))
    assert notebooks, f"no notebooks in notebooks/{lang}"
    env = {**os.environ, "TAPEKIT_LANG": OTHER[lang], "PYTHONWARNINGS": ""}
    env.pop("PYTEST_ADDOPTS", None)
    cmd = nbval_command([p.relative_to(ROOT) for p in notebooks])
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=540)
    report = proc.stdout[-20000:] + proc.stderr[-5000:]
    assert proc.returncode == 0, f"nbval failed on notebooks/{lang}:\n{report}"
    # every code cell ran and was compared: one passed item per cell, nothing skipped
    expected = sum(_code_cells(p) for p in notebooks)
    assert summary_counts(proc.stdout) == {"passed": expected}, (
        f"expected {expected} passed cells: {proc.stdout.strip().splitlines()[-1]}"
    )


def test_nbval_compares_stderr_but_not_png(tmp_path):
    """The comparison policy the notebooks rely on, checked on nbval itself."""
    import nbformat

    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
        "RU5ErkJggg=="
    )

    def cell(code, outputs):
        c = nbformat.v4.new_code_cell(code, execution_count=len(nb.cells) + 1)
        c.outputs = outputs
        nb.cells.append(c)

    nb = nbformat.v4.new_notebook()
    stderr = nbformat.v4.new_output("stream", name="stderr", text="1\n")
    # 1. stored stderr that the cell does not write: must fail
    cell("import sys; print(2, file=sys.stderr)", [stderr])
    # 2. the same stderr: must pass
    cell("import sys; print(1, file=sys.stderr)", [stderr])
    # 3. a PNG with other bytes but the same text/plain: must pass
    stored = nbformat.v4.new_output(
        "display_data", data={"image/png": png[:-8] + "AAAAAAA=", "text/plain": "<a picture>"}
    )
    cell(
        "import base64\n"
        "from IPython.display import display\n"
        f"display({{'image/png': base64.b64decode('{png}'), 'text/plain': '<a picture>'}}, "
        "raw=True)",
        [stored],
    )
    path = tmp_path / "policy.ipynb"
    nbformat.write(nb, path)
    proc = subprocess.run(
        nbval_command([path.name], "-rA"), cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    results = re.findall(r"^(PASSED|FAILED) policy\.ipynb::Cell (\d)", proc.stdout, re.M)
    assert sorted((int(i), r) for r, i in results) == [
        (0, "FAILED"),
        (1, "PASSED"),
        (2, "PASSED"),
    ], proc.stdout[-5000:]
