"""The Binder recipe (repo2docker reads binder/): static checks that need no Docker."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

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


def _pins(name: str) -> dict[str, str]:
    """``{normalised name: version}`` of a requirements file's ``name==version`` lines."""
    pins = {}
    for req in _lines(name):
        if req == ".[jupyter]":
            continue
        package, sep, version = req.partition("==")
        assert sep and version, f"binder/{name}: pin every package exactly: {req!r}"
        pins[canonicalize_name(package)] = version
    return pins


def test_requirements_install_tapekit_and_pin_jupyter():
    for name in ("requirements.in", "requirements.txt"):
        assert ".[jupyter]" in _lines(name), (
            f"binder/{name}: repo2docker ignores pyproject.toml when binder/ exists: "
            "list '.[jupyter]'"
        )
    pins = _pins("requirements.in")
    assert {"jupyterlab", "ipywidgets"} <= set(pins)
    # the language pack follows JupyterLab's minor version (4.5.post3 goes with 4.5.x)
    pack = pins.get("jupyterlab-language-pack-zh-cn")
    if pack:
        assert pack.split(".post")[0] == ".".join(pins["jupyterlab"].split(".")[:2])


def test_the_lock_keeps_the_pins_of_requirements_in():
    """requirements.txt (what repo2docker installs) is binder/lock.py's output for the .in."""
    lock, wanted = _pins("requirements.txt"), _pins("requirements.in")
    differ = {k: (v, lock.get(k)) for k, v in wanted.items() if lock.get(k) != v}
    assert not differ, f"rerun `python3.11 binder/lock.py` ((.in, lock) differ: {differ})"
    assert len(lock) > 3 * len(wanted), "the lock pins every package, not only the Jupyter ones"
    assert "tapekit" not in lock, "tapekit itself comes from '.[jupyter]', not from a pin"
    text = (BINDER / "requirements.txt").read_text(encoding="utf-8")
    assert f"# Locked for Python {_runtime()} on Linux" in text, (
        "binder/runtime.txt changed: rerun binder/lock.py with that Python"
    )


def test_the_lock_is_within_pyproject_ranges():
    """Every requirement of tapekit and of its [jupyter] extra: locked, inside its range."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = _pins("requirements.txt")
    outside = []
    for text in project["dependencies"] + project["optional-dependencies"]["jupyter"]:
        req = Requirement(text)
        if req.marker and not req.marker.evaluate({"python_version": _runtime()}):
            continue
        version = lock.get(canonicalize_name(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            outside.append(f"{text} (locked: {version})")
    assert not outside, f"binder/requirements.txt is outside pyproject.toml's ranges: {outside}"


def _runtime() -> str:
    (runtime,) = _lines("runtime.txt")
    return runtime.removeprefix("python-")


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
