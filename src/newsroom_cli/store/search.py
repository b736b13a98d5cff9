"""The full-text index ``articles_fts``: kept in step with every write, and queried
for ranked hits, highlights and snippets.

The MATCH expression comes from ``services.search_query`` and is always valid
FTS5; should SQLite still refuse one, the refusal becomes ``InvalidInput``
(exit 2), never a crash.

Ranking is FTS5's ``bm25()``, whose cost is about a microsecond per matching
article: a word found in nearly every one of 100,000 releases costs 75 ms to
rank, three times what the rest of the search costs. No exact shortcut exists
(bm25 saturates, so any match could still be among the best), so a search with
no filters takes a *window*: when more articles match than the window holds, it
ranks the most recently added of them (by id; trashed ones never count) and
says so (``Ranked.window``). Every page is a slice of that one ranking, so
paging neither repeats nor skips a hit. Within the window, the ranking is
exact: the same bm25 scores, computed over the whole index, in the same order.
A search with filters (tag, status, dates...), or for every hit (limit 0),
ranks every match.

Reading each matching article's row to apply the filters costs more than the
ranking itself, so ``ranked`` first ranks the index alone and checks the
filters only on the best few; when the filters reject too many of those, it
ranks again with the filters applied to every match. Both paths give the same
answer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import NamedTuple

from newsroom_cli.errors import InvalidInput
from newsroom_cli.models import Article, ArticleFilter
from newsroom_cli.store import articles as rows
from newsroom_cli.store.db import Store
from newsroom_cli.store.filters import where_clause

# How many more index hits than asked for are checked against the filters before
# falling back to filtering every match (trashed articles are few; filters on tag
# or status usually keep most hits).
PROBE_FACTOR = 2
PROBE_SLACK = 32

# Messages by which SQLite refuses a MATCH expression (as opposed to a busy or
# broken database, which must keep their own meaning).
_FTS_REFUSALS = ("fts5", "unterminated string", "no such column", "unknown special query")


class RankedRow(NamedTuple):
    """A hit; ``title`` with the matched words marked (FTS5's ``highlight``)."""

    article: Article
    rank: float
    title: str


class Ranked(NamedTuple):
    """A page of hits, and how many of the newest matches were ranked (0: all of them)."""

    rows: list[RankedRow]
    window: int


@contextmanager
def _refusals(match: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:
        if not any(marker in str(exc) for marker in _FTS_REFUSALS):
            raise
        raise InvalidInput(f"the search {match} cannot run: {exc}") from exc


def count(store: Store, flt: ArticleFilter) -> int:
    with _refusals(flt.match or ""):
        return rows.count(store, flt)


def _bm25(weights: Sequence[float]) -> str:
    # One weight per column, in the table's order: title, summary, body, tags.
    return "bm25(articles_fts, " + ", ".join(str(float(w)) for w in weights) + ")"


def _page(flt: ArticleFilter) -> tuple[str, list[int]]:
    if flt.limit:
        return " LIMIT ? OFFSET ?", [flt.limit, flt.offset]
    return (" LIMIT -1 OFFSET ?", [flt.offset]) if flt.offset else ("", [])


def _window_floor(store: Store, match: str, window: int) -> int | None:
    """The id of the ``window``-th newest match not in the trash, if more than that match."""
    found = store.conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
        "AND rowid NOT IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL) "
        "ORDER BY rowid DESC LIMIT 2 OFFSET ?",
        [match, window - 1],
    ).fetchall()
    return int(found[0][0]) if len(found) == 2 else None


def _narrowed(flt: ArticleFilter) -> bool:
    """Whether the user narrowed the search beyond "not in the trash"."""
    return bool(
        flt.tags
        or flt.status
        or flt.category
        or flt.author
        or flt.since
        or flt.until
        or flt.trashed
        or flt.public
    )


def _probe(
    store: Store, flt: ArticleFilter, match: str, rank: str, floor: int | None
) -> list[tuple[int, float]] | None:
    """The page from the best index hits alone, or None if the filters left too few."""
    wanted = flt.limit + flt.offset
    probe = PROBE_FACTOR * wanted + PROBE_SLACK
    above, floor_params = (" AND rowid >= ?", [floor]) if floor is not None else ("", [])
    top = store.conn.execute(
        f"SELECT rowid, {rank} AS rank FROM articles_fts WHERE articles_fts MATCH ?{above} "
        "ORDER BY rank, rowid DESC LIMIT ?",
        [match, *floor_params, probe],
    ).fetchall()
    if not top:
        return []
    where, params = where_clause(flt)
    marks = ",".join("?" * len(top))
    passing = {
        int(r[0])
        for r in store.conn.execute(
            f"SELECT a.id FROM articles a WHERE a.id IN ({marks}) AND {where}",
            [r[0] for r in top] + params,
        )
    }
    kept = [(int(i), float(r)) for i, r in top if i in passing]
    if len(kept) < wanted and len(top) == probe:
        return None  # more matches exist beyond the probe: filter them all
    return kept[flt.offset : flt.offset + flt.limit]


def _filtered(
    store: Store, flt: ArticleFilter, match: str, rank: str, floor: int | None
) -> list[tuple[int, float]]:
    where, params = where_clause(flt)
    page, page_params = _page(flt)
    above, floor_params = (
        (" AND articles_fts.rowid >= ?", [floor]) if floor is not None else ("", [])
    )
    sql = (
        f"SELECT articles_fts.rowid, {rank} AS rank "
        "FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid "
        f"WHERE articles_fts MATCH ?{above} AND {where} "
        f"ORDER BY rank, articles_fts.rowid DESC{page}"
    )
    return [
        (int(i), float(r))
        for i, r in store.conn.execute(sql, [match, *floor_params, *params, *page_params])
    ]


def _best(
    store: Store, flt: ArticleFilter, match: str, rank: str, window: int
) -> tuple[list[tuple[int, float]], int]:
    """The page, and the window it was ranked in (0: every match was ranked)."""
    windowed = window > 0 and flt.limit > 0 and not _narrowed(flt)
    floor = _window_floor(store, match, window) if windowed else None
    page = _probe(store, flt, match, rank, floor) if flt.limit and not flt.trashed else None
    if page is None:
        page = _filtered(store, flt, match, rank, floor)
    return page, window if floor is not None else 0


def ranked(
    store: Store,
    flt: ArticleFilter,
    weights: Sequence[float],
    marks: tuple[str, str] | None,
    window: int = 0,
) -> Ranked:
    """The page of matches for ``flt.match``, best first (ties: newest id first).

    ``weights`` are bm25's column weights; ``marks`` the strings put around
    matched words in the title (None: the title is not marked, for output that
    shows no text, such as ``--format ids``); ``window`` how many of the
    newest matches are ranked when more match (0: all; see the module's notes).
    """
    match = flt.match
    if not match:
        raise ValueError("ranked() needs a filter with a match expression")
    plain = replace(flt, match=None)
    rank = _bm25(weights)
    with _refusals(match):
        page, used = _best(store, plain, match, rank, window)
        if not page:
            return Ranked([], used)
        ids = [i for i, _ in page]
        found = {a.id: a for a in rows.by_ids(store, ids)}
        titles: dict[int, str] = {}
        if marks is not None:  # the headline marked; a body's snippet is made in Python
            marks_sql = ",".join("?" * len(ids))
            titles = {
                int(r[0]): str(r[1])
                for r in store.conn.execute(
                    "SELECT rowid, highlight(articles_fts, 0, ?, ?) FROM articles_fts "
                    f"WHERE articles_fts MATCH ? AND rowid IN ({marks_sql})",
                    [*marks, match, *ids],
                )
            }
    hits = []
    for article_id, score in page:
        article = found[article_id]
        hits.append(RankedRow(article, score, titles.get(article_id) or article.title))
    return Ranked(hits, used)


# Upkeep: every write of an article keeps its index row in step, inside the
# writer's transaction (``services.editing.persist``, ``workflow.purge``).


def index(store: Store, article: Article) -> None:
    """Keep the article's FTS row in step, inside the caller's transaction."""
    store.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", [article.id])
    store.conn.execute(
        "INSERT INTO articles_fts (rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)",
        [article.id, article.title, article.summary, article.body, "\n".join(article.tags)],
    )


def unindex(store: Store, article_id: int) -> None:
    store.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])


