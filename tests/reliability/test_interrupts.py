"""Check 22 in real processes: Ctrl-C during an import of a folder, and what a crash shows.

Ctrl-C: exit 1, "Aborted!" as the last line, after a summary that is true;
every file in whole or not at all. A crash (a bug) is one line without
NEWSROOM_DEBUG; with NEWSROOM_DEBUG=1 a plain traceback, and in neither case the
value of a local variable (here a site setting and a headline held by the
frames the exception passes through). Usage errors and a closed pipe are in
tests/test_bad_input.py and tests/test_output.py; Ctrl-C in the middle of one
large file in tests/test_import_crash.py.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import one_error_line, run_cli
from reliability.conftest import check_invariants

pytestmark = pytest.mark.reliability

FILES = 300
PARAGRAPH = "Bawaslu Bengkalis mengawasi tahapan pemilihan di seluruh kecamatan. " * 30


def folder_of_files(folder: Path) -> Path:
    folder.mkdir()
    for number in range(FILES):
        lines = [
            json.dumps({"title": f"Berkas {number:03d} Rilis {part}", "body": PARAGRAPH})
            for part in range(3)
        ]
        (folder / f"{number:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def articles_in(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet, or busy committing


@pytest.mark.slow
def test_ctrl_c_during_an_import_of_a_folder(tmp_path: Path) -> None:
    folder = folder_of_files(tmp_path / "arsip")
    rng = random.Random(22)
    interrupted = 0
    for trial in range(3):
        db = tmp_path / f"percobaan-{trial}.db"
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsroom_cli", "--db", str(db), "import", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while not articles_in(db) and proc.poll() is None:  # the first file is in
            assert time.monotonic() < deadline, "the import never got its first file in"
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.2))
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
        lines = stderr.decode().splitlines()
        if proc.returncode == 0:
            continue  # it finished before Ctrl-C arrived; the other trials count
        interrupted += 1
        assert proc.returncode == 1, stderr
        assert stdout == b""
        assert "Traceback" not in stderr.decode()
        assert len(lines) == 2, lines
        summary, last = lines
        assert last == "Aborted!"
        match = re.fullmatch(r"created (\d+), updated 0, skipped 0, failed 0", summary)
        assert match, summary
        check_invariants(db)
        conn = sqlite3.connect(db)
        per_file = conn.execute(
            "SELECT substr(title, 8, 3), count(*) FROM articles GROUP BY 1"
        ).fetchall()
        conn.close()
        assert all(count == 3 for _, count in per_file), f"a file went in partly: {per_file}"
        assert 0 < len(per_file) < FILES
        # What the summary says went in is what went in, even when the Ctrl-C
        # arrived while a file was being committed.
        assert int(match.group(1)) == 3 * len(per_file), summary
    assert interrupted >= 2, "Ctrl-C should mostly land in the middle of the import"


# argv[1]: the COMMIT at whose return a Ctrl-C arrives, as when it lands while SQLite
# commits (the slow part of each file: Python raises KeyboardInterrupt right after).
CTRL_C_AT_COMMIT = textwrap.dedent(
    """
    import os, signal, sqlite3, sys

    AT = int(sys.argv[1])


    class Connection(sqlite3.Connection):
        commits = 0

        def execute(self, sql, *args):
            cursor = super().execute(sql, *args)
            if sql == "COMMIT":
                Connection.commits += 1
                if Connection.commits == AT:
                    os.kill(os.getpid(), signal.SIGINT)
            return cursor

    real_connect = sqlite3.connect
    sqlite3.connect = lambda *args, **kwargs: real_connect(*args, factory=Connection, **kwargs)
    from newsroom_cli.cli import main
    sys.argv = ["newsroom", *sys.argv[2:]]
    main()
    """
)


def test_ctrl_c_during_a_commit_is_counted(tmp_path: Path) -> None:
    folder = tmp_path / "arsip"
    folder.mkdir()
    for number in range(10):
        (folder / f"{number}.jsonl").write_text(
            json.dumps({"title": f"Berkas {number}"}) + "\n", encoding="utf-8"
        )
    db = tmp_path / "impor.db"
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_AT_COMMIT, "5", "--db", str(db), "import", str(folder)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert articles_in(db) == 4  # the first COMMIT creates the schema, then one per file
    assert result.stderr.decode().splitlines() == [
        "created 4, updated 0, skipped 0, failed 0",
        "Aborted!",
    ]


# argv[1]: "1" to fail while exporting. A bug deep in the exporter: the frames the
# exception passes through hold the site's settings and the articles' headlines.
CRASHING = textwrap.dedent(
    """
    import sys
    from newsroom_cli.files.folder import FolderWriter

    def broken_write(self, path, data, key="", sha=None):
        raise RuntimeError("boom while writing " + path.split("/")[0])

    FolderWriter.write = broken_write
    from newsroom_cli.cli import main
    sys.argv = ["newsroom", *sys.argv[1:]]
    main()
    """
)
SECRET_SETTING = "RAHASIA-situs-7f3a"
SECRET_TITLE = "RAHASIA-judul-91b2"


@pytest.mark.parametrize("debug", [None, "1"])
def test_a_crash_shows_no_local_values(db_path: Path, tmp_path: Path, debug: str | None) -> None:
    assert run_cli("config", "site.title", SECRET_SETTING).returncode == 0
    added = run_cli("add", "--title", SECRET_TITLE, "--body", "Isi.", "--status", "published")
    assert added.returncode == 0, added.stderr
    env = {**os.environ}
    env.pop("NEWSROOM_DEBUG", None)
    if debug:
        env["NEWSROOM_DEBUG"] = debug
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASHING,
            "export",
            "--format",
            "html",
            "--out",
            str(tmp_path / "s"),
        ],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    if debug:
        assert "Traceback (most recent call last)" in stderr
        assert stderr.rstrip().splitlines()[-1].startswith("RuntimeError: boom while writing ")
    else:
        assert one_error_line(stderr).startswith(
            "Error: unexpected RuntimeError: boom while writing "
        )
        assert "NEWSROOM_DEBUG=1 shows the traceback" in stderr
    assert SECRET_SETTING not in stderr
    assert SECRET_TITLE not in stderr
    assert SECRET_TITLE.lower() not in stderr  # nor its slug
    check_invariants(db_path)
