"""Figures and tables from a capacity run (``bench/results/capacity.json``, by bench/capacity.py).

Kept apart from the measurement so that the tables (bench/README.md, hub/README.md) and the
hub's limits are re-derived from a stored run without starting a kernel:

    .venv/bin/python bench/capacity_report.py            # the benchmark's table
    .venv/bin/python bench/capacity_report.py --sizing   # students -> nodes, for hub/README.md
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
BURST_LIMIT_S = 2.0  # a cell's answer within this, when the whole class runs it at once
HEADROOM = 1.5  # limit = measured peak (kernel + server RSS) x this, for plots and exercises
NODE_RESERVED_GIB = 1.0  # kubelet, the system, the image cache: not for students


def _median(values) -> float:
    return statistics.median(values) if values else 0.0


def _memory(samples: list[dict], key: str) -> float:
    return _median([s[key] for s in samples])


def derive(result: dict) -> dict:
    """Per implementation: a student's memory (kernel + server), kernels per GiB, CPU per
    step and students per core; the limits the hub uses."""
    server = result["server"]["with_kernel"]
    minutes = result["lesson_minutes"]
    course_peak = max((x["memory"]["peak_rss"] for x in result.get("course", [])), default=0.0)
    out = {}
    for run in result["runs"]:
        cells = run["cells"]
        cpu = [_median(c["cpu_s"]) for c in cells]
        wall = [_median(c["wall_s"]) for c in cells]
        steps = cpu[1:]  # the cells after the import cell: the lesson's steps
        after = run["memory_after_lesson"]
        kernel_pss = _memory(after, "pss")
        peak = max(s["peak_rss"] for s in after)
        if run["impl"] == "tapekit":  # the heaviest lesson, run in full on tapekit only
            peak = max(peak, course_peak)
        peak_rss = peak + server["rss"]
        student_pss = kernel_pss + server["pss"]
        out[run["impl"]] = {
            "kernels": run["kernels"],
            "kernel_idle_pss_mib": _memory(run["memory_idle"], "pss"),
            "kernel_after_import_pss_mib": _memory(run["memory_after_import"], "pss"),
            "kernel_after_lesson_uss_mib": _memory(after, "uss"),
            "kernel_after_lesson_pss_mib": kernel_pss,
            "kernel_after_lesson_rss_mib": _memory(after, "rss"),
            "server_pss_mib": server["pss"],
            "student_pss_mib": student_pss,
            "kernel_peak_rss_mib": peak,
            "student_peak_rss_mib": peak_rss,
            "kernels_per_gib": 1024 / kernel_pss,
            "students_per_gib": 1024 / student_pss,
            "import_cpu_s": cpu[0],
            "import_wall_s": wall[0],
            "step_cpu_median_s": _median(steps),
            "step_cpu_max_s": max(steps, default=0.0),
            "lesson_cpu_s": cpu[0] + sum(steps),
            "students_per_core_sustained": minutes * 60 / (cpu[0] + sum(steps)),
            "students_per_core_burst": BURST_LIMIT_S / max(steps, default=1.0),
            "imports_per_core_minute": 60 / cpu[0] if cpu[0] else 0.0,
            "errors": sum(len(c["errors"]) for c in cells),
            "mem_limit_mib": _round_up(peak_rss * HEADROOM, 128),
            **(
                _course_cpu(result["course"])
                if run["impl"] == "tapekit" and result.get("course")
                else {}
            ),
            "mem_guarantee_mib": _round_up(student_pss, 64),
        }
    if {"tapekit", "tensorflow"} <= out.keys():
        tk, tf = result["runs"][0]["cells"], result["runs"][1]["cells"]
        out["same_output_cells"] = sum(a["stdout"] == b["stdout"] for a, b in zip(tk, tf))
        out["cells"] = len(tk)
        out["students_ratio"] = (
            out["tapekit"]["students_per_gib"] / out["tensorflow"]["students_per_gib"]
        )
    return out


def _course_cpu(course: list[dict]) -> dict:
    """CPU from the whole course on tapekit: the busiest lesson per minute, the slowest cell."""
    return {
        "course_students_per_core_sustained": min(x["minutes"] * 60 / x["cpu_s"] for x in course),
        "course_slowest_cell_cpu_s": max(x["slowest_cell_cpu_s"] for x in course),
        "course_students_per_core_burst": BURST_LIMIT_S
        / max(x["slowest_cell_cpu_s"] for x in course),
    }


def _round_up(value: float, step: int) -> int:
    return int(math.ceil(value / step) * step)


def _fmt(value: float, digits: int = 3) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


ROWS = [
    ("kernel, idle (PSS)", "kernel_idle_pss_mib", "MiB"),
    ("kernel, after the import cell (PSS)", "kernel_after_import_pss_mib", "MiB"),
    ("kernel, after the lesson (USS / PSS / RSS)", None, "MiB"),
    ("the student's Jupyter server (PSS)", "server_pss_mib", "MiB"),
    ("a student: kernel + server (PSS)", "student_pss_mib", "MiB"),
    ("**kernels per GiB** (kernel PSS)", "kernels_per_gib", ""),
    ("**students per GiB** (kernel + server PSS)", "students_per_gib", ""),
    ("import cell: CPU / response", None, "s"),
    ("a lesson step: CPU, median / slowest", None, "s"),
    ("the whole lesson's CPU", "lesson_cpu_s", "s"),
    (
        "**students per core**, sustained (the lesson over its minutes)",
        "students_per_core_sustained",
        "",
    ),
    (
        f"students per core, all running the slowest step within {BURST_LIMIT_S:g} s",
        "students_per_core_burst",
        "",
    ),
    ("kernel starts (import cell) per core per minute", "imports_per_core_minute", ""),
    ("errors", "errors", ""),
    (
        "a student's peak RSS, kernel + server (tapekit: the heaviest lesson)",
        "student_peak_rss_mib",
        "MiB",
    ),
    (f"limit: peak × {HEADROOM:g}; guarantee: a student's PSS (rounded up)", None, "MiB"),
]


def markdown(result: dict) -> str:
    """The table of bench/README.md and the README, from one run."""
    derived = result.get("derived") or derive(result)
    impls = [r["impl"] for r in result["runs"]]
    m = result["machine"]
    n = result["runs"][0]["kernels"]
    lines = [
        f"# Capacity: students' kernels on one machine ({result['date']})",
        "",
        f"{n} kernels per implementation alive together, each running the "
        f"{len(result['runs'][0]['cells'])} code cells of lesson `{result['lesson']}` that plain "
        f"TensorFlow also runs ({result['lesson_minutes']} minutes in lessons.json); one thread; "
        f"medians over the {n} kernels. Machine: {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gib']:.0f} GiB, shared (load average {result['load_average_before'][0]:.1f} "
        f"before, {result['load_average_after'][0]:.1f} after); tapekit "
        f"{result['versions']['tapekit']} at {result['commit']}"
        + (f", TensorFlow {result['versions']['tensorflow']}" if "tensorflow" in impls else "")
        + ".",
        "",
        "| | " + " | ".join(impls) + " |",
        "|---|" + "---|" * len(impls),
    ]
    for label, key, unit in ROWS:
        cells = []
        for impl in impls:
            d = derived[impl]
            if label.startswith("kernel, after the lesson"):
                cell = " / ".join(
                    _fmt(d[f"kernel_after_lesson_{k}_mib"]) for k in ("uss", "pss", "rss")
                )
            elif label.startswith("import cell"):
                cell = f"{_fmt(d['import_cpu_s'])} / {_fmt(d['import_wall_s'])}"
            elif label.startswith("limit:"):
                cell = f"{d['mem_limit_mib']} / {d['mem_guarantee_mib']} MiB"
            elif label.startswith("a lesson step"):
                cell = f"{_fmt(d['step_cpu_median_s'] * 1000)} ms / {_fmt(d['step_cpu_max_s'] * 1000)} ms"
            else:
                cell = _fmt(d[key]) if isinstance(d[key], float) else str(d[key])
            cells.append(cell if cell.endswith(("ms", "MiB")) else f"{cell} {unit}".strip())
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if "students_ratio" in derived:
        lines += [
            "",
            f"A machine's memory holds **{derived['students_ratio']:.1f}× as many students** with "
            f"tapekit as with TensorFlow (kernels alone: "
            f"{derived['tapekit']['kernels_per_gib'] / derived['tensorflow']['kernels_per_gib']:.1f}×). "
            f"{derived['same_output_cells']} of {derived['cells']} cells printed the same text on both.",
        ]
    if result.get("course"):
        lines += [
            "",
            "Every lesson in full on tapekit (widgets, plots, magics; one kernel at a time):",
            "",
            "| lesson | cells | peak RSS | PSS after | CPU | slowest cell | errors |",
            "|---|---|---|---|---|---|---|",
        ]
        for x in result["course"]:
            mem = x["memory"]
            lines.append(
                f"| {x['lesson']} | {x['cells']} | {_fmt(mem['peak_rss'])} MiB | "
                f"{_fmt(mem['pss'])} MiB | {_fmt(x['cpu_s'])} s | "
                f"{_fmt(x['slowest_cell_cpu_s'])} s | {len(x['errors'])} |"
            )
    return "\n".join(lines) + "\n"


def sizing(result: dict, impl: str = "tapekit", node_gib: int = 32, node_cores: int = 8) -> str:
    """Students -> nodes of ``node_gib`` GiB and ``node_cores`` cores, at the measured
    guarantee (what the scheduler packs by) and the sustained CPU per student."""
    d = (result.get("derived") or derive(result))[impl]
    # the whole course's figures where there are (the busiest lesson, the slowest cell)
    sustained = d.get("course_students_per_core_sustained", d["students_per_core_sustained"])
    burst_per_core = d.get("course_students_per_core_burst", d["students_per_core_burst"])
    per_node_mem = int((node_gib - NODE_RESERVED_GIB) * 1024 // d["mem_guarantee_mib"])
    per_node_cpu = int(node_cores * sustained)
    per_node = min(per_node_mem, per_node_cpu)
    lines = [
        f"| students | nodes ({node_gib} GiB, {node_cores} cores) | RAM guaranteed | "
        "cores used, sustained | "
        f"cores for all to run the slowest cell at once within {BURST_LIMIT_S:g} s |",
        "|---|---|---|---|---|",
    ]
    for students in (30, 100, 200, 500):
        nodes = math.ceil(students / per_node)
        ram = students * d["mem_guarantee_mib"] / 1024
        lines.append(
            f"| {students} | {nodes} | {ram:.1f} GiB | {students / sustained:.2g} | "
            f"{students / burst_per_core:.3g} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=RESULTS / "capacity.json")
    parser.add_argument("--sizing", action="store_true", help="the students -> nodes table")
    parser.add_argument("--impl", default="tapekit")
    args = parser.parse_args()
    result = json.loads(args.json.read_text(encoding="utf-8"))
    print(sizing(result, args.impl) if args.sizing else markdown(result), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
