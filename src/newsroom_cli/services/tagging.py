"""Tags across articles: rename (merging into an existing tag) and delete.

Each affected article gets a revision, because its tags are part of what a
revision keeps: reverting an article brings its old tags back.
"""

from __future__ import annotations

from newsroom_cli import config, slugs
from newsroom_cli.errors import NotFound
from newsroom_cli.models import TagCount, clean_tag, clean_tags
from newsroom_cli.services import editing
from newsroom_cli.store import Store
from newsroom_cli.store import articles as rows
from newsroom_cli.store import tags as tag_rows


def counts(store: Store) -> list[TagCount]:
    return [TagCount(name, slug, n) for name, slug, n in tag_rows.tag_counts(store)]


def _existing(store: Store, name: str) -> tuple[int, str]:
    tag = tag_rows.tag_id(store, name)
    spelling = tag_rows.tag_name(store, name)
    if tag is None or spelling is None:
        raise NotFound(f"no tag {name!r}; see `newsroom tags`")
    return tag, spelling


def rename(store: Store, cfg: config.Config, old: str, new: str) -> tuple[str, int, bool]:
    """Rename ``old`` to ``new``; if ``new`` exists the two become one.

    Returns the final spelling, the number of articles changed and whether it
    was a merge.
    """
    new = clean_tag(new)
    with store.write():
        tag, spelling = _existing(store, old)
        target = tag_rows.tag_id(store, new)
        merged = target is not None and target != tag
        # Read before the tag row changes: an article then shows its tags as they were,
        # and only one whose tags really change gets a revision (`tags rename X X`: none).
        tagged = rows.by_ids(store, tag_rows.articles_with_tag(store, tag))
        if target == tag:
            tag_rows.rename_tag(store, tag, new, None)  # a new spelling: same slug, same page
        elif target is None:
            slug = slugs.unique_slug(
                slugs.make_slug(new), lambda s: tag_rows.tag_slug_taken(store, s)
            )
            tag_rows.rename_tag(store, tag, new, slug)
        changed = 0
        for article in tagged:
            tags = clean_tags(
                [new if t.casefold() == spelling.casefold() else t for t in article.tags]
            )
            if tags == article.tags:
                continue
            article.tags = tags
            editing.persist(store, cfg, article, f"tag {spelling!r} renamed to {new!r}")
            changed += 1
        if merged:
            tag_rows.delete_tag(store, tag)
        final = tag_rows.tag_name(store, new) or new
    return final, changed, merged


def delete(store: Store, cfg: config.Config, name: str) -> tuple[str, int]:
    with store.write():
        tag, spelling = _existing(store, name)
        ids = tag_rows.articles_with_tag(store, tag)
        for article in rows.by_ids(store, ids):
            article.tags = [t for t in article.tags if t.casefold() != spelling.casefold()]
            editing.persist(store, cfg, article, f"tag {spelling!r} deleted")
        tag_rows.delete_tag(store, tag)
    return spelling, len(ids)
