"""Primitives and the dispatcher: unwrap, run the forward on raw arrays, wrap, record.

A primitive is defined in one place with everything tapekit knows about it::

    @primitive("Sin", float_only=True, reads=("inputs",), explain="cos({a})",
               codegen=Emit("_np.sin({0})", ufunc="sin"))
    def _sin(xp, x):                  # raw arrays in, raw array out
        return xp.sin(x)

    _sin.defvjp(lambda g, ans, x: g * cos(x))   # d/dx sin x = cos x; Tensors in and out

The tables other modules need (the tape's memory rule, ``tk.function``'s code generator,
``%grad --explain``, NumPy's protocols) are read off these declarations: no module
outside the ops keeps a table keyed by op names (``tests/ops/test_op_facts.py``).

Gradient rules are written with tapekit ops, so they are themselves recorded by any
outer tape: that is what makes derivatives of any order work.  A rule receives the
upstream gradient ``g`` (possibly with extra leading batch axes, see ``batch_ndim``),
the op's output ``ans``, the inputs and the op's params.

The dtype policy a primitive declares is enforced by ``_dtype_policy.py``; ``apply``'s
operand conversion, checks and error translation are in ``_operands.py``.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine import dtypes as _dtypes
from .._engine import tape as _tape
from .._engine import trace as _trace
from .._engine.tensor import Tensor, TensorLike
from .._messages import register_catalog
from ._dtype_policy import _guarded
from ._operands import (
    _FORWARD_ERRORS,
    _check_compatible,
    _convert_args,
    _convert_pair,
    _failed,
)

# the ops' messages: the registry's checks, and single ops' argument checks
register_catalog(__file__, "_messages.json", "_messages_arguments.json")

_NS = _backend._NS_BY_TYPE
_HOST = _backend.host  # the host array library: apply's fast path is for its arrays
_state = _tape.state
_switch = _tape.switch
_record = _tape.record
_trace_state = _trace.state
_EMPTY: dict = {}
_new_tensor = object.__new__
_next_id = _tape.next_id

REGISTRY: dict[str, Primitive] = {}
# NumPy's names (ufuncs; functions as dotted paths, "linalg.norm") -> a callable taking
# NumPy's arguments: filled by ``numpy_ufunc`` / ``numpy_function`` beside each public op
NUMPY_UFUNCS: dict = {}
NUMPY_FUNCTIONS: dict = {}
_ALL_INPUTS = 64  # positions a variadic op's "reads nothing" covers (ConcatV2, Pack)


class Emit:
    """How ``tk.function``'s code generator may write an op (``_engine/plan_code.py``).

    ``inline``: a NumPy expression over the operands ``{0}, {1}`` (``_np`` is NumPy), used
    when the op has no params, or when ``when=(param, value)`` holds.  ``ufunc``: the
    in-place form (``out=`` an operand's buffer at its last use), with ``operands`` when
    they are not simply the inputs.  ``fresh``: the output is always a new array and the
    op only reads its inputs (so a buffer made and read only by such ops can be reused).
    """

    __slots__ = ("inline", "when", "ufunc", "operands", "fresh")

    def __init__(self, inline=None, *, when=None, ufunc=None, operands=None, fresh=True):
        self.inline = inline
        self.when = when
        self.ufunc = ufunc
        self.operands = operands
        self.fresh = fresh

    def expression(self, params):
        """The inline expression for a call with ``params``, or None."""
        if self.inline is None:
            return None
        if not params:
            return self.inline if self.when is None else None
        if self.when is not None and params.get(self.when[0]) == self.when[1]:
            return self.inline
        return None


class Primitive:
    """An op with a forward on raw arrays and per-input gradient rules on Tensors.

    ``vjps``: one function per input, ``f(g, ans, *inputs, **params) -> Tensor | None``.
    ``vjp_all``: alternatively one function ``f(g, ans, inputs, needs, **params)``
    returning a gradient (or None) per input, for ops with any number of inputs.
    ``dtype_args``: which positional inputs must share one dtype (non-tensors there are
    converted to it, as TF converts Python and NumPy operands).

    Declared facts (read by the rest of tapekit, never kept in tables elsewhere):

    - ``dtypes``: the input dtypes TF's op accepts (names; groups in ``_dtypes``): another
      dtype raises ``InvalidArgumentError`` before the forward runs; ``no_kernel``: dtypes
      the op accepts but has no kernel for (TF's ``NotFoundError``).  ``float_only=True``
      is ``dtypes=FLOATING | COMPLEX``.  The first input's dtype is checked (inputs that
      share its dtype are checked by ``dtype_args``); ``guard_forward=False`` leaves the
      check to the public op (``check_dtype``), for primitives that gradient rules call
      in hot loops.  ``tk.function`` replays the forward unchecked.
    - ``reads``: what the gradient rules read of the values: input positions, ``"inputs"``
      (all of them) and/or ``"output"``; ``()`` for shapes and dtypes only; None (the
      default) for anything.  A tape drops large arrays the rules never read (``hollow``).
      A rule that starts reading a value must say so here: the gradient tests catch the
      zeros it would otherwise get.
    - ``codegen``: an ``Emit`` (how ``tk.function`` may write the op as Python source).
    - ``explain``: the local derivative shown by ``%grad --explain``, one text formula per
      input (``{a}``, ``{b}``: the inputs; ``{y}``: the output); one string for one input.
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
        "float_only",
        "dtypes",
        "no_kernel",
        "reads",
        "codegen",
        "explain",
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
        float_only: bool = False,
        dtypes=None,
        no_kernel=(),
        guard_forward: bool = True,
        reads=None,
        codegen: Emit | None = None,
        explain=None,
        register: bool = True,
    ):
        self.name = name
        self.float_only = float_only
        if float_only:
            dtypes = _dtypes.FLOATING | _dtypes.COMPLEX
        self.dtypes = None if dtypes is None else frozenset(dtypes) | frozenset(no_kernel)
        self.no_kernel = frozenset(no_kernel)
        self.reads = None if reads is None else tuple(reads)
        self.hollow = _hollow_spec(forward, self.reads)
        if self.dtypes is not None and guard_forward:
            forward = _guarded(self, forward)
        self.forward = forward
        self.codegen = codegen
        self.explain = (explain,) if isinstance(explain, str) else explain
        self.vjps = None
        self.vjp_all = None
        self.dtype_args = dtype_args
        self.broadcasts = broadcasts
        self.batchable = batchable
        self.differentiable = differentiable
        self.n_out = n_out
        # the forward tk.function replays: without the dtype checks a trace has already made
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
        """One rule for all inputs, ``f(g, ans, inputs, needs, **params)``; returns ``self``."""
        self.vjp_all = fn
        return self

    def __call__(self, *args, **params):
        __tracebackhide__ = True
        return apply(self, args, params)

    def __repr__(self) -> str:
        return f"<Primitive {self.name}>"


