"""What the notebook layer shows, in English and Chinese: the ``%%tape`` summary, ``%grad
--explain``'s sweep, ``--plot``'s charts, ``%tape show``'s graph and ``%tapekit info``."""

from __future__ import annotations

from .._messages import CATALOG

CATALOG.update(
    {
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
        "ex_more": {
            "en": "… {k} more step(s) of {n} not shown (the ones nearest the sources; the results below include them). %grad … --explain --limit N shows N steps, --all every one.",
            "zh": "…… 共 {n} 步，另有 {k} 步没有显示（靠近源张量的那些；下面的结果已包含它们）。%grad … --explain --limit N 显示 N 步，--all 显示全部。",
        },
        "graph_more": {
            "en": " %tape show --limit N shows the last N, --all every op.",
            "zh": "%tape show --limit N 显示最后 N 个，--all 显示全部。",
        },
        "wb_and_more": {"en": " and {k} more", "zh": " 等，另有 {k} 个"},
    }
)
