"""Benchmark workloads W1-W5: the hand-written NumPy baseline, tapekit and the peers.

Every implementation of a workload has the same shapes, dtypes and inputs (the inputs
come from one ``inputs.npz`` written by ``run.py``).  A builder returns ``(run,
result)``: ``run()`` does one timed repeat, ``result()`` gives the arrays that are
cross-checked against the NumPy baseline before anything is timed.

This module imports only NumPy at the top: it is loaded by every peer's interpreter,
most of which do not have tapekit (and tapekit's interpreter has no peer).

The TensorFlow and tapekit implementations are one piece of code (``_tape_style``):
tapekit mirrors ``tf.GradientTape``, so the same source runs on both.
"""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------------------------------
# what each workload is

W1_STEPS = 1000
W1_LR = 0.01
W2_CYCLES = 50  # 4 ops each (mul, add, sin, exp): 200 ops
W2_MUL, W2_ADD = 1.2, 0.3  # keep values and gradients in [0.02, 3]: no overflow, no denormals
W3_LR = 0.1
W3A_LR = 0.001  # Adam (Keras 2 defaults otherwise: beta_1 0.9, beta_2 0.999, epsilon 1e-7)
W3A_BETA_1, W3A_BETA_2, W3A_EPSILON = 0.9, 0.999, 1e-7
W3_SIZES = (784, 512, 512, 10)
W4_N = 64
W5_N = 256

WORKLOADS = {
    "W1": {
        "what": "1,000 SGD steps on x**2 - 2x + 1 from x=0, lr 0.01, float32 scalar",
        "unit": "us/step",
        "per": W1_STEPS,
        "scale": 1e6,
    },
    "W2": {
        "what": "200 elementwise ops (mul, add, sin, exp) on a float32[16], then one gradient",
        "unit": "us/op",
        "per": 4 * W2_CYCLES,
        "scale": 1e6,
    },
    "W3": {
        "what": "MLP 784-512-512-10, relu, softmax cross-entropy, batch 256: fwd+bwd+SGD",
        "unit": "ms/step",
        "per": 1,
        "scale": 1e3,
    },
    "W3L": {
        "what": "W3 at batch 4096; also peak RSS above the post-setup baseline",
        "unit": "ms/step",
        "per": 1,
        "scale": 1e3,
    },
    "W1o": {
        "what": "W1 through optimizer.apply_gradients (SGD, lr 0.01), eager",
        "unit": "us/step",
        "per": W1_STEPS,
        "scale": 1e6,
    },
    "W1f": {
        "what": "W1, the step (tape, gradient, assign_sub) compiled: tk.function / jit",
        "unit": "us/step",
        "per": W1_STEPS,
        "scale": 1e6,
    },
    "W2f": {
        "what": "W2, forward and gradient compiled: tk.function / jit",
        "unit": "us/op",
        "per": 4 * W2_CYCLES,
        "scale": 1e6,
    },
    "W3f": {
        "what": "W3, the whole step compiled: tk.function / jit",
        "unit": "ms/step",
        "per": 1,
        "scale": 1e3,
    },
    "W3Lf": {
        "what": "W3L, the whole step compiled (tk.function), heap trimming off like every MLP row",
        "unit": "ms/step",
        "per": 1,
        "scale": 1e3,
    },
    "W3Lfh": {
        "what": "W3Lf with glibc's default heap in both processes: page faults in play",
        "unit": "ms/step",
        "per": 1,
        "scale": 1e3,
    },
    "W3a": {
        "what": "W3 with Adam (lr 0.001, Keras 2 rule, epsilon 1e-7) instead of SGD, eager",
        "unit": "ms/step",
        "per": 1,
        "scale": 1e3,
    },
    "W4": {
        "what": "Hessian of sum(sin(x) * x**2), x in R^64, float64, nested tapes",
        "unit": "ms",
        "per": 1,
        "scale": 1e3,
    },
    "W5": {
        "what": "Jacobian of tanh(W x) wrt x, W 256x256, float32",
        "unit": "ms",
        "per": 1,
        "scale": 1e3,
    },
}

