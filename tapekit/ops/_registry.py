"""Primitives and the dispatcher: unwrap, run the forward on raw arrays, wrap, record.

A primitive is defined in one place with its gradient rule::

    @primitive("Sin")
    def _sin(xp, x):                  # raw arrays in, raw array out
        return xp.sin(x)

    _sin.defvjp(lambda g, ans, x: g * cos(x))   # Tensors in, Tensors out

Gradient rules are written with tapekit ops, so they are themselves recorded by any
outer tape: that is what makes derivatives of any order work.  A rule receives the
upstream gradient ``g`` (possibly with extra leading batch axes, see ``batch_ndim``),
the op's output ``ans``, the inputs and the op's params.
"""

from __future__ import annotations

from .. import _backend, _tape, _trace
from .._messages import message
from .._tensor import Tensor, _TensorLike, dtype_of, to_raw
from ..errors import InvalidArgumentError

_NS = _backend._NS_BY_TYPE
_np = _backend.np
_state = _tape.state
_switch = _tape.switch
_record = _tape.record
_trace_state = _trace.state
_EMPTY: dict = {}

REGISTRY: dict[str, Primitive] = {}


class Primitive:
    """An op with a forward on raw arrays and per-input gradient rules on Tensors.

    ``vjps``: one function per input, ``f(g, ans, *inputs, **params) -> Tensor | None``.
    ``vjp_all``: alternatively one function ``f(g, ans, inputs, needs, **params)``
    returning a gradient (or None) per input, for ops with any number of inputs.
    ``dtype_args``: which positional inputs must share one dtype (non-tensors there are
    converted to it, as TF converts Python and NumPy operands).
    """

    __slots__ = (
        "name",
        "forward",
        "vjps",
        "vjp_all",
        "dtype_args",
        "broadcasts",
        "batchable",
        "differentiable",
        "n_out",
        "hollow",
        "unchecked",
        "__weakref__",
    )

    def __init__(
        self,
        name: str,
        forward,
        *,
        dtype_args=None,
        broadcasts: bool = False,
        batchable: bool = True,
        n_out: int = 1,
        differentiable: bool = True,
        register: bool = True,
    ):
        self.name = name
        self.forward = forward
        self.vjps = None
        self.vjp_all = None
        self.dtype_args = dtype_args
        self.broadcasts = broadcasts
        self.batchable = batchable
        self.differentiable = differentiable
        self.n_out = n_out
        self.hollow = None  # (inputs, output?) whose values the rules never read: HOLLOW
        # the forward tk.function replays: without the checks a trace has already made
        # (``forward.unchecked`` is the older spelling, still read here)
        self.unchecked = getattr(forward, "unchecked", forward)
        if not register:  # one-off ops (tk.custom_gradient) stay out of the op tables
            return
        if name in REGISTRY:
            raise ValueError(f"duplicate primitive {name}")
        REGISTRY[name] = self

    def defvjp(self, *fns):
        """Gradient rules, one per input (``None`` for an input with no gradient)."""
        self.vjps = tuple(fns)
        return self

    def defvjp_all(self, fn):
        self.vjp_all = fn
        return self

    def __call__(self, *args, **params):
        __tracebackhide__ = True
        return apply(self, args, params)

    def __repr__(self) -> str:
        return f"<Primitive {self.name}>"


def primitive(name: str, **options):
    """Decorator: turn a forward function ``f(xp, *arrays, **params)`` into a Primitive."""

    def wrap(forward):
        return Primitive(name, forward, **options)

    return wrap


def nondifferentiable(name: str, **options):
    """Decorator for ops with no gradient (comparisons, argmax...): never recorded."""

    def wrap(forward):
        return Primitive(name, forward, differentiable=False, **options)

    return wrap


def apply(prim: Primitive, args, params=_EMPTY):
    """Run ``prim`` on ``args`` (Tensors, Variables or convertible values).

    The hot path of the whole engine: one- and two-input calls on NumPy arrays of one
    dtype take the short branches; everything else goes through the general one.
    """
    __tracebackhide__ = True
    n = len(args)
    if n == 2:
        a, b = args
        if not (isinstance(a, _TensorLike) and isinstance(b, _TensorLike)):
            args = _convert_pair(prim, a, b)
            a, b = args
        va = a._value
        vb = b._value
        xp = _NS.get(type(va))
        if (
            xp is not _np
            or _NS.get(type(vb)) is not _np
            or (va.dtype is not vb.dtype and prim.dtype_args is None)
        ):
            if xp is None:
                xp = _backend.namespace_of(va)
            _check_compatible(prim, (va, vb), xp)
        try:
            out = prim.forward(xp, va, vb, **params) if params else prim.forward(xp, va, vb)
        except _FORWARD_ERRORS as e:
            raise _failed(prim, (va, vb), e) from None
    elif n == 1:
        x = args[0]
        if not isinstance(x, _TensorLike):
            x = _convert_args(prim, args, None)[0]
            args = (x,)
        va = x._value
        xp = _NS.get(type(va))
        if xp is None:
            xp = _backend.namespace_of(va)
        try:
            out = prim.forward(xp, va, **params) if params else prim.forward(xp, va)
        except _FORWARD_ERRORS as e:
            raise _failed(prim, (va,), e) from None
    else:
        if not all(isinstance(a, _TensorLike) for a in args):
            ref = next((a for a in args if isinstance(a, _TensorLike)), None)
            args = _convert_args(prim, args, ref)
        vals = tuple(x._value for x in args)
        xp = _NS.get(type(vals[0])) if vals else _np
        if xp is None:
            xp = _backend.namespace_of(vals[0])
        _check_compatible(prim, vals, xp)
        try:
            out = prim.forward(xp, *vals, **params) if params else prim.forward(xp, *vals)
        except _FORWARD_ERRORS as e:
            raise _failed(prim, vals, e) from None
    if prim.n_out == 1:
        result = Tensor(out)
    else:
        result = tuple(Tensor(o) for o in out)
    if _switch.active:
        tracer = _trace_state.tracer
        if tracer is not None:
            tracer.on_apply(prim, args, params, result, xp)
        tapes = _state.tapes
        if tapes:
            if prim.differentiable:
                _record(prim, args, params, result, tapes)
            else:
                _tape.watch_reads(args, tapes)  # a read is a read, differentiable or not
    return result


_PY_SCALARS = (int, float)

# What a forward may raise: the array library's complaint, made an InvalidArgumentError
# naming the op (``_failed``). Written once for apply's three branches.
_FORWARD_ERRORS = (ValueError, TypeError, IndexError, ArithmeticError)


def _failed(prim, vals, e):
    """The error to raise for ``e`` from ``prim``'s forward (tapekit's own pass through)."""
    if isinstance(e, InvalidArgumentError):
        return e
    return _translate(prim, vals, e)


def _convert_pair(prim, a, b):
    """Two operands, at least one not a tensor: convert it to the other's dtype."""
    linked = prim.dtype_args
    if linked is None or (0 in linked and 1 in linked):
        if isinstance(a, _TensorLike):
            return a, _scalar_like(b, a._value, prim)
        if isinstance(b, _TensorLike):
            return _scalar_like(a, b._value, prim), b
    ref = a if isinstance(a, _TensorLike) else (b if isinstance(b, _TensorLike) else None)
    return tuple(_convert_args(prim, (a, b), ref))


_CONSTANTS: dict = {}  # NumPy dtype -> {Python number -> constant Tensor}


def _scalar_like(value, like, prim):
    """``value`` as a constant Tensor with ``like``'s dtype (fast for Python numbers).

    Constants from Python numbers are immutable and never watched, so one Tensor per
    (value, dtype) serves every op that uses it (``2.0 * x`` in a loop allocates nothing).
    An int and a float of equal value make the same constant of a floating dtype; an
    integer dtype never sees a float here (TF refuses it), so the value alone is the key.
    """
    t = type(value)
    if (t is float or t is int) and _NS.get(type(like)) is _np:
        dt = like.dtype
        if t is float and dt.kind not in "fc":
            raise TypeError(message("convert_failed", value=value, dtype=dt.name))
        per_value = _CONSTANTS.get(dt)
        if per_value is not None:
            c = per_value.get(value)
            if c is not None:
                return c
        try:
            c = Tensor(dt.type(value))
        except OverflowError:
            c = None
        if c is not None:
            # not NaN, and no float zero (-0.0 == 0 == 0.0 as keys)
            if value == value and (value or dt.kind not in "fc"):
                per_value = _CONSTANTS.setdefault(dt, {})
                if len(per_value) < 4096:
                    per_value[value] = c
            return c
    return Tensor(to_raw(value, dtype_of(like), like=like))


def _convert_args(prim, args, ref):
    linked = prim.dtype_args
    ref_dtype = None
    like = None
    if ref is not None:
        like = ref._value
        if linked is None or any(args[i] is ref for i in linked if i < len(args)):
            ref_dtype = dtype_of(like)
        else:
            for i in linked or ():
                if i < len(args) and isinstance(args[i], _TensorLike):
                    ref_dtype = dtype_of(args[i]._value)
                    break
    out = []
    for i, a in enumerate(args):
        if isinstance(a, _TensorLike):
            out.append(a)
            continue
        dt = ref_dtype if (linked is None or i in linked) else None
        try:
            raw = to_raw(a, dt, like=like)
        except TypeError:
            raise
        t = Tensor(raw)
        out.append(t)
        if ref_dtype is None and (linked is None or i in linked):
            ref_dtype = dtype_of(raw)
            like = raw if like is None else like
    return out


def _check_compatible(prim, vals, xp):
    linked = prim.dtype_args
    v0 = vals[0]
    d0 = None
    for i, v in enumerate(vals):
        if _NS.get(type(v)) is not xp or (xp is not _np and not _backend.same_device(v0, v)):
            if not _backend.same_device(v0, v):
                raise InvalidArgumentError(
                    None,
                    None,
                    message(
                        "device_mismatch",
                        op=prim.name,
                        a=_backend.device_name(v0),
                        b=_backend.device_name(v),
                    ),
                )
        if linked is None or i in linked:
            if d0 is None:
                d0 = v.dtype
                i0 = i
            elif v.dtype != d0:
                want, got = dtype_of(vals[i0]), dtype_of(v)
                raise InvalidArgumentError(
                    None,
                    None,
                    message(
                        "mixed_dtypes",
                        op=prim.name,
                        index=i,
                        want=_tf_type_word(want),
                        got=_tf_type_word(got),
                        want_name=want.name,
                    ),
                )


def _tf_type_word(d) -> str:
    return {"float32": "float", "float64": "double", "float16": "half"}.get(d.name, d.name)


def _translate(prim, vals, e):
    shapes = [tuple(v.shape) for v in vals]
    if prim.broadcasts and len(shapes) >= 2:
        try:
            _np.broadcast_shapes(*shapes)
        except ValueError:
            return InvalidArgumentError(
                None,
                None,
                message("incompatible_shapes", a=list(shapes[0]), b=list(shapes[1]), op=prim.name),
            )
    return InvalidArgumentError(None, None, message("op_failed", op=prim.name, detail=str(e)))


def batch_ndim(g, ans) -> int:
    """How many leading batch axes ``g`` carries beyond the op's output (0 or more)."""
    return len(g._value.shape) - len(ans._value.shape)
