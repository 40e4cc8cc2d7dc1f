"""The derivative explorer's state without ipywidgets: f and its derivatives on a grid
(one vectorised tape pass when f is elementwise), x₀ and the Taylor order; the figure is
:class:`DerivativeFigure`'s."""

from __future__ import annotations

import math

import tapekit as tk

from .._engine import backend as _backend
from .._engine.tensor import TensorLike
from .._messages import message
from ..notebook.text import number
from ._base import (
    Captured,
    Progress,
    WidgetInputError,
    check_int,
    check_number,
    check_range,
    describe_exception,
    host_array,
    is_dtype_error,
    nested_derivatives,
)
from ._derivative_figure import DerivativeFigure, fmt, prime
from ._expr import compile_1d

np = _backend.np

MAX_ORDER = 8
MAX_TAYLOR = 6
MAX_POINTS = 10001  # grid points (as %grad --points): each costs an evaluation of f
MAX_LABEL = 40  # characters of name and var


def _resolve(f, var: str):
    """(function of one tensor, its label): a callable or a string expression."""
    if isinstance(f, str):
        fn = compile_1d(f) if var == "x" else _compile_var(f, var)
        return fn, fn.expression
    if not callable(f):
        raise WidgetInputError(message("wg_f_not_callable", type=type(f).__name__))
    return f, None


def _compile_var(text: str, var: str):
    from ._expr import CONSTANTS, _functions, parse

    code, _ = parse(text, (var,))
    funcs = _functions()

    def fn(x):
        y = eval(code, {"__builtins__": {}}, {**funcs, **CONSTANTS, var: x})
        return x * 0.0 + y if isinstance(y, (int, float)) else y

    fn.expression = text.strip()
    return fn


