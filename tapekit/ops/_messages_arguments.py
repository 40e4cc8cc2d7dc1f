"""The ops' argument checks (English and Chinese): sorting, segments, scatter, grids,
clipping, slice assignment, decompositions and norms.  English texts start with TF's own
wording (tests compare them with TF's recorded errors)."""

from __future__ import annotations

from .._messages import CATALOG

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
        "slice_assign_shape": {
            "en": "Cannot assign a value of shape {got} to a slice of shape {want}.",
            "zh": "无法把形状为 {got} 的值赋给形状为 {want} 的切片。",
        },
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
