"""The only code that speaks SQL. ``open_store`` is the one way in."""

from __future__ import annotations

from pathlib import Path

from newsroom_cli.store.db import (
    Header,
    Store,
    check_header,
    connect,
    create_file,
    current_journal_choice,
    read_header,
    set_journal_mode,
)
from newsroom_cli.store.migrations import CURRENT_VERSION, migrate

__all__ = ["Store", "open_store"]


def open_store(path: Path, *, auto_migrate: bool = True) -> Store:
    """Open (creating if needed) and migrate the database at ``path``.

    Foreign files and newer schemas are refused from their header, before
    SQLite opens them, so they are never altered.
    """
    header = read_header(path)
    if header is None:
        create_file(path)
    else:
        check_header(path, header, CURRENT_VERSION)
    store = Store(path, connect(path))
    try:
        if header is not None:
            # The header on disk can lag behind a WAL; ask SQLite as well.
            live = Header(
                application_id=store.pragma_int("application_id"),
                user_version=store.pragma_int("user_version"),
            )
            check_header(path, live, CURRENT_VERSION)
        outdated = header is None or header.user_version < CURRENT_VERSION
        if auto_migrate and outdated and migrate(store):
            set_journal_mode(store)
        elif header is not None and header.wal != (current_journal_choice().mode == "wal"):
            set_journal_mode(store)  # e.g. a WAL database met by a SQLite without the fix
    except BaseException:
        store.close()
        raise
    return store
