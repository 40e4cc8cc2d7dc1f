"""More of ``tf.linalg`` under TF's names, as composites of matmul, solve, cholesky, qr and
svd (so their gradients of every order come from those): ``matvec``, ``normalize``,
``set_diag``, ``slogdet``, ``logdet``, ``cross``, ``pinv``, ``triangular_solve``,
``cholesky_solve`` and ``lstsq``.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.tensor import Tensor, TensorLike, to_raw
from .._messages import message
from ..errors import FailedPreconditionError, InvalidArgumentError, NotFoundError
from . import (
    _core_math,
    _core_shape,
)
from . import arithmetic as _arithmetic
from . import comparison as _comparison
from . import elementwise as _elementwise
from . import matrix as _mat
from . import norm as _norm
from . import products as _products
from . import reduction as _r
from . import shape as _shape
from ._core_shape import _t

_hostlib = _backend.host


def _matrix(x: TensorLike, op: str, square: bool = False) -> None:
    if x.ndim < 2 or (square and int(x.shape[-1]) != int(x.shape[-2])):
        need = "square matrices" if square else "matrices"
        raise InvalidArgumentError(
            None, None, message("matrix_rank", op=op, need=need, shape=list(x.shape))
        )


def _floating(x: TensorLike, op: str, integer_error=InvalidArgumentError) -> None:
    """TF's kernels for these are float32/float64 (and complex) only: the same errors."""
    d = x.dtype
    if d.name == "float16":
        raise NotFoundError(None, None, message("no_kernel", dtype=d.name, op=op))
    if not (d.is_floating or d.is_complex):
        if integer_error is TypeError:
            raise TypeError(message("float_only", dtype=d.name, op=op))
        raise integer_error(None, None, message("float_only", dtype=d.name, op=op))


def _mask(keep, like: TensorLike) -> Tensor:
    return Tensor(to_raw(keep, like=like._value))


def matvec(
    a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None
) -> Tensor:
    """``tf.linalg.matvec``: the matrix (batch) ``a`` times the vector (batch) ``b``."""
    b = _t(b)
    prod = _products.matmul(a, _shape.expand_dims(b, -1), transpose_a=transpose_a or adjoint_a)
    return _shape.squeeze(prod, [-1])


def normalize(tensor, ord="euclidean", axis=None, name=None) -> tuple:
    """``tf.linalg.normalize``: (tensor / norm, norm), the norm kept with its reduced axes."""
    x = _t(tensor)
    n = _norm.norm(x, ord=ord, axis=axis, keepdims=True)
    return _core_math.divide(x, n), n


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT") -> Tensor:
    """``tf.linalg.set_diag``: ``input`` with its k-th diagonal (one ``k``) replaced."""
    x = _t(input)
    _matrix(x, "MatrixSetDiagV3")
    d = _arithmetic._as_tensor(diagonal, x)
    kk = _core_shape._host_ints(k)
    if len(kk) != 1:
        raise InvalidArgumentError(
            None,
            None,
            message("set_diag_shape", want="one k", shape=list(x.shape), k=kk, got=list(d.shape)),
        )
    kk = kk[0]
    m, n = int(x.shape[-2]), int(x.shape[-1])
    length = max(0, min(m, n - kk) if kk >= 0 else min(m + kk, n))
    want = tuple(x.shape[:-2]) + (length,)
    if tuple(d.shape) != want:
        raise InvalidArgumentError(
            None,
            None,
            message(
                "set_diag_shape", want=list(want), shape=list(x.shape), k=kk, got=list(d.shape)
            ),
        )
    i = _hostlib.arange(m)[:, None]
    j = _hostlib.arange(n)[None, :]
    on = (j - i) == kk
    if kk >= 0:  # row i holds d[i]
        rows = _shape.pad(d, [[0, 0]] * (d.ndim - 1) + [[0, m - length]])
        values = _shape.expand_dims(rows, -1)
    else:  # column j holds d[j]
        cols = _shape.pad(d, [[0, 0]] * (d.ndim - 1) + [[0, n - length]])
        values = _shape.expand_dims(cols, -2)
    values = _core_shape.broadcast_to(values, tuple(x.shape))
    return _comparison.where(_mask(on, x), values, x)


def slogdet(input, name=None) -> tuple:
    """``tf.linalg.slogdet``: (sign of det, log |det|), from a QR (no overflow for large n)."""
    x = _t(input)
    _matrix(x, "LogMatrixDeterminant", square=True)
    _floating(x, "LogMatrixDeterminant")
    from .decompositions import qr

    q, r = qr(x)
    diag = _mat.diag_part(r)
    log_abs = _r.reduce_sum(_elementwise.log(_elementwise.abs(diag)), axis=-1)
    sign = _core_shape.stop_gradient(
        _core_math.multiply(
            _elementwise.sign(_mat.det(q)), _r.reduce_prod(_elementwise.sign(diag), axis=-1)
        )
    )
    return sign, log_abs


