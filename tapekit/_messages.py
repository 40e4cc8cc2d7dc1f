"""Message catalog: every user-facing error and warning, in English and Chinese.

``message(key, **fields)`` formats the text in the current language, chosen with
``tapekit.config.set_language("zh")`` or the ``TAPEKIT_LANG`` environment variable.
"""

from __future__ import annotations

import os

_LANGS = ("en", "zh")
_language = os.environ.get("TAPEKIT_LANG", "en").lower()[:2]
if _language not in _LANGS:
    _language = "en"


def get_language() -> str:
    return _language


def set_language(lang: str) -> None:
    """Language for messages: ``"en"`` or ``"zh"``."""
    global _language
    lang = str(lang).lower().replace("_", "-")
    lang = {"cn": "zh", "zh-cn": "zh", "zh-hans": "zh", "chinese": "zh", "english": "en"}.get(
        lang, lang[:2]
    )
    if lang not in _LANGS:
        raise ValueError(f"Unsupported language {lang!r}; choose 'en' or 'zh'.")
    _language = lang


CATALOG: dict[str, dict[str, str]] = {
    "sparse_xent_label": {
        "en": (
            "Received a label value of {value} which is outside the valid range of [0, {depth}).  "
            "Label values: {labels} [Op:SparseSoftmaxCrossEntropyWithLogits]. Labels are class "
            "indices: every one must be at least 0 and less than the number of logits per row."
        ),
        "zh": (
            "标签值 {value} 超出有效范围 [0, {depth})。标签值：{labels} "
            "[Op:SparseSoftmaxCrossEntropyWithLogits]。标签是类别编号：每个都必须不小于 0，"
            "且小于每行 logits 的个数。"
        ),
    },
    "sparse_xent_label_dtype": {
        "en": (
            "Value for attr 'Tlabels' of {dtype} is not in the list of allowed values: int32, "
            "int64 [Op:SparseSoftmaxCrossEntropyWithLogits]. Sparse labels are class indices; "
            "for probabilities per class use tk.nn.softmax_cross_entropy_with_logits."
        ),
        "zh": (
            "属性 'Tlabels' 的类型 {dtype} 不在允许的类型中：int32、int64 "
            "[Op:SparseSoftmaxCrossEntropyWithLogits]。稀疏标签是类别编号；"
            "如果标签是每个类别的概率，请改用 tk.nn.softmax_cross_entropy_with_logits。"
        ),
    },
    "sparse_xent_shape": {
        "en": (
            "`labels.shape` must equal `logits.shape` except for the last dimension. "
            "Received: labels.shape={labels} and logits.shape={logits}"
        ),
        "zh": (
            "`labels.shape` 必须与 `logits.shape` 去掉最后一维后相同。"
            "收到的是：labels.shape={labels}，logits.shape={logits}"
        ),
    },
    "mixed_dtypes": {
        "en": (
            "cannot compute {op} as input #{index}(zero-based) was expected to be a {want} "
            "tensor but is a {got} tensor [Op:{op}]. Tensors in one op must share a dtype: "
            "convert one with tk.cast(x, tk.{want_name})."
        ),
        "zh": (
            "无法计算 {op}：第 {index} 个输入（从 0 开始）应为 {want} 张量，实际是 {got} 张量"
            " [Op:{op}]。同一个运算的张量必须是同一种 dtype：请用 tk.cast(x, tk.{want_name}) "
            "转换其中一个。"
        ),
    },
    "incompatible_shapes": {
        "en": (
            "Incompatible shapes: {a} vs. {b} [Op:{op}]. Shapes must be equal, or broadcastable "
            "(dimensions equal or 1, aligned from the right); reshape or slice one operand."
        ),
        "zh": (
            "形状不兼容：{a} 与 {b} [Op:{op}]。两个形状必须相同或可以广播（从右往左对齐，"
            "每一维相等或为 1）；请先 reshape 或切片其中一个操作数。"
        ),
    },
    "op_failed": {
        "en": "{op} failed: {detail} [Op:{op}]",
        "zh": "{op} 运算失败：{detail} [Op:{op}]",
    },
    "convert_failed": {
        "en": (
            "Cannot convert {value} to a Tensor of dtype {dtype}. Pass a value of that kind, "
            "or convert explicitly with tk.cast(...)."
        ),
        "zh": "无法把 {value} 转换为 dtype 为 {dtype} 的张量。请传入相应类型的值，或用 tk.cast(...) 显式转换。",
    },
    "convert_dtype_mismatch": {
        "en": (
            "Tensor conversion requested dtype {want} for Tensor with dtype {got}: {value}. "
            "Use tk.cast(x, tk.{want}) to change a tensor's dtype."
        ),
        "zh": "要求把 dtype 为 {got} 的张量转换为 {want}：{value}。改变张量的 dtype 请用 tk.cast(x, tk.{want})。",
    },
    "convert_type": {
        "en": (
            "Attempt to convert a value ({value!r}) with an unsupported type ({type}) to a "
            "Tensor. Pass numbers, nested lists of numbers, NumPy arrays or tensors."
        ),
        "zh": "无法把类型为 {type} 的值（{value!r}）转换为张量。请传入数字、数字的嵌套列表、NumPy 数组或张量。",
    },
    "no_string_tensors": {
        "en": (
            "tapekit has no string tensors: {value!r} cannot become a Tensor. tapekit covers "
            "TensorFlow's automatic differentiation API on numbers; keep text in Python "
            "strings. See 'Differences from TensorFlow' in the README."
        ),
        "zh": (
            "tapekit 没有字符串张量：{value!r} 无法转换为张量。tapekit 实现的是 TensorFlow "
            "面向数值的自动微分 API，文本请直接用 Python 字符串保存。请参阅 README 中的"
            "“与 TensorFlow 的差异”一节。"
        ),
    },
    "non_persistent_twice": {
        "en": (
            "A non-persistent GradientTape can only be used to compute one set of gradients "
            "(or jacobians). To call gradient() more than once, create the tape with "
            "tk.GradientTape(persistent=True)."
        ),
        "zh": (
            "非持久（non-persistent）的梯度带只能计算一次梯度（或雅可比矩阵）。如果要多次调用 "
            "gradient()，请用 tk.GradientTape(persistent=True) 创建持久梯度带。"
        ),
    },
    "int_source": {
        "en": (
            "The dtype of the source tensor must be floating (e.g. tk.float32) when calling "
            "GradientTape.gradient, got {dtype}; its gradient is None. Create it as a float "
            "(tk.constant(3.0) instead of tk.constant(3)) or tk.cast it first."
        ),
        "zh": (
            "调用 GradientTape.gradient 时，源张量的 dtype 必须是浮点类型（例如 tk.float32），"
            "实际是 {dtype}，因此梯度为 None。请用浮点数创建它（用 tk.constant(3.0) 而不是 "
            "tk.constant(3)），或先用 tk.cast 转换。"
        ),
    },
    "int_target": {
        "en": (
            "The dtype of the target tensor must be floating (e.g. tk.float32) when calling "
            "GradientTape.gradient, got {dtype}."
        ),
        "zh": "调用 GradientTape.gradient 时，目标张量的 dtype 必须是浮点类型（例如 tk.float32），实际是 {dtype}。",
    },
    "int_watch": {
        "en": (
            "The dtype of the watched tensor must be floating (e.g. tk.float32), got {dtype}; "
            "integer and boolean tensors have no gradient."
        ),
        "zh": "被 watch 的张量必须是浮点类型（例如 tk.float32），实际是 {dtype}；整数和布尔张量没有梯度。",
    },
    "persistent_in_context": {
        "en": (
            "Calling GradientTape.gradient on a persistent tape inside its context is "
            "significantly less efficient than calling it outside the context (it causes the "
            "gradient ops to be recorded on the tape, leading to increased CPU and memory usage). "
            "Only call GradientTape.gradient inside the context if you actually want to trace "
            "the gradient in order to compute higher order derivatives."
        ),
        "zh": (
            "在持久梯度带自己的上下文里调用 GradientTape.gradient，比在上下文外调用慢得多"
            "（求梯度的运算也会被记录到梯度带上，占用更多 CPU 和内存）。只有需要计算高阶导数时，"
            "才在上下文里调用它。"
        ),
    },
    "output_gradients_len": {
        "en": (
            "output_gradients must have one entry per target: got {n_grads} for {n_targets} "
            "target(s)."
        ),
        "zh": "output_gradients 必须为每个目标提供一个值：收到 {n_grads} 个，但目标有 {n_targets} 个。",
    },
    "unconnected_value": {
        "en": "Unknown value for unconnected_gradients: {value!r}; use 'none' or 'zero'.",
        "zh": "unconnected_gradients 的取值 {value!r} 无效；请使用 'none' 或 'zero'。",
    },
    "not_a_source": {
        "en": (
            "Gradient sources must be Tensors or Variables, got {type}. Pass the tensor itself "
            "(not its .numpy() value)."
        ),
        "zh": "求梯度的源必须是张量或变量，实际是 {type}。请传入张量本身（而不是它的 .numpy() 值）。",
    },
    "scalar_conversion": {
        "en": (
            "Only scalar tensors can be converted to Python scalars; this tensor has shape "
            "{shape}. Reduce it first (tk.reduce_sum(t)) or index one element (t[0])."
        ),
        "zh": "只有标量张量才能转换为 Python 数值，这个张量的形状是 {shape}。请先归约（tk.reduce_sum(t)）或取出一个元素（t[0]）。",
    },
    "len_scalar": {
        "en": "Scalar tensor has no `len()`",
        "zh": "标量张量没有 `len()`",
    },
    "iter_scalar": {
        "en": "Cannot iterate over a scalar tensor.",
        "zh": "不能遍历标量张量。",
    },
    "immutable": {
        "en": (
            "'{type}' object does not support item assignment: tensors are immutable. Use a "
            "tk.Variable and .assign(), or build a new tensor (tk.where, tk.concat)."
        ),
        "zh": "'{type}' 对象不支持元素赋值：张量是不可变的。请使用 tk.Variable 和 .assign()，或构造新张量（tk.where、tk.concat）。",
    },
    "unhashable": {
        "en": "Tensor is unhashable. Instead, use tensor.ref() as the key.",
        "zh": "张量不可哈希。请改用 tensor.ref() 作为键。",
    },
    "ambiguous_bool": {
        "en": (
            "The truth value of a tensor with more than one element is ambiguous; use "
            "tk.reduce_any(t) or tk.reduce_all(t)."
        ),
        "zh": "含多个元素的张量的真值是不明确的；请使用 tk.reduce_any(t) 或 tk.reduce_all(t)。",
    },
    "missing_tf_name": {
        "en": (
            "module 'tapekit' has no attribute '{name}': tapekit covers TensorFlow's automatic "
            "differentiation API, not {what}. See 'Differences from TensorFlow' in the README."
        ),
        "zh": (
            "模块 'tapekit' 没有属性 '{name}'：tapekit 实现的是 TensorFlow 的自动微分 API，"
            "不包括 {what}。请参阅 README 中的“与 TensorFlow 的差异”一节。"
        ),
    },
    "no_attribute": {
        "en": "module '{module}' has no attribute '{name}'{hint}",
        "zh": "模块 '{module}' 没有属性 '{name}'{hint}",
    },
    "did_you_mean": {"en": "; did you mean '{name}'?", "zh": "；你是不是想用 '{name}'？"},
    "device_mismatch": {
        "en": (
            "Tensors on different devices in one op ({op}): {a} and {b}. Move them to one "
            "device first (create them under the same `with tk.device(...)`)."
        ),
        "zh": "同一个运算（{op}）中的张量位于不同设备：{a} 与 {b}。请先把它们放到同一设备上（在同一个 `with tk.device(...)` 中创建）。",
    },
    "no_gpu": {
        "en": (
            "No GPU is available (CuPy with a CUDA device was not found); '{name}' runs on the "
            "CPU, as TensorFlow does with soft device placement. Install tapekit[gpu] on a "
            "machine with CUDA to use the GPU."
        ),
        "zh": "没有可用的 GPU（未找到 CuPy 或 CUDA 设备）；'{name}' 将在 CPU 上运行，与 TensorFlow 的软设备放置一致。要使用 GPU，请在有 CUDA 的机器上安装 tapekit[gpu]。",
    },
    "bad_device": {
        "en": "Unknown device specification {name!r}; use '/CPU:0' or '/GPU:0'.",
        "zh": "无法识别的设备 {name!r}；请使用 '/CPU:0' 或 '/GPU:0'。",
    },
    "no_gradient_rule": {
        "en": (
            "No gradient defined for operation {op}. Wrap it with tk.stop_gradient(...) if you "
            "do not need its gradient, or give it one with @tk.custom_gradient."
        ),
        "zh": "运算 {op} 没有定义梯度。如果不需要它的梯度，请用 tk.stop_gradient(...) 包住它；或用 @tk.custom_gradient 为它定义梯度。",
    },
    "numpy_off_tape": {
        "en": (
            "np.{func} is not differentiable in tapekit: its result leaves the gradient tape. "
            "Use a tapekit op (tk.math.*) if you need its gradient."
        ),
        "zh": "np.{func} 在 tapekit 中不可微：它的结果会离开梯度带。如需梯度，请改用 tapekit 的运算（tk.math.*）。",
    },
    "variable_trainable_type": {
        "en": "trainable must be a bool, got {value!r}.",
        "zh": "trainable 必须是布尔值，实际是 {value!r}。",
    },
    "assign_shape": {
        "en": (
            "Cannot assign a value of shape {got} to a variable of shape {want}. Create a new "
            "tk.Variable if the shape must change."
        ),
        "zh": "不能把形状为 {got} 的值赋给形状为 {want} 的变量。如果形状必须改变，请新建一个 tk.Variable。",
    },
    "custom_gradient_return": {
        "en": (
            "A @tk.custom_gradient function must return (output, grad_fn), got {type}. Return "
            "the result and a function that maps upstream gradients to input gradients."
        ),
        "zh": "用 @tk.custom_gradient 装饰的函数必须返回 (output, grad_fn)，实际返回了 {type}。请返回结果以及一个把上游梯度映射为输入梯度的函数。",
    },
    "custom_gradient_variables": {
        "en": (
            "The custom_gradient function used Variables {names} but its grad_fn does not accept "
            "a `variables` keyword argument; add `variables=None` to grad_fn and return "
            "(input_grads, variable_grads)."
        ),
        "zh": "custom_gradient 函数用到了变量 {names}，但它的 grad_fn 不接受 `variables` 关键字参数；请给 grad_fn 加上 `variables=None` 参数，并返回 (input_grads, variable_grads)。",
    },
    "grad_count": {
        "en": "grad_fn of {name} returned {got} gradient(s) for {want} input(s).",
        "zh": "{name} 的 grad_fn 返回了 {got} 个梯度，但输入有 {want} 个。",
    },
    "jacobian_pfor_fallback": {
        "en": "jacobian: op {op} cannot take a batch of cotangents; computing row by row.",
        "zh": "jacobian：运算 {op} 不支持批量余切向量，改为逐行计算。",
    },
    "check_grads_failed": {
        "en": (
            "Gradient check failed for {name} (order {order}): analytic and numeric derivatives "
            "differ by {err:.3g} (tolerance {tol:.3g}).\nanalytic:\n{analytic}\nnumeric:\n{numeric}"
        ),
        "zh": (
            "{name} 的梯度检查失败（{order} 阶）：解析导数与数值导数相差 {err:.3g}（容差 {tol:.3g}）。"
            "\n解析导数：\n{analytic}\n数值导数：\n{numeric}"
        ),
    },
    "batch_jacobian_shape": {
        "en": (
            "batch_jacobian needs target and source with the same leading (batch) dimension; "
            "got {t} and {s}."
        ),
        "zh": "batch_jacobian 要求目标和源的第一维（批量维）相同；实际为 {t} 和 {s}。",
    },
    "rank_at_least": {
        "en": "Shape {shape} must have rank at least {rank}",
        "zh": "形状 {shape} 的秩至少应为 {rank}",
    },
    "forward_acc_shape": {
        "en": "Tangent shape {t} does not match primal shape {p}.",
        "zh": "切向量的形状 {t} 与原始值的形状 {p} 不一致。",
    },
    "axis_range": {
        "en": "axis {axis} is out of range for a tensor of rank {ndim} [Op:{op}].",
        "zh": "axis {axis} 超出了秩为 {ndim} 的张量的范围 [Op:{op}]。",
    },
    "reshape_size": {
        "en": (
            "Input to reshape is a tensor with {size} values, but the requested shape "
            "{want} [Op:Reshape]."
        ),
        "zh": "reshape 的输入有 {size} 个元素，但目标形状{want} [Op:Reshape]。",
    },
    "matmul_shapes": {
        "en": (
            "Matrix size-incompatible: In[0]: {a}, In[1]: {b} [Op:MatMul]. The inner dimensions "
            "must agree: (m, k) @ (k, n)."
        ),
        "zh": "矩阵尺寸不匹配：In[0]: {a}，In[1]: {b} [Op:MatMul]。内侧维度必须一致：(m, k) @ (k, n)。",
    },
}


