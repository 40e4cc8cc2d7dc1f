"""The optimizer explorer's figure: contours, paths and loss curves, and what one frame of
the step slider redraws on top of the cached background."""

from __future__ import annotations

import math

from .._engine import backend as _backend
from .._messages import message
from ..notebook.text import number
from ._base import message_figure
from ._render import COLORS, Frame, new_figure, styled
from .derivative import pretty

np = _backend.np

LEGEND_ZORDER = 20


class OptimizerFigure:
    """The drawing half of :class:`OptimizerModel` (a mixin: it reads the model's state)."""

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
                # the end markers sit on the axes' edge (a run's cross where it leaves the
                # view, the loss dot at the last step): drawn whole, not clipped in half
                self._crosses.append(
                    ax.plot([], [], "X", color=c, mec="black", ms=11, zorder=14, clip_on=False)[0]
                )
                self._loss_lines.append(lax.plot([], [], color=c, lw=1.8, zorder=11)[0])
                self._loss_dots.append(
                    lax.plot([], [], "o", color=c, mec="white", ms=6, zorder=13, clip_on=False)[0]
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
        from matplotlib.lines import Line2D

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
            legend = lax.legend(handles=handles, loc="upper right", fontsize=8)
            legend.set_zorder(LEGEND_ZORDER)  # above the curves and markers (zorder 10-14)
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
            self._heads[i].set_clip_on(not _inside(p[-1:], self.x_range, self.y_range))
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
        """The current frame as PNG bytes (a figure saying the error when there is no plot)."""
        if self.frame is None:
            return message_figure(self.error or "", width=9.6).render()
        return self.frame.render()


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
