"""The widgets' progress bar: shown in a kernel only when a computation is slow, and never when
``TAPEKIT_PROGRESS=0`` (which the suite sets for every kernel it starts, so that stored notebook
outputs do not depend on how loaded the machine is)."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from tapekit.widgets import _base

pytestmark = pytest.mark.numpy_only


class FakeClock:
    """``time`` with a clock the test moves."""

    def __init__(self):
        self.now = 0.0

    def perf_counter(self) -> float:
        return self.now


@pytest.fixture
def shown(monkeypatch):
    """What the progress bar displays, in a pretend kernel with a fake clock."""
    clock = FakeClock()
    monkeypatch.setattr(_base, "time", clock)
    monkeypatch.setattr(_base, "in_kernel", lambda: True)
    displayed = []

    class Handle:
        def update(self, data, raw=False):
            displayed.append(("update", data))

    def display(obj, display_id=False):
        displayed.append(("display", obj))
        return Handle()

    import IPython.display

    monkeypatch.setattr(IPython.display, "display", display)
    return clock, displayed


def run(clock: FakeClock, seconds_per_step: float, total: int = 30) -> None:
    bar = _base.Progress(total, "steps", enabled=True)
    for done in range(1, total + 1):
        clock.now += seconds_per_step
        bar.update(done)
    bar.close()


def test_a_slow_computation_shows_a_bar_and_blanks_it_when_done(shown, monkeypatch):
    monkeypatch.delenv("TAPEKIT_PROGRESS", raising=False)
    clock, displayed = shown
    run(clock, seconds_per_step=0.1)  # 3 s projected
    kinds = [kind for kind, _ in displayed]
    assert kinds == ["display", "update"]
    bar = displayed[0][1]
    assert (bar.max, bar.value, bar.description) == (30, 30, "steps")
    assert displayed[1][1] == {"text/plain": ""}


def test_a_quick_computation_shows_nothing(shown, monkeypatch):
    monkeypatch.delenv("TAPEKIT_PROGRESS", raising=False)
    clock, displayed = shown
    run(clock, seconds_per_step=0.001)  # 0.03 s projected
    assert displayed == []


@pytest.mark.parametrize("value", ["0", "off", "False", " no "])
def test_tapekit_progress_off_hides_even_a_slow_bar(shown, monkeypatch, value):
    monkeypatch.setenv("TAPEKIT_PROGRESS", value)
    clock, displayed = shown
    run(clock, seconds_per_step=0.1)
    assert displayed == []


def test_the_suite_switches_it_off_for_the_kernels_it_starts():
    import os

    assert os.environ.get("TAPEKIT_PROGRESS") == "0"
    assert not _base.progress_allowed()