CATALOG.update(
    {
        "not_a_target": {
            "en": (
                "The gradient target must be a Tensor or Variable computed on the tape, got "
                "{type}. A Python number is a constant for the tape: compute the target with "
                "tapekit ops on watched tensors."
            ),
            "zh": "求梯度的目标必须是在梯度带上计算出的张量或变量，实际是 {type}。Python 数值对梯度带来说是常量：请用 tapekit 运算在被 watch 的张量上计算目标。",
        },
        "output_gradient_none": {
            "en": (
                "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) "
                "to a Tensor. output_gradients has a None entry: give one tensor per target "
                "(tk.ones_like(target) for the default)."
            ),
            "zh": "output_gradients 中含有 None：请为每个目标提供一个张量（默认值可用 tk.ones_like(target)）。",
        },
        "unhashable_variable": {
            "en": "Variable is unhashable. Instead, use variable.ref() as the key. (Variable: {var})",
            "zh": "变量不可哈希。请改用 variable.ref() 作为键。（变量：{var}）",
        },
        "float_only": {
            "en": (
                "Value for attr 'T' of {dtype} is not in the list of allowed values: half, float, "
                "double [Op:{op}]. {op} needs a floating tensor: tk.cast(x, tk.float32) first."
            ),
            "zh": "{op} 不支持 {dtype} 类型 [Op:{op}]。{op} 需要浮点张量：请先 tk.cast(x, tk.float32)。",
        },
        "function_new_branch": {
            "en": (
                "tk.function {name}: a call took a branch the earlier traces did not (the body "
                "decides on a tensor's value); tracing again for this branch."
            ),
            "zh": "tk.function {name}：这次调用走了之前追踪时没有走过的分支（函数体根据张量的值做了判断），将为这个分支重新追踪。",
        },
        "function_eager": {
            "en": (
                "tk.function {name} runs eagerly for these inputs: {reason}. Results are "
                "correct, only not compiled."
            ),
            "zh": "tk.function {name} 对这些输入将以即时（eager）方式运行：{reason}。结果是正确的，只是没有编译加速。",
        },
        "function_signature": {
            "en": (
                "tk.function {name} was called with {got}, which does not match its "
                "input_signature {specs}. Pass tensors of those shapes and dtypes."
            ),
            "zh": "调用 tk.function {name} 的参数 {got} 与它的 input_signature {specs} 不匹配。请传入相应形状和 dtype 的张量。",
        },
        "function_variable_creation": {
            "en": (
                "tk.function only supports creating Variables on the first call; this call "
                "traced the function again and it created a new Variable. Create variables "
                "outside the function (or only once)."
            ),
            "zh": "tk.function 只允许在第一次调用时创建变量；这次调用重新追踪了函数，又创建了新变量。请在函数外创建变量（或只创建一次）。",
        },
    }
)


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


