"""Check 18: very long fields through the real CLI, time-boxed.

Over a limit: exit 2 with the limit in the one error line, nothing stored.
Within it: a body of nearly 1 MB (the limit), 1,000 tags and headlines of 250 four-byte characters
work through add, show, search and every export, and every file an export
writes has a name of at most 255 bytes (the limit of ext4 and most others).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import run_cli
from reliability.conftest import check_invariants, failed_cleanly

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

MARKER = "penandaunik"
BODY = (
    f"Paragraf pembuka {MARKER}.\n\n"
    + ("Rapat koordinasi pengawasan tahapan. " * 20 + "\n\n") * 1400
)


PUBLISHED = ("--status", "published", "--date", "29/6/2020", "--json")


def tag_options(tags: list[str]) -> list[str]:
    return [option for tag in tags for option in ("-t", tag)]


def ok(*args: str, timeout: float = 60) -> bytes:
    result = run_cli(*args, timeout=timeout)
    assert result.returncode == 0, (args, result.stderr[-2000:])
    assert b"Traceback" not in result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("option", "field", "value", "message"),
    [
        ("--title", "title", "J" * 10_000, "title is 10000 characters long; the limit is 250"),
        ("--tag", "tags", "t" * 300, "tag is 300 characters long; the limit is 100"),
        (
            "--summary",
            "summary",
            "s" * 10_000,
            "summary is 10000 characters long; the limit is 500",
        ),
    ],
    ids=["title", "tag", "summary"],
)
def test_over_the_limit_is_refused_naming_it(
    db_path: Path, tmp_path: Path, option: str, field: str, value: str, message: str
) -> None:
    ok("add", "--title", "Sudah Ada")
    before = ok("list", "--format", "jsonl")
    assert failed_cleanly(run_cli("add", "--title", "x", option, value), 2) == f"Error: {message}"
    edit = ("tag", "1", value) if field == "tags" else ("edit", "1", option, value)
    assert failed_cleanly(run_cli(*edit), 2) == f"Error: {message}"
    records = tmp_path / "panjang.jsonl"
    record = {"title": "Judul", field: [value] if field == "tags" else value}
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run_cli("import", str(records))
    assert result.returncode == 1
    assert result.stderr.decode().splitlines()[1:] == [f"Error: {records}:1: {message}"]
    assert ok("list", "--format", "jsonl") == before


def test_a_body_at_the_limit_works_everywhere(db_path: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    body_file = tmp_path / "panjang.md"
    body_file.write_text(BODY, encoding="utf-8")
    assert 1_000_000 < len(BODY.encode()) <= 1_048_576
    record = json.loads(
        ok("add", "--title", "Rilis Sangat Panjang", "--body-file", str(body_file), *PUBLISHED)
    )
    assert record["body"] == BODY.strip("\n") + "\n"

    shown = json.loads(ok("show", "1", "--format", "json"))
    assert shown["body"] == record["body"]
    panel = ok("show", "1").decode()  # the panel wraps lines to the width: look at the ends
    assert MARKER in panel
    assert panel.rstrip().endswith("╯")
    text = ok("show", "1", "--format", "text").decode()
    assert text.count("Rapat koordinasi pengawasan tahapan.") == 20 * 1400
    hits = json.loads(ok("search", MARKER, "--format", "json"))
    assert [hit["id"] for hit in hits] == [1]
    assert MARKER in hits[0]["snippet"]
    assert json.loads(ok("export", "--format", "jsonl"))["body"] == record["body"]
    out = tmp_path / "situs"
    ok("export", "--format", "html", "--out", str(out))
    page = (out / "articles" / "rilis-sangat-panjang.html").read_text(encoding="utf-8")
    assert page.count("Rapat koordinasi pengawasan tahapan.") == 20 * 1400
    assert page.rstrip().endswith("</html>")
    check_invariants(db_path)
    assert time.monotonic() - started < 90, "a 1 MB body should not take minutes"


def test_a_body_over_one_megabyte_is_refused_everywhere(db_path: Path, tmp_path: Path) -> None:
    """Reliability check 33: bodies had no limit (10 MB accepted), and a long body made
    search and publish take minutes. Over 1 MB is refused with one line, exit 2."""
    ok("add", "--title", "Sudah Ada")
    before = ok("list", "--format", "jsonl")
    big = "kata " * 220_000  # 1.1 MB
    body_file = tmp_path / "besar.md"
    body_file.write_text(big, encoding="utf-8")
    for args in (
        ("add", "--title", "Terlalu Panjang", "--body-file", str(body_file)),
        ("edit", "1", "--body-file", str(body_file)),
        ("add", "--title", "Tanpa Akhir", "--body-file", "/dev/zero"),
    ):
        error = failed_cleanly(run_cli(*args, timeout=30), 2)
        assert "1,048,576 bytes (1 MB)" in error, error
    records = tmp_path / "besar.jsonl"
    records.write_text(json.dumps({"title": "Judul", "body": big}) + "\n", encoding="utf-8")
    result = run_cli("import", str(records))
    assert result.returncode == 1
    assert "the limit is 1,048,576 (1 MB)" in result.stderr.decode()
    assert ok("list", "--format", "jsonl") == before


def test_a_thousand_tags_and_long_names_fit_every_file_system(
    db_path: Path, tmp_path: Path
) -> None:
    started = time.monotonic()
    tags = [f"Topik Nomor {n:04d}" for n in range(1000)]
    record = json.loads(ok("add", "--title", "Seribu Tag", *PUBLISHED, *tag_options(tags)))
    assert record["tags"] == tags
    wide = [  # 100 characters of 2-, 3- and 4-byte UTF-8: up to 400 bytes as a name
        "ǅ" * 100,
        "ب" * 100,
        "🗳" * 100,
        "Ḽơᶉëᶆ ȋṕšᶙṁ ḍỡḽǭᵳ ʂǐť ӓṁệẗ ĉṓɲṩḙċťᶒțûɾ ấɖḯƥĭṩčįɳġ ḝłįʈ șếᶑ ᶁⱺ ẽḭŭŝḿꝋď ṫĕᶆᶈṓɍ ỉñḉīḑȋᵭṵńť",
    ]
    ok("add", "--title", "🗳" * 250, *PUBLISHED, *tag_options(wide))
    ok("add", "--title", "Ḽơᶉëᶆ " * 41, *PUBLISHED)

    listed = json.loads(ok("tags", "--format", "json"))
    assert len(listed) == 1000 + len(wide)
    assert len({t["slug"] for t in listed}) == len(listed)
    shown = json.loads(ok("show", "1", "--format", "json"))
    assert shown["tags"] == tags
    assert json.loads(ok("search", "Topik", "--format", "json"))[0]["id"] == 1

    for fmt in ("html", "md", "ninjs"):
        out = tmp_path / fmt
        ok("export", "--format", fmt, "--out", str(out), timeout=120)
        names = [name for _, dirs, files in os.walk(out) for name in dirs + files]
        assert names
        too_long = [n for n in names if len(n.encode("utf-8")) > 255]
        assert too_long == [], too_long
    assert len(list((tmp_path / "html" / "tags").iterdir())) == len(listed)
    check_invariants(db_path)
    assert time.monotonic() - started < 90
