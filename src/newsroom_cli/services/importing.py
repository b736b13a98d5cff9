"""Bringing records in: each file whole or not at all, duplicates handled as asked.

A file goes in as one ``BEGIN IMMEDIATE`` transaction (its encoding checked
before the transaction begins), taken in chunks of
``CHUNK`` records so that an archive of 100,000 releases is never all in memory:
each chunk's articles are prepared (every field cleaned, every date read), then
each is checked for a duplicate (same slug, or same headline on the same
release day) and skipped, used to update the existing one, or added anew. A
bad record anywhere rolls the whole file back. New articles are written
together (``services.batch``); an update goes through ``editing.update`` like
any other edit, so it gets its own revision.

Photos come first (``services.import_photos``): the pictures a file names are
checked and stored before its transaction, and the records then attach them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import islice

from newsroom_cli import config, formats, slugs
from newsroom_cli.errors import InvalidInput, NewsroomError
from newsroom_cli.formats.jsonl import photo_records, read_jsonl_lines
from newsroom_cli.formats.records import Incoming
from newsroom_cli.models import Article
from newsroom_cli.services import editing, sources
from newsroom_cli.services.batch import NewArticles
from newsroom_cli.services.import_photos import Bringer, Notes, photos_of
from newsroom_cli.services.lookup import get
from newsroom_cli.services.photos import store_of
from newsroom_cli.services.sources import Source
from newsroom_cli.store import Store, bulk

ON_DUPLICATE = ("skip", "update", "new")
CHUNK = 1000  # records prepared and written at a time, within the file's transaction


@dataclass
class Tally:
    """What an import did; ``failed`` holds (file, reason) pairs.

    ``photos`` counts the photos attached to the articles created or updated;
    ``remote_images`` the remote images kept as links; ``photos_skipped`` the
    pictures of a page that could not come in, as (file, "picture: reason").
    ``not_read`` holds the files of a folder passed over, as (file, reason): a
    symlink leading out of the folder, a named pipe, a device.
    """

    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    photos: int = 0
    remote_images: int = 0
    photos_skipped: list[tuple[str, str]] = field(default_factory=list)
    not_read: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.created += other.created
        self.updated += other.updated
        self.skipped += other.skipped
        self.failed += other.failed
        self.photos += other.photos
        self.remote_images += other.remote_images
        self.photos_skipped += other.photos_skipped
        self.not_read += other.not_read


class _DryRun(Exception):
    """Raised to roll back a dry run's transaction."""


@dataclass
class _Prepared:
    item: Incoming
    article: Article
    day: str | None  # the release day the record gives, None when it gives no date


def _prepare(cfg: config.Config, item: Incoming, status: str | None, stamp: str) -> _Prepared:
    try:
        if item.untitled:
            raise InvalidInput(item.untitled)
        article = editing.new_article(cfg, item.changes, status or item.status, stamp)
    except NewsroomError as exc:
        if item.where and not str(exc).startswith(item.where):
            raise type(exc)(f"{item.where}: {exc}") from exc
        raise
    given = item.changes.date is not None and item.changes.date.strip()
    day = article.published_at[:10] if given and article.published_at else None
    return _Prepared(item, article, day)


def check_photos(store: Store, prepared: list[_Prepared], ready: set[str]) -> None:
    """A record's photos must have their originals in this newsroom's photo store
    (or, in a dry run, have been found and checked: ``ready``)."""
    photos = store_of(store)
    for p in prepared:
        for photo in p.item.changes.photos or []:
            if photo.sha256 not in ready and not photos.original(photo.sha256).is_file():
                where = f"{p.item.where}: " if p.item.where else ""
                raise InvalidInput(
                    f"{where}photo {photo.filename} ({photo.sha256[:12]}) is not in the "
                    "photo store; import the export's photos folder with it"
                )


def _key(article: Article) -> tuple[str, str | None]:
    """How ``store.articles.find_duplicate`` sees a stored article: headline and day."""
    return article.title, article.published_at[:10] if article.published_at else None


