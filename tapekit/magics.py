"""IPython extension: ``%load_ext tapekit`` turns a notebook into an autodiff workbench.

Magics (each a thin layer over :mod:`tapekit.workbench`, which works without IPython):

``%%tape [NAME] [--persistent] [--watch x,y] [--no-watch-accessed] [--order N] [--quiet]``
    Run the cell inside a tape (N nested tapes with ``--order N``) in the user namespace;
    ``NAME`` (default ``tape``) is bound to the innermost, a real ``GradientTape``, *before*
    the cell runs, so the cell may call ``tape.watch(x)``.  ``--watch`` names are watched on
    every level, also when the cell itself creates them (right after the statement that
    binds them).  Shows a summary; the cell's last expression displays as in any cell; the
    cell's own exceptions propagate, so the cell fails.
``%grad TARGET [wrt] SOURCES [--tape NAME] [--zero] [--order N] [--explain] [--plot]``
    Gradients of what the last (or named) tape recorded, shown as math and returned
    (``g = %grad z x``).  ``None`` gradients come with the reason and the fix.
``%tape show [NAME] [--text]`` / ``%tape list`` / ``%tape forget [NAME...|--all]``
    The recorded computation as an SVG drawing (text fallback); the records held.
``%tapekit lang zh|en`` / ``%tapekit device cpu|gpu`` / ``%tapekit info``

Higher order after the cell (``%%tape --order N`` then ``%grad z x --order k``, k ≤ N):
the record keeps each nested tape's recording and replays TensorFlow's nested-tape
algorithm on throw-away copies of it (see :mod:`tapekit.notebook.record`).  Nothing is
changed in ``GradientTape``: the tape bound to NAME keeps TF's semantics exactly (a
non-persistent one answers one ``gradient`` call, then raises), while ``%grad`` reads the
record without consuming it.

Errors in the magic's own input (bad options, unknown names with a "did you mean",
non-tensor targets, an out-of-range ``--order``) are one-line ``UsageError`` messages in
the chosen language, and the kernel keeps running.  Settings: ``%config
TapeMagics.language``, ``.default_device``, ``.short_errors`` (False: engine errors in
``%grad`` show their full traceback), ``.plot_points``, ``.default_tape_name``.

Tracebacks: the extension installs a custom exception display (``set_custom_exc``, only
where no other extension has one; ``%unload_ext`` removes it) so that a tapekit error in
any cell, such as a second ``gradient()`` call on a non-persistent tape, ends at the
user's line that called tapekit instead of inside tapekit's source.  Only the innermost
run of tapekit frames is left out of the display; an error raised in the user's own code
(also in a function tapekit calls back) is shown as IPython shows it, and ``%debug`` and
``sys.last_traceback`` keep every frame.  ``%xmode Verbose`` (or ``.short_errors =
False``) shows the full traceback again.

The work is in :mod:`tapekit._ipython` (the namespace and records, one module per magic,
the cell rewriting, the option parsing, the traceback display); this module declares the
magics and their settings, and loads them.
"""

from __future__ import annotations

import contextlib
import io
import keyword
import sys

from IPython.core.error import UsageError
from IPython.core.magic import (
    Magics,
    line_cell_magic,
    line_magic,
    magics_class,
    no_var_expand,
)
from IPython.core.magic_arguments import argument, magic_arguments
from traitlets import Bool, Int, TraitError, Unicode, default, validate
from traitlets.config import Config

from . import _messages
from ._engine import backend as _backend
from ._ipython.cell import HOOK
from ._ipython.grad_line import GradLine
from ._ipython.options import (
    MAX_NAME,
    MAX_POINTS,
    check_line,
    parse,
    unknown_subcommand,
)
from ._ipython.settings import install_log_filter, refuse, remove_log_filter
from ._ipython.tape_cell import TapeCell
from ._ipython.tape_line import TapeLine
from ._ipython.tracebacks import install_short_tracebacks, remove_short_tracebacks
from ._ipython.workspace import Workspace
from ._messages import message
from .notebook.record import MAX_ORDER, TapeRecord
from .notebook.summary import Info, default_device_name

