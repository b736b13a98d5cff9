"""Reliability, round two: defects found by attacking the real CLI (checks 29 onwards).

Each test failed before its fix. The class each defect belongs to, and what else in
that class was checked, is in tests/reliability/README.md.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Cli, one_error_line, run_cli

pytestmark = pytest.mark.reliability


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--title", "Rilis Tahun Jauh", "--date", "Jumat, 31 Desember 9999"],
        ["add", "--title", "Rilis Tahun Jauh", "--date", "9999-12-31T23:59:59-12:00"],
        ["add", "--title", "Rilis Tahun Jauh", "--date", "1 Januari 1899"],
        ["list", "--since", "0001-01-01T00:00:00+14:00"],
        ["stats", "--until", "9999-12-31"],
        ["publish", "1", "--at", "9999-12-31T23:59:59-12:00"],
        ["edit", "1", "--embargo-until", "0001-01-01"],
    ],
)
def test_dates_outside_1900_to_2999_are_usage_errors(cli: Cli, args: list[str]) -> None:
    """Check 29: a year out of range was "unexpected (a bug)", exit 1, or worse."""
    cli.add("Rilis Yang Ada")
    error = one_error_line(cli(*args, code=2).stderr)
    assert "the year must be from 1900 to 2999" in error


def test_stats_ends_on_any_stored_month(cli: Cli, db_path: Path) -> None:
    """Check 29: a release dated December 9999 (stored by an older newsroom, or by hand)
    made `stats` loop for ever, growing by 95 MB a second."""
    cli.add("Rilis Pertama", "--date", "2020-06-29")
    cli.add("Rilis Kedua")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE articles SET published_at = '9999-12-31T00:00:00+07:00' WHERE id = 2")
    done = subprocess.run(
        [sys.executable, "-m", "newsroom_cli", "stats", "--format", "json"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_an_old_date_gets_an_offset_in_whole_minutes(cli: Cli) -> None:
    """Check 29: before 1924 Jakarta's offset was +07:07:12, invalid in Atom and RSS."""
    cli.add("Rilis Zaman Belanda", "--date", "1 Januari 1910")
    assert cli.json("list", "--format", "json")[0]["published_at"] == "1910-01-01T00:00:00+07:07"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", "99999999999999999999"], 1),
        (["edit", "99999999999999999999", "--title", "X Y Z"], 1),
        (["list", "--limit", "99999999999999999999"], 2),
        (["list", "--offset", "99999999999999999999"], 2),
        (["search", "rilis", "--limit", "99999999999999999999"], 2),
        (["numbers", "--year", "99999999999999999999"], 2),
        (["diff", "1", "1", "99999999999999999999"], 2),
        (["revert", "1", "99999999999999999999"], 2),
        (["photo", "remove", "1", "99999999999999999999"], 2),
    ],
)
def test_huge_numbers_are_refused_cleanly(cli: Cli, args: list[str], code: int) -> None:
    """Check 30: integers above 2^63 reached SQLite and came back as "a bug", exit 1."""
    cli.add("Rilis Yang Ada")
    done = run_cli(*args)
    assert done.returncode == code, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"bug" not in done.stderr
