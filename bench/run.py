"""Run the benchmarks: every (implementation, workload) in its own process.

    .venv/bin/python bench/run.py                                   # numpy + tapekit
    .venv/bin/python bench/run.py --peer-python tensorflow=/tmp/tfref/bin/python \\
        --peer-python pytorch=/tmp/peers/bin/python --peer-python jax=/tmp/peers/bin/python \\
        --peer-python autograd=/tmp/peers/bin/python

The interpreter running this script runs the NumPy baseline and tapekit.  A peer runs
only where its module is importable in the interpreter given for it (by default this
one); otherwise its column says "not installed".  Results: ``bench/results/latest.json``
and ``latest.md``; the Markdown table is printed too.

The same file is the worker (``--worker IMPL WORKLOAD``), so that a peer's interpreter
needs nothing but NumPy and the peer itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import workloads as wl

ORDER = ["W1", "W1o", "W1f", "W2", "W2f", "W3", "W3f", "W3a", "W3L", "W3Lf", "W3Lfh", "W4", "W5"]
# The MLP rows run with glibc's heap trimming off, except W3Lfh: that one shows what a
# compiled step's kept buffers save where the allocator does return memory (page faults).
MLP = ("W3", "W3f", "W3a", "W3L", "W3Lf")
# Row names in the table: the compiled rows run tk.function (tapekit), tf.function
# (TensorFlow) and jax.jit (JAX).
LABELS = {
    "W1o": "W1o: W1 via apply_gradients",
    "W1f": "W1f: W1 compiled",
    "W2f": "W2f: W2 compiled",
    "W3f": "W3f: W3 compiled",
    "W3a": "W3a: W3 with Adam",
    "W3Lf": "W3Lf: W3L compiled",
    "W3Lfh": "W3Lfh: W3Lf, default heap",
}
TARGETS = {
    "W1": "≤ 50×",
    "W1o": "≤ 60×",
    "W1f": "≤ 20×",
    "W2": "≤ 5×",
    "W2f": "≤ 1.5×",
    "W3": "≤ 1.05×",
    "W3f": "≤ tapekit's W3",
    "W3a": "≤ 1.1×",
    "W3L": "—",
    "W3L-mem": "≤ 1.15×",
    "W3Lf": "—",
    "W3Lfh": "< 1× (faster than the baseline)",
    "W4": "≤ 30×",
    "W5": "≤ 25×",
    "W6": "≤ 1.3×",
}
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
# glibc caps M_MMAP_THRESHOLD at 32 MiB on 64-bit (a larger value is ignored and the
# dynamic threshold stays on); every array of the MLP rows is smaller than that.
MALLOC_ENV = {"MALLOC_TRIM_THRESHOLD_": str(16 << 30), "MALLOC_MMAP_THRESHOLD_": str(32 << 20)}


# ---------------------------------------------------------------------------------------
# worker side


def _status_kb(key: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_kb() -> int:
    hwm = _status_kb("VmHWM")
    if hwm is not None:
        return hwm
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _blas_info():
    try:
        import threadpoolctl
    except ImportError:
        return "threadpoolctl not installed in this interpreter"
    keep = ("user_api", "internal_api", "prefix", "version", "architecture", "num_threads")
    return [{k: d.get(k) for k in keep} for d in threadpoolctl.threadpool_info()]


def _compare(got, ref, rtol, atol):
    if len(got) != len(ref):
        return f"{len(got)} result arrays, baseline has {len(ref)}"
    for i, (g, r) in enumerate(zip(got, ref)):
        g = np.asarray(g, dtype=np.float64)
        if g.shape != r.shape:
            return f"result {i}: shape {g.shape}, baseline {r.shape}"
        tol = atol * (np.max(np.abs(r)) if r.size else 0.0) + rtol * np.abs(r)
        if not np.all(np.abs(g - r) <= tol):
            err = np.max(np.abs(g - r) / np.maximum(tol, np.finfo(float).tiny))
            return f"result {i}: off by {err:.3g}x the tolerance (rtol={rtol}, atol={atol})"
    return None


def _minor_faults() -> int:
    """Page faults served without I/O so far (each is a page the process touched first)."""
    try:
        import resource  # POSIX only
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def worker(impl: str, workload: str, tmp: Path, budget: float, out: Path, clock: str) -> None:
    _module, build, setup, _ = wl.IMPLEMENTATIONS[impl]
    limits = None
    try:
        import threadpoolctl

        limits = threadpoolctl.threadpool_limits(1)
    except ImportError:
        pass
    version = setup()
    data = dict(np.load(tmp / "inputs.npz"))
    ref_path = tmp / f"ref_{workload}.npz"
    ref = None
    if impl != "numpy":
        with np.load(ref_path) as z:
            ref = [z[f"r{i}"] for i in range(len(z.files))]
    rec: dict = {"impl": impl, "workload": workload, "version": version}
    t0 = time.perf_counter()
    run, result = build(workload, data)
    rec["build_s"] = time.perf_counter() - t0
    if workload == "W3L":
        rec["rss_base_kb"] = _status_kb("VmRSS")
        rec["peak_reset"] = _reset_peak()

    # cross-check (the first call is also the warm-up)
    if workload in wl.CHECK_KW:
        c_run, c_result = build(workload, data, **wl.CHECK_KW[workload])
        c_run()
        got = c_result()
        t0 = time.perf_counter()
        run()
        first = time.perf_counter() - t0
    else:
        t0 = time.perf_counter()
        run()
        first = time.perf_counter() - t0
        got = result()
    got = [np.asarray(g) for g in got]
    if impl == "numpy":
        np.savez(ref_path, **{f"r{i}": np.asarray(g, dtype=np.float64) for i, g in enumerate(got)})
    else:
        problem = _compare(got, ref, *wl.TOLERANCES[workload])
        if problem:
            rec.update(status="mismatch", detail=problem)
            out.write_text(json.dumps(rec))
            return

    # timing: medians over repeats, within a time budget
    # Both clocks are kept; ``median_s`` is the one asked for.  Process CPU time (all
    # threads) is the default: on a shared machine, time spent descheduled is not the
    # workload's, and an engine that quietly uses more threads is not flattered.
    min_rep = 3 if first > 0.5 else 5
    wall: list[float] = []
    cpu: list[float] = []
    spent = first
    faults0 = _minor_faults()
    while len(wall) < min_rep or (spent < budget and len(wall) < 2000):
        c0 = time.process_time()
        t0 = time.perf_counter()
        run()
        dt = time.perf_counter() - t0
        cpu.append(time.process_time() - c0)
        wall.append(dt)
        spent += dt
    faults = _minor_faults() - faults0
    chosen = cpu if clock == "cpu" else wall
    rec.update(
        status="ok",
        clock=clock,
        first_s=first,
        repeats=len(wall),
        median_s=statistics.median(chosen),
        min_s=min(chosen),
        median_wall_s=statistics.median(wall),
        median_cpu_s=statistics.median(cpu),
        minor_faults_per_repeat=faults / len(wall),
    )
    if workload == "W3L":
        rec["rss_peak_kb"] = _peak_kb()
        rec["peak_above_base_mb"] = (rec["rss_peak_kb"] - rec["rss_base_kb"]) / 1024
    rec["blas"] = _blas_info()
    rec["env"] = {
        k: os.environ.get(k)
        for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", *MALLOC_ENV, *THREAD_VARS[:2])
    }
    if limits is not None:
        limits.restore_original_limits()
    out.write_text(json.dumps(rec))


# ---------------------------------------------------------------------------------------
# orchestrator side


def bench_env(workload: str | None) -> dict[str, str]:
    env = dict(os.environ)
    # OPENBLAS_CORETYPE pins a slower kernel on some machines; its companion goes too.
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    for k in THREAD_VARS:
        env[k] = "1"
    env.update(
        TF_CPP_MIN_LOG_LEVEL="2",
        TF_NUM_INTRAOP_THREADS="1",
        TF_NUM_INTEROP_THREADS="1",
        JAX_PLATFORMS="cpu",
        TF_USE_LEGACY_KERAS="1",  # tf.keras.optimizers: tf-keras 2.21 (Keras 2)
        XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
    )
    for k in MALLOC_ENV:
        env.pop(k, None)
    if workload in MLP:
        env.update(MALLOC_ENV)
    return env


def has_module(python: str, module: str) -> bool:
    code = f"import importlib.util,sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([python, "-c", code], capture_output=True).returncode == 0


def run_worker(python, impl, workload, tmp, budget, timeout, clock):
    out = tmp / f"res_{impl}_{workload}.json"
    cmd = [python, str(Path(__file__).resolve()), "--worker", impl, workload, "--tmp", str(tmp)]
    cmd += ["--budget", str(budget), "--out", str(out), "--clock", clock]
    try:
        p = subprocess.run(
            cmd, env=bench_env(workload), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"impl": impl, "workload": workload, "status": "timeout"}
    if p.returncode != 0 or not out.exists():
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        return {"impl": impl, "workload": workload, "status": "error", "detail": " | ".join(tail)}
    return json.loads(out.read_text())


def _merge_rounds(recs: list[dict]) -> dict:
    """One record from several rounds: medians of the rounds' medians."""
    bad = [r for r in recs if r.get("status") != "ok"]
    if bad:
        return bad[0]
    rec = dict(recs[0])
    rec["round_medians_s"] = [r["median_s"] for r in recs]
    rec["median_s"] = statistics.median(rec["round_medians_s"])
    rec["repeats"] = sum(r["repeats"] for r in recs)
    if "peak_above_base_mb" in rec:
        rec["round_peaks_mb"] = [r["peak_above_base_mb"] for r in recs]
        rec["peak_above_base_mb"] = statistics.median(rec["round_peaks_mb"])
    return rec


