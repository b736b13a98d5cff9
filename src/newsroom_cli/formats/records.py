"""This tool's own record format (json, jsonl, csv rows) back into articles.

A record needs only a title; a field that is absent takes its default, so
people can write these files by hand or from a spreadsheet. A field that is
present but empty stays empty (an article with no category exports
``"category": ""`` and must come back without one), except where empty has no
meaning: ``slug`` (made from the headline), ``lang``, ``status`` and
``published_at``. ``id``, ``created_at``, ``updated_at`` and ``revision``
belong to the database they came from and are ignored.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

from newsroom_cli.errors import InvalidInput
from newsroom_cli.formats.pictures import Pictures
from newsroom_cli.models import STATUSES, TEXT_FIELDS, Changes, Photo

_EMPTY_MEANS_DEFAULT = ("title", "lang", "slug")
IGNORED = ("id", "created_at", "updated_at", "revision", "deleted_at")
KNOWN = (*TEXT_FIELDS, *IGNORED, "tags", "status", "published_at", "photos")


@dataclass
class Incoming:
    """One article read from a file, not yet checked against the database.

    ``where`` says where in the file it came from (``releases.jsonl:3``) for
    error messages; empty when the file holds one article.
    """

    changes: Changes
    status: str
    where: str = ""
    # Why a draft has no headline, when it has none: `import` refuses it with this
    # reason, `check --file` reports NR301 and checks the rest.
    untitled: str = ""
    # Local pictures a Markdown file or a saved page uses, for the import to bring
    # in (services.import_photos); records carry theirs in ``changes.photos``.
    pictures: Pictures = field(default_factory=Pictures)


def unreadable(exc: ValueError) -> str:
    """Why a parser's ``ValueError`` left a value unread, in words for the file's owner.

    Python refuses to read an integer of more than 4,300 digits (CVE-2020-10735)
    with a ``ValueError`` that names ``sys.set_int_max_str_digits()``; JSON, TOML
    and YAML all raise it, from any field, ignored ones too. Any other
    ``ValueError`` keeps its own words.
    """
    if "integer string conversion" in str(exc):
        limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
        return f"it holds a number of more than {limit:,} digits"
    return str(exc)


def status_for(date: str | None) -> str:
    """The status of an article from a format that has none of ours (a page, a site's file).

    What carries a date was released then: published. What carries none is
    kept as a draft for a person to date and publish, rather than appearing
    on the site dated the day it was imported.
    """
    return "published" if date and date.strip() else "draft"


def split_tags(text: str) -> list[str]:
    """Tags written in one cell or line: ``Berita, Pilkada``."""
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def from_record(record: Any, where: str) -> Incoming:
    if not isinstance(record, dict):
        raise InvalidInput(f"{where}: expected an object with at least a 'title'")
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput(f"{where}: a record needs a non-empty 'title'")
    unknown = sorted(set(record) - set(KNOWN))
    if unknown:
        raise InvalidInput(f"{where}: unknown field {unknown[0]!r}")
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = record.get(name)
        if value is None or (value == "" and name in _EMPTY_MEANS_DEFAULT):
            continue
        if not isinstance(value, str):
            raise InvalidInput(f"{where}: field {name!r} must be text")
        values[name] = value
    # Absent (or null, as for the text fields) keeps an updated article's tags; an
    # empty list or cell is present and empty, and clears them.
    tags = record.get("tags")
    if isinstance(tags, str):
        tags = split_tags(tags)
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)
    ):
        raise InvalidInput(f"{where}: 'tags' must be a list of names")
    status = record.get("status") or "draft"
    if status not in STATUSES:
        raise InvalidInput(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    published = record.get("published_at")
    if published is not None and not isinstance(published, str):
        raise InvalidInput(f"{where}: 'published_at' must be a date in text")
    # Photos the record describes (json, jsonl exports): their files are found by
    # SHA-256 when the file is imported (services.importing.check_photos).
    photos = _photos(record.get("photos"), where) if "photos" in record else None
    changes = Changes(tags=tags, date=published or None, photos=photos, **values)
    return Incoming(changes, status, where)


def _photos(value: Any, where: str) -> list[Photo]:
    """The ``photos`` of a record: a list of photo records as ``export`` writes them."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise InvalidInput(f"{where}: 'photos' must be a list of photo records")
    found = []
    for number, item in enumerate(value, start=1):
        try:
            photo = Photo.from_record(item)
        except (TypeError, KeyError, ValueError, IndexError, AttributeError):
            raise InvalidInput(f"{where}: photo {number} is not a photo record") from None
        if not re.fullmatch(r"[0-9a-f]{64}", str(photo.sha256)):
            raise InvalidInput(f"{where}: photo {number} has no valid sha256")
        found.append(photo)
    return found
