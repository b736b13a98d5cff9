"""The root ``newsroom`` app: global options, the command registry and the error boundary.

Commands live in modules that are imported only when their command runs: building
all of them costs a start-up that ``newsroom list`` should not pay. ``COMMANDS``
names each command's module; a test keeps it equal to what the modules define.
"""

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from newsroom_cli import __version__
from newsroom_cli.cli import output
from newsroom_cli.cli._context import AppState
from newsroom_cli.cli._errors import boundary, broken_pipe

if TYPE_CHECKING:
    # The type Typer's groups hold their commands as; named for the checker only.
    from typer._click import Command  # noqa: TID251

# command name -> (module in newsroom_cli.cli, the Typer app there that holds it).
# The order is the order of `newsroom --help`. Sub-groups are marked in GROUPS.
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("articles", "app"),
    "edit": ("articles", "app"),
    "show": ("show", "app"),
    "list": ("listing", "app"),
    "tag": ("articles", "app"),
    "photo": ("photos", "app"),
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
GROUPS = frozenset({"photo", "tags", "db"})
# The first line of each command's help, for the command list of `newsroom --help`:
# listing every command from here imports none of their modules (building them all
# would double the time of `--help`). A test keeps it equal to the commands' help.
SUMMARIES: dict[str, str] = {
    "add": "Draft a new release.",
    "edit": "Change an article; with no field options, edit all of it in $VISUAL/$EDITOR.",
    "show": "Show one article: its metadata and its body.",
    "list": "List articles, newest first.",
    "tag": "Add tags to an article, or remove them with --remove.",
    "photo": "A release's photos: add, list, describe, order and remove them.",
    "review": "Mark an article as ready for review.",
    "publish": "Publish an article now, keeping its release date (or setting it to now).",
    "unpublish": "Take an article off the site: it becomes a draft again (its URL is kept).",
    "delete": "Move an article to the trash (restore it with `newsroom restore`).",
    "restore": "Bring an article back from the trash, as it was.",
    "trash": "List the articles in the trash.",
    "history": "List an article's revisions: number, time, author and what changed.",
    "diff": "Show what changed between two revisions, as a unified diff.",
    "revert": "Make a new revision whose text, fields and tags equal an older one.",
    "import": "Import articles: Markdown, this tool's JSON/JSONL/CSV, text captures, saved pages.",
    "export": (
        "Export articles: published ones whose time has come, narrowed by the filters of list."
    ),
    "search": "Search headlines, summaries, bodies and tags; best matches first.",
    "stats": "Count articles by month, status, tag and author, and words written per month.",
    "check": "Check releases for the slips proofreading misses, before they go out.",
    "number": (
        "Show an article's official release number, give it the next one, or set one by hand."
    ),
    "numbers": "List the official release numbers, with gaps and duplicates flagged.",
    "render": "One release for another channel: WhatsApp, social media, e-mail, or print (A4).",
    "tags": "List tags with their article counts; rename (merging) and delete them.",
    "config": "Show or change the settings the whole desk shares (kept in the database).",
    "db": "The database file: where it is, backups, checks and migrations.",
}

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

    def built(self, name: str) -> bool:
        return name in self._built

    def __setitem__(self, name: str, command: "Command") -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:  # pragma: no cover - Click never deletes
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self._built})

    def __len__(self) -> int:
        return len({**dict.fromkeys(COMMANDS), **self._built})


# Click's exception base, reached through Typer's public BadParameter: Click itself
# may not be imported (Typer vendors its own copy).
_CLICK_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def _usage_message(exc: Exception) -> str:
    message = str(getattr(exc, "format_message", lambda: str(exc))())
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "info_name", None) if ctx is not None else None
    if command == "search" and message.startswith("No such option"):
        message += (
            '; a search that starts with "-" goes after "--": newsroom search -- "-hoaks pemilu"'
        )
    elif ctx is not None and "--help" not in message:
        message += f" (see `{ctx.command_path} --help`)"
    return message


def _db_first(args: list[str]) -> list[str]:
    """``--db PATH`` is the root's option, but people type it anywhere: after the
    command too (``newsroom list --db other.db``). It is moved to the front, up to a
    ``--`` (after which everything is a command's argument, as in ``search --``)."""
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(args):
        token = args[index]
        if token == "--":
            kept += args[index:]
            break
        if token == "--db" and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
            continue
        if token.startswith("--db="):
            moved.append(token)
        else:
            kept.append(token)
        index += 1
    return moved + kept


class LazyGroup(TyperGroup):
    """The root group, with commands that are imported when they are looked up."""

    def __init__(self, **attrs: object) -> None:
        super().__init__(**attrs)  # type: ignore[arg-type]
        lazy = _Commands()
        lazy.update(self.commands)  # any command defined on the root app itself
        self.commands = lazy
        self._listing = False

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's usage errors as one ``Error:`` line, like every other error.

        Click prints three lines (usage, a "Try --help" hint, the error); the desk's
        contract is one line saying what to do, and exit code 2. A search that
        starts with "-" is read as options: the line says to put it after "--".
        """
        args = _db_first(list(sys.argv[1:] if args is None else args))
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except _CLICK_ERROR as exc:
            output.error(_usage_message(exc))
            sys.exit(getattr(exc, "exit_code", 2))
        except typer.Abort:
            sys.stderr.write("Aborted!\n")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    # typer.Context for Click's Context, whose module we may not import: hence the ignores.
    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        """The command list of `newsroom --help`, each command not built yet stood in
        for by its summary (same short help), so that no command module is imported."""
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(self.commands)  # the names only: ``items()`` would build every command

    def get_command(self, ctx: typer.Context, cmd_name: str) -> "Command | None":  # type: ignore[override]
        commands = self.commands
        built = isinstance(commands, _Commands) and commands.built(cmd_name)
        if self._listing and not built and cmd_name in SUMMARIES:
            return typer.core.TyperCommand(cmd_name, help=SUMMARIES[cmd_name])
        return super().get_command(ctx, cmd_name)


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
        app(prog_name="newsroom")  # the same name under `python -m newsroom_cli`
    except BrokenPipeError:
        try:
            broken_pipe()
        except typer.Exit as done:
            raise SystemExit(done.exit_code) from None
