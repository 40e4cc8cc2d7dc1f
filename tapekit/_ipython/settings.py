"""A ``%config TapeMagics.<setting>`` refused: said once, in the user's language.

A validator prints its message (``%config`` would otherwise only log it) and raises
:class:`SettingRefused`; IPython's ``%config`` then logs the same error once more
(``logging.error(e)``: an ``ERROR:root:`` line in a kernel), which :class:`_AlreadySaid`,
a filter on the root logger while the extension is loaded, drops.
"""

from __future__ import annotations

import logging
import sys

from traitlets import TraitError


class SettingRefused(TraitError):
    """A setting's validator refused its value and has told the user why."""


def refuse(text: str) -> SettingRefused:
    """Print ``text`` on stderr and return the error for the validator to raise."""
    print(text, file=sys.stderr)
    return SettingRefused(text)


class _AlreadySaid(logging.Filter):
    """Drops the log record of a :class:`SettingRefused` (its text was printed)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not isinstance(record.msg, SettingRefused)


_FILTER = _AlreadySaid()


def install_log_filter() -> None:
    """Filter the root logger's repeat of refused settings (while the extension is loaded)."""
    logging.getLogger().addFilter(_FILTER)  # adding it twice keeps one


def remove_log_filter() -> None:
    """Take the filter off the root logger again (when the extension is unloaded)."""
    logging.getLogger().removeFilter(_FILTER)
