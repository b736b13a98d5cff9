"""Looking after the database file: checks, backups, re-indexing.

The SQL of each (pragmas, the backup API) is in ``store/maintenance.py``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsroom_cli import dates
from newsroom_cli.errors import DatabaseError
from newsroom_cli.files.protected import photo_store, protected
from newsroom_cli.services.photos import store_of
from newsroom_cli.store import Store
from newsroom_cli.store import articles as rows
from newsroom_cli.store import maintenance as file_rows
from newsroom_cli.store import photos as photo_rows
from newsroom_cli.store import search as search_rows
from newsroom_cli.store.db import APPLICATION_ID, current_journal_choice, translate
from newsroom_cli.store.migrations import CURRENT_VERSION

CHECK_CHUNK = 500  # articles compared with their index rows at a time


@dataclass
class CheckReport:
    path: str
    sqlite_version: str
    journal_mode: str
    journal_reason: str
    journal_wanted: str
    schema_version: int
    code_schema_version: int
    application_id_ok: bool
    integrity: list[str]
    foreign_keys: list[str]
    fts_problems: list[str] = field(default_factory=list)
    articles: int = 0
    photos: int = 0  # originals in the photo store, each checked against its hash
    photo_problems: list[str] = field(default_factory=list)
    unused_photos: list[str] = field(default_factory=list)  # files no row or revision names
    swept: int = 0  # with --fix: unused files and half-written leftovers removed

    @property
    def ok(self) -> bool:
        return (
            self.application_id_ok
            and self.journal_mode.lower() == self.journal_wanted
            and self.integrity == ["ok"]
            and not self.foreign_keys
            and not self.fts_problems
            and not self.photo_problems
            and self.schema_version == self.code_schema_version
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def fts_problems(store: Store) -> list[str]:
    """Compare the FTS index with what a fresh rebuild would hold.

    A chunk of articles at a time: holding a large archive and its index in
    memory at once took some 800 MB for 100,000 articles.
    """
    problems = []
    ids = rows.all_ids(store)
    for start in range(0, len(ids), CHECK_CHUNK):
        chunk = ids[start : start + CHECK_CHUNK]
        indexed = search_rows.indexed_text(store, chunk)
        for article in sorted(rows.by_ids(store, chunk), key=lambda a: a.id or 0):
            expected = (article.title, article.summary, article.body, "\n".join(article.tags))
            if article.id not in indexed:
                problems.append(f"article {article.id} is missing from the search index")
            elif indexed[article.id] != expected:
                problems.append(f"article {article.id} is out of step in the search index")
    problems += [f"search index row {extra} has no article" for extra in search_rows.orphans(store)]
    if search_rows.word_lists_ok(store) is False:
        problems.append("the search index's word lists do not match its text")
    return problems


def check_photos(store: Store, report: CheckReport, *, fix: bool) -> None:
    """Every original a row or a revision names must be there, whole (its hash);
    files that nothing names are what a killed `photo add` leaves: listed, and
    removed with ``fix``."""
    photos = store_of(store)
    needed = photo_rows.referenced(store)
    kept = set(photos.originals())
    for sha in sorted(needed):
        problem = photos.verify(sha)
        if problem is not None:
            users = [f"{a}/{p}" for a, p, s in photo_rows.all_photos(store) if s == sha]
            where = f" (article/photo {', '.join(users)})" if users else " (in a revision)"
            report.photo_problems.append(f"photo {sha[:12]} is {problem}{where}")
    report.photos = len(kept & needed)
    report.unused_photos = sorted(kept - needed)
    if fix:
        for sha in report.unused_photos:
            photos.remove(sha)
        report.swept = len(report.unused_photos) + photos.clear_temporary()


def check(store: Store, *, fix: bool = False) -> CheckReport:
    """The report; SQLite's own errors come out translated (``DatabaseDamaged`` when
    the file is too damaged even to be checked), for the CLI to say what to do."""
    try:
        return _check(store, fix=fix)
    except sqlite3.DatabaseError as exc:
        raise translate(exc, store.path) from exc


def _check(store: Store, *, fix: bool) -> CheckReport:
    choice = current_journal_choice()
    report = CheckReport(
        path=str(store.path),
        sqlite_version=sqlite3.sqlite_version,
        journal_mode=str(store.pragma("journal_mode")),
        journal_reason=choice.reason,
        journal_wanted=choice.mode,
        schema_version=store.pragma_int("user_version"),
        code_schema_version=CURRENT_VERSION,
        application_id_ok=store.pragma("application_id") == APPLICATION_ID,
        integrity=file_rows.integrity(store),
        foreign_keys=file_rows.foreign_key_problems(store),
    )
    if report.integrity == ["ok"]:
        report.fts_problems = fts_problems(store)
        report.articles = len(rows.all_ids(store))
        check_photos(store, report, fix=fix)
    return report


def reindex(store: Store) -> int:
    with store.write():
        return search_rows.rebuild(store)


def backup(store: Store, dest: Path, zone_name: str = "Asia/Jakarta") -> Path:
    """A consistent copy of the database, written beside ``dest`` and moved into place."""
    if dest.is_dir():
        # named by the office's clock, as every time the desk reads (not the machine's UTC)
        stamp = dates.now(dates.zone(zone_name))
        dest = dest / f"newsroom-{stamp:%Y%m%d-%H%M%S}.db"
    protected(store.path).check(dest)  # a backup onto the live database would replace it
    done = file_rows.backup(store, dest)
    # The photos go beside the copy, named as its own photo store, so that the
    # backup copied back is a working newsroom with every photo. Which photos is
    # read from the copy itself: its rows were committed after their files were
    # written, so every file it names is in the store now (no lock is held while
    # the files are copied; writers go on).
    copy = Store(done, sqlite3.connect(done))
    try:
        needed = photo_rows.referenced(copy)
    finally:
        copy.conn.close()
    target = photo_store(done)
    for leftover in file_rows.stale_temporaries(target.parent, f".{target.name}."):
        shutil.rmtree(leftover, ignore_errors=True)  # a killed backup's copy of the photos
    temp = target.with_name(f".{target.name}.{os.getpid()}-photos.tmp")
    shutil.rmtree(temp, ignore_errors=True)
    try:
        store_of(store).copy_to(temp, needed)
        shutil.rmtree(target, ignore_errors=True)
        if temp.exists():
            os.replace(temp, target)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise DatabaseError(f"cannot copy the photos to {target}: {exc.strerror}") from exc
    return done
