"""Solutions to the exercises of 07_gradient_descent_algorithms.ipynb.

练习参考答案：07_gradient_descent_algorithms.ipynb（梯度下降算法比较）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Run: ``python solutions/07_gradient_descent_algorithms.py`` (from the folder ``notebooks/``)
"""

import numpy as np

import tapekit as tf
from tapekit.widgets import optimizer_explorer


def ravine(v):
    return 0.1 * v[0] ** 2 + 10 * v[1] ** 2


start = [-4.0, 1.0]

# %% Exercise 1 (easy, code): along y, each SGD step multiplies y by 1 - 20η: |1 - 20·0.099| = 0.98 < 1 (converges),
#    |1 - 20·0.101| = 1.02 > 1 (diverges, slowly: 1.02**200 ≈ 52).
#    沿 y 方向每一步把 y 乘以 1 - 20η：η = 0.099 时收敛，η = 0.101 时（缓慢地）发散。
final_y = {}
for lr in [0.099, 0.101]:
    traj = tf.optimizers.trajectory(tf.optimizers.SGD(learning_rate=lr), ravine, start, steps=200)
    final_y[lr] = abs(float(traj.path[-1][1]))
    print(f"1. η = {lr}: |y| after 200 steps = {final_y[lr]:.4g}")
assert final_y[0.099] < 0.02 < 1.0 < final_y[0.101]
assert abs(final_y[0.101] - 1.02**200) / 1.02**200 < 1e-3

# %% Exercise 2 (medium, code): Adagrad divides by the square root of the *sum* of all squared gradients, which only grows,
#    so its steps keep shrinking; a small learning rate stalls it (f = 1.24 with η = 0.06), a
#    larger one compensates: f ≈ 7e-5 with η = 0.5 and ≈ 4e-14 with η = 1.0.  RMSprop divides by a
#    moving average, which forgets old gradients, so its steps do not shrink over time.
#    Adagrad 除以所有梯度平方之和的平方根，这个和只增不减，步长越来越小，所以需要更大的学习率。
losses = {}
for lr in [0.06, 0.5, 1.0]:
    traj = tf.optimizers.trajectory(tf.optimizers.Adagrad(learning_rate=lr), ravine, start, 100)
    losses[lr] = traj.final_loss
    print(f"2. Adagrad, η = {lr}: f after 100 steps = {losses[lr]:.3e}")
assert losses[0.06] > 1 and losses[0.5] < 1e-4 and losses[1.0] < 1e-12


# %% Exercise 3 (hard, code): the Adam of TF 2.11+ (Keras 2's), written out with NumPy in float32.
#    用 NumPy（float32）写出 Keras 2 的 Adam 更新。
def adam_numpy(theta, steps, lr=0.06, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    f32 = np.float32
    theta = np.array(theta, dtype=f32)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    path = [theta.copy()]
    for t in range(1, steps + 1):
        g = np.array([0.2 * theta[0], 20 * theta[1]], dtype=f32)  # ∇f of the ravine
        m = m + (g - m) * f32(1 - beta_1)
        v = v + (g * g - v) * f32(1 - beta_2)
        alpha = f32(lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t))
        theta = theta - m * alpha / (np.sqrt(v) + f32(epsilon))
        path.append(theta.copy())
    return np.array(path)


mine = adam_numpy(start, 10)
theirs = np.array(
    tf.optimizers.trajectory(tf.optimizers.Adam(learning_rate=0.06), ravine, start, 10).path
)
print("3. largest difference over 10 Adam steps:", np.abs(mine - theirs).max())
assert np.allclose(mine, theirs, rtol=1e-5, atol=1e-6)

