"""Tracebacks: a deliberate tapekit error (or an interrupt inside a tapekit op) ends at the
user's line, not in tapekit's source.

The extension installs :func:`show_traceback` as IPython's custom exception display
(``set_custom_exc``); ``%debug`` and ``sys.last_traceback`` keep every frame.
"""

from __future__ import annotations

import sys
import types

_SHORTENED = (Exception, KeyboardInterrupt)  # what show_traceback displays


def _module_of(tb) -> str:
    name = tb.tb_frame.f_globals.get("__name__")
    return name if isinstance(name, str) else ""


def _is_tapekit(tb) -> bool:
    """A frame of tapekit's source, or of a ``tk.function`` plan tapekit compiled."""
    name = _module_of(tb)
    if name == "tapekit" or name.startswith("tapekit."):
        return True
    return tb.tb_frame.f_code.co_filename.startswith("<tk.function plan")


def _is_array_library(tb) -> bool:
    """NumPy's or CuPy's own Python frames (an interrupt can land in them while a tapekit
    op runs)."""
    name = _module_of(tb)
    return name.split(".", 1)[0] in ("numpy", "cupy", "cupyx")


def without_inner_tapekit_frames(tb):
    """``tb`` less its innermost run of tapekit frames, as new ``TracebackType`` objects.

    The run includes ``tk.function`` plans' frames and NumPy's (or CuPy's) Python frames
    under tapekit's, where an interrupt (the kernel's stop button) may land.

    The IPython frames right above that run (``run_line_magic`` calling a magic) go with
    it, so the last frame left is the user's line that called tapekit.  ``tb`` itself is
    never changed (``%debug`` and ``sys.last_traceback`` keep every frame), and it is
    returned as it is when its innermost frame is the user's (their own error, also in a
    function tapekit called back) or when nothing but tapekit and IPython would be left.
    """
    entries = []
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    keep = len(entries)
    while keep and _is_array_library(entries[keep - 1]):
        keep -= 1  # the array library's frames count as tapekit's when tapekit called it
    if not (keep and _is_tapekit(entries[keep - 1])):
        return entries[0] if entries else None
    while keep and (_is_tapekit(entries[keep - 1]) or _is_array_library(entries[keep - 1])):
        keep -= 1
    while keep and _module_of(entries[keep - 1]).startswith("IPython."):
        keep -= 1
    if keep == 0:
        return entries[0]
    short = None
    for entry in reversed(entries[:keep]):
        short = types.TracebackType(short, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return short


def _wants_full_tracebacks(shell) -> bool:
    """``%xmode Verbose``, or ``%config TapeMagics.short_errors = False``."""
    if getattr(shell.InteractiveTB, "mode", None) == "Verbose":
        return True
    magics = getattr(shell, "_tapekit_magics", None)
    return magics is not None and not magics.short_errors


def show_traceback(shell, etype, value, tb, tb_offset=None):
    """The custom exception handler (``shell.set_custom_exc``): IPython's own display of
    the error, with :func:`without_inner_tapekit_frames` applied to its traceback.

    IPython ignores what a handler returns on this path, so the handler shows the error
    itself, through ``shell.showtraceback``: in a kernel that sends the ``error`` message
    and sets the execute reply's traceback as for any error.  Afterwards ``sys.last_*`` and
    the debugger (``%debug``, ``%pdb``) get the whole traceback.  Returns None (an empty
    structured traceback for IPython's wrapper, which shows nothing more).
    """
    if isinstance(value, SyntaxError) and getattr(value, "_tapekit_cell", False):
        # a typo in a %%tape cell: shown as IPython shows it in a plain cell
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    try:
        short = tb if _wants_full_tracebacks(shell) else without_inner_tapekit_frames(tb)
    except Exception:  # never lose the user's error: the default display instead
        short = tb
    if short is tb:
        # a SyntaxError in the cell comes here from run_cell (no run_code frame)
        at_run_time = tb is not None and tb.tb_frame.f_code.co_name == "run_code"
        shell.showtraceback(
            (etype, value, tb), tb_offset=tb_offset, running_compiled_code=at_run_time
        )
        return None
    call_pdb = shell.call_pdb
    try:
        shell.call_pdb = False  # %pdb: the debugger starts below, on the whole traceback
        shell.showtraceback((etype, value, short), tb_offset=tb_offset)
    except Exception:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    finally:
        shell.call_pdb = call_pdb
        sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
        if sys.version_info >= (3, 12):
            sys.last_exc = value
        shell.InteractiveTB.tb = tb  # what %debug reads first
    if call_pdb:
        shell.debugger(force=True)
    return None


def install_short_tracebacks(ipython, magics) -> None:
    """Install :func:`show_traceback`, unless some handler is installed already (another
    extension's, or ours from an earlier load)."""
    if ipython.custom_exceptions:
        return
    previous = ipython.CustomTB
    # KeyboardInterrupt too: the stop button mostly lands inside a tapekit op
    ipython.set_custom_exc(_SHORTENED, show_traceback)
    magics._custom_exc = (previous, ipython.CustomTB)


def remove_short_tracebacks(ipython, magics) -> None:
    """Put back what was there before :func:`install_short_tracebacks`, if the handler
    installed then is still the one in place (IPython drops a handler that fails)."""
    saved = getattr(magics, "_custom_exc", None)
    if saved is None:
        return
    previous, ours = saved
    if ipython.custom_exceptions == _SHORTENED and ipython.CustomTB == ours:
        ipython.custom_exceptions = ()
        ipython.CustomTB = previous
    magics._custom_exc = None
