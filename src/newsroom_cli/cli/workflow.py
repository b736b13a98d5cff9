"""The editorial workflow: review, publish (now or scheduled), unpublish, trash."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from newsroom_cli import dates
from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import (
    ArticleArg,
    FieldsOpt,
    LimitOpt,
    ListFormat,
    ListFormatOpt,
    OffsetOpt,
    page_size,
    parse_fields,
)
from newsroom_cli.cli.listing import print_page
from newsroom_cli.errors import ChecksFailed, InvalidInput
from newsroom_cli.models import ArticleFilter
from newsroom_cli.services import checking, lookup, workflow
from newsroom_cli.store import articles as rows

if TYPE_CHECKING:
    from newsroom_cli.models import Article

app = typer.Typer()


def _report(article: "Article", changed: bool, what: str) -> None:
    if changed:
        output.say(f"Article {article.id} ({article.slug}) is now {what}.")
    else:
        output.say(f"Article {article.id} ({article.slug}) was already {what}; nothing changed.")


@app.command()
def review(
    ctx: typer.Context,
    article: ArticleArg,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask before taking a live release back.")
    ] = False,
) -> None:
    """Mark an article as ready for review.

    A published release sent back to review leaves the website at the next
    export: on a terminal you are asked first; elsewhere --yes is needed.

    \b
    Examples:
      newsroom review 12
      newsroom review 12 --yes
    """
    app_state = state(ctx)
    current = lookup.get(app_state.store, article)
    live = current.status in ("published", "scheduled")
    if live and not yes:
        what = f"article {current.id} ({current.slug}) is {current.status}"
        if not sys.stdin.isatty():
            raise InvalidInput(
                f"{what}; in review it leaves the website at the next export: add --yes"
            )
        typer.confirm(
            f"{what.capitalize()}. In review, it leaves the website at the next export. Go on?",
            abort=True,
        )
    found, changed = workflow.review(app_state.store, app_state.config, article)
    _report(found, changed, "in review")
    if live and changed:
        output.info("It is off the website from the next `newsroom export --format html`.")


@app.command()
def publish(
    ctx: typer.Context,
    article: ArticleArg,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Schedule for this date and time instead of now."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Publish even if `newsroom check` finds errors.")
    ] = False,
) -> None:
    """Publish an article now, keeping its release date (or setting it to now).

    With --at it is scheduled, and counts as published once that time has passed.
    `newsroom check` runs first: an error refuses the publish (unless --force),
    warnings are shown and do not block.

    \b
    Examples:
      newsroom publish 12
      newsroom publish 12 --at "2026-12-01T09:00"
      newsroom publish 12 --force
    """
    app_state = state(ctx)
    cfg = app_state.config
    when = dates.parse(at, cfg.timezone) if at is not None else None
    try:
        outcome = checking.publish(app_state.store, cfg, article, when, force=force)
    except ChecksFailed as refused:
        output.print_findings(refused.findings, stderr=True)
        raise
    output.print_findings(outcome.findings, stderr=True)
    found, changed = outcome.article, outcome.changed
    if found.status == "scheduled" and found.published_at:
        moment = dates.from_iso(found.published_at)
        what = f"scheduled for {dates.format_date(moment, found.lang)} {moment:%H:%M}"
    else:
        what = "published"
    _report(found, changed, what)


@app.command()
def unpublish(ctx: typer.Context, article: ArticleArg) -> None:
    """Take an article off the site: it becomes a draft again (its URL is kept).

    \b
    Example:
      newsroom unpublish 12
    """
    app_state = state(ctx)
    found, changed = workflow.unpublish(app_state.store, app_state.config, article)
    _report(found, changed, "a draft")


@app.command()
def delete(
    ctx: typer.Context,
    article: ArticleArg,
    purge: Annotated[
        bool, typer.Option("--purge", help="Remove for good, with its history (asks first).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --purge.")] = False,
) -> None:
    """Move an article to the trash (restore it with `newsroom restore`).

    \b
    Examples:
      newsroom delete 12
      newsroom delete 12 --purge --yes
    """
    app_state = state(ctx)
    if not purge:
        found = workflow.trash(app_state.store, app_state.config, article)
        output.say(
            f"Moved article {found.id} ({found.slug}) to the trash; "
            f"undo with `newsroom restore {found.id}`."
        )
        return
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidInput("--purge removes the article for good; add --yes to confirm")
        typer.confirm(f"Remove article {article!r} and all its revisions for good?", abort=True)
    found = workflow.purge(app_state.store, article)
    output.say(f"Removed article {found.id} ({found.slug}) for good.")


@app.command()
def restore(ctx: typer.Context, article: ArticleArg) -> None:
    """Bring an article back from the trash, as it was.

    \b
    Example:
      newsroom restore 12
    """
    found = workflow.restore(state(ctx).store, article)
    output.say(f"Restored article {found.id} ({found.slug}).")


@app.command()
def trash(
    ctx: typer.Context,
    limit: LimitOpt = None,
    offset: OffsetOpt = 0,
    fields: FieldsOpt = None,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """List the articles in the trash.

    \b
    Example:
      newsroom trash
    """
    store = state(ctx).store
    flt = ArticleFilter(trashed=True, sort="date", limit=page_size(limit, fmt), offset=offset)
    if fmt is ListFormat.count:
        output.write(f"{rows.count(store, flt)}\n")
        return
    print_page(store, flt, fmt, parse_fields(fields, fmt), "The trash is empty.")
