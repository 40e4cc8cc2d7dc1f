"""Solutions to the exercises of 07_small_neural_network.ipynb.

练习参考答案：07_small_neural_network.ipynb（从梯度带到小型神经网络）。

Run: ``python notebooks/solutions/07_small_neural_network.py``
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


# 1. Plain SGD learns more slowly than Adam in the same 100 epochs; momentum makes up most of
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

# 2. Width 2: 15 parameters, too few to bend the boundary around the moons; width 64: 4417
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

# 3. One step of plain gradient descent by hand equals one step of SGD, bit for bit.
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

# 4. tanh works too: a smooth activation learns the two moons as well.
#    tanh 同样可行：平滑的激活函数也能学会区分两个月牙。
model = fresh(activation=tf.tanh)
history = train(model, tf.optimizers.Adam(learning_rate=0.01))
acc = accuracy(model, X_test, y_test)
print(f"4. tanh: loss {history[-1]:.3f}, test accuracy {acc:.3f}")
assert acc > 0.9
