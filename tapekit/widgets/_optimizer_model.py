"""The optimizer explorer's state without ipywidgets: the function, the runs of each
optimizer from one start, and the step shown; the figure is :class:`OptimizerFigure`'s."""

from __future__ import annotations

import difflib
import math

import tapekit as tk

from .._engine import backend as _backend
from .._messages import message
from ..notebook.text import number
from ._base import (
    Captured,
    Progress,
    WidgetInputError,
    as_tensor_result,
    check_int,
    check_number,
    check_range,
    describe_exception,
    host_array,
)
from ._expr import compile_2d
from ._optimizer_figure import OptimizerFigure
from ._optimizer_grid import sample
from ._optimizer_presets import PRESETS, resolve_optimizers

np = _backend.np

MAX_STEPS = 2000


class OptimizerModel(OptimizerFigure):
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
        """The preset keys for the picker, ``custom`` first when a function was given."""
        return ([] if self.custom is None else ["custom"]) + list(PRESETS)

    def load(self, preset=None) -> None:
        """Load a preset (by key) or the user's function; recompute everything."""
        ov = self.overrides
        if preset is not None and preset != "custom":
            key = str(preset).strip().lower()
            if key not in PRESETS:
                close = difflib.get_close_matches(key, list(PRESETS), n=1)
                hint = message("wg_hint", name=close[0]) if close else ""
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
        xr, yr = check_range(xr), check_range(yr)
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
        v = tk.constant(self.start, dtype=tk.float32)
        try:
            with tk.GradientTape() as tape:
                tape.watch(v)
                raw = self.fn(v)
                y = as_tensor_result(raw, v[0])
        except Exception as e:  # the user's function
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

    def _contours(self) -> None:
        self.grid, self.field, self._grid_dtype = sample(
            self.fn, self.x_range, self.y_range, self.progress
        )

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
        try:
            opt = make(self.lr, self.beta)
        except Exception as e:  # a bad setting for this optimizer
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
                except Exception as e:  # the user's function
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
        except Exception:
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
        """The headless result's data: settings, grid, notes and each run's path up to ``step``."""
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

    def summary(self) -> str:
        """The widget's state in one line (the view's text/plain repr, the snapshot's text)."""
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


def _finite(v) -> bool:
    try:
        return v is None or math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _pt(p) -> str:
    a = np.asarray(p, dtype=float).ravel()
    return "(" + ", ".join(f"{v:.4g}" for v in a) + ")"


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
