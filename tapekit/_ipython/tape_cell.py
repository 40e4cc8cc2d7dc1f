"""``%%tape``: the cell compiled (with its ``--watch`` hooks) and run inside the tapes of a
new record, in the user's namespace; the cell's own errors stay the cell's."""

from __future__ import annotations

import ast
import keyword
import sys

from IPython.core.error import UsageError
from IPython.display import display

from .._engine.tensor import TensorLike
from .._messages import message
from ..notebook.record import TapeRecord
from ..notebook.summary import Summary
from .cell import HOOK, WatchHook, add_watch_hooks, bound_names
from .options import MAX_NAME, did_you_mean


class TapeCell:
    """``%%tape`` with a cell (a mixin of :class:`tapekit.magics.TapeMagics`)."""

    def _run_cell(self, args, cell: str):
        __tracebackhide__ = True
        ns = self._ns()
        name = args.name or self.default_tape_name
        if len(name) > MAX_NAME:
            raise UsageError(message("magic_long_tape_name", n=len(name), max=MAX_NAME))
        if not name.isidentifier() or keyword.iskeyword(name):
            raise UsageError(message("magic_bad_tape_name", name=name))
        held = ns.get(name)
        if isinstance(held, TensorLike):  # ``%%tape x`` meant as "watch x" would lose x
            kind = "tk.Variable" if held._is_variable else "tk.Tensor"
            raise UsageError(message("magic_tape_name_taken", name=name, kind=kind))
        order = self._order(args.order)
        watch = [w.strip() for w in args.watch.split(",") if w.strip()]
        for w in watch:
            if not w.isidentifier():
                raise UsageError(message("magic_watch_not_a_name", name=w[:40]))
        code, last_code, silent, filename = self._compile_cell(cell, watch)
        self._note_variables()
        before = {k: id(v) for k, v in ns.items()}
        rec = TapeRecord(order, args.persistent, not args.no_watch_accessed, name)
        rec.variables = self.variables
        self.records[name] = rec
        self.last = name
        hook = WatchHook(rec, ns, watch, filename)
        ns[name] = rec.tape
        ns[HOOK] = hook
        value = None
        try:
            with rec:
                hook()
                exec(code, ns)  # the user's cell, in the user's namespace
                if last_code is not None:
                    value = eval(last_code, ns)
        except Exception as exc:  # the cell's own error: re-raised, from the cell's frame on
            tb = exc.__traceback__
            while tb is not None and tb.tb_frame.f_code.co_filename != filename:
                tb = tb.tb_next
            if tb is not None:
                exc.with_traceback(tb)
            raise
        finally:
            ns.pop(HOOK, None)
            rec.results = [
                (k, v)
                for k, v in ns.items()
                if k[:1] != "_"
                and k != name
                and isinstance(v, TensorLike)
                and before.get(k) != id(v)
            ]
            self._label(rec, prefer=[k for k, _ in rec.results])
            self._note_variables()
        for w in watch:
            v = ns.get(w)
            if not isinstance(v, TensorLike):
                print(
                    message("magic_watch_not_tensor", name=w, type=type(v).__name__),
                    file=sys.stderr,
                )
        if not args.quiet:
            display(Summary(rec))
        return None if silent else value

    def _compile_cell(self, cell: str, watch: list[str]):
        """The cell as IPython would compile it, less its last expression (compiled apart,
        so its value can be shown) and with the ``--watch`` hooks inserted."""
        __tracebackhide__ = True
        ns = self._ns()
        source = self.shell.transform_cell(cell)
        filename = self.shell.compile.cache(source, self.shell.execution_count, raw_code=cell)
        try:
            tree = ast.parse(source, filename)  # a SyntaxError is the cell's own error
        except SyntaxError as e:
            e._tapekit_cell = True  # shown as in a plain cell (see tracebacks.show_traceback)
            raise
        assigned = bound_names(tree)
        for w in watch:
            if w not in ns and w not in assigned:
                pool = self._tensor_names() + sorted(assigned)
                raise UsageError(message("magic_watch_unknown", name=w, hint=did_you_mean(w, pool)))
        tree = self.shell.transform_ast(tree) or tree
        silent = False
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = tree.body.pop()
            silent = source.rstrip().endswith(";")
        if watch:
            tree.body = add_watch_hooks(tree.body, set(watch))
        ast.fix_missing_locations(tree)
        try:
            code = self.shell.compile(tree, filename, "exec")
            last_code = None
            if last is not None:
                last_code = self.shell.compile(ast.Expression(last.value), filename, "eval")
        except SyntaxError as e:  # 'return' outside function and the like
            e._tapekit_cell = True
            raise
        return code, last_code, silent, filename
