"""``tk.function``: trace a Python function once per input signature, then replay it.

The first call with a new signature runs the Python body eagerly while the dispatcher
reports every op to a tracer (:mod:`tapekit._engine.trace`); later calls replay the resulting
plan: forward functions on raw arrays, in order, with no Python body, no dispatcher and
no Tensor objects in between.  Gradient computations inside the function (a tape used
in the body) are ops like any other, so they are part of the plan.

When an outer tape is recording, the replay records each step on it, so gradients
through a ``tk.function`` work as in TF.  When the body branched on a tensor's value,
the plan carries a guard: a call that would take another branch is traced again (one
plan per branch).  What a plan cannot express runs eagerly, with one warning.
"""

from __future__ import annotations

import functools
import warnings
import weakref

from .._messages import message, user_stacklevel
from . import nest as _nest
from . import tape as _tape
from . import trace as _trace
from .dtypes import as_dtype
from .plan import Plan
from .tensor import Tensor, TensorLike

__all__ = ["function", "Function", "TensorSpec", "run_functions_eagerly", "functions_run_eagerly"]


class _Config:
    """``tk.config.run_functions_eagerly``'s switch."""

    __slots__ = ("run_eagerly",)

    def __init__(self) -> None:
        self.run_eagerly = False


_config = _Config()


def run_functions_eagerly(run_eagerly: bool) -> None:
    """``tk.config.run_functions_eagerly``: run every ``tk.function`` as plain Python."""
    _config.run_eagerly = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    """``tf.config.functions_run_eagerly``: whether tk.function runs bodies eagerly."""
    return _config.run_eagerly


class TensorSpec:
    """Shape and dtype of a function input (``None`` in a shape matches any size)."""

    def __init__(self, shape=None, dtype="float32", name=None):
        self.shape = None if shape is None else tuple(shape)
        self.dtype = as_dtype(dtype)
        self.name = name

    def is_compatible_with(self, t) -> bool:
        """TF's ``TensorSpec.is_compatible_with``: ``t`` is a tensor of this dtype and shape
        (a ``None`` size matches any)."""
        if not isinstance(t, TensorLike) or t.dtype is not self.dtype:
            return False
        if self.shape is None:
            return True
        shape = tuple(t.shape)
        return len(shape) == len(self.shape) and all(
            a is None or a == b for a, b in zip(self.shape, shape)
        )

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r}, name={self.name!r})"


_EAGER = object()  # plan cache marker: this signature always runs eagerly

# Signatures whose plans one Function keeps (least recently used dropped first), and how
# many traces in a row (no replay between) earn TF's retracing warning.
MAX_SIGNATURES = 64
RETRACE_WARN_AFTER = 5


def _signature(args, kwargs):
    """(hashable key, input tensors) for a call: shapes/dtypes of tensors, Python values."""
    if not kwargs and all(type(a) is Tensor for a in args):
        # the common call (no arguments, or tensors only): a cheap key
        return tuple((a._value.shape, a._value.dtype, type(a._value)) for a in args), list(args)
    flat = _nest.flatten([list(args), kwargs])
    key = [repr(_nest.map_structure(lambda _: 0, [list(args), kwargs]))]
    tensors = []
    for x in flat:
        if isinstance(x, TensorLike):
            if x._is_variable:
                key.append(("V", x._id))
            else:
                key.append(("T", tuple(x._value.shape), x.dtype.name, type(x._value)))
                tensors.append(x)
        else:
            try:
                hash(x)
                key.append(("P", type(x), x))
            except TypeError:
                key.append(("O", id(x)))
    return tuple(key), tensors


