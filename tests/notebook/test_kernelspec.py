"""``python -m tapekit install-kernel``: where it installs and what the spec contains."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tapekit.notebook import kernelspec

pytestmark = pytest.mark.numpy_only


def test_kernel_dict_loads_the_extension():
    spec = kernelspec.kernel_dict("Python 3 (tapekit)", "zh")
    assert spec["argv"][-1] == "--ext=tapekit"
    assert not [a for a in spec["argv"] if "exec_lines" in a]  # would discard the profile's
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


@pytest.mark.timeout(120)
def test_the_kernel_keeps_the_profile_exec_lines(tmp_path):
    """A course's or a user's profile still runs in the tapekit kernel, and so does tapekit."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    ipython_dir = tmp_path / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True)
    (profile / "ipython_kernel_config.py").write_text(
        'c.InteractiveShellApp.exec_lines = ["PROFILE_LINE_RAN = 42"]\n', encoding="utf-8"
    )
    kernelspec.install_kernel(prefix=str(tmp_path))
    ksm = KernelSpecManager(kernel_dirs=[str(tmp_path / "share/jupyter/kernels")])
    km = KernelManager(kernel_name="tapekit", kernel_spec_manager=ksm)
    env = {k: v for k, v in os.environ.items() if k != "TAPEKIT_LANG"}
    km.start_kernel(env={**env, "IPYTHONDIR": str(ipython_dir)})
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=90)
        code = (
            "import tapekit as tk\nx = tk.constant(2.0)\n"
            "print(PROFILE_LINE_RAN, 'tapekit' in get_ipython().extension_manager.loaded)"
        )
        reply = kc.execute_interactive(code, timeout=60, output_hook=(out := []).append)
        assert reply["content"]["status"] == "ok", reply["content"]
        stdout = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream")
        assert stdout == "42 True\n"
        out.clear()
        reply = kc.execute_interactive(
            "%%tape --watch x\ny = x * x", timeout=60, output_hook=out.append
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        shown = [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "display_data"]
        assert shown and shown[0].startswith("tape `tape`: 1 op(s) recorded: Mul"), out
        out.clear()
        kc.execute_interactive("%load_ext tapekit", timeout=60, output_hook=out.append)
        stdout = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream")
        assert "The tapekit extension is already loaded" in stdout
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("lang, says", [("en", "needs ipykernel"), ("zh", "需要 ipykernel")])
def test_install_kernel_without_ipykernel_says_what_to_do(tmp_path, lang, says):
    """Without ipykernel (issue 11): one message with the pip command, not a traceback, and
    nothing written."""
    code = (
        "import sys\n"
        "sys.modules['ipykernel'] = None  # as if it were not installed\n"
        "from tapekit.__main__ import main\n"
        f"sys.exit(main(['install-kernel', '--prefix', {str(tmp_path)!r}]))\n"
    )
    env = dict(os.environ, TAPEKIT_LANG=lang, PYTHONIOENCODING="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert out.returncode == 1, out.stderr
    assert says in out.stderr and f"{sys.executable} -m pip install ipykernel" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
