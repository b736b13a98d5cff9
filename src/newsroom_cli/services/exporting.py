"""What an export contains, and handing it to the right writer.

By default only published articles whose time has come are exported; the
filters of ``list`` narrow that further. Articles are read in batches, so an
export of 100,000 releases never holds them all in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from newsroom_cli import config, dates
from newsroom_cli.errors import InvalidInput
from newsroom_cli.files.folder import FolderWriter, WriteSummary
from newsroom_cli.files.protected import photo_store, protected
from newsroom_cli.formats import EXPORTERS, ExportContext, PlacedFile, stream
from newsroom_cli.formats.site.builder import build
from newsroom_cli.formats.site.keys import fingerprint, site_key
from newsroom_cli.models import Article, ArticleFilter
from newsroom_cli.store import Store
from newsroom_cli.store import exports as export_rows


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


def export_stream(store: Store, cfg: config.Config, fmt: str, flt: ArticleFilter) -> Iterator[str]:
    store.read_once()
    return stream(fmt, articles(store, flt), context(cfg, store))


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
            for item in EXPORTERS[fmt].load()(articles(store, flt), context(cfg, store)):
                if isinstance(item, PlacedFile):
                    writer.place_file(item.path, item.source, item.sha)
                else:
                    writer.write(item.path, item.data)
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
