"""Photos through the real CLI: add, list, edit, move, remove, revisions, store, backups."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from conftest import Cli, one_error_line
from newsroom_cli.models import TEXT_FIELDS, Changes


def jpeg(
    path: Path,
    size: tuple[int, int] = (1600, 1200),
    colour: tuple[int, int, int] = (180, 40, 40),
    **save: object,
) -> Path:
    """A JPEG the test makes itself, with a gradient so it is not one flat colour."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):
        image.paste((x % 255, 90, 200 - x % 200), (x, 0, x + 20, size[1] // 2))
    image.save(path, "JPEG", quality=85, **save)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def release(cli: Cli) -> int:
    cli.add("Bawaslu Bengkalis Gelar Rapat Koordinasi", "--body", "Rapat digelar di aula.")
    return 1


def test_changes_has_one_attribute_per_text_field() -> None:
    """The one field table (models.FIELD_ROLES) and the Changes a person asks for agree."""
    assert set(TEXT_FIELDS) <= set(vars(Changes()))


def test_add_list_edit_move_remove(cli: Cli, release: int, tmp_path: Path, db_path: Path) -> None:
    first, second = (
        jpeg(tmp_path / "rapat.jpg"),
        jpeg(tmp_path / "peserta.jpg", (900, 600), (20, 120, 60)),
    )
    added = cli(
        "photo",
        "add",
        "1",
        str(first),
        "--caption",
        "Rapat koordinasi",
        "--credit",
        "Humas Bawaslu Bengkalis",
    )
    assert added.stdout == (
        "Added 1 photo: article 1 (bawaslu-bengkalis-gelar-rapat-koordinasi) "
        "has 1 photo, revision 2\n"
    )
    cli("photo", "add", "1", str(second), "--alt", "Peserta duduk di aula", "--featured")
    listed = cli.json("photo", "list", "1", "--format", "json")
    assert [
        (
            p["position"],
            p["filename"],
            p["width"],
            p["height"],
            p["caption"],
            p["credit"],
            p["alt"],
            p["featured"],
        )
        for p in listed
    ] == [
        (1, "rapat.jpg", 1600, 1200, "Rapat koordinasi", "Humas Bawaslu Bengkalis", "", False),
        (2, "peserta.jpg", 900, 600, "", "", "Peserta duduk di aula", True),
    ]
    assert listed[0]["sha256"] == sha(first)
    assert listed[0]["size"] == first.stat().st_size
    table = cli("photo", "list", "1").stdout
    assert "rapat.jpg" in table
    assert "1600x1200" in table
    assert "Peserta duduk di aula" in table
    cli("photo", "edit", "1", "1", "--caption", "Rapat koordinasi pengawasan", "--featured")
    cli("photo", "move", "1", "2", "--to", "1")
    moved = cli.json("photo", "list", "1", "--format", "json")
    assert [p["filename"] for p in moved] == ["peserta.jpg", "rapat.jpg"]
    assert [p["featured"] for p in moved] == [False, True]
    cli("photo", "remove", "1", "1")
    assert [p["filename"] for p in cli.json("photo", "list", "1", "--format", "json")] == [
        "rapat.jpg"
    ]
    # every change was a revision, and history says what changed
    history = cli("history", "1").stdout
    for note in ("1 photo added", "photo 1 edited", "photo 2 moved to 1", "photo 1 removed"):
        assert note in history
    assert history.count("photos") >= 5
    # revert brings the removed photo back, in its place
    cli("revert", "1", "5")
    assert [p["filename"] for p in cli.json("photo", "list", "1", "--format", "json")] == [
        "peserta.jpg",
        "rapat.jpg",
    ]
    diff = cli("diff", "1", "2", "3").stdout
    assert "+2. peserta.jpg" in diff
    assert "+   alt: Peserta duduk di aula" in diff


def test_show_lists_the_photos(cli: Cli, release: int, tmp_path: Path) -> None:
    cli(
        "photo",
        "add",
        "1",
        str(jpeg(tmp_path / "a.jpg")),
        "--caption",
        "Suasana rapat",
        "--credit",
        "Humas",
    )
    text = cli("show", "1", "--format", "text").stdout
    assert "Photos: 1. a.jpg (1600x1200) - Suasana rapat - Foto: Humas [featured]\n" in text
    record = cli.json("show", "1", "--format", "json")
    assert record["photos"][0]["caption"] == "Suasana rapat"


def test_add_and_edit_take_photo_files(cli: Cli, tmp_path: Path) -> None:
    a, b = jpeg(tmp_path / "a.jpg"), jpeg(tmp_path / "b.jpg", colour=(10, 10, 200))
    cli(
        "add",
        "--title",
        "Sosialisasi Pengawasan Partisipatif",
        "--photo",
        str(a),
        "--photo",
        str(b),
    )
    assert [p["filename"] for p in cli.json("photo", "list", "1", "--format", "json")] == [
        "a.jpg",
        "b.jpg",
    ]
    assert cli.json("history", "1", "--format", "json")[-1]["revision"] == 1  # one revision
    cli("edit", "1", "--photo", str(jpeg(tmp_path / "c.jpg", colour=(0, 0, 0))))
    assert len(cli.json("photo", "list", "1", "--format", "json")) == 3


def test_the_same_picture_is_stored_once_and_originals_stay_byte_for_byte(
    cli: Cli, release: int, tmp_path: Path, db_path: Path
) -> None:
    photo = jpeg(tmp_path / "rapat.jpg")
    cli("photo", "add", "1", str(photo))
    cli.add("Rilis Kedua Tentang Pengawasan")
    cli("photo", "add", "2", str(photo), "--caption", "lagi")
    store = Path(f"{db_path}-photos")
    originals = list((store / "originals").rglob("*"))
    assert [p for p in originals if p.is_file()] == [
        store / "originals" / sha(photo)[:2] / sha(photo)
    ]
    assert (store / "originals" / sha(photo)[:2] / sha(photo)).read_bytes() == photo.read_bytes()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "kosong.jpg", "is empty"),
        (lambda d: d / "teks.jpg", "is not a picture newsroom can read"),
        (lambda d: d / "gambar.svg", "SVG is not accepted"),
        (lambda d: d / "rusak.jpg", "damaged or cut short"),
        (lambda d: d / "tidak-ada.jpg", "no such file"),
        (lambda d: d, "is a folder"),
    ],
)
def test_bad_files_are_refused_and_nothing_changes(
    cli: Cli, release: int, tmp_path: Path, db_path: Path, make: object, message: str
) -> None:
    (tmp_path / "kosong.jpg").write_bytes(b"")
    (tmp_path / "teks.jpg").write_text("bukan gambar", encoding="utf-8")
    (tmp_path / "gambar.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8"
    )
    whole = jpeg(tmp_path / "utuh.jpg").read_bytes()
    (tmp_path / "rusak.jpg").write_bytes(whole[: len(whole) // 2])
    target = make(tmp_path)  # type: ignore[operator]
    before = cli("history", "1").stdout
    error = one_error_line(cli("photo", "add", "1", str(target), code=2).stderr)
    assert message in error
    assert cli("history", "1").stdout == before
    # and with --photo, the release is not even created
    one_error_line(
        cli("add", "--title", "Rilis Dengan Foto Rusak", "--photo", str(target), code=2).stderr
    )
    assert cli("list", "--format", "count").stdout == "1\n"


def test_a_bomb_is_refused_from_its_header(cli: Cli, release: int, tmp_path: Path) -> None:
    """Over 50 megapixels: refused before a pixel is decoded."""
    bomb = tmp_path / "besar.png"
    Image.new("1", (8000, 7000)).save(bomb)  # 56 megapixels, a few kilobytes
    error = one_error_line(cli("photo", "add", "1", str(bomb), code=2).stderr)
    assert "larger than 50 megapixels" in error


def test_a_photo_number_that_does_not_exist(cli: Cli, release: int, tmp_path: Path) -> None:
    error = one_error_line(cli("photo", "edit", "1", "1", "--caption", "x", code=1).stderr)
    assert error == "Error: article 1 has no photo 1: it has no photos"
    cli("photo", "add", "1", str(jpeg(tmp_path / "a.jpg")))
    assert one_error_line(cli("photo", "remove", "1", "3", code=1).stderr) == (
        "Error: article 1 has no photo 3: it has photo 1 only"
    )
    assert "--to must be a place from 1 to 1" in one_error_line(
        cli("photo", "move", "1", "1", "--to", "2", code=2).stderr
    )
    assert "--focus" in one_error_line(
        cli("photo", "edit", "1", "1", "--focus", "2,0.5", code=2).stderr
    )


def test_caption_and_credit_come_from_the_photos_own_metadata(
    cli: Cli, release: int, tmp_path: Path
) -> None:
    exif = Image.Exif()
    exif[0x010E] = "Rapat koordinasi pengawasan tahapan pemilu"  # ImageDescription
    exif[0x013B] = "Humas Bawaslu Bengkalis"  # Artist
    photo = jpeg(tmp_path / "kamera.jpg", exif=exif.tobytes())
    cli("photo", "add", "1", str(photo))
    [listed] = cli.json("photo", "list", "1", "--format", "json")
    assert (listed["caption"], listed["credit"]) == (
        "Rapat koordinasi pengawasan tahapan pemilu",
        "Humas Bawaslu Bengkalis",
    )
    cli("photo", "add", "1", str(photo), "--caption", "Diganti", "--credit", "Humas")
    assert cli.json("photo", "list", "1", "--format", "json")[1]["caption"] == "Diganti"


def test_no_published_rendition_carries_metadata(
    cli: Cli, release: int, tmp_path: Path, db_path: Path
) -> None:
    exif = Image.Exif()
    exif[0x013B] = "Pemilik Kamera"
    exif[0xA431] = "SERIAL-0042"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (1.0, 28.0, 0.0), 3: "E", 4: (102.0, 6.0, 0.0)})
    photo = jpeg(tmp_path / "rumah.jpg", exif=exif.tobytes())
    cli("photo", "add", "1", str(photo))
    [listed] = cli.json("photo", "list", "1", "--format", "json")
    assert listed["has_gps"] is True
    folder = Path(f"{db_path}-photos") / "renditions" / sha(photo)[:2] / sha(photo)
    names = sorted(p.name for p in folder.iterdir())
    assert {
        "w480.jpg",
        "w480.webp",
        "w960.jpg",
        "w960.webp",
        "w1600.jpg",
        "w1600.webp",
        "social.jpg",
    } <= set(names)
    for path in folder.iterdir():
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info), path
            data = path.read_bytes()
            assert b"SERIAL-0042" not in data, path
            assert b"Pemilik Kamera" not in data, path
    with Image.open(folder / "social.jpg") as social:
        assert social.size == (1200, 630)


