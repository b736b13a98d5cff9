"""The everyday flow through the real CLI: add, list, edit, tag, delete, restore, show."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import Cli, one_error_line

RECORD_KEYS = [
    "id",
    "slug",
    "title",
    "summary",
    "body",
    "dateline",
    "category",
    "author",
    "lang",
    "status",
    "published_at",
    "created_at",
    "updated_at",
    "revision",
    "tags",
    "number",
    "embargo_until",
    "contact",
    "boilerplate",
    "photos",
]


def add_three(cli: Cli) -> list[dict[str, object]]:
    return [
        cli.add(
            "Bawaslu Bengkalis Gelar Rapat Koordinasi",
            "-t", "Berita", "-t", "Pengawasan",
            "--dateline", "Bengkalis", "--date", "Senin, 29 Juni 2020",
            "--body", "Rapat digelar di aula.\n\n“Kami siap,” ujar Sulastio.",
        ),
        cli.add("Sosialisasi Pengawasan Partisipatif", "-t", "berita", "--date", "2020-07-15"),
        cli.add("Pengumuman Rekrutmen", "-t", "Pengumuman", "--category", "Pengumuman"),
    ]  # fmt: skip


def test_add_prints_id_slug_and_status(cli: Cli) -> None:
    result = cli("add", "--title", "Rapat Koordinasi Pengawasan", "-t", "Berita")
    assert result.stdout == "Created article 1 (rapat-koordinasi-pengawasan), status draft\n"
    assert result.stderr == ""


def test_add_json_is_the_whole_record(cli: Cli) -> None:
    record = add_three(cli)[0]
    assert list(record) == RECORD_KEYS
    assert record["title"] == "Bawaslu Bengkalis Gelar Rapat Koordinasi"
    assert record["slug"] == "bawaslu-bengkalis-gelar-rapat-koordinasi"
    assert record["dateline"] == "Bengkalis"
    assert record["published_at"] == "2020-06-29T00:00:00+07:00"
    assert record["category"] == "Berita"  # the configured default
    assert record["lang"] == "id"
    assert record["tags"] == ["Berita", "Pengawasan"]
    assert record["revision"] == 1
    assert record["status"] == "draft"


def test_list_tag_berita_in_every_format(cli: Cli) -> None:
    first, second, _ = add_three(cli)
    table = cli("list", "--tag", "Berita").stdout
    assert "Bawaslu Bengkalis Gelar Rapat Koordinasi" in table
    assert "Sosialisasi Pengawasan Partisipatif" in table
    assert "Pengumuman Rekrutmen" not in table
    rows = cli.json("list", "--tag", "Berita", "--format", "json")
    assert [r["id"] for r in rows] == [second["id"], first["id"]]  # newest release first
    assert all(list(r) == RECORD_KEYS for r in rows)
    lines = cli("list", "--tag", "Berita", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    parsed = list(
        csv.DictReader(io.StringIO(cli("list", "-t", "Berita", "--format", "csv").stdout))
    )
    assert [int(r["id"]) for r in parsed] == [second["id"], first["id"]]
    assert parsed[1]["tags"] == "Berita, Pengawasan"
    assert parsed[1]["body"] == first["body"]
    assert (
        cli("list", "--tag", "Berita", "--format", "ids").stdout
        == f"{second['id']} {first['id']}\n"
    )
    assert cli("list", "--tag", "Berita", "--format", "count").stdout == "2\n"


def test_tag_filter_is_case_insensitive_and_keeps_first_spelling(cli: Cli) -> None:
    add_three(cli)
    assert cli("list", "--tag", "berita", "--format", "count").stdout == "2\n"
    assert (
        cli("list", "--tag", "BERITA", "--tag", "pengawasan", "--format", "count").stdout == "1\n"
    )
    second = cli.json("show", "2", "--format", "json")
    assert second["tags"] == ["Berita"]  # typed "berita", kept the first spelling


def test_show_by_id_and_by_slug(cli: Cli) -> None:
    first = add_three(cli)[0]
    by_id = cli.json("show", str(first["id"]), "--format", "json")
    by_slug = cli.json("show", str(first["slug"]), "--format", "json")
    assert by_id == by_slug == first
    panel = cli("show", str(first["slug"])).stdout
    assert "Senin, 29 Juni 2020" in panel
    assert "ujar Sulastio" in panel


def test_show_formats(cli: Cli) -> None:
    cli.add(
        "Judul <b>Tebal</b>", "--body", "Isi <script>alert(1)</script> [x](javascript:alert(1))"
    )
    text = cli("show", "1", "--format", "text").stdout
    assert text.startswith("Judul <b>Tebal</b>\n")
    md = cli("show", "1", "--format", "md").stdout
    assert md.startswith("---\ntitle: Judul <b>Tebal</b>\n")
    html = cli("show", "1", "--format", "html").stdout
    assert "<h1>Judul &lt;b&gt;Tebal&lt;/b&gt;</h1>" in html
    assert "<script" not in html
    assert 'href="javascript' not in html.lower()


def test_edit_fields_makes_revisions(cli: Cli) -> None:
    add_three(cli)
    result = cli("edit", "1", "--title", "Rapat Koordinasi Diperluas", "--add-tag", "Humas")
    assert result.stdout.startswith("Saved revision 2 of article 1 (rapat-koordinasi-diperluas)")
    record = cli.json("show", "1", "--format", "json")
    assert record["tags"] == ["Berita", "Pengawasan", "Humas"]
    assert record["revision"] == 2
    cli("edit", "1", "--remove-tag", "pengawasan", "--summary", "Ringkasan.")
    record = cli.json("show", "1", "--format", "json")
    assert record["tags"] == ["Berita", "Humas"]
    assert record["summary"] == "Ringkasan."
    assert record["revision"] == 3
    same = cli("edit", "1", "--summary", "Ringkasan.")
    assert same.stdout == "No changes to article 1.\n"
    assert cli.json("show", "1", "--format", "json")["revision"] == 3


def test_tag_and_untag(cli: Cli) -> None:
    add_three(cli)
    assert cli("tag", "3", "Berita", "humas").stdout.startswith(
        "Article 3 tags: Pengumuman, Berita, humas"
    )
    assert cli("tag", "3", "HUMAS", "--remove").stdout.startswith(
        "Article 3 tags: Pengumuman, Berita"
    )
    assert cli("list", "--tag", "Berita", "--format", "count").stdout == "3\n"


def test_delete_restore_and_trash(cli: Cli) -> None:
    add_three(cli)
    cli("delete", "2")
    assert cli("list", "--format", "ids").stdout == "3 1\n"
    assert cli("trash", "--format", "ids").stdout == "2\n"
    error = one_error_line(cli("edit", "2", "--title", "x", code=1).stderr)
    assert "in the trash" in error
    cli("restore", "2")
    assert cli("list", "--format", "ids").stdout == "3 2 1\n"
    assert cli("trash").stdout == "The trash is empty.\n"


def test_purge_needs_yes_and_removes_for_good(cli: Cli) -> None:
    add_three(cli)
    error = one_error_line(cli("delete", "1", "--purge", code=2).stderr)
    assert "--yes" in error
    cli("delete", "1", "--purge", "--yes")
    one_error_line(cli("show", "1", code=1).stderr)
    one_error_line(cli("history", "1", code=1).stderr)


def test_slugs_are_unique_and_frozen_once_published(cli: Cli) -> None:
    slugs = [cli.add("Rapat Pleno", "--body", "Isi rilis.")["slug"] for _ in range(3)]
    assert slugs == ["rapat-pleno", "rapat-pleno-2", "rapat-pleno-3"]
    cli("edit", "1", "--title", "Rapat Pleno Terbuka")
    assert cli.json("show", "1", "--format", "json")["slug"] == "rapat-pleno-terbuka"
    cli("publish", "1")
    cli("edit", "1", "--title", "Judul Lain Sama Sekali")
    assert cli.json("show", "1", "--format", "json")["slug"] == "rapat-pleno-terbuka"


def test_symbol_only_title_gets_a_fallback_slug(cli: Cli) -> None:
    assert cli.add("!!! ???")["slug"] == "rilis"
    assert cli.add("###")["slug"] == "rilis-2"


def test_body_file_and_stdin(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rilis.md"
    path.write_bytes("\ufeffBaris satu\r\nBaris dua\r\n".encode())
    record = cli.add("Dari Berkas", "--body-file", str(path))
    assert record["body"] == "Baris satu\nBaris dua\n"
    record = cli.json(
        "add", "--title", "Dari Stdin", "--body-file", "-", "--json", input="Isi stdin"
    )
    assert record["body"] == "Isi stdin\n"
    path.write_bytes(b"ok \xff\xfe bad")
    error = one_error_line(cli("add", "--title", "x", "--body-file", str(path), code=2).stderr)
    assert error == f"Error: {path}: not valid UTF-8 at byte 3"


def test_edit_t_adds_a_tag_as_in_add_and_set_tags_replaces(cli: Cli) -> None:
    """`-t` meant "add a tag" in `add` and "replace all tags" in `edit` (first day, 9)."""
    cli.add("Rapat Koordinasi", "-t", "Berita", "-t", "Pengawasan")
    cli("edit", "1", "-t", "Humas")
    assert cli.json("show", "1", "--format", "json")["tags"] == ["Berita", "Pengawasan", "Humas"]
    cli("edit", "1", "--add-tag", "Pemilu")
    cli("edit", "1", "--set-tags", "Berita", "--set-tags", "Sosialisasi")
    assert cli.json("show", "1", "--format", "json")["tags"] == ["Berita", "Sosialisasi"]