# Cross-check tolerances (rtol, atol): |got - ref| <= atol * max|ref| + rtol * |ref|,
# elementwise (atol is relative to the array's scale).  float32 chains and matmuls
# differ in the last bits between libraries (SIMD sin/exp, BLAS summation order); in
# the MLP such differences flip a few relu masks, which moves single gradient entries
# by ~0.2% of the array's scale, while a wrong gradient is off by ~100%.
TOLERANCES = {
    "W1": (1e-5, 1e-7),
    "W1o": (1e-5, 1e-7),
    "W1f": (1e-5, 1e-7),
    "W2": (1e-3, 1e-5),
    "W2f": (1e-3, 1e-5),
    "W3": (1e-3, 5e-3),
    "W3f": (1e-3, 5e-3),
    "W3a": (1e-3, 5e-3),
    "W3L": (1e-3, 5e-3),
    "W3Lf": (1e-3, 5e-3),
    "W3Lfh": (1e-3, 5e-3),
    "W4": (1e-9, 1e-12),
    "W5": (1e-4, 1e-6),
}

# Builder arguments for a separate, cheaper cross-check instance (W1: 1,000 steps from
# x=0 land on 1.0 whatever the gradient's scale; 10 steps do not).  Workloads not
# listed are checked on the first repeat of the timed instance itself (W3L must not
# build a second model: its memory is measured).
CHECK_KW = {"W1": {"steps": 10}, "W1o": {"steps": 10}, "W1f": {"steps": 10}}

# The workload whose NumPy baseline (and inputs) each workload shares: a compiled or
# optimizer variant is compared with the same hand-written loop as the eager one.
BASE = {"W1o": "W1", "W1f": "W1", "W2f": "W2", "W3f": "W3", "W3Lf": "W3L", "W3Lfh": "W3L"}
CORE = ("W1", "W2", "W3", "W3L", "W4", "W5")
# Which workloads each implementation has.  Not implemented, with the reason:
# JAX and HIPS autograd have no optimizer API (optax is a separate package); PyTorch's
# compiled form (torch.compile) needs a C++ toolchain and is not its eager idiom;
# PyTorch's Adam adds epsilon to sqrt(v_hat), not to sqrt(v) as Keras 2 does.
SUPPORTED = {
    "numpy": (*CORE, "W1o", "W1f", "W2f", "W3f", "W3a", "W3Lf", "W3Lfh"),
    "tapekit": (*CORE, "W1o", "W1f", "W2f", "W3f", "W3a", "W3Lf", "W3Lfh"),
    "tensorflow": (*CORE, "W1o", "W1f", "W2f", "W3f", "W3a"),
    "pytorch": (*CORE, "W1o"),
    "jax": (*CORE, "W1f", "W2f", "W3f"),
    "autograd": CORE,
}


def make_inputs(seed: int = 0) -> dict[str, np.ndarray]:
    """All inputs, generated once by ``run.py`` and loaded by every implementation."""
    rng = np.random.default_rng(seed)
    d = {}
    d["w2_x"] = rng.uniform(-1.0, 1.0, 16).astype(np.float32)
    sizes = W3_SIZES
    for i in range(3):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        lim = np.sqrt(6.0 / (fan_in + fan_out))
        d[f"w3_W{i + 1}"] = rng.uniform(-lim, lim, (fan_in, fan_out)).astype(np.float32)
        d[f"w3_b{i + 1}"] = rng.uniform(-0.1, 0.1, fan_out).astype(np.float32)
    for name, batch in (("w3", 256), ("w3l", 4096)):
        d[f"{name}_X"] = rng.standard_normal((batch, sizes[0]), dtype=np.float32)
        d[f"{name}_y"] = rng.integers(0, sizes[-1], batch).astype(np.int64)
    d["w4_x"] = rng.uniform(-2.0, 2.0, W4_N)  # float64
    d["w5_W"] = (rng.standard_normal((W5_N, W5_N)) / np.sqrt(W5_N)).astype(np.float32)
    d["w5_x"] = rng.standard_normal(W5_N).astype(np.float32)
    return d


