"""Matrix products and linear algebra: matmul, tensordot, einsum, inv, det, solve, cholesky,
norm (decompositions: ``decompositions.py``)."""

from __future__ import annotations

from .. import _backend
from .._dtypes import BOOL, NUMBERS
from .._messages import message
from .._tensor import Tensor, _TensorLike, convert_to_tensor, to_raw
from ..errors import InvalidArgumentError
from . import array as _a
from . import math as _m
from . import reduction as _r
from ._registry import (
    Emit,
    _convert_args,
    apply,
    batch_ndim,
    check_dtype,
    numpy_function,
    numpy_ufunc,
    primitive,
)

_np = _backend.np


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


def _t(x):
    return x if isinstance(x, _TensorLike) else convert_to_tensor(x)


def _pair(a, b):
    """Both operands as tensors; a non-tensor takes the other's dtype (TF's rule)."""
    if isinstance(a, _TensorLike) and isinstance(b, _TensorLike):
        return a, b
    ref = a if isinstance(a, _TensorLike) else (b if isinstance(b, _TensorLike) else None)
    if ref is None:
        return _t(a), _t(b)
    return tuple(_convert_args(_matmul, (a, b), ref))


def _mT(xp, x):
    return xp.matrix_transpose(x) if xp is not _np else x.mT  # .mT: no Python-level wrapper


@primitive(
    "MatMul", broadcasts=True, reads=("inputs",), explain=("ḡ·{b}ᵀ", "{a}ᵀ·ḡ"), codegen=Emit()
)
def _matmul(xp, a, b, ta, tb):
    if ta:
        a = _mT(xp, a)
    if tb:
        b = _mT(xp, b)
    return xp.matmul(a, b)


def _mm(a, b, ta=False, tb=False):
    return apply(_matmul, (a, b), {"ta": ta, "tb": tb})


def _fold_left(g, b, tb):
    """g[..., m, n] @ b (2-D) as one matrix product: the leading axes become rows."""
    gs = tuple(g._value.shape)
    rows = _a.reshape(g, (-1, gs[-1]))
    out = _mm(rows, b, False, tb)
    return _a.reshape(out, gs[:-1] + (out._value.shape[-1],))


def _fold_right(a, g):
    """a.T (2-D) @ g[..., m, n] as one matrix product: the leading axes become columns."""
    gs = tuple(g._value.shape)
    nd = len(gs)
    perm = [nd - 2] + list(range(nd - 2)) + [nd - 1]
    cols = _a.reshape(_a.transpose(g, perm), (gs[-2], -1))
    out = _mm(a, cols, True, False)
    k = out._value.shape[0]
    back = list(range(1, nd - 1)) + [0, nd - 1]
    return _a.transpose(_a.reshape(out, (k,) + gs[:-2] + (gs[-1],)), back)


def _matmul_vjp_a(g, ans, a, b, ta, tb):
    if not ta and not tb and len(b._value.shape) == 2 and len(g._value.shape) > 2:
        ga = _fold_left(g, b, True)  # one GEMM instead of a stack of small ones
    elif not ta and not tb:
        ga = _mm(g, b, False, True)
    elif not ta and tb:
        ga = _mm(g, b)
    elif ta and not tb:
        ga = _mm(b, g, False, True)
    else:
        ga = _mm(b, g, True, True)
    return _m.unbroadcast(ga, a, ans)


def _matmul_vjp_b(g, ans, a, b, ta, tb):
    if not ta and not tb and len(a._value.shape) == 2 and len(g._value.shape) > 2:
        gb = _fold_right(a, g)  # one GEMM instead of a stack of matrix-vector products
    elif not ta and not tb:
        gb = _mm(a, g, True, False)
    elif not ta and tb:
        gb = _mm(g, a, True, False)
    elif ta and not tb:
        gb = _mm(a, g)
    else:
        gb = _mm(g, a, True, True)
    return _m.unbroadcast(gb, b, ans)


# ā = ḡ·bᵀ, b̄ = aᵀ·ḡ (transposes per ta/tb)
_matmul.defvjp(_matmul_vjp_a, _matmul_vjp_b)


