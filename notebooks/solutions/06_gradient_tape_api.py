"""Solutions to the exercises of 06_gradient_tape_api.ipynb.

练习参考答案：06_gradient_tape_api.ipynb（深入理解 GradientTape API）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Run: ``python solutions/06_gradient_tape_api.py`` (from the folder ``notebooks/``)
"""

import numpy as np

import tapekit as tf

# %% Exercise 1 (easy, code): three fixes for the second gradient() call / 第二次调用 gradient() 的三种改法
x = tf.Variable(3.0)

# 1a. A persistent tape, deleted when done / 持久梯度带，用完即删
with tf.GradientTape(persistent=True) as tape:
    y = x * x
    z = y * y
dz_dx, dy_dx = tape.gradient(z, x), tape.gradient(y, x)
del tape
print("1a.", dz_dx.numpy(), dy_dx.numpy())
assert (dz_dx.numpy(), dy_dx.numpy()) == (108.0, 6.0)

# 1b. One tape per gradient / 每个梯度用一个梯度带
with tf.GradientTape() as tape_z:
    z = (x * x) * (x * x)
with tf.GradientTape() as tape_y:
    y = x * x
print("1b.", tape_z.gradient(z, x).numpy(), tape_y.gradient(y, x).numpy())

# 1c. One call: the Jacobian of the targets, stacked inside the tape
#     只调用一次：在梯度带内把目标堆叠起来，求雅可比矩阵
with tf.GradientTape() as tape:
    y = x * x
    z = y * y
    zy = tf.stack([z, y])
jac = tape.jacobian(zy, x)
print("1c.", jac.numpy())
assert jac.numpy().tolist() == [108.0, 6.0]

# %% Exercise 2 (easy, code): the Jacobian of y = x³ at [1, 2] is diag(3x²) = diag(3, 12)
x = tf.Variable([1.0, 2.0])
with tf.GradientTape() as tape:
    y = x**3
jac = tape.jacobian(y, x)
print("2.", jac.numpy().tolist())
assert np.array_equal(jac.numpy(), np.diag(3 * x.numpy() ** 2))


# %% Exercise 3 (medium, code): identity forward, clipped gradient backward / 前向原样返回，反向裁剪梯度
@tf.custom_gradient
def clip_gradient(x):
    def grad(upstream):
        return tf.clip_by_value(upstream, -1.0, 1.0)

    return tf.identity(x), grad


x = tf.constant(2.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = 10 * clip_gradient(x)
g = tape.gradient(y, x)
print("3.", y.numpy(), g.numpy())
assert y.numpy() == 20.0 and g.numpy() == 1.0

# %% Exercise 4 (medium, bug): the None checklist, corrected / 改正 None 排查清单中的例子
# Cause 2: assign_add keeps x a variable / 原因 2：用 assign_add，x 仍然是变量
x = tf.Variable(2.0)
for _ in range(2):
    with tf.GradientTape() as tape:
        y = x + 1
    g = tape.gradient(y, x)
    print("4 (2).", type(x).__name__, g.numpy())
    assert g.numpy() == 1.0
    x.assign_add(1)

# Cause 3: stay on the tape. The median of two rows is their mean, which tapekit can
# differentiate. 原因 3：留在梯度带上。两行数据的中位数就是它们的平均值，tapekit 可以对它求导。
x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
with tf.GradientTape() as tape:
    x2 = x**2
    y = tf.reduce_mean(x2, axis=0)
    y = tf.reduce_mean(y, axis=0)
g = tape.gradient(y, x)
print("4 (3).", g.numpy().tolist())
assert np.allclose(g.numpy(), x.numpy() / 2)  # d/dx of mean(x²) over 4 elements = 2x/4

# Cause 5: compute the new value instead of assigning it / 原因 5：直接计算新值，而不是赋值
x0 = tf.Variable(3.0)
x1 = tf.Variable(0.0)
with tf.GradientTape() as tape:
    x1_new = x1 + x0
    y = x1_new**2
g = tape.gradient(y, x0)
x1.assign(x1_new)  # update the state afterwards, if it is needed / 如有需要，之后再更新状态
print("4 (5).", g.numpy())
assert g.numpy() == 6.0  # 2 (x1 + x0) = 6

# %% Exercise 5 (medium, paper): y_bi = Σⱼ x_bj·W_ji, so ∂y_bi/∂x_cj = δ_bc·W_ji. The full
#    Jacobian has one entry per (b, i, c, j): shape [batch, m, batch, n]; it is zero for b ≠ c
#    (an example's output does not depend on another example's input), and each diagonal block
#    [i, j] is W_ji, that is Wᵀ: what batch_jacobian keeps.
#    ∂y_bi/∂x_cj = δ_bc·W_ji：b ≠ c 时为零，对角块为 Wᵀ，这正是 batch_jacobian 保留的部分。
xb = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
W = tf.constant([[1.0, 2.0], [3.0, 4.0]])
with tf.GradientTape(persistent=True) as tape:
    tape.watch(xb)
    yb = tf.matmul(xb, W)
full = tape.jacobian(yb, xb).numpy()
blocks = tape.batch_jacobian(yb, xb).numpy()
del tape
print("5.", full.shape, blocks.shape)
assert full.shape == (3, 2, 3, 2) and blocks.shape == (3, 2, 2)
for b in range(3):
    assert (blocks[b] == W.numpy().T).all() and (full[b, :, b, :] == W.numpy().T).all()
    for c in range(3):
        assert c == b or not full[b, :, c, :].any()


# %% Exercise 6 (hard, code): stable log-sum-exp; its gradient is softmax(x).
#    稳定的 log-sum-exp；它的梯度就是 softmax(x)。
def logsumexp(x):
    m = tf.stop_gradient(tf.reduce_max(x))
    return m + tf.math.log(tf.reduce_sum(tf.exp(x - m)))


for values in ([1000.0, 1000.0], [1.0, 2.0, 3.0]):
    x = tf.constant(values)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = logsumexp(x)
    g = tape.gradient(y, x)
    print("6.", values, y.numpy(), g.numpy())
    assert abs(y.numpy() - tf.math.reduce_logsumexp(x).numpy()) < 1e-3
    assert abs(g.numpy() - tf.nn.softmax(x).numpy()).max() < 1e-6

# %% Exercise 7 (easy, quiz)
# 1. The gradient of the sum of y's elements; with output_gradients w, the weighted sum Σᵢ wᵢ·∂yᵢ/∂x
#    (a vector-Jacobian product). 元素之和的梯度；给定 output_gradients w 时为加权和（向量-雅可比积）。
# 2. None says "not connected", which often points at a bug; zeros hide it. The default keeps the
#    bug visible. None 表示“没有连接”，常常意味着程序有错；返回零会把错误藏起来。
# 3. When examples interact (batch normalization over the batch, a sum over examples): then the
#    off-diagonal blocks are not zero and batch_jacobian silently drops them.
#    样本之间相互影响时（例如对整个批次做归一化），非对角块不为零，batch_jacobian 会悄悄丢掉它们。
# 4. It keeps everything it recorded until it is deleted, so it needs more memory.
#    它要一直保留记录的全部内容直到被删除，占用的内存更多。
print("7. (answers in the comments)")
