"""Parsing a magic's line: limits on its size, argparse's errors as one-line messages in
the user's language, "did you mean" hints, and the options argparse does not parse."""

from __future__ import annotations

import difflib
import re

from IPython.core.error import UsageError
from IPython.core.magic_arguments import parse_argstring

from .._messages import message
from ..notebook.explain import MAX_STEPS

MAX_LINE = 2000  # characters of a magic's line: names and expressions, not data
MAX_NAME = 100  # characters of a tape name
MAX_POINTS = 10001  # --plot grid points (%grad --points, TapeMagics.plot_points)
MAX_LIMIT = 100_000  # --limit N of --explain and %tape show
MAX_RANGE = 1e6  # |LOW|, |HIGH| of --range: past that float32 plots overflow or lose steps


def usage(parser) -> str:
    """argparse's usage line on one line, without the ``::`` that IPython's magic_arguments
    put in front of it for docstrings (``Usage: %grad [--tape NAME] ...``)."""
    text = " ".join(parser.format_usage().split())
    return re.sub(r"^(?:usage:\s*)?::\s*", "", text)


def did_you_mean(name: str, candidates) -> str:
    """ "Did you mean" the closest of ``candidates`` (empty when none is close)."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.5)
    return message("magic_hint", name=close[0]) if close else ""


def unknown_subcommand(magic: str, name: str, choices) -> UsageError:
    """The error for ``%magic name`` when ``name`` is none of ``choices``."""
    return UsageError(
        message(
            "magic_unknown_subcommand",
            magic=magic,
            name=name,
            hint=did_you_mean(name, choices),
            choices=", ".join(choices),
        )
    )


def check_line(line: str, magic: str) -> None:
    """A magic's line is names, options and short expressions: refuse a flood early."""
    if len(line) > MAX_LINE:
        raise UsageError(message("magic_long_line", magic=magic, n=len(line), max=MAX_LINE))


def check_limit(n: int | None) -> int:
    """``--limit N`` within 1..MAX_LIMIT (default: the first MAX_STEPS steps)."""
    if n is not None and not 1 <= n <= MAX_LIMIT:
        raise UsageError(message("magic_bad_limit", value=n, max=MAX_LIMIT))
    return MAX_STEPS if n is None else n


def limit_option(words: list[str], cmd: str):
    """``%tape show``'s ``--limit N`` (or ``--limit=N``) taken out of ``words``."""
    if cmd != "show":
        return None, words
    rest, limit, i = [], None, 0
    while i < len(words):
        w = words[i]
        if w == "--limit" or w.startswith("--limit="):
            value = (
                w.partition("=")[2] if "=" in w else (words[i + 1] if i + 1 < len(words) else "")
            )
            i += 1 if "=" in w else 2
            if not value:
                raise UsageError(message("magic_needs_value", magic="tape show", option="--limit"))
            try:
                limit = int(value)
            except ValueError:
                raise UsageError(
                    message(
                        "magic_bad_value",
                        magic="tape show",
                        option="--limit",
                        kind=message("magic_kind_int"),
                        value=value[:40],
                    )
                ) from None
            check_limit(limit)
            continue
        rest.append(w)
        i += 1
    return limit, rest


def parse(func, line: str, magic: str):
    """``func``'s magic_arguments parsed from ``line``; argparse's errors as one line."""
    __tracebackhide__ = True
    check_line(line, magic)
    try:
        return parse_argstring(func, line)
    except UsageError as e:
        raise UsageError(translate(func.parser, str(e), magic)) from None
    except ValueError as e:  # unbalanced quotes
        raise UsageError(message("magic_usage_error", magic=magic, detail=e)) from None


def translate(parser, text: str, magic: str) -> str:
    """argparse's English error ``text`` as the catalog's message (with a hint)."""
    m = re.match(r"unrecognized arguments: (\S+)", text)
    if m:
        opt = m.group(1).split("=")[0]
        options = [o for o in parser._option_string_actions if o.startswith("--")]
        close = did_you_mean(opt, options) if opt.startswith("-") else ""
        return message(
            "magic_unknown_option", magic=magic, option=opt, hint=close, help=magic.split()[0]
        )
    m = re.match(r"argument (\S+?)(?:/\S+)?: invalid (\w+) value: (.*)", text)
    if m:
        kind = "magic_kind_int" if m.group(2) == "int" else "magic_kind_number"
        return message(
            "magic_bad_value",
            magic=magic,
            option=m.group(1),
            kind=message(kind),
            value=m.group(3),
        )
    m = re.match(r"ambiguous option: (\S+) could match (.*)", text)
    if m:
        return message("magic_ambiguous", magic=magic, option=m.group(1), choices=m.group(2))
    m = re.match(r"argument (\S+?)(?:/\S+)?: expected one argument", text)
    if m:
        return message("magic_needs_value", magic=magic, option=m.group(1))
    if "the following arguments are required" in text:
        return message(
            "magic_missing_args",
            magic=magic,
            what=message("magic_what_target"),
            usage=usage(parser),
        )
    return message("magic_usage_error", magic=magic, detail=text)


def parse_range(text: str) -> tuple[float, float]:
    """``--range LO:HI`` (or ``LO,HI``) as two floats with ``LO < HI``."""
    m = re.fullmatch(r"\s*([-+0-9.eE]+)\s*[:,]\s*([-+0-9.eE]+)\s*", text)
    try:
        lo, hi = float(m.group(1)), float(m.group(2))
    except (AttributeError, ValueError):
        lo = hi = 0.0
    if not lo < hi:
        raise UsageError(message("magic_bad_range", value=text[:40]))
    if max(abs(lo), abs(hi)) > MAX_RANGE:
        raise UsageError(message("magic_range_too_wide", value=text[:40], max=f"{MAX_RANGE:,.0f}"))
    return lo, hi
