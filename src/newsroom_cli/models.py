"""The nouns of the newsroom as plain dataclasses, and the rules for their fields.

Pure: no I/O. Validation lives here so that every way in (options, editor,
import) applies the same limits and the same cleaning.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from newsroom_cli.errors import InvalidInput

STATUSES = ("draft", "review", "published", "scheduled")
SORTS = ("date", "updated", "title", "id")

TITLE_MAX = 250
TAG_MAX = 100
LINE_FIELD_MAX = 500  # summary, dateline, category, author
# A body's size in UTF-8. The longest real release is a few tens of kilobytes; a
# body of megabytes is a mistake (a pasted file, a binary), and it made every
# search for its words and every check of it take minutes.
BODY_MAX = 1_048_576
NUMBER_MAX = 100  # an official release number: "012/HM.02/BWSL/XI/2026" is 22
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# The one definition of an article's fields, in the order of a record (json,
# jsonl, csv), each with the roles it plays. Every field list in the package is
# derived from this table:
#   record   - in the whole record that list/export write and import reads back
#   text     - a text field a person or an importer sets (``Changes`` has one each)
#   snapshot - kept by a revision, so that ``revert`` brings it back
#   column   - a column of the ``articles`` table that an update writes
#   release  - one of the press kit's fields (number, embargo, contact, boilerplate)
FIELD_ROLES: dict[str, frozenset[str]] = {
    name: frozenset(roles.split())
    for name, roles in (
        ("id", "record"),
        ("slug", "record text snapshot column"),
        ("title", "record text snapshot column"),
        ("summary", "record text snapshot column"),
        ("body", "record text snapshot column"),
        ("dateline", "record text snapshot column"),
        ("category", "record text snapshot column"),
        ("author", "record text snapshot column"),
        ("lang", "record text snapshot column"),
        ("status", "record snapshot column"),
        ("published_at", "record snapshot column"),
        ("created_at", "record"),
        ("updated_at", "record column"),
        ("revision", "record column"),
        ("tags", "record snapshot"),
        ("number", "record text snapshot column release"),
        ("embargo_until", "record text snapshot column release"),
        ("contact", "record text snapshot column release"),
        ("boilerplate", "record text snapshot column release"),
        ("photos", "record snapshot"),
        ("number_seq", "column"),
        ("number_year", "column"),
        ("slug_frozen", "column"),
        ("deleted_at", "column"),
    )
}


def _having(role: str) -> tuple[str, ...]:
    return tuple(name for name, roles in FIELD_ROLES.items() if role in roles)


RECORD_FIELDS = _having("record")
TEXT_FIELDS = _having("text")
SNAPSHOT_FIELDS = _having("snapshot")
COLUMN_FIELDS = _having("column")
RELEASE_FIELDS = _having("release")
# A sheet (csv) has one cell per field: the photos, a list of records, travel in
# json, jsonl and md instead.
SHEET_FIELDS = tuple(name for name in RECORD_FIELDS if name != "photos")
# The one-line text fields that ``clean_line`` cleans (the headline, body, slug,
# language and press-kit fields have rules of their own).
LINE_FIELDS = ("summary", "dateline", "category", "author")


PHOTO_TEXT_MAX = 2000  # caption, credit, alt text


@dataclass(slots=True)
class Photo:
    """A picture of a release, in its place among the release's photos.

    The original is kept byte-for-byte in the photo store under ``sha256``; what
    a revision keeps of a photo is this record, so ``revert`` brings back a
    photo's caption, order and very presence. ``focus`` is the point (fractions
    of width and height) that crops keep in view.
    """

    sha256: str
    filename: str
    media_type: str
    width: int
    height: int
    size: int
    caption: str = ""
    credit: str = ""
    alt: str = ""
    featured: bool = False
    focus: tuple[float, float] | None = None
    has_gps: bool = False

    def record(self) -> dict[str, Any]:
        """The JSON shape of a photo in exports, snapshots and ``photo list --format json``."""
        data = {name: getattr(self, name) for name in PHOTO_FIELDS}
        data["focus"] = list(self.focus) if self.focus else None
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Photo:
        values = {name: data[name] for name in PHOTO_FIELDS if name in data}
        focus = data.get("focus")
        values["focus"] = (float(focus[0]), float(focus[1])) if focus else None
        return cls(**values)

    def __reduce__(self) -> tuple[type[Photo], tuple[Any, ...]]:
        """Pickled as its values in order: a site export sends tens of thousands of
        photos to its worker processes, and the default for a class with slots (a
        dict of names per object) made that a tenth of the export's time."""
        return Photo, _photo_values(self)


