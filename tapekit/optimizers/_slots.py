"""Building an optimizer's per-variable state: slots (TF's ``add_variable_from_reference``),
the kernel and scratch buffers each update rule runs with, and the moving averages."""

from __future__ import annotations

from .._engine import backend as _backend
from .._engine.tensor import TensorLike, to_raw
from .._engine.variable import Variable
from .._messages import message
from . import _kernels


class _VarState:
    """What an optimizer keeps for one variable: slots, kernel, scratch buffers."""

    __slots__ = (
        "var",
        "slots",
        "holders",
        "kernel",
        "in_place",
        "scalar",
        "dtype",
        "r",
        "scratch",
        "nones",
        "average",
    )


class SlotBuilding:
    """The building half of :class:`tapekit.optimizers.Optimizer` (a mixin)."""

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
        from ..ops.creation import ones, zeros

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
        elif isinstance(initial_value, TensorLike):
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
            st = _VarState()
            st.var = v
            st.slots = slots[v._id]
            st.holders = (v, *st.slots)
            st.kernel = _kernels.kernel_for(raw)
            st.in_place = not isinstance(st.kernel, _kernels.Functional)
            # 0-d NumPy values are updated as NumPy scalars (bench W1o): an op on a scalar
            # costs a tenth of the same op on a 0-d array, and in-place buys nothing there.
            st.scalar = not st.in_place and _backend.is_host(raw)
            st.dtype = _backend.numpy_dtype_name(raw)
            st.r = _kernels.rounder(st.dtype)
            st.scratch = self._scratch_for(st.kernel, raw, n) if st.in_place else [None] * n
            st.nones = [None] * len(st.holders)
            st.average = averages.get(v._id)
            self._index_dict[v._id] = len(self._index_dict)
            self._state[v._id] = st
        self._on_build(new)
        self._built = True

    def _on_build(self, new_variables):
        """Hook for optimizer-wide state created with the first variables (Nadam)."""

    def _scratch_for(self, xp, raw, n):
        """``n`` scratch arrays like ``raw``, shared by the variables of its shape and dtype."""
        key = (tuple(raw.shape), raw.dtype.str)
        bufs = self._scratch.get(key)
        if bufs is None:
            bufs = self._scratch[key] = []
        while len(bufs) < n:
            bufs.append(xp.empty(raw.shape, dtype=raw.dtype))
        return bufs[:n]

    def _build_averages(self, variables):
        out = {}
        for v in variables:
            out[v._id] = self.add_variable_from_reference(v, "average", initial_value=v)
        if self._custom:
            self._custom_averages = {**getattr(self, "_custom_averages", {}), **out}
        return out
