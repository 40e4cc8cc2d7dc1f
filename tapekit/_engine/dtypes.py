"""TF dtype objects (``tk.float32``...) and TensorFlow's conversion rules, in one place."""

from __future__ import annotations

from .._messages import message

# ``tk.dtypes``'s names (``tapekit/dtypes.py`` and ``tapekit/__init__.py`` import them all;
# the top level adds ``bool``)
__all__ = [
    "DType",
    "as_dtype",
    "float16",
    "half",
    "float32",
    "float64",
    "double",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "complex64",
    "complex128",
]


class DType:
    """A TensorFlow-style dtype: compares equal to its name and to NumPy dtypes."""

    __slots__ = ("name", "is_floating", "is_integer", "is_bool", "is_complex", "size")

    def __init__(self, name: str, kind: str, size: int):
        self.name = name
        self.is_floating = kind == "f"
        self.is_integer = kind in "iu"
        self.is_bool = kind == "b"
        self.is_complex = kind == "c"
        self.size = size

    @property
    def is_unsigned(self) -> bool:
        """TF's ``DType.is_unsigned``: true for the ``uint`` dtypes."""
        return self.name.startswith("uint")

    @property
    def as_numpy_dtype(self):
        """TF's ``DType.as_numpy_dtype``: the NumPy scalar type (``numpy.float32``...)."""
        from .backend import np

        return np.dtype(self.name).type

    @property
    def base_dtype(self) -> DType:
        """TF's ``DType.base_dtype``: the dtype itself (tapekit has no reference dtypes)."""
        return self

    @property
    def real_dtype(self) -> DType:
        """TF's ``DType.real_dtype``: the float dtype of a complex one, else the dtype itself."""
        return {"complex64": float32, "complex128": float64}.get(self.name, self)

    @property
    def min(self):
        """TF's ``DType.min``: the smallest value of a float or integer dtype."""
        from .backend import np

        return (np.finfo if self.is_floating else np.iinfo)(self.name).min

    @property
    def max(self):
        """TF's ``DType.max``: the largest value of a float or integer dtype."""
        from .backend import np

        return (np.finfo if self.is_floating else np.iinfo)(self.name).max

    def __repr__(self) -> str:
        return f"tk.{self.name}"

    def __str__(self) -> str:
        return f"<dtype: '{self.name}'>"

    def __eq__(self, other) -> bool:
        if other is self:
            return True
        try:
            return as_dtype(other) is self
        except TypeError:
            return False

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(self.name)

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = half = DType("float16", "f", 2)
float32 = DType("float32", "f", 4)
float64 = double = DType("float64", "f", 8)
int8 = DType("int8", "i", 1)
int16 = DType("int16", "i", 2)
int32 = DType("int32", "i", 4)
int64 = DType("int64", "i", 8)
uint8 = DType("uint8", "u", 1)
uint16 = DType("uint16", "u", 2)
uint32 = DType("uint32", "u", 4)
uint64 = DType("uint64", "u", 8)
bool_ = DType("bool", "b", 1)
complex64 = DType("complex64", "c", 8)
complex128 = DType("complex128", "c", 16)

_BY_NAME = {d.name: d for d in list(globals().values()) if isinstance(d, DType)}  # all above
_ALIASES = {"half": float16, "float": float32, "double": float64, "bool_": bool_, "int": int32}


def as_dtype(value) -> DType:
    """``tk.as_dtype``: a DType from a DType, a name, a NumPy dtype or an Array API dtype."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str):
        d = _BY_NAME.get(value) or _ALIASES.get(value)
        if d is not None:
            return d
    elif value is bool:
        return bool_
    elif value is float:
        return float32
    elif value is int:
        return int32
    else:
        name = getattr(value, "name", None)  # NumPy dtype
        if not isinstance(name, str):
            name = getattr(value, "__name__", None)  # NumPy scalar type
        if not isinstance(name, str):
            name = str(value).rsplit(".", 1)[-1].rstrip("')>")  # array_api_strict.float32
        d = _BY_NAME.get(name) or _ALIASES.get(name)
        if d is not None:
            return d
    raise TypeError(message("dtype_unknown", value=repr(value)))


# dtype groups for the ops' declared dtype policies (``Primitive(dtypes=...)``), by name
FLOATING = frozenset({"float16", "float32", "float64"})
COMPLEX = frozenset({"complex64", "complex128"})
SIGNED = frozenset({"int8", "int16", "int32", "int64"})
UNSIGNED = frozenset({"uint8", "uint16", "uint32", "uint64"})
INTEGER = SIGNED | UNSIGNED
BOOL = frozenset({"bool"})
REAL = FLOATING | INTEGER
NUMBERS = REAL | COMPLEX
_TF_WORDS = {"float16": "half", "float32": "float", "float64": "double"}
_ORDER = ("float16", "float32", "float64", *sorted(SIGNED), *sorted(UNSIGNED), "complex64")


def tf_type_list(names) -> str:
    """Dtype names as TF's error messages list them (``half, float, double, int32``)."""
    order = {n: i for i, n in enumerate(_ORDER + ("complex128", "bool"))}
    return ", ".join(_TF_WORDS.get(n, n) for n in sorted(names, key=lambda n: order.get(n, 99)))
