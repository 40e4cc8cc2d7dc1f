"""Tensor: TF's printing, properties, operators, indexing, Python protocols and dtype rules.

Expected texts and values are TensorFlow 2.21's with ``tf.`` replaced by ``tk.``
(tests/reference/tf_engine.json, sections "repr", "dtypes" and "tape_rules").
"""

from __future__ import annotations

import numpy as np
import pytest

import tapekit as tk


def val(t):
    return np.asarray(t.numpy())


def grad_of(f, x, weights=None):
    """Gradient of sum(f(x) * weights) with respect to x."""
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
        w = np.ones(tuple(y.shape), dtype="float32") if weights is None else weights
        target = tk.reduce_sum(y * w)
    return tape.gradient(target, x)


# --------------------------------------------------------------------------- printing


@pytest.mark.parametrize(
    "make, text_str, text_repr",
    [
        (
            lambda: tk.constant(6.0),
            "tk.Tensor(6.0, shape=(), dtype=float32)",
            "<tk.Tensor: shape=(), dtype=float32, numpy=6.0>",
        ),
        (
            lambda: tk.constant(3),
            "tk.Tensor(3, shape=(), dtype=int32)",
            "<tk.Tensor: shape=(), dtype=int32, numpy=3>",
        ),
        (
            lambda: tk.constant(True),
            "tk.Tensor(True, shape=(), dtype=bool)",
            "<tk.Tensor: shape=(), dtype=bool, numpy=True>",
        ),
        (
            lambda: tk.constant([1.0, 2.0, 3.0]),
            "tk.Tensor([1. 2. 3.], shape=(3,), dtype=float32)",
            "<tk.Tensor: shape=(3,), dtype=float32, numpy=array([1., 2., 3.], dtype=float32)>",
        ),
        (
            lambda: tk.constant([[1, 2], [3, 4]]),
            "tk.Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)",
            "<tk.Tensor: shape=(2, 2), dtype=int32, numpy=\narray([[1, 2],\n       [3, 4]], dtype=int32)>",
        ),
        (
            lambda: tk.constant(np.arange(6.0).reshape(2, 3)),
            "tk.Tensor(\n[[0. 1. 2.]\n [3. 4. 5.]], shape=(2, 3), dtype=float64)",
            "<tk.Tensor: shape=(2, 3), dtype=float64, numpy=\narray([[0., 1., 2.],\n       [3., 4., 5.]])>",
        ),
        (
            lambda: tk.constant(np.float64(2.5)),
            "tk.Tensor(2.5, shape=(), dtype=float64)",
            "<tk.Tensor: shape=(), dtype=float64, numpy=2.5>",
        ),
        (
            lambda: tk.zeros((0, 3)),
            "tk.Tensor([], shape=(0, 3), dtype=float32)",
            "<tk.Tensor: shape=(0, 3), dtype=float32, numpy=array([], shape=(0, 3), dtype=float32)>",
        ),
    ],
)
def test_str_and_repr(make, text_str, text_repr):
    t = make()
    assert str(t) == text_str
    assert repr(t) == text_repr


def test_repr_of_float32_scalar_shows_python_float():
    # TF prints the float32 value widened to a Python float
    assert repr(tk.constant(3.14159265)) == (
        "<tk.Tensor: shape=(), dtype=float32, numpy=3.1415927410125732>"
    )
    assert str(tk.constant(3.14159265)) == "tk.Tensor(3.1415927, shape=(), dtype=float32)"


def test_list_of_tensors_prints_reprs():
    text = str([tk.constant(14.0), tk.constant(12.0)])
    assert text == (
        "[<tk.Tensor: shape=(), dtype=float32, numpy=14.0>, "
        "<tk.Tensor: shape=(), dtype=float32, numpy=12.0>]"
    )


def test_print_uses_str(capsys):
    print("dy1_dx:", tk.constant(2.0))
    assert capsys.readouterr().out == "dy1_dx: tk.Tensor(2.0, shape=(), dtype=float32)\n"


