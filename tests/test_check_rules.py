"""Every rule of `newsroom check`: a slip it must flag, at its exact place, and a close case it
must leave alone. Each case is a real article added and checked through the CLI, with only the
rule under test selected, so one rule's findings never hide behind another's."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import Cli

GLOSSARY = "Bawaslu, KPU, Bengkalis, Rokan Hilir, Dumai"
COMPLETE = (
    "--dateline", "Bengkalis", "--date", "29/6/2020", "--category", "Berita", "-t", "Berita"
)  # fmt: skip
ERRORS = {"NR101", "NR103", "NR104", "NR105", "NR301", "NR302"}  # the codes that block publish
WORDS_121 = " ".join(f"kata{n}" for n in range(121)) + "."
WORDS_120 = " ".join(f"kata{n}" for n in range(120)) + "."


def check(cli: Cli, code: str, body: str, *fields: str, expect_error: bool = False) -> list[Any]:
    cli("config", "check.glossary", GLOSSARY)
    article = cli.add("Rapat Koordinasi Pengawasan", "--body", body, *COMPLETE, *fields)
    result = cli(
        "check", str(article["id"]), "--select", code, "--format", "json", code=int(expect_error)
    )
    findings = json.loads(result.stdout)
    assert {f["code"] for f in findings} <= {code}
    assert all(f["article"] == article["id"] for f in findings)
    return list(findings)


def place(finding: dict[str, Any]) -> tuple[Any, ...]:
    return finding["paragraph"], finding["line"], finding["column"], finding["suggestion"]


FLAGGED = [
    pytest.param(
        "NR101",
        "Paragraf pertama.\n\nKetua Bawaslu berkata,\n“Kami siap mengawasi.\n\nParagraf ketiga.",
        [(2, 4, 1, None)],
        id="NR101-unclosed-quote-on-a-later-line",
    ),
    pytest.param(
        "NR101",
        'Ia berkata, "Kami siap. Semua hadir.',
        [(1, 1, 13, None)],
        id="NR101-unclosed-straight-quote",
    ),
    pytest.param(
        "NR102",
        '“Kami siap mengawasi," kata Ketua.',
        [(1, 1, 22, "“…”")],
        id="NR102-mismatched-quote",
    ),
    pytest.param(
        "NR103",
        "Kami siap mengawasi,” kata Ketua.",
        [(1, 1, 21, None)],
        id="NR103-closing-without-opening",
    ),
    pytest.param(
        "NR104",
        "Badan Pengawas Pemilu (Bawaslu menggelar rapat.",
        [(1, 1, 23, None)],
        id="NR104-unclosed-parenthesis",
    ),
    pytest.param(
        "NR104",
        "Rapat (pleno] digelar. Peserta hadir).",
        [(1, 1, 13, None), (1, 1, 37, None)],
        id="NR104-mismatched-and-stray",
    ),
    pytest.param(
        "NR105",
        "Warga menyebut â€œpojokâ€\u009d sebagai tempat Ã© belajar.",
        [(1, 1, 16, "“"), (1, 1, 24, None), (1, 1, 42, "é")],
        id="NR105-mojibake",
    ),
    pytest.param(
        "NR105",
        "Ketua Bawaslu berkata \ufffd kami siap.",
        [(1, 1, 23, None)],
        id="NR105-replacement-character",
    ),
    pytest.param(
        "NR201",
        "Pengawas yang yang hadir mencatat.\n\nRapat\nrapat berikutnya digelar.",
        [(1, 1, 10, "yang"), (2, 3, 1, "Rapat")],
        id="NR201-doubled-word-also-across-lines",
    ),
    pytest.param(
        "NR202",
        "Kantor bawaslu dan Kpu di rokan hilir dibuka.",
        [(1, 1, 8, "Bawaslu"), (1, 1, 20, "KPU"), (1, 1, 27, "Rokan Hilir")],
        id="NR202-glossary-case",
    ),
    pytest.param(
        "NR203",
        "Kantor Bawalu, Bawasllu dan Bengklais dibuka.",
        [(1, 1, 8, "Bawaslu"), (1, 1, 16, "Bawaslu"), (1, 1, 29, "Bengkalis")],
        id="NR203-glossary-near-miss",
    ),
    pytest.param(
        "NR204",
        "Pemanfaatan tehnologi pada Pebruari.\n\nKami PERDULI!",
        [(1, 1, 13, "teknologi"), (1, 1, 28, "Februari"), (2, 3, 6, "PEDULI")],
        id="NR204-non-standard-spelling",
    ),
    pytest.param(
        "NR204",
        "Rapat digelar dimana saja.",
        [(1, 1, 15, "di mana")],
        id="NR204-dimana-joined",
    ),
    pytest.param(
        "NR205",
        "Rapat digelar di aula, di mana peserta hadir. Ruang itu, dimana warga menunggu.",
        [(1, 1, 24, "tempat / yang"), (1, 1, 58, "tempat / yang")],
        id="NR205-relative-di-mana",
    ),
    pytest.param(
        "NR307",
        "Rapat digelar pada Senin (30/6/2020) dan Rabu, 1 Juli 2020.",
        [(1, 1, 20, "Selasa (30/6/2020)")],
        id="NR307-wrong-weekday",
    ),
    pytest.param("NR402", WORDS_121, [(1, 1, 1, None)], id="NR402-paragraph-over-120-words"),
    pytest.param(
        "NR403",
        "Rapat  dimulai pukul 09.00.",
        [(1, 1, 6, "Rapat dimulai")],
        id="NR403-doubled-space",
    ),
    pytest.param(
        "NR404",
        "Rapat dimulai , kata Ketua .",
        [(1, 1, 14, "dimulai,"), (1, 1, 27, "Ketua.")],
        id="NR404-space-before-punctuation",
    ),
]

NOT_FLAGGED = [
    pytest.param(
        "NR101", '“Kami siap,” kata Ketua.\n\n"Kami juga," kata anggota.', id="NR101-closed"
    ),
    pytest.param("NR102", '“Kami siap,” kata Ketua. "Kami juga," kata anggota.', id="NR102-paired"),
    pytest.param(
        "NR103", 'Layar 32" dipasang di posko. “Kami siap,” kata Ketua.', id="NR103-inch-mark"
    ),
    pytest.param(
        "NR104",
        "Syarat: a) berusia 17 tahun; b) terdaftar; 2) sehat. Isi "
        "[formulir](https://example.go.id/daftar_(baru)) sekarang.",
        id="NR104-enumeration-and-link",
    ),
    pytest.param(
        "NR105", "Acara di Café Olé berlangsung meriah; naïve résumé.", id="NR105-accents"
    ),
    pytest.param(
        "NR201",
        "Masing-masing pengawas hadir bersama-sama sama rata. Dia, dia juga.",
        id="NR201-reduplication",
    ),
    pytest.param(
        "NR202",
        "BAWASLU dan KPU hadir. Lihat https://bawaslu.go.id/kpu atau tulis ke "
        "humas@bawaslu.go.id, juga [tautan](https://rokan-hilir.go.id) dan `bengkalis`.",
        id="NR202-capitals-urls-emails-code",
    ),
    pytest.param("NR203", "Suasana damai. KPK juga hadir bersama Bawaslu.", id="NR203-words"),
    pytest.param(
        "NR204", "Pemanfaatan teknologi pada Februari; warga peduli di mana saja.", id="NR204-std"
    ),
    pytest.param(
        "NR205",
        "Di mana posko pengaduan berada? Warga bertanya, di mana posko itu?",
        id="NR205-question",
    ),
    pytest.param(
        "NR307",
        "Rapat digelar pada Selasa (30/6/2020), Rabu, 1 Juli 2020, dan Kamis 2 Juli 2020.",
        id="NR307-right-weekdays",
    ),
    pytest.param("NR402", WORDS_120, id="NR402-120-words"),
    pytest.param(
        "NR402", "Daftar:\n\n- " + "\n- ".join([WORDS_120[:400]] * 3), id="NR402-long-list"
    ),
    pytest.param(
        "NR403",
        "Baris pertama diakhiri jeda  \nbaris kedua.\n\nDaftar:\n    kode berindentasi",
        id="NR403-line-break-and-indent",
    ),
    pytest.param(
        "NR404",
        "Tunggu ... lalu buka situs .go.id pada pukul 07.00.",
        id="NR404-ellipsis-and-domain",
    ),
]


@pytest.mark.parametrize(("code", "body", "expected"), FLAGGED)
def test_rule_flags_the_slip_at_its_place(
    cli: Cli, code: str, body: str, expected: list[tuple[Any, ...]]
) -> None:
    findings = check(cli, code, body, expect_error=code in ERRORS)
    assert [place(f) for f in findings] == expected
    assert {f["severity"] for f in findings} == {"error" if code in ERRORS else _kind(code)}
    assert all(f["field"] == "body" and f["excerpt"] for f in findings)


@pytest.mark.parametrize(("code", "body"), NOT_FLAGGED)
def test_rule_leaves_the_close_case_alone(cli: Cli, code: str, body: str) -> None:
    assert check(cli, code, body) == []


def _kind(code: str) -> str:
    return "info" if code.startswith("NR4") else "warning"


def test_excerpt_is_one_short_line_around_the_place(cli: Cli) -> None:
    body = "Paragraf pembuka yang cukup panjang untuk dipotong,\nlalu yang yang ganda di baris dua."
    (finding,) = check(cli, "NR201", body)
    assert finding["excerpt"] == "…panjang untuk dipotong, lalu yang yang ganda di baris dua."
    assert place(finding) == (1, 2, 6, "yang")


def test_headline_over_100_characters_is_info_at_the_overflow(cli: Cli) -> None:
    title = "Bawaslu Bengkalis " + "x" * 83  # 101 characters
    cli.add(title, "--body", "Isi.", *COMPLETE)
    cli.add(title[:100], "--body", "Isi.", *COMPLETE)
    findings = cli.json("check", "1", "2", "--select", "NR401", "--format", "json")
    assert [(f["article"], f["field"], f["column"], f["severity"]) for f in findings] == [
        (1, "title", 101, "info")
    ]
    assert findings[0]["message"] == "judul sepanjang 101 karakter; sebaiknya paling banyak 100"


def test_title_and_summary_are_checked_like_the_body(cli: Cli) -> None:
    cli("config", "check.glossary", GLOSSARY)
    cli.add("Rapat bawaslu Digelar", "--summary", "Rapat yang yang digelar.", "--body", "Isi.")
    findings = cli.json("check", "1", "--select", "NR2", "--format", "json")
    assert [(f["code"], f["field"], f["column"], f["line"]) for f in findings] == [
        ("NR202", "title", 7, None),
        ("NR201", "summary", 7, None),
    ]


def test_missing_fields_are_warnings_with_the_command_that_adds_them(cli: Cli) -> None:
    cli.add(
        "Rilis Tanpa Kelengkapan", "--body", "Rapat digelar Senin (29/6/2020).", "--category", ""
    )
    findings = cli.json("check", "1", "--select", "NR3", "--format", "json")
    assert [(f["code"], f["severity"], f["field"], f["suggestion"]) for f in findings] == [
        ("NR303", "warning", "dateline", "newsroom edit 1 --dateline …"),
        ("NR304", "warning", "date", "newsroom edit 1 --date 2020-06-29"),
        ("NR305", "warning", "category", "newsroom edit 1 --category …"),
        ("NR306", "warning", "tags", "newsroom tag 1 …"),
    ]


def test_a_release_without_body_is_an_error(cli: Cli) -> None:
    cli.add("Hanya Judul", *COMPLETE)
    result = cli("check", "1", "--format", "json", code=1)
    findings = json.loads(result.stdout)
    assert [(f["code"], f["severity"], f["field"]) for f in findings] == [
        ("NR302", "error", "body")
    ]


def test_desk_spellings_add_to_the_built_in_list(cli: Cli) -> None:
    cli("config", "check.spellings", "koordinir=koordinasikan, di karenakan=dikarenakan")
    body = "Kami koordinir rapat, di  karenakan banyak tehnologi baru."
    findings = check(cli, "NR204", body)
    assert [(f["column"], f["suggestion"]) for f in findings] == [
        (6, "koordinasikan"),
        (23, "dikarenakan"),
        (44, "teknologi"),
    ]


def test_indonesian_spelling_rules_leave_english_articles_alone(cli: Cli) -> None:
    cli("config", "check.spellings", "judgement=judgment")
    body = "The office, dimana is no word in English, shows its judgement on praktek."
    cli.add("English Release", "--body", body, "--lang", "en", *COMPLETE)
    findings = cli.json("check", "1", "--select", "NR204,NR205", "--format", "json")
    assert [(f["code"], f["suggestion"]) for f in findings] == [("NR204", "judgment")]
