"""Matrix decompositions under TF's names: svd, qr, eigh, eigvalsh, eig, eigvals.

The gradient rules are TensorFlow's (``linalg_grad.py``: Giles 2008, Townsend 2016,
Walter & Lehmann / Roberts 2020 for QR), written with tapekit ops so that an outer tape
differentiates them again.  They need distinct singular values / eigenvalues, as TF's do
(TF's ``_SafeReciprocal`` turns an exact tie into a zero instead of an infinity).
Eigen- and singular vectors are defined up to sign; a function of them that does not
depend on the sign (``u * u``, ``u @ diag(s) @ vᵀ``) has a well-defined gradient.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.tensor import Tensor, dtype_of
from .._messages import message
from ..errors import InvalidArgumentError
from . import elementwise as _elementwise
from ._core_math import _const_like, add, multiply, subtract
from ._core_shape import _t
from ._dtype_policy import check_dtype
from ._registry import apply, nondifferentiable, numpy_function, primitive
from .elementwise import reciprocal
from .matrix import LINALG, in_float32, solve
from .products import _mm, _mT
from .shape import concat, expand_dims, matrix_transpose

_hostlib = _backend.host


def _matrix_input(x: Tensor, op: str, square: bool = False, prim=None) -> None:
    """TF's checks before the kernel: rank >= 2 (and square), then ``prim``'s dtype
    policy (float or complex without one)."""
    shape = tuple(x._value.shape)
    if len(shape) < 2 or (square and shape[-1] != shape[-2]):
        raise InvalidArgumentError(
            None,
            None,
            message(
                "linalg_shape",
                op=op,
                shape=list(shape),
                sq=message("linalg_square") if square else "",
            ),
        )
    if prim is not None:
        check_dtype(prim, x._value)
        return
    d = dtype_of(x._value)
    if d.name not in ("float32", "float64", "complex64", "complex128"):
        raise InvalidArgumentError(None, None, message("linalg_dtype", op=op, dtype=d.name))


def _eye_like(n: int, like: Tensor) -> Tensor:
    return _const_like(_hostlib.eye(n), like)


def _matrix_diag(d: Tensor) -> Tensor:
    """``tf.linalg.diag``: the last axis of ``d`` on the diagonal of square matrices."""
    return multiply(expand_dims(d, -1), _eye_like(d._value.shape[-1], d))


def _zero_diag(x: Tensor) -> Tensor:
    n = x._value.shape[-1]
    return multiply(x, _const_like(1.0 - _hostlib.eye(n), x))


def _safe_reciprocal(x: Tensor, epsilon: float = 1e-20) -> Tensor:
    """x / (x² + ε), TF's guard: 0 instead of inf where x is exactly 0."""
    return multiply(x, reciprocal(add(_elementwise.square(x), _const_like(epsilon, x))))


def _gap_inverse(e: Tensor) -> Tensor:
    """F[..., i, j] = 1 / (e_j - e_i) off the diagonal, 0 on it (TF's layout).

    The diagonal's zero gaps are replaced by ones before the reciprocal, so that no
    derivative of it is evaluated at 0 (in float32 the second one would overflow to inf,
    and inf * 0 is NaN)."""
    n = e._value.shape[-1]
    gaps = subtract(expand_dims(e, -2), expand_dims(e, -1))
    return _zero_diag(_safe_reciprocal(add(gaps, _eye_like(n, gaps))))


def _sym_part(x: Tensor) -> Tensor:
    return add(x, matrix_transpose(x))


# ---------------------------------------------------------------------------------------
# singular value decomposition


@primitive(
    "Svd",
    n_out=3,
    dtypes=LINALG,
    no_kernel={"float16"},
    guard_forward=False,  # checked by svd() after the shape, as TF does
    reads=("output",),
    # TF's rules; [X]ₛ = X + Xᵀ, ∘ elementwise, bars the adjoints of s, u, v
    explain="u·(diag(s̄) + [F∘uᵀū]ₛ·diag(s) + diag(s)·[F∘vᵀv̄]ₛ)·vᵀ, F_ij = 1/(s_j² − s_i²)",
)
def _svd(xp, a, full_matrices):
    u, s, vh = xp.linalg.svd(a, full_matrices=full_matrices)
    return s, u, _mT(xp, vh)


def _svd_vjp(g, ans, a, full_matrices):
    gs, gu, gv = g
    s, u, v = ans
    m, n = a._value.shape[-2:]
    if m > n:  # the gradient for aᵀ = v s uᵀ, transposed at the end
        m, n = n, m
        u, v = v, u
        gu, gv = gv, gu
    if full_matrices and n - m > 1:
        raise NotImplementedError(message("svd_grad_full"))
    s_mat = _matrix_diag(s)
    f = _gap_inverse(_elementwise.square(s))
    v1 = v[..., :, :m]
    gv1 = gv[..., :, :m]
    f_u = multiply(f, _mm(u, gu, True, False))
    f_v = multiply(f, _mm(v1, gv1, True, False))
    inner = add(add(_matrix_diag(gs), _mm(_sym_part(f_u), s_mat)), _mm(s_mat, _sym_part(f_v)))
    grad = _mm(u, _mm(inner, v1, False, True))
    if m != n:
        gv1t = matrix_transpose(gv1)
        rest = subtract(gv1t, _mm(_mm(gv1t, v1), v1, False, True))
        if full_matrices:
            v2 = v[..., :, m:n]
            gv2 = gv[..., :, m:n]
            rest = subtract(rest, _mm(_mm(v1, gv2, True, False), v2, False, True))
        s_inv = _matrix_diag(_safe_reciprocal(s))
        grad = add(grad, _mm(_mm(u, s_inv), rest))
    if tuple(a._value.shape[-2:]) != (m, n):
        grad = matrix_transpose(grad)
    return grad


# TF's rule (Townsend 2016): see the formula in the explain= declaration
_svd.defvjp(_svd_vjp)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """``tf.linalg.svd``: ``s, u, v`` with ``a = u @ diag(s) @ adjoint(v)`` (TF's order),
    or ``s`` alone when ``compute_uv`` is false."""
    __tracebackhide__ = True
    x = _t(tensor)
    _matrix_input(x, "Svd", prim=_svd)
    if not compute_uv:  # TF's rule for s alone recomputes u and v: the same as this
        return apply(_svd, (x,), {"full_matrices": False})[0]
    return apply(_svd, (x,), {"full_matrices": bool(full_matrices)})


# ---------------------------------------------------------------------------------------
# QR


@primitive(
    "Qr",
    n_out=2,
    dtypes=LINALG | {"float16"},
    guard_forward=False,
    reads=("output",),
    explain="q·(r̄ + tril(M)·r⁻ᵀ) + (q̄ − q·qᵀq̄)·r⁻ᵀ, M = [qᵀq̄ − q̄ᵀq] + [r·r̄ᵀ − r̄·rᵀ]",
)
def _qr(xp, a, full_matrices):
    mode = "complete" if full_matrices else "reduced"
    return in_float32(xp, a, lambda a: xp.linalg.qr(a, mode=mode))


def _right_solve_t(x: Tensor, r: Tensor) -> Tensor:
    """x @ inv(r)ᵀ, as TF's ``_TriangularSolve`` (a general solve: r is invertible)."""
    return matrix_transpose(solve(r, matrix_transpose(x)))


def _qr_square_or_deep(q, r, dq, dr):
    qdq = _mm(q, dq, True, False)
    rdr = _mm(r, dr, False, True)
    k = r._value.shape[-1]
    lower = _const_like(_hostlib.tril(_hostlib.ones((k, k))), r)
    skew = add(subtract(qdq, matrix_transpose(qdq)), subtract(rdr, matrix_transpose(rdr)))
    tril = multiply(skew, lower)
    grad_a = _mm(q, add(dr, _right_solve_t(tril, r)))
    grad_b = _right_solve_t(subtract(dq, _mm(q, qdq)), r)
    return add(grad_a, grad_b)


def _qr_vjp(g, ans, a, full_matrices):
    dq, dr = g
    q, r = ans
    rows, cols = r._value.shape[-2:]
    if rows > cols and q._value.shape[-1] == q._value.shape[-2]:
        raise NotImplementedError(message("qr_grad_full", rows=rows, cols=cols))
    m = q._value.shape[-2]
    if m >= cols:
        return _qr_square_or_deep(q, r, dq, dr)
    # wide: a = [x, y], r = [u, w] with y = q w; reduce to the square case (TF)
    u = r[..., :, :m]
    w = r[..., :, m:]
    du = dr[..., :, :m]
    dw = dr[..., :, m:]
    y = _mm(q, w)
    dy = _mm(q, dw)
    dx = _qr_square_or_deep(q, u, add(dq, _mm(y, dw, False, True)), du)
    return concat([dx, dy], axis=-1)


# TF's rule (Walter & Lehmann / Roberts 2020); wide matrices reduce to square
_qr.defvjp(_qr_vjp)


