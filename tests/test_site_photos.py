"""Photos in the website, through the real CLI: figures, files, links, keys, metadata."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import ExifTags, Image

from conftest import Cli, one_error_line
from newsroom_cli.files.folder import read_manifest_files
from site_helpers import parse
from test_site_incremental import changed, snapshot
from test_site_security import assert_safe_html

BASE = "https://bengkalis.bawaslu.go.id"
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
BODY = (
    "Bawaslu Kabupaten Bengkalis menggelar rapat koordinasi pengawasan.\n\n"
    "![Peserta rapat di aula](photo:2)\n\n"
    "Rapat dihadiri panitia pengawas kecamatan ![foto yang tidak ada](photo:9) se-Bengkalis."
)


def jpeg(
    path: Path,
    size: tuple[int, int],
    colour: tuple[int, int, int],
    *,
    gps: bool = False,
) -> Path:
    """A JPEG with a gradient and, if asked, the metadata a phone writes (GPS, owner)."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):
        image.paste((x % 255, 90, 200 - x % 200), (x, 0, x + 20, size[1] // 2))
    exif = Image.Exif()
    if gps:
        exif[0x010E] = "Rapat koordinasi"  # ImageDescription
        exif[0x013B] = "Budi Santoso"  # Artist
        exif[0xA431] = "SN-0042-RAHASIA"  # BodySerialNumber
        exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (1.0, 28.0, 30.0), 3: "E", 4: (102.0, 6.0, 0.0)}
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def sha_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def site_path(sha: str, name: str) -> str:
    return f"photos/{sha[:2]}/{sha}/{name}"


def export(cli: Cli, out: Path, *args: str) -> str:
    return str(cli("export", "--format", "html", "--out", str(out), *args).stderr)


@pytest.fixture
def photos(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "foto"
    folder.mkdir()
    return {
        "lead": jpeg(folder / "rapat.jpg", (2000, 1500), (180, 40, 40), gps=True),
        "placed": jpeg(folder / "peserta.jpg", (900, 600), (20, 120, 60)),
        "gallery": jpeg(folder / "spanduk.jpg", (400, 600), (30, 30, 160)),
        "draft": jpeg(folder / "draf.jpg", (1200, 800), (200, 200, 20)),
        "embargo": jpeg(folder / "embargo.jpg", (1000, 1000), (90, 10, 90)),
    }


@pytest.fixture
def site(cli: Cli, tmp_path: Path, photos: dict[str, Path]) -> tuple[Cli, Path]:
    """A published release with three photos (lead, placed in the body, gallery), one
    without photos, a draft and an embargoed release with photos of their own."""
    cli("config", "site.title", "Bawaslu Kabupaten Bengkalis")
    cli("config", "site.base_url", BASE)
    cli.add(
        "Rapat Koordinasi Pengawasan", "--body", BODY, "--dateline", "Bengkalis",
        "-t", "Pengawasan", "--category", "Berita", "--status", "published",
        "--date", "1/6/2024",
    )  # fmt: skip
    cli(
        "photo", "add", "1", str(photos["lead"]), "--caption", "Ketua Bawaslu membuka rapat",
        "--credit", "Humas Bawaslu Bengkalis", "--alt", "Ketua Bawaslu berbicara di podium",
    )  # fmt: skip
    cli("photo", "add", "1", str(photos["placed"]), "--caption", "Peserta rapat",
        "--credit", "Humas Bawaslu Bengkalis", "--alt", "Peserta duduk")  # fmt: skip
    cli("photo", "add", "1", str(photos["gallery"]), "--caption", "Spanduk <sosialisasi> & "
        "\"pemilu\"", "--credit", "Dok. Panwascam", "--alt", "")  # fmt: skip
    cli.add("Tanpa Foto", "--body", "Isi.", "-t", "Pengawasan", "--status", "published",
            "--date", "2/6/2024")  # fmt: skip
    cli.add("Draf Rahasia", "--body", "Belum terbit.", "--date", "3/6/2024")
    cli("photo", "add", "3", str(photos["draft"]), "--caption", "Draf")
    cli.add("Rilis Embargo", "--body", "Nanti.", "--status", "published", "--date", "4/6/2024",
            "--embargo-until", "1/1/2099")  # fmt: skip
    cli("photo", "add", "4", str(photos["embargo"]))
    out = tmp_path / "site"
    export(cli, out)
    return cli, out


def article_page(cli: Cli, out: Path, ref: str = "1") -> Path:
    return out / "articles" / f"{cli.json('show', ref, '--format', 'json')['slug']}.html"


def shas(photos: dict[str, Path]) -> dict[str, str]:
    return {name: sha_of(path) for name, path in photos.items()}


def store_of(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-photos")


def lead_figure(sha: str) -> str:
    widths = [(480, 360), (960, 720), (1600, 1200)]
    webp = ", ".join(f"../{site_path(sha, f'w{w}.webp')} {w}w" for w, _ in widths)
    jpg = ", ".join(f"../{site_path(sha, f'w{w}.jpg')} {w}w" for w, _ in widths)
    return (
        '<figure class="photo photo-lead">\n'
        "<picture>\n"
        f'<source type="image/webp" srcset="{webp}" sizes="{SIZES}">\n'
        f'<img src="../{site_path(sha, "w960.jpg")}" srcset="{jpg}" sizes="{SIZES}" '
        'width="1600" height="1200" alt="Ketua Bawaslu berbicara di podium">\n'
        "</picture>\n"
        "<figcaption>Ketua Bawaslu membuka rapat "
        '<span class="photo-credit">Foto: Humas Bawaslu Bengkalis</span></figcaption>\n'
        "</figure>"
    )


def test_the_featured_photo_heads_the_article_as_a_figure(
    site: tuple[Cli, Path], photos: dict[str, Path]
) -> None:
    cli, out = site
    html = article_page(cli, out).read_text()
    sha = shas(photos)["lead"]
    assert html.count(lead_figure(sha)) == 1
    # after the headline, before the body
    assert html.index("<h1>") < html.index(lead_figure(sha)) < html.index('class="release-body"')


def test_a_photo_placed_in_the_body_and_the_gallery(
    site: tuple[Cli, Path], photos: dict[str, Path]
) -> None:
    cli, out = site
    html = article_page(cli, out).read_text()
    found = shas(photos)
    placed = found["placed"]
    body = html[
        html.index('<div class="release-body">') : html.index(
            "</div>", html.index('<div class="release-body">')
        )
    ]
    expected = (
        '<p><span class="dateline">BENGKALIS</span> – Bawaslu Kabupaten Bengkalis menggelar '
        "rapat koordinasi pengawasan.</p>\n"
        '<figure class="photo">\n<picture>\n'
        f'<source type="image/webp" srcset="../{site_path(placed, "w480.webp")} 480w, '
        f'../{site_path(placed, "w900.webp")} 900w" sizes="{SIZES}">\n'
        f'<img src="../{site_path(placed, "w900.jpg")}" srcset="../{site_path(placed, "w480.jpg")}'
        f' 480w, ../{site_path(placed, "w900.jpg")} 900w" sizes="{SIZES}" width="900" '
        'height="600" alt="Peserta rapat di aula" loading="lazy" decoding="async">\n'
        "</picture>\n"
        '<figcaption>Peserta rapat <span class="photo-credit">Foto: Humas Bawaslu Bengkalis'
        "</span></figcaption>\n</figure>\n"
        # photo 9 does not exist: its alt text stays, as text, in its sentence
        "<p>Rapat dihadiri panitia pengawas kecamatan foto yang tidak ada se-Bengkalis.</p>\n"
    )
    assert expected in body
    # photo 3, neither featured nor placed, follows the body in the gallery; its own
    # width (400 px) is its only rendition, and its caption is escaped
    gallery = html[html.index('<section class="release-photos">') :]
    gallery = gallery[: gallery.index("</section>")]
    third = found["gallery"]
    assert "<h2>Foto</h2>" in gallery
    assert (
        '<li><figure class="photo">\n<picture>\n'
        f'<source type="image/webp" srcset="../{site_path(third, "w400.webp")} 400w" '
        f'sizes="{SIZES}">\n'
        f'<img src="../{site_path(third, "w400.jpg")}" srcset="../{site_path(third, "w400.jpg")}'
        f' 400w" sizes="{SIZES}" width="400" height="600" alt="" loading="lazy" '
        'decoding="async">\n</picture>\n'
        "<figcaption>Spanduk &lt;sosialisasi&gt; &amp; &quot;pemilu&quot; "
        '<span class="photo-credit">Foto: Dok. Panwascam</span></figcaption>\n</figure></li>'
    ) in gallery
    assert found["lead"] not in gallery
    assert placed not in gallery
    # each photo shown once: three pictures on the page
    assert html.count("<picture>") == 3
    assert_safe_html(html, "article")


def test_lazy_everywhere_but_the_featured_photo(site: tuple[Cli, Path]) -> None:
    cli, out = site
    imgs = _imgs(article_page(cli, out).read_text())
    assert len(imgs) == 3
    lead, *rest = imgs
    assert "loading" not in lead
    assert "decoding" not in lead
    for img in rest:
        assert img["loading"] == "lazy"
        assert img["decoding"] == "async"
    for img in imgs:
        assert "alt" in img  # always there, even when empty


def _imgs(html: str) -> list[dict[str, str]]:
    """Every <img>'s attributes, in page order."""
    return [dict(re.findall(r'(\w[\w-]*)="([^"]*)"', t)) for t in re.findall(r"<img\s[^>]*>", html)]


def _sources(html: str) -> list[dict[str, str]]:
    return [
        dict(re.findall(r'(\w[\w-]*)="([^"]*)"', t)) for t in re.findall(r"<source\s[^>]*>", html)
    ]


def test_srcset_widths_and_sizes_are_the_files_own(site: tuple[Cli, Path]) -> None:
    """Every srcset entry is a file of the site, exactly as wide as it claims, and
    width/height give the widest one's shape: no layout shift, no wrong guess."""
    cli, out = site
    page = article_page(cli, out)
    html = page.read_text()
    for element in [*_imgs(html), *_sources(html)]:
        assert element["sizes"] == SIZES
        entries = [entry.rsplit(" ", 1) for entry in element["srcset"].split(", ")]
        widest = None
        for url, width in entries:
            with Image.open(page.parent / url) as image:
                assert f"{image.width}w" == width, url
                assert image.format == ("WEBP" if url.endswith(".webp") else "JPEG")
                widest = image.size
        if "width" in element:
            assert (int(element["width"]), int(element["height"])) == widest
            assert (page.parent / element["src"]).is_file()


def test_open_graph_twitter_and_json_ld(site: tuple[Cli, Path], photos: dict[str, Path]) -> None:
    cli, out = site
    sha = shas(photos)["lead"]
    page = parse(article_page(cli, out))
    assert page.metas("og:image") == [f"{BASE}/{site_path(sha, 'social.jpg')}"]
    with Image.open(out / site_path(sha, "social.jpg")) as social:
        assert social.size == (1200, 630)
    assert page.metas("og:image:width") == ["1200"]
    assert page.metas("og:image:height") == ["630"]
    assert page.metas("og:image:alt") == ["Ketua Bawaslu berbicara di podium"]
    assert page.metas("twitter:card") == ["summary_large_image"]
    images = page.json_ld()["image"]
    assert images == [
        f"{BASE}/{site_path(sha, name)}" for name in ("16x9.jpg", "4x3.jpg", "1x1.jpg")
    ]
    ratios = []
    for url in images:
        with Image.open(out / url.removeprefix(f"{BASE}/")) as crop:
            ratios.append(round(crop.width / crop.height, 2))
    assert ratios == [1.78, 1.33, 1.0]
    # a release without photos has no image and no large card
    plain = parse(article_page(cli, out, "2"))
    assert plain.metas("og:image") == []
    assert plain.metas("twitter:card") == []
    assert "image" not in plain.json_ld()


def test_without_base_url_og_image_is_relative_and_resolves(
    site: tuple[Cli, Path], tmp_path: Path
) -> None:
    cli, _ = site
    cli("config", "site.base_url", "")
    out = tmp_path / "relative"
    export(cli, out)
    page_path = article_page(cli, out)
    page = parse(page_path)
    (image,) = page.metas("og:image")
    assert image.startswith("../photos/")
    assert image.endswith("/social.jpg")
    assert (page_path.parent / image).is_file()
    for url in page.json_ld()["image"]:
        assert (page_path.parent / url).is_file()


def test_og_image_from_the_body_is_escaped_once(cli: Cli, tmp_path: Path) -> None:
    cli.add("Gambar Luar", "--body", "![peta](https://example.org/peta.png?a=1&b=2)",
            "--status", "published", "--date", "1/6/2024")  # fmt: skip
    out = tmp_path / "s"
    export(cli, out)
    raw = article_page(cli, out).read_text()
    assert '<meta property="og:image" content="https://example.org/peta.png?a=1&amp;b=2">' in raw
    assert "&amp;amp;" not in raw
    page = parse(article_page(cli, out))
    assert page.metas("og:image") == ["https://example.org/peta.png?a=1&b=2"]
    assert page.json_ld()["image"] == ["https://example.org/peta.png?a=1&b=2"]
    assert page.metas("og:image:width") == []


def test_lists_show_a_thumbnail_of_the_featured_photo(
    site: tuple[Cli, Path], photos: dict[str, Path]
) -> None:
    _, out = site
    sha = shas(photos)["lead"]
    for page, prefix in (
        (out / "index.html", ""),
        (out / "tags" / "pengawasan" / "index.html", "../../"),
        (out / "categories" / "berita" / "index.html", "../../"),
    ):
        html = page.read_text()
        assert (
            '<picture class="release-thumb">\n'
            f'<source type="image/webp" srcset="{prefix}{site_path(sha, "w480.webp")}">\n'
            f'<img src="{prefix}{site_path(sha, "w480.jpg")}" width="480" height="360" '
            'alt="Ketua Bawaslu berbicara di podium" loading="lazy" decoding="async">\n'
            "</picture>"
        ) in html, page
        assert html.count("release-thumb") == 1  # "Tanpa Foto" has none
        assert (page.parent / f"{prefix}{site_path(sha, 'w480.jpg')}").is_file()


def test_the_site_holds_the_renditions_its_pages_use_and_nothing_else(
    site: tuple[Cli, Path], photos: dict[str, Path], db_path: Path
) -> None:
    cli, out = site
    found = shas(photos)
    widths = {"lead": (480, 960, 1600), "placed": (480, 900), "gallery": (400,)}
    expected = set()
    for name, sizes in widths.items():
        for width in sizes:
            expected |= {
                site_path(found[name], f"w{width}.webp"),
                site_path(found[name], f"w{width}.jpg"),
            }
    expected |= {
        site_path(found["lead"], f"{crop}.jpg") for crop in ("social", "16x9", "4x3", "1x1")
    }
    files = {str(p.relative_to(out)) for p in (out / "photos").rglob("*") if p.is_file()}
    assert files == expected
    # the draft's and the embargoed release's photos never reach the public site
    assert found["draft"] not in str(files)
    assert found["embargo"] not in str(files)
    originals = set(found.values())
    for name in files:
        data = (out / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() not in originals  # never an original
        with Image.open(out / name) as image:
            image.load()
            assert not image.getexif(), name  # no EXIF: no GPS, serial number, owner
            assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info), name
        assert b"SN-0042-RAHASIA" not in data
        assert b"Budi Santoso" not in data
    # the original in the store does keep its metadata: the test would see it
    original = store_of(db_path) / "originals" / found["lead"][:2] / found["lead"]
    assert b"SN-0042-RAHASIA" in original.read_bytes()
    del cli


def test_renditions_are_hard_links_into_the_photo_store(
    site: tuple[Cli, Path], photos: dict[str, Path], db_path: Path
) -> None:
    _, out = site
    store = store_of(db_path)
    if os.stat(store).st_dev != os.stat(out).st_dev:
        pytest.skip("the photo store and the site are on different file systems")
    sha = shas(photos)["lead"]
    for name in ("w960.webp", "social.jpg"):
        exported = (out / site_path(sha, name)).stat()
        kept = (store / "renditions" / sha[:2] / sha / name).stat()
        assert (exported.st_dev, exported.st_ino) == (kept.st_dev, kept.st_ino)
        assert exported.st_nlink >= 2


def test_another_file_system_gets_copies(
    site: tuple[Cli, Path], photos: dict[str, Path], db_path: Path
) -> None:
    cli, _ = site
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(db_path.parent).st_dev:
        pytest.skip("no second file system to export to")
    out = shm / f"newsroom-test-{os.getpid()}-{db_path.parent.name}"
    try:
        export(cli, out)
        sha = shas(photos)["lead"]
        exported = out / site_path(sha, "w960.jpg")
        kept = store_of(db_path) / "renditions" / sha[:2] / sha / "w960.jpg"
        assert (
            exported.stat().st_ino != kept.stat().st_ino
            or exported.stat().st_dev != kept.stat().st_dev
        )
        assert exported.read_bytes() == kept.read_bytes()
        before = snapshot(out)
        summary = export(cli, out)
        assert " 0 written," in summary
        assert snapshot(out) == before
    finally:
        shutil.rmtree(out, ignore_errors=True)


def test_no_change_re_export_touches_nothing(site: tuple[Cli, Path]) -> None:
    cli, out = site
    before = snapshot(out)
    summary = export(cli, out)
    assert summary == f"Exported to {out}: 0 written, {len(before)} unchanged, 0 removed\n"
    assert snapshot(out) == before
    manifest = read_manifest_files(out / ".newsroom-manifest.json")
    assert {p for p in manifest if p.startswith("photos/")} == {
        p for p in before if p.startswith("photos/")
    }


def test_a_caption_edit_rewrites_only_that_page(site: tuple[Cli, Path]) -> None:
    cli, out = site
    before = snapshot(out)
    cli("photo", "edit", "1", "3", "--caption", "Spanduk sosialisasi pemilu")
    export(cli, out)
    page = article_page(cli, out)
    # the feeds and the sitemap carry the release's time of change (to the second), so
    # they may follow it; nothing else may: not the lists, not the other releases
    rewritten = changed(before, snapshot(out))
    assert rewritten - {"feed.xml", "rss.xml", "sitemap.xml"} == {str(page.relative_to(out))}
    assert "Spanduk sosialisasi pemilu" in page.read_text()


def test_a_removed_photo_leaves_the_site(site: tuple[Cli, Path], photos: dict[str, Path]) -> None:
    cli, out = site
    found = shas(photos)
    gone = out / "photos" / found["gallery"][:2]
    assert gone.is_dir()
    cli("photo", "remove", "1", "3")
    summary = export(cli, out)
    assert ", 2 removed" in summary  # w400.webp and w400.jpg
    assert not gone.exists()  # and its emptied folders
    assert "release-photos" not in article_page(cli, out).read_text()
    assert (out / site_path(found["lead"], "w960.webp")).is_file()
    # the photo is still in the store (a revision may bring it back)
    cli("revert", "1", str(cli.json("show", "1", "--format", "json")["revision"] - 1))
    export(cli, out)
    assert (out / site_path(found["gallery"], "w400.jpg")).is_file()


def test_a_changed_featured_photo_changes_page_lists_and_files(
    site: tuple[Cli, Path], photos: dict[str, Path]
) -> None:
    cli, out = site
    found = shas(photos)
    cli("photo", "edit", "1", "2", "--featured")
    export(cli, out)
    index = (out / "index.html").read_text()
    assert site_path(found["placed"], "w480.jpg") in index
    assert site_path(found["lead"], "w480.jpg") not in index
    # the old lead's crops are no longer shown by any page; the new one's are
    assert not (out / site_path(found["lead"], "social.jpg")).exists()
    assert (out / site_path(found["placed"], "social.jpg")).is_file()
    page = article_page(cli, out).read_text()
    # the new featured photo is placed in the body: there, eager, and not again at the head
    assert 'class="photo photo-lead"' not in page
    lead = [img for img in _imgs(page) if found["placed"] in img["src"]]
    assert len(lead) == 1
    assert "loading" not in lead[0]
    # the old lead, no longer featured nor placed, joins the gallery
    gallery = page[page.index('class="release-photos"') :]
    assert found["lead"] in gallery


def test_publishing_and_unpublishing_brings_and_takes_photos(
    site: tuple[Cli, Path], photos: dict[str, Path]
) -> None:
    cli, out = site
    draft = shas(photos)["draft"]
    cli("publish", "3")
    export(cli, out)
    assert (out / site_path(draft, "w960.jpg")).is_file()
    cli("unpublish", "3")
    export(cli, out)
    assert not (out / "photos" / draft[:2] / draft).exists()


def test_a_preview_with_drafts_shows_their_photos(
    site: tuple[Cli, Path], photos: dict[str, Path], tmp_path: Path
) -> None:
    cli, _ = site
    out = tmp_path / "preview"
    export(cli, out, "--include-drafts")
    assert (out / site_path(shas(photos)["draft"], "w480.jpg")).is_file()


def test_a_photo_shared_by_two_releases_is_one_set_of_files(
    site: tuple[Cli, Path], photos: dict[str, Path]
) -> None:
    cli, out = site
    cli("photo", "add", "2", str(photos["lead"]), "--caption", "Foto yang sama")
    export(cli, out)
    sha = shas(photos)["lead"]
    assert len(list((out / "photos" / sha[:2] / sha).iterdir())) == 10
    cli("photo", "remove", "1", "1")
    export(cli, out)
    assert (out / site_path(sha, "social.jpg")).is_file()  # still release 2's lead


def test_a_rendition_missing_from_the_store_is_a_clear_error(
    site: tuple[Cli, Path], photos: dict[str, Path], db_path: Path
) -> None:
    cli, out = site
    sha = shas(photos)["placed"]
    cli("photo", "edit", "1", "2", "--caption", "Diubah")
    (store_of(db_path) / "renditions" / sha[:2] / sha / "w900.webp").unlink()
    # the site's own copy (a link) is still there: nothing needs the store's file
    assert "0 removed" in export(cli, out)
    # once the site's copy is gone too, the export says which photo of which release
    (out / site_path(sha, "w900.webp")).unlink()
    before = snapshot(out)
    manifest = (out / ".newsroom-manifest.json").read_bytes()
    cli("photo", "edit", "1", "2", "--caption", "Diubah lagi")
    result = cli("export", "--format", "html", "--out", str(out), code=1)
    message = one_error_line(result.stderr)
    assert "photo 2 (peserta.jpg) has no w900.webp in the photo store" in message
    assert "newsroom photo remove 1 2" in message
    assert snapshot(out) == before  # the previous site stays as it was
    assert (out / ".newsroom-manifest.json").read_bytes() == manifest


def test_a_symlink_in_the_store_is_never_published(
    site: tuple[Cli, Path], photos: dict[str, Path], db_path: Path, tmp_path: Path
) -> None:
    cli, _ = site
    secret = tmp_path / "rahasia.txt"
    secret.write_text("kata sandi")
    sha = shas(photos)["placed"]
    target = store_of(db_path) / "renditions" / sha[:2] / sha / "w480.jpg"
    target.unlink()
    target.symlink_to(secret)
    out = tmp_path / "other"
    result = cli("export", "--format", "html", "--out", str(out), code=1)
    assert "is not a regular file" in one_error_line(result.stderr)
    assert not any(
        "kata sandi" in p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()
    )


def test_worker_processes_write_the_same_site(
    site: tuple[Cli, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, out = site
    monkeypatch.setenv("NEWSROOM_WORKERS", "2")
    parallel = tmp_path / "parallel"
    export(cli, parallel)
    for path in out.rglob("*"):
        if path.is_file() and path.name != ".newsroom-manifest.json":
            assert (parallel / path.relative_to(out)).read_bytes() == path.read_bytes(), path


def test_ninjs_carries_the_photos_as_associations(
    site: tuple[Cli, Path], photos: dict[str, Path], tmp_path: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    cli, _ = site
    schema = json.loads((Path(__file__).parent / "fixtures" / "ninjs-schema_2.2.json").read_text())
    out = tmp_path / "ninjs"
    cli("export", "--format", "ninjs", "--out", str(out))
    slug = cli.json("show", "1", "--format", "json")["slug"]
    item: dict[str, Any] = json.loads((out / f"{slug}.json").read_text())
    jsonschema.validate(item, schema, format_checker=jsonschema.FormatChecker())
    found = shas(photos)
    names = [a["name"] for a in item["associations"]]
    assert names == ["featureimage", "photo2", "photo3"]
    lead = item["associations"][0]
    assert lead["type"] == "picture"
    assert lead["uri"].startswith("ni:///sha-256;")
    assert lead["descriptions"] == [
        {"value": "Ketua Bawaslu membuka rapat", "role": "caption"},
        {"value": "Ketua Bawaslu berbicara di podium", "role": "alt"},
    ]
    assert lead["by"] == "Humas Bawaslu Bengkalis"
    assert [r["name"] for r in lead["renditions"]] == ["w480", "w960", "w1600"]
    for association in item["associations"]:
        for rendition in association["renditions"]:
            file = out / rendition["href"]
            with Image.open(file) as image:
                assert image.size == (rendition["width"], rendition["height"])
                assert image.format == "JPEG"
                assert rendition["contenttype"] == "image/jpeg"
                assert not image.getexif()
            assert rendition["sizeinbytes"] == file.stat().st_size
    assert found["gallery"] in item["associations"][2]["renditions"][0]["href"]
    # the placed photo is in the HTML body, from the file beside the JSON
    body = item["bodies"][0]["value"]
    assert f'<img src="{site_path(found["placed"], "w900.jpg")}"' in body
    files = {str(p.relative_to(out)) for p in (out / "photos").rglob("*") if p.is_file()}
    assert all(name.endswith(".jpg") for name in files)
    assert found["draft"] not in str(files)
    assert not any(
        hashlib.sha256((out / f).read_bytes()).hexdigest() in found.values() for f in files
    )
    # a release without photos has no associations; drafts with --include-drafts validate too
    cli("export", "--format", "ninjs", "--out", str(out), "--include-drafts")
    for path in sorted(p for p in out.glob("*.json") if not p.name.startswith(".")):
        jsonschema.validate(json.loads(path.read_text()), schema)
    assert "associations" not in json.loads((out / "tanpa-foto.json").read_text())


def test_feeds_carry_the_featured_photo(site: tuple[Cli, Path], photos: dict[str, Path]) -> None:
    import feedparser

    _, out = site
    sha = shas(photos)["lead"]
    url = f"{BASE}/{site_path(sha, 'w960.jpg')}"
    size = str((out / site_path(sha, "w960.jpg")).stat().st_size)
    atom = feedparser.parse((out / "feed.xml").read_bytes())
    rss = feedparser.parse((out / "rss.xml").read_bytes())
    assert not atom.bozo
    assert not rss.bozo
    entry = next(e for e in atom.entries if e.title == "Rapat Koordinasi Pengawasan")
    assert entry.enclosures == [
        {"href": url, "type": "image/jpeg", "length": size, "title": "Ketua Bawaslu membuka rapat"}
    ]
    item = next(e for e in rss.entries if e.title == "Rapat Koordinasi Pengawasan")
    assert item.enclosures == [{"href": url, "type": "image/jpeg", "length": size}]
    assert item.media_content == [
        {"url": url, "medium": "image", "type": "image/jpeg", "width": "960", "height": "720",
         "filesize": size}
    ]  # fmt: skip
    assert item.media_credit == [{"content": "Humas Bawaslu Bengkalis"}]
    # feedparser files media:description under content; the body stays the summary
    assert item.content[0].value == "Ketua Bawaslu membuka rapat"
    assert "rapat koordinasi pengawasan" in item.summary
    # the body's placed photo is one JPEG in the content of both feeds
    placed = f"{BASE}/{site_path(shas(photos)['placed'], 'w900.jpg')}"
    assert placed in entry.content[0].value
    assert placed in item.summary
    plain = next(e for e in rss.entries if e.title == "Tanpa Foto")
    assert plain.get("enclosures") == []
    assert "media_content" not in plain
    xml = (out / "rss.xml").read_text()
    assert 'xmlns:media="http://search.yahoo.com/mrss/"' in xml


def test_a_symlink_planted_in_the_site_is_replaced_not_followed(
    site: tuple[Cli, Path], photos: dict[str, Path], tmp_path: Path
) -> None:
    cli, out = site
    sha = shas(photos)["lead"]
    outside = tmp_path / "outside"
    outside.mkdir()
    planted = out / "photos" / sha[:2]
    shutil.rmtree(planted)
    planted.symlink_to(outside, target_is_directory=True)
    export(cli, out)
    assert list(outside.iterdir()) == []
    assert not planted.is_symlink()
    assert (out / site_path(sha, "w960.jpg")).is_file()


def test_a_site_beside_the_database_leaves_the_photo_store_alone(
    site: tuple[Cli, Path], db_path: Path
) -> None:
    cli, _ = site
    store = store_of(db_path)

    def listing() -> dict[str, tuple[int, int]]:
        return {
            str(p.relative_to(store)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in store.rglob("*")
            if p.is_file()
        }

    before = listing()
    out = db_path.parent
    cli("export", "--format", "html", "--out", str(out), "--force")
    cli("photo", "remove", "1", "3")
    cli("export", "--format", "html", "--out", str(out))
    assert listing() == before
    assert (out / "photos").is_dir()


def test_a_photo_deleted_by_hand_is_placed_again(
    site: tuple[Cli, Path], photos: dict[str, Path]
) -> None:
    cli, out = site
    gone = out / site_path(shas(photos)["placed"], "w480.webp")
    gone.unlink()
    summary = export(cli, out)
    assert " 1 written," in summary
    assert gone.is_file()
