"""Gradients that display as math: what ``%grad`` (and ``workbench.grad``) return.

``Gradient`` *is* a :class:`~tapekit.Tensor` (same value, same id), so ``g = %grad z x``
gives a tensor to compute with; in a notebook it displays as ``∂z/∂x = 8.0`` (MathML in
HTML, LaTeX, and plain text).  Several sources give a ``Gradients`` tuple
(``dx, dy = %grad z x y``).  A ``None`` gradient comes with its :class:`Diagnosis`.
"""

from __future__ import annotations

from .._engine.tensor import Tensor
from .._messages import message
from .diagnose import Diagnosis, why_none
from .text import (
    code_html,
    host,
    partial_latex,
    partial_mathml,
    partial_text,
    value_html,
    value_latex,
    value_text,
)


class Gradient(Tensor):
    """A gradient tensor that knows what it is the derivative of (for display only)."""

    __slots__ = ("_of", "_wrt", "_order", "_note")

    def __init__(self, tensor, of: str, wrt: str, order: int = 1, note: str = ""):
        super().__init__(tensor._value, tensor._id)
        self._of = of
        self._wrt = wrt
        self._order = order
        self._note = note

    def _lhs(self) -> str:
        return partial_text(self._of, self._wrt, self._order)

    def math_text(self) -> str:
        """``∂z/∂x = value`` as plain text (the value on its own lines when it has several)."""
        value = value_text(host(self))
        sep = "\n" if "\n" in value else " "
        return f"{self._lhs()} ={sep}{value}"

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.math_text() + (f"\n{self._note}" if self._note else ""))

    def _repr_latex_(self) -> str:
        return f"$${partial_latex(self._of, self._wrt, self._order)} = {value_latex(host(self))}$$"

    def _repr_html_(self) -> str:
        return _math_html(self._of, self._wrt, self._order, value_html(host(self)), self._note)


def _math_html(of, wrt, order, value_mathml, note="") -> str:
    math = (
        f'<math display="inline"><mrow>{partial_mathml(of, wrt, order)}<mo>=</mo>'
        f"{value_mathml}</mrow></math>"
    )
    note_html = f'<div style="color:#666">{code_html(note)}</div>' if note else ""
    return f"<div>{math}{note_html}</div>"


class Missing:
    """Displays a ``None`` gradient with its diagnosis (``%grad`` then returns None)."""

    def __init__(self, diagnosis: Diagnosis):
        self.diagnosis = diagnosis

    def text(self) -> str:
        """``∂z/∂x = None`` and, below it, the diagnosis of why."""
        d = self.diagnosis
        return f"{partial_text(d.target, d.source, d.order)} = None\n{d.text}"

    def __str__(self) -> str:
        return self.text()

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.text())

    def _repr_html_(self) -> str:
        d = self.diagnosis
        head = _math_html(d.target, d.source, d.order, "<mi>None</mi>")
        return head + d._repr_html_()


class Gradients(tuple):
    """Gradients for several sources: a tuple of Gradient (or None) with a math display."""

    def __new__(cls, items, missing=(), note: str = ""):
        obj = super().__new__(cls, items)
        obj._missing = list(missing)  # Missing objects for the None entries
        obj._note = note
        return obj

    def _lines(self) -> list[str]:
        lines = []
        missing = iter(self._missing)
        for g in self:
            lines.append(g.math_text() if g is not None else next(missing).text())
        if self._note:
            lines.append(self._note)
        return lines

    def _repr_pretty_(self, p, cycle) -> None:
        p.text("\n".join(self._lines()))

    def _repr_html_(self) -> str:
        parts = []
        missing = iter(self._missing)
        for g in self:
            parts.append(g._repr_html_() if g is not None else next(missing)._repr_html_())
        if self._note:
            parts.append(f'<div style="color:#666">{code_html(self._note)}</div>')
        return "".join(parts)

    def _repr_latex_(self) -> str:
        rows = []
        missing = iter(self._missing)
        for g in self:
            if g is not None:
                rows.append(f"{partial_latex(g._of, g._wrt, g._order)} &= {value_latex(host(g))}")
            else:
                d = next(missing).diagnosis
                rows.append(rf"{partial_latex(d.target, d.source, d.order)} &= \mathrm{{None}}")
        return r"$$\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$$"


def grad(
    record,
    target,
    sources,
    *,
    order: int = 1,
    zero: bool = False,
    target_label: str | None = None,
    source_labels=None,
):
    """Gradients of ``record``'s ``target`` as displayable objects.

    One source: a :class:`Gradient`, or a :class:`Missing` (explaining the ``None``).
    Several: a :class:`Gradients` tuple.  ``zero=True`` gives zeros instead of None for
    float sources (TF's ``unconnected_gradients='zero'``).
    """
    single = not isinstance(sources, (list, tuple))
    srcs = [sources] if single else list(sources)
    tl = target_label or record.label(target)
    sls = list(source_labels or [record.label(s) for s in srcs])
    raw = record.gradient(
        target, srcs, order=order, unconnected_gradients="zero" if zero else "none"
    )
    shape = tuple(target.shape)
    note = (
        message("wb_sum_note", target=tl, shape=shape) if shape and host(target).size != 1 else ""
    )
    items, missing = [], []
    for s, sl, g in zip(srcs, sls, raw):
        if g is None:
            d = why_none(record, target, s, target_label=tl, source_label=sl, order=order)
            missing.append(Missing(d))
            items.append(None)
        else:
            items.append(Gradient(g, tl, sl, order, note if single else ""))
    if single:
        return items[0] if items[0] is not None else missing[0]
    return Gradients(items, missing, note)
