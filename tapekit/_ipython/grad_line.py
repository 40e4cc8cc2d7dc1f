"""``%grad``: gradients of a record, its ``--explain`` sweep and its ``--plot`` replay."""

from __future__ import annotations

import math

from IPython.core.error import UsageError
from IPython.display import display

from .._messages import message
from ..errors import InvalidArgumentError
from ..notebook.explain import explain
from ..notebook.gradients import Missing, grad
from ..notebook.plot import DerivativePlot
from ..notebook.replay import ReplayError, curve
from .options import MAX_POINTS, check_limit, parse_range, usage


def _unquoted(text: str | None) -> str | None:
    """An option's value without the quotes IPython's line splitting keeps (``--tape ""``
    is the empty name, not a name of two quote characters)."""
    if text is not None and len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


class GradLine:
    """``%grad``'s work once its line is parsed (a mixin of :class:`tapekit.magics.TapeMagics`)."""

    def _grad(self, args, parser):
        """Check the parsed line, then compute, explain and plot; the record is unchanged."""
        __tracebackhide__ = True
        tokens = [t for s in args.sources for t in s.split(",") if t]
        if tokens and tokens[0] == "wrt":
            tokens = tokens[1:]
        if not tokens:
            raise UsageError(
                message(
                    "magic_missing_args",
                    magic="grad",
                    what=message("magic_what_target"),
                    usage=usage(parser),
                )
            )
        order = self._order(args.order)
        span = parse_range(args.range) if args.range is not None else None
        points = self.plot_points if args.points is None else args.points
        if args.points is not None and not 3 <= args.points <= MAX_POINTS:
            raise UsageError(message("magic_bad_points", value=args.points))
        if not args.plot and (args.range is not None or args.points is not None):
            # a plot's options alone would otherwise be ignored without a word
            option = "--range" if args.range is not None else "--points"
            raise UsageError(message("magic_needs_plot", option=option))
        limit = check_limit(args.limit)
        if args.all:
            limit = None
        target = self._tensor(args.target)
        tape = _unquoted(args.tape)
        rec = self._record(tape) if tape is not None else self._record_for(target)
        sources = [self._tensor(t) for t in tokens]
        if order > rec.order:
            raise UsageError(
                message("magic_order_not_recorded", tape=rec.name, have=rec.order, want=order)
            )
        if args.plot:
            for tok, s in zip(tokens, sources):
                if s._value.shape and math.prod(s._value.shape) != 1:
                    raise UsageError(message("magic_plot_scalar", name=tok, shape=tuple(s.shape)))
        bar = progress_bar(points if args.plot else 0)
        self._note_variables()
        try:
            result = grad(
                rec,
                target,
                sources if len(sources) > 1 else sources[0],
                order=order,
                zero=args.zero,
                target_label=args.target,
                source_labels=tokens,
            )
            if args.explain:
                ex = explain(
                    rec,
                    target,
                    sources,
                    target_label=args.target,
                    source_labels=tokens,
                    limit=limit,
                )
                if order > 1:
                    ex.note = message("ex_higher", order=order, more=order - 1)
                display(ex)
            if args.plot:
                for tok, s in zip(tokens, sources):
                    c = curve(
                        rec,
                        target,
                        s,
                        points=points,
                        span=span,
                        order=order,
                        target_label=args.target,
                        source_label=tok,
                        progress=bar.update,
                    )
                    bar.close()
                    display(plot_widget(rec, target, s, c))
        except (LookupError, InvalidArgumentError, ReplayError, ValueError, TypeError) as e:
            if not self.short_errors:
                raise
            raise UsageError(message("magic_engine_error", detail=e)) from None
        except KeyboardInterrupt:  # the stop button: the record is as it was
            raise UsageError(message("magic_interrupted", magic="grad")) from None
        finally:
            bar.close()
        if isinstance(result, Missing):
            display(result)
            return None
        return result


class _NoProgress:
    """Where nothing is worth a progress bar."""

    def update(self, done: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int):
    """The widgets' progress bar (shown in a kernel when the work takes over a second)."""
    if total:
        try:
            from ..widgets._base import Progress
        except ImportError:  # pragma: no cover (ipywidgets missing)
            pass
        else:
            return Progress(total, message("magic_plot_progress"), True)
    return _NoProgress()


def plot_widget(rec, target, source, c):
    """``%grad --plot``: the derivative explorer on the replayed record (tapekit.widgets),
    or the static SVG chart where the widgets cannot load."""
    try:
        from ..widgets.derivative import replay_explorer
    except ImportError:  # matplotlib missing from a stripped-down environment
        return DerivativePlot(c)
    return replay_explorer(rec, target, source, c)
