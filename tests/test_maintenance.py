"""`db check` and `db reindex`: the search index is verified against the articles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import Cli


def test_check_reports_ok(sample_db: Cli) -> None:
    report = sample_db.json("db", "check", "--format", "json")
    assert report["ok"] is True
    assert report["integrity"] == ["ok"]
    assert report["articles"] == 14
    assert report["schema_version"] == report["code_schema_version"]
    assert report["fts_problems"] == []
    assert sqlite3.sqlite_version in report["journal_reason"]


def test_index_out_of_step_is_found_and_repaired(sample_db: Cli, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE articles_fts SET title = 'salah' WHERE rowid = 3")
        conn.execute("DELETE FROM articles_fts WHERE rowid = 4")
    result = sample_db("db", "check", code=1)
    assert "OUT OF STEP" in result.stdout
    assert "article 3 is out of step in the search index" in result.stdout
    assert "article 4 is missing from the search index" in result.stdout
    assert sample_db("db", "reindex").stdout == "Re-indexed 14 article(s).\n"
    assert sample_db.json("db", "check", "--format", "json")["ok"] is True


def test_index_stays_in_step_through_every_change(cli: Cli) -> None:
    cli.add("Satu", "-t", "Berita", "--body", "isi")
    cli.add("Dua", "-t", "berita")
    cli("edit", "1", "--title", "Satu Lagi", "--body", "isi baru")
    cli("tag", "2", "Humas")
    cli("tags", "rename", "berita", "Kabar")
    cli("delete", "1")
    cli("restore", "1")
    cli("revert", "1", "1")
    cli("tags", "delete", "Humas")
    cli.add("Tiga")
    cli("delete", "3", "--purge", "--yes")
    assert cli.json("db", "check", "--format", "json")["fts_problems"] == []


def test_migrate_reports_the_version(cli: Cli) -> None:
    assert cli("db", "migrate").stdout == (
        "The database is at schema version 5 (applied m001_create_articles, m002_release_fields, "
        "m003_public_index, m004_date_text, m005_photos).\n"
    )
    assert cli("db", "migrate").stdout == (
        "The database is at schema version 5 (nothing to apply).\n"
    )
