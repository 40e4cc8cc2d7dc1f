"""Packaging of the widgets: the CJK font (coverage, licence, package data), lazy loading,
and the CI command that installs the browser for the end-to-end test."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import tapekit.notebook  # each subsystem registers its catalog when imported
import tapekit.optimizers
import tapekit.widgets  # noqa: F401
from tapekit._messages import CATALOG

pytestmark = pytest.mark.numpy_only


def test_every_chinese_message_is_covered_by_the_fonts():
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    from tapekit.widgets._render import FONT_FILE

    cjk = set(TTFont(FONT_FILE).getBestCmap())
    dejavu = set(TTFont(font_manager.findfont("DejaVu Sans")).getBestCmap())
    missing = sorted(
        {
            ch
            for entry in CATALOG.values()
            for ch in entry.get("zh", "")
            if ord(ch) not in cjk and ord(ch) not in dejavu and ch not in "\n\t"
        }
    )
    assert not missing, f"run tools/make_cjk_font.py: missing {''.join(missing)!r}"


def test_font_is_small_and_licensed():
    from tapekit.widgets._render import FONT_FILE

    assert FONT_FILE.stat().st_size < 3_000_000
    licence = (FONT_FILE.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name" in licence


def _modules_after(code: str) -> list[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_widgets_load_lazily():
    heavy = ("ipywidgets", "matplotlib", "PIL")
    mods = _modules_after("import tapekit as tk\ntk.widgets")
    assert not [m for m in mods if m.split(".")[0] in heavy]
    mods = _modules_after("import tapekit as tk\ntk.widgets.derivative_explorer")
    assert "matplotlib" in mods and "matplotlib.pyplot" not in mods


def test_ci_runs_the_readme_test_command_and_installs_chromium_only_as_root():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    ci = (root / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert f"```bash\n{ci}\n```" in readme
    assert ci.startswith('if [ "$(id -u)" = 0 ] && ! command -v chromium')
    assert "apt-get install -y -qq chromium" in ci


def test_the_font_ships_in_the_package():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert (
        '[tool.setuptools.package-data]\n"tapekit.widgets" = ["fonts/*.ttf", "fonts/OFL.txt"]'
        in text
    )


def test_a_missing_plotting_library_names_the_extra():
    code = (
        "import sys\nsys.modules['matplotlib'] = None\nimport tapekit as tk\n"
        "try:\n    tk.widgets.derivative_explorer\nexcept ModuleNotFoundError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "needs matplotlib" in out.stdout and "pip install 'tapekit[jupyter]'" in out.stdout


def test_licence_metadata_declares_the_font():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT AND OFL-1.1"' in text
    assert 'license-files = ["LICENSE", "tapekit/widgets/fonts/OFL.txt"]' in text
    assert 'requires = ["setuptools>=77"]' in text


def test_a_misspelt_widget_name_gets_the_catalogs_message():
    import tapekit as tk

    with pytest.raises(AttributeError) as err:
        tk.widgets.derivative_explorr  # noqa: B018
    assert str(err.value) == (
        "module 'tapekit.widgets' has no attribute 'derivative_explorr'; "
        "did you mean 'derivative_explorer'?"
    )
    tk.config.set_language("zh")
    try:
        with pytest.raises(AttributeError, match="模块 'tapekit.widgets' 没有属性"):
            tk.widgets.nothing_close_at_all  # noqa: B018
    finally:
        tk.config.set_language("en")
