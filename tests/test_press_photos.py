"""Photos in the press kit, through the real CLI: the .eml (inline and attached), the WhatsApp
and social folders, the plain e-mail's list, the A4 page and its PDF, and bad usage."""

from __future__ import annotations

import base64
import email
import io
import os
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import Cli, one_error_line
from test_photos import jpeg, sha
from test_press import configure_desk, release

RAPAT = ("--caption", "Rapat koordinasi di aula Bawaslu Bengkalis",
         "--credit", "Humas Bawaslu Bengkalis", "--alt", "Peserta rapat duduk di aula")  # fmt: skip
PESERTA = ("--caption", "Peserta menyimak paparan", "--credit", "Diskominfo Bengkalis",
           "--alt", "Peserta menyimak")  # fmt: skip


def private(path: Path, size: tuple[int, int] = (2000, 1500)) -> Path:
    """A photo whose original carries what must never leave the office: GPS, owner, serial."""
    exif = Image.Exif()
    exif[0x013B] = "Pemilik Kamera"  # Artist
    exif[0xA431] = "SERIAL-0042"  # BodySerialNumber
    exif.get_ifd(0x8825).update({1: "N", 2: (1.0, 28.0, 0.0), 3: "E", 4: (102.0, 6.0, 0.0)})
    return jpeg(path, size, exif=exif.tobytes())


def assert_clean_jpeg(data: bytes, size: tuple[int, int]) -> None:
    """A JPEG of ``size`` read back with Pillow: no EXIF (so no GPS), no XMP, no comment."""
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == size
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)  # GPS
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    assert b"SERIAL-0042" not in data
    assert b"Pemilik Kamera" not in data


def rendition(db_path: Path, photo: Path, name: str) -> bytes:
    """A rendition as the photo store keeps it."""
    folder = Path(f"{db_path}-photos") / "renditions" / sha(photo)[:2] / sha(photo)
    return (folder / name).read_bytes()


@pytest.fixture
def desk(cli: Cli) -> Cli:
    return configure_desk(cli)


@pytest.fixture
def with_photos(desk: Cli, tmp_path: Path) -> tuple[int, dict[str, Path]]:
    """A release with three photos; the second is featured, so the channels send it first."""
    article = release(desk)
    files = {
        "rapat": private(tmp_path / "rapat.jpg"),
        "peserta": jpeg(tmp_path / "Peserta Rapat.jpg", (1600, 900), (20, 120, 60)),
        "spanduk": jpeg(tmp_path / "IMG_0412.jpg", (900, 600), (200, 200, 40)),
    }
    desk("photo", "add", str(article), str(files["rapat"]), *RAPAT)
    desk("photo", "add", str(article), str(files["peserta"]), *PESERTA, "--featured")
    desk("photo", "add", str(article), str(files["spanduk"]))  # no caption, credit or alt
    return article, files


def kb_or_mb(size: int) -> str:
    return f"{round(size / 1024)} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB"


# E-mail ---------------------------------------------------------------------