def test_db_check_verifies_every_photo_and_fix_sweeps_unused_files(
    cli: Cli, release: int, tmp_path: Path, db_path: Path
) -> None:
    photo = jpeg(tmp_path / "a.jpg")
    cli("photo", "add", "1", str(photo))
    report = cli.json("db", "check", "--format", "json")
    assert (report["ok"], report["photos"], report["photo_problems"]) == (True, 1, [])
    store = Path(f"{db_path}-photos")
    # a file no row names (what a photo add killed before its commit leaves)
    stray = store / "originals" / "ab" / ("ab" * 32)
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    (store / "tmp").mkdir(exist_ok=True)
    (store / "tmp" / "half-written").write_bytes(b"x")
    report = cli.json("db", "check", "--format", "json")
    assert report["unused_photos"] == ["ab" * 32]
    assert report["ok"] is True
    fixed = cli.json("db", "check", "--fix", "--format", "json")
    assert fixed["swept"] == 2
    assert not stray.exists()
    assert not any((store / "tmp").iterdir())
    # a damaged original is a problem, named with its article
    original = store / "originals" / sha(photo)[:2] / sha(photo)
    original.write_bytes(original.read_bytes()[:-10] + b"0123456789")
    damaged = cli("db", "check", "--format", "json", code=1)
    assert json.loads(damaged.stdout)["photo_problems"] == [
        f"photo {sha(photo)[:12]} is damaged (its content no longer matches its hash) "
        "(article/photo 1/1)"
    ]


