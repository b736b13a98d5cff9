"""Markdown files from static site generators: front matter read as an article.

Three ways of writing metadata above a Markdown body are accepted:

- YAML between ``---`` lines (Hugo, Jekyll, this tool's ``export --format md``);
- TOML between ``+++`` lines (Hugo's own default);
- Pelican's header: ``Title: ...``, ``Date: ...``, ``Tags: a, b`` lines up to
  the first blank line.

Field names of all three map onto an article (see ``FIELD_NAMES``); fields
that have no place in an article (``layout``, ``weight``, ``aliases``...) are
ignored, so a site's content folder imports as it is. A file with no front
matter is accepted when it opens with a ``# Heading``, which becomes the
headline.

Pictures come along (``formats.pictures``): this tool's ``photos:`` list (each
``file`` with its ``filename``, ``caption``, ``credit``, ``alt``, ``featured``
and ``focus``), the site generators' ``image``, ``featured_image``, ``cover``
(a path, or Hugo PaperMod's ``cover.image`` with ``alt`` and ``caption``) and
``images`` (the first of these is the featured photo), then the body's own
images, in that order.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from newsroom_cli import slugs
from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.blocks import split_block
from newsroom_cli.formats.datelines import split_dateline
from newsroom_cli.formats.photo_files import sha_of_name
from newsroom_cli.formats.pictures import Picture, Pictures, kind, local_path, scan_markdown
from newsroom_cli.formats.records import Incoming, split_tags, status_for
from newsroom_cli.models import RELEASE_FIELDS, Changes

# Ours and Hugo's first, then Jekyll's and Pelican's; keys are compared in lower case.
FIELD_NAMES = {
    "title": ("title",),
    "slug": ("slug",),
    "date": ("publishdate", "date"),
    "summary": ("summary", "description", "excerpt"),
    "author": ("author", "authors"),
    "dateline": ("dateline",),
    "lang": ("lang", "language"),
    "tags": ("tags",),
    "category": ("categories", "category"),
    # the press kit's fields, as export --format md writes them
    "number": ("number",),
    "embargo_until": ("embargo_until", "embargo"),
    "contact": ("contact",),
    "boilerplate": ("boilerplate",),
}
PELICAN_KEYS = ("title", "date", "tags", "category", "slug", "author", "authors", "summary")
STATUS_NAMES = {
    "draft": "draft",
    "review": "review",
    "published": "published",
    "scheduled": "scheduled",
    "hidden": "draft",  # Pelican: built but not listed; kept off the site until reviewed
}
_PELICAN_LINE = re.compile(r"^ {0,3}(?P<key>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?P<value>.*)$")
_HEADING = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t#]*$")


def _split_pelican(text: str) -> tuple[dict[str, Any], str] | None:
    """Pelican's ``Key: value`` header, continued by indented lines, up to a blank line."""
    lines = text.split("\n")
    first = _PELICAN_LINE.match(lines[0])
    if first is None or first["key"].lower() not in PELICAN_KEYS:
        return None
    data: dict[str, Any] = {}
    key = ""
    end = len(lines)
    for number, line in enumerate(lines):
        if not line.strip():
            end = number + 1
            break
        match = _PELICAN_LINE.match(line)
        if match:
            key = match["key"].lower()
            data[key] = match["value"].strip()
        elif line.startswith((" ", "\t")) and key:
            data[key] = f"{data[key]} {line.strip()}".strip()
        else:
            end = number
            break
    return data, "\n".join(lines[end:])


def split(text: str) -> tuple[dict[str, Any], str]:
    """Front matter (as parsed) and body, from any of the accepted forms."""
    found = split_block(text) or _split_pelican(text)
    if found is not None:
        return found
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    heading = _HEADING.match(first)
    if heading is None:
        raise InvalidInput(
            "no front matter and no '# headline' line: start the file with '---' "
            "(YAML), '+++' (TOML), 'Title: ...' (Pelican) or a '# Heading'"
        )
    return {"title": heading["title"]}, rest


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise InvalidInput(f"front matter field {name!r} must be text, not true/false")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return str(value["name"])  # Hugo and Jekyll authors written as {name: ...}
    raise InvalidInput(f"front matter field {name!r} must be text, not {type(value).__name__}")


def _names(name: str, value: Any) -> list[str]:
    """A list field (tags, categories, authors): a list, or names in one text, comma-separated."""
    if value is None:
        return []
    if isinstance(value, list):
        return [_text(name, item) for item in value if _text(name, item).strip()]
    return split_tags(_text(name, value))


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    raise InvalidInput(f"front matter field {name!r} must be true or false, not {value!r}")


def _first(data: dict[str, Any], field: str) -> tuple[str, Any] | None:
    for key in FIELD_NAMES[field]:
        if key in data:
            return key, data[key]
    return None


def _status(data: dict[str, Any], date_text: str | None) -> str:
    """Ours (``status``), else Hugo's ``draft``, else Jekyll's ``published``, else by date."""
    if "status" in data and _text("status", data["status"]).strip():
        value = _text("status", data["status"]).strip().lower()
        if value not in STATUS_NAMES:
            raise InvalidInput(f"status {value!r} is not one of {', '.join(STATUS_NAMES)}")
        return STATUS_NAMES[value]
    if "draft" in data:
        return "draft" if _flag("draft", data["draft"]) else "published"
    if "published" in data:
        return "published" if _flag("published", data["published"]) else "draft"
    return status_for(date_text)


