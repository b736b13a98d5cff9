"""The static website: which pages exist, when they must be rendered, and how.

Every page has a *key*: a hash of everything it is made from (the articles
on it and their revisions, the settings, the templates). The folder writer
keeps the key of each file it wrote, so a re-export renders only pages whose
key changed; with nothing changed it renders nothing and writes nothing.
Bodies are loaded only for the articles whose page must be rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol
from xml.etree import ElementTree as ET

from newsroom_cli.dates import format_date
from newsroom_cli.formats import ExportContext
from newsroom_cli.formats.feeds import FEED_SIZE, atom, rss
from newsroom_cli.formats.rendering import body_html
from newsroom_cli.formats.site import parallel, render
from newsroom_cli.formats.site.keys import digest_of, site_key, stamp
from newsroom_cli.models import Article
from newsroom_cli.slugs import make_slug, unique_slug

if TYPE_CHECKING:
    from newsroom_cli.files.folder import Slot


class Sink(Protocol):
    staging: Path

    def fresh(self, path: str, key: str) -> bool: ...

    def write(self, path: str, data: bytes, key: str = "", sha: str | None = None) -> None: ...

    def slot(self, path: str) -> Slot: ...

    def record(self, path: str, key: str, sha: str, written: bool) -> None: ...


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
    key: str = ""
    _env: Any = None

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

    def render_article(self, article: Article) -> bytes:
        path = self.article_path(article)
        body = body_html(article)
        image = render.first_image(body)
        root = "../" * path.count("/")
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
            "og_locale": render.og_locale(article.lang),
            "json_ld": render.article_json_ld(article, self.settings, self.url(path), image),
        }
        return render.render_page(self.env, "article.html", context, self.templates).encode()

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
    return render.markup(html)  # already sanitised by render_markdown: the one trusted input


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
    )
    sink.write("style.css", render.stylesheet(), site.key)
    stale: list[tuple[Article, str]] = []
    for article in index:
        key = digest_of(site.key, stamp(article), article.tags, article.category)
        if not sink.fresh(site.article_path(article), key):
            stale.append((article, key))
        elif progress:
            progress(1)
    lists: list[parallel.ListPage] = []
    for section in site.sections():
        pages = _chunks(section.items, site.page_size)
        for number, items in enumerate(pages, start=1):
            path = section.path(number)
            key = digest_of(site.key, path, section.heading, len(pages), [stamp(a) for a in items])
            if not sink.fresh(path, key):
                lists.append(
                    parallel.ListPage(
                        section.heading, section.folder, number, len(pages), list(items), key
                    )
                )
    parallel.render_all(site, stale, lists, load, sink, progress)
    _feeds_and_sitemap(site, index, load, sink)


def _feeds_and_sitemap(site: Site, index: list[Article], load: Loader, sink: Sink) -> None:
    newest = index[:FEED_SIZE]
    key = digest_of(site.key, "feeds", [stamp(a) for a in newest])
    if not (sink.fresh("feed.xml", key) and sink.fresh("rss.xml", key)):
        full = load([a.id for a in newest if a.id is not None])
        sink.write("feed.xml", atom(full, site.settings, site.lang), key)
        sink.write("rss.xml", rss(full, site.settings, site.lang), key)
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
