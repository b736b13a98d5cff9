"""Re-export: nothing changed, nothing written; one edit, only what shows it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import Cli, one_error_line, run_cli
from newsroom_cli.files.folder import read_manifest, read_manifest_files
from site_helpers import FIXTURE

MANIFEST = ".newsroom-manifest.json"


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file: os.replace gives a rewritten file a new inode."""
    return {
        str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {path for path in after if before.get(path) != after[path]}


@pytest.fixture
def exported(cli: Cli, tmp_path: Path) -> tuple[Cli, Path]:
    cli("import", str(FIXTURE))
    cli("config", "site.base_url", "https://bengkalis.bawaslu.go.id")
    out = tmp_path / "site"
    cli("export", "--format", "html", "--out", str(out))
    return cli, out


def export(cli: Cli, out: Path) -> str:
    return str(cli("export", "--format", "html", "--out", str(out)).stderr)


def test_no_change_writes_nothing(exported: tuple[Cli, Path]) -> None:
    cli, out = exported
    before = snapshot(out)
    summary = export(cli, out)
    assert summary == f"Exported to {out}: 0 written, {len(before)} unchanged, 0 removed\n"
    assert snapshot(out) == before


def test_one_edit_rewrites_only_what_shows_it(exported: tuple[Cli, Path]) -> None:
    cli, out = exported
    record = cli.json("show", "4", "--format", "json")
    assert record["status"] == "published"
    before = snapshot(out)
    cli("edit", "4", "--body", "Isi yang diperbarui.")
    export(cli, out)
    rewritten = changed(before, snapshot(out))
    own = f"articles/{record['slug']}.html"
    assert own in rewritten
    allowed = {own, "feed.xml", "rss.xml", "sitemap.xml"}
    allowed |= {p for p in before if p == "index.html" or p.startswith("page-")}
    allowed |= {p for p in before if p.startswith(("tags/", "categories/"))}
    assert rewritten <= allowed
    untouched_articles = [p for p in before if p.startswith("articles/") and p != own]
    assert untouched_articles
    assert not rewritten & set(untouched_articles)
    own_tags = {f"tags/{tag.lower().replace(' ', '-')}/" for tag in record["tags"]}
    other_tags = [t for t in before if t.startswith("tags/") and not any(o in t for o in own_tags)]
    assert not rewritten & set(other_tags)


def test_unpublished_and_trashed_articles_lose_their_pages(exported: tuple[Cli, Path]) -> None:
    cli, out = exported
    first = cli.json("show", "1", "--format", "json")
    second = cli.json("show", "2", "--format", "json")
    cli("unpublish", "1")
    cli("delete", "2")
    summary = export(cli, out)
    assert ", 2 removed" in summary
    for record in (first, second):
        assert not (out / "articles" / f"{record['slug']}.html").exists()
        for path in out.rglob("*.*ml"):
            assert record["slug"] not in path.read_text(encoding="utf-8"), path
    header, _ = read_manifest(out / MANIFEST)
    assert header["remove"] == []
    assert all((out / path).is_file() for path in read_manifest_files(out / MANIFEST))


def test_changed_setting_re_renders(exported: tuple[Cli, Path]) -> None:
    cli, out = exported
    cli("config", "site.title", "Judul Situs Baru")
    export(cli, out)
    assert "Judul Situs Baru" in (out / "index.html").read_text()
    assert "Judul Situs Baru" in next((out / "articles").iterdir()).read_text()


def test_a_file_deleted_by_hand_is_written_again(exported: tuple[Cli, Path]) -> None:
    cli, out = exported
    victim = next((out / "articles").iterdir())
    victim.unlink()
    assert export(cli, out).startswith(f"Exported to {out}: 1 written, ")
    assert victim.exists()
    assert os.path.getsize(victim) > 0


def test_worker_processes_write_the_same_site(cli: Cli, tmp_path: Path) -> None:
    """Rendering in spawned workers (used for big exports) gives byte-identical files."""
    cli("import", str(FIXTURE))
    alone, parallel = tmp_path / "alone", tmp_path / "parallel"
    for out, workers in ((alone, "1"), (parallel, "2")):
        result = run_cli(
            "export", "--format", "html", "--out", str(out), env={"NEWSROOM_WORKERS": workers}
        )
        assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(alone) for p in alone.rglob("*.*ml"))
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*.*ml"))
    for name in files:
        assert (alone / name).read_bytes() == (parallel / name).read_bytes(), name


def test_a_file_of_the_users_beside_the_site_leaves_nothing_to_do(
    exported: tuple[Cli, Path],
) -> None:
    cli, out = exported
    (out / "articles" / "catatan.txt").write_text("milik Humas")
    before = snapshot(out)
    summary = export(cli, out)
    assert summary.startswith(f"Exported to {out}: 0 written, {len(before) - 1} unchanged")
    assert snapshot(out) == before


def test_a_manifest_of_the_one_line_form_is_still_read(exported: tuple[Cli, Path]) -> None:
    """Sites exported before the two-line manifest re-export without rewriting a page."""
    cli, out = exported
    header, _ = read_manifest(out / MANIFEST)
    files = read_manifest_files(out / MANIFEST)
    del header["listing"]
    (out / MANIFEST).write_text(json.dumps({**header, "version": 1, "files": files}))
    before = snapshot(out)
    assert export(cli, out).startswith(f"Exported to {out}: 0 written, {len(files)} unchanged")
    assert snapshot(out) == before
    cli("edit", "1", "--title", "Judul Baru")
    assert ", 0 removed" in export(cli, out)
    assert read_manifest(out / MANIFEST)[0]["version"] == 2


@pytest.mark.parametrize(
    "manifest",
    ["[1]", '{"format": "html", "files": [1]}', '{"format": "html"}\n[2]', '{"format": "html"}\n'],
)
def test_a_damaged_manifest_is_a_clear_error(exported: tuple[Cli, Path], manifest: str) -> None:
    cli, out = exported
    (out / MANIFEST).write_text(manifest)
    result = cli("export", "--format", "html", "--out", str(out), code=1)
    line = one_error_line(result.stderr)
    assert "is damaged; remove it and export again with --force" in line