def implied_grads(init, params):
    """The gradients one SGD step applied, (before - after) / lr: what W3 cross-checks.

    Comparing the updated weights themselves would hide a wrong gradient: lr * g is
    small next to the weights.
    """
    return [(np.float64(a) - np.float64(b)) / W3_LR for a, b in zip(init, params)]


def _mlp_data(data, workload):
    key = "w3l" if workload in ("W3L", "W3Lf", "W3Lfh") else "w3"
    params = [data[f"w3_{k}"] for k in ("W1", "b1", "W2", "b2", "W3", "b3")]
    return data[f"{key}_X"], data[f"{key}_y"], params


# ---------------------------------------------------------------------------------------
# the hand-written NumPy baseline: the minimum work


def numpy_impl(workload, data, **kw):
    if workload == "W3a":
        return _numpy_adam(data)
    workload = BASE.get(workload, workload)
    if workload == "W1":
        steps = kw.get("steps", W1_STEPS)
        state = {}

        def run():
            x = np.float32(0.0)
            lr = np.float32(W1_LR)
            for _ in range(steps):
                x -= lr * (np.float32(2.0) * x - np.float32(2.0))
            state["x"] = x

        return run, lambda: [state["x"]]

    if workload == "W2":
        x = data["w2_x"]
        state = {}

        def run():
            h = x
            saved = []
            for _ in range(W2_CYCLES):
                h = h * W2_MUL
                h = h + W2_ADD
                saved.append(h)  # sin's input
                h = np.sin(h)
                h = np.exp(h)
                saved.append(h)  # exp's output
            g = np.ones_like(h)
            for i in range(W2_CYCLES - 1, -1, -1):
                g = g * saved[2 * i + 1]
                g = g * np.cos(saved[2 * i])
                g = g * W2_MUL
            state["out"] = (h, g)

        return run, lambda: list(state["out"])

    if workload in ("W3", "W3L"):
        X, y, init = _mlp_data(data, workload)
        params = [p.copy() for p in init]
        rows = np.arange(len(y))
        state = {}

        def run():
            loss, grads = _mlp_forward_backward(X, y, rows, params)
            for p, g in zip(params, grads):
                g *= np.float32(W3_LR)
                p -= g
            state["loss"] = loss

        return run, lambda: [state["loss"], *implied_grads(init, params)]

    if workload == "W4":
        x = data["w4_x"]
        state = {}

        def run():
            state["H"] = np.diag((2.0 - x * x) * np.sin(x) + 4.0 * x * np.cos(x))

        return run, lambda: [state["H"]]

    if workload == "W5":
        W, x = data["w5_W"], data["w5_x"]
        state = {}

        def run():
            t = np.tanh(W @ x)
            state["J"] = (1.0 - t * t)[:, None] * W

        return run, lambda: [state["J"]]

    raise KeyError(workload)


def _mlp_forward_backward(X, y, rows, params):
    """The baseline's W3 forward and backward (in place where possible): loss, grads."""
    W1, b1, W2, b2, W3, b3 = params
    h1 = X @ W1
    h1 += b1
    np.maximum(h1, 0, out=h1)
    h2 = h1 @ W2
    h2 += b2
    np.maximum(h2, 0, out=h2)
    z = h2 @ W3
    z += b3
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(s[:, 0]) - z[rows, y])
    d = e
    d /= s
    d[rows, y] -= 1
    d /= len(y)
    grads = [None] * 6
    grads[4] = h2.T @ d
    grads[5] = d.sum(axis=0)
    d2 = d @ W3.T
    d2 *= h2 > 0
    grads[2] = h1.T @ d2
    grads[3] = d2.sum(axis=0)
    d1 = d2 @ W2.T
    d1 *= h1 > 0
    grads[0] = X.T @ d1
    grads[1] = d1.sum(axis=0)
    return loss, grads


