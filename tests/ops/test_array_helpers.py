"""The backend's named array helpers (``tapekit/_engine/backend/array_helpers.py``) give one result
on every namespace: the NumPy branch of each is a shortcut, never a different answer.

Each test runs once per backend (the ``xp`` fixture): the arrays are made on that
namespace, and the helper's result must keep the namespace and match NumPy's values.
"""

from __future__ import annotations

import numpy as np
import pytest

from tapekit._engine import backend as _backend
from tapekit._engine.backend import array_helpers as _arrays


def _on(xp, host):
    """``host`` on the test's namespace (the fixture made it the current backend)."""
    return _backend.asarray(np.asarray(host))


def _same(result, xp, expected, dtype=None):
    assert _backend.namespace_of(result) is xp
    got = _backend.to_host(result)
    np.testing.assert_array_equal(got, np.asarray(expected))
    if dtype is not None:
        assert _backend.numpy_dtype_name(result) == dtype


def test_asarray_like_takes_dtype_and_namespace(xp):
    like = _on(xp, np.zeros(2, dtype="float32"))
    _same(_arrays.asarray_like([[1, 2], [3, 4]], like), xp, [[1, 2], [3, 4]], "float32")


@pytest.mark.parametrize("dtype", ["int64", "float64"])
def test_astype_by_name_and_by_dtype_object(xp, dtype):
    x = _on(xp, np.array([1.5, -2.5], dtype="float32"))
    by_name = _arrays.astype(x, dtype)
    by_object = _arrays.astype(x, _backend.dtype_object(_backend.namespace_of(x), dtype))
    expected = np.array([1.5, -2.5], dtype="float32").astype(dtype)
    _same(by_name, xp, expected, dtype)
    _same(by_object, xp, expected, dtype)


def test_multiply_by_mask(xp):
    g = _on(xp, np.array([1.0, 2.0, 3.0], dtype="float32"))
    mask = _on(xp, np.array([True, False, True]))
    _same(_arrays.multiply_by_mask(g, mask), xp, [1.0, 0.0, 3.0], "float32")


def test_scalar_operand_keeps_the_dtype(xp):
    x = _on(xp, np.array([-1, 2], dtype="int8"))
    ns = _backend.namespace_of(x)
    _same(ns.maximum(x, _arrays.scalar(ns, 0, x)), xp, [0, 2], "int8")


def test_sum_over_axes_and_integer_dtype(xp):
    host = np.arange(6, dtype="int32").reshape(2, 3)
    x = _on(xp, host)
    ns = _backend.namespace_of(x)
    _same(_arrays.sum_over(ns, x, (1,), False, x.dtype), xp, host.sum(axis=1), "int32")
    _same(_arrays.sum_over(ns, x, (0, 1), True, x.dtype), xp, [[15]])


@pytest.mark.parametrize("shape", [(3,), (2, 3), (100, 100)])  # filled, and broadcast
def test_broadcast_to_a_scalar(xp, shape):
    x = _on(xp, np.float32(2.5))
    _same(_arrays.broadcast_to(_backend.namespace_of(x), x, shape), xp, np.full(shape, 2.5))


def test_broadcast_to_an_array(xp):
    x = _on(xp, np.array([1.0, 2.0]))
    _same(_arrays.broadcast_to(_backend.namespace_of(x), x, (3, 2)), xp, [[1, 2]] * 3)


def test_matrix_transpose(xp):
    host = np.arange(12.0).reshape(2, 2, 3)
    x = _on(xp, host)
    _same(_arrays.matrix_transpose(_backend.namespace_of(x), x), xp, host.swapaxes(-1, -2))


@pytest.mark.parametrize(
    "key, expected",
    [
        ((Ellipsis, 1), [1, 4]),
        ((slice(None), slice(0, 2)), [[0, 1], [3, 4]]),
    ],
)
def test_getitem_basic(xp, key, expected):
    x = _on(xp, np.arange(6.0).reshape(2, 3))
    _same(_arrays.getitem(_backend.namespace_of(x), x, key), xp, expected)


def test_getitem_with_one_index_array_and_with_a_mask(xp):
    host = np.arange(6.0).reshape(2, 3)
    x = _on(xp, host)
    ns = _backend.namespace_of(x)
    idx = _on(xp, np.array([2, 0]))
    _same(_arrays.getitem(ns, x, (slice(None), idx)), xp, host[:, [2, 0]])
    mask = _on(xp, np.array([True, False, True]))
    _same(_arrays.getitem(ns, x, (slice(None), mask)), xp, host[:, [True, False, True]])


def test_is_basic_key():
    assert _arrays.is_basic_key((0, slice(None), None, Ellipsis))
    assert not _arrays.is_basic_key((np.array([0]),))


def test_max_over(xp):
    host = np.array([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]], dtype="float32")
    x = _on(xp, host)
    ns = _backend.namespace_of(x)
    _same(_arrays.max_over(ns, x, -1, True), xp, [[5.0], [7.0]], "float32")
    _same(_arrays.max_over(ns, x, 0, False), xp, [7.0, 5.0, 3.0])


def test_pick_last_and_minus_one_hot(xp):
    host = np.arange(12.0).reshape(2, 2, 3)
    labels = np.array([[2, 0], [1, 1]])
    x, idx = _on(xp, host), _on(xp, labels)
    ns = _backend.namespace_of(x)
    _same(
        _arrays.pick_last(ns, x, idx), xp, np.take_along_axis(host, labels[..., None], -1)[..., 0]
    )
    expected = host - (labels[..., None] == np.arange(3))
    # a temporary of its own: on NumPy, minus_one_hot writes into it
    _same(_arrays.minus_one_hot(ns, _on(xp, host.copy()), idx), xp, expected)


@pytest.mark.parametrize("labels, outside", [([0, 2, 1], False), ([0, 3], True), ([-1, 0], True)])
def test_any_outside(xp, labels, outside):
    ints = _on(xp, np.array(labels, dtype="int32"))
    assert _arrays.any_outside(_backend.namespace_of(ints), ints, 3) is outside
