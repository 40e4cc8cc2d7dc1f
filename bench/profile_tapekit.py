"""Where tapekit's time goes on a workload: cProfile, self-time, grouped by function.

    .venv/bin/python bench/profile_tapekit.py W2 [--repeats 20] [--top 15]

Prints the top functions in ``tapekit/*`` by self-time (tottime) and the share of
self-time by area (tapekit modules, NumPy/C calls, the benchmark itself).  cProfile
inflates the cost of Python calls, so read the shares, not the absolute times; the
timings to quote come from ``run.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import workloads as wl


def _area(filename: str) -> str:
    if "/tapekit/" in filename:
        return "tapekit/" + filename.split("/tapekit/", 1)[1]
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins / C (NumPy ufuncs, isinstance, ...)"
    if "/numpy/" in filename:
        return "numpy (Python part)"
    if filename.endswith("workloads.py"):
        return "benchmark code"
    return "other Python (stdlib)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("workload", choices=list(wl.WORKLOADS))
    ap.add_argument("--repeats", type=int, default=None)
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args(argv)
    repeats = args.repeats or {
        "W1": 3,
        "W1o": 3,
        "W1f": 3,
        "W2": 100,
        "W2f": 100,
        "W3": 10,
        "W3f": 10,
        "W3a": 10,
        "W3L": 2,
    }.get(args.workload, 200)

    data = wl.make_inputs()
    run, _ = wl.tapekit_impl(args.workload, data)
    run()  # warm-up
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeats):
        run()
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())

    by_area: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        by_area[_area(filename)] += tottime
        if "/tapekit/" in filename:
            short = filename.split("/tapekit/", 1)[1]
            rows.append((tottime, ncalls, cumtime, f"tapekit/{short}:{line} {func}"))
    rows.sort(reverse=True)
    per = wl.WORKLOADS[args.workload]["per"] * repeats
    print(f"# {args.workload}: {repeats} repeats under cProfile, {total:.3f} s self-time in all")
    unit = wl.WORKLOADS[args.workload]["unit"]
    print(f"# 'calls/unit': calls per {unit.split('/')[-1] if '/' in unit else 'run'}")
    print("\n## self-time by area")
    for area, t in sorted(by_area.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{100 * t / total:6.1f}%  {area}")
    print(f"\n## top {args.top} tapekit functions by self-time")
    print(f"{'self %':>7} {'calls/unit':>10} {'cum %':>7}  function")
    for tottime, ncalls, cumtime, name in rows[: args.top]:
        print(
            f"{100 * tottime / total:6.1f}% {ncalls / per:10.2f} {100 * cumtime / total:6.1f}%  {name}"
        )
    print(f"\n## top {args.top} overall by self-time")
    other = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[: args.top]
    for (filename, line, func), (_cc, ncalls, tottime, _cum, _c) in other:
        where = os.path.basename(filename) if not filename.startswith("~") else "C"
        print(f"{100 * tottime / total:6.1f}% {ncalls / per:10.2f}  {where}:{line} {func}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
