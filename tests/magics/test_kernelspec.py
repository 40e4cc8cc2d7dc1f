"""``python -m tapekit install-kernel``: where it installs and what the spec contains."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tapekit._magics import kernelspec

pytestmark = pytest.mark.numpy_only


def test_kernel_dict_loads_the_extension():
    spec = kernelspec.kernel_dict("Python 3 (tapekit)", "zh")
    assert spec["argv"][-1].startswith("--IPKernelApp.exec_lines=import tapekit")
    assert "load_ipython_extension(get_ipython())" in spec["argv"][-1]
    assert spec["argv"][0] == sys.executable
    assert spec["display_name"] == "Python 3 (tapekit)"
    assert spec["env"] == {"TAPEKIT_LANG": "zh"}
    assert "env" not in kernelspec.kernel_dict()


def test_default_destination_needs_no_administrator(monkeypatch):
    monkeypatch.setattr(kernelspec, "in_environment", lambda: True)
    assert kernelspec.destination() == (False, sys.prefix)
    monkeypatch.setattr(kernelspec, "in_environment", lambda: False)
    assert kernelspec.destination() == (True, None)
    assert kernelspec.destination(user=True) == (True, None)
    assert kernelspec.destination(prefix="/p") == (False, "/p")
    assert kernelspec.destination(sys_prefix=True) == (False, sys.prefix)
    assert kernelspec.destination(system=True) == (False, None)


def test_install_with_a_name_and_language(tmp_path):
    dest = kernelspec.install_kernel(
        prefix=str(tmp_path), name="tk-course", display_name="Course", language="zh-CN"
    )
    spec = json.loads((tmp_path / "share/jupyter/kernels/tk-course/kernel.json").read_text())
    assert dest.endswith("tk-course")
    assert spec["display_name"] == "Course" and spec["env"] == {"TAPEKIT_LANG": "zh"}
    assert (tmp_path / "share/jupyter/kernels/tk-course/logo-64x64.png").exists()


def test_cli_usage():
    out = subprocess.run(
        [sys.executable, "-m", "tapekit"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 2 and "install-kernel" in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "tapekit", "install-kernel", "--lang", "fr"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 2 and "invalid choice: 'fr'" in out.stderr
