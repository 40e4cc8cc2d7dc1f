"""Solutions to the exercises of 01_autodiff_and_gradient_tapes.ipynb.

练习参考答案：01_autodiff_and_gradient_tapes.ipynb（自动微分和梯度带）。

Run: ``python notebooks/solutions/01_autodiff_and_gradient_tapes.py``
"""

import tapekit as tf

# 1. The derivative of sin(x) at x = 0 equals cos(0) = 1.
#    sin(x) 在 x = 0 处的导数等于 cos(0) = 1。
x = tf.constant(0.0)
with tf.GradientTape() as t:
    t.watch(x)
    y = tf.sin(x)
dy_dx = t.gradient(y, x)
print("1.", dy_dx.numpy(), tf.cos(x).numpy())
assert dy_dx.numpy() == tf.cos(x).numpy() == 1.0

# 2. Three nested tapes: d³(x³)/dx³ = 6, whatever x is.
#    三层嵌套的梯度带：d³(x³)/dx³ = 6，与 x 无关。
x = tf.Variable(1.0)
with tf.GradientTape() as t3:
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x * x * x
        dy_dx = t1.gradient(y, x)  # 3x² = 3
    d2y_dx2 = t2.gradient(dy_dx, x)  # 6x = 6
d3y_dx3 = t3.gradient(d2y_dx2, x)  # 6
print("2.", dy_dx.numpy(), d2y_dx2.numpy(), d3y_dx3.numpy())
assert d3y_dx3.numpy() == 6.0


# 3. f multiplies by x for the loop indices 2, 3, 4 that are below y.
#    只有小于 y 的循环下标 2、3、4 才会乘以 x。
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
print("3.", grad(x, 3).numpy(), grad(x, 7).numpy())
assert grad(x, 3).numpy() == 1.0  # f = x  -> 1
assert grad(x, 7).numpy() == 12.0  # f = x³ -> 3x² = 12

# 4. gradient() of a list of targets is the gradient of their sum: 4x³ + 2x = 108 + 6 = 114.
#    对多个目标求梯度，得到的是它们之和的梯度：4x³ + 2x = 108 + 6 = 114。
x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as t:
    t.watch(x)
    y = x * x
    z = y * y
both = t.gradient([z, y], x)
separate = t.gradient(z, x) + t.gradient(y, x)
del t
print("4.", both.numpy(), separate.numpy())
assert both.numpy() == separate.numpy() == 114.0
