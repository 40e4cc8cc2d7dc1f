"""What ``%%tape`` shows after its cell, and what ``%tapekit info`` reports."""

from __future__ import annotations

import platform
from collections import Counter

from .._engine import backend as _backend
from .._messages import get_language, message
from .text import code_html, esc, host, short_value

MAX_LISTED = 20  # watched tensors and results named in a summary (the rest are counted)


def _listed(items: list[str]) -> str:
    """``a, b, c`` for at most MAX_LISTED items, then how many more there are."""
    text = ", ".join(items[:MAX_LISTED])
    if len(items) > MAX_LISTED:
        text += message("wb_and_more", k=len(items) - MAX_LISTED)
    return text


class Summary:
    """A compact account of one record: ops, watched sources, the cell's results."""

    def __init__(self, record):
        self.record = record

    def lines(self) -> list[str]:
        """The summary's lines: ops, watched sources, results, then notes (order, nothing
        recorded, a non-persistent tape)."""
        rec = self.record
        names = rec.op_names()
        counts = Counter(names)
        ops = ""
        if counts:
            ops = message("ex_sep") + ", ".join(
                f"{op} ×{n}" if n > 1 else op for op, n in counts.items()
            )
        lines = [message("wb_summary", name=rec.name, n=len(names), ops=ops)]
        watched = rec.watched_labels()
        none = message("magic_none")
        sep = message("ex_sep")
        lines.append(f"{message('wb_watched')}{sep}{_listed(watched) or none}")
        shown = rec.results[: MAX_LISTED + 1]  # one more than listed: _listed counts the rest
        results = [f"{k} = {short_value(host(v))}" for k, v in shown]
        results += [""] * (len(rec.results) - len(shown))
        lines.append(f"{message('wb_results')}{sep}{_listed(results) or none}")
        if rec.order > 1:
            lines.append(message("wb_order", order=rec.order))
        if not names:
            lines.append(message("wb_nothing"))
        elif not rec.persistent:
            lines.append(message("wb_non_persistent", name=rec.name))
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        first, *rest = self.lines()
        body = "".join(f'<div style="color:#444">{code_html(line)}</div>' for line in rest)
        return (
            '<div style="border-left:4px solid #5e81ac;padding:2px 8px;margin:2px 0">'
            f"<b>{code_html(first)}</b>{body}</div>"
        )


def default_device_name() -> str:
    """The current backend's default device, ``CPU:0`` style."""
    b = _backend.current()
    try:
        name = _backend.device_name(_backend.asarray(0.0, backend=b))
    except Exception:  # a backend without devices
        return "CPU:0"
    return name.rsplit("device:", 1)[-1]


class Info:
    """Versions, backend, device and language (``%tapekit info``)."""

    def __init__(self, records: dict):
        self.records = records

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) rows: versions, backend, device, GPU library, language, tapes."""
        import tapekit
        from tapekit._engine.backend import np

        versions = [f"tapekit {tapekit.__version__}", f"Python {platform.python_version()}"]
        versions.append(f"NumPy {np.__version__}")
        try:
            import IPython

            versions.append(f"IPython {IPython.__version__}")
        except ImportError:  # pragma: no cover
            pass
        xp = _backend.current().xp
        gpu = _backend.gpu_library_version() or message("info_gpu_none")
        lang = get_language()
        tapes = ", ".join(f"{n} ({len(r.entries)})" for n, r in self.records.items())
        return [
            ("tapekit", " · ".join(versions)),
            (message("info_backend"), getattr(xp, "__name__", str(xp))),
            (message("info_device"), default_device_name()),
            (message("info_gpu"), gpu),
            (message("info_language"), f"{message('info_language_name')} ({lang})"),
            (message("info_tapes"), tapes or message("magic_none")),
        ]

    def __str__(self) -> str:
        rows = self.rows()
        w = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        rows = "".join(
            f'<tr><th style="text-align:left;padding-right:12px">{esc(k)}</th><td>{esc(v)}</td></tr>'
            for k, v in self.rows()
        )
        return f"<table>{rows}</table>"
