"""`import --format text`: plain-text captures of news pages, one messy case per fixture.

Every fixture in tests/fixtures/text/ is a capture written for this project in
the style of regional Bawaslu news pages; each test imports one through the
real CLI and checks the fields that case is about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import Cli

TEXT = Path(__file__).resolve().parent / "fixtures" / "text"


def imported(cli: Cli, name: str, *args: str) -> dict[str, Any]:
    """Import one fixture (format chosen by --format auto) and return the stored article."""
    result = cli("import", str(TEXT / name), *args)
    assert result.stderr.splitlines()[0] == "created 1, updated 0, skipped 0, failed 0"
    article: dict[str, Any] = cli.json("show", "1", "--format", "json")
    return article


def paragraphs(article: dict[str, Any]) -> list[str]:
    return str(article["body"]).rstrip("\n").split("\n\n")


# fixture: (headline, category, dateline, published_at, tags, paragraphs, first words)
CASES: dict[str, tuple[str, str, str, str, list[str], int, str]] = {
    "chrome_lines.txt": (
        "Bawaslu Bengkalis Ajak Pemilih Pemula Kenali Politik Uang",
        "Berita",  # no label on the page: the site default
        "Bengkalis",
        "2020-10-14T00:00:00+07:00",
        [],
        3,
        "Bengkalis - Bawaslu Kabupaten Bengkalis mengajak",
    ),
    "category_label.txt": (
        "Bawaslu Riau Minta Pasangan Calon Laporkan Dana Kampanye Tepat Waktu",
        "Siaran Pers",
        "Pekanbaru",
        "2020-11-18T00:00:00+07:00",
        [],
        3,
        "PEKANBARU – Bawaslu Provinsi Riau",
    ),
    "doubled_headline.txt": (
        "Pengawas TPS Bengkalis Ikuti Bimbingan Teknis Tahap Kedua",
        "Berita",
        "Bengkalis",
        "2020-12-07T00:00:00+07:00",
        [],
        3,
        "Bengkalis- Sebanyak 1.112 Pengawas",
    ),
    "bar_line.txt": (
        "Bawaslu Bengkalis Buka Posko Pengaduan Masyarakat Selama Tahapan Pilkada",
        "Berita",
        "Bengkalis",
        "2020-09-30T00:00:00+07:00",
        [],
        3,
        "Bengkalis – Bawaslu Kabupaten Bengkalis membuka",
    ),
    "date_line_before_headline.txt": (
        "Bawaslu Bengkalis Kawal Rekapitulasi Suara di Tingkat Kecamatan",
        "Berita",
        "Bengkalis",
        "2020-12-12T00:00:00+07:00",  # the page's date line, not the Kamis (10/12) inside
        [],
        3,
        "Bengkalis – Jajaran Panwaslu Kecamatan",
    ),
    "dateline_attached_dash.txt": (
        "Bawaslu Bengkalis Terima Laporan Dugaan Kampanye di Rumah Ibadah",
        "Berita",
        "Bengkalis",
        "2024-08-27T00:00:00+07:00",
        [],
        2,
        "Bengkalis-Bawaslu Kabupaten Bengkalis menerima",
    ),
    "dateline_caps_en_dash.txt": (
        "Bawaslu Bengkalis Rekrut 1.050 Pengawas TPS untuk Pilkada Serentak",
        "Berita",
        "Bengkalis",
        "2024-10-02T00:00:00+07:00",
        [],
        2,
        "BENGKALIS – Bawaslu Kabupaten Bengkalis membuka",
    ),
    "dateline_place_source.txt": (
        "Bawaslu Sumbar Gelar Apel Siaga Pengawasan Masa Tenang",
        "Berita",
        "Padang",
        "2021-07-21T00:00:00+07:00",
        [],
        2,
        "Padang, Bawaslu – Bawaslu Provinsi Sumatera Barat",
    ),
    "dateline_place_date.txt": (
        "Bawaslu Medan Petakan TPS Rawan Jelang Pemungutan Suara Ulang",
        "Berita",
        "Medan",
        "2022-05-03T00:00:00+07:00",
        [],
        2,
        "Medan - Selasa 3 Mei 2022, Bawaslu Kota Medan",
    ),
    "dateline_numeric_date.txt": (
        "Bawaslu Riau Latih Pengawas Kelurahan Menggunakan Aplikasi Siwaslu",
        "Berita",
        "Pekanbaru",
        "2024-09-23T00:00:00+07:00",
        [],
        2,
        "Pekanbaru, (23/09/2024) Bawaslu Provinsi Riau",
    ),
    "date_weekday_numeric.txt": (
        "Bawaslu Bengkalis Awasi Verifikasi Faktual di Pulau Rupat",
        "Berita",
        "",  # opens with the subject, not a place
        "2020-06-29T00:00:00+07:00",
        [],
        2,
        "Bawaslu Kabupaten Bengkalis mengirim pengawas",
    ),
    "date_lowercase_long.txt": (
        "Panwaslu Kecamatan Bantan Sosialisasikan Pengawasan Partisipatif kepada Nelayan",
        "Berita",
        "",
        "2020-08-05T00:00:00+07:00",
        [],
        2,
        "Panwaslu Kecamatan Bantan menggelar",
    ),
    "date_weekday_long.txt": (
        "Bawaslu Bengkalis Rapat Evaluasi Pengawasan Coklit Tahap Pertama",
        "Berita",
        "Bengkalis",
        "2020-06-29T00:00:00+07:00",
        [],
        2,
        "Bengkalis – Bawaslu Kabupaten Bengkalis menggelar",
    ),
    "tag_block.txt": (
        "Bawaslu Bengkalis Ingatkan Larangan Pelibatan Anak dalam Kampanye",
        "Berita",
        "Bengkalis",
        "2020-11-18T00:00:00+07:00",
        ["Pilkada", "Kampanye", "Perlindungan Anak"],
        2,
        "Bengkalis – Bawaslu Kabupaten Bengkalis mengingatkan",
    ),
    "tags_block_spaced.txt": (
        "Bawaslu Bengkalis Sosialisasikan Netralitas ASN di Kantor Camat",
        "Berita",
        "Bengkalis",
        "2022-11-24T00:00:00+07:00",
        ["Netralitas ASN", "Pemilu 2024"],
        2,
        "Bengkalis – Bawaslu Kabupaten Bengkalis menyosialisasikan",
    ),
    "tag_inline.txt": (
        "Bawaslu Bengkalis Periksa Laporan Awal Dana Kampanye Pasangan Calon",
        "Berita",
        "Bengkalis",
        "2020-10-14T00:00:00+07:00",
        ["Pilkada", "Dana Kampanye", "Pengawasan"],
        2,
        "Bengkalis – Bawaslu Kabupaten Bengkalis memeriksa",
    ),
    "trailing_chrome.txt": (
        "Bawaslu Bengkalis Gelar Rapat Koordinasi dengan Kepolisian Jelang Masa Kampanye",
        "Berita",
        "Bengkalis",
        "2023-06-20T00:00:00+07:00",
        [],
        3,
        "Bengkalis – Bawaslu Kabupaten Bengkalis menggelar",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_capture_fields(cli: Cli, name: str) -> None:
    title, category, dateline, published_at, tags, count, opening = CASES[name]
    article = imported(cli, name)
    assert article["title"] == title
    assert article["category"] == category
    assert article["dateline"] == dateline
    assert article["published_at"] == published_at
    assert article["status"] == "published"  # a dated page was released on that date
    assert article["tags"] == tags
    assert len(paragraphs(article)) == count
    assert paragraphs(article)[0].startswith(opening)


def test_headline_printed_twice_does_not_open_the_body(cli: Cli) -> None:
    article = imported(cli, "doubled_headline.txt")
    assert article["title"] not in article["body"]


def test_trailing_chrome_and_read_also_lines_are_left_out(cli: Cli) -> None:
    article = imported(cli, "trailing_chrome.txt")
    assert paragraphs(article)[1:] == [
        "Rapat membahas pembagian tugas penanganan dugaan tindak pidana pemilu selama masa "
        "kampanye.",
        "“Setiap laporan harus ditangani dalam batas waktu yang ditentukan undang-undang,” "
        "kata Ketua Bawaslu Bengkalis.",
    ]
    for chrome in ("Baca juga", "Bagikan", "Facebook", "Berita Terkait", "Tinggalkan", "Email"):
        assert chrome not in article["body"]


def test_typographic_quotes_dashes_and_nbsp_are_kept(cli: Cli) -> None:
    article = imported(cli, "typography.txt")
    assert article["title"] == (
        "Rapat Pleno Terbuka: Bawaslu Minta Saksi “Tidak Ragu” Ajukan Keberatan"
    )
    assert article["body"] == (
        "Bengkalis — Bawaslu Kabupaten Bengkalis meminta saksi pasangan calon tidak ragu "
        "mengajukan keberatan dalam rapat pleno terbuka, Rabu (6/3/2024) pukul\u00a009.30\u00a0WIB."
        "\n\n“Keberatan yang tidak dicatat tidak bisa ditindaklanjuti,” ujar Ketua Bawaslu "
        "Bengkalis. Anggota lain menambahkan: ‘catat semuanya’ – termasuk selisih satu suara."
        "\n\nBiaya saksi Rp\u00a0150.000 per orang ditanggung masing-masing peserta.\n"
    )
    assert article["dateline"] == "Bengkalis"
    assert article["published_at"] == "2024-03-06T09:30:00+07:00"  # the time came too


def test_a_capture_without_a_headline_fails_with_its_name(cli: Cli) -> None:
    path = TEXT / "no_headline.txt"
    result = cli("import", str(path), code=1)
    assert result.stderr.splitlines() == [
        "created 0, updated 0, skipped 0, failed 1",
        f"Error: {path}: no headline: no line of the capture looks like one",
    ]
    assert cli("list", "--format", "count").stdout == "0\n"


def test_a_weekday_that_contradicts_the_date_fails_the_file(cli: Cli) -> None:
    path = TEXT / "wrong_weekday.txt"
    result = cli("import", str(path), code=1)
    assert result.stderr.splitlines()[1] == (
        f"Error: {path}: the date 'Selasa (29/6/2020)' names the wrong weekday: "
        "2020-06-29 is a Senin (Monday)"
    )


def test_an_undated_capture_comes_in_as_a_draft(cli: Cli, tmp_path: Path) -> None:
    capture = tmp_path / "tanpa-tanggal.txt"
    capture.write_text(
        "Siaran Pers\nBawaslu Bengkalis Buka Layanan Informasi Publik Secara Daring\n\n"
        "Bengkalis – Layanan informasi publik kini dapat diakses dari rumah.\n",
        encoding="utf-8",
    )
    article = imported(cli, str(capture))
    assert (article["status"], article["published_at"]) == ("draft", None)
    assert article["category"] == "Siaran Pers"


def test_crlf_bom_and_stdin(cli: Cli) -> None:
    raw = (TEXT / "tag_inline.txt").read_bytes().replace(b"\n", b"\r\n")
    result = cli("import", "-", "--format", "text", input=("\ufeff" + raw.decode()).encode())
    assert result.stderr.startswith("created 1,")
    article = cli.json("show", "1", "--format", "json")
    assert article["title"].startswith("Bawaslu Bengkalis Periksa")
    assert "\r" not in article["body"]
    assert article["tags"] == ["Pilkada", "Dana Kampanye", "Pengawasan"]


def test_a_short_headline_after_a_category_label(cli: Cli, tmp_path: Path) -> None:
    capture = tmp_path / "pendek.txt"
    capture.write_text(
        "Pengumuman\nRapat Pleno Terbuka\n\n"
        "Bengkalis – Bawaslu Kabupaten Bengkalis mengundang peserta pemilu dan masyarakat "
        "untuk menghadiri rapat pleno terbuka penetapan hasil pengawasan, Rabu (10/1/2024), "
        "di aula kantor Bawaslu.\n",
        encoding="utf-8",
    )
    article = imported(cli, str(capture))
    assert (article["category"], article["title"]) == ("Pengumuman", "Rapat Pleno Terbuka")
    assert article["published_at"] == "2024-01-10T00:00:00+07:00"


def test_bylines_and_headlines_that_start_like_one(cli: Cli, tmp_path: Path) -> None:
    capture = tmp_path / "penulis.txt"
    capture.write_text(
        "Berita\nPenulis Muda Bengkalis Raih Penghargaan Lomba Esai Kepemiluan\n"
        "Oleh: Rina Marlina\n\n"
        "Bengkalis – Seorang pelajar memenangi lomba esai kepemiluan, Rabu (10/1/2024).\n",
        encoding="utf-8",
    )
    article = imported(cli, str(capture))
    assert article["title"] == "Penulis Muda Bengkalis Raih Penghargaan Lomba Esai Kepemiluan"
    assert article["author"] == "Rina Marlina"
    assert paragraphs(article)[0].startswith("Bengkalis – Seorang pelajar")
