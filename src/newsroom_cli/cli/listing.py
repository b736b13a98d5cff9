"""`newsroom list`: the command run most often, kept to what it needs."""

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
    parse_fields,
)
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
    limit: LimitOpt = 50,
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
        limit=limit,
        offset=offset,
    )
    if search is not None:
        # The search modules load only for --search: `list` is the command run most.
        from newsroom_cli.services.search import matching  # noqa: PLC0415

        flt = matching(flt, search)
    if fmt is ListFormat.count:
        output.write(f"{rows.count(app_state.store, flt)}\n")
        return
    found = rows.select(app_state.store, flt)
    if not found and fmt is ListFormat.table:
        output.say("No articles match.")
        return
    output.print_articles(found, fmt.value, names)
