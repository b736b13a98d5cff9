"""Export formats other than the website: streams, Markdown folders, feeds, ninjs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
import yaml

from conftest import Cli, one_error_line
from newsroom_cli.formats import EXPORTERS

FIXTURE = Path(__file__).parent / "fixtures" / "site.jsonl"
NINJS_SCHEMA = Path(__file__).parent / "fixtures" / "ninjs-schema_2.2.json"  # IPTC, CC BY 4.0


@pytest.fixture
def loaded(cli: Cli) -> Cli:
    cli("import", str(FIXTURE))
    return cli


def published_count(cli: Cli) -> int:
    return int(cli("list", "--status", "published", "--format", "count").stdout)


def test_registry_feeds_the_cli_choices(cli: Cli) -> None:
    help_text = cli("export", "--help").stdout
    for name in EXPORTERS:
        assert name in help_text


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_streams_hold_whole_records_of_published_articles(loaded: Cli, fmt: str) -> None:
    out = loaded("export", "--format", fmt).stdout
    if fmt == "json":
        rows = json.loads(out)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == published_count(loaded)
    assert {row["status"] for row in rows} == {"published"}
    listed = loaded.json("list", "--status", "published", "--format", "json", "--limit", "0")
    if fmt == "csv":
        assert [int(r["id"]) for r in rows] == [r["id"] for r in listed]
        assert rows[0]["tags"] == ", ".join(listed[0]["tags"])
    else:
        assert rows == listed


def test_include_drafts_and_filters(loaded: Cli) -> None:
    everything = loaded("export", "--format", "jsonl", "--include-drafts").stdout.splitlines()
    assert len(everything) == int(loaded("list", "--format", "count").stdout)
    pilkada = [
        json.loads(x)
        for x in loaded("export", "-f", "jsonl", "--tag", "pilkada").stdout.splitlines()
    ]
    assert pilkada
    assert all("Pilkada" in r["tags"] and r["status"] == "published" for r in pilkada)


def test_export_to_a_file_is_atomic(loaded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "arsip.jsonl"
    target.write_text("old\n")
    result = loaded("export", "--format", "jsonl", "--out", str(target))
    assert result.stderr == f"Exported to {target}\n"
    assert len(target.read_text().splitlines()) == published_count(loaded)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_md_folder_is_hugo_front_matter(loaded: Cli, tmp_path: Path) -> None:
    out = tmp_path / "md"
    loaded("export", "--format", "md", "--out", str(out), "--include-drafts")
    files = sorted(out.glob("*.md"))
    assert len(files) == int(loaded("list", "--format", "count").stdout)
    text = files[0].read_text(encoding="utf-8")
    head = yaml.safe_load(text.split("---\n")[1])
    record = loaded.json("show", head["slug"], "--format", "json")
    assert head["title"] == record["title"]
    assert head["tags"] == record["tags"]
    assert head["categories"] == [record["category"]]
    assert head["draft"] is (record["status"] not in ("published", "scheduled"))
    assert text.split("---\n", 2)[2].strip() == record["body"].strip()


def test_feeds_parse(loaded: Cli) -> None:
    loaded("config", "site.base_url", "https://bengkalis.bawaslu.go.id")
    for fmt, version in (("atom", "atom10"), ("rss", "rss20")):
        feed = feedparser.parse(loaded("export", "--format", fmt).stdout)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == version
        assert len(feed.entries) == published_count(loaded)
        first = feed.entries[0]
        assert first.link.startswith("https://bengkalis.bawaslu.go.id/articles/")
        assert first.title
        assert [t.term for t in first.tags]


def test_ninjs_validates_against_the_schema(loaded: Cli, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not NINJS_SCHEMA.exists():
        pytest.skip(f"{NINJS_SCHEMA} is not here")
    schema = json.loads(NINJS_SCHEMA.read_text())
    out = tmp_path / "ninjs"
    loaded("export", "--format", "ninjs", "--out", str(out), "--include-drafts")
    files = sorted(p for p in out.glob("*.json") if not p.name.startswith("."))
    assert len(files) == int(loaded("list", "--format", "count").stdout)
    statuses = set()
    for path in files:
        item = json.loads(path.read_text())
        jsonschema.validate(item, schema, format_checker=jsonschema.FormatChecker())
        statuses.add(item["pubstatus"])
        assert item["headlines"][0]["value"]
    assert statuses == {"usable", "withheld"}


def test_folder_format_needs_a_folder_and_refuses_foreign_ones(loaded: Cli, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "penting.txt").write_text("jangan dihapus")
    result = loaded("export", "--format", "md", "--out", str(foreign), code=2)
    assert "is not empty and was not written by newsroom" in one_error_line(result.stderr)
    assert [p.name for p in foreign.iterdir()] == ["penting.txt"]
    loaded("export", "--format", "md", "--out", str(foreign), "--force")
    assert (foreign / "penting.txt").read_text() == "jangan dihapus"
    result = loaded("export", "--format", "html", "--out", str(foreign), code=2)
    assert "holds an export in format 'md'" in one_error_line(result.stderr)


def test_ninjs_carries_number_and_embargo(cli: Cli, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    cli.add(
        "Rilis", "--number", "001/HUMAS/VI/2020", "--embargo-until", "29/6/2020 09:00",
        "--status", "published", "--date", "28/6/2020",
    )  # fmt: skip
    out = tmp_path / "ninjs"
    cli("export", "--format", "ninjs", "--out", str(out), "--include-drafts")
    item = json.loads((out / "rilis.json").read_text())
    assert {"role": "release-number", "value": "001/HUMAS/VI/2020"} in item["altids"]
    assert item["embargoed"] == "2020-06-29T09:00:00+07:00"
    if NINJS_SCHEMA.exists():
        schema = json.loads(NINJS_SCHEMA.read_text())
        jsonschema.validate(item, schema, format_checker=jsonschema.FormatChecker())