def qr(input, full_matrices=False, name=None):
    """``tf.linalg.qr``: ``q, r`` with orthonormal columns in ``q`` and ``r`` upper
    triangular."""
    __tracebackhide__ = True
    x = _t(input)
    _matrix_input(x, "Qr", prim=_qr)
    return apply(_qr, (x,), {"full_matrices": bool(full_matrices)})


# ---------------------------------------------------------------------------------------
# symmetric eigendecomposition


@primitive(
    "SelfAdjointEigV2",
    n_out=2,
    dtypes=LINALG,
    no_kernel={"float16"},
    guard_forward=False,
    reads=("output",),
    explain="lower([v·(diag(ē) + F∘vᵀv̄)·vᵀ]ₛ), F_ij = 1/(e_j − e_i)",
)
def _eigh(xp, a):
    # TF reads the lower triangle only: build that symmetric matrix on every backend
    low = xp.tril(a, k=-1)
    e, v = xp.linalg.eigh(xp.tril(a) + _mT(xp, low))
    return e, v


def _eigh_vjp(g, ans, a):
    ge, gv = g
    e, v = ans
    f = _gap_inverse(e)
    mid = add(_matrix_diag(ge), multiply(f, _mm(v, gv, True, False)))
    grad = _mm(v, _mm(mid, v, False, True))
    # the forward reads the lower triangle: symmetrise into it, the diagonal once
    n = e._value.shape[-1]
    lower = _const_like(_hostlib.tril(_hostlib.ones((n, n))) - 0.5 * _hostlib.eye(n), grad)
    return multiply(_sym_part(grad), lower)


# x̄ = v·(diag(ē) + F∘vᵀv̄)·vᵀ, symmetrised into the lower triangle
_eigh.defvjp(_eigh_vjp)


def eigh(tensor, name=None):
    """``tf.linalg.eigh``: eigenvalues in ascending order and eigenvectors (columns) of
    the symmetric matrix whose lower triangle is ``tensor``'s."""
    __tracebackhide__ = True
    x = _t(tensor)
    _matrix_input(x, "SelfAdjointEigV2", square=True, prim=_eigh)
    return apply(_eigh, (x,))


def eigvalsh(tensor, name=None) -> Tensor:
    """``tf.linalg.eigvalsh``: the eigenvalues of ``eigh`` (TF's rule recomputes v too)."""
    __tracebackhide__ = True
    return eigh(tensor)[0]


# ---------------------------------------------------------------------------------------
# general eigendecomposition: complex results, forward only (tapekit has no complex
# gradients; see the README's differences from TF)


def _complex_name(real: str) -> str:
    return {"float32": "complex64", "float64": "complex128"}.get(real, real)


@nondifferentiable("Eig", n_out=2)
def _eig(xp, a):
    e, v = xp.linalg.eig(a)
    cdt = _backend.dtype_object(xp, _complex_name(_backend.numpy_dtype_name(a)))
    return xp.astype(e, cdt), xp.astype(v, cdt)


@nondifferentiable("EigValues")
def _eigvals(xp, a):
    e = xp.linalg.eigvals(a)
    return xp.astype(e, _backend.dtype_object(xp, _complex_name(_backend.numpy_dtype_name(a))))


def eig(tensor, name=None):
    """``tf.linalg.eig``: complex eigenvalues and unit eigenvectors (columns), in LAPACK's
    order (TF's order is Eigen's: compare them as sets)."""
    __tracebackhide__ = True
    x = _t(tensor)
    _matrix_input(x, "Eig", square=True)
    return apply(_eig, (x,))


def eigvals(tensor, name=None) -> Tensor:
    """``tf.linalg.eigvals``: the complex eigenvalues of ``eig``."""
    __tracebackhide__ = True
    x = _t(tensor)
    _matrix_input(x, "Eig", square=True)
    return apply(_eigvals, (x,))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


def _numpy_svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """NumPy's order (u, s, vh) from TF's (s, u, v)."""
    if hermitian:
        return NotImplemented
    if not compute_uv:
        return svd(a, compute_uv=False)
    s, u, v = svd(a, full_matrices=full_matrices)
    return u, s, matrix_transpose(v)


def _numpy_qr(a, mode="reduced"):
    if mode not in ("reduced", "complete", "r"):
        return NotImplemented
    q, r = qr(a, full_matrices=mode == "complete")
    return r if mode == "r" else (q, r)


numpy_function("linalg.svd", _numpy_svd)
numpy_function("linalg.qr", _numpy_qr)
numpy_function("linalg.eigh", lambda a, UPLO="L": eigh(a) if UPLO == "L" else NotImplemented)
numpy_function(
    "linalg.eigvalsh", lambda a, UPLO="L": eigvalsh(a) if UPLO == "L" else NotImplemented
)