# %% Exercise 4 (medium, code): at the saddle point of x² − y², the gradient along y is -2y, tiny near y = 0.02: plain SGD
#    multiplies y by only 1 + 2η = 1.1 per step.  Momentum accumulates those small pushes, and
#    the adaptive methods (Adam, RMSprop) scale the tiny gradient up to a step of about η, so they
#    get away from the saddle much faster.
#    鞍点附近 y 方向的梯度很小：SGD 每步只把 y 放大 1.1 倍；动量法把小的推动累积起来，
#    自适应方法把很小的梯度放大成约 η 的步长，所以它们离开鞍点快得多。
snapshot = optimizer_explorer(
    "saddle", ["SGD", "Momentum", "Adam", "RMSprop"], steps=30, interactive=False
)
escape = {
    name: abs(float(run["path"][-1][1])) for name, run in snapshot.data["trajectories"].items()
}
for name, y in escape.items():
    print(f"4. {name:8} |y| after 30 steps = {y:.3g}")
assert escape["SGD"] == min(escape.values())
assert all(escape[name] > 3 * escape["SGD"] for name in ("Momentum", "Adam", "RMSprop"))

# %% Exercise 5 (medium, paper): m₁ = (1 − β₁)·g = 0.1·g, v₁ = (1 − β₂)·g² = 0.001·g².
#    Raw: m₁/√v₁ = 0.1·g/(√0.001·|g|) ≈ 3.16·sign(g). Bias-corrected: m̂₁ = m₁/(1 − β₁) = g,
#    v̂₁ = v₁/(1 − β₂) = g², so m̂₁/√v̂₁ = g/|g| = sign(g) and the first step is −η·sign(g).
#    未修正：m₁/√v₁ ≈ 3.16·sign(g)；修正后：m̂₁/√v̂₁ = sign(g)，第一步为 −η·sign(g)。
traj = tf.optimizers.trajectory(tf.optimizers.Adam(learning_rate=0.06), ravine, start, steps=1)
first = np.subtract(traj.path[1], traj.path[0])
print("5. Adam's first step:", first)
assert np.allclose(first, -0.06 * np.sign([-0.8, 20.0]), atol=1e-6)

# %% Exercise 6 (medium, bug): the bias correction is missing: m/√v ≈ 3.16·sign(g) at t = 1.
#    Fix: divide m by 1 − β₁ᵗ and v by 1 − β₂ᵗ (t = 1) before taking the ratio.
#    漏掉了偏差修正：t = 1 时 m/√v ≈ 3.16·sign(g)。改正：先把 m 除以 1 − β₁ᵗ，v 除以 1 − β₂ᵗ。
g = np.array([-0.8, 20.0])
m = 0.9 * 0.0 + 0.1 * g
v = 0.999 * 0.0 + 0.001 * g**2
buggy = -0.06 * m / (np.sqrt(v) + 1e-7)
fixed = -0.06 * (m / (1 - 0.9)) / (np.sqrt(v / (1 - 0.999)) + 1e-7)
print("6.", buggy, fixed)
assert np.allclose(np.abs(buggy), 0.06 * np.sqrt(10), rtol=1e-4)
assert np.allclose(fixed, first, atol=1e-6)

# %% Exercise 7 (easy, quiz)
# 1. The steepest direction: the step must satisfy |1 − η·curvature| < 1, η < 2/20 = 0.1.
#    最陡的方向：需要 |1 − η·曲率| < 1，即 η < 2/20 = 0.1。
# 2. Along the ravine successive gradients point the same way and add up; across it they
#    alternate in sign and cancel. 沿山谷方向梯度同号，不断累加；横穿山谷方向梯度正负交替，相互抵消。
# 3. The effective learning rate η/√s: s, the sum of squared gradients, only grows. The step
#    η·g/√s can still grow where g grows. 有效学习率 η/√s：s 只增不减；步长在 g 变大时仍可能变大。
# 4. The rules of tf.keras.optimizers in TF 2.11 and later; TF 2.0's Adagrad and RMSprop used
#    g/(√s + ε) instead of g/√(s + ε). TF 2.11 及以后版本的规则；TF 2.0 用的是 g/(√s + ε)。
print("7. (answers in the comments)")
