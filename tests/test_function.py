"""tk.function: traced once per signature, replayed without the Python body or dispatcher."""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest

import tapekit as tk
from tapekit.ops import _registry


class _CallCounter:
    """Counts calls of given code objects with sys.setprofile (no engine changes)."""

    def __init__(self, *funcs):
        self.codes = {f.__code__: 0 for f in funcs}

    def __enter__(self):
        def prof(frame, event, arg):
            if event == "call" and frame.f_code in self.codes:
                self.codes[frame.f_code] += 1

        self._old = sys.getprofile()
        sys.setprofile(prof)
        return self

    def __exit__(self, *exc):
        sys.setprofile(self._old)

    def count(self, f):
        return self.codes[f.__code__]


def _host(t):
    return np.asarray(t.numpy())


def test_seed_003_traced_derivative():
    @tk.function
    def f(x):
        a = tk.constant(1.0)
        b = tk.constant(-2.0)
        c = tk.constant(1.0)
        x = tk.cast(x, tk.float32)
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = a * tk.pow(x, 2) + b * x + c
        dy_dx = tape.gradient(y, x)
        return (dy_dx, y)

    assert [float(v) for v in f(tk.constant(0.0))] == [-2.0, 1.0]
    assert [float(v) for v in f(tk.constant(1.0))] == [0.0, 0.0]
    assert [float(v) for v in f(tk.constant(3.0))] == [4.0, 4.0]
    assert f.tracing_count == 1


def test_replay_runs_neither_body_nor_dispatcher():
    body_calls = []

    def body(x):
        body_calls.append(1)
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = tk.reduce_sum(tk.sin(x) * x)
        return y, tape.gradient(y, x)

    f = tk.function(body)
    f(tk.constant([0.1, 0.2, 0.3]))
    with _CallCounter(_registry.apply, body) as counter:
        for k in range(5):
            y, g = f(tk.constant([0.5 + k, 1.0, -2.0]))
    assert counter.count(body) == 0
    assert counter.count(_registry.apply) == 0
    assert len(body_calls) == 1
    x = np.array([4.5, 1.0, -2.0], dtype=np.float32)
    np.testing.assert_allclose(_host(g), np.cos(x) * x + np.sin(x), rtol=1e-6)
    np.testing.assert_allclose(float(y), np.sum(np.sin(x) * x), rtol=1e-6)


