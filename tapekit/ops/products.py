"""Matrix products and contractions: matmul, tensordot, einsum."""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.backend import array_helpers as _arrays
from .._engine.dtypes import BOOL, NUMBERS
from .._engine.tensor import Tensor, TensorLike
from .._messages import message
from ..errors import InvalidArgumentError
from ._core_math import _const_like, multiply
from ._core_shape import _t, broadcast_to, reshape
from ._operands import _convert_args
from ._registry import (
    Emit,
    apply,
    batch_ndim,
    numpy_function,
    numpy_ufunc,
    primitive,
)
from .shape import transpose

_hostlib = _backend.host


def _pair(a, b):
    """Both operands as tensors; a non-tensor takes the other's dtype (TF's rule)."""
    if isinstance(a, TensorLike) and isinstance(b, TensorLike):
        return a, b
    ref = a if isinstance(a, TensorLike) else (b if isinstance(b, TensorLike) else None)
    if ref is None:
        return _t(a), _t(b)
    return tuple(_convert_args(_matmul, (a, b), ref))


def _mT(xp, x):
    return _arrays.matrix_transpose(xp, x)


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
    rows = reshape(g, (-1, gs[-1]))
    out = _mm(rows, b, False, tb)
    return reshape(out, gs[:-1] + (out._value.shape[-1],))


def _fold_right(a, g):
    """a.T (2-D) @ g[..., m, n] as one matrix product: the leading axes become columns."""
    gs = tuple(g._value.shape)
    nd = len(gs)
    perm = [nd - 2] + list(range(nd - 2)) + [nd - 1]
    cols = reshape(transpose(g, perm), (gs[-2], -1))
    out = _mm(a, cols, True, False)
    k = out._value.shape[0]
    back = list(range(1, nd - 1)) + [0, nd - 1]
    return transpose(reshape(out, (k,) + gs[:-2] + (gs[-1],)), back)


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
    return ga


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
    return gb


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
            message("matmul_rank", a=list(sa), b=list(sb)),
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
    at = reshape(transpose(a, free_a + ax_a), (m, k))
    bt = reshape(transpose(b, ax_b + free_b), (k, n))
    out = matmul(at, bt)
    return reshape(out, tuple(sa[i] for i in free_a) + tuple(sb[i] for i in free_b))


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
            None, None, message("einsum_operand_count", subscripts=len(subs), operands=n)
        )
    if "." in eq:
        raise NotImplementedError(message("einsum_ellipsis"))
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
            raise NotImplementedError(message("einsum_repeated_index"))
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
            gk = transpose(gk, order) if order != list(range(len(order))) else gk
            gk = reshape(gk, shape_now)
            gk = broadcast_to(gk, tuple(g._value.shape[:nb]) + tuple(size_of[c] for c in dedup))
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
    gk = reshape(gk, tuple(shp))
    mask = _hostlib.ones([size_of[c] for c in target], dtype=bool)
    for i, c in enumerate(target):
        j = target.index(c)
        if j != i:
            eye = _hostlib.eye(size_of[c], dtype=bool)
            sh = [1] * len(target)
            sh[i] = sh[j] = size_of[c]
            mask = mask & eye.reshape(sh)
    maskt = _const_like(mask, gk)
    return multiply(broadcast_to(gk, shape), maskt)


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
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


def _numpy_dot(a, b, out=None):
    if getattr(a, "ndim", 0) == 1 and getattr(b, "ndim", 0) == 1:
        return tensordot(a, b, 1)
    if getattr(a, "ndim", 0) >= 2 and getattr(b, "ndim", 0) == 2:
        return matmul(a, b)
    return tensordot(a, b, [[-1], [max(getattr(b, "ndim", 1) - 2, 0)]])


numpy_function("dot", _numpy_dot)
numpy_function("tensordot", lambda a, b, axes=2: tensordot(a, b, axes))
numpy_function("einsum", lambda subscripts, *operands, **kw: einsum(subscripts, *operands))
