"""``%grad --explain``: the reverse sweep step by step, the chain rule made visible.

For each recorded op on a path from the sources to the target, last op first: the forward
computation, the *local derivative* of the op's output with respect to each input (a
formula and its value, i.e. the op's gradient rule applied to a cotangent of ones), the
*adjoint* flowing into the op (∂target/∂output) and what the op passes back to its input
(adjoint × local derivative, summed over output elements: the vector-Jacobian product).
Adjoints arriving at one tensor along several paths are added.  The final adjoint of each
source is the gradient, identical to ``GradientTape.gradient``.
"""

from __future__ import annotations

from .._engine import backprop as _backprop
from .._engine import tape as _tape
from .._engine.tensor import TensorLike
from .._messages import message
from .diagnose import path_entries
from .record import is_floating, ones_like
from .text import esc, host, partial_text, short_value

MAX_STEPS = 100  # steps shown by default (%grad --limit N / --all show more)

# Local derivatives: the formulas are declared on each primitive (``explain=`` where the
# op is defined, ``tapekit/ops/``), one text per input; {a}, {b}, {c} are the inputs, {y}
# the output.  An op without one (a custom gradient) shows "the gradient rule of <op>".


def labeler(labels: dict[int, str]):
    """id -> label: the given names (user variables), else v1, v2... in call order."""
    labels = dict(labels)
    counter = [0]

    def name(t) -> str:
        lab = labels.get(t._id)
        if lab is None:
            counter[0] += 1
            lab = labels[t._id] = f"v{counter[0]}"
        return lab

    return name


class Step:
    """One op of the sweep: its forward computation, the adjoint flowing in, and per
    distinct input the local derivative and the adjoint passed back."""

    __slots__ = ("index", "op", "forward", "output", "adjoint", "inputs")

    def __init__(self, index, op, forward, output, adjoint, inputs):
        self.index = index
        self.op = op
        self.forward = forward
        self.output = output
        self.adjoint = adjoint
        self.inputs = inputs  # [(label, formula, local value, passed value, accumulated)]


class Explanation:
    """The steps of one reverse sweep, displayable as text and as an HTML table."""

    def __init__(self, target_label, source_labels, steps, results, note="", total=None):
        self.target = target_label
        self.sources = source_labels
        self.steps = steps
        self.results = results  # source label -> value text, or None
        self.note = note
        self.total = len(steps) if total is None else total  # steps swept, shown or not

    def _title(self) -> str:
        return message(
            "ex_title", target=self.target, sources=", ".join(self.sources), n=self.total
        )

    def _more(self) -> str:
        """What was left out, and how to see it ("" when every step is shown)."""
        left = self.total - len(self.steps)
        return message("ex_more", k=left, n=self.total, shown=len(self.steps)) if left else ""

    def _local(self, step, item) -> str:
        label, formula, local, _, _ = item
        text = f"{partial_text(step.output, label)} = {formula}"
        try:
            same = float(formula) == float(local)
        except ValueError:
            same = formula == local
        return text if same else f"{text} = {local}"

    def _passed(self, item) -> str:
        label, _, _, passed, acc = item
        return f"{partial_text(self.target, label)} {'+=' if acc else '='} {passed}"

    def _results(self) -> list[str]:
        return [
            message("ex_result", lhs=partial_text(self.target, k), value="None" if v is None else v)
            for k, v in self.results.items()
        ]

    def __str__(self) -> str:
        sep = message("ex_sep")
        lines = [self._title(), message("ex_legend"), message("ex_seed", target=self.target)]
        for st in self.steps:
            adj = (
                f"{message('ex_adjoint')}{sep}{partial_text(self.target, st.output)} = {st.adjoint}"
            )
            lines.append(f"{st.index:>3}. {st.forward}    [{adj}]")
            for item in st.inputs:
                lines.append(f"     {self._local(st, item)}  ⇒  {self._passed(item)}")
        if self._more():
            lines.append(self._more())
        lines.extend(self._results())
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        cell = 'style="text-align:left;padding:1px 10px 1px 0;vertical-align:top"'
        head = "".join(
            f"<th {cell}>{esc(message(k))}</th>"
            for k in ("ex_step", "ex_forward", "ex_adjoint", "ex_local", "ex_passed")
        )
        rows = []
        for st in self.steps:
            for j, item in enumerate(st.inputs):
                first = (
                    f'<td {cell} rowspan="{len(st.inputs)}">{st.index}</td>'
                    f'<td {cell} rowspan="{len(st.inputs)}"><code>{esc(st.forward)}</code></td>'
                    f'<td {cell} rowspan="{len(st.inputs)}">'
                    f"{esc(partial_text(self.target, st.output))} = {esc(st.adjoint)}</td>"
                    if j == 0
                    else ""
                )
                rows.append(
                    f"<tr>{first}<td {cell}>{esc(self._local(st, item))}</td>"
                    f"<td {cell}>{esc(self._passed(item))}</td></tr>"
                )
        results = "".join(f"<div><b>{esc(r)}</b></div>" for r in self._results())
        if self._more():
            results = f"<div><i>{esc(self._more())}</i></div>{results}"
        note = f"<div><i>{esc(self.note)}</i></div>" if self.note else ""
        return (
            f"<div><div>{esc(self._title())}</div>"
            f"<div>{esc(message('ex_seed', target=self.target))}</div>"
            f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{results}{note}</div>"
        )


