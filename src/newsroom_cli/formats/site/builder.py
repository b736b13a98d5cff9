"""The static website: which pages exist, when they must be rendered, and how.

Every page has a *key*: a hash of everything it is made from (the articles
on it and their revisions, the settings, the templates). The folder writer
keeps the key of each file it wrote, so a re-export renders only pages whose
key changed; with nothing changed it renders nothing and writes nothing.
Bodies are loaded only for the articles whose page must be rendered.

Photos: an article page shows its featured photo at its head, the photos its
body places with ``![alt](photo:N)`` where they are placed, and the rest after
the body as a gallery; lists show the featured photo's smallest rendition. The
files those pages use (never an original) are placed in ``photos/`` by the main
process before any page is written, hard-linked from the photo store where the
file system allows, and the manifest keeps them like pages: unchanged, they are
not touched; no longer shown by any exported page, they are removed. Only the
articles of the export have their photos placed, so a draft's or an embargoed
release's photos never reach a public site.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol
from xml.etree import ElementTree as ET

from newsroom_cli.dates import format_date
from newsroom_cli.errors import NewsroomError
from newsroom_cli.formats import ExportContext, figures
from newsroom_cli.formats.feeds import FEED_SIZE, atom, rss
from newsroom_cli.formats.rendering import body_html
from newsroom_cli.formats.site import parallel, render
from newsroom_cli.formats.site.keys import (
    digest_of,
    photos_stamp,
    site_key,
    stamp,
)
from newsroom_cli.media import plan
from newsroom_cli.models import Article, Photo
from newsroom_cli.slugs import make_slug, unique_slug

if TYPE_CHECKING:
    from newsroom_cli.files.folder import Slot


class Sink(Protocol):
    staging: Path

    def fresh(self, path: str, key: str) -> bool: ...

    def write(self, path: str, data: bytes, key: str = "", sha: str | None = None) -> None: ...

    def slot(self, path: str) -> Slot: ...

    def record(self, path: str, key: str, sha: str, written: bool) -> None: ...

    def place_file(self, path: str, source: str | os.PathLike[str], sha: str) -> bool: ...


Loader = Callable[[list[int]], list[Article]]


@dataclass
class Section:
    """A list of articles with its own pages: the index, a tag, a category."""

    heading: str
    folder: str  # "" for the index, "tags/<slug>", "categories/<slug>"
    items: list[Article] = field(default_factory=list)

    def path(self, page: int) -> str:
        name = "index.html" if page == 1 else f"page-{page}.html"
        return f"{self.folder}/{name}" if self.folder else name


@dataclass
class Site:
    settings: dict[str, str]
    lang: str
    page_size: int
    index: list[Article]
    tag_slugs: dict[str, str]
    templates: Path | None = None
    category_slugs: dict[str, str] = field(default_factory=dict)
    files: figures.Files | None = None  # the photo store; only the main process reads it
    key: str = ""
    _env: Any = None
    _thumbnails: dict[tuple[object, ...], Any] = field(default_factory=dict)

    @property
    def env(self) -> Any:
        """Jinja2 is loaded and the templates compiled only if a page must be rendered."""
        if self._env is None:
            self._env = render.environment(self.templates)
        return self._env

    def __post_init__(self) -> None:
        if not self.category_slugs:
            taken: set[str] = set()
            for name in sorted({a.category for a in self.index if a.category}, key=str.casefold):
                slug = unique_slug(make_slug(name), taken.__contains__)
                taken.add(slug)
                self.category_slugs[name] = slug
        self.key = site_key(self.settings, self.templates)

    def article_path(self, article: Article) -> str:
        return f"articles/{article.slug}.html"

    def tag_folder(self, name: str) -> str:
        return f"tags/{self.tag_slugs.get(name) or make_slug(name)}"

    def url(self, path: str) -> str | None:
        base = self.settings["site.base_url"]
        return f"{base}/{path}" if base else None

    def common(self, path: str, lang: str) -> dict[str, Any]:
        root = "../" * path.count("/")
        logo = self.settings["site.logo"]
        if logo and "://" not in logo:  # a path on the site; "\" is "/" to a browser
            logo = root + logo.replace("\\", "/").lstrip("/ ")
        site = _fields(
            title=self.settings["site.title"],
            organization=self.settings["site.organization"],
            description=self.settings["site.description"],
        )
        return {
            "lang": lang,
            "ui": _fields(**render.ui(lang)),
            "root": root,
            "site": site,
            "logo": logo,
            "canonical": self.url(path),
        }

    def sections(self) -> list[Section]:
        ui = render.ui(self.lang)
        found = [Section(self.settings["site.title"] or ui["latest"], "", list(self.index))]
        tags: dict[str, Section] = {}
        categories: dict[str, Section] = {}
        for article in self.index:
            for tag in article.tags:
                folder = self.tag_folder(tag)
                tags.setdefault(folder, Section(f"{ui['tag']}: {tag}", folder)).items.append(
                    article
                )
            if article.category:
                folder = f"categories/{self.category_slugs[article.category]}"
                heading = f"{ui['category']}: {article.category}"
                categories.setdefault(folder, Section(heading, folder)).items.append(article)
        return found + [tags[k] for k in sorted(tags)] + [categories[k] for k in sorted(categories)]

    def photo_url(self, root: str, photo: Photo, name: str) -> str:
        """A rendition's address: absolute with ``site.base_url`` (what Open Graph and
        search engines want), else relative to the page."""
        where = figures.path(photo.sha256, name)
        return self.url(where) or root + where

    def render_article(self, article: Article) -> bytes:
        path = self.article_path(article)
        root = "../" * path.count("/")
        pictures = figures.SitePhotos(root, article.lang)
        lead = article.featured_photo

        def build(photo: Photo, alt: str, block: bool) -> str:
            shown = pictures.figure if block else pictures.inline
            return shown(photo, alt, lead=photo is lead)

        photo_html, placed = figures.in_body(article, build)
        body = body_html(article, photo_html)
        lead_number = figures.featured_number(article)
        heads = lead is not None and lead_number not in placed  # else the body shows it
        gallery = [
            _markup(pictures.figure(photo))
            for number, photo in enumerate(article.photos, start=1)
            if number not in placed and number != lead_number
        ]
        social = plan.crop(lead.width, lead.height, "social") if lead else None
        if lead is not None and social is not None:
            image: str | None = self.photo_url(root, lead, social.name)
            search_images = [
                self.photo_url(root, lead, f"{name}.jpg") for name in figures.SEARCH_CROPS
            ]
        else:
            image = render.first_image(body)
            search_images = [image] if image else []
        tags = [_fields(name=t, url=f"{root}{self.tag_folder(t)}/index.html") for t in article.tags]
        category = None
        if article.category:
            folder = self.category_slugs.get(article.category) or make_slug(article.category)
            category = _fields(name=article.category, url=f"{root}categories/{folder}/index.html")
        context = self.common(path, article.lang) | {
            "article": article,
            "published": article.status == "published",
            "body_html": _markup(body),
            "date_text": format_date(article.published_at, article.lang)
            if article.published_at
            else "",
            "tags": tags,
            "category": category,
            "image": image,
            "image_width": social.width if social else None,
            "image_height": social.height if social else None,
            "image_alt": lead.alt if lead else "",
            "twitter_card": "summary_large_image" if lead else None,
            "lead_photo": _markup(pictures.figure(lead, lead=True, heads=True))
            if lead and heads
            else None,
            "gallery": gallery,
            "og_locale": render.og_locale(article.lang),
            "json_ld": render.article_json_ld(
                article, self.settings, self.url(path), search_images
            ),
        }
        return render.render_page(self.env, "article.html", context, self.templates).encode()

    def thumbnail(self, root: str, article: Article) -> Any:
        """The featured photo's thumbnail, made once per photo and folder: a release is
        on the index, on its tags' pages and on its category's."""
        photo = article.featured_photo
        assert photo is not None
        key = (root, photo.sha256, photo.width, photo.height, photo.alt)
        found = self._thumbnails.get(key)
        if found is None:
            if len(self._thumbnails) > 20_000:  # bounded: a worker renders many lists
                self._thumbnails.clear()
            found = self._thumbnails[key] = _markup(figures.SitePhotos(root, "").thumbnail(photo))
        return found

    def render_list(
        self, section: Section, page: int, pages: int, items: Sequence[Article]
    ) -> bytes:
        path = section.path(page)
        root = "../" * path.count("/")
        entries = [
            _fields(
                title=a.title,
                url=root + self.article_path(a),
                summary=a.summary,
                dateline=a.dateline,
                published_at=a.published_at,
                date_text=format_date(a.published_at, a.lang) if a.published_at else "",
                thumbnail=self.thumbnail(root, a) if a.photos else None,
            )
            for a in items
        ]
        prefix = "../" * path.count("/")
        previous_url = prefix + section.path(page - 1) if page > 1 else None
        next_url = prefix + section.path(page + 1) if page < pages else None
        context = self.common(path, self.lang) | {
            "heading": section.heading,
            "items": entries,
            "page": page,
            "pages": pages,
            "previous_url": previous_url,
            "next_url": next_url,
        }
        return render.render_page(self.env, "list.html", context, self.templates).encode()


def _fields(**values: Any) -> SimpleNamespace:
    """Template data with attributes, not dict keys: Jinja2 tries ``getattr`` first,
    and on a dict that fails with an exception for every ``{{ item.title }}``;
    that alone doubled the time of a list page."""
    return SimpleNamespace(**values)


def _markup(html: str) -> Any:
    # Sanitised by render_markdown, or built and escaped by formats.figures: the only
    # two inputs a page takes as HTML.
    return render.markup(html)


def _chunks(items: Sequence[Article], size: int) -> list[Sequence[Article]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _sitemap(site: Site, paths: Iterable[tuple[str, str | None]]) -> bytes:
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", namespace)
    root = ET.Element(f"{{{namespace}}}urlset")
    for path, modified in paths:
        url = ET.SubElement(root, f"{{{namespace}}}url")
        ET.SubElement(url, f"{{{namespace}}}loc").text = site.url(path)
        if modified:
            ET.SubElement(url, f"{{{namespace}}}lastmod").text = modified
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(ET.tostring(root, encoding="utf-8"))


def build(
    index: list[Article],
    load: Loader,
    context: ExportContext,
    sink: Sink,
    *,
    tag_slugs: dict[str, str],
    templates: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Render what changed into ``sink``. ``index`` has no bodies; ``load`` fetches them.

    Pages are planned here (which ones are stale) and rendered by
    ``parallel.render_all``, in worker processes when there are many.
    """
    site = Site(
        settings=context.settings,
        lang=context.lang,
        page_size=int(context.settings.get("site.page_size") or 10),
        index=index,
        tag_slugs=tag_slugs,
        templates=templates,
        files=figures.Files.at(context.photos),
    )
    sink.write("style.css", render.stylesheet(), site.key)
    photos = PhotoPlacer(site.files, sink)
    stale: list[tuple[Article, str]] = []
    for article in index:
        key = digest_of(
            site.key, stamp(article), article.tags, article.category, photos_stamp(article)
        )
        if not sink.fresh(site.article_path(article), key):
            stale.append((article, key))
        elif progress:
            progress(1)
    lists: list[parallel.ListPage] = []
    for section in site.sections():
        pages = _chunks(section.items, site.page_size)
        for number, items in enumerate(pages, start=1):
            path = section.path(number)
            # A list shows each release's featured photo; any change to a release's
            # photos is a new revision, which its stamp holds.
            key = digest_of(site.key, path, section.heading, len(pages), [stamp(a) for a in items])
            if not sink.fresh(path, key):
                lists.append(
                    parallel.ListPage(
                        section.heading, section.folder, number, len(pages), list(items), key
                    )
                )

    def before(job: parallel.Job) -> None:
        articles, pages = job
        photos.place(article for article, _ in articles)
        if pages and not photos.everything:  # lists show releases whose pages did not change
            photos.place(index)
            photos.everything = True

    parallel.render_all(site, stale, lists, load, sink, progress, before)
    if not photos.everything:  # the photos of unchanged pages: kept, and in the manifest
        photos.place(index)
    _feeds_and_sitemap(site, index, load, sink)


