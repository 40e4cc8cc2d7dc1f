"""Fixtures for the IPython extension: a real InteractiveShell with ``%load_ext tapekit``.

``shell`` runs cells through ``InteractiveShell.run_cell`` and captures everything a user
would see: stdout, stderr (where UsageErrors go), rich display outputs and the cell's
result with its mimebundle.  Each test gets a clean set of records, English messages and
its new user variables removed afterwards.

``kernel`` (module scope) is a real Jupyter kernel started from the kernelspec that
``python -m tapekit install-kernel`` writes, driven through jupyter_client: ``execute``
returns the reply and the iopub messages (and can press the stop button mid-cell).
"""

from __future__ import annotations

import copy
import os
import queue
import re
import subprocess
import sys
import time

import pytest
from IPython.testing.globalipapp import get_ipython
from IPython.utils.capture import capture_output

import tapekit


class Ran:
    """What one cell showed."""

    def __init__(self, shell, result, cap):
        self.result = result
        self.value = result.result
        self.stdout = cap.stdout
        self.stderr = cap.stderr
        self.outputs = [o.data for o in cap.outputs]
        self.bundle = {}
        if self.value is not None:
            self.bundle, _ = shell.display_formatter.format(self.value)

    @property
    def ok(self) -> bool:
        return self.result.success

    @property
    def error(self):
        return self.result.error_in_exec or self.result.error_before_exec

    def mime(self, kind: str) -> list[str]:
        """Every output of MIME type ``kind`` (display outputs, then the result)."""
        found = [o[kind] for o in self.outputs if kind in o]
        if kind in self.bundle:
            found.append(self.bundle[kind])
        return found

    @property
    def text(self) -> str:
        """All plain text shown: stdout, stderr, display outputs and the result."""
        return "\n".join([self.stdout, self.stderr, *self.mime("text/plain")])


class Shell:
    def __init__(self, ip):
        self.ip = ip

    def __call__(self, source: str) -> Ran:
        with capture_output() as cap:
            result = self.ip.run_cell(source, store_history=True)
        return Ran(self.ip, result, cap)

    @property
    def ns(self) -> dict:
        return self.ip.user_ns

    @property
    def magics(self):
        return self.ip._tapekit_magics


@pytest.fixture(scope="session")
def ipython():
    ip = get_ipython()  # IPython's test shell: in-memory history, no profile
    # a terminal shell formats text/plain only; format everything, as a notebook kernel does
    ip.display_formatter.active_types = list(ip.display_formatter.format_types)
    return ip


@pytest.fixture
def shell(ipython):
    tapekit.load_ipython_extension(ipython)
    magics = ipython._tapekit_magics
    magics.records.clear()
    magics.last = None
    magics.variables.clear()
    magics.short_errors = True
    magics.language = "en"
    before = set(ipython.user_ns)
    # %config writes into the config every configurable shares; a later (re)load would
    # read one test's settings in another
    settings = (
        copy.deepcopy(ipython.config.get("TapeMagics")) if "TapeMagics" in ipython.config else None
    )
    ipython.run_cell("import tapekit as tk\nimport numpy as np")
    try:
        yield Shell(ipython)
    finally:
        for k in set(ipython.user_ns) - before:
            del ipython.user_ns[k]
        ipython.config.pop("TapeMagics", None)
        if settings is not None:
            ipython.config["TapeMagics"] = settings
        tapekit.config.set_language("en")
        if hasattr(ipython, "_tapekit_magics"):
            ipython._tapekit_magics.language = "en"


# ---------------------------------------------------------------------------------------
# a real Jupyter kernel (jupyter_client), as a notebook front end sees the magics

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class KernelReply:
    """What one execute request produced: the shell reply and the iopub messages."""

    def __init__(self, content: dict, messages: list[tuple[str, dict]], seconds: float):
        self.content = content
        self.status = content["status"]
        self.messages = messages  # (msg_type, content) on iopub, in order
        self.seconds = seconds

    def of(self, kind: str) -> list[dict]:
        return [c for t, c in self.messages if t == kind]

    def stream(self, name: str) -> str:
        return "".join(c["text"] for c in self.of("stream") if c["name"] == name)

    @property
    def stdout(self) -> str:
        return self.stream("stdout")

    @property
    def stderr(self) -> str:
        return self.stream("stderr")

    @property
    def ename(self) -> str | None:
        return self.content.get("ename")

    @property
    def evalue(self) -> str:
        return self.content.get("evalue", "")

    @property
    def traceback(self) -> list[str]:
        """The lines of the error shown (ANSI colours removed); [] when none was shown."""
        lines = []
        for err in self.of("error"):
            lines.extend(_ANSI.sub("", "\n".join(err["traceback"])).splitlines())
        return lines

    def data(self, mime: str) -> list[str]:
        return [
            c["data"][mime]
            for t, c in self.messages
            if t in ("display_data", "execute_result") and mime in c["data"]
        ]

    @property
    def result(self) -> dict:
        (res,) = self.of("execute_result")
        return res["data"]

    @property
    def text(self) -> str:
        """Everything shown as text: streams, the error and every text/plain output."""
        return "\n".join([self.stdout, self.stderr, *self.traceback, *self.data("text/plain")])

    @property
    def size(self) -> int:
        """Characters sent to the front end for this cell (all outputs, all MIME types)."""
        total = 0
        for kind, c in self.messages:
            if kind == "stream":
                total += len(c["text"])
            elif kind in ("display_data", "execute_result", "update_display_data"):
                total += sum(len(str(v)) for v in c["data"].values())
            elif kind == "error":
                total += sum(len(line) for line in c["traceback"])
        return total


