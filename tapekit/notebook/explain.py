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
from .record import is_floating, ones_like, zeros_like
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


def _local_grads(e, g, live_flags):
    """The op's VJP for cotangent ``g``: one value (or None) per input."""
    op = e.op
    out = e.output
    ins = e.inputs
    if op.vjps is not None:
        res = []
        for k in range(len(ins)):
            rule = op.vjps[k] if k < len(op.vjps) else None
            res.append(rule(g, out, *ins, **e.params) if live_flags[k] and rule else None)
        return res
    if op.vjp_all is not None:
        return list(op.vjp_all(g, out, ins, tuple(live_flags), **e.params))
    raise _backprop.no_rule_error(op.name)


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def explain(
    record, target, sources, *, target_label=None, source_labels=None, limit=MAX_STEPS
) -> Explanation:
    """The reverse sweep of ``record`` from ``target`` to ``sources`` (first order).

    Only the first ``limit`` steps (those nearest the target) are written out; the rest
    are swept without a word, so the results stay exact (``limit=None``: every step).
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

    steps: list[Step] = []
    results: dict[str, object] = {}
    with _tape.stop_recording_all():
        grads: dict[int, object] = {}
        if target._id in live and is_floating(target):
            grads[target._id] = ones_like(target)
        index = 0
        # name the outputs on the path in execution order, so v1, v2... read forwards
        for e in path_entries(entries, src_ids, tracked, target._id)[1]:
            for o in e.output if type(e.output) is tuple else (e.output,):
                name(o)
        for e in reversed(entries):
            outs = e.output if type(e.output) is tuple else (e.output,)
            gs = [grads.get(o._id) for o in outs]
            if all(g is None for g in gs):
                continue
            live_flags = [x._id in live for x in e.inputs]
            if not any(live_flags):
                continue
            if len(outs) > 1:
                g = tuple(gi if gi is not None else zeros_like(o) for gi, o in zip(gs, outs))
                ones = tuple(ones_like(o) for o in outs)
            else:
                g = gs[0]
                ones = ones_like(outs[0])
            for o in outs:
                if o._id not in src_ids:
                    grads.pop(o._id, None)
            index += 1
            if limit is not None and index > limit:  # swept, not shown
                for x, px, ok in zip(e.inputs, _local_grads(e, g, live_flags), live_flags):
                    if ok and px is not None:
                        prev = grads.get(x._id)
                        grads[x._id] = px if prev is None else prev + px
                continue
            in_labels = [input_name(x) for x in e.inputs]
            out_label = ", ".join(name(o) for o in outs)
            forward = f"{out_label} = {e.op.name}({', '.join(in_labels)})"
            if len(outs) == 1:
                forward += f" = {short_value(host(outs[0]))}"
            passed = _local_grads(e, g, live_flags)
            try:
                locals_ = _local_grads(e, ones, live_flags)
            except Exception:  # a rule that cannot take a cotangent of ones
                locals_ = [None] * len(e.inputs)
            adjoint = (
                short_value(host(g))
                if not isinstance(g, tuple)
                else "(" + ", ".join(short_value(host(x)) for x in g) + ")"
            )
            items: dict[int, list] = {}  # input id -> [label, formulas, local, passed]
            for k, x in enumerate(e.inputs):
                if not live_flags[k]:
                    continue
                formula = _formula(e.op, k, in_labels, out_label) or message(
                    "ex_rule", op=e.op.name
                )
                item = items.get(x._id)
                if item is None:
                    items[x._id] = [x, in_labels[k], [formula], locals_[k], passed[k]]
                else:  # the same tensor in two slots (x * x): the slots add up
                    item[2].append(formula)
                    item[3] = _add(item[3], locals_[k])
                    item[4] = _add(item[4], passed[k])
            rows = []
            for x, lab, formulas, lv, px in items.values():
                prev = grads.get(x._id)
                rows.append(
                    (
                        lab,
                        " + ".join(formulas),
                        short_value(host(lv)) if lv is not None else "0",
                        short_value(host(px)) if px is not None else "0",
                        prev is not None and px is not None,
                    )
                )
                if px is not None:
                    grads[x._id] = px if prev is None else prev + px
            steps.append(Step(index, e.op.name, forward, out_label, adjoint, rows))
        for s, lab in zip(srcs, sls):
            g = grads.get(s._id)
            if s is target or s._id == target._id:
                g = ones_like(target)
            results[lab] = None if g is None else short_value(host(g))
    return Explanation(tl, sls, steps, results, total=index)
