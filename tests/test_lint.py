"""ruff keeps the code base in one style; this makes CI enforce it."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.numpy_only


def _ruff() -> list[str]:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert exe, "ruff is part of the test extra: pip install -e '.[test]'"
    return [exe]


def test_ruff_check_passes():
    targets = [p for p in ("tapekit", "tests", "bench") if (ROOT / p).exists()]
    result = subprocess.run([*_ruff(), "check", *targets], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_engine_never_imports_numpy_directly():
    """Only the backend (and NumPy-facing helpers) may import numpy or cupy."""
    allowed = {
        "tapekit/_engine/backend/__init__.py",
        "tapekit/_engine/backend/array_helpers.py",  # the backend's second half
        "tapekit/testing.py",
        "tapekit/_engine/numpy_protocol.py",
    }
    offenders = []
    for path in (ROOT / "tapekit").rglob("*.py"):
        if (
            path.relative_to(ROOT).as_posix() in allowed
            or "widgets" in path.parts
            or "magics" in path.name
        ):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import numpy", "from numpy", "import cupy", "from cupy")):
                offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert not offenders, offenders


# Modules that may still reach NumPy through the backend (``_backend.np``) or fork on it
# (``xp is np``), each with its owner. The display layers may use NumPy for plotting.
NUMPY_FORKS_ALLOWED = {
    "tapekit/_engine/backend/array_helpers.py": "the backend's named array helpers (its second half)",
    "tapekit/_engine/plan_code.py": "generated code calls NumPy by design",
    "tapekit/_engine/numpy_protocol.py": "NumPy's protocols",
    # display layers: plotting and host-side views
    "tapekit/notebook/*": "display layer",
    "tapekit/widgets/*": "display layer",
    "tapekit/magics.py": "display layer",
    "tapekit/workbench.py": "display layer",
}

_NUMPY_NAMES = {"np", "_np", "numpy"}


def _is_numpy_ref(node) -> bool:
    """``np`` / ``_np`` / ``numpy`` or ``<module>.np`` (``_backend.np``)."""
    if isinstance(node, ast.Name):
        return node.id in _NUMPY_NAMES
    return isinstance(node, ast.Attribute) and node.attr == "np"


def numpy_knowledge(path: Path) -> list[str]:
    """Lines of ``path`` that reach NumPy through the backend or fork on it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "np":
            if isinstance(node.value, ast.Name) and node.value.id in ("_backend", "backend"):
                found.append(f"{node.lineno}: {node.value.id}.np")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_backend"):
            if any(alias.name == "np" for alias in node.names):
                found.append(f"{node.lineno}: from {node.module} import np")
        elif isinstance(node, ast.Compare) and any(
            isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops
        ):
            if any(_is_numpy_ref(side) for side in [node.left, *node.comparators]):
                found.append(f"{node.lineno}: a NumPy fork ({ast.unparse(node)})")
    return found


def _allowed(rel: str) -> bool:
    return any(
        rel == pattern or (pattern.endswith("/*") and rel.startswith(pattern[:-1]))
        for pattern in NUMPY_FORKS_ALLOWED
    )


def test_only_the_backend_knows_numpy():
    """No ``_backend.np`` and no ``xp is np`` forks outside the backend: a NumPy-only
    shortcut is a named helper in tapekit/_engine/backend/__init__.py (``ones_like``, ``zeros``, ...)."""
    offenders = []
    for path in sorted((ROOT / "tapekit").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "tapekit/_engine/backend/__init__.py" or _allowed(rel):
            continue
        offenders += [f"{rel}:{hit}" for hit in numpy_knowledge(path)]
    assert not offenders, "\n".join(offenders)


def test_numpy_fork_check_sees_a_fork(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from . import _backend\n_np = _backend.np\n\ndef f(xp):\n    return xp is _np\n"
    )
    assert [hit.split(":")[0] for hit in numpy_knowledge(sample)] == ["2", "5"]
