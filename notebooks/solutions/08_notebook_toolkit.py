"""Solutions to the exercises of 08_notebook_toolkit.ipynb.

练习参考答案：08_notebook_toolkit.ipynb（笔记本工具）。

The magics are a notebook front end to ``tapekit.workbench``; a script uses the workbench
directly (each step names the magic it stands for).  魔法命令只是 ``tapekit.workbench`` 的
笔记本前端；脚本直接调用 workbench（每一步都注明了对应的魔法命令）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Run: ``python solutions/08_notebook_toolkit.py`` (from the folder ``notebooks/``)
"""

import math
import warnings

import tapekit as tf
from tapekit import workbench as wb
from tapekit.widgets import derivative_explorer

tf.config.set_language("en")

# %% Exercise 1 (medium, code): f(x) = x·eˣ: f⁽ⁿ⁾(x) = (x + n)·eˣ, so 2e, 3e and 4e at x = 1.
#    %%tape --order 3 --watch x, then %grad f x --order n.
x = tf.constant(1.0)
with wb.record(order=3, watch=[x]) as rec:
    f = x * tf.exp(x)
wb.name(rec, {"x": x, "f": f})
for n in (1, 2, 3):
    g = wb.grad(rec, f, x, order=n)  # %grad f x --order n
    print(f"1. {g.math_text()}   (x + {n})·e = {(1 + n) * math.e:.6g}")
    assert abs(float(g.numpy()) - (1 + n) * math.e) < 1e-5

# %% Exercise 2 (easy, code): z = sin(x·y) at (1, 2): the sweep visits Sin (local derivative cos(x·y) = cos 2) and Mul
#    (local derivatives y = 2 and x = 1), so ∂z/∂x = 2·cos 2 and ∂z/∂y = cos 2.
#    %%tape --watch x,y, then %grad z x y --explain.
x, y = tf.constant(1.0), tf.constant(2.0)
with wb.record(watch=[x, y]) as rec:
    z = tf.sin(x * y)
wb.name(rec, {"x": x, "y": y, "z": z})
print("2.", wb.explain(rec, z, [x, y]), sep="\n")
dz_dx, dz_dy = wb.grad(rec, z, [x, y])
assert abs(float(dz_dx.numpy()) - 2 * math.cos(2.0)) < 1e-6
assert abs(float(dz_dy.numpy()) - math.cos(2.0)) < 1e-6


# %% Exercise 3 (medium, bug): three reasons for None, the explanation %grad gives, and the fix.
#    三种得到 None 的原因、%grad 给出的说明，以及解决办法。
def explain_none(rec, target, source, names):
    wb.name(rec, names)
    result = wb.grad(rec, target, source)
    assert isinstance(result, wb.Missing), result
    return result.text()


c = tf.constant(3.0)  # (a) a constant nobody watched: watch it
with wb.record() as rec:
    y = c * c
print("3a.", explain_none(rec, y, c, {"c": c, "y": y}))
with wb.record(watch=[c]) as rec:
    y = c * c
assert float(rec.gradient(y, c).numpy()) == 6.0

n = tf.constant(3)  # (b) an integer tensor: make it a float
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # tapekit also warns about watching an integer tensor
    with wb.record(watch=[n]) as rec:
        y = n * n
    print("3b.", explain_none(rec, y, n, {"n": n, "y": y}))
n = tf.constant(3.0)
with wb.record(watch=[n]) as rec:
    y = n * n
assert float(rec.gradient(y, n).numpy()) == 6.0

w = tf.Variable(2.0)  # (c) the value left the tape through .numpy(): stay with tensors
with wb.record() as rec:
    y = tf.constant(w.numpy() ** 2)
print("3c.", explain_none(rec, y, w, {"w": w, "y": y}))
with wb.record() as rec:
    y = w**2
assert float(rec.gradient(y, w).numpy()) == 4.0

# %% Exercise 4 (easy, code): f(x) = x⁴ − 2x²: f'(x) = 4x³ − 4x = 0 at x = −1, 0, 1; f''(x) = 12x² − 4 is 8 > 0 at ±1
#    (minima) and −4 < 0 at 0 (a maximum).  The explorer at x₀ = -1, 0, 1 says the same.
#    f' = 0 的点是 −1、0、1；f'' 在 ±1 处为正（极小值），在 0 处为负（极大值）。
for x0, kind in [(-1.0, "minimum"), (0.0, "maximum"), (1.0, "minimum")]:
    snap = derivative_explorer("x**4 - 2*x**2", x0=x0, interactive=False)
    print("4.", snap.text)
    d1, d2 = snap.data["derivatives_at_x0"][1], snap.data["derivatives_at_x0"][2]
    assert abs(d1) < 1e-6 and (d2 > 0) == (kind == "minimum")

# %% Exercise 5 (medium, paper): the reverse sweep of z = sin(x·y) at (1, 2) by hand.
#    v₁ = 2, z = sin 2; z̄ = 1, v̄₁ = cos 2 ≈ −0.416, x̄ = v̄₁·y = 2·cos 2 ≈ −0.832, ȳ = v̄₁·x = cos 2.
#    手工反向传播：v̄₁ = cos 2，x̄ = 2·cos 2，ȳ = cos 2。
x, y = tf.constant(1.0), tf.constant(2.0)
with wb.record(watch=[x, y]) as rec:
    z = tf.sin(x * y)
gx, gy = rec.gradient(z, [x, y])
print("5.", gx.numpy(), gy.numpy())
assert abs(gx.numpy() - 2 * math.cos(2)) < 1e-6 and abs(gy.numpy() - math.cos(2)) < 1e-6

# %% Exercise 6 (medium, bug): a cell magic must be the first line of its cell; in the middle of
#    a cell, IPython does not know a line magic called `%%tape` and stops. Fix: move
#    `w = tf.Variable(2.0)` into a cell of its own above, so that `%%tape` comes first.
#    单元格魔法命令必须是单元格的第一行；放在中间时 IPython 找不到名为 `%%tape` 的行魔法命令。
#    改正：把 `w = tf.Variable(2.0)` 移到上面单独的单元格中，让 `%%tape` 成为第一行。
w = tf.Variable(2.0)
with wb.record() as rec:  # what the fixed cell does / 改正后的单元格所做的事
    y = w * w
print("6.", rec.gradient(y, w).numpy())
assert rec.gradient(y, w).numpy() == 4.0

# %% Exercise 7 (easy, quiz)
# 1. Yes: `tape` is the GradientTape itself, so a non-persistent one still answers only one
#    tape.gradient call. 是的：它就是 GradientTape，非持久的仍然只能调用一次 tape.gradient。
# 2. The gradient of the target with respect to an intermediate value, flowing backwards into an
#    operation. 目标相对于某个中间值的梯度，即反向流入一个运算的梯度。
# 3. It must have been recorded with `--order 2` (or more): two nested tapes.
#    它必须用 `--order 2`（或更高）记录，即嵌套两个梯度带。
# 4. wb.record: it works in scripts and tests, where there are no magics.
#    wb.record：在没有魔法命令的脚本和测试中也能用。
print("7. (answers in the comments)")
