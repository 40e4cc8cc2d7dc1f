"""tape_view: the graph of %tape show, node selection, values and gradients."""

from __future__ import annotations

import math
import os
import sys
import warnings

import numpy as np
import pytest

import tapekit as tk
from tapekit import workbench as wb
from tapekit.widgets import WidgetInputError, tape_view
from tapekit.widgets._render import decode_png

pytestmark = pytest.mark.numpy_only


def _tape():
    x = tk.Variable(3.0)
    with tk.GradientTape(persistent=True) as tape:
        y = x * x
        z = tk.sin(y) + y
    return tape, x, y, z


def test_nodes_values_and_gradients_use_the_callers_names():
    tape, x, y, z = _tape()
    w = tape_view(tape)
    assert [n["label"] for n in w.model.nodes] == ["x", "y", "v1", "z"]
    assert w.node.options == ("x", "y", "v1", "z")
    assert w.model.target_label == "z"
    w.node.value = "y"
    st = w.model.state
    assert float(st["value"]) == 9.0
    assert float(st["gradient"]) == pytest.approx(math.cos(9.0) + 1.0)
    assert "∂z/∂y" in w.details.value and "Mul(x, x)" in w.details.value
    w.node.value = "x"
    assert float(w.model.state["gradient"]) == pytest.approx((math.cos(9.0) + 1.0) * 6.0)
    # the tape was not consumed
    assert float(tape.gradient(z, x)) == pytest.approx((math.cos(9.0) + 1.0) * 6.0)


def test_the_picture_is_tape_show_rasterised_and_selection_moves_only_the_highlight():
    from tapekit.notebook.record import TapeRecord

    tape, x, y, z = _tape()
    snap = tape_view(tape, select="y", interactive=False)
    rec = wb.name(TapeRecord.from_tape(tape), {"x": x, "y": y, "z": z})
    assert snap.data["svg"] == wb.draw(rec).to_svg()  # %tape show's drawing
    other = tape_view(tape, select="z", interactive=False)
    a, b = decode_png(snap.png), decode_png(other.png)
    assert a.shape == b.shape and np.any(a != b)
    changed = np.argwhere(np.any(a != b, axis=2))
    # only the old and the new highlight differ, not the whole drawing
    assert len(changed) < 0.05 * a.shape[0] * a.shape[1]


def test_a_tape_record_from_the_workbench():
    x = tk.constant(2.0)
    with wb.record(order=2, watch=[x]) as rec:
        y = x**3
    wb.name(rec, {"x": x, "y": y})
    snap = tape_view(rec, select="x", interactive=False)
    assert snap.data["target"] == "y"
    grads = {n["label"]: n["gradient"] for n in snap.data["nodes"]}
    assert float(grads["x"]) == 12.0
    assert repr(snap) == "tape_view: tape `tape` with 1 op(s); node x = 2.0, ∂y/∂x = 12.0"


def test_released_tape_and_wrong_input_give_messages():
    x = tk.Variable(1.0)
    with tk.GradientTape() as tape:
        y = x * 2.0
    tape.gradient(y, x)
    w = tape_view(tape)
    assert "no longer holds its recording" in w.model.error
    assert "tapekit-widget-error" in w.status.value
    assert repr(w).startswith("tape_view: This GradientTape no longer")
    with pytest.raises(WidgetInputError, match="persistent=True"):
        tape_view(tape, interactive=False)
    with pytest.raises(WidgetInputError, match="needs a tk.GradientTape"):
        tape_view(42, interactive=False)
    tape2, x, y, z = _tape()
    with pytest.raises(WidgetInputError, match="no node `yy`. Did you mean `y`"):
        tape_view(tape2, select="yy", interactive=False)


def test_unconnected_node_says_none():
    x = tk.Variable(1.0)
    c = tk.constant(5.0)
    with tk.GradientTape(persistent=True) as tape:
        y = x * 2.0
        u = c * 3.0  # noqa: F841 (recorded? c is not watched: not on the tape)
        w_ = y + x
    snap = tape_view(tape, target=w_, interactive=False)
    labels = {n["label"] for n in snap.data["nodes"]}
    assert {"x", "y", "w_"} <= labels


def test_chinese_graph_title_renders(caplog):
    tk.config.set_language("zh")
    tape, *_ = _tape()
    with warnings.catch_warnings(), caplog.at_level("INFO", logger="matplotlib"):
        warnings.simplefilter("error")
        snap = tape_view(tape, interactive=False)  # bold op names: no findfont complaint
        snap.figure.savefig(__import__("io").BytesIO(), format="png")
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    svg = snap.data["svg"]
    # the tape's name is set in code type, not between literal Markdown backticks
    assert "梯度带 " in svg and ">tape<" in svg and "`" not in svg
    assert repr(snap).startswith("tape_view：梯度带 `tape`")


def _reusing_one_input(n: int):
    """n steps that each use x again: x's edges reach every column (issue 16's big tape)."""
    x = tk.constant(1.5)
    with tk.GradientTape(persistent=True) as tape:
        tape.watch(x)
        acc = x
        for _ in range(n):
            acc = acc * 0.5 + x
    return tape, acc


def _tapekit_lines_run(fn) -> int:
    """How many lines of tapekit's own source ``fn()`` executes (work, not wall time)."""
    root = os.path.dirname(tk.__file__)
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += event == "line"
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(root) else None

    sys.settrace(calls)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def test_the_layout_of_a_big_tape_grows_linearly():
    from tapekit.notebook.graph import TapeGraph
    from tapekit.notebook.record import TapeRecord

    sizes = []
    for n in (150, 300):
        tape, _ = _reusing_one_input(n)
        rec = TapeRecord.from_tape(tape)
        sizes.append(len(TapeGraph(rec).layout(rec.entries)[0]))
    assert sizes[1] <= 2.2 * sizes[0], sizes  # one waypoint per column crossed: 4x


def test_tape_view_of_all_ops_does_work_linear_in_the_tape(monkeypatch):
    """``tape_view(limit=None)`` walked the whole SVG tree once per path (quadratic); three
    times the ops now run about three times tapekit's lines.  The waypoint budget is
    lowered so that tapes small enough for a quick test are drawn the way big ones are."""
    from tapekit.notebook import graph

    monkeypatch.setattr(graph, "WAYPOINTS_BASE", 0)
    monkeypatch.setattr(graph, "WAYPOINTS_PER_NODE", 1)
    lines = []
    for n in (20, 60):
        tape, acc = _reusing_one_input(n)
        lines.append(
            _tapekit_lines_run(lambda: tape_view(tape, acc, limit=None, interactive=False))  # noqa: B023
        )
    assert lines[1] <= 3.4 * lines[0], lines  # 3x the ops; a quadratic walk: 4.4x and up
