"""Solutions to the exercises of 02_first_gradients.ipynb.

练习参考答案：02_first_gradients.ipynb（上手计算梯度）。

Run: ``python notebooks/solutions/02_first_gradients.py``
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


# 1. Learning rate and number of epochs / 学习率和迭代轮数
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

# 2. z = x·y + sin(x): ∂z/∂x = y + cos(x) = 3, ∂z/∂y = x = 0 at (0, 2).
x = tf.Variable(0.0)
yv = tf.Variable(2.0)
with tf.GradientTape() as tape:
    z = x * yv + tf.sin(x)
dz_dx, dz_dy = tape.gradient(z, [x, yv])
print("2.", dz_dx.numpy(), dz_dy.numpy())
assert dz_dx.numpy() == 3.0 and dz_dy.numpy() == 0.0

# 3. A neural network with one hidden layer of 8 tanh units
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
print(f"3. loss after 1000 epochs: {loss.numpy():.4f}")
# The noise has variance 0.25, so no model can do much better than a loss of about 0.25.
# 噪声的方差是 0.25，所以任何模型的损失都很难明显低于 0.25。
assert loss.numpy() < 0.27
