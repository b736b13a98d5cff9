"""One family of errors, each carrying the exit code the CLI reports.

Code below the CLI raises these; the CLI boundary (``cli/_errors.py``) turns
them into one ``Error: ...`` line on stderr and the exit code. Exit codes follow
Click: 1 when an operation failed, 2 for bad usage or bad input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsroom_cli.models import Finding


class NewsroomError(Exception):
    """Base of every error a user may see; ``exit_code`` is what the CLI returns."""

    exit_code = 1


class NotFound(NewsroomError):
    """An article, tag or revision that does not exist."""


class Conflict(NewsroomError):
    """Someone else changed the data first, or a unique value is taken."""


class InvalidInput(NewsroomError):
    """Bad input from the user: a date, a title, a slug, an option value."""

    exit_code = 2


class DatabaseError(NewsroomError):
    """The database cannot be opened, read or written."""


class DatabaseDamaged(DatabaseError):
    """SQLite found the file damaged ("database disk image is malformed")."""


class NotANewsroomDatabase(DatabaseError):
    """A file that is not SQLite, or a SQLite file of another application."""


class SchemaTooNew(DatabaseError):
    """A database written by a newer newsroom; refused, never altered."""


class DatabaseBusy(DatabaseError):
    """Another process held the write lock for longer than the busy timeout."""


class MigrationFailed(DatabaseError):
    """A migration raised; the transaction was rolled back."""


class EditAborted(NewsroomError):
    """The editor session ended without a usable result; the text is kept on disk."""


class ChecksFailed(NewsroomError):
    """`publish` refused a release in which `check` found errors; they travel with it."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings
