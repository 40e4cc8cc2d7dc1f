"""End to end in a real browser: JupyterLab 4, Notebook 7 and Voilà on localhost, headless
Chromium via Playwright.

The same notebook (the three widgets) is served by each front-end: JupyterLab and Notebook 7
open it and the test runs its cells; Voilà executes it itself and shows only the outputs.
For each front-end the test checks that every widget renders (no "Error displaying
widget", no traceback) and that the derivative explorer's first frame is the headless
render (``interactive=False``); then it drags the x₀ slider as a student would and asserts
that the plot element itself changed and ends up pixel for pixel the headless render for
the slider's new value, computed in this process.

The new value is read from the page: the slider handle's ``aria-valuetext``, which is what
the widget holds in the browser (its readout must agree).  The kernel draws the value into
the plot (``x₀ = …``), so a pixel-identical frame also proves the kernel had it; in
JupyterLab and Notebook 7 the kernel is asked as well, by running a cell that prints it.
The reference is ``derivative_explorer(f, x0=new, interactive=False)``: the sampling grid
does not depend on x₀, so a moved widget and an explorer opened at the new value draw the
same pixels.

JupyterLab and Notebook 7 run with the setting the Binder recipe installs
(``binder/lab-overrides.json``: ipywidgets' ``saveState``).  After the drag the test saves
the notebook, shuts its kernel down and opens it again without running anything: the
widgets must come back from the state saved in the notebook, the derivative plot showing
the very frame it showed before, instead of "Error displaying widget: model not found".

Screenshots go to ``test-artifacts/widgets/<front-end>/`` (git-ignored), with the server's
log.  Needs Debian's ``chromium`` (``/usr/bin/chromium``) and the test extra
(``playwright``, ``jupyterlab``, ``notebook``, ``voila``).  Without them the tests skip on a
laptop; under ``CI=true`` they fail.  VS Code, the fourth front-end the widgets are meant
for, cannot be driven from here with pip packages alone and is not tested.
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
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.slow, pytest.mark.timeout(240)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "widgets"
LAB_OVERRIDES = ROOT / "binder" / "lab-overrides.json"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
EXPR = "sin(x) * x**2"
NOTEBOOK = "widgets_e2e.ipynb"
WIDGETS_PLUGIN = "@jupyter-widgets/jupyterlab-manager:plugin"  # ipywidgets' JupyterLab settings
# what a front-end shows in place of a widget or an output that failed
ERRORS = (
    "Error displaying widget",  # ipywidgets' renderer (JupyterLab, Notebook 7 and Voilà)
    "Traceback (most recent call last)",  # a cell raised (Voilà runs with --show_tracebacks)
    "There was an error when executing cell",  # Voilà without tracebacks
)


@dataclass(frozen=True)
class FrontEnd:
    name: str  # test id and artifact folder
    module: str  # what must be importable, and what `python -m` starts
    page: str  # the page that shows the notebook
    ready: str  # a URL path that answers 200 once the server is up
    notebook_ui: bool  # True: the test runs the cells (window.jupyterapp); False: Voilà
    args: tuple[str, ...]  # the server's own options ({port}, {root}, {settings} filled in)


_SERVER = (
    "--no-browser",
    "--ServerApp.token=",
    "--ServerApp.password=",
    "--ServerApp.ip=127.0.0.1",
    "--ServerApp.port={port}",
    "--ServerApp.port_retries=0",
    "--ServerApp.root_dir={root}",
    # the application settings folder (Binder: the one postBuild writes to), for both apps:
    # JupyterLab's and Notebook 7's server extensions are both loaded, whichever is started,
    # and either may answer /lab/api/settings
    "--LabApp.app_settings_dir={settings}",
    "--JupyterNotebookApp.app_settings_dir={settings}",
)
FRONT_ENDS = [
    FrontEnd(
        "lab",
        "jupyterlab",
        f"/lab/tree/{NOTEBOOK}",
        "/api/status",
        True,
        (
            *_SERVER,
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=",
        ),
    ),
    FrontEnd(
        "notebook",
        "notebook",
        f"/notebooks/{NOTEBOOK}",
        "/api/status",
        True,
        (
            *_SERVER,
            "--JupyterNotebookApp.expose_app_in_browser=True",
        ),
    ),
    FrontEnd(
        "voila",
        "voila",
        "/",
        "/voila/static/voila.js",  # (the page itself would start a kernel)
        False,
        (
            NOTEBOOK,
            "--no-browser",
            "--port={port}",
            "--Voila.port_retries=0",
            "--Voila.ip=127.0.0.1",
            "--show_tracebacks=True",
        ),
    ),
]


def _missing(module: str) -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (Debian: apt-get install chromium)"
    for mod in ("playwright", module):
        try:
            __import__(mod)
        except ImportError:
            return f"{mod} is not installed (pip install -e '.[test]')"
    return None


def _require_browser(module: str) -> None:
    why = _missing(module)
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


@dataclass
class Server:
    front_end: FrontEnd
    url: str
    work: Path  # the server's root folder, with the notebook
    artifacts: Path


@pytest.fixture(params=FRONT_ENDS, ids=[fe.name for fe in FRONT_ENDS])
def server(request, tmp_path):
    """The front-end's server on 127.0.0.1 (free port, no token), killed afterwards."""
    fe: FrontEnd = request.param
    _require_browser(fe.module)
    artifacts = ARTIFACTS / fe.name
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    work = tmp_path / "work"
    work.mkdir()
    _notebook(work / NOTEBOOK)
    # the application settings the Binder recipe installs (binder/postBuild)
    settings = tmp_path / "lab-settings"
    (settings / "overrides.d").mkdir(parents=True)
    shutil.copy(LAB_OVERRIDES, settings / "overrides.d" / "tapekit.json")
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),  # (the trust database, among others)
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "TAPEKIT_LANG": "en",
        "PYTHONWARNINGS": "ignore",
    }
    fill = {"port": port, "root": work, "settings": settings}
    cmd = [sys.executable, "-m", fe.module, *(a.format(**fill) for a in fe.args)]
    if fe.notebook_ui and hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = tmp_path / "server.log"
    log = open(log_path, "wb")  # closed in teardown
    proc = subprocess.Popen(
        cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{fe.module} exited:\n" + log_path.read_text(errors="replace"))
            try:
                with urllib.request.urlopen(url + fe.ready, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{fe.module} did not start within 60 s")
            time.sleep(0.3)
        yield Server(fe, url, work, artifacts)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()
        shutil.copy(log_path, artifacts / "server.log")


JS_IMAGE_B64 = """async (el) => {
    const r = await fetch(el.src);
    const b = new Uint8Array(await r.arrayBuffer());
    let s = '';
    for (let i = 0; i < b.length; i += 0x8000) {
        s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
    }
    return btoa(s);
}"""
KERNEL = "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
KERNEL_IDLE = f"() => {KERNEL}.status === 'idle'"
KERNEL_READY = (
    "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
    " && window.jupyterapp.shell.currentWidget.sessionContext"
    " && window.jupyterapp.shell.currentWidget.sessionContext.session"
    f" && {KERNEL} && {KERNEL}.status === 'idle'"
)


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _png_of(locator) -> bytes:
    return base64.b64decode(locator.evaluate(JS_IMAGE_B64))


def _wait_for(predicate, timeout: float, what: str, page=None, out=None, step: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    if page is not None and out is not None:
        page.screenshot(path=str(out / "timeout.png"), full_page=True)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _same_pixels(png_a: bytes, png_b: bytes) -> bool:
    from tapekit.widgets._render import decode_png

    a, b = decode_png(png_a), decode_png(png_b)
    return a.shape == b.shape and bool((a == b).all())


def _assert_no_errors(page) -> None:
    text = page.inner_text("body")
    for error in ERRORS:
        assert error not in text, f"{error!r} on the page:\n{text[-3000:]}"


def _wait_for_plots(page, out: Path, what: str):
    """The three widgets' plot images, once each shows a frame."""
    plots = page.locator("img.tapekit-plot")
    _wait_for(lambda: plots.count() == 3, 90, f"three widget plots ({what})", page, out)
    for i in range(3):
        _wait_for(
            lambda i=i: (plots.nth(i).get_attribute("src") or "").startswith("blob:"),
            60,
            f"plot {i} to receive its image ({what})",
            page,
            out,
        )
    return plots


def _run_cell(page, index: int) -> None:
    page.evaluate(
        f"() => {{ window.jupyterapp.shell.currentWidget.content.activeCellIndex = {index};"
        " return window.jupyterapp.commands.execute('notebook:run-cell'); }"
    )


def _kernel_x0(page, out: Path) -> float:
    """Ask the kernel: run the last cell, which prints the slider's value."""
    page.wait_for_function(KERNEL_IDLE)
    _run_cell(page, 3)
    _wait_for(
        lambda: "X0=1.0\n" not in page.inner_text(".jp-Notebook") + "\n",
        30,
        "the kernel to print the new x0",
        page,
        out,
    )
    return float(page.inner_text(".jp-Notebook").split("X0=")[-1].split()[0])


def _reopen(page, server: Server, after_png: bytes) -> None:
    """Save, shut the kernel down, open the notebook again without running anything."""
    out = server.artifacts
    plugin = _get_json(f"{server.url}/lab/api/settings/{WIDGETS_PLUGIN}")
    assert plugin["schema"]["properties"]["saveState"]["default"] is True, "no Binder override"
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    path = server.work / NOTEBOOK

    def saved_state():
        nb = json.loads(path.read_text(encoding="utf-8"))
        return nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json")

    state = _wait_for(saved_state, 30, "the notebook to be saved with its widget state", page, out)
    assert state["state"], "no widget models in the saved state"
    nb = json.loads(path.read_text(encoding="utf-8"))
    saved_counts = [c["execution_count"] for c in nb["cells"]]
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.shutdown()")
    _wait_for(
        lambda: _get_json(server.url + "/api/kernels") == [],
        30,
        "the kernel to shut down",
        page,
        out,
    )
    page.goto(server.url + server.front_end.page)
    plots = _wait_for_plots(page, out, "reopened")
    page.wait_for_function(KERNEL_READY, timeout=90_000)  # a new kernel, which ran nothing
    page.screenshot(path=str(out / "reopened.png"), full_page=True)
    _assert_no_errors(page)
    assert "model not found" not in page.inner_text("body")
    counts = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets"
        ".map(c => c.model.executionCount)"
    )
    assert counts == saved_counts, "the reopened notebook ran cells"
    assert _same_pixels(_png_of(plots.nth(0)), after_png), "not the frame the notebook saved"


def test_widgets_render_and_a_slider_redraws(server: Server):
    import numpy as np
    from playwright.sync_api import sync_playwright

    import tapekit as tk
    from tapekit.widgets import derivative_explorer
    from tapekit.widgets._render import decode_png

    fe, out = server.front_end, server.artifacts
    t0 = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(server.url + fe.page)
            if fe.notebook_ui:
                page.wait_for_function(KERNEL_READY, timeout=90_000)
                page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            plots = _wait_for_plots(page, out, "first run")
            _wait_for(lambda: "X0=1.0" in page.inner_text("body"), 60, "the last cell", page, out)
            page.screenshot(path=str(out / "initial.png"), full_page=True)
            _assert_no_errors(page)
            for i, name in ((1, "optimizer_explorer"), (2, "tape_view")):
                plots.nth(i).scroll_into_view_if_needed()
                plots.nth(i).screenshot(path=str(out / f"{name}.png"))
                assert _png_of(plots.nth(i))[:8] == b"\x89PNG\r\n\x1a\n"

            plot = plots.nth(0)
            plot.scroll_into_view_if_needed()
            before_png = _png_of(plot)
            before_src = plot.get_attribute("src")
            tk.config.set_language("en")
            first = derivative_explorer(EXPR, x0=1.0, interactive=False).png
            assert _same_pixels(before_png, first), "the first frame is not the headless render"
            plot.screenshot(path=str(out / "derivative_before.png"))
            before_shot = decode_png(plot.screenshot())

            # drag the x₀ handle to the right, as a student would
            slider = page.locator(".tapekit-x0").first
            handle = slider.locator(".noUi-handle").first
            box = handle.bounding_box()
            cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(cx, cy)
            page.mouse.down()
            for dx in range(10, 130, 10):
                page.mouse.move(cx + dx, cy)
                time.sleep(0.03)
            page.mouse.up()
            _wait_for(lambda: plot.get_attribute("src") != before_src, 30, "a new frame", page, out)

            # the slider's value as the page holds it, and as its readout shows it
            x0 = float(handle.get_attribute("aria-valuetext"))
            assert x0 > 1.0
            readout = float(slider.locator(".widget-readout").inner_text())  # ".4g"
            assert readout == pytest.approx(x0, rel=5e-4, abs=1e-12), (readout, x0)
            # the headless render for that value, here (same fonts, style and language)
            reference = derivative_explorer(EXPR, x0=x0, interactive=False).png
            (out / "derivative_headless.png").write_bytes(reference)

            # the kernel may still be drawing the moves queued behind the last one: wait
            # for the frame of the final value (its x₀ = … label differs from all others)
            def final_frame():
                png = _png_of(plot)
                return png if _same_pixels(png, reference) else None

            try:
                after_png = _wait_for(final_frame, 20, "the frame of the final x0", step=0.3)
            except AssertionError:
                last = _png_of(plot)
                (out / "derivative_last_seen.png").write_bytes(last)
                page.screenshot(path=str(out / "after_drag.png"), full_page=True)
                got, want = decode_png(last), decode_png(reference)
                if got.shape != want.shape:
                    raise AssertionError(f"plot is {got.shape}, headless {want.shape}") from None
                diff = int((got != want).any(axis=2).sum())
                raise AssertionError(f"x0={x0}: {diff} pixels differ from headless") from None
            time.sleep(0.5)
            assert _png_of(plot) == after_png, "the plot changed after the final frame"
            if fe.notebook_ui:
                assert _kernel_x0(page, out) == x0

            plot.scroll_into_view_if_needed()
            plot.screenshot(path=str(out / "derivative_after.png"))
            after_shot = decode_png(plot.screenshot())
            page.screenshot(path=str(out / "after_drag.png"), full_page=True)
            _assert_no_errors(page)
            # the element itself changed: its image bytes and what the browser paints
            assert after_png != before_png
            assert before_shot.shape != after_shot.shape or np.any(before_shot != after_shot)
            ran = time.monotonic() - t0

            if fe.notebook_ui:
                _reopen(page, server, after_png)
        finally:
            browser.close()
    total = time.monotonic() - t0
    print(f"\n{fe.name}: x0 1.0 -> {x0}; widgets and drag {ran:.1f} s, in all {total:.1f} s")