def _numpy_adam(data):
    """W3 with Keras 2's Adam, by hand: in place, one scratch array per parameter.

    Scalars as Keras computes them (float32): ``alpha = lr * sqrt(1 - beta_2**t) /
    (1 - beta_1**t)``; then ``m += (g - m) * (1 - beta_1)``, ``v += (g*g - v) *
    (1 - beta_2)``, ``w -= m * alpha / (sqrt(v) + epsilon)``.
    """
    X, y, init = _mlp_data(data, "W3")
    params = [p.copy() for p in init]
    ms = [np.zeros_like(p) for p in params]
    vs = [np.zeros_like(p) for p in params]
    scratch = [np.empty_like(p) for p in params]
    rows = np.arange(len(y))
    f32 = np.float32
    b1, b2 = f32(W3A_BETA_1), f32(W3A_BETA_2)
    c1, c2 = f32(1 - W3A_BETA_1), f32(1 - W3A_BETA_2)
    lr, eps, one = f32(W3A_LR), f32(W3A_EPSILON), f32(1.0)
    state = {"t": 0}

    def run():
        loss, grads = _mlp_forward_backward(X, y, rows, params)
        state["t"] += 1
        t = f32(state["t"])
        alpha = lr * np.sqrt(one - b2**t) / (one - b1**t)
        for p, g, m, v, tmp in zip(params, grads, ms, vs, scratch):
            np.square(g, out=tmp)  # v += (g*g - v) * (1 - beta_2)
            tmp -= v
            tmp *= c2
            v += tmp
            g -= m  # m += (g - m) * (1 - beta_1)   (g is this step's: free to overwrite)
            g *= c1
            m += g
            np.sqrt(v, out=tmp)  # w -= m * alpha / (sqrt(v) + epsilon)
            tmp += eps
            np.multiply(m, alpha, out=g)
            g /= tmp
            p -= g
        state["loss"] = loss

    return run, lambda: adam_check(state["loss"], init, params, ms)


def adam_check(loss, init, params, ms):
    """W3a's cross-check after the first step: the loss, the gradients (m / (1 - beta_1)
    after one step) and the update divided by the learning rate (about sign(g))."""
    g = [np.float64(m) / np.float64(np.float32(1 - W3A_BETA_1)) for m in ms]
    upd = [(np.float64(a) - np.float64(b)) / W3A_LR for a, b in zip(init, params)]
    return [loss, *g, *upd]


# ---------------------------------------------------------------------------------------
# tapekit and TensorFlow: the same GradientTape code