@numpy_ufunc("matmul")
def matmul(
    a,
    b,
    transpose_a=False,
    transpose_b=False,
    adjoint_a=False,
    adjoint_b=False,
    a_is_sparse=False,
    b_is_sparse=False,
    output_type=None,
    grad_a=False,
    grad_b=False,
    name=None,
) -> Tensor:
    """``tk.linalg.matmul``: (batched) matrix product; inputs of rank >= 2, as in TF."""
    __tracebackhide__ = True
    a, b = _pair(a, b)
    ta = bool(transpose_a or adjoint_a)
    tb = bool(transpose_b or adjoint_b)
    sa, sb = a._value.shape, b._value.shape
    if len(sa) < 2 or len(sb) < 2:
        raise InvalidArgumentError(
            None,
            None,
            f"In[0] and In[1] must have rank >= 2, got shapes {list(sa)} and {list(sb)} [Op:MatMul]. "
            "Use tk.tensordot or reshape a vector to (n, 1).",
        )
    ka = sa[-2] if ta else sa[-1]
    kb = sb[-1] if tb else sb[-2]
    if ka != kb:
        raise InvalidArgumentError(None, None, message("matmul_shapes", a=list(sa), b=list(sb)))
    return apply(_matmul, (a, b), {"ta": ta, "tb": tb})


def tensordot(a, b, axes, name=None) -> Tensor:
    """Contraction over ``axes`` built from transpose, reshape and matmul (differentiable)."""
    a, b = _t(a), _t(b)
    na, nb_ = a.ndim, b.ndim
    if isinstance(axes, int):
        ax_a = list(range(na - axes, na))
        ax_b = list(range(axes))
    else:
        ax_a, ax_b = axes
        ax_a = [int(i) % na for i in ([ax_a] if isinstance(ax_a, int) else ax_a)]
        ax_b = [int(i) % nb_ for i in ([ax_b] if isinstance(ax_b, int) else ax_b)]
    free_a = [i for i in range(na) if i not in ax_a]
    free_b = [i for i in range(nb_) if i not in ax_b]
    sa, sb = a._value.shape, b._value.shape
    k = 1
    for i in ax_a:
        k *= sa[i]
    m = 1
    for i in free_a:
        m *= sa[i]
    n = 1
    for i in free_b:
        n *= sb[i]
    at = _a.reshape(_a.transpose(a, free_a + ax_a), (m, k))
    bt = _a.reshape(_a.transpose(b, ax_b + free_b), (k, n))
    out = matmul(at, bt)
    return _a.reshape(out, tuple(sa[i] for i in free_a) + tuple(sb[i] for i in free_b))


# ---------------------------------------------------------------------------------------
# einsum


def _parse_einsum(equation: str, n: int):
    eq = equation.replace(" ", "")
    if "->" in eq:
        lhs, out = eq.split("->")
    else:
        lhs = eq
        letters = lhs.replace(",", "")
        out = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    subs = lhs.split(",")
    if len(subs) != n:
        raise InvalidArgumentError(
            None, None, f"einsum: {len(subs)} subscripts for {n} operands [Op:Einsum]"
        )
    if "." in eq:
        raise NotImplementedError("einsum with '...' is not supported by tapekit; name every axis")
    return subs, out


@primitive(
    "Einsum", dtypes=NUMBERS | BOOL, no_kernel=BOOL, explain="the other operands, contracted with ḡ"
)
def _einsum(xp, *xs, subs, out):
    eq = ",".join(subs) + "->" + out
    if hasattr(xp, "einsum"):
        return xp.einsum(eq, *xs)
    return _einsum_generic(xp, xs, subs, out)


def _einsum_generic(xp, xs, subs, out):
    """einsum from broadcasting and sum (for Array API libraries without einsum)."""
    letters = []
    sizes = {}
    for s, x in zip(subs, xs):
        if len(set(s)) != len(s):
            raise NotImplementedError(
                "einsum with a repeated index in one operand needs NumPy/CuPy"
            )
        for c, d in zip(s, x.shape):
            if c not in letters:
                letters.append(c)
            sizes[c] = max(sizes.get(c, 1), d)
    prod = None
    for s, x in zip(subs, xs):
        perm = sorted(range(len(s)), key=lambda i: letters.index(s[i]))
        y = xp.permute_dims(x, tuple(perm))
        ordered = [s[i] for i in perm]
        shape = tuple(x.shape[s.index(c)] if c in ordered else 1 for c in letters)
        y = xp.reshape(y, shape)
        prod = y if prod is None else prod * y
    summed = tuple(i for i, c in enumerate(letters) if c not in out)
    if summed:
        prod = xp.sum(prod, axis=summed)
    kept = [c for c in letters if c in out]
    return xp.permute_dims(prod, tuple(kept.index(c) for c in out))


