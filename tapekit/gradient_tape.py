"""``GradientTape``: TensorFlow's tape API over tapekit's recorder and reverse sweep."""

from __future__ import annotations

import contextlib
import enum
import warnings
import weakref

from ._engine import backend as _backend
from ._engine import backprop as _backprop
from ._engine import nest as _nest
from ._engine import tape as _tape
from ._engine.tensor import Tensor, TensorLike, dtype_of, to_raw
from ._messages import message
from .ops import _core_shape as _ops_core_shape
from .ops import shape as _ops_shape


class UnconnectedGradients(enum.Enum):
    """What ``gradient`` returns for a source the target does not depend on."""

    NONE = "none"
    ZERO = "zero"


def _unconnected(value) -> UnconnectedGradients:
    if isinstance(value, UnconnectedGradients):
        return value
    try:
        return UnconnectedGradients(str(value).lower())
    except ValueError:
        raise ValueError(message("unconnected_value", value=value)) from None


class GradientTape:
    """Record operations for automatic differentiation (``tf.GradientTape``).

    Ops run inside ``with GradientTape() as tape:`` are recorded when they involve a
    watched tensor (``tape.watch``) or a trainable Variable; ``tape.gradient`` then
    walks the record backwards.  Gradient computations are themselves recorded by any
    enclosing tape, which is how nested tapes give higher-order derivatives.
    """

    _warned_in_context = False
    _keep_values = False  # tools that display recorded values set this on their tapes

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = bool(persistent)
        self._watch_accessed_variables = bool(watch_accessed_variables)
        self._recorder: _tape.Recorder | None = None
        self._recording = False
        self._used = False
        # what watched_variables() lists once a non-persistent tape released its record
        self._released_variables: tuple = ()

    # -- context -------------------------------------------------------------------------
    def __enter__(self) -> GradientTape:
        if self._recording:
            raise ValueError(message("tape_already_recording"))
        self._push()
        return self

    def __exit__(self, typ, value, traceback):
        if self._recording:
            self._pop()
        return False

    def _push(self):
        if self._recorder is None:
            self._recorder = _tape.Recorder(self._watch_accessed_variables)
            self._recorder.keep_values = self._keep_values
        _tape.push(self._recorder)
        self._recording = True

    def _pop(self):
        _tape.pop(self._recorder)
        self._recording = False

    @property
    def persistent(self) -> bool:
        """TF's ``GradientTape.persistent``: whether ``gradient`` may be called more than once."""
        return self._persistent

    # -- watching ------------------------------------------------------------------------
    def watch(self, tensor) -> None:
        """Track ``tensor`` (a Tensor, Variable or nested structure of them)."""
        if self._recorder is None:
            self._recorder = _tape.Recorder(self._watch_accessed_variables)
            self._recorder.keep_values = self._keep_values
        for t in _nest.flatten(tensor):
            if not isinstance(t, TensorLike):
                raise ValueError(
                    message("watch_not_tensor", obj=repr(t), type=repr(type(t).__name__))
                )
            d = dtype_of(t._value)
            if not (d.is_floating or d.is_complex):
                warnings.warn(message("int_watch", dtype=repr(d)), stacklevel=2)
            if t._is_variable:
                self._recorder.watch_variable(t)
            else:
                self._recorder.watch_tensor(t)

    def watched_variables(self) -> tuple:
        """The variables this tape watched, in the order they were first watched."""
        if self._recorder is None:
            # weakly held: a released tape keeps no variable alive
            alive = [v for v in (r() for r in self._released_variables) if v is not None]
            return tuple(sorted(alive, key=_creation_order))
        # TF orders them by creation, not by first read
        return tuple(sorted(self._recorder.watched_vars.values(), key=_creation_order))

    @contextlib.contextmanager
    def stop_recording(self):
        """Temporarily stop recording on this tape (ops inside are not differentiated)."""
        if self._recorder is None:
            raise RuntimeError(message("tape_stop_not_recording"))
        if not self._recording:
            raise ValueError(message("tape_not_recording"))
        self._pop()
        try:
            yield
        finally:
            self._push()

    def reset(self) -> None:
        """Forget everything recorded; inside the context, recording starts afresh."""
        if not self._recording:
            raise ValueError(message("tape_not_recording"))
        self._pop()
        self._recorder = None
        self._released_variables = ()
        self._push()

    # -- gradients -----------------------------------------------------------------------
    def _begin_gradient(self):
        if self._recorder is None:
            raise RuntimeError(message("non_persistent_twice"))
        if self._recording:
            if not self._persistent:
                self._pop()
            elif not GradientTape._warned_in_context:  # TF logs this once per process
                GradientTape._warned_in_context = True
                warnings.warn(message("persistent_in_context"), stacklevel=3)

    def _require_persistent_without_pfor(self, use_pfor) -> None:
        if not use_pfor and not self._persistent:
            raise RuntimeError(message("jacobian_needs_persistent"))

    def _end_gradient(self):
        if not self._persistent:
            # TF still lists the watched variables after the record is gone (sorted when
            # asked: most tapes never are, bench W1)
            self._released_variables = tuple(map(weakref.ref, self._recorder.watched_vars.values()))
            self._recorder = None

    def gradient(
        self,
        target,
        sources,
        output_gradients=None,
        unconnected_gradients=UnconnectedGradients.NONE,
    ):
        """Gradients of ``target`` (summed if several) with respect to ``sources``.

        The result has the structure of ``sources``; ``None`` marks a source the target
        does not depend on (zeros with ``unconnected_gradients='zero'``).
        """
        __tracebackhide__ = True
        if (
            type(target) is Tensor
            and isinstance(sources, TensorLike)
            and output_gradients is None
            and unconnected_gradients is UnconnectedGradients.NONE
        ):
            # the common case: one tensor, one source, seeded with ones; no structures
            self._begin_gradient()
            try:
                _check_target(target)
                seeds = (_ones_like(target),)
                return self._run(self._recorder, (target,), seeds, (sources,)).get(sources._id)
            finally:
                self._end_gradient()
        unconnected = (
            unconnected_gradients
            if unconnected_gradients is UnconnectedGradients.NONE
            else _unconnected(unconnected_gradients)
        )
        self._begin_gradient()
        recorder = self._recorder
        try:
            # a single tensor (the common case) needs no flatten/pack of structures
            flat_targets = [target] if isinstance(target, TensorLike) else _nest.flatten(target)
            single = isinstance(sources, TensorLike)
            flat_sources = [sources] if single else _nest.flatten(sources)
            for s in flat_sources:
                if not isinstance(s, TensorLike):
                    raise TypeError(message("not_a_source", type=type(s).__name__))
            for t in flat_targets:
                if not isinstance(t, TensorLike):
                    raise TypeError(message("not_a_target", type=type(t).__name__))
                _check_target(t)
            seeds = self._seeds(flat_targets, output_gradients)
            grads = self._run(recorder, flat_targets, seeds, flat_sources)
            results = [self._finish(s, grads.get(s._id), unconnected) for s in flat_sources]
        finally:
            self._end_gradient()
        if single:
            return results[0]
        return _nest.pack_sequence_as(sources, results)

    def _seeds(self, flat_targets, output_gradients):
        if output_gradients is None:
            return [_ones_like(t) for t in flat_targets]
        flat = (
            _nest.flatten(output_gradients)
            if not isinstance(output_gradients, TensorLike)
            else [output_gradients]
        )
        if len(flat) != len(flat_targets):
            raise ValueError(
                message("output_gradients_len", n_grads=len(flat), n_targets=len(flat_targets))
            )
        seeds = []
        for t, g in zip(flat_targets, flat):
            if g is None:
                raise ValueError(message("output_gradient_none"))
            if isinstance(g, TensorLike):
                seeds.append(g if not g._is_variable else g.value())
            else:
                seeds.append(Tensor(to_raw(g, dtype_of(t._value), like=t._value)))
        return seeds

    def _run(self, recorder, targets, seeds, sources):
        __tracebackhide__ = True
        src_ids = set()
        for s in sources:
            d = dtype_of(s._value)
            if d.is_floating or d.is_complex:
                src_ids.add(s._id)
            else:
                warnings.warn(message("int_source", dtype=repr(d)), stacklevel=3)
        # a persistent tape may record the sweep's own ops: walk a snapshot of its entries
        entries = list(recorder.entries) if self._persistent else recorder.entries
        live = _backprop.live_ids(entries, src_ids, recorder.tracked, recorder.roots)
        return _backprop.backward(entries, targets, seeds, src_ids, live)

    @staticmethod
    def _finish(source, grad, unconnected):
        if grad is None:
            d = dtype_of(source._value)
            if unconnected is UnconnectedGradients.ZERO and (d.is_floating or d.is_complex):
                return _zeros_like(source)
            return None
        return grad

    def jacobian(
        self,
        target,
        sources,
        unconnected_gradients=UnconnectedGradients.NONE,
        parallel_iterations=None,
        experimental_use_pfor=True,
    ):
        """The full Jacobian: result shape ``target.shape + source.shape`` per source.

        Vectorised: one backward sweep with a batch of one-hot cotangents (every
        gradient rule accepts a leading batch axis); row by row only when an op on the
        path cannot take a batch, or when ``experimental_use_pfor=False``.
        """
        __tracebackhide__ = True
        unconnected = _unconnected(unconnected_gradients)
        self._require_persistent_without_pfor(experimental_use_pfor)
        self._begin_gradient()
        recorder = self._recorder
        try:
            flat_sources = _nest.flatten(sources)
            t = target if not target._is_variable else target.value()
            results = self._jacobian_flat(recorder, t, flat_sources, experimental_use_pfor)
            out = []
            for s, j in zip(flat_sources, results):
                if j is None and unconnected is UnconnectedGradients.ZERO:
                    j = _zeros(tuple(t._value.shape) + tuple(s._value.shape), s)
                out.append(j)
        finally:
            self._end_gradient()
        return _nest.pack_sequence_as(sources, out)

    def _jacobian_flat(self, recorder, target, flat_sources, use_pfor):
        tshape = tuple(target._value.shape)
        n = 1
        for d in tshape:
            n *= d
        src_ids = {s._id for s in flat_sources if dtype_of(s._value).is_floating}
        rows = _unit_sweep(recorder, target, flat_sources, src_ids, n, 1, use_pfor)
        return [
            None if g is None else _ops_core_shape.reshape(g, tshape + tuple(s._value.shape))
            for s, g in zip(flat_sources, rows)
        ]

    def batch_jacobian(
        self,
        target,
        source,
        unconnected_gradients=UnconnectedGradients.NONE,
        parallel_iterations=None,
        experimental_use_pfor=True,
    ):
        """Per-example Jacobians: ``[b, y...] x [b, x...] -> [b, y..., x...]``.

        Assumes example ``i`` of the target depends only on example ``i`` of the source,
        as TF does; computed with one batched sweep over the target's non-batch elements.
        """
        __tracebackhide__ = True
        _unconnected(unconnected_gradients)  # checked, then ignored: TF gives zeros here
        self._require_persistent_without_pfor(experimental_use_pfor)
        tshape = tuple(target._value.shape)
        sshape = tuple(source._value.shape)
        for shape in (tshape, sshape):  # TF checks the target's rank first
            if len(shape) < 2:
                raise ValueError(message("rank_at_least", shape=_shape_text(shape), rank=2))
        if tshape[0] != sshape[0]:
            raise ValueError(message("batch_jacobian_shape", t=tshape, s=sshape))
        self._begin_gradient()
        recorder = self._recorder
        try:
            b = tshape[0]
            ysize = 1
            for d in tshape[1:]:
                ysize *= d
            src_ids = {source._id} if dtype_of(source._value).is_floating else set()
            (g,) = _unit_sweep(recorder, target, [source], src_ids, ysize, b, experimental_use_pfor)
            if g is not None:
                # g: [ysize, b, x...] -> [b, y..., x...]
                g = _ops_shape.transpose(g, [1, 0] + list(range(2, 2 + len(sshape) - 1)))
                g = _ops_core_shape.reshape(g, (b,) + tshape[1:] + sshape[1:])
            if g is None:
                # TF returns zeros here whatever ``unconnected_gradients`` says
                g = _zeros((b,) + tshape[1:] + sshape[1:], target)
        finally:
            self._end_gradient()
        return g


