"""What the magics read from the user's namespace: tensors by name or expression, the
recorded tapes by name (with "did you mean" hints), and the labels of a record's tensors."""

from __future__ import annotations

import builtins
import keyword

from IPython.core.error import UsageError

from .._engine.tensor import TensorLike
from .._messages import message
from ..gradient_tape import GradientTape
from ..notebook.record import TapeRecord, check_order
from .options import MAX_NAME, did_you_mean


class Workspace:
    """The user namespace and the records, for :class:`tapekit.magics.TapeMagics` (a mixin:
    it needs ``shell``, ``records``, ``last``, ``variables`` and ``short_errors``)."""

    def _ns(self) -> dict:
        return self.shell.user_ns

    def _user_names(self) -> list[str]:
        """The names the user bound (not IPython's own such as ``open``, nor builtins)."""
        hidden = getattr(self.shell, "user_ns_hidden", {})
        return [
            k for k in self._ns() if k[:1] != "_" and k not in hidden and not hasattr(builtins, k)
        ]

    def _tensor_names(self) -> list[str]:
        return [k for k, v in self._ns().items() if isinstance(v, TensorLike) and k[:1] != "_"]

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
            hint = did_you_mean(expr, pool) or did_you_mean(expr, self._user_names())
            raise UsageError(message("magic_unknown_name", name=expr, hint=hint))
        try:
            return eval(expr, ns)  # user code in the user's namespace
        except NameError as e:
            if not self.short_errors:
                raise
            name = getattr(e, "name", None) or expr
            raise UsageError(
                message(
                    "magic_unknown_name", name=name, hint=did_you_mean(name, self._tensor_names())
                )
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
        if not isinstance(v, TensorLike):
            raise UsageError(message("magic_not_tensor", name=expr, type=type(v).__name__))
        return v

    def _order(self, order) -> int:
        try:
            return check_order(order)
        except ValueError as e:
            raise UsageError(str(e)) from None

    def _note_variables(self) -> None:
        for k, v in self._ns().items():
            if k[:1] != "_" and isinstance(v, TensorLike) and v._is_variable:
                self.variables[k] = v

    def _record(self, name: str | None) -> TapeRecord:
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
            rec = TapeRecord.from_tape(obj, name)
            rec.variables = self.variables
            self._label(rec)
            return rec
        raise self._unknown_tape(name)

    def _unknown_tape(self, name: str) -> UsageError:
        """No record is named ``name``: which ones there are."""
        hint = did_you_mean(name, list(self.records))
        names = ", ".join(f"`{n}`" for n in self.records) or message("magic_none")
        return UsageError(message("magic_unknown_tape", name=name, hint=hint, names=names))

    def _record_for(self, target) -> TapeRecord:
        """The last record, or the most recent one that recorded ``target`` if it did not."""
        last = self._record(None)
        if any(target._id in r.tracked for r in last.recorders()):
            return last
        for rec in reversed(list(self.records.values())):
            if any(target._id in r.tracked for r in rec.recorders()):
                return rec
        return last

    def _label(self, rec: TapeRecord, prefer=()) -> None:
        """Name the record's tensors after the user's variables (results first)."""
        labels: dict[int, str] = {}
        for k in prefer:
            v = self._ns().get(k)
            if isinstance(v, TensorLike):
                labels.setdefault(v._id, k)
        for k, v in self._ns().items():
            if k[:1] != "_" and isinstance(v, TensorLike):
                labels.setdefault(v._id, k)
        rec.labels = labels