FUNCS = {
    "poly": lambda x: x**3 - 2.0 * x + 1.0,
    "softmax_ce": lambda x: tk.nn.softmax_cross_entropy_with_logits(
        tk.nn.softmax(tk.reshape(x, (2, 3)) * 0.5), tk.reshape(x, (2, 3))
    ),
    "max": lambda x: tk.reduce_max(tk.reshape(x, (2, 3)), axis=-1),
    "slices": lambda x: tk.concat([x[1:], x[:1] * 2.0], axis=0),
    "matmul": lambda x: tk.matmul(tk.reshape(x, (2, 3)), tk.reshape(x, (3, 2))),
    "where": lambda x: tk.where(x > 0, tk.sqrt(tk.abs(x) + 1.0), x * x),
}


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_traced_equals_eager_with_gradients(name):
    fn = FUNCS[name]

    def value_and_grad(x):
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        return y, tape.gradient(y, x)

    traced = tk.function(value_and_grad)
    rng = np.random.default_rng(0)
    for _ in range(12):
        x = tk.constant(rng.standard_normal(6).astype(np.float32))
        ye, ge = value_and_grad(x)
        yt, gt = traced(x)
        np.testing.assert_allclose(_host(yt), _host(ye), rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(_host(gt), _host(ge), rtol=1e-6, atol=1e-6)
    assert traced.tracing_count == 1


def test_retraces_when_signature_changes():
    f = tk.function(lambda x, k: x * k)
    f(tk.constant([1.0, 2.0]), 2)
    f(tk.constant([3.0, 4.0]), 2)
    assert f.tracing_count == 1
    f(tk.constant([1.0, 2.0, 3.0]), 2)  # new shape
    f(tk.constant([1.0, 2.0], dtype=tk.float64), 2)  # new dtype
    out = f(tk.constant([1.0, 2.0]), 3)  # new Python value
    assert f.tracing_count == 4
    np.testing.assert_allclose(_host(out), [3.0, 6.0])


def test_input_signature_is_enforced():
    f = tk.function(lambda x: x + 1.0, input_signature=[tk.TensorSpec([None], tk.float32)])
    assert float(f(tk.constant([1.0]))[0]) == 2.0
    with pytest.raises(TypeError, match="input_signature"):
        f(tk.constant([[1.0]]))


def test_gradient_through_a_function_from_an_outer_tape():
    v = tk.Variable([1.0, -2.0])

    @tk.function
    def loss(x):
        return tk.reduce_sum(tk.exp(x) * v)

    x = tk.constant([0.5, 0.25])
    for _ in range(3):  # first call traces, later ones replay with recording
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = loss(x)
        gx, gv = tape.gradient(y, [x, v])
        np.testing.assert_allclose(_host(gx), np.exp([0.5, 0.25]) * [1.0, -2.0], rtol=1e-6)
        np.testing.assert_allclose(_host(gv), np.exp([0.5, 0.25]), rtol=1e-6)
    assert loss.tracing_count == 1


def test_variable_updates_are_replayed():
    v = tk.Variable(1.0)

    @tk.function
    def step():
        with tk.GradientTape() as tape:
            y = v * v
        v.assign_sub(0.1 * tape.gradient(y, v))
        return y

    expected = 1.0
    for _ in range(4):
        y = step()
        assert float(y) == pytest.approx(expected**2, rel=1e-6)
        expected -= 0.2 * expected
        assert float(v) == pytest.approx(expected, rel=1e-6)
    assert step.tracing_count == 1


def test_assign_is_replayed():
    v = tk.Variable([0.0, 0.0])

    @tk.function
    def set_to(x):
        v.assign(x * 2.0)
        return tk.reduce_sum(v)

    for k in range(3):
        total = set_to(tk.constant([1.0 + k, 2.0]))
        np.testing.assert_allclose(_host(v), [2.0 + 2 * k, 4.0])
        assert float(total) == pytest.approx(6.0 + 2 * k)
    assert set_to.tracing_count == 1


def test_variables_only_created_on_first_trace():
    made = []

    @tk.function
    def f(x):
        made.append(tk.Variable(2.0))
        return x * made[0]

    assert float(f(tk.constant(3.0))) == 6.0
    assert float(f(tk.constant(4.0))) == 8.0
    with pytest.raises(ValueError, match="first call"):
        f(tk.constant([1.0, 2.0]))  # a retrace that creates a Variable


def test_branch_on_tensor_value_retraces_per_branch():
    @tk.function
    def f(x):
        if x > 0:
            return x * 2.0
        return -x

    assert float(f(tk.constant(1.0))) == 2.0
    with pytest.warns(UserWarning, match="branch"):
        assert float(f(tk.constant(-3.0))) == 3.0
    assert float(f(tk.constant(5.0))) == 10.0
    assert float(f(tk.constant(-1.0))) == 1.0
    assert f.tracing_count == 2


def test_values_taken_to_numpy_run_eagerly_and_say_so():
    @tk.function
    def f(x):
        return tk.constant(np.asarray(x.numpy()) * 2.0)

    with pytest.warns(UserWarning, match="eagerly"):
        assert float(f(tk.constant(1.5))) == 3.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once only
        assert float(f(tk.constant(2.5))) == 5.0


def test_run_functions_eagerly():
    calls = []

    @tk.function
    def f(x):
        calls.append(1)
        return x + 1.0

    tk.config.run_functions_eagerly(True)
    try:
        f(tk.constant(1.0))
        f(tk.constant(1.0))
    finally:
        tk.config.run_functions_eagerly(False)
    assert len(calls) == 2
    assert tk.config.functions_run_eagerly() is False


def test_methods_can_be_functions():
    class Model:
        def __init__(self):
            self.w = tk.Variable(3.0)

        @tk.function
        def __call__(self, x):
            return self.w * x

    a, b = Model(), Model()
    b.w.assign(5.0)
    assert float(a(tk.constant(2.0))) == 6.0
    assert float(b(tk.constant(2.0))) == 10.0


def test_cond_and_while_loop_are_differentiable():
    x = tk.constant(2.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = tk.cond(x > 1.0, lambda: x**3, lambda: x)
        i, z = tk.while_loop(lambda i, z: i < 3, lambda i, z: (i + 1, z * x), [tk.constant(0), y])
    assert int(i) == 3
    assert float(z) == pytest.approx(2.0**6)
    assert float(tape.gradient(z, x)) == pytest.approx(6 * 2.0**5)


def test_range_loop_inside_function_matches_seed_003():
    x = tk.Variable(0.0)

    @tk.function
    def minimize():
        a, b, c = tk.constant(1.0), tk.constant(-2.0), tk.constant(1.0)
        for _ in tk.range(100):
            with tk.GradientTape() as tape:
                y = a * tk.pow(x, 2) + b * x + c
            x.assign_sub(0.01 * tape.gradient(y, x))
        return a * tk.pow(x, 2) + b * x + c

    minimize()
    eager = 0.0
    for _ in range(100):
        eager -= np.float32(0.01) * np.float32(2 * eager - 2)
    assert float(x) == pytest.approx(eager, rel=1e-5)


@pytest.mark.numpy_only
def test_replay_releases_intermediates_after_their_last_use():
    import tracemalloc

    @tk.function
    def chain(x):
        for _ in range(12):
            x = tk.sin(x) * 0.5 + 0.25
        return x

    x = tk.constant(np.linspace(0.0, 1.0, 250_000))  # 2 MB per float64 buffer
    chain(x)  # trace
    tracemalloc.start()
    try:
        out = chain(x)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    expected = np.linspace(0.0, 1.0, 250_000)
    for _ in range(12):
        expected = np.sin(expected) * 0.5 + 0.25
    np.testing.assert_allclose(_host(out), expected)
    assert peak < 4 * x.numpy().nbytes  # 36 intermediates, never more than a few alive


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_compiled_replay_matches_the_step_by_step_replay(name):
    fn = FUNCS[name]

    def value_and_grad(x):
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        return y, tape.gradient(y, x)

    traced = tk.function(value_and_grad)
    x = tk.constant(np.random.default_rng(3).standard_normal(6).astype(np.float32))
    traced(x)
    (plan,) = next(iter(traced._plans.values()))
    assert plan.compiled is not None
    x2 = tk.constant(np.random.default_rng(4).standard_normal(6).astype(np.float32))
    for a, b in zip(plan.run([x2]), plan.run_steps([x2])):
        np.testing.assert_array_equal(_host(a), _host(b))


@pytest.mark.numpy_only
def test_buffer_reuse_never_writes_into_a_view_or_an_input():
    @tk.function
    def f(x):
        y = x * 2.0
        view = tk.reshape(y, (2, 3))  # a view of y's buffer: y must not be reused
        z = tk.exp(y + 1.0)  # y + 1.0 is fresh and dies here: exp may reuse it
        w = tk.sin(x) - 1.0  # x is the caller's array: never written
        return view, z * w

    xs = np.linspace(-1.0, 1.0, 6)
    x = tk.constant(xs)
    f(x)
    (plan,) = next(iter(f._plans.values()))
    for _ in range(3):
        view, out = f(x)
        np.testing.assert_array_equal(x.numpy(), xs)
        np.testing.assert_allclose(_host(view), (xs * 2.0).reshape(2, 3))
        np.testing.assert_allclose(_host(out), np.exp(xs * 2.0 + 1.0) * (np.sin(xs) - 1.0))
    assert plan.compiled is not None


@pytest.mark.numpy_only
def test_kept_buffers_never_reach_a_caller():
    """Matrix products write into buffers kept across calls; nothing aliasing one escapes."""

    @tk.function
    def f(x, w):
        with tk.GradientTape() as tape:
            tape.watch(w)
            h = tk.nn.relu(tk.matmul(x, w) + 1.0)  # product -> in place: add, relu
            loss = tk.reduce_sum(h * h)
        g = tape.gradient(loss, w)  # products in the backward sweep too
        p = tk.matmul(h, w, transpose_b=True)  # an output: never a kept buffer
        return loss, g, p, tk.reshape(h, (-1,))  # a view of h: h never a kept buffer

    rng = np.random.default_rng(0)
    xs = [rng.standard_normal((4, 3)).astype(np.float32) for _ in range(3)]
    wn = rng.standard_normal((3, 3)).astype(np.float32)
    w = tk.constant(wn)
    results = [f(tk.constant(x), w) for x in xs]
    (plan,) = next(iter(f._plans.values()))
    assert "out=b)" in plan.compiled.source  # kept buffers are in use
    for x, (loss, g, p, flat) in zip(xs, results):  # earlier results are intact
        h = np.maximum(x @ wn + 1.0, 0.0)
        np.testing.assert_allclose(_host(loss), np.sum(h * h), rtol=1e-5)
        np.testing.assert_allclose(_host(g), x.T @ (2 * h * (h > 0)), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(_host(p), h @ wn.T, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(_host(flat), h.reshape(-1), rtol=1e-6)


@pytest.mark.numpy_only
def test_concurrent_calls_use_their_own_kept_buffers():
    import threading

    @tk.function
    def f(x, w):
        return tk.reduce_sum(tk.nn.relu(tk.matmul(tk.matmul(x, w), w)))

    rng = np.random.default_rng(1)
    wn = rng.standard_normal((64, 64)).astype(np.float32)
    w = tk.constant(wn)
    xs = [rng.standard_normal((32, 64)).astype(np.float32) for _ in range(4)]
    f(tk.constant(xs[0]), w)  # trace
    want = [np.sum(np.maximum((x @ wn) @ wn, 0.0)) for x in xs]
    errors = []

    def worker(k):
        for _ in range(200):
            got = float(f(tk.constant(xs[k]), w))
            if not np.isclose(got, want[k], rtol=1e-4):
                errors.append((k, got, want[k]))
                return

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
