"""Static SVG line charts in pure Python (no matplotlib, no system binaries).

``panels_svg`` draws stacked panels sharing one x axis; ``DerivativePlot`` shows a
:class:`~tapekit.notebook.replay.Curve` (a target, its derivatives, the tangent at the
recorded point).  The output is deterministic text, so notebooks validated by nbval compare
cleanly, and the widgets can redraw it on every slider move.
"""

from __future__ import annotations

import math

from .._engine import backend as _backend
from .._messages import message
from .text import esc, number, partial_text

np = _backend.np

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values (1, 2, 5 × 10^k steps) covering [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [float(f"{i * step:.12g}") for i in range(first, last + 1)]


def _tick_text(v: float) -> str:
    return f"{v:.4g}"


def y_range(ys_list) -> tuple[float, float]:
    """A y range that shows every finite value of the curves, with a margin."""
    vals = np.concatenate([np.asarray(y, dtype=float).ravel() for y in ys_list])
    vals = vals[np.isfinite(vals)]
    if vals.size == 0:
        return -1.0, 1.0
    lo, hi = float(vals.min()), float(vals.max())
    p_lo, p_hi = (float(v) for v in np.percentile(vals, [3, 97]))
    if p_hi > p_lo and hi - lo > 20 * (p_hi - p_lo):  # a pole (1/x): clip to the bulk
        lo, hi = p_lo, p_hi
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        lo, hi = lo - 1.0, hi + 1.0
    pad = 0.06 * (hi - lo)
    return lo - pad, hi + pad


def _polyline_paths(px, py) -> list[str]:
    """Path data, broken where values are not finite."""
    paths, cur = [], []
    for a, b in zip(px, py):
        if math.isfinite(a) and math.isfinite(b):
            cur.append(f"{a:.2f},{b:.2f}")
        elif cur:
            paths.append(cur)
            cur = []
    if cur:
        paths.append(cur)
    return ["M" + " L".join(p) for p in paths if len(p) > 1]


def panels_svg(
    x,
    panels,
    *,
    title: str = "",
    xlabel: str = "",
    marker_x: float | None = None,
    width: int = 560,
    panel_height: int = 170,
) -> str:
    """Stacked panels over a shared x axis.

    ``panels`` is a list of dicts: ``label`` (y-axis title), ``series`` (a list of
    ``(label, ys, color, dashed)``) and optional ``points`` (``(x, y, color)`` dots).
    """
    x = np.asarray(x, dtype=float)
    left, right, top, gap, bottom = 64, 16, 30 if title else 12, 26, 40
    n = len(panels)
    height = top + n * panel_height + (n - 1) * gap + bottom
    x_lo, x_hi = float(np.nanmin(x)), float(np.nanmax(x))
    if x_hi <= x_lo:
        x_lo, x_hi = x_lo - 1, x_hi + 1
    pw = width - left - right

    def sx(v):
        return left + (v - x_lo) / (x_hi - x_lo) * pw

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    if title:
        out.append(
            f'<text x="{width / 2:.1f}" y="18" text-anchor="middle" font-size="13">{esc(title)}</text>'
        )
    xticks = nice_ticks(x_lo, x_hi, 6)
    for i, panel in enumerate(panels):
        y0 = top + i * (panel_height + gap)
        ph = panel_height
        ys_list = [s[1] for s in panel["series"] if not s[3]] or [s[1] for s in panel["series"]]
        y_lo, y_hi = y_range(ys_list)

        def sy(v, y0=y0, ph=ph, y_lo=y_lo, y_hi=y_hi):
            return y0 + ph - (v - y_lo) / (y_hi - y_lo) * ph

        clip = f"tkclip{i}"
        out.append(
            f'<clipPath id="{clip}"><rect x="{left}" y="{y0}" width="{pw}" height="{ph}"/></clipPath>'
        )
        out.append(
            f'<rect x="{left}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>'
        )
        for t in nice_ticks(y_lo, y_hi, 4):
            yy = sy(t)
            out.append(
                f'<line x1="{left}" x2="{left + pw}" y1="{yy:.2f}" y2="{yy:.2f}" stroke="#eee"/>'
                f'<text x="{left - 5}" y="{yy + 4:.2f}" text-anchor="end">{_tick_text(t)}</text>'
            )
        if y_lo < 0 < y_hi:
            out.append(
                f'<line x1="{left}" x2="{left + pw}" y1="{sy(0):.2f}" y2="{sy(0):.2f}" stroke="#bbb"/>'
            )
        for t in xticks:
            xx = sx(t)
            out.append(
                f'<line x1="{xx:.2f}" x2="{xx:.2f}" y1="{y0}" y2="{y0 + ph}" stroke="#f2f2f2"/>'
            )
        if marker_x is not None and x_lo <= marker_x <= x_hi:
            mx = sx(marker_x)
            out.append(
                f'<line x1="{mx:.2f}" x2="{mx:.2f}" y1="{y0}" y2="{y0 + ph}" stroke="#999" '
                'stroke-dasharray="3,3"/>'
            )
        out.append(f'<g clip-path="url(#{clip})" fill="none" stroke-width="1.8">')
        for _label, ys, color, dashed in panel["series"]:
            ys = np.asarray(ys, dtype=float)
            px = [sx(v) for v in x]
            py = [sy(v) if math.isfinite(v) else float("nan") for v in ys]
            dash = ' stroke-dasharray="6,4"' if dashed else ""
            for d in _polyline_paths(px, py):
                out.append(f'<path d="{d}" stroke="{color}"{dash}/>')
        for px_, py_, color in panel.get("points", ()):
            if math.isfinite(px_) and math.isfinite(py_):
                out.append(
                    f'<circle cx="{sx(px_):.2f}" cy="{sy(py_):.2f}" r="3.5" fill="{color}"/>'
                )
        out.append("</g>")
        # legend
        lx = left + 8
        for label, _ys, color, dashed in panel["series"]:
            dash = ' stroke-dasharray="6,4"' if dashed else ""
            out.append(
                f'<line x1="{lx}" x2="{lx + 18}" y1="{y0 + 12}" y2="{y0 + 12}" stroke="{color}" '
                f'stroke-width="2"{dash}/><text x="{lx + 22}" y="{y0 + 16}">{esc(label)}</text>'
            )
            lx += 30 + 7 * len(label)
        out.append(
            f'<text x="14" y="{y0 + ph / 2:.1f}" text-anchor="middle" '
            f'transform="rotate(-90 14 {y0 + ph / 2:.1f})">{esc(panel["label"])}</text>'
        )
    base = top + n * panel_height + (n - 1) * gap
    for t in xticks:
        xx = sx(t)
        out.append(
            f'<text x="{xx:.2f}" y="{base + 14}" text-anchor="middle">{_tick_text(t)}</text>'
        )
    if xlabel:
        out.append(
            f'<text x="{left + pw / 2:.1f}" y="{base + 32}" text-anchor="middle">{esc(xlabel)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


class DerivativePlot:
    """A target over one source with its derivatives: SVG, with a text fallback."""

    def __init__(self, curve):
        self.curve = curve

    def panels(self) -> list[dict]:
        """The panels to draw: the target (with its tangent at x0 when finite), then one per
        derivative."""
        c = self.curve
        tname = f"Σ{c.target}" if c.summed else c.target
        i0 = int(np.argmin(np.abs(c.x - c.x0)))
        f0 = float(c.values[i0])
        top = {"label": tname, "series": [(tname, c.values, COLORS[0], False)]}
        points = [(c.x0, f0, COLORS[0])]
        if c.derivatives:
            slope = float(c.derivatives[0][i0])
            if math.isfinite(slope) and math.isfinite(f0):
                tangent = f0 + slope * (c.x - c.x0)
                top["series"].append(
                    (
                        message("plot_tangent", source=c.source, x0=number(c.x0)),
                        tangent,
                        "#999",
                        True,
                    )
                )
        top["points"] = points
        panels = [top]
        for k, d in enumerate(c.derivatives, 1):
            label = partial_text(tname, c.source, k)
            color = COLORS[k % len(COLORS)]
            panels.append(
                {
                    "label": label,
                    "series": [(label, d, color, False)],
                    "points": [(c.x0, float(d[i0]), color)],
                }
            )
        return panels

    def to_svg(self) -> str:
        """The plot as an SVG document: every panel, x0 marked."""
        c = self.curve
        title = message("plot_title", target=c.target, source=c.source)
        return panels_svg(c.x, self.panels(), title=title, xlabel=c.source, marker_x=c.x0)

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def __str__(self) -> str:
        from .replay import describe

        return describe(self.curve)

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))
