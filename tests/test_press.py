"""The press kit: numbers, embargoes, and one release for every channel."""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from email import policy
from pathlib import Path

import pytest

from conftest import Cli, one_error_line
from newsroom_cli import clock
from newsroom_cli.formats.channels import social_length

GOLDEN = Path(__file__).parent / "golden" / "channels"
BODY = (
    "Bawaslu Kabupaten Bengkalis menggelar rapat koordinasi pengawasan pemutakhiran data "
    "pemilih pada Senin (29/6/2020). Rapat diikuti seluruh Panwaslu Kecamatan.\n\n"
    "“Kami minta pengawas turun langsung ke lapangan,” ujar Sulastio.\n\n"
    "- Coklit dimulai 15 Juli 2020.\n- Hasilnya diumumkan bulan Agustus.\n"
)


def at(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Move the one clock (Python and SQL) to ``text``."""
    moment = datetime.fromisoformat(text).astimezone(timezone.utc)
    monkeypatch.setattr(clock, "now", lambda: moment)


@pytest.fixture
def desk(cli: Cli) -> Cli:
    return configure_desk(cli)


def configure_desk(cli: Cli) -> Cli:
    """The settings of a real desk: organization, numbering, e-mail, contact, boilerplate."""
    for key, value in {
        "site.title": "Bawaslu Bengkalis",
        "site.organization": "Bawaslu Kabupaten Bengkalis",
        "site.org_code": "BWSL",
        "site.base_url": "https://bengkalis.bawaslu.go.id",
        "site.email": "Humas Bawaslu Bengkalis <humas@bengkalis.bawaslu.go.id>",
        "site.contact": "Sulastio (Humas)\\n0812-7000-1234\\nhumas@bengkalis.bawaslu.go.id",
        "site.boilerplate": "Tentang Bawaslu Bengkalis: lembaga pengawas pemilu di Kabupaten "
        "Bengkalis.",
        "numbering.pattern": "{seq:03d}/HM.02/{org}/{month_roman}/{year}",
    }.items():
        cli("config", key, value)
    return cli


def release(cli: Cli, title: str = "Bawaslu Bengkalis Gelar Rapat Koordinasi", *args: str) -> int:
    record = cli.add(
        title, "--body", BODY, "--dateline", "Bengkalis", "--date", "29/6/2020 10:00",
        "-t", "Berita", "-t", "Pemilu 2024", "--summary", "Rapat koordinasi pengawas.", *args,
    )  # fmt: skip
    return int(record["id"])


# Numbering ------------------------------------------------------------------


def test_publish_assigns_numbers_that_restart_each_year(desk: Cli) -> None:
    first, second = release(desk), release(desk, "Rilis Kedua")
    third = release(desk, "Rilis Tahun Depan", "--date", "5/1/2021")
    for article in (first, second, third):
        desk("publish", str(article))
    numbers = [
        desk.json("show", str(a), "--format", "json")["number"] for a in (first, second, third)
    ]
    assert numbers == ["001/HM.02/BWSL/VI/2020", "002/HM.02/BWSL/VI/2020", "001/HM.02/BWSL/I/2021"]
    desk("unpublish", str(first))
    desk("publish", str(first))  # republishing keeps its number
    assert desk.json("show", str(first), "--format", "json")["number"] == numbers[0]


def test_number_command(desk: Cli) -> None:
    first, second, third = release(desk), release(desk, "Dua"), release(desk, "Tiga")
    assert desk("number", str(first)).stdout == (
        f"Article {first} has no number yet; give it one with --next.\n"
    )
    assert (
        desk("number", str(first), "--next").stdout == f"Article {first}: 001/HM.02/BWSL/VI/2020\n"
    )
    desk("number", str(second), "005/HM.02/BWSL/VI/2020")
    error = one_error_line(desk("number", str(third), "005/HM.02/BWSL/VI/2020", code=1).stderr)
    assert error == f"Error: number '005/HM.02/BWSL/VI/2020' is already used by article {second}"
    assert desk("number", str(third), "--next").stdout.endswith("006/HM.02/BWSL/VI/2020\n")
    rows = desk.json("numbers", "--format", "json")
    assert [(r["number"], r["flags"]) for r in rows] == [
        ("001/HM.02/BWSL/VI/2020", []),
        ("005/HM.02/BWSL/VI/2020", ["gap: 2-4 missing"]),
        ("006/HM.02/BWSL/VI/2020", []),
    ]


def test_imported_duplicates_are_flagged(desk: Cli, tmp_path: Path) -> None:
    source = tmp_path / "lama.jsonl"
    source.write_text(
        "".join(
            json.dumps({"title": t, "number": n, "published_at": "2020-06-29T09:00+07:00"}) + "\n"
            for t, n in (("A", "001/HM.02/BWSL/VI/2020"), ("B", "001/HM.02/BWSL/VI/2020"),
                         ("C", "SP-99"))
        ),
        encoding="utf-8",
    )  # fmt: skip
    desk("import", str(source))
    flags = {r["article_id"]: r["flags"] for r in desk.json("numbers", "--format", "json")}
    assert flags == {1: ["duplicate"], 2: ["duplicate"], 3: ["not in the pattern"]}
    assert "duplicate" in desk("numbers").stdout


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{seq}/{kota}", "unknown placeholder {kota}"),
        ("HM/{year}", "must contain {seq}"),
        ("{seq:03d/{year}", "is not valid"),
    ],
)
def test_bad_patterns_are_refused(cli: Cli, pattern: str, message: str) -> None:
    assert message in one_error_line(cli("config", "numbering.pattern", pattern, code=2).stderr)


@pytest.mark.slow
def test_eight_desks_publishing_at_once_get_distinct_consecutive_numbers(
    desk: Cli, db_path: Path, tmp_path: Path
) -> None:
    ids = [release(desk, f"Rilis {n}") for n in range(8)]
    go = tmp_path / "go"
    script = (
        "import os, sys, time\n"
        "from newsroom_cli.cli import app\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.005)\n"
        "app(['publish', sys.argv[1]])\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(i)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
        for i in ids
    ]  # fmt: skip
    go.touch()
    for proc in procs:
        proc.wait(timeout=60)
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    numbers = sorted(desk.json("show", str(i), "--format", "json")["number"] for i in ids)
    assert numbers == [f"{n:03d}/HM.02/BWSL/VI/2020" for n in range(1, 9)]


# Embargo --------------------------------------------------------------------


def test_embargo_keeps_a_release_off_the_site_until_its_time(
    desk: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_release = release(desk, "Rilis Terbuka")
    held = release(desk, "Rilis Embargo", "--embargo-until", "1/7/2020 09:00")
    for article in (open_release, held):
        desk("publish", str(article))
    slug = desk.json("show", str(held), "--format", "json")["slug"]
    out = tmp_path / "site"
    at(monkeypatch, "2020-07-01T08:59:00+07:00")
    desk("export", "--format", "html", "--out", str(out))
    assert not (out / "articles" / f"{slug}.html").exists()
    for name in ("feed.xml", "rss.xml", "sitemap.xml", "index.html"):
        assert slug not in (out / name).read_text(), name
    assert str(held) in desk("list", "--format", "ids").stdout.split()  # list shows it
    assert desk("export", "--format", "jsonl").stdout.count("Rilis Embargo") == 0
    whatsapp = desk("render", str(held), "--to", "whatsapp").stdout
    assert whatsapp.startswith(
        "*EMBARGO: tidak untuk disiarkan sebelum Rabu, 1 Juli 2020 pukul 09.00 WIB*\n"
    )
    at(monkeypatch, "2020-07-01T09:00:00+07:00")
    desk("export", "--format", "html", "--out", str(out))
    assert (out / "articles" / f"{slug}.html").exists()
    assert slug in (out / "feed.xml").read_text()
    assert "EMBARGO" not in desk("render", str(held), "--to", "whatsapp").stdout


# Channels -------------------------------------------------------------------


@pytest.fixture
def embargoed(desk: Cli, monkeypatch: pytest.MonkeyPatch) -> int:
    at(monkeypatch, "2020-06-29T08:00:00+07:00")
    article = release(desk, "Bawaslu Bengkalis Gelar Rapat Koordinasi",
                      "--embargo-until", "29/6/2020 10:00")  # fmt: skip
    desk("publish", str(article), "--force")
    return article


@pytest.mark.parametrize(
    ("channel", "args", "name"),
    [
        ("whatsapp", [], "whatsapp.txt"),
        ("social", [], "social.txt"),
        ("email", [], "email.txt"),
        ("print", [], "print.html"),
    ],
)
def test_channels_match_golden_files(
    desk: Cli, embargoed: int, channel: str, args: list[str], name: str
) -> None:
    text = desk("render", str(embargoed), "--to", channel, *args).stdout
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


LONG_BODY = "\n\n".join(
    " ".join(f"Kalimat ke-{p}-{s} tentang pengawasan pemilu di Bengkalis." for s in range(12))
    for p in range(8)
)


def test_whatsapp_stays_within_its_length_and_cuts_at_a_sentence(desk: Cli) -> None:
    article = desk.add("Rilis Panjang", "--body", LONG_BODY, "-t", "Berita")["id"]
    for limit in ("1000", "300"):
        desk("config", "render.whatsapp_length", limit)
        text = desk("render", str(article), "--to", "whatsapp").stdout
        assert len(text.rstrip("\n")) <= int(limit)
        lead = text.split("\n\n")[1]
        assert lead.endswith("Bengkalis.")  # a whole sentence, never cut mid-way


def test_social_post_fits_280_with_its_link(desk: Cli) -> None:
    title = "Bawaslu Bengkalis " + "Mengawasi Tahapan Pemilu dengan Sungguh-sungguh " * 4
    tags = [arg for n in range(30) for arg in ("-t", f"Tagar Panjang Nomor {n}")]
    article = desk.add(title.strip(), "--body", "Isi.", *tags)["id"]
    text = desk("render", str(article), "--to", "social").stdout
    assert social_length(text) <= 280
    assert "https://bengkalis.bawaslu.go.id/articles/" in text
    assert "#TagarPanjangNomor0" in text
    assert "#TagarPanjangNomor29" not in text  # as many as fit, no more


def test_eml_is_a_message_a_mail_client_reads(desk: Cli, embargoed: int, tmp_path: Path) -> None:
    target = tmp_path / "rilis.eml"
    desk("render", str(embargoed), "--to", "email", "--format", "eml", "--out", str(target))
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["Subject"] == (
        "[EMBARGO] 001/HM.02/BWSL/VI/2020 – Bawaslu Bengkalis Gelar Rapat Koordinasi"
    )
    assert message["From"].addresses[0].addr_spec == "humas@bengkalis.bawaslu.go.id"
    assert message["Message-ID"].endswith("@bengkalis.bawaslu.go.id>")
    assert message["Date"]
    plain, rich = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None
    assert rich is not None
    text = plain.get_content().replace("\r\n", "\n")
    assert text == (GOLDEN / "email.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    html = rich.get_content()
    assert "<h1>Bawaslu Bengkalis Gelar Rapat Koordinasi</h1>" in html
    assert "<script" not in html


def test_pdf(desk: Cli, embargoed: int, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed")
    from newsroom_cli.services import press

    if press.chromium() is None:
        pytest.skip("Chromium is not installed")
    short, long = tmp_path / "short.pdf", tmp_path / "long.pdf"
    desk("render", str(embargoed), "--to", "print", "--pdf", str(short))
    article = desk.add("Rilis Panjang", "--body", LONG_BODY * 2)["id"]
    desk("render", str(article), "--to", "print", "--pdf", str(long))
    for path in (short, long):
        assert path.read_bytes().startswith(b"%PDF")
    assert len(pypdf.PdfReader(short).pages) == 1
    reader = pypdf.PdfReader(long)
    assert len(reader.pages) >= 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_pdf_without_chromium_says_so(
    desk: Cli, embargoed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom_cli.services import press

    monkeypatch.setattr(press, "chromium", lambda: None)
    result = desk(
        "render", str(embargoed), "--to", "print", "--pdf", str(tmp_path / "x.pdf"), code=1
    )
    assert "--pdf needs Chromium, which is not installed" in one_error_line(result.stderr)


# Fields ---------------------------------------------------------------------


def test_release_fields_are_edited_shown_listed_and_round_trip(desk: Cli, tmp_path: Path) -> None:
    article = release(
        desk, "Rilis Lengkap", "--number", "012/HM.02/BWSL/VI/2020",
        "--embargo-until", "30/6/2020 09:00", "--contact", "Ani (Humas)\n0812",
    )  # fmt: skip
    desk("edit", str(article), "--boilerplate", "Tentang kami.")
    record = desk.json("show", str(article), "--format", "json")
    assert record["number"] == "012/HM.02/BWSL/VI/2020"
    assert record["embargo_until"] == "2020-06-30T09:00:00+07:00"
    assert record["contact"] == "Ani (Humas)\n0812"
    assert record["boilerplate"] == "Tentang kami."
    shown = desk("show", str(article)).stdout
    assert "012/HM.02/BWSL/VI/2020" in shown
    assert "Selasa, 30 Juni 2020 09:00" in shown
    for fmt in ("jsonl", "csv", "md"):
        out = tmp_path / f"export-{fmt}"
        target = out if fmt == "md" else tmp_path / f"export.{fmt}"
        desk("export", "--format", fmt, "--include-drafts", "--out", str(target))
        other = tmp_path / f"{fmt}.db"
        desk(
            "--db",
            str(other),
            "config",
            "numbering.pattern",
            "{seq:03d}/HM.02/{org}/{month_roman}/{year}",
        )
        desk("--db", str(other), "import", str(target), "--format", fmt)
        again = desk.json("--db", str(other), "show", record["slug"], "--format", "json")
        for name in ("number", "embargo_until", "contact", "boilerplate"):
            assert again[name] == record[name], (fmt, name)


def test_number_next_on_a_numbered_release_says_so(cli: Cli) -> None:
    """`number 24 --next` silently showed the existing number (first day, item 11)."""
    cli.add("Rilis Bernomor")
    cli("number", "1", "--next")
    again = cli("number", "1", "--next").stdout
    assert again.startswith("Article 1 already has the number ")
