"""Checks 10, 13, 14, 15: failing migrations, journal mode, backups under load, corruption."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import Cli, one_error_line, run_cli
from newsroom_cli.store import db as store_db
from newsroom_cli.store import migrations

pytestmark = pytest.mark.reliability


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_failing_migration_leaves_the_database_as_it_was(
    cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.add("Sebelum migrasi")
    before = sha(db_path)

    def m999_breaks_half_way(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_breaks_half_way])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", len(migrations.MIGRATIONS))
    monkeypatch.setattr("newsroom_cli.store.CURRENT_VERSION", len(migrations.MIGRATIONS))
    result = cli("list", code=1)
    assert one_error_line(result.stderr).startswith(
        "Error: migration m999_breaks_half_way failed: no such table: no_such_table"
    )
    assert sha(db_path) == before
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "half_done" not in tables


@pytest.mark.parametrize(
    ("version", "mode"), [((3, 51, 3), "wal"), ((3, 44, 6), "wal"), ((3, 40, 1), "delete")]
)
def test_journal_mode_follows_the_sqlite_version(
    cli: Cli,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    version: tuple[int, int, int],
    mode: str,
) -> None:
    monkeypatch.setattr(store_db, "sqlite_version", lambda: version)
    cli.add("Baru")
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == mode
    conn.close()
    report = cli.json("db", "check", "--format", "json")
    assert report["journal_mode"] == mode
    assert ".".join(map(str, version)) in report["journal_reason"]


@pytest.mark.slow
def test_backup_while_another_process_writes(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli.add("Pertama")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from newsroom_cli.cli import app\n"
            "for n in range(400):\n"
            "    try:\n"
            "        app(['add', '--title', f'Tulis {n}', '--body', 'x ' * 500],"
            " standalone_mode=False)\n"
            "    except SystemExit:\n"
            "        pass\n",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for number in range(3):
            time.sleep(0.5)
            before = int(cli("list", "--format", "count").stdout)
            dest = tmp_path / f"cadangan-{number}.db"
            cli("db", "backup", str(dest))
            after = int(cli("list", "--format", "count").stdout)
            copy = sqlite3.connect(dest)
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = copy.execute("SELECT count(*) FROM articles").fetchone()[0]
            copy.close()
            assert before <= count <= after
    finally:
        writer.kill()
        writer.wait()


def test_failed_backup_keeps_an_existing_destination(cli: Cli, tmp_path: Path) -> None:
    cli.add("Ada")
    dest = tmp_path / "lama.db"
    dest.write_bytes(b"cadangan lama")
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    cli("db", "backup", str(blocker / "x.db"), code=1)
    assert dest.read_bytes() == b"cadangan lama"


def corrupt(db: Path) -> None:
    """Overwrite 64 bytes of the articles table's root b-tree page, as a failing disk would.

    (the reliability checks suggest page 2 + 100; where that lands in unused space the
    damage is invisible, so the test aims at a page that is surely in use.)
    """
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:
        handle.seek(page_size * (root - 1))
        handle.write(bytes(range(7, 71)))


def test_corrupted_database(cli: Cli, db_path: Path) -> None:
    for number in range(40):
        # published, so that the export must read the damaged rows (an index alone
        # can tell that there is nothing public to export)
        cli.add(f"Rilis {number}", "-t", "Berita", "--body", "isi " * 200, "--status", "published")
    corrupt(db_path)
    check = run_cli("db", "check")
    assert check.returncode == 1
    assert b"Traceback" not in check.stderr
    assert b"PROBLEMS" in check.stdout
    for args in (["list"], ["show", "1"], ["add", "--title", "x"], ["export", "--format", "jsonl"]):
        result = run_cli(*args)
        assert result.returncode == 1, args
        line = one_error_line(result.stderr.decode())
        assert line == (
            "Error: database disk image is malformed: `newsroom db check` lists the damage; "
            f"restore a backup, or save what SQLite can still read with `sqlite3 {db_path} "
            ".recover`"
        ), args


# argv[1]: the SQLite version the store is told it runs on; the rest: the CLI's arguments.
ON_SQLITE = textwrap.dedent(
    """
    import sys
    from newsroom_cli.store import db
    version = tuple(int(part) for part in sys.argv[1].split("."))
    db.sqlite_version = lambda: version
    from newsroom_cli.cli import main
    sys.argv = ["newsroom", *sys.argv[2:]]
    main()
    """
)


def on_sqlite(version: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", ON_SQLITE, version, *args],
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_a_wal_database_opened_by_an_affected_sqlite_leaves_wal(db_path: Path) -> None:
    made = on_sqlite("3.51.3", "add", "--title", "Dibuat di mesin baru")
    assert made.returncode == 0, made.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()

    added = on_sqlite("3.40.1", "add", "--title", "Ditulis di mesin lama")
    assert added.returncode == 0, added.stderr
    report = json.loads(on_sqlite("3.40.1", "db", "check", "--format", "json").stdout)

    conn = sqlite3.connect(db_path)
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert (mode, report["journal_mode"]) == ("delete", "delete")