try:  # IPython >= 8.10; Colab's 7.34 lacks it (a trailing `;` then still shows the result)
    from IPython.core.magic import output_can_be_silenced
except ImportError:  # pragma: no cover (tests/compat/test_colab_stack.py runs it)

    def output_can_be_silenced(magic):
        return magic


_TAPEKIT_SUBCOMMANDS = ("lang", "device", "info")


@magics_class
class TapeMagics(Magics, Workspace, TapeLine, TapeCell, GradLine):
    """``%%tape``, ``%grad``, ``%tape`` and ``%tapekit``; configurable with ``%config``."""

    language = Unicode(help="Language of messages, labels and explanations: 'en' or 'zh'.").tag(
        config=True
    )
    default_device = Unicode(
        "", help="Where new tensors are created: 'cpu' or 'gpu' ('' leaves it as it is)."
    ).tag(config=True)
    short_errors = Bool(
        True,
        help="One-line messages for errors inside %grad; False shows the full traceback.",
    ).tag(config=True)
    plot_points = Int(101, help="Grid points for %grad --plot.").tag(config=True)
    default_tape_name = Unicode("tape", help="Name %%tape binds when none is given.").tag(
        config=True
    )

    def __init__(self, shell=None, **kwargs):
        super().__init__(shell=shell, **kwargs)
        self.records: dict[str, TapeRecord] = {}
        self.last: str | None = None
        self.variables: dict[str, object] = {}  # names that held Variables (diagnosis)
        self._custom_exc = None  # (IPython's handler before ours, ours) while installed

    # -- settings ----------------------------------------------------------------------
    @default("language")
    def _default_language(self):
        return _messages.get_language()

    @validate("language")
    def _check_language(self, proposal):
        try:
            _messages.set_language(proposal["value"])
        except ValueError:
            raise refuse(message("magic_bad_lang", lang=proposal["value"])) from None
        return _messages.get_language()

    @validate("plot_points")
    def _check_plot_points(self, proposal):
        n = proposal["value"]
        if not 3 <= n <= MAX_POINTS:
            raise refuse(message("magic_bad_plot_points", lo=3, hi=MAX_POINTS, value=n))
        return n

    @validate("default_tape_name")
    def _check_default_tape_name(self, proposal):
        name = proposal["value"]
        if len(name) > MAX_NAME or not name.isidentifier() or keyword.iskeyword(name):
            raise refuse(message("magic_bad_default_tape_name", name=name[:40]))
        return name

    @validate("default_device")
    def _check_device(self, proposal):
        dev = str(proposal["value"]).strip().lower()
        if dev:
            try:
                self._set_device(dev)
            except UsageError as e:
                raise refuse(str(e)) from None
        return dev

    def _set_device(self, dev: str) -> str:
        if dev in ("cpu", "/cpu:0", "cpu:0"):
            _backend.set_default(_backend.np)
        elif dev in ("gpu", "cuda", "/gpu:0", "gpu:0"):
            if not _backend.numpy_gpu_available():
                print(message("magic_gpu_unavailable"), file=sys.stderr)
                _backend.set_default(_backend.np)
            else:
                from ._engine.device import _gpu_backend

                xp, device = _gpu_backend(0)
                _backend.set_default(xp, device)
        else:
            raise UsageError(message("magic_bad_device", device=dev))
        return default_device_name()

    # -- %%tape and %tape ----------------------------------------------------------------
    @no_var_expand
    @magic_arguments()
    @argument("name", nargs="?", default=None, help="name for the tape (default: tape)")
    @argument(
        "--persistent",
        action="store_true",
        help="the tape answers several gradient() calls (GradientTape(persistent=True))",
    )
    @argument(
        "--watch",
        default="",
        metavar="x,y",
        help="watch these tensors (constants); names the cell creates are watched once bound",
    )
    @argument(
        "--no-watch-accessed",
        action="store_true",
        help="do not watch trainable Variables automatically (watch_accessed_variables=False)",
    )
    @argument(
        "--order",
        type=int,
        default=1,
        help=f"record inside N nested tapes, for %%grad --order up to N (1..{MAX_ORDER})",
    )
    @argument("--quiet", action="store_true", help="no summary after the cell")
    @line_cell_magic
    def tape(self, line: str, cell: str | None = None):
        """Record a cell on a gradient tape, or look at recorded tapes.

        Cell magic::

            %%tape [NAME] [--persistent] [--watch x,y] [--no-watch-accessed] [--order N] [--quiet]

        runs the cell inside a tk.GradientTape bound to NAME (default ``tape``), inside N
        nested tapes with ``--order N``, and shows what was recorded.

        Line magic::

            %tape show [NAME] [--text]      draw the recorded computation (SVG; text)
            %tape list                      the tapes recorded so far
            %tape forget [NAME ...|--all]   drop records to free memory

        A big tape shows its last ops only (60 drawn, 400 as text) and says how many it
        left out: ``%tape show --limit N`` shows the last N, ``--all`` every one.

        用 %%tape 在梯度带中运行单元格（--order N 时嵌套 N 层梯度带），并显示记录的内容；
        %tape show 画出记录的计算图。很大的梯度带只显示最后的运算（图中 60 个，文本 400 个）并说明
        省略了多少：%tape show --limit N 显示最后 N 个，--all 显示全部。
        """
        __tracebackhide__ = True
        if cell is None:
            return self._tape_line(line)
        args = parse(self.tape, line, "tape")
        return self._run_cell(args, cell)

    # -- %grad -------------------------------------------------------------------------
    @no_var_expand
    @output_can_be_silenced
    @magic_arguments()
    @argument("target", help="the tensor to differentiate (computed in a %%%%tape cell)")
    @argument("sources", nargs="*", help="[wrt] the tensors to differentiate with respect to")
    @argument(
        "--tape", default=None, metavar="NAME", help="which recorded tape (default: the last)"
    )
    @argument("--zero", action="store_true", help="zeros instead of None for unconnected sources")
    @argument(
        "--order", type=int, default=1, help="derivative order (the cell needs %%%%tape --order N)"
    )
    @argument("--explain", action="store_true", help="show the reverse sweep step by step")
    @argument(
        "--plot", action="store_true", help="plot the target and its derivative over a source"
    )
    @argument("--range", default=None, metavar="LO:HI", help="--plot range, e.g. --range=-3:3")
    @argument("--points", type=int, default=None, help="--plot grid points")
    @argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="--explain: show N steps (default 100); the others are counted",
    )
    @argument("--all", action="store_true", help="--explain: show every step")
    @line_magic
    def grad(self, line: str):
        """Gradients of what a tape recorded, shown as math and returned.

        ::

            %grad z x            ∂z/∂x (also: %grad z wrt x; several sources: %grad z x y)
            g = %grad z x        assign the gradient tensor
            %grad z x --order 2  second derivative (cell recorded with %%tape --order 2)
            %grad z x --explain  the reverse sweep, step by step
            %grad z x --plot     z and ∂z/∂x over a grid of x (the tape is replayed)

        A None gradient comes with its cause and its fix.
        ``--explain`` shows the first 100 steps of a big tape and counts the rest:
        ``--limit N`` shows N, ``--all`` every one.

        %grad 计算梯度带记录的计算的梯度，以数学式显示并返回结果；梯度为 None 时会说明原因和解决办法。
        --explain 对很大的梯度带只显示前 100 步并说明省略了多少步：--limit N 显示 N 步，--all 显示全部。
        """
        args = parse(self.grad, line, "grad")
        return self._grad(args, self.grad.parser)

    # -- %tapekit ----------------------------------------------------------------------
    @line_magic
    def tapekit(self, line: str):
        """Settings of the workbench.

        ::

            %tapekit lang zh|en       language of messages, labels and explanations
            %tapekit device cpu|gpu   where new tensors are created
            %tapekit info             versions, backend, device, language, recorded tapes

        %tapekit lang zh 把提示信息切换为中文；%tapekit info 显示版本、后端和设备。
        """
        __tracebackhide__ = True
        check_line(line, "tapekit")
        words = line.split()
        cmd = words[0] if words else ""
        if cmd not in _TAPEKIT_SUBCOMMANDS:
            if not cmd:
                raise UsageError(
                    message(
                        "magic_missing_args",
                        magic="tapekit",
                        what=message("magic_what_subcommand"),
                        usage="%tapekit lang zh|en · %tapekit device cpu|gpu · %tapekit info",
                    )
                )
            raise unknown_subcommand("tapekit", cmd, _TAPEKIT_SUBCOMMANDS)
        if cmd == "info":
            return Info(self.records)
        if len(words) != 2:
            usage = {"lang": "%tapekit lang zh|en", "device": "%tapekit device cpu|gpu"}[cmd]
            raise UsageError(message("magic_missing_args", magic="tapekit", what=cmd, usage=usage))
        value = words[1]
        if cmd == "lang":
            try:
                _messages.set_language(value)
            except ValueError:
                raise UsageError(message("magic_bad_lang", lang=value)) from None
            self.language = _messages.get_language()
            print(message("magic_lang_set"))
            return None
        device = self._set_device(value.lower())
        print(message("magic_device_set", device=device))
        return None