def _tape_style(tf, workload, data, **kw):
    if workload == "W1":
        steps = kw.get("steps", W1_STEPS)
        state = {}

        def run():
            x = tf.Variable(0.0)
            for _ in range(steps):
                with tf.GradientTape() as tape:
                    y = x**2 - 2.0 * x + 1.0
                g = tape.gradient(y, x)
                x.assign_sub(W1_LR * g)
            state["x"] = x

        return run, lambda: [state["x"].numpy()]

    if workload == "W2":
        x = tf.constant(data["w2_x"])
        state = {}

        def run():
            with tf.GradientTape() as tape:
                tape.watch(x)
                h = x
                for _ in range(W2_CYCLES):
                    h = h * W2_MUL
                    h = h + W2_ADD
                    h = tf.sin(h)
                    h = tf.exp(h)
            state["out"] = (h, tape.gradient(h, x))  # non-scalar target: seeded with ones

        return run, lambda: [t.numpy() for t in state["out"]]

    if workload in ("W3", "W3L"):
        Xn, yn, init = _mlp_data(data, workload)
        X = tf.constant(Xn)
        y = tf.constant(yn)
        params = [tf.Variable(p) for p in init]
        W1, b1, W2, b2, W3, b3 = params
        state = {}

        def run():
            with tf.GradientTape() as tape:
                h1 = tf.nn.relu(tf.matmul(X, W1) + b1)
                h2 = tf.nn.relu(tf.matmul(h1, W2) + b2)
                logits = tf.matmul(h2, W3) + b3
                loss = tf.reduce_mean(
                    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
                )
            grads = tape.gradient(loss, params)
            for p, g in zip(params, grads):
                p.assign_sub(W3_LR * g)
            state["loss"] = loss

        return run, lambda: [
            state["loss"].numpy(),
            *implied_grads(init, [p.numpy() for p in params]),
        ]

    if workload == "W1o":
        # One Variable and one optimizer (built on the warm-up call), reset per repeat.
        steps = kw.get("steps", W1_STEPS)
        x = tf.Variable(0.0)
        opt = tf.keras.optimizers.SGD(W1_LR)  # tk.keras.optimizers is tk.optimizers

        def run():
            x.assign(0.0)
            for _ in range(steps):
                with tf.GradientTape() as tape:
                    y = x**2 - 2.0 * x + 1.0
                g = tape.gradient(y, x)
                opt.apply_gradients([(g, x)])

        return run, lambda: [x.numpy()]

    if workload == "W1f":
        # The step is traced once (on the warm-up call); the 1,000 calls replay it.
        steps = kw.get("steps", W1_STEPS)
        x = tf.Variable(0.0)

        @tf.function
        def step():
            with tf.GradientTape() as tape:
                y = x**2 - 2.0 * x + 1.0
            g = tape.gradient(y, x)
            x.assign_sub(W1_LR * g)

        def run():
            x.assign(0.0)
            for _ in range(steps):
                step()

        return run, lambda: [x.numpy()]

    if workload == "W2f":
        x = tf.constant(data["w2_x"])
        state = {}

        @tf.function
        def forward_backward(x):
            with tf.GradientTape() as tape:
                tape.watch(x)
                h = x
                for _ in range(W2_CYCLES):  # unrolled at trace time
                    h = h * W2_MUL
                    h = h + W2_ADD
                    h = tf.sin(h)
                    h = tf.exp(h)
            return h, tape.gradient(h, x)

        def run():
            state["out"] = forward_backward(x)  # same shape and dtype: no retracing

        return run, lambda: [t.numpy() for t in state["out"]]

    if workload in ("W3f", "W3a", "W3Lf", "W3Lfh"):
        Xn, yn, init = _mlp_data(data, workload)
        X = tf.constant(Xn)
        y = tf.constant(yn)
        params = [tf.Variable(p) for p in init]
        W1, b1, W2, b2, W3, b3 = params
        state = {}
        opt = None
        if workload == "W3a":
            opt = tf.keras.optimizers.Adam(
                W3A_LR, beta_1=W3A_BETA_1, beta_2=W3A_BETA_2, epsilon=W3A_EPSILON
            )

        def step():
            with tf.GradientTape() as tape:
                h1 = tf.nn.relu(tf.matmul(X, W1) + b1)
                h2 = tf.nn.relu(tf.matmul(h1, W2) + b2)
                logits = tf.matmul(h2, W3) + b3
                loss = tf.reduce_mean(
                    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
                )
            grads = tape.gradient(loss, params)
            if opt is None:
                for p, g in zip(params, grads):
                    p.assign_sub(W3_LR * g)
            else:
                opt.apply_gradients(zip(grads, params))
            return loss

        if workload != "W3a":
            step = tf.function(step)

        def run():
            state["loss"] = step()

        if workload != "W3a":
            return run, lambda: [
                state["loss"].numpy(),
                *implied_grads(init, [p.numpy() for p in params]),
            ]
        # the optimizer's variables: iterations, then (m, v) per parameter in order
        return run, lambda: adam_check(
            state["loss"].numpy(),
            init,
            [p.numpy() for p in params],
            [m.numpy() for m in list(opt.variables)[1::2]],
        )

    if workload == "W4":
        x = tf.constant(data["w4_x"])
        state = {}

        def run():
            with tf.GradientTape() as outer:
                outer.watch(x)
                with tf.GradientTape() as inner:
                    inner.watch(x)
                    y = tf.reduce_sum(tf.sin(x) * x**2)
                g = inner.gradient(y, x)
            state["H"] = outer.jacobian(g, x)

        return run, lambda: [state["H"].numpy()]

    if workload == "W5":
        W = tf.constant(data["w5_W"])
        x = tf.constant(data["w5_x"].reshape(W5_N, 1))  # tf.matmul needs rank 2
        state = {}

        def run():
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.tanh(tf.matmul(W, x))
            state["J"] = tape.jacobian(y, x)  # [256, 1, 256, 1]

        return run, lambda: [state["J"].numpy().reshape(W5_N, W5_N)]

    raise KeyError(workload)


