"""How `import` behaves across files: bad files, detection, duplicates, dry runs, the summary."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli, run_in_terminal
from newsroom_cli.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD_MD = (FIXTURES / "md" / "jekyll.md").read_text(encoding="utf-8")
CAPTURE = (FIXTURES / "text" / "tag_inline.txt").read_text(encoding="utf-8")


def titles(cli: Cli, *db: str) -> list[str]:
    rows = cli.json(*db, "list", "--format", "json", "--limit", "0", "--sort", "id", "--reverse")
    return [row["title"] for row in rows]


def test_a_folder_with_a_bad_an_empty_and_a_good_file(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "rilis"
    folder.mkdir()
    (folder / "a-latin1.txt").write_bytes(
        "Berita\nBawaslu Bengkalis Gelar Rapat di Kafe Lama\n\nBengkalis - Rapat di kafé.\n".encode(
            "latin-1"
        )
    )
    (folder / "b-kosong.md").write_text("", encoding="utf-8")
    (folder / "c-baik.md").write_text(GOOD_MD, encoding="utf-8")
    result = cli("import", str(folder), code=1)
    offset = (
        "Berita\nBawaslu Bengkalis Gelar Rapat di Kafe Lama\n\nBengkalis - Rapat di kaf".encode(
            "latin-1"
        )
    )
    assert result.stderr.splitlines() == [
        "created 1, updated 0, skipped 0, failed 2",
        f"Error: {folder / 'a-latin1.txt'}: not valid UTF-8 at byte {len(offset)}",
        f"Error: {folder / 'b-kosong.md'}: the file is empty",
    ]
    assert titles(cli) == ["Pengawas Ad Hoc Bengkalis Dilantik Jelang Tahapan Kampanye"]


def test_utf16_is_named_and_a_bom_is_dropped(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "utf16.md").write_bytes(GOOD_MD.encode("utf-16"))
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbf" + GOOD_MD.replace("\n", "\r\n").encode())
    result = cli("import", str(tmp_path), code=1)
    assert result.stderr.splitlines()[1] == (
        f"Error: {tmp_path / 'utf16.md'}: not valid UTF-8 at byte 0 "
        "(it is UTF-16; save it as UTF-8)"
    )
    [article] = cli.json("list", "--format", "json")
    assert article["body"] == (
        "Bawaslu Kabupaten Bengkalis melantik pengawas ad hoc di aula kantornya. Pelantikan "
        "dihadiri unsur pemerintah daerah.\n"
    )


def test_auto_goes_by_extension_then_content(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "campur"
    folder.mkdir()
    (folder / "front-matter.txt").write_text(GOOD_MD, encoding="utf-8")
    (folder / "halaman.txt").write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><article>"
        "<h1>Halaman Tersimpan sebagai Teks</h1><p>Isi halaman.</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "baris.json").write_text(
        '{"title": "Baris Pertama JSON Lines"}\n{"title": "Baris Kedua JSON Lines"}\n',
        encoding="utf-8",
    )
    (folder / "catatan.docx").write_bytes(b"PK\x03\x04 not read: unknown extension in a folder")
    (folder / ".tersembunyi.md").write_text(GOOD_MD.replace("Pengawas", "Rahasia"), "utf-8")
    capture = tmp_path / "tangkapan"  # no extension: a text capture, named on the command line
    capture.write_text(CAPTURE, encoding="utf-8")
    result = cli("import", str(folder), str(capture))
    assert result.stderr == "created 5, updated 0, skipped 0, failed 0\n"
    assert titles(cli) == [
        "Baris Pertama JSON Lines",
        "Baris Kedua JSON Lines",
        "Pengawas Ad Hoc Bengkalis Dilantik Jelang Tahapan Kampanye",
        "Halaman Tersimpan sebagai Teks",
        "Bawaslu Bengkalis Periksa Laporan Awal Dana Kampanye Pasangan Calon",
    ]


def test_an_unknown_extension_named_on_the_command_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rilis.rst"
    path.write_text("Judul\n=====\n", encoding="utf-8")
    result = cli("import", str(path), code=1)
    assert result.stderr.splitlines()[1] == (
        f"Error: {path}: unknown file type '.rst'; give --format (md, json, jsonl, csv, text, html)"
    )
    assert (
        cli("import", str(path), "--format", "md", code=1)
        .stderr.splitlines()[1]
        .startswith(f"Error: {path}: no front matter")
    )


def test_duplicates_across_formats_skip_update_new(cli: Cli, tmp_path: Path) -> None:
    capture = tmp_path / "rilis.txt"
    capture.write_text(CAPTURE, encoding="utf-8")
    cli("import", str(capture))
    assert cli("import", str(capture)).stderr == "created 0, updated 0, skipped 1, failed 0\n"
    # The same release as a saved page: same headline, same day, a slug of its own.
    page = tmp_path / "rilis.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://contoh.id/periksa-dana-kampanye/">'
        '<meta property="article:published_time" content="2020-10-14T10:00:00+07:00"></head>'
        "<body><article><h1>Bawaslu Bengkalis Periksa Laporan Awal Dana Kampanye Pasangan "
        "Calon</h1><p>Isi yang diperbarui.</p></article></body></html>",
        encoding="utf-8",
    )
    assert cli("import", str(page)).stderr == "created 0, updated 0, skipped 1, failed 0\n"
    result = cli("import", str(page), "--on-duplicate", "update")
    assert result.stderr == "created 0, updated 1, skipped 0, failed 0\n"
    article = cli.json("show", "1", "--format", "json")
    assert (article["body"], article["revision"]) == ("Isi yang diperbarui.\n", 2)
    # the same update again changes nothing: counted as skipped, no new revision
    result = cli("import", str(page), "--on-duplicate", "update")
    assert result.stderr == "created 0, updated 0, skipped 1, failed 0\n"
    result = cli("import", str(capture), "--on-duplicate", "new")
    assert result.stderr == "created 1, updated 0, skipped 0, failed 0\n"
    slugs = [a["slug"] for a in cli.json("list", "--format", "json", "--sort", "id", "--reverse")]
    base = "bawaslu-bengkalis-periksa-laporan-awal-dana-kampanye-pasangan-calon"
    assert slugs == [base, f"{base}-2"]


def test_records_naming_their_own_slugs_are_told_apart_by_slug(cli: Cli, tmp_path: Path) -> None:
    named = tmp_path / "bernama.jsonl"
    named.write_text(
        '{"title": "Catatan", "slug": "catatan"}\n{"title": "Catatan", "slug": "catatan-2"}\n',
        encoding="utf-8",
    )
    unnamed = tmp_path / "tanpa-slug.jsonl"
    unnamed.write_text('{"title": "Catatan"}\n{"title": "Catatan"}\n', encoding="utf-8")
    assert cli("import", str(named)).stderr == "created 2, updated 0, skipped 0, failed 0\n"
    assert cli("import", str(unnamed)).stderr == "created 0, updated 0, skipped 2, failed 0\n"


def test_dry_run_writes_nothing(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli("import", str(FIXTURES / "md" / "jekyll.md"))  # the database exists and holds one
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    mixed = [FIXTURES / "md", FIXTURES / "csv" / "sheet.csv", FIXTURES / "text" / "typography.txt"]
    result = cli("import", *map(str, mixed), "--dry-run", code=1)  # md/ holds two bad files
    assert result.stderr.splitlines()[0] == (
        "Dry run: would have created 8, updated 0, skipped 1, failed 2"
    )
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert cli("list", "--format", "count").stdout == "1\n"
    result = cli("import", str(FIXTURES / "md" / "jekyll.md"), "--dry-run", "--on-duplicate", "new")
    assert result.stderr == "Dry run: would have created 1, updated 0, skipped 0, failed 0\n"
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_status_override_applies_to_every_format(cli: Cli) -> None:
    cli(
        "import",
        str(FIXTURES / "md" / "hugo_toml.md"),
        str(FIXTURES / "html"),
        "--status",
        "review",
    )
    rows = cli.json("list", "--format", "json")
    assert [row["status"] for row in rows] == ["review", "review", "review"]


def test_piped_summary_has_no_escape_codes(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "[bold]aneh.md").write_text("", encoding="utf-8")
    result = cli("import", str(tmp_path), code=1)
    assert "\x1b" not in result.stderr
    assert (
        result.stderr.splitlines()[1] == f"Error: {tmp_path / '[bold]aneh.md'}: the file is empty"
    )


def test_on_a_terminal_the_summary_is_a_table(tmp_path: Path) -> None:
    folder = tmp_path / "rilis"
    folder.mkdir()
    for number in range(5):
        (folder / f"{number}.md").write_text(
            GOOD_MD.replace("Dilantik", f"Dilantik {number}"), encoding="utf-8"
        )
    (folder / "[red]kosong.md").write_text(" \n", encoding="utf-8")
    env = {"NEWSROOM_DB": str(tmp_path / "t.db"), "COLUMNS": "120"}
    code, text = run_in_terminal("import", str(folder), env=env, stdout=False)
    assert code == 1
    assert "Import summary" in text
    for header in ("Created", "Updated", "Skipped", "Failed", "Failed file", "Reason"):
        assert header in text
    assert "[red]kosong.md" in text  # a file name is never read as markup
    assert "the file is empty" in text
    assert "created 5, updated 0" not in text  # the plain line is for pipes


def test_summary_and_records_from_a_json_array_on_stdin(cli: Cli) -> None:
    records = [{"title": "Dari Stdin Satu"}, {"title": "Dari Stdin Dua", "tags": ["Berita"]}]
    result = cli("import", "-", "--format", "json", input=json.dumps(records))
    assert result.stderr == "created 2, updated 0, skipped 0, failed 0\n"


@pytest.mark.parametrize("fmt", ["md", "text", "html", "csv"])
def test_stdin_in_every_format(cli: Cli, fmt: str) -> None:
    text = {
        "md": GOOD_MD,
        "text": CAPTURE,
        "html": "<html><body><h1>Dari Halaman di Stdin</h1><p>Isi.</p></body></html>",
        "csv": "title,tags\nDari CSV di Stdin,Berita\n",
    }[fmt]
    result = cli("import", "-", "--format", fmt, input=text)
    assert result.stderr == "created 1, updated 0, skipped 0, failed 0\n"


def test_a_dry_run_counts_what_a_real_run_would(cli: Cli, tmp_path: Path) -> None:
    """Later files see earlier ones in a dry run too: the page duplicates the capture."""
    folder = tmp_path / "rilis"
    folder.mkdir()
    (folder / "a-tangkapan.txt").write_text(CAPTURE, encoding="utf-8")
    (folder / "b-halaman.html").write_text(
        "<html><body><article><h1>Bawaslu Bengkalis Periksa Laporan Awal Dana Kampanye "
        'Pasangan Calon</h1><time datetime="2020-10-14T08:00">14/10/2020</time>'
        "<p>Isi.</p></article></body></html>",
        encoding="utf-8",
    )
    dry = cli("import", str(folder), "--dry-run").stderr
    assert dry == "Dry run: would have created 1, updated 0, skipped 1, failed 0\n"
    assert cli("list", "--format", "count").stdout == "0\n"
    assert cli("import", str(folder)).stderr == "created 1, updated 0, skipped 1, failed 0\n"


@settings(
    max_examples=40 if os.environ.get("CI") else 15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    contents=st.lists(
        st.binary(max_size=300)
        | st.sampled_from(
            [
                b"\xef\xbb\xbfBerita\r\nBawaslu Bengkalis Gelar Rapat Koordinasi Pengawasan\r\n",
                b"\xff\xfeB\x00e\x00",
                b"Berita\nBawaslu Bengkalis Gelar Rapat di Kaf\xe9 Lama\n",
                b"   \n\t\n",
                b"",
            ]
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_bytes_in_a_folder_are_counted(cli: Cli, contents: list[bytes]) -> None:
    """Every file is created, skipped or failed; bad bytes are named.

    Reliability check 16 (tests/reliability/README.md)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for number, data in enumerate(contents):
            (Path(folder) / f"{number}.txt").write_bytes(data)
        db = str(Path(folder) / "t.db")
        result = cli.runner.invoke(app, ["--db", db, "import", folder])
    assert "Traceback" not in result.stderr
    first, *errors = result.stderr.splitlines()
    counts = {name: int(n) for name, n in (part.split(" ") for part in first.split(", "))}
    assert counts["created"] + counts["skipped"] + counts["failed"] == len(contents)
    assert counts["failed"] == len(errors)
    assert result.exit_code == (1 if errors else 0)
    for number, data in enumerate(contents):
        if not utf8(data):
            assert any(f"{number}.txt: not valid UTF-8 at byte" in line for line in errors)


def utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
