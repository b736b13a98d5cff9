"""`import` of Markdown (Hugo, Jekyll, Pelican), CSV sheets and saved HTML pages, field by field.

The fixtures in tests/fixtures/{md,csv,html}/ were written for this project.
Each test imports through the real CLI with --format auto and compares the
stored record, apart from what belongs to the database (id, times, revision).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import Cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VOLATILE = ("id", "created_at", "updated_at", "revision")
# Press-kit fields these formats do not carry: left out of the comparison when at their default.
RELEASE_DEFAULTS: dict[str, Any] = {
    "number": "",
    "embargo_until": None,
    "contact": "",
    "boilerplate": "",
    "photos": [],
}


def stored(cli: Cli, path: Path, *args: str) -> list[dict[str, Any]]:
    """Import ``path``; the stored records in id order, without database-only fields."""
    result = cli("import", str(path), *args)
    assert result.stderr.splitlines()[0].endswith("failed 0"), result.stderr
    rows = cli.json("list", "--format", "json", "--limit", "0", "--sort", "id", "--reverse")
    return [
        {k: v for k, v in row.items() if k not in VOLATILE and RELEASE_DEFAULTS.get(k, k) != v}
        for row in rows
    ]


def test_hugo_yaml_front_matter(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "md" / "hugo_yaml.md")
    assert article == {
        "slug": "kampung-pengawasan-pedekik",
        "title": "Bawaslu Bengkalis Luncurkan Kampung Pengawasan Partisipatif di Desa Pedekik",
        "summary": "Desa Pedekik menjadi kampung pengawasan partisipatif pertama di Kabupaten "
        "Bengkalis.",
        "body": "Bawaslu Kabupaten Bengkalis meluncurkan Kampung Pengawasan Partisipatif di Desa "
        "Pedekik, Kecamatan Bengkalis, Rabu (8/2/2023).\n\n"
        "Kepala desa menyatakan warganya siap melapor jika menemukan pelanggaran. “Kami tidak "
        "mau desa kami dikenal karena politik uang,” katanya.\n\n<!--more-->\n\n"
        "Peluncuran ditandai dengan penandatanganan komitmen bersama tokoh masyarakat dan "
        "pemuda.\n",
        "dateline": "Bengkalis",
        "category": "Berita",
        "author": "Ayu Lestari, Dedi Saputra",
        "lang": "id",
        "status": "published",  # draft: false
        "published_at": "2023-02-08T13:30:00+07:00",  # publishDate wins over date
        # the second category is kept as a tag (an article has one category)
        "tags": ["Partisipatif", "Pemilu 2024", "Sosialisasi"],
    }


def test_hugo_toml_front_matter_draft(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "md" / "hugo_toml.md")
    assert article["title"] == (
        "Bawaslu Bengkalis Perkuat Pengawasan Pemutakhiran Data Pemilih Berkelanjutan"
    )
    assert (article["status"], article["published_at"]) == ("draft", "2023-08-16T09:00:00+07:00")
    assert article["tags"] == ["Data Pemilih", "Pengawasan"]
    assert (article["category"], article["author"]) == ("Berita", "Humas Bawaslu Bengkalis")


def test_jekyll_front_matter(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "md" / "jekyll.md")
    assert article["title"] == "Pengawas Ad Hoc Bengkalis Dilantik Jelang Tahapan Kampanye"
    assert article["published_at"] == "2023-11-27T14:00:00+07:00"  # "2023-11-27 14:00:00 +0700"
    assert article["status"] == "published"
    assert article["category"] == "Berita"
    assert article["tags"] == ["Pemilu 2024", "Pengawasan"]
    assert article["summary"].startswith("Sebanyak 16 anggota Panwaslu")  # excerpt


def test_jekyll_published_false_is_a_draft(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "md" / "jekyll_unpublished.md")
    assert (article["status"], article["published_at"]) == ("draft", "2024-01-10T00:00:00+07:00")


def test_pelican_header(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "md" / "pelican.md")
    assert article["title"] == "Bawaslu Riau Evaluasi Penanganan Pelanggaran Pemilu 2024"
    assert article["slug"] == "evaluasi-penanganan-pelanggaran-2024"
    assert article["published_at"] == "2024-06-12T10:30:00+07:00"
    assert article["category"] == "Siaran Pers"
    assert article["tags"] == ["Penindakan", "Pemilu 2024"]
    assert article["author"] == "Humas Bawaslu Riau"
    assert article["summary"] == (
        "Bawaslu Riau mengevaluasi penanganan pelanggaran bersama Bawaslu kabupaten/kota."
    )
    assert article["dateline"] == "Pekanbaru"  # no field for it: read from the first paragraph
    assert article["body"].split("\n\n") == [
        "Pekanbaru – Bawaslu Provinsi Riau mengevaluasi penanganan pelanggaran selama Pemilu "
        "2024 bersama jajaran Bawaslu kabupaten/kota, Rabu (12/6/2024).",
        "Evaluasi mencatat jumlah laporan dan temuan yang diteruskan kepada instansi berwenang.\n",
    ]


def test_markdown_with_only_a_heading(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "md" / "heading_only.md")
    assert article["title"] == "Jadwal Piket Posko Pengaduan Masa Tenang"
    assert (article["status"], article["published_at"]) == ("draft", None)
    assert article["body"].startswith("Posko dijaga bergantian")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed.md", "the front matter is not valid YAML at line 4"),
        ("no_title.md", "no headline: the front matter has no 'title'"),
    ],
)
def test_bad_markdown_fails_with_a_reason(cli: Cli, name: str, reason: str) -> None:
    path = FIXTURES / "md" / name
    result = cli("import", str(path), code=1)
    assert result.stderr.splitlines() == [
        "created 0, updated 0, skipped 0, failed 1",
        f"Error: {path}: {reason}",
    ]


def test_a_spreadsheet_with_some_columns(cli: Cli) -> None:
    first, second = stored(cli, FIXTURES / "csv" / "sheet.csv")
    assert first == {
        "slug": "bawaslu-bengkalis-awasi-distribusi-logistik-ke-pulau-rupat",
        "title": "Bawaslu Bengkalis Awasi Distribusi Logistik ke Pulau Rupat",
        "summary": "",
        "body": "Bengkalis – Pengawas mengikuti kapal pengangkut kotak suara ke Pulau Rupat.\n\n"
        "Distribusi selesai sebelum petang.\n",
        "dateline": "",
        "category": "Berita",
        "author": "",
        "lang": "id",
        "status": "draft",
        "published_at": "2024-02-09T00:00:00+07:00",  # 9/2/2024 is day first
        "tags": ["Logistik", "Pemilu 2024"],
    }
    # A column that is there but empty is an empty field; a missing one takes its default.
    assert (second["category"], second["published_at"], second["lang"]) == ("", None, "id")


def test_a_semicolon_separated_sheet(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "csv" / "semicolon.csv")
    assert (article["title"], article["dateline"], article["tags"]) == (
        "Bawaslu Dumai Gelar Sekolah Kader Angkatan Kedua",
        "Dumai",
        ["Partisipatif"],
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("missing_title.csv", "1: the header has no 'title' column (found: judul, isi)"),
        ("ragged.csv", "3: the row has 2 cells; the header has 3"),
    ],
)
def test_a_bad_csv_fails_whole(cli: Cli, name: str, reason: str) -> None:
    path = FIXTURES / "csv" / name
    result = cli("import", str(path), code=1)
    assert result.stderr.splitlines()[1] == f"Error: {path}:{reason}"
    assert cli("list", "--format", "count").stdout == "0\n"


def test_a_page_with_structured_data(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "html" / "structured.html")
    assert article == {
        "slug": "awasi-kampanye-rapat-umum-lapangan-tugu",  # the page's own address
        "title": "Bawaslu Bengkalis Awasi Kampanye Rapat Umum di Lapangan Tugu",
        "summary": "Bawaslu Bengkalis menurunkan 40 pengawas untuk mengawasi kampanye rapat "
        "umum di Lapangan Tugu.",
        "body": "BENGKALIS – Bawaslu Kabupaten Bengkalis menurunkan 40 pengawas untuk mengawasi "
        "kampanye rapat umum pasangan calon bupati di Lapangan Tugu, Sabtu (23/11/2024).\n\n"
        "Pengawas mencatat jumlah peserta, atribut yang dibawa, dan kemungkinan "
        "**keterlibatan anak-anak**.\n\n"
        "> “Kami tidak segan menghentikan kegiatan yang melanggar aturan,” ujar Ketua Bawaslu "
        "Bengkalis.\n\n"
        "Hal yang diawasi:\n\n"
        "- penggunaan fasilitas pemerintah;\n- politik uang;\n- ujaran kebencian.\n",
        "dateline": "Bengkalis",
        "category": "Berita",  # JSON-LD's articleSection before article:section
        "author": "Dedi Saputra",
        "lang": "id-ID",
        "status": "published",
        "published_at": "2024-11-23T09:15:00+07:00",  # JSON-LD before article:published_time
        "tags": ["Kampanye", "Pilkada", "Pengawasan"],
    }


def test_a_page_without_structured_data(cli: Cli) -> None:
    [article] = stored(cli, FIXTURES / "html" / "plain.html")
    assert article["title"] == "Bawaslu Dumai Ajak Mahasiswa Jadi Pemantau Pemilu"
    assert article["published_at"] == "2023-02-08T14:20:00+07:00"  # <time datetime>
    assert (article["author"], article["category"]) == ("Rina Marlina", "Berita")
    assert article["tags"] == ["Partisipatif", "Pemilu 2024"]  # rel=tag, not rel="category tag"
    assert article["dateline"] == "Dumai"
    assert article["body"].split("\n\n") == [
        "Dumai – Bawaslu Kota Dumai mengajak mahasiswa dari tiga perguruan tinggi mendaftar "
        "sebagai pemantau pemilu dalam diskusi di aula kampus.",
        "Menurut Ketua Bawaslu Dumai, pemantau independen membantu menjaga kepercayaan publik "
        "terhadap hasil pemilu.\n",
    ]
    for chrome in ("Beranda", "Kontak", "Pengumuman", "Hak cipta", "Ditulis oleh"):
        assert chrome not in article["body"]


def test_page_markup_cannot_reach_the_body(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "halaman.htm"
    page.write_text(
        "<html><body><article><h1>Rapat &amp; Evaluasi</h1>"
        '<p onclick="x()">Teks <script>alert(1)</script>aman.</p></article></body></html>',
        encoding="utf-8",
    )
    [article] = stored(cli, page)
    assert article["title"] == "Rapat & Evaluasi"
    assert article["body"] == "Teks aman.\n"
    assert (article["status"], article["published_at"]) == ("draft", None)
