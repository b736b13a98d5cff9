"""Settings kept in the database, validated once, with their defaults."""

from __future__ import annotations

from conftest import Cli


def test_show_set_unset(cli: Cli) -> None:
    assert cli("config", "site.title").stdout == "Newsroom\n"
    assert (
        cli("config", "site.title", "Bawaslu Bengkalis").stdout
        == "site.title = Bawaslu Bengkalis\n"
    )
    assert cli("config", "site.title").stdout == "Bawaslu Bengkalis\n"
    assert cli.json("config", "--format", "json")["site.title"] == "Bawaslu Bengkalis"
    cli("config", "site.title", "--unset")
    assert cli("config", "site.title").stdout == "Newsroom\n"
    assert "defaults.category" in cli("config").stdout


def test_defaults_apply_to_new_articles(cli: Cli) -> None:
    cli("config", "defaults.category", "Siaran Pers")
    cli("config", "defaults.author", "Humas")
    cli("config", "defaults.dateline", "Bengkalis")
    cli("config", "defaults.lang", "en")
    record = cli.add("Press Release")
    assert (record["category"], record["author"], record["dateline"], record["lang"]) == (
        "Siaran Pers",
        "Humas",
        "Bengkalis",
        "en",
    )


def test_timezone_changes_how_dates_are_read(cli: Cli) -> None:
    cli("config", "timezone", "Asia/Jayapura")
    assert cli.add("WIT", "--date", "29/6/2020")["published_at"] == "2020-06-29T00:00:00+09:00"


def test_base_url_accepts_http_and_https(cli: Cli) -> None:
    cli("config", "site.base_url", "https://bengkalis.bawaslu.go.id/")
    assert cli("config", "site.base_url").stdout == "https://bengkalis.bawaslu.go.id\n"
    cli("config", "site.logo", "/img/logo.png")
    cli("config", "site.logo", "vbscript:x", code=2)
    cli("config", "site.base_url", "ftp://x.example", code=2)