class Duplicates:
    """The articles a file's records could duplicate, kept up to date as the file goes in.

    Loaded in two queries for each chunk of the file (by slug, and by headline;
    the database holds the earlier chunks), then maintained as articles are
    created or updated, so that a record can also duplicate one that came
    earlier in the same file.

    Within one import, records that each name their own slug are told apart
    by slug alone: an export holding two undated drafts called "Catatan" has
    two articles, and they must come back as two. ``named`` holds the ids this
    import created under a slug their record named; it is shared by the files
    of one import (an md export is one file per article).
    """

    def __init__(self, named: set[int]) -> None:
        self.by_slug: dict[str, int] = {}
        self.by_key: dict[tuple[str, str | None], set[int]] = {}
        self.entries: dict[int, tuple[str | None, tuple[str, str | None] | None]] = {}
        self.named = named

    def load(self, store: Store, prepared: list[_Prepared]) -> None:
        """What the stored articles say about a chunk's slugs and headlines.

        The database is the truth: it holds the file's earlier chunks too, with
        every update made to them.
        """
        slugs = [p.article.slug for p in prepared if p.article.slug]
        for slug, article_id in bulk.ids_by_slug(store, slugs).items():
            self.forget(article_id)
            self.by_slug[slug] = article_id
            self.entries[article_id] = (slug, None)
        titles = [p.article.title for p in prepared]
        for key, ids in bulk.ids_by_title_and_day(store, titles).items():
            self.by_key[key] = set(ids)
            for article_id in ids:
                known_slug = self.entries.get(article_id, (None, None))[0]
                self.entries[article_id] = (known_slug, key)

    def find(self, slug: str, title: str, day: str | None) -> int | None:
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        ids = self.by_key.get((title, day), set())
        if slug:
            ids = ids - self.named
        return min(ids) if ids else None

    def forget(self, article_id: int) -> None:
        slug, key = self.entries.pop(article_id, (None, None))
        if slug is not None:
            self.by_slug.pop(slug, None)
        if key is not None:
            self.by_key.get(key, set()).discard(article_id)

    def remember(self, article: Article, *, named: bool = False) -> None:
        assert article.id is not None
        if named:
            self.named.add(article.id)
        self.forget(article.id)
        key = _key(article)
        self.by_slug[article.slug] = article.id
        self.by_key.setdefault(key, set()).add(article.id)
        self.entries[article.id] = (article.slug, key)


def import_items(
    store: Store,
    cfg: config.Config,
    items: Iterable[Incoming],
    *,
    on_duplicate: str = "skip",
    status: str | None = None,
    dry_run: bool = False,
    named: set[int] | None = None,
    into: Tally | None = None,
    ready: set[str] | None = None,
    notes: Notes | None = None,
) -> Tally:
    """One file's records in one transaction; any error leaves none of them.

    ``into`` gets this file's counts at the moment of its commit, so that a
    Ctrl-C right after the commit cannot leave the file out of the summary.

    ``named``: see ``Duplicates``; pass the same set for every file of one
    import. It learns this file's articles only once the file is in.
    ``ready``: photos checked before the transaction (a dry run stores none);
    ``notes``: what the file's pictures came to, counted with the file.
    """
    tally = Tally()
    if notes is not None:
        tally.remote_images, tally.photos_skipped = notes.remote, list(notes.skipped)
    stamp = editing.now_stamp(cfg)
    records = iter(items)
    count = (lambda: into.add(tally)) if into is not None else None
    try:
        with store.write(on_commit=count):
            found = Duplicates(set() if named is None else set(named))
            batch = NewArticles(store, stamp)
            while chunk := list(islice(records, CHUNK)):
                prepared = [_prepare(cfg, item, status, stamp) for item in chunk]
                check_photos(store, prepared, ready or set())
                found.load(store, prepared)
                batch.slugs.preload(
                    {p.article.slug or slugs.make_slug(p.article.title) for p in prepared}
                )
                for p in prepared:
                    _one(store, cfg, p, found, batch, tally, on_duplicate, status, stamp)
                batch.flush()  # the next chunk's duplicates are looked up in the database
            if dry_run:
                raise _DryRun
    except _DryRun:
        return tally
    if named is not None:
        named |= found.named
    return tally


