"""`newsroom list`: the command run most often, kept to what it needs."""

from dataclasses import replace
from typing import TYPE_CHECKING

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import (
    FieldsOpt,
    FilterAuthorOpt,
    FilterCategoryOpt,
    FilterTagOpt,
    LimitOpt,
    ListFormat,
    ListFormatOpt,
    OffsetOpt,
    ReverseOpt,
    SearchOpt,
    SinceOpt,
    Sort,
    SortOpt,
    StatusOpt,
    UntilOpt,
    build_filter,
    page_size,
    parse_fields,
)
from newsroom_cli.models import ArticleFilter
from newsroom_cli.store import Store
from newsroom_cli.store import articles as rows

if TYPE_CHECKING:
    pass

app = typer.Typer()


@app.command("list")
def list_(
    ctx: typer.Context,
    tag: FilterTagOpt = None,
    status: StatusOpt = None,
    category: FilterCategoryOpt = None,
    author: FilterAuthorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    sort: SortOpt = Sort.date,
    reverse: ReverseOpt = False,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fields: FieldsOpt = None,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """List articles, newest first.

    \b
    Examples:
      newsroom list --tag Berita --status published --since 1/1/2024
      newsroom list --search "pengawas*" --sort title
      newsroom list --format ids
      newsroom list --format jsonl --limit 0
    """
    app_state = state(ctx)
    names = parse_fields(fields, fmt)
    flt = build_filter(
        app_state,
        tag=tag,
        status=status.value if status else None,
        category=category,
        author=author,
        since=since,
        until=until,
        sort=sort,
        reverse=reverse,
        limit=page_size(limit, fmt),
        offset=offset,
    )
    if search is not None:
        # The search modules load only for --search: `list` is the command run most.
        from newsroom_cli.services.search import matching  # noqa: PLC0415

        flt = matching(flt, search)
    if fmt is ListFormat.count:
        output.write(f"{rows.count(app_state.store, flt)}\n")
        return
    empty = "No articles match."
    if flt == ArticleFilter(sort=flt.sort, reverse=flt.reverse, limit=flt.limit):
        empty = (
            "The newsroom is empty: draft a release with `newsroom add --title ...`, "
            "or bring the old ones in with `newsroom import FOLDER`."
        )
    print_page(app_state.store, flt, fmt, names, empty)


def print_page(
    store: Store, flt: ArticleFilter, fmt: ListFormat, names: list[str] | None, empty: str
) -> None:
    """The selected articles; a table that holds only a page of them says so."""
    found = rows.select(store, flt)
    if not found and fmt is ListFormat.table:
        output.say(empty)
        return
    output.print_articles(found, fmt.value, names)
    if fmt is ListFormat.table and flt.limit and len(found) == flt.limit:
        total = rows.count(store, replace(flt, limit=0, offset=0))
        if total > flt.offset + len(found):
            first, last = flt.offset + 1, flt.offset + len(found)
            shown = f"{last:,}" if first == 1 else f"{first:,}-{last:,}"
            output.info(f"{shown} of {total:,} shown; --limit 0 for all, --offset {last} for more")
