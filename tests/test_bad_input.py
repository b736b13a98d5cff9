"""Every bad input gets the right exit code and exactly one line on stderr."""

from __future__ import annotations

import pytest

from conftest import Cli, one_error_line


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "99"], 1, "Error: no article '99'; see `newsroom list` for ids and slugs"),
        (["show", "tidak-ada"], 1, "Error: no article 'tidak-ada'"),
        (["edit", "99", "--title", "x"], 1, "Error: no article '99'"),
        (
            ["add", "--title", "x", "--date", "31/2/2020"],
            2,
            "Error: cannot read the date '31/2/2020'",
        ),
        (["add", "--title", "x", "--date", "kemarin"], 2, "Error: cannot read the date 'kemarin'"),
        (
            ["add", "--title", "x", "--date", "Selasa, 29 Juni 2020"],
            2,
            "Error: the date 'Selasa, 29 Juni 2020' names the wrong weekday: "
            "2020-06-29 is a Senin (Monday)",
        ),
        (["add", "--title", "   "], 2, "Error: title must not be empty"),
        (["add", "--title", ""], 2, "Error: title must not be empty"),
        (["add", "--title", "x" * 251], 2, "Error: title is 251 characters long; the limit is 250"),
        (["add", "--title", "x", "--slug", "../../x"], 2, "Error: invalid slug '../../x'"),
        (["add", "--title", "x", "--slug", "a/b"], 2, "Error: invalid slug 'a/b'"),
        (["add", "--title", "x", "--slug", ".."], 2, "Error: invalid slug '..'"),
        (["add", "--title", "x", "--slug", ""], 2, "Error: invalid slug ''"),
        (["add", "--title", "x", "--lang", "bahasa indonesia"], 2, "Error: language"),
        (["add", "--title", "x", "-t", "a,b"], 2, "Error: tag 'a,b' contains a comma"),
        (
            ["config", "nope.key", "x"],
            2,
            "Error: unknown setting 'nope.key'; known settings: site.title",
        ),
        (["config", "site.base_url", "javascript:alert(1)"], 2, "Error: site.base_url must be"),
        (["config", "site.base_url", "data:text/html,x"], 2, "Error: site.base_url must be"),
        (["config", "timezone", "Mars/Olympus"], 2, "Error: unknown time zone 'Mars/Olympus'"),
        (["list", "--since", "besok"], 2, "Error: cannot read the date 'besok'"),
        (["list", "--fields", "id,nope"], 2, "Error: unknown field 'nope'"),
        (["diff", "1", "9"], 1, "Error: article '1' has no revision 9"),
        (["revert", "1", "9"], 1, "Error: article '1' has no revision 9"),
        (["tags", "rename", "tidak-ada", "x"], 1, "Error: no tag 'tidak-ada'"),
        (["restore", "1"], 1, "Error: article '1' is not in the trash"),
    ],
)
def test_bad_input_one_line(cli: Cli, args: list[str], code: int, message: str) -> None:
    cli.add("Artikel Pertama")
    result = cli(*args, code=code)
    assert one_error_line(result.stderr).startswith(message)
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "nope"],
        ["list", "--limit", "-5"],
        ["list", "--unknown-option"],
        ["add", "--status", "published-ish", "--title", "x"],
        ["nope-command"],
    ],
)
def test_usage_errors_exit_2(cli: Cli, args: list[str]) -> None:
    result = cli(*args, code=2)
    assert [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert result.stdout == ""


def test_missing_title_without_terminal_is_a_usage_error(cli: Cli) -> None:
    result = cli("add", code=2)
    assert one_error_line(result.stderr) == "Error: missing --title (or use --editor)"


def test_nothing_changes_after_bad_input(cli: Cli) -> None:
    cli.add("Artikel", "-t", "Berita")
    before = cli("list", "--format", "jsonl").stdout
    cli("edit", "1", "--title", "Baru", "--date", "30/2/2020", code=2)
    cli("edit", "1", "--title", "", code=2)
    assert cli("list", "--format", "jsonl").stdout == before
