"""What ``--db`` may point at, and the database file itself (rows 8, 9, 11, 12, 13, 14, 10).

Foreign files are refused from their header and stay byte-for-byte as they
were, with no -journal/-wal/-shm left beside them; new files are made ours.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli, one_error_line, run_cli
from newsroom_cli.store.db import (
    APPLICATION_ID,
    SQLITE_MAGIC,
    Store,
    connect,
    journal_choice,
    sqlite_version,
)
from newsroom_cli.store.migrations import CURRENT_VERSION, MIGRATIONS, migrate

SIDE_FILES = ("-journal", "-wal", "-shm")
# Reads, writes and maintenance: every one must refuse before touching the file.
COMMANDS = [
    ("list",),
    ("show", "1"),
    ("add", "--title", "x"),
    ("db", "check"),
    ("db", "migrate"),
    ("db", "reindex"),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(path: Path) -> object:
    """The file's hash, or a folder's listing."""
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    return sha256(path)


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in SIDE_FILES if Path(f"{path}{suffix}").exists()]


def ok(*args: str) -> subprocess.CompletedProcess[bytes]:
    result = run_cli(*args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    assert b"Traceback" not in result.stdout + result.stderr
    return result


# --- files that are not ours -------------------------------------------------------------------


def make_folder(path: Path) -> None:
    path.mkdir()


def make_text(path: Path) -> None:
    path.write_text("Rapat koordinasi, catatan redaksi.\n" * 20, encoding="utf-8")


def make_png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def make_random(path: Path) -> None:
    path.write_bytes(random.Random(20240629).randbytes(8192))


def make_short_sqlite(path: Path) -> None:
    path.write_bytes(SQLITE_MAGIC + b"\x10\x00")  # the magic, but no full header


def make_other_app(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('milik aplikasi lain')")
    conn.commit()
    conn.close()


def make_newer(path: Path) -> None:
    ok("--db", str(path), "add", "--title", "Dari versi baru")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()


FOREIGN: dict[str, tuple[Callable[[Path], None], str]] = {
    "folder": (make_folder, "is a folder"),
    "text": (make_text, "is not a newsroom database"),
    "png": (make_png, "is not a newsroom database"),
    "random": (make_random, "is not a newsroom database"),
    "short-sqlite": (make_short_sqlite, "is not a newsroom database"),
    "other-app": (make_other_app, "is not a newsroom database"),
    "newer": (make_newer, "newer newsroom"),
}


@pytest.mark.parametrize("kind", list(FOREIGN))
def test_foreign_file_is_refused_and_untouched(tmp_path: Path, kind: str) -> None:
    make, wording = FOREIGN[kind]
    path = tmp_path / "target.db"
    make(path)
    assert side_files(path) == []
    before = fingerprint(path)
    mtime = path.stat().st_mtime_ns

    for command in COMMANDS:
        result = run_cli("--db", str(path), *command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert result.stdout == b"", command
        line = one_error_line(result.stderr.decode())
        assert wording in line, (command, line)
        assert str(path) in line, (command, line)
        assert fingerprint(path) == before, command
        assert side_files(path) == [], command

    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target.db"]


def test_newer_schema_names_both_versions_and_db_path_still_works(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    make_newer(path)
    before = sha256(path)

    result = run_cli("--db", str(path), "list")
    assert result.returncode == 1
    line = one_error_line(result.stderr.decode())
    assert f"schema {CURRENT_VERSION + 1} > {CURRENT_VERSION}" in line
    assert "upgrade" in line

    shown = run_cli("--db", str(path), "db", "path")
    assert shown.returncode == 0, shown.stderr
    assert shown.stderr == b""
    assert shown.stdout.decode() == f"{path}\n"
    assert sha256(path) == before
    assert side_files(path) == []


# --- files that become ours --------------------------------------------------------------------


def assert_newsroom_database(path: Path) -> None:
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID != 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


@pytest.mark.parametrize("start", ["empty", "missing"])
def test_empty_or_missing_file_becomes_a_new_database(tmp_path: Path, start: str) -> None:
    path = tmp_path / "new.db"
    if start == "empty":
        path.write_bytes(b"")

    result = run_cli("--db", str(path), "list")

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert "The newsroom is empty" in result.stdout.decode()
    assert_newsroom_database(path)
    assert side_files(path) == []


def test_parent_is_a_regular_file(tmp_path: Path) -> None:
    parent = tmp_path / "not-a-folder"
    parent.write_text("isi\n", encoding="utf-8")
    path = parent / "x.db"

    for command in (("list",), ("add", "--title", "x")):
        result = run_cli("--db", str(path), *command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert result.stdout == b""
        line = one_error_line(result.stderr.decode())
        assert str(path) in line
    assert parent.read_text(encoding="utf-8") == "isi\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_parent_is_a_regular_file_says_cannot_create(tmp_path: Path) -> None:
    parent = tmp_path / "not-a-folder"
    parent.write_text("isi\n", encoding="utf-8")
    path = parent / "x.db"

    result = run_cli("--db", str(path), "list")

    assert result.returncode == 1
    line = one_error_line(result.stderr.decode())
    assert f"cannot create database at {path}" in line or "cannot create/write" in line


def test_missing_parent_says_cannot_create(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "x.db"

    result = run_cli("--db", str(path), "list")

    assert result.returncode == 1
    assert result.stdout == b""
    line = one_error_line(result.stderr.decode())
    assert "cannot create" in line
    assert str(path) in line
    assert not path.parent.exists()


def test_new_database_honours_umask_002(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"

    result = subprocess.run(
        [sys.executable, "-m", "newsroom_cli", "--db", str(path), "add", "--title", "x"],
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.umask(0o002),
    )

    assert result.returncode == 0, result.stderr
    mode = path.stat().st_mode
    assert mode & stat.S_IWGRP
    assert stat.S_IMODE(mode) == 0o664


# --- journal mode by SQLite version ------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "mode"),
    [
        ((3, 40, 1), "delete"),
        ((3, 51, 2), "delete"),
        ((3, 51, 3), "wal"),
        ((3, 52, 0), "wal"),
        ((3, 50, 7), "wal"),
        ((3, 50, 6), "delete"),
        ((3, 44, 6), "wal"),
        ((3, 44, 5), "delete"),
        ((3, 45, 0), "delete"),
        ((3, 7, 0), "delete"),
    ],
)
def test_journal_choice(version: tuple[int, int, int], mode: str) -> None:
    choice = journal_choice(version)
    assert choice.mode == mode
    assert ".".join(map(str, version)) in choice.reason


def test_db_check_reports_the_journal_mode_and_why(isolated: Path) -> None:
    ok("add", "--title", "x")
    expected = journal_choice(sqlite_version())

    result = ok("db", "check", "--format", "json")

    report = json.loads(result.stdout)
    assert result.stderr == b""
    assert report["sqlite_version"] == sqlite3.sqlite_version
    assert report["journal_mode"] == expected.mode
    assert report["journal_reason"] == expected.reason
    assert report["ok"] is True
    assert report["schema_version"] == report["code_schema_version"] == CURRENT_VERSION
    conn = sqlite3.connect(isolated)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == expected.mode
    finally:
        conn.close()


# --- backups -----------------------------------------------------------------------------------


def test_backup_is_a_consistent_copy(isolated: Path, tmp_path: Path) -> None:
    for title in ("Satu", "Dua", "Tiga"):
        ok("add", "--title", title)
    dest = tmp_path / "backups" / "copy.db"
    dest.parent.mkdir()

    result = ok("db", "backup", str(dest))

    assert result.stderr == b""
    assert str(dest) in result.stdout.decode()
    conn = sqlite3.connect(dest)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.db"]
    copy = run_cli("--db", str(dest), "list", "--format", "count")
    assert copy.returncode == 0, copy.stderr
    assert copy.stdout == b"3\n"


def test_backup_into_a_file_as_folder_fails_cleanly(isolated: Path, tmp_path: Path) -> None:
    ok("add", "--title", "x")
    parent = tmp_path / "not-a-folder"
    parent.write_text("isi\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())

    result = run_cli("db", "backup", str(parent / "copy.db"))

    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == b""
    line = one_error_line(result.stderr.decode())
    assert "backup" in line
    assert str(parent / "copy.db") in line
    assert parent.read_text(encoding="utf-8") == "isi\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


# --- migrations ---------------------------------------------------------------------------------


def test_migrations_bring_a_blank_database_to_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    store = Store(path, connect(path))
    try:
        assert len(MIGRATIONS) == CURRENT_VERSION
        applied = migrate(store)
        assert applied == [func.__name__ for func in MIGRATIONS]
        assert store.pragma_int("user_version") == CURRENT_VERSION
        assert store.pragma_int("application_id") == APPLICATION_ID
        assert migrate(store) == []  # idempotent
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = {row[0] for row in store.conn.execute(query)}
        expected = {"articles", "tags", "article_tags", "revisions", "settings", "articles_fts"}
        assert expected <= tables
    finally:
        store.close()


# argv: ready-file, go-file. Runs `list` on $NEWSROOM_DB as soon as "go" appears.
LIST_WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from newsroom_cli.cli import app

    Path(sys.argv[1]).write_text("ready")
    deadline = time.monotonic() + 30
    while not Path(sys.argv[2]).exists():
        if time.monotonic() > deadline:
            sys.exit("worker: no go signal")
        time.sleep(0.001)
    try:
        code = app(["list", "--format", "count"], standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
    sys.exit(code or 0)
    """
)


