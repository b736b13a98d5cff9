"""The error boundary: known failures map to one line; nothing escapes as a traceback."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import Cli, one_error_line, run_cli
from newsroom_cli.cli import app
from newsroom_cli.services import editing


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_unexpected_error_is_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editing, "create", boom)
    result = cli("add", "--title", "x", code=1)
    assert one_error_line(result.stderr) == (
        "Error: unexpected RuntimeError: boom (this is a bug; NEWSROOM_DEBUG=1 shows the traceback)"
    )


def test_debug_lets_the_exception_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editing, "create", boom)
    monkeypatch.setenv("NEWSROOM_DEBUG", "1")
    result = CliRunner().invoke(app, ["add", "--title", "x"])
    assert isinstance(result.exception, RuntimeError)


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (sqlite3.OperationalError("database is locked"), "Error: database is busy: another"),
        (
            sqlite3.DatabaseError("database disk image is malformed"),
            "Error: database disk image is malformed: `newsroom db check` lists the damage; "
            "restore a backup, or save what SQLite can still read with `sqlite3 ",
        ),
        (OSError(errno.ENOSPC, "No space left on device"), "Error: the disk is full"),
    ],
)
def test_known_failures_are_translated(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, exc: Exception, message: str
) -> None:
    cli.add("Ada")

    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(editing, "persist", fail)
    result = cli("edit", "1", "--title", "Baru", code=1)
    assert one_error_line(result.stderr).startswith(message)
    assert cli.json("show", "1", "--format", "json")["title"] == "Ada"


def test_real_process_has_no_traceback_and_no_locals(tmp_path: object) -> None:
    result = run_cli("show", "404")
    assert result.returncode == 1
    assert (
        result.stderr.decode() == "Error: no article '404'; see `newsroom list` for ids and slugs\n"
    )


def test_version_and_module_entry_point() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("newsroom ")


def test_arguments_that_are_not_utf8_are_a_usage_error() -> None:
    for args in (["list", "--tag", b"\xff".decode("utf-8", "surrogateescape")], ["show", "\udcff"]):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsroom_cli",
                *[a.encode("utf-8", "surrogateescape") for a in args],
            ],
            capture_output=True,
            check=False,
        )
        assert result.returncode == 2
        assert result.stderr.decode() == (
            "Error: an argument is not valid UTF-8 text; check the terminal's encoding\n"
        )
