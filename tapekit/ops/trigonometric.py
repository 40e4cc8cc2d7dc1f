"""Trigonometric and hyperbolic functions and their inverses, elementwise."""

from __future__ import annotations

from .._engine.tensor import Tensor
from ._core_math import _READS_X, _READS_Y, _float_unary, add, divide, multiply, negative, subtract
from ._registry import Emit, apply, numpy_ufunc
from .elementwise import sqrt, square

_sin = _float_unary(  # d sin x = cos x
    "Sin",
    lambda xp, x: xp.sin(x),
    lambda g, ans, x: multiply(g, cos(x)),
    reads=_READS_X,
    explain="cos({a})",
    codegen=Emit("_np.sin({0})", ufunc="sin"),
)
_cos = _float_unary(  # d cos x = −sin x
    "Cos",
    lambda xp, x: xp.cos(x),
    lambda g, ans, x: negative(multiply(g, sin(x))),
    reads=_READS_X,
    explain="−sin({a})",
    codegen=Emit("_np.cos({0})", ufunc="cos"),
)
_tan = _float_unary(  # d tan x = 1/cos²x
    "Tan",
    lambda xp, x: xp.tan(x),
    lambda g, ans, x: divide(g, square(cos(x))),
    explain="1 + tan²({a})",
)
_asin = _float_unary(  # d asin x = 1/√(1−x²)
    "Asin",
    lambda xp, x: xp.asin(x),
    lambda g, ans, x: divide(g, sqrt(subtract(1, square(x)))),
    explain="1/√(1 − {a}²)",
)
_acos = _float_unary(  # d acos x = −1/√(1−x²)
    "Acos",
    lambda xp, x: xp.acos(x),
    lambda g, ans, x: negative(divide(g, sqrt(subtract(1, square(x))))),
    explain="−1/√(1 − {a}²)",
)
_atan = _float_unary(  # d atan x = 1/(1+x²)
    "Atan",
    lambda xp, x: xp.atan(x),
    lambda g, ans, x: divide(g, add(1, square(x))),
    explain="1/(1 + {a}²)",
)
_sinh = _float_unary(  # d sinh x = cosh x
    "Sinh", lambda xp, x: xp.sinh(x), lambda g, ans, x: multiply(g, cosh(x)), explain="cosh({a})"
)
_cosh = _float_unary(  # d cosh x = sinh x
    "Cosh", lambda xp, x: xp.cosh(x), lambda g, ans, x: multiply(g, sinh(x)), explain="sinh({a})"
)
_tanh = _float_unary(  # d tanh x = 1 − y²
    "Tanh",
    lambda xp, x: xp.tanh(x),
    lambda g, ans, x: multiply(g, subtract(1, square(ans))),
    reads=_READS_Y,
    explain="1 − tanh²({a})",
    codegen=Emit("_np.tanh({0})", ufunc="tanh"),
)
_asinh = _float_unary(  # d asinh x = 1/√(x²+1)
    "Asinh",
    lambda xp, x: xp.asinh(x),
    lambda g, ans, x: divide(g, sqrt(add(square(x), 1))),
    explain="1/√({a}² + 1)",
)
_acosh = _float_unary(  # d acosh x = 1/√(x²−1)
    "Acosh",
    lambda xp, x: xp.acosh(x),
    lambda g, ans, x: divide(g, sqrt(subtract(square(x), 1))),
    explain="1/√({a}² − 1)",
)
_atanh = _float_unary(  # d atanh x = 1/(1−x²)
    "Atanh",
    lambda xp, x: xp.atanh(x),
    lambda g, ans, x: divide(g, subtract(1, square(x))),
    explain="1/(1 − {a}²)",
)


@numpy_ufunc("sin")
def sin(x, name=None) -> Tensor:
    """``tf.math.sin``: sine, elementwise."""
    return apply(_sin, (x,))


@numpy_ufunc("cos")
def cos(x, name=None) -> Tensor:
    """``tf.math.cos``: cosine, elementwise."""
    return apply(_cos, (x,))


@numpy_ufunc("tan")
def tan(x, name=None) -> Tensor:
    """``tf.math.tan``: tangent, elementwise."""
    return apply(_tan, (x,))


@numpy_ufunc("arcsin")
def asin(x, name=None) -> Tensor:
    """``tf.math.asin``: arcsine, elementwise."""
    return apply(_asin, (x,))


@numpy_ufunc("arccos")
def acos(x, name=None) -> Tensor:
    """``tf.math.acos``: arccosine, elementwise."""
    return apply(_acos, (x,))


@numpy_ufunc("arctan")
def atan(x, name=None) -> Tensor:
    """``tf.math.atan``: arctangent, elementwise."""
    return apply(_atan, (x,))


@numpy_ufunc("sinh")
def sinh(x, name=None) -> Tensor:
    """``tf.math.sinh``: hyperbolic sine, elementwise."""
    return apply(_sinh, (x,))


@numpy_ufunc("cosh")
def cosh(x, name=None) -> Tensor:
    """``tf.math.cosh``: hyperbolic cosine, elementwise."""
    return apply(_cosh, (x,))


@numpy_ufunc("tanh")
def tanh(x, name=None) -> Tensor:
    """``tf.math.tanh``: hyperbolic tangent, elementwise."""
    return apply(_tanh, (x,))


@numpy_ufunc("arcsinh")
def asinh(x, name=None) -> Tensor:
    """``tf.math.asinh``: inverse hyperbolic sine, elementwise."""
    return apply(_asinh, (x,))


@numpy_ufunc("arccosh")
def acosh(x, name=None) -> Tensor:
    """``tf.math.acosh``: inverse hyperbolic cosine, elementwise."""
    return apply(_acosh, (x,))


@numpy_ufunc("arctanh")
def atanh(x, name=None) -> Tensor:
    """``tf.math.atanh``: inverse hyperbolic tangent, elementwise."""
    return apply(_atanh, (x,))
