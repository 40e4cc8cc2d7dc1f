"""``tk.dtypes``: the DType class and the dtype singletons."""

from ._engine.dtypes import (  # noqa: F401
    DType,
    as_dtype,
    complex64,
    complex128,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    uint8,
    uint16,
    uint32,
    uint64,
)
