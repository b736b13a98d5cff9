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
import traceback
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsroom_cli.errors import NewsroomError
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


def render_page(env: Any, name: str, context: dict[str, Any], templates: Path | None) -> str:
    """``name`` rendered; a mistake in a ``--templates`` file named by file and line.

    Jinja2's own errors (syntax, an unknown filter, a missing template, an
    undefined value under ``StrictUndefined``) and any other exception raised
    while a template runs (``{{ 1 // 0 }}``) are the template's, not newsroom's:
    they become one ``NewsroomError`` naming the template, its line and Jinja's
    message. An exception raised outside every template is left alone: a bug.
    """
    try:
        return str(env.get_template(name).render(context))
    except Exception as exc:
        found = template_error(exc, name, templates)
        if found is None:
            raise
        raise found from exc


def check_templates(templates: Path) -> None:
    """Every template of ``--templates`` compiled before anything is written, so that a
    syntax error fails the export at once, naming its file and line."""
    env = environment(templates)
    for path in sorted(templates.rglob("*.html")):
        name = path.relative_to(templates).as_posix()
        try:
            env.get_template(name)
        except Exception as exc:
            found = template_error(exc, name, templates)
            if found is None:
                raise
            raise found from exc


def template_error(exc: BaseException, name: str, templates: Path | None) -> NewsroomError | None:
    """The template, line and message of an error met while loading or running one."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    frames = [
        (frame.filename, frame.lineno)
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith(".html")  # Jinja gives a template's code its file
    ]
    if isinstance(exc, TemplateSyntaxError):  # no frame of the template: it did not compile
        where = _shown(exc.filename or exc.name or name, templates)
        return NewsroomError(f"template {where}, line {exc.lineno}: {exc.message}")
    if isinstance(exc, UnicodeDecodeError) and not frames:
        return NewsroomError(
            f"template {_shown(name, templates)} is not valid UTF-8 at byte {exc.start}"
        )
    if not frames and not isinstance(exc, TemplateError):
        return None
    file, line = frames[-1] if frames else (name, None)
    place = f"template {_shown(file, templates)}" + (f", line {line}" if line else "")
    if isinstance(exc, TemplateNotFound):
        return NewsroomError(f"{place}: no template {exc.name!r} (in {templates or 'newsroom'})")
    message = exc.message if isinstance(exc, TemplateError) and exc.message else str(exc)
    if not isinstance(exc, TemplateError):
        message = f"{type(exc).__name__}: {message}"
    return NewsroomError(f"{place}: {message}")


def _shown(file: str, templates: Path | None) -> str:
    """A template's file as the person knows it: in ``--templates``, or built in.

    Jinja2 names a file of ``--templates`` by the folder as given plus its name,
    a built-in one by its absolute path inside the package, and a template it
    could not compile at all by its name only.
    """
    path = Path(file)
    if templates is not None:
        if path.is_relative_to(templates):
            return str(path)
        if path.is_absolute() and path.is_relative_to(templates.resolve()):
            return str(templates / path.relative_to(templates.resolve()))
        if not path.is_absolute() and (templates / path).is_file():
            return str(templates / path)
    return f"builtin/{path.name if path.is_absolute() else file}"


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
