"""The exported site in a real headless Chromium: no script runs, nothing overflows.

Needs Debian's `chromium` (installed by .ci/run) and the playwright package;
skips with a reason where either is missing.
"""

from __future__ import annotations

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
