"""The derivative explorer's figure: f and its derivatives drawn once, and what a move of
x₀ redraws (tangent, Taylor polynomial, markers, readout)."""

from __future__ import annotations

import math

from .._engine import backend as _backend
from .._messages import message
from ..notebook.plot import y_range
from ..notebook.text import number
from ._base import (
    message_figure,
)
from ._render import COLORS, Frame, new_figure, styled

np = _backend.np


class DerivativeFigure:
    """The drawing half of :class:`DerivativeModel` (a mixin: it reads the model's state)."""

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
        parts = [f"{self.var}₀ = {x0s}", f"{prime(self.name, 0, at=self.var + '₀')} = {fmt(d[0])}"]
        for k in range(1, max(self._max_order(), 1) + 1):
            parts.append(f"{prime(self.name, k, at=self.var + '₀')} = {fmt(d[k])}")
        lines = (
            ["   ".join(parts[:3]), "   ".join(parts[3:])]
            if len(parts) > 3
            else ["   ".join(parts)]
        )
        lines = [ln for ln in lines if ln]
        lines.append(message("wg_taylor_order", n=self.taylor))
        self._readout.set_text("\n".join(lines))

    def render(self) -> bytes:
        """The current frame as PNG bytes (a figure saying the error when there is no plot)."""
        if self.frame is None:
            return message_figure(self.error or "").render()
        return self.frame.render()


def prime(name: str, k: int, var: str = "x", at: str | None = None) -> str:
    """f′(x), f″(x), f‴(x), f⁽⁴⁾(x) ... (``at`` replaces the argument)."""
    marks = {0: "", 1: "′", 2: "″", 3: "‴"}
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    mark = marks.get(k, f"⁽{str(k).translate(sup)}⁾")
    return f"{name}{mark}({at or var})"


def pretty(expr: str) -> str:
    """``x**2*sin(x)`` → ``x²·sin(x)`` for titles."""
    import re

    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    out = re.sub(r"\s*(\*\*|\^)\s*(\d+)\b", lambda m: m.group(2).translate(sup), expr)
    return re.sub(r"\s*\*\s*", "·", out)


def fmt(v: float) -> str:
    """A readout number (— where it is not finite)."""
    return f"{v:.4g}" if math.isfinite(v) else "—"
