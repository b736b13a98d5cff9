"""Check 6: the save fails *after* the person has typed; the typed text must survive.

The text is in the editor's file in the recovery folder; the save then fails
because another process holds the write lock past the busy timeout, because
the disk refuses the write (a real process with RLIMIT_FSIZE), or because the
store raises ENOSPC / SQLite's "disk is full" (in-process, monkeypatched).
Each time: exit 1, one ``Error:`` line, the database unchanged, and the
recovery file holds exactly what was typed (the jrnl#799 class of bug).
"""

from __future__ import annotations

import errno
import os
import re
import resource
import shlex
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import FAKE_EDITOR, Cli, one_error_line, run_cli
from newsroom_cli.services import editing
from reliability.conftest import check_invariants, failed_cleanly, sha256

pytestmark = pytest.mark.reliability

OLD = "Isi lama dari redaksi."
TYPED = "Teks baru yang diketik sebelum simpan gagal. " * 1500  # about 70 KB


def editor_env(editor: list[str] | None = None) -> dict[str, str]:
    command = editor or [sys.executable, str(FAKE_EDITOR)]
    return {
        "EDITOR": shlex.join(command),
        "FAKE_EDITOR_MODE": "sub",
        "FAKE_EDITOR_OLD": OLD,
        "FAKE_EDITOR_NEW": TYPED,
    }


def kept_file(line: str) -> Path:
    match = re.search(r"kept in (\S+\.md)", line)
    assert match, f"the error does not say where the text is: {line!r}"
    return Path(match.group(1))


def recovery_files(db: Path) -> list[Path]:
    return sorted((db.parent / "recovery").glob("*.md"))


def typed_text_is_kept(db: Path) -> Path:
    [kept] = recovery_files(db)
    text = kept.read_text(encoding="utf-8")
    assert TYPED.strip() in text
    assert OLD not in text
    return kept


@pytest.fixture
def one_article(db_path: Path) -> str:
    done = run_cli("add", "--title", "Rapat Koordinasi", "--body", OLD)
    assert done.returncode == 0, done.stderr
    return sha256(db_path)


# argv: database, seconds. Takes the write lock, says so, holds it, lets go.
LOCK_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("ROLLBACK")
    """
)


@pytest.mark.slow
def test_lock_held_past_the_timeout_keeps_the_typed_text(
    db_path: Path, tmp_path: Path, one_article: str
) -> None:
    gate = tmp_path / "gate"
    env = {
        **os.environ,
        **editor_env(),
        "FAKE_EDITOR_WAIT": str(gate),
        "NEWSROOM_BUSY_TIMEOUT": "500",
    }
    editing_proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", "edit", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    holder = None
    try:
        deadline = time.monotonic() + 30
        while not Path(f"{gate}.ready").exists():  # the editor is open
            assert editing_proc.poll() is None, editing_proc.communicate()
            assert time.monotonic() < deadline, "the editor never started"
            time.sleep(0.02)
        holder = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(db_path), "4"],
            stdout=subprocess.PIPE,
        )
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"locked\n"
        gate.write_text("save")  # the person saves and quits while the lock is held
        stdout, stderr = editing_proc.communicate(timeout=30)
    finally:
        for proc in (editing_proc, holder):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.communicate()

    line = failed_cleanly(subprocess.CompletedProcess([], editing_proc.returncode, stdout, stderr))
    assert "database is busy" in line
    assert kept_file(line) == typed_text_is_kept(db_path)
    assert sha256(db_path) == one_article  # nothing half-written
    check_invariants(db_path)


# An editor that lifts the file-size limit for itself, then is the fake editor.
UNLIMITED_EDITOR = textwrap.dedent(
    """
    import resource, runpy, sys
    unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
    resource.setrlimit(resource.RLIMIT_FSIZE, unlimited)
    sys.argv = [sys.argv[1], *sys.argv[2:]]
    runpy.run_path(sys.argv[0], run_name="__main__")
    """
)


def test_disk_refusing_the_write_keeps_the_typed_text(
    db_path: Path, tmp_path: Path, one_article: str
) -> None:
    """A real process whose database file may not grow: the write fails at COMMIT."""
    size = db_path.stat().st_size
    wrapper = tmp_path / "unlimited_editor.py"
    wrapper.write_text(UNLIMITED_EDITOR, encoding="utf-8")
    env = {
        **os.environ,
        **editor_env([sys.executable, str(wrapper), str(FAKE_EDITOR)]),
    }

    def database_may_not_grow() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

    result = subprocess.run(
        [sys.executable, "-m", "newsroom_cli", "edit", "1"],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=database_may_not_grow,
    )

    line = failed_cleanly(result)
    assert "cannot create/write database" in line
    assert kept_file(line) == typed_text_is_kept(db_path)
    assert sha256(db_path) == one_article
    check_invariants(db_path)


DISK_FULL = [
    pytest.param(OSError(errno.ENOSPC, "No space left on device"), id="OSError-ENOSPC"),
    pytest.param(sqlite3.OperationalError("database or disk is full"), id="sqlite-full"),
]


def save_fails_in_process(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: Exception
) -> str:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(editing, "persist", disk_full)  # the store write of every save
    for name, value in editor_env().items():
        monkeypatch.setenv(name, value)
    result = cli("edit", "1", code=1)
    assert result.stdout == ""
    return one_error_line(result.stderr)


@pytest.mark.parametrize("exc", DISK_FULL)
def test_disk_full_in_the_store_write_keeps_the_typed_text(
    cli: Cli,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_article: str,
    exc: Exception,
) -> None:
    line = save_fails_in_process(cli, tmp_path, monkeypatch, exc)
    assert "disk is full" in line
    typed_text_is_kept(db_path)
    assert sha256(db_path) == one_article
    check_invariants(db_path)


@pytest.mark.parametrize("exc", DISK_FULL)
def test_disk_full_names_the_recovery_file(
    cli: Cli,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_article: str,
    exc: Exception,
) -> None:
    line = save_fails_in_process(cli, tmp_path, monkeypatch, exc)
    assert kept_file(line) == typed_text_is_kept(db_path)