def test_format_spec():
    s = tk.constant(2.5)
    assert format(s, ".2f") == "2.50"
    assert f"{s:.1f}" == "2.5"


def test_fstring_without_spec_formats_the_value():
    assert f"{tk.constant(2.5)}" == "2.5"


# --------------------------------------------------------------------------- properties


def test_properties():
    t = tk.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert t.shape == (2, 3)
    assert isinstance(t.shape, tk.TensorShape)
    assert t.shape.as_list() == [2, 3]
    assert repr(t.shape) == "TensorShape([2, 3])"
    assert str(t.shape) == "(2, 3)"
    assert repr(tk.constant(6.0).shape) == "TensorShape([])"
    assert t.dtype == tk.float32
    assert t.dtype is tk.float32
    assert repr(t.dtype) == "tk.float32"
    assert str(t.dtype) == "<dtype: 'float32'>"
    assert t.dtype.name == "float32"
    assert t.ndim == 2
    assert isinstance(t.device, str)
    assert t.device.startswith("/job:localhost/replica:0/task:0/device:")


@pytest.mark.numpy_only
def test_device_string_numpy():
    assert tk.constant(1.0).device == "/job:localhost/replica:0/task:0/device:CPU:0"
    assert tk.Variable(1.0).device == "/job:localhost/replica:0/task:0/device:CPU:0"


def test_numpy_returns_host_values():
    s = tk.constant(1.0).numpy()
    assert type(s) is np.float32 and repr(s) == "np.float32(1.0)"
    a = tk.constant([1.0]).numpy()
    assert type(a) is np.ndarray and repr(a) == "array([1.], dtype=float32)"


def test_numpy_is_a_copy():
    t = tk.constant([1.0, 2.0])
    a = t.numpy()
    a[0] = 100.0
    assert val(t).tolist() == [1.0, 2.0]


@pytest.mark.numpy_only
def test_constant_from_numpy_does_not_alias():
    a = np.array([1.0, 2.0], dtype=np.float32)
    t = tk.constant(a)
    a[0] = 100.0
    assert val(t).tolist() == [1.0, 2.0]


# --------------------------------------------------------------------------- operators


