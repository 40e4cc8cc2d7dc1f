"""CI replays the Binder recipe without Docker, then runs the whole course inside it.

repo2docker builds the Binder image from ``binder/``: ``pip install -r
binder/requirements.txt`` (which installs tapekit itself, ``.``) in an environment with the
``runtime.txt`` Python, then ``binder/postBuild``.  Docker is not available here, so this test
replays those steps in one fresh virtualenv:

1. a copy of the repository as a clone has it (tracked and untracked-but-not-ignored files:
   no ``.venv``, no build artefacts);
2. ``python -m venv`` with the ``runtime.txt`` Python when it is on ``PATH`` (else this one);
3. ``pip install -r binder/requirements.txt`` (the lock ``binder/lock.py`` writes: every
   package pinned) from the copy's root, from the package registry only
   (``PIP_FIND_LINKS``/``PIP_NO_INDEX`` removed), with pip's usual cache, so a rerun
   downloads nothing; then ``pip freeze`` must be the lock exactly (nothing unpinned came
   in, nothing pinned was left out) and ``pip check`` must find no conflict;
4. ``binder/postBuild`` with the environment first on ``PATH`` and a throw-away ``HOME``, as
   repo2docker runs it; it must install the "Python 3 (tapekit)" kernelspec and the
   JupyterLab settings override ``binder/lab-overrides.json``, and switch nbgrader's
   extensions off but Validate (hub/README.md, "nbgrader's extensions by role");
5. nbval (installed into the environment at the versions this suite uses) in strict mode over
   every notebook, one language after the other, on the kernel each notebook names (``python3``,
   which in this environment is the environment's own ipykernel: what JupyterLab starts on
   Binder when a student opens a notebook).

It is slow (JupyterLab and its dependencies are installed: 75-125 s with a warm pip cache,
a few minutes with a cold one) and bounded: every step has a timeout, and so does the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

pytestmark = [pytest.mark.numpy_only, pytest.mark.slow, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parents[2]
SANITIZE = Path("tests/notebooks/nbval_sanitize.cfg")
OTHER = {"en": "zh", "zh": "en"}
# nbgrader's lab plugins left out and its server extensions switched, in the environment
NBGRADER_STATE = """
import json
from jupyter_core.paths import jupyter_config_path
from jupyter_server.extension.config import ExtensionConfigManager
from jupyterlab_server.config import get_static_page_config

lab = get_static_page_config(level="all")
lab = {k: [p.split(":")[1] for p, v in lab.get(k, {}).items() if v and p.startswith("@jupyter/nbgrader:")]
       for k in ("disabledExtensions", "lockedExtensions")}
server = ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()
print(json.dumps([lab, {k.split(".")[-1]: v for k, v in server.items() if k.startswith("nbgrader.")}]))
"""


def _run(cmd, *, timeout, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert proc.returncode == 0, (
        f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
        f"{proc.stdout[-8000:]}\n{proc.stderr[-8000:]}"
    )
    return proc


def _runtime_python() -> str:
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    version = re.fullmatch(r"python-(3\.\d+)", runtime)[1]
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    return shutil.which(f"python{version}") or sys.executable


def _copy_of_the_repository(dest: Path) -> Path:
    files = _run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        timeout=60,
    ).stdout.split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():  # (a tracked file deleted in the working tree is skipped)
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def _environment(venv: Path, home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "PIP_FIND_LINKS",
            "PIP_NO_INDEX",
            "PIP_EXTRA_INDEX_URL",
            "PYTEST_ADDOPTS",
            "PYTHONPATH",
            "PYTHONHOME",
            "VIRTUAL_ENV",
            "MPLBACKEND",
            "MPLCONFIGDIR",
            "JUPYTER_PATH",
            "JUPYTER_CONFIG_DIR",
            "JUPYTER_DATA_DIR",
            "IPYTHONDIR",
            "TAPEKIT_LANG",
        }
    }
    # pip's cache stays where it is (HOME moves): a second run installs from it
    cache = _run([sys.executable, "-m", "pip", "cache", "dir"], timeout=60).stdout.strip()
    env.update(
        HOME=str(home),
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        PIP_CACHE_DIR=cache,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONWARNINGS="",
    )
    return env


def _versions(lines) -> dict[str, str]:
    """``{normalised name: version}`` of ``name==version`` lines (tapekit left out)."""
    pins = {}
    for line in lines:
        name, sep, version = line.partition("#")[0].strip().partition("==")
        if sep and canonicalize_name(name) != "tapekit":
            pins[canonicalize_name(name)] = version
    return pins


def _code_cells(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(c["cell_type"] == "code" for c in nb["cells"])


def test_the_binder_recipe_runs_the_course(tmp_path):
    t0 = time.monotonic()
    repo = _copy_of_the_repository(tmp_path / "repo")
    venv, home = tmp_path / "venv", tmp_path / "home"
    home.mkdir()
    env = _environment(venv, home)
    python = str(venv / "bin" / "python")

    _run([_runtime_python(), "-m", "venv", str(venv)], timeout=300)
    _run(
        [python, "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
        cwd=repo,
        env=env,
        timeout=900,
    )
    lock = (repo / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    freeze = _run([python, "-m", "pip", "freeze"], env=env, timeout=120).stdout.splitlines()
    locked, installed_versions = _versions(lock), _versions(freeze)
    assert installed_versions == locked, (
        "pip install -r binder/requirements.txt did not install exactly the lock: "
        f"unpinned {sorted(set(installed_versions) - set(locked))}, "
        f"missing {sorted(set(locked) - set(installed_versions))}, other versions "
        f"{ {k: v for k, v in installed_versions.items() if locked.get(k, v) != v} }"
    )
    _run([python, "-m", "pip", "check"], env=env, timeout=120)
    _run(["bash", "binder/postBuild"], cwd=repo, env=env, timeout=300)
    specs = json.loads(
        _run([python, "-m", "jupyter", "kernelspec", "list", "--json"], env=env, timeout=60).stdout
    )["kernelspecs"]
    assert "tapekit" in specs, f"postBuild did not install the tapekit kernelspec: {list(specs)}"
    assert specs["tapekit"]["resource_dir"].startswith(str(venv)), specs["tapekit"]
    # ... and ipywidgets' saveState, where JupyterLab and Notebook 7 read it
    installed_overrides = venv / "share/jupyter/lab/settings/overrides.d/tapekit.json"
    assert installed_overrides.is_file(), "postBuild did not install binder/lab-overrides.json"
    assert json.loads(installed_overrides.read_text(encoding="utf-8")) == json.loads(
        (repo / "binder" / "lab-overrides.json").read_text(encoding="utf-8")
    )
    # ... and nbgrader's extensions off but Validate (Binder has no exchange; hubs switch them
    # on by role), as JupyterLab and the Jupyter server of the environment read their settings
    lab, server = json.loads(_run([python, "-c", NBGRADER_STATE], env=env, timeout=60).stdout)
    off = {"assignment-list", "course-list", "formgrader", "create-assignment"}
    assert set(lab["disabledExtensions"]) == set(lab["lockedExtensions"]) == off, lab
    assert {k for k, on in server.items() if not on} == {
        "assignment_list",
        "course_list",
        "formgrader",
    }, server
    installed = time.monotonic()

    # the test tools, at this suite's versions (not part of the Binder image)
    tools = [f"{name}=={metadata.version(name)}" for name in ("pytest", "pytest-timeout", "nbval")]
    _run([python, "-m", "pip", "install", "-q", *tools], env=env, timeout=600)

    # One language after the other: two nbval processes starting kernels at the same moment
    # can pick the same free port (jupyter_client picks one, then the kernel binds it), and
    # the losing kernel dies before replying to kernel_info.  Seen once in CI.
    for lang in ("en", "zh"):
        notebooks = sorted((repo / "notebooks" / lang).glob("*.ipynb"))
        cmd = [
            python,
            "-m",
            "pytest",
            "--nbval",
            f"--nbval-sanitize-with={SANITIZE}",
            "--nbval-cell-timeout=120",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-q",
            *[str(p.relative_to(repo)) for p in notebooks],
        ]
        # the notebooks' own language cell must win over the environment
        lang_env = {**env, "TAPEKIT_LANG": OTHER[lang]}
        try:
            proc = subprocess.run(
                cmd,
                cwd=repo,
                env=lang_env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                timeout=600,
            )
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode("utf-8", "replace")
            raise AssertionError(f"nbval on notebooks/{lang} timed out:\n{out[-20000:]}") from None
        text = proc.stdout.decode("utf-8", "replace")
        assert proc.returncode == 0, (
            f"nbval failed on notebooks/{lang} in the Binder env:\n{text[-20000:]}"
        )
        summary = text.strip().splitlines()[-1]
        counts = {k: int(n) for n, k in re.findall(r"(\d+) (\w+)", summary)}
        expected = sum(_code_cells(p) for p in notebooks)
        assert counts == {"passed": expected}, (
            f"{lang}: expected {expected} passed cells: {summary}"
        )
    print(
        f"Binder replay: environment {installed - t0:.0f} s, "
        f"course under nbval {time.monotonic() - installed:.0f} s"
    )