@pytest.mark.parametrize("trial", range(3))
def test_two_processes_create_the_schema_once(tmp_path: Path, trial: int) -> None:
    path = tmp_path / f"fresh-{trial}.db"
    path.write_bytes(b"")
    go = tmp_path / "go"
    readies = [tmp_path / f"ready-{n}" for n in range(2)]
    env = {**os.environ, "NEWSROOM_DB": str(path)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", LIST_WORKER, str(ready), str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for ready in readies
    ]
    try:
        deadline = time.monotonic() + 30
        while not all(ready.exists() for ready in readies):
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.01)
        go.write_text("go")
        outcomes = [(*w.communicate(timeout=60), w.returncode) for w in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()

    for stdout, stderr, code in outcomes:
        assert code == 0, stderr
        assert stderr == b""
        assert stdout == b"0\n"
    assert_newsroom_database(path)
    assert side_files(path) == []
    conn = sqlite3.connect(path)
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    finally:
        conn.close()
    assert len(names) == len(set(names))
    check = ok("--db", str(path), "db", "check")
    assert check.stderr == b""


def test_backup_names_use_the_office_clock(cli: Cli, tmp_path: Path) -> None:
    """Backup file names used UTC while everything else uses the office's zone (first
    day, item 11): at 23:30 UTC it is already the next day in Jakarta."""
    import re
    from datetime import datetime
    from zoneinfo import ZoneInfo

    cli.add("Rilis Cadangan")
    cli("config", "timezone", "Asia/Jayapura")  # UTC+9: never the machine's zone here
    folder = tmp_path / "cadangan"
    folder.mkdir()
    before = datetime.now(ZoneInfo("Asia/Jayapura"))
    cli("db", "backup", str(folder))
    [written] = folder.glob("newsroom-*.db")
    stamp = re.fullmatch(r"newsroom-(\d{8})-(\d{2})\d{4}\.db", written.name)
    assert stamp is not None
    assert stamp.group(1) == f"{before:%Y%m%d}" or before.hour == 23
    assert int(stamp.group(2)) in (before.hour, (before.hour + 1) % 24)
