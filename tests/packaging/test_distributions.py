"""The sdist and the wheel, built as a distro packager or pip builds them, file for file.

The sdist is the repository as a clone has it (MANIFEST.in): the whole test suite with its
conftest.py files and everything the tests read, and nothing .gitignore ignores, even when
such files lie in the working tree.  The wheel, built from that sdist (as ``python -m build``
does), is the package alone: its modules, the bundled font and both licences.  The builds
call setuptools' PEP 517 hooks directly without isolation (what ``build --no-isolation``
does), so they need nothing beyond the test extra and no network.
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NAME = "tapekit-0.1.0"
# files a working tree may hold that .gitignore ignores: none may reach the sdist
STRAY = [
    "tests/__pycache__/conftest.cpython-311-pytest-9.0.pyc",
    "tapekit/__pycache__/_tape.cpython-311.pyc",
    "tests/magics/.pytest_cache/v/cache/lastfailed",
    "tests/.hypothesis/examples/x",
    "notebooks/en/.ipynb_checkpoints/01-checkpoint.ipynb",
    "hub/node_modules/configurable-http-proxy/index.js",
    "hub/state/jupyterhub.sqlite",
    "course/source/lesson/assignment.ipynb",
    "course/gradebook.db",
    "bench/results/run.tmp",
    "test-artifacts/widgets/lab.png",
    ".venv/bin/python",
    "build/lib/tapekit/__init__.py",
]
# what setuptools adds to an sdist of its own
SDIST_METADATA = {"PKG-INFO", "setup.cfg"} | {
    f"tapekit.egg-info/{n}"
    for n in ("PKG-INFO", "SOURCES.txt", "dependency_links.txt", "requires.txt", "top_level.txt")
}
LICENCES = {"LICENSE", "tapekit/widgets/fonts/OFL.txt"}


def _run(cmd, cwd, timeout=300) -> str:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
    return proc.stdout


def _clone_files() -> list[str]:
    out = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT)
    return sorted(rel for rel in out.split("\0") if rel and (ROOT / rel).is_file())


def _build(hook: str, src: Path, out: Path) -> Path:
    code = f"import sys, setuptools.build_meta as b\nprint(b.{hook}(sys.argv[1]))"
    name = _run([sys.executable, "-c", code, str(out)], src).strip().splitlines()[-1]
    return out / name


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(clone's files, sdist names, unpacked sdist, wheel names, wheel METADATA, names of
    the wheel built from the working tree)."""
    tmp = tmp_path_factory.mktemp("dist")
    files = _clone_files()
    repo = tmp / "repo"
    for rel in files:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, repo / rel)
    for rel in STRAY:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("stray\n", encoding="utf-8")
    sdist = _build("build_sdist", repo, tmp / "sdist")
    with tarfile.open(sdist) as tar:
        names = {m.name for m in tar.getmembers() if m.isfile()}
        # (the "data" filter: Python 3.10.12 and 3.11.4 on; older ones extract as they are)
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(tmp / "unpacked", **safe)
    unpacked = tmp / "unpacked" / NAME
    wheel = _build("build_wheel", unpacked, tmp / "wheel")
    with zipfile.ZipFile(wheel) as whl:
        wheel_names = set(whl.namelist())
        metadata = email.message_from_bytes(whl.read(f"{NAME}.dist-info/METADATA"))
    # `pip install .` builds the wheel from the working tree itself, strays and all
    with zipfile.ZipFile(_build("build_wheel", repo, tmp / "tree-wheel")) as whl:
        tree_wheel_names = set(whl.namelist())
    return files, names, unpacked, wheel_names, metadata, tree_wheel_names


def test_the_strays_are_what_gitignore_ignores():
    proc = subprocess.run(
        ["git", "check-ignore", "--no-index", *STRAY], cwd=ROOT, capture_output=True, text=True
    )
    assert sorted(proc.stdout.split()) == sorted(STRAY), proc


def test_the_sdist_is_the_clone_file_for_file(built):
    files, names, *_ = built
    assert all(n.startswith(f"{NAME}/") for n in names)
    shipped = {n.removeprefix(f"{NAME}/") for n in names}
    missing = sorted(set(files) - shipped)
    extra = sorted(shipped - set(files) - SDIST_METADATA)
    assert not missing, f"add these to MANIFEST.in (the sdist lacks them): {missing}"
    assert not extra, f"the sdist ships files a clone does not have: {extra}"
    assert SDIST_METADATA <= shipped


def test_the_sdist_ships_every_test_with_its_conftest(built):
    files, names, *_ = built
    shipped = {n.removeprefix(f"{NAME}/") for n in names}
    tests = [f for f in files if f.startswith("tests/")]
    conftests = [f for f in tests if Path(f).name == "conftest.py"]
    assert "tests/conftest.py" in conftests
    assert set(tests) <= shipped
    assert LICENCES <= shipped and "tapekit/widgets/fonts/TapekitSansSC-Regular.ttf" in shipped


def test_the_sdist_test_suite_collects(built):
    """pytest on the unpacked sdist, as a distro packager runs it: every test collects."""
    unpacked = built[2]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=300,
        env={**_environ(), "PYTHONPATH": str(unpacked)},
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    last = proc.stdout.strip().splitlines()[-1]
    assert " tests collected in " in last and "error" not in last, last
    assert int(last.split()[0]) > 1000, last
    # ... with the sdist's own tapekit, not this checkout's
    where = subprocess.run(
        [sys.executable, "-c", "import tapekit; print(tapekit.__file__)"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        env={**_environ(), "PYTHONPATH": str(unpacked)},
    ).stdout.strip()
    assert Path(where).is_relative_to(unpacked), where


def _environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"PYTEST_ADDOPTS", "PYTHONPATH"}}


def test_the_wheel_is_the_package_with_its_font_and_licences(built):
    files, _, _, wheel_names, _, tree_wheel_names = built
    info = f"{NAME}.dist-info"
    package = {f for f in files if f.startswith("tapekit/")}
    shipped = {n for n in wheel_names if not n.startswith(f"{info}/")}
    assert shipped == package, (
        f"the wheel lacks {sorted(package - shipped)} and adds {sorted(shipped - package)}"
    )
    assert "tapekit/widgets/fonts/TapekitSansSC-Regular.ttf" in shipped
    # the kernelspec: `python -m tapekit install-kernel` and the module that writes kernel.json
    assert "tapekit/__main__.py" in shipped
    assert [n for n in shipped if n.endswith("/kernelspec.py")]
    assert {f"{info}/licenses/{name}" for name in LICENCES} <= wheel_names
    assert {f"{info}/{n}" for n in ("METADATA", "WHEEL", "RECORD", "top_level.txt")} <= wheel_names
    assert tree_wheel_names == wheel_names, "a stray file in the working tree reached the wheel"


def test_the_wheel_metadata_declares_both_licences(built):
    metadata = built[4]
    assert metadata["License-Expression"] == "MIT AND OFL-1.1"
    assert sorted(metadata.get_all("License-File")) == sorted(LICENCES)
    assert "jupyter" in metadata.get_all("Provides-Extra")
