"""Checks 11, 12 and 14: a database nobody may write, a desk sharing one, a backup that fails.

Permission checks run twice: as an ordinary user with plain ``chmod`` (skipped
as root, where modes are not enforced), and, as root, in a process without
CAP_DAC_OVERRIDE (see ``unprivileged_prefix``), which obeys file modes like
anyone else. Parent-is-a-file and missing-parent cases (root-proof by nature)
are in tests/test_database_files.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli
from reliability.conftest import (
    can_drop_dac_override,
    check_invariants,
    failed_cleanly,
    run_as,
    sha256,
    unprivileged_prefix,
)

pytestmark = pytest.mark.reliability

ROOT = os.geteuid() == 0
AS_USER = pytest.param(
    "user", marks=pytest.mark.skipif(ROOT, reason="root ignores file modes; see the root variant")
)
AS_ROOT = pytest.param(
    "root-without-dac-override",
    marks=pytest.mark.skipif(not ROOT, reason="only root can drop CAP_DAC_OVERRIDE"),
)
WAYS = [AS_USER, AS_ROOT]

READS: list[tuple[str, ...]] = [
    ("list", "--format", "count"),
    ("show", "1", "--format", "json"),
    ("search", "koordinasi", "--format", "json"),
    ("export", "--format", "jsonl"),
    ("db", "check", "--format", "json"),
    ("tags", "--format", "json"),
    ("history", "1", "--format", "json"),
]
WRITES: list[tuple[str, ...]] = [
    ("add", "--title", "Tidak tersimpan"),
    ("edit", "1", "--title", "Tidak tersimpan"),
    ("tags", "rename", "Berita", "Kabar"),
    ("publish", "1"),
    ("config", "site.title", "Tidak tersimpan"),
    ("db", "reindex"),
]


def desk_database(db: Path) -> None:
    for args in (
        ("add", "--title", "Rapat Koordinasi", "-t", "Berita", "--body", "Isi rapat."),
        ("add", "--title", "Kedua", "-t", "Berita"),
    ):
        done = run_cli("--db", str(db), *args)
        assert done.returncode == 0, done.stderr


def make_file_read_only(db: Path) -> None:
    db.chmod(0o444)


def make_folder_read_only(db: Path) -> None:
    db.parent.chmod(0o555)  # the -journal cannot be created beside the file


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("make_read_only", [make_file_read_only, make_folder_read_only])
def test_read_only_database_reads_work_and_writes_fail_in_one_line(
    tmp_path: Path, way: str, make_read_only: Callable[[Path], None]
) -> None:
    prefix = unprivileged_prefix()
    folder = tmp_path / "desk"
    folder.mkdir()
    db = folder / "newsroom.db"
    desk_database(db)
    before = sha256(db)
    make_read_only(db)
    try:
        for args in READS:
            result = run_as(prefix, "--db", str(db), *args)
            assert result.returncode == 0, (args, result.stderr)
            assert result.stderr == b"", (args, result.stderr)
        assert json.loads(run_as(prefix, "--db", str(db), "list", "--format", "json").stdout)
        for args in WRITES:
            line = failed_cleanly(run_as(prefix, "--db", str(db), *args))
            assert line.startswith("Error: cannot write database at "), (args, line)
            assert "read-only" in line, (args, line)
        assert sha256(db) == before
        assert sorted(p.name for p in folder.iterdir()) == ["newsroom.db"]
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    check_invariants(db)


def test_read_only_database_error_names_the_file(tmp_path: Path) -> None:
    prefix = unprivileged_prefix()
    db = tmp_path / "newsroom.db"
    desk_database(db)
    db.chmod(0o444)
    line = failed_cleanly(run_as(prefix, "--db", str(db), "add", "--title", "x"))
    assert line == f"Error: cannot write database at {db}: it is read-only"


@pytest.mark.parametrize("way", WAYS)
def test_database_in_a_read_only_folder_cannot_be_created(tmp_path: Path, way: str) -> None:
    prefix = unprivileged_prefix()
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    db = folder / "newsroom.db"
    try:
        for args in (("list",), ("add", "--title", "x")):
            line = failed_cleanly(run_as(prefix, "--db", str(db), *args))
            assert line == f"Error: cannot create database at {db}: Permission denied"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


# --- check 12: a desk sharing one database --------------------------------------------------------


def create_under_umask(
    db: Path, mask: int, runner: tuple[str, ...] = ("-m", "newsroom_cli")
) -> None:
    done = subprocess.run(
        [sys.executable, *runner, "--db", str(db), "add", "--title", "Dari A"],
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.umask(mask),
    )
    assert done.returncode == 0, done.stderr


def jsonl(count: int) -> str:
    body = "Rapat koordinasi pengawasan tahapan pemilihan di seluruh kecamatan. " * 30
    return "".join(
        json.dumps({"title": f"Arsip Desk {n}", "body": body, "tags": ["Arsip"]}) + "\n"
        for n in range(count)
    )


# The CLI as linked against a WAL-safe SQLite: a database it creates is in WAL mode.
FORCE_WAL = textwrap.dedent(
    """
    import sys
    from newsroom_cli.store import db
    db.sqlite_version = lambda: (3, 51, 3)
    from newsroom_cli.cli import main
    sys.argv = ["newsroom", *sys.argv[1:]]
    main()
    """
)


def settled_mode(path: str) -> int:
    """A side file's mode once SQLite has set it.

    SQLite opens a side file under the process's umask and then ``fchmod``s it to
    the database's mode, so a poll can land in between; a mode without group
    write is only believed if the same file still has it a moment later.
    """
    first = os.stat(path)
    if first.st_mode & stat.S_IWGRP:
        return stat.S_IMODE(first.st_mode)
    time.sleep(0.01)
    second = os.stat(path)  # FileNotFoundError: gone, so never mind this one
    if second.st_ino != first.st_ino:
        raise FileNotFoundError(path)  # another file by now: look again
    return stat.S_IMODE(second.st_mode)


def modes_of_side_files(db: Path, command: list[str], suffixes: tuple[str, ...]) -> dict[str, int]:
    """Run ``command`` under a colleague's strict umask 077; catch the side files' modes."""
    proc = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.umask(0o077),
    )
    seen: dict[str, int] = {}
    try:
        while proc.poll() is None and len(seen) < len(suffixes):
            for suffix in suffixes:
                if suffix not in seen:
                    with contextlib.suppress(FileNotFoundError):
                        seen[suffix] = settled_mode(f"{db}{suffix}")
            time.sleep(0.0005)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_shared_database_and_its_side_files_are_group_writable(
    tmp_path: Path, journal: str
) -> None:
    db = tmp_path / "desk.db"
    records = tmp_path / "arsip.jsonl"
    records.write_text(jsonl(3000), encoding="utf-8")
    runner = ("-m", "newsroom_cli") if journal == "delete" else ("-c", FORCE_WAL)
    create_under_umask(db, 0o002, runner)  # A's shell has the desk's umask
    suffixes = ("-journal",) if journal == "delete" else ("-wal", "-shm")

    seen = modes_of_side_files(
        db, [sys.executable, *runner, "--db", str(db), "import", str(records)], suffixes
    )

    assert stat.S_IMODE(db.stat().st_mode) == 0o664
    assert sorted(seen) == sorted(suffixes), f"side files never seen: {seen}"
    for suffix, mode in seen.items():
        assert mode & stat.S_IWGRP, f"{suffix} is {oct(mode)}: B's umask won over the desk's"


@pytest.mark.skipif(not can_drop_dac_override(), reason="needs root and setpriv (see conftest)")
@pytest.mark.parametrize(("mask", "shared"), [(0o002, True), (0o022, False)])
def test_a_colleague_in_the_group_writes_the_database(
    tmp_path: Path, mask: int, shared: bool
) -> None:
    """A creates the database; B, another member of the desk's group, adds to it.

    A is played by a made-up uid owning the files; B by root without
    CAP_DAC_OVERRIDE in the desk's group only, so that only the group bits let B in.
    """
    desk_uid, desk_gid = 4242, 4243
    folder = tmp_path / "desk"
    folder.mkdir()
    folder.chmod(0o2775)  # a shared folder: setgid, group-writable
    db = folder / "newsroom.db"
    create_under_umask(db, mask)
    os.chown(folder, desk_uid, desk_gid)
    os.chown(db, desk_uid, desk_gid)
    before = sha256(db)
    colleague = [
        "setpriv",
        "--bounding-set=-dac_override,-dac_read_search",
        f"--groups={desk_gid}",
    ]

    result = run_as(colleague, "--db", str(db), "add", "--title", "Dari B")

    if shared:
        assert result.returncode == 0, result.stderr
        assert result.stderr == b""
        listed = run_as(colleague, "--db", str(db), "list", "--format", "count")
        assert listed.stdout == b"2\n"
        check_invariants(db)
    else:  # not group-writable: a clear one-line refusal, nothing changed
        line = failed_cleanly(result)
        assert "cannot write database" in line
        assert "read-only" in line
        assert sha256(db) == before


# --- check 14: a backup that fails leaves an existing DEST as it was ------------------------------


@pytest.fixture
def big_database(db_path: Path, tmp_path: Path) -> Path:
    records = tmp_path / "arsip.jsonl"
    records.write_text(jsonl(300), encoding="utf-8")
    done = run_cli("import", str(records))
    assert done.returncode == 0, done.stderr
    return db_path


def backup_with_file_limit(dest: Path, limit: int) -> subprocess.CompletedProcess[bytes]:
    def small_files_only() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return subprocess.run(
        [sys.executable, "-m", "newsroom_cli", "db", "backup", str(dest)],
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=small_files_only,
    )


def test_backup_failing_half_way_keeps_the_existing_destination(
    big_database: Path, tmp_path: Path
) -> None:
    source = sha256(big_database)

    dest, line = fail_a_backup_half_way(big_database, tmp_path)

    assert "disk I/O error" in line or "cannot write backup" in line
    assert dest.read_bytes() == b"cadangan kemarin"
    assert sha256(big_database) == source
    check_invariants(big_database)


def fail_a_backup_half_way(database: Path, tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "cadangan"
    folder.mkdir()
    dest = folder / "newsroom.db"
    dest.write_bytes(b"cadangan kemarin")
    return dest, failed_cleanly(backup_with_file_limit(dest, database.stat().st_size // 4))


def test_backup_failing_half_way_names_the_destination(big_database: Path, tmp_path: Path) -> None:
    dest, line = fail_a_backup_half_way(big_database, tmp_path)
    assert line.startswith(f"Error: cannot write backup to {dest}: ")


def test_backup_failing_half_way_leaves_no_litter(big_database: Path, tmp_path: Path) -> None:
    dest, _ = fail_a_backup_half_way(big_database, tmp_path)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["newsroom.db"]


@pytest.mark.parametrize("way", WAYS)
def test_backup_into_a_read_only_folder_keeps_the_existing_destination(
    db_path: Path, tmp_path: Path, way: str
) -> None:
    prefix = unprivileged_prefix()
    assert run_cli("add", "--title", "Ada").returncode == 0
    folder = tmp_path / "cadangan"
    folder.mkdir()
    dest = folder / "newsroom.db"
    dest.write_bytes(b"cadangan kemarin")
    folder.chmod(0o555)
    try:
        line = failed_cleanly(run_as(prefix, "db", "backup", str(dest)))
    finally:
        folder.chmod(0o755)
    assert line == f"Error: cannot write backup to {dest}: Permission denied"
    assert dest.read_bytes() == b"cadangan kemarin"
    assert sorted(p.name for p in folder.iterdir()) == ["newsroom.db"]


def test_backup_replaces_an_existing_destination_whole(db_path: Path, tmp_path: Path) -> None:
    assert run_cli("add", "--title", "Ada").returncode == 0
    dest = tmp_path / "newsroom-backup.db"
    dest.write_bytes(b"cadangan kemarin")
    done = run_cli("db", "backup", str(dest))
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(dest)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT title FROM articles").fetchall() == [("Ada",)]
    finally:
        conn.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == [dest.name]
