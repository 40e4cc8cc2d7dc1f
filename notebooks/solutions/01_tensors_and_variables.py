"""Solutions to the exercises of 01_tensors_and_variables.ipynb.

练习参考答案：01_tensors_and_variables.ipynb（张量、变量和即时执行）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Run: ``python solutions/01_tensors_and_variables.py`` (from the folder ``notebooks/``)
"""

import numpy as np

import tapekit as tf

tf.config.set_language("en")

# %% Exercise 1 (easy, code): a float64 tensor of shape (2, 3) holding 0, 1, ..., 5
t = tf.cast(tf.reshape(tf.range(6), (2, 3)), tf.float64)
column_sums = tf.reduce_sum(t, axis=0)
mean = tf.reduce_mean(t)
print("1.", t.shape, t.dtype, column_sums.numpy(), mean.numpy())
assert t.shape == (2, 3) and t.dtype == tf.float64
assert column_sums.numpy().tolist() == [3.0, 5.0, 7.0] and mean.numpy() == 2.5

# %% Exercise 2 (easy, quiz)
# 1. int32, float32 and float64 (a NumPy array keeps its dtype).
#    int32、float32 和 float64（NumPy 数组保留自己的数据类型）。
# 2. Change its value in place (assign, assign_add, assign_sub) and be watched by a tape
#    without tape.watch. 可以原地修改它的值（assign、assign_add、assign_sub），并且不必调用
#    tape.watch 就会被梯度带监视。
# 3. Each operation is computed as soon as Python runs it; TensorFlow 1 built a graph first and
#    ran it later in a session. 每个运算在 Python 执行到它时立刻算出；TensorFlow 1 先构建计算图，
#    之后再在会话中运行。
# 4. Training adjusts variables, so their gradients are what one almost always wants.
#    训练调整的正是变量，几乎总是需要它们的梯度。
print("2.", tf.constant(1).dtype, tf.constant(1.0).dtype, tf.constant(np.ones(3)).dtype)
assert tf.constant(1).dtype == tf.int32 and tf.constant(1.0).dtype == tf.float32
assert tf.constant(np.ones(3)).dtype == tf.float64

# %% Exercise 3 (medium, paper): dy/dv = 2v + 3, which is 7 at v = 2
# dy/dv = 2v + 3，在 v = 2 处等于 7。
v = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y = v * v + 3 * v
dy_dv = tape.gradient(y, v)
print("3.", dy_dv.numpy())
assert dy_dv.numpy() == 7.0

# %% Exercise 4 (medium, bug): v = v + 1.0 rebinds v to a constant tensor, which the tape does
# not watch; update the variable in place instead.
# v = v + 1.0 让 v 指向一个常量张量，梯度带不会监视它；应该原地修改变量。
v = tf.Variable(1.0)
v.assign_add(1.0)
with tf.GradientTape() as tape:
    y = v * v
grad = tape.gradient(y, v)
print("4.", grad.numpy())
assert grad.numpy() == 4.0

# %% Exercise 5 (medium, code): broadcasting stretches the axes of length 1
# 广播会把长度为 1 的轴扩展开
s1 = (tf.ones((3, 1)) + tf.ones((1, 4))).shape
s2 = (tf.ones((2, 3)) * tf.constant([1.0, 2.0, 3.0])).shape
s3 = tf.reduce_sum(tf.ones((2, 3)), axis=0).shape
s4 = tf.reduce_sum(tf.ones((2, 3)), axis=1).shape
print("5.", s1, s2, s3, s4)
assert (s1, s2, s3, s4) == ((3, 4), (2, 3), (3,), (2,))

# %% Exercise 6 (hard, code): gradient descent on f(v) = (v - 3)², v <- v - 0.1·f'(v)
# Each step multiplies the distance to 3 by 1 - 0.1·2 = 0.8, so after 50 steps v = 3 - 3·0.8⁵⁰.
# assign_sub changes the variable in place; v = v - ... would make v a constant tensor that the
# next tape no longer watches, so the next gradient would be None.
# 每一步把到 3 的距离乘以 0.8；assign_sub 原地修改变量，而 v = v - ... 会让 v 变成常量张量，
# 下一个梯度带不再监视它，下一次的梯度就是 None。
v = tf.Variable(0.0)
for step in range(1, 51):
    with tf.GradientTape() as tape:
        f = (v - 3.0) ** 2
    v.assign_sub(0.1 * tape.gradient(f, v))
    if step % 10 == 0:
        print(f"6. step {step}: v = {v.numpy():.6f}")
assert abs(v.numpy() - (3 - 3 * 0.8**50)) < 1e-5
