"""Square-matrix linear algebra: inverse, determinant, solve, cholesky, diagonal, band,
trace (decompositions: ``decompositions.py``)."""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.tensor import Tensor, to_raw
from .._messages import message
from ..errors import InvalidArgumentError
from ._core_math import _const_like, add, multiply, negative
from ._core_shape import _t, reduce_sum, reshape
from ._dtype_policy import check_dtype
from ._registry import apply, numpy_function, primitive
from .indexing import gather
from .products import _mm
from .shape import expand_dims, matrix_transpose

_hostlib = _backend.host


LINALG = frozenset({"float32", "float64", "complex64", "complex128"})  # TF's CPU kernels


def in_float32(xp, a, fn):
    """``fn(a)``, computed in float32 for a float16 ``a`` and cast back (LAPACK has no
    half precision; TF's kernels for these ops compute in float32 the same way)."""
    if _backend.numpy_dtype_name(a) != "float16":
        return fn(a)
    f16 = _backend.dtype_object(xp, "float16")
    out = fn(xp.astype(a, _backend.dtype_object(xp, "float32")))
    if isinstance(out, tuple):
        return tuple(xp.astype(o, f16) for o in out)
    return xp.astype(out, f16)


# ---------------------------------------------------------------------------------------
# inverse, determinant, solve, cholesky


@primitive("MatrixInverse", dtypes=LINALG | {"float16"}, explain="−{y}ᵀ·ḡ·{y}ᵀ")
def _inv(xp, a):
    return in_float32(xp, a, xp.linalg.inv)


# d(A⁻¹) = -A⁻¹ dA A⁻¹: Ā = -A⁻ᵀ·ḡ·A⁻ᵀ
_inv.defvjp(lambda g, ans, a: negative(_mm(ans, _mm(g, ans, False, True), True, False)))


def inv(input, adjoint=False, name=None) -> Tensor:
    """``tf.linalg.inv``: the inverse of (a batch of) square matrices."""
    out = apply(_inv, (_t(input),))
    return matrix_transpose(out) if adjoint else out


@primitive("MatrixDeterminant", dtypes=LINALG, no_kernel={"float16"}, explain="{y}·{a}⁻ᵀ")
def _det(xp, a):
    return xp.linalg.det(a)


def _det_vjp(g, ans, a):
    scale = reshape(multiply(g, ans), tuple(g._value.shape) + (1, 1))
    return multiply(scale, matrix_transpose(inv(a)))


# d det A = det A · tr(A⁻¹ dA): Ā = ḡ·det A·A⁻ᵀ
_det.defvjp(_det_vjp)


def det(input, name=None) -> Tensor:
    """``tf.linalg.det``: the determinant of (a batch of) square matrices."""
    return apply(_det, (_t(input),))


@primitive(
    "MatrixSolve",
    broadcasts=True,
    dtypes=LINALG,
    no_kernel={"float16"},
    explain=("−{a}⁻ᵀ·ḡ·{y}ᵀ", "{a}⁻ᵀ·ḡ"),
)
def _solve(xp, a, b):
    return xp.linalg.solve(a, b)


def _solve_vjp_b(g, ans, a, b):
    return apply(_solve, (matrix_transpose(a), g))


def _solve_vjp_a(g, ans, a, b):
    gb = apply(_solve, (matrix_transpose(a), g))
    return negative(_mm(gb, ans, False, True))


# x = A⁻¹b: b̄ = A⁻ᵀḡ, Ā = -b̄·xᵀ
_solve.defvjp(_solve_vjp_a, _solve_vjp_b)


def solve(matrix, rhs, adjoint=False, name=None) -> Tensor:
    """``tf.linalg.solve``: x with ``matrix @ x = rhs``."""
    a = _t(matrix)
    if adjoint:
        a = matrix_transpose(a)
    return apply(_solve, (a, _t(rhs)))


@primitive(
    "Cholesky",
    dtypes=LINALG,
    no_kernel={"float16"},
    explain="½·L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹ symmetrised, L = {y}",
)
def _cholesky(xp, a):
    return xp.linalg.cholesky(a)


def _cholesky_vjp(g, ans, a):
    # Murray (2016), as TF: phi(L^T gL) -> L^-T phi L^-1, symmetrised.
    n = a._value.shape[-1]
    lower = _const_like(_hostlib.tril(_hostlib.ones((n, n))) - 0.5 * _hostlib.eye(n), ans)
    l_inv = inv(ans)
    middle = multiply(_mm(ans, g, True, False), lower)
    grad_a = _mm(_mm(l_inv, middle, True, False), l_inv)
    return multiply(add(grad_a, matrix_transpose(grad_a)), _const_like(0.5, grad_a))


# Murray (2016): Ā = ½ L⁻ᵀ Φ(Lᵀ L̄) L⁻¹, symmetrised
_cholesky.defvjp(_cholesky_vjp)


def cholesky(input, name=None) -> Tensor:
    """``tf.linalg.cholesky``: the lower Cholesky factor of symmetric positive definite matrices."""
    x = _t(input)
    check_dtype(_cholesky, x._value)  # a dtype error is not a failed decomposition
    host = _backend.to_host(x._value)
    try:
        return apply(_cholesky, (x,))
    except InvalidArgumentError:
        raise InvalidArgumentError(
            None,
            None,
            message("cholesky_failed", shape=list(host.shape)),
        ) from None


def diag_part(input, name=None) -> Tensor:
    """The main diagonal (last two axes), gathered from the flattened matrix: any backend.

    (Not a masked sum: an infinite off-diagonal entry would turn the diagonal into NaN.)
    """
    x = _t(input)
    shape = tuple(x._value.shape)
    m, n = shape[-2:]
    idx = Tensor(to_raw(_hostlib.arange(min(m, n)) * (n + 1), like=x._value))
    return gather(reshape(x, shape[:-2] + (m * n,)), idx, axis=-1)


def trace(x, name=None) -> Tensor:
    """``tf.linalg.trace``: the sum of the main diagonal."""
    return reduce_sum(diag_part(x), axis=-1)


def diag(diagonal, name=None) -> Tensor:
    """``tf.linalg.diag``: square matrices with ``diagonal`` on their diagonal."""
    d = _t(diagonal)
    n = d._value.shape[-1]
    eye = _const_like(_hostlib.eye(n), d)
    return multiply(expand_dims(d, -1), eye)


def band_part(input, num_lower, num_upper, name=None) -> Tensor:
    """``tf.linalg.band_part``: the entries within ``num_lower``/``num_upper`` of the diagonal, zeros elsewhere."""
    x = _t(input)
    m, n = x._value.shape[-2:]
    i = _hostlib.arange(m)[:, None]
    j = _hostlib.arange(n)[None, :]
    keep = _hostlib.ones((m, n), dtype=bool)
    if num_lower >= 0:
        keep &= (i - j) <= num_lower
    if num_upper >= 0:
        keep &= (j - i) <= num_upper
    return multiply(x, _const_like(keep, x))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


numpy_function("trace", lambda a, offset=0, axis1=0, axis2=1, dtype=None, out=None: trace(a))


numpy_function("linalg.inv", lambda a: inv(a))
numpy_function("linalg.det", lambda a: det(a))
numpy_function("linalg.solve", lambda a, b: solve(a, b))
numpy_function("linalg.cholesky", lambda a, **kw: cholesky(a))