def _einsum_vjp(g, ans, ins, needs, subs, out):
    nb = batch_ndim(g, ans)
    used = set("".join(subs) + out)
    batch = "".join(c for c in "ZYXWVUTSRQPONMLKJIHGFEDCBA" if c not in used)[:nb]
    grads = []
    for k, (x, need) in enumerate(zip(ins, needs)):
        if not need:
            grads.append(None)
            continue
        target = subs[k]
        others = [s for j, s in enumerate(subs) if j != k]
        avail = set(out + "".join(others))
        uniq = "".join(dict.fromkeys(c for c in target if c in avail))
        gk = apply(
            _einsum,
            (g, *[ins[j] for j in range(len(ins)) if j != k]),
            {"subs": (batch + out, *others), "out": batch + uniq},
        )
        # letters of the target missing elsewhere were summed alone: broadcast back;
        # repeated letters (a diagonal) become a masked embedding.
        xs = x._value.shape
        size_of = dict(zip(target, xs))
        if uniq != target:
            dedup = "".join(dict.fromkeys(target))
            shape_now = tuple(g._value.shape[:nb]) + tuple(
                size_of[c] if c in uniq else 1 for c in dedup
            )
            perm_src = batch + uniq
            order = [perm_src.index(c) for c in batch + "".join(c for c in dedup if c in uniq)]
            gk = _a.transpose(gk, order) if order != list(range(len(order))) else gk
            gk = _a.reshape(gk, shape_now)
            gk = _a.broadcast_to(gk, tuple(g._value.shape[:nb]) + tuple(size_of[c] for c in dedup))
            if dedup != target:
                gk = _embed_diagonal(gk, batch, dedup, target, size_of, nb)
        grads.append(gk)
    return grads


def _embed_diagonal(gk, batch, dedup, target, size_of, nb):
    """Turn a gradient indexed by distinct letters into one indexed by ``target``."""
    # dedup lists letters in order of first occurrence in target: put each at that position,
    # size 1 at the repeats, broadcast, then keep only the diagonal.
    shape = tuple(gk._value.shape[:nb]) + tuple(size_of[c] for c in target)
    shp = list(gk._value.shape[:nb]) + [
        size_of[c] if target.index(c) == i else 1 for i, c in enumerate(target)
    ]
    gk = _a.reshape(gk, tuple(shp))
    mask = _np.ones([size_of[c] for c in target], dtype=bool)
    for i, c in enumerate(target):
        j = target.index(c)
        if j != i:
            eye = _np.eye(size_of[c], dtype=bool)
            sh = [1] * len(target)
            sh[i] = sh[j] = size_of[c]
            mask = mask & eye.reshape(sh)
    maskt = _m._const_like(mask, gk)
    return _m.multiply(_a.broadcast_to(gk, shape), maskt)


# x̄_k = einsum of ḡ with the other operands, onto x_k's letters
_einsum.defvjp_all(_einsum_vjp)


def einsum(equation, *inputs, **kwargs) -> Tensor:
    """``tf.linalg.einsum``: a contraction written in Einstein notation."""
    __tracebackhide__ = True
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
        inputs = tuple(inputs[0])
    xs = tuple(_t(x) for x in inputs)
    subs, out = _parse_einsum(equation, len(xs))
    return apply(_einsum, xs, {"subs": tuple(subs), "out": out})


# ---------------------------------------------------------------------------------------
# inverse, determinant, solve, cholesky


@primitive("MatrixInverse", dtypes=LINALG | {"float16"}, explain="−{y}ᵀ·ḡ·{y}ᵀ")
def _inv(xp, a):
    return in_float32(xp, a, xp.linalg.inv)


# d(A⁻¹) = -A⁻¹ dA A⁻¹: Ā = -A⁻ᵀ·ḡ·A⁻ᵀ
_inv.defvjp(lambda g, ans, a: _m.negative(_mm(ans, _mm(g, ans, False, True), True, False)))


def inv(input, adjoint=False, name=None) -> Tensor:  # noqa: A002
    """``tf.linalg.inv``: the inverse of (a batch of) square matrices."""
    out = apply(_inv, (_t(input),))
    return _a.matrix_transpose(out) if adjoint else out


@primitive("MatrixDeterminant", dtypes=LINALG, no_kernel={"float16"}, explain="{y}·{a}⁻ᵀ")
def _det(xp, a):
    return xp.linalg.det(a)


def _det_vjp(g, ans, a):
    scale = _a.reshape(_m.multiply(g, ans), tuple(g._value.shape) + (1, 1))
    return _m.multiply(scale, _a.matrix_transpose(inv(a)))


