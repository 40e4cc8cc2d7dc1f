"""Links and the install cell of the course notebooks, defined once.

The release the course points at (``RELEASE_REF``: a tag or branch of the repository) is
named here and nowhere else: the "Open in Colab" and Binder badges and the notebooks' first
cell, which installs tapekit where it is missing (Colab, any fresh Python), all come from
it, so a course does not change under the students mid-term.  Creating the ref upstream is
the release manager's job.  The tests read this module (tests/notebooks, tests/compat): the
Colab-stack test installs tapekit with exactly :data:`PIP_FLAGS` and :func:`pip_requirement`
that the cell uses, only from the local clone instead of the repository on GitHub.

Usage (from the repository root)::

    python tools/course.py notebooks/en/01_autodiff_and_gradient_tapes.ipynb
    # prints the badge Markdown and the install cell for that notebook

    from course import badges_markdown, install_cell   # with tools/ on sys.path
"""

from __future__ import annotations

import json
import sys
from pathlib import PurePosixPath

REPOSITORY = "tapekit/tapekit"  # on GitHub
RELEASE_REF = "v0.1.0"  # the course's release: every badge and the install cell use it
PIP_FLAGS = ("-q",)  # the install cell's pip options (the Colab-stack test uses the same)
EXTRA = "jupyter"  # the magics, widgets and kernelspec need it (see pyproject.toml)

_COMMENT = {
    "en": "# Colab or a fresh Python: install tapekit once (where it is installed, this does nothing)",
    "zh": "# 在 Colab 或全新的 Python 环境中：先安装 tapekit（已安装时这个单元格什么也不做）",
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
        f"    subprocess.check_call([{args}])"
    )


def _path(notebook: str) -> str:
    """``notebook`` relative to the repository root, with forward slashes."""
    parts = PurePosixPath(str(notebook).replace("\\", "/")).parts
    if "notebooks" in parts:
        parts = parts[parts.index("notebooks") :]
    return "/".join(parts)


def colab_url(notebook: str, ref: str = RELEASE_REF) -> str:
    """Open ``notebook`` (a path such as ``notebooks/en/01_....ipynb``) in Google Colab."""
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


if __name__ == "__main__":
    for nb in sys.argv[1:]:
        lang = "zh" if "/zh/" in _path(nb) else "en"
        print(f"{nb}:\n{badges_markdown(nb)}\n\n{install_cell(lang)}\n")
