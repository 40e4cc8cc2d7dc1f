"""A matplotlib renderer for the SVG subset :class:`tapekit.notebook.graph.TapeGraph` writes
(rect, ellipse, cubic paths with arrow heads, text), so ``tape_view`` shows ``%tape show``'s
own drawing with the bundled font and a saved notebook keeps a PNG of it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .._engine import backend as _backend
from ._render import DPI, new_figure, styled

np = _backend.np

_SVG = "{http://www.w3.org/2000/svg}"


def _num(el, name, default=0.0) -> float:
    v = el.get(name)
    return float(v) if v is not None else default


def _color(v, default="none"):
    v = v or default
    return "none" if v == "none" else v


def _dash(el):
    d = el.get("stroke-dasharray")
    if not d:
        return None
    vals = [float(x) for x in re.split(r"[ ,]+", d.strip()) if x]
    return (0, [v * 0.72 for v in vals])


def svg_figure(svg: str, scale: float = 1.0):
    """A matplotlib Figure drawing ``svg`` (TapeGraph's subset), one SVG px per pixel."""
    from matplotlib.patches import Ellipse, FancyBboxPatch, PathPatch, Polygon
    from matplotlib.path import Path as MPath

    # add_artist, not add_patch: the limits are set, so the data limits that add_patch
    # updates per patch (a third of the time on a big tape) change nothing drawn
    root = ET.fromstring(svg)
    width, height = _num(root, "width"), _num(root, "height")
    px = 72.0 / DPI  # points per pixel
    with styled():
        fig = new_figure(width * scale / DPI, height * scale / DPI)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        base_size = _num(root, "font-size", 11.0)
        in_marker = _marker_elements(root)
        z = 1.0
        for el in root.iter():
            tag = el.tag.replace(_SVG, "")
            z += 0.001
            if tag == "rect":
                x, y, w, h = (_num(el, k) for k in ("x", "y", "width", "height"))
                r = _num(el, "rx", 0.0)
                ax.add_artist(
                    FancyBboxPatch(
                        (x, y),
                        w,
                        h,
                        boxstyle=f"round,pad=0,rounding_size={r}" if r else "square,pad=0",
                        facecolor=_color(el.get("fill"), "black"),
                        edgecolor=_color(el.get("stroke")),
                        linewidth=_num(el, "stroke-width", 1.0) * px * scale,
                        linestyle=_dash(el) or "solid",
                        zorder=z,
                    )
                )
            elif tag == "ellipse":
                ax.add_artist(
                    Ellipse(
                        (_num(el, "cx"), _num(el, "cy")),
                        2 * _num(el, "rx"),
                        2 * _num(el, "ry"),
                        facecolor=_color(el.get("fill"), "black"),
                        edgecolor=_color(el.get("stroke")),
                        linewidth=_num(el, "stroke-width", 1.0) * px * scale,
                        zorder=z,
                    )
                )
            elif tag == "path" and el.get("d") and el not in in_marker:
                verts, codes = _path(el.get("d"))
                if not verts:
                    continue
                color = _color(el.get("stroke"), "none")
                ax.add_artist(
                    PathPatch(
                        MPath(verts, codes),
                        facecolor=_color(el.get("fill"), "black"),
                        edgecolor=color,
                        linewidth=_num(el, "stroke-width", 1.0) * px * scale,
                        zorder=z,
                    )
                )
                if el.get("marker-end") and len(verts) >= 2:
                    (x0, y0), (x1, y1) = verts[-2], verts[-1]
                    d = np.hypot(x1 - x0, y1 - y0) or 1.0
                    ux, uy = (x1 - x0) / d, (y1 - y0) / d
                    s = 7.0  # markerWidth="7" (in stroke widths of 1 px)
                    head = [
                        (x1, y1),
                        (x1 - s * ux - s / 2 * uy, y1 - s * uy + s / 2 * ux),
                        (x1 - s * ux + s / 2 * uy, y1 - s * uy - s / 2 * ux),
                    ]
                    ax.add_artist(Polygon(head, closed=True, facecolor="#666666", lw=0, zorder=z))
            elif tag == "text":
                size = _num(el, "font-size", base_size)
                anchor = {"middle": "center", "end": "right"}.get(el.get("text-anchor"), "left")
                ax.text(
                    _num(el, "x"),
                    _num(el, "y"),
                    "".join(el.itertext()),
                    ha=anchor,
                    va="baseline",
                    fontsize=size * px * scale,
                    fontweight="bold" if el.get("font-weight") == "bold" else "normal",
                    color=_color(el.get("fill"), "black"),
                    zorder=z,
                )
    return fig, ax, (width, height)


def _marker_elements(root) -> set:
    """The elements inside ``<marker>`` definitions (arrow heads, drawn by hand instead),
    found in one walk of the tree: asking each path for its parent walked the whole tree
    per path, quadratic in the tape (issue 16)."""
    inside = set()
    for marker in root.iter(f"{_SVG}marker"):
        inside.update(marker.iter())
    return inside


def _path(d: str):
    """Vertices and codes of an SVG path made of M, L and C commands."""
    from matplotlib.path import Path as MPath

    tokens = re.findall(r"[MLCZz]|-?\d+(?:\.\d+)?(?:e-?\d+)?", d)
    verts, codes, cmd, i = [], [], None, 0
    while i < len(tokens):
        t = tokens[i]
        if t in "MLCZz":
            cmd = t
            i += 1
            if cmd in "Zz":
                codes.append(MPath.CLOSEPOLY)
                verts.append(verts[-1] if verts else (0, 0))
            continue
        n = {"M": 1, "L": 1, "C": 3}[cmd]
        pts = [(float(tokens[i + 2 * j]), float(tokens[i + 2 * j + 1])) for j in range(n)]
        i += 2 * n
        code = {"M": MPath.MOVETO, "L": MPath.LINETO, "C": MPath.CURVE4}[cmd]
        for p in pts:
            verts.append(p)
            codes.append(code)
    return verts, codes
