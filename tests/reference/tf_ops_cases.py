"""Cases for issue 13's ops, shared by the TF recording script and the test.

Each case is Python code run with ``tf`` bound to TensorFlow (when recording) or to
tapekit (in the test); it leaves its answer in ``result``.  Gradients are taken with
``tf.GradientTape`` in the code itself, so values, gradients and dtypes are all compared.
"""

from __future__ import annotations

GRAD = """
with tf.GradientTape() as tape:
    tape.watch(x)
    y = {expr}
result = {{"value": y, "grad": tape.gradient(tf.reduce_sum(y * w), x)}}
"""


def _grad(setup: str, expr: str) -> str:
    return setup + GRAD.format(expr=expr)


X34 = "x = tf.constant([[0.5, -1.5, 2.0, 0.25], [3.0, 1.0, -2.0, 0.75], [1.5, 2.5, -0.5, -1.0]])\n"
W34 = "w = tf.constant([[1.0, 2.0, 3.0, 4.0], [0.5, -1.0, 1.5, 2.0], [2.0, 1.0, -1.0, 0.5]])\n"
X6 = "x = tf.constant([0.5, -1.5, 2.0, 0.25, 3.0, 1.25])\n"

CASES: dict[str, str] = {
    # floor / ceil at the top level
    "floor": "result = [tf.floor(tf.constant([-1.5, 0.5, 2.0])), tf.floor is tf.math.floor]",
    "ceil": "result = [tf.ceil(tf.constant([-1.5, 0.5, 2.0])), tf.ceil is tf.math.ceil]",
    "floor_grad": X6
    + "with tf.GradientTape() as t:\n    t.watch(x)\n    y = tf.floor(x)\n"
    + "result = t.gradient(y, x)",
    # xlogy (added through the op declarations: HOW_TO_ADD_AN_OP.md)
    "xlogy": "result = tf.math.xlogy(tf.constant([0.0, 1.0, 2.0, 0.0, -1.0]), "
    + "tf.constant([0.0, 0.5, 3.0, 2.0, 4.0]))",
    "xlogy_grad_x": _grad(X34 + W34, "tf.math.xlogy(x, tf.abs(w) + 0.5)"),
    "xlogy_grad_y": _grad(X34 + W34, "tf.math.xlogy(w, tf.abs(x) + 0.5)"),
    "xlogy_at_zero": "x = tf.constant([0.0, 0.0, 1.0])\ny = tf.constant([0.0, 2.0, 0.5])\n"
    + "with tf.GradientTape() as t:\n    t.watch([x, y])\n    z = tf.math.xlogy(x, y)\n"
    + "result = {'value': z, 'grads': t.gradient(z, [x, y])}",
    "xlogy_f64": "result = tf.math.xlogy(tf.constant([1.0, 2.0], tf.float64), 3.0)",
    "xlogy_int": "try:\n    tf.math.xlogy(tf.constant([1, 2]), tf.constant([3, 4]))\n"
    + "except Exception as e:\n    result = type(e).__name__",  # (TF's text lists bfloat16)
    # clipping
    "clip_by_norm": _grad(X34 + W34, "tf.clip_by_norm(x, 2.0)"),
    "clip_by_norm_axes": _grad(X34 + W34, "tf.clip_by_norm(x, 2.0, axes=[1])"),
    "clip_by_norm_zero": "result = tf.clip_by_norm(tf.zeros([2, 2]), 1.0)",
    "clip_by_norm_f64": "result = tf.clip_by_norm(tf.constant([3.0, 4.0], tf.float64), 1.0)",
    "clip_by_global_norm": X34
    + "a = tf.Variable([1.0, -2.0])\n"
    + "with tf.GradientTape() as t:\n    t.watch(x)\n"
    + "    (c, none, d), n = tf.clip_by_global_norm([x, None, a], 3.0)\n"
    + "    y = tf.reduce_sum(c * c) + tf.reduce_sum(d)\n"
    + "result = {'c': c, 'none': none, 'd': d, 'n': n, 'grads': t.gradient(y, [x, a])}",
    "clip_by_global_norm_small": "result = tf.clip_by_global_norm([tf.constant([0.3, 0.4])], 5.0)",
    "clip_by_global_norm_not_list": "result = tf.clip_by_global_norm(tf.constant([3.0, 4.0]), 1.0)",
    "global_norm": "result = tf.linalg.global_norm([tf.constant([3.0, 4.0]), None, tf.ones([2, 2])])",
    # meshgrid
    "meshgrid_xy": "result = tf.meshgrid([1, 2], [3, 4, 5])",
    "meshgrid_ij": "result = tf.meshgrid(tf.constant([1.0, 2.0]), [3.0, 4.0, 5.0], indexing='ij')",
    "meshgrid_three": "result = tf.meshgrid([1, 2], [3, 4, 5], [6, 7])",
    "meshgrid_grad": "x = tf.constant([1.0, 2.0])\nw = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])\n"
    + "z = tf.constant([0.5, 1.0, 1.5])\n"
    + "with tf.GradientTape() as t:\n    t.watch([x, z])\n    X, Z = tf.meshgrid(x, z)\n"
    + "    y = tf.reduce_sum(X * Z * w)\n"
    + "result = t.gradient(y, [x, z])",
    "meshgrid_bad_indexing": "result = tf.meshgrid([1, 2], [3], indexing='bad')",
    "meshgrid_bad_kwarg": "result = tf.meshgrid([1, 2], [3], foo=1)",
    # scatter
    "scatter_nd": "result = tf.scatter_nd([[0], [2], [0]], [1.0, 2.0, 3.0], [4])",
    "scatter_nd_rows": "result = tf.scatter_nd([[1], [0]], [[1, 2], [3, 4]], [3, 2])",
    "scatter_nd_grad": "u = tf.constant([1.0, 2.0, 3.0])\n"
    + "with tf.GradientTape() as t:\n    t.watch(u)\n"
    + "    y = tf.scatter_nd([[0, 1], [1, 0], [0, 1]], u, [2, 2])\n"
    + "    s = tf.reduce_sum(y * tf.constant([[1.0, 2.0], [3.0, 4.0]]))\n"
    + "result = [y, t.gradient(s, u)]",
    "scatter_nd_out_of_range": "result = tf.scatter_nd([[0], [5]], [1.0, 2.0], [4])",
    "tensor_scatter_nd_update": "result = tf.tensor_scatter_nd_update("
    + "tf.constant([[1.0, 2.0], [3.0, 4.0]]), [[0, 1], [1, 0]], [9.0, 8.0])",
    "tensor_scatter_nd_update_grad": "x = tf.constant([1.0, 2.0, 3.0, 4.0])\nu = tf.constant([9.0, 8.0])\n"
    + "with tf.GradientTape() as t:\n    t.watch([x, u])\n"
    + "    y = tf.tensor_scatter_nd_update(x, [[3], [1]], u)\n"
    + "    s = tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0, 4.0]))\n"
    + "result = [y, t.gradient(s, [x, u])]",
    "tensor_scatter_nd_add": "result = tf.tensor_scatter_nd_add(tf.ones([4]), [[0], [0], [3]], [1.0, 2.0, 5.0])",
    "tensor_scatter_nd_sub": "result = tf.tensor_scatter_nd_sub(tf.ones([2, 2]), [[1]], [[1.0, 2.0]])",
    "tensor_scatter_nd_max": "result = tf.tensor_scatter_nd_max(tf.zeros([4]), [[0], [0], [2]], [1.0, 2.0, -1.0])",
    "tensor_scatter_nd_min": "result = tf.tensor_scatter_nd_min(tf.zeros([4]), [[0], [1]], [-1.0, 2.0])",
    "tensor_scatter_nd_update_int": "result = tf.tensor_scatter_nd_update([1, 2, 3], [[1]], [7])",
    # sorting
    "top_k": X34
    + "r = tf.math.top_k(x, 2)\nresult = {'values': r.values, 'indices': r.indices, "
    + "'fields': list(r._fields), 'same': tf.nn.top_k is tf.math.top_k}",
    "top_k_grad": _grad(
        X34 + "w = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])\n",
        "tf.math.top_k(x, k=2).values",
    ),
    "top_k_ties": "result = list(tf.math.top_k(tf.constant([1, 3, 3, 2]), k=3))",
    "top_k_int64_index": "result = tf.math.top_k(tf.constant([1.0, 3.0]), 1, index_type=tf.int64).indices",
    "top_k_too_many": "result = tf.math.top_k(tf.constant([3.0, 1.0, 2.0]), 5)",
    "top_k_scalar": "result = tf.math.top_k(tf.constant(3.0), 1)",
    "sort": X34 + "result = [tf.sort(x), tf.sort(x, axis=0, direction='DESCENDING')]",
    "sort_int": "result = tf.sort([3, 1, 2])",
    "sort_grad": _grad(X34 + W34, "tf.sort(x, axis=1)"),
    "sort_bad_direction": "result = tf.sort([3, 1, 2], direction='DESC')",
    "argsort": "result = [tf.argsort([3.0, 1.0, 1.0, 2.0]), "
    + "tf.argsort([3.0, 1.0, 1.0, 2.0], direction='DESCENDING'), tf.argsort([[2, 1], [0, 3]], axis=0)]",
    "argsort_stable": "result = tf.argsort([2, 1, 2, 1], stable=True)",
    "unique": "r = tf.unique(tf.constant([1, 2, 1, 5, 2]))\nresult = {'y': r.y, 'idx': r.idx, "
    + "'fields': list(r._fields)}",
    "unique_float_int64": "result = list(tf.unique(tf.constant([1.5, 2.0, 1.5]), out_idx=tf.int64))",
    "unique_2d": "result = tf.unique(tf.constant([[1, 2]]))",
    # cumulative products
    "cumprod": "x = tf.constant([[1.0, 2.0, 3.0], [0.5, -2.0, 4.0]])\nresult = ["
    + "tf.math.cumprod(x), tf.math.cumprod(x, axis=1, exclusive=True), "
    + "tf.math.cumprod(x, axis=1, reverse=True), tf.math.cumprod(x, axis=-1, exclusive=True, reverse=True)]",
    "cumprod_grad": _grad(
        "x = tf.constant([[1.0, 2.0, 3.0], [0.5, -2.0, 4.0]])\nw = tf.constant([[1.0, 2.0, 3.0], [0.5, 1.5, -1.0]])\n",
        "tf.math.cumprod(x, axis=1, exclusive=True)",
    ),
    "cumprod_int": "result = tf.math.cumprod([1, 2, 3])",
    # roll
    "roll": "result = [tf.roll([1, 2, 3, 4], 1, 0), tf.roll([[1, 2, 3], [4, 5, 6]], [1, -1], [0, 1]), "
    + "tf.roll([[1, 2], [3, 4]], [1, 1], [0, 0]), tf.roll([1, 2, 3], 5, 0)]",
    "roll_grad": _grad(X34 + W34, "tf.roll(x, [1, 2], [0, 1])"),
    "roll_bad_sizes": "result = tf.roll([1, 2, 3, 4], [1, 2], 0)",
    # segments
    "segment_sum": "result = tf.math.segment_sum(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), [0, 0, 2])",
    "segment_family": "d = tf.constant([1.0, 2.0, -4.0, 3.0, 0.5])\ns = [0, 0, 1, 3, 3]\nresult = ["
    + "tf.math.segment_mean(d, s), tf.math.segment_max(d, s), tf.math.segment_min(d, s), "
    + "tf.math.segment_prod(d, s)]",
    "segment_mean_int": "result = tf.math.segment_mean(tf.constant([1, 2, 4]), [0, 0, 2])",
    "segment_not_sorted": "result = tf.math.segment_sum(tf.constant([1.0, 2.0, 4.0]), [0, 2, 1])",
    "segment_wrong_size": "result = tf.math.segment_sum(tf.constant([1.0, 2.0, 4.0]), [0, 2])",
    "segment_grads": "d = tf.constant([1.0, 2.0, -4.0, 3.0, 3.0, 0.5])\ns = [0, 0, 1, 3, 3, 3]\n"
    + "w = tf.constant([1.0, 2.0, 3.0, 4.0])\nresult = {}\n"
    + "for name in ['segment_sum', 'segment_mean', 'segment_max', 'segment_min', 'segment_prod']:\n"
    + "    with tf.GradientTape() as t:\n        t.watch(d)\n"
    + "        y = tf.reduce_sum(getattr(tf.math, name)(d, s) * w)\n"
    + "    result[name] = t.gradient(y, d)",
    "unsorted_segment_family": "d = tf.constant([[1.0, 2.0], [3.0, -4.0], [5.0, 6.0], [0.5, 7.0]])\n"
    + "s = [2, 0, 2, -1]\nresult = [tf.math.unsorted_segment_sum(d, s, 3), "
    + "tf.math.unsorted_segment_mean(d, s, 3), tf.math.unsorted_segment_max(d, s, 3), "
    + "tf.math.unsorted_segment_min(d, s, 3), tf.math.unsorted_segment_prod(d, s, 3), "
    + "tf.math.unsorted_segment_sqrt_n(d, s, 3)]",
    "unsorted_segment_int": "d = tf.constant([1, 2, 4])\nresult = [tf.math.unsorted_segment_max(d, [0, 0, 2], 3), "
    + "tf.math.unsorted_segment_min(d, [0, 0, 2], 3), tf.math.unsorted_segment_mean(d, [0, 0, 2], 3)]",
    "unsorted_segment_grads": "d = tf.constant([1.0, 2.0, -4.0, 2.0, 0.0, 3.0])\ns = [1, 1, 0, 1, 2, 2]\n"
    + "w = tf.constant([1.0, 2.0, 3.0])\nresult = {}\n"
    + "for name in ['unsorted_segment_sum', 'unsorted_segment_mean', 'unsorted_segment_max', "
    + "'unsorted_segment_min', 'unsorted_segment_prod', 'unsorted_segment_sqrt_n']:\n"
    + "    with tf.GradientTape() as t:\n        t.watch(d)\n"
    + "        y = tf.reduce_sum(getattr(tf.math, name)(d, s, 3) * w)\n"
    + "    result[name] = t.gradient(y, d)",
    "unsorted_segment_2d_ids": "result = tf.math.unsorted_segment_sum(tf.ones([2, 2, 3]), [[0, 1], [1, 1]], 2)",
    "unsorted_segment_out_of_range": "result = tf.math.unsorted_segment_sum(tf.constant([1.0, 2.0]), [0, 5], 3)",
    # bincount
    "bincount": "a = tf.constant([1, 1, 3])\nresult = [tf.math.bincount(a), tf.math.bincount(a, minlength=6), "
    + "tf.math.bincount(a, maxlength=2), tf.math.bincount(a, weights=tf.constant([0.5, 1.0, 2.0])), "
    + "tf.math.bincount(tf.constant([[1, 1], [3, 0]]), axis=-1), "
    + "tf.math.bincount(a, binary_output=True), tf.math.bincount(a, dtype=tf.float32)]",
    "bincount_negative": "result = tf.math.bincount(tf.constant([1, -1, 3]))",
    # functional loops
    "foldl": "result = [tf.foldl(lambda a, x: a + x, tf.constant([1.0, 2.0, 3.0])), "
    + "tf.foldl(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]), initializer=tf.constant(0))]",
    "foldr": "result = tf.foldr(lambda a, x: a * 10.0 + x, tf.constant([1.0, 2.0, 3.0]))",
    "fold_nested": "e = (tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))\n"
    + "result = tf.foldl(lambda a, x: a + x[0] * x[1], e, initializer=tf.constant(0.0))",
    "fold_grad": "x = tf.Variable([0.5, 1.5, -1.0])\nwith tf.GradientTape() as t:\n"
    + "    y = tf.foldl(lambda a, e: a * e + tf.sin(a), x, initializer=tf.constant(1.0))\n"
    + "result = [y, t.gradient(y, x)]",
    "fold_empty": "result = tf.foldl(lambda a, x: a + x, tf.constant([], tf.float32))",
    "scan": "x = tf.constant([1.0, 2.0, 3.0])\nresult = [tf.scan(lambda a, e: a + e, x), "
    + "tf.scan(lambda a, e: a + e, x, reverse=True), tf.scan(lambda a, e: a * e, x, initializer=tf.constant(2.0))]",
    "scan_tuple": "x = tf.constant([1.0, 2.0, 3.0])\n"
    + "result = tf.scan(lambda a, e: (a[0] + e, a[1] * e), x, initializer=(tf.constant(0.0), tf.constant(1.0)))",
    "scan_grad": "x = tf.Variable([0.5, 1.5, -1.0])\nwith tf.GradientTape() as t:\n"
    + "    y = tf.scan(lambda a, e: a * e + 1.0, x)\n    s = tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0]))\n"
    + "result = [y, t.gradient(s, x)]",
    "map_fn": "x = tf.constant([[1.0, 2.0], [3.0, 4.0]])\nresult = [tf.map_fn(lambda r: r * 2.0, x), "
    + "tf.map_fn(lambda r: tf.reduce_sum(r), x)]",
    "map_fn_signature": "x = tf.constant([1.0, 2.0, 3.0])\nresult = [tf.map_fn(lambda e: tf.cast(e, tf.int32), x, "
    + "fn_output_signature=tf.int32), tf.map_fn(lambda e: (e, e * 2.0), x, "
    + "fn_output_signature=(tf.float32, tf.float32)), tf.map_fn(lambda e: e[0] * e[1], "
    + "(x, x), fn_output_signature=tf.TensorSpec(None, tf.float32))]",
    "map_fn_wrong_dtype": "result = tf.map_fn(lambda e: tf.cast(e, tf.int32), tf.constant([1.0, 2.0]))",
    "map_fn_grad": "x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])\nwith tf.GradientTape() as t:\n"
    + "    y = tf.map_fn(lambda r: tf.reduce_sum(r * r) * r, x)\n"
    + "    s = tf.reduce_sum(y * tf.constant([[1.0, 2.0], [3.0, 4.0]]))\n"
    + "result = [y, t.gradient(s, x)]",
    # shapes
    "broadcast_static_shape": "result = [tf.broadcast_static_shape(tf.TensorShape([2, 1]), tf.TensorShape([3])).as_list(), "
    + "tf.broadcast_static_shape(tf.TensorShape([4, 1, 3]), tf.TensorShape([2, 1])).as_list()]",
    "broadcast_static_shape_bad": "result = tf.broadcast_static_shape(tf.TensorShape([2, 3]), tf.TensorShape([4]))",
    "broadcast_dynamic_shape": "result = [tf.broadcast_dynamic_shape([2, 1], [3]), tf.broadcast_dynamic_shape("
    + "tf.constant([2, 1], tf.int64), tf.constant([5, 1, 4], tf.int64)), "
    + "tf.broadcast_dynamic_shape(tf.shape(tf.ones([3, 1])), tf.shape(tf.ones([4])))]",
    "broadcast_dynamic_shape_bad": "result = tf.broadcast_dynamic_shape([2, 3], [4])",
    # timestamp
    "timestamp": "t = tf.timestamp()\nresult = [t.dtype.name, t.shape.as_list(), bool(t.numpy() > 1.7e9)]",
    # Variable slice assignment
    "variable_slice_assign": "v = tf.Variable([1.0, 2.0, 3.0, 4.0])\nr = v[0].assign(9.0)\n"
    + "v[1:3].assign([7.0, 8.0])\nresult = [r.numpy(), v, hasattr(v[0], 'assign_add'), "
    + "hasattr(v[0], 'assign')]",
    "variable_slice_assign_2d": "v = tf.Variable(tf.zeros([2, 3]))\nv[1].assign([1.0, 2.0, 3.0])\n"
    + "v[:, 0].assign(tf.constant([5.0, 6.0]))\nv[0, 1:].assign(4.0)\nresult = v",
    "variable_slice_read_grad": "v = tf.Variable([1.0, 2.0, 3.0])\nwith tf.GradientTape() as t:\n"
    + "    y = v[1:] * 2.0\nresult = t.gradient(y, v)",
}
