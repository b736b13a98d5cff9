"""The photo rules of `newsroom check` (NR5xx), each with a case it must flag and a close case
it must leave alone, through the real CLI: real photos added with `photo add`, then checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import Cli
from test_photos import jpeg

COMPLETE = (
    "--dateline", "Bengkalis", "--date", "29/6/2020", "--category", "Berita", "-t", "Berita"
)  # fmt: skip
DESCRIBED = ("--caption", "Rapat koordinasi", "--credit", "Humas Bawaslu", "--alt", "Peserta rapat")


def with_gps(path: Path, size: tuple[int, int] = (1600, 1200)) -> Path:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (1.0, 28.0, 0.0), 3: "E", 4: (102.0, 6.0, 0.0)})
    return jpeg(path, size, exif=exif.tobytes())


@pytest.fixture
def article(cli: Cli) -> str:
    cli.add("Rapat Koordinasi Pengawasan", "--body", "Rapat digelar di aula.", *COMPLETE)
    return "1"


def findings(cli: Cli, code: str, ref: str = "1") -> list[Any]:
    found = json.loads(cli("check", ref, "--select", code, "--format", "json").stdout)
    assert {f["code"] for f in found} <= {code}
    return list(found)


def summary(found: list[Any]) -> list[tuple[Any, ...]]:
    return [(f["field"], f["severity"], f["message"], f["suggestion"]) for f in found]


def test_a_photo_without_alt_text(cli: Cli, article: str, tmp_path: Path) -> None:
    cli("photo", "add", article, str(jpeg(tmp_path / "a.jpg")), *DESCRIBED)
    cli("photo", "add", article, str(jpeg(tmp_path / "b.jpg")), "--credit", "Humas")
    assert summary(findings(cli, "NR501")) == [
        (
            "photo 2",
            "warning",
            "foto 2 belum punya teks alternatif (alt)",
            'newsroom photo edit 1 2 --alt "…"',
        )
    ]
    cli("config", "defaults.lang", "en")
    assert findings(cli, "NR501")[0]["message"] == (
        "photo 2 has no alternative text (alt) for readers who cannot see it"
    )
    cli("photo", "edit", article, "2", "--alt", "Spanduk di depan aula")
    assert findings(cli, "NR501") == []


def test_a_photo_without_a_credit(cli: Cli, article: str, tmp_path: Path) -> None:
    cli("photo", "add", article, str(jpeg(tmp_path / "a.jpg")), "--alt", "Peserta rapat")
    assert summary(findings(cli, "NR502")) == [
        (
            "photo 1",
            "warning",
            "foto 1 belum punya kredit: siapa pemilik foto ini?",
            'newsroom photo edit 1 1 --credit "…"',
        )
    ]
    # The close case: the credit the camera wrote (EXIF Artist) counts as a credit.
    exif = Image.Exif()
    exif[0x013B] = "Humas Bawaslu Bengkalis"
    cli("photo", "remove", article, "1")
    cli("photo", "add", article, str(jpeg(tmp_path / "b.jpg", exif=exif.tobytes())))
    assert findings(cli, "NR502") == []


def test_a_featured_photo_narrower_than_1200_px(cli: Cli, article: str, tmp_path: Path) -> None:
    narrow, wide = jpeg(tmp_path / "kecil.jpg", (1199, 800)), jpeg(tmp_path / "besar.jpg")
    cli("photo", "add", article, str(narrow), *DESCRIBED)  # the first: featured by default
    assert summary(findings(cli, "NR503")) == [
        (
            "photo 1",
            "info",
            "foto utama (foto 1) hanya selebar 1199 px; di bawah 1200 px, "
            "pratinjau tautan di media sosial tampak buram",
            "newsroom photo add 1 … --featured",
        )
    ]
    cli("photo", "add", article, str(wide), *DESCRIBED)
    # A wider photo is there: the fix is to feature it.
    assert findings(cli, "NR503")[0]["suggestion"] == "newsroom photo edit 1 2 --featured"
    cli("photo", "edit", article, "2", "--featured")
    assert findings(cli, "NR503") == []  # a narrow photo that is not featured is fine


def test_exactly_1200_px_is_wide_enough(cli: Cli, article: str, tmp_path: Path) -> None:
    cli("photo", "add", article, str(jpeg(tmp_path / "pas.jpg", (1200, 900))), *DESCRIBED)
    assert findings(cli, "NR503") == []


def test_an_original_with_a_gps_position(cli: Cli, article: str, tmp_path: Path) -> None:
    cli("photo", "add", article, str(jpeg(tmp_path / "tanpa.jpg")), *DESCRIBED)
    assert findings(cli, "NR504") == []  # EXIF without GPS: nothing to say
    cli("photo", "add", article, str(with_gps(tmp_path / "lokasi.jpg")), *DESCRIBED)
    found = findings(cli, "NR504")
    assert summary(found) == [
        (
            "photo 2",
            "info",
            "file asli foto 2 menyimpan lokasi pemotretan (GPS); lokasi itu dihapus dari "
            "semua yang diterbitkan newsroom dan hanya tersimpan di file asli",
            None,
        )
    ]


def test_photo_findings_follow_the_body_in_photo_order(
    cli: Cli, article: str, tmp_path: Path
) -> None:
    cli("photo", "add", article, str(jpeg(tmp_path / "a.jpg")), "--credit", "Humas")
    cli("photo", "add", article, str(jpeg(tmp_path / "b.jpg")))
    cli("edit", article, "--body", "Rapat  digelar di aula.")  # NR403 in the body
    found = json.loads(cli("check", article, "--format", "json").stdout)
    assert [(f["code"], f["field"]) for f in found] == [
        ("NR403", "body"),
        ("NR501", "photo 1"),
        ("NR501", "photo 2"),
        ("NR502", "photo 2"),
    ]
    table = cli("check", article).stdout
    assert "photo 2" in table


def test_publish_shows_the_gps_note_but_leaves_other_notes_to_check(
    cli: Cli, article: str, tmp_path: Path
) -> None:
    cli("photo", "add", article, str(with_gps(tmp_path / "lokasi.jpg", (900, 600))), *DESCRIBED)
    assert {f["code"] for f in json.loads(cli("check", article, "--format", "json").stdout)} == {
        "NR503",
        "NR504",
    }
    result = cli("publish", article)
    assert result.stdout == "Article 1 (rapat-koordinasi-pengawasan) is now published.\n"
    assert "NR504" in result.stderr
    assert "GPS" in result.stderr
    assert "NR503" not in result.stderr  # the narrow photo is a note for `check` only


def test_the_desk_can_turn_the_gps_note_off(cli: Cli, article: str, tmp_path: Path) -> None:
    cli("photo", "add", article, str(with_gps(tmp_path / "lokasi.jpg")), *DESCRIBED)
    cli("config", "check.ignore", "NR504")
    result = cli("publish", article)
    assert result.stderr == ""


def test_a_release_without_photos_has_no_photo_finding(cli: Cli, article: str) -> None:
    assert json.loads(cli("check", article, "--select", "NR5", "--format", "json").stdout) == []
