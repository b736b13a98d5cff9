"""The root ``newsroom`` app: global options, sub-apps and the error boundary."""

from pathlib import Path
from typing import Annotated

import typer

from newsroom_cli import __version__
from newsroom_cli.cli import (
    articles,
    check,
    history,
    io,
    press,
    search,
    site,
    stats,
    tags,
    workflow,
)
from newsroom_cli.cli._context import AppState
from newsroom_cli.cli._errors import boundary, broken_pipe

app = typer.Typer(
    name="newsroom",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,  # plain Click help and one-line "Error:" for usage errors
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsroom {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Database file (default: $NEWSROOM_DB, else the user data folder).",
            show_default=False,
            dir_okay=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A command-line newsroom: draft, review, publish and export news releases.

    The database is --db, else $NEWSROOM_DB, else newsroom.db in the user data
    folder (see `newsroom db path`).

    \b
    Examples:
      newsroom add --title "Rapat Koordinasi" -t Berita
      newsroom list
    """
    state = AppState(db_option=db)
    ctx.obj = state
    ctx.call_on_close(state.close)


for module in (articles, workflow, history, io, search, stats, check, press):
    app.add_typer(module.app)
app.add_typer(tags.app, name="tags")
app.add_typer(site.config_app)
app.add_typer(site.db_app, name="db")


def _install_boundary(typer_app: typer.Typer) -> None:
    """Wrap every command (and group callback) in the error boundary, once."""
    for command in typer_app.registered_commands:
        if command.callback is not None:
            command.callback = boundary(command.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            info = group.typer_instance.registered_callback
            if info is not None and info.callback is not None:
                info.callback = boundary(info.callback)
            _install_boundary(group.typer_instance)


_install_boundary(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:
        try:
            broken_pipe()
        except typer.Exit as done:
            raise SystemExit(done.exit_code) from None
