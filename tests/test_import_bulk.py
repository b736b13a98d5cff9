"""The bulk import path stores exactly what `add`, one article at a time, would store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli

LONG = "Bawaslu Kabupaten Bengkalis " * 8  # a headline whose slug is cut at 80 characters

# (record for import, options for `newsroom add`), in order. Several share a
# headline, so slugs must come out as x, x-2, x-3... in the same order both ways.
ARTICLES: list[tuple[dict[str, Any], list[str]]] = [
    (
        {"title": "Rapat Koordinasi", "tags": ["Berita", "Pilkada"], "status": "draft"},
        ["-t", "Berita", "-t", "Pilkada"],
    ),
    (
        {
            "title": "Rapat Koordinasi",
            "status": "published",
            "published_at": "2020-06-29T09:30:00+07:00",
            "tags": ["berita", "PILKADA", "Baru Sekali"],
            "body": "“Kami siap,” ujar Ketua.\u00a0Rp\u00a05 juta — dan 😀.\n\nParagraf dua.",
            "dateline": "Bengkalis",
        },
        [
            "--status",
            "published",
            "--date",
            "2020-06-29T09:30:00+07:00",
            "-t",
            "berita",
            "-t",
            "PILKADA",
            "-t",
            "Baru Sekali",
            "--body",
            "“Kami siap,” ujar Ketua.\u00a0Rp\u00a05 juta — dan 😀.\n\nParagraf dua.",
            "--dateline",
            "Bengkalis",
        ],
    ),
    (
        {"title": "Rapat Koordinasi", "status": "review", "published_at": "2021-01-04"},
        ["--status", "review", "--date", "2021-01-04"],
    ),
    (
        {"title": "Jadwal Kampanye", "status": "scheduled", "published_at": "2099-01-05T08:00"},
        ["--status", "published", "--date", "2099-01-05T08:00"],
    ),
    (
        {"title": "Siaran Khusus", "slug": "siaran-khusus", "category": "Siaran Pers"},
        ["--slug", "siaran-khusus", "--category", "Siaran Pers"],
    ),
    (
        {"title": "!!!", "summary": "Tanpa huruf", "lang": "en"},
        ["--summary", "Tanpa huruf", "--lang", "en"],
    ),
    ({"title": "!!!"}, []),
    ({"title": LONG, "author": "Ayu Lestari"}, ["--author", "Ayu Lestari"]),
    ({"title": LONG + " (2)"}, []),
    ({"title": LONG}, []),
    ({"title": "Tanpa Tanggal", "status": "published"}, ["--status", "published"]),
]


def dump(path: Path) -> dict[str, list[Any]]:
    """Every table, with the moments of saving (which differ run to run) taken out."""
    conn = sqlite3.connect(path)
    stamps = {row[0] for row in conn.execute("SELECT created_at FROM articles")}

    def norm(value: Any) -> Any:
        return "<now>" if isinstance(value, str) and value in stamps else value

    articles = [
        tuple(norm(v) for v in row)
        for row in conn.execute(
            "SELECT id, slug, title, summary, body, dateline, category, author, lang, status, "
            "published_at, deleted_at, revision, slug_frozen FROM articles ORDER BY id"
        )
    ]
    revisions = []
    for article_id, number, author, snapshot, note, kind in conn.execute(
        "SELECT article_id, revision, author, snapshot, note, kind FROM revisions ORDER BY id"
    ):
        data = {key: norm(value) for key, value in json.loads(snapshot).items()}
        revisions.append((article_id, number, author, data, note, kind))
    tables = {
        "articles": articles,
        "revisions": revisions,
        "tags": list(conn.execute("SELECT id, name, key, slug FROM tags ORDER BY id")),
        "article_tags": list(conn.execute("SELECT * FROM article_tags ORDER BY 1, 2")),
        "fts": list(conn.execute("SELECT rowid, * FROM articles_fts ORDER BY rowid")),
    }
    conn.close()
    return tables


@pytest.mark.parametrize("existing", [False, True], ids=["empty-db", "with-collisions"])
def test_bulk_import_equals_one_add_at_a_time(cli: Cli, tmp_path: Path, existing: bool) -> None:
    one_by_one, bulk = tmp_path / "add.db", tmp_path / "import.db"
    for db in (one_by_one, bulk):
        if existing:
            cli("--db", str(db), "add", "--title", "Rapat Koordinasi", "-t", "PENGAWASAN")
            cli("--db", str(db), "add", "--title", "Siaran Khusus 2", "--slug", "siaran-khusus-2")
    for record, options in ARTICLES:
        cli("--db", str(one_by_one), "add", "--title", record["title"], *options)
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "".join(json.dumps(record, ensure_ascii=False) + "\n" for record, _ in ARTICLES),
        encoding="utf-8",
    )
    result = cli("--db", str(bulk), "import", str(source), "--on-duplicate", "new")
    assert (
        result.stderr.splitlines()[0] == f"created {len(ARTICLES)}, updated 0, skipped 0, failed 0"
    )
    assert dump(bulk) == dump(one_by_one)
    report = cli.json("--db", str(bulk), "db", "check", "--format", "json")
    assert report["fts_problems"] == []
    assert report["ok"]


def test_a_tag_keeps_its_first_spelling_in_revisions_and_search(cli: Cli) -> None:
    cli("add", "--title", "Satu", "-t", "Berita")
    cli("add", "--title", "Dua", "-t", "berita")
    assert cli.json("show", "2", "--format", "json")["tags"] == ["Berita"]
    assert cli.json("db", "check", "--format", "json")["fts_problems"] == []
