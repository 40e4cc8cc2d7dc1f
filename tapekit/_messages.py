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


def message(key: str, **fields) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    entry = CATALOG[key]
    text = entry.get(_language) or entry["en"]
    return text.format(**fields)
