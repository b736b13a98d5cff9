"""The press kit: official numbers by hand, and one release rendered per channel."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from newsroom_cli import clock, config
from newsroom_cli.dates import from_iso
from newsroom_cli.errors import NewsroomError
from newsroom_cli.formats import channels
from newsroom_cli.models import Article, Changes
from newsroom_cli.services import editing, lookup, numbering
from newsroom_cli.store import Store

CHANNELS = ("whatsapp", "social", "email", "print")


def release(cfg: config.Config, article: Article) -> channels.Release:
    settings = {key: cfg.get(key) for key in config.SETTINGS}
    return channels.Release(article=article, settings=settings, now=clock.now())


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


def render(store: Store, cfg: config.Config, ref: str, channel: str, eml: bool = False) -> bytes:
    """The article for ``channel``: text (or a .eml message, or an HTML page) as bytes."""
    item = release(cfg, lookup.get(store, ref))
    if channel == "whatsapp":
        text = channels.whatsapp(item, int(cfg.get("render.whatsapp_length")))
    elif channel == "social":
        text = channels.social(item)
    elif channel == "email":
        if eml:
            return channels.email_message(item)
        text = f"Subject: {channels.email_subject(item)}\n\n{channels.email_text(item)}"
    else:
        text = channels.print_page(item)
    return text.encode("utf-8")


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
