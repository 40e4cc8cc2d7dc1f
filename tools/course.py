"""Links and the install cell of the course notebooks, defined once.

The release the course points at (``RELEASE_REF``: a tag or branch of the repository) is
named here and nowhere else: the "Open in Colab" and Binder badges and the notebooks' first
cell, which installs tapekit where it is missing (Colab, any fresh Python), all come from
it, so a course does not change under the students mid-term.  Creating the ref upstream is
the release manager's job.  The tests read this module (tests/notebooks, tests/compat): the
Colab-stack test installs tapekit with exactly :data:`PIP_FLAGS` and :func:`pip_requirement`
that the cell uses, only from the local clone instead of the repository on GitHub.

Usage (from the repository root)::

    python tools/course.py show notebooks/en/03_autodiff_and_gradient_tapes.ipynb
    # prints the badge Markdown and the install cell for that notebook
    python tools/course.py apply [NOTEBOOK ...]
    # writes them into the notebooks (default: every lesson in notebooks/en and notebooks/zh):
    # the badge line of the first Markdown cell and the cell tagged ``install-tapekit``

    from course import badges_markdown, install_cell   # with tools/ on sys.path

After ``apply``, re-execute the notebooks (tests/notebooks/execute_notebooks.py): the cell
counts and outputs stay, but the stored sources must match what ran.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path, PurePosixPath

REPOSITORY = "tapekit/tapekit"  # on GitHub
RELEASE_REF = "v0.1.0"  # the course's release: every badge and the install cell use it
PIP_FLAGS = ("-q",)  # the install cell's pip options (the Colab-stack test uses the same)
EXTRA = "jupyter"  # the magics, widgets and kernelspec need it (see pyproject.toml)

INSTALL_TAG = "install-tapekit"  # the install cell's tags: the lessons mark tapekit's own cells
INSTALL_TAGS = (INSTALL_TAG, "tapekit-only")
_COMMENT = {
    "en": "# tapekit only: install tapekit where it is missing (Colab, a fresh Python); "
    "elsewhere this does nothing",
    "zh": "# tapekit 独有：缺少 tapekit 时（Colab、全新的 Python 环境）安装它；已经装好时什么也不做",
}
_RELOAD = {
    "en": "# so that the next cell imports what pip installed",
    "zh": "# 让下一个单元格能导入刚装好的包",
}


def pip_requirement(source: str | None = None) -> str:
    """What the install cell gives pip: tapekit with its notebook extra, from ``source``
    (a git URL or a local path; default: the repository on GitHub at ``RELEASE_REF``)."""
    if source is None:
        source = f"git+https://github.com/{REPOSITORY}@{RELEASE_REF}"
    elif "://" not in source:
        source = PurePosixPath(source).as_uri() if source.startswith("/") else source
    return f"tapekit[{EXTRA}] @ {source}"


def pip_command(source: str | None = None) -> list[str]:
    """``python -m pip install ...`` exactly as the cell runs it (without the interpreter)."""
    return ["-m", "pip", "install", *PIP_FLAGS, pip_requirement(source)]


def install_cell(lang: str = "en") -> str:
    """The source of the notebooks' first code cell (``lang``: the comment's language)."""
    args = ", ".join(["sys.executable", *(json.dumps(a) for a in pip_command())])
    return (
        f"{_COMMENT[lang]}\n"
        "import importlib.util, subprocess, sys\n"
        'if importlib.util.find_spec("tapekit") is None:\n'
        f"    subprocess.check_call([{args}])\n"
        f"    importlib.invalidate_caches()  {_RELOAD[lang]}"
    )


def _path(notebook: str) -> str:
    """``notebook`` relative to the repository root, with forward slashes."""
    parts = PurePosixPath(str(notebook).replace("\\", "/")).parts
    if "notebooks" in parts:
        parts = parts[parts.index("notebooks") :]
    return "/".join(parts)


def colab_url(notebook: str, ref: str = RELEASE_REF) -> str:
    """Open ``notebook`` (a path such as ``notebooks/en/01_tensors_and_variables.ipynb``) in Google Colab."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{ref}/{_path(notebook)}"


def binder_url(notebook: str, ref: str = RELEASE_REF) -> str:
    """Open ``notebook`` in JupyterLab on mybinder.org (the image built from binder/)."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{ref}?labpath={_path(notebook)}"


COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


def colab_badge(notebook: str) -> str:
    return f"[![Open In Colab]({COLAB_BADGE})]({colab_url(notebook)})"


def binder_badge(notebook: str) -> str:
    return f"[![Binder]({BINDER_BADGE})]({binder_url(notebook)})"


def badges_markdown(notebook: str) -> str:
    """Both badges on one line, for the notebook's first Markdown cell."""
    return f"{colab_badge(notebook)} {binder_badge(notebook)}"


# ------------------------------------------------------------------------------------------
# writing them into the notebooks

BADGE_LINE = re.compile(r"^\[!\[Open In Colab\]\(.*$", re.M)


def _lang(notebook: str) -> str:
    return "zh" if "/zh/" in f"/{_path(notebook)}" else "en"


def apply(path: Path, root: Path) -> bool:
    """Write the badges and the install cell into one notebook; return whether it changed.

    The badges replace the line of the first Markdown cell that starts with the Colab badge
    (or go after its title); the install cell is the code cell tagged ``install-tapekit``
    (inserted before the first code cell when there is none)."""
    import nbformat

    rel = path.resolve().relative_to(root.resolve()).as_posix()
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    first = nb.cells[0]
    badges = badges_markdown(rel)
    if BADGE_LINE.search(first.source):
        first.source = BADGE_LINE.sub(lambda _: badges, first.source, count=1)
    else:
        title, _, rest = first.source.partition("\n")
        first.source = f"{title}\n\n{badges}\n{rest}".rstrip("\n")
    cells = [c for c in nb.cells if INSTALL_TAG in c.metadata.get("tags", [])]
    if not cells:
        cell = nbformat.v4.new_code_cell("")
        at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells.insert(at, cell)
        cells = [cell]
    for cell in cells:
        cell.source = install_cell(_lang(rel))
        cell.metadata["tags"] = [
            *INSTALL_TAGS,
            *(t for t in cell.metadata.get("tags", []) if t not in INSTALL_TAGS),
        ]
    if nbformat.writes(nb) == before:
        return False
    nbformat.write(nb, path)
    return True


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[1]
    command, paths = (argv[0], argv[1:]) if argv else ("", [])
    if command == "show":
        for nb in paths:
            print(f"{nb}:\n{badges_markdown(nb)}\n\n{install_cell(_lang(nb))}\n")
        return 0
    if command == "apply":
        targets = [Path(p) for p in paths] or sorted(
            p for lang in ("en", "zh") for p in (root / "notebooks" / lang).glob("*.ipynb")
        )
        for path in targets:
            if apply(path, root):
                print(f"updated {path}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
