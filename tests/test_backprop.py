"""The reverse walk (tapekit/_engine/backprop.py): broadcasting handled once, and its observer."""

from __future__ import annotations

import numpy as np
import pytest

import tapekit as tk
from tapekit._engine import backprop as _backprop
from tapekit.ops._core_shape import unbroadcast
from tapekit.ops._registry import REGISTRY, Primitive
from tapekit.testing import check_grads


@pytest.fixture
def plain_add():
    """An addition declaring ``broadcasts`` whose rules pass ``g`` through unreduced."""
    p = Primitive("TestPlainBroadcastAdd", lambda xp, x, y: x + y, broadcasts=True)
    p.defvjp(lambda g, ans, x, y: g, lambda g, ans, x, y: g)
    yield p
    del REGISTRY[p.name]  # not an op of tapekit: the op tables never see it


def test_walk_sums_cotangents_back_to_the_input_shape(plain_add):
    x = tk.constant(np.arange(6.0).reshape(2, 3))
    y = tk.constant(np.array([1.0, 2.0, 3.0]))
    with tk.GradientTape(persistent=True) as tape:
        tape.watch([x, y])
        z = tk.reduce_sum(plain_add(x, y) * 2.0)
    gx, gy = tape.gradient(z, [x, y])
    np.testing.assert_allclose(gx.numpy(), np.full((2, 3), 2.0))
    assert gy.shape == (3,)
    np.testing.assert_allclose(gy.numpy(), np.full((3,), 4.0))  # two rows summed


def test_walk_keeps_batch_axes_when_summing(plain_add):
    """A jacobian sends a batch of cotangents: the sum must not touch the batch axis."""
    x = tk.constant(np.ones((2, 3)))
    y = tk.constant(np.array([1.0, 2.0, 3.0]))
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(y)
        out = plain_add(x, y)
    j = tape.jacobian(out, y)
    assert j.shape == (2, 3, 3)
    np.testing.assert_allclose(j.numpy(), np.broadcast_to(np.eye(3), (2, 3, 3)))
    j_rows = tape.jacobian(out, y, experimental_use_pfor=False)
    np.testing.assert_allclose(j_rows.numpy(), j.numpy())


def test_broadcasting_rules_leave_the_sum_to_the_walk():
    """tapekit's rules for ``broadcasts`` ops return the output's shape; the walk sums."""
    check_grads(lambda a, b: a * b + a, np.ones((2, 3)), np.arange(3.0), order=2)
    check_grads(
        lambda a, b: tk.maximum(a, b) / b, np.full((2, 3), 1.5), np.arange(1.0, 4.0), order=2
    )


@pytest.fixture
def reducing_add():
    """An addition declaring ``broadcasts`` whose rules sum ``g`` themselves."""
    p = Primitive("TestReducingBroadcastAdd", lambda xp, x, y: x + y, broadcasts=True)
    p.defvjp(
        lambda g, ans, x, y: unbroadcast(g, x, ans), lambda g, ans, x, y: unbroadcast(g, y, ans)
    )
    yield p
    del REGISTRY[p.name]


def test_rules_that_reduce_themselves_pass_through(reducing_add):
    """A rule that already summed (a primitive of the user's may) is not summed again."""
    x = tk.constant(np.ones((2, 3)))
    y = tk.constant(np.array([1.0, 2.0, 3.0]))
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(y)
        out = reducing_add(x, y)
    np.testing.assert_allclose(tape.gradient(out, y).numpy(), np.full((3,), 2.0))
    j = tape.jacobian(out, y)
    np.testing.assert_allclose(j.numpy(), np.broadcast_to(np.eye(3), (2, 3, 3)))


def test_observer_sees_each_entry_with_its_cotangents():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        z = y + x
    rec = tape._recorder
    seen = []

    def observe(entry, cotangent, sent):
        seen.append(
            (entry.op.name, float(cotangent), [None if s is None else float(s) for s in sent])
        )

    live = _backprop.live_ids(rec.entries, {x._id}, rec.tracked, rec.roots)
    grads = _backprop.backward(
        list(rec.entries), [z], [tk.constant(1.0)], {x._id}, live, observe=observe
    )
    assert float(grads[x._id]) == 7.0
    assert seen == [("AddV2", 1.0, [1.0, 1.0]), ("Mul", 1.0, [3.0, 3.0])]


def test_observer_marks_inputs_off_the_path():
    x = tk.constant(2.0)
    c = tk.constant(5.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        z = x * c
    rec = tape._recorder
    sent_seen = []
    live = _backprop.live_ids(rec.entries, {x._id}, rec.tracked, rec.roots)
    _backprop.backward(
        list(rec.entries),
        [z],
        [tk.constant(1.0)],
        {x._id},
        live,
        observe=lambda e, g, sent: sent_seen.append(sent),
    )
    (sent,) = sent_seen
    assert float(sent[0]) == 5.0 and sent[1] is None


def test_entry_vjp_is_what_the_walk_sends(plain_add):
    """The rules of one entry, summed as the walk sums them: a display's local derivatives."""
    x = tk.constant(np.arange(6.0).reshape(2, 3))
    y = tk.constant(np.array([1.0, 2.0, 3.0]))
    with tk.GradientTape() as tape:
        tape.watch(y)
        z = plain_add(x, y)
    rec = tape._recorder
    (entry,) = rec.entries
    live = _backprop.live_ids(rec.entries, {y._id}, rec.tracked, rec.roots)
    sent = _backprop.entry_vjp(entry, tk.ones_like(z), live)
    assert sent[0] is None  # x is off the path
    np.testing.assert_allclose(sent[1].numpy(), np.full((3,), 2.0))
    walked = []
    _backprop.backward(
        list(rec.entries),
        [z],
        [tk.ones_like(z)],
        {y._id},
        live,
        observe=lambda e, g, s: walked.append(s),
    )
    np.testing.assert_allclose(walked[0][1].numpy(), sent[1].numpy())
