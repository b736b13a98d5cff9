"""Many new articles written together, with the rules of ``editing.create``.

Import creates articles by the thousand. ``editing.create`` asks the database
about slugs and tags and writes five statements per article; here the same
decisions are made in memory against what the database held when the batch
began plus what the batch itself has claimed, and the rows are written with
one prepared statement per table (``store.bulk``). What ends up stored is what
``create`` would have stored for the same articles in the same order: unique
slugs (``x``, ``x-2``...), the first spelling of each tag, revision 1 with the
same snapshot, and the search row in step.
"""

from __future__ import annotations

from newsroom_cli import slugs
from newsroom_cli.errors import Conflict
from newsroom_cli.models import Article, Revision
from newsroom_cli.services import editing
from newsroom_cli.store import Store, bulk
from newsroom_cli.store import articles as rows


class SlugBook:
    """Which slugs are taken: looked up in bulk first, then one by one, then remembered."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.taken: set[str] = set()
        self.free: set[str] = set()

    def preload(self, candidates: set[str]) -> None:
        found = bulk.taken_slugs(self.store, candidates - self.taken - self.free)
        self.taken |= found
        self.free |= candidates - found

    def __call__(self, slug: str) -> bool:
        if slug in self.taken:
            return True
        if slug not in self.free:
            if rows.slug_taken(self.store, slug):
                self.taken.add(slug)
                return True
            self.free.add(slug)
        return False

    def claim(self, slug: str) -> None:
        self.taken.add(slug)
        self.free.discard(slug)

    def moved(self, old: str, new: str) -> None:
        """An update through ``editing`` changed an article's slug: ask about ``old`` again."""
        self.taken.discard(old)
        self.free.discard(old)
        self.claim(new)


class NewArticles:
    """Articles prepared by ``editing.new_article``, numbered, then written in one go.

    The caller holds ``store.write()`` from the first ``add`` to the last
    ``flush``; ids are given out from ``max(id) + 1`` as SQLite would.
    """

    def __init__(self, store: Store, stamp: str) -> None:
        self.store = store
        self.stamp = stamp
        self.slugs = SlugBook(store)
        self.tags: dict[str, tuple[int, str]] = {}
        self.author = editing.user_name()
        self.pending: list[Article] = []
        self.links: list[tuple[int, int, int]] = []
        self._next_id: int | None = None

    def add(self, article: Article) -> Article:
        """Give ``article`` its slug, id and stored tag spellings; written at ``flush``."""
        if not article.slug:
            article.slug = slugs.unique_slug(slugs.make_slug(article.title), self.slugs)
        elif self.slugs(article.slug):
            raise Conflict(f"slug {article.slug!r} is already used by another article")
        self.slugs.claim(article.slug)
        if self._next_id is None:
            self._next_id = bulk.next_article_id(self.store)
        article.id = self._next_id
        self._next_id += 1
        article.revision = 1
        article.updated_at = self.stamp
        resolved = editing.resolve_tags(self.store, article.tags, self.tags)
        article.tags = [name for _, name in resolved]
        self.links += [(article.id, tag, n) for n, (tag, _) in enumerate(resolved)]
        self.pending.append(article)
        return article

    def flush(self) -> int:
        """Write what was added: rows, tag links, search rows and first revisions."""
        done = self.pending
        if not done:
            return 0
        bulk.insert_articles(self.store, done)
        bulk.link_tags(self.store, self.links)
        bulk.index(self.store, done)
        bulk.add_revisions(
            self.store,
            [
                Revision(a.id or 0, 1, self.stamp, self.author, a.snapshot(), "created", "edit")
                for a in done
            ],
        )
        self.pending = []
        self.links = []
        self._next_id = None
        return len(done)
