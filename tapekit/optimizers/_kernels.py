"""Array and scalar helpers for the update rules.

An update rule is written once, against a *kernel* ``k`` whose functions have NumPy's
ufunc signature ``k.multiply(a, b, out=buffer)``:

* on NumPy the kernel is NumPy itself, so with ``out`` buffers every step updates the
  variable, its slots and a few persistent scratch arrays in place (no allocation);
* on any other Array API namespace (``array_api_strict``, CuPy through
  ``array-api-compat``) it is :class:`Functional`, which ignores ``out`` and returns new
  arrays.

Scalars (learning rate, bias corrections...) are computed on the host as Python floats
rounded to the variable's dtype after every operation, which reproduces TensorFlow's
float32 scalar tensor arithmetic exactly (double rounding is innocuous for ``+ - * /``
and ``sqrt`` from float64 down to float32 or float16).
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.variable import _UNSHARED_REFS, _count_refs, _getrefcount

_HOST_ARRAY = _backend.HOST_ARRAY
_HOST_SCALAR = _backend.HOST_SCALAR


class Functional:
    """NumPy-ufunc-shaped functions for any Array API namespace; ``out`` is ignored.

    Arithmetic goes through operators, which accept Python scalars in every version of
    the standard.
    """

    __slots__ = ("xp",)

    def __init__(self, xp):
        self.xp = xp

    @staticmethod
    def add(a, b, out=None):
        """``a + b`` (a new array)."""
        return a + b

    @staticmethod
    def subtract(a, b, out=None):
        """``a - b`` (a new array)."""
        return a - b

    @staticmethod
    def multiply(a, b, out=None):
        """``a * b`` (a new array)."""
        return a * b

    @staticmethod
    def divide(a, b, out=None):
        """``a / b`` (a new array)."""
        return a / b

    @staticmethod
    def square(a, out=None):
        """``a * a`` (a new array)."""
        return a * a

    @staticmethod
    def negative(a, out=None):
        """``-a`` (a new array)."""
        return -a

    def sqrt(self, a, out=None):
        """The namespace's ``sqrt`` (a new array)."""
        return self.xp.sqrt(a)

    def absolute(self, a, out=None):
        """The namespace's ``abs`` (a new array)."""
        return self.xp.abs(a)

    def maximum(self, a, b, out=None):
        """The namespace's elementwise ``maximum`` (a new array)."""
        return self.xp.maximum(a, b)


_FUNCTIONAL: dict = {}


def kernel_for(raw):
    """The kernel an update rule runs with on arrays like ``raw``: NumPy itself for a NumPy
    array with dimensions (``out=`` buffers), else a cached :class:`Functional` (for 0-d
    NumPy values, NumPy's functions on NumPy scalars)."""
    k = _backend.ufunc_kernel(raw)
    if k is None:
        xp = _backend.namespace_of(raw)
        k = _FUNCTIONAL.get(id(xp))
        if k is None:
            k = _FUNCTIONAL[id(xp)] = Functional(xp)
    return k


def writable(holder) -> bool:
    """True when ``holder._value`` (a Variable's array) may be updated in place.

    That is: an array the in-place kernel may write (a NumPy array that owns its memory)
    and that nothing else references (no tape snapshot, no Tensor from ``value()``, no
    caller's NumPy array), the same test ``Variable.assign_sub`` uses.
    """
    if _getrefcount is None or _count_refs(holder) > _UNSHARED_REFS:
        return False
    return _backend.writable_buffer(holder._value)


def moving_average(k, x, s, i, o, t, one_minus_beta):
    """``s[i] += (x - s[i]) * (1 - beta)`` into ``o[i + 1]`` (scratch ``t``); the new ``s[i]``."""
    d = k.subtract(x, s[i], out=t)
    d = k.multiply(d, one_minus_beta, out=t)
    s[i] = k.add(s[i], d, out=o[i + 1])
    return s[i]


def rounder(dtype_name: str):
    """``r(x)``: the Python float ``x`` rounded to ``dtype_name`` (identity for float64)."""
    if dtype_name == "float64":
        return float
    ftype = _backend.host.dtype(dtype_name).type

    def r(x):
        return float(ftype(x))

    return r


_round32 = rounder("float32")


def caster(r):
    """TF's ``tf.cast(python_number, dtype)``: the number becomes a float32 tensor first,
    then ``dtype`` (``r``) -- unlike a Python number meeting a tensor in arithmetic."""
    if r is _round32:
        return r
    return lambda x: r(_round32(x))


def host_scalar(value) -> float:
    """A 0-d array (any namespace), Tensor or number as a Python float."""
    raw = getattr(value, "_value", value)
    if type(raw) is _HOST_ARRAY or isinstance(raw, (int, float, _HOST_SCALAR)):
        return float(raw)
    return float(_backend.to_host(raw)[()])
