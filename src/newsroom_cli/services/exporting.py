"""What an export contains, and handing it to the right writer.

By default only published articles whose time has come are exported; the
filters of ``list`` narrow that further. Articles are read in batches, so an
export of 100,000 releases never holds them all in memory.

Photos: an archive export is the desk's own copy, so it carries the originals,
byte for byte with their metadata (GPS position included), as
``photos/<sha256><ext>`` beside the records (``md``, and ``json``/``jsonl``
with ``--out`` a folder); the website never publishes an original. Each copy
is checked against its hash as it is made: a damaged original fails the export
rather than hiding in an archive. The photos are written before the articles'
files, so that a failure leaves the previous articles, never records naming
photos that are not there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsroom_cli import config, dates
from newsroom_cli.errors import InvalidInput, NewsroomError
from newsroom_cli.files.folder import FolderWriter, WriteSummary
from newsroom_cli.files.protected import photo_store, protected
from newsroom_cli.formats import (
    ARCHIVE_FILES,
    EXPORTERS,
    PHOTO_FOLDERS,
    ExportContext,
    PlacedFile,
    stream,
)
from newsroom_cli.formats.photo_files import export_path
from newsroom_cli.formats.site.builder import build
from newsroom_cli.formats.site.keys import fingerprint, site_key
from newsroom_cli.formats.site.render import check_templates
from newsroom_cli.models import Article, ArticleFilter, Photo
from newsroom_cli.services.photos import store_of
from newsroom_cli.store import Store
from newsroom_cli.store import exports as export_rows
from newsroom_cli.store import photos as photo_rows


def selection(flt: ArticleFilter, include_drafts: bool) -> ArticleFilter:
    """What the public may see: published, due and not under embargo.

    ``--include-drafts`` (a preview for the desk) or a named ``--status`` lifts it.
    """
    if flt.status is None and not include_drafts:
        return replace(flt, public=True)
    return flt


def context(cfg: config.Config, store: Store) -> ExportContext:
    settings = {key: cfg.get(key) for key in config.SETTINGS}
    now = dates.to_iso(dates.now(dates.zone(cfg.timezone)))
    return ExportContext(
        settings=settings, now=now, lang=cfg.default_lang, photos=photo_store(store.path)
    )


def articles(store: Store, flt: ArticleFilter) -> Iterator[Article]:
    return export_rows.iter_articles(store, export_rows.select_ids(store, flt))


@dataclass
class Carried:
    """The photos of the articles an export passes on, noted as they go by."""

    photos: dict[str, tuple[Photo, int | None]] = field(default_factory=dict)

    def watch(self, items: Iterable[Article]) -> Iterator[Article]:
        for article in items:
            for photo in article.photos:
                self.photos.setdefault(photo.sha256, (photo, article.id))
            yield article


def export_stream(
    store: Store, cfg: config.Config, fmt: str, flt: ArticleFilter, carried: Carried | None = None
) -> Iterator[str]:
    """The records as text; ``carried`` learns the photos they name (not written)."""
    store.read_once()
    selected = articles(store, flt)
    return stream(fmt, carried.watch(selected) if carried else selected, context(cfg, store))


def _write_photos(
    writer: FolderWriter, store: Store, photos: dict[str, tuple[Photo, int | None]]
) -> None:
    """Each original the exported articles use, once, as ``photos/<sha256><ext>``."""
    kept = store_of(store)
    for sha, (photo, article_id) in sorted(photos.items()):
        _copy_photo(writer, kept.original(sha), photo, article_id)


def _photos_first(writer: FolderWriter, store: Store, flt: ArticleFilter) -> set[str]:
    """The selected articles' photos, written before any article's file; their hashes."""
    ids = export_rows.select_ids(store, flt)
    found: dict[str, tuple[Photo, int | None]] = {}
    for article_id, photos in photo_rows.photos_of(store, ids).items():
        for photo in photos:
            found.setdefault(photo.sha256, (photo, article_id))
    _write_photos(writer, store, found)
    return set(found)


def _photos_since(writer: FolderWriter, store: Store, carried: Carried, written: set[str]) -> None:
    """Photos an edit added while the articles were being written: those too."""
    late = {sha: found for sha, found in carried.photos.items() if sha not in written}
    _write_photos(writer, store, late)


def _copy_photo(writer: FolderWriter, original: Path, photo: Photo, article_id: int | None) -> None:
    what = f"photo {photo.filename} ({photo.sha256[:12]}) of article {article_id}"
    try:
        writer.copy(export_path(photo), original, photo.sha256)
    except FileNotFoundError:
        raise NewsroomError(
            f"{what} is missing from the photo store; run `newsroom db check`"
        ) from None
    except ValueError:
        raise NewsroomError(
            f"{what} is damaged in the photo store (its content no longer matches its hash); "
            "run `newsroom db check`"
        ) from None


def export_archive(
    store: Store, cfg: config.Config, fmt: str, flt: ArticleFilter, out: Path, *, force: bool
) -> tuple[WriteSummary, int]:
    """``json``/``jsonl`` into a folder: ``articles.<fmt>`` and the photos' originals.

    Written like every folder export (a manifest, unchanged files left alone, a
    crash leaves the previous export). Returns the summary and how many photos.
    """
    writer = FolderWriter(out, fmt, protected(store.path), force=force)
    carried = Carried()
    try:
        written = _photos_first(writer, store, flt)
        writer.write_stream(ARCHIVE_FILES[fmt], export_stream(store, cfg, fmt, flt, carried))
        _photos_since(writer, store, carried, written)
    except BaseException:
        writer.abandon()
        raise
    return writer.finish(), len(carried.photos)


def export_folder(
    store: Store,
    cfg: config.Config,
    fmt: str,
    flt: ArticleFilter,
    out: Path,
    *,
    force: bool,
    templates: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> WriteSummary:
    """Every file of a folder format, written safely; the old export stays on failure.

    ``progress(done, total)`` is called as articles are handled.
    """
    writer = FolderWriter(out, fmt, protected(store.path), force=force)
    store.read_once()
    try:
        if EXPORTERS[fmt].kind == "site":
            _build_site(store, cfg, flt, writer, templates, progress)
        else:
            carried = Carried()
            selected = articles(store, flt)
            written: set[str] = set()
            if fmt in PHOTO_FOLDERS:
                written = _photos_first(writer, store, flt)
                selected = carried.watch(selected)
            for item in EXPORTERS[fmt].load()(selected, context(cfg, store)):
                if isinstance(item, PlacedFile):
                    writer.place_file(item.path, item.source, item.sha)
                else:
                    writer.write(item.path, item.data)
            _photos_since(writer, store, carried, written)
    except BaseException:
        writer.abandon()
        raise
    return writer.finish()


def _build_site(
    store: Store,
    cfg: config.Config,
    flt: ArticleFilter,
    writer: FolderWriter,
    templates: Path | None,
    progress: Callable[[int, int], None] | None,
) -> None:
    """The website: an index without bodies; bodies only for pages that must change."""
    if templates is not None and not templates.is_dir():
        raise InvalidInput(f"--templates {templates}: no such folder")
    if templates is not None:
        check_templates(templates)  # a syntax error fails before any file is written
    export_context = context(cfg, store)
    inputs = fingerprint(
        site_key(export_context.settings, templates), export_rows.stamps(store, flt)
    )
    if writer.unchanged_since(inputs):
        return  # the same site as last time: nothing is rendered, nothing written

    index = export_rows.select_meta(store, flt)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, len(index))

    build(
        index,
        lambda ids: list(export_rows.iter_articles(store, ids)),
        export_context,
        writer,
        tag_slugs=export_rows.tag_slugs(store),
        templates=templates,
        progress=step,
    )
    writer.fingerprint = inputs
