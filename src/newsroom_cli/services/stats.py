"""The desk's output at a glance: how much was written, when, by whom, about what."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from newsroom_cli.models import STATUSES, ArticleFilter
from newsroom_cli.store import Store
from newsroom_cli.store import stats as counts


@dataclass
class Month:
    month: str  # YYYY-MM
    articles: int
    words: int


@dataclass
class Stats:
    articles: int = 0
    words: int = 0
    months: list[Month] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    tags: list[tuple[str, int]] = field(default_factory=list)
    authors: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "words": self.words,
            "months": [asdict(m) for m in self.months],
            "statuses": self.statuses,
            "tags": [{"tag": name, "articles": n} for name, n in self.tags],
            "authors": [{"author": name, "articles": n} for name, n in self.authors],
        }


def _month_number(month: str) -> int:
    """``2020-06`` as a count of months, so that months compare as numbers: as text,
    "10000-01" sorted before "9999-12" and the loop below never ended."""
    return int(month[:-3]) * 12 + int(month[-2:]) - 1


def _month_text(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def fill_months(found: list[tuple[str, int, int]]) -> list[Month]:
    """Every month from the first to the last, empty ones included.

    A month without releases is news too: leaving it out would make a chart of
    the desk's output look steadier than it was.
    """
    if not found:
        return []
    known = {_month_number(month): (n, words) for month, n, words in found}
    first, last = min(known), max(known)  # a bounded range: years have at most 4 digits
    return [Month(_month_text(m), *known.get(m, (0, 0))) for m in range(first, last + 1)]


def compute(store: Store, flt: ArticleFilter) -> Stats:
    """Statistics over every article the filter selects (trash excluded)."""
    months = fill_months(counts.months(store, flt))
    found = counts.statuses(store, flt)
    return Stats(
        articles=sum(m.articles for m in months),
        words=sum(m.words for m in months),
        months=months,
        statuses={status: found.get(status, 0) for status in STATUSES},
        tags=counts.tags(store, flt),
        authors=counts.authors(store, flt),
    )
