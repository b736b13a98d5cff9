"""Migrations: from a blank database and from every older schema, once, all or nothing."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Cli, run_cli
from newsroom_cli.store.db import APPLICATION_ID
from newsroom_cli.store.migrations import CURRENT_VERSION, MIGRATIONS

TRIALS = int(os.environ.get("NEWSROOM_CRASH_TRIALS", "12"))  # 50 by hand; never under 10


def old_database(path: Path, version: int, articles: int = 3) -> None:
    """A database as version ``version`` of newsroom left it, with some articles."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for migration in MIGRATIONS[:version]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    stamp = "2020-06-29T09:00:00+07:00"
    for number in range(1, articles + 1):
        conn.execute(
            "INSERT INTO articles (id, slug, title, body, status, published_at, created_at, "
            "updated_at, revision) VALUES (?, ?, ?, ?, 'published', ?, ?, ?, 1)",
            [number, f"rilis-{number}", f"Rilis {number}", "Isi.\n", stamp, stamp, stamp],
        )
        conn.execute(
            "INSERT INTO revisions (article_id, revision, saved_at, snapshot) VALUES (?, 1, ?, ?)",
            [number, stamp, "{}"],
        )
        if version >= 4:  # newsroom 4 wrote the date text with every row
            conn.execute(
                "UPDATE articles SET date_text = 'Senin, 29 Juni 2020' WHERE id = ?", [number]
            )
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, summary, body, tags) VALUES (?, ?, '', ?, '')",
            [number, f"Rilis {number}", "Isi.\n"],
        )
    conn.execute("COMMIT")
    conn.close()


