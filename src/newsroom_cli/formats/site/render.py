"""Turning articles into HTML pages with Jinja2: escaped, sanitised, linked.

Templates ship inside the package (``PackageLoader``); ``--templates DIR``
puts a folder in front of them, and its templates may extend the built-in
ones as ``builtin/<name>``. Autoescape is on for every template. Bodies come
only from ``rendering.render_markdown`` (markdown-it then nh3), and JSON-LD is
serialised so that no string in it can close the ``<script>`` element.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsroom_cli.models import Article

UI = {
    "id": {
        "skip": "Lompat ke isi utama",
        "home": "Beranda",
        "latest": "Rilis terbaru",
        "tag": "Tag",
        "category": "Kategori",
        "by": "Oleh",
        "tags": "Tag",
        "previous": "Sebelumnya",
        "next": "Berikutnya",
        "page": "Halaman",
        "of": "dari",
        "feeds": "Umpan berita",
        "empty": "Belum ada rilis.",
        "photos": "Foto",
    },
    "en": {
        "skip": "Skip to main content",
        "home": "Home",
        "latest": "Latest releases",
        "tag": "Tag",
        "category": "Category",
        "by": "By",
        "tags": "Tags",
        "previous": "Previous",
        "next": "Next",
        "page": "Page",
        "of": "of",
        "feeds": "Feeds",
        "empty": "No releases yet.",
        "photos": "Photos",
    },
}


def ui(lang: str) -> dict[str, str]:
    return UI.get(lang.split("-")[0].lower(), UI["en"])


def environment(templates: Path | None) -> Any:
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        PackageLoader,
        PrefixLoader,
        StrictUndefined,
    )

    builtin = PackageLoader("newsroom_cli.formats.site", "templates")
    loaders: list[Any] = [builtin, PrefixLoader({"builtin": builtin})]
    if templates is not None:
        loaders.insert(0, FileSystemLoader(str(templates)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates cannot change during one export: without this Jinja2 would
        # stat each template file again for every one of 15,000 pages.
        auto_reload=False,
    )
    env.filters["jsonld"] = json_ld
    return env


def stylesheet() -> bytes:
    return (resources.files("newsroom_cli.formats.site") / "static" / "style.css").read_bytes()


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` escaped.

    ``</script>`` or ``<!--`` inside a headline then cannot end the element,
    and ``json.loads`` still reads back the original text.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # the C encoder
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return markup(text)


def markup(html: str) -> str:
    """Text that templates must not escape again: what ``render_markdown`` sanitised,
    or what this module escaped itself. MarkupSafe comes with Jinja2; imported here."""
    from markupsafe import Markup

    return Markup(html)


_FIRST_IMAGE = re.compile(r'<img[^>]*\ssrc="([^"]+)"')


def first_image(body_html: str) -> str | None:
    """The first image of a sanitised body, as a URL (``&amp;`` read back as ``&``):
    a template escapes it again, once, and JSON-LD holds it as it is."""
    match = _FIRST_IMAGE.search(body_html)
    return html.unescape(match.group(1)) if match else None


@cache
def og_locale(lang: str) -> str:
    """``id`` -> ``id_ID``, ``en`` -> ``en_US``: the form Open Graph wants."""
    from babel.core import Locale, UnknownLocaleError, get_global

    try:
        likely = get_global("likely_subtags").get(lang.replace("-", "_"), lang)
        locale = Locale.parse(likely)
    except (UnknownLocaleError, ValueError):
        return "id_ID"
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def article_json_ld(
    article: Article, settings: dict[str, str], url: str | None, images: list[str]
) -> dict[str, Any]:
    """schema.org NewsArticle; ``images``: the featured photo's 16:9, 4:3 and 1:1
    crops, the ratios Google asks for (or the body's first image)."""
    organization = settings["site.organization"] or settings["site.title"]
    publisher: dict[str, Any] = {"@type": "Organization", "name": organization}
    if settings["site.logo"]:
        publisher["logo"] = {"@type": "ImageObject", "url": settings["site.logo"]}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "author": {"@type": "Person" if article.author else "Organization",
                   "name": article.author or organization},
        "publisher": publisher,
        "inLanguage": article.lang,
    }  # fmt: skip
    if article.summary:
        data["description"] = article.summary
    if article.category:
        data["articleSection"] = article.category
    if article.tags:
        data["keywords"] = list(article.tags)
    if article.dateline:
        data["dateline"] = article.dateline
    if url:
        data["mainEntityOfPage"] = url
        data["url"] = url
    if images:
        data["image"] = images
    return data
