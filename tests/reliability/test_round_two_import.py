"""Reliability, round two: what `import` reads (checks 34 to 36; the rest of round two
is in test_round_two.py).

Each test failed before its fix. The class each defect belongs to, and what else in
that class was checked, is in tests/reliability/README.md.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Cli, one_error_line, run_cli
from newsroom_cli.cli import app
from newsroom_cli.formats import front_matter
from reliability.conftest import check_invariants

pytestmark = pytest.mark.reliability

BIG = "9" * 5000  # Python reads no integer of more than 4,300 digits (CVE-2020-10735)
MEMORY = 2 << 30  # address space for a CLI that could otherwise read until memory runs out


def limited(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """The CLI as a real process with at most ``MEMORY`` of address space: before the
    fixes, reading /dev/zero whole would have taken the machine's memory with it."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    return subprocess.run(
        [sys.executable, "-m", "newsroom_cli", *args],
        capture_output=True,
        timeout=timeout,
        check=False,
        preexec_fn=cap,
    )


def page(title: str, inner: str, head: str = "") -> str:
    body = f"<body><article><h1>{title}</h1>{inner}</article></body>"
    return f"<html><head>{head}</head>{body}</html>"


def test_one_bad_file_never_stops_a_folder_import(tmp_path: Path, db_path: Path) -> None:
    """Check 34: a number of 5,000 digits (ValueError) or elements nested 50,000 deep
    (RecursionError) ended the import with "a bug", the later files never read, and
    the summary said "failed 0"."""
    folder = tmp_path / "arsip"
    folder.mkdir()
    failing = {
        "a-json.json": ('{"title": "Rilis Json", "revision": ' + BIG + "}", "4,300 digits"),
        "b-lines.jsonl": ('{"title": "Rilis Baris", "revision": ' + BIG + "}\n", "4,300 digits"),
        "c-toml.md": (f'+++\ntitle = "Rilis Toml"\nweight = {BIG}\n+++\nIsi.\n', "4,300 digits"),
        "d-yaml.md": (f"---\ntitle: Rilis Yaml\nweight: {BIG}\n---\nIsi.\n", "4,300 digits"),
        "e-deep.json": ('{"title": "Dalam", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "deeply"),
        "f-deep.md": ('+++\ntitle = "Dalam"\nx = ' + "[" * 100_000 + "\n+++\n", "deeply"),
    }
    # Deep pages come in with their text: an old page that closes no <font> nests too.
    coming = {
        "g-deep.html": page("Rilis Tiga Ribu", "<div>" * 3000 + "Isi terdalam." + "</div>" * 3000),
        "h-deeper.html": page("Rilis Lima Puluh Ribu", "<div>" * 50_000 + "Isi."),
        "i-fonts.html": page("Rilis Huruf", "".join(f"<font><p>Paragraf {n}." for n in range(900))),
        "j-jsonld.html": page(
            "Rilis Data Terstruktur",
            "<p>Isi.</p>",
            '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>",
        ),
        "k-jsonld-big.html": page(
            "Rilis Angka Besar",
            "<p>Isi.</p>",
            '<script type="application/ld+json">{"@type": "NewsArticle", "x": '
            + BIG
            + "}</script>",
        ),
        "z-last.md": "# Rilis Terakhir Yang Tetap Masuk\n\nIsi.\n",
    }
    for name, (text, _) in failing.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, text in coming.items():
        (folder / name).write_text(text, encoding="utf-8")
    done = run_cli("import", str(folder), timeout=120)
    assert done.returncode == 1, done.stderr
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert "bug" not in stderr, stderr
    lines = stderr.splitlines()
    assert lines[0] == f"created {len(coming)}, updated 0, skipped 0, failed {len(failing)}"
    for name, (_, reason) in failing.items():
        (line,) = [line for line in lines if f"{folder / name}" in line]
        assert reason in line, line
    titles = {row["title"] for row in Cli().json("list", "--format", "json", "--limit", "0")}
    assert titles >= {"Rilis Tiga Ribu", "Rilis Lima Puluh Ribu", "Rilis Terakhir Yang Tetap Masuk"}
    body = Cli().json("show", "rilis-tiga-ribu", "--format", "json")["body"]
    assert "Isi terdalam." in body
    check_invariants(db_path)
    # `check --file` reads a file as `import` does: the same one line, not "a bug"
    for name, (_, reason) in failing.items():
        checked = run_cli("check", "--file", str(folder / name))
        assert checked.returncode == 2, (name, checked.stderr)
        assert reason in one_error_line(checked.stderr.decode())


def test_a_bug_on_one_file_is_that_files_failure(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check 34: whatever a reader raises is the file's failure; the import goes on and
    counts it, says it is a bug, and shows the traceback under NEWSROOM_DEBUG=1."""
    reader = front_matter.read_md

    def read_md(text: str, name: str) -> object:
        if "RUSAK" in text:
            raise ZeroDivisionError("division by zero")  # a bug newsroom does not know of
        return reader(text, name)

    monkeypatch.setattr(front_matter, "read_md", read_md)
    folder = tmp_path / "tulisan"
    folder.mkdir()
    (folder / "a.md").write_text("# Rilis RUSAK\n\nIsi.\n", encoding="utf-8")
    (folder / "b.md").write_text("# Rilis Pengawasan Tahapan\n\nIsi rilis.\n", encoding="utf-8")
    (folder / "c.md").write_text("# Rilis Lain RUSAK\n\nIsi.\n", encoding="utf-8")
    done = cli("import", str(folder), code=1)
    lines = done.stderr.splitlines()
    assert lines[0] == "created 1, updated 0, skipped 0, failed 2"
    assert lines[1] == (
        f"Error: {folder / 'a.md'}: unexpected ZeroDivisionError: division by zero "
        "(this is a bug; NEWSROOM_DEBUG=1 shows the traceback)"
    )
    assert [row["title"] for row in cli.json("list", "--format", "json")] == [
        "Rilis Pengawasan Tahapan"
    ]
    monkeypatch.setenv("NEWSROOM_DEBUG", "1")  # the bug's traceback, and still every file
    debugged = cli.runner.invoke(app, ["import", str(folder)])
    assert debugged.exit_code == 1
    assert debugged.stderr.count("Traceback (most recent call last)") == 2
    assert "ZeroDivisionError: division by zero" in debugged.stderr
    assert "created 0, updated 0, skipped 1, failed 2" in debugged.stderr


def test_a_folder_is_not_a_door_to_the_rest_of_the_disk(tmp_path: Path, db_path: Path) -> None:
    """Check 35: `rilis.txt -> /etc/passwd` in a folder came in as an article; a named
    pipe, a device, a link to nothing were dropped without a word."""
    secret = tmp_path / "rahasia.txt"
    secret.write_text("Kata Sandi Rahasia Kantor\n\nisinya rahasia\n", encoding="utf-8")
    folder = tmp_path / "rilis"
    (folder / "sub").mkdir(parents=True)
    (folder / "asli.txt").write_text("Rilis Asli Dari Folder\n\nIsi.\n", encoding="utf-8")
    (folder / "rilis.txt").symlink_to(secret)
    (folder / "naik.txt").symlink_to(Path("..") / "rahasia.txt")  # relative, leading out
    (folder / "sub" / "salinan.txt").symlink_to(folder / "asli.txt")  # inside: read
    (folder / "nol.txt").symlink_to("/dev/zero")
    (folder / "putus.txt").symlink_to(folder / "tidak-ada.txt")
    os.mkfifo(folder / "pipa.txt")
    done = limited("import", str(folder), timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.decode().splitlines()
    assert lines[0] == "created 1, updated 0, skipped 1, failed 0"  # the copy is a duplicate
    assert lines[1:] == [
        f"Not read: {folder / 'naik.txt'}: a link to {secret}, outside the folder: not followed",
        f"Not read: {folder / 'nol.txt'}: a link to /dev/zero, outside the folder: not followed",
        f"Not read: {folder / 'pipa.txt'}: not a regular file: a named pipe",
        f"Not read: {folder / 'putus.txt'}: a link to nothing",
        f"Not read: {folder / 'rilis.txt'}: a link to {secret}, outside the folder: not followed",
    ]
    titles = [row["title"] for row in Cli().json("list", "--format", "json")]
    assert titles == ["Rilis Asli Dari Folder"]
    check_invariants(db_path)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["/dev/zero"], "import reads at most 256 MB of one file; it holds more"),
        (["/dev/zero", "--format", "md"], "import reads at most 4 MB of Markdown; it holds more"),
        (["/dev/zero", "--format", "html"], "import reads at most 16 MB of HTML; it holds more"),
    ],
)
def test_an_endless_file_stops_at_the_limit(args: list[str], reason: str) -> None:
    """Check 35: `import /dev/zero` read until memory ran out."""
    done = limited("import", *args, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.decode().splitlines()
    assert lines[0] == "created 0, updated 0, skipped 0, failed 1"
    assert lines[1:] == [f"Error: /dev/zero: {reason}"]


def test_files_over_their_formats_limit_are_refused_unread(tmp_path: Path) -> None:
    """Check 35: a JSON Lines line of 3 GB (a sparse file of zeros) was read whole."""
    sparse = tmp_path / "arsip.jsonl"
    with sparse.open("wb") as handle:
        handle.truncate(3 << 30)
    done = limited("import", str(sparse), timeout=60)
    assert done.returncode == 1
    error = done.stderr.decode().splitlines()[1]
    assert error == (
        f"Error: {sparse}:1: the line is longer than 8 MB; a record of this tool is never that long"
    )
    page_file = tmp_path / "halaman.md"
    page_file.write_bytes(b"# Judul\n\n" + b"kata " * 1_000_000)
    done = limited("import", str(page_file))
    assert done.stderr.decode().splitlines()[1] == (
        f"Error: {page_file}: import reads at most 4 MB of Markdown; it is 4.8 MB"
    )


def test_update_keeps_what_the_record_leaves_out_and_takes_its_slug(
    cli: Cli, tmp_path: Path
) -> None:
    """Check 36: `--on-duplicate update` erased the tags of a record without `tags`, and
    ignored the record's own slug (a draft's slug followed the new headline instead)."""
    cli.add("Catatan Rapat Pleno", "-t", "Berita", "-t", "Pleno", "--summary", "Ringkas.")
    cli.add("Draf Tanpa Nama", "-t", "Lama")
    cli.add("Rilis Terbit", "-t", "Resmi", "--status", "published", "--date", "2020-06-29")
    cli.add("Sheet Row", "-t", "Tabel")
    cli.add("Markdown Post", "-t", "Md")
    records = tmp_path / "perbarui.jsonl"
    records.write_text(
        '{"slug": "catatan-rapat-pleno", "title": "Catatan Rapat Pleno Terbuka"}\n'
        '{"title": "Draf Tanpa Nama", "slug": "draf-bernama", "body": "Isi baru."}\n'
        '{"title": "Rilis Terbit", "slug": "rilis-baru", "published_at": "2020-06-29", '
        '"tags": []}\n',
        encoding="utf-8",
    )
    cli("import", str(records), "--on-duplicate", "update")
    sheet = tmp_path / "tabel.csv"
    sheet.write_text("title,summary\nSheet Row,Dari tabel\n", encoding="utf-8")
    cli("import", str(sheet), "--on-duplicate", "update")
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Markdown Post\nsummary: Dari md\n---\nIsi md.\n", encoding="utf-8")
    cli("import", str(post), "--on-duplicate", "update")
    found = {row["id"]: row for row in cli.json("list", "--format", "json", "--limit", "0")}
    # matched by slug, new headline: the record's slug stays, and so do the tags
    assert found[1]["slug"] == "catatan-rapat-pleno"
    assert found[1]["title"] == "Catatan Rapat Pleno Terbuka"
    assert found[1]["tags"] == ["Berita", "Pleno"]
    assert found[1]["summary"] == "Ringkas."
    # matched by headline: a draft takes the record's slug, keeps its tags
    assert (found[2]["slug"], found[2]["tags"], found[2]["body"]) == (
        "draf-bernama",
        ["Lama"],
        "Isi baru.\n",
    )
    # published: its URL is kept; "tags": [] is present and empty, and clears them
    assert (found[3]["slug"], found[3]["tags"]) == ("rilis-terbit", [])
    # a sheet without a tags column, a front matter without tags: tags kept
    assert (found[4]["summary"], found[4]["tags"]) == ("Dari tabel", ["Tabel"])
    assert (found[5]["summary"], found[5]["tags"]) == ("Dari md", ["Md"])
