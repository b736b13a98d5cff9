"""The queries of the exports: what a site export reads, and articles in batches.

A site export of 100,000 articles reads an index of the selection (a few
columns), cheap stamps to tell whether anything changed, and then whole
articles a batch at a time; none of this is needed by any other command.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from newsroom_cli.models import Article, ArticleFilter
from newsroom_cli.store.articles import by_ids, tags_of
from newsroom_cli.store.db import Store
from newsroom_cli.store.filters import EFFECTIVE_STATUS, selection, where_clause
from newsroom_cli.store.photos import index_photos

_META_COLUMNS = (
    "a.id, a.slug, a.title, a.summary, a.dateline, a.category, a.lang, "
    f"{EFFECTIVE_STATUS} AS status, a.published_at, a.updated_at, a.revision"
)


def select_meta(store: Store, flt: ArticleFilter) -> list[Article]:
    """The index of a site export: only what its lists, keys and sitemap read.

    No bodies, authors or press-kit fields (the pages load whole articles), only
    what the index needs of the photos (``photos.index_photos``), and
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
        ) in store.conn.execute(*selection(flt, _META_COLUMNS))
    ]  # fmt: skip
    ids = [a.id for a in found if a.id is not None]
    tags, photos = tags_of(store, ids), index_photos(store, ids)
    for article in found:
        assert article.id is not None
        article.tags = tags[article.id]
        article.photos = photos.get(article.id, [])
    return found


def stamps(store: Store, flt: ArticleFilter) -> list[tuple[int, int, str]]:
    """(id, revision, status) of the selection by id: cheap to read for 100,000 rows.

    Ordered by id, not by date: a date only changes with a new revision.
    """
    return list(store.conn.execute(*stamps_query(flt)))


def stamps_query(flt: ArticleFilter) -> tuple[str, list[Any]]:
    """Index ``articles_public`` (m003) holds every column this reads for a public
    selection; named, because the planner would rather scan the table in id order."""
    where, params = where_clause(flt)
    sql = (
        f"SELECT a.id, a.revision, {EFFECTIVE_STATUS} FROM articles a INDEXED BY articles_public "
        f"WHERE {where} ORDER BY a.id"
    )
    return sql, params


def tag_slugs(store: Store) -> dict[str, str]:
    """Tag name (as spelt) -> its slug, for links to tag pages."""
    return dict(store.conn.execute("SELECT name, slug FROM tags"))


def select_ids(store: Store, flt: ArticleFilter) -> list[int]:
    """The ids ``select`` would return, in its order, without loading the articles."""
    return [int(row[0]) for row in store.conn.execute(*selection(flt, "a.id"))]


def iter_articles(store: Store, ids: list[int], batch: int = 500) -> Iterator[Article]:
    """Whole articles in the order of ``ids``, a batch at a time, for big exports."""
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        found = {article.id: article for article in by_ids(store, chunk)}
        yield from (found[i] for i in chunk if i in found)
