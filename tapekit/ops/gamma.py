"""The gamma family under ``tf.math``'s names: ``lgamma`` (log |Gamma(x)|) and ``digamma``.

Both are composites of existing ops, so every derivative comes for free: ``lgamma`` is
Lanczos' approximation (g = 7, nine terms, about 1e-15 relative) and ``digamma`` the
asymptotic series after six steps of the recurrence psi(x) = psi(x + 1) - 1/x.  Below
x = 0.5 both use the reflection formula; each branch is evaluated at a safe point (the
double-``where`` trick), so the unused branch puts no NaN into a gradient.
"""

from __future__ import annotations

import math as _pymath

from .._messages import message
from .._tensor import Tensor, _TensorLike, convert_to_tensor
from ..errors import InvalidArgumentError
from . import _more_messages  # noqa: F401  (registers the keys used here)
from . import math as _m

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


def _t(x) -> _TensorLike:
    return x if isinstance(x, _TensorLike) else convert_to_tensor(x)


def _floating(x: _TensorLike, op: str) -> None:
    if not x.dtype.is_floating:
        raise InvalidArgumentError(None, None, message("float_only", dtype=x.dtype.name, op=op))


def _c(value, like) -> Tensor:
    return _m._const_like(value, like)


def _pole(x):
    """Where x is 0 or a negative integer (Gamma has its poles there)."""
    return _m.logical_and(_m.less_equal(x, 0), _m.equal(_m.floor(x), x))


def _widened(fn):
    """float16 is computed in float32 and cast back (the series would overflow float16)."""

    def run(x):
        if x.dtype.name == "float16":
            return _m.cast(fn(_m.cast(x, "float32")), "float16")
        return fn(x)

    return run


def _reflected(x):
    """(x < 0.5, the point the x >= 0.5 formula is evaluated at: 1 - x there, else x)."""
    small = _m.less(x, 0.5)
    return small, _m.where(small, _m.subtract(_c(1.0, x), x), x)


def _lgamma_right(z):
    """log Gamma(z) for z >= 0.5 (Lanczos)."""
    w = _m.subtract(z, _c(1.0, z))
    series = _c(_LANCZOS[0], z)
    for i, p in enumerate(_LANCZOS[1:], start=1):
        series = _m.add(series, _m.divide(_c(p, z), _m.add(w, _c(float(i), z))))
    t = _m.add(w, _c(_LANCZOS_G + 0.5, z))
    head = _m.multiply(_m.add(w, _c(0.5, z)), _m.log(t))
    return _m.add(
        _m.subtract(_m.add(_c(0.5 * _pymath.log(2 * _pymath.pi), z), head), t), _m.log(series)
    )


def lgamma(x, name=None) -> Tensor:
    """``tf.math.lgamma``: log |Gamma(x)| (inf at 0 and the negative integers).

    Its gradient is ``digamma``'s value up to rounding; at the poles it is NaN or 0 (TF: NaN).
    """
    x = _t(x)
    _floating(x, "Lgamma")
    return _widened(_lgamma)(x)


def _lgamma(x):
    small, z = _reflected(x)
    right = _lgamma_right(z)
    safe_x = _m.where(small, x, _c(0.5, x))
    sin = _m.abs(_m.sin(_m.multiply(_c(_pymath.pi, x), safe_x)))
    left = _m.subtract(_m.subtract(_c(_pymath.log(_pymath.pi), x), _m.log(sin)), right)
    value = _m.where(small, left, right)
    return _m.where(_pole(x), _c(_pymath.inf, x), value)


def _digamma_right(z):
    """psi(z) for z >= 0.5: the recurrence up to z + 6, then the asymptotic series."""
    total = _m.zeros_like_const(z)
    for k in range(_PSI_SHIFT):
        total = _m.add(total, _m.reciprocal(_m.add(z, _c(float(k), z))))
    y = _m.add(z, _c(float(_PSI_SHIFT), z))
    inv2 = _m.reciprocal(_m.square(y))
    poly = _c(0.0, z)
    for b in reversed(_PSI_SERIES):
        poly = _m.multiply(_m.add(poly, _c(b, z)), inv2)
    psi = _m.subtract(_m.subtract(_m.log(y), _m.divide(_c(0.5, y), y)), poly)
    return _m.subtract(psi, total)


def digamma(x, name=None) -> Tensor:
    """``tf.math.digamma``: psi(x) = d/dx lgamma(x); NaN at the poles, as in TF."""
    x = _t(x)
    _floating(x, "Digamma")
    return _widened(_digamma)(x)


def _digamma(x):
    small, z = _reflected(x)
    right = _digamma_right(z)
    safe_x = _m.where(small, x, _c(0.25, x))
    angle = _m.multiply(_c(_pymath.pi, x), safe_x)  # pi cot(pi x) as cos / sin: well
    cot = _m.divide(_m.multiply(_c(_pymath.pi, x), _m.cos(angle)), _m.sin(angle))  # conditioned
    value = _m.where(small, _m.subtract(right, cot), right)
    return _m.where(_pole(x), _c(_pymath.nan, x), value)