class PhotoPlacer:
    """Puts in ``photos/`` the renditions pages show, each file once, before the first
    page that shows it is written.

    Placing is the main process's work, and with a photo on each of 10,000
    releases it is 100,000 links: done batch by batch, just before each batch of
    pages goes to the workers, it overlaps their rendering instead of delaying it.
    A photo featured by one release and not by another gets its crops too.
    """

    def __init__(self, files: figures.Files | None, sink: Sink) -> None:
        self.files = files
        self.sink = sink
        self.placed: dict[str, bool] = {}  # photo -> whether its crops are there too
        self.everything = False  # every photo of the export placed

    def place(self, articles: Iterable[Article]) -> None:
        for article in articles:
            lead = article.featured_photo
            for photo in article.photos:
                featured = photo is lead
                done = self.placed.get(photo.sha256)
                if done is None:
                    names = figures.site_renditions(photo, featured)
                elif featured and not done:
                    names = figures.site_renditions(photo, True)[-len(figures.CROP_NAMES) :]
                else:
                    continue
                self.placed[photo.sha256] = bool(done) or featured
                self._place(article, photo, names)

    def _place(self, article: Article, photo: Photo, names: Iterable[str]) -> None:
        if self.files is None:
            raise figures.no_store()
        sha = photo.sha256
        for name in names:
            source = self.files.source_text(sha, name)
            try:
                where = figures.path(sha, name)
                self.sink.place_file(where, source, figures.content_id(photo, name))
            except NewsroomError:
                if os.path.isfile(source):
                    raise
                raise self.files.missing(article, photo, name) from None


def _feeds_and_sitemap(site: Site, index: list[Article], load: Loader, sink: Sink) -> None:
    newest = index[:FEED_SIZE]
    key = digest_of(site.key, "feeds", [(stamp(a), photos_stamp(a)) for a in newest])
    if not (sink.fresh("feed.xml", key) and sink.fresh("rss.xml", key)):
        full = load([a.id for a in newest if a.id is not None])
        files = site.files
        sink.write("feed.xml", atom(full, site.settings, site.lang, files), key)
        sink.write("rss.xml", rss(full, site.settings, site.lang, files), key)
    if site.settings["site.base_url"]:
        published = [a for a in index if a.status == "published"]
        listed = [(site.article_path(a), a.updated_at) for a in published]
        listed = [("index.html", None), *listed]
        listed += [
            (s.path(1), None)
            for s in site.sections()[1:]
            if any(a.status == "published" for a in s.items)
        ]
        key = digest_of(site.key, "sitemap", listed)
        if not sink.fresh("sitemap.xml", key):
            sink.write("sitemap.xml", _sitemap(site, listed), key)
