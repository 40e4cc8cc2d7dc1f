"""``tk.foldl``, ``tk.foldr``, ``tk.scan`` and ``tk.map_fn``: Python loops over axis 0.

tapekit runs eagerly, so each is a plain loop over the slices ``elems[i]`` (nested
structures of tensors allowed, as in TF): every op inside ``fn`` is recorded, and
gradients flow through the whole loop without any special rule.
"""

from __future__ import annotations

from ._engine import nest as _nest
from ._engine.dtypes import as_dtype
from ._engine.tensor import Tensor, TensorLike, convert_to_tensor
from ._messages import message
from .errors import InvalidArgumentError, OutOfRangeError
from .ops import indexing as _a
from .ops import shape as _s
from .ops.creation import zeros


def _t(x) -> TensorLike:
    return x if isinstance(x, TensorLike) else convert_to_tensor(x)


def _elements(elems):
    """(flat tensors, a function i -> the structure of elems[i], their length)."""
    flat = [_t(e) for e in _nest.flatten(elems)]
    if not flat:
        raise ValueError(message("fn_elems_empty"))
    n = int(flat[0]._value.shape[0]) if flat[0].ndim else 0
    for e in flat:
        if not e.ndim or int(e._value.shape[0]) != n:
            raise ValueError(message("fn_elems_length"))

    def item(i):
        return _nest.pack_sequence_as(elems, [_a.getitem(e, i) for e in flat])

    return item, n


def _tensors(structure):
    return _nest.map_structure(_t, structure)


def _accumulate(fn, elems, initializer, reverse: bool):
    """Each ``(i, accumulator)`` of a fold over ``elems`` (from the last element when
    ``reverse``); without an initializer the first element is the first accumulator."""
    item, n = _elements(elems)
    order = list(range(n - 1, -1, -1)) if reverse else list(range(n))
    if initializer is None:
        if n == 0:
            raise OutOfRangeError(None, None, message("fn_empty_read"))
        acc = item(order[0])
        yield order[0], acc
        order = order[1:]
    else:
        acc = _tensors(initializer)
    for i in order:
        acc = _tensors(fn(acc, item(i)))
        yield i, acc


def _fold(fn, elems, initializer, reverse: bool):
    acc = None if initializer is None else _tensors(initializer)  # (no elements)
    for _i, step in _accumulate(fn, elems, initializer, reverse):
        acc = step
    return acc


def foldl(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    name=None,
):
    """``fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[n-1])``."""
    return _fold(fn, elems, initializer, reverse=False)


def foldr(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    name=None,
):
    """Like ``foldl`` from the last element to the first."""
    return _fold(fn, elems, initializer, reverse=True)


def _stack_structures(results, like):
    flats = [_nest.flatten(r) for r in results]
    stacked = [_s.stack(list(parts)) for parts in zip(*flats)]
    return _nest.pack_sequence_as(like, stacked)


def scan(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    infer_shape=True,
    reverse=False,
    name=None,
):
    """Every intermediate accumulator of a fold, stacked along axis 0 (``elems[i]`` order)."""
    steps = list(_accumulate(fn, elems, initializer, reverse))
    if not steps:
        raise OutOfRangeError(None, None, message("fn_empty_read"))
    by_index = dict(steps)
    return _stack_structures([by_index[i] for i in sorted(by_index)], steps[-1][1])


def _same_structure(a, b) -> bool:
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and sorted(a) == sorted(b)
            and all(_same_structure(a[k], b[k]) for k in a)
        )
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (
            isinstance(a, (list, tuple))
            and isinstance(b, (list, tuple))
            and len(a) == len(b)
            and all(_same_structure(x, y) for x, y in zip(a, b))
        )
    return True


def map_fn(
    fn,
    elems,
    dtype=None,
    parallel_iterations=None,
    back_prop=True,
    swap_memory=False,
    infer_shape=True,
    name=None,
    fn_output_signature=None,
):
    """``stack([fn(elems[0]), fn(elems[1]), ...])`` (nested structures allowed).

    Without ``fn_output_signature`` (or its old name ``dtype``) the results must have
    the structure and dtypes of ``elems``, as TF requires.
    """
    signature = fn_output_signature if fn_output_signature is not None else dtype
    item, n = _elements(elems)
    results = [_tensors(fn(item(i))) for i in range(n)]
    if signature is None:
        like = elems
        want = [_t(e).dtype for e in _nest.flatten(elems)]
    else:
        like = signature
        want = [_spec_dtype(s) for s in _nest.flatten(signature)]
    for r in results:
        if not _same_structure(like, r):
            raise ValueError(message("map_fn_structure"))
        for got, d in zip(_nest.flatten(r), want):
            if d is not None and got.dtype != d:
                raise InvalidArgumentError(
                    None, None, message("map_fn_dtype", want=d.name, got=got.dtype.name)
                )
    if n == 0:
        return _nest.pack_sequence_as(
            like, [_empty(d) for d in want] if signature is not None else _nest.flatten(elems)
        )
    return _stack_structures(results, results[0])


def _spec_dtype(s):
    d = getattr(s, "dtype", s)
    return None if d is None else as_dtype(d)


def _empty(d) -> Tensor:
    return zeros((0,), dtype=d if d is not None else "float32")
