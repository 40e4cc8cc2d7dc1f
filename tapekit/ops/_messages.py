"""The ops' own messages (English and Chinese), registered in the shared catalog.

The registry's own checks (dtypes, shapes, devices) are here; the argument checks of single
ops are in ``_messages_arguments.py``.
"""

from __future__ import annotations

from .._messages import CATALOG

CATALOG.update(
    {
        "alloc_out_of_memory": {
            "en": (
                "OOM when allocating tensor with shape[{shape}] and type {dtype}: {nbytes} "
                "bytes ({human}) could not be allocated [Op:{op}]. Use a smaller "
                "shape, or build the result in pieces."
            ),
            "zh": (
                "内存不足（OOM）：形状为 [{shape}]、类型为 {dtype} 的张量需要 {nbytes} 字节"
                "（{human}），无法分配 [Op:{op}]。请用更小的形状，或者分块计算。"
            ),
        },
        "dtype_not_allowed": {
            "en": (
                "Value for attr 'T' of {dtype} is not in the list of allowed values: {allowed} "
                "[Op:{op}]. Cast the input first, e.g. tk.cast(x, tk.{hint})."
            ),
            "zh": (
                "{op} 不支持 {dtype} 类型的张量，只接受 {allowed} [Op:{op}]。"
                "请先转换类型，例如 tk.cast(x, tk.{hint})。"
            ),
        },
        "dtype_no_kernel": {
            "en": (
                "Could not find a kernel for {op} with T={dtype} (TensorFlow has none either; "
                "it has {allowed}) [Op:{op}]. Cast the input first, e.g. tk.cast(x, tk.{hint})."
            ),
            "zh": (
                "{op} 没有 {dtype} 类型的内核（TensorFlow 也没有；可用的类型：{allowed}）[Op:{op}]。"
                "请先转换类型，例如 tk.cast(x, tk.{hint})。"
            ),
        },
        "truediv_dtype": {
            "en": (
                "Invalid dtype tf.{dtype} in __truediv__. Expected a number type: "
                "tk.cast(x, tk.float32) first."
            ),
            "zh": "__truediv__ 不支持 tf.{dtype} 类型，需要数值类型：请先 tk.cast(x, tk.float32)。",
        },
        "integer_division_by_zero": {
            "en": "Integer division by zero [Op:{op}]",
            "zh": "整数除以零 [Op:{op}]",
        },
        "features_float": {
            "en": (
                "`features.dtype` must be a floating point tensor.Received:features.dtype="
                "<dtype: '{dtype}'> (tk.nn.{op} needs a float tensor: tk.cast(x, tk.float32) "
                "first)."
            ),
            "zh": (
                "`features.dtype` 必须是浮点类型，收到的是 <dtype: '{dtype}'>"
                "（tk.nn.{op} 需要浮点张量：请先 tk.cast(x, tk.float32)）。"
            ),
        },
    }
)

