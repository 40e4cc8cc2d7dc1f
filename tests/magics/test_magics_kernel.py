"""The magics in a real Jupyter kernel (jupyter_client), as a notebook front end sees them.

One kernel for the module (``tests/magics/conftest.py``), started from the kernelspec that ``python -m tapekit
install-kernel`` writes (so the extension is loaded by its ``--ext=tapekit``, with no
``%load_ext`` cell).  Every test asserts on the content of the messages: the status of the
execute reply, the iopub ``error`` message (or its absence), stderr lines and rich outputs.
"""

from __future__ import annotations

import json
import re
import time

import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.timeout(180)]


def test_installed_kernelspec(kernel_prefix):
    spec = json.loads((kernel_prefix / "share/jupyter/kernels/tapekit/kernel.json").read_text())
    assert spec["display_name"] == "Python 3 (tapekit)"
    assert spec["argv"][-1] == "--ext=tapekit"
    assert "ipykernel_launcher" in spec["argv"]


def test_load_ext_on_the_tapekit_kernel_says_already_loaded(kernel):
    r = kernel.ok("%load_ext tapekit")
    assert "The tapekit extension is already loaded" in r.stdout and r.stderr == ""


def test_magics_are_loaded_at_startup(kernel):
    r = kernel.ok("%%tape\ny = x * x\nz = tk.sin(y) * c\nz")
    (summary,) = r.of("display_data")
    assert summary["data"]["text/plain"].startswith(
        "tape `tape`: 3 op(s) recorded: Mul ×2, Sin\nwatched: x (Variable)\n"
        "results: y = 9.0, z = 0.824237"
    )
    assert "<b>tape <code>tape</code>: 3 op(s)" in summary["data"]["text/html"]
    assert r.result["text/plain"].startswith("<tk.Tensor: shape=(), dtype=float32, numpy=0.8242")
    r = kernel.ok("%grad y x")
    assert r.result["text/plain"] == "∂y/∂x = 6.0"
    assert "<mfrac>" in r.result["text/html"]
    assert r.result["text/latex"] == r"$$\frac{\partial y}{\partial x} = 6.0$$"
    r = kernel.ok("%load_ext tapekit")  # an explicit load in a notebook stays harmless
    assert "already loaded" in r.stdout
    assert kernel.ok("g = %grad y x\nfloat(g) * 2").result["text/plain"] == "12.0"


def test_bad_input_gives_one_line_and_the_kernel_survives(kernel):
    kernel.ok("%%tape --quiet\ny = x * x")
    cases = {
        "%grad yy x": "name `yy` is not defined. Did you mean `y`?",
        "%grad y x --ordr 2": (
            "%grad has no option --ordr. Did you mean `--order`? See %grad? for its options."
        ),
        "%%tape --watch\nw = 1": "%tape: --watch needs a value.",
        "n = 3\n%grad n x": (
            "`n` is not a tensor (it is of type int): %grad differentiates tensors computed in a "
            "%%tape cell. Create inputs with tk.constant(...) or tk.Variable(...)."
        ),
        "%grad y x --order 1000000": (
            "--order must be a whole number from 1 to 8, got 1000000: each order nests one more "
            "tape and roughly doubles the work."
        ),
        "%%tape --order 99\nw = x * x": (
            "--order must be a whole number from 1 to 8, got 99: each order nests one more tape "
            "and roughly doubles the work."
        ),
        "%tape shwo": (
            "%tape has no subcommand `shwo`. Did you mean `show`? Use one of: show, list, forget."
        ),
    }
    for code, expected in cases.items():
        assert kernel.usage_error(code) == expected
        kernel.alive()


