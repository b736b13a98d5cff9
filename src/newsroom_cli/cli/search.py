"""`search`: full-text search over the archive, ranked, with the matches shown."""

from typing import Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import (
    MAX_COUNT,
    FieldsOpt,
    FilterAuthorOpt,
    FilterCategoryOpt,
    FilterTagOpt,
    ListFormat,
    ListFormatOpt,
    OffsetOpt,
    SinceOpt,
    StatusOpt,
    UntilOpt,
    build_filter,
    parse_fields,
)
from newsroom_cli.services import search as finder

app = typer.Typer()


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Words to find (quotes optional). "exact phrase", word* (prefix), '
            "-word (leave out), a OR b.",
            show_default=False,
        ),
    ],
    tag: FilterTagOpt = None,
    status: StatusOpt = None,
    category: FilterCategoryOpt = None,
    author: FilterAuthorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, max=MAX_COUNT, help="At most N hits (0 = all).")
    ] = 20,
    offset: OffsetOpt = 0,
    fields: FieldsOpt = None,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """Search headlines, summaries, bodies and tags; best matches first.

    Words match whatever their case or accents; a headline match ranks above a
    tag, summary or body match. Several words need no quotes (the shell's quotes
    make a "phrase"); a query that starts with "-" goes after "--", with the
    options before it. json, jsonl and csv rows add `rank`
    (bm25: lower is better) and `snippet`. When more articles match a search
    without filters than the setting search.window (5000), the most recently
    added of them are ranked.

    \b
    Examples:
      newsroom search pengawasan
      newsroom search '"rapat koordinasi" pilkada -hoaks' --since 1/1/2024
      newsroom search "pengawas*" --tag Berita --format json
    """
    query = " ".join(words)  # `search rapat koordinasi` is the query "rapat koordinasi"
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
        limit=limit,
        offset=offset,
    )
    if fmt is ListFormat.count:
        output.write(f"{finder.count(app_state.store, flt, query)}\n")
        return
    window = int(app_state.config.get("search.window"))
    text = fmt is not ListFormat.ids  # ids show no text: no snippet is made
    hits, ranked = finder.find(app_state.store, flt, query, window, text=text)
    if not hits and fmt is ListFormat.table:
        output.say("No articles match.")
        return
    output.print_hits(hits, fmt.value, names, (finder.MARK_OPEN, finder.MARK_CLOSE))
    if ranked:
        output.info(
            f"More than {ranked:,} articles match: these are the best of the {ranked:,} "
            "most recently added. Narrow the search, or rank every match with "
            "`newsroom config search.window 0`."
        )
