"""TF's GradientTape rules (the ``tape_rules`` section of ``tf_engine.json``), each case a
function of the ``tf`` module and of ``io``, the encoder of its library's results
(``io.enc``, ``io.error_record``, ``io.conv``, ``io.clean``): ``record_tf.py`` runs them on
TensorFlow 2.21, ``tests/test_tf_reference.py`` on tapekit, and the two records are
compared.  Written once, so the recorded case and the tested one cannot drift.
"""

from __future__ import annotations

import numpy as np


def second_gradient(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    first = tape.gradient(y, x)
    rec = {"first": io.enc(first)}
    try:
        tape.gradient(y, x)
        rec["second"] = "no error"
    except Exception as exc:
        rec["second"] = io.error_record(exc)
    try:
        tape.jacobian(y, x)
        rec["jacobian_after"] = "no error"
    except Exception as exc:
        rec["jacobian_after"] = io.error_record(exc)
    return rec


def int_source(tf, io):
    x = tf.constant(3)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return {"y": io.enc(y), "grad": io.enc(tape.gradient(y, x))}


def int_target(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cast(x, tf.int32) * 2
    return {"y": io.enc(y), "grad": io.enc(tape.gradient(y, x))}


def int_target_zero(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cast(x, tf.int32) * 2
    return {"grad": io.enc(tape.gradient(y, x, unconnected_gradients="zero"))}


def bool_source(tf, io):
    b = tf.constant(True)
    with tf.GradientTape() as tape:
        tape.watch(b)
        y = tf.cast(b, tf.float32) * 2.0
    return {"y": io.enc(y), "grad": io.enc(tape.gradient(y, b))}


def int_variable_source(tf, io):
    v = tf.Variable(3)
    with tf.GradientTape() as tape:
        y = v * 2
    return {
        "watched": [w.name for w in tape.watched_variables()],
        "grad": io.enc(tape.gradient(y, v)),
    }


def unwatched_constant(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    return {"grad": io.enc(tape.gradient(y, x))}


def unconnected(tf, io, mode):
    x = tf.constant(3.0)
    z = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch([x, z])
        y = x * x
    kwargs = {} if mode is None else {"unconnected_gradients": mode}
    return {"grads_x_z": io.enc(tape.gradient(y, [x, z], **kwargs))}


def list_targets(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y1 = x * x
        y2 = 4.0 * x
    return {"grad_[y1,y2]": io.enc(tape.gradient([y1, y2], x)), "note": "y1=x*x, y2=4x at x=3"}


def dict_targets(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        ys = {"a": x * x, "b": [4.0 * x]}
    return {"grad": io.enc(tape.gradient(ys, x))}


def vector_target(tf, io):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return {"grad": io.enc(tape.gradient(y, x)), "note": "non-scalar target: implicit ones"}


def output_gradients(tf, io):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        y1 = x * 2.0
        y2 = tf.reduce_sum(x)
    up = tf.constant([1.0, 10.0, 100.0])
    return {
        "output_gradients": io.enc(up),
        "grad": io.conv(lambda: tape.gradient(y, x, output_gradients=up))(),
        "list_targets": io.conv(
            lambda: tape.gradient([y1, y2], x, output_gradients=[up, tf.constant(2.0)])
        )(),
        "list_targets_one_none": io.conv(
            lambda: tape.gradient([y1, y2], x, output_gradients=[up, None])
        )(),
        "python_list_upstream": io.conv(
            lambda: tape.gradient(y, x, output_gradients=[1.0, 10.0, 100.0])
        )(),
        "wrong_shape": io.conv(
            lambda: tape.gradient(y, x, output_gradients=tf.constant([1.0, 2.0]))
        )(),
        "note": "y=x*x, y1=2x, y2=reduce_sum(x), x=[1,2,3]",
    }


def grad_x_x(tf, io):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
    rec = {"watched": io.enc(tape.gradient(x, x))}
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape2:
        pass
    rec["variable_not_read"] = io.enc(tape2.gradient(v, v))
    u = tf.constant(5.0)
    with tf.GradientTape() as tape3:
        pass
    rec["unwatched_constant"] = io.enc(tape3.gradient(u, u))
    return rec


def target_outside(tf, io):
    x = tf.constant(3.0)
    y = x * x
    with tf.GradientTape() as tape:
        tape.watch(x)
    return {"grad": io.enc(tape.gradient(y, x))}


def watched_variables_order(tf, io):
    v1 = tf.Variable(1.0, name="v1")
    v2 = tf.Variable(2.0, name="v2")
    with tf.GradientTape() as tape:
        y = v2 * 3.0 + v1
        y = y + v2
    w2 = tf.Variable(2.0, name="w2")
    w1 = tf.Variable(1.0, name="w1")
    with tf.GradientTape() as tape2:
        _ = w1 * 3.0 + w2
    with tf.GradientTape() as tape3:
        _ = w2 * 3.0 + w1
    return {
        "created_v1_v2_read_v2_v1": [v.name for v in tape.watched_variables()],
        "created_w2_w1_read_w1_w2": [v.name for v in tape2.watched_variables()],
        "created_w2_w1_read_w2_w1": [v.name for v in tape3.watched_variables()],
        "type": type(tape.watched_variables()).__name__,
    }


def watch_accessed_false(tf, io):
    v = tf.Variable(2.0, name="va")
    w = tf.Variable(3.0, name="wb")
    with tf.GradientTape(watch_accessed_variables=False, persistent=True) as tape:
        tape.watch(w)
        y = v * w
    return {
        "grad_v": io.enc(tape.gradient(y, v)),
        "grad_w": io.enc(tape.gradient(y, w)),
        "watched": [x.name for x in tape.watched_variables()],
    }


def non_trainable(tf, io):
    v = tf.Variable(2.0, trainable=False, name="nt")
    with tf.GradientTape(persistent=True) as tape:
        y = v * v
    rec = {
        "grad": io.enc(tape.gradient(y, v)),
        "watched": [x.name for x in tape.watched_variables()],
    }
    with tf.GradientTape() as tape2:
        tape2.watch(v)
        y2 = v * v
    rec["explicit_watch_grad"] = io.enc(tape2.gradient(y2, v))
    return rec


def stop_recording(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            z = y * x
        w = z + y
    return {"grad_w": io.enc(tape.gradient(w, x)), "note": "y=x*x, z=y*x unrecorded, w=z+y"}


def reset(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        _ = x * x
        tape.reset()
        tape.watch(x)
        z = x * 4.0
    rec = {"grad_z": io.enc(tape.gradient(z, x))}
    x2 = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape2:
        tape2.watch(x2)
        y2 = x2 * x2
        tape2.reset()
        z2 = y2 * 2.0
    rec["after_reset_no_rewatch"] = io.enc(tape2.gradient(z2, x2))
    return rec


def gradient_inside(tf, io, persistent):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=persistent) as tape:
        tape.watch(x)
        y = x * x
        g = tape.gradient(y, x)
        z = y * x
    rec = {"grad_inside": io.enc(g)}
    try:
        rec["grad_after_exit_of_z"] = io.enc(tape.gradient(z, x))
    except Exception as exc:
        rec["grad_after_exit_of_z"] = io.error_record(exc)
    return rec


def watch_int(tf, io):
    with tf.GradientTape() as tape:
        tape.watch(tf.constant(1))
        tape.watch(tf.constant([True]))
        tape.watch(tf.constant(1, tf.int64))
    return {"watched_count": len(tape.watched_variables())}


def watch_non_tensor(tf, io):
    with tf.GradientTape() as tape:
        tape.watch(3.0)
    return {"ok": True}


def nested_sources(tf, io):
    x = tf.constant(1.0)
    y = tf.constant(2.0)
    z = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch([x, y, z])
        f = x * y * z
    g = tape.gradient(f, {"a": x, "b": [y, z]})
    return {
        "types": {"top": type(g).__name__, "a": type(g["a"]).__name__, "b": type(g["b"]).__name__},
        "keys": list(g),
        "values": io.enc(g),
    }


def tuple_sources(tf, io):
    x = tf.constant(1.0)
    y = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        f = x * y
    g = tape.gradient(f, (x, y))
    return {"type": type(g).__name__, "values": io.enc(g)}


def variable_assign(tf, io):
    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = v * 2.0
        v.assign(5.0)
        z = v * 3.0
        t = y + z
    return {
        "y": io.enc(y),
        "z": io.enc(z),
        "grad": io.enc(tape.gradient(t, v)),
        "note": "y=v*2 (v=1), v.assign(5), z=v*3",
    }


def variable_assign_add(tf, io):
    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        v.assign_add(1.0)
        y = v * v
    return {"y": io.enc(y), "grad": io.enc(tape.gradient(y, v))}


def variable_as_target(tf, io):
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = v * 1.0
    del y
    return {"grad": io.enc(tape.gradient(v, v))}


def jacobian_square(tf, io):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x**2
    return {
        "pfor": io.enc(tape.jacobian(y, x)),
        "no_pfor": io.enc(tape.jacobian(y, x, experimental_use_pfor=False)),
    }


def jacobian_matrix(tf, io):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x, axis=1) + x[:, 0] * x[:, 1]
    return {
        "call": "tf.reduce_sum(x * x, axis=1) + x[:, 0] * x[:, 1]",
        "pfor": io.enc(tape.jacobian(y, x)),
        "no_pfor": io.enc(tape.jacobian(y, x, experimental_use_pfor=False)),
    }


def jacobian_unconnected(tf, io):
    x = tf.constant([1.0, 2.0])
    z = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, z])
        y = x * 3.0
    return {
        "none": io.enc(tape.jacobian(y, [x, z])),
        "zero": io.enc(tape.jacobian(y, [x, z], unconnected_gradients="zero")),
        "none_no_pfor": io.enc(tape.jacobian(y, [x, z], experimental_use_pfor=False)),
    }


def jacobian_scalar(tf, io):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.reduce_sum(x**2)
    return {"jacobian": io.enc(tape.jacobian(y, x)), "gradient": io.enc(tape.gradient(y, x))}


def batch_jacobian(tf, io):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x**2
    return {
        "pfor": io.enc(tape.batch_jacobian(y, x)),
        "no_pfor": io.enc(tape.batch_jacobian(y, x, experimental_use_pfor=False)),
    }


def hessian_nested(tf, io):
    x = tf.constant([0.1, 0.2, 0.3], tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.sin(x) * x**2)
        g = inner.jacobian(y, x)
    h = outer.jacobian(g, x)
    return {"value": io.enc(y), "grad": io.enc(g), "hessian": io.enc(h)}


def higher_order(tf, io):
    x = tf.constant(2.0)
    with tf.GradientTape() as t4:
        t4.watch(x)
        with tf.GradientTape() as t3:
            t3.watch(x)
            with tf.GradientTape() as t2:
                t2.watch(x)
                with tf.GradientTape() as t1:
                    t1.watch(x)
                    y = x**5
                d1 = t1.gradient(y, x)
            d2 = t2.gradient(d1, x)
        d3 = t3.gradient(d2, x)
    d4 = t4.gradient(d3, x)
    return {"y": io.enc(y), "d1": io.enc(d1), "d2": io.enc(d2), "d3": io.enc(d3), "d4": io.enc(d4)}


def stop_gradient(tf, io):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x + tf.stop_gradient(x * x) * x
    return {
        "value": io.enc(y),
        "grad": io.enc(tape.gradient(y, x)),
        "note": "x*x + stop_gradient(x*x)*x at 3",
    }


def custom_gradient(tf, io):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))

        return tf.math.log(1 + e), grad

    rec = {}
    for at in (100.0, 0.0):
        x = tf.constant(at)
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = log1pexp(x)
            naive = tf.math.log(1 + tf.exp(x))
        rec[str(at)] = {
            "value": io.enc(y),
            "grad": io.enc(tape.gradient(y, x)),
            "naive_value": io.enc(naive),
            "naive_grad": io.enc(tape.gradient(naive, x)),
        }
    return rec


def custom_gradient_variable(tf, io):
    v = tf.Variable(2.0, name="cv")

    @tf.custom_gradient
    def scale(x):
        y = x * v

        def grad(upstream, variables=None):
            return upstream * v, [upstream * x * 10.0]  # x10 marks the custom path

        return y, grad

    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = scale(x)
    gx, gv = tape.gradient(y, [x, v])
    return {
        "value": io.enc(y),
        "grad_x": io.enc(gx),
        "grad_v": io.enc(gv),
        "note": "custom grad returns [upstream * x * 10] for v",
    }


def custom_gradient_variable_missing_kw(tf, io):
    v = tf.Variable(2.0, name="cv2")

    @tf.custom_gradient
    def scale(x):
        def grad(upstream):
            return upstream * v

        return x * v, grad

    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = scale(x)
    return {"grads": io.enc(tape.gradient(y, [x, v]))}


def forward_accumulator(tf, io):
    x = tf.constant(2.0)
    with tf.autodiff.ForwardAccumulator(x, tf.constant(1.0)) as acc:
        y = x**3
        u = tf.constant(5.0) * 2.0
    rec = {
        "jvp_x3": io.enc(acc.jvp(y)),
        "jvp_unconnected": io.enc(acc.jvp(u)),
        "jvp_unconnected_zero": io.enc(acc.jvp(u, unconnected_gradients="zero")),
        "jvp_of_primal": io.enc(acc.jvp(x)),
    }
    xv = tf.constant([1.0, 2.0])
    tangent = tf.constant([1.0, 0.5])
    with tf.autodiff.ForwardAccumulator(xv, tangent) as acc2:
        yv = tf.stack([xv[0] * xv[1], tf.sin(xv[0]) + xv[1] ** 2])
    rec["vector"] = {
        "call": "tf.stack([x[0]*x[1], sin(x[0]) + x[1]**2])",
        "tangent": io.enc(tangent),
        "value": io.enc(yv),
        "jvp": io.enc(acc2.jvp(yv)),
    }
    return rec


def forward_accumulator_sqrt(tf, io):
    # sqrt's gradient rule is 0 where its incoming gradient is (TF's SqrtGrad kernel);
    # forward mode must still give 0.5 / sqrt(x), inf at 0, and through norm and std
    x = tf.constant([0.0, 1.0, 4.0])
    with tf.autodiff.ForwardAccumulator(x, tf.constant([1.0, 1.0, 1.0])) as acc:
        y = tf.sqrt(x)
        n = tf.norm(x)
        s = tf.math.reduce_std(x * x)
    return {"sqrt": io.enc(acc.jvp(y)), "norm": io.enc(acc.jvp(n)), "std": io.enc(acc.jvp(s))}


def forward_over_reverse(tf, io):
    x = tf.constant([1.0, 2.0])
    with tf.autodiff.ForwardAccumulator(x, tf.constant([1.0, 0.0])) as acc:
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(x**3)
        g = tape.gradient(y, x)
    return {"grad": io.enc(g), "hvp": io.enc(acc.jvp(g))}


def python_protocols(tf, io):
    s = tf.constant(2.5)
    v = tf.constant([1.5, 2.5])
    i = tf.constant(3)
    rec = {
        "float(scalar)": io.conv(lambda: float(s))(),
        "int(scalar)": io.conv(lambda: int(s))(),
        "bool(scalar)": io.conv(lambda: bool(s))(),
        "bool(zero scalar)": io.conv(lambda: bool(tf.constant(0.0)))(),
        "int(int scalar)": io.conv(lambda: int(i))(),
        "float(shape (2,))": io.conv(lambda: float(v))(),
        "int(shape (2,))": io.conv(lambda: int(v))(),
        "bool(shape (2,))": io.conv(lambda: bool(v))(),
        "float(shape (1,))": io.conv(lambda: float(tf.constant([1.5])))(),
        "len(scalar)": io.conv(lambda: len(s))(),
        "len(vector)": io.conv(lambda: len(v))(),
        "iter(scalar)": io.conv(lambda: list(iter(s)))(),
        "list(vector)": io.conv(lambda: [type(e).__name__ for e in v])(),
        "hash(tensor)": io.conv(lambda: hash(s))(),
        "hash(variable)": io.conv(lambda: hash(tf.Variable(1.0)))(),
        "index(int scalar)": io.conv(lambda: [10, 20, 30, 40][i])(),
        "format(scalar, '.2f')": io.conv(lambda: format(s, ".2f"))(),
        "f-string scalar": io.conv(lambda: f"{s}")(),
        "np.asarray(vector)": io.conv(lambda: np.asarray(v))(),
    }

    def setitem():
        t = tf.constant([1.0, 2.0])
        t[0] = 1.0

    rec["t[0] = 1.0"] = io.conv(setitem)()

    def variable_setitem():
        w = tf.Variable([1.0, 2.0])
        w[0] = 1.0

    rec["variable[0] = 1.0"] = io.conv(variable_setitem)()
    eq = v == tf.constant([1.5, 0.0])
    rec["t == t2"] = {"type": type(eq).__name__, "value": io.enc(eq)}
    rec["t == different shape"] = io.conv(lambda: v == tf.constant([1.0, 2.0, 3.0]))()
    rec["t == None"] = io.conv(lambda: v == None)()  # noqa: E711
    keras = rec["tf.keras.layers exists"] = {
        "hasattr": hasattr(tf.keras, "layers"),
        "keras_module": tf.keras.__name__,
    }
    if keras["hasattr"]:  # tapekit has no Keras layers (a documented difference)
        keras["Dense"] = io.clean(repr(tf.keras.layers.Dense))
    rec["tf.nonexistent_name"] = io.conv(lambda: tf.nonexistent_name)()
    rec["tf.GradientTape repr-type"] = type(tf.GradientTape()).__name__
    rec["tf.UnconnectedGradients"] = [str(m) for m in tf.UnconnectedGradients]
    return rec


CASES = {
    "second_gradient_non_persistent": second_gradient,
    "int32_source_watched": int_source,
    "int32_target": int_target,
    "int32_target_unconnected_zero": int_target_zero,
    "bool_source": bool_source,
    "int_variable_source": int_variable_source,
    "unwatched_constant": unwatched_constant,
    "unconnected_default": lambda tf, io: unconnected(tf, io, None),
    "unconnected_NONE": lambda tf, io: unconnected(tf, io, tf.UnconnectedGradients.NONE),
    "unconnected_ZERO": lambda tf, io: unconnected(tf, io, tf.UnconnectedGradients.ZERO),
    "unconnected_str_zero": lambda tf, io: unconnected(tf, io, "zero"),
    "unconnected_str_bad": lambda tf, io: unconnected(tf, io, "zeros"),
    "list_of_targets": list_targets,
    "dict_of_targets": dict_targets,
    "vector_target": vector_target,
    "output_gradients": output_gradients,
    "gradient_x_wrt_x": grad_x_x,
    "target_computed_outside_tape": target_outside,
    "watched_variables_order": watched_variables_order,
    "watch_accessed_variables_false": watch_accessed_false,
    "non_trainable_variable": non_trainable,
    "stop_recording": stop_recording,
    "reset": reset,
    "gradient_inside_context_non_persistent": lambda tf, io: gradient_inside(tf, io, False),
    "gradient_inside_context_persistent": lambda tf, io: gradient_inside(tf, io, True),
    "gradient_inside_context_persistent_again": lambda tf, io: gradient_inside(tf, io, True),
    "watch_int_tensor": watch_int,
    "watch_python_float": watch_non_tensor,
    "nested_dict_sources": nested_sources,
    "tuple_sources": tuple_sources,
    "variable_assign": variable_assign,
    "variable_assign_add": variable_assign_add,
    "variable_as_target": variable_as_target,
    "jacobian_x_squared": jacobian_square,
    "jacobian_2x2_to_2": jacobian_matrix,
    "jacobian_unconnected": jacobian_unconnected,
    "jacobian_scalar_target": jacobian_scalar,
    "batch_jacobian_x_squared": batch_jacobian,
    "hessian_nested_jacobian": hessian_nested,
    "higher_order_x5": higher_order,
    "stop_gradient": stop_gradient,
    "custom_gradient_log1pexp": custom_gradient,
    "custom_gradient_with_variable": custom_gradient_variable,
    "custom_gradient_variable_without_kwarg": custom_gradient_variable_missing_kw,
    "forward_accumulator": forward_accumulator,
    "forward_over_reverse_hvp": forward_over_reverse,
    "forward_accumulator_sqrt": forward_accumulator_sqrt,
    "python_protocols": python_protocols,
}
