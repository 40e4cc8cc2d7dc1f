"""Arranging values on grids: ``roll``, ``meshgrid`` and broadcast-shape arithmetic.

All are built from differentiable shape ops (gather, reshape, broadcast_to), so their
gradients, batch rules and ``tk.function`` plans come from those.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.tensor import Tensor, TensorLike, TensorShape
from .._messages import message
from ..errors import InvalidArgumentError
from ._core_shape import _host_ints, _t, broadcast_to, identity, reshape
from ._registry import numpy_function
from .indexing import gather

_hostlib = _backend.host


def roll(input, shift, axis, name=None) -> Tensor:
    """Elements shifted along ``axis`` by ``shift``, wrapping around (lists: one per axis)."""
    x = _t(input)
    shifts, axes = _host_ints(shift), _host_ints(axis)
    if len(shifts) != len(axes):
        raise InvalidArgumentError(None, None, message("roll_sizes"))
    total: dict[int, int] = {}
    for s, a in zip(shifts, axes):
        if not -x.ndim <= a < x.ndim:
            raise InvalidArgumentError(
                None, None, message("axis_range", axis=a, ndim=x.ndim, op="Roll")
            )
        total[a % x.ndim] = total.get(a % x.ndim, 0) + s
    out = x
    for a, s in sorted(total.items()):
        n = x._value.shape[a]
        if n and s % n:
            out = gather(out, (_hostlib.arange(n) - s) % n, axis=a)
    return out if out is not x else identity(x)


def meshgrid(*args, **kwargs) -> list[Tensor]:
    """Coordinate grids from 1-D tensors; ``indexing="xy"`` (default) swaps the first two."""
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        key = next(iter(kwargs))
        raise TypeError(message("invalid_keyword", kw=key))
    if indexing not in ("xy", "ij"):
        raise ValueError(message("meshgrid_indexing", indexing=indexing))
    xs = [reshape(_t(x), (-1,)) for x in args]
    n = len(xs)
    sizes = [int(x._value.shape[0]) for x in xs]
    outs = []
    for i, x in enumerate(xs):
        shape = [1] * n
        shape[i] = -1
        outs.append(reshape(x, tuple(shape)))
    if indexing == "xy" and n > 1:
        outs[0] = reshape(outs[0], (1, -1) + (1,) * (n - 2))
        outs[1] = reshape(outs[1], (-1, 1) + (1,) * (n - 2))
        sizes[0], sizes[1] = sizes[1], sizes[0]
    return [broadcast_to(o, tuple(sizes)) for o in outs]


def _dims(shape) -> list:
    if isinstance(shape, TensorLike):
        return _host_ints(shape)
    return [None if d is None else int(d) for d in shape]


def _broadcast(a: list, b: list):
    """The broadcast of two shapes (None: unknown), or None when they do not broadcast."""
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x == 1:
            out.append(y)
        elif y == 1 or x == y:
            out.append(x)
        elif x is None or y is None:
            out.append(x if y is None else y)
        else:
            return None
    return out[::-1]


def broadcast_static_shape(shape_x, shape_y) -> TensorShape:
    """The broadcast of two ``TensorShape``s (ValueError when they are incompatible)."""
    a, b = _dims(shape_x), _dims(shape_y)
    out = _broadcast(a, b)
    if out is None:
        raise ValueError(message("broadcast_static", a=tuple(a), b=tuple(b)))
    return TensorShape(out)


def broadcast_dynamic_shape(shape_x, shape_y) -> Tensor:
    """The broadcast of two shapes given as 1-D integer tensors (``tk.shape(x)``)."""
    sx, sy = _t(shape_x), _t(shape_y)
    a, b = _host_ints(sx), _host_ints(sy)
    out = _broadcast(a, b)
    if out is None:
        text = "[" + ",".join(map(str, a)) + "] vs. [" + ",".join(map(str, b)) + "]"
        raise InvalidArgumentError(None, None, message("broadcast_dynamic", shapes=text))
    return Tensor(_backend.asarray(out, dtype=sx.dtype.name))


# ---------------------------------------------------------------------------------------
# NumPy's functions on tensors (``np.sum(t)``): NumPy's arguments in TF's terms


def _numpy_roll(a, shift, axis=None):
    if axis is None:
        return reshape(roll(reshape(a, (-1,)), shift, 0), tuple(a.shape))
    return roll(a, shift, axis)


numpy_function("roll", _numpy_roll)