def test_eml_shows_the_featured_photo_inline_and_attaches_every_photo(
    desk: Cli, with_photos: tuple[int, dict[str, Path]], tmp_path: Path, db_path: Path
) -> None:
    article, files = with_photos
    target = tmp_path / "rilis.eml"
    result = desk("render", str(article), "--to", "email", "--format", "eml", "--out", str(target))
    raw = target.read_bytes()
    assert result.stderr == f"Wrote {target}\n3 photos attached, {kb_or_mb(len(raw))}\n"
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert [part.get_content_type() for part in message.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/jpeg",  # the featured photo, shown by the HTML
        "image/jpeg",
        "image/jpeg",
        "image/jpeg",
    ]
    # The HTML shows the featured photo from the message itself, with caption and credit.
    html_part = message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    [cid] = re.findall(r'<img src="cid:([^"]+)"', html)
    related = [p for p in message.walk() if p.get("Content-ID")]
    assert [p["Content-ID"] for p in related] == [f"<{cid}>"]
    assert related[0].get_content_disposition() == "inline"
    inline = related[0].get_payload(decode=True)
    assert inline == rendition(db_path, files["peserta"], "w960.jpg")
    assert_clean_jpeg(inline, (960, 540))
    assert 'alt="Peserta menyimak"' in html
    assert (
        "<figcaption>Peserta menyimak paparan "
        '<span class="credit">Foto: Diskominfo Bengkalis</span></figcaption>'
    ) in html
    # Every photo attached, featured first, each the 1600-px rendition (or narrower when the
    # original is), never the original: no EXIF, no GPS, no owner, no serial number.
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [
        "01-peserta-rapat.jpg",
        "02-rapat.jpg",
        "03-img-0412.jpg",
    ]
    sizes = [(1600, 900), (1600, 1200), (900, 600)]
    originals = [files["peserta"], files["rapat"], files["spanduk"]]
    for part, size, original in zip(attachments, sizes, originals, strict=True):
        assert part.get_content_type() == "image/jpeg"
        assert part.get_content_disposition() == "attachment"
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        assert_clean_jpeg(data, size)
        assert data != original.read_bytes()
        assert data == rendition(db_path, original, f"w{size[0]}.jpg")
    # The plain text lists them after the release, numbered as the attachments are.
    plain = message.get_body(("plain",))
    assert plain is not None
    assert (
        plain.get_content()
        .replace("\r\n", "\n")
        .endswith(
            "###\n\n"
            "Foto terlampir:\n"
            "1. Peserta menyimak paparan (Foto: Diskominfo Bengkalis)\n"
            "2. Rapat koordinasi di aula Bawaslu Bengkalis (Foto: Humas Bawaslu\n"
            "   Bengkalis)\n"
            "3. (tanpa keterangan)\n"
        )
    )


def test_plain_email_lists_the_photos_with_captions_and_credits(
    desk: Cli, with_photos: tuple[int, dict[str, Path]]
) -> None:
    article, _ = with_photos
    result = desk("render", str(article), "--to", "email")
    assert result.stdout.endswith(
        "###\n\n"
        "Foto:\n"
        "1. Peserta menyimak paparan (Foto: Diskominfo Bengkalis)\n"
        "2. Rapat koordinasi di aula Bawaslu Bengkalis (Foto: Humas Bawaslu\n"
        "   Bengkalis)\n"
        "3. (tanpa keterangan)\n"
    )
    assert result.stderr == ""
    desk("edit", str(article), "--lang", "en")
    english = desk("render", str(article), "--to", "email").stdout
    assert "\nPhotos:\n1. Peserta menyimak paparan (Photo: Diskominfo Bengkalis)\n" in english
    assert english.endswith("3. (no caption)\n")


def test_eml_without_photos_stays_as_it_was(desk: Cli, tmp_path: Path) -> None:
    article = release(desk)
    target = tmp_path / "rilis.eml"
    result = desk("render", str(article), "--to", "email", "--format", "eml", "-o", str(target))
    assert result.stderr == f"Wrote {target}\n"
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert "Foto" not in target.read_text(encoding="utf-8")


def test_a_message_over_10_mb_is_reported(desk: Cli, tmp_path: Path) -> None:
    """Noise does not compress: eight 1600-px renditions of it make a message over 10 MB."""
    article = release(desk)
    noise = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    noise.save(tmp_path / "derau.jpg", quality=95)
    paths = [str(tmp_path / "derau.jpg")] * 8
    desk("photo", "add", str(article), *paths, *RAPAT)
    target = tmp_path / "besar.eml"
    result = desk("render", str(article), "--to", "email", "-f", "eml", "-o", str(target))
    size = target.stat().st_size
    assert size > 10 * 1024 * 1024
    assert result.stderr.splitlines() == [
        f"Wrote {target}",
        f"8 photos attached, {size / 1048576:.1f} MB",
        f"Warning: the message is {size / 1048576:.1f} MB; many mail servers refuse messages "
        "over 10 MB: send fewer photos, or share them by link",
    ]
    small = tmp_path / "kecil.eml"
    desk("photo", "remove", str(article), "8")
    desk("photo", "remove", str(article), "7")
    result = desk("render", str(article), "--to", "email", "-f", "eml", "-o", str(small))
    assert small.stat().st_size < 10 * 1024 * 1024
    assert "Warning" not in result.stderr


# WhatsApp and social media --------------------------------------------------


