"""One optimizer step on raw arrays: the learning rate, ``None`` gradients dropped, clipping,
weight decay, each variable's update rule with constants cached per dtype, the moving
averages, ``iterations += 1``; and the recorders of trajectories around it."""

from __future__ import annotations

import warnings

from .._engine import backend as _backend
from .._engine import trace as _trace
from .._engine.tensor import Tensor
from .._messages import message
from . import _kernels
from ._arguments import _item, _raw_gradient

_HOST_ARRAY = _backend.HOST_ARRAY
_HOST_SCALAR = _backend.HOST_SCALAR
_writable = _kernels.writable
_ONE64 = _backend.host.int64(1)


class Step:
    """The step of :class:`tapekit.optimizers.Optimizer` (a mixin)."""

    def _apply_checked(self, grads, variables, loss, has_none):
        __tracebackhide__ = True
        tracer = _trace.state.tracer
        if tracer is None:
            grads, variables = self._prepare(grads, variables, has_none)
            return self._apply(grads, variables, loss)
        # Inside tk.function the step is one opaque plan step, replayed on every call; its
        # own work (slot creation, the update) is not traced.
        _trace.state.tracer = None
        try:
            grads, variables = self._prepare(grads, variables, has_none)
            tracer.capture_call(self._replay, (grads, variables, loss))
            return self._apply(grads, variables, loss)
        finally:
            _trace.state.tracer = tracer

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
        if type(it_value) is _HOST_ARRAY:
            it._value = it_value[()] + _ONE64
        elif isinstance(it_value, _HOST_SCALAR):
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
        if st.in_place:
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
        raise NotImplementedError(message("opt_no_update_step", cls=type(self).__name__))