def tapekit_impl(workload, data, **kw):
    import tapekit

    return _tape_style(tapekit, workload, data, **kw)


def _tapekit_setup():
    import tapekit

    return tapekit.__version__


def tensorflow_impl(workload, data, **kw):
    import tensorflow as tf

    return _tape_style(tf, workload, data, **kw)


def _tensorflow_setup():
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    return tf.__version__


# ---------------------------------------------------------------------------------------
# PyTorch, eager: its fastest idiom for each (W4: nested autograd.grad with
# is_grads_batched, vectorised; W5: torch.func.jacrev)


def _torch_setup():
    import torch

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    return torch.__version__


def torch_impl(workload, data, **kw):
    import torch

    if workload == "W1":
        steps = kw.get("steps", W1_STEPS)
        state = {}

        def run():
            x = torch.zeros((), dtype=torch.float32, requires_grad=True)
            for _ in range(steps):
                y = x**2 - 2.0 * x + 1.0
                (g,) = torch.autograd.grad(y, x)
                with torch.no_grad():
                    x -= W1_LR * g
            state["x"] = x

        return run, lambda: [state["x"].detach().numpy()]

    if workload == "W1o":
        # torch.optim.SGD: backward() fills x.grad, step() updates in place
        steps = kw.get("steps", W1_STEPS)
        x = torch.zeros((), dtype=torch.float32, requires_grad=True)
        opt = torch.optim.SGD([x], lr=W1_LR)

        def run():
            with torch.no_grad():
                x.zero_()
            for _ in range(steps):
                opt.zero_grad()  # set_to_none
                y = x**2 - 2.0 * x + 1.0
                y.backward()
                opt.step()

        return run, lambda: [x.detach().numpy()]

    if workload == "W2":
        x = torch.from_numpy(data["w2_x"]).requires_grad_()
        state = {}

        def run():
            h = x
            for _ in range(W2_CYCLES):
                h = h * W2_MUL
                h = h + W2_ADD
                h = torch.sin(h)
                h = torch.exp(h)
            (g,) = torch.autograd.grad(h, x, grad_outputs=torch.ones_like(h))
            state["out"] = (h, g)

        return run, lambda: [t.detach().numpy() for t in state["out"]]

    if workload in ("W3", "W3L"):
        Xn, yn, init = _mlp_data(data, workload)
        X = torch.from_numpy(Xn)
        y = torch.from_numpy(yn)
        params = [torch.tensor(p, requires_grad=True) for p in init]
        W1, b1, W2, b2, W3, b3 = params
        state = {}

        def run():
            h1 = torch.relu(X @ W1 + b1)
            h2 = torch.relu(h1 @ W2 + b2)
            logits = h2 @ W3 + b3
            loss = torch.nn.functional.cross_entropy(logits, y)
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                for p, g in zip(params, grads):
                    p -= W3_LR * g
            state["loss"] = loss

        return run, lambda: [
            state["loss"].detach().numpy(),
            *implied_grads(init, [p.detach().numpy() for p in params]),
        ]

    if workload == "W4":
        x = torch.from_numpy(data["w4_x"]).requires_grad_()
        eye = torch.eye(W4_N, dtype=torch.float64)
        state = {}

        def run():
            y = (torch.sin(x) * x**2).sum()
            (g,) = torch.autograd.grad(y, x, create_graph=True)
            (H,) = torch.autograd.grad(g, x, grad_outputs=eye, is_grads_batched=True)
            state["H"] = H

        return run, lambda: [state["H"].detach().numpy()]

    if workload == "W5":
        W = torch.from_numpy(data["w5_W"])
        x = torch.from_numpy(data["w5_x"])
        state = {}
        # torch.func.jacrev: 15x faster here than autograd.grad(is_grads_batched=True)
        jac = torch.func.jacrev(lambda x: torch.tanh(W @ x))

        def run():
            state["J"] = jac(x)

        return run, lambda: [state["J"].detach().numpy()]

    raise KeyError(workload)


