"""Queries and writes for articles, their tags, revisions and the FTS index.

Rows become ``models.Article`` here and nowhere else. Every write function
expects to run inside ``Store.write()``; the services decide what a change is.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newsroom_cli.models import COLUMN_FIELDS, Article, ArticleFilter
from newsroom_cli.store.db import Store
from newsroom_cli.store.migrations import DATE_EXPR

# A scheduled article counts as published once its time has passed.
EFFECTIVE_STATUS = (
    "CASE WHEN a.status = 'scheduled' AND julianday(a.published_at) <= newsroom_now() "
    "THEN 'published' ELSE a.status END"
)
# Under embargo until its time has come (an embargo only ever holds a release back).
NOT_EMBARGOED = "(a.embargo_until IS NULL OR julianday(a.embargo_until) <= newsroom_now())"
# Every stored column of an article, the status as it is now (see above).
_COLUMNS = ", ".join(
    ["a.id", "a.created_at"]
    + [
        f"{EFFECTIVE_STATUS} AS status" if name == "status" else f"a.{name}"
        for name in COLUMN_FIELDS
    ]
)
_ORDER = {
    "date": f"{DATE_EXPR} DESC, a.id DESC",
    "updated": "julianday(a.updated_at) DESC, a.id DESC",
    "title": "a.title COLLATE NOCASE ASC, a.id ASC",
    "id": "a.id DESC",
}
_REVERSED = {
    "date": f"{DATE_EXPR} ASC, a.id ASC",
    "updated": "julianday(a.updated_at) ASC, a.id ASC",
    "title": "a.title COLLATE NOCASE DESC, a.id DESC",
    "id": "a.id ASC",
}
# What an update writes: every column but the ones with a rule of their own.
_WRITABLE = tuple(name for name in COLUMN_FIELDS if name != "slug_frozen")


def _article(row: dict[str, Any], tags: list[str]) -> Article:
    article = Article(id=row["id"], created_at=row["created_at"], title="", tags=tags)
    for name in COLUMN_FIELDS:
        setattr(article, name, row[name])
    article.slug_frozen = bool(row["slug_frozen"])
    return article


def _tags_of(store: Store, ids: list[int]) -> dict[int, list[str]]:
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


def _selection(flt: ArticleFilter, columns: str) -> tuple[str, list[Any]]:
    """SQL and parameters for the articles ``flt`` selects, in its order and page."""
    where, params = _where(flt)
    order = (_REVERSED if flt.reverse else _ORDER)[flt.sort]
    sql = f"SELECT {columns} FROM articles a WHERE {where} ORDER BY {order}"
    if flt.limit:
        sql += " LIMIT ? OFFSET ?"
        params += [flt.limit, flt.offset]
    elif flt.offset:
        sql += " LIMIT -1 OFFSET ?"
        params.append(flt.offset)
    return sql, params


_META_COLUMNS = (
    "a.id, a.slug, a.title, a.summary, a.dateline, a.category, a.lang, "
    f"{EFFECTIVE_STATUS} AS status, a.published_at, a.updated_at, a.revision"
)


def select_meta(store: Store, flt: ArticleFilter) -> list[Article]:
    """The index of a site export: only what its lists, keys and sitemap read.

    No bodies, authors or press-kit fields (the pages load whole articles), and
    one string object for each repeated category, dateline, language, status and
    tag: 100,000 releases would otherwise hold some 300 MiB of row values.
    """
    same = sys.intern
    found = [
        Article(
            id=id_,
            slug=slug,
            title=title,
            summary=summary,
            dateline=same(dateline),
            category=same(category),
            lang=same(lang),
            status=same(status),
            published_at=published_at,
            updated_at=updated_at,
            revision=revision,
        )
        for (
            id_, slug, title, summary, dateline, category, lang, status, published_at, updated_at,
            revision,
        ) in store.conn.execute(*_selection(flt, _META_COLUMNS))
    ]  # fmt: skip
    tags = _tags_of(store, [a.id for a in found if a.id is not None])
    for article in found:
        assert article.id is not None
        article.tags = tags[article.id]
    return found


def stamps(store: Store, flt: ArticleFilter) -> list[tuple[int, int, str]]:
    """(id, revision, status) of the selection by id: cheap to read for 100,000 rows.

    Ordered by id, not by date: a date only changes with a new revision.
    """
    return list(store.conn.execute(*stamps_query(flt)))


def stamps_query(flt: ArticleFilter) -> tuple[str, list[Any]]:
    """Index ``articles_public`` (m003) holds every column this reads for a public
    selection; named, because the planner would rather scan the table in id order."""
    where, params = _where(flt)
    sql = (
        f"SELECT a.id, a.revision, {EFFECTIVE_STATUS} FROM articles a INDEXED BY articles_public "
        f"WHERE {where} ORDER BY a.id"
    )
    return sql, params


def tag_slugs(store: Store) -> dict[str, str]:
    """Tag name (as spelt) -> its slug, for links to tag pages."""
    return dict(store.conn.execute("SELECT name, slug FROM tags"))


def _hydrate(store: Store, rows: list[dict[str, Any]]) -> list[Article]:
    tags = _tags_of(store, [row["id"] for row in rows])
    return [_article(row, tags[row["id"]]) for row in rows]


def find(store: Store, ref: str) -> Article | None:
    """An article by numeric id or by slug, trashed ones included."""
    column = "a.id" if ref.isdigit() else "a.slug"
    value: int | str = int(ref) if ref.isdigit() else ref
    rows = store.query(f"SELECT {_COLUMNS} FROM articles a WHERE {column} = ?", [value])
    return _hydrate(store, rows)[0] if rows else None


def _where(flt: ArticleFilter) -> tuple[str, list[Any]]:
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


def select(store: Store, flt: ArticleFilter) -> list[Article]:
    return _hydrate(store, store.query(*_selection(flt, _COLUMNS)))


def count(store: Store, flt: ArticleFilter) -> int:
    where, params = _where(flt)
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
    from newsroom_cli.dates import format_date

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
    store.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
    store.conn.execute("DELETE FROM articles WHERE id = ?", [article_id])


def reindex(store: Store, article: Article) -> None:
    """Keep the article's FTS row in step, inside the caller's transaction."""
    store.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", [article.id])
    store.conn.execute(
        "INSERT INTO articles_fts (rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)",
        [article.id, article.title, article.summary, article.body, "\n".join(article.tags)],
    )


def fts_rows(store: Store, ids: list[int]) -> dict[int, tuple[str, str, str, str]]:
    """The text the index holds for these articles (title, summary, body, tags)."""
    marks = ",".join("?" * len(ids))
    sql = f"SELECT rowid, title, summary, body, tags FROM articles_fts WHERE rowid IN ({marks})"
    return {int(r[0]): tuple(r[1:]) for r in store.conn.execute(sql, ids)}


def fts_orphans(store: Store) -> list[int]:
    """Index rows whose article is gone."""
    sql = "SELECT rowid FROM articles_fts WHERE rowid NOT IN (SELECT id FROM articles)"
    return sorted(int(r[0]) for r in store.conn.execute(sql))


def all_ids(store: Store) -> list[int]:
    return [int(r[0]) for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]


def by_ids(store: Store, ids: Iterable[int]) -> list[Article]:
    wanted = list(ids)
    found: list[Article] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = list(
            store.query(f"SELECT {_COLUMNS} FROM articles a WHERE a.id IN ({marks})", chunk)
        )
        found += _hydrate(store, rows)
    return found


def fts_index_ok(store: Store) -> bool | None:
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


def rebuild_fts(store: Store) -> int:
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
    total = 0
    for article in by_ids(store, all_ids(store)):
        reindex(store, article)
        total += 1
    return total


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


def select_ids(store: Store, flt: ArticleFilter) -> list[int]:
    """The ids ``select`` would return, in its order, without loading the articles."""
    return [int(row[0]) for row in store.conn.execute(*_selection(flt, "a.id"))]


def iter_articles(store: Store, ids: list[int], batch: int = 500) -> Iterator[Article]:
    """Whole articles in the order of ``ids``, a batch at a time, for big exports."""
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        found = {article.id: article for article in by_ids(store, chunk)}
        yield from (found[i] for i in chunk if i in found)
