"""The `tags` group: the desk's shared vocabulary."""

from typing import Annotated

import typer

from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import ReportFormat, ReportFormatOpt
from newsroom_cli.services import tagging

app = typer.Typer(no_args_is_help=False)


@app.callback(invoke_without_command=True)
def tags(ctx: typer.Context, fmt: ReportFormatOpt = ReportFormat.table) -> None:
    """List tags with their article counts; rename (merging) and delete them.

    \b
    Examples:
      newsroom tags
      newsroom tags rename berita Berita
    """
    if ctx.invoked_subcommand is not None:
        return
    counts = tagging.counts(state(ctx).store)
    if fmt is ReportFormat.json:
        output.print_json([vars(c) for c in counts])
    elif not counts:
        output.say("No tags yet.")
    else:
        output.print_table(
            ("Tag", "Slug", "Articles"), [(c.name, c.slug, str(c.articles)) for c in counts]
        )


@app.command()
def rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The tag to rename.")],
    new: Annotated[str, typer.Argument(help="Its new name (an existing tag: the two merge).")],
) -> None:
    """Rename a tag; if the new name exists already, the two tags become one.

    \b
    Example:
      newsroom tags rename "Pemilu 2024" Pemilu
    """
    app_state = state(ctx)
    final, changed, merged = tagging.rename(app_state.store, app_state.config, old, new)
    verb = "Merged" if merged else "Renamed"
    output.say(f"{verb} {old!r} into {final!r}; {changed} article(s) updated.")


@app.command()
def delete(
    ctx: typer.Context,
    tag: Annotated[str, typer.Argument(help="The tag to delete.")],
) -> None:
    """Remove a tag from every article and from the tag list.

    \b
    Example:
      newsroom tags delete Lama
    """
    app_state = state(ctx)
    name, changed = tagging.delete(app_state.store, app_state.config, tag)
    output.say(f"Deleted tag {name!r}; {changed} article(s) updated.")
