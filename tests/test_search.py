"""`search` and `list --search` through the real CLI, on a fixture of 20 known releases.

Every article shares the same filler body, so lengths are alike and bm25's order
follows where a word is: headline (weight 10) above tags (5) above summary (3)
above body (1).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli, one_error_line, run_in_terminal
from newsroom_cli.cli import app

FILLER = (
    "Kegiatan berlangsung di aula kantor dengan peserta dari berbagai kecamatan dan desa setempat."
)
SAME = "Petugas turun ke gudang."
CHECKED = "Petugas memeriksa logistik."
ARRIVED = "Logistik tiba tepat waktu."

# (title, summary, extra body sentence, tags, date); ids are 1..20 in this order.
ARTICLES: list[tuple[str, str, str, list[str], str]] = [
    ("Bawaslu Pantau Distribusi Logistik", SAME, "", ["Berita"], "2024-01-10"),  # 1
    ("Bawaslu Pantau Gudang Penyimpanan", SAME, "", ["Berita", "Logistik"], "2024-02-10"),  # 2
    ("Bawaslu Pantau Gudang Kecamatan", CHECKED, "", ["Berita"], "2024-03-10"),  # 3
    ("Bawaslu Pantau Gudang Kabupaten", SAME, ARRIVED, ["Berita"], "2024-04-10"),  # 4
    ("Logistik Pemilu Tiba di Gudang", SAME, "", ["Berita"], "2024-05-10"),  # 5: trashed
    ("Rapat Koordinasi Bawaslu Bengkalis", SAME, "", ["Berita"], "2024-06-10"),  # 6
    ("Bawaslu Gelar Pertemuan", SAME, "Koordinasi dibahas dalam rapat.", ["Berita"], "2024-06-11"),
    ("Sosialisasi Kampanye Damai", SAME, "Warga diajak menolak hoaks.", ["Berita"], "2024-07-10"),
    ("Patroli Kampanye di Pasar", SAME, "", ["Berita"], "2024-07-11"),  # 9
    ("Netralitas ASN Jelang Pilkada", SAME, "", ["Berita"], "2024-08-10"),  # 10
    ("Bawaslu Terima Permohonan", SAME, "Sengketa proses diselesaikan.", ["Berita"], "2024-08-11"),
    ("Pengawasan Tahapan Pencalonan", SAME, "", ["Berita"], "2024-09-10"),  # 12
    ("Bawaslu Gelar Apel Siaga", SAME, "Pengawas kecamatan hadir.", ["Berita"], "2024-09-11"),
    ("Warga Diajak Aktif", SAME, "Warga ikut mengawasi tahapan.", ["Berita"], "2024-09-12"),
    ("Deklarasi Pémilu Damai", SAME, "", ["Berita"], "2024-10-10"),  # 15
    ("Apel Pengamanan", SAME, "Pemilu berjalan lancar.", ["Berita"], "2024-10-11"),  # 16
    ("Rekap Suara Desa", SAME, "", ["Humas"], "2024-11-10"),  # 17
    ("Budget Review 2024-05", SAME, "The budget includes tax relief.", ["Humas"], "2024-11-11"),
    ("Budget Plan a:b", SAME, "Do not forget: don't panic @x.", ["Humas"], "2024-11-12"),
    ("Near Term Outlook", SAME, "AND then NEAR the end.", ["Humas"], "2024-12-10"),  # 20
]
PUBLISHED = (1, 2, 12, 15)


@pytest.fixture(scope="module")
def desk_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture database, made once for this module through the CLI."""
    db = tmp_path_factory.mktemp("desk") / "newsroom.db"
    cli = Cli()
    for title, summary, extra, tags, date in ARTICLES:
        body = f"{FILLER} {extra}".strip()
        tag_args = [arg for tag in tags for arg in ("-t", tag)]
        cli("--db", str(db), "add", "--title", title, "--summary", summary, "--body", body,
            "--date", date, *tag_args)  # fmt: skip
    for article in PUBLISHED:
        cli("--db", str(db), "publish", str(article))
    cli("--db", str(db), "delete", "5")
    return db