def import_times(pythons: dict[str, str], rounds: int, cwd: Path) -> dict[str, dict]:
    """Wall and CPU time of ``python -c "import X"``, interleaved round by round.

    Bytecode caches are allowed and warmed first (an untimed round): with
    PYTHONDONTWRITEBYTECODE set, an editable install recompiles every module on every
    import, which is not what a user's installed package does.
    """
    times: dict[str, dict] = {k: {"wall": [], "cpu": []} for k in pythons}
    env = bench_env(None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for r in range(rounds + 1):
        for key, python in pythons.items():
            module = "numpy" if key == "numpy" else wl.IMPLEMENTATIONS[key][3]
            t0 = time.perf_counter()
            p = subprocess.Popen(
                [python, "-c", f"import {module}"],
                env=env,
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            if p.returncode != 0:
                raise RuntimeError(f"{python} -c 'import {module}' failed")
            if r:  # round 0 warms the caches
                times[key]["wall"].append(wall)
                times[key]["cpu"].append(usage.ru_utime + usage.ru_stime)
    return times


def _git_state() -> str:
    """The commit tapekit was measured at, and whether tapekit/ had local changes."""
    root = HERE.parent

    def git(*a):
        p = subprocess.run(["git", "-C", str(root), *a], capture_output=True, text=True)
        return p.stdout.strip() if p.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "tapekit")
    return f"{head}{' + uncommitted changes in tapekit/' if dirty else ''}"


def _fmt_ratio(x: float | None) -> str:
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:,.0f}×"
    if x >= 10:
        return f"{x:.1f}×"
    return f"{x:.2f}×"


