"""Why a gradient is ``None``, and how to fix it (:mod:`tapekit.notebook.diagnose`), in English
and Chinese."""

from __future__ import annotations

from .._messages import CATALOG

CATALOG.update(
    {
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
    }
)