@pytest.fixture
def desk(cli: Cli, db_path: Path, desk_file: Path) -> Cli:
    """A fresh copy of the fixture database for each test, as the test's own database."""
    source, copy = sqlite3.connect(desk_file), sqlite3.connect(db_path)
    source.backup(copy)
    source.close()
    copy.close()
    return cli


def ids(cli: Cli, *args: str) -> list[int]:
    return [int(i) for i in cli(*args, "--format", "ids").stdout.split()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # headline > tags > summary > body; the trashed headline hit (5) never shows
        ("logistik", [1, 2, 3, 4]),
        ("LOGISTIK", [1, 2, 3, 4]),
        ('"rapat koordinasi"', [6]),  # the phrase: adjacent and in order
        ("rapat koordinasi", [6, 7]),  # both words anywhere; headline first
        ("kampanye -hoaks", [9]),
        ("netralitas OR sengketa", [10, 11]),
        ("netralitas sengketa", []),
        # prefixes find suffixed forms; there is no stemming of prefixes (me-, pe-)
        ("pengawas*", [12, 13]),
        ("pengawasan*", [12]),
        ("pengawasan", [12]),
        ("pengawas", [13]),
        ("mengawasi", [14]),
        ("awas*", []),
        # accents and case are folded on both sides
        ("pemilu", [15, 16]),
        ("PÉMILU", [15, 16]),
    ],
)
def test_known_queries_give_known_ids_in_order(desk: Cli, query: str, expected: list[int]) -> None:
    assert ids(desk, "search", query) == expected


@pytest.mark.parametrize(
    ("query", "code", "expected"),
    [
        ('"', 2, None),
        ('""', 2, None),
        ('foo"bar', 0, []),
        ("AND", 0, [20]),
        ("budget OR", 0, []),  # OR with nothing after it is the word "or"
        ("NEAR(", 0, [20]),
        ("-tax", 2, None),
        ("budget -tax", 0, [19]),
        ("*", 2, None),
        ("a:b", 0, [19]),
        ("2024-05", 0, [18]),
        ("don't", 0, [19]),
        ("@x", 0, [19]),
        ("😀", 2, None),
        (" \t ", 2, None),
        ("", 2, None),
    ],
)
def test_hostile_queries(desk: Cli, query: str, code: int, expected: list[int] | None) -> None:
    result = desk("search", "--format", "ids", "--", query, code=code)
    if expected is None:
        line = one_error_line(result.stderr)
        assert repr(query) in line
        assert result.stdout == ""
    else:
        assert [int(i) for i in result.stdout.split()] == expected
        assert result.stderr == ""


def test_no_match_says_so(desk: Cli) -> None:
    assert desk("search", "tidakada").stdout == "No articles match.\n"
    assert desk("search", "tidakada", "--format", "json").stdout == "[]\n"
    assert desk("search", "tidakada", "--format", "count").stdout == "0\n"


def test_filters_narrow_the_hits(desk: Cli) -> None:
    assert ids(desk, "search", "logistik", "--tag", "logistik") == [2]
    assert ids(desk, "search", "logistik", "--status", "published") == [1, 2]
    assert ids(desk, "search", "logistik", "--status", "draft") == [3, 4]
    assert ids(desk, "search", "logistik", "--since", "1/2/2024", "--until", "31/3/2024") == [2, 3]
    assert ids(desk, "search", "budget", "--tag", "Humas", "--category", "berita") == [18, 19]
    assert ids(desk, "search", "logistik", "--author", "nobody") == []
    assert ids(desk, "search", "logistik", "--limit", "2") == [1, 2]
    assert ids(desk, "search", "logistik", "--limit", "2", "--offset", "2") == [3, 4]
    assert desk("search", "logistik", "--format", "count").stdout == "4\n"
    assert desk("search", "logistik", "--tag", "Logistik", "--format", "count").stdout == "1\n"


