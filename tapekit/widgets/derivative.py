"""``derivative_explorer``: f, its derivatives, and a movable point with tangent and Taylor.

f and the derivatives of the ``orders`` asked for are computed by tapekit with nested
``GradientTape``\\ s: the whole grid in **one vectorised pass** when f is elementwise
(detected automatically: f of the grid has the grid's shape and agrees with f at single
points), else point by point (with a progress bar in a notebook when that is slow).  The
slider moves x₀; the derivatives *at* x₀ (up to the Taylor order) are computed exactly at
x₀, not read off the grid.  Only the tangent, the Taylor polynomial, the markers and the
readout are redrawn per move; curves, axes and legend are drawn once.
"""

from __future__ import annotations

import math
import time

from .. import _backend
from .._messages import message
from .._tensor import _TensorLike
from ..notebook.plot import y_range
from ..notebook.text import number
from ._base import (
    Captured,
    Progress,
    Snapshot,
    WidgetInputError,
    check_int,
    check_number,
    describe_exception,
    host_array,
    is_dtype_error,
    message_figure,
    nested_derivatives,
    view_class,
)
from ._expr import compile_1d
from ._render import COLORS, Frame, new_figure, styled

np = _backend.np

MAX_ORDER = 8
MAX_TAYLOR = 6
MAX_POINTS = 10001  # grid points (as %grad --points): each costs an evaluation of f
MAX_LABEL = 40  # characters of name and var


def prime(name: str, k: int, var: str = "x", at: str | None = None) -> str:
    """f′(x), f″(x), f‴(x), f⁽⁴⁾(x) ... (``at`` replaces the argument)."""
    marks = {0: "", 1: "′", 2: "″", 3: "‴"}
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    mark = marks.get(k, f"⁽{str(k).translate(sup)}⁾")
    return f"{name}{mark}({at or var})"


def _resolve(f, var: str):
    """(function of one tensor, its label): a callable or a string expression."""
    if isinstance(f, str):
        fn = compile_1d(f) if var == "x" else _compile_var(f, var)
        return fn, fn.expression
    if not callable(f):
        raise WidgetInputError(message("wg_f_not_callable", type=type(f).__name__))
    return f, None


def _compile_var(text: str, var: str):
    from ._expr import CONSTANTS, _functions, parse  # noqa: PLC0415

    code, _ = parse(text, (var,))
    funcs = _functions()

    def fn(x):
        y = eval(code, {"__builtins__": {}}, {**funcs, **CONSTANTS, var: x})  # noqa: S307
        return x * 0.0 + y if isinstance(y, (int, float)) else y

    fn.expression = text.strip()
    return fn


