"""Solutions to the exercises of 09_small_neural_network.ipynb.

练习参考答案：09_small_neural_network.ipynb（从梯度带到小型神经网络）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Run: ``python solutions/09_small_neural_network.py`` (from the folder ``notebooks/``)
"""

import numpy as np

import tapekit as tf

# The notebook's data, model and training loop (same seeds, so the same numbers).
np.random.seed(0)


def two_moons(n, noise=0.2):
    t = np.pi * np.random.rand(n)
    label = np.random.rand(n) < 0.5
    x = np.where(label, 1 - np.cos(t), np.cos(t))
    y = np.where(label, 0.5 - np.sin(t), np.sin(t))
    X = np.stack([x, y], axis=1) + noise * np.random.randn(n, 2)
    return X.astype(np.float32), label.astype(np.float32).reshape(n, 1)


X_train, y_train = two_moons(200)
X_test, y_test = two_moons(200)


class Dense(tf.Module):
    def __init__(self, n_in, n_out, activation=None, name=None):
        super().__init__(name=name)
        limit = np.sqrt(6 / (n_in + n_out))
        self.w = tf.Variable(tf.random.uniform([n_in, n_out], -limit, limit), name="w")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")
        self.activation = activation

    def __call__(self, x):
        z = tf.matmul(x, self.w) + self.b
        return z if self.activation is None else self.activation(z)


class MLP(tf.Module):
    def __init__(self, sizes, activation=tf.nn.relu, name=None):
        super().__init__(name=name)
        n = len(sizes) - 1
        self.layers = [
            Dense(sizes[i], sizes[i + 1], activation=activation if i < n - 1 else None)
            for i in range(n)
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def loss_fn(logits, labels):
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))


def accuracy(model, X, y):
    return float(np.mean((model(tf.constant(X)).numpy() > 0) == (y > 0.5)))


def train(model, optimizer, epochs=100, batch_size=40):
    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(model(x), y)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    rng = np.random.default_rng(0)
    history = []
    for _ in range(epochs):
        order = rng.permutation(len(X_train))
        losses = []
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            losses.append(train_step(tf.constant(X_train[batch]), tf.constant(y_train[batch])))
        history.append(float(np.mean([loss.numpy() for loss in losses])))
    return history


def fresh(sizes=(2, 16, 16, 1), activation=tf.nn.relu):
    tf.random.set_seed(0)  # the notebook's initial weights
    return MLP(list(sizes), activation)


# %% Exercise 1 (medium, code): plain SGD learns more slowly than Adam in the same 100 epochs; momentum makes up most of
#    the difference.  普通 SGD 在同样的 100 个 epoch 中学得比 Adam 慢；动量弥补了大部分差距。
results = {}
for name, optimizer in [
    ("Adam(0.01)", tf.optimizers.Adam(learning_rate=0.01)),
    ("SGD(0.1)", tf.optimizers.SGD(learning_rate=0.1)),
    ("SGD(0.1, momentum=0.9)", tf.optimizers.SGD(learning_rate=0.1, momentum=0.9)),
]:
    model = fresh()
    history = train(model, optimizer)
    results[name] = (history[-1], accuracy(model, X_test, y_test))
    print(f"1. {name:24} loss {history[-1]:.3f}, test accuracy {results[name][1]:.3f}")
assert results["SGD(0.1)"][0] > results["SGD(0.1, momentum=0.9)"][0]
assert results["SGD(0.1)"][0] > results["Adam(0.01)"][0]

# %% Exercise 2 (easy, code): width 2: 15 parameters, too few to bend the boundary around the moons; width 64: 4417
#    parameters, no better than 16 on the test points.
#    宽度为 2 时只有 15 个参数，不足以让决策边界绕过月牙；宽度为 64 时有 4417 个参数，
#    测试准确率并不比 16 更好。
for width, expected in [(2, 15), (16, 337), (64, 4417)]:
    model = fresh((2, width, width, 1))
    count = sum(int(np.prod(v.shape)) for v in model.trainable_variables)
    assert count == expected == 2 * width + width + width * width + width + width + 1
    train(model, tf.optimizers.Adam(learning_rate=0.01))
    acc = accuracy(model, X_test, y_test)
    print(f"2. width {width:2}: {count:4} parameters, test accuracy {acc:.3f}")
    results[width] = acc
assert results[2] < results[16]

# %% Exercise 3 (medium, code): one step of plain gradient descent by hand equals one step of SGD, bit for bit.
#    手写的一步梯度下降与 SGD 的一步完全相同（逐位相同）。
lr = 0.1
x, y = tf.constant(X_train), tf.constant(y_train)
by_hand, by_sgd = fresh(), fresh()
with tf.GradientTape() as tape:
    loss = loss_fn(by_hand(x), y)
for v, g in zip(by_hand.trainable_variables, tape.gradient(loss, by_hand.trainable_variables)):
    v.assign_sub(lr * g)
