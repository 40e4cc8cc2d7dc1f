"""String expressions such as ``"sin(x) * x**2"`` as tapekit functions, safely.

The text is parsed with :mod:`ast` and only arithmetic, numbers, the variables and a fixed
list of tapekit functions are accepted (no attribute access, no builtins), so a typo gives
a one-line message that points at it instead of running arbitrary code.  ``^`` means a
power, as on a calculator.
"""

from __future__ import annotations

import ast
import difflib
import math

from .. import math as tkmath
from .. import nn
from .._messages import message
from ._base import WidgetInputError


class ExpressionError(WidgetInputError):
    """A string expression that cannot be read (the message says where and why)."""


def _functions() -> dict:
    import tapekit as tk  # noqa: PLC0415

    m = tkmath
    return {
        "sin": tk.sin,
        "cos": tk.cos,
        "tan": tk.tan,
        "asin": m.asin,
        "acos": m.acos,
        "atan": m.atan,
        "arcsin": m.asin,
        "arccos": m.acos,
        "arctan": m.atan,
        "sinh": m.sinh,
        "cosh": m.cosh,
        "tanh": tk.tanh,
        "exp": tk.exp,
        "expm1": m.expm1,
        "log": m.log,
        "ln": m.log,
        "log1p": m.log1p,
        "sqrt": tk.sqrt,
        "square": tk.square,
        "abs": tk.abs,
        "sign": tk.sign,
        "erf": m.erf,
        "sigmoid": tk.sigmoid,
        "relu": nn.relu,
        "softplus": m.softplus,
        "maximum": tk.maximum,
        "minimum": tk.minimum,
        "max": tk.maximum,
        "min": tk.minimum,
        "pow": tk.pow,
    }


CONSTANTS = {"pi": math.pi, "e": math.e}
_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.Mod)


def parse(text: str, variables=("x",)):
    """``text`` checked and compiled: ``(code, names_used)``; ExpressionError if bad."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError(message("wg_expr_empty"))
    src = text.strip()
    try:
        # ^ is a power, as on a calculator: replaced before parsing so that -x^2 and 2*x^2
        # keep the precedence of ** (no strings are allowed, so nothing else is touched)
        tree = ast.parse(src.replace("^", "**"), mode="eval")
    except SyntaxError as e:
        col = max((e.offset or 1) - 1, 0)
        hint = ""
        for i in range(len(src) - 1):
            if src[i].isdigit() and (src[i + 1].isalpha() or src[i + 1] == "("):
                hint = message("wg_expr_hint_mul", a=src[i], b=src[i + 1])
                break
        raise ExpressionError(
            message("wg_expr_syntax", text=src, pointer=" " * col + "^", hint=hint)
        ) from None
    funcs = _functions()
    allowed_names = set(variables) | set(CONSTANTS)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Expression, ast.Load, ast.operator, ast.unaryop)):
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, _BINOPS):
            continue
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            if isinstance(node.value, bool):
                raise ExpressionError(message("wg_expr_construct", text=src, what=repr(node.value)))
            continue
        if isinstance(node, ast.Call):
            if (
                not isinstance(node.func, ast.Name)
                or node.func.id not in funcs
                or node.keywords
                or not node.args
            ):
                name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
                raise ExpressionError(_unknown(src, name, list(funcs)))
            continue
        if isinstance(node, ast.Name):
            if node.id in allowed_names or node.id in funcs:
                continue
            raise ExpressionError(_unknown(src, node.id, sorted(allowed_names) + list(funcs)))
        what = ast.unparse(node) if hasattr(ast, "unparse") else type(node).__name__
        raise ExpressionError(message("wg_expr_construct", text=src, what=what))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in funcs:
            # a function name used as a value: sin * x
            parents = [p for p in ast.walk(tree) if isinstance(p, ast.Call) and p.func is node]
            if not parents:
                raise ExpressionError(message("wg_expr_construct", text=src, what=node.id))
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in variables}
    return compile(tree, "<expression>", "eval"), used


def _unknown(src: str, name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = message("did_you_mean", name=close[0]) if close else ""
    return message(
        "wg_expr_name",
        text=src,
        name=name,
        hint=hint,
        known=", ".join(sorted(set(known) - set(CONSTANTS))),
    )


def compile_1d(text: str):
    """``"sin(x) * x**2"`` → a function of one tensor ``x``."""
    code, _ = parse(text, ("x",))
    funcs = _functions()

    def f(x):
        y = eval(code, {"__builtins__": {}}, {**funcs, **CONSTANTS, "x": x})  # noqa: S307
        return x * 0.0 + y if isinstance(y, (int, float)) else y  # "3": a constant function

    f.__name__ = "expression"
    f.__qualname__ = text
    f.expression = text.strip()
    return f


def compile_2d(text: str):
    """``"x**2 + 10*y**2"`` → a function of one tensor ``v`` (x = v[0], y = v[1])."""
    code, _ = parse(text, ("x", "y"))
    funcs = _functions()

    def f(v):
        y = eval(code, {"__builtins__": {}}, {**funcs, **CONSTANTS, "x": v[0], "y": v[1]})  # noqa: S307
        return v[0] * 0.0 + y if isinstance(y, (int, float)) else y

    f.__name__ = "expression"
    f.__qualname__ = text
    f.expression = text.strip()
    return f
