"""Reliability, round two: defects found by attacking the real CLI (checks 29 onwards;
what `import` reads, checks 34 to 36, is in test_round_two_import.py).

Each test failed before its fix. The class each defect belongs to, and what else in
that class was checked, is in tests/reliability/README.md.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import feedparser
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


# --- check 37: RSS titles ------------------------------------------------------------------

MARKED_UP = [
    "Harga <b>naik</b> & turun",  # looked like HTML to readers: came out bold
    "Tom &amp; Jerry",  # a character reference: came out as "Tom & Jerry"
    "A &lt; B",
    "<script>alert(1)</script> Rapat",
    "<img src=x onerror=alert(1)> Foto",
    "Rapat KPU & Bawaslu",  # plain: left as it is, no "&amp;" for plain-text readers
]


def _as_read(detail: Any) -> str:
    """What a reader shows for a feedparser text construct: HTML rendered as text."""
    if detail.type == "text/plain":
        return str(detail.value)
    assert "<" not in detail.value, detail.value  # no element survives to be rendered
    return html.unescape(detail.value)


def test_a_title_with_markup_reads_as_text_in_a_feed_reader(cli: Cli) -> None:
    """Check 37: RSS titles were escaped once, so a reader (feedparser is the reference)
    took `Harga <b>naik</b>` for HTML and showed it bold, and `&amp;` as `&`."""
    cli("config", "site.title", "Humas <i>Bawaslu</i> &amp; KPU")
    for title in MARKED_UP:
        cli.add(title, "--status", "published", "--date", "2020-06-29", "-t", "<b>Tag</b>")
    for fmt in ("rss", "atom"):
        feed = feedparser.parse(cli("export", "--format", fmt).stdout)
        assert not feed.bozo, feed.bozo_exception
        assert _as_read(feed.feed.title_detail) == "Humas <i>Bawaslu</i> &amp; KPU", fmt
        shown = sorted(_as_read(entry.title_detail) for entry in feed.entries)
        assert shown == sorted(MARKED_UP), fmt
        assert {tag.term for entry in feed.entries for tag in entry.tags} == {"<b>Tag</b>"}
    rss = cli("export", "--format", "rss").stdout
    assert "<title>Rapat KPU &amp; Bawaslu</title>" in rss  # escaped once: plain text


# --- checks 38 to 40: faults around the database and exports ----------------------------


def test_a_database_missing_a_page_says_what_to_do(cli: Cli, db_path: Path) -> None:
    """Check 38: `db check` on a database missing its last page said "run `newsroom db
    check`": round in a circle."""
    for number in range(30):
        cli.add(f"Rilis {number}", "--body", "isi panjang " * 300)
    with db_path.open("r+b") as handle:
        handle.truncate(db_path.stat().st_size - 4096)
    unreadable = f"{db_path} is too damaged for `newsroom db check` to read"
    for args, told in ((["db", "check"], unreadable),
                       (["list"], "`newsroom db check` lists the damage")):  # fmt: skip
        done = run_cli(*args)
        assert done.returncode == 1, args
        assert one_error_line(done.stderr.decode()) == (
            f"Error: database disk image is malformed: {told}; restore a backup, or save what "
            f"SQLite can still read with `sqlite3 {db_path} .recover`"
        )


def test_a_database_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    """Check 38: a named pipe as NEWSROOM_DB hung for ever; /dev/null left /dev/null-journal."""
    fifo = tmp_path / "newsroom.db"
    os.mkfifo(fifo)
    link = tmp_path / "tautan.db"
    link.symlink_to(fifo)
    for path, kind in ((fifo, "a named pipe"), (link, "a named pipe"),
                       (Path("/dev/null"), "a device or another special file")):  # fmt: skip
        done = run_cli("list", env={"NEWSROOM_DB": str(path)}, timeout=30)
        assert done.returncode == 1
        assert one_error_line(done.stderr.decode()) == (
            f"Error: {path} is {kind}, not a newsroom database file; point NEWSROOM_DB or "
            "--db at a regular file"
        )
    assert run_cli("db", "path", env={"NEWSROOM_DB": str(fifo)}).returncode == 0


def test_a_killed_backup_is_cleaned_by_the_next(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    """Check 38: `kill -9` during `db backup` left `.DEST.*.tmp` and its `-journal`, each
    as large as the database, for ever."""
    records = tmp_path / "besar.jsonl"
    with records.open("w", encoding="utf-8") as handle:
        for number in range(24):
            body = f"kalimat {number} " * 80_000
            handle.write(json.dumps({"title": f"Rilis Besar {number}", "body": body}) + "\n")
    cli("import", str(records))
    folder = tmp_path / "cadangan"
    folder.mkdir()
    dest = folder / "newsroom.db"
    left: list[str] = []
    for _ in range(30):
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsroom_cli", "db", "backup", str(dest)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            if any(name.endswith(".tmp") for name in os.listdir(folder)):
                proc.kill()  # in the middle: its temporary file is there
                break
        proc.wait(timeout=60)
        left = sorted(name for name in os.listdir(folder) if ".tmp" in name)
        if left:
            break
    assert left, "no backup was caught in the middle"
    done = run_cli("db", "backup", str(dest))
    assert done.returncode == 0, done.stderr
    assert sorted(name for name in os.listdir(folder) if ".tmp" in name) == []
    assert sqlite3.connect(dest).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


DANGEROUS = ['=HYPERLINK("http://evil.example","klik")', "+62 812", "-1 hari", "@SUM(A1)"]


def test_csv_cells_never_become_formulas(cli: Cli, tmp_path: Path) -> None:
    """Check 39: `export --format csv` (and `list --format csv`) wrote cells beginning
    with `=`, `+`, `-` or `@` raw: a spreadsheet runs them as formulas."""
    for title in DANGEROUS:
        cli.add(title, "-t", "=cmd", "--author", "@budi", "--body", "- butir satu\n- butir dua",
                "--status", "published", "--date", "2020-06-29")  # fmt: skip
    cli.add("'=sudah diberi tanda", "--summary", "''dua tanda", "--status", "published")
    cli.add("Rapat; =1+1", "--status", "published")  # a sheet that splits cells on ";"
    exported = cli("export", "--format", "csv").stdout
    listed = cli("list", "--format", "csv").stdout
    for text in (exported, listed):
        rows = list(csv.reader(io.StringIO(text)))
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), cell
        assert '"Rapat; =1+1"' in text  # quoted: one cell wherever a sheet splits
    sheet = tmp_path / "lembar.csv"
    sheet.write_text(exported, encoding="utf-8")
    other = tmp_path / "lain.db"
    assert run_cli("import", str(sheet), env={"NEWSROOM_DB": str(other)}).returncode == 0
    back = json.loads(run_cli("list", "--format", "json", env={"NEWSROOM_DB": str(other)}).stdout)
    assert sorted(row["title"] for row in back) == sorted(
        [*DANGEROUS, "'=sudah diberi tanda", "Rapat; =1+1"]
    )
    kept = {row["title"]: row for row in back}
    assert kept["'=sudah diberi tanda"]["summary"] == "''dua tanda"
    assert kept["+62 812"]["tags"] == ["=cmd"]
    assert kept["+62 812"]["author"] == "@budi"
    assert kept["+62 812"]["body"].startswith("- butir satu")


def test_concurrent_exports_into_one_folder(cli: Cli, tmp_path: Path) -> None:
    """Check 40: of three exports into one folder at once, the losers said the folder was
    "not written by newsroom" (and could empty the winner's staging folder)."""
    records = tmp_path / "banyak.jsonl"
    with records.open("w", encoding="utf-8") as handle:
        for number in range(300):
            record = {"title": f"Rilis Nomor {number}", "body": "Isi rilis. " * 200,
                      "status": "published", "published_at": "2020-06-29"}  # fmt: skip
            handle.write(json.dumps(record) + "\n")
    cli("import", str(records))
    site = tmp_path / "situs"
    export = [sys.executable, "-m", "newsroom_cli", "export", "--format", "html", "--out"]
    procs = [
        subprocess.Popen([*export, str(site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outcomes: list[tuple[int, str]] = []
    for proc in procs:
        _, said = proc.communicate(timeout=300)
        outcomes.append((proc.returncode, said.decode()))
    assert any(code == 0 for code, _ in outcomes), outcomes
    for code, told in outcomes:
        if code != 0:
            assert one_error_line(told) == (
                f"Error: another export is running into {site}; wait for it to finish and "
                "export again"
            )
    again = run_cli("export", "--format", "html", "--out", str(site))
    assert again.returncode == 0, again.stderr
    assert b"0 written" in again.stderr


# --- checks 41 to 43: correctness ---------------------------------------------------------


@pytest.mark.parametrize(
    "logo", ["\\\\evil.example/x.png", "\\evil.example/x.png", "/\\evil.example/x.png"]
)
def test_a_logo_path_cannot_lead_to_another_host(cli: Cli, logo: str) -> None:
    """Check 41: a logo starting with a backslash was taken as a path on the site; a
    browser reads `\\` as `/` and fetched it from evil.example."""
    error = one_error_line(cli("config", "site.logo", logo, code=2).stderr)
    assert error.startswith("Error: site.logo must be a path on the site")
    assert cli("config", "site.logo").stdout.strip() in ("", "site.logo =")


def test_renaming_a_tag_to_itself_writes_no_revision(cli: Cli) -> None:
    """Check 42: `tags rename X X` wrote an empty revision on every article tagged X."""
    cli.add("Rilis Satu", "-t", "Berita")
    cli.add("Rilis Dua", "-t", "Berita", "-t", "Pemilu")
    done = cli("tags", "rename", "Berita", "Berita")
    assert "0 article(s) updated" in done.stdout + done.stderr
    assert [len(cli.json("history", str(n), "--format", "json")) for n in (1, 2)] == [1, 1]
    cli("tags", "rename", "Berita", "BERITA")  # a new spelling is a change
    assert [len(cli.json("history", str(n), "--format", "json")) for n in (1, 2)] == [2, 2]
    cli("tags", "rename", "Pemilu", "BERITA")  # a merge: article 2 had both
    assert cli.json("show", "2", "--format", "json")["tags"] == ["BERITA"]


BROKEN_TEMPLATES = [
    (
        "article.html",
        '{% extends "builtin/article.html" %}\n{% block main %}\n{{ article.title | nosuch }}\n'
        "{% endblock %}\n",
        "line 3: No filter named 'nosuch'.",
    ),
    (
        "article.html",
        '{% extends "builtin/article.html" %}\n{% block main %}\n{% for x in %}\n{% endblock %}\n',
        "line 3: Expected an expression, got 'end of statement block'",
    ),
    (
        "list.html",
        '{% extends "builtin/list.html" %}\n{% block main %}\n\n{{ heading.nama.x }}\n'
        "{% endblock %}\n",
        "line 4: 'str object' has no attribute 'nama'",
    ),
    (
        "article.html",
        '{% extends "builtin/article.html" %}\n{% block main %}{% include "kaki.html" %}'
        "{% endblock %}\n",
        "line 2: no template 'kaki.html'",
    ),
    (
        "article.html",
        '{% extends "builtin/article.html" %}\n{% block main %}{{ 1 // 0 }}{% endblock %}\n',
        "line 2: ZeroDivisionError: integer division or modulo by zero",
    ),
]


@pytest.mark.parametrize(("name", "text", "told"), BROKEN_TEMPLATES)
def test_a_template_error_names_the_file_and_line(
    cli: Cli, tmp_path: Path, name: str, text: str, told: str
) -> None:
    """Check 43: errors in `--templates` files were "unexpected ... (this is a bug)" and
    named no file or line; and a failed first export left a folder the next refused."""
    cli.add("Rilis Bertema", "--status", "published", "--date", "2020-06-29")
    theme = tmp_path / "tema"
    theme.mkdir()
    (theme / name).write_text(text, encoding="utf-8")
    site = tmp_path / "situs"
    done = run_cli("export", "--format", "html", "--out", str(site), "--templates", str(theme))
    assert done.returncode == 1
    error = one_error_line(done.stderr.decode())
    assert error.startswith(f"Error: template {theme / name}, {told}"), error
    (theme / name).unlink()  # fixed: the same folder takes the export
    again = run_cli("export", "--format", "html", "--out", str(site), "--templates", str(theme))
    assert again.returncode == 0, again.stderr
