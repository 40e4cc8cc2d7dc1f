"""Shared fixtures: every engine test runs on each array backend.

``xp`` (autouse) runs the test with NumPy, with ``array_api_strict`` (a strict Array
API library standing in for a second backend, so nothing NumPy-only slips into the
engine) and with CuPy when a CUDA device exists.  Tests that are about NumPy itself
(interop, printing) use the ``numpy_only`` marker.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tapekit as tk
from tapekit._engine import backend as _backend

BACKENDS = ["numpy", "array_api_strict", "cupy"]


def pytest_configure(config):
    config.addinivalue_line("markers", "numpy_only: run only on the NumPy backend")
    # the widgets' progress bar appears only when a computation is slow; every kernel these
    # tests start (nbval, nbgrader, the hub, the pinned stacks) inherits this, so a loaded
    # machine's notebook outputs match a quick one's (tests/widgets/test_progress.py)
    os.environ["TAPEKIT_PROGRESS"] = "0"


def _load_backend(name):
    if name == "numpy":
        return np, None
    if name == "array_api_strict":
        import array_api_strict

        return array_api_strict, None
    if name == "cupy":
        if not _backend.numpy_gpu_available():
            pytest.skip("CuPy with a CUDA device is not available")
        import array_api_compat.cupy as cxp

        return cxp, None
    raise ValueError(name)


@pytest.fixture(params=BACKENDS, autouse=True)
def xp(request):
    """The array namespace new tensors are created on for this test."""
    name = request.param
    if name == "cupy":
        request.applymarker(pytest.mark.cuda)
    if name != "numpy" and request.node.get_closest_marker("numpy_only"):
        pytest.skip("NumPy-only test")  # collected out below; never reported as a skip
    mod, device = _load_backend(name)
    previous = _backend._local.stack[0]
    _backend.set_default(mod, device)
    try:
        yield mod
    finally:
        _backend._local.stack[0] = previous
        tk.config.set_language("en")


def pytest_collection_modifyitems(config, items):
    """Drop the non-NumPy variants of numpy_only tests instead of skipping them."""
    kept = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("xp") if callspec else None
        if backend and backend != "numpy" and item.get_closest_marker("numpy_only"):
            continue
        if backend == "cupy":
            item.add_marker(pytest.mark.cuda)
        kept.append(item)
    items[:] = kept


_BAD_SKIPS: list[str] = []


def pytest_runtest_logreport(report):
    """Remember skipped tests that are not CUDA tests (CI allows no other skips)."""
    if report.skipped and "cuda" not in report.keywords and not hasattr(report, "wasxfail"):
        _BAD_SKIPS.append(report.nodeid)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if os.environ.get("CI") and _BAD_SKIPS:
        terminalreporter.write_line(
            f"CI: {len(_BAD_SKIPS)} non-CUDA test(s) skipped (only CUDA tests may skip):",
            red=True,
        )
        for nodeid in _BAD_SKIPS:
            terminalreporter.write_line(f"  {nodeid}", red=True)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") and _BAD_SKIPS and session.exitstatus == 0:
        session.exitstatus = 1


def to_numpy(t):
    """Host NumPy value of a Tensor (any backend)."""
    return (
        np.asarray(_backend.to_host(t._value))
        if isinstance(t, tk.Tensor | tk.Variable)
        else np.asarray(t)
    )
