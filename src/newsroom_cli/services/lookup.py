"""Finding the article a person named, by id or slug.

Kept apart from ``editing`` so that read-only commands (`show`, `history`)
do not import the whole editing machinery just to look an article up.
"""

from __future__ import annotations

from newsroom_cli.errors import NotFound
from newsroom_cli.models import Article
from newsroom_cli.store import Store
from newsroom_cli.store import articles as rows


def get(store: Store, ref: str, *, trashed_ok: bool = False) -> Article:
    """The article named by id or slug; a trashed one only where that makes sense."""
    article = rows.find(store, ref.strip())
    if article is None:
        raise NotFound(f"no article {ref!r}; see `newsroom list` for ids and slugs")
    if article.deleted_at and not trashed_ok:
        raise NotFound(
            f"article {ref!r} is in the trash; restore it with `newsroom restore {article.id}`"
        )
    return article