def to_incoming(data: dict[str, Any], body: str) -> Incoming:
    """Front matter fields, in any of the accepted dialects, as an article to create."""
    fields = {str(key).lower(): value for key, value in data.items()}
    title = _text("title", fields.get("title")).strip()
    untitled = "" if title else "no headline: the front matter has no 'title'"
    values: dict[str, Any] = {"title": title, "body": body}
    for field in ("summary", "dateline", "lang", "slug", "date", *RELEASE_FIELDS):
        found = _first(fields, field)
        if found is not None:
            values[field] = _text(*found)
    if found := _first(fields, "author"):
        key, value = found  # one name as written, or a list of names (authors: [...])
        names = [_text(key, item) for item in value] if isinstance(value, list) else [value]
        values["author"] = ", ".join(_text(key, name) for name in names)
    # No tags field: None, so that `import --on-duplicate update` keeps the tags.
    tags = _names("tags", fields["tags"]) if "tags" in fields else None
    if found := _first(fields, "category"):
        categories = _names(*found)
        values["category"] = categories[0] if categories else ""
        if categories[1:]:  # one category per article; the others are kept as tags
            tags = (tags or []) + categories[1:]
    for field in ("lang", "slug", "date"):
        if not values.get(field, "").strip():
            values.pop(field, None)
    if "slug" in values and not slugs.SLUG_RE.match(values["slug"]):
        values["slug"] = slugs.make_slug(values["slug"])
    if "dateline" not in values:  # site generators have no field for it: read the body's
        dateline = split_dateline(body.lstrip("\n").split("\n\n", 1)[0])
        values["dateline"] = dateline.place if dateline else None
    status = _status(fields, values.get("date"))
    pictures = _pictures(fields, body)
    return Incoming(Changes(tags=tags, **values), status, untitled=untitled, pictures=pictures)


# The site generators' fields for a post's picture, the featured one first.
PICTURE_FIELDS = ("image", "featured_image", "cover", "images")
_DECLARED_TEXTS = ("filename", "caption", "credit", "alt")


def _focus(value: Any, where: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        and all(0 <= v <= 1 for v in value)
    ):
        return float(value[0]), float(value[1])
    raise InvalidInput(f"{where}: 'focus' must be two numbers from 0 to 1, such as [0.5, 0.3]")


def _declared(value: Any, found: Pictures) -> None:
    """This tool's ``photos:`` list, as ``export --format md`` writes it.

    Entries with a ``file`` are ours, and held to it; a plain path is a picture
    like those of ``images:``; any other shape is a theme's own field, ignored
    like every field that has no place in an article.
    """
    for number, entry in enumerate(value if isinstance(value, list) else [], start=1):
        where = f"front matter photo {number}"
        if isinstance(entry, str):
            _path(entry, found)
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            continue
        texts = {name: _text(name, entry[name]) for name in _DECLARED_TEXTS if name in entry}
        if kind(entry["file"]) != "local":
            found.remote += kind(entry["file"]) == "remote"
            continue
        path = local_path(entry["file"])
        found.add(
            Picture(
                path,
                alt=texts.get("alt"),
                caption=texts.get("caption"),
                credit=texts.get("credit"),
                featured=_flag("featured", entry.get("featured", False)),
                focus=_focus(entry.get("focus"), where),
                filename=texts.get("filename", ""),
                sha256=sha_of_name(path),
                strict=True,
            )
        )


def _path(
    value: Any, found: Pictures, *, featured: bool = False, alt: Any = None, caption: Any = None
) -> bool:
    """One picture named by a path; whether it was a picture at all (local or remote)."""
    if not isinstance(value, str) or not value.strip():
        return False
    found_kind = kind(value)
    if found_kind == "remote":
        found.remote += 1
        return True
    if found_kind != "local":
        return False
    alt = alt.strip() or None if isinstance(alt, str) else None
    caption = caption.strip() or None if isinstance(caption, str) else None
    found.add(Picture(local_path(value), alt=alt, caption=caption, featured=featured))
    return True


def _pictures(fields: dict[str, Any], body: str) -> Pictures:
    """The pictures of a post: declared photos, the generators' fields, the body's images."""
    found = Pictures()
    if "photos" in fields and fields["photos"] is not None:
        _declared(fields["photos"], found)
    featured = not any(picture.featured for picture in found.items)
    for key in PICTURE_FIELDS:
        value = fields.get(key)
        values = value if key == "images" and isinstance(value, list) else [value]
        for item in values:
            alt = caption = None
            if key == "cover" and isinstance(item, dict):  # Hugo PaperMod
                alt, caption, item = item.get("alt"), item.get("caption"), item.get("image")
            if _path(item, found, featured=featured, alt=alt, caption=caption):
                featured = False
    scan_markdown(body, found)
    return found


def read_md(text: str, name: str) -> list[Incoming]:
    data, body = split(text)
    return [to_incoming(data, body.lstrip("\n"))]
