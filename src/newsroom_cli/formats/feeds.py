"""Atom 1.0 and RSS 2.0 feeds, built with ElementTree so every field is escaped.

Bodies go through the same ``render_markdown`` (markdown-it then nh3) as the
website. Links are absolute when ``site.base_url`` is set and relative to the
feed's folder otherwise. Feed dates come from the articles, never from the
clock, so an unchanged site produces a byte-identical feed.

An article's featured photo travels as its 960-pixel JPEG (``figures.middle``),
the size a feed reader shows across its column: in Atom a ``link
rel="enclosure"`` (its ``title`` the caption), in RSS an ``<enclosure>`` and a
Media RSS ``<media:content>`` with the caption and the credit, which readers
that ignore enclosures of pictures (most of them) do show. Not the social
picture: it is cut to 1200 x 630, and a press photo should reach readers whole.
Photos the body places (``photo:N``) are in the content as plain ``<img>``s.
"""

from __future__ import annotations

import hashlib
import html
import re
import uuid
from collections.abc import Iterable, Iterator
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from newsroom_cli.dates import from_iso
from newsroom_cli.formats import figures
from newsroom_cli.formats.rendering import body_html

if TYPE_CHECKING:
    from newsroom_cli.formats import ExportContext
    from newsroom_cli.models import Article, Photo

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
FEED_SIZE = 20
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Characters XML 1.0 cannot carry are dropped rather than breaking the feed."""
    return _NOT_XML.sub("", text)


# What a reader could take for markup in an RSS title: a tag's "<", or a character
# reference. RSS says nothing about whether a title is text or HTML, so readers
# guess; feedparser (the reference) takes one that looks like HTML for HTML.
_LOOKS_LIKE_MARKUP = re.compile(r"<|&#?\w+;")


def rss_title(text: str) -> str:
    """A title that reads as the same text in a reader that treats it as text or as HTML.

    A title such as ``Harga <b>naik</b>`` or ``Tom &amp; Jerry`` would be shown
    bold, or as "Tom & Jerry", by a reader that renders it: such a title is
    escaped once more, as descriptions are, so that rendering it gives back the
    text. Any other title (``Rapat KPU & Bawaslu``) is left as it is, so that a
    reader showing titles as plain text shows no ``&amp;``. Atom titles need
    none of this: Atom says they are text.
    """
    return html.escape(text, quote=False) if _LOOKS_LIKE_MARKUP.search(text) else text


def link(settings: dict[str, str], path: str) -> str:
    base = settings.get("site.base_url", "")
    return f"{base}/{path}" if base else path


def entry_id(settings: dict[str, str], article: Article) -> str:
    if settings.get("site.base_url"):
        return link(settings, f"articles/{article.slug}.html")
    seed = f"{settings.get('site.title', '')}/{article.slug}".encode()
    return f"urn:uuid:{_uuid_from(seed)}"


def _uuid_from(seed: bytes) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(seed).digest()[:16], version=5))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _body(article: Article, settings: dict[str, str]) -> str:
    """The body as the website shows it, its placed photos as one JPEG each."""

    def build(photo: Photo, alt: str, block: bool) -> str:
        return figures.simple(photo, lambda path: link(settings, path), article.lang, alt, block)

    photo_html, _ = figures.in_body(article, build)
    return body_html(article, photo_html)


def _lead(
    article: Article, settings: dict[str, str], files: figures.Files | None
) -> tuple[Photo, str, int | None, int, int] | None:
    """The featured photo, its JPEG's address, bytes (None if unknown) and size."""
    photo = article.featured_photo
    if photo is None:
        return None
    jpeg = figures.middle(photo)
    url = link(settings, figures.path(photo.sha256, jpeg.name))
    size = files.size(photo, jpeg.name) if files else None
    return photo, url, size, jpeg.width, jpeg.height


