"""Usage errors are one line, like every other error (the first-day issue, item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli, one_error_line, run_cli


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--bogus"], "Error: No such option: --bogus (see `newsroom list --help`)"),
        (["frobnicate"], "Error: No such command 'frobnicate'. (see `newsroom --help`)"),
        (
            ["list", "--limit", "x"],
            "Error: Invalid value for '--limit': 'x' is not a valid int range. "
            "(see `newsroom list --help`)",
        ),
        (["show"], "Error: Missing argument 'article'. (see `newsroom show --help`)"),
    ],
)
def test_option_errors_are_one_line_with_exit_2(cli: Cli, args: list[str], message: str) -> None:
    assert one_error_line(cli(*args, code=2).stderr) == message
    done = run_cli(*args)  # and the same from a real process
    assert done.returncode == 2
    assert one_error_line(done.stderr.decode()) == message


def test_a_search_starting_with_a_dash_says_where_it_goes(cli: Cli) -> None:
    error = one_error_line(cli("search", "-hoaks pemilu", code=2).stderr)
    assert error == (
        'Error: No such option: -o; a search that starts with "-" goes after "--": '
        'newsroom search -- "-hoaks pemilu"'
    )


def test_several_words_need_no_quotes(cli: Cli) -> None:
    """`search rapat koordinasi` said "Got unexpected extra argument(s)" (first day, item 2)."""
    cli.add("Rapat Koordinasi Pengawasan")
    cli.add("Sosialisasi Pengawasan")
    assert cli("search", "rapat", "koordinasi", "--format", "ids").stdout == "1\n"
    assert cli("search", "--format", "ids", "--", "-sosialisasi", "pengawasan").stdout == "1\n"


def test_db_is_accepted_after_the_command(cli: Cli, tmp_path: Path) -> None:
    """`--db` worked only before the command (first day, item 11)."""
    other = tmp_path / "lain.db"
    cli("add", "--title", "Rilis Di Basis Data Lain", "--db", str(other))
    assert cli("list", "--format", "ids", f"--db={other}").stdout == "1\n"
    assert cli("list", "--format", "count").stdout == "0\n"  # not in the test's own
    # after "--", it is a search word like any other
    assert cli("search", "--db", str(other), "--format", "ids", "--", "rilis").stdout == "1\n"