# d det A = det A · tr(A⁻¹ dA): Ā = ḡ·det A·A⁻ᵀ
_det.defvjp(_det_vjp)


def det(input, name=None) -> Tensor:  # noqa: A002
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
    return _m.unbroadcast(apply(_solve, (_a.matrix_transpose(a), g)), b, ans)


def _solve_vjp_a(g, ans, a, b):
    gb = apply(_solve, (_a.matrix_transpose(a), g))
    return _m.unbroadcast(_m.negative(_mm(gb, ans, False, True)), a, ans)


# x = A⁻¹b: b̄ = A⁻ᵀḡ, Ā = -b̄·xᵀ
_solve.defvjp(_solve_vjp_a, _solve_vjp_b)


def solve(matrix, rhs, adjoint=False, name=None) -> Tensor:
    """``tf.linalg.solve``: x with ``matrix @ x = rhs``."""
    a = _t(matrix)
    if adjoint:
        a = _a.matrix_transpose(a)
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
    lower = _m._const_like(_np.tril(_np.ones((n, n))) - 0.5 * _np.eye(n), ans)
    l_inv = inv(ans)
    middle = _m.multiply(_mm(ans, g, True, False), lower)
    grad_a = _mm(_mm(l_inv, middle, True, False), l_inv)
    return _m.multiply(_m.add(grad_a, _a.matrix_transpose(grad_a)), _m._const_like(0.5, grad_a))


# Murray (2016): Ā = ½ L⁻ᵀ Φ(Lᵀ L̄) L⁻¹, symmetrised
_cholesky.defvjp(_cholesky_vjp)


def cholesky(input, name=None) -> Tensor:  # noqa: A002
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
            "Cholesky decomposition was not successful. The input might not be valid "
            f"(it must be symmetric positive definite; shape {list(host.shape)}). [Op:Cholesky]",
        ) from None


def diag_part(input, name=None) -> Tensor:  # noqa: A002
    """The main diagonal (last two axes), gathered from the flattened matrix: any backend.

    (Not a masked sum: an infinite off-diagonal entry would turn the diagonal into NaN.)
    """
    x = _t(input)
    shape = tuple(x._value.shape)
    m, n = shape[-2:]
    idx = Tensor(to_raw(_np.arange(min(m, n)) * (n + 1), like=x._value))
    return _a.gather(_a.reshape(x, shape[:-2] + (m * n,)), idx, axis=-1)


def trace(x, name=None) -> Tensor:
    """``tf.linalg.trace``: the sum of the main diagonal."""
    return _r.reduce_sum(diag_part(x), axis=-1)


def diag(diagonal, name=None) -> Tensor:
    """``tf.linalg.diag``: square matrices with ``diagonal`` on their diagonal."""
    d = _t(diagonal)
    n = d._value.shape[-1]
    eye = _m._const_like(_np.eye(n), d)
    return _m.multiply(_a.expand_dims(d, -1), eye)


def band_part(input, num_lower, num_upper, name=None) -> Tensor:  # noqa: A002
    """``tf.linalg.band_part``: the entries within ``num_lower``/``num_upper`` of the diagonal, zeros elsewhere."""
    x = _t(input)
    m, n = x._value.shape[-2:]
    i = _np.arange(m)[:, None]
    j = _np.arange(n)[None, :]
    keep = _np.ones((m, n), dtype=bool)
    if num_lower >= 0:
        keep &= (i - j) <= num_lower
    if num_upper >= 0:
        keep &= (j - i) <= num_upper
    return _m.multiply(x, _m._const_like(keep, x))


_MATRIX_ORDS = ("euclidean", "fro", 1, 2, _np.inf)
_VECTOR_ORDS = ("euclidean", 1, 2, _np.inf)