def _formula(op, k, labels, out_label) -> str | None:
    forms = getattr(op, "explain", None)
    if forms is None:
        return None
    if k >= len(forms):
        if len(forms) != 1 or op.vjp_all is None:
            return None
        k = 0  # a variadic op (concat, einsum): one formula for every input
    a = labels[0] if labels else "a"
    b = labels[1] if len(labels) > 1 else "b"
    c = labels[2] if len(labels) > 2 else "c"
    return forms[k].format(a=a, b=b, c=c, y=out_label)


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _text(g) -> str:
    """A cotangent (or a tuple of them, for several outputs) as short text."""
    if isinstance(g, tuple):
        return "(" + ", ".join(short_value(host(x)) for x in g) + ")"
    return short_value(host(g))


class _Observer:
    """Watches the real reverse walk (``backward(..., observe=)``) and writes one Step
    for each op it evaluates on the path, the first ``limit`` of them."""

    __slots__ = ("live", "limit", "name", "input_name", "received", "steps", "index")

    def __init__(self, live, limit, name, input_name, seeded):
        self.live = live
        self.limit = limit
        self.name = name
        self.input_name = input_name
        self.received = set(seeded)  # ids holding an adjoint: the next one is "+="
        self.steps: list[Step] = []
        self.index = 0

    def __call__(self, e, g, sent) -> None:
        ins = e.inputs
        live_flags = [x._id in self.live for x in ins]
        if not any(live_flags):
            return
        self.index += 1
        if self.limit is not None and self.index > self.limit:  # swept, not shown
            self.received.update(x._id for x, px in zip(ins, sent) if px is not None)
            return
        outs = e.output if type(e.output) is tuple else (e.output,)
        in_labels = [self.input_name(x) for x in ins]
        out_label = ", ".join(self.name(o) for o in outs)
        forward = f"{out_label} = {e.op.name}({', '.join(in_labels)})"
        if len(outs) == 1:
            forward += f" = {short_value(host(outs[0]))}"
        ones = tuple(ones_like(o) for o in outs) if len(outs) > 1 else ones_like(outs[0])
        try:
            locals_ = _backprop.entry_vjp(e, ones, self.live)
        except Exception:  # a rule that cannot take a cotangent of ones
            locals_ = [None] * len(ins)
        items: dict[int, list] = {}  # input id -> [label, formulas, local, passed]
        for k, x in enumerate(ins):
            if not live_flags[k]:
                continue
            formula = _formula(e.op, k, in_labels, out_label) or message("ex_rule", op=e.op.name)
            item = items.get(x._id)
            if item is None:
                items[x._id] = [in_labels[k], [formula], locals_[k], sent[k]]
            else:  # the same tensor in two slots (x * x): the slots add up
                item[1].append(formula)
                item[2] = _add(item[2], locals_[k])
                item[3] = _add(item[3], sent[k])
        rows = []
        for xid, (lab, formulas, lv, px) in items.items():
            rows.append(
                (
                    lab,
                    " + ".join(formulas),
                    short_value(host(lv)) if lv is not None else "0",
                    short_value(host(px)) if px is not None else "0",
                    xid in self.received and px is not None,
                )
            )
            if px is not None:
                self.received.add(xid)
        self.steps.append(Step(self.index, e.op.name, forward, out_label, _text(g), rows))


def explain(
    record, target, sources, *, target_label=None, source_labels=None, limit=MAX_STEPS
) -> Explanation:
    """The reverse sweep of ``record`` from ``target`` to ``sources`` (first order).

    The sweep is the engine's own walk (``backward``), observed op by op: the results
    are ``GradientTape.gradient``'s.  Only the first ``limit`` steps (those nearest the
    target) are written out; the rest are swept without a word (``limit=None``: every step).
    """
    __tracebackhide__ = True
    single = isinstance(sources, TensorLike)
    srcs = [sources] if single else list(sources)
    tl = target_label or record.label(target)
    sls = list(source_labels or [record.label(s) for s in srcs])
    rec = record.recorder_for(target)
    entries = list(rec.entries) if rec is not None else []
    tracked = rec.tracked if rec is not None else set()
    src_ids = {s._id for s in srcs if is_floating(s)}
    live = _backprop.live_ids(entries, src_ids, tracked)
    labels = dict(record.labels)
    labels[target._id] = tl
    for s, lab in zip(srcs, sls):
        labels[s._id] = lab
    name = labeler(labels)
    produced = {
        o._id for e in entries for o in (e.output if type(e.output) is tuple else (e.output,))
    }

    def input_name(x) -> str:
        """A constant scalar reads as its value (``Pow(x, 3.0)``), as ``%tape show`` draws it."""
        if x._id in produced or x._id in labels or x._id in tracked or x._id in src_ids:
            return name(x)
        v = host(x)
        return short_value(v) if v.size == 1 else name(x)

    # name the outputs on the path in execution order, so v1, v2... read forwards
    for e in path_entries(entries, src_ids, tracked, target._id)[1]:
        for o in e.output if type(e.output) is tuple else (e.output,):
            name(o)
    seeded = target._id in live and is_floating(target)
    observer = _Observer(live, limit, name, input_name, [target._id] if seeded else [])
    with _tape.stop_recording_all():
        targets, seeds = ([target], [ones_like(target)]) if seeded else ([], [])
        grads = _backprop.backward(entries, targets, seeds, src_ids, live, observe=observer)
        results: dict[str, object] = {}
        for s, lab in zip(srcs, sls):
            g = grads.get(s._id)
            if s is target or s._id == target._id:
                g = ones_like(target)
            results[lab] = None if g is None else short_value(host(g))
    return Explanation(tl, sls, observer.steps, results, total=observer.index)
