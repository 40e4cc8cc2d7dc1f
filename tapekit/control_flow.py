"""``tk.cond`` and ``tk.while_loop``: TF's signatures, run as Python control flow.

Eagerly they are plain ``if``/``while``; inside ``tk.function`` the decision on a
tensor's value becomes a guard in the plan (see :mod:`tapekit.function`).  Gradients
flow through the branch or iterations that ran, as with TF's eager execution.
"""

from __future__ import annotations

from ._engine import nest as _nest
from ._engine.tensor import TensorLike
from ._messages import message


def cond(pred, true_fn=None, false_fn=None, name=None):
    """``true_fn()`` if ``pred`` else ``false_fn()``."""
    __tracebackhide__ = True
    if true_fn is None or false_fn is None:
        raise TypeError(message("cond_needs_both"))
    return true_fn() if bool(pred) else false_fn()


def while_loop(
    cond,
    body,
    loop_vars,
    shape_invariants=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    maximum_iterations=None,
    name=None,
):
    """Repeat ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)``."""
    __tracebackhide__ = True
    single = not isinstance(loop_vars, (list, tuple))
    state = [loop_vars] if single else list(loop_vars)
    limit = None if maximum_iterations is None else int(maximum_iterations)
    i = 0
    while (limit is None or i < limit) and bool(cond(*state)):
        out = body(*state)
        state = [out] if single or isinstance(out, TensorLike) else list(out)
        i += 1
    if single:
        return state[0]
    return (
        _nest.pack_sequence_as(list(loop_vars), _nest.flatten(state))
        if not isinstance(loop_vars, tuple)
        else tuple(state)
    )
