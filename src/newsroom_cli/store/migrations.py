"""Ordered schema migrations, keyed by ``PRAGMA user_version``.

Each migration is a function registered in order by ``@migration``; the n-th
one takes the schema from version n-1 to n. A released migration is never
edited: add a new one. All pending migrations run in one ``BEGIN IMMEDIATE``
transaction, so a database is either fully migrated or untouched, and two
processes opening an old database at once migrate it exactly once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from newsroom_cli.errors import MigrationFailed
from newsroom_cli.store.db import APPLICATION_ID, Store

if TYPE_CHECKING:
    from sqlite_utils import Database

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []

# The sort key of "newest first": the release date, else the creation time.
# julianday() understands the +07:00 offsets, so mixed zones still sort right.
DATE_EXPR = "julianday(coalesce(a.published_at, a.created_at))"


def migration(func: Migration) -> Migration:
    MIGRATIONS.append(func)
    return func


def _run(conn: sqlite3.Connection, *statements: str) -> None:
    # executescript() would COMMIT the open transaction first; run one by one.
    for statement in statements:
        conn.execute(statement)


@migration
def m001_create_articles(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            dateline TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT 'id',
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'review', 'published', 'scheduled')),
            published_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            revision INTEGER NOT NULL DEFAULT 1,
            slug_frozen INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX articles_date ON articles (julianday(coalesce(published_at, created_at)))",
        "CREATE INDEX articles_status ON articles (status)",
        """CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE,
            key TEXT NOT NULL UNIQUE,
            slug TEXT NOT NULL UNIQUE
        )""",
        """CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (article_id, tag_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX article_tags_tag ON article_tags (tag_id)",
        """CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            revision INTEGER NOT NULL,
            saved_at TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            snapshot TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'conflict')),
            UNIQUE (article_id, revision)
        )""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # A self-contained FTS5 table (rowid = article id): tags live in another
        # table, so it is kept in step by the store rather than by triggers.
        """CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, summary, body, tags,
            tokenize = 'unicode61 remove_diacritics 2'
        )""",
    )


@migration
def m002_release_fields(conn: sqlite3.Connection) -> None:
    """The press kit: official number, embargo, media contact and "about us" text.

    ``number_seq``/``number_year`` keep the sequence a number was made from,
    so the next number of a year is one query; empty contact and boilerplate
    mean "the site's default".
    """
    _run(
        conn,
        "ALTER TABLE articles ADD COLUMN number TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE articles ADD COLUMN number_seq INTEGER",
        "ALTER TABLE articles ADD COLUMN number_year INTEGER",
        "ALTER TABLE articles ADD COLUMN embargo_until TEXT",
        "ALTER TABLE articles ADD COLUMN contact TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE articles ADD COLUMN boilerplate TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX articles_number ON articles (number_year, number_seq)",
    )


@migration
def m003_public_index(conn: sqlite3.Connection) -> None:
    """An index holding every column of "is it public?", so that a site export can
    tell whether anything changed from the index alone, without reading the rows
    (and their bodies) of 100,000 releases.

    ``deleted_at`` comes last: leading, it would offer the planner a seek for
    ``deleted_at IS NULL`` (true of nearly every row), which it would take over
    the date index that lets ``list --limit 20`` read 20 rows instead of all.
    The export asks for this index by name (``store.exports.stamps_query``).

    ``articles_trash`` holds only the trashed articles, so that search can leave
    them out of its window without reading every row (``store.search``).
    """
    _run(
        conn,
        "CREATE INDEX articles_public "
        "ON articles (status, published_at, embargo_until, revision, deleted_at)",
        "CREATE INDEX articles_trash ON articles (id) WHERE deleted_at IS NOT NULL",
    )


@migration
def m004_date_text(conn: sqlite3.Connection) -> None:
    """The release date as people read it (``Senin, 29 Juni 2020``), kept with the row.

    Formatting it needs Babel's locale data, a fifth of what ``show`` would cost;
    writes, which format it once, keep it in step (``store.articles.row_values``).

    A released migration never changes, so it carries its own copy of how that
    text was made in 2026 (``_m004_date_text``) instead of calling the live
    formatter, whose output may change with later releases.
    """
    _run(conn, "ALTER TABLE articles ADD COLUMN date_text TEXT NOT NULL DEFAULT ''")
    found = conn.execute(
        "SELECT id, published_at, lang FROM articles WHERE published_at IS NOT NULL"
    ).fetchall()
    conn.executemany(
        "UPDATE articles SET date_text = ? WHERE id = ?",
        [(_m004_date_text(when, lang), article_id) for article_id, when, lang in found],
    )


def _m004_date_text(published_at: str, lang: str) -> str:
    """Frozen with m004: the day of ``published_at`` in Babel's CLDR names."""
    from babel.dates import format_date

    try:
        day = datetime.fromisoformat(published_at).date()
    except ValueError:
        return ""
    locale = lang.replace("-", "_")
    pattern = "EEEE, MMMM d, y" if locale.startswith("en") else "EEEE, d MMMM y"
    try:
        return str(format_date(day, pattern, locale=locale))
    except (ValueError, LookupError):
        return str(format_date(day, pattern, locale="id"))