# the ops of math_more, statistics, nn_more, losses, array_more and linalg_more
CATALOG.update(
    {
        "scalar_mul_shape": {
            "en": (
                "The input scalar must be a 0-D value. Received shape {shape}. "
                "For elementwise products use tk.multiply(x, y)."
            ),
            "zh": "scalar 必须是 0 维的值，收到的形状是 {shape}。逐元素相乘请用 tk.multiply(x, y)。",
        },
        "accumulate_n_inputs": {
            "en": "inputs must be a list of at least one Tensor with the same dtype and shape",
            "zh": "inputs 必须是至少含一个张量的列表，且各张量的 dtype 和形状相同",
        },
        "shapes_incompatible": {
            "en": "Shapes {a} and {b} are not compatible",
            "zh": "形状 {a} 和 {b} 不兼容",
        },
        "polyval_coeffs": {
            "en": (
                "Argument coeffs must be list type. Received type {type}. "
                "Pass the coefficients as a Python list, highest power first."
            ),
            "zh": "参数 coeffs 必须是列表，收到的类型是 {type}。请把系数写成 Python 列表，最高次项在前。",
        },
        "cumlse_axis": {
            "en": "`axis` must be an integer (a Python int or a 0-D tensor), got {axis!r}.",
            "zh": "`axis` 必须是整数（Python int 或 0 维张量），而不是 {axis!r}。",
        },
        "dropout_rate": {
            "en": (
                "`rate` must be a scalar tensor or a float in the range [0, 1). "
                "Received: rate={rate}"
            ),
            "zh": "`rate` 必须是标量张量，或 [0, 1) 范围内的浮点数。收到的是：rate={rate}",
        },
        "dropout_dtype": {
            "en": (
                "`x.dtype` must be a floating point tensor as `x` will be scaled. "
                "Received: x_dtype={dtype}"
            ),
            "zh": "`x` 会被缩放，所以 `x.dtype` 必须是浮点类型。收到的是：x_dtype={dtype}",
        },
        "dropout_noise_shape": {
            "en": (
                "noise_shape {noise} does not broadcast to the shape {shape} of x: each of "
                "its dimensions must be 1 or equal to x's."
            ),
            "zh": "noise_shape {noise} 无法广播到 x 的形状 {shape}：它的每一维都必须是 1 或与 x 的相同。",
        },
        "same_shape": {
            "en": "`{a}` and `{b}` must have the same shape, received ({sa} vs {sb}).",
            "zh": "`{a}` 和 `{b}` 的形状必须相同，收到的是（{sa} 与 {sb}）。",
        },
        "per_example_loss_rank": {
            "en": (
                "Invalid value passed for `per_example_loss`. Expected a tensor with at "
                "least rank 1. Received: {value}"
            ),
            "zh": "`per_example_loss` 的值无效：需要秩至少为 1 的张量。收到的是：{value}",
        },
        "global_batch_size": {
            "en": "global_batch_size must be a positive integer scalar, got {value!r}.",
            "zh": "global_batch_size 必须是正整数标量，而不是 {value!r}。",
        },
        "repeat_repeats": {
            "en": (
                "repeats must be a non-negative integer or a list of them, one per entry of "
                "the axis ({n} entries), got {repeats} [Op:Repeat]."
            ),
            "zh": "repeats 必须是非负整数，或者与该轴长度（{n}）相同个数的非负整数列表，收到的是 {repeats} [Op:Repeat]。",
        },
        "embedding_ids": {
            "en": "indices = {ids} is not in [0, {size}) [Op:GatherV2]: an id names a row of params.",
            "zh": "indices = {ids} 不在 [0, {size}) 中 [Op:GatherV2]：每个 id 都是 params 的行号。",
        },
        "sequence_mask_lengths": {
            "en": "lengths must be numbers (integers), got {dtype}: they are the number of valid steps per row.",
            "zh": "lengths 必须是数值（通常是整数），而不是 {dtype}：它是每一行的有效步数。",
        },
        "searchsorted_shape": {
            "en": (
                "Leading dims of sorted_sequence {a} and values {b} must match: each row of "
                "values is searched in the same row of sorted_sequence [Op:LowerBound]."
            ),
            "zh": "sorted_sequence {a} 与 values {b} 除最后一维外的维度必须相同：values 的每一行在 sorted_sequence 的同一行中查找 [Op:LowerBound]。",
        },
        "searchsorted_side": {
            "en": "side must be 'left' or 'right', got {side!r}.",
            "zh": "side 必须是 'left' 或 'right'，而不是 {side!r}。",
        },
        "confusion_negative": {
            "en": "`{what}` contains negative values: class labels start at 0. {values}",
            "zh": "`{what}` 中有负数：类别标签从 0 开始。{values}",
        },
        "confusion_range": {
            "en": "`{what}` out of bound: every value must be less than num_classes={n}. {values}",
            "zh": "`{what}` 越界：每个值都必须小于 num_classes={n}。{values}",
        },
        "in_top_k_shape": {
            "en": (
                "predictions must be a matrix [batch, classes] and targets a vector [batch] "
                "of the same batch size, got {p} and {t} [Op:InTopKV2]."
            ),
            "zh": "predictions 必须是 [batch, classes] 矩阵，targets 必须是同样 batch 大小的 [batch] 向量，收到的是 {p} 和 {t} [Op:InTopKV2]。",
        },
        "matrix_rank": {
            "en": "{op} needs a matrix (rank >= 2) with {need}, got shape {shape}.",
            "zh": "{op} 需要{need}的矩阵（秩至少为 2），收到的形状是 {shape}。",
        },
        "set_diag_shape": {
            "en": (
                "diagonal must have shape {want} for an input of shape {shape} and k={k}, "
                "got {got} [Op:MatrixSetDiagV3]."
            ),
            "zh": "输入形状为 {shape}、k={k} 时，diagonal 的形状应为 {want}，收到的是 {got} [Op:MatrixSetDiagV3]。",
        },
        "no_kernel": {
            "en": (
                "No {dtype} kernel for {op} (TensorFlow has none either): "
                "convert first with tk.cast(x, tk.float32)."
            ),
            "zh": "{op} 没有 {dtype} 的内核（TensorFlow 也没有）：请先用 tk.cast(x, tk.float32) 转换。",
        },
        "cross_shape": {
            "en": (
                "tk.linalg.cross needs two tensors of one shape whose last dimension is 3, "
                "got {a} and {b} [Op:Cross]."
            ),
            "zh": "tk.linalg.cross 需要形状相同、最后一维为 3 的两个张量，收到的是 {a} 和 {b} [Op:Cross]。",
        },
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
        "device_mismatch": {
            "en": (
                "Tensors on different devices in one op ({op}): {a} and {b}. Move them to one "
                "device first (create them under the same `with tk.device(...)`)."
            ),
            "zh": "同一个运算（{op}）中的张量位于不同设备：{a} 与 {b}。请先把它们放到同一设备上（在同一个 `with tk.device(...)` 中创建）。",
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
        "float_only": {
            "en": (
                "Value for attr 'T' of {dtype} is not in the list of allowed values: half, float, "
                "double [Op:{op}]. {op} needs a floating tensor: tk.cast(x, tk.float32) first."
            ),
            "zh": "{op} 不支持 {dtype} 类型 [Op:{op}]。{op} 需要浮点张量：请先 tk.cast(x, tk.float32)。",
        },
    }
)
