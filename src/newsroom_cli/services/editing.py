"""Creating and changing articles, each change one transaction and one revision.

Every path that changes an article (options, the editor, tags, workflow,
revert) ends in ``persist``: the row, its tags, its FTS row and a revision
with a snapshot are written together inside one ``BEGIN IMMEDIATE``
transaction, so the revision history is never behind the article.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from newsroom_cli import config, dates, slugs
from newsroom_cli.errors import Conflict, InvalidInput, NotFound
from newsroom_cli.models import (
    LINE_FIELDS,
    RELEASE_FIELDS,
    TEXT_FIELDS,
    Article,
    Changes,
    Photo,
    Revision,
    clean_body,
    clean_lang,
    clean_line,
    clean_status,
    clean_tags,
    clean_title,
)
from newsroom_cli.services import numbering
from newsroom_cli.services.lookup import get
from newsroom_cli.store import Store
from newsroom_cli.store import articles as rows
from newsroom_cli.store import photos as photo_rows
from newsroom_cli.store import revisions as revision_rows
from newsroom_cli.store import search as search_rows
from newsroom_cli.store import tags as tag_rows


def user_name() -> str:
    """Who made a change, for ``history``: ``$NEWSROOM_USER``, else the login name."""
    try:
        name = os.environ.get("NEWSROOM_USER") or getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
    # Stored in the shared database and shown to every colleague who runs `history`:
    # cleaned like any one-line field (an escape sequence in $USER must not get through).
    try:
        return clean_line(name, "user name", 100) or "unknown"
    except InvalidInput:
        return clean_line(name[:100], "user name", 100) or "unknown"


def resolve_tags(
    store: Store, names: list[str], known: dict[str, tuple[int, str]] | None = None
) -> list[tuple[int, str]]:
    """(id, stored spelling) of each tag, creating the missing ones.

    A tag keeps the spelling it was first given: ``berita`` on a new article
    becomes ``Berita`` if that tag exists, so the article, its revision and its
    search row all say what ``show`` will say. ``known`` caches lookups across
    many articles (a bulk import resolves each name once).
    """
    cache = {} if known is None else known
    found = []
    for name in names:
        key = name.casefold()
        if key not in cache:
            existing = tag_rows.find_tag(store, name)
            if existing is None:
                slug = slugs.unique_slug(
                    slugs.make_slug(name).replace(slugs.FALLBACK, "tag"),
                    lambda s: tag_rows.tag_slug_taken(store, s),
                )
                existing = (tag_rows.ensure_tag(store, name, slug), name)
            cache[key] = existing
        found.append(cache[key])
    return found


def now_stamp(cfg: config.Config) -> str:
    """Now, in the site's zone, to the second: the time every change is recorded with."""
    return dates.to_iso(dates.now(dates.zone(cfg.timezone)))


def persist(
    store: Store, cfg: config.Config, article: Article, note: str, kind: str = "edit"
) -> Article:
    """Write ``article`` as its next revision. The caller holds ``store.write()``."""
    assert article.id is not None
    number = revision_rows.next_revision(store, article.id)
    saved_at = now_stamp(cfg)
    if kind == "edit":
        article.revision = number
        article.updated_at = saved_at
        tags = resolve_tags(store, article.tags)
        article.tags = [name for _, name in tags]
        rows.update(store, article)
        tag_rows.link_tags(store, article.id, [tag for tag, _ in tags])
        photo_rows.replace_photos(store, article.id, article.photos)
        search_rows.index(store, article)
    revision_rows.add_revision(
        store,
        Revision(article.id, number, saved_at, user_name(), article.snapshot(), note, kind),
    )
    if kind == "conflict":
        return replace(article, revision=number)
    return article


