"""No command ever writes over the database, its journal files or its photo store.

`export --format jsonl --out "$NEWSROOM_DB"` printed "Exported to ..." and
replaced the live database (with 0 bytes when nothing was published, which the
next command took for a new, empty database). Every command that writes a file
is tried here against the database under its own name, through a symlink,
through a hard link, its journal's name, and the photo store; each is refused
with one line and exit 2, and the database is byte-for-byte what it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli
from reliability.conftest import check_invariants, failed_cleanly, sha256

pytestmark = pytest.mark.reliability


@pytest.fixture
def desk(db_path: Path) -> Path:
    """A database with one published and one draft release."""
    for args in (
        ["add", "--title", "Rapat Koordinasi Pengawasan", "--body", "Isi rilis.", "-t", "Berita"],
        ["publish", "1", "--force"],
        ["add", "--title", "Draf Sosialisasi Pemilih", "--body", "Isi draf."],
    ):
        assert run_cli(*args).returncode == 0
    return db_path


TARGETS: dict[str, Callable[[Path, Path], Path]] = {
    "the database": lambda db, tmp: db,
    "a symlink to it": lambda db, tmp: _link(tmp / "tautan.db", db, os.symlink),
    "a hard link to it": lambda db, tmp: _link(tmp / "salinan.db", db, os.link),
    "its journal": lambda db, tmp: Path(f"{db}-journal"),
    "its wal": lambda db, tmp: Path(f"{db}-wal"),
    "inside the photo store": lambda db, tmp: Path(f"{db}-photos") / "ekspor.jsonl",
}


def _link(link: Path, target: Path, make: Callable[[Path, Path], None]) -> Path:
    make(target, link)
    return link


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "export jsonl": lambda out: ["export", "--format", "jsonl", "--out", str(out)],
    "export csv": lambda out: ["export", "--format", "csv", "--out", str(out)],
    "export atom": lambda out: ["export", "--format", "atom", "--out", str(out)],
    "export jsonl with drafts": lambda out: [
        "export",
        "--format",
        "jsonl",
        "--include-drafts",
        "--out",
        str(out),
    ],
    "render print": lambda out: ["render", "1", "--to", "print", "--out", str(out)],
    "render email": lambda out: [
        "render",
        "1",
        "--to",
        "email",
        "--format",
        "eml",
        "--out",
        str(out),
    ],
    "render pdf": lambda out: ["render", "1", "--to", "print", "--pdf", str(out)],
    "db backup": lambda out: ["db", "backup", str(out)],
}


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_writes_over_the_database(
    desk: Path, tmp_path: Path, target: str, command: str
) -> None:
    out = TARGETS[target](desk, tmp_path)
    before = sha256(desk)
    error = failed_cleanly(run_cli(*COMMANDS[command](out)), code=2)
    assert "never writes" in error, error
    assert sha256(desk) == before
    assert not Path(f"{desk}-photos").exists() or not any(Path(f"{desk}-photos").iterdir())
    listed = run_cli("list", "--format", "count")
    assert listed.stdout == b"2\n"
    check_invariants(desk)


def test_a_folder_export_never_writes_or_removes_the_database_in_its_folder(
    tmp_path: Path,
) -> None:
    """A database named like a page of the site, inside --out, with --force."""
    site = tmp_path / "situs"
    site.mkdir()
    db = site / "feed.xml"  # the site's Atom feed would land exactly here
    env = {"NEWSROOM_DB": str(db)}
    assert (
        run_cli("add", "--title", "Rapat Pleno Terbuka", "--body", "Isi.", env=env).returncode == 0
    )
    assert run_cli("publish", "1", "--force", env=env).returncode == 0
    before = sha256(db)
    error = failed_cleanly(
        run_cli("export", "--format", "html", "--out", str(site), "--force", env=env), code=2
    )
    assert "feed.xml" in error
    assert "the database" in error
    assert sha256(db) == before
    assert run_cli("list", "--format", "count", env=env).stdout == b"1\n"


def test_other_files_are_still_written(desk: Path, tmp_path: Path) -> None:
    """The guard refuses only the database's files: a file beside it is fine."""
    beside = desk.with_name("ekspor.jsonl")
    done = run_cli("export", "--format", "jsonl", "--out", str(beside))
    assert done.returncode == 0, done.stderr
    assert beside.read_text(encoding="utf-8").count("\n") == 1
    backup = run_cli("db", "backup", str(tmp_path / "cadangan.db"))
    assert backup.returncode == 0, backup.stderr
