"""Bad input through one real kernel (issue 16): malformed magic arguments, wrong types and
shapes inside ``%%tape``, tape and ``tk.function`` misuse, widget arguments, non-finite
values, huge outputs, syntax errors, unicode and empty cells.

Each case is written once in ``CASES`` and checked the same way: the reply comes within a
time limit, is the expected kind of answer (a one-line ``UsageError``, an exception of a
named type, a message in a widget, a warning, a shown explanation) whose text holds the
case's key words (what was wrong and how to fix it), in English and, for the cases with
Chinese words, in Chinese; no tapekit source path and no wall of traceback is shown, the
output stays small, and afterwards the kernel still runs with its variables intact.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.numpy_only, pytest.mark.timeout(300)]

TIME_LIMIT = 30.0  # seconds for one bad input (a guard against hangs, not a speed check)
MAX_OUTPUT = 100_000  # characters sent to the front end for one bad input
MAX_TRACEBACK_LINES = 15  # a plain cell's error shows ~6; a %%tape cell's ~11
INTERNAL_PATH = re.compile(r"tapekit[/\\][\w/\\.]*\.py")  # a frame or warning in tapekit's source
CJK = re.compile(r"[\u4e00-\u9fff]")

Y = "%%tape --quiet base\ny = x * x"  # a record of y = x² (x = 3.0) for the %grad cases
Q = "%%tape --quiet\nq = c * c"  # c is a constant the tape does not watch
VEC = "%%tape --quiet vec --watch xv\nxv = tk.constant([1.0, 2.0])\nyv = xv * xv"
LONG = "%%tape --quiet lots\nv = x\nfor i in range(5000):\n    v = v * 1.0"
DE = "tk.widgets.derivative_explorer"
OE = "tk.widgets.optimizer_explorer"

# what a reply must be, per kind:
#   usage:   status error, UsageError, one stderr line "UsageError: ...", no traceback shown
#   error:   status error, the named exception, a short traceback ending in "Name: message"
#   widget:  status ok, a widget whose text/plain is "<widget>: <message>"
#   warning: status ok, the message on stderr, said once
#   shown:   status ok, the answer among the outputs (a None gradient's reason, a summary)


def case(
    id,
    code,
    kind,
    *words,
    setup=None,
    teardown=None,
    ename=None,
    zh=(),
    bug=None,
    max_output=MAX_OUTPUT,
):
    """One bad input.  ``setup``: a cell (or a tuple of cells) run first; ``words``: what
    the English message must contain (a tuple inside means any one of them); ``zh``: the
    same for Chinese (the case then runs in Chinese too); ``teardown``: a cell that puts
    back what the case changed; ``bug``: the tapekit defect it reveals (a strict xfail)."""
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    spec = {"code": code, "kind": kind, "words": words, "setup": setup, "ename": ename, "zh": zh}
    spec["max_output"] = max_output
    spec["teardown"] = teardown
    return pytest.param(spec, id=id, marks=marks)


CASES = [
    # -- %grad: arguments -------------------------------------------------------------------
    case(
        "grad-no-arguments",
        "%grad",
        "usage",
        "%grad needs a target and at least one source",
        "Usage: %grad",
        zh=("%grad 缺少求导目标", "用法：%grad"),
    ),
    case(
        "grad-unknown-name",
        "%grad yy x",
        "usage",
        "`yy` is not defined",
        "Did you mean `y`?",
        setup=("globals().pop('yy', None)", Y),
        zh=("`yy` 没有定义", "`y`"),
    ),
    case(
        "grad-unknown-option",
        "%grad y x --ordr 2",
        "usage",
        "no option --ordr",
        "Did you mean `--order`?",
        "%grad?",
        setup=Y,
        zh=("没有选项 --ordr", "你是不是想用 `--order`"),
    ),
    case("grad-option-without-value", "%grad y x --order", "usage", "--order needs a value"),
    case(
        "grad-order-not-a-number",
        "%grad y x --order two",
        "usage",
        "--order expects an integer",
        "two",
    ),
    case(
        "grad-order-zero",
        "%grad y x --order 0",
        "usage",
        "--order must be a whole number from 1 to 8, got 0",
        setup=Y,
        zh=("--order 必须是 1 到 8 之间的整数",),
    ),
    case("grad-order-huge", "%grad y x --order 1000000", "usage", "from 1 to 8", "1000000"),
    case(
        "grad-order-not-recorded",
        "%grad y x --order 2",
        "usage",
        "recorded for derivatives up to order 1",
        "%%tape --order 2",
        setup=Y,
    ),
    case(
        "grad-points-too-few",
        "%grad y x --plot --points 2",
        "usage",
        "--points must be a whole number from 3 to 10001, got 2",
        setup=Y,
    ),
    case(
        "grad-points-too-many",
        "%grad y x --plot --points 10000000",
        "usage",
        "from 3 to 10001",
        "10000000",
        setup=Y,
    ),
    case(
        "grad-range-reversed",
        "%grad y x --plot --range 3:1",
        "usage",
        "--range expects LOW:HIGH with LOW < HIGH",
        "`3:1`",
        setup=Y,
    ),
    case("grad-range-text", "%grad y x --plot --range abc", "usage", "LOW < HIGH", "`abc`"),
    case(
        "grad-range-infinite",
        "%grad y x --plot --range=-inf:inf",
        "usage",
        "LOW < HIGH",
        "`-inf:inf`",
        setup=Y,
    ),
    case("grad-range-nan", "%grad y x --plot --range=nan:1", "usage", "LOW < HIGH", "`nan:1`"),
    case(
        "grad-range-without-plot",
        "%grad y x --range=-2:2",
        "usage",
        "--range only applies with --plot",
        setup=Y,
        zh=("--range 只在使用 --plot 时有效",),
    ),
    case(
        "grad-range-huge",
        "%grad y x --plot --range=0:1e308 --points 3",
        "usage",
        "--range",
        setup=Y,
    ),
    case(
        "grad-limit-zero",
        "%grad y x --explain --limit 0",
        "usage",
        "--limit must be a whole number from 1 to 100000, got 0",
        "--all",
        setup=Y,
        zh=("--limit 必须是 1 到 100000 之间的整数", "--all"),
    ),
    case(
        "grad-limit-not-a-number",
        "%grad y x --explain --limit abc",
        "usage",
        "--limit expects an integer",
        "abc",
    ),
    case(
        "grad-unknown-tape",
        "%grad y x --tape nope",
        "usage",
        "No tape named `nope`",
        "Recorded tapes:",
        "`base`",
        setup=Y,
        zh=("没有名为 `nope` 的梯度带", "已记录的梯度带"),
    ),
    case(
        "grad-empty-tape-name",
        '%grad y x --tape ""',
        "usage",
        "The tape name is empty",
        setup=Y,
    ),
    case(
        "grad-tape-name-too-long",
        "%grad y x --tape " + "a" * 115,
        "usage",
        "at most 100 characters",
        "115",
    ),
    case("grad-unclosed-quote", '%grad y "x', "usage", "%grad", "No closing quotation"),
    case(
        "grad-wrt-without-source",
        "%grad y wrt",
        "usage",
        "needs a target and at least one source",
        setup=Y,
    ),
    case(
        "grad-source-syntax-error",
        "%grad y x[",
        "usage",
        "cannot evaluate `x[`",
        "SyntaxError",
        setup=Y,
    ),
    case(
        "grad-source-raises",
        "%grad y 1/0",
        "usage",
        "cannot evaluate `1/0`",
        "ZeroDivisionError",
        setup=Y,
    ),
    case(
        "grad-target-not-a-tensor",
        "%grad n x",
        "usage",
        "`n` is not a tensor (it is of type int)",
        "tk.constant(...) or tk.Variable(...)",
        setup="n = 3",
    ),
    case(
        "grad-plot-over-a-vector",
        "%grad yv xv --plot",
        "usage",
        "xv",
        ("scalar", "one number"),
        setup=VEC,
    ),
    case(
        "grad-line-too-long",
        "%grad " + "x" * 3000,
        "usage",
        "3000 characters",
        "2000",
        "Compute long expressions in Python first",
    ),
    case("grad-unicode-name", "%grad y 变量", "usage", "`变量` is not defined", setup=Y),
    case(
        "grad-unwatched-source",
        "%grad q c",
        "shown",
        "∂q/∂c = None",
        "did not watch `c`",
        "%%tape --watch c",
        setup=Q,
        zh=("∂q/∂c = None", "梯度带没有监视 `c`", "%%tape --watch c"),
    ),
    case(
        "grad-released-user-tape",
        "with tk.GradientTape() as t:\n    q = x * x\nt.gradient(q, x)\n%grad q x --tape t",
        "usage",
        "tape `t` has already released its record",
        "persistent=True",
    ),
    case(
        "grad-no-tape-yet",
        "%grad y x",
        "usage",
        "No tape recorded yet",
        "run a cell with %%tape first",
        setup="%tape forget --all",
    ),
    # -- %tape show / list / forget ---------------------------------------------------------
    case(
        "tape-unknown-subcommand",
        "%tape shwo",
        "usage",
        "no subcommand `shwo`",
        "Did you mean `show`?",
        "show, list, forget",
        zh=("`shwo`", "`show`"),
    ),
    case("tape-show-unknown-tape", "%tape show nope", "usage", "No tape named `nope`", setup=Y),
    case(
        "tape-show-limit-zero",
        "%tape show --limit 0",
        "usage",
        "--limit must be a whole number from 1 to 100000",
        setup=Y,
    ),
    case(
        "tape-show-limit-not-a-number",
        "%tape show --limit abc",
        "usage",
        "--limit expects an integer",
        "abc",
    ),
    case("tape-show-limit-without-value", "%tape show --limit", "usage", "--limit needs a value"),
    case(
        "tape-show-unknown-option",
        "%tape show --bogus",
        "usage",
        "%tape show has no option --bogus",
        "%tape?",
    ),
    case("tape-forget-unknown-tape", "%tape forget nope", "usage", "No tape named `nope`"),
    case(
        "tape-forget-a-name-twice",
        "%tape forget base base",
        "shown",
        "Forgot tape(s): base",
        setup=Y,
    ),
    case(
        "tape-forget-a-forgotten-tape",
        "%tape forget base",
        "usage",
        "No tape named `base`",
        setup=(Y, "%tape forget base"),  # the GradientTape `base` is still a variable
    ),
    case("tape-list-option", "%tape list --x", "usage", "%tape list has no option --x"),
    case(
        "tape-show-two-names",
        "%tape show base b",
        "usage",
        "`b`",
        ("one tape", "only one", "Usage"),
        setup=Y,
    ),
    case(
        "tape-line-too-long",
        "%tape show " + "a" * 3000,
        "usage",
        "3005 characters",
        "2000",
    ),
    case(
        "tape-show-unicode-name",
        "%tape show 梯度带不存在",
        "usage",
        "No tape named `梯度带不存在`",
        setup=Y,
    ),
    # -- %%tape: the magic's line -----------------------------------------------------------
    case(
        "cell-bad-tape-name",
        "%%tape 1bad\nw = x * x",
        "usage",
        "`1bad` is not a valid Python name for a tape",
        zh=("`1bad` 不是合法的 Python 变量名",),
    ),
    case("cell-keyword-tape-name", "%%tape class\nw = x * x", "usage", "`class` is not a valid"),
    case(
        "cell-tape-name-too-long",
        "%%tape " + "a" * 200 + "\nw = x * x",
        "usage",
        "at most 100 characters",
        "200",
    ),
    case(
        "cell-order-too-high",
        "%%tape --order 99\nw = x * x",
        "usage",
        "--order must be a whole number from 1 to 8, got 99",
    ),
    case("cell-watch-without-value", "%%tape --watch\nw = 1", "usage", "--watch needs a value"),
    case(
        "cell-watch-unknown-name",
        "%%tape --watch zz\nw = x * x",
        "usage",
        "--watch zz",
        "neither defined nor assigned in this cell",
    ),
    case(
        "cell-watch-not-a-name",
        "%%tape --watch a-b\nw = x * x",
        "usage",
        "a-b",
        ("not a valid", "identifier", "Python name"),
    ),
    case(
        "cell-watch-not-a-tensor",
        "%%tape --watch nn\nnn = 5",
        "warning",
        "`nn` is not a tensor (it is of type int)",
        "nothing was watched",
    ),
    case("cell-unknown-option", "%%tape --bogus\nw = x * x", "usage", "no option --bogus"),
    case(
        "cell-empty",
        "%%tape\n",
        "usage",
        "the cell body is empty",
        "line magic %tape",
    ),
    # -- %%tape: the cell's own syntax (shown as IPython shows a plain cell's) -------------
    case("cell-syntax-error", "%%tape\nw = x *", "error", "invalid syntax", ename="SyntaxError"),
    case(
        "cell-missing-indent",
        "%%tape\nif True:\nw = 1",
        "error",
        "expected an indented block",
        ename="IndentationError",
    ),
    case(
        "cell-unexpected-indent",
        "%%tape\nw = x * x\n  z = 1",
        "error",
        "unexpected indent",
        ename="IndentationError",
    ),
    case(
        "cell-return-outside-function",
        "%%tape\nreturn 1",
        "error",
        "'return' outside function",
        ename="SyntaxError",
    ),
    case(
        "cell-unclosed-bracket",
        "%%tape\nw = (x\n",
        "error",
        "'(' was never closed",
        ename="SyntaxError",
    ),
    # -- ops inside %%tape: wrong types and shapes ------------------------------------------
    case(
        "op-matmul-shapes",
        "%%tape\nq = tk.matmul(tk.ones((2, 3)), tk.ones((2, 3)))",
        "error",
        "Matrix size-incompatible",
        "The inner dimensions must agree",
        ename="InvalidArgumentError",
        zh=("矩阵尺寸不匹配", "内侧维度必须一致"),
    ),
    case(
        "op-add-a-string",
        '%%tape\nq = x + "a"',
        "error",
        "no string tensors",
        "keep text in Python strings",
        ename="TypeError",
    ),
    case(
        "op-reshape-size",
        "%%tape\nq = tk.reshape(tk.ones((2, 3)), (4,))",
        "error",
        "tensor with 6 values",
        "requested shape has 4",
        ename="InvalidArgumentError",
    ),
    case(
        "op-broadcast-shapes",
        "%%tape\nq = tk.constant([1.0, 2.0]) + tk.constant([1.0, 2.0, 3.0])",
        "error",
        "Incompatible shapes: [2] vs. [3]",
        "broadcastable",
        ename="InvalidArgumentError",
    ),
    case(
        "op-sin-of-a-string",
        '%%tape\nq = tk.sin("abc")',
        "error",
        "'abc' cannot become a Tensor",
        ename="TypeError",
    ),
    case(
        "op-ragged-list",
        "%%tape\nq = tk.constant([[1.0, 2.0], [3.0]])",
        "error",
        ("rectangular", "ragged", "same length"),
        ename="ValueError",
    ),
    case(
        "op-gather-out-of-range",
        "%%tape\nq = tk.gather(tk.constant([1.0, 2.0]), 5)",
        "error",
        "indices = [5] is not in [0, 2)",
        ename="InvalidArgumentError",
    ),
    case(
        "op-index-out-of-range",
        "%%tape\nq = tk.constant([1.0, 2.0])[5]",
        "error",
        "index 5 is out of bounds for axis 0 with size 2",
        ename="IndexError",
    ),
    case(
        "op-axis-out-of-range",
        "%%tape\nq = tk.reduce_sum(x, axis=3)",
        "error",
        "axis 3 is out of range for a tensor of rank 0",
        ename="InvalidArgumentError",
    ),
    case(
        "op-concat-shapes",
        "%%tape\nq = tk.concat([tk.ones((2, 2)), tk.ones((3, 3))], axis=0)",
        "error",
        "ConcatV2",
        "must match exactly",
        ename="InvalidArgumentError",
    ),
    case(
        "op-singular-inverse",
        "%%tape\nq = tk.linalg.inv(tk.zeros((2, 2)))",
        "error",
        "Singular matrix",
        ename="InvalidArgumentError",
    ),
    case(
        "op-unknown-dtype",
        "%%tape\nq = tk.cast(x, 'float99')",
        "error",
        "Cannot convert 'float99' to a tapekit DType",
        ename="TypeError",
    ),
    case(
        "op-float-into-an-int-variable",
        "%%tape\nq = tk.Variable(3.0, dtype=tk.int32) * x",
        "error",
        "Cannot convert 3.0 to a Tensor of dtype int32",
        "tk.cast",
        ename="TypeError",
    ),
    case(
        "op-negative-shape",
        "%%tape\nq = tk.zeros((-1, 2))",
        "error",
        "negative dimensions",
        ename="ValueError",
    ),
    case(
        "op-huge-allocation",
        "%%tape\nq = tk.ones((10**6, 10**6))",
        "error",
        "OOM when allocating tensor with shape[1000000,1000000] and type float32",
        "4,000,000,000,000 bytes (3.64 TiB)",
        "smaller shape",
        ename="ResourceExhaustedError",
        zh=("内存不足", "[1000000,1000000]", "4,000,000,000,000 字节"),
    ),
    case(
        "op-mixed-dtypes",
        "%%tape\nq = tk.constant(1.0) + tk.constant(1, dtype=tk.int32)",
        "error",
        "int32",
        "tk.cast(x, tk.float32)",
        ename="InvalidArgumentError",
    ),
    case(
        "op-assign-another-shape",
        "%%tape\nvv = tk.Variable([1.0, 2.0])\nvv.assign([1.0, 2.0, 3.0])",
        "error",
        "shape (3,) to a variable of shape (2,)",
        "Create a new tk.Variable",
        ename="ValueError",
    ),
    # -- tapes: persistent-tape misuse and wrong arguments -----------------------------------
    case(
        "tape-second-gradient",
        "with tk.GradientTape() as t:\n    yy = x * x\nt.gradient(yy, x)\nt.gradient(yy, x)",
        "error",
        "non-persistent GradientTape can only be used to compute one set of gradients",
        "tk.GradientTape(persistent=True)",
        ename="RuntimeError",
    ),
    case(
        "tape-second-gradient-in-a-tape-cell",
        "%%tape\nq = x * x\ntape.gradient(q, x)\ntape.gradient(q, x)",
        "error",
        "non-persistent",
        "persistent=True",
        ename="RuntimeError",
    ),
    case(
        "tape-watch-a-string",
        'tk.GradientTape().watch("a")',
        "error",
        "'a' of type 'str'",
        "tk.Tensor or tk.Variable",
        ename="ValueError",
    ),
    case(
        "tape-source-a-string",
        'with tk.GradientTape() as t:\n    yy = x * x\nt.gradient(yy, "x")',
        "error",
        "Gradient sources must be Tensors or Variables, got str",
        "not its .numpy() value",
        ename="TypeError",
    ),
    case(
        "tape-target-a-string",
        'with tk.GradientTape() as t:\n    yy = x * x\nt.gradient("yy", x)',
        "error",
        "gradient target must be a Tensor",
        ename="TypeError",
    ),
    case(
        "tape-stop-recording-when-not-recording",
        "tk.GradientTape().stop_recording().__enter__()",
        "error",
        "not recording",
        ename="RuntimeError",
    ),
    case(
        "tape-watch-an-integer",
        "with tk.GradientTape() as t:\n    qi = tk.constant(1)\n    t.watch(qi)",
        "warning",
        "must be floating",
        "int32",
    ),
    case(
        "persistent-gradient-inside-its-context",
        "with tk.GradientTape(persistent=True) as t:\n    q = x * x\n    g1 = t.gradient(q, x)",
        "warning",
        "persistent tape inside its context",
        "less efficient",
    ),
    # -- tk.function ----------------------------------------------------------------------
    case(
        "function-of-a-number",
        "tk.function(3)",
        "error",
        "callable",
        ename="TypeError",
    ),
    case(
        "function-numpy-inside",
        "@tk.function\ndef f(a):\n    return a.numpy()\nf(c)",
        "warning",
        "runs eagerly",
        "converted to NumPy",
    ),
    case(
        "function-retraced-for-every-shape",
        "f_rt = tk.function(lambda a: a * 2)\nfor n in range(1, 12):\n    f_rt(tk.ones((n,)))",
        "warning",
        "triggered retracing",
        "different shapes",
    ),
    case(
        "function-missing-argument",
        "f2 = tk.function(lambda a: a * 2)\nf2()",
        "error",
        "missing 1 required positional argument: 'a'",
        ename="TypeError",
    ),
    case(
        "function-input-signature",
        "f3 = tk.function(lambda a: a, input_signature=[tk.TensorSpec((2,), tk.float32)])\n"
        "f3(tk.ones((3,)))",
        "error",
        "does not match its input_signature",
        "(3,)",
        ename="TypeError",
    ),
    # -- widgets --------------------------------------------------------------------------
    case(
        "widget-points-a-word",
        f'{DE}("sin(x)", points="many")',
        "error",
        "points must be a whole number from 3 to 10001, got 'many'",
        ename="WidgetInputError",
        zh=("points 必须是 3 到 10001 之间的整数",),
    ),
    case(
        "widget-taylor-a-word",
        f'{DE}("sin(x)", taylor="abc")',
        "error",
        "taylor must be a whole number from 1 to 6",
        ename="WidgetInputError",
    ),
    case(
        "widget-lr-a-word",
        f'{OE}(lr="fast")',
        "widget",
        "optimizer_explorer",
        "lr must be a finite number, got 'fast'",
        zh=("lr 必须是有限的数",),
    ),
    case(
        "widget-steps-nan",
        f'{OE}(steps=float("nan"))',
        "widget",
        "steps must be a whole number from 1 to 2000, got nan",
    ),
    case(
        "widget-x0-nan",
        f'{DE}("sin(x)", x0=float("nan"))',
        "error",
        "x0 must be a finite number, got nan",
        ename="WidgetInputError",
    ),
    case(
        "widget-power-tower",
        f'{DE}("9**9**9")',
        "widget",
        "too large a constant power",
        "4096",
    ),
    case(
        "widget-expression-too-long",
        f'{DE}("+".join(["x"] * 3001))',
        "widget",
        "is too long",
        "the limit is 2000",
    ),
    case(
        "widget-expression-escape",
        f"{DE}(\"__import__('os').system('ls')\")",
        "widget",
        "Unknown name",
        "Known functions",
    ),
    case("widget-expression-syntax", f'{DE}("sin(x")', "widget", "Cannot read the expression"),
    case("widget-unknown-function", f'{DE}("foo(x)")', "widget", "Unknown name `foo`"),
    case(
        "widget-f-a-number",
        f"{DE}(3)",
        "widget",
        "f must be a function of one tensor or a string expression, not int",
    ),
    case(
        "widget-range-reversed",
        f'{DE}("sin(x)", x_range=(3, -3))',
        "error",
        "range must be (low, high) with finite low < high",
        ename="WidgetInputError",
    ),
    case(
        "widget-order-zero",
        f'{DE}("sin(x)", orders=(0,))',
        "error",
        "orders must be derivative orders between 1 and 8",
        ename="WidgetInputError",
    ),
    case(
        "widget-points-huge",
        f'{DE}("sin(x)", points=10**7)',
        "error",
        "from 3 to 10001, got 10000000",
        ename="WidgetInputError",
    ),
    case(
        "widget-no-optimizers",
        f"{OE}(optimizers=())",
        "error",
        "at least one optimizer",
        ename="WidgetInputError",
    ),
    case(
        "widget-unknown-optimizer",
        f'{OE}(optimizers=("Adamm",))',
        "error",
        "Unknown optimizer `Adamm`",
        "Adam",
        ename="WidgetInputError",
    ),
    case(
        "widget-tape-view-of-a-number",
        "tk.widgets.tape_view(3)",
        "widget",
        "tape_view needs a tk.GradientTape or a %%tape record, not int",
    ),
    case(
        "widget-start-nan",
        f'{OE}(start=(float("nan"), 0.0))',
        "widget",
        "start must be a point (x, y) of two finite numbers",
    ),
    case("widget-empty-expression", f'{DE}("")', "widget", "The expression is empty"),
    case(
        "widget-empty-name",
        f"{DE}('sin(x)', name='')",
        "error",
        "name must be a name of at most 40 characters, got ''",
        ename="WidgetInputError",
    ),
    case(
        "widget-var-not-a-name",
        f"{DE}('sin(x)', var='1x')",
        "error",
        "var must be a name",
        "as a Python variable",
        ename="WidgetInputError",
    ),
    case(
        "widget-f-returns-a-string",
        f"{DE}(lambda x: 'a')",
        "widget",
        "f(x) returned a str, not a tapekit tensor",
        "tapekit ops",
    ),
    case(
        "widget-f-leaves-the-tape",
        f"{DE}(lambda x: x.numpy() * 2)",
        "widget",
        "its gradient is None",
        "left the tape (.numpy()",
    ),
    case(
        "widget-f-raises",
        f"{DE}(lambda x: 1 / 0)",
        "widget",
        "f(x) raised an error at x = 1.0: ZeroDivisionError",
    ),
    case(
        "widget-2d-expression-syntax",
        f"{OE}('x**2 + y**2 +')",
        "widget",
        "Cannot read the expression",
    ),
    case(
        "widget-2d-f-returns-a-vector",
        f"{OE}(lambda v: v)",
        "widget",
        "f must return one number (the loss)",
        "returned shape (2,)",
    ),
    case(
        "widget-unknown-preset",
        f"{OE}(preset='nope')",
        "widget",
        "Unknown preset `nope`",
        "rosenbrock",
    ),
    case("widget-beta-too-big", f"{OE}(beta=2.0)", "widget", "must be in [0, 1), got 2.0"),
    case(
        "widget-lr-negative",
        f"{OE}(lr=-1)",
        "widget",
        "learning rate must be a positive number, got -1.0",
    ),
    case(
        "widget-steps-huge",
        f"{OE}(steps=10**9)",
        "widget",
        "steps must be a whole number from 1 to 2000, got 1000000000",
    ),
    case(
        "widget-empty-range",
        f"{OE}(x_range=(1, 1))",
        "widget",
        "finite low < high, got (1, 1)",
    ),
    case("widget-unicode-name", f'{DE}("sin(χ)")', "widget", "Unknown name `χ`"),
    # -- settings -------------------------------------------------------------------------
    case("tapekit-no-subcommand", "%tapekit", "usage", "%tapekit needs a subcommand"),
    case(
        "tapekit-unknown-language",
        "%tapekit lang fr",
        "usage",
        "Unknown language `fr`",
        "use `zh` or `en`",
    ),
    case("tapekit-unknown-device", "%tapekit device tpu", "usage", "Unknown device `tpu`"),
    case("tapekit-unknown-subcommand", "%tapekit foo", "usage", "no subcommand `foo`"),
    case("tapekit-lang-without-value", "%tapekit lang", "usage", "%tapekit lang zh|en"),
    case(
        "config-plot-points-huge",
        "%config TapeMagics.plot_points = 10**7",
        "warning",
        "TapeMagics.plot_points must be a whole number from 3 to 10001",
    ),
    case(
        "config-unknown-language",
        "%config TapeMagics.language = 'fr'",
        "warning",
        "Unknown language `fr`",
    ),
    case(
        "config-bad-default-tape-name",
        "%config TapeMagics.default_tape_name = '1bad'",
        "warning",
        "`1bad` is not a valid Python name",
        teardown="%config TapeMagics.default_tape_name = 'tape'",
    ),
    case(
        "cell-after-a-refused-default-tape-name",
        "%%tape\nw = x * x",
        "shown",
        "tape `tape`: 1 op(s) recorded: Mul",
        setup="%config TapeMagics.default_tape_name = '1bad'",
        teardown="%config TapeMagics.default_tape_name = 'tape'",
    ),
    case(
        "grad-order-negative",
        "%grad y x --order -3",
        "usage",
        "--order must be a whole number from 1 to 8, got -3",
        setup=Y,
    ),
    case(
        "config-language-api",
        "tk.config.set_language('fr')",
        "error",
        "Unsupported language 'fr'",
        "'en' or 'zh'",
        ename="ValueError",
    ),
    # -- huge outputs stay small --------------------------------------------------------------
    case(
        "huge-tensor-in-a-summary",
        "%%tape\nbig = tk.ones((1000, 1000)) * x",
        "shown",
        "big = [1000×1000] min 3.0 max 3.0",
    ),
    case("huge-tape-summary", LONG.replace("--quiet ", ""), "shown", "5000 op(s)", "Mul ×5000"),
    case(
        "huge-tape-explained",
        "%grad v x --explain",
        "shown",
        "5000 op(s)",
        "4900 more step(s)",
        "--limit N",
        setup=LONG,
    ),
    case(
        "huge-tape-shown",
        "%tape show lots",
        "shown",
        "showing the last 400 of 5000 ops",
        "--all every op",
        setup=LONG,
        max_output=300_000,  # the drawing of the last 60 ops is ~250 KB of SVG
    ),
    case("huge-tensor-printed", "print(tk.ones((1000, 1000)))", "shown", "shape=(1000, 1000)"),
]

CASES_ZH = [p for p in CASES if p.values[0]["zh"]]


def _matches(text: str, words) -> list:
    """The key words ``text`` lacks (a tuple is a choice of words)."""
    folded = text.casefold()
    missing = []
    for w in words:
        choices = w if isinstance(w, tuple) else (w,)
        if not any(c.casefold() in folded for c in choices):
            missing.append(w)
    return missing


def _message(r, spec) -> str:
    """The answer the user reads, checked for its kind."""
    kind = spec["kind"]
    if kind == "usage":
        assert r.status == "error" and r.ename == "UsageError", (r.content, r.text)
        assert r.of("error") == [], r.traceback  # no traceback reached the front end
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("UsageError: "), r.stderr
        return lines[0][len("UsageError: ") :]
    if kind == "error":
        assert r.status == "error" and r.ename == spec["ename"], (r.content, r.text)
        tb = [ln for ln in r.traceback if ln.strip()]
        assert tb and tb[-1].startswith(f"{spec['ename']}: "), tb
        assert len(tb) <= MAX_TRACEBACK_LINES, "\n".join(tb)
        return r.evalue
    assert r.status == "ok", (r.content, r.text)
    if kind == "widget":
        (summary,) = r.data("text/plain")
        name = spec["code"].split("(")[0].rsplit(".", 1)[-1]
        assert summary.startswith((f"{name}: ", f"{name}：")), summary
        return summary
    if kind == "warning":
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert lines, r.text
        # said once: no line of the warning is repeated
        assert len(set(lines)) == len(lines), r.stderr
        assert not [ln for ln in lines if ln.startswith("ERROR:")], r.stderr
        return r.stderr
    assert kind == "shown", kind
    return r.text


def _check(kernel, spec, lang: str) -> str:
    setup = spec["setup"] or ()
    for cell in (setup,) if isinstance(setup, str) else setup:
        kernel.ok(cell)
    r = kernel.execute(spec["code"], timeout=TIME_LIMIT)
    assert r.seconds < TIME_LIMIT
    text = _message(r, spec)
    words = spec["words"] if lang == "en" else spec["zh"]
    missing = _matches(text, words)
    assert not missing, f"{missing} not in {text!r}"
    assert not INTERNAL_PATH.search(r.text), r.text  # nothing from tapekit's own source
    assert r.size <= spec["max_output"], r.size  # no flood of output
    assert "?." not in text and "``" not in text, text  # message hygiene
    if lang == "en":  # English, apart from the user's own names
        assert not set(CJK.findall(text)) - set(CJK.findall(spec["code"])), text
    else:
        assert CJK.search(text), text
    # the kernel is alive, the variables defined at the start are intact
    assert kernel.value("(SENTINEL, float(x), float(c))") == "(12345, 3.0, 2.0)"
    return text


@pytest.mark.parametrize("spec", CASES)
def test_bad_input_in_english(kernel, spec):
    try:
        _check(kernel, spec, "en")
    finally:
        if spec["teardown"]:
            kernel.ok(spec["teardown"])


@pytest.mark.parametrize("spec", CASES_ZH)
def test_bad_input_in_chinese(kernel, spec):
    kernel.ok("tk.config.set_language('zh')")
    try:
        _check(kernel, spec, "zh")
    finally:
        kernel.ok("tk.config.set_language('en')")


def test_the_table_is_large_and_each_input_is_written_once():
    codes = [p.values[0]["code"] for p in CASES]
    assert len(CASES) >= 60 and len(set(codes)) == len(codes)
    assert len(CASES_ZH) >= 10
