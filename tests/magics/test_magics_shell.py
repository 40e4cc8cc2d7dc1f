"""The magics through a real IPython ``InteractiveShell``: what a student sees."""

from __future__ import annotations

import pytest
from IPython.core.error import UsageError

import tapekit as tk
from tapekit._engine import tape as _tape
from tapekit.gradient_tape import GradientTape
from tapekit.magics import TapeMagics

pytestmark = pytest.mark.numpy_only


def one_line_error(ran) -> str:
    """The cell failed with a one-line UsageError (no traceback); returns the message."""
    assert not ran.ok
    assert isinstance(ran.error, UsageError)
    assert "Traceback" not in ran.stdout + ran.stderr
    lines = [ln for ln in ran.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith("UsageError: ")
    return lines[0][len("UsageError: ") :]


# -- loading -----------------------------------------------------------------------------


def test_load_is_idempotent_and_unload_removes_everything(shell):
    ip = shell.ip
    magics = shell.magics
    tk.load_ipython_extension(ip)
    tk.load_ipython_extension(ip)  # %load_ext calls it again after %reload_ext
    assert ip._tapekit_magics is magics
    assert ip.configurables.count(magics) == 1
    lines = ip.magics_manager.magics["line"]
    assert lines["grad"].__self__ is magics
    assert ip.magics_manager.magics["cell"]["tape"].__self__ is magics
    tk.unload_ipython_extension(ip)
    assert "grad" not in lines and "tapekit" not in lines and "tape" not in lines
    assert "tape" not in ip.magics_manager.magics["cell"]
    assert magics not in ip.configurables
    assert not hasattr(ip, "_tapekit_magics")
    ran = shell("%grad y x")
    assert not ran.ok and "grad" in ran.stderr  # "Line magic function `%grad` not found"
    tk.load_ipython_extension(ip)
    assert ip._tapekit_magics is not magics
    ran = shell("x = tk.Variable(2.0)\n%tapekit info")
    assert ran.ok and "tapekit 0.1.0" in ran.text


def test_load_ext_reload_ext_unload_ext(shell):
    for line in ("%load_ext tapekit", "%reload_ext tapekit", "%unload_ext tapekit"):
        ran = shell(line)
        assert ran.ok, ran.stderr
    assert "tapekit" not in shell.ip.magics_manager.magics["line"]
    assert shell("%load_ext tapekit").ok
    assert shell("%tapekit info").ok


def test_help_lists_the_options():
    doc = TapeMagics.grad.__doc__
    for opt in ("--tape", "--zero", "--order", "--explain", "--plot"):
        assert opt in doc
    doc = TapeMagics.tape.__doc__
    for opt in ("--persistent", "--watch", "--no-watch-accessed", "--order", "--quiet", "show"):
        assert opt in doc


def test_help_through_the_shell(shell):
    ran = shell("%grad?")
    assert ran.ok
    assert "%grad [--tape NAME] [--zero] [--order ORDER] [--explain] [--plot]" in ran.stdout
    assert "--order ORDER    derivative order (the cell needs %%tape --order N)" in ran.stdout
    assert "梯度为 None 时会说明原因和解决办法" in ran.stdout
    ran = shell("%tape?")
    assert "%tape show [NAME] [--text]" in ran.stdout and "--watch x,y" in ran.stdout


# -- %%tape ------------------------------------------------------------------------------


def test_tape_cell_records_summarises_and_displays_last_expression(shell):
    shell("x = tk.Variable(3.0)")
    ran = shell("%%tape\ny = x * x\nz = tk.sin(y)\ny")
    assert ran.ok, ran.stderr
    (summary,) = ran.outputs
    text = summary["text/plain"]
    assert "tape `tape`: 2 op(s) recorded: Mul, Sin" in text
    assert "watched: x (Variable)" in text
    assert "results: y = 9.0, z = 0.412118" in text
    assert "<b>" in summary["text/html"]
    assert float(ran.value) == 9.0  # the last expression is the cell's result
    assert isinstance(shell.ns["tape"], GradientTape)
    assert _tape.state.tapes == []


def test_trailing_semicolon_silences_the_last_expression(shell):
    shell("x = tk.Variable(3.0)")
    ran = shell("%%tape\ny = x * x\ny;")
    assert ran.ok and ran.value is None


def test_quiet_and_name_and_persistent(shell):
    shell("x = tk.Variable(3.0)")
    ran = shell("%%tape t --persistent --quiet\ny = x * x * x")
    assert ran.ok and ran.outputs == []
    t = shell.ns["t"]
    assert t.persistent
    assert float(t.gradient(shell.ns["y"], shell.ns["x"])) == 27.0
    assert float(t.gradient(shell.ns["y"], shell.ns["x"])) == 27.0


def test_plain_tape_semantics_stay_tensorflows(shell):
    """The bound tape is non-persistent: one gradient() call, then TF's error; %grad is
    not a gradient() call and keeps working."""
    shell("x = tk.Variable(3.0)")
    shell("%%tape\ny = x * x")
    assert float(shell("tape.gradient(y, x)").value) == 6.0
    ran = shell("tape.gradient(y, x)")
    assert isinstance(ran.error, RuntimeError)
    assert "non-persistent GradientTape" in str(ran.error)
    assert float(shell("%grad y x").value) == 6.0
    assert float(shell("%grad y x").value) == 6.0


def test_cell_exception_propagates_and_tapes_are_released(shell):
    shell("x = tk.Variable(3.0)")
    ran = shell("%%tape\ny = x * x\nraise ValueError('boom')")
    assert not ran.ok
    assert isinstance(ran.error, ValueError) and str(ran.error) == "boom"
    assert "boom" in ran.stdout  # the traceback points at the cell
    assert "Cell In" in ran.stdout and "raise ValueError" in ran.stdout
    assert _tape.state.tapes == []
    assert float(shell("%grad y x").value) == 6.0  # what was recorded before the error


def test_syntax_error_in_cell_fails_the_cell(shell):
    ran = shell("%%tape\ny = = 1")
    assert not ran.ok and isinstance(ran.error, SyntaxError)


def test_cell_can_use_magics_and_watch_through_the_bound_tape(shell):
    ran = shell("c = tk.constant(2.0)\n")
    ran = shell("%%tape\ntape.watch(c)\nw = c * c\n%time v = w + 1")
    assert ran.ok, ran.stderr
    assert float(shell("%grad v c").value) == 4.0
    # watching through the bound (innermost) tape is enough for higher orders too
    shell("%%tape --order 2\ntape.watch(c)\nw = c ** 3")
    assert float(shell("%grad w c --order 2").value) == 12.0


def test_watch_existing_and_cell_created_names(shell):
    shell("a = tk.constant(2.0)")
    ran = shell("%%tape --watch a,b\nb = tk.constant(3.0)\nz = a * a * b")
    assert ran.ok, ran.stderr
    assert "watched: a, b" in ran.outputs[0]["text/plain"]
    g = shell("%grad z a b").value
    assert [float(v) for v in g] == [12.0, 4.0]


def test_watch_unknown_name_suggests(shell):
    shell("alpha = tk.constant(2.0)")
    msg = one_line_error(shell("%%tape --watch alpah\nz = alpha * 2.0"))
    assert msg == (
        "--watch alpah: `alpah` is neither defined nor assigned in this cell. Did you mean `alpha`?"
    )
    assert "z" not in shell.ns  # the cell did not run


def test_watch_non_tensor_warns(shell):
    ran = shell("%%tape --watch n\nn = 3")
    assert ran.ok
    assert "--watch n: `n` is not a tensor (it is of type int)" in ran.stderr


def test_no_watch_accessed(shell):
    shell("x = tk.Variable(3.0)")
    ran = shell("%%tape --no-watch-accessed\ny = x * x")
    assert "Nothing was recorded" in ran.outputs[0]["text/plain"]
    ran = shell("%grad y x")
    assert ran.value is None
    assert "--no-watch-accessed" in ran.outputs[0]["text/plain"]


def test_bad_tape_name_and_order(shell):
    assert "not a valid Python name" in one_line_error(shell("%%tape 3x\ny = 1"))
    msg = one_line_error(shell("%%tape --order 1000\ny = 1"))
    assert msg.startswith("--order must be a whole number from 1 to 8, got 1000")
    msg = one_line_error(shell("%%tape --order two\ny = 1"))
    assert msg == "%tape: --order expects an integer, got 'two'."


# -- %grad -------------------------------------------------------------------------------


def test_grad_seed_example_as_math(shell):
    shell("x = tk.ones((2, 2))")
    shell("%%tape --watch x\ny = tk.reduce_sum(x)\nz = tk.multiply(y, y)")
    ran = shell("%grad z x")
    assert ran.ok
    assert ran.bundle["text/plain"] == "∂z/∂x =\n[[8., 8.],\n [8., 8.]]"
    assert "<mfrac>" in ran.bundle["text/html"] and "<mn>8.0</mn>" in ran.bundle["text/html"]
    assert ran.bundle["text/latex"] == (
        r"$$\frac{\partial z}{\partial x} = "
        r"\begin{bmatrix}8.0 & 8.0 \\ 8.0 & 8.0\end{bmatrix}$$"
    )
    g = shell("g = %grad z x\ng").value
    assert isinstance(g, tk.Tensor)
    assert g.numpy().tolist() == [[8.0, 8.0], [8.0, 8.0]]
    assert float(shell("tk.reduce_sum(g * 2)").value) == 64.0


def test_grad_wrt_and_several_sources(shell):
    shell("x = tk.Variable(3.0)\nw = tk.Variable(2.0)")
    shell("%%tape\nz = x * x * w")
    ran = shell("dx, dw = %grad z wrt x,w\n(dx, dw)")
    assert [float(v) for v in ran.value] == [12.0, 9.0]
    ran = shell("%grad z x w")
    assert ran.bundle["text/plain"] == "∂z/∂x = 12.0\n∂z/∂w = 9.0"
    assert r"\begin{aligned}" in ran.bundle["text/latex"]


def test_grad_of_non_scalar_target_notes_the_sum(shell):
    shell("x = tk.Variable([1.0, 2.0])")
    shell("%%tape\ny = x * x")
    ran = shell("%grad y x")
    assert ran.value.numpy().tolist() == [2.0, 4.0]
    assert "gradient of its sum" in ran.bundle["text/plain"]
    assert "tape.jacobian" in ran.bundle["text/plain"]


def test_grad_order_after_the_cell(shell):
    shell("x = tk.Variable(2.0)")
    ran = shell("%%tape --order 3\ny = x ** 4")
    assert "order 3: 3 nested tapes" in ran.outputs[0]["text/plain"]
    n_ops = len(shell.magics.records["tape"].entries)
    for order, expected in [(1, 32.0), (2, 48.0), (3, 48.0), (2, 48.0), (1, 32.0)]:
        ran = shell(f"%grad y x --order {order}")
        assert float(ran.value) == expected
    assert shell("%grad y x --order 2").bundle["text/plain"] == "∂²y/∂x² = 48.0"
    assert len(shell.magics.records["tape"].entries) == n_ops  # the record never grows


def test_grad_order_needs_recorded_order(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape\ny = x ** 4")
    msg = one_line_error(shell("%grad y x --order 2"))
    assert msg == (
        "tape `tape` was recorded for derivatives up to order 1; to get order 2, run its cell "
        "again as `%%tape --order 2`."
    )
    msg = one_line_error(shell("%grad y x --order 100000"))
    assert msg.startswith("--order must be a whole number from 1 to 8, got 100000")


def test_grad_constant_derivative_at_second_order(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape --order 2\ny = 3.0 * x")
    ran = shell("%grad y x --order 2")
    assert ran.value is None
    text = ran.outputs[0]["text/plain"]
    assert text.startswith("∂²y/∂x² = None\n")
    assert "derivative of order 1 of `y` does not depend on `x`" in text
    assert float(shell("%grad y x --order 2 --zero").value) == 0.0


def test_grad_zero(shell):
    shell("x = tk.Variable(2.0)\nu = tk.Variable(1.0)")
    shell("%%tape\ny = x * x")
    ran = shell("%grad y u --zero")
    assert float(ran.value) == 0.0


def test_tape_option_and_users_own_tape(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape first\ny = x * x")
    shell("%%tape second\nz = x * x * x")
    assert float(shell("%grad y x").value) == 4.0  # found on the record that has y
    assert float(shell("%grad y x --tape first").value) == 4.0
    msg = one_line_error(shell("%grad y x --tape frist"))
    assert msg == "No tape named `frist`. Did you mean `first`? Recorded tapes: `first`, `second`."
    shell("with tk.GradientTape(persistent=True) as mine:\n    w = x * 5.0")
    assert float(shell("%grad w x --tape mine").value) == 5.0
    shell("with tk.GradientTape() as once:\n    v = x * 5.0\nonce.gradient(v, x)")
    assert "already released its record" in one_line_error(shell("%grad v x --tape once"))


def test_no_tape_yet(shell):
    shell("x = tk.Variable(2.0)")
    assert one_line_error(shell("%grad x x")).startswith("No tape recorded yet")


# -- why None -----------------------------------------------------------------------------


def why(shell, line) -> str:
    ran = shell(line)
    assert ran.ok and ran.value is None, ran.stderr
    (out,) = ran.outputs
    assert "border-left" in out["text/html"]
    return out["text/plain"]


def test_why_not_watched(shell):
    shell("c = tk.constant(2.0)\nx = tk.Variable(1.0)")
    shell("%%tape\ny = c * c * x")
    text = why(shell, "%grad y c")
    assert text.startswith("∂y/∂c = None\nThe tape did not watch `c`")
    assert "`%%tape --watch c`" in text and "tape.watch(c)" in text


def test_why_integer_source(shell):
    shell("k = tk.constant(3)\nx = tk.Variable(1.0)")
    with pytest.warns(UserWarning, match="watched tensor must be floating"):
        shell("%%tape --watch k\ny = tk.cast(k, tk.float32) * x")
    text = why(shell, "%grad y k")
    assert "integer dtype int32" in text and "tk.constant(3.0) instead of tk.constant(3)" in text


def test_why_variable_replaced_by_a_tensor(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape\ny = x + 1")
    assert float(shell("%grad y x").value) == 1.0
    shell("x = x + 1  # should be x.assign_add(1)")
    shell("%%tape\ny = x + 1")
    text = why(shell, "%grad y x")
    assert "`x` was a tk.Variable but is now a plain Tensor" in text
    assert "`x.assign_add(1)`" in text


def test_why_value_left_the_tape(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape\ny = tk.constant(x.numpy()) * 2.0")
    text = why(shell, "%grad y x")
    assert "No differentiable op used `x`" in text
    with pytest.warns(UserWarning, match="np.log10 is not differentiable"):
        shell("%%tape\nh = x * 1.0\nq = tk.constant(np.log10(h)) * 2.0")
    text = why(shell, "%grad q x")
    assert "passed tensors through np.log10" in text


def test_why_target_computed_outside(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape\ny = x * x")
    shell("z = y * 2.0")
    text = why(shell, "%grad z x")
    assert "`z` was not computed while the tape was recording" in text


def test_why_not_connected(shell):
    shell("x = tk.Variable(2.0)\nu = tk.Variable(1.0)")
    shell("%%tape\ny = x * x\nv = u * 2.0")
    text = why(shell, "%grad y u")
    assert "`y` does not depend on `u`" in text and "--zero" in text


def test_why_untrainable(shell):
    shell("x = tk.Variable(2.0, trainable=False)")
    shell("%%tape\ny = x * x")
    assert "trainable=False" in why(shell, "%grad y x")


# -- errors --------------------------------------------------------------------------------


def test_unknown_names_suggest(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape\nloss = x * x")
    assert one_line_error(shell("%grad los x")) == "name `los` is not defined. Did you mean `loss`?"
    assert one_line_error(shell("%grad loss xx")) == "name `xx` is not defined. Did you mean `x`?"


def test_plot_options_without_plot_say_so(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape\ny = x * x")
    assert one_line_error(shell("%grad y x --range=-2:2")) == (
        "%grad: --range only applies with --plot; add --plot to draw the derivative over that "
        "range."
    )
    assert "--points only applies with --plot" in one_line_error(shell("%grad y x --points 41"))
    # a bad value still gets its own error first
    assert one_line_error(shell("%grad y x --range 5:1")).startswith("--range expects LOW:HIGH")


def test_a_tape_name_never_replaces_a_tensor(shell):
    shell("x = tk.Variable(2.0)")
    error = one_line_error(shell("%%tape x\ny = x * x"))
    assert error.startswith("%%tape x: `x` already holds a tk.Variable")
    assert "%%tape --watch x" in error
    assert shell("float(x.numpy())").result.result == 2.0  # x is still the variable
    shell("%%tape t\ny = x * x")
    shell("%%tape t\ny = x * x")  # running a cell again rebinds its own tape
    assert type(shell("t").result.result).__name__ == "GradientTape"


def test_non_tensor_target(shell):
    shell("x = tk.Variable(2.0)\nn = 3")
    shell("%%tape\ny = x * x")
    msg = one_line_error(shell("%grad n x"))
    assert msg.startswith("`n` is not a tensor (it is of type int): %grad differentiates")


def test_malformed_options(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape\ny = x * x")
    assert one_line_error(shell("%grad y x --explian")) == (
        "%grad has no option --explian. Did you mean `--explain`? See %grad? for its options."
    )
    assert one_line_error(shell("%grad y x --order")) == "%grad: --order needs a value."
    assert one_line_error(shell("%grad")).startswith(
        "%grad needs a target and at least one source. Usage:"
    )
    assert one_line_error(shell("%grad y")).startswith("%grad needs a target and at least one")
    assert one_line_error(shell("%grad y x --range 5:1 --plot")) == (
        "--range expects LOW:HIGH with LOW < HIGH, got `5:1`."
    )


def test_errors_in_chinese(shell):
    shell("x = tk.Variable(2.0)")
    shell("%%tape\nloss = x * x")
    assert shell("%tapekit lang zh").stdout.strip() == "提示信息已切换为中文。"
    assert one_line_error(shell("%grad los x")) == "名字 `los` 没有定义。你是不是想用 `loss`？"
    assert one_line_error(shell("%grad loss x --explian")) == (
        "%grad 没有选项 --explian。你是不是想用 `--explain`？用 %grad? 查看全部选项。"
    )
    assert "不是张量" in one_line_error(shell("n = 3\n%grad n x"))
    assert one_line_error(shell("%grad loss x --order 99")).startswith(
        "--order 必须是 1 到 8 之间的整数"
    )
    shell("c = tk.constant(1.0)")
    text = why(shell, "%grad loss c")
    assert "梯度带没有监视 `c`" in text
    summary = shell("%%tape\nz = x * 3.0").outputs[0]["text/plain"]
    assert summary.startswith("梯度带 `tape`：记录了 1 个运算：Mul\n监视：x（变量）\n结果：z = 6.0")


def test_engine_errors_are_one_line_unless_short_errors_is_off(shell):
    shell(
        "@tk.custom_gradient\n"
        "def f(v):\n"
        "    return v * v, lambda g: g * 2.0 * v\n"
        "x = tk.constant(2.0)"
    )
    shell("%%tape --watch x\ny = f(x)")
    assert float(shell("%grad y x").value) == 4.0
    msg = one_line_error(shell("%grad y x --plot"))
    assert msg.startswith("%grad: --plot cannot replay op CustomGradient:f")
    shell("%config TapeMagics.short_errors = False")
    ran = shell("%grad y x --plot")
    assert not ran.ok and "Traceback" in ran.stdout
    ran = shell("%grad nosuch x")
    assert isinstance(ran.error, NameError)


def test_config_default_device(shell):
    shell("%config TapeMagics.default_device = 'cpu'")
    assert shell.magics.default_device == "cpu"
    assert "device:CPU:0" in shell("tk.constant(1.0).device").value
    ran = shell("%config TapeMagics.default_device = 'tpu'")
    assert ran.stderr.startswith("Unknown device `tpu`; use `cpu` or `gpu`.")
    assert shell.magics.default_device == "cpu"


def test_profile_config_applies_at_load(shell):
    from traitlets.config import Config

    cfg = Config()
    cfg.TapeMagics.language = "zh"
    cfg.TapeMagics.short_errors = False
    magics = TapeMagics(shell=shell.ip, config=cfg)
    assert magics.language == "zh" and tk.config.get_language() == "zh"
    assert magics.short_errors is False


def test_config_language(shell):
    shell("%config TapeMagics.language = 'zh'")
    assert tk.config.get_language() == "zh"
    assert "名字" in one_line_error(shell("%grad q r"))
    shell("%config TapeMagics.language = 'en'")
    assert tk.config.get_language() == "en"
    ran = shell("%config TapeMagics.language = 'fr'")
    assert ran.stderr.startswith("Unknown language `fr`; use `zh` or `en`.")
    assert shell.magics.language == "en"


# -- --explain, --plot ----------------------------------------------------------------------


def test_explain_shows_the_chain_rule(shell):
    shell("x = tk.Variable(3.0)")
    shell("%%tape\ny = x * x\nz = tk.sin(y) + y")
    ran = shell("%grad z x --explain")
    g = float(ran.value)
    (ex,) = ran.outputs
    text = ex["text/plain"]
    assert text.startswith("Reverse sweep of z with respect to x: 3 op(s)")
    assert "Seed: ∂z/∂z = 1" in text
    assert "1. z = AddV2(v1, y)" in text
    assert "∂v1/∂y = cos(y) = -0.91113  ⇒  ∂z/∂y += -0.91113" in text
    assert "y = Mul(x, x) = 9.0" in text and "∂y/∂x = x + x = 6.0" in text
    assert f"Result (chain rule): ∂z/∂x = {g:.6g}" in text
    assert "<table" in ex["text/html"] and "cos(y)" in ex["text/html"]
    shell("%tapekit lang zh")
    text = shell("%grad z x --explain").outputs[0]["text/plain"]
    assert text.startswith("z 对 x 的反向传播：共 3 个运算") and "结果（链式法则）" in text


def test_explain_higher_order_note(shell):
    shell("x = tk.Variable(3.0)")
    shell("%%tape --order 2\ny = x * x * x")
    ran = shell("%grad y x --explain --order 2")
    assert float(ran.value) == 18.0
    assert "repeats this sweep" in ran.outputs[0]["text/plain"]


def test_plot_replays_the_tape(shell):
    shell("x = tk.Variable(1.0)\ncalls = []")
    shell("%%tape --order 2\ncalls.append(1)\ny = x * x * x")
    ran = shell("%grad y x --plot --order 2 --range=-2:2 --points 41")
    assert ran.ok, ran.stderr
    assert shell.ns["calls"] == [1]  # the cell was not re-run
    (plot,) = ran.outputs
    svg = plot["image/svg+xml"]
    assert svg.startswith("<svg") and svg.count("<path") >= 3
    assert "y and its derivative with respect to x" in svg and "∂²y/∂x²" in svg
    assert plot["text/plain"] == (
        "y over x ∈ [-2.0, 2.0] (41 points); at x = 1.0: y = 1.0, ∂y/∂x = 3.0, ∂²y/∂x² = 6.0"
    )
    assert float(ran.value) == 6.0


def test_plot_needs_a_scalar_source(shell):
    shell("x = tk.Variable([1.0, 2.0])")
    shell("%%tape\ny = tk.reduce_sum(x * x)")
    msg = one_line_error(shell("%grad y x --plot"))
    assert msg.startswith("--plot needs a scalar source, but `x` has shape (2,)")


# -- %tape show / list / forget, %tapekit ------------------------------------------------------


def test_tape_show(shell):
    shell("x = tk.Variable(3.0)")
    shell("%%tape\ny = x * x\nz = tk.sin(y) * 2.0")
    ran = shell("%tape show")
    svg = ran.bundle["image/svg+xml"]
    assert svg.startswith("<svg") and ">Mul<" in svg and ">Sin<" in svg and ">z<" in svg
    assert ran.bundle["text/plain"] == (
        "tape `tape`: 3 op(s)\n  y  = Mul(x, x)     9.0\n  v1 = Sin(y)        0.412118\n"
        "  z  = Mul(v1, 2.0)  0.824237\nwatched: x (Variable)"
    )
    ran = shell("%tape show tape --text")
    assert ran.stdout.startswith("tape `tape`: 3 op(s)\n  y  = Mul(x, x)")


def test_summary_and_show_list_the_same_watched_tensors(shell):
    """--watch names and the variables the cell read, in both views."""
    shell("x = tk.constant(2.0)\nw = tk.Variable(3.0)")
    ran = shell("%%tape --watch x\ny = x * w + x**2")
    assert "watched: x, w (Variable)" in ran.outputs[0]["text/plain"]
    shown = shell("%tape show").bundle["text/plain"]
    assert shown.endswith("\nwatched: x, w (Variable)")


def test_tape_list_forget_and_subcommand_errors(shell):
    shell("x = tk.Variable(3.0)")
    shell("%%tape a\ny = x * x")
    shell("%%tape b --order 2\nz = x * x")
    assert shell("%tape list").stdout == (
        "Recorded tapes:\n  a: 1 op(s), order 1\n  b *: 1 op(s), order 2\n"
    )
    assert shell("%tape forget a").stdout.strip() == "Forgot tape(s): a."
    assert list(shell.magics.records) == ["b"]
    assert one_line_error(shell("%tape shwo")) == (
        "%tape has no subcommand `shwo`. Did you mean `show`? Use one of: show, list, forget."
    )
    assert "has no option --txt" in one_line_error(shell("%tape show --txt"))
    assert "Did you mean `b`?" in one_line_error(shell("%tape show bb"))
    shell("%tape forget --all")
    assert one_line_error(shell("%tape show")).startswith("No tape recorded yet")
    assert shell("%tape list").stdout.startswith("No tape recorded yet")


def test_tape_line_without_arguments_shows_the_summary(shell):
    shell("x = tk.Variable(3.0)")
    shell("%%tape\ny = x * x")
    assert shell("%tape").bundle["text/plain"].startswith("tape `tape`: 1 op(s) recorded: Mul")


def test_tapekit_settings(shell):
    ran = shell("%tapekit info")
    text = ran.bundle["text/plain"]
    assert "tapekit 0.1.0" in text and "NumPy" in text and "IPython" in text
    assert "backend         numpy" in text and "default device  CPU:0" in text
    assert "language        English (en)" in text
    assert shell("%tapekit device cpu").stdout.strip() == "New tensors are now created on CPU:0."
    assert (
        one_line_error(shell("%tapekit device tpu")) == "Unknown device `tpu`; use `cpu` or `gpu`."
    )
    assert one_line_error(shell("%tapekit lang fr")) == "Unknown language `fr`; use `zh` or `en`."
    assert "Did you mean `info`?" in one_line_error(shell("%tapekit inf"))
    assert one_line_error(shell("%tapekit")).startswith("%tapekit needs a subcommand")
    shell("%tapekit lang zh")
    text = shell("%tapekit info").bundle["text/plain"]
    assert "中文 (zh)" in text and "默认设备" in text


def test_tapekit_device_gpu_without_gpu(shell, monkeypatch):
    from tapekit._engine import backend as _backend

    monkeypatch.setattr(_backend, "numpy_gpu_available", lambda: False)
    ran = shell("%tapekit device gpu")
    assert ran.ok
    assert "No GPU is available" in ran.stderr
    assert ran.stdout.strip() == "New tensors are now created on CPU:0."


# -- tracebacks ------------------------------------------------------------------------------

TWICE = (
    "x = tk.Variable(3.0)\n"
    "with tk.GradientTape() as tape:\n"
    "    y = x * x\n"
    "tape.gradient(y, x)\n"
    "tape.gradient(y, x)  # the second call\n"
)


def _frames(tb) -> list[tuple[str, str]]:
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame.f_globals.get("__name__"), tb.tb_frame.f_code.co_name))
        tb = tb.tb_next
    return frames


def test_a_tapekit_error_ends_at_the_users_line(shell):
    import sys

    ran = shell(TWICE)
    assert isinstance(ran.error, RuntimeError)
    shown = ran.stdout
    assert "----> 5 tape.gradient(y, x)  # the second call" in shown
    assert "RuntimeError: A non-persistent GradientTape can only be used" in shown
    assert "gradient_tape.py" not in shown and "_begin_gradient" not in shown
    assert "skipping hidden" not in shown
    # nothing is lost: the exception, sys.last_traceback and %debug's traceback go all
    # the way into tapekit
    for tb in (ran.error.__traceback__, sys.last_traceback, shell.ip.InteractiveTB.tb):
        assert ("tapekit.gradient_tape", "_begin_gradient") in _frames(tb)
    assert sys.last_value is ran.error
    assert shell("6 * 7").value == 42  # the shell goes on


def test_a_tapekit_error_inside_a_tape_cell_ends_at_the_users_line(shell):
    shell("x = tk.Variable(3.0)")
    ran = shell("%%tape\ny = x * x\ntape.gradient(y, x)\ntape.gradient(y, x)")
    assert isinstance(ran.error, RuntimeError)
    assert "----> 3 tape.gradient(y, x)" in ran.stdout
    assert "gradient_tape.py" not in ran.stdout


def test_the_users_own_error_in_a_callback_ends_in_their_code(shell):
    ran = shell("@tk.function\ndef f(v):\n    raise ValueError('mine')\nf(tk.constant(1.0))")
    assert isinstance(ran.error, ValueError)
    assert "----> 3     raise ValueError('mine')" in ran.stdout
    assert "ValueError: mine" in ran.stdout
    # tapekit's frames in between are marked __tracebackhide__: IPython folds them
    assert "_engine/function.py" not in ran.stdout and "skipping hidden" in ran.stdout
    ran = shell(
        "@tk.custom_gradient\n"
        "def g(v):\n"
        "    def grad(dy):\n"
        "        raise ValueError('mine too')\n"
        "    return v * v, grad\n"
        "c = tk.constant(2.0)\n"
        "with tk.GradientTape() as t:\n"
        "    t.watch(c)\n"
        "    y = g(c)\n"
        "t.gradient(y, c)"
    )
    assert isinstance(ran.error, ValueError)
    assert "----> 4     raise ValueError('mine too')" in ran.stdout
    assert "ValueError: mine too" in ran.stdout
    assert "custom_gradient.py" not in ran.stdout and "gradient_tape.py" not in ran.stdout


def test_xmode_verbose_and_short_errors_off_show_everything(shell):
    try:
        assert shell("%xmode Verbose").ok
        ran = shell(TWICE)
        assert "gradient_tape.py" in ran.stdout and "_begin_gradient" in ran.stdout
    finally:
        shell("%xmode Context")
    assert "gradient_tape.py" not in shell(TWICE).stdout
    shell("%config TapeMagics.short_errors = False")
    ran = shell(TWICE)
    assert "gradient_tape.py" in ran.stdout and "_begin_gradient" in ran.stdout


def test_reload_drops_a_setting_config_refused(shell):
    """%config merges a value into the shell's shared config before TapeMagics refuses
    it; the next load drops it (saying why) instead of failing with a traitlets error."""
    shell("%config TapeMagics.default_device = 'cpu'")
    shell("%config TapeMagics.language = 'en'")
    refused = shell("%config TapeMagics.default_device = 'tpu'")
    assert refused.stderr.startswith("Unknown device `tpu`")
    assert shell.ip.config.TapeMagics.default_device == "tpu"  # IPython kept it
    # what %reload_ext does (the fixture loads the extension without %load_ext)
    reloaded = shell(
        "tk.unload_ipython_extension(get_ipython())\ntk.load_ipython_extension(get_ipython())"
    )
    assert reloaded.ok, reloaded.stdout + reloaded.stderr
    assert reloaded.stderr.count("Unknown device `tpu`") == 1
    assert "default_device" not in shell.ip.config.TapeMagics
    assert shell.ip.config.TapeMagics.language == "en"  # the accepted setting stays
    assert shell.magics.language == "en" and shell.magics.default_device != "tpu"
    shell("x = tk.Variable(3.0)")
    assert "6" in shell("%%tape\ny = x * x\n%grad y x").text


def test_unload_restores_the_handler_and_load_leaves_others_alone(shell):
    ip = shell.ip
    assert ip.custom_exceptions == (Exception, KeyboardInterrupt)  # installed by the fixture's load
    ours = ip.CustomTB
    tk.load_ipython_extension(ip)
    assert (
        ip.custom_exceptions == (Exception, KeyboardInterrupt) and ip.CustomTB == ours
    )  # once only
    assert shell("%reload_ext tapekit").ok  # (the fixture loads it without %load_ext)
    assert ip.custom_exceptions == (Exception, KeyboardInterrupt)
    assert shell("%unload_ext tapekit").ok
    assert ip.custom_exceptions == ()
    assert "gradient_tape.py" in shell(TWICE).stdout  # IPython's own display again
    seen = []

    def other(self, etype, value, tb, tb_offset=None):
        seen.append(etype)
        return ["other handler\n"]

    ip.set_custom_exc((ZeroDivisionError,), other)
    theirs = ip.CustomTB
    try:
        assert shell("%load_ext tapekit").ok
        assert ip.custom_exceptions == (ZeroDivisionError,) and ip.CustomTB == theirs
        assert "gradient_tape.py" in shell(TWICE).stdout
        shell("1 / 0")
        assert seen == [ZeroDivisionError]
        assert shell("%unload_ext tapekit").ok
        assert ip.custom_exceptions == (ZeroDivisionError,) and ip.CustomTB == theirs
    finally:
        ip.set_custom_exc((), None)
        tk.load_ipython_extension(ip)
    assert ip.custom_exceptions == (Exception, KeyboardInterrupt)
    assert "gradient_tape.py" not in shell(TWICE).stdout


def test_syntax_and_usage_errors_look_as_before(shell):
    ran = shell("y = = 1")
    assert isinstance(ran.error, SyntaxError) and "SyntaxError: invalid syntax" in ran.stdout
    assert "Traceback" not in ran.stdout
    assert one_line_error(shell("%grad nosuch x")).startswith("name `nosuch` is not defined")


def test_a_failing_handler_falls_back_to_ipythons_display(shell, monkeypatch):
    from tapekit._ipython import tracebacks

    def broken(tb):
        raise RuntimeError("handler bug")

    monkeypatch.setattr(tracebacks, "without_inner_tapekit_frames", broken)
    ran = shell(TWICE)
    assert isinstance(ran.error, RuntimeError)
    assert "RuntimeError: A non-persistent GradientTape can only be used" in ran.stdout
    assert "gradient_tape.py" in ran.stdout  # the error in full, nothing lost
    assert "handler bug" not in ran.stdout + ran.stderr
    assert shell.ip.custom_exceptions == (
        Exception,
        KeyboardInterrupt,
    )  # and the handler stays installed
