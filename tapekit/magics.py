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
algorithm on throw-away copies of it (see :mod:`tapekit._magics.record`).  Nothing is
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
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import difflib
import io
import keyword
import re
import sys
import types
import warnings

from IPython.core.error import UsageError
from IPython.core.magic import (
    Magics,
    line_cell_magic,
    line_magic,
    magics_class,
    no_var_expand,
)
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import display
from traitlets import Bool, Int, TraitError, Unicode, default, validate
from traitlets.config import Config

from . import _backend, _messages
from . import workbench as wb
from ._magics.explain import MAX_STEPS
from ._magics.record import check_order
from ._magics.summary import default_device_name
from ._messages import message
from ._tensor import _TensorLike
from .errors import InvalidArgumentError
from .gradient_tape import GradientTape

try:  # IPython >= 8.10; Colab's 7.34 lacks it (a trailing `;` then still shows the result)
    from IPython.core.magic import output_can_be_silenced
except ImportError:  # pragma: no cover (tests/compat/test_colab_stack.py runs it)

    def output_can_be_silenced(magic):
        return magic


_HOOK = "__tapekit_watch__"  # the --watch hook's name in the user namespace, during a cell
_TAPE_SUBCOMMANDS = ("show", "list", "forget")
MAX_LINE = 2000  # characters of a magic's line: names and expressions, not data
MAX_NAME = 100  # characters of a tape name
MAX_POINTS = 10001  # --plot grid points (%grad --points, TapeMagics.plot_points)
MAX_LIMIT = 100_000  # --limit N of --explain and %tape show
_TAPEKIT_SUBCOMMANDS = ("lang", "device", "info")


def _usage(parser) -> str:
    """argparse's usage line on one line, without the ``::`` that IPython's magic_arguments
    put in front of it for docstrings (``Usage: %grad [--tape NAME] ...``)."""
    text = " ".join(parser.format_usage().split())
    return re.sub(r"^(?:usage:\s*)?::\s*", "", text)


def _hint(name: str, candidates) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.5)
    return message("magic_hint", name=close[0]) if close else ""


def _bound_names(node) -> set[str]:
    """Names a statement (or module) binds, anywhere inside it."""
    names = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            names.add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for a in n.names:
                names.add((a.asname or a.name).split(".")[0])
    return names


