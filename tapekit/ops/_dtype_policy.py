"""The ops' dtype policy: which dtypes a primitive takes, TF's error for the others, and the
guard a primitive's forward runs behind (``Primitive(dtypes=..., float_only=...)``).
"""

from __future__ import annotations

from .._engine import dtypes as _dtypes
from .._engine.tensor import dtype_of
from .._messages import message
from ..errors import InvalidArgumentError, NotFoundError


def _dtype_error(prim, dt):
    """The error TF raises for ``prim`` on dtype ``dt`` (a DType), or None if allowed."""
    name = dt.name
    if name in prim.dtypes and name not in prim.no_kernel:
        return None
    ok = prim.dtypes - prim.no_kernel
    hint = "float32" if "float32" in ok else (sorted(ok)[0] if ok else "float32")
    if prim.float_only:
        return InvalidArgumentError(None, None, message("float_only", dtype=name, op=prim.name))
    if name in prim.no_kernel:
        return NotFoundError(
            None,
            None,
            message(
                "dtype_no_kernel",
                op=prim.name,
                dtype=name,
                allowed=_dtypes.tf_type_list(ok),
                hint=hint,
            ),
        )
    text = message(
        "dtype_not_allowed",
        op=prim.name,
        dtype=name,
        allowed=_dtypes.tf_type_list(prim.dtypes),
        hint=hint,
    )
    return InvalidArgumentError(None, None, text)


def check_dtype(prim, value) -> None:
    """Raise TF's error if ``prim`` does not take ``value``'s dtype (a raw array)."""
    if prim.dtypes is not None:
        err = _dtype_error(prim, dtype_of(value))
        if err is not None:
            raise err


def _guarded(prim, forward):
    """``forward`` behind ``prim``'s dtype policy. The verdict for each dtype object is
    worked out once; the call itself makes one identity test (the dtype allowed last)."""
    # dtype class -> {allowed dtype object}: one library's dtypes never meet another's
    # (array_api_strict's warn when compared with NumPy's), as in dtype_of's cache
    allowed: dict = {}
    unseen = frozenset()
    last = None

    def admit(x):
        nonlocal last
        dt = x.dtype
        if dt not in allowed.get(type(dt), unseen):
            err = _dtype_error(prim, dtype_of(x))
            if err is not None:
                raise err
            allowed.setdefault(type(dt), set()).add(dt)
        last = dt

    code = forward.__code__
    if code.co_argcount == 2 and not code.co_flags & 0x0C:  # f(xp, x): most unary ops

        def checked(xp, x):
            if x.dtype is not last:
                admit(x)
            return forward(xp, x)

    else:

        def checked(xp, x, *rest, **params):
            if x.dtype is not last:
                admit(x)
            return forward(xp, x, *rest, **params)

    checked.unchecked = forward  # what tk.function replays (dtypes fixed by the trace)
    return checked
