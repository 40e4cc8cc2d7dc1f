"""The magics' messages (``%%tape``, ``%tape``, ``%grad``, ``%tapekit``): their options and
argument errors, tape names, the workspace's names and the limits, in English and Chinese.

The notebook layer's catalog is one module per job, ``_messages*.py``, all registered in the
one catalog behind :func:`tapekit._messages.message` when :mod:`tapekit.notebook` is imported
(the magics, the workbench and the widgets import it): this one, ``_messages_diagnose.py``
(why a gradient is ``None``), ``_messages_views.py`` (summaries, ``--explain``, plots, graphs,
``%tapekit info``) and ``_messages_install.py`` (the kernelspec, ``python -m tapekit``, extras).
"""

from __future__ import annotations

from .._messages import CATALOG

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
    }
)
