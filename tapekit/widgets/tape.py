"""``tape_view``: the recorded graph; pick a node to see its value and its gradient.

The drawing *is* ``%tape show``'s: :class:`tapekit.notebook.graph.TapeGraph` makes the SVG
and :mod:`._svg_figure` rasterises that SVG with matplotlib (a renderer for the few SVG elements
the graph uses: rect, ellipse, cubic paths with arrow heads, text), so the picture is the
same, Chinese labels render with the bundled font, and a saved notebook keeps a PNG.  The
selection is a dynamic highlight drawn over the cached graph; the details (value, shape,
dtype, the op that made it, ∂target/∂node computed from the record without consuming the
tape) are an HTML table next to it.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from .._engine import backend as _backend
from .._engine.tensor import TensorLike
from .._messages import message
from ..gradient_tape import GradientTape
from ..notebook.graph import BOX_H, BOX_W, MAX_DRAWN_OPS, TapeGraph, outputs_of
from ..notebook.record import TapeRecord
from ..notebook.text import host, partial_text, short_value, value_text
from ._base import (
    WidgetInputError,
    check_int,
    describe_exception,
    message_figure,
    snapshot,
    view_class,
)
from ._render import Frame, styled
from ._svg_figure import svg_figure

np = _backend.np

MAX_WIDTH_PX = 2000  # wider graphs are scaled down (the PNG stays quick to send)
MAX_LIMIT = 2000  # ops a tape view draws at most (also with limit=None: "all")


# -- the model ---------------------------------------------------------------------------------
class TapeModel:
    """State of a tape view: the record, its nodes, the selection, the drawing."""

    kind = "tape_view"

    def __init__(
        self,
        tape,
        target=None,
        *,
        select=None,
        name: str | None = None,
        names=None,
        limit: int | None = MAX_DRAWN_OPS,
    ):
        self.error: str | None = None
        self.notes: list[str] = []
        self.frame = None
        if isinstance(tape, TapeRecord):
            rec = tape
        elif isinstance(tape, GradientTape):
            if tape._recorder is None:
                raise WidgetInputError(message("wg_tape_released"))
            rec = TapeRecord.from_tape(tape, name or "tape")
        else:
            raise WidgetInputError(message("wg_not_a_tape", type=type(tape).__name__))
        for k, v in (names or {}).items():
            if not k.startswith("_") and isinstance(v, TensorLike):
                rec.labels.setdefault(v._id, k)
        self.record = rec
        if limit is not None:
            limit = check_int(limit, "limit", 1, MAX_LIMIT)
        entries = rec.entries
        self.limit = min(len(entries), MAX_LIMIT) if limit is None else limit
        self.graph = TapeGraph(rec, name, limit=max(self.limit, 1))
        if not entries:
            raise WidgetInputError(message("graph_empty", name=self.graph.name))
        self.drawn = entries[-self.limit :]  # a big tape: its last ops, and a note saying so
        if len(self.drawn) < len(entries):
            self.notes.append(
                message("wg_tape_truncated", k=len(self.drawn), n=len(entries), max=MAX_LIMIT)
            )
        self.nodes = self._nodes(self.drawn)
        if target is None:
            named = [v for _, v in rec.results if isinstance(v, TensorLike)]
            target = named[-1] if named else outputs_of(entries[-1])[-1]
        if not isinstance(target, TensorLike):
            raise WidgetInputError(message("wg_not_a_tensor", type=type(target).__name__))
        self.target = target
        self.target_label = self._label_of(target)
        self._grads: dict = {}
        self._build()
        first = select if select is not None else self.nodes[0]["label"]
        self.set(first)

    def _label_of(self, t) -> str:
        for n in self.nodes:
            if n["id"] == t._id:
                return n["label"]
        return self.record.label(t)

    def _nodes(self, entries):
        produced = {o._id: e for e in entries for o in outputs_of(e)}
        order, seen = [], set()
        g = self.graph
        for e in entries:
            for t in (*e.inputs, *outputs_of(e)):
                if t._id in seen:
                    continue
                seen.add(t._id)
                maker = produced.get(t._id)
                label = g.label_of(t) if maker is not None else g.input_label(t, produced)
                order.append({"id": t._id, "tensor": t, "label": label, "entry": maker})
        # unique labels (constants drawn as their value can repeat)
        count: dict[str, int] = {}
        for n in order:
            count[n["label"]] = count.get(n["label"], 0) + 1
            if count[n["label"]] > 1:
                n["label"] = f"{n['label']} #{count[n['label']]}"
        return order

    def node(self, key):
        """The node with this label, id or tensor; WidgetInputError (with a hint) otherwise."""
        for n in self.nodes:
            if key in (n["label"], n["id"]) or key is n["tensor"]:
                return n
        import difflib

        labels = [n["label"] for n in self.nodes]
        close = difflib.get_close_matches(str(key), labels, n=1)
        hint = message("wg_hint", name=close[0]) if close else ""
        raise WidgetInputError(message("wg_no_node", name=key, hint=hint))

    def gradient(self, n):
        """∂target/∂node from the record (the tape is not consumed); None if unconnected."""
        if n["id"] not in self._grads:
            try:
                g = self.record.gradient(self.target, n["tensor"])
                self._grads[n["id"]] = None if g is None else host(g)
            except Exception as e:  # shown, never raised
                self._grads[n["id"]] = e
        return self._grads[n["id"]]

    def set(self, key) -> None:
        """Select the node ``key`` names: its value and gradient, and the highlight."""
        n = self.node(key)
        self.selected = n
        g = self.gradient(n)
        self.state = {"label": n["label"], "value": host(n["tensor"]), "gradient": g}
        self._update_artists()

    # -- drawing ---------------------------------------------------------------------------
    def _build(self) -> None:
        from matplotlib.patches import FancyBboxPatch

        svg = self.graph.to_svg()
        self.svg = svg
        width = float(ET.fromstring(svg).get("width", "800"))
        fig, ax, _size = svg_figure(svg, scale=min(1.0, MAX_WIDTH_PX / width))
        _nodes, _chains, coords, _w, _h = self.graph.layout(self.drawn)
        self._coords = coords
        with styled():
            hl = FancyBboxPatch(
                (0, 0),
                BOX_W + 8,
                BOX_H + 8,
                boxstyle="round,pad=0,rounding_size=7",
                facecolor="none",
                edgecolor="#d93025",
                linewidth=2.6 * min(1.0, MAX_WIDTH_PX / width),
                zorder=50,
            )
            ax.add_patch(hl)
        self._ax, self._hl = ax, hl
        self.frame = Frame(fig, [hl])

    def _update_artists(self) -> None:
        key = f"t{self.selected['id']}"
        if key in self._coords:
            cx, cy = self._coords[key]
            self._hl.set_x(cx - BOX_W / 2 - 4)
            self._hl.set_y(cy - BOX_H / 2 - 4)
            self._hl.set_visible(True)
        else:
            self._hl.set_visible(False)

    def render(self) -> bytes:
        """The current frame as PNG bytes (a figure saying the error when there is no graph)."""
        if self.frame is None:
            return message_figure(self.error or "").render()
        return self.frame.render()

    def details(self) -> list[tuple[str, str]]:
        """(label, text) rows on the selected node: name, op, shape and dtype, value, gradient."""
        n = self.selected
        t = n["tensor"]
        v = self.state["value"]
        rows = [(message("wg_node"), n["label"])]
        e = n["entry"]
        if e is not None:
            ins = ", ".join(self._label_of(x) for x in e.inputs)
            rows.append((message("wg_node_op"), f"{e.op.name}({ins})"))
        else:
            rows.append((message("wg_node_op"), message("wg_node_leaf")))
        rows.append((message("wg_node_shape"), f"{tuple(v.shape)}, {t.dtype.name}"))
        rows.append((message("wg_node_value"), value_text(v)))
        g = self.state["gradient"]
        lhs = partial_text(self.target_label, n["label"])
        if isinstance(g, Exception):
            gtext = message("wg_node_grad_failed", detail=describe_exception(g))
        elif g is None:
            gtext = message("wg_node_grad_none", target=self.target_label)
        else:
            gtext = value_text(g)
        rows.append((lhs, gtext))
        return rows

    def details_html(self) -> str:
        """``details()`` as an HTML table."""
        body = "".join(
            f'<tr><th style="text-align:left;padding:2px 10px 2px 0;color:#555">'
            f"{html.escape(k)}</th><td style='font-family:monospace;white-space:pre'>"
            f"{html.escape(v)}</td></tr>"
            for k, v in self.details()
        )
        return (
            f'<table class="tapekit-node-details" style="border-collapse:collapse">{body}</table>'
        )

    def _all_gradients(self) -> None:
        """Every node's gradient in one sweep of the record (one per node: a big tape's
        sweep would be repeated for each)."""
        todo = [n for n in self.nodes if n["id"] not in self._grads]
        if not todo:
            return
        try:
            gs = self.record.gradient(self.target, [n["tensor"] for n in todo])
        except Exception:  # each node then says why on its own
            return
        for n, g in zip(todo, gs):
            self._grads[n["id"]] = None if g is None else host(g)

    @property
    def data(self) -> dict:
        """The headless result's data: target, selection, each node's value and gradient, SVG."""
        self._all_gradients()
        nodes = []
        for n in self.nodes:
            g = self.gradient(n)
            nodes.append(
                {
                    "label": n["label"],
                    "op": n["entry"].op.name if n["entry"] is not None else None,
                    "value": host(n["tensor"]),
                    "gradient": None if isinstance(g, Exception) else g,
                }
            )
        return {
            "target": self.target_label,
            "selected": self.selected["label"],
            "nodes": nodes,
            "svg": self.svg,
        }

    def summary(self) -> str:
        """The widget's state in one line (the view's text/plain repr, the snapshot's text)."""
        g = self.state["gradient"]
        gtext = "None" if g is None or isinstance(g, Exception) else short_value(g)
        return message(
            "wg_tape_summary",
            name=self.graph.name,
            n=len(self.graph.entries),
            node=self.selected["label"],
            value=short_value(self.state["value"]),
            grad=f"{partial_text(self.target_label, self.selected['label'])} = {gtext}",
        )


