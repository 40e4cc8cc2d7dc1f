"""``python -m tapekit install-kernel [--user | --sys-prefix | --prefix P] [--name N] ...``."""

from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
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
    args = parser.parse_args(argv)
    if args.command != "install-kernel":
        parser.print_help()
        return 2
    from tapekit._magics.kernelspec import check_name, install_kernel  # noqa: PLC0415
    from tapekit._messages import message  # noqa: PLC0415

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
    except (OSError, ValueError) as e:  # no write access there, and the like: one line
        parser.exit(1, message("kernel_install_failed", detail=f"{type(e).__name__}: {e}") + "\n")
    print(f"Installed kernelspec {args.name} ({args.display_name}) in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
