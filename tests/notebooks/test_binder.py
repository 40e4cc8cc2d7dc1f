"""The Binder recipe (repo2docker reads binder/): static checks that need no Docker."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

pytestmark = pytest.mark.numpy_only

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"


def _lines(name: str) -> list[str]:
    text = (BINDER / name).read_text(encoding="utf-8")
    return [s for s in (line.partition("#")[0].strip() for line in text.splitlines()) if s]


def test_runtime_is_a_python_the_project_supports():
    (runtime,) = _lines("runtime.txt")
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"runtime.txt must read python-3.X (repo2docker's format), got {runtime!r}"
    # (tomllib is 3.11+, and the project supports 3.10)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    requires = re.search(r'(?m)^requires-python\s*=\s*"([^"]+)"', pyproject)[1]
    assert SpecifierSet(requires).contains(f"{match[1]}.0"), (
        f"binder/runtime.txt asks for Python {match[1]}, but pyproject.toml requires {requires}"
    )


def test_requirements_install_tapekit_and_pin_jupyter():
    reqs = _lines("requirements.txt")
    assert ".[jupyter]" in reqs, (
        "repo2docker ignores pyproject.toml when binder/ exists: list '.[jupyter]'"
    )
    pins = {}
    for req in reqs:
        if req == ".[jupyter]":
            continue
        name, sep, version = req.partition("==")
        assert sep and version, f"pin every Jupyter package exactly: {req!r}"
        pins[name.lower()] = version
    assert {"jupyterlab", "ipywidgets"} <= set(pins)
    # the language pack follows JupyterLab's minor version (4.5.post3 goes with 4.5.x)
    pack = pins.get("jupyterlab-language-pack-zh-cn")
    if pack:
        assert pack.split(".post")[0] == ".".join(pins["jupyterlab"].split(".")[:2])


def test_post_build_stops_on_errors_and_installs_the_kernel_unguarded():
    path = BINDER / "postBuild"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#!"), "postBuild needs a shebang"
    assert os.access(path, os.X_OK), "postBuild must be executable"
    commands = [s for s in (line.strip() for line in text.splitlines()[1:]) if s and s[0] != "#"]
    assert re.match(r"set -\w*e", commands[0]), "postBuild must start with set -e"
    assert "python -m tapekit install-kernel" in commands, "postBuild installs the kernelspec"
    assert not [c for c in commands if c.startswith("if ")], "a guard would hide a failure"


def test_post_build_fails_when_the_kernel_install_fails(tmp_path):
    """A python whose `-m tapekit install-kernel` fails: postBuild must exit non-zero."""
    import subprocess

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python").write_text(
        '#!/bin/sh\ncase "$*" in *install-kernel*) exit 3;; esac\nexit 0\n', encoding="utf-8"
    )
    (fake / "python").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(["bash", str(BINDER / "postBuild")], env=env, capture_output=True)
    assert proc.returncode == 3, proc


def test_apt_does_not_install_unused_cjk_fonts():
    """matplotlib draws Chinese with the bundled font (tapekit/widgets/fonts), not these."""
    path = BINDER / "apt.txt"
    assert not path.exists() or "fonts-noto-cjk" not in _lines("apt.txt")


def test_post_build_installs_the_widget_state_setting():
    """A saved notebook keeps its widgets (tests/widgets/test_browser.py reopens one)."""
    overrides = json.loads((BINDER / "lab-overrides.json").read_text(encoding="utf-8"))
    assert overrides == {"@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True}}
    text = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert "get_app_dir()" in text and '/settings"' in text
    assert 'cp "$(dirname "$0")/lab-overrides.json" "$settings/overrides.d/tapekit.json"' in text
