"""Files no command may ever write over: the database, its journal and WAL, the photos.

`export --out "$NEWSROOM_DB"` once replaced the live database with an export
(with nothing published, with 0 bytes, which the next command took for a new,
empty database). Every path a command writes to (``--out``, ``--pdf``, a
backup's destination, each file of a folder export) is checked here first.

A target is the same file as a protected one when it resolves to the same path
(symlinks followed) or, for a file that exists, has the same device and inode
(a hard link has another name). The journal files are protected by name even
while they do not exist: SQLite creates them next to the database on demand.
The photo store is a folder: nothing may be written inside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from newsroom_cli.errors import InvalidInput

SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")
PHOTOS_SUFFIX = "-photos"


def photo_store(database: Path) -> Path:
    """Where a database keeps its photos: ``newsroom.db-photos/`` beside ``newsroom.db``,
    named the way SQLite names ``newsroom.db-journal``, so the two are seen together."""
    return database.with_name(database.name + PHOTOS_SUFFIX)


@dataclass(frozen=True)
class Protected:
    """The database's files, resolved once, and what to call each in a refusal."""

    files: tuple[tuple[str, str], ...]  # (resolved path, what it is)
    inodes: frozenset[tuple[int, int]]
    folders: tuple[tuple[str, str], ...]  # (resolved folder, what it is)

    def check(self, target: Path) -> None:
        """Refuse ``target`` (exit 2, one line) if writing it would hit a protected file."""
        resolved = os.path.realpath(target.expanduser())
        for path, what in self.files:
            if resolved == path:
                raise InvalidInput(f"{target} is {what}; newsroom never writes over it")
        for folder, what in self.folders:
            if resolved == folder or resolved.startswith(folder + os.sep):
                raise InvalidInput(f"{target} is inside {what}; newsroom never writes there")
        try:
            found = os.stat(resolved)
        except OSError:
            return
        if (found.st_dev, found.st_ino) in self.inodes:
            raise InvalidInput(
                f"{target} is another name (a link) for the database or one of its files; "
                "newsroom never writes over it"
            )

    def inside(self, root: Path) -> dict[str, str]:
        """Protected files and folders under ``root``, by their path relative to it:
        what a folder export writing into ``root`` must leave alone."""
        base = os.path.realpath(root)
        found = {}
        for path, what in (*self.files, *self.folders):
            if path.startswith(base + os.sep):
                found[os.path.relpath(path, base).replace(os.sep, "/")] = what
        return found


def protected(database: Path) -> Protected:
    """What belongs to the database at ``database`` and must never be written over."""
    real = os.path.realpath(database)
    files = [(real, f"the database ({database})")]
    files += [(real + suffix, f"the database's {suffix[1:]} file") for suffix in SQLITE_COMPANIONS]
    inodes = set()
    for path, _ in files:
        try:
            found = os.stat(path)
        except OSError:
            continue
        inodes.add((found.st_dev, found.st_ino))
    store = os.path.realpath(photo_store(Path(real)))
    return Protected(tuple(files), frozenset(inodes), ((store, "the photo store"),))