def _hollow_spec(forward, reads):
    """``reads`` as the tape wants it: (input positions never read, output never read?)."""
    if reads is None:
        return None
    code = forward.__code__
    n = _ALL_INPUTS if code.co_flags & 0x04 else code.co_argcount - 1  # *xs: variadic
    inputs = () if "inputs" in reads else tuple(i for i in range(n) if i not in reads)
    return inputs, "output" not in reads


def numpy_ufunc(*names):
    """Decorator for a public op: NumPy's ufuncs ``names`` on tensors run it (on the tape)."""

    def wrap(fn):
        for n in names:
            NUMPY_UFUNCS[n] = fn
        return fn

    return wrap


def numpy_function(path: str, call) -> None:
    """NumPy's function ``path`` (``"sum"``, ``"linalg.norm"``) on tensors runs ``call``
    (NumPy's arguments in; ``NotImplemented`` leaves the call to NumPy, off the tape)."""
    NUMPY_FUNCTIONS[path] = call


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
        if not (isinstance(a, TensorLike) and isinstance(b, TensorLike)):
            args = _convert_pair(prim, a, b)
            a, b = args
        va = a._value
        vb = b._value
        xp = _NS.get(type(va))
        if (
            xp is not _HOST
            or _NS.get(type(vb)) is not _HOST
            or (va.dtype is not vb.dtype and prim.dtype_args is None)
        ):
            if xp is None:
                xp = _backend.namespace_of(va)
            _check_compatible(prim, (va, vb))
        try:
            out = prim.forward(xp, va, vb, **params) if params else prim.forward(xp, va, vb)
        except _FORWARD_ERRORS as e:
            raise _failed(prim, (va, vb), e) from None
    elif n == 1:
        x = args[0]
        if not isinstance(x, TensorLike):
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
        if not all(isinstance(a, TensorLike) for a in args):
            ref = next((a for a in args if isinstance(a, TensorLike)), None)
            args = _convert_args(prim, args, ref)
        vals = tuple(x._value for x in args)
        xp = _NS.get(type(vals[0])) if vals else _HOST
        if xp is None:
            xp = _backend.namespace_of(vals[0])
        _check_compatible(prim, vals)
        try:
            out = prim.forward(xp, *vals, **params) if params else prim.forward(xp, *vals)
        except _FORWARD_ERRORS as e:
            raise _failed(prim, vals, e) from None
    if prim.n_out == 1:
        # Tensor(out) without the __init__ frame: ~40 ns of each op (bench W1, W2)
        result = _new_tensor(Tensor)
        result._value = out
        result._id = _next_id()
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


def batch_ndim(g, ans) -> int:
    """How many leading batch axes ``g`` carries beyond the op's output (0 or more)."""
    return len(g._value.shape) - len(ans._value.shape)