# ---------------------------------------------------------------------------------------
# JAX: eager for W1-W5 (no jit: every call dispatches op by op, like the other eager
# engines); jax.jit for the compiled rows W1f, W2f, W3f


def _jax_setup():
    import jax

    return jax.__version__


def jax_impl(workload, data, **kw):
    import jax
    import jax.numpy as jnp

    if workload == "W1":
        steps = kw.get("steps", W1_STEPS)
        state = {}
        df = jax.grad(lambda x: x**2 - 2.0 * x + 1.0)

        def run():
            x = jnp.float32(0.0)
            for _ in range(steps):
                x = x - W1_LR * df(x)
            state["x"] = x

        return run, lambda: [np.asarray(state["x"])]

    if workload == "W1f":
        steps = kw.get("steps", W1_STEPS)
        state = {}
        df = jax.grad(lambda x: x**2 - 2.0 * x + 1.0)
        step = jax.jit(lambda x: x - W1_LR * df(x))  # compiled on the warm-up call

        def run():
            x = jnp.float32(0.0)
            for _ in range(steps):
                x = step(x)
            state["x"] = x.block_until_ready()

        return run, lambda: [np.asarray(state["x"])]

    if workload == "W2f":
        x = jnp.asarray(data["w2_x"])
        state = {}

        def chain(h):
            for _ in range(W2_CYCLES):
                h = h * W2_MUL
                h = h + W2_ADD
                h = jnp.sin(h)
                h = jnp.exp(h)
            return h

        @jax.jit
        def forward_backward(x):
            h, vjp = jax.vjp(chain, x)
            (g,) = vjp(jnp.ones_like(h))
            return h, g

        def run():
            state["out"] = jax.block_until_ready(forward_backward(x))

        return run, lambda: [np.asarray(t) for t in state["out"]]

    if workload == "W2":
        x = jnp.asarray(data["w2_x"])
        state = {}

        def chain(h):
            for _ in range(W2_CYCLES):
                h = h * W2_MUL
                h = h + W2_ADD
                h = jnp.sin(h)
                h = jnp.exp(h)
            return h

        def run():
            h, vjp = jax.vjp(chain, x)
            (g,) = vjp(jnp.ones_like(h))
            state["out"] = (h, g)

        return run, lambda: [np.asarray(t) for t in state["out"]]

    if workload in ("W3", "W3L", "W3f"):
        Xn, yn, init = _mlp_data(data, workload)
        X, y = jnp.asarray(Xn), jnp.asarray(yn)
        state = {"params": [jnp.asarray(p) for p in init]}

        def loss_fn(params, X, y):
            W1, b1, W2, b2, W3, b3 = params
            h1 = jax.nn.relu(X @ W1 + b1)
            h2 = jax.nn.relu(h1 @ W2 + b2)
            logits = h2 @ W3 + b3
            logp = jax.nn.log_softmax(logits)
            return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

        vg = jax.value_and_grad(loss_fn)

        def step(params, X, y):
            loss, grads = vg(params, X, y)
            return loss, [p - W3_LR * g for p, g in zip(params, grads)]

        if workload == "W3f":
            # the whole step, compiled on the warm-up call (data as arguments, not
            # baked-in constants)
            step = jax.jit(step)

        def run():
            state["loss"], state["params"] = step(state["params"], X, y)
            jax.block_until_ready(state["params"])

        return run, lambda: [
            np.asarray(state["loss"]),
            *implied_grads(init, [np.asarray(p) for p in state["params"]]),
        ]

    if workload == "W4":
        jax.config.update("jax_enable_x64", True)  # float64, as for every implementation
        x = jnp.asarray(data["w4_x"])
        state = {}
        hess = jax.hessian(lambda x: jnp.sum(jnp.sin(x) * x**2))

        def run():
            state["H"] = hess(x).block_until_ready()

        return run, lambda: [np.asarray(state["H"])]

    if workload == "W5":
        W, x = jnp.asarray(data["w5_W"]), jnp.asarray(data["w5_x"])
        state = {}
        jac = jax.jacrev(lambda x: jnp.tanh(W @ x))

        def run():
            state["J"] = jac(x).block_until_ready()

        return run, lambda: [np.asarray(state["J"])]

    raise KeyError(workload)


