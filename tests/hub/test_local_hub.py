"""The course's JupyterHub, for real: hub/jupyterhub_config.py started as hub/README.md says.

Two students log in through the REST API (password -> token), their servers spawn, the
nbgitpuller link pulls a local course repository into each home (and a second pull merges new
material while keeping a student's edit), and each runs a lesson on the "Python 3 (tapekit)"
kernel through the Jupyter server's kernel API, with the outputs stored in the lesson.  Then
the hub stops and takes the proxy, the servers and the kernels with it.  Needs npm for
configurable-http-proxy (skipped, saying so, only when npm is absent).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
HUB = ROOT / "hub"
sys.path.insert(0, str(HUB))
from hubclient import Student


def _lesson_path(stem: str) -> str:
    """The lesson's English notebook as it is named today (tools/lessons.py finds it by stem,
    so renumbering the lessons does not break this test)."""
    name = "tapekit_course_lessons"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "lessons.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    path = sys.modules[name].find(ROOT, "en", stem)
    assert path is not None, f"lesson {stem!r} of notebooks/lessons.json has no English notebook"
    return path.relative_to(ROOT).as_posix()


LESSON = _lesson_path("derivatives")
STUDENTS = ("ada", "bo")
PASSWORD = "class-of-2026"

ALREADY_LOADED = re.compile(
    r"The tapekit extension is already loaded\. To reload it, use:\n  %reload_ext tapekit\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Teacher", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _expected(cell: dict) -> dict:
    out = {"stdout": "", "stderr": "", "text": []}
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            out[o["name"]] += "".join(o["text"])
        elif o["output_type"] in ("execute_result", "display_data") and "text/plain" in o["data"]:
            out["text"].append("".join(o["data"]["text/plain"]))
    return out


def _ours(state: Path) -> list[psutil.Process]:
    """Processes started for this hub: they carry its state directory in their environment."""
    found = []
    for proc in psutil.process_iter():
        try:
            if any(str(state) in v for v in proc.environ().values()):
                found.append(proc)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return [p for p in found if p.pid != os.getpid()]


@pytest.fixture
def hub(tmp_path):
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: configurable-http-proxy comes from npm (hub/README.md)")
    proxy = HUB / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():  # the documented command's first half
        subprocess.run(["npm", "--prefix", str(HUB), "ci", "--no-audit", "--no-fund"], check=True)
    state = tmp_path / "state"
    port = _free_port()
    env = dict(os.environ)
    env.update(
        TAPEKIT_HUB_STATE=str(state),
        TAPEKIT_HUB_URL=f"http://127.0.0.1:{port}",
        TAPEKIT_HUB_API_PORT=str(_free_port()),
        TAPEKIT_PROXY_API_PORT=str(_free_port()),
        TAPEKIT_HUB_USERS=",".join(STUDENTS),
        TAPEKIT_HUB_PASSWORD=PASSWORD,
        TAPEKIT_COURSE_REPO=str(tmp_path / "course"),
        PYTHONPATH=f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    log = (tmp_path / "hub.log").open("w")
    proc = subprocess.Popen(  # the documented command's second half
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
    url = env["TAPEKIT_HUB_URL"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # up once the proxy routes /hub/ to the hub
        try:
            with urllib.request.urlopen(f"{url}/hub/api/", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        assert proc.poll() is None, (tmp_path / "hub.log").read_text()
        time.sleep(0.3)
    try:
        yield url, proc, state, tmp_path
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for p in _ours(state):
            p.kill()


def _course_repo(path: Path) -> None:
    (path / "notebooks" / "en").mkdir(parents=True)
    shutil.copy(ROOT / LESSON, path / LESSON)
    _git(path, "init", "-q", "-b", "main")
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "lesson 03")


async def _student_session(url: str, name: str, repo: Path, cells: list[dict]) -> list[str]:
    """Log in, spawn, pull, run the lesson; returns the differences from the stored outputs."""
    student = Student(url, name, PASSWORD)
    await student.login()
    await student.start_server()
    await student.git_pull(str(repo), "main", "tapekit")
    listing = await student.contents("tapekit/notebooks/en")
    assert [f["name"] for f in listing["content"]] == [Path(LESSON).name]
    kernel = await student.start_kernel("tapekit")
    problems = []
    for i, cell in enumerate(cells):
        got = await kernel.execute("".join(cell["source"]))
        want = _expected(cell)
        text = [r["text/plain"] for r in got["results"] if "text/plain" in r]
        if "raises-exception" not in cell["metadata"].get("tags", []) and got["error"]:
            problems.append(f"{name} cell {i}: {got['error']}")
        # the tapekit kernel has loaded the extension already, so the lesson's own
        # %load_ext prints IPython's note (the stored outputs come from the python3 kernel)
        got["stdout"] = ALREADY_LOADED.sub("", got["stdout"])
        for key, mine in (("stdout", got["stdout"]), ("stderr", got["stderr"]), ("text", text)):
            if mine != want[key]:
                problems.append(f"{name} cell {i} {key}: {mine!r} != {want[key]!r}")
    await kernel.close()
    return problems


def test_two_students_pull_the_course_and_run_a_lesson(hub):
    url, proc, state, tmp = hub
    repo = tmp / "course"
    _course_repo(repo)
    cells = [c for c in json.loads((ROOT / LESSON).read_text("utf-8"))["cells"]]
    cells = [c for c in cells if c["cell_type"] == "code"]

    async def session():
        results = await asyncio.gather(*(_student_session(url, n, repo, cells) for n in STUDENTS))
        # students' edits are kept: ada changes the lesson, the teacher adds material, ada
        # follows the link again and has both
        ada = Student(url, "ada", PASSWORD)
        await ada.login()
        await ada.save_file(f"tapekit/{LESSON}", '{"mine": true}')
        (repo / "notebooks" / "new.md").write_text("# New material\n")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "new material")
        await ada.git_pull(str(repo), "main", "tapekit")
        mine = await ada.contents(f"tapekit/{LESSON}?content=1&format=text&type=file")
        new = await ada.contents("tapekit/notebooks/new.md")
        # nbgrader by role (hub/README.md): a student has the assignment list, no formgrader
        page, formgrader = await ada.page_config(), await ada.status("formgrader")
        return results, mine, new, page["disabledExtensions"], formgrader

    results, mine, new, left_out, formgrader = asyncio.run(session())
    assert "@jupyter/nbgrader:formgrader" in left_out, left_out
    assert "@jupyter/nbgrader:assignment-list" not in left_out, left_out
    assert formgrader == 404, "a student's server serves no formgrader"
    assert results == [[], []]
    assert mine["content"] == '{"mine": true}'
    assert new["name"] == "new.md"
    for name in STUDENTS:  # each home has its own copy
        assert (state / "home" / name / "tapekit" / LESSON).exists()
    assert len(_ours(state)) >= 4  # proxy, culler, two servers (kernels were shut down)

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    deadline = time.monotonic() + 15
    while _ours(state) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _ours(state) == [], "the hub stops the proxy, the servers and their kernels"