def _one(
    store: Store,
    cfg: config.Config,
    p: _Prepared,
    found: Duplicates,
    batch: NewArticles,
    tally: Tally,
    on_duplicate: str,
    status: str | None,
    stamp: str,
) -> None:
    """Skip, update or add one prepared record."""
    existing = found.find(p.article.slug, p.article.title, p.day)
    if existing is not None and on_duplicate == "skip":
        tally.skipped += 1
    elif existing is not None and on_duplicate == "update":
        batch.flush()  # editing reads the database: it must hold the batch
        stored = get(store, str(existing))
        # The record's own slug is taken as `edit --slug` takes one, except that a frozen
        # slug (published once, or set by hand) is kept, as a new headline keeps it.
        slug = None if stored.slug_frozen else p.item.changes.slug
        changes = replace(p.item.changes, slug=slug)
        article, changed = editing.update(store, cfg, str(existing), changes)
        found.remember(article)
        batch.slugs.moved(stored.slug, article.slug)
        if changed:
            tally.updated += 1
            tally.photos += len(p.item.changes.photos or [])
        else:
            tally.skipped += 1
    else:
        article = p.article
        if article.slug and batch.slugs(article.slug):  # --on-duplicate new
            wanted = status or p.item.status
            changes = replace(p.item.changes, slug=None)
            article = editing.new_article(cfg, changes, wanted, stamp)
        named_slug = bool(article.slug)
        found.remember(batch.add(article), named=named_slug)
        tally.created += 1
        tally.photos += len(article.photos)


def unexpected(exc: BaseException) -> str:
    """A failure newsroom did not foresee, as the CLI's boundary words it."""
    return (
        f"unexpected {type(exc).__name__}: {exc} "
        "(this is a bug; NEWSROOM_DEBUG=1 shows the traceback)"
    )


def _records(
    source: Source, fmt: str, bringer: Bringer, notes: Notes
) -> tuple[Iterable[Incoming], set[str]]:
    """A file's records, their photos already in the store, and the photos' hashes.

    JSON Lines is read a line at a time: once to check it, once for the photos
    its records name, once to import it; other formats are read whole.
    """
    if sources.line_format(source, fmt) == "jsonl":
        assert source.path is not None
        sources.check(source.path, source.name)  # now, before the transaction
        ready = bringer.records(source, photo_records(sources.lines(source), source.name))
        return read_jsonl_lines(sources.lines(source), source.name), ready
    chosen, text = sources.read(source, fmt)
    items = list(formats.read(chosen, text, source.name))
    ready = bringer.records(source, photos_of(items))
    return bringer.pictures(source, items, notes), ready


def import_sources(
    store: Store,
    cfg: config.Config,
    inputs: list[Source],
    fmt: str,
    total: Tally,
    *,
    on_duplicate: str = "skip",
    status: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    on_bug: Callable[[BaseException], None] | None = None,
) -> Tally:
    """Every input in turn, each in its own transaction; a bad one is noted in ``total``.

    ``total`` is filled as files finish, so that a caller interrupted half-way
    (Ctrl-C) can still say what went in. ``progress`` is told (files done, files).

    Whatever a file raises is that file's failure, and the next file is read: a
    reader that meets what it was never written for (a number of 5,000 digits,
    elements nested 50,000 deep) must not cost the rest of the folder. An
    exception that is not one of ours is counted as a bug in newsroom, with its
    type and words, and handed to ``on_bug`` (the CLI shows its traceback under
    ``NEWSROOM_DEBUG=1``). Only the database's own errors stop the import.

    A dry run holds one transaction for all the files (each file a savepoint)
    and rolls it back at the end, so that a file still sees the articles of
    the files before it, and counts what a real run would count.
    """
    named: set[int] = set()
    bringer = Bringer(store_of(store), dry_run=dry_run)

    def each() -> None:
        for number, source in enumerate(inputs, start=1):
            if source.skip:
                total.not_read.append((source.name, source.skip))
                if progress is not None:
                    progress(number, len(inputs))
                continue
            try:
                notes = Notes()
                items, ready = _records(source, fmt, bringer, notes)
                import_items(
                    store,
                    cfg,
                    items,
                    on_duplicate=on_duplicate,
                    status=status,
                    named=named,
                    into=total,
                    ready=ready,
                    notes=notes,
                )
            except NewsroomError as exc:
                total.failed.append((source.name, str(exc)))
            except OSError as exc:
                total.failed.append((source.name, exc.strerror or str(exc)))
            except (sqlite3.DataError, sqlite3.IntegrityError) as exc:  # a value SQLite refused
                total.failed.append((source.name, f"the database refused a value: {exc}"))
            except sqlite3.Error:
                raise  # the database's trouble (disk full, damage), not this file's: stop
            except Exception as exc:  # noqa: BLE001 - a bug on this one file: the others go in
                total.failed.append((source.name, unexpected(exc)))
                if on_bug is not None:
                    on_bug(exc)
            if progress is not None:
                progress(number, len(inputs))

    if not dry_run:
        each()
        return total
    try:
        with store.write():
            each()
            raise _DryRun
    except _DryRun:
        pass
    return total
