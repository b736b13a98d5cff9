"""Every command has help with an example and appears in the README."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import ROOT
from newsroom_cli.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def all_commands() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(group: object, prefix: tuple[str, ...]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            found.append((*prefix, name))
            walk(command, (*prefix, name))

    walk(root, ())
    return found


COMMANDS = all_commands()


def test_the_contract_commands_exist() -> None:
    names = {" ".join(c) for c in COMMANDS}
    expected = ["add", "edit", "show", "list", "tag", "tags", "review", "publish", "unpublish"]
    expected += ["delete", "restore", "trash", "history", "diff", "revert", "config", "import"]
    expected += ["db path", "db backup", "db check", "db migrate", "db reindex"]
    expected += ["tags rename", "tags delete"]
    assert set(expected) <= names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_an_example(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert re.search(r"Examples?:\n\s+newsroom ", result.stdout), result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_is_in_the_readme(command: tuple[str, ...]) -> None:
    assert f"newsroom {' '.join(command)}" in README


def test_readme_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)
    assert "newsroom import data/ && newsroom list --tag Berita" in blocks[0]
    assert blocks[0].strip().endswith("newsroom export --format html")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsroom_cli", "--help"], capture_output=True, check=False
    )
    assert result.returncode == 0
    assert b"Usage: " in result.stdout


def test_readme_quick_start_runs(tmp_path: Path) -> None:
    """The newsroom commands of the first quick-start line, run as written, in a fresh folder."""
    section = README.split("## Quick start", 1)[1]
    line = re.findall(r"```sh\n(.*?)```", section, re.S)[0].strip()
    steps = [step.strip() for step in line.split("&&") if step.strip().startswith("newsroom ")]
    assert steps[0] == "newsroom import data/"
    shutil.copytree(ROOT / "data", tmp_path / "data")
    env = {**os.environ, "NEWSROOM_DB": str(tmp_path / "demo.db")}
    for step in steps:
        result = subprocess.run(
            [sys.executable, "-m", "newsroom_cli", *shlex.split(step)[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{step}: {result.stderr}"
        assert "Traceback" not in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