# ---------------------------------------------------------------------------------------
# seeds


def _creation_order(v) -> int:
    return v._id


def _check_target(t) -> None:
    """TF's warning for an integer target (its gradient is not defined)."""
    d = dtype_of(t._value)
    if not (d.is_floating or d.is_complex):
        # stacklevel: here, gradient(), the caller
        warnings.warn(message("int_target", dtype=repr(d)), stacklevel=3)


def _shape_text(shape: tuple) -> str:
    """A shape as TF writes it in errors: ``(2,)``, ``(2, 3)``, ``()``."""
    return str(tuple(shape))


def _ones_like(t) -> Tensor:
    return Tensor(_backend.ones_like(t._value))


def _zeros(shape, like) -> Tensor:
    return Tensor(_backend.zeros(shape, like._value))


def _zeros_like(t) -> Tensor:
    return _zeros(tuple(t._value.shape), t)


def _unit_sweep(recorder, target, sources, src_ids, count, batch, use_pfor) -> list:
    """The pull-back of each unit cotangent of ``target`` (``count`` of them, each repeated
    over ``batch`` leading examples): per source a Tensor ``[count, *source.shape]``, or
    None where no cotangent reaches it. ``jacobian`` and ``batch_jacobian`` both use it.

    One batched sweep (every rule takes leading batch axes); one sweep per unit vector
    when an op on the path cannot take a batch, or when pfor is off.
    """
    tshape = tuple(target._value.shape)
    entries = list(recorder.entries)
    live = _backprop.live_ids(entries, src_ids, recorder.tracked)
    if use_pfor and not _backprop.unbatchable_ops(entries, live):
        seed = Tensor(_backend.unit_cotangents(count, batch, tshape, target._value))
        grads = _backprop.backward(entries, [target], [seed], src_ids, live)
        return [grads.get(s._id) for s in sources]
    rows: list[list] = [[] for _ in sources]
    for i in range(count):
        seed = Tensor(_backend.unit_cotangents(count, batch, tshape, target._value, row=i))
        grads = _backprop.backward(entries, [target], [seed], src_ids, live)
        for k, s in enumerate(sources):
            rows[k].append(grads.get(s._id))
    out = []
    for s, r in zip(sources, rows):
        if all(g is None for g in r):
            out.append(None)
        else:
            out.append(_ops_shape.stack([g if g is not None else _zeros_like(s) for g in r]))
    return out
