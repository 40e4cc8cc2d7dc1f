"""Solutions to the exercises of 05_derivatives.ipynb.

练习参考答案：05_derivatives.ipynb（用梯度带求导数）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Run: ``python solutions/05_derivatives.py`` (from the folder ``notebooks/``)
"""

import math
import sys

import tapekit as tf

a = tf.constant(1.0)
b = tf.constant(-2.0)
c = tf.constant(1.0)


def f(x):
    return a * tf.pow(x, 2) + b * x + c


# %% Exercise 1 (easy, code): f'(x) = 2a·x + b: f'(1) = 0, f'(3) = 4
for x0, expected in [(1.0, 0.0), (3.0, 4.0)]:
    x = tf.Variable(x0)
    with tf.GradientTape() as tape:
        y = f(x)
    dy_dx = tape.gradient(y, x)
    print(f"1. f'({x0}) =", dy_dx.numpy())
    assert dy_dx.numpy() == expected == 2 * a.numpy() * x0 + b.numpy()

# %% Exercise 2 (easy, code): at x = 2: ∂f/∂a = x² = 4, ∂f/∂b = x = 2, ∂f/∂c = 1
x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    tape.watch([a, b, c])
    y = f(x)
dy_da, dy_db, dy_dc = tape.gradient(y, [a, b, c])
print("2.", dy_da.numpy(), dy_db.numpy(), dy_dc.numpy())
assert (dy_da.numpy(), dy_db.numpy(), dy_dc.numpy()) == (4.0, 2.0, 1.0)


# %% Exercise 3 (medium, code): steps until |x - 1| < 1e-3. Each step multiplies the distance by (1 - 2η):
#    η = 0.1 -> 0.8 (31 steps), η = 0.5 -> 0 (one step), η = 1.0 -> -1: x jumps
#    between 0 and 2 forever, the distance never shrinks.
#    每一步都把距离乘以 (1 - 2η)：η = 1.0 时乘以 -1，x 在 0 和 2 之间来回跳，永远不会收敛。
def steps_to_converge(learning_rate, max_steps=1000):
    x = tf.Variable(0.0)
    for step in range(1, max_steps + 1):
        with tf.GradientTape() as tape:
            y = f(x)
        x.assign_sub(learning_rate * tape.gradient(y, x))
        if abs(x.numpy() - 1.0) < 1e-3:
            return step, x.numpy()
    return None, x.numpy()


for lr in [0.1, 0.5, 1.0]:
    print(f"3. learning rate {lr}: steps, final x =", steps_to_converge(lr))
assert steps_to_converge(0.1)[0] == 31
assert steps_to_converge(0.5)[0] == 1
assert steps_to_converge(1.0) == (None, 0.0)

# %% Exercise 4 (easy, code): (sin x)'' = -sin x: 0 at x = 0, -1 at x = π/2
xs = tf.constant([0.0, math.pi / 2])
with tf.GradientTape() as t2:
    t2.watch(xs)
    with tf.GradientTape() as t1:
        t1.watch(xs)
        ys = tf.sin(xs)
    dys = t1.gradient(ys, xs)
d2ys = t2.gradient(dys, xs)
print("4.", d2ys.numpy(), (-tf.sin(xs)).numpy())
assert abs(d2ys.numpy() - (-tf.sin(xs)).numpy()).max() < 1e-6


# %% Exercise 5 (medium, code): f'(x) and f''(x) inside a tf.function, with two nested tapes: (-2, 2) at x = 0 and
#    (4, 2) at x = 3 (f'(x) = 2x - 2, f''(x) = 2).
#    在 tf.function 中嵌套两个梯度带：x = 0 处为 (-2, 2)，x = 3 处为 (4, 2)。
@tf.function
def first_and_second(x):
    x = tf.cast(x, tf.float32)
    with tf.GradientTape() as tape2:
        tape2.watch(x)
        with tf.GradientTape() as tape1:
            tape1.watch(x)
            y = f(x)
        dy_dx = tape1.gradient(y, x)
    return dy_dx, tape2.gradient(dy_dx, x)


