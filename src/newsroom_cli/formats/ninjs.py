"""IPTC ninjs 2.2 ("News in JSON"): one JSON file per article, for news agencies' systems.

ninjs has no keywords: tags become ``subjects``, the category a subject with
``rel: "category"``, the dateline city ``located``. A published release is
``usable``; anything else is ``withheld``. Bodies are given twice, as sanitised
HTML and as the Markdown source.

Photos are ``associations``, which ninjs 2.x makes a list of objects each with a
``name`` and a ``uri`` (the dict keyed by name is ninjs 1.x): the featured one
named ``featureimage``, the others ``photo2``, ``photo3``... after their place.
Each is a ``picture`` whose ``uri`` is the original's hash as an RFC 6920 ``ni:``
URI (the same picture has the same name in every release and every export),
with the caption as a ``description`` (role ``caption``, and the alt text with
role ``alt``), the credit as ``by`` (ninjs's "creator ... photographer etc."),
and every width as a JPEG ``rendition`` whose ``href`` is the file written
beside the JSON (``photos/ab/<sha>/w960.jpg``, a path relative to the JSON
file, so the folder can be sent whole). WebP and the crops stay out: agencies'
systems want JPEG, and crop for themselves. Originals never leave the store.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newsroom_cli.errors import NewsroomError
from newsroom_cli.formats import OutputFile, PlacedFile, figures
from newsroom_cli.formats.feeds import entry_id
from newsroom_cli.formats.rendering import render_markdown

if TYPE_CHECKING:
    from newsroom_cli.formats import ExportContext, OutputFile
    from newsroom_cli.models import Article, Photo

PROFILE = "newsroom-cli-release"


def photo_uri(sha: str) -> str:
    """RFC 6920 "Named Information": ``ni:///sha-256;<base64url of the hash>``."""
    raw = base64.urlsafe_b64encode(bytes.fromhex(sha)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{raw}"


def association(
    photo: Photo, name: str, lang: str, files: figures.Files | None = None
) -> dict[str, Any]:
    """One photo as a ninjs picture object, its renditions beside the JSON."""
    data: dict[str, Any] = {"name": name, "uri": photo_uri(photo.sha256), "type": "picture"}
    descriptions = []
    if photo.caption:
        descriptions.append({"value": photo.caption, "role": "caption"})
    if photo.alt:
        descriptions.append({"value": photo.alt, "role": "alt"})
    if descriptions:
        data["descriptions"] = descriptions
    if photo.credit:
        data["by"] = photo.credit
    data["language"] = lang
    data["renditions"] = []
    for size in figures.jpeg_renditions(photo):
        rendition: dict[str, Any] = {
            "name": size.name.rsplit(".", 1)[0],
            "href": figures.path(photo.sha256, size.name),
            "contenttype": "image/jpeg",
            "width": size.width,
            "height": size.height,
        }
        found = files.size(photo, size.name) if files else None
        if found is not None:
            rendition["sizeinbytes"] = found
        data["renditions"].append(rendition)
    return data


def associations(article: Article, files: figures.Files | None = None) -> list[dict[str, Any]]:
    """The featured photo first (``featureimage``), then the rest in their order."""
    lead = article.featured_photo
    found = []
    for number, photo in enumerate(article.photos, start=1):
        name = "featureimage" if photo is lead else f"photo{number}"
        found.append(association(photo, name, article.lang, files))
    found.sort(key=lambda data: data["name"] != "featureimage")
    return found


def _body(article: Article) -> str:
    """The HTML body, its placed photos as one JPEG each, from the files beside it."""

    def build(photo: Photo, alt: str, block: bool) -> str:
        return figures.simple(photo, lambda path: path, article.lang, alt, block)

    photo_html, _ = figures.in_body(article, build)
    return render_markdown(article.body, photo_html)


def item(
    article: Article, settings: dict[str, str], files: figures.Files | None = None
) -> dict[str, Any]:
    subjects: list[dict[str, str]] = [{"name": tag, "rel": "tag"} for tag in article.tags]
    if article.category:
        subjects.insert(0, {"name": article.category, "rel": "category"})
    data: dict[str, Any] = {
        "uri": entry_id(settings, article),
        "type": "text",
        "profile": PROFILE,
        "version": str(article.revision),
        "language": article.lang,
        "pubstatus": "usable" if article.status == "published" else "withheld",
        "slugline": article.slug,
        "headlines": [{"value": article.title, "role": "main"}],
        "bodies": [
            {"value": _body(article), "contenttype": "text/html", "role": "main"},
            {"value": article.body, "contenttype": "text/markdown", "role": "source"},
        ],
        "altids": [{"role": "newsroom-id", "value": str(article.id)}],
    }
    if article.number:
        data["altids"].append({"role": "release-number", "value": article.number})
    if article.embargo_until:
        data["embargoed"] = article.embargo_until
    if article.created_at:
        data["firstcreated"] = article.created_at
    if article.updated_at:
        data["versioncreated"] = article.updated_at
    if article.published_at:
        data["contentcreated"] = article.published_at
    if article.summary:
        data["descriptions"] = [{"value": article.summary, "role": "summary"}]
    if article.author:
        data["by"] = article.author
    if article.dateline:
        data["located"] = article.dateline
    if subjects:
        data["subjects"] = subjects
    if settings.get("site.organization"):
        data["copyrightholder"] = settings["site.organization"]
    if article.photos:
        data["associations"] = associations(article, files)
    return data


def export_ninjs(
    articles: Iterable[Article], context: ExportContext
) -> Iterator[OutputFile | PlacedFile]:
    files = figures.Files.at(context.photos)
    placed: set[tuple[str, str]] = set()
    for article in articles:
        for photo in article.photos:
            for size in figures.jpeg_renditions(photo):
                if (photo.sha256, size.name) in placed:
                    continue
                if files is None:
                    raise NewsroomError(
                        "this export has photos but no photo store to read them from"
                    )
                source = files.source(photo, size.name)
                if not source.is_file():
                    raise files.missing(article, photo, size.name)
                placed.add((photo.sha256, size.name))
                yield PlacedFile(
                    figures.path(photo.sha256, size.name),
                    source,
                    figures.content_id(photo, size.name),
                )
        data = item(article, context.settings, files)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        yield OutputFile(f"{article.slug}.json", text.encode("utf-8"))
