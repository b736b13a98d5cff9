"""Photos through export and import, by the real CLI.

Round trips (md, json, jsonl into a folder, then into a fresh database) must
lose nothing: the originals byte for byte, captions, credits, alt texts, order,
the featured photo and focal points. Pages written by people (Hugo, Jekyll and
Pelican Markdown, a saved page with its ``_files`` folder) bring their local
pictures as photos; remote ones stay links; missing, bad or escaping ones are
skipped and reported. Every fixture is written here, pictures made with Pillow.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import Cli, one_error_line

VOLATILE = ("id", "created_at", "updated_at", "revision")


def picture(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (640, 480)) -> Path:
    """A small picture with a stripe, so that no two colours give the same file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, colour)
    image.paste((255 - colour[0], 90, 40), (0, 0, size[0] // 3, size[1]))
    image.save(path, "PNG" if path.suffix == ".png" else "JPEG")
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def original(db: Path, digest: str) -> Path:
    return Path(f"{db}-photos") / "originals" / digest[:2] / digest


def stable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = [{k: v for k, v in r.items() if k not in VOLATILE} for r in records]
    return sorted(kept, key=lambda r: str(r["slug"]))


def everything(cli: Cli, db: Path) -> list[dict[str, Any]]:
    return stable(cli.json("--db", str(db), "list", "--format", "json", "--limit", "0"))


@pytest.fixture
def desk(cli: Cli, tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """A newsroom with photos worth keeping: shared, reordered, described, focused."""
    db = tmp_path / "asal.db"
    files = {
        "rapat": picture(tmp_path / "foto" / "rapat.jpg", (180, 40, 40)),
        "peserta": picture(tmp_path / "foto" / "peserta.png", (20, 140, 60), (500, 700)),
        "spanduk": picture(tmp_path / "foto" / "spanduk.jpg", (30, 60, 200)),
    }
    base = ("--db", str(db))
    cli(*base, "add", "--title", "Rapat Koordinasi Pengawasan", "--body", "Rapat digelar.",
        "--status", "published", "--date", "1/2/2024")  # fmt: skip
    cli(*base, "photo", "add", "1", str(files["rapat"]), str(files["peserta"]),
        "--credit", "Humas Bawaslu Bengkalis")  # fmt: skip
    cli(*base, "photo", "add", "1", str(files["spanduk"]), "--caption", "Spanduk sosialisasi",
        "--alt", "Spanduk di depan kantor", "--featured", "--focus", "0.25,0.4")  # fmt: skip
    cli(*base, "photo", "edit", "1", "2", "--caption", "Peserta rapat", "--alt", "Peserta duduk")
    cli(*base, "photo", "move", "1", "3", "--to", "1")
    cli(*base, "add", "--title", "Sosialisasi di Kecamatan Mandau", "--status", "draft",
        "--body", "Draf.", "--photo", str(files["rapat"]))  # the same picture, twice  # fmt: skip
    cli(*base, "add", "--title", "Rilis Tanpa Foto", "--status", "published", "--date", "2/2/2024")
    return db, files


@pytest.mark.parametrize("fmt", ["md", "json", "jsonl"])
def test_round_trip_into_a_folder_loses_nothing(
    cli: Cli, tmp_path: Path, desk: tuple[Path, dict[str, Path]], fmt: str
) -> None:
    db, files = desk
    out = tmp_path / f"arsip-{fmt}"
    exported = cli("--db", str(db), "export", "--format", fmt, "--include-drafts",
                   "--out", f"{out}/")  # fmt: skip
    assert "not written" not in exported.stderr
    # the originals, once each, named by their hash
    names = sorted(p.name for p in (out / "photos").iterdir())
    assert names == sorted(f"{sha(p)}{p.suffix}" for p in files.values())
    for path in files.values():
        assert (out / "photos" / f"{sha(path)}{path.suffix}").read_bytes() == path.read_bytes()

    fresh = tmp_path / "baru.db"
    result = cli("--db", str(fresh), "import", str(out))
    assert result.stderr.splitlines() == [
        "created 3, updated 0, skipped 0, failed 0",
        "photos: 4 imported",
    ]
    assert everything(cli, fresh) == everything(cli, db)
    article = cli.json("--db", str(fresh), "show", "rapat-koordinasi-pengawasan", "-f", "json")
    assert [(p["filename"], p["caption"], p["credit"], p["alt"], p["featured"], p["focus"])
            for p in article["photos"]] == [
        ("spanduk.jpg", "Spanduk sosialisasi", "", "Spanduk di depan kantor", True, [0.25, 0.4]),
        ("rapat.jpg", "", "Humas Bawaslu Bengkalis", "", False, None),
        ("peserta.png", "Peserta rapat", "Humas Bawaslu Bengkalis", "Peserta duduk", False, None),
    ]  # fmt: skip
    for path in files.values():  # byte for byte in the new store, with every rendition
        assert original(fresh, sha(path)).read_bytes() == path.read_bytes()
        made = Path(f"{fresh}-photos") / "renditions" / sha(path)[:2] / sha(path)
        first = Path(f"{db}-photos") / "renditions" / sha(path)[:2] / sha(path)
        assert {p.name: p.read_bytes() for p in made.iterdir()} == {
            p.name: p.read_bytes() for p in first.iterdir()
        }  # the same focal point, so the same crops
    assert cli.json("--db", str(fresh), "db", "check", "--format", "json")["ok"] is True
    again_in = cli("--db", str(fresh), "import", str(out), "--on-duplicate", "update")
    assert again_in.stderr.splitlines()[0] == "created 0, updated 0, skipped 3, failed 0"

    # and the new database exports the very same archive
    again = tmp_path / f"lagi-{fmt}"
    cli("--db", str(fresh), "export", "--format", fmt, "--include-drafts", "--out", f"{again}/")
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name != ".newsroom-manifest.json":
            copy = again / path.relative_to(out)
            if path.suffix in (".json", ".jsonl"):
                assert stable(_records(copy)) == stable(_records(path))
            else:
                assert copy.read_bytes() == path.read_bytes(), path.name


def _records(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return list(json.loads(text))
    return [json.loads(line) for line in text.splitlines()]


def test_md_front_matter_lists_the_photos(
    cli: Cli, tmp_path: Path, desk: tuple[Path, dict[str, Path]]
) -> None:
    import yaml

    db, files = desk
    out = tmp_path / "md"
    cli("--db", str(db), "export", "--format", "md", "--out", str(out))
    text = (out / "rapat-koordinasi-pengawasan.md").read_text(encoding="utf-8")
    head = yaml.safe_load(text.split("---\n")[1])
    assert head["photos"][0] == {
        "file": f"photos/{sha(files['spanduk'])}.jpg",
        "filename": "spanduk.jpg",
        "caption": "Spanduk sosialisasi",
        "credit": "",
        "alt": "Spanduk di depan kantor",
        "featured": True,
        "focus": [0.25, 0.4],
    }
    assert [p["file"] for p in head["photos"][1:]] == [
        f"photos/{sha(files['rapat'])}.jpg",
        f"photos/{sha(files['peserta'])}.png",
    ]
    assert "photos" not in (out / "rilis-tanpa-foto.md").read_text(encoding="utf-8")
    # the originals of the published articles, each once
    assert len(list((out / "photos").iterdir())) == 3


def test_an_archive_re_export_copies_only_what_changed(
    cli: Cli, tmp_path: Path, desk: tuple[Path, dict[str, Path]]
) -> None:
    db, files = desk
    out = tmp_path / "arsip"
    out.mkdir()  # an existing folder is a folder, without the trailing '/'
    first = cli("--db", str(db), "export", "--format", "jsonl", "--out", str(out))
    assert first.stderr == (
        f"Exported to {out}: articles.jsonl and 3 photos; 4 written, 0 unchanged, 0 removed\n"
    )
    kept = out / "photos" / f"{sha(files['rapat'])}.jpg"
    stamp = kept.stat().st_mtime_ns
    second = cli("--db", str(db), "export", "--format", "jsonl", "--out", str(out))
    assert second.stderr.endswith("0 written, 4 unchanged, 0 removed\n")
    cli("--db", str(db), "photo", "remove", "1", "1")  # the spanduk goes
    third = cli("--db", str(db), "export", "--format", "jsonl", "--out", str(out))
    assert third.stderr.endswith("1 written, 2 unchanged, 1 removed\n")
    assert kept.stat().st_mtime_ns == stamp
    assert not (out / "photos" / f"{sha(files['spanduk'])}.jpg").exists()


def test_a_file_out_keeps_the_records_only_and_says_so(
    cli: Cli, tmp_path: Path, desk: tuple[Path, dict[str, Path]]
) -> None:
    db, _ = desk
    target = tmp_path / "arsip.jsonl"
    result = cli("--db", str(db), "export", "--format", "jsonl", "--out", str(target))
    assert result.stderr.splitlines() == [
        f"Exported to {target}",
        "3 photos were not written: the records name them; "
        "use --out with a folder (such as arsip/) to carry them",
    ]
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2
    assert not (tmp_path / "photos").exists()
    # into another newsroom, the file fails with its reason: nothing half-imported
    fresh = tmp_path / "baru.db"
    failed = cli("--db", str(fresh), "import", str(target), code=1)
    error = failed.stderr.splitlines()[1]
    # (line 2: published articles come newest first)
    assert error.startswith(f"Error: {target}:2: photo spanduk.jpg (")
    assert "is not in the photo store, and no photos/" in error
    assert cli("--db", str(fresh), "list", "--format", "count").stdout == "0\n"
    # csv and the feeds are files: a folder is refused
    refused = cli("--db", str(db), "export", "--format", "csv", "--out", f"{tmp_path}/", code=2)
    assert "is a folder; csv is written to a file" in one_error_line(refused.stderr)


def test_a_substituted_or_missing_photo_fails_the_archive_file(
    cli: Cli, tmp_path: Path, desk: tuple[Path, dict[str, Path]]
) -> None:
    db, files = desk
    out = tmp_path / "arsip"
    cli("--db", str(db), "export", "--format", "json", "--out", f"{out}/")
    swapped = out / "photos" / f"{sha(files['peserta'])}.png"
    picture(swapped, (1, 2, 3))
    fresh = tmp_path / "baru.db"
    failed = cli("--db", str(fresh), "import", str(out), code=1)
    lines = failed.stderr.splitlines()
    assert lines[0] == "created 0, updated 0, skipped 0, failed 1"
    assert lines[1].startswith(f"Error: {out / 'articles.json'}[1]: photo peserta.png: ")
    assert f"is not the picture named: its SHA-256 begins {sha(swapped)[:12]}" in lines[1]
    swapped.unlink()
    failed = cli("--db", str(fresh), "import", str(out), code=1)
    assert "is not in the photo store, and no photos/" in failed.stderr
    assert cli("--db", str(fresh), "list", "--format", "count").stdout == "0\n"


def test_an_md_archive_with_a_missing_photo_fails_that_file_only(
    cli: Cli, tmp_path: Path, desk: tuple[Path, dict[str, Path]]
) -> None:
    db, files = desk
    out = tmp_path / "md"
    cli("--db", str(db), "export", "--format", "md", "--include-drafts", "--out", str(out))
    (out / "photos" / f"{sha(files['peserta'])}.png").unlink()
    fresh = tmp_path / "baru.db"
    failed = cli("--db", str(fresh), "import", str(out), code=1)
    lines = failed.stderr.splitlines()
    assert lines == [
        "created 2, updated 0, skipped 0, failed 1",  # the draft, and the one without photos
        f"Error: {out / 'rapat-koordinasi-pengawasan.md'}: photo "
        f"photos/{sha(files['peserta'])}.png: no such file in {out}",
        "photos: 1 imported",
    ]


def test_a_damaged_original_fails_the_export_and_keeps_the_last_one(
    cli: Cli, tmp_path: Path, desk: tuple[Path, dict[str, Path]]
) -> None:
    db, files = desk
    out = tmp_path / "arsip"
    cli("--db", str(db), "export", "--format", "jsonl", "--out", f"{out}/")
    before = (out / "articles.jsonl").read_bytes()
    cli("--db", str(db), "edit", "1", "--summary", "Ringkasan baru")
    damaged = original(db, sha(files["rapat"]))
    damaged.chmod(0o644)
    damaged.write_bytes(b"rusak")
    failed = cli("--db", str(db), "export", "--format", "jsonl", "--out", f"{out}/", code=1)
    assert one_error_line(failed.stderr) == (
        f"Error: photo rapat.jpg ({sha(files['rapat'])[:12]}) of article 1 is damaged in the "
        "photo store (its content no longer matches its hash); run `newsroom db check`"
    )
    assert (out / "articles.jsonl").read_bytes() == before
    assert not (out / ".newsroom-staging").exists()


# Pages written by people ------------------------------------------------------


HUGO_POST = """\
---
title: "Rapat Pleno Terbuka"
date: 2024-03-01
cover:
  image: /images/rapat.jpg
  alt: Suasana rapat
  caption: Rapat pleno di aula
---

Bengkalis - Rapat pleno digelar di aula.

![Peserta rapat](peserta%20pleno.png)
*Peserta rapat pleno. Foto: Humas Bawaslu*

![Logo](https://example.org/logo.png) dan `![kode](kode.jpg)`

```
![di dalam kode](kode.jpg)
```

![Bukan gambar](rusak.jpg "Judul")

![Hilang](hilang.jpg)

![Keluar](../../../../rahasia.jpg)

![Sekali lagi](/images/rapat.jpg)

![Spanduk](../../../static/images/spanduk.jpg "Spanduk di depan kantor")

*Paragraf miring biasa.*
"""


def test_markdown_images_become_photos_in_place(cli: Cli, tmp_path: Path) -> None:
    site = tmp_path / "situs"
    bundle = site / "content" / "posts" / "rapat"
    rapat = picture(site / "static" / "images" / "rapat.jpg", (180, 40, 40))
    peserta = picture(bundle / "peserta pleno.png", (20, 140, 60))
    spanduk = picture(site / "static" / "images" / "spanduk.jpg", (30, 60, 200))
    picture(tmp_path / "rahasia.jpg", (9, 9, 9))  # outside the imported folder
    picture(bundle / "kode.jpg", (200, 200, 0))  # only named inside code
    (bundle / "rusak.jpg").write_text("bukan gambar", encoding="utf-8")
    (bundle / "index.md").write_text(HUGO_POST, encoding="utf-8")

    result = cli("import", str(site))
    post = bundle / "index.md"
    assert result.stderr.splitlines() == [
        "created 1, updated 0, skipped 0, failed 0",
        "photos: 3 imported, 3 not imported, 1 remote image kept as a link",
        f"Photo not imported: {post}: rusak.jpg is not a picture newsroom can read "
        "(JPEG, PNG, WebP, HEIC, GIF, TIFF)",
        f"Photo not imported: {post}: hilang.jpg: no such file in {site}",
        f"Photo not imported: {post}: ../../../../rahasia.jpg: outside the imported folder "
        f"{site}; not read",
    ]
    article = cli.json("show", "1", "--format", "json")
    assert [(p["filename"], p["caption"], p["credit"], p["alt"], p["featured"])
            for p in article["photos"]] == [
        ("rapat.jpg", "Rapat pleno di aula", "", "Suasana rapat", True),
        ("peserta pleno.png", "Peserta rapat pleno.", "Humas Bawaslu", "Peserta rapat", False),
        ("spanduk.jpg", "Spanduk di depan kantor", "", "Spanduk", False),
    ]  # fmt: skip
    assert [p["sha256"] for p in article["photos"]] == [sha(rapat), sha(peserta), sha(spanduk)]
    assert article["body"] == (
        "Bengkalis - Rapat pleno digelar di aula.\n\n"
        "![Peserta rapat](photo:2)\n\n"
        "![Logo](https://example.org/logo.png) dan `![kode](kode.jpg)`\n\n"
        "```\n![di dalam kode](kode.jpg)\n```\n\n"
        '![Bukan gambar](rusak.jpg "Judul")\n\n'
        "![Hilang](hilang.jpg)\n\n"
        "![Keluar](../../../../rahasia.jpg)\n\n"
        "![Sekali lagi](photo:1)\n\n"
        "![Spanduk](photo:3)\n\n"
        "*Paragraf miring biasa.*\n"
    )
    assert article["dateline"] == "Bengkalis"
    assert original(Path(os.environ["NEWSROOM_DB"]), sha(peserta)).read_bytes() == (
        peserta.read_bytes()
    )


def test_a_symlink_out_of_the_folder_is_not_followed(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    secret = picture(tmp_path / "pribadi.jpg", (5, 5, 5))
    (folder / "foto.jpg").symlink_to(secret)
    (folder / "rilis.md").write_text(
        "---\ntitle: Rilis\ndate: 2024-01-02\n---\n\n![Foto](foto.jpg)\n", encoding="utf-8"
    )
    result = cli("import", str(folder))
    assert f"foto.jpg: outside the imported folder {folder}; not read" in result.stderr
    assert cli.json("show", "1", "--format", "json")["photos"] == []
    assert not original(Path(os.environ["NEWSROOM_DB"]), sha(secret)).exists()


@pytest.mark.parametrize(
    ("front_matter", "featured"),
    [
        ("image: /images/a.jpg\nimages:\n  - /images/b.jpg\n", "a.jpg"),  # Jekyll, Hugo
        ("featured_image: b.jpg\n", "b.jpg"),  # relative to the post
        ("images: [/images/b.jpg, https://example.org/x.jpg, /images/a.jpg]\n", "b.jpg"),
        ('+++\ntitle = "Rilis"\ndate = 2024-01-02\nimages = ["b.jpg"]\n+++\n', "b.jpg"),  # TOML
    ],
)
def test_front_matter_pictures(cli: Cli, tmp_path: Path, front_matter: str, featured: str) -> None:
    site = tmp_path / "situs"
    picture(site / "static" / "images" / "a.jpg", (100, 0, 0))
    picture(site / "static" / "images" / "b.jpg", (0, 100, 0))
    picture(site / "content" / "b.jpg", (0, 100, 0))
    text = front_matter
    if not text.startswith("+++"):
        text = f"---\ntitle: Rilis\ndate: 2024-01-02\n{front_matter}---\n"
    (site / "content" / "rilis.md").write_text(text + "\nIsi rilis.\n", encoding="utf-8")
    result = cli("import", str(site))
    assert "failed 0" in result.stderr
    photos = cli.json("show", "1", "--format", "json")["photos"]
    assert photos[0]["filename"] == featured
    assert [p["featured"] for p in photos] == [True] + [False] * (len(photos) - 1)
    assert ("remote image" in result.stderr) == ("https://" in front_matter)


def test_one_file_brings_only_what_is_beside_it(cli: Cli, tmp_path: Path) -> None:
    """A file named alone: its own folder is the imported folder."""
    posts = tmp_path / "content" / "posts"
    picture(tmp_path / "content" / "images" / "a.jpg", (10, 10, 200))
    picture(posts / "b.jpg", (10, 200, 10))
    post = posts / "rilis.md"
    post.write_text(
        "# Rilis Satu\n\n![A](../images/a.jpg)\n\n![B](b.jpg)\n\n![C](/images/a.jpg)\n",
        encoding="utf-8",
    )
    result = cli("import", str(post))
    assert result.stderr.splitlines()[1:] == [
        "photos: 1 imported, 2 not imported",
        f"Photo not imported: {post}: ../images/a.jpg: outside the imported folder "
        f"{posts}; not read",
        f"Photo not imported: {post}: /images/a.jpg: no such file in {posts} or its static/ "
        "folder (a path from the site's root: import the site's own folder)",
    ]
    assert cli.json("show", "1", "--format", "json")["body"] == (
        "![A](../images/a.jpg)\n\n![B](photo:1)\n\n![C](/images/a.jpg)\n"
    )
    # the whole site: both come in, and the same picture twice is one photo
    cli("import", str(tmp_path / "content"), "--on-duplicate", "update")
    article = cli.json("show", "1", "--format", "json")
    assert article["body"] == "![A](photo:1)\n\n![B](photo:2)\n\n![C](photo:1)\n"
    assert [p["filename"] for p in article["photos"]] == ["a.jpg", "b.jpg"]


def test_a_dry_run_checks_the_pictures_and_stores_nothing(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    picture(folder / "a.jpg", (10, 10, 200))
    (folder / "rusak.png").parent.mkdir(exist_ok=True)
    (folder / "rusak.png").write_bytes(b"\x89PNG\r\n\x1a\n rusak")
    (folder / "rilis.md").write_text(
        "---\ntitle: Rilis\n---\n\n![A](a.jpg)\n\n![R](rusak.png)\n", encoding="utf-8"
    )
    result = cli("import", str(folder), "--dry-run")
    assert result.stderr.splitlines()[:2] == [
        "Dry run: would have created 1, updated 0, skipped 0, failed 0",
        "Dry run: photos: 1 imported, 1 not imported",
    ]
    assert not Path(f"{os.environ['NEWSROOM_DB']}-photos").exists()
    assert cli("list", "--format", "count").stdout == "0\n"


SAVED_PAGE = """\
<!DOCTYPE html>
<html lang="id"><head><title>Rapat Pleno Terbuka | Bawaslu</title>
<meta property="og:title" content="Rapat Pleno Terbuka">
<meta property="article:published_time" content="2024-03-01T09:00:00+07:00">
</head><body>
<header><img src="./rapat_files/logo.png" alt="Logo situs"></header>
<article><h1>Rapat Pleno Terbuka</h1>
<div class="entry-content">
<figure class="wp-block-image"><img src="./rapat_files/pleno.jpg" alt="Suasana rapat">
<figcaption>Suasana rapat pleno di aula. Foto: Humas Bawaslu</figcaption></figure>
<p>Bengkalis – Rapat pleno digelar Senin (29/6/2020) di aula kantor.</p>
<p><a href="rapat_files/peserta.png"><img src="rapat_files/peserta.png" alt="Peserta"></a></p>
<p>Foto: Dok. Humas Bawaslu Bengkalis</p>
<div class="wp-caption"><img src="rapat_files/spanduk%20besar.jpg" alt="">
<p class="wp-caption-text">Spanduk sosialisasi</p></div>
<p>Paragraf kedua dengan <img src="https://example.org/x.jpg" alt="jauh"> gambar jauh.</p>
<p><img src="rapat_files/hilang.jpg" alt="Hilang"></p>
</div></article><aside><img src="rapat_files/iklan.jpg" alt="Iklan"></aside></body></html>
"""


def test_a_saved_page_brings_its_pictures(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "halaman"
    files = folder / "rapat_files"
    pleno = picture(files / "pleno.jpg", (180, 40, 40))
    peserta = picture(files / "peserta.png", (20, 140, 60))
    spanduk = picture(files / "spanduk besar.jpg", (30, 60, 200))
    picture(files / "logo.png", (1, 1, 1))
    picture(files / "iklan.jpg", (2, 2, 2))
    (files / "sematan.html").write_text(  # a frame the browser saved: not an article
        "<html><body><h1>Video</h1></body></html>", encoding="utf-8"
    )
    (folder / "rapat.html").write_text(SAVED_PAGE, encoding="utf-8")

    result = cli("import", str(folder))
    page = folder / "rapat.html"
    assert result.stderr.splitlines() == [
        "created 1, updated 0, skipped 0, failed 0",
        "photos: 3 imported, 1 not imported, 1 remote image kept as a link",
        f"Photo not imported: {page}: rapat_files/hilang.jpg: no such file in {folder}",
    ]
    article = cli.json("show", "1", "--format", "json")
    assert [(p["sha256"], p["caption"], p["credit"], p["alt"]) for p in article["photos"]] == [
        (sha(pleno), "Suasana rapat pleno di aula.", "Humas Bawaslu", "Suasana rapat"),
        (sha(peserta), "", "Dok. Humas Bawaslu Bengkalis", "Peserta"),
        (sha(spanduk), "Spanduk sosialisasi", "", ""),
    ]
    assert article["body"] == (
        "![Suasana rapat](photo:1)\n\n"
        "Bengkalis – Rapat pleno digelar Senin (29/6/2020) di aula kantor.\n\n"
        "![Peserta](photo:2)\n\n"
        "![](photo:3)\n\n"
        "Paragraf kedua dengan ![jauh](https://example.org/x.jpg) gambar jauh.\n\n"
        "![Hilang](rapat_files/hilang.jpg)\n"
    )
    assert article["dateline"] == "Bengkalis"


def test_a_photos_field_of_another_shape_is_a_themes_own(cli: Cli, tmp_path: Path) -> None:
    """Ours (entries with a `file`) is held to its rules; a theme's `photos:` is ignored."""
    folder = tmp_path / "posts"
    picture(folder / "a.jpg", (10, 10, 200))
    (folder / "galeri.md").write_text(
        "---\ntitle: Galeri\nphotos: galeri-rapat\n---\n\nIsi.\n", encoding="utf-8"
    )
    (folder / "tema.md").write_text(
        "---\ntitle: Tema\nphotos:\n  - src: a.jpg\n  - a.jpg\n---\n\nIsi.\n", encoding="utf-8"
    )
    (folder / "salah.md").write_text(
        "---\ntitle: Salah\nphotos:\n  - file: a.jpg\n    focus: [2, 0]\n---\n\nIsi.\n",
        encoding="utf-8",
    )
    result = cli("import", str(folder), code=1)
    assert result.stderr.splitlines()[:3] == [
        "created 2, updated 0, skipped 0, failed 1",
        f"Error: {folder / 'salah.md'}: front matter photo 1: 'focus' must be two numbers "
        "from 0 to 1, such as [0.5, 0.3]",
        "photos: 1 imported",
    ]
    assert [len(a["photos"]) for a in cli.json("list", "--format", "json", "--sort", "title")] == [
        0,
        1,
    ]
