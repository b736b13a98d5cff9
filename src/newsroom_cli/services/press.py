"""The press kit: official numbers by hand, and one release rendered per channel.

Photos go out as JPEG renditions read from the photo store, never as originals
(an original may hold the GPS position where it was taken, the owner's name,
the camera's serial number; no rendition holds any metadata):

* files sent with a message (e-mail attachments, a WhatsApp or social folder):
  the 1600-px rendition, enough for a newspaper to print a photo a column or two
  wide, at about 430 KB (bench/photos.py's 12-megapixel photo), so that an e-mail
  with a dozen photos stays under the 10 MB many mail servers accept (base64
  makes each a third larger in the message);
* a photo shown in a column (the A4 page, the body of an e-mail): the 960-px
  rendition, sharp at 170 mm wide on paper (about 140 dpi) and a third of the
  size (160 KB).

A photo narrower than that has a rendition at its own width, which is used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newsroom_cli import clock, config
from newsroom_cli.dates import from_iso
from newsroom_cli.errors import InvalidInput, NewsroomError
from newsroom_cli.files.folder import FolderWriter, WriteSummary
from newsroom_cli.files.protected import protected
from newsroom_cli.formats import channels
from newsroom_cli.media.store import PhotoStore
from newsroom_cli.models import Article, Changes, Photo
from newsroom_cli.services import editing, lookup, numbering, photos
from newsroom_cli.store import Store

CHANNELS = ("whatsapp", "social", "email", "print")
FOLDER_CHANNELS = ("whatsapp", "social")  # --out is a folder: the text and the photos
TEXT_NAME = "pesan.txt"  # "message": the text of a whatsapp or social folder
FILE_WIDTH = 1600  # px: photos sent as files
COLUMN_WIDTH = 960  # px: the featured photo shown in a column
MAIL_LIMIT = 10 * 1024 * 1024  # bytes: what many mail servers accept at most
_WIDTH_JPEG = re.compile(r"w(\d+)\.jpg")


@dataclass(frozen=True)
class Rendered:
    """A release for one channel: the text (or message, or page) and what goes with it."""

    data: bytes
    files: tuple[channels.Picture, ...] = ()  # photos to write beside the text
    attached: int = 0  # photos attached to an .eml
    photos: int = 0  # photos the release has


def release(
    cfg: config.Config,
    article: Article,
    pictures: tuple[channels.Picture, ...] = (),
    lead: channels.Picture | None = None,
) -> channels.Release:
    settings = {key: cfg.get(key) for key in config.SETTINGS}
    return channels.Release(
        article=article, settings=settings, now=clock.now(), pictures=pictures, lead=lead
    )


def assign_number(store: Store, cfg: config.Config, ref: str) -> tuple[Article, bool]:
    """The next number for an article that has none (its release date's year, or today's)."""

    def give(article: Article) -> None:
        if article.number:
            return
        when = article.published_at or editing.now_stamp(cfg)

        numbering.assign_next(store, article, cfg.numbering_pattern, cfg.org_code, from_iso(when))

    return editing.change(store, cfg, ref, give, "numbered")


def set_number(store: Store, cfg: config.Config, ref: str, number: str) -> tuple[Article, bool]:
    return editing.update(store, cfg, ref, Changes(number=number))


def render(
    store: Store,
    cfg: config.Config,
    ref: str,
    channel: str,
    eml: bool = False,
    *,
    with_photos: bool = False,
) -> Rendered:
    """The article for ``channel``: text (or a .eml message, or an HTML page) as bytes.

    The .eml carries the photos and the print page the featured one; for WhatsApp
    and social media ``with_photos`` reads the photos to write beside the text.
    """
    article = lookup.get(store, ref)
    count = len(article.photos)
    if channel in FOLDER_CHANNELS:
        files = pictures(store, article, FILE_WIDTH) if with_photos else ()
        item = release(cfg, article)
        if channel == "whatsapp":
            text = channels.whatsapp(item, int(cfg.get("render.whatsapp_length")))
        else:
            text = channels.social(item)
        return Rendered(text.encode("utf-8"), files=files, photos=count)
    if channel == "email" and not eml:
        item = release(cfg, article)
        text = f"Subject: {channels.email_subject(item)}\n\n{channels.email_text(item)}"
        return Rendered(text.encode("utf-8"), photos=count)
    lead = featured(store, article, COLUMN_WIDTH)
    if channel == "email":
        attached = pictures(store, article, FILE_WIDTH)
        message = channels.email_message(release(cfg, article, attached, lead))
        return Rendered(message, attached=len(attached), photos=count)
    page = channels.print_page(release(cfg, article, lead=lead))
    return Rendered(page.encode("utf-8"), photos=count)


def pictures(store: Store, article: Article, width: int) -> tuple[channels.Picture, ...]:
    """Every photo of the release, featured first, as its JPEG of at most ``width`` px."""
    kept = photos.store_of(store)
    ordered = channels.in_order(article)
    return tuple(
        _picture(kept, article, photo, name, width)
        for photo, name in zip(ordered, channels.file_names(ordered), strict=True)
    )


def featured(store: Store, article: Article, width: int) -> channels.Picture | None:
    photo = article.featured_photo
    if photo is None:
        return None
    name = channels.file_names([photo])[0]
    return _picture(photos.store_of(store), article, photo, name, width)


def _picture(
    kept: PhotoStore, article: Article, photo: Photo, name: str, width: int
) -> channels.Picture:
    """The widest JPEG rendition of ``photo`` no wider than ``width`` (a photo narrower
    than that has one at its own width), read from the store: never the original."""
    folder = kept.renditions_folder(photo.sha256)
    try:
        found = sorted(int(m[1]) for n in os.listdir(folder) if (m := _WIDTH_JPEG.fullmatch(n)))
    except OSError:
        found = []
    number = next(n for n, p in enumerate(article.photos, 1) if p is photo)
    missing = NewsroomError(
        f"photo {number} of article {article.id} ({photo.filename}) has no renditions in "
        f"the photo store; `newsroom db check` says what is wrong"
    )
    if not found:
        raise missing
    chosen = max((w for w in found if w <= width), default=found[0])
    try:
        data = (folder / f"w{chosen}.jpg").read_bytes()
    except OSError:
        raise missing from None
    return channels.Picture(photo=photo, name=name, data=data, width=chosen)


def write_folder(
    store: Store, out: Path, channel: str, rendered: Rendered, *, force: bool = False
) -> WriteSummary:
    """``render --to whatsapp --out DIR``: ``pesan.txt`` and the photos, in a folder of
    their own; a file of an earlier render that is no longer sent is removed."""
    check_folder_out(out, channel)
    writer = FolderWriter(out, f"render-{channel}", protected(store.path), force=force)
    try:
        writer.write(TEXT_NAME, rendered.data)
        for picture in rendered.files:
            writer.write(picture.name, picture.data)
    except BaseException:
        writer.abandon()
        raise
    return writer.finish()


_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".eml", ".html", ".htm", ".pdf"})


def check_folder_out(out: Path, channel: str) -> None:
    """``--out`` for WhatsApp and social media is a folder: refuse a file, or a new name
    that reads as one (``wa.txt`` once named the text file these channels wrote)."""
    what = f"--out for --to {channel} is a folder (it gets {TEXT_NAME} and the photos)"
    target = out.expanduser()
    if target.exists() and not target.is_dir():
        raise InvalidInput(f"{what}; {out} is a file")
    if not target.exists() and target.suffix.lower() in _TEXT_SUFFIXES:
        raise InvalidInput(f"{what}; {out} looks like a file name")


def check_file_out(out: Path, channel: str, option: str = "--out") -> None:
    """``--out`` for e-mail and print (and ``--pdf``) is a file, not a folder."""
    if out.expanduser().is_dir():
        raise InvalidInput(f"{option} for --to {channel} is a file; {out} is a folder")


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


def print_pdf(page: bytes) -> bytes:
    """The page printed to PDF by headless Chromium, where it is installed.

    Chromium prints into a temporary folder; the caller writes the bytes where
    they belong, through the one guarded, atomic file writer.
    """
    browser = chromium()
    if browser is None:
        raise NewsroomError(
            "--pdf needs Chromium, which is not installed (apt install chromium); "
            "render --to print --out page.html and print that page from a browser instead"
        )
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "release.html"
        target = Path(folder) / "release.pdf"
        html.write_bytes(page)
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={folder}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                html.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0 or not target.exists():
            reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise NewsroomError(f"Chromium could not print the PDF: {reason[0]}")
        return target.read_bytes()
