"""Search and stats cost plain `newsroom list` nothing: no new imports at start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import Cli

SEARCH_AND_STATS_ONLY = {
    "newsroom_cli.services.search",
    "newsroom_cli.services.search_query",
    "newsroom_cli.services.stats",
    "newsroom_cli.store.search",
    "newsroom_cli.store.stats",
    "newsroom_cli.cli.charts",
}


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def test_the_new_command_modules_bring_no_imports_of_their_own() -> None:
    # The package's __init__ imports every command module, so stand in for it with a
    # bare package to import the older command modules first, then the new ones.
    code = (
        "import sys, types, pathlib, newsroom_cli\n"
        "package = types.ModuleType('newsroom_cli.cli')\n"
        "package.__path__ = [str(pathlib.Path(newsroom_cli.__file__).parent / 'cli')]\n"
        "sys.modules['newsroom_cli.cli'] = package\n"
        "from newsroom_cli.cli import _errors, articles, database, history, io, settings, tags\n"
        "from newsroom_cli.cli import workflow\n"
        "before = set(sys.modules)\n"
        "import newsroom_cli.cli.search, newsroom_cli.cli.stats\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    assert _python(code).strip() == "['newsroom_cli.cli.search', 'newsroom_cli.cli.stats']"


def _modules_after(tmp_path: Path, *args: str) -> set[str]:
    dump = tmp_path / "modules.json"
    code = (
        "import atexit, json, sys\n"
        f"dump = open({str(dump)!r}, 'w')\n"
        "atexit.register(lambda: dump.write(json.dumps(sorted(sys.modules))))\n"
        f"sys.argv = ['newsroom', *{list(args)!r}]\n"
        "from newsroom_cli.cli import main\n"
        "main()\n"
    )
    _python(code)
    return set(json.loads(dump.read_text()))


def test_plain_list_loads_nothing_of_search_or_stats(cli: Cli, tmp_path: Path) -> None:
    cli.add("Rilis", "-t", "Berita")
    assert not SEARCH_AND_STATS_ONLY & _modules_after(tmp_path, "list")
    searched = _modules_after(tmp_path, "list", "--search", "rilis")
    assert "newsroom_cli.services.search_query" in searched  # the check can see an import
    assert "newsroom_cli.cli.charts" not in searched
