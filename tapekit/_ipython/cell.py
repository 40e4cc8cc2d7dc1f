"""``%%tape`` cell rewriting: ``--watch`` names are watched right after the statement that
binds them, through a hook call inserted into the cell's AST."""

from __future__ import annotations

import ast
import sys
import warnings

from .._engine.tensor import TensorLike
from ..notebook.record import TapeRecord

HOOK = "__tapekit_watch__"  # the --watch hook's name in the user namespace, during a cell


def bound_names(node) -> set[str]:
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


def add_watch_hooks(stmts, watch: set[str]) -> list:
    """Insert a hook call after every statement (at any depth of this scope) that binds a
    ``--watch`` name, and at the start of loop and ``with`` bodies whose target binds one,
    so a tensor is watched before its first use."""

    def hook(at):
        return ast.copy_location(ast.Expr(ast.Call(ast.Name(HOOK, ast.Load()), [], [])), at)

    out = []
    for st in stmts:
        if not isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field in _BLOCKS:
                block = getattr(st, field, None)
                if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                    setattr(st, field, add_watch_hooks(block, watch))
            for h in getattr(st, "handlers", []):
                h.body = add_watch_hooks(h.body, watch)
            for case in getattr(st, "cases", []):
                case.body = add_watch_hooks(case.body, watch)
            binds_at_start = set()
            if isinstance(st, (ast.For, ast.AsyncFor)):
                binds_at_start = bound_names(st.target)
            elif isinstance(st, (ast.With, ast.AsyncWith)):
                for item in st.items:
                    if item.optional_vars is not None:
                        binds_at_start |= bound_names(item.optional_vars)
            if binds_at_start & watch:
                st.body.insert(0, hook(st))
        out.append(st)
        if _own_names(st) & watch:
            out.append(hook(st))
    return out


class WatchHook:
    """Watches the ``--watch`` names as soon as they are bound to tensors."""

    def __init__(self, record: TapeRecord, ns: dict, names: list[str], filename: str = ""):
        self.filename = filename
        self.record = record
        self.ns = ns
        self.names = names
        self.done: set[int] = set()

    def __call__(self) -> None:
        __tracebackhide__ = True
        for n in self.names:
            v = self.ns.get(n)
            if isinstance(v, TensorLike) and v._id not in self.done:
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
