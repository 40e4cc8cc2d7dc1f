"""Solutions to the exercises of 02_first_gradients.ipynb.

练习参考答案：02_first_gradients.ipynb（上手计算梯度）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Run: ``python solutions/02_first_gradients.py`` (from the folder ``notebooks/``)
"""

import math

import numpy as np

import tapekit as tf

# The data of the notebook / 与笔记本中相同的数据
np.random.seed(0)
X = np.random.rand(100, 1)
y = 3 * X + np.random.randn(100, 1) * 0.5
W0 = np.random.randn(1)
b0 = np.random.randn(1)


# %% Exercise 1 (easy, code): learning rate and number of epochs / 学习率和训练轮数
def train(learning_rate, epochs, report=()):
    """Train from the notebook's initial W and b; return {epoch: (W, b, loss)} for `report`."""
    W = tf.Variable(W0, dtype=tf.float32)
    b = tf.Variable(b0, dtype=tf.float32)
    snapshots = {}
    for epoch in range(1, epochs + 1):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(W * X + b - y))
        dW, db = tape.gradient(loss, [W, b])
        W.assign_sub(learning_rate * dW)
        b.assign_sub(learning_rate * db)
        if epoch in report or epoch == epochs:
            snapshots[epoch] = (W.numpy()[0], b.numpy()[0], loss.numpy())
    return snapshots


print("1.")
results = {}
for lr in [0.01, 0.1, 0.5]:
    for epochs, (W, b, loss) in train(lr, 1000, report=(100,)).items():
        results[lr, epochs] = (W, b, loss)
        print(f"  lr = {lr}, {epochs} epochs: W = {W:.4f}, b = {b:.4f}, loss = {loss:.4f}")
# Too small (0.01): after 1000 epochs W is where 0.1 was after 100, still far from 2.97.
# 0.5 gets there in about 100 epochs, ten times faster than 0.1.
# 太小（0.01）：1000 轮后的 W 只相当于 0.1 训练 100 轮的结果，离 2.97 还很远；
# 0.5 大约 100 轮就到了，比 0.1 快十倍。
assert abs(results[0.01, 1000][0] - 2.9685) > 0.1
assert abs(results[0.5, 100][0] - 2.9685) < 0.01

# Too large (1.1): every step overshoots the minimum by more than it corrects, and the
# loss explodes. 太大（1.1）：每一步都冲过最小值，而且越冲越远，损失迅速发散。
W, b, loss = train(1.1, 20)[20]
print(f"  lr = 1.1, 20 epochs: loss = {loss:.3g}")
assert loss > 1e6

# %% Exercise 2 (easy, code): z = x·y + sin(x); ∂z/∂x = y + cos(x) = 3, ∂z/∂y = x = 0 at (0, 2)
x = tf.Variable(0.0)
yv = tf.Variable(2.0)
with tf.GradientTape() as tape:
    z = x * yv + tf.sin(x)
dz_dx, dz_dy = tape.gradient(z, [x, yv])
print("2.", dz_dx.numpy(), dz_dy.numpy())
assert dz_dx.numpy() == 3.0 and dz_dy.numpy() == 0.0

# %% Exercise 3 (medium, paper): the gradient of the mean squared error
# With rᵢ = W·xᵢ + b − yᵢ: ∂L/∂W = (2/N)·Σᵢ rᵢ·xᵢ and ∂L/∂b = (2/N)·Σᵢ rᵢ.
# 记 rᵢ = W·xᵢ + b − yᵢ，则 ∂L/∂W = (2/N)·Σᵢ rᵢ·xᵢ，∂L/∂b = (2/N)·Σᵢ rᵢ。
r = W0 * X + b0 - y
by_hand = (2 * np.mean(r * X), 2 * np.mean(r))
W = tf.Variable(W0, dtype=tf.float32)
b = tf.Variable(b0, dtype=tf.float32)
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(tf.square(W * X + b - y))
dW, db = tape.gradient(loss, [W, b])
print("3.", by_hand, dW.numpy(), db.numpy())
assert np.allclose(by_hand, (dW.numpy()[0], db.numpy()[0]), rtol=1e-5)

