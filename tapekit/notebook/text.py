"""Formatting shared by the workbench: numbers, arrays, HTML escaping, LaTeX and MathML."""

from __future__ import annotations

import html
import re

from .._engine import backend as _backend

np = _backend.np  # the workbench, like the engine, reaches NumPy through the backend

MAX_ARRAY_ITEMS = 36  # arrays larger than this are summarised (shape, min, max)


def host(t) -> np.ndarray:
    """The host NumPy value of a Tensor or Variable."""
    return np.asarray(_backend.to_host(t._value))


def number(v) -> str:
    """A float or int as a short, exact-looking decimal (8.0, 0.25, -2.46678, 1e-08)."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, complex | np.complexfloating):
        return f"{complex(v):.6g}"
    f = float(v)
    if f != f or f in (float("inf"), float("-inf")):
        return str(f)
    text = f"{f:.6g}"
    if "e" not in text and "." not in text:
        text += ".0"
    return text


def value_text(a) -> str:
    """A compact plain-text rendering of a host array (scalars as numbers)."""
    a = np.asarray(a)
    if a.ndim == 0 or a.size == 1 and a.ndim <= 1:
        return number(a.reshape(())[()])
    if a.size > MAX_ARRAY_ITEMS:
        return summary_text(a)
    return np.array2string(a, precision=6, separator=", ")


def summary_text(a) -> str:
    """``[shape] min .. max`` of a numeric array (over its finite values), else ``[shape]``."""
    a = np.asarray(a)
    shape = "×".join(str(d) for d in a.shape)
    if a.size == 0:
        return f"[{shape}]"
    if a.dtype.kind in "fiuc":
        finite = a[np.isfinite(a)] if a.dtype.kind in "fc" else a
        if finite.size:
            return f"[{shape}] min {number(finite.min())} max {number(finite.max())}"
    return f"[{shape}]"


def short_value(a, limit: int = 12) -> str:
    """One-line value for summaries and sweeps: numbers, small arrays as nested lists,
    larger ones as shape, min and max."""
    a = np.asarray(a)
    if a.size == 1:
        return number(a.reshape(())[()])
    if a.size <= limit:
        return _nested(a)
    return summary_text(a)


def _nested(a) -> str:
    if a.ndim == 0:
        return number(a[()])
    return "[" + ", ".join(_nested(v) for v in a) + "]"


def esc(text) -> str:
    """``text`` escaped for HTML (quotes included, so it fits in attributes too)."""
    return html.escape(str(text), quote=True)


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def code_html(text) -> str:
    """``esc(text)`` with the messages' Markdown code spans (`tape`) as ``<code>``, so
    rendered output shows no backticks (the text/plain output keeps them)."""
    return _CODE_SPAN.sub(r"<code>\1</code>", esc(text))


def code_svg(text) -> str:
    """``esc(text)`` with code spans as monospace ``<tspan>`` (SVG has no ``<code>``)."""
    return _CODE_SPAN.sub(r'<tspan font-family="monospace">\1</tspan>', esc(text))


# -- derivative notation -----------------------------------------------------------------


def _sup(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def partial_text(target: str, source: str, order: int = 1) -> str:
    """∂z/∂x, ∂²z/∂x², ... in plain text."""
    if order == 1:
        return f"∂{target}/∂{source}"
    return f"∂{_sup(order)}{target}/∂{source}{_sup(order)}"


_LATEX_SPECIAL = {"_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$"}


def latex_name(name: str) -> str:
    """A name in LaTeX: special characters escaped, names of several letters upright."""
    text = "".join(_LATEX_SPECIAL.get(c, c) for c in name)
    return text if len(name) == 1 else r"\mathrm{" + text + "}"


def partial_latex(target: str, source: str, order: int = 1) -> str:
    """∂z/∂x (or the ``order``-th derivative) as a LaTeX fraction."""
    t, s = latex_name(target), latex_name(source)
    if order == 1:
        return r"\frac{\partial " + t + r"}{\partial " + s + "}"
    return rf"\frac{{\partial^{{{order}}} {t}}}{{\partial {s}^{{{order}}}}}"


def partial_mathml(target: str, source: str, order: int = 1) -> str:
    """∂z/∂x (or the ``order``-th derivative) as a MathML fraction."""
    t, s = esc(target), esc(source)
    if order == 1:
        num, den = f"<mi>∂</mi><mi>{t}</mi>", f"<mi>∂</mi><mi>{s}</mi>"
    else:
        num = f"<msup><mi>∂</mi><mn>{order}</mn></msup><mi>{t}</mi>"
        den = f"<mi>∂</mi><msup><mi>{s}</mi><mn>{order}</mn></msup>"
    return f"<mfrac><mrow>{num}</mrow><mrow>{den}</mrow></mfrac>"


def value_latex(a) -> str:
    """A host array in LaTeX: a number, a ``bmatrix`` for a small 1-d or 2-d array, else its
    summary."""
    a = np.asarray(a)
    if a.size == 1 and a.ndim <= 1 or a.ndim == 0:
        return number(a.reshape(())[()])
    if a.ndim <= 2 and a.size <= MAX_ARRAY_ITEMS:
        rows = a.reshape(-1, 1) if a.ndim == 1 else a
        body = r" \\ ".join(" & ".join(number(v) for v in row) for row in rows)
        return r"\begin{bmatrix}" + body + r"\end{bmatrix}"
    return r"\text{" + summary_text(a).replace("×", r"$\times$") + "}"


def value_html(a) -> str:
    """A host array in MathML: a number, a table for a small 1-d or 2-d array, else its
    summary."""
    a = np.asarray(a)
    if a.size == 1 and a.ndim <= 1 or a.ndim == 0:
        return f"<mn>{esc(number(a.reshape(())[()]))}</mn>"
    if a.ndim <= 2 and a.size <= MAX_ARRAY_ITEMS:
        rows = a.reshape(-1, 1) if a.ndim == 1 else a
        cells = "".join(
            "<mtr>" + "".join(f"<mtd><mn>{esc(number(v))}</mn></mtd>" for v in row) + "</mtr>"
            for row in rows
        )
        return f'<mrow><mo>[</mo><mtable columnspacing="0.6em">{cells}</mtable><mo>]</mo></mrow>'
    return f"<mtext>{esc(summary_text(a))}</mtext>"
