"""A release's photos in HTML, and where their files go in an export.

Every string that ends up in a page is escaped here, by hand: these fragments
reach a page after nh3 has run (``rendering.PhotoHtml``), so nothing may go
into them unescaped. Sizes come from ``media.plan``: a page never opens a
picture to learn how large it is.

Files go to ``photos/<sha[:2]>/<sha>/<rendition>`` under the export's root, named
by the original's SHA-256 like the photo store: a photo shared by two releases is
one set of files, and a URL always means the same picture, so web servers and
browsers may cache them for good. Only renditions ever leave the store: the
original keeps its camera's metadata (GPS position, serial numbers) and is never
published.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from newsroom_cli.errors import NewsroomError
from newsroom_cli.media import plan
from newsroom_cli.media.store import RENDITIONS, PhotoStore
from newsroom_cli.models import Article, Photo

FOLDER = "photos"
#: What the pages of the site give an article's photos: its column (44rem less
#: 1rem of padding each side), or the phone's width less that padding.
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
#: The crops Google asks for in NewsArticle structured data, in the order given.
SEARCH_CROPS = ("16x9", "4x3", "1x1")
_CREDIT = {"id": "Foto", "ms": "Foto", "en": "Photo"}


def path(sha: str, name: str) -> str:
    """Where rendition ``name`` of photo ``sha`` goes, relative to the export's root."""
    return f"{FOLDER}/{sha[:2]}/{sha}/{name}"


def credit_label(lang: str) -> str:
    """``Foto: Humas Bawaslu`` in Indonesian, ``Photo: ...`` in English."""
    return _CREDIT.get(lang.split("-")[0].lower(), "Photo")


def middle(photo: Photo) -> plan.Size:
    """The JPEG for a single ``src``: the widest no wider than 960 px, else the narrowest."""
    sizes = plan.by_width(photo.width, photo.height, "jpg")
    fitting = [size for size in sizes if size.width <= 960]
    return fitting[-1] if fitting else sizes[0]


CROP_NAMES = ("social.jpg", *(f"{name}.jpg" for name in SEARCH_CROPS))


def site_renditions(photo: Photo, featured: bool) -> tuple[str, ...]:
    """The renditions a site shows of a photo: every width in WebP and JPEG, and
    for the featured photo the social picture and the three crops for search."""
    return _site_renditions(photo.width, featured)


@lru_cache(maxsize=1024)
def _site_renditions(width: int, featured: bool) -> tuple[str, ...]:
    names = [f"w{w}.{extension}" for extension in ("webp", "jpg") for w in plan.widths(width)]
    return (*names, *CROP_NAMES) if featured else tuple(names)


def jpeg_renditions(photo: Photo) -> tuple[plan.Size, ...]:
    """What goes out with a ninjs item: every width as JPEG, which every system reads."""
    return plan.by_width(photo.width, photo.height, "jpg")


def featured_number(article: Article) -> int | None:
    """The place (1, 2, ...) of the photo that heads the release, if it has any."""
    featured = article.featured_photo
    return None if featured is None else article.photos.index(featured) + 1


def _a(value: str) -> str:
    return escape(value, quote=True)


def _srcset(prefix: str, photo: Photo, extension: str) -> str:
    sizes = plan.by_width(photo.width, photo.height, extension)
    return ", ".join(f"{prefix}{path(photo.sha256, s.name)} {s.width}w" for s in sizes)


def _thumbnail(prefix: str, sha: str, width: int, height: int, alt: str) -> str:
    webp = plan.by_width(width, height, "webp")[0]
    jpeg = plan.by_width(width, height, "jpg")[0]
    return (
        '<picture class="release-thumb">\n'
        f'<source type="image/webp" srcset="{prefix}{path(sha, webp.name)}">\n'
        f'<img src="{prefix}{path(sha, jpeg.name)}" width="{jpeg.width}" '
        f'height="{jpeg.height}" alt="{_a(alt)}" loading="lazy" decoding="async">\n'
        "</picture>"
    )


def caption(photo: Photo, lang: str) -> str:
    """The caption, then ``Foto: <credit>``; empty when the photo has neither."""
    parts = []
    if photo.caption:
        parts.append(_a(photo.caption))
    if photo.credit:
        parts.append(f'<span class="photo-credit">{credit_label(lang)}: {_a(photo.credit)}</span>')
    return " ".join(parts)


