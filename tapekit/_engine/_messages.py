"""The engine's messages (English and Chinese): tensors, the tape and its gradients, devices,
variables, custom gradients, ``tk.function``, ``tk.print``, the functional ops and the
facades' missing-name hints.  Loaded with the engine (``tapekit/_engine/__init__.py``)."""

from __future__ import annotations

from .._messages import CATALOG

CATALOG.update(
    {
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
        "function_new_branch": {
            "en": (
                "tk.function {name}: a call took a branch the earlier traces did not (the body "
                "decides on a tensor's value); tracing again for this branch."
            ),
            "zh": "tk.function {name}：这次调用走了之前追踪时没有走过的分支（函数体根据张量的值做了判断），将为这个分支重新追踪。",
        },
        "function_not_callable": {
            "en": (
                "tk.function needs a Python function (a callable) to compile, got {type}. "
                "Write @tk.function above a def, or tk.function(f) with f a function."
            ),
            "zh": (
                "tk.function 需要一个可调用的 Python 函数来编译，实际得到 {type}。"
                "请把 @tk.function 写在 def 的上一行，或者写 tk.function(f)，其中 f 是函数。"
            ),
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
        "ragged_sequence": {
            "en": (
                "Can't convert non-rectangular Python sequence to Tensor: {value} has rows "
                "of different lengths. Give every row the same length (pad the short ones), "
                "or keep the rows as separate tensors."
            ),
            "zh": (
                "无法把不规则（非矩形）的 Python 序列转换为张量：{value} 的各行长度不同。"
                "请让每一行一样长（把短的行补齐），或者把各行分别做成张量。"
            ),
        },
    }
)
