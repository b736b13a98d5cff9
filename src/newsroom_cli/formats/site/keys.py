"""Keys: digests of what a page, or the whole site, is made from.

Kept apart from the builder so that an export with nothing to do decides so
without importing Jinja2, markdown-it or the feed writers.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from newsroom_cli import __version__
from newsroom_cli.media import plan
from newsroom_cli.models import Article


def digest_of(*parts: object) -> str:
    """A short digest of a page's inputs (repr is exact for the str/int/tuple parts used)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def templates_digest(templates: Path | None) -> str:
    """A hash of every template in use: a changed template re-renders the pages."""
    digest = hashlib.sha256()
    folder = resources.files("newsroom_cli.formats.site") / "templates"
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        digest.update(item.name.encode() + b"\0" + item.read_bytes())
    if templates is not None:
        for path in sorted(templates.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(templates)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def site_key(settings: dict[str, str], templates: Path | None) -> str:
    """What every page depends on: this version, the templates, the settings, and
    the renditions a photo has (their names and sizes are in the pages)."""
    return digest_of(
        __version__,
        templates_digest(templates),
        sorted(settings.items()),
        plan.WIDTHS,
        plan.CROPS,
    )


def fingerprint(key: str, stamps: list[tuple[int, int, str]]) -> str:
    """The whole site's inputs in one digest: (id, revision, status) of every article.

    A revision changes with any change to an article (tags and slug included),
    the status with publishing and with a scheduled time passing, the list with
    anything added or removed; ``key`` covers settings and templates.
    """
    return digest_of(key, stamps)


def stamp(article: Article) -> tuple[object, ...]:
    """What an article contributes to a page's key: a new revision changes it."""
    return (article.id, article.revision, article.status, article.published_at, article.slug)


def photos_stamp(article: Article) -> tuple[object, ...]:
    """An article's photos as its page shows them (which, in what order, how large,
    which is featured): with its revision, a page's key changes with its photos."""
    return tuple((p.sha256, p.width, p.height, p.featured) for p in article.photos)
