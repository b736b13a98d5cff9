"""The bulk import path stores exactly what `add`, one article at a time, would store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli
from newsroom_cli.services import importing

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


@pytest.mark.parametrize("chunk", [1000, 2], ids=["one-chunk", "chunks-of-2"])
@pytest.mark.parametrize("existing", [False, True], ids=["empty-db", "with-collisions"])
def test_bulk_import_equals_one_add_at_a_time(
    cli: Cli, tmp_path: Path, existing: bool, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "CHUNK", chunk)
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


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.mark.parametrize("on_duplicate", ["skip", "update", "new"])
def test_duplicates_are_found_across_chunks(
    cli: Cli, tmp_path: Path, on_duplicate: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records 1 and 7 name one slug, 2 and 8 share a headline and day: chunks of 3 apart."""
    monkeypatch.setattr(importing, "CHUNK", 3)
    day = "2024-05-01T09:00:00+07:00"
    records = [{"title": f"Rilis {n}", "published_at": day} for n in range(1, 10)]
    records[0]["slug"] = "rilis-bersama"
    records[6] = {"title": "Rilis Tujuh", "slug": "rilis-bersama", "body": "Isi baru."}
    records[7] = {"title": "Rilis 2", "published_at": day, "body": "Isi baru."}
    result = cli(
        "import", str(_jsonl(tmp_path / "a.jsonl", records)), "--on-duplicate", on_duplicate
    )
    expected = {
        "skip": "created 7, updated 0, skipped 2, failed 0",
        "update": "created 7, updated 2, skipped 0, failed 0",
        "new": "created 9, updated 0, skipped 0, failed 0",
    }[on_duplicate]
    assert result.stderr.splitlines()[0] == expected
    listed = cli.json("list", "--format", "json", "--limit", "0")
    slugs = sorted(r["slug"] for r in listed)
    assert len(slugs) == len(set(slugs))
    if on_duplicate == "update":
        assert {r["title"] for r in listed if r["body"].startswith("Isi baru")} == {
            "Rilis Tujuh",
            "Rilis 2",
        }


def test_a_bad_record_in_a_later_chunk_leaves_none_of_the_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "CHUNK", 2)
    cli("add", "--title", "Sudah Ada")
    records: list[dict[str, Any]] = [{"title": f"Rilis {n}"} for n in range(7)]
    records.append({"title": "Rusak", "published_at": "Senin, 30 Juni 2020"})  # a Tuesday
    result = cli("import", str(_jsonl(tmp_path / "b.jsonl", records)), code=1)
    assert result.stderr.splitlines()[0] == "created 0, updated 0, skipped 0, failed 1"
    assert [r["title"] for r in cli.json("list", "--format", "json")] == ["Sudah Ada"]
    assert cli.json("db", "check", "--format", "json")["fts_problems"] == []


GOOD = b'{"title": "Rilis Satu"}\n'


@pytest.mark.parametrize(
    "data",
    [
        GOOD + b'{"title": "R\x80"}\n',  # a stray continuation byte
        b"\xef\xbb\xbf" + GOOD + b"\xff",  # after a byte order mark
        GOOD * 3 + b'{"title": "\xe2\x82"}\n',  # a character cut short
        GOOD + b"\xe2\x82",  # cut short at the very end
        b"\xff\xfe" + GOOD,  # UTF-16
        b" \n\r\n \xef\xbb\xbf",  # nothing but blank space (and a stray BOM)
        b"",
    ],
)
def test_a_file_read_line_by_line_is_refused_as_the_whole_file_would_be(
    cli: Cli, tmp_path: Path, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON Lines files are checked in blocks (here of 4 bytes), stdin whole: same message."""
    from newsroom_cli.services import sources

    monkeypatch.setattr(sources, "_BLOCK", 4)
    path = tmp_path / "rilis.jsonl"
    path.write_bytes(data)
    streamed = cli("import", str(path), code=1).stderr.splitlines()[1]
    whole = cli("import", "-", "--format", "jsonl", input=data, code=1)
    assert streamed == whole.stderr.splitlines()[1].replace("stdin", str(path))
    assert cli.json("list", "--format", "json") == []


def test_line_ends_of_any_kind_read_the_same(cli: Cli, tmp_path: Path) -> None:
    for name, end in (("lf", b"\n"), ("crlf", b"\r\n"), ("cr", b"\r")):
        lines = [f'{{"title": "Rilis {name} {n}"}}'.encode() for n in range(3)]
        (tmp_path / f"{name}.jsonl").write_bytes(b"\xef\xbb\xbf" + end.join(lines) + end)
    result = cli("import", str(tmp_path))
    assert result.stderr.splitlines()[0] == "created 9, updated 0, skipped 0, failed 0"


def test_json_lines_from_a_pipe_or_a_fifo_all_come_in(tmp_path: Path, db_path: Path) -> None:
    """Only regular files are read twice (checked, then parsed); a pipe is read once, whole."""
    import os
    import subprocess
    import sys
    import threading

    data = b'{"title": "Lewat Pipa Satu"}\n{"title": "Lewat Pipa Dua"}\n'
    command = [sys.executable, "-m", "newsroom_cli", "--db", str(db_path), "import"]
    piped = subprocess.run(
        [*command, "--format", "jsonl", "/dev/stdin"], input=data, capture_output=True, timeout=60
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr.decode().splitlines()[0] == "created 2, updated 0, skipped 0, failed 0"
    fifo = tmp_path / "arsip.jsonl"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(data.replace(b"Pipa", b"FIFO")))
    writer.start()
    done = subprocess.run([*command, str(fifo)], capture_output=True, timeout=60)
    writer.join(timeout=60)
    assert done.stderr.decode().splitlines()[0] == "created 2, updated 0, skipped 0, failed 0"