# %% Exercise 4 (medium, bug): `W = W - 0.1 * dW` rebinds W to a plain tensor
# The next tape does not watch a tensor, so dW is None and `0.1 * None` raises a TypeError.
# Fix: update the variable in place with assign_sub.
# 下一个梯度带不会监视普通张量，所以 dW 是 None，`0.1 * None` 抛出 TypeError。
# 改正：用 assign_sub 原地更新变量。
W = tf.Variable(0.0)
try:
    for epoch in range(3):  # noqa: B007 (read after the loop)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(W * X[:, 0] - y[:, 0]))
        dW = tape.gradient(loss, W)
        W = W - 0.1 * dW
    raise AssertionError("the buggy loop should fail")
except TypeError:
    print("4. buggy loop: dW is", dW, "in epoch", epoch)
    assert epoch == 1 and dW is None

W = tf.Variable(0.0)
for _ in range(3):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(W * X[:, 0] - y[:, 0]))
    dW = tape.gradient(loss, W)
    W.assign_sub(0.1 * dW)
print("   fixed: W =", W.numpy())
assert isinstance(W, tf.Variable) and W.numpy() > 0


# %% Exercise 5 (medium, code): the best step h in float32 and in float64
def central_errors(dtype):
    x0 = tf.constant(3.0, dtype=dtype)
    return {
        h: abs(float((((x0 + h) ** 3 - (x0 - h) ** 3) / (2 * h)).numpy()) - 27.0)
        for h in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]
    }


err32, err64 = central_errors(tf.float32), central_errors(tf.float64)
best32, best64 = min(err32, key=err32.get), min(err64, key=err64.get)
print(
    "5. best h: float32",
    best32,
    f"(error {err32[best32]:.2g}), float64",
    best64,
    f"(error {err64[best64]:.2g})",
)
# The truncation error is h² (exactly: f'''/6·h² = h²), rounding grows like ε/h: the best h
# is about ε^(1/3), 10⁻² in float32 and 10⁻⁵ in float64 (the error there is about 10⁻¹⁰).
# 截断误差为 h²，舍入误差约为 ε/h：最佳 h 约为 ε 的立方根，float32 约 10⁻²，float64 约 10⁻⁵。
assert best32 in (1e-2, 1e-3) and best64 in (1e-4, 1e-5, 1e-6) and err64[best64] < 1e-8
x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    f3 = x**3
assert tape.gradient(f3, x).numpy() == 27.0  # the tape: exact, no h

# %% Exercise 6 (hard, code): a neural network with one hidden layer of 8 tanh units
#    一个隐藏层、8 个 tanh 单元的神经网络
tf.random.set_seed(0)
W1 = tf.Variable(tf.random.normal((1, 8), stddev=1.0))
b1 = tf.Variable(tf.zeros((8,)))
W2 = tf.Variable(tf.random.normal((8, 1), stddev=1.0 / math.sqrt(8)))
b2 = tf.Variable(tf.zeros((1,)))
params = [W1, b1, W2, b2]


def model(X):
    hidden = tf.tanh(tf.matmul(tf.constant(X, dtype=tf.float32), W1) + b1)
    return tf.matmul(hidden, W2) + b2


learning_rate = 0.2
for _ in range(1000):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(X) - y))
    grads = tape.gradient(loss, params)
    for p, g in zip(params, grads):
        p.assign_sub(learning_rate * g)
print(f"6. loss after 1000 epochs: {loss.numpy():.4f}")
# The noise has variance 0.25, so no model can do much better than a loss of about 0.25.
# 噪声的方差是 0.25，所以任何模型的损失都很难明显低于 0.25。
assert loss.numpy() < 0.27

# %% Exercise 7 (easy, quiz)
# 1. The tape applies the exact derivative of every recorded operation (the chain rule), it
#    does not compare function values. 梯度带对每个记录下来的运算用它的精确导数（链式法则），不比较函数值。
# 2. One: for a scalar output one backward pass gives every partial derivative.
#    一次：输出是标量时，一次反向传播就得到全部偏导数。
# 3. A dict with the same keys, {"x": ∂z/∂x, "y": ∂z/∂y}. 键相同的字典。
# 4. `W = W - ...` rebinds W to a tensor that the next tape does not watch (exercise 4).
#    `W = W - ...` 把 W 重新绑定到一个普通张量，下一个梯度带不会监视它（见练习 4）。
x, yv = tf.Variable(2.0), tf.Variable(3.0)
with tf.GradientTape() as tape:
    z = x**2 + yv**3
grads = tape.gradient(z, {"x": x, "y": yv})
print("7.", sorted(grads), grads["x"].numpy(), grads["y"].numpy())
assert sorted(grads) == ["x", "y"] and (grads["x"].numpy(), grads["y"].numpy()) == (4.0, 27.0)
