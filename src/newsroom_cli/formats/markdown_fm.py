"""Markdown with YAML front matter: the editor's view of an article.

The same layout Hugo and Pelican read, so that what a press officer sees in
``$EDITOR`` is what ``export --format md`` will write.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats import OutputFile
from newsroom_cli.formats.blocks import dump_yaml, split_block
from newsroom_cli.formats.photo_files import export_path
from newsroom_cli.models import Article

if TYPE_CHECKING:
    from newsroom_cli.formats import ExportContext, OutputFile

FRONT_MATTER_KEYS = (
    "title",
    "slug",
    "summary",
    "dateline",
    "category",
    "author",
    "lang",
    "date",
    "tags",
)


def to_markdown(article: Article, *, comments: bool = False) -> str:
    """The editor's document: the fields a person may change, then the body."""
    data: dict[str, Any] = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "dateline": article.dateline,
        "category": article.category,
        "author": article.author,
        "lang": article.lang,
        "date": article.published_at or "",
        "tags": list(article.tags),
    }
    notes = ""
    if comments:
        if article.id is not None:
            opening = (
                f"# Article {article.id}, revision {article.revision}, status {article.status}.\n"
            )
        else:
            opening = f"# A new release, status {article.status}.\n"
        notes = (
            opening + "# Edit the fields and the body below the second '---', save and quit.\n"
            "# An empty file cancels the edit.\n"
        )
    return f"---\n{notes}{dump_yaml(data)}---\n\n{article.body.rstrip()}\n"


def export_md(articles: Iterable[Article], context: ExportContext) -> Iterator[OutputFile]:
    """One ``<slug>.md`` per article, front matter in the names Hugo reads.

    ``draft`` and ``categories`` are Hugo's; ``status`` keeps review and
    scheduled apart for a round trip through ``import``; Pelican reads the
    same files with its YAML-metadata plugin. ``photos`` lists the release's
    photos in order, each ``file`` relative to the Markdown file (the export
    service writes the originals there, ``photos/<sha256><ext>``) with what a
    person said about it; ``import`` of the folder brings them back.
    """
    for article in articles:
        data: dict[str, Any] = {
            "title": article.title,
            "slug": article.slug,
            "date": article.published_at or "",
            "draft": article.status not in ("published", "scheduled"),
            "status": article.status,
            "summary": article.summary,
            "author": article.author,
            "dateline": article.dateline,
            "categories": [article.category] if article.category else [],
            "tags": list(article.tags),
            "lang": article.lang,
        }
        for name in ("number", "embargo_until", "contact", "boilerplate"):
            if getattr(article, name):  # the press kit's fields, when the release has them
                data[name] = getattr(article, name)
        if article.photos:
            data["photos"] = [
                {
                    "file": export_path(photo),
                    "filename": photo.filename,
                    "caption": photo.caption,
                    "credit": photo.credit,
                    "alt": photo.alt,
                    "featured": photo.featured,
                    "focus": list(photo.focus) if photo.focus else None,
                }
                for photo in article.photos
            ]
        body = article.body.rstrip("\n")  # only newlines: trailing spaces are content too
        text = f"---\n{dump_yaml(data)}---\n\n{body}\n"
        yield OutputFile(f"{article.slug}.md", text.encode("utf-8"))


def _scalar(key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    raise InvalidInput(f"front matter field {key!r} must be text, not {type(value).__name__}")


def parse_markdown(text: str) -> tuple[dict[str, Any], str]:
    """Front matter fields (as text, tags as a list) and the body."""
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    if not text.startswith("---\n"):
        raise InvalidInput("the text must start with a '---' line opening the front matter")
    found = split_block(text)
    assert found is not None  # it starts with '---'
    data, body = found
    unknown = sorted(str(k) for k in data if k not in FRONT_MATTER_KEYS)
    if unknown:
        raise InvalidInput(
            f"unknown front matter field {unknown[0]!r}; known: {', '.join(FRONT_MATTER_KEYS)}"
        )
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key == "tags":
            if isinstance(value, str):
                value = [part for part in value.split(",") if part.strip()]
            elif value is None:
                value = []
            elif not isinstance(value, list):
                raise InvalidInput("front matter field 'tags' must be a list")
            fields["tags"] = [_scalar("tags", item) for item in value]
        else:
            fields[key] = _scalar(key, value)
    return fields, body.strip("\n")
