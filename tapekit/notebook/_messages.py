"""The notebook layer's and the magics' messages (tapekit.notebook, tapekit.workbench,
``%%tape``/``%grad``/``%tape``/``%tapekit``, ``python -m tapekit``), in English and Chinese.

Registered in the one catalog behind :func:`tapekit._messages.message` when
:mod:`tapekit.notebook` is imported (the magics, the workbench and the widgets import it).
"""

from __future__ import annotations

from .._messages import CATALOG

# -- the notebook workbench and IPython extension (tapekit.workbench, tapekit.magics) -----
CATALOG.update(
    {
        # argument errors (one line, no traceback)
        "magic_unknown_option": {
            "en": "%{magic} has no option {option}.{hint} See %{help}? for its options.",
            "zh": "%{magic} 没有选项 {option}。{hint}用 %{help}? 查看全部选项。",
        },
        "magic_bad_value": {
            "en": "%{magic}: {option} expects {kind}, got {value}.",
            "zh": "%{magic}：{option} 需要{kind}，收到的是 {value}。",
        },
        "magic_needs_value": {
            "en": "%{magic}: {option} needs a value.",
            "zh": "%{magic}：{option} 后面需要一个值。",
        },
        "magic_ambiguous": {
            "en": "%{magic}: option {option} is ambiguous; did you mean one of {choices}?",
            "zh": "%{magic}：选项 {option} 有歧义；你是想用 {choices} 中的哪一个？",
        },
        "magic_bad_points": {
            "en": "--points must be a whole number from 3 to 10001, got {value}.",
            "zh": "--points 必须是 3 到 10001 之间的整数，收到的是 {value}。",
        },
        "magic_kind_int": {"en": "an integer", "zh": "一个整数"},
        "magic_kind_number": {"en": "a number", "zh": "一个数"},
        "magic_missing_args": {
            "en": "%{magic} needs {what}. Usage: {usage}",
            "zh": "%{magic} 缺少{what}。用法：{usage}",
        },
        "magic_what_target": {
            "en": "a target and at least one source",
            "zh": "求导目标和至少一个求导变量",
        },
        "magic_what_subcommand": {"en": "a subcommand", "zh": "子命令"},
        "magic_usage_error": {"en": "%{magic}: {detail}", "zh": "%{magic}：{detail}"},
        "magic_unknown_subcommand": {
            "en": "%{magic} has no subcommand `{name}`.{hint} Use one of: {choices}.",
            "zh": "%{magic} 没有子命令 `{name}`。{hint}可用的有：{choices}。",
        },
        "magic_hint": {"en": " Did you mean `{name}`?", "zh": "你是不是想用 `{name}`？"},
        "magic_unknown_name": {
            "en": "name `{name}` is not defined.{hint}",
            "zh": "名字 `{name}` 没有定义。{hint}",
        },
        "magic_bad_expression": {
            "en": "cannot evaluate `{expr}`: {error}",
            "zh": "无法求值 `{expr}`：{error}",
        },
        "magic_not_tensor": {
            "en": (
                "`{name}` is not a tensor (it is of type {type}): %grad differentiates tensors "
                "computed in a %%tape cell. Create inputs with tk.constant(...) or tk.Variable(...)."
            ),
            "zh": (
                "`{name}` 不是张量（它的类型是 {type}）：%grad 只能对 %%tape 单元格里计算出的张量求导。"
                "请用 tk.constant(...) 或 tk.Variable(...) 创建输入。"
            ),
        },
        "magic_bad_order": {
            "en": (
                "--order must be a whole number from 1 to {max}, got {order}: each order nests "
                "one more tape and roughly doubles the work."
            ),
            "zh": "--order 必须是 1 到 {max} 之间的整数，收到的是 {order}：每多一阶就多嵌套一层梯度带，计算量约翻一倍。",
        },
        "magic_order_not_recorded": {
            "en": (
                "tape `{tape}` was recorded for derivatives up to order {have}; to get order "
                "{want}, run its cell again as `%%tape --order {want}`."
            ),
            "zh": "梯度带 `{tape}` 记录时只支持到 {have} 阶导数；要求 {want} 阶导数，请用 `%%tape --order {want}` 重新运行那个单元格。",
        },
        "magic_no_tape": {
            "en": (
                "No tape recorded yet: run a cell with %%tape first (or pass --tape NAME to use "
                "a tk.GradientTape of your own)."
            ),
            "zh": "还没有记录任何梯度带：请先运行一个 %%tape 单元格（或用 --tape NAME 指定你自己的 tk.GradientTape）。",
        },
        "magic_unknown_tape": {
            "en": "No tape named `{name}`.{hint} Recorded tapes: {names}.",
            "zh": "没有名为 `{name}` 的梯度带。{hint}已记录的梯度带：{names}。",
        },
        "magic_tape_released": {
            "en": (
                "tape `{name}` has already released its record (a non-persistent tape frees it "
                "after one gradient() call); record it with %%tape, or use persistent=True."
            ),
            "zh": "梯度带 `{name}` 已经释放了它的记录（非持久梯度带调用一次 gradient() 后就会释放）；请用 %%tape 记录，或使用 persistent=True。",
        },
        "magic_bad_default_tape_name": {
            "en": (
                "TapeMagics.default_tape_name: `{name}` is not a valid Python name for a tape "
                "(letters, digits and _, not starting with a digit); the setting is unchanged."
            ),
            "zh": (
                "TapeMagics.default_tape_name：`{name}` 不是合法的 Python 变量名，不能用作梯度带的"
                "名字（只能用字母、数字和 _，且不能以数字开头）；设置没有改变。"
            ),
        },
        "magic_bad_tape_name": {
            "en": "`{name}` is not a valid Python name for a tape.",
            "zh": "`{name}` 不是合法的 Python 变量名，不能用作梯度带的名字。",
        },
        "magic_watch_unknown": {
            "en": "--watch {name}: `{name}` is neither defined nor assigned in this cell.{hint}",
            "zh": "--watch {name}：`{name}` 既没有定义，也没有在这个单元格里赋值。{hint}",
        },
        "magic_watch_not_tensor": {
            "en": "--watch {name}: `{name}` is not a tensor (it is of type {type}), so nothing was watched for it.",
            "zh": "--watch {name}：`{name}` 不是张量（它的类型是 {type}），因此没有监视它。",
        },
        "magic_none": {"en": "none", "zh": "无"},
        "magic_engine_error": {"en": "%grad: {detail}", "zh": "%grad：{detail}"},
        "magic_lang_set": {"en": "Messages are now in English.", "zh": "提示信息已切换为中文。"},
        "magic_bad_lang": {
            "en": "Unknown language `{lang}`; use `zh` or `en`.",
            "zh": "不支持的语言 `{lang}`；请使用 `zh` 或 `en`。",
        },
        "magic_device_set": {
            "en": "New tensors are now created on {device}.",
            "zh": "新建的张量现在放在 {device} 上。",
        },
        "magic_bad_device": {
            "en": "Unknown device `{device}`; use `cpu` or `gpu`.",
            "zh": "无法识别的设备 `{device}`；请使用 `cpu` 或 `gpu`。",
        },
        "magic_show_one_name": {
            "en": (
                "%tape show takes one tape name, got {n}: {names}. "
                "Usage: %tape show [NAME] [--text] [--all] [--limit N]; "
                "show the others one at a time."
            ),
            "zh": (
                "%tape show 只接受一个梯度带名字，收到了 {n} 个：{names}。"
                "用法：%tape show [NAME] [--text] [--all] [--limit N]；其余的请逐个查看。"
            ),
        },
        "magic_watch_not_a_name": {
            "en": (
                "--watch {name}: `{name}` is not a valid Python identifier. --watch takes "
                "variable names separated by commas, e.g. --watch x,y."
            ),
            "zh": (
                "--watch {name}：`{name}` 不是合法的 Python 标识符。--watch 接受用逗号分隔的"
                "变量名，例如 --watch x,y。"
            ),
        },
        "magic_range_too_wide": {
            "en": (
                "--range `{value}` is too wide: LOW and HIGH must lie within ±{max} "
                "(the limit of a plot). Plot a smaller range, e.g. --range -10:10."
            ),
            "zh": (
                "--range `{value}` 的范围太大：LOW 和 HIGH 必须在 ±{max} 以内（绘图的上限）。"
                "请画一个更小的范围，例如 --range -10:10。"
            ),
        },
        "magic_forgot": {"en": "Forgot tape(s): {names}.", "zh": "已删除梯度带：{names}。"},
        "magic_tapes_list": {"en": "Recorded tapes:", "zh": "已记录的梯度带："},
        "magic_tape_line": {
            "en": "  {name}{mark}: {n} op(s), order {order}",
            "zh": "  {name}{mark}：{n} 个运算，{order} 阶",
        },
        "magic_plot_scalar": {
            "en": (
                "--plot needs a scalar source, but `{name}` has shape {shape}. Plot one element "
                "by making it its own tensor (e.g. `x0 = x[0]`) inside the cell."
            ),
            "zh": "--plot 需要标量求导变量，但 `{name}` 的形状是 {shape}。可以在单元格里把一个元素单独取出（例如 `x0 = x[0]`）再画图。",
        },
        "magic_plot_replay": {
            "en": "--plot cannot replay op {op}: {reason}",
            "zh": "--plot 无法重放运算 {op}：{reason}",
        },
        "magic_replay_custom": {
            "en": "a @tk.custom_gradient function keeps no forward computation on the tape.",
            "zh": "@tk.custom_gradient 函数不会在梯度带上保留前向计算。",
        },
        "magic_bad_range": {
            "en": "--range expects LOW:HIGH with LOW < HIGH, got `{value}`.",
            "zh": "--range 的格式应为 LOW:HIGH 且 LOW < HIGH，收到的是 `{value}`。",
        },
        "magic_gpu_unavailable": {
            "en": "No GPU is available (CuPy with a CUDA device was not found); staying on the CPU.",
            "zh": "没有可用的 GPU（未找到 CuPy 或 CUDA 设备）；继续使用 CPU。",
        },
        # %%tape summary
        "wb_summary": {
            "en": "tape `{name}`: {n} op(s) recorded{ops}",
            "zh": "梯度带 `{name}`：记录了 {n} 个运算{ops}",
        },
        "wb_order": {
            "en": "order {order}: {order} nested tapes, %grad --order up to {order}",
            "zh": "{order} 阶：{order} 层嵌套梯度带，%grad 最高可求 {order} 阶导数",
        },
        "wb_watched": {"en": "watched", "zh": "监视"},
        "wb_results": {"en": "results", "zh": "结果"},
        "wb_variable": {"en": " (Variable)", "zh": "（变量）"},
        "wb_nothing": {
            "en": (
                "Nothing was recorded: no op used a watched tensor or a trainable Variable. "
                "Watch constants with --watch x (or tape.watch(x) in the cell)."
            ),
            "zh": "没有记录到任何运算：没有运算用到被监视的张量或可训练变量。请用 --watch x（或在单元格中调用 tape.watch(x)）监视常量。",
        },
        "wb_non_persistent": {
            "en": (
                "`{name}` is not persistent: `{name}.gradient(...)` works once, as in TensorFlow; "
                "%grad can be used any number of times."
            ),
            "zh": "`{name}` 不是持久梯度带：和 TensorFlow 一样，`{name}.gradient(...)` 只能调用一次；%grad 可以调用任意次。",
        },
        "wb_sum_note": {
            "en": (
                "`{target}` is not a scalar (shape {shape}): this is the gradient of its sum, as "
                "in TensorFlow; use tape.jacobian for one row per element."
            ),
            "zh": "`{target}` 不是标量（形状为 {shape}）：与 TensorFlow 一样，这是它所有元素之和的梯度；如需每个元素的梯度，请用 tape.jacobian。",
        },
        # why a gradient is None
        "why_source_not_tensor": {
            "en": (
                "`{source}` is not a tensor (it is of type {type}), so nothing can be "
                "differentiated with respect to it. Fix: create it with tk.constant(...) or "
                "tk.Variable(...)."
            ),
            "zh": "`{source}` 不是张量（它的类型是 {type}），无法对它求导。解决办法：用 tk.constant(...) 或 tk.Variable(...) 创建它。",
        },
        "why_target_not_tensor": {
            "en": "`{target}` is not a tensor (it is of type {type}), so it has no gradient.",
            "zh": "`{target}` 不是张量（它的类型是 {type}），因此没有梯度。",
        },
        "why_int_source": {
            "en": (
                "`{source}` has the integer dtype {dtype}; integers have no gradient (TensorFlow "
                "only warns and returns None). Fix: create it as a float, tk.constant(3.0) "
                "instead of tk.constant(3), or tk.cast({source}, tk.float32)."
            ),
            "zh": (
                "`{source}` 的 dtype 是整数类型 {dtype}；整数没有梯度（TensorFlow 只给出警告并返回 "
                "None）。解决办法：用浮点数创建它，写 tk.constant(3.0) 而不是 tk.constant(3)，"
                "或用 tk.cast({source}, tk.float32) 转换。"
            ),
        },
        "why_int_target": {
            "en": (
                "`{target}` has the integer dtype {dtype}, so it carries no gradient. Fix: keep "
                "the computation in floating point."
            ),
            "zh": "`{target}` 的 dtype 是整数类型 {dtype}，因此不携带梯度。解决办法：全程使用浮点数计算。",
        },
        "why_not_watched": {
            "en": (
                "The tape did not watch `{source}`: tapes watch trainable Variables "
                "automatically, constant tensors only on request. Fix: `%%tape --watch {source}` "
                "(or `tape.watch({source})` in the cell), or make it a tk.Variable."
            ),
            "zh": (
                "梯度带没有监视 `{source}`：梯度带会自动监视可训练的变量，常量张量则需要手动监视。"
                "解决办法：使用 `%%tape --watch {source}`（或在单元格中调用 `tape.watch({source})`），"
                "或者把它定义为 tk.Variable。"
            ),
        },
        "why_variable_replaced": {
            "en": (
                "`{source}` was a tk.Variable but is now a plain Tensor: an assignment such as "
                "`{source} = {source} + 1` replaced the variable, and tapes do not watch the new "
                "tensor. Fix: update the variable in place, `{source}.assign_add(1)` or "
                "`{source}.assign(...)`."
            ),
            "zh": (
                "`{source}` 原来是 tk.Variable，现在却是普通张量：像 `{source} = {source} + 1` 这样"
                "的赋值替换了变量，而梯度带不会监视新的张量。解决办法：原地更新变量，例如 "
                "`{source}.assign_add(1)` 或 `{source}.assign(...)`。"
            ),
        },
        "why_untrainable": {
            "en": (
                "`{source}` is a Variable with trainable=False, which tapes do not watch "
                "automatically. Fix: `%%tape --watch {source}`, or trainable=True."
            ),
            "zh": "`{source}` 是 trainable=False 的变量，梯度带不会自动监视它。解决办法：使用 `%%tape --watch {source}`，或设置 trainable=True。",
        },
        "why_no_watch_accessed": {
            "en": (
                "The tape was recorded with --no-watch-accessed, so it watches Variables only "
                "on request. Fix: `%%tape --watch {source}`."
            ),
            "zh": "这个梯度带是用 --no-watch-accessed 记录的，只监视手动指定的变量。解决办法：使用 `%%tape --watch {source}`。",
        },
        "why_not_used": {
            "en": (
                "No differentiable op used `{source}` while the tape was recording (reading it "
                "through .numpy(), NumPy functions or ops such as tk.round does not count), so "
                "`{target}` cannot depend on it. Fix: compute `{target}` from `{source}` with "
                "differentiable tapekit ops inside the %%tape cell."
            ),
            "zh": "梯度带记录期间没有任何可微运算用到 `{source}`（通过 .numpy()、NumPy 函数或 tk.round 之类的运算读取它不算），所以 `{target}` 不可能依赖它。解决办法：在 %%tape 单元格里用可微的 tapekit 运算从 `{source}` 计算 `{target}`。",
        },
        "why_target_outside": {
            "en": (
                "`{target}` was not computed while the tape was recording (it was made "
                "outside the %%tape cell), so the tape has no record of how it depends on "
                "`{source}`. Fix: compute `{target}` inside the cell."
            ),
            "zh": "`{target}` 不是在梯度带记录期间计算的（它是在 %%tape 单元格之外得到的），梯度带上没有它依赖 `{source}` 的记录。解决办法：在单元格里计算 `{target}`。",
        },
        "why_left_tape": {
            "en": (
                "`{target}` was computed in the cell, but the tape did not record it. This cell "
                "passed tensors through {funcs}, which tapekit does not route: their results are "
                "plain NumPy values the tape cannot follow. Other ways to lose the path are "
                ".numpy(), float() and non-differentiable ops (tk.round, tk.argmax, comparisons, "
                "tk.stop_gradient). Fix: use tapekit ops (tk.*, tk.math.*) all the way from "
                "`{source}` to `{target}`."
            ),
            "zh": (
                "`{target}` 是在单元格里计算的，但梯度带没有记录它。这个单元格把张量传给了 {funcs}，"
                "tapekit 不接管这些函数：它们返回普通的 NumPy 数值，梯度带无法追踪。其他会切断路径的"
                "情况还有 .numpy()、float() 以及不可微的运算（tk.round、tk.argmax、比较运算、"
                "tk.stop_gradient）。解决办法：从 `{source}` 到 `{target}` 全程使用 tapekit 运算"
                "（tk.*、tk.math.*）。"
            ),
        },
        "why_not_recorded": {
            "en": (
                "`{target}` was computed in the cell, but the tape did not record it, so no "
                "recorded path leads from `{source}` to it. Either its value left the tape "
                "(.numpy(), float(), Python's math module), or it went through a "
                "non-differentiable op (tk.round, tk.argmax, comparisons, tk.stop_gradient), or "
                "it was computed only from tensors the tape did not watch. Fix: compute it from "
                "`{source}` with differentiable tapekit ops."
            ),
            "zh": (
                "`{target}` 是在单元格里计算的，但梯度带没有记录它，因此不存在从 `{source}` 到它的"
                "记录路径。可能是它的值离开了梯度带（.numpy()、float()、Python 的 math 模块），"
                "或者经过了不可微的运算（tk.round、tk.argmax、比较运算、tk.stop_gradient），"
                "或者它只由梯度带没有监视的张量算出。解决办法：用可微的 tapekit 运算从 `{source}` "
                "计算它。"
            ),
        },
        "why_not_connected": {
            "en": (
                "`{target}` does not depend on `{source}` in what the tape recorded: the path is "
                "cut by a non-differentiable op (tk.round, tk.argmax, comparisons, "
                "tk.stop_gradient) or goes through a branch that was not taken. If you want 0 "
                "instead of None, use --zero."
            ),
            "zh": (
                "在梯度带记录的计算中，`{target}` 不依赖 `{source}`：路径被不可微的运算（tk.round、"
                "tk.argmax、比较运算、tk.stop_gradient）切断，或者经过了没有执行的分支。"
                "如果希望得到 0 而不是 None，请使用 --zero。"
            ),
        },
        "why_through_integer": {
            "en": (
                "The path from `{source}` to `{target}` passes through an integer tensor (op "
                "{op}); integers carry no gradient. Fix: stay in floating point (avoid casting "
                "to an integer dtype)."
            ),
            "zh": "从 `{source}` 到 `{target}` 的路径经过了一个整数张量（运算 {op}）；整数不携带梯度。解决办法：全程使用浮点数（不要转换为整数类型）。",
        },
        "why_rule_none": {
            "en": (
                "Every path from `{source}` to `{target}` goes through ops whose gradient is "
                "zero or undefined ({ops}). If you want 0 instead of None, use --zero."
            ),
            "zh": "从 `{source}` 到 `{target}` 的每条路径都经过梯度为零或没有定义的运算（{ops}）。如果希望得到 0 而不是 None，请使用 --zero。",
        },
        "why_constant_derivative": {
            "en": (
                "The derivative of order {lower} of `{target}` does not depend on `{source}` "
                "(it is constant), so the derivative of order {order} is zero; TensorFlow's "
                "nested tapes return None. Use --zero to get zeros."
            ),
            "zh": "`{target}` 的 {lower} 阶导数不依赖 `{source}`（它是常数），所以 {order} 阶导数为零；TensorFlow 的嵌套梯度带此时返回 None。使用 --zero 可以得到 0。",
        },
        # --explain
        "ex_title": {
            "en": (
                "Reverse sweep of {target} with respect to {sources}: {n} op(s), last op first "
                "(the chain rule, one op at a time)"
            ),
            "zh": "{target} 对 {sources} 的反向传播：共 {n} 个运算，从最后一个运算开始（逐个运算应用链式法则）",
        },
        "ex_seed": {
            "en": "Seed: ∂{target}/∂{target} = 1",
            "zh": "种子：∂{target}/∂{target} = 1",
        },
        "ex_step": {"en": "step", "zh": "步骤"},
        "ex_forward": {"en": "forward", "zh": "前向计算"},
        "ex_local": {"en": "local derivative", "zh": "局部导数"},
        "ex_adjoint": {"en": "adjoint in", "zh": "传入的伴随值"},
        "ex_passed": {"en": "adjoint passed back", "zh": "传回的伴随值"},
        "ex_sep": {"en": ": ", "zh": "："},
        "ex_legend": {
            "en": (
                "Each step: the op's forward computation [the adjoint ∂target/∂output flowing "
                "in]; per input: local derivative ⇒ adjoint passed back (adjoint × local "
                "derivative; += where paths meet)."
            ),
            "zh": "每一步：运算的前向计算［传入的伴随值 ∂目标/∂输出］；对每个输入：局部导数 ⇒ 传回的伴随值（伴随值 × 局部导数；多条路径汇合处用 += 累加）。",
        },
        "ex_rule": {"en": "the gradient rule of {op}", "zh": "{op} 的梯度规则"},
        "ex_result": {
            "en": "Result (chain rule): {lhs} = {value}",
            "zh": "结果（链式法则）：{lhs} = {value}",
        },
        "ex_higher": {
            "en": (
                "--explain shows the first-order sweep; a derivative of order {order} repeats "
                "this sweep on the recorded gradient computation {more} more time(s)."
            ),
            "zh": "--explain 展示的是一阶反向传播；{order} 阶导数会在记录下来的梯度计算上再重复这一过程 {more} 次。",
        },
        # --plot
        "plot_title": {
            "en": "{target} and its derivative with respect to {source}",
            "zh": "{target} 及其对 {source} 的导数",
        },
        "plot_tangent": {
            "en": "tangent at {source} = {x0}",
            "zh": "{source} = {x0} 处的切线",
        },
        "plot_summary": {
            "en": "{target} over {source} ∈ [{lo}, {hi}] ({n} points); at {source} = {x0}: {values}",
            "zh": "{target} 在 {source} ∈ [{lo}, {hi}] 上的取值（{n} 个点）；在 {source} = {x0} 处：{values}",
        },
        # %tape show
        "graph_title": {
            "en": "tape `{name}`: {n} op(s)",
            "zh": "梯度带 `{name}`：{n} 个运算",
        },
        "graph_truncated": {
            "en": "(showing the last {k} of {n} ops)",
            "zh": "（只显示最后 {k} 个运算，共 {n} 个）",
        },
        "graph_empty": {
            "en": "tape `{name}` recorded no ops.",
            "zh": "梯度带 `{name}` 没有记录任何运算。",
        },
        # %tapekit info
        "info_language": {"en": "language", "zh": "语言"},
        "info_backend": {"en": "backend", "zh": "后端"},
        "info_device": {"en": "default device", "zh": "默认设备"},
        "info_gpu": {"en": "GPU", "zh": "GPU"},
        "info_gpu_none": {"en": "not available", "zh": "不可用"},
        "info_tapes": {"en": "recorded tapes", "zh": "已记录的梯度带"},
        "info_language_name": {"en": "English", "zh": "中文"},
    }
)

