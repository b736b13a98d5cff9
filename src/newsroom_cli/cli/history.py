"""Revisions: what changed, the difference between two, and going back."""

from typing import Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import MAX_COUNT, ArticleArg, ReportFormat, ReportFormatOpt
from newsroom_cli.services import editing
from newsroom_cli.services import history as revisions

app = typer.Typer()


@app.command()
def history(
    ctx: typer.Context, article: ArticleArg, fmt: ReportFormatOpt = ReportFormat.table
) -> None:
    """List an article's revisions: number, time, author and what changed.

    \b
    Example:
      newsroom history 12
    """
    found, entries = revisions.history(state(ctx).store, article)
    if fmt is ReportFormat.json:
        output.print_json(
            [
                {
                    "revision": e.revision.revision,
                    "saved_at": e.revision.saved_at,
                    "author": e.revision.author,
                    "kind": e.revision.kind,
                    "note": e.revision.note,
                    "changed": e.changed,
                }
                for e in entries
            ]
        )
        return
    rows = [
        (
            str(e.revision.revision)
            + (" (current)" if e.revision.revision == found.revision else ""),
            e.revision.saved_at.replace("T", " "),
            e.revision.author,
            e.revision.note + (" [conflict: not applied]" if e.revision.kind == "conflict" else ""),
            ", ".join(e.changed),
        )
        for e in entries
    ]
    output.print_table(("Revision", "Saved at", "Author", "Note", "Changed"), rows)


@app.command()
def diff(
    ctx: typer.Context,
    article: ArticleArg,
    old: Annotated[
        int | None,
        typer.Argument(min=1, max=MAX_COUNT, help="Older revision (default: previous)."),
    ] = None,
    new: Annotated[
        int | None,
        typer.Argument(min=1, max=MAX_COUNT, help="Newer revision (default: current)."),
    ] = None,
) -> None:
    """Show what changed between two revisions, as a unified diff.

    No revision: the previous one against the current text; one: it against the current.

    \b
    Examples:
      newsroom diff 12
      newsroom diff 12 3 5
    """
    _, _, lines = revisions.diff(state(ctx).store, article, old, new)
    if not lines:
        output.say("No differences.")
        return
    output.print_diff(lines)


@app.command()
def revert(
    ctx: typer.Context,
    article: ArticleArg,
    revision: Annotated[
        int, typer.Argument(min=1, max=MAX_COUNT, help="The revision to bring back.")
    ],
) -> None:
    """Make a new revision whose text, fields and tags equal an older one.

    The status stays as it is; a published article keeps its URL. Also applies a
    conflicting edit kept by `newsroom edit`.

    \b
    Example:
      newsroom revert 12 3
    """
    app_state = state(ctx)
    found, changed = editing.revert(app_state.store, app_state.config, article, revision)
    if changed:
        output.say(
            f"Article {found.id} is now revision {found.revision}, equal to revision {revision}."
        )
    else:
        output.say(f"Article {found.id} already equals revision {revision}; nothing changed.")
