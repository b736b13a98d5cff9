"""`newsroom check` as a user meets it: clean releases, drafts on disk, formats, exit codes,
rule selection, the desk's settings and the language of the messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, Cli, one_error_line
from newsroom_cli.lint import RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")

GLOSSARY = "Bawaslu, KPU, Bengkalis"
CLEAN_BODY = """\
Badan Pengawas Pemilihan Umum (Bawaslu) Kabupaten Bengkalis mengajak pemilih pemula ikut \
mengawasi tahapan Pemilihan Bupati dan Wakil Bupati Bengkalis 2024. Ajakan itu disampaikan \
dalam sosialisasi pengawasan partisipatif di aula SMA Negeri 2 Bengkalis, Senin (23/9/2024).

Ketua Bawaslu Bengkalis mengatakan, suara pelajar yang baru pertama kali memilih sangat \
menentukan. “Kalian bukan hanya pemilih. Kalian juga bisa menjadi pengawas yang melaporkan \
pelanggaran di lingkungan sendiri,” ujarnya di hadapan sekitar 200 siswa.

Materi sosialisasi mencakup cara mengenali politik uang, netralitas aparatur sipil negara \
(ASN), dan kampanye di media sosial. Peserta juga diperkenalkan pada kanal pengaduan daring di \
https://bengkalis.bawaslu.go.id dan alamat surel humas@bengkalis.bawaslu.go.id.

Seorang siswa kelas XII, Nur Aisyah, mengaku baru memahami bahwa menerima uang untuk memilih \
calon tertentu merupakan pelanggaran. “Saya akan mengajak teman-teman untuk menolak ‘serangan \
fajar’ dan berani melapor,” katanya.

