"""Options shared by several commands, declared once."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from newsroom_cli.cli._context import AppState
from newsroom_cli.errors import InvalidInput
from newsroom_cli.models import BODY_MAX, RECORD_FIELDS, ArticleFilter

# The largest whole number SQLite stores: a larger --limit or --offset is a usage
# error (exit 2), not an overflow deep in a query.
MAX_COUNT = 2**63 - 1


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    ids = "ids"
    count = "count"  # type: ignore[assignment]  # shadows str.count, harmlessly


class ShowFormat(str, Enum):
    panel = "panel"
    text = "text"
    md = "md"
    json = "json"
    html = "html"


class Status(str, Enum):
    draft = "draft"
    review = "review"
    published = "published"
    scheduled = "scheduled"


class NewStatus(str, Enum):
    draft = "draft"
    review = "review"
    published = "published"


class Sort(str, Enum):
    date = "date"
    updated = "updated"
    title = "title"  # type: ignore[assignment]  # shadows str.title, harmlessly
    id = "id"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


ArticleArg = Annotated[str, typer.Argument(help="Article ID or slug.", show_default=False)]
TitleOpt = Annotated[str | None, typer.Option("--title", help="Headline.")]
BodyOpt = Annotated[str | None, typer.Option("--body", help="Body text (Markdown).")]
BodyFileOpt = Annotated[
    str | None, typer.Option("--body-file", help="Read the body from a file ('-' = stdin).")
]
SummaryOpt = Annotated[str | None, typer.Option("--summary", help="One-sentence summary.")]
DatelineOpt = Annotated[
    str | None, typer.Option("--dateline", help="Dateline city, e.g. Bengkalis.")
]
CategoryOpt = Annotated[str | None, typer.Option("--category", help="Category label, e.g. Berita.")]
AuthorOpt = Annotated[str | None, typer.Option("--author", help="Author name.")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Language code, e.g. id or en.")]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Release date: 2020-06-29, 29/6/2020, 'Senin, 29 Juni 2020'..."),
]
SlugOpt = Annotated[str | None, typer.Option("--slug", help="URL slug (lowercase, hyphens).")]
TagsOpt = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="Tag (repeatable).", show_default=False)
]

FilterTagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="Only articles with this tag (repeatable: all must match)."),
]
StatusOpt = Annotated[Status | None, typer.Option("--status", help="Only this status.")]
FilterCategoryOpt = Annotated[str | None, typer.Option("--category", help="Only this category.")]
FilterAuthorOpt = Annotated[str | None, typer.Option("--author", help="Only this author.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="Dated on or after this day.")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Dated on or before this day.")]
SortOpt = Annotated[Sort, typer.Option("--sort", help="Sort order (newest or A-Z first).")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="Reverse the sort order.")]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        max=MAX_COUNT,
        help="At most N articles (0 = all). Default: a page of 50 in the table, "
        "every article in json, jsonl, csv and ids.",
        show_default=False,
    ),
]
PhotoFilesOpt = Annotated[
    list[Path] | None,
    typer.Option("--photo", help="Attach a photo file (repeatable); see `newsroom photo add`."),
]
TABLE_PAGE = 50  # rows of a `list` table when no --limit is given


def page_size(limit: int | None, fmt: ListFormat) -> int:
    """What ``--limit`` means when it is left out: a page for people reading a table,
    everything for a script (a pipe that silently stopped at 50 rows lost data)."""
    if limit is not None:
        return limit
    return TABLE_PAGE if fmt is ListFormat.table else 0


OffsetOpt = Annotated[
    int, typer.Option("--offset", min=0, max=MAX_COUNT, help="Skip the first N articles.")
]
FieldsOpt = Annotated[
    str | None,
    typer.Option("--fields", help="Comma-separated fields to show, e.g. id,title,tags."),
]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]
ReportFormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the whole record as JSON.")]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search",
        help='Only articles matching this full-text query, e.g. "pemilu -hoaks" (see search).',
    ),
]
NumberOpt = Annotated[str | None, typer.Option("--number", help="Official release number.")]
EmbargoOpt = Annotated[
    str | None,
    typer.Option("--embargo-until", help="Not to be published before this date and time."),
]
ContactOpt = Annotated[
    str | None, typer.Option("--contact", help="Media contact block (default: site.contact).")
]
BoilerplateOpt = Annotated[
    str | None,
    typer.Option("--boilerplate", help="About the organization (default: site.boilerplate)."),
]


def parse_fields(fields: str | None, fmt: ListFormat) -> list[str] | None:
    if not fields:
        return None
    names = [name.strip() for name in fields.split(",") if name.strip()]
    known = list(RECORD_FIELDS) + (["date", "words"] if fmt is ListFormat.table else [])
    for name in names:
        if name not in known:
            raise InvalidInput(f"unknown field {name!r}; known fields: {', '.join(known)}")
    return names


def build_filter(
    app_state: AppState,
    *,
    tag: list[str] | None,
    status: str | None,
    category: str | None,
    author: str | None,
    since: str | None,
    until: str | None,
    sort: Sort = Sort.date,
    reverse: bool = False,
    limit: int = 50,
    offset: int = 0,
    trashed: bool = False,
) -> ArticleFilter:
    cfg = app_state.config
    since_at = until_at = None
    if since is not None or until is not None:
        # Dates are parsed only when a filter has them: plain `list` skips the module.
        from newsroom_cli import dates  # noqa: PLC0415

        since_at = dates.day_bound(since, cfg.timezone)
        until_at = dates.day_bound(until, cfg.timezone, end=True)
    return ArticleFilter(
        tags=list(tag or []),
        status=status,
        category=category,
        author=author,
        since=since_at,
        until=until_at,
        sort=sort.value,
        reverse=reverse,
        limit=limit,
        offset=offset,
        trashed=trashed,
    )


def read_body_file(path: str) -> str:
    """A body from a file or stdin: UTF-8 (a BOM is dropped), anything else refused."""
    name = "stdin" if path == "-" else path
    most = BODY_MAX + 4  # a byte order mark may come first
    try:
        if path == "-":
            data = sys.stdin.buffer.read(most + 1)
        else:  # read no further than the limit: /dev/zero would never end
            with open(path, "rb") as handle:
                data = handle.read(most + 1)
    except OSError as exc:
        raise InvalidInput(f"cannot read {name}: {exc.strerror}") from exc
    if len(data) > most:
        raise InvalidInput(
            f"{name} is larger than {BODY_MAX:,} bytes (1 MB), the most a body may be"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name}: not valid UTF-8 at byte {exc.start}") from exc