@dataclass(frozen=True)
class SitePhotos:
    """Markup for the site's pages: ``<picture>`` with WebP and JPEG ``srcset``.

    ``prefix`` leads from the page to the site's root (``../`` for an article).
    Every photo but the featured one loads lazily: the featured photo is the first
    thing a reader sees. (No ``fetchpriority``: the Nu HTML Checker the tests run
    does not know it yet, and eager is already what a browser does by default.)
    """

    prefix: str
    lang: str

    def picture(self, photo: Photo, alt: str, lead: bool, css: str = "") -> str:
        wide = plan.by_width(photo.width, photo.height, "jpg")[-1]
        loading = "" if lead else ' loading="lazy" decoding="async"'
        opening = f'<picture class="{css}">' if css else "<picture>"
        return (
            f"{opening}\n"
            f'<source type="image/webp" srcset="{_srcset(self.prefix, photo, "webp")}" '
            f'sizes="{SIZES}">\n'
            f'<img src="{self.prefix}{path(photo.sha256, middle(photo).name)}" '
            f'srcset="{_srcset(self.prefix, photo, "jpg")}" sizes="{SIZES}" '
            f'width="{wide.width}" height="{wide.height}" alt="{_a(alt)}"{loading}>\n'
            "</picture>"
        )

    def figure(
        self, photo: Photo, alt: str = "", *, lead: bool = False, heads: bool = False
    ) -> str:
        """A photo as a figure: the picture, then its caption and credit.
        ``alt`` (the Markdown's) stands in for the photo's own alt text when given;
        ``lead``: the featured photo (loaded first); ``heads``: above the body."""
        css = "photo photo-lead" if heads else "photo"
        text = caption(photo, self.lang)
        below = f"\n<figcaption>{text}</figcaption>" if text else ""
        return (
            f'<figure class="{css}">\n{self.picture(photo, alt or photo.alt, lead)}{below}\n'
            "</figure>"
        )

    def inline(self, photo: Photo, alt: str = "", *, lead: bool = False) -> str:
        """A photo amid text, where no figure may go: the picture and its credit."""
        credit = (
            f' <small class="photo-credit">{credit_label(self.lang)}: {_a(photo.credit)}</small>'
            if photo.credit
            else ""
        )
        picture = self.picture(photo, alt or photo.alt, lead)
        return f'<span class="photo photo-inline">{picture}{credit}</span>'

    def thumbnail(self, photo: Photo) -> str:
        """The w480 picture of a list of releases, in WebP and JPEG; lazy."""
        return _thumbnail(self.prefix, photo.sha256, photo.width, photo.height, photo.alt)


def simple(photo: Photo, url: Callable[[str], str], lang: str, alt: str, block: bool) -> str:
    """A photo for a feed reader or a news agency's system: one JPEG ``<img>``, no
    ``srcset``, in a figure with its caption when it stands alone."""
    jpeg = middle(photo)
    image = (
        f'<img src="{_a(url(path(photo.sha256, jpeg.name)))}" width="{jpeg.width}" '
        f'height="{jpeg.height}" alt="{_a(alt or photo.alt)}">'
    )
    if not block:
        return image
    text = caption(photo, lang)
    below = f"<figcaption>{text}</figcaption>" if text else ""
    return f'<figure class="photo">{image}{below}</figure>'


def in_body(
    article: Article, build: Callable[[Photo, str, bool], str]
) -> tuple[Callable[[int, str, bool], str | None], set[int]]:
    """A ``rendering.PhotoHtml`` for ``article``'s photos, and the set it fills with
    the numbers of the photos the body placed."""
    placed: set[int] = set()

    def photo_html(number: int, alt: str, block: bool) -> str | None:
        if not 1 <= number <= len(article.photos):
            return None
        placed.add(number)
        return build(article.photos[number - 1], alt, block)

    return photo_html, placed


@dataclass(frozen=True)
class Files:
    """The photo store an export reads renditions from."""

    store: PhotoStore

    @classmethod
    def at(cls, root: Path | None) -> Files | None:
        return cls(PhotoStore(root)) if root is not None else None

    def source(self, photo: Photo, name: str) -> Path:
        return self.store.rendition(photo.sha256, name)

    def source_text(self, sha: str, name: str) -> str:
        """The same as a string: pathlib costs more than the link itself, 100,000 times."""
        return f"{self.store.root}/{RENDITIONS}/{sha[:2]}/{sha}/{name}"

    def size(self, photo: Photo, name: str) -> int | None:
        """The rendition's bytes, or None when the store does not have it."""
        try:
            return self.source(photo, name).stat().st_size
        except OSError:
            return None

    def missing(self, article: Article, photo: Photo, name: str) -> NewsroomError:
        number = article.photos.index(photo) + 1 if photo in article.photos else 0
        return NewsroomError(
            f"article {article.id} ({article.slug}): photo {number} "
            f"({photo.filename or photo.sha256[:12]}) has no {name} in the photo store "
            f"{self.store.root}; remove the photo (newsroom photo remove {article.id} "
            f"{number}) and add it again"
        )


def no_store() -> NewsroomError:
    return NewsroomError("this export has photos but no photo store to read them from")


def content_id(photo: Photo, name: str) -> str:
    """What stands for a rendition's bytes in an export's manifest: the original's
    hash (the rendition's name is in its path, and renditions are made once, from
    the original). The writer also checks that the file is still the store's."""
    del name
    return photo.sha256