Bawaslu Bengkalis berencana menggelar kegiatan serupa di sekolah lain hingga akhir Oktober 2024.
"""
CLEAN = (
    "--body", CLEAN_BODY, "--dateline", "Bengkalis", "--date", "Senin, 23 September 2024",
    "--category", "Berita", "-t", "Berita", "-t", "Pilkada", "-t", "Sosialisasi",
)  # fmt: skip
FINDING_KEYS = [
    "code", "severity", "message", "article", "field", "paragraph", "line", "column",
    "excerpt", "suggestion",
]  # fmt: skip


def test_a_well_written_release_has_no_finding_at_all(cli: Cli) -> None:
    cli("config", "check.glossary", GLOSSARY)
    cli.add("Bawaslu Bengkalis Ajak Pemilih Pemula Awasi Tahapan Pilkada", *CLEAN)
    assert cli.json("check", "1", "--format", "json") == []
    result = cli("check", "1")
    assert result.stdout == ""
    assert result.stderr == "No problems found in 1 release.\n"


def test_the_sample_releases_have_no_errors(sample_db: Cli) -> None:
    """Two drafts have no release date yet (their bodies name it); nothing else is wrong."""
    sample_db("config", "check.glossary", "Bawaslu, KPU, Bengkalis, Panwaslu, Riau, Rokan Hilir")
    findings = sample_db.json("check", "--all", "--format", "json")
    assert [(f["article"], f["code"], f["suggestion"]) for f in findings] == [
        (6, "NR304", "newsroom edit 6 --date 2022-02-14"),
        (12, "NR304", "newsroom edit 12 --date 2024-02-16"),
    ]


def test_table_output(cli: Cli) -> None:
    cli.add("Rapat", "--body", "Satu.\n\nDua kata kata.", "--dateline", "Bengkalis", "-t", "Berita")
    result = cli("check", "1", "--select", "NR201,NR304")
    assert result.stdout == (
        "Article   Place    Severity   Code    Message                   \n"
        "────────────────────────────────────────────────────────────────\n"
        "1         date     warning    NR304   belum ada tanggal rilis   \n"
        "                                      → newsroom edit 1 --date …\n"
        "1         ¶2 3:5   warning    NR201   kata ganda “kata”         \n"
        "                                      Dua kata kata.            \n"
        "                                      → kata                    \n"
    )
    assert result.stderr == "0 errors, 2 warnings, 0 info in 1 release.\n"


def test_json_shape(cli: Cli) -> None:
    cli.add("Rapat", "--body", "“Belum ditutup.", "--dateline", "Bengkalis", "-t", "Berita")
    result = cli("check", "1", "--format", "json", code=1)
    findings = json.loads(result.stdout)
    assert [list(f) for f in findings] == [FINDING_KEYS, FINDING_KEYS]
    assert findings == [
        {
            "code": "NR304",
            "severity": "warning",
            "message": "belum ada tanggal rilis",
            "article": 1,
            "field": "date",
            "paragraph": None,
            "line": None,
            "column": None,
            "excerpt": "",
            "suggestion": "newsroom edit 1 --date …",
        },
        {
            "code": "NR101",
            "severity": "error",
            "message": "tanda petik pembuka “ tidak ditutup dalam paragraf ini",
            "article": 1,
            "field": "body",
            "paragraph": 1,
            "line": 1,
            "column": 1,
            "excerpt": "“Belum ditutup.",
            "suggestion": None,
        },
    ]
    assert result.stderr == ""


def test_messages_follow_the_site_language(cli: Cli) -> None:
    cli.add("Rapat", "--body", "Rapat (pleno digelar.", "--lang", "id")
    cli("config", "defaults.lang", "en")
    args = ("check", "1", "--select", "NR104,NR303", "--format", "json")
    english = json.loads(cli(*args, code=1).stdout)
    cli("config", "defaults.lang", "id")
    indonesian = json.loads(cli(*args, code=1).stdout)
    assert [f["message"] for f in english] == [
        "no dateline (the city the release comes from)",
        "bracket ( is not closed in this paragraph",
    ]
    assert [f["message"] for f in indonesian] == [
        "belum ada dateline (kota asal rilis)",
        "tanda kurung ( tidak ditutup dalam paragraf ini",
    ]
    rules = cli("check", "--rules").stdout
    assert "NR101   error      unclosed-quote" in rules
    assert "tanda petik pembuka … tidak ditutup dalam paragraf ini" in rules


def test_exit_codes(cli: Cli) -> None:
    cli.add("Bersih", *CLEAN)
    cli.add("Peringatan", "--body", "Kata yang yang ganda.", "--dateline", "Bengkalis")
    cli.add("Galat", "--body", "Kutipan “tanpa penutup.", *CLEAN[2:])
    cli("check", "1")
    cli("check", "2")  # warnings only
    cli("check", "1", "2", "3", code=1)
    cli("check", "--all", code=1)
    cli("check", "--all", "--ignore", "NR101")
    assert "name the articles" in one_error_line(cli("check", code=2).stderr)
    assert "not both" in one_error_line(cli("check", "1", "--all", code=2).stderr)
    assert "NR999" in one_error_line(cli("check", "1", "--select", "NR999", code=2).stderr)
    assert one_error_line(cli("check", "404", code=1).stderr).startswith("Error: no article '404'")


def test_select_and_ignore_by_code_and_prefix(cli: Cli) -> None:
    body = "Pengawas yang yang hadir ,  “tanpa penutup."
    cli.add("Rapat", "--body", body, "--dateline", "Bengkalis", "-t", "Berita")

    def codes(*args: str, code: int = 1) -> list[str]:
        result = cli("check", "1", "--format", "json", *args, code=code)
        return [f["code"] for f in json.loads(result.stdout)]

    assert codes() == ["NR304", "NR201", "NR404", "NR403", "NR101"]
    assert codes("--select", "NR2", "--select", "NR101") == ["NR201", "NR101"]
    assert codes("--ignore", "NR4,NR3", "--ignore", "NR101", code=0) == ["NR201"]
    cli("config", "check.ignore", "nr201, NR4")
    assert cli("config", "check.ignore").stdout == "NR201, NR4\n"
    assert codes() == ["NR304", "NR101"]
    assert codes("--select", "NR201,NR101") == ["NR201", "NR101"]  # named in full: it runs
    assert codes("--select", "NR2,NR1") == ["NR101"]  # a prefix does not undo the desk's choice


def test_draft_file_in_markdown_counts_lines_from_the_top(cli: Cli, tmp_path: Path) -> None:
    draft = tmp_path / "rilis.md"
    draft.write_text(
        "---\n"
        "title: Rapat Koordinasi bawaslu\n"
        "date: 2020-06-29\n"
        "tags: []\n"
        "---\n"
        "\n"
        "Paragraf pertama.\n"
        "\n"
        "Rapat digelar Senin (30/6/2020) dan “belum ditutup.\n",
        encoding="utf-8",
    )
    cli("config", "check.glossary", GLOSSARY)
    cli("config", "defaults.dateline", "")
    result = cli("check", "--file", str(draft), "--format", "json", code=1)
    findings = json.loads(result.stdout)
    assert [
        (f["article"], f["code"], f["field"], f["paragraph"], f["line"], f["column"])
        for f in findings
    ] == [
        (str(draft), "NR202", "title", None, None, 18),
        (str(draft), "NR303", "dateline", None, None, None),
        (str(draft), "NR306", "tags", None, None, None),
        (str(draft), "NR307", "body", 2, 9, 15),
        (str(draft), "NR101", "body", 2, 9, 37),
    ]
    assert [f["suggestion"] for f in findings[1:3]] == ["dateline: …", "tags: […]"]
    # nothing was imported: the draft is not an article
    assert cli("list", "--format", "count").stdout == "0\n"


def test_draft_text_capture_and_stdin(cli: Cli, tmp_path: Path) -> None:
    capture = (
        "Lompat ke isi utama\n"
        "Berita\n"
        "Bawaslu Bengkalis Awasi Rapat Pleno Terbuka\n"
        "\n"
        "BENGKALIS – Bawaslu Kabupaten Bengkalis mengawasi rapat pleno pada Senin (29/6/2020).\n"
        "“Kami hadir sejak pagi, kata Ketua.\n"
        "\n"
        "Tag\n"
        "Berita\n"
        "Pengawasan\n"
    )
    path = tmp_path / "halaman.txt"
    path.write_text(capture, encoding="utf-8")
    result = cli("check", "--file", str(path), "--format", "json", code=1)
    findings = json.loads(result.stdout)
    assert [(f["code"], f["paragraph"], f["line"], f["column"]) for f in findings] == [
        ("NR101", 2, 6, 1)
    ]  # dateline, date, category and tags were all read from the capture; as `import`
    # reads it, a capture without blank lines has a paragraph per line
    # (a headline of three words or fewer would be read as a category label, as `import` does)
    draft = "Bawaslu Gelar Rapat Koordinasi\n\nIsi  rilis.\n"
    piped = cli("check", "--file", "-", "--format", "json", input=draft)
    assert [
        (f["article"], f["code"], f["line"], f["column"]) for f in json.loads(piped.stdout)
    ] == [
        ("stdin", "NR303", None, None),
        ("stdin", "NR304", None, None),
        ("stdin", "NR306", None, None),
        ("stdin", "NR403", 3, 4),
    ]


@pytest.mark.parametrize(
    ("opening", "has_dateline"),
    [
        ("BENGKALIS – Bawaslu Kabupaten Bengkalis", True),
        ("Bengkalis-Bawaslu Kabupaten Bengkalis", True),
        ("Rokan Hilir — Bawaslu Kabupaten Rokan Hilir", True),
        ("PEKANBARU, Bawaslu Provinsi Riau", True),
        ("Pasca-pemilu, Bawaslu Kabupaten Bengkalis", False),
        ("Namun, Bawaslu Kabupaten Bengkalis", False),
    ],
)
def test_text_draft_dateline_is_read_from_the_first_paragraph(
    cli: Cli, tmp_path: Path, opening: str, has_dateline: bool
) -> None:
    cli("config", "defaults.dateline", "")
    path = tmp_path / "rilis.txt"
    text = f"Judul Rilis Pengawasan Pemilu\n\n{opening} menggelar rapat.\n"
    path.write_text(text, encoding="utf-8")
    result = cli("check", "--file", str(path), "--select", "NR303", "--format", "json")
    missing = [f["field"] for f in json.loads(result.stdout)]
    assert missing == ([] if has_dateline else ["dateline"])


def test_draft_problems_are_one_line_errors(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "rusak.md"
    bad.write_text("---\ntitle: [x\n---\nIsi.\n", encoding="utf-8")
    error = one_error_line(cli("check", "--file", str(bad), code=2).stderr)
    # the same reason `import` gives for the same file
    assert error == f"Error: {bad}: the front matter is not valid YAML at line 3"
    missing = one_error_line(cli("check", "--file", str(tmp_path / "tidak-ada.md"), code=2).stderr)
    assert missing.startswith("Error: cannot read")
    untitled = tmp_path / "tanpa-judul.md"
    untitled.write_text("---\ndateline: Bengkalis\n---\nIsi.\n", encoding="utf-8")
    result = cli("check", "--file", str(untitled), "--select", "NR301", "--format", "json", code=1)
    assert [(f["code"], f["severity"], f["field"]) for f in json.loads(result.stdout)] == [
        ("NR301", "error", "title")
    ]


def test_settings_are_validated(cli: Cli) -> None:
    assert cli(
        "config", "check.glossary", '["Komisi Pemilihan Umum, Pusat", "Bawaslu"]'
    ).stdout == ('check.glossary = ["Komisi Pemilihan Umum, Pusat", "Bawaslu"]\n')
    assert cli("config", "check.glossary", " Bawaslu,, KPU , bawaslu").stdout == (
        "check.glossary = Bawaslu, KPU\n"
    )
    assert cli("config", "check.spellings", '{"koordinir": "koordinasikan"}').stdout == (
        "check.spellings = koordinir=koordinasikan\n"
    )
    for key, value in [
        ("check.glossary", "[1, 2]"),
        ("check.glossary", "Bawaslu, 2024"),
        ("check.spellings", "tehnologi"),
        ("check.spellings", "bawaslu=Bawaslu"),
        ("check.spellings", "{not json"),
        ("check.ignore", "NR101, XX1"),
    ]:
        one_error_line(cli("config", key, value, code=2).stderr)


def test_every_rule_is_in_the_readme_with_its_severity() -> None:
    section = README.split("### Checking a release", 1)[1].split("\n### ", 1)[0]
    documented = {
        code: severity
        for codes, severity in re.findall(r"^\| ((?:`NR\d{3}` ?)+) \| (\w+) \|", section, re.M)
        for code in re.findall(r"NR\d{3}", codes)
    }
    assert documented == {code: rule.severity for code, rule in RULES.items()}


def test_check_file_reads_a_capture_exactly_as_import_does(cli: Cli, tmp_path: Path) -> None:
    """One parser per format: a capture that `import` reads right gets no false
    warnings from `check --file` (it used to take "Berita" after the skip link
    "Langsung ke konten" as the headline and miss the dateline, date and tags)."""
    capture = (
        "Langsung ke konten\n"
        "Beranda\n"
        "Berita\n"
        "Bawaslu Bengkalis Awasi Rapat Pleno Terbuka Rekapitulasi\n"
        "\n"
        "BENGKALIS – Bawaslu Kabupaten Bengkalis mengawasi rapat pleno pada Senin (29/6/2020).\n"
        "\n"
        "Tags: Berita, Pengawasan\n"
    )
    path = tmp_path / "halaman.txt"
    path.write_text(capture, encoding="utf-8")
    cli("config", "defaults.dateline", "")
    cli("config", "defaults.category", "")
    checked = cli("check", "--file", str(path), "--format", "json")
    assert json.loads(checked.stdout) == []
    cli("import", str(path))
    shown = json.loads(cli("list", "--format", "json").stdout)[0]
    assert (shown["title"], shown["category"], shown["dateline"], shown["tags"]) == (
        "Bawaslu Bengkalis Awasi Rapat Pleno Terbuka Rekapitulasi",
        "Berita",
        "Bengkalis",
        ["Berita", "Pengawasan"],
    )
