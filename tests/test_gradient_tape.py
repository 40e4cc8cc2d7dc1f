"""GradientTape: every TensorFlow rule of the engine issue, on every backend.

Expected values are TensorFlow 2.21's (see tests/reference/tf_engine.json, "tape_rules");
where TF prints a message, the test checks our text starts with TF's (``tf.`` -> ``tk.``).
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest

import tapekit as tk

NON_PERSISTENT_TF = (
    "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)"
)


def val(t):
    """Host NumPy value of a tensor."""
    return np.asarray(t.numpy())


def assert_tensor(t, expected, dtype="float32"):
    assert isinstance(t, tk.Tensor), type(t)
    assert t.dtype == dtype
    np.testing.assert_allclose(val(t), np.asarray(expected, dtype=dtype), rtol=1e-6)


# --------------------------------------------------------------------------- watch


def test_watch_tensor():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert_tensor(tape.gradient(y, x), 6.0)


def test_watch_nested_structure():
    a, b, c = tk.constant(1.0), tk.constant(2.0), tk.constant(3.0)
    with tk.GradientTape(persistent=True) as tape:
        tape.watch({"a": a, "rest": [b, (c,)]})
        f = a * b * c
    assert_tensor(tape.gradient(f, a), 6.0)
    assert_tensor(tape.gradient(f, b), 3.0)
    assert_tensor(tape.gradient(f, c), 2.0)


def test_watch_list_of_constants_seed_003():
    x = tk.Variable(0.0, name="x")
    a, b, c = tk.constant(1.0), tk.constant(-2.0), tk.constant(1.0)
    with tk.GradientTape() as tape:
        tape.watch([a, b, c])
        y = a * tk.pow(x, 2) + b * x + c
    dy_dx, dy_da, dy_db, dy_dc = tape.gradient(y, [x, a, b, c])
    assert_tensor(dy_dx, -2.0)
    assert_tensor(dy_da, 0.0)
    assert_tensor(dy_db, 0.0)
    assert_tensor(dy_dc, 1.0)


@pytest.mark.parametrize(
    "make, name", [(lambda: tk.constant(1), "int32"), (lambda: tk.constant([True]), "bool")]
)
def test_watch_int_or_bool_tensor_warns(make, name):
    t = make()
    with tk.GradientTape() as tape:
        with pytest.warns(UserWarning) as rec:
            tape.watch(t)
    texts = [str(w.message) for w in rec]
    # TF logs exactly this text (with tf.)
    expected = f"The dtype of the watched tensor must be floating (e.g. tk.float32), got tk.{name}"
    assert any(m.startswith(expected) for m in texts), texts
    assert tape.watched_variables() == ()


def test_watch_non_tensor_raises_value_error():
    with tk.GradientTape() as tape:
        with pytest.raises(
            ValueError, match=r"Passed in object 3.0 of type 'float', not tk.Tensor"
        ):
            tape.watch(3.0)


# --------------------------------------------------------------------------- variables


def test_watched_variables_in_creation_order():
    v1 = tk.Variable(1.0, name="v1")
    v2 = tk.Variable(2.0, name="v2")
    with tk.GradientTape() as tape:
        y = v2 * 3.0 + v1
        y = y + v2
    w2 = tk.Variable(2.0, name="w2")
    w1 = tk.Variable(1.0, name="w1")
    with tk.GradientTape() as tape2:
        _ = w1 * 3.0 + w2
    watched = tape.watched_variables()
    assert type(watched) is tuple
    assert [v.name for v in watched] == ["v1:0", "v2:0"]  # TF: creation order
    assert [v.name for v in tape2.watched_variables()] == ["w2:0", "w1:0"]
    assert watched[0] is v1 and watched[1] is v2


def test_variables_are_watched_automatically():
    x = tk.Variable(3.0)
    with tk.GradientTape() as tape:
        y = x**2
    assert_tensor(tape.gradient(y, x), 6.0)


def test_watch_accessed_variables_false():
    v = tk.Variable(2.0, name="va")
    w = tk.Variable(3.0, name="wb")
    with tk.GradientTape(watch_accessed_variables=False, persistent=True) as tape:
        tape.watch(w)
        y = v * w
    assert tape.gradient(y, v) is None
    assert_tensor(tape.gradient(y, w), 2.0)
    assert [x.name for x in tape.watched_variables()] == ["wb:0"]


def test_non_trainable_variable_not_watched_unless_asked():
    v = tk.Variable(2.0, trainable=False, name="nt")
    with tk.GradientTape(persistent=True) as tape:
        y = v * v
    assert tape.gradient(y, v) is None
    assert tape.watched_variables() == ()
    with tk.GradientTape() as tape2:
        tape2.watch(v)
        y2 = v * v
    assert_tensor(tape2.gradient(y2, v), 4.0)


def test_int_variable_source_gives_none():
    v = tk.Variable(3)
    with tk.GradientTape() as tape:
        y = v * 2
    assert [w.name for w in tape.watched_variables()] == ["Variable:0"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert tape.gradient(y, v) is None


# --------------------------------------------------------------------------- persistence


def test_non_persistent_second_gradient_raises():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert_tensor(tape.gradient(y, x), 6.0)
    with pytest.raises(RuntimeError) as err:
        tape.gradient(y, x)
    assert str(err.value).startswith(NON_PERSISTENT_TF)
    with pytest.raises(RuntimeError) as err:
        tape.jacobian(y, x)
    assert str(err.value).startswith(NON_PERSISTENT_TF)


def test_persistent_tape_many_gradients():
    x = tk.constant(3.0)
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert tape.persistent is True
    assert_tensor(tape.gradient(z, x), 108.0)
    assert_tensor(tape.gradient(y, x), 6.0)
    assert_tensor(tape.gradient(z, y), 18.0)
    assert_tensor(tape.jacobian(y, x), 6.0)


def test_gradient_inside_context_non_persistent_stops_recording():
    from tapekit._engine import tape as _tape

    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        g = tape.gradient(y, x)
        assert _tape.state.tapes == []  # the tape popped itself, as TF's does
        z = y * x
    assert_tensor(g, 6.0)
    assert_tensor(z, 27.0)
    with pytest.raises(RuntimeError) as err:
        tape.gradient(z, x)
    assert str(err.value).startswith(NON_PERSISTENT_TF)


def test_gradient_inside_context_persistent_records_and_warns(monkeypatch):
    # TF logs this warning once per process; let this test see it whatever ran before.
    monkeypatch.setattr(tk.GradientTape, "_warned_in_context", False, raising=False)
    x = tk.constant(3.0)
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        with pytest.warns(UserWarning) as rec:
            g = tape.gradient(y, x)  # 2x, recorded on this same tape
        z = y * x
    assert_tensor(g, 6.0)
    assert str(rec[0].message).startswith(
        "Calling GradientTape.gradient on a persistent tape inside its context is "
        "significantly less efficient than calling it outside the context"
    )
    assert rec[0].filename == __file__  # points at the user's line
    assert_tensor(tape.gradient(z, x), 27.0)
    assert_tensor(tape.gradient(g, x), 2.0)  # the gradient ops were recorded


# --------------------------------------------------------------------------- targets, sources


def test_gradient_of_intermediate():
    x = tk.ones((2, 2))
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.reduce_sum(x)
        z = tk.multiply(y, y)
    assert_tensor(tape.gradient(z, y), 8.0)


@pytest.mark.parametrize(
    "make, dtype", [(lambda: tk.constant(3), "int32"), (lambda: tk.constant(True), "bool")]
)
def test_int_or_bool_source_gives_none_and_warns_with_fix(make, dtype):
    s = make()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with tk.GradientTape() as tape:
            tape.watch(s)
            y = tk.cast(s, tk.float32) * 2.0
    with pytest.warns(UserWarning) as rec:
        g = tape.gradient(y, s)
    assert g is None
    texts = [str(w.message) for w in rec]
    source = [m for m in texts if "source tensor" in m]
    assert source, texts
    assert f"got tk.{dtype}" in source[0]
    assert "tk.cast" in source[0] and "tk.constant(3.0)" in source[0]  # names the fix


def test_int_source_warning_points_at_user_line():
    s = tk.constant(3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with tk.GradientTape() as tape:
            tape.watch(s)
            y = tk.cast(s, tk.float32) * 2.0
    with pytest.warns(UserWarning) as rec:
        tape.gradient(y, s)
    source = [w for w in rec if "source tensor" in str(w.message)]
    assert source and source[0].filename == __file__


def test_int_target_gives_none():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.cast(x, tk.int32) * 2
    assert y.dtype == tk.int32 and int(y) == 6
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert tape.gradient(y, x) is None


def test_int_target_unconnected_zero():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.cast(x, tk.int32) * 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_tensor(tape.gradient(y, x, unconnected_gradients="zero"), 0.0)


def test_unwatched_constant_gives_none():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None


def test_target_computed_outside_tape_gives_none():
    x = tk.constant(3.0)
    y = x * x
    with tk.GradientTape() as tape:
        tape.watch(x)
    assert tape.gradient(y, x) is None


def _unconnected_tape():
    x = tk.constant(3.0)
    z = tk.constant([1.0, 2.0])
    with tk.GradientTape() as tape:
        tape.watch([x, z])
        y = x * x
    return tape, y, x, z


@pytest.mark.parametrize("mode", [None, tk.UnconnectedGradients.NONE, "none", "NONE"])
def test_unconnected_none(mode):
    tape, y, x, z = _unconnected_tape()
    kwargs = {} if mode is None else {"unconnected_gradients": mode}
    gx, gz = tape.gradient(y, [x, z], **kwargs)
    assert_tensor(gx, 6.0)
    assert gz is None


@pytest.mark.parametrize("mode", [tk.UnconnectedGradients.ZERO, "zero"])
def test_unconnected_zero(mode):
    tape, y, x, z = _unconnected_tape()
    gx, gz = tape.gradient(y, [x, z], unconnected_gradients=mode)
    assert_tensor(gx, 6.0)
    assert_tensor(gz, [0.0, 0.0])
    assert gz.shape == (2,)


def test_unconnected_bad_value():
    tape, y, x, z = _unconnected_tape()
    with pytest.raises(ValueError, match="Unknown value for unconnected_gradients: 'zeros'"):
        tape.gradient(y, [x, z], unconnected_gradients="zeros")


def test_unconnected_gradients_enum():
    assert [str(m) for m in tk.UnconnectedGradients] == [
        "UnconnectedGradients.NONE",
        "UnconnectedGradients.ZERO",
    ]
    assert tk.UnconnectedGradients.ZERO.value == "zero"


def test_list_targets_are_summed():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y1 = x * x
        y2 = 4.0 * x
    assert_tensor(tape.gradient([y1, y2], x), 10.0)


def test_nested_targets_are_summed():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        ys = {"a": x * x, "b": [4.0 * x]}
    assert_tensor(tape.gradient(ys, x), 10.0)


def test_vector_target_uses_ones():
    x = tk.constant([1.0, 2.0, 3.0])
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert_tensor(tape.gradient(y, x), [2.0, 4.0, 6.0])


def test_output_gradients():
    x = tk.constant([1.0, 2.0, 3.0])
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        y1 = x * 2.0
        y2 = tk.reduce_sum(x)
    up = tk.constant([1.0, 10.0, 100.0])
    assert_tensor(tape.gradient(y, x, output_gradients=up), [2.0, 40.0, 600.0])
    assert_tensor(
        tape.gradient([y1, y2], x, output_gradients=[up, tk.constant(2.0)]), [4.0, 22.0, 202.0]
    )
    with pytest.raises(
        tk.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"
    ):
        tape.gradient(y, x, output_gradients=tk.constant([1.0, 2.0]))


def test_output_gradients_numpy_upstream():
    x = tk.constant([1.0, 2.0, 3.0])
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    g = tape.gradient(y, x, output_gradients=np.array([1.0, 10.0, 100.0]))
    assert_tensor(g, [2.0, 40.0, 600.0])  # converted to the target's dtype


def test_nested_sources_structure_preserved():
    x, y, z = tk.constant(1.0), tk.constant(2.0), tk.constant(3.0)
    with tk.GradientTape(persistent=True) as tape:
        tape.watch([x, y, z])
        f = x * y * z
    g = tape.gradient(f, {"a": x, "b": [y, z]})
    assert type(g) is dict and list(g) == ["a", "b"]
    assert type(g["b"]) is list
    assert_tensor(g["a"], 6.0)
    assert_tensor(g["b"][0], 3.0)
    assert_tensor(g["b"][1], 2.0)
    gt = tape.gradient(f, (x, y))
    assert type(gt) is tuple
    assert_tensor(gt[0], 6.0)
    assert_tensor(gt[1], 3.0)
    gd = tape.gradient(f, {"z": z, "x": (x,)})
    assert list(gd) == ["z", "x"] and type(gd["x"]) is tuple
    assert_tensor(gd["z"], 2.0)
    assert_tensor(gd["x"][0], 6.0)


def test_keyword_arguments_seed_004():
    x = tk.constant(value=3.0)
    with tk.GradientTape(persistent=True, watch_accessed_variables=True) as tape:
        tape.watch(x)
        y3 = x * x + 2 * x
    assert_tensor(tape.gradient(target=y3, sources=x), 8.0)


def test_gradient_of_x_wrt_x():
    x = tk.constant([1.0, 2.0])
    with tk.GradientTape() as tape:
        tape.watch(x)
    assert_tensor(tape.gradient(x, x), [1.0, 1.0])


def test_gradient_of_unwatched_x_wrt_itself_is_one():
    # TF 2.21: the target is its own source, so the gradient is ones even if never watched
    v = tk.Variable(2.0)
    with tk.GradientTape() as tape:
        pass
    assert_tensor(tape.gradient(v, v), 1.0)
    u = tk.constant(5.0)
    with tk.GradientTape() as tape3:
        pass
    assert_tensor(tape3.gradient(u, u), 1.0)


def test_variable_as_target():
    v = tk.Variable(2.0)
    with tk.GradientTape() as tape:
        y = v * 1.0
    del y
    assert_tensor(tape.gradient(v, v), 1.0)


def test_non_tensor_source_raises_type_error():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(TypeError, match="not its .numpy"):
        tape.gradient(y, x.numpy())


# --------------------------------------------------------------------------- stop_recording, reset


def test_stop_recording():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            z = y * x
        w = z + y
    assert_tensor(z, 27.0)
    assert_tensor(tape.gradient(w, x), 6.0)  # only y's path is on the tape


def test_stop_recording_after_exit_raises_value_error():
    x = tk.constant(3.0)
    tape = tk.GradientTape(persistent=True)
    with tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(ValueError):  # TF: "Tape is not recording."
        with tape.stop_recording():
            pass
    assert float(tape.gradient(y, x)) == 6.0  # the tape still works


def test_stop_recording_on_fresh_tape_raises_runtime_error():
    tape = tk.GradientTape()
    with pytest.raises(RuntimeError, match="Trying to stop recording a tape which is not"):
        with tape.stop_recording():
            pass


def test_reentering_a_recording_tape_raises():
    from tapekit._engine import tape as _tape

    depth = len(_tape.state.tapes)
    active = _tape.switch.active
    x = tk.constant(2.0)
    tape = tk.GradientTape()
    try:
        with pytest.raises(ValueError, match="Tape is already recording"):
            with tape:
                tape.watch(x)
                with tape:
                    pass
        assert len(_tape.state.tapes) == depth
    finally:  # never leave a stray tape for the tests that follow
        del _tape.state.tapes[depth:]
        _tape.switch.active = active


def test_stop_gradient():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x + tk.stop_gradient(x * x) * x
    assert_tensor(y, 36.0)
    assert_tensor(tape.gradient(y, x), 15.0)


def test_reset():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        _ = x * x
        tape.reset()
        tape.watch(x)
        z = x * 4.0
    assert_tensor(tape.gradient(z, x), 4.0)


def test_reset_outside_context_raises():
    x = tk.constant(3.0)
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(ValueError, match="Tape is not recording"):
        tape.reset()
    assert float(tape.gradient(y, x)) == 6.0


def test_reset_forgets_watches_and_ops():
    x = tk.constant(3.0)
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        tape.reset()
        z = y * 2.0
    assert tape.gradient(z, x) is None


# --------------------------------------------------------------------------- jacobians


@pytest.mark.parametrize("pfor", [True, False])
def test_jacobian_elementwise(pfor):
    x = tk.constant([1.0, 2.0, 3.0])
    with tk.GradientTape(persistent=not pfor) as tape:  # TF needs persistent without pfor
        tape.watch(x)
        y = x**2
    j = tape.jacobian(y, x, experimental_use_pfor=pfor)
    assert j.shape == (3, 3)
    assert_tensor(j, np.diag([2.0, 4.0, 6.0]))


@pytest.mark.parametrize("pfor", [True, False])
def test_jacobian_matrix_source(pfor):
    x = tk.constant([[1.0, 2.0], [3.0, 4.0]])
    with tk.GradientTape(persistent=not pfor) as tape:
        tape.watch(x)
        y = tk.reduce_sum(x * x, axis=1) + x[:, 0] * x[:, 1]
    j = tape.jacobian(y, x, experimental_use_pfor=pfor)
    assert j.shape == (2, 2, 2)
    assert_tensor(j, [[[4.0, 5.0], [0.0, 0.0]], [[0.0, 0.0], [10.0, 11.0]]])


@pytest.mark.parametrize("pfor", [True, False])
def test_jacobian_unconnected(pfor):
    x = tk.constant([1.0, 2.0])
    z = tk.constant([1.0, 2.0, 3.0])
    with tk.GradientTape(persistent=True) as tape:
        tape.watch([x, z])
        y = x * 3.0
    jx, jz = tape.jacobian(y, [x, z], experimental_use_pfor=pfor)
    assert_tensor(jx, [[3.0, 0.0], [0.0, 3.0]])
    assert jz is None
    jx, jz = tape.jacobian(y, [x, z], unconnected_gradients="zero", experimental_use_pfor=pfor)
    assert jz.shape == (2, 3)
    assert_tensor(jz, np.zeros((2, 3)))


@pytest.mark.parametrize("method", ["jacobian", "batch_jacobian"])
def test_jacobian_without_pfor_needs_persistent_tape(method):
    x = tk.constant([[1.0, 2.0]])
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x**2
    with pytest.raises(RuntimeError, match="GradientTape must be created with persistent=True"):
        getattr(tape, method)(y, x, experimental_use_pfor=False)


def test_jacobian_scalar_target_equals_gradient():
    x = tk.constant([1.0, 2.0])
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tk.reduce_sum(x**2)
    assert_tensor(tape.jacobian(y, x), [2.0, 4.0])
    assert_tensor(tape.gradient(y, x), [2.0, 4.0])


def test_jacobian_through_custom_gradient_falls_back_to_rows():
    @tk.custom_gradient
    def cube(x):
        def grad(dy):
            return dy * 3.0 * x * x

        return x * x * x, grad

    x = tk.constant([1.0, 2.0])
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = cube(x) * 2.0
    assert_tensor(tape.jacobian(y, x), np.diag([6.0, 24.0]))


@pytest.mark.parametrize("pfor", [True, False])
def test_batch_jacobian(pfor):
    x = tk.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    with tk.GradientTape(persistent=not pfor) as tape:
        tape.watch(x)
        y = x**2
    j = tape.batch_jacobian(y, x, experimental_use_pfor=pfor)
    assert j.shape == (2, 3, 3)
    assert_tensor(j, [np.diag([2.0, 4.0, 6.0]), np.diag([8.0, 10.0, 12.0])])


def test_batch_jacobian_matmul():
    w = tk.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])  # 3 x 2
    x = tk.constant([[1.0, 1.0, 1.0], [2.0, 0.0, 1.0]])  # batch 2, features 3
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.matmul(x, w)  # [2, 2]
    j = tape.batch_jacobian(y, x)
    assert j.shape == (2, 2, 3)
    expected = np.broadcast_to(np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]), (2, 2, 3))
    assert_tensor(j, expected)


def test_batch_jacobian_mismatched_batch_raises():
    x = tk.constant([[1.0, 2.0], [3.0, 4.0]])
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.reduce_sum(x)
    with pytest.raises(ValueError):
        tape.batch_jacobian(y, x)


# --------------------------------------------------------------------------- higher order


def test_second_order_seed_000():
    x = tk.Variable(1.0)
    with tk.GradientTape() as t:
        with tk.GradientTape() as t2:
            y = x * x * x
        dy_dx = t2.gradient(y, x)
    d2y_dx2 = t.gradient(dy_dx, x)
    assert_tensor(dy_dx, 3.0)
    assert_tensor(d2y_dx2, 6.0)


def test_orders_2_to_4():
    x = tk.constant(2.0)
    with tk.GradientTape() as t4:
        t4.watch(x)
        with tk.GradientTape() as t3:
            t3.watch(x)
            with tk.GradientTape() as t2:
                t2.watch(x)
                with tk.GradientTape() as t1:
                    t1.watch(x)
                    y = x**5
                d1 = t1.gradient(y, x)
            d2 = t2.gradient(d1, x)
        d3 = t3.gradient(d2, x)
    d4 = t4.gradient(d3, x)
    assert_tensor(y, 32.0)
    assert_tensor(d1, 80.0)  # 5 x^4
    assert_tensor(d2, 160.0)  # 20 x^3
    assert_tensor(d3, 240.0)  # 60 x^2
    assert_tensor(d4, 240.0)  # 120 x


def test_hessian_via_jacobian_inside_tape():
    xs = np.array([0.1, 0.2, 0.3])
    x = tk.constant(xs)
    assert x.dtype == tk.float64
    with tk.GradientTape() as outer:
        outer.watch(x)
        with tk.GradientTape() as inner:
            inner.watch(x)
            y = tk.reduce_sum(tk.sin(x) * x**2)
        g = inner.jacobian(y, x)
    h = outer.jacobian(g, x)
    np.testing.assert_allclose(val(g), np.cos(xs) * xs**2 + 2 * xs * np.sin(xs), rtol=1e-12)
    d2 = -np.sin(xs) * xs**2 + 4 * xs * np.cos(xs) + 2 * np.sin(xs)
    assert h.shape == (3, 3) and h.dtype == tk.float64
    np.testing.assert_allclose(val(h), np.diag(d2), rtol=1e-12, atol=1e-15)
    # TF 2.21's numbers
    np.testing.assert_allclose(
        np.diag(val(h)), [0.5966701652383983, 1.1734451506313133, 1.7108473816738856], rtol=1e-12
    )


def test_hessian_with_row_by_row_inner_jacobian():
    xs = np.array([0.1, 0.2, 0.3])
    x = tk.constant(xs)
    with tk.GradientTape() as outer:
        outer.watch(x)
        with tk.GradientTape(persistent=True) as inner:
            inner.watch(x)
            y = tk.reduce_sum(tk.sin(x) * x**2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # persistent tape queried inside outer: fine
            g = inner.jacobian(y, x, experimental_use_pfor=False)
    h = outer.jacobian(g, x)
    d2 = -np.sin(xs) * xs**2 + 4 * xs * np.cos(xs) + 2 * np.sin(xs)
    np.testing.assert_allclose(val(h), np.diag(d2), rtol=1e-12, atol=1e-15)


def test_second_order_through_batch_jacobian():
    xs = np.array([[0.1, 0.2], [0.3, 0.4]])
    x = tk.constant(xs)
    with tk.GradientTape() as outer:
        outer.watch(x)
        with tk.GradientTape() as inner:
            inner.watch(x)
            y = tk.sin(x) * x
        bj = inner.batch_jacobian(y, x)  # [2, 2, 2], diagonal per example
    d = outer.gradient(bj, x)
    np.testing.assert_allclose(val(d), 2 * np.cos(xs) - xs * np.sin(xs), rtol=1e-12)


def test_gradient_through_cast_has_source_dtype():
    x = tk.constant(np.float64(2.0))
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.cast(x, tk.float32) ** 2
    g = tape.gradient(y, x)
    assert g.dtype == tk.float64 and float(g) == 4.0


def test_hessian_of_coupled_function():
    x = tk.constant(np.array([1.0, 2.0]))
    with tk.GradientTape() as outer:
        outer.watch(x)
        with tk.GradientTape() as inner:
            inner.watch(x)
            y = x[0] ** 2 * x[1] + tk.exp(x[0] * x[1])
        g = inner.gradient(y, x)
    h = outer.jacobian(g, x)
    a, b = 1.0, 2.0
    e = np.exp(a * b)
    expected = [
        [2 * b + b * b * e, 2 * a + e + a * b * e],
        [2 * a + e + a * b * e, a * a * e],
    ]
    np.testing.assert_allclose(val(h), expected, rtol=1e-12)


# --------------------------------------------------------------------------- variables on tape


def test_variable_assign_between_reads():
    v = tk.Variable(1.0)
    with tk.GradientTape() as tape:
        y = v * 2.0
        v.assign(5.0)
        z = v * 3.0
        t = y + z
    assert_tensor(y, 2.0)
    assert_tensor(z, 15.0)
    assert_tensor(tape.gradient(t, v), 5.0)


def test_recorded_read_keeps_value_at_read_time():
    v = tk.Variable([1.0, 2.0])
    with tk.GradientTape() as tape:
        y = v * v  # d/dv = 2 v, with v as read here
    v.assign([10.0, 20.0])
    assert_tensor(tape.gradient(y, v), [2.0, 4.0])


def test_recorded_read_survives_assign_sub_in_place():
    v = tk.Variable([1.0, 2.0])
    with tk.GradientTape() as tape:
        y = tk.reduce_sum(tk.sin(v))
        v.assign_sub([1.0, 1.0])  # must not rewrite the value the tape saved
    np.testing.assert_allclose(val(tape.gradient(y, v)), np.cos([1.0, 2.0]), rtol=1e-6)
    assert_tensor(v.value(), [0.0, 1.0])


def test_assign_add_inside_tape():
    v = tk.Variable(1.0)
    with tk.GradientTape() as tape:
        v.assign_add(1.0)
        y = v * v
    assert_tensor(y, 4.0)
    assert_tensor(tape.gradient(y, v), 4.0)


# --------------------------------------------------------------------------- long loops


def test_5000_step_loop_on_one_tape():
    x = tk.constant(np.float64(1.0))
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x
        for _ in range(5000):
            y = y * 1.0001
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # a recursive walk would need a frame per op: 5,000 > 1,000
    try:
        g = tape.gradient(y, x)
    finally:
        sys.setrecursionlimit(limit)
    np.testing.assert_allclose(float(g), 1.0001**5000, rtol=1e-9)


def test_seed_control_flow():
    def f(x, y):
        output = 1.0
        for i in range(y):
            if i > 1 and i < 5:
                output = tk.multiply(output, x)
        return output

    def grad(x, y):
        with tk.GradientTape() as t:
            t.watch(x)
            out = f(x, y)
        return t.gradient(out, x)

    x = tk.convert_to_tensor(2.0)
    assert grad(x, 6).numpy() == 12.0
    assert grad(x, 5).numpy() == 12.0
    assert grad(x, 4).numpy() == 4.0