tf.optimizers.SGD(learning_rate=lr).minimize(
    lambda: loss_fn(by_sgd(x), y), by_sgd.trainable_variables
)
same = all(
    np.array_equal(a.numpy(), b.numpy())
    for a, b in zip(by_hand.trainable_variables, by_sgd.trainable_variables)
)
print("3. the hand-written step and SGD's step give the same weights:", same)
assert same

# %% Exercise 4 (easy, code): tanh works too: a smooth activation learns the two moons as well.
#    tanh 同样可行：平滑的激活函数也能学会区分两个月牙。
model = fresh(activation=tf.tanh)
history = train(model, tf.optimizers.Adam(learning_rate=0.01))
acc = accuracy(model, X_test, y_test)
print(f"4. tanh: loss {history[-1]:.3f}, test accuracy {acc:.3f}")
assert acc > 0.9

# %% Exercise 5 (medium, paper): with σ' = σ(1 − σ), ∂/∂z[−log σ(z)] = −(1 − σ(z)) and
#    ∂/∂z[−log(1 − σ(z))] = σ(z), so ∂L/∂z = −y(1 − σ) + (1 − y)σ = σ(z) − y.
#    由 σ' = σ(1 − σ) 得 ∂L/∂z = −y(1 − σ) + (1 − y)σ = σ(z) − y。
for label in (0.0, 1.0):
    z = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(z)
        L = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(label), logits=z)
    dL = tape.gradient(L, z).numpy()
    print(f"5. y = {label}: dL/dz = {dL:.6f}, sigmoid(2) - y = {tf.sigmoid(z).numpy() - label:.6f}")
    assert abs(dL - (tf.sigmoid(z).numpy() - label)) < 1e-6

# %% Exercise 6 (medium, bug): the loss takes logits, but gets probabilities: σ is applied twice,
#    and a "logit" in (0, 1) can never make the loss small (log(1 + e^-1) ≈ 0.31 at best for class
#    1). Fix: pass the logits themselves. 损失函数要的是 logits，却拿到了概率：σ 用了两次。改正：直接传 logits。
best_possible = tf.nn.sigmoid_cross_entropy_with_logits(
    labels=tf.constant([1.0, 0.0]), logits=tf.constant([1.0, 0.0])
)
print("6. the smallest loss with probabilities as logits:", best_possible.numpy())
assert best_possible.numpy().min() > 0.3


# %% Exercise 7 (hard, code): SGD with learning rate 1.0, with and without clipping by global norm 0.1.
#    学习率 1.0 的 SGD，分别按全局范数 0.1 裁剪梯度和不裁剪。
def clip_by_global_norm(grads, clip_norm):
    global_norm = tf.sqrt(tf.add_n([tf.reduce_sum(g * g) for g in grads]))
    scale = tf.minimum(1.0, clip_norm / global_norm)
    return [g * scale for g in grads], global_norm


def train_sgd(clip, epochs=60, lr=1.0):
    model = fresh()
    x, y = tf.constant(X_train), tf.constant(y_train)
    largest = 0.0
    for _ in range(epochs):
        with tf.GradientTape() as tape:
            loss = loss_fn(model(x), y)
        grads = tape.gradient(loss, model.trainable_variables)
        clipped, norm = clip_by_global_norm(grads, 0.1)
        largest = max(largest, float(norm.numpy()))
        for v, g in zip(model.trainable_variables, clipped if clip else grads):
            v.assign_sub(lr * g)
    return float(loss.numpy()), largest


runs = {clip: train_sgd(clip) for clip in (False, True)}
for clip, (final, largest) in runs.items():
    print(f"7. clip = {clip}: final loss {final:.3f}, largest global norm {largest:.3f}")
# The norm exceeds 0.1 early on, so clipping shortens those steps and the clipped run is slower.
# 早期的梯度范数超过 0.1，裁剪缩短了这些步子，所以裁剪后的训练更慢。
assert runs[False][1] > 0.1 and runs[True][0] > runs[False][0]
model = fresh()
with tf.GradientTape() as tape:
    loss = loss_fn(model(tf.constant(X_train)), tf.constant(y_train))
clipped, norm = clip_by_global_norm(tape.gradient(loss, model.trainable_variables), 0.01)
after = float(tf.sqrt(tf.add_n([tf.reduce_sum(g * g) for g in clipped])).numpy())
assert abs(after - 0.01) < 1e-6  # the clipped gradients have exactly the threshold as norm

# %% Exercise 8 (easy, quiz)
# 1. A logit is any real number; the loss computes log σ(z) from it stably, which it cannot do
#    from a rounded probability. logit 可以是任意实数，损失函数能由它稳定地算出 log σ(z)。
# 2. It runs the Python body once and records the plan that the other calls replay.
#    它执行一遍 Python 函数体并记录计划，其余调用都重放这份计划。
# 3. Whether gradients vanish or explode on the way to the input; an initialization scaled to
#    the layer sizes (Glorot's) keeps it level. 梯度在传向输入的路上是消失还是爆炸；按层大小缩放的初始化能让它保持平稳。
# 4. It keeps the direction of the step and limits its length to the threshold.
#    它保留步子的方向，把长度限制在阈值以内。
print("8. (answers in the comments)")
