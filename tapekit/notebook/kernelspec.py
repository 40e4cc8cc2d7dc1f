"""The "Python 3 (tapekit)" kernelspec: an IPython kernel that loads the extension at start.

Its ``argv`` is ipykernel's plus ``--ext=tapekit`` (IPython's ``extra_extensions``), so
``%%tape`` works in the first cell without ``%load_ext`` — handy for courses and Binder.
That option adds to the configuration instead of replacing it: a user's or a course's
profile ``exec_lines``, ``extensions`` and startup files still run (``exec_lines`` on the
command line would have discarded the profile's).  The extension goes through IPython's
extension manager, so a notebook's own ``%load_ext tapekit`` then prints IPython's "The
tapekit extension is already loaded" and changes nothing.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

DEFAULT_NAME = "tapekit"
DEFAULT_DISPLAY_NAME = "Python 3 (tapekit)"
MAX_NAME = 100
# what `jupyter kernelspec` accepts as a kernel name (jupyter_client's rule), less names
# made only of dots ("." and ".." would be directories above the kernels directory)
_NAME = re.compile(r"[a-z0-9._\-]+", re.IGNORECASE)


def check_name(name) -> str:
    """``name`` if it is a valid kernelspec name, else ValueError saying what is allowed."""
    if (
        not isinstance(name, str)
        or len(name) > MAX_NAME
        or not _NAME.fullmatch(name)
        or not name.strip(".")
    ):
        from .._messages import message

        raise ValueError(message("kernel_bad_name", name=str(name)[:60], max=MAX_NAME))
    return name


# appended to InteractiveShellApp.extra_extensions (IPython 7.34 and later)
LOAD_ARGUMENT = "--ext=tapekit"


def kernel_dict(display_name: str = DEFAULT_DISPLAY_NAME, language: str | None = None) -> dict:
    """The kernel.json contents (without installing anything)."""
    from ipykernel.kernelspec import get_kernel_dict

    spec = get_kernel_dict(extra_arguments=[LOAD_ARGUMENT])
    spec["display_name"] = display_name
    if language:
        spec["env"] = {"TAPEKIT_LANG": language}
    return spec


def in_environment() -> bool:
    """True inside a virtualenv or a conda environment (Binder's is one)."""
    return (
        sys.prefix != getattr(sys, "base_prefix", sys.prefix)
        or (Path(sys.prefix) / "conda-meta").exists()
    )


def destination(
    user: bool = False, prefix: str | None = None, sys_prefix: bool = False, system: bool = False
) -> tuple[bool, str | None]:
    """``(user, prefix)`` for ``KernelSpecManager.install_kernel_spec``.

    Without an explicit choice: this environment (``sys.prefix``) inside a virtualenv or a
    conda environment, since the kernel runs this environment's Python; the user's Jupyter
    directory otherwise.  Neither needs administrator rights.
    """
    if user:
        return True, None
    if prefix:
        return False, prefix
    if sys_prefix:
        return False, sys.prefix
    if system:
        return False, None
    return (False, sys.prefix) if in_environment() else (True, None)


def install_kernel(
    *,
    user: bool = False,
    name: str = DEFAULT_NAME,
    display_name: str = DEFAULT_DISPLAY_NAME,
    prefix: str | None = None,
    sys_prefix: bool = False,
    system: bool = False,
    language: str | None = None,
) -> str:
    """Install the kernelspec; returns the directory it was installed to.

    Where: see :func:`destination` (``user``, ``prefix``, ``sys_prefix`` or ``system`` pick
    one explicitly).  ``language`` ('zh' or 'en') sets the kernel's message language
    through ``TAPEKIT_LANG``.  A bad ``name`` raises ValueError before anything is written.
    """
    import json

    check_name(name)

    from ipykernel.kernelspec import RESOURCES
    from jupyter_client.kernelspec import KernelSpecManager

    if language is not None:
        from .._messages import get_language, set_language

        previous = get_language()
        set_language(language)  # validates and normalises ("zh-CN" -> "zh")
        language = get_language()
        set_language(previous)
    user, prefix = destination(user, prefix, sys_prefix, system)
    tmp = Path(tempfile.mkdtemp(suffix="_tapekit_kernel"))
    try:
        src = tmp / name
        shutil.copytree(RESOURCES, src)
        (src / "kernel.json").write_text(json.dumps(kernel_dict(display_name, language), indent=1))
        return KernelSpecManager().install_kernel_spec(
            str(src), kernel_name=name, user=user, prefix=prefix
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
