"""The widgets' messages (derivative_explorer, optimizer_explorer, tape_view), in English
and Chinese.

Registered in the one catalog behind :func:`tapekit._messages.message` when
:mod:`tapekit.widgets` is imported.
"""

from __future__ import annotations

from .._messages import CATALOG
from ..notebook import _messages as _notebook  # noqa: F401  (the notebook keys widgets use)

# -- widgets (tapekit.widgets: derivative_explorer, optimizer_explorer, tape_view) ----------
CATALOG.update(
    {
        # string expressions
        "wg_expr_empty": {
            "en": "The expression is empty: write f in terms of x, e.g. sin(x) * x**2.",
            "zh": "表达式是空的：请用 x 写出 f，例如 sin(x) * x**2。",
        },
        "wg_expr_syntax": {
            "en": "Cannot read the expression:\n  {text}\n  {pointer}\n{hint}Write it as Python arithmetic: * for products, ** (or ^) for powers.",
            "zh": "无法解析这个表达式：\n  {text}\n  {pointer}\n{hint}请按 Python 的算术写法：乘法用 *，乘方用 **（或 ^）。",
        },
        "wg_expr_hint_mul": {
            "en": "`{a}{b}` needs a * between {a} and {b}. ",
            "zh": "`{a}{b}` 中 {a} 和 {b} 之间需要写乘号 *。",
        },
        "wg_expr_name": {
            "en": "Unknown name `{name}` in `{text}`.{hint} Known functions: {known}; constants: pi, e.",
            "zh": "`{text}` 中的名字 `{name}` 未定义。{hint}可用的函数：{known}；常数：pi、e。",
        },
        "wg_expr_construct": {
            "en": "`{what}` is not allowed in an expression (`{text}`): use numbers, the variables, + - * / ** and the listed functions.",
            "zh": "表达式 `{text}` 中不能使用 `{what}`：只能用数字、变量、+ - * / ** 和列出的函数。",
        },
        # the function under study
        "wg_f_not_callable": {
            "en": "f must be a function of one tensor or a string expression, not {type}.",
            "zh": "f 必须是一个以张量为参数的函数或字符串表达式，而不是 {type}。",
        },
        "wg_f_raised": {
            "en": "{f} raised an error at x = {x}: {detail}",
            "zh": "计算 {f} 时在 x = {x} 处出错：{detail}",
        },
        "wg_f_raised_some": {
            "en": "f raised an error at {n} of {total} points (first at x = {x}: {detail}); those points are left out.",
            "zh": "f 在 {total} 个点中的 {n} 个点上出错（第一个在 x = {x}：{detail}），这些点没有画出。",
        },
        "wg_f_not_tensor": {
            "en": "{f} returned a {type}, not a tapekit tensor: build it from x with tapekit ops (tk.sin, +, ** ...) so the gradient tape can record it.",
            "zh": "{f} 返回的是 {type}，不是 tapekit 张量：请用 tapekit 运算（tk.sin、+、** 等）从 x 计算，梯度带才能记录。",
        },
        "wg_f_not_scalar": {
            "en": "{f} must return one number for one x, but returned shape {shape}. Reduce it (e.g. tk.reduce_sum) or pick one component.",
            "zh": "{f} 对一个 x 必须返回一个数，实际返回的形状是 {shape}。请先归约（如 tk.reduce_sum）或取其中一个分量。",
        },
        "wg_f_off_tape": {
            "en": "{f} changes with x but its gradient is None: the computation left the tape (.numpy(), float(), math.* or NumPy functions on plain values). Use tapekit ops on the tensor x.",
            "zh": "{f} 随 x 变化，但梯度为 None：计算离开了梯度带（.numpy()、float()、math.* 或对普通数值用的 NumPy 函数）。请对张量 x 使用 tapekit 运算。",
        },
        "wg_undefined_points": {
            "en": "f is undefined (NaN or ±inf) at {n} of {total} grid points; the curves have gaps there.",
            "zh": "f 在 {total} 个网格点中的 {n} 个点上无定义（NaN 或 ±inf），曲线在那里断开。",
        },
        "wg_bad_orders": {
            "en": "orders must be derivative orders between 1 and {max}, got {orders!r}.",
            "zh": "orders 必须是 1 到 {max} 之间的导数阶数，收到的是 {orders!r}。",
        },
        "wg_bad_range": {
            "en": "A range must be (low, high) with finite low < high, got {value!r}.",
            "zh": "范围必须是 (low, high)，且 low < high 都是有限数，收到的是 {value!r}。",
        },
        "wg_progress": {"en": "f point by point", "zh": "逐点计算 f"},
        "wg_draw_failed": {
            "en": "Drawing failed: {detail}",
            "zh": "绘图失败：{detail}",
        },
        "wg_summary_error": {
            "en": "{kind}: {error}",
            "zh": "{kind}：{error}",
        },
        # derivative_explorer
        "wg_deriv_title": {
            "en": "{f} and its derivatives (automatic differentiation)",
            "zh": "{f} 及其导数（自动微分）",
        },
        "wg_tangent": {"en": "tangent at x₀", "zh": "x₀ 处的切线"},
        "wg_taylor": {"en": "Taylor polynomial at x₀", "zh": "x₀ 处的泰勒多项式"},
        "wg_taylor_order": {"en": "Taylor polynomial of order {n}", "zh": "{n} 阶泰勒多项式"},
        "wg_taylor_short": {"en": "Taylor order", "zh": "泰勒阶数"},
        "wg_deriv_summary": {
            "en": "derivative_explorer: f({var}) = {f} on [{lo}, {hi}], at {var}₀ = {x0}: {values} (Taylor order {n})",
            "zh": "derivative_explorer：f({var}) = {f}，范围 [{lo}, {hi}]，在 {var}₀ = {x0} 处：{values}（泰勒阶数 {n}）",
        },
        # optimizer_explorer
        "wg_opt_title": {
            "en": "Gradient descent: optimizers from one start",
            "zh": "梯度下降：同一起点出发的优化器",
        },
        "wg_loss_title": {"en": "loss f(x, y) per step", "zh": "每一步的损失 f(x, y)"},
        "wg_step": {"en": "step", "zh": "步数"},
        "wg_steps": {"en": "steps", "zh": "总步数"},
        "wg_step_of": {"en": "step {k} of {n}", "zh": "第 {k} 步，共 {n} 步"},
        "wg_lr": {"en": "learning rate", "zh": "学习率"},
        "wg_beta": {"en": "momentum / β₁", "zh": "动量 / β₁"},
        "wg_arrows": {"en": "descent directions −∇f", "zh": "下降方向 −∇f"},
        "wg_preset": {"en": "function", "zh": "函数"},
        "wg_preset_name_custom": {"en": "your function", "zh": "你的函数"},
        "wg_preset_name_quadratic": {
            "en": "quadratic (seed 003)",
            "zh": "二次函数（示例 003）",
        },
        "wg_preset_name_ill_conditioned": {
            "en": "ill-conditioned quadratic",
            "zh": "病态二次函数",
        },
        "wg_preset_name_rosenbrock": {"en": "Rosenbrock", "zh": "Rosenbrock 函数"},
        "wg_preset_name_beale": {"en": "Beale", "zh": "Beale 函数"},
        "wg_preset_name_himmelblau": {"en": "Himmelblau", "zh": "Himmelblau 函数"},
        "wg_preset_name_saddle": {"en": "saddle x² − y²", "zh": "鞍点 x² − y²"},
        "wg_preset_quadratic": {
            "en": "Seed 003's f(x) = x² − 2x + 1, plus y². With SGD, learning rate 0.01 and 1000 steps, x ends at 0.999998569 as in the seed.",
            "zh": "示例 003 的 f(x) = x² − 2x + 1，再加上 y²。用 SGD、学习率 0.01、1000 步，x 停在 0.999998569，与示例一致。",
        },
        "wg_preset_ill": {
            "en": "Curvature 25 times larger along y than along x: plain SGD zig-zags across the valley; momentum smooths it.",
            "zh": "y 方向的曲率是 x 方向的 25 倍：普通 SGD 在山谷两侧来回震荡，动量可以平滑这种震荡。",
        },
        "wg_preset_rosenbrock": {
            "en": 'The banana valley: easy to reach, slow to follow to the minimum at (1, 1). Start as in Distill\'s "Why Momentum Really Works".',
            "zh": "香蕉形山谷：很快能到达谷底，但沿谷底走到最小值 (1, 1) 很慢。起点与 Distill 的《Why Momentum Really Works》相同。",
        },
        "wg_preset_beale": {
            "en": "Flat plateaus and steep walls; minimum at (3, 0.5). Too large a learning rate diverges.",
            "zh": "平坦的高原和陡峭的山壁；最小值在 (3, 0.5)。学习率太大会发散。",
        },
        "wg_preset_himmelblau": {
            "en": "Four minima: from the same start, different optimizers can end in different ones.",
            "zh": "四个最小值：从同一起点出发，不同的优化器可能落到不同的最小值。",
        },
        "wg_preset_saddle": {
            "en": "A saddle point at (0, 0): starting almost on the ridge, the gradient is tiny along y and each optimizer escapes at its own speed (the function has no minimum).",
            "zh": "(0, 0) 是鞍点：起点几乎在山脊上，y 方向的梯度很小，各个优化器逃离的速度不同（这个函数没有最小值）。",
        },
        "wg_diverged_label": {
            "en": "{name} ✕ diverged at step {step}",
            "zh": "{name} ✕ 第 {step} 步发散",
        },
        "wg_diverged_note": {
            "en": "{name} diverged at step {step} (the loss or the position blew up): the learning rate {lr} is too large for it here; try a smaller one.",
            "zh": "{name} 在第 {step} 步发散（损失或位置爆炸）：学习率 {lr} 对它来说太大了，请调小。",
        },
        "wg_unbounded_label": {
            "en": "{name} ↘ −∞ at step {step}",
            "zh": "{name} ↘ 第 {step} 步趋于 −∞",
        },
        "wg_unbounded_note": {
            "en": "{name} ran off towards −∞ (stopped at step {step}): f has no minimum in that direction, so the loss keeps falling without bound.",
            "zh": "{name} 一路走向 −∞（在第 {step} 步停止）：f 在这个方向上没有最小值，损失会无限下降。",
        },
        "wg_left_view": {
            "en": "{name} left the plotted area (its path continues outside).",
            "zh": "{name} 离开了绘图区域（轨迹在区域外继续）。",
        },
        "wg_f2_raised": {
            "en": "f raised an error at {point}: {detail}",
            "zh": "计算 f 时在 {point} 处出错：{detail}",
        },
        "wg_f2_not_tensor": {
            "en": "f returned a {type}, not a tapekit tensor: compute it from v with tapekit ops (x = v[0], y = v[1]).",
            "zh": "f 返回的是 {type}，不是 tapekit 张量：请用 tapekit 运算从 v 计算（x = v[0]，y = v[1]）。",
        },
        "wg_f2_not_scalar": {
            "en": "f must return one number (the loss) for a point v of shape (2,), but returned shape {shape}.",
            "zh": "f 对形状为 (2,) 的点 v 必须返回一个数（损失），实际返回的形状是 {shape}。",
        },
        "wg_f2_off_tape": {
            "en": "The gradient of f is None: the computation left the tape (.numpy(), float() or math.*). Use tapekit ops on v.",
            "zh": "f 的梯度为 None：计算离开了梯度带（.numpy()、float() 或 math.*）。请对 v 使用 tapekit 运算。",
        },
        "wg_hint": {
            "en": " Did you mean `{name}`?",
            "zh": "你是不是想用 `{name}`？",
        },
        "wg_unknown_optimizer": {
            "en": "Unknown optimizer `{name}`.{hint} Known: {known}, or pass a tk.optimizers instance.",
            "zh": "未知的优化器 `{name}`。{hint}可用的有：{known}，也可以传入 tk.optimizers 的实例。",
        },
        "wg_no_optimizers": {
            "en": 'Give at least one optimizer, e.g. optimizers=("SGD", "Adam").',
            "zh": '请至少给出一个优化器，例如 optimizers=("SGD", "Adam")。',
        },
        "wg_unknown_preset": {
            "en": "Unknown preset `{name}`.{hint} Presets: {known}.",
            "zh": "未知的预设 `{name}`。{hint}可用的预设：{known}。",
        },
        "wg_opt_failed": {
            "en": "Cannot create {name} with these settings: {detail}",
            "zh": "无法用这些设置创建优化器 {name}：{detail}",
        },
        "wg_bad_start": {
            "en": "start must be a point (x, y) of two finite numbers, got {value!r}.",
            "zh": "start 必须是由两个有限数组成的点 (x, y)，收到的是 {value!r}。",
        },
        "wg_bad_lr": {
            "en": "The learning rate must be a positive number, got {value}.",
            "zh": "学习率必须是正数，收到的是 {value}。",
        },
        "wg_bad_beta": {
            "en": "momentum / β₁ must be in [0, 1), got {value}.",
            "zh": "动量 / β₁ 必须在 [0, 1) 之间，收到的是 {value}。",
        },
        "wg_bad_steps": {
            "en": "steps must be an integer from 1 to {max}, got {value!r}.",
            "zh": "步数必须是 1 到 {max} 之间的整数，收到的是 {value!r}。",
        },
        "wg_opt_summary": {
            "en": "optimizer_explorer: {preset} from {start}, learning rate {lr}, β {beta}, step {step} of {steps}: {runs}",
            "zh": "optimizer_explorer：{preset}，起点 {start}，学习率 {lr}，β {beta}，第 {step} 步（共 {steps} 步）：{runs}",
        },
        "wg_sum_run": {"en": "{name} loss {loss} at {x}", "zh": "{name} 损失 {loss}，位于 {x}"},
        "wg_sum_diverged": {
            "en": "{name} diverged at step {step}",
            "zh": "{name} 在第 {step} 步发散",
        },
        # tape_view
        "wg_tape_released": {
            "en": "This GradientTape no longer holds its recording: a non-persistent tape releases it after its first gradient() call. Use tk.GradientTape(persistent=True), call tape_view before gradient(), or record the cell with %%tape.",
            "zh": "这个梯度带已经不再保存记录：非持久梯度带在第一次调用 gradient() 后就会释放记录。请使用 tk.GradientTape(persistent=True)，在 gradient() 之前调用 tape_view，或用 %%tape 记录这个单元格。",
        },
        "wg_not_a_tape": {
            "en": "tape_view needs a tk.GradientTape or a %%tape record, not {type}.",
            "zh": "tape_view 需要 tk.GradientTape 或 %%tape 的记录，而不是 {type}。",
        },
        "wg_not_a_tensor": {
            "en": "target must be a tensor the tape recorded, not {type}.",
            "zh": "target 必须是梯度带记录过的张量，而不是 {type}。",
        },
        "wg_no_node": {
            "en": "The tape has no node `{name}`.{hint}",
            "zh": "梯度带中没有节点 `{name}`。{hint}",
        },
        "wg_node": {"en": "node", "zh": "节点"},
        "wg_node_op": {"en": "computed by", "zh": "由谁计算"},
        "wg_node_leaf": {
            "en": "an input (not computed on the tape)",
            "zh": "输入（不是在梯度带上计算出来的）",
        },
        "wg_node_shape": {"en": "shape, dtype", "zh": "形状、dtype"},
        "wg_node_value": {"en": "value", "zh": "值"},
        "wg_node_grad_none": {
            "en": "None ({target} does not depend on this node through the tape)",
            "zh": "None（{target} 没有通过梯度带依赖这个节点）",
        },
        "wg_node_grad_failed": {
            "en": "cannot be computed: {detail}",
            "zh": "无法计算：{detail}",
        },
        "wg_tape_summary": {
            "en": "tape_view: tape `{name}` with {n} op(s); node {node} = {value}, {grad}",
            "zh": "tape_view：梯度带 `{name}`，共 {n} 个运算；节点 {node} = {value}，{grad}",
        },
    }
)

