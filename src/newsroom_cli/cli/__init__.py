"""The root ``newsroom`` app: global options, the command registry and the error boundary.

Commands live in modules that are imported only when their command runs: building
all of them costs a start-up that ``newsroom list`` should not pay. ``COMMANDS``
names each command's module; a test keeps it equal to what the modules define.
"""

import importlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from newsroom_cli import __version__
from newsroom_cli.cli._context import AppState
from newsroom_cli.cli._errors import boundary, broken_pipe

if TYPE_CHECKING:
    # The type Typer's groups hold their commands as; named for the checker only.
    from typer._click import Command  # noqa: TID251

# command name -> (module in newsroom_cli.cli, the Typer app there that holds it).
# The order is the order of `newsroom --help`. Sub-groups are marked in GROUPS.
COMMANDS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("add", "edit", "show", "list", "tag"), ("articles", "app")),
    **dict.fromkeys(
        ("review", "publish", "unpublish", "delete", "restore", "trash"), ("workflow", "app")
    ),
    **dict.fromkeys(("history", "diff", "revert"), ("history", "app")),
    **dict.fromkeys(("import", "export"), ("io", "app")),
    "search": ("search", "app"),
    "stats": ("stats", "app"),
    "check": ("check", "app"),
    **dict.fromkeys(("number", "numbers", "render"), ("press", "app")),
    "tags": ("tags", "app"),
    "config": ("settings", "config_app"),
    "db": ("database", "db_app"),
}
GROUPS = frozenset({"tags", "db"})

_apps: dict[tuple[str, str], typer.Typer] = {}


def install_boundary(typer_app: typer.Typer) -> None:
    """Wrap every command (and group callback) of an app in the error boundary."""
    for command in typer_app.registered_commands:
        if command.callback is not None:
            command.callback = boundary(command.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            install_boundary(group.typer_instance)
    info = typer_app.registered_callback
    if info is not None and info.callback is not None:
        info.callback = boundary(info.callback)


def module_app(module: str, attribute: str) -> typer.Typer:
    """A command module's Typer app, imported and wrapped once per process."""
    key = (module, attribute)
    if key not in _apps:
        typer_app = getattr(importlib.import_module(f"newsroom_cli.cli.{module}"), attribute)
        install_boundary(typer_app)
        _apps[key] = typer_app
    return _apps[key]


def load_command(name: str) -> "Command":
    """Build one command (or sub-group) the way Typer builds the root's commands."""
    typer_app = module_app(*COMMANDS[name])
    if name in GROUPS:
        return typer.main.get_group_from_info(
            typer.models.TyperInfo(typer_app, name=name),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
            suggest_commands=app.suggest_commands,
        )
    for info in typer_app.registered_commands:
        assert info.callback is not None
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    raise LookupError(f"{name} is not in newsroom_cli.cli.{COMMANDS[name][0]}")


class _Commands(MutableMapping[str, "Command"]):
    """The root group's commands: every name known at once, each built on first use."""

    def __init__(self) -> None:
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> "Command":
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = load_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: "Command") -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:  # pragma: no cover - Click never deletes
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self._built})

    def __len__(self) -> int:
        return len({**dict.fromkeys(COMMANDS), **self._built})


class LazyGroup(TyperGroup):
    """The root group, with commands that are imported when they are looked up."""

    def __init__(self, **attrs: object) -> None:
        super().__init__(**attrs)  # type: ignore[arg-type]
        lazy = _Commands()
        lazy.update(self.commands)  # any command defined on the root app itself
        self.commands = lazy


app = typer.Typer(
    name="newsroom",
    cls=LazyGroup,
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


install_boundary(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:
        try:
            broken_pipe()
        except typer.Exit as done:
            raise SystemExit(done.exit_code) from None
