"""The README's first command, exactly as written, on a clean copy of the repository, as root.

Docker, cloud VMs and WSL run as root, where plain ``jupyter lab`` refuses to start; the
command's ``python -m tapekit lab`` adds ``--allow-root``.  CI runs as root, and so does this
test (it is skipped for other users: ``jupyter lab`` itself is what they get).  The command is
read from README.md (its first ``bash`` block) and run with bash in a copy of the repository
as a clone has it, in the background, with a throw-away ``HOME`` (pip's cache stays where it
is, so a rerun downloads nothing).  Nothing is added to the command line: the port comes from
``JUPYTER_PORT`` (jupyter_server reads it) and the browser stays closed through the user's
Jupyter config in that ``HOME``.  Once JupyterLab prints its URL, the test asks it, with the
token it printed, for its status, its kernels (the "Python 3 (tapekit)" one the command
installed) and its files (``notebooks/``), then shuts it down through its API.
"""

from __future__ import annotations

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

import pytest

pytestmark = [
    pytest.mark.numpy_only,
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0,
        reason="the root test runs as root (CI does)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
DROP = {"PIP_FIND_LINKS", "PIP_NO_INDEX", "PIP_EXTRA_INDEX_URL", "PYTEST_ADDOPTS"}
DROP |= {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND", "MPLCONFIGDIR", "IPYTHONDIR"}
DROP |= {"JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"}
DROP |= {"JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE", "TAPEKIT_LANG"}
URL = re.compile(r"(http://(?:localhost|127\.0\.0\.1):\d+)/lab\?token=(\w+)")


def readme_first_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.S)[1].strip()
    assert "\n" not in block, f"the README's first command is one line:\n{block}"
    return block


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_of_the_repository(dest: Path) -> None:
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for rel in filter(None, out.split("\0")):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)


def _get(url: str, token: str, method: str = "GET"):
    req = urllib.request.Request(
        url,
        method=method,
        headers={"Authorization": f"token {token}"},
        data=b"" if method == "POST" else None,
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = resp.read()
        return resp.status, (json.loads(body) if body else None)


def _wait_for_url(proc: subprocess.Popen, log: Path, deadline: float) -> tuple[str, str]:
    while time.monotonic() < deadline:
        match = URL.search(log.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match[1], match[2]
        if proc.poll() is not None:
            break
        time.sleep(1)
    text = log.read_text(encoding="utf-8", errors="replace")
    raise AssertionError(f"JupyterLab never printed its URL (exit {proc.poll()}):\n{text[-8000:]}")


def test_the_readme_first_command_starts_jupyterlab_as_root(tmp_path):
    command = readme_first_command()
    assert "python -m tapekit lab" in command, command
    repo, home = tmp_path / "repo", tmp_path / "home"
    _copy_of_the_repository(repo)
    # a user's Jupyter config: no browser on a headless machine (CI has a chromium)
    (home / ".jupyter").mkdir(parents=True)
    (home / ".jupyter" / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"open_browser": False}}), encoding="utf-8"
    )
    cache = subprocess.run(
        [sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    env.update(
        HOME=str(home),
        PIP_CACHE_DIR=cache,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        JUPYTER_PORT=str(_free_port()),
        TAPEKIT_PROGRESS="0",
    )
    log = tmp_path / "command.log"
    t0 = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["nice", "-n", "10", "bash", "-c", command],
            cwd=repo,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base, token = _wait_for_url(proc, log, t0 + 600)
        started = time.monotonic()
        status, info = _get(f"{base}/api/status", token)
        assert status == 200 and "started" in info, info
        _, specs = _get(f"{base}/api/kernelspecs", token)
        assert "tapekit" in specs["kernelspecs"], specs
        assert specs["kernelspecs"]["tapekit"]["spec"]["display_name"] == "Python 3 (tapekit)"
        _, root = _get(f"{base}/api/contents", token)
        assert {"en", "zh"} <= {item["name"] for item in root["content"]}, root
        _get(f"{base}/api/shutdown", token, method="POST")
        assert proc.wait(timeout=60) == 0, log.read_text(encoding="utf-8")[-4000:]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Running as root is not recommended" not in text
    assert "Traceback" not in text, text[-4000:]
    print(
        f"README first command: installed and answering in {started - t0:.0f} s, "
        f"stopped in {time.monotonic() - started:.0f} s"
    )