# -- reliability of the notebook layer (issue 16): limits, argument checks, views of big tapes
CATALOG.update(
    {
        "wg_expr_limit": {
            "en": "The expression `{text}` is too {what} (the limit is {limit}): write a shorter formula, or pass a Python function instead of a string.",
            "zh": "表达式 `{text}` {what}（上限是 {limit}）：请写得简短一些，或者传入 Python 函数而不是字符串。",
        },
        "wg_expr_limit_length": {
            "en": "long: more characters than allowed",
            "zh": "太长，字符数超过上限",
        },
        "wg_expr_limit_depth": {"en": "deeply nested", "zh": "嵌套层数太多"},
        "wg_expr_limit_nodes": {
            "en": "big: more numbers, names and operators than allowed",
            "zh": "太大，数字、名字和运算符的个数超过上限",
        },
        "wg_expr_limit_power": {
            "en": "large a constant power: the number would have more bits than allowed",
            "zh": "中的常数乘方太大，结果的二进制位数超过上限",
        },
        "wg_bad_int": {
            "en": "{name} must be a whole number from {lo} to {hi}, got {value}.",
            "zh": "{name} 必须是 {lo} 到 {hi} 之间的整数，收到的是 {value}。",
        },
        "wg_bad_number": {
            "en": "{name} must be a finite number, got {value}.",
            "zh": "{name} 必须是有限的数，收到的是 {value}。",
        },
        "wg_bad_label": {
            "en": "{name} must be a name of at most {max} characters{ident}, got {value}.",
            "zh": "{name} 必须是不超过 {max} 个字符的名字{ident}，收到的是 {value}。",
        },
        "wg_label_ident": {
            "en": " (letters, digits and _, as a Python variable)",
            "zh": "（字母、数字和 _，与 Python 变量名一样）",
        },
        "wg_interrupted": {
            "en": "Interrupted (the kernel's stop button): nothing was changed, the plot shows the previous settings.",
            "zh": "已中断（内核的停止按钮）：没有做任何更改，图中仍是之前的设置。",
        },
        "wg_progress_runs": {"en": "optimizer steps", "zh": "优化步数"},
        "wg_tape_truncated": {
            "en": "This tape has {n} ops: the last {k} are drawn and listed. tape_view(..., limit=N) draws the last N (up to {max}).",
            "zh": "这个梯度带有 {n} 个运算：只画出并列出最后 {k} 个。tape_view(..., limit=N) 画出最后 N 个（最多 {max} 个）。",
        },
    }
)