# -- reliability of the notebook layer (issue 16): limits, argument checks, views of big tapes
CATALOG.update(
    {
        "ex_more": {
            "en": "… {k} more step(s) of {n} not shown (the ones nearest the sources; the results below include them). %grad … --explain --limit N shows N steps, --all every one.",
            "zh": "…… 共 {n} 步，另有 {k} 步没有显示（靠近源张量的那些；下面的结果已包含它们）。%grad … --explain --limit N 显示 N 步，--all 显示全部。",
        },
        "graph_more": {
            "en": " %tape show --limit N shows the last N, --all every op.",
            "zh": "%tape show --limit N 显示最后 N 个，--all 显示全部。",
        },
        "wb_and_more": {"en": " and {k} more", "zh": " 等，另有 {k} 个"},
        "magic_empty_tape_name": {
            "en": "The tape name is empty: give the name of a %%tape record (see %tape list).",
            "zh": "梯度带的名字是空的：请给出 %%tape 记录的名字（见 %tape list）。",
        },
        "magic_long_tape_name": {
            "en": "A tape name may have at most {max} characters; this one has {n}.",
            "zh": "梯度带的名字最多 {max} 个字符，这个有 {n} 个。",
        },
        "magic_long_line": {
            "en": "%{magic}: the line has {n} characters, more than the {max} a magic takes (names, options and short expressions). Compute long expressions in Python first.",
            "zh": "%{magic}：这一行有 {n} 个字符，超过了魔法命令允许的 {max} 个（名字、选项和简短的表达式）。较长的表达式请先用 Python 计算。",
        },
        "magic_bad_limit": {
            "en": "--limit must be a whole number from 1 to {max}, got {value}; --all shows everything.",
            "zh": "--limit 必须是 1 到 {max} 之间的整数，收到的是 {value}；--all 显示全部。",
        },
        "magic_bad_plot_points": {
            "en": "TapeMagics.plot_points must be a whole number from {lo} to {hi}, got {value}.",
            "zh": "TapeMagics.plot_points 必须是 {lo} 到 {hi} 之间的整数，收到的是 {value}。",
        },
        "magic_interrupted": {
            "en": "%{magic} was interrupted (the kernel's stop button); the recorded tapes are unchanged.",
            "zh": "%{magic} 已中断（内核的停止按钮）；已记录的梯度带没有改变。",
        },
        "magic_plot_progress": {"en": "%grad --plot", "zh": "%grad --plot"},
        "kernel_bad_name": {
            "en": "`{name}` is not a valid kernel name: use letters, digits, '.', '_' and '-' (at most {max} characters, not only dots), as `jupyter kernelspec` does. Nothing was installed.",
            "zh": "`{name}` 不是合法的内核名：只能使用字母、数字、'.'、'_' 和 '-'（最多 {max} 个字符，不能只有点），与 `jupyter kernelspec` 的规则相同。没有安装任何内容。",
        },
        "kernel_installed": {
            "en": "Installed kernelspec {name} ({display_name}) in {dest}",
            "zh": "已安装内核规范 {name}（{display_name}），位置：{dest}",
        },
        "kernel_needs_ipykernel": {
            "en": (
                "python -m tapekit install-kernel needs {module}, which is not installed in this "
                "Python ({python}); nothing was installed. Install it into the environment the "
                "kernel should run in: {python} -m pip install ipykernel (or tapekit's [jupyter] "
                "extra: pip install 'tapekit[jupyter]'), then run the command again."
            ),
            "zh": (
                "python -m tapekit install-kernel 需要 {module}，但当前的 Python（{python}）中没有"
                "安装它，所以什么也没有安装。请把它装进内核要运行的环境：{python} -m pip install "
                "ipykernel（或者安装 tapekit 的 [jupyter] 附加依赖：pip install 'tapekit[jupyter]'），"
                "然后再运行这条命令。"
            ),
        },
        "kernel_install_failed": {
            "en": "Could not install the kernel: {detail}. Try --user, or --prefix with a folder you can write to.",
            "zh": "无法安装内核：{detail}。请试试 --user，或用 --prefix 指定一个你有写权限的文件夹。",
        },
    }
)

# -- optional dependencies (pyproject.toml's extras) ----------------------------------------
CATALOG.update(
    {
        "missing_extra": {
            "en": (
                "{what} needs {module}, which is not installed. Install tapekit's [{extra}] "
                "extra: pip install 'tapekit[{extra}]' (from a clone of the repository: "
                "pip install -e '.[{extra}]')."
            ),
            "zh": (
                "{what} 需要 {module}，但它没有安装。请安装 tapekit 的 [{extra}] 附加依赖："
                "pip install 'tapekit[{extra}]'（在仓库的克隆中：pip install -e '.[{extra}]'）。"
            ),
        },
    }
)
