"""`stats`: the desk's output at a glance, as charts in the terminal or as JSON."""

import typer

from newsroom_cli.cli import charts, output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import (
    FilterAuthorOpt,
    FilterCategoryOpt,
    FilterTagOpt,
    ReportFormat,
    ReportFormatOpt,
    SearchOpt,
    SinceOpt,
    StatusOpt,
    UntilOpt,
    build_filter,
)
from newsroom_cli.services import stats as figures
from newsroom_cli.services.search import matching

app = typer.Typer()


@app.command()
def stats(
    ctx: typer.Context,
    tag: FilterTagOpt = None,
    status: StatusOpt = None,
    category: FilterCategoryOpt = None,
    author: FilterAuthorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    fmt: ReportFormatOpt = ReportFormat.table,
) -> None:
    """Count articles by month, status, tag and author, and words written per month.

    Months run from the first article selected to the last, empty months
    included. The trash is not counted.

    \b
    Examples:
      newsroom stats
      newsroom stats --since 1/1/2024 --until "31 Desember 2024"
      newsroom stats --tag Pilkada --status published --format json
    """
    app_state = state(ctx)
    flt = build_filter(
        app_state,
        tag=tag,
        status=status.value if status else None,
        category=category,
        author=author,
        since=since,
        until=until,
    )
    if search is not None:
        flt = matching(flt, search)
    found = figures.compute(app_state.store, flt)
    if fmt is ReportFormat.json:
        output.print_json(found.as_dict())
    elif not found.articles:
        output.say("No articles match.")
    else:
        charts.print_stats(found)