class DerivativeModel:
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
        lo, hi = self._check_range(x_range)
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

    @staticmethod
    def _check_range(x_range):
        try:
            lo, hi = (float(v) for v in x_range)
        except (TypeError, ValueError):
            lo = hi = float("nan")
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi and math.isfinite(hi - lo)):
            raise WidgetInputError(message("wg_bad_range", value=x_range))
        return lo, hi

    @property
    def label(self) -> str:
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
        import tapekit as tk  # noqa: PLC0415

        err = None
        for dtype in (tk.float64, tk.float32):
            try:
                vals, raw = nested_derivatives(fn, tk.constant(self.x0, dtype=dtype), 1)
            except Exception as e:  # noqa: BLE001 (the user's function)
                if dtype is tk.float64 and is_dtype_error(e):
                    err = e
                    continue
                self._raise_from(e, self.x0)
            self._check_result(vals[0], raw)
            return dtype
        self._raise_from(err, self.x0)

    def _check_result(self, y, raw) -> None:
        if not isinstance(raw, _TensorLike):
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
        import tapekit as tk  # noqa: PLC0415

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
        except Exception:  # noqa: BLE001 (not elementwise: go point by point)
            pass
        finally:
            bar.close()
        return self._pointwise(fn, dtype, xs, order)

    def _spot_check(self, fn, dtype, xs, arrays, order, bar=None) -> bool:
        import tapekit as tk  # noqa: PLC0415

        n = len(xs)
        rtol = 1e-9 if dtype is tk.float64 else 2e-5
        for j, i in enumerate(sorted({0, n // 3, (2 * n) // 3, n - 1})):
            try:
                vals, _ = nested_derivatives(fn, tk.constant(xs[i], dtype=dtype), order)
            except Exception:  # noqa: BLE001
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
        import tapekit as tk  # noqa: PLC0415

        values = np.full(xs.shape, np.nan)
        derivs = {k: np.full(xs.shape, np.nan) for k in range(1, order + 1)}
        failures, first = 0, None
        connected = False
        bar = Progress(len(xs), message("wg_progress"), self.progress)
        try:
            for i, xv in enumerate(xs):
                try:
                    vals, raw = nested_derivatives(fn, tk.constant(xv, dtype=dtype), order)
                except Exception as e:  # noqa: BLE001 (the user's function)
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
        import tapekit as tk  # noqa: PLC0415

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
                    if isinstance(v, _TensorLike)
                    else float("nan")
                    for v in vals
                ]
            except Exception as e:  # noqa: BLE001 (the user's function)
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

    # -- drawing --------------------------------------------------------------------------
    def _build(self) -> None:
        n = len(self.orders)
        height = 3.0 + 1.45 * n
        with styled():
            fig = new_figure(7.6, height)
            top_in, bottom_in = 0.62, 0.5
            gs = fig.add_gridspec(
                1 + n,
                1,
                height_ratios=[2.1] + [1.0] * n,
                hspace=0.1,
                left=0.1,
                right=0.975,
                top=1 - top_in / height,
                bottom=bottom_in / height,
            )
            ax = fig.add_subplot(gs[0])
            axes = [ax] + [fig.add_subplot(gs[i + 1], sharex=ax) for i in range(n)]
            fname = prime(self.name, 0, self.var)
            title = (
                message("wg_deriv_title", f=f"{fname} = {pretty(self.expression)}")
                if self.expression
                else message("wg_deriv_title", f=fname)
            )
            fig.text(0.1, 1 - 0.17 / height, title, ha="left", va="center", fontsize=10.5)
            ax.plot(self.x, self.values, color=COLORS[0], lw=2.0, label=fname)
            ylo, yhi = y_range([self.values])
            ax.set_ylim(ylo, yhi)
            ax.set_xlim(self.lo, self.hi)
            ax.set_ylabel(fname)
            dyn = []
            tangent = ax.plot(
                [], [], ls="--", color="#555555", lw=1.3, zorder=11,
                label=message("wg_tangent"),
            )[0]  # fmt: skip
            taylor = ax.plot(
                [], [], color=COLORS[4], lw=1.8, zorder=12, label=message("wg_taylor")
            )[0]
            point = ax.plot([], [], "o", color=COLORS[0], ms=7, mec="white", zorder=13)[0]
            readout = ax.text(
                0.012,
                0.965,
                "",
                transform=ax.transAxes,
                va="top",
                ha="left",
                fontsize=8.8,
                zorder=14,
                bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#cccccc", "alpha": 0.9},
            )
            vlines = [a.axvline(self.x0, color="#999999", lw=0.9, ls=":", zorder=10) for a in axes]
            ax.legend(
                loc="lower right",
                bbox_to_anchor=(1.0, 1.0),
                ncol=3,
                frameon=False,
                borderaxespad=0.1,
                handlelength=1.8,
            )
            self._artists = {"tangent": tangent, "taylor": taylor, "point": point}
            self._readout = readout
            self._vlines = vlines
            self._dpoints = []
            for i, k in enumerate(self.orders):
                a = axes[i + 1]
                color = COLORS[(k + 1) % len(COLORS)]
                d = self.derivs[k]
                a.plot(self.x, d, color=color, lw=1.6)
                a.set_ylim(*y_range([d]))
                a.set_ylabel(prime(self.name, k, self.var))
                p = a.plot([], [], "o", color=color, ms=6, mec="white", zorder=13)[0]
                self._dpoints.append(p)
            for a in axes:
                a.grid(True, color="#eeeeee", lw=0.8)
                a.axhline(0.0, color="#bbbbbb", lw=0.8, zorder=0.5)
                if a is not axes[-1]:
                    a.tick_params(labelbottom=False)
            axes[-1].set_xlabel(self.var)
            dyn = [*vlines, tangent, taylor, point, *self._dpoints, readout]
            self._ylim = (ylo, yhi)
        self.frame = Frame(fig, dyn)

    def _update_artists(self) -> None:
        s = self.state
        x0, d = s["x0"], s["at_x0"]
        ylo, yhi = self._ylim
        span = yhi - ylo

        def clip(y):
            return None if y is None else np.clip(y, ylo - 20 * span, yhi + 20 * span)

        a = self._artists
        t = clip(s["tangent"])
        a["tangent"].set_data(self.x, t) if t is not None else a["tangent"].set_data([], [])
        ty = clip(s["taylor"])
        show_taylor = ty is not None and self.taylor >= 2
        a["taylor"].set_data(self.x, ty) if show_taylor else a["taylor"].set_data([], [])
        a["point"].set_data([x0], [d[0]]) if math.isfinite(d[0]) else a["point"].set_data([], [])
        for v in self._vlines:
            v.set_xdata([x0, x0])
        for p, k in zip(self._dpoints, self.orders):
            val = d[k]
            p.set_data([x0], [val]) if math.isfinite(val) else p.set_data([], [])
        x0s = number(round(x0, 10))
        parts = [f"{self.var}₀ = {x0s}", f"{prime(self.name, 0, at=self.var + '₀')} = {_fmt(d[0])}"]
        for k in range(1, max(self._max_order(), 1) + 1):
            parts.append(f"{prime(self.name, k, at=self.var + '₀')} = {_fmt(d[k])}")
        lines = (
            ["   ".join(parts[:3]), "   ".join(parts[3:])]
            if len(parts) > 3
            else ["   ".join(parts)]
        )
        lines = [ln for ln in lines if ln]
        lines.append(message("wg_taylor_order", n=self.taylor))
        self._readout.set_text("\n".join(lines))

    def render(self) -> bytes:
        if self.frame is None:
            return message_figure(self.error or "").render()
        return self.frame.render()

    def summary(self) -> str:
        if self.fn is None:
            return message("wg_summary_error", kind=self.kind, error=self.error or "")
        if self.curve is not None:
            from ..notebook.replay import describe  # noqa: PLC0415

            return describe(self.curve)
        d = self.state["at_x0"]
        vals = ", ".join(
            f"{prime(self.name, k, at=self.var + '₀')} = {_fmt(d[k])}"
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


def pretty(expr: str) -> str:
    """``x**2*sin(x)`` → ``x²·sin(x)`` for titles."""
    import re  # noqa: PLC0415

    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    out = re.sub(r"\s*(\*\*|\^)\s*(\d+)\b", lambda m: m.group(2).translate(sup), expr)
    return re.sub(r"\s*\*\s*", "·", out)


def _fmt(v: float) -> str:
    return f"{v:.4g}" if math.isfinite(v) else "—"


def derivative_explorer(
    f,
    x_range=(-3.0, 3.0),
    orders=(1, 2),
    *,
    x0: float | None = None,
    taylor: int = 2,
    points: int = 201,
    name: str = "f",
    var: str = "x",
    interactive: bool = True,
):
    """Explore f and its derivatives: a slider moves x₀, with the tangent and the Taylor
    polynomial of a chosen order there.

    ``f``: a tapekit-differentiable function of one tensor (``lambda x: tk.sin(x) * x**2``)
    or a string expression (``"sin(x) * x**2"``; ``^`` is a power too).  ``orders``: the
    derivatives drawn under f (each order up to 8).  ``taylor``: the initial Taylor order
    (1 = the tangent, up to 6).  ``interactive=False`` returns a :class:`Snapshot`
    (``fig, data = ...``) instead of the widget.  Bad input shows a message in the widget
    (headless: raises ``WidgetInputError``).
    """
    _check_label(name, "name", identifier=False)
    _check_label(var, "var", identifier=True)
    model = DerivativeModel(
        f,
        x_range,
        orders,
        x0=x0,
        taylor=taylor,
        points=points,
        name=name,
        var=var,
        progress=interactive,
    )
    if not interactive:
        return snapshot(model)
    return derivative_view(model, editable=isinstance(f, str))


def _check_label(value, name: str, identifier: bool) -> None:
    ok = isinstance(value, str) and 0 < len(value) <= MAX_LABEL
    if ok and identifier:
        ok = value.isidentifier()
    if not ok:
        raise WidgetInputError(
            message(
                "wg_bad_label",
                name=name,
                max=MAX_LABEL,
                ident=message("wg_label_ident") if identifier else "",
                value=repr(value)[:60],
            )
        )


def replay_explorer(record, target, source, curve, *, interactive: bool = True):
    """``%grad TARGET SOURCE --plot``: the explorer on the record replayed over a grid.

    ``curve`` is the grid the magic replayed (:func:`tapekit.workbench.curve`); moving x₀
    replays the recorded ops again at x₀ (``tapekit.notebook.replay``), differentiated by
    nested tapes for the tangent and the Taylor polynomial.  The saved output also keeps
    the magic's static SVG chart (``image/svg+xml``) and its one-line text.
    """
    import tapekit as tk  # noqa: PLC0415

    from ..notebook.plot import DerivativePlot  # noqa: PLC0415
    from ..notebook.replay import op_path, rerun  # noqa: PLC0415

    rec = record.recorder_for(target)
    path = op_path(rec, target, source)
    shape = tuple(source.shape)
    summed = curve.summed

    def fn(x):
        xin = tk.reshape(x, shape) if shape != tuple(x.shape) else x
        mapping = rerun(path, source, xin)
        t = mapping.get(target._id, xin if target._id == source._id else target)
        return tk.reduce_sum(t) if summed or tuple(t.shape) else t

    name = f"Σ{curve.target}" if summed else curve.target
    model = DerivativeModel(
        fn,
        (float(curve.x[0]), float(curve.x[-1])),
        range(1, curve.order + 1),
        x0=curve.x0,
        taylor=min(max(curve.order, 1), MAX_TAYLOR),
        name=name,
        var=curve.source,
        _curve=curve,
        _dtype=source.dtype,
    )
    model.extra_bundle = {"image/svg+xml": DerivativePlot(curve).to_svg()}
    if not interactive:
        return snapshot(model)
    return derivative_view(model)


def snapshot(model) -> Snapshot:
    if model.fn is None:
        raise WidgetInputError(model.error)
    png = model.render()
    return Snapshot(model.frame.figure, model.data, png, model.summary())


def derivative_view(model, editable: bool = False):
    """The interactive view of a :class:`DerivativeModel`."""
    import ipywidgets as W  # noqa: PLC0415

    lo, hi = model.lo, model.hi
    step = 2.0 ** math.ceil(math.log2((hi - lo) / 400))  # binary steps: exact values
    x0 = W.FloatSlider(
        value=model.x0,
        min=lo,
        max=hi,
        step=step,
        description=f"{model.var}₀",
        readout_format=".4g",
        continuous_update=True,
        layout=W.Layout(width="60%"),
    )
    x0.add_class("tapekit-x0")
    order = W.IntSlider(
        value=model.taylor,
        min=1,
        max=MAX_TAYLOR,
        description=message("wg_taylor_short"),
        style={"description_width": "initial"},
        layout=W.Layout(width="35%"),
    )
    order.add_class("tapekit-taylor")
    controls = [W.HBox([x0, order])]
    expr = None
    if editable:
        expr = W.Text(
            value=model.expression or "",
            description=f"{model.name}({model.var}) =",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=W.Layout(width="60%"),
        )
        expr.add_class("tapekit-expression")
        controls.insert(0, expr)
    view = view_class()(model, controls)
    view.x0, view.taylor_order, view.expression = x0, order, expr

    def on_x0(change):
        model.set(x0=change["new"])
        view.refresh()

    def on_order(change):
        model.set(taylor=change["new"])
        view.refresh()

    def on_expr(change):
        t0 = time.perf_counter()
        model.load(change["new"])
        if model.error is None:
            model.set(x0=x0.value)
        x0.disabled = order.disabled = model.fn is None
        view.refresh()
        view.last_load_ms = (time.perf_counter() - t0) * 1e3

    x0.observe(on_x0, "value")
    order.observe(on_order, "value")
    if expr is not None:
        expr.observe(on_expr, "value")
    if model.fn is None:
        x0.disabled = order.disabled = True
    return view
