"""Official release numbers: ``012/HM.02/BWSL/XI/2026``, from one pattern.

The pattern is Python format syntax over five placeholders: ``seq`` (the
sequence, restarting every year), ``year``, ``month``, ``month_roman`` and
``org`` (``site.org_code``), plus literal text. Numbers are assigned inside
the publishing transaction, which holds the write lock, so two desks
publishing at once never get the same one. The sequence of every number is
kept beside it, so gaps and duplicates can be listed.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime

from newsroom_cli.errors import Conflict, InvalidInput
from newsroom_cli.models import Article
from newsroom_cli.store import Store
from newsroom_cli.store import numbers as rows

PLACEHOLDERS = ("seq", "year", "month", "month_roman", "org")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _fields(pattern: str) -> list[tuple[str, str | None, str | None]]:
    try:
        return [(text, name, spec) for text, name, spec, _ in string.Formatter().parse(pattern)]
    except ValueError as exc:
        raise InvalidInput(f"numbering pattern {pattern!r} is not valid: {exc}") from exc


def check_pattern(pattern: str) -> str:
    """A pattern must use only the known placeholders, and ``{seq}`` at least once."""
    names = [name for _, name, _ in _fields(pattern) if name is not None]
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


def assign_next(store: Store, article: Article, pattern: str, org: str, moment: datetime) -> None:
    """Set the next number of ``moment``'s year on ``article``, in the caller's transaction."""
    seq = rows.max_seq(store, moment.year) + 1
    article.number = render(pattern, seq, moment, org)
    article.number_seq, article.number_year = seq, moment.year


def apply_number(article: Article, number: str, pattern: str) -> None:
    """Set a given number, and the sequence and year read from it (when it fits the pattern)."""
    number = " ".join(number.split())
    parsed = parse(pattern, number) if number else None
    article.number = number
    article.number_seq, article.number_year = parsed if parsed else (None, None)


def check_free(store: Store, number: str, article_id: int | None) -> None:
    """A number typed by a person is refused if another article has it."""
    number = " ".join(number.split())
    other = rows.used_by(store, number, article_id) if number else None
    if other is not None:
        raise Conflict(f"number {number!r} is already used by article {other}")


def set_by_hand(store: Store, article: Article, number: str, pattern: str) -> None:
    check_free(store, number, article.id)
    apply_number(article, number, pattern)


@dataclass
class NumberRow:
    number: str
    article_id: int
    title: str
    year: int | None
    seq: int | None
    flags: list[str]


def listing(store: Store, year: int | None = None) -> list[NumberRow]:
    """Every number in order, with gaps before it and duplicates flagged."""
    found = [NumberRow(*row, flags=[]) for row in rows.all_numbers(store, year)]
    counts: dict[object, int] = {}
    for row in found:  # the same number, or the same sequence in the same year
        for key in {row.number, (row.year, row.seq) if row.seq is not None else row.number}:
            counts[key] = counts.get(key, 0) + 1
    previous: dict[int, int] = {}
    for row in found:
        sequence = (row.year, row.seq) if row.seq is not None else row.number
        if counts[row.number] > 1 or counts[sequence] > 1:
            row.flags.append("duplicate")
        if row.seq is None or row.year is None:
            row.flags.append("not in the pattern")
            continue
        last = previous.get(row.year, 0)
        if row.seq > last + 1:
            missing = f"{last + 1}" if row.seq == last + 2 else f"{last + 1}-{row.seq - 1}"
            row.flags.append(f"gap: {missing} missing")
        previous[row.year] = max(last, row.seq)
    return found
