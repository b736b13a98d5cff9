"""Start-up stays cheap: commands are built on demand from a registry kept true."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import Cli
from newsroom_cli.cli import COMMANDS, GROUPS, SUMMARIES, app, load_command


def _defined_commands() -> dict[str, tuple[str, str]]:
    """What the command modules define, found by importing every one of them."""
    defined: dict[str, tuple[str, str]] = {}
    for module, attribute in set(COMMANDS.values()):
        typer_app = getattr(importlib.import_module(f"newsroom_cli.cli.{module}"), attribute)
        group = typer.main.get_group(typer_app)
        if typer_app.registered_callback is not None:  # a sub-group such as `db`
            name = next(name for name in GROUPS if COMMANDS[name] == (module, attribute))
            defined[name] = (module, attribute)
        else:
            defined.update(dict.fromkeys(group.commands, (module, attribute)))
    return defined


def test_the_registry_names_exactly_the_commands_the_modules_define() -> None:
    assert _defined_commands() == COMMANDS


def test_help_lists_every_command_once_in_registry_order() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    ctx = typer.Context(group)
    assert group.list_commands(ctx) == list(COMMANDS)
    assert all(group.get_command(ctx, name) is not None for name in COMMANDS)


def _modules_after(tmp_path: Path, db: Path, *args: str) -> set[str]:
    dump = tmp_path / "modules.json"
    code = (
        "import atexit, json, sys\n"
        f"dump = open({str(dump)!r}, 'w')\n"
        "atexit.register(lambda: dump.write(json.dumps(sorted(sys.modules))))\n"
        f"sys.argv = ['newsroom', '--db', {str(db)!r}, *{list(args)!r}]\n"
        "from newsroom_cli.cli import main\n"
        "main()\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=60)
    return set(json.loads(dump.read_text()))


# What each everyday command must not pay for at start-up: the heavy libraries
# (each imported lazily behind one accessor), the linter's rule registry, the
# importers' parsers and the charts of `stats`. One table, one test.
HEAVY = (
    "sqlite_utils",
    "jinja2",
    "markdown_it",
    "yaml",
    "nh3",
    "pygments",
    "babel",
    "bs4",
    "soupsieve",
    "markdownify",
    "tomllib",
    "tomli",
    "PIL",
    "rich.markdown",
    "newsroom_cli.lint",
    "newsroom_cli.services.checking",
)
STARTUP = {
    "list": (["list", "--limit", "20"], (*HEAVY, "newsroom_cli.cli.charts")),
    "list --search": (["list", "--search", "rapat"], (*HEAVY, "newsroom_cli.cli.charts")),
    "show": (["show", "1"], HEAVY),
    "search": (["search", "rapat"], HEAVY),
    "help": (["--help"], (*HEAVY, "newsroom_cli.services", "newsroom_cli.store.articles")),
}


@pytest.mark.parametrize("case", sorted(STARTUP))
def test_everyday_commands_load_only_what_they_use(
    case: str, cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    cli.add("Rapat Koordinasi", "-t", "Berita", "--body", 'Rapat digelar. "Siap," ujar Sulastio.')
    cli("publish", "1")
    args, forbidden = STARTUP[case]
    loaded = _modules_after(tmp_path, db_path, *args)
    assert sorted(m for m in loaded if m.startswith(forbidden)) == []
    assert any(m.startswith("newsroom_cli.cli.") for m in loaded)  # the dump sees imports


def test_a_body_with_markdown_does_load_the_parser(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.add("Dengan Markdown", "--body", "Ini **tebal**.")
    assert "markdown_it" in _modules_after(tmp_path, db_path, "show", "1")


def test_help_summaries_are_the_commands_own_help() -> None:
    """`newsroom --help` lists commands from SUMMARIES without importing them."""
    for name in COMMANDS:
        command = load_command(name)
        assert command.help is not None, name
        assert SUMMARIES[name] == command.help.split("\n\n")[0].strip(), name
    assert list(SUMMARIES) == list(COMMANDS)
