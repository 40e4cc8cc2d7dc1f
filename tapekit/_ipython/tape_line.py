"""``%tape show|list|forget``: looking at the records ``%%tape`` keeps."""

from __future__ import annotations

from IPython.core.error import UsageError

from .._messages import message
from ..notebook.graph import TapeGraph
from ..notebook.summary import Summary
from .options import MAX_NAME, check_line, did_you_mean, limit_option, unknown_subcommand

TAPE_SUBCOMMANDS = ("show", "list", "forget")


class TapeLine:
    """``%tape`` without a cell (a mixin of :class:`tapekit.magics.TapeMagics`)."""

    def _tape_line(self, line: str):
        __tracebackhide__ = True
        check_line(line, "tape")
        try:
            words = line.split()
        except ValueError as e:  # pragma: no cover
            raise UsageError(message("magic_usage_error", magic="tape", detail=e)) from None
        if not words:
            return Summary(self._record(None))
        cmd, rest = words[0], words[1:]
        if cmd not in TAPE_SUBCOMMANDS:
            raise unknown_subcommand("tape", cmd, TAPE_SUBCOMMANDS)
        limit, rest = limit_option(rest, cmd)
        flags = [w for w in rest if w.startswith("-")]
        names = [w for w in rest if not w.startswith("-")]
        allowed = {"show": {"--text", "--all", "--limit"}, "list": set(), "forget": {"--all"}}[cmd]
        for f in flags:
            if f not in allowed:
                raise UsageError(
                    message(
                        "magic_unknown_option",
                        magic=f"tape {cmd}",
                        option=f,
                        hint=did_you_mean(f, allowed),
                        help="tape",  # (IPython has no `%tape show?`)
                    )
                )
        if cmd == "list":
            if not self.records:
                return print(message("magic_no_tape"))
            lines = [message("magic_tapes_list")]
            for n, r in self.records.items():
                mark = " *" if n == self.last else ""
                lines.append(
                    message("magic_tape_line", name=n, mark=mark, n=len(r.entries), order=r.order)
                )
            return print("\n".join(lines))
        if cmd == "forget":
            if not flags and not names and self.last is None:
                raise UsageError(message("magic_no_tape"))
            gone = list(self.records) if "--all" in flags else names or [self.last or ""]
            gone = list(dict.fromkeys(gone))  # a name given twice is forgotten once
            for n in gone:
                if n not in self.records:  # (a tape of the user's own is no record)
                    if len(n) > MAX_NAME:
                        self._record(n)  # a too long name's own message
                    raise self._unknown_tape(n)
            for n in gone:
                del self.records[n]
            if self.last not in self.records:
                self.last = next(reversed(self.records), None)
            return print(message("magic_forgot", names=", ".join(gone)))
        if len(names) > 1:
            shown = ", ".join(f"`{n[:40]}`" for n in names[:5])
            raise UsageError(message("magic_show_one_name", names=shown, n=len(names)))
        rec = self._record(names[0] if names else None)
        if "--all" in flags:
            limit = max(len(rec.entries), 1)
        graph = TapeGraph(rec, limit=limit)
        if "--text" in flags:
            return print(str(graph))
        return graph