class RealKernel:
    """A started kernel and its client; ``execute`` waits for the reply (or a timeout)."""

    def __init__(self, km, kc):
        self.km = km
        self.kc = kc

    def execute(
        self,
        code: str,
        timeout: float = 60,
        interrupt_after: float | None = None,
        interrupt_on: str | None = None,
        on_message=None,
    ):
        """Run ``code``; with ``interrupt_after``, press the stop button that many seconds
        after the kernel started running it (its ``execute_input`` message), or after the
        cell printed ``interrupt_on`` (a press that comes before the cell's code runs can
        be lost in ipykernel; one that comes while the error is being shown cuts it short,
        so the button is pressed once).  ``on_message(kind, content)`` sees each iopub
        message of the cell as it arrives."""
        msg_id = self.kc.execute(code)
        messages = []
        t0 = time.monotonic()
        deadline = t0 + timeout
        started = None
        while True:
            if interrupt_after is not None and started is not None:
                wait = started + interrupt_after - time.monotonic()
                if wait <= 0:
                    self.km.interrupt_kernel()
                    interrupt_after = None
                    continue
            else:
                wait = deadline - time.monotonic()
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply within {timeout} s to {code[:200]!r}")
            try:
                msg = self.kc.get_iopub_msg(timeout=max(min(wait, 1.0), 0.01))
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "execute_input" and interrupt_on is None:
                started = time.monotonic()
            elif kind == "stream" and interrupt_on and interrupt_on in content["text"]:
                started = time.monotonic()
            if kind == "status":
                if content["execution_state"] == "idle":
                    break
            elif not kind.startswith("comm_"):
                messages.append((kind, content))
                if on_message is not None:
                    on_message(kind, content)
        while True:
            reply = self.kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 1.0))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        return KernelReply(reply["content"], messages, time.monotonic() - t0)

    def ok(self, code: str, **kw) -> KernelReply:
        r = self.execute(code, **kw)
        assert r.status == "ok", (code, r.content, r.stderr)
        return r

    def value(self, expr: str) -> str:
        """The text/plain of an expression's value."""
        return self.ok(expr).result["text/plain"]

    def usage_error(self, code: str) -> str:
        """The cell failed with one UsageError line on stderr and no traceback."""
        r = self.execute(code)
        assert r.status == "error", (code, r.content)
        assert r.content["ename"] == "UsageError"
        assert r.of("error") == []  # no traceback message reached the front end
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("UsageError: "), r.stderr
        return lines[0][len("UsageError: ") :]

    def alive(self) -> None:
        assert self.value("6 * 7") == "42"


@pytest.fixture(scope="session")
def kernel_prefix(tmp_path_factory):
    """A Jupyter prefix holding the kernelspec ``python -m tapekit install-kernel`` writes."""
    prefix = tmp_path_factory.mktemp("jupyter-prefix")
    out = subprocess.run(
        [sys.executable, "-m", "tapekit", "install-kernel", "--prefix", str(prefix)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Installed kernelspec tapekit (Python 3 (tapekit))" in out.stdout
    return prefix


@pytest.fixture(scope="module")
def kernel(kernel_prefix):
    """One real tapekit kernel for the test module (English messages; the extension is
    loaded by the kernelspec).  Its namespace starts with ``tk``, ``x = tk.Variable(3.0)``,
    ``c = tk.constant(2.0)`` and ``SENTINEL = 12345``."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    ksm = KernelSpecManager(kernel_dirs=[str(kernel_prefix / "share" / "jupyter" / "kernels")])
    km = KernelManager(kernel_name="tapekit", kernel_spec_manager=ksm)
    env = {k: v for k, v in os.environ.items() if k != "TAPEKIT_LANG"}
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=90)
        k = RealKernel(km, kc)
        k.ok("import tapekit as tk\nx = tk.Variable(3.0)\nc = tk.constant(2.0)\nSENTINEL = 12345")
        yield k
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