# Optimizers, schedules, tk.Module and tk.print (the optimizer half of issue 3).
CATALOG.update(
    {
        "opt_some_none": {
            "en": (
                "Gradients do not exist for variables {names} when minimizing the loss. If "
                "you're using `model.compile()`, did you forget to provide a `loss` argument?"
            ),
            "zh": (
                "最小化损失时，变量 {names} 没有梯度（梯度为 None），本步不更新它们。"
                "如果你在用 `model.compile()`，是不是忘了提供 `loss` 参数？"
            ),
        },
        "opt_no_gradients": {
            "en": (
                "No gradients provided for any variable: {names}. Provided `grads_and_vars` is "
                "{pairs}. The loss does not depend on these variables: compute it from them "
                "inside the GradientTape (not from .numpy() values or Python numbers), and pass "
                "the same variables to tape.gradient and to the optimizer."
            ),
            "zh": (
                "没有任何变量得到梯度：{names}。传入的 `grads_and_vars` 是 {pairs}。"
                "损失与这些变量无关：请在 GradientTape 内直接用这些变量计算损失（不要用 .numpy() "
                "的值或 Python 数字），并把同一批变量传给 tape.gradient 和优化器。"
            ),
        },
        "opt_pairs": {
            "en": (
                "apply_gradients expects a list of (gradient, variable) pairs, got a {got}. Pair "
                "the gradients with their variables: optimizer.apply_gradients(zip(grads, "
                "variables))."
            ),
            "zh": (
                "apply_gradients 需要一个由 (梯度, 变量) 对组成的列表，实际收到的是 {got}。"
                "请把梯度和变量配对：optimizer.apply_gradients(zip(grads, variables))。"
            ),
        },
        "opt_pair": {
            "en": (
                "apply_gradients expects (gradient, variable) pairs, but item {index} is {got}. "
                "Pair the gradients with their variables: optimizer.apply_gradients(zip(grads, "
                "variables))."
            ),
            "zh": (
                "apply_gradients 需要 (梯度, 变量) 对，但第 {index} 项是 {got}。"
                "请把梯度和变量配对：optimizer.apply_gradients(zip(grads, variables))。"
            ),
        },
        "opt_pair_swapped": {
            "en": (
                "apply_gradients expects (gradient, variable) pairs, but pair {index} is "
                "(variable, gradient). Put the gradient first: "
                "optimizer.apply_gradients(zip(grads, variables))."
            ),
            "zh": (
                "apply_gradients 需要 (梯度, 变量) 对，但第 {index} 对的顺序是 (变量, 梯度)。"
                "请把梯度放在前面：optimizer.apply_gradients(zip(grads, variables))。"
            ),
        },
        "opt_not_variable": {
            "en": (
                "apply_gradients can only update tk.Variable objects, but pair {index} holds a "
                "{type}. Create the parameter with tk.Variable(...) (tensors and constants are "
                "immutable)."
            ),
            "zh": (
                "apply_gradients 只能更新 tk.Variable，但第 {index} 对里是 {type}。"
                "请用 tk.Variable(...) 创建要训练的参数（张量和常量不可修改）。"
            ),
        },
        "opt_two_lists": {
            "en": (
                "apply_gradients takes one list of (gradient, variable) pairs, but was given "
                "gradients and variables as two arguments (its second parameter is `name`). "
                "Pair them: optimizer.apply_gradients(zip(grads, variables))."
            ),
            "zh": (
                "apply_gradients 只接受一个 (梯度, 变量) 对的列表，但收到了分开的梯度列表和变量列表"
                "（它的第二个参数是 `name`）。请配对后传入：optimizer.apply_gradients(zip(grads, "
                "variables))。"
            ),
        },
        "opt_grad_shape": {
            "en": (
                "The gradient for {name} has shape {got}, but the variable has shape {want}. "
                "Each gradient must go with its own variable: check the order of the pairs, e.g. "
                "zip(tape.gradient(loss, variables), variables)."
            ),
            "zh": (
                "{name} 的梯度形状是 {got}，而变量的形状是 {want}。每个梯度必须与它自己的变量配对："
                "请检查配对顺序，例如 zip(tape.gradient(loss, variables), variables)。"
            ),
        },
        "opt_grad_dtype": {
            "en": (
                "The gradient for {name} has dtype {got}, but the variable has dtype {want}. "
                "Cast it first: tk.cast(grad, tk.{want})."
            ),
            "zh": "{name} 的梯度 dtype 是 {got}，而变量是 {want}。请先转换：tk.cast(grad, tk.{want})。",
        },
        "opt_var_dtype": {
            "en": (
                "Optimizers update floating-point variables, but {name} has dtype {dtype}. "
                "Create it from a float (tk.Variable(0.0), not tk.Variable(0)) or with "
                "dtype=tk.float32."
            ),
            "zh": (
                "优化器只能更新浮点类型的变量，但 {name} 的 dtype 是 {dtype}。请用浮点数创建它"
                "（用 tk.Variable(0.0) 而不是 tk.Variable(0)），或指定 dtype=tk.float32。"
            ),
        },
        "opt_loss_tensor": {
            "en": (
                "`tape` is required when a `Tensor` loss is passed. Received: loss={loss}, "
                "tape=None. Pass a function that computes the loss, so that minimize can record "
                "it: optimizer.minimize(lambda: loss_fn(x), [x]); or pass the tape that computed "
                "this loss: optimizer.minimize(loss, [x], tape=tape)."
            ),
            "zh": (
                "传入张量形式的损失时必须同时传入 `tape`。收到：loss={loss}，tape=None。"
                "请传入一个计算损失的函数，让 minimize 自己记录：optimizer.minimize(lambda: "
                "loss_fn(x), [x])；或者传入计算这个损失的梯度带：optimizer.minimize(loss, [x], "
                "tape=tape)。"
            ),
        },
        "opt_loss_type": {
            "en": (
                "minimize needs the loss as a zero-argument function (or a tensor together "
                "with the tape that computed it), got {type}. Write "
                "optimizer.minimize(lambda: loss_fn(x), [x])."
            ),
            "zh": (
                "minimize 需要一个无参数、返回损失的函数（或者损失张量加上计算它的梯度带），"
                "实际收到的是 {type}。请写成 optimizer.minimize(lambda: loss_fn(x), [x])。"
            ),
        },
        "opt_var_list": {
            "en": (
                "var_list must be a list of tk.Variable objects (or a function returning one), "
                "got {type}. Pass the variables to train, e.g. optimizer.minimize(loss, [w, b]) "
                "or optimizer.minimize(loss, model.trainable_variables)."
            ),
            "zh": (
                "var_list 必须是由 tk.Variable 组成的列表（或返回这种列表的函数），实际是 {type}。"
                "请传入要训练的变量，例如 optimizer.minimize(loss, [w, b]) 或 "
                "optimizer.minimize(loss, model.trainable_variables)。"
            ),
        },
        "opt_var_list_item": {
            "en": (
                "var_list[{index}] is a {type}, not a tk.Variable: only variables can be "
                "trained. Create the parameter with tk.Variable(...) (tensors and constants are "
                "immutable)."
            ),
            "zh": (
                "var_list[{index}] 是 {type}，不是 tk.Variable：只有变量才能训练。"
                "请用 tk.Variable(...) 创建参数（张量和常量不可修改）。"
            ),
        },
        "opt_lr_type": {
            "en": (
                "learning_rate must be a number (e.g. 0.01), a 0-d float tensor or a "
                "tk.optimizers.schedules.LearningRateSchedule; got {type}: {value!r}. Write e.g. "
                "tk.optimizers.{cls}(learning_rate=0.01)."
            ),
            "zh": (
                "学习率（learning_rate）必须是数字（例如 0.01）、0 维浮点张量，或 "
                "tk.optimizers.schedules.LearningRateSchedule；实际收到 {type}：{value!r}。"
                "例如写成 tk.optimizers.{cls}(learning_rate=0.01)。"
            ),
        },
        "opt_lr_callable": {
            "en": (
                "learning_rate {value!r} is a function that needs arguments. For a rate that "
                "changes with the step use a schedule, e.g. "
                "tk.optimizers.schedules.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.96), "
                "or subclass tk.optimizers.schedules.LearningRateSchedule and define "
                "__call__(self, step); otherwise pass a number: tk.optimizers.{cls}(learning_rate=0.01)."
            ),
            "zh": (
                "学习率 {value!r} 是一个需要参数的函数。随步数变化的学习率请使用学习率调度，例如 "
                "tk.optimizers.schedules.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.96)，"
                "或继承 tk.optimizers.schedules.LearningRateSchedule 并定义 __call__(self, step)；"
                "否则请传入数字：tk.optimizers.{cls}(learning_rate=0.01)。"
            ),
        },
        "opt_lr_not_settable": {
            "en": (
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not settable. "
                "If you need the learning rate to be settable, you should instantiate the "
                "optimizer with a float `learning_rate` argument."
            ),
            "zh": (
                "这个优化器创建时传入的学习率是 `LearningRateSchedule` 调度对象，因此不能直接设置学习率。"
                "如果需要修改学习率，请用浮点数作为 `learning_rate` 参数创建优化器。"
            ),
        },
        "opt_lr_kwarg": {
            "en": (
                "`lr` is deprecated in TF-Keras optimizer, please use `learning_rate` or use the "
                "legacy optimizer, e.g.,tf.keras.optimizers.legacy.{cls}. As in TensorFlow, the "
                "value given as `lr` is ignored: write {cls}(learning_rate=...)."
            ),
            "zh": (
                "TF-Keras 优化器已弃用 `lr` 参数，请改用 `learning_rate`。与 TensorFlow 一样，"
                "`lr` 的值会被忽略：请写成 {cls}(learning_rate=...)。"
            ),
        },
        "opt_legacy_kwarg": {
            "en": (
                "{arg} is deprecated in the new TF-Keras optimizer, please check the docstring "
                "for valid arguments, or use the legacy optimizer, e.g., "
                "tf.keras.optimizers.legacy.{cls}. In tapekit, for a decaying learning rate pass "
                "a schedule: learning_rate=tk.optimizers.schedules.InverseTimeDecay(...)."
            ),
            "zh": (
                "新版 TF-Keras 优化器已弃用参数 {arg}（旧版是 tf.keras.optimizers.legacy.{cls}）。"
                "在 tapekit 中，如需衰减的学习率，请传入学习率调度："
                "learning_rate=tk.optimizers.schedules.InverseTimeDecay(...)。"
            ),
        },
        "opt_bad_kwarg": {
            "en": (
                "{arg} is not a valid argument, kwargs should be empty  for "
                "`optimizer_experimental.Optimizer`. {cls} accepts: {valid}."
            ),
            "zh": "{arg} 不是有效的参数。{cls} 接受的参数有：{valid}。",
        },
        "opt_momentum_range": {
            "en": "`momentum` must be between [0, 1]. Received: momentum={value}",
            "zh": "`momentum`（动量）必须在 [0, 1] 之间，实际是 momentum={value}。",
        },
        "opt_clip_both": {
            "en": (
                "At most one of `clipnorm` and `global_clipnorm` can be set. Received: "
                "clipnorm={clipnorm}, global_clipnorm={global_clipnorm}."
            ),
            "zh": (
                "`clipnorm` 和 `global_clipnorm` 最多只能设置一个。收到：clipnorm={clipnorm}，"
                "global_clipnorm={global_clipnorm}。clipnorm 分别裁剪每个梯度，global_clipnorm "
                "把所有梯度放在一起裁剪。"
            ),
        },
        "opt_clip_type": {
            "en": "{arg} must be a number or None, got {value!r}.",
            "zh": "{arg} 必须是数字或 None，实际是 {value!r}。",
        },
        "opt_ema_momentum": {
            "en": "`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={value}",
            "zh": "`ema_momentum` 必须在 [0, 1] 范围内，实际是 ema_momentum={value}。",
        },
        "opt_ema_frequency": {
            "en": (
                "`ema_overwrite_frequency` must be an integer > 1 or None. Received: "
                "ema_overwrite_frequency={value}"
            ),
            "zh": "`ema_overwrite_frequency` 必须是大于 1 的整数或 None，实际是 {value}。",
        },
        "opt_adamw_weight_decay": {
            "en": "Missing value of `weight_decay` which is required and must be a float value.",
            "zh": "缺少 `weight_decay`（权重衰减）：AdamW 必须提供一个浮点数值。",
        },
        "opt_iterations_set": {
            "en": (
                "Cannot set `iterations` to a new Variable after the Optimizer weights have been "
                "created. Here it is attempting to set `iterations` to {value}. Please set "
                "`iterations` before calling `apply_gradients()`."
            ),
            "zh": (
                "优化器的变量创建之后，不能再把 `iterations` 换成新的变量（这里试图设为 {value}）。"
                "请在调用 `apply_gradients()` 之前设置 `iterations`。"
            ),
        },
        "opt_not_built": {
            "en": (
                "You are calling `set_weights()` on an optimizer that has not yet been built. "
                "Please call `optimizer.build(trainable_variables)` to create the optimizer "
                "weights before calling `set_weights()`."
            ),
            "zh": (
                "这个优化器还没有创建它的变量，不能调用 `set_weights()`。请先调用 "
                "`optimizer.build(trainable_variables)`。"
            ),
        },
        "opt_exclude_after_build": {
            "en": (
                "`exclude_from_weight_decay()` can only be configued before the optimizer is built."
            ),
            "zh": "`exclude_from_weight_decay()` 只能在优化器创建变量（第一次更新）之前调用。",
        },
        "opt_missing_lr": {
            "en": (
                "Missing learning rate, please set self.learning_rate at optimizer creation "
                "time: self._learning_rate = self._build_learning_rate(learning_rate) in "
                "__init__."
            ),
            "zh": (
                "缺少学习率：请在创建优化器时设置学习率，即在 __init__ 中写 "
                "self._learning_rate = self._build_learning_rate(learning_rate)。"
            ),
        },
        "opt_unknown": {
            "en": "Could not interpret optimizer identifier: {name}. Known optimizers: {known}.",
            "zh": "无法识别优化器：{name}。可用的优化器有：{known}。",
        },
        "opt_legacy_module": {
            "en": (
                "tapekit has the TF-Keras 2 optimizers (tf.keras.optimizers.SGD, Adam, ...), not "
                "tf.keras.optimizers.legacy: use tk.optimizers.<Name> with the same arguments "
                "(for the legacy `decay`, pass a learning-rate schedule)."
            ),
            "zh": (
                "tapekit 提供的是 TF-Keras 2 优化器（tf.keras.optimizers.SGD、Adam 等），没有 "
                "tf.keras.optimizers.legacy：请使用参数相同的 tk.optimizers.<名称>"
                "（旧版的 `decay` 请改用学习率调度）。"
            ),
        },
        "schedule_boundaries": {
            "en": (
                "The length of boundaries should be 1 less than the length of values. Received: "
                "boundaries={boundaries} of length {nb}, and values={values} of length {nv}."
            ),
            "zh": (
                "boundaries 的长度应比 values 少 1。收到：boundaries={boundaries}（长度 {nb}），"
                "values={values}（长度 {nv}）。"
            ),
        },
        "schedule_unknown": {
            "en": (
                "Unknown learning rate schedule: {name}. Known schedules: {known}; for your own, "
                "pass custom_objects={{'{name}': YourSchedule}}."
            ),
            "zh": (
                "未知的学习率调度：{name}。可用的有：{known}；自定义的调度请通过 "
                "custom_objects={{'{name}': YourSchedule}} 传入。"
            ),
        },
        "module_name": {
            "en": (
                "'{name}' is not a valid module name. Module names must be valid Python "
                "identifiers (e.g. a valid class name)."
            ),
            "zh": "'{name}' 不是有效的模块名。模块名必须是合法的 Python 标识符（例如合法的类名）。",
        },
        "print_kwargs": {
            "en": (
                "Unrecognized keyword arguments for tf.print: {kwargs}. tk.print accepts "
                "output_stream, summarize, sep, end and name."
            ),
            "zh": "tf.print 不认识这些关键字参数：{kwargs}。tk.print 接受 output_stream、summarize、sep、end 和 name。",
        },
        "print_stream": {
            "en": (
                "Unsupported output stream, logging level, or file: {value!r}. Use sys.stdout, "
                "sys.stderr, a file object, a logging function such as logging.info, or "
                "'file://path'."
            ),
            "zh": (
                "不支持的输出流、日志级别或文件：{value!r}。请使用 sys.stdout、sys.stderr、文件对象、"
                "logging.info 之类的日志函数，或 'file://路径'。"
            ),
        },
    }
)


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
            "en": "Unknown name `{name}` in `{text}`{hint}. Known functions: {known}; constants: pi, e.",
            "zh": "`{text}` 中的名字 `{name}` 未定义{hint}。可用的函数：{known}；常数：pi、e。",
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
        "wg_unknown_optimizer": {
            "en": "Unknown optimizer `{name}`{hint}. Known: {known}, or pass a tk.optimizers instance.",
            "zh": "未知的优化器 `{name}`{hint}。可用的有：{known}，也可以传入 tk.optimizers 的实例。",
        },
        "wg_no_optimizers": {
            "en": 'Give at least one optimizer, e.g. optimizers=("SGD", "Adam").',
            "zh": '请至少给出一个优化器，例如 optimizers=("SGD", "Adam")。',
        },
        "wg_unknown_preset": {
            "en": "Unknown preset `{name}`{hint}. Presets: {known}.",
            "zh": "未知的预设 `{name}`{hint}。可用的预设：{known}。",
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
            "en": "The tape has no node `{name}`{hint}.",
            "zh": "梯度带中没有节点 `{name}`{hint}。",
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
        "function_retracing": {
            "en": (
                "{n} out of the last {n} calls to tk.function {name} triggered retracing. "
                "Tracing is expensive and the excessive number of tracings could be due to "
                "(1) creating tk.function repeatedly in a loop, (2) passing tensors with "
                "different shapes, (3) passing Python objects instead of tensors. Keep at most "
                "{limit} plans per function (the oldest used are dropped)."
            ),
            "zh": (
                "对 tk.function {name} 的最近 {n} 次调用中有 {n} 次触发了重新追踪。追踪开销很大，"
                "过多的追踪可能是因为：(1) 在循环中反复创建 tk.function；(2) 传入形状不同的张量；"
                "(3) 传入 Python 对象而不是张量。每个函数最多保留 {limit} 个计划（最久未用的会被丢弃）。"
            ),
        },
    }
)