_BLOCKS = ("body", "orelse", "finalbody")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _own_names(stmt) -> set[str]:
    """Names ``stmt`` binds itself (not in nested statements or inner scopes)."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names}
    names = set()
    todo = [
        v
        for k, v in ast.iter_fields(stmt)
        if k not in _BLOCKS + ("handlers", "cases", "target", "items")
    ]
    todo += [stmt.target] if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) else []
    while todo:
        v = todo.pop()
        if isinstance(v, list):
            todo.extend(v)
        elif isinstance(v, ast.AST) and not isinstance(v, (ast.stmt, *_SCOPES)):
            if isinstance(v, ast.Name) and isinstance(v.ctx, ast.Store):
                names.add(v.id)
            todo.extend(ast.iter_child_nodes(v))
    return names


def _add_watch_hooks(stmts, watch: set[str]) -> list:
    """Insert a hook call after every statement (at any depth of this scope) that binds a
    ``--watch`` name, and at the start of loop and ``with`` bodies whose target binds one,
    so a tensor is watched before its first use."""

    def hook(at):
        return ast.copy_location(ast.Expr(ast.Call(ast.Name(_HOOK, ast.Load()), [], [])), at)

    out = []
    for st in stmts:
        if not isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field in _BLOCKS:
                block = getattr(st, field, None)
                if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                    setattr(st, field, _add_watch_hooks(block, watch))
            for h in getattr(st, "handlers", []):
                h.body = _add_watch_hooks(h.body, watch)
            for case in getattr(st, "cases", []):
                case.body = _add_watch_hooks(case.body, watch)
            binds_at_start = set()
            if isinstance(st, (ast.For, ast.AsyncFor)):
                binds_at_start = _bound_names(st.target)
            elif isinstance(st, (ast.With, ast.AsyncWith)):
                for item in st.items:
                    if item.optional_vars is not None:
                        binds_at_start |= _bound_names(item.optional_vars)
            if binds_at_start & watch:
                st.body.insert(0, hook(st))
        out.append(st)
        if _own_names(st) & watch:
            out.append(hook(st))
    return out


class _WatchHook:
    """Watches the ``--watch`` names as soon as they are bound to tensors."""

    def __init__(self, record: wb.TapeRecord, ns: dict, names: list[str], filename: str = ""):
        self.filename = filename
        self.record = record
        self.ns = ns
        self.names = names
        self.done: set[int] = set()

    def __call__(self) -> None:
        __tracebackhide__ = True
        for n in self.names:
            v = self.ns.get(n)
            if isinstance(v, _TensorLike) and v._id not in self.done:
                self.done.add(v._id)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    self.record.watch(v, label=n)
                for w in caught:  # from the user's line (an int tensor), not tapekit's source
                    warnings.warn_explicit(w.message, w.category, *self._where())

    def _where(self) -> tuple[str, int]:
        """The cell's file and the line of the statement that bound the name (line 1 for a
        name defined before the cell)."""
        f = sys._getframe(1)
        while f is not None and f.f_code.co_filename != self.filename:
            f = f.f_back
        return (self.filename or "<cell>", f.f_lineno if f is not None else 1)


@magics_class
class TapeMagics(Magics):
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
        self.records: dict[str, wb.TapeRecord] = {}
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
            text = message("magic_bad_lang", lang=proposal["value"])
            print(text, file=sys.stderr)  # %config only logs the error
            raise TraitError(text) from None
        return _messages.get_language()

    @validate("plot_points")
    def _check_plot_points(self, proposal):
        n = proposal["value"]
        if not 3 <= n <= MAX_POINTS:
            text = message("magic_bad_plot_points", lo=3, hi=MAX_POINTS, value=n)
            print(text, file=sys.stderr)  # %config only logs the error
            raise TraitError(text)
        return n

    @validate("default_device")
    def _check_device(self, proposal):
        dev = str(proposal["value"]).strip().lower()
        if dev:
            try:
                self._set_device(dev)
            except UsageError as e:
                print(e, file=sys.stderr)
                raise TraitError(str(e)) from None
        return dev

    def _set_device(self, dev: str) -> str:
        if dev in ("cpu", "/cpu:0", "cpu:0"):
            _backend.set_default(_backend.np)
        elif dev in ("gpu", "cuda", "/gpu:0", "gpu:0"):
            if not _backend.numpy_gpu_available():
                print(message("magic_gpu_unavailable"), file=sys.stderr)
                _backend.set_default(_backend.np)
            else:
                from ._device import _gpu_backend  # noqa: PLC0415

                xp, device = _gpu_backend(0)
                _backend.set_default(xp, device)
        else:
            raise UsageError(message("magic_bad_device", device=dev))
        return default_device_name()

    # -- helpers -----------------------------------------------------------------------
    def _parse(self, func, line: str, magic: str):
        __tracebackhide__ = True
        _check_line(line, magic)
        try:
            return parse_argstring(func, line)
        except UsageError as e:
            raise UsageError(self._translate(func.parser, str(e), magic)) from None
        except ValueError as e:  # unbalanced quotes
            raise UsageError(message("magic_usage_error", magic=magic, detail=e)) from None

    def _translate(self, parser, text: str, magic: str) -> str:
        m = re.match(r"unrecognized arguments: (\S+)", text)
        if m:
            opt = m.group(1).split("=")[0]
            options = [o for o in parser._option_string_actions if o.startswith("--")]
            hint = _hint(opt, options) if opt.startswith("-") else ""
            return message(
                "magic_unknown_option", magic=magic, option=opt, hint=hint, help=magic.split()[0]
            )
        m = re.match(r"argument (\S+?)(?:/\S+)?: invalid (\w+) value: (.*)", text)
        if m:
            kind = "magic_kind_int" if m.group(2) == "int" else "magic_kind_number"
            return message(
                "magic_bad_value",
                magic=magic,
                option=m.group(1),
                kind=message(kind),
                value=m.group(3),
            )
        m = re.match(r"ambiguous option: (\S+) could match (.*)", text)
        if m:
            return message("magic_ambiguous", magic=magic, option=m.group(1), choices=m.group(2))
        m = re.match(r"argument (\S+?)(?:/\S+)?: expected one argument", text)
        if m:
            return message("magic_needs_value", magic=magic, option=m.group(1))
        if "the following arguments are required" in text:
            usage = _usage(parser)
            return message(
                "magic_missing_args", magic=magic, what=message("magic_what_target"), usage=usage
            )
        return message("magic_usage_error", magic=magic, detail=text)

    def _ns(self) -> dict:
        return self.shell.user_ns

    def _user_names(self) -> list[str]:
        """The names the user bound (not IPython's own such as ``open``, nor builtins)."""
        hidden = getattr(self.shell, "user_ns_hidden", {})
        return [
            k for k in self._ns() if k[:1] != "_" and k not in hidden and not hasattr(builtins, k)
        ]

    def _tensor_names(self) -> list[str]:
        return [k for k, v in self._ns().items() if isinstance(v, _TensorLike) and k[:1] != "_"]

    def _lookup(self, expr: str):
        """Evaluate a target/source expression in the user namespace."""
        __tracebackhide__ = True
        ns = self._ns()
        if expr.isidentifier() and not keyword.iskeyword(expr):
            if expr in ns:
                return ns[expr]
            if not self.short_errors:
                raise NameError(f"name {expr!r} is not defined")
            pool = self._tensor_names()
            hint = _hint(expr, pool) or _hint(expr, self._user_names())
            raise UsageError(message("magic_unknown_name", name=expr, hint=hint))
        try:
            return eval(expr, ns)  # noqa: S307  (user code in the user's namespace)
        except NameError as e:
            if not self.short_errors:
                raise
            name = getattr(e, "name", None) or expr
            raise UsageError(
                message("magic_unknown_name", name=name, hint=_hint(name, self._tensor_names()))
            ) from None
        except Exception as e:
            if not self.short_errors:
                raise
            raise UsageError(
                message("magic_bad_expression", expr=expr, error=f"{type(e).__name__}: {e}")
            ) from None

    def _tensor(self, expr: str):
        __tracebackhide__ = True
        v = self._lookup(expr)
        if not isinstance(v, _TensorLike):
            raise UsageError(message("magic_not_tensor", name=expr, type=type(v).__name__))
        return v

    def _order(self, order) -> int:
        try:
            return check_order(order)
        except ValueError as e:
            raise UsageError(str(e)) from None

    def _note_variables(self) -> None:
        for k, v in self._ns().items():
            if k[:1] != "_" and isinstance(v, _TensorLike) and v._is_variable:
                self.variables[k] = v

    def _record(self, name: str | None) -> wb.TapeRecord:
        __tracebackhide__ = True
        if name is None:
            if self.last is None:
                raise UsageError(message("magic_no_tape"))
            return self.records[self.last]
        if not name.strip():
            raise UsageError(message("magic_empty_tape_name"))
        if len(name) > MAX_NAME:
            raise UsageError(message("magic_long_tape_name", n=len(name), max=MAX_NAME))
        if name in self.records:
            return self.records[name]
        obj = self._ns().get(name)
        if isinstance(obj, GradientTape):  # a tape of the user's own
            if obj._recorder is None:
                raise UsageError(message("magic_tape_released", name=name))
            rec = wb.TapeRecord.from_tape(obj, name)
            rec.variables = self.variables
            self._label(rec)
            return rec
        hint = _hint(name, list(self.records))
        names = ", ".join(f"`{n}`" for n in self.records) or message("magic_none")
        raise UsageError(message("magic_unknown_tape", name=name, hint=hint, names=names))

    def _record_for(self, target) -> wb.TapeRecord:
        """The last record, or the most recent one that recorded ``target`` if it did not."""
        last = self._record(None)
        if any(target._id in r.tracked for r in last.recorders()):
            return last
        for rec in reversed(list(self.records.values())):
            if any(target._id in r.tracked for r in rec.recorders()):
                return rec
        return last

    def _label(self, rec: wb.TapeRecord, prefer=()) -> None:
        """Name the record's tensors after the user's variables (results first)."""
        labels: dict[int, str] = {}
        for k in prefer:
            v = self._ns().get(k)
            if isinstance(v, _TensorLike):
                labels.setdefault(v._id, k)
        for k, v in self._ns().items():
            if k[:1] != "_" and isinstance(v, _TensorLike):
                labels.setdefault(v._id, k)
        rec.labels = labels

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
        help=f"record inside N nested tapes, for %%grad --order up to N (1..{wb.MAX_ORDER})",
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
        args = self._parse(self.tape, line, "tape")
        return self._run_cell(args, cell)

    def _tape_line(self, line: str):
        __tracebackhide__ = True
        _check_line(line, "tape")
        try:
            words = line.split()
        except ValueError as e:  # pragma: no cover
            raise UsageError(message("magic_usage_error", magic="tape", detail=e)) from None
        if not words:
            return wb.Summary(self._record(None))
        cmd, rest = words[0], words[1:]
        if cmd not in _TAPE_SUBCOMMANDS:
            raise UsageError(
                message(
                    "magic_unknown_subcommand",
                    magic="tape",
                    name=cmd,
                    hint=_hint(cmd, _TAPE_SUBCOMMANDS),
                    choices=", ".join(_TAPE_SUBCOMMANDS),
                )
            )
        limit, rest = _limit_option(rest, cmd)
        flags = [w for w in rest if w.startswith("-")]
        names = [w for w in rest if not w.startswith("-")]
        allowed = {"show": {"--text", "--all", "--limit"}, "list": set(), "forget": {"--all"}}[cmd]
        for f in flags:
            if f not in allowed:
                raise UsageError(
                    message(
                        "magic_unknown_option",
                        magic=f"tape {cmd}",
                        option=f,
                        hint=_hint(f, allowed),
                        help="tape",  # (IPython has no `%tape show?`)
                    )
                )
        if cmd == "list":
            if not self.records:
                return print(message("magic_no_tape"))
            lines = [message("magic_tapes_list")]
            for n, r in self.records.items():
                mark = " *" if n == self.last else ""
                lines.append(
                    message("magic_tape_line", name=n, mark=mark, n=len(r.entries), order=r.order)
                )
            return print("\n".join(lines))
        if cmd == "forget":
            if not flags and not names and self.last is None:
                raise UsageError(message("magic_no_tape"))
            gone = list(self.records) if "--all" in flags else names or [self.last or ""]
            for n in gone:
                if n not in self.records:
                    self._record(n)  # raises the unknown-tape message
            for n in gone:
                del self.records[n]
            if self.last not in self.records:
                self.last = next(reversed(self.records), None)
            return print(message("magic_forgot", names=", ".join(gone)))
        if len(names) > 1:
            raise UsageError(
                message("magic_usage_error", magic="tape show", detail=" ".join(names[1:]))
            )
        rec = self._record(names[0] if names else None)
        if "--all" in flags:
            limit = max(len(rec.entries), 1)
        graph = wb.TapeGraph(rec, limit=limit)
        if "--text" in flags:
            return print(str(graph))
        return graph

    def _run_cell(self, args, cell: str):
        __tracebackhide__ = True
        ns = self._ns()
        name = args.name or self.default_tape_name
        if len(name) > MAX_NAME:
            raise UsageError(message("magic_long_tape_name", n=len(name), max=MAX_NAME))
        if not name.isidentifier() or keyword.iskeyword(name):
            raise UsageError(message("magic_bad_tape_name", name=name))
        order = self._order(args.order)
        watch = [w.strip() for w in args.watch.split(",") if w.strip()]
        for w in watch:
            if not w.isidentifier():
                raise UsageError(message("magic_usage_error", magic="tape", detail=f"--watch {w}"))
        source = self.shell.transform_cell(cell)
        filename = self.shell.compile.cache(source, self.shell.execution_count, raw_code=cell)
        try:
            tree = ast.parse(source, filename)  # a SyntaxError is the cell's own error
        except SyntaxError as e:
            e._tapekit_cell = True  # shown as in a plain cell (see _show_traceback)
            raise
        assigned = _bound_names(tree)
        for w in watch:
            if w not in ns and w not in assigned:
                pool = self._tensor_names() + sorted(assigned)
                raise UsageError(message("magic_watch_unknown", name=w, hint=_hint(w, pool)))
        tree = self.shell.transform_ast(tree) or tree
        silent = False
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = tree.body.pop()
            silent = source.rstrip().endswith(";")
        if watch:
            tree.body = _add_watch_hooks(tree.body, set(watch))
        ast.fix_missing_locations(tree)
        try:
            code = self.shell.compile(tree, filename, "exec")
            last_code = None
            if last is not None:
                last_code = self.shell.compile(ast.Expression(last.value), filename, "eval")
        except SyntaxError as e:  # 'return' outside function and the like
            e._tapekit_cell = True
            raise

        self._note_variables()
        before = {k: id(v) for k, v in ns.items()}
        rec = wb.TapeRecord(order, args.persistent, not args.no_watch_accessed, name)
        rec.variables = self.variables
        self.records[name] = rec
        self.last = name
        hook = _WatchHook(rec, ns, watch, filename)
        ns[name] = rec.tape
        ns[_HOOK] = hook
        value = None
        try:
            with rec:
                hook()
                exec(code, ns)  # noqa: S102  (the user's cell, in the user's namespace)
                if last_code is not None:
                    value = eval(last_code, ns)  # noqa: S307
        except Exception as exc:  # the cell's own error: re-raised, from the cell's frame on
            tb = exc.__traceback__
            while tb is not None and tb.tb_frame.f_code.co_filename != filename:
                tb = tb.tb_next
            if tb is not None:
                exc.with_traceback(tb)
            raise
        finally:
            ns.pop(_HOOK, None)
            rec.results = [
                (k, v)
                for k, v in ns.items()
                if k[:1] != "_"
                and k != name
                and isinstance(v, _TensorLike)
                and before.get(k) != id(v)
            ]
            self._label(rec, prefer=[k for k, _ in rec.results])
            self._note_variables()
        for w in watch:
            v = ns.get(w)
            if not isinstance(v, _TensorLike):
                print(
                    message("magic_watch_not_tensor", name=w, type=type(v).__name__),
                    file=sys.stderr,
                )
        if not args.quiet:
            display(wb.Summary(rec))
        return None if silent else value

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
        __tracebackhide__ = True
        args = self._parse(self.grad, line, "grad")
        tokens = [t for s in args.sources for t in s.split(",") if t]
        if tokens and tokens[0] == "wrt":
            tokens = tokens[1:]
        if not tokens:
            usage = _usage(self.grad.parser)
            raise UsageError(
                message(
                    "magic_missing_args",
                    magic="grad",
                    what=message("magic_what_target"),
                    usage=usage,
                )
            )
        order = self._order(args.order)
        span = self._range(args.range) if args.range is not None else None
        points = self.plot_points if args.points is None else args.points
        if args.points is not None and not 3 <= args.points <= MAX_POINTS:
            raise UsageError(message("magic_bad_points", value=args.points))
        limit = _check_limit(args.limit)
        if args.all:
            limit = None
        target = self._tensor(args.target)
        rec = self._record(args.tape) if args.tape else self._record_for(target)
        sources = [self._tensor(t) for t in tokens]
        if order > rec.order:
            raise UsageError(
                message("magic_order_not_recorded", tape=rec.name, have=rec.order, want=order)
            )
        if args.plot:
            for tok, s in zip(tokens, sources):
                if s._value.shape and int(_backend.np.prod(s._value.shape)) != 1:
                    raise UsageError(message("magic_plot_scalar", name=tok, shape=tuple(s.shape)))
        bar = _progress(points if args.plot else 0)
        self._note_variables()
        try:
            result = wb.grad(
                rec,
                target,
                sources if len(sources) > 1 else sources[0],
                order=order,
                zero=args.zero,
                target_label=args.target,
                source_labels=tokens,
            )
            if args.explain:
                ex = wb.explain(
                    rec,
                    target,
                    sources,
                    target_label=args.target,
                    source_labels=tokens,
                    limit=limit,
                )
                if order > 1:
                    ex.note = message("ex_higher", order=order, more=order - 1)
                display(ex)
            if args.plot:
                for tok, s in zip(tokens, sources):
                    c = wb.curve(
                        rec,
                        target,
                        s,
                        points=points,
                        span=span,
                        order=order,
                        target_label=args.target,
                        source_label=tok,
                        progress=bar.update,
                    )
                    bar.close()
                    display(_plot_widget(rec, target, s, c))
        except (LookupError, InvalidArgumentError, wb.ReplayError, ValueError, TypeError) as e:
            if not self.short_errors:
                raise
            raise UsageError(message("magic_engine_error", detail=e)) from None
        except KeyboardInterrupt:  # the stop button: the record is as it was
            raise UsageError(message("magic_interrupted", magic="grad")) from None
        finally:
            bar.close()
        if isinstance(result, wb.Missing):
            display(result)
            return None
        return result

    def _range(self, text: str):
        m = re.fullmatch(r"\s*([-+0-9.eE]+)\s*[:,]\s*([-+0-9.eE]+)\s*", text)
        try:
            lo, hi = float(m.group(1)), float(m.group(2))
        except (AttributeError, ValueError):
            lo = hi = 0.0
        if not lo < hi:
            raise UsageError(message("magic_bad_range", value=text))
        return lo, hi

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
        _check_line(line, "tapekit")
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
            raise UsageError(
                message(
                    "magic_unknown_subcommand",
                    magic="tapekit",
                    name=cmd,
                    hint=_hint(cmd, _TAPEKIT_SUBCOMMANDS),
                    choices=", ".join(_TAPEKIT_SUBCOMMANDS),
                )
            )
        if cmd == "info":
            return wb.Info(self.records)
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


def _check_line(line: str, magic: str) -> None:
    """A magic's line is names, options and short expressions: refuse a flood early."""
    if len(line) > MAX_LINE:
        raise UsageError(message("magic_long_line", magic=magic, n=len(line), max=MAX_LINE))


def _check_limit(n):
    if n is not None and not 1 <= n <= MAX_LIMIT:
        raise UsageError(message("magic_bad_limit", value=n, max=MAX_LIMIT))
    return MAX_STEPS if n is None else n


def _limit_option(words: list[str], cmd: str):
    """``%tape show``'s ``--limit N`` (or ``--limit=N``) taken out of ``words``."""
    if cmd != "show":
        return None, words
    rest, limit, i = [], None, 0
    while i < len(words):
        w = words[i]
        if w == "--limit" or w.startswith("--limit="):
            value = (
                w.partition("=")[2] if "=" in w else (words[i + 1] if i + 1 < len(words) else "")
            )
            i += 1 if "=" in w else 2
            if not value:
                raise UsageError(message("magic_needs_value", magic="tape show", option="--limit"))
            try:
                limit = int(value)
            except ValueError:
                raise UsageError(
                    message(
                        "magic_bad_value",
                        magic="tape show",
                        option="--limit",
                        kind=message("magic_kind_int"),
                        value=value[:40],
                    )
                ) from None
            _check_limit(limit)
            continue
        rest.append(w)
        i += 1
    return limit, rest


class _NoProgress:
    def update(self, done: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int):
    """The widgets' progress bar (shown in a kernel when the work takes over a second)."""
    if total:
        try:
            from .widgets._base import Progress  # noqa: PLC0415
        except ImportError:  # pragma: no cover (ipywidgets missing)
            pass
        else:
            return Progress(total, message("magic_plot_progress"), True)
    return _NoProgress()


def _plot_widget(rec, target, source, c):
    """``%grad --plot``: the derivative explorer on the replayed record (tapekit.widgets),
    or the static SVG chart where the widgets cannot load."""
    try:
        from .widgets.derivative import replay_explorer  # noqa: PLC0415
    except ImportError:  # matplotlib missing from a stripped-down environment
        return wb.DerivativePlot(c)
    return replay_explorer(rec, target, source, c)


# ---------------------------------------------------------------------------------------
# tracebacks: a deliberate tapekit error ends at the user's line, not in tapekit's source


def _module_of(tb) -> str:
    name = tb.tb_frame.f_globals.get("__name__")
    return name if isinstance(name, str) else ""


def _is_tapekit(tb) -> bool:
    name = _module_of(tb)
    return name == "tapekit" or name.startswith("tapekit.")


def _without_inner_tapekit_frames(tb):
    """``tb`` less its innermost run of tapekit frames, as new ``TracebackType`` objects.

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
    while keep and _is_tapekit(entries[keep - 1]):
        keep -= 1
    if keep == len(entries):
        return entries[0] if entries else None
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


def _show_traceback(shell, etype, value, tb, tb_offset=None):
    """The custom exception handler (``shell.set_custom_exc``): IPython's own display of
    the error, with :func:`_without_inner_tapekit_frames` applied to its traceback.

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
        short = tb if _wants_full_tracebacks(shell) else _without_inner_tapekit_frames(tb)
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


def _install_short_tracebacks(ipython, magics) -> None:
    """Install :func:`_show_traceback`, unless some handler is installed already (another
    extension's, or ours from an earlier load)."""
    if ipython.custom_exceptions:
        return
    previous = ipython.CustomTB
    ipython.set_custom_exc((Exception,), _show_traceback)
    magics._custom_exc = (previous, ipython.CustomTB)


def _remove_short_tracebacks(ipython, magics) -> None:
    """Put back what was there before :func:`_install_short_tracebacks`, if the handler
    installed then is still the one in place (IPython drops a handler that fails)."""
    saved = getattr(magics, "_custom_exc", None)
    if saved is None:
        return
    previous, ours = saved
    if ipython.custom_exceptions == (Exception,) and ipython.CustomTB == ours:
        ipython.custom_exceptions = ()
        ipython.CustomTB = previous
    magics._custom_exc = None


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
    _install_short_tracebacks(ipython, magics)


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
    ipython.user_ns.pop(_HOOK, None)
    _remove_short_tracebacks(ipython, magics)
    magics.records.clear()
    del ipython._tapekit_magics


__all__ = ["TapeMagics", "load_ipython_extension", "unload_ipython_extension"]
