"""Cases for the text of tensors shown while a ``tf.function`` traces (issue 13, item 2).

Each case takes the library (``tf`` or ``tk``) and returns the texts (``str``, ``repr``,
``format``) that a Python side effect sees while the function traces. Recorded from TF 2.21
by ``record_tf_tracing_text.py``; ``tests/test_function_tracing_text.py`` runs them on tapekit.
"""

from __future__ import annotations


def _texts(t) -> list[str]:
    return [str(t), repr(t), f"{t}"]


def inputs(tf):
    seen = []

    @tf.function
    def f(x, y):
        seen.extend(_texts(x) + _texts(y))
        return x

    f(tf.constant(1.0), tf.constant([1, 2]))
    return seen


def operators(tf):
    seen = []

    @tf.function
    def f(x, y):
        for t in (x * 2, x + y, x - y, x / y, x**3, -x, x * y, x * x, abs(x), x @ y):
            seen.append(str(t))
        return x

    f(tf.constant([[1.0]]), tf.constant([[2.0]]))
    return seen


def functions(tf):
    seen = []

    @tf.function
    def f(x):
        a = x + 1.0
        for t in (
            tf.sin(x),
            tf.exp(x),
            tf.math.log(x),
            tf.sqrt(x),
            tf.square(x),
            tf.tanh(x),
            tf.sigmoid(x),
            tf.nn.relu(x),
            tf.abs(x),
            tf.reduce_sum(x),
            tf.reduce_mean(x),
            tf.reduce_max(x),
            tf.matmul(x, x),
            tf.cast(x, tf.float64),
            tf.identity(x),
            tf.add(a, x),
            tf.multiply(x, x),
            tf.subtract(x, x),
            tf.maximum(x, x),
            tf.sin(x),
        ):
            seen.append(str(t))
        return a

    f(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    return seen


def repeats_and_constants(tf):
    """Ops on constants only keep their concrete text in tapekit but count for the names."""
    seen = []

    @tf.function
    def f(x):
        seen.append(str(x * 2))
        c = tf.constant(3.0) * 2.0  # no input: TF names it mul_1 (tapekit shows its value)
        seen.append(str(x * c))
        seen.append(str(x * 2))
        return x

    f(tf.constant(1.0))
    return seen


def star_args_and_keywords(tf):
    seen = []

    @tf.function
    def f(*args):
        seen.append(repr(args))
        return args[0]

    @tf.function
    def g(x, scale):
        seen.append(str(x * scale))
        seen.append(str(scale))
        return x

    f(tf.constant(1.0), tf.constant(2.0))
    g(x=tf.constant(1.0), scale=tf.constant(2.0))
    return seen


def containers(tf):
    seen = []

    @tf.function
    def f(x):
        seen.append(str([x, x * 2]))
        seen.append("x is %s" % x)  # noqa: UP031 (the %-form is one of the cases)
        seen.append(f"x = {x}!")
        return x

    f(tf.constant([1.0, 2.0, 3.0]))
    return seen


def variables(tf):
    seen = []
    v = tf.Variable(1.0)

    @tf.function
    def f(x):
        seen.append(repr(v))
        seen.append(str(v + x))
        return x

    f(tf.constant(1.0))
    return seen


def shapes_and_indexing(tf):
    seen = []

    @tf.function
    def f(x):
        for t in (
            tf.stack([x, x]),
            tf.reshape(x, [2, 2]),
            x[None],
            x[0],
            x[1:],
            tf.concat([x, x], 0),
            tf.transpose(tf.reshape(x, [2, 2])),
            tf.clip_by_value(x, 0.0, 1.0),
            tf.where(x > 0.0, x, -x),
            tf.gather(x, [0, 1]),
            tf.nn.softmax(x),
            tf.expand_dims(x, 0),
        ):
            seen.append(str(t))
        return x

    f(tf.constant([1.0, 2.0, 3.0, 4.0]))
    return seen


def after_a_gradient(tf):
    """A tape inside the function: its gradient ops leave the function's names alone."""
    seen = []

    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * x + tf.sin(x)
        tape.gradient(y, x)
        seen.append(str(x * 2))
        seen.append(str(tf.sin(x)))
        return y

    f(tf.constant(1.0))
    return seen


def methods_and_nested_arguments(tf):
    seen = []

    class Scale(tf.Module):
        @tf.function
        def __call__(self, x, scale=2.0):
            seen.append(str(x * scale))
            return x

    @tf.function
    def f(xs, d):
        seen.append(repr(xs))
        seen.append(repr(d))
        return xs[0]

    Scale()(tf.constant(1.0))
    f([tf.constant(1.0), tf.constant(2.0)], {"b": tf.constant(1.0), "a": tf.constant(2)})
    return seen


def reflected_operators(tf):
    seen = []

    @tf.function
    def f(x, y):
        for t in (x // y, x % y, 2.0**x, 1.0 - x, 2.0 / x, 3.0 * x, 1.0 + x):
            seen.append(str(t))
        return x

    f(tf.constant(5.0), tf.constant(2.0))
    return seen


CASES = {
    "reflected_operators": reflected_operators,
    "methods_and_nested_arguments": methods_and_nested_arguments,
    "shapes_and_indexing": shapes_and_indexing,
    "after_a_gradient": after_a_gradient,
    "inputs": inputs,
    "operators": operators,
    "functions": functions,
    "repeats_and_constants": repeats_and_constants,
    "star_args_and_keywords": star_args_and_keywords,
    "containers": containers,
    "variables": variables,
}
