"""Counts for `stats`: articles per month, status, tag and author, words per month.

Each function takes the same ``ArticleFilter`` as `list` (its sort, limit and
offset are ignored: statistics are over everything the filter selects).
"""

from __future__ import annotations

from newsroom_cli.models import ArticleFilter
from newsroom_cli.store.db import Store
from newsroom_cli.store.filters import EFFECTIVE_STATUS, where_clause

WORDS_FUNCTION = "newsroom_words"


def _words(body: str | None) -> int:
    # The same count as the `words` column of `list` (``Article.words``).
    return len(body.split()) if body else 0


def months(store: Store, flt: ArticleFilter) -> list[tuple[str, int, int]]:
    """(YYYY-MM, articles, words) for each month that has articles, oldest first.

    The month is that of the article's date as stored, in the site's zone: the
    release date, else the creation time (the date `list` shows and sorts by).
    """
    store.conn.create_function(WORDS_FUNCTION, 1, _words, deterministic=True)
    where, params = where_clause(flt)
    sql = (
        "SELECT substr(coalesce(a.published_at, a.created_at), 1, 7) AS month, count(*), "
        f"coalesce(sum({WORDS_FUNCTION}(a.body)), 0) FROM articles a WHERE {where} "
        "GROUP BY month ORDER BY month"
    )
    return [(str(m), int(n), int(w)) for m, n, w in store.conn.execute(sql, params)]


def statuses(store: Store, flt: ArticleFilter) -> dict[str, int]:
    """Articles per status, a scheduled article whose time has come counting as published."""
    where, params = where_clause(flt)
    sql = f"SELECT {EFFECTIVE_STATUS} AS s, count(*) FROM articles a WHERE {where} GROUP BY s"
    return {str(s): int(n) for s, n in store.conn.execute(sql, params)}


def tags(store: Store, flt: ArticleFilter) -> list[tuple[str, int]]:
    """(tag, articles) for the tags of the selected articles, most used first."""
    where, params = where_clause(flt)
    # The selected ids first, in one pass over articles: joining each tag link to
    # its article instead reads an article row per link, several times as many.
    sql = (
        "SELECT t.name, count(*) FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        f"WHERE at.article_id IN (SELECT a.id FROM articles a WHERE {where}) "
        "GROUP BY t.id ORDER BY count(*) DESC, t.name COLLATE NOCASE"
    )
    return [(str(name), int(n)) for name, n in store.conn.execute(sql, params)]


def authors(store: Store, flt: ArticleFilter) -> list[tuple[str, int]]:
    """(author as written, articles), most prolific first."""
    where, params = where_clause(flt)
    sql = (
        f"SELECT a.author, count(*) FROM articles a WHERE {where} "
        "GROUP BY a.author ORDER BY count(*) DESC, a.author COLLATE NOCASE"
    )
    return [(str(author), int(n)) for author, n in store.conn.execute(sql, params)]