def indexed_text(store: Store, ids: list[int]) -> dict[int, tuple[str, str, str, str]]:
    """The text the index holds for these articles (title, summary, body, tags)."""
    marks = ",".join("?" * len(ids))
    sql = f"SELECT rowid, title, summary, body, tags FROM articles_fts WHERE rowid IN ({marks})"
    return {int(r[0]): tuple(r[1:]) for r in store.conn.execute(sql, ids)}


def orphans(store: Store) -> list[int]:
    """Index rows whose article is gone."""
    sql = "SELECT rowid FROM articles_fts WHERE rowid NOT IN (SELECT id FROM articles)"
    return sorted(int(r[0]) for r in store.conn.execute(sql))


def word_lists_ok(store: Store) -> bool | None:
    """FTS5's own check that its word lists agree with the text it holds.

    The row comparison in ``db check`` reads the text the index stores, not the
    word lists that searches use, so a damaged word list passes it unseen.
    None when the check cannot run (a read-only database).
    """
    try:
        store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "malformed" in text or "corrupt" in text:
            return False
        if "readonly" in text or "read-only" in text:
            return None
        raise
    return True


def rebuild(store: Store) -> int:
    """Rebuild the index from scratch, inside the caller's transaction.

    The table is dropped and made again from its own ``CREATE`` statement rather
    than emptied with ``DELETE``: deleting from a damaged index fails with
    "database disk image is malformed", which is exactly when a rebuild is needed.
    """
    (create,) = store.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'articles_fts'"
    ).fetchone()
    store.conn.execute("DROP TABLE articles_fts")
    store.conn.execute(create)
    ids = rows.all_ids(store)
    for start in range(0, len(ids), 500):  # a batch at a time: 100,000 at once took 800 MB
        for article in rows.by_ids(store, ids[start : start + 500]):
            index(store, article)
    return len(ids)
