"""The pattern of official release numbers: ``{seq:03d}/HM.02/{org}/{month_roman}/{year}``.

Pure, so that ``config`` can check a pattern when it is set and the numbering
service can render and read numbers with the same rules. The pattern is Python
format syntax over five placeholders: ``seq`` (the sequence, restarting every
year), ``year``, ``month``, ``month_roman`` and ``org`` (``site.org_code``),
plus literal text.
"""

from __future__ import annotations

import re
import string
from datetime import datetime

from newsroom_cli.errors import InvalidInput

PLACEHOLDERS = ("seq", "year", "month", "month_roman", "org")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _fields(pattern: str) -> list[tuple[str, str | None, str | None]]:
    try:
        return [(text, name, spec) for text, name, spec, _ in string.Formatter().parse(pattern)]
    except ValueError as exc:
        raise InvalidInput(f"numbering pattern {pattern!r} is not valid: {exc}") from exc


PATTERN_MAX = 100  # characters of a pattern, and of the numbers it makes
WIDTH_MAX = 12  # the widest a placeholder may be padded ({seq:>012} is plenty)


def check_pattern(pattern: str) -> str:
    """A pattern must use only the known placeholders, and ``{seq}`` at least once.

    Literal text may not hold control characters (it is printed in every number),
    a placeholder may not be padded wider than ``WIDTH_MAX`` (``{seq:>999999999}``
    allocated a gigabyte to check), and the numbers it makes stay short.
    """
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in pattern):
        raise InvalidInput("numbering pattern must not contain control characters")
    if len(pattern) > PATTERN_MAX:
        raise InvalidInput(f"numbering pattern is {len(pattern)} characters; at most {PATTERN_MAX}")
    fields = _fields(pattern)
    for _, name, spec in fields:
        if name is not None and spec:
            widths = [int(run) for run in re.findall(r"\d+", spec)]
            if widths and max(widths) > WIDTH_MAX:
                raise InvalidInput(
                    f"numbering pattern: {{{name}:{spec}}} is wider than {WIDTH_MAX} characters"
                )
        if name is not None and "{" in (spec or ""):
            raise InvalidInput(
                "numbering pattern: a placeholder inside a placeholder is not allowed"
            )
    names = [name for _, name, _ in fields if name is not None]
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        raise InvalidInput(
            f"numbering pattern: unknown placeholder {{{unknown[0]}}}; "
            f"use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
        )
    if "seq" not in names:
        raise InvalidInput("numbering pattern must contain {seq}, e.g. {seq:03d}/HM/{year}")
    try:
        render(pattern, 1, datetime(2020, 6, 29), "ORG")
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"numbering pattern {pattern!r} cannot be used: {exc}") from exc
    return pattern


def render(pattern: str, seq: int, moment: datetime, org: str) -> str:
    return pattern.format(
        seq=seq,
        year=moment.year,
        month=moment.month,
        month_roman=ROMAN[moment.month - 1],
        org=org,
    )


def parse(pattern: str, number: str) -> tuple[int, int] | None:
    """(seq, year) read back from a number made by ``pattern``; None if it does not fit."""
    groups = {"seq": r"(?P<seq>\d+)", "year": r"(?P<year>\d{4})"}
    regex = ""
    seen: set[str] = set()
    for text, name, _ in _fields(pattern):
        regex += re.escape(text)
        if name is None:
            continue
        if name in groups and name not in seen:
            regex += groups[name]
            seen.add(name)
        else:
            regex += r".+?"
    match = re.fullmatch(regex, number.strip())
    if not match or "year" not in seen:
        return None
    return int(match["seq"]), int(match["year"])
