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

from conftest import Cli, one_error_line, run_cli, run_in_terminal

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


ESC = "\x1b[2J\x1b]0;owned\x07"


def test_escapes_are_cleaned_where_values_enter(cli: Cli, tmp_path: Path) -> None:
    """Check 31: the number, a pattern's literal text and the revision author let
    terminal escapes through to `numbers`, `show`, `history`, `config` and .eml files."""
    cli.add("Rilis Pertama Tentang Pengawasan")
    cli("number", "1", f"{ESC}012/HM.02/BWSL/VI/2020")
    # the escapes are gone; their harmless printable remains stay, as for every field
    assert (
        cli.json("show", "1", "--format", "json")["number"] == "[2J]0;owned012/HM.02/BWSL/VI/2020"
    )
    record = tmp_path / "rilis.jsonl"
    record.write_text(
        '{"title": "Rilis Impor", "number": "\\u001b[31m013/HM\\u001b[0m"}\n', encoding="utf-8"
    )
    cli("import", str(record))
    assert cli.json("show", "2", "--format", "json")["number"] == "[31m013/HM[0m"
    long_number = one_error_line(cli("number", "1", "9" * 101, code=2).stderr)
    assert "number is 101 characters long; the limit is 100" in long_number
    pattern = one_error_line(cli("config", "numbering.pattern", f"{{seq}}{ESC}", code=2).stderr)
    assert "control characters" in pattern
    done = run_cli(
        "add", "--title", "Rilis Dari Pengguna Aneh", env={"NEWSROOM_USER": f"budi{ESC}"}
    )
    assert done.returncode == 0, done.stderr
    history = run_cli("history", "3", "--format", "json")
    assert b"\\u001b" not in history.stdout
    assert b"\x1b" not in history.stdout


@pytest.mark.parametrize("pattern", ["{seq:>999999999}", "{seq:>20000000}/HM", "{seq:{year}}"])
def test_absurd_pattern_widths_are_refused_at_once(cli: Cli, pattern: str) -> None:
    """Check 32: checking `{seq:>999999999}` allocated about 1 GB; each publish under
    `{seq:>20000000}` added 40 MB to the database."""
    done = subprocess.run(
        [sys.executable, "-m", "newsroom_cli", "config", "numbering.pattern", pattern],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert one_error_line(done.stderr.decode()).startswith("Error: numbering pattern")


def test_raw_escapes_already_stored_never_reach_the_terminal(cli: Cli, db_path: Path) -> None:
    """Check 31, second line of defence: a value stored by an older newsroom (or by
    hand) with an escape in it is printed without it, on a terminal and in a pipe."""
    cli.add("Rilis Lama", "-t", "Berita")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE articles SET number = ?, author = ? WHERE id = 1", [ESC, ESC])
        conn.execute("UPDATE revisions SET author = ? WHERE article_id = 1", [ESC])
    for args in (["show", "1"], ["list", "--fields", "id,number,author"], ["history", "1"],
                 ["numbers"], ["show", "1", "--format", "text"]):  # fmt: skip
        piped = run_cli(*args)
        assert piped.returncode == 0, (args, piped.stderr)
        assert b"\x1b" not in piped.stdout, args
        code, screen = run_in_terminal(*args)
        assert code == 0, (args, screen)
        assert "\x1b[2J" not in screen, args
        assert "\x1b]0;owned" not in screen, args
