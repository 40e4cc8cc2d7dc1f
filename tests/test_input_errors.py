"""Bad input to the engine's entry points (issue 16): the error is tapekit's own, of TF's
type, raised where the user made the mistake, and a warning names the user's line.

(tests/magics/test_bad_input_kernel.py shows the same inputs through a kernel; these check
the API: the exception's type and fields, the warning's file and line, each backend.)
"""

from __future__ import annotations

import warnings

import pytest

import tapekit as tk

RAGGED = [[1.0, 2.0], [3.0]]


@pytest.mark.parametrize("dtype", [None, tk.float64, tk.int32])
def test_a_ragged_list_is_refused_as_tf_does(dtype):
    with pytest.raises(ValueError, match="non-rectangular Python sequence") as info:
        tk.constant(RAGGED if dtype is not tk.int32 else [[1, 2], [3]], dtype=dtype)
    assert "inhomogeneous" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.numpy_only
@pytest.mark.parametrize(
    ("make", "op", "nbytes"),
    [
        (lambda: tk.ones((10**6, 10**6)), "Ones", "4,000,000,000,000"),
        (lambda: tk.zeros((10**6, 10**6), dtype=tk.float64), "Zeros", "8,000,000,000,000"),
        (lambda: tk.fill((10**6, 10**6), 2), "Fill", "4,000,000,000,000"),
    ],
)
def test_an_allocation_too_big_is_a_resource_exhausted_error(make, op, nbytes):
    with pytest.raises(tk.errors.ResourceExhaustedError) as info:
        make()
    text = str(info.value)
    assert text.startswith("OOM when allocating tensor with shape[1000000,1000000]")
    assert f"{nbytes} bytes" in text and f"[Op:{op}]" in text
    assert isinstance(info.value, MemoryError)  # code catching MemoryError still does
    assert info.value.__suppress_context__  # NumPy's own error is not chained onto it


@pytest.mark.parametrize("not_a_function", [3, "f", [len]])
def test_tk_function_of_a_non_callable_is_a_type_error(not_a_function):
    with pytest.raises(TypeError, match="tk.function needs a Python function"):
        tk.function(not_a_function)
    with pytest.raises(TypeError, match="callable"):
        tk.function(input_signature=None)(not_a_function)


def _caught(call):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        call()
    return [w for w in seen if issubclass(w.category, UserWarning)]


@pytest.mark.numpy_only
def test_tk_functions_warnings_name_the_users_line():
    @tk.function
    def leaves(a):
        return a.numpy()

    retraced = tk.function(lambda a: a * 2)

    def retrace():
        for n in range(1, 12):
            retraced(tk.ones((n,)))  # the line the retracing warning names

    (eager,) = _caught(lambda: leaves(tk.constant(2.0)))
    (again,) = _caught(retrace)
    assert "runs eagerly" in str(eager.message) and "retracing" in str(again.message)
    for w in (eager, again):
        assert w.filename == __file__, w.filename
    assert again.lineno == retrace.__code__.co_firstlineno + 2
