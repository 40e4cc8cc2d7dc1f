"""``%tape show``: the recorded computation as an SVG drawing, with a text fallback.

Pure Python, no graphviz: tensors are boxes, ops are ellipses, the layout puts each node
one column right of its deepest input (a layered drawing, left to right) and orders a
column by the mean position of its inputs.  Watched sources are orange, Variables have a
green border, the cell's named results are blue, constants are grey.
"""

from __future__ import annotations

from .._engine import backend as _backend
from .._messages import message
from .text import code_svg, esc, host, short_value

np = _backend.np

MAX_DRAWN_OPS = 60  # larger tapes draw their last MAX_DRAWN_OPS ops
MAX_TEXT_OPS = 400

COL_W, ROW_H, BOX_W, BOX_H, OP_RX, OP_RY = 130, 56, 104, 38, 44, 15
WAYPOINTS_BASE, WAYPOINTS_PER_NODE = 2000, 10  # long edges' waypoints: O(nodes) at most


class TapeGraph:
    """The drawing of one record: ``to_svg()``, ``str()``, and both as rich reprs."""

    def __init__(self, record, name: str | None = None, limit: int | None = None):
        self.record = record
        self.name = name or record.name
        self.entries = record.entries
        self.limit = limit  # ops shown (the last ones); None: MAX_DRAWN_OPS / MAX_TEXT_OPS
        self._labels: dict[int, str] = {}
        self._counter = 0
        for e in self.entries:
            for o in outputs_of(e):
                self.label_of(o)

    # -- labels ------------------------------------------------------------------------
    def label_of(self, t) -> str:
        """The user's name for ``t``, else ``v1``, ``v2``, ... in the order first seen."""
        lab = self.record.labels.get(t._id) or self._labels.get(t._id)
        if lab is None:
            self._counter += 1
            lab = self._labels[t._id] = f"v{self._counter}"
        return lab

    def input_label(self, t, produced) -> str:
        """An op input's label: a constant not produced on the tape shows its value."""
        if t._id in produced or t._id in self.record.labels or self._is_watched(t):
            return self.label_of(t)
        v = host(t)
        return short_value(v) if v.size == 1 else self.label_of(t)

    def _is_watched(self, t) -> bool:
        rec = self.record.recorder_for()
        return rec is not None and t._id in rec.tracked

    # -- text --------------------------------------------------------------------------
    def __str__(self) -> str:
        n = len(self.entries)
        if not n:
            return message("graph_empty", name=self.name)
        lines = [message("graph_title", name=self.name, n=n)]
        shown = self.entries[-(self.limit or MAX_TEXT_OPS) :]
        if len(shown) < n:
            lines.append(message("graph_truncated", k=len(shown), n=n) + message("graph_more"))
        produced = {o._id for e in self.entries for o in outputs_of(e)}
        rows = []
        for e in shown:
            lhs = ", ".join(self.label_of(o) for o in outputs_of(e))
            rhs = f"{e.op.name}({', '.join(self.input_label(x, produced) for x in e.inputs)})"
            val = short_value(host(e.output)) if type(e.output) is not tuple else ""
            rows.append((lhs, rhs, val))
        w1 = max(len(r[0]) for r in rows)
        w2 = max(len(r[1]) for r in rows)
        for lhs, rhs, val in rows:
            lines.append(f"  {lhs:<{w1}} = {rhs:<{w2}}  {val}".rstrip())
        watched = self.record.watched_labels()
        if watched:
            lines.append(message("wb_watched") + message("ex_sep") + ", ".join(watched))
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = str(self)
        if not self.entries:
            return {"text/plain": text}
        return {"image/svg+xml": self.to_svg(), "text/plain": text}

    # -- drawing -----------------------------------------------------------------------
    def layout(self, entries):
        """``(nodes, chains, coords, width, height)`` of the drawing of ``entries``."""
        produced_by = {}
        for i, e in enumerate(entries):
            for o in outputs_of(e):
                produced_by[o._id] = i
        layer: dict[str, int] = {}
        nodes: dict[str, dict] = {}
        edges: list[tuple[str, str]] = []
        for i, e in enumerate(entries):
            depth = 0
            for x in e.inputs:
                key = f"t{x._id}"
                if key not in nodes:
                    nodes[key] = {"kind": "tensor", "t": x, "leaf": x._id not in produced_by}
                    layer[key] = 0
                depth = max(depth, layer[key])
                edges.append((key, f"op{i}"))
            nodes[f"op{i}"] = {"kind": "op", "e": e}
            layer[f"op{i}"] = depth + 1
            for o in outputs_of(e):
                key = f"t{o._id}"
                nodes[key] = {"kind": "tensor", "t": o, "leaf": False}
                layer[key] = depth + 2
                edges.append((f"op{i}", key))
        # constants sit just left of their first consumer instead of in column 0
        rec = self.record.recorder_for()
        tracked = rec.tracked if rec is not None else set()
        users: dict[str, list[int]] = {}
        for a, b in edges:
            users.setdefault(a, []).append(layer[b])
        for key, node in nodes.items():
            if node["kind"] == "tensor" and node["leaf"] and node["t"]._id not in tracked:
                layer[key] = max(min(users[key]) - 1, 0)
        # long edges pass through invisible waypoints, one per column they cross, so the
        # ordering below keeps them out of the boxes they would otherwise cut through
        # (one per column crossed while their count stays linear in the graph's size, as in
        # any drawing of a few dozen ops; past that, as on a tape of thousands of ops that
        # reuse one input, a long edge gets the two next to its ends: issue 16's quadratic
        # tape_view)
        crossed = sum(max(layer[b] - layer[a] - 1, 0) for a, b in edges)
        every_column = crossed <= WAYPOINTS_BASE + WAYPOINTS_PER_NODE * len(nodes)
        chains: list[list[str]] = []
        for a, b in edges:
            chain = [a]
            columns_crossed = range(layer[a] + 1, layer[b])
            if not every_column and len(columns_crossed) > 2:
                columns_crossed = (columns_crossed[0], columns_crossed[-1])
            for c in columns_crossed:
                d = f"d{len(nodes)}"
                nodes[d] = {"kind": "dummy"}
                layer[d] = c
                chain.append(d)
            chain.append(b)
            chains.append(chain)
        edges = [(ch[i], ch[i + 1]) for ch in chains for i in range(len(ch) - 1)]
        columns: dict[int, list[str]] = {}
        for key in nodes:
            columns.setdefault(layer[key], []).append(key)
        preds: dict[str, list[str]] = {}
        for a, b in edges:
            preds.setdefault(b, []).append(a)
        pos: dict[str, float] = {}
        for c in sorted(columns):
            keys = columns[c]
            if c:
                keys.sort(
                    key=lambda k: (
                        sum(pos.get(p, 0) for p in preds.get(k, [])) / max(len(preds.get(k, [])), 1)
                    )
                )
            for r, k in enumerate(keys):
                pos[k] = r
        tallest = max(len(v) for v in columns.values())
        coords = {}
        for c, keys in columns.items():
            offset = (tallest - len(keys)) * ROW_H / 2
            for r, k in enumerate(keys):
                coords[k] = (20 + c * COL_W + BOX_W / 2, 40 + offset + r * ROW_H + BOX_H / 2)
        width = 40 + (max(columns) + 1) * COL_W
        height = 60 + tallest * ROW_H
        return nodes, chains, coords, width, height

    def to_svg(self) -> str:
        """The graph as an SVG document: the last ``limit`` (or MAX_DRAWN_OPS) ops and tensors."""
        entries = self.entries[-(self.limit or MAX_DRAWN_OPS) :]
        nodes, chains, coords, width, height = self.layout(entries)
        produced = {o._id for e in self.entries for o in outputs_of(e)}
        watched_ids = {t._id for _, t in self.record.watched}
        result_ids = {getattr(v, "_id", None) for _, v in self.record.results}
        rec = self.record.recorder_for()
        tracked = rec.tracked if rec is not None else set()
        title = message("graph_title", name=self.name, n=len(self.entries))
        if len(entries) < len(self.entries):
            title += " " + message("graph_truncated", k=len(entries), n=len(self.entries))
            title += message("graph_more")
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
            '<defs><marker id="tkarrow" viewBox="0 0 10 10" refX="10" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker></defs>',
            f'<rect width="{width}" height="{height}" fill="white"/>',
            f'<text x="20" y="22" font-size="13">{code_svg(title)}</text>',
        ]

        def half(key):
            kind = nodes[key]["kind"]
            return OP_RX if kind == "op" else BOX_W / 2 if kind == "tensor" else 0

        for chain in chains:
            d = []
            for a, b in zip(chain, chain[1:]):
                (x1, y1), (x2, y2) = coords[a], coords[b]
                x1 += half(a)
                x2 -= half(b)
                mx = (x1 + x2) / 2
                d.append(
                    f"{'M' if not d else 'L'}{x1:.1f},{y1:.1f} "
                    f"C{mx:.1f},{y1:.1f} {mx:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
                )
            out.append(
                f'<path d="{" ".join(d)}" fill="none" stroke="#666" marker-end="url(#tkarrow)"/>'
            )
        for key, node in nodes.items():
            cx, cy = coords[key]
            if node["kind"] == "dummy":
                continue
            if node["kind"] == "op":
                out.append(
                    f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{OP_RX}" ry="{OP_RY}" '
                    f'fill="#f4f4f4" stroke="#555"/><text x="{cx:.1f}" y="{cy + 4:.1f}" '
                    f'text-anchor="middle" font-weight="bold">{esc(node["e"].op.name)}</text>'
                )
                continue
            t = node["t"]
            v = host(t)
            if node["leaf"] and t._id not in tracked:
                fill, stroke, dash = "#fafafa", "#aaa", ' stroke-dasharray="3,2"'
            elif t._id in watched_ids or (node["leaf"] and t._id in tracked):
                fill, stroke, dash = "#fde9d4", "#d08030", ""
            elif t._id in result_ids:
                fill, stroke, dash = "#dbeafb", "#3070b0", ""
            else:
                fill, stroke, dash = "#ffffff", "#777", ""
            if getattr(self.record.variables.get(self.label_of(t)), "_id", None) == t._id:
                stroke = "#2a8a3a"
            label = self.input_label(t, produced) if node["leaf"] else self.label_of(t)
            detail = short_value(v, limit=3) if v.size <= 3 else f"{'×'.join(map(str, v.shape))}"
            if detail == label:
                detail = ""
            x0, y0 = cx - BOX_W / 2, cy - BOX_H / 2
            out.append(
                f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{BOX_W}" height="{BOX_H}" rx="5" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="1.4"{dash}/>'
                f'<text x="{cx:.1f}" y="{cy - 3 if detail else cy + 4:.1f}" text-anchor="middle" '
                f'font-weight="bold">{esc(_clip(label, 16))}</text>'
            )
            if detail:
                out.append(
                    f'<text x="{cx:.1f}" y="{cy + 12:.1f}" text-anchor="middle" fill="#444">'
                    f"{esc(_clip(detail, 18))}</text>"
                )
        out.append("</svg>")
        return "\n".join(out)


def outputs_of(e):
    """A tape entry's outputs as a tuple (one output or several)."""
    return e.output if type(e.output) is tuple else (e.output,)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def draw(record, name: str | None = None) -> TapeGraph:
    """The drawing of ``record`` (SVG in notebooks, text elsewhere)."""
    return TapeGraph(record, name)
