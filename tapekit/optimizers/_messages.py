"""The optimizers' and learning-rate schedules' messages (tk.optimizers), in English and
Chinese.

Registered in the one catalog behind :func:`tapekit._messages.message` when
:mod:`tapekit.optimizers` is imported.
"""

from __future__ import annotations

from .._messages import CATALOG

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
        "opt_no_update_step": {
            "en": "{cls} must implement update_step(gradient, variable).",
            "zh": "{cls} 必须实现 update_step(gradient, variable)。",
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
    }
)
