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

The class is assembled from one module per job: ``_slots`` (per-variable state),
``_step`` (the step), ``_transforms`` (clipping, weight decay, moving averages),
``_arguments`` (argument checks), ``_keras_keywords`` (a built-in optimizer's
``__init__`` from its ``_hyperparameters`` table, the Keras keyword block included);
this module keeps construction, the learning rate, the public API and the configuration.
"""

from __future__ import annotations

import numbers
import warnings

from .._engine import backend as _backend
from .._engine.tensor import Tensor, TensorLike, to_raw
from .._engine.variable import Variable
from .._messages import message, user_stacklevel
from . import _kernels, schedules
from ._arguments import _check_var_list, _learning_rate_value, _split_pairs
from ._keras_keywords import KERAS_KEYWORDS, keras_init
from ._slots import SlotBuilding, _VarState
from ._step import Step
from ._transforms import Transforms

__all__ = ["Optimizer"]

_LEGACY_KWARGS = ("decay", "gradient_aggregator", "gradient_transformers")


class _CallableList(list):
    """A list that can also be called (``opt.variables`` and ``opt.variables()``)."""

    def __call__(self):
        return self


class Optimizer(SlotBuilding, Step, Transforms):
    """Base class of tapekit's optimizers (TF's ``tf.keras.optimizers.Optimizer``).

    Subclass it the TF way (override ``build`` and ``update_step(gradient, variable)``,
    create slots with ``add_variable_from_reference``) to write your own; tapekit ops and
    ``Variable.assign*`` work inside ``update_step``.
    """

    _custom = False  # True for user subclasses that override update_step
    _slot_groups: tuple = ()  # ((slot names created per variable), ...) in TF's order
    _n_scratch = 1
    _uses_step = False  # constants depend on the step (bias corrections)
    # A built-in optimizer's own arguments and their defaults, in TF's order: they make
    # its __init__ (see ._keras_keywords), its attributes and its get_config().
    _hyperparameters: dict = {}
    _keras_defaults: dict = {}  # Keras keyword defaults of its own (RMSprop's)
    _unconfigured: tuple = ()  # hyperparameters get_config() leaves out, as TF does

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "update_step" in cls.__dict__ and not cls.__module__.startswith("tapekit.optimizers"):
            cls._custom = True
        if "_hyperparameters" in cls.__dict__:
            cls.__init__ = keras_init(cls)

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
        if use_ema:
            if ema_momentum > 1 or ema_momentum < 0:
                raise ValueError(message("opt_ema_momentum", value=ema_momentum))
            if ema_overwrite_frequency and (
                not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
            ):
                raise ValueError(message("opt_ema_frequency", value=ema_overwrite_frequency))
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError(
                message("opt_clip_both", clipnorm=clipnorm, global_clipnorm=global_clipnorm)
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
        self.name, self.weight_decay = name, weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.use_ema, self.ema_momentum = use_ema, ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.jit_compile = False  # as TF without a GPU: nothing to compile
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

    def _take_hyperparameters(self, arguments: dict, kwargs: dict) -> None:
        """A built-in optimizer's ``__init__``: ``arguments`` bound to its signature."""
        __tracebackhide__ = True
        keras = {key: arguments.pop(key) for key in KERAS_KEYWORDS}
        Optimizer.__init__(self, name=arguments.pop("name"), **keras, **kwargs)
        self._learning_rate = self._build_learning_rate(arguments.pop("learning_rate"))
        for key, value in arguments.items():
            setattr(self, key, value)
        self._on_init()

    def _on_init(self):
        """Hook: check the hyperparameters, derive what follows from them (slot groups)."""

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
            warnings.warn(
                message("opt_lr_kwarg", cls=type(self).__name__), stacklevel=user_stacklevel()
            )
        for key in kwargs:
            if key in _LEGACY_KWARGS:
                raise ValueError(message("opt_legacy_kwarg", arg=key, cls=type(self).__name__))
            raise TypeError(
                message("opt_bad_kwarg", arg=key, cls=type(self).__name__, valid=self._arg_names())
            )

    def _arg_names(self) -> str:
        import inspect

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
        if not isinstance(value, TensorLike):
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
        """Set a float rate (assigned to the rate Variable) or a schedule; while a schedule is
        in use a float raises TypeError."""
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
            return _kernels.host_scalar(raw)
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
        """Use another step counter (made an int64 Variable); only before ``apply_gradients``."""
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
        """Keras's ``Optimizer.get_weights``: NumPy copies of ``variables``, in that order."""
        return [v.numpy() for v in self._variables]

    def set_weights(self, weights):
        """Keras's ``Optimizer.set_weights``: assign ``weights`` to ``variables`` in order (once
        built)."""
        if not self._state:
            raise ValueError(message("opt_not_built"))
        for variable, weight in zip(self._variables, weights):
            variable.assign(weight)

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
        from ..gradient_tape import GradientTape

        if not callable(loss) and tape is None:
            if isinstance(loss, TensorLike):
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
        elif not isinstance(loss, TensorLike):
            raise TypeError(message("opt_loss_type", type=type(loss).__name__))
        grads = tape.gradient(loss, var_list)
        return list(zip(grads, var_list)), loss

    # -- trajectories ------------------------------------------------------------------------
    def record_trajectory(self, variables=None, loss=None):
        """Record every step this optimizer takes inside ``with``: positions, losses,
        gradients, learning rates (see :class:`tapekit.optimizers.Trajectory`).

        ``variables``: which variables to record (default: those of the first step);
        ``loss``: a zero-argument function evaluated before each step when the loop calls
        ``apply_gradients`` (``minimize`` records its own loss).
        """
        from .trajectory import Trajectory

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
        config = {
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
        for key in self._hyperparameters:
            if key == "learning_rate":
                config[key] = self._learning_rate_config()
            elif key not in self._unconfigured:
                config[key] = getattr(self, key)
        return config

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
