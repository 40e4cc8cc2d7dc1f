"""``Optimizer``: the Keras 2 optimizer base of tf-keras 2.21, on tapekit's raw arrays.

What a step does, in TF's order (``apply_gradients``):

1. the learning rate for this step (a schedule is called with ``iterations``);
2. pairs whose gradient is ``None`` are dropped with TF's warning (all ``None``: TF's
   ``ValueError``); slots are created for variables seen for the first time;
3. ``clipnorm`` / ``global_clipnorm`` / ``clipvalue`` (the first that is set, as in TF);
4. decoupled weight decay (``weight_decay``), then each variable's update rule;
5. the moving averages (``use_ema``), then ``iterations += 1``.

Update rules are written once per optimizer (``_update``) against a kernel with NumPy's
ufunc signature (see :mod:`._kernels`): on NumPy they update the variable, its slots and
persistent scratch buffers in place, elsewhere they build new arrays.  A variable's array
is updated in place only when nothing else holds it (a tape's snapshot, a ``value()``
tensor), the rule ``Variable.assign_sub`` follows.

Every optimizer can record what it does (:meth:`Optimizer.record_trajectory`), which is
how plots and widgets get real trajectories without a copy of the update rules.
"""

from __future__ import annotations

import numbers
import re
import warnings

from .. import _backend, _trace
from .._messages import message
from .._tensor import Tensor, _TensorLike, to_raw
from .._variable import Variable
from . import _kernels, schedules

__all__ = ["Optimizer"]

_np = _backend.np
_ndarray = _np.ndarray
_generic = _np.generic
_writable = _kernels.writable
_ONE64 = _np.int64(1)

_LEGACY_KWARGS = ("decay", "gradient_aggregator", "gradient_transformers")


class _CallableList(list):
    """A list that can also be called (``opt.variables`` and ``opt.variables()``)."""

    def __call__(self):
        return self


class _VarState:
    """What an optimizer keeps for one variable: slots, kernel, scratch buffers."""

    __slots__ = (
        "var",
        "slots",
        "holders",
        "kernel",
        "numpy",
        "scalar",
        "dtype",
        "r",
        "scratch",
        "nones",
        "average",
    )


