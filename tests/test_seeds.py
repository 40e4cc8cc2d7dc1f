"""The five seed tutorials (../shared/seeds/), cell by cell, with only the import changed.

Every code cell that uses the engine is written out here with ``import tapekit as tf`` and
the numbers the seeds print or assert are checked; printed tensors use TF's format with
our ``tk.`` prefix.  Exempt, as the engine issue says: ``!pip`` cells, seed 004's GPU
memory set-up, and seed 003's optimizer / ``tf.function`` cells (another issue).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import tapekit as tf

# --------------------------------------------------------------------------- seeds 000 / 001
# (001 is the same tutorial as 000, with the same five cells)


def test_000_001_cell1_gradient_of_reduce_sum():
    x = tf.ones((2, 2))
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.reduce_sum(x)
        z = tf.multiply(y, y)
    # Derivative of z with respect to the original input tensor x
    dz_dx = t.gradient(z, x)
    for i in [0, 1]:
        for j in [0, 1]:
            assert dz_dx[i][j].numpy() == 8.0
    assert dz_dx.shape == (2, 2)


def test_000_001_cell2_gradient_of_intermediate():
    x = tf.ones((2, 2))
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.reduce_sum(x)
        z = tf.multiply(y, y)
    # Use the tape to compute the derivative of z with respect to the
    # intermediate value y.
    dz_dy = t.gradient(z, y)
    assert dz_dy.numpy() == 8.0


def test_000_001_cell3_persistent_tape(capsys):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as t:
        t.watch(x)
        y = x * x
        z = y * y
    dz_dx = t.gradient(z, x)  # 108.0 (4*x^3 at x = 3)
    dy_dx = t.gradient(y, x)  # 6.0
    del t  # Drop the reference to the tape
    print(dz_dx, dy_dx)
    assert capsys.readouterr().out == (
        "tk.Tensor(108.0, shape=(), dtype=float32) tk.Tensor(6.0, shape=(), dtype=float32)\n"
    )


def test_000_001_cell4_control_flow():
    def f(x, y):
        output = 1.0
        for i in range(y):
            if i > 1 and i < 5:
                output = tf.multiply(output, x)
        return output

    def grad(x, y):
        with tf.GradientTape() as t:
            t.watch(x)
            out = f(x, y)
        return t.gradient(out, x)

    x = tf.convert_to_tensor(2.0)

    assert grad(x, 6).numpy() == 12.0
    assert grad(x, 5).numpy() == 12.0
    assert grad(x, 4).numpy() == 4.0
    assert grad(x, 3).numpy() == 1.0  # f = x


def test_000_001_cell5_higher_order():
    x = tf.Variable(1.0)  # Create a Tensorflow variable initialized to 1.0

    with tf.GradientTape() as t:
        with tf.GradientTape() as t2:
            y = x * x * x
        # Compute the gradient inside the 't' context manager
        # which means the gradient computation is differentiable as well.
        dy_dx = t2.gradient(y, x)
    d2y_dx2 = t.gradient(dy_dx, x)

    assert dy_dx.numpy() == 3.0
    assert d2y_dx2.numpy() == 6.0


# --------------------------------------------------------------------------- seed 002


def test_002_basic(capsys):
    # 定义变量
    x = tf.Variable(3.0)
    # 使用GradientTape记录操作
    with tf.GradientTape() as tape:
        y = x**2  # 计算y = x^2
    # 计算y相对于x的梯度
    dy_dx = tape.gradient(y, x)
    print(dy_dx.numpy())  # 输出: 6.0
    assert capsys.readouterr().out == "6.0\n"


def test_002_multi(capsys):
    x = tf.Variable(2.0)
    y = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        z = x**2 + y**3  # 计算z = x^2 + y^3
    dz_dx, dz_dy = tape.gradient(z, [x, y])
    print(dz_dx.numpy(), dz_dy.numpy())  # 输出: 4.0 27.0
    assert capsys.readouterr().out == "4.0 27.0\n"


def _run_002_linreg():
    np.random.seed(0)  # added: the seed's data is unseeded
    # 生成一些随机数据
    X = np.random.rand(100, 1)
    y = 3 * X + np.random.randn(100, 1) * 0.5

    # 定义模型参数
    W = tf.Variable(np.random.randn(1), dtype=tf.float32)
    b = tf.Variable(np.random.randn(1), dtype=tf.float32)

    # 定义损失函数
    def loss_function(X, y):
        y_pred = W * X + b
        return tf.reduce_mean(tf.square(y_pred - y))

    # 使用GradientTape进行优化
    learning_rate = 0.1
    for epoch in range(100):
        with tf.GradientTape() as tape:
            loss = loss_function(X, y)
        # 计算梯度
        dW, db = tape.gradient(loss, [W, b])
        # 更新参数
        W.assign_sub(learning_rate * dW)
        b.assign_sub(learning_rate * db)
        if epoch % 10 == 0:
            print(f"Epoch {epoch}, Loss: {loss.numpy()}")
    print(f"Final W: {W.numpy()}, Final b: {b.numpy()}")
    return W, b


def test_002_linear_regression(capsys):
    W, b = _run_002_linreg()
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 11
    epochs = [re.fullmatch(r"Epoch (\d+), Loss: (\S+)", line) for line in out[:10]]
    assert all(epochs), out
    assert [int(m.group(1)) for m in epochs] == list(range(0, 100, 10))
    losses = [float(m.group(2)) for m in epochs]
    assert all(a > b for a, b in zip(losses, losses[1:])), losses  # the loss decreases
    assert losses[-1] < losses[0] / 30
    assert W.dtype == tf.float32 and b.dtype == tf.float32
    # TF 2.21 prints these (tests/reference/tf_engine.json, seeds/002_linreg)
    np.testing.assert_allclose(
        losses,
        [10.51005744934082, 0.550186038017273, 0.45345890522003174, 0.4047808051109314,
         0.36770617961883545, 0.3394050598144531, 0.3178010880947113, 0.3013094663619995,
         0.28872036933898926, 0.279110312461853],
        rtol=1e-6,
    )  # fmt: skip
    assert out[10] == "Final W: [2.4385505], Final b: [0.3796238]"


# --------------------------------------------------------------------------- seed 003


@pytest.fixture
def quadratic():
    x = tf.Variable(0.0, name="x", dtype=tf.float32)
    a = tf.constant(1.0)
    b = tf.constant(-2.0)
    c = tf.constant(1.0)
    return x, a, b, c


def test_003_cell1_derivative(capsys, quadratic):
    x, a, b, c = quadratic
    with tf.GradientTape() as tape:
        y = a * tf.pow(x, 2) + b * x + c
    dy_dx = tape.gradient(y, x)
    print(dy_dx)
    assert capsys.readouterr().out == "tk.Tensor(-2.0, shape=(), dtype=float32)\n"


def test_003_cell2_watch_constants(capsys, quadratic):
    x, a, b, c = quadratic
    # Use watch to calculate derivatives of the constant tensor
    with tf.GradientTape() as tape:
        tape.watch([a, b, c])
        y = a * tf.pow(x, 2) + b * x + c
    dy_dx, dy_da, dy_db, dy_dc = tape.gradient(y, [x, a, b, c])
    print(dy_da)
    print(dy_dc)
    assert capsys.readouterr().out == (
        "tk.Tensor(0.0, shape=(), dtype=float32)\ntk.Tensor(1.0, shape=(), dtype=float32)\n"
    )
    assert float(dy_dx) == -2.0 and float(dy_db) == 0.0


def test_003_cell3_second_derivative(capsys, quadratic):
    x, a, b, c = quadratic
    # Calculate the second order derivative
    with tf.GradientTape() as tape2:
        with tf.GradientTape() as tape1:
            y = a * tf.pow(x, 2) + b * x + c
        dy_dx = tape1.gradient(y, x)
    dy2_dx2 = tape2.gradient(dy_dx, x)
    print(dy2_dx2)
    assert capsys.readouterr().out == "tk.Tensor(2.0, shape=(), dtype=float32)\n"


# --------------------------------------------------------------------------- seed 004


def gradient_test():
    # -------------------一元梯度案例---------------------------
    print("一元梯度")
    x = tf.constant(value=3.0)
    with tf.GradientTape(persistent=True, watch_accessed_variables=True) as tape:
        tape.watch(x)
        y1 = 2 * x
        y2 = x * x + 2
        y3 = x * x + 2 * x
    # 一阶导数
    dy1_dx = tape.gradient(target=y1, sources=x)
    dy2_dx = tape.gradient(target=y2, sources=x)
    dy3_dx = tape.gradient(target=y3, sources=x)
    print("dy1_dx:", dy1_dx)
    print("dy2_dx:", dy2_dx)
    print("dy3_dx:", dy3_dx)

    # # -------------------二元梯度案例---------------------------
    print("二元梯度")
    x = tf.constant(value=3.0)
    y = tf.constant(value=2.0)
    with tf.GradientTape(persistent=True, watch_accessed_variables=True) as tape:
        tape.watch([x, y])
        z1 = x * x * y + x * y
    # 一阶导数
    dz1_dx = tape.gradient(target=z1, sources=x)
    dz1_dy = tape.gradient(target=z1, sources=y)
    dz1_d = tape.gradient(target=z1, sources=[x, y])
    print("dz1_dx:", dz1_dx)
    print("dz1_dy:", dz1_dy)
    print("dz1_d:", dz1_d)
    print("type of dz1_d:", type(dz1_d))


SEED_004_OUTPUT = """\
一元梯度
dy1_dx: tk.Tensor(2.0, shape=(), dtype=float32)
dy2_dx: tk.Tensor(6.0, shape=(), dtype=float32)
dy3_dx: tk.Tensor(8.0, shape=(), dtype=float32)
二元梯度
dz1_dx: tk.Tensor(14.0, shape=(), dtype=float32)
dz1_dy: tk.Tensor(12.0, shape=(), dtype=float32)
dz1_d: [<tk.Tensor: shape=(), dtype=float32, numpy=14.0>, <tk.Tensor: shape=(), dtype=float32, numpy=12.0>]
type of dz1_d: <class 'list'>
"""


def test_004_gradient_test(capsys):
    gradient_test()
    assert capsys.readouterr().out == SEED_004_OUTPUT


def test_004_config_calls_resolve():
    """The GPU set-up cell is exempt, but its names exist (and there is no GPU list here)."""
    gpus = tf.config.experimental.list_physical_devices(device_type="GPU")
    assert isinstance(gpus, list)
    assert all(d.device_type == "GPU" for d in gpus)
