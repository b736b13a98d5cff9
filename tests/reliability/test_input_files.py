"""Check 16: files that are not clean UTF-8, through a real `import` and `--body-file`.

A bad file fails with its name and the byte where it went wrong (with a hint
for UTF-16); the other files still go in; the summary counts every file;
exit 1 when any failed. A UTF-8 BOM is dropped and CRLF becomes LF in every
format. Arbitrary bytes (hypothesis) under every importer's extension give
only those outcomes: never a traceback, never "unexpected".
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from reliability.conftest import check_invariants, failed_cleanly

pytestmark = pytest.mark.reliability

BOM = b"\xef\xbb\xbf"
MARKDOWN = "---\ntitle: Judul Markdown\ntags: [Berita]\n---\n\nBaris satu.\nBaris dua.\n"
CAPTURE = "Berita\nBawaslu Bengkalis Gelar Rapat Koordinasi Pengawasan\n\nBengkalis - Isi rilis.\n"
COUNTS = re.compile(r"^created (\d+), updated (\d+), skipped (\d+), failed (\d+)$")


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


# name -> bytes; every one of these must go in, BOM dropped, CRLF normalised.
CLEAN_BUT_FOR_BOM_AND_CRLF = {
    "a.md": BOM + crlf(MARKDOWN),
    "b.csv": BOM + crlf('title,body,tags\nJudul CSV,"Isi satu.\nIsi dua.",Berita\n'),
    "c.jsonl": BOM + b'{"title": "Judul JSONL", "body": "Isi satu.\\r\\nIsi dua."}\r\n',
    "d.json": BOM + b'[{"title": "Judul JSON", "body": "Isi."}]',
    "e.txt": BOM + crlf(CAPTURE),
    "f.html": BOM + crlf("<html><body><h1>Judul Halaman</h1><p>Isi.</p></body></html>\n"),
}
UTF16 = "not valid UTF-8 at byte 0 (it is UTF-16; save it as UTF-8)"


def first_bad_byte(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 at byte {exc.start}"
    raise AssertionError("valid UTF-8")


LATIN1 = "---\ntitle: Kafé\n---\nIsi.\n".encode("latin-1")
CP1252 = "Berita\nRapat di Kafé “Lama”\n\nIsi.\n".encode("cp1252")
TRUNCATED = '{"title": "Terpotong di tengah huruf é"}\n'.encode()[:-4] + b'"}\n'
# name -> (bytes, the end of the error line after "<path>: ")
BAD = {
    "g-utf16le.md": (MARKDOWN.encode("utf-16"), UTF16),
    "h-utf16be.csv": (b"\xfe\xff" + "title\nJudul\n".encode("utf-16-be"), UTF16),
    "i-latin1.md": (LATIN1, first_bad_byte(LATIN1)),
    "j-cp1252.txt": (CP1252, first_bad_byte(CP1252)),
    "k-truncated.jsonl": (TRUNCATED, first_bad_byte(TRUNCATED)),
}


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def import_folder(folder: Path, db: Path) -> subprocess.CompletedProcess[bytes]:
    return run_cli("--db", str(db), "import", str(folder), timeout=120)


def counts_and_errors(stderr: bytes) -> tuple[dict[str, int], list[str]]:
    first, *errors = stderr.decode().splitlines()
    match = COUNTS.match(first)
    assert match, first
    names = ("created", "updated", "skipped", "failed")
    return dict(zip(names, map(int, match.groups()), strict=True)), errors


def test_bad_encodings_fail_by_name_and_the_rest_goes_in(tmp_path: Path) -> None:
    folder = tmp_path / "rilis"
    folder.mkdir()
    for name, data in CLEAN_BUT_FOR_BOM_AND_CRLF.items():
        (folder / name).write_bytes(data)
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    db = tmp_path / "impor.db"

    result = import_folder(folder, db)

    assert result.returncode == 1, result.stderr
    assert result.stdout == b""
    assert b"Traceback" not in result.stderr
    counts, errors = counts_and_errors(result.stderr)
    assert counts == {"created": 6, "updated": 0, "skipped": 0, "failed": len(BAD)}
    assert errors == [f"Error: {folder / name}: {reason}" for name, (_, reason) in BAD.items()]
    records = json.loads(run_cli("--db", str(db), "list", "--format", "json").stdout)
    assert sorted(r["title"] for r in records) == sorted(
        [
            "Judul Markdown",
            "Judul CSV",
            "Judul JSONL",
            "Judul JSON",
            "Bawaslu Bengkalis Gelar Rapat Koordinasi Pengawasan",
            "Judul Halaman",
        ]
    )
    for record in records:
        for value in (record["title"], record["body"], *record["tags"]):
            assert "\ufeff" not in value, record
            assert "\r" not in value, record
    bodies = {r["title"]: r["body"] for r in records}
    assert bodies["Judul Markdown"] == "Baris satu.\nBaris dua.\n"
    assert bodies["Judul CSV"] == "Isi satu.\nIsi dua.\n"
    assert bodies["Judul JSONL"] == "Isi satu.\nIsi dua.\n"
    check_invariants(db)


@pytest.mark.parametrize(
    ("data", "code", "reason"),
    [
        ("Isi rilis.\n".encode("utf-16"), 2, "not valid UTF-8 at byte 0"),
        (b"Isi \xe9 rilis.\n", 2, "not valid UTF-8 at byte 4"),
        (BOM + b"Baris satu.\r\nBaris dua.\r\n", 0, None),
    ],
    ids=["utf16", "latin1", "bom-crlf"],
)
def test_body_file(db_path: Path, tmp_path: Path, data: bytes, code: int, reason: str) -> None:
    path = tmp_path / "isi.md"
    path.write_bytes(data)
    result = run_cli("add", "--title", "Dari Berkas", "--body-file", str(path), "--json")
    if code:
        assert failed_cleanly(result, code) == f"Error: {path}: {reason}"
        assert not db_path.exists() or run_cli("list", "--format", "count").stdout == b"0\n"
    else:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["body"] == "Baris satu.\nBaris dua.\n"


def test_a_lone_surrogate_in_json_fails_only_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "rilis"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"title": "Pertama"}\n', encoding="utf-8")
    (folder / "b.jsonl").write_text('{"title": "Pengganti \\ud800 tunggal"}\n', encoding="utf-8")
    (folder / "c.jsonl").write_text('{"title": "Ketiga"}\n', encoding="utf-8")
    db = tmp_path / "impor.db"

    result = import_folder(folder, db)

    assert result.returncode == 1, result.stderr
    counts, errors = counts_and_errors(result.stderr)
    assert counts == {"created": 2, "updated": 0, "skipped": 0, "failed": 1}
    assert len(errors) == 1
    assert errors[0].startswith(f"Error: {folder / 'b.jsonl'}:")


EXTENSIONS = ("md", "csv", "json", "jsonl", "txt", "html")
PIECES = [
    BOM,
    b"\xff\xfe",
    b"\xfe\xff",
    b"\r\n",
    b"\n",
    b"---\n",
    b"+++\n",
    b"title: ",
    b'{"title": ',
    b'"x"',
    b"}",
    b"[",
    b"]",
    b",",
    b"title,body\n",
    b"<h1>",
    b"</h1>",
    b"Berita\n",
    b"Bawaslu Gelar Rapat Koordinasi\n",
    b"\x00",
    b"\xe9",
    b"\xf0\x9f\x97\xb3",
    b"\xed\xa0\x80",
    b"29/6/2020",
]
FILES = st.lists(
    st.tuples(
        st.sampled_from(EXTENSIONS),
        st.binary(max_size=400) | st.lists(st.sampled_from(PIECES), max_size=30).map(b"".join),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("NEWSROOM_FUZZ_EXAMPLES", "12")),
    derandomize=True,  # seeded: the same examples on every run
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(files=FILES)
def test_any_bytes_in_any_format_are_counted_and_named(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "rilis"
        folder.mkdir()
        for number, (ext, data) in enumerate(files):
            (folder / f"{number}.{ext}").write_bytes(data)
        db = Path(temp) / "impor.db"
        result = subprocess.run(
            [sys.executable, "-m", "newsroom_cli", "--db", str(db), "import", str(folder)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert b"Traceback" not in result.stderr
        assert b"unexpected" not in result.stderr, result.stderr
        assert result.stdout == b""
        counts, errors = counts_and_errors(result.stderr)
        assert counts["created"] + counts["skipped"] + counts["failed"] == len(files)
        assert counts["failed"] == len(errors)
        assert result.returncode == (1 if errors else 0)
        for line in errors:
            assert line.startswith(f"Error: {folder}/"), line
        for number, (ext, data) in enumerate(files):
            if not is_utf8(data):
                assert any(f"/{number}.{ext}: not valid UTF-8 at byte" in e for e in errors)
        if db.exists():
            check_invariants(db)
            conn = sqlite3.connect(db)
            try:
                stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            finally:
                conn.close()
            assert stored >= counts["created"]  # a file may hold several records