class Optimizer:
    """Base class of tapekit's optimizers (TF's ``tf.keras.optimizers.Optimizer``).

    Subclass it the TF way (override ``build`` and ``update_step(gradient, variable)``,
    create slots with ``add_variable_from_reference``) to write your own; tapekit ops and
    ``Variable.assign*`` work inside ``update_step``.
    """

    _custom = False  # True for user subclasses that override update_step
    _slot_groups: tuple = ()  # ((slot names created per variable), ...) in TF's order
    _n_scratch = 1
    _uses_step = False  # constants depend on the step (bias corrections)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "update_step" in cls.__dict__ and not cls.__module__.startswith("tapekit.optimizers"):
            cls._custom = True

    def __init__(
        self,
        name,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        **kwargs,
    ):
        __tracebackhide__ = True
        self.name = name
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.jit_compile = False  # as TF without a GPU: nothing to compile
        if use_ema:
            if ema_momentum > 1 or ema_momentum < 0:
                raise ValueError(message("opt_ema_momentum", value=ema_momentum))
            if ema_overwrite_frequency and (
                not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
            ):
                raise ValueError(message("opt_ema_frequency", value=ema_overwrite_frequency))
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        if self.clipnorm is not None and self.global_clipnorm is not None:
            raise ValueError(
                message("opt_clip_both", clipnorm=self.clipnorm, global_clipnorm=global_clipnorm)
            )
        for key, value in (
            ("clipnorm", clipnorm),
            ("clipvalue", clipvalue),
            ("global_clipnorm", global_clipnorm),
        ):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, numbers.Real)
            ):
                raise TypeError(message("opt_clip_type", arg=key, value=value))
        self._variables: list = []
        self._state: dict[int, _VarState] = {}
        self._index_dict: dict[int, int] = {}
        self._scratch: dict = {}
        self._consts: dict = {}
        self._recorders: list = []
        self._exclude_ids: set = set()
        self._exclude_names: list = []
        self._schedule = None
        self._lr_var = None
        self._current_lr_var = None
        self._iterations = Variable(0, name="iteration", dtype="int64", trainable=False)
        self._variables.append(self._iterations)
        self._process_kwargs(kwargs)

    def __setattr__(self, name, value):
        # Hyperparameters (public attributes) may change between steps, as in TF: forget
        # the per-dtype constants computed from the old values.
        if not name.startswith("_"):
            consts = self.__dict__.get("_consts")
            if consts:
                consts.clear()
        object.__setattr__(self, name, value)

    def _process_kwargs(self, kwargs):
        __tracebackhide__ = True
        kwargs.pop("is_legacy_optimizer", None)
        kwargs.pop("mesh", None)
        if kwargs.pop("lr", None):
            # TF 2.11+ ignores `lr` with this warning: a classic surprise, kept.
            warnings.warn(message("opt_lr_kwarg", cls=type(self).__name__), stacklevel=4)
        for key in kwargs:
            if key in _LEGACY_KWARGS:
                raise ValueError(message("opt_legacy_kwarg", arg=key, cls=type(self).__name__))
            raise TypeError(
                message("opt_bad_kwarg", arg=key, cls=type(self).__name__, valid=self._arg_names())
            )

    def _arg_names(self) -> str:
        import inspect  # noqa: PLC0415

        params = inspect.signature(type(self).__init__).parameters
        return ", ".join(p for p in params if p not in ("self", "kwargs"))

    # -- learning rate -------------------------------------------------------------------
    def _build_learning_rate(self, learning_rate):
        """Keep a schedule, or a float32 Variable holding the rate (TF's ``floatx``)."""
        __tracebackhide__ = True
        if isinstance(learning_rate, schedules.LearningRateSchedule):
            self._schedule = learning_rate
            first = self._schedule_value(learning_rate, self._iterations)
            self._current_lr_var = Variable(first, name="current_learning_rate", trainable=False)
            return learning_rate
        value = _learning_rate_value(learning_rate, type(self).__name__)
        self._lr_var = Variable(value, name="learning_rate", dtype="float32", trainable=False)
        return self._lr_var

    @staticmethod
    def _schedule_value(schedule, step):
        value = schedule(step)
        if not isinstance(value, _TensorLike):
            value = Tensor(to_raw(value))
        return value

    @property
    def learning_rate(self):
        """The learning rate Variable (with a schedule: the rate of the latest step)."""
        if self._schedule is not None:
            return self._current_lr_var
        return self._lr_var

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        __tracebackhide__ = True
        if isinstance(learning_rate, schedules.LearningRateSchedule):
            self._learning_rate = self._build_learning_rate(learning_rate)
            return
        if self._schedule is not None:
            raise TypeError(message("opt_lr_not_settable"))
        value = _learning_rate_value(learning_rate, type(self).__name__)
        self._lr_var.assign(_backend.asarray(value, dtype="float32"))

    lr = learning_rate

    def _current_lr(self) -> float:
        """The rate for this step as a Python float (float32 value); updates a schedule's."""
        if self._schedule is None:
            try:
                raw = self._lr_var._value
            except AttributeError:
                raise ValueError(message("opt_missing_lr")) from None
            return float(raw) if type(raw) is _ndarray else _kernels.host_scalar(raw)
        value = self._schedule_value(self._schedule, self._iterations)
        var = self._current_lr_var
        raw = value._value
        if raw.dtype != var._value.dtype:
            raw = to_raw(_kernels.host_scalar(raw), var.dtype, like=var._value)
        var._value = raw
        return _kernels.host_scalar(raw)

    # -- iterations and variables --------------------------------------------------------
    @property
    def iterations(self):
        """How many steps ``apply_gradients`` has taken (an int64 Variable)."""
        return self._iterations

    @iterations.setter
    def iterations(self, variable):
        if self._state:
            raise RuntimeError(message("opt_iterations_set", value=variable))
        if not isinstance(variable, Variable):
            variable = Variable(variable, name="iteration", dtype="int64", trainable=False)
        self._variables[0] = variable
        self._iterations = variable

    @property
    def variables(self):
        """The optimizer's variables: ``iterations`` first, then the slots."""
        return _CallableList(self._variables)

    def get_weights(self):
        return [v.numpy() for v in self._variables]

    def set_weights(self, weights):
        if not self._state:
            raise ValueError(message("opt_not_built"))
        for variable, weight in zip(self._variables, weights):
            variable.assign(weight)

    # -- building ------------------------------------------------------------------------
    def _var_key(self, variable):
        return variable._id

    def _build_index_dict(self, var_list):
        self._index_dict = {self._var_key(v): i for i, v in enumerate(var_list)}

    def build(self, var_list):
        """Create the slots of the variables in ``var_list`` (done on first use anyway)."""
        if self._custom:
            if getattr(self, "_built", False):
                return
            self._build_index_dict(var_list)
            if self.use_ema:
                self._build_averages([v for v in var_list if v._id not in self._state])
            return
        self._build_states(var_list)

    def add_variable(self, shape, dtype=None, initializer="zeros", name=None):
        """A non-trainable optimizer Variable (listed in ``variables``)."""
        from ..ops.creation import ones, zeros  # noqa: PLC0415

        dtype = dtype or "float32"
        shape = [] if shape is None else shape
        if callable(initializer):
            value = initializer(shape, dtype)
        else:
            value = {"zeros": zeros, "ones": ones}[initializer](shape, dtype=dtype)
        variable = Variable(value, name=name, trainable=False)
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(
        self, model_variable, variable_name, shape=None, initial_value=None
    ):
        """A slot for ``model_variable``: same shape and dtype, zeros unless given."""
        raw = model_variable._value
        xp = _backend.namespace_of(raw)
        if initial_value is None:
            if shape is None:
                value = xp.zeros_like(raw)
            else:
                value = xp.zeros(tuple(shape), dtype=raw.dtype, device=_backend.device_of(raw))
        elif isinstance(initial_value, _TensorLike):
            value = xp.asarray(initial_value._value, copy=True)
        else:
            value = to_raw(initial_value, model_variable.dtype, like=raw)
        variable = Variable(
            value, name=f"{self.name}/{variable_name}/{model_variable._name}", trainable=False
        )
        self._variables.append(variable)
        return variable

    def _slot_initial_value(self, slot_name, variable):
        return None

    def _build_states(self, var_list):
        __tracebackhide__ = True
        new = []
        seen = set()
        for v in var_list:
            if v._id not in self._state and v._id not in seen:
                seen.add(v._id)
                new.append(v)
        if not new:
            return
        for v in new:
            if not v.dtype.is_floating:
                raise TypeError(message("opt_var_dtype", name=v.name, dtype=v.dtype.name))
        averages = self._build_averages(new) if self.use_ema else {}
        slots: dict[int, list] = {v._id: [] for v in new}
        for group in self._slot_groups:
            for v in new:
                for slot_name in group:
                    slots[v._id].append(
                        self.add_variable_from_reference(
                            v, slot_name, initial_value=self._slot_initial_value(slot_name, v)
                        )
                    )
        n = self._n_scratch
        for v in new:
            raw = v._value
            xp = _backend.namespace_of(raw)
            st = _VarState()
            st.var = v
            st.slots = slots[v._id]
            st.holders = (v, *st.slots)
            st.kernel = _kernels.kernel_for(xp)
            st.numpy = xp is _np
            # 0-d NumPy values are updated as NumPy scalars: an op on a scalar costs a
            # tenth of the same op on a 0-d array, and in-place buys nothing there.
            st.scalar = st.numpy and raw.ndim == 0
            if st.scalar:
                st.numpy = False
                st.kernel = _kernels.SCALAR
            st.dtype = _backend.numpy_dtype_name(raw)
            st.r = _kernels.rounder(st.dtype)
            st.scratch = self._scratch_for(raw, n) if st.numpy else [None] * n
            st.nones = [None] * len(st.holders)
            st.average = averages.get(v._id)
            self._index_dict[v._id] = len(self._index_dict)
            self._state[v._id] = st
        self._on_build(new)
        self._built = True

    def _on_build(self, new_variables):
        """Hook for optimizer-wide state created with the first variables (Nadam)."""

    def _scratch_for(self, raw, n):
        key = (tuple(raw.shape), raw.dtype.str)
        bufs = self._scratch.get(key)
        if bufs is None:
            bufs = self._scratch[key] = []
        while len(bufs) < n:
            bufs.append(_np.empty(raw.shape, dtype=raw.dtype))
        return bufs[:n]

    def _build_averages(self, variables):
        out = {}
        for v in variables:
            out[v._id] = self.add_variable_from_reference(v, "average", initial_value=v)
        if self._custom:
            self._custom_averages = {**getattr(self, "_custom_averages", {}), **out}
        return out

    # -- public API ----------------------------------------------------------------------
    def apply_gradients(
        self, grads_and_vars, name=None, skip_gradients_aggregation=False, **kwargs
    ):
        """Apply ``(gradient, variable)`` pairs; returns ``iterations``.

        ``None`` gradients are skipped with TF's warning; if every gradient is ``None``
        TF's ``ValueError`` is raised.
        """
        __tracebackhide__ = True
        if name is not None and not isinstance(name, str):
            raise TypeError(message("opt_two_lists"))
        grads, variables, has_none = _split_pairs(grads_and_vars)
        if not variables:
            return self._iterations
        return self._apply_checked(grads, variables, None, has_none)

    def minimize(self, loss, var_list, tape=None):
        """Compute the gradients of ``loss`` (a zero-argument function) and apply them."""
        __tracebackhide__ = True
        grads_and_vars, loss_value = self._compute(loss, var_list, tape)
        grads = [g for g, _ in grads_and_vars]
        variables = [v for _, v in grads_and_vars]
        if not variables:
            return self._iterations
        has_none = any(g is None for g in grads)
        return self._apply_checked(grads, variables, loss_value, has_none)

    def compute_gradients(self, loss, var_list, tape=None):
        """``[(gradient, variable), ...]`` for ``loss`` (a function, or a tensor with ``tape``)."""
        __tracebackhide__ = True
        return self._compute(loss, var_list, tape)[0]

    def _compute(self, loss, var_list, tape):
        __tracebackhide__ = True
        from ..gradient_tape import GradientTape  # noqa: PLC0415

        if not callable(loss) and tape is None:
            if isinstance(loss, _TensorLike):
                raise ValueError(message("opt_loss_tensor", loss=loss))
            raise TypeError(message("opt_loss_type", type=type(loss).__name__))
        if not callable(var_list):
            var_list = _check_var_list(var_list)
        if tape is None:
            tape = GradientTape()
        if callable(loss):
            with tape:
                if not callable(var_list):
                    tape.watch(var_list)
                loss = loss()
                if callable(var_list):
                    var_list = _check_var_list(var_list())
        elif not isinstance(loss, _TensorLike):
            raise TypeError(message("opt_loss_type", type=type(loss).__name__))
        grads = tape.gradient(loss, var_list)
        return list(zip(grads, var_list)), loss

    # -- the step --------------------------------------------------------------------------
    def _apply_checked(self, grads, variables, loss, has_none):
        __tracebackhide__ = True
        tracer = _trace.state[0]
        if tracer is None:
            grads, variables = self._prepare(grads, variables, has_none)
            return self._apply(grads, variables, loss)
        # Inside tk.function the step is one opaque plan step, replayed on every call; its
        # own work (slot creation, the update) is not traced.
        _trace.state[0] = None
        try:
            grads, variables = self._prepare(grads, variables, has_none)
            tracer.capture_call(self._replay, (grads, variables, loss))
            return self._apply(grads, variables, loss)
        finally:
            _trace.state[0] = tracer

    def _prepare(self, grads, variables, has_none):
        """Slots for new variables (TF builds before filtering), then drop ``None`` pairs."""
        __tracebackhide__ = True
        if not self._custom:
            state = self._state
            for v in variables:
                if v._id not in state:
                    self._build_states(variables)
                    break
        if not has_none:
            return grads, variables
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        if not kept:
            raise ValueError(
                message(
                    "opt_no_gradients",
                    names=([v.name for v in variables],),
                    pairs=tuple(zip(grads, variables)),
                )
            )
        missing = [v.name for g, v in zip(grads, variables) if g is None]
        # stacklevel: _prepare, _apply_checked, apply_gradients/minimize, the caller
        warnings.warn(message("opt_some_none", names=missing), stacklevel=4)
        return [g for g, _ in kept], [v for _, v in kept]

    def _replay(self, grads, variables, loss):
        self._apply(grads, variables, loss)

    def _apply(self, grads, variables, loss):
        __tracebackhide__ = True
        lr = self._current_lr()
        it = self._iterations
        it_value = it._value
        step = int(it_value)
        raws = [_raw_gradient(g, v) for g, v in zip(grads, variables)]
        if self.clipnorm or self.global_clipnorm or self.clipvalue:
            raws = self._clip_gradients(raws)
        recorders = self._recorders
        if recorders:
            for rec in recorders:
                rec._before(self, variables, raws, lr, loss)
        if self.weight_decay:
            for v in variables:
                if self._use_weight_decay(v):
                    self._decay_weight(v, lr)
        if self._custom:
            self.build(variables)
            for g, v in zip(raws, variables):
                self.update_step(Tensor(g), v)
        else:
            states = self._state
            for g, v in zip(raws, variables):
                self._update_var(states[v._id], g, lr, step)
        if self.use_ema:
            self._update_averages(variables, step)
        if type(it_value) is _ndarray:
            it._value = it_value[()] + _ONE64
        elif isinstance(it_value, _generic):
            it._value = it_value + _ONE64
        else:
            it._value = _backend.namespace_of(it_value).asarray(it_value + 1)
        if recorders:
            for rec in recorders:
                rec._after(self, variables)
        return it

    def _update_var(self, st, g, lr, step):
        """One variable's step: constants for its dtype, then the rule on raw arrays."""
        ent = self._consts.get(st.dtype)
        if ent is None or ent[0] != lr or (self._uses_step and ent[1] != step):
            r = st.r
            c = self._constants(r, r(lr), step)
            self._consts[st.dtype] = (lr, step, c)
        else:
            c = ent[2]
        var = st.var
        slots = st.slots
        if st.numpy:
            outs = [h._value if _writable(h) else None for h in st.holders]
            values = [h._value for h in slots]
            w = var._value
        elif st.scalar:
            outs = st.nones
            values = [_item(h._value) for h in slots]
            w = _item(var._value)
            g = _item(g)
        else:
            outs = st.nones
            values = [h._value for h in slots]
            w = var._value
        var._value = self._update(st.kernel, g, w, values, outs, st.scratch, c)
        for h, a in zip(slots, values):
            h._value = a

    def update_step(self, gradient, variable):
        """Update ``variable`` with ``gradient`` (one step, without ``iterations += 1``)."""
        __tracebackhide__ = True
        st = self._state.get(variable._id)
        if st is None:
            self._build_states([variable])
            st = self._state[variable._id]
        g = _raw_gradient(gradient, variable)
        self._update_var(st, g, self._current_lr(), int(self._iterations._value))

    # Implemented by each optimizer:
    def _constants(self, r, lr, step):
        """Scalars of one step in the variable's dtype (``r`` rounds to it)."""
        return (lr,)

    def _update(self, k, g, w, s, o, t, c):
        """Update raw arrays: ``w`` the variable, ``s`` its slots (replace entries in place),
        ``o`` output buffers (``o[0]`` for ``w``, ``o[1 + i]`` for ``s[i]``; ``None``:
        allocate), ``t`` scratch buffers, ``c`` the constants.  Returns the new ``w``."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_step(gradient, variable)."
        )

    # -- clipping, weight decay, moving averages -----------------------------------------
    def _clip_gradients(self, raws):
        """TF's clip_by_norm / clip_by_global_norm / clip_by_value, in that precedence."""
        import math  # noqa: PLC0415

        if self.clipnorm and self.clipnorm > 0:
            out = []
            for g in raws:
                xp = _backend.namespace_of(g)
                r = _kernels.rounder(_backend.numpy_dtype_name(g))
                l2sum = _kernels.host_scalar(xp.sum(g * g))
                l2norm = r(math.sqrt(l2sum)) if l2sum > 0 else l2sum
                c = r(self.clipnorm)
                out.append((g * c) / max(l2norm, c))
            return out
        if self.global_clipnorm and self.global_clipnorm > 0:
            r = _kernels.rounder(_backend.numpy_dtype_name(raws[0]))
            total = 0.0
            for g in raws:
                xp = _backend.namespace_of(g)
                total = r(total + _kernels.host_scalar(xp.sum((g * g) * 0.5)))
            norm = r(math.sqrt(r(total * 2.0)))
            c = r(self.global_clipnorm)
            inv = math.inf if norm == 0 else r(1.0 / norm)
            scale = r(c * min(inv, r(1.0 / c)))
            scale = r(scale + (norm - norm))
            return [g * scale for g in raws]
        if self.clipvalue and self.clipvalue > 0:
            out = []
            for g in raws:
                xp = _backend.namespace_of(g)
                c = _kernels.rounder(_backend.numpy_dtype_name(g))(self.clipvalue)
                out.append(xp.clip(g, -c, c))
            return out
        return raws

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exclude variables (or names matching ``var_names`` patterns) from weight decay."""
        if self._state:
            raise ValueError(message("opt_exclude_after_build"))
        self._exclude_ids = {v._id for v in var_list or ()}
        self._exclude_names = list(var_names or ())

    def _use_weight_decay(self, variable) -> bool:
        if variable._id in self._exclude_ids:
            return False
        return not any(re.search(n, variable.name) for n in self._exclude_names)

    def _decay_weight(self, variable, lr):
        """``variable -= variable * weight_decay * learning_rate`` (TF's order)."""
        st = self._state.get(variable._id)
        if st is None:  # a custom optimizer: plain tapekit arithmetic
            xp = _backend.namespace_of(variable._value)
            r = _kernels.rounder(_backend.numpy_dtype_name(variable._value))
            wd = _kernels.caster(r)(self.weight_decay)
            variable._value = xp.asarray(variable._value - (variable._value * wd) * r(lr))
            return
        k = st.kernel
        t = st.scratch[0]
        out = variable._value if st.numpy and _writable(variable) else None
        w = variable._value
        d = k.multiply(w, _kernels.caster(st.r)(self.weight_decay), out=t)
        d = k.multiply(d, st.r(lr), out=t)
        variable._value = k.subtract(w, d, out=out)

    def _update_averages(self, variables, step):
        for v in variables:
            avg = self._average_of(v)
            r = _kernels.rounder(_backend.numpy_dtype_name(v._value))
            avg._value = (avg._value * r(self.ema_momentum)) + (v._value * r(1 - self.ema_momentum))
        freq = self.ema_overwrite_frequency
        if freq and (step + 1) % freq == 0:
            for v in variables:
                v.assign(self._average_of(v))

    def _average_of(self, variable):
        if self._custom:
            return self._custom_averages[variable._id]
        return self._state[variable._id].average

    def finalize_variable_values(self, var_list):
        """With ``use_ema``: overwrite the variables with their moving averages."""
        if self.use_ema:
            for v in var_list:
                v.assign(self._average_of(v))

    # -- trajectories ------------------------------------------------------------------------
    def record_trajectory(self, variables=None, loss=None):
        """Record every step this optimizer takes inside ``with``: positions, losses,
        gradients, learning rates (see :class:`tapekit.optimizers.Trajectory`).

        ``variables``: which variables to record (default: those of the first step);
        ``loss``: a zero-argument function evaluated before each step when the loop calls
        ``apply_gradients`` (``minimize`` records its own loss).
        """
        from .trajectory import Trajectory  # noqa: PLC0415

        return Trajectory(self, variables=variables, loss=loss)

    # -- configuration -------------------------------------------------------------------------
    def _serialize_hyperparameter(self, hyperparameter):
        if isinstance(hyperparameter, schedules.LearningRateSchedule):
            return schedules.serialize(hyperparameter)
        if isinstance(hyperparameter, Variable):
            return _kernels.host_scalar(hyperparameter)
        if callable(hyperparameter):
            return hyperparameter()
        return hyperparameter

    def get_config(self):
        """The constructor arguments (TF's keys and order); ``from_config`` inverts it."""
        return {
            "name": self.name,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "jit_compile": self.jit_compile,
            "is_legacy_optimizer": False,
        }

    def _learning_rate_config(self):
        return self._serialize_hyperparameter(
            self._schedule if self._schedule is not None else self._lr_var
        )

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A new optimizer (without state) from ``get_config()``'s dictionary."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(
                config["learning_rate"], custom_objects=custom_objects
            )
        return cls(**config)

    def __repr__(self) -> str:
        lr = self._learning_rate_config()
        if isinstance(lr, dict):
            lr = lr["class_name"]
        else:
            lr = f"{lr:.6g}"
        return (
            f"<tk.optimizers.{type(self).__name__} learning_rate={lr} "
            f"iterations={int(self._iterations._value)}>"
        )