def tape_view(
    tape,
    target=None,
    *,
    select=None,
    names=None,
    name: str | None = None,
    limit: int | None = MAX_DRAWN_OPS,
    interactive=True,
):
    """The graph a tape recorded; choose a node to see its value and ∂target/∂node.

    ``tape``: a ``GradientTape`` that still holds its recording (persistent, or not yet
    asked for a gradient) or a ``%%tape`` record (``wb.record``).  ``target``: the tensor
    whose gradients are shown (default: the last named result, else the last op's output).
    ``select``: the node selected first (a label such as ``"y"`` or a tensor).
    ``names``: a namespace labelling the tensors (default: the caller's variables, so
    nodes are called ``x``, ``y`` as in your code; unnamed ones are v1, v2, ...).
    ``limit``: how many of the last ops are drawn and offered as nodes (a big tape says
    how many it left out; ``limit=None`` draws every op, up to 2000).
    ``interactive=False`` returns a :class:`Snapshot` (``fig, data = ...``).
    """
    if names is None:
        import sys

        frame = sys._getframe(1)
        names = {**frame.f_globals, **frame.f_locals}
        del frame
    try:
        model = TapeModel(tape, target, select=select, name=name, names=names, limit=limit)
    except WidgetInputError as e:
        if not interactive:
            raise
        model = _Failed(str(e))
    if not interactive:
        return snapshot(model)
    return tape_view_widget(model)


class _Failed:
    """A tape view that could not be built: it shows only the message."""

    kind = "tape_view"

    def __init__(self, error):
        self.error, self.notes, self.frame, self.nodes = error, [], None, []

    def render(self):
        return message_figure(self.error).render()

    def summary(self):
        return message("wg_summary_error", kind=self.kind, error=self.error)


def tape_view_widget(model):
    """The ipywidgets view of ``model``: a node picker, the graph and the node's details."""
    import ipywidgets as W

    options = [n["label"] for n in model.nodes]
    select = W.Dropdown(
        options=options,
        value=model.selected["label"] if options else None,
        description=message("wg_node"),
        style={"description_width": "initial"},
        disabled=not options,
    )
    select.add_class("tapekit-node")
    details = W.HTML(model.details_html() if options else "")
    details.add_class("tapekit-node-details")
    view = view_class()(model, [W.HBox([select]), details])
    view.node, view.details = select, details

    def on_select(change):
        try:
            model.set(change["new"])
            model.error = None
        except WidgetInputError as e:
            model.error = str(e)
        details.value = model.details_html()
        view.refresh()

    select.observe(on_select, "value")
    return view
