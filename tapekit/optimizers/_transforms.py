"""What a step does to gradients and variables besides the update rule: TF's clipping
(``clipnorm``, ``global_clipnorm``, ``clipvalue``), decoupled weight decay and the
exponential moving averages (``use_ema``)."""

from __future__ import annotations

import math
import re

from .._engine import backend as _backend
from .._messages import message
from . import _kernels

_writable = _kernels.writable


class Transforms:
    """Clipping, weight decay and moving averages of :class:`Optimizer` (a mixin)."""

    def _clip_gradients(self, raws):
        """TF's clip_by_norm / clip_by_global_norm / clip_by_value, in that precedence."""
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
        out = variable._value if st.in_place and _writable(variable) else None
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
