"""Solutions to the exercises of 04_how_reverse_mode_works.ipynb.

练习参考答案：04_how_reverse_mode_works.ipynb（反向模式自动微分的原理）。

Each ``# %% Exercise N`` cell answers exercise N of the lesson and checks itself.
每个 ``# %% Exercise N`` 单元格对应本课的第 N 道练习，并自己检查答案。

Exercises 1 (paper) and 2 (quiz) are graded by hand; their answers are in the comments, and
the numbers of exercise 1 are checked with the engine.  练习 1（纸笔推导）和练习 2（小测验）由老师
人工批改，答案写在注释中；练习 1 的数值用引擎验证。

Run: ``python solutions/04_how_reverse_mode_works.py`` (from the folder ``notebooks/``)
"""

import math
import sys

import numpy as np

import tapekit as tf
from tapekit.testing import check_grads

tf.config.set_language("en")


# The engine of the lesson / 本课的引擎
class Node:
    """A scalar in the graph: its value, its parents with the local derivatives, its adjoint."""

    def __init__(self, value, parents=()):
        self.value = value
        self.parents = parents  # pairs (parent, d self / d parent)
        self.adjoint = 0.0

    def __add__(self, other):
        other = lift(other)
        return Node(self.value + other.value, [(self, 1.0), (other, 1.0)])

    def __mul__(self, other):
        other = lift(other)
        return Node(self.value * other.value, [(self, other.value), (other, self.value)])

    __radd__ = __add__
    __rmul__ = __mul__


def lift(a):
    return a if isinstance(a, Node) else Node(float(a))


def sin(a):
    return Node(math.sin(a.value), [(a, math.cos(a.value))])


def exp(a):
    e = math.exp(a.value)
    return Node(e, [(a, e)])


def topological_order(output):
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent, _ in node.parents:
                visit(parent)
            order.append(node)

    visit(output)
    return order


def backward(output, order_fn=topological_order):
    order = order_fn(output)
    for node in order:
        node.adjoint = 0.0
    output.adjoint = 1.0
    for node in reversed(order):
        for parent, local in node.parents:
            parent.adjoint += node.adjoint * local


def tape_grads(fn, *values):
    """Value and gradient of fn on float64 tensors, by the tape (fn gets tf's functions)."""
    xs = [tf.constant(v, dtype=tf.float64) for v in values]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        out = fn(*xs)
    return [float(out.numpy())] + [float(g.numpy()) for g in tape.gradient(out, xs)]


# %% Exercise 1 (easy, paper): f(a, b) = a·exp(b) + a·b at (2, 0).
#    Forward: v1 = exp(b) = 1, v2 = a·v1 = 2, v3 = a·b = 0, f = v2 + v3 = 2.
#    Backward: f̄ = 1; v̄2 = 1, v̄3 = 1; from v3 = a·b: ā += v̄3·b = 0, b̄ += v̄3·a = 2;
#    from v2 = a·v1: ā += v̄2·v1 = 1, v̄1 = v̄2·a = 2; from v1 = exp(b): b̄ += v̄1·exp(b) = 2.
#    So ∂f/∂a = exp(b) + b = 1 and ∂f/∂b = a·exp(b) + a = 4: a and b each collect two terms.
#    正向：v1 = 1，v2 = 2，v3 = 0，f = 2；反向：∂f/∂a = exp(b) + b = 1，∂f/∂b = a·exp(b) + a = 4，
#    a 和 b 各自收到两份贡献，相加。
a, b = Node(2.0), Node(0.0)
f = a * exp(b) + a * b
backward(f)
print(f"1. f = {f.value}, df/da = {a.adjoint}, df/db = {b.adjoint}")
assert (f.value, a.adjoint, b.adjoint) == (2.0, 1.0, 4.0)

# %% Exercise 2 (easy, quiz)
#    (a) n = 1000 inputs, m = 1 output: 1000 forward-mode passes, 1 reverse-mode pass.
#        1000 个输入、1 个输出：前向模式 1000 遍，反向模式 1 遍。
#    (b) 1 input, 1000 outputs: 1 forward pass, 1000 reverse passes (forward mode wins).
#        1 个输入、1000 个输出：前向模式 1 遍，反向模式 1000 遍（前向模式更合适）。
#    (c) A node may pass its adjoint on only once it is complete, i.e. after every node that uses
#        it has added its contribution; reverse topological order guarantees that.
#        一个节点只有在所有用到它的节点都把贡献加进来之后，伴随值才完整，才能往回传；逆拓扑顺序保证了这一点。
#    (d) A VJP: wᵀ·J, with w = output_gradients (all ones by default).
#        VJP，即 wᵀ·J，其中 w 就是 output_gradients（默认全为 1）。
#    (e) float32 keeps about 7 digits; the difference f(x + h) − f(x − h) loses most of them, so
#        the estimate is accurate to about 1e-5 at best, too coarse to catch small mistakes.
#        float32 只有约 7 位有效数字，相减又会丢掉大部分，估计值最多精确到 1e-5 左右，发现不了小错误。
print("2. (a) 1000 forward, 1 reverse  (b) 1 forward, 1000 reverse  (d) VJP")


