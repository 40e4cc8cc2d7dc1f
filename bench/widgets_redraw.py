"""Redraw time of each widget per control change (a report, not a test).

What a slider move costs in the kernel, from the change of the widget's value to the new
PNG frame in its ``Image`` (traitlets, tapekit, the blitted matplotlib frame and the PNG
encoding; not the network or the browser).  Target: ≤ 100 ms for the moves that only
redraw (x₀, Taylor order, the optimizer's step / Play, a node selection); moves that
recompute (learning rate, β, steps, preset, a new expression) are reported next to them.

    .venv/bin/python bench/widgets_redraw.py            # about 30 s
    .venv/bin/python bench/widgets_redraw.py --json bench/results/widgets_redraw.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

import tapekit as tk
from tapekit.widgets import derivative_explorer, optimizer_explorer, tape_view

TARGET_MS = 100.0


def timed(change, values, repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        for v in values:
            t0 = time.perf_counter()
            change(v)
            out.append((time.perf_counter() - t0) * 1e3)
    return out


def row(widget, control, kind, samples):
    med = statistics.median(samples)
    p90 = float(np.percentile(samples, 90))
    return {
        "widget": widget,
        "control": control,
        "kind": kind,
        "n": len(samples),
        "median_ms": round(med, 1),
        "p90_ms": round(p90, 1),
        "within_target": kind != "redraw" or med <= TARGET_MS,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=None, help="also write the rows here")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rows = []

    d = derivative_explorer("sin(x) * x**2")
    xs = list(np.linspace(-2.9, 2.9, 40))
    d.x0.value = 0.0  # warm
    rows.append(row("derivative_explorer", "x₀ slider", "redraw", timed(lambda v: setattr(d.x0, "value", float(v)), xs, args.repeat)))  # fmt: skip
    rows.append(row("derivative_explorer", "Taylor order", "redraw", timed(lambda v: setattr(d.taylor_order, "value", v), [3, 4, 5, 6, 1, 2] * 3)))  # fmt: skip
    rows.append(row("derivative_explorer", "expression (new f)", "recompute", timed(lambda v: setattr(d.expression, "value", v), ["exp(-x^2)", "tanh(3*x)", "x^3 - x", "sin(x) * x**2"])))  # fmt: skip

    def not_elementwise(x):
        return x - tk.reduce_mean(x) + x**2

    def build(f):
        derivative_explorer(f, interactive=False)

    rows.append(row("derivative_explorer", "new f, vectorised (201 points)", "recompute", timed(build, ["sin(x) * x**2"] * 3)))  # fmt: skip
    rows.append(row("derivative_explorer", "new f, point by point (201 points)", "recompute", timed(build, [not_elementwise] * 3)))  # fmt: skip

    o = optimizer_explorer("rosenbrock")
    steps = list(range(0, 401, 10))
    rows.append(row("optimizer_explorer", "step slider / Play", "redraw", timed(lambda v: setattr(o.step, "value", v), steps, args.repeat)))  # fmt: skip
    rows.append(row("optimizer_explorer", "arrows on/off", "static redraw", timed(lambda v: setattr(o.arrows, "value", v), [False, True] * 3)))  # fmt: skip
    rows.append(row("optimizer_explorer", "learning rate (4 optimizers × 400 steps)", "recompute", timed(lambda v: setattr(o.lr, "value", v), [0.001, 0.002, 0.0015])))  # fmt: skip
    rows.append(row("optimizer_explorer", "preset", "recompute", timed(lambda v: setattr(o.preset, "value", v), ["beale", "himmelblau", "saddle", "rosenbrock"])))  # fmt: skip

    x = tk.Variable(3.0)
    with tk.GradientTape(persistent=True) as tape:
        h = x
        for _ in range(8):
            h = tk.sin(h) * x + h
    t = tape_view(tape, names={"x": x, "h": h})
    labels = list(t.node.options)
    rows.append(row("tape_view", f"node selection ({len(labels)} nodes)", "redraw", timed(lambda v: setattr(t.node, "value", v), labels, args.repeat)))  # fmt: skip

    env = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "matplotlib": __import__("matplotlib").__version__,
    }
    print(f"Widget redraw per control change (target ≤ {TARGET_MS:.0f} ms for redraws); {env}")
    print()
    print("| widget | control | kind | median ms | p90 ms | n |")
    print("|---|---|---|---:|---:|---:|")
    for r in rows:
        flag = "" if r["within_target"] else " ⚠"
        print(
            f"| {r['widget']} | {r['control']} | {r['kind']} | {r['median_ms']}{flag} | "
            f"{r['p90_ms']} | {r['n']} |"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"env": env, "rows": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
