"""How many students' kernels fit a machine: a lesson's kernel on tapekit and on TensorFlow.

A class server runs out of memory long before it runs out of cores, so this measures what
one student costs: N real Jupyter kernels (jupyter_client, the same launcher a Jupyter server
uses) of each implementation are alive together and work through the same lesson cell by
cell; each kernel's memory (USS, PSS, RSS from psutil) is read when it is idle, after the
import cell and after the lesson, and each cell's CPU time (the kernel process's user +
system) and response time. One Jupyter server process (the per-student server of a hub,
with this environment's server extensions) is measured too. bench/README.md describes the
load model and the derived figures; hub/ sets its limits from ``bench/results/capacity.json``.

    .venv/bin/python bench/capacity.py --kernels 4 --tf-python /work/tfvenv/bin/python
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
from jupyter_client import KernelManager

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
MIB = 2**20
SKIPPED_TAGS = {"answer", "tapekit-only", "install-tapekit", "raises-exception"}
# one thread everywhere (bench/run.py's rule; a student's server on a hub has ~1 CPU)
THREADS = {
    name: "1"
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "TF_NUM_INTRAOP_THREADS",
        "TF_NUM_INTEROP_THREADS",
    )
}


def _lessons_tool():
    """tools/lessons.py, the one reader of notebooks/lessons.json (lessons found by stem, so a
    renumbering of the files changes nothing here)."""
    name = "tapekit_course_lessons"
    if name not in sys.modules:
        path = ROOT / "tools" / "lessons.py"
        spec = importlib.util.spec_from_file_location(name, path)
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def lesson_cells(stem: str) -> tuple[list[str], int]:
    """The code cells of lesson ``stem`` (English) that plain TensorFlow code also runs, and the
    lesson's minutes from lessons.json. Exercises' answer cells and cells tagged tapekit-only
    are left out, on both sides."""
    tool = _lessons_tool()
    lesson = next((x for x in tool.load(ROOT) if x.stem == stem), None)
    path = tool.find(ROOT, "en", stem)
    if lesson is None or path is None:
        raise SystemExit(f"no lesson {stem!r} in notebooks/lessons.json / notebooks/en")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and not SKIPPED_TAGS & set(c["metadata"].get("tags", []))
    ]
    return code, lesson.minutes


def for_tensorflow(cell: str) -> str:
    """The lessons' own recipe: ``import tensorflow as tf``, no ``%load_ext`` and no line that
    says "tapekit only"."""
    lines = []
    for line in cell.splitlines():
        if line.startswith("%load_ext tapekit") or "tapekit only" in line:
            continue
        lines.append(line.replace("import tapekit as tf", "import tensorflow as tf"))
    return "\n".join(lines)


def process_memory(pid: int) -> dict[str, float]:
    """USS, PSS and RSS in MiB of a process and its children (PSS where /proc has it)."""
    total = {"uss": 0.0, "pss": 0.0, "rss": 0.0}
    proc = psutil.Process(pid)
    for p in [proc, *proc.children(recursive=True)]:
        info = p.memory_full_info()
        total["uss"] += info.uss / MIB
        total["pss"] += getattr(info, "pss", info.uss) / MIB
        total["rss"] += info.rss / MIB
    total["peak_rss"] = peak_rss(pid)
    return total


def peak_rss(pid: int) -> float:
    """VmHWM in MiB: the most resident memory the process has had (what a cgroup limit meets)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return psutil.Process(pid).memory_info().rss / MIB
    line = next(ln for ln in status.read_text().splitlines() if ln.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time of a process's threads and children: nanoseconds from /proc/PID/task/*/schedstat
    on Linux (psutil's clock ticks are 10 ms, as long as a whole lesson step), else psutil."""
    procs = [pid, *(p.pid for p in psutil.Process(pid).children(recursive=True))]
    total = 0.0
    for p in procs:
        tasks = Path(f"/proc/{p}/task")
        if tasks.is_dir():
            for task in tasks.iterdir():
                try:
                    total += int((task / "schedstat").read_text().split()[0]) / 1e9
                except (OSError, ValueError, IndexError):
                    pass  # a thread that ended meanwhile
        else:
            t = psutil.Process(p).cpu_times()
            total += t.user + t.system
    return total


class Student:
    """One kernel and its client; ``run`` executes a cell and times it."""

    def __init__(self, python: str, env: dict[str, str], spec_dir: Path, name: str) -> None:
        kernel = spec_dir / name
        kernel.mkdir(parents=True, exist_ok=True)
        self.log = (spec_dir / f"{name}.log").open("ab")  # TF's start-up chatter
        argv = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (kernel / "kernel.json").write_text(json.dumps({"argv": argv, "language": "python"}))
        self.km = KernelManager(kernel_name=name)
        self.km.kernel_spec_manager.kernel_dirs = [str(spec_dir)]
        self.km.start_kernel(env=env, stdout=self.log, stderr=self.log)
        self.kc = self.km.client()
        self.kc.start_channels()

    @property
    def pid(self) -> int:
        return self.km.provisioner.process.pid

    def run(self, code: str, timeout: float) -> dict:
        out: list[str] = []
        error: list[str] = []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content["name"] == "stdout":  # TF logs to stderr
                out.append(content["text"])
            elif kind == "error":
                error.append(f"{content['ename']}: {content['evalue']}")

        cpu0, t0 = cpu_seconds(self.pid), time.perf_counter()
        self.kc.execute_interactive(code, timeout=timeout, output_hook=hook, store_history=True)
        wall = time.perf_counter() - t0
        return {
            "wall_s": wall,
            "cpu_s": cpu_seconds(self.pid) - cpu0,
            "stdout": "".join(out),
            "error": error[0] if error else None,
        }

    def stop(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        self.log.close()


def measure_kernels(impl: str, python: str, n: int, cells: list[str], tmp: Path, timeout: float):
    """N kernels of ``impl`` alive together, working through ``cells`` in turn."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JUPYTER_PATH")}
    env.update(THREADS, TAPEKIT_PROGRESS="0", MPLBACKEND="Agg", TF_CPP_MIN_LOG_LEVEL="2")
    if impl == "tapekit":
        env["PYTHONPATH"] = str(ROOT)  # this checkout's tapekit
    else:
        cells = [for_tensorflow(c) for c in cells]
    t0 = time.perf_counter()
    students = [Student(python, env, tmp / f"kernels-{impl}", f"capacity-{impl}") for _ in range(n)]
    try:
        for s in students:
            s.kc.wait_for_ready(timeout=timeout)
        started = time.perf_counter() - t0
        time.sleep(1.0)
        idle = [process_memory(s.pid) for s in students]
        runs: list[list[dict]] = [[] for _ in students]
        after_import = []
        for i, cell in enumerate(cells):
            for s, log in zip(students, runs):
                log.append(s.run(cell, timeout))
            if i == 0:
                after_import = [process_memory(s.pid) for s in students]
        after = [process_memory(s.pid) for s in students]
    finally:
        for s in students:
            s.stop()
    return {
        "impl": impl,
        "python": python,
        "kernels": n,
        "start_all_s": started,
        "memory_idle": idle,
        "memory_after_import": after_import,
        "memory_after_lesson": after,
        "cells": [
            {
                "source": cell,
                "cpu_s": [log[i]["cpu_s"] for log in runs],
                "wall_s": [log[i]["wall_s"] for log in runs],
                "errors": [log[i]["error"] for log in runs if log[i]["error"]],
                "stdout": runs[0][i]["stdout"],
            }
            for i, cell in enumerate(cells)
        ],
    }


def measure_course(python: str, tmp: Path, timeout: float) -> list[dict]:
    """Every lesson of lessons.json in full on tapekit (widgets, plots and magics included; only
    answer cells and the install cell left out), one kernel at a time: the peak a student's
    limit has to hold, which the lighter lesson of the side-by-side run does not reach."""
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"}
    env.update(THREADS, TAPEKIT_PROGRESS="0", MPLBACKEND="Agg", PYTHONPATH=str(ROOT))
    out = []
    for lesson in _lessons_tool().load(ROOT):
        path = _lessons_tool().find(ROOT, "en", lesson.stem)
        if path is None:
            continue
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = [
            ("".join(c["source"]), "raises-exception" in c["metadata"].get("tags", []))
            for c in cells
            if c["cell_type"] == "code"
            and not {"answer", "install-tapekit"} & set(c["metadata"].get("tags", []))
        ]
        student = Student(python, env, tmp / "kernels-course", "capacity-course")
        try:
            student.kc.wait_for_ready(timeout=timeout)
            cpu0 = cpu_seconds(student.pid)
            runs = [dict(student.run(cell, timeout), expected=raises) for cell, raises in code]
            memory = process_memory(student.pid)
            cpu = cpu_seconds(student.pid) - cpu0
        finally:
            student.stop()
        out.append(
            {
                "lesson": lesson.stem,
                "minutes": lesson.minutes,
                "cells": len(code),
                "cpu_s": cpu,
                "slowest_cell_cpu_s": max(r["cpu_s"] for r in runs),
                "memory": memory,
                "errors": [r["error"] for r in runs if r["error"] and not r["expected"]],
            }
        )
        print(f"  {lesson.stem}: {memory['peak_rss']:.0f} MiB peak", file=sys.stderr, flush=True)
    return out


def measure_server(tmp: Path, timeout: float) -> dict:
    """One Jupyter server of this environment (its server extensions loaded, as a hub's
    per-student server loads them) when idle and while it holds one kernel."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = "capacity"
    root = tmp / "server-root"
    root.mkdir()
    cmd = [sys.executable, "-m", "jupyter_server", f"--ServerApp.port={port}"]
    cmd += [f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False"]
    cmd += [f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1"]
    if os.getuid() == 0:  # in a container, as the hub's config does
        cmd.append("--allow-root")
    env = dict(os.environ, **THREADS, TAPEKIT_PROGRESS="0")
    proc = subprocess.Popen(
        cmd, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"

    def call(method: str, path: str) -> dict:
        req = urllib.request.Request(
            base + path, method=method, data=b"" if method == "POST" else None
        )
        req.add_header("Authorization", f"token {token}")
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else {}

    try:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                call("GET", "/api/status")
                break
            except OSError:
                if time.perf_counter() > deadline or proc.poll() is not None:
                    raise SystemExit("the Jupyter server did not start") from None
                time.sleep(0.5)
        call("GET", "/api/kernelspecs")
        call("GET", "/api/contents")
        time.sleep(1.0)
        idle = process_memory_self(proc.pid)
        kernel = call("POST", "/api/kernels")
        time.sleep(3.0)
        busy = process_memory_self(proc.pid)
        call("DELETE", f"/api/kernels/{kernel['id']}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"idle": idle, "with_kernel": busy}


def process_memory_self(pid: int) -> dict[str, float]:
    """A process's own memory, its children (kernels) left out."""
    info = psutil.Process(pid).memory_full_info()
    return {
        "uss": info.uss / MIB,
        "pss": getattr(info, "pss", info.uss) / MIB,
        "rss": info.rss / MIB,
    }


def machine() -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in cpuinfo.read_text().splitlines()
                if "model name" in ln
            ),
            "",
        )
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": psutil.virtual_memory().total / 2**30,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def versions(python: str, module: str) -> str:
    code = f"import {module}; print({module}.__version__)"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(ROOT))
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env)
    return done.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernels", type=int, default=4, help="kernels per implementation")
    parser.add_argument(
        "--lesson", default="first_gradients", help="a stem of notebooks/lessons.json"
    )
    parser.add_argument(
        "--tf-python", default="", help="an interpreter with tensorflow and ipykernel"
    )
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--no-course", action="store_true", help="skip the whole-course run")
    parser.add_argument("--out", type=Path, default=RESULTS / "capacity.json")
    args = parser.parse_args(argv)

    from capacity_report import derive, markdown  # bench/ is on sys.path

    cells, minutes = lesson_cells(args.lesson)
    impls = [("tapekit", sys.executable)]
    if args.tf_python:
        impls.append(("tensorflow", args.tf_python))
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": machine(),
        "load_average_before": os.getloadavg(),
        "lesson": args.lesson,
        "lesson_minutes": minutes,
        "versions": {"tapekit": versions(sys.executable, "tapekit")},
        "commit": subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip(),
        "runs": [],
    }
    if args.tf_python:
        result["versions"]["tensorflow"] = versions(args.tf_python, "tensorflow")
    with tempfile.TemporaryDirectory(prefix="tapekit-capacity-") as tmp:
        result["server"] = measure_server(Path(tmp), args.timeout)
        for impl, python in impls:
            print(f"{impl}: {args.kernels} kernels ...", file=sys.stderr, flush=True)
            result["runs"].append(
                measure_kernels(impl, python, args.kernels, cells, Path(tmp), args.timeout)
            )
        if not args.no_course:
            print("tapekit: every lesson in full ...", file=sys.stderr, flush=True)
            result["course"] = measure_course(sys.executable, Path(tmp), args.timeout)
    result["load_average_after"] = os.getloadavg()
    result["derived"] = derive(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    table = markdown(result)
    args.out.with_suffix(".md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