def _apply_fields(cfg: config.Config, article: Article, changes: Changes) -> None:
    """Validate ``changes`` and apply them to ``article`` in memory; slugs aside."""
    if changes.title is not None:
        article.title = clean_title(changes.title)
    if changes.body is not None:
        article.body = clean_body(changes.body)
    for name in LINE_FIELDS:
        value = getattr(changes, name)
        if value is not None:
            setattr(article, name, clean_line(value, name))
    if changes.lang is not None:
        article.lang = clean_lang(changes.lang)
    if changes.date is not None:
        article.published_at = (
            dates.to_iso(dates.parse(changes.date, cfg.timezone)) if changes.date.strip() else None
        )
        if article.status in ("published", "scheduled"):
            article.status = _published_status(cfg, article.published_at)
    _apply_release_fields(cfg, article, changes)
    tags = list(article.tags if changes.tags is None else changes.tags)
    tags += changes.add_tags or []
    if changes.remove_tags:
        gone = {tag.casefold() for tag in changes.remove_tags}
        tags = [tag for tag in tags if tag.casefold() not in gone]
    article.tags = clean_tags(tags)
    if changes.photos is not None:
        article.photos = [replace(photo) for photo in changes.photos]
    if changes.add_photos:
        if any(photo.featured for photo in changes.add_photos):
            for photo in article.photos:
                photo.featured = False
        article.photos.extend(replace(photo) for photo in changes.add_photos)


def apply(store: Store, cfg: config.Config, article: Article, changes: Changes) -> None:
    """Validate ``changes`` and apply them to ``article`` in memory."""
    old_title = article.title
    if changes.number is not None and changes.number != article.number:
        numbering.check_free(store, changes.number, article.id)
    _apply_fields(cfg, article, changes)
    if changes.slug is not None:  # the slug asked for, even if the headline changes too
        if changes.slug != article.slug:
            slug = slugs.check_slug(changes.slug)
            if rows.slug_taken(store, slug, article.id):
                raise Conflict(f"slug {slug!r} is already used by another article")
            article.slug = slug
            article.slug_frozen = True
    elif article.title != old_title and not article.slug_frozen:
        # A draft's URL follows its headline; a published one never moves.
        article.slug = slugs.unique_slug(
            slugs.make_slug(article.title), lambda s: rows.slug_taken(store, s, article.id)
        )


def _apply_release_fields(cfg: config.Config, article: Article, changes: Changes) -> None:
    """Number, embargo, contact and boilerplate: the press kit's fields.

    A duplicate number is refused by ``apply`` for a person's edit; an import
    keeps the numbers it brings, and ``newsroom numbers`` flags duplicates.
    """
    if changes.number is not None and changes.number != article.number:
        numbering.apply_number(article, changes.number, cfg.numbering_pattern)
    if changes.embargo_until is not None:
        text = changes.embargo_until.strip()
        article.embargo_until = dates.to_iso(dates.parse(text, cfg.timezone)) if text else None
    for name in ("contact", "boilerplate"):
        value = getattr(changes, name)
        if value is not None:
            setattr(article, name, clean_body(value, name).strip())


def _published_status(cfg: config.Config, published_at: str | None) -> str:
    if published_at is None:
        return "published"
    moment = dates.from_iso(published_at)
    return "scheduled" if moment > dates.now(dates.zone(cfg.timezone)) else "published"


def new_article(
    cfg: config.Config, changes: Changes, status: str, stamp: str, *, untitled: bool = False
) -> Article:
    """Everything ``create`` decides before it needs the database.

    The fields cleaned, the site's defaults filled in, the status rules applied
    (a published article gets a date; one dated in the future is scheduled) and
    a slug the person asked for checked. ``slug`` stays empty when it is to be
    made from the headline. Bulk import shares this, so that both ways in write
    the same first revision; `check --file` too, with ``untitled`` letting a
    draft without a headline through to be reported.
    """
    clean_status(status)
    if not untitled and (changes.title is None or not changes.title.strip()):
        raise InvalidInput("title must not be empty")
    if untitled and not (changes.title or "").strip():
        changes = replace(changes, title=None)
    article = Article(
        title="",
        category=cfg.default_category,
        author=cfg.default_author,
        dateline=cfg.default_dateline,
        lang=cfg.default_lang,
        status=status,
        created_at=stamp,
        updated_at=stamp,
    )
    _apply_fields(cfg, article, changes)
    if changes.slug is not None:
        article.slug = slugs.check_slug(changes.slug)
        article.slug_frozen = True
    if status in ("published", "scheduled"):
        if article.published_at is None:
            article.published_at = stamp
        article.status = _published_status(cfg, article.published_at)
        article.slug_frozen = True
    return article


