"""Round trips: export, import into an empty database, export again: the same articles.

For jsonl, json, csv and md, on a hand-made varied set and on articles that
hypothesis generates: Indonesian text, emoji, right-to-left script,
combining marks, typographic quotes, non-breaking spaces, CSV-hostile
``,"`` and newlines, tags differing only in case, drafts, reviews, published
and scheduled articles, empty fields. Only id, created_at, updated_at and
revision may differ (they belong to a database, not to an article).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli

VOLATILE = ("id", "created_at", "updated_at", "revision")
# Each example runs a dozen CLI commands: keep the count modest, larger in CI;
# ROUNDTRIP_EXAMPLES=500 for a long run by hand.
EXAMPLES = int(os.environ.get("ROUNDTRIP_EXAMPLES") or (40 if os.environ.get("CI") else 12))
WIB = timezone(timedelta(hours=7))

VARIED: list[dict[str, Any]] = [
    {
        "title": "Bawaslu Bengkalis Awasi Verifikasi Faktual “Door to Door”",
        "body": "Bengkalis – Pengawas turun ke desa, Senin (29/6/2020).\n\n"
        "“Kami siap,” kata Ketua.\u00a0Rp\u00a05 juta — bukan ‘uang saku’. 🗳️✅\n\n"
        '- satu, "dua", tiga\n- empat\n',
        "summary": 'Ringkasan, dengan koma dan "kutip".',
        "dateline": "Bengkalis",
        "category": "Berita",
        "author": "Humas Bawaslu Bengkalis",
        "status": "published",
        "published_at": "2020-06-29T09:30:00+07:00",
        "tags": ["Berita", "Pilkada", "Pengawasan"],
    },
    {
        "title": "Draf: Catatan Rapat",
        "body": "Belum selesai.  \nBaris kedua dengan dua spasi di atas.",
        "category": "",
        "tags": ["berita", "PILKADA", "Catatan Internal"],
        "status": "draft",
    },
    {"title": "Draf: Catatan Rapat", "status": "draft", "body": "Artikel lain, judul sama."},
    {
        "title": "Jadwal Kampanye Terbuka Pemilu 2099",
        "status": "scheduled",
        "published_at": "2099-01-05T08:00:00+07:00",
        "lang": "en",
        "tags": ["Kampanye"],
    },
    {
        "title": "Laporan Masuk untuk Ditelaah",
        "status": "review",
        "published_at": "2024-02-14T13:30:00+07:00",
        "author": "Ayu Lestari, Dedi Saputra",
        "dateline": "Duri",
        "summary": "מבחן RTL وعربي ومزيج",
    },
    {
        "title": "Ňámé with combining a\u0301 and 😀",
        "body": 'CSV-hostile: a,b;"c"\n"quoted"\n\n---\n\nsetelah garis',
        "status": "published",
        "published_at": "2019-04-17T07:00:00+07:00",
        "tags": ["Pemilu 2019"],
    },
]


def stable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = [{k: v for k, v in r.items() if k not in VOLATILE} for r in records]
    return sorted(kept, key=lambda r: str(r["slug"]))


def parsed(fmt: str, path: Path) -> Any:
    """An export read back for comparison: records for json/jsonl/csv, files for md."""
    import csv

    if fmt == "md":
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(path.glob("*.md"))}
    text = path.read_text(encoding="utf-8")
    if fmt == "jsonl":
        return stable([json.loads(line) for line in text.splitlines()])
    if fmt == "json":
        return stable(json.loads(text))
    return stable(list(csv.DictReader(text.splitlines(keepends=True))))


def round_trip(cli: Cli, folder: Path, seed: list[dict[str, Any]], fmt: str) -> None:
    """Seed a database, export it, import that into an empty one, export again: they agree."""
    origin = folder / "origin.db"
    if not origin.exists():
        seed_file = folder / "seed.jsonl"
        seed_file.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in seed), encoding="utf-8"
        )
        cli("--db", str(origin), "import", str(seed_file), "--on-duplicate", "new")
    copy = folder / f"{fmt}.db"
    first, second = folder / f"first.{fmt}", folder / f"second.{fmt}"
    cli("--db", str(origin), "export", "--format", fmt, "--include-drafts", "--out", str(first))
    result = cli("--db", str(copy), "import", str(first), "--format", fmt)
    assert result.stderr.splitlines()[0].endswith("skipped 0, failed 0"), result.stderr
    cli("--db", str(copy), "export", "--format", fmt, "--include-drafts", "--out", str(second))
    assert parsed(fmt, second) == parsed(fmt, first)
    every = ("list", "--format", "json", "--limit", "0")
    assert stable(cli.json("--db", str(copy), *every)) == stable(
        cli.json("--db", str(origin), *every)
    )


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "md"])
def test_round_trip_of_a_varied_set(cli: Cli, tmp_path: Path, fmt: str) -> None:
    round_trip(cli, tmp_path, VARIED, fmt)
    articles = cli.json("--db", str(tmp_path / f"{fmt}.db"), "list", "--format", "json")
    assert len(articles) == len(VARIED)  # both "Draf: Catatan Rapat" drafts came back
    statuses = sorted(a["status"] for a in articles)
    assert statuses == ["draft", "draft", "published", "published", "review", "scheduled"]


def test_round_trip_keeps_the_first_spelling_of_tags(cli: Cli, tmp_path: Path) -> None:
    round_trip(cli, tmp_path, VARIED, "jsonl")
    every = ("list", "--format", "json", "--limit", "0")
    tags = {tag for a in cli.json("--db", str(tmp_path / "jsonl.db"), *every) for tag in a["tags"]}
    assert {"Berita", "Pilkada"} <= tags
    assert not {"berita", "PILKADA"} & tags


# Generated articles ---------------------------------------------------------

LETTERS = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
    blacklist_characters=",",
)
EXTRAS = st.sampled_from(list("“”‘’–—\u00a0\u2028\t😀🗳️éáñ\u0301ğışאבעربي\"';:#-*|>\\ ,\n"))
TEXT = st.text(st.one_of(LETTERS, EXTRAS), max_size=80)
LINE = st.text(st.one_of(LETTERS, st.sampled_from(list("“”‘’–—\u00a0😀 ,\"'#:-"))), max_size=40)
NAME = st.text(LETTERS, min_size=1, max_size=12).filter(lambda s: s.strip())


@st.composite
def articles(draw: st.DrawFn) -> dict[str, Any]:
    from newsroom_cli.models import clean_line

    title = draw(LINE.filter(lambda s: clean_line(s, "title") != ""))
    status = draw(st.sampled_from(["draft", "review", "published", "scheduled"]))
    when = None
    if status == "scheduled":
        when = draw(st.datetimes(datetime(2090, 1, 1), datetime(2099, 12, 31)))
    elif status == "published" or draw(st.booleans()):
        when = draw(st.datetimes(datetime(1990, 1, 1), datetime(2020, 12, 31)))
    names = draw(st.lists(NAME, max_size=4))
    tags = [draw(st.sampled_from([n, n.upper(), n.lower()])) for n in names]
    paragraphs = draw(st.lists(TEXT, max_size=3))
    record: dict[str, Any] = {
        "title": title,
        "body": "\n\n".join(paragraphs),
        "summary": draw(LINE),
        "dateline": draw(LINE),
        "category": draw(LINE),
        "author": draw(LINE),
        "lang": draw(st.sampled_from(["id", "en", "id-ID"])),
        "status": status,
        "tags": tags,
    }
    if when is not None:
        record["published_at"] = when.replace(microsecond=0, tzinfo=WIB).isoformat()
    return record


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.lists(articles(), min_size=1, max_size=4))
def test_round_trip_of_generated_articles(cli: Cli, seed: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("jsonl", "csv", "md"):
            round_trip(cli, Path(folder), seed, fmt)