_photo_values = operator.attrgetter(*(f.name for f in fields(Photo)))

PHOTO_FIELDS = (
    "sha256",
    "filename",
    "media_type",
    "width",
    "height",
    "size",
    "caption",
    "credit",
    "alt",
    "featured",
    "focus",
    "has_gps",
)


@dataclass(slots=True)  # a site export holds 100,000 of them: no __dict__ each
class Article:
    """A news release. ``published_at`` is ISO 8601 with the offset of the site's zone."""

    title: str
    body: str = ""
    summary: str = ""
    dateline: str = ""
    category: str = ""
    author: str = ""
    lang: str = "id"
    status: str = "draft"
    published_at: str | None = None
    slug: str = ""
    tags: list[str] = field(default_factory=list)
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    revision: int = 0
    slug_frozen: bool = False
    number: str = ""  # the official release number, e.g. 012/HM.02/BWSL/XI/2026
    number_seq: int | None = None
    number_year: int | None = None
    embargo_until: str | None = None  # not to be published before (ISO 8601)
    contact: str = ""  # media contact; empty = the site's default
    boilerplate: str = ""  # "about us"; empty = the site's default
    photos: list[Photo] = field(default_factory=list)  # in their order; see ``featured``

    def record(self, only: list[str] | None = None) -> dict[str, Any]:
        """The whole record for json/jsonl/csv, in a stable order."""
        names = only or list(RECORD_FIELDS)
        data = {name: getattr(self, name) for name in names}
        if "photos" in data:
            data["photos"] = [photo.record() for photo in self.photos]
        return data

    def snapshot(self) -> dict[str, Any]:
        """What a revision keeps: every field a revert may bring back."""
        data = {name: getattr(self, name) for name in SNAPSHOT_FIELDS}
        data["tags"] = list(self.tags)
        if self.photos:  # revisions from before photos existed have none: the same thing
            data["photos"] = [photo.record() for photo in self.photos]
        else:
            del data["photos"]
        return data

    @property
    def featured_photo(self) -> Photo | None:
        """The photo that heads the release: the one marked featured, else the first."""
        return next((p for p in self.photos if p.featured), self.photos[0] if self.photos else None)

    @property
    def words(self) -> int:
        return len(self.body.split())


@dataclass
class Revision:
    article_id: int
    revision: int
    saved_at: str
    author: str
    snapshot: dict[str, Any]
    note: str = ""
    kind: str = "edit"  # "edit" or "conflict" (text kept from a lost update)


@dataclass
class TagCount:
    name: str
    slug: str
    articles: int


@dataclass
class ArticleFilter:
    """What `list`, `export` and friends select; every field narrows the result."""

    tags: list[str] = field(default_factory=list)
    status: str | None = None
    category: str | None = None
    author: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    trashed: bool = False
    public: bool = False  # only what the public may see: published, due, not under embargo
    sort: str = "date"
    reverse: bool = False
    limit: int = 50
    offset: int = 0
    # An FTS5 MATCH expression from services.search_query.to_match, never raw user
    # text: only articles whose search-index row matches it.
    match: str | None = None


SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem `newsroom check` found in a release, and where it is.

    A place is either a field (``title``, ``dateline``...) or, in the body, a
    paragraph with a line and column counted from 1, so that a press officer
    can find it in the editor. ``article`` is the article's ID, or the file's
    path for a draft that is not in the database yet.
    """

    code: str
    severity: str
    message: str
    article: int | str | None = None
    field: str | None = None
    paragraph: int | None = None
    line: int | None = None
    column: int | None = None
    excerpt: str = ""
    suggestion: str | None = None

    def record(self) -> dict[str, Any]:
        """The JSON shape of ``check --format json``, in a stable order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


def _valid_unicode(text: str, name: str) -> str:
    """Lone surrogates (from a JSON escape or bad bytes) cannot be stored as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(
            f"{name} contains a character that is not valid Unicode text (at {exc.start})"
        ) from None
    return text


def clean_line(value: str, name: str, limit: int = LINE_FIELD_MAX) -> str:
    """One-line fields: control characters dropped, line breaks become spaces.

    Escape sequences such as ``\\x1b[2J`` would otherwise reach terminals, and a
    newline inside a headline breaks tables, feeds and front matter.
    """
    text = _LINE_BREAKS.sub(" ", _valid_unicode(value, name))
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if len(text) > limit:
        raise InvalidInput(f"{name} is {len(text)} characters long; the limit is {limit}")
    return text


def clean_body(value: str, name: str = "body") -> str:
    """Bodies keep their lines; CRLF becomes LF and other control characters go."""
    size = len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))
    if size > BODY_MAX:
        raise InvalidInput(
            f"{name} is {size:,} bytes; the limit is {BODY_MAX:,} (1 MB): is it the release's text?"
        )
    text = _valid_unicode(value, name).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", "    "))
    return unicodedata.normalize("NFC", text).strip("\n") + ("\n" if text.strip() else "")


def clean_title(value: str) -> str:
    title = clean_line(value, "title", TITLE_MAX)
    if not title:
        raise InvalidInput("title must not be empty")
    return title


def clean_tag(value: str) -> str:
    tag = clean_line(value, "tag", TAG_MAX)
    if not tag:
        raise InvalidInput("tag must not be empty")
    if "," in tag:
        raise InvalidInput(f"tag {tag!r} contains a comma; give several tags separately")
    return tag


def clean_tags(values: list[str]) -> list[str]:
    """Tags are one tag whatever their case; the first spelling given wins."""
    seen: dict[str, str] = {}
    for value in values:
        tag = clean_tag(value)
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def clean_lang(value: str) -> str:
    lang = value.strip()
    if not LANG_RE.match(lang):
        raise InvalidInput(f"language {value!r} is not a language code such as 'id' or 'en'")
    return lang


def clean_status(value: str) -> str:
    if value not in STATUSES:
        raise InvalidInput(f"status {value!r} is not one of {', '.join(STATUSES)}")
    return value


@dataclass
class Changes:
    """What a person (or an importer) asked to change; ``None`` means "leave as it is".

    One attribute per ``TEXT_FIELDS`` name (a test holds them equal), plus the
    release date as typed (``date``) and the three ways of changing tags.
    """

    title: str | None = None
    body: str | None = None
    summary: str | None = None
    dateline: str | None = None
    category: str | None = None
    author: str | None = None
    lang: str | None = None
    slug: str | None = None
    date: str | None = None
    tags: list[str] | None = None
    add_tags: list[str] | None = None
    remove_tags: list[str] | None = None
    number: str | None = None
    embargo_until: str | None = None
    contact: str | None = None
    boilerplate: str | None = None
    # Photos already kept in the photo store (services.photos.prepare): ``photos``
    # replaces the article's (an import), ``add_photos`` follows them (`photo add`).
    photos: list[Photo] | None = None
    add_photos: list[Photo] | None = None

    def any(self) -> bool:
        return any(value is not None for value in vars(self).values())