# %% Exercise 3 (medium, code): -, neg, /, log; k(x, y) = log(x)/y − x·y + 1/x against the tape
#    扩展引擎：减法、取负、除法和 log，再用梯度带验证
def node_neg(self):
    return Node(-self.value, [(self, -1.0)])


def node_sub(self, other):
    other = lift(other)
    return Node(self.value - other.value, [(self, 1.0), (other, -1.0)])


def node_rsub(self, other):
    return lift(other) - self


def node_truediv(self, other):
    other = lift(other)
    q = self.value / other.value
    # d(a/b)/da = 1/b, d(a/b)/db = -a/b² = -q/b
    return Node(q, [(self, 1.0 / other.value), (other, -q / other.value)])


def node_rtruediv(self, other):
    return lift(other) / self


Node.__neg__ = node_neg
Node.__sub__ = node_sub
Node.__rsub__ = node_rsub
Node.__truediv__ = node_truediv
Node.__rtruediv__ = node_rtruediv


def log(a):
    return Node(math.log(a.value), [(a, 1.0 / a.value)])


def k(x, y, log):
    return log(x) / y - x * y + 1 / x


x, y = Node(1.5), Node(0.7)
out = k(x, y, log)
backward(out)
ours = [out.value, x.adjoint, y.adjoint]
theirs = tape_grads(lambda x, y: k(x, y, tf.math.log), 1.5, 0.7)
print("3.", np.round(ours, 10), np.round(theirs, 10))
assert np.allclose(ours, theirs, rtol=1e-12, atol=0)


# %% Exercise 4 (medium, code): the Jacobian of g from 3 JVPs (columns) and 2 VJPs (rows)
#    用 3 个 JVP（按列）和 2 个 VJP（按行）拼出 g 的雅可比矩阵
def g(v):
    return tf.stack([v[0] * v[1], v[0] * tf.sin(v[2])])


v = tf.constant([1.0, 2.0, 3.0])
columns = []
for u in np.eye(3, dtype=np.float32):
    with tf.autodiff.ForwardAccumulator(v, tf.constant(u)) as acc:
        out = g(v)
    columns.append(acc.jvp(out).numpy())
by_jvp = np.stack(columns, axis=1)

with tf.GradientTape(persistent=True) as tape:
    tape.watch(v)
    out = g(v)
by_vjp = np.stack(
    [
        tape.gradient(out, v, output_gradients=tf.constant(w)).numpy()
        for w in np.eye(2, dtype=np.float32)
    ]
)
jac = tape.jacobian(out, v).numpy()
print("4.", by_jvp.tolist())
assert np.allclose(by_jvp, jac) and np.allclose(by_vjp, jac)
# Reverse mode needs 2 passes (m = 2 outputs), forward mode 3 (n = 3 inputs): here the tape wins.
# 反向模式需要 2 遍（m = 2 个输出），前向模式需要 3 遍（n = 3 个输入），这里反向模式更省。


# %% Exercise 5 (medium, bug): gaussian's derivative is −2x·exp(−x²); the rule forgot the 2.
#    gaussian 的导数是 −2x·exp(−x²)，求导规则漏掉了因子 2。
@tf.custom_gradient
def cube(x):
    return x * x * x, lambda upstream: upstream * 3 * x * x


@tf.custom_gradient
def sigmoid(x):
    s = 1 / (1 + tf.exp(-x))
    return s, lambda upstream: upstream * s * (1 - s)


@tf.custom_gradient
def gaussian(x):
    g = tf.exp(-x * x)
    return g, lambda upstream: upstream * -x * g


failing = []
for fn in (cube, sigmoid, gaussian):
    try:
        check_grads(fn, 0.7, order=1)
    except AssertionError:
        failing.append(fn.__name__)
print("5. wrong:", failing)
assert failing == ["gaussian"]


@tf.custom_gradient
def gaussian_fixed(x):
    g = tf.exp(-x * x)
    return g, lambda upstream: upstream * -2 * x * g


assert check_grads(gaussian_fixed, 0.7, order=1)["order 1"] < 1e-8