def test_json_rows_add_rank_and_a_plain_snippet(desk: Cli) -> None:
    rows: list[dict[str, Any]] = desk.json("search", "logistik", "--format", "json")
    assert [r["id"] for r in rows] == [1, 2, 3, 4]
    assert list(rows[0])[-2:] == ["rank", "snippet"]
    ranks = [r["rank"] for r in rows]
    assert ranks == sorted(ranks)  # bm25: lower is better
    assert rows[3]["snippet"] == f"{FILLER} {ARRIVED}"
    assert rows[2]["snippet"] == CHECKED  # the summary holds the match
    assert rows[0]["snippet"] == FILLER  # headline hit: the body's opening
    assert all("\x02" not in r["snippet"] and "\x03" not in r["snippet"] for r in rows)
    lines = desk("search", "logistik", "--format", "jsonl", "--fields", "id,title").stdout
    first = json.loads(lines.splitlines()[0])
    assert first == {
        "id": 1,
        "title": "Bawaslu Pantau Distribusi Logistik",
        "rank": rows[0]["rank"],
        "snippet": FILLER,
    }


def test_csv_has_rank_and_snippet_columns(desk: Cli) -> None:
    out = desk("search", "budget", "--format", "csv", "--fields", "id,tags").stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == ["id", "tags", "rank", "snippet"]
    assert {row["id"] for row in table} == {"18", "19"}
    assert table[0]["tags"] == "Humas"


def test_piped_table_is_plain_whole_and_has_the_snippet(desk: Cli) -> None:
    out = desk("search", "logistik").stdout
    assert "\x1b" not in out
    assert "\x02" not in out
    assert "\x03" not in out
    header, _rule, *rows = out.splitlines()
    assert header.split() == ["ID", "Date", "Status", "Title", "Tags", "Words", "Snippet"]
    assert len(rows) == 4
    assert rows[0].split()[:3] == ["1", "2024-01-10", "published"]
    assert "Bawaslu Pantau Distribusi Logistik" in rows[0]
    assert rows[3].rstrip().endswith(f"{FILLER} {ARRIVED}")
    fields = desk("search", "logistik", "--fields", "id,title").stdout.splitlines()
    assert fields[0].split() == ["ID", "Title", "Snippet"]


def test_snippets_are_cut_with_an_ellipsis(cli: Cli) -> None:
    body = " ".join(f"kata{n}" for n in range(100)) + " sengketa " + " ".join(["akhir"] * 100)
    cli.add("Panjang", "--body", body)
    [row] = cli.json("search", "sengketa", "--format", "json")
    assert row["snippet"].startswith("…")
    assert row["snippet"].endswith("…")
    assert "sengketa" in row["snippet"]
    assert len(row["snippet"].split()) <= 24


def test_markup_in_articles_stays_literal(cli: Cli) -> None:
    cli.add("[bold]Logistik[/bold] [/] tiba", "--body", "isi [red]logistik[/red] di sini")
    out = cli("search", "logistik").stdout
    assert "[bold]Logistik[/bold] [/] tiba" in out
    assert "isi [red]logistik[/red] di sini" in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", [False, True])
def test_matched_words_are_styled_in_a_terminal(cli: Cli, no_color: bool) -> None:
    cli.add("Distribusi Logistik Pemilu", "--body", "Logistik tiba di gudang.")
    env = {"TERM": "xterm-256color", "COLUMNS": "160", "NO_COLOR": "1" if no_color else ""}
    _, out = run_in_terminal("search", "logistik", env=env)
    bold_logistik = re.findall(r"\x1b\[([0-9;]*)m(Logistik)\x1b\[0m", out)
    assert len(bold_logistik) == 2, out  # in the headline and in the snippet
    for codes, _ in bold_logistik:
        assert "1" in codes.split(";")  # bold, with or without colour
        assert no_color is not any(c.startswith("3") for c in codes.split(";"))
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("Logistik") == 2


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=st.text())
def test_any_text_exits_0_or_2_and_never_crashes(cli: Cli, query: str) -> None:
    if cli("list", "--format", "count").stdout == "0\n":  # one database for all examples
        cli.add("Logistik Pemilu", "--body", "Isi dengan “kutipan” dan 2024-05.", "-t", "Berita")
    result = cli.runner.invoke(app, ["search", "--format", "json", "--", query])
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr, result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 2:
        assert repr(query) in one_error_line(result.stderr)
    else:
        assert isinstance(json.loads(result.stdout), list)
    listed = cli.runner.invoke(app, ["list", "--search", query, "--format", "count"])
    assert listed.exit_code == result.exit_code


