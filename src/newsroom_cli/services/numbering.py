"""Official release numbers: ``012/HM.02/BWSL/XI/2026``, from one pattern.

The pattern itself (its placeholders, checking, rendering and reading back) is
``number_pattern``. Numbers are assigned inside
the publishing transaction, which holds the write lock, so two desks
publishing at once never get the same one. The sequence of every number is
kept beside it, so gaps and duplicates can be listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsroom_cli.errors import Conflict
from newsroom_cli.models import NUMBER_MAX, Article, clean_line
from newsroom_cli.number_pattern import parse, render
from newsroom_cli.store import Store
from newsroom_cli.store import numbers as rows


def assign_next(store: Store, article: Article, pattern: str, org: str, moment: datetime) -> None:
    """Set the next number of ``moment``'s year on ``article``, in the caller's transaction."""
    seq = rows.max_seq(store, moment.year) + 1
    article.number = render(pattern, seq, moment, org)
    article.number_seq, article.number_year = seq, moment.year


def apply_number(article: Article, number: str, pattern: str) -> None:
    """Set a given number, and the sequence and year read from it (when it fits the pattern)."""
    number = clean_line(number, "number", NUMBER_MAX)
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