# %% Exercise 6 (medium, code): the best step h for f = exp at x = 1 / 最佳步长
#    Error ≈ C1·h² + C2·ε/h; its derivative 2·C1·h − C2·ε/h² is zero at h = (C2·ε / 2C1)^(1/3),
#    of the order of ε^(1/3): about 5e-6 in float64 (ε ≈ 1.1e-16), about 5e-3 in float32 (ε ≈ 6e-8).
#    误差约为 C1·h² + C2·ε/h，对 h 求导令其为零得 h = (C2·ε / 2C1)^(1/3)，量级为 ε^(1/3)。
def best_step(dtype):
    steps = [10.0**-p for p in range(1, 13)]
    errors = []
    one = dtype(1.0)
    for h in steps:
        h = dtype(h)
        d = float((np.exp(one + h) - np.exp(one - h)) / (2 * h))
        errors.append(abs(d - math.e) / math.e)
    i = int(np.argmin(errors))
    return steps[i], errors[i]


h64, err64 = best_step(np.float64)
h32, err32 = best_step(np.float32)
print(f"6. float64: h = {h64:.0e} (error {err64:.0e}); float32: h = {h32:.0e} (error {err32:.0e})")
assert 1e-7 <= h64 <= 1e-4 and err64 < 1e-9
assert 1e-4 <= h32 <= 1e-1 and err32 > 1e-7
assert abs(math.log10(h64) - math.log10(np.finfo(np.float64).eps ** (1 / 3))) <= 1.5


# %% Exercise 7 (hard, code): forward mode from scratch, dual numbers / 从零实现前向模式：对偶数
class Dual:
    """A value and its derivative along one direction, carried forward together."""

    def __init__(self, value, tangent=0.0):
        self.value = value
        self.tangent = tangent

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(float(other))
        return Dual(self.value + other.value, self.tangent + other.tangent)

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(float(other))
        return Dual(
            self.value * other.value, self.tangent * other.value + self.value * other.tangent
        )

    __radd__ = __add__
    __rmul__ = __mul__


def dual_sin(a):
    return Dual(math.sin(a.value), math.cos(a.value) * a.tangent)


def dual_exp(a):
    e = math.exp(a.value)
    return Dual(e, e * a.tangent)


def h(x, y, sin, exp):
    return exp(x * y) * sin(x + y) + 3 * x * x * y


x0, y0 = 0.5, -1.2
forward = [
    h(Dual(x0, 1.0), Dual(y0, 0.0), dual_sin, dual_exp).tangent,  # pass 1: along x
    h(Dual(x0, 0.0), Dual(y0, 1.0), dual_sin, dual_exp).tangent,  # pass 2: along y
]
xn, yn = Node(x0), Node(y0)
backward(h(xn, yn, sin, exp))
xt, yt = tf.constant(x0, dtype=tf.float64), tf.constant(y0, dtype=tf.float64)
accumulated = []
for u in ([1.0, 0.0], [0.0, 1.0]):
    tangents = [tf.constant(t, dtype=tf.float64) for t in u]
    with tf.autodiff.ForwardAccumulator([xt, yt], tangents) as acc:
        out = h(xt, yt, tf.sin, tf.exp)
    accumulated.append(float(acc.jvp(out).numpy()))
print("7.", np.round(forward, 10), np.round(accumulated, 10))
assert np.allclose(forward, [xn.adjoint, yn.adjoint], rtol=1e-12, atol=0)
assert np.allclose(forward, accumulated, rtol=1e-12, atol=0)


# %% Exercise 8 (hard, code): topological_order without recursion, an explicit stack
#    不用递归的拓扑排序：显式的栈，记录每个节点的父节点是否已经访问过
def topological_order_iterative(output):
    order, seen = [], set()
    stack = [(output, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for parent, _ in reversed(node.parents):
            if id(parent) not in seen:
                stack.append((parent, False))
    return order


depth = 5000
x = Node(0.3)
chain = x
locals_ = []
for _ in range(depth):
    locals_.append(math.cos(chain.value))
    chain = sin(chain)
assert depth > sys.getrecursionlimit()
try:
    backward(chain)
    raise AssertionError("expected a RecursionError")
except RecursionError:
    pass
backward(chain, order_fn=topological_order_iterative)
product = math.prod(locals_)
print(f"8. depth {depth}: adjoint {x.adjoint:.6g}, product of local derivatives {product:.6g}")
assert math.isclose(x.adjoint, product, rel_tol=1e-12)
# the iterative order also gives the same result as the recursive one on the lesson's h
xn2, yn2 = Node(x0), Node(y0)
backward(h(xn2, yn2, sin, exp), order_fn=topological_order_iterative)
assert (xn2.adjoint, yn2.adjoint) == (xn.adjoint, yn.adjoint)
