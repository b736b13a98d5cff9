"""Editing in ``$EDITOR`` through the real CLI (reliability rows 4, 5 and 7).

Every test runs ``python -m newsroom_cli`` as a subprocess with
``EDITOR="<python> tests/fake_editor.py"``; the fake editor is steered by
``FAKE_EDITOR_*`` variables (see ``tests/fake_editor.py``).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import FAKE_EDITOR, one_error_line, run_cli

EDITOR = f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE_EDITOR))}"
TITLE = "Rapat Koordinasi Pengawasan"
BODY = "Rapat Koordinasi dimulai pukul sembilan pagi di aula kantor."


def editor_env(mode: str, **extra: str) -> dict[str, str]:
    return {"EDITOR": EDITOR, "FAKE_EDITOR_MODE": mode, **extra}


def ok(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    result = run_cli(*args, env=env)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    assert b"Traceback" not in result.stdout + result.stderr
    return result


def as_json(*args: str) -> Any:
    return json.loads(ok(*args).stdout)


def add_article(title: str = TITLE, body: str = BODY) -> dict[str, Any]:
    return dict(as_json("add", "--title", title, "--body", body, "--json"))


def history(ref: str = "1") -> list[dict[str, Any]]:
    return list(as_json("history", ref, "--format", "json"))


def recovery_files(db: Path) -> list[Path]:
    folder = db.parent / "recovery"
    return sorted(folder.glob("*.md")) if folder.exists() else []


def kept_path(line: str) -> Path:
    match = re.search(r"kept in (\S+\.md)", line)
    assert match, f"no 'kept in <path>' in {line!r}"
    return Path(match.group(1))


# --- a save that changes nothing, or something ------------------------------------------------


def test_noop_save_says_no_changes_and_adds_no_revision(isolated: Path) -> None:
    add_article()
    before = as_json("show", "1", "--format", "json")

    result = run_cli("edit", "1", env=editor_env("noop"))

    assert result.returncode == 0, result.stderr
    assert "No changes to article 1" in result.stdout.decode()
    assert result.stderr == b""
    assert len(history()) == 1
    assert as_json("show", "1", "--format", "json") == before
    assert recovery_files(isolated) == []  # the editor file is gone once the save is done


def test_sub_title_and_body_word_makes_a_new_revision(isolated: Path) -> None:
    add_article()
    # "Koordinasi" is in the title line and in the body; the slug line is lower case.
    env = editor_env("sub", FAKE_EDITOR_OLD="Koordinasi", FAKE_EDITOR_NEW="Evaluasi")

    result = run_cli("edit", "1", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert "Saved article 1" in result.stdout.decode()
    shown = as_json("show", "1", "--format", "json")
    assert shown["title"] == "Rapat Evaluasi Pengawasan"
    assert shown["body"] == BODY.replace("Koordinasi", "Evaluasi") + "\n"
    assert shown["revision"] == 2
    assert shown["slug"] == "rapat-evaluasi-pengawasan"  # a draft's slug follows its title
    entries = history()
    assert [e["revision"] for e in entries] == [1, 2]
    assert entries[-1]["kind"] == "edit"
    assert recovery_files(isolated) == []


def test_change_with_the_mtime_restored_is_still_saved(isolated: Path) -> None:
    add_article()

    result = run_cli("edit", "1", env=editor_env("touch_same"))

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    shown = as_json("show", "1", "--format", "json")
    assert shown["revision"] == 2
    assert shown["body"] == BODY + "\n\nOne more line.\n"
    assert len(history()) == 2


# --- the editor fails: nothing changes, the text is kept -------------------------------------


@pytest.mark.parametrize(
    ("mode", "wording"),
    [
        ("empty", "empty"),
        ("fail", "status 3"),
        ("sigint", "interrupted"),
    ],
)
def test_failed_editor_keeps_the_text_and_changes_nothing(
    isolated: Path, mode: str, wording: str
) -> None:
    add_article()
    before = as_json("show", "1", "--format", "json")

    result = run_cli("edit", "1", env=editor_env(mode))

    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == b""
    line = one_error_line(result.stderr.decode())
    assert wording in line
    kept = kept_path(line)
    assert kept.is_file()
    text = kept.read_text(encoding="utf-8")
    assert f"title: {TITLE}" in text
    assert BODY in text
    assert as_json("show", "1", "--format", "json") == before
    assert len(history()) == 1


def test_invalid_front_matter_keeps_the_broken_text(isolated: Path, tmp_path: Path) -> None:
    add_article()
    before = as_json("show", "1", "--format", "json")
    broken = "---\ntitle: [Rapat yang belum ditutup\ntags: Berita\n---\n\nIsi yang diketik.\n"
    content = tmp_path / "broken.md"
    content.write_text(broken, encoding="utf-8")

    result = run_cli("edit", "1", env=editor_env("replace", FAKE_EDITOR_CONTENT=str(content)))

    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == b""
    line = one_error_line(result.stderr.decode())
    assert "YAML" in line
    kept = kept_path(line)
    assert kept.read_text(encoding="utf-8") == broken
    assert as_json("show", "1", "--format", "json") == before
    assert len(history()) == 1


# --- the lost update ---------------------------------------------------------------------------


def open_editor_while(
    gate: Path, env: dict[str, str], other: tuple[str, ...]
) -> tuple[int, bytes, bytes]:
    """Run `edit 1` in the editor; while it is open, run ``other``; then let it close."""
    editing = subprocess.Popen(
        [sys.executable, "-m", "newsroom_cli", "edit", "1"],
        env={**os.environ, **env, "FAKE_EDITOR_WAIT": str(gate)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not Path(f"{gate}.ready").exists():
            assert editing.poll() is None, editing.communicate()
            assert time.monotonic() < deadline, "the editor never started"
            time.sleep(0.02)
        ok(*other)
        gate.write_text("go", encoding="utf-8")
        stdout, stderr = editing.communicate(timeout=60)
    finally:
        if editing.poll() is None:
            editing.kill()
            editing.communicate()
    return editing.returncode, stdout, stderr


def test_concurrent_edit_is_kept_as_a_conflict_revision(isolated: Path, tmp_path: Path) -> None:
    add_article("A")
    ok("edit", "1", "--body", "Teks lama dari redaksi.")
    env = editor_env("sub", FAKE_EDITOR_OLD="Teks lama", FAKE_EDITOR_NEW="Teks baru")

    code, stdout, stderr = open_editor_while(
        tmp_path / "release-editor", env, ("edit", "1", "--title", "B")
    )

    assert code == 1, (stdout, stderr)
    assert stdout == b""
    line = one_error_line(stderr.decode())
    assert "changed while you were editing" in line
    assert "newsroom diff" in line
    assert "newsroom revert" in line

    shown = as_json("show", "1", "--format", "json")
    assert shown["title"] == "B"
    assert shown["body"] == "Teks lama dari redaksi.\n"
    assert shown["revision"] == 3

    entries = history()
    conflicts = [e for e in entries if e["kind"] == "conflict"]
    assert len(conflicts) == 1
    number = conflicts[0]["revision"]
    assert "body" in conflicts[0]["changed"]
    assert f"newsroom revert 1 {number}" in line
    assert recovery_files(isolated) == []  # the database holds the text now
    shown_diff = run_cli("diff", "1", str(shown["revision"]), str(number))
    assert shown_diff.returncode == 0, shown_diff.stderr
    assert "+Teks baru dari redaksi." in shown_diff.stdout.decode()

    reverted = run_cli("revert", "1", str(number))
    assert reverted.returncode == 0, reverted.stderr
    assert reverted.stderr == b""
    after = as_json("show", "1", "--format", "json")
    assert after["body"] == "Teks baru dari redaksi.\n"
    assert after["revision"] > shown["revision"]


# --- add --editor ------------------------------------------------------------------------------


def test_add_with_editor_creates_the_article(isolated: Path, tmp_path: Path) -> None:
    document = (
        "---\n"
        "title: Bawaslu Bengkalis Gelar Rapat Koordinasi\n"
        "dateline: Bengkalis\n"
        "tags:\n"
        "  - Berita\n"
        "  - Pengawasan\n"
        "---\n"
        "\n"
        "Bawaslu Kabupaten Bengkalis menggelar rapat koordinasi.\n"
        "\n"
        "Rapat dihadiri seluruh panwaslu kecamatan.\n"
    )
    content = tmp_path / "new.md"
    content.write_text(document, encoding="utf-8")

    result = run_cli(
        "add", "--editor", "--json", env=editor_env("replace", FAKE_EDITOR_CONTENT=str(content))
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    record = json.loads(result.stdout)
    assert record["title"] == "Bawaslu Bengkalis Gelar Rapat Koordinasi"
    assert record["tags"] == ["Berita", "Pengawasan"]
    assert record["dateline"] == "Bengkalis"
    assert record["body"] == (
        "Bawaslu Kabupaten Bengkalis menggelar rapat koordinasi.\n\n"
        "Rapat dihadiri seluruh panwaslu kecamatan.\n"
    )
    assert record["status"] == "draft"
    assert record["slug"] == "bawaslu-bengkalis-gelar-rapat-koordinasi"
    assert as_json("show", str(record["id"]), "--format", "json") == record
    assert len(history(str(record["id"]))) == 1
    assert recovery_files(isolated) == []


def test_add_with_editor_without_a_title_keeps_the_text(isolated: Path, tmp_path: Path) -> None:
    typed = "---\ntags: [Berita]\n---\n\nIsi rilis tanpa judul.\n"
    content = tmp_path / "untitled.md"
    content.write_text(typed, encoding="utf-8")

    result = run_cli("add", "--editor", env=editor_env("replace", FAKE_EDITOR_CONTENT=str(content)))

    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == b""
    line = one_error_line(result.stderr.decode())
    assert "title must not be empty" in line
    assert kept_path(line).read_text(encoding="utf-8") == typed
    assert ok("list", "--format", "count").stdout == b"0\n"


def test_invalid_utf8_from_the_editor_is_kept(isolated: Path, tmp_path: Path) -> None:
    add_article()
    before = as_json("show", "1", "--format", "json")
    typed = b"---\ntitle: Judul \xff\xfe\n---\n\nIsi.\n"
    content = tmp_path / "latin1.md"
    content.write_bytes(typed)

    result = run_cli("edit", "1", env=editor_env("replace", FAKE_EDITOR_CONTENT=str(content)))

    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == b""
    line = one_error_line(result.stderr.decode())
    assert "not valid UTF-8" in line
    assert kept_path(line).read_bytes() == typed
    assert as_json("show", "1", "--format", "json") == before


# --- bugs found while writing these tests -------------------------------------------------------


def test_unchanged_save_during_another_edit_is_not_a_conflict(
    isolated: Path, tmp_path: Path
) -> None:
    add_article("A")

    code, stdout, stderr = open_editor_while(
        tmp_path / "gate", editor_env("noop"), ("edit", "1", "--title", "B")
    )

    assert code == 0, stderr
    assert "No changes to article 1" in stdout.decode()
    assert [e["kind"] for e in history()] == ["edit", "edit"]


def test_editor_that_cannot_start_leaves_no_unnamed_file(isolated: Path) -> None:
    add_article()

    result = run_cli("edit", "1", env={"EDITOR": str(isolated.parent / "no-such-editor")})

    assert result.returncode == 2, (result.stdout, result.stderr)
    line = one_error_line(result.stderr.decode())
    assert "cannot run the editor" in line
    left = recovery_files(isolated)
    assert left == [] or str(left[0]) in line