class DerivativeModel(DerivativeFigure):
    """The state of a derivative explorer (no ipywidgets): data, figure, x₀, Taylor order."""

    kind = "derivative_explorer"

    def __init__(
        self,
        f,
        x_range=(-3.0, 3.0),
        orders=(1, 2),
        *,
        x0=None,
        taylor: int = 2,
        points: int = 201,
        name: str = "f",
        var: str = "x",
        progress: bool = False,
        _curve=None,
        _dtype=None,
    ):
        self.error: str | None = None
        self.notes: list[str] = []
        self.name, self.var = name, var
        self.progress = progress
        self.orders = self._check_orders(orders)
        lo, hi = check_range(x_range)
        self.lo, self.hi = lo, hi
        self.points = check_int(points, "points", 3, MAX_POINTS)
        self.taylor = check_int(taylor, "taylor", 1, MAX_TAYLOR)
        self.x0 = (
            check_number(x0, "x0")
            if x0 is not None
            else (1.0 if lo <= 1.0 <= hi else (lo + hi) / 2)
        )
        self.x0 = min(max(self.x0, lo), hi)
        self._cache: dict = {}
        self.frame = None
        self.curve = _curve
        self.mode = ""
        self.fn = None
        self.expression = None
        self.extra_bundle: dict = {}
        self.load(f, _dtype=_dtype)

    # -- input -------------------------------------------------------------------------
    @staticmethod
    def _check_orders(orders):
        try:
            out = sorted({int(o) for o in orders})
        except (TypeError, ValueError):
            out = [-1]
        if any(not 1 <= o <= MAX_ORDER for o in out):
            raise WidgetInputError(message("wg_bad_orders", orders=orders, max=MAX_ORDER))
        return tuple(out)

    @property
    def label(self) -> str:
        """The function's label: its expression, else ``f(x)``."""
        return self.expression or prime(self.name, 0, self.var)

    def load(self, f, _dtype=None) -> None:
        """Evaluate ``f`` (callable or expression) on the grid; on bad input keep the old
        plot, if any, and set ``error``."""
        notes = self.notes
        try:
            fn, expr = _resolve(f, self.var)
            self.notes = []
            self._numbers_seen = False
            with Captured() as cap:
                dtype = _dtype or self._probe(fn)
                if self.curve is not None:
                    x, values, derivs, mode = self._from_curve(self.curve)
                else:
                    x, values, derivs, mode = self._grid(fn, dtype)
            self._check_on_tape(values, derivs)
        except WidgetInputError as e:
            self.error = str(e)
            return
        except KeyboardInterrupt:  # the kernel's stop button: the previous plot stays
            if not self.progress:
                raise
            self.notes = notes
            self.error = message("wg_interrupted")
            return
        self.error = None
        self.fn, self.expression, self.dtype = fn, expr, dtype
        self.x, self.values, self.derivs, self.mode = x, values, derivs, mode
        self.notes.extend(cap.messages)
        bad = int(np.sum(~np.isfinite(values)))
        if bad:
            self.notes.append(message("wg_undefined_points", n=bad, total=len(values)))
        self._cache = {}
        self._build()
        self.set(self.x0, self.taylor)

    def _raise_from(self, e: BaseException, x) -> None:
        raise WidgetInputError(
            message("wg_f_raised", f=self.label, x=number(x), detail=describe_exception(e))
        ) from None

    def _probe(self, fn):
        """The dtype to evaluate in (float64; float32 when f mixes in float32 constants),
        after checking f returns one number for one x."""
        err = None
        for dtype in (tk.float64, tk.float32):
            try:
                vals, raw = nested_derivatives(fn, tk.constant(self.x0, dtype=dtype), 1)
            except Exception as e:  # the user's function
                if dtype is tk.float64 and is_dtype_error(e):
                    err = e
                    continue
                self._raise_from(e, self.x0)
            self._check_result(vals[0], raw)
            return dtype
        self._raise_from(err, self.x0)

    def _check_result(self, y, raw) -> None:
        if not isinstance(raw, TensorLike):
            self._numbers_seen = True  # a plain number: constant, or off the tape
        if y is None:
            raise WidgetInputError(
                message("wg_f_not_tensor", f=self.label, type=type(raw).__name__)
            )
        size = int(np.prod(y.shape)) if len(y.shape) else 1
        if size != 1:
            raise WidgetInputError(
                message("wg_f_not_scalar", f=self.label, shape=tuple(int(d) for d in y.shape))
            )

    def _check_on_tape(self, values, derivs) -> None:
        if not self.orders and self.curve is None:
            return
        fin = values[np.isfinite(values)]
        varies = bool(fin.size and np.ptp(fin) > 0)
        if varies and (self._unconnected_1 or getattr(self, "_numbers_seen", False)):
            raise WidgetInputError(message("wg_f_off_tape", f=self.label))

    def _max_order(self) -> int:
        return max(self.orders, default=1)

    def _grid(self, fn, dtype):
        # The grid does not depend on x₀: a frame after a slider move is then exactly the
        # headless render opened at the new x₀ (the point itself is drawn from f(x₀)).
        xs = np.linspace(self.lo, self.hi, self.points)
        order = self._max_order()
        self._unconnected_1 = False
        # a slow f: the six calls (the grid, four spot checks, done) show as a progress bar
        bar = Progress(6, message("wg_progress"), self.progress)
        bar.update(1)  # the probe, just done
        try:
            vals, _raw = nested_derivatives(fn, tk.constant(xs, dtype=dtype), order)
            bar.update(2)
            if vals[0] is not None and tuple(vals[0].shape) == xs.shape:
                arrays = [host_array(v) if v is not None else np.zeros_like(xs) for v in vals]
                if self._spot_check(fn, dtype, xs, arrays, order, bar):
                    self._unconnected_1 = vals[1] is None
                    return xs, arrays[0], dict(enumerate(arrays[1:], 1)), "vectorized"
        except Exception:  # not elementwise: go point by point
            pass
        finally:
            bar.close()
        return self._pointwise(fn, dtype, xs, order)

    def _spot_check(self, fn, dtype, xs, arrays, order, bar=None) -> bool:
        n = len(xs)
        rtol = 1e-9 if dtype is tk.float64 else 2e-5
        for j, i in enumerate(sorted({0, n // 3, (2 * n) // 3, n - 1})):
            try:
                vals, _ = nested_derivatives(fn, tk.constant(xs[i], dtype=dtype), order)
            except Exception:
                return False
            if bar is not None:
                bar.update(3 + j)
            for k, v in enumerate(vals):
                a = float(arrays[k][i])
                b = 0.0 if v is None else float(np.sum(host_array(v)))
                if not (a == b or (math.isnan(a) and math.isnan(b))):
                    scale = max(abs(a), abs(b), 1.0)
                    if not abs(a - b) <= rtol * scale:
                        return False
        return True

    def _pointwise(self, fn, dtype, xs, order):
        values = np.full(xs.shape, np.nan)
        derivs = {k: np.full(xs.shape, np.nan) for k in range(1, order + 1)}
        failures, first = 0, None
        connected = False
        bar = Progress(len(xs), message("wg_progress"), self.progress)
        try:
            for i, xv in enumerate(xs):
                try:
                    vals, raw = nested_derivatives(fn, tk.constant(xv, dtype=dtype), order)
                except Exception as e:  # the user's function
                    failures += 1
                    first = first or (xv, e)
                    bar.update(i + 1)
                    continue
                self._check_result(vals[0], raw)
                values[i] = float(np.sum(host_array(vals[0])))
                connected = connected or vals[1] is not None
                for k in range(1, order + 1):
                    v = vals[k]
                    derivs[k][i] = 0.0 if v is None else float(np.sum(host_array(v)))
                bar.update(i + 1)
        finally:
            bar.close()
        if failures == len(xs):
            self._raise_from(first[1], first[0])
        if failures:
            self.notes.append(
                message(
                    "wg_f_raised_some",
                    n=failures,
                    total=len(xs),
                    x=number(first[0]),
                    detail=describe_exception(first[1]),
                )
            )
        self._unconnected_1 = not connected
        return xs, values, derivs, "pointwise"

    def _from_curve(self, c):
        """A grid replayed by ``%grad --plot`` (tapekit.notebook.replay.Curve)."""
        self._unconnected_1 = False
        derivs = {k: np.asarray(d, dtype=float) for k, d in enumerate(c.derivatives, 1)}
        return np.asarray(c.x, dtype=float), np.asarray(c.values, dtype=float), derivs, "replay"

    # -- state ---------------------------------------------------------------------------
    def at(self, x0: float, n: int) -> list[float]:
        """[f(x0), f′(x0), ..., f⁽ⁿ⁾(x0)], exact at x0 (NaN where undefined)."""
        key = (float(x0), n)
        if key not in self._cache:
            out = [float("nan")] * (n + 1)
            try:
                with Captured():
                    vals, _ = nested_derivatives(self.fn, tk.constant(x0, dtype=self.dtype), n)
                out = [
                    0.0
                    if v is None
                    else float(np.sum(host_array(v)))
                    if isinstance(v, TensorLike)
                    else float("nan")
                    for v in vals
                ]
            except Exception as e:  # the user's function
                self.notes.append(
                    message("wg_f_raised", f=self.label, x=number(x0), detail=describe_exception(e))
                )
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = out
        return self._cache[key]

    def set(self, x0=None, taylor=None) -> None:
        """Move the point and/or change the Taylor order; updates ``data`` and the frame."""
        if self.fn is None:
            return
        if x0 is not None:
            self.x0 = min(max(float(x0), self.lo), self.hi)
        if taylor is not None:
            self.taylor = min(max(int(taylor), 1), MAX_TAYLOR)
        n = max(self.taylor, self._max_order())
        d = self.at(self.x0, n)
        x = self.x
        f0, d1 = d[0], d[1]
        tangent = f0 + d1 * (x - self.x0) if math.isfinite(f0) and math.isfinite(d1) else None
        coeffs = d[: self.taylor + 1]
        taylor_y = None
        if all(math.isfinite(c) for c in coeffs):
            h = x - self.x0
            taylor_y = sum(coeffs[k] * h**k / math.factorial(k) for k in range(len(coeffs)))
        self.state = {
            "x0": self.x0,
            "at_x0": d,
            "tangent": tangent,
            "taylor": taylor_y,
        }
        self._update_artists()

    @property
    def data(self) -> dict:
        """Everything plotted, as NumPy arrays and floats."""
        s = self.state
        return {
            "x": self.x,
            "f": self.values,
            "derivatives": dict(self.derivs),
            "x0": s["x0"],
            "f0": s["at_x0"][0],
            "derivatives_at_x0": {k: v for k, v in enumerate(s["at_x0"][1:], 1)},
            "taylor_order": self.taylor,
            "taylor": s["taylor"],
            "tangent": s["tangent"],
            "orders": self.orders,
            "mode": self.mode,
            "dtype": self.dtype.name,
            "label": self.label,
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """The widget's state in one line (the view's text/plain repr, the snapshot's text)."""
        if self.fn is None:
            return message("wg_summary_error", kind=self.kind, error=self.error or "")
        if self.curve is not None:
            from ..notebook.replay import describe

            return describe(self.curve)
        d = self.state["at_x0"]
        vals = ", ".join(
            f"{prime(self.name, k, at=self.var + '₀')} = {fmt(d[k])}"
            for k in range(0, self._max_order() + 1)
        )
        return message(
            "wg_deriv_summary",
            f=self.label,
            var=self.var,
            lo=number(self.lo),
            hi=number(self.hi),
            x0=number(round(self.x0, 10)),
            values=vals,
            n=self.taylor,
        )
