"""``TapeRecord``: what ``%%tape`` keeps of a cell, and how ``--order N`` works after it.

Recording
---------
``TapeRecord(order=N)`` is a context manager around **N nested, real**
:class:`~tapekit.GradientTape` objects.  The innermost one is the user's tape (``rec.tape``,
bound to ``NAME`` by ``%%tape NAME``), created with the user's ``persistent`` flag; the
N−1 outer ones belong to the record and are persistent.  Inside the block everything is
plain TensorFlow semantics: every op is recorded on each tape that watches one of its
inputs, a ``tape.gradient`` call inside the block is recorded by the outer tapes, and the
user's tape keeps TF's rules afterwards (a non-persistent tape answers one ``gradient``
call, then raises).

Higher order after the cell has ended
-------------------------------------
The record keeps a reference to each tape's *recorder* (its list of entries and its set of
tracked tensor ids), so it can still differentiate after the user's tape has released its
own.  ``rec.gradient(z, x, order=k)`` (k ≤ N) replays TensorFlow's nested-tape algorithm
on **throw-away copies** of the recording, the way PyTorch's ``create_graph=True`` records
a backward pass on request:

1. take the innermost recording R that tracks ``z``;
2. push k−1 scratch recorders, each a shallow copy of R (same entries, same tracked ids),
   onto the thread's stack of recording tapes;
3. sweep R backwards from ``z`` to ``x``: the gradient rules are tapekit ops, so the
   scratch recorders record the gradient computation exactly as enclosing tapes would;
4. pop the innermost scratch recorder and sweep *its* entries from the first derivative
   to ``x`` (recorded by the remaining copies), and so on k times.

The copies are discarded afterwards, so the record never grows, any number of ``%grad``
calls give the same answer, and no ``GradientTape`` object's state is touched.  The copies
only need the innermost record, so ``tape.watch(x)`` on the user's tape is enough for every
order.  ``order`` is therefore a contract rather than a technical limit: a cell recorded
with ``--order N`` answers derivatives up to order N, which keeps notebooks explicit about
what they rely on, and the cell itself runs inside N levels of TF nesting.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter

from .. import _messages
from .._engine import backend as _backend
from .._engine import backprop as _backprop
from .._engine import tape as _tape
from .._engine.tensor import Tensor, TensorLike, dtype_of
from .._messages import message
from ..gradient_tape import GradientTape

MAX_ORDER = 8  # each order nests one more tape and roughly doubles the work


def check_order(order) -> int:
    """``order`` as an int in 1..MAX_ORDER, else ValueError with a localized message."""
    try:
        n = int(order)
    except (TypeError, ValueError):
        n = 0
    if n != order or not 1 <= n <= MAX_ORDER:
        raise ValueError(message("magic_bad_order", order=order, max=MAX_ORDER))
    return n


def is_floating(t) -> bool:
    """Whether ``t`` has a float or complex dtype (what a tape can differentiate)."""
    d = dtype_of(t._value)
    return d.is_floating or d.is_complex


class TapeRecord:
    """The tapes of one recorded cell (or ``with`` block) and what they saw.

    ``with TapeRecord(order=2, watch=[x]) as rec: y = x ** 3`` then
    ``rec.gradient(y, x, order=2)``.  ``rec.tape`` is the innermost, user-visible tape.
    """

    def __init__(
        self,
        order: int = 1,
        persistent: bool = False,
        watch_accessed_variables: bool = True,
        name: str = "tape",
        watch=(),
    ):
        self.order = check_order(order)
        self.name = name
        self.persistent = bool(persistent)
        self.watch_accessed_variables = bool(watch_accessed_variables)
        wav = self.watch_accessed_variables
        self.tapes = [
            GradientTape(persistent=True, watch_accessed_variables=wav)
            for _ in range(self.order - 1)
        ]
        self.tapes.append(GradientTape(persistent=self.persistent, watch_accessed_variables=wav))
        for t in self.tapes:
            t._keep_values = True  # --explain and %tape show display recorded values
        self._recorders: list = [None] * self.order
        self._pending_watch = list(watch)
        self.first_id: int | None = None  # tensor ids created while recording lie in
        self.last_id: int | None = None  # (first_id, last_id)
        self.labels: dict[int, str] = {}  # tensor id -> name (set by the magic or the caller)
        self.watched: list[tuple] = []  # (label or None, tensor) watched on every level
        self.escaped: list[str] = []  # NumPy functions whose results left the tape
        self.variables: dict[str, object] = {}  # names that held Variables (diagnosis)
        self.results: list[tuple[str, object]] = []  # names the cell bound to tensors
        self.error: BaseException | None = None
        self.recording = False

    @classmethod
    def from_tape(cls, tape: GradientTape, name: str = "tape") -> TapeRecord:
        """Wrap a user's own ``GradientTape`` (order 1) so %grad can read its record."""
        rec = cls.__new__(cls)
        cls.__init__(rec, 1, tape.persistent, tape._watch_accessed_variables, name)
        rec.tapes = [tape]
        rec._recorders = [tape._recorder]
        return rec

    # -- recording ---------------------------------------------------------------------
    @property
    def tape(self) -> GradientTape:
        """The innermost tape: the one a ``%%tape`` cell binds to its NAME."""
        return self.tapes[-1]

    def __enter__(self) -> TapeRecord:
        self.first_id = _tape.next_id()
        entered = []
        try:
            for t in self.tapes:
                t.__enter__()
                entered.append(t)
        except BaseException:
            for t in reversed(entered):
                t.__exit__(None, None, None)
            raise
        self._recorders = [t._recorder for t in self.tapes]
        self.recording = True
        self._catcher = _EscapeCatcher(self)
        self._catcher.__enter__()
        pending, self._pending_watch = self._pending_watch, []
        if pending:
            self.watch(*pending)
        return self

    def __exit__(self, typ, value, tb):
        __tracebackhide__ = True
        self._catcher.__exit__()
        for t in reversed(self.tapes):
            t.__exit__(typ, value, tb)
        self.recording = False
        self._refresh()
        self.last_id = _tape.next_id()
        if value is not None:
            self.error = value
        return False

    def watch(self, *tensors, label: str | None = None) -> None:
        """Watch ``tensors`` on every nested tape (``%%tape --watch``)."""
        for t in tensors:
            if not self.recording and self.first_id is None:
                self._pending_watch.append(t)
                continue
            self.tapes[-1].watch(t)  # warns, as TF does, when t is not floating
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ...once, not once per nested tape
                for tape in self.tapes[:-1]:
                    tape.watch(t)
            self.watched.append((label, t))

    def _refresh(self) -> None:
        for i, t in enumerate(self.tapes):
            r = t._recorder
            if r is not None:
                self._recorders[i] = r

    # -- what was recorded -------------------------------------------------------------
    def recorders(self) -> list:
        """The recording of each level, outermost first (kept after a non-persistent
        tape's ``gradient`` lets go of its own)."""
        self._refresh()
        return [r for r in self._recorders if r is not None]

    def recorder_for(self, target=None):
        """The innermost recording that tracks ``target`` (the innermost one otherwise)."""
        recs = self.recorders()
        if not recs:
            return None
        if target is not None and isinstance(target, TensorLike):
            for r in reversed(recs):
                if target._id in r.tracked:
                    return r
        return recs[-1]

    @property
    def entries(self) -> list:
        """The entries of the innermost recording, in execution order."""
        r = self.recorder_for()
        return list(r.entries) if r is not None else []

    def op_names(self) -> list[str]:
        """The op name of each recorded entry, in execution order."""
        return [e.op.name for e in self.entries]

    def watched_labels(self) -> list[str]:
        """What the tape watches, for people: the watched tensors, then the variables it
        watched because the cell read them ("w (Variable)"); one label per tensor, with
        "×n" where different tensors share a name."""
        labels = []
        seen = set()
        for lab, t in self.watched:
            if t._id not in seen:
                seen.add(t._id)
                labels.append(lab or self.label(t))
        r = self.recorder_for()
        if r is not None:
            for v in r.watched_vars.values():
                if v._id not in seen:
                    seen.add(v._id)
                    labels.append(self.label(v, v.name) + message("wb_variable"))
        counts = Counter(labels)
        return [f"{w} ×{counts[w]}" if counts[w] > 1 else w for w in dict.fromkeys(labels)]

    def label(self, t, default: str | None = None) -> str:
        """The name ``t`` was given, else ``default``, else ``#<id>``."""
        return self.labels.get(t._id) or default or f"#{t._id}"

    def created_in_record(self, t) -> bool:
        """Whether ``t`` was made while this record was recording."""
        if self.first_id is None or self.last_id is None:
            return False
        return self.first_id < t._id < self.last_id

    # -- gradients ---------------------------------------------------------------------
    def gradient(self, target, sources, order: int = 1, unconnected_gradients="none"):
        """Derivatives of ``target`` of the given ``order`` for each source.

        ``sources`` may be one tensor or a list; the result has the same structure, with
        ``None`` where the target does not depend on a source (zeros with
        ``unconnected_gradients="zero"``).  Order k > 1 gives the pure k-th derivative of
        the sum of ``target`` with respect to each source, as k nested tapes would.
        """
        __tracebackhide__ = True
        order = check_order(order)
        if order > self.order:
            raise ValueError(
                message("magic_order_not_recorded", tape=self.name, have=self.order, want=order)
            )
        single = not isinstance(sources, (list, tuple))
        flat = [sources] if single else list(sources)
        for s in [target, *flat]:
            if not isinstance(s, TensorLike):
                raise TypeError(message("not_a_source", type=type(s).__name__))
        rec = self.recorder_for(target)
        grads = gradients(rec, target, flat, order) if rec is not None else [None] * len(flat)
        if str(getattr(unconnected_gradients, "value", unconnected_gradients)).lower() == "zero":
            grads = [
                zeros_like(s) if g is None and is_floating(s) else g for s, g in zip(flat, grads)
            ]
        return grads[0] if single else grads

    def __repr__(self) -> str:
        return (
            f"<TapeRecord {self.name!r}: {len(self.entries)} ops, order {self.order}, "
            f"persistent={self.persistent}>"
        )