# ---------------------------------------------------------------------------------------
# loading


def _new_magics(ipython) -> TapeMagics:
    """A TapeMagics on the shell's config, less any setting it rejects.

    ``%config`` merges a value into the config every configurable shares before this
    class can refuse it, so a refused value (``default_device = 'tpu'``) stays there, as
    does a bad value in a profile's config file.  Each such setting is dropped (its
    validator has printed why), so ``%reload_ext tapekit`` still loads.
    """
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # the trials below say what failed
            return TapeMagics(shell=ipython, config=ipython.config)
    except TraitError:
        section = ipython.config["TapeMagics"] if "TapeMagics" in ipython.config else {}
        for name in list(section):
            try:
                TapeMagics(shell=ipython, config=Config({"TapeMagics": {name: section[name]}}))
            except TraitError:
                del section[name]
        return TapeMagics(shell=ipython, config=ipython.config)


def load_ipython_extension(ipython) -> None:
    """``%load_ext tapekit``: register the magics (again: a no-op apart from re-registering)
    and the traceback display that ends a tapekit error at the user's line."""
    magics = getattr(ipython, "_tapekit_magics", None)
    if magics is None:
        magics = _new_magics(ipython)
        ipython._tapekit_magics = magics
    ipython.register_magics(magics)
    if magics not in ipython.configurables:
        ipython.configurables.append(magics)
    install_short_tracebacks(ipython, magics)
    install_log_filter()


def unload_ipython_extension(ipython) -> None:
    """``%unload_ext tapekit``: remove the magics, the settings object, the records and the
    traceback display (IPython's own, or whatever was there before, is back)."""
    magics = getattr(ipython, "_tapekit_magics", None)
    if magics is None:
        return
    manager = ipython.magics_manager
    for kind in ("line", "cell"):
        table = manager.magics[kind]
        for name in list(table):
            if getattr(table[name], "__self__", None) is magics:
                del table[name]
    if manager.registry.get(type(magics).__name__) is magics:
        del manager.registry[type(magics).__name__]
    if magics in ipython.configurables:
        ipython.configurables.remove(magics)
    ipython.user_ns.pop(HOOK, None)
    remove_short_tracebacks(ipython, magics)
    remove_log_filter()
    magics.records.clear()
    del ipython._tapekit_magics


__all__ = ["TapeMagics", "load_ipython_extension", "unload_ipython_extension"]
