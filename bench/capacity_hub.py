"""Simulated students against the local hub: a class arriving, each working through a lesson.

bench/capacity.py measures one student's kernel in isolation; this runs the whole path a class
takes on hub/jupyterhub_config.py (started as hub/README.md says, in a temporary state folder):
students arrive over a ramp, log in through the REST API, spawn their server, start a kernel
(tapekit's, or TensorFlow's where ``--tf-python`` is given) and run the lesson's cells one by one
with think time between them, as a class does. Class sizes grow until a student fails or the
95th percentile of the cells' response times, each over the solo student's, passes
``--max-slowdown``. Reported per class:
failures, spawn times, response times against the solo student's, and each student's memory
(server and kernel, RSS and PSS; before the first cell and after the lesson).

    nice -n 10 .venv/bin/python bench/capacity_hub.py --classes 1,2,4,8 \\
        --tf-python /path/to/tf-venv/bin/python
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "hub"
RESULTS = ROOT / "bench" / "results"
MIB = 2**20
PASSWORD = "capacity"
sys.path.insert(0, str(HUB))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from capacity import for_tensorflow, lesson_cells
from hubclient import Student


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_hub(state: Path, users: list[str], tf_python: str) -> tuple[subprocess.Popen, str]:
    """hub/jupyterhub_config.py with DummyAuthenticator and the simple spawner, as the test
    starts it; a "tensorflow" kernel beside tapekit's when ``tf_python`` is given."""
    if not (HUB / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        subprocess.run(["npm", "--prefix", str(HUB), "ci", "--no-audit", "--no-fund"], check=True)
    if tf_python:
        spec = state / "share" / "jupyter" / "kernels" / "tensorflow"
        spec.mkdir(parents=True)
        argv = [tf_python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        kernel = {"argv": argv, "display_name": "TensorFlow", "language": "python"}
        (spec / "kernel.json").write_text(json.dumps(kernel))
    url = f"http://127.0.0.1:{_free_port()}"
    env = dict(os.environ)  # the servers get only the config's env_keep, as on a real hub
    env.update(
        TAPEKIT_HUB_STATE=str(state),
        TAPEKIT_HUB_URL=url,
        TAPEKIT_HUB_API_PORT=str(_free_port()),
        TAPEKIT_PROXY_API_PORT=str(_free_port()),
        TAPEKIT_HUB_USERS=",".join(users),
        TAPEKIT_HUB_PASSWORD=PASSWORD,
        TAPEKIT_HUB_SPAWN_LIMIT="100",
        TAPEKIT_PROGRESS="0",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONPATH=str(ROOT),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    log = (state.parent / "hub.log").open("w")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("jupyterhub")),
            "-f",
            str(HUB / "jupyterhub_config.py"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/hub/api/", timeout=2) as reply:
                if reply.status == 200:
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"the hub did not start: see {state.parent / 'hub.log'}")


def _memory(proc: psutil.Process) -> dict[str, float]:
    info = proc.memory_full_info()
    return {"rss": info.rss / MIB, "pss": getattr(info, "pss", info.uss) / MIB}


def student_memory(name: str, state: Path) -> dict:
    """The student's server (the process whose environment says JUPYTERHUB_USER=name) and its
    kernels (the server's children)."""
    for proc in psutil.process_iter():
        try:
            env = proc.environ()
            if env.get("JUPYTERHUB_USER") != name or str(state) not in env.get("JUPYTER_PATH", ""):
                continue
            if "jupyterhub-singleuser" not in " ".join(proc.cmdline()):
                continue
            kernels = [_memory(k) for k in proc.children(recursive=True)]
            return {
                "server": _memory(proc),
                "kernel": {key: sum(k[key] for k in kernels) for key in ("rss", "pss")},
            }
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return {}


async def one_student(
    url: str, name: str, arrive: float, cells: list[str], kernel: str, think: float, state: Path
) -> dict:
    rng = random.Random(name)
    await asyncio.sleep(arrive)
    record: dict = {"name": name, "cells": [], "error": None}
    student = Student(url, name, PASSWORD)
    try:
        await student.login()
        record["spawn_s"] = await student.start_server(timeout=300)
        k = await student.start_kernel(kernel)
        record["memory_before"] = student_memory(name, state)
        for cell in cells:
            got = await k.execute(cell, timeout=300)
            record["cells"].append({"seconds": got["seconds"], "error": got["error"]})
            if got["error"]:
                record["error"] = got["error"]
                break
            await asyncio.sleep(rng.expovariate(1 / think) if think else 0)
        record["memory_after"] = student_memory(name, state)
        await k.close()
        await student.stop_server()
        for _ in range(120):  # stopped before the next class logs in again
            user = await student._call("GET", f"/hub/api/users/{name}")
            if not user.get("servers"):
                break
            await asyncio.sleep(0.5)
    except Exception as exc:  # a failure of this student, reported, not raised
        record["error"] = f"{type(exc).__name__}: {exc}"
    return record


async def run_class(url: str, users: list[str], cells, kernel, args, state: Path) -> list[dict]:
    n = len(users)
    arrivals = [i * args.ramp / n for i in range(n)]
    tasks = [
        one_student(url, u, a, cells, kernel, args.think, state) for u, a in zip(users, arrivals)
    ]
    return await asyncio.gather(*tasks)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] if ordered else 0


def summarise(records: list[dict], solo: list[float] | None) -> dict:
    ok = [r for r in records if not r["error"]]
    times = [c["seconds"] for r in ok for c in r["cells"]]
    per_cell = (
        [statistics.median(c) for c in zip(*(x["seconds"] for x in _cells(ok)))] if ok else []
    )
    out = {
        "students": len(records),
        "failures": [r["error"] for r in records if r["error"]],
        "spawn_s_median": statistics.median(
            [r["spawn_s"] for r in records if "spawn_s" in r] or [0]
        ),
        "spawn_s_max": max([r["spawn_s"] for r in records if "spawn_s" in r] or [0]),
        "response_s_median": statistics.median(times) if times else 0,
        "response_s_p95": _p95(times),
        "per_cell_median_s": per_cell,
    }
    if solo and per_cell:
        out["slowdown_vs_solo"] = statistics.median(a / b for a, b in zip(per_cell, solo) if b > 0)
        ratios = [
            c["seconds"] / solo[i]
            for r in ok
            for i, c in enumerate(r["cells"])
            if i < len(solo) and solo[i] > 0
        ]
        out["slowdown_p95"] = _p95(ratios)
    for when in ("memory_before", "memory_after"):
        samples = [r[when] for r in ok if r.get(when)]
        for part in ("server", "kernel"):
            for key in ("rss", "pss"):
                values = [s[part][key] for s in samples]
                out[f"{when}_{part}_{key}_mib"] = statistics.median(values) if values else 0
    return out


def _cells(records: list[dict]) -> list[dict]:
    return [{"seconds": [c["seconds"] for c in r["cells"]]} for r in records]


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"# Simulated students on the local hub ({result['date']})",
        "",
        f"Lesson `{result['lesson']}` ({result['cells']} cells that plain TensorFlow also runs), "
        f"students arriving over {result['ramp_s']:g} s, think time between cells exponential "
        f"with mean {result['think_s']:g} s; a class is held while nobody fails and the 95th "
        f"percentile of its cells' response times over the solo student's stays under "
        f"{result['max_slowdown']:g}×. Machine: {m['cores']} cores, "
        f"{m['memory_gib']:.0f} GiB, shared (load average {result['load_average_before'][0]:.1f} "
        "before).",
        "",
        "| kernel | students | failures | spawn median / max | cell response median / p95 | "
        "slowdown vs solo, median / p95 | server RSS / PSS (after) | kernel RSS / PSS (before → after) | held |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for impl, classes in result["classes"].items():
        for c in classes:
            lines.append(
                f"| {impl} | {c['students']} | {len(c['failures'])} | "
                f"{c['spawn_s_median']:.1f} / {c['spawn_s_max']:.1f} s | "
                f"{c['response_s_median']:.3f} / {c['response_s_p95']:.3f} s | "
                f"{c.get('slowdown_vs_solo', 1.0):.2f}× / {c.get('slowdown_p95', 1.0):.2f}× | "
                f"{c['memory_after_server_rss_mib']:.0f} / {c['memory_after_server_pss_mib']:.0f} MiB | "
                f"{c['memory_before_kernel_rss_mib']:.0f} / {c['memory_before_kernel_pss_mib']:.0f} → "
                f"{c['memory_after_kernel_rss_mib']:.0f} / {c['memory_after_kernel_pss_mib']:.0f} MiB | "
                f"{'yes' if c['held'] else 'no'} |"
            )
    lines.append("")
    for impl, largest in result["largest_held"].items():
        lines.append(f"- {impl}: the largest class held here was {largest} students.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--classes", default="1,2,4,8", help="class sizes, growing")
    parser.add_argument("--lesson", default="first_gradients")
    parser.add_argument("--tf-python", default="")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which they arrive")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between cells")
    parser.add_argument(
        "--max-slowdown",
        type=float,
        default=3.0,
        help="a class is held while the 95th percentile of its cells' response times, each over "
        "the solo student's for the same cell, stays under this",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "capacity_hub.json")
    args = parser.parse_args(argv)
    if shutil.which("npm") is None and not (HUB / "node_modules").exists():
        raise SystemExit("npm is needed for configurable-http-proxy (hub/README.md)")
    sizes = [int(x) for x in args.classes.split(",")]
    cells, _ = lesson_cells(args.lesson)
    kernels = {"tapekit": cells}
    if args.tf_python:
        kernels["tensorflow"] = [for_tensorflow(c) for c in cells]
    users = [f"s{i:03d}" for i in range(max(sizes))]
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": {"cores": os.cpu_count(), "memory_gib": psutil.virtual_memory().total / 2**30},
        "load_average_before": os.getloadavg(),
        "lesson": args.lesson,
        "cells": len(cells),
        "ramp_s": args.ramp,
        "think_s": args.think,
        "max_slowdown": args.max_slowdown,
        "classes": {},
        "largest_held": {},
    }
    with tempfile.TemporaryDirectory(prefix="tapekit-hub-capacity-") as tmp:
        state = Path(tmp) / "state"
        state.mkdir()
        proc, url = start_hub(state, users, args.tf_python)
        try:
            for impl, code in kernels.items():
                solo = None
                result["classes"][impl] = []
                result["largest_held"][impl] = 0
                for n in sizes:
                    print(f"{impl}: a class of {n} ...", file=sys.stderr, flush=True)
                    records = asyncio.run(run_class(url, users[:n], code, impl, args, state))
                    summary = summarise(records, solo)
                    summary["held"] = not summary["failures"] and (
                        summary.get("slowdown_p95", 1.0) <= args.max_slowdown
                    )
                    if solo is None and summary["per_cell_median_s"]:
                        solo = summary["per_cell_median_s"]
                    result["classes"][impl].append(summary)
                    if not summary["held"]:
                        break
                    result["largest_held"][impl] = n
                    time.sleep(3)  # the servers' stop settles before the next class
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    result["load_average_after"] = os.getloadavg()
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    table = markdown(result)
    args.out.with_suffix(".md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