def test_binary_operators():
    a = tk.constant([7.0, -7.0])
    b = tk.constant([2.0, 2.0])
    cases = {
        "+": (a + b, [9.0, -5.0]),
        "-": (a - b, [5.0, -9.0]),
        "*": (a * b, [14.0, -14.0]),
        "/": (a / b, [3.5, -3.5]),
        "//": (a // b, [3.0, -4.0]),
        "%": (a % b, [1.0, 1.0]),
        "**": (b**b, [4.0, 4.0]),
    }
    for op, (got, expected) in cases.items():
        assert isinstance(got, tk.Tensor), op
        assert got.dtype == tk.float32, op
        assert val(got).tolist() == expected, op


def test_reflected_operators_with_python_numbers():
    x = tk.constant([1.0, 2.0])
    cases = {
        "radd": (3.0 + x, [4.0, 5.0]),
        "rsub": (10 - x, [9.0, 8.0]),
        "rmul": (2.5 * x, [2.5, 5.0]),
        "rtruediv": (1 / x, [1.0, 0.5]),
        "rfloordiv": (7 // x, [7.0, 3.0]),
        "rmod": (7 % x, [0.0, 1.0]),
        "rpow": (2**x, [2.0, 4.0]),
    }
    for op, (got, expected) in cases.items():
        assert isinstance(got, tk.Tensor), op
        assert got.dtype == tk.float32, op
        assert val(got).tolist() == expected, op


def test_reflected_operators_with_numpy():
    x = tk.constant([1.0, 2.0])
    got = np.array([1.0, 2.0]) * x
    assert isinstance(got, tk.Tensor) and got.dtype == tk.float32
    assert val(got).tolist() == [1.0, 4.0]
    got = np.float64(2.0) - x
    assert isinstance(got, tk.Tensor) and got.dtype == tk.float32
    assert val(got).tolist() == [1.0, 0.0]


def test_matmul_operator():
    a = tk.constant([[1.0, 2.0]])
    b = tk.constant([[3.0], [4.0]])
    assert val(a @ b).tolist() == [[11.0]]
    assert val(np.array([[1.0, 1.0]], dtype=np.float32) @ b).tolist() == [[7.0]]
    assert val(b @ a).tolist() == [[3.0, 6.0], [4.0, 8.0]]


def test_unary_operators():
    x = tk.constant([1.5, -2.0])
    assert val(-x).tolist() == [-1.5, 2.0]
    assert val(abs(x)).tolist() == [1.5, 2.0]
    assert val(+x).tolist() == [1.5, -2.0]
    i = tk.constant([1, -2])
    assert (-i).dtype == tk.int32 and val(abs(i)).tolist() == [1, 2]
    b = tk.constant([True, False])
    assert val(~b).tolist() == [False, True]
    assert val(b & tk.constant([True, True])).tolist() == [True, False]
    assert val(b | tk.constant([False, True])).tolist() == [True, True]
    assert val(b ^ tk.constant([True, True])).tolist() == [False, True]


def test_comparisons_give_boolean_tensors():
    x = tk.constant([1.0, 2.0, 3.0])
    for got, expected in [
        (x < 2.0, [True, False, False]),
        (x <= 2.0, [True, True, False]),
        (x > 2.0, [False, False, True]),
        (x >= 2.0, [False, True, True]),
        (x == tk.constant([1.0, 0.0, 3.0]), [True, False, True]),
        (x != tk.constant([1.0, 0.0, 3.0]), [False, True, False]),
        (1.5 < x, [False, True, True]),
    ]:
        assert isinstance(got, tk.Tensor)
        assert got.dtype == tk.bool
        assert val(got).tolist() == expected


def test_equality_with_none_is_python_bool():
    x = tk.constant([1.0, 2.0])
    assert (x == None) is False  # noqa: E711
    assert (x != None) is True  # noqa: E711


def test_equality_incompatible_shapes_gives_false_tensor():
    got = tk.constant([1.5, 2.5]) == tk.constant([1.0, 2.0, 3.0])
    assert isinstance(got, tk.Tensor) and got.shape == () and bool(got) is False


def test_operator_gradients():
    x = tk.constant([1.0, 2.0])
    np.testing.assert_allclose(val(grad_of(lambda t: 3.0 - t, x)), [-1.0, -1.0])
    np.testing.assert_allclose(val(grad_of(lambda t: 2.0 / t, x)), [-2.0, -0.5])
    np.testing.assert_allclose(
        val(grad_of(lambda t: 2.0**t, x)), np.log(2.0) * np.array([2.0, 4.0]), rtol=1e-6
    )
    np.testing.assert_allclose(val(grad_of(lambda t: t**3, x)), [3.0, 12.0])
    np.testing.assert_allclose(val(grad_of(lambda t: -t * abs(t), x)), [-2.0, -4.0])
    np.testing.assert_allclose(val(grad_of(lambda t: np.float32(4.0) * t, x)), [4.0, 4.0])
    m = tk.constant([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(val(grad_of(lambda t: t @ t, m)), [[7.0, 11.0], [9.0, 13.0]])


# --------------------------------------------------------------------------- indexing

X23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def _weights(shape):
    n = int(np.prod(shape))
    return np.linspace(0.5, 1.5, n).reshape(shape).astype("float32")


@pytest.mark.parametrize(
    "key, x, expected, grad",
    [
        # (key, input, value, gradient of sum(out * linspace(0.5, 1.5))) from TF 2.21
        (np.s_[1:], [1.0, 2.0, 3.0], [2.0, 3.0], [0.0, 0.5, 1.5]),
        (np.s_[..., 0], X23, [1.0, 4.0], [[0.5, 0.0, 0.0], [1.5, 0.0, 0.0]]),
        (np.s_[1], X23, [4.0, 5.0, 6.0], [[0.0, 0.0, 0.0], [0.5, 1.0, 1.5]]),
        (np.s_[::-1], [1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [1.5, 1.0, 0.5]),
        (np.s_[:, 1:], X23, [[2.0, 3.0], [5.0, 6.0]], [[0, 0.5, 0.8333333], [0, 1.1666666, 1.5]]),
        (np.s_[-1, -2], X23, 5.0, [[0, 0, 0], [0, 0.5, 0]]),
    ],
)
def test_basic_indexing_is_differentiable(key, x, expected, grad):
    x = tk.constant(x)
    y = x[key]
    np.testing.assert_allclose(val(y), expected)
    g = grad_of(lambda t: t[key], x, _weights(np.shape(expected)))
    assert g.shape == x.shape
    np.testing.assert_allclose(val(g), grad, rtol=1e-6)


def test_newaxis_indexing_is_differentiable():
    x = tk.constant(X23)
    key = (None, slice(None), 1)
    y = x[key]
    assert y.shape == (1, 2)
    np.testing.assert_allclose(val(y), [[2.0, 5.0]])
    g = grad_of(lambda t: t[key], x, _weights((1, 2)))
    np.testing.assert_allclose(val(g), [[0.0, 0.5, 0.0], [0.0, 1.5, 0.0]])


def test_scalar_tensor_index():
    x = tk.constant([1.0, 2.0, 3.0])
    np.testing.assert_allclose(val(x[tk.constant(1)]), 2.0)
    g = grad_of(lambda t: t[tk.constant(1)], x)
    np.testing.assert_allclose(val(g), [0.0, 1.0, 0.0])


@pytest.mark.parametrize(
    "make_key",
    [lambda: tk.constant([0, 2, 2]), lambda: np.array([0, 2, 2]), lambda: [0, 2, 2]],
    ids=["tk", "np", "list"],  # a list is NumPy's integer-array index (README differences)
)
def test_integer_array_indexing_is_differentiable(make_key):
    x = tk.constant([1.0, 2.0, 3.0])
    key = make_key()
    np.testing.assert_allclose(val(x[key]), [1.0, 3.0, 3.0])
    g = grad_of(lambda t: t[key], x, _weights((3,)))
    np.testing.assert_allclose(val(g), [0.5, 0.0, 2.5])  # repeated indices accumulate


@pytest.mark.parametrize(
    "make_key",
    [lambda: tk.constant([True, False, True]), lambda: np.array([True, False, True])],
    ids=["tk", "np"],
)
def test_boolean_mask_indexing_is_differentiable(make_key):
    x = tk.constant([1.0, 2.0, 3.0])
    key = make_key()
    np.testing.assert_allclose(val(x[key]), [1.0, 3.0])
    g = grad_of(lambda t: t[key], x, _weights((2,)))
    np.testing.assert_allclose(val(g), [0.5, 0.0, 1.5])  # TF 2.21's numbers


def test_boolean_mask_function():
    x = tk.constant([1.0, 2.0, 3.0])
    np.testing.assert_allclose(val(tk.boolean_mask(x, [True, False, True])), [1.0, 3.0])


def test_index_errors():
    x = tk.constant([1.0, 2.0, 3.0])
    with pytest.raises(IndexError):
        x[5]


# --------------------------------------------------------------------------- Python protocols


def test_python_scalars():
    s = tk.constant(2.5)
    assert float(s) == 2.5 and type(float(s)) is float
    assert int(s) == 2
    assert bool(s) is True
    assert bool(tk.constant(0.0)) is False
    assert int(tk.constant(3)) == 3
    assert [10, 20, 30, 40][tk.constant(3)] == 40  # __index__


def test_python_control_flow_on_tensors():
    x = tk.constant(3.0)
    out = "big" if x > 2.0 else "small"
    assert out == "big"
    n = 0
    while tk.constant(float(n)) < 3.0:
        n += 1
    assert n == 3


@pytest.mark.parametrize("conv", [float, int])
def test_scalar_conversion_of_non_scalar_raises_type_error(conv):
    with pytest.raises(TypeError):
        conv(tk.constant([1.5, 2.5]))


@pytest.mark.parametrize("conv", [float, int])
def test_scalar_conversion_of_shape_1_raises_like_tf(conv):
    with pytest.raises(TypeError):
        conv(tk.constant([1.5]))


def test_bool_of_vector_raises_value_error():
    with pytest.raises(ValueError, match="ambiguous"):
        bool(tk.constant([1.5, 2.5]))


def test_len_and_iteration():
    v = tk.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert len(v) == 3
    rows = list(v)
    assert len(rows) == 3
    assert all(isinstance(r, tk.Tensor) for r in rows)
    assert val(rows[2]).tolist() == [5.0, 6.0]
    a, b = tk.constant([1.0, 2.0])  # unpacking
    assert float(a) == 1.0 and float(b) == 2.0


def test_len_and_iter_of_scalar_raise():
    s = tk.constant(2.5)
    with pytest.raises(TypeError, match="Scalar tensor has no `len\\(\\)`"):
        len(s)
    with pytest.raises(TypeError, match="Cannot iterate over a scalar tensor."):
        for _ in s:
            pass


def test_iteration_is_differentiable():
    x = tk.constant([1.0, 2.0, 3.0])
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = sum(e * e for e in x)
    np.testing.assert_allclose(val(tape.gradient(y, x)), [2.0, 4.0, 6.0])


def test_tensors_are_immutable():
    t = tk.constant([1.0, 2.0])
    with pytest.raises(TypeError, match="does not support item assignment"):
        t[0] = 1.0
    assert val(t).tolist() == [1.0, 2.0]


def test_unhashable_and_ref():
    a = tk.constant(1.0)
    b = tk.constant(1.0)
    with pytest.raises(TypeError, match=r"Tensor is unhashable. Instead, use tensor.ref\(\)"):
        hash(a)
    with pytest.raises(TypeError):
        {a: 1}  # noqa: B018
    d = {a.ref(): "a", b.ref(): "b"}
    assert len(d) == 2
    assert d[a.ref()] == "a"
    assert a.ref() == a.ref()
    assert a.ref() != b.ref()
    assert a.ref().deref() is a
    assert a.experimental_ref().deref() is a


@pytest.mark.numpy_only
def test_np_asarray():
    a = np.asarray(tk.constant([1.5, 2.5]))
    assert a.dtype == np.float32 and a.tolist() == [1.5, 2.5]
    assert np.asarray(tk.constant(2.5)).shape == ()


# --------------------------------------------------------------------------- dtype rules


@pytest.mark.parametrize(
    "make, dtype, value",
    [
        (lambda: tk.constant(3), "int32", 3),
        (lambda: tk.constant(3.0), "float32", 3.0),
        (lambda: tk.constant(True), "bool", True),
        (lambda: tk.constant([1, 2.0]), "float32", [1.0, 2.0]),
        (lambda: tk.constant(np.array([1.0, 2.0])), "float64", [1.0, 2.0]),
        (lambda: tk.constant(np.array([1, 2])), "int64", [1, 2]),
        (lambda: tk.constant(np.float32(1)), "float32", 1.0),
        (lambda: tk.constant(3, dtype=tk.float32), "float32", 3.0),
        (lambda: tk.convert_to_tensor(2.0), "float32", 2.0),
        (lambda: tk.ones((2, 2)), "float32", [[1.0, 1.0], [1.0, 1.0]]),
        (lambda: tk.range(5), "int32", [0, 1, 2, 3, 4]),
        (lambda: tk.range(5.0), "float32", [0.0, 1.0, 2.0, 3.0, 4.0]),
        (lambda: tk.cast(tk.constant([1.7, -1.7]), tk.int32), "int32", [1, -1]),
    ],
)
def test_creation_dtypes(make, dtype, value):
    t = make()
    assert t.dtype == dtype
    assert val(t).tolist() == value


F32 = [1.0, 2.0]


@pytest.mark.parametrize(
    "expr, dtype, value",
    [
        (lambda f32, i32: f32 + np.array([1.0, 2.0]), "float32", [2.0, 4.0]),
        (lambda f32, i32: f32 * 2, "float32", [2.0, 4.0]),
        (lambda f32, i32: f32 * 2.5, "float32", [2.5, 5.0]),
        (lambda f32, i32: 2.5 * f32, "float32", [2.5, 5.0]),
        (lambda f32, i32: i32 + 1, "int32", [2, 3]),
        (lambda f32, i32: i32 // 2, "int32", [0, 1]),
        (lambda f32, i32: i32**2, "int32", [1, 4]),
        (lambda f32, i32: i32 % 2, "int32", [1, 0]),
        (lambda f32, i32: i32 / 2, "float64", [0.5, 1.0]),
        (lambda f32, i32: i32 / i32, "float64", [1.0, 1.0]),
        (lambda f32, i32: f32 + [1.0, 2.0], "float32", [2.0, 4.0]),
        (lambda f32, i32: np.float64(2.0) * f32, "float32", [2.0, 4.0]),
        (lambda f32, i32: np.array([1.0, 2.0]) * f32, "float32", [1.0, 4.0]),
        (lambda f32, i32: f32 + np.float64(2.0), "float32", [3.0, 4.0]),
        (lambda f32, i32: tk.constant(F32, tk.float64) + 1.5, "float64", [2.5, 3.5]),
    ],
)
def test_operand_conversion_follows_tf(expr, dtype, value):
    r = expr(tk.constant(F32), tk.constant([1, 2]))
    assert isinstance(r, tk.Tensor)
    assert r.dtype == dtype
    assert val(r).tolist() == value


@pytest.mark.numpy_only  # array_api_strict has no float16
def test_float16_plus_python_float_stays_float16():
    r = tk.constant(F32, tk.float16) + 1.0
    assert r.dtype == tk.float16
    assert val(r).tolist() == [2.0, 3.0]


def test_variable_times_numpy_float64_stays_float32():
    v = tk.Variable([1.0])
    data = np.random.default_rng(0).random((100, 1))
    r = v * data
    assert r.dtype == tk.float32 and r.shape == (100, 1)
    np.testing.assert_allclose(val(r)[:3, 0], data[:3, 0].astype(np.float32))


def test_mixed_float_tensors_raise_invalid_argument():
    f32 = tk.constant([1.0, 2.0])
    f64 = tk.constant([1.0, 2.0], tk.float64)
    with pytest.raises(tk.errors.InvalidArgumentError) as err:
        f32 + f64
    assert isinstance(err.value, ValueError)
    assert str(err.value).startswith(
        "cannot compute AddV2 as input #1(zero-based) was expected to be a float tensor "
        "but is a double tensor [Op:AddV2]"
    )
    with pytest.raises(ValueError):
        f32 * tk.constant([1, 2])


@pytest.mark.parametrize(
    "expr", [lambda: tk.constant(3.5, dtype=tk.int32), lambda: tk.constant([1, 2]) * 1.5]
)
def test_float_into_int_raises_type_error(expr):
    with pytest.raises(TypeError, match=r"Cannot convert \d\.5 to "):
        expr()


def test_incompatible_shapes_raise_invalid_argument():
    with pytest.raises(
        tk.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"
    ):
        tk.constant([1.0, 2.0]) + tk.constant([1.0, 2.0, 3.0])


# --------------------------------------------------------------------------- DLPack


def test_dlpack_to_numpy():
    t = tk.constant([1.0, 2.0, 3.0])
    a = np.from_dlpack(t)
    assert a.dtype == np.float32
    assert a.tolist() == [1.0, 2.0, 3.0]
    assert t.__dlpack_device__()[0] == 1  # kDLCPU


@pytest.mark.numpy_only
def test_dlpack_is_zero_copy():
    t = tk.constant(np.arange(4.0))
    a = np.from_dlpack(t)
    assert np.shares_memory(a, np.asarray(t))


def test_dlpack_into_array_api_strict():
    import array_api_strict as xps

    t = tk.constant([[1.0, 2.0]])
    a = xps.from_dlpack(t)
    assert a.shape == (1, 2)
    assert a.dtype == xps.float32
