"""`list` filters, sorting and paging on the project's own sample releases."""

from __future__ import annotations

import json
from pathlib import Path

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
        assert out.splitlines()[0] == '"id","title"'  # every cell quoted (CSV injection)
    else:
        assert "Tags" not in out
        assert "tags" not in out


def test_ids_give_every_article_unless_limited(cli: Cli) -> None:
    for number in range(55):
        cli.add(f"Rilis {number}")
    assert len(ids(cli)) == 55  # was cut at 50 without a word (the first-day defect)
    assert len(ids(cli, "--limit", "50")) == 50


def test_scripts_get_every_article_and_the_table_says_it_shows_a_page(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    """A pipe used to stop at 50 rows without a word: copying 60 releases copied 50."""
    records = tmp_path / "many.jsonl"
    records.write_text(
        "".join(
            json.dumps({"title": f"Rilis nomor {n}", "status": "draft"}) + "\n" for n in range(60)
        ),
        encoding="utf-8",
    )
    cli("import", str(records))
    for fmt in ("jsonl", "csv"):
        lines = cli("list", "--format", fmt).stdout.strip().split("\n")
        assert len(lines) == 60 + (fmt == "csv"), fmt  # csv has a header row
    assert len(cli("list", "--format", "ids").stdout.split()) == 60
    assert len(json.loads(cli("list", "--format", "json").stdout)) == 60
    copy = tmp_path / "copy.db"
    piped = cli("list", "--format", "jsonl").stdout
    cli("--db", str(copy), "import", "-", "--format", "jsonl", input=piped)
    assert cli("--db", str(copy), "list", "--format", "count").stdout == "60\n"
    table = cli("list")
    assert table.stderr == "50 of 60 shown; --limit 0 for all, --offset 50 for more\n"
    second = cli("list", "--offset", "50")
    assert second.stderr == ""  # the last page needs no note
    assert cli("list", "--limit", "20", "--format", "jsonl").stdout.count("\n") == 20
    assert cli("list", "--limit", "0").stderr == ""


def test_an_empty_newsroom_says_how_to_begin(cli: Cli) -> None:
    """It said "No articles match." to a new user with an empty database (first day, 11)."""
    assert cli("list").stdout == (
        "The newsroom is empty: draft a release with `newsroom add --title ...`, "
        "or bring the old ones in with `newsroom import FOLDER`.\n"
    )
    cli.add("Rilis Pertama")
    assert cli("list", "--tag", "tidak-ada").stdout == "No articles match.\n"


def test_the_editor_template_of_a_new_release_names_no_article(tmp_path: Path) -> None:
    """It said "# Article None, revision 0" (first day, 11)."""
    from newsroom_cli.formats.markdown_fm import to_markdown
    from newsroom_cli.models import Article

    assert to_markdown(Article(title=""), comments=True).splitlines()[1] == (
        "# A new release, status draft."
    )


def test_an_undated_draft_has_no_date_in_the_table(cli: Cli) -> None:
    """Undated drafts showed their creation date as if it were a release date."""
    cli.add("Draf Tanpa Tanggal")
    rows = cli("list", "--fields", "id,date,title").stdout.splitlines()
    assert rows[-1].split()[0] == "1"
    assert rows[-1].split()[1] == "Draf"  # no date between the id and the headline
