"""End to end in a real browser: JupyterLab on localhost, headless Chromium via Playwright.

A notebook with the three widgets is opened in JupyterLab and run; the test checks that
every widget renders (no "Error displaying widget"), drags the derivative explorer's x₀
slider, waits for the kernel to send a new frame, and asserts that the plot element itself
changed and is now pixel for pixel the headless render (``interactive=False``) for the
slider's new value, read back from the kernel.  Screenshots go to
``test-artifacts/widgets/`` (git-ignored).

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and the test extra (``playwright``,
``jupyterlab``).  Without them the test skips on a laptop; under ``CI=true`` it fails.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.slow, pytest.mark.timeout(240)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "widgets"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
EXPR = "sin(x) * x**2"


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (Debian: apt-get install chromium)"
    for mod in ("playwright", "jupyterlab"):
        try:
            __import__(mod)
        except ImportError:
            return f"{mod} is not installed (pip install -e '.[test]')"
    return None


def _require_browser() -> None:
    why = _missing()
    if why is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"the browser test must run in CI: {why}")
    pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path: Path) -> None:
    cells = [
        "import tapekit as tk\n"
        "from tapekit.widgets import derivative_explorer, optimizer_explorer, tape_view\n"
        f"w = derivative_explorer({EXPR!r}, x0=1.0)\n"
        "w",
        "o = optimizer_explorer('rosenbrock')\no",
        "x = tk.Variable(3.0)\n"
        "with tk.GradientTape(persistent=True) as tape:\n"
        "    y = x * x\n"
        "    z = tk.sin(y) + y\n"
        "tape_view(tape)",
        "print('X0=' + repr(w.x0.value))",
    ]
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for src in cells
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 (free port, no token), killed afterwards."""
    _require_browser()
    work = tmp_path / "work"
    work.mkdir()
    _notebook(work / "widgets_e2e.ipynb")
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "TAPEKIT_LANG": "en",
        "PYTHONWARNINGS": "ignore",
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={work}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp_path / "lab.log", "wb")  # noqa: SIM115 (closed in teardown)
    proc = subprocess.Popen(
        cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    "JupyterLab exited:\n" + (tmp_path / "lab.log").read_text(errors="replace")
                )
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("JupyterLab did not start within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()
        if ARTIFACTS.exists():
            shutil.copy(tmp_path / "lab.log", ARTIFACTS / "lab.log")


JS_IMAGE_B64 = """async (el) => {
    const r = await fetch(el.src);
    const b = new Uint8Array(await r.arrayBuffer());
    let s = '';
    for (let i = 0; i < b.length; i += 0x8000) {
        s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
    }
    return btoa(s);
}"""


def _png_of(locator) -> bytes:
    return base64.b64decode(locator.evaluate(JS_IMAGE_B64))


def _wait_for(predicate, timeout: float, what: str, page=None, step: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    if page is not None:
        page.screenshot(path=str(ARTIFACTS / "timeout.png"), full_page=True)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def test_widgets_render_and_a_slider_redraws_in_jupyterlab(lab):
    import numpy as np
    from playwright.sync_api import sync_playwright

    from tapekit.widgets import derivative_explorer
    from tapekit.widgets._render import decode_png

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"{lab}/lab/tree/widgets_e2e.ipynb")
            page.wait_for_function(
                "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                " && window.jupyterapp.shell.currentWidget.sessionContext"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
                timeout=90_000,
            )
            page.wait_for_function(
                "() => window.jupyterapp.shell.currentWidget.sessionContext"
                ".session.kernel.status === 'idle'",
                timeout=90_000,
            )
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            plots = page.locator("img.tapekit-plot")
            _wait_for(lambda: plots.count() == 3, 90, "three widget plots", page)
            for i in range(3):
                _wait_for(
                    lambda i=i: (plots.nth(i).get_attribute("src") or "").startswith("blob:"),
                    60,
                    f"plot {i} to receive its image",
                    page,
                )
            _wait_for(lambda: "X0=" in page.inner_text(".jp-Notebook"), 60, "the last cell", page)
            page.screenshot(path=str(ARTIFACTS / "lab_initial.png"), full_page=True)
            assert "Error displaying widget" not in page.content()
            for i, name in ((1, "optimizer_explorer"), (2, "tape_view")):
                plots.nth(i).scroll_into_view_if_needed()
                plots.nth(i).screenshot(path=str(ARTIFACTS / f"{name}.png"))
                assert _png_of(plots.nth(i))[:8] == b"\x89PNG\r\n\x1a\n"

            plot = plots.nth(0)
            plot.scroll_into_view_if_needed()
            before_png = _png_of(plot)
            before_src = plot.get_attribute("src")
            plot.screenshot(path=str(ARTIFACTS / "derivative_before.png"))
            before_shot = decode_png(plot.screenshot())

            # drag the x₀ handle to the right, as a student would
            handle = page.locator(".tapekit-x0 .noUi-handle").first
            box = handle.bounding_box()
            cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(cx, cy)
            page.mouse.down()
            for dx in range(10, 130, 10):
                page.mouse.move(cx + dx, cy)
                time.sleep(0.03)
            page.mouse.up()
            _wait_for(lambda: plot.get_attribute("src") != before_src, 30, "a new frame", page)
            # let the kernel finish the moves still queued, then read the value it holds
            page.wait_for_function(
                "() => window.jupyterapp.shell.currentWidget.sessionContext"
                ".session.kernel.status === 'idle'"
            )
            time.sleep(1.0)
            page.evaluate(
                "() => { const nb = window.jupyterapp.shell.currentWidget.content;"
                " nb.activeCellIndex = 3; }"
            )
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell')")
            _wait_for(
                lambda: "X0=1.0\n" not in page.inner_text(".jp-Notebook") + "\n",
                30,
                "the new x0 value",
                page,
            )
            text = page.inner_text(".jp-Notebook")
            x0 = float(text.split("X0=")[-1].split()[0])
            assert x0 > 1.0, text[-300:]

            after_png = _png_of(plot)
            plot.screenshot(path=str(ARTIFACTS / "derivative_after.png"))
            after_shot = decode_png(plot.screenshot())
            page.screenshot(path=str(ARTIFACTS / "lab_after_drag.png"), full_page=True)
            assert "Error displaying widget" not in page.content()
        finally:
            browser.close()

    # the element itself changed: its image bytes and what the browser paints
    assert after_png != before_png
    assert before_shot.shape != after_shot.shape or np.any(before_shot != after_shot)
    # ... and it is exactly the headless render for the value the kernel now holds
    headless = derivative_explorer(EXPR, x0=x0, interactive=False)
    (ARTIFACTS / "derivative_headless.png").write_bytes(headless.png)
    got, want = decode_png(after_png), decode_png(headless.png)
    assert got.shape == want.shape
    diff = np.abs(got.astype(int) - want.astype(int))
    assert diff.max() == 0, f"{int((diff > 0).any(axis=2).sum())} pixels differ"
    assert headless.data["x0"] == x0