# ---------------------------------------------------------------------------------------
# HIPS autograd (wraps NumPy; jacobian and hessian loop over output elements)


def _autograd_setup():
    from importlib.metadata import version

    return version("autograd")


def autograd_impl(workload, data, **kw):
    import autograd
    import autograd.numpy as anp
    from autograd.scipy.special import logsumexp

    if workload == "W1":
        steps = kw.get("steps", W1_STEPS)
        state = {}
        df = autograd.grad(lambda x: x**2 - 2.0 * x + 1.0)

        def run():
            x = np.float32(0.0)
            for _ in range(steps):
                x = x - np.float32(W1_LR) * df(x)
            state["x"] = x

        return run, lambda: [np.asarray(state["x"])]

    if workload == "W2":
        x = data["w2_x"]
        state = {}

        def chain(h):
            for _ in range(W2_CYCLES):
                h = h * W2_MUL
                h = h + W2_ADD
                h = anp.sin(h)
                h = anp.exp(h)
            return h

        def run():
            vjp, h = autograd.make_vjp(chain)(x)
            state["out"] = (h, vjp(np.ones_like(h)))

        return run, lambda: [np.asarray(t) for t in state["out"]]

    if workload in ("W3", "W3L"):
        X, y, init = _mlp_data(data, workload)
        rows = np.arange(len(y))
        state = {"params": [p.copy() for p in init]}

        def loss_fn(params):
            W1, b1, W2, b2, W3, b3 = params
            h1 = anp.maximum(anp.dot(X, W1) + b1, 0.0)
            h2 = anp.maximum(anp.dot(h1, W2) + b2, 0.0)
            logits = anp.dot(h2, W3) + b3
            logp = logits - logsumexp(logits, axis=1, keepdims=True)
            return -anp.mean(logp[rows, y])

        vg = autograd.value_and_grad(loss_fn)

        def run():
            loss, grads = vg(state["params"])
            state["params"] = [p - np.float32(W3_LR) * g for p, g in zip(state["params"], grads)]
            state["loss"] = loss

        return run, lambda: [np.asarray(state["loss"]), *implied_grads(init, state["params"])]

    if workload == "W4":
        x = data["w4_x"]
        state = {}
        hess = autograd.hessian(lambda x: anp.sum(anp.sin(x) * x**2))

        def run():
            state["H"] = hess(x)

        return run, lambda: [state["H"]]

    if workload == "W5":
        W, x = data["w5_W"], data["w5_x"]
        state = {}
        jac = autograd.jacobian(lambda x: anp.tanh(anp.dot(W, x)))

        def run():
            state["J"] = jac(x)

        return run, lambda: [state["J"]]

    raise KeyError(workload)


# ---------------------------------------------------------------------------------------
# the registry run.py walks

IMPLEMENTATIONS = {
    # name: (module that must import, builder, setup returning a version string, import for W6)
    "numpy": ("numpy", numpy_impl, lambda: np.__version__, "numpy"),
    "tapekit": ("tapekit", tapekit_impl, _tapekit_setup, "tapekit"),
    "tensorflow": ("tensorflow", tensorflow_impl, _tensorflow_setup, "tensorflow"),
    "pytorch": ("torch", torch_impl, _torch_setup, "torch"),
    "jax": ("jax", jax_impl, _jax_setup, "jax"),
    "autograd": ("autograd", autograd_impl, _autograd_setup, "autograd"),
}

PEERS = ("tensorflow", "pytorch", "jax", "autograd")
