"""Check 24: the website export stays inside --out and deletes only what it wrote.

Covered elsewhere (tests/test_site_security.py): hostile tags stay inside, a
symlink planted at a page or at the articles folder is replaced, `--out /` and
the home folder are refused. Here: a folder holding someone else's files (with
and without --force), a symlink where a folder of stale pages was, a symlink
as the staging folder, `--out ~` typed where the shell does not expand it,
colliding tag slugs and names that are reserved or change under case folding.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from reliability.conftest import failed_cleanly

pytestmark = pytest.mark.reliability

PUBLISHED = ("--status", "published", "--date", "29/6/2020")


def ok(*args: str, cwd: Path | None = None) -> bytes:
    result = run_in(cwd, *args) if cwd else run_cli(*args)
    assert result.returncode == 0, (args, result.stderr)
    assert b"Traceback" not in result.stderr
    return result.stdout


def run_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsroom_cli", *args],
        cwd=cwd,
        capture_output=True,
        timeout=60,
        check=False,
    )


def tree(root: Path) -> dict[str, str]:
    """Every file and link under ``root`` (links not followed), with a hash or its target."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = f"-> {os.readlink(path)}"
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def all_inside(out: Path) -> None:
    real = os.path.realpath(out)
    for folder, dirs, files in os.walk(out):
        for name in dirs + files:
            path = os.path.join(folder, name)
            assert not os.path.islink(path), f"a symlink in the export: {path}"
            assert os.path.realpath(path).startswith(real + os.sep), path


