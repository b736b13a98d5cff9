"""Full-text search over the archive: ranked hits with the matched words marked.

Ranking is bm25 with the headline weighted above the tags, the tags above the
summary and the summary above the body: a release *about* a subject names it in
its headline, while a body may mention it in passing.

Matched words come back between ``MARK_OPEN`` and ``MARK_CLOSE``, two control
characters that can never be part of stored text (``models.clean_*`` removes
them), so the terminal can style them and plain output can drop them without
ever confusing them with what an article says.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

from newsroom_cli.models import Article, ArticleFilter
from newsroom_cli.services import snippets
from newsroom_cli.services.search_query import parse, to_match
from newsroom_cli.store import Store
from newsroom_cli.store import search as fts

# bm25 column weights, in the index's column order.
WEIGHTS = {"title": 10.0, "summary": 3.0, "body": 1.0, "tags": 5.0}
MARK_OPEN = "\x02"
MARK_CLOSE = "\x03"


def unmark(text: str) -> str:
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def _one_line(text: str) -> str:
    # Snippets may span paragraphs; a hit is shown on one line.
    return " ".join(text.split())


class Hit(NamedTuple):
    """One matching article, its bm25 rank (lower is better) and marked text."""

    article: Article
    rank: float
    title: str  # the headline, matched words marked
    snippet: str  # where the match is in the body (or summary), matched words marked

    def record(self, only: list[str] | None = None) -> dict[str, Any]:
        """The list record plus ``rank`` and a plain ``snippet``, for json/jsonl/csv."""
        return self.article.record(only) | {"rank": self.rank, "snippet": unmark(self.snippet)}


def _snippet(article: Article, found: list[snippets.Needle]) -> str:
    """The body's match if it has one, else the summary's; else the body's opening.

    The headline is shown (and marked) on its own, so a headline-only hit shows
    the start of the body rather than its headline twice.
    """
    for text in (article.body, article.summary):
        window = snippets.snippet(text, found, MARK_OPEN, MARK_CLOSE)
        if window is not None:
            return _one_line(window)
    return _one_line(snippets.opening_words(article.body or article.summary))


def matching(flt: ArticleFilter, query: str) -> ArticleFilter:
    """``flt`` narrowed to articles matching what was typed (``InvalidInput`` if empty)."""
    return replace(flt, match=to_match(query))


class Found(NamedTuple):
    """A page of hits; ``window`` > 0 when only that many of the newest matches were ranked."""

    hits: list[Hit]
    window: int


def find(
    store: Store, flt: ArticleFilter, query: str, window: int = 0, *, text: bool = True
) -> Found:
    """The page of hits for ``query``, best first; trashed articles are never hits.

    When more than ``window`` articles match (0: no limit), the best of the most
    recently added ``window`` are returned (see ``store.search``). ``text=False``
    (``--format ids``) skips marking titles and making snippets: nothing shows them.
    """
    parsed = parse(query)
    narrowed = replace(flt, match=parsed.fts(), trashed=False)
    marks = (MARK_OPEN, MARK_CLOSE) if text else None
    found = fts.ranked(store, narrowed, tuple(WEIGHTS.values()), marks, window=window)
    if not text:
        return Found(
            [Hit(row.article, row.rank, row.title, "") for row in found.rows], found.window
        )
    needles = snippets.needles(parsed)
    hits = [
        Hit(row.article, row.rank, _one_line(row.title), _snippet(row.article, needles))
        for row in found.rows
    ]
    return Found(hits, found.window)


def count(store: Store, flt: ArticleFilter, query: str) -> int:
    return fts.count(store, replace(matching(flt, query), trashed=False))
