"""Review, publish (now and scheduled), unpublish, and the revision history."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from conftest import Cli, normalise


def test_review_publish_unpublish(cli: Cli) -> None:
    cli.add("Rilis Satu", "--date", "29/6/2020", "--body", "Isi rilis.")
    assert cli("review", "1").stdout == "Article 1 (rilis-satu) is now in review.\n"
    assert (
        cli("review", "1").stdout
        == "Article 1 (rilis-satu) was already in review; nothing changed.\n"
    )
    assert cli("publish", "1").stdout == "Article 1 (rilis-satu) is now published.\n"
    record = cli.json("show", "1", "--format", "json")
    assert record["status"] == "published"
    assert record["published_at"] == "2020-06-29T00:00:00+07:00"  # the release date is kept
    assert cli("list", "--status", "published", "--format", "ids").stdout == "1\n"
    cli("unpublish", "1")
    assert cli.json("show", "1", "--format", "json")["status"] == "draft"


def test_publish_without_date_sets_now_in_site_zone(cli: Cli) -> None:
    cli.add("Tanpa Tanggal", "--body", "Isi rilis.")
    cli("publish", "1")
    published = cli.json("show", "1", "--format", "json")["published_at"]
    assert published.endswith("+07:00")
    moment = datetime.fromisoformat(published)
    assert abs(moment - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_publish_at_schedules_and_counts_as_published_after(cli: Cli) -> None:
    cli.add("Terjadwal", "--body", "Isi rilis.")
    cli.add("Sudah Lewat", "--body", "Isi rilis.")
    result = cli("publish", "1", "--at", "1 Januari 2099 09:00")
    assert result.stdout == (
        "Article 1 (terjadwal) is now scheduled for Kamis, 1 Januari 2099 09:00.\n"
    )
    assert cli.json("show", "1", "--format", "json")["status"] == "scheduled"
    cli("publish", "2", "--at", "2020-06-29T09:30")
    assert cli.json("show", "2", "--format", "json")["status"] == "published"
    assert cli("list", "--status", "scheduled", "--format", "ids").stdout == "1\n"
    assert cli("list", "--status", "published", "--format", "ids").stdout == "2\n"


def test_release_dated_today_in_wib_is_not_scheduled(cli: Cli) -> None:
    """A date-only release of today (WIB) must be published, even if UTC is a day behind."""
    today_wib = datetime.now(timezone(timedelta(hours=7))).date().isoformat()
    cli.add("Hari Ini", "--date", today_wib, "--status", "published")
    assert cli.json("show", "1", "--format", "json")["status"] == "published"


def test_add_published_in_future_is_scheduled(cli: Cli) -> None:
    record = cli.add("Nanti", "--status", "published", "--date", "2099-01-01")
    assert record["status"] == "scheduled"


def test_history_diff_and_revert(cli: Cli) -> None:
    cli.add("Judul Awal", "-t", "Berita", "--body", "Paragraf pertama.")
    cli("edit", "1", "--body", "Paragraf yang diubah.")
    cli("tag", "1", "Humas")
    history = cli.json("history", "1", "--format", "json")
    assert [(h["revision"], h["note"], h["changed"]) for h in history] == [
        (1, "created", []),
        (2, "edited", ["body"]),
        (3, "edited", ["tags"]),
    ]
    assert all(h["author"] == "tester" for h in history)
    table = normalise(cli("history", "1").stdout)
    assert "3 (current)" in table
    diff = cli("diff", "1", "1", "2").stdout
    assert "-Paragraf pertama.\n" in diff
    assert "+Paragraf yang diubah.\n" in diff
    result = cli("revert", "1", "1")
    assert result.stdout == "Article 1 is now revision 4, equal to revision 1.\n"
    record = cli.json("show", "1", "--format", "json")
    assert record["body"] == "Paragraf pertama.\n"
    assert record["tags"] == ["Berita"]
    assert cli("diff", "1", "1", "4").stdout == "No differences.\n"


def test_revert_keeps_a_published_url(cli: Cli) -> None:
    cli.add("Judul Awal", "--body", "Isi rilis.")
    cli("edit", "1", "--title", "Judul Kedua")
    cli("publish", "1")
    cli("revert", "1", "1")
    record = cli.json("show", "1", "--format", "json")
    assert record["title"] == "Judul Awal"
    assert record["slug"] == "judul-kedua"
    assert record["status"] == "published"


def test_json_lines_are_valid_json(cli: Cli) -> None:
    cli.add("Satu", "--body", "Isi rilis.")
    cli("publish", "1")
    for line in cli("history", "1", "--format", "json").stdout.splitlines():
        assert line  # pretty JSON, no blank lines
    assert json.loads(cli("history", "1", "--format", "json").stdout)[-1]["note"] == "published"


def test_publish_at_is_the_release_date_for_the_gate_and_history(cli: Cli) -> None:
    """`publish --at` warned "no release date" although --at sets it, and a time
    already past published at once while history said "scheduled for ..." (first
    day, item 5)."""
    cli.add("Rilis Tanpa Tanggal", "-t", "Berita", "--dateline", "Bengkalis", "--body", "Isi.")
    done = cli("publish", "1", "--at", "2020-06-29T09:00")
    assert "NR304" not in done.stdout + done.stderr
    shown = cli.json("show", "1", "--format", "json")
    assert (shown["status"], shown["published_at"]) == ("published", "2020-06-29T09:00:00+07:00")
    assert "published, dated 2020-06-29T09:00:00+07:00" in cli("history", "1").stdout
    cli.add("Rilis Nanti", "-t", "Berita", "--dateline", "Bengkalis", "--body", "Isi.")
    cli("publish", "2", "--at", "2999-01-01T09:00")
    assert "scheduled for 2999-01-01T09:00:00+07:00" in cli("history", "2").stdout


def test_diff_shows_every_field_history_lists(cli: Cli) -> None:
    """history said revision 2 changed "status, number"; diff said "No differences"
    (first day, item 6)."""
    cli.add("Rilis Untuk Diff", "-t", "Berita", "--dateline", "Bengkalis", "--body", "Isi.")
    cli("publish", "1", "--at", "2020-06-29T09:00")
    assert "status, published_at, number" in cli("history", "1").stdout
    diff = cli("diff", "1", "1", "2").stdout
    assert "-status: draft\n+status: published\n+number: 001/HUMAS/VI/2020\n" in diff


def test_review_of_a_live_release_asks_first(cli: Cli) -> None:
    """`review` took a published release off the website without a word (first day, 7)."""
    import os
    import pty
    import subprocess
    import sys

    from conftest import one_error_line

    cli.add("Rilis Terbit", "-t", "Berita", "--dateline", "Bengkalis", "--body", "Isi.")
    cli("publish", "1", "--force")
    error = one_error_line(cli("review", "1", code=2).stderr)
    assert "leaves the website at the next export: add --yes" in error
    assert cli.json("show", "1", "--format", "json")["status"] == "published"
    main, child = pty.openpty()  # a person at a terminal, answering "n"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", "review", "1"],
        stdin=child,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    os.write(main, b"n\n")
    screen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    assert proc.wait(timeout=60) == 1
    os.close(main)
    assert b"leaves the website at the next export. Go on?" in screen
    assert cli.json("show", "1", "--format", "json")["status"] == "published"
    done = cli("review", "1", "--yes")
    assert "off the website from the next" in done.stderr
    assert cli.json("show", "1", "--format", "json")["status"] == "review"
    cli.add("Draf Biasa")
    cli("review", "2")  # a draft asks nothing