# issue 13: the ops tutorials reach for (sorting, scattering, segments, clipping, loops).
# English texts start with TF's own wording (tests compare them with TF's recorded errors).
CATALOG.update(
    {
        "sort_axis_int": {
            "en": "`axis` must be a Python int, got {axis!r}.",
            "zh": "`axis` 必须是 Python 整数，而不是 {axis!r}。",
        },
        "sort_direction": {
            "en": (
                "Argument `direction` should be one of ASCENDING, DESCENDING. "
                "Received: direction={direction}"
            ),
            "zh": "参数 `direction` 必须是 ASCENDING 或 DESCENDING，收到的是 direction={direction}",
        },
        "top_k_rank": {
            "en": "input must be >= 1-D, got shape {shape} [Op:TopKV2]",
            "zh": "输入至少要是一维的，而形状是 {shape} [Op:TopKV2]",
        },
        "top_k_negative": {
            "en": "Need k >= 0, got {k} [Op:TopKV2]",
            "zh": "k 必须 >= 0，而不是 {k} [Op:TopKV2]",
        },
        "top_k_columns": {
            "en": "input must have at least k columns. Had {n}, needed {k} [Op:TopKV2]",
            "zh": "输入的最后一维至少要有 k 列：有 {n} 列，需要 {k} 列 [Op:TopKV2]",
        },
        "unique_rank": {
            "en": "unique expects a 1D vector. [Op:Unique] Flatten it first: tk.reshape(x, [-1]).",
            "zh": "unique 需要一维向量 [Op:Unique]。请先展平：tk.reshape(x, [-1])。",
        },
        "segment_ids_dtype": {
            "en": "segment_ids must be integers, got {dtype} [Op:{op}]",
            "zh": "segment_ids 必须是整数，而不是 {dtype} [Op:{op}]",
        },
        "segment_ids_shape": {
            "en": "data.shape = {data} does not start with segment_ids.shape = {ids} [Op:{op}]",
            "zh": "data 的形状 {data} 不是以 segment_ids 的形状 {ids} 开头的 [Op:{op}]",
        },
        "segment_id_range": {
            "en": "segment_ids[{i}] = {id} is out of range [0, {num}) [Op:{op}]",
            "zh": "segment_ids[{i}] = {id} 超出范围 [0, {num}) [Op:{op}]",
        },
        "segment_ids_size": {
            "en": "segment_ids should be the same size as dimension 0 of input. [Op:{op}]",
            "zh": "segment_ids 的长度应当等于输入第 0 维的大小 [Op:{op}]",
        },
        "segment_ids_increasing": {
            "en": (
                "segment ids are not increasing [Op:{op}] (sorted segment ops need sorted, "
                "non-negative ids; use the unsorted_segment_* variant otherwise)"
            ),
            "zh": (
                "segment ids 不是递增的 [Op:{op}]（有序的 segment 运算需要已排序且非负的编号；"
                "否则请用 unsorted_segment_* 版本）"
            ),
        },
        "bincount_negative": {
            "en": "Input arr must be non-negative! [Op:DenseBincount]",
            "zh": "输入 arr 必须是非负的！[Op:DenseBincount]",
        },
        "bincount_weights_shape": {
            "en": "weights must have the same shape as arr [Op:DenseBincount]",
            "zh": "weights 的形状必须与 arr 相同 [Op:DenseBincount]",
        },
        "bincount_axis": {
            "en": "bincount supports axis=None, or axis=-1 for a 2-D arr; got axis={axis}",
            "zh": "bincount 只支持 axis=None，或对二维 arr 使用 axis=-1；收到的是 axis={axis}",
        },
        "scatter_indices_dtype": {
            "en": "indices must be int32 or int64, got {dtype} [Op:{op}]",
            "zh": "indices 必须是 int32 或 int64，而不是 {dtype} [Op:{op}]",
        },
        "scatter_indices_rank": {
            "en": "indices must be at least 1-D (the last axis holds one index) [Op:{op}]",
            "zh": "indices 至少要是一维的（最后一维存放一个索引）[Op:{op}]",
        },
        "scatter_index_depth": {
            "en": "an index has {k} entries but the result has only {ndim} dimensions [Op:{op}]",
            "zh": "每个索引有 {k} 个分量，但结果只有 {ndim} 维 [Op:{op}]",
        },
        "scatter_index_range": {
            "en": "indices[{i}] = {index} does not index into shape {shape} [Op:{op}]",
            "zh": "indices[{i}] = {index} 超出了形状 {shape} 的范围 [Op:{op}]",
        },
        "scatter_updates_shape": {
            "en": "updates has shape {got}; these indices need updates of shape {want} [Op:{op}]",
            "zh": "updates 的形状是 {got}；这些索引需要形状为 {want} 的 updates [Op:{op}]",
        },
        "roll_sizes": {
            "en": "shift and axis must have the same size [Op:Roll]",
            "zh": "shift 和 axis 的长度必须相同 [Op:Roll]",
        },
        "invalid_keyword": {
            "en": "'{kw}' is an invalid keyword argument for this function",
            "zh": "'{kw}' 不是这个函数的有效关键字参数",
        },
        "meshgrid_indexing": {
            "en": "Argument `indexing` parameter must be either 'xy' or 'ij', got '{indexing}'",
            "zh": "参数 `indexing` 必须是 'xy' 或 'ij'，而不是 '{indexing}'",
        },
        "broadcast_static": {
            "en": (
                "Incompatible shapes for broadcasting. Two shapes are compatible if for each "
                "dimension pair they are either equal or one of them is 1. Received: {a} and {b}."
            ),
            "zh": "形状无法广播：两个形状逐维比较时，每一对维度必须相等或其中一个为 1。收到的是 {a} 和 {b}。",
        },
        "broadcast_dynamic": {
            "en": "Incompatible shapes: {shapes} [Op:BroadcastArgs]",
            "zh": "形状不兼容：{shapes} [Op:BroadcastArgs]",
        },
        "t_list_sequence": {
            "en": "`t_list` should be a sequence of tensors. Received {type}.",
            "zh": "`t_list` 应当是张量的序列（列表或元组），收到的是 {type}。",
        },
        "fn_elems_empty": {
            "en": "elems must be a tensor or a (possibly nested) sequence of tensors.",
            "zh": "elems 必须是张量，或张量组成的（可以嵌套的）序列。",
        },
        "fn_elems_length": {
            "en": "All elems must have the same first dimension (the one the loop runs over).",
            "zh": "所有 elems 的第 0 维（循环所遍历的那一维）必须相同。",
        },
        "fn_empty_read": {
            "en": "Tried to read from index 0 but array size is: 0 (give an initializer)",
            "zh": "试图读取下标 0，但数组长度为 0（请提供 initializer）",
        },
        "map_fn_structure": {
            "en": (
                "The two structures don't have the same nested structure. (map_fn: when fn "
                "returns something shaped unlike elems, pass fn_output_signature.)"
            ),
            "zh": (
                "两个结构的嵌套方式不同。（map_fn：当 fn 的返回值与 elems 的结构不同时，"
                "请传入 fn_output_signature。）"
            ),
        },
        "map_fn_dtype": {
            "en": (
                "TensorArray dtype is {want} but Op is trying to write dtype {got} (map_fn: "
                "pass fn_output_signature=tk.{got})"
            ),
            "zh": (
                "TensorArray 的 dtype 是 {want}，但运算要写入 dtype {got}（map_fn：请传入 "
                "fn_output_signature=tk.{got}）"
            ),
        },
        "slice_assign_shape": {
            "en": "Cannot assign a value of shape {got} to a slice of shape {want}.",
            "zh": "无法把形状为 {got} 的值赋给形状为 {want} 的切片。",
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
        "kernel_install_failed": {
            "en": "Could not install the kernel: {detail}. Try --user, or --prefix with a folder you can write to.",
            "zh": "无法安装内核：{detail}。请试试 --user，或用 --prefix 指定一个你有写权限的文件夹。",
        },
        "wg_tape_truncated": {
            "en": "This tape has {n} ops: the last {k} are drawn and listed. tape_view(..., limit=N) draws the last N (up to {max}).",
            "zh": "这个梯度带有 {n} 个运算：只画出并列出最后 {k} 个。tape_view(..., limit=N) 画出最后 N 个（最多 {max} 个）。",
        },
    }
)
# linear algebra: decompositions and norms (tapekit/ops/decompositions.py, linalg.norm)
CATALOG.update(
    {
        "linalg_shape": {
            "en": ("Input tensor 0 of {op} must have rank >= 2{sq}, got shape {shape} [Op:{op}]."),
            "zh": "{op} 的输入张量 0 的秩必须至少为 2{sq}，实际形状为 {shape} [Op:{op}]。",
        },
        "linalg_square": {"en": " and be square", "zh": "且为方阵"},
        "linalg_dtype": {
            "en": (
                "Value for attr 'T' of {dtype} is not in the list of allowed values: float, "
                "double, complex64, complex128 [Op:{op}]. {op} needs a floating tensor: "
                "tk.cast(x, tk.float64) first."
            ),
            "zh": "{op} 不支持 {dtype} 类型 [Op:{op}]。{op} 需要浮点张量：请先 tk.cast(x, tk.float64)。",
        },
        "svd_grad_full": {
            "en": (
                "svd gradient is not implemented for abs(m - n) > 1 when full_matrices is "
                "True (the extra singular vectors are not unique); use full_matrices=False."
            ),
            "zh": "full_matrices=True 且 abs(m - n) > 1 时没有 svd 的梯度（多出的奇异向量不唯一）；请用 full_matrices=False。",
        },
        "qr_grad_full": {
            "en": (
                "QrGrad not implemented when nrows > ncols and full_matrices is true "
                "(nrows={rows}, ncols={cols}); use full_matrices=False."
            ),
            "zh": "行数大于列数且 full_matrices=True 时没有 QR 的梯度（行数 {rows}，列数 {cols}）；请用 full_matrices=False。",
        },
        "norm_axis": {
            "en": "'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}",
            "zh": "'axis' 必须是 None、一个整数或两个不同整数组成的元组，实际为 {axis}",
        },
        "norm_matrix_ord": {
            "en": "'ord' must be a supported matrix norm in {ords}, got {ord}",
            "zh": "'ord' 必须是支持的矩阵范数 {ords} 之一，实际为 {ord}",
        },
        "norm_vector_ord": {
            "en": (
                "'ord' must be a supported vector norm, got {ord}. (Vector norms: "
                "'euclidean', 1, 2, np.inf or any p > 0.)"
            ),
            "zh": "'ord' 必须是支持的向量范数，实际为 {ord}。（向量范数：'euclidean'、1、2、np.inf 或任意 p > 0。）",
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


def message(key: str, **fields) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    entry = CATALOG[key]
    text = entry.get(_language) or entry["en"]
    return text.format(**fields)