def atom(
    articles: Iterable[Article],
    settings: dict[str, str],
    lang: str,
    files: figures.Files | None = None,
) -> bytes:
    items = list(articles)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    a = f"{{{ATOM}}}"
    _sub(feed, a + "title", settings["site.title"])
    if settings.get("site.description"):
        _sub(feed, a + "subtitle", settings["site.description"])
    base = settings.get("site.base_url", "")
    seed = (base or settings["site.title"]).encode()
    _sub(feed, a + "id", base + "/" if base else f"urn:uuid:{_uuid_from(seed)}")
    updated = max((x.updated_at or "" for x in items), default="1970-01-01T00:00:00+00:00")
    _sub(feed, a + "updated", updated)
    if base:
        _sub(feed, a + "link", rel="self", href=link(settings, "feed.xml"))
    _sub(feed, a + "link", rel="alternate", type="text/html", href=link(settings, "index.html"))
    author = _sub(feed, a + "author")
    _sub(author, a + "name", settings.get("site.organization") or settings["site.title"])
    _sub(feed, a + "generator", "newsroom-cli")
    for article in items:
        entry = _sub(feed, a + "entry")
        _sub(entry, a + "id", entry_id(settings, article))
        _sub(entry, a + "title", article.title)
        _sub(entry, a + "link", rel="alternate", type="text/html",
             href=link(settings, f"articles/{article.slug}.html"))  # fmt: skip
        if article.published_at:
            _sub(entry, a + "published", article.published_at)
        _sub(entry, a + "updated", article.updated_at or article.published_at or updated)
        if article.author:
            _sub(_sub(entry, a + "author"), a + "name", article.author)
        for tag in article.tags:
            _sub(entry, a + "category", term=tag)
        if article.summary:
            _sub(entry, a + "summary", article.summary)
        lead = _lead(article, settings, files)
        if lead:
            photo, url, size, _, _ = lead
            extra = {"length": str(size)} if size is not None else {}
            if photo.caption:
                extra["title"] = photo.caption
            _sub(entry, a + "link", rel="enclosure", type="image/jpeg", href=url, **extra)
        _sub(entry, a + "content", _body(article, settings), type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(ET.tostring(feed, encoding="utf-8"))


def rss(
    articles: Iterable[Article],
    settings: dict[str, str],
    lang: str,
    files: figures.Files | None = None,
) -> bytes:
    items = list(articles)
    ET.register_namespace("dc", DC)
    ET.register_namespace("media", MEDIA)
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", rss_title(settings["site.title"]))
    _sub(channel, "link", link(settings, "index.html"))
    # Many readers render <description> as HTML: the plain text is escaped once more.
    about = settings.get("site.description") or settings["site.title"]
    _sub(channel, "description", html.escape(about, quote=False))
    _sub(channel, "language", lang)
    _sub(channel, "generator", "newsroom-cli")
    if items and items[0].updated_at:
        newest = max(from_iso(x.updated_at) for x in items if x.updated_at)
        _sub(channel, "lastBuildDate", format_datetime(newest))
    for article in items:
        item = _sub(channel, "item")
        _sub(item, "title", rss_title(article.title))
        _sub(item, "link", link(settings, f"articles/{article.slug}.html"))
        permalink = "true" if settings.get("site.base_url") else "false"
        _sub(item, "guid", entry_id(settings, article), isPermaLink=permalink)
        if article.published_at:
            _sub(item, "pubDate", format_datetime(from_iso(article.published_at)))
        if article.author:  # RSS's <author> wants an e-mail address; names go in dc:creator
            _sub(item, f"{{{DC}}}creator", article.author)
        for tag in article.tags:
            _sub(item, "category", tag)
        _sub(item, "description", _body(article, settings))
        lead = _lead(article, settings, files)
        if lead:
            photo, url, size, width, height = lead
            # RSS requires a length; 0 is what feeds say when they cannot know it.
            length = str(size if size is not None else 0)
            _sub(item, "enclosure", url=url, length=length, type="image/jpeg")
            media = _sub(item, f"{{{MEDIA}}}content", url=url, medium="image",
                         type="image/jpeg", width=str(width), height=str(height),
                         **({"fileSize": str(size)} if size is not None else {}))  # fmt: skip
            if photo.caption:
                _sub(media, f"{{{MEDIA}}}description", photo.caption, type="plain")
            if photo.credit:
                _sub(media, f"{{{MEDIA}}}credit", photo.credit)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(ET.tostring(root, encoding="utf-8"))


def export_atom(articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    files = figures.Files.at(context.photos)
    yield atom(articles, context.settings, context.lang, files).decode("utf-8")


def export_rss(articles: Iterable[Article], context: ExportContext) -> Iterator[str]:
    files = figures.Files.at(context.photos)
    yield rss(articles, context.settings, context.lang, files).decode("utf-8")
