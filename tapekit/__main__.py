"""``python -m tapekit install-kernel [--user | --sys-prefix | --prefix P] [--name N] ...``
and ``python -m tapekit lab [DIR] [jupyter lab options]``."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv=None) -> int:
    """``python -m tapekit``'s commands (``install-kernel``, ``lab``); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tapekit", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser(
        "install-kernel",
        help='install a Jupyter kernel "Python 3 (tapekit)" that loads %%load_ext tapekit',
        description=(
            'Install the Jupyter kernel "Python 3 (tapekit)": this Python, with the tapekit '
            "magics loaded at start-up.  By default into this environment when run from a "
            "virtualenv or conda environment, else into the user's Jupyter directory."
        ),
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="install for the current user")
    where.add_argument(
        "--sys-prefix", action="store_true", help="install into this environment (sys.prefix)"
    )
    where.add_argument("--prefix", default=None, help="install into PREFIX/share/jupyter/kernels")
    where.add_argument(
        "--system", action="store_true", help="install system-wide (needs write access there)"
    )
    p.add_argument("--name", default="tapekit", help="kernelspec name (default: tapekit)")
    p.add_argument(
        "--display-name", default="Python 3 (tapekit)", help="name shown in the kernel menu"
    )
    p.add_argument("--lang", default=None, choices=["en", "zh"], help="message language")
    lab = sub.add_parser(
        "lab",
        help="start JupyterLab (jupyter lab ARGS), also as root",
        description=(
            "Start JupyterLab from this environment; run as root (Docker, cloud VMs, WSL) it "
            "adds --allow-root, which JupyterLab otherwise refuses to start without.  Any "
            "other arguments go to jupyter lab."
        ),
    )
    lab.add_argument(
        "args", nargs="*", help="passed to jupyter lab as they are (DIR, --port N, ...)"
    )
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["lab"]:  # everything after `lab` is JupyterLab's, --help included
        return run_lab(argv[1:])
    args = parser.parse_args(argv)
    if args.command != "install-kernel":
        parser.print_help()
        return 2
    from tapekit._messages import message
    from tapekit.notebook.kernelspec import check_name, install_kernel

    try:
        check_name(args.name)  # before anything is written
    except ValueError as e:
        parser.exit(2, f"python -m tapekit install-kernel: {e}\n")
    try:
        dest = install_kernel(
            user=args.user,
            name=args.name,
            display_name=args.display_name,
            prefix=args.prefix,
            sys_prefix=args.sys_prefix,
            system=args.system,
            language=args.lang,
        )
    except ModuleNotFoundError as e:  # the kernel needs ipykernel in this environment
        if (e.name or "").split(".")[0] not in ("ipykernel", "jupyter_client"):
            raise
        module = e.name.split(".")[0]
        parser.exit(
            1, message("kernel_needs_ipykernel", module=module, python=sys.executable) + "\n"
        )
    except (OSError, ValueError) as e:  # no write access there, and the like: one line
        parser.exit(1, message("kernel_install_failed", detail=f"{type(e).__name__}: {e}") + "\n")
    print(message("kernel_installed", name=args.name, display_name=args.display_name, dest=dest))
    return 0


def lab_command(args: list[str], root: bool | None = None) -> list[str]:
    """The ``jupyter lab`` command line ``python -m tapekit lab ARGS`` runs."""
    if root is None:
        root = hasattr(os, "geteuid") and os.geteuid() == 0
    extra = ["--allow-root"] if root and "--allow-root" not in args else []
    return [sys.executable, "-m", "jupyterlab", *extra, *args]


def run_lab(args: list[str]) -> int:
    """Replace this process with JupyterLab (Ctrl-C stops it as usual)."""
    import importlib.util

    if importlib.util.find_spec("jupyterlab") is None:
        from ._messages import message

        print(
            message(
                "missing_extra", what="python -m tapekit lab", module="jupyterlab", extra="lab"
            ),
            file=sys.stderr,
        )
        return 1
    cmd = lab_command(args)
    sys.stdout.flush()
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover (execv does not return)


if __name__ == "__main__":
    sys.exit(main())