def unrelated_files(folder: Path) -> None:
    (folder / "catatan.txt").write_text("catatan pribadi\n", encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "panduan.md").write_text("# Panduan\n", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")


def test_dot_holding_unrelated_files_is_refused_untouched(db_path: Path, tmp_path: Path) -> None:
    ok("add", "--title", "Rilis Satu", *PUBLISHED)
    work = tmp_path / "kerja"
    work.mkdir()
    unrelated_files(work)
    before = tree(work)
    for fmt in ("html", "md", "ninjs"):
        line = failed_cleanly(run_in(work, "export", "--format", fmt, "--out", "."), 2)
        assert line.startswith("Error: . is not empty and was not written by newsroom"), line
        assert "--force" in line
    assert tree(work) == before


def test_with_force_unrelated_files_outlive_every_later_export(
    db_path: Path, tmp_path: Path
) -> None:
    ok("add", "--title", "Rilis Satu", "-t", "Berita", *PUBLISHED)
    ok("add", "--title", "Rilis Dua", "-t", "Lain", *PUBLISHED)
    work = tmp_path / "kerja"
    work.mkdir()
    unrelated_files(work)
    mine = tree(work)
    ok("export", "--format", "html", "--out", ".", "--force", cwd=work)
    ok("unpublish", "1")
    ok("tags", "delete", "Lain")
    ok("export", "--format", "html", "--out", ".", cwd=work)  # the manifest now vouches
    after = tree(work)
    assert {k: v for k, v in after.items() if k in mine} == mine
    assert not (work / "articles" / "rilis-satu.html").exists()
    assert (work / "articles" / "rilis-dua.html").is_file()
    all_inside(work)


def test_symlinked_folder_of_stale_pages_is_not_followed(db_path: Path, tmp_path: Path) -> None:
    """When a tag's pages all go stale, their folder may have become a symlink meanwhile."""
    ok("add", "--title", "Rilis Satu", "-t", "Berita", *PUBLISHED)
    ok("add", "--title", "Rilis Dua", "-t", "Lain", *PUBLISHED)
    out = tmp_path / "situs"
    ok("export", "--format", "html", "--out", str(out))
    outside = tmp_path / "milik-orang-lain"
    outside.mkdir()
    (outside / "index.html").write_text("bukan milik newsroom\n", encoding="utf-8")
    os.rename(out / "tags" / "berita", tmp_path / "dipindah")
    (out / "tags" / "berita").symlink_to(outside, target_is_directory=True)

    ok("unpublish", "1")  # tags/berita/index.html is now stale
    result = run_cli("export", "--format", "html", "--out", str(out))

    assert (outside / "index.html").read_text(encoding="utf-8") == "bukan milik newsroom\n"
    assert result.returncode == 0, result.stderr
    assert not (out / "tags" / "berita").exists()  # the stale link itself may go
    all_inside(out)


def test_a_symlink_as_the_staging_folder_is_not_followed(db_path: Path, tmp_path: Path) -> None:
    ok("add", "--title", "Rilis Satu", *PUBLISHED)
    out = tmp_path / "situs"
    ok("export", "--format", "html", "--out", str(out))
    site = tree(out)
    outside = tmp_path / "milik-orang-lain"
    outside.mkdir()
    (outside / "jangan-hapus.txt").write_text("penting\n", encoding="utf-8")
    (out / ".newsroom-staging").symlink_to(outside, target_is_directory=True)
    ok("config", "site.title", "Judul Baru")

    result = run_cli("export", "--format", "html", "--out", str(out))

    assert b"Traceback" not in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["jangan-hapus.txt"]
    assert (outside / "jangan-hapus.txt").read_text(encoding="utf-8") == "penting\n"
    if result.returncode == 0:  # replaced: the new site is whole
        assert "Judul Baru" in (out / "index.html").read_text(encoding="utf-8")
        all_inside(out)
    else:  # refused: one line, and the previous site as it was
        failed_cleanly(result)
        assert {k: v for k, v in tree(out).items() if not k.startswith(".newsroom-st")} == site


def test_a_literal_tilde_is_the_home_folder_and_refused(db_path: Path, tmp_path: Path) -> None:
    ok("add", "--title", "Rilis Satu", *PUBLISHED)
    work = tmp_path / "kerja"
    work.mkdir()
    result = run_in(work, "export", "--format", "html", "--out=~")
    assert list(work.iterdir()) == []
    home = os.environ.get("HOME", "~")
    assert failed_cleanly(result, 2).startswith(f"Error: refusing to export into {home}")


def test_dangerous_outs_through_links_and_dots_are_refused(db_path: Path, tmp_path: Path) -> None:
    ok("add", "--title", "Rilis Satu", *PUBLISHED)
    home = Path(os.environ["HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (tmp_path / "ke-akar").symlink_to("/")
    (tmp_path / "ke-rumah").symlink_to(home)
    for target in (
        "/",
        "//",
        "/tmp/..",
        str(tmp_path / "ke-akar"),
        str(home),
        f"{home}/.",
        f"{home}/../{home.name}",
        str(tmp_path / "ke-rumah"),
    ):
        line = failed_cleanly(run_cli("export", "--format", "html", "--out", target, "--force"), 2)
        assert line.startswith("Error: refusing to export into "), (target, line)
    assert not (home / "index.html").exists()


def test_colliding_reserved_and_case_folded_names_get_their_own_pages(
    db_path: Path, tmp_path: Path
) -> None:
    tags = ["Pemilu 2024", "pemilu-2024", "PEMILU_2024", "CON", "nul", "ǅ", "Ǆ", "dz", "."]
    tags += ["..", "a/b", "a\\b"]
    options = [option for tag in tags for option in ("-t", tag)]
    record = json.loads(ok("add", "--title", "CON", *PUBLISHED, *options, "--json"))
    stored = record["tags"]
    assert "Ǆ" not in stored  # one tag whatever its case: ǅ, Ǆ and ǆ fold together
    ok("add", "--title", "ǅemal Ǆ", *PUBLISHED, "--json")
    listed = {t["name"]: t["slug"] for t in json.loads(ok("tags", "--format", "json"))}
    assert len(set(listed.values())) == len(listed), listed
    out = tmp_path / "situs"
    ok("export", "--format", "html", "--out", str(out))
    all_inside(out)
    for name, slug in listed.items():
        page = (out / "tags" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<h1 class="list-heading">Tag: {html.escape(name)}</h1>' in page, (name, slug)
    assert (out / "articles" / "con.html").is_file()
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["con.html", "dzemal-dz.html"]
