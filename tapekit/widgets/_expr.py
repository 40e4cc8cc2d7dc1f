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
import operator

from .. import math as tkmath
from .. import nn
from .._messages import message
from ._base import WidgetInputError


class ExpressionError(WidgetInputError):
    """A string expression that cannot be read (the message says where and why)."""


def _functions() -> dict:
    import tapekit as tk

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
_FOLD = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.Mod: operator.mod,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}

# Limits on what a text box may ask for (any visitor's, in a Voilà dashboard): each is
# far above a formula a person writes, and each keeps parsing and evaluating quick.
MAX_LENGTH = 2000  # characters
MAX_DEPTH = 100  # nesting of the expression tree (x+x+...+x nests once per term)
MAX_NODES = 500  # numbers, names, operators and calls
MAX_POWER_BITS = 4096  # size of a constant power such as 2**4096 (9**9**9 is refused)


def _limit(src: str, what: str, limit) -> ExpressionError:
    return ExpressionError(
        message(
            "wg_expr_limit", text=_clip(src), what=message(f"wg_expr_limit_{what}"), limit=limit
        )
    )


def _clip(src: str, n: int = 60) -> str:
    return src if len(src) <= n else src[: n - 1] + "…"


def _pow_bits(base, exp) -> float:
    """Bits of ``base ** exp`` for numbers, without computing it (0: small or a float)."""
    if isinstance(base, bool) or isinstance(exp, bool):
        return 0.0
    if not (isinstance(base, int) and isinstance(exp, int)) or exp <= 0 or abs(base) <= 1:
        return 0.0
    return exp * math.log2(abs(base))


def check(text, variables=("x",)):
    """``text`` checked against the grammar and the limits: ``(tree, visited)``.

    One pass over the tree (``visited`` counts the nodes it looked at, so the work is
    linear in the text); constant parts are folded on the way so that a constant power
    too large to compute is refused before anything runs.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError(message("wg_expr_empty"))
    src = text.strip()
    if len(src) > MAX_LENGTH:
        raise _limit(src, "length", MAX_LENGTH)
    try:
        # ^ is a power, as on a calculator: replaced before parsing so that -x^2 and 2*x^2
        # keep the precedence of ** (no strings are allowed, so nothing else is touched)
        tree = ast.parse(src.replace("^", "**"), mode="eval")
    except (RecursionError, MemoryError):
        raise _limit(src, "depth", MAX_DEPTH) from None
    except SyntaxError as e:
        if "too many nested" in str(e.msg):
            raise _limit(src, "depth", MAX_DEPTH) from None
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
    visited = 0
    # iterative post-order walk: (node, depth, children done?); values of constant parts
    const: dict[int, object] = {}
    stack = [(tree.body, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if not done:
            visited += 1
            if visited > MAX_NODES:
                raise _limit(src, "nodes", MAX_NODES)
            if depth > MAX_DEPTH:
                raise _limit(src, "depth", MAX_DEPTH)
            kids = _children(node, src, funcs, allowed_names)
            stack.append((node, depth, True))
            stack.extend((k, depth + 1, False) for k in kids)
            continue
        _fold(node, const, src)
    return tree, visited


def _children(node, src, funcs, allowed_names) -> list:
    """The sub-expressions of an allowed ``node``; ExpressionError for anything else."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, _BINOPS):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return [node.operand]
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if isinstance(node.value, bool):
            raise ExpressionError(message("wg_expr_construct", text=src, what=repr(node.value)))
        return []
    if isinstance(node, ast.Call):
        if (
            not isinstance(node.func, ast.Name)
            or node.func.id not in funcs
            or node.keywords
            or not node.args
        ):
            name = node.func.id if isinstance(node.func, ast.Name) else _what(node.func)
            raise ExpressionError(_unknown(src, name, list(funcs)))
        for a in node.args:
            if isinstance(a, ast.Starred):
                raise ExpressionError(message("wg_expr_construct", text=src, what=_what(a)))
        return list(node.args)  # node.func is a known function's name
    if isinstance(node, ast.Name):
        if node.id in funcs:  # a function name used as a value: sin * x
            raise ExpressionError(message("wg_expr_construct", text=src, what=node.id))
        if node.id in allowed_names:
            return []
        raise ExpressionError(_unknown(src, node.id, sorted(allowed_names) + list(funcs)))
    raise ExpressionError(message("wg_expr_construct", text=src, what=_what(node)))


def _what(node) -> str:
    """Source text of a refused construct, short (unparse may recurse: only near the top)."""
    try:
        return _clip(ast.unparse(node), 40)
    except (RecursionError, ValueError):  # pragma: no cover
        return type(node).__name__


def _fold(node, const: dict, src: str) -> None:
    """Record ``node``'s value in ``const`` if it is a constant (its children are done)."""
    if isinstance(node, ast.Constant):
        const[id(node)] = node.value
        return
    if isinstance(node, ast.UnaryOp) and id(node.operand) in const:
        const[id(node)] = _FOLD[type(node.op)](const.pop(id(node.operand)))
        return
    if isinstance(node, ast.BinOp) and id(node.left) in const and id(node.right) in const:
        a, b = const.pop(id(node.left)), const.pop(id(node.right))
        if isinstance(node.op, ast.Pow) and _pow_bits(a, b) > MAX_POWER_BITS:
            raise _limit(src, "power", MAX_POWER_BITS)
        if isinstance(node.op, (ast.Mult,)) and _bits(a) + _bits(b) > MAX_POWER_BITS:
            raise _limit(src, "power", MAX_POWER_BITS)
        try:
            const[id(node)] = _FOLD[type(node.op)](a, b)
        except (ArithmeticError, ValueError):  # 1/0, 10.0**400: evaluation reports it
            pass
        return
    if isinstance(node, ast.BinOp):
        const.pop(id(node.left), None)
        const.pop(id(node.right), None)
    elif isinstance(node, ast.Call):
        for a in node.args:
            const.pop(id(a), None)


def _bits(v) -> int:
    return v.bit_length() if isinstance(v, int) else 0


def parse(text: str, variables=("x",)):
    """``text`` checked and compiled: ``(code, names_used)``; ExpressionError if bad."""
    tree, _ = check(text, variables)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in variables}
    try:
        code = compile(tree, "<expression>", "eval")
    except (RecursionError, MemoryError):  # pragma: no cover (the depth limit comes first)
        raise _limit(text.strip(), "depth", MAX_DEPTH) from None
    return code, used


def _unknown(src: str, name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = message("wg_hint", name=close[0]) if close else ""
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
        y = eval(code, {"__builtins__": {}}, {**funcs, **CONSTANTS, "x": x})
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
        y = eval(code, {"__builtins__": {}}, {**funcs, **CONSTANTS, "x": v[0], "y": v[1]})
        return v[0] * 0.0 + y if isinstance(y, (int, float)) else y

    f.__name__ = "expression"
    f.__qualname__ = text
    f.expression = text.strip()
    return f
