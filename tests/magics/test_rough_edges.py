"""What a newcomer met in the magics (issue 11): usage text, help advice, code spans in
rendered output, constants named by value, and the `python -m tapekit lab` command."""

from __future__ import annotations

import sys

import pytest

from tapekit.__main__ import lab_command

pytestmark = pytest.mark.numpy_only


def test_usage_has_no_stray_colons(shell):
    r = shell("%grad")
    assert "Usage: %grad [--tape NAME]" in r.stderr and "::" not in r.stderr
    shell("%tapekit lang zh")
    try:
        r = shell("%grad")
        assert "用法：%grad [--tape NAME]" in r.stderr and "::" not in r.stderr
    finally:
        shell("%tapekit lang en")


def test_tape_show_help_advises_a_working_help(shell):
    r = shell("%tape show --help")
    assert "See %tape? for its options." in r.stderr and "show?" not in r.stderr


def test_rendered_output_shows_no_backticks(shell):
    shell("import tapekit as tk\nx = tk.constant(2.0)")
    r = shell("%%tape --watch x\ny = x**3")
    html = "".join(o.get("text/html", "") for o in r.outputs)
    assert "<code>tape</code>" in html and "`" not in html
    svg = shell("%tape show").mime("image/svg+xml")[0]
    assert '<tspan font-family="monospace">tape</tspan>' in svg and "`" not in svg
    r = shell("c = tk.constant(1.0)\n%grad y c")
    assert "`" not in "".join(r.mime("text/html"))


def test_explain_names_a_constant_by_its_value(shell):
    shell("import tapekit as tk\nx = tk.constant(2.0)")
    shell("%%tape --watch x --quiet\ny = x**3")
    r = shell("%grad y x --explain")
    text = r.text + "".join(r.mime("text/html"))
    assert "Pow(x, 3.0)" in text and "v1" not in text


def test_lab_adds_allow_root_only_as_root():
    assert lab_command(["notebooks/"], root=True) == [
        sys.executable,
        "-m",
        "jupyterlab",
        "--allow-root",
        "notebooks/",
    ]
    assert lab_command(["notebooks/"], root=False) == [
        sys.executable,
        "-m",
        "jupyterlab",
        "notebooks/",
    ]
    assert lab_command(["--allow-root"], root=True).count("--allow-root") == 1
