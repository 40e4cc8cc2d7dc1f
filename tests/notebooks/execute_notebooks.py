"""Re-execute the course notebooks and store their outputs (what nbval then checks).

Usage, from the repository root (needs ``nbclient``: ``.venv/bin/pip install nbclient``)::

    .venv/bin/python tests/notebooks/execute_notebooks.py            # every notebook
    .venv/bin/python tests/notebooks/execute_notebooks.py notebooks/zh/02_first_gradients.ipynb

Each notebook runs top to bottom in a fresh kernel started from this interpreter, in the
notebook's folder, as nbval runs it.  Cells tagged ``raises-exception`` may fail; any other
error stops with the traceback.  No timing metadata is recorded, and the notebook metadata
is reduced to the kernelspec and language name, so re-running changes only what changed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def course_notebooks() -> list[Path]:
    """The notebooks of the course, English then Chinese (solutions are .py files)."""
    return sorted((NOTEBOOKS / "en").glob("*.ipynb")) + sorted((NOTEBOOKS / "zh").glob("*.ipynb"))


def execute(path: Path) -> None:
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    os.environ["TAPEKIT_PROGRESS"] = "0"  # no timing-dependent progress bars in stored outputs
    # a kernel on this very interpreter, whatever kernelspecs the machine has
    km = KernelManager(
        kernel_cmd=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    )
    client = NotebookClient(
        nb,
        km=km,
        timeout=120,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nb.metadata = nbformat.NotebookNode(
        kernelspec=KERNELSPEC, language_info=nbformat.NotebookNode(name="python")
    )
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merged_streams(cell.outputs)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def merged_streams(outputs: list) -> list:
    """Consecutive pieces of one stream as one output, however the kernel flushed them.

    On a loaded machine a cell's prints arrive in many small messages; a notebook saved by a
    frontend shows them as one, and so does this, so re-running changes only what changed.
    """
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == out.get("name")
        ):
            last["text"] = last["text"] + out["text"]
        else:
            merged.append(out)
    return merged


def main(argv: list[str]) -> int:
    paths = [Path(p).resolve() for p in argv] or course_notebooks()
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