def logdet(matrix, name=None) -> Tensor:
    """``tf.linalg.logdet``: log det of a Hermitian positive definite matrix, via Cholesky."""
    x = _t(matrix)
    _matrix(x, "Cholesky", square=True)
    _floating(x, "Cholesky")
    chol = _mat.cholesky(x)
    two = _core_math._const_like(2.0, chol)
    return _core_math.multiply(
        two, _r.reduce_sum(_elementwise.log(_elementwise.abs(_mat.diag_part(chol))), axis=-1)
    )


def cross(a, b, name=None) -> Tensor:
    """``tf.linalg.cross``: the cross product of 3-vectors along the last axis."""
    a = _t(a)
    b = _arithmetic._as_tensor(b, a)
    if tuple(a.shape) != tuple(b.shape):
        raise InvalidArgumentError(
            None, None, message("cross_shape", a=list(a.shape), b=list(b.shape))
        )
    if a.ndim < 1 or int(a.shape[-1]) != 3:  # TF's class for this one
        raise FailedPreconditionError(
            None, None, message("cross_shape", a=list(a.shape), b=list(b.shape))
        )
    a1, a2, a3 = _shape.unstack(a, axis=-1)
    b1, b2, b3 = _shape.unstack(b, axis=-1)
    return _shape.stack(
        [
            _core_math.subtract(_core_math.multiply(a2, b3), _core_math.multiply(a3, b2)),
            _core_math.subtract(_core_math.multiply(a3, b1), _core_math.multiply(a1, b3)),
            _core_math.subtract(_core_math.multiply(a1, b2), _core_math.multiply(a2, b1)),
        ],
        axis=-1,
    )


def pinv(a, rcond=None, validate_args=False, name=None) -> Tensor:
    """``tf.linalg.pinv``: the Moore-Penrose pseudo-inverse, from an SVD; singular values
    below ``rcond * max(s)`` (default 10 * max(m, n) * eps) are dropped, as in TF."""
    x = _t(a)
    _matrix(x, "Pinv")
    _floating(x, "Pinv", integer_error=TypeError)
    from .decompositions import svd

    if rcond is None:
        eps = float(_hostlib.finfo(x.dtype.name).eps)
        rcond = 10.0 * max(int(x.shape[-2]), int(x.shape[-1])) * eps
    s, u, v = svd(x, full_matrices=False, compute_uv=True)
    cutoff = _core_math.multiply(
        _arithmetic._as_tensor(rcond, s), _r.reduce_max(s, axis=-1, keepdims=True)
    )
    kept = _comparison.greater(s, cutoff)
    safe = _comparison.where(kept, s, _core_math.ones_like_const(s))
    inv_s = _comparison.where(kept, _elementwise.reciprocal(safe), _core_math.zeros_like_const(s))
    return _products.matmul(
        _core_math.multiply(v, _shape.expand_dims(inv_s, -2)), u, transpose_b=True
    )


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None) -> Tensor:
    """``tf.linalg.triangular_solve``: solve with the lower (or upper) triangle of ``matrix``;
    the other triangle is never read, and its gradient is 0."""
    a = _t(matrix)
    _matrix(a, "MatrixTriangularSolve", square=True)
    _floating(a, "MatrixTriangularSolve")
    tri = _mat.band_part(a, -1, 0) if lower else _mat.band_part(a, 0, -1)
    if adjoint:
        tri = _shape.matrix_transpose(tri)
    return _mat.solve(tri, _arithmetic._as_tensor(rhs, a))


def cholesky_solve(chol, rhs, name=None) -> Tensor:
    """``tf.linalg.cholesky_solve``: solve A x = rhs given A's Cholesky factor ``chol``."""
    y = triangular_solve(chol, rhs, lower=True, adjoint=False)
    return triangular_solve(chol, y, lower=True, adjoint=True)


def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None) -> Tensor:
    """``tf.linalg.lstsq``: the least-squares solution of matrix @ x = rhs.

    ``fast=True`` solves TF's (regularized) normal equations with a Cholesky factor;
    ``fast=False`` uses the pseudo-inverse (the minimum-norm solution, also when rank
    deficient; ``l2_regularizer`` is then ignored, as TF ignores it).
    """
    a = _t(matrix)
    _matrix(a, "MatrixSolveLs")
    _floating(a, "MatrixSolveLs")
    b = _arithmetic._as_tensor(rhs, a)
    m, n = int(a.shape[-2]), int(a.shape[-1])
    lam = float(l2_regularizer)
    if not fast:  # TF ignores l2_regularizer here
        return _products.matmul(pinv(a), b)
    if m >= n:
        gram = _products.matmul(a, a, transpose_a=True)
        if lam:
            gram = _core_math.add(gram, _core_math._const_like(lam * _hostlib.eye(n), gram))
        return cholesky_solve(_mat.cholesky(gram), _products.matmul(a, b, transpose_a=True))
    gram = _products.matmul(a, a, transpose_b=True)
    if lam:
        gram = _core_math.add(gram, _core_math._const_like(lam * _hostlib.eye(m), gram))
    return _products.matmul(a, cholesky_solve(_mat.cholesky(gram), b), transpose_a=True)