class Function:
    """A Python function compiled to replayable plans (``tk.function``)."""

    def __init__(
        self,
        python_function,
        input_signature=None,
        reduce_retracing=False,
        jit_compile=None,
        autograph=True,
        name=None,
    ):
        self.python_function = python_function
        self.input_signature = None if input_signature is None else list(input_signature)
        self.reduce_retracing = reduce_retracing
        self._plans: dict = {}
        self._traces = 0
        self._warned: set[str] = set()
        self._last_key = None
        self._traces_in_a_row = 0
        self._bound: dict = {}  # id(instance) -> its bound Function (dropped with it)
        self._owner = None
        functools.update_wrapper(self, python_function)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        key = id(instance)
        bound = self._bound.get(key)
        if bound is None or bound._owner() is not instance:
            # weak references only (as TF's): a method's plans must not keep its instance
            ref = weakref.ref(instance, lambda _, b=self._bound, k=key: b.pop(k, None))
            fn = self.python_function

            def method(*args, **kwargs):
                return fn(ref(), *args, **kwargs)

            functools.update_wrapper(method, fn)
            bound = Function(method, self.input_signature, self.reduce_retracing)
            bound._owner = ref
            self._bound[key] = bound
        return bound

    @property
    def tracing_count(self) -> int:
        """How many times the Python body has been traced."""
        return self._traces

    def experimental_get_tracing_count(self) -> int:
        """TF's ``Function.experimental_get_tracing_count``: same as ``tracing_count``."""
        return self._traces

    def _warn_once(self, key: str, text: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            warnings.warn(text, stacklevel=user_stacklevel())

    def __call__(self, *args, **kwargs):
        __tracebackhide__ = True
        if _config.run_eagerly or _tape.state.tracer is not None:
            return self.python_function(*args, **kwargs)  # eager, or inlined into a trace
        if self.input_signature is not None:
            self._check_signature(args)
        key, tensors = _signature(args, kwargs)
        cache = self._plans
        plans = cache.get(key)
        if plans is not None and key is not self._last_key and len(cache) > 1:
            cache[key] = cache.pop(key)  # most recently used last (LRU order)
            self._last_key = key
        if plans is _EAGER:
            return self.python_function(*args, **kwargs)
        if plans:
            for plan in plans:
                try:
                    out = plan.run(tensors)
                    self._traces_in_a_row = 0
                    return out
                except _trace.GuardFailed:
                    continue
            self._warn_once("branch", message("function_new_branch", name=self.__name__))
        return self._trace_and_run(key, args, kwargs, tensors)

    def _trace_and_run(self, key, args, kwargs, tensors):
        __tracebackhide__ = True  # runs the user's function: their frame is what matters
        tracer = _trace.Tracer(allow_variables=self._traces == 0)
        for t in tensors:
            tracer.add_input(t)
        owner = () if self._owner is None else (self._owner(),)
        tracer.name_inputs(_trace.input_names(self.python_function, (*owner, *args), kwargs))
        self._traces += 1
        self._traces_in_a_row += 1
        if self._traces_in_a_row == RETRACE_WARN_AFTER:
            self._warn_once(
                "retrace",
                message(
                    "function_retracing",
                    n=RETRACE_WARN_AFTER,
                    name=self.__name__,
                    limit=MAX_SIGNATURES,
                ),
            )
        with _trace.tracing(tracer):
            result = self.python_function(*args, **kwargs)
            # TF returns a Tensor of a returned Variable's value, never the Variable
            result = _nest.map_structure(
                lambda t: t.value() if isinstance(t, TensorLike) and t._is_variable else t,
                result,
            )
            out_refs = []
            for leaf in _nest.flatten(result):
                if isinstance(leaf, TensorLike):
                    out_refs.append((True, tracer.ref(leaf)))
                else:
                    out_refs.append((False, leaf))
        for emit in tracer.deferred:  # the traced tk.print calls, now executed
            emit()
        reason = tracer.reason or _side_effect_before_guard(tracer.steps)
        if reason is not None:
            self._plans[key] = _EAGER
            self._warn_once("eager", message("function_eager", name=self.__name__, reason=reason))
        else:
            self._plans.setdefault(key, []).append(Plan(tracer, result, out_refs))
        self._last_key = key
        while len(self._plans) > MAX_SIGNATURES:
            del self._plans[next(iter(self._plans))]  # the least recently used
        return result

    def _check_signature(self, args):
        specs = self.input_signature
        if len(args) != len(specs) or not all(s.is_compatible_with(a) for s, a in zip(specs, args)):
            got = [
                (tuple(a.shape), a.dtype.name) if isinstance(a, TensorLike) else type(a).__name__
                for a in args
            ]
            raise TypeError(message("function_signature", name=self.__name__, specs=specs, got=got))

    def __repr__(self) -> str:
        return f"<tk.function {self.__name__}>"


def _side_effect_before_guard(steps):
    seen_effect = False
    for step in steps:
        if step[0] in (_trace.ASSIGN, _trace.CALL):
            seen_effect = True
        elif step[0] == _trace.GUARD and seen_effect:
            return "the function branches on a tensor's value after changing a variable"
    return None


def function(
    func=None,
    input_signature=None,
    autograph=True,
    jit_compile=None,
    reduce_retracing=False,
    experimental_implements=None,
    experimental_autograph_options=None,
    experimental_attributes=None,
    experimental_relax_shapes=None,
    experimental_compile=None,
    experimental_follow_type_hints=None,
    name=None,
):
    """``@tk.function``: trace once per input signature, replay the plan afterwards."""

    def decorate(f):
        if not callable(f):
            raise TypeError(message("function_not_callable", type=type(f).__name__))
        return Function(
            f,
            input_signature=input_signature,
            reduce_retracing=reduce_retracing or bool(experimental_relax_shapes),
        )

    return decorate if func is None else decorate(func)
