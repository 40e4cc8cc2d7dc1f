"""The ops' own messages (English and Chinese), registered in the shared catalog.

Keys the ops used before the catalog was split stay in ``tapekit/_messages.py``.
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