# ---------------------------------------------------------------------------------------
# argument checking


def _learning_rate_value(learning_rate, cls_name) -> float:
    """A learning rate given as a number (or 0-d tensor) as a Python float."""
    __tracebackhide__ = True
    value = learning_rate
    if callable(value) and not isinstance(value, _TensorLike):
        # TF evaluates a zero-argument callable once, when the optimizer is created
        try:
            value = value()
        except TypeError:
            raise TypeError(message("opt_lr_callable", cls=cls_name, value=learning_rate)) from None
    if isinstance(value, _TensorLike):
        d = value.dtype
        if value.shape == () and (d.is_floating or d.is_integer):
            return _kernels.host_scalar(value)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    raise TypeError(
        message("opt_lr_type", cls=cls_name, type=type(learning_rate).__name__, value=learning_rate)
    )


def _item(x):
    """A 0-d NumPy array as a NumPy scalar (scalars pass through)."""
    return x[()] if type(x) is _ndarray else x


def _split_pairs(grads_and_vars):
    __tracebackhide__ = True
    if isinstance(grads_and_vars, _TensorLike):
        raise TypeError(message("opt_pairs", got=type(grads_and_vars).__name__))
    try:
        pairs = list(grads_and_vars)
    except TypeError:
        raise TypeError(message("opt_pairs", got=type(grads_and_vars).__name__)) from None
    grads = []
    variables = []
    has_none = False
    for i, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(message("opt_pair", index=i, got=_short(pair)))
        g, v = pair
        if not isinstance(v, Variable):
            if isinstance(g, Variable):
                raise TypeError(message("opt_pair_swapped", index=i))
            raise TypeError(message("opt_not_variable", index=i, type=type(v).__name__))
        if g is None:
            has_none = True
        grads.append(g)
        variables.append(v)
    return grads, variables, has_none


