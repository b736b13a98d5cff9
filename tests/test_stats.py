"""`stats`: numbers against a known fixture, and the charts' exact text when piped."""

from __future__ import annotations

import pytest

from conftest import Cli
from newsroom_cli.cli.charts import bar

# title, date, body (its word count), tags, author; then the workflow below.
ARTICLES = [
    ("A", "2024-01-05", "satu dua tiga", ["Berita", "Pilkada"], "Ayu"),  # 3 words
    ("B", "2024-01-20", "satu dua tiga empat lima", ["Berita"], "Ayu"),  # 5
    ("C", "2024-03-02", " ".join(["kata"] * 10), ["Humas"], "Dedi"),  # 10
    ("D", "2024-03-15", "dua kata", ["berita"], ""),  # 2; joins "Berita"
    ("E", "2024-03-31T23:30", "empat kata di sini", [], "Dedi"),  # 4; still March in WIB
    ("F", "2024-04-01", "dibuang", ["Berita"], "Ayu"),  # trashed: never counted
]


@pytest.fixture
def desk(cli: Cli) -> Cli:
    for title, date, body, tags, author in ARTICLES:
        tag_args = [arg for tag in tags for arg in ("-t", tag)]
        cli.add(title, "--date", date, "--body", body, "--author", author, *tag_args)
    cli("publish", "1")
    cli("publish", "4")
    cli("review", "3")
    cli("delete", "6")
    return cli


def test_numbers_in_json(desk: Cli) -> None:
    assert desk.json("stats", "--format", "json") == {
        "articles": 5,
        "words": 24,
        "months": [
            {"month": "2024-01", "articles": 2, "words": 8},
            {"month": "2024-02", "articles": 0, "words": 0},
            {"month": "2024-03", "articles": 3, "words": 16},
        ],
        "statuses": {"draft": 2, "review": 1, "published": 2, "scheduled": 0},
        "tags": [
            {"tag": "Berita", "articles": 3},
            {"tag": "Humas", "articles": 1},
            {"tag": "Pilkada", "articles": 1},
        ],
        "authors": [
            {"author": "Ayu", "articles": 2},
            {"author": "Dedi", "articles": 2},
            {"author": "", "articles": 1},
        ],
    }


CHARTS = """\
5 articles, 24 words

Articles per month
2024-01  2  ██████████████████████████▋
2024-02  0
2024-03  3  ████████████████████████████████████████

Words per month
2024-01   8  ████████████████████
2024-02   0
2024-03  16  ████████████████████████████████████████

"""


def test_piped_charts_exact_text(desk: Cli) -> None:
    out = desk("stats").stdout
    assert out.startswith(CHARTS)
    assert "\x1b" not in out
    tables = [line.split() for line in out[len(CHARTS) :].splitlines() if line.strip()]
    assert tables == [
        ["Status", "Articles"],
        ["─" * 20],
        ["draft", "2"],
        ["review", "1"],
        ["published", "2"],
        ["scheduled", "0"],
        ["Tag", "Articles"],
        ["─" * 18],
        ["Berita", "3"],
        ["Humas", "1"],
        ["Pilkada", "1"],
        ["Author", "Articles"],
        ["─" * 22],
        ["Ayu", "2"],
        ["Dedi", "2"],
        ["(no", "author)", "1"],
    ]


@pytest.mark.parametrize(
    ("args", "articles", "months"),
    [
        (["--since", "1/3/2024"], 3, ["2024-03"]),
        (["--until", "31 Januari 2024"], 2, ["2024-01"]),
        (["--since", "2024-01-06", "--until", "2024-03-02"], 2, ["2024-01", "2024-02", "2024-03"]),
        (["--tag", "berita"], 3, ["2024-01", "2024-02", "2024-03"]),
        (["--status", "draft"], 2, ["2024-01", "2024-02", "2024-03"]),
        (["--author", "dedi"], 2, ["2024-03"]),
        (["--search", "kata"], 3, ["2024-03"]),
    ],
)
def test_filters(desk: Cli, args: list[str], articles: int, months: list[str]) -> None:
    found = desk.json("stats", "--format", "json", *args)
    assert found["articles"] == articles
    assert [m["month"] for m in found["months"]] == months
    assert sum(found["statuses"].values()) == articles
    assert sum(a["articles"] for a in found["authors"]) == articles


def test_nothing_selected(desk: Cli) -> None:
    assert desk("stats", "--tag", "tidak-ada").stdout == "No articles match.\n"
    assert desk.json("stats", "--tag", "tidak-ada", "--format", "json") == {
        "articles": 0,
        "words": 0,
        "months": [],
        "statuses": {"draft": 0, "review": 0, "published": 0, "scheduled": 0},
        "tags": [],
        "authors": [],
    }


def test_bad_dates_are_usage_errors(desk: Cli) -> None:
    result = desk("stats", "--since", "kemarin", code=2)
    assert result.stderr.startswith("Error: cannot read the date 'kemarin'")


def test_a_narrow_terminal_gets_shorter_bars(desk: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    lines = desk("stats").stdout.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert "2024-03  16  " + "█" * 27 in lines


def test_months_run_across_years(cli: Cli) -> None:
    cli.add("Akhir tahun", "--date", "2023-11-30")
    cli.add("Awal tahun", "--date", "2024-02-01")
    months = [m["month"] for m in cli.json("stats", "--format", "json")["months"]]
    assert months == ["2023-11", "2023-12", "2024-01", "2024-02"]


@pytest.mark.parametrize(
    ("value", "largest", "width", "drawn"),
    [
        (0, 10, 40, ""),
        (10, 10, 40, "█" * 40),
        (5, 10, 40, "█" * 20),
        (1, 3, 8, "██▋"),  # 8/3 = 2.67 characters: two full, five eighths
        (1, 1000, 40, "▏"),  # tiny but not nothing
        (3, 0, 40, ""),
    ],
)
def test_bar_lengths(value: int, largest: int, width: int, drawn: str) -> None:
    assert bar(value, largest, width) == drawn