# list --search ----------------------------------------------------------------------


def test_list_search_filters_in_the_list_order(desk: Cli) -> None:
    assert ids(desk, "list", "--search", "logistik") == [4, 3, 2, 1]  # newest first
    assert ids(desk, "list", "--search", "logistik", "--reverse") == [1, 2, 3, 4]
    assert ids(desk, "list", "--search", "logistik", "--sort", "title", "--limit", "2") == [1, 4]
    assert ids(desk, "list", "--search", "kampanye -hoaks") == [9]
    assert ids(desk, "list", "--search", "logistik", "--status", "published") == [2, 1]
    assert desk("list", "--search", "logistik", "--format", "count").stdout == "4\n"
    assert desk("list", "--search", "tidakada").stdout == "No articles match.\n"
    result = desk("list", "--search", "-tax", code=2)
    assert one_error_line(result.stderr).startswith("Error: the search '-tax' only excludes")


# The fast path (rank the index, then filter the best few) and the exact fallback --------


def test_every_page_is_a_slice_of_the_whole_ranking(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whichever path answers, a page is the same slice of the same exact ranking."""
    from newsroom_cli.store import search as store_search

    for n in range(60):
        if n % 10 == 0:  # tagged ones rank last: "pemilu" once in a longer body
            cli.add(f"Rilis {n}", "--body", f"pemilu {FILLER} {FILLER}", "-t", "Pilkada")
        else:
            cli.add(f"Rilis {n}", "--body", f"{'pemilu ' * (n % 4 + 2)}{FILLER}")
    for trashed in (3, 17, 30):
        cli("delete", str(trashed))
    exact = store_search._filtered
    fallbacks: list[int] = []

    def counted(*args: Any) -> Any:
        fallbacks.append(1)
        return exact(*args)

    monkeypatch.setattr(store_search, "_filtered", counted)
    for narrowing, total in (([], 57), (["--tag", "Pilkada"], 6), (["--until", "1/1/2000"], 0)):
        whole = ids(cli, "search", "pemilu", "--limit", "0", *narrowing)
        assert len(whole) == total
        assert not {3, 17, 30} & set(whole)
        for limit, offset in ((1, 0), (5, 3), (20, 0), (20, 21), (3, 55)):
            page = ["--limit", str(limit), "--offset", str(offset)]
            assert ids(cli, "search", "pemilu", *page, *narrowing) == whole[offset : offset + limit]
    fallbacks.clear()
    assert ids(cli, "search", "pemilu", "--limit", "1", "--tag", "Pilkada") == [51]
    assert fallbacks, "the tagged hits lie beyond the probe: the exact path answered"
    fallbacks.clear()
    assert len(ids(cli, "search", "pemilu", "--limit", "5")) == 5
    assert not fallbacks, "unfiltered: the probe of the index alone was enough"


def test_an_expression_sqlite_refuses_is_a_usage_error(cli: Cli, db_path: Path) -> None:
    """The builder never makes one; should it ever, the store says so instead of crashing."""
    from newsroom_cli.errors import InvalidInput
    from newsroom_cli.models import ArticleFilter
    from newsroom_cli.store import open_store
    from newsroom_cli.store import search as store_search

    cli.add("Logistik")
    store = open_store(db_path)
    try:
        for broken in ('"unterminated', "NEAR(", "nocolumn: x", "a AND"):
            flt = ArticleFilter(match=broken)
            with pytest.raises(InvalidInput, match="cannot run"):
                store_search.count(store, flt)
            with pytest.raises(InvalidInput, match="cannot run"):
                store_search.ranked(store, flt, (10.0, 3.0, 1.0, 5.0), ("[", "]"))
    finally:
        store.close()


# The window: with more matches than search.window, the best of the newest ----------------


@pytest.fixture
def crowded(cli: Cli, tmp_path: Path) -> Cli:
    """250 releases saying "pemilu": every fifth in its headline, the old ones most often."""
    lines = []
    for n in range(1, 251):
        title = f"Pemilu Rilis {n}" if n % 5 == 0 or n < 40 else f"Rilis {n}"
        tags = ["Pilkada"] if n % 50 == 0 else ["Berita"]
        body = f"{'pemilu ' * (n % 3 + 1)}{FILLER}"
        lines.append(json.dumps({"title": title, "body": body, "tags": tags}))
    corpus = tmp_path / "crowded.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli("import", str(corpus))
    return cli


def test_more_matches_than_the_window_ranks_the_newest(crowded: Cli) -> None:
    crowded("config", "search.window", "0")
    every = ids(crowded, "search", "pemilu", "--limit", "0")
    assert len(every) == 250
    crowded("config", "search.window", "100")
    newest = [i for i in every if i > 150]  # the exact order, cut to the newest 100
    result = crowded("search", "pemilu", "--limit", "20", "--format", "ids")
    assert [int(i) for i in result.stdout.split()] == newest[:20]
    assert "best of the 100 most recently added" in result.stderr
    assert ids(crowded, "search", "pemilu", "--limit", "5", "--offset", "10") == newest[10:15]
    # the whole archive still counts, and --limit 0 ranks every match
    assert crowded("search", "pemilu", "--format", "count").stdout == "250\n"
    assert ids(crowded, "search", "pemilu", "--limit", "0") == every


def test_a_window_holding_every_match_changes_nothing(crowded: Cli) -> None:
    crowded("config", "search.window", "0")
    exact = ids(crowded, "search", "pemilu", "--limit", "20")
    crowded("config", "search.window", "250")
    result = crowded("search", "pemilu", "--limit", "20", "--format", "ids")
    assert [int(i) for i in result.stdout.split()] == exact
    assert result.stderr == ""


def test_a_filtered_search_ranks_every_match(crowded: Cli) -> None:
    crowded("config", "search.window", "0")
    exact = ids(crowded, "search", "pemilu", "--tag", "Pilkada", "--limit", "0")
    assert sorted(exact) == [50, 100, 150, 200, 250]
    crowded("config", "search.window", "100")
    result = crowded("search", "pemilu", "--tag", "Pilkada", "--limit", "4", "--format", "ids")
    assert [int(i) for i in result.stdout.split()] == exact[:4]
    assert result.stderr == ""


def test_pages_of_a_windowed_search_are_slices_of_one_ranking(crowded: Cli) -> None:
    """No page repeats or skips a hit, and past the window there is nothing more."""
    crowded("config", "search.window", "0")
    every = ids(crowded, "search", "pemilu", "--limit", "0")
    window = [i for i in every if i > 150]
    crowded("config", "search.window", "100")
    pages = [
        ids(crowded, "search", "pemilu", "--limit", "30", "--offset", str(offset))
        for offset in range(0, 150, 30)
    ]
    assert [i for page in pages for i in page] == window
    assert pages[-1] == []


def test_trashed_articles_never_count_in_the_window(crowded: Cli) -> None:
    crowded("config", "search.window", "100")
    for trashed in range(240, 251):
        crowded("delete", str(trashed))
    crowded("config", "search.window", "0")
    every = ids(crowded, "search", "pemilu", "--limit", "0")
    crowded("config", "search.window", "100")
    result = crowded("search", "pemilu", "--limit", "0", "--format", "ids")
    assert [int(i) for i in result.stdout.split()] == every  # --limit 0: all of them
    newest_visible = sorted(every, reverse=True)[:100]
    windowed = ids(crowded, "search", "pemilu", "--limit", "100")
    assert sorted(windowed) == sorted(newest_visible)
    assert min(windowed) == 140  # 239..140; counting the 11 in the trash, it would be 151


@pytest.mark.parametrize("value", ["-1", "50", "many", "1.5", "\u00b2", "10000001"])
def test_a_window_out_of_range_is_refused(cli: Cli, value: str) -> None:
    result = cli("config", "--", "search.window", value, code=2)
    message = "search.window must be 0 or a number from 100 to 10000000"
    assert message in one_error_line(result.stderr)
