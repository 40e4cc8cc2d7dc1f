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


def test_post_build_stops_on_errors_and_guards_the_kernel_install():
    path = BINDER / "postBuild"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#!"), "postBuild needs a shebang"
    assert os.access(path, os.X_OK), "postBuild must be executable"
    commands = [s for s in (line.strip() for line in text.splitlines()[1:]) if s and s[0] != "#"]
    assert re.match(r"set -\w*e", commands[0]), "postBuild must start with set -e"
    install = [c for c in commands if "install-kernel" in c and not c.startswith("if ")]
    assert install, "postBuild installs tapekit's kernelspec"
    # guarded: tapekit gets the command with its magics; until then the build must not fail
    guard = commands[commands.index(install[0]) - 1]
    assert guard.startswith("if ") and "install-kernel" in guard, "guard the kernelspec install"


def test_apt_installs_cjk_fonts():
    assert "fonts-noto-cjk" in _lines("apt.txt")


def test_post_build_installs_the_widget_state_setting():
    """A saved notebook keeps its widgets (tests/widgets/test_browser.py reopens one)."""
    overrides = json.loads((BINDER / "lab-overrides.json").read_text(encoding="utf-8"))
    assert overrides == {"@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True}}
    text = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert "get_app_dir()" in text and '/settings"' in text
    assert 'cp "$(dirname "$0")/lab-overrides.json" "$settings/overrides.d/tapekit.json"' in text
