"""The WHERE and ORDER BY of every article selection, from one ``ArticleFilter``.

``list``, ``search``, ``stats`` and the exports select articles the same way,
so the SQL for a filter is written once, here.
"""

from __future__ import annotations

from typing import Any

from newsroom_cli.models import ArticleFilter
from newsroom_cli.store.migrations import DATE_EXPR

# A scheduled article counts as published once its time has passed.
EFFECTIVE_STATUS = (
    "CASE WHEN a.status = 'scheduled' AND julianday(a.published_at) <= newsroom_now() "
    "THEN 'published' ELSE a.status END"
)
# Under embargo until its time has come (an embargo only ever holds a release back).
NOT_EMBARGOED = "(a.embargo_until IS NULL OR julianday(a.embargo_until) <= newsroom_now())"
ORDER = {
    "date": f"{DATE_EXPR} DESC, a.id DESC",
    "updated": "julianday(a.updated_at) DESC, a.id DESC",
    "title": "a.title COLLATE NOCASE ASC, a.id ASC",
    "id": "a.id DESC",
}
REVERSED = {
    "date": f"{DATE_EXPR} ASC, a.id ASC",
    "updated": "julianday(a.updated_at) ASC, a.id ASC",
    "title": "a.title COLLATE NOCASE DESC, a.id DESC",
    "id": "a.id ASC",
}


def where_clause(flt: ArticleFilter) -> tuple[str, list[Any]]:
    clauses = ["a.deleted_at IS NOT NULL" if flt.trashed else "a.deleted_at IS NULL"]
    params: list[Any] = []
    for tag in flt.tags:
        clauses.append(
            "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            "WHERE t.key = ?)"
        )
        params.append(tag.casefold())
    if flt.status:
        clauses.append(f"({EFFECTIVE_STATUS}) = ?")
        params.append(flt.status)
    if flt.public:
        clauses.append(f"({EFFECTIVE_STATUS}) = 'published' AND {NOT_EMBARGOED}")
    if flt.category:
        clauses.append("a.category = ? COLLATE NOCASE")
        params.append(flt.category)
    if flt.author:
        clauses.append("a.author = ? COLLATE NOCASE")
        params.append(flt.author)
    if flt.since:
        clauses.append(f"{DATE_EXPR} >= julianday(?)")
        params.append(flt.since.isoformat())
    if flt.until:
        clauses.append(f"{DATE_EXPR} <= julianday(?)")
        params.append(flt.until.isoformat())
    if flt.match:
        clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(flt.match)
    return " AND ".join(clauses), params


def selection(flt: ArticleFilter, columns: str) -> tuple[str, list[Any]]:
    """SQL and parameters for the articles ``flt`` selects, in its order and page."""
    where, params = where_clause(flt)
    order = (REVERSED if flt.reverse else ORDER)[flt.sort]
    sql = f"SELECT {columns} FROM articles a WHERE {where} ORDER BY {order}"
    if flt.limit:
        sql += " LIMIT ? OFFSET ?"
        params += [flt.limit, flt.offset]
    elif flt.offset:
        sql += " LIMIT -1 OFFSET ?"
        params.append(flt.offset)
    return sql, params