def create(store: Store, cfg: config.Config, changes: Changes, status: str = "draft") -> Article:
    """A new article, its first revision and its index row, in one transaction."""
    stamp = now_stamp(cfg)
    with store.write():
        article = new_article(cfg, changes, status, stamp)
        numbering.check_free(store, article.number, None)
        if not article.slug:
            article.slug = slugs.unique_slug(
                slugs.make_slug(article.title), lambda s: rows.slug_taken(store, s)
            )
        elif rows.slug_taken(store, article.slug):
            raise Conflict(f"slug {article.slug!r} is already used by another article")
        article.id = rows.insert(store, article)
        return persist(store, cfg, article, "created")


def change(
    store: Store,
    cfg: config.Config,
    ref: str,
    mutate: Callable[[Article], None],
    note: str,
) -> tuple[Article, bool]:
    """Load, mutate and save as one new revision; (article, False) when nothing changed."""
    with store.write():
        article = get(store, ref)
        before = (article.snapshot(), article.slug_frozen)
        mutate(article)
        if (article.snapshot(), article.slug_frozen) == before:
            return article, False
        return persist(store, cfg, article, note), True


def update(store: Store, cfg: config.Config, ref: str, changes: Changes) -> tuple[Article, bool]:
    return change(store, cfg, ref, lambda a: apply(store, cfg, a, changes), "edited")


@dataclass
class SaveResult:
    article: Article
    changed: bool
    conflict_revision: int | None = None
    current_revision: int | None = None


def save_document(
    store: Store, cfg: config.Config, ref: str, fields: dict[str, Any], body: str, base: int
) -> SaveResult:
    """Save what came back from the editor, unless the article moved on meanwhile.

    ``base`` is the revision the editor was opened on. If another command saved
    since, the person's text is kept as a *conflict* revision instead of
    overwriting, and the caller says how to see and apply it.
    """
    changes = Changes(body=body, **fields)
    with store.write():
        current = get(store, ref)
        if changes.slug == current.slug:
            # The editor's document always shows the slug: left as it was, it is not
            # asked for, and a draft's slug follows a new headline as with --title.
            changes = replace(changes, slug=None)
        if current.revision != base:
            opened = revision_rows.revision(store, current.id or 0, base)
            theirs = _from_snapshot(current, opened.snapshot) if opened else replace(current)
            apply(store, cfg, theirs, changes)
            if opened is not None and theirs.snapshot() == opened.snapshot:
                return SaveResult(current, False)  # saved unchanged: nothing to keep
            kept = persist(store, cfg, theirs, f"conflict: edited from revision {base}", "conflict")
            return SaveResult(current, False, kept.revision, current.revision)
        before = current.snapshot()
        apply(store, cfg, current, changes)
        if current.snapshot() == before:
            return SaveResult(current, False)
        return SaveResult(persist(store, cfg, current, "edited in editor"), True)


def _from_snapshot(article: Article, snapshot: dict[str, Any]) -> Article:
    restored = replace(article, tags=list(snapshot.get("tags", [])))
    for name in TEXT_FIELDS:
        if name not in ("slug", *RELEASE_FIELDS) and name in snapshot:
            setattr(restored, name, snapshot[name])
    restored.published_at = snapshot.get("published_at")
    restored.photos = [Photo.from_record(photo) for photo in snapshot.get("photos", [])]
    if not article.slug_frozen:
        restored.slug = snapshot.get("slug", article.slug)
    return restored


def revert(store: Store, cfg: config.Config, ref: str, number: int) -> tuple[Article, bool]:
    """A new revision whose content equals revision ``number``; status stays as it is."""

    def back(article: Article) -> None:
        assert article.id is not None
        old = revision_rows.revision(store, article.id, number)
        if old is None:
            raise NotFound(
                f"article {ref!r} has no revision {number}; see `newsroom history {ref}`"
            )
        restored = _from_snapshot(article, old.snapshot)
        if restored.slug != article.slug and rows.slug_taken(store, restored.slug, article.id):
            restored.slug = article.slug
        for item in fields(restored):
            setattr(article, item.name, getattr(restored, item.name))

    return change(store, cfg, ref, back, f"reverted to revision {number}")