def folder_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("channel", ["whatsapp", "social"])
def test_folder_holds_the_text_and_the_photos_in_order(
    desk: Cli,
    with_photos: tuple[int, dict[str, Path]],
    tmp_path: Path,
    db_path: Path,
    channel: str,
) -> None:
    article, files = with_photos
    text = desk("render", str(article), "--to", channel).stdout
    out = tmp_path / f"kirim-{channel}"
    result = desk("render", str(article), "--to", channel, "--out", str(out))
    assert result.stdout == ""
    assert folder_files(out) == [
        "01-peserta-rapat.jpg",
        "02-rapat.jpg",
        "03-img-0412.jpg",
        "pesan.txt",
    ]
    assert (out / "pesan.txt").read_text(encoding="utf-8") == text
    sizes = {"01-peserta-rapat.jpg": (1600, 900), "02-rapat.jpg": (1600, 1200),
             "03-img-0412.jpg": (900, 600)}  # fmt: skip
    total = 0
    for name, size in sizes.items():
        data = (out / name).read_bytes()
        assert_clean_jpeg(data, size)
        total += len(data)
    assert (out / "02-rapat.jpg").read_bytes() == rendition(db_path, files["rapat"], "w1600.jpg")
    assert result.stderr == f"Wrote {out}: pesan.txt and 3 photos ({kb_or_mb(total)})\n"
    # Rendered again after a photo went: its file goes too, the folder is the message.
    desk("photo", "remove", str(article), "3")
    desk("render", str(article), "--to", channel, "--out", str(out))
    assert folder_files(out) == ["01-peserta-rapat.jpg", "02-rapat.jpg", "pesan.txt"]


def test_whatsapp_text_credits_the_photos_and_points_to_the_folder(
    desk: Cli, with_photos: tuple[int, dict[str, Path]]
) -> None:
    article, _ = with_photos
    result = desk("render", str(article), "--to", "whatsapp")
    lines = result.stdout.splitlines()
    credit = lines.index("Foto: Diskominfo Bengkalis; Humas Bawaslu Bengkalis")
    assert lines[credit + 1].startswith("https://bengkalis.bawaslu.go.id/articles/")
    assert result.stderr == (
        "The release has 3 photos; --out FOLDER writes them beside the text.\n"
    )
    assert "Foto:" not in desk("render", str(article), "--to", "social").stdout


def test_a_release_without_photos_gets_just_the_text(desk: Cli, tmp_path: Path) -> None:
    article = release(desk)
    out = tmp_path / "wa"
    result = desk("render", str(article), "--to", "whatsapp", "--out", str(out))
    assert folder_files(out) == ["pesan.txt"]
    assert result.stderr == f"Wrote {out}: pesan.txt\n"
    assert desk("render", str(article), "--to", "whatsapp").stderr == ""


def test_a_folder_newsroom_did_not_make_needs_force(
    desk: Cli, with_photos: tuple[int, dict[str, Path]], tmp_path: Path
) -> None:
    article, _ = with_photos
    out = tmp_path / "dokumen"
    out.mkdir()
    (out / "catatan.txt").write_text("punya saya", encoding="utf-8")
    error = one_error_line(
        desk("render", str(article), "--to", "whatsapp", "--out", str(out), code=2).stderr
    )
    assert "is not empty and was not written by newsroom" in error
    assert folder_files(out) == ["catatan.txt"]
    desk("render", str(article), "--to", "whatsapp", "--out", str(out), "--force")
    assert "pesan.txt" in folder_files(out)
    assert (out / "catatan.txt").read_text(encoding="utf-8") == "punya saya"


# Print ----------------------------------------------------------------------


def test_print_page_embeds_the_featured_photo(
    desk: Cli, with_photos: tuple[int, dict[str, Path]], tmp_path: Path, db_path: Path
) -> None:
    article, files = with_photos
    target = tmp_path / "rilis.html"
    desk("render", str(article), "--to", "print", "--out", str(target))
    page = target.read_text(encoding="utf-8")
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert len(sources) == 1  # the featured photo only, and nothing fetched from elsewhere
    assert sources[0].startswith("data:image/jpeg;base64,")
    data = base64.b64decode(sources[0].split(",", 1)[1])
    assert data == rendition(db_path, files["peserta"], "w960.jpg")
    assert_clean_jpeg(data, (960, 540))
    assert 'alt="Peserta menyimak" width="960" height="540"' in page
    assert (
        "<figcaption>Peserta menyimak paparan "
        '<span class="credit">Foto: Diskominfo Bengkalis</span></figcaption>'
    ) in page
    assert page.index("<h1>") < page.index('<figure class="photo">') < page.index("<main>")


