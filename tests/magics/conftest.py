"""Fixtures for the IPython extension: a real InteractiveShell with ``%load_ext tapekit``.

``shell`` runs cells through ``InteractiveShell.run_cell`` and captures everything a user
would see: stdout, stderr (where UsageErrors go), rich display outputs and the cell's
result with its mimebundle.  Each test gets a clean set of records, English messages and
its new user variables removed afterwards.
"""

from __future__ import annotations

import copy

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