@migration
def m005_photos(conn: sqlite3.Connection) -> None:
    """Photos: a row per picture of a release, in order; the bytes live in the photo
    store beside the database, content-addressed by ``sha256``.

    The first migration written through sqlite-utils (``schema``): the table, its
    foreign key to ``articles`` (a purged article takes its photo rows with it;
    the files stay until ``db check --fix`` finds nothing needs them) and indexes.
    """
    from sqlite_utils.db import ForeignKey

    db = schema(conn)
    db.table("photos").create(
        {
            "article_id": int,
            "position": int,
            "sha256": str,
            "filename": str,
            "media_type": str,
            "width": int,
            "height": int,
            "size": int,
            "caption": str,
            "credit": str,
            "alt": str,
            "featured": int,
            "focus_x": float,
            "focus_y": float,
            "has_gps": int,
        },
        pk=("article_id", "position"),
        not_null={
            "sha256", "filename", "media_type", "width", "height", "size",
            "caption", "credit", "alt", "featured", "has_gps",
        },
        defaults={"caption": "", "credit": "", "alt": "", "featured": 0, "has_gps": 0},
        foreign_keys=[ForeignKey("photos", "article_id", "articles", "id", on_delete="CASCADE")],
    )  # fmt: skip
    db.table("photos").create_index(["sha256"], index_name="photos_sha256")


CURRENT_VERSION = len(MIGRATIONS)


def migrate(store: Store) -> list[str]:
    """Apply what is missing; return the names applied (empty when up to date).

    Foreign keys are switched off around the migrating transaction and checked
    with ``PRAGMA foreign_key_check`` before it commits. A migration may rebuild
    a table (sqlite-utils' ``transform()``: create, copy, drop, rename), and
    dropping ``articles`` with foreign keys on would cascade-delete every
    article's tags and revisions. The pragma cannot change inside a transaction,
    hence outside it; a broken reference fails the migration and rolls it back.
    """
    if store.pragma_int("user_version") >= CURRENT_VERSION:
        return []
    applied: list[str] = []
    store.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with store.write():
            version = store.pragma_int("user_version")
            for number, func in enumerate(MIGRATIONS[version:], start=version + 1):
                try:
                    func(store.conn)
                except sqlite3.Error as exc:
                    raise MigrationFailed(
                        f"migration {func.__name__} failed: {exc}; the database was left as it was"
                    ) from exc
                store.conn.execute(f"PRAGMA user_version = {number}")
                applied.append(func.__name__)
            broken = store.conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                table, rowid, parent, _ = broken[0]
                raise MigrationFailed(
                    f"migration {applied[-1]} left {len(broken)} broken reference(s) "
                    f"(row {rowid} of {table} to {parent}); the database was left as it was"
                )
            if applied:
                store.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        store.conn.execute("PRAGMA foreign_keys = ON")
    return applied


def schema(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over a migration's connection, for its schema changes:
    ``create()``, ``add_column()``, ``create_index()`` and ``transform()`` (safe
    here: ``migrate`` runs with foreign keys off and checks them before commit)."""
    from sqlite_utils import Database

    return Database(conn, recursive_triggers=False, execute_plugins=False)
