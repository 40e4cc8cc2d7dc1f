"""Solutions to the exercises of 03_autodiff_and_gradient_tapes.ipynb.

练习参考答案：03_autodiff_and_gradient_tapes.ipynb（自动微分和梯度带）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Run: ``python solutions/03_autodiff_and_gradient_tapes.py`` (from the folder ``notebooks/``)
"""

import tapekit as tf

# %% Exercise 1 (easy, code): the derivative of sin(x) at x = 0 equals cos(0) = 1.
#    sin(x) 在 x = 0 处的导数等于 cos(0) = 1。
x = tf.constant(0.0)
with tf.GradientTape() as t:
    t.watch(x)
    y = tf.sin(x)
dy_dx = t.gradient(y, x)
print("1.", dy_dx.numpy(), tf.cos(x).numpy())
assert dy_dx.numpy() == tf.cos(x).numpy() == 1.0


# %% Exercise 2 (easy, code): f multiplies by x for the loop indices 2, 3, 4 that are below y.
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
print("2.", grad(x, 3).numpy(), grad(x, 7).numpy())
assert grad(x, 3).numpy() == 1.0  # f = x  -> 1
assert grad(x, 7).numpy() == 12.0  # f = x³ -> 3x² = 12

# %% Exercise 3 (medium, code): three nested tapes: d³(x³)/dx³ = 6, whatever x is.
#    三层嵌套的梯度带：d³(x³)/dx³ = 6，与 x 无关。
x = tf.Variable(1.0)
with tf.GradientTape() as t3:
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x * x * x
        dy_dx = t1.gradient(y, x)  # 3x² = 3
    d2y_dx2 = t2.gradient(dy_dx, x)  # 6x = 6
d3y_dx3 = t3.gradient(d2y_dx2, x)  # 6
print("3.", dy_dx.numpy(), d2y_dx2.numpy(), d3y_dx3.numpy())
assert d3y_dx3.numpy() == 6.0

# %% Exercise 4 (medium, paper): ∂z/∂xᵢⱼ = dz/dy · ∂y/∂xᵢⱼ = 2y · 1 = 2·Σ x, the same for every
#    entry: 2·(1 + 2 + 3 + 4) = 20 at x = [[1, 2], [3, 4]].
#    ∂z/∂xᵢⱼ = 2y · 1 = 2·Σx，每个元素都一样：在 x = [[1, 2], [3, 4]] 处为 20。
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
with tf.GradientTape() as t:
    t.watch(x)
    z = tf.reduce_sum(x) ** 2
dz_dx = t.gradient(z, x)
print("4.", dz_dx.numpy().tolist())
assert dz_dx.numpy().tolist() == [[20.0, 20.0], [20.0, 20.0]]

# %% Exercise 5 (medium, bug): a constant tensor is not watched, so the gradient is None.
#    Fix 1: t.watch(x); fix 2: make x a tf.Variable.
#    常量张量不会被监视，所以梯度是 None。改法一：t.watch(x)；改法二：把 x 改成 tf.Variable。
x = tf.constant(3.0)
with tf.GradientTape() as t:
    y = x * x
assert t.gradient(y, x) is None  # the bug
with tf.GradientTape() as t:
    t.watch(x)
    y = x * x
fix1 = t.gradient(y, x)
xv = tf.Variable(3.0)
with tf.GradientTape() as t:
    y = xv * xv
fix2 = t.gradient(y, xv)
print("5.", fix1.numpy(), fix2.numpy())
assert fix1.numpy() == fix2.numpy() == 6.0

# %% Exercise 6 (medium, code): gradient() of a list of targets is the gradient of their sum:
#    4x³ + 2x = 108 + 6 = 114. One call with separate answers: the Jacobian of the stacked
#    targets. 对多个目标求梯度，得到的是它们之和的梯度；要分开的两个梯度，可以对堆叠后的目标求雅可比矩阵。
x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as t:
    t.watch(x)
    y = x * x
    z = y * y
    zy = tf.stack([z, y])
both = t.gradient([z, y], x)
separate = t.gradient(z, x) + t.gradient(y, x)
apart = t.jacobian(zy, x)
del t
print("6.", both.numpy(), separate.numpy(), apart.numpy())
assert both.numpy() == separate.numpy() == 114.0
assert apart.numpy().tolist() == [108.0, 6.0]


# %% Exercise 7 (hard, code): n nested tapes, by recursion: each tape records the
#    derivatives computed inside it, so it can differentiate the highest of them once more.
#    用递归嵌套 n 个梯度带：每个梯度带都记录了在它里面算出的导数，所以能对其中最高阶的那个再求一次导。
def derivatives(f, x, n):
    """[f(x), f'(x), ..., f⁽ⁿ⁾(x)]"""
    if n == 0:
        return [f(x)]
    with tf.GradientTape() as tape:
        tape.watch(x)
        lower = derivatives(f, x, n - 1)
    return lower + [tape.gradient(lower[-1], x)]


def nth_derivatives(f, x, n):
    return derivatives(f, x, n)[1:]


x = tf.constant(0.5)
ds = [float(d.numpy()) for d in nth_derivatives(tf.sin, x, 4)]
expected = [float(v.numpy()) for v in (tf.cos(x), -tf.sin(x), -tf.cos(x), tf.sin(x))]
print("7.", ds)
assert max(abs(a - b) for a, b in zip(ds, expected)) < 1e-6

# %% Exercise 8 (easy, quiz)
# 1. From the last recorded operation back to the first, from the result to the inputs.
#    从最后一个记录的操作倒着回到第一个，从结果回到输入。
# 2. v1 was never read (its branch did not run), and `x > 0.0` is a comparison, which has no
#    gradient. v1 从未被读取（它的分支没有执行）；`x > 0.0` 是比较运算，没有梯度。
# 3. So that the outer tape records the computation of the first derivative and can
#    differentiate it again. 这样外层梯度带才会记录求一阶导数的计算，才能再对它求导。
# 4. When the tape object is garbage collected (after `del t` drops the last reference).
#    梯度带对象被垃圾回收时（`del t` 删掉最后一个引用之后）。
print("8. (answers in the comments)")
