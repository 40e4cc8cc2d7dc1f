"""The kernel's stop button (issue 16 item 9) during a long ``%%tape`` cell, a ``tk.function``
trace and replay, a widget's computation and ``%grad --plot``: the kernel stays alive, the
interrupt is reported in a few lines without tapekit's frames, and the next cell finds the
state intact (no tape left recording, no trace left open, gradients right).

Each cell prints ``started`` when its code runs, and the stop button is pressed a moment
later; each computation would run for minutes if it were not stopped.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.timeout(300)]

AFTER = 0.3  # seconds after the cell printed START that the stop button is pressed
START = "print('started', flush=True)\n"
INTERNAL_PATH = re.compile(r"tapekit[/\\][\w/\\.]*\.py")
MAX_TRACEBACK_LINES = 20


def _interrupted(kernel, code: str):
    r = kernel.execute(code, timeout=60, interrupt_after=AFTER, interrupt_on="started")
    assert r.status == "error" and r.ename == "KeyboardInterrupt", (r.content, r.text)
    (err,) = r.of("error")
    assert err["ename"] == "KeyboardInterrupt"
    return r


def _no_tape_recording(kernel) -> None:
    """Ops run now are recorded by no tape left over, and a new tape works."""
    before = kernel.ok("%tape list").stdout
    kernel.ok("w_after = x * x\nw_after2 = tk.sin(x)")
    assert kernel.ok("%tape list").stdout == before
    r = kernel.ok("with tk.GradientTape() as t_new:\n    z_new = x * x\nt_new.gradient(z_new, x)")
    assert r.result["text/plain"] == "<tk.Tensor: shape=(), dtype=float32, numpy=6.0>"


def _no_trace_open(kernel) -> None:
    """Ops run eagerly again (no trace left capturing them) and a new function traces."""
    assert kernel.value("float(c * 2.0)") == "4.0"
    kernel.ok("@tk.function\ndef sq_after(a):\n    return a * a")
    kernel.ok("with tk.GradientTape() as t_f:\n    t_f.watch(c)\n    z_f = sq_after(c)")
    assert kernel.value("(float(z_f), float(t_f.gradient(z_f, c)))") == "(4.0, 4.0)"


def _alive(kernel) -> None:
    assert kernel.value("(SENTINEL, float(x), float(c))") == "(12345, 3.0, 2.0)"


def test_stop_a_long_tape_cell(kernel):
    _interrupted(
        kernel, "%%tape long\n" + START + "v2 = x\nfor i in range(10**8):\n    v2 = v2 * 1.0001"
    )
    listing = kernel.ok("%tape list").stdout
    m = re.search(r"long \*: (\d+) op\(s\), order 1", listing)
    assert m and int(m.group(1)) > 0, listing  # what was recorded before the stop is kept
    n = int(m.group(1))
    r = kernel.ok("%grad v2 x")  # and it can be differentiated: ∂v2/∂x = 1.0001**n
    got = float(r.result["text/plain"].split("= ")[1])
    chain = [np.float32(1.0)]
    for _ in range(n):  # the chain rule in float32, one op at a time
        chain.append(chain[-1] * np.float32(1.0001))
    # the stop may come after the last op was recorded but before v2 was bound to it
    assert got in [pytest.approx(float(chain[k]), rel=1e-5) for k in (n, n - 1)], (got, n)
    _no_tape_recording(kernel)
    _no_trace_open(kernel)
    _alive(kernel)


def test_stop_a_tk_function_while_it_traces(kernel):
    _interrupted(
        kernel,
        "@tk.function\ndef slow(a):\n    for i in range(10**8):\n        a = a * 1.0001\n"
        "    return a\n" + START + "slow(c)",
    )
    _no_trace_open(kernel)
    _no_tape_recording(kernel)
    _alive(kernel)


def test_stop_a_tk_function_while_it_replays(kernel):
    kernel.ok("mm = tk.function(lambda a: tk.matmul(a, a))\nm0 = tk.eye(200)\nmm(m0)")
    _interrupted(kernel, START + "m = m0\nfor i in range(10**7):\n    m = mm(m)")
    # the plan traced before still gives right answers, and so does a new one
    assert kernel.value("float(tk.reduce_sum(mm(m0 * 2.0)))") == "800.0"
    assert kernel.value("mm(tk.constant([[1.0, 2.0], [3.0, 4.0]])).numpy().tolist()") == (
        "[[7.0, 10.0], [15.0, 22.0]]"
    )
    _no_trace_open(kernel)
    _alive(kernel)


def test_stop_a_derivative_explorer(kernel):
    r = kernel.ok(
        "import time\n"
        "def slow_f(x):\n    print('started', flush=True)\n    time.sleep(600)\n    return tk.sin(x)\n"
        "tk.widgets.derivative_explorer(slow_f)",
        interrupt_after=AFTER,
        interrupt_on="started",
    )
    (summary,) = r.data("text/plain")
    assert summary.startswith("derivative_explorer: Interrupted (the kernel's stop button)")
    assert not INTERNAL_PATH.search(r.text) and r.of("error") == []
    r = kernel.ok("sorted(tk.widgets.derivative_explorer('x**2', interactive=False).data)")
    assert "'x'" in r.result["text/plain"]  # the widgets still work afterwards
    _no_tape_recording(kernel)
    _alive(kernel)


def test_stop_an_optimizer_explorer(kernel):
    r = kernel.ok(
        "import time\n"
        "def slow_g(v):\n    print('started', flush=True)\n    time.sleep(600)\n    return v[0] ** 2 + v[1] ** 2\n"
        "tk.widgets.optimizer_explorer(slow_g)",
        interrupt_after=AFTER,
        interrupt_on="started",
    )
    (summary,) = r.data("text/plain")
    assert summary.startswith("optimizer_explorer: Interrupted (the kernel's stop button)")
    assert not INTERNAL_PATH.search(r.text) and r.of("error") == []
    _no_tape_recording(kernel)
    _alive(kernel)


def test_stop_a_grad_plot(kernel):
    kernel.ok("%%tape --quiet big\nv = x\nfor i in range(3000):\n    v = v * 1.0001")
    before = kernel.ok("%grad v x").result["text/plain"]
    # a first plot loads the widgets, so the stop button lands in the plotting itself
    kernel.ok("%%tape --quiet tiny\nt1 = x * x")
    kernel.ok("%grad t1 x --plot --points 3")
    r = kernel.execute(
        START + "%grad v x --plot --points 10001",
        timeout=60,
        interrupt_after=1.0,  # into the plot's 10001 replays, past the gradient
        interrupt_on="started",
    )
    assert r.status == "error" and r.ename == "UsageError", (r.content, r.text)
    assert r.stdout == "started\n" and r.stderr == (
        "UsageError: %grad was interrupted (the kernel's stop button); "
        "the recorded tapes are unchanged.\n"
    )
    assert r.of("error") == []
    assert kernel.ok("%grad v x").result["text/plain"] == before == "∂v/∂x = 1.3499"
    _no_tape_recording(kernel)
    _alive(kernel)


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(
            "%%tape stopped\n" + START + "m = tk.eye(300)\nfor i in range(10**7):\n"
            "    m = tk.matmul(m, m)",
            id="tape-cell",
        ),
        pytest.param(
            "mm2 = tk.function(lambda a: tk.matmul(a, a))\nm = tk.eye(300)\n"
            + START
            + "for i in range(10**7):\n    m = mm2(m)",
            id="function-replay",
        ),
    ],
)
def test_the_interrupt_is_shown_without_tapekit_frames(kernel, code):
    # the loop spends nearly all its time in a matmul called by tapekit, so the interrupt
    # lands inside tapekit's frames every time
    r = _interrupted(kernel, code)
    _alive(kernel)
    assert not INTERNAL_PATH.search(r.text), "\n".join(r.traceback)
    assert len([ln for ln in r.traceback if ln.strip()]) <= MAX_TRACEBACK_LINES