class _EscapeCatcher:
    """While recording, notes the NumPy functions whose results left the tape (the engine
    warns about them) for ``why_none``; the warnings are still shown as usual."""

    def __init__(self, record: TapeRecord):
        self.record = record
        self.patterns = []
        for text in _messages.CATALOG["numpy_off_tape"].values():
            head, _, tail = text.partition("{func}")
            self.patterns.append(re.compile(re.escape(head) + r"(\w+)" + re.escape(tail[:12])))

    def __enter__(self):
        self._saved = warnings.showwarning
        catcher = self

        def showwarning(msg, category, filename, lineno, file=None, line=None):
            for p in catcher.patterns:
                m = p.search(str(msg))
                if m and m.group(1) not in catcher.record.escaped:
                    catcher.record.escaped.append(m.group(1))
            return catcher._saved(msg, category, filename, lineno, file, line)

        warnings.showwarning = showwarning
        return self

    def __exit__(self, *exc):
        if warnings.showwarning is not self._saved:
            warnings.showwarning = self._saved
        return False


# ---------------------------------------------------------------------------------------
# the sweeps


def ones_like(t) -> Tensor:
    """Ones of ``t``'s shape, dtype and place (the seed of a sweep)."""
    return Tensor(_backend.ones_like(t._value))


def zeros_like(t) -> Tensor:
    """Zeros of ``t``'s shape, dtype and place (an unconnected source's gradient)."""
    return Tensor(_backend.zeros(t._value.shape, like=t._value))