def schema_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def columns(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    finally:
        conn.close()


@pytest.mark.parametrize("version", range(1, CURRENT_VERSION))
def test_every_older_schema_is_migrated_with_its_data(
    cli: Cli, db_path: Path, version: int
) -> None:
    old_database(db_path, version)
    records = cli.json("list", "--format", "json")
    assert [r["title"] for r in records] == ["Rilis 3", "Rilis 2", "Rilis 1"]
    assert records[0]["number"] == ""
    assert records[0]["embargo_until"] is None
    assert schema_version(db_path) == CURRENT_VERSION
    assert cli.json("db", "check", "--format", "json")["ok"] is True
    conn = sqlite3.connect(db_path)
    try:  # filled by the migration (show would work the date out itself if it were not)
        filled = conn.execute("SELECT DISTINCT date_text FROM articles").fetchall()
    finally:
        conn.close()
    assert filled == [("Senin, 29 Juni 2020",)]


def test_two_processes_open_an_old_database_at_once(db_path: Path) -> None:
    old_database(db_path, 1, articles=200)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newsroom_cli", "list", "--format", "count"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    results = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], results
    assert [out for out, _ in results] == [b"200\n", b"200\n"]
    assert schema_version(db_path) == CURRENT_VERSION


@pytest.mark.slow
def test_kill_during_migration_is_all_or_nothing(db_path: Path, tmp_path: Path) -> None:
    """SIGKILL while a big v1 database is being migrated: never a half-migrated file.

    Each kill is aimed at the migration itself: the test waits for the rollback
    journal to appear (the migrating transaction has begun writing), then kills
    after a short random delay. Kills that land mid-migration are counted and
    must be most of them, so the test cannot pass on kills that all miss.
    """
    template = tmp_path / "v1.db"
    old_database(template, 1, articles=30000)
    journal = Path(f"{db_path}-journal")
    rng = random.Random(10)
    trials = max(10, TRIALS)
    mid_migration = 0
    for _ in range(trials):
        db_path.write_bytes(template.read_bytes())
        journal.unlink(missing_ok=True)
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsroom_cli", "list", "--format", "count"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while not journal.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0.0, 0.05))
        writing = proc.poll() is None and journal.exists()
        proc.kill()
        proc.wait()
        version = schema_version(db_path)  # opening rolls a hot journal back
        assert version in (1, CURRENT_VERSION)
        assert ("number" in columns(db_path)) == (version == CURRENT_VERSION)
        if writing and version == 1:
            mid_migration += 1
        result = run_cli("list", "--format", "count")  # finishes what was left
        assert result.returncode == 0
        assert result.stdout == b"30000\n"
        assert schema_version(db_path) == CURRENT_VERSION
    assert mid_migration >= trials // 2, f"only {mid_migration} of {trials} kills hit a migration"
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_the_export_change_check_reads_only_an_index(cli: Cli, db_path: Path) -> None:
    """m003: whether a site changed is answered from articles_public, never the rows."""
    from newsroom_cli.models import ArticleFilter
    from newsroom_cli.store import open_store
    from newsroom_cli.store.exports import stamps_query

    old_database(db_path, 2)
    cli("list")  # migrates
    sql, params = stamps_query(ArticleFilter(public=True, limit=0))
    store = open_store(db_path)
    try:
        plan = store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    finally:
        store.close()
    assert any("COVERING INDEX articles_public" in row[-1] for row in plan), plan


def test_list_still_reads_only_its_page_through_the_date_index(cli: Cli, db_path: Path) -> None:
    """The planner must not trade the date index for articles_public on `list`."""
    from newsroom_cli.models import ArticleFilter
    from newsroom_cli.store import open_store
    from newsroom_cli.store.articles import COLUMNS
    from newsroom_cli.store.filters import selection

    cli.add("Rilis")
    store = open_store(db_path)
    try:
        for flt in (ArticleFilter(limit=20), ArticleFilter(limit=20, public=True)):
            sql, params = selection(flt, COLUMNS)
            plan = store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            assert [row[-1] for row in plan] == ["SCAN a USING INDEX articles_date"], plan
    finally:
        store.close()


def test_the_stored_date_text_follows_every_change(cli: Cli, db_path: Path) -> None:
    """m004 keeps the date as `show` prints it; every write keeps it in step."""

    def stored(article: int) -> str:
        conn = sqlite3.connect(db_path)
        try:
            return str(
                conn.execute("SELECT date_text FROM articles WHERE id = ?", [article]).fetchone()[0]
            )
        finally:
            conn.close()

    cli.add("Rapat", "--date", "29/6/2020")
    assert stored(1) == "Senin, 29 Juni 2020"
    cli("edit", "1", "--lang", "en")
    assert stored(1) == "Monday, June 29, 2020"
    cli("edit", "1", "--date", "1/7/2020")
    assert stored(1) == "Wednesday, July 1, 2020"
    cli("revert", "1", "1")
    assert stored(1) == "Senin, 29 Juni 2020"
    cli.add("Draf tanpa tanggal")
    assert stored(2) == ""
    cli("publish", "2", "--at", "2030-01-07T09:00", "--force")
    assert stored(2) == "Senin, 7 Januari 2030"
    assert "Date: Senin, 7 Januari 2030" in cli("show", "2", "--format", "text").stdout


def _rebuild_articles(conn: sqlite3.Connection) -> None:
    """A migration that rebuilds ``articles`` the sqlite-utils way (create, copy, drop,
    rename), as a later schema change may: a new default for ``summary``."""
    from newsroom_cli.store.migrations import schema

    schema(conn).table("articles").transform(defaults={"summary": "-"})


def test_a_table_rebuild_keeps_every_tag_and_revision(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Foreign keys are off while migrations run: dropping the old ``articles`` table
    must not cascade-delete ``article_tags`` and ``revisions``."""
    from newsroom_cli.store import migrations, open_store

    cli.add("Rilis Pertama", "-t", "Berita", "-t", "Pengawasan")
    cli("edit", "1", "--title", "Rilis Pertama Diubah")
    cli.add("Rilis Kedua", "-t", "Berita")

    def counts() -> tuple[int, int]:
        conn = sqlite3.connect(db_path)
        try:
            tags = conn.execute("SELECT count(*) FROM article_tags").fetchone()[0]
            revisions = conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
        finally:
            conn.close()
        return tags, revisions

    before = counts()
    assert before == (3, 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, _rebuild_articles])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", CURRENT_VERSION + 1)
    store = open_store(db_path, auto_migrate=False)
    try:
        assert migrations.migrate(store) == ["_rebuild_articles"]
        assert store.pragma_int("foreign_keys") == 1  # back on for the rest of the command
        assert (
            "DEFAULT '-'"
            in store.conn.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'articles'"
            ).fetchone()[0]
        )
    finally:
        store.close()
    assert counts() == before


def test_the_same_rebuild_with_foreign_keys_on_would_lose_them(db_path: Path, cli: Cli) -> None:
    """Why migrate() switches them off: inside a transaction the pragma cannot change,
    and sqlite-utils refuses to rebuild a table that ON DELETE CASCADE points at."""
    from sqlite_utils.db import TransactionError

    cli.add("Rilis", "-t", "Berita")
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(TransactionError):
            _rebuild_articles(conn)
        conn.execute("ROLLBACK")
    finally:
        conn.close()