def _is_positive_real(ord) -> bool:  # noqa: A002
    if isinstance(ord, str):
        return False
    try:
        return bool(_np.isreal(ord)) and ord > 0
    except TypeError:
        return False


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None) -> Tensor:  # noqa: A002
    """``tf.linalg.norm``: vector norms ('euclidean', 1, 2, inf, any p > 0) and matrix norms
    ('euclidean'/'fro', 1, 2 (the largest singular value), inf), with TF's checks."""
    __tracebackhide__ = True
    matrix = isinstance(axis, (list, tuple)) and len(axis) == 2
    if matrix:
        if not all(type(a) is int for a in axis) or axis[0] == axis[1]:
            raise ValueError(message("norm_axis", axis=tuple(axis)))
        if ord not in _MATRIX_ORDS:
            raise ValueError(message("norm_matrix_ord", ords=list(_MATRIX_ORDS), ord=ord))
    else:
        if not (axis is None or isinstance(axis, int)):
            raise ValueError(message("norm_axis", axis=axis))
        if not _is_positive_real(ord) and ord not in _VECTOR_ORDS:
            raise ValueError(message("norm_vector_ord", ord=ord))
    x = _t(tensor)
    keep = bool(keepdims)
    if not matrix:
        if ord in ("euclidean", 2):
            return _m.sqrt(_r.reduce_sum(_m.square(x), axis=axis, keepdims=keep))
        if ord == 1:
            return _r.reduce_sum(_m.abs(x), axis=axis, keepdims=keep)
        if ord == _np.inf:
            return _r.reduce_max(_m.abs(x), axis=axis, keepdims=keep)
        p = _m._const_like(float(ord), x)
        total = _r.reduce_sum(_m.pow(_m.abs(x), p), axis=axis, keepdims=keep)
        return _m.pow(total, _m._const_like(1.0 / float(ord), x))
    axes = _r.normalize_axes(list(axis), x.ndim, "Norm")
    r, c = (a % x.ndim for a in axis)
    if ord in ("euclidean", "fro"):
        return _m.sqrt(_r.reduce_sum(_m.square(x), axis=list(axis), keepdims=keep))
    if ord == 2:  # TF: the largest singular value, from an svd of the two axes moved last
        from .decompositions import svd  # noqa: PLC0415  (it imports this module)

        rest = [i for i in range(x.ndim) if i not in axes]
        s = svd(_a.transpose(x, rest + [r, c]), compute_uv=False)
        out = _r.reduce_max(s, axis=-1)
    elif ord == 1:
        out = _r.reduce_max(_r.reduce_sum(_m.abs(x), axis=r, keepdims=True), axis=c, keepdims=True)
    else:
        out = _r.reduce_max(_r.reduce_sum(_m.abs(x), axis=c, keepdims=True), axis=r, keepdims=True)
    dims = tuple(x._value.shape)
    shape = tuple(1 if i in axes else d for i, d in enumerate(dims))
    if not keep:
        shape = tuple(d for i, d in enumerate(dims) if i not in axes)
    return _a.reshape(out, shape)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None) -> Tensor:
    """``tf.math.l2_normalize``: ``x`` divided by its L2 norm along ``axis`` (at least sqrt(epsilon))."""
    x = _t(x)
    sq = _r.reduce_sum(_m.square(x), axis=axis, keepdims=True)
    return _m.multiply(x, _m.rsqrt(_m.maximum(sq, epsilon)))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


def _numpy_dot(a, b, out=None):
    if getattr(a, "ndim", 0) == 1 and getattr(b, "ndim", 0) == 1:
        return tensordot(a, b, 1)
    if getattr(a, "ndim", 0) >= 2 and getattr(b, "ndim", 0) == 2:
        return matmul(a, b)
    return tensordot(a, b, [[-1], [max(getattr(b, "ndim", 1) - 2, 0)]])


def _numpy_norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002
    """NumPy's norm in TF's terms; NumPy-only orders ('nuc', negative) leave the tape."""
    if axis is None and ord is not None and getattr(x, "ndim", 0) == 2:
        axis = [0, 1]  # NumPy: an ord with a 2-D input and no axis is a matrix norm
    if isinstance(axis, tuple):
        axis = [int(a) for a in axis]
    if (
        ord is not None
        and ord not in ("fro", 1, 2, _np.inf)
        and (isinstance(axis, list) or isinstance(ord, str) or not ord > 0)
    ):
        return NotImplemented
    return norm(x, "euclidean" if ord is None else ord, axis, keepdims)


numpy_function("dot", _numpy_dot)
numpy_function("tensordot", lambda a, b, axes=2: tensordot(a, b, axes))
numpy_function("einsum", lambda subscripts, *operands, **kw: einsum(subscripts, *operands))
numpy_function("trace", lambda a, offset=0, axis1=0, axis2=1, dtype=None, out=None: trace(a))
numpy_function("linalg.norm", _numpy_norm)
numpy_function("linalg.inv", lambda a: inv(a))
numpy_function("linalg.det", lambda a: det(a))
numpy_function("linalg.solve", lambda a, b: solve(a, b))
numpy_function("linalg.cholesky", lambda a, **kw: cholesky(a))
