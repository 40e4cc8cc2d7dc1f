"""Solutions to the exercises of 03_derivatives.ipynb.

练习参考答案：03_derivatives.ipynb（用梯度带求导数）。

Run: ``python notebooks/solutions/03_derivatives.py``
"""

import math
import sys

import tapekit as tf

a = tf.constant(1.0)
b = tf.constant(-2.0)
c = tf.constant(1.0)


def f(x):
    return a * tf.pow(x, 2) + b * x + c


# 1. f'(x) = 2a·x + b: f'(1) = 0, f'(3) = 4
for x0, expected in [(1.0, 0.0), (3.0, 4.0)]:
    x = tf.Variable(x0)
    with tf.GradientTape() as tape:
        y = f(x)
    dy_dx = tape.gradient(y, x)
    print(f"1. f'({x0}) =", dy_dx.numpy())
    assert dy_dx.numpy() == expected == 2 * a.numpy() * x0 + b.numpy()

# 2. At x = 2: ∂f/∂a = x² = 4, ∂f/∂b = x = 2, ∂f/∂c = 1
x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    tape.watch([a, b, c])
    y = f(x)
dy_da, dy_db, dy_dc = tape.gradient(y, [a, b, c])
print("2.", dy_da.numpy(), dy_db.numpy(), dy_dc.numpy())
assert (dy_da.numpy(), dy_db.numpy(), dy_dc.numpy()) == (4.0, 2.0, 1.0)


# 3. Steps until |x - 1| < 1e-3. Each step multiplies the distance by (1 - 2η):
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

# 4. (sin x)'' = -sin x: 0 at x = 0, -1 at x = π/2
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


# 5. f'(x) and f''(x) inside a tf.function, with two nested tapes: (-2, 2) at x = 0 and
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


# 6. After 100 steps of minimize: plain SGD is still 0.13 away from 1 (0.98**100 ≈ 0.133),
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
