"""Variable: creation, printing, assignment, and how tapes see its reads."""

from __future__ import annotations

import numpy as np
import pytest

import tapekit as tk


def val(t):
    return np.asarray(t.numpy())


def test_defaults():
    v = tk.Variable(1.0)
    assert v.trainable is True
    assert v.name == "Variable:0"
    assert v.dtype == tk.float32
    assert v.shape == ()
    assert tk.Variable([1.0, 2.0], name="w").name == "w:0"
    assert tk.Variable(3, trainable=False).trainable is False


def test_repr_and_str():
    assert repr(tk.Variable(1.0)) == "<tk.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>"
    w = tk.Variable([1.0, 2.0], name="w")
    text = "<tk.Variable 'w:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>"
    assert repr(w) == text
    assert str(w) == text
    assert repr(tk.Variable(3, trainable=False)) == (
        "<tk.Variable 'Variable:0' shape=() dtype=int32, numpy=3>"
    )


def test_dtype_argument_converts_numpy_float64():
    np.random.seed(0)
    v = tk.Variable(np.random.randn(1), dtype=tk.float32)
    assert v.dtype == tk.float32
    np.testing.assert_allclose(val(v), [1.764052391052246], rtol=1e-7)  # TF 2.21's value


def test_initial_value_callable_and_tensor():
    assert val(tk.Variable(lambda: tk.constant([1.0, 2.0]))).tolist() == [1.0, 2.0]
    t = tk.constant([1.0, 2.0])
    v = tk.Variable(t)
    v.assign_add([1.0, 1.0])
    assert val(t).tolist() == [1.0, 2.0]  # the variable owns a copy
    assert val(v).tolist() == [2.0, 3.0]


def test_assign_family():
    v = tk.Variable([1.0, 2.0])
    assert v.assign([5.0, 6.0]) is v
    assert val(v).tolist() == [5.0, 6.0]
    v.assign_add([1.0, 1.0])
    assert val(v).tolist() == [6.0, 7.0]
    v.assign_sub(tk.constant([6.0, 6.0]))
    assert val(v).tolist() == [0.0, 1.0]
    assert v.dtype == tk.float32


def test_assign_keeps_dtype_of_numpy_float64_operand():
    v = tk.Variable([1.0])
    v.assign_sub(np.array([0.5]))
    assert v.dtype == tk.float32
    assert val(v).tolist() == [0.5]


def test_assign_wrong_shape_raises():
    v = tk.Variable([1.0, 2.0])
    with pytest.raises(ValueError):
        v.assign([1.0, 2.0, 3.0])
    assert val(v).tolist() == [1.0, 2.0]


def test_value_is_a_snapshot():
    v = tk.Variable([1.0, 2.0])
    r = v.value()
    n = v.numpy()
    t = tk.convert_to_tensor(v)
    v.assign_add([1.0, 1.0])
    assert isinstance(r, tk.Tensor) and isinstance(t, tk.Tensor)
    assert val(r).tolist() == [1.0, 2.0]
    assert val(t).tolist() == [1.0, 2.0]
    assert n.tolist() == [1.0, 2.0]
    assert val(v.read_value()).tolist() == [2.0, 3.0]


@pytest.mark.numpy_only
def test_variable_from_numpy_view_does_not_write_back():
    base = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    v = tk.Variable(base[:2])
    v.assign_add([1.0, 1.0])
    assert val(v).tolist() == [2.0, 3.0]
    assert base.tolist() == [1.0, 2.0, 3.0]


def test_operators_and_ops_read_the_variable():
    v = tk.Variable([1.0, 2.0])
    assert isinstance(v + 1.0, tk.Tensor)
    assert val(v * v).tolist() == [1.0, 4.0]
    assert val(2.0 - v).tolist() == [1.0, 0.0]
    assert val(tk.reduce_sum(v)).tolist() == 3.0
    assert val(v[1]).tolist() == 2.0
    assert float(tk.Variable(2.5)) == 2.5


def test_variables_are_immutable_by_item_and_unhashable():
    w = tk.Variable([1.0, 2.0])
    with pytest.raises(TypeError, match="does not support item assignment"):
        w[0] = 1.0
    with pytest.raises(TypeError, match="unhashable"):
        hash(w)
    assert {w.ref(): 1}[w.ref()] == 1


def test_gradient_follows_variable_across_steps():
    """Seed 002's loop shape: the same variable is a source before and after updates."""
    w = tk.Variable(0.0)
    for _ in range(3):
        with tk.GradientTape() as tape:
            loss = (w - 3.0) ** 2
        (g,) = tape.gradient(loss, [w])
        w.assign_sub(0.25 * g)
    # w_{k+1} = w_k - 0.5 (w_k - 3): 1.5, 2.25, 2.625
    assert float(w) == pytest.approx(2.625)


def test_gradient_wrt_variable_is_a_plain_tensor():
    v = tk.Variable([1.0, 2.0])
    with tk.GradientTape() as tape:
        y = tk.reduce_sum(v * v)
    g = tape.gradient(y, v)
    assert type(g) is tk.Tensor
    assert val(g).tolist() == [2.0, 4.0]


def test_read_through_value_is_recorded():
    v = tk.Variable(3.0)
    with tk.GradientTape() as tape:
        y = v.value() * 2.0
    assert float(tape.gradient(y, v)) == 2.0


def test_convert_to_tensor_dtype_mismatch_raises():
    with pytest.raises(ValueError):
        tk.convert_to_tensor(tk.Variable(1.0), dtype=tk.float64)


def test_scalar_reads_keep_the_value_they_read_across_updates():
    """A scalar variable's reads are shared until it changes; recorded ones never change."""
    v = tk.Variable(2.0)
    with tk.GradientTape(persistent=True) as tape:
        y = v * v  # two reads of 2.0
    v.assign_sub(tk.constant(0.5))  # a tensor of the variable's dtype: the short path
    assert float(v) == 1.5
    v.assign_add(1.0)
    v.assign(10.0)
    assert float(tape.gradient(y, v)) == 4.0  # 2 * 2.0, the recorded value
    with tk.GradientTape() as tape2:
        z = v * 3.0 + v
    assert float(z) == 40.0
    assert float(tape2.gradient(z, v)) == 4.0
    with pytest.raises(ValueError, match="tk.cast"):
        v.assign_sub(tk.constant(1.0, dtype=tk.float64))
    assert float(v) == 10.0
