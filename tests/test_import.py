"""`import` of this tool's own JSON and JSON Lines: whole files, duplicates, dry runs."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA, Cli

VOLATILE = ("id", "created_at", "updated_at", "revision")


def stable(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Records without what belongs to one database, in slug order."""
    kept = [{k: v for k, v in row.items() if k not in VOLATILE} for row in rows]
    return sorted(kept, key=lambda row: str(row["slug"]))


# data/ beside releases.jsonl: one article per file, except the sheet's two rows.
OTHER_SAMPLES = {
    "captures/2020-11-18-kampanye-daring.txt": (
        "Bawaslu Bengkalis Pantau Akun Media Sosial Tim Kampanye Pasangan Calon"
    ),
    "captures/2021-07-21-evaluasi-pilkada.txt": (
        "Bawaslu Bengkalis Evaluasi Pengawasan Pilkada 2020 Bersama Panwaslu Kecamatan"
    ),
    "captures/2022-09-15-pemilih-pemula.txt": (
        "Bawaslu Riau Ajak Pemilih Pemula Jadi Pengawas Partisipatif"
    ),
    "captures/2024-10-02-patroli-pengawasan.txt": (
        "Panwaslu Kecamatan Mandau Gelar Patroli Pengawasan Alat Peraga Kampanye"
    ),
    "markdown/2023-08-16-data-pemilih-berkelanjutan.md": (
        "Bawaslu Bengkalis Cermati Data Pemilih Baru Hasil Pemutakhiran Berkelanjutan"
    ),
    "markdown/2024-03-06-rekapitulasi-kabupaten.md": (
        "Bawaslu Bengkalis Kawal Rapat Pleno Rekapitulasi Suara Tingkat Kabupaten"
    ),
    "pages/2024-11-27-hari-pemungutan-suara.html": (
        "Hari Pemungutan Suara Pilkada, Bawaslu Bengkalis Sebar 1.050 Pengawas TPS"
    ),
}
SAMPLES = 14 + len(OTHER_SAMPLES) + 2


def test_samples_import(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", str(DATA))
    assert result.stderr == (
        f"created {SAMPLES}, updated 0, skipped 0, failed 0\nphotos: 2 imported\n"
    )
    assert cli("list", "--tag", "Berita", "--format", "count").stdout == "19\n"
    for number, (name, title) in enumerate(OTHER_SAMPLES.items()):
        db = str(tmp_path / f"{number}.db")
        cli("--db", db, "import", str(DATA / name))
        [article] = cli.json("--db", db, "list", "--format", "json")
        assert article["title"] == title
        assert article["status"] == "published"
        assert article["published_at"][:10] == name.split("/")[1][:10]  # the file's date
    records = [json.loads(line) for line in (DATA / "releases.jsonl").read_text().splitlines()]
    stored = {r["title"]: r for r in cli.json("list", "--format", "json", "--limit", "0")}
    for record in records:
        got = stored[record["title"]]
        assert got["tags"] == record["tags"]
        assert got["body"].rstrip("\n") == record["body"].rstrip("\n")
        assert got["published_at"] == record["published_at"]
        assert got["status"] == record["status"]
        assert got["dateline"] == record["dateline"]


def test_round_trip_jsonl_and_json(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli("import", str(DATA))
    exported = cli("list", "--format", "jsonl", "--limit", "0").stdout
    for fmt in ("jsonl", "json"):  # into folders, so that the sample photos travel too
        cli("export", "--format", fmt, "--include-drafts", "--out", f"{tmp_path / fmt}/")
    for name in ("jsonl", "json"):
        other = tmp_path / f"{name}.db"
        cli("--db", str(other), "import", str(tmp_path / name))
        again = cli("--db", str(other), "list", "--format", "jsonl", "--limit", "0").stdout
        assert stable([json.loads(x) for x in again.splitlines()]) == stable(
            [json.loads(x) for x in exported.splitlines()]
        )


def test_duplicates_skip_update_new(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text(
        json.dumps({"title": "Rapat", "published_at": "2020-06-29T09:00:00+07:00", "body": "A"})
        + "\n",
        encoding="utf-8",
    )
    cli("import", str(source))
    assert cli("import", str(source)).stderr == "created 0, updated 0, skipped 1, failed 0\n"
    source.write_text(source.read_text().replace('"A"', '"B"'), encoding="utf-8")
    assert (
        cli("import", str(source), "--on-duplicate", "update").stderr
        == "created 0, updated 1, skipped 0, failed 0\n"
    )
    assert cli.json("show", "1", "--format", "json")["body"] == "B\n"
    cli("import", str(source), "--on-duplicate", "new")
    assert cli("list", "--format", "ids").stdout == "2 1\n"
    assert cli.json("show", "2", "--format", "json")["slug"] == "rapat-2"


def test_dry_run_writes_nothing(cli: Cli) -> None:
    result = cli("import", str(DATA), "--dry-run")
    assert result.stderr == (
        f"Dry run: would have created {SAMPLES}, updated 0, skipped 0, failed 0\n"
        "Dry run: photos: 2 imported\n"
    )
    assert cli("list", "--format", "count").stdout == "0\n"


def test_status_override(cli: Cli) -> None:
    cli("import", str(DATA), "--status", "draft")
    assert cli("list", "--status", "draft", "--format", "count").stdout == f"{SAMPLES}\n"


def test_a_bad_file_does_not_stop_the_others(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_text('{"title": "Baik"}\n', encoding="utf-8")
    (folder / "latin1.jsonl").write_bytes(b'{"title": "Caf\xe9"}\n')
    (folder / "half.jsonl").write_text('{"title": "Satu"}\n{"body": "tanpa judul"}\n')
    (folder / "empty.json").write_text("")
    result = cli("import", str(folder), code=1)
    lines = result.stderr.splitlines()
    assert lines[0] == "created 1, updated 0, skipped 0, failed 3"
    assert f"Error: {folder / 'latin1.jsonl'}: not valid UTF-8 at byte 14" in lines
    assert f"Error: {folder / 'half.jsonl'}:2: a record needs a non-empty 'title'" in lines
    assert f"Error: {folder / 'empty.json'}: the file is empty" in lines
    titles = [r["title"] for r in cli.json("list", "--format", "json")]
    assert titles == ["Baik"]  # nothing of half.jsonl went in


def test_stdin_needs_a_format(cli: Cli) -> None:
    cli("import", "-", code=2, input='{"title": "x"}\n')
    result = cli(
        "import", "-", "--format", "jsonl", input='{"title": "Dari stdin", "tags": "A, B"}\n'
    )
    assert result.stderr == "created 1, updated 0, skipped 0, failed 0\n"
    assert cli.json("show", "1", "--format", "json")["tags"] == ["A", "B"]
