"""NumPy 2.0 (Colab's) lacks np.cumulative_sum: tapekit/_engine/backend/__init__.py's fallback equals it."""

from __future__ import annotations

import numpy as np
import pytest

from tapekit._engine import backend as _backend

pytestmark = pytest.mark.numpy_only


@pytest.mark.parametrize("include_initial", [False, True])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_cumulative_sum_fallback_matches_numpy(axis, include_initial):
    x = np.arange(12, dtype=np.float32).reshape(3, 4) - 5
    got = _backend._cumulative_sum(x, axis=axis, include_initial=include_initial)
    want = np.cumulative_sum(x, axis=axis, include_initial=include_initial)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)


def test_cumulative_sum_fallback_one_dimension_and_errors():
    x = np.array([1, 2, 3])
    np.testing.assert_array_equal(_backend._cumulative_sum(x, include_initial=True), [0, 1, 3, 6])
    with pytest.raises(ValueError):
        _backend._cumulative_sum(np.ones((2, 2)))
