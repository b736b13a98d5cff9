"""The database file's own upkeep in SQL: integrity checks and backups."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from newsroom_cli.errors import DatabaseError
from newsroom_cli.store.db import Store


def _rows(store: Store, query: str) -> list[str]:
    """A pragma's rows as text; the error itself when the pragma cannot run."""
    try:
        return [" ".join(str(v) for v in r) for r in store.conn.execute(query)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]


def integrity(store: Store) -> list[str]:
    """``["ok"]``, or SQLite's list of what is damaged."""
    return _rows(store, "PRAGMA integrity_check")


def foreign_key_problems(store: Store) -> list[str]:
    return _rows(store, "PRAGMA foreign_key_check")


def stale_temporaries(folder: Path, prefix: str) -> list[Path]:
    """Files and folders ``<prefix><pid>-...tmp`` (and a SQLite temporary's ``-journal``,
    ``-wal``, ``-shm``) in ``folder`` whose process is gone: what a backup killed
    half-way leaves, each as large as the database. A live process's are kept,
    so that two backups into one folder never remove each other's work.
    """
    found = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        if not name.startswith(prefix):
            continue
        pid, dash, rest = name[len(prefix) :].partition("-")
        if not (pid.isdigit() and dash and ".tmp" in rest) or _alive(int(pid)):
            continue
        found.append(folder / name)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): alive
        return True
    return True


def backup(store: Store, dest: Path) -> Path:
    """A consistent copy through SQLite's backup API, moved into place atomically.

    Written to a temporary file beside ``dest`` first, so an existing ``dest``
    is never half-overwritten. Its name holds this process's id, so that the
    temporaries of a backup that was killed are recognised, and removed, by the
    next backup into the same folder.
    """
    folder = dest.parent if str(dest.parent) else Path()
    prefix = f".{dest.name}."
    for leftover in stale_temporaries(folder, prefix):
        leftover.unlink(missing_ok=True)
    try:
        fd, raw = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DatabaseError(f"cannot write backup to {dest}: {exc.strerror}") from exc
    os.close(fd)
    temp = Path(raw)
    try:
        target = sqlite3.connect(temp)
        try:
            store.conn.backup(target)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
        if result != "ok":
            raise DatabaseError(f"the backup failed its integrity check: {result}")
        os.replace(temp, dest)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot write backup to {dest}: {exc}") from exc
    finally:
        for leftover in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)
    return dest
