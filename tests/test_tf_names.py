"""The README's "Which TF names tapekit has" section is what tools/tf_names.py generates."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import tapekit as tk

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.numpy_only


def _tool():
    spec = importlib.util.spec_from_file_location("tf_names", ROOT / "tools" / "tf_names.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_section_is_generated_from_the_code():
    tool = _tool()
    readme = (ROOT / "README.md").read_text("utf-8")
    assert tool.readme_section(readme) == tool.section(), (
        "README's TF-names section is stale: run python tools/tf_names.py --write"
    )


def test_issue13_names_are_listed_as_present():
    section = _tool().section()
    for name in ["sort", "scatter_nd", "foldl", "map_fn", "roll", "meshgrid", "clip_by_norm"]:
        assert f"`{name}`" in section
        assert callable(getattr(tk, name))
    assert "`top_k`" in section and callable(tk.math.top_k)