def _fmt_abs(seconds: float, workload: str) -> str:
    meta = wl.WORKLOADS[workload]
    v = seconds * meta["scale"] / meta["per"]
    return f"{v:.3g} {meta['unit']}"


def _cell(rec, base, key="median_s"):
    if rec is None:
        return "not installed"
    if rec.get("status") == "n/a":
        return "—"
    if rec.get("status") != "ok":
        return rec.get("status", "?")
    if base is None or base.get("status") != "ok":
        return "no baseline"
    return _fmt_ratio(rec[key] / base[key])


def markdown(results, impls, meta) -> str:
    by = {(r["impl"], r["workload"]): r for r in results["runs"]}
    cols = [i for i in impls if i != "numpy"]
    head = ["workload", "NumPy baseline", *cols, "target (tapekit)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for w in results["workloads"]:
        base = by.get(("numpy", w))
        babs = _fmt_abs(base["median_s"], w) if base and base.get("status") == "ok" else "—"
        row = [LABELS.get(w, w), babs] + [
            _cell(by.get((i, w)), base) if i in meta["available"] else "not installed" for i in cols
        ]
        lines.append("| " + " | ".join(row + [TARGETS[w]]) + " |")
        if w == "W3L" and base and base.get("status") == "ok":
            row = ["W3L peak memory", f"{base['peak_above_base_mb']:.1f} MB"]
            for i in cols:
                r = by.get((i, w))
                if i not in meta["available"]:
                    row.append("not installed")
                elif r is None or r.get("status") == "n/a":
                    row.append("—")
                elif r.get("status") != "ok":
                    row.append(r.get("status", "?"))
                else:
                    row.append(_fmt_ratio(r["peak_above_base_mb"] / base["peak_above_base_mb"]))
            lines.append("| " + " | ".join(row + [TARGETS["W3L-mem"]]) + " |")
    if "W6" in results:
        w6 = results["W6"]
        base = w6["median_s"].get("numpy")
        row = ["W6", f"{base * 1e3:.0f} ms" if base else "—"]
        for i in cols:
            m = w6["median_s"].get(i)
            row.append(_fmt_ratio(m / base) if m and base else "not installed")
        lines.append("| " + " | ".join(row + [TARGETS["W6"]]) + " |")
    return "\n".join(lines) + "\n"


def blas_summary(results) -> list[str]:
    seen = {}
    for r in results["runs"]:
        if r.get("status") != "ok":
            continue
        info = r.get("blas")
        if isinstance(info, str):
            text = info
        else:
            parts = [
                f"{d['internal_api']} {d['version']} ({d['prefix']}), "
                f"kernel {d.get('architecture') or '?'}, {d['num_threads']} thread(s)"
                for d in info
            ]
            text = "; ".join(sorted(set(parts))) or "none loaded"
        seen.setdefault(r["impl"], set()).add(text)
    return [f"- {impl}: {' / '.join(sorted(t))}" for impl, t in seen.items()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--worker", nargs=2, metavar=("IMPL", "WORKLOAD"), help=argparse.SUPPRESS)
    ap.add_argument("--tmp", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument(
        "--peer-python",
        action="append",
        default=[],
        metavar="PEER=PYTHON",
        help=f"interpreter for a peer ({', '.join(wl.PEERS)}); default: this one",
    )
    ap.add_argument("--workloads", default=",".join(ORDER + ["W6"]), help="comma-separated")
    ap.add_argument("--impls", default=",".join(["tapekit", *wl.PEERS]), help="comma-separated")
    ap.add_argument("--budget", type=float, default=1.5, help="seconds of repeats per cell")
    ap.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="what the medians measure: process CPU time (default) or wall time",
    )
    ap.add_argument("--rounds", type=int, default=2, help="alternating numpy/tapekit rounds")
    ap.add_argument("--import-rounds", type=int, default=7, help="W6 repeats")
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds per worker")
    ap.add_argument("--results", type=Path, default=HERE / "results")
    args = ap.parse_args(argv)

    if args.worker:
        worker(*args.worker, args.tmp, args.budget, args.out, args.clock)
        return 0

    pythons = {"numpy": sys.executable, "tapekit": sys.executable}
    for item in args.peer_python:
        name, _, path = item.partition("=")
        if name not in wl.PEERS or not path:
            ap.error(f"--peer-python expects PEER=PYTHON with PEER in {wl.PEERS}, got {item!r}")
        pythons[name] = path
    wanted = [i.strip() for i in args.impls.split(",") if i.strip()]
    impls = ["numpy"] + [i for i in wanted if i != "numpy"]
    available = []
    for impl in impls:
        py = pythons.get(impl, sys.executable)
        pythons[impl] = py
        if has_module(py, wl.IMPLEMENTATIONS[impl][0]):
            available.append(impl)
        else:
            print(f"[bench] {impl}: not importable in {py}, skipped", file=sys.stderr)
    if "numpy" not in available:
        ap.error("NumPy is not importable: nothing to compare with")
    names = [w.strip() for w in args.workloads.split(",") if w.strip()]

    started = time.time()
    load_before = os.getloadavg()
    runs = []
    with tempfile.TemporaryDirectory(prefix="tapekit-bench-") as d:
        tmp = Path(d)
        np.savez(tmp / "inputs.npz", **wl.make_inputs())
        for w in [w for w in ORDER if w in names]:
            # The baseline and tapekit alternate for --rounds rounds (a shared machine
            # drifts); the peers run once each after them.
            core = [i for i in ("numpy", "tapekit") if i in available]
            sequence = core * args.rounds + [i for i in available if i not in core]
            recs: dict[str, list] = {}
            for impl in [i for i in sequence if w not in wl.SUPPORTED[i]]:
                # not implemented for this peer (see workloads.SUPPORTED): "—" in the table
                recs[impl] = [{"impl": impl, "workload": w, "status": "n/a"}]
            sequence = [i for i in sequence if w in wl.SUPPORTED[i]]
            for impl in sequence:
                t0 = time.time()
                rec = run_worker(pythons[impl], impl, w, tmp, args.budget, args.timeout, args.clock)
                rec["python"] = pythons[impl]
                recs.setdefault(impl, []).append(rec)
                msg = rec.get("status")
                if msg == "ok":
                    msg = f"median {_fmt_abs(rec['median_s'], w)} over {rec['repeats']}"
                elif "detail" in rec:
                    msg += f": {rec['detail']}"
                print(f"[bench] {w:4} {impl:10} {msg} ({time.time() - t0:.0f}s)", file=sys.stderr)
                if impl == "numpy" and rec.get("status") != "ok":
                    print(f"[bench] no baseline for {w}: skipping it", file=sys.stderr)
                    break
            runs.extend(_merge_rounds(r) for r in recs.values())
        results = {
            "workloads": [w for w in ORDER if w in names],
            "runs": runs,
        }
        if "W6" in names:
            w6_py = {k: pythons[k] for k in available}
            t = import_times(w6_py, args.import_rounds, tmp)
            results["W6"] = {
                "rounds": args.import_rounds,
                "clock": args.clock,
                "median_s": {k: statistics.median(v[args.clock]) for k, v in t.items()},
                "median_wall_s": {k: statistics.median(v["wall"]) for k, v in t.items()},
                "all_s": t,
            }
            print(f"[bench] W6 medians: {results['W6']['median_s']}", file=sys.stderr)

    meta = {
        "tapekit_source": _git_state(),
        "available": available,
        "pythons": {k: pythons[k] for k in available},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": sys.version.split()[0],
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "wall_s": round(time.time() - started, 1),
        # a shared machine: other processes' load explains round-to-round spread
        "loadavg_1min_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "env_removed": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "malloc_env_mlp": MALLOC_ENV,
        "budget_s": args.budget,
        "rounds": args.rounds,
        "clock": args.clock,
    }
    results["meta"] = meta
    results["workload_defs"] = wl.WORKLOADS
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "latest.json").write_text(json.dumps(results, indent=1))
    versions = {}
    for r in runs:
        if r.get("version"):
            versions[r["impl"]] = r["version"]
    table = markdown(results, impls, meta)
    md = [
        f"# tapekit benchmarks ({meta['date']})",
        "",
        "Ratios to the hand-written NumPy baseline measured in the same invocation "
        "(lower is better); medians over repeats; one process per implementation and "
        f"workload; single thread; clock: {'process CPU time' if args.clock == 'cpu' else 'wall time'} "
        "(both are in latest.json).",
        "",
        table,
        "BLAS seen by threadpoolctl in each worker:",
        "",
        *blas_summary(results),
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"tapekit source: {meta['tapekit_source']}.",
        f"Machine: {meta['machine']}; Python {meta['python']}; run took {meta['wall_s']} s; "
        f"1-minute load average before/after: {meta['loadavg_1min_before_after']}.",
        f"Removed from the workers' environment: {meta['env_removed']}; MLP rows with "
        f"{MALLOC_ENV}.",
        "",
    ]
    (args.results / "latest.md").write_text("\n".join(md))
    print(table)
    print("\n".join(blas_summary(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