for x0, expected in [(0.0, (-2.0, 2.0)), (3.0, (4.0, 2.0))]:
    print(f"5. x = {x0}:", end=" ")
    tf.print(first_and_second(tf.constant(x0)), output_stream=sys.stdout)
    d1, d2 = first_and_second(tf.constant(x0))
    assert (d1.numpy(), d2.numpy()) == expected


# %% Exercise 6 (medium, code): after 100 steps of minimize: plain SGD is still 0.13 away from 1 (0.98**100 ≈ 0.133),
#    SGD with momentum 0.9 only 0.004: the velocity adds up the steps that point the same way.
#    100 步之后：普通 SGD 距离 1 还有 0.13，带 0.9 动量的 SGD 只差 0.004。
def distance_after(steps, momentum):
    x = tf.Variable(0.0, name="x")
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=momentum)
    for _ in range(steps):
        optimizer.minimize(lambda: f(x), [x])
    return abs(1.0 - float(x.numpy()))


plain, heavy = distance_after(100, 0.0), distance_after(100, 0.9)
print(f"6. |x - 1| after 100 steps: SGD {plain:.4f}, SGD with momentum {heavy:.4f}")
assert abs(plain - 0.98**100) < 1e-4 and heavy < 0.005

# %% Exercise 7 (medium, paper): f'(x) = 2(x − 1), so x_new − 1 = x − 1 − 2η(x − 1) = (1 − 2η)(x − 1).
#    It converges for |1 − 2η| < 1, i.e. 0 < η < 1; η = 0.5 reaches the minimum in one step;
#    η = 1 gives the factor −1: x jumps between 0 and 2 forever (exercise 3).
#    f'(x) = 2(x − 1)，所以 x_new − 1 = (1 − 2η)(x − 1)。0 < η < 1 时收敛；η = 0.5 一步到位；
#    η = 1 时因子为 −1，x 在 0 和 2 之间来回跳（见练习 3）。
for eta, factor in [(0.1, 0.8), (0.5, 0.0), (1.0, -1.0)]:
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = f(x)
    x.assign_sub(eta * tape.gradient(y, x))
    assert abs((x.numpy() - 1) - factor * (3.0 - 1)) < 1e-6
print("7. factors 1 - 2η checked for η = 0.1, 0.5, 1.0")


# %% Exercise 8 (medium, bug): x is a constant tensor that the tape does not watch, so the
#    gradient is None and `None * 1.0` raises a TypeError. Fix: tape.watch(x).
#    x 是没有被监视的常量张量，梯度为 None，`None * 1.0` 抛出 TypeError。改正：tape.watch(x)。
@tf.function
def derivative_buggy(x):
    with tf.GradientTape() as tape:
        y = x**2 - 2 * x + 1
    return tape.gradient(y, x)


@tf.function
def derivative(x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x**2 - 2 * x + 1
    return tape.gradient(y, x)


assert derivative_buggy(tf.constant(3.0)) is None
print("8.", derivative(tf.constant(3.0)).numpy())
assert derivative(tf.constant(3.0)).numpy() == 4.0

# %% Exercise 9 (easy, quiz)
# 1. A tape watches variables by itself, constant tensors only after tape.watch.
#    梯度带自动监视变量，常量张量要调用 tape.watch 之后才会被监视。
# 2. Of the sum of the elements of ys; it is the vector of pointwise derivatives when each ys[i]
#    depends on xs[i] alone. 元素之和的梯度；当每个 ys[i] 只依赖于 xs[i] 时，它正好是各点的导数。
# 3. print runs while a plan is recorded (first scalar call, then the vector's new signature),
#    tf.print is part of the plan and runs at every call.
#    print 只在记录计划时执行（第一次标量调用和向量的新签名），tf.print 属于计划，每次调用都执行。
# 4. Near 1 the float32 numbers are about 6·10⁻⁸ apart; once a step is below half that gap, x no
#    longer changes. 1 附近的 float32 数间距约 6·10⁻⁸，步长小于一半间距后 x 不再变化。
print("9. (answers in the comments)")
