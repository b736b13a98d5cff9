"""`list` filters, sorting and paging on the project's own sample releases."""

from __future__ import annotations

import pytest

from conftest import Cli


def ids(cli: Cli, *args: str) -> list[int]:
    return [int(i) for i in cli("list", "--format", "ids", *args).stdout.split()]


def test_samples_load_and_sort_newest_first(sample_db: Cli) -> None:
    rows = sample_db.json("list", "--format", "json", "--limit", "0")
    assert len(rows) == 14
    dated = [r["published_at"] for r in rows if r["published_at"]]
    assert dated == sorted(dated, reverse=True)


def test_filters(sample_db: Cli) -> None:
    cli = sample_db
    published = cli.json("list", "--status", "published", "--format", "json", "--limit", "0")
    assert published
    assert all(r["status"] == "published" for r in published)
    assert ids(cli, "--category", "siaran pers")  # case-insensitive
    assert all(
        r["category"] == "Siaran Pers"
        for r in cli.json("list", "--category", "Siaran Pers", "--format", "json")
    )
    in_2020 = cli.json("list", "--since", "1/1/2020", "--until", "31/12/2020", "--format", "json")
    assert in_2020
    assert all(r["published_at"].startswith("2020-") for r in in_2020)
    both = ids(cli, "--tag", "Berita", "--tag", "Pilkada", "--limit", "0")
    only_berita = ids(cli, "--tag", "Berita", "--limit", "0")
    assert set(both) < set(only_berita)
    assert ids(cli, "--tag", "tidak-ada") == []
    assert cli("list", "--tag", "tidak-ada").stdout == "No articles match.\n"
    assert cli("list", "--tag", "tidak-ada", "--format", "json").stdout == "[]\n"


def test_until_includes_the_whole_day(cli: Cli) -> None:
    cli.add("Pagi", "--date", "2020-06-29T23:30")
    assert ids(cli, "--until", "29/6/2020") == [1]
    assert ids(cli, "--since", "30/6/2020") == []


def test_sort_reverse_limit_offset(sample_db: Cli) -> None:
    cli = sample_db
    everything = ids(cli, "--limit", "0")
    assert ids(cli, "--limit", "3") == everything[:3]
    assert ids(cli, "--limit", "3", "--offset", "3") == everything[3:6]
    assert ids(cli, "--limit", "0", "--offset", "10") == everything[10:]
    assert ids(cli, "--reverse", "--limit", "0") == everything[::-1]
    titles = [r["title"] for r in cli.json("list", "--sort", "title", "--format", "json")]
    assert titles == sorted(titles, key=str.casefold)
    assert ids(cli, "--sort", "id", "--limit", "0") == sorted(everything, reverse=True)
    assert cli("list", "--format", "count", "--limit", "3").stdout == "14\n"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_fields(sample_db: Cli, fmt: str) -> None:
    out = sample_db("list", "--fields", "id,title", "--format", fmt, "--limit", "2").stdout
    if fmt == "json":
        assert all(
            list(r) == ["id", "title"]
            for r in sample_db.json("list", "--fields", "id,title", "--format", "json")
        )
    elif fmt == "csv":
        assert out.splitlines()[0] == "id,title"
    else:
        assert "Tags" not in out
        assert "tags" not in out


def test_default_limit_is_50(cli: Cli) -> None:
    for number in range(55):
        cli.add(f"Rilis {number}")
    assert len(ids(cli)) == 50
    assert len(ids(cli, "--limit", "0")) == 55
