"""The gamma family under ``tf.math``'s names: ``lgamma`` (log |Gamma(x)|) and ``digamma``.

Both are composites of existing ops, so every derivative comes for free: ``lgamma`` is
Lanczos' approximation (g = 7, nine terms, about 1e-15 relative) and ``digamma`` the
asymptotic series after six steps of the recurrence psi(x) = psi(x + 1) - 1/x.  Below
x = 0.5 both use the reflection formula; each branch is evaluated at a safe point (the
double-``where`` trick), so the unused branch puts no NaN into a gradient.
"""

from __future__ import annotations

import math as _pymath

from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from . import _core_math
from . import comparison as _comparison
from . import elementwise as _elementwise
from . import trigonometric as _trigonometric
from ._core_shape import _t

_LANCZOS_G = 7.0
_LANCZOS = (
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
)
# psi(y) ~ log y - 1/(2y) - sum_k B_2k / (2k y^2k), k = 1..7
_PSI_SERIES = (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12)
_PSI_SHIFT = 6


def _floating(x: TensorLike, op: str) -> None:
    if not x.dtype.is_floating:
        raise InvalidArgumentError(None, None, message("float_only", dtype=x.dtype.name, op=op))


def _c(value, like) -> Tensor:
    return _core_math._const_like(value, like)


def _pole(x):
    """Where x is 0 or a negative integer (Gamma has its poles there)."""
    return _comparison.logical_and(
        _comparison.less_equal(x, 0), _comparison.equal(_elementwise.floor(x), x)
    )


def _floating_widened(fn, x, op: str) -> Tensor:
    """``fn(x)`` for a floating ``x`` (TF's error otherwise); float16 is computed in float32
    and cast back (the series would overflow float16)."""
    x = _t(x)
    _floating(x, op)
    if x.dtype.name == "float16":
        return _core_math.cast(fn(_core_math.cast(x, "float32")), "float16")
    return fn(x)


def _reflected(x, right, safe: float):
    """The two sides of the reflection formula: (x < 0.5, ``right`` (the x >= 0.5 formula)
    at 1 - x there and at x elsewhere, x with ``safe`` where x >= 0.5, for the left side)."""
    small = _comparison.less(x, 0.5)
    z = _comparison.where(small, _core_math.subtract(_c(1.0, x), x), x)
    return small, right(z), _comparison.where(small, x, _c(safe, x))


def _lgamma_right(z):
    """log Gamma(z) for z >= 0.5 (Lanczos)."""
    w = _core_math.subtract(z, _c(1.0, z))
    series = _c(_LANCZOS[0], z)
    for i, p in enumerate(_LANCZOS[1:], start=1):
        series = _core_math.add(
            series, _core_math.divide(_c(p, z), _core_math.add(w, _c(float(i), z)))
        )
    t = _core_math.add(w, _c(_LANCZOS_G + 0.5, z))
    head = _core_math.multiply(_core_math.add(w, _c(0.5, z)), _elementwise.log(t))
    return _core_math.add(
        _core_math.subtract(_core_math.add(_c(0.5 * _pymath.log(2 * _pymath.pi), z), head), t),
        _elementwise.log(series),
    )


def lgamma(x, name=None) -> Tensor:
    """``tf.math.lgamma``: log |Gamma(x)| (inf at 0 and the negative integers).

    Its gradient is ``digamma``'s value up to rounding; at the poles it is NaN or 0 (TF: NaN).
    """
    return _floating_widened(_lgamma, x, "Lgamma")


def _lgamma(x):
    small, right, safe_x = _reflected(x, _lgamma_right, 0.5)
    sin = _elementwise.abs(_trigonometric.sin(_core_math.multiply(_c(_pymath.pi, x), safe_x)))
    left = _core_math.subtract(
        _core_math.subtract(_c(_pymath.log(_pymath.pi), x), _elementwise.log(sin)), right
    )
    value = _comparison.where(small, left, right)
    return _comparison.where(_pole(x), _c(_pymath.inf, x), value)


def _digamma_right(z):
    """psi(z) for z >= 0.5: the recurrence up to z + 6, then the asymptotic series."""
    total = _core_math.zeros_like_const(z)
    for k in range(_PSI_SHIFT):
        total = _core_math.add(total, _elementwise.reciprocal(_core_math.add(z, _c(float(k), z))))
    y = _core_math.add(z, _c(float(_PSI_SHIFT), z))
    inv2 = _elementwise.reciprocal(_elementwise.square(y))
    poly = _c(0.0, z)
    for b in reversed(_PSI_SERIES):
        poly = _core_math.multiply(_core_math.add(poly, _c(b, z)), inv2)
    psi = _core_math.subtract(
        _core_math.subtract(_elementwise.log(y), _core_math.divide(_c(0.5, y), y)), poly
    )
    return _core_math.subtract(psi, total)


def digamma(x, name=None) -> Tensor:
    """``tf.math.digamma``: psi(x) = d/dx lgamma(x); NaN at the poles, as in TF."""
    return _floating_widened(_digamma, x, "Digamma")


def _digamma(x):
    small, right, safe_x = _reflected(x, _digamma_right, 0.25)
    angle = _core_math.multiply(_c(_pymath.pi, x), safe_x)  # pi cot(pi x) as cos / sin: well
    cot = _core_math.divide(
        _core_math.multiply(_c(_pymath.pi, x), _trigonometric.cos(angle)), _trigonometric.sin(angle)
    )  # conditioned
    value = _comparison.where(small, _core_math.subtract(right, cot), right)
    return _comparison.where(_pole(x), _c(_pymath.nan, x), value)
