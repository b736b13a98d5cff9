"""Many writers on one database, and a write lock held by someone else (rows 1 and 2).

Each worker is its own Python process; each ``add`` is its own command with
its own connection, as when a desk of eight people saves at the same moment.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import one_error_line, run_cli

pytestmark = pytest.mark.slow

WORKERS = 8
ADDS_EACH = 50
TOTAL = WORKERS * ADDS_EACH

# argv: ready-file, go-file, number of adds. Imports, says it is ready, waits for "go".
WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from newsroom_cli.cli import app

    ready, go = Path(sys.argv[1]), Path(sys.argv[2])
    ready.write_text("ready")
    deadline = time.monotonic() + 30
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("worker: no go signal")
        time.sleep(0.002)
    failed = 0
    for number in range(int(sys.argv[3])):
        try:
            code = app(["add", "--title", "x"], standalone_mode=False)
        except SystemExit as exc:
            code = exc.code
        if code not in (0, None):
            failed += 1
            print(f"worker: add {number} exited {code}", file=sys.stderr)
    sys.exit(1 if failed else 0)
    """
)

# argv: database, seconds to hold. Prints "locked" once it holds the write lock.
LOCK_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
    conn.close()
    """
)


def ok(*args: str) -> subprocess.CompletedProcess[bytes]:
    result = run_cli(*args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    assert b"Traceback" not in result.stdout + result.stderr
    return result


def test_eight_writers_with_one_title(isolated: Path, tmp_path: Path) -> None:
    ok("list")  # the schema exists before the race (the migration race is tested elsewhere)
    go = tmp_path / "go"
    readies = [tmp_path / f"ready-{n}" for n in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(ready), str(go), str(ADDS_EACH)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "NEWSROOM_USER": f"worker-{number}"},
        )
        for number, ready in enumerate(readies)
    ]
    try:
        deadline = time.monotonic() + 30
        while not all(ready.exists() for ready in readies):
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.01)
        go.write_text("go")
        results = [(w.wait(timeout=90), w.communicate()[1].decode()) for w in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()

    for code, stderr in results:
        assert code == 0, stderr
        for word in ("locked", "busy", "Traceback"):
            assert word not in stderr, stderr
        assert stderr == ""

    assert ok("list", "--format", "count").stdout.decode().strip() == str(TOTAL)

    conn = sqlite3.connect(isolated)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        slugs = [row[0] for row in conn.execute("SELECT slug FROM articles")]
        assert len(slugs) == TOTAL
        assert len(set(slugs)) == TOTAL
        assert all(re.fullmatch(r"x(-\d+)?", slug) for slug in slugs), slugs
        assert set(slugs) == {"x"} | {f"x-{n}" for n in range(2, TOTAL + 1)}
        assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == TOTAL
        behind = conn.execute(
            "SELECT a.id, a.revision, max(r.revision) FROM articles a "
            "LEFT JOIN revisions r ON r.article_id = a.id "
            "GROUP BY a.id HAVING a.revision IS NOT max(r.revision)"
        ).fetchall()
        assert behind == []
        assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == TOTAL
        # The writers really raced: in id order, the workers' articles interleave.
        authors = [row[0] for row in conn.execute("SELECT author FROM revisions ORDER BY id")]
        assert sorted(set(authors)) == [f"worker-{n}" for n in range(WORKERS)]
        switches = sum(1 for a, b in itertools.pairwise(authors) if a != b)
        assert switches > WORKERS, authors
    finally:
        conn.close()


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[bytes]:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == b"locked\n", holder.communicate()
    return holder


def title_of(ref: str) -> str:
    return str(json.loads(ok("show", ref, "--format", "json").stdout)["title"])


def test_edit_waits_for_a_held_write_lock(isolated: Path) -> None:
    ok("add", "--title", "Lama")
    holder = hold_lock(isolated, 1.5)
    locked_at = time.monotonic()
    try:
        result = run_cli("edit", "1", "--title", "X")
        finished = time.monotonic() - locked_at
    finally:
        holder.wait(timeout=30)

    assert holder.returncode == 0, holder.communicate()
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert "Saved revision 2 of article 1" in result.stdout.decode()
    assert finished >= 1.4  # it could only have written after the holder committed
    assert title_of("1") == "X"


def test_edit_gives_up_after_the_busy_timeout(isolated: Path) -> None:
    ok("add", "--title", "Lama")
    holder = hold_lock(isolated, 3)
    started = time.monotonic()
    try:
        result = run_cli("edit", "1", "--title", "Y", env={"NEWSROOM_BUSY_TIMEOUT": "500"})
        elapsed = time.monotonic() - started
    finally:
        holder.wait(timeout=30)

    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == b""
    line = one_error_line(result.stderr.decode())
    assert "database is busy" in line
    assert "try again" in line
    assert elapsed < 2.5  # gave up after ~0.5 s (plus start-up), not when the lock went
    assert title_of("1") == "Lama"
    history = json.loads(ok("history", "1", "--format", "json").stdout)
    assert len(history) == 1
