"""``optimizer_explorer``: several tk.optimizers racing from one start on a 2-D function.

Left: log-spaced contours of f (optionally the descent direction −∇f as arrows), each
optimizer's path; right: loss against step.  Sliders for the learning rate, momentum/β₁
and the number of steps recompute the trajectories (``continuous_update=False``: on
release); the step slider and its Play button only index the precomputed trajectories, so
a frame redraws just the paths up to that step, the current points and the loss cursor on
top of the cached contours.  Trajectories come from the optimizers themselves
(``opt.record_trajectory()`` around ``opt.minimize`` steps: the same update rules as
training, none copied here).  A run whose loss or position becomes non-finite or explodes
is stopped and marked ✕ "diverged at step k" instead of crashing or drawing nothing.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from .. import _backend
from .._messages import message
from ..notebook.text import number
from ._base import (
    Captured,
    Progress,
    Snapshot,
    WidgetInputError,
    as_tensor_result,
    check_int,
    check_number,
    describe_exception,
    host_array,
    is_dtype_error,
    message_figure,
    view_class,
)
from ._expr import compile_2d
from ._render import COLORS, Frame, new_figure, styled
from .derivative import pretty

np = _backend.np

GRID = 161  # contour grid per side (vectorised f)
GRID_POINTWISE = 61  # when f must be evaluated point by point
ARROWS = 17
MAX_STEPS = 2000


@dataclass(frozen=True)
class Preset:
    """A test function with a view, a start and settings that show something."""

    key: str
    expression: str
    x_range: tuple
    y_range: tuple
    start: tuple
    lr: float
    beta: float = 0.9
    steps: int = 100
    minima: tuple = ()
    saddles: tuple = ()
    note_key: str = ""
    extra: dict = field(default_factory=dict)


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        # seed 003's f(x) = x² − 2x + 1 (a = 1, b = −2, c = 1), plus y² for a second axis;
        # SGD with learning_rate=0.01 for 1000 steps ends at x = 0.999998569, as in the seed
        Preset(
            "quadratic",
            "x**2 - 2*x + 1 + y**2",
            (-1.0, 3.0),
            (-2.0, 2.0),
            (0.0, 1.5),
            0.1,
            0.9,
            60,
            ((1.0, 0.0),),
            note_key="wg_preset_quadratic",
        ),
        Preset(
            "ill-conditioned",
            "x**2 + 25*y**2",
            (-3.0, 3.0),
            (-1.5, 1.5),
            (-2.6, 0.9),
            0.035,
            0.9,
            80,
            ((0.0, 0.0),),
            note_key="wg_preset_ill",
        ),
        Preset(
            "rosenbrock",
            "(1 - x)**2 + 100*(y - x**2)**2",
            (-2.0, 2.0),
            (-1.0, 3.0),
            (-1.21, 0.853),
            0.0015,
            0.9,
            400,
            ((1.0, 1.0),),
            note_key="wg_preset_rosenbrock",
        ),
        Preset(
            "beale",
            "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
            (-4.5, 4.5),
            (-4.5, 4.5),
            (1.0, 1.5),
            0.004,
            0.9,
            400,
            ((3.0, 0.5),),
            note_key="wg_preset_beale",
        ),
        Preset(
            "himmelblau",
            "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
            (-5.0, 5.0),
            (-5.0, 5.0),
            (-0.3, -0.2),
            0.015,
            0.9,
            150,
            ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
            note_key="wg_preset_himmelblau",
        ),
        Preset(
            "saddle",
            "x**2 - y**2",
            (-2.0, 2.0),
            (-2.0, 2.0),
            (-1.8, 0.02),
            0.05,
            0.9,
            45,
            (),
            ((0.0, 0.0),),
            note_key="wg_preset_saddle",
        ),
    )
}


# -- optimizers ------------------------------------------------------------------------------
def _factory(name: str):
    """A name ("Momentum", "adam") → (label, make(lr, beta))."""
    from .. import optimizers as O  # noqa: PLC0415

    key = name.lower().replace("_", "").replace("-", "").replace(" ", "")
    table = {
        "sgd": ("SGD", lambda lr, b: O.SGD(lr)),
        "momentum": ("Momentum", lambda lr, b: O.SGD(lr, momentum=b)),
        "nesterov": ("Nesterov", lambda lr, b: O.SGD(lr, momentum=b, nesterov=True)),
        "adam": ("Adam", lambda lr, b: O.Adam(lr, beta_1=b)),
        "adamw": ("AdamW", lambda lr, b: O.AdamW(lr, beta_1=b)),
        "amsgrad": ("AMSGrad", lambda lr, b: O.Adam(lr, beta_1=b, amsgrad=True)),
        "nadam": ("Nadam", lambda lr, b: O.Nadam(lr, beta_1=b)),
        "adamax": ("Adamax", lambda lr, b: O.Adamax(lr, beta_1=b)),
        "rmsprop": ("RMSprop", lambda lr, b: O.RMSprop(lr)),
        "adagrad": ("Adagrad", lambda lr, b: O.Adagrad(lr)),
        "adadelta": ("Adadelta", lambda lr, b: O.Adadelta(lr)),
    }
    if key not in table:
        import difflib  # noqa: PLC0415

        close = difflib.get_close_matches(key, list(table), n=1)
        hint = message("did_you_mean", name=table[close[0]][0]) if close else ""
        raise WidgetInputError(
            message(
                "wg_unknown_optimizer",
                name=name,
                hint=hint,
                known=", ".join(v[0] for v in table.values()),
            )
        )
    return table[key]


def _from_instance(opt):
    """An Optimizer instance → (label, make(lr, beta)) keeping its other settings."""
    cfg = dict(opt.get_config())
    cls = type(opt)
    label = cls.__name__
    if label == "SGD" and cfg.get("momentum"):
        label = "Nesterov" if cfg.get("nesterov") else "Momentum"

    def make(lr, beta):
        c = dict(cfg, learning_rate=lr)
        if "beta_1" in c:
            c["beta_1"] = beta
        if cls.__name__ == "SGD" and c.get("momentum"):
            c["momentum"] = beta
        return cls.from_config(c)

    return label, make


def resolve_optimizers(optimizers):
    from ..optimizers import Optimizer  # noqa: PLC0415

    if isinstance(optimizers, str):
        optimizers = (optimizers,)
    out, seen = [], {}
    for o in optimizers:
        label, make = _from_instance(o) if isinstance(o, Optimizer) else _factory(str(o))
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} {seen[label]}"
        out.append((label, make))
    if not out:
        raise WidgetInputError(message("wg_no_optimizers"))
    return out


# -- the model -------------------------------------------------------------------------------
class OptimizerModel:
    """State of an optimizer explorer (no ipywidgets): function, runs, figure, step."""

    kind = "optimizer_explorer"

    def __init__(
        self,
        f=None,
        optimizers=("SGD", "Momentum", "Adam", "RMSprop"),
        start=None,
        *,
        preset=None,
        lr=None,
        beta=None,
        steps=None,
        x_range=None,
        y_range=None,
        arrows: bool = True,
        progress: bool = False,
    ):
        self.error: str | None = None
        self.notes: list[str] = []
        self.progress = progress
        self.arrows = bool(arrows)
        self.frame = None
        self.runs: dict = {}
        self.run_notes: list[str] = []
        self.preset_note = ""
        self.fn = None
        self.specs = resolve_optimizers(optimizers)
        if isinstance(f, str) and f.strip().lower() in PRESETS and preset is None:
            preset, f = f.strip().lower(), None
        if f is None and preset is None:
            preset = "quadratic"
        self.custom = None
        if f is not None:
            self.custom = {"f": f, "x_range": x_range, "y_range": y_range, "start": start}
        self.preset_key = None
        self.overrides = {"lr": lr, "beta": beta, "steps": steps, "start": start}
        self.overrides.update({"x_range": x_range, "y_range": y_range})
        try:
            self.load(preset if f is None else None)
        except WidgetInputError as e:
            self.error = str(e)
        except KeyboardInterrupt:  # stopped while computing: the widget says so
            if not progress:
                raise
            self.fn, self.frame = None, None
            self.error = message("wg_interrupted")

    # -- loading a function ----------------------------------------------------------------
    def preset_options(self) -> list[str]:
        return ([] if self.custom is None else ["custom"]) + list(PRESETS)

    def load(self, preset=None) -> None:
        """Load a preset (by key) or the user's function; recompute everything."""
        ov = self.overrides
        if preset is not None and preset != "custom":
            key = str(preset).strip().lower()
            if key not in PRESETS:
                import difflib  # noqa: PLC0415

                close = difflib.get_close_matches(key, list(PRESETS), n=1)
                hint = message("did_you_mean", name=close[0]) if close else ""
                raise WidgetInputError(
                    message("wg_unknown_preset", name=preset, hint=hint, known=", ".join(PRESETS))
                )
            p = PRESETS[key]
            fn = compile_2d(p.expression)
            label = p.expression
            xr, yr = ov["x_range"] or p.x_range, ov["y_range"] or p.y_range
            start = ov["start"] if ov["start"] is not None else p.start
            lr = ov["lr"] if ov["lr"] is not None else p.lr
            beta = ov["beta"] if ov["beta"] is not None else p.beta
            steps = ov["steps"] if ov["steps"] is not None else p.steps
            minima, saddles = p.minima, p.saddles
            note = message(p.note_key) if p.note_key else ""
        else:
            key = "custom"
            c = self.custom
            f = c["f"]
            if isinstance(f, str):
                fn = compile_2d(f)
                label = f.strip()
            elif callable(f):
                fn, label = f, "f(x, y)"
            else:
                raise WidgetInputError(message("wg_f_not_callable", type=type(f).__name__))
            xr = c["x_range"] or (-3.0, 3.0)
            yr = c["y_range"] or xr
            start = c["start"]
            if start is None:  # upper left of the view
                start = (0.8 * xr[0] + 0.2 * xr[1], 0.2 * yr[0] + 0.8 * yr[1])
            lr = ov["lr"] if ov["lr"] is not None else 0.01
            beta = ov["beta"] if ov["beta"] is not None else 0.9
            steps = ov["steps"] if ov["steps"] is not None else 100
            minima, saddles, note = (), (), ""
        xr, yr = _check_range(xr), _check_range(yr)
        start = _check_start(start)
        self.preset_key, self.fn, self.label = key, fn, label
        self.x_range, self.y_range, self.start = xr, yr, start
        self.minima, self.saddles, self.preset_note = minima, saddles, note
        self.lr, self.beta = _check_lr(lr), _check_beta(beta)
        self.steps = _check_steps(steps)
        self.step = self.steps
        self.notes = []
        with Captured() as cap:
            self._check_function()
            self._contours()
            self._compute()
        self.notes.extend(cap.messages)
        self.error = None
        self._build()
        self._update_artists()

    def _check_function(self) -> None:
        import tapekit as tk  # noqa: PLC0415

        v = tk.constant(self.start, dtype=tk.float32)
        try:
            with tk.GradientTape() as tape:
                tape.watch(v)
                raw = self.fn(v)
                y = as_tensor_result(raw, v[0])
        except Exception as e:  # noqa: BLE001 (the user's function)
            raise WidgetInputError(
                message("wg_f2_raised", point=_pt(self.start), detail=describe_exception(e))
            ) from None
        if y is None:
            raise WidgetInputError(message("wg_f2_not_tensor", type=type(raw).__name__))
        if int(np.prod(y.shape)) != 1:
            raise WidgetInputError(
                message("wg_f2_not_scalar", shape=tuple(int(d) for d in y.shape))
            )
        g = tape.gradient(y, v)
        if g is None:
            raise WidgetInputError(message("wg_f2_off_tape"))

    # -- contours and arrows ---------------------------------------------------------------
    def _evaluate_grid(self, n):
        """f on an n×n grid: one vectorised call with x = v[0], y = v[1] of shape (n*n,),
        else point by point.  Returns (X, Y, Z, vectorised?)."""
        import tapekit as tk  # noqa: PLC0415

        xs = np.linspace(*self.x_range, n)
        ys = np.linspace(*self.y_range, n)
        X, Y = np.meshgrid(xs, ys)
        pts = np.stack([X.ravel(), Y.ravel()])
        for dtype in (tk.float64, tk.float32):
            try:
                v = tk.constant(pts, dtype=dtype)
                z = as_tensor_result(self.fn(v), v[0])
                if z is not None and tuple(z.shape) == (pts.shape[1],):
                    Z = host_array(z).reshape(X.shape)
                    if self._spot_check(pts, Z.ravel(), dtype):
                        return X, Y, Z, True
                break
            except Exception as e:  # noqa: BLE001 (not vectorisable: point by point)
                if not is_dtype_error(e):
                    break
        return None

    def _spot_check(self, pts, z, dtype) -> bool:
        import tapekit as tk  # noqa: PLC0415

        m = pts.shape[1]
        for i in sorted({0, m // 3, (2 * m) // 3, m - 1}):
            try:
                v = float(np.sum(host_array(self.fn(tk.constant(pts[:, i], dtype=dtype)))))
            except Exception:  # noqa: BLE001
                return False
            a = float(z[i])
            if not (a == v or (math.isnan(a) and math.isnan(v))):
                if abs(a - v) > 1e-5 * max(abs(a), abs(v), 1.0):
                    return False
        return True

    def _pointwise_grid(self, n):
        import tapekit as tk  # noqa: PLC0415

        xs = np.linspace(*self.x_range, n)
        ys = np.linspace(*self.y_range, n)
        X, Y = np.meshgrid(xs, ys)
        Z = np.full(X.shape, np.nan)
        bar = Progress(X.size, message("wg_progress"), self.progress)
        try:
            for i, (a, b) in enumerate(zip(X.ravel(), Y.ravel())):
                try:
                    y = self.fn(tk.constant([a, b], dtype=tk.float32))
                    Z.flat[i] = float(np.sum(host_array(y)))
                except Exception:  # noqa: BLE001 (undefined there)
                    pass
                bar.update(i + 1)
        finally:
            bar.close()
        return X, Y, Z

    def _gradients(self, n, vectorised):
        """−∇f direction on an n×n grid (tapekit gradients; vectorised when f is)."""
        import tapekit as tk  # noqa: PLC0415

        xs = np.linspace(*self.x_range, n)
        ys = np.linspace(*self.y_range, n)
        X, Y = np.meshgrid(xs, ys)
        pts = np.stack([X.ravel(), Y.ravel()])
        G = None
        if vectorised:
            try:
                v = tk.constant(pts, dtype=self._grid_dtype)
                with tk.GradientTape() as tape:
                    tape.watch(v)
                    y = self.fn(v)
                g = tape.gradient(y, v)
                G = host_array(g) if g is not None else None
            except Exception:  # noqa: BLE001
                G = None
        if G is None:
            G = np.full(pts.shape, np.nan)
            for i in range(pts.shape[1]):
                try:
                    v = tk.constant(pts[:, i], dtype=tk.float32)
                    with tk.GradientTape() as tape:
                        tape.watch(v)
                        y = self.fn(v)
                    G[:, i] = host_array(tape.gradient(y, v))
                except Exception:  # noqa: BLE001
                    pass
        U, V = -G[0].reshape(X.shape), -G[1].reshape(X.shape)
        norm = np.hypot(U, V)
        with np.errstate(all="ignore"):
            U, V = np.where(norm > 0, U / norm, 0.0), np.where(norm > 0, V / norm, 0.0)
        return X, Y, U, V

    def _contours(self) -> None:
        import tapekit as tk  # noqa: PLC0415

        got = self._evaluate_grid(GRID)
        if got is not None:
            X, Y, Z, vec = got
            self._grid_dtype = tk.float64 if Z.dtype == np.float64 else tk.float32
        else:
            X, Y, Z = self._pointwise_grid(GRID_POINTWISE)
            vec = False
            self._grid_dtype = tk.float32
        self.grid = {"x": X, "y": Y, "z": Z, "vectorized": vec}
        self.field = self._gradients(ARROWS, vec)

    # -- trajectories ----------------------------------------------------------------------
    def _compute(self) -> None:
        """All runs, with a progress bar when they take over a second; the runs are
        replaced only once all are done (an interrupt leaves the previous ones)."""
        runs = {}
        bar = Progress(self.steps * len(self.specs), message("wg_progress_runs"), self.progress)
        try:
            for k, (label, make) in enumerate(self.specs):
                runs[label] = self._run(label, make, bar, k * self.steps)
        finally:
            bar.close()
        self.runs = runs

    def _run(self, label, make, bar=None, done=0) -> dict:
        import tapekit as tk  # noqa: PLC0415

        try:
            opt = make(self.lr, self.beta)
        except Exception as e:  # noqa: BLE001 (a bad setting for this optimizer)
            raise WidgetInputError(
                message("wg_opt_failed", name=label, detail=describe_exception(e))
            ) from None
        x = tk.Variable(self.start, dtype=tk.float32, name="xy")

        def loss():
            return self.fn(x)

        diverged, reason = None, ""
        extent = max(self.x_range[1] - self.x_range[0], self.y_range[1] - self.y_range[0])
        start = np.asarray(self.start, dtype=float)
        with opt.record_trajectory(variables=[x]) as traj:
            for i in range(self.steps):
                try:
                    opt.minimize(loss, [x])
                except Exception as e:  # noqa: BLE001 (the user's function)
                    raise WidgetInputError(
                        message("wg_f2_raised", point=_pt(x.numpy()), detail=describe_exception(e))
                    ) from None
                p = np.asarray(traj.positions[-1], dtype=float)
                loss0 = traj.losses[0]
                l_prev = traj.losses[-1]
                if not np.all(np.isfinite(p)) or not _finite(l_prev):
                    diverged, reason = i + 1, "nan"
                    break
                if np.max(np.abs(p - start)) > 1e4 * extent:
                    below = _finite(l_prev) and l_prev < min(loss0, 0.0) - 1e4 * extent
                    diverged, reason = i + 1, "unbounded" if below else "far"
                    break
                if l_prev > 1e12 * max(abs(loss0), 1e-6):
                    diverged, reason = i + 1, "loss"
                    break
                if bar is not None:
                    bar.update(done + i + 1)
        path = np.asarray(traj.path, dtype=float).reshape(-1, 2)
        losses = [float(v) if v is not None else float("nan") for v in traj.losses]
        try:
            final = float(np.sum(host_array(tk.convert_to_tensor(loss()))))
        except Exception:  # noqa: BLE001
            final = float("nan")
        losses.append(final)
        losses = np.asarray(losses, dtype=float)
        if diverged is not None:
            # keep the last finite point: the run stops where it left the numbers
            ok = np.all(np.isfinite(path), axis=1) & np.isfinite(losses)
            last = int(np.nonzero(ok)[0][-1]) if ok.any() else 0
            path, losses = path[: last + 1], losses[: last + 1]
        return {
            "path": path,
            "losses": losses,
            "diverged_at": diverged,
            "reason": reason,
            "learning_rates": list(traj.learning_rates),
            "config": opt.get_config(),
            "optimizer": type(opt).__name__,
        }

    def set(self, *, lr=None, beta=None, steps=None, step=None, arrows=None, preset=None):
        """Change settings; recomputes the runs only when lr, beta, steps or preset change.

        Returns what had to be redone: ``"all"``, ``"runs"``, ``"static"`` or ``"frame"``.
        """
        if preset is not None and preset != self.preset_key:
            saved = dict(self.__dict__, overrides=dict(self.overrides))
            if preset != "custom":
                self.overrides.update(lr=None, beta=None, steps=None, start=None)
                self.overrides.update(x_range=None, y_range=None)
            try:
                self.load(preset)
            except KeyboardInterrupt:  # the previous function and runs stay
                if not self.progress:
                    raise
                self.__dict__.update(saved)
                self.error = message("wg_interrupted")
                return "interrupted"
            return "all"
        redo = "frame"
        before = (self.lr, self.beta, self.steps, self.step)
        if lr is not None and _check_lr(lr) != self.lr:
            self.lr, redo = _check_lr(lr), "runs"
        if beta is not None and _check_beta(beta) != self.beta:
            self.beta, redo = _check_beta(beta), "runs"
        if steps is not None and _check_steps(steps) != self.steps:
            self.steps, redo = _check_steps(steps), "runs"
            self.step = self.steps
        if redo == "runs":
            try:
                with Captured() as cap:
                    self._compute()
            except KeyboardInterrupt:  # the kernel's stop button: keep the previous runs
                if not self.progress:
                    raise
                self.lr, self.beta, self.steps, self.step = before
                self.error = message("wg_interrupted")
                return "interrupted"
            self.notes = list(cap.messages)
            self._update_static()
        if arrows is not None and bool(arrows) != self.arrows:
            self.arrows = bool(arrows)
            self._quiver.set_visible(self.arrows)
            self.frame.invalidate()
            redo = "static" if redo == "frame" else redo
        if step is not None:
            self.step = min(max(int(step), 0), self.steps)
        self._update_artists()
        return redo

    @property
    def data(self) -> dict:
        return {
            "preset": self.preset_key,
            "function": self.label,
            "start": self.start,
            "lr": self.lr,
            "beta": self.beta,
            "steps": self.steps,
            "step": self.step,
            "trajectories": {
                k: {**v, "path": v["path"][: self.step + 1], "full_path": v["path"]}
                for k, v in self.runs.items()
            },
            "grid": self.grid,
            "note": self.preset_note,
            "notes": list(self.notes) + list(self.run_notes),
        }

    # -- drawing -----------------------------------------------------------------------------
    def _build(self) -> None:
        with styled():
            fig = new_figure(9.6, 4.5)
            gs = fig.add_gridspec(
                1, 2, width_ratios=[1.25, 1], wspace=0.22, left=0.07, right=0.985,
                top=0.88, bottom=0.12,
            )  # fmt: skip
            ax = fig.add_subplot(gs[0])
            lax = fig.add_subplot(gs[1])
            X, Y, Z = self.grid["x"], self.grid["y"], self.grid["z"]
            levels = _log_levels(Z)
            if levels is not None:
                ax.contourf(X, Y, Z, levels=levels, cmap="viridis", alpha=0.5, extend="both")
                ax.contour(X, Y, Z, levels=levels, colors="#333333", linewidths=0.45, alpha=0.5)
            qx, qy, qu, qv = self.field
            self._quiver = ax.quiver(
                qx, qy, qu, qv, color="white", alpha=0.75, scale=30, width=0.0035, zorder=2
            )
            self._quiver.set_visible(self.arrows)
            for mx, my in self.minima:
                ax.plot(mx, my, "*", color="#ffd700", mec="#333333", ms=13, zorder=3)
            for sx, sy in self.saddles:
                ax.plot(sx, sy, "P", color="#ffffff", mec="#333333", ms=9, zorder=3)
            ax.plot(*self.start, "o", color="white", mec="black", ms=8, zorder=4)
            ax.set_xlim(*self.x_range)
            ax.set_ylim(*self.y_range)
            ax.set_xlabel("x")
            ax.set_ylabel("y", rotation=0, labelpad=8)
            ax.set_title(f"f(x, y) = {pretty(self.label)}", loc="left", fontsize=9.5)
            lax.set_title(message("wg_loss_title"), loc="left", fontsize=9.5)
            lax.set_xlabel(message("wg_step"))
            lax.grid(True, color="#eeeeee", lw=0.8)
            self._ax, self._lax = ax, lax
            self._ghosts, self._ghost_losses, self._lines, self._heads = [], [], [], []
            self._loss_lines, self._crosses, self._loss_dots = [], [], []
            for i in range(len(self.runs)):
                c = COLORS[i % len(COLORS)]
                self._ghosts.append(ax.plot([], [], color=c, lw=1.0, alpha=0.3, zorder=5)[0])
                self._ghost_losses.append(lax.plot([], [], color=c, lw=1.0, alpha=0.3)[0])
                self._lines.append(ax.plot([], [], color=c, lw=2.0, zorder=11)[0])
                self._heads.append(ax.plot([], [], "o", color=c, mec="white", ms=7, zorder=13)[0])
                self._crosses.append(
                    ax.plot([], [], "X", color=c, mec="black", ms=11, zorder=14)[0]
                )
                self._loss_lines.append(lax.plot([], [], color=c, lw=1.8, zorder=11)[0])
                self._loss_dots.append(
                    lax.plot([], [], "o", color=c, mec="white", ms=6, zorder=13)[0]
                )
            self._cursor = lax.axvline(0, color="#777777", lw=0.9, ls=":", zorder=10)
            self._stepnote = fig.text(0.985, 0.955, "", ha="right", va="center", fontsize=10)
            fig.text(
                0.07, 0.955, message("wg_opt_title"), ha="left", va="center", fontsize=10.5,
                weight="bold",
            )  # fmt: skip
        self.frame = Frame(
            fig,
            [
                self._cursor,
                *self._loss_lines,
                *self._loss_dots,
                *self._lines,
                *self._heads,
                *self._crosses,
                self._stepnote,
            ],
        )
        self._update_static()

    def _update_static(self) -> None:
        """Faint full paths, full loss curves, loss axis limits and the legend."""
        from matplotlib.lines import Line2D  # noqa: PLC0415

        lax = self._lax
        allloss = []
        for i, (label, run) in enumerate(self.runs.items()):
            p = _view_clip(run["path"], self.x_range, self.y_range)
            self._ghosts[i].set_data(p[:, 0], p[:, 1])
            steps = np.arange(len(run["losses"]))
            self._ghost_losses[i].set_data(steps, run["losses"])
            self._ghost_losses[i].set_label(self._legend_label(label, run))
            allloss.append(run["losses"][np.isfinite(run["losses"])])
        vals = np.concatenate(allloss) if allloss else np.array([1.0])
        self._positive = bool(vals.size and np.min(vals) > 0)
        with styled():
            if vals.size == 0:
                vals = np.array([1.0])
            if self._positive:
                lax.set_yscale("log")
                lo = max(float(np.min(vals)), float(np.max(vals)) * 1e-14, 1e-30)
                hi = float(np.max(vals))
                lax.set_ylim(lo / 2, hi * 2 if hi > lo else lo * 10)
            else:
                lax.set_yscale(
                    "symlog", linthresh=max(1e-3, float(np.percentile(np.abs(vals), 10)))
                )
                lo, hi = float(np.min(vals)), float(np.max(vals))
                pad = 0.08 * (hi - lo or 1.0)
                lax.set_ylim(lo - pad, hi + pad)
            lax.set_xlim(0, max(self.steps, 1))
            handles = [
                Line2D([], [], color=g.get_color(), lw=2.0, label=g.get_label())
                for g in self._ghost_losses
            ]
            lax.legend(handles=handles, loc="upper right", fontsize=8)
        if self.frame is not None:
            self.frame.invalidate()

    def _legend_label(self, label, run) -> str:
        if run["diverged_at"] is not None:
            key = "wg_unbounded_label" if run["reason"] == "unbounded" else "wg_diverged_label"
            return message(key, name=label, step=run["diverged_at"])
        return label

    def _update_artists(self) -> None:
        k = self.step
        for i, run in enumerate(self.runs.values()):
            path, losses = run["path"], run["losses"]
            upto = min(k, len(path) - 1)
            p = _view_clip(path[: upto + 1], self.x_range, self.y_range)
            self._lines[i].set_data(p[:, 0], p[:, 1])
            self._heads[i].set_data([p[-1, 0]], [p[-1, 1]])
            self._loss_lines[i].set_data(np.arange(upto + 1), losses[: upto + 1])
            self._loss_dots[i].set_data([upto], [losses[upto]])
            div = run["diverged_at"]
            if div is not None and k >= len(path) - 1:
                end = _exit_point(path, self.x_range, self.y_range)
                self._crosses[i].set_data([end[0]], [end[1]])
                self._heads[i].set_data([], [])
            else:
                self._crosses[i].set_data([], [])
        self._cursor.set_xdata([k, k])
        self._stepnote.set_text(message("wg_step_of", k=k, n=self.steps))
        self._notes_from_runs()

    def _notes_from_runs(self) -> None:
        out = []
        for label, run in self.runs.items():
            if run["diverged_at"] is not None:
                key = "wg_unbounded_note" if run["reason"] == "unbounded" else "wg_diverged_note"
                out.append(message(key, name=label, step=run["diverged_at"], lr=number(self.lr)))
            elif not _inside(run["path"], self.x_range, self.y_range):
                out.append(message("wg_left_view", name=label))
        self.run_notes = out

    def render(self) -> bytes:
        if self.frame is None:
            return message_figure(self.error or "", width=9.6).render()
        return self.frame.render()

    def summary(self) -> str:
        if self.fn is None or not self.runs:
            return message("wg_summary_error", kind=self.kind, error=self.error or "")
        parts = []
        for label, run in self.runs.items():
            if run["diverged_at"] is not None:
                parts.append(message("wg_sum_diverged", name=label, step=run["diverged_at"]))
            else:
                upto = min(self.step, len(run["losses"]) - 1)
                parts.append(
                    message(
                        "wg_sum_run",
                        name=label,
                        loss=f"{run['losses'][upto]:.4g}",
                        x=_pt(run["path"][upto]),
                    )
                )
        return message(
            "wg_opt_summary",
            preset=self.preset_key,
            start=_pt(self.start),
            lr=number(self.lr),
            beta=number(self.beta),
            step=self.step,
            steps=self.steps,
            runs="; ".join(parts),
        )


# -- helpers ---------------------------------------------------------------------------------
def _finite(v) -> bool:
    try:
        return v is None or math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _pt(p) -> str:
    a = np.asarray(p, dtype=float).ravel()
    return "(" + ", ".join(f"{v:.4g}" for v in a) + ")"


def _check_range(r):
    try:
        lo, hi = (float(v) for v in r)
    except (TypeError, ValueError):
        lo = hi = float("nan")
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi and math.isfinite(hi - lo)):
        raise WidgetInputError(message("wg_bad_range", value=r))
    return (lo, hi)


def _check_start(s):
    try:
        a = np.asarray(s, dtype=float).ravel()
    except (TypeError, ValueError):
        a = np.array([])
    if a.shape != (2,) or not np.all(np.isfinite(a)):
        raise WidgetInputError(message("wg_bad_start", value=s))
    return (float(a[0]), float(a[1]))


def _check_lr(v) -> float:
    v = check_number(v, "lr")
    if not v > 0:
        raise WidgetInputError(message("wg_bad_lr", value=v))
    return v


def _check_beta(v) -> float:
    v = check_number(v, "beta")
    if not 0 <= v < 1:
        raise WidgetInputError(message("wg_bad_beta", value=v))
    return v


def _check_steps(v) -> int:
    return check_int(v, "steps", 1, MAX_STEPS)


def _log_levels(Z):
    z = Z[np.isfinite(Z)]
    if z.size == 0:
        return None
    lo, hi = float(z.min()), float(np.percentile(z, 99.5))
    if not hi > lo:
        return None
    span = hi - lo
    return lo + np.concatenate([[0.0], np.logspace(math.log10(span * 2e-4), math.log10(span), 22)])


def _view_clip(path, xr, yr):
    """Coordinates clipped to a box around the view (huge values break nothing)."""
    w, h = xr[1] - xr[0], yr[1] - yr[0]
    p = np.array(path, dtype=float).reshape(-1, 2)
    p[:, 0] = np.clip(p[:, 0], xr[0] - 5 * w, xr[1] + 5 * w)
    p[:, 1] = np.clip(p[:, 1], yr[0] - 5 * h, yr[1] + 5 * h)
    return p


def _inside(path, xr, yr) -> bool:
    p = np.asarray(path)
    return bool(
        np.all((p[:, 0] >= xr[0]) & (p[:, 0] <= xr[1]) & (p[:, 1] >= yr[0]) & (p[:, 1] <= yr[1]))
    )


def _exit_point(path, xr, yr):
    """Where a diverging path is last seen: its last point, or where it leaves the view."""
    p = np.asarray(path, dtype=float)
    last = p[-1]
    if xr[0] <= last[0] <= xr[1] and yr[0] <= last[1] <= yr[1]:
        return last
    inside = (p[:, 0] >= xr[0]) & (p[:, 0] <= xr[1]) & (p[:, 1] >= yr[0]) & (p[:, 1] <= yr[1])
    if not inside.any():
        return np.array([np.clip(last[0], *xr), np.clip(last[1], *yr)])
    i = int(np.nonzero(inside)[0][-1])
    a, b = p[i], p[min(i + 1, len(p) - 1)]
    t = 1.0
    d = b - a
    for lo, hi, ai, di in ((xr[0], xr[1], a[0], d[0]), (yr[0], yr[1], a[1], d[1])):
        if di > 0:
            t = min(t, (hi - ai) / di)
        elif di < 0:
            t = min(t, (lo - ai) / di)
    return a + max(t, 0.0) * d


# -- entry point -----------------------------------------------------------------------------
def optimizer_explorer(
    f=None,
    optimizers=("SGD", "Momentum", "Adam", "RMSprop"),
    start=None,
    *,
    preset=None,
    lr=None,
    beta=None,
    steps=None,
    x_range=None,
    y_range=None,
    arrows: bool = True,
    interactive: bool = True,
):
    """Compare optimizers from one start on a 2-D function: contours, paths, loss vs step.

    ``f``: ``None`` (the preset, default the seeds' quadratic), a preset name
    (``"quadratic"``, ``"ill-conditioned"``, ``"rosenbrock"``, ``"beale"``,
    ``"himmelblau"``, ``"saddle"``), a string in x and y (``"x**2 + 10*y**2"``) or a
    function of one tensor ``v`` of shape (2,) (x = ``v[0]``, y = ``v[1]``).
    ``optimizers``: names (SGD, Momentum, Nesterov, Adam, AdamW, AMSGrad, Nadam, Adamax,
    RMSprop, Adagrad, Adadelta) or ``tk.optimizers`` instances (their other settings are
    kept).  ``lr`` and ``beta`` (momentum, or Adam's β₁) apply to all of them, as do the
    sliders.  ``interactive=False`` returns a :class:`Snapshot` (``fig, data = ...``).
    """
    model = OptimizerModel(
        f,
        optimizers,
        start,
        preset=preset,
        lr=lr,
        beta=beta,
        steps=steps,
        x_range=x_range,
        y_range=y_range,
        arrows=arrows,
        progress=interactive,
    )
    if not interactive:
        if model.fn is None or model.frame is None:
            raise WidgetInputError(model.error)
        png = model.render()
        return Snapshot(model.frame.figure, model.data, png, model.summary())
    return optimizer_view(model)


def _caption(model) -> str:
    import html  # noqa: PLC0415

    note = getattr(model, "preset_note", "")
    return f'<div style="color:#444;font-size:13px;margin:2px 0">{html.escape(note)}</div>'


def optimizer_view(model):
    """The interactive view of an :class:`OptimizerModel`."""
    import ipywidgets as W  # noqa: PLC0415

    ok = model.frame is not None
    lr0 = model.lr if ok else 0.01
    steps0 = model.steps if ok else 100
    preset = W.Dropdown(
        options=[
            (message(f"wg_preset_name_{k.replace('-', '_')}"), k) for k in model.preset_options()
        ],
        value=model.preset_key if ok else model.preset_options()[0],
        description=message("wg_preset"),
        style={"description_width": "initial"},
        layout=W.Layout(width="auto"),
    )
    preset.add_class("tapekit-preset")
    arrows = W.Checkbox(value=model.arrows, description=message("wg_arrows"), indent=False)
    lr = W.FloatLogSlider(
        value=lr0, base=10, min=-5, max=0.5, step=0.05, description=message("wg_lr"),
        readout_format=".3g", continuous_update=False,
        style={"description_width": "initial"}, layout=W.Layout(width="34%"),
    )  # fmt: skip
    lr.add_class("tapekit-lr")
    beta = W.FloatSlider(
        value=model.beta if ok else 0.9, min=0.0, max=0.995, step=0.005,
        description=message("wg_beta"), readout_format=".3f", continuous_update=False,
        style={"description_width": "initial"}, layout=W.Layout(width="33%"),
    )  # fmt: skip
    beta.add_class("tapekit-beta")
    steps = W.IntSlider(
        value=steps0, min=1, max=MAX_STEPS, description=message("wg_steps"),
        continuous_update=False, style={"description_width": "initial"},
        layout=W.Layout(width="33%"),
    )  # fmt: skip
    steps.add_class("tapekit-steps")
    step = W.IntSlider(
        value=steps0, min=0, max=steps0, description=message("wg_step"),
        continuous_update=True, style={"description_width": "initial"},
        layout=W.Layout(width="70%"),
    )  # fmt: skip
    step.add_class("tapekit-step")
    play = W.Play(value=steps0, min=0, max=steps0, step=1, interval=80, description="▶")
    play.add_class("tapekit-play")
    W.jslink((play, "value"), (step, "value"))
    caption = W.HTML(_caption(model))
    caption.add_class("tapekit-caption")
    controls = [
        W.HBox([preset, arrows]),
        caption,
        W.HBox([lr, beta, steps]),
        W.HBox([play, step]),
    ]
    view = view_class()(model, controls)
    view.caption = caption
    view.preset, view.arrows, view.lr, view.beta = preset, arrows, lr, beta
    view.steps, view.step, view.play = steps, step, play
    holding = []

    def sync_controls():
        holding.append(1)
        try:
            lr.value, beta.value = model.lr, model.beta
            steps.value = model.steps
            step.max = play.max = model.steps
            step.value = play.value = model.step
        finally:
            holding.pop()

    def apply(**kw):
        if holding:
            return
        t0 = time.perf_counter()
        try:
            redo = model.set(**kw)
        except WidgetInputError as e:
            model.error = str(e)
            view.show_status()
            return
        if redo == "interrupted":  # the controls go back to the state still shown
            holding.append(1)
            try:
                preset.value = model.preset_key
            finally:
                holding.pop()
            sync_controls()
            view.show_status()
            return
        model.error = None
        if redo in ("all", "runs"):
            sync_controls()
            caption.value = _caption(model)
        view.refresh()
        view.last_update_ms = (time.perf_counter() - t0) * 1e3
        view.last_update_kind = redo

    preset.observe(lambda c: apply(preset=c["new"]), "value")
    arrows.observe(lambda c: apply(arrows=c["new"]), "value")
    lr.observe(lambda c: apply(lr=c["new"]), "value")
    beta.observe(lambda c: apply(beta=c["new"]), "value")
    steps.observe(lambda c: apply(steps=c["new"]), "value")
    step.observe(lambda c: apply(step=c["new"]), "value")
    if not ok:
        for w in (arrows, lr, beta, steps, step, play):
            w.disabled = True
    return view