def test_a_removed_photo_is_kept_while_a_revision_needs_it(
    cli: Cli, release: int, tmp_path: Path, db_path: Path
) -> None:
    photo = jpeg(tmp_path / "a.jpg")
    cli("photo", "add", "1", str(photo))
    cli("photo", "remove", "1", "1")
    fixed = cli.json("db", "check", "--fix", "--format", "json")
    assert fixed["swept"] == 0
    cli("revert", "1", "2")
    assert cli.json("db", "check", "--format", "json")["photos"] == 1


def test_backup_carries_the_photos_and_restores_to_a_working_newsroom(
    cli: Cli, release: int, tmp_path: Path, db_path: Path
) -> None:
    photo = jpeg(tmp_path / "a.jpg")
    cli("photo", "add", "1", str(photo), "--caption", "Suasana")
    folder = tmp_path / "cadangan"
    folder.mkdir()
    cli("db", "backup", str(folder))
    [backup] = list(folder.glob("*.db"))
    copied = Path(f"{backup}-photos") / "originals" / sha(photo)[:2] / sha(photo)
    assert copied.read_bytes() == photo.read_bytes()
    # restore somewhere else: database and photos together
    restored = tmp_path / "pulih"
    restored.mkdir()
    (restored / "newsroom.db").write_bytes(backup.read_bytes())
    import shutil

    shutil.copytree(f"{backup}-photos", restored / "newsroom.db-photos")
    again = cli.json("--db", str(restored / "newsroom.db"), "db", "check", "--format", "json")
    assert (again["ok"], again["photos"], again["photo_problems"]) == (True, 1, [])
    listed = cli.json(
        "--db", str(restored / "newsroom.db"), "photo", "list", "1", "--format", "json"
    )
    assert listed[0]["caption"] == "Suasana"


def test_round_trip_through_jsonl_keeps_the_photos(
    cli: Cli, release: int, tmp_path: Path, db_path: Path
) -> None:
    cli("photo", "add", "1", str(jpeg(tmp_path / "a.jpg")), "--caption", "Suasana", "--alt", "Aula")
    exported = cli("list", "--format", "jsonl").stdout
    copy = tmp_path / "salinan.db"
    # another database without the files: refused with a reason, nothing imported
    failed = cli("--db", str(copy), "import", "-", "--format", "jsonl", input=exported, code=1)
    assert "is not in the photo store" in failed.stderr
    # the same database (its photo store has them): the record comes back whole
    cli("import", "-", "--format", "jsonl", "--on-duplicate", "new", input=exported)
    records = cli.json("list", "--format", "json", "--sort", "id")
    assert records[0]["photos"] == records[1]["photos"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM photos").fetchone()[0] == 2