def sweep(entries, tracked, target, sources) -> list:
    """One reverse sweep over ``entries``: d(sum target)/d source for each source."""
    __tracebackhide__ = True
    src_ids = {s._id for s in sources if is_floating(s)}
    if not is_floating(target):
        return [None] * len(sources)
    live = _backprop.live_ids(entries, src_ids, tracked)
    grads = _backprop.backward(entries, [target], [ones_like(target)], src_ids, live)
    return [grads.get(s._id) for s in sources]


def _scratch_copy(recorder):
    c = _tape.Recorder(watch_accessed_variables=False)
    c.entries = list(recorder.entries)
    c.tracked = set(recorder.tracked)
    c.roots = set(recorder.roots)
    return c


def derivatives(recorder, target, source, order: int) -> list:
    """``[d¹, d², ..., d^order]`` of ``target`` w.r.t. ``source`` (None once one is None).

    The nested-tape algorithm over throw-away copies of ``recorder`` (see the module
    docstring); ``recorder`` itself is never modified.
    """
    __tracebackhide__ = True
    copies = [_scratch_copy(recorder) for _ in range(order - 1)]
    for c in copies:
        _tape.push(c)
    out: list = []
    try:
        g = target
        entries, tracked = list(recorder.entries), recorder.tracked
        for level in range(order):
            if level:
                c = copies.pop()
                _tape.pop(c)
                entries, tracked = c.entries, c.tracked
            if g is None:
                out.append(None)
                continue
            (g,) = sweep(entries, tracked, g, [source])
            out.append(g)
    finally:
        for c in copies:
            _tape.pop(c)
    return out


def gradients(recorder, target, sources, order: int = 1) -> list:
    """Order-``order`` derivatives of ``target`` for each source, from ``recorder``."""
    __tracebackhide__ = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # integer sources/targets: %grad explains instead
        if order == 1:
            return sweep(list(recorder.entries), recorder.tracked, target, sources)
        return [derivatives(recorder, target, s, order)[-1] for s in sources]
