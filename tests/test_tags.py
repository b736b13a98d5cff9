"""Tags: one tag whatever its case; rename merges; delete removes everywhere."""

from __future__ import annotations

from conftest import Cli


def test_tags_table_and_json(cli: Cli) -> None:
    cli.add("Satu", "-t", "Berita", "-t", "Humas")
    cli.add("Dua", "-t", "berita")
    assert cli.json("tags", "--format", "json") == [
        {"name": "Berita", "slug": "berita", "articles": 2},
        {"name": "Humas", "slug": "humas", "articles": 1},
    ]
    table = cli("tags").stdout
    assert "Berita" in table
    assert "berita " in table


def test_rename_and_merge(cli: Cli) -> None:
    cli.add("Satu", "-t", "Pemilu 2024", "-t", "Berita")
    cli.add("Dua", "-t", "Pemilu", "-t", "Humas")
    result = cli("tags", "rename", "pemilu 2024", "Pemilu")
    assert result.stdout == "Merged 'pemilu 2024' into 'Pemilu'; 1 article(s) updated.\n"
    assert cli.json("show", "1", "--format", "json")["tags"] == ["Pemilu", "Berita"]
    assert cli("list", "--tag", "pemilu", "--format", "ids").stdout == "2 1\n"
    result = cli("tags", "rename", "Humas", "Hubungan Masyarakat")
    assert result.stdout.startswith("Renamed 'Humas' into 'Hubungan Masyarakat'")
    names = {t["name"]: t["slug"] for t in cli.json("tags", "--format", "json")}
    assert names == {
        "Pemilu": "pemilu",
        "Berita": "berita",
        "Hubungan Masyarakat": "hubungan-masyarakat",
    }
    history = cli.json("history", "1", "--format", "json")
    assert history[-1]["note"] == "tag 'Pemilu 2024' renamed to 'Pemilu'"


def test_rename_changes_only_the_spelling(cli: Cli) -> None:
    cli.add("Satu", "-t", "berita")
    cli("tags", "rename", "BERITA", "Berita")
    assert cli.json("tags", "--format", "json") == [
        {"name": "Berita", "slug": "berita", "articles": 1}
    ]
    assert cli.json("show", "1", "--format", "json")["tags"] == ["Berita"]


def test_delete_tag(cli: Cli) -> None:
    cli.add("Satu", "-t", "Lama", "-t", "Berita")
    assert cli("tags", "delete", "lama").stdout == "Deleted tag 'Lama'; 1 article(s) updated.\n"
    assert cli.json("show", "1", "--format", "json")["tags"] == ["Berita"]
    assert [t["name"] for t in cli.json("tags", "--format", "json")] == ["Berita"]


def test_colliding_tag_slugs_are_disambiguated(cli: Cli) -> None:
    cli.add("Satu", "-t", "Pemilu 2024", "-t", "pemilu-2024")
    assert [t["slug"] for t in cli.json("tags", "--format", "json")] == [
        "pemilu-2024",
        "pemilu-2024-2",
    ]
