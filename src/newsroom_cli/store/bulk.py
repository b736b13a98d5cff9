"""Reads and writes for many new articles at once: the import path.

``articles.insert``, ``link_tags``, ``reindex`` and ``add_revision`` cost a few
statements each per article; importing 10,000 releases that way spends its
time in round trips. These functions take a whole batch and let SQLite
prepare each statement once (``executemany``). Like every write here they run
inside the caller's ``Store.write()`` transaction, so a batch is all written
or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from newsroom_cli.models import Article, Revision
from newsroom_cli.store import articles as rows
from newsroom_cli.store.db import Store
from newsroom_cli.store.photos import replace_photos

# SQLite 3.32+ allows 32,766 host parameters; stay well inside older limits too.
_CHUNK = 900


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def next_article_id(store: Store) -> int:
    """The id SQLite would give the next article (max + 1), so a batch can number its own.

    Safe because the caller holds the write lock (``BEGIN IMMEDIATE``) until it commits.
    """
    row = store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()
    return int(row[0])


def taken_slugs(store: Store, slugs: Iterable[str]) -> set[str]:
    """Which of ``slugs`` articles already use (one indexed query per chunk)."""
    wanted = sorted(set(slugs))
    taken: set[str] = set()
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT slug FROM articles WHERE slug IN ({marks})"
        taken.update(row[0] for row in store.conn.execute(sql, list(chunk)))
    return taken


def ids_by_slug(store: Store, slugs: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(slugs))
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT slug, id FROM articles WHERE slug IN ({marks})"
        found.update((slug, int(i)) for slug, i in store.conn.execute(sql, list(chunk)))
    return found


def ids_by_title_and_day(
    store: Store, titles: Iterable[str]
) -> dict[tuple[str, str | None], list[int]]:
    """(headline, release day) -> the ids of articles with them, for these headlines.

    The day is the date part of ``published_at`` (None when undated), as
    ``articles.find_duplicate`` compares it. Headlines have no index, so each
    chunk is one pass over the table: chunks are large.
    """
    wanted = sorted(set(titles))
    found: dict[tuple[str, str | None], list[int]] = {}
    for start in range(0, len(wanted), 10_000):
        chunk = wanted[start : start + 10_000]
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT title, substr(published_at, 1, 10), id FROM articles "
            f"WHERE title IN ({marks}) ORDER BY id"
        )
        for title, day, article_id in store.conn.execute(sql, chunk):
            found.setdefault((title, day), []).append(int(article_id))
    return found


def insert_articles(store: Store, articles: Sequence[Article]) -> None:
    """Rows for articles whose ``id`` the caller has already assigned (and their photos)."""
    rows.insert_many(store, articles)
    for article in articles:
        if article.photos and article.id is not None:
            replace_photos(store, article.id, article.photos)


def link_tags(store: Store, links: Sequence[tuple[int, int, int]]) -> None:
    """(article id, tag id, position) rows for new articles (nothing to delete first)."""
    store.conn.executemany(
        "INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)", links
    )


def index(store: Store, articles: Sequence[Article]) -> None:
    """Search rows for new articles, as ``articles.reindex`` writes them one by one."""
    ids = [a.id for a in articles if a.id is not None]
    if ids:
        # Rows of purged articles are deleted with them; clear the range anyway,
        # so that a stray row could never shadow a new article's text.
        store.conn.execute(
            "DELETE FROM articles_fts WHERE rowid BETWEEN ? AND ?", [min(ids), max(ids)]
        )
    store.conn.executemany(
        "INSERT INTO articles_fts (rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)",
        [(a.id, a.title, a.summary, a.body, "\n".join(a.tags)) for a in articles],
    )


def add_revisions(store: Store, revisions: Sequence[Revision]) -> None:
    store.conn.executemany(
        "INSERT INTO revisions (article_id, revision, saved_at, author, snapshot, note, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r.article_id,
                r.revision,
                r.saved_at,
                r.author,
                json.dumps(r.snapshot, ensure_ascii=False),
                r.note,
                r.kind,
            )
            for r in revisions
        ],
    )
