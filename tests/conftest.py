"""Every test gets its own database; no test can touch the user's real data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsroom_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FAKE_EDITOR = Path(__file__).resolve().parent / "fake_editor.py"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point NEWSROOM_DB and the home/data folders at the test's own temp dir."""
    db = tmp_path / "newsroom.db"
    monkeypatch.setenv("NEWSROOM_DB", str(db))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("NEWSROOM_USER", "tester")
    monkeypatch.delenv("NEWSROOM_DEBUG", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return db


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated


class Cli:
    """Runs the real Typer app in-process and checks the exit code first."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | bytes | None = None) -> Any:
        result = self.runner.invoke(app, list(args), input=input)
        if result.exit_code != code:
            raise AssertionError(
                f"newsroom {' '.join(args)} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n"
                f"exception: {result.exception!r}"
            )
        assert "Traceback" not in result.stdout + result.stderr
        return result

    def json(self, *args: str, input: str | None = None) -> Any:
        return json.loads(self(*args, input=input).stdout)

    def add(self, title: str, *args: str) -> dict[str, Any]:
        return dict(self.json("add", "--title", title, "--json", *args))


@pytest.fixture
def cli() -> Cli:
    return Cli()


def run_cli(
    *args: str, env: dict[str, str] | None = None, input: bytes | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """The CLI as a real process: `python -m newsroom_cli`."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newsroom_cli", *args],
        env=full_env,
        input=input,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def one_error_line(stderr: str) -> str:
    """The contract for failures: exactly one line, starting with 'Error: '."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    assert lines[0].startswith("Error: "), lines[0]
    assert "Traceback" not in stderr
    return lines[0]


_VOLATILE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}"), "<TIME>"),
]


def normalise(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


@pytest.fixture
def sample_db(cli: Cli) -> Cli:
    cli("import", str(DATA / "releases.jsonl"))
    return cli


def run_in_terminal(
    *args: str, env: dict[str, str] | None = None, stdout: bool = True, stderr: bool = True
) -> tuple[int, str]:
    """The CLI on a real pseudo-terminal: its exit code and everything it wrote there.

    ``stdout``/``stderr`` choose which streams go to the terminal (the other is discarded).
    """
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", *args],
        stdout=child if stdout else subprocess.DEVNULL,
        stderr=child if stderr else subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")
