"""Queries and writes of the ``articles`` table and the tags each article carries.

Rows become ``models.Article`` here and nowhere else. Every write function
expects to run inside ``Store.write()``; the services decide what a change is.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any

from newsroom_cli.models import COLUMN_FIELDS, Article, ArticleFilter
from newsroom_cli.store.db import Store
from newsroom_cli.store.filters import EFFECTIVE_STATUS, selection, where_clause
from newsroom_cli.store.photos import photos_of

# Every stored column of an article, the status as it is now (see above).
COLUMNS = ", ".join(
    ["a.id", "a.created_at"]
    + [
        f"{EFFECTIVE_STATUS} AS status" if name == "status" else f"a.{name}"
        for name in COLUMN_FIELDS
    ]
)
# What an update writes: every column but the ones with a rule of their own.
_WRITABLE = tuple(name for name in COLUMN_FIELDS if name != "slug_frozen")


def _article(row: dict[str, Any], tags: list[str]) -> Article:
    article = Article(id=row["id"], created_at=row["created_at"], title="", tags=tags)
    for name in COLUMN_FIELDS:
        setattr(article, name, row[name])
    article.slug_frozen = bool(row["slug_frozen"])
    return article


def tags_of(store: Store, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            f"WHERE at.article_id IN ({marks}) ORDER BY at.article_id, at.position"
        )
        for article_id, name in store.conn.execute(sql, chunk):
            found[article_id].append(sys.intern(name))
    return found


def _hydrate(store: Store, rows: list[dict[str, Any]]) -> list[Article]:
    ids = [row["id"] for row in rows]
    tags, photos = tags_of(store, ids), photos_of(store, ids)
    found = [_article(row, tags[row["id"]]) for row in rows]
    for article in found:
        article.photos = photos[article.id or 0]
    return found


SQLITE_MAX_INT = 2**63 - 1


def find(store: Store, ref: str) -> Article | None:
    """An article by numeric id or by slug, trashed ones included."""
    is_id = ref.isascii() and ref.isdigit()
    if is_id and int(ref) > SQLITE_MAX_INT:  # no row has it; SQLite could not even bind it
        return None
    column = "a.id" if is_id else "a.slug"
    value: int | str = int(ref) if is_id else ref
    rows = store.query(f"SELECT {COLUMNS} FROM articles a WHERE {column} = ?", [value])
    return _hydrate(store, rows)[0] if rows else None


def select(store: Store, flt: ArticleFilter) -> list[Article]:
    return _hydrate(store, store.query(*selection(flt, COLUMNS)))


def count(store: Store, flt: ArticleFilter) -> int:
    where, params = where_clause(flt)
    row = store.conn.execute(f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()
    return int(row[0])


def slug_taken(store: Store, slug: str, except_id: int | None = None) -> bool:
    row = store.conn.execute(
        "SELECT 1 FROM articles WHERE slug = ? AND id IS NOT ?", [slug, except_id]
    ).fetchone()
    return row is not None


def date_text(published_at: str | None, lang: str) -> str:
    """The release date as ``show`` prints it (``Senin, 29 Juni 2020``), for ``date_text``."""
    if not published_at:
        return ""
    # Only writes format a date (reads take the stored text), so `list` skips this.
    from newsroom_cli.dates import format_date  # noqa: PLC0415

    try:
        return format_date(published_at, lang)
    except ValueError:  # a date no write of ours stores (a hand-edited file): none shown
        return ""


def row_values(article: Article) -> dict[str, Any]:
    """The columns of a new article's row: the single path for `add` and bulk import."""
    values = {name: getattr(article, name) for name in _WRITABLE if name != "deleted_at"}
    values |= {
        "created_at": article.created_at,
        "slug_frozen": int(article.slug_frozen),
        "date_text": date_text(article.published_at, article.lang),
    }
    return values


def stored_date_text(store: Store, article: Article) -> str:
    """The release date in the article's language, kept with the row (m004), so that
    ``show`` need not load Babel's locale data for it; worked out if it is missing."""
    row = store.conn.execute("SELECT date_text FROM articles WHERE id = ?", [article.id]).fetchone()
    if row and row[0]:
        return str(row[0])
    return date_text(article.published_at, article.lang)


def insert_many(store: Store, articles: Sequence[Article]) -> None:
    """Rows for articles whose ``id`` the caller has already assigned (bulk import)."""
    if not articles:
        return
    rows = [{"id": a.id, **row_values(a)} for a in articles]
    names = ", ".join(rows[0])
    marks = ", ".join(f":{name}" for name in rows[0])
    store.conn.executemany(f"INSERT INTO articles ({names}) VALUES ({marks})", rows)


def insert(store: Store, article: Article) -> int:
    values = row_values(article)
    names = ", ".join(values)
    marks = ", ".join("?" * len(values))
    cursor = store.conn.execute(
        f"INSERT INTO articles ({names}) VALUES ({marks})", list(values.values())
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update(store: Store, article: Article) -> None:
    values = {name: getattr(article, name) for name in _WRITABLE}
    values |= {
        "slug_frozen": int(article.slug_frozen),
        "date_text": date_text(article.published_at, article.lang),
    }
    assignments = ", ".join(f"{name} = ?" for name in values)
    store.conn.execute(
        f"UPDATE articles SET {assignments} WHERE id = ?", [*values.values(), article.id]
    )


def set_deleted(store: Store, article_id: int, deleted_at: str | None) -> None:
    store.conn.execute("UPDATE articles SET deleted_at = ? WHERE id = ?", [deleted_at, article_id])


def purge(store: Store, article_id: int) -> None:
    """Gone for good: tags links and revisions go by ON DELETE CASCADE."""
    store.conn.execute("DELETE FROM articles WHERE id = ?", [article_id])


def all_ids(store: Store) -> list[int]:
    return [int(r[0]) for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]


def by_ids(store: Store, ids: Iterable[int]) -> list[Article]:
    wanted = list(ids)
    found: list[Article] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = list(store.query(f"SELECT {COLUMNS} FROM articles a WHERE a.id IN ({marks})", chunk))
        found += _hydrate(store, rows)
    return found


def find_duplicate(store: Store, slug: str | None, title: str, day: str | None) -> int | None:
    """An article with this slug, or with this headline on this release day."""
    if slug:
        row = store.conn.execute("SELECT id FROM articles WHERE slug = ?", [slug]).fetchone()
        if row:
            return int(row[0])
    row = store.conn.execute(
        "SELECT id FROM articles WHERE title = ? AND substr(published_at, 1, 10) IS ? LIMIT 1",
        [title, day],
    ).fetchone()
    return int(row[0]) if row else None