def _check_var_list(var_list):
    __tracebackhide__ = True
    if isinstance(var_list, Variable):
        return [var_list]
    if isinstance(var_list, dict) or var_list is None or isinstance(var_list, (str, _TensorLike)):
        raise TypeError(message("opt_var_list", type=type(var_list).__name__))
    try:
        items = list(var_list)
    except TypeError:
        raise TypeError(message("opt_var_list", type=type(var_list).__name__)) from None
    for i, v in enumerate(items):
        if not isinstance(v, Variable):
            raise TypeError(message("opt_var_list_item", index=i, type=type(v).__name__))
    return items


def _raw_gradient(g, v):
    """The raw array of gradient ``g``, checked against variable ``v``."""
    __tracebackhide__ = True
    raw = g._value if isinstance(g, _TensorLike) else to_raw(g, v.dtype, like=v._value)
    w = v._value
    if raw.dtype != w.dtype:
        raise TypeError(
            message(
                "opt_grad_dtype",
                name=v.name,
                got=_backend.numpy_dtype_name(raw),
                want=v.dtype.name,
            )
        )
    if raw.shape != w.shape:
        raise ValueError(
            message("opt_grad_shape", name=v.name, got=tuple(raw.shape), want=tuple(w.shape))
        )
    return raw


def _short(x) -> str:
    text = repr(x)
    return text if len(text) <= 80 else text[:77] + "..."
