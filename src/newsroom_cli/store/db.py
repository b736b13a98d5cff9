"""Opening the one SQLite file safely, and the one way to write to it.

Before SQLite is allowed near a file, its 100-byte header is read directly: a
file that is not SQLite, a SQLite file of another application and a database
from a newer newsroom are refused without being opened, so they stay
byte-for-byte untouched (opening could create -journal/-wal files or change
the journal mode).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom_cli import clock
from newsroom_cli.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseError,
    NewsroomError,
    NotANewsroomDatabase,
    SchemaTooNew,
)

APPLICATION_ID = 0x4E65_7773  # "News"
SQLITE_MAGIC = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT_MS = 5000

TYPE_CHECKING = False
if TYPE_CHECKING:  # sqlite_utils costs 40-70 ms to import; only the Store needs it
    from sqlite_utils import Database


@dataclass(frozen=True)
class JournalChoice:
    mode: str
    reason: str


def journal_choice(version: tuple[int, int, int]) -> JournalChoice:
    """WAL only where the linked SQLite has the WAL-reset fix.

    SQLite 3.7.0 to 3.51.2 can corrupt a WAL database when a checkpoint races a
    writer ("WAL-reset"); 3.51.3 fixed it, and the fix was backported to 3.50.7
    and 3.44.6. The rollback journal is slower for concurrent readers but safe
    everywhere, network shares included.
    """
    text = ".".join(map(str, version))
    fixed = version >= (3, 51, 3) or (3, 50, 7) <= version < (3, 51, 0)
    fixed = fixed or (3, 44, 6) <= version < (3, 45, 0)
    if fixed:
        return JournalChoice("wal", f"SQLite {text} has the WAL-reset fix (3.51.3, 3.50.7, 3.44.6)")
    return JournalChoice(
        "delete",
        f"SQLite {text} predates the WAL-reset fix (3.51.3, 3.50.7, 3.44.6); "
        "using the rollback journal",
    )


def sqlite_version() -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in sqlite3.sqlite_version.split(".")[:3])
    return major, minor, patch


def current_journal_choice() -> JournalChoice:
    """The choice for the SQLite this Python links against."""
    return journal_choice(sqlite_version())


@dataclass(frozen=True)
class Header:
    application_id: int
    user_version: int
    wal: bool = False  # file format version bytes say WAL (2) rather than rollback (1)


def read_header(path: Path) -> Header | None:
    """The header of an existing, non-empty file; None when a new database may be made."""
    if path.is_dir():
        raise NotANewsroomDatabase(f"{path} is a folder, not a newsroom database file")
    try:  # a named pipe would block the open below for ever; /dev/null gains a -journal
        mode = path.stat().st_mode
    except OSError:
        mode = stat.S_IFREG  # missing (made anew), or the open below says why not
    if not stat.S_ISREG(mode):
        kind = "a named pipe" if stat.S_ISFIFO(mode) else "a device or another special file"
        raise NotANewsroomDatabase(
            f"{path} is {kind}, not a newsroom database file; point NEWSROOM_DB or --db at "
            "a regular file"
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        return None
    except NotADirectoryError as exc:  # a parent of the path is a regular file
        raise DatabaseError(f"cannot create database at {path}: {exc.strerror}") from exc
    except OSError as exc:
        raise DatabaseError(f"cannot read database at {path}: {exc.strerror}") from exc
    if not head:
        return None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotANewsroomDatabase(f"{path} is not a newsroom database (not a SQLite file)")
    return Header(
        application_id=int.from_bytes(head[68:72], "big"),
        user_version=int.from_bytes(head[60:64], "big"),
        wal=head[18] == 2,
    )


def check_header(path: Path, header: Header, current: int) -> None:
    if header.application_id != APPLICATION_ID:
        raise NotANewsroomDatabase(
            f"{path} is not a newsroom database (a SQLite file of another application)"
        )
    if header.user_version > current:
        raise SchemaTooNew(
            f"{path} was created by a newer newsroom (schema {header.user_version} > "
            f"{current}); upgrade newsroom-cli to use it"
        )


def create_file(path: Path) -> None:
    """Create the empty file ourselves so that it honours the umask.

    SQLite would create it 0644; with ``umask 002`` a shared desk's database is
    then group-writable, and SQLite gives its -journal/-wal files the same mode.
    """
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)
    except OSError as exc:
        raise DatabaseError(f"cannot create database at {path}: {exc.strerror}") from exc
    os.close(fd)


def busy_timeout_ms() -> int:
    value = os.environ.get("NEWSROOM_BUSY_TIMEOUT", "")
    return int(value) if value.isdigit() else DEFAULT_BUSY_TIMEOUT_MS


def damaged(path: Path | str, *, checking: bool = False) -> DatabaseDamaged:
    """What to do about a damaged database. ``db check`` lists the damage when SQLite
    can still read the file; when even it cannot (a page missing at the end), saying
    "run db check" from `db check` would send the person round in a circle."""
    told = (
        f"{path} is too damaged for `newsroom db check` to read"
        if checking
        else "`newsroom db check` lists the damage"
    )
    return DatabaseDamaged(
        f"database disk image is malformed: {told}; restore a backup, or save what "
        f"SQLite can still read with `sqlite3 {path} .recover`"
    )


def translate(exc: sqlite3.Error, path: Path | str) -> NewsroomError:
    """SQLite's errors in the words of a press officer, with what to do next."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            f"database is busy: another newsroom command is writing to {path}; try again"
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return damaged(path)
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"cannot write database at {path}: it is read-only")
    if "unable to open" in text or "disk i/o" in text:
        return DatabaseError(f"cannot create/write database at {path}: {exc}")
    if "full" in text:
        return DatabaseError(f"cannot write database at {path}: the disk is full")
    return DatabaseError(f"database error in {path}: {exc}")


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """SIGINT waits until the block is done (POSIX, main thread); elsewhere a no-op."""
    if (
        not hasattr(signal, "pthread_sigmask")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Store:
    """One open database. Reads go straight through; writes use ``write()``."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, for bulk writes and schema work.

        Made on first use: importing sqlite_utils costs 40-70 ms, which the
        read-only commands (`list`, `show`) do not need to pay.
        """
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, recursive_triggers=False, execute_plugins=False)
        return self._db

    def read_once(self) -> None:
        """For a command that reads the archive through once (an export): a page
        cache would only keep pages that are never read again, 64 MiB of them."""
        self.conn.execute("PRAGMA cache_size = -4096")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts, as sqlite-utils' ``db.query`` gives them, without importing it."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    @contextmanager
    def write(self, on_commit: Callable[[], None] | None = None) -> Iterator[Store]:
        """One ``BEGIN IMMEDIATE`` transaction: all of it happens, or none of it.

        IMMEDIATE takes the write lock before the first read, so a
        read-then-write never fails at once with "database is locked" when
        another process is writing: it waits for the busy timeout instead.
        Nested calls become savepoints. ``on_commit`` runs right after the
        commit with Ctrl-C held back, so what it records (an import's counts)
        always agrees with what was committed.
        """
        if self.conn.in_transaction:
            with self.db.atomic():  # nested: a savepoint
                yield self
            if on_commit is not None:
                on_commit()
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        with _ctrl_c_held():
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise translate(exc, self.path) from exc
            if on_commit is not None:
                on_commit()

    def _rollback(self) -> None:
        # An error such as SQLITE_FULL may already have rolled the transaction back.
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def pragma(self, name: str) -> object:
        row = self.conn.execute(f"PRAGMA {name}").fetchone()
        return row[0] if row else None

    def pragma_int(self, name: str) -> int:
        value = self.pragma(name)
        return int(value) if isinstance(value, (int, str)) else 0

    def close(self) -> None:
        self.conn.close()


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are always explicit here."""
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_ms() / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        conn.execute("PRAGMA foreign_keys = ON")
        # "Has its time come?" in SQL asks the same clock as Python (see clock.py).
        conn.create_function("newsroom_now", 0, clock.julian_now)
        # Big transactions (imports, tag renames) would otherwise spill to disk and
        # sync the journal at every spill: 64 MiB of page cache keeps them in memory.
        conn.execute("PRAGMA cache_size = -65536")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    return conn


def set_journal_mode(store: Store) -> None:
    """Bring the journal mode in line with what the linked SQLite can do safely.

    Leaving WAL needs the database to itself; when others have it open the
    switch waits for a later command (``db check`` reports the mismatch).
    """
    wanted = current_journal_choice().mode
    current = str(store.pragma("journal_mode")).lower()
    if current != wanted and not store.conn.in_transaction:
        with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: next time
            store.conn.execute(f"PRAGMA journal_mode = {wanted}")