def test_pdf_has_the_photo_on_its_page(
    desk: Cli, with_photos: tuple[int, dict[str, Path]], tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed")
    from newsroom_cli.services import press

    if press.chromium() is None:
        pytest.skip("Chromium is not installed")
    article, _ = with_photos
    target = tmp_path / "rilis.pdf"
    desk("render", str(article), "--to", "print", "--pdf", str(target))
    reader = pypdf.PdfReader(target)
    images: list[Any] = list(reader.pages[0].images)
    assert [image.image.size for image in images] == [(960, 540)]
    assert "Foto: Diskominfo Bengkalis" in reader.pages[0].extract_text()
    without = tmp_path / "tanpa-foto.pdf"
    desk("render", str(release(desk, "Rilis Tanpa Foto")), "--to", "print", "--pdf", str(without))
    assert list(pypdf.PdfReader(without).pages[0].images) == []


# Bad usage ------------------------------------------------------------------


FOLDER_ONLY = "is a folder (it gets pesan.txt and the photos)"
FORCE_ONLY = "--force is for --to whatsapp or social with --out FOLDER"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--to", "whatsapp", "--out", "{file}"],
            f"--out for --to whatsapp {FOLDER_ONLY}; {{file}} is a file",
        ),
        (
            ["--to", "social", "--out", "{new}.txt"],
            f"--out for --to social {FOLDER_ONLY}; {{new}}.txt looks like a file name",
        ),
        (
            ["--to", "email", "-f", "eml", "--out", "{folder}"],
            "--out for --to email is a file; {folder} is a folder",
        ),
        (
            ["--to", "print", "--out", "{folder}"],
            "--out for --to print is a file; {folder} is a folder",
        ),
        (
            ["--to", "print", "--pdf", "{folder}"],
            "--pdf for --to print is a file; {folder} is a folder",
        ),
        (["--to", "email", "--out", "{new}.txt", "--force"], FORCE_ONLY),
        (["--to", "whatsapp", "--force"], FORCE_ONLY),
        (["--to", "whatsapp", "--out", "{store}/wa"], "{store}/wa is inside the photo store"),
    ],
)
def test_bad_out_is_one_line_and_changes_nothing(
    desk: Cli,
    with_photos: tuple[int, dict[str, Path]],
    tmp_path: Path,
    db_path: Path,
    args: list[str],
    message: str,
) -> None:
    article, _ = with_photos
    places = {
        "file": str(tmp_path / "lama.txt"),
        "folder": str(tmp_path / "map"),
        "new": str(tmp_path / "baru"),
        "store": f"{db_path}-photos",
    }
    Path(places["file"]).write_text("lama", encoding="utf-8")
    Path(places["folder"]).mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    full = [arg.format(**places) for arg in args]
    result = desk("render", str(article), *full, code=2)
    assert message.format(**places) in one_error_line(result.stderr)
    assert result.stdout == ""
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert Path(places["file"]).read_text(encoding="utf-8") == "lama"


def test_a_photo_missing_from_the_store_is_one_line(
    desk: Cli, with_photos: tuple[int, dict[str, Path]], tmp_path: Path, db_path: Path
) -> None:
    article, files = with_photos
    folder = Path(f"{db_path}-photos") / "renditions" / sha(files["rapat"])[:2]
    (folder / sha(files["rapat"])).rename(tmp_path / "disimpan")
    target = tmp_path / "rilis.eml"
    result = desk("render", str(article), "--to", "email", "-f", "eml", "-o", str(target), code=1)
    assert one_error_line(result.stderr) == (
        f"Error: photo 1 of article {article} (rapat.jpg) has no renditions in the photo "
        "store; `newsroom db check` says what is wrong"
    )
    assert not target.exists()
    desk("render", str(article), "--to", "email")  # the text alone needs no photo file
