"""Invariants every reliability check ends with, and helpers to run the CLI as a user would."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from conftest import one_error_line


def check_invariants(db: Path) -> None:
    """integrity ok; every article at its newest saved revision; the search index in step."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        behind = conn.execute(
            "SELECT a.id FROM articles a WHERE a.revision != (SELECT max(r.revision) "
            "FROM revisions r WHERE r.article_id = a.id AND r.kind = 'edit')"
        ).fetchall()
        assert behind == [], f"articles not at their newest revision: {behind}"
        indexed = {
            row[0]: row[1:]
            for row in conn.execute("SELECT rowid, title, body, tags FROM articles_fts")
        }
        for article_id, title, body in conn.execute("SELECT id, title, body FROM articles"):
            tags = "\n".join(
                name
                for (name,) in conn.execute(
                    "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
                    "WHERE at.article_id = ? ORDER BY at.position",
                    [article_id],
                )
            )
            assert indexed.get(article_id) == (title, body, tags), (
                f"FTS out of step for {article_id}"
            )
        assert len(indexed) == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def failed_cleanly(result: subprocess.CompletedProcess[bytes], code: int = 1) -> str:
    """The contract for a failure: the exit code, no stdout, one ``Error:`` line; that line."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == b"", result.stdout
    return one_error_line(result.stderr.decode())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- permissions as root ------------------------------------------------------------------------
#
# CI runs as root, and root ignores file modes. Dropping CAP_DAC_OVERRIDE and
# CAP_DAC_READ_SEARCH from the bounding set (setpriv, util-linux) gives a root
# process the permission checks of an ordinary user: its own files by their
# owner bits, others' by group and other bits. A second real uid is no way out
# here: the Python under /root (pyenv) is in a mode-700 folder no other uid may
# enter, so such a process could not even start the interpreter.

NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


@functools.cache
def can_drop_dac_override() -> bool:
    """True when running as root and a process without CAP_DAC_OVERRIDE is refused a 0444 file."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_text("x")
        probe.chmod(0o444)
        done = subprocess.run(
            [*NO_DAC, sys.executable, "-c", f"open({str(probe)!r}, 'a')"],
            capture_output=True,
            check=False,
        )
    return done.returncode != 0 and b"PermissionError" in done.stderr


def unprivileged_prefix() -> list[str]:
    """A command prefix under which file modes are obeyed, as for an ordinary user."""
    if os.geteuid() != 0:
        return []
    if can_drop_dac_override():
        return list(NO_DAC)
    pytest.skip("root, and setpriv cannot drop CAP_DAC_OVERRIDE here")


def run_as(prefix: list[str], *args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """``python -m newsroom_cli`` behind ``prefix`` (setpriv ...), like ``run_cli``."""
    env = {**os.environ, **kwargs.pop("env", {})}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "newsroom_cli", *args],
        env=env,
        capture_output=True,
        timeout=kwargs.pop("timeout", 60),
        check=False,
        **kwargs,
    )
