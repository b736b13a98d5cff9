"""The life of a release: draft -> review -> published (or scheduled) -> trash.

Status changes are revisions like any other edit, so ``history`` tells who
published what and when. The trash is not a revision: it hides an article
without touching its content, and ``restore`` brings it back as it was.
"""

from __future__ import annotations

from datetime import datetime

from newsroom_cli import config, dates
from newsroom_cli.errors import Conflict
from newsroom_cli.models import Article
from newsroom_cli.services import editing, lookup, numbering
from newsroom_cli.store import Store
from newsroom_cli.store import articles as rows
from newsroom_cli.store import search as search_rows
from newsroom_cli.store import tags as tag_rows


def review(store: Store, cfg: config.Config, ref: str) -> tuple[Article, bool]:
    def mark(article: Article) -> None:
        article.status = "review"

    return editing.change(store, cfg, ref, mark, "ready for review")


def publish(
    store: Store, cfg: config.Config, ref: str, at: datetime | None = None
) -> tuple[Article, bool]:
    """Published now (the release date kept or set to now), or scheduled for ``at``.

    The slug is frozen from here on: a published URL must keep working.
    """
    tz = dates.zone(cfg.timezone)
    current = dates.now(tz)

    def go(article: Article) -> None:
        if at is not None:
            article.published_at = dates.to_iso(at.astimezone(tz))
        elif article.published_at is None:
            article.published_at = dates.to_iso(current)
        moment = dates.from_iso(article.published_at)
        article.status = "scheduled" if at is not None and moment > current else "published"
        article.slug_frozen = True
        if not article.number:  # the official number, in this same transaction
            numbering.assign_next(store, article, cfg.numbering_pattern, cfg.org_code, moment)

    # What happened, in history's words: a time already past publishes at once.
    if at is None:
        note = "published"
    elif at > current:
        note = f"scheduled for {dates.to_iso(at.astimezone(tz))}"
    else:
        note = f"published, dated {dates.to_iso(at.astimezone(tz))}"
    return editing.change(store, cfg, ref, go, note)


def unpublish(store: Store, cfg: config.Config, ref: str) -> tuple[Article, bool]:
    def back(article: Article) -> None:
        article.status = "draft"

    return editing.change(store, cfg, ref, back, "unpublished")


def trash(store: Store, cfg: config.Config, ref: str) -> Article:
    with store.write():
        article = lookup.get(store, ref)
        assert article.id is not None
        article.deleted_at = dates.to_iso(dates.now(dates.zone(cfg.timezone)))
        rows.set_deleted(store, article.id, article.deleted_at)
        return article


def restore(store: Store, ref: str) -> Article:
    with store.write():
        article = lookup.get(store, ref, trashed_ok=True)
        if not article.deleted_at:
            raise Conflict(f"article {ref!r} is not in the trash")
        assert article.id is not None
        rows.set_deleted(store, article.id, None)
        article.deleted_at = None
        return article


def purge(store: Store, ref: str) -> Article:
    """Removed for good, with its revisions; the only change that cannot be undone."""
    with store.write():
        article = lookup.get(store, ref, trashed_ok=True)
        assert article.id is not None
        search_rows.unindex(store, article.id)
        rows.purge(store, article.id)
        tag_rows.unused_tags_purge(store)
        return article
