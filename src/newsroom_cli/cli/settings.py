"""`newsroom config`: the desk's settings, kept in the database."""

from typing import Annotated

import typer

from newsroom_cli import config as settings
from newsroom_cli.cli import output
from newsroom_cli.cli._context import state
from newsroom_cli.cli._options import ReportFormat, ReportFormatOpt
from newsroom_cli.errors import InvalidInput

config_app = typer.Typer()


@config_app.command()
def config(
    ctx: typer.Context,
    key: Annotated[str | None, typer.Argument(help="Setting name, e.g. site.title.")] = None,
    value: Annotated[str | None, typer.Argument(help="New value.")] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Go back to the default.")] = False,
    fmt: ReportFormatOpt = ReportFormat.table,
) -> None:
    """Show or change the settings the whole desk shares (kept in the database).

    \b
    Examples:
      newsroom config
      newsroom config site.title "Bawaslu Bengkalis"
      newsroom config timezone --unset
    """
    store = state(ctx).store
    if key is None:
        cfg = settings.load(store)
        if fmt is ReportFormat.json:
            output.print_json({k: cfg.get(k) for k in settings.SETTINGS})
            return
        output.print_table(
            ("Setting", "Value", "Default", "What it is"),
            [(s.key, cfg.get(s.key), s.default, s.help) for s in settings.SETTINGS.values()],
        )
        return
    settings.setting(key)
    if unset:
        if value is not None:
            raise InvalidInput("give a value or --unset, not both")
        settings.unset(store, key)
        output.say(f"{key} is back to its default: {settings.setting(key).default!r}")
    elif value is None:
        output.write(settings.load(store).get(key) + "\n")
    else:
        saved = settings.set_value(store, key, value)
        output.say(f"{key} = {saved}")
