"""An import killed or interrupted in the middle of a large file leaves none of that file.

The process is stopped while the file's transaction is open: with the
rollback journal, while its ``-journal`` file exists (it goes at commit);
with WAL, once its uncommitted pages have spilled into the ``-wal`` file.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BIG = 30_000  # about 60 MB of records: seconds of inserting on the 2-core machine
PARAGRAPH = (
    "Bawaslu Kabupaten Bengkalis mengawasi tahapan pemilihan di seluruh kecamatan dan "
    "mencatat setiap temuan dalam formulir hasil pengawasan. "
) * 8


def big_file(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number in range(BIG):
            record = {
                "title": f"Rilis Arsip Nomor {number}",
                "body": f"{PARAGRAPH}\n\n{PARAGRAPH}",
                "tags": ["Arsip", f"Kelompok {number % 50}"],
                "status": "published",
                "published_at": "2020-06-29T09:30:00+07:00",
            }
            out.write(json.dumps(record) + "\n")
    return path


def start(db: Path, *paths: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NEWSROOM_DB": str(db), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", "import", *map(str, paths)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_open_transaction(db: Path, process: subprocess.Popen[bytes]) -> None:
    """Until the big file's transaction is open: a journal that lasts, not a small file's."""
    journal, wal = Path(f"{db}-journal"), Path(f"{db}-wal")
    deadline = time.monotonic() + 120
    since: float | None = None
    while time.monotonic() < deadline:
        if journal.exists() or (wal.exists() and wal.stat().st_size > 1_000_000):
            since = since or time.monotonic()
            if time.monotonic() - since > 0.2:
                return
        else:
            since = None
        if process.poll() is not None:
            pytest.fail("the import finished before its transaction was seen open")
        time.sleep(0.002)
    pytest.fail("no open transaction seen within two minutes")


def check(db: Path) -> tuple[int, list[str]]:
    """Articles left, and what is wrong (nothing, or the failed invariants)."""
    conn = sqlite3.connect(db)  # a hot journal is rolled back here
    problems = []
    if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        problems.append("integrity_check failed")
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("revisions", "articles_fts")
    }
    if counts != {"revisions": articles, "articles_fts": articles}:
        problems.append(f"{articles} articles but {counts}")
    conn.close()
    return articles, problems


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_file(tmp_path_factory.mktemp("big") / "arsip.jsonl")


@pytest.fixture
def one_in(tmp_path: Path) -> Path:
    """A database that already holds one imported article (committed, must survive)."""
    small = tmp_path / "satu.jsonl"
    small.write_text('{"title": "Sudah Ada Sebelumnya"}\n', encoding="utf-8")
    db = tmp_path / "newsroom.db"
    done = subprocess.run(
        [sys.executable, "-m", "newsroom_cli", "import", str(small)],
        env={**os.environ, "NEWSROOM_DB": str(db)},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return db


def test_sigkill_in_the_middle_of_a_large_file_leaves_none_of_it(one_in: Path, large: Path) -> None:
    process = start(one_in, large)
    wait_for_open_transaction(one_in, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert check(one_in) == (1, [])
    # and the database is usable: the same file goes in whole afterwards
    rerun = start(one_in, large)
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert check(one_in) == (1 + BIG, [])


def test_ctrl_c_in_the_middle_of_a_large_file(one_in: Path, large: Path, tmp_path: Path) -> None:
    first = tmp_path / "a-pertama.jsonl"
    first.write_text('{"title": "Masuk Sebelum Ctrl-C"}\n', encoding="utf-8")
    process = start(one_in, first, large)
    wait_for_open_transaction(one_in, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    lines = stderr.decode().splitlines()
    assert process.returncode == 1
    assert lines == ["created 1, updated 0, skipped 0, failed 0", "Aborted!"]
    assert check(one_in) == (2, [])


def wait_for_first_file(db: Path, process: subprocess.Popen[bytes]) -> None:
    """Until one file is in: the kill then lands among the files, however slow the start."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
                try:
                    if conn.execute("SELECT count(*) FROM articles").fetchone()[0]:
                        return
                finally:
                    conn.close()
            except sqlite3.Error:
                pass  # not created yet, or busy committing: look again
        time.sleep(0.005)
    pytest.fail("the import never got its first file in")


def test_sigkill_during_many_files_leaves_each_whole_or_absent(tmp_path: Path) -> None:
    """200 files, killed at seeded moments; every file all or nothing.

    Reliability check 3 (tests/reliability/README.md)."""
    import random

    folder = tmp_path / "arsip"
    folder.mkdir()
    for number in range(200):
        lines = [
            json.dumps({"title": f"Berkas {number:03d} Rilis {part}", "body": PARAGRAPH})
            for part in range(3)
        ]
        (folder / f"{number:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rng = random.Random(4)
    stopped_between: list[int] = []
    for trial in range(3):
        db = tmp_path / f"trial{trial}.db"
        process = start(db, folder)
        wait_for_first_file(db, process)
        time.sleep(rng.uniform(0.0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        articles, problems = check(db)
        assert problems == []
        conn = sqlite3.connect(db)
        per_file = conn.execute(
            "SELECT substr(title, 8, 3), count(*) FROM articles GROUP BY 1"
        ).fetchall()
        conn.close()
        assert all(count == 3 for _, count in per_file), per_file
        assert articles == 3 * len(per_file)
        stopped_between.append(len(per_file))
    assert any(0 < files < 200 for files in stopped_between), stopped_between
