"""``tk.print``: ``tf.print``'s output, character for character.

Tensors print as TF's ``SummarizeValue`` prints them for ``tf.print``: float32 with the
shortest of ``%.6g``/``%.9g`` that reads back exactly (``0.999998569``), float64 with
``%.15g``/``%.17g`` (``0.33333333333333331``), booleans as ``1``/``0``, arrays as
``[1.5 2]`` with at most ``summarize`` elements at each end of every axis
(``[0 1 2 ... 17 18 19]``); complex elements print as ``?``, as in TF.  Python values inside the inputs are formatted with
``pprint.pformat`` and strings are printed as they are, as TF does.  Inside
``tk.function`` the print runs on every call of the function.
"""

from __future__ import annotations

import math
import os
import pprint
import random
import sys

from .._messages import message
from . import backend as _backend
from . import nest as _nest
from . import trace as _trace
from .tensor import TensorLike

__all__ = ["print_"]


def _float_text(x: float, short: int, long: int, rounded) -> str:
    """TF's FloatToBuffer / DoubleToBuffer: the short form if it reads back exactly."""
    if math.isnan(x):
        return "nan"
    text = f"{x:.{short}g}"
    if rounded(float(text)) != rounded(x):
        text = f"{x:.{long}g}"
    return text


def _element_text(v, kind: str) -> str:
    if kind == "f64":
        return _float_text(float(v), 15, 17, float)
    if kind == "f":
        return _float_text(float(v), 6, 9, _backend.float32_round)
    if kind == "b":
        return "1" if v else "0"
    if kind == "c":
        return "?"  # tf.print has no formatter for complex elements
    return str(int(v))


def _kind(host) -> str:
    k = host.dtype.kind
    if k == "f":
        return "f64" if host.dtype.itemsize == 8 else "f"  # float16 prints as float32
    if k == "c":
        return "c"
    if k == "b":
        return "b"
    return "i"


def _dim_spacing(dim: int, ndims: int, out: list) -> None:
    if dim == ndims - 1:
        out.append(" ")
        return
    out.append("\n" * (ndims - dim - 1))
    out.append(" " * (dim + 1))


def _one_dim(flat, shape, ends: int, dim: int, start: int, kind: str, out: list) -> None:
    """TF's PrintOneDimV2: ``ends`` elements at each end of every axis, '...' between."""
    ndims = len(shape)
    if dim == ndims:
        out.append(_element_text(flat[start], kind))
        return
    out.append("[")
    count = shape[dim]
    start_of_end = max(ends, count - ends)
    per = 1
    for d in shape[dim + 1 :]:
        per *= d
    i = 0
    while i < ends and i < count:
        if i > 0:
            _dim_spacing(dim, ndims, out)
        _one_dim(flat, shape, ends, dim + 1, start + per * i, kind, out)
        i += 1
    if count > 2 * ends:
        _dim_spacing(dim, ndims, out)
        out.append("...")
    for i in range(start_of_end, count):
        _dim_spacing(dim, ndims, out)
        _one_dim(flat, shape, ends, dim + 1, start + per * i, kind, out)
    out.append("]")


def format_tensor(t, summarize=3) -> str:
    """A tensor (or Variable) as ``tf.print`` shows it."""
    host = _backend.to_host(t._value)
    n = host.size
    limit = n if summarize is None or summarize < 0 else min(summarize, n)
    kind = _kind(host)
    flat = host.reshape(-1)
    if host.ndim == 0:
        text = " ".join(_element_text(flat[i], kind) for i in range(limit))
        return text + ("..." if n > limit else "")
    out: list = []
    _one_dim(flat, tuple(host.shape), limit, 0, 0, kind, out)
    return "".join(out)


def _placeholder(template: str) -> str:
    placeholder = "{}"
    rng = random.Random(5)
    while placeholder in template:
        placeholder += str(rng.randint(0, 9))
    return placeholder


def _tensor_like(x) -> bool:
    """Tensors and Variables only: TF formats NumPy arrays and scalars as Python objects
    (``array([1.5, 2. ])``), through pprint like any other value."""
    return isinstance(x, TensorLike)


def format_inputs(inputs, summarize=3, sep=" ") -> str:
    """The line ``tf.print(*inputs)`` writes (without ``end``)."""
    if summarize is None:
        summarize = 3
    free = [_nest.map_structure(lambda x: "" if _tensor_like(x) else x, i) for i in inputs]
    placeholder = _placeholder(" ".join(pprint.pformat(x) for x in free))
    tensors = []
    templates = []
    for item in inputs:
        if isinstance(item, str):
            templates.append(item)
            continue
        marks = []
        for x in _nest.flatten(item):
            if _tensor_like(x):
                tensors.append(x)
                marks.append(placeholder)
            else:
                marks.append(x)
        templates.append(pprint.pformat(_nest.pack_sequence_as(item, marks)))
    template = sep.join(templates).replace("'" + placeholder + "'", placeholder)
    pieces = template.split(placeholder)
    out = [pieces[0]]
    for t, piece in zip(tensors, pieces[1:]):
        out.append(format_tensor(t, summarize))
        out.append(piece)
    return "".join(out)


def _write(text: str, output_stream) -> None:
    if output_stream is None:
        output_stream = sys.stderr
    if isinstance(output_stream, str):
        if output_stream.startswith("file://"):
            with open(output_stream[len("file://") :], "a", encoding="utf-8") as fh:
                fh.write(text)
            return
        stream = {"stdout": sys.stdout, "stderr": sys.stderr}.get(output_stream)
        if stream is None:
            raise ValueError(message("print_stream", value=output_stream))
        output_stream = stream
    if output_stream is sys.__stdout__ or output_stream is sys.__stderr__:
        # Follow redirection (pytest's capture, Jupyter): write to the current stream.
        output_stream = sys.stdout if output_stream is sys.__stdout__ else sys.stderr
    write = getattr(output_stream, "write", None)
    if write is not None:
        write(text)
        flush = getattr(output_stream, "flush", None)
        if flush is not None:
            flush()
        return
    if callable(output_stream):  # logging.info and friends
        output_stream(text.rstrip("\n"))
        return
    raise ValueError(message("print_stream", value=output_stream))


def _emit(inputs, output_stream, summarize, sep, end) -> None:
    _write(format_inputs(inputs, summarize, sep) + end, output_stream)


class _Replay:
    """The plan step of a print inside ``tk.function``: prints with the new values."""

    __slots__ = ("options",)

    def __init__(self, options):
        self.options = options

    def __call__(self, *inputs):
        _emit(inputs, *self.options)


def print_(*inputs, output_stream=None, summarize=3, sep=" ", end=None, name=None, **kwargs):
    """``tf.print``: print tensors and Python values, TensorFlow's way (to stderr).

    ``output_stream``: ``sys.stderr`` (default), ``sys.stdout``, a file object, a logging
    function (``logging.info``) or ``"file://path"``; ``summarize``: elements shown at
    each end of every axis (``-1``: all); ``sep``/``end`` as in ``print``.
    """
    __tracebackhide__ = True
    if kwargs:
        raise ValueError(message("print_kwargs", kwargs=kwargs))
    if end is None:
        end = os.linesep
    options = (output_stream, summarize, sep, end)
    tracer = _trace.state.tracer
    if tracer is not None:
        tracer.capture_call(_Replay(options), inputs)
        # run after the trace, with the values variables have now (execution order)
        now = tuple(
            x.value() if isinstance(x, TensorLike) and x._is_variable else x for x in inputs
        )
        tracer.deferred.append(lambda: _emit(now, *options))
        return
    _emit(inputs, *options)
