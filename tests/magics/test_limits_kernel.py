"""Limits of the magics' views (issue 16 items 5, 11, 12), as a real kernel shows them.

* ``%tape show`` draws the last 60 ops and lists the last 400 as text, ``--limit N`` the
  last N, ``--all`` every op; ``%grad --explain`` shows the first 100 steps, ``--limit N``
  N, ``--all`` every one.  Each cut view says how many it left out and how to see more.
* A syntax or indentation error in a ``%%tape`` cell is shown as IPython shows the same
  typo in a plain cell.
* ``python -m tapekit install-kernel --name`` refuses a name ``jupyter kernelspec`` would
  refuse, in one line, and writes nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.timeout(300)]

N_OPS = 1000
OP_LINE = re.compile(r"^\s+v\w*\s*= Mul\(", re.M)  # one op of the text view
STEP_LINE = re.compile(r"^\s*\d+\. v\w* = Mul\(", re.M)  # one step of --explain


@pytest.fixture(scope="module")
def chain(kernel):
    """A tape `chain` of N_OPS multiplications v_k = v_{k-1} * 1.0001 from x = 3.0."""
    kernel.ok(f"%%tape --quiet chain\nv = x\nfor i in range({N_OPS}):\n    v = v * 1.0001")
    return kernel


# -- %tape show ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "shown"),
    [("", 400), ("--limit 5", 5), ("--limit=7", 7), ("--limit 1", 1), ("--all", N_OPS)],
)
def test_tape_show_text_shows_the_last_ops(chain, options, shown):
    out = chain.ok(f"%tape show chain --text {options}").stdout
    ops = OP_LINE.findall(out)
    assert len(ops) == shown
    last = out.splitlines()[-2]  # the last op, above the "watched:" line
    assert last.lstrip().startswith("v ") and "Mul(v999, 1.0001)" in last
    if shown < N_OPS:
        assert f"(showing the last {shown} of {N_OPS} ops)" in out
        assert "%tape show --limit N shows the last N, --all every op." in out
    else:
        assert "showing the last" not in out and "v1 " in out


def test_tape_show_limit_above_the_size_shows_everything(chain):
    out = chain.ok("%tape show chain --text --limit 5000").stdout
    assert len(OP_LINE.findall(out)) == N_OPS


@pytest.mark.parametrize(("options", "drawn"), [("", 60), ("--limit 3", 3)])
def test_tape_show_drawing_shows_the_last_ops(chain, options, drawn):
    r = chain.ok(f"%tape show chain {options}")
    svg = r.result["image/svg+xml"]
    assert svg.count(">Mul<") == drawn
    assert f"(showing the last {drawn} of {N_OPS} ops)" in svg
    assert "--all every op" in svg


def test_tape_show_all_draws_every_op(kernel):
    kernel.ok("%%tape --quiet chain100\nv100 = x\nfor i in range(100):\n    v100 = v100 * 1.0")
    svg = kernel.ok("%tape show chain100 --all").result["image/svg+xml"]
    assert svg.count(">Mul<") == 100 and "showing the last" not in svg


def test_the_drawing_grows_linearly_with_the_ops_drawn(kernel):
    # x and c feed every step: their edges cross every column, once routed through a
    # waypoint in each (60 ops 251 KB, 400 ops 10.5 MB of SVG)
    kernel.ok("%%tape --quiet chain200\nw = x\nfor i in range(200):\n    w = w * x + c")
    sizes = {}
    for n in (50, 400):
        svg = kernel.ok(f"%tape show chain200 --limit {n}").result["image/svg+xml"]
        assert svg.count(">Mul<") + svg.count(">AddV2<") == n
        sizes[n] = len(svg)
    assert sizes[400] / sizes[50] <= 8 * 1.25  # 8 times the ops: about 8 times the SVG
    assert sizes[400] <= 400 * 5_000  # 5 KB an op


def test_a_small_tape_is_shown_whole(kernel):
    kernel.ok("%%tape --quiet small\ns = x * x\ns2 = tk.sin(s)")
    out = kernel.ok("%tape show small --text").stdout
    assert out == (
        "tape `small`: 2 op(s)\n  s  = Mul(x, x)  9.0\n  s2 = Sin(s)     0.412118\n"
        "watched: x (Variable)\n"
    )


@pytest.mark.parametrize(
    "magic", ["%tape show chain --text --limit", "%grad v x --explain --limit"]
)
def test_the_limit_is_bounded(chain, magic):
    assert chain.ok(f"{magic} 100000").status == "ok"
    r = chain.execute(f"{magic} 100001")
    assert r.ename == "UsageError"
    assert r.stderr == (
        "UsageError: --limit must be a whole number from 1 to 100000, got 100001; "
        "--all shows everything.\n"
    )


def test_tape_show_cut_view_in_chinese(chain):
    chain.ok("%tapekit lang zh")
    try:
        out = chain.ok("%tape show chain --text --limit 2").stdout
    finally:
        chain.ok("%tapekit lang en")
    assert out.startswith(
        f"梯度带 `chain`：{N_OPS} 个运算\n（只显示最后 2 个运算，共 {N_OPS} 个）"
        "%tape show --limit N 显示最后 N 个，--all 显示全部。\n"
    )
    assert len(OP_LINE.findall(out)) == 2


# -- %grad --explain ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "steps"), [("", 100), ("--limit 3", 3), ("--limit=250", 250), ("--all", N_OPS)]
)
def test_explain_shows_the_first_steps(chain, options, steps):
    r = chain.ok(f"%grad v x --explain {options}")
    (text,) = r.data("text/plain")[:1]
    assert len(STEP_LINE.findall(text)) == steps
    assert text.startswith(f"Reverse sweep of v with respect to x: {N_OPS} op(s)")
    assert "  1. v = Mul(v999, 1.0001)" in text  # last op first
    result = r.result["text/plain"]
    assert result.startswith("∂v/∂x = 1.105")  # 1.0001**1000 in float32
    assert f"Result (chain rule): {result}" in text  # the result counts every step
    more = (
        f"… {N_OPS - steps} more step(s) of {N_OPS} not shown (the ones nearest the sources; "
        "the results below include them). %grad … --explain --limit N shows N steps, "
        "--all every one."
    )
    if steps < N_OPS:
        assert more in text
        assert f"{N_OPS - steps} more step(s)" in r.data("text/html")[0]
    else:
        assert "more step(s)" not in text and f"{N_OPS}. v1 = Mul(x, 1.0001)" in text


def test_explain_cut_in_chinese(chain):
    chain.ok("%tapekit lang zh")
    try:
        (text,) = chain.ok("%grad v x --explain --limit 2").data("text/plain")[:1]
    finally:
        chain.ok("%tapekit lang en")
    assert len(STEP_LINE.findall(text)) == 2
    assert f"…… 共 {N_OPS} 步，另有 {N_OPS - 2} 步没有显示" in text
    assert "--explain --limit N 显示 N 步，--all 显示全部。" in text


# -- a %%tape cell's syntax error looks like a plain cell's -------------------------------
def _shown(r):
    """The error as displayed, without what differs between two cells (their numbers
    and file names)."""
    tb = [re.sub(r"Cell In\[\d+\]", "Cell In[N]", ln) for ln in r.traceback]
    return r.ename, re.sub(r"\(\S+\.py, line", "(CELL, line", r.evalue), tb


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("w = x *", id="incomplete-expression"),
        pytest.param("if True:\nw = 1", id="missing-indent"),
        pytest.param("w = x * x\n  z = 1", id="unexpected-indent"),
        pytest.param("def g(:\n    pass", id="bad-def"),
        pytest.param("if True:\n\tw = 1\n        z = 2", id="tabs-and-spaces"),
        pytest.param("return 1", id="return-outside-function"),
        pytest.param("w = x * x\nw = = 2", id="typo-on-line-2"),
    ],
)
def test_a_syntax_error_in_a_tape_cell_is_shown_as_in_a_plain_cell(kernel, body):
    plain = kernel.execute(body)
    taped = kernel.execute("%%tape\n" + body)
    assert plain.status == taped.status == "error"
    assert plain.ename in ("SyntaxError", "IndentationError", "TabError")
    assert _shown(taped) == _shown(plain)
    assert len([ln for ln in taped.traceback if ln.strip()]) <= 5
    assert "tapekit" not in "\n".join(taped.traceback)
    assert kernel.value("SENTINEL") == "12345"


# -- python -m tapekit install-kernel --name ----------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        pytest.param("bad name", id="space"),
        pytest.param("../../X", id="path-up"),
        pytest.param("a/b", id="slash"),
        pytest.param("..", id="dots"),
        pytest.param("", id="empty"),
        pytest.param("k" * 101, id="too-long"),
    ],
)
def test_install_kernel_refuses_a_bad_name_and_writes_nothing(tmp_path, name):
    prefix = tmp_path / "a" / "b" / "prefix"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tapekit",
            "install-kernel",
            "--prefix",
            str(prefix),
            "--name",
            name,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert out.returncode == 2 and out.stdout == ""
    shown = name if len(name) <= 60 else name[:60]  # a long name is cut in the message
    assert out.stderr == (
        f"python -m tapekit install-kernel: `{shown}` is not a valid kernel name: use letters, "
        "digits, '.', '_' and '-' (at most 100 characters, not only dots), as `jupyter "
        "kernelspec` does. Nothing was installed.\n"
    )
    assert list(tmp_path.rglob("*")) == []  # no kernel.json, no logo, no folder anywhere


def test_install_kernel_takes_a_good_name(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "tapekit", "install-kernel", "--prefix", str(tmp_path)]
        + ["--name", "tk-course.v2_1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert out.stdout.startswith("Installed kernelspec tk-course.v2_1 (Python 3 (tapekit))")
    assert (tmp_path / "share/jupyter/kernels/tk-course.v2_1/kernel.json").is_file()
