"""The exported site in a real headless Chromium: no script runs, nothing overflows.

Needs Debian's `chromium` (installed by .ci/run) and the playwright package;
skips with a reason where either is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from conftest import Cli
from site_helpers import FIXTURE
from test_site_security import XSS_BODY, XSS_FIELD, XSS_TITLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(cli: Cli, tmp_path: Path) -> Path:
    cli("import", str(FIXTURE))
    cli("config", "site.title", "<script>alert('site')</script>Bawaslu Bengkalis")
    cli("config", "site.organization", XSS_FIELD)
    cli(
        "add", "--title", XSS_TITLE, "--body", XSS_BODY, "--summary", XSS_FIELD,
        "--author", XSS_FIELD, "--dateline", XSS_FIELD, "-t", "Berita",
        "-t", "<img src=x onerror=alert(1)>", "--status", "published", "--date", "30/6/2020",
    )  # fmt: skip
    out = tmp_path / "site"
    cli("export", "--format", "html", "--out", str(out))
    return out


def visit(browser: Any, path: Path, shot: Path) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": 375, "height": 812})
    dialogs: list[str] = []
    errors: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    found = {
        "dialogs": dialogs,
        "errors": errors,
        "overflow": page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        ),
        # the site's own links; links written inside a body are the author's business
        "links": page.eval_on_selector_all(
            "a[href]", "ls => ls.filter(a => !a.closest('.release-body')).map(a => a.href)"
        ),
        "scripts": page.eval_on_selector_all("script", "s => s.map(x => x.type)"),
    }
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    return found


def test_pages_in_chromium(browser: Any, site: Path, tmp_path: Path) -> None:
    hostile = next(
        p for p in (site / "articles").iterdir() if "script" in p.name or "judul" in p.name
    )
    targets = {
        "index": site / "index.html",
        "article": hostile,
        "tag": site / "tags" / "berita" / "index.html",
    }
    for name, path in targets.items():
        shot = tmp_path / f"{name}.png"
        found = visit(browser, path, shot)
        assert found["dialogs"] == [], f"{name}: a script ran: {found['dialogs']}"
        assert found["errors"] == [], f"{name}: console errors {found['errors']}"
        assert found["overflow"] <= 0, (
            f"{name}: scrolls sideways by {found['overflow']} px at 375 px"
        )
        assert set(found["scripts"]) <= {"application/ld+json"}
        for href in found["links"]:
            url = urlparse(href)
            if url.scheme == "file":
                assert Path(unquote(url.path)).is_file(), f"{name}: broken link {href}"
        assert shot.stat().st_size > 1000


def _photo(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> Path:
    """A photo-like JPEG: a colour field with stripes and a disc, so a screenshot shows
    at a glance whether it is whole, upright and in its place."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], max(size[0] // 12, 1)):
        draw.rectangle((x, 0, x + size[0] // 24, size[1] // 3), fill=(240, 240, 240))
    radius = min(size) // 4
    centre = (size[0] // 2, size[1] * 2 // 3)
    draw.ellipse(
        (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
        fill=(250, 200, 40),
    )
    image.save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def photo_site(cli: Cli, tmp_path: Path) -> Path:
    """A release with three photos (featured, placed in the body, gallery) and a second
    one with a photo, so that the index shows thumbnails."""
    body = "\n\n".join(
        [
            "Bawaslu Kabupaten Bengkalis menggelar rapat koordinasi pengawasan tahapan "
            "pemilihan bersama panitia pengawas kecamatan se-Kabupaten Bengkalis.",
            "![Peserta rapat mendengarkan paparan](photo:2)",
            "Rapat membahas kesiapan pengawasan kampanye dan pemungutan suara.",
        ]
    )
    cli.add(
        "Rapat Koordinasi Pengawasan Tahapan Pemilihan", "--body", body, "--dateline",
        "Bengkalis", "-t", "Pengawasan", "--status", "published", "--date", "1/6/2024",
    )  # fmt: skip
    cli(
        "photo", "add", "1",
        str(_photo(tmp_path / "rapat.jpg", (2400, 1600), (150, 30, 30))),
        "--caption", "Ketua Bawaslu Bengkalis membuka rapat koordinasi pengawasan",
        "--credit", "Humas Bawaslu Bengkalis", "--alt", "Ketua Bawaslu berbicara di podium",
    )  # fmt: skip
    cli("photo", "add", "1", str(_photo(tmp_path / "peserta.jpg", (800, 1200), (20, 110, 60))),
        "--caption", "Peserta rapat", "--credit", "Humas Bawaslu Bengkalis")  # fmt: skip
    cli("photo", "add", "1", str(_photo(tmp_path / "spanduk.jpg", (400, 300), (30, 40, 150))),
        "--caption", "Spanduk sosialisasi", "--credit", "Dok. Panwascam Bantan")  # fmt: skip
    cli.add("Sosialisasi Pengawasan Partisipatif", "--body", "Isi rilis.", "-t", "Pengawasan",
            "--status", "published", "--date", "2/6/2024")  # fmt: skip
    cli("photo", "add", "2", str(_photo(tmp_path / "sosialisasi.jpg", (1600, 900), (90, 60, 20))))
    out = tmp_path / "site"
    cli("export", "--format", "html", "--out", str(out))
    return out


def artifacts(tmp_path: Path) -> Path:
    """Where screenshots go: ``$NEWSROOM_TEST_ARTIFACTS`` to keep them (CI uploads that
    folder), else the test's own temporary folder."""
    kept = os.environ.get("NEWSROOM_TEST_ARTIFACTS")
    folder = Path(kept) if kept else tmp_path / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def look(browser: Any, path: Path, width: int, shot: Path) -> dict[str, Any]:
    """Open a page ``width`` px wide, scroll it through so that every lazy photo is
    asked for, wait for them, and take a full-page screenshot."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += 400) {"
        " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } }"
    )
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=10_000)
    found = {
        "errors": errors,
        "images": page.eval_on_selector_all(
            "img", "is => is.map(i => [i.currentSrc, i.naturalWidth, i.clientWidth])"
        ),
        "overflow": page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"),
    }
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    return found


def test_photos_load_and_fit_on_a_phone_and_a_desktop(
    browser: Any, photo_site: Path, tmp_path: Path
) -> None:
    article = next((photo_site / "articles").glob("rapat-*.html"))
    shots = artifacts(tmp_path)
    for width in (375, 1280):
        for name, path in (("article", article), ("index", photo_site / "index.html")):
            found = look(browser, path, width, shots / f"photos-{name}-{width}.png")
            assert found["errors"] == [], f"{name} at {width} px: {found['errors']}"
            images = found["images"]
            assert images, f"{name}: no images"
            for src, natural, shown in images:
                assert natural > 0, f"{name} at {width} px: {src} did not load"
                assert src.endswith(".webp"), f"{name}: the browser took {src}, not the WebP"
                assert shown <= width
            overflow = found["overflow"]
            assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {width} px"
            if name == "article":
                assert len(images) == 3
                lead = images[0][0]
                # sizes: 375 - 2rem = 343 px wants w480; the 42rem column at 1280 wants w960
                assert lead.endswith("/w480.webp" if width == 375 else "/w960.webp"), lead
            else:
                assert len(images) == 2  # one thumbnail per release