def test_messages_in_chinese(kernel):
    kernel.ok("%%tape --quiet\ny = x * x")
    assert kernel.ok("%tapekit lang zh").stdout == "提示信息已切换为中文。\n"
    try:
        assert kernel.usage_error("%grad yy x") == "名字 `yy` 没有定义。你是不是想用 `y`？"
        assert kernel.usage_error("%grad y x --order 20").startswith(
            "--order 必须是 1 到 8 之间的整数，收到的是 20"
        )
        r = kernel.ok("%grad y c")
        (why,) = r.data("text/plain")
        assert why.startswith("∂y/∂c = None\n梯度带没有监视 `c`")
        assert "%%tape --watch c" in why
        r = kernel.ok("%%tape\nq = x * 2.0")
        assert r.data("text/plain")[0].startswith("梯度带 `tape`：记录了 1 个运算：Mul")
    finally:
        assert kernel.ok("%tapekit lang en").stdout == "Messages are now in English.\n"
    assert kernel.usage_error("%grad yy x") == "name `yy` is not defined. Did you mean `y`?"


def test_failing_cell_reports_error_status(kernel):
    r = kernel.execute("%%tape\ny2 = x * x\nraise ValueError('boom')")
    assert r.status == "error"
    (err,) = r.of("error")
    assert err["ename"] == "ValueError" and err["evalue"] == "boom"
    assert any("raise ValueError('boom')" in line for line in err["traceback"])
    assert r.of("display_data") == []  # no summary for a failed cell
    # what was recorded before the error can still be differentiated
    assert kernel.ok("%grad y2 x").result["text/plain"] == "∂y2/∂x = 6.0"


def test_a_tapekit_error_ends_at_the_users_line(kernel):
    r = kernel.execute(
        "with tk.GradientTape() as t2:\n"
        "    y3 = x * x\n"
        "t2.gradient(y3, x)\n"
        "t2.gradient(y3, x)  # the second call"
    )
    assert r.status == "error"
    assert r.content["ename"] == "RuntimeError"
    assert r.content["evalue"].startswith("A non-persistent GradientTape can only be used")
    (err,) = r.of("error")
    assert (err["ename"], err["evalue"]) == (r.content["ename"], r.content["evalue"])
    assert err["traceback"] == r.content["traceback"]
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(err["traceback"]))  # no colours
    assert "t2.gradient(y3, x)  # the second call" in text
    assert "gradient_tape.py" not in text and "_begin_gradient" not in text
    # the whole traceback stays where %debug looks for it
    r = kernel.ok(
        "import sys\ntb = sys.last_traceback\nwhile tb.tb_next:\n    tb = tb.tb_next\n"
        "tb.tb_frame.f_code.co_name"
    )
    assert r.result["text/plain"] == "'_begin_gradient'"
    kernel.alive()


def test_keyboard_interrupt_during_a_long_tape(kernel):
    started = []

    def watch(kind, content):
        if kind == "stream" and "started" in content.get("text", "") and not started:
            started.append(True)
            time.sleep(0.3)
            kernel.km.interrupt_kernel()

    code = (
        "%%tape long\n"
        "import time\n"
        "print('started', flush=True)\n"
        "v = x\n"
        "while True:\n"
        "    v = v * 1.0001\n"
        "    time.sleep(0.001)\n"
    )
    r = kernel.execute(code, timeout=60, on_message=watch)
    assert started
    assert r.status == "error"
    (err,) = r.of("error")
    assert err["ename"] == "KeyboardInterrupt"
    r = kernel.ok("import tapekit._engine.tape as T\nlen(T.state.tapes)")
    assert r.result["text/plain"] == "0"  # no tape left recording
    listing = kernel.ok("%tape list").stdout
    assert "long *:" in listing and "op(s), order 1" in listing
    kernel.alive()


def test_plot_and_show_render_svg(kernel):
    kernel.ok("%%tape --quiet --order 2\np = x * x * x")
    r = kernel.ok("%grad p x --plot --order 2")
    (svg,) = r.data("image/svg+xml")
    assert svg.startswith("<svg") and "∂²p/∂x²" in svg
    assert r.result["text/plain"] == "∂²p/∂x² = 18.0"
    r = kernel.ok("%tape show")
    assert r.result["image/svg+xml"].startswith("<svg") and ">Mul<" in r.result["image/svg+xml"]
    assert r.result["text/plain"].startswith("tape `tape`: 2 op(s)")
