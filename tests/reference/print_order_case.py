"""The order of Python print and tf.print lines of a traced function, a function of the
``tf`` module: ``record_tf_print_order.py`` runs it on TensorFlow 2.21 (with file
descriptor 2 captured), ``tests/test_function_semantics.py`` on tapekit, and the lines
are compared.  Written once, so the recorded case and the tested one cannot drift.
"""

from __future__ import annotations

import sys


def say(text):
    print(text, file=sys.stderr, flush=True)


def print_order(tf) -> None:
    """Three calls of a traced function that prints from Python and with ``tf.print``."""
    v = tf.Variable(1.0)

    @tf.function
    def f(x):
        say("python 1")
        tf.print("tf 1", x)
        v.assign_add(1.0)
        say("python 2")
        tf.print("tf 2", v)
        return x + v

    for i in range(3):
        say(f"call {i}")
        f(tf.constant(float(i)))
